"""PDF output through Qt's PDF writer (QTextDocument + QPdfWriter).

Qt is imported lazily, so importing this module costs nothing.  Works headless: with
no Qt application yet, an offscreen QGuiApplication is created for the process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_app: Any = None  # the QGuiApplication we created, kept alive for the process


def _ensure_gui_app() -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    global _app
    app = QCoreApplication.instance()
    if app is None:
        _app = QGuiApplication(["lornplayer", "-platform", "offscreen"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError(
            "PDF export needs fonts, which Qt only provides with a QGuiApplication; this process "
            "already runs a QCoreApplication, which cannot be replaced. Create a QGuiApplication "
            "(QT_QPA_PLATFORM=offscreen works without a display) instead of QCoreApplication."
        )


def _print(fill: Any, path: Path, title: str | None) -> None:
    """Lay out a QTextDocument filled by ``fill(doc)`` on A4 pages and write it to *path*.

    QTextDocument.print() adds 2 cm margins and page numbers itself."""
    _ensure_gui_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setCreator("lornplayer")
    if title:
        writer.setTitle(title)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0,0,0,0), QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    doc.setDefaultFont(QFont(["DejaVu Serif", "Georgia", "Serif"], 11))
    fill(doc)
    doc.print_(writer)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write PDF {path}")


def html_to_pdf(html: str, path: Path, title: str | None = None) -> None:
    """Write an HTML document (e.g. :func:`lornplayer.export.transcript_html`) as an A4 PDF."""
    _print(lambda doc: doc.setHtml(html), path, title)


def markdown_to_pdf(md: str, path: Path, title: str | None = None) -> None:
    """Write Markdown (GitHub dialect, e.g. the notes exports) as an A4 PDF."""
    def fill(doc: Any) -> None:
        doc.setMarkdown(md)
        _space_blocks(doc)

    _print(fill, path, title)


def _space_blocks(doc: Any) -> None:
    """Give headings and paragraphs of a Markdown document some air (Qt sets none)."""
    from PySide6.QtGui import QTextCursor

    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.headingLevel():
            fmt.setTopMargin(14 if fmt.headingLevel() <= 2 else 8)
            fmt.setBottomMargin(4)
        elif not block.textList():
            fmt.setBottomMargin(6)
        QTextCursor(block).setBlockFormat(fmt)
        block = block.next()
