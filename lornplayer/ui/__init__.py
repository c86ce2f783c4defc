"""Qt widgets of lornplayer (the core in ``lornplayer/`` stays Qt-free).

Importing this package works around a PySide6 6.12.0 bug: ``SignalInstance.emit()``
returns ``True`` without taking a reference, so every signal emitted from Python
drops the refcount of ``True`` by one, and CPython < 3.12 aborts with
"bool_dealloc: deallocating True or False" after a few hundred emits (about a
minute of playback).  :func:`guard_emit_refcount` detects the bug and gives
``True`` a reserve of references; it does nothing where the bug is absent.
"""

from __future__ import annotations

import sys


def guard_emit_refcount() -> bool:
    """Apply the workaround if this PySide6 leaks a reference per emit; True if applied."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # True is immortal there: the stray decref is harmless
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    if sys.getrefcount(True) >= before:
        return False
    import ctypes

    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40  # ob_refcnt is the first field
    return True


guard_emit_refcount()
