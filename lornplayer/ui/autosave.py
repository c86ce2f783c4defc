"""Saving as you type: a debounced save with a cap, shared by the Notes and Reflection tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

DEBOUNCE_MS = 500  # save this long after typing pauses ...
MAX_DELAY_MS = 1000  # ... and at least this often while typing goes on


class _Autosaver(QObject):
    """Calls *save* DEBOUNCE_MS after the last change, and no later than MAX_DELAY_MS after the first unsaved one."""

    def __init__(self, save: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._cap = QTimer(self, singleShot=True, interval=MAX_DELAY_MS)
        self._debounce.timeout.connect(save)
        self._cap.timeout.connect(save)

    def changed(self) -> None:
        self._debounce.start()
        if not self._cap.isActive():
            self._cap.start()

    def stop(self) -> None:
        self._debounce.stop()
        self._cap.stop()
