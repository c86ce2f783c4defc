"""PDF output through Qt's PDF writer (QTextDocument + QPdfWriter).

Qt is imported lazily, so importing this module costs nothing.  Works headless: the Qt
application comes from :func:`lornplayer.qt.application.ensure_app` (an offscreen one when
there is none yet).  Laying out text needs fonts, which a bare ``QCoreApplication`` made by
someone else cannot provide; the PDF is then written by a short-lived child process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from lornplayer.qt.application import can_paint


def _print(fill: Any, path: Path, title: str | None) -> None:
    """Lay out a QTextDocument filled by ``fill(doc)`` on A4 pages and write it to *path*.

    QTextDocument.print() adds 2 cm margins and page numbers itself."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setCreator("lornplayer")
    if title:
        writer.setTitle(title)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setDefaultFont(QFont(["DejaVu Serif", "Georgia", "Serif"], 11))
    fill(doc)
    doc.print_(writer)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write PDF {path}")


def html_to_pdf(html: str, path: Path, title: str | None = None) -> None:
    """Write an HTML document (e.g. :func:`lornplayer.export.transcript_html`) as an A4 PDF."""
    _write("html", html, path, title)


def markdown_to_pdf(md: str, path: Path, title: str | None = None) -> None:
    """Write Markdown (GitHub dialect, e.g. the notes exports) as an A4 PDF."""
    _write("markdown", md, path, title)


def _write(kind: str, text: str, path: Path, title: str | None) -> None:
    if not can_paint():
        _write_in_child(kind, text, Path(path), title)
    elif kind == "html":
        _print(lambda doc: doc.setHtml(text), path, title)
    else:

        def fill(doc: Any) -> None:
            doc.setMarkdown(text)
            _space_blocks(doc)

        _print(fill, path, title)


def _write_in_child(kind: str, text: str, path: Path, title: str | None) -> None:
    """Write the PDF from a fresh process (which gets an offscreen application of its own)."""
    cmd = [sys.executable, "-m", "lornplayer.qt.pdf", kind, str(path.resolve())] + ([title] if title else [])
    run = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=300, env=_child_env())
    if run.returncode != 0 or not path.is_file():
        detail = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise OSError(f"could not write PDF {path}: {detail[0]}")


def _child_env() -> dict[str, str]:
    import os

    import lornplayer

    env = dict(os.environ)
    package_root = str(Path(lornplayer.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env.pop("QT_QPA_PLATFORM", None)  # the child is headless whatever the parent shows on
    return env


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


if __name__ == "__main__":  # python -m lornplayer.qt.pdf html|markdown OUTPUT [TITLE] < text
    _kind, _out, *_title = sys.argv[1:]
    (html_to_pdf if _kind == "html" else markdown_to_pdf)(
        sys.stdin.buffer.read().decode("utf-8"), Path(_out), _title[0] if _title else None
    )
