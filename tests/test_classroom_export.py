"""Classroom hand-outs: transcript exports of an imported case, read back with independent parsers."""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path

import pytest
import srt
import webvtt

from lornplayer.cli import main as cli
from lornplayer.core import AppCore
from lornplayer.importer import import_paths
from lornplayer.store import Library
from lornplayer.timing import SourceKind, TimingSource, build_timing

CASE = "C9001"
TITLE = "Et kort testopptak"


@pytest.fixture
def lib(data_dir):
    """The default library (the one the CLI opens) with the C9001 page and its clips imported."""
    library = Library.open()
    report = import_paths(library, sorted(data_dir.glob(f"{CASE}.*")))  # not the real pages in data/pages/
    assert CASE in report.added and not report.problems
    yield library
    library.close()


@pytest.fixture
def case(lib):
    return lib.get_case(CASE)


@pytest.fixture
def timing(lib, case):
    return AppCore(lib).case_timing(case)


def ms(seconds: float) -> int:
    return round(seconds * 1000)


def silent_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(seconds * rate))
    return path


def test_timing_comes_from_the_imported_audio(timing, case):
    # Every turn of this short clip fits one cue, so cue i is turn i in the checks below.
    assert timing.source == TimingSource(SourceKind.ESTIMATE)
    assert timing.duration == pytest.approx(6.39, abs=0.05)
    assert len(timing.starts) == len(case.turns) == 4
    assert all(e - s < 10 for s, e in zip(timing.starts, timing.ends))


def test_vtt_parses_back_with_one_voice_per_cue(lib, case, timing):
    text = AppCore(lib).export_transcript(CASE, "vtt")
    captions = webvtt.from_string(text).captions
    assert len(captions) == len(case.turns)
    for caption, turn in zip(captions, case.turns):
        assert caption.raw_text.count("<v ") == 1
        assert caption.voice == turn.speaker
        assert caption.text == turn.text
    assert [c.start_time.in_milliseconds() for c in captions] == [ms(s) for s in timing.starts]
    assert [c.end_time.in_milliseconds() for c in captions] == [ms(e) for e in timing.ends]


def test_srt_parses_back(lib, case, timing):
    subtitles = list(srt.parse(AppCore(lib).export_transcript(CASE, "srt")))
    assert [s.index for s in subtitles] == [1, 2, 3, 4]
    assert [s.content for s in subtitles] == [f"{t.speaker}: {t.text}" for t in case.turns]
    assert [ms(s.start.total_seconds()) for s in subtitles] == [ms(x) for x in timing.starts]
    assert [ms(s.end.total_seconds()) for s in subtitles] == [ms(x) for x in timing.ends]


def test_podcast_json_has_typed_increasing_segments(lib, case, timing):
    data = json.loads(AppCore(lib).export_transcript(CASE, "json"))
    assert isinstance(data["version"], str) and data["version"]
    segments = data["segments"]
    assert len(segments) == len(case.turns)
    for seg, turn in zip(segments, case.turns):
        assert isinstance(seg["speaker"], str) and seg["speaker"] == turn.speaker
        assert isinstance(seg["body"], str) and seg["body"] == turn.text
        assert isinstance(seg["startTime"], (int, float)) and isinstance(seg["endTime"], (int, float))
        assert seg["startTime"] < seg["endTime"]
    starts = [s["startTime"] for s in segments]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(a["endTime"] <= b["startTime"] + 1e-9 for a, b in zip(segments, segments[1:]))
    assert [ms(s) for s in starts] == [ms(s) for s in timing.starts]


