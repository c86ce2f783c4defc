"""Search marks and find-in-transcript for :class:`~lornplayer.ui.transcript.TranscriptView`.

:class:`FindMarks` is mixed into the view: the words of a search hit marked in a turn
(:meth:`FindMarks.set_marks`), the find bar's matches and stepping through them, and the
format ranges (sentence highlight, marks, matches) the delegate paints a turn with.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor, QTextCharFormat, QTextLayout

from lornplayer.ui import sentence_marks
from lornplayer.ui.transcript_parts import _find_spans, _fold, _Folded

if TYPE_CHECKING:
    from lornplayer.ui.transcript_parts import _Colors, _Metrics, _TurnDelegate, _TurnList, _TurnModel


class FindMarks:
    """Marks and find matches of the transcript view (its state lives on the view)."""

    if TYPE_CHECKING:  # set by TranscriptView
        _model: _TurnModel
        _list: _TurnList
        _delegate: _TurnDelegate
        _metrics: _Metrics
        _colors: _Colors
        _folded: dict[int, _Folded]
        _marks: dict[int, list[tuple[int, int]]]
        _hits: list[tuple[int, int, int]]
        _hit: int
        _current: int
        _sentence: int
        _aligned_sentences: bool
        _presentation: bool
        findResultChanged: Any

        def turn_count(self) -> int: ...
        def sentences_of(self, turn: int) -> list: ...
        def _set_following(self, following: bool) -> None: ...
        def _scroll_to(self, row: int, animate: bool, y_in_row: float = 0.0, following: bool = False) -> None: ...

    def _folded_text(self, row: int) -> _Folded:
        folded = self._folded.get(row)
        if folded is None:
            folded = self._folded[row] = _fold(self._model.turns[row].text)
        return folded

    def set_marks(self, turn_index: int | None, terms: list[str]) -> None:
        """Mark words starting with any of *terms* in one turn (or all turns if None)."""
        self._marks = {}
        terms = [t for t in terms if t and t.strip()]
        rows = range(self.turn_count()) if turn_index is None else [turn_index]
        for row in rows:
            if not 0 <= row < self.turn_count():
                continue
            spans = sorted({s for term in terms for s in _find_spans(self._folded_text(row), term.strip(), True)})
            if spans:
                self._marks[row] = spans
        self._list.viewport().update()

    def marks(self) -> dict[int, list[tuple[int, int]]]:
        """Marked spans per turn (from :meth:`set_marks`), as (start, end) character offsets."""
        return {row: list(spans) for row, spans in self._marks.items()}

    def find(self, text: str) -> int:
        """Mark every occurrence of *text* and go to the first one from the current turn; returns the count."""
        text = text.strip()
        self._hits = []
        if text:
            for row in range(self.turn_count()):
                self._hits.extend((row, a, b) for a, b in _find_spans(self._folded_text(row), text, False))
        if not self._hits:
            self._hit = -1
            self._list.viewport().update()
            self.findResultChanged.emit(-1, 0)
            return 0
        first = max(self._current, 0)
        self._hit = next((i for i, hit in enumerate(self._hits) if hit[0] >= first), 0)
        self._show_hit()
        return len(self._hits)

    def find_next(self) -> tuple[int, int] | None:
        """Go to the next match (wrapping); returns (turn, match index) or None."""
        return self._step_hit(1)

    def find_previous(self) -> tuple[int, int] | None:
        """Go to the previous match (wrapping); returns (turn, match index) or None."""
        return self._step_hit(-1)

    def find_count(self) -> int:
        return len(self._hits)

    def clear_find(self) -> None:
        self._hits, self._hit = [], -1
        self._list.viewport().update()
        self.findResultChanged.emit(-1, 0)

    def _step_hit(self, step: int) -> tuple[int, int] | None:
        if not self._hits:
            return None
        self._hit = (self._hit + step) % len(self._hits)
        self._show_hit()
        return self._hits[self._hit][0], self._hit

    def _show_hit(self) -> None:
        row, start, _end = self._hits[self._hit]
        self._set_following(False)
        layout, _h = self._delegate.layout(row)
        line = layout.lineForTextPosition(start)
        m = self._metrics
        y = m.pad_y + m.speaker_h + m.gap + (line.y() if line.isValid() else 0.0)
        self._scroll_to(row, animate=True, y_in_row=max(1.0, y))
        self._list.viewport().update()
        self.findResultChanged.emit(self._hit, len(self._hits))

    def _selections(self, row: int) -> list:
        """Format ranges for the search marks and find matches of *row*."""
        ranges = []

        def add(start: int, end: int, background: QColor) -> None:
            fmt = QTextCharFormat()
            fmt.setBackground(background)
            fmt.setForeground(QColor("#000000"))
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = start, end - start, fmt
            ranges.append(r)

        dim = None
        if self._presentation:
            dim = QColor(self._colors.text)
            dim.setAlphaF(0.55)
        # Sentences are highlighted only where the audio timed them (an alignment), not in a text-length estimate.
        sentence_now = self._sentence if row == self._current and self._aligned_sentences else -1
        ranges += sentence_marks.sentence_ranges(
            self.sentences_of(row),
            sentence_now,
            accent=self._colors.accent,
            dim=dim,
            aligned_source=self._aligned_sentences,
            subtle=self._colors.subtle,
        )
        for start, end in self._marks.get(row, ()):
            add(start, end, self._colors.mark)
        if self._hits:
            current = self._hits[self._hit] if self._hit >= 0 else None
            lo = bisect.bisect_left(self._hits, (row, -1, -1))
            hi = bisect.bisect_left(self._hits, (row + 1, -1, -1))
            for hit in self._hits[lo:hi]:
                add(hit[1], hit[2], self._colors.find_current if hit == current else self._colors.find)
        return ranges
