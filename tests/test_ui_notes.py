"""The Notes and Reflection panels: autosave timing, undo, seeking, case switching."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QListWidget

from lornplayer.parser import parse_file
from lornplayer.store import Library
from lornplayer.ui.notes import NotesPanel, ReflectionPanel

STARTS = [0.0, 3.0, 10.0, 20.0]  # C9001's four turns; turn 2 (Silvija Seres) covers 12.5 s
QUESTION = "Hva vil du gjøre annerledes etter denne samtalen?"


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def case(library, data_dir):
    case = parse_file(data_dir / "C9001.txt").case
    case.reflection_questions = [QUESTION]
    library.upsert_case(case)
    return case


@pytest.fixture
def panel(qtbot, library, case):
    p = NotesPanel()
    p.set_library(library)
    p.set_case(case, STARTS)
    qtbot.addWidget(p)
    p.show()
    return p


def _list(panel) -> QListWidget:
    return panel.findChild(QListWidget, "notesList")


def _stored_text(library, note_id):
    note = library.get_note(note_id)
    return note.text if note is not None else None


def test_empty_state_then_add_note_is_listed_with_time_and_speaker(panel, case):
    assert panel.notes() == []
    [empty] = [w for w in panel.findChildren(QLabel) if "Press N" in w.text()]
    assert empty.isVisible() and not _list(panel).isVisible()
    note_id = panel.add_note(12.5, 2)
    [note] = panel.notes()
    assert (note.id, note.position, note.turn_index, note.text) == (note_id, 12.5, 2, "")
    label = _list(panel).item(0).text()
    assert label.startswith("0:12") and case.turns[2].speaker in label
    assert panel.current_note_id() == note_id
    assert panel.editor().isEnabled() and panel.editor().toPlainText() == ""
    assert panel.note_counts() == {2: 1}


def test_add_note_without_turn_finds_the_turn_from_the_starts(panel, library, case):
    note_id = panel.add_note(4.0)
    assert library.get_note(note_id).turn_index == 1
    assert case.turns[1].speaker in _list(panel).item(0).text()


def test_typing_is_autosaved_within_a_second(qtbot, panel, library):
    note_id = panel.add_note(12.5, 2)
    with qtbot.waitSignal(panel.notesChanged, timeout=1500) as changed:
        qtbot.keyClicks(panel.editor(), "Samarbeid er nøkkelen")
    assert changed.args == ["C9001"]
    qtbot.waitUntil(lambda: _stored_text(library, note_id) == "Samarbeid er nøkkelen", timeout=1500)
    assert "Samarbeid er nøkkelen" in _list(panel).item(0).text()


def test_continuous_typing_still_saves_at_least_every_second(qtbot, panel, library):
    """Keys every 100 ms never let the 500 ms debounce fire; the hard cap saves anyway."""
    note_id = panel.add_note(1.0, 0)
    typed = []

    def type_one():
        qtbot.keyClick(panel.editor(), "x")
        typed.append("x")

    timer = QTimer(interval=100)
    timer.timeout.connect(type_one)
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(_stored_text(library, note_id)) >= 3, timeout=1500)
        assert timer.isActive() and len(typed) < 15
    finally:
        timer.stop()


def test_activating_a_note_requests_a_seek(qtbot, panel):
    panel.add_note(12.5, 2)
    qtbot.keyClicks(panel.editor(), "Se her")  # an empty new note would be dropped when focus leaves it
    item = _list(panel).item(0)
    with qtbot.waitSignal(panel.seekRequested, timeout=1000) as seek:
        _list(panel).itemActivated.emit(item)
    assert seek.args == [12.5]
    rect = _list(panel).visualItemRect(item)
    with qtbot.waitSignal(panel.seekRequested, timeout=1000) as seek:
        qtbot.mouseClick(_list(panel).viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seek.args == [12.5]


def test_notes_are_sorted_by_time_and_counted_per_turn(qtbot, panel):
    later = panel.add_note(25.0, 3)
    with qtbot.waitSignal(panel.noteCountsChanged, timeout=1000) as counts:
        earlier = panel.add_note(2.0, 0)
    assert [n.id for n in panel.notes()] == [earlier, later]
    assert counts.args == [{0: 1, 3: 1}] and panel.note_counts() == {0: 1, 3: 1}


def test_delete_then_undo_restores_the_note_with_same_id_and_text(qtbot, panel, library):
    note_id = panel.add_note(12.5, 2)
    qtbot.keyClicks(panel.editor(), "Viktig poeng")
    panel.flush()
    _list(panel).setFocus()
    with qtbot.waitSignal(panel.notesChanged, timeout=1000):
        qtbot.keyClick(_list(panel), Qt.Key.Key_Delete)
    assert library.get_note(note_id) is None
    assert panel.notes() == []
    assert panel.undo_stack().undoText() == "Delete note"
    panel.undo_stack().undo()
    restored = library.get_note(note_id)
    assert restored is not None and restored.text == "Viktig poeng" and restored.position == 12.5
    assert [n.id for n in panel.notes()] == [note_id]
    assert panel.current_note_id() == note_id and panel.editor().toPlainText() == "Viktig poeng"
    panel.undo_stack().redo()
    assert library.get_note(note_id) is None


def test_text_edits_and_adding_are_undoable(qtbot, panel, library):
    note_id = panel.add_note(5.0, 1)
    qtbot.keyClicks(panel.editor(), "første")
    panel.flush()
    qtbot.keyClicks(panel.editor(), " og mer")  # same editing session: merged into one undo step
    panel.flush()
    assert _stored_text(library, note_id) == "første og mer"
    assert panel.undo_stack().count() == 2  # add, edit
    panel.undo_stack().undo()
    assert _stored_text(library, note_id) == "" and panel.editor().toPlainText() == ""
    panel.undo_stack().undo()
    assert library.get_note(note_id) is None and panel.notes() == []
    panel.undo_stack().redo()
    panel.undo_stack().redo()
    assert _stored_text(library, note_id) == "første og mer"
    assert panel.editor().toPlainText() == "første og mer"


def test_undo_while_typing_keeps_the_pending_text_in_the_undone_step(qtbot, panel, library):
    note_id = panel.add_note(5.0, 1)
    qtbot.keyClicks(panel.editor(), "abc")
    panel.flush()
    qtbot.keyClicks(panel.editor(), "def")  # not saved yet when Undo is clicked
    panel.undo_stack().undo()
    assert _stored_text(library, note_id) == ""
    panel.undo_stack().redo()
    assert _stored_text(library, note_id) == "abcdef"


def test_flush_saves_immediately(qtbot, panel, library):
    note_id = panel.add_note(12.5, 2)
    qtbot.keyClicks(panel.editor(), "straks")
    assert _stored_text(library, note_id) == ""  # the debounce has not fired yet
    panel.flush()
    assert _stored_text(library, note_id) == "straks"


def test_focus_out_saves_immediately(qtbot, panel, library):
    note_id = panel.add_note(12.5, 2)
    panel.activateWindow()
    qtbot.waitUntil(lambda: panel.editor().hasFocus(), timeout=1000)
    qtbot.keyClicks(panel.editor(), "ut av feltet")
    _list(panel).setFocus()
    assert _stored_text(library, note_id) == "ut av feltet"


def test_reflection_focus_out_saves_immediately(qtbot, reflection, library, case):
    editor = reflection.editor_for("reflection", QUESTION)
    reflection.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=1000)
    qtbot.keyClicks(editor, "tab videre")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab moves on to the next answer field
    assert reflection.editor_for("learning", "Testing").hasFocus()
    assert [n.text for n in library.notes(case.id, kind="reflection")] == ["tab videre"]


def test_switching_note_saves_the_previous_one(qtbot, panel, library):
    first = panel.add_note(1.0, 0)
    qtbot.keyClicks(panel.editor(), "en")
    second = panel.add_note(25.0, 3)
    assert _stored_text(library, first) == "en"
    qtbot.keyClicks(panel.editor(), "to")
    panel.select_note(first)
    assert _stored_text(library, second) == "to"
    assert panel.editor().toPlainText() == "en"


def test_switching_case_saves_pending_text_of_previous_case(qtbot, panel, library, case, data_dir):
    note_id = panel.add_note(12.5, 2)
    qtbot.keyClicks(panel.editor(), "ikke tapt")
    other = parse_file(data_dir / "C9001.txt").case
    other.id, other.label = "C9002", "#C9002"
    library.upsert_case(other)
    panel.set_case(other, STARTS)
    assert _stored_text(library, note_id) == "ikke tapt"
    assert panel.notes() == [] and not panel.editor().isEnabled()
    panel.set_case(case, STARTS)
    assert [n.text for n in panel.notes()] == ["ikke tapt"]


def test_export_writes_markdown(panel, tmp_path, qtbot):
    panel.add_note(12.5, 2)
    qtbot.keyClicks(panel.editor(), "Til eksport")
    out = panel.export_notes(tmp_path / "notes.md")
    text = out.read_text(encoding="utf-8")
    assert "Til eksport" in text and "0:12" in text


# -- reflection panel -----------------------------------------------------------


@pytest.fixture
def reflection(qtbot, library, case):
    p = ReflectionPanel()
    p.set_library(library)
    p.set_case(case)
    qtbot.addWidget(p)
    p.show()
    return p


def test_reflection_answer_is_autosaved_and_survives_a_new_panel(qtbot, reflection, library, case):
    editor = reflection.editor_for("reflection", QUESTION)
    assert editor is not None and editor.toPlainText() == ""
    with qtbot.waitSignal(reflection.notesChanged, timeout=1500):
        qtbot.keyClicks(editor, "Dele mer")
    [answer] = library.notes(case.id, kind="reflection")
    assert (answer.key, answer.text) == (QUESTION, "Dele mer")

    again = ReflectionPanel(library)
    qtbot.addWidget(again)
    again.set_case(case)
    assert again.editor_for("reflection", QUESTION).toPlainText() == "Dele mer"


def test_learning_points_have_answer_fields(qtbot, reflection, library, case):
    assert case.learning_points == ["Testing", "Kvalitet"]
    editor = reflection.editor_for("learning", "Kvalitet")
    qtbot.keyClicks(editor, "Lærte mye")
    reflection.flush()
    assert [(n.key, n.text) for n in library.notes(case.id, kind="learning")] == [("Kvalitet", "Lærte mye")]


def test_reflection_switching_case_saves_pending_answer(qtbot, reflection, library, case):
    qtbot.keyClicks(reflection.editor_for("reflection", QUESTION), "før bytte")
    reflection.set_case(None)
    assert [n.text for n in library.notes(case.id, kind="reflection")] == ["før bytte"]
    assert reflection.editor_for("reflection", QUESTION) is None


def test_reflection_empty_state(qtbot, library, data_dir):
    bare = parse_file(data_dir / "C9001.txt").case
    bare.learning_points = []
    p = ReflectionPanel(library)
    qtbot.addWidget(p)
    p.set_case(bare)
    texts = [label.text() for label in p.findChildren(QLabel)]
    assert "This case has no reflection questions or learning points." in texts


def test_new_note_left_empty_with_escape_leaves_no_note(qtbot, panel, library, case):
    kept = panel.add_note(2.0, 0)
    qtbot.keyClicks(panel.editor(), "Behold meg")
    panel.flush()
    empty = panel.add_note(12.5, 2)
    assert panel.editor().hasFocus() or panel.current_note_id() == empty
    qtbot.keyClick(panel.editor(), Qt.Key.Key_Escape)
    assert library.get_note(empty) is None
    assert [n.id for n in panel.notes()] == [kept]
    assert all("(empty note)" not in _list(panel).item(i).text() for i in range(_list(panel).count()))
    assert panel.note_counts() == {0: 1}
    assert panel.undo_stack().undoText() != "Add note" or panel.undo_stack().count() == 2


def test_new_note_left_empty_is_dropped_on_flush_but_a_typed_one_stays(qtbot, panel, library):
    empty = panel.add_note(4.0, 1)
    panel.flush()
    assert library.get_note(empty) is None and panel.notes() == []
    typed = panel.add_note(5.0, 1)
    qtbot.keyClicks(panel.editor(), "x")
    qtbot.keyClick(panel.editor(), Qt.Key.Key_Escape)
    assert library.get_note(typed).text == "x"
