"""What the transcript pane repaints while following: only what changed, and what is on screen stays right.

The offscreen platform keeps a real backing store (scrolls blit, paint events carry the exposed
region), so these tests see the regions Qt is asked to repaint and the pixels it keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QCursor, QImage, QRegion
from PySide6.QtWidgets import QAbstractSlider, QApplication

from lornplayer.model import Turn
from lornplayer.timing import build_timing

WORDS = [
    "kommune",
    "samarbeid",
    "teknologi",
    "læring",
    "data",
    "Øyvind",
    "café",
    "innbyggere",
    "strategi",
    "og",
    "i",
    "på",
    "det",
    "er",
]


def make_turns(n: int, words) -> list[Turn]:
    speakers = ("Silvija Seres", "Øyvind Laderud")
    return [
        Turn(speakers[i % 2], f"Turn {i}. " + " ".join(WORDS[(i + k) % len(WORDS)] for k in range(w)))
        for i, w in zip(range(n), words)
    ]


class _Regions(QObject):
    """The regions painted in a widget."""

    def __init__(self, widget):
        super().__init__()
        self.painted: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(QRegion(event.region()))
        return False

    def union(self) -> QRegion:
        out = QRegion()
        for region in self.painted:
            out = out.united(region)
        return out


@pytest.fixture
def view(transcript_view):
    return transcript_view


def _settle(view, qtbot) -> None:
    qtbot.waitUntil(lambda: not view._scroll_anim.is_running())
    for _ in range(3):
        QApplication.processEvents()


def _row_rect(view, row: int) -> QRect:
    lst = view.list_view()
    return lst.visualRect(lst.model().index(row))


def _on_screen(view) -> QImage:
    """The list's viewport as the backing store holds it (what the user sees)."""
    vp = view.list_view().viewport()
    at = vp.mapTo(view.window(), QPoint(0, 0))
    shot = view.screen().grabWindow(view.window().winId()).toImage()
    return shot.copy(at.x(), at.y(), vp.width(), vp.height()).convertToFormat(QImage.Format.Format_RGB32)


def _fresh(view) -> QImage:
    """The same viewport painted anew, whole."""
    return view.list_view().viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _accent_at(view, image: QImage, row: int) -> bool:
    rect = _row_rect(view, row)
    y = min(max(rect.center().y(), 0), image.height() - 1)
    return QColor(image.pixel(1, y)) == view._colors.accent


