"""Logging: one rotating log file per user, short warnings on the terminal, and a hook for uncaught errors.

Every module logs through ``logging.getLogger(__name__)`` (all under the ``lornplayer`` logger).
:func:`setup`, called once by the CLI and by the GUI at start, sends

* everything from INFO up (DEBUG with ``--verbose``) to ``<log dir>/lornplayer.log``, rotated at
  1 MB with three old files kept (the folder is :func:`lornplayer.paths.log_dir`);
* warnings and errors (everything with ``--verbose``) to stderr;

and installs :func:`sys.excepthook` / :func:`threading.excepthook` handlers that log an uncaught
exception with its traceback and then tell the listeners registered with :func:`on_crash` (the GUI
shows a short dialog naming the log file).  The core never needs a display for any of this.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from lornplayer import paths

LOG_NAME = "lornplayer.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
CONSOLE_FORMAT = "lornplayer: %(levelname)s: %(message)s"

CrashListener = Callable[[str, "Path | None"], None]

_state: dict = {"configured": False, "verbose": False, "file": None, "handlers": [], "hooks": None}
_listeners: list[CrashListener] = []
log = logging.getLogger("lornplayer")


def is_verbose() -> bool:
    return bool(_state["verbose"])


def configured() -> bool:
    """Whether :func:`setup` has run in this process."""
    return bool(_state["configured"])


def log_file() -> Path | None:
    """The log file in use (None before :func:`setup`, or when its folder cannot be written)."""
    return _state["file"]


def setup(verbose: bool = False, console: bool = True) -> Path | None:
    """Configure lornplayer's logging (again: handlers from an earlier call are replaced).  Returns the log file."""
    root = logging.getLogger("lornplayer")
    for handler in _state["handlers"]:
        root.removeHandler(handler)
        handler.close()
    _state["handlers"] = []
    _state["verbose"] = verbose
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = True  # pytest's caplog and embedding applications still see our records

    if console:
        stream = _StderrHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter(CONSOLE_FORMAT))
        _add(root, stream)

    path: Path | None = paths.log_dir() / LOG_NAME
    try:
        paths.ensure_private_dir(paths.log_dir())
        handler = logging.handlers.RotatingFileHandler(
            paths.log_dir() / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as exc:
        root.warning("no log file: %s", exc)
        path = None
    else:
        handler.setLevel(logging.DEBUG if verbose else logging.INFO)
        handler.setFormatter(logging.Formatter(FILE_FORMAT))
        _add(root, handler)
    _state["file"] = path
    _state["configured"] = True
    install_excepthooks()
    import platform

    from lornplayer import __version__

    log.debug(
        "lornplayer %s on Python %s (%s); log file %s",
        __version__,
        platform.python_version(),
        platform.platform(),
        path,
    )
    return path


def shutdown() -> None:
    """Undo :func:`setup`: close the handlers and restore the previous exception hooks."""
    root = logging.getLogger("lornplayer")
    for handler in _state["handlers"]:
        root.removeHandler(handler)
        handler.close()
    _state.update(handlers=[], configured=False, verbose=False, file=None)
    root.setLevel(logging.NOTSET)
    uninstall_excepthooks()


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (tests and embedding programs replace it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    root.addHandler(handler)
    _state["handlers"].append(handler)


def on_crash(listener: CrashListener) -> Callable[[], None]:
    """Call ``listener(summary, log_file)`` after an uncaught exception is logged; returns an unsubscribe function.

    Listeners may be called from any thread."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def install_excepthooks() -> None:
    """Log uncaught exceptions (main thread and other threads) and tell the crash listeners."""
    if _state["hooks"] is not None and sys.excepthook is _excepthook:
        return
    _state["hooks"] = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall_excepthooks() -> None:
    if _state["hooks"] is not None:
        sys.excepthook, threading.excepthook = _state["hooks"]
        _state["hooks"] = None


def report_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Log an exception nobody handled and tell the crash listeners (what the hooks do)."""
    log.critical("uncaught exception%s", f" in {where}" if where else "", exc_info=(exc_type, exc, tb))
    summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
    for listener in list(_listeners):
        try:
            listener(summary, log_file())
        except Exception:  # a broken listener must not hide the original error
            log.exception("crash listener failed")


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_exception(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    report_exception(
        args.exc_type,
        args.exc_value or args.exc_type(),
        args.exc_traceback,
        where=f"thread {args.thread.name}" if args.thread else "a thread",
    )
