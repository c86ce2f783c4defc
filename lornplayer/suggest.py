"""The next case ("Din neste LØRNing"), offline and Qt-free.

Candidates come from the case's related cases, the same theme, the same perspective, and text
similarity over the search index (:mod:`lornplayer.similar`); each source adds to a score, and
finished cases (and the case itself) are left out.  ``reasons`` says why each case is suggested
(codes the UI translates: "related", "theme", "perspective", "text").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lornplayer.progress import is_finished
from lornplayer.store import CaseRow, Library

WEIGHTS = {"related": 3.0, "theme": 2.0, "perspective": 1.0, "text": 2.0}


@dataclass
class Suggestion:
    case_id: str
    title: str | None
    guests: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _finished(row: CaseRow) -> bool:
    manual = None if row.finished_manual is None else bool(row.finished_manual)
    return is_finished(row.listened_fraction, manual)


def suggestions(
    library: Library, case_id: str, index=None, limit: int = 8, rows: list[CaseRow] | None = None
) -> list[Suggestion]:
    """Up to ``limit`` cases to hear after ``case_id``, best first (see the module doc)."""
    case = library.get_case(case_id)
    if case is None:
        return []
    rows = rows if rows is not None else library.list_rows()
    by_id = {r.id: r for r in rows}
    found: dict[str, Suggestion] = {}

    def add(other: str, reason: str, weight: float) -> None:
        row = by_id.get(other)
        if row is None or other == case.id or _finished(row):
            return
        s = found.setdefault(other, Suggestion(other, row.title, row.guests))
        if reason not in s.reasons:
            s.reasons.append(reason)
        s.score += weight

    for rel in case.related:
        add(rel.id.upper(), "related", WEIGHTS["related"])
    for row in rows:
        if case.theme and row.theme and row.theme.casefold() == case.theme.casefold():
            add(row.id, "theme", WEIGHTS["theme"])
        if case.perspective and row.perspective and row.perspective.casefold() == case.perspective.casefold():
            add(row.id, "perspective", WEIGHTS["perspective"])
    if index is not None:
        from lornplayer.similar import similar_cases

        similar = similar_cases(index, case_id, top=limit * 2)
        best = similar[0][1] if similar else 0.0
        for other, score in similar:
            add(other, "text", WEIGHTS["text"] * (score / best if best else 0.0))
    return sorted(found.values(), key=lambda s: (-s.score, s.case_id))[:limit]
