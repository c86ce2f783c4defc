"""The find bar over the transcript (Ctrl+F): type, Enter / Shift+Enter step through the matches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:
    from lornplayer.ui.transcript import TranscriptView


class FindBar(QWidget):
    """Find in the transcript: a field, "3 of 12", previous/next; Enter / Shift+Enter step, Esc closes."""

    closed = Signal()

    def __init__(self, view: TranscriptView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find in transcript"))
        self.edit.setAccessibleName(self.tr("Find in transcript"))
        self.edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("000 of 000") + 8)
        style = self.style()
        self.previous_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
            self.tr("Previous match (Shift+Enter)"),
            view.find_previous,
        )
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), self.tr("Next match (Enter)"), view.find_next
        )
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton), self.tr("Close (Esc)"), self.close_bar
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.count_label)
        for button in (self.previous_button, self.next_button, self.close_button):
            row.addWidget(button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(view.find)
        self.edit.installEventFilter(self)
        view.findResultChanged.connect(self._show_result)

    def _button(self, icon, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def open(self) -> None:
        """Show the bar and focus the field (its text selected, its matches marked again)."""
        self.show()
        self.edit.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.edit.selectAll()
        if self.edit.text().strip():
            self._view.find(self.edit.text())

    @Slot()
    def close_bar(self) -> None:
        """Hide the bar and remove the find marks."""
        self.hide()
        self._view.clear_find()
        self.closed.emit()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self._view.find_previous()
                else:
                    self._view.find_next()
                return True
        return super().eventFilter(obj, event)

    def _show_result(self, current: int, total: int) -> None:
        if not self.edit.text().strip():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText(self.tr("No matches"))
        else:
            self.count_label.setText(self.tr("{0} of {1}").format(current + 1, total))
