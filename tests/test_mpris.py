"""MPRIS 2: a private session bus, the player offscreen, driven over D-Bus like a media key or playerctl."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QProcess
from PySide6.QtDBus import QDBusConnection

from lornplayer.ui.mpris import OBJECT_PATH, PLAYER_IFACE, SERVICE, Mpris
from lornplayer.ui.player import Player

PROPS = "org.freedesktop.DBus.Properties"


@pytest.fixture(scope="module")
def bus_address():
    if not all(shutil.which(tool) for tool in ("dbus-daemon", "dbus-send", "dbus-monitor")):
        pytest.skip("dbus-daemon, dbus-send or dbus-monitor is not installed")
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = proc.stdout.readline().strip()
    if not address:
        proc.kill()
        pytest.skip("dbus-daemon did not start")
    yield address
    proc.terminate()
    proc.wait(10)


_count = [0]


@pytest.fixture
def buses(bus_address):
    _count[0] += 1
    names = (f"service{_count[0]}", f"client{_count[0]}")
    service, client = (QDBusConnection.connectToBus(bus_address, n) for n in names)
    assert service.isConnected() and client.isConnected()
    yield service, client
    # The connections stay open until the process ends: disconnecting while Qt's D-Bus thread may still
    # deliver to Python objects risks a lock-up, and each test has its own names anyway.


@pytest.fixture
def player(qtbot):
    p = Player()
    yield p
    p.shutdown()


class _Client:
    """Drives the player like playerctl does, from other processes (dbus-send, dbus-monitor), so the
    player answers from its own event loop and every reply is checked with its D-Bus types."""

    def __init__(self, qtbot, address):
        self.qtbot, self.address = qtbot, address
        self.monitor = QProcess()
        self.monitor.start("dbus-monitor", ["--address", address, f"type='signal',path='{OBJECT_PATH}'"])
        assert self.monitor.waitForStarted(5000)
        self.signals = ""
        self.monitor.readyReadStandardOutput.connect(
            lambda: setattr(self, "signals", self.signals + bytes(self.monitor.readAllStandardOutput()).decode())
        )
        qtbot.waitUntil(lambda: "NameAcquired" in self.signals or "member=" in self.signals, timeout=5000)

    def close(self):
        self.monitor.kill()
        self.monitor.waitForFinished(5000)

    def call(self, iface, member, *args):
        proc = QProcess()
        proc.start(
            "dbus-send",
            [f"--bus={self.address}", "--print-reply", f"--dest={SERVICE}", OBJECT_PATH, f"{iface}.{member}", *args],
        )
        self.qtbot.waitUntil(lambda: proc.state() == QProcess.ProcessState.NotRunning, timeout=10000)
        out = bytes(proc.readAllStandardOutput()).decode()
        assert proc.exitCode() == 0, bytes(proc.readAllStandardError()).decode()
        return out

    def get(self, name, iface=PLAYER_IFACE):
        return self.call(PROPS, "Get", f"string:{iface}", f"string:{name}")

    def changes(self) -> list[str]:
        """The PropertiesChanged signals seen so far, as dbus-monitor prints them."""
        return [block for block in self.signals.split("\nsignal ") if "member=PropertiesChanged" in block]


def test_mpris_drives_the_player(qtbot, buses, bus_address, player, data_dir):
    service, _ = buses
    info = {
        "case_id": "C9001",
        "title": "Hvordan teste en spiller?",
        "guests": ["Kari Nordmann"],
        "art": str(data_dir / "missing.png"),
    }
    moves = []
    mpris = Mpris(player, info=lambda: info, next=lambda: moves.append(1), previous=lambda: moves.append(-1))
    assert mpris.start(service) and mpris.service_name == SERVICE
    client = _Client(qtbot, bus_address)
    try:
        assert 'string "lornplayer"' in client.get("Identity", "org.mpris.MediaPlayer2")
        assert 'string "Stopped"' in client.get("PlaybackStatus")

        with qtbot.waitSignal(player.loaded, timeout=5000):
            player.load(data_dir / "C9001.mp3")
        qtbot.waitUntil(lambda: any("xesam:title" in c for c in client.changes()), timeout=5000)
        md = client.get("Metadata")
        assert 'string "Hvordan teste en spiller?"' in md and 'string "Kari Nordmann"' in md
        assert 'string "LØRN #C9001"' in md and 'object path "/io/github/lornplayer/case/C9001"' in md
        length = re.search(r'"mpris:length"\s+variant\s+int(?:32|64) (\d+)', md)
        assert length and int(length.group(1)) == pytest.approx(6.4e6, abs=2e5)
        assert 'string "file:///' in md

        # PlayPause toggles playback, and PropertiesChanged says so.
        client.call(PLAYER_IFACE, "PlayPause")
        qtbot.waitUntil(player.is_playing, timeout=5000)
        qtbot.waitUntil(lambda: any(_status(c) == "Playing" for c in client.changes()), timeout=5000)
        client.call(PLAYER_IFACE, "PlayPause")
        qtbot.waitUntil(lambda: not player.is_playing(), timeout=5000)
        qtbot.waitUntil(lambda: _status(client.changes()[-1]) == "Paused", timeout=5000)
        assert 'string "Paused"' in client.get("PlaybackStatus")

        # SetPosition seeks (for the current track only), Position reads it back as int64, Seeked is sent.
        client.call(PLAYER_IFACE, "SetPosition", "objpath:/io/github/lornplayer/case/C9001", "int64:4000000")
        qtbot.waitUntil(lambda: abs(player.position() - 4.0) < 0.05, timeout=5000)
        position = re.search(r"variant\s+int64 (\d+)", client.get("Position"))
        assert position and abs(int(position.group(1)) - 4_000_000) < 50_000
        qtbot.waitUntil(lambda: "member=Seeked" in client.signals, timeout=5000)
        client.call(PLAYER_IFACE, "SetPosition", "objpath:/io/github/lornplayer/case/C0001", "int64:1000000")
        assert abs(player.position() - 4.0) < 0.05  # another case's track id: ignored
        client.call(PLAYER_IFACE, "Seek", "int64:-2000000")
        qtbot.waitUntil(lambda: abs(player.position() - 2.0) < 0.05, timeout=5000)

        # Rate and Volume are writable; Next/Previous reach the app.
        client.call(PROPS, "Set", f"string:{PLAYER_IFACE}", "string:Rate", "variant:double:1.5")
        assert player.rate() == 1.5
        qtbot.waitUntil(lambda: '"Rate"' in client.changes()[-1], timeout=5000)
        client.call(PROPS, "Set", f"string:{PLAYER_IFACE}", "string:Volume", "variant:double:0.25")
        assert player.volume() == 0.25
        client.call(PLAYER_IFACE, "Next")
        client.call(PLAYER_IFACE, "Previous")
        assert moves == [1, -1]
        everything = client.call(PROPS, "GetAll", f"string:{PLAYER_IFACE}")
        assert re.search(r'"CanSeek"\s+variant\s+boolean true', everything)
    finally:
        client.close()
        mpris.stop()
    assert not mpris.is_running()


def _status(signal_text: str) -> str | None:
    m = re.search(r'"PlaybackStatus"\s+variant\s+string "(\w+)"', signal_text)
    return m.group(1) if m else None


def test_second_instance_takes_an_instance_name(qtbot, buses, bus_address, player):
    service, _ = buses
    first = Mpris(player)
    assert first.start(service)
    other = QDBusConnection.connectToBus(bus_address, "second-instance")
    second = Mpris(player)
    assert second.start(other) and second.service_name.startswith(SERVICE + ".instance")
    second.stop()
    first.stop()


def test_no_bus_is_quiet(qtbot, player, caplog):
    dead = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "dead")
    assert Mpris(player).start(dead) is False
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_the_window_over_dbus(qtbot, buses, bus_address, tmp_path, data_dir, case_folder):
    """The whole app: media keys reach the open case; Next goes to the next turn (no chapters here)."""
    from lornplayer.importer import import_paths
    from lornplayer.store import Library
    from lornplayer.ui.mainwindow import MainWindow

    service, _ = buses
    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [str(case_folder("C9001.txt", "C9001.opus"))])
    w = MainWindow(lib)
    qtbot.addWidget(w)
    client = None
    try:
        assert w.listening.restart_mpris(service)
        assert w.open_case("C9001")
        qtbot.waitUntil(w.player.is_loaded, timeout=10000)
        client = _Client(qtbot, bus_address)
        md = client.get("Metadata")
        assert f'string "{w.case.title}"' in md
        client.call(PLAYER_IFACE, "PlayPause")
        qtbot.waitUntil(w.player.is_playing, timeout=5000)
        client.call(PLAYER_IFACE, "Pause")
        qtbot.waitUntil(lambda: not w.player.is_playing(), timeout=5000)
        assert w.listening.mpris is not None and w.listening.mpris.is_running()  # pausing keeps it published
        client.call(PLAYER_IFACE, "Next")
        qtbot.waitUntil(lambda: abs(w.player.position() - w.timing.starts[1]) < 0.1, timeout=5000)
        assert w.transcript.current_turn() == 1  # the transcript follows
    finally:
        if client is not None:
            client.close()
        w.shutdown()
        lib.close()
