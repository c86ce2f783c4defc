"""Every kind of page in LAYOUTS.md, also those without a real example (pages written from the description
in ``tests/data/pages/made/``), saved HTML, and what import does with ids, listings and the same episode twice."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from lornplayer.importer import NO_ID_MESSAGE, import_paths
from lornplayer.model import Case, Part, Turn
from lornplayer.parser import PageError, detect_kind, parse_file, parse_text
from lornplayer.parser.fields import case_id_in_name, parse_date
from lornplayer.parser.text import html_to_text
from lornplayer.store import MIGRATIONS, SCHEMA_VERSION, Library
from lornplayer.timing import build_timing, part_starts

PAGES = Path(__file__).resolve().parent / "data" / "pages"
MADE = PAGES / "made"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib" / "library.sqlite3")
    yield library
    library.close()


# -- kinds without a real example ----------------------------------------------------------


def test_english_legacy_template():
    """``LØRN case C0061 -``, header block twice, ``43 min`` without a label, initials without a colon."""
    r = parse_file(MADE / "C0061_legacy_en.txt")
    c = r.case
    assert (c.kind, r.layout, c.id, c.label) == ("case", "case-legacy-en", "C0061", "C0061")
    assert c.title == "Radical markets and the future of democracy"
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Glenn Weyl", "role": "Principal Researcher", "organisation": "Microsoft Research"}
    ]
    assert c.duration_minutes == 43 and c.date == "2019-04-15" and c.language == "en"
    assert c.summary.startswith("In this episode of #LØRN Silvija talks with Glenn Weyl")
    assert [(t.speaker, t.text) for t in c.turns] == [
        ("Silvija Seres", "Hello and welcome to LØRN. I am Silvija Seres and my guest today is Glenn Weyl."),
        ("Glenn Weyl", "More or less, yes. Thank you for having me."),
        ("Silvija Seres", "Who are you, Glenn, and why do you care about markets?"),
        # "AI is part of it" inside a turn is text, not a speaker "AI"
        ("Glenn Weyl", "I am an economist. AI is part of it, but mostly I think about how we decide things together."),
        ("Silvija Seres", "Thank you, Glenn."),
    ]


def test_initials_resolved_from_names_written_on_the_page_without_a_host_line():
    text = (MADE / "C0061_legacy_en.txt").read_text(encoding="utf-8").replace("Host: Silvija Seres\n", "")
    c = parse_text(text).case
    assert c.turns[0].speaker == "Silvija Seres"  # "I am Silvija Seres" in the first turn
    assert c.host == "Silvija Seres"  # the interviewer who welcomes the listeners


def test_initials_that_name_nobody_stay_text():
    c = parse_text(
        "LØRN Case #C1400\nTittel\nEn kort oppsummering.\n\nUtskrift av samtalen\n\n"
        "Silvija Seres: Hei.\n\nOla Nordmann: Hei.\n\nNTNU har mange studenter.\n"
    ).case
    assert [t.speaker for t in c.turns] == ["Silvija Seres", "Ola Nordmann"]
    assert c.turns[-1].text == "Hei.\nNTNU har mange studenter."


def test_english_text_on_the_norwegian_template_without_a_quote():
    c = parse_file(MADE / "C1200_en_on_nb_template.txt").case
    assert (c.kind, c.id, c.language, c.quote) == ("case", "C1200", "en", None)
    assert (c.theme, c.organisation, c.perspective, c.date, c.place, c.host) == (
        "Havteknologi",
        "Sea Labs",
        "Gründer",
        "2021-06-01",
        "OSLO",
        "Silvija Seres",
    )
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Ada Berg", "role": "Head of Autonomy", "organisation": "Sea Labs"}
    ]
    assert c.duration_minutes == 27 and len(c.profile) == 1 and len(c.turns) == 4


def test_case_without_quiz_or_qa_and_co_hosts_as_initials():
    r = parse_file(MADE / "C1300_no_quiz.txt")
    c = r.case
    assert r.warnings == []
    assert (c.theme, c.organisation, c.perspective, c.date, c.place) == (
        "Kvanteteknologi",
        "Universitetet i Oslo",
        "Forsker",
        "2023-01-10",
        "OSLO",
    )
    assert c.host_raw == "SS/EL"
    assert c.hosts == ["Silvija Seres", "Eirik Løkke"]  # co-hosts are several
    assert [t.speaker for t in c.turns] == ["Silvija Seres", "Per Hansen", "Eirik Løkke", "Per Hansen"]
    assert c.profile == [] and c.quote == "Kvantedatamaskiner regner ikke raskere, de regner annerledes."


def test_masterclass_lessons_mark_the_transcript():
    c = parse_file(MADE / "M0050_masterclass_with_transcript.txt").case
    assert (c.kind, c.id, c.title) == ("masterclass", "M0050", "Ledelse av digital transformasjon")
    assert [p.to_dict() for p in c.parts] == [
        {
            "number": 1,
            "title": "Introduksjon",
            "duration_minutes": 31,
            "description": "Hva er digital transformasjon?",
            "first_turn": 0,
        },
        {
            "number": 2,
            "title": "Eksempler",
            "duration_minutes": 28,
            "description": "Tre gode eksempler",
            "first_turn": 4,
        },
    ]
    assert c.total_minutes == 59 and c.host == "Silvija Seres"
    assert c.turns[4] == Turn("Silvija Seres", "Gi oss et eksempel.")
    assert not any("Leksjon" in t.text for t in c.turns)


def test_webinar_parts_in_the_transcript():
    c = parse_file(MADE / "E0100_webinar_parts_in_transcript.txt").case
    assert (c.kind, c.id, c.title, c.date, c.host) == (
        "webinar",
        "E0100",
        "Kunstig intelligens i skolen",
        "2023-02-03",
        "Silvija Seres",
    )
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Ola Nordmann", "role": "Lektor", "organisation": "Oslo katedralskole"},
        {"name": "Kari Holm", "role": "Forsker", "organisation": "NTNU"},
    ]
    assert c.summary == "Et frokostwebinar om hva KI betyr for lærere og elever."
    assert [(p.number, p.first_turn) for p in c.parts] == [(1, 0), (2, 3)]
    assert [t.speaker for t in c.turns] == [
        "Silvija Seres",
        "Ola Nordmann",
        "Kari Holm",
        "Silvija Seres",
        "Ola Nordmann",
        "Kari Holm",
    ]


def test_webinar_guest_role_from_the_blurb_when_there_is_no_panel():
    c = parse_text(
        "Webinar\n\n6. januar 2022\nMed:\nKari Holm\n\nModerator: Silvija Seres\n\nTittel på webinar\n\n"
        "Panelsamtale med Kari Holm (Forsker, NTNU).\n"
    ).case
    assert c.kind == "webinar" and c.id is None and c.title == "Tittel på webinar"
    assert [g.to_dict() for g in c.guests] == [{"name": "Kari Holm", "role": "Forsker", "organisation": "NTNU"}]


def test_made_listing_page_is_refused():
    with pytest.raises(PageError) as info:
        parse_file(MADE / "LISTING_theme_made.txt")
    assert "listing page" in info.value.reason and "Bærekraft (2 episodes)" in info.value.reason


def test_a_case_page_with_related_cases_is_not_a_listing():
    assert parse_file(SEEDS / "C0557.txt").listing is None


@pytest.mark.parametrize(
    "text, kind",
    [
        ("LØRN Case #C0557\nTittel", ("case", "case")),
        ("LØRN case C0061 - Title", ("case", "case-legacy-en")),
        ("Tema: X\n#0399: Tittel\nGjest: A B\nMed Vert Silvija Seres", ("podcast-old", "podcast-hubspot")),
        ("#0070 - Tittel - LØRN.TECH\n#0070 – Tittel\nExpørt: A B", ("podcast-old", "podcast-wordpress")),
        ("LØRN Masterclass M0042\nTittel", ("masterclass", "masterclass")),
        ("2000+ lyttinger\nDel denne Masterclass\n© 2024 LØRN AS", ("masterclass", "masterclass-2024")),
        ("Webinar\n\n6. januar 2022", ("webinar", "webinar")),
        ("Tittel\n\nDel 1 - E0017\n\nDel 2 - E0017", ("webinar", "webinar")),
    ],
)
def test_detect_kind(text, kind):
    assert detect_kind(text.split("\n")) == kind


@pytest.mark.parametrize(
    "value, iso",
    [
        ("6. januar 2022", "2022-01-06"),
        ("14. juli 2022", "2022-07-14"),
        ("3 februar 2023", "2023-02-03"),
        ("torsdag 6. januar 2022", "2022-01-06"),
        ("January 6, 2022", "2022-01-06"),
        ("31. februar 2022", None),
    ],
)
def test_norwegian_date_lines(value, iso):
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "name, case_id",
    [
        ("M0010_masterclass.txt", "M0010"),
        ("e0017.html", "E0017"),
        ("C0557-kopi.txt", "C0557"),
        ("https://lorn.tech/masterclass/m0010_211123_hans-christian-pretorius/", "M0010"),
        ("https://www.lorn.tech/lorn-pod/231-fra-suksessrik-spillgrunder?hsLang=no", "C0231"),
        ("000_52576fd554de573f.txt", None),
        ("0070_lornpod_expert.txt", None),
        ("masterclass.txt", None),
    ],
)
def test_case_id_in_a_file_name_or_url(name, case_id):
    assert case_id_in_name(name) == case_id


# -- saved HTML ------------------------------------------------------------------------------


def saved_page(text: str, url: str | None = None) -> str:
    """A page as a browser's "Save page as" writes it: head with scripts and styles, nav, footer, markup."""
    body = "".join(
        f"<div class='line'><span>{line}</span></div>" if line else "<p></p>"
        for line in text.replace("&", "&amp;").replace("<", "&lt;").split("\n")
    )
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        "<!DOCTYPE html>\n<!-- saved from url=(0040)https://lorn.tech/somewhere-else/ -->\n"
        f"<html><head><meta charset='utf-8'><title>LØRN.TECH</title>{canonical}"
        "<link rel='stylesheet' href='page_files/style.css'><style>.x { content: 'Tema: STILARK'; }</style>"
        "<script src='page_files/app.js'></script><script>var t = 'Vert: SKRIPTET';</script></head>\n"
        "<body><nav><ul><li><a href='/'>Bibliotek</a></li></ul></nav>"
        "<img src='page_files/pixel.gif' alt='Tema: BILDETEKST'><noscript><img src='https://px.ads.example/x'>"
        "</noscript><div class='cookie' style='display: none'>Vert: SKJULT</div><p hidden>Tema: SKJULT</p>"
        f"<main>\n{body}\n</main><svg><text>Tema: SVGTEKST</text></svg>"
        "<footer><p>Om LØRN</p><p>Kontakt oss: Tema: BUNNTEKST</p></footer>"
        '<script type=\'application/ld+json\'>{"name": "Tema: JSONLD"}</script></body></html>'
    )


