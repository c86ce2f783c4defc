"""Global search results, grouped by case, each hit with its marked snippet, speaker and time.

Queries run on the thread pool (the index may still be building); results of an
older query that arrive late are dropped.  Activating a hit emits
:attr:`SearchPanel.hitActivated` with the case, turn, time and matched words.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QStyle, QStyledItemDelegate, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from lornplayer.export import format_time
from lornplayer.ui.workers import run_in_background

HIT_ROLE = Qt.ItemDataRole.UserRole + 10
HTML_ROLE = Qt.ItemDataRole.UserRole + 11


def snippet_html(snippet: str, spans: list[tuple[int, int]]) -> str:
    """The snippet escaped, with the matched words in bold on a highlight."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(snippet[pos:start]))
        out.append(f"<b style='background-color:#ffe08a;color:#000'>{html.escape(snippet[start:end])}</b>")
        pos = end
    out.append(html.escape(snippet[pos:]))
    return "".join(out)


def hit_terms(hit) -> list[str]:
    """The words the hit matched, as written in the text (so stemmed matches mark correctly)."""
    seen: dict[str, None] = {}
    for s, e in hit.spans:
        seen.setdefault(hit.snippet[s:e], None)
    return list(seen)


class _RichDelegate(QStyledItemDelegate):
    """Paints a hit as two lines: speaker and time, then the snippet with marked words."""

    def _doc(self, option, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(3)
        doc.setHtml(index.data(HTML_ROLE) or html.escape(index.data() or ""))
        doc.setTextWidth(max(50, option.rect.width()))
        return doc

    def paint(self, painter, option, index):
        if not index.data(HTML_ROLE):
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_backup = option.text
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text_backup
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        ctx_rect = QRectF(0, 0, option.rect.width(), option.rect.height())
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText))
        doc.drawContents(painter, ctx_rect)
        painter.restore()

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        if not index.data(HTML_ROLE):
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        width = option.widget.viewport().width() - 40 if option.widget else 300
        option.rect.setWidth(width)
        doc = self._doc(option, index)
        return QSize(width, int(doc.size().height()) + 2)


class SearchPanel(QWidget):
    hitActivated = Signal(str, object, object, object)  # case id, turn index | None, start seconds | None, [words]
    closed = Signal()
    searched = Signal(int)  # number of hits shown, after each search

    def __init__(self, core, parent=None):
        """``core``: the :class:`~lornplayer.core.AppCore` whose library is searched."""
        super().__init__(parent)
        self.core = core
        self.library = core.library
        self._generation = 0
        self.query = ""
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text, never markup
        self.status.setWordWrap(True)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(self.tr("Back to the library (Esc)"))
        close.setAutoRaise(True)
        close.clicked.connect(self.closed)
        self.tree = QTreeWidget()
        self.tree.setObjectName("searchResults")
        self.tree.setAccessibleName(self.tr("Search results"))
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_RichDelegate(self.tree))
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def search(self, query: str) -> None:
        self._generation += 1
        generation = self._generation
        self.query = query
        self.status.setText(self.tr("Searching for “{0}”…").format(query))
        core = self.core
        run_in_background("search", lambda report: core.search(query, limit=200),
                          finished=lambda result: self._show(result, generation),
                          failed=lambda msg: self._failed(msg, generation))

    def _failed(self, message: str, generation: int) -> None:
        if generation == self._generation:
            self.tree.clear()
            self.status.setText(self.tr("The search failed: {0}").format(message))
            self.searched.emit(0)

    def _show(self, result, generation: int) -> None:
        if generation != self._generation:
            return  # an older query answered late
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        titles = {r.id: r.title for r in self.library.list_rows()}
        for th in result.hits:
            hit = th.hit
            group = groups.get(hit.case_id)
            if group is None:
                group = QTreeWidgetItem([f"{hit.case_id}  {titles.get(hit.case_id) or ''}"])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setData(0, HIT_ROLE, (hit.case_id, None, None, []))
                self.tree.addTopLevelItem(group)
                groups[hit.case_id] = group
            if hit.kind == "turn":
                label = hit.speaker or self.tr("Transcript")
            elif hit.kind == "note":
                label = self.tr("Your note")
            else:
                label = self._field_name(hit.field)
            when = format_time(th.start) if th.start is not None else ""
            head = f"<span style='color:#555'>{html.escape(label)}" + (f" · {when}" if when else "") + "</span><br>"
            item = QTreeWidgetItem([f"{label} {when} {hit.snippet}"])
            item.setData(0, HTML_ROLE, head + snippet_html(hit.snippet, hit.spans))
            item.setData(0, HIT_ROLE, (hit.case_id, hit.turn_index, th.start, hit_terms(hit)))
            item.setToolTip(0, hit.snippet)
            group.addChild(item)
        for group in groups.values():
            group.setText(0, group.text(0) + f"  ({group.childCount()})")
        self.tree.expandAll()
        n = len(result.hits)
        if n == 0:
            text = self.tr("No hits for “{0}”.").format(self.query)
        else:
            hits = self.tr("1 hit") if n == 1 else self.tr("{0} hits").format(n)
            cases = self.tr("in 1 case") if len(groups) == 1 else self.tr("in {0} cases").format(len(groups))
            text = self.tr("{0} {1} for “{2}”.").format(hits, cases, self.query)
        if result.message:
            text += "\n" + result.message
        if getattr(result, "searched_as", None):
            words = ", ".join(self.tr("«{0}» for «{1}»").format(nb, en) for en, nb in result.searched_as[1])
            text = self.tr("No hits for “{0}”; showing the Norwegian words: {1}.").format(self.query, words) \
                + "\n" + text
        elif n == 0 and getattr(result, "english_hint", False):
            text += "\n" + self.tr("LØRN cases are mostly in Norwegian: try the Norwegian word "
                                    "(e.g. “bærekraft” for “sustainability”).")
        self.status.setText(text)
        self.searched.emit(n)

    def _field_name(self, name: str | None) -> str:
        names = {"title": self.tr("Title"), "summary": self.tr("Summary"), "guests": self.tr("Guests"),
                 "organisation": self.tr("Organisation"), "theme": self.tr("Theme"),
                 "perspective": self.tr("Perspective"), "learning_points": self.tr("What you will learn"),
                 "profile": self.tr("Guest profile"), "reflection_questions": self.tr("Reflection question"),
                 "quote": self.tr("Quote")}
        return names.get(name or "", name or self.tr("Case"))

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, HIT_ROLE)
        if data:
            self.hitActivated.emit(*data)

    def activate_first(self) -> bool:
        """Activate the first hit (for Enter in the search field and for tests)."""
        if self.tree.topLevelItemCount() and self.tree.topLevelItem(0).childCount():
            self._activate(self.tree.topLevelItem(0).child(0))
            return True
        return False

    def hit_items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i).child(j) for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]
