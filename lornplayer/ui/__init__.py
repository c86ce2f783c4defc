"""Qt widgets of lornplayer (the core in ``lornplayer/`` stays Qt-free).

Importing this package works around a PySide6 6.12.0 bug on CPython < 3.12:
its bindings return ``None`` from every void method and ``True`` from
``SignalInstance.emit()`` without taking a reference, so each such call drops
the refcount of ``None`` or ``True`` by one, and after a few hundred calls
(less than a second of painting, a minute of playback) CPython aborts with
"none_dealloc" / "bool_dealloc".  :func:`guard_pyside_refcounts` detects the
bug and gives those singletons a reserve of references (on Python ≥ 3.12 they
are immortal and the bug is harmless).  PySide6 6.11 does not have the bug.
"""

from __future__ import annotations

import sys

_RESERVE = 1 << 40


def guard_pyside_refcounts() -> bool:
    """Apply the workaround if this PySide6 leaks references to None/True; True if applied."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    probe.setObjectName("probe")  # a void method
    probe.ping.emit()
    if sys.getrefcount(None) >= none_before and sys.getrefcount(True) >= true_before:
        return False
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE  # ob_refcnt is the first field
    return True


guard_pyside_refcounts()
