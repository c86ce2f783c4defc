"""The timing model: estimate, anchors, sidecar timed transcripts, turn lookup."""

from __future__ import annotations

import json

import pytest

from lornplayer.model import Turn
from lornplayer.sidecars import find_sidecar, load_sidecar
from lornplayer.timing import (
    CHARS_PER_SECOND,
    TURN_OVERHEAD_CHARS,
    SourceKind,
    Timing,
    TimingSource,
    apply_anchors,
    build_timing,
    estimate_starts,
)

TURNS = [
    Turn("Silvija Seres", "Hei og velkommen til LØRN. I dag skal vi snakke om innovative byer."),
    Turn("Øyvind Laderud", "Takk, det er hyggelig å være her."),
    Turn("Silvija Seres", "Hvem er du, og hvordan ble du interessert i teknologi og innovasjon?"),
    Turn(
        "Øyvind Laderud",
        "Jeg er ikke teknolog, men jeg har sett hvordan nye teknologier har endret "
        "samfunnet og måtene vi arbeider på. Det har gjort meg nysgjerrig.",
    ),
    Turn("Silvija Seres", "Ja."),
    Turn(
        "Øyvind Laderud",
        "Innovasjon krever samarbeid fra kommunen og utover, med akademia, næringslivet og de små gründerne.",
    ),
    Turn("Silvija Seres", "Tusen takk for at du var med i LØRN."),
]
# The time each turn gets in the estimate, relative to the others.
WEIGHTS = [len(t.text) + TURN_OVERHEAD_CHARS for t in TURNS]


def proportional(lo: float, hi: float) -> list[float]:
    total = sum(WEIGHTS)
    return [lo + (hi - lo) * sum(WEIGHTS[:i]) / total for i in range(len(WEIGHTS))]


# -- estimate ------------------------------------------------------------------------


def test_estimate_is_proportional_to_text_between_lead_in_and_lead_out():
    starts = estimate_starts(TURNS, 100.0, lead_in=8.0, lead_out=12.0)
    assert starts == pytest.approx(proportional(8.0, 88.0))
    timing = build_timing(TURNS, 100.0, lead_in=8.0, lead_out=12.0)
    assert timing.source == TimingSource(SourceKind.ESTIMATE) and timing.warnings == []
    assert timing.starts == pytest.approx(starts)
    assert timing.ends[:-1] == timing.starts[1:]
    assert timing.ends[-1] == pytest.approx(88.0)


def test_estimate_longer_turn_gets_more_time():
    timing = build_timing(TURNS, 60.0)
    lengths = [e - s for s, e in zip(timing.starts, timing.ends)]
    assert lengths[3] > lengths[1] > lengths[4] > 0
    assert lengths[3] / lengths[1] == pytest.approx(WEIGHTS[3] / WEIGHTS[1])


def test_estimate_without_duration_assumes_a_speaking_rate():
    timing = build_timing(TURNS, None, lead_in=2.0)
    assert timing.duration is None
    assert timing.starts == pytest.approx(proportional(2.0, 2.0 + sum(WEIGHTS) / CHARS_PER_SECOND))


def test_leads_that_do_not_fit_are_ignored_with_a_warning():
    with pytest.raises(ValueError):
        estimate_starts(TURNS, 10.0, lead_in=6.0, lead_out=5.0)
    timing = build_timing(TURNS, 10.0, lead_in=6.0, lead_out=5.0)
    assert timing.starts == pytest.approx(proportional(0.0, 10.0))
    assert any("lead" in w for w in timing.warnings)


def test_no_turns():
    timing = build_timing([], 30.0, anchors={0: 1.0})
    assert timing.starts == [] and timing.ends == []
    assert timing.turn_at(5.0) == -1


# -- turn lookup -------------------------------------------------------------------


def test_turn_at_edges():
    timing = Timing(
        starts=[2.0, 5.0, 9.0], ends=[5.0, 9.0, 12.0], duration=12.0, source=TimingSource(SourceKind.ESTIMATE)
    )
    assert timing.turn_at(0.0) == -1  # intro, before the first turn
    assert timing.turn_at(1.999) == -1
    assert timing.turn_at(2.0) == 0  # exactly at a start
    assert timing.turn_at(4.999) == 0
    assert timing.turn_at(5.0) == 1
    assert timing.turn_at(9.0) == 2
    assert timing.turn_at(12.0) == 2  # the end, and past it
    assert timing.turn_at(1e6) == 2
    assert timing.start_of(1) == 5.0 and timing.end_of(1) == 9.0
    assert len(timing) == 3