@pytest.mark.parametrize(
    "name", ["E0017_webinar.txt", "M0042_masterclass.txt", "0070_lornpod_expert.txt", "C1157_NULL_fields.txt"]
)
def test_saved_html_reads_like_the_text_copy(tmp_path, name):
    text = (PAGES / name).read_text(encoding="utf-8")
    html_file = tmp_path / (Path(name).stem + ".html")
    html_file.write_text(saved_page(text), encoding="utf-8")
    from_html, from_text = parse_file(html_file).case, parse_text(text).case
    assert from_html.to_dict() == from_text.to_dict()
    flat = str(from_html.to_dict())
    for hidden in (
        "STILARK",
        "SKRIPTET",
        "BILDETEKST",
        "SVGTEKST",
        "JSONLD",
        "SKJULT",
        "BUNNTEKST",
        "page_files",
        "px.ads",
    ):
        assert hidden not in flat


def test_saved_html_with_its_files_folder_imports_one_case(lib, tmp_path):
    folder = tmp_path / "saved"
    (folder / "E0017_files").mkdir(parents=True)
    (folder / "E0017.html").write_text(
        saved_page((PAGES / "E0017_webinar.txt").read_text(encoding="utf-8")), encoding="utf-8"
    )
    (folder / "E0017_files" / "ad.html").write_text("<html><body>Annonse</body></html>", encoding="utf-8")
    (folder / "E0017_files" / "app.js").write_text("alert(1)", encoding="utf-8")
    (folder / "E0017_files" / "pixel.gif").write_bytes(b"GIF89a\x01\x00")
    report = import_paths(lib, [folder])
    assert report.added == ["E0017"] and report.problems == []
    case = lib.get_case("E0017")
    assert case.kind == "webinar" and len(case.parts) == 3 and case.parts[0].first_turn == 0


