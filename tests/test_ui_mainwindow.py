"""The main window end to end: library, real playback, following transcript, anchors, progress, settings."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from lornplayer.importer import import_paths
from lornplayer.store import Library
from lornplayer.timing import SourceKind, TimingSource


@pytest.fixture
def library(tmp_path, data_dir, case_folder):
    src = case_folder("C9001.txt", "C9001.opus", "C0557.txt", "C0557.opus", "C0399.txt", "C0775.txt")
    # A case whose audio is garbage.
    page = (data_dir / "C9001.txt").read_text(encoding="utf-8").replace("#C9001", "#C9002")
    (src / "C9002.txt").write_text(page, encoding="utf-8")
    (src / "C9002.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x10" + b"\x00garbage" * 400)
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [src])
    yield lib
    lib.close()


def test_library_lists_and_filters(library, make_window):
    w = make_window(library)
    assert w.model.rowCount() == 5
    assert w.proxy.rowCount() == 5
    i = w.library_panel.theme_box.findData("Digital etikk og politikk")
    assert i > 0
    w.library_panel.theme_box.setCurrentIndex(i)
    assert {w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())} == {"C0557", "C0775"}
    w.library_panel.theme_box.setCurrentIndex(0)
    w.library_panel.filter_text.setText("laderud")
    assert [w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())] == ["C0557"]


def test_playback_follows_transcript_and_click_seeks(library, make_window, qtbot):
    w = make_window(library)
    assert w.open_case("C9001")
    assert w.transcript.current_turn() in (-1, 0)
    starts = w.timing.starts
    assert len(starts) == 4
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    changes = []  # (turn, player position) at each highlight change
    w.transcript.currentTurnChanged.connect(lambda i: changes.append((i, w.player.position())))
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 0.5, timeout=10000)
    qtbot.waitUntil(lambda: w.transcript.current_turn() >= 2, timeout=15000)
    # The highlight moved to each turn when the audio reached that turn's start, not before or long after.
    for turn, position in changes:
        if turn >= 1:
            assert abs(position - starts[turn]) < 0.35, (turn, position, starts)
    assert [t for t, _ in changes if t >= 1][:2] == [1, 2]
    w.player.pause()
    w.transcript.turnActivated.emit(1)
    qtbot.waitUntil(lambda: abs(w.player.position() - starts[1]) < 0.3, timeout=5000)
    assert w.transcript.current_turn() == 1


def test_anchor_respreads_and_persists_across_restart(library, make_window, qtbot):
    w = make_window(library)
    w.open_case("C9001")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    before = list(w.timing.starts)
    w.player.seek(3.0)
    qtbot.waitUntil(lambda: abs(w.player.position() - 3.0) < 0.2, timeout=5000)
    w.anchor_turn(1)
    assert w.timing.source.anchored
    assert w.timing.starts[1] == pytest.approx(w.player.position(), abs=0.05)
    assert w.timing.starts[1] != pytest.approx(before[1], abs=0.05)
    assert w.timing.starts[0] <= w.timing.starts[1] <= w.timing.starts[2]
    pinned = w.timing.starts[1]
    w.shutdown()

    w2 = make_window(library)
    w2.open_case("C9001")
    assert w2.timing.source.anchored
    assert w2.timing.starts[1] == pytest.approx(pinned, abs=0.01)
    w2.clear_anchors()
    assert not w2.timing.source.anchored


def test_corrupt_audio_shows_message_and_transcript_still_reads(library, make_window, qtbot):
    w = make_window(library)
    w.open_case("C9002")
    assert len(w.case.turns) == 4
    assert w.transcript.current_turn() in (-1, 0)
    qtbot.waitUntil(lambda: "C9002.mp3" in w.player_bar.message_text(), timeout=5000)


def test_settings_and_progress_survive_restart(library, make_window, qtbot):
    w = make_window(library)
    w.resize(760, 540)
    w.splitter.setSizes([260, 300, 180])
    sizes = w.splitter.sizes()
    w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.player.set_rate(1.5)
    w.player.set_volume(0.4)
    w.seek(60.0)
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 62.5, timeout=10000)
    w.player.pause()
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=3000)
    heard = library.get_progress("C0557")
    assert heard.position > 62.0
    assert 1.5 < heard.listened_seconds < 10  # the skipped first minute does not count
    assert w.model.row_for("C0557").listened_seconds == pytest.approx(heard.listened_seconds)
    w.shutdown()

    w2 = make_window(library)
    w2.start()
    qtbot.waitUntil(lambda: w2.is_started, timeout=10000)
    assert w2.case is not None and w2.case.id == "C0557"  # the last open case is restored
    assert (w2.width(), w2.height()) == (760, 540)  # window geometry and splitter sizes too
    assert w2.splitter.sizes() == sizes
    assert w2.player.rate() == pytest.approx(1.5)
    assert w2.player.volume() == pytest.approx(0.4, abs=0.01)
    qtbot.waitUntil(w2.player.is_loaded, timeout=10000)
    # Resumes a few seconds before where we stopped.
    qtbot.waitUntil(lambda: w2.player.position() > 0.0, timeout=5000)
    assert w2.player.position() == pytest.approx(max(0.0, heard.position - 5.0), abs=0.5)


def test_mark_finished_filter_by_state_and_continue_listening(library, make_window, qtbot):
    from lornplayer.progress import CaseState

    w = make_window(library)
    w.open_case("C9001")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 1.0, timeout=10000)
    w.player.pause()
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=3000)
    w.open_case("C0557")
    w.toggle_finished(True)

    def shown():
        return {w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())}

    w.library_panel.state_box.setCurrentIndex(w.library_panel.state_box.findData(CaseState.FINISHED))
    assert shown() == {"C0557"}
    w.library_panel.state_box.setCurrentIndex(w.library_panel.state_box.findData(CaseState.IN_PROGRESS))
    assert shown() == {"C9001"}
    w.library_panel.state_box.setCurrentIndex(w.library_panel.state_box.findData(CaseState.NOT_STARTED))
    assert "C9001" not in shown() and "C0557" not in shown() and "C0399" in shown()
    w.toggle_finished(False)  # unmark: no longer finished
    w.library_panel.state_box.setCurrentIndex(w.library_panel.state_box.findData(CaseState.FINISHED))
    assert shown() == set()

    # Continue listening goes back to the case played last.
    w.continue_listening()
    assert w.case.id == "C9001"
    w.player.pause()


def test_related_case_link_opens_that_case(library, make_window):
    w = make_window(library)
    w.open_case("C0557")
    assert "case:" not in w.case_view.toHtml()  # none of its related cases is in the library
    case = library.get_case("C0775")
    case.related[0].id = "C0557"  # pretend C0775 lists C0557 as related
    library.upsert_case(case)
    w.open_case("C0775")
    assert "case:C0557" in w.case_view.toHtml()
    w.case_view.caseLinkActivated.emit("C0557")
    assert w.case.id == "C0557"


def test_dropping_files_imports_them(library, make_window, qtbot, data_dir, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    page = (data_dir / "C9001.txt").read_text(encoding="utf-8").replace("#C9001", "#C9003")
    (tmp_path / "C9003.txt").write_text(page, encoding="utf-8")
    w = make_window(library)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "C9003.txt"))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    w.dropEvent(event)
    qtbot.waitUntil(lambda: w.model.row_for("C9003") is not None, timeout=10000)


def test_importing_another_case_does_not_interrupt_playback(library, make_window, qtbot, seeds_dir, tmp_path):
    w = make_window(library)
    w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.seek(120.0)
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 120.5, timeout=10000)
    shutil.copy(seeds_dir / "C0608.txt", tmp_path / "C0608.txt")
    w.import_paths([str(tmp_path / "C0608.txt")])
    qtbot.waitUntil(lambda: w.model.row_for("C0608") is not None, timeout=10000)
    qtbot.waitUntil(lambda: not w.tasks.tasks, timeout=10000)  # the import reported back, the busy bar is gone
    assert w.task_progress.isHidden()
    assert w.case.id == "C0557" and w.player.is_playing() and w.player.position() > 120.5


def test_pin_and_note_without_audio(library, make_window, qtbot):
    w = make_window(library)
    w.open_case("C0775")  # no audio
    w.transcript.scroll_to_turn(5)
    w.transcript.set_position(w.timing.starts[5])
    w.anchor_current_turn()
    assert library.anchors("C0775") == {}
    assert "Play the audio" in w.statusBar().currentMessage()
    w.add_note_now()
    notes = library.notes("C0775", kind="note")
    assert len(notes) == 1 and notes[0].turn_index == 5
    assert notes[0].position == pytest.approx(w.timing.starts[5])


def click_menu_item(qtbot, w, menu_key: str, action) -> None:
    """Open a menu of the window's menu bar and click one of its items, as a user does."""
    menu = w.commands.menu(menu_key)
    bar = w.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)


