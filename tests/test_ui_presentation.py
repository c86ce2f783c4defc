"""Presentation mode: full-screen transcript that follows the audio and steps turn by turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from lornplayer.parser import parse_file
from lornplayer.store import Library
from lornplayer.timing import build_timing
from lornplayer.ui.player import Player
from lornplayer.ui.presentation import DARK, LIGHT, PresentationWindow, choose_screen

MS = 0.0011  # the window seeks to whole milliseconds


@pytest.fixture
def case(data_dir):
    return parse_file(data_dir / "C9001.txt").case


@pytest.fixture
def timing(case):
    return build_timing(case.turns, 6.38)


@pytest.fixture
def player(qtbot, data_dir):
    p = Player()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        assert p.load(data_dir / "C9001.opus")
    yield p
    p.shutdown()


@pytest.fixture
def main(qtbot):
    """A stand-in for the main window, with the library the presentation keeps its settings in."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.library = Library.open()
    yield widget
    widget.library.close()


@pytest.fixture
def window(qtbot, case, timing, player):
    w = PresentationWindow()
    qtbot.addWidget(w)
    w.present(case, timing, player)
    qtbot.waitExposed(w)
    return w


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the user types it: delivered to the window's focus widget by Qt."""
    qtbot.keyClick(window.windowHandle(), key, modifier)


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_full_screen_with_title_and_guests(window, case):
    assert window.isWindow() and window.isFullScreen()
    assert window.screen_button.isHidden()  # one screen: nothing to choose
    assert window.title_label.text() == "Et kort testopptak"
    guests = window.guests_label.text()
    assert "Kari Nordmann" in guests and "Forsker" in guests
    assert window.view.current_turn() == 0


def test_page_down_steps_and_seeks_the_audio(qtbot, window, timing, player):
    with qtbot.waitSignal(window.seekRequested) as blocker:
        press(qtbot, window, Qt.Key.Key_PageDown)
    assert blocker.args[0] == pytest.approx(timing.starts[1], abs=MS)
    assert window.current_turn() == 1  # highlighted at once
    qtbot.waitUntil(lambda: abs(player.position() - timing.starts[1]) < MS)
    # The player's own (whole-millisecond) position report must not move the highlight back.
    qtbot.waitSignal(player.positionChanged, timeout=300, raising=False).wait()
    assert window.current_turn() == 1

    with qtbot.waitSignal(window.seekRequested) as blocker:
        press(qtbot, window, Qt.Key.Key_PageDown)
    assert blocker.args[0] == pytest.approx(timing.starts[2], abs=MS)
    qtbot.waitUntil(lambda: abs(player.position() - timing.starts[2]) < MS)

    with qtbot.waitSignal(window.seekRequested) as blocker:
        press(qtbot, window, Qt.Key.Key_PageUp)
    assert blocker.args[0] == pytest.approx(timing.starts[1], abs=MS)
    assert window.current_turn() == 1
    qtbot.waitUntil(lambda: abs(player.position() - timing.starts[1]) < MS)


@pytest.mark.parametrize(
    "key, expected",
    [
        (Qt.Key.Key_Down, [1, 2, 3, 3]),
        (Qt.Key.Key_Right, [1, 2, 3, 3]),
    ],
)
def test_arrow_keys_step_forward_and_stop_at_the_end(qtbot, window, key, expected):
    seen = []
    for _ in expected:
        press(qtbot, window, key)
        seen.append(window.current_turn())
    assert seen == expected


@pytest.mark.parametrize("key", [Qt.Key.Key_Up, Qt.Key.Key_Left])
def test_arrow_keys_step_back_and_stop_at_the_start(qtbot, window, timing, player, key):
    window.go_to_turn(3)
    qtbot.waitUntil(lambda: abs(player.position() - timing.starts[3]) < MS)
    seen = []
    for _ in range(4):
        press(qtbot, window, key)
        seen.append(window.current_turn())
    assert seen == [2, 1, 0, 0]
    qtbot.waitUntil(lambda: player.position() == 0.0)