# -- anchors ----------------------------------------------------------------------------


def test_anchors_pin_exact_times_and_rescale_between_them():
    base = build_timing(TURNS, 100.0, lead_in=4.0)
    timing = build_timing(TURNS, 100.0, lead_in=4.0, anchors={2: 30.0, 5: 70.0})
    s, b = timing.starts, base.starts
    assert timing.source == TimingSource(SourceKind.ESTIMATE, anchored=True) and timing.warnings == []
    assert s[2] == 30.0 and s[5] == 70.0
    # between the pins: the base's relative spacing, rescaled into [30, 70]
    for i in (3, 4):
        assert (s[i] - 30.0) / 40.0 == pytest.approx((b[i] - b[2]) / (b[5] - b[2]))
    # before the first pin: speech still starts after the lead-in
    assert s[0] == pytest.approx(4.0)
    assert (s[1] - 4.0) / (30.0 - 4.0) == pytest.approx((b[1] - b[0]) / (b[2] - b[0]))
    # after the last pin: spread up to the end of the audio
    assert (s[6] - 70.0) / (100.0 - 70.0) == pytest.approx((b[6] - b[5]) / (100.0 - b[5]))
    assert timing.ends[-1] == pytest.approx(100.0)
    assert s == sorted(s)


def test_single_anchor_earlier_than_estimate():
    timing = build_timing(TURNS, 100.0, lead_in=20.0, anchors={3: 10.0})
    assert timing.starts[3] == 10.0
    assert timing.starts[:3] == sorted(timing.starts[:3])
    assert all(0.0 <= s < 10.0 for s in timing.starts[:3])
    assert timing.starts[4] > 10.0


def test_anchor_on_first_turn_and_apply_anchors():
    base = estimate_starts(TURNS, 100.0)
    starts = apply_anchors(base, TURNS, 100.0, {0: 10.0})
    assert starts[0] == 10.0
    assert starts[1:] == pytest.approx([10.0 + b * 0.9 for b in base[1:]])


def test_anchors_out_of_order_or_range_are_dropped_with_warnings():
    timing = build_timing(TURNS, 100.0, anchors={1: 20.0, 2: 60.0, 3: 40.0, 4: 50.0, 9: 5.0, 5: 150.0})
    assert timing.starts[1] == 20.0 and timing.starts[3] == 40.0 and timing.starts[4] == 50.0
    assert timing.starts[2] != 60.0  # contradicted by the two anchors after it
    assert timing.starts == sorted(timing.starts)
    assert len(timing.warnings) == 3


def test_anchors_beat_a_sidecar(clip_dir):
    write_vtt_sidecar(
        clip_dir / "C9001.vtt", [(i * 5.0, (i + 1) * 5.0, t.speaker, t.text) for i, t in enumerate(TURNS)]
    )
    timing = build_timing(TURNS, 40.0, audio_path=clip_dir / "C9001.opus", anchors={3: 12.0})
    assert timing.source == TimingSource(SourceKind.SIDECAR, "vtt", anchored=True)
    assert timing.starts[3] == 12.0
    assert timing.starts[:3] == pytest.approx([0.0, 4.0, 8.0])  # [0, 15] rescaled to [0, 12]


class _CountingList(list):
    """A list that counts the items read from it, by index (as bisect does) or by iterating."""

    reads = 0

    def __getitem__(self, i):
        type(self).reads += 1
        return super().__getitem__(i)

    def __iter__(self):
        for item in super().__iter__():
            type(self).reads += 1
            yield item


def test_a_long_episode_is_timed_and_turn_at_is_a_bisection():
    """How fast is measured by ``lornplayer.tools.bench_player``; here: the result, and O(log n) lookups."""
    turns = TURNS * 18  # 126 turns
    anchors = {10: 50.0, 60: 700.0, 100: 1500.0}
    timing = build_timing(turns, 2400.0, lead_in=10.0, anchors=anchors)
    assert timing.starts == sorted(timing.starts) and len(timing.starts) == 126
    assert [timing.starts[i] for i in anchors] == list(anchors.values())
    timing.starts = _CountingList(timing.starts)
    for k in range(1000):
        seconds = k * 2.4
        i = timing.turn_at(seconds)
        assert i == sum(1 for s in list.__iter__(timing.starts) if s <= seconds) - 1
    assert _CountingList.reads <= 1000 * 8  # log2(126) < 7 reads per lookup, not a scan


