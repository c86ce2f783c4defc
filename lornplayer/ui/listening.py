"""What listeners expect of a desktop podcast player, wired into the main window in one place:
chapters (side tab, seek-bar marks, next/previous keys), the sleep timer, skip silence, the Up next
queue with auto-advance, suggestions for the next case, quotes, and MPRIS (media keys, the desktop's
media controls).  ``ListeningFeatures(window)`` installs it all; the window calls :meth:`shutdown`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMenu

from lornplayer import chapters as chapter_rules
from lornplayer import paths
from lornplayer.export import format_time
from lornplayer.ui.chapters import ChapterList, ChapterMarks
from lornplayer.ui.firstframe import AfterFirstFrame
from lornplayer.ui.library_model import CASE_ID_ROLE
from lornplayer.ui.skipsilence import SkipSilence
from lornplayer.ui.sleep import SleepTimerControl
from lornplayer.ui.upnext import UpNextPanel
from lornplayer.upnext import ranged_note_at, set_note_end


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class ListeningFeatures(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = w = window
        self.chapters: list[chapter_rules.Chapter] = []
        self._stop_at: float | None = None  # end of a ranged note being played

        self.chapter_list = ChapterList()
        self.chapter_list.chapterActivated.connect(self._play_from)
        w.add_side_tab(self.chapter_list, _tr("Chapters"))
        self.marks = ChapterMarks(w.player_bar.slider)
        self.up_next = UpNextPanel(w.library)
        self.up_next.playRequested.connect(self.play_case)
        self.up_next.openRequested.connect(w.open_case)
        w.add_side_tab(self.up_next, _tr("Up next"))

        self.sleep = SleepTimerControl(
            w.player, {"turn": self._turn_end, "chapter": self._chapter_end, "case": self._case_end}, self
        )
        self.sleep.expired.connect(lambda: w.statusBar().showMessage(_tr("Sleep timer: playback stopped."), 8000))
        w.statusBar().addPermanentWidget(self.sleep.widget)
        self.silence = SkipSilence(w.library, w.player, w.tasks.run, w.seek, self)
        self.silence.tracker_hook = self._credit_skip
        w.statusBar().addPermanentWidget(self.silence.label)

        self._build_commands()
        w.caseOpened.connect(self._on_case_opened)
        w.player.positionChanged.connect(self._on_position)
        w.player.ended.connect(self._on_ended)
        w.player.durationChanged.connect(lambda _s: self._update_chapters())
        w.notes_panel.seekRequested.connect(self._on_note_seek)
        w.transcript.quoteRequested.connect(self.quote_turn)
        self.mpris = None  # published after the window's first frame (D-Bus is not needed to see it)
        AfterFirstFrame(w.table.viewport(), self._publish_mpris)
        self._refresh_after_indexing()

    def _refresh_after_indexing(self) -> None:
        """Suggestions use the search index once the window's full indexing task has built it."""
        work = self.w.work
        index = work.index

        def index_then_refresh(case_ids=None):
            task = index(case_ids)
            if not case_ids:
                task.finished.connect(lambda _result: self.refresh_suggestions())
            return task

        work.index = index_then_refresh

    # ------------------------------------------------------------ commands
    def _build_commands(self) -> None:
        c, w = self.w.commands, self.w
        c.separator("playback")
        c.add(
            "playback",
            _tr("Next chapter"),
            self.next_chapter,
            "Ctrl+Right",
            tip=_tr("Go to the next chapter (or turn, when the episode has no chapters)"),
        )
        c.add(
            "playback",
            _tr("Previous chapter"),
            self.previous_chapter,
            "Ctrl+Left",
            tip=_tr("Back to the start of this chapter, or the one before (or the turn)"),
        )
        self.sleep_menu = QMenu(_tr("Sleep timer"), w)
        self.sleep.build_menu(self.sleep_menu)
        c.menu("playback").addMenu(self.sleep_menu)
        c.add(None, _tr("Sleep timer menu"), self._popup_sleep_menu, "Z")
        self.skip_action = c.add(
            "playback",
            _tr("Skip silence"),
            self.silence.set_global,
            "Ctrl+Shift+S",
            checkable=True,
            tip=_tr("Shorten or skip long pauses in every case"),
        )
        self.skip_action.setChecked(self.silence.global_enabled())
        self.skip_case_action = c.add(
            "playback", _tr("Skip silence in this case"), self.silence.set_for_case, checkable=True
        )
        self.shorten_action = c.add(
            "playback", _tr("Keep a short gap instead of skipping pauses"), self.silence.set_shorten, checkable=True
        )
        self.shorten_action.setChecked(self.silence.shorten())
        c.separator("playback")
        c.add(
            "playback",
            _tr("Play next"),
            lambda: self.queue_case(next_=True),
            "Shift+A",
            tip=_tr("Put the selected case first in Up next"),
        )
        c.add(
            "playback",
            _tr("Add to Up next"),
            lambda: self.queue_case(next_=False),
            "A",
            tip=_tr("Put the selected case last in Up next"),
        )
        c.add("playback", _tr("Play the next case in Up next"), self.advance, "Ctrl+Shift+Right")
        c.add(
            "notes",
            _tr("Quote from this turn…"),
            lambda: self.quote_turn(-1),
            "Q",
            tip=_tr("Select words of the turn and copy them with their citation, or keep them as a note"),
        )
        table = w.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, next_ in ((_tr("Play next"), True), (_tr("Add to Up next"), False)):
            act = table.addAction(text)
            act.triggered.connect(lambda _c=False, n=next_: self.queue_case(next_=n))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Keys of these features that are not window actions (for Help → Keyboard shortcuts)."""
        return [
            (_tr("Up next: move the selected case up / down"), _tr("Ctrl+↑ / Ctrl+↓")),
            (_tr("Up next: remove / play the selected case"), _tr("Delete / Enter")),
            (_tr("Quote: select words"), _tr("Shift+arrow keys, or the mouse")),
            (_tr("Media keys and headset buttons"), _tr("play/pause, next/previous chapter (MPRIS)")),
        ]

    def _popup_sleep_menu(self) -> None:
        bar = self.w.player_bar
        self.sleep_menu.popup(bar.mapToGlobal(bar.rect().center()))

    # ---------------------------------------------------------------- case
    def _on_case_opened(self, session) -> None:
        self._stop_at = None
        self._update_chapters()
        self.silence.set_case(session.case.id, session.audio_path)
        self.skip_case_action.setChecked(self.silence.enabled())
        if self.mpris is not None:
            self.mpris.update_metadata()
        self.up_next.set_titles({r.id: r.title or "" for r in self.w.model.rows()})
        self.refresh_suggestions()

    def _update_chapters(self) -> None:
        s = self.w.session
        if s is None:
            self.chapters = []
        else:
            duration = self.w.player.duration() or (s.timing.duration if s.timing else None)
            self.chapters = chapter_rules.chapters_for(
                s.audio_path, s.case, s.timing.starts if s.timing else None, duration
            )
        self.chapter_list.set_chapters(self.chapters)
        self.marks.set_chapters(self.chapters, self.w.player.duration() or 0.0)

    def refresh_suggestions(self) -> None:
        """Suggestions for the open case, computed in the background (the index may need a moment)."""
        s = self.w.session
        if s is None or getattr(self.w, "_shut", False):
            return  # no new background work once the window is closing
        from lornplayer.suggest import suggestions

        core, case_id = self.w.core, s.case.id

        def work(_task, _report):
            # The index as it is: a missing or broken one is rebuilt by the window's own (cancellable,
            # labelled) indexing task, not here; until then suggestions come from the library alone.
            from lornplayer.core import indexing

            if _task.cancelled:
                return []
            return suggestions(core.library, case_id, index=indexing.index_for())

        def done(found):
            if self.w.case is not None and self.w.case.id == case_id:
                self.up_next.set_suggestions(found)

        self.w.tasks.run("suggest", None, work, done)

    # ------------------------------------------------------------ chapters
    def _starts(self) -> list[float]:
        if self.chapters:
            return [c.start for c in self.chapters]
        return list(self.w.timing.starts) if self.w.timing is not None else []

    def next_chapter(self) -> None:
        """The next chapter, or the next turn when there are no chapters."""
        pos = self.w.player.position()
        target = next((s for s in self._starts() if s > pos + 0.5), None)
        if target is not None:
            self.w.seek(target)

    def previous_chapter(self) -> None:
        pos = self.w.player.position()
        starts = [s for s in self._starts() if s <= pos + 0.01]
        if not starts:
            self.w.seek(0.0)
            return
        target = starts[-1] if pos - starts[-1] >= 3.0 or len(starts) == 1 else starts[-2]
        self.w.seek(target)

    def can_go(self, direction: int) -> bool:
        pos = self.w.player.position()
        if not self.w.player.is_loaded():
            return False
        return any(s > pos + 0.5 for s in self._starts()) if direction > 0 else pos > 0.5

    def _play_from(self, seconds: float) -> None:
        self.w.seek(seconds)
        self.w.player.play()

    def _turn_end(self) -> float | None:
        t = self.w.timing
        if t is None or not t.starts:
            return None
        i = t.turn_at(self.w.player.position())
        return t.ends[max(0, i)]

    def _chapter_end(self) -> float | None:
        i = chapter_rules.chapter_at(self.chapters, self.w.player.position())
        if i < 0:  # no chapters (the episode is one), or before the first one
            return self.chapters[0].start if self.chapters else self._case_end()
        return self.chapters[i].end or self._case_end()

    def _case_end(self) -> float | None:
        return self.w.player.duration() or None

    # --------------------------------------------------------------- queue
    def target_case(self) -> str | None:
        """The case a queue command means: the one selected in the library or suggestions, else the open one."""
        focus = self.w.focusWidget()
        if focus is self.w.table and self.w.table.currentIndex().isValid():
            return self.w.table.currentIndex().data(CASE_ID_ROLE)
        if focus is self.up_next.suggestions and self.up_next.suggestions.currentItem() is not None:
            return self.up_next.suggestions.currentItem().data(Qt.ItemDataRole.UserRole)
        index = self.w.table.currentIndex()
        if self.w.table.hasFocus() and index.isValid():
            return index.data(CASE_ID_ROLE)
        return self.w.case.id if self.w.case is not None else None

    def queue_case(self, next_: bool, case_id: str | None = None) -> None:
        case_id = case_id or self.target_case()
        if not case_id:
            return
        self.up_next.add(case_id, next_=next_)
        message = _tr("{0} plays next.") if next_ else _tr("{0} added to Up next.")
        self.w.statusBar().showMessage(message.format(case_id), 4000)

    def play_case(self, case_id: str) -> None:
        self.up_next.queue.remove(case_id)
        self.up_next.refresh()
        if self.w.open_case(case_id):
            self.w.player.play()

    def advance(self) -> bool:
        """Open and play the first case in Up next (not the open one)."""
        skip = {self.w.case.id} if self.w.case is not None else set()
        case_id = self.up_next.pop_next(skip)
        if case_id is None:
            return False
        self.play_case(case_id)
        return True

    def _on_ended(self) -> None:
        if self.sleep.media_ended():
            return  # the sleep timer waited for this: nothing else starts
        if self.up_next.queue.auto_advance() and self.advance():
            return
        self.w.side_tabs.setCurrentWidget(self.up_next)
        if self.up_next.suggestion_ids():
            self.w.statusBar().showMessage(_tr("The case has ended. Here are suggestions for your next LØRNing."), 8000)

    # --------------------------------------------------------------- quotes
    def quote_turn(self, index: int) -> None:
        """Open the quote dialog for turn ``index`` (-1: the turn being played or read)."""
        w = self.w
        if w.case is None or not w.case.turns:
            return
        if index < 0:
            index = max(0, w.transcript.current_turn())
        from lornplayer.ui.quotes import QuoteDialog

        t = w.timing
        start = t.starts[index] if t is not None else None
        end = t.ends[index] if t is not None else None
        dialog = QuoteDialog(w.case, index, start, end, w)
        dialog.noteRequested.connect(lambda text, a, b, i=index: self.add_quote_note(text, a, b, i))
        self.quote_dialog = dialog
        dialog.open()

    def add_quote_note(self, text: str, start: float, end: float, turn_index: int) -> int:
        panel = self.w.notes_panel
        self.w.side_tabs.setCurrentWidget(panel)
        note_id = panel.add_note(start, turn_index)
        panel.editor().setPlainText(text)
        panel.flush()
        if end > start:
            set_note_end(self.w.library, note_id, end)
        return note_id

    def _on_note_seek(self, seconds: float) -> None:
        if self.w.case is None:
            return
        span = ranged_note_at(self.w.library, self.w.case.id, seconds)
        if span is not None:
            self._stop_at = span[1]
            self.w.player.play()
            self.w.statusBar().showMessage(
                _tr("Playing {0}–{1}").format(format_time(span[0]), format_time(span[1])), 4000
            )

    # -------------------------------------------------------------- player
    def _on_position(self, seconds: float) -> None:
        self.chapter_list.set_position(seconds)
        if self._stop_at is not None and seconds >= self._stop_at:
            self._stop_at = None
            self.w.player.pause()

    def _credit_skip(self, start: float, end: float) -> None:
        session = self.w.session
        tracker = getattr(session, "tracker", None)
        if tracker is not None:
            tracker.listened.add(start, end)
            pending = getattr(tracker, "_pending", None)
            if pending is not None:
                pending.intervals.add(start, end)

    # --------------------------------------------------------------- MPRIS
    def _start_mpris(self, connection=None):
        """Publish the player over MPRIS on ``connection`` (default: the session bus); None without D-Bus."""
        try:
            from lornplayer.ui.mpris import Mpris, available
        except ImportError:  # pragma: no cover - Qt without D-Bus
            return None
        if not available():
            return None
        w = self.w
        mpris = Mpris(
            w.player,
            self,
            info=self._info,
            next=self.next_chapter,
            previous=self.previous_chapter,
            seek=w.seek,
            raise_window=self._raise,
            quit=w.close,
            can_go=self.can_go,
        )
        return mpris if mpris.start(connection) else None

    def _publish_mpris(self) -> None:
        if self.mpris is None and not self.w._shut:
            self.mpris = self._start_mpris()

    def restart_mpris(self, connection=None) -> bool:
        """Publish on another bus connection (tests use a private bus)."""
        if self.mpris is not None:
            self.mpris.stop()
        self.mpris = self._start_mpris(connection)
        return self.mpris is not None

    def _info(self) -> dict | None:
        s = self.w.session
        if s is None:
            return None
        icon = paths.resources_dir() / "icons" / "lornplayer.svg"
        return {
            "case_id": s.case.id,
            "title": s.case.title or s.case.id,
            "guests": s.case.guest_names,
            "length": self.w.player.duration() or s.duration,
            "art": str(icon) if icon.exists() else None,
        }

    def _raise(self) -> None:
        self.w.showNormal()
        self.w.raise_()
        self.w.activateWindow()

    def shutdown(self) -> None:
        self.sleep.cancel()
        if self.mpris is not None:
            self.mpris.stop()
            self.mpris = None
