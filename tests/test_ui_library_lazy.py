"""A big library's list shows at once and fills in its rows from a worker thread."""

from __future__ import annotations

from lornplayer.model import Case, Turn
from lornplayer.store import Library
from lornplayer.ui import library_panel


def test_big_library_rows_fill_in_without_a_reset(tmp_path, qtbot, monkeypatch):
    lib = Library(tmp_path / "lib.sqlite3")
    for i in range(1, 31):
        lib.upsert_case(
            Case(
                id=f"C{i:04d}",
                title=f"Tittel {i}",
                theme="Hav" if i % 2 else "Skog",
                host="Vert",
                turns=[Turn("Vert", "hei")],
            )
        )
    monkeypatch.setattr(library_panel, "LAZY_FROM", 5)
    monkeypatch.setattr(library_panel, "FIRST_ROWS", 3)
    panel = library_panel.LibraryPanel(lib)
    qtbot.addWidget(panel)
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.reload()
        model = panel.model
        assert model.rowCount() == 30 and not model.complete
        assert model.rows()[2].title == "Tittel 3" and model.rows()[3].title is None  # first rows at once
        assert model.rows()[29].id == "C0030"
    assert model.complete and resets == [1]  # filled in place, not reset again
    assert [r.title for r in model.rows()] == [f"Tittel {i}" for i in range(1, 31)]
    assert panel.theme_box.count() == 3  # all themes + Hav + Skog, once every row is in
    lib.close()


def test_sorting_is_done_by_the_model_and_survives_the_fill(tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    lib = Library(tmp_path / "lib.sqlite3")
    for i in range(1, 21):
        lib.upsert_case(
            Case(
                id=f"C{i:04d}", title=f"{chr(ord('a') + (i * 7) % 20)} tittel", host="Vert", turns=[Turn("Vert", "hei")]
            )
        )
    monkeypatch.setattr(library_panel, "LAZY_FROM", 5)
    monkeypatch.setattr(library_panel, "FIRST_ROWS", 3)
    panel = library_panel.LibraryPanel(lib)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.reload()
        panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # while rows are still placeholders
    titles = [panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())]
    assert titles == sorted(titles, reverse=True) and len(titles) == 20
    panel.table.selectRow(0)
    selected = panel.table.currentIndex().data(library_panel.CASE_ID_ROLE)
    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    ids = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert ids == sorted(ids)
    assert panel.table.currentIndex().data(library_panel.CASE_ID_ROLE) == selected  # the selection follows
    panel.filter_text.setText("b tittel")
    assert panel.proxy.rowCount() == 1
    lib.close()


def test_a_pending_row_is_an_empty_row_with_its_id():
    import dataclasses

    from lornplayer.store import CaseRow
    from lornplayer.ui.library_model import LibraryModel, PendingRow

    pending = PendingRow("C0042")
    empty = CaseRow(
        "C0042", None, None, "", None, None, None, None, None, 0, None, None, 0.0, 0.0, 0.0, None, None, None
    )
    assert dataclasses.astuple(pending) == dataclasses.astuple(empty)  # the same fields, the same answers
    assert pending.duration_seconds is None and pending.listened_fraction == 0.0 and not pending.finished
    model = LibraryModel()
    model.set_rows([pending], complete=False)
    assert [model.index(0, c).data() for c in range(model.columnCount())] == ["C0042", "", "", "", "", "", ""]


def test_the_filter_follows_a_changed_row_and_lets_all_through_when_cleared(qtbot):
    from lornplayer.store import CaseRow
    from lornplayer.ui.library_model import LibraryFilter, LibraryModel

    def row(case_id, title):
        return CaseRow(
            case_id, None, title, "", None, None, None, None, 30, 1, None, None, 0.0, 0.0, 0.0, None, None, None
        )

    model = LibraryModel()
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    model.set_rows([row("C0001", "Havbruk"), row("C0002", "Skogbruk"), row("C0003", "Kunstig intelligens")])
    proxy.set_text("BRUK")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["C0001", "C0002"]
    model.update_row(row("C0003", "Landbruk og data"))  # its text was folded before: read again
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["C0001", "C0002", "C0003"]
    model.update_row(row("C0001", "Fisk"))
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["C0002", "C0003"]
    proxy.set_text("  ")
    assert proxy.rowCount() == 3
