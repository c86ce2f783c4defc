"""MPRIS 2 over Qt's D-Bus module: media keys, headset buttons, the desktop's media panel, ``playerctl``.

:class:`Mpris` publishes ``org.mpris.MediaPlayer2.lornplayer`` (``…lornplayer.instance<pid>`` when a
second lornplayer runs) at ``/org/mpris/MediaPlayer2`` with the root and Player interfaces.  Qt
answers ``Introspect`` and ``org.freedesktop.DBus.Properties`` (Get/Set/GetAll) from the adaptors'
typed properties (Position as int64, and so on); ``PropertiesChanged`` is a signal of the exported
object itself, so it is marshalled with its declared types too.

Where D-Bus is absent (Windows, macOS, a machine without a session bus) :meth:`Mpris.start`
returns False and nothing else happens; the app runs as before.
"""

# PySide6's type stubs know neither type names as strings ("qlonglong", "QVariantMap") in Signal and
# Property, nor ClassInfo used as a decorator with a dict; both are documented PySide6 usage.
# mypy: disable-error-code="arg-type, call-arg, operator, misc, assignment"

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from PySide6.QtCore import ClassInfo, Property, QObject, QUrl, Signal, Slot

try:
    from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusObjectPath
except ImportError:  # pragma: no cover - PySide6 without QtDBus (not Linux)
    QDBusAbstractAdaptor = QObject
    QDBusConnection = QDBusObjectPath = None

log = logging.getLogger(__name__)

OBJECT_PATH = "/org/mpris/MediaPlayer2"
SERVICE = "org.mpris.MediaPlayer2.lornplayer"
ROOT_IFACE = "org.mpris.MediaPlayer2"
PLAYER_IFACE = "org.mpris.MediaPlayer2.Player"
TRACK_PREFIX = "/io/github/lornplayer/case/"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
SEEK_JUMP = 1.5  # a position this far from where playback should be is reported as a Seeked signal


def available() -> bool:
    return QDBusConnection is not None


def _us(seconds: float) -> int:
    return round(seconds * 1_000_000)


@ClassInfo({"D-Bus Interface": ROOT_IFACE})
class _RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, mpris: Mpris):
        super().__init__(mpris._object)
        self.m = mpris

    @Slot()
    def Raise(self) -> None:
        self.m.raise_window()

    @Slot()
    def Quit(self) -> None:
        self.m.quit()

    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: "lornplayer")
    DesktopEntry = Property(str, lambda self: "io.github.lornplayer")
    SupportedUriSchemes = Property("QStringList", lambda self: [])
    SupportedMimeTypes = Property("QStringList", lambda self: [])


@ClassInfo({"D-Bus Interface": PLAYER_IFACE})
class _PlayerAdaptor(QDBusAbstractAdaptor):
    Seeked = Signal("qlonglong")

    def __init__(self, mpris: Mpris):
        super().__init__(mpris._object)
        self.m = mpris

    # -- methods
    @Slot()
    def Next(self) -> None:
        self.m.next()

    @Slot()
    def Previous(self) -> None:
        self.m.previous()

    @Slot()
    def Pause(self) -> None:
        self.m.player.pause()

    @Slot()
    def PlayPause(self) -> None:
        self.m.player.toggle()

    @Slot()
    def Stop(self) -> None:
        self.m.player.pause()
        self.m.seek(0.0)

    @Slot()
    def Play(self) -> None:
        self.m.player.play()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:
        p = self.m.player
        target = p.position() + offset / 1e6
        if target >= p.duration() > 0:
            self.m.next()  # the spec: seeking past the end acts like Next
            return
        self.m.seek(max(0.0, target))

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track, position: int) -> None:
        if track.path() != self.m.track_id() or position < 0:
            return  # stale request for another case (the spec says: ignore)
        seconds = position / 1e6
        if seconds <= self.m.player.duration() or self.m.player.duration() <= 0:
            self.m.seek(seconds)

    @Slot(str)
    def OpenUri(self, _uri: str) -> None:
        pass  # no URI schemes are supported (SupportedUriSchemes is empty)

    # -- properties
    PlaybackStatus = Property(str, lambda self: self.m.playback_status())
    Rate = Property(float, lambda self: self.m.player.rate(), lambda self, r: self.m.set_rate(r))
    Volume = Property(float, lambda self: self.m.player.volume(), lambda self, v: self.m.player.set_volume(v))
    Metadata = Property("QVariantMap", lambda self: self.m.metadata_map())
    Position = Property("qlonglong", lambda self: _us(self.m.player.position()))
    MinimumRate = Property(float, lambda self: 0.5)
    MaximumRate = Property(float, lambda self: 2.5)
    CanGoNext = Property(bool, lambda self: self.m.can_go_next())
    CanGoPrevious = Property(bool, lambda self: self.m.can_go_previous())
    CanPlay = Property(bool, lambda self: self.m.player.is_loaded())
    CanPause = Property(bool, lambda self: self.m.player.is_loaded())
    CanSeek = Property(bool, lambda self: self.m.player.is_loaded())
    CanControl = Property(bool, lambda self: True)


