"""The Reflection tab: an answer field for each reflection question and "what you will learn"
point, saved as you type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lornplayer.model import Case
from lornplayer.store import DatabaseError, Library
from lornplayer.ui.autosave import _Autosaver


class _AnswerEdit(QPlainTextEdit):
    """A plain-text answer field that grows with its text (3 to 12 lines)."""

    MIN_LINES, MAX_LINES = 3, 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args) -> None:
        lines = int(self.document().documentLayout().documentSize().height())  # lines, for a plain-text layout
        lines = max(self.MIN_LINES, min(self.MAX_LINES, lines))
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 2 * self.frameWidth()
        )
        self.setFixedHeight(int(height) + 2)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()


@dataclass
class _Answer:
    kind: str  # "reflection" or "learning"
    key: str  # the question or learning point
    editor: _AnswerEdit
    saved: str  # the text as last written to the library


class ReflectionPanel(QWidget):
    """An answer field for each reflection question and each "what you will learn" point of the case."""

    notesChanged = Signal(str)  # case id, after answers were saved
    noteChanged = Signal(str, int)  # case id, note id of each answer saved
    saveFailed = Signal(str)

    def __init__(self, library: Library | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._library = library
        self._case: Case | None = None
        self._answers: list[_Answer] = []
        self._autosave = _Autosaver(self.flush, self)
        self._scroll = QScrollArea()
        self._scroll.setAccessibleName(self.tr("Reflection answers"))
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        self._rebuild()

    def set_library(self, library: Library | None) -> None:
        self.flush()
        self._library = library
        self._rebuild()

    def set_case(self, case: Case | None) -> None:
        self.flush()
        self._case = case
        self._rebuild()

    def case(self) -> Case | None:
        return self._case

    def editor_for(self, kind: str, key: str) -> QPlainTextEdit | None:
        """The answer field of a question (kind "reflection") or learning point ("learning")."""
        return next((a.editor for a in self._answers if a.kind == kind and a.key == key), None)

    def flush(self) -> None:
        """Save every changed answer now."""
        self._autosave.stop()
        if self._library is None or self._case is None:
            return
        saved = False
        for answer in self._answers:
            text = answer.editor.toPlainText()
            if text == answer.saved:
                continue
            try:
                note = self._library.set_answer(self._case.id, answer.kind, answer.key, text)
            except DatabaseError as exc:
                self._autosave.changed()  # try again soon
                self.saveFailed.emit(self.tr("Your answer could not be saved yet: {0}").format(exc))
                break
            answer.saved = text
            saved = True
            if note is not None and note.id is not None:
                self.noteChanged.emit(self._case.id, note.id)
        if saved:
            self.notesChanged.emit(self._case.id)

    def _rebuild(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        self._answers = []
        case = self._case
        stored: dict[tuple[str, str], str] = {}
        if case is not None and self._library is not None:
            for note in self._library.notes(case.id):
                if note.kind in ("reflection", "learning") and note.key is not None:
                    stored[(note.kind, note.key)] = note.text
        sections = [
            ("reflection", self.tr("Reflection questions"), case.reflection_questions if case else []),
            ("learning", self.tr("What you will learn"), case.learning_points if case else []),
        ]
        previous: QWidget | None = None
        for kind, title, keys in sections:
            keys = list(dict.fromkeys(k for k in keys if k.strip()))
            if not keys:
                continue
            header = QLabel(title)
            font = QFont(header.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            header.setFont(font)
            layout.addWidget(header)
            if kind == "learning":
                hint = QLabel(self.tr("What did you learn about each point?"))
                hint.setWordWrap(True)
                hint.setEnabled(False)
                layout.addWidget(hint)
            for key in keys:
                label = QLabel(key)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                editor = _AnswerEdit()
                editor.setPlaceholderText(self.tr("Your answer…"))
                editor.setAccessibleName(key)
                editor.setPlainText(stored.get((kind, key), ""))
                label.setBuddy(editor)
                editor.textChanged.connect(self._autosave.changed)
                editor.installEventFilter(self)  # save on focus-out, scroll into view on focus-in
                layout.addWidget(label)
                layout.addWidget(editor)
                layout.addSpacing(6)
                self._answers.append(_Answer(kind, key, editor, editor.toPlainText()))
                if previous is not None:
                    QWidget.setTabOrder(previous, editor)
                previous = editor
            layout.addSpacing(10)
        if not self._answers:
            text = (
                self.tr("This case has no reflection questions or learning points.")
                if case is not None
                else self.tr("Open a case to answer its reflection questions.")
            )
            empty = QLabel(text)
            empty.setWordWrap(True)
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.setEnabled(False)
            empty.setMargin(12)
            layout.addWidget(empty)
        layout.addStretch(1)
        self._scroll.setWidget(content)  # deletes the previous content

    def eventFilter(self, obj, event):
        if isinstance(obj, _AnswerEdit):
            if event.type() == QEvent.Type.FocusIn:
                self._scroll.ensureWidgetVisible(obj)
            elif event.type() == QEvent.Type.FocusOut:
                self.flush()
        return super().eventFilter(obj, event)