def test_saved_html_gives_its_address_for_a_page_without_an_id(lib, tmp_path):
    text = (PAGES / "M0010_masterclass_2024layout.txt").read_text(encoding="utf-8")
    page = tmp_path / "masterclass.html"
    page.write_text(
        saved_page(text, "https://lorn.tech/masterclass/m0010_211123_hans-christian-pretorius/"), encoding="utf-8"
    )
    r = parse_file(page)
    assert r.case.id is None and r.url.endswith("m0010_211123_hans-christian-pretorius/")
    assert r.derived_id == "M0010" and "no case id on the page; its address gives M0010" in r.warnings
    report = import_paths(lib, [page])
    assert report.added == ["M0010"] and lib.get_case("M0010").kind == "masterclass"


def test_html_entities_and_inline_tags():
    page = html_to_text(
        "<html><body><p>Tema: Kunst &amp; kultur</p><p>H&aring;vard <b>R&oslash;ste</b>&nbsp;"
        "sier&#8230;</p><pre>a\n b</pre></body></html>"
    )
    lines = [ln.strip() for ln in page.text.split("\n") if ln.strip()]
    assert lines == ["Tema: Kunst & kultur", "Håvard Røste sier…", "a", "b"]
    assert page.is_html


# -- import: ids, listings, the same episode ----------------------------------------------------


