"""The "Up next" side tab: the queue (reorder by drag or Ctrl+↑/↓, Delete removes, Enter plays),
the auto-advance setting, and suggestions for the next case ("Din neste LØRNing")."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from lornplayer.store import Library
from lornplayer.suggest import Suggestion
from lornplayer.upnext import UpNext

ID_ROLE = Qt.ItemDataRole.UserRole


class _QueueList(QListWidget):
    orderChanged = Signal()
    removeRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.model().rowsMoved.connect(lambda *_a: self.orderChanged.emit())

    def keyPressEvent(self, event) -> None:
        item = self.currentItem()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if item is not None and ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.row(item)
            target = row - 1 if event.key() == Qt.Key.Key_Up else row + 1
            if 0 <= target < self.count():
                self.takeItem(row)
                self.insertItem(target, item)
                self.setCurrentItem(item)
                self.orderChanged.emit()
            return
        if item is not None and (event.key() == Qt.Key.Key_Delete or event.matches(QKeySequence.StandardKey.Delete)):
            self.removeRequested.emit(item.data(ID_ROLE))
            return
        if item is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.itemActivated.emit(item)
            return
        super().keyPressEvent(event)


class UpNextPanel(QWidget):
    playRequested = Signal(str)  # open and play this case (taken off the queue)
    openRequested = Signal(str)  # open a suggested case

    def __init__(self, library: Library, parent=None):
        super().__init__(parent)
        self.library = library
        self.queue = UpNext(library)
        self._titles: dict[str, str] = {}

        self.queue_label = QLabel(self.tr("<b>Up next</b>"))
        self.list = _QueueList()
        self.list.setObjectName("queueList")
        self.list.setAccessibleName(self.tr("Up next"))
        self.list.setToolTip(self.tr("Drag or press Ctrl+↑/↓ to reorder, Delete to remove, Enter to play"))
        self.list.orderChanged.connect(self._save_order)
        self.list.removeRequested.connect(self.remove)
        self.list.itemActivated.connect(lambda item: self.playRequested.emit(item.data(ID_ROLE)))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._queue_menu)
        self.empty = QLabel(self.tr("Nothing queued. Add cases with “Play next” or “Add to Up next”."))
        self.empty.setWordWrap(True)
        self.auto_advance = QCheckBox(self.tr("Play the next case when one ends"))
        self.auto_advance.setChecked(self.queue.auto_advance())
        self.auto_advance.toggled.connect(self.queue.set_auto_advance)

        self.suggest_label = QLabel(self.tr("<b>Your next LØRNing</b>"))
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("suggestionList")
        self.suggestions.setAccessibleName(self.tr("Suggested next cases"))
        self.suggestions.setWordWrap(True)
        self.suggestions.itemActivated.connect(lambda item: self.openRequested.emit(item.data(ID_ROLE)))
        self.suggestions.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.suggestions.customContextMenuRequested.connect(self._suggestion_menu)
        self.no_suggestions = QLabel(self.tr("No suggestions: every related case is finished."))
        self.no_suggestions.setWordWrap(True)
        self.no_suggestions.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for w in (
            self.queue_label,
            self.list,
            self.empty,
            self.auto_advance,
            self.suggest_label,
            self.suggestions,
            self.no_suggestions,
        ):
            layout.addWidget(w)
        layout.setStretchFactor(self.list, 2)
        layout.setStretchFactor(self.suggestions, 3)
        self.refresh()

    # -- queue -------------------------------------------------------------
    def set_titles(self, titles: dict[str, str]) -> None:
        self._titles = titles
        self.refresh()

    def _title(self, case_id: str) -> str:
        title = self._titles.get(case_id)
        return f"{case_id} · {title}" if title else case_id

    def refresh(self) -> None:
        current = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else None
        self.list.clear()
        for case_id in self.queue.items():
            item = QListWidgetItem(self._title(case_id))
            item.setData(ID_ROLE, case_id)
            self.list.addItem(item)
            if case_id == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(self.list.count() == 0)

    def add(self, case_id: str, next_: bool = False) -> None:
        self.queue.add(case_id, next_=next_)
        self.refresh()

    def remove(self, case_id: str) -> None:
        row = self.list.currentRow()
        self.queue.remove(case_id)
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def items(self) -> list[str]:
        return self.queue.items()

    def clear(self) -> None:
        self.queue.clear()
        self.refresh()

    def _move_to_top(self, case_id: str) -> None:
        self.queue.move(case_id, 0)
        self.refresh()

    def pop_next(self, skip: set[str]) -> str | None:
        case_id = self.queue.pop_next(skip)
        self.refresh()
        return case_id

    def _save_order(self) -> None:
        self.queue.set_order([self.list.item(i).data(ID_ROLE) for i in range(self.list.count())])

    def _queue_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        case_id = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Play now"), lambda: self.playRequested.emit(case_id))
        menu.addAction(self.tr("Move to the top"), partial(self._move_to_top, case_id))
        menu.addAction(self.tr("Remove from Up next"), lambda: self.remove(case_id))
        menu.addSeparator()
        menu.addAction(self.tr("Clear Up next"), self.clear)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    # -- suggestions ---------------------------------------------------------
    def reason_text(self, reasons: list[str]) -> str:
        names = {
            "related": self.tr("related case"),
            "theme": self.tr("same theme"),
            "perspective": self.tr("same perspective"),
            "text": self.tr("similar content"),
        }
        return ", ".join(names.get(r, r) for r in reasons)

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.suggestions.clear()
        for s in suggestions:
            text = f"{s.case_id} · {s.title or ''}"
            if s.guests:
                text += f"\n{s.guests}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, s.case_id)
            item.setToolTip(self.tr("Suggested because: {0}").format(self.reason_text(s.reasons)))
            self.suggestions.addItem(item)
        self.no_suggestions.setVisible(not suggestions)
        self.suggestions.setVisible(bool(suggestions))

    def suggestion_ids(self) -> list[str]:
        return [self.suggestions.item(i).data(ID_ROLE) for i in range(self.suggestions.count())]

    def _suggestion_menu(self, pos) -> None:
        item = self.suggestions.itemAt(pos)
        if item is None:
            return
        case_id = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Open"), lambda: self.openRequested.emit(case_id))
        menu.addAction(self.tr("Play next"), lambda: self.add(case_id, next_=True))
        menu.addAction(self.tr("Add to Up next"), lambda: self.add(case_id))
        menu.popup(self.suggestions.viewport().mapToGlobal(pos))
