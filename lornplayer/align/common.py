"""Shared constants, errors and the result type of the aligner."""

from __future__ import annotations

from dataclasses import dataclass, field

ESPEAK_ENV = "LORNPLAYER_ESPEAK"
HOP = 0.01  # feature frame step, seconds
WIN = 0.025  # analysis window, seconds
N_MELS = 32
FMIN, FMAX = 100.0, 5500.0
SMOOTH = 5  # frames of moving average on the features
ENERGY_WEIGHT = 0.5
TURN_GAP = 0.3  # silence put between synthetic turns, seconds
EDGE_GAP = 1.0  # silence before the first and after the last synthetic turn
# DTW levels as (frames per cell, band radius in cells); the first is a full search.
LEVELS = ((40, None), (10, 300), (2, 25))
# A vertical step (real audio advancing while the synthetic stays) costs at a
# synthetic pause at most the SKIP_QUANTILE of random frame-pair distances, so
# jingles, ads and long pauses are crossed there at a bounded price; inside
# synthetic speech it costs the distance plus VERTICAL_PENALTY times that cap.
SKIP_QUANTILE = 0.35
GAP_SKIP_FACTOR = 0.7  # cheaper still between turns, where such material normally sits
VERTICAL_PENALTY = 0.2
SNAP_WINDOW = 1.0  # seconds: how far a start may move to reach a speech onset
MIN_PAUSE = 0.12  # seconds of non-speech that make a pause
SYNTH_RATE = 175  # espeak words per minute


class AlignmentError(Exception):
    """Alignment could not be computed."""


class TTSUnavailable(AlignmentError):
    """No espeak-ng executable was found."""


class AlignmentCancelled(AlignmentError):
    """The ``cancelled`` callback asked to stop."""


@dataclass
class Alignment:
    starts: list[float]  # seconds, one per turn, non-decreasing
    duration: float  # seconds of audio
    seconds_taken: float
    confidence: list[float] = field(default_factory=list)  # 0..1 per turn
    text_lengths: list[int] = field(default_factory=list)
    language: str = "nb"

    def time_at(self, turn: int, offset: int) -> tuple[float, float]:
        """(seconds, confidence) where character ``offset`` of turn ``turn`` is spoken."""
        end = self.starts[turn + 1] if turn + 1 < len(self.starts) else self.duration
        length = max(1, self.text_lengths[turn]) if self.text_lengths else 1
        conf = self.confidence[turn] if self.confidence else 0.0
        return self.starts[turn] + (end - self.starts[turn]) * min(1.0, offset / length), conf


