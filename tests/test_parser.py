"""The case page parser: every field of every seed page, and synthetic pages for the odd cases.

The expected values were read off the seed pages by hand (``seeds/*.txt``), not copied from
the parser's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lornplayer.model import CASE_KEYS, Case
from lornplayer.parser import (
    PageError,
    host_names,
    normalise_case_id,
    parse_date,
    parse_duration,
    parse_file,
    parse_text,
    split_learning_line,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

DEBATE_RELATED = [  # "Flere caser i samme tema" of the three "Digital etikk og politikk" seeds
    {"id": "C0061", "theme": "Digital etikk og politikk", "people": ["Glenn Weyl"]},
    {"id": "C0147", "theme": "Digital etikk og politikk", "people": ["Hans Olav H Eriksen"]},
    {"id": "C0175", "theme": "Digital etikk og politikk", "people": ["Hilde Aspås", "Finn Amundsen"]},
]

# Every field except the profile and the turns (checked separately below).
EXPECTED = {
    "C0557": {
        "kind": "case",
        "total_minutes": 15,
        "hosts": ["Silvija Seres"],
        "host_raw": None,
        "language": "nb",
        "parts": [],
        "id": "C0557",
        "label": "#C0557",
        "title": "Hvordan skape innovative byer?",
        "summary": "Hva betyr det å drive med internasjonal koordinering i en kommune? Og hvordan kan man utnytte "
        "kompetansen, også utenfor kommunens grenser, til å komme kommunen til gode? I denne episoden "
        "av #LØRN snakker Silvija med internasjonal koordinator i Kristiansand kommune, Øyvind Lyngen "
        "Laderud, om internasjonalt samarbeid og læring på tvers av kommuner for å sammen kunne løse "
        "de store utfordringene.",
        "guests": [
            {"name": "Øyvind Laderud", "role": "Internasjonal koordinator", "organisation": "Kristiansand Kommune"}
        ],
        "quote": "Innovasjon krever samarbeid fra kommunen og utover.",
        "duration_minutes": 15,
        "theme": "Digital etikk og politikk",
        "organisation": "Kristiansand Kommune",
        "perspective": "Offentlig sektor",
        "date": "2019-12-06",
        "place": "AGDER",
        "host": "Silvija Seres",
        # The page lost the separators: "Åpen innovasjon Silotenkning Innovative innkjøpsordninger
        # innhenting av kompetanse Samarbeid".
        "learning_points": [
            "Åpen innovasjon",
            "Silotenkning",
            "Innovative innkjøpsordninger",
            "innhenting av kompetanse",
            "Samarbeid",
        ],
        "further_reading": ["Boka til Henry Chesbrough (2003)"],
        "reflection_questions": [],
        "related": [
            {"id": "C0061", "theme": "Digital etikk og politikk", "people": ["Glenn Weyl"]},
            {"id": "C0147", "theme": "Digital etikk og politikk", "people": ["Hans Olav H Eriksen"]},
            {"id": "C0175", "theme": "Digital etikk og politikk", "people": ["Hilde Aspås", "Finn Amundsen"]},
        ],
    },
    "C0775": {
        "kind": "case",
        "total_minutes": 29,
        "hosts": ["Eirik Løkke"],
        "host_raw": "EL",
        "language": "nb",
        "parts": [],
        "id": "C0775",
        "label": "#C0775",
        "title": "Innovasjon i privat og offentlig sektor",
        "summary": "I denne episoden møter vi fylkesordfører i Trøndelag, Tore Sandvik, og frivillig endringsagent "
        "i OneTeamGov Global, Pia Jøsendal. Samtalen ledes av Eirik Løkke fra Civita.",
        "guests": [
            {"name": "Pia Jøsendal", "role": "Avdelingsleder", "organisation": "Bouvet, Fylkeskommunen Trøndelag"},
            {"name": "Tore Sandvik", "role": "Fylkesordfører", "organisation": "Trøndelag fylkeskommune"},
        ],
        "quote": "Og det her er nok noe også nøkkelen for innovasjon. Tørre å leve litt i usikkerhet, tørre å "
        "leve i risiko, vite at her har vi en utfordring eller at det er noe her som ikke stemmer, eller "
        "at det er noe her som vi må forbedre og faktisk ikke vet helt hvordan.",
        "duration_minutes": 29,
        "theme": "Digital etikk og politikk",
        "organisation": "Bouvet, Fylkeskommunen Trøndelag",
        "perspective": "Offentlig sektor",
        "date": "2020-08-19",
        "place": "OSLO",
        "host": "Eirik Løkke",  # the page says "Vert: EL"; the transcript names him
        "learning_points": [
            "Hva er de viktigste grepene for å stimulere innovasjon i privat og offentlig sektor?",
            "Hvilken betydning har ledelse i offentlig sektor å si for å tørre å være innovativ?",
            "Bør offentlig og private lære av hverandre – eller bør vi rendyrke forskjellene?",
        ],
        "further_reading": [],
        "reflection_questions": [],
        "related": DEBATE_RELATED,
    },
    "C0608": {
        "kind": "case",
        "total_minutes": 42,
        "hosts": ["Silvija Seres"],
        "host_raw": None,
        "language": "nb",
        "parts": [],
        "id": "C0608",
        "label": "#C0608",
        "title": "Smart og bærekraftig samfunnsendring",
        "summary": "Hvordan sikre en fremtidsrettet og bærekraftig offentlig sektor? Og når befolkningen er alt "
        "annet enn en homogen masse, kan vi da la AI ta avgjørelser for befolkningen? I denne episoden "
        "av #LØRN snakker Silvija med prosjektleder i Universitetskommunen TRD3.0 ved Trondheim kommune "
        "og NTNU, Tone Merethe Aasen, om hvor viktig det er at offentlig sektor endrer seg, så de har "
        "mulighet til å bestå som i dag.",
        "guests": [
            {
                "name": "Tone Merethe Aasen",
                "role": "Prosjektleder universitetskommunen TRD3.0",
                "organisation": "Trondheim Kommune",
            }
        ],
        "quote": "Større krav til å synliggjøre forskningens viktighet og relevans har gjort at kommunene har fått "
        "og tatt en tydeligere rolle som premissgiver ved formulering av faglige problemstillinger og "
        "prioritering av virkemidler og ressurser.",
        "duration_minutes": 42,
        "theme": "Innovasjon i offentlig sektor",
        "organisation": "Trondheim Kommune",
        "perspective": "Offentlig sektor",
        "date": "2020-02-04",
        "place": "TRØNDELAG",
        "host": "Silvija Seres",
        "learning_points": [
            "Smarte byer",
            "Kunstig intelligens",
            "Bærekraft i offentlig sektor",
            "Kommune 1.0, 2.0 og nå 3.0",
        ],
        "further_reading": ["Tone Merethe Aasen og Oscar Amundsen: Innovasjonsarbeid"],
        "reflection_questions": [],
        "related": [
            {"id": "C0037", "theme": "Innovasjon i offentlig sektor", "people": ["Dan Sørensen"]},
            {"id": "C0036", "theme": "Innovasjon i offentlig sektor", "people": ["Malcolm Langford"]},
            {"id": "C0035", "theme": "Innovasjon i offentlig sektor", "people": ["Merete Nygaard"]},
        ],
    },
    "C0796": {
        "kind": "case",
        "total_minutes": 42,
        "hosts": ["Silvija Seres"],
        "host_raw": None,
        "language": "nb",
        "parts": [],
        "id": "C0796",
        "label": "#C0796",
        "title": "Bærekraft må skapes sammen",
        "summary": "I denne episoden av #LØRN snakker, Silvija Seres, med områdedirektør i forskning, innovasjon og "
        "digitalisering i KS, Kristin Weidemann Wieland. I denne samtalen mellom to teknologer belyser "
        "vi digitalisering og bærekraft – og hvordan organisasjonen KS fungerer som utviklingspartner på "
        "alt norske kommuner og fylkeskommuner ønsker å få til sammen. Kristin motiveres av å skape i "
        "fellesskap og drives av å få kunne være med å bidra til endring. Hun forteller også om hvor "
        "inspirerende det var å jobbe på tvers med dette under OL i Lillehammer.",
        "guests": [{"name": "Kristin Weidemann Wieland", "role": "Områdedirektør", "organisation": "KS"}],
        "quote": "Faglig er jeg teknolog i bunn men har jobbet med ledelse av endringsprosesser i skjæringspunktet "
        "organisasjon og teknologi siden jeg var ferdig på skolen",
        "duration_minutes": 42,
        "theme": "Digital etikk og politikk",
        "organisation": "KS",
        "perspective": "Politikk",
        "date": "2020-09-02",
        "place": "OSLO",
        "host": "Silvija Seres",
        # "Algoritmestyring Norges unike posisjon og muligheter" is two points run together.
        "learning_points": [
            "Algoritmestyring",
            "Norges unike posisjon og muligheter",
            "Smarte byer og samfunn",
            "Livslang læring",
            "Regulering som stimulerer innovasjon",
        ],
        # "http://www.ks.no www.ks.no</br >": the link and its printed text, then a stray tag.
        "further_reading": ["http://www.ks.no"],
        "reflection_questions": [],
        "related": DEBATE_RELATED,
    },
    "C0399": {  # the older layout: "Tema:" first, "#0399: Title", "Gjest:", "Med Vert …", English headings
        "kind": "podcast-old",
        "total_minutes": None,
        "hosts": ["Silvija Seres"],
        "host_raw": None,
        "language": "nb",
        "parts": [],
        "id": "C0399",
        "label": "#0399",
        "title": "Hvilken retning har digi-toget?",
        "summary": "I denne episoden av #LØRN snakker Silvija med leder av Innolab ved Bergen Kommune, Kjersti "
        "Eiken. Med erfaring fra en av Europas største teknologigigant har Kjersti tatt med seg "
        "viktigheten av å se på teknologi som et verktøy som fremmer og materialiserer det mennesker "
        "klarer å tenke ut på forhånd. I episoden forteller hun hvordan Innolab jobber for å "
        "tilrettelegge for digitalisering og nye arbeidsmetoder i offentlig sektor - en sektor som "
        "forvalter og utvikler noen av de viktigste tjenestene og oppgavene vi har i samfunnet. Silvija "
        "og Kjersti reflekterer også over hvordan man møter skepsisen ansatte ofte har til ny teknologi.",
        "guests": [{"name": "Kjersti Eiken", "role": "Leder av Innolab", "organisation": "Bergen Kommune"}],
        # The paragraph signed "- Kjersti Eiken" under "This is what you will learn".
        "quote": "Det siste digitaliseringstoget er ikke i ferd med å forlate perrongen. Det går mange digi-tog hele "
        "tiden, i ulike retninger, så pass deg vel for hvilket tog du hopper på. Vi vil aldri hoppe på "
        "feil tog om vi bruker kappgangfilosofien i det vi foretar oss: «En fot i bakken hele tiden, og "
        "gå sykt fort».",
        "duration_minutes": None,
        "theme": "LØRNSOC",
        "organisation": "Bergen Kommune",  # "This is Bergen Kommune"
        "perspective": "PUBLIC SECTOR",
        "date": None,
        "place": None,
        "host": "Silvija Seres",
        "learning_points": ["Automatisering", "Offentlig innovasjon", "Mobilitetdata", "Endringsledelse"],
        "further_reading": ["Digitaliseringskonferansen 11.-12.juni på Gardermoen, «Med data skal landet bygges»."],
        # The instruction before "Spørsmål:" is not part of the question.
        "reflection_questions": [
            "Digifrid er robotstyrte saksbehandlere. Mange innenfor offentlig og privat sektor føler at "
            "teknologiutviklingen går for fort, og de føler seg utelatt. Hvordan kan vi komme skeptikerne i møte "
            "og hva er de faktiske fordelene og ulempene med å ha robotstyrte saksbehandlere i samfunnet?"
        ],
        "related": [],
    },
}

# Profile: (number of distinct questions, some exact question/answer pairs).
PROFILE = {
    "C0557": (
        11,
        [
            (
                "Hvorfor er det spennende?",
                "Gjennom mange år med internasjonalt samarbeid i prosjekter vet jeg at det eksisterer intelligent liv "
                "utenfor kommunen. Innovasjon betyr ofte endringer i oppgaver og roller for den enkelte, derfor er også "
                "mostanden stor.",
            ),
            (
                "Dine egne relevante prosjekter siste året?",
                "– Samarbeid om utprøving av KI med Anzyz tech\n– Europeisk prosjektsamarbeidet innen grønt næringsliv\n"
                "– Plan for samarbeid med små grundere",
            ),
            ("Viktigste poeng fra vår samtale?", "Innovasjon krever samarbeid."),
        ],
    ),
    "C0775": (0, []),
    "C0608": (
        9,
        [
            ("Hvorfor er det spennende?", "Samfunnsutvikling er spennende, og grunnleggende viktig."),
            (
                "Et favoritt fremtidssitat?",
                "Jeg liker Drucker: “A change in perception does not alter facts. It changes their meaning, though—and "
                "very quickly”.",
            ),
        ],
    ),
    "C0796": (
        11,
        [
            (
                "Hvem inspirerer deg?",
                "Folk som klarer å snakke om komplekse ting slik at de fleste forstår. Mennesker som er mer opptatt av å "
                "bygge kongeriker, enn å være konge.",
            ),
            (
                "Kan bærekrafts brukes som vekstmotor?",
                "Ja – men ikke minst som utviklingsmotor! Mere og bedre uten nødvendigvis å bruke mer ressurser.",
            ),
        ],
    ),
    "C0399": (
        9,
        [
            (
                "Hvem er du, og hvordan ble du interessert i teknologi?",
                "Jente fra bygden, jobbet i 20 år med salg, ledelse, nettverksbygging, rådgivning og "
                "medarbeiderutvikling.",
            ),
            # Narrow no-break spaces on the page ("Trygg\u202f digitalisering") become single spaces.
            (
                "Hva fokuserer du på innen teknologi?",
                "Trygg digitalisering og eierskap av data til innbyggerne som forvaltes av kommunene. Teknologi som kan "
                "gi kraft til flere enn dem som i utgangspunktet var tiltenkt teknologiprosjektet. Teknologi som kan "
                "lukke gapet mellom rik og fattig, stor og liten, ny og gammel i landet, ung og gammel i sinnet.",
            ),
            (
                "Er det noe vi gjør her i Norge som er unikt?",
                "Kommunene er i ferd med å våkne opp fra dvalen, og vi har skjønt at vi heller må samle og etablere noen "
                "store kraftfelt som kan gi vekst til næring og tjenesteutvikling for hele landet.",
            ),
        ],
    ),
}

# Turns: count, speakers, (speaker, first words, last words) of the first and the last turn.
TURNS = {
    "C0557": (
        37,
        {"Silvija Seres", "Øyvind Laderud"},
        ("Silvija Seres", "Velkommen til Lørn i samarbeid med stiftelsen", "Velkommen Øyvind."),
        ("Silvija Seres", "Takk til dere som lyttet.", "Takk til dere som lyttet."),
    ),
    "C0775": (
        28,
        {"Eirik Løkke", "Tore Sandvik", "Pia Jøsendal", "Silvija Seres"},
        (
            "Eirik Løkke",
            "Hjertelig velkommen til Teknologi og politikk konferanse 2020",
            "Da kan vi starte med deg Tore. Vær så god.",
        ),
        ("Eirik Løkke", "Tusen takk Pia og tusen takk Tore", "Takk for meg."),
    ),
    "C0608": (
        101,
        {"Silvija Seres", "Tone Merethe Aasen"},
        (
            "Silvija Seres",
            "Hei og velkommen til Lørn. Temaet i dag er Lørn soc",
            "Hei Tone Merethe. Du er også 50% på NTNU.",
        ),
        ("Silvija Seres", "Takk til dere som lyttet.", "Takk til dere som lyttet."),
    ),
    "C0796": (
        45,
        {"Silvija Seres", "Kristin Weidemann Wieland"},
        ("Silvija Seres", "Hei, og velkommen til teknologipolitikk med Lørn.", "digitalisering i KS."),
        ("Silvija Seres", "Nei. Det er nesten trist å tenke på", "ekstremt fremoverlent god kommunal sektor."),
    ),
    "C0399": (0, set(), None, None),
}

DEBRIS = (
    "Du har lyttet",
    "Du har nå lyttet",
    "Quiz for Case",
    "Du må være Medlem",
    "Du må være medlem",
    "LØRN CASE er en kort",
    "Dette er LØRN Cases",
    "Din neste LØRNing",
    "Vis mer",
    "Del denne Casen",
    "Ta quiz",
    "Besvar refleksjonsoppgave",
    "Allerede Medlem",
    "Want to show off",
    "Download summary",
    "Full transcript (",
    "LYTTE",
)
HTML = ("<", "&amp;", "&nbsp;", "&lt;", "px.ads.linkedin", "<img")


def strings(obj):
    """Every string inside a to_dict() structure."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


