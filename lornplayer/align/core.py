"""The aligner: a start time for every turn and sentence."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lornplayer.align.common import (
    CONFIDENT,
    EDGE_GAP,
    HOP,
    LEAD_WORDS,
    LONG_PAUSE,
    MARGIN_FULL,
    MARGIN_SHIFTS,
    MIN_PAUSE,
    RUN_BACK,
    RUN_PAUSE,
    SENTENCE_GAP,
    SENTENCE_SNAP,
    SNAP_PAUSE_WEIGHT,
    SNAP_WINDOW,
    TURN_GAP,
    Alignment,
    AlignmentError,
    SentenceTime,
)
from lornplayer.align.dtw import warp
from lornplayer.align.features import (
    FeatureExtractor,
    features,
    normalise,
    voice_activity,
)
from lornplayer.align.tts import _require_espeak, guess_language, synthesise
from lornplayer.model import Turn
from lornplayer.sentences import sentence_spans


def _onsets(speech: np.ndarray) -> np.ndarray:
    """Frames where speech starts after at least MIN_PAUSE of non-speech."""
    min_gap = round(MIN_PAUSE / HOP)
    starts = np.flatnonzero(speech[1:] & ~speech[:-1]) + 1
    if speech[0]:
        starts = np.concatenate([[0], starts])
    keep = []
    for s in starts:
        if s < min_gap or not speech[s - min_gap : s].any():
            keep.append(s)
    return np.asarray(keep, np.int64)


@dataclass
class _Synth:
    """The synthetic narration's features and where each sentence lies in it (frames)."""

    mels: np.ndarray | None
    energy: np.ndarray
    # per sentence: (turn, first char, last char, first frame, end frame); end == first if unspoken
    sentences: list[tuple[int, int, int, int, int]]
    turn_gap: np.ndarray  # True on frames between turns (and at both ends)


def _synthetic_features(
    texts: Sequence[str],
    language: str,
    espeak: str | None,
    cancelled: Callable[[], bool] | None,
    progress: Callable[[float], None] | None,
) -> _Synth:
    """Features of the synthetic narration, streamed turn by turn.

    Each turn is split into sentences (spoken in one espeak-ng run per turn);
    sentences are separated by SENTENCE_GAP and turns by TURN_GAP of dithered
    silence, with EDGE_GAP at both ends.
    """
    extractor: FeatureExtractor | None = None
    rng = np.random.default_rng(1)
    spans = [sentence_spans(t) for t in texts]
    rows: list[list] = []  # [turn, first, last, start sample, end sample]
    turn_bounds: list[tuple[int, int]] = []

    def silence(seconds: float) -> None:
        assert extractor is not None
        extractor.push(rng.standard_normal(int(seconds * extractor.rate), np.float32) * 1e-4)

    items = [[texts[k][a:b] for a, b in spans[k]] for k in range(len(texts))]
    for k, (pieces, rate) in enumerate(
        synthesise(items, language, executable=espeak, cancelled=cancelled, progress=progress)
    ):
        first_in_turn = True
        for (a, b), piece in zip(spans[k], pieces):
            if not len(piece):
                rows.append([k, a, b, None, None])
                continue
            if extractor is None:
                extractor = FeatureExtractor(rate)
                silence(EDGE_GAP)
            elif rate != extractor.rate:
                raise AlignmentError(f"espeak-ng produced mixed sample rates ({rate}, {extractor.rate})")
            else:
                silence(TURN_GAP if first_in_turn else SENTENCE_GAP)
            if first_in_turn:
                turn_bounds.append((extractor.samples, -1))
            first_in_turn = False
            rows.append([k, a, b, extractor.samples, None])
            extractor.push(piece + rng.standard_normal(len(piece), np.float32) * 1e-4)
            rows[-1][4] = extractor.samples
        if not first_in_turn and extractor is not None:
            turn_bounds[-1] = (turn_bounds[-1][0], extractor.samples)
        if not spans[k]:
            rows.append([k, 0, 0, None, None])
    if extractor is None:
        raise AlignmentError("the transcript has no speakable text")
    silence(EDGE_GAP)
    rate = extractor.rate
    mels, energy = extractor.result()
    # A sentence with nothing to say starts (and ends) where the next spoken one starts.
    nxt = len(mels)
    out: list[tuple[int, int, int, int, int]] = []
    for k, a, b, s0, s1 in reversed(rows):
        if s0 is None:
            out.append((k, a, b, nxt, nxt))
        else:
            f0 = min(int(s0 / rate / HOP), len(mels) - 1)
            out.append((k, a, b, f0, max(f0 + 1, min(int(s1 / rate / HOP), len(mels)))))
            nxt = f0
    gap = np.ones(len(mels), bool)
    for s0, s1 in turn_bounds:
        gap[int(s0 / rate / HOP) : int(s1 / rate / HOP)] = False
    return _Synth(mels, energy, out[::-1], gap)


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


