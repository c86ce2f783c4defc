"""The player wired to the open case: the transcript follows it, listening progress is tracked and
saved (every 5 s while playing, on pause, at the end), the case resumes where it stopped, and a seek
before the audio is loaded is applied once it is."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

SAVE_INTERVAL_MS = 5000  # listening position and heard intervals are saved this often while playing


class Playback(QObject):
    """Connects ``window.player`` to ``window.session`` (a CaseSession, or None)."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.player = window.player
        self.pending_seek: float | None = None
        self.save_timer = QTimer(self)
        self.save_timer.setInterval(SAVE_INTERVAL_MS)
        self.save_timer.timeout.connect(self.save_progress)
        p = self.player
        p.positionChanged.connect(self.on_position)
        p.playingChanged.connect(self._on_playing)
        p.durationChanged.connect(self._on_duration)
        p.loaded.connect(self._on_loaded)
        p.ended.connect(self.save_progress)

    def _on_loaded(self, _path: str) -> None:
        self.w.player_bar.show_message(None)
        if self.pending_seek:
            self.player.seek(self.pending_seek)
        self.pending_seek = None

    def _on_duration(self, seconds: float) -> None:
        """Qt's duration after loading is reliable; mutagen can be far off for VBR MP3 without a Xing header."""
        session = self.w.session
        if session is not None and session.audio_duration_measured(seconds):
            self.w.retime()
            self.w.library_panel.refresh_row(session.case_id)

    def on_position(self, seconds: float) -> None:
        self.w.transcript.set_position(seconds)
        if self.w.session is not None:
            self.w.session.on_position(seconds, self.player.is_playing())

    def _on_playing(self, playing: bool) -> None:
        session = self.w.session
        if playing:
            if session is not None:
                session.on_position(self.player.position(), True)
            self.save_timer.start()
        else:
            if session is not None:
                session.on_pause()
            self.save_timer.stop()
            self.save_progress()

    def seek(self, seconds: float, player: bool = True) -> None:
        """Go to ``seconds`` (``player=False``: the player bar moved the player there already)."""
        if self.w.session is not None:
            self.w.session.on_seek(seconds)
        if player:
            self.player.seek(seconds)
        self.w.transcript.set_position(seconds)

    def go_to(self, seconds: float) -> None:
        """Seek now if the audio is loaded, else as soon as it is."""
        if self.player.is_loaded():
            self.seek(seconds)
        else:
            self.pending_seek = seconds
        self.w.transcript.set_position(seconds)

    def save_progress(self) -> None:
        """Save position, heard intervals and time listened (one transaction)."""
        session = self.w.session
        if session is None:
            return
        finished = session.save_progress(self.player.position(), self.player.duration())
        if finished is not None:
            self.w.finished_action.setChecked(finished)
            self.w.library_panel.refresh_row(session.case_id)
            self.w.case_view.set_listened(self.w._listened_text(session.case_id))  # the same figures as the list

    def set_finished(self, checked: bool) -> None:
        """The user's finished mark (after saving what was heard so far)."""
        session = self.w.session
        if session is None:
            return
        self.save_progress()
        session.set_finished(checked)
        self.w.finished_action.setChecked(checked)
        self.w.library_panel.refresh_row(session.case_id)

    def stop(self) -> None:
        """At quit: stop the timer and save."""
        self.save_timer.stop()
        self.save_progress()
