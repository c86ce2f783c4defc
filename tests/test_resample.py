"""Sample-rate conversion (lornplayer.resample) and decoding files whose rate is higher than asked for."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from lornplayer.resample import Resampler, resample


def _tone(freq: float, rate: int, seconds: float = 2.0) -> np.ndarray:
    return np.sin(2 * np.pi * freq * np.arange(int(rate * seconds)) / rate).astype(np.float32)


@pytest.mark.parametrize("rate_in,rate_out", [(44100, 16000), (48000, 22050), (22050, 16000), (8000, 16000)])
def test_a_tone_keeps_its_frequency_amplitude_and_length(rate_in, rate_out):
    out = resample(_tone(440.0, rate_in), rate_in, rate_out)
    assert len(out) == round(2.0 * rate_out)
    expected = _tone(440.0, rate_out)
    inner = slice(100, -100)  # the filter's edges
    # Downsampling filters (band-limited interpolation); upsampling is linear, a little rougher.
    assert np.abs(out[inner] - expected[inner]).max() < (0.01 if rate_out < rate_in else 0.02)


def test_downsampling_removes_what_the_new_rate_cannot_carry():
    # 12 kHz is above 16 kHz's Nyquist frequency: without a low-pass it would fold back to 4 kHz at full level.
    out = resample(_tone(12000.0, 44100), 44100, 16000)
    assert np.sqrt(np.mean(out[100:-100] ** 2)) < 0.01


@pytest.mark.parametrize("sizes", [(1, 40000), (1152, 1153)], ids=["random", "mp3-frames"])
def test_the_output_does_not_depend_on_how_the_input_was_cut(sizes):
    audio = np.random.default_rng(3).standard_normal(44100 * 3).astype(np.float32)
    whole = resample(audio, 44100, 16000)
    r = Resampler(44100, 16000)
    rng = np.random.default_rng(5)
    parts, i = [], 0
    while i < len(audio):
        n = int(rng.integers(*sizes))
        parts.append(r.process(audio[i : i + n]))
        i += n
    parts.append(r.flush())
    pieced = np.concatenate(parts)
    assert len(pieced) == len(whole)
    assert np.abs(pieced - whole).max() < 1e-4


def test_tiny_inputs_and_equal_rates():
    assert len(resample(np.ones(10, np.float32), 44100, 16000)) == 4
    assert len(resample(np.zeros(0, np.float32), 44100, 16000)) == 0
    same = np.arange(5, dtype=np.float32)
    assert np.array_equal(resample(same, 16000, 16000), same)
    with pytest.raises(ValueError):
        Resampler(0, 16000)


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg writes the test files")
@pytest.mark.parametrize("name,args", [("44k.mp3", ["-ar", "44100", "-b:a", "128k"]), ("48k.opus", ["-ar", "48000"])])
def test_decoding_a_file_at_a_higher_rate_than_asked_for(tmp_path, name, args):
    """Qt's decoder gives nothing when asked to lower an MP3's rate; the app converts itself."""
    from lornplayer.decode import decode

    path = tmp_path / name
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "2", *args, str(path)],
        check=True,
    )
    audio = decode(path, 16000)
    assert abs(len(audio) / 16000 - 3.0) < 0.1
    spectrum = np.abs(np.fft.rfft(audio[4000:-4000]))
    peak_hz = np.argmax(spectrum) * 16000 / (len(audio) - 8000)
    assert abs(peak_hz - 440) < 5
