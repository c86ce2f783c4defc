"""Timed-text export (WebVTT, SRT, Podcasting 2.0 JSON) and reading it back."""

from __future__ import annotations

import json

import pytest
import srt
import webvtt

from lornplayer.model import Turn
from lornplayer.timedtext import (
    MAX_CUE_SECONDS,
    TimedTextError,
    export,
    parse_srt,
    parse_vtt,
    read_cues,
    timed_cues,
    write_podcast_json,
    write_srt,
    write_vtt,
)
from lornplayer.timing import SourceKind, TimingSource, build_timing

LONG = (
    "Vi har jobbet med internasjonalt samarbeid i mange år. Det eksisterer intelligent liv utenfor "
    "kommunen, og det må vi bruke. Innovasjon betyr ofte endringer i oppgaver og roller for den "
    "enkelte, derfor er også motstanden stor. Men vi må tørre å prøve ting, teste ny teknologi "
    "sammen med små gründere og akademia, og lære av det som ikke virker. Det er ingen fasit "
    "her, og det er egentlig det som gjør det så spennende å jobbe med dette hver dag."
)
TURNS = [
    Turn("Silvija Seres", "Hei og velkommen til LØRN. Dette er Silvija, og jeg snakker med Øyvind."),
    Turn("Øyvind Laderud", LONG),
    Turn("Silvija Seres", "Hva med <tagger> & andre tegn --> som må escapes?"),
    Turn("Øyvind Laderud", "Ja."),
    Turn("Silvija Seres", "Tusen takk for at du var med i LØRN."),
]


@pytest.fixture
def timing():
    return build_timing(TURNS, 95.0, lead_in=3.5, lead_out=4.25)


def test_long_turns_are_split_into_short_cues_each_turn_starting_one(timing):
    cues = timed_cues(TURNS, timing)
    assert [i for i, _ in cues].count(1) > 2
    for i, turn in enumerate(TURNS):
        own = [c for k, c in cues if k == i]
        assert own[0].start == timing.starts[i] and own[-1].end == timing.ends[i]
        assert " ".join(c.text for c in own) == turn.text
        assert all(a.end == b.start for a, b in zip(own, own[1:]))
        assert all(c.end - c.start <= MAX_CUE_SECONDS + 1e-9 for c in own)
        assert all(c.text.count(". ") <= 1 for c in own)


def test_vtt_export_parses_back_with_voices(timing):
    text = write_vtt(TURNS, timing)
    assert text.startswith("WEBVTT")
    captions = webvtt.from_string(text).captions
    assert captions[0].voice == "Silvija Seres"
    assert captions[0].start_time.in_milliseconds() == 3500
    assert captions[-1].end_time.in_milliseconds() == 90750
    assert "&lt;tagger&gt; &amp; andre tegn --&gt;" in text
    cues = parse_vtt(text)
    assert [c.speaker for c in cues] == [c.speaker for _, c in timed_cues(TURNS, timing)]
    assert cues[-3].text == TURNS[2].text


def test_srt_export_parses_back(timing):
    text = write_srt(TURNS, timing)
    subtitles = list(srt.parse(text))
    expected = timed_cues(TURNS, timing)
    assert len(subtitles) == len(expected)
    assert subtitles[0].content.startswith("Silvija Seres: Hei og velkommen")
    for sub, (_, cue) in zip(subtitles, expected):
        assert sub.start.total_seconds() == pytest.approx(cue.start, abs=5e-4)
        assert sub.end.total_seconds() == pytest.approx(cue.end, abs=5e-4)
    cues = parse_srt(text)
    assert [(c.speaker, c.text) for c in cues] == [(c.speaker, c.text) for _, c in expected]


def test_podcast_json_has_the_required_keys_and_times(timing):
    data = json.loads(write_podcast_json(TURNS, timing))
    assert data["version"] == "1.0.0"
    segments = data["segments"]
    assert all(set(s) == {"speaker", "startTime", "endTime", "body"} for s in segments)
    starts = {}
    for (i, _), s in zip(timed_cues(TURNS, timing), segments):
        starts.setdefault(i, s["startTime"])
    assert [starts[i] for i in range(len(TURNS))] == pytest.approx(timing.starts, abs=5e-4)
    assert segments[-1]["endTime"] == pytest.approx(timing.ends[-1], abs=5e-4)


@pytest.mark.parametrize("suffix", [".vtt", ".srt", ".json"])
def test_export_reimports_as_sidecar_with_the_same_starts(clip_dir, timing, suffix):
    anchored = build_timing(TURNS, 95.0, lead_in=3.5, anchors={1: 20.0, 3: 70.0})
    for source in (timing, anchored):
        path = export(clip_dir / f"C9001{suffix}", TURNS, source)
        assert read_cues(path)
        again = build_timing(TURNS, 95.0, audio_path=clip_dir / "C9001.opus")
        assert again.source == TimingSource(SourceKind.SIDECAR, suffix[1:])
        assert again.warnings == []
        assert again.starts == pytest.approx(source.starts, abs=1e-3)
        assert again.ends == pytest.approx(source.ends, abs=1e-3)


def test_real_seed_text_round_trip(clip_dir):
    """A real conversation (C9001 page) exported and re-imported, if the parser is there."""
    parser = pytest.importorskip("lornplayer.parser")
    turns = parser.parse_file(clip_dir / "C9001.txt").case.turns
    assert turns
    timing = build_timing(turns, 6.4, lead_in=0.3)
    export(clip_dir / "C9001.vtt", turns, timing)
    again = build_timing(turns, 6.4, audio_path=clip_dir / "C9001.wav")
    assert again.source == TimingSource(SourceKind.SIDECAR, "vtt")
    assert again.starts == pytest.approx(timing.starts, abs=1e-3)


def test_reading_voices_split_a_cue_between_speakers():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v.loud Anne Berg>Hei &amp; hallo!</v> <v Per>Heisann.</v>\n"
    cues = parse_vtt(text)
    assert [(c.speaker, c.text) for c in cues] == [("Anne Berg", "Hei & hallo!"), ("Per", "Heisann.")]
    assert cues[0].start == 1.0 and cues[-1].end == 5.0
    assert cues[0].end == cues[1].start
    assert 1.0 < cues[1].start < 5.0


def test_reading_srt_speaker_prefixes_only_for_names():
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nKari Nordmann: <i>Hei</i>.\nPer: Hallo.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nDette er viktig: en setning med kolon.\n"
    )
    cues = parse_srt(text)
    assert [(c.speaker, c.text) for c in cues] == [
        ("Kari Nordmann", "Hei."),
        ("Per", "Hallo."),
        (None, "Dette er viktig: en setning med kolon."),
    ]


def test_bad_files_raise(tmp_path):
    for name, content in [
        ("a.vtt", "not a vtt"),
        ("b.srt", "1\nnonsense --> x\n"),
        ("c.json", "[1, 2]"),
        ("d.txt", "WEBVTT\n"),
    ]:
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(TimedTextError):
            read_cues(tmp_path / name)
