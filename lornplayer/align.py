"""Automatic transcript alignment: a start time for every turn, from audio and text.

The transcript is synthesised turn by turn with espeak-ng (so the synthetic turn
boundaries are known exactly), both signals become speaker-robust spectral-shape features
(normalised log-mel, faded out in silence, plus loudness), and a dynamic
time warping path maps the synthetic time line onto the real one.  The DTW runs
coarse to fine (a full search on 0.4 s blocks, then narrow bands around the
projected path) so a 45-minute episode fits in memory and in seconds.  Real
audio that the transcript does not contain (jingles, ads, long pauses) is
crossed by a capped-cost "skip" step, so it does not drag the turns after it.
Each turn start is finally snapped to the nearest speech onset found by an
energy voice-activity detector.

No Qt import at module level; decoding a file uses :mod:`lornplayer.decode`.
``align()`` is synchronous and thread-safe, meant for a QThreadPool worker.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import wave
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lornplayer.errors import Cancelled, LornError
from lornplayer.model import Turn

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


class AlignmentError(LornError):
    """Alignment could not be computed."""


class TTSUnavailable(AlignmentError):
    """No espeak-ng executable was found."""




@dataclass
class Alignment:
    starts: list[float]  # seconds, one per turn, non-decreasing
    duration: float  # seconds of audio
    seconds_taken: float
    confidence: list[float] = field(default_factory=list)  # 0..1 per turn
    language: str = "nb"


# -- TTS -------------------------------------------------------------------

def espeak_executable(executable: str | None = None) -> str | None:
    """Path of the espeak-ng binary: ``executable``, env LORNPLAYER_ESPEAK, or PATH."""
    name = executable or os.environ.get(ESPEAK_ENV)
    if name:
        return shutil.which(name) or (name if Path(name).is_file() and os.access(name, os.X_OK) else None)
    return shutil.which("espeak-ng") or shutil.which("espeak")


def tts_available(executable: str | None = None) -> bool:
    return espeak_executable(executable) is not None


_NB_WORDS = {"og", "er", "det", "ikke", "jeg", "som", "på", "til", "en", "å", "vi", "har", "med",
             "for", "av", "du", "at", "så", "men", "om", "kan", "den", "dere", "veldig", "hva"}
_EN_WORDS = {"the", "and", "is", "of", "to", "that", "we", "it", "in", "you", "are", "this",
             "with", "for", "was", "have", "what", "so", "but", "they", "be", "not", "can"}


def guess_language(texts: Iterable[str]) -> str:
    """'en' when English function words outnumber Norwegian ones, else 'nb'."""
    nb = en = 0
    for text in texts:
        for word in re.findall(r"[a-zæøå]+", text.lower()):
            nb += word in _NB_WORDS
            en += word in _EN_WORDS
    return "en" if en > nb else "nb"


def _speakable(text: str) -> str:
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"[#*_\[\]{}<>|\\]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise AlignmentError(f"unexpected {8 * width}-bit WAV from espeak-ng")
    data = np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def _trim(x: np.ndarray, rate: int, level: float = 0.01) -> np.ndarray:
    """Cut leading and trailing silence (so a synthetic turn starts at its onset)."""
    loud = np.flatnonzero(np.abs(x) > level)
    if not len(loud):
        return x[:0]
    pad = int(0.01 * rate)
    return x[max(0, loud[0] - pad): loud[-1] + pad]


def _require_espeak(executable: str | None) -> str:
    exe = espeak_executable(executable)
    if exe is None:
        raise TTSUnavailable(
            "automatic alignment needs the espeak-ng text-to-speech program, which was not found "
            f"(install the 'espeak-ng' package or set {ESPEAK_ENV} to its path)")
    return exe


def synthesise(texts: Sequence[str], language: str, *, executable: str | None = None,
               cancelled: Callable[[], bool] | None = None, workers: int = 2,
               progress: Callable[[float], None] | None = None) -> Iterator[tuple[np.ndarray, int]]:
    """Speak each text with espeak-ng, ``workers`` at a time.

    Yields, in order, (float32 samples with leading/trailing silence cut, rate)
    per text, so the caller can consume them without holding them all.
    """
    exe = _require_espeak(executable)
    voice = "en" if language.startswith("en") else "nb"
    with tempfile.TemporaryDirectory(prefix="lornplayer-tts-") as tmp:
        def speak(index: int) -> tuple[np.ndarray, int]:
            if cancelled and cancelled():
                raise Cancelled("alignment cancelled")
            text = _speakable(texts[index])
            if not text:
                return np.zeros(0, np.float32), 0
            src, out = Path(tmp, f"{index}.txt"), Path(tmp, f"{index}.wav")
            src.write_text(text, encoding="utf-8")
            try:
                subprocess.run([exe, "-v", voice, "-s", str(SYNTH_RATE), "-b", "1", "-f", str(src),
                                "-w", str(out)], check=True, capture_output=True, timeout=600)
                data, rate = read_wav(out)
            except (OSError, subprocess.SubprocessError, wave.Error) as exc:
                raise AlignmentError(f"espeak-ng failed: {exc}") from exc
            finally:
                src.unlink(missing_ok=True)
                out.unlink(missing_ok=True)
            return _trim(data, rate), rate

        pool = ThreadPoolExecutor(max_workers=max(1, workers))
        ahead: deque = deque()  # a few turns in flight, so memory stays small
        try:
            for i in range(len(texts)):
                while len(ahead) < 2 * workers and i + len(ahead) < len(texts):
                    ahead.append(pool.submit(speak, i + len(ahead)))
                yield ahead.popleft().result()
                if progress:
                    progress((i + 1) / len(texts))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


# -- features --------------------------------------------------------------

def _mel_filters(rate: int, n_fft: int) -> np.ndarray:
    def mel(f):
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    edges = 700.0 * (10 ** (np.linspace(mel(FMIN), mel(FMAX), N_MELS + 2) / 2595.0) - 1.0)
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    bank = np.zeros((N_MELS, len(freqs)), np.float32)
    for m in range(N_MELS):
        lo, mid, hi = edges[m: m + 3]
        rise = (freqs - lo) / (mid - lo)
        fall = (hi - freqs) / (hi - mid)
        bank[m] = np.clip(np.minimum(rise, fall), 0.0, None)
    return bank


class FeatureExtractor:
    """Streaming log-mel spectra and log-energy every 10 ms, for any sample rate.

    Frame ``k`` starts at sample ``round(k * HOP * rate)``, so frame times are
    exact even when 10 ms is not a whole number of samples (22050 Hz).
    """

    def __init__(self, rate: int):
        self.rate = rate
        self.win = int(round(WIN * rate))
        self.n_fft = 1 << (self.win - 1).bit_length()
        if self.n_fft - self.win > self.win // 4:  # a power of two just under is cheaper
            self.n_fft //= 2
            self.win = self.n_fft
        self.window = np.hamming(self.win).astype(np.float32)
        self.mel = _mel_filters(rate, self.n_fft).T
        self._buf = np.zeros(0, np.float32)
        self._offset = 0  # global index of self._buf[0]
        self._next = 0  # next frame to compute
        self._last = 0.0  # for pre-emphasis across blocks
        self._pending: list[np.ndarray] = []
        self._pending_len = 0
        self.samples = 0
        self._mels: list[np.ndarray] = []
        self._energy: list[np.ndarray] = []

    def _start(self, k: np.ndarray | int):
        return np.round(np.asarray(k) * (HOP * self.rate)).astype(np.int64)

    def push(self, block: np.ndarray) -> None:
        """Add samples; they are analysed once a second's worth has gathered."""
        block = np.asarray(block, np.float32)
        self.samples += len(block)
        self._pending.append(block)
        self._pending_len += len(block)
        if self._pending_len >= self.rate:
            self._flush()

    def _flush(self) -> None:
        if not self._pending_len:
            return
        block = np.concatenate(self._pending)
        self._pending, self._pending_len = [], 0
        emphasised = np.empty_like(block)
        emphasised[0] = block[0] - 0.97 * self._last
        emphasised[1:] = block[1:] - 0.97 * block[:-1]
        self._last = float(block[-1])
        self._buf = np.concatenate([self._buf, emphasised])
        end = self._offset + len(self._buf)
        count = int(np.floor((end - self.win) / (HOP * self.rate))) + 1 - self._next
        while count > 0:  # fixed-size pieces keep the temporary spectra small
            n = min(count, 4096)
            starts = self._start(np.arange(self._next, self._next + n)) - self._offset
            starts = starts[starts + self.win <= len(self._buf)]
            if not len(starts):
                break
            frames = self._buf[starts[:, None] + np.arange(self.win)] * self.window
            power = np.abs(np.fft.rfft(frames, self.n_fft)) ** 2
            self._mels.append(np.log(power.astype(np.float32) @ self.mel + 1e-7))
            self._energy.append(np.log(np.sum(frames * frames, axis=1) + 1e-9))
            self._next += len(starts)
            count -= len(starts)
        drop = int(self._start(self._next)) - self._offset
        if drop > 0:
            self._buf = self._buf[drop:]
            self._offset += drop

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """(log-mel [frames, N_MELS] float32, log-energy [frames])."""
        self._flush()
        if not self._mels:
            return np.zeros((0, N_MELS), np.float32), np.zeros(0, np.float32)
        return np.concatenate(self._mels), np.concatenate(self._energy).astype(np.float32)