# -- automatic alignment --------------------------------------------------------------


def test_alignment_is_used_and_gaps_interpolated():
    aligned = [1.0, 5.0, None, 20.0, None, 30.0, 50.0]
    timing = build_timing(TURNS, 60.0, aligned=aligned)
    assert timing.source == TimingSource(SourceKind.ALIGNED)
    assert [timing.starts[i] for i in (0, 1, 3, 5, 6)] == [1.0, 5.0, 20.0, 30.0, 50.0]
    assert timing.starts[2] == pytest.approx(5.0 + 15.0 * WEIGHTS[1] / (WEIGHTS[1] + WEIGHTS[2]))
    assert 20.0 < timing.starts[4] < 30.0


def test_alignment_out_of_order_and_wrong_length():
    timing = build_timing(TURNS, 60.0, aligned=[1.0, 5.0, 3.0, 20.0, 25.0, 30.0, 50.0])
    assert timing.starts == sorted(timing.starts) and timing.starts[3] == 20.0
    assert any("out of order" in w for w in timing.warnings)
    timing = build_timing(TURNS, 60.0, aligned=[1.0, 2.0])
    assert timing.source == TimingSource(SourceKind.ESTIMATE) and any("alignment" in w for w in timing.warnings)


# -- sidecars ---------------------------------------------------------------------------


