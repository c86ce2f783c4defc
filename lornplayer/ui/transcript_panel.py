"""The middle of the window: which source the turn times come from, the transcript, its find bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lornplayer.timing import SourceKind, Timing
from lornplayer.ui.transcript import FindBar, TranscriptView


class TranscriptPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.transcript = TranscriptView()
        self.find_bar = FindBar(self.transcript)
        self.find_bar.hide()
        self.timing_label = QLabel()
        self.timing_label.setTextFormat(Qt.TextFormat.PlainText)  # warnings name files: never markup
        self.timing_label.setObjectName("timingLabel")
        self.timing_label.setWordWrap(True)
        self.timing_label.setContentsMargins(8, 4, 8, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.timing_label)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.find_bar)

    def show_timing_source(self, timing: Timing | None, has_turns: bool) -> None:
        """Say where the turn times come from, with the timing's warnings."""
        if timing is None or not has_turns:
            self.timing_label.hide()
            return
        names = {
            SourceKind.ESTIMATE: self.tr("Turn times are estimated from the text length."),
            SourceKind.ALIGNED: self.tr("Turn times come from automatic alignment."),
            SourceKind.SIDECAR: self.tr("Turn times come from the timed transcript beside the audio."),
        }
        text = names[timing.source.kind]
        if timing.source.anchored:
            text += " " + self.tr("Your sync anchors refine them.")
        if timing.source.kind is SourceKind.ESTIMATE:
            text += " " + self.tr("Press S when a turn starts to pin it.")
        for w in timing.warnings:
            text += "\n⚠ " + w
        self.timing_label.setText(text)
        self.timing_label.setVisible(True)

    def add_note(self, text: str) -> None:
        """Add a line below what the timing label says (e.g. why alignment cannot run)."""
        self.timing_label.setText(self.timing_label.text() + "\n" + text)
