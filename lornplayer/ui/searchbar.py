"""The global search field (Ctrl+K) in the toolbar, switching the left side between the library
and the search results; and the filter that lets focused controls keep their own keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QWidget,
)

if TYPE_CHECKING:
    from lornplayer.ui.search_panel import SearchPanel

# Lists and tables use typed letters to jump to a row (keyboard search): there the window's one-letter
# shortcuts (N, M, S, T) must not fire.  A view that wants them (the transcript) sets this property.
ONE_KEY_SHORTCUTS = "oneKeyShortcuts"


class SearchBar(QObject):
    """The search field; ``left_stack`` shows page 0 (the library) or ``panel`` (the results)."""

    def __init__(self, window: QMainWindow, left_stack: QStackedWidget, panel: SearchPanel, home: QWidget):
        super().__init__(window)
        self.left_stack, self.panel, self.home = left_stack, panel, home
        self.field = QLineEdit()
        self.field.setObjectName("globalSearch")
        self.field.setPlaceholderText(self.tr("Search everything said and written (Ctrl+K)"))
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName(self.tr("Search everything"))
        self.field.setMinimumWidth(360)
        bar = QToolBar(self.tr("Search"))
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        bar.addWidget(self.field)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.field.returnPressed.connect(self.run)
        self.field.textChanged.connect(self._typed)
        self.field.installEventFilter(self)
        panel.closed.connect(self.close)

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def run(self) -> None:
        query = self.field.text().strip()
        if query:
            self.left_stack.setCurrentWidget(self.panel)
            self.panel.search(query)

    def _typed(self, text: str) -> None:
        """As-you-type search (debounced by the panel); an empty field goes back to the library."""
        if text.strip():
            self.left_stack.setCurrentWidget(self.panel)
            self.panel.search_soon(text)
        else:
            self.panel.search_soon("")
            self.close()

    def close(self) -> None:
        self.left_stack.setCurrentIndex(0)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        """In the search field, Esc goes back to the library and Down moves into the results."""
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.field.clear()
                self.close()
                self.home.setFocus()
                return True
            panel = self.panel
            if event.key() == Qt.Key.Key_Down and self.left_stack.currentWidget() is panel:
                self.panel.tree.setFocus()
                return True
        return super().eventFilter(obj, event)


class OwnKeys(QObject):
    """Focused buttons, sliders and trees keep Space/arrows, although they are one-key shortcuts of
    the window.  Installed on every widget that gets the focus, until :meth:`stop`."""

    OWN_KEYS = (
        ((QAbstractButton, QComboBox), {Qt.Key.Key_Space}),
        ((QAbstractSlider,), {Qt.Key.Key_Left, Qt.Key.Key_Right}),
        ((QTreeView,), {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space}),
    )

    def __init__(self, parent: QObject):
        super().__init__(parent)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._app: QApplication = app
        self._app.focusChanged.connect(self._on_focus_changed)

    def stop(self) -> None:
        self._app.focusChanged.disconnect(self._on_focus_changed)

    def _on_focus_changed(self, _old, new) -> None:
        if new is not None and (
            any(isinstance(new, kinds) for kinds, _keys in self.OWN_KEYS) or isinstance(new, QAbstractItemView)
        ):
            new.removeEventFilter(self)
            new.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ShortcutOverride:
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier)
            for kinds, keys in self.OWN_KEYS:
                if isinstance(obj, kinds) and event.key() in keys and not event.modifiers():
                    event.accept()
                    return True
            if (
                isinstance(obj, QAbstractItemView)
                and plain
                and event.text().isprintable()
                and event.text().strip()
                and not obj.property(ONE_KEY_SHORTCUTS)
            ):
                event.accept()  # the letter goes to the list's keyboard search, not to a shortcut
                return True
        return False