def test_a_listener_to_seek_requested_does_the_seeking(qtbot, window, timing, player):
    requested = []
    window.seekRequested.connect(requested.append)
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert requested == [pytest.approx(timing.starts[1], abs=MS)]
    assert window.current_turn() == 1
    assert player.position() == 0.0  # the main window seeks; the presentation does not seek twice


def test_clicked_turn_seeks(qtbot, window, timing, player):
    window.view.turnActivated.emit(2)
    assert window.current_turn() == 2
    qtbot.waitUntil(lambda: abs(player.position() - timing.starts[2]) < MS)


def test_space_toggles_play_and_pause(qtbot, window, player):
    with qtbot.waitSignal(player.playingChanged, check_params_cb=lambda playing: playing):
        press(qtbot, window, Qt.Key.Key_Space)
    with qtbot.waitSignal(player.playingChanged, check_params_cb=lambda playing: not playing):
        press(qtbot, window, Qt.Key.Key_Space)


def test_follows_the_audio(qtbot, window, timing, player):
    player.seek(1.5)
    qtbot.waitUntil(lambda: window.current_turn() == 0)
    player.play()
    qtbot.waitUntil(lambda: window.current_turn() == 1, timeout=3000)
    player.seek(3.9)
    qtbot.waitUntil(lambda: window.current_turn() == 3, timeout=3000)
    assert player.position() >= timing.starts[3]


def test_escape_closes_and_restores_the_main_window(qtbot, main, case, timing, player):
    main.showMinimized()
    w = PresentationWindow(main)
    w.present(case, timing, player)
    qtbot.waitExposed(w)
    assert w.isWindow() and w.isFullScreen()
    press(qtbot, w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not w.isVisible())
    assert main.isVisible() and not main.isMinimized()
    player.seek(5.0)  # no longer followed
    qtbot.waitUntil(lambda: abs(player.position() - 5.0) < MS)
    assert w.current_turn() == 0


def test_themes_are_high_contrast_and_differ(qtbot, window):
    colours = {}
    for theme in (DARK, LIGHT):
        window.set_theme(theme)
        pal = window.view.palette()
        text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
        assert contrast(text, base) >= 7, theme
        colours[theme] = (text.name(), base.name())
    assert colours[DARK] != colours[LIGHT]
    assert luminance(QColor(colours[DARK][1])) < luminance(QColor(colours[LIGHT][1]))
    press(qtbot, window, Qt.Key.Key_T)
    assert window.theme() == DARK
    press(qtbot, window, Qt.Key.Key_T)
    assert window.theme() == LIGHT


