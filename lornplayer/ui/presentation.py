"""Presentation mode: a case's transcript full screen, for a projector or a shared screen.

:class:`PresentationWindow` shows the transcript (our :class:`TranscriptView`
in its presentation mode) under a header with the case title and guests.  It
follows the audio, keeping the current turn centred.  Keys::

    PageDown, Down, Right   next turn (seeks the audio there)
    PageUp, Up, Left        previous turn
    Space                   play / pause
    Ctrl++ / Ctrl+- / Ctrl+0  larger / smaller / default text
    T                       switch between the dark and the light high-contrast theme
    Esc                     leave

Theme, text size and screen are remembered in the library settings when the
parent has a ``library``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from lornplayer.model import Case
from lornplayer.timing import Timing, build_timing
from lornplayer.ui.transcript import TranscriptView

DARK, LIGHT = "dark-contrast", "light-contrast"
THEME_SETTING = "presentation.theme"
SIZE_SETTING = "presentation.font_size"
SCREEN_SETTING = "presentation.screen"
# Default text size: about this many lines of transcript fill the screen's height.
LINES_PER_SCREEN = 16

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_Right}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Left}


def choose_screen(screens: Sequence[QScreen], main: QScreen | None, saved: str | None = None) -> QScreen | None:
    """The screen to present on: the one last used if still there, else one other than ``main``."""
    if not screens:
        return None
    for screen in screens:
        if saved and screen.name() == saved:
            return screen
    others = [s for s in screens if s is not main]
    return others[0] if others else screens[0]


def default_font_size(screen: QScreen | None) -> float:
    """Presentation text size in points: about LINES_PER_SCREEN lines fill the screen."""
    height = screen.geometry().height() if screen is not None else 1080
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    line_px = height / LINES_PER_SCREEN
    return round(max(18.0, line_px / 1.5 * 72.0 / dpi))  # a line is about 1.5 × the font size


class PresentationWindow(QWidget):
    """A top-level, full-screen transcript that follows the player; see the module doc."""

    seekRequested = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentationWindow")
        self.setWindowTitle(self.tr("Presentation"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.case: Case | None = None
        self.timing: Timing | None = None
        self.player = None
        self._library = getattr(parent, "library", None)
        self._memory: dict[str, object] = {}  # settings when there is no library
        self._theme = str(self._setting(THEME_SETTING, DARK))
        if self._theme not in (DARK, LIGHT):
            self._theme = DARK
        self._build()
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._refresh_screens)
        app.screenRemoved.connect(self._refresh_screens)

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.header = QWidget(objectName="presentationHeader")
        self.title_label = QLabel(objectName="presentationTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # page text is never markup
        self.guests_label = QLabel(objectName="presentationGuests")
        self.guests_label.setWordWrap(True)
        self.guests_label.setTextFormat(Qt.TextFormat.PlainText)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.guests_label)

        self.screen_button = self._button("", self.tr("Screen to present on"), None)
        self.screen_button.setObjectName("presentationScreens")
        self.screen_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.screen_button)
        menu.aboutToShow.connect(lambda: self._fill_screen_menu(menu))
        self.screen_button.setMenu(menu)
        self.smaller_button = self._button(self.tr("A−"), self.tr("Smaller text (Ctrl+−)"), self.zoom_out)
        self.larger_button = self._button(self.tr("A+"), self.tr("Larger text (Ctrl++)"), self.zoom_in)
        self.theme_button = self._button("", self.tr("Switch theme (T)"), self.toggle_theme)
        self.leave_button = self._button(self.tr("Leave"), self.tr("Leave presentation (Esc)"), self.close)
        controls = QHBoxLayout()
        controls.setSpacing(6)
        for w in (self.screen_button, self.smaller_button, self.larger_button, self.theme_button, self.leave_button):
            controls.addWidget(w)

        row = QHBoxLayout(self.header)
        row.setContentsMargins(32, 16, 32, 12)
        row.addLayout(text, 1)
        row.addLayout(controls)
        row.setAlignment(controls, Qt.AlignmentFlag.AlignTop)

        self.view = TranscriptView()
        self.view.set_presentation(True)
        self.view.turnActivated.connect(self.go_to_turn)
        self.view.seekRequested.connect(self.go_to_time)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        # Every key goes to the window (a clicker's PageDown must step, not scroll the list).
        for child in self.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._refresh_screens()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        b = QToolButton(text=text, toolTip=tip)
        b.setAutoRaise(True)
        if slot is not None:
            b.clicked.connect(slot)
        return b

    # ----------------------------------------------------------------- setup
    def present(self, case: Case, timing: Timing | None, player, screen: QScreen | None = None) -> None:
        """Show ``case`` full screen on ``screen`` (default: see :func:`choose_screen`), following ``player``."""
        self.case = case
        self.timing = timing if timing is not None else build_timing(case.turns, None)
        self._disconnect_player()
        self.player = player
        if player is not None:
            player.positionChanged.connect(self._on_position)
        self.title_label.setText(case.title or case.label or case.id)
        self.guests_label.setText(self._guests_text(case))
        self.guests_label.setVisible(bool(case.guests))
        self.view.set_transcript(case.turns, self.timing.starts, self.timing.sentences)
        self.view.set_following(True)
        if player is not None:
            self.view.set_position(player.position())
        if screen is None:
            parent = self.parentWidget()
            main = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
            screen = choose_screen(QGuiApplication.screens(), main, self._setting(SCREEN_SETTING))
        self._apply_theme()
        self._show_on(screen)
        size = self._setting(SIZE_SETTING)
        self.view.set_font_size(float(size) if size else default_font_size(screen))
        self._apply_header_font()
        self.activateWindow()
        self.setFocus()

    def set_timing(self, timing: Timing) -> None:
        """New turn times (after an anchor or an alignment) for the case being presented."""
        self.timing = timing
        self.view.set_starts(timing.starts, timing.sentences)

    def _guests_text(self, case: Case) -> str:
        people = []
        for g in case.guests:
            detail = ", ".join(x for x in (g.role, g.organisation) if x)
            people.append(self.tr("{0} ({1})").format(g.name, detail) if detail else g.name)
        return " · ".join(people)

    # ---------------------------------------------------------------- screens
    def _refresh_screens(self, *_args) -> None:
        """Offer a choice of screen (in the header) only when there are several."""
        self._fill_screen_menu(self.screen_button.menu())
        self.screen_button.setText(self.tr("Screen: {0} ▾").format(self.screen().name()))
        self.screen_button.setVisible(len(QGuiApplication.screens()) > 1)

    def _fill_screen_menu(self, menu: QMenu) -> None:
        menu.clear()
        for s in QGuiApplication.screens():
            size = s.geometry().size()
            act = menu.addAction(self.tr("{0} ({1}×{2})").format(s.name(), size.width(), size.height()))
            act.setCheckable(True)
            act.setChecked(s is self.screen())
            act.triggered.connect(lambda _checked=False, s=s: self.move_to_screen(s))

    def _show_on(self, screen: QScreen | None) -> None:
        if self.isFullScreen():
            self.showNormal()
        if screen is not None:
            self.winId()  # creates the native window, so it can be moved
            self.windowHandle().setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self._refresh_screens()

    @Slot(QScreen)
    def move_to_screen(self, screen: QScreen | None) -> None:
        """Present on ``screen`` from now on (and next time)."""
        if screen is None or screen not in QGuiApplication.screens():
            return
        self._show_on(screen)
        self._set_setting(SCREEN_SETTING, screen.name())

    # ------------------------------------------------------------ navigation
    def current_turn(self) -> int:
        return self.view.current_turn()

    @Slot()
    def next_turn(self) -> None:
        self.go_to_turn(self.current_turn() + 1)

    @Slot()
    def previous_turn(self) -> None:
        self.go_to_turn(max(self.current_turn() - 1, 0))

    @Slot(int)
    def go_to_turn(self, index: int) -> None:
        """Highlight turn ``index`` now and seek the audio to its start."""
        if self.timing is None or not self.timing.starts:
            return
        index = max(0, min(index, len(self.timing.starts) - 1))
        self.go_to_time(self.timing.starts[index])

    def go_to_time(self, seconds: float) -> None:
        """Highlight what is spoken at ``seconds`` (a turn or sentence start) and seek the audio there."""
        # Whole milliseconds, rounded up: the player reports ms, and must not land in the turn before.
        start = math.ceil(seconds * 1000) / 1000
        self.view.set_following(True)
        self.view.set_position(start)
        self.seekRequested.emit(start)
        if not self._seek_is_handled() and self.player is not None:
            self.player.seek(start)

    def _seek_is_handled(self) -> bool:
        return self.receivers("2seekRequested(double)") > 0

    @Slot(float)
    def _on_position(self, seconds: float) -> None:
        self.view.set_position(seconds)

    @Slot()
    def toggle_playback(self) -> None:
        if self.player is not None:
            self.player.toggle()

    # ------------------------------------------------------------ appearance
    def theme(self) -> str:
        return self._theme

    def set_theme(self, name: str) -> None:
        """``"dark-contrast"`` or ``"light-contrast"`` (remembered)."""
        if name not in (DARK, LIGHT):
            raise ValueError(f"unknown presentation theme {name!r}")
        self._theme = name
        self._set_setting(THEME_SETTING, name)
        self._apply_theme()

    @Slot()
    def toggle_theme(self) -> None:
        self.set_theme(LIGHT if self._theme == DARK else DARK)

    def _apply_theme(self) -> None:
        self.view.set_theme(self._theme)
        pal = self.view.palette()
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        base = pal.color(QPalette.ColorRole.Base).name()
        text = pal.color(QPalette.ColorRole.Text).name()
        self.header.setStyleSheet(
            f"#presentationHeader {{ background: {base}; border-bottom: 2px solid {text}; }}"
            f"QLabel {{ color: {text}; }}"
            f"QToolButton {{ color: {text}; background: {base}; border: 1px solid {text};"
            " border-radius: 4px; padding: 2px 10px; }"
            "QToolButton::menu-indicator { image: none; width: 0; }"
        )
        self.theme_button.setText(self.tr("Light") if self._theme == DARK else self.tr("Dark"))

    def _apply_header_font(self) -> None:
        """Header type in proportion to the screen (not to the zoomed transcript)."""
        base = default_font_size(self.screen())
        controls = (self.screen_button, self.smaller_button, self.larger_button, self.theme_button, self.leave_button)
        for widget, scale, bold in (
            (self.title_label, 1.0, True),
            (self.guests_label, 0.65, False),
            *((c, 0.4, False) for c in controls),
        ):
            f = widget.font()
            f.setPointSizeF(base * scale)
            f.setBold(bold)
            widget.setFont(f)

    def font_size(self) -> float:
        return self.view.font_size()

    @Slot()
    def zoom_in(self) -> None:
        self.view.zoom_in()
        self._set_setting(SIZE_SETTING, self.view.font_size())

    @Slot()
    def zoom_out(self) -> None:
        self.view.zoom_out()
        self._set_setting(SIZE_SETTING, self.view.font_size())

    @Slot()
    def reset_zoom(self) -> None:
        self.view.set_font_size(default_font_size(self.screen()))
        self._set_setting(SIZE_SETTING, None)

    # -------------------------------------------------------------- settings
    def _setting(self, key: str, default=None):
        if self._library is not None:
            return self._library.get_setting(key, default)
        return self._memory.get(key, default)

    def _set_setting(self, key: str, value) -> None:
        if self._library is not None:
            self._library.set_setting(key, value)
        else:
            self._memory[key] = value

    # ---------------------------------------------------------------- events
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (ctrl and key == Qt.Key.Key_Minus):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.reset_zoom()
        elif ctrl:
            super().keyPressEvent(event)
        elif key in NEXT_KEYS:
            self.next_turn()
        elif key in PREVIOUS_KEYS:
            self.previous_turn()
        elif key == Qt.Key.Key_Space:
            self.toggle_playback()
        elif key == Qt.Key.Key_T:
            self.toggle_theme()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        menu = QMenu(self)
        if len(QGuiApplication.screens()) > 1:
            self._fill_screen_menu(menu.addMenu(self.tr("Present on")))
        menu.addAction(self.tr("Larger text"), self.zoom_in)
        menu.addAction(self.tr("Smaller text"), self.zoom_out)
        menu.addAction(self.tr("Default text size"), self.reset_zoom)
        menu.addAction(self.tr("Light theme") if self._theme == DARK else self.tr("Dark theme"), self.toggle_theme)
        menu.addSeparator()
        menu.addAction(self.tr("Leave presentation"), self.close)
        menu.exec(event.globalPos())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._disconnect_player()
        super().closeEvent(event)
        main = self.parentWidget()
        if main is not None:
            main.setWindowState(main.windowState() & ~Qt.WindowState.WindowMinimized)
            main.show()
            main.raise_()
            main.activateWindow()

    def _disconnect_player(self) -> None:
        if self.player is not None:
            try:
                self.player.positionChanged.disconnect(self._on_position)
            except (RuntimeError, TypeError):
                pass  # already disconnected, or the player is gone
            self.player = None
