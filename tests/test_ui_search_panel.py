"""The search panel on its own: as-you-type with debouncing, pages, incremental list, cancellation."""

from __future__ import annotations

import pytest

from lornplayer.core import AppCore, indexing
from lornplayer.export import format_time
from lornplayer.model import Case, Turn
from lornplayer.store import Library
from lornplayer.ui import search_panel as sp
from lornplayer.ui import search_rows


@pytest.fixture
def core(tmp_path):
    lib = Library(tmp_path / "data" / "library.sqlite3")
    for i in range(1, 41):
        lib.upsert_case(
            Case(
                id=f"C{i:04d}",
                title=f"Tittel {i}",
                host="Vert",
                turns=[
                    Turn("Vert", f"Vi snakker om ekorn i skogen, del {i}."),
                    Turn("Gjest", f"Ekorn samler nøtter. Rev nummer {i}."),
                ],
            )
        )
    c = AppCore(lib)
    c.index()
    yield c
    indexing.close_indexes()
    lib.close()


@pytest.fixture
def panel(core, qtbot):
    p = sp.SearchPanel(core)
    qtbot.addWidget(p)
    p.resize(500, 600)
    p.show()
    return p


def test_hits_come_in_pages_added_to_the_list_not_rebuilt(panel, qtbot, monkeypatch):
    calls = []
    search = panel.core.search
    monkeypatch.setattr(
        panel.core, "search", lambda q, limit, **kw: calls.append((limit, kw)) or search(q, limit=limit, **kw)
    )
    with qtbot.waitSignal(panel.firstShown, timeout=10000) as first:
        panel.search("ekorn")
    assert first.args[0] == sp.FIRST_PAGE
    early = panel.hit_items()
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        pass
    assert calls == [(sp.FIRST_PAGE, {"timed": False}), (sp.LIMIT, {})]  # times come with the second page
    assert done.args[0] == 80 and len(panel.hit_items()) == 80  # two turns in each of 40 cases
    assert panel.hit_items()[:1] == early[:1] and all(item in panel.hit_items() for item in early)
    assert panel.tree.topLevelItemCount() == 40
    assert panel.tree.topLevelItem(0).text(0).endswith("(2)")
    assert "80 hits in 40 cases" in panel.status.text()
    assert panel.tree.topLevelItem(0).text(0).split("  ")[1].startswith("Tittel")


def test_a_few_hits_take_one_page(panel, qtbot):
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        panel.search("rev nummer 7")
    assert done.args[0] == 1 and "1 hit in 1 case" in panel.status.text()


def test_rows_shown_without_times_get_them_with_the_next_page(core, panel, qtbot, tmp_path):
    core.library.add_audio(
        __import__("lornplayer.model", fromlist=["AudioFile"]).AudioFile(
            str(tmp_path / "a.mp3"), "C0007", 600.0, 1, 1.0, "mp3", "t", None
        )
    )
    # Listen for the end before starting: the last page may come right after the first.
    with qtbot.waitSignal(panel.searched, timeout=10000):
        with qtbot.waitSignal(panel.firstShown, timeout=10000):
            panel.search("rev nummer 7")
        (item,) = panel.hit_items()  # shown with the first page (usually without its time yet)
    # The next page gives the row its time: the same row, not a second one.
    assert panel.hit_items() == [item] and item.data(0, sp.HIT_ROLE)[2] is not None


def test_typing_searches_once_it_pauses(panel, qtbot, monkeypatch):
    queries = []
    search = panel.search
    monkeypatch.setattr(panel, "search", lambda q: queries.append(q) or search(q))
    panel._typing.timeout.disconnect()
    panel._typing.timeout.connect(lambda: panel.search(panel._typed))
    for text in ("e", "ek", "eko", "ekor", "ekorn"):
        panel.search_soon(text)
    with qtbot.waitSignal(panel.searched, timeout=10000):
        pass
    assert queries == ["ekorn"]
    panel.search_soon("")  # emptied: nothing runs
    assert not panel._typing.isActive()


def test_a_newer_query_drops_the_older_ones_answers(panel, qtbot):
    panel.search("ekorn")
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        panel.search("nøtter rev 12")
    assert done.args[0] == 1 and panel.query == "nøtter rev 12"
    assert [i.data(0, sp.HIT_ROLE)[0] for i in panel.hit_items()] == ["C0012"]


def test_row_heights_come_from_plain_text(panel, qtbot):
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("ekorn")
    delegate = panel.tree.itemDelegate()
    item = panel.hit_items()[0]
    index = panel.tree.indexFromItem(item)
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(panel.tree)
    option.widget = panel.tree
    size = delegate.sizeHint(option, index)
    assert size.height() >= 2 * panel.tree.fontMetrics().lineSpacing()
    assert not delegate._layouts or len(delegate._layouts) <= delegate.CACHE


