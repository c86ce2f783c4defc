"""The main window: wiring and layout of the library, transcript, side tabs and player bar.

The rules live in the application core (:class:`~lornplayer.core.AppCore`, and the
:class:`~lornplayer.core.CaseSession` of the open case); the pieces live in their own modules:
``ui/library_panel.py`` (library table), ``ui/transcript_panel.py``, ``ui/actions.py`` (menus and
shortcuts), ``ui/dialogs.py`` (import/export/print dialogs), ``ui/tasks.py`` (background jobs),
``ui/playback.py`` (player, progress saving, resume), ``ui/searchbar.py`` (the global search field).

Adding a feature: a menu command with ``window.commands.add("view", text, slot, "Ctrl+J")``; a tab
beside Case/Notes/Reflection with ``window.add_side_tab(widget, title)``; a page on the left
(next to the library and the search results) with ``window.add_left_page(widget)``; long work with
``window.tasks.run(...)``.  React to the open case by connecting to :attr:`caseOpened`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from lornplayer.core import AppCore, CaseSession
from lornplayer.errors import CaseNotFound
from lornplayer.export import format_duration, format_time
from lornplayer.store import Library
from lornplayer.ui import welcome, window_settings
from lornplayer.ui.actions import build_standard_actions
from lornplayer.ui.caseview import CaseView
from lornplayer.ui.dialogs import Dialogs
from lornplayer.ui.feeds_window import install as install_feeds
from lornplayer.ui.firstframe import AfterFirstFrame
from lornplayer.ui.library_panel import LibraryPanel
from lornplayer.ui.notes import NotesPanel, ReflectionPanel
from lornplayer.ui.plaintext import message as plain_message
from lornplayer.ui.playback import Playback
from lornplayer.ui.player import Player
from lornplayer.ui.playerbar import PlayerBar
from lornplayer.ui.search_panel import SearchPanel
from lornplayer.ui.searchbar import OwnKeys, SearchBar
from lornplayer.ui.tasks import BackgroundWork, TaskTracker
from lornplayer.ui.transcript_panel import TranscriptPanel
from lornplayer.ui.workers import running_tasks, wait_for_all

if TYPE_CHECKING:
    from lornplayer.ui.feeds import FeedsView
    from lornplayer.ui.feeds_window import FeedsPage
    from lornplayer.ui.presentation import PresentationWindow


class MainWindow(QMainWindow):
    caseOpened = Signal(object)  # the CaseSession of the case just opened
    started = Signal()  # start() is done: the index is checked, the case to resume is open
    is_started = False
    # Set by ui.actions.build_standard_actions:
    times_action: QAction
    play_action: QAction
    align_action: QAction
    finished_action: QAction
    presentation_action: QAction
    undo_action: QAction | None
    redo_action: QAction | None
    feeds_page: FeedsPage  # set by ui.feeds_window.install

    def __init__(self, library: Library, parent=None, core: AppCore | None = None):
        super().__init__(parent)
        self.core = core or AppCore(library, interactive=True)
        self.library = self.core.library
        self.session: CaseSession | None = None
        self.presentation: PresentationWindow | None = None
        self._shut = self._all_stopped = False
        self.setWindowTitle(self.tr("lornplayer"))
        self.resize(1280, 800)
        self.setAcceptDrops(True)  # drop case pages, audio or folders on the window to import them

        self.player = Player(self)
        self._build_widgets()
        self.playback = Playback(self)
        self.dialogs = Dialogs(self)
        self.commands = build_standard_actions(self)
        install_feeds(self)  # View → Feeds, File → Import from URL / Assign audio to case
        self._connect()
        self.library_panel.reload()
        window_settings.restore(self)
        self.welcome = welcome.install(self)
        from lornplayer.ui.listening import ListeningFeatures

        self.listening = ListeningFeatures(self)

    # ---------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        self.library_panel = LibraryPanel(self.library)
        lp = self.library_panel
        self.model, self.proxy, self.table = lp.model, lp.proxy, lp.table
        self.filter_text, self.theme_box, self.state_box, self.continue_button = (
            lp.filter_text,
            lp.theme_box,
            lp.state_box,
            lp.continue_button,
        )

        # The left side shows the library, or search results while a search is active.
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(lp)
        self.search_panel = SearchPanel(self.core)
        self.left_stack.addWidget(self.search_panel)

        self.transcript_panel = TranscriptPanel()
        tp = self.transcript_panel
        self.transcript, self.find_bar, self.timing_label = tp.transcript, tp.find_bar, tp.timing_label

        self.case_view = CaseView()
        self.notes_panel = NotesPanel(self.library)
        self.reflection_panel = ReflectionPanel(self.library)
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.add_side_tab(self.case_view, self.tr("Case"))
        self.add_side_tab(self.notes_panel, self.tr("Notes"))
        self.add_side_tab(self.reflection_panel, self.tr("Reflection"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for i, (widget, stretch) in enumerate(((self.left_stack, 3), (tp, 5), (self.side_tabs, 3))):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setSizes([470, 450, 360])  # at 1280 px the side panel shows all its tab names
        self.splitter.setChildrenCollapsible(False)

        self.player_bar = PlayerBar()
        self.player_bar.set_player(self.player)
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.splitter, 1)
        cl.addWidget(self.player_bar)
        self.setCentralWidget(central)

        self.search_bar = SearchBar(self, self.left_stack, self.search_panel, self.table)
        self.search_field = self.search_bar.field
        self.tasks = TaskTracker(self.statusBar(), self)
        self.task_progress = self.tasks.bar
        self.work = BackgroundWork(self.core, self.tasks, self)
        self._own_keys = OwnKeys(self)

    @property
    def feeds_view(self) -> FeedsView:
        """The Feeds page (ui/feeds_window.py), made when first asked for."""
        return self.feeds_page.view()

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """A tab in the side panel (right of the transcript)."""
        return self.side_tabs.addTab(widget, title)

    def add_left_page(self, widget: QWidget) -> int:
        """A page of the left side; show it with ``window.left_stack.setCurrentWidget(widget)``."""
        return self.left_stack.addWidget(widget)

    def _connect(self) -> None:
        self.library_panel.caseActivated.connect(self._on_case_activated)
        self.library_panel.continueRequested.connect(self.continue_listening)
        self.case_view.caseLinkActivated.connect(self.open_case)
        self.search_panel.hitActivated.connect(self.open_hit)

        self.player_bar.userSeeked.connect(lambda s: self.playback.seek(s, player=False))

        t = self.transcript
        t.turnActivated.connect(self.seek_to_turn)
        t.seekRequested.connect(self.seek)
        t.anchorRequested.connect(self.anchor_turn)
        t.noteRequested.connect(self._note_on_turn)
        self.notes_panel.seekRequested.connect(self.seek)
        self.notes_panel.addNoteRequested.connect(self.add_note_now)
        self.notes_panel.notesChanged.connect(self._on_notes_changed)
        self.reflection_panel.notesChanged.connect(self._on_notes_changed)
        for panel in (self.notes_panel, self.reflection_panel):
            panel.noteChanged.connect(lambda _case_id, note_id: self.work.update_notes([note_id]))
            panel.saveFailed.connect(
                lambda msg: self.statusBar().showMessage(self.tr("Could not save: {0}").format(msg), 10000)
            )

    # -------------------------------------------------------------- library
    @property
    def case(self):
        return self.session.case if self.session is not None else None

    @property
    def timing(self):
        return self.session.timing if self.session is not None else None

    @property
    def audio_path(self) -> str | None:
        return self.session.audio_path if self.session is not None else None

    def start(self, case_id: str | None = None) -> None:
        """After the window is shown: import the seeds on first start, then open a case."""
        if self.core.is_empty():
            self.statusBar().showMessage(self.tr("Setting up the library with the bundled cases…"))

            def done(_report):
                self.statusBar().clearMessage()
                self._after_first_import(case_id)

            self.work.import_seeds(
                done, lambda msg: self.statusBar().showMessage(self.tr("Seed import failed: {0}").format(msg))
            )
        else:
            self._after_first_import(case_id, reload=False)  # __init__ loaded the library already

    def _after_first_import(self, case_id: str | None, reload: bool = True) -> None:
        if reload:
            self.library_panel.reload()
            self._resume(case_id)
        else:  # a normal start: the window's first frame comes first, then the last case opens
            AfterFirstFrame(self.table.viewport(), lambda: self._resume(case_id))

    def _resume(self, case_id: str | None) -> None:
        if self._shut:
            return
        self.work.index()
        if self.session is None:  # not a case the user chose meanwhile
            target = self.core.case_to_resume(case_id) or self.library_panel.first_playable_case()
            if target:  # a first start opens a case that plays
                self.open_case(target)
        welcome.focus_for_listening(self)
        self.feeds_page.view()  # its automatic refresh runs while lornplayer runs
        self.is_started = True
        self.started.emit()

    def _on_case_activated(self, case_id: str) -> None:
        if self.case is None or case_id != self.case.id:
            self.open_case(case_id)

    def continue_listening(self) -> None:
        latest = self.library_panel.last_played_case()
        if latest is None:
            self.statusBar().showMessage(self.tr("Nothing to continue yet: choose a case and press play."), 5000)
            return
        self.open_case(latest)
        self.player.play()

    # ----------------------------------------------------------- open case
    @Slot(str)
    def open_case(self, case_id: str) -> bool:
        try:
            case = self.core.get_case(case_id)
        except CaseNotFound:
            self.statusBar().showMessage(self.tr("Case {0} is not in the library.").format(case_id), 5000)
            return False
        self._leave_case()  # saves first: the session reads the progress (also when reopening this case)
        self.session = session = self.core.open_case(case)
        audio = session.audio
        self.setWindowTitle(self.tr("{0} — lornplayer").format(case.title or case.id))
        self.case_view.set_case(case, self.model.ids(), session.duration, listened=self._listened_text(case.id))
        if case.turns:
            self.transcript.set_transcript(case.turns, session.timing.starts, session.timing.sentences)
            self.transcript.set_anchored_turns(set(session.anchors()))
        else:
            self.transcript.clear(self.tr("This case has no transcript."))
        self.transcript_panel.show_timing_source(session.timing, bool(case.turns))
        self.notes_panel.set_case(case, session.timing.starts)
        self.reflection_panel.set_case(case)
        self.transcript.set_note_counts(self.notes_panel.note_counts())
        self.finished_action.setChecked(session.finished)
        self.playback.pending_seek = session.resume_at
        if audio is None:
            self.player.unload()
            self.player_bar.show_message(
                self.tr(
                    "No audio for this case. Import an audio file named {0}.mp3 (or .m4a, .ogg, .opus, .flac, .wav)."
                ).format(case.id)
            )
        elif audio.error:
            self.player.unload()
            self.player_bar.show_message(self.tr("Cannot play {0}: {1}").format(audio.path, audio.error))
        else:
            self.player.load(audio.path)
        self.library_panel.select(case.id)
        self.core.remember_last_case(case.id)
        if session.wants_alignment():
            self.start_alignment(force=False)
        self.caseOpened.emit(session)
        return True

    def retime(self) -> None:
        """Rebuild the timing (after an anchor, an alignment, or a better duration) and show it."""
        if self.session is None:
            return
        duration = self.player.duration() if self.audio_path and self.player.duration() > 0 else None
        timing = self.session.retime(duration)
        self.transcript.set_starts(timing.starts, timing.sentences)
        self.transcript.set_anchored_turns(set(self.session.anchors()))
        self.notes_panel.set_case(self.case, timing.starts)
        if self.presentation is not None and self.presentation.isVisible():
            self.presentation.set_timing(timing)
        self.transcript_panel.show_timing_source(timing, bool(self.case.turns))

    def _leave_case(self) -> None:
        if self.session is None:
            return
        self.save_progress()
        self.notes_panel.flush()
        self.reflection_panel.flush()
        self.work.cancel_alignment()
        self.player.pause()

    # -------------------------------------------------------------- player
    def seek(self, seconds: float) -> None:
        self.playback.seek(seconds)

    def skip(self, delta: float) -> None:
        self.seek(max(0.0, self.player.position() + delta))

    @Slot(int)
    def seek_to_turn(self, index: int) -> None:
        if self.timing is not None and 0 <= index < len(self.timing.starts):
            self.seek(self.timing.starts[index])

    def save_progress(self) -> None:
        self.playback.save_progress()

    def _listened_text(self, case_id: str) -> str | None:
        row = self.model.row_for(case_id)
        if row is None or not (row.listened_seconds or row.time_listened):
            return None
        return self.tr("Listened {0} % · time listened {1}").format(
            round(row.listened_fraction * 100), format_duration(row.time_listened)
        )

    def toggle_finished(self, checked: bool) -> None:
        self.playback.set_finished(checked)

    # -------------------------------------------------------------- anchors
    def anchor_current_turn(self) -> None:
        """S: the highlighted sentence (the turn's first one: the turn) starts now; its turn is pinned so."""
        if self.case is not None and self.case.turns:
            turn, k = max(0, self.transcript.current_turn()), self.transcript.current_sentence()
            spans = self.timing.sentences_of(turn) if self.timing is not None else []
            lead = spans[k].start - self.timing.starts[turn] if 0 < k < len(spans) else 0.0
            self.anchor_turn(turn, lead)

    @Slot(int)
    def anchor_turn(self, index: int, lead: float = 0.0) -> None:
        """ "This turn starts now" (or ``lead`` seconds ago): pin the turn to the player's position
        and re-spread the others."""
        if self.session is None or not (0 <= index < len(self.case.turns)):
            return
        if not self.player.is_loaded():
            self.statusBar().showMessage(self.tr("Play the audio to pin a turn to the moment it starts."), 5000)
            return
        start = max(0.0, self.player.position() - max(0.0, lead))
        self.session.set_anchor(index, start)
        self.retime()
        self.transcript.set_position(self.player.position())
        self.statusBar().showMessage(self.tr("Turn {0} now starts at {1}.").format(index + 1, format_time(start)), 4000)

    def clear_anchors(self) -> None:
        if self.session is not None:
            self.session.clear_anchors()
            self.retime()

    # ---------------------------------------------------------------- notes
    def add_note_now(self) -> None:
        if self.session is None:
            return
        position = self.player.position() if self.player.is_loaded() else None
        pos, turn = self.session.note_target(position, self.transcript.current_turn())
        self.side_tabs.setCurrentWidget(self.notes_panel)
        self.notes_panel.add_note(pos, turn)

    def _note_on_turn(self, index: int) -> None:
        if self.session is not None:
            self.side_tabs.setCurrentWidget(self.notes_panel)
            self.notes_panel.add_note(self.timing.starts[index], index)

    def _on_notes_changed(self, case_id: str) -> None:
        if self.case is not None and case_id == self.case.id:
            self.transcript.set_note_counts(self.notes_panel.note_counts())

    # --------------------------------------------------------------- search
    def run_search(self) -> None:
        self.search_bar.run()

    @Slot(str, object, object, object)
    def open_hit(self, case_id: str, turn_index, start, terms) -> None:
        """A search hit: open the case, show the turn with the words marked, player there (paused)."""
        if (self.case is None or self.case.id != case_id) and not self.open_case(case_id):
            return
        self.player.pause()
        if turn_index is not None and 0 <= turn_index < len(self.case.turns):
            self.transcript.set_following(False)
            self.transcript.scroll_to_turn(turn_index)
            self.transcript.set_marks(turn_index, list(terms or []))
            marks = self.transcript.marks().get(turn_index)
            sentence = self.timing.sentence_containing(turn_index, marks[0][0]) if marks else None
            if sentence is not None:  # open where the words are spoken, not at the turn start
                start = sentence.start
            elif start is None:
                start = self.timing.starts[turn_index]
        if start is not None:
            self.playback.go_to(float(start))

    # --------------------------------------------------- import, alignment
    def import_paths(self, paths: list[str]) -> None:
        self.work.import_paths(paths, self._after_import, lambda msg: plain_message(self, self.tr("Import"), msg))

    def _after_import(self, report) -> None:
        self.library_panel.reload()
        self.work.index(report.changed_case_ids)
        self.dialogs.import_report(report)
        if self.session is None:
            first = self.library_panel.first_case()
            if first:
                self.open_case(first)
            return
        if self.session.affected_by_import(report):
            # The open case changed: show it again, keeping the place and whether it was playing.
            playing, position = self.player.is_playing(), self.player.position()
            self.open_case(self.case.id)
            if self.audio_path and position > 0:
                self.playback.go_to(position)
            if playing:
                self.player.play()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def start_alignment(self, force: bool = True) -> None:
        if self.case is None or not self.case.turns or not self.audio_path:
            self.statusBar().showMessage(self.tr("This case has no transcript or no audio to align."), 5000)
            return
        if not self.core.alignment_available():
            self.transcript_panel.add_note(
                self.tr(
                    "Automatic alignment needs the espeak-ng speech synthesiser, which was not found; "
                    "turn times are estimated."
                )
            )
            return
        self.work.align(self.case.id, force, self._after_alignment)

    def _after_alignment(self, case_id: str, _summary: str) -> None:
        if self.case is not None and self.case.id == case_id:
            self.retime()

    # --------------------------------------------------------- presentation
    def toggle_presentation(self) -> None:
        from lornplayer.ui.presentation import PresentationWindow

        if self.presentation is not None and self.presentation.isVisible():
            self.presentation.close()
            return
        if self.case is None or not self.case.turns:
            self.statusBar().showMessage(self.tr("Open a case with a transcript to present it."), 4000)
            return
        if self.presentation is None:
            self.presentation = PresentationWindow(self)
            self.presentation.seekRequested.connect(self.seek)
            self.presentation.view.anchorRequested.connect(self.anchor_turn)
            self.presentation.view.noteRequested.connect(self._note_on_turn)
        self.presentation.present(self.case, self.timing, self.player)

    # ---------------------------------------------------------------- close
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> bool:
        """Save everything, stop background work and release the media player (Qt crashes at exit
        otherwise).  Returns False if some background work did not stop in time."""
        if self._shut:  # again (closeEvent, then the app's exit): is the work that ran since done too?
            return self._all_stopped and wait_for_all(2000)
        self._shut = True
        self.tasks.close()  # nothing new starts in the background from here on
        self._all_stopped = False
        try:
            self.listening.shutdown()
            feeds = self.feeds_page.created  # None when the Feeds page was never made
            if feeds is not None:
                feeds.shutdown()  # a download pauses: its partial file is kept for resuming
            self.playback.stop()
            self.notes_panel.flush()
            self.reflection_panel.flush()
            window_settings.save(self)
        finally:
            for task in running_tasks():
                task.cancel()
            self.player.shutdown()
            self._all_stopped = wait_for_all(10000)
            if self._all_stopped:
                self.core.close()
            self._own_keys.stop()
        return self._all_stopped
