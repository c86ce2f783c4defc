"""Menus, actions and keyboard shortcuts of the main window.

The place to add a command: ``window.commands.add("view", self.tr("My thing"), slot, "Ctrl+J")``
puts it in a menu (``file``, ``edit``, ``playback``, ``notes``, ``view``, ``help``, or a new
key, which makes a new menu before Help) and registers the shortcut on the window, so it
works with the menu bar hidden (presentation mode) and is listed in Help → Keyboard shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

SKIP_BACK, SKIP_FORWARD = 15.0, 30.0


def _tr(text: str) -> str:
    """The window's menus keep the window's translation context."""
    return QCoreApplication.translate("MainWindow", text)


class Actions(QObject):
    """The window's menus by key, and a factory for actions in them."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.menus: dict[str, QMenu] = {}
        self._help_menu_action: QAction | None = None

    def menu(self, key: str, title: str | None = None) -> QMenu:
        """The menu with this key, made (with ``title``, before Help) if there is none yet."""
        menu = self.menus.get(key)
        if menu is None:
            bar = self.window.menuBar()
            menu = QMenu(title or key, bar)
            if self._help_menu_action is not None:
                bar.insertMenu(self._help_menu_action, menu)
            else:
                bar.addMenu(menu)
            if key == "help":
                self._help_menu_action = menu.menuAction()
            self.menus[key] = menu
        return menu

    def add(
        self,
        menu: str | None,
        text: str,
        slot: Callable,
        shortcut=None,
        checkable: bool = False,
        tip: str | None = None,
    ) -> QAction:
        """An action in menu ``menu`` (None: only the shortcut) calling ``slot``; ``shortcut`` is a key
        sequence, a standard key, or a list of them."""
        act = QAction(text, self.window)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setCheckable(checkable)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        if menu is not None:
            self.menu(menu).addAction(act)
        self.window.addAction(act)  # shortcuts work even with the menu bar hidden (presentation mode)
        return act

    def separator(self, menu: str) -> None:
        self.menu(menu).addSeparator()


def build_standard_actions(w) -> Actions:
    """The menus every window has.  ``w`` is the MainWindow; keeps the actions tests and code use."""
    a = Actions(w)
    for key, title in (
        ("file", _tr("&File")),
        ("edit", _tr("&Edit")),
        ("playback", _tr("&Playback")),
        ("notes", _tr("&Notes")),
        ("view", _tr("&View")),
        ("help", _tr("&Help")),
    ):
        a.menu(key, title)
    d = w.dialogs
    a.add("file", _tr("Import files…"), d.import_files, QKeySequence.StandardKey.Open)
    a.add("file", _tr("Import folder…"), d.import_folder)
    a.separator("file")
    a.add("file", _tr("Export notes of this case…"), lambda: d.export_notes(False))
    a.add("file", _tr("Export notes of all cases…"), lambda: d.export_notes(True))
    a.add("file", _tr("Export learning log…"), d.export_log)
    a.add("file", _tr("Export transcript…"), d.export_transcript, "Ctrl+E")
    a.add("file", _tr("Print transcript…"), d.print_transcript, QKeySequence.StandardKey.Print)
    w.times_action = a.add(
        "file",
        _tr("Include times in printed and exported transcripts"),
        lambda on: w.library.set_setting("export.times", on),
        checkable=True,
    )
    w.times_action.setChecked(bool(w.library.get_setting("export.times", True)))
    a.separator("file")
    a.add("file", _tr("Quit"), w.close, QKeySequence.StandardKey.Quit)

    w.undo_action = w.redo_action = None
    if w.notes_panel is not None:
        stack = w.notes_panel.undo_stack()
        w.undo_action = stack.createUndoAction(w, _tr("Undo"))
        w.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        w.redo_action = stack.createRedoAction(w, _tr("Redo"))
        w.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        a.menu("edit").addAction(w.undo_action)
        a.menu("edit").addAction(w.redo_action)
        a.separator("edit")
    a.add("edit", _tr("Search library"), w.search_bar.focus, "Ctrl+K")
    a.add("edit", _tr("Find in transcript"), w.find_bar.open, QKeySequence.StandardKey.Find)

    w.play_action = a.add("playback", _tr("Play / pause"), w.player.toggle, "Space")
    a.add("playback", _tr("Back 15 seconds"), lambda: w.skip(-SKIP_BACK), "Left")
    a.add("playback", _tr("Forward 30 seconds"), lambda: w.skip(SKIP_FORWARD), "Right")
    a.add("playback", _tr("Slower"), w.player_bar.speed_down, "[")
    a.add("playback", _tr("Faster"), w.player_bar.speed_up, "]")
    a.add("playback", _tr("Mute"), lambda: w.player.set_muted(not w.player.is_muted()), "M")
    a.separator("playback")
    a.add(
        "playback",
        _tr("This turn starts now"),
        w.anchor_current_turn,
        "S",
        tip=_tr("Pin the highlighted turn to the current time"),
    )
    a.add("playback", _tr("Clear sync anchors"), w.clear_anchors)
    a.add(
        "playback",
        _tr("Intro and outro length…"),
        d.edit_lead_times,
        tip=_tr("Seconds of jingle before the first and after the last turn, for estimated times"),
    )
    w.align_action = a.add(
        "playback",
        _tr("Align transcript"),
        lambda: w.start_alignment(force=True),
        tip=_tr("Compute turn times from the audio"),
    )

    a.add("notes", _tr("Add note here"), w.add_note_now, "N")
    w.finished_action = a.add("notes", _tr("Mark as finished"), w.toggle_finished, checkable=True)

    w.presentation_action = a.add("view", _tr("Presentation mode"), w.toggle_presentation, "F11")
    a.add("view", _tr("Zoom in"), w.transcript.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
    a.add("view", _tr("Zoom out"), w.transcript.zoom_out, QKeySequence.StandardKey.ZoomOut)

    a.add("help", _tr("Keyboard shortcuts"), d.show_shortcuts, "F1")
    a.add("help", _tr("About lornplayer"), d.show_about)
    return a
