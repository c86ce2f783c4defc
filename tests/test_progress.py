"""Listening progress: interval arithmetic, the position tracker, finished/resume rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lornplayer.progress import (
    FINISHED_THRESHOLD,
    CaseState,
    ListenedIntervals,
    ListeningTracker,
    is_finished,
    resume_position,
)


# -- ListenedIntervals ---------------------------------------------------------


def test_overlapping_intervals_merge():
    li = ListenedIntervals()
    li.add(10, 20)
    li.add(15, 30)
    li.add(0, 5)
    assert list(li) == [(0, 5), (10, 30)]
    assert li.total() == 25


def test_interval_spanning_several_merges_them_all():
    li = ListenedIntervals([(0, 5), (10, 15), (20, 25), (40, 50)])
    li.add(4, 21)
    assert list(li) == [(0, 25), (40, 50)]


def test_adjacent_and_nearly_adjacent_intervals_merge():
    li = ListenedIntervals([(0, 10), (10, 20)])
    assert list(li) == [(0, 20)]
    li.add(20.3, 30)  # a 0.3 s gap is a sampling artefact
    assert list(li) == [(0, 30)]
    li.add(32, 40)  # a 2 s gap is real
    assert list(li) == [(0, 30), (32, 40)]
    assert li.total() == 38


def test_contained_empty_and_reversed_intervals():
    li = ListenedIntervals([(0, 100)])
    li.add(10, 20)
    li.add(50, 50)
    li.add(70, 60)
    assert list(li) == [(0, 100)]
    li.add(-5, 3)  # clamped at 0
    assert list(li) == [(0, 100)]


def test_fraction_and_gaps():
    li = ListenedIntervals([(0, 30), (60, 90), (110, 130)])
    assert li.fraction(120) == pytest.approx(70 / 120)  # the part past the end is ignored
    assert li.fraction(None) == 0.0
    assert li.fraction(0) == 0.0
    assert li.gaps(120) == [(30, 60), (90, 110)]
    assert ListenedIntervals().gaps(10) == [(0, 10)]
    assert li.contains(0) and li.contains(29.9) and not li.contains(30) and not li.contains(100)


def test_json_round_trip_is_compact():
    li = ListenedIntervals([(0, 12.5), (30, 61.254)])
    text = li.to_json()
    assert text == "[[0,12.5],[30,61.25]]"
    assert ListenedIntervals.from_json(text) == ListenedIntervals([(0, 12.5), (30, 61.25)])
    assert ListenedIntervals.from_json(None) == ListenedIntervals()
    assert ListenedIntervals.from_json("") == ListenedIntervals()
    with pytest.raises(ValueError):
        ListenedIntervals.from_json('{"a": 1}')


# Player positions come in milliseconds: no sub-millisecond (or subnormal) intervals.
interval = st.tuples(st.integers(0, 1_000_000), st.integers(0, 60_000)).map(
    lambda t: (t[0] / 1000, (t[0] + t[1]) / 1000)
)


@given(st.lists(interval, max_size=30))
def test_invariants_hold_for_any_additions(items):
    li = ListenedIntervals(items)
    spans = list(li)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert s1 < e1 and e1 + 0.5 < s2  # sorted, disjoint, separated by more than MERGE_GAP
    # Every added point is covered; the total never exceeds the sum of the parts.
    for s, e in items:
        if e > s:
            assert li.contains(s) and li.contains((s + e) / 2)
    assert li.total() <= sum(e - s for s, e in items) + 0.5 * len(items) + 1e-6
    assert ListenedIntervals.from_json(li.to_json()).total() == pytest.approx(li.total(), abs=0.01 * len(li) + 1e-9)


# -- ListeningTracker ------------------------------------------------------------


def play(tracker, media_start, wall_start, seconds, rate=1.0, step=0.25):
    """Feed position updates for *seconds* of wall time at *rate*; return (media, wall) at the end."""
    n = round(seconds / step)
    for i in range(n + 1):
        tracker.on_position(media_start + i * step * rate, wall_start + i * step, True)
    return media_start + n * step * rate, wall_start + n * step


def test_continuous_playback_at_1x():
    t = ListeningTracker()
    play(t, 0, 1000, 60)
    assert list(t.listened) == [(0, 60)]
    assert t.time_listened == pytest.approx(60)


@pytest.mark.parametrize("rate", [0.5, 1.5, 2.0, 2.5])
def test_other_speeds_credit_media_time_and_wall_time(rate):
    t = ListeningTracker()
    play(t, 0, 0, 60, rate=rate)
    assert t.listened.total() == pytest.approx(60 * rate)
    assert t.time_listened == pytest.approx(60)


def test_two_x_with_sparse_updates():
    t = ListeningTracker()
    play(t, 100, 0, 60, rate=2.0, step=1.0)
    assert list(t.listened) == [(100, 220)]


def test_forward_seek_is_not_credited():
    t = ListeningTracker()
    media, wall = play(t, 0, 0, 30)
    # A jump of 5 minutes within a quarter second: the player seeked.
    play(t, media + 300, wall + 0.25, 30)
    assert list(t.listened) == [(0, 30), (330, 360)]
    assert t.time_listened == pytest.approx(60)


def test_small_skip_forward_is_not_credited():
    t = ListeningTracker()
    media, wall = play(t, 0, 0, 10)
    play(t, media + 10, wall + 0.1, 10)  # "skip 10 s" button
    assert list(t.listened) == [(0, 10), (20, 30)]


def test_seek_back_and_relisten_counts_once():
    t = ListeningTracker()
    media, wall = play(t, 0, 0, 60)
    play(t, 30, wall + 0.2, 60)  # back to 0:30, listen to 1:30
    assert list(t.listened) == [(0, 90)]
    assert t.listened.total() == pytest.approx(90)
    assert t.time_listened == pytest.approx(120)  # but time listened counts both


def test_explicit_seek_and_pause():
    t = ListeningTracker()
    media, wall = play(t, 0, 0, 10)
    t.on_seek(40, wall)
    play(t, 40.25, wall + 0.25, 10)
    t.on_pause()
    # Paused for a minute, then the user seeks 20 s forward while paused and plays on.
    # Without the pause notice, 20 s in 60 s would look like slow playback.
    play(t, 70, wall + 70, 5)
    assert list(t.listened) == [(0, 10), (40, 50.25), (70, 75)]
    assert t.time_listened == pytest.approx(25.25)


def test_position_updates_while_paused_credit_nothing():
    t = ListeningTracker()
    t.on_position(10, 0, True)
    t.on_position(10, 5, False)
    t.on_position(12, 7, False)
    t.on_position(12, 8, True)
    t.on_position(13, 9, True)
    assert list(t.listened) == [(12, 13)]
    assert t.time_listened == pytest.approx(1)


def test_missed_pause_does_not_count_the_idle_wall_time():
    t = ListeningTracker()
    t.on_position(0, 0, True)
    t.on_position(1, 1, True)
    t.on_position(1.2, 3601, True)  # the machine slept for an hour
    assert t.listened.total() == pytest.approx(1.2)
    assert t.time_listened < 2.0


def test_flush_returns_new_progress_only():
    t = ListeningTracker(ListenedIntervals([(0, 50)]), time_listened=50)
    play(t, 50, 0, 10)
    delta = t.flush()
    assert list(delta.intervals) == [(50, 60)]
    assert delta.seconds == pytest.approx(10)
    assert list(t.listened) == [(0, 60)]
    assert t.time_listened == pytest.approx(60)
    assert not t.flush()
    play(t, 60, 10, 5)
    assert list(t.flush().intervals) == [(60, 65)]


# -- finished, resume, state ------------------------------------------------------


def test_finished_threshold_is_95_percent():
    assert FINISHED_THRESHOLD == 0.95
    assert is_finished(0.95) and is_finished(1.0)
    assert not is_finished(0.949)


def test_manual_marks_override_both_ways():
    assert is_finished(0.1, manual_mark=True)
    assert not is_finished(1.0, manual_mark=False)
    assert is_finished(0.97, manual_mark=None)


def test_resume_position():
    assert resume_position(100, 600) == 95
    assert resume_position(100, 600, back=10) == 90
    assert resume_position(3, 600) == 0  # clamped
    assert resume_position(None, 600) == 0
    assert resume_position(598, 600) == 0  # at the very end: start over
    assert resume_position(700, 600) == 0
    assert resume_position(100, 600, finished=True) == 0
    assert resume_position(100, None) == 95


def test_case_state():
    assert CaseState.derive(0.0) is CaseState.NOT_STARTED
    assert CaseState.derive(0.0, position=12) is CaseState.IN_PROGRESS
    assert CaseState.derive(0.3) is CaseState.IN_PROGRESS
    assert CaseState.derive(0.96) is CaseState.FINISHED
    assert CaseState.derive(0.96, manual_mark=False) is CaseState.IN_PROGRESS
    assert CaseState.derive(0.0, manual_mark=True) is CaseState.FINISHED


def test_saved_spans_that_round_to_the_merge_gap_stay_apart():
    li = ListenedIntervals([(0.0, 1.415), (1.916, 1.925)])
    back = ListenedIntervals.from_json(li.to_json())
    assert len(back) == 2 and back.total() == pytest.approx(li.total(), abs=0.02)
