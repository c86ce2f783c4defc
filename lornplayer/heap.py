"""Keeping the cyclic garbage collector's full collections short.

A full collection walks every container object the collector tracks, holding
the interpreter lock all along, so the GUI thread waits for it whichever thread
set it off (a search's worker ranking hits, say).  After start-up most of those
objects are the program itself: modules, classes, functions and Qt's wrappers
(about 50,000 objects holding 330,000 references with the search panel's
modules loaded), which live as long as the process.  Walking them costs 27-55
ms on the development machine, and a full collection came about once in eight
searches: the search panel's longest stalls (``lornplayer.tools.bench_search_panel``).

:func:`settle` moves the objects there are into the collector's permanent
generation (:func:`gc.freeze`), once, so later full collections walk only what
was made after it (a few milliseconds).  Reference counting still frees them as
usual; only cycles among them, garbage already, would stay: the young ones are
collected first, and start-up leaves few old ones.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_settled = False


def settle() -> bool:
    """Freeze the objects made so far (once per process; later calls do nothing).  True if it froze them now."""
    global _settled
    with _lock:
        if _settled:
            return False
        _settled = True
    gc.collect(1)  # cycles among the young objects are freed, not kept for good (under 1 ms)
    gc.freeze()
    return True


def settled() -> bool:
    return _settled
