"""The listening features in the window: chapters, sleep timer, queue and auto-advance, suggestions, quotes."""

from __future__ import annotations

import shutil

import pytest
from mutagen.id3 import CHAP, ID3, TIT2
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from lornplayer.importer import import_paths
from lornplayer.store import Library, Progress
from lornplayer.upnext import UpNext, note_ends


@pytest.fixture
def library(tmp_path, data_dir, case_folder):
    src = case_folder("C9001.txt", "C0557.txt", "C0557.opus", "C0399.txt", "C0775.txt")
    shutil.copy(data_dir / "C9001.mp3", src / "C9001.mp3")
    tags = ID3()
    tags.add(CHAP(element_id="a", start_time=0, end_time=2500, sub_frames=[TIT2(text=["Intro"])]))
    tags.add(CHAP(element_id="b", start_time=2500, end_time=6000, sub_frames=[TIT2(text=["Samtalen"])]))
    tags.save(src / "C9001.mp3")
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [src])
    yield lib
    lib.close()


@pytest.fixture
def window(qtbot, library):
    from lornplayer.ui.mainwindow import MainWindow

    w = MainWindow(library)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def _open(qtbot, w, case_id):
    assert w.open_case(case_id)
    qtbot.waitUntil(w.player.is_loaded, timeout=10000)


def test_chapters_list_marks_and_keys(qtbot, window):
    w, lf = window, window.listening
    _open(qtbot, w, "C9001")
    assert [c.title for c in lf.chapters] == ["Intro", "Samtalen"]
    assert lf.chapter_list.list.count() == 2 and "Samtalen" in lf.chapter_list.list.item(1).text()
    qtbot.waitUntil(lambda: len(lf.marks.positions()) == 1, timeout=5000)
    slider = w.player_bar.slider
    assert 0 < lf.marks.positions()[0] - slider.rect().left() < slider.width()
    lf.next_chapter()
    qtbot.waitUntil(lambda: abs(w.player.position() - 2.5) < 0.05, timeout=5000)
    assert lf.chapter_list.list.currentRow() == 1
    lf.previous_chapter()  # just started this chapter: the one before
    qtbot.waitUntil(lambda: w.player.position() < 0.05, timeout=5000)
    lf.chapter_list.chapterActivated.emit(2.5)
    qtbot.waitUntil(lambda: w.player.is_playing() and w.player.position() >= 2.5, timeout=5000)
    w.player.pause()
    shortcuts = dict(w.dialogs.shortcut_list())
    assert shortcuts["Next chapter"] == "Ctrl+Right" and shortcuts["Quote from this turn…"] == "Q"
    assert shortcuts["Up next: remove / play the selected case"] == "Delete / Enter"


def test_sleep_timer_minutes_fades_and_pauses(qtbot, window):
    w, sleep = window, window.listening.sleep
    now = [1000.0]
    sleep.clock = lambda: now[0]
    _open(qtbot, w, "C9001")
    w.player.play()
    qtbot.waitUntil(w.player.is_playing, timeout=5000)
    sleep.start_minutes(1)
    assert sleep.widget.isVisibleTo(w) and "Sleep in 1:00" in sleep.label.text()
    now[0] += 55  # in the fade
    sleep.update()
    assert sleep._faded and w.player.volume() == pytest.approx(0.8)  # the user's volume is untouched
    now[0] += 6
    with qtbot.waitSignal(sleep.expired, timeout=3000):
        sleep.update()
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=5000)
    assert not sleep.is_active() and not sleep._faded and not sleep.widget.isVisibleTo(w)


def test_sleep_at_end_of_turn_chapter_case(qtbot, window):
    w, sleep = window, window.listening.sleep
    _open(qtbot, w, "C9001")
    assert sleep.start_at("chapter") and sleep.timer.target() == 2.5
    assert sleep.start_at("turn") and sleep.timer.target() == pytest.approx(w.timing.ends[0])
    w.seek(w.timing.ends[0] - 0.4)
    w.player.play()
    with qtbot.waitSignal(sleep.expired, timeout=5000):
        pass
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=5000)
    assert sleep.start_at("case") and sleep.timer.target() == pytest.approx(w.player.duration())
    assert sleep.media_ended() and not sleep.is_active()