def test_ctrl_plus_minus_and_zero_change_the_text_size(qtbot, window):
    start = window.font_size()
    press(qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    larger = window.font_size()
    assert larger > start
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.font_size() > larger
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.font_size() < start
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.font_size() == start


def test_theme_and_size_are_remembered_in_the_library(qtbot, main, case, timing, player):
    w = PresentationWindow(main)
    w.present(case, timing, player)
    assert w.theme() == DARK
    w.set_theme(LIGHT)
    w.zoom_in()
    size = w.font_size()
    w.close()
    assert main.library.get_setting("presentation.theme") == LIGHT
    again = PresentationWindow(main)
    again.present(case, timing, player)
    assert again.theme() == LIGHT and again.font_size() == size
    again.close()


class FakeScreen:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


def test_choose_screen_prefers_the_last_used_else_another_screen():
    laptop, projector, tv = FakeScreen("Laptop"), FakeScreen("Projector"), FakeScreen("TV")
    assert choose_screen([laptop], laptop) is laptop
    assert choose_screen([laptop, projector], laptop) is projector
    assert choose_screen([projector, laptop], laptop) is projector
    assert choose_screen([laptop, projector, tv], laptop, saved="TV") is tv
    assert choose_screen([laptop, projector], laptop, saved="gone") is projector
    assert choose_screen([], None) is None


SCREENS_SCRIPT = textwrap.dedent("""
    import json, sys
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    from lornplayer.parser import parse_file
    from lornplayer.timing import build_timing
    from lornplayer.ui.presentation import PresentationWindow
    case = parse_file(sys.argv[1]).case
    laptop, projector = app.screens()
    main = QWidget()
    main.setGeometry(100, 100, 800, 600)
    main.show()
    w = PresentationWindow(main)
    w.present(case, build_timing(case.turns, 6.38), None)
    app.processEvents()
    out = {"main": main.screen().name(), "first": w.screen().name(), "full": w.isFullScreen(),
           "geometry": w.geometry().getRect(), "button": w.screen_button.text(),
           "choices": [(a.text(), a.isChecked()) for a in w.screen_button.menu().actions()],
           "choice_shown": not w.screen_button.isHidden()}
    w.screen_button.menu().actions()[0].trigger()
    app.processEvents()
    out.update(moved=w.screen().name(), moved_geometry=w.geometry().getRect(), moved_full=w.isFullScreen(),
               moved_button=w.screen_button.text())
    print(json.dumps(out))
""")


def test_presents_on_another_screen_and_offers_a_choice(tmp_path, data_dir):
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "Laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1280,
                        "height": 800,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    },
                    {
                        "name": "Projector",
                        "x": 1280,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    },
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    run = subprocess.run(
        [sys.executable, "-c", SCREENS_SCRIPT, str(data_dir / "C9001.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["main"] == "Laptop"
    assert out["first"] == "Projector" and out["full"]
    assert out["geometry"] == [1280, 0, 1920, 1080]
    assert out["choice_shown"] and "Projector" in out["button"]
    assert out["choices"] == [["Laptop (1280×800)", False], ["Projector (1920×1080)", True]]
    assert out["moved"] == "Laptop" and out["moved_full"]
    assert out["moved_geometry"] == [0, 0, 1280, 800]
    assert "Laptop" in out["moved_button"]


def test_main_window_presents_and_seeks_through_its_player(qtbot, tmp_path, data_dir):
    from lornplayer.importer import import_paths
    from lornplayer.ui.mainwindow import MainWindow

    library = Library.open()
    library.set_setting("align.automatic", False)
    import_paths(library, [data_dir / "C9001.txt", data_dir / "C9001.opus"])
    w = MainWindow(library)
    qtbot.addWidget(w)
    try:
        w.show()
        assert w.open_case("C9001")
        qtbot.waitUntil(w.player.is_loaded, timeout=10000)
        w.toggle_presentation()
        p = w.presentation
        qtbot.waitExposed(p)
        assert p.isFullScreen() and p.title_label.text() == "Et kort testopptak"
        press(qtbot, p, Qt.Key.Key_PageDown)
        start = w.timing.starts[1]
        qtbot.waitUntil(lambda: abs(w.player.position() - start) < MS)
        assert p.current_turn() == 1 and w.transcript.current_turn() == 1
        p.zoom_in()
        w.toggle_presentation()  # F11 again leaves
        assert not p.isVisible()
        assert library.get_setting("presentation.font_size") == p.font_size()
    finally:
        w.shutdown()
        library.close()


def test_new_timing_moves_the_steps(qtbot, window, case, player):
    retimed = build_timing(case.turns, 6.38, anchors={1: 3.0})
    window.set_timing(retimed)
    with qtbot.waitSignal(window.seekRequested) as blocker:
        press(qtbot, window, Qt.Key.Key_PageDown)
    assert blocker.args[0] == pytest.approx(3.0, abs=MS)
    qtbot.waitUntil(lambda: abs(player.position() - 3.0) < MS)
    assert window.current_turn() == 1


def test_zooming_in_stops_where_a_line_still_holds_a_speakers_name(qtbot, window, case):
    for _ in range(60):
        press(qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    size = window.font_size()
    assert size == int(window.view.max_font_size() * 10) / 10 and size < 160
    from PySide6.QtGui import QFont, QFontMetricsF

    font = QFont(window.view.font())
    font.setPointSizeF(size)
    font.setBold(True)
    longest = max((t.speaker or "" for t in case.turns), key=len)
    width = window.view.list_view().viewport().width()
    assert QFontMetricsF(font).horizontalAdvance(longest) < width  # the name is not cut
