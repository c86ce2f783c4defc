"""The pieces of the transcript view: text folding for find, colours and metrics, the turn model,
the delegate that paints turns (and the current sentence), the list."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QEasingCurve,
    QElapsedTimer,
    QEvent,
    QModelIndex,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QRegion,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from lornplayer.export import format_time
from lornplayer.model import Turn
from lornplayer.ui.findbar import FindBar  # noqa: F401 - also imported from here

if TYPE_CHECKING:
    from lornplayer.ui.transcript import TranscriptView


MIN_FONT_PT = 6.0
MAX_FONT_PT = 160.0
DEFAULT_FONT_PT = 12.0
PRESENTATION_FONT_PT = 32.0
THEMES = ("default", "light-contrast", "dark-contrast")
SCROLL_MS = 200
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus  # looked up once: a paint asks for them for every row
_ANTIALIASING = QPainter.RenderHint.Antialiasing


# ---------------------------------------------------------------- matching
@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Case- and accent-free form of one character (``É`` → ``e``, ``ß`` → ``ss``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).casefold()


@dataclass
class _Folded:
    text: str
    origin: list[int] | None  # original index of each folded char; None when one-to-one

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def _fold(text: str) -> _Folded:
    parts = [_fold_char(ch) for ch in text]
    folded = "".join(parts)
    if len(folded) == len(text):
        return _Folded(folded, None)
    origin = [i for i, part in enumerate(parts) for _ in part]
    return _Folded(folded, origin)


def _find_spans(folded: _Folded, term: str, word_start: bool) -> list[tuple[int, int]]:
    """Spans (in the original text) where the folded *term* occurs."""
    needle = "".join(_fold_char(ch) for ch in term)
    if not needle:
        return []
    spans, text, pos = [], folded.text, 0
    while (pos := text.find(needle, pos)) >= 0:
        if not word_start or pos == 0 or not text[pos - 1].isalnum():
            spans.append(folded.span(pos, pos + len(needle)))
        pos += len(needle)
    return spans


# ------------------------------------------------------------------- theme
@dataclass(frozen=True)
class _Colors:
    base: QColor
    text: QColor
    subtle: QColor
    current: QColor
    accent: QColor
    mark: QColor
    find: QColor
    find_current: QColor
    speakers: tuple[QColor, ...]


_SPEAKERS_ON_LIGHT = ("#1f5fa8", "#a34100", "#2e7d32", "#7b1fa2", "#00796b", "#ad1457")
_SPEAKERS_ON_DARK = ("#8ab4f8", "#ffb074", "#8fd694", "#d7a6f0", "#6fd6cb", "#f59ac0")


def _over(color: QColor, base: QColor) -> QColor:
    """*color* drawn over an opaque *base*, as one opaque colour (an opaque fill is a plain memory
    fill; a translucent one blends every pixel of the current turn on each repaint)."""
    if base.alpha() < 255 or color.alpha() == 255:
        return color
    a = color.alphaF()
    return QColor.fromRgbF(
        a * color.redF() + (1 - a) * base.redF(),
        a * color.greenF() + (1 - a) * base.greenF(),
        a * color.blueF() + (1 - a) * base.blueF(),
    )


def _theme_colors(name: str, palette: QPalette) -> _Colors:
    c = QColor
    if name == "light-contrast":
        return _Colors(
            c("#ffffff"),
            c("#000000"),
            c("#3a3a3a"),
            c("#fff2a8"),
            c("#000000"),
            c("#ffd400"),
            c("#ffd400"),
            c("#ff8c1a"),
            tuple(map(c, ("#0b3a8c", "#8a2400", "#1b5e20", "#5c0f8b", "#004d40", "#880e4f"))),
        )
    if name == "dark-contrast":
        return _Colors(
            c("#000000"),
            c("#ffffff"),
            c("#c8c8c8"),
            c("#1c3358"),
            c("#ffd400"),
            c("#ffd400"),
            c("#ffd400"),
            c("#ff8c1a"),
            tuple(map(c, ("#ffd54f", "#7fd8ff", "#b2f27a", "#ff9ed2", "#ffb36b", "#c6b5ff"))),
        )
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightnessF() < 0.5
    subtle = QColor(text)
    subtle.setAlphaF(0.6)
    current = QColor(palette.color(QPalette.ColorRole.Highlight))
    current.setAlphaF(0.28 if dark else 0.16)
    current = _over(current, base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    speakers = tuple(map(QColor, _SPEAKERS_ON_DARK if dark else _SPEAKERS_ON_LIGHT))
    return _Colors(
        base, text, subtle, current, accent, QColor("#ffe066"), QColor("#ffe066"), QColor("#ff9f43"), speakers
    )


class _Metrics:
    """Fonts and spacing derived from the text size (and presentation mode)."""

    def __init__(self, font: QFont, presentation: bool):
        self.presentation = presentation
        self.text_font = QFont(font)
        self.speaker_font = QFont(font)
        self.speaker_font.setBold(True)
        size = font.pointSizeF()
        if presentation:
            self.speaker_font.setPointSizeF(size * 1.1)
        self.small_font = QFont(font)
        self.small_font.setPointSizeF(max(MIN_FONT_PT, size * 0.82))
        fm = QFontMetricsF(self.text_font)
        em = fm.height()
        self.margin_x = em * (1.5 if presentation else 0.9)
        self.pad_y = em * (0.75 if presentation else 0.5)
        self.gap = em * (0.3 if presentation else 0.2)
        self.line_spacing = fm.lineSpacing() * (1.4 if presentation else 1.3)
        self.line_offset = (self.line_spacing - fm.lineSpacing()) / 2
        self.speaker_fm = QFontMetricsF(self.speaker_font)  # kept: painting a turn asks them each time
        self.small_fm = QFontMetricsF(self.small_font)
        self.speaker_h = self.speaker_fm.height()
        self.accent_w = max(3.0, em * 0.18)


# ------------------------------------------------------------------- model
class _TurnModel(QAbstractListModel):
    """Turns as rows; display text, tooltips and accessible text come from here."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.turns: list[Turn] = []
        self.starts: list[float] = []
        self.anchored: set[int] = set()
        self.note_counts: dict[int, int] = {}

    def reset(self, turns: Sequence[Turn], starts: Sequence[float]) -> None:
        self.beginResetModel()
        self.turns = list(turns)
        self.starts = [float(s) for s in starts]
        self.anchored, self.note_counts = set(), {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.turns)

    def start(self, row: int) -> float | None:
        return self.starts[row] if 0 <= row < len(self.starts) else None

    def speaker(self, row: int) -> str:
        return self.turns[row].speaker or ""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        turn = self.turns[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return turn.text
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            parts = [turn.speaker or self.tr("Unknown speaker")]
            start = self.start(row)
            if start is not None:
                parts.append(format_time(start))
            if row in self.anchored:
                parts.append(self.tr("start time pinned"))
            notes = self.note_counts.get(row, 0)
            if notes:
                parts.append(self.parent().notes_label(notes))
            head = ", ".join(parts)
            if role == Qt.ItemDataRole.ToolTipRole:
                from lornplayer.ui.plaintext import tooltip

                return tooltip(head)  # a speaker name from the page: never markup
            return f"{head}: {turn.text}"
        return None


class _ScrollAnimation(QObject):
    """The scroll bar's smooth move (ease-out over :data:`SCROLL_MS`), in 4 frames: its first soon
    after the start, the others ~60 ms apart.  Each frame flushes what it exposed, so 60 frames a
    second would cost several times the CPU for little visible gain; and the frames are timed by
    one timer of their own, so the event loop wakes only for them (a QVariantAnimation ticks
    ~60 times a second, calling into Python each time, also between the frames it shows).

    Repaints asked for with :meth:`repaint_with_first_frame` wait for the first frame that moves:
    the turn that becomes current is then painted once, where the scroll brings it, rather than
    first where it was and again as the scroll exposes it."""

    FIRST_MS = 16
    FRAMES = 4

    def __init__(self, bar, parent=None):
        super().__init__(parent)
        self._bar = bar
        self._from = self._to = 0
        self._running = False
        self._on_first_frame: list = []
        self._curve = QEasingCurve(QEasingCurve.Type.OutCubic)
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._frame)

    def is_running(self) -> bool:
        return self._running

    def scroll(self, start: int, end: int) -> None:
        """Move the scroll bar from ``start`` to ``end`` (stopping a scroll under way first)."""
        self.stop()
        self._from, self._to = int(start), int(end)
        self._running = True
        self._clock.start()
        self._timer.start(self.FIRST_MS)

    def stop(self) -> None:
        """Stop where the scroll is (and do the repaints waiting for a frame)."""
        if self._running:
            self._running = False
            self._timer.stop()
            self._flush()

    def repaint_with_first_frame(self, update) -> None:
        """Call ``update()`` once the scroll has moved (or at once when it is not running)."""
        if self._running:
            self._on_first_frame.append(update)
        else:
            update()

    def _flush(self) -> None:
        pending, self._on_first_frame = self._on_first_frame, []
        for update in pending:
            update()

    def _frame(self) -> None:
        if not self._running:
            return
        now, duration = self._clock.elapsed(), SCROLL_MS
        if now >= duration:
            value = self._to
        else:
            value = int(self._from + (self._to - self._from) * self._curve.valueForProgress(now / duration))
        self._bar.setValue(value)
        if self._on_first_frame and value != self._from:
            self._flush()
        if now >= duration:
            self.stop()
        else:
            step = max(1, (duration - self.FIRST_MS) // (self.FRAMES - 1))
            self._timer.start(min(step, duration - now))


# ---------------------------------------------------------------- delegate
class _TurnDelegate(QStyledItemDelegate):
    """Paints one turn; caches each turn's text layout for the current width and font."""

    def __init__(self, view: TranscriptView):
        super().__init__(view)
        self._view = view
        self._layouts: dict[int, tuple[QTextLayout, float]] = {}
        self._layout_width = -1.0
        self._labels: dict[tuple[str, bool, float], tuple[QTextLayout, float]] = {}  # speaker lines' parts
        self._names: dict[tuple[str, float], str] = {}  # speaker names elided to the room they have
        self.paint_count = 0  # rows painted: lets tests check that idle following repaints nothing

    def invalidate(self) -> None:
        self._layouts.clear()
        self._labels.clear()
        self._names.clear()

    def text_width(self) -> float:
        m = self._view._metrics
        return max(40.0, self._view._list.viewport().width() - 2 * m.margin_x - m.accent_w)

    def layout(self, row: int) -> tuple[QTextLayout, float]:
        """The wrapped text layout of *row* (positions relative to the text origin) and its height."""
        width = self.text_width()
        if width != self._layout_width:
            self._layouts.clear()
            self._layout_width = width
        cached = self._layouts.get(row)
        if cached is None:
            m = self._view._metrics
            # Paragraphs within a turn: QTextLayout breaks lines at U+2028, not at "\n".
            layout = QTextLayout(self._view._model.turns[row].text.replace("\n", "\u2028"), m.text_font)
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            # Keep the shaped glyphs after endLayout(): without it each draw (every repaint of the
            # turn) itemizes and shapes its lines again, most of what drawing the text cost.
            layout.setCacheEnabled(True)
            layout.beginLayout()
            y = 0.0
            while (line := layout.createLine()).isValid():
                line.setLineWidth(width)
                line.setPosition(QPointF(0.0, y + m.line_offset))
                y += m.line_spacing
            layout.endLayout()
            cached = self._layouts[row] = (layout, y)
        return cached

    def text_origin(self, rect) -> QPointF:
        m = self._view._metrics
        return QPointF(rect.left() + m.margin_x + m.accent_w, rect.top() + m.pad_y + m.speaker_h + m.gap)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        m = self._view._metrics
        _layout, text_h = self.layout(index.row())
        height = m.pad_y * 2 + m.speaker_h + m.gap + text_h
        return QSize(self._view._list.viewport().width(), math.ceil(height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        view = self._view
        lst = view._list
        # The list paints every row the exposed region's bounding rectangle touches (the old and the
        # new current turn, and every row between them): skip those the region misses, and lay out
        # only the lines it shows.
        region = lst.paint_region
        clip = QRectF()
        if region is not None:
            shown = region.intersected(option.rect)
            if shown.isEmpty():
                return
            clip = QRectF(shown.boundingRect())
        self.paint_count += 1
        m, colors = view._metrics, view._colors
        row, rect = index.row(), QRectF(option.rect)
        painter.save()
        painter.setRenderHint(_ANTIALIASING)
        if row == view._current:
            painter.fillRect(rect, colors.current)
            painter.fillRect(QRectF(rect.left(), rect.top(), m.accent_w, rect.height()), colors.accent)
        if lst.hasFocus() and option.state & _HAS_FOCUS:
            pen = QPen(colors.subtle, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(0.5, 0.5, -1.5, -1.5))

        text_origin = self.text_origin(rect)
        if not clip.isValid() or clip.top() < text_origin.y():
            self._paint_speaker_line(painter, row, rect)
        if not clip.isValid() or clip.bottom() >= text_origin.y():
            # Text, with search marks and the sentence being spoken.
            layout, _h = self.layout(row)
            painter.setPen(colors.text)
            layout.draw(painter, text_origin, view._selections(row), clip)
        painter.restore()

    def helpEvent(self, event, view, option, index) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid() and self._view._tooltip(index.row(), event):
            return True
        return super().helpEvent(event, view, option, index)

    def _label(self, text: str, font: QFont) -> tuple[QTextLayout, float]:
        """One line of *text* in *font*, laid out and shaped once (painter.drawText would shape it
        on every paint), and its width."""
        key = (text, font.bold(), font.pointSizeF())
        cached = self._labels.get(key)
        if cached is None:
            layout = QTextLayout(text, font)
            layout.setCacheEnabled(True)
            layout.beginLayout()
            line = layout.createLine()
            line.setPosition(QPointF(0.0, 0.0))
            layout.endLayout()
            cached = self._labels[key] = (layout, line.naturalTextWidth())
        return cached

    def _paint_speaker_line(self, painter: QPainter, row: int, rect: QRectF) -> None:
        """Name, time, pin, notes."""
        view, m, colors = self._view, self._view._metrics, self._view._colors
        model = view._model
        x = rect.left() + m.margin_x + m.accent_w
        right = rect.right() - m.margin_x
        top = rect.top() + m.pad_y  # of the line; its baseline is the speaker font's ascent below
        baseline = top + m.speaker_fm.ascent()
        speaker = model.speaker(row)
        if speaker:
            fm = m.speaker_fm
            room = max(20.0, (right - x) * 0.7)
            name = self._names.get((speaker, room))
            if name is None:
                name = self._names[(speaker, room)] = fm.elidedText(speaker, Qt.TextElideMode.ElideRight, room)
            layout, width = self._label(name, m.speaker_font)
            painter.setPen(view.speaker_color(speaker))
            layout.draw(painter, QPointF(x, top))
            x += width + fm.height() * 0.6
        small = m.small_fm
        small_top = baseline - small.ascent()
        painter.setPen(colors.subtle)
        start = model.start(row)
        if start is not None:
            layout, width = self._label(format_time(start), m.small_font)
            layout.draw(painter, QPointF(x, small_top))
            x += width + small.height() * 0.5
        if row in model.anchored:
            self._draw_pin(painter, x, baseline - small.ascent() * 0.85, small.ascent() * 0.95, colors.accent)
            x += small.height() * 0.9
        notes = model.note_counts.get(row, 0)
        if notes:
            layout, _width = self._label(view.notes_label(notes), m.small_font)
            layout.draw(painter, QPointF(x, small_top))

    @staticmethod
    def _draw_pin(painter: QPainter, x: float, top: float, size: float, color: QColor) -> None:
        """A small push-pin: round head and a needle."""
        r = size * 0.3
        cx = x + size * 0.4
        path = QPainterPath()
        path.addEllipse(QPointF(cx, top + r), r, r)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(path)
        painter.setPen(QPen(color, max(1.0, size * 0.1), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(cx, top + 2 * r), QPointF(cx - size * 0.15, top + size))


# ---------------------------------------------------------------- the list
class _TurnList(QListView):
    """The list proper: reports user scrolling, Ctrl+wheel zoom, keyboard activation."""

    userScrolled = Signal()
    zoomRequested = Signal(int)  # +1 / -1
    resized = Signal()

    _SCROLL_KEYS = {
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    }

    def __init__(self, parent=None):
        super().__init__(parent)
        self.verticalScrollBar().actionTriggered.connect(lambda _action: self.userScrolled.emit())
        self.press_pos: QPointF | None = None  # where the last click began (to find the sentence)
        self.paint_region: QRegion | None = None  # while painting: the region exposed (the delegate clips to it)

    def paintEvent(self, event) -> None:
        self.paint_region = event.region()
        try:
            super().paintEvent(event)
        finally:
            self.paint_region = None

    def verticalScrollbarValueChanged(self, value: int) -> None:
        """Nothing: the base class would fetch more rows (the model has them all) and track the row
        under a resting mouse pointer, repainting the row it left and the one it entered on every
        frame of a scroll, for a hover look this view does not have."""

    def mousePressEvent(self, event) -> None:
        self.press_pos = event.position()
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)  # the scroll bar's actionTriggered reports it

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.key() == Qt.Key.Key_Equal and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.zoomRequested.emit(1)
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoomRequested.emit(-1)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.clicked.emit(self.currentIndex())
            return
        if event.key() in self._SCROLL_KEYS:
            self.userScrolled.emit()
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()


# -------------------------------------------------------------------- view
