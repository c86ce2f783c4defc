"""Starting the desktop app: QApplication, translations, the library, the main window."""

from __future__ import annotations

import logging
import os
import sys

from lornplayer import APP_NAME, __version__, heap, log, paths

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


CLOSING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")  # Ctrl+C, `kill`/logout, the terminal going away


def _close_on_interrupt(window) -> None:
    """Ctrl+C, SIGTERM and SIGHUP close the window properly (saving everything) instead of killing the app."""
    import signal

    from PySide6.QtCore import QTimer

    for name in CLOSING_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: window.close())
    # Qt's event loop runs in C++; a periodic no-op lets Python notice the signal.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(300)


def run(case_id: str | None = None, argv: list[str] | None = None) -> int:
    """Start the desktop app and run it until its window closes; the exit status."""
    heap.hold()  # importing the window's modules makes ~100,000 objects and no garbage (heap.py)
    try:
        return _run(case_id, argv)
    finally:
        heap.resume()  # also when the start gave up before the window (settled by then otherwise)


def _run(case_id: str | None, argv: list[str] | None) -> int:
    from PySide6.QtGui import QIcon

    from lornplayer.qt.application import ensure_app
    from lornplayer.store import StoreError
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

    from lornplayer.ui.safety import install_refusal_handler, open_library

    library = open_library()  # names I/O trouble, offers recovery of a missing library (ui/safety.py)
    if library is None:
        return 1

    from lornplayer.core import AppCore
    from lornplayer.ui.mainwindow import MainWindow

    heap.settle()  # the modules, the QApplication, the library: they live as long as the app
    try:
        window = MainWindow(library, core=AppCore(library, interactive=True))
    except StoreError:  # damage met while reading the library: check and repair it, then try once more
        library.close()
        library = open_library(check=True)
        if library is None:
            return 1
        try:
            window = MainWindow(library, core=AppCore(library, interactive=True))
        except StoreError as exc:
            from lornplayer.ui.plaintext import message

            message(None, app.translate("App", "lornplayer"), str(exc))
            library.close()
            return 1
    CrashDialogs(window)  # uncaught errors: logged, and a short message naming the log file
    install_refusal_handler(window, told=library.read_only is not None)  # refused writes: one clear message
    window.show()
    window.started.connect(heap.settle)  # the window, the library list and the resumed case
    window.start(case_id)
    from lornplayer.ui.plaintext import message as show_message

    for text in library.messages:
        _log.warning("%s", text)
        show_message(window, app.translate("App", "Library"), text)
    _close_on_interrupt(window)
    rc = 1
    try:
        rc = app.exec()
    finally:
        try:
            stopped = window.shutdown()
        except StoreError as exc:  # the last saves were refused (disk full, read-only): the user was told
            _log.warning("%s", exc)
            stopped = getattr(window, "_all_stopped", False)
        if not stopped:
            # Everything is saved; background work (e.g. a long index rebuild, which swaps its
            # result in atomically) did not stop in time and must not run into a closed library.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc)
        window.deleteLater()
        del window
        library.close()
    return rc
