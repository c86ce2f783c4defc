"""File → Import from URL: fetch a LØRN case page in the background and import it.

Only the page's text is read: no image, script, style or tracker on it is ever loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from lornplayer.feeds import service
from lornplayer.feeds.net import is_url
from lornplayer.ui.workers import Task


class ImportUrlDialog(QDialog):
    imported = Signal(str, str)  # case id, "added" | "updated" | "unchanged"

    def __init__(self, library, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Import from URL"))
        self.resize(560, 160)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://lorn.tech/…")
        self.url.setAccessibleName(self.tr("Address of the case page"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.info = QLabel(self.tr("The page's text is imported like a saved copy; nothing else on it is loaded."))
        self.info.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Address of the case page:")))
        layout.addWidget(self.url)
        layout.addWidget(self.busy)
        layout.addWidget(self.info)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._update)
        self.url.returnPressed.connect(self.start)
        self.import_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._update()

    def _update(self) -> None:
        self.import_button.setEnabled(self.task is None and is_url(self.url.text().strip()))

    def start(self) -> Task | None:
        url = self.url.text().strip()
        if self.task is not None or not is_url(url):
            return None
        task = Task("import-url", self)
        self.task = task
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        self.busy.show()
        self.info.setText(self.tr("Fetching {0}…").format(url))
        self._update()
        return task.start(lambda report: service.import_url(self.library, url))

    def _done(self, result) -> None:
        self.task = None
        self.busy.hide()
        text = {
            "added": self.tr("Case {0} imported."),
            "updated": self.tr("Case {0} updated."),
            "unchanged": self.tr("Case {0} was already in the library."),
        }[result.outcome].format(result.case_id)
        if result.warnings:
            text += " " + " ".join(result.warnings)
        self.info.setText(text)
        self._update()
        self.imported.emit(result.case_id, result.outcome)

    def _failed(self, message: str) -> None:
        self.task = None
        self.busy.hide()
        self.info.setText(message)
        self._update()
