"""The library panel: a filterable table of the cases, "Continue listening" and the totals."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lornplayer.export import format_duration
from lornplayer.progress import CaseState
from lornplayer.ui.firstframe import AfterFirstFrame
from lornplayer.ui.library_model import CASE_ID_ROLE, LibraryFilter, LibraryModel, PendingRow
from lornplayer.ui.workers import run_in_background

LAZY_FROM = 500  # cases: a bigger library's rows are read in the background
FIRST_ROWS = 40  # ... after its first rows (a screenful)


HIDDEN_COLUMNS = (5, 6)  # date, theme: in the header's context menu
GUESTS_COLUMN = 4
PROGRESS_COLUMN = 2
PROGRESS_MIN_WIDTH = 380
GUESTS_MIN_WIDTH = 560  # below this table width the guests column steps aside for the title
COLUMNS_SETTING = "ui.library_hidden_columns"


class LibraryPanel(QWidget):
    caseActivated = Signal(str)  # a case chosen in the table
    continueRequested = Signal()  # "Continue listening"
    loaded = Signal()  # every row is in (after reload())

    def __init__(self, library, parent=None):
        super().__init__(parent)
        self._generation = 0
        self._painted = False  # the table's first frame is on screen (see reload())
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (to the transcript), not cell to cell
        self.table.setAccessibleName(self.tr("Library"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(60)  # size columns from the first rows, not all thousands
        for col, width in enumerate((58, 200, 68, 56, 140, 84, 160)):
            self.table.setColumnWidth(col, width)
        # The title takes the room that is left, so the columns shown fit the pane without scrolling
        # sideways; date and theme start hidden (the header's context menu shows them).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        for col in HIDDEN_COLUMNS:
            self.table.setColumnHidden(col, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("Filter the library…"))
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.setAccessibleName(self.tr("Filter the library"))
        self.theme_box = QComboBox()
        self.perspective_box = QComboBox()
        self.organisation_box = QComboBox()
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("All cases"), None)
        self.state_box.addItem(self.tr("Not started"), CaseState.NOT_STARTED)
        self.state_box.addItem(self.tr("In progress"), CaseState.IN_PROGRESS)
        self.state_box.addItem(self.tr("Finished"), CaseState.FINISHED)
        for box, tip in (
            (self.theme_box, self.tr("Theme")),
            (self.perspective_box, self.tr("Perspective")),
            (self.organisation_box, self.tr("Organisation")),
            (self.state_box, self.tr("Listening state")),
        ):
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
        self._filters = QGridLayout()  # two filters a row, or one a row when the pane is narrow
        self._filter_columns = 0
        self._flow_filters(2)
        layout.addLayout(self._filters)
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
            lambda _i: self.proxy.set_perspective(self.perspective_box.currentData())
        )
        self.organisation_box.currentIndexChanged.connect(
            lambda _i: self.proxy.set_organisation(self.organisation_box.currentData())
        )
        self.state_box.currentIndexChanged.connect(lambda _i: self.proxy.set_state(self.state_box.currentData()))
        self.continue_button.clicked.connect(self.continueRequested)
        self.restore_columns()

    def reload(self) -> None:
        """Read every row from the library again, and the filter choices with them.

        A big library is shown at once with its first rows (:data:`FIRST_ROWS`) and the
        other cases' ids; their rows are read on a worker thread, over a connection of
        its own, and filled in when they arrive (start-up does not grow with the library)."""
        self._generation += 1
        first, ids = self.library.first_rows(FIRST_ROWS)
        if len(ids) <= LAZY_FROM:
            self._loaded(first if len(ids) <= FIRST_ROWS else self.library.list_rows())
            return
        self.model.set_rows(first + [PendingRow(case_id) for case_id in ids[FIRST_ROWS:]], complete=False)
        self._update_totals()
        for col in (0, 2, 3):
            self.table.resizeColumnToContents(col)
        generation, path = self._generation, self.library.path

        def read_all(_report):
            from lornplayer.store import Library

            reader = Library(path)
            try:
                return reader.list_rows()
            finally:
                reader.close()

        def finished(rows) -> None:
            if generation == self._generation:  # not replaced by a newer reload meanwhile
                self._loaded(rows)

        def read() -> None:
            self._painted = True
            if generation == self._generation:
                run_in_background("library rows", read_all, finished=finished)

        if self._painted:
            read()
        else:  # at start-up the reading thread would slow the first frame down (it shares the GIL)
            AfterFirstFrame(self.table.viewport(), read)

    def _loaded(self, rows) -> None:
        if (
            self.model.rowCount()
            and not self.model.complete
            and [r.id for r in rows] == [r.id for r in self.model.rows()]
        ):
            self.model.fill(rows)
        else:
            self.model.set_rows(rows)
        for box, attr, all_text in (
            (self.theme_box, "theme", self.tr("All themes")),
            (self.perspective_box, "perspective", self.tr("All perspectives")),
            (self.organisation_box, "organisation", self.tr("All organisations")),
        ):
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
        self.loaded.emit()

    def refresh_row(self, case_id: str) -> None:
        """Read one case's row again (after its progress changed)."""
        for row in self.library.list_rows(case_id):
            self.model.update_row(row)
        self._update_totals()

    def _update_totals(self) -> None:
        total = self.library.total_time_listened()
        self.totals_label.setText(
            self.tr("{0} cases · listened {1}").format(self.model.rowCount(), format_duration(total))
        )

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

    def _column_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        model = self.table.model()
        for col in range(2, model.columnCount()):  # case and title always show
            act = menu.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: self.set_column_shown(c, on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def set_column_shown(self, col: int, shown: bool) -> None:
        self._user_columns = True  # the user's choice holds at every width from now on
        self.table.setColumnHidden(col, not shown)
        hidden = [c for c in range(self.table.model().columnCount()) if self.table.isColumnHidden(c)]
        try:
            self.library.set_setting(COLUMNS_SETTING, hidden)
        except Exception:
            pass

    def _flow_filters(self, columns: int) -> None:
        if columns == self._filter_columns:
            return
        self._filter_columns = columns
        boxes = (self.theme_box, self.perspective_box, self.organisation_box, self.state_box)
        for box in boxes:
            self._filters.removeWidget(box)
        for i, box in enumerate(boxes):
            self._filters.addWidget(box, i // columns, i % columns)
        for c in range(2):
            self._filters.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Two a row only when each box has room for its whole current text ("All organisations" uncut).
        boxes = (self.theme_box, self.perspective_box, self.organisation_box, self.state_box)
        widest = max(b.fontMetrics().horizontalAdvance(b.currentText()) for b in boxes) + 48  # arrow, frame
        self._flow_filters(2 if self.width() >= 2 * widest + 24 else 1)
        if not getattr(self, "_user_columns", False):
            self.table.setColumnHidden(GUESTS_COLUMN, self.table.width() < GUESTS_MIN_WIDTH)
            self.table.setColumnHidden(PROGRESS_COLUMN, self.table.width() < PROGRESS_MIN_WIDTH)

    def restore_columns(self) -> None:
        hidden = self.library.get_setting(COLUMNS_SETTING)
        if isinstance(hidden, list):
            self._user_columns = True
            for col in range(2, self.table.model().columnCount()):
                self.table.setColumnHidden(col, col in hidden)

    def first_case(self) -> str | None:
        return self.model.rows()[0].id if self.model.rowCount() else None

    def first_playable_case(self) -> str | None:
        """The first case in the list's order that has a transcript and audio (what a first start opens)."""
        for r in range(self.proxy.rowCount()):
            case_id = self.proxy.index(r, 0).data(CASE_ID_ROLE)
            row = self.model.row_for(case_id) if case_id else None
            if row is not None and row.audio_path and row.turn_count:
                return case_id
        return self.first_case()

    def last_played_case(self) -> str | None:
        rows = self.model.rows() if self.model.complete else self.library.list_rows()
        rows = [r for r in rows if r.last_played]
        return max(rows, key=lambda r: r.last_played).id if rows else None
