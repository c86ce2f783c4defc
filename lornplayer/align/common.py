"""Shared constants, errors and the result type of the aligner."""

from __future__ import annotations

from dataclasses import dataclass, field

from lornplayer.errors import Cancelled, LornError

ESPEAK_ENV = "LORNPLAYER_ESPEAK"
HOP = 0.01  # feature frame step, seconds
WIN = 0.025  # analysis window, seconds
N_MELS = 32
FMIN, FMAX = 100.0, 5500.0
NORM_WINDOW = 4.0  # seconds each side of the sliding mean/variance normalisation of the features
SMOOTH = 5  # frames of moving average on the features
ENERGY_WEIGHT = 0.5
TURN_GAP = 0.3  # silence put between synthetic turns, seconds
SENTENCE_GAP = 0.15  # and between the sentences of a turn
EDGE_GAP = 1.0  # silence before the first and after the last synthetic turn
# DTW levels as (frames per cell, band radius in cells); the first is a full search.
LEVELS = ((40, None), (10, 300), (2, 25))
# A vertical step (real audio advancing while the synthetic stays) costs at a
# synthetic pause at most the SKIP_QUANTILE of random frame-pair distances, so
# jingles, ads and long pauses are crossed there at a bounded price; inside
# synthetic speech it costs the distance plus VERTICAL_PENALTY times that cap.
SKIP_QUANTILE = 0.35
# From the second level on, the cap is this quantile of the distances along the coarser level's
# path where it matches synthetic speech: calibrated on the file's own matches, so real speech that
# matches the synthesis only moderately is still cheaper to match than to skip.
CALIBRATE_QUANTILE = 0.7
GAP_SKIP_FACTOR = 0.7  # cheaper still between turns, where such material normally sits
# Inside synthetic speech a vertical step costs at most SPEECH_SKIP times the cap (plus the penalty):
# an untranscribed filler ("eh", "liksom") inside a sentence is crossed at a bounded price.
SPEECH_SKIP = 1.5
VERTICAL_PENALTY = 0.2
# Where the real audio pauses, waiting (a vertical step) costs at most this share of the skip cap,
# whatever the synthetic frame: real speakers pause inside sentences where espeak-ng does not.
PAUSE_SKIP = 0.3
SNAP_WINDOW = 1.0  # seconds: how far a turn start may move to reach a speech onset
# A turn starts after a pause: among the onsets in reach, each second of pause before one counts as
# SNAP_PAUSE_WEIGHT seconds nearer (pauses counted up to 2 s), so a turn whose first words the path
# skipped starts after the pause between the turns, not after a comma a word later.
SNAP_PAUSE_WEIGHT = 0.5
SENTENCE_SNAP = 0.4  # and a sentence start
# A turn start inside a stretch of speech moves back to the stretch's beginning (after a pause of
# RUN_PAUSE seconds), up to RUN_BACK seconds and never before the previous turn's text ends.
RUN_PAUSE = 0.45
RUN_BACK = 5.0
# A real pause of LONG_PAUSE seconds that the path crosses within a turn's first LEAD_WORDS seconds
# of synthetic speech moves the turn's start past it (see core._past_long_pause).
LONG_PAUSE = 1.0
LEAD_WORDS = 0.5
CONFIDENT = 0.3  # sentences whose path score (confidence before the margin) is below this get interpolated starts
MARGIN_SHIFTS = (-300, -200, -100, 100, 200, 300)  # frames: the neighbouring offsets a sentence is compared with
# A sentence is fully confident once its place matches at least this share better than the best
# neighbouring offset (1 - cost / shifted cost); a place no better than its neighbourhood gets 0.
MARGIN_FULL = 0.1  # the margin that leaves the score whole
MIN_PAUSE = 0.12  # seconds of non-speech that make a pause
# Speech/tone discriminator: the spectral shape of speech changes within a syllable; a sustained
# tone, chord or drone keeps it.  Shape change over FLUX_LAG frames, averaged over FLUX_WINDOW frames
# (RMS in log-mel units, about 1 for stationary noise or tones, 2 for clean speech).
FLUX_LAG = 8
FLUX_WINDOW = 30
FLUX_TONAL, FLUX_SPEECH = 1.1, 1.5  # below the first a loud frame counts as non-speech, above the second as speech
SYNTH_RATE = 175  # espeak words per minute


class AlignmentError(LornError):
    """Alignment could not be computed."""


class TTSUnavailable(AlignmentError):
    """No espeak-ng executable was found."""


AlignmentCancelled = Cancelled  # the ``cancelled`` callback asked to stop (the app-wide Cancelled)


@dataclass
class SentenceTime:
    """When one sentence of a turn is spoken."""

    turn: int
    first: int  # character offsets of the sentence in the turn's text
    last: int
    start: float  # seconds
    end: float
    confidence: float  # 0..1: path score times the margin against neighbouring offsets (see MARGIN_FULL)
    # False where the path score was below CONFIDENT and the start was interpolated between neighbours
    aligned: bool = True


@dataclass
class Alignment:
    starts: list[float]  # seconds, one per turn, non-decreasing
    duration: float  # seconds of audio
    seconds_taken: float
    confidence: list[float] = field(default_factory=list)  # 0..1 per turn
    text_lengths: list[int] = field(default_factory=list)
    language: str = "nb"
    sentences: list[SentenceTime] = field(default_factory=list)
    # (turn, character offset, seconds) of every word, in order
    words: list[tuple[int, int, float]] = field(default_factory=list)

    def time_at(self, turn: int, offset: int) -> tuple[float, float]:
        """(seconds, confidence) where character ``offset`` of turn ``turn`` is spoken."""
        conf = self.confidence[turn] if self.confidence else 0.0
        for s in self.sentences:
            if s.turn == turn and s.first <= offset < max(s.last, s.first + 1):
                conf = s.confidence
                if offset <= s.first:
                    return s.start, conf
        if self.words:
            import bisect

            k = bisect.bisect_right(self.words, (turn, offset, float("inf"))) - 1
            if k >= 0 and self.words[k][0] == turn:
                return self.words[k][2], conf
        end = self.starts[turn + 1] if turn + 1 < len(self.starts) else self.duration
        length = max(1, self.text_lengths[turn]) if self.text_lengths else 1
        return self.starts[turn] + (end - self.starts[turn]) * min(1.0, offset / length), conf
