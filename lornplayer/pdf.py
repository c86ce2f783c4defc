"""Moved to :mod:`lornplayer.qt.pdf` (Qt adapters live in ``lornplayer/qt/``); kept so old imports work."""

from lornplayer.qt.pdf import html_to_pdf, markdown_to_pdf

__all__ = ["html_to_pdf", "markdown_to_pdf"]
