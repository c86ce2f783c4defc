"""The app's side of data safety: opening the library with the user's say on recovery, and refused writes.

* A missing or empty library next to an earlier copy: the user chooses Recover, Start an empty
  library, or Quit (:func:`open_library`).
* Damage met while the window is built: the library is checked and repaired, then the window retried
  (:func:`open_library` with ``check=True`` from ``app.run``).
* A write the library refuses (full disk, read-only folder): :class:`WriteRefused` is shown once in a
  message box and afterwards in the status bar; reading goes on (:func:`install_refusal_handler`).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from lornplayer.store import Library, StoreError
from lornplayer.ui.plaintext import message


def _tr(text: str) -> str:
    return QCoreApplication.translate("Safety", text)


def open_library(parent=None, check: bool | None = None) -> Library | None:
    """The library, or None when it cannot be opened (the user has been told why) or the user quit."""
    from lornplayer.recovery import RecoveryAvailable

    try:
        return Library.open(check=check)
    except RecoveryAvailable as exc:
        return _offer_recovery(parent, exc)
    except StoreError as exc:
        message(
            parent,
            _tr("lornplayer"),
            _tr("The library could not be opened:\n{0}").format(exc),
            QMessageBox.Icon.Critical,
        )
        return None


def _offer_recovery(parent, exc) -> Library | None:
    from lornplayer.salvage import restore

    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Recover the library?"),
        _tr(
            "The library {0} is missing or empty, but an earlier copy lies beside it:\n{1}\n\n"
            "Recover your library (notes, answers, progress) from it?"
        ).format(exc.path, exc.candidates[0]),
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    recover = box.addButton(_tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
    empty = box.addButton(_tr("Start an empty library"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(recover)
    box.exec()
    try:
        if box.clickedButton() is recover:
            report = restore(exc.path)
            library = Library.open(exc.path)
            library.messages.insert(0, report.summary())
            return library
        if box.clickedButton() is empty:
            return Library.open(exc.path, start_empty=True)
    except (StoreError, OSError) as error:
        message(
            parent,
            _tr("lornplayer"),
            _tr("The library could not be opened:\n{0}").format(error),
            QMessageBox.Icon.Critical,
        )
    return None


class _Refusals(QObject):
    """Carries refusals from any thread to the GUI thread."""

    refused = Signal(object)


def install_refusal_handler(window, told: bool = False) -> None:
    """Show a refused write once (then in the status bar), instead of a traceback per autosave.

    Refusals arrive as exceptions in slots (``sys.excepthook``) and, for the preferences and listening
    position the library keeps for the session, through its ``on_refused``.  ``told``: the user already
    knows (the library opened read-only and said so)."""
    from lornplayer.recovery import WriteRefused

    previous = sys.excepthook
    shown = {"done": told}

    def show(value) -> None:
        try:
            window.statusBar().showMessage(_tr("Not saved: {0}").format(value), 15000)
        except RuntimeError:  # the window is gone
            return
        if not shown["done"]:
            shown["done"] = True
            message(window, _tr("Changes cannot be saved"), str(value))

    damage = {"shown": False}

    def hook(kind, value, tb):
        if isinstance(value, WriteRefused):
            show(value)
        elif isinstance(value, StoreError):  # damage met while running: the message says what to do
            logging.getLogger(__name__).warning("%s", value)
            if not damage["shown"]:
                damage["shown"] = True
                message(window, _tr("The library has a problem"), str(value))
        else:
            previous(kind, value, tb)

    sys.excepthook = hook
    bridge = _Refusals(window)
    bridge.refused.connect(show)
    library = getattr(window, "library", None)
    if library is not None and hasattr(library, "on_refused"):
        library.on_refused = bridge.refused.emit
