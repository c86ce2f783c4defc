"""The sleep timer's logic (Qt-free): when to stop, how loud to be until then.

A timer ends after N minutes of wall-clock time, or when playback reaches the end of the current
turn, chapter or case (an audio position fixed when the timer is set).  Over the last
:data:`FADE_SECONDS` the volume fades out linearly; at the end the player pauses and the volume
comes back for next time.  :meth:`SleepTimer.update` is called with the clock and the position and
says what to do; the Qt layer only applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

FADE_SECONDS = 10.0
PRESET_MINUTES = (5, 10, 15, 30, 45, 60)
MODES = ("minutes", "turn", "chapter", "case")


@dataclass
class SleepState:
    active: bool
    remaining: float  # seconds of wall-clock time until the end (0 when expired or inactive)
    volume: float  # factor for the player's volume, 1.0 until the fade starts
    expired: bool  # pause now


class SleepTimer:
    def __init__(self, fade: float = FADE_SECONDS):
        self.fade = fade
        self.mode: str | None = None
        self._deadline = 0.0  # monotonic clock, for "minutes"
        self._target = 0.0  # audio position, for the other modes

    @property
    def active(self) -> bool:
        return self.mode is not None

    def start_minutes(self, minutes: float, now: float) -> None:
        if minutes <= 0:
            raise ValueError("a sleep timer needs a positive number of minutes")
        self.mode = "minutes"
        self._deadline = now + minutes * 60.0

    def start_at_position(self, mode: str, target: float) -> None:
        """Stop when playback reaches ``target`` seconds (the end of this turn, chapter or case)."""
        if mode not in MODES[1:]:
            raise ValueError(f"unknown sleep timer mode {mode!r}")
        self.mode = mode
        self._target = float(target)

    def target(self) -> float | None:
        return self._target if self.mode in MODES[1:] else None

    def cancel(self) -> None:
        self.mode = None

    def remaining(self, now: float, position: float, rate: float = 1.0) -> float:
        """Seconds of wall-clock time left (without changing anything); 0 when inactive."""
        if self.mode is None:
            return 0.0
        if self.mode == "minutes":
            return self._deadline - now
        return (self._target - position) / max(0.1, rate)

    def update(self, now: float, position: float, rate: float = 1.0, playing: bool = True) -> SleepState:
        if self.mode is None:
            return SleepState(False, 0.0, 1.0, False)
        remaining = self.remaining(now, position, rate)
        if remaining <= 0:
            self.mode = None
            return SleepState(False, 0.0, 1.0, True)
        volume = min(1.0, remaining / self.fade) if self.fade > 0 and playing else 1.0
        return SleepState(True, remaining, volume, False)

    def ended(self) -> bool:
        """The media reached its end: a timer waiting for the end of the turn, chapter or case is done."""
        if self.mode in MODES[1:]:
            self.mode = None
            return True
        return False