@pytest.fixture(scope="module")
def parsed():
    return {cid: parse_file(SEEDS / f"{cid}.txt") for cid in EXPECTED}


def test_all_seeds_are_covered():
    assert {p.stem for p in SEEDS.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize("cid", list(EXPECTED))
@pytest.mark.parametrize("field", [k for k in CASE_KEYS if k not in ("profile", "turns")])
def test_seed_field(parsed, cid, field):
    assert parsed[cid].case.to_dict()[field] == EXPECTED[cid][field]


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_seed_profile_is_printed_twice_but_kept_once(parsed, cid):
    count, pairs = PROFILE[cid]
    profile = [(p.question, p.answer) for p in parsed[cid].case.profile]
    assert len(profile) == count
    questions = [q for q, _ in profile]
    assert len(set(questions)) == len(questions)
    assert all(q.endswith("?") and a for q, a in profile)
    for pair in pairs:
        assert pair in profile


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_seed_turns(parsed, cid):
    count, speakers, first, last = TURNS[cid]
    turns = parsed[cid].case.turns
    assert len(turns) == count
    assert {t.speaker for t in turns} == speakers
    for turn, (speaker, start, end) in ((turns[0], first), (turns[-1], last)) if turns else ():
        assert turn.speaker == speaker
        assert turn.text.startswith(start)
        assert turn.text.endswith(end)
    for t in turns:
        assert t.text and t.text == t.text.strip()
        assert not any(d in t.text for d in DEBRIS), t.text[:80]
        assert "<" not in t.text
        assert not t.text.startswith(":")  # "Silvija Seres : …" loses its colon too


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_seed_has_no_debris_or_html_in_any_field(parsed, cid):
    for s in strings(parsed[cid].case.to_dict()):
        assert not any(h in s for h in HTML), s[:120]
        assert not any(d in s for d in DEBRIS), s[:120]
        assert s == s.strip() and "  " not in s and "\u00a0" not in s and "\u202f" not in s


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_seed_to_dict_has_exactly_the_inspect_keys(parsed, cid):
    d = parsed[cid].case.to_dict()
    assert tuple(d) == CASE_KEYS
    assert [tuple(g) for g in d["guests"]] == [("name", "role", "organisation")] * len(d["guests"])
    assert all(tuple(p) == ("question", "answer") for p in d["profile"])
    assert all(tuple(r) == ("id", "theme", "people") for r in d["related"])
    assert all(tuple(t) == ("speaker", "text") for t in d["turns"])
    assert Case.from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_seed_warnings(parsed):
    for cid in ("C0557", "C0775", "C0608", "C0796"):
        assert parsed[cid].warnings == []
    assert parsed["C0399"].warnings == ["no transcript on this page"]


def test_seed_speaker_spellings_are_one_person(parsed):
    # C0557 writes "Silvija Seres :", "Silvija:" and "Øyvind Laderud:", "Øyvind:".
    speakers = [t.speaker for t in parsed["C0557"].case.turns]
    assert speakers[:4] == ["Silvija Seres", "Øyvind Laderud", "Silvija Seres", "Øyvind Laderud"]
    # C0775 writes "Pia Jøsendal :" once and "Pia:" five times.
    assert [t.speaker for t in parsed["C0775"].case.turns].count("Pia Jøsendal") == 6
    # C0608's guest is "Tone Merethe" in the transcript.
    assert [t.speaker for t in parsed["C0608"].case.turns].count("Tone Merethe Aasen") == 50


def test_seed_turn_with_two_paragraphs(parsed):
    turn = next(t for t in parsed["C0557"].case.turns if t.text.startswith("Veldig bra. Man får jo røtter"))
    assert turn.speaker == "Silvija Seres"
    assert turn.text == (
        "Veldig bra. Man får jo røtter underveis, det er sånn det ofte blir.\n"
        "Der sitter du i en unik posisjon til å mene noe om hva dere er unikt gode på og hvem "
        "andre som er unikt gode på noe annet. Hva er Kristiansand kommunes unike styrker?"
    )


def test_parse_text_equals_parse_file():
    text = (SEEDS / "C0557.txt").read_text(encoding="utf-8")
    assert parse_text(text).case == parse_file(SEEDS / "C0557.txt").case


# --------------------------------------------------------------------------
# Synthetic pages
# --------------------------------------------------------------------------


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def test_several_guests():
    text = page(
        "LØRN Case #C1001",
        "Tre gjester\nEn samtale med tre gjester.",
        "Kari Nordmann",
        "Forsker",
        "SINTEF",
        "Ola Nordmann",
        "CEO",
        "Startup AS",
        "Per Hansen",
        "Professor",
        "NTNU",
        '"Sammen er vi sterke."',
        "Varighet: 31 min",
        "Tema: Samarbeid\nVert: Silvija Seres",
        "Utskrift av samtalen: Tre gjester",
        "Silvija Seres: Velkommen alle tre.",
        "Kari Nordmann: Takk.",
        "Ola: Hei.",
        "Per: Hallo.",
        "Kari: Jeg starter.",
    )
    r = parse_text(text)
    c = r.case
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Kari Nordmann", "role": "Forsker", "organisation": "SINTEF"},
        {"name": "Ola Nordmann", "role": "CEO", "organisation": "Startup AS"},
        {"name": "Per Hansen", "role": "Professor", "organisation": "NTNU"},
    ]
    assert c.summary == "En samtale med tre gjester."
    assert c.quote == "Sammen er vi sterke."
    assert c.duration_minutes == 31
    assert c.organisation is None  # three guests, three organisations, no "Organisasjon:" line
    assert [t.speaker for t in c.turns] == [
        "Silvija Seres",
        "Kari Nordmann",
        "Ola Nordmann",
        "Per Hansen",
        "Kari Nordmann",
    ]
    assert r.warnings == []


