"""Qt-free listening features: sleep timer, skip silence, quotes."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from lornplayer import quotes, silence
from lornplayer.sleeptimer import SleepTimer
from lornplayer.timing import SourceKind, Timing, TimingSource

# -- sleep timer -------------------------------------------------------------------


def test_sleep_after_minutes_fades_then_stops():
    t = SleepTimer(fade=10)
    t.start_minutes(5, now=100.0)
    s = t.update(now=100.0 + 60, position=0)
    assert s.active and s.remaining == pytest.approx(240) and s.volume == 1.0 and not s.expired
    s = t.update(now=100.0 + 295, position=0)
    assert s.volume == pytest.approx(0.5) and not s.expired
    s = t.update(now=100.0 + 300.1, position=0)
    assert s.expired and s.volume == 1.0 and not t.active  # volume restored for next time
    assert not t.update(now=500, position=0).expired  # once


@pytest.mark.parametrize("mode", ["turn", "chapter", "case"])
def test_sleep_at_end_of_turn_chapter_case(mode):
    t = SleepTimer(fade=4)
    t.start_at_position(mode, target=60.0)
    assert t.update(0, position=50.0).remaining == pytest.approx(10)
    s = t.update(0, position=58.0, rate=2.0)  # 2 s of audio at 2× is 1 s
    assert s.remaining == pytest.approx(1.0) and s.volume == pytest.approx(0.25)
    assert t.update(0, position=60.0).expired


def test_sleep_at_end_when_media_ends_and_cancel():
    t = SleepTimer()
    t.start_at_position("case", 100.0)
    assert t.ended() and not t.active
    t.start_minutes(1, now=0)
    assert not t.ended() and t.active  # a minutes timer keeps running into the next case
    t.cancel()
    assert not t.active and not t.update(1000, 0).expired
    with pytest.raises(ValueError):
        t.start_minutes(0, now=0)


# -- skip silence -------------------------------------------------------------------

RATE = 16000
BURSTS = [(0.5, 2.0), (2.3, 4.0), (6.0, 7.5), (10.5, 12.0)]  # speech; pauses of 0.3, 2.0 and 3.0 s between
DURATION = 13.0


@pytest.fixture
def clip(tmp_path):
    rng = np.random.default_rng(1)
    samples = rng.normal(0, 0.002, int(DURATION * RATE))  # a quiet room
    t = np.arange(len(samples)) / RATE
    for a, b in BURSTS:
        m = (t >= a) & (t < b)
        samples[m] += 0.3 * np.sin(2 * np.pi * 180 * t[m]) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t[m]))
    path = tmp_path / "pauses.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def test_skip_silence_on_a_clip_with_known_pauses(clip):
    plan = silence.analyse_file(clip, min_pause=1.0, keep=0.4)
    # The 0.3 s pause and the 1 s tail stay (not longer than 1 s); the 2 s and 3 s pauses are shortened.
    assert len(plan.pauses) == 2
    for (a, b), (ea, eb) in zip(plan.pauses, [(4.0, 6.0), (7.5, 10.5)]):
        assert a == pytest.approx(ea, abs=0.06) and b == pytest.approx(eb, abs=0.06)
    assert plan.saved() == pytest.approx((2.0 - 0.4) + (3.0 - 0.4), abs=0.15)

    # Play it through in 50 ms steps: every jump lands outside speech, no speech is skipped, and the
    # transcript (one turn per burst) is in step with what is heard.
    timing = Timing([a for a, _ in BURSTS], [b for _, b in BURSTS], DURATION, TimingSource(SourceKind.ESTIMATE))
    pos, wall, heard_turns = 0.0, 0.0, []
    while pos < DURATION:
        target = plan.jump(pos)
        if target is not None:
            assert not any(a < target - 0.01 < b for a, b in BURSTS[:-1] if a > pos)
            pos = target
            continue
        turn = timing.turn_at(pos)
        inside = next((i for i, (a, b) in enumerate(BURSTS) if a <= pos < b), None)
        if inside is not None:
            assert turn == inside
            heard_turns.append(inside)
        pos += 0.05
        wall += 0.05
    for a, b in plan.skipped():
        assert not any(sa < b and a < sb for sa, sb in BURSTS)
    assert sorted(set(heard_turns)) == [0, 1, 2, 3]
    assert DURATION - wall == pytest.approx(plan.saved(), abs=0.15)


def test_skip_mode_keeps_nothing_and_flat_audio_is_left_alone():
    speech = [(0.0, 1.0), (3.0, 4.0)]
    plan = silence.SkipPlan(silence.pauses(speech, 4.0, 1.0), keep=0.0)
    assert plan.saved() == pytest.approx(2.0) and plan.jump(1.5) == 3.0 and plan.jump(0.5) is None
    assert silence.speech_intervals(np.full(16000, 0.1, np.float32)) == [(0.0, 1.0)]


# -- quotes -------------------------------------------------------------------------


def test_quote_text_with_citation():
    text = quotes.format_quote(
        "  «Byer er   mennesker» ", "Øyvind Laderud", "C0557", "Hvordan skape innovative byer?", 508.7
    )
    assert text == "«Byer er mennesker» — Øyvind Laderud, LØRN #C0557 «Hvordan skape innovative byer?», 8:28"
    assert quotes.format_quote("x", None, "C0001", None, None, marks=quotes.ENGLISH_MARKS) == "“x” — LØRN #C0001"


def test_selection_time_range():
    assert quotes.selection_range("abcdefghij", 5, 2, 10.0, 20.0) == (12.0, 15.0)
    assert quotes.selection_range("abc", 0, 99, 10.0, 13.0) == (10.0, 13.0)
