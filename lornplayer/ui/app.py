"""Starting the desktop app: QApplication, translations, the library, the main window."""

from __future__ import annotations

import logging
import os
import sys

from lornplayer import APP_NAME, __version__, log, paths

_log = logging.getLogger(__name__)


def install_translations(app) -> None:
    """Load Qt's own and lornplayer's translations (English is the source language, Norwegian Bokmål ships).

    The language follows the system locale; ``LORNPLAYER_LANG`` (``nb``, ``no``, ``nn``, ``en``, or any locale
    name) overrides it.  Any Norwegian gets the Bokmål file.  Calling again replaces the translators installed before.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for old in getattr(app, "_translators", []):
        app.removeTranslator(old)
    app._translators = []  # keep them alive
    override = os.environ.get("LORNPLAYER_LANG", "").strip()
    locale = QLocale(override) if override else QLocale.system()
    norwegian = locale.language() in (QLocale.Language.NorwegianBokmal, QLocale.Language.NorwegianNynorsk)
    if norwegian:
        locale = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)
    if override:
        QLocale.setDefault(locale)  # numbers and dates in the chosen language too ("1,25×")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    # Qt ships no Bokmål; its Nynorsk is the closest, and our file overrides the strings users see most.
    if qt.load(locale, "qtbase", "_", qt_dir) or (norwegian and qt.load("qtbase_nn", qt_dir)):
        app.installTranslator(qt)
        app._translators.append(qt)
    ours = QTranslator(app)
    if ours.load(locale, "lornplayer", "_", str(paths.resources_dir() / "i18n")):
        app.installTranslator(ours)
        app._translators.append(ours)


def _close_on_interrupt(window) -> None:
    """Ctrl+C in the terminal closes the window properly (saving everything) instead of being ignored."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    # Qt's event loop runs in C++; a periodic no-op lets Python notice the signal.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(300)


def run(case_id: str | None = None, argv: list[str] | None = None) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QMessageBox

    from lornplayer.qt.application import ensure_app
    from lornplayer.store import Library, StoreError
    from lornplayer.ui.crash import CrashDialogs

    if not log.configured():  # the CLI has usually set logging up already (with --verbose or not)
        log.setup()
    app = ensure_app(gui=True, argv=argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("lornplayer")
    app.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "icons" / "lornplayer.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_translations(app)

    try:
        library = Library.open()
    except StoreError as exc:
        _log.error("the library could not be opened: %s", exc)
        QMessageBox.critical(None, app.translate("App", "lornplayer"),
                             app.translate("App", "The library could not be opened:\n{0}").format(exc))
        return 1

    from lornplayer.core import AppCore
    from lornplayer.ui.mainwindow import MainWindow

    window = MainWindow(library, core=AppCore(library, interactive=True))
    CrashDialogs(window)  # uncaught errors: logged, and a short message naming the log file
    window.show()
    window.start(case_id)
    for message in library.messages:
        _log.warning("%s", message)
        QMessageBox.warning(window, app.translate("App", "Library"), message)
    _close_on_interrupt(window)
    rc = 1
    try:
        rc = app.exec()
    finally:
        if not window.shutdown():
            # Everything is saved; background work (e.g. a long index rebuild, which swaps its
            # result in atomically) did not stop in time and must not run into a closed library.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc)
        window.deleteLater()
        del window
        library.close()
    return rc
