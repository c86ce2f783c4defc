"""Work that waits until the main window's first frame is on screen (start-up stays short)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstFrame(QObject):
    """Calls *callback* once, after *widget* has first painted (the frame is on screen), or after
    :attr:`FALLBACK_MS` when no paint comes (a window shown minimised, or not shown)."""

    FALLBACK_MS = 1000

    def __init__(self, widget: QWidget, callback):
        super().__init__(widget)
        self._widget, self._callback = widget, callback
        widget.installEventFilter(self)  # also before the window is shown: its first paint is what counts
        QTimer.singleShot(self.FALLBACK_MS, self, self._fire)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Two turns on: the paint finishes and is flushed, and the rest of the first frame goes first.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._fire))
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self._widget.removeEventFilter(self)
            callback()
