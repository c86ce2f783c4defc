"""TranscriptView and FindBar: following, clicking, user scrolling, zoom, find, marks; end to end with the Player."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPalette, QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QApplication

from lornplayer.model import Turn
from lornplayer.ui.player import Player
from lornplayer.ui.transcript import FindBar, TranscriptView

WORDS = ("kommune samarbeid teknologi læring data Øyvind café innbyggere strategi og i på det er").split()


def make_turns(n: int, words: int = 60) -> list[Turn]:
    speakers = ["Silvija Seres", "Øyvind Laderud"]
    return [
        Turn(speakers[i % 2], f"Turn {i}. " + " ".join(WORDS[(i + k) % len(WORDS)] for k in range(words)))
        for i in range(n)
    ]


@pytest.fixture
def view(transcript_view):
    return transcript_view


def flush():
    QApplication.processEvents()


def visible(view: TranscriptView, row: int) -> bool:
    lst = view.list_view()
    return lst.viewport().rect().intersects(lst.visualRect(lst.model().index(row)))


def test_current_turn_changes_exactly_at_starts(view, qtbot):
    view.set_transcript(make_turns(4, 10), [0.0, 10.0, 20.0, 30.0])
    seen = []
    view.currentTurnChanged.connect(seen.append)
    for t in (0.0, 5.0, 9.999, 10.0, 19.99, 20.0, 20.5, 30.0, 500.0):
        view.set_position(t)
    assert seen == [0, 1, 2, 3]
    assert view.current_turn() == 3
    view.set_position(2.0)
    assert seen[-1] == 0 and view.turn_change_count == 5


def test_before_first_start_no_turn_is_current(view):
    view.set_transcript(make_turns(3, 5), [4.0, 8.0, 12.0])
    view.set_position(1.0)
    assert view.current_turn() == -1
    view.set_position(4.0)
    assert view.current_turn() == 0


def test_positions_within_a_turn_do_not_repaint(view, qtbot):
    view.set_transcript(make_turns(6, 20), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0])
    view.set_position(11.0)
    qtbot.waitUntil(lambda: not view._scroll_anim.is_running())
    flush()
    delegate = view.list_view().itemDelegate()
    painted, changes = delegate.paint_count, view.turn_change_count
    with qtbot.assertNotEmitted(view.currentTurnChanged):
        for i in range(100):
            view.set_position(11.0 + i * 0.08)
            flush()
    assert delegate.paint_count == painted
    assert view.turn_change_count == changes
    view.set_position(21.0)
    qtbot.waitUntil(lambda: delegate.paint_count > painted)
    assert view.turn_change_count == changes + 1


def test_clicking_a_turn_activates_it(view, qtbot):
    view.set_transcript(make_turns(5, 8), [0.0, 1.0, 2.0, 3.0, 4.0])
    lst = view.list_view()
    rect = lst.visualRect(lst.model().index(2))
    assert rect.isValid()
    with qtbot.waitSignal(view.turnActivated) as blocker:
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2]


def test_user_scroll_pauses_following_and_button_resumes(view, qtbot):
    view.set_transcript(make_turns(40), [i * 10.0 for i in range(40)])
    view.set_position(5.0)
    assert view.is_following() and not view.follow_button.isVisible()
    bar = view.list_view().verticalScrollBar()
    with qtbot.waitSignal(view.followingChanged) as blocker:
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    assert blocker.args == [False]
    assert not view.is_following() and view.follow_button.isVisible()
    viewport = view.list_view().viewport()
    text_area = QRect(viewport.mapTo(view, QPoint(0, 0)), viewport.size())
    assert not text_area.intersects(view.follow_button.geometry())  # the pill never covers text
    # Playback goes on, the view stays where the user put it.
    scrolled_to = bar.value()
    view.set_position(205.0)
    assert view.current_turn() == 20
    flush()
    assert bar.value() == scrolled_to
    with qtbot.waitSignal(view.followingChanged) as blocker:
        qtbot.mouseClick(view.follow_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    assert not view.follow_button.isVisible()
    qtbot.waitUntil(lambda: visible(view, 20))


def test_wheel_and_keys_pause_following(view, qtbot):
    view.set_transcript(make_turns(40), [i * 10.0 for i in range(40)])
    lst = view.list_view()
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(lst.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(lst.viewport(), wheel)
    assert not view.is_following()
    view.set_following(True)
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_PageDown)
    assert not view.is_following()


def test_following_scrolls_without_pausing(view, qtbot):
    view.set_transcript(make_turns(40), [i * 10.0 for i in range(40)])
    with qtbot.assertNotEmitted(view.followingChanged):
        for turn in (3, 12, 30, 39):
            view.set_position(turn * 10.0 + 1)
            qtbot.waitUntil(lambda: visible(view, turn))
    assert view.is_following()
    lst = view.list_view()
    rect = lst.visualRect(lst.model().index(39))
    assert rect.top() < lst.viewport().height()


def test_scroll_to_turn_and_resize_keep_turn_visible(view, qtbot):
    view.set_transcript(make_turns(40), [i * 10.0 for i in range(40)])
    view.scroll_to_turn(25)
    assert visible(view, 25)
    lst = view.list_view()
    top = lst.visualRect(lst.model().index(25)).top()
    assert 0 <= top < lst.viewport().height() / 3


def test_zoom(view, qtbot):
    view.set_transcript(make_turns(3), [0.0, 1.0, 2.0])
    lst = view.list_view()
    size = view.font_size()
    height = lst.visualRect(lst.model().index(0)).height()
    with qtbot.waitSignal(view.fontSizeChanged):
        view.zoom_in()
    assert view.font_size() > size
    lst.doItemsLayout()
    assert lst.visualRect(lst.model().index(0)).height() > height
    view.zoom_out()
    assert view.font_size() == size
    view.set_font_size(1000)
    assert view.font_size() == int(view.max_font_size() * 10) / 10 <= 160  # what still fits a readable line
    view.set_font_size(12)
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(50, 50),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(lst.viewport(), wheel)
    assert view.font_size() > 12
    assert view.is_following()  # zooming is not scrolling
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font_size() == 12


def test_find_counts_and_steps(view, qtbot):
    turns = [Turn("A", "Café og kaffe. CAFE!"), Turn("B", "ingen treff her"), Turn("A", "en cafe til")]
    view.set_transcript(turns, [0.0, 5.0, 10.0])
    with qtbot.waitSignal(view.findResultChanged) as blocker:
        assert view.find("cafe") == 3
    assert blocker.args == [0, 3]
    assert not view.is_following()
    assert view.find_next() == (0, 1)
    assert view.find_next() == (2, 2)
    assert view.find_next() == (0, 0)  # wraps
    assert view.find_previous() == (2, 2)
    assert view.find("  ") == 0
    assert view.find("zebra") == 0 and view.find_next() is None
    with qtbot.waitSignal(view.findResultChanged) as blocker:
        view.clear_find()
    assert blocker.args == [-1, 0]


def test_find_starts_from_current_turn(view):
    turns = [Turn("A", "data"), Turn("B", "x"), Turn("A", "data data")]
    view.set_transcript(turns, [0.0, 5.0, 10.0])
    view.set_position(6.0)
    view.find("data")
    assert view.find_next() == (2, 2)


def test_marks_are_word_prefixes_case_and_accent_insensitive(view):
    turns = [Turn("A", "Kommunen og KOMMUNE, ikke storkommune."), Turn("B", "Élève, eleven.")]
    view.set_transcript(turns, [0.0, 1.0])
    view.set_marks(None, ["kommune", "eleve"])
    text = turns[0].text
    assert [text[a:b] for a, b in view.marks()[0]] == ["Kommune", "KOMMUNE"]
    assert [turns[1].text[a:b] for a, b in view.marks()[1]] == ["Élève", "eleve"]
    view.set_marks(1, ["eleve"])
    assert list(view.marks()) == [1]
    view.set_marks(None, [])
    assert view.marks() == {}


def test_context_menu_actions(view, qtbot):
    view.set_transcript([Turn("A", "one <b>two</b>"), Turn("B", "three")], [0.0, 1.0])
    actions = {a.text(): a for a in view.turn_menu(1).actions() if a.text()}
    assert set(actions) == {
        "Play from here",
        "This turn starts now",
        "Copy text",
        "Add note here",
        "Quote from this turn…",
    }
    with qtbot.waitSignal(view.quoteRequested) as blocker:
        actions["Quote from this turn…"].trigger()
    assert blocker.args == [1]
    with qtbot.waitSignal(view.anchorRequested) as blocker:
        actions["This turn starts now"].trigger()
    assert blocker.args == [1]
    with qtbot.waitSignal(view.noteRequested) as blocker:
        actions["Add note here"].trigger()
    assert blocker.args == [1]
    with qtbot.waitSignal(view.turnActivated) as blocker:
        actions["Play from here"].trigger()
    assert blocker.args == [1]
    menu0 = view.turn_menu(0)
    next(a for a in menu0.actions() if a.text() == "Copy text").trigger()
    assert QGuiApplication.clipboard().text() == "one <b>two</b>"  # plain text, never HTML


def test_set_starts_retimes_current_turn(view, qtbot):
    view.set_transcript(make_turns(3, 5), [0.0, 10.0, 20.0])
    view.set_position(15.0)
    assert view.current_turn() == 1
    with qtbot.waitSignal(view.currentTurnChanged) as blocker:
        view.set_starts([0.0, 16.0, 20.0])
    assert blocker.args == [0]


def test_clear_shows_message_and_anchors_notes(view):
    view.clear("No transcript for this case")
    assert view.turn_count() == 0
    assert view.findChild(type(view._message), "transcriptMessage").text() == "No transcript for this case"
    assert view._stack.currentWidget() is view._message
    view.set_transcript(make_turns(3, 5), [0.0, 1.0, 2.0])
    assert view._stack.currentWidget() is view.list_view()
    view.set_anchored_turns({1})
    view.set_note_counts({2: 3, 0: 0})
    model = view.list_view().model()
    tip = model.data(model.index(1), Qt.ItemDataRole.ToolTipRole)
    assert "pinned" in tip
    assert "3 notes" in model.data(model.index(2), Qt.ItemDataRole.ToolTipRole)


def test_themes_and_presentation(view):
    view.set_theme("dark-contrast")
    assert view.palette().color(QPalette.ColorRole.Base).name() == "#000000"
    view.set_theme("light-contrast")
    assert view.palette().color(QPalette.ColorRole.Base).name() == "#ffffff"
    view.set_theme("default")
    with pytest.raises(ValueError):
        view.set_theme("pink")
    size = view.font_size()
    view.set_presentation(True)
    assert view.is_presentation() and view.font_size() > 2 * size
    view.set_presentation(False)
    assert view.font_size() == size


def test_large_transcript_is_laid_out_followed_and_searched(view, qtbot):
    """300 turns of 200 words (how fast: ``lornplayer.tools.bench_player`` prints it)."""
    turns = make_turns(300, 200)
    starts = [i * 8.0 for i in range(300)]
    view.set_transcript(turns, starts)
    view.list_view().doItemsLayout()
    assert not view.grab().isNull()
    seen = []
    view.currentTurnChanged.connect(seen.append)
    for i in range(3000):
        view.set_position(i * 0.8)
    assert view.current_turn() == 299
    assert seen == sorted(set(seen)) and seen[-1] == 299  # each turn once, in order
    assert view.find("kommune") > 300


def test_find_bar(view, qtbot):
    turns = [Turn("A", "data og Data"), Turn("B", "mer data")]
    view.set_transcript(turns, [0.0, 1.0])
    bar = FindBar(view)
    qtbot.addWidget(bar)
    bar.open()
    qtbot.keyClicks(bar.edit, "data")
    assert bar.count_label.text() == "1 of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 3"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 3"
    qtbot.keyClicks(bar.edit, "x")
    assert bar.count_label.text() == "No matches"
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.find_count() == 0


def test_follows_real_playback(view, qtbot, data_dir):
    """Player playing C9001.opus drives the highlight through the turns."""
    view.set_transcript(make_turns(4, 12), [0.0, 1.5, 3.0, 4.5])
    player = Player()
    try:
        seen = []
        view.currentTurnChanged.connect(seen.append)
        player.positionChanged.connect(view.set_position)
        player.loaded.connect(player.play)
        player.set_rate(2.0)
        player.load(data_dir / "C9001.opus")
        qtbot.waitUntil(lambda: view.current_turn() >= 2, timeout=8000)
        assert seen == sorted(set(seen)) and seen[-1] >= 2  # forward, one change per turn
        assert player.position() >= 3.0
    finally:
        player.shutdown()


def test_turn_text_and_speaker_lines_are_shaped_once_and_follow_the_text_size(view, qtbot):
    view.set_transcript(make_turns(3, 20), [0.0, 65.0, 130.0])
    view.set_note_counts({2: 3})
    lst = view.list_view()
    delegate = lst.itemDelegate()
    lst.viewport().grab()
    assert delegate.layout(0)[0].cacheEnabled()  # the shaped glyphs stay for the next repaint
    labels = dict(delegate._labels)
    texts = {text for text, _bold, _size in labels}
    assert {"Silvija Seres", "Øyvind Laderud", "1:05", "2:10", "3 notes"} <= texts
    lst.viewport().grab()
    assert all(delegate._labels[key][0] is layout for key, (layout, _w) in labels.items())  # reused, not redone
    size = view.font_size()
    with qtbot.waitSignal(view.fontSizeChanged):
        view.zoom_in()
    lst.viewport().grab()
    sizes = {s for _text, _bold, s in delegate._labels}
    assert sizes and not sizes & {s for _text, _bold, s in labels}  # laid out anew in the new size
    assert view.font_size() > size
