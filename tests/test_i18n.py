"""Translations: the Bokmål file is complete, current and compiled, and the language choice works."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QMenu, QTabWidget, QWidget

from lornplayer.export import Labels
from lornplayer.importer import import_paths
from lornplayer.store import Library
from lornplayer.tools import update_translations as i18n
from lornplayer.ui.app import install_translations

MESSAGES = i18n.messages()
# What a translation must keep: placeholders, rich-text tags, key names, one-letter shortcuts like "(N)".
KEPT = re.compile(r"\{\w*\}|%n|%\d|<[^>]+>|\b(?:Ctrl|Shift|Alt|Esc|Enter|PageUp|PageDown)\b|\([A-Z]\)")


@pytest.fixture
def language(monkeypatch, qapp):
    """``language("nb")`` installs the translations as the app does with LORNPLAYER_LANG=nb; removed afterwards."""
    from PySide6.QtCore import QLocale

    app = qapp
    default_locale = QLocale()

    def use(code: str) -> None:
        monkeypatch.setenv("LORNPLAYER_LANG", code)
        install_translations(app)

    yield use
    for translator in getattr(app, "_translators", []):
        app.removeTranslator(translator)
    app._translators = []
    QLocale.setDefault(default_locale)


def test_every_message_is_translated():
    assert len(MESSAGES) > 250
    assert [(c, s) for c, s, t in MESSAGES if not t] == []
    assert all(context for context, _, _ in MESSAGES)


def test_translations_keep_placeholders_tags_keys_and_mnemonics():
    def mnemonics(text: str) -> int:
        return text.replace("&&", "").count("&")

    bad = [
        (c, s, t)
        for c, s, t in MESSAGES
        if Counter(KEPT.findall(s)) != Counter(KEPT.findall(t)) or mnemonics(s) != mnemonics(t)
    ]
    assert bad == []


def test_qm_is_compiled_from_the_ts():
    translator = QTranslator()
    assert translator.load(str(i18n.TS_FILE.with_suffix(".qm")))
    stale = [(c, s) for c, s, t in MESSAGES if translator.translate(c, s) != t]
    assert stale == [], "run: python -m lornplayer.tools.update_translations"


def test_translation_file_has_every_string_of_the_sources():
    in_ts = {(c, s) for c, s, _ in MESSAGES}
    found = {
        (m.context, m.source)
        for path in i18n.sources()
        for m in i18n.find_messages(path.read_text(encoding="utf-8"))[0]
    }
    assert found - in_ts == set(), "run: python -m lornplayer.tools.update_translations, then translate"


SNIPPET = """\
from PySide6.QtCore import QCoreApplication, QObject
_CTX = "Export"
def _tr(text):
    return QCoreApplication.translate("Panel", text)
LABEL = QT_TRANSLATE_NOOP(_CTX, "Notes")
class Window(QObject):
    def build(self, n):
        tr = self.tr
        html = f"<b>{self.tr('Inside an f-string')}</b>"
        return tr("Through an alias"), _tr("Through a helper"), html, self.tr("%n notes", None, n)
    def other(self, painter, point):
        painter.translate(point)
        return QCoreApplication.translate("App", "Explicit"), self.tr(html)
"""


def test_messages_are_found_with_their_runtime_context():
    messages, problems = i18n.find_messages(SNIPPET)
    assert [(m.line, m.context, m.source, m.plural) for m in messages] == [
        (5, "Export", "Notes", False),
        (9, "Window", "Inside an f-string", False),
        (10, "Window", "Through an alias", False),
        (10, "Panel", "Through a helper", False),
        (10, "Window", "%n notes", True),
        (13, "App", "Explicit", False),
    ]
    assert problems == [(13, "translation call without a literal context and text")]
    lines = i18n.stand_in(SNIPPET).split("\n")
    assert len(lines) == len(SNIPPET.split("\n"))
    assert lines[4] == 'QCoreApplication.translate("Export", "Notes"); '
    assert lines[9].count("QCoreApplication.translate(") == 3 and lines[9].endswith('"%n notes", "", n); ')


@pytest.mark.parametrize("code", ["nb", "no", "nn", "nb_NO"])
def test_norwegian(language, code):
    language(code)
    translate = QCoreApplication.translate
    assert translate("MainWindow", "Play / pause") == "Spill av / pause"
    assert translate("MainWindow", "&File") == "&Fil"
    assert translate("App", "Library") == "Bibliotek"
    assert translate("CaseView", "Reflection question") == "Refleksjonsspørsmål"
    assert translate("NotesPanel", "Edit note") == "Rediger notat"  # through the module's _tr helper
    assert Labels.translated(translate).learning == "Dette lærer du"
    assert translate("QPlatformTheme", "Cancel") == "Avbryt"  # Qt's Nynorsk ...
    assert translate("QPlatformTheme", "Save") == "Lagre"  # ... with our Bokmål where they differ


def test_english(language):
    language("en")
    assert QCoreApplication.translate("MainWindow", "Play / pause") == "Play / pause"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert Labels.translated(QCoreApplication.translate) == Labels()


def test_installing_again_replaces_the_translators(language):
    language("nb")
    language("en")
    assert QCoreApplication.translate("MainWindow", "Play / pause") == "Play / pause"


@pytest.fixture
def window(tmp_path, data_dir, seeds_dir, qtbot):
    from lornplayer.ui.mainwindow import MainWindow

    src = tmp_path / "src"
    src.mkdir()
    for path in (data_dir / "C9001.txt", seeds_dir / "C0557.txt", seeds_dir / "C0399.txt"):
        shutil.copy(path, src)
    library = Library.open(tmp_path / "data" / "library.sqlite3")
    library.set_setting("align.automatic", False)
    import_paths(library, [src])

    def make() -> MainWindow:
        w = MainWindow(library)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    made: list[MainWindow] = []
    yield make
    for w in made:
        w.shutdown()
    library.close()


def visible_texts(w: QWidget) -> set[str]:
    """Texts of the window's menus, actions, buttons, labels, fields, tabs, combo boxes, tooltips and headers."""
    texts = {m.title() for m in w.findChildren(QMenu)}
    for action in w.findChildren(QAction):
        texts |= {action.text(), action.toolTip()}
    for widget in w.findChildren(QWidget):
        texts |= {widget.toolTip(), widget.accessibleName(), widget.windowTitle()}
        if isinstance(widget, (QAbstractButton, QLabel)):
            texts.add(widget.text())
        if isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            texts |= {widget.tabText(i) for i in range(widget.count())}
        if isinstance(widget, QComboBox):
            texts |= {widget.itemText(i) for i in range(widget.count())}
    texts |= {w.model.headerData(i, Qt.Orientation.Horizontal) for i in range(w.model.columnCount())}
    return texts - {""}


def test_main_window_in_norwegian(language, window):
    language("nb")
    w = window()
    assert w.open_case("C0557")
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[0] == "&Fil" and "&Hjelp" in titles
    english = {s for _, s, t in MESSAGES if s != t}
    texts = visible_texts(w)
    assert "Spill av / pause" in texts
    assert sorted(texts & english) == []


def test_main_window_in_english(language, window):
    language("en")
    w = window()
    assert w.open_case("C0557")
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[0] == "&File" and "&Help" in titles
    assert "Play / pause" in visible_texts(w)


def test_numbers_follow_the_chosen_language(language):
    from lornplayer.ui.playerbar import _speed_text

    language("nb")
    assert _speed_text(1.25) == "1,25×"
    language("en")
    assert _speed_text(1.25) == "1.25×"
