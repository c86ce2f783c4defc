"""Access to the search index for the application core (no Qt).

One :class:`~lornplayer.search.SearchIndex` per index folder and process, shared
by every :class:`~lornplayer.core.AppCore` (the window and its background tasks,
or one CLI command): Whoosh allows one writer per folder.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from lornplayer import paths

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
