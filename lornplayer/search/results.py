"""What a search returns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class Hit:
    """One matching passage: a transcript turn, a case field or a note.

    ``snippet`` is one line of plain text around the match; ``spans`` are the
    (start, end) character ranges of the matched words inside it.
    """

    case_id: str
    kind: str  # "turn" | "case" | "note"
    turn_index: int | None  # turn hits, and notes attached to a turn
    speaker: str | None  # turn hits
    note_id: int | None  # note hits
    field: str | None  # case hits: which field ("title", "summary", ...); note hits: the note kind
    snippet: str
    spans: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    score: float = 0.0
    position: float | None = None  # note hits: seconds into the audio


@dataclass
class SearchResult:
    hits: list[Hit]  # best first, at most ``limit``
    total: int  # matching cases and notes (estimated for very broad queries)
    message: str | None = None  # why the query was adjusted, or why nothing could be searched
    failed: bool = False  # the index failed: run ensure() (in the background) to verify/rebuild it
