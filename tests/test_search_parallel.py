"""Full rebuilds in spawned worker processes (lornplayer.search.parallel): the same index as one
process builds, progress, cancelling and dying workers (the old index stays)."""

from __future__ import annotations

import multiprocessing

import pytest

from lornplayer.errors import Cancelled
from lornplayer.search import SearchIndex, index_items
from lornplayer.search.compat import segment_count
from lornplayer.search.follow import library_key
from lornplayer.search.parallel import IndexBuildError, plan
from lornplayer.store import Library
from lornplayer.tools.bench_search import synthetic_cases
from tests.test_search import items

N_CASES = 200
QUERIES = ("bærekraft", "kunstig intelligens", '"kunstig intelligens"', "innova*", "tema:helse data", "speaker:silvija")


@pytest.fixture(scope="module")
def library_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("parallel") / "lib.sqlite3"
    lib = Library(path)
    for case in synthetic_cases(N_CASES, seed=7):
        lib.upsert_case(case)
    lib.close()
    return path


@pytest.fixture
def lib(library_path):
    lib = Library(library_path)
    yield lib
    lib.close()


def _rebuild(ix: SearchIndex, lib: Library, progress=None, cancelled=None) -> None:
    ix.rebuild(
        index_items(lib, cancelled=cancelled),
        progress=progress,
        total=lib.count_cases(),
        stamp=lib.change_stamp(),
        library=library_key(lib),
    )


def _hits(ix: SearchIndex, query: str) -> tuple[int, list[tuple]]:
    r = ix.search(query, limit=1000)
    return r.total, [(h.case_id, h.kind, h.turn_index, h.field, h.speaker, h.snippet, tuple(h.spans)) for h in r.hits]


def _old_index(tmp_path) -> SearchIndex:
    """An index of two small cases (not from the library) that a failed rebuild must leave as it is."""
    ix = SearchIndex(tmp_path / "index", procs=2, parallel_min_cases=0)
    ix.rebuild(items())
    assert ix.search("diagnostikk").total == 1
    return ix


def _assert_old_index_kept(ix: SearchIndex, before: set) -> None:
    assert not multiprocessing.active_children()  # every worker was stopped
    assert {p.name for p in ix.index_dir.glob("ix-*")} == before  # the new generation is gone
    assert ix.check() is None
    assert ix.search("diagnostikk").total == 1
    fresh = SearchIndex(ix.index_dir, procs=1)  # as the next start opens it
    assert fresh.search("diagnostikk").total == 1
    fresh.close()


def test_two_workers_build_an_index_answering_as_one_process_does(tmp_path, lib):
    serial = SearchIndex(tmp_path / "serial", procs=1)
    _rebuild(serial, lib)
    parallel = SearchIndex(tmp_path / "parallel", procs=2, parallel_min_cases=0)
    seen: list[tuple[int, int]] = []
    _rebuild(parallel, lib, progress=lambda done, total: seen.append((done, total)))
    assert segment_count(parallel._ix) == 2  # one per worker
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (N_CASES, N_CASES) and {total for _, total in seen} == {N_CASES}
    assert parallel.check() is None
    assert parallel.meta()["library"] == library_key(lib) and parallel.meta()["stamp"] == lib.change_stamp()
    for query in QUERIES:
        total, hits = _hits(parallel, query)
        assert total > 0 and (total, hits) == _hits(serial, query), query
    similar = parallel.whoosh_index()
    assert similar is not None and similar.doc_count() == N_CASES
    serial.close()
    parallel.close()


def test_a_small_library_or_cases_not_from_a_library_are_indexed_in_this_process(lib):
    assert plan(index_items(lib), procs=2, min_cases=N_CASES + 1) is None
    assert plan(index_items(lib), procs=1, min_cases=0) is None
    assert plan(list(index_items(lib, lib.case_ids()[:3])), procs=2, min_cases=0) is None
    assert plan(index_items(lib, lib.case_ids()[:3]), procs=2, min_cases=0) is None  # catching up, not a rebuild
    planned = plan(index_items(lib), procs=2, min_cases=N_CASES)
    assert planned is not None and planned[1] == lib.case_ids()


def test_cancelling_stops_the_workers_and_keeps_the_old_index(tmp_path, lib):
    ix = _old_index(tmp_path)
    before = {p.name for p in ix.index_dir.glob("ix-*")}
    stop = []
    with pytest.raises(Cancelled):
        _rebuild(ix, lib, progress=lambda done, total: stop.append(done), cancelled=lambda: bool(stop))
    assert stop  # the workers did report progress
    _assert_old_index_kept(ix, before)
    ix.close()


def test_an_exception_in_the_progress_callback_stops_the_workers(tmp_path, lib):
    ix = _old_index(tmp_path)
    before = {p.name for p in ix.index_dir.glob("ix-*")}

    def progress(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _rebuild(ix, lib, progress=progress)
    _assert_old_index_kept(ix, before)
    ix.close()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (("raise", 3), "worker 2 of 2 failed: RuntimeError: a test's fault after 3 cases"),
        (("kill", 3), "worker 2 of 2 (pid "),
    ],
)
def test_a_worker_that_fails_fails_the_rebuild_and_the_old_index_stays(tmp_path, lib, fault, message):
    ix = _old_index(tmp_path)
    before = {p.name for p in ix.index_dir.glob("ix-*")}
    ix._worker_fault = fault
    with pytest.raises(IndexBuildError, match="the old one is kept") as failed:
        _rebuild(ix, lib)
    assert message in str(failed.value)
    if fault[0] == "kill":
        assert "killed by signal SIGKILL" in str(failed.value)
    _assert_old_index_kept(ix, before)
    ix._worker_fault = None
    _rebuild(ix, lib)  # the next rebuild succeeds
    assert ix.search("diagnostikk").total == 0 and ix.search("bærekraft").total > 0
    ix.close()


def test_when_no_worker_can_start_this_process_builds_the_index(tmp_path, lib, monkeypatch):
    import multiprocessing.context

    def cannot_start(self):
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", cannot_start)
    ix = SearchIndex(tmp_path / "index", procs=2, parallel_min_cases=0)
    seen: list[int] = []
    _rebuild(ix, lib, progress=lambda done, total: seen.append(done))
    assert segment_count(ix._ix) == 1 and seen[-1] == N_CASES
    assert ix.check() is None and ix.search("bærekraft").total > 0
    ix.close()
