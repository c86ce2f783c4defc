"""The one owner of the process's Qt application object.

Qt allows one application object per process, and its class decides what works: a
``QCoreApplication`` can decode audio but cannot lay out text (no fonts), a
``QGuiApplication`` cannot host widgets, and neither can be replaced once made.  So
everything in lornplayer that needs Qt — decoding, PDF writing, the GUI — gets the
application from :func:`ensure_app`, which always creates a full ``QApplication``
(widgets included).  Whichever runs first, the others can then use it: a command-line
export followed by decoding, a test that decodes before another one opens a window.

Headless work (``gui=False``) uses the ``offscreen`` platform unless
``QT_QPA_PLATFORM`` says otherwise, so it needs no display.  An application someone
else created is used as it is; :func:`can_paint` tells whether it can draw text.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from lornplayer import APP_NAME, __version__

# Qt categories whose messages are chatter for a user (the FFmpeg version banner, PipeWire probing);
# logging.setup() turns them back on for --verbose.
QUIET_QT_RULES = "qt.multimedia.ffmpeg.info=false\nqt.multimedia.symbolsresolver.warning=false"

_created: list[Any] = []  # the application we made, kept alive for the process


def prepare_environment(verbose: bool | None = None) -> None:
    """Environment Qt reads when the application is created (:func:`ensure_app` calls it).

    ``verbose`` defaults to what :func:`lornplayer.log.setup` chose."""
    if verbose is None:
        from lornplayer import log

        verbose = log.is_verbose()
    os.environ.setdefault("QT_MEDIA_BACKEND", "ffmpeg")
    # Qt's raster engine hands every fill of more than ~64 spans (a row's background, a list's
    # strip) to a thread pool and waits for it: for the window's small repaints the hand-off costs
    # more than the fill (measured by lornplayer.tools.bench_turn and bench_search_panel).
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    if not verbose and "QT_LOGGING_RULES" not in os.environ:
        os.environ["QT_LOGGING_RULES"] = QUIET_QT_RULES.replace("\n", ";")


def ensure_app(gui: bool = False, argv: list[str] | None = None) -> Any:
    """The process's Qt application, created on first use.

    ``gui=True`` is for showing windows: the platform comes from the environment (a display),
    and an existing application must be a ``QApplication``.  ``gui=False`` is for headless work
    (decoding, PDF writing) and accepts any existing application.
    """
    prepare_environment()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        args = list(argv) if argv is not None else sys.argv[:1] or [APP_NAME]
        if not gui and "QT_QPA_PLATFORM" not in os.environ and "-platform" not in args:
            args += ["-platform", "offscreen"]
        app = QApplication(args)
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
        _created.append(app)
    elif gui and not isinstance(app, QApplication):
        raise RuntimeError(f"this process already runs a {type(app).__name__}, which cannot show windows")
    return app


def can_paint() -> bool:
    """Whether the process's application can lay out and draw text (a QGuiApplication or more)."""
    from PySide6.QtGui import QGuiApplication

    return isinstance(ensure_app(), QGuiApplication)


def created_here() -> bool:
    """Whether :func:`ensure_app` made the application (rather than finding one)."""
    return bool(_created)


def quiet_ffmpeg(verbose: bool | None = None) -> None:
    """Keep FFmpeg's own messages (stream dumps, decoder remarks) out of the terminal.

    FFmpeg writes them to stderr itself, past Qt's logging, once Qt's FFmpeg plugin is loaded
    (by the first QMediaPlayer or QAudioDecoder); call this after creating one.  With
    ``verbose`` (default: what :func:`lornplayer.log.setup` chose) FFmpeg keeps its level.
    """
    if _ffmpeg_quieted:
        return
    if verbose is None:
        from lornplayer import log

        verbose = log.is_verbose()
    if verbose or os.environ.get("QT_FFMPEG_DEBUG"):
        return
    import ctypes

    # FFmpeg is already loaded by Qt's plugin: find it (RTLD_NOLOAD never loads a second copy).
    mode = getattr(os, "RTLD_NOLOAD", 0) | getattr(os, "RTLD_LAZY", 0)
    for name in _loaded_avutil() + [f"libavutil.so.{v}" for v in range(61, 56, -1)]:
        try:
            lib = ctypes.CDLL(name, mode=mode)
        except OSError:
            continue
        lib.av_log_set_level(-8)  # AV_LOG_QUIET
        _ffmpeg_quieted.append(True)
        return


def _loaded_avutil() -> list[str]:
    """Paths of the libavutil this process has loaded (Linux; elsewhere an empty list)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return sorted({line.split(None, 5)[-1].strip() for line in maps if "/libavutil" in line})
    except OSError:
        return []


_ffmpeg_quieted: list[bool] = []
