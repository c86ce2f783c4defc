"""Quoting a turn: select words (mouse, or Shift+arrows from the keyboard) and copy them as a quote
with its citation, or add them as a note with their time range."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from lornplayer import quotes
from lornplayer.export import format_time


def quote_marks() -> tuple[str, str]:
    """«…» in Norwegian, “…” in English (the chosen language)."""
    lang = QLocale().language()
    norwegian = lang in (QLocale.Language.NorwegianBokmal, QLocale.Language.NorwegianNynorsk)
    return quotes.NORWEGIAN_MARKS if norwegian else quotes.ENGLISH_MARKS


class QuoteDialog(QDialog):
    """``noteRequested(text, start, end)``: add the quote as a note covering start..end seconds."""

    noteRequested = Signal(str, float, float)

    def __init__(self, case, turn_index: int, start: float | None, end: float | None, parent=None):
        super().__init__(parent)
        self.case, self.turn_index = case, turn_index
        self.turn = case.turns[turn_index]
        self.start, self.end = start, end
        self.setWindowTitle(self.tr("Quote from {0}").format(self.turn.speaker or case.id))
        self.resize(560, 360)
        hint = QLabel(self.tr("Select the words to quote with the mouse, or with Shift and the arrow keys."))
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(self.turn.text)
        self.text.setObjectName("quoteText")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.preview = QLabel()
        self.preview.setObjectName("quotePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.text.selectionChanged.connect(self._update)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy quote"))
        self.copy_button.setDefault(True)
        self.note_button = QPushButton(self.tr("Add as note"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.note_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.note_button.clicked.connect(self.add_note)
        QShortcut(QKeySequence.StandardKey.Copy, self, self.copy)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.text.setFocus()
        self._update()

    def select(self, start: int, end: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def selection(self) -> tuple[str, int, int]:
        """The selected text and its character range (the whole turn when nothing is selected)."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return self.turn.text, 0, len(self.turn.text)
        return cursor.selectedText().replace("\u2029", " "), cursor.selectionStart(), cursor.selectionEnd()

    def time_range(self) -> tuple[float, float] | None:
        if self.start is None:
            return None
        _text, a, b = self.selection()
        end = self.end if self.end is not None and self.end > self.start else self.start
        return quotes.selection_range(self.turn.text, a, b, self.start, end)

    def quote_text(self) -> str:
        text, _a, _b = self.selection()
        span = self.time_range()
        return quotes.format_quote(
            text, self.turn.speaker, self.case.id, self.case.title, span[0] if span else None, quote_marks()
        )

    def _update(self) -> None:
        self.preview.setText(self.quote_text())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.quote_text())

    def add_note(self) -> None:
        span = self.time_range() or (0.0, 0.0)
        text, _a, _b = self.selection()
        left, right = quote_marks()
        note = f"{left}{quotes.clean_selection(text)}{right} ({format_time(span[0])}–{format_time(span[1])})"
        self.noteRequested.emit(note, span[0], span[1])
        self.accept()
