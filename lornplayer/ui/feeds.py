"""The Feeds view: subscriptions, their episodes, refresh and downloads for offline listening.

All network work runs on the thread pool (``ui.workers``); progress arrives through queued
signals, so the window never waits.  Pause keeps the partial file for resuming (also when
the app quits during a download), Cancel deletes it.  "Work offline" turns every network
action off.  :attr:`FeedsView.playRequested` asks the window to play an episode (with its
case, or on its own without a transcript); :attr:`FeedsView.libraryChanged` says audio or
cases were added.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lornplayer.feeds import db, service
from lornplayer.feeds.download import Control
from lornplayer.feeds.net import OFFLINE_SETTING
from lornplayer.ui.plaintext import plain, tooltip
from lornplayer.ui.workers import Task

EPISODE_ROLE = Qt.ItemDataRole.UserRole + 20
FEED_ROLE = Qt.ItemDataRole.UserRole + 21
COLUMNS = 8  # title, date, length, size, downloaded, case, listened, progress
AUTO_REFRESH_CHECK_MS = 60_000  # how often the automatic refresh (when enabled) looks whether it is due


class _Progress(QObject):
    """Download progress from the worker thread (floats: sizes may pass 2 GB)."""

    changed = Signal(int, int, float, float, float, float)  # episode index, count, done, total, overall done/total
    episodeStarted = Signal(int)  # episode id


def _size(n) -> str:
    if not n:
        return ""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} KB"


def _length(seconds) -> str:
    if not seconds:
        return ""
    s = round(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class FeedsView(QWidget):
    playRequested = Signal(str, str)  # audio path, case id ("" when the episode has no case)
    libraryChanged = Signal(list)  # case ids whose audio or content changed
    assignRequested = Signal(str)  # audio path to link to a case by hand
    message = Signal(str)  # one line for the status bar
    busyChanged = Signal(bool)

    def __init__(self, library, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self._task: Task | None = None
        self._control: Control | None = None
        self._downloading: list[int] = []
        self._bars: dict[int, QProgressBar] = {}

        self.add_button = QPushButton(self.tr("Add feed…"))
        self.add_file_button = QPushButton(self.tr("Add saved feed file…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.download_button = QPushButton(self.tr("Download"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.remove_button = QPushButton(self.tr("Unsubscribe"))
        self.import_opml_button = QPushButton(self.tr("Import OPML…"))
        self.export_opml_button = QPushButton(self.tr("Export OPML…"))
        # Tool bars fold what does not fit into an overflow menu, so the page stays as narrow as the library.
        top = QToolBar()
        for b in (
            self.add_button,
            self.add_file_button,
            self.refresh_button,
            self.download_button,
            self.pause_button,
            self.cancel_button,
            self.remove_button,
            self.import_opml_button,
            self.export_opml_button,
        ):
            top.addWidget(b)

        self.feed_list = QListWidget()
        self.feed_list.setAccessibleName(self.tr("Subscriptions"))
        self.episode_tree = QTreeWidget()
        self.episode_tree.setAccessibleName(self.tr("Episodes"))
        self.episode_tree.setColumnCount(COLUMNS)
        self.episode_tree.setHeaderLabels(
            [
                self.tr("Title"),
                self.tr("Date"),
                self.tr("Length"),
                self.tr("Size"),
                self.tr("Downloaded"),
                self.tr("Case"),
                self.tr("Listened"),
                self.tr("Progress"),
            ]
        )
        self.episode_tree.setRootIsDecorated(False)
        self.episode_tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        header = self.episode_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(40)
        # Subscriptions above, episodes below: the episode list gets the page's whole width.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.feed_list)
        splitter.addWidget(self.episode_tree)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([110, 440])

        self.offline_box = QCheckBox(self.tr("Work offline"))
        self.offline_box.setToolTip(
            self.tr("Turns off every network action: adding, refreshing, downloading and importing from the web")
        )
        self.auto_box = QCheckBox(self.tr("Download new episodes on refresh"))
        self.delete_days = QSpinBox()
        self.delete_days.setRange(0, 365)
        self.delete_days.setSpecialValueText(self.tr("never"))
        self.delete_days.setSuffix(self.tr(" days"))
        self.refresh_hours = QSpinBox()
        self.refresh_hours.setRange(0, 168)
        self.refresh_hours.setSpecialValueText(self.tr("by hand only"))
        self.refresh_hours.setSuffix(self.tr(" h"))
        self.refresh_hours.setToolTip(self.tr("Refresh the feeds automatically while lornplayer runs"))
        settings = QToolBar()
        settings.addWidget(self.offline_box)
        settings.addWidget(QLabel(self.tr("Refresh every")))
        settings.addWidget(self.refresh_hours)
        settings.addWidget(self.auto_box)
        settings.addWidget(QLabel(self.tr("Delete finished episodes after")))
        settings.addWidget(self.delete_days)

        self.overall = QProgressBar()
        self.overall.setFormat(self.tr("Overall %p %"))
        self.overall.hide()
        self.status = plain(QLabel())  # messages name URLs and titles from feeds: never markup
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.status.setMinimumWidth(50)
        self.status.setAccessibleName(self.tr("Feeds status"))
        self.refresh_hours.setAccessibleName(self.tr("Refresh every"))
        self.delete_days.setAccessibleName(self.tr("Delete finished episodes after"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.overall)
        layout.addWidget(self.status)
        layout.addWidget(settings)

        self.add_button.clicked.connect(self.ask_add_feed)
        self.add_file_button.clicked.connect(self.ask_add_feed_file)
        self.refresh_button.clicked.connect(self.refresh)
        self.download_button.clicked.connect(self.download_selected)
        self.pause_button.clicked.connect(self.pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.remove_button.clicked.connect(self.remove_feed)
        self.import_opml_button.clicked.connect(self.ask_import_opml)
        self.export_opml_button.clicked.connect(self.ask_export_opml)
        self.feed_list.currentItemChanged.connect(lambda *_: self.load_episodes())
        self.episode_tree.itemActivated.connect(self._activated)
        self.offline_box.toggled.connect(self._offline_toggled)
        self.auto_box.toggled.connect(lambda on: self.library.set_setting(db.AUTO_DOWNLOAD_SETTING, on))
        self.delete_days.valueChanged.connect(lambda n: self.library.set_setting(db.DELETE_AFTER_SETTING, n))
        self.refresh_hours.valueChanged.connect(lambda n: self.library.set_setting(db.REFRESH_HOURS_SETTING, n))
        self.episode_tree.itemSelectionChanged.connect(self._update_buttons)
        self.episode_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.episode_tree.customContextMenuRequested.connect(self._context_menu)

        self.offline_box.setChecked(bool(self.library.get_setting(OFFLINE_SETTING, False)))
        self.auto_box.setChecked(bool(self.library.get_setting(db.AUTO_DOWNLOAD_SETTING, False)))
        self.delete_days.setValue(int(self.library.get_setting(db.DELETE_AFTER_SETTING, 0) or 0))
        self.refresh_hours.setValue(int(self.library.get_setting(db.REFRESH_HOURS_SETTING, 0) or 0))
        self._auto_timer = QTimer(self)
        self._auto_timer.setInterval(AUTO_REFRESH_CHECK_MS)
        self._auto_timer.timeout.connect(self.check_auto_refresh)
        self._auto_timer.start()
        self.reload()

    # -- state ----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        if text:
            self.message.emit(text)

    def _update_buttons(self) -> None:
        offline = self.offline_box.isChecked()
        self.add_button.setEnabled(not self.busy)
        self.add_file_button.setEnabled(not self.busy)
        self.refresh_button.setEnabled(not self.busy and not offline and self.feed_list.count() > 1)
        self.download_button.setEnabled(not self.busy and not offline and bool(self.selected_episodes()))
        self.pause_button.setEnabled(self._control is not None)
        self.cancel_button.setEnabled(self._control is not None)
        self.remove_button.setEnabled(not self.busy and self.current_feed_id() is not None)
        self.import_opml_button.setEnabled(not self.busy)

    def _offline_toggled(self, on: bool) -> None:
        self.library.set_setting(OFFLINE_SETTING, on)
        self._update_buttons()

    def current_feed_id(self) -> int | None:
        item = self.feed_list.currentItem()
        return item.data(FEED_ROLE) if item is not None else None

    def selected_episodes(self) -> list[int]:
        return [i.data(0, EPISODE_ROLE) for i in self.episode_tree.selectedItems()]

    # -- lists ----------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_feed_id()
        self.feed_list.blockSignals(True)
        self.feed_list.clear()
        all_item = QListWidgetItem(self.tr("All feeds"))
        all_item.setData(FEED_ROLE, None)
        self.feed_list.addItem(all_item)
        select = all_item
        for feed in db.feeds(self.library):
            text = self.tr("{0} ({1} episodes, {2} downloaded)").format(
                feed.title or feed.url, feed.episode_count, feed.downloaded_count
            )
            item = QListWidgetItem(text)
            item.setData(FEED_ROLE, feed.id)
            item.setToolTip(tooltip(feed.url + (f"\n{feed.error}" if feed.error else "")))
            self.feed_list.addItem(item)
            if feed.id == current:
                select = item
        self.feed_list.setCurrentItem(select)
        self.feed_list.blockSignals(False)
        if self.feed_list.count() == 1 and not self.status.text():  # only "All feeds": say how to start
            self.status.setText(
                self.tr(
                    "No subscriptions yet. Add a podcast feed by its address (Add feed…) or from a saved feed "
                    "file; downloaded episodes are matched to their cases and play offline."
                )
            )
        self.load_episodes()

    def load_episodes(self) -> None:
        selected = set(self.selected_episodes())
        self.episode_tree.clear()
        self._bars = {}
        for ep in db.episodes(self.library, self.current_feed_id()):
            item = QTreeWidgetItem(self._row(ep))
            item.setData(0, EPISODE_ROLE, ep.id)
            item.setToolTip(0, tooltip(ep.description or ep.title or ""))
            if ep.error:
                item.setToolTip(4, tooltip(ep.error))
            if ep.proposed_case_id and not ep.case_id:
                item.setToolTip(5, tooltip(ep.match_reason or ""))
            self.episode_tree.addTopLevelItem(item)
            if ep.id in selected:
                item.setSelected(True)
            if ep.id in self._downloading:
                self._bar_for(ep.id, item)
        self._update_buttons()

    def _row(self, ep: db.Episode) -> list[str]:
        state = {
            "done": self.tr("yes"),
            "partial": self.tr("paused"),
            "failed": self.tr("failed"),
            "deleted": self.tr("deleted"),
        }.get(ep.state, self.tr("no"))
        if ep.case_id:
            case = ep.case_id
        elif ep.proposed_case_id:
            case = self.tr("{0}? (confirm)").format(ep.proposed_case_id)
        else:
            case = self.tr("none") if ep.downloaded else ""
        return [
            ep.title or ep.guid,
            (ep.published or "")[:10],
            _length(ep.duration),
            _size(ep.size),
            state,
            case,
            self._listened(ep),
            "",
        ]

    def _listened(self, ep: db.Episode) -> str:
        key = ep.case_id or (service.audio_progress_key(ep.audio_path) if ep.audio_path else None)
        if not key:
            return ""
        from lornplayer.progress import ListenedIntervals, is_finished

        prog = self.library.get_progress(key)
        duration = prog.duration or ep.duration
        fraction = ListenedIntervals.from_json(prog.listened_json).fraction(duration) if duration else 0.0
        manual = None if prog.finished_manual is None else bool(prog.finished_manual)
        if is_finished(fraction, manual):
            return self.tr("finished")
        return f"{fraction * 100:.0f} %" if fraction else ""

    def _item_for(self, episode_id: int) -> QTreeWidgetItem | None:
        for i in range(self.episode_tree.topLevelItemCount()):
            item = self.episode_tree.topLevelItem(i)
            if item is not None and item.data(0, EPISODE_ROLE) == episode_id:
                return item
        return None

    def _bar_for(self, episode_id: int, item: QTreeWidgetItem | None = None) -> QProgressBar | None:
        if episode_id in self._bars:
            return self._bars[episode_id]
        item = item or self._item_for(episode_id)
        if item is None:
            return None
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setValue(0)
        bar.setTextVisible(True)
        self.episode_tree.setItemWidget(item, COLUMNS - 1, bar)
        self._bars[episode_id] = bar
        return bar

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        ep = db.get_episode(self.library, item.data(0, EPISODE_ROLE))
        if ep is None:
            return
        if ep.downloaded and ep.audio_path and Path(ep.audio_path).exists():
            self.playRequested.emit(ep.audio_path, ep.case_id or "")
        elif not self.busy:
            self.download([ep.id])

    def episode_menu(self, episode_id: int) -> QMenu:
        """Play, Download, Assign to case… for one episode (what the right-click shows)."""
        menu = QMenu(self)
        ep = db.get_episode(self.library, episode_id)
        if ep is None:
            return menu
        playable = bool(ep.downloaded and ep.audio_path and Path(ep.audio_path).exists())
        play = menu.addAction(self.tr("Play"), lambda: self.playRequested.emit(ep.audio_path, ep.case_id or ""))
        play.setEnabled(playable)
        get = menu.addAction(self.tr("Download"), lambda: self.download([ep.id]))
        get.setEnabled(not ep.downloaded and not self.busy and not self.offline_box.isChecked())
        assign = menu.addAction(self.tr("Assign to case…"), lambda: self.assignRequested.emit(ep.audio_path))
        assign.setEnabled(playable)
        return menu

    def _context_menu(self, pos) -> None:
        item = self.episode_tree.itemAt(pos)
        if item is not None:
            self.episode_menu(item.data(0, EPISODE_ROLE)).exec(self.episode_tree.viewport().mapToGlobal(pos))

    # -- subscriptions --------------------------------------------------------
    def ask_add_feed(self) -> None:
        url, ok = QInputDialog.getText(
            self, self.tr("Add feed"), self.tr("Address of the podcast feed (RSS or Atom), or a saved feed file:")
        )
        if ok and url.strip():
            self.add_feed(url.strip())

    def ask_add_feed_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add saved feed file"), "", self.tr("Feeds (*.xml *.rss *.atom);;All files (*)")
        )
        if path:
            self.add_feed(path)

    def add_feed(self, source: str) -> Task | None:
        def work(report):
            return service.add_feed(self.library, source)

        return self._start(self.tr("Adding {0}…").format(source), work, self._added)

    def _added(self, result) -> None:
        self.reload()
        for i in range(self.feed_list.count()):
            if self.feed_list.item(i).data(FEED_ROLE) == result.feed_id:
                self.feed_list.setCurrentRow(i)
        self._set_status(self.tr("Subscribed to “{0}” ({1} episodes).").format(result.title, result.episodes))

    def refresh(self) -> Task | None:
        feed_id = self.current_feed_id()

        def work(report):
            results, problems = service.refresh_all(self.library, [feed_id] if feed_id is not None else None)
            outcomes = service.after_refresh(self.library, results)
            return results, problems, outcomes

        return self._start(self.tr("Refreshing…"), work, self._refreshed)

    def _refreshed(self, result) -> None:
        results, problems, outcomes = result
        self.reload()
        new = sum(len(r.new_episode_ids) for r in results)
        text = self.tr("New episodes: {0}.").format(new)
        if problems:
            text += " " + " ".join(problems)
        self._set_status(text)
        changed = [o.match.case_id for o in outcomes if o.match and o.match.case_id]
        if outcomes:
            self.libraryChanged.emit(changed)

    def check_auto_refresh(self) -> Task | None:
        """Refresh every feed when automatic refresh is enabled and due (never while offline or busy)."""
        if getattr(self.library, "_db", True) is None:  # the library was closed (the window is going)
            self._auto_timer.stop()
            return None
        if self.busy or not service.refresh_due(self.library):
            return None
        self.feed_list.setCurrentRow(0)
        return self.refresh()

    def remove_feed(self) -> None:
        feed_id = self.current_feed_id()
        feed = db.get_feed(self.library, feed_id) if feed_id is not None else None
        if feed is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsubscribe"),
            self.tr("Unsubscribe from “{0}”? Downloaded episodes stay in the library.").format(feed.title or feed.url),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a feed's title is text, never markup
        if box.exec() == QMessageBox.StandardButton.Yes:
            db.remove_feed(self.library, feed.id)
            self.reload()

    def ask_import_opml(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import subscriptions"), "", self.tr("OPML files (*.opml *.xml);;All files (*)")
        )
        if path:
            self.import_opml(path)

    def import_opml(self, path: str) -> Task | None:
        def work(report):
            return service.import_opml(self.library, path)

        def done(result):
            added, problems = result
            self.reload()
            self._set_status(" ".join([self.tr("Feeds subscribed: {0}.").format(len(added)), *problems]))

        return self._start(self.tr("Importing {0}…").format(path), work, done)

    def ask_export_opml(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export subscriptions"), "lornplayer.opml", self.tr("OPML files (*.opml)")
        )
        if path:
            try:
                service.export_opml(self.library, path)
            except OSError as exc:
                self._set_status(f"{path}: {exc.strerror or exc}")
            else:
                self._set_status(self.tr("Subscriptions written to {0}.").format(path))

    # -- downloads ------------------------------------------------------------
    def download_selected(self) -> Task | None:
        return self.download(self.selected_episodes())

    def download(self, episode_ids: list[int]) -> Task | None:
        episodes = [e for e in (db.get_episode(self.library, i) for i in episode_ids) if e and not e.downloaded]
        if not episodes or self.busy:
            return None
        control = Control()
        signals = _Progress(self)
        signals.changed.connect(self._download_progress)
        self._control = control
        self._downloading = [e.id for e in episodes]
        for e in episodes:
            self._bar_for(e.id)
        self.overall.setRange(0, 1000)
        self.overall.setValue(0)
        self.overall.show()

        def work(report):
            # The window cancels running tasks when it closes: that pauses, keeping the partial file.
            control.quitting = lambda task=self._task: task is not None and task.cancelled

            def progress(i, count, done, total, overall_done, overall_total):
                signals.changed.emit(
                    i, count, float(done), float(total or 0), float(overall_done), float(overall_total or 0)
                )

            return service.download_many(self.library, episodes, control=control, progress=progress)

        return self._start(self.tr("Downloading episodes: {0}…").format(len(episodes)), work, self._downloaded)

    def _download_progress(self, index, count, done, total, overall_done, overall_total) -> None:
        if index < len(self._downloading):
            bar = self._bar_for(self._downloading[index])
            if bar is not None:
                if total:
                    bar.setRange(0, 1000)
                    bar.setValue(int(1000 * done / total))
                else:
                    bar.setRange(0, 0)  # size unknown: busy indicator
        if overall_total:
            self.overall.setValue(int(1000 * overall_done / overall_total))
        self.status.setText(
            self.tr("Downloading episode {0} of {1}: {2} MB").format(index + 1, count, f"{done / 1e6:.1f}")
        )

    def _downloaded(self, outcomes) -> None:
        errors = [o.error for o in outcomes if o.error]
        stopped = next((o.stopped for o in outcomes if o.stopped), None)
        proposals = [o for o in outcomes if o.match and o.match.proposed]
        lines = [self.tr("Episodes downloaded: {0}.").format(sum(1 for o in outcomes if o.path and not o.error))]
        if stopped == "paused":
            lines.append(self.tr("Paused: the partial download is kept and resumes next time."))
        elif stopped == "cancelled":
            lines.append(self.tr("Cancelled."))
        for o in proposals:
            lines.append(self.tr("Perhaps case {0}: confirm it with Assign audio to case….").format(o.match.case_id))
        lines += errors
        self.libraryChanged.emit(sorted({o.match.case_id for o in outcomes if o.match and o.match.case_id}))
        self.reload()
        self._set_status(" ".join(lines))

    def pause(self) -> None:
        """Stop the downloads, keeping the partial files (Download again resumes them)."""
        if self._control is not None:
            self._control.pause()

    def cancel(self) -> None:
        """Stop the downloads and delete the partial file."""
        if self._control is not None:
            self._control.cancel()

    def shutdown(self) -> None:
        """At quit: pause any download so its partial file is kept for resuming; no more timed refreshes."""
        self._auto_timer.stop()
        self.pause()

    # -- running work ---------------------------------------------------------
    def _start(self, text: str, work, done) -> Task | None:
        if self.busy:
            return None
        task = Task("feeds", self)
        self._task = task

        def finished(result):
            self._end()
            done(result)

        def failed(message):
            self._end()
            self.reload()
            self._set_status(message)

        task.finished.connect(finished)
        task.failed.connect(failed)
        self._set_status(text)
        self.busyChanged.emit(True)
        self._update_buttons()
        return task.start(work)

    def _end(self) -> None:
        self._task = None
        self._control = None
        self._downloading = []
        self.overall.hide()
        self.busyChanged.emit(False)
        self._update_buttons()