@ClassInfo({"D-Bus Interface": "org.freedesktop.DBus.Properties"})
class _Exported(QObject):
    """The object at /org/mpris/MediaPlayer2: carries the adaptors and the PropertiesChanged signal."""

    PropertiesChanged = Signal(str, "QVariantMap", "QStringList")


class Mpris(QObject):
    """Publishes a :class:`~lornplayer.ui.player.Player` over MPRIS 2.

    ``info()`` returns the current case as a dict (``case_id``, ``title``, ``guests`` list,
    ``length`` seconds, ``art`` path) or None; ``next``/``previous`` go to the next/previous chapter
    or turn; ``seek`` moves the position the way the app does (default: ``player.seek``).  Call
    :meth:`update_metadata` when the case or its chapters change.
    """

    def __init__(
        self,
        player,
        parent: QObject | None = None,
        *,
        info: Callable[[], dict | None] = lambda: None,
        next: Callable[[], None] | None = None,
        previous: Callable[[], None] | None = None,
        seek: Callable[[float], None] | None = None,
        raise_window: Callable[[], None] | None = None,
        quit: Callable[[], None] | None = None,
        can_go: Callable[[int], bool] | None = None,
    ):
        super().__init__(parent)
        self.player = player
        self._info = info
        self._next, self._previous = next, previous
        self._seek = seek or player.seek
        self._raise, self._quit = raise_window, quit
        self._can_go = can_go
        self._object = _Exported(self)
        self._connection = None
        self.service_name: str | None = None
        self._last: dict = {}
        self._pos = (0.0, time.monotonic())

    # -- publishing ----------------------------------------------------
    def start(self, connection=None) -> bool:
        """Register on ``connection`` (default: the session bus).  False, quietly, when there is no bus."""
        if QDBusConnection is None:
            return False
        bus = connection if connection is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            log.info("no D-Bus session bus: media keys and MPRIS are not available")
            return False
        self._root = _RootAdaptor(self)
        self._player_adaptor = _PlayerAdaptor(self)
        opts = QDBusConnection.RegisterOption
        if not bus.registerObject(OBJECT_PATH, self._object, opts.ExportAdaptors | opts.ExportAllSignals):
            log.info("MPRIS object path already taken on this connection")
            return False
        for name in (SERVICE, f"{SERVICE}.instance{os.getpid()}"):
            if bus.registerService(name):
                self.service_name = name
                break
        else:
            bus.unregisterObject(OBJECT_PATH)
            log.info("could not claim an MPRIS bus name")
            return False
        self._connection = bus
        p = self.player
        p.playingChanged.connect(lambda _on: self._changed("PlaybackStatus", "CanPlay", "CanPause", "CanSeek"))
        p.loaded.connect(lambda _path: self.update_metadata())
        p.rateChanged.connect(lambda _r: self._changed("Rate"))
        p.volumeChanged.connect(lambda _v: self._changed("Volume"))
        p.positionChanged.connect(self._on_position)
        self._snapshot()
        return True

    def stop(self) -> None:
        if self._connection is not None:
            if self.service_name:
                self._connection.unregisterService(self.service_name)
            self._connection.unregisterObject(OBJECT_PATH)
            self._connection = None

    def is_running(self) -> bool:
        return self._connection is not None

    # -- state ---------------------------------------------------------
    def playback_status(self) -> str:
        if self.player.is_playing():
            return "Playing"
        return "Paused" if self.player.is_loaded() else "Stopped"

    def track_id(self) -> str:
        info = self._info() or {}
        case_id = "".join(ch for ch in str(info.get("case_id") or "") if ch.isalnum() or ch == "_")
        return TRACK_PREFIX + case_id if case_id else NO_TRACK

    def metadata_map(self) -> dict:
        info = self._info()
        if not info:
            return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        md: dict = {"mpris:trackid": QDBusObjectPath(self.track_id())}
        length = info.get("length") or self.player.duration()
        if length:
            md["mpris:length"] = _us(length)
        if info.get("title"):
            md["xesam:title"] = str(info["title"])
        guests = [g for g in info.get("guests") or [] if g]
        if guests:
            md["xesam:artist"] = guests
        case_id = info.get("case_id")
        if case_id:
            md["xesam:album"] = f"LØRN #{case_id}"
            md["lornplayer:case"] = str(case_id)
            digits = "".join(ch for ch in str(case_id) if ch.isdigit())
            if digits:
                md["xesam:trackNumber"] = int(digits)
        if info.get("art"):
            md["mpris:artUrl"] = QUrl.fromLocalFile(str(info["art"])).toString()
        return md

    def can_go_next(self) -> bool:
        return bool(self._can_go(1)) if self._can_go else self._next is not None

    def can_go_previous(self) -> bool:
        return bool(self._can_go(-1)) if self._can_go else self._previous is not None

    # -- actions -------------------------------------------------------
    def next(self) -> None:
        if self._next is not None:
            self._next()

    def previous(self) -> None:
        if self._previous is not None:
            self._previous()

    def seek(self, seconds: float) -> None:
        self._seek(seconds)

    def set_rate(self, rate: float) -> None:
        if rate > 0:  # the spec: a rate of 0 is not allowed to pause; ignore it
            self.player.set_rate(rate)

    def raise_window(self) -> None:
        if self._raise is not None:
            self._raise()

    def quit(self) -> None:
        if self._quit is not None:
            self._quit()

    # -- change notification ---------------------------------------------
    def _values(self) -> dict:
        return {
            "PlaybackStatus": self.playback_status(),
            "Rate": self.player.rate(),
            "Volume": self.player.volume(),
            "Metadata": self.metadata_map(),
            "CanGoNext": self.can_go_next(),
            "CanGoPrevious": self.can_go_previous(),
            "CanPlay": self.player.is_loaded(),
            "CanPause": self.player.is_loaded(),
            "CanSeek": self.player.is_loaded(),
        }

    def _snapshot(self) -> None:
        self._last = self._values()

    def _changed(self, *names: str) -> None:
        if self._connection is None:
            return
        now = self._values()
        changed = {n: now[n] for n in (names or now) if self._last.get(n) != now[n] or n == "Metadata"}
        self._last = now
        if changed:
            self._object.PropertiesChanged.emit(PLAYER_IFACE, changed, [])

    def update_metadata(self) -> None:
        """The case (or what Next/Previous can reach) changed."""
        self._changed("Metadata", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek", "PlaybackStatus")

    def _on_position(self, seconds: float) -> None:
        last, at = self._pos
        now = time.monotonic()
        expected = last + ((now - at) * self.player.rate() if self.player.is_playing() else 0.0)
        self._pos = (seconds, now)
        if self._connection is not None and abs(seconds - expected) > SEEK_JUMP:
            self._player_adaptor.Seeked.emit(_us(seconds))
