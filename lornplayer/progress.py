"""Listening progress: which parts of an episode were actually heard (no Qt here).

"% listened" counts media time that was played, at any speed; skipping ahead does
not count and re-listening a part counts it once.  :class:`ListenedIntervals` is the
set arithmetic, :class:`ListeningTracker` turns the player's position updates into
intervals and wall-clock time listened.
"""

from __future__ import annotations

import bisect
import enum
import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

# Intervals at most this far apart (seconds) are merged, the gap counted as heard: position
# updates arrive every ~0.1-1 s, so such gaps are sampling artefacts, not skipped audio.
MERGE_GAP = 0.5

# Playback rates the tracker accepts as continuous playback, and the slack (seconds)
# allowed per position update for timer jitter.
MIN_RATE = 0.5
MAX_RATE = 2.5
JITTER = 0.5

FINISHED_THRESHOLD = 0.95
# A saved position this close (seconds) to the end resumes from the start.
AT_END = 5.0


class ListenedIntervals:
    """Sorted, disjoint ``[start, end)`` intervals of media seconds.

    Adding an interval merges it with overlapping ones and with neighbours at most
    :data:`MERGE_GAP` seconds away (the gap then counts as heard).
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self, intervals: Iterable[tuple[float, float]] = ()) -> None:
        self._starts: list[float] = []
        self._ends: list[float] = []
        for start, end in intervals:
            self.add(start, end)

    def add(self, start: float, end: float) -> None:
        """Add ``[start, end)``; empty or reversed intervals are ignored."""
        start = max(0.0, float(start))
        end = float(end)
        if end <= start:
            return
        # Intervals [lo, hi) touch the new one (within MERGE_GAP).
        lo = bisect.bisect_left(self._ends, start - MERGE_GAP)
        hi = bisect.bisect_right(self._starts, end + MERGE_GAP)
        if lo < hi:
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def update(self, other: Iterable[tuple[float, float]]) -> None:
        """Add every interval of *other*."""
        for start, end in other:
            self.add(start, end)

    def total(self) -> float:
        """Seconds heard."""
        return sum(e - s for s, e in self)

    def fraction(self, duration: float | None) -> float:
        """Share of ``[0, duration)`` heard, 0.0-1.0 (0.0 for an unknown duration)."""
        if not duration or duration <= 0:
            return 0.0
        heard = sum(max(0.0, min(e, duration) - s) for s, e in self)
        return min(1.0, heard / duration)

    def gaps(self, duration: float) -> list[tuple[float, float]]:
        """The unheard parts of ``[0, duration)``."""
        result, pos = [], 0.0
        for s, e in self:
            if s >= duration:
                break
            if s > pos:
                result.append((pos, s))
            pos = max(pos, e)
        if pos < duration:
            result.append((pos, float(duration)))
        return result

    def contains(self, t: float) -> bool:
        i = bisect.bisect_right(self._starts, t) - 1
        return i >= 0 and t < self._ends[i]

    # -- storage ---------------------------------------------------------
    def to_json(self) -> str:
        """Compact JSON, e.g. ``[[0,12.5],[30,61.25]]`` (centisecond precision)."""
        return json.dumps([[_num(s), _num(e)] for s, e in self], separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> "ListenedIntervals":
        """Inverse of :meth:`to_json`; ``None``/empty gives an empty set."""
        if not text:
            return cls()
        data = json.loads(text)
        if not isinstance(data, list):
            raise ValueError("listened intervals must be a JSON list")
        spans = sorted((max(0.0, float(s)), float(e)) for s, e in data)
        result = cls()
        # What was saved was already merged: rounding to centiseconds may bring two spans to exactly
        # MERGE_GAP apart, which must not merge them now (that would count the gap as heard).
        if all(e > s for s, e in spans) and all(e1 < s2 for (_s1, e1), (s2, _e2) in zip(spans, spans[1:])):
            result._starts = [s for s, _e in spans]
            result._ends = [e for _s, e in spans]
            return result
        for s, e in spans:  # hand-edited or old data: merge as usual
            result.add(s, e)
        return result

    # -- container protocol ----------------------------------------------
    def __iter__(self) -> Iterator[tuple[float, float]]:
        return iter(zip(self._starts, self._ends))

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ListenedIntervals):
            return NotImplemented
        return list(self) == list(other)

    def __repr__(self) -> str:
        return f"ListenedIntervals({list(self)!r})"


def _num(x: float) -> float | int:
    x = round(x, 2)
    return int(x) if x == int(x) else x


@dataclass
class ProgressDelta:
    """What a :class:`ListeningTracker` gathered since the previous flush."""

    intervals: ListenedIntervals = field(default_factory=ListenedIntervals)
    seconds: float = 0.0  # wall-clock time listened

    def __bool__(self) -> bool:
        return bool(self.intervals) or self.seconds > 0


class ListeningTracker:
    """Credits heard media time from the player's position updates.

    Call :meth:`on_position` for every position update (and when playback starts),
    :meth:`on_seek` when the user seeks and :meth:`on_pause` on pause/stop.  The step
    between two consecutive playing updates is credited when it is plausible
    continuous playback: forward, and no further than ``elapsed wall time x``
    :data:`MAX_RATE` (+ :data:`JITTER`).  Backward jumps and larger forward jumps are
    seeks: nothing is credited and a new run starts at the new position.  Slow
    progress (buffering, a missed pause) credits the media actually advanced, with
    wall time capped at what :data:`MIN_RATE` would need.

    ``listened``/``time_listened`` are cumulative (seed them with the saved values);
    :meth:`flush` returns what is new since the previous flush, for saving.
    """

    def __init__(self, listened: ListenedIntervals | None = None, time_listened: float = 0.0) -> None:
        self.listened = listened if listened is not None else ListenedIntervals()
        self.time_listened = float(time_listened)
        self._pending = ProgressDelta()
        self._last: tuple[float, float] | None = None  # (media, wall) of the last playing update

    def on_position(self, media_seconds: float, wall_clock_seconds: float, playing: bool = True) -> None:
        if not playing:
            self._last = None
            return
        last, self._last = self._last, (media_seconds, wall_clock_seconds)
        if last is None:
            return
        dm = media_seconds - last[0]
        dw = wall_clock_seconds - last[1]
        if dm < 0 or dw < 0 or dm > dw * MAX_RATE + JITTER:
            return  # a seek (or a clock going backwards): start a new run here
        wall = min(dw, dm / MIN_RATE + JITTER) if dm > 0 else 0.0
        self.listened.add(last[0], media_seconds)
        self._pending.intervals.add(last[0], media_seconds)
        self.time_listened += wall
        self._pending.seconds += wall

    def on_seek(self, media_seconds: float | None = None, wall_clock_seconds: float | None = None) -> None:
        """The user seeks: break the run; if the target and time are given and playback
        continues, the next run starts there."""
        playing = self._last is not None
        self._last = None
        if playing and media_seconds is not None and wall_clock_seconds is not None:
            self._last = (media_seconds, wall_clock_seconds)

    def on_pause(self) -> None:
        """Playback paused or stopped: nothing is credited until it plays again."""
        self._last = None

    def flush(self) -> ProgressDelta:
        """Intervals and wall time gathered since the previous flush (then reset)."""
        delta, self._pending = self._pending, ProgressDelta()
        return delta


def case_duration(audio_duration: float | None, duration_minutes: int | float | None) -> float | None:
    """The one episode length progress is measured against: the audio's (as Qt measured it once it
    played), else the length the case page gives."""
    if audio_duration:
        return float(audio_duration)
    return duration_minutes * 60.0 if duration_minutes else None


def listened_fraction(listened_seconds: float | None, duration: float | None) -> float:
    """Share of the episode heard, 0.0-1.0: the one computation behind the library list, the learning
    log and the finished mark (0.0 for an unknown duration)."""
    if not duration or duration <= 0 or not listened_seconds:
        return 0.0
    return min(1.0, listened_seconds / duration)


def manual_mark(finished_manual: int | None) -> bool | None:
    """The stored manual finished mark (NULL/0/1) as None/False/True."""
    return None if finished_manual is None else bool(finished_manual)


def is_finished(listened_fraction: float, manual_mark: bool | None = None) -> bool:
    """Finished at :data:`FINISHED_THRESHOLD` listened; a manual mark (True/False) overrides."""
    if manual_mark is not None:
        return manual_mark
    return listened_fraction >= FINISHED_THRESHOLD


def resume_position(
    saved_position: float | None, duration: float | None, back: float = 5.0, finished: bool = False
) -> float:
    """Where to resume: *back* seconds before the saved position, clamped to the
    episode; 0 when finished or within :data:`AT_END` seconds of the end."""
    if finished or not saved_position or saved_position <= 0:
        return 0.0
    if duration and duration > 0 and saved_position >= duration - AT_END:
        return 0.0
    return max(0.0, saved_position - back)


class CaseState(enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"

    @classmethod
    def derive(
        cls, listened_fraction: float, manual_mark: bool | None = None, position: float | None = None
    ) -> "CaseState":
        """State from the listened fraction, the manual mark and the saved position."""
        if is_finished(listened_fraction, manual_mark):
            return cls.FINISHED
        if listened_fraction > 0 or (position or 0) > 0:
            return cls.IN_PROGRESS
        return cls.NOT_STARTED
