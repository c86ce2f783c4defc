"""Full rebuilds in worker processes, one per CPU (up to ``SearchIndex.procs``).

The cases are split by id into contiguous ranges, one per worker.  Each worker is
a *spawned* interpreter (never forked: the window's rebuild runs while Qt's threads
do), opens the library read-only, reads its range itself (no cases are pickled to
it), writes its own segment into the new, not yet swapped-in, index generation and
reports progress (cases done) to the parent over a pipe.  The parent adds the
segments to one table of contents; :meth:`SearchIndex.rebuild` then swaps the
generation in as always.  Cancelling, an exception in the parent's progress callback,
or a worker dying (killed, or an exception) terminates the workers and fails the
rebuild: the new generation is removed and the old index stays.

A worker imports only this package's non-Qt modules and :mod:`lornplayer.store`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from lornplayer.errors import Cancelled, LornError
from lornplayer.model import Case, Note

log = logging.getLogger(__name__)

#: Below this many cases a rebuild stays in one process: starting an interpreter costs ~0.3-0.5 s.
PARALLEL_MIN_CASES = 200

_POLL = 0.2  # seconds between looks at cancelled() while no worker reports


class IndexBuildError(LornError):
    """A worker process of a full rebuild failed; the old index is kept."""


class SpawnFailed(Exception):
    """A worker process could not be started (nothing was indexed by any worker)."""


class LibraryCases:
    """(case, its notes) for ``case_ids`` (all cases if None) of ``library``, read lazily; what
    :func:`~lornplayer.search.follow.index_items` returns.  A full rebuild from one of these
    (all cases) may let worker processes read the library themselves."""

    def __init__(self, library, case_ids: list[str] | None = None, cancelled: Callable[[], bool] | None = None):
        self.library = library
        self.case_ids = case_ids
        self.cancelled = cancelled

    def __iter__(self) -> Iterator[tuple[Case, list[Note]]]:
        library, case_ids, cancelled = self.library, self.case_ids, self.cancelled
        notes_by_case: dict[str, list[Note]] = {}
        if case_ids is None:
            for note in library.notes():
                notes_by_case.setdefault(note.case_id, []).append(note)
        for case_id in library.case_ids() if case_ids is None else case_ids:
            if cancelled is not None and cancelled():
                raise Cancelled("indexing cancelled")
            case = library.get_case(case_id)
            if case is not None:
                yield case, notes_by_case.get(case_id, []) if case_ids is None else library.notes(case_id)


@dataclass(frozen=True)
class Job:
    """What one worker indexes: the cases of ``library`` with ids from ``first`` to ``last``."""

    number: int  # 1-based
    of: int
    library: str  # the database file
    gen: str  # the new index generation's folder
    first: str
    last: str
    fault: tuple | None = None  # tests: ("raise" | "kill", after this many cases)


def can_spawn() -> bool:
    """Can this process start a fresh Python interpreter for a worker?"""
    if getattr(sys, "frozen", False):  # a bundled app would start itself again
        return False
    return bool(sys.executable) and os.path.isfile(sys.executable)


def plan(items, procs: int, min_cases: int) -> tuple[str, list[str]] | None:
    """(database file, case ids in order) if a rebuild from ``items`` should use worker processes."""
    if procs < 2 or not isinstance(items, LibraryCases) or items.case_ids is not None:
        return None
    path = getattr(items.library, "path", None)
    if path is None or not Path(path).is_file() or not can_spawn():
        return None
    case_ids = items.library.case_ids()
    if len(case_ids) < max(min_cases, 2):
        return None
    return str(path), case_ids


def jobs(library: str, gen: Path, case_ids: list[str], procs: int, fault: tuple | None = None) -> list[Job]:
    """Contiguous id ranges of about equal size, one per worker (``fault``: for the last worker)."""
    n = min(procs, len(case_ids))
    bounds = [len(case_ids) * i // n for i in range(n + 1)]
    return [
        Job(i + 1, n, library, str(gen), case_ids[a], case_ids[b - 1], fault if i == n - 1 else None)
        for i, (a, b) in enumerate(zip(bounds, bounds[1:]))
    ]


def run(
    todo: list[Job],
    progress: Callable[[int, int], None] | None,
    total: int,
    cancelled: Callable[[], bool] | None,
) -> list:
    """Run the workers; the segments they wrote, in case order.  Raises :class:`Cancelled` or
    :class:`IndexBuildError` (after terminating every worker), or :class:`SpawnFailed`."""
    ctx = multiprocessing.get_context("spawn")
    started: list = []
    conn: Connection
    pipes: dict = {}  # the parent's end of each running worker's pipe -> its job
    try:
        for job in todo:
            receive, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=work, args=(job, send), name=f"lornplayer-index-{job.number}", daemon=True)
            try:
                process.start()
            except Exception as exc:
                raise SpawnFailed(f"{type(exc).__name__}: {exc}") from exc
            finally:
                send.close()  # the worker's end: a dead worker then reads as end of file
            started.append(process)
            pipes[receive] = job
        done = [0] * len(todo)
        segments: list = [None] * len(todo)
        while pipes:
            if cancelled is not None and cancelled():
                raise Cancelled("indexing cancelled")
            for ready in wait(list(pipes), timeout=_POLL):
                conn = ready  # type: ignore[assignment]  # one of the pipes
                job = pipes[conn]
                try:
                    kind, value = conn.recv()
                except EOFError:
                    process = started[job.number - 1]
                    process.join(5)
                    raise IndexBuildError(_died(job, process.pid, process.exitcode)) from None
                if kind == "progress":
                    done[job.number - 1] = value
                    if progress:
                        progress(sum(done), total)
                elif kind == "done":
                    segments[job.number - 1] = value
                    del pipes[conn]
                    conn.close()
                else:
                    raise IndexBuildError(
                        f"The search index was not rebuilt (the old one is kept): worker {job.number} of "
                        f"{job.of} failed: {value}"
                    )
        for process in started:
            process.join()
        if cancelled is not None and cancelled():
            raise Cancelled("indexing cancelled")
        return [s for s in segments if s is not None]
    finally:
        for conn in pipes:
            conn.close()
        for process in started:
            if process.is_alive():
                process.terminate()
        for process in started:
            process.join()
            process.close()


def _died(job: Job, pid: int | None, code: int | None) -> str:
    if code is not None and code < 0:
        try:
            how = f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exited with code {code}"
    return (
        f"The search index was not rebuilt (the old one is kept): worker {job.number} of {job.of} "
        f"(pid {pid}) {how} before it finished"
    )


def work(job: Job, conn) -> None:
    """A worker's main: index ``job``'s cases into a segment of the new generation; send
    ("progress", cases done) after each case, then ("done", segment) or ("error", message)."""
    try:
        conn.send(("done", _index(job, conn)))
    except BaseException as exc:
        try:
            conn.send(("error", "".join(traceback.format_exception_only(type(exc), exc)).strip()))
        except OSError:  # the parent is gone
            pass
        log.debug("index worker %d failed", job.number, exc_info=True)
    finally:
        conn.close()


def _index(job: Job, conn):
    from lornplayer.search.compat import BulkWriter, MmapStorage, codec
    from lornplayer.search.index import _BULK_FIELDS
    from lornplayer.search.schema import case_documents
    from lornplayer.store import Library

    library = Library(job.library, read_only="a search index worker only reads the library")
    try:
        case_ids = [c for c in library.case_ids() if job.first <= c <= job.last]  # SQLite's order is str order
        notes: dict[str, list[Note]] = {}
        for note in library.notes():
            if job.first <= note.case_id <= job.last:
                notes.setdefault(note.case_id, []).append(note)
        store = MmapStorage(job.gen)
        store.temp_prefix = f"w{job.number}-"  # the workers' temporary files apart
        ix = store.open_index()
        writer = BulkWriter(ix, bulk=_BULK_FIELDS, limitmb=256, codec=codec(), _lk=False)
        try:
            for done, case_id in enumerate(case_ids, 1):
                case = library.get_case(case_id)
                if case is not None:
                    for doc in case_documents(case, notes.get(case_id, []), keep_text=False):
                        writer.add_document(**doc)
                if job.fault and done == job.fault[1]:
                    if job.fault[0] == "kill":
                        os.kill(os.getpid(), signal.SIGKILL)
                    raise RuntimeError(f"a test's fault after {done} cases")
                conn.send(("progress", done))
        except BaseException:
            writer.cancel()
            raise
        return writer.finish_segment()
    finally:
        library.close()