def fmt_time(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def write_vtt_sidecar(path, cues):
    blocks = ["WEBVTT\n"]
    for start, end, speaker, text in cues:
        body = f"<v {speaker}>{text}</v>" if speaker else text
        blocks.append(f"{fmt_time(start, '.')} --> {fmt_time(end, '.')}\n{body}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_srt_sidecar(path, cues):
    blocks = []
    for n, (start, end, speaker, text) in enumerate(cues, 1):
        body = f"{speaker}: {text}" if speaker else text
        blocks.append(f"{n}\n{fmt_time(start, ',')} --> {fmt_time(end, ',')}\n{body}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_json_sidecar(path, cues):
    segments = [{"speaker": sp, "startTime": a, "endTime": b, "body": text} for a, b, sp, text in cues]
    path.write_text(json.dumps({"version": "1.0.0", "segments": segments}), encoding="utf-8")


SIDECAR_STARTS = [3.2, 9.75, 14.1, 21.333, 33.0, 34.5, 45.25]
ONE_CUE_PER_TURN = [
    (SIDECAR_STARTS[i], SIDECAR_STARTS[i + 1] if i + 1 < len(TURNS) else 50.0, t.speaker, t.text)
    for i, t in enumerate(TURNS)
]


@pytest.mark.parametrize(
    "suffix,writer", [(".vtt", write_vtt_sidecar), (".srt", write_srt_sidecar), (".json", write_json_sidecar)]
)
def test_sidecar_beside_audio_gives_exact_turn_times(clip_dir, suffix, writer):
    audio = clip_dir / "C9001.opus"
    writer(clip_dir / f"C9001{suffix}", ONE_CUE_PER_TURN)
    assert find_sidecar(audio) == clip_dir / f"C9001{suffix}"
    timing = build_timing(TURNS, 60.0, audio_path=audio, aligned=[float(i) for i in range(7)])
    assert timing.source == TimingSource(SourceKind.SIDECAR, suffix[1:])
    assert timing.warnings == []
    assert timing.starts == pytest.approx(SIDECAR_STARTS, abs=1e-6)
    assert timing.ends[-1] == pytest.approx(50.0)


def test_sidecar_precedence_and_absence(clip_dir):
    audio = clip_dir / "C9001.opus"
    assert find_sidecar(audio) is None
    write_json_sidecar(clip_dir / "C9001.json", ONE_CUE_PER_TURN)
    write_srt_sidecar(clip_dir / "C9001.srt", ONE_CUE_PER_TURN)
    assert find_sidecar(audio).suffix == ".srt"
    write_vtt_sidecar(clip_dir / "C9001.vtt", ONE_CUE_PER_TURN)
    assert find_sidecar(audio).suffix == ".vtt"


def test_cues_split_and_merged_relative_to_turns_still_map(clip_dir):
    # turn 3 split over two cues; turns 4-6 merged into one cue of 15 s
    t3a, t3b = TURNS[3].text.split(". ", 1)
    merged = " ".join(t.text for t in TURNS[4:7])
    cues = [
        (0.5, 6.0, None, TURNS[0].text),
        (6.0, 8.0, None, TURNS[1].text),
        (8.0, 12.0, None, TURNS[2].text),
        (12.0, 16.0, None, t3a + "."),
        (16.0, 19.0, None, t3b),
        (20.0, 35.0, None, merged),
    ]
    write_vtt_sidecar(clip_dir / "C9001.vtt", cues)
    timing = build_timing(TURNS, 40.0, audio_path=clip_dir / "C9001.wav")
    assert timing.source == TimingSource(SourceKind.SIDECAR, "vtt")
    assert timing.starts[:5] == pytest.approx([0.5, 6.0, 8.0, 12.0, 20.0])
    # inside the merged cue, turns start in proportion to their position in its text
    for i in (5, 6):
        offset = merged.index(TURNS[i].text)
        assert timing.starts[i] == pytest.approx(20.0 + 15.0 * offset / len(merged))
    assert timing.ends[-1] == pytest.approx(35.0)


def test_sidecar_with_small_differences_and_missing_turn(clip_dir):
    # turn 4 ("Ja.") is missing, turn 1 lost its first word, words differ here and there
    cues = [
        (1.0, 5.0, "S", TURNS[0].text.replace("LØRN", "Lørn")),
        (5.0, 8.0, "Ø", TURNS[1].text.replace("Takk, ", "")),
        (8.0, 12.0, "S", TURNS[2].text),
        (12.0, 20.0, "Ø", TURNS[3].text.replace("nysgjerrig", "nysgjerrig på mye")),
        (21.0, 30.0, "Ø", TURNS[5].text),
        (30.0, 33.0, "S", TURNS[6].text),
    ]
    write_srt_sidecar(clip_dir / "C9001.srt", cues)
    starts, warnings = load_sidecar(clip_dir / "C9001.srt", TURNS)
    assert starts[:4] == pytest.approx([1.0, 5.0, 8.0, 12.0]) and starts[5:] == pytest.approx([21.0, 30.0])
    assert starts[4] is None and len(warnings) == 1
    timing = build_timing(TURNS, 40.0, audio_path=clip_dir / "C9001.wav")
    assert 12.0 < timing.starts[4] < 21.0
    assert timing.warnings == warnings


def test_sidecar_for_different_text_falls_back_to_estimate(clip_dir):
    other = [
        (0.0, 5.0, "A", "Dette handler om noe helt annet, nemlig fotball og været i Bergen."),
        (5.0, 9.0, "B", "Ja, regn hele uken, og laget tapte igjen på søndag."),
        (9.0, 14.0, "A", "Takk for at du var med."),
    ]
    write_vtt_sidecar(clip_dir / "C9001.vtt", other)
    timing = build_timing(TURNS, 60.0, audio_path=clip_dir / "C9001.opus", lead_in=2.0)
    assert timing.source == TimingSource(SourceKind.ESTIMATE)
    assert timing.starts == pytest.approx(proportional(2.0, 60.0))
    assert len(timing.warnings) == 1 and "C9001.vtt" in timing.warnings[0]
    starts, warnings = load_sidecar(clip_dir / "C9001.vtt", TURNS)
    assert starts is None and warnings


def test_sidecar_covering_only_part_of_the_text_is_rejected(clip_dir):
    write_json_sidecar(clip_dir / "C9001.json", ONE_CUE_PER_TURN[:2])
    timing = build_timing(TURNS, 60.0, audio_path=clip_dir / "C9001.opus", aligned=[0, 1, 2, 3, 4, 5, 6])
    assert timing.source == TimingSource(SourceKind.ALIGNED)
    assert any("C9001.json" in w for w in timing.warnings)


def test_broken_sidecar_falls_back_with_a_warning(clip_dir):
    (clip_dir / "C9001.json").write_text('{"chapters": []}', encoding="utf-8")
    timing = build_timing(TURNS, 60.0, audio_path=clip_dir / "C9001.opus")
    assert timing.source == TimingSource(SourceKind.ESTIMATE)
    assert len(timing.warnings) == 1 and "could not be read" in timing.warnings[0]