def _expected_rows(core, query: str) -> list[tuple]:
    """The rows the panel should show, in order: the first page's hits, then the rest's new ones,
    grouped by case in the order the cases first appear."""
    first = core.search(query, limit=sp.FIRST_PAGE, timed=False)
    rest = core.search(query, limit=sp.LIMIT)
    keys: dict[tuple, None] = {}
    for th in first.hits + rest.hits:
        h = th.hit
        keys.setdefault((h.case_id, h.kind, h.turn_index, h.note_id, h.field), None)
    groups: dict[str, list[tuple]] = {}
    for key in keys:
        groups.setdefault(key[0], []).append(key)
    return [(key[0], key[2]) for rows in groups.values() for key in rows]


@pytest.mark.parametrize("budget_ms", [sp.FEED_BUDGET_MS, 0.0])
def test_every_hit_goes_in_once_in_order_whatever_the_feeding_budget(panel, qtbot, monkeypatch, budget_ms):
    monkeypatch.setattr(sp, "FEED_BUDGET_MS", budget_ms)  # 0: one row made per event loop turn
    inserted = []
    panel.tree.model().rowsInserted.connect(
        lambda parent, first, last: inserted.append((parent.isValid(), first, last))
    )
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        panel.search("ekorn")
    rows = [(item.data(0, sp.HIT_ROLE)[0], item.data(0, sp.HIT_ROLE)[1]) for item in panel.hit_items()]
    assert done.args[0] == 80 and rows == _expected_rows(panel.core, "ekorn")
    # A page's rows go in together: one insertion per case (and one for the new cases), not per row.
    assert len(inserted) <= 2 * 40 + 2


def test_the_rest_is_ranked_once_the_first_page_is_shown(panel, qtbot, monkeypatch):
    seen = []
    search = panel.core.search

    def recording(q, limit, **kw):
        seen.append((limit, panel._first_shown.is_set(), len(panel.hit_items())))
        return search(q, limit=limit, **kw)

    monkeypatch.setattr(panel.core, "search", recording)
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("ekorn")
    assert seen[0][:2] == (sp.FIRST_PAGE, False)
    assert seen[1] == (sp.LIMIT, True, sp.FIRST_PAGE)  # the first page was in the list by then


def test_a_newer_query_releases_the_older_worker_at_once(panel, qtbot, monkeypatch):
    monkeypatch.setattr(sp, "FIRST_PAINT_WAIT_S", 30.0)
    panel.search("ekorn")
    old = panel._first_shown
    panel.search("nøtter rev 12")
    assert old.is_set()
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        pass
    assert done.args[0] == 1


def _highlighted_pixels(image, rect=None) -> int:
    from PySide6.QtGui import QColor

    mark = QColor(search_rows.MARK_BACKGROUND).rgb()
    rect = rect or image.rect()
    return sum(
        1
        for y in range(rect.top(), rect.bottom() + 1, 2)
        for x in range(rect.left(), rect.right() + 1, 2)
        if image.pixel(x, y) == mark
    )


def test_a_hit_is_painted_with_its_matched_words_marked(panel, qtbot):
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("nøtter")
    item = panel.hit_items()[0]
    head, snippet = item.data(0, sp.PLAIN_ROLE)
    spans = item.data(0, sp.SPANS_ROLE)
    assert [snippet[s:e] for s, e in spans] == ["nøtter"]
    start = item.data(0, sp.HIT_ROLE)[2]
    when = format_time(start) if start is not None else ""
    assert head == (f"Gjest · {when}" if when else "Gjest")
    assert item.text(0) == f"Gjest {when} {snippet}"  # what accessibility tools read: speaker, time, snippet
    panel.tree.scrollToItem(item)
    image = panel.tree.viewport().grab().toImage()
    rect = panel.tree.visualItemRect(item)
    assert _highlighted_pixels(image, rect) > 20  # the marked word's highlight is painted
    group = panel.tree.visualItemRect(item.parent())
    assert _highlighted_pixels(image, group) == 0  # the case's title row is not marked


def test_a_snippet_is_laid_out_as_plain_text_with_bold_marks():
    from PySide6.QtGui import QFont

    text = "<b>Ekorn</b> &amp; rev i skogen"
    layout = search_rows.snippet_layout(text, search_rows.merged_spans([(3, 8), (4, 6), (27, 33)]), QFont(), 120)
    assert layout.text() == text  # markup in the page text is shown as written, never interpreted
    marks = [(r.start, r.length, r.format.fontWeight()) for r in layout.formats()]
    assert marks == [(3, 5, QFont.Weight.Bold), (27, 6, QFont.Weight.Bold)]  # overlapping span dropped
    assert layout.lineCount() >= 2 and all(layout.lineAt(i).width() <= 120 for i in range(layout.lineCount()))