def test_co_hosts_by_name_and_by_initials():
    body = (
        "Utskrift av samtalen",
        "Silvija Seres: Velkommen.",
        "Eirik Løkke: Og velkommen fra meg.",
        "Ola Nordmann: Takk.",
        "Eirik: Første spørsmål?",
        "Ola: Svar.",
        "Silvija: Takk begge.",
    )
    c = parse_text(
        page(
            "LØRN Case #C1002",
            "To verter",
            "Gjest i studio.",
            "Ola Nordmann",
            "Gründer",
            "Firma AS",
            "Vert: Silvija Seres og Eirik Løkke",
            *body,
        )
    ).case
    assert c.host == "Silvija Seres og Eirik Løkke"
    assert [t.speaker for t in c.turns] == [
        "Silvija Seres",
        "Eirik Løkke",
        "Ola Nordmann",
        "Eirik Løkke",
        "Ola Nordmann",
        "Silvija Seres",
    ]
    c = parse_text(page("LØRN Case #C1002", "To verter", "Gjest i studio.", "Vert: SS og EL", *body)).case
    assert c.host == "Silvija Seres og Eirik Løkke"
    # A co-host named only in the host line still names the "Eirik:" turns.
    c = parse_text(
        page(
            "LØRN Case #C1003",
            "Tittel",
            "Oppsummering.",
            "Vert: Silvija Seres, Eirik Løkke",
            "Utskrift av samtalen",
            "Silvija: Hei.",
            "Eirik: Hei du.",
            "Silvija: Ha det.",
        )
    ).case
    assert c.host == "Silvija Seres, Eirik Løkke"
    assert [t.speaker for t in c.turns] == ["Silvija Seres", "Eirik Løkke", "Silvija Seres"]