def test_finished_mark_follows_the_click(library, make_window, qtbot):
    from lornplayer.progress import CaseState
    from lornplayer.ui.library_model import row_state

    w = make_window(library)
    w.open_case("C0557")
    assert not w.finished_action.isChecked()
    for checked in (True, False, True):
        click_menu_item(qtbot, w, "notes", w.finished_action)
        assert w.finished_action.isChecked() is checked
        assert library.get_progress("C0557").finished_manual == int(checked)
        # The list, the learning log and the checkbox agree.
        assert (row_state(w.model.row_for("C0557")) is CaseState.FINISHED) is checked
        log = {e.case.id: e for e in w.core.learning_log_entries()}
        assert (log["C0557"].finished_at is not None if "C0557" in log else False) is checked


def test_space_on_a_focused_button_presses_it_instead_of_playing(library, make_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    w = make_window(library)
    w.open_case("C9001")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    button = w.library_panel.continue_button
    assert isinstance(button, QPushButton)
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert clicks == [1]
    # Elsewhere (the transcript), Space is play/pause.
    w.transcript.list_view().setFocus()
    qtbot.waitUntil(lambda: w.transcript.list_view().hasFocus(), timeout=2000)
    qtbot.keyClick(w.transcript.list_view(), Qt.Key.Key_Space)
    qtbot.waitUntil(w.player.is_playing, timeout=5000)
    w.player.pause()


def test_without_tts_the_window_explains_and_keeps_the_estimate(library, make_window, monkeypatch):
    monkeypatch.setenv("LORNPLAYER_ESPEAK", "/nonexistent/espeak-ng")
    library.set_setting("align.automatic", True)
    w = make_window(library)
    w.open_case("C9001")
    assert w.timing.source == TimingSource(SourceKind.ESTIMATE)
    assert "espeak-ng" in w.timing_label.text()
    assert w.work.align_task is None


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")
def test_opening_a_case_aligns_it_in_the_background(library, make_window, qtbot):
    library.set_setting("align.automatic", True)
    w = make_window(library)
    w.open_case("C9001")
    assert w.work.align_task is not None
    qtbot.waitUntil(lambda: w.timing.source == TimingSource(SourceKind.ALIGNED), timeout=30000)
    assert w.work.align_task is None
    assert "automatic alignment" in w.timing_label.text()


def test_features_plug_in_with_a_menu_command_a_side_tab_and_the_open_case(library, make_window, qtbot):
    from PySide6.QtWidgets import QLabel

    w = make_window(library)
    opened, ran = [], []
    w.caseOpened.connect(opened.append)
    w.commands.menu("tools", "&Tools")
    act = w.commands.add("tools", "Do the thing", lambda: ran.append(w.case.id), "Ctrl+Shift+J")
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("&Tools") == len(titles) - 2  # new menus go before Help
    assert ("Do the thing", act.shortcuts()[0].toString()) in w.dialogs.shortcut_list()
    tab = QLabel("mine")
    index = w.add_side_tab(tab, "Mine")
    assert w.side_tabs.widget(index) is tab
    w.open_case("C0557")
    assert [s.case_id for s in opened] == ["C0557"] and opened[0] is w.session
    click_menu_item(qtbot, w, "tools", act)
    assert ran == ["C0557"]


def test_reopening_the_open_case_keeps_what_was_heard(library, make_window, qtbot):
    """E.g. after an import changed it: the progress is saved before the case is read again."""
    w = make_window(library)
    w.open_case("C9001")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 2.0, timeout=10000)
    w.open_case("C9001")  # while playing: nothing saved yet but what the 5 s timer did
    heard = library.get_progress("C9001").listened_seconds
    assert heard > 1.5
    w.save_progress()
    assert library.get_progress("C9001").listened_seconds == pytest.approx(heard, abs=0.01)
    assert w.session.listened_fraction() == pytest.approx(heard / w.session.duration, abs=0.01)


