"""Keeping the cyclic garbage collector out of the way: while the app starts, and in full collections.

A full collection walks every container object the collector tracks, holding
the interpreter lock all along, so the GUI thread waits for it whichever thread
set it off (a search's worker ranking hits, say).  After start-up most of those
objects are the program itself: modules, classes, functions and Qt's wrappers
(about 50,000 objects holding 330,000 references with the window's modules
loaded), which live as long as the process.  Walking them cost 27-55 ms on the
development machine, and a full collection came about once in eight searches:
the search panel's longest stalls (``lornplayer.tools.bench_search_panel``).
While the modules are imported, the young-generation passes over what they make
(none of it garbage) cost ~20 ms of the start.

:func:`hold` turns collection off while the app starts; :func:`settle` runs a
cheap young-generation collection, moves the objects there are into the
permanent generation (:func:`gc.freeze`) and turns collection on again, so later
full collections walk only what was made after it (a few milliseconds).  The
app settles twice: once the modules are imported, and once the window has
started (the library list and the resumed case live on).  Reference counting
still frees frozen objects as usual; only cycles among them, garbage already,
would stay: the young ones are collected first, and start-up leaves few old ones.
"""

from __future__ import annotations

import gc


def hold() -> None:
    """No collections until :func:`settle` (start-up makes many objects and little garbage)."""
    gc.disable()


def resume() -> None:
    """Collect again without freezing (a start that gave up before :func:`settle`)."""
    gc.enable()


def settle() -> None:
    """Freeze the objects alive now and collect again (each call freezes what lives then)."""
    gc.collect(1)  # cycles among the young objects are freed, not kept for good (under 1 ms)
    gc.freeze()
    gc.enable()
