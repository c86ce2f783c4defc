"""Full-text search: analysis, query syntax, hits, notes, index lifecycle."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from lornplayer.model import Case, Guest, Note, ProfileItem, Turn
from lornplayer.search import SCHEMA_VERSION, SearchIndex, SearchResult, fold, language_code

HOST = "Silvija Seres"


def make_cases() -> list[Case]:
    a = Case(
        id="C0001",
        title="Hvordan skape innovative byer?",
        summary="Om internasjonal koordinering i en kommune.",
        guests=[Guest("Øyvind Laderud", "Internasjonal koordinator", "Kristiansand kommune")],
        theme="Digital etikk og politikk",
        organisation="Kristiansand kommune",
        perspective="Offentlig sektor",
        learning_points=["Åpen innovasjon", "Silotenkning"],
        profile=[ProfileItem("Hvem er du?", "En ikke-teknolog med interesse for samfunn.")],
        reflection_questions=["Hvordan kan din kommune samarbeide bedre?"],
        turns=[
            Turn(HOST, "Velkommen til LØRN. I dag snakker vi om åpen innovasjon."),
            Turn("Øyvind Laderud", "Kristiansand kommune vil lære av andre byer i Europa."),
            Turn(HOST, "Hva betyr bærekraft for en by som Kristiansand?"),
            Turn("Øyvind Laderud", "Innovasjon krever samarbeid på tvers av sektorer."),
        ],
    )
    b = Case(
        id="C0002",
        title="Kunstig intelligens i helse",
        guests=[Guest("Kari Nordmann", "Forsker", "Sintef")],
        theme="Helse og teknologi",
        turns=[
            Turn(HOST, "Velkommen, Kari."),
            Turn("Kari Nordmann", "Sykehusene tar i bruk kunstig intelligens i diagnostikk."),
            Turn("Kari Nordmann", "Innovasjonen skjer i små steg, og åpenhet om data er viktig."),
            Turn(HOST, "Hva med personvern og etikk i helse?"),
        ],
    )
    return [a, b]


def items(cases=None, notes=None):
    return [(c, [n for n in (notes or []) if n.case_id == c.id]) for c in (cases or make_cases())]


@pytest.fixture
def index(tmp_path):
    ix = SearchIndex(tmp_path / "index", procs=1)
    assert ix.ensure(lambda: items()) is True
    yield ix
    ix.close()


def turn_hits(result: SearchResult) -> set[tuple[str, int]]:
    return {(h.case_id, h.turn_index) for h in result.hits if h.kind == "turn"}


# -- analysis -----------------------------------------------------------


def test_fold_and_language_codes():
    assert fold("LØRN") == "lorn"
    assert fold("Bærekraft") == "baerekraft"
    assert fold("Ångström") == "angstrom"
    assert fold("café") == "cafe"
    assert {language_code(c) for c in ("nb", "nn", "no", "nb-NO", "nb_NO")} == {"no"}
    with pytest.raises(ValueError):
        language_code("xx")


def test_stemming_finds_other_inflections(index):
    assert ("C0001", 1) in turn_hits(index.search("kommunene"))  # the turn says "kommune"
    assert ("C0002", 1) in turn_hits(index.search("sykehuset"))  # the turn says "sykehusene"


def test_accent_folding(index):
    assert ("C0001", 2) in turn_hits(index.search("baerekraft"))
    assert ("C0001", 2) in turn_hits(index.search("bærekraft"))
    assert ("C0001", 0) in turn_hits(index.search("lorn"))
    assert ("C0001", 0) in turn_hits(index.search("LØRN"))


def test_english_stop_words_are_not_dropped(index):
    # Whoosh's LanguageAnalyzer("no") would drop "by" (English stop word); in Norwegian it means city.
    assert turn_hits(index.search("by")) == {("C0001", 2)}


def test_only_stop_words_gives_message(index):
    r = index.search("og det er")
    assert r.hits == [] and r.message


# -- query syntax -------------------------------------------------------


def test_words_are_and_by_default(index):
    assert turn_hits(index.search("kunstig diagnostikk")) == {("C0002", 1)}


def test_phrase(index):
    r = index.search('"åpen innovasjon"')
    assert ("C0001", 0) in turn_hits(r)
    assert ("C0002", 2) not in turn_hits(r)  # "Innovasjonen ... åpenhet": both words, not the phrase
    assert any(h.kind == "case" and h.field == "learning_points" for h in r.hits)


def test_prefix(index):
    r = index.search("innov*")
    assert {("C0001", 0), ("C0001", 3), ("C0002", 2)} <= turn_hits(r)
    assert ("C0001", 2) in turn_hits(index.search("bære*"))


def test_fuzzy(index):
    assert ("C0002", 1) in turn_hits(index.search("diagnostik~"))


def test_typo_falls_back_to_similar_words(index):
    r = index.search("diagnstikk")
    assert ("C0002", 1) in turn_hits(r) and r.message


def test_no_turn_with_all_words_falls_back_to_any(index):
    r = index.search("personvern sykehusene")
    assert {("C0002", 1), ("C0002", 3)} <= turn_hits(r) and r.message


def test_field_filters(index):
    assert {h.case_id for h in index.search("tema:etikk innovasjon").hits} == {"C0001"}
    assert {h.case_id for h in index.search("tema:helse innovasjon").hits} == {"C0002"}
    assert {h.case_id for h in index.search("gjest:laderud").hits} == {"C0001"}
    assert {h.case_id for h in index.search("guest:kari innovasjon").hits} == {"C0002"}
    assert turn_hits(index.search("speaker:laderud innovasjon")) == {("C0001", 3)}
    assert turn_hits(index.search("taler:oyvind")) == {("C0001", 1), ("C0001", 3)}
    assert turn_hits(index.search('speaker:"silvija seres" velkommen')) == {("C0001", 0), ("C0002", 0)}
    assert {h.case_id for h in index.search("case:c0002 velkommen").hits} == {"C0002"}


def test_case_id_argument_restricts(index):
    assert turn_hits(index.search("velkommen", case_id="C0002")) == {("C0002", 0)}


def test_exclusion(index):
    assert turn_hits(index.search("velkommen -kari")) == {("C0001", 0)}
    assert turn_hits(index.search("velkommen NOT kari")) == {("C0001", 0)}


def test_exclusion_applies_per_passage(index):
    # C0002 mentions "diagnostikk" in turn 1 only: its title and turn 1 are separate passages.
    r = index.search("kunstig -diagnostikk")
    assert [(h.case_id, h.field) for h in r.hits] == [("C0002", "title")]


def test_phrase_does_not_span_two_turns(index):
    # turn 2 ends with "Kristiansand?", turn 3 starts with "Innovasjon"
    assert index.search('"kristiansand innovasjon"').hits == []
    r = index.search("kristiansand innovasjon")  # no passage has both: passages with either, and a message
    assert r.message and {("C0001", 2), ("C0001", 3)} <= turn_hits(r)


def test_wildcards(index):
    assert ("C0001", 1) in turn_hits(index.search("ko?mune"))
    assert ("C0002", 1) in turn_hits(index.search("diagno*k"))
    r = index.search("*sjon")
    assert r.message and not r.failed


def test_filters_alone(index):
    r = index.search("gjest:laderud")
    assert [(h.case_id, h.kind, h.field) for h in r.hits] == [("C0001", "case", "title")]
    assert [h.turn_index for h in index.search("taler:oyvind").hits] == [1, 3]


def test_limit(index):
    r = index.search("velkommen", limit=1)
    assert len(r.hits) == 1 and r.total == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"åpen innovasjon',
        '"',
        "AND",
        "OR",
        "NOT",
        "innovasjon AND",
        "AND AND OR",
        "*",
        "~",
        "?",
        "()",
        "(innovasjon",
        "innovasjon)",
        "tema:",
        "speaker:",
        ":",
        "a:b:c",
        "innovasjon^",
        "innovasjon~~",
        "~2",
        "x" * 10_000,
        "innovasjon " * 2000,
        "*sjon",
        "[a TO b]",
        "{x}",
        "\\",
        "NOT innovasjon",
        "-innovasjon",
        "og",
        "\x00",
        "innovasjon\x00",
        "🙂",
        "kind:",
        "ANDMAYBE",
        "'",
        "a'b",
    ],
)
def test_bad_queries_never_raise(index, query):
    r = index.search(query)
    assert isinstance(r, SearchResult) and not r.failed
    assert r.total >= len({(h.case_id, h.note_id) for h in r.hits})


def test_bad_queries_explain_themselves(index):
    for q in ("", "*", "AND", "og", "NOT innovasjon", "x" * 10_000):
        assert index.search(q).message, q
    r = index.search('"åpen innovasjon')
    assert r.message and ("C0001", 0) in turn_hits(r)
    r = index.search("innovasjon OR")
    assert r.message and r.hits


# -- hits ---------------------------------------------------------------


def test_hit_maps_to_case_turn_and_speaker(index):
    hits = [h for h in index.search("diagnostikk").hits if h.kind == "turn"]
    assert len(hits) == 1
    h = hits[0]
    assert (h.case_id, h.turn_index, h.speaker) == ("C0002", 1, "Kari Nordmann")
    assert h.note_id is None and h.score > 0


def test_case_field_hits_say_which_field(index):
    fields = {h.field for h in index.search("Kristiansand").hits if h.kind == "case"}
    assert {"guests", "organisation"} <= fields
    title = [h for h in index.search("innovative").hits if h.kind == "case"]
    assert title and title[0].field == "title" and title[0].turn_index is None


def test_snippet_spans_mark_matched_words(index):
    h = next(h for h in index.search("kommunene").hits if h.kind == "turn")
    assert h.snippet == "Kristiansand kommune vil lære av andre byer i Europa."
    assert [h.snippet[a:b] for a, b in h.spans] == ["kommune"]


def test_long_turn_snippet_is_a_window_around_the_match(tmp_path):
    filler = " ".join(f"ord{i}" for i in range(3000))
    case = Case(id="C0003", title="Lang", turns=[Turn("A", f"{filler} blokkjede {filler}")])
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.rebuild([(case, [])])
    (h,) = ix.search("blokkjede").hits
    assert len(h.snippet) < 260 and h.snippet.startswith("…") and h.snippet.endswith("…")
    assert [h.snippet[a:b] for a, b in h.spans] == ["blokkjede"]
    ix.close()


# -- updates ------------------------------------------------------------


def test_note_is_findable_after_update_and_gone_after_remove(index):
    note = Note(id=7, case_id="C0001", text="Husk å lese om smartbyer i Estland", position=42.5, turn_index=1)
    assert index.search("Estland").hits == []
    assert index.update_note(note)
    (h,) = index.search("estland").hits
    assert (h.kind, h.case_id, h.note_id, h.turn_index, h.position, h.field) == ("note", "C0001", 7, 1, 42.5, "note")
    assert [h.snippet[a:b] for a, b in h.spans] == ["Estland"]
    # notes carry their case's theme, so filters work on them too
    assert [h.note_id for h in index.search("tema:etikk estland").hits] == [7]
    note.text = "Husk Tallinn"
    index.update_note(note)
    assert index.search("estland").hits == []
    assert [h.note_id for h in index.search("tallinn").hits] == [7]
    index.remove_note(7)
    assert index.search("tallinn").hits == []


def test_update_case_replaces_everything_of_that_case(index):
    a, b = make_cases()
    index.update_note(Note(id=1, case_id="C0002", text="notat om kvantedatamaskiner"))
    b.turns[1] = Turn("Kari Nordmann", "Roboter i eldreomsorgen.")
    index.update_case(b, [])
    assert index.search("diagnostikk").hits == []
    assert turn_hits(index.search("eldreomsorgen")) == {("C0002", 1)}
    assert index.search("kvantedatamaskiner").hits == []  # notes are replaced too
    assert turn_hits(index.search("kristiansand")) == {("C0001", 1), ("C0001", 2)}


def test_remove_case(index):
    index.remove_case("C0002")
    assert {h.case_id for h in index.search("velkommen").hits} == {"C0001"}


def test_updates_from_a_worker_thread_while_searching(index):
    a, _ = make_cases()
    errors = []

    def work():
        try:
            for i in range(15):
                index.update_note(Note(id=100 + i, case_id="C0001", text=f"tråd{i} notat"))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        assert index.search("velkommen").hits
    t.join()
    assert not errors
    assert index.search("notat").total == 15


# -- lifecycle ----------------------------------------------------------


def _gen_dir(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def test_fresh_index_is_checked_ok_and_not_rebuilt_again(index):
    assert index.check() is None
    assert index.ensure(lambda: pytest.fail("must not read the library")) is False


def test_rebuilt_after_deletion(tmp_path, index):
    index.close()
    shutil.rmtree(tmp_path / "index")
    ix = SearchIndex(tmp_path / "index", procs=1)
    assert ix.check() and ix.search("velkommen").hits == []
    assert ix.ensure(lambda: items()) is True
    assert ix.check() is None and ix.search("velkommen").total == 2


@pytest.mark.parametrize("damage", ["garble", "truncate", "delete_toc"])
def test_rebuilt_after_corruption(tmp_path, index, damage):
    index.close()
    gen = _gen_dir(tmp_path / "index")
    if damage == "delete_toc":
        (toc,) = gen.glob("_MAIN_*.toc")
        toc.unlink()
    else:
        seg = max(gen.glob("*.seg"), key=lambda p: p.stat().st_size)
        data = bytearray(seg.read_bytes())
        if damage == "garble":
            mid = len(data) // 2
            data[mid : mid + 64] = bytes(64)
        else:
            data = data[: len(data) // 2]
        seg.write_bytes(bytes(data))
    ix = SearchIndex(tmp_path / "index", procs=1)
    assert ix.check()
    assert ix.ensure(lambda: items()) is True
    assert ix.check() is None
    assert turn_hits(ix.search("diagnostikk")) == {("C0002", 1)}


def test_rebuilt_after_a_writer_died(tmp_path, index):
    index.close()
    # A separate process starts an update and dies before committing, leaving its lock behind.
    script = textwrap.dedent(f"""
        import os
        from lornplayer.search import SearchIndex
        ix = SearchIndex({str(tmp_path / "index")!r}, procs=1)
        def die(writer):
            writer.add_document(kind="case", case_id="C0009", text="halvferdig")
            os._exit(3)
        ix._write(die)
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 3
    ix = SearchIndex(tmp_path / "index", procs=1)
    assert "writer" in ix.check()
    assert ix.ensure(lambda: items()) is True
    assert ix.check() is None and ix.search("diagnostikk").hits
    assert ix.update_note(Note(id=3, case_id="C0001", text="etterpå"))
    assert ix.search("etterpå").hits


