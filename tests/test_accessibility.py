"""Every control a keyboard or screen-reader user can reach has a name a screen reader can say."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from lornplayer.importer import import_paths
from lornplayer.store import Library


@pytest.fixture
def window(qtbot, tmp_path, case_folder):
    from lornplayer.ui.mainwindow import MainWindow

    lib = Library.open(tmp_path / "data" / "library.sqlite3")
    lib.set_setting("align.automatic", False)
    import_paths(lib, [case_folder("C9001.txt", "C9001.opus", "C0557.txt")])
    w = MainWindow(lib)
    qtbot.addWidget(w)
    w.show()
    w.start()
    qtbot.waitUntil(lambda: w.case is not None, timeout=10000)
    yield w
    w.shutdown()
    lib.close()


def unnamed_focusable(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isEnabled():
            continue
        if widget.focusProxy() is not None:
            continue  # the proxy is the control
        if widget.window() is not root.window() and widget.window().windowFlags() & Qt.WindowType.Popup:
            continue  # a closed combo box's popup list: Qt names it after the combo box when it opens
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not (name or widget.accessibleName()).strip():
            missing.append(
                f"{type(widget).__name__}(objectName={widget.objectName()!r}, "
                f"parent={type(widget.parent()).__name__}/{widget.parent().objectName()}, "
                f"text={getattr(widget, 'text', lambda: '')()!r})"
            )
    return missing


def test_every_focusable_control_of_the_main_window_has_an_accessible_name(window):
    missing = unnamed_focusable(window)
    assert missing == [], "\n".join(missing)


def test_every_focusable_control_of_presentation_mode_has_an_accessible_name(window, qtbot):
    window.toggle_presentation()
    qtbot.waitUntil(lambda: window.presentation is not None and window.presentation.isVisible(), timeout=5000)
    assert unnamed_focusable(window.presentation) == []
