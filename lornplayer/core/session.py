"""The open case: its audio, timing, listening progress, anchors and note targets (no Qt).

A front end creates one with :meth:`AppCore.open_case` and feeds it what the
player reports (position, play/pause, seeks, the measured duration); the
session keeps the timing model and the progress bookkeeping, with the one
finished rule the library list and the learning log use too.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from lornplayer.model import AudioFile, Case
from lornplayer.progress import (
    ListenedIntervals,
    ListeningTracker,
    is_finished,
    listened_fraction,
    manual_mark,
    resume_position,
)
from lornplayer.store import Progress
from lornplayer.timing import SourceKind, Timing


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class CaseSession:
    def __init__(self, core, case: Case):
        from lornplayer.core.app import case_duration

        self.core = core
        self.library = core.library
        self.case = case
        self.audio: AudioFile | None = core.primary_audio(case.id)
        # The file to play: None when there is none or it cannot be played (``audio.error`` says why).
        self.audio_path: str | None = self.audio.path if self.audio is not None and self.audio.error is None else None
        self.timing: Timing = core.case_timing(case)
        progress = self.library.get_progress(case.id)
        self.tracker = ListeningTracker(ListenedIntervals.from_json(progress.listened_json), progress.time_listened)
        self.duration = case_duration(case, self.audio)
        self.resume_at: float = resume_position(
            progress.position, progress.duration, finished=self.finished_in(progress)
        )
        # The rewind on reopening is not a new place: until the user plays or seeks, the saved position stays.
        self._moved = False

    # -- facts ---------------------------------------------------------
    @property
    def case_id(self) -> str:
        return self.case.id

    def anchors(self) -> dict[int, float]:
        return self.library.anchors(self.case.id)

    def progress(self) -> Progress:
        return self.library.get_progress(self.case.id)

    def listened_fraction(self, progress: Progress | None = None) -> float:
        p = progress or self.progress()
        return listened_fraction(p.listened_seconds, self.duration)

    def finished_in(self, progress: Progress) -> bool:
        """The finished rule (95 % listened, or the user's mark) applied to ``progress``."""
        return is_finished(self.listened_fraction(progress), manual_mark(progress.finished_manual))

    @property
    def finished(self) -> bool:
        return self.finished_in(self.progress())

    def affected_by_import(self, report) -> bool:
        """Whether an import changed this case's page, or brought it audio where it had none to play."""
        if self.case.id in report.changed_case_ids:
            return True
        return not self.audio_path and any(a.path in report.audio for a in self.library.audio_for(self.case.id))

    # -- timing --------------------------------------------------------
    def retime(self, duration: float | None = None) -> Timing:
        """Rebuild the timing (after an anchor, an alignment, a lead-time change or a better duration)."""
        self.timing = self.core.case_timing(self.case, duration=duration)
        return self.timing

    def audio_duration_measured(self, seconds: float) -> bool:
        """The player measured the audio: store it if the probe was off (VBR MP3 without Xing header).
        True if it changed, and then the timing was rebuilt."""
        if not self.audio_path or seconds <= 0:
            return False
        stored = self.audio.duration if self.audio is not None else None
        if stored is not None and abs(stored - seconds) <= max(2.0, 0.02 * seconds):
            return False
        self.library.set_audio_duration(self.audio_path, seconds)
        self.audio = next((a for a in self.library.audio_for(self.case.id) if a.path == self.audio_path), self.audio)
        self.duration = seconds
        self.retime(seconds)
        return True

    def set_anchor(self, turn_index: int, seconds: float) -> bool:
        """ "This turn starts now": pin the turn and re-spread the others.  False for no such turn."""
        if not 0 <= turn_index < len(self.case.turns):
            return False
        self.library.set_anchor(self.case.id, turn_index, seconds)
        return True

    def clear_anchors(self) -> None:
        self.library.clear_anchors(self.case.id)

    def wants_alignment(self) -> bool:
        """Whether to align automatically: audio and text, only an estimate so far, and the setting on."""
        return bool(
            self.case.turns
            and self.audio_path
            and self.timing.source.kind is SourceKind.ESTIMATE
            and self.core.automatic_alignment()
        )

    # -- notes ---------------------------------------------------------
    def note_target(self, player_position: float | None, reading_turn: int) -> tuple[float, int | None]:
        """Time and turn of a note added now: the player's moment if audio is loaded, else the turn being read."""
        if player_position is not None:
            turn = self.timing.turn_at(player_position) if self.case.turns else None
            return player_position, turn if turn is not None and turn >= 0 else None
        if not self.case.turns:
            return 0.0, None
        turn = max(0, reading_turn)
        return self.timing.starts[turn], turn

    # -- listening -----------------------------------------------------
    def on_position(self, seconds: float, playing: bool, now: float | None = None) -> None:
        self._moved = self._moved or playing
        self.tracker.on_position(seconds, time.monotonic() if now is None else now, playing)

    def on_seek(self, seconds: float, now: float | None = None) -> None:
        self._moved = True
        self.tracker.on_seek(seconds, time.monotonic() if now is None else now)

    def on_pause(self) -> None:
        self.tracker.on_pause()

    def save_progress(self, position: float, duration: float | None) -> bool | None:
        """Save position, heard intervals and time listened (one transaction).

        Returns whether the case is finished now, or None if there is no playable audio (nothing saved)."""
        if not self.audio_path:
            return None
        p = self.progress()
        self.tracker.flush()
        if self._moved or not p.position:  # opening and closing without playing keeps the resume point
            p.position = position if position > 0 or not p.position else p.position
        p.listened_json = self.tracker.listened.to_json()
        p.time_listened = self.tracker.time_listened
        p.duration = duration or p.duration
        p.listened_seconds = self.tracker.listened.total()
        if self.tracker.time_listened > 0:
            p.last_played = _now()
        now_finished = self.finished_in(p)
        if now_finished and p.finished_at is None:
            p.finished_at = _now()
        elif not now_finished:
            p.finished_at = None
        self.library.save_progress(p)
        return now_finished

    def set_finished(self, finished: bool) -> None:
        """The user's mark: finished or not, whatever was listened."""
        p = self.progress()
        p.finished_manual = 1 if finished else 0
        p.finished_at = _now() if finished else None
        self.library.save_progress(p)
