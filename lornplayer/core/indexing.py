"""Access to the search index for the application core (no Qt).

One :class:`~lornplayer.search.SearchIndex` per index folder and process, shared
by every :class:`~lornplayer.core.AppCore` (the window and its background tasks,
or one CLI command): Whoosh allows one writer per folder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lornplayer import paths
from lornplayer.errors import Cancelled
from lornplayer.store import Library

if TYPE_CHECKING:
    from lornplayer.search import SearchIndex

_lock = threading.Lock()
_indexes: dict[Path, SearchIndex] = {}


def index_for(procs: int | None = None) -> SearchIndex:
    """The (unopened) search index object of the current index folder."""
    from lornplayer.search import SearchIndex

    with _lock:
        path = paths.index_dir()
        index = _indexes.get(path)
        if index is None:
            index = SearchIndex(path, procs=procs)
            _indexes[path] = index
    return index


def close_indexes() -> None:
    """Release every open index (at exit, and between tests)."""
    with _lock:
        for index in _indexes.values():
            index.close()
        _indexes.clear()


def index_items(library: Library, cancelled: Callable[[], bool] | None = None) -> Iterator[tuple]:
    """Every case with its notes, for a full build; raises :class:`Cancelled` when asked to stop."""
    notes_by_case: dict[str, list] = {}
    for note in library.notes():
        notes_by_case.setdefault(note.case_id, []).append(note)
    for case in library.iter_cases():
        if cancelled is not None and cancelled():
            raise Cancelled("indexing cancelled")
        yield case, notes_by_case.get(case.id, [])
