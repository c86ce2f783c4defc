"""The transcript pane's sentences: calm highlight of the sentence being spoken, click to seek, uncertain marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from lornplayer.model import Turn
from lornplayer.timing import build_timing

TURNS = [
    Turn("Silvija Seres", "Hei og velkommen til LØRN. I dag snakker vi om byer. Og om kommuner."),
    Turn("Kari Nordmann", "Takk for det. Jeg jobber med digitalisering og samarbeid på tvers av byer."),
]
ROWS = [
    [0, 0, 26, 1.0, 4.0, 0.9, 1],
    [0, 27, 52, 4.5, 7.0, 0.8, 1],
    [0, 53, 68, 8.0, 9.0, 0.1, 0],
    [1, 0, 13, 10.0, 11.0, 0.9, 1],
    [1, 14, 75, 11.5, 16.0, 0.9, 1],
]


@pytest.fixture
def view(transcript_view):
    v = transcript_view
    timing = build_timing(TURNS, 20.0, aligned=[1.0, 10.0], aligned_sentences=ROWS)
    v.set_transcript(TURNS, timing.starts, timing.sentences)
    return v


def test_the_sentence_being_spoken_is_followed_and_repainted_only_when_it_changes(view, qtbot):
    seen = []
    view.currentSentenceChanged.connect(lambda turn, sentence: seen.append((turn, sentence)))
    view.set_position(1.5)
    QApplication.processEvents()
    painted = view._delegate.paint_count
    for t in (1.6, 2.0, 3.0, 4.4):  # still the first sentence: nothing to repaint
        view.set_position(t)
    QApplication.processEvents()
    assert view._delegate.paint_count == painted
    view.set_position(4.6)
    view.set_position(8.5)
    view.set_position(10.5)
    view.set_position(12.0)
    assert seen == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)]
    assert (view.current_turn(), view.current_sentence()) == (1, 1)
    backgrounds = [r for r in view._selections(1) if r.format.background().style() != Qt.BrushStyle.NoBrush]
    assert [(r.start, r.length) for r in backgrounds] == [(14, len(TURNS[1].text) - 14)]


def _point_in_sentence(view, row: int, offset: int) -> QPointF:
    layout, _h = view._delegate.layout(row)
    line = layout.lineForTextPosition(offset)
    x = line.cursorToX(offset)[0] + 3
    from PySide6.QtCore import QRectF

    origin = view._delegate.text_origin(QRectF(view.list_view().visualRect(view.list_view().model().index(row))))
    return origin + QPointF(x, line.y() + line.height() / 2)


def test_clicking_a_later_sentence_seeks_to_it_and_the_first_to_the_turn(view, qtbot):
    lst = view.list_view()
    with qtbot.waitSignal(view.seekRequested) as blocker:
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=_point_in_sentence(view, 0, 30).toPoint())
    assert blocker.args == [4.5]
    with qtbot.waitSignal(view.turnActivated) as blocker:
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=_point_in_sentence(view, 1, 2).toPoint())
    assert blocker.args == [1]


def test_interpolated_sentences_of_an_alignment_are_marked_quietly(view):
    underlined = [
        (r.start, r.length)
        for r in view._selections(0)
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    ]
    assert underlined == [(53, 15)]
    # An estimate (no alignment) marks nothing: every sentence is equally estimated there.
    estimate = build_timing(TURNS, 20.0)
    view.set_starts(estimate.starts, estimate.sentences)
    view.set_position(estimate.sentences_of(0)[1].start + 0.1)
    assert view.current_sentence() == 1
    # ... and no sentence is highlighted: text-length times are too rough for that.
    assert view._selections(0) == []


def test_an_uncertain_sentence_explains_itself_in_a_tooltip_and_the_rest_show_the_turn(view, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    viewport = view.list_view().viewport()

    def tip_at(point: QPointF) -> str:
        QToolTip.hideText()
        pos = point.toPoint()
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
        return QToolTip.text()

    assert "uncertain" in tip_at(_point_in_sentence(view, 0, 55))  # the interpolated sentence
    turn_tip = tip_at(_point_in_sentence(view, 0, 30))  # an aligned one: the turn's own tooltip
    assert "uncertain" not in turn_tip and "Silvija Seres" in turn_tip
    QToolTip.hideText()


def test_presentation_dims_the_rest_of_the_turn(view):
    view.set_presentation(True)
    view.set_position(5.0)
    ranges = view._selections(0)
    assert any(r.start == 27 and r.format.background().style() != Qt.BrushStyle.NoBrush for r in ranges)
    assert {r.start for r in ranges if r.format.hasProperty(QTextCharFormat.Property.ForegroundBrush)} == {0, 53}


def test_window_search_hit_opens_at_the_sentence_and_s_pins_the_sentence(tmp_path, case_folder, make_window_lib, qtbot):
    w, library = make_window_lib
    assert w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    turn = next(i for i, spans in enumerate(w.timing.sentences) if i > 0 and len(spans) >= 2)
    second = w.timing.sentences_of(turn)[1]
    word = max(w.case.turns[turn].text[second.first : second.last].split(), key=len).strip(".,!?«»")
    w.open_hit("C0557", turn, None, [word])
    qtbot.waitUntil(lambda: abs(w.player.position() - second.start) < 0.3, timeout=5000)
    assert (w.transcript.current_turn(), w.transcript.current_sentence()) == (turn, 1)
    # S while the second sentence is highlighted: that sentence starts now, the turn before it.
    w.player.seek(second.start + 1.0)
    qtbot.waitUntil(lambda: abs(w.player.position() - second.start - 1.0) < 0.2, timeout=5000)
    w.transcript.set_position(w.player.position())
    assert w.transcript.current_sentence() == 1
    lead = second.start - w.timing.starts[turn]
    w.anchor_current_turn()
    assert library.anchors("C0557")[turn] == pytest.approx(w.player.position() - lead, abs=0.05)


@pytest.fixture
def make_window_lib(tmp_path, case_folder, qtbot):
    from lornplayer.importer import import_paths
    from lornplayer.store import Library
    from lornplayer.ui.mainwindow import MainWindow

    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [case_folder("C0557.txt", "C0557.opus")])
    w = MainWindow(lib)
    qtbot.addWidget(w)
    w.show()
    yield w, lib
    w.shutdown()
    lib.close()
