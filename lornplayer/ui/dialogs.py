"""The main window's dialogs: import, export, print, intro/outro length, shortcuts, about.

They keep the window's translation context ("MainWindow").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from lornplayer import __version__
from lornplayer.ui import savefiles
from lornplayer.ui.plaintext import message as plain_message


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def export_labels():
    """Headings of exports in the user's language."""
    from lornplayer.export import Labels

    return Labels.translated(QCoreApplication.translate)


class Dialogs(QObject):
    """Dialogs of the MainWindow ``window`` (which has ``core``, ``session``, ``import_paths``)."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window

    # -- import --------------------------------------------------------
    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.w,
            _tr("Import case pages and audio"),
            str(Path.home()),
            _tr("Case pages and audio (*.txt *.html *.htm *.mp3 *.m4a *.ogg *.opus *.flac *.wav);;All files (*)"),
        )
        if files:
            self.w.import_paths(files)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.w, _tr("Import a folder"), str(Path.home()))
        if folder:
            self.w.import_paths([folder])

    def import_report(self, report) -> None:
        """What an import did: a status line, or a message box naming the files that failed."""
        message = _tr("{0} new, {1} updated, {2} unchanged cases; {3} audio files.").format(
            len(report.added), len(report.updated), len(report.unchanged), len(report.audio)
        )
        if report.problems:
            details = "\n".join(str(p) for p in report.problems[:30])
            more = len(report.problems) - 30
            if more > 0:
                details += "\n" + _tr("… and {0} more").format(more)
            plain_message(
                self.w,
                _tr("Import finished with problems"),  # file names: shown as text
                message + "\n\n" + _tr("These files were not imported:") + "\n" + details,
            )
        else:
            self.w.statusBar().showMessage(message, 8000)

    # -- export --------------------------------------------------------
    def _run(self, fn) -> None:
        try:
            out = fn()
        except Exception as exc:  # one clear message, nothing lost
            logging.getLogger(__name__).warning("export failed", exc_info=True)
            plain_message(self.w, _tr("Export"), _tr("Export failed: {0}").format(exc))
            return
        savefiles.notify_saved(self.w, Path(out))

    def _ask(self, title: str, name: str, formats: list[str]):
        labels = {
            "md": _tr("Markdown (*.md)"),
            "pdf": _tr("PDF (*.pdf)"),
            "vtt": _tr("WebVTT (*.vtt)"),
            "srt": _tr("SubRip (*.srt)"),
            "json": _tr("Podcasting 2.0 JSON (*.json)"),
            "html": _tr("HTML (*.html)"),
        }
        return savefiles.ask_save_path(self.w, self.w.library, title, name, [(f, labels[f]) for f in formats])

    def export_notes(self, all_cases: bool) -> None:
        session = self.w.session
        if not all_cases and session is None:
            return
        name = _tr("lornplayer notes") if all_cases else savefiles.case_file_name(session.case, " – " + _tr("notes"))
        chosen = self._ask(_tr("Export notes"), name, ["md", "pdf"])
        if chosen is None:
            return
        path, fmt = chosen
        ids = [] if all_cases else [session.case_id]
        self._run(lambda: (self.w.core.export_notes(ids, fmt, path, labels=export_labels()), path)[1])

    def export_log(self) -> None:
        chosen = self._ask(_tr("Export learning log"), _tr("lornplayer learning log"), ["pdf", "md"])
        if chosen is not None:
            path, fmt = chosen
            self._run(lambda: (self.w.core.export_notes([], fmt, path, log=True, labels=export_labels()), path)[1])

    def export_transcript(self) -> None:
        session = self.w.session
        if session is None:
            return
        chosen = self._ask(
            _tr("Export transcript"),
            savefiles.case_file_name(session.case),
            ["vtt", "srt", "json", "html", "pdf", "md"],
        )
        if chosen is None:
            return
        path, fmt = chosen

        def write():
            self.w.core.export_transcript(
                session.case_id,
                fmt,
                audio=session.audio_path,
                output=path,
                with_times=self.w.times_action.isChecked(),
                labels=export_labels(),
            )
            return path

        self._run(write)

    def print_transcript(self) -> None:
        session = self.w.session
        if session is None:
            return
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from lornplayer.export import transcript_html

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_printer(printer, session.case, savefiles.last_folder(self.w.library))
        dialog = QPrintDialog(printer, self.w)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        chapters = getattr(getattr(self.w, "listening", None), "chapters", None)
        doc.setHtml(
            transcript_html(
                session.case, session.timing, self.w.times_action.isChecked(), labels=export_labels(), chapters=chapters
            )
        )
        doc.print_(printer)
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            savefiles.remember_folder(self.w.library, Path(printer.outputFileName()))
            savefiles.notify_saved(self.w, Path(printer.outputFileName()))

    # -- timing --------------------------------------------------------
    def edit_lead_times(self) -> None:
        """Let the user set the lead-in and lead-out the text-length estimate leaves for jingles."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout

        dialog = QDialog(self.w)
        dialog.setWindowTitle(_tr("Intro and outro length"))
        form = QFormLayout(dialog)
        boxes = []
        for label, value in zip(
            (_tr("Intro (lead-in), seconds:"), _tr("Outro (lead-out), seconds:")), self.w.core.lead_times()
        ):
            box = QDoubleSpinBox()
            box.setRange(0.0, 600.0)
            box.setDecimals(1)
            box.setValue(value)
            form.addRow(label, box)
            boxes.append(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.w.core.set_lead_times(boxes[0].value(), boxes[1].value())
            self.w.retime()

    # -- help ----------------------------------------------------------
    def shortcut_list(self) -> list[tuple[str, str]]:
        rows = []
        for act in self.w.actions():
            if act.shortcuts():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
                rows.append((act.text().replace("&", ""), keys))
        rows += [
            (_tr("Next / previous match in find"), _tr("Enter / Shift+Enter")),
            (_tr("Presentation: next / previous turn"), _tr("PageDown / PageUp, arrow keys")),
            (_tr("Presentation: larger / smaller / normal text"), _tr("Ctrl++ / Ctrl+− / Ctrl+0")),
            (_tr("Presentation: light or dark theme"), _tr("T")),
            (_tr("Leave presentation"), _tr("Esc")),
        ]
        listening = getattr(self.w, "listening", None)
        return rows + (listening.shortcut_rows() if listening is not None else [])

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td style='padding-right:16px'>{t}</td><td><b>{k}</b></td></tr>" for t, k in self.shortcut_list()
        )
        box = QMessageBox(self.w)
        box.setWindowTitle(_tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{rows}</table>")
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self.w,
            _tr("About lornplayer"),
            _tr(
                "<h3>lornplayer {0}</h3><p>An offline podcast player and transcript reader for LØRN cases.</p>"
                "<p>The audio of the bundled demo cases is <b>synthetic narration</b> made with the espeak-ng speech "
                "synthesiser, one voice per speaker; it is not the original LØRN recording.</p>"
                "<p>lornplayer uses the network only when you ask it to (podcast feeds, downloads, importing a page "
                "from the web), and not at all with Work offline on; there is no telemetry. Your library, progress "
                "and notes stay on this computer.</p>"
            ).format(__version__),
        )


def configure_printer(printer, case, folder: Path) -> None:
    """Name the print job after the case, and "print to file" into the last used folder, not ``~/print.pdf``."""
    printer.setDocName(savefiles.case_file_name(case))
    printer.setOutputFileName(str(Path(folder) / savefiles.case_file_name(case, ".pdf")))
