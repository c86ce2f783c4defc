"""Sentences in the transcript pane: which one is under a point, and how they are drawn.

Helpers for :class:`lornplayer.ui.transcript.TranscriptView` (kept here so the
view stays small): the sentence being spoken gets a calm background inside the
current turn (in presentation mode the rest of the turn is dimmed as well),
and where the timing came from an alignment, sentences whose time had to be
interpolated get a faint dotted underline (the view's tooltip says why).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QTextCharFormat, QTextLayout

from lornplayer.timing import SentenceSpan


def sentence_index(spans: Sequence[SentenceSpan], seconds: float) -> int:
    """Index of the sentence playing at ``seconds`` among a turn's ``spans`` (-1 without spans)."""
    if not spans:
        return -1
    return max(0, bisect.bisect_right([s.start for s in spans], seconds) - 1)


def char_at(layout: QTextLayout, point: QPointF) -> int | None:
    """Character offset of ``layout`` under ``point`` (relative to the layout's origin), or None."""
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if line.y() <= point.y() < line.y() + line.height() + 1:
            if point.x() > line.naturalTextWidth() + 2:
                return None
            return line.xToCursor(point.x())
    return None


def span_at(spans: Sequence[SentenceSpan], offset: int) -> SentenceSpan | None:
    for span in spans:
        if offset < span.last:
            return span
    return spans[-1] if spans else None


def is_uncertain(span: SentenceSpan, aligned_source: bool) -> bool:
    """An aligned transcript's sentence whose time was interpolated."""
    return aligned_source and not span.aligned and span.index > 0


def sentence_ranges(
    spans: Sequence[SentenceSpan],
    current: int,
    *,
    accent: QColor,
    dim: QColor | None,
    aligned_source: bool,
    subtle: QColor,
) -> list[QTextLayout.FormatRange]:
    """Format ranges for one turn: the current sentence's background (``current`` >= 0 only in the
    turn being played), ``dim`` text for its other sentences (presentation), uncertain markers."""
    ranges = []

    def add(span: SentenceSpan, fmt: QTextCharFormat) -> None:
        r = QTextLayout.FormatRange()
        r.start, r.length, r.format = span.first, span.last - span.first, fmt
        ranges.append(r)

    for i, span in enumerate(spans):
        fmt = QTextCharFormat()
        used = False
        if i == current and len(spans) > 1:
            back = QColor(accent)
            back.setAlphaF(0.2)
            fmt.setBackground(back)
            used = True
        elif current >= 0 and dim is not None and len(spans) > 1:
            fmt.setForeground(dim)
            used = True
        if is_uncertain(span, aligned_source):
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(subtle)
            used = True
        if used:
            add(span, fmt)
    return ranges
