"""Frame features of real and synthetic audio, and speech detection."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from lornplayer.align.common import (
    ENERGY_WEIGHT,
    FLUX_LAG,
    FLUX_SPEECH,
    FLUX_TONAL,
    FLUX_WINDOW,
    FMAX,
    FMIN,
    HOP,
    N_MELS,
    NORM_WINDOW,
    SMOOTH,
    WIN,
    Cancelled,
)


def _mel_filters(rate: int, n_fft: int) -> np.ndarray:
    def mel(f):
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    edges = 700.0 * (10 ** (np.linspace(mel(FMIN), mel(FMAX), N_MELS + 2) / 2595.0) - 1.0)
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    bank = np.zeros((N_MELS, len(freqs)), np.float32)
    for m in range(N_MELS):
        lo, mid, hi = edges[m : m + 3]
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
        self.win = round(WIN * rate)
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
            frames = np.lib.stride_tricks.sliding_window_view(self._buf, self.win)[starts]
            frames *= self.window
            spec = np.fft.rfft(frames, self.n_fft)  # float32 in, complex64 out (numpy >= 2)
            power = spec.real * spec.real
            power += spec.imag * spec.imag
            self._mels.append(np.log(power.astype(np.float32, copy=False) @ self.mel + 1e-7))
            self._energy.append(np.log(np.einsum("ij,ij->i", frames, frames) + 1e-9))
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


def features(
    blocks: Iterable[np.ndarray], rate: int, cancelled: Callable[[], bool] | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
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


def spectral_change(mels: np.ndarray) -> np.ndarray:
    """Per frame, how fast the spectral shape changes: the RMS difference (log-mel units) of the
    frame-mean-removed log-mel FLUX_LAG frames apart, averaged over FLUX_WINDOW frames.

    Speech moves its formants every syllable (about 2 for clean speech, still ~1.5 in noise); a
    sustained tone, a chord, a drone or steady noise keeps its shape (about 1, the periodogram's
    own fluctuation).  A level change (a fade, an amplitude beat) does not count.
    """
    n = len(mels)
    out = np.zeros(n, np.float32)
    if n <= FLUX_LAG:
        return out
    d = np.empty(n, np.float32)
    d[:FLUX_LAG] = 0.0
    for k in range(FLUX_LAG, n, 65536):  # pieces keep the temporaries small
        e = min(n, k + 65536)
        cur, old = mels[k:e], mels[k - FLUX_LAG : e - FLUX_LAG]
        diff = (cur - cur.mean(axis=1, keepdims=True)) - (old - old.mean(axis=1, keepdims=True))
        d[k:e] = np.sqrt((diff * diff).mean(axis=1))
    d[:FLUX_LAG] = d[FLUX_LAG]
    c = np.concatenate([[0.0], np.cumsum(d, dtype=np.float64)])
    half = FLUX_WINDOW // 2
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return ((c[hi] - c[lo]) / (hi - lo)).astype(np.float32)


def speech_likeness(mels: np.ndarray) -> np.ndarray:
    """0..1 per frame: 0 where the spectral shape holds still (a tone, chord or drone), 1 where it
    moves like speech (see spectral_change); a soft ramp between FLUX_TONAL and FLUX_SPEECH."""
    if not len(mels):
        return np.zeros(0, np.float32)
    ramp = (spectral_change(mels) - FLUX_TONAL) / (FLUX_SPEECH - FLUX_TONAL)
    return np.clip(ramp, 0.0, 1.0).astype(np.float32)


def voice_activity(energy: np.ndarray, mels: np.ndarray | None = None) -> np.ndarray:
    """Boolean speech mask per frame from log-energy (adaptive threshold); with ``mels`` also
    requiring a speech-like moving spectrum, so a loud sustained tone or chord is not speech."""
    weight = speechiness(energy)
    if mels is not None:
        weight = weight * speech_likeness(mels)
    return weight > 0.5


def _sliding_mean_var(x: np.ndarray, w: np.ndarray, half: int, block: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and variance of the rows of ``x`` over about +-``half`` frames, one value per
    ``block`` frames (returned per block: row ``k`` holds the statistics around frame ``k * block``)."""
    n = len(x)
    nb = -(-n // block)
    sums = np.zeros((nb + 1, x.shape[1]), np.float64)
    squares = np.zeros((nb + 1, x.shape[1]), np.float64)
    weights = np.zeros(nb + 1, np.float64)
    for k in range(0, n, 65536):  # pieces keep the temporaries small
        xs, ws = x[k : k + 65536], w[k : k + 65536]
        idx = (np.arange(len(xs)) + k) // block + 1
        np.add.at(weights, idx, ws)
        wx = xs * ws[:, None]
        sums[idx[0] : idx[-1] + 1] += _block_sum(wx, idx)
        squares[idx[0] : idx[-1] + 1] += _block_sum(wx * xs, idx)
    reach = max(1, half // block)
    for c in (sums, squares, weights):
        np.cumsum(c, axis=0, out=c)
    lo = np.maximum(np.arange(nb) - reach, 0)
    hi = np.minimum(np.arange(nb) + reach + 1, nb)
    wsum = (weights[hi] - weights[lo])[:, None] + 1e-6
    mean = (sums[hi] - sums[lo]) / wsum
    var = (squares[hi] - squares[lo]) / wsum - mean * mean
    out_mean = mean.astype(np.float32)
    out_var = np.maximum(var, 1e-4).astype(np.float32)
    return out_mean, out_var


def _block_sum(v: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Sums of the rows of ``v`` grouped by their (consecutive, sorted) block index ``idx``."""
    starts = np.flatnonzero(np.concatenate([[True], idx[1:] != idx[:-1]]))
    return np.add.reduceat(v.astype(np.float64), starts, axis=0)


def normalise(mels: np.ndarray, energy: np.ndarray, tonal: bool = False) -> np.ndarray:
    """Speaker- and channel-robust frame vectors, smoothed in time.

    The spectral shape (log-mel minus its frame mean) is mean/variance
    normalised over a sliding window of speech frames (+-NORM_WINDOW seconds,
    so a change of room, microphone or speaker is followed), faded out in
    silence (so every pause looks alike, whatever its noise), and a clipped
    relative loudness is appended.  ``mels`` may be a 45-minute array.
    With ``tonal``, frames whose spectrum holds still like a tone or chord (see
    speech_likeness) are faded out too: a jingle then looks like a pause, not
    like speech of unknown content.
    """
    n = len(mels)
    weight = speechiness(energy)
    if tonal:
        weight *= speech_likeness(mels)
    speech = weight > 0.5
    if speech.sum() <= 10:
        speech[:] = True
    out = np.empty((n, N_MELS + 1), np.float32)
    shape = out[:, :N_MELS]
    np.subtract(mels, mels.mean(axis=1, keepdims=True), out=shape)
    block = 10
    mean, var = _sliding_mean_var(shape, speech.astype(np.float32), round(NORM_WINDOW / HOP), block)
    scale = 1.0 / np.sqrt(var)
    del var
    for k in range(0, n, 65536):
        rows = np.arange(k, min(n, k + 65536)) // block
        piece = shape[k : k + 65536]
        piece -= mean[rows]
        piece *= scale[rows]
        piece *= weight[k : k + 65536, None]
    out[:, N_MELS] = np.clip(energy - np.percentile(energy, 95), -10.0, 0.0) * ENERGY_WEIGHT
    return _smooth_in_place(out, SMOOTH)  # a moving average over SMOOTH frames


def _smooth_in_place(out: np.ndarray, width: int) -> np.ndarray:
    """Moving average over ``width`` rows, piece by piece (for long arrays)."""
    half = width // 2
    n = len(out)
    padded_prev = np.repeat(out[:1], half, axis=0)
    k = 0
    while k < n:
        end = min(n, k + 65536)
        ahead = out[end : end + half] if end < n else np.repeat(out[-1:], half, axis=0)
        if len(ahead) < half:
            ahead = np.concatenate([ahead, np.repeat(out[-1:], half - len(ahead), axis=0)])
        piece = np.concatenate([padded_prev, out[k:end], ahead])
        padded_prev = out[max(k, end - half) : end].copy()
        if len(padded_prev) < half:
            padded_prev = np.concatenate([np.repeat(padded_prev[:1], half - len(padded_prev), axis=0), padded_prev])
        c = np.cumsum(np.pad(piece, ((1, 0), (0, 0))), axis=0, dtype=np.float64)
        out[k:end] = (c[width:] - c[:-width]) / width
        k = end
    return out
