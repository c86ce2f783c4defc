"""Page and note text never renders as markup (issue 11, item 7).

A page with HTML in every field — doubly encoded entities that survive the parser's unescaping, a tag
longer than the 2,000 characters the parser strips, and (stored directly, as a future parser might let
through) raw tags, links and images — is imported and shown everywhere: library list, case details,
transcript, notes, reflection, search results, presentation.  Then the whole widget tree is walked:
every label, tooltip, title, item and document is rendered the way Qt would render it, and each
occurrence of the marker word must still be preceded by the literal ``>`` of its tag (a tag rendered
as markup disappears) and no image placeholder may appear.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QTextEdit,
    QWidget,
)

from lornplayer.core import AppCore
from lornplayer.importer import import_paths
from lornplayer.model import Case, Guest, Note, ProfileItem, RelatedCase, Turn
from lornplayer.store import Library

MARK = "INJ"
ENCODED = f"&amp;amp;lt;i&amp;amp;gt;{MARK}&amp;amp;lt;/i&amp;amp;gt;"  # "<i>INJ</i>" after three unescapes
LONG_TAG = "<b title='" + "a" * 2100 + f"'>{MARK}</b>"  # too long for the parser's tag pattern
RAW = f"<h1 style='color:red'>{MARK}</h1><a href='http://example.org/'>{MARK}</a><img src='x.png'><i>{MARK}</i>"


def _page() -> str:
    return "\n".join(
        [
            f"LØRN Case #C0991 Bærekraft {ENCODED} og {LONG_TAG}",
            f"Et kort opptak {ENCODED}",
            f"En samtale om data {ENCODED} {LONG_TAG}",
            "",
            "Kari Nordmann",
            "",
            f"Forsker {ENCODED}",
            "",
            f"Testbyen {ENCODED}",
            "",
            f'"Samarbeid {ENCODED}"',
            "",
            "Varighet: 1 min",
            f"Tema: Testing {ENCODED}",
            f"Organisasjon: Testbyen {ENCODED}",
            f"Perspektiv: Forsker {ENCODED}",
            "Dato: 210101",
            f"Sted: OSLO {ENCODED}",
            f"Vert: Silvija Seres {ENCODED}",
            "",
            "Dette er hva du vil lære:",
            "",
            f"Testing {ENCODED}",
            "",
            "Refleksjonsspørsmål:",
            f"Hva lærte du om bærekraft {ENCODED}?",
            "",
            "Utskrift av samtalen: Et kort opptak",
            "",
            f"Silvija Seres: Hei og velkommen, bærekraft {ENCODED} {LONG_TAG}",
            "",
            f"Kari Nordmann: Dette er en test om bærekraft {ENCODED}.",
            "",
            "Silvija: Takk.",
            "",
            f"Kari: Bærekraft krever {LONG_TAG} samarbeid.",
        ]
    )


def _raw_case() -> Case:
    return Case(
        id="C0992",
        label="#C0992",
        title=f"Bærekraft {RAW}",
        summary=f"Om bærekraft {RAW}",
        guests=[Guest(f"Ola {RAW}", f"rolle {RAW}", f"org {RAW}")],
        quote=f"sitat {RAW}",
        duration_minutes=1,
        theme=f"tema {RAW}",
        organisation=f"org {RAW}",
        perspective=f"perspektiv {RAW}",
        place=f"sted {RAW}",
        host=f"Silvija {RAW}",
        learning_points=[f"punkt {RAW}"],
        further_reading=[f"bok {RAW}"],
        profile=[ProfileItem(f"spørsmål {RAW}", f"svar {RAW}")],
        reflection_questions=[f"refleksjon {RAW}?"],
        related=[RelatedCase("C0991", f"tema {RAW}", [f"person {RAW}"])],
        turns=[Turn(f"Silvija {RAW}", f"Bærekraft og {RAW}"), Turn("Ola", f"Ja, bærekraft {RAW}.")],
    )


def _render(text: str, rich: bool) -> str:
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _guess(text: str) -> bool:
    return QtGui_Qt.mightBeRichText(text)


def _shown(root: QWidget) -> list[tuple[str, str, bool, str]]:
    """(where, text as the user sees it) for every text under ``root``."""
    out: list[tuple[str, str]] = []

    def add(where: str, text, rich: bool) -> None:
        if isinstance(text, str) and text:
            out.append((where, text, rich, _render(text, rich)))

    for w in [root, *root.findChildren(QWidget)]:
        name = f"{type(w).__name__}#{w.objectName()}"
        add(f"{name} tooltip", w.toolTip(), _guess(w.toolTip()))
        add(f"{name} title", w.windowTitle(), False)
        if isinstance(w, QLabel):
            fmt = w.textFormat()
            add(
                f"{name} text",
                w.text(),
                fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and _guess(w.text())),
            )
        elif isinstance(w, QAbstractButton):
            add(f"{name} text", w.text(), False)
        elif isinstance(w, QTextEdit):
            add(f"{name} document", w.document().toHtml(), True)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            _walk_model(w.model(), QModelIndex(), f"{name} item", add)
    return out


def _walk_model(model: QAbstractItemModel, parent: QModelIndex, where: str, add) -> None:
    from lornplayer.ui.search_panel import PLAIN_ROLE

    try:
        columns = model.columnCount(parent)
    except TypeError:  # list models keep columnCount private in PySide6
        columns = 1
    for row in range(min(model.rowCount(parent), 200)):
        for col in range(columns):
            index = model.index(row, col, parent)
            add(where, index.data(Qt.ItemDataRole.DisplayRole), False)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            add(f"{where} tooltip", tip, _guess(tip) if isinstance(tip, str) else False)
            painted = index.data(PLAIN_ROLE)  # what the search delegate paints: plain text
            for part in painted if isinstance(painted, tuple) else ():
                add(f"{where} painted", part, False)
            if col == 0 and _has_children(model, index):
                _walk_model(model, index, where, add)


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.rowCount(index) > 0
    except TypeError:
        return False


# Page text that reaches a rich-text renderer unescaped: its tags (none of these is one the app writes itself)
# and its entities ("&amp;lt;" escaped is "&amp;amp;lt;").
UNESCAPED = (f"<i>{MARK}", "<h1", "<a href='http", "<img", "<b title=", "&amp;lt;")


def _rendered_as_markup(shown: list[tuple[str, str, bool, str]]) -> list[tuple[str, str]]:
    bad = []
    for where, raw, rich, displayed in shown:
        if (rich and any(t in raw for t in UNESCAPED)) or "\ufffc" in displayed:  # \ufffc: an image placeholder
            bad.append((where, raw[:200]))
    return bad


@pytest.fixture
def window(tmp_path, qtbot):
    from lornplayer.ui.mainwindow import MainWindow

    src = tmp_path / "pages"
    src.mkdir()
    (src / "C0991.html").write_text(_page(), encoding="utf-8")
    lib = Library.open()
    lib.set_setting("align.automatic", False)
    report = import_paths(lib, [src])
    assert report.added == ["C0991"], report.problems
    lib.upsert_case(_raw_case())
    AppCore(lib).index()
    w = MainWindow(lib)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    lib.close()


def test_the_page_keeps_its_markup_as_text():
    """The test means something only if text that Qt would take for markup reaches the UI through the parser
    (tags, or entities, which a guessing widget would decode); the directly stored case carries raw tags."""
    from lornplayer.parser import parse_text

    case = parse_text(_page()).case
    assert MARK in case.title and _render(case.title, rich=True) != case.title  # rendered as markup it changes


@pytest.mark.parametrize("case_id", ["C0991", "C0992"])
def test_no_widget_renders_page_text_as_markup(window, qtbot, case_id):
    w = window
    assert w.open_case(case_id)
    library = w.library
    assert library.add_note(Note(None, case_id, f"notat om bærekraft {RAW}", 0.0, 0))
    w.open_case(case_id)  # the note listed and marked
    w.search_field.setText("bærekraft")
    with qtbot.waitSignal(w.search_panel.searched, timeout=20000) as blocker:
        w.search_panel.search("bærekraft")
    assert blocker.args[0] >= 1
    w.toggle_presentation()
    p = w.presentation
    qtbot.waitExposed(p)
    shown = _shown(w) + _shown(p)
    assert sum(MARK in t for *_, t in shown) >= 15  # the payload is on screen in many places
    assert _rendered_as_markup(shown) == []
    w.toggle_presentation()


def test_the_walk_catches_markup(qtbot):
    """The check above can fail: an AutoText label with page text renders it."""
    label = QLabel(RAW)
    qtbot.addWidget(label)
    assert _rendered_as_markup(_shown(label))
    label.setTextFormat(Qt.TextFormat.PlainText)
    assert not _rendered_as_markup(_shown(label))
    assert QApplication.instance() is not None
