"""Puts the feeds into the main window: the Feeds page, File → Import from URL and Assign audio to case.

``install(window)`` is the only call the window makes (the page itself is made when first needed).  It adds

* View → Feeds (Ctrl+Shift+F): the :class:`~lornplayer.ui.feeds.FeedsView` as a page of the left side;
* File → Import from URL… and File → Assign audio to case…;
* playing an episode from the Feeds page: with its case (transcript and all), or, when it has
  none, on its own without a transcript (it can be linked later); what you hear of such an
  episode is recorded under its audio file (``audio:<path>``) and moves to its case when linked.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from lornplayer.progress import ListenedIntervals, ListeningTracker, resume_position

if TYPE_CHECKING:  # imported when first used: the feeds (and the network code) are not in the first frame
    from lornplayer.ui.assign_dialog import AssignAudioDialog
    from lornplayer.ui.feeds import FeedsView
    from lornplayer.ui.import_url import ImportUrlDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeedsWindow", text)


class FeedsPage:
    """The Feeds page of the left side, made when first needed (View → Feeds, or just after start-up:
    its automatic refresh runs while lornplayer runs)."""

    def __init__(self, window):
        self.window = window
        self.created: FeedsView | None = None

    def view(self) -> FeedsView:
        if self.created is None:
            from lornplayer.ui.feeds import FeedsView

            window = self.window
            self.created = view = FeedsView(window.library, window)
            window.add_left_page(view)
            view.playRequested.connect(lambda path, case_id: play_episode(window, path, case_id))
            view.libraryChanged.connect(lambda case_ids: _library_changed(window, case_ids))
            view.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
            view.assignRequested.connect(lambda path: open_assign(window, path))
        return self.created


def install(window) -> FeedsPage:
    page = window.feeds_page = FeedsPage(window)
    commands = window.commands

    widths: list[int] = []

    def toggle_feeds(on: bool) -> None:
        view = page.view() if on else None
        window.left_stack.setCurrentWidget(view or window.library_panel)
        sizes = window.splitter.sizes()
        if view is not None:
            view.reload()
            if not widths and len(sizes) == 3 and sum(sizes) > 0:  # give the episode list room
                widths[:] = sizes
                left = max(sizes[0], int(sum(sizes) * 0.6))
                window.splitter.setSizes([left, sum(sizes) - left - sizes[2], sizes[2]])
        elif widths:
            window.splitter.setSizes(widths)
            widths.clear()

    window.feeds_action = commands.add(
        "view",
        _tr("Feeds"),
        toggle_feeds,
        "Ctrl+Shift+F",
        checkable=True,
        tip=_tr("Podcast subscriptions and downloads for offline listening"),
    )
    window.left_stack.currentChanged.connect(
        lambda _i: window.feeds_action.setChecked(
            page.created is not None and window.left_stack.currentWidget() is page.created
        )
    )
    file_menu = commands.menu("file")
    first = file_menu.actions()[2] if len(file_menu.actions()) > 2 else None  # after the two Import entries
    url_action = commands.add(None, _tr("Import from URL…"), lambda: open_import_url(window))
    assign_action = commands.add(None, _tr("Assign audio to case…"), lambda: open_assign(window))
    file_menu.insertActions(first, [url_action, assign_action])

    window.caseless_listening = CaselessListening(window)
    return page


def _library_changed(window, case_ids: list[str]) -> None:
    window.library_panel.reload()
    if case_ids:
        window.work.index(list(case_ids))
    if window.case is not None and window.case.id in case_ids and not window.audio_path:
        window.open_case(window.case.id)


def play_episode(window, path: str, case_id: str) -> None:
    """Play a downloaded episode: with its case when it has one, else on its own without a transcript."""
    if case_id and window.library.has_case(case_id):
        if window.case is None or window.case.id != case_id:
            window.open_case(case_id)
        if window.audio_path == path:
            window.player.play()
            return
    window._leave_case()
    window.session = None
    title = Path(path).stem
    window.setWindowTitle(_tr("{0} — lornplayer").format(title))
    window.case_view.show_placeholder(_tr("This episode is not linked to a case yet."))
    window.transcript.clear(
        _tr("No transcript: this episode has no case. Link it with File → Assign audio to case…, then open the case.")
    )
    window.transcript_panel.show_timing_source(None, False)
    window.notes_panel.set_case(None)
    window.reflection_panel.set_case(None)
    window._pending_seek = window.caseless_listening.start(path)
    if window.player.load(path):
        window.player.play()


def open_import_url(window) -> ImportUrlDialog:
    from lornplayer.ui.import_url import ImportUrlDialog

    dialog = ImportUrlDialog(window.library, window)

    def imported(case_id: str, outcome: str) -> None:
        window.library_panel.reload()
        if outcome != "unchanged":
            window.work.index([case_id])
        window.open_case(case_id)

    dialog.imported.connect(imported)
    dialog.show()
    return dialog


def open_assign(window, path: str | None = None) -> AssignAudioDialog:
    from lornplayer.ui.assign_dialog import AssignAudioDialog

    dialog = AssignAudioDialog(window.library, path, window)

    def assigned(_path: str, case_id: str) -> None:
        window.library_panel.reload()
        window.feeds_view.load_episodes()
        if window.case is not None and window.case.id == case_id:
            window.open_case(case_id)

    dialog.assigned.connect(assigned)
    dialog.show()
    return dialog


SAVE_EVERY = 5.0  # seconds between saves while a caseless episode plays


class CaselessListening(QObject):
    """Listening progress of an episode played without a case (the window keeps that of cases)."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.library, self.player = window, window.library, window.player
        self.key: str | None = None
        self.tracker: ListeningTracker | None = None
        self._saved_at = 0.0
        self.player.positionChanged.connect(self._position)
        self.player.playingChanged.connect(self._playing)
        window.caseOpened.connect(lambda _session: self.stop())

    def start(self, path: str) -> float:
        """Follow ``path`` from now on; returns where to resume."""
        self.stop()
        from lornplayer.feeds.service import audio_progress_key

        self.key = audio_progress_key(path)
        saved = self.library.get_progress(self.key)
        self.tracker = ListeningTracker(ListenedIntervals.from_json(saved.listened_json), saved.time_listened)
        return resume_position(saved.position, saved.duration)

    def stop(self) -> None:
        if self.key is not None:
            self.save()
        self.key = self.tracker = None

    def _position(self, seconds: float) -> None:
        if self.tracker is None or self.window.session is not None:
            return
        self.tracker.on_position(seconds, time.monotonic(), self.player.is_playing())
        if time.monotonic() - self._saved_at >= SAVE_EVERY:
            self.save()

    def _playing(self, playing: bool) -> None:
        if self.tracker is not None and not playing:
            self.tracker.on_pause()
            self.save()

    def save(self) -> None:
        if self.key is None or self.tracker is None:
            return
        self._saved_at = time.monotonic()
        self.tracker.flush()
        p = self.library.get_progress(self.key)
        p.position = self.player.position() if self.player.path() else p.position
        p.listened_json = self.tracker.listened.to_json()
        p.listened_seconds = self.tracker.listened.total()
        p.time_listened = self.tracker.time_listened
        p.duration = self.player.duration() or p.duration
        p.last_played = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        self.library.save_progress(p)
