"""Background work on Qt's thread pool, with results handed back to the GUI thread.

``task = Task(name)``; connect its signals; then ``task.start(fn)`` runs
``fn(report)`` on ``QThreadPool.globalInstance()`` (connect first, so a quick
task's result is never lost).  ``report(done, total, text)`` emits progress.
``progress``, ``finished(result)`` and ``failed(message)`` are queued to the GUI
thread.  Work should poll ``task.cancelled`` and stop early when it is set.
Long work (import, indexing, alignment) never blocks the window.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Task(QObject):
    progress = Signal(int, int, str)  # done, total, text
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.cancelled = False
        self.running = False

    def cancel(self) -> None:
        self.cancelled = True

    def start(self, fn: Callable[[Callable[..., None]], Any]) -> "Task":
        """Run ``fn(report)`` on the global thread pool."""
        self.running = True
        _live.add(self)
        # Forget the task only once its result has been delivered (after the caller's slots).
        self.finished.connect(lambda _r: _live.discard(self))
        self.failed.connect(lambda _m: _live.discard(self))
        QThreadPool.globalInstance().start(_Runnable(self, fn))
        return self


# Heavy modules the background work imports.  They are imported once, by one thread at a time:
# two threads importing numpy at the same moment can see a half-initialised module.
_WARM_IMPORTS = ("numpy", "lornplayer.search")
_warm_lock = threading.Lock()
_warm = False


def _warm_up() -> None:
    global _warm
    if _warm:
        return
    with _warm_lock:
        if not _warm:
            for name in _WARM_IMPORTS:
                importlib.import_module(name)
            _warm = True


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any]):
        super().__init__()
        self.setAutoDelete(True)
        self._task, self._fn = task, fn

    def run(self) -> None:  # runs on a pool thread
        task = self._task
        try:
            _warm_up()
            result = self._fn(lambda done, total, text="": task.progress.emit(int(done), int(total), str(text)))
        except Exception as exc:  # reported to the GUI thread, never lost
            if not task.cancelled:
                log.exception("background task %r failed", task.name)
            task.running = False
            task.failed.emit(str(exc) or exc.__class__.__name__)
        else:
            task.running = False
            task.finished.emit(result)


_live: set[Task] = set()  # keeps running tasks alive until they report


def run_in_background(
    name: str,
    fn: Callable[[Callable[..., None]], Any],
    *,
    finished: Callable[[Any], None] | None = None,
    failed: Callable[[str], None] | None = None,
) -> Task:
    """Create a task, connect ``finished``/``failed``, then start ``fn(report)``."""
    task = Task(name)
    if finished is not None:
        task.finished.connect(finished)
    if failed is not None:
        task.failed.connect(failed)
    return task.start(fn)


def running_tasks() -> list[Task]:
    return [t for t in list(_live) if t.running]


def wait_for_all(msecs: int = 30000) -> bool:
    """Wait for background work to finish (at exit and in tests); False if some is still running."""
    return QThreadPool.globalInstance().waitForDone(msecs)
