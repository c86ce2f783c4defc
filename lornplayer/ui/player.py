"""Audio playback: :class:`Player`, a small QObject around QMediaPlayer.

Times are seconds (float) everywhere.  Volume is on a perceptual 0..1 scale
(what a slider shows); it is converted to Qt's linear amplitude internally.

QtMultimedia is imported defensively, when the first file is opened: if it is
missing, ``Player.available()`` becomes False, ``Player.unavailable_reason()``
says why, and a Player still works as a stub whose ``load()`` emits
:attr:`Player.error` instead of crashing.

Call :meth:`Player.shutdown` before the QApplication goes away (it is hooked
to ``aboutToQuit``): Qt crashes at exit after MP3/Opus playback if a
QMediaPlayer with a source outlives the application.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, QTimer, QUrl, Signal, Slot

from lornplayer.qt.application import quiet_ffmpeg

# Qt Multimedia (and with its first player, the FFmpeg backend) is loaded when the first file is
# opened, not at import: ~25 ms that the window's first frame does not wait for.
if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QtAudio
else:
    QAudioOutput = QMediaPlayer = QtAudio = None
_unavailable = ""
_multimedia_tried = False


def _load_multimedia() -> bool:
    """Import Qt Multimedia once; False (the reason kept for :meth:`Player.unavailable_reason`) if it is missing."""
    global QAudioOutput, QMediaPlayer, QtAudio, _unavailable, _multimedia_tried
    if not _multimedia_tried:
        _multimedia_tried = True
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QtAudio
        except ImportError as exc:  # pragma: no cover - depends on the installation
            _unavailable = QCoreApplication.translate(
                "Player", "Audio playback is not available: Qt Multimedia could not be loaded ({0})."
            ).format(exc)
    return QMediaPlayer is not None


MIN_RATE = 0.5
MAX_RATE = 2.5
POLL_MS = 100  # position updates while playing, for a responsive transcript highlight


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _ignore(*_args) -> None:
    pass


def _prime_notify_overrides(*signals) -> None:
    """Avoid a GIL deadlock when stopping playback.

    Qt's FFmpeg threads destroy their renderer objects, which calls
    ``disconnectNotify()`` on our QAudioOutput/QMediaPlayer.  PySide looks for a
    Python override of that virtual under the GIL unless it has already cached
    "no override" for the object, while the GUI thread holds the GIL waiting in
    ``stop()`` for that very thread.  One connect/disconnect from this thread
    fills the cache.
    """
    for signal in signals:
        signal.connect(_ignore)
        signal.disconnect(_ignore)


class Player(QObject):
    """Plays one audio file at a time; signals carry seconds as float."""

    positionChanged = Signal(float)
    durationChanged = Signal(float)
    playingChanged = Signal(bool)
    rateChanged = Signal(float)
    volumeChanged = Signal(float)
    mutedChanged = Signal(bool)
    loaded = Signal(str)  # path; the media is ready to play
    error = Signal(str)  # translated, user-facing, names the file
    ended = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._path: str | None = None
        self._ready = False
        self._pending_seek: float | None = None
        self._rate = 1.0
        self._volume = 1.0
        self._muted = False
        self._last_position = -1.0
        self._playing = False
        self._mp: QMediaPlayer | None = None  # made by _backend() when the first file is opened
        self._out: QAudioOutput | None = None
        self._shut = False  # shutdown() ran (or no backend exists): no Qt player is made any more
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._emit_position)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _backend(self) -> QMediaPlayer | None:
        """The Qt player, made when first needed; None if playback is unavailable or shut down."""
        if self._mp is not None or self._shut:
            return self._mp
        if not _load_multimedia():
            self._shut = True
            return None
        self._mp = QMediaPlayer(self)
        quiet_ffmpeg()  # FFmpeg's stream dumps stay out of the terminal
        self._out = QAudioOutput(self)
        self._mp.setAudioOutput(self._out)
        _prime_notify_overrides(self._mp.sourceChanged, self._out.volumeChanged)
        if not self._mp.isAvailable():
            global _unavailable
            _unavailable = self.tr("Audio playback is not available: no Qt Multimedia backend was found.")
            self._delete_backend()
            self._shut = True
            return None
        if self._mp.pitchCompensationAvailability() == QMediaPlayer.PitchCompensationAvailability.Available:
            self._mp.setPitchCompensation(True)
        self._mp.mediaStatusChanged.connect(self._on_status)
        self._mp.errorOccurred.connect(self._on_error)
        self._mp.durationChanged.connect(lambda ms: self.durationChanged.emit(ms / 1000.0))
        self._mp.playbackStateChanged.connect(self._on_state)
        self._mp.positionChanged.connect(self._on_native_position)
        self._mp.setPlaybackRate(self._rate)  # what was chosen before the first file
        self._apply_volume()
        self._out.setMuted(self._muted)
        return self._mp

    # -- availability --------------------------------------------------
    @staticmethod
    def available() -> bool:
        """False once it is known that Qt Multimedia or its backend is missing (known when a file is opened)."""
        return not _unavailable

    @staticmethod
    def unavailable_reason() -> str:
        """Translated explanation when :meth:`available` is False, else ''."""
        return _unavailable

    # -- media ---------------------------------------------------------
    def path(self) -> str | None:
        return self._path

    def is_loaded(self) -> bool:
        """True once the current file is ready to play."""
        return self._ready

    def load(self, path: str | os.PathLike) -> bool:
        """Open *path*; emits ``loaded`` when ready or ``error``.  False if it failed at once."""
        path = str(path)
        self.unload()
        self._backend()  # Qt Multimedia and its FFmpeg backend load with the first file
        problem = self._check_file(path)
        if problem:
            self.error.emit(problem)
            return False
        self._path = path
        assert self._mp is not None  # _check_file() made it
        self._mp.setSource(QUrl.fromLocalFile(os.path.abspath(path)))
        return True

    def _check_file(self, path: str) -> str:
        """A user-facing message if *path* cannot be played, else ''."""
        name = Path(path).name
        if self._mp is None:
            reason = _unavailable or self.tr("the audio player has been shut down.")
            return self.tr("Cannot play “{0}”: {1}").format(name, reason)
        if not os.path.exists(path):
            return self.tr("The audio file “{0}” was not found ({1}).").format(name, path)
        if os.path.isdir(path):
            return self.tr("“{0}” is a folder, not an audio file.").format(name)
        if not os.access(path, os.R_OK):
            return self.tr("The audio file “{0}” cannot be read (permission denied).").format(name)
        if os.path.getsize(path) == 0:
            return self.tr("The audio file “{0}” is empty.").format(name)
        return ""

    def unload(self) -> None:
        """Stop and forget the current file."""
        if self._mp is None:
            return
        had_media = self._path is not None
        self._path = None
        self._ready = False
        self._pending_seek = None
        self._mp.stop()
        self._mp.setSource(QUrl())
        if had_media:
            self._last_position = -1.0
            self._emit_position()
            self.durationChanged.emit(0.0)

    # -- transport -----------------------------------------------------
    @Slot()
    def play(self) -> None:
        if self._mp is not None and self._path is not None:
            self._mp.play()

    @Slot()
    def pause(self) -> None:
        if self._mp is not None:
            self._mp.pause()

    @Slot()
    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    @Slot()
    def stop(self) -> None:
        """Stop and rewind to the start."""
        if self._mp is not None:
            self._mp.stop()
            self._emit_position()

    def is_playing(self) -> bool:
        return self._mp is not None and self._mp.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    @Slot(float)
    def seek(self, seconds: float) -> None:
        """Jump to *seconds* (clamped to the media); remembered until the media is loaded."""
        if self._mp is None or self._path is None:
            return
        seconds = max(0.0, float(seconds))
        if not self._ready:
            self._pending_seek = seconds
            return
        duration = self.duration()
        if duration > 0:
            seconds = min(seconds, duration)
        self._mp.setPosition(round(seconds * 1000))
        self._emit_position(seconds)

    @Slot(float)
    def skip(self, delta_seconds: float) -> None:
        """Seek relative to the current position (clamped to the media)."""
        base = self._pending_seek if self._pending_seek is not None else self.position()
        self.seek(base + delta_seconds)

    def position(self) -> float:
        return self._mp.position() / 1000.0 if self._mp is not None else 0.0

    def duration(self) -> float:
        """Qt's duration of the loaded media in seconds (0.0 if unknown)."""
        return max(0, self._mp.duration()) / 1000.0 if self._mp is not None else 0.0

    # -- rate, volume --------------------------------------------------
    @Slot(float)
    def set_rate(self, rate: float) -> None:
        """Playback speed, clamped to 0.5–2.5 (pitch-compensated where Qt offers it)."""
        rate = round(_clamp(float(rate), MIN_RATE, MAX_RATE), 2)
        if self._mp is not None:
            self._mp.setPlaybackRate(rate)
        if rate != self._rate:
            self._rate = rate
            self.rateChanged.emit(rate)

    def rate(self) -> float:
        return self._rate

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        """Volume on a perceptual 0..1 scale (clamped)."""
        volume = _clamp(float(volume), 0.0, 1.0)
        changed = volume != self._volume
        self._volume = volume
        self._apply_volume()
        if changed:
            self.volumeChanged.emit(volume)

    def _apply_volume(self) -> None:
        if self._out is not None:
            self._out.setVolume(
                QtAudio.convertVolume(
                    self._volume, QtAudio.VolumeScale.LogarithmicVolumeScale, QtAudio.VolumeScale.LinearVolumeScale
                )
            )

    def volume(self) -> float:
        return self._volume

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if self._out is not None:
            self._out.setMuted(muted)
        if muted != self._muted:
            self._muted = muted
            self.mutedChanged.emit(muted)

    def is_muted(self) -> bool:
        return self._muted

    # -- teardown ------------------------------------------------------
    @Slot()
    def shutdown(self) -> None:
        """Stop, clear the source and delete the Qt player objects now (idempotent)."""
        self._poll.stop()
        self._shut = True
        if self._mp is None:
            return
        if self._mp.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            # Let the FFmpeg backend's audio threads see the pause before the player goes: deleting a
            # player that has only just started playing has crashed one of those threads.
            self._mp.pause()
            deadline = QDeadlineTimer(100)  # a tenth of a second for the backend to settle, at most
            while not deadline.hasExpired():
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        self._mp.stop()
        self._mp.setSource(QUrl())
        self._path = None
        self._ready = False
        self._delete_backend()

    def _delete_backend(self) -> None:
        for obj in (self._mp, self._out):
            if obj is not None and shiboken6.isValid(obj):
                shiboken6.delete(obj)
        self._mp = self._out = None

    # -- Qt callbacks --------------------------------------------------
    def _emit_position(self, seconds: float | None = None) -> None:
        seconds = self.position() if seconds is None else seconds
        if seconds != self._last_position:
            self._last_position = seconds
            self.positionChanged.emit(seconds)

    def _on_native_position(self, _ms: int) -> None:
        # While playing the poll timer paces updates; otherwise relay Qt's.
        if not self._poll.isActive():
            self._emit_position()

    def _on_state(self, state) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if playing:
            self._poll.start()
        else:
            self._poll.stop()
            self._emit_position()
        if playing != self._playing:
            self._playing = playing
            self.playingChanged.emit(playing)

    def _on_status(self, status) -> None:
        S = QMediaPlayer.MediaStatus
        if status == S.LoadedMedia and not self._ready and self._path is not None:
            self._ready = True
            self._mp.setPlaybackRate(self._rate)
            if self._pending_seek is not None:
                pending, self._pending_seek = self._pending_seek, None
                self.seek(pending)
            self.loaded.emit(self._path)
        elif status == S.EndOfMedia:
            self.ended.emit()
        elif status == S.InvalidMedia and self._mp.error() == QMediaPlayer.Error.NoError:
            self._report(self.tr("it is damaged or not a supported audio format"))

    def _on_error(self, err, detail: str) -> None:
        E = QMediaPlayer.Error
        reasons = {
            E.FormatError: self.tr("it is damaged, truncated or not a supported audio format"),
            E.AccessDeniedError: self.tr("access was denied"),
            E.ResourceError: self.tr("it could not be opened or decoded"),
        }
        self._report(reasons.get(err, self.tr("playback failed")), detail)

    def _report(self, reason: str, detail: str = "") -> None:
        name = Path(self._path).name if self._path else self.tr("(no file)")
        message = self.tr("Cannot play “{0}”: {1}.").format(name, reason)
        if detail:
            message += " " + self.tr("(Qt says: {0})").format(detail)
        self._ready = False
        self.error.emit(message)
