"""The application core without a display: cases, errors, the search index, and the open-case session."""

from __future__ import annotations

import sys
import types

import pytest

from lornplayer import cli
from lornplayer.core import AppCore
from lornplayer.errors import AudioError, CaseNotFound, ExportError, LornError, NoTranscript
from lornplayer.importer import import_paths
from lornplayer.model import Case, Note
from lornplayer.progress import FINISHED_THRESHOLD
from lornplayer.search import SearchIndex
from lornplayer.store import Library


@pytest.fixture
def core(tmp_path, case_folder):
    src = case_folder("C9001.txt", "C9001.opus", "C0557.txt")
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    import_paths(lib, [src])
    core = AppCore(lib)
    yield core
    core.close()
    lib.close()


def test_case_ids_are_normalised_and_missing_cases_are_named(core):
    assert core.case_id(" c9001 ") == "C9001"
    assert core.get_case("c0557").id == "C0557"
    with pytest.raises(CaseNotFound) as err:
        core.get_case("C0001")
    assert "C0001" in str(err.value) and isinstance(err.value, LornError)
    with pytest.raises(CaseNotFound):
        core.open_case("C0001")


def test_domain_errors_name_the_problem(core, tmp_path):
    with pytest.raises(CaseNotFound):
        core.export_transcript("C0001", "vtt")
    with pytest.raises(ExportError, match="unknown format"):
        core.export_transcript("C9001", "docx")
    with pytest.raises(ExportError, match="output file"):
        core.export_transcript("C9001", "pdf")
    with pytest.raises(AudioError, match="no such audio file"):
        core.export_transcript("C9001", "vtt", audio=str(tmp_path / "missing.opus"))
    with pytest.raises(AudioError, match="no audio"):
        core.align_case("C0557")  # the page is imported, its audio is not
    core.library.upsert_case(Case(id="C0002", label="C0002", title="No transcript", host="Silvija Seres"))
    with pytest.raises(NoTranscript):
        core.align_case("C0002")


def test_rebuild_builds_the_index_once_also_when_there_is_none(core, monkeypatch):
    builds = []
    real = SearchIndex.rebuild
    monkeypatch.setattr(SearchIndex, "rebuild", lambda self, *a, **k: builds.append(1) or real(self, *a, **k))
    assert core.rebuild_index() == 2
    assert len(builds) == 1
    assert any(h.case_id == "C0557" for h in core.search("Estland").hits)


def test_a_saved_note_is_indexed_without_reindexing_its_case(core, monkeypatch):
    core.index()
    monkeypatch.setattr(SearchIndex, "update_case", lambda *a, **k: pytest.fail("re-indexed the whole case"))
    note_id = core.library.add_note(Note(id=None, case_id="C9001", text="zyxword in a note", position=2.0))
    core.update_notes_in_index([note_id])
    hits = core.search("zyxword").hits
    assert [(h.kind, h.case_id, h.start) for h in hits] == [("note", "C9001", 2.0)]
    core.library.update_note_text(note_id, "now about qwvthing")
    core.update_notes_in_index([note_id])
    assert core.search("zyxword").hits == [] and len(core.search("qwvthing").hits) == 1
    core.library.delete_note(note_id)
    core.update_notes_in_index([note_id])
    assert core.search("qwvthing").hits == []


def _listen(session, seconds: float, step: float = 0.25) -> None:
    """Feed the session a stretch of continuous playback from 0 (a fake clock, no waiting)."""
    t = 0.0
    while t <= seconds:
        session.on_position(t, True, now=1000.0 + t)
        t += step
    session.on_pause()


