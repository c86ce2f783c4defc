"""Skip silence (Qt-free): find pauses in decoded audio and plan jumps over them.

Speech detection is a frame-energy voice-activity detector: 20 ms frames, their level in dB, and a
threshold between the quiet floor and the loud level of the episode; short gaps between speech
frames are bridged.  A pause longer than ``min_pause`` is shortened to ``keep`` seconds (``keep=0``
skips it): playback continues ``keep/2`` into the pause and then jumps to ``keep/2`` before the
speech resumes.  The jumps happen on the audio's own time line, so the transcript's turn times stay
valid and the transcript stays in step.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FRAME = 0.02  # seconds
MIN_PAUSE = 1.0  # pauses longer than this are shortened
KEEP = 0.4  # seconds of each long pause that are kept ("shorten"); 0 = skip


def speech_intervals(
    samples: np.ndarray, rate: int = 16000, frame: float = FRAME, bridge: float = 0.25
) -> list[tuple[float, float]]:
    """(start, end) seconds of speech: frames well above the quiet floor, gaps under ``bridge`` s filled."""
    n = int(rate * frame)
    count = len(samples) // n
    if count == 0:
        return []
    frames = samples[: count * n].astype(np.float64).reshape(count, n)
    level = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)
    floor, loud = np.percentile(level, 5), np.percentile(level, 95)
    if loud - floor < 6:  # no contrast: all speech (or all silence, which is never skipped either)
        return [(0.0, count * frame)]
    voiced = level > max(floor + 0.3 * (loud - floor), loud - 45)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], voiced.astype(np.int8), [0]))))
    runs = list(zip(edges[::2] * frame, edges[1::2] * frame))
    merged: list[list[float]] = []
    for a, b in runs:
        if merged and a - merged[-1][1] < bridge:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(round(a, 3), round(b, 3)) for a, b in merged]


def pauses(
    speech: list[tuple[float, float]], duration: float, min_pause: float = MIN_PAUSE
) -> list[tuple[float, float]]:
    """Gaps between speech (and before/after it) longer than ``min_pause``."""
    out, last = [], 0.0
    for a, b in speech:
        if a - last > min_pause:
            out.append((last, a))
        last = b
    if duration - last > min_pause:
        out.append((last, duration))
    return out


@dataclass
class SkipPlan:
    """Where to jump: each long pause [a, b) is played from a to a+keep/2, then resumes at b-keep/2."""

    pauses: list[tuple[float, float]]
    keep: float = KEEP
    _starts: list[float] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [a for a, _ in self.pauses]

    def skipped(self) -> list[tuple[float, float]]:
        """The stretches that are not played."""
        half = self.keep / 2
        return [(a + half, b - half) for a, b in self.pauses if b - a > self.keep]

    def saved(self) -> float:
        """Seconds of audio the plan leaves out over the whole episode."""
        return sum(b - a for a, b in self.skipped())

    def jump(self, position: float) -> float | None:
        """Where to go from ``position`` (None: keep playing)."""
        i = bisect.bisect_right(self._starts, position) - 1
        if i < 0:
            return None
        a, b = self.pauses[i]
        half = self.keep / 2
        if b - a > self.keep and a + half <= position < b - half - 0.05:
            return b - half
        return None


def analyse(samples: np.ndarray, rate: int = 16000, min_pause: float = MIN_PAUSE, keep: float = KEEP) -> SkipPlan:
    speech = speech_intervals(samples, rate)
    return SkipPlan(pauses(speech, len(samples) / rate, min_pause), keep)


def analyse_file(path: str | Path, min_pause: float = MIN_PAUSE, keep: float = KEEP) -> SkipPlan:
    """Decode ``path`` (Qt's decoder, see :mod:`lornplayer.decode`) and plan its skips."""
    from lornplayer.decode import decode

    rate = 8000  # enough for speech energy; half the work of 16 kHz
    return analyse(decode(path, rate), rate, min_pause, keep)
