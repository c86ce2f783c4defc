"""Player: real headless playback of the short test clip (FFmpeg backend)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt

from lornplayer.ui import player as player_module
from lornplayer.ui.player import Player
from lornplayer.ui.playerbar import PlayerBar

CLIP_SECONDS = 6.39


@pytest.fixture
def player(qtbot):
    p = Player()
    yield p
    p.shutdown()


def load(qtbot, player, path):
    with qtbot.waitSignal(player.loaded, timeout=5000) as blocker:
        assert player.load(path)
    assert blocker.args == [str(path)]


@pytest.mark.parametrize("ext", ["opus", "mp3", "wav"])
def test_playback_advances(qtbot, player, data_dir, ext):
    load(qtbot, player, data_dir / f"C9001.{ext}")
    assert player.duration() == pytest.approx(CLIP_SECONDS, abs=0.1)
    with qtbot.waitSignal(player.playingChanged, check_params_cb=lambda p: p is True):
        player.play()
    assert player.is_playing()
    seen = []
    player.positionChanged.connect(seen.append)
    qtbot.waitUntil(lambda: player.position() > 1.0, timeout=5000)
    assert seen and seen[-1] > 0.5
    assert seen == sorted(seen)
    with qtbot.waitSignal(player.playingChanged, check_params_cb=lambda p: p is False):
        player.toggle()
    assert not player.is_playing()


def test_duration_signal_on_load(qtbot, player, data_dir):
    with qtbot.waitSignal(player.durationChanged, timeout=5000) as blocker:
        player.load(data_dir / "C9001.opus")
    assert blocker.args[0] == pytest.approx(CLIP_SECONDS, abs=0.1)


def test_seek_and_skip_are_clamped(qtbot, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    with qtbot.waitSignal(player.positionChanged, check_params_cb=lambda s: s == 4.0):
        player.seek(4.0)
    qtbot.waitUntil(lambda: abs(player.position() - 4.0) < 0.05)
    player.skip(-100)
    qtbot.waitUntil(lambda: player.position() == 0.0)
    player.skip(100)
    qtbot.waitUntil(lambda: player.position() == pytest.approx(player.duration(), abs=0.05))


def test_seek_before_loaded_is_applied(qtbot, player, data_dir):
    with qtbot.waitSignal(player.loaded, timeout=5000):
        player.load(data_dir / "C9001.opus")
        player.seek(3.0)
    qtbot.waitUntil(lambda: abs(player.position() - 3.0) < 0.05)


def test_plays_to_the_end(qtbot, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    player.seek(5.8)
    with qtbot.waitSignals([player.ended, player.playingChanged], timeout=5000):
        player.play()
    qtbot.waitUntil(lambda: not player.is_playing())


def test_rate_is_clamped(qtbot, player):
    assert player._backend() is not None  # the Qt player exists (it is made when a file first opens)
    with qtbot.waitSignal(player.rateChanged) as blocker:
        player.set_rate(5)
    assert blocker.args == [2.5] and player.rate() == 2.5
    with qtbot.waitSignal(player.rateChanged) as blocker:
        player.set_rate(0.1)
    assert blocker.args == [0.5] and player.rate() == 0.5
    with qtbot.assertNotEmitted(player.rateChanged):
        player.set_rate(0.5)
    player.set_rate(1.25)
    assert player.rate() == 1.25 and player._mp.playbackRate() == pytest.approx(1.25)


def test_rate_survives_loading(qtbot, player, data_dir):
    player.set_rate(2.0)
    load(qtbot, player, data_dir / "C9001.opus")
    player.play()
    qtbot.waitUntil(lambda: player.position() > 2.0, timeout=5000)
    assert player.rate() == 2.0
    assert player._mp.playbackRate() == pytest.approx(2.0)  # what Qt plays at, not only what we remember
    player.set_rate(0.75)
    assert player._mp.playbackRate() == pytest.approx(0.75)


def test_volume_and_mute_signals(qtbot, player):
    from PySide6.QtMultimedia import QtAudio

    def qt_volume() -> float:  # the audio output's own (linear) volume, on our perceptual scale
        return QtAudio.convertVolume(
            player._out.volume(), QtAudio.VolumeScale.LinearVolumeScale, QtAudio.VolumeScale.LogarithmicVolumeScale
        )

    assert player._backend() is not None  # the Qt player exists (it is made when a file first opens)
    with qtbot.waitSignal(player.volumeChanged) as blocker:
        player.set_volume(0.4)
    assert blocker.args == [0.4] and player.volume() == 0.4
    assert qt_volume() == pytest.approx(0.4, abs=0.01) and player._out.volume() < 0.4  # logarithmic: quieter
    with qtbot.waitSignal(player.volumeChanged) as blocker:
        player.set_volume(7)
    assert blocker.args == [1.0] and player._out.volume() == pytest.approx(1.0)
    with qtbot.assertNotEmitted(player.volumeChanged):
        player.set_volume(1.0)
    assert not player._out.isMuted()
    with qtbot.waitSignal(player.mutedChanged) as blocker:
        player.set_muted(True)
    assert blocker.args == [True] and player.is_muted() and player._out.isMuted()
    with qtbot.assertNotEmitted(player.mutedChanged):
        player.set_muted(True)
    player.set_muted(False)
    assert not player._out.isMuted()


def test_missing_file_errors_immediately(qtbot, player, tmp_path):
    missing = tmp_path / "C0000.opus"
    with qtbot.waitSignal(player.error, timeout=0) as blocker:
        assert player.load(missing) is False
    assert "C0000.opus" in blocker.args[0]
    assert "not found" in blocker.args[0]
    assert player.path() is None and not player.is_loaded()


@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 80], ids=["empty", "garbage"])
def test_corrupt_file_errors_and_player_recovers(qtbot, player, tmp_path, data_dir, content):
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(content)
    errors = []
    player.error.connect(errors.append)
    with qtbot.waitSignal(player.error, timeout=5000) as blocker:
        player.load(bad)
    assert "broken.mp3" in blocker.args[0]
    assert not player.is_loaded()
    qtbot.waitUntil(lambda: player._mp.mediaStatus() != player_module.QMediaPlayer.MediaStatus.LoadingMedia)
    assert len(errors) == 1  # one message, not one per Qt signal
    player.play()  # harmless
    load(qtbot, player, data_dir / "C9001.opus")


def test_unload_resets(qtbot, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    player.seek(2.0)
    with qtbot.waitSignal(player.durationChanged, check_params_cb=lambda d: d == 0.0):
        player.unload()
    assert player.position() == 0.0 and player.path() is None


def test_shutdown_clears_source_and_deletes_player(qtbot, data_dir):
    player = Player()
    load(qtbot, player, data_dir / "C9001.mp3")
    player.play()
    qtbot.waitUntil(lambda: player.position() > 0.2, timeout=5000)
    media = player._mp
    sources = []
    media.sourceChanged.connect(lambda url: sources.append(url.isEmpty()))
    player.shutdown()
    assert sources == [True]
    assert not shiboken6.isValid(media)
    assert not player.is_playing()
    player.shutdown()  # idempotent
    with qtbot.waitSignal(player.error, timeout=0):
        player.load(data_dir / "C9001.mp3")


def test_stub_when_multimedia_is_missing(qtbot, monkeypatch, data_dir):
    monkeypatch.setattr(player_module, "QMediaPlayer", None)
    monkeypatch.setattr(player_module, "_multimedia_tried", True)  # as if its import had failed
    monkeypatch.setattr(player_module, "_unavailable", "Qt Multimedia could not be loaded (test).")
    assert not Player.available()
    assert "test" in Player.unavailable_reason()
    stub = Player()
    with qtbot.waitSignal(stub.error, timeout=0) as blocker:
        assert stub.load(data_dir / "C9001.opus") is False
    assert "C9001.opus" in blocker.args[0] and "test" in blocker.args[0]
    stub.play()
    stub.seek(3)
    assert stub.position() == 0.0 and not stub.is_playing()
    stub.shutdown()


EXIT_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from lornplayer.ui.player import Player
app = QApplication([])
player = Player()
player.loaded.connect(player.play)
player.positionChanged.connect(lambda s: s > 0.5 and app.quit())
player.error.connect(lambda m: sys.exit(3))
player.load(sys.argv[1])
QTimer.singleShot(8000, lambda: app.exit(2))
sys.exit(app.exec())
"""


