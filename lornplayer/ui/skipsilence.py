"""Skip silence in the window: settings (global, per case, skip or shorten), the background
analysis of the episode, the jumps while playing, and the time saved in the status bar.

The analysis (:mod:`lornplayer.silence`) decodes the audio once per file in the background; the
jumps happen on the audio's own time line, so turn times, the transcript highlight and notes stay
right.  Skipped pauses count as heard, so a case still reaches "finished".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from lornplayer.export import format_time
from lornplayer.store import Library, audio_signature

if TYPE_CHECKING:
    from lornplayer import silence


def _silence():
    """The analysis (and numpy), imported when a case first needs it: not in the window's first frame."""
    from lornplayer import silence

    return silence


GLOBAL = "silence.skip"
MODE = "silence.shorten"  # True: shorten long pauses to a short gap; False: skip them
MIN_PAUSE = "silence.min_pause"


def case_key(case_id: str) -> str:
    return f"silence.skip.{case_id}"


class SkipSilence(QObject):
    """``run(name, label, work, finished, failed)`` starts background work (the window's task runner);
    ``seek(seconds)`` moves the player the way the window does."""

    savedChanged = Signal(float)

    def __init__(self, library: Library, player, run: Callable, seek: Callable[[float], None], parent=None):
        super().__init__(parent)
        self.library, self.player, self._run, self._seek = library, player, run, seek
        self.case_id: str | None = None
        self.audio: str | None = None
        self.plan: silence.SkipPlan | None = None
        self.saved = 0.0  # audio seconds skipped in this case since it was opened
        self._cache: dict[tuple[str, str, float], list[tuple[float, float]]] = {}
        self._pending: tuple | None = None
        self.tracker_hook: Callable[[float, float], None] | None = None  # credit a skipped stretch as heard
        self._on: bool | None = None  # enabled(), cached until a setting or the case changes
        self.label = QLabel()
        self.label.setObjectName("silenceLabel")
        self.label.hide()
        player.positionChanged.connect(self.on_position)

    # -- settings ----------------------------------------------------------
    def global_enabled(self) -> bool:
        return bool(self.library.get_setting(GLOBAL, False))

    def set_global(self, on: bool) -> None:
        self.library.set_setting(GLOBAL, bool(on))
        self._on = None
        self.refresh()

    def enabled(self) -> bool:
        """On for the open case: its own setting if it has one, else the global one (read once per
        change: this is asked on every position update)."""
        if self._on is None:
            self._on = self._read_enabled()
        return self._on

    def _read_enabled(self) -> bool:
        if self.case_id is not None:
            own = self.library.get_setting(case_key(self.case_id))
            if own is not None:
                return bool(own)
        return self.global_enabled()

    def set_for_case(self, on: bool) -> None:
        if self.case_id is not None:
            self.library.set_setting(case_key(self.case_id), bool(on))
            self._on = None
            self.refresh()

    def shorten(self) -> bool:
        return bool(self.library.get_setting(MODE, True))

    def set_shorten(self, on: bool) -> None:
        self.library.set_setting(MODE, bool(on))
        if self.plan is not None:
            self.plan = _silence().SkipPlan(self.plan.pauses, self.keep())
        self._show()

    def keep(self) -> float:
        return _silence().KEEP if self.shorten() else 0.0

    def min_pause(self) -> float:
        return float(self.library.get_setting(MIN_PAUSE, _silence().MIN_PAUSE))

    # -- case --------------------------------------------------------------
    def set_case(self, case_id: str | None, audio: str | None) -> None:
        self.case_id, self.audio = case_id, audio
        self._on = None
        self.plan = None
        self.saved = 0.0
        self.refresh()

    def refresh(self) -> None:
        """Analyse the audio if skipping is on and it has not been analysed yet; update the label."""
        if self.enabled() and self.audio and self.plan is None:
            try:
                key = (self.audio, audio_signature(self.audio), self.min_pause())
            except OSError:
                key = None
            if key is not None and key in self._cache:
                self.plan = _silence().SkipPlan(self._cache[key], self.keep())
            elif key is not None and self._pending != key:
                self._pending = key
                path, min_pause = self.audio, self.min_pause()

                def done(plan, key=key):
                    self._cache[key] = plan.pauses
                    if self._pending == key:
                        self._pending = None
                    if self.audio == key[0]:
                        self.plan = _silence().SkipPlan(plan.pauses, self.keep())
                        self._show()

                def failed(_msg, key=key):
                    if self._pending == key:
                        self._pending = None

                self._run(
                    "silence",
                    self.tr("Finding pauses"),
                    lambda task, report: _silence().analyse_file(path, min_pause, self.keep()),
                    done,
                    failed,
                )
        self._show()

    # -- playing -----------------------------------------------------------
    def on_position(self, seconds: float) -> None:
        if self.plan is None or not self.player.is_playing() or not self.enabled():
            return
        target = self.plan.jump(seconds)
        if target is None or target <= seconds:
            return
        if self.tracker_hook is not None:
            self.tracker_hook(seconds, target)
        self.saved += target - seconds
        self._seek(target)
        self._show()
        self.savedChanged.emit(self.saved)

    def _show(self) -> None:
        if not self.enabled() or not self.audio:
            self.label.hide()
            return
        if self.plan is None:
            self.label.setText(self.tr("Skip silence: looking for pauses…"))
        else:
            potential = _silence().SkipPlan(self.plan.pauses, self.keep()).saved()
            self.label.setText(
                self.tr("Skip silence: {0} saved (up to {1} in this case)").format(
                    format_time(self.saved / max(0.1, self.player.rate())), format_time(potential)
                )
            )
        self.label.show()
