"""What a new user trips over in the first ten minutes (issue 15): each test fails on the 0.1 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lornplayer.importer import import_paths
from lornplayer.store import Library


@pytest.fixture
def library(tmp_path, case_folder):
    src = case_folder("C9001.txt", "C9001.opus", "C0557.txt", "C0557.opus", "C0399.txt", "C0775.txt")
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [src])
    yield lib
    lib.close()


def test_open_and_close_without_playing_keeps_the_resume_point(library, make_window, qtbot):
    w = make_window(library, start=False)
    w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.seek(14.9)
    w.save_progress()
    w.shutdown()
    assert library.get_progress("C0557").position == pytest.approx(14.9, abs=0.05)
    for _ in range(5):
        again = make_window(library, start=True)
        assert again.case.id == "C0557"
        qtbot.waitUntil(lambda w=again: w.player.is_loaded() and w.player.position() > 0, timeout=10000)
        assert again.player.position() == pytest.approx(9.9, abs=0.5)  # resumes 5 s back, every time
        again.shutdown()
        assert library.get_progress("C0557").position == pytest.approx(14.9, abs=0.05)


def press(qtbot, w, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the user types it: Qt delivers it to the focus widget (shortcuts included)."""
    qtbot.keyClick(w.windowHandle(), key, modifier)


def test_first_start_opens_a_case_that_plays_and_the_first_space_plays(library, make_window, qtbot):
    assert library.get_setting("last_case") is None
    w = make_window(library, start=True)
    assert w.case is not None and w.case.id != "C0399"  # C0399 has neither transcript nor audio
    assert w.case.turns and w.audio_path
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    assert QApplication.focusWidget() is w.transcript.list_view()
    press(qtbot, w, Qt.Key.Key_Space)
    qtbot.waitUntil(w.player.is_playing, timeout=5000)
    assert w.filter_text.text() == ""


def test_after_a_restart_the_first_space_plays(library, make_window, qtbot):
    first = make_window(library, start=True)
    first.open_case("C0557")
    first.filter_text.setFocus()  # where focus was left last time does not matter
    first.shutdown()
    w = make_window(library, start=True)
    assert w.case.id == "C0557"
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    press(qtbot, w, Qt.Key.Key_Space)
    qtbot.waitUntil(w.player.is_playing, timeout=5000)
    assert " " not in w.filter_text.text()