def test_host_initials_without_a_matching_name_stay_initials():
    c = parse_text(
        page(
            "LØRN Case #C1004",
            "Tittel",
            "Oppsummering.",
            "Vert: XY",
            "Utskrift av samtalen",
            "Silvija Seres: Hei.",
            "Ola Nordmann: Hei.",
        )
    ).case
    assert c.host == "XY"


def test_english_page():
    text = page(
        "LØRN Case #C1005",
        "What makes a city smart?",
        "In this episode Silvija talks with Ada Lovelace about computing engines.",
        "Ada Lovelace",
        "Chief Analyst",
        "Engine Works",
        "“Machines can weave patterns.”",
        "Duration: 28 min",
        "What is your name and what do you do?",
        "I am Ada and I analyse engines.",
        "Theme: Smart cities\nOrganisation: Engine Works\nPerspective: Research\nDate: 2021-03-04\n"
        "Place: LONDON\nHost: SS",
        "What you will learn:",
        "Analytical engines\nComputability",
        "Further reading:",
        "Notes on the Analytical Engine (1843)",
        "Reflection questions:",
        "Question: What would you compute first?",
        "Related cases",
        "#C0061\nDigital ethics",
        "Glenn Weyl",
        "Professor",
        "Princeton",
        "Transcript: What makes a city smart?",
        "Silvija Seres: Welcome to LØRN.",
        "Ada Lovelace: Thank you.",
        "Silvija: What is an engine?",
        "Ada: A machine that computes.",
        "You have listened to a podcast from LØRN.",
    )
    r = parse_text(text)
    d = r.case.to_dict()
    assert d["id"] == "C1005" and d["title"] == "What makes a city smart?"
    assert d["guests"] == [{"name": "Ada Lovelace", "role": "Chief Analyst", "organisation": "Engine Works"}]
    assert d["quote"] == "Machines can weave patterns."
    assert d["duration_minutes"] == 28
    assert (d["theme"], d["organisation"], d["perspective"], d["date"], d["place"]) == (
        "Smart cities",
        "Engine Works",
        "Research",
        "2021-03-04",
        "LONDON",
    )
    assert d["host"] == "Silvija Seres"
    assert d["profile"] == [
        {"question": "What is your name and what do you do?", "answer": "I am Ada and I analyse engines."}
    ]
    assert d["learning_points"] == ["Analytical engines", "Computability"]
    assert d["further_reading"] == ["Notes on the Analytical Engine (1843)"]
    assert d["reflection_questions"] == ["What would you compute first?"]
    assert d["related"] == [{"id": "C0061", "theme": "Digital ethics", "people": ["Glenn Weyl"]}]
    assert d["turns"] == [
        {"speaker": "Silvija Seres", "text": "Welcome to LØRN."},
        {"speaker": "Ada Lovelace", "text": "Thank you."},
        {"speaker": "Silvija Seres", "text": "What is an engine?"},
        {"speaker": "Ada Lovelace", "text": "A machine that computes."},
    ]
    assert r.warnings == []


