"""The Notes and Reflection panels: the user's own writing about a case, saved as they type.

There is no Save button to forget.  Text is written to the library (one SQLite
transaction per save) half a second after typing pauses, at least once a
second while typing goes on, and at once on focus-out, on switching note or
case, and on ``flush()`` (the window calls it on quit).

:class:`NotesPanel` lists the moment notes of the current case with an editor
for the selected one; adding, deleting and editing notes are undoable through
:meth:`NotesPanel.undo_stack`.  :class:`ReflectionPanel` has an answer field
for each reflection question and each "what you will learn" point.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Sequence
from typing import Iterator

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lornplayer.core import AppCore
from lornplayer.export import format_time
from lornplayer.model import Case, Note
from lornplayer.store import DatabaseError, Library

from lornplayer.ui.autosave import DEBOUNCE_MS, MAX_DELAY_MS, _Autosaver  # noqa: F401 - also imported from here


from lornplayer.ui.reflection import ReflectionPanel  # noqa: F401 - the window imports it from here

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("NotesPanel", text)


# --------------------------------------------------------------------------
# Undo commands.  They work on the library directly (a note may belong to a
# case that is no longer shown) and tell the panel to refresh.
# --------------------------------------------------------------------------


class _NoteCommand(QUndoCommand):
    """Runs ``_apply`` on push and redo, ``_revert`` on undo; the panel saves pending typing first."""

    def __init__(self, panel: "NotesPanel", text: str):
        super().__init__(text)
        self.panel = panel
        self.library = panel.library()
        self._pushed = False

    def redo(self) -> None:
        with self.panel._running_command():
            if self._pushed:  # a real redo, not the push
                self.panel._settle()
            self._pushed = True
            self._apply()

    drop_after_undo = False  # set for an empty new note that is discarded: no redo entry stays

    def undo(self) -> None:
        with self.panel._running_command():
            self.panel._settle()
            self._revert()
        if self.drop_after_undo:
            self.setObsolete(True)

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError


class _AddNote(_NoteCommand):
    def __init__(self, panel: "NotesPanel", note: Note):
        super().__init__(panel, _tr("Add note"))
        self.note = note

    def _apply(self) -> None:
        if self.note.id is None:
            self.library.add_note(self.note)
        else:
            self.library.restore_note(self.note)
        self.panel._notes_changed(self.note.case_id, select=self.note.id, changed=self.note.id)

    def _revert(self) -> None:
        self.note = self.library.delete_note(self.note.id) or self.note
        self.panel._notes_changed(self.note.case_id, changed=self.note.id)


class _DeleteNote(_NoteCommand):
    def __init__(self, panel: "NotesPanel", note: Note):
        super().__init__(panel, _tr("Delete note"))
        self.note = note

    def _apply(self) -> None:
        self.note = self.library.delete_note(self.note.id) or self.note
        self.panel._notes_changed(self.note.case_id, changed=self.note.id)

    def _revert(self) -> None:
        self.library.restore_note(self.note)
        self.panel._notes_changed(self.note.case_id, select=self.note.id, changed=self.note.id)


class _EditNote(_NoteCommand):
    """One editing session of a note; the panel extends ``new`` while the user types."""

    def __init__(self, panel: "NotesPanel", note: Note, old: str, new: str):
        super().__init__(panel, _tr("Edit note"))
        self.note_id, self.case_id, self.old, self.new = note.id, note.case_id, old, new

    def _apply(self) -> None:
        self.panel._write_text(self.note_id, self.case_id, self.new)

    def _revert(self) -> None:
        self.panel._write_text(self.note_id, self.case_id, self.old)


# --------------------------------------------------------------------------


class NotesPanel(QWidget):
    """The moment notes of the current case: a list sorted by time and an editor for the selected note.

    The window connects :attr:`seekRequested` to the player, :attr:`notesChanged`
    to its note markers and search index, :attr:`addNoteRequested` (the "Add note"
    button) to :meth:`add_note` with the player's position, and puts the actions of
    :meth:`undo_stack` in its Edit menu.
    """

    seekRequested = Signal(float)
    notesChanged = Signal(str)  # case id, after a save, an add or a delete
    noteChanged = Signal(str, int)  # case id, note id: that note was saved, added, deleted or restored
    noteCountsChanged = Signal(object)  # dict: turn index -> number of notes, after the list changed
    addNoteRequested = Signal()
    saveFailed = Signal(str)  # a user-facing message; the text stays in the editor and is saved again later

    def __init__(self, library: Library | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._library = library
        self._case: Case | None = None
        self._starts: list[float | None] = []
        self._notes: dict[int, Note] = {}  # the case's moment notes by id
        self._editing: int | None = None  # id of the note in the editor
        self._saved_text = ""  # the editor's text as last written to the library
        self._session: _EditNote | None = None  # the open edit command while the user types in a note
        self._loading = False
        self._in_command = False  # an undo command is running: no new command may be pushed
        self._fresh: _AddNote | None = None  # the note just added, until text is typed into it
        self._undo = QUndoStack(self)
        self._autosave = _Autosaver(self._save_text, self)
        self._build()

    def _build(self) -> None:
        tr = self.tr
        self._add_button = QPushButton(tr("Add note"))
        self._add_button.setToolTip(tr("Add a note at the current moment (N)"))
        self._add_button.clicked.connect(lambda: self.addNoteRequested.emit())
        self._delete_button = QPushButton(tr("Delete"))
        self._delete_button.setToolTip(tr("Delete the selected note (Delete); Undo brings it back"))
        self._delete_button.clicked.connect(lambda: self.delete_note())
        self._export_button = QPushButton(tr("Export notes…"))
        self._export_button.setToolTip(tr("Save this case's notes and answers as Markdown or PDF"))
        self._export_button.clicked.connect(lambda: self.export_notes())
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self._add_button, self._delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self._export_button)

        self._list = QListWidget()
        self._list.setObjectName("notesList")
        self._list.setAccessibleName(tr("Notes"))
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setSpacing(2)
        self._list.currentItemChanged.connect(self._on_current_changed)
        self._list.itemClicked.connect(self._seek_to_item)
        self._list.itemActivated.connect(self._on_activated)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        play = QAction(tr("Play from here"), self._list)
        play.triggered.connect(lambda: self._seek_to_item(self._list.currentItem()))
        delete = QAction(tr("Delete note"), self._list)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(lambda: self.delete_note())
        self._list.addActions([play, delete])

        self._empty = QLabel(tr("No notes yet. Press N while listening to add a note at the current moment."))
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setEnabled(False)  # drawn greyed out
        self._empty.setMargin(12)
        self._pages = QStackedWidget()
        self._pages.addWidget(self._empty)
        self._pages.addWidget(self._list)

        self._editor = QPlainTextEdit()
        self._editor.setObjectName("noteEditor")
        self._editor.setAccessibleName(tr("Note text"))
        self._editor.setPlaceholderText(tr("Write your note here. It is saved as you type."))
        self._editor.setTabChangesFocus(True)
        self._editor.textChanged.connect(self._on_text_changed)
        self._editor.installEventFilter(self)  # save on focus-out; Escape returns to the list

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._pages)
        splitter.addWidget(self._editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        QWidget.setTabOrder(self._list, self._editor)
        QWidget.setTabOrder(self._editor, self._add_button)
        QWidget.setTabOrder(self._add_button, self._delete_button)
        QWidget.setTabOrder(self._delete_button, self._export_button)
        self._reload()

    # ------------------------------------------------------------ public API
    def library(self) -> Library | None:
        return self._library

    def set_library(self, library: Library | None) -> None:
        self._end_session()
        self._library = library
        self._undo.clear()
        self._reload()

    def set_case(self, case: Case | None, starts: Sequence[float | None] | None = None) -> None:
        """Show *case*'s notes; *starts* are the turn start times (to place notes in turns)."""
        self.discard_empty_new_note()
        self._end_session()
        same = case is not None and self._case is not None and case.id == self._case.id
        self._case = case
        self._starts = list(starts or [])
        self._reload(select=self._current_id() if same else None)

    def set_starts(self, starts: list[float | None] | None) -> None:
        """New turn start times (after alignment or a sync anchor)."""
        self._starts = list(starts or [])
        self._reload()

    def case(self) -> Case | None:
        return self._case

    def notes(self) -> list[Note]:
        """The listed notes, in list order (by time)."""
        return [self._notes[self._list.item(i).data(NOTE_ID_ROLE)] for i in range(self._list.count())]

    def note_counts(self) -> dict[int, int]:
        """How many notes each turn has (turn index -> count)."""
        counts: dict[int, int] = {}
        for note in self._notes.values():
            turn = self._turn_of(note)
            if turn is not None:
                counts[turn] = counts.get(turn, 0) + 1
        return counts

    def undo_stack(self) -> QUndoStack:
        return self._undo

    def editor(self) -> QPlainTextEdit:
        return self._editor

    def current_note_id(self) -> int | None:
        return self._current_id()

    def select_note(self, note_id: int, edit: bool = False) -> bool:
        """Select a listed note (and with *edit*, put the cursor at the end of its text)."""
        for i in range(self._list.count()):
            if self._list.item(i).data(NOTE_ID_ROLE) == note_id:
                self._list.setCurrentRow(i)
                if edit:
                    self._editor.moveCursor(QTextCursor.MoveOperation.End)
                    self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def add_note(self, position: float, turn_index: int | None = None) -> int:
        """Create an empty note at *position* (seconds), select it and focus its editor; returns its id."""
        if self._library is None or self._case is None:
            raise RuntimeError("NotesPanel.add_note needs a library and a case")
        self._end_session()
        if turn_index is None:
            turn_index = self._turn_at(position)
        command = _AddNote(self, Note(None, self._case.id, "", position, turn_index))
        self._undo.push(command)
        self._fresh = command
        self.select_note(command.note.id, edit=True)
        return command.note.id

    def discard_empty_new_note(self) -> bool:
        """Remove the note just added if nothing was typed into it (N then Esc leaves no note).

        The add is undone and dropped from the undo history, so no "(empty note)" stays behind.
        """
        command, self._fresh = self._fresh, None
        if command is None or self._library is None or self._in_command:
            return False
        note = self._notes.get(command.note.id)
        typed = self._editor.toPlainText() if self._editing == command.note.id else (note.text if note else "")
        if note is None or typed.strip():
            return False
        self._autosave.stop()
        self._session = None
        if self._undo.index() > 0 and self._undo.command(self._undo.index() - 1) is command:
            command.drop_after_undo = True
            self._undo.undo()  # deletes the note; the command marks itself obsolete and leaves the stack
        else:
            self._library.delete_note(note.id)
            self._notes_changed(note.case_id)
        return True

    def delete_note(self, note_id: int | None = None) -> bool:
        """Delete a note (the selected one by default); undoable."""
        note_id = self._current_id() if note_id is None else note_id
        if self._library is None or note_id not in self._notes:
            return False
        self._end_session()
        self._undo.push(_DeleteNote(self, self._notes[note_id]))
        return True

    def flush(self) -> None:
        """Save what is typed now (the window calls this on quit); a new note left empty is dropped."""
        if not self.discard_empty_new_note():
            self._save_text()

    def reload(self) -> None:
        """Save, then re-read the notes from the library (after a change made elsewhere)."""
        self.flush()
        self._reload()

    def export_notes(self, path: str | Path | None = None) -> Path | None:
        """Export this case's notes and answers (Markdown, or PDF for a ``.pdf`` name); asks for a file without *path*."""
        if self._library is None or self._case is None:
            return None
        self.flush()
        if path is None:
            from lornplayer.ui import savefiles

            chosen = savefiles.ask_save_path(
                self,
                self._library,
                self.tr("Export notes"),
                savefiles.case_file_name(self._case, " – " + QCoreApplication.translate("MainWindow", "notes")),
                [("md", self.tr("Markdown (*.md)")), ("pdf", self.tr("PDF (*.pdf)"))],
            )
            if chosen is None:
                return None
            path = chosen[0]
        path = Path(path)
        fmt = "pdf" if path.suffix.lower() == ".pdf" else "md"
        try:
            from lornplayer.export import Labels

            AppCore(self._library).export_notes(
                [self._case.id], fmt, path, labels=Labels.translated(QCoreApplication.translate)
            )
        except (OSError, RuntimeError, DatabaseError) as exc:
            from lornplayer.ui.plaintext import message

            message(
                self, self.tr("Export notes"), self.tr("The notes could not be written to {0}:\n{1}").format(path, exc)
            )
            return None
        from lornplayer.ui import savefiles

        savefiles.notify_saved(self, path)
        return path

    # ------------------------------------------------------------ list
    def _current_id(self) -> int | None:
        item = self._list.currentItem()
        return item.data(NOTE_ID_ROLE) if item is not None else None

    def _turn_at(self, position: float | None) -> int | None:
        if position is None:
            return None
        turn = None
        for i, start in enumerate(self._starts):
            if start is not None and start <= position:
                turn = i
        return turn

    def _turn_of(self, note: Note) -> int | None:
        return note.turn_index if note.turn_index is not None else self._turn_at(note.position)

    def _time_of(self, note: Note) -> float | None:
        if note.position is not None:
            return note.position
        t = note.turn_index
        return self._starts[t] if t is not None and 0 <= t < len(self._starts) else None

    def _speaker_of(self, note: Note) -> str | None:
        turn = self._turn_of(note)
        if self._case is None or turn is None or not 0 <= turn < len(self._case.turns):
            return None
        return self._case.turns[turn].speaker

    def _label(self, note: Note) -> str:
        t = self._time_of(note)
        head = " · ".join(x for x in (format_time(t) if t is not None else None, self._speaker_of(note)) if x)
        first = next((line.strip() for line in note.text.splitlines() if line.strip()), "")
        if len(first) > 120:
            first = first[:119] + "…"
        return f"{head or self.tr('Note')}\n{first or self.tr('(empty note)')}"

    def _decorate(self, item: QListWidgetItem, note: Note) -> None:
        item.setText(self._label(note))
        text = note.text.strip()
        item.setToolTip(f"<p style='white-space:pre-wrap'>{html.escape(text[:1000])}</p>" if text else "")
        font = item.font()
        font.setItalic(not text)
        item.setFont(font)

    def _reload(self, select: int | None = None) -> None:
        """Re-read the case's notes and rebuild the list, keeping the selection (or moving to *select*)."""
        keep = select if select is not None else self._current_id()
        row = self._list.currentRow()
        notes = self._library.notes(self._case.id, kind="note") if self._library and self._case else []
        notes.sort(key=lambda n: (self._time_of(n) is None, self._time_of(n) or 0.0, n.id))
        self._notes = {n.id: n for n in notes}
        with QSignalBlocker(self._list):
            self._list.clear()
            for note in notes:
                item = QListWidgetItem()
                item.setData(NOTE_ID_ROLE, note.id)
                self._decorate(item, note)
                self._list.addItem(item)
            if keep in self._notes:
                row = next(i for i, n in enumerate(notes) if n.id == keep)
            if notes:
                self._list.setCurrentRow(max(0, min(row, len(notes) - 1)))
        self._pages.setCurrentWidget(self._list if notes else self._empty)
        self._editor.setVisible(bool(notes))
        for button in (self._add_button, self._export_button):
            button.setEnabled(self._case is not None and self._library is not None)
        self._load_editor(self._current_id())
        self.noteCountsChanged.emit(self.note_counts())

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        moved_away = self._fresh is not None and (current is None or current.data(NOTE_ID_ROLE) != self._fresh.note.id)
        if moved_away and self.discard_empty_new_note():
            return
        self._end_session()
        self._load_editor(current.data(NOTE_ID_ROLE) if current is not None else None)

    def _seek_to_item(self, item: QListWidgetItem | None) -> None:
        note = self._notes.get(item.data(NOTE_ID_ROLE)) if item is not None else None
        t = self._time_of(note) if note is not None else None
        if t is not None:
            self.seekRequested.emit(float(t))

    def _on_activated(self, item: QListWidgetItem) -> None:
        self._seek_to_item(item)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if obj is self._editor:
            if event.type() == QEvent.Type.FocusOut:
                leaving = event.reason() not in (
                    Qt.FocusReason.ActiveWindowFocusReason,
                    Qt.FocusReason.PopupFocusReason,
                )
                if not (leaving and self.discard_empty_new_note()):
                    self._end_session()
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.discard_empty_new_note()
                if self._list.count():
                    self._list.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ editing and saving
    def _load_editor(self, note_id: int | None) -> None:
        """Show a note's text in the editor (left alone if it already shows exactly that)."""
        note = self._notes.get(note_id) if note_id is not None else None
        text = note.text if note is not None else ""
        if note_id != self._editing or self._editor.toPlainText() != text:
            self._loading = True
            try:
                self._editor.setPlainText(text)
            finally:
                self._loading = False
        self._editing = note.id if note is not None else None
        self._saved_text = text
        self._editor.setEnabled(note is not None)
        self._delete_button.setEnabled(note is not None)

    def _on_text_changed(self) -> None:
        if not self._loading and self._editing is not None:
            self._autosave.changed()

    def _save_text(self, record: bool = True) -> None:
        """Write the editor's text if it changed, as part of the open edit command (or a new one if *record*)."""
        self._autosave.stop()
        note = self._notes.get(self._editing) if self._editing is not None else None
        text = self._editor.toPlainText()
        if note is None or self._library is None or text == self._saved_text:
            return
        if self._fresh is not None and self._fresh.note.id == note.id and text.strip():
            self._fresh = None
        if self._session is not None and self._session.note_id == note.id:
            self._session.new = text
            self._write_text(note.id, note.case_id, text)
        elif record and not self._in_command:
            self._session = _EditNote(self, note, self._saved_text, text)
            self._undo.push(self._session)  # its redo writes the text
        else:
            self._write_text(note.id, note.case_id, text)

    def _write_text(self, note_id: int, case_id: str, text: str) -> None:
        try:
            self._library.update_note_text(note_id, text)
        except DatabaseError as exc:
            self._autosave.changed()  # try again soon; the text stays in the editor
            self.saveFailed.emit(self.tr("Your note could not be saved yet: {0}").format(exc))
            return
        note = self._notes.get(note_id)
        if note is not None:
            note.text = text
            for i in range(self._list.count()):
                if self._list.item(i).data(NOTE_ID_ROLE) == note_id:
                    self._decorate(self._list.item(i), note)
            if note_id == self._editing:
                self._load_editor(note_id)
        self.noteChanged.emit(case_id, note_id)
        self.notesChanged.emit(case_id)

    def _end_session(self) -> None:
        """Save, and make the next typing a new undo step."""
        self._save_text()
        self._session = None

    @contextmanager
    def _running_command(self) -> Iterator[None]:
        self._in_command = True
        try:
            yield
        finally:
            self._in_command = False

    def _settle(self) -> None:
        """Before an undo or redo: save the typing into the open edit command and close it."""
        self._save_text(record=False)
        self._session = None

    def _notes_changed(self, case_id: str, select: int | None = None, changed: int | None = None) -> None:
        if self._case is not None and case_id == self._case.id:
            self._reload(select)
        if changed is not None:
            self.noteChanged.emit(case_id, changed)
        self.notesChanged.emit(case_id)


# --------------------------------------------------------------------------
