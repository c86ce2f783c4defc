"""A speaker who pauses inside sentences, next to an ad the transcript does not contain."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from lornplayer.align import align, read_wav
from lornplayer.align.dtw import dtw_band
from lornplayer.model import Turn
from tests.test_align import needs_tts

TURNS = [
    Turn("Vert", "Velkommen til Lørn. I dag handler det om energi og klima i byene våre."),
    Turn("Gjest", "Vi bygger solceller på skoletak og lærer barna å måle strømmen selv."),
    Turn("Vert", "Hva har dere lært så langt av prosjektet?"),
    Turn("Gjest", "At små målinger gir store endringer når alle kan se tallene hver dag."),
]
AD = "Denne episoden er sponset av Fjordkraft. Bruk rabattkoden podkast og få ti prosent avslag i dag."


def _clip(tmp_path, name: str, text: str, voice: str, rate: int) -> np.ndarray:
    raw, clip = tmp_path / f"{name}.wav", tmp_path / f"{name}_16k.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text], check=True)
    trim = ["silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"]
    subprocess.run(["sox", str(raw), "-r", "16000", str(clip), *trim], check=True)
    return read_wav(clip)[0]


def _pausing_episode(tmp_path) -> tuple[np.ndarray, list[float]]:
    """The guest speaks slowly, three words at a time with 1.2 s pauses; an ad sits before turn 2."""
    parts: list[np.ndarray] = [np.zeros(16000, np.float32)]
    starts = []
    for i, turn in enumerate(TURNS):
        if i == 2:
            parts += [_clip(tmp_path, "ad", AD, "nb+f5", 190), np.zeros(12000, np.float32)]
        starts.append(sum(len(p) for p in parts) / 16000)
        if i % 2 == 0:
            parts.append(_clip(tmp_path, f"t{i}", turn.text, "nb+m1", 175))
        else:
            words = turn.text.split()
            for k in range(0, len(words), 3):
                parts.append(_clip(tmp_path, f"t{i}_{k}", " ".join(words[k : k + 3]), "nb+f4", 130))
                parts.append(np.zeros(int(1.2 * 16000), np.float32))
        parts.append(np.zeros(int(0.7 * 16000), np.float32))
    audio = np.concatenate(parts)
    audio += np.random.default_rng(0).normal(0, 0.003, len(audio)).astype(np.float32)
    return audio, starts


@needs_tts
def test_pauses_inside_sentences_do_not_push_the_text_onto_the_ad(tmp_path):
    audio, truth = _pausing_episode(tmp_path)
    result = align(audio, TURNS, language="nb")
    errors = np.abs(np.array(result.starts) - np.array(truth))
    assert errors.max() < 0.6, (result.starts, truth)


def test_a_real_pause_is_waited_out_on_the_words_before_it():
    # Synthetic: word u then word v.  Real: u, a three-row pause p (nearer v than u), then v.
    # Without the pause rule the path enters v at the pause (cheaper distance); with it, the
    # pause is waited out on u and v starts where it is really spoken.
    u, v, p = [0.0, 0.0], [10.0, 10.0], [6.0, 6.0]
    b = np.array([u, v], np.float32)
    a = np.array([u, p, p, p, v], np.float32)
    lo, hi = np.zeros(5, np.int64), np.full(5, 2, np.int64)
    vertical = (np.array([np.inf, np.inf]), np.array([30.0, 30.0]))  # both columns synthetic speech
    dear = dtw_band(a, b, lo, hi, vertical)
    assert dear.tolist() == [0, 1, 1, 1, 1]
    pause = np.array([0.0, 1.0, 1.0, 1.0, 0.0])
    cheap = dtw_band(a, b, lo, hi, vertical, a_pause=pause, pause_cap=0.1)
    assert cheap.tolist() == [0, 0, 0, 0, 1]


def _turn_start(pause_at: float, pause_len: float) -> float:
    """Where _past_long_pause puts a turn start: the path enters the turn at real frame 100,
    matches its synthetic speech one to one, but waits through a real pause of ``pause_len`` s
    ``pause_at`` s into the turn (the synthetic has 400 voiced frames, 4 s)."""
    from lornplayer.align.core import _onsets, _past_long_pause, _pauses_before

    f0, f1 = 50, 450
    synth_speech = np.zeros(500, bool)
    synth_speech[f0:f1] = True
    at, length = round(pause_at * 100), round(pause_len * 100)
    real = np.ones(100 + 400 + length + 100, bool)
    real[100 + at : 100 + at + length] = False
    cols = np.arange(500)
    first_row = np.where(cols < f0 + at, 100 + cols - f0, 100 + cols - f0 + length)
    onsets = _onsets(real)
    return _past_long_pause(100, first_row, synth_speech, f0, f1, onsets, _pauses_before(real, onsets)) / 100


def test_a_long_pause_after_a_turns_first_word_moves_its_start_past_it():
    # The tail of an ad matched to the turn's first word, then 1.5 s of silence: the turn starts after it.
    assert _turn_start(0.2, 1.5) == pytest.approx(1.0 + 0.2 + 1.5)
    # A short breath after the first word, or a long pause later in the sentence, is the speaker's.
    assert _turn_start(0.2, 0.6) == 1.0
    assert _turn_start(2.0, 1.5) == 1.0


def test_a_turn_start_snaps_to_the_onset_after_the_pause_between_turns():
    from lornplayer.align.core import _onsets, _pauses_before, _snap

    # The previous turn's end, a 0.8 s pause, the turn's first words (0.5 s), a comma's 0.25 s pause, more.
    speech = np.zeros(400, bool)
    speech[0:20] = True  # the end of the previous turn
    speech[100:150] = True
    speech[175:400] = True
    onsets = _onsets(speech)
    assert onsets.tolist() == [0, 100, 175]
    pauses = _pauses_before(speech, onsets)
    assert pauses.tolist() == [0, 80, 25]
    # The path entered the turn's text at frame 150, having skipped its first words:
    assert _snap(150, onsets, 100) == 175  # the nearest onset: after the comma
    assert _snap(150, onsets, 100, pauses) == 100  # after the pause between the turns
    # An entry right at an onset stays there, and nothing beyond the window is reached.
    assert _snap(175, onsets, 100, pauses) == 175
    assert _snap(300, onsets, 100, pauses) == 300


def test_a_turn_start_inside_speech_goes_back_to_where_that_speech_began():
    from lornplayer.align.core import _back_to_run_start

    # Frames: the previous turn's text ends at 100 (on the path), a 0.8 s pause, this turn's speech
    # from 180 with short gaps (a comma, stop closures) — the path entered it late, at 400.
    speech = np.zeros(800, bool)
    speech[:100] = True
    speech[180:800] = True
    speech[[250, 251, 252, 300, 301]] = False  # gaps shorter than RUN_PAUSE
    assert _back_to_run_start(400, speech, floor=100) == 180
    # An entry right after a real pause stays, and so does one after a long stretch of speech.
    assert _back_to_run_start(180, speech, floor=100) == 180
    long_talk = np.ones(2000, bool)
    assert _back_to_run_start(1500, long_talk, floor=0) == 1500
    # Never before the previous turn's end: with a short turn gap the stretch is cut there.
    speech[100:180] = True
    assert _back_to_run_start(400, speech, floor=150) == 151