def test_page_without_transcript_is_a_case_without_turns():
    r = parse_text(page("LØRN Case #C1006", "Bare forside", "En kort oppsummering.", "Tema: Testing", "Dato: 210315"))
    assert r.is_case
    assert r.case.turns == []
    assert r.case.date == "2021-03-15"
    assert "no transcript on this page" in r.warnings


def test_missing_fields_are_null_or_empty():
    r = parse_text("LØRN Case #C1007\n")
    d = r.case.to_dict()
    assert tuple(d) == CASE_KEYS
    assert d["id"] == "C1007" and d["label"] == "#C1007"
    for key in (
        "title",
        "summary",
        "quote",
        "duration_minutes",
        "theme",
        "organisation",
        "perspective",
        "date",
        "place",
        "host",
    ):
        assert d[key] is None, key
    for key in ("guests", "learning_points", "further_reading", "profile", "reflection_questions", "related", "turns"):
        assert d[key] == [], key
    assert "no title found" in r.warnings


def test_unreadable_date_and_duration_are_warnings():
    r = parse_text(page("LØRN Case #C1008", "Tittel", "Oppsummering.", "Dato: 190231", "Varighet: snart"))
    assert r.case.date is None and r.case.duration_minutes is None
    assert "unreadable date: '190231'" in r.warnings
    assert "unreadable duration: 'snart'" in r.warnings


