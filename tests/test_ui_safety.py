"""The app's side of data safety: the recovery offer, refused writes shown once, a read-only library in the UI."""

from __future__ import annotations

import errno
import os
import sys

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from lornplayer import paths, recovery
from lornplayer.model import Case, Note, Turn
from lornplayer.recovery import WriteRefused
from lornplayer.store import Library, StoreError
from lornplayer.ui import safety

QUESTION = "Hva tar du med deg?"


def _library_with_a_note() -> None:
    lib = Library.open()
    lib.upsert_case(
        Case(
            id="C0001",
            title="Tittel",
            reflection_questions=[QUESTION],
            turns=[Turn("Kari", "Hei."), Turn("Ola", "Hallo.")],
        )
    )
    lib.add_note(Note(None, "C0001", "må overleve", 1.0, 0))
    lib.close()
    path = paths.database_path()
    os.replace(path, path.with_name(path.name + ".corrupt-20260101-000000"))
    path.write_bytes(b"")


def _answer(monkeypatch, button_text: str) -> list[str]:
    asked = []

    def exec_(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_a_missing_library_is_recovered_when_the_user_says_so(qtbot, monkeypatch):
    _library_with_a_note()
    asked = _answer(monkeypatch, "Recover")
    lib = safety.open_library()
    try:
        assert "corrupt-20260101" in asked[0]
        assert [n.text for n in lib.notes()] == ["må overleve"]
        assert "recovered from" in lib.messages[0]
    finally:
        lib.close()


def test_or_an_empty_library_is_started_and_the_copy_kept(qtbot, monkeypatch):
    _library_with_a_note()
    _answer(monkeypatch, "Start an empty library")
    lib = safety.open_library()
    try:
        assert lib.count_cases() == 0
    finally:
        lib.close()
    assert list(paths.data_dir().glob("*.corrupt-20260101-000000"))


def test_a_refused_write_is_shown_once_then_in_the_status_bar(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored afterwards
    shown = []
    monkeypatch.setattr(safety, "message", lambda parent, title, text, *a: shown.append(text))
    window = QMainWindow()
    qtbot.addWidget(window)
    safety.install_refusal_handler(window)
    refused = WriteRefused(recovery.FULL, paths.data_dir())
    for _ in range(3):
        sys.excepthook(WriteRefused, refused, None)
    assert shown == [str(refused)]
    assert "disk is full" in window.statusBar().currentMessage()
    told = QMainWindow()  # a read-only library said so at start: only the status bar
    qtbot.addWidget(told)
    safety.install_refusal_handler(told, told=True)
    sys.excepthook(WriteRefused, refused, None)
    assert shown == [str(refused)] and "disk is full" in told.statusBar().currentMessage()
    damaged = StoreError("The library x is damaged (…). Run `lornplayer check --repair`")
    sys.excepthook(StoreError, damaged, None)
    sys.excepthook(StoreError, damaged, None)
    assert shown == [str(refused), str(damaged)]  # damage: one message saying what to do, no crash dialog


def test_refusals_from_a_worker_thread_reach_the_status_bar(qtbot, monkeypatch):
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    monkeypatch.setattr(safety, "message", lambda parent, title, text, *a: shown.append(text))
    lib = Library.open()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.library = lib
    try:
        safety.install_refusal_handler(window)
        refused = WriteRefused(recovery.FULL, paths.data_dir())
        worker = threading.Thread(target=lib.on_refused, args=(refused,))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "disk is full" in window.statusBar().currentMessage())
        assert shown == [str(refused)]
    finally:
        lib.close()


def test_a_read_only_library_reads_and_the_reflection_says_it_could_not_save(qtbot, monkeypatch):
    from lornplayer.ui.notes import ReflectionPanel

    lib = Library.open()
    lib.upsert_case(Case(id="C0001", title="Tittel", reflection_questions=[QUESTION], turns=[Turn("Kari", "Hei.")]))
    lib.set_answer("C0001", "reflection", QUESTION, "det første svaret")
    lib.close()
    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.EROFS, "Read-only file system"))
    lib = Library.open()
    try:
        assert lib.read_only
        panel = ReflectionPanel(lib)
        qtbot.addWidget(panel)
        panel.set_case(lib.get_case("C0001"))
        editor = panel.editor_for("reflection", QUESTION)
        assert editor.toPlainText() == "det første svaret"  # reading works
        editor.setPlainText("et nytt svar")
        with qtbot.waitSignal(panel.saveFailed, timeout=5000) as failed:
            panel.flush()
        assert "read-only" in failed.args[0]
        assert editor.toPlainText() == "et nytt svar"  # the text stays, to be saved later
    finally:
        lib.close()


def test_the_window_shows_a_read_only_library(qtbot, monkeypatch, data_dir):
    from lornplayer.importer import import_paths
    from lornplayer.ui.mainwindow import MainWindow

    lib = Library.open()
    lib.set_setting("align.automatic", False)
    import_paths(lib, [data_dir / "C9001.txt", data_dir / "C9001.opus"])
    lib.add_note(Note(None, "C9001", "et lagret notat", 1.0, 0))
    lib.close()
    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.EROFS, "Read-only file system"))
    lib = Library.open()
    w = MainWindow(lib)
    qtbot.addWidget(w)
    try:
        w.show()
        w.start(None)
        assert w.open_case("C9001")  # opening writes the last case: kept for the session, no error
        assert w.library.get_setting("last_case") == "C9001"
        assert "et lagret notat" in [n.text for n in w.library.notes("C9001")]
        assert w.shutdown()
    finally:
        w.shutdown()
        lib.close()


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
