"""Child process of ``test_durability.py``: types into a note at a steady pace until it is killed.

Usage: ``python tests/kill_helper.py CASE_ID`` with ``QT_QPA_PLATFORM=offscreen`` and
``LORNPLAYER_DATA_DIR`` pointing at a library that holds the case (with at least one
reflection question).  It opens the case in the real main window (or, if that is not
available, in bare Notes/Reflection panels), then prints, flushing each line:

* ``MODE mainwindow|panels``
* ``BEFORE <json>``: a note and a reflection answer it typed and flushed before the typing test;
* ``NOTE <id>``: the note it now types into;
* ``TYPED <index> <char> <time.monotonic()>`` after each character, one every TYPE_INTERVAL_MS.

It quits by itself after SAFETY_MS, in case the test that started it is gone.
"""

from __future__ import annotations

import json
import sys
import time

TYPE_INTERVAL_MS = 50
SAFETY_MS = 30000
TEXT = "det viktigste er å dele data på tvers av etater "
BEFORE_NOTE = "Skrevet før testen"
BEFORE_ANSWER = "Et svar som må overleve"


def emit(*parts) -> None:
    print(*parts, flush=True)


def open_case(library, case_id: str):
    """(notes panel, reflection panel, window or None, mode) showing *case_id*."""
    try:
        from lornplayer.ui.mainwindow import MainWindow
    except ImportError:
        MainWindow = None  # noqa: N806
    if MainWindow is not None:
        window = MainWindow(library)
        window.show()
        notes, reflection = getattr(window, "notes_panel", None), getattr(window, "reflection_panel", None)
        if notes is not None and reflection is not None and window.open_case(case_id):
            return notes, reflection, window, "mainwindow"
        window.close()
    from lornplayer.ui.notes import NotesPanel, ReflectionPanel

    case = library.get_case(case_id)
    notes, reflection = NotesPanel(library), ReflectionPanel(library)
    notes.set_case(case, None)
    reflection.set_case(case)
    notes.show()
    reflection.show()
    return notes, reflection, None, "panels"


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from lornplayer.store import Library

    app = QApplication(sys.argv[:1])
    case_id = sys.argv[1]
    library = Library.open()
    notes, reflection, window, mode = open_case(library, case_id)
    emit("MODE", mode)

    question = reflection.case().reflection_questions[0]
    before_id = notes.add_note(1.0, 0)
    QTest.keyClicks(notes.editor(), BEFORE_NOTE)
    notes.flush()
    QTest.keyClicks(reflection.editor_for("reflection", question), BEFORE_ANSWER)
    reflection.flush()
    emit(
        "BEFORE",
        json.dumps(
            {"note_id": before_id, "note": BEFORE_NOTE, "question": question, "answer": BEFORE_ANSWER},
            ensure_ascii=False,
        ),
    )

    target = notes.add_note(12.5, 2)
    emit("NOTE", target)
    typed = 0

    def type_next() -> None:
        nonlocal typed
        ch = TEXT[typed % len(TEXT)]
        QTest.keyClicks(notes.editor(), ch)
        emit("TYPED", typed, repr(ch), time.monotonic())
        typed += 1

    timer = QTimer(interval=TYPE_INTERVAL_MS)
    timer.timeout.connect(type_next)
    timer.start()
    QTimer.singleShot(SAFETY_MS, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
