"""The search index object: opening, building, incremental updates and searching."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import qparser
from whoosh import query as wq
from whoosh.searching import Searcher

from lornplayer.model import Case, Note
from lornplayer.search import parallel, storage
from lornplayer.search.analysis import decompress_text
from lornplayer.search.compat import BulkWriter, MmapStorage, add_segments, codec, segment_count
from lornplayer.search.passages import run
from lornplayer.search.query import QueryPlanner, plain_words, prepare
from lornplayer.search.ranking import SaturatedTF
from lornplayer.search.results import Hit, SearchResult
from lornplayer.search.schema import _note_doc, case_documents, case_text, digest, make_schema

if TYPE_CHECKING:
    from lornplayer.store import Library

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_BULK_FIELDS = ("text",)  # written by BulkWriter's fast path
_MERGE_AT_SEGMENTS = 8  # incremental updates add a segment each; merge the small ones at this count


class SearchIndex:
    """The on-disk search index (derived data: the library can always rebuild it).

    Use: ``ensure(source)`` once, in a background thread, at start-up (it checks
    the index and rebuilds it if needed); ``search()`` from any thread, e.g. the
    GUI's; ``update_case()``/``update_note()``/``remove_*()`` from a worker
    thread when the library changes.  Writers are serialised by a lock;
    ``search()`` never waits for a rebuild (the old index keeps answering, and
    before the first build it returns at once with a message) and sees every
    commit on its next call.  Update methods return False, doing nothing, when
    there is no usable index yet: the pending ensure() reads the library anyway.
    """

    def __init__(
        self,
        index_dir: Path | str,
        procs: int | None = None,
        texts: Callable[[str], Case | None] | None = None,
        parallel_min_cases: int = parallel.PARALLEL_MIN_CASES,
    ):
        """``procs``: worker processes for full rebuilds from a library (default: up to 2 CPUs; see
        :mod:`lornplayer.search.parallel`: they are spawned, so any process may use them, threads or
        not); a library of fewer than ``parallel_min_cases`` cases is indexed in this process.

        ``texts``: case id -> the case as in the library, for snippets.  An index built
        from a library (``rebuild(..., library=path)``) does not hold the cases' texts: they
        come from ``texts``, or else from that library database opened read-only."""
        self.index_dir = Path(index_dir)
        self.procs = procs or max(1, min(2, os.cpu_count() or 1))
        self.parallel_min_cases = parallel_min_cases
        self._worker_fault: tuple | None = None  # tests: make the last worker fail (see parallel.Job)
        self._wlock = threading.RLock()  # writers, rebuilds, opening
        self._slock = threading.Lock()  # the shared searcher and the planner
        self._ix = None
        self._gen_dir: Path | None = None
        self._searcher = None
        self._stale_searcher = False
        self._planner = QueryPlanner()
        self._flock = storage.WriterLock(self.index_dir)
        self._cleaned = False
        self.lock_timeout = 30.0  # seconds a writer waits for another process's write
        self.messages: list[str] = []  # what the index did that the user should know (moved a file aside)
        self._texts = texts
        self._source: str | None = None  # the library the open index was built from
        self._library: Library | None = None  # that library, opened read-only for texts

    # -- health -------------------------------------------------------
    def check(self) -> str | None:
        """None if the index on disk is usable, else the reason it must be rebuilt (reads every file)."""
        with self._wlock:
            if self.index_dir.exists() and not self.index_dir.is_dir():
                return f"the index location {self.index_dir} is a file, not a folder"
            return storage.check_dir(storage.current_dir(self.index_dir))

    def indexed_stamp(self) -> int | None:
        """The library change stamp the index says it is in step with (None: unknown)."""
        gen = storage.current_dir(self.index_dir)
        stamp = storage.read_meta(gen).get("stamp") if gen is not None else None
        return stamp if isinstance(stamp, int) else None

    def meta(self) -> dict:
        gen = storage.current_dir(self.index_dir)
        return storage.read_meta(gen) if gen is not None else {}

    # -- the one writer ------------------------------------------------
    @contextmanager
    def writing(self, timeout: float | None = None):
        """Hold this index's write lock: this process's threads and other processes wait
        (up to ``timeout``, default :attr:`lock_timeout`, then :class:`IndexBusy`).  Re-entrant."""
        with self._wlock:
            first = not self._flock.held
            if first:
                moved = storage.move_aside_if_not_folder(self.index_dir)
                if moved:
                    log.warning("%s", moved)
                    self.messages.append(moved)
                self._flock.acquire(self.lock_timeout if timeout is None else timeout)
            try:
                if first and not self._cleaned:
                    self._cleaned = True
                    removed = storage.clean_leftovers(self.index_dir)
                    if removed:
                        log.info("removed leftovers of interrupted index writers: %s", ", ".join(removed))
                yield
            finally:
                if first:
                    self._flock.release()

    # -- opening ------------------------------------------------------
    def is_open(self) -> bool:
        """Is the open index still the one CURRENT names?  (Cheap: one small file read.)"""
        return (
            self._ix is not None
            and storage.current_dir(self.index_dir) == self._gen_dir
            and self._gen_dir is not None
            and self._gen_dir.is_dir()
        )

    def _open(self) -> bool:
        """Open the current index if it is healthy.  Checking reads every file (~0.2 s for
        2,000 cases): done once, when the index is first opened or has been replaced by
        another process's rebuild; later calls only compare ``CURRENT``.  Caller holds _wlock."""
        if self.is_open():
            return True
        gen = storage.current_dir(self.index_dir)
        reason = storage.check_dir(gen)
        if reason:
            log.info("search index not usable: %s", reason)
            return False
        self._set_index(MmapStorage(str(gen)).open_index(), gen)
        return True

    def open_as_is(self) -> bool:
        """Open the index for searching without writing anything (when it cannot be written:
        another process holds it, or the folder is read-only).  False if it is not usable."""
        with self._wlock:
            return self._open()

    def _set_index(self, ix, gen: Path | None) -> None:
        with self._slock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = ix
            self._gen_dir = gen
            self._planner.forget_segments()
            source = storage.read_meta(gen).get("library") if gen is not None else None
            if self._library is not None and source != self._source:
                self._library.close()
                self._library = None
            self._source = source if isinstance(source, str) else None

    def close(self) -> None:
        """Release open files (the index stays on disk)."""
        with self._wlock:
            self._set_index(None, None)
            with self._slock:
                if self._library is not None:
                    self._library.close()
                    self._library = None

    # -- building -----------------------------------------------------
    def ensure(
        self,
        source: Callable[[], Iterable[tuple[Case, list[Note]]]],
        progress: Progress | None = None,
        total: int | None = None,
        stamp: int | None = None,
        library: str | None = None,
    ) -> bool:
        """Open the index, rebuilding it from ``source()`` first if it is missing,
        from an older schema, left locked by a dead writer or damaged.  Returns True if it rebuilt.

        Cheap once the index is open (the full check runs at the first call only).  ``stamp``:
        the library change stamp ``source`` is in step with and ``library`` the
        database it comes from, recorded with a rebuild."""
        with self._wlock:
            if self.is_open():
                return False
            if self._open():
                return False
            with self.writing():
                if self._open():  # another process rebuilt it while we waited for the lock
                    return False
                log.info("rebuilding search index: %s", self.check())
                self.rebuild(source(), progress=progress, total=total, stamp=stamp, library=library)
                return True

    def rebuild(
        self,
        items: Iterable[tuple[Case, list[Note]]],
        progress: Progress | None = None,
        total: int | None = None,
        stamp: int | None = None,
        library: str | None = None,
    ) -> None:
        """Build a fresh index from ``items`` in a new directory and swap it in atomically.

        ``progress(done, total)`` is called after each case (``total`` is 0 when unknown).
        ``stamp``: the library change stamp the items are in step with; ``library``: where they come from.
        """
        if total is None:
            total = len(items) if isinstance(items, Sized) else 0
        with self.writing():
            self.index_dir.mkdir(parents=True, exist_ok=True)
            gen = Path(tempfile.mkdtemp(prefix=storage.GEN_PREFIX, dir=self.index_dir))
            try:
                ix = MmapStorage(str(gen)).create_index(make_schema())
                if not self._build_in_workers(ix, gen, items, progress):
                    self._build_here(ix, items, progress, total, keep_text=library is None)
                storage.write_meta(gen, ix, stamp=stamp, library=library)
                storage.atomic_write(self.index_dir / storage.CURRENT, gen.name)
            except BaseException:
                shutil.rmtree(gen, ignore_errors=True)
                raise
            self._set_index(ix, gen)
            storage.remove_old_generations(self.index_dir, keep=gen)

    def _build_here(self, ix, items, progress: Progress | None, total: int, keep_text: bool) -> None:
        writer = BulkWriter(ix, bulk=_BULK_FIELDS, limitmb=256, codec=codec())
        try:
            for done, (case, notes) in enumerate(items, 1):
                for doc in case_documents(case, notes, keep_text=keep_text):
                    writer.add_document(**doc)
                if progress:
                    progress(done, total)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _build_in_workers(self, ix, gen: Path, items, progress: Progress | None) -> bool:
        """Index a whole library in worker processes (see :mod:`.parallel`).  False (nothing done) if
        this build is not for them: a small library, one CPU, not from a library, or no way to spawn."""
        planned = parallel.plan(items, self.procs, self.parallel_min_cases)
        if planned is None:
            return False
        path, case_ids = planned
        todo = parallel.jobs(path, gen, case_ids, self.procs, self._worker_fault)
        try:
            segments = parallel.run(todo, progress, len(case_ids), items.cancelled)
        except parallel.SpawnFailed as exc:  # a worker could not start: this process does it all
            log.warning("indexing in one process: cannot start worker processes (%s)", exc)
            return False
        add_segments(ix, segments)
        return True

    # -- incremental updates ------------------------------------------
    def _write(self, change: Callable, stamp: int | None = None) -> bool:
        """Run ``change(writer)`` and commit (recording ``stamp`` if given).  False (nothing done)
        if the index is not usable: the next ensure() rebuilds it from the library anyway."""
        with self.writing():
            if not self._open():
                return False
            gen, ix = self._gen_dir, self._ix
            assert gen is not None and ix is not None  # _open() succeeded
            (gen / storage.DIRTY).write_text(str(os.getpid()), encoding="utf-8")
            writer = BulkWriter(ix, bulk=_BULK_FIELDS, codec=codec())
            try:
                change(writer)
            except BaseException:
                writer.cancel()  # nothing was written: the index is still consistent
                (gen / storage.DIRTY).unlink()
                raise
            # Merging segments costs a few hundred ms: only do it once small ones pile up.
            writer.commit(merge=segment_count(ix) >= _MERGE_AT_SEGMENTS)
            storage.write_meta(gen, ix, **({} if stamp is None else {"stamp": stamp}))
            (gen / storage.DIRTY).unlink()
            self._stale_searcher = True
            return True

    def apply(
        self,
        cases: Iterable[tuple[Case, list[Note]]] = (),
        deleted: Iterable[str] = (),
        notes: Iterable[Note] = (),
        removed_notes: Iterable[int] = (),
        stamp: int | None = None,
    ) -> bool:
        """In one commit: replace what is indexed for ``cases`` (with their notes), remove the
        ``deleted`` case ids, add or replace single ``notes`` (of cases not in ``cases``) and
        remove ``removed_notes``; record ``stamp``."""
        cases, deleted, notes, removed_notes = list(cases), list(deleted), list(notes), list(removed_notes)

        def change(w):
            for case_id in deleted:
                w.delete_by_term("case_id", case_id.lower())
            for note_id in removed_notes:
                w.delete_by_term("key", f"n{note_id}")
            for case, case_notes in cases:
                w.delete_by_term("case_id", case.id.lower())
                for doc in case_documents(case, case_notes, keep_text=self._keeps_text()):
                    w.add_document(**doc)
            if notes:
                self._add_notes(w, notes)

        return self._write(change, stamp)

    def _add_notes(self, w, notes: list[Note]) -> None:
        assert self._ix is not None  # called by _write()
        with self._ix.searcher() as s:
            for note in notes:
                w.delete_by_term("key", f"n{note.id}")
                if note.text.strip():
                    case = s.document(key=f"c{note.case_id}")
                    w.add_document(**_note_doc(note, case["facets"] if case else {}))

    def update_case(self, case: Case, notes: Iterable[Note] = ()) -> bool:
        """Replace everything indexed for ``case`` (fields, turns, notes)."""
        docs = list(case_documents(case, notes, keep_text=self._keeps_text()))

        def change(w):
            w.delete_by_term("case_id", case.id.lower())
            for doc in docs:
                w.add_document(**doc)

        return self._write(change)

    def _keeps_text(self) -> bool:
        """Does this index hold its cases' texts (it was not built from a library)?"""
        return not self.meta().get("library")

    def remove_case(self, case_id: str) -> bool:
        return self._write(lambda w: w.delete_by_term("case_id", case_id.lower()))

    def update_note(self, note: Note) -> bool:
        """Add or replace one note (it inherits its case's theme and guests for the filters)."""
        if note.id is None:
            raise ValueError("a note must be saved (have an id) before it is indexed")
        return self._write(lambda w: self._add_notes(w, [note]))

    def remove_note(self, note_id: int) -> bool:
        return self._write(lambda w: w.delete_by_term("key", f"n{note_id}"))

    # -- searching ----------------------------------------------------
    def _get_searcher(self):
        """The shared searcher, refreshed after commits.  Caller holds _slock."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=SaturatedTF())
        elif self._stale_searcher or not self._searcher.up_to_date():  # our commit, or another process's
            # Not Searcher.refresh(): its reader reuse keeps stale deletions.
            self._stale_searcher = False
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=SaturatedTF())
            live = {leaf.segment().segment_id() for leaf, _ in self._searcher.reader().leaf_readers() if leaf.segment()}
            self._planner.forget_segments(live)
        return self._searcher

    def search(self, query: str, limit: int = 50, case_id: str | None = None) -> SearchResult:
        """The best ``limit`` passages for ``query`` (optionally within one case).  Never raises."""
        prepared, notes = prepare(query)
        if prepared is None:
            return SearchResult([], 0, " ".join(notes) or None)
        if not self.is_open() and not self._try_open() and self._ix is None:
            return SearchResult([], 0, "The search index is not ready yet.")
        q, note = self._planner.parse(prepared, qparser.AndGroup)
        if note:
            notes.append(note)
        if q is None:
            return SearchResult([], 0, " ".join(notes))
        limit = max(1, limit)
        try:
            with self._slock:
                if self._ix is None:  # closed meanwhile
                    return SearchResult([], 0, "The search index is not ready yet.")
                s = self._get_searcher()
                flt = wq.Term("case_id", case_id.lower()) if case_id else None
                plan = self._planner.plan(q, s.reader(), notes)
                if plan is None:
                    return SearchResult([], 0, " ".join(notes))
                hits, total, partial = run(s, plan, limit, flt, plain_words(prepared), self._text_of)
                if not hits and plain_words(prepared):
                    hits, total = self._similar(s, prepared, limit, flt)
                    if hits:
                        notes.append("No exact matches; showing similar words.")
                elif partial:
                    notes.append("No passage contains all the words; showing passages with some of them.")
        except Exception:  # a damaged index shows up here first
            log.exception("search for %r failed", query)
            return SearchResult([], 0, "The search failed; the index may be damaged.", failed=True)
        return SearchResult(hits, total, " ".join(notes) or None)

    def _try_open(self) -> bool:
        """Open the index unless a writer (say a rebuild) is busy: the caller may be the GUI thread."""
        if not self._wlock.acquire(blocking=False):
            return False
        try:
            return self._open()
        finally:
            self._wlock.release()

    def _similar(self, s, prepared: str, limit: int, flt) -> tuple[list[Hit], int]:
        """Second chance for misspelt plain words: any word within one edit of them."""
        fuzzy = " OR ".join(w + "~" for w in re.findall(r"\w+", prepared) if 3 < len(w) <= 30)
        q = self._planner.parse(fuzzy, qparser.OrGroup)[0] if fuzzy else None
        plan = self._planner.plan(q, s.reader(), []) if q is not None else None
        if plan is None:
            return [], 0
        hits, total, _ = run(s, plan, limit, flt, False, self._text_of)
        return hits, total

    def _text_of(self, docnum: int, stored: dict) -> str | None:
        """A document's text as indexed: a note's is stored, a case's is in the index or else the
        library's (None if the library no longer has that text: the index has not caught up yet).
        Caller holds _slock."""
        if stored["kind"] == "note":
            return stored.get("body")
        kept = decompress_text(stored.get("text_body"))
        if kept is not None:
            return kept
        case = self._library_case(stored["case_id"])
        if case is None:
            return None
        text = case_text(case)[0]
        return text if digest(text) == stored.get("digest") else None

    def whoosh_index(self) -> _TextsIndex | None:
        """The Whoosh index for Whoosh's own searching (``lornplayer.similar``'s more-like-this),
        opened if it is healthy and no writer is busy; its searchers read a case's ``text`` (which
        the index does not store) as search hits do.  None if there is no usable index."""
        if not self.is_open():
            self._try_open()
        ix = self._ix
        return _TextsIndex(ix, self._text_of) if ix is not None else None

    def _library_case(self, case_id: str) -> Case | None:
        if self._texts is not None:
            return self._texts(case_id)
        if self._source is None or not Path(self._source).is_file():
            return None
        if self._library is None:
            from lornplayer.store import Library, StoreError

            try:
                self._library = Library(self._source, read_only="the search index only reads the library's texts")
            except StoreError as exc:
                log.warning("cannot read case texts for snippets: %s", exc)
                return None
        return self._library.get_case(case_id)


class _TextsIndex:
    """A Whoosh index whose searchers give ``more_like()`` a document's text from ``text_of``."""

    def __init__(self, ix, text_of: Callable[[int, dict], str | None]):
        self._whoosh = ix
        self._text_of = text_of
        self.schema = ix.schema

    def searcher(self, **kwargs) -> _TextsSearcher:
        searcher = _TextsSearcher(self._whoosh.reader(), fromindex=self._whoosh, **kwargs)
        searcher.text_of = self._text_of
        return searcher

    def __getattr__(self, name):
        return getattr(self._whoosh, name)


class _TextsSearcher(Searcher):
    text_of: Callable[[int, dict], str | None]

    def more_like(self, docnum, fieldname, text=None, *args, **kwargs):
        if text is None and fieldname == "text":
            text = self.text_of(docnum, self.stored_fields(docnum)) or ""
        return super().more_like(docnum, fieldname, text, *args, **kwargs)
