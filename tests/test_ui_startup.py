"""Start-up: the garbage collector is held off while the app's modules load, and always let go."""

from __future__ import annotations

import gc

from lornplayer.ui import app as ui_app


def test_the_collector_runs_again_when_the_start_gives_up(qtbot, monkeypatch):
    from lornplayer.ui import safety

    seen = []

    def no_library(**_kwargs):
        seen.append(gc.isenabled())  # while starting: held off
        return None  # e.g. the user declined to recover a missing library

    monkeypatch.setattr(safety, "open_library", no_library)
    assert ui_app.run() == 1
    assert seen == [False]
    assert gc.isenabled()


def test_the_start_settles_the_heap_once_the_modules_are_in_and_again_once_started(qtbot, monkeypatch):
    from PySide6.QtCore import QTimer

    from lornplayer import heap
    from lornplayer.ui import mainwindow

    calls = []
    monkeypatch.setattr(heap, "settle", lambda: calls.append(gc.isenabled()))

    def start(window, case_id=None):
        window.started.emit()
        QTimer.singleShot(0, window.close)  # and the user closes it at once

    monkeypatch.setattr(mainwindow.MainWindow, "start", start)
    assert ui_app.run() == 0
    assert calls == [False, False]  # before the window (collection held off), then when it has started
    assert gc.isenabled()