def test_the_list_the_log_and_the_checkbox_use_one_finished_rule(core):
    session = core.open_case("C9001")
    duration = session.duration
    assert duration and session.audio_path
    assert not session.finished

    _listen(session, duration * (FINISHED_THRESHOLD - 0.1))
    assert session.save_progress(duration * 0.85, duration) is False
    row = core.library.list_rows("C9001")[0]
    assert not row.finished and not session.finished
    assert row.listened_fraction == pytest.approx(session.listened_fraction(), abs=1e-9)

    _listen(session, duration)
    assert session.save_progress(duration, duration) is True
    row = core.library.list_rows("C9001")[0]
    assert row.finished and session.finished
    assert row.listened_fraction == pytest.approx(session.listened_fraction(), abs=1e-9)
    log = {e.case.id: e for e in core.learning_log_entries()}
    assert log["C9001"].finished_at and log["C9001"].listened_fraction == pytest.approx(row.listened_fraction)

    session.set_finished(False)  # the user's mark wins everywhere
    assert not session.finished and not core.library.list_rows("C9001")[0].finished
    assert {e.case.id: e for e in core.learning_log_entries()}["C9001"].finished_at is None
    assert core.open_case("C9001").resume_at == 0.0  # stopped at the end: starts again from the top


def test_session_anchors_retime_and_note_targets(core):
    session = core.open_case("C9001")
    before = list(session.timing.starts)
    assert not session.set_anchor(99, 1.0)
    assert session.set_anchor(1, before[1] + 1.0)
    timing = session.retime()
    assert timing.source.anchored and timing.starts[1] == pytest.approx(before[1] + 1.0)
    assert session.anchors() == {1: pytest.approx(before[1] + 1.0)}
    assert session.note_target(timing.starts[2] + 0.1, reading_turn=0) == (timing.starts[2] + 0.1, 2)
    assert session.note_target(None, reading_turn=3) == (timing.starts[3], 3)  # no audio: the turn being read
    assert session.note_target(None, reading_turn=-1) == (timing.starts[0], 0)
    session.clear_anchors()
    assert not session.retime().source.anchored


def test_a_measured_duration_far_from_the_probe_is_stored_and_retimes(core):
    session = core.open_case("C9001")
    probed = session.duration
    assert not session.audio_duration_measured(probed + 0.5)  # close enough: nothing changes
    assert session.audio_duration_measured(probed * 2)
    assert session.duration == pytest.approx(probed * 2)
    assert core.library.list_rows("C9001")[0].duration_seconds == pytest.approx(probed * 2)
    assert session.timing.duration == pytest.approx(probed * 2)


def test_cli_extensions_add_subcommands(monkeypatch, capsys):
    module = types.ModuleType("lornplayer_test_cli_ext")

    def register(sub):
        p = sub.add_parser("hello", help="say hello")
        p.add_argument("name")
        p.set_defaults(handler=lambda args: print(f"hello {args.name}") or 0)

    module.register = register
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(cli, "EXTENSIONS", (module.__name__,))
    assert cli.main(["hello", "world"]) == 0
    assert capsys.readouterr().out == "hello world\n"


def test_cli_reports_domain_errors_in_one_line(monkeypatch, capsys):
    def boom(args):
        raise CaseNotFound("C0001")

    module = types.ModuleType("lornplayer_test_cli_boom")
    module.register = lambda sub: sub.add_parser("boom").set_defaults(handler=boom)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(cli, "EXTENSIONS", (module.__name__,))
    assert cli.main(["boom"]) == 1
    assert capsys.readouterr().err == "lornplayer: no such case in the library: C0001\n"


def test_the_case_to_resume_at_start(core):
    assert not core.is_empty()
    assert core.case_to_resume() is None
    core.remember_last_case("C0557")
    assert core.case_to_resume() == "C0557"
    assert core.case_to_resume("c9001") == "C9001"  # asked for on the command line
    assert core.case_to_resume("C0001") is None


def test_an_import_affects_the_open_case_when_its_page_changed_or_it_got_audio(core, case_folder):
    from lornplayer.importer import ImportReport

    playing, silent = core.open_case("C9001"), core.open_case("C0557")
    assert not playing.affected_by_import(ImportReport())
    src = case_folder("C0557.opus")
    report = core.import_paths([src / "C0557.opus"])
    assert silent.affected_by_import(report) and not playing.affected_by_import(report)
