"""The main window: library list, case view, transcript pane, notes, player bar.

It wires the reusable pieces together and owns the app-level behaviour:
opening a case (timing, audio, resume), saving listening progress, sync
anchors, background import/indexing/alignment, settings that survive a
restart, menus and keyboard shortcuts.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSlider, QApplication, QTreeView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMainWindow, QMessageBox, QProgressBar, QPushButton, QSplitter, QStackedWidget, QTableView, QTabWidget,
    QToolBar, QVBoxLayout, QWidget,
)

from lornplayer import __version__, services
from lornplayer.model import Case
from lornplayer.progress import ListenedIntervals, ListeningTracker, CaseState, is_finished, resume_position
from lornplayer.store import Library
from lornplayer.timing import Timing
from lornplayer.ui.caseview import CaseView
from lornplayer.ui.library_model import CASE_ID_ROLE, LibraryFilter, LibraryModel
from lornplayer.ui.player import Player
from lornplayer.ui.playerbar import PlayerBar
from lornplayer.ui.transcript import FindBar, TranscriptView
from lornplayer.ui.workers import Task, running_tasks, wait_for_all

SAVE_INTERVAL_MS = 5000  # listening position and heard intervals are saved this often while playing
SKIP_BACK, SKIP_FORWARD = 15.0, 30.0


class MainWindow(QMainWindow):
    def __init__(self, library: Library, parent=None):
        super().__init__(parent)
        self.library = library
        self.case: Case | None = None
        self.timing: Timing | None = None
        self.audio_path: str | None = None
        self.tracker: ListeningTracker | None = None
        self._tasks: list = []
        self._align_task = None
        self._pending_seek: float | None = None
        self.presentation = None
        self.setWindowTitle(self.tr("lornplayer"))
        self.resize(1280, 800)
        self.setAcceptDrops(True)  # drop case pages, audio or folders on the window to import them

        services.use_single_process_indexing()
        self.player = Player(self)
        self._build_widgets()
        self._build_actions()
        self._connect()
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(SAVE_INTERVAL_MS)
        self._save_timer.timeout.connect(self.save_progress)
        self.reload_library()
        self._restore_settings()

    # ------------------------------------------------------------------ UI
    def _build_widgets(self) -> None:
        # Library panel: filters above a table.
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(60)  # size columns from the first rows, not all thousands
        for col, width in enumerate((58, 200, 68, 56, 140, 84, 160)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("Filter the library…"))
        self.filter_text.setClearButtonEnabled(True)
        self.theme_box = QComboBox()
        self.perspective_box = QComboBox()
        self.organisation_box = QComboBox()
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("All cases"), None)
        self.state_box.addItem(self.tr("Not started"), CaseState.NOT_STARTED)
        self.state_box.addItem(self.tr("In progress"), CaseState.IN_PROGRESS)
        self.state_box.addItem(self.tr("Finished"), CaseState.FINISHED)
        for box, tip in ((self.theme_box, self.tr("Theme")), (self.perspective_box, self.tr("Perspective")),
                         (self.organisation_box, self.tr("Organisation")), (self.state_box, self.tr("Listening state"))):
            box.setToolTip(tip)
            box.setAccessibleName(tip)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.continue_button = QPushButton(self.tr("Continue listening"))
        self.continue_button.setToolTip(self.tr("Open the case you listened to last, where you stopped"))
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")

        lib_panel = QWidget()
        lib_layout = QVBoxLayout(lib_panel)
        lib_layout.setContentsMargins(6, 6, 0, 6)
        lib_layout.addWidget(self.filter_text)
        row1 = QHBoxLayout()
        row1.addWidget(self.theme_box, 1)
        row1.addWidget(self.perspective_box, 1)
        lib_layout.addLayout(row1)
        row2 = QHBoxLayout()
        row2.addWidget(self.organisation_box, 1)
        row2.addWidget(self.state_box, 1)
        lib_layout.addLayout(row2)
        lib_layout.addWidget(self.table, 1)
        row3 = QHBoxLayout()
        row3.addWidget(self.continue_button)
        row3.addStretch(1)
        row3.addWidget(self.totals_label)
        lib_layout.addLayout(row3)

        # The left side shows the library, or search results while a search is active.
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(lib_panel)
        self.search_panel = self._make_search_panel()
        if self.search_panel is not None:
            self.left_stack.addWidget(self.search_panel)

        # Transcript with its find bar.
        self.transcript = TranscriptView()
        self.find_bar = FindBar(self.transcript)
        self.find_bar.hide()
        transcript_panel = QWidget()
        tl = QVBoxLayout(transcript_panel)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        self.timing_label = QLabel()
        self.timing_label.setObjectName("timingLabel")
        self.timing_label.setWordWrap(True)
        self.timing_label.setContentsMargins(8, 4, 8, 4)
        tl.addWidget(self.timing_label)
        tl.addWidget(self.transcript, 1)
        tl.addWidget(self.find_bar)

        # Side tabs: case details, notes, reflection.
        self.case_view = CaseView()
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.case_view, self.tr("Case"))
        self.notes_panel = self.reflection_panel = None
        try:
            from lornplayer.ui.notes import NotesPanel, ReflectionPanel
        except ImportError:  # pragma: no cover - during development only
            pass
        else:
            self.notes_panel = NotesPanel()
            self.notes_panel.set_library(self.library)
            self.reflection_panel = ReflectionPanel()
            self.reflection_panel.set_library(self.library)
            self.side_tabs.addTab(self.notes_panel, self.tr("Notes"))
            self.side_tabs.addTab(self.reflection_panel, self.tr("Reflection"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left_stack)
        self.splitter.addWidget(transcript_panel)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([540, 540, 320])
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

        # Global search field in a toolbar.
        self.search_field = QLineEdit()
        self.search_field.setObjectName("globalSearch")
        self.search_field.setPlaceholderText(self.tr("Search everything said and written (Ctrl+K)"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(360)
        bar = QToolBar(self.tr("Search"))
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        bar.addWidget(self.search_field)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.task_progress = QProgressBar()
        self.task_progress.setMaximumWidth(220)
        self.task_progress.setTextVisible(True)
        self.task_progress.hide()
        self.statusBar().addPermanentWidget(self.task_progress)

    def _make_search_panel(self):
        try:
            from lornplayer.ui.search_panel import SearchPanel
        except ImportError:  # pragma: no cover - during development only
            return None
        panel = SearchPanel(self.library)
        panel.hitActivated.connect(self.open_hit)
        panel.closed.connect(self._close_search)
        return panel

    def _action(self, text: str, slot, shortcut=None, menu=None, checkable=False, tip: str | None = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setCheckable(checkable)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        if menu is not None:
            menu.addAction(act)
        self.addAction(act)  # shortcuts work even with the menu bar hidden (presentation mode)
        return act

    def _build_actions(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&File"))
        self._action(self.tr("Import files…"), self.import_files_dialog, QKeySequence.StandardKey.Open, m)
        self._action(self.tr("Import folder…"), self.import_folder_dialog, None, m)
        m.addSeparator()
        self._action(self.tr("Export notes of this case…"), lambda: self.export_notes_dialog(False), None, m)
        self._action(self.tr("Export notes of all cases…"), lambda: self.export_notes_dialog(True), None, m)
        self._action(self.tr("Export learning log…"), self.export_log_dialog, None, m)
        self._action(self.tr("Export transcript…"), self.export_transcript_dialog, "Ctrl+E", m)
        self._action(self.tr("Print transcript…"), self.print_transcript, QKeySequence.StandardKey.Print, m)
        self.times_action = self._action(self.tr("Include times in printed and exported transcripts"),
                                         lambda on: self.library.set_setting("export.times", on), None, m,
                                         checkable=True)
        self.times_action.setChecked(bool(self.library.get_setting("export.times", True)))
        m.addSeparator()
        self._action(self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit, m)

        m = mb.addMenu(self.tr("&Edit"))
        self.undo_action = self.redo_action = None
        if self.notes_panel is not None:
            stack = self.notes_panel.undo_stack()
            self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
            self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
            self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
            self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
            m.addAction(self.undo_action)
            m.addAction(self.redo_action)
            m.addSeparator()
        self._action(self.tr("Search library"), self.focus_search, "Ctrl+K", m)
        self._action(self.tr("Find in transcript"), self.show_find, QKeySequence.StandardKey.Find, m)

        m = mb.addMenu(self.tr("&Playback"))
        self.play_action = self._action(self.tr("Play / pause"), self.player.toggle, "Space", m)
        self._action(self.tr("Back 15 seconds"), lambda: self.skip(-SKIP_BACK), "Left", m)
        self._action(self.tr("Forward 30 seconds"), lambda: self.skip(SKIP_FORWARD), "Right", m)
        self._action(self.tr("Slower"), self.player_bar.speed_down, "[", m)
        self._action(self.tr("Faster"), self.player_bar.speed_up, "]", m)
        self._action(self.tr("Mute"), lambda: self.player.set_muted(not self.player.is_muted()), "M", m)
        m.addSeparator()
        self._action(self.tr("This turn starts now"), self.anchor_current_turn, "S", m,
                     tip=self.tr("Pin the highlighted turn to the current time"))
        self._action(self.tr("Clear sync anchors"), self.clear_anchors, None, m)
        self._action(self.tr("Intro and outro length…"), self.edit_lead_times, None, m,
                     tip=self.tr("Seconds of jingle before the first and after the last turn, for estimated times"))
        self.align_action = self._action(self.tr("Align transcript"), lambda: self.start_alignment(force=True), None, m,
                                         tip=self.tr("Compute turn times from the audio"))

        m = mb.addMenu(self.tr("&Notes"))
        self._action(self.tr("Add note here"), self.add_note_now, "N", m)
        self.finished_action = self._action(self.tr("Mark as finished"), self.toggle_finished, None, m, checkable=True)

        m = mb.addMenu(self.tr("&View"))
        self.presentation_action = self._action(self.tr("Presentation mode"), self.toggle_presentation, "F11", m)
        self._action(self.tr("Zoom in"), self.transcript.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], m)
        self._action(self.tr("Zoom out"), self.transcript.zoom_out, QKeySequence.StandardKey.ZoomOut, m)

        m = mb.addMenu(self.tr("&Help"))
        self._action(self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1", m)
        self._action(self.tr("About lornplayer"), self.show_about, None, m)

    def _connect(self) -> None:
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_activated)
        self.filter_text.textChanged.connect(self.proxy.set_text)
        self.theme_box.currentIndexChanged.connect(lambda _i: self.proxy.set_theme(self.theme_box.currentData()))
        self.perspective_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_perspective(self.perspective_box.currentData()))
        self.organisation_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_organisation(self.organisation_box.currentData()))
        self.state_box.currentIndexChanged.connect(lambda _i: self.proxy.set_state(self.state_box.currentData()))
        self.continue_button.clicked.connect(self.continue_listening)
        self.case_view.caseLinkActivated.connect(self.open_case)
        self.search_field.returnPressed.connect(self.run_search)
        self.search_field.installEventFilter(self)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self.search_field.textChanged.connect(self._on_search_text)

        p = self.player
        p.positionChanged.connect(self._on_position)
        p.playingChanged.connect(self._on_playing)
        p.durationChanged.connect(self._on_duration)
        p.loaded.connect(self._on_loaded)
        p.rateChanged.connect(lambda r: self.library.set_setting("player.rate", r))
        p.volumeChanged.connect(lambda v: self.library.set_setting("player.volume", v))
        p.mutedChanged.connect(lambda m: self.library.set_setting("player.muted", m))
        p.ended.connect(self._on_ended)
        self.player_bar.userSeeked.connect(self._on_user_seek)

        t = self.transcript
        t.turnActivated.connect(self.seek_to_turn)
        t.anchorRequested.connect(self.anchor_turn)
        t.noteRequested.connect(self._note_on_turn)
        if self.notes_panel is not None:
            self.notes_panel.seekRequested.connect(self.seek)
            self.notes_panel.addNoteRequested.connect(self.add_note_now)
            self.notes_panel.notesChanged.connect(self._on_notes_changed)
            self.reflection_panel.notesChanged.connect(self._on_notes_changed)
            for panel in (self.notes_panel, self.reflection_panel):
                panel.saveFailed.connect(lambda msg: self.statusBar().showMessage(
                    self.tr("Could not save: {0}").format(msg), 10000))

    # ------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        lib = self.library
        geometry = lib.get_setting("window.geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        sizes = lib.get_setting("window.splitter")
        if sizes and len(sizes) == 3:
            self.splitter.setSizes(sizes)
        self.player.set_rate(float(lib.get_setting("player.rate", 1.0)))
        self.player.set_volume(float(lib.get_setting("player.volume", 0.8)))
        self.player.set_muted(bool(lib.get_setting("player.muted", False)))
        size = lib.get_setting("transcript.font_size")
        if size:
            self.transcript.set_font_size(float(size))

    def _save_settings(self) -> None:
        lib = self.library
        lib.set_setting("window.geometry", bytes(self.saveGeometry().toBase64()).decode())
        lib.set_setting("window.splitter", self.splitter.sizes())
        lib.set_setting("transcript.font_size", self.transcript.font_size())
        if self.case is not None:
            lib.set_setting("last_case", self.case.id)

    # -------------------------------------------------------------- library
    def start(self, case_id: str | None = None) -> None:
        """After the window is shown: import the seeds on first start, then open a case."""
        from lornplayer.importer import import_seeds

        if self.library.count_cases() == 0:
            self.statusBar().showMessage(self.tr("Setting up the library with the bundled cases…"))

            task = Task("seeds")
            task.finished.connect(lambda _r: self.statusBar().clearMessage())
            task.finished.connect(lambda _r: self._after_first_import(case_id))
            task.failed.connect(lambda msg: self.statusBar().showMessage(self.tr("Seed import failed: {0}").format(msg)))
            self._track(task, self.tr("Importing bundled cases"))
            task.start(lambda report: import_seeds(self.library))
        else:
            self._after_first_import(case_id, reload=False)  # __init__ loaded the library already

    def _after_first_import(self, case_id: str | None, reload: bool = True) -> None:
        if reload:
            self.reload_library()
        self.index_in_background()
        target = case_id or self.library.get_setting("last_case")
        if target and self.library.has_case(target.upper()):
            self.open_case(target.upper())
        elif self.model.rowCount():
            self.open_case(self.model.rows()[0].id)

    def reload_library(self) -> None:
        rows = self.library.list_rows()
        self.model.set_rows(rows)
        for box, attr, all_text in ((self.theme_box, "theme", self.tr("All themes")),
                                    (self.perspective_box, "perspective", self.tr("All perspectives")),
                                    (self.organisation_box, "organisation", self.tr("All organisations"))):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(all_text, None)
            for value in sorted({getattr(r, attr) for r in rows if getattr(r, attr)}, key=str.lower):
                box.addItem(value, value)
            i = box.findData(current)
            box.setCurrentIndex(max(0, i))
            box.blockSignals(False)
        self._update_totals()
        for col in (0, 2, 3):  # case, progress, duration: as wide as their header and contents
            self.table.resizeColumnToContents(col)

    def _refresh_row(self, case_id: str) -> None:
        for row in self.library.list_rows(case_id):
            self.model.update_row(row)
        self._update_totals()

    def _update_totals(self) -> None:
        from lornplayer.export import format_duration

        total = self.library.total_time_listened()
        n = self.model.rowCount()
        self.totals_label.setText(self.tr("{0} cases · listened {1}").format(n, format_duration(total)))

    def _on_table_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id and (self.case is None or case_id != self.case.id):
            self.open_case(case_id)

    def _select_in_table(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(index.row())
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(index)

    def continue_listening(self) -> None:
        rows = [r for r in self.model.rows() if r.last_played]
        if not rows:
            self.statusBar().showMessage(self.tr("Nothing to continue yet: choose a case and press play."), 5000)
            return
        latest = max(rows, key=lambda r: r.last_played)
        self.open_case(latest.id)
        self.player.play()

    # ----------------------------------------------------------- open case
    @Slot(str)
    def open_case(self, case_id: str) -> bool:
        case = self.library.get_case(case_id)
        if case is None:
            self.statusBar().showMessage(self.tr("Case {0} is not in the library.").format(case_id), 5000)
            return False
        self._leave_case()
        self.case = case
        audio = services.primary_audio(self.library, case.id)
        self.audio_path = audio.path if audio is not None and audio.error is None else None
        self.timing = services.case_timing(self.library, case)
        self.setWindowTitle(self.tr("{0} — lornplayer").format(case.title or case.id))
        row = self.model.row_for(case.id)
        listened = None
        if row is not None and (row.listened_seconds or row.time_listened):
            from lornplayer.export import format_duration

            listened = self.tr("Listened {0} % · time listened {1}").format(
                round(row.listened_fraction * 100), format_duration(row.time_listened))
        self.case_view.set_case(case, frozenset(self.library.case_ids()), services.case_duration(case, audio),
                                listened=listened)
        if case.turns:
            self.transcript.set_transcript(case.turns, self.timing.starts)
            self.transcript.set_anchored_turns(set(self.library.anchors(case.id)))
        else:
            self.transcript.clear(self.tr("This case has no transcript."))
        self._show_timing_source()
        if self.notes_panel is not None:
            self.notes_panel.set_case(case, self.timing.starts)
            self.reflection_panel.set_case(case)
            self.transcript.set_note_counts(self._note_counts())
        progress = self.library.get_progress(case.id)
        self.tracker = ListeningTracker(ListenedIntervals.from_json(progress.listened_json), progress.time_listened)
        self.finished_action.setChecked(self._is_finished(progress))
        finished = self._is_finished(progress)
        self._pending_seek = resume_position(progress.position, progress.duration, finished=finished)
        if audio is None:
            self.player.unload()
            self.player_bar.show_message(self.tr("No audio for this case. Import an audio file named {0}.mp3 "
                                                 "(or .m4a, .ogg, .opus, .flac, .wav).").format(case.id))
        elif audio.error:
            self.player.unload()
            self.player_bar.show_message(self.tr("Cannot play {0}: {1}").format(audio.path, audio.error))
        else:
            self.player.load(audio.path)
        self._select_in_table(case.id)
        self.library.set_setting("last_case", case.id)
        self._maybe_align()
        return True

    def _show_timing_source(self) -> None:
        t = self.timing
        if t is None or self.case is None or not self.case.turns:
            self.timing_label.hide()
            return
        names = {"estimate": self.tr("Turn times are estimated from the text length."),
                 "aligned": self.tr("Turn times come from automatic alignment."),
                 "sidecar": self.tr("Turn times come from the timed transcript beside the audio.")}
        base = t.source.split("+")[0].split(":")[0]
        text = names.get(base, t.source)
        if "+anchors" in t.source:
            text += " " + self.tr("Your sync anchors refine them.")
        if base == "estimate":
            text += " " + self.tr("Press S when a turn starts to pin it.")
        for w in t.warnings:
            text += "\n⚠ " + w
        self.timing_label.setText(text)
        self.timing_label.setVisible(True)

    def _retime(self) -> None:
        """Rebuild the timing (after an anchor, an alignment, or a better duration)."""
        if self.case is None:
            return
        duration = self.player.duration() if self.audio_path and self.player.duration() > 0 else None
        self.timing = services.case_timing(self.library, self.case, duration=duration)
        self.transcript.set_starts(self.timing.starts)
        self.transcript.set_anchored_turns(set(self.library.anchors(self.case.id)))
        if self.notes_panel is not None:
            self.notes_panel.set_case(self.case, self.timing.starts)
        if self.presentation is not None and self.presentation.isVisible():
            self.presentation.set_timing(self.timing)
        self._show_timing_source()

    def _leave_case(self) -> None:
        if self.case is None:
            return
        self.save_progress()
        if self.notes_panel is not None:
            self.notes_panel.flush()
            self.reflection_panel.flush()
        if self._align_task is not None:
            self._align_task.cancel()
            self._align_task = None
        self.player.pause()

    # -------------------------------------------------------------- player
    def _on_loaded(self, path: str) -> None:
        self.player_bar.show_message(None)
        if self._pending_seek:
            self.player.seek(self._pending_seek)
        self._pending_seek = None

    def _on_duration(self, seconds: float) -> None:
        """Qt's duration after loading is reliable; mutagen can be far off for VBR MP3 without a Xing header."""
        if not self.audio_path or seconds <= 0 or self.case is None:
            return
        stored = next((a.duration for a in self.library.audio_for(self.case.id) if a.path == self.audio_path), None)
        if stored is None or abs(stored - seconds) > max(2.0, 0.02 * seconds):
            self.library.set_audio_duration(self.audio_path, seconds)
            self._retime()
            self._refresh_row(self.case.id)

    def _on_position(self, seconds: float) -> None:
        self.transcript.set_position(seconds)
        if self.tracker is not None:
            self.tracker.on_position(seconds, time.monotonic(), self.player.is_playing())

    def _on_playing(self, playing: bool) -> None:
        if playing:
            if self.tracker is not None:
                self.tracker.on_position(self.player.position(), time.monotonic(), True)
            self._save_timer.start()
        else:
            if self.tracker is not None:
                self.tracker.on_pause()
            self._save_timer.stop()
            self.save_progress()

    def _on_ended(self) -> None:
        self.save_progress()

    def _on_user_seek(self, seconds: float) -> None:
        if self.tracker is not None:
            self.tracker.on_seek(seconds, time.monotonic())
        self.transcript.set_position(seconds)

    def seek(self, seconds: float) -> None:
        if self.tracker is not None:
            self.tracker.on_seek(seconds, time.monotonic())
        self.player.seek(seconds)
        self.transcript.set_position(seconds)

    def skip(self, delta: float) -> None:
        self.seek(max(0.0, self.player.position() + delta))

    @Slot(int)
    def seek_to_turn(self, index: int) -> None:
        if self.timing is not None and 0 <= index < len(self.timing.starts):
            self.seek(self.timing.starts[index])

    # ------------------------------------------------------------- progress
    def _is_finished(self, progress) -> bool:
        manual = None if progress.finished_manual is None else bool(progress.finished_manual)
        duration = progress.duration or services.case_duration(self.case, None) if self.case else None
        fraction = ListenedIntervals.from_json(progress.listened_json).fraction(duration) if duration else 0.0
        return is_finished(fraction, manual)

    def save_progress(self) -> None:
        """Save position, heard intervals and time listened (one transaction)."""
        if self.case is None or self.tracker is None or not self.audio_path:
            return
        p = self.library.get_progress(self.case.id)
        self.tracker.flush()
        position = self.player.position()
        p.position = position if position > 0 or not p.position else p.position
        p.listened_json = self.tracker.listened.to_json()
        p.time_listened = self.tracker.time_listened
        p.duration = self.player.duration() or p.duration
        p.listened_seconds = self.tracker.listened.total()
        if self.tracker.time_listened > 0:
            p.last_played = datetime.now(timezone.utc).isoformat(timespec="seconds")
        was_finished = p.finished_at is not None
        now_finished = self._is_finished(p)
        if now_finished and not was_finished:
            p.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        elif not now_finished:
            p.finished_at = None
        self.library.save_progress(p)
        self.finished_action.setChecked(now_finished)
        self._refresh_row(self.case.id)

    def toggle_finished(self, checked: bool) -> None:
        if self.case is None:
            return
        self.save_progress()
        p = self.library.get_progress(self.case.id)
        p.finished_manual = 1 if checked else 0
        p.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds") if checked else None
        self.library.save_progress(p)
        self.finished_action.setChecked(checked)
        self._refresh_row(self.case.id)

    # -------------------------------------------------------------- anchors
    def anchor_current_turn(self) -> None:
        if self.case is None or not self.case.turns:
            return
        self.anchor_turn(max(0, self.transcript.current_turn()))

    @Slot(int)
    def anchor_turn(self, index: int) -> None:
        """"This turn starts now": pin the turn to the player's position and re-spread the others."""
        if self.case is None or not (0 <= index < len(self.case.turns)):
            return
        if not self.player.is_loaded():
            self.statusBar().showMessage(self.tr("Play the audio to pin a turn to the moment it starts."), 5000)
            return
        self.library.set_anchor(self.case.id, index, self.player.position())
        self._retime()
        self.transcript.set_position(self.player.position())
        self.statusBar().showMessage(self.tr("Turn {0} now starts at {1}.").format(
            index + 1, services.format_time(self.player.position())), 4000)

    def edit_lead_times(self) -> None:
        """Let the user set the lead-in and lead-out the text-length estimate leaves for jingles."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout

        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Intro and outro length"))
        form = QFormLayout(dialog)
        boxes = []
        for label, key in ((self.tr("Intro (lead-in), seconds:"), services.LEAD_IN_SETTING),
                           (self.tr("Outro (lead-out), seconds:"), services.LEAD_OUT_SETTING)):
            box = QDoubleSpinBox()
            box.setRange(0.0, 600.0)
            box.setDecimals(1)
            box.setValue(float(self.library.get_setting(key, 0.0)))
            form.addRow(label, box)
            boxes.append((key, box))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            for key, box in boxes:
                self.library.set_setting(key, box.value())
            self._retime()

    def clear_anchors(self) -> None:
        if self.case is None:
            return
        self.library.clear_anchors(self.case.id)
        self._retime()

    # ---------------------------------------------------------------- notes
    def add_note_now(self) -> None:
        if self.case is None or self.notes_panel is None:
            return
        if self.player.is_loaded():
            pos = self.player.position()
            turn = self.timing.turn_at(pos) if self.timing is not None and self.case.turns else None
        else:  # no audio: the note goes with the turn being read
            turn = self.transcript.current_turn() if self.case.turns else None
            turn = max(0, turn) if turn is not None else None
            pos = self.timing.starts[turn] if turn is not None and self.timing is not None else 0.0
        self.side_tabs.setCurrentWidget(self.notes_panel)
        self.notes_panel.add_note(pos, turn if turn is not None and turn >= 0 else None)

    def _note_on_turn(self, index: int) -> None:
        if self.case is None or self.notes_panel is None or self.timing is None:
            return
        self.side_tabs.setCurrentWidget(self.notes_panel)
        self.notes_panel.add_note(self.timing.starts[index], index)

    def _note_counts(self) -> dict[int, int]:
        return self.notes_panel.note_counts() if self.notes_panel is not None else {}

    def _on_notes_changed(self, case_id: str) -> None:
        if self.case is not None and case_id == self.case.id:
            self.transcript.set_note_counts(self._note_counts())
        self.index_in_background([case_id])

    # --------------------------------------------------------------- search
    # Keys a focused control needs for itself, although they are also one-key shortcuts of the window.
    _OWN_KEYS = (
        ((QAbstractButton, QComboBox), {Qt.Key.Key_Space}),
        ((QAbstractSlider,), {Qt.Key.Key_Left, Qt.Key.Key_Right}),
        ((QTreeView,), {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space}),
    )

    def _on_focus_changed(self, _old, new) -> None:
        if new is not None and any(isinstance(new, kinds) for kinds, _keys in self._OWN_KEYS):
            new.removeEventFilter(self)
            new.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        """Focused buttons, sliders and trees keep Space/arrows; in the search field, Esc goes back to
        the library and Down moves into the results."""
        if event.type() == event.Type.ShortcutOverride:
            for kinds, keys in self._OWN_KEYS:
                if isinstance(obj, kinds) and event.key() in keys and not event.modifiers():
                    event.accept()
                    return True
            return False
        if obj is self.search_field and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.search_field.clear()
                self._close_search()
                self.table.setFocus()
                return True
            if event.key() == Qt.Key.Key_Down and self.search_panel is not None \
                    and self.left_stack.currentWidget() is self.search_panel:
                self.search_panel.tree.setFocus()
                return True
        return super().eventFilter(obj, event)

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def _on_search_text(self, text: str) -> None:
        if not text.strip():
            self._close_search()

    def run_search(self) -> None:
        query = self.search_field.text().strip()
        if not query or self.search_panel is None:
            return
        self.left_stack.setCurrentWidget(self.search_panel)
        self.search_panel.search(query)

    def _close_search(self) -> None:
        self.left_stack.setCurrentIndex(0)

    @Slot(str, object, object, object)
    def open_hit(self, case_id: str, turn_index, start, terms) -> None:
        """A search hit: open the case, show the turn with the words marked, player there (paused)."""
        if self.case is None or self.case.id != case_id:
            if not self.open_case(case_id):
                return
        self.player.pause()
        if turn_index is not None and self.case and 0 <= turn_index < len(self.case.turns):
            self.transcript.set_following(False)
            self.transcript.scroll_to_turn(turn_index)
            self.transcript.set_marks(turn_index, list(terms or []))
            if start is None and self.timing is not None:
                start = self.timing.starts[turn_index]
        if start is not None:
            if self.player.is_loaded():
                self.seek(float(start))
            else:
                self._pending_seek = float(start)
            self.transcript.set_position(float(start))

    def show_find(self) -> None:
        self.find_bar.open()

    # ----------------------------------------------------- background work
    def _track(self, task, label: str) -> None:
        self._tasks.append(task)
        self.task_progress.setFormat(label + " %p%")
        self.task_progress.setRange(0, 0)
        self.task_progress.show()

        def on_progress(done, total, _text):
            if total > 0:
                self.task_progress.setRange(0, total)
                self.task_progress.setValue(done)

        task.progress.connect(on_progress)
        task.finished.connect(lambda _r: self._untrack(task))
        task.failed.connect(lambda _m: self._untrack(task))

    def _untrack(self, task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.task_progress.hide()

    def index_in_background(self, case_ids: list[str] | None = None) -> None:
        """Build (or repair) the search index, or update it for some cases, off the GUI thread."""
        lib = self.library

        task = Task("index")

        def work(report):
            index = services.get_index(lib, progress=lambda d, t: report(d, t), cancelled=lambda: task.cancelled)
            if case_ids:
                services.update_index_for(lib, case_ids)
            return index

        task.failed.connect(lambda msg: task.cancelled or self.statusBar().showMessage(
            self.tr("The search index could not be updated: {0}").format(msg), 8000))
        if not case_ids:
            self._track(task, self.tr("Indexing"))
        task.start(work)

    def import_paths(self, paths: list[str]) -> None:
        from lornplayer.importer import import_paths

        lib = self.library
        task = Task("import")
        task.finished.connect(self._after_import)
        task.failed.connect(lambda msg: task.cancelled or QMessageBox.warning(self, self.tr("Import"), msg))
        self._track(task, self.tr("Importing"))
        task.start(lambda report: import_paths(lib, paths, progress=report, cancelled=lambda: task.cancelled))

    def _after_import(self, report) -> None:
        self.reload_library()
        self.index_in_background(report.changed_case_ids)
        message = self.tr("{0} new, {1} updated, {2} unchanged cases; {3} audio files.").format(
            len(report.added), len(report.updated), len(report.unchanged), len(report.audio))
        if report.problems:
            details = "\n".join(str(p) for p in report.problems[:30])
            more = len(report.problems) - 30
            if more > 0:
                details += "\n" + self.tr("… and {0} more").format(more)
            QMessageBox.warning(self, self.tr("Import finished with problems"),
                                message + "\n\n" + self.tr("These files were not imported:") + "\n" + details)
        else:
            self.statusBar().showMessage(message, 8000)
        if self.case is None:
            if self.model.rowCount():
                self.open_case(self.model.rows()[0].id)
            return
        new_audio = any(a.path in report.audio for a in self.library.audio_for(self.case.id))
        if self.case.id in report.changed_case_ids or (new_audio and not self.audio_path):
            # The open case changed: show it again, keeping the place and whether it was playing.
            playing, position = self.player.is_playing(), self.player.position()
            self.open_case(self.case.id)
            if self.audio_path and position > 0:
                self._pending_seek = position
                if self.player.is_loaded():
                    self.seek(position)
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

    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import case pages and audio"), str(Path.home()),
            self.tr("Case pages and audio (*.txt *.html *.htm *.mp3 *.m4a *.ogg *.opus *.flac *.wav);;All files (*)"))
        if files:
            self.import_paths(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"), str(Path.home()))
        if folder:
            self.import_paths([folder])

    # ------------------------------------------------------------ alignment
    def _maybe_align(self) -> None:
        """Align in the background when the case's audio has no timed transcript and no stored alignment."""
        if self.case is None or not self.case.turns or not self.audio_path or self.timing is None:
            return
        if self.timing.source.split("+")[0] != "estimate":
            return
        if not self.library.get_setting("align.automatic", True):
            return
        self.start_alignment(force=False)

    def start_alignment(self, force: bool = True) -> None:
        if self.case is None or not self.case.turns or not self.audio_path:
            self.statusBar().showMessage(self.tr("This case has no transcript or no audio to align."), 5000)
            return
        try:
            from lornplayer.align import tts_available
        except ImportError:
            return
        if not tts_available():
            self.timing_label.setText(self.timing_label.text() + "\n" + self.tr(
                "Automatic alignment needs the espeak-ng speech synthesiser, which was not found; "
                "turn times are estimated."))
            return
        if self._align_task is not None:
            return
        case_id, lib = self.case.id, self.library
        task = Task("align")
        self._align_task = task

        def work(report):
            return services.align_case(lib, case_id, progress=lambda f: report(int(f * 100), 100),
                                       cancelled=lambda: task.cancelled, force=force)

        def done(summary):
            if self._align_task is task:
                self._align_task = None
            if self.case is not None and self.case.id == case_id:
                self._retime()
            self.statusBar().showMessage(str(summary), 8000)

        def failed(msg):
            if self._align_task is task:
                self._align_task = None
            if not task.cancelled:
                self.statusBar().showMessage(self.tr("Alignment failed: {0}").format(msg), 10000)

        task.finished.connect(done)
        task.failed.connect(failed)
        self._track(task, self.tr("Aligning transcript"))
        task.start(work)

    # -------------------------------------------------------------- exports
    def export_notes_dialog(self, all_cases: bool) -> None:
        if not all_cases and self.case is None:
            return
        name = "lornplayer-notes" if all_cases else f"{self.case.id}-notes"
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export notes"), str(Path.home() / f"{name}.md"),
                                                   self.tr("Markdown (*.md);;PDF (*.pdf)"))
        if not path:
            return
        self._export(lambda: services.export_notes(self.library, [] if all_cases else [self.case.id],
                                                   "pdf" if path.lower().endswith(".pdf") else "md", Path(path),
                                                   labels=self._labels()))

    def export_log_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export learning log"),
                                              str(Path.home() / "lornplayer-learning-log.pdf"),
                                              self.tr("PDF (*.pdf);;Markdown (*.md)"))
        if path:
            self._export(lambda: services.export_notes(self.library, [], "pdf" if path.lower().endswith(".pdf") else "md",
                                                       Path(path), log=True, labels=self._labels()))

    def export_transcript_dialog(self) -> None:
        if self.case is None:
            return
        filters = {"vtt": self.tr("WebVTT (*.vtt)"), "srt": self.tr("SubRip (*.srt)"),
                   "json": self.tr("Podcasting 2.0 JSON (*.json)"), "html": self.tr("HTML (*.html)"),
                   "pdf": self.tr("PDF (*.pdf)"), "md": self.tr("Markdown (*.md)")}
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export transcript"),
                                                   str(Path.home() / f"{self.case.id}.vtt"), ";;".join(filters.values()))
        if not path:
            return
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in filters:
            fmt = next(k for k, v in filters.items() if v == chosen)
            path += "." + fmt
        def write():
            services.export_transcript(self.library, self.case.id, fmt, audio=self.audio_path, output=Path(path),
                                       with_times=self.times_action.isChecked(), labels=self._labels())
            return path

        self._export(write)

    @staticmethod
    def _labels():
        """Headings of exports in the user's language."""
        from PySide6.QtCore import QCoreApplication

        from lornplayer.export import Labels

        return Labels.translated(QCoreApplication.translate)

    def _export(self, fn) -> None:
        try:
            out = fn()
        except Exception as exc:  # one clear message, nothing lost
            QMessageBox.warning(self, self.tr("Export"), self.tr("Export failed: {0}").format(exc))
            return
        self.statusBar().showMessage(self.tr("Saved {0}").format(out), 8000)

    def print_transcript(self) -> None:
        if self.case is None:
            return
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from lornplayer.export import transcript_html

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setHtml(transcript_html(self.case, self.timing, self.times_action.isChecked(), labels=self._labels()))
        doc.print_(printer)

    # --------------------------------------------------------- presentation
    def toggle_presentation(self) -> None:
        try:
            from lornplayer.ui.presentation import PresentationWindow
        except ImportError:
            self.statusBar().showMessage(self.tr("Presentation mode is not available."), 4000)
            return
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

    # ----------------------------------------------------------------- help
    def shortcut_list(self) -> list[tuple[str, str]]:
        rows = []
        for act in self.actions():
            if act.shortcuts():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
                rows.append((act.text().replace("&", ""), keys))
        rows += [(self.tr("Next / previous match in find"), self.tr("Enter / Shift+Enter")),
                 (self.tr("Presentation: next / previous turn"), self.tr("PageDown / PageUp, arrow keys")),
                 (self.tr("Presentation: larger / smaller / normal text"), self.tr("Ctrl++ / Ctrl+− / Ctrl+0")),
                 (self.tr("Presentation: light or dark theme"), self.tr("T")),
                 (self.tr("Leave presentation"), self.tr("Esc"))]
        return rows

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td style='padding-right:16px'>{t}</td><td><b>{k}</b></td></tr>"
                       for t, k in self.shortcut_list())
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{rows}</table>")
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About lornplayer"), self.tr(
            "<h3>lornplayer {0}</h3><p>An offline podcast player and transcript reader for LØRN cases.</p>"
            "<p>The audio of the bundled demo cases is <b>synthetic narration</b> made with the espeak-ng speech "
            "synthesiser, one voice per speaker; it is not the original LØRN recording.</p>"
            "<p>lornplayer never uses the network: your library, progress and notes stay on this computer.</p>"
        ).format(__version__))

    # ---------------------------------------------------------------- close
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> bool:
        """Save everything, stop background work and release the media player (Qt crashes at exit
        otherwise).  Returns False if some background work did not stop in time."""
        if getattr(self, "_shut", False):
            return self._all_stopped
        self._shut = True
        self._all_stopped = False
        try:
            self._save_timer.stop()
            self.save_progress()
            if self.notes_panel is not None:
                self.notes_panel.flush()
                self.reflection_panel.flush()
            self._save_settings()
        finally:
            for task in running_tasks():
                task.cancel()
            self.player.shutdown()
            self._all_stopped = wait_for_all(10000)
            if self._all_stopped:
                services.close_indexes()
            QApplication.instance().focusChanged.disconnect(self._on_focus_changed)
        return self._all_stopped
