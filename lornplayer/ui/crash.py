"""A short message when something goes wrong that nobody handled, naming the log file with the details.

:func:`lornplayer.log.setup` logs uncaught exceptions (in the GUI thread, in Qt slots, in
threads) with their tracebacks; :class:`CrashDialogs` listens to it and shows one
non-modal message box at a time in the GUI thread, whichever thread failed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from lornplayer import log


class CrashDialogs(QObject):
    """Shows a message box for each uncaught exception (one at a time) while installed."""

    _crashed = Signal(str, str)  # summary, log file ("" when there is none)

    def __init__(self, parent_window: QWidget | None = None):
        super().__init__(parent_window)
        self._window = parent_window
        self._box: QMessageBox | None = None
        self._unsubscribe = log.on_crash(self._notify)
        # Emitted from any thread; the queued connection brings it to this object's (the GUI) thread.
        self._crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    def uninstall(self) -> None:
        self._unsubscribe()

    def _notify(self, summary: str, log_file: Path | None) -> None:
        self._crashed.emit(summary, str(log_file) if log_file else "")

    def current_box(self) -> QMessageBox | None:
        return self._box

    @Slot(str, str)
    def _show(self, summary: str, log_file: str) -> None:
        if self._box is not None:  # one message is enough; the log has every error
            return
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Something went wrong"))
        box.setText(
            self.tr(
                "lornplayer hit an unexpected error. Your notes and progress are saved as you go; "
                "if something no longer works, restart lornplayer."
            )
        )
        if log_file:
            details = self.tr("The details are in the log file:\n{0}").format(log_file)
        else:
            details = self.tr("No log file could be written; run lornplayer --verbose in a terminal to see details.")
        box.setInformativeText(f"{summary}\n\n{details}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self._box = box
        box.open()

    @Slot()
    def _closed(self) -> None:
        self._box = None
