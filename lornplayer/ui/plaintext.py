"""Page and note text is shown as text, never as markup (issue 11).

Qt guesses the format of a QLabel's text, a tooltip or a message box ("rich text" as soon as it sees
something like a tag or an entity), so text from a page — a title with ``<img …>`` after the parser's
unescaping, a tag too long to be stripped — would be rendered as live HTML.  Labels that show such
text get ``Qt.PlainText``; tooltips and message boxes, which cannot be told their format, get the text
escaped inside explicit rich text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def tooltip(text: str | None) -> str:
    """Tooltip markup that shows ``text`` literally, line breaks kept."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def plain(label: QLabel) -> QLabel:
    """``label`` set to show its text literally; returned for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message(parent, title: str, text: str, icon=QMessageBox.Icon.Warning) -> None:
    """A modal message box whose text is shown literally (file names and page text may hold markup)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