def test_print_transcript_prints_what_the_dialog_chose(library, make_window, monkeypatch, tmp_path):
    import shutil
    import subprocess

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    out = tmp_path / "printed.pdf"
    shown = []

    def accept(dialog):  # the user picks "print to file" and presses Print
        shown.append(dialog)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    w = make_window(library)
    w.open_case("C0557")
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    w.dialogs.print_transcript()
    assert len(shown) == 1 and out.stat().st_size > 1000
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QPrintDialog.DialogCode.Rejected)
    out.unlink()
    w.dialogs.print_transcript()  # cancelled: nothing printed
    assert not out.exists()
    if shutil.which("pdftotext"):
        monkeypatch.setattr(QPrintDialog, "exec", accept)
        w.dialogs.print_transcript()
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True).stdout
        assert "Hvordan skape innovative byer" in text and "Øyvind Laderud" in text


def test_export_dialogs_write_the_chosen_files(library, make_window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    chosen = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen["path"], chosen.get("filter", "")))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"export failed: {a[2:]}"))
    w = make_window(library)
    w.open_case("C9001")
    chosen["path"] = str(tmp_path / "t.srt")
    w.dialogs.export_transcript()
    assert (tmp_path / "t.srt").read_text(encoding="utf-8").startswith("1\n")
    chosen.update(path=str(tmp_path / "t"), filter="WebVTT (*.vtt)")  # no suffix: the chosen filter's
    w.dialogs.export_transcript()
    assert (tmp_path / "t.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    chosen["path"] = str(tmp_path / "notes.md")
    w.dialogs.export_notes(False)
    assert (tmp_path / "notes.md").read_text(encoding="utf-8").startswith("#")
    chosen["path"] = str(tmp_path / "log.md")
    w.dialogs.export_log()
    assert (tmp_path / "log.md").exists()
    from lornplayer.ui.savefiles import SavedNotice

    assert str(tmp_path / "log.md") in w.findChild(SavedNotice, "savedNotice").label.text()
