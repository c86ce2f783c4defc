"""The library list: a table model over :class:`~lornplayer.store.CaseRow` and a filter proxy.

Rows are loaded in one query (``Library.list_rows``) and kept as plain objects,
so the view stays fast with thousands of cases: Qt only asks for visible cells.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from lornplayer.export import format_duration
from lornplayer.progress import CaseState, manual_mark
from lornplayer.store import CaseRow

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3


def row_state(row: CaseRow) -> CaseState:
    """The row's state by the one finished rule (``CaseRow.finished``), in progress once anything was heard."""
    return CaseState.derive(row.listened_fraction, manual_mark(row.finished_manual), row.position)


def fold(text: str) -> str:
    """Lower-case and strip accents, so "baerekraft"/"bærekraft" and "lorn"/"LØRN" compare equal."""
    text = (text or "").lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class LibraryModel(QAbstractTableModel):
    COLUMNS = ("id", "title", "progress", "duration", "guests", "date", "theme")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._index: dict[str, int] = {}
        self._sort_keys: dict[tuple[int, int], object] = {}  # (row, column) -> key; sorting asks often
        self._headers = {
            "id": self.tr("Case"), "title": self.tr("Title"), "guests": self.tr("Guests"),
            "theme": self.tr("Theme"), "date": self.tr("Date"), "duration": self.tr("Duration"),
            "progress": self.tr("Progress"),
        }

    # -- data -------------------------------------------------------------
    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.id: i for i, r in enumerate(self._rows)}
        self._sort_keys.clear()
        self.endResetModel()

    def update_row(self, row: CaseRow) -> None:
        i = self._index.get(row.id)
        if i is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(row)
            self._index[row.id] = len(self._rows) - 1
            self.endInsertRows()
        else:
            self._rows[i] = row
            for col in range(len(self.COLUMNS)):
                self._sort_keys.pop((i, col), None)
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def rows(self) -> list[CaseRow]:
        return self._rows

    def row_for(self, case_id: str) -> CaseRow | None:
        i = self._index.get(case_id)
        return self._rows[i] if i is not None else None

    def row_of(self, case_id: str) -> int:
        return self._index.get(case_id, -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[self.COLUMNS[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == CASE_ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            key = self._sort_keys.get((index.row(), index.column()))
            if key is None:
                key = self._sort_keys[(index.row(), index.column())] = self._sort_key(row, col)
            return key
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "progress":
                return self.tr("Listened {0} % · time listened {1}").format(
                    round(row.listened_fraction * 100), format_duration(row.time_listened))
            if col in ("title", "guests"):
                return self._display(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("duration", "progress", "date"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _sort_key(self, row: CaseRow, col: str):
        if col == "duration":
            return row.duration_seconds or 0.0
        if col == "progress":
            return row.listened_fraction + (2.0 if row_state(row) is CaseState.FINISHED else 0.0)
        return fold(self._display(row, col) or "")

    def _display(self, row: CaseRow, col: str) -> str:
        if col == "id":
            return row.id
        if col == "title":
            return row.title or ""
        if col == "guests":
            return row.guests or ""
        if col == "theme":
            return row.theme or ""
        if col == "date":
            return row.date or ""
        if col == "duration":
            d = row.duration_seconds
            return format_duration(d) if d else ""
        if col == "progress":
            state = row_state(row)
            if state is CaseState.FINISHED:
                return self.tr("✓ Finished")
            if state is CaseState.IN_PROGRESS:
                return self.tr("{0} %").format(round(row.listened_fraction * 100))
            return ""
        return ""


class LibraryFilter(QSortFilterProxyModel):
    """Filters by theme, perspective, organisation, listening state and free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._text = ""
        self._theme: str | None = None
        self._perspective: str | None = None
        self._organisation: str | None = None
        self._state: CaseState | None = None

    def _set(self, name: str, value) -> None:
        """Change one filter criterion and re-filter."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            setattr(self, name, value)
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._set("_text", fold(text.strip()))

    def set_theme(self, value: str | None) -> None:
        self._set("_theme", value or None)

    def set_perspective(self, value: str | None) -> None:
        self._set("_perspective", value or None)

    def set_organisation(self, value: str | None) -> None:
        self._set("_organisation", value or None)

    def set_state(self, state: CaseState | None) -> None:
        self._set("_state", state)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt API
        row: CaseRow = self.sourceModel().rows()[source_row]
        if self._theme and row.theme != self._theme:
            return False
        if self._perspective and row.perspective != self._perspective:
            return False
        if self._organisation and row.organisation != self._organisation:
            return False
        if self._state is not None and row_state(row) is not self._state:
            return False
        if self._text:
            hay = fold(" ".join(filter(None, (row.id, row.label, row.title, row.guests, row.theme,
                                               row.organisation, row.perspective))))
            return all(word in hay for word in self._text.split())
        return True
