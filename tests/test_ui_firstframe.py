"""AfterFirstFrame: start-up work waits for the window's first paint (or a fallback when none comes)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lornplayer.ui.firstframe import AfterFirstFrame


def test_runs_once_after_the_first_paint(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    AfterFirstFrame(widget, lambda: calls.append(widget.isVisible()))
    assert calls == []
    widget.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    widget.update()
    qtbot.waitExposed(widget)
    assert calls == [True]


def test_a_widget_never_shown_gets_the_fallback(qtbot, monkeypatch):
    monkeypatch.setattr(AfterFirstFrame, "FALLBACK_MS", 10)
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    AfterFirstFrame(widget, lambda: calls.append(1))
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)