def test_tab_leaves_the_library_table_and_reaches_the_transcript(library, make_window, qtbot):
    w = make_window(library, start=True)
    opened = w.case.id
    w.table.setFocus()
    qtbot.waitUntil(w.table.hasFocus)
    seen = []
    for _ in range(12):
        press(qtbot, w, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if QApplication.focusWidget() is w.transcript.list_view():
            break
    assert w.transcript.list_view() in seen, [type(x).__name__ for x in seen]
    assert w.case.id == opened
    from lornplayer.ui.library_model import CASE_ID_ROLE

    selected = w.table.selectionModel().selectedRows()
    assert [i.data(CASE_ID_ROLE) for i in selected] == [opened]  # the highlight stays on the open case


def test_typing_letters_in_the_focused_table_makes_no_note_and_no_mute(library, make_window, qtbot):
    w = make_window(library, start=True)
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    muted = w.player.is_muted()
    w.table.setFocus()
    qtbot.waitUntil(w.table.hasFocus)
    for ch in "kommune":
        press(qtbot, w, getattr(Qt.Key, f"Key_{ch.upper()}"))
    assert library.notes(w.case.id, kind="note") == []
    assert w.player.is_muted() == muted
    # In the transcript the same letters are shortcuts: N adds a note there.
    w.transcript.list_view().setFocus()
    qtbot.waitUntil(w.transcript.list_view().hasFocus)
    press(qtbot, w, Qt.Key.Key_M)
    assert w.player.is_muted() != muted


class FakeSaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records where it opened, answers like a user would."""

    def __init__(self, answer_name: str, filter_label: str):
        self.answer_name, self.filter_label, self.opened_at = answer_name, filter_label, []

    def __call__(self, _parent, _title, start, _filters):
        self.opened_at.append(start)
        from pathlib import Path

        return str(Path(start).parent / self.answer_name), self.filter_label


def test_export_notes_with_the_pdf_filter_writes_a_pdf_and_says_where(
    library, make_window, qtbot, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QFileDialog

    from lornplayer.ui import savefiles

    w = make_window(library, start=True)
    library.set_setting(savefiles.LAST_FOLDER_SETTING, str(tmp_path))
    fake = FakeSaveDialog("mine", "PDF (*.pdf)")  # no extension typed, PDF chosen
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    w.dialogs.export_notes(all_cases=False)
    out = tmp_path / "mine.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "mine").exists()
    assert fake.opened_at[0].startswith(str(tmp_path))  # opened in the folder used last
    assert w.case.id in fake.opened_at[0] and (w.case.title or "")[:10] in fake.opened_at[0]  # named after the case
    notice = w.findChild(savefiles.SavedNotice, "savedNotice")
    assert notice is not None and notice.isVisible() and str(out) in notice.label.text()
    # The learning log, from another folder: that folder is remembered for the next dialog.
    other = tmp_path / "other"
    other.mkdir()
    library.set_setting(savefiles.LAST_FOLDER_SETTING, str(other))
    fake2 = FakeSaveDialog("log", "Markdown (*.md)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake2)
    w.dialogs.export_log()
    assert (other / "log.md").read_text(encoding="utf-8").startswith("#")
    assert str(other / "log.md") in notice.label.text()


def test_the_notes_tab_export_confirms_with_the_path(library, make_window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from lornplayer.ui import savefiles

    w = make_window(library, start=True)
    library.set_setting(savefiles.LAST_FOLDER_SETTING, str(tmp_path))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", FakeSaveDialog("n", "PDF (*.pdf)"))
    out = w.notes_panel.export_notes()
    assert out == tmp_path / "n.pdf" and out.read_bytes().startswith(b"%PDF")
    notice = w.findChild(savefiles.SavedNotice, "savedNotice")
    assert notice.isVisible() and str(out) in notice.label.text()


def test_printing_to_a_file_is_named_after_the_case_in_the_last_folder(library, make_window, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from lornplayer.ui.dialogs import configure_printer

    w = make_window(library, start=True)
    printer = QPrinter()
    configure_printer(printer, w.case, tmp_path)
    assert printer.outputFileName().startswith(str(tmp_path / w.case.id))
    assert printer.outputFileName().endswith(".pdf") and "print.pdf" not in printer.outputFileName()
    assert printer.docName().startswith(w.case.id)


def test_a_picture_renamed_mp3_is_reported_and_not_attached(library, tmp_path):
    from lornplayer.importer import import_paths as run_import

    fake = tmp_path / "C0557-extra.mp3"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048)
    before = [a.path for a in library.audio_for("C0557")]
    report = run_import(library, [fake])
    assert [p.path for p in report.problems] == [str(fake)]
    assert "not an audio file" in report.problems[0].reason
    assert [a.path for a in library.audio_for("C0557")] == before  # the case still plays its real audio


def test_background_work_is_labelled_at_once_and_can_be_cancelled(library, make_window, qtbot):
    import threading

    from lornplayer.errors import Cancelled

    w = make_window(library, start=True)
    qtbot.waitUntil(lambda: not w.tasks.tasks, timeout=20000)  # the start-up indexing is done
    started, stop = threading.Event(), threading.Event()

    def work(task, _report):
        started.set()
        while not task.cancelled and not stop.is_set():
            stop.wait(0.01)
        if task.cancelled:
            raise Cancelled()

    task = w.tasks.run("test", "Reading the moon", work)
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert w.tasks.label.isVisible() and w.tasks.label.text() == "Reading the moon"  # before any percentage
    assert w.tasks.cancel_button.isVisible()
    qtbot.mouseClick(w.tasks.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.tasks.label.isVisible(), timeout=5000)
    assert task.cancelled
    stop.set()


def test_the_case_pane_shows_the_same_listening_figures_as_the_list(library, make_window, qtbot):
    w = make_window(library, start=False)
    w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.player.play()
    qtbot.waitUntil(lambda: w.player.position() > 2.5, timeout=10000)
    w.save_progress()
    first = w.case_view.listened()
    assert first and "%" in first
    qtbot.waitUntil(lambda: w.player.position() > 5.0, timeout=10000)
    w.player.pause()
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=3000)
    row = w.model.row_for("C0557")
    shown = w.case_view.listened()
    assert shown != first
    assert f"{round(row.listened_fraction * 100)} %" in shown  # what the list says too
    assert shown in w.case_view.toPlainText()


@pytest.mark.parametrize("size", [(1280, 800), (900, 600)])
def test_filters_and_titles_are_not_cut_at_common_window_sizes(library, make_window, qtbot, size):
    from PySide6.QtGui import QFontMetrics

    w = make_window(library, start=True)
    w.resize(*size)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == size, timeout=3000)
    QApplication.processEvents()
    lp = w.library_panel
    for box in (lp.theme_box, lp.perspective_box, lp.organisation_box, lp.state_box):
        text = box.currentText()
        assert QFontMetrics(box.font()).horizontalAdvance(text) + 24 <= box.width(), (text, box.width())
    table = w.table
    shown = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
    assert 1 in shown and table.columnWidth(1) >= 100  # the title keeps room to be read
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width() + 1  # no sideways scrolling


def test_tab_visits_library_transcript_side_panel_and_player_bar_in_that_order(library, make_window, qtbot):
    w = make_window(library, start=True)
    regions = {
        "library": w.library_panel,
        "transcript": w.transcript_panel,
        "side": w.side_tabs,
        "player": w.player_bar,
    }

    def region(widget):
        for name, root in regions.items():
            if widget is root or root.isAncestorOf(widget):
                return name
        return None

    w.table.setFocus()
    qtbot.waitUntil(w.table.hasFocus)
    order = ["library"]
    for _ in range(60):
        press(qtbot, w, Qt.Key.Key_Tab)
        name = region(QApplication.focusWidget())
        if name and name != order[-1]:
            order.append(name)
        if len(order) >= 5:
            break
    assert order[:5] == ["library", "transcript", "side", "player", "library"], order


def test_the_side_panel_shows_every_tab_name_at_1280x800(library, make_window, qtbot):
    w = make_window(library, start=True)
    w.resize(1280, 800)
    qtbot.waitUntil(lambda: w.width() == 1280, timeout=3000)
    QApplication.processEvents()
    bar = w.side_tabs.tabBar()
    assert sum(bar.tabSizeHint(i).width() for i in range(bar.count())) <= w.side_tabs.width()
