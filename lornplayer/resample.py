"""Streaming sample-rate conversion of mono float32 audio, in numpy.

Qt's audio decoder (FFmpeg backend, Qt 6.11) delivers nothing at all when it
is asked for a lower rate than the file's: a 44.1 kHz MP3 requested at 16 kHz
stalls with no buffer and no error, while Opus and WAV convert.  So the
decoder is asked for the file's own rate and the conversion happens here.

Downsampling low-passes first (a Blackman-windowed sinc just under the new
Nyquist frequency, applied by FFT in blocks) and then interpolates linearly
on the filtered signal, which is smooth at the new rate; upsampling
interpolates linearly.  Good for speech features and silence detection, not
meant for listening.  Blocks of any size can be fed; the output does not
depend on how the input was cut (up to float rounding).
"""

from __future__ import annotations

import math

import numpy as np

CHUNK = 1 << 15  # input samples filtered per FFT


def _lowpass(cutoff: float) -> np.ndarray:
    """FIR taps of a low-pass at ``cutoff`` cycles per sample (< 0.5), unit gain at DC."""
    half = int(math.ceil(4.0 / cutoff))
    n = np.arange(-half, half + 1, dtype=np.float64)
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(len(n))
    return taps / taps.sum()


class Resampler:
    """Convert a stream of blocks from ``rate_in`` to ``rate_out`` samples per second."""

    def __init__(self, rate_in: int, rate_out: int):
        if rate_in <= 0 or rate_out <= 0:
            raise ValueError(f"bad sample rates {rate_in} -> {rate_out}")
        self.rate_in = rate_in
        self.rate_out = rate_out
        self.step = rate_in / rate_out  # input samples per output sample
        self.taps = _lowpass(0.46 / self.step) if rate_out < rate_in else np.ones(1)
        self.half = len(self.taps) // 2
        self._hist = np.zeros(self.half, np.float32)  # unfiltered input still needed (starts as padding)
        self._waiting: list[np.ndarray] = []  # input blocks not yet joined to _hist (fewer copies)
        self._waiting_len = 0
        self._first = 0  # absolute input index of the next filtered sample
        self._prev: float | None = None  # the last filtered sample, at absolute index _first - 1
        self._k = 0  # next output sample
        self._n_in = 0
        self._spectra: dict[int, np.ndarray] = {}

    def _filter(self, x: np.ndarray) -> np.ndarray:
        """The "valid" part of x convolved with the taps (len(x) - len(taps) + 1 samples)."""
        m = len(self.taps)
        if m == 1:
            return x.copy()
        size = 1 << (len(x) - 1).bit_length()
        spec = self._spectra.get(size)
        if spec is None:
            spec = self._spectra[size] = np.fft.rfft(self.taps.astype(np.float32), size)
        return np.fft.irfft(np.fft.rfft(x, size) * spec, size)[m - 1 : len(x)]

    def _emit(self, y: np.ndarray, limit: int | None = None) -> np.ndarray:
        if self._prev is not None:
            y = np.concatenate((np.array([self._prev], np.float32), y))
            base = self._first - 1
        else:
            base = self._first
        self._first = base + len(y)
        self._prev = float(y[-1]) if len(y) else self._prev
        last = base + len(y) - 1  # highest absolute index we can interpolate at
        # Output k sits at input position k * step; it needs samples floor(pos) and floor(pos) + 1.
        stop = int(math.floor(last / self.step)) + 1 if last >= 0 else 0
        if limit is not None:
            stop = min(stop, limit)
        if stop <= self._k:
            return np.zeros(0, np.float32)
        pos = np.arange(self._k, stop, dtype=np.float64) * self.step - base
        self._k = stop
        i = pos.astype(np.int64)
        frac = (pos - i).astype(np.float32)
        y1 = y[np.minimum(i + 1, len(y) - 1)]
        return (y[i] + frac * (y1 - y[i])).astype(np.float32)

    def process(self, block: np.ndarray) -> np.ndarray:
        """Feed a block of input; returns the output samples it completes (maybe none)."""
        self._n_in += len(block)
        if self.rate_in == self.rate_out:
            return np.ascontiguousarray(block, dtype=np.float32)
        # Small blocks wait until a whole chunk has gathered (joining each to the history would
        # copy a chunk's worth per block).
        self._waiting.append(np.asarray(block, np.float32))
        self._waiting_len += len(block)
        if len(self._hist) + self._waiting_len < CHUNK:
            return np.zeros(0, np.float32)
        x = self._take()
        # Filter in chunks of one FFT size, so the work does not depend on how the input was cut.
        chunks = [np.zeros(0, np.float32)]
        while len(x) >= CHUNK:
            y = self._filter(x[:CHUNK])
            chunks.append(self._emit(y))
            x = x[len(y) :]
        self._hist = x
        return np.concatenate(chunks)

    def _take(self) -> np.ndarray:
        """The history joined with every waiting block."""
        x = np.concatenate((self._hist, *self._waiting))
        self._waiting.clear()
        self._waiting_len = 0
        return x

    def flush(self) -> np.ndarray:
        """The remaining output once the input has ended."""
        if self.rate_in == self.rate_out:
            return np.zeros(0, np.float32)
        total = int(round(self._n_in * self.rate_out / self.rate_in))
        x = np.concatenate((self._take(), np.zeros(self.half + 1, np.float32)))
        outs = []
        while len(x) >= len(self.taps):
            y = self._filter(x[:CHUNK])
            outs.append(self._emit(y, limit=total))
            x = x[len(y) :]
        self._hist = np.zeros(0, np.float32)
        out = np.concatenate(outs) if outs else np.zeros(0, np.float32)
        if self._k < total:  # a very short input: pad with its last value
            pad = np.full(total - self._k, self._prev or 0.0, np.float32)
            self._k = total
            out = np.concatenate((out, pad))
        return out


def resample(audio: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """The whole of ``audio`` converted from ``rate_in`` to ``rate_out``."""
    r = Resampler(rate_in, rate_out)
    return np.concatenate((r.process(audio), r.flush()))
