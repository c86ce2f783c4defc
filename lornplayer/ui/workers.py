"""Background work on Qt's thread pool, with results handed back to the GUI thread.

``run_in_background(fn, ...)`` runs ``fn(report)`` on ``QThreadPool.globalInstance()``;
``report(done, total, text)`` emits progress.  The returned :class:`Task` emits
``progress``, ``finished(result)`` and ``failed(message)`` through queued signals, so
slots connected to it run on the GUI thread.  Long work (import, indexing, alignment)
never blocks the window.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Task(QObject):
    progress = Signal(int, int, str)  # done, total, text
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.cancelled = False
        self.running = True

    def cancel(self) -> None:
        self.cancelled = True


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any]):
        super().__init__()
        self.setAutoDelete(True)
        self._task, self._fn = task, fn

    def run(self) -> None:  # runs on a pool thread
        task = self._task
        try:
            result = self._fn(lambda done, total, text="": task.progress.emit(int(done), int(total), str(text)))
        except Exception as exc:  # reported to the GUI thread, never lost
            traceback.print_exc()
            task.running = False
            task.failed.emit(str(exc) or exc.__class__.__name__)
        else:
            task.running = False
            task.finished.emit(result)


_live: set[Task] = set()


def run_in_background(name: str, fn: Callable[[Callable[..., None]], Any]) -> Task:
    """Start ``fn(report)`` on the global thread pool and return its :class:`Task`."""
    task = Task(name)
    _live.add(task)
    task.finished.connect(lambda _r: _live.discard(task))
    task.failed.connect(lambda _m: _live.discard(task))
    QThreadPool.globalInstance().start(_Runnable(task, fn))
    return task


def wait_for_all(msecs: int = 30000) -> bool:
    """Wait for background work to finish (used at exit and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
