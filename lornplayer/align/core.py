"""The aligner: a start time for every turn and sentence."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from lornplayer.align.common import (
    EDGE_GAP,
    HOP,
    MIN_PAUSE,
    SNAP_WINDOW,
    TURN_GAP,
    Alignment,
    AlignmentError,
)
from lornplayer.align.dtw import _vertical_costs, warp
from lornplayer.align.features import (
    FeatureExtractor,
    features,
    normalise,
    voice_activity,
)
from lornplayer.align.tts import _require_espeak, guess_language, synthesise
from lornplayer.model import Turn


def _onsets(speech: np.ndarray) -> np.ndarray:
    """Frames where speech starts after at least MIN_PAUSE of non-speech."""
    min_gap = round(MIN_PAUSE / HOP)
    starts = np.flatnonzero(speech[1:] & ~speech[:-1]) + 1
    if speech[0]:
        starts = np.concatenate([[0], starts])
    keep = []
    for s in starts:
        if s < min_gap or not speech[s - min_gap: s].any():
            keep.append(s)
    return np.asarray(keep, np.int64)


def _synthetic_features(texts: Sequence[str], language: str, espeak: str | None,
                        cancelled: Callable[[], bool] | None,
                        progress: Callable[[float], None] | None):
    """Features of the synthetic narration, streamed turn by turn.

    Returns (log-mel, log-energy, rate, turn start samples, turn end samples).
    Turns are separated by TURN_GAP of (dithered) silence, with EDGE_GAP at both ends.
    """
    extractor: FeatureExtractor | None = None
    rng = np.random.default_rng(1)
    starts: list[int | None] = []
    ends: list[int | None] = []

    def silence(seconds: float) -> None:
        extractor.push(rng.standard_normal(int(seconds * extractor.rate), np.float32) * 1e-4)

    for piece, rate in synthesise(texts, language, executable=espeak, cancelled=cancelled,
                                  progress=progress):
        if not len(piece):
            starts.append(None)
            ends.append(None)
            continue
        if extractor is None:
            extractor = FeatureExtractor(rate)
            silence(EDGE_GAP)
        elif rate != extractor.rate:
            raise AlignmentError(f"espeak-ng produced mixed sample rates ({rate}, {extractor.rate})")
        else:
            silence(TURN_GAP)
        starts.append(extractor.samples)
        extractor.push(piece + rng.standard_normal(len(piece), np.float32) * 1e-4)
        ends.append(extractor.samples)
    if extractor is None:
        raise AlignmentError("the transcript has no speakable text")
    # A turn with nothing to say starts (and ends) where the next spoken one starts.
    nxt = extractor.samples
    for k in range(len(starts) - 1, -1, -1):
        if starts[k] is None:
            starts[k] = ends[k] = nxt
        nxt = starts[k]
    silence(EDGE_GAP)
    mels, energy = extractor.result()
    return mels, energy, extractor.rate, starts, ends


def _entry(first_row: np.ndarray, j: int, end: int) -> int:
    """Real frame where synthetic frame ``j`` begins, judged from the frames just after it.

    The path may wait (a run of vertical steps) on the very first frames of a
    turn, so the median of ``first_row[j + m] - m`` over the next 30 ms–150 ms
    is used rather than ``first_row[j]`` alone.
    """
    m = np.arange(3, 16)
    m = m[j + m < min(end, len(first_row))]
    if not len(m):
        return int(first_row[min(j, len(first_row) - 1)])
    return max(0, int(np.median(first_row[j + m] - m)))


def align(audio: str | Path | np.ndarray, turns: Sequence[Turn] | Sequence[str], *,
          sample_rate: int = 16000, language: str | None = None,
          progress: Callable[[float], None] | None = None,
          cancelled: Callable[[], bool] | None = None,
          espeak: str | None = None) -> Alignment:
    """Start time (seconds) of every turn in ``audio`` (a file path or mono float PCM).

    Raises TTSUnavailable without espeak-ng, DecodeError for an unreadable file,
    AlignmentCancelled when ``cancelled()`` turns true, AlignmentError otherwise.
    """
    began = time.monotonic()
    texts = [t if isinstance(t, str) else t.text for t in turns]
    if not texts:
        raise AlignmentError("the transcript has no turns")
    _require_espeak(espeak)
    lang = language or guess_language(texts)

    def report(lo: float, hi: float) -> Callable[[float], None] | None:
        return (lambda f: progress(lo + (hi - lo) * f)) if progress else None

    if isinstance(audio, np.ndarray):
        blocks: Iterable[np.ndarray] = (audio[i: i + 65536] for i in range(0, len(audio), 65536))
    else:
        from lornplayer.decode import iter_decode

        blocks = iter_decode(audio, sample_rate)
    real, real_energy, duration = features(blocks, sample_rate, cancelled)
    if progress:
        progress(0.25)
    if len(real) < 10:
        raise AlignmentError("the audio is too short to align")

    synth, synth_energy, rate, synth_starts, synth_ends = _synthetic_features(
        texts, lang, espeak, cancelled, report(0.25, 0.5))

    real_speech = voice_activity(real_energy)
    a = normalise(real, real_energy)
    synth_speech = voice_activity(synth_energy)
    b = normalise(synth, synth_energy)
    synth_gap = np.ones(len(b), bool)
    for s0, s1 in zip(synth_starts, synth_ends):
        synth_gap[int(s0 / rate / HOP): int(s1 / rate / HOP)] = False
    first_row = warp(a, b, synth_speech, synth_gap, cancelled, report(0.5, 1.0))

    onsets = _onsets(real_speech)
    snap = round(SNAP_WINDOW / HOP)
    # Confidence: share of a turn's synthetic speech frames matched better than a random pair.
    frame_cost = np.sqrt(((a[first_row] - b) ** 2).sum(axis=1))
    good = frame_cost < _vertical_costs(a, b, np.zeros(len(b)), np.zeros(len(b)),
                                        np.random.default_rng(2))[0].max()
    bounds = [int(s / rate / HOP) for s in synth_starts] + [len(b)]
    starts, confidence = [], []
    for k in range(len(synth_starts)):
        j0, j1 = min(bounds[k], len(b) - 1), max(bounds[k + 1], bounds[k] + 1)
        voiced = np.flatnonzero(synth_speech[j0:j1])
        frame = _entry(first_row, j0 + (voiced[0] if len(voiced) else 0), j1)
        if len(onsets):
            n = int(np.argmin(np.abs(onsets - frame)))
            if abs(int(onsets[n]) - frame) <= snap:
                frame = int(onsets[n])
        starts.append(frame * HOP)
        mask = synth_speech[j0:j1]
        confidence.append(round(float(good[j0:j1][mask].mean()) if mask.any() else 0.0, 3))
    starts = list(np.maximum.accumulate(starts))
    if progress:
        progress(1.0)
    return Alignment(starts=[round(float(s), 2) for s in starts], duration=duration,
                     seconds_taken=time.monotonic() - began, confidence=confidence, language=lang,
                     text_lengths=[len(" ".join(t.split())) for t in texts])