@pytest.mark.parametrize("ext", ["mp3", "opus"])
def test_clean_exit_after_playback(data_dir, ext):
    """aboutToQuit shuts the player down: no crash at exit after MP3/Opus playback."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_MEDIA_BACKEND="ffmpeg")
    proc = subprocess.run(
        [sys.executable, "-c", EXIT_SCRIPT, str(data_dir / f"C9001.{ext}")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


# ------------------------------------------------------------------ PlayerBar
@pytest.fixture
def bar(qtbot, player):
    b = PlayerBar()
    qtbot.addWidget(b)
    b.set_player(player)
    b.resize(800, b.sizeHint().height())
    b.show()
    qtbot.waitExposed(b)
    return b


def test_bar_follows_loading_and_errors(qtbot, bar, player, data_dir, tmp_path):
    assert not bar.play_button.isEnabled() and not bar.slider.isEnabled()
    with qtbot.waitSignal(player.error):
        player.load(tmp_path / "C0001.mp3")
    assert "C0001.mp3" in bar.message_text() and bar.banner.isVisible()
    load(qtbot, player, data_dir / "C9001.opus")
    assert bar.message_text() == "" and not bar.banner.isVisible()
    assert bar.play_button.isEnabled() and bar.slider.isEnabled()
    assert bar.slider.maximum() == pytest.approx(CLIP_SECONDS * 1000, abs=100)
    assert bar.elapsed_label.text() == "0:00" and bar.remaining_label.text() == "\u22120:06"
    bar.show_message("Something")
    assert bar.message_text() == "Something"
    bar.show_message(None)
    assert bar.message_text() == ""


def test_bar_play_button_and_skips(qtbot, bar, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    with qtbot.waitSignal(player.playingChanged):
        qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert player.is_playing() and bar.play_button.accessibleName() == "Pause"
    assert "Space" in bar.play_button.toolTip()
    with qtbot.waitSignal(bar.userSeeked):
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not player.is_playing())  # skipped past the end of the short clip
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.position() == 0.0)
    assert bar.elapsed_label.text() == "0:00"


def test_bar_slider_does_not_fight_a_drag(qtbot, bar, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    bar.slider.setSliderDown(True)
    bar.slider.setSliderPosition(4000)
    player.positionChanged.emit(1.0)  # playback updates arrive during the drag
    assert bar.slider.value() == 4000 and bar.elapsed_label.text() == "0:04"
    with qtbot.waitSignal(bar.userSeeked) as blocker:
        bar.slider.setSliderDown(False)  # release
    assert blocker.args == [4.0]
    qtbot.waitUntil(lambda: abs(player.position() - 4.0) < 0.05)


def test_bar_click_on_groove_seeks_there(qtbot, bar, player, data_dir):
    load(qtbot, player, data_dir / "C9001.opus")
    slider = bar.slider
    point = QPoint(slider.width() * 3 // 4, slider.height() // 2)
    with qtbot.waitSignal(bar.userSeeked) as blocker:
        qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args[0] == pytest.approx(0.75 * CLIP_SECONDS, abs=0.6)
    qtbot.waitUntil(lambda: abs(player.position() - blocker.args[0]) < 0.05)
    slider.setFocus()
    before = player.position()
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: abs(player.position() - max(0.0, before - 5.0)) < 0.05)
    assert before > 4.0


def test_bar_speed_steps(qtbot, bar, player):
    assert bar.speed_box.currentText() == "1×"
    bar.speed_up()
    assert player.rate() == 1.25 and bar.speed_box.currentText() == "1.25×"
    for _ in range(10):
        bar.speed_up()
    assert player.rate() == 2.5
    for _ in range(10):
        bar.speed_down()
    assert player.rate() == 0.5 and bar.speed_box.currentText() == "0.5×"
    player.set_rate(1.1)  # restored from settings: not a preset
    assert bar.speed_box.currentText() == "1.1×"
    bar.speed_up()
    assert player.rate() == 1.25
    bar.speed_box.activated.emit(bar.speed_box.findData(2.0))
    assert player.rate() == 2.0


def test_bar_volume_and_mute(qtbot, bar, player):
    bar.volume_slider.setValue(40)
    assert player.volume() == pytest.approx(0.4)
    player.set_volume(0.7)
    assert bar.volume_slider.value() == 70
    qtbot.mouseClick(bar.mute_button, Qt.MouseButton.LeftButton)
    assert player.is_muted() and bar.mute_button.accessibleName() == "Unmute"
    player.set_muted(False)
    assert not bar.mute_button.isChecked()


def test_bar_with_unavailable_player(qtbot, monkeypatch):
    monkeypatch.setattr(player_module, "QMediaPlayer", None)
    monkeypatch.setattr(player_module, "_unavailable", "Audio playback is not available (test).")
    stub = Player()
    b = PlayerBar()
    qtbot.addWidget(b)
    b.set_player(stub)
    assert "not available" in b.message_text()
    assert not b.play_button.isEnabled() and not b.volume_slider.isEnabled()
    stub.shutdown()


def test_the_qt_player_is_made_when_the_first_file_opens_with_what_was_chosen_before(qtbot, data_dir):
    player = Player()
    player.set_rate(1.5)
    player.set_volume(0.5)
    player.set_muted(True)
    assert player._mp is None  # the app's window does not wait for Qt Multimedia and FFmpeg
    assert player.position() == 0.0 and player.duration() == 0.0 and not player.is_playing()
    player.play()  # nothing to play yet: nothing happens
    load(qtbot, player, data_dir / "C9001.mp3")
    assert player._mp.playbackRate() == pytest.approx(1.5)
    assert player._out.isMuted()
    linear = player_module.QtAudio.convertVolume(
        0.5,
        player_module.QtAudio.VolumeScale.LogarithmicVolumeScale,
        player_module.QtAudio.VolumeScale.LinearVolumeScale,
    )
    assert player._out.volume() == pytest.approx(linear, abs=1e-3)
    player.shutdown()
    assert player._mp is None
    with qtbot.waitSignal(player.error, timeout=0):  # shut down: never made again
        player.load(data_dir / "C9001.mp3")
    assert player._mp is None
