"""What the index keeps on disk: no case texts when built from a library (snippets come from the
library's text), and the bulk writer's postings are Whoosh's own."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import RamStorage

from lornplayer.model import Note
from lornplayer.search import SearchIndex, follow, make_schema, text_analyzer
from lornplayer.search.compat import BulkWriter, codec
from lornplayer.search.follow import library_key
from lornplayer.search.schema import case_documents
from lornplayer.store import Library
from tests.test_search import make_cases


def _library(tmp_path) -> Library:
    lib = Library(tmp_path / "lib.sqlite3")
    for case in make_cases():
        lib.upsert_case(case)
    return lib


def _hits(ix: SearchIndex, query: str) -> list[tuple]:
    return sorted((h.case_id, h.kind, h.turn_index, h.field, h.snippet, tuple(h.spans)) for h in ix.search(query).hits)


def test_index_built_from_a_library_keeps_no_case_text_yet_snippets_are_the_same(tmp_path):
    lib = _library(tmp_path)
    note = Note(None, "C0001", "Husk å lese om bærekraft i byer.")
    lib.add_note(note)
    from_library = SearchIndex(tmp_path / "a", procs=1)
    follow(from_library, lib)
    assert from_library.meta()["library"] == library_key(lib)
    keeping = SearchIndex(tmp_path / "b", procs=1)
    keeping.rebuild([(c, lib.notes(c.id)) for c in lib.iter_cases()])  # no library: texts kept, compressed
    with from_library._ix.searcher() as s:
        stored = list(s.all_stored_fields())
    cases = [d for d in stored if d["kind"] == "case"]
    assert cases and all("text" not in d and "text_body" not in d for d in cases)
    assert all(isinstance(d["digest"], int) for d in cases)
    assert [d["body"] for d in stored if d["kind"] == "note"] == ["Husk å lese om bærekraft i byer."]
    for query in ("bærekraft", '"åpen innovasjon"', "kommune*", "tema:helse intelligens", "innovasjn"):
        hits = _hits(from_library, query)
        assert hits and hits == _hits(keeping, query), query
    hit = next(h for h in from_library.search("diagnostikk").hits)
    assert (hit.case_id, hit.kind, hit.turn_index) == ("C0002", "turn", 1)
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["diagnostikk"]
    from_library.close()
    keeping.close()
    lib.close()


def test_a_case_changed_in_the_library_but_not_yet_in_the_index_gives_no_wrong_snippet(tmp_path):
    lib = _library(tmp_path)
    ix = SearchIndex(tmp_path / "index", procs=1)
    follow(ix, lib)
    case = lib.get_case("C0002")
    case.turns[1].text = "Et helt annet innhold uten det gamle ordet."
    lib.upsert_case(case)
    assert ix.search("diagnostikk").hits == []  # the index still has the word, the library's text not
    assert {h.case_id for h in ix.search("velkommen").hits} == {"C0001"}
    follow(ix, lib)
    hit = ix.search("innhold").hits[0]
    assert (hit.case_id, hit.turn_index) == ("C0002", 1) and "innhold" in hit.snippet
    ix.close()
    lib.close()


def test_texts_callable_serves_snippets(tmp_path):
    lib = _library(tmp_path)
    asked = []

    def texts(case_id):
        asked.append(case_id)
        return lib.get_case(case_id)

    ix = SearchIndex(tmp_path / "index", procs=1, texts=texts)
    ix.rebuild([(c, []) for c in lib.iter_cases()], library="elsewhere")
    hit = ix.search("diagnostikk").hits[0]
    assert asked == ["C0002"] and [hit.snippet[a:b] for a, b in hit.spans] == ["diagnostikk"]
    ix.close()
    lib.close()


def _postings(ix) -> dict:
    out = {}
    with ix.searcher() as s:
        r = s.reader()
        for field, term in r.all_terms():
            out[field, term] = list(_ids_weights(r.postings(field, term)))
        stored = list(s.all_stored_fields())
        tokens = [r.column_reader("tokens", translate=False)[i] for i in range(r.doc_count_all())]
        lengths = [r.doc_field_length(i, "text") for i in range(r.doc_count_all())]
        infos = dict(r._terms._tindex.items())  # the term infos as written
    return {"postings": out, "stored": stored, "tokens": tokens, "lengths": lengths, "infos": infos}


def _ids_weights(m):
    while m.is_active():
        yield m.id(), m.weight()
        m.next()


@pytest.mark.parametrize("cache_limit", [None, 40])
def test_bulk_writer_writes_what_whooshs_writer_writes(cache_limit):
    """Also when the analyzer's caches fill up and start again (new term numbers) within one writer."""
    docs = [d for c in make_cases() * 70 for d in case_documents(c, [Note(7, c.id, "en notat om byer")])]
    built = []
    for bulk in (False, True):
        ix = RamStorage().create_index(make_schema())
        w = BulkWriter(ix, bulk=("text",), codec=codec()) if bulk else ix.writer(codec=codec())
        if cache_limit:
            w.schema["text"].analyzer._CACHE_LIMIT = cache_limit
        for doc in docs:
            w.add_document(**doc)
        w.commit()
        built.append(_postings(ix))
    assert built[0]["postings"] and built[0] == built[1]
    assert max(len(p) for p in built[0]["postings"].values()) > 128  # several posting blocks per term


def test_incremental_updates_and_merges_through_the_bulk_writer(tmp_path):
    ix = SearchIndex(tmp_path / "index", procs=1)
    cases = make_cases()
    ix.rebuild([(c, []) for c in cases])
    for i in range(12):  # past the segment count that makes a commit merge
        cases[0].turns[0].text = f"Velkommen til runde{i} av LØRN."
        assert ix.update_case(cases[0])
    assert [h.case_id for h in ix.search("runde11").hits] == ["C0001"]
    assert ix.search("runde3").hits == []
    assert {h.case_id for h in ix.search("velkommen").hits} == {"C0001", "C0002"}
    ix.close()


def test_terms_in_one_document_are_written_compactly_and_read_back():
    from whoosh.codec.whoosh3 import W3TermInfo

    from lornplayer.search.compat import _ONE_POSTING

    ix = RamStorage().create_index(make_schema())
    w = BulkWriter(ix, bulk=("text",), codec=codec())
    for c in make_cases():
        for doc in case_documents(c):
            w.add_document(**doc)
    w.commit()
    with ix.reader() as r:
        raw = r._terms._tindex  # one segment: a SegmentReader
        key = b"".join(k for k in raw.keys() if k.endswith(b"diagnostikk"))  # noqa: SIM118 - iterating gives items
        assert raw[key][0] == _ONE_POSTING and len(raw[key]) == W3TermInfo._struct.size
        assert r.doc_frequency("text", "diagnostikk") == 1 and r.frequency("text", "diagnostikk") == 1
        m = r.postings("text", "diagnostikk")
        assert (m.id(), m.weight()) == (1, 1)  # C0002 is the second document
        welcome = text_analyzer().term("velkommen")
        assert r.doc_frequency("text", welcome) == 2 and r.postings("text", welcome).all_ids() is not None


def test_term_index_hash_is_whooshs():
    from whoosh.filedb.filetables import md5_hash

    from lornplayer.search.compat import _md5_hash

    keys = [bytes(range(n)) for n in range(64)] + [b"kommunene" * n for n in range(5)]
    assert [_md5_hash(k) for k in keys] == [md5_hash(k) for k in keys]
