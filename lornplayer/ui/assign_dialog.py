""" "Assign audio to case…": link audio that found no case (or only a proposal) to its case by hand.

The left list holds every audio file with no case, proposals first; the right list every case,
searchable by title, case number or guest.  Choosing a file preselects its proposed case.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lornplayer.feeds import db, service
from lornplayer.feeds.matching import normalise_title

PATH_ROLE = Qt.ItemDataRole.UserRole + 30
CASE_ROLE = Qt.ItemDataRole.UserRole + 31


class AssignAudioDialog(QDialog):
    assigned = Signal(str, str)  # audio path, case id

    def __init__(self, library, audio_path: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(self.tr("Assign audio to case"))
        self.resize(820, 480)
        self.audio_list = QListWidget()
        self.audio_list.setAccessibleName(self.tr("Audio without a case"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search cases by title, number or guest"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search cases by title, number or guest"))
        self.case_list = QListWidget()
        self.case_list.setAccessibleName(self.tr("Cases"))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setAccessibleName(self.tr("Result"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.assign_button = self.buttons.addButton(self.tr("Assign"), QDialogButtonBox.ButtonRole.ApplyRole)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Audio without a case")))
        left.addWidget(self.audio_list)
        right = QVBoxLayout()
        right.addWidget(self.search)
        right.addWidget(self.case_list)
        lists = QHBoxLayout()
        lists.addLayout(left, 1)
        lists.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.buttons)

        self._rows = [(r.id, r.title or "", r.guests or "") for r in library.list_rows()]
        self.search.textChanged.connect(self._filter_cases)
        self.audio_list.currentItemChanged.connect(lambda *_: self._audio_chosen())
        self.case_list.currentItemChanged.connect(lambda *_: self._update())
        self.case_list.itemActivated.connect(lambda *_: self.assign())
        self.assign_button.clicked.connect(self.assign)
        self.buttons.rejected.connect(self.reject)
        self._filter_cases("")
        self.load_audio(audio_path)

    def load_audio(self, select: str | None = None) -> None:
        self.audio_list.clear()
        rows = list(db.unassigned_audio(self.library))
        if select and not any(r["path"] == select for r in rows):
            row = db.audio_row(self.library, select)
            if row is not None:
                rows.insert(0, row)
        for r in rows:
            name = Path(r["path"]).name
            text = name if not r["title"] else f"{r['title']} ({name})"
            if r["proposed_case_id"]:
                text += "  " + self.tr("— perhaps {0}").format(r["proposed_case_id"])
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, r["path"])
            item.setData(CASE_ROLE, r["proposed_case_id"] or r["case_id"])
            item.setToolTip(r["path"] + (f"\n{r['match_reason']}" if r["match_reason"] else ""))
            self.audio_list.addItem(item)
            if r["path"] == select or (select is None and self.audio_list.count() == 1):
                self.audio_list.setCurrentItem(item)
        if self.audio_list.count() == 0:
            self.info.setText(self.tr("Every audio file in the library has its case."))
        self._audio_chosen()

    def _filter_cases(self, text: str) -> None:
        query = normalise_title(text)
        raw = text.strip().upper()
        current = self.current_case()
        self.case_list.clear()
        for cid, title, guests in self._rows:
            if query and query not in normalise_title(f"{title} {guests}") and raw not in cid:
                continue
            item = QListWidgetItem(f"{cid}  {title}" + (f" — {guests}" if guests else ""))
            item.setData(CASE_ROLE, cid)
            self.case_list.addItem(item)
            if cid == current:
                self.case_list.setCurrentItem(item)
        self._update()

    def _audio_chosen(self) -> None:
        item = self.audio_list.currentItem()
        proposed = item.data(CASE_ROLE) if item else None
        if proposed:
            for i in range(self.case_list.count()):
                if self.case_list.item(i).data(CASE_ROLE) == proposed:
                    self.case_list.setCurrentRow(i)
                    break
        self._update()

    def current_audio(self) -> str | None:
        item = self.audio_list.currentItem()
        return item.data(PATH_ROLE) if item else None

    def current_case(self) -> str | None:
        item = self.case_list.currentItem()
        return item.data(CASE_ROLE) if item else None

    def _update(self) -> None:
        self.assign_button.setEnabled(bool(self.current_audio() and self.current_case()))

    def assign(self) -> None:
        audio, case_id = self.current_audio(), self.current_case()
        if not (audio and case_id):
            return
        try:
            path = service.assign_audio(self.library, audio, case_id)
        except ValueError as exc:
            self.info.setText(str(exc))
            return
        self.info.setText(self.tr("{0} is now the audio of {1}.").format(Path(path).name, case_id))
        self.assigned.emit(path, case_id)
        self.load_audio()
