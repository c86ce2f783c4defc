"""Real LØRN pages of every kind, against their hand labels: one test per page and field.

``tests/data/pages/`` is a copy of the shared real pages (``../shared/pages`` beside the
repository) with their ``labels.json``; each label's ``notes`` explain it.  The pages are
text copies of the first ~2,000 characters of real pages, so fields after the cut are
labelled null.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lornplayer.parser import PageError, parse_file, parse_text

PAGES = Path(__file__).resolve().parent / "data" / "pages"
LABELS = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))
FIELDS = [
    "id",
    "title",
    "guests",
    "duration_minutes",
    "theme",
    "organisation",
    "perspective",
    "date",
    "place",
    "host",
    "host_raw",
    "quote",
    "has_transcript_start",
    "first_speaker",
]
KINDS = {
    "E0017_webinar.txt": "webinar",
    "E0039_webinar.txt": "webinar",
    "M0042_masterclass.txt": "masterclass",
    "M0010_masterclass_2024layout.txt": "masterclass",
    "0070_lornpod_expert.txt": "podcast-old",
    "0231_lornpod_old.txt": "podcast-old",
    "C1091_2guests.txt": "case",
    "C1157_NULL_fields.txt": "case",
}


def labelled_fields(name: str) -> dict:
    c = parse_text((PAGES / name).read_text(encoding="utf-8")).case
    return {
        "id": c.id,
        "title": c.title,
        "guests": [g.to_dict() for g in c.guests],
        "duration_minutes": c.duration_minutes,
        "theme": c.theme,
        "organisation": c.organisation,
        "perspective": c.perspective,
        "date": c.date,
        "place": c.place,
        "host": c.host,
        "host_raw": c.host_raw,
        "quote": c.quote,
        "has_transcript_start": bool(c.turns),
        "first_speaker": c.turns[0].speaker if c.turns else None,
    }


@pytest.fixture(scope="module")
def parsed():
    return {name: labelled_fields(name) for name in LABELS}


def test_the_copies_match_the_shared_pages():
    repo = Path(__file__).resolve().parent.parent
    # ../shared/pages beside the repository (a worktree sits one folder deeper)
    shared = next(
        (d for d in (repo.parent / "shared" / "pages", repo.parent.parent / "shared" / "pages") if d.is_dir()), None
    )
    if shared is None:
        pytest.skip("no shared pages beside the repository")
    for f in shared.iterdir():
        assert (PAGES / f.name).read_bytes() == f.read_bytes(), f.name


def test_every_page_is_labelled_or_a_listing():
    assert {p.name for p in PAGES.glob("*.txt")} == set(LABELS) | {"LISTING_lorn-2020teknologipolitikk.txt"}


@pytest.mark.parametrize("name", sorted(LABELS))
@pytest.mark.parametrize("field", FIELDS)
def test_labelled_field(parsed, name, field):
    assert parsed[name][field] == LABELS[name][field], LABELS[name]["notes"]


@pytest.mark.parametrize("name, kind", sorted(KINDS.items()))
def test_kind(name, kind):
    assert parse_text((PAGES / name).read_text(encoding="utf-8")).case.kind == kind


def test_masterclass_lessons_are_its_parts_and_give_its_length():
    c = parse_file(PAGES / "M0042_masterclass.txt").case
    assert [(p.number, p.title, p.duration_minutes, p.description) for p in c.parts] == [
        (1, "Introduksjon", 46, "Introduksjon til nevrale nettverk og dyp læring"),
        (2, "Eksempler", 35, "Det siste innen AI og ulike typer nevrale nettverk"),
        (3, "Verktøy", 29, "Viktige verktøy for anvending av AI i praksis"),
        (4, "Verksted", 5, "Hvordan kan en plattform anvende AI?"),
    ]
    assert c.duration_minutes is None  # no episode duration is printed …
    assert c.total_minutes == 46 + 35 + 29 + 5  # … the lessons add up to one
    assert c.to_dict()["total_minutes"] == 115
    # the "Dette er LØRN Masterclass" blurb is boilerplate, not the summary
    assert c.summary == (
        "Klas H. Pettersen er i denne serien gjest for å fortelle om blant annet hva som er nytt "
        "i AI-verden, hvordan man anvender AI i praksis og forskjellige typer AI."
    )
    assert c.learning_points == [] and c.profile == []


@pytest.mark.parametrize(
    "name, case_id, speakers",
    [
        ("E0017_webinar.txt", "E0017", {"Silvija Seres", "Håvard Røste", "Kristian Myklevoll"}),
        ("E0039_webinar.txt", "E0039", {"Silvija Seres"}),
    ],
)
def test_webinar_parts_and_transcript(name, case_id, speakers):
    c = parse_file(PAGES / name).case
    assert c.id == case_id and c.label is None
    assert [(p.number, p.title) for p in c.parts] == [(1, None), (2, None), (3, None)]
    assert c.parts[0].first_turn == 0  # the transcript starts with part 1
    assert {t.speaker for t in c.turns} == speakers
    assert c.hosts == ["Silvija Seres"]
    # the jingle before the first turn is not a turn; "Silvija:" and "Håvard:" are the full names
    assert c.turns[0].text.startswith("Hei og velkommen")
    assert not any(t.speaker in ("Silvija", "Håvard") for t in c.turns)


def test_webinar_summary_is_the_blurb_and_not_the_panel():
    c = parse_file(PAGES / "E0039_webinar.txt").case
    assert c.summary.startswith("Velkommen til LØRNs månedlige frokostwebinar")
    assert c.summary.endswith("CEO i TrønderEnergi, Ståle Gjersvold.")
    assert "Bio" not in c.summary and "Del 1" not in c.summary


def test_old_wordpress_page():
    r = parse_file(PAGES / "0070_lornpod_expert.txt")
    c = r.case
    assert r.layout == "podcast-wordpress" and c.label == "#0070"
    questions = [p.question for p in c.profile]
    assert questions[0].startswith("En linje om din «claim to fame»")
    assert c.profile[0].answer.startswith("Addicted to learning.")
    assert "Hvem er du, og hvordan ble du interessert i Blockchain?" in questions
    assert c.language == "en"  # Norwegian questions, English answers


def test_old_hubspot_page():
    r = parse_file(PAGES / "0231_lornpod_old.txt")
    assert r.layout == "podcast-hubspot" and r.case.label == "#0231"
    assert r.case.learning_points == ["Game"]  # "Dette LØRNER du:" (the page is cut after the first point)
    assert len(r.case.profile) == 5 and r.warnings == ["no transcript on this page"]


def test_null_is_no_value():
    c = parse_file(PAGES / "C1157_NULL_fields.txt").case
    assert c.profile == []
    assert not any("NULL" in s for s in json.dumps(c.to_dict(), ensure_ascii=False).split('"'))
    # "Sirkularitet i eiendomsbransjenØkonomi og bærekraft" lost its line break
    assert c.learning_points[:3] == ["Sirkularitet i eiendomsbransjen", "Økonomi og bærekraft", "Grønnvasking"]


def test_two_guests_host_from_the_summary():
    c = parse_file(PAGES / "C1091_2guests.txt").case
    assert c.host == "Silvija" and c.hosts == ["Silvija"]
    assert c.organisation is None  # no "Organisasjon:" line: not guessed from the guests


def test_masterclass_2024_without_id_or_title_says_so():
    r = parse_text((PAGES / "M0010_masterclass_2024layout.txt").read_text(encoding="utf-8"))
    assert r.is_case and r.layout == "masterclass-2024"
    assert r.case.id is None and r.case.title is None
    assert "no case id on the page" in r.warnings and "no title found" in r.warnings
    assert r.derived_id is None  # no source given
    # the footer ("LØRN AS, c/o MESH", "Tordenskioldsgate 2", "© 2024 LØRN AS") is not a learning point
    assert r.case.learning_points == []
    assert [t.speaker for t in r.case.turns][:3] == ["Silvija Seres", "Hans Christian Pretorius", "Silvija Seres"]
    # Read as a file, the file name carries the id: offered for import, not put on the page.
    r = parse_file(PAGES / "M0010_masterclass_2024layout.txt")
    assert r.case.id is None and r.derived_id == "M0010" and r.import_id == "M0010"


def test_listing_page_is_refused_with_a_message_naming_it():
    r = parse_text((PAGES / "LISTING_lorn-2020teknologipolitikk.txt").read_text(encoding="utf-8"))
    assert not r.is_case and r.listing == "LØRN 2020TEKNOLOGIPOLITIKK (3 episodes)"
    with pytest.raises(PageError) as info:
        parse_file(PAGES / "LISTING_lorn-2020teknologipolitikk.txt")
    assert info.value.reason.startswith("this is a LØRN listing page, not a case: LØRN 2020TEKNOLOGIPOLITIKK")
