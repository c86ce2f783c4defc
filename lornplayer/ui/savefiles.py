"""Saving files the way users expect: the dialog opens in the folder used last, the file type chosen in
the dialog decides the format (and the extension when none is typed), files are named after the case,
and every save says where it went, with a button to open that folder."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPushButton, QWidget

LAST_FOLDER_SETTING = "ui.last_save_folder"
NOTICE_MS = 15000


def _tr(text: str) -> str:
    return QCoreApplication.translate("SaveFiles", text)


def case_file_name(case, suffix: str = "") -> str:
    """``C0557 Hvordan skape innovative byer`` (+ *suffix*), safe on every file system."""
    title = (getattr(case, "title", None) or "").strip()
    name = f"{case.id} {title}".strip() if title else case.id
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")[:120]
    return f"{name}{suffix}"


def last_folder(library) -> Path:
    folder = None
    if library is not None:
        try:
            folder = library.get_setting(LAST_FOLDER_SETTING)
        except Exception:
            folder = None
    if folder and Path(folder).is_dir():
        return Path(folder)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(library, path: Path) -> None:
    if library is not None:
        try:
            library.set_setting(LAST_FOLDER_SETTING, str(Path(path).parent))
        except Exception:
            pass


def ask_save_path(
    parent: QWidget, library, title: str, file_name: str, filters: list[tuple[str, str]]
) -> tuple[Path, str] | None:
    """Ask where to save; *filters* are ``(format, "Label (*.ext)")`` with format == extension.

    Returns the path and the format: the typed extension when it is one of the formats, else the
    chosen file type's (added to the name).  None when cancelled.
    """
    start = last_folder(library) / f"{file_name}.{filters[0][0]}"
    chosen_path, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, str(start), ";;".join(label for _fmt, label in filters)
    )
    if not chosen_path:
        return None
    path = Path(chosen_path)
    formats = [fmt for fmt, _label in filters]
    typed = path.suffix.lower().lstrip(".")
    if typed in formats:
        fmt = typed
    else:
        fmt = next((f for f, label in filters if label == chosen_filter), formats[0])
        path = path.with_name(path.name + "." + fmt)
    remember_folder(library, path)
    return path, fmt


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


class SavedNotice(QWidget):
    """ "Saved /path/file.pdf  [Open folder]" in the status bar for a while."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("savedNotice")
        self.label = QLabel()
        self.button = QPushButton(_tr("Open folder"))
        self.button.setToolTip(_tr("Show the saved file's folder in the file manager"))
        self.button.setAccessibleName(_tr("Open folder"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        self.path: Path | None = None
        self.button.clicked.connect(lambda: self.path is not None and open_folder(self.path))
        self._timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_saved(self, path: Path) -> None:
        self.path = Path(path)
        self.label.setText(_tr("Saved {0}").format(self.path))
        self.show()
        self._timer.start()


def notify_saved(widget: QWidget, path: Path) -> None:
    """Tell the user where a file was saved (the window's status bar, or a message box without one)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        notice = window.findChild(SavedNotice, "savedNotice")
        if notice is None:
            notice = SavedNotice(window.statusBar())
            window.statusBar().addWidget(notice)
        window.statusBar().clearMessage()  # no stale message beside the new one
        notice.show_saved(path)
        return
    box = QMessageBox(
        QMessageBox.Icon.Information, _tr("Saved"), _tr("Saved {0}").format(path), QMessageBox.StandardButton.Ok, widget
    )
    folder = box.addButton(_tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
    folder.clicked.connect(lambda: open_folder(Path(path)))
    box.open()
