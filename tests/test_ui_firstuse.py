"""What a new user trips over in the first ten minutes (issue 15): each test fails on the 0.1 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lornplayer.importer import import_paths
from lornplayer.store import Library


@pytest.fixture
def library(tmp_path, case_folder):
    src = case_folder("C9001.txt", "C9001.opus", "C0557.txt", "C0557.opus", "C0399.txt", "C0775.txt")
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [src])
    yield lib
    lib.close()


@pytest.fixture
def make_window(qtbot):
    from lornplayer.ui.mainwindow import MainWindow

    windows = []

    def make(lib, start=True):
        w = MainWindow(lib)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        if start:
            w.start()
        return w

    yield make
    for w in windows:
        w.shutdown()


def test_open_and_close_without_playing_keeps_the_resume_point(library, make_window, qtbot):
    w = make_window(library, start=False)
    w.open_case("C0557")
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)
    w.seek(14.9)
    w.save_progress()
    w.shutdown()
    assert library.get_progress("C0557").position == pytest.approx(14.9, abs=0.05)
    for _ in range(5):
        again = make_window(library)
        assert again.case.id == "C0557"
        qtbot.waitUntil(lambda: again.player.is_loaded() and again.player.position() > 0, timeout=10000)
        assert again.player.position() == pytest.approx(9.9, abs=0.5)  # resumes 5 s back, every time
        again.shutdown()
        assert library.get_progress("C0557").position == pytest.approx(14.9, abs=0.05)