def test_speaker_spellings_are_normalised():
    c = parse_text(
        page(
            "LØRN Case #C1009",
            "Tittel",
            "Oppsummering.",
            "Utskrift av samtalen",
            "Silvija Seres : Med mellomrom.",
            "Ola Nordmann: Hei.",
            "Silvija Seres: Uten.",
            "Silvija: Fornavn.",
            "SILVIJA SERES: Store bokstaver.",
            "Ola : Fornavn med mellomrom.",
        )
    ).case
    assert [(t.speaker, t.text) for t in c.turns] == [
        ("Silvija Seres", "Med mellomrom."),
        ("Ola Nordmann", "Hei."),
        ("Silvija Seres", "Uten."),
        ("Silvija Seres", "Fornavn."),
        ("Silvija Seres", "Store bokstaver."),
        ("Ola Nordmann", "Fornavn med mellomrom."),
    ]
    assert c.speakers == ["Silvija Seres", "Ola Nordmann"]


def test_turn_spanning_several_paragraphs():
    c = parse_text(
        "LØRN Case #C1010\nTittel\nOppsummering.\n\nUtskrift av samtalen\n\n"
        "Silvija Seres: Første avsnitt.\n\n \n\nAndre avsnitt\nfortsetter her.\n\nTredje avsnitt.\n\n"
        "Ola Nordmann: Svar.\nFørst: en ting. Så en annen.\n"
    ).case
    assert [(t.speaker, t.text) for t in c.turns] == [
        ("Silvija Seres", "Første avsnitt.\nAndre avsnitt fortsetter her.\nTredje avsnitt."),
        # "Først:" said once by nobody we know is part of the text, not a speaker.
        ("Ola Nordmann", "Svar.\nFørst: en ting. Så en annen."),
    ]