def test_page_without_any_id_is_a_clear_import_problem(lib, tmp_path):
    page = tmp_path / "masterclass.txt"
    shutil.copy(PAGES / "M0010_masterclass_2024layout.txt", page)
    report = import_paths(lib, [page])
    assert report.added == [] and lib.count_cases() == 0
    assert [(p.path, p.reason) for p in report.problems] == [(str(page), NO_ID_MESSAGE)]


def test_page_without_id_takes_the_one_in_its_file_name(lib):
    report = import_paths(lib, [PAGES / "M0010_masterclass_2024layout.txt"])
    assert report.added == ["M0010"]
    assert any("the file name gives M0010" in w for w in report.warnings)


def test_listing_page_is_refused_on_import(lib):
    report = import_paths(lib, [PAGES / "LISTING_lorn-2020teknologipolitikk.txt"])
    assert lib.count_cases() == 0
    [problem] = report.problems
    assert "listing page" in problem.reason and "LØRN 2020TEKNOLOGIPOLITIKK" in problem.reason


OLD_0557 = (
    "Tema: DIGITAL ETIKK\n\n#0557: Hvordan skape innovative byer?\n\nGjest: Øyvind Laderud\n\n"
    "Internasjonal koordinator i Kristiansand Kommune\n\nMed Vert Silvija Seres\n\n"
    "I denne episoden av #LØRN snakker Silvija med Øyvind Laderud.\n\nFull transcript (Available soon)\n"
)


@pytest.mark.parametrize("order", ["new-then-old", "old-then-new"])
def test_old_podcast_page_and_its_case_page_are_one_case(lib, tmp_path, order):
    old = tmp_path / "lorn-pod-557.txt"
    old.write_text(OLD_0557, encoding="utf-8")
    new = SEEDS / "C0557.txt"
    first, second = (new, old) if order == "new-then-old" else (old, new)
    assert import_paths(lib, [first]).added == ["C0557"]
    report = import_paths(lib, [second])
    assert report.added == [] and report.changed_case_ids + report.unchanged == ["C0557"]
    assert lib.count_cases() == 1
    case = lib.get_case("C0557")
    seed = parse_file(new).case
    # the newer case page's fields and transcript win; the old page fills only what it lacks
    assert case.kind == "case" and case.title == seed.title and case.theme == seed.theme
    assert case.turns == seed.turns and case.guests == seed.guests


# -- store and timing ------------------------------------------------------------------------


def test_kind_and_parts_are_stored(lib):
    case = parse_file(PAGES / "M0042_masterclass.txt").case
    assert lib.upsert_case(case) == "added"
    stored = lib.get_case("M0042")
    assert stored.kind == "masterclass" and stored.parts == case.parts and stored == case
    assert lib.upsert_case(case) == "unchanged"
    case.parts[1].title = "Eksempler fra praksis"
    assert lib.upsert_case(case) == "updated"
    assert lib.get_case("M0042").parts[1].title == "Eksempler fra praksis"
    [row] = lib.list_rows("M0042")
    assert row.duration_minutes == 115  # the lessons' sum stands in for the missing episode duration
    lib.delete_case("M0042")
    assert lib._query("SELECT count(*) FROM case_parts")[0][0] == 0


