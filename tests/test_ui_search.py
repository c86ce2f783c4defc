"""Global search in the window (Ctrl+K) and find in the transcript (Ctrl+F)."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from lornplayer.core import AppCore
from lornplayer.importer import import_paths
from lornplayer.store import Library


@pytest.fixture
def window(tmp_path, case_folder, qtbot):
    from lornplayer.ui.mainwindow import MainWindow

    src = case_folder("C0557.txt", "C0557.opus", "C0775.txt", "C9001.txt")
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [src])
    AppCore(lib).index()  # built before the window asks
    w = MainWindow(lib)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    lib.close()


def test_ctrl_k_search_opens_the_moment_paused_with_words_marked(window, qtbot):
    w = window
    qtbot.keyClick(w, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert w.search_field.hasFocus()
    w.search_field.setText("estland speaker:øyvind")
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000) as blocker:
        qtbot.keyClick(w.search_field, Qt.Key.Key_Return)
    assert blocker.args[0] >= 1
    assert w.left_stack.currentWidget() is w.search_panel
    items = w.search_panel.hit_items()
    n = len(items)
    assert w.search_panel.status.text().startswith(("1 hit " if n == 1 else f"{n} hits ") + "in 1 case")
    case_id, turn, start, terms = items[0].data(0, Qt.ItemDataRole.UserRole + 10)
    assert case_id == "C0557" and turn is not None and start is not None
    assert any(t.lower().startswith("estland") for t in terms)

    w.search_panel._activate(items[0])
    assert w.case.id == "C0557"
    assert not w.player.is_playing()
    assert w.timing.starts[turn] == pytest.approx(start)
    assert turn in w.transcript.marks()
    # The player waits where the words are spoken: at the start of the sentence holding the first match.
    spoken = w.timing.sentence_containing(turn, w.transcript.marks()[turn][0][0]).start
    assert w.timing.starts[turn] <= spoken < w.timing.ends[turn]
    qtbot.waitUntil(lambda: w.player.is_loaded() and abs(w.player.position() - spoken) < 0.5, timeout=10000)
    assert not w.player.is_playing()
    assert not w.transcript.is_following()  # kept on the hit, not yanked elsewhere
    assert "Estland" in w.case.turns[turn].text

    # Esc in the search field returns to the library.
    w.search_field.setFocus()
    qtbot.keyClick(w.search_field, Qt.Key.Key_Escape)
    assert w.left_stack.currentIndex() == 0
    assert w.search_field.text() == ""


def test_search_with_no_hits_says_so(window, qtbot):
    w = window
    w.search_field.setText("zzzqqq")
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000) as blocker:
        w.search_bar.run()
    assert blocker.args[0] == 0
    assert "zzzqqq" in w.search_panel.status.text()


def test_bad_query_gives_message_not_traceback(window, qtbot):
    w = window
    w.search_field.setText('"åpen innovasjon AND')
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000):
        w.search_bar.run()
    assert "failed" not in w.search_panel.status.text().lower()


def test_ctrl_f_finds_and_steps_through_matches(window, qtbot):
    w = window
    w.open_case("C0557")
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible()
    qtbot.keyClicks(w.find_bar.edit, "kommune")
    total = w.transcript.find_count()
    assert total > 3
    assert str(total) in w.find_bar.count_label.text()
    first = w.transcript.find_next()
    second = w.transcript.find_next()
    assert first != second
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()


def test_a_note_typed_in_the_window_is_found_by_search(window, qtbot):
    w = window
    w.open_case("C0557")
    w.add_note_now()
    qtbot.keyClicks(w.notes_panel.editor(), "zyxword om kommunesammenslaaing")

    def found():
        hits = w.core.search("zyxword").hits
        return any(h.kind == "note" and h.case_id == "C0557" for h in hits)

    qtbot.waitUntil(found, timeout=15000)
    w.search_field.setText("zyxword")
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000) as blocker:
        w.search_bar.run()
    assert blocker.args[0] == 1
    w.search_panel.activate_first()
    assert w.case.id == "C0557"


def test_an_english_word_finds_the_norwegian_cases_and_says_so(window, qtbot):
    w = window
    w.search_field.setText("innovation")
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000) as blocker:
        w.run_search()
    assert blocker.args[0] >= 1  # "innovasjon" is said in these cases
    status = w.search_panel.status.text()
    assert "innovation" in status and "innovasjon" in status
    w.search_field.setText("spaceship")  # English, and not in the word list
    with qtbot.waitSignal(w.search_panel.searched, timeout=10000) as blocker:
        w.run_search()
    assert blocker.args[0] == 0
    assert "Norwegian" in w.search_panel.status.text()


def test_the_core_searches_english_words_again_in_norwegian(window):
    result = window.core.search("sustainability")
    assert result.hits and result.searched_as == ("bærekraft", [("sustainability", "bærekraft")])
    assert window.core.search("bærekraft").searched_as is None  # a Norwegian query is left alone