def test_queue_reorder_restart_and_auto_advance(qtbot, window, library):
    w, lf = window, window.listening
    _open(qtbot, w, "C9001")
    panel = lf.up_next
    lf.queue_case(next_=False, case_id="C0399")
    lf.queue_case(next_=False, case_id="C0775")
    lf.queue_case(next_=True, case_id="C0557")
    assert panel.items() == ["C0557", "C0399", "C0775"]
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert panel.items() == ["C0399", "C0557", "C0775"]
    panel.list.setCurrentRow(2)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.items() == ["C0399", "C0557"]
    assert UpNext(library).items() == ["C0399", "C0557"]  # saved: a restart finds it

    UpNext(library).set_order(["C0557"])  # the next case with audio
    panel.refresh()
    w.seek(w.player.duration() - 0.5)
    w.player.play()
    qtbot.waitUntil(lambda: w.case.id == "C0557", timeout=10000)
    qtbot.waitUntil(w.player.is_playing, timeout=10000)
    assert panel.items() == []
    w.player.pause()


def test_suggestions_exclude_finished(qtbot, window, library):
    w, panel = window, window.listening.up_next
    library.save_progress(Progress("C0775", finished_manual=1))
    _open(qtbot, w, "C0557")
    w.work.index()  # as at start: once the index is built, text similarity joins in
    qtbot.waitUntil(lambda: "C0399" in panel.suggestion_ids(), timeout=30000)
    assert "C0775" not in panel.suggestion_ids() and "C0557" not in panel.suggestion_ids()


def test_quote_copy_and_ranged_note(qtbot, window, library):
    w, lf = window, window.listening
    _open(qtbot, w, "C9001")
    lf.quote_turn(1)
    dialog = lf.quote_dialog
    text = w.case.turns[1].text
    dialog.select(0, len(text.split()[0]) + 1 + len(text.split()[1]))
    dialog.copy()
    start = w.timing.starts[1]
    speaker = w.case.turns[1].speaker
    expected = f"“{' '.join(text.split()[:2])}” — {speaker}, LØRN #C9001 “{w.case.title}”, "
    assert QGuiApplication.clipboard().text().startswith(expected)
    dialog.add_note()
    notes = library.notes("C9001", kind="note")
    assert len(notes) == 1 and notes[0].text.startswith("“") and notes[0].position == pytest.approx(start)
    end = note_ends(library)[notes[0].id]
    assert start < end < w.timing.ends[1]
    # A note with a range plays that range, then pauses.
    w.notes_panel.seekRequested.emit(notes[0].position)
    qtbot.waitUntil(w.player.is_playing, timeout=5000)
    qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=10000)
    assert w.player.position() == pytest.approx(end, abs=0.3)


def test_mpris_metadata_from_the_window(qtbot, window):
    from lornplayer.ui.mpris import Mpris

    w, lf = window, window.listening
    _open(qtbot, w, "C9001")
    md = Mpris(w.player, info=lf._info).metadata_map()
    assert md["xesam:title"] == w.case.title and md["xesam:album"] == "LØRN #C9001"
    assert md["mpris:trackid"].path() == "/io/github/lornplayer/case/C9001"
    assert lf.can_go(1) and not lf.can_go(-1)


def test_skip_silence_while_playing(qtbot, tmp_path, library):
    import wave

    import numpy as np

    from lornplayer.ui.player import Player
    from lornplayer.ui.skipsilence import SkipSilence, case_key

    rate, seconds = 16000, 5.0
    t = np.arange(int(rate * seconds)) / rate
    samples = np.random.default_rng(2).normal(0, 0.002, len(t))
    speech = (t < 1.0) | (t >= 3.5)  # a 2.5 s pause from 1.0 s
    samples[speech] += 0.3 * np.sin(2 * np.pi * 200 * t[speech])
    path = tmp_path / "pause.wav"
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())

    player = Player()
    try:
        heard = []
        skip = SkipSilence(library, player, lambda _n, _l, work, done, _f=None: done(work(None, None)), player.seek)
        skip.tracker_hook = lambda a, b: heard.append((a, b))
        library.set_setting(case_key("C9001"), True)  # on for this case only
        assert not skip.global_enabled()
        with qtbot.waitSignal(player.loaded, timeout=5000):
            player.load(path)
        skip.set_case("C9001", str(path))
        assert skip.plan is not None and skip.plan.saved() == pytest.approx(2.5 - 0.4, abs=0.15)
        player.play()
        with qtbot.waitSignal(skip.savedChanged, timeout=5000) as blocker:
            pass
        assert blocker.args[0] == pytest.approx(2.1, abs=0.2)
        assert player.position() >= 3.2 and heard and heard[0][0] >= 1.0
        assert "saved" in skip.label.text()
        skip.set_case("C0557", str(path))
        assert not skip.enabled()  # another case: the global setting (off)
    finally:
        player.shutdown()
