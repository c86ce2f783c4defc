"""Stored alignments: used by the timing model, reused, invalidated when audio or text change; anchors win."""

from __future__ import annotations

import os

import pytest

from lornplayer import align
from lornplayer.core import AppCore
from lornplayer.importer import import_paths
from lornplayer.model import Turn
from lornplayer.store import Library
from lornplayer.timing import SourceKind, TimingSource


@pytest.fixture
def lib(tmp_path, case_folder):
    src = case_folder("C9001.txt", "C9001.opus")
    library = Library.open(tmp_path / "lib.sqlite3")
    import_paths(library, [src])
    library.src = src
    yield library
    library.close()


@pytest.fixture
def fake_align(monkeypatch):
    """Count calls to the aligner and return fixed starts (the real aligner has its own tests)."""
    calls = []

    def fake(audio, turns, **kwargs):
        calls.append(str(audio))
        starts = [0.5 + 1.4 * i for i in range(len(turns))]
        return align.Alignment(starts=starts, duration=6.38, seconds_taken=0.01)

    monkeypatch.setattr(align, "align", fake)
    return calls


def test_alignment_is_stored_used_and_reused(lib, fake_align):
    case = lib.get_case("C9001")
    assert AppCore(lib).case_timing(case).source == TimingSource(SourceKind.ESTIMATE)
    summary = AppCore(lib).align_case("C9001")
    assert "aligned 4 turns" in summary
    timing = AppCore(lib).case_timing(case)
    assert timing.source == TimingSource(SourceKind.ALIGNED)
    assert timing.starts == pytest.approx([0.5, 1.9, 3.3, 4.7])
    # Reused: the aligner does not run again for the same audio and text.
    assert "reused" in AppCore(lib).align_case("C9001")
    assert len(fake_align) == 1


def test_alignment_invalidated_when_audio_changes(lib, fake_align):
    AppCore(lib).align_case("C9001")
    audio = lib.audio_for("C9001")[0].path
    st = os.stat(audio)
    os.utime(audio, (st.st_atime, st.st_mtime + 120))  # the file was replaced
    case = lib.get_case("C9001")
    assert AppCore(lib).case_timing(case).source == TimingSource(SourceKind.ESTIMATE)
    AppCore(lib).align_case("C9001")
    assert len(fake_align) == 2


def test_alignment_invalidated_when_text_changes(lib, fake_align):
    AppCore(lib).align_case("C9001")
    case = lib.get_case("C9001")
    case.turns[1] = Turn(case.turns[1].speaker, "Helt ny tekst i denne replikken.")
    lib.upsert_case(case)
    assert AppCore(lib).case_timing(lib.get_case("C9001")).source == TimingSource(SourceKind.ESTIMATE)


def test_anchors_override_aligned_times(lib, fake_align):
    AppCore(lib).align_case("C9001")
    lib.set_anchor("C9001", 2, 4.0)
    timing = AppCore(lib).case_timing(lib.get_case("C9001"))
    assert timing.source == TimingSource(SourceKind.ALIGNED, anchored=True)
    assert timing.starts[2] == pytest.approx(4.0)
    assert timing.starts[1] < 4.0 < timing.starts[3]


def test_without_tts_engine_alignment_fails_clearly_and_estimate_stays(lib, monkeypatch):
    monkeypatch.setenv("LORNPLAYER_ESPEAK", "/nonexistent/espeak-ng")
    assert not align.tts_available()
    with pytest.raises(align.TTSUnavailable) as err:
        AppCore(lib).align_case("C9001")
    assert "espeak" in str(err.value).lower()
    assert AppCore(lib).case_timing(lib.get_case("C9001")).source == TimingSource(SourceKind.ESTIMATE)
