"""How the search panel paints a hit: speaker and time, then the snippet with its matched words marked.

Page text is painted as plain text, never as markup: the snippet is laid out
with a :class:`QTextLayout` whose format ranges make the matched words bold on
a highlight (no QTextDocument, no HTML parsing).  A row's layout depends on its
snippet, marks, width and font only, so it is kept (a small cache) when the
row's time arrives or the row is repainted; laying it out is a fraction of what
building a rich text document from HTML cost on the GUI thread.  Row heights
come from the plain text's font metrics (cheap for hundreds of rows).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTreeWidget

HIT_ROLE = Qt.ItemDataRole.UserRole + 10  # (case id, turn index | None, start | None, [words])
SPANS_ROLE = Qt.ItemDataRole.UserRole + 11  # the snippet's matched words: ((start, end), ...)
PLAIN_ROLE = Qt.ItemDataRole.UserRole + 12  # (head: "speaker · time", snippet)

MARGIN = 3  # around the row's text, in pixels
MARK_BACKGROUND = QColor("#ffe08a")
MARK_FOREGROUND = QColor("#000000")


def muted(palette: QPalette) -> QColor:
    """The head line's colour: two thirds text, one third background (#555 on a light palette,
    a light grey on a dark one, readable on both)."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor(
        (2 * text.red() + base.red()) // 3, (2 * text.green() + base.green()) // 3, (2 * text.blue() + base.blue()) // 3
    )


def merged_spans(spans) -> tuple[tuple[int, int], ...]:
    """The matched words' spans in order, overlapping ones dropped (the first one kept)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append((int(start), int(end)))
        pos = end
    return tuple(out)


def snippet_layout(snippet: str, spans, font: QFont, width: float) -> QTextLayout:
    """The snippet laid out in lines of ``width`` (word-wrapped), its spans bold on a highlight; line 0 at y=0."""
    layout = QTextLayout(snippet, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    mark = QTextCharFormat()
    mark.setFontWeight(QFont.Weight.Bold)
    mark.setBackground(MARK_BACKGROUND)
    mark.setForeground(MARK_FOREGROUND)
    ranges = []
    for start, end in spans:
        r = QTextLayout.FormatRange()
        r.start, r.length, r.format = start, end - start, mark
        ranges.append(r)
    layout.setFormats(ranges)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


class HitDelegate(QStyledItemDelegate):
    """Paints a hit row (one with :data:`PLAIN_ROLE` text) as two parts: the head line, then the
    snippet; other rows (a case's title) as the style does."""

    CACHE = 256  # laid-out snippets kept (a few screenfuls)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layouts: OrderedDict[tuple, QTextLayout] = OrderedDict()
        self._sizes: dict[tuple, QSize] = {}
        self._fonts: tuple = ("", None, None)  # (font key, its metrics, its bold form's metrics)
        self.size_limit = 800  # row heights kept
        self.paints = 0  # rows painted so far (the panel waits for the first page's paint)

    def layout_for(self, snippet: str, spans, font: QFont, width: int) -> QTextLayout:
        key = (snippet, spans, width, font.key())
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = snippet_layout(snippet, spans, font, width)
            if len(self._layouts) > self.CACHE:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        return layout

    def paint(self, painter, option, index):
        self.paints += 1
        plain = index.data(PLAIN_ROLE)
        if not isinstance(plain, tuple):
            return super().paint(painter, option, index)
        head, snippet = plain
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        width = max(50, rect.width())
        fm = QFontMetrics(option.font)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(text_color if selected else muted(option.palette))
        painter.drawText(
            QRect(rect.left(), rect.top(), width, fm.lineSpacing()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
            fm.elidedText(head, Qt.TextElideMode.ElideRight, width),
        )
        painter.setPen(text_color)
        painter.setClipRect(rect)
        layout = self.layout_for(snippet, index.data(SPANS_ROLE) or (), option.font, width)
        layout.draw(painter, QPointF(rect.left(), rect.top() + fm.lineSpacing()))
        painter.restore()

    def _metrics(self, font: QFont) -> tuple[QFontMetrics, QFontMetrics]:
        """The font's metrics and its bold form's (made once per font, not once per row)."""
        key = font.key()
        if self._fonts[0] != key:
            bold = QFont(font)
            bold.setWeight(QFont.Weight.Bold)
            self._fonts = (key, QFontMetrics(font), QFontMetrics(bold))
        return self._fonts[1], self._fonts[2]

    def sizeHint(self, option, index):
        plain = index.data(PLAIN_ROLE)
        if not isinstance(plain, tuple):
            return super().sizeHint(option, index)
        widget = option.widget
        # The width paint() wraps at: a hit row is one level in (the tree indents it twice over when its
        # top level has branch decorations), inside the margins.
        levels = 2 if widget is not None and widget.rootIsDecorated() else 1
        width = widget.viewport().width() - levels * widget.indentation() - 2 * MARGIN if widget else 300
        snippet = plain[1]
        spans = index.data(SPANS_ROLE) or ()
        # The tree asks for every row's height at each layout (after every few rows added): measured once.
        key = (snippet, spans, width, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            fm, bold_fm = self._metrics(option.font)
            # Font metrics measure the plain text, but the marked words are painted bold, so wider.  When
            # bolding them all could not change the line count, that is the height; else the snippet is laid
            # out as paint() will (the layout is kept for it), so no last line is clipped and none is spare.
            extra = sum(bold_fm.horizontalAdvance(snippet[a:b]) - fm.horizontalAdvance(snippet[a:b]) for a, b in spans)
            flags = Qt.TextFlag.TextWordWrap
            body = fm.boundingRect(QRect(0, 0, max(50, width), 100000), flags, snippet).height()
            if extra > 0:
                narrowed = fm.boundingRect(QRect(0, 0, max(50, width - extra), 100000), flags, snippet).height()
                if narrowed != body:
                    body = self.layout_for(snippet, spans, option.font, max(50, width)).boundingRect().height()
            size = self._sizes[key] = QSize(width, fm.lineSpacing() + body + 2 * MARGIN + 2)
            if len(self._sizes) > self.size_limit:
                del self._sizes[next(iter(self._sizes))]
        return size


class HitTree(QTreeWidget):
    """The results list: its rows are laid out again when its width changes, since a snippet
    wraps into more or fewer lines (the tree keeps the heights it measured otherwise, and a
    narrowed window clipped the snippets' last lines)."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
