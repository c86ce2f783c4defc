"""The library panel: a filterable table of the cases, "Continue listening" and the totals."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from lornplayer.export import format_duration
from lornplayer.progress import CaseState
from lornplayer.ui.library_model import CASE_ID_ROLE, LibraryFilter, LibraryModel


class LibraryPanel(QWidget):
    caseActivated = Signal(str)  # a case chosen in the table
    continueRequested = Signal()  # "Continue listening"

    def __init__(self, library, parent=None):
        super().__init__(parent)
        self.library = library
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(60)  # size columns from the first rows, not all thousands
        for col, width in enumerate((58, 200, 68, 56, 140, 84, 160)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("Filter the library…"))
        self.filter_text.setClearButtonEnabled(True)
        self.theme_box = QComboBox()
        self.perspective_box = QComboBox()
        self.organisation_box = QComboBox()
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("All cases"), None)
        self.state_box.addItem(self.tr("Not started"), CaseState.NOT_STARTED)
        self.state_box.addItem(self.tr("In progress"), CaseState.IN_PROGRESS)
        self.state_box.addItem(self.tr("Finished"), CaseState.FINISHED)
        for box, tip in ((self.theme_box, self.tr("Theme")), (self.perspective_box, self.tr("Perspective")),
                         (self.organisation_box, self.tr("Organisation")), (self.state_box, self.tr("Listening state"))):
            box.setToolTip(tip)
            box.setAccessibleName(tip)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.continue_button = QPushButton(self.tr("Continue listening"))
        self.continue_button.setToolTip(self.tr("Open the case you listened to last, where you stopped"))
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter_text)
        for a, b in ((self.theme_box, self.perspective_box), (self.organisation_box, self.state_box)):
            row = QHBoxLayout()
            row.addWidget(a, 1)
            row.addWidget(b, 1)
            layout.addLayout(row)
        layout.addWidget(self.table, 1)
        row3 = QHBoxLayout()
        row3.addWidget(self.continue_button)
        row3.addStretch(1)
        row3.addWidget(self.totals_label)
        layout.addLayout(row3)

        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.filter_text.textChanged.connect(self.proxy.set_text)
        self.theme_box.currentIndexChanged.connect(lambda _i: self.proxy.set_theme(self.theme_box.currentData()))
        self.perspective_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_perspective(self.perspective_box.currentData()))
        self.organisation_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_organisation(self.organisation_box.currentData()))
        self.state_box.currentIndexChanged.connect(lambda _i: self.proxy.set_state(self.state_box.currentData()))
        self.continue_button.clicked.connect(self.continueRequested)

    def reload(self) -> None:
        """Read every row from the library again, and the filter choices with them."""
        rows = self.library.list_rows()
        self.model.set_rows(rows)
        for box, attr, all_text in ((self.theme_box, "theme", self.tr("All themes")),
                                    (self.perspective_box, "perspective", self.tr("All perspectives")),
                                    (self.organisation_box, "organisation", self.tr("All organisations"))):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(all_text, None)
            for value in sorted({getattr(r, attr) for r in rows if getattr(r, attr)}, key=str.lower):
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        self._update_totals()
        for col in (0, 2, 3):  # case, progress, duration: as wide as their header and contents
            self.table.resizeColumnToContents(col)

    def refresh_row(self, case_id: str) -> None:
        """Read one case's row again (after its progress changed)."""
        for row in self.library.list_rows(case_id):
            self.model.update_row(row)
        self._update_totals()

    def _update_totals(self) -> None:
        total = self.library.total_time_listened()
        self.totals_label.setText(self.tr("{0} cases · listened {1}").format(self.model.rowCount(),
                                                                           format_duration(total)))

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id:
            self.caseActivated.emit(case_id)

    def select(self, case_id: str) -> None:
        """Show the case as selected, without emitting :attr:`caseActivated`."""
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(index.row())
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(index)

    def first_case(self) -> str | None:
        return self.model.rows()[0].id if self.model.rowCount() else None

    def last_played_case(self) -> str | None:
        rows = [r for r in self.model.rows() if r.last_played]
        return max(rows, key=lambda r: r.last_played).id if rows else None
