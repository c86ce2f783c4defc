"""First-start polish: a short, dismissable welcome that says what is where, and the keyboard focus
where a new user's first key press is meant to go (Space plays, not types into a filter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

WELCOME_SETTING = "ui.welcome_dismissed"


class WelcomeBanner(QFrame):
    """A calm strip above the panes; "Got it" (or Esc on it) hides it for good."""

    dismissed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomeBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#welcomeBanner { background: palette(alternate-base); border: none;"
            " border-bottom: 1px solid palette(mid); }"
        )
        self.text = QLabel(
            self.tr(
                "Welcome to lornplayer. The library is on the left, the transcript follows the audio in the middle, "
                "and your notes and reflections are on the right. Space plays and pauses, Ctrl+K searches every word "
                "said, N adds a note, F1 lists every key."
            )
        )
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Got it"))
        self.button.setToolTip(self.tr("Hide this welcome"))
        self.button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(self.tr("Welcome"))

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


FOCUS_RING = (
    "QAbstractItemView:focus, QPlainTextEdit:focus, QTextBrowser:focus, QScrollArea:focus"
    " { border: 2px solid palette(highlight); }"
)


def install_focus_ring(window) -> None:
    """A visible ring round the list, table or text that has the keyboard focus (buttons and fields show
    focus themselves), so keyboard-only users always see where they are."""
    central = window.centralWidget()
    central.setStyleSheet((central.styleSheet() + "\n" + FOCUS_RING).strip())


def install(window) -> WelcomeBanner | None:
    """Put the welcome above the panes unless the user dismissed it before; returns the banner."""
    install_focus_ring(window)
    lib = window.library
    if lib.get_setting(WELCOME_SETTING):
        return None
    banner = WelcomeBanner(window.centralWidget())
    window.centralWidget().layout().insertWidget(0, banner)

    def done():
        try:
            lib.set_setting(WELCOME_SETTING, True)
        except Exception:
            pass
        focus_for_listening(window)

    banner.dismissed.connect(done)
    return banner


def focus_for_listening(window) -> None:
    """Keyboard focus on the transcript: the first Space plays, N/S/M work, Tab moves on to the side panel."""
    view = window.transcript.list_view()
    if view.isVisible():
        view.setFocus(Qt.FocusReason.OtherFocusReason)