def test_audio_option_uses_that_files_duration_and_the_stored_anchors(lib, case, tmp_path):
    # 20 s keeps every turn under 10 s, so each still is one segment.
    other_audio = silent_wav(tmp_path / "lecture-copy.wav", 20.0)
    out = tmp_path / "out.json"
    args = ["export-transcript", CASE, "--format", "json", "--audio", str(other_audio), "--output", str(out)]

    assert cli(args) == 0
    plain = json.loads(out.read_text(encoding="utf-8"))["segments"]
    assert len(plain) == len(case.turns)
    assert plain[-1]["endTime"] == pytest.approx(20.0, abs=0.001)
    assert [ms(s["startTime"]) for s in plain] == [ms(s) for s in build_timing(case.turns, 20.0).starts]

    lib.set_anchor(CASE, 2, 12.0)
    assert cli(args) == 0
    anchored = json.loads(out.read_text(encoding="utf-8"))["segments"]
    assert len(anchored) == len(case.turns)
    assert anchored[2]["startTime"] == 12.0
    expected = build_timing(case.turns, 20.0, anchors={2: 12.0}).starts
    assert [ms(s["startTime"]) for s in anchored] == [ms(s) for s in expected]
    assert anchored[1]["startTime"] != plain[1]["startTime"]


def test_html_holds_the_case_facts_and_escaped_turns(lib, data_dir, tmp_path):
    page = (data_dir / "C9001.txt").read_text(encoding="utf-8")
    page = page.replace("#C9001", "#C9002").replace(
        "Innovasjon krever samarbeid.", "Innovasjon krever samarbeid: 2 < 3 & 5 > 4."
    )
    (tmp_path / "C9002.txt").write_text(page, encoding="utf-8")
    assert "C9002" in import_paths(lib, [tmp_path / "C9002.txt"]).added

    html = AppCore(lib).export_transcript("C9002", "html")
    assert f"<title>{TITLE}</title>" in html and f"<h1>{TITLE}</h1>" in html
    for fact in (
        "Kari Nordmann",
        "Forsker",
        "Testbyen Kommune",
        "2021-01-01",
        "Testing og kvalitet",
        "<li>Testing</li>",
        "<li>Kvalitet</li>",
        "Silvija Seres",
        "Hei og velkommen til Lørn.",
    ):
        assert fact in html
    assert "2 &lt; 3 &amp; 5 &gt; 4." in html
    assert "2 < 3" not in html
    assert "<script" not in html.lower() and "http" not in html.lower()


def test_pdf_holds_the_title_and_the_turns(qapp, lib, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "hand-out.pdf"
    AppCore(lib).export_transcript(CASE, "pdf", output=out)
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert TITLE in flat
    assert "Kari Nordmann" in flat
    assert "Innovasjon krever samarbeid." in flat


@pytest.mark.parametrize("fmt", ["vtt", "srt", "json", "html", "md", "pdf"])
def test_cli_writes_each_format_to_output(qapp, lib, tmp_path, fmt):
    out = tmp_path / "sub" / f"transcript.{fmt}"
    assert cli(["export-transcript", CASE.lower(), "--format", fmt, "--output", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert data.decode("utf-8") == AppCore(lib).export_transcript(CASE, fmt)
        assert "Innovasjon krever samarbeid." in data.decode("utf-8")


def test_cli_reports_unknown_case(lib, tmp_path, capsys):
    assert cli(["export-transcript", "C0001", "--format", "vtt", "--output", str(tmp_path / "x.vtt")]) != 0
    assert "C0001" in capsys.readouterr().err
    assert not (tmp_path / "x.vtt").exists()


def test_exported_vtt_beside_the_audio_is_picked_up_as_sidecar(lib, case, timing, data_dir, tmp_path):
    audio = tmp_path / "class" / "C9001.opus"
    audio.parent.mkdir()
    shutil.copy(data_dir / "C9001.opus", audio)
    before = AppCore(lib).case_timing(case, audio_path=audio)
    assert before.source == TimingSource(SourceKind.ESTIMATE)

    vtt = audio.with_suffix(".vtt")
    AppCore(lib).export_transcript(CASE, "vtt", audio=str(audio), output=vtt)
    after = AppCore(lib).case_timing(case, audio_path=audio)
    assert after.source == TimingSource(SourceKind.SIDECAR, "vtt")
    assert after.warnings == []
    assert [ms(s) for s in after.starts] == [ms(s) for s in before.starts]
