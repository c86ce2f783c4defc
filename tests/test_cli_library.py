"""CLI commands that work on the library: search, export-notes, align, rebuild-index."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from lornplayer import paths
from lornplayer.cli import main
from lornplayer.model import Note
from lornplayer.store import Library
from lornplayer.timing import SourceKind, TimingSource


@pytest.fixture
def imported(capsys, case_folder):
    src = case_folder("C0557.txt", "C0775.txt", "C0399.txt", "C9001.txt", "C9001.opus")
    assert main(["import", str(src)]) == 0
    capsys.readouterr()
    return src


def test_search_plain_output_has_case_turn_speaker_time_snippet(capsys, imported):
    assert main(["search", "kommunene", "--limit", "5"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert lines and all(len(fields) == 5 for fields in lines)
    turn_lines = [f for f in lines if f[1] != "-"]
    assert turn_lines, lines
    case_id, turn, speaker, when, snippet = turn_lines[0]
    assert case_id.startswith("C") and int(turn) >= 0 and ":" in when
    assert "kommun" in snippet.lower()


def test_search_json_maps_hits_to_turns_and_times(capsys, imported):
    assert main(["search", "speaker:øyvind estland", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    hit = hits[0]
    assert set(hit) >= {"case_id", "turn_index", "speaker", "start", "snippet"}
    assert hit["case_id"] == "C0557" and hit["speaker"] == "Øyvind Laderud"
    lib = Library.open()
    case = lib.get_case("C0557")
    assert "Estland" in case.turns[hit["turn_index"]].text
    from lornplayer.core import AppCore

    assert hit["start"] == pytest.approx(AppCore(lib).case_timing(case).starts[hit["turn_index"]], abs=0.01)
    lib.close()


@pytest.mark.parametrize("query", ['"åpen innovasjon', "AND", "*", "~", "og i på", "x" * 10000, ""])
def test_bad_queries_never_trace_back(capsys, imported, query):
    assert main(["search", query, "--json"]) == 0
    out, err = capsys.readouterr()
    assert isinstance(json.loads(out), list)
    assert "Traceback" not in err


def test_search_survives_a_deleted_index(capsys, imported):
    shutil.rmtree(paths.index_dir(), ignore_errors=True)
    assert main(["search", "Kristiansand", "--json", "--limit", "3"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_rebuild_index(capsys, imported):
    assert main(["rebuild-index"]) == 0
    assert "indexed 4 cases" in capsys.readouterr().out


def test_export_notes_markdown_and_pdf(capsys, imported, tmp_path):
    lib = Library.open()
    lib.add_note(Note(None, "C0557", "Estland er et godt eksempel", position=75.0, turn_index=3))
    lib.set_answer("C0399", "reflection", lib.get_case("C0399").reflection_questions[0], "Vi må lytte til skeptikerne.")
    lib.close()
    md = tmp_path / "out" / "notes.md"
    assert main(["export-notes", "C0557", "--format", "md", "--output", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "Hvordan skape innovative byer?" in text
    assert "Estland er et godt eksempel" in text and "1:15" in text
    all_md = tmp_path / "all.md"
    assert main(["export-notes", "--output", str(all_md)]) == 0
    assert "Vi må lytte til skeptikerne." in all_md.read_text(encoding="utf-8")
    pdf = tmp_path / "log.pdf"
    assert main(["export-notes", "--log", "--format", "pdf", "--output", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Estland er et godt eksempel" in extracted
    assert main(["export-notes", "C1234", "--output", str(md)]) == 1
    assert "C1234" in capsys.readouterr().err


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")
def test_align_prints_a_summary_and_reuses_the_result(capsys, imported):
    assert main(["align", "C9001"]) == 0
    out = capsys.readouterr().out
    assert "aligned 4 turns" in out
    assert main(["align", "C9001"]) == 0
    assert "reused" in capsys.readouterr().out
    lib = Library.open()
    from lornplayer.core import AppCore

    assert AppCore(lib).case_timing(lib.get_case("C9001")).source == TimingSource(SourceKind.ALIGNED)
    lib.close()


def test_align_without_audio_or_transcript_fails_clearly(capsys, imported):
    assert main(["align", "C0399"]) == 1
    assert "no transcript" in capsys.readouterr().err
    assert main(["align", "C0557"]) == 1
    assert "no audio" in capsys.readouterr().err


def test_align_refuses_audio_far_too_short_for_the_transcript(capsys, imported, data_dir):
    assert main(["align", "C0557", "--audio", str(data_dir / "C9001.wav")]) == 1
    assert "right audio file" in capsys.readouterr().err