def test_old_schema_version_is_rebuilt(tmp_path, index):
    index.close()
    meta_path = _gen_dir(tmp_path / "index") / "lornplayer-index.json"
    meta = json.loads(meta_path.read_text())
    meta["schema"] = SCHEMA_VERSION - 1
    meta_path.write_text(json.dumps(meta))
    ix = SearchIndex(tmp_path / "index", procs=1)
    assert "schema" in ix.check()
    assert ix.ensure(lambda: items()) is True
    assert ix.check() is None


def test_failed_rebuild_keeps_the_old_index(tmp_path, index):
    def broken():
        yield from items()[:1]
        raise RuntimeError("library went away")

    with pytest.raises(RuntimeError):
        index.rebuild(broken())
    assert index.check() is None
    assert turn_hits(index.search("diagnostikk")) == {("C0002", 1)}
    assert len(list((tmp_path / "index").glob("ix-*"))) == 1


def test_search_keeps_working_during_a_rebuild(index):
    started, release = threading.Event(), threading.Event()

    def slow_library():
        yield items()[0]
        started.set()
        assert release.wait(10)
        yield from items()[1:]

    worker = threading.Thread(target=index.rebuild, args=(slow_library(),))
    worker.start()
    assert started.wait(10)
    assert turn_hits(index.search("diagnostikk")) == {("C0002", 1)}  # the old index still answers
    release.set()
    worker.join()
    assert turn_hits(index.search("diagnostikk")) == {("C0002", 1)}


