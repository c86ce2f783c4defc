"""Background work of the main window: a labelled progress bar for running tasks, and the
window's long jobs (indexing, import, alignment) run through the application core.

Add a job: ``window.tasks.run("name", self.tr("Doing it"), work, finished=..., failed=...)``;
``work(report)`` runs on the thread pool, polls ``task.cancelled`` and may raise
:class:`~lornplayer.errors.Cancelled`; the bar shows ``report(done, total)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from lornplayer.ui.workers import Task


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class TaskTracker(QObject):
    """Running tasks and one progress bar in the status bar for them."""

    def __init__(self, status_bar: QStatusBar, parent=None):
        super().__init__(parent)
        self.status_bar = status_bar
        self.tasks: list[Task] = []
        self.labels: dict[int, str] = {}
        # The label says what runs from the first moment (a busy bar shows no text of its own).
        self.label = QLabel()
        self.label.setObjectName("taskLabel")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p%")
        self.bar.setAccessibleName(_tr("Background work"))
        self.cancel_button = QToolButton()
        self.cancel_button.setText(_tr("Cancel"))
        self.cancel_button.setToolTip(_tr("Stop this background work"))
        self.cancel_button.setAccessibleName(_tr("Cancel background work"))
        self.cancel_button.clicked.connect(self.cancel_latest)
        for widget in (self.label, self.bar, self.cancel_button):
            widget.hide()
            status_bar.addPermanentWidget(widget)

    def track(self, task: Task, label: str) -> None:
        self.tasks.append(task)
        self.labels[id(task)] = label
        self.bar.setRange(0, 0)
        self._show_label()
        for widget in (self.label, self.bar, self.cancel_button):
            widget.show()

        def on_progress(done, total, _text):
            if total > 0 and task is self.tasks[-1]:
                self.bar.setRange(0, total)
                self.bar.setValue(done)

        task.progress.connect(on_progress)
        task.finished.connect(lambda _r: self._untrack(task))
        task.failed.connect(lambda _m: self._untrack(task))

    closed = False  # set when the window shuts down: no new background work

    def close(self) -> None:
        """No new background work from now on (the window is closing)."""
        self.closed = True

    def _show_label(self) -> None:
        if not self.tasks:
            return
        text = self.labels.get(id(self.tasks[-1]), "")
        if len(self.tasks) > 1:
            text = _tr("{0} (and {1} more)").format(text, len(self.tasks) - 1)
        self.label.setText(text)
        self.bar.setToolTip(text)

    def cancel_latest(self) -> None:
        if self.tasks:
            self.tasks[-1].cancel()

    def _untrack(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        self.labels.pop(id(task), None)
        if not self.tasks:
            for widget in (self.label, self.bar, self.cancel_button):
                widget.hide()
        else:
            self.bar.setRange(0, 0)
            self._show_label()

    def run(
        self,
        name: str,
        label: str | None,
        work: Callable,
        finished: Callable | None = None,
        failed: Callable[[str], object] | None = None,
    ) -> Task:
        """Start ``work(report)`` in the background; ``label`` None runs it without the bar.
        ``failed`` is not called when the task was cancelled.  Once the window is closing
        (:meth:`close`), no new work starts: the task comes back cancelled and never runs."""
        task = Task(name)
        if self.closed:
            task.cancel()
            return task
        if finished is not None:
            task.finished.connect(finished)
        if failed is not None:
            task.failed.connect(lambda msg: task.cancelled or failed(msg))
        if label is not None:
            self.track(task, label)
        return task.start(lambda report: work(task, report))


class BackgroundWork(QObject):
    """The window's long jobs, through the application core."""

    def __init__(self, core, tracker: TaskTracker, parent=None):
        super().__init__(parent)
        self.core = core
        self.tracker = tracker
        self.align_task: Task | None = None

    def _message(self, text: str, msecs: int = 8000) -> None:
        self.tracker.status_bar.showMessage(text, msecs)

    def index(self, case_ids: list[str] | None = None) -> Task:
        """Build (or repair) the search index, or update it for some cases (then without the bar)."""
        core = self.core

        def work(task, report):
            index = core.index(progress=lambda d, t: report(d, t), cancelled=lambda: task.cancelled)
            if case_ids:
                core.update_index_for(case_ids)
            return index

        return self.tracker.run(
            "index",
            None if case_ids else _tr("Indexing"),
            work,
            failed=lambda msg: self._message(_tr("The search index could not be updated: {0}").format(msg)),
        )

    def update_notes(self, note_ids) -> Task:
        """Index saved notes (and drop deleted ones) without re-indexing their case."""
        note_ids = list(note_ids)
        return self.tracker.run(
            "index-notes",
            None,
            lambda task, report: self.core.update_notes_in_index(note_ids),
            failed=lambda msg: self._message(_tr("The search index could not be updated: {0}").format(msg)),
        )

    def import_paths(self, paths: list[str], finished: Callable, failed: Callable[[str], object]) -> Task:
        core = self.core
        return self.tracker.run(
            "import",
            _tr("Importing"),
            lambda task, report: core.import_paths(paths, progress=report, cancelled=lambda: task.cancelled),
            finished=finished,
            failed=failed,
        )

    def import_seeds(self, finished: Callable, failed: Callable[[str], object]) -> Task:
        return self.tracker.run(
            "seeds",
            _tr("Importing bundled cases"),
            lambda task, report: self.core.import_seeds(),
            finished=finished,
            failed=failed,
        )

    def align(self, case_id: str, force: bool, finished: Callable[[str, str], object]) -> Task | None:
        """Align a case in the background (one at a time); ``finished(case_id, summary)`` on success."""
        if self.align_task is not None:
            return None
        core = self.core

        def work(task, report):
            return core.align_case(
                case_id, progress=lambda f: report(int(f * 100), 100), cancelled=lambda: task.cancelled, force=force
            )

        def done(summary):
            if self.align_task is task:
                self.align_task = None
            finished(case_id, summary)
            self._message(str(summary))

        def failed(msg):
            if self.align_task is task:
                self.align_task = None
            if not task.cancelled:
                self._message(_tr("Alignment failed: {0}").format(msg), 10000)

        task = Task("align")
        self.align_task = task
        task.finished.connect(done)
        task.failed.connect(failed)
        self.tracker.track(task, _tr("Aligning transcript"))
        task.start(lambda report: work(task, report))
        return task

    def cancel_alignment(self) -> None:
        if self.align_task is not None:
            self.align_task.cancel()
            self.align_task = None