def features(blocks: Iterable[np.ndarray], rate: int,
             cancelled: Callable[[], bool] | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Features of a block stream: (log-mel, log-energy, duration in seconds)."""
    extractor = FeatureExtractor(rate)
    for i, block in enumerate(blocks):
        if cancelled and i % 200 == 0 and cancelled():
            raise Cancelled("alignment cancelled")
        extractor.push(block)
    mels, energy = extractor.result()
    return mels, energy, extractor.samples / rate


def speechiness(energy: np.ndarray) -> np.ndarray:
    """0..1 per frame: how far the smoothed log-energy lies between the noise floor
    (5th percentile) and the speech level (95th percentile); 0.5 at the VAD threshold."""
    if not len(energy):
        return np.zeros(0, np.float32)
    smooth = np.convolve(energy, np.ones(5) / 5, mode="same")
    floor, loud = np.percentile(smooth, [5, 95])
    span = max(float(loud - floor), 1e-6)
    return np.clip((smooth - floor - 0.2 * span) / (0.3 * span), 0.0, 1.0).astype(np.float32)


def voice_activity(energy: np.ndarray) -> np.ndarray:
    """Boolean speech mask per frame from log-energy (adaptive threshold)."""
    return speechiness(energy) > 0.5


def normalise(mels: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """Speaker-robust frame vectors, smoothed in time.

    The spectral shape (log-mel minus its frame mean) is normalised over the
    speech frames and faded out in silence (so every pause looks alike,
    whatever its noise), and a clipped relative loudness is appended.
    Works in place as far as possible: ``mels`` may be a 45-minute array.
    """
    n = len(mels)
    weight = speechiness(energy)
    speech = weight > 0.5
    if speech.sum() <= 10:
        speech[:] = True
    out = np.empty((n, N_MELS + 1), np.float32)
    shape = out[:, :N_MELS]
    np.subtract(mels, mels.mean(axis=1, keepdims=True), out=shape)
    count = speech.sum()
    mean = shape.sum(axis=0, where=speech[:, None]) / count
    var = sum(np.square(shape[i: i + 65536] - mean).sum(axis=0, where=speech[i: i + 65536, None])
              for i in range(0, n, 65536)) / count
    shape -= mean
    shape /= np.sqrt(var) + 1e-6
    shape *= weight[:, None]
    out[:, N_MELS] = np.clip(energy - np.percentile(energy, 95), -10.0, 0.0) * ENERGY_WEIGHT
    half = SMOOTH // 2
    padded = np.pad(out, ((half, half), (0, 0)), mode="edge")
    for shift in range(SMOOTH):
        if shift != half:  # out already holds the centre frame
            out += padded[shift: shift + n]
    out /= SMOOTH
    return out


# -- DTW -------------------------------------------------------------------

def _pool(x: np.ndarray, factor: int) -> np.ndarray:
    """Average consecutive groups of ``factor`` rows (the last partial group too)."""
    if factor == 1:
        return x
    n = -(-len(x) // factor)
    pad = n * factor - len(x)
    if pad:
        x = np.concatenate([x, np.repeat(x[-1:], pad, axis=0)])
    return x.reshape(n, factor, *x.shape[1:]).mean(axis=1)


def _vertical_costs(a: np.ndarray, b: np.ndarray, b_speech: np.ndarray, b_gap: np.ndarray,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per synthetic column, the (cap, penalty) of a vertical step (see SKIP_QUANTILE)."""
    ia = rng.integers(0, len(a), 4000)
    ib = rng.integers(0, len(b), 4000)
    cap = float(np.quantile(np.sqrt(((a[ia] - b[ib]) ** 2).sum(axis=1)), SKIP_QUANTILE))
    speech = b_speech > 0.5
    caps = np.where(speech, np.inf, np.where(b_gap > 0.5, GAP_SKIP_FACTOR * cap, cap))
    return caps, np.where(speech, VERTICAL_PENALTY * cap, 0.0)


def dtw_band(a: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             vertical: tuple[np.ndarray, np.ndarray], cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """Cheapest monotone path from (0, 0) to (len(a)-1, len(b)-1) inside columns [lo[i], hi[i]).

    Steps: diagonal and horizontal cost the frame distance; vertical (real
    audio advancing while the synthetic stays) costs ``min(distance, cap[j])
    + penalty[j]`` with ``vertical = (cap, penalty)``, so material absent from
    the transcript is crossed at a bounded price.
    Returns, per row of ``a``, the column the path reaches at that row (its last).
    """
    n = len(a)
    cap, penalty = vertical
    b_sq = (b * b).sum(axis=1)
    pointers: list[np.ndarray] = []
    prev = np.zeros(0)
    plo = phi = 0
    inf = np.inf
    for i in range(n):
        if cancelled and i % 2000 == 0 and cancelled():
            raise Cancelled("alignment cancelled")
        l, h = int(lo[i]), int(hi[i])
        cols = b[l:h]
        cost = np.sqrt(np.maximum(b_sq[l:h] - 2.0 * (cols @ a[i]) + (a[i] @ a[i]), 0.0))
        width = h - l
        if i == 0:
            up = np.full(width, inf)
            diag = np.full(width, inf)
            if l == 0:
                diag[0] = 0.0
        else:
            # prev covers columns [plo, phi); D[i-1, j] and D[i-1, j-1] for j in [l, h).
            up = np.full(width, inf)
            s, e = max(l, plo), min(h, phi)
            if s < e:
                up[s - l: e - l] = prev[s - plo: e - plo]
            diag = np.full(width, inf)
            s, e = max(l, plo + 1), min(h, phi + 1)
            if s < e:
                diag[s - l: e - l] = prev[s - 1 - plo: e - 1 - plo]
        vert = up + np.minimum(cost, cap[l:h]) + penalty[l:h]
        dia = diag + cost
        enter = np.minimum(vert, dia)
        step = np.where(dia <= vert, 0, 1).astype(np.uint8)
        run = np.cumsum(cost)
        best = np.minimum.accumulate(enter - run)
        cur = run + best
        horiz = cur < enter
        step[horiz] = 2
        pointers.append(step)
        prev, plo, phi = cur, l, h
    # Backtrack.
    i, j = n - 1, len(b) - 1
    last = np.zeros(n, np.int64)
    last[i] = j
    while i > 0 or j > 0:
        p = pointers[i][j - int(lo[i])]
        if p == 0:
            i -= 1
            j -= 1
            last[i] = j
        elif p == 1:
            i -= 1
            last[i] = j
        else:
            j -= 1
        if j < 0:
            break
    return last


def _band_from_path(last: np.ndarray, factor: int, n_fine: int, m_fine: int,
                    radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Column windows per fine row around a coarse path (projected and widened)."""
    coarse_rows = np.minimum(np.arange(n_fine) // factor, len(last) - 1)
    # columns the coarse path covers at row r: from last[r-1] (or 0) to last[r]
    first = np.concatenate([[0], last[:-1]])
    lo_c = first[coarse_rows] * factor
    hi_c = (last[coarse_rows] + 1) * factor
    lo = np.clip(lo_c - radius, 0, m_fine - 1)
    hi = np.clip(hi_c + radius, 1, m_fine)
    # Also widen along rows by the radius.
    lo = _running(lo, radius, np.minimum)
    hi = _running(hi, radius, np.maximum)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[-1] = m_fine
    return lo, hi


def _running(x: np.ndarray, radius: int, op) -> np.ndarray:
    out = x.copy()
    for shift in range(1, radius + 1):
        out[shift:] = op(out[shift:], x[:-shift])
        out[:-shift] = op(out[:-shift], x[shift:])
    return out


def warp(a: np.ndarray, b: np.ndarray, b_speech: np.ndarray, b_gap: np.ndarray,
         cancelled: Callable[[], bool] | None = None,
         progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Coarse-to-fine DTW of real features ``a`` against synthetic ``b`` (10 ms frames).

    ``b_speech`` and ``b_gap`` flag the synthetic frames that are speech and
    that lie between turns.

    Returns for each synthetic frame the real frame it is first matched with.
    """
    rng = np.random.default_rng(0)
    last = None
    prev_factor = None
    for level, (factor, radius) in enumerate(LEVELS):
        ac, bc = _pool(a, factor), _pool(b, factor)
        if last is None:
            lo = np.zeros(len(ac), np.int64)
            hi = np.full(len(ac), len(bc), np.int64)
        else:
            lo, hi = _band_from_path(last, prev_factor // factor, len(ac), len(bc), radius)
        vertical = _vertical_costs(ac, bc, _pool(b_speech.astype(np.float32), factor),
                                   _pool(b_gap.astype(np.float32), factor), rng)
        last = dtw_band(ac, bc, lo, hi, vertical, cancelled)
        prev_factor = factor
        if progress:
            progress((level + 1) / len(LEVELS))
    # First real row at which each synthetic column is reached, back at 10 ms frames.
    rows = np.searchsorted(last, np.arange(len(b)) // prev_factor, side="left")
    return np.minimum(rows * prev_factor, len(a) - 1)


# -- alignment ---------------------------------------------------------------

def _onsets(speech: np.ndarray) -> np.ndarray:
    """Frames where speech starts after at least MIN_PAUSE of non-speech."""
    min_gap = int(round(MIN_PAUSE / HOP))
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
    snap = int(round(SNAP_WINDOW / HOP))
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
                     seconds_taken=time.monotonic() - began, confidence=confidence, language=lang)