def align(
    audio: str | Path | np.ndarray,
    turns: Sequence[Turn] | Sequence[str],
    *,
    sample_rate: int = 16000,
    language: str | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    espeak: str | None = None,
) -> Alignment:
    """Start time (seconds) of every turn in ``audio`` (a file path or mono float PCM).

    Raises TTSUnavailable without espeak-ng, DecodeError for an unreadable file,
    Cancelled when ``cancelled()`` turns true, AlignmentError otherwise.
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
        blocks: Iterable[np.ndarray] = (audio[i : i + 65536] for i in range(0, len(audio), 65536))
    else:
        from lornplayer.decode import iter_decode

        blocks = iter_decode(audio, sample_rate)
    # The transcript is synthesised (espeak-ng runs, their features) while the audio is decoded.
    stop = threading.Event()

    def synth_cancelled() -> bool:
        return stop.is_set() or bool(cancelled and cancelled())

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lornplayer-tts") as pool:
        pending = pool.submit(_synthetic_features, texts, lang, espeak, synth_cancelled, None)
        try:
            real, real_energy, duration = features(blocks, sample_rate, cancelled)
            if progress:
                progress(0.25)
            if len(real) < 10:
                raise AlignmentError("the audio is too short to align")
            syn = pending.result()
        except BaseException:
            stop.set()
            raise
    if progress:
        progress(0.5)

    # In the real audio a loud but still spectrum (a jingle's tones and chords) is not speech: it is
    # neither matched as speech of unknown content nor counted as talk by the pause rule.
    real_speech = voice_activity(real_energy, real)
    a = normalise(real, real_energy, tonal=True)
    del real
    synth_speech = voice_activity(syn.energy)
    assert syn.mels is not None
    b = normalise(syn.mels, syn.energy)  # espeak-ng has no music (and its steady vowels stay as they are)
    syn.mels = None  # only b is needed from here on
    synth_gap = ~synth_speech  # every synthetic pause: between words, sentences and turns
    first_row = warp(a, b, synth_speech, syn.turn_gap, cancelled, report(0.5, 1.0), real_speech)
    sentences, words = _sentence_times(texts, syn, a, b, first_row, synth_speech, real_speech, synth_gap)
    starts: list[float] = []
    confidence: list[float] = []
    for k in range(len(texts)):
        mine = [s for s in sentences if s.turn == k]
        starts.append(mine[0].start if mine else (starts[-1] if starts else 0.0))
        confidence.append(round(float(np.mean([s.confidence for s in mine])), 3) if mine else 0.0)
    starts = [round(float(s), 2) for s in np.maximum.accumulate(starts)]
    if progress:
        progress(1.0)
    return Alignment(
        starts=starts,
        duration=duration,
        seconds_taken=time.monotonic() - began,
        confidence=confidence,
        language=lang,
        text_lengths=[len(" ".join(t.split())) for t in texts],
        sentences=sentences,
        words=words,
    )


_WORD = re.compile(r"\w+")


def _voiced_frame(speech: np.ndarray, f0: int, f1: int, share: float) -> int:
    """The synthetic frame in [f0, f1) where ``share`` of the voiced frames lie before it."""
    voiced = np.flatnonzero(speech[f0:f1])
    if not len(voiced):
        return f0
    return f0 + int(voiced[min(len(voiced) - 1, int(share * len(voiced)))])


def _snap(frame: int, onsets: np.ndarray, window: int, pauses: np.ndarray | None = None) -> int:
    """The onset within ``window`` frames of ``frame`` nearest to it, or ``frame`` when none is.
    With ``pauses`` (frames of non-speech before each onset) an onset after a longer pause counts
    as nearer (SNAP_PAUSE_WEIGHT per frame of pause, up to 2 s)."""
    if not len(onsets):
        return frame
    distance = np.abs(onsets - frame)
    score = distance.astype(np.float64)
    if pauses is not None:
        score -= SNAP_PAUSE_WEIGHT * np.minimum(pauses, round(2.0 / HOP))
    score[distance > window] = np.inf
    n = int(np.argmin(score))
    return int(onsets[n]) if np.isfinite(score[n]) else frame


def _pauses_before(speech: np.ndarray, onsets: np.ndarray) -> np.ndarray:
    """Frames of non-speech just before each onset (back to the previous speech frame or the start)."""
    last = np.maximum.accumulate(np.where(speech, np.arange(len(speech)), -1))
    prev = np.where(onsets > 0, last[np.maximum(onsets - 1, 0)], -1)
    return onsets - 1 - prev


def _sentence_times(texts, syn: _Synth, a, b, first_row, synth_speech, real_speech, synth_gap):
    """Sentence and word times from the warping path, with a confidence per sentence."""
    onsets = _onsets(real_speech)
    pauses = _pauses_before(real_speech, onsets)
    frame_cost = np.sqrt(((a[first_row] - b) ** 2).sum(axis=1))
    matched = frame_cost[synth_speech]
    good_level = float(np.quantile(matched, 0.5)) if len(matched) else 0.0
    sentences: list[SentenceTime] = []
    words: list[tuple[int, int, float]] = []
    scores = []
    prev_end = 0  # real frame where the path finishes the previous spoken sentence
    for idx, (k, c0, c1, f0, f1) in enumerate(syn.sentences):
        turn_first = idx == 0 or syn.sentences[idx - 1][0] != k
        entry = _entry(first_row, _voiced_frame(synth_speech, f0, f1, 0.0), f1)
        if turn_first:
            entry = _snap(entry, onsets, round(SNAP_WINDOW / HOP), pauses)
            if idx > 0 and f1 > f0:
                entry = _back_to_run_start(entry, real_speech, prev_end)
            entry = _past_long_pause(entry, first_row, synth_speech, f0, f1, onsets, pauses)
        else:
            entry = _snap(entry, onsets, round(SENTENCE_SNAP / HOP))
        end = int(first_row[max(f0, min(f1 - 1, len(first_row) - 1))])
        if f1 > f0:
            prev_end = max(prev_end, end)
        text = texts[k][c0:c1]
        for m in _WORD.finditer(text):
            share = m.start() / max(1, len(text))
            j = _voiced_frame(synth_speech, f0, f1, share)
            words.append((k, c0 + m.start(), (entry if m.start() == 0 else max(entry, int(first_row[j]))) * HOP))
        mask = synth_speech[f0:f1]
        if mask.any():
            share_good = float((frame_cost[f0:f1][mask] <= good_level).mean())
            real_len = max(1, end - entry)
            stretch = abs(np.log(real_len / max(1, int(mask.sum()))))
            score = share_good * float(np.exp(-max(0.0, stretch - 0.5)))
            # The confidence also asks whether this place beats its neighbourhood (an ad or a
            # wrong stretch of speech matches about as well 1-3 s away); the interpolation
            # decision keeps the path score alone (the margin is no better guide to a start).
            margin = _margin(a, b, first_row, f0 + np.flatnonzero(mask))
            confidence = score * float(np.clip(margin / MARGIN_FULL, 0.0, 1.0))
        else:
            score = confidence = 0.0
        scores.append(score)
        sentences.append(SentenceTime(k, c0, c1, entry * HOP, max(entry, end) * HOP, round(confidence, 3)))
    _interpolate_unsure(sentences, scores)
    for s, nxt in itertools.pairwise(sentences):
        s.end = max(s.start, min(s.end, nxt.start)) if nxt.turn == s.turn else max(s.start, s.end)
    words.sort()
    return sentences, words


def _back_to_run_start(entry: int, speech: np.ndarray, floor: int) -> int:
    """A turn start the path put inside a stretch of speech, moved back to where that stretch
    begins (after a pause of RUN_PAUSE), if it begins within RUN_BACK and after ``floor`` (where
    the path finished the previous turn's text).

    A voice far from espeak-ng's, or words the transcript leaves out ("eh, ja"), can make
    skipping a turn's first words cheaper than matching them; what the path skipped then sits
    between the previous turn's end and the entry without a pause, and belongs to this turn."""
    need = round(RUN_PAUSE / HOP)
    lowest = max(floor + 1, entry - round(RUN_BACK / HOP))
    start, quiet = entry, 0
    for i in range(entry - 1, lowest - 1, -1):
        if speech[i]:
            start, quiet = i, 0
        else:
            quiet += 1
            if quiet >= need:
                return start  # the pause before the stretch: the turn starts after it
    return start if lowest == floor + 1 else entry  # no pause within reach: leave it


def _past_long_pause(entry: int, first_row, synth_speech, f0: int, f1: int, onsets, pauses) -> int:
    """A turn's start moved past a long real pause that the path crosses within the turn's first
    words (LEAD_WORDS seconds of synthetic speech, at most a quarter of its first sentence).

    A speaker does not say a word, fall silent for LONG_PAUSE and go on with the same sentence;
    what the path matched before such a pause is the tail of an ad or jingle taken for the turn's
    first word.  The start becomes the first real speech after the last such pause (``onsets`` and
    ``pauses`` as from :func:`_onsets` and :func:`_pauses_before`)."""
    voiced = np.flatnonzero(synth_speech[f0:f1])
    if len(voiced) < 8:
        return entry
    head = f0 + int(voiced[min(round(LEAD_WORDS / HOP), len(voiced) // 4)])
    stop = int(first_row[min(head, len(first_row) - 1)])
    inside = (onsets > entry) & (onsets < stop)
    # the pause before each onset, counted from the entry on
    long = inside & (np.minimum(pauses, onsets - entry) >= round(LONG_PAUSE / HOP))
    return int(onsets[long][-1]) if long.any() else entry


def _margin(a: np.ndarray, b: np.ndarray, first_row: np.ndarray, cols: np.ndarray) -> float:
    """How much better the sentence's synthetic speech frames ``cols`` match the real frames the
    path gives them than the same frames shifted 1–3 s either way: 1 - cost / (best shifted cost).
    About 0 where the place is no better than its neighbourhood (an ad, a jingle, a wrong turn)."""
    if not len(cols):
        return 0.0
    rows = first_row[cols]
    here = float(np.sqrt(((a[rows] - b[cols]) ** 2).sum(axis=1)).mean())
    shifted = []
    for s in MARGIN_SHIFTS:
        r = np.clip(rows + s, 0, len(a) - 1)
        shifted.append(float(np.sqrt(((a[r] - b[cols]) ** 2).sum(axis=1)).mean()))
    other = float(np.min(shifted))
    return max(0.0, 1.0 - here / max(other, 1e-9))


def _interpolate_unsure(sentences: list[SentenceTime], scores: Sequence[float] | None = None) -> None:
    """Sentences whose path score (``scores``, else their confidence) is below CONFIDENT get
    starts between their confident neighbours, by text length (and are marked ``aligned=False``)."""
    if scores is None:
        scores = [s.confidence for s in sentences]
    # A turn's first sentence keeps the path's start (snapped to an onset): the pause
    # before a turn is unknown, so text length would place it worse.
    sure = [i for i, s in enumerate(sentences) if scores[i] >= CONFIDENT or i == 0 or sentences[i - 1].turn != s.turn]
    if not sure:
        return
    length = np.array([max(1, s.last - s.first) for s in sentences], float)
    cum = np.concatenate([[0.0], np.cumsum(length)])
    lows: list[int | None] = [None, *sure]
    highs: list[int | None] = [*sure, None]
    for lo, hi in zip(lows, highs):
        first = 0 if lo is None else lo + 1
        last = len(sentences) if hi is None else hi
        if first >= last or lo is None or hi is None:
            continue  # before the first / after the last confident sentence: keep the path's times
        t0, t1 = sentences[lo].start, sentences[hi].start
        for i in range(first, last):
            share = (cum[i] - cum[lo]) / max(1e-9, cum[hi] - cum[lo])
            sentences[i].start = t0 + (t1 - t0) * share
            sentences[i].aligned = False