def test_search_before_the_first_build_is_not_blocked(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1)
    started, release = threading.Event(), threading.Event()

    def slow_library():
        started.set()
        assert release.wait(10)
        yield from items()

    worker = threading.Thread(target=ix.ensure, args=(slow_library,))
    worker.start()
    assert started.wait(10)
    r = ix.search("velkommen")  # returns at once although the build holds the writer lock
    assert r.hits == [] and r.message
    release.set()
    worker.join()
    assert ix.search("velkommen").total == 2
    ix.close()


def test_rebuild_reports_progress(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1)
    seen = []
    ix.rebuild(items(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    ix.close()


def test_cases_given_in_memory_build_in_this_process_also_with_procs(tmp_path):
    """Worker processes read the library themselves (tests/test_search_parallel.py): cases given
    as objects are indexed by this process, whatever ``procs`` says."""
    from lornplayer.search.compat import segment_count

    a, b = make_cases()
    many = []
    for i in range(60):
        c = Case.from_dict(a.to_dict() if i % 2 else b.to_dict())
        c.id = f"C{i + 100:04d}"
        many.append((c, []))
    serial = SearchIndex(tmp_path / "serial", procs=1)
    serial.rebuild(many)
    parallel = SearchIndex(tmp_path / "parallel", procs=2, parallel_min_cases=0)
    parallel.rebuild(many)
    assert segment_count(parallel._ix) == 1
    for q in ("velkommen", '"åpen innovasjon"', "tema:helse innov*", "speaker:kari"):
        assert parallel.search(q, limit=500).total == serial.search(q, limit=500).total > 0
    assert parallel.check() is None
    serial.close()
    parallel.close()


def test_real_seed_pages(tmp_path, seeds_dir):
    from lornplayer.parser import parse_file

    cases = [parse_file(seeds_dir / f"{name}.txt").case for name in ("C0557", "C0608", "C0796")]
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.rebuild([(c, []) for c in cases])
    r = ix.search('"åpen innovasjon" speaker:laderud')
    assert r.hits and all(h.case_id == "C0557" and h.speaker == "Øyvind Laderud" for h in r.hits)
    assert {h.case_id for h in ix.search("baerekraft").hits} >= {"C0608", "C0796"}
    ix.close()


def test_ranking_agrees_with_whoosh_matchers(tmp_path, seeds_dir):
    """The block-at-a-time ranking gives Whoosh's own scores and order, across segments and deletions."""
    from whoosh import qparser
    from whoosh.query import Term

    from lornplayer.parser import parse_file
    from lornplayer.search import MAX_DOCS, SaturatedTF
    from lornplayer.search import rank as _rank

    seeds = [parse_file(p).case for p in sorted(seeds_dir.glob("*.txt"))]
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.rebuild([(c, []) for c in seeds + make_cases()])
    ix.update_case(make_cases()[0])  # a second segment, and a deleted document in the first
    ix.update_note(Note(id=7, case_id="C0002", text="Innovasjon og etikk i sykehus"))
    parser = ix._planner._parser(qparser.AndGroup)
    with ix._ix.searcher(weighting=SaturatedTF()) as s:
        assert s.reader().has_deletions() and len(s.reader().leaf_readers()) > 1
        for text in (
            "innovasjon",
            "innovasjon etikk",
            "innovasjon OR etikk OR kommune",
            "tema:helse OR bærekraft",
            "(tema:helse kari) OR bærekraft",
            "(kunstig intelligens) OR (offentlig sektor)",
            "teknologi^2 OR data",
        ):
            q = parser.parse(text)
            for flt in (None, Term("case_id", "c0002")):
                ranked, total = _rank(s, q, flt)
                expected = s.search(q, limit=MAX_DOCS, filter=flt)
                assert total == len(expected) and (flt or total), text
                assert [d for d, _ in ranked] == [hit.docnum for hit in expected], text
                assert [sc for _, sc in ranked] == pytest.approx([hit.score for hit in expected]), text
    ix.close()


def test_token_column_round_trips_positions_and_ranges():
    from lornplayer.search import make_schema
    from lornplayer.search import occurrences as _occurrences

    schema = make_schema()
    value = "Åpen innovasjon i kommunen: kommunene og innovasjonen, og ÅPEN innovasjon igjen."
    blob = schema["tokens"].to_column_value(value)
    expected = schema["text"].analyzer.postings(value)
    assert _occurrences(blob, list(expected) + ["fravaerende"]) == expected
    assert [value[a:b] for _, a, b in expected["innovasjon"]] == ["innovasjon", "innovasjonen", "innovasjon"]
    assert _occurrences(schema["tokens"].to_column_value(""), ["innovasjon"]) == {}


def test_compat_refuses_an_untested_whoosh_version():
    from lornplayer.search import compat

    compat.check_version((2, 7, 5))
    with pytest.raises(compat.WhooshVersionError, match=r"2\.7\.5"):
        compat.check_version((2, 8, 0))


def test_whoosh_internals_only_in_compat():
    """Private Whoosh names (``x._y`` on Whoosh objects) are used in search/compat.py only."""
    import re

    import lornplayer.search as pkg

    private = re.compile(
        r"\.(_terms|_read_ids|_read_weights|_next_block|_segments|_fpath|_text_to_bytes|_ids|_weights)\b"
    )
    for path in Path(pkg.__file__).parent.glob("*.py"):
        if path.name != "compat.py":
            assert not private.search(path.read_text(encoding="utf-8")), path.name


def test_token_column_keeps_very_long_words_and_large_gaps():
    from lornplayer.search import make_schema, occurrences

    schema = make_schema()
    value = "kort " + "x" * 70_000 + " " * 80_000 + "slutt"
    expected = schema["text"].analyzer.postings(value)
    assert occurrences(schema["tokens"].to_column_value(value), list(expected)) == expected
    assert expected["slutt"][0][1] == 150_005