def _following_from_the_top(view, qtbot, turns: int):
    """*turns* turns of uneven length, 10 s apart, followed from the first: (viewport height, scroll bar)."""
    view.set_transcript(make_turns(turns, [20, 60, 8, 90] * (turns // 4)), [i * 10.0 for i in range(turns)])
    view.set_position(1.0)
    _settle(view, qtbot)
    return view.list_view().viewport().height(), view.list_view().verticalScrollBar()


def _shows_only(view, row: int) -> None:
    """Incremental paints (blits and exposed strips) left exactly what a whole repaint shows, with
    the current turn's accent on *row* and none on the turn before."""
    image = _on_screen(view)
    assert image == _fresh(view)
    assert _accent_at(view, image, row) and not _accent_at(view, image, row - 1)


def test_a_turn_change_in_view_repaints_the_two_turns_only(view, qtbot):
    view.set_transcript(make_turns(8, [6] * 8), [i * 10.0 for i in range(8)])
    view.set_position(1.0)
    _settle(view, qtbot)
    assert all(_row_rect(view, r).bottom() < view.list_view().viewport().height() for r in range(5))
    regions = _Regions(view.list_view().viewport())
    painted = view._delegate.paint_count
    view.set_position(31.0)  # turn 0 -> turn 3: both in view, no scroll
    qtbot.waitUntil(lambda: view._delegate.paint_count > painted)
    QApplication.processEvents()
    assert view.current_turn() == 3
    allowed = QRegion(_row_rect(view, 0)).united(_row_rect(view, 3))
    assert regions.union().subtracted(allowed).isEmpty()
    # The rows between them lie in the region's bounding rectangle but are not painted.
    assert view._delegate.paint_count - painted == 2
    image = _on_screen(view)
    assert _accent_at(view, image, 3) and not _accent_at(view, image, 0)


def test_following_scroll_paints_the_new_turn_once_and_the_screen_is_right(view, qtbot):
    view.set_transcript(make_turns(40, [20, 60, 8, 90] * 10), [i * 10.0 for i in range(40)])
    view.set_position(1.0)
    _settle(view, qtbot)
    height = view.list_view().viewport().height()
    far = next(r for r in range(40) if _row_rect(view, r).top() > height)  # below the view
    regions = _Regions(view.list_view().viewport())
    view.set_position(far * 10.0 + 1)
    assert view._scroll_anim.is_running()
    _settle(view, qtbot)
    assert view.current_turn() == far and 0 <= _row_rect(view, far).top() < height / 3
    # Each pixel row was painted about once: the scroll's strips, not the whole view per frame.
    assert sum(r.height() for region in regions.painted for r in region) < 1.4 * height
    _shows_only(view, far)


def test_a_scroll_under_a_resting_pointer_repaints_only_what_it_exposes(view, qtbot):
    view.set_transcript(make_turns(40, [30] * 40), [i * 10.0 for i in range(40)])
    view.set_following(False)
    lst = view.list_view()
    QCursor.setPos(lst.viewport().mapToGlobal(lst.viewport().rect().center()))
    _settle(view, qtbot)
    regions = _Regions(lst.viewport())
    lst.verticalScrollBar().setValue(lst.verticalScrollBar().value() + 60)
    qtbot.waitUntil(lambda: bool(regions.painted))
    QApplication.processEvents()
    height = lst.viewport().height()
    exposed = QRegion(QRect(0, height - 60, lst.viewport().width(), 60))
    assert regions.union().subtracted(exposed).isEmpty()  # not the rows the pointer left and entered
    assert _on_screen(view) == _fresh(view)


TURNS = [
    Turn("Silvija Seres", "Hei og velkommen til LØRN. I dag snakker vi om byer. Og om kommuner. " * 3),
    Turn("Kari Nordmann", "Takk for det. Jeg jobber med digitalisering og samarbeid på tvers av byer."),
]


@pytest.mark.parametrize("presentation", [False, True])
def test_a_sentence_change_repaints_the_lines_of_the_two_sentences(view, qtbot, presentation):
    text = TURNS[0].text
    ends = [i + 1 for i, ch in enumerate(text) if ch == "."]
    rows, start = [], 0
    for k, end in enumerate(ends):
        rows.append([0, start, end, 1.0 + k, 1.9 + k, 0.9, 1])
        start = end + 1
    rows.append([1, 0, 13, 20.0, 21.0, 0.9, 1])
    timing = build_timing(TURNS, 30.0, aligned=[1.0, 20.0], aligned_sentences=rows)
    view.set_presentation(presentation)
    view.resize(600, 900)
    view.set_transcript(TURNS, timing.starts, timing.sentences)
    view.set_position(1.5)
    _settle(view, qtbot)
    regions = _Regions(view.list_view().viewport())
    view.set_position(6.5)  # sentence 0 -> sentence 5, lines apart
    assert view.current_sentence() == 5
    qtbot.waitUntil(lambda: bool(regions.painted))
    QApplication.processEvents()
    row = _row_rect(view, 0)
    painted = regions.union().boundingRect()
    assert painted.height() < row.height() * 0.8 and row.contains(painted)
    assert _on_screen(view) == _fresh(view)


def test_a_later_following_scroll_moves_only_forward_and_paints_its_strips_once(view, qtbot):
    height, bar = _following_from_the_top(view, qtbot, 60)
    for _ in range(2):  # a first scroll leaves the animation stopped at its end; the second starts from there
        below = next(r for r in range(60) if _row_rect(view, r).top() > height)
        values: list[int] = []
        bar.valueChanged.connect(values.append)
        regions = _Regions(view.list_view().viewport())
        start = bar.value()
        view.set_position(below * 10.0 + 1)
        _settle(view, qtbot)
        bar.valueChanged.disconnect(values.append)
        assert view.current_turn() == below and 0 <= _row_rect(view, below).top() < height / 3
        # Straight from where it was to where it goes: no jump to the end and back first, which
        # would repaint the whole distance once more.
        assert values and values == sorted(values) and start < values[0] and values[-1] == bar.value()
        assert sum(r.height() for region in regions.painted for r in region) < 1.4 * height
    _shows_only(view, below)


def test_the_current_turn_background_is_the_highlight_over_the_base(view, qtbot):
    view.set_transcript(make_turns(4, [6] * 4), [i * 10.0 for i in range(4)])
    view.set_position(11.0)
    _settle(view, qtbot)
    pal = view.palette()
    base, light = pal.color(pal.ColorRole.Base), pal.color(pal.ColorRole.Highlight)
    alpha = 0.28 if base.lightnessF() < 0.5 else 0.16
    image = _fresh(view)
    x = image.width() - 3  # right of the text, inside the turn
    current = QColor(image.pixel(x, _row_rect(view, 1).bottom() - 2))
    other = QColor(image.pixel(x, _row_rect(view, 0).bottom() - 2))
    expect = [alpha * h + (1 - alpha) * b for h, b in zip(light.getRgb()[:3], base.getRgb()[:3])]
    assert all(abs(g - e) <= 2 for g, e in zip(current.getRgb()[:3], expect))
    assert other.getRgb()[:3] == base.getRgb()[:3]
    assert view._colors.current.alpha() == 255  # one opaque fill, no per-pixel blending


def test_a_following_scroll_eases_to_its_target_in_a_few_frames(view, qtbot):
    from lornplayer.ui.transcript_parts import SCROLL_MS

    height, bar = _following_from_the_top(view, qtbot, 40)
    below = next(r for r in range(40) if _row_rect(view, r).top() > height)
    values: list[int] = []
    bar.valueChanged.connect(values.append)
    start = bar.value()
    view.set_position(below * 10.0 + 1)
    assert values == []  # the first frame comes from the event loop, not from set_position
    with qtbot.waitSignal(bar.valueChanged, timeout=SCROLL_MS * 5):
        pass
    _settle(view, qtbot)
    end = bar.value()
    assert end > start + height / 2
    assert 3 <= len(values) <= view._scroll_anim.FRAMES + 1 and values[-1] == end
    # Ease-out: forward only; the first two frames (16 ms and ~75 ms in) cover most of the way, the steps then shrink.
    steps = [b - a for a, b in zip([start, *values], values)]
    assert all(s > 0 for s in steps) and steps[1:] == sorted(steps[1:], reverse=True)
    assert steps[0] + steps[1] > (end - start) / 2


def test_a_scroll_stopped_by_the_user_still_repaints_the_new_turn(view, qtbot):
    view.set_transcript(make_turns(40, [20, 60, 8, 90] * 10), [i * 10.0 for i in range(40)])
    view.set_position(1.0)
    _settle(view, qtbot)
    height = view.list_view().viewport().height()
    below = next(r for r in range(40) if _row_rect(view, r).top() > height)
    view.set_position(below * 10.0 + 1)  # a following scroll starts; the repaint waits for its first frame
    assert view._scroll_anim.is_running()
    view.list_view().verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
    assert not view.is_following() and not view._scroll_anim.is_running()
    view.scroll_to_turn(below)  # bring it into view by hand
    for _ in range(3):
        QApplication.processEvents()
    image = _on_screen(view)
    assert image == _fresh(view)
    assert _accent_at(view, image, below) and not _accent_at(view, image, 0)
