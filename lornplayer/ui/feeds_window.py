"""Puts the feeds into the main window: the Feeds page, File → Import from URL and Assign audio to case.

``install(window)`` is the only call the window makes.  It adds

* View → Feeds (Ctrl+Shift+F): the :class:`~lornplayer.ui.feeds.FeedsView` as a page of the left side;
* File → Import from URL… and File → Assign audio to case…;
* playing an episode from the Feeds page: with its case (transcript and all), or, when it has
  none, on its own without a transcript (it can be linked later).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from lornplayer.ui.assign_dialog import AssignAudioDialog
from lornplayer.ui.feeds import FeedsView
from lornplayer.ui.import_url import ImportUrlDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("FeedsWindow", text)


def install(window) -> FeedsView:
    view = FeedsView(window.library, window)
    window.feeds_view = view
    window.add_left_page(view)
    commands = window.commands

    def toggle_feeds(on: bool) -> None:
        window.left_stack.setCurrentWidget(view if on else window.library_panel)
        if on:
            view.reload()

    window.feeds_action = commands.add("view", _tr("Feeds"), toggle_feeds, "Ctrl+Shift+F", checkable=True,
                                       tip=_tr("Podcast subscriptions and downloads for offline listening"))
    window.left_stack.currentChanged.connect(
        lambda _i: window.feeds_action.setChecked(window.left_stack.currentWidget() is view))
    file_menu = commands.menu("file")
    first = file_menu.actions()[2] if len(file_menu.actions()) > 2 else None  # after the two Import entries
    url_action = commands.add(None, _tr("Import from URL…"), lambda: open_import_url(window))
    assign_action = commands.add(None, _tr("Assign audio to case…"), lambda: open_assign(window))
    file_menu.insertActions(first, [url_action, assign_action])

    view.playRequested.connect(lambda path, case_id: play_episode(window, path, case_id))
    view.libraryChanged.connect(lambda case_ids: _library_changed(window, case_ids))
    view.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    view.assignRequested.connect(lambda path: open_assign(window, path))
    return view


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
    window.transcript.clear(_tr("No transcript: this episode has no case. Link it with File → Assign audio to "
                                "case…, then open the case."))
    window.transcript_panel.show_timing_source(None, False)
    window.notes_panel.set_case(None)
    window.reflection_panel.set_case(None)
    window._pending_seek = None
    if window.player.load(path):
        window.player.play()


def open_import_url(window) -> ImportUrlDialog:
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
    dialog = AssignAudioDialog(window.library, path, window)

    def assigned(_path: str, case_id: str) -> None:
        window.library_panel.reload()
        window.feeds_view.load_episodes()
        if window.case is not None and window.case.id == case_id:
            window.open_case(case_id)

    dialog.assigned.connect(assigned)
    dialog.show()
    return dialog
