"""Logging: the log file and where it lives, console levels, rotation, uncaught exceptions and the crash dialog."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

import platformdirs
import pytest

from lornplayer import log, paths


@pytest.fixture
def logging_setup(tmp_path, monkeypatch):
    monkeypatch.setenv("LORNPLAYER_LOG_DIR", str(tmp_path / "logs"))
    yield tmp_path / "logs" / log.LOG_NAME
    log.shutdown()


def test_log_dir_follows_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("LORNPLAYER_LOG_DIR", str(tmp_path / "here"))
    assert paths.log_dir() == tmp_path / "here"
    monkeypatch.delenv("LORNPLAYER_LOG_DIR")
    assert paths.log_dir() == paths.data_dir() / "log"  # the tests override the data dir
    monkeypatch.delenv("LORNPLAYER_DATA_DIR")
    assert str(paths.log_dir()) == platformdirs.user_log_dir("lornplayer", appauthor=False)


def test_file_gets_info_console_gets_warnings(logging_setup, capsys):
    assert log.setup() == logging_setup
    logger = logging.getLogger("lornplayer.something")
    logger.debug("a debug line")
    logger.info("an info line")
    logger.warning("a warning line")
    text = logging_setup.read_text(encoding="utf-8")
    assert "an info line" in text and "a warning line" in text and "a debug line" not in text
    assert "lornplayer.something" in text
    err = capsys.readouterr().err
    assert "a warning line" in err and "an info line" not in err
    assert not log.is_verbose()


def test_verbose_shows_debug_everywhere(logging_setup, capsys):
    log.setup(verbose=True)
    logging.getLogger("lornplayer.x").debug("details ø")
    assert "details ø" in capsys.readouterr().err
    assert "details ø" in logging_setup.read_text(encoding="utf-8")
    assert log.is_verbose()


def test_setup_again_replaces_its_handlers(logging_setup, capsys):
    log.setup()
    log.setup()
    logging.getLogger("lornplayer").warning("once")
    assert capsys.readouterr().err.count("once") == 1
    assert logging_setup.read_text(encoding="utf-8").count("once") == 1


def test_the_log_file_rotates(logging_setup, monkeypatch):
    monkeypatch.setattr(log, "MAX_BYTES", 2000)
    log.setup(console=False)
    for i in range(200):
        logging.getLogger("lornplayer").info("line %d %s", i, "x" * 50)
    rotated = sorted(p.name for p in logging_setup.parent.iterdir())
    assert rotated == [log.LOG_NAME, *(f"{log.LOG_NAME}.{n}" for n in range(1, log.BACKUPS + 1))]
    assert all(p.stat().st_size <= 2200 for p in logging_setup.parent.iterdir())


def test_unwritable_log_folder_is_not_fatal(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LORNPLAYER_LOG_DIR", str(blocker / "logs"))
    try:
        assert log.setup() is None
        assert log.log_file() is None
        assert "no log file" in capsys.readouterr().err
    finally:
        log.shutdown()


CRASH_SCRIPT = """
from lornplayer import log
log.setup()
def broken():
    raise ValueError("the answer is not 42")
broken()
"""


def test_an_uncaught_exception_is_logged_with_its_traceback(tmp_path):
    env = dict(os.environ, LORNPLAYER_LOG_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", CRASH_SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "ValueError: the answer is not 42" in run.stderr  # still visible in the terminal
    text = (tmp_path / log.LOG_NAME).read_text(encoding="utf-8")
    assert "uncaught exception" in text and "in broken" in text and "ValueError: the answer is not 42" in text


def test_exceptions_in_threads_reach_the_crash_listeners(logging_setup, capsys):
    log.setup()
    seen = []
    unsubscribe = log.on_crash(lambda summary, path: seen.append((summary, path)))
    try:
        thread = threading.Thread(target=lambda: 1 / 0, name="worker-7")
        thread.start()
        thread.join()
    finally:
        unsubscribe()
    assert seen == [("ZeroDivisionError: division by zero", logging_setup)]
    text = logging_setup.read_text(encoding="utf-8")
    assert "uncaught exception in thread worker-7" in text and "ZeroDivisionError" in text


def test_crash_dialog_names_the_log_file(qtbot, logging_setup):
    from PySide6.QtWidgets import QWidget

    from lornplayer.ui.crash import CrashDialogs

    log.setup(console=False)
    window = QWidget()
    qtbot.addWidget(window)
    dialogs = CrashDialogs(window)
    for _ in range(2):  # from a worker thread, twice: one message box
        thread = threading.Thread(target=lambda: log.report_exception(*_exc_info(RuntimeError("disk on fire"))))
        thread.start()
        thread.join()
    qtbot.waitUntil(lambda: dialogs.current_box() is not None and dialogs.current_box().isVisible())
    box = dialogs.current_box()
    assert "RuntimeError: disk on fire" in box.informativeText()
    assert str(logging_setup) in box.informativeText()
    assert [w for w in window.findChildren(type(box)) if w.isVisible()] == [box]
    box.close()
    qtbot.waitUntil(lambda: dialogs.current_box() is None)
    dialogs.uninstall()


def _exc_info(exc: BaseException):
    return type(exc), exc, exc.__traceback__


def test_cli_verbose_and_the_log_file_under_the_data_dir(tmp_path, monkeypatch, capsys):
    from lornplayer import cli

    monkeypatch.delenv("LORNPLAYER_LOG_DIR")
    data = tmp_path / "lib"
    assert cli.main(["search", "anything", "--data-dir", str(data)]) == 0
    quiet = capsys.readouterr().err
    assert "DEBUG" not in quiet
    log_file = data / "log" / log.LOG_NAME
    assert log.log_file() == log_file
    assert cli.main(["--verbose", "search", "anything", "--data-dir", str(data)]) == 0
    assert "lornplayer: DEBUG: lornplayer " in capsys.readouterr().err  # the start-up line, with versions
    assert cli.main(["search", "-v", "anything", "--data-dir", str(data)]) == 0
    assert "DEBUG" in capsys.readouterr().err
    assert "DEBUG" in log_file.read_text(encoding="utf-8")


SLOT_SCRIPT = """
from lornplayer import log
log.setup()
from PySide6.QtCore import QTimer
from lornplayer.qt.application import ensure_app
app = ensure_app(gui=True)
seen = []
log.on_crash(lambda summary, path: seen.append(summary))
QTimer.singleShot(0, lambda: 1 / 0)
QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
app.exec()
print("SEEN", seen)
"""


def test_an_exception_in_a_qt_slot_is_logged_and_the_app_goes_on(tmp_path):
    env = dict(os.environ, LORNPLAYER_LOG_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", SLOT_SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "SEEN ['ZeroDivisionError: division by zero']" in run.stdout
    assert "ZeroDivisionError" in (tmp_path / log.LOG_NAME).read_text(encoding="utf-8")