def test_a_rows_laid_out_snippet_is_kept_when_its_time_arrives(panel, qtbot, monkeypatch):
    made = []
    real = search_rows.snippet_layout
    monkeypatch.setattr(search_rows, "snippet_layout", lambda *a: made.append(a[0]) or real(*a))
    with qtbot.waitSignal(panel.firstShown, timeout=10000):
        panel.search("ekorn")
    panel.tree.viewport().repaint()
    before = len(made)
    assert before > 0
    with qtbot.waitSignal(panel.searched, timeout=10000):
        pass
    first = panel.hit_items()[0]
    assert first.data(0, sp.HIT_ROLE)[2] is not None  # its time came with the second page
    panel.tree.viewport().repaint()
    again = made[before:]
    assert first.data(0, sp.PLAIN_ROLE)[1] not in again  # repainted with its time, not laid out again


def test_the_rest_is_ranked_only_once_the_first_page_was_painted(panel, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(sp, "FIRST_PAINT_WAIT_S", 30.0)
    delegate = panel.tree.itemDelegate()
    paint = type(delegate).paint
    held = [True]

    def holding(self, painter, option, index):  # the paint of the rows has not come yet
        if not held[0]:
            paint(self, painter, option, index)

    monkeypatch.setattr(type(delegate), "paint", holding)
    shown = []
    panel.firstShown.connect(shown.append)
    panel.search("ekorn")
    qtbot.waitUntil(lambda: len(panel.hit_items()) == sp.FIRST_PAGE, timeout=10000)
    for _ in range(20):  # many feeder turns
        QApplication.processEvents()
    assert not shown and not panel._first_shown.is_set()  # the worker still waits
    held[0] = False
    with qtbot.waitSignal(panel.firstShown, timeout=10000):
        panel.tree.viewport().repaint()
    assert panel._first_shown.is_set()
    with qtbot.waitSignal(panel.searched, timeout=10000) as done:
        pass
    assert done.args[0] == 80


def test_a_hidden_panel_still_gets_every_hit(core, qtbot):
    p = sp.SearchPanel(core)
    qtbot.addWidget(p)  # never shown: nothing is painted, the first page is not waited for
    with qtbot.waitSignal(p.searched, timeout=10000) as done:
        p.search("ekorn")
    assert done.args[0] == 80 and len(p.hit_items()) == 80


def test_the_rows_keep_their_width_as_hits_come_in(panel, qtbot):
    widths = [panel.tree.viewport().width()]
    panel.firstShown.connect(lambda _n: widths.append(panel.tree.viewport().width()))
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("ekorn")  # more rows than fit: a scroll bar that came now would narrow them all
    widths.append(panel.tree.viewport().width())
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("nøtter rev 12")  # one row: no scroll bar needed
    widths.append(panel.tree.viewport().width())
    assert len(set(widths)) == 1, widths


def test_the_head_line_is_muted_text_readable_on_light_and_dark_palettes(qapp):
    from PySide6.QtGui import QColor, QPalette

    light = QPalette()
    light.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    assert search_rows.muted(light).name() == "#555555"  # as it always was on a light palette
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Text, QColor("#ffffff"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    assert search_rows.muted(dark).lightness() > 150  # not dark grey on a dark background


def test_a_narrowed_list_gives_each_snippet_the_lines_it_needs(tmp_path, qtbot):
    from PySide6.QtGui import QFontMetrics

    lib = Library(tmp_path / "data" / "library.sqlite3")
    words = [
        "Vi",
        "snakker",
        "lenge",
        "om",
        "skogen",
        "og",
        "om",
        "hvordan",
        "dyrene",
        "samler",
        "nøtter",
        "til",
        "vinteren",
        "mens",
        "reven",
        "venter",
    ]
    for i in range(1, 13):  # texts of many lengths, so that some line ends fall near each width tried
        text = "Ekorn: " + " ".join(words[k % len(words)] for k in range(20 + 7 * i))
        lib.upsert_case(Case(id=f"C{i:04d}", title=f"Tittel {i}", host="Vert", turns=[Turn("Vert", text)]))
    core = AppCore(lib)
    core.index()
    panel = sp.SearchPanel(core)
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    panel.show()
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.search("ekorn")

    def fits() -> bool:
        tree, delegate = panel.tree, panel.tree.itemDelegate()
        fm = QFontMetrics(tree.font())
        checked = 0
        for g in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(g)
            for c in range(group.childCount()):
                item = group.child(c)
                rect = tree.visualItemRect(item)
                if not rect.isValid() or rect.top() > tree.viewport().height():
                    continue
                width = rect.width() - 2 * search_rows.MARGIN
                layout = delegate.layout_for(
                    item.data(0, search_rows.PLAIN_ROLE)[1], item.data(0, search_rows.SPANS_ROLE), tree.font(), width
                )
                needed = fm.lineSpacing() + layout.boundingRect().height() + 2 * search_rows.MARGIN
                if rect.height() < needed or rect.height() > needed + 2 * search_rows.MARGIN:
                    return False  # its last line clipped, or a line to spare under it
                checked += 1
        return checked > 0

    assert fits()
    for width in (330, 371, 412, 453, 494, 535, 576, 617, 700):  # the snippets wrap anew: the rows follow
        panel.resize(width, 600)
        qtbot.waitUntil(fits, timeout=3000)
    indexing.close_indexes()
    lib.close()
