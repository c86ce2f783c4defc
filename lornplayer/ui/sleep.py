"""The sleep timer in the window: a menu to set it, the time left in the status bar, the fade-out.

The rules are in :mod:`lornplayer.sleeptimer`; this module applies them to a
:class:`~lornplayer.ui.player.Player`: every 250 ms it asks the timer what to do, scales the
output volume during the fade (without touching the user's volume setting) and pauses at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from lornplayer.export import format_time
from lornplayer.sleeptimer import PRESET_MINUTES, SleepTimer

TICK_MS = 250


def apply_fade(player, factor: float) -> None:
    """Play at ``factor`` × the user's volume (the player's own volume and its signal stay as they are)."""
    out = getattr(player, "_out", None)
    if out is None:
        return
    from PySide6.QtMultimedia import QtAudio

    scale = QtAudio.VolumeScale
    out.setVolume(
        QtAudio.convertVolume(
            max(0.0, min(1.0, player.volume() * factor)), scale.LogarithmicVolumeScale, scale.LinearVolumeScale
        )
    )


class SleepTimerControl(QObject):
    """``ends`` maps "turn", "chapter", "case" to a function giving that end (seconds) or None."""

    changed = Signal()
    expired = Signal()

    def __init__(
        self,
        player,
        ends: dict[str, Callable[[], float | None]],
        parent=None,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(parent)
        self.player = player
        self.ends = ends
        self.clock = clock
        self.timer = SleepTimer()
        self._faded = False
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.update)
        self.label = QLabel()
        self.label.setObjectName("sleepLabel")
        self.cancel_button = QToolButton()
        self.cancel_button.setText("×")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setToolTip(self.tr("Cancel the sleep timer"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the sleep timer"))
        self.cancel_button.clicked.connect(self.cancel)
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.cancel_button)
        self.widget.hide()

    # -- menu -------------------------------------------------------------
    def build_menu(self, menu: QMenu) -> None:
        for minutes in PRESET_MINUTES:
            menu.addAction(self.tr("In {0} minutes").format(minutes), partial(self.start_minutes, minutes))
        menu.addAction(self.tr("In … minutes"), self.ask_minutes)
        menu.addSeparator()
        menu.addAction(self.tr("At the end of this turn"), lambda: self.start_at("turn"))
        menu.addAction(self.tr("At the end of this chapter"), lambda: self.start_at("chapter"))
        menu.addAction(self.tr("At the end of this case"), lambda: self.start_at("case"))
        menu.addSeparator()
        self.cancel_action = menu.addAction(self.tr("Cancel the sleep timer"), self.cancel)

    def ask_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.widget.window() if self.widget.window() else None,
            self.tr("Sleep timer"),
            self.tr("Stop playing in (minutes):"),
            20,
            1,
            600,
        )
        if ok:
            self.start_minutes(minutes)

    # -- control ----------------------------------------------------------
    def start_minutes(self, minutes: float) -> None:
        self.timer.start_minutes(minutes, self.clock())
        self._started()

    def start_at(self, mode: str) -> bool:
        get_end = self.ends.get(mode)
        end = get_end() if get_end is not None else None
        if end is None:
            return False
        self.timer.start_at_position(mode, end)
        self._started()
        return True

    def cancel(self) -> None:
        self.timer.cancel()
        self._stop()

    def is_active(self) -> bool:
        return self.timer.active

    def media_ended(self) -> bool:
        """The case ended: True if that was the sleep timer's end (then nothing else should start)."""
        if self.timer.ended():
            self._stop()
            self.expired.emit()
            return True
        return False

    def _started(self) -> None:
        self._tick.start()
        self.update()
        self.widget.show()
        self.changed.emit()

    def _stop(self) -> None:
        self._tick.stop()
        if self._faded:
            apply_fade(self.player, 1.0)
            self._faded = False
        self.widget.hide()
        self.changed.emit()

    def update(self) -> None:
        state = self.timer.update(self.clock(), self.player.position(), self.player.rate(), self.player.is_playing())
        if state.expired:
            self.player.pause()
            self._stop()
            self.expired.emit()
            return
        if not state.active:
            self._stop()
            return
        if state.volume < 1.0 or self._faded:
            apply_fade(self.player, state.volume)
            self._faded = state.volume < 1.0
        self.label.setText(self.text())

    def text(self) -> str:
        if not self.timer.active:
            return ""
        left = max(0.0, self.timer.remaining(self.clock(), self.player.position(), self.player.rate()))
        names = {
            "minutes": self.tr("Sleep in {0}"),
            "turn": self.tr("Sleep at the end of this turn ({0})"),
            "chapter": self.tr("Sleep at the end of this chapter ({0})"),
            "case": self.tr("Sleep at the end of this case ({0})"),
        }
        return names[self.timer.mode or "minutes"].format(format_time(left + 0.999))