def test_database_before_parts_upgrades(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version=3")
    old = Case("C0399", "#0399", "Hvilken retning har digi-toget?", turns=[])
    db.execute(
        "INSERT INTO cases (id, label, title, data_json) VALUES (?, ?, ?, ?)",
        (old.id, old.label, old.title, old.to_json().replace('"kind": "case", ', "")),
    )
    db.commit()
    db.close()
    lib = Library(path)
    try:
        assert lib._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        case = lib.get_case("C0399")
        # an old podcast page ("#0399") stored before kinds existed
        assert (case.kind, case.parts, case.title) == ("podcast-old", [], "Hvilken retning har digi-toget?")
        new = parse_file(SEEDS / "C0399.txt").case
        assert lib.upsert_case(new) == "updated" and lib.get_case("C0399") == new
    finally:
        lib.close()


def test_part_starts_follow_the_timing_model():
    case = parse_file(MADE / "M0050_masterclass_with_transcript.txt").case
    timing = build_timing(case.turns, 600.0)
    assert part_starts(case.parts, timing) == [timing.starts[0], timing.starts[4]]
    # an anchor moves the part with its turn
    anchored = build_timing(case.turns, 600.0, anchors={4: 400.0})
    assert part_starts(case.parts, anchored)[1] == 400.0


def test_part_starts_from_lesson_durations_without_marks():
    parts = [Part(1, "A", 30), Part(2, "B", 20), Part(3, "C", 10)]
    timing = build_timing([], 1800.0)  # no transcript: lessons laid end to end, scaled to the audio
    assert part_starts(parts, timing) == [0.0, 900.0, 1500.0]
    assert part_starts([Part(1), Part(2)], build_timing([], None)) == [0.0, None]


def test_inspect_json_shows_kind_and_parts(capsys):
    from lornplayer.cli import main

    assert main(["inspect", str(PAGES / "M0042_masterclass.txt"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["kind"] == "masterclass" and d["id"] == "M0042" and d["total_minutes"] == 115
    assert [p["title"] for p in d["parts"]] == ["Introduksjon", "Eksempler", "Verktøy", "Verksted"]
    assert main(["inspect", str(PAGES / "M0042_masterclass.txt")]) == 0
    out = capsys.readouterr().out
    assert "kind: masterclass" in out and "part 4: Verksted (5 min)" in out
    assert main(["inspect", str(PAGES / "LISTING_lorn-2020teknologipolitikk.txt")]) == 1
    assert "listing page" in capsys.readouterr().err


def test_the_stored_release_library_upgrades_with_kinds(tmp_path):
    """The library file 0.1.0 wrote (tests/fixtures): every case gets its kind, and no parts."""
    path = tmp_path / "library.sqlite3"
    shutil.copy(Path(__file__).parent / "fixtures" / "library-v3.sqlite3", path)
    lib = Library.open(path)
    try:
        kinds = {cid: lib.get_case(cid).kind for cid in lib.case_ids()}
        assert kinds == {"C0399": "podcast-old", "C0557": "case", "C0608": "case", "C0775": "case", "C0796": "case"}
        assert all(lib.get_case(cid).parts == [] for cid in kinds)
        # re-importing the same pages changes nothing but what the new parser reads better
        report = import_paths(lib, [SEEDS])
        assert sorted(report.added) == [] and lib.count_cases() == 5
    finally:
        lib.close()


def test_listing_of_case_numbers_without_blurbs_is_refused():
    text = "Tema: Helse | LØRN\n\n#C0101\nHelse i hjemmet\n\n#C0102\nSykehus\n\n#C0103\nApotek\n"
    r = parse_text(text)
    assert not r.is_case and r.listing == "Tema: Helse (3 episodes)"


def test_null_keeps_the_place_of_a_missing_role():
    c = parse_text(
        "LØRN Case #C1500\nTittel\nEn oppsummering av casen.\n\nKari Holm\n\nNULL\n\nHavn AS\n\n"
        'Ola Berg\n\nCTO\n\nBerg AS\n\n"Et sitat"\n\nVarighet: 20 min\n'
    ).case
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Kari Holm", "role": None, "organisation": "Havn AS"},
        {"name": "Ola Berg", "role": "CTO", "organisation": "Berg AS"},
    ]


def test_guest_block_that_is_not_all_triples_is_grouped_by_names():
    c = parse_text(
        "LØRN Case #C1501\nTittel\nEn oppsummering av casen.\n\nKari Holm\n\nForsker\n\n"
        'Ola Berg\n\nCTO\n\nBerg AS\n\n"Et sitat"\n\nVarighet: 20 min\n'
    ).case
    assert [g.to_dict() for g in c.guests] == [
        {"name": "Kari Holm", "role": "Forsker", "organisation": None},
        {"name": "Ola Berg", "role": "CTO", "organisation": "Berg AS"},
    ]


def test_quote_after_a_lone_quote_mark():
    text = "2000+ lyttinger\n“\nSikkerhet er et lagspill.\nSilvija Seres: Hei og velkommen.\nKari Holm: Takk.\nSilvija: Ja.\n"
    assert parse_text(text).case.quote == "Sikkerhet er et lagspill."


def test_nothing_a_saved_page_refers_to_is_opened(monkeypatch, tmp_path):
    import builtins
    import socket

    page = tmp_path / "E0017.html"
    page.write_text(saved_page((PAGES / "E0017_webinar.txt").read_text(encoding="utf-8")), encoding="utf-8")
    data = page.read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError(f"the parser tried to open {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(socket, "socket", refuse)
    assert parse_text(data.decode("utf-8")).case.id == "E0017"