def test_unfamiliar_layout_still_yields_title_and_turns_with_a_warning():
    r = parse_text(
        page(
            "Hvordan skape innovative byer? | LØRN",
            "Publisert: 2019",
            "Tema: Digital etikk og politikk\nVert: SS",
            "Silvija Seres: Velkommen.",
            "Øyvind Laderud: Takk.",
            "Silvija: Hva gjør du?",
            "Øyvind: Jeg koordinerer.\n\nOg jeg lærer av andre byer.",
        ),
        source="C0557-kopi.txt",
    )
    assert r.is_case
    c = r.case
    # The page carries no id: the parser says so, and import would use the one in the file name.
    assert c.id is None and c.label is None
    assert r.derived_id == "C0557" and r.import_id == "C0557"
    assert "no case id on the page; the file name gives C0557" in r.warnings
    assert c.title == "Hvordan skape innovative byer?"
    assert c.theme == "Digital etikk og politikk"
    assert c.host == "Silvija Seres"
    assert [(t.speaker, t.text) for t in c.turns] == [
        ("Silvija Seres", "Velkommen."),
        ("Øyvind Laderud", "Takk."),
        ("Silvija Seres", "Hva gjør du?"),
        ("Øyvind Laderud", "Jeg koordinerer.\nOg jeg lærer av andre byer."),
    ]
    assert any("unfamiliar page layout" in w for w in r.warnings)
    assert any("no transcript heading" in w for w in r.warnings)


def test_lost_transcript_heading_still_finds_the_turns():
    # The new layout with its "Utskrift av samtalen" line lost: the turns are still found.
    text = (
        (SEEDS / "C0557.txt")
        .read_text(encoding="utf-8")
        .replace("Utskrift av samtalen: Hvordan skape innovative byer?", "")
    )
    r = parse_text(text)
    assert len(r.case.turns) == 37
    assert r.case.related == parse_file(SEEDS / "C0557.txt").case.related


def test_text_that_is_not_a_case():
    r = parse_text("Shopping list\nMilk: 2 litres\nEggs: 12\n")
    assert not r.is_case
    assert r.case.turns == [] and r.case.title is None
    assert "no LØRN case found in this text" in r.warnings


def test_html_tags_and_entities_are_stripped():
    text = (
        '<img height="1" width="1" style="display:none;" alt="" '
        'src="https://px.ads.linkedin.com/collect/?pid=1&amp;fmt=gif">\n'
        "<html><head><title>LØRN</title><style>p { color: red; }</style>"
        "<script>var x = '<b>Tema: ikke dette</b>';</script></head><body>"
        "<h1>LØRN Case #C1011</h1><p>Tittel &amp; mer</p>"
        "<p>En &lt;b&gt;oppsummering&lt;/b&gt; med &quot;sitat&quot; og&nbsp;mellomrom.</p>"
        "<!-- en kommentar -->"
        "<p>Tema: Kunst &amp; kultur<br>Dato: 191206</p>"
        "<p>Utskrift av samtalen</p>"
        "<p>Silvija Seres: Hei &amp; velkommen &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<p>Ola Nordmann: 3 &lt; 5, <i>virkelig</i>.</p>"
        "</body></html>"
    )
    r = parse_text(text)
    d = r.case.to_dict()
    assert d["id"] == "C1011"
    assert d["title"] == "Tittel & mer"
    assert d["summary"] == 'En oppsummering med "sitat" og mellomrom.'
    assert d["theme"] == "Kunst & kultur" and d["date"] == "2019-12-06"
    assert d["turns"] == [
        {"speaker": "Silvija Seres", "text": "Hei & velkommen"},
        {"speaker": "Ola Nordmann", "text": "3 < 5, virkelig."},
    ]  # inline tags add no space
    for s in strings(d):
        for bad in (
            "<img",
            "<b",
            "<p",
            "<script",
            "alert",
            "px.ads",
            "&amp;",
            "&lt;",
            "&nbsp;",
            "color: red",
            "ikke dette",
            "kommentar",
        ):
            assert bad not in s, (bad, s)


