"""The index follows the library: change stamps, catching up, and the status ``lornplayer check`` shows.

The library hands out a change stamp with every write to a case's indexed
content or its notes and keeps tombstones of deleted cases (see
``store._migrate_search_stamps``).  The index records, in its version file,
the stamp it is in step with and the database it was built from.  Comparing
the two is one small query and one small file read; catching up reads only the
cases with a newer stamp (an index lookup), under the index's write lock, so
two processes never apply changes out of order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from lornplayer.errors import Cancelled  # noqa: F401 - imported from here
from lornplayer.search import storage
from lornplayer.search.index import Progress, SearchIndex
from lornplayer.search.parallel import LibraryCases
from lornplayer.search.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

BATCH = 200  # cases per commit while catching up


def index_items(
    library, case_ids: list[str] | None = None, cancelled: Callable[[], bool] | None = None
) -> LibraryCases:
    """(case, its notes) for ``case_ids`` (all cases if None) that are in the library, read lazily
    (raising :class:`Cancelled` between cases once ``cancelled()``); a full rebuild from all of them
    lets worker processes read the library themselves."""
    return LibraryCases(library, case_ids, cancelled)


def library_key(library) -> str:
    return str(Path(library.path).resolve())


def _behind(meta: dict, library, clock: int) -> str | None:
    """Why an index with version file ``meta`` cannot catch up incrementally (None: it can)."""
    stamp = meta.get("stamp")
    if not isinstance(stamp, int):
        return "the index does not record which library changes it holds (built by an older version)"
    if meta.get("library") != library_key(library):
        return f"the index was built from another library ({meta.get('library')})"
    if stamp > clock:
        return "the index holds changes the library does not have (was the library restored from a backup?)"
    return None


def follow(
    index: SearchIndex, library, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> int:
    """Bring ``index`` in step with ``library``: rebuild it if it is unusable or cannot catch up,
    else index the cases changed since its stamp and drop deleted ones.  Cheap when in step.

    Returns how many cases and notes were (re)indexed or removed.  Raises :class:`storage.IndexBusy` if another
    process holds the write lock too long (nothing is lost: whoever writes next catches up)."""
    meta = index.meta()
    if (
        meta.get("stamp") == library.change_stamp() and meta.get("library") == library_key(library) and index.is_open()
    ):  # in step: no lock, no scan
        return 0
    with index.writing():
        clock = library.change_stamp()  # read before the cases: later changes get a later stamp
        key = library_key(library)

        def everything():
            return index_items(library, None, cancelled)

        total = library.count_cases()
        if index.ensure(everything, progress=progress, total=total, stamp=clock, library=key):
            return total
        meta = index.meta()
        reason = _behind(meta, library, clock)
        if reason:
            log.info("rebuilding search index: %s", reason)
            index.rebuild(everything(), progress=progress, total=total, stamp=clock, library=key)
            return total
        stamp = meta["stamp"]
        if stamp == clock:
            return 0
        changes = library.changed_since(stamp)
        changed = set(changes.cases)
        notes = [n for n in changes.notes if n.case_id not in changed]
        present = library.existing_case_ids(n.case_id for n in notes)
        removed = changes.deleted_notes + [n.id for n in notes if n.case_id not in present]
        notes = [n for n in notes if n.case_id in present]
        done = 0
        for i in range(0, max(len(changes.cases), 1), BATCH):
            part = changes.cases[i : i + BATCH]
            first, last = i == 0, i + BATCH >= len(changes.cases)
            index.apply(
                index_items(library, part, cancelled),
                changes.deleted_cases if first else (),
                notes if first else (),
                removed if first else (),
                stamp=clock if last else None,
            )
            done += len(part)
            if progress and part:
                progress(done, len(changes.cases))
        log.info(
            "search index caught up: %d cases changed, %d deleted, %d notes changed, %d removed",
            len(changes.cases),
            len(changes.deleted_cases),
            len(notes),
            len(removed),
        )
        return len(changes.cases) + len(notes) + len(removed)


def index_status(library, index_dir: Path | str | None = None, full: bool = True) -> str | None:
    """None if the search index is usable and in step with ``library``, else what is wrong
    (for ``lornplayer check``).  ``full`` also verifies every index file (reads them all)."""
    if index_dir is None:
        from lornplayer import paths

        index_dir = paths.index_dir()
    index_dir = Path(index_dir)
    if index_dir.exists() and not index_dir.is_dir():
        return f"the search index location {index_dir} is a file, not a folder (it will be moved aside and rebuilt)"
    gen = storage.current_dir(index_dir)
    if gen is None or not gen.exists():
        if library.count_cases() == 0:
            return None  # nothing to index yet: no index is the index in step
        return f"there is no search index in {index_dir} yet (it will be built)"
    if full:
        reason = storage.check_dir(gen)
        if reason:
            return f"the search index in {index_dir} must be rebuilt: {reason}"
    meta = storage.read_meta(gen)
    if meta.get("schema") != SCHEMA_VERSION:
        return (
            f"the search index in {index_dir} has schema {meta.get('schema')} (it will be rebuilt for {SCHEMA_VERSION})"
        )
    clock = library.change_stamp()
    reason = _behind(meta, library, clock)
    if reason:
        return f"the search index in {index_dir} will be rebuilt: {reason}"
    if meta["stamp"] < clock:
        ch = library.changed_since(meta["stamp"])
        return (
            f"the search index in {index_dir} is behind the library: {len(ch.cases)} changed and "
            f"{len(ch.deleted_cases)} deleted cases, {len(ch.notes)} changed and {len(ch.deleted_notes)} "
            f"deleted notes are not indexed yet (it catches up at the next start)"
        )
    return None
