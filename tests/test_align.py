"""Automatic alignment (espeak-ng + DTW) and audio decoding."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from lornplayer.align import TTSUnavailable, align, read_wav, tts_available
from lornplayer.decode import DecodeError, decode
from lornplayer.errors import Cancelled
from lornplayer.model import Turn

needs_tts = pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("sox") is None, reason="needs espeak-ng and sox"
)

TURNS = [
    Turn("Silvija Seres", "Hei og velkommen til Lørn. I dag snakker vi om innovasjon i kommunene."),
    Turn("Kari Nordmann", "Takk for det. Jeg jobber med digitalisering og samarbeid på tvers av byer."),
    Turn("Silvija Seres", "Spennende. Hva er det viktigste dere gjør akkurat nå?"),
    Turn("Kari Nordmann", "Vi tester ny teknologi sammen med næringslivet, og vi lærer mye av det."),
    Turn("Silvija Seres", "Tusen takk for at du var med oss."),
]


def _episode(tmp_path) -> tuple[np.ndarray, list[float]]:
    """5 s of noisy tone lead-in, then the turns in two voices with uneven pauses (16 kHz)."""
    lead = tmp_path / "lead.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            str(lead),
            "synth",
            "5",
            "pinknoise",
            "tremolo",
            "4",
            "80",
            "vol",
            "0.3",
        ],
        check=True,
    )
    parts = [read_wav(lead)[0]]
    starts = []
    pauses = [0.6, 1.8, 0.25, 2.6, 0.9]
    for i, (turn, pause) in enumerate(zip(TURNS, pauses)):
        voice, rate = ("nb+f4", "150") if i % 2 == 0 else ("nb+m1", "200")
        raw, clip = tmp_path / f"t{i}.wav", tmp_path / f"t{i}_16k.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", rate, "-w", str(raw), turn.text], check=True)
        subprocess.run(
            [
                "sox",
                str(raw),
                "-r",
                "16000",
                str(clip),
                "silence",
                "1",
                "0.01",
                "1%",
                "reverse",
                "silence",
                "1",
                "0.01",
                "1%",
                "reverse",
            ],
            check=True,
        )
        parts.append(np.zeros(int(pause * 16000), np.float32))
        starts.append(sum(len(p) for p in parts) / 16000)
        parts.append(read_wav(clip)[0])
    parts.append(np.zeros(8000, np.float32))
    audio = np.concatenate(parts)
    audio += np.random.default_rng(0).normal(0, 0.003, len(audio)).astype(np.float32)
    return audio, starts


@needs_tts
def test_align_generated_clip_lands_on_true_starts(tmp_path):
    audio, truth = _episode(tmp_path)
    seen = []
    result = align(audio, TURNS, progress=seen.append)
    errors = np.abs(np.array(result.starts) - np.array(truth))
    assert len(result.starts) == len(TURNS)
    assert result.starts == sorted(result.starts)
    assert errors.max() < 0.5, (result.starts, truth)
    assert result.duration == pytest.approx(len(audio) / 16000, abs=0.02)
    assert seen and seen == sorted(seen) and 0.0 <= seen[0] and seen[-1] == pytest.approx(1.0)
    assert len(result.confidence) == len(TURNS)
    # Sentence times come from the same path: each turn's first sentence starts with the turn,
    # the others inside it, in order, each with a confidence.
    assert [s.turn for s in result.sentences] == [0, 0, 1, 1, 2, 2, 3, 4]
    for k, start in enumerate(result.starts):
        mine = [s for s in result.sentences if s.turn == k]
        assert mine[0].start == pytest.approx(start, abs=0.011)
        assert [s.start for s in mine] == sorted(s.start for s in mine)
        assert all(0.0 <= s.confidence <= 1.0 and s.start <= s.end for s in mine)
    second = result.sentences[1]  # "I dag snakker vi om innovasjon i kommunene."
    assert result.starts[0] + 1.0 < second.start < result.starts[1]
    assert result.time_at(0, second.first) == (second.start, second.confidence)
    assert len(result.words) == sum(len(t.text.split()) for t in TURNS)


@needs_tts
def test_align_accepts_plain_strings_and_a_file(tmp_path):
    audio, truth = _episode(tmp_path)
    path = tmp_path / "episode.wav"
    subprocess.run(
        ["sox", "-t", "f32", "-r", "16000", "-c", "1", "-", str(path)], input=audio.astype("<f4").tobytes(), check=True
    )
    result = align(path, [t.text for t in TURNS], language="nb")
    assert np.abs(np.array(result.starts) - np.array(truth)).max() < 0.5


@needs_tts
def test_align_can_be_cancelled():
    with pytest.raises(Cancelled):
        align(np.zeros(16000 * 5, np.float32), TURNS, cancelled=lambda: True)


def test_without_tts_engine_align_raises_tts_unavailable(monkeypatch):
    monkeypatch.setenv("LORNPLAYER_ESPEAK", "/nonexistent/espeak-ng")
    assert not tts_available()
    with pytest.raises(TTSUnavailable, match="espeak-ng"):
        align(np.zeros(16000, np.float32), TURNS)


@pytest.mark.parametrize("ext", ["wav", "mp3", "ogg", "opus", "flac", "m4a"])
def test_decode_fixture_formats(data_dir, ext):
    pcm = decode(data_dir / f"C9001.{ext}", 16000)
    assert pcm.dtype == np.float32 and pcm.ndim == 1
    assert len(pcm) / 16000 == pytest.approx(6.38, abs=0.06)
    assert 0.3 < float(np.abs(pcm).max()) <= 1.0


def test_decode_other_rate(data_dir):
    assert len(decode(data_dir / "C9001.flac", 8000)) / 8000 == pytest.approx(6.38, abs=0.06)


def test_decode_corrupt_and_missing_files_raise(tmp_path):
    garbage = tmp_path / "broken.mp3"
    garbage.write_bytes(np.random.default_rng(0).integers(0, 256, 20000, dtype=np.uint8).tobytes())
    with pytest.raises(DecodeError) as info:
        decode(garbage)
    assert info.value.path == str(garbage)
    with pytest.raises(DecodeError, match="no such file"):
        decode(tmp_path / "missing.ogg")