def test_control_characters_and_unicode_spaces():
    c = parse_text(
        "LØRN Case #C1012\nTit\x00tel\u200b\nEn\u202f\u2009oppsummering.\x1b\n\nUtskrift av samtalen\n"
        "Silvija Seres:\u00a0Hei\tpå\u2003deg.\r\nOla Nordmann: Hei.\r\n"
    ).case
    assert c.title == "Tittel"
    assert c.summary == "En oppsummering."
    assert [t.text for t in c.turns] == ["Hei på deg.", "Hei."]


# --------------------------------------------------------------------------
# Helpers and file handling
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, expected",
    [
        ("#C0557", "C0557"),
        ("#0399", "C0399"),
        ("C42", "C0042"),
        ("c 7", "C0007"),
        ("#C12345", "C12345"),
        ("no number", None),
        ("", None),
    ],
)
def test_normalise_case_id(label, expected):
    assert normalise_case_id(label) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("191206", "2019-12-06"),
        ("200819", "2020-08-19"),
        ("991231", "1999-12-31"),
        ("2021-03-04", "2021-03-04"),
        ("20210304", "2021-03-04"),
        ("06.12.2019", "2019-12-06"),
        ("6/12/2019", "2019-12-06"),
        ("190231", None),
        ("191306", None),
        ("2021-02-30", None),
        ("i går", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("15 min", 15),
        ("42", 42),
        ("29 minutter", 29),
        ("1 t 5 min", 65),
        ("1h 5m", 65),
        ("2 timer", 120),
        ("1:05:00", 65),
        ("snart", None),
        ("", None),
    ],
)
def test_parse_duration(value, expected):
    assert parse_duration(value) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Testing Kvalitet", ["Testing", "Kvalitet"]),
        ("Smarte byer Kunstig intelligens", ["Smarte byer", "Kunstig intelligens"]),
        ("Regulering som stimulerer innovasjon", ["Regulering som stimulerer innovasjon"]),
        ("Hva lærer vi? Hvordan bruker vi det?", ["Hva lærer vi?", "Hvordan bruker vi det?"]),
        ("- Livslang læring", ["Livslang læring"]),
        ("", []),
    ],
)
def test_split_learning_line(line, expected):
    assert split_learning_line(line) == expected


def test_parse_file_rejects_files_that_are_not_case_pages(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    prose = tmp_path / "prose.txt"
    prose.write_text("Dear diary,\nToday nothing happened.\n")
    reasons = {}
    for f in (empty, binary, prose, tmp_path / "missing.txt", tmp_path):
        with pytest.raises(PageError) as info:
            parse_file(f)
        reasons[f.name] = info.value.reason
        assert info.value.path == str(f)
    assert reasons["empty.txt"] == "file is empty"
    assert reasons["binary.txt"] == "binary file, not a text case page"
    assert "no LØRN case found" in reasons["prose.txt"]
    assert reasons["missing.txt"].startswith("cannot read file")
    assert reasons[tmp_path.name].startswith("cannot read file")


def test_parse_file_reads_windows_encodings(tmp_path):
    f = tmp_path / "C1013.txt"
    f.write_bytes("LØRN Case #C1013\r\nBærekraft\r\nSå fint.\r\n".encode("cp1252"))
    c = parse_file(f).case
    assert (c.id, c.title, c.summary) == ("C1013", "Bærekraft", "Så fint.")
    f.write_bytes("\ufeffLØRN Case #C1014\nTittel\n".encode("utf-8"))
    assert parse_file(f).case.id == "C1014"


@pytest.mark.parametrize(
    "host, names",
    [
        ("Silvija Seres", ["Silvija Seres"]),
        ("Silvija Seres og Eirik Løkke", ["Silvija Seres", "Eirik Løkke"]),
        ("SS, EL & Ola Nordmann", ["SS", "EL", "Ola Nordmann"]),
        ("Ada and Alan", ["Ada", "Alan"]),
        ("", []),
    ],
)
def test_host_names(host, names):
    assert host_names(host) == names
