"""Global search results, grouped by case, each hit with its marked snippet, speaker and time.

Searching never waits on the GUI thread: queries run on the thread pool, as
you type (after a short pause, :data:`DEBOUNCE_MS`), and a newer query cancels
the older one (its late answers are dropped).  Hits arrive in pages: the first
:data:`FIRST_PAGE` (what is visible) as soon as they are ranked, the rest up to
:data:`LIMIT` after them.  The worker ranks the rest only once the first page is
shown (the window's painting needs the interpreter lock the ranking holds), and
it prepares each row's texts itself; the GUI thread makes the rows a few
milliseconds' worth per event loop turn (:data:`FEED_BUDGET_MS`); the first
page goes in with the status (the whole page in a turn, within the budget),
laid out at once, and "shown" (the worker released) only once the
list has painted it; a later page's rows go in at once (one layout, one
repaint), never by re-reading or clearing the list.  Rows are
painted by :class:`lornplayer.ui.search_rows.HitDelegate` (plain text, the
matched words marked by format ranges); row heights come from the plain text.
Case titles and times come with the hits, for the hits' cases only.
Activating a hit emits :attr:`SearchPanel.hitActivated` with the case, turn,
time and matched words.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lornplayer.export import format_time
from lornplayer.ui.plaintext import tooltip
from lornplayer.ui.search_rows import HIT_ROLE, PLAIN_ROLE, SPANS_ROLE, HitDelegate, HitTree, merged_spans
from lornplayer.ui.workers import Task

__all__ = ["HIT_ROLE", "PLAIN_ROLE", "SPANS_ROLE", "SearchPanel", "hit_terms"]

FIRST_PAGE = 25  # hits ranked and shown first (about a screenful)
LIMIT = 200  # hits shown at most
DEBOUNCE_MS = 180  # as-you-type: search once typing pauses this long
FEED_BUDGET_MS = 3.0  # rows made (or given their times) per event loop turn: this long at most
FIRST_PAINT_WAIT_S = 0.3  # the worker ranks the rest once the first page is shown, or after this


def hit_terms(hit) -> list[str]:
    """The words the hit matched, as written in the text (so stemmed matches mark correctly)."""
    seen: dict[str, None] = {}
    for s, e in hit.spans:
        seen.setdefault(hit.snippet[s:e], None)
    return list(seen)


class _Pages(QObject):
    """Carries pages of hits from the worker to the GUI thread (queued: the panel lives there)."""

    page = Signal(object, int, bool, object)  # result, generation, is it the last page, its rows' data


class SearchPanel(QWidget):
    hitActivated = Signal(str, object, object, object)  # case id, turn index | None, start seconds | None, [words]
    closed = Signal()
    firstShown = Signal(int)  # hits shown once the first page is in, after each search
    searched = Signal(int)  # hits shown once every page is in, after each search

    def __init__(self, core, parent=None):
        """``core``: the :class:`~lornplayer.core.AppCore` whose library is searched."""
        super().__init__(parent)
        self.core = core
        self.library = core.library
        self._generation = 0
        self._task: Task | None = None
        # Rows waiting for the feeder, in order: hit key -> (timed hit, case title, its row if shown already).
        self._pending: dict[tuple, tuple] = {}
        self._last_page = False
        self._message: str | None = None
        self._result = None
        self._shown: dict[tuple, QTreeWidgetItem | None] = {}  # hit -> its row (None: pending)
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._first_emitted = False
        self._first_rows = self._added = 0
        self._first_in = (0, 0.0)  # the delegate's paints then, and when, as the first page's last rows went in
        self._first_shown = threading.Event()
        self._made: list[tuple] = []  # rows made but not yet in the list: (key, item, group id, title)
        self.query = ""
        self._pages = _Pages(self)
        self._pages.page.connect(self._on_page)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(DEBOUNCE_MS)
        self._typing.timeout.connect(lambda: self.search(self._typed))
        self._typed = ""
        self._feeder = QTimer(self)
        self._feeder.setInterval(0)
        self._feeder.timeout.connect(self._feed)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text, never markup
        self.status.setWordWrap(True)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(self.tr("Back to the library (Esc)"))
        close.setAutoRaise(True)
        close.clicked.connect(self.closed)
        self.tree = HitTree()
        self.tree.setObjectName("searchResults")
        self.tree.setAccessibleName(self.tr("Search results"))
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        # Always there: a scroll bar appearing with the first page (gone again as the next search clears
        # the list) would narrow the rows, so they were all measured, laid out and painted again.
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setItemDelegate(HitDelegate(self.tree))
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    # -- running searches ---------------------------------------------
    def search_soon(self, query: str) -> None:
        """As-you-type: search for ``query`` once typing pauses (a newer call replaces it)."""
        self._typed = query.strip()
        if self._typed:
            self._typing.start()
        else:
            self._typing.stop()

    def search(self, query: str) -> None:
        """Search now (cancelling the previous search); pages of hits follow on the GUI thread."""
        self._typing.stop()
        query = query.strip()
        if self._task is not None:
            self._task.cancel()
            self._first_shown.set()  # its worker need not wait any longer
        self._generation += 1
        generation = self._generation
        self.query = query
        self._reset()
        self.status.setText(self.tr("Searching for “{0}”…").format(query))
        core, pages = self.core, self._pages
        task = self._task = Task("search", self)
        shown = self._first_shown = threading.Event()

        def work(_report):
            # The first page without times (they need each hit's case loaded), then every page
            # with them: the rows shown already get their times then.
            first = core.search(query, limit=FIRST_PAGE, timed=False)
            if task.cancelled:
                return
            pages.page.emit(first, generation, False, self._rows(first))
            # Ranking holds the interpreter lock that the window's layout and painting need: the
            # rest waits until the first page is on screen.
            shown.wait(FIRST_PAINT_WAIT_S)
            if task.cancelled:
                return
            rest = core.search(query, limit=LIMIT if len(first.hits) >= FIRST_PAGE else FIRST_PAGE)
            if not task.cancelled:
                pages.page.emit(rest, generation, True, self._rows(rest))
            return

        task.failed.connect(lambda msg: self._failed(msg, generation))
        task.start(work)

    def _reset(self) -> None:
        self._feeder.stop()
        self._pending = {}
        self._shown = {}
        self._groups = {}
        self._last_page = False
        self._first_emitted = False
        self._first_rows = self._added = 0
        self._made = []
        self._message = None
        self._result = None
        self.tree.clear()

    def _failed(self, message: str, generation: int) -> None:
        if generation == self._generation:
            self._reset()
            self.status.setText(self.tr("The search failed: {0}").format(message))
            self.searched.emit(0)

    def _on_page(self, result, generation: int, last: bool, rows: dict) -> None:
        """Queue a page's rows for the feeder, which makes the first few at once (see :meth:`_feed`)."""
        if generation != self._generation:
            return  # an older query answered late
        if self._made:
            self._insert_made()  # rows of the page before, made already: a newer hit updates them
        for th in result.hits:
            h = th.hit
            key = (h.case_id, h.kind, h.turn_index, h.note_id, h.field)
            if key not in self._shown:
                self._shown[key] = None
                self._pending[key] = (rows[key], result.titles.get(h.case_id, ""), None)
            elif (item := self._shown[key]) is None:  # still waiting: the newer hit (with its time) is added
                self._pending[key] = (rows[key], result.titles.get(h.case_id, ""), None)
            elif th.start is not None and item.data(0, HIT_ROLE)[2] is None:
                self._pending[key] = (rows[key], "", item)  # its time, now known
        self._message = result.message
        self._result = result
        self._last_page = last
        if not self._first_rows:
            self._first_rows = len(self._pending) if not last else -1  # the first page's rows
        self._feeder.start()
        self._feed()  # the first rows now (a turn sooner); the rest, and the reports, on the next turns

    def _feed(self) -> None:
        """Make pending rows for a few milliseconds (one event loop turn's worth) and put them into the
        list: the first page's a few a turn (their snippets are laid out as they are first painted),
        a later page's together once all are made; each report comes on the turn after its rows went
        in, once they are laid out and painted."""
        if not self._first_emitted and self._added >= self._first_rows > 0:
            if not self._first_painted():
                return  # a turn later: the paint of the rows just added is still to come
            self._first_emitted = True
            self._update_status(final=self._last_page and not self._pending)
            self.firstShown.emit(self.hit_count())
            self._first_shown.set()
            return
        if self._pending:
            deadline = time.perf_counter() + FEED_BUDGET_MS / 1000
            # The first page (in view) goes in as its rows are made, with the status: each new row's snippet is
            # laid out when first painted (a QTextLayout: tens of microseconds), so a whole page fits one turn.
            first_page = not self._first_emitted
            while self._pending:
                key = next(iter(self._pending))
                row, title, item = self._pending.pop(key)
                if item is None:
                    self._made.append((key, self._make_item(row), row[0][0], title))
                else:
                    self._set_hit(item, row)
                if time.perf_counter() > deadline:
                    break
            if first_page or not self._pending:
                self._insert_made()
            if first_page and self._added >= self._first_rows > 0:
                # The status changes with the first page's last rows, so that one layout and paint show both
                # before the worker (released on the next turn) ranks the rest, holding the interpreter lock.
                self._update_status(final=self._last_page and not self._pending)
                self._first_in = (self.tree.itemDelegate().paints, time.perf_counter())
            return
        if not self._last_page:
            self._feeder.stop()  # until the next page
            return
        self._feeder.stop()
        n = self.hit_count()
        if not self._first_emitted:  # no hits, or fewer than a page
            self._first_emitted = True
            self._update_status(final=True)
            self.firstShown.emit(n)
            self._first_shown.set()
        self._update_status(final=True)
        self.searched.emit(n)

    def _first_painted(self) -> bool:
        """Whether the list has painted since the first page's last rows went in (or cannot paint soon):
        the posted paint can come after the feeder's next turn, and painting once the worker ranks
        the rest would wait for the interpreter lock at every row."""
        paints, since = self._first_in
        viewport = self.tree.viewport()
        return (
            self.tree.itemDelegate().paints != paints
            or not viewport.isVisible()
            or viewport.height() <= 0
            or time.perf_counter() - since > FIRST_PAINT_WAIT_S / 3
        )

    def _insert_made(self) -> None:
        """Put the rows made into the list: each case's new rows with one call, new cases together."""
        made, self._made = self._made, []
        children: dict[str, list[QTreeWidgetItem]] = {}
        new_groups: list[QTreeWidgetItem] = []
        for key, item, case_id, title in made:
            group = self._groups.get(case_id)
            if group is None:
                group = QTreeWidgetItem([f"{case_id}  {title}"])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setData(0, HIT_ROLE, (case_id, None, None, []))
                group.setData(0, PLAIN_ROLE, f"{case_id}  {title}")
                self._groups[case_id] = group
                new_groups.append(group)
            children.setdefault(case_id, []).append(item)
            self._shown[key] = item
        self.tree.setUpdatesEnabled(False)
        try:
            for case_id, items in children.items():
                group = self._groups[case_id]
                group.addChildren(items)
                group.setText(0, f"{group.data(0, PLAIN_ROLE)}  ({group.childCount()})")
            self.tree.addTopLevelItems(new_groups)
            for group in new_groups:
                group.setExpanded(True)
        finally:
            self.tree.setUpdatesEnabled(True)
        # The tree lays out the rows it was given on a timer of its own, then repaints them all: now instead,
        # so that the paint to come is the only one (and not one while the worker holds the interpreter lock).
        self.tree.executeDelayedItemsLayout()
        self._added += len(made)

    def _rows(self, result) -> dict[tuple, tuple]:
        """Each hit's row data, by its key: made on the worker, so the GUI thread only sets it."""
        rows = {}
        for th in result.hits:
            hit = th.hit
            if hit.kind == "turn":
                label = hit.speaker or self.tr("Transcript")
            elif hit.kind == "note":
                label = self.tr("Your note")
            else:
                label = self._field_name(hit.field)
            when = format_time(th.start) if th.start is not None else ""
            key = (hit.case_id, hit.kind, hit.turn_index, hit.note_id, hit.field)
            rows[key] = (
                (hit.case_id, hit.turn_index, th.start, hit_terms(hit)),
                f"{label} {when} {hit.snippet}",  # what accessibility tools read
                merged_spans(hit.spans),
                (f"{label} · {when}" if when else label, hit.snippet),  # painted as plain text
                tooltip(hit.snippet),  # page text: never markup
            )
        return rows

    def _make_item(self, row: tuple) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        self._set_hit(item, row)
        item.setToolTip(0, row[4])
        return item

    def _set_hit(self, item: QTreeWidgetItem, row: tuple) -> None:
        data, text, spans, plain, _tip = row
        item.setText(0, text)
        item.setData(0, SPANS_ROLE, spans)
        item.setData(0, PLAIN_ROLE, plain)
        item.setData(0, HIT_ROLE, data)

    def _update_status(self, final: bool) -> None:
        n = self.hit_count()
        if n == 0:
            text = (
                self.tr("No hits for “{0}”.").format(self.query)
                if final
                else self.tr("Searching for “{0}”…").format(self.query)
            )
        else:
            hits = self.tr("1 hit") if n == 1 else self.tr("{0} hits").format(n)
            cases = (
                self.tr("in 1 case") if len(self._groups) == 1 else self.tr("in {0} cases").format(len(self._groups))
            )
            text = self.tr("{0} {1} for “{2}”.").format(hits, cases, self.query)
        if self._message:
            text += "\n" + self._message
        result = self._result
        if getattr(result, "searched_as", None):
            words = ", ".join(self.tr("«{0}» for «{1}»").format(nb, en) for en, nb in result.searched_as[1])
            text = (
                self.tr("No hits for “{0}”; showing the Norwegian words: {1}.").format(self.query, words) + "\n" + text
            )
        elif n == 0 and final and getattr(result, "english_hint", False):
            text += "\n" + self.tr(
                "LØRN cases are mostly in Norwegian: try the Norwegian word (e.g. “bærekraft” for “sustainability”)."
            )
        self.status.setText(text)

    def hit_count(self) -> int:
        return sum(g.childCount() for g in self._groups.values())

    def _field_name(self, name: str | None) -> str:
        names = {
            "title": self.tr("Title"),
            "summary": self.tr("Summary"),
            "guests": self.tr("Guests"),
            "organisation": self.tr("Organisation"),
            "theme": self.tr("Theme"),
            "perspective": self.tr("Perspective"),
            "learning_points": self.tr("What you will learn"),
            "profile": self.tr("Guest profile"),
            "reflection_questions": self.tr("Reflection question"),
            "quote": self.tr("Quote"),
        }
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
        return [
            self.tree.topLevelItem(i).child(j)
            for i in range(self.tree.topLevelItemCount())
            for j in range(self.tree.topLevelItem(i).childCount())
        ]
