"""A jingle of sustained tones is not speech: the discriminator, and a turn after such a jingle."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from lornplayer.align import align, read_wav
from lornplayer.align.features import features, speech_likeness, voice_activity
from lornplayer.tools.make_realspeech import chord_jingle
from tests.test_align import needs_tts

RATE = 16000
DATA = Path(__file__).parent / "data" / "realspeech"


def _speech(tmp_path: Path) -> np.ndarray:
    """espeak-ng speech made rougher: slow, reverberant, at 16 kHz."""
    raw, out = tmp_path / "s.wav", tmp_path / "s16.wav"
    text = "Vi bygger solceller på skoletak og lærer barna å måle strømmen selv, hver eneste dag."
    subprocess.run(["espeak-ng", "-v", "nb+f4", "-s", "130", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), str(out), "reverb", "60", "50", "90"], check=True)
    return read_wav(out)[0]


def _likeness(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    noisy = audio + np.random.default_rng(0).normal(0, 0.003, len(audio)).astype(np.float32)
    mels, energy, _ = features([noisy], RATE)
    return speech_likeness(mels), voice_activity(energy, mels)


def test_a_chord_jingle_is_not_speech_though_it_is_loud():
    likeness, active = _likeness(chord_jingle(10.0, np.random.default_rng(1)))
    inner = slice(100, 800)  # away from the fades
    assert np.median(likeness[inner]) < 0.3
    assert active[inner].mean() < 0.2  # the energy VAD alone calls almost all of it speech
    _mels, energy, _ = features([chord_jingle(10.0, np.random.default_rng(1))], RATE)
    assert voice_activity(energy)[inner].mean() > 0.8


@needs_tts
def test_speech_is_speech_even_reverberant(tmp_path):
    speech = _speech(tmp_path)
    likeness, active = _likeness(speech)
    loud = voice_activity(features([speech], RATE)[1])
    assert np.median(likeness[loud]) > 0.7
    assert active[loud].mean() > 0.7


@needs_tts
def test_real_speech_after_a_tonal_intro_is_not_placed_inside_it():
    # C9103: LibriVox speech after a 14 s chord jingle.  Without the discriminator the first
    # turn was squeezed into the jingle (0.4 s) and its real speech skipped.
    from lornplayer.decode import decode

    truth = json.loads((DATA / "C9103.truth.json").read_text())
    audio = decode(DATA / "C9103.mp3", RATE)
    result = align(audio, [t["text"] for t in truth["turns"]], sample_rate=RATE, language="en")
    errors = np.abs(np.array(result.starts) - np.array([t["start"] for t in truth["turns"]]))
    assert errors.max() < 0.5, result.starts
    assert result.starts[0] > truth["intro_jingle_end"]


def test_the_confidence_margin_tells_a_true_place_from_one_that_matches_all_around():
    from lornplayer.align.core import _margin

    rng = np.random.default_rng(3)
    a = rng.normal(size=(3000, 8)).astype(np.float32)
    cols = np.arange(400)
    b = a[1000:1400] + 0.3 * rng.normal(size=(400, 8)).astype(np.float32)  # the sentence, spoken at 1000
    right = _margin(a, b, 1000 + cols, cols)
    elsewhere = _margin(a, b, 2200 + cols, cols)  # speech that is no better here than 1-3 s away
    assert right > 0.5
    assert elsewhere < 0.05
