"""The Up next queue and quote-note ranges, kept in the library database (Qt-free).

The queue is an ordered list of case ids (table ``queue``); a case is in it at most once.  "Play
next" puts a case first, "play last" at the end; playing a case from the queue removes it.  Whether
the next case starts by itself when one ends is the setting ``queue.auto_advance`` (on by default).
Note ranges (table ``note_ranges``) give a note made from a quote the end of the time range it
covers; the note's own ``position`` is the start.
"""

from __future__ import annotations

from lornplayer.store import Library

AUTO_ADVANCE_SETTING = "queue.auto_advance"


class UpNext:
    def __init__(self, library: Library):
        self.library = library

    def items(self) -> list[str]:
        return [r[0] for r in self.library._query("SELECT case_id FROM queue ORDER BY position")]

    def __contains__(self, case_id: str) -> bool:
        return case_id in self.items()

    def __len__(self) -> int:
        return len(self.items())

    def set_order(self, case_ids: list[str]) -> None:
        """Replace the queue with ``case_ids`` (duplicates dropped, first kept)."""
        seen = list(dict.fromkeys(case_ids))
        with self.library._tx() as db:
            db.execute("DELETE FROM queue")
            db.executemany("INSERT INTO queue (case_id, position) VALUES (?, ?)", [(c, i) for i, c in enumerate(seen)])

    def add(self, case_id: str, next_: bool = False) -> None:
        """Queue ``case_id`` to play next (``next_``) or last; a case already queued moves there."""
        items = [c for c in self.items() if c != case_id]
        self.set_order([case_id, *items] if next_ else [*items, case_id])

    def remove(self, case_id: str) -> None:
        self.set_order([c for c in self.items() if c != case_id])

    def move(self, case_id: str, index: int) -> None:
        items = [c for c in self.items() if c != case_id]
        if len(items) == len(self.items()):
            return
        index = max(0, min(len(items), index))
        self.set_order(items[:index] + [case_id] + items[index:])

    def clear(self) -> None:
        self.set_order([])

    def pop_next(self, skip: set[str] | frozenset[str] = frozenset()) -> str | None:
        """The first queued case not in ``skip`` (e.g. the one playing), taken off the queue."""
        for case_id in self.items():
            if case_id not in skip:
                self.remove(case_id)
                return case_id
        return None

    def auto_advance(self) -> bool:
        return bool(self.library.get_setting(AUTO_ADVANCE_SETTING, True))

    def set_auto_advance(self, on: bool) -> None:
        self.library.set_setting(AUTO_ADVANCE_SETTING, bool(on))


# -- note ranges ------------------------------------------------------------------


def set_note_end(library: Library, note_id: int, end: float | None) -> None:
    with library._tx() as db:
        if end is None:
            db.execute("DELETE FROM note_ranges WHERE note_id=?", (note_id,))
        else:
            db.execute("INSERT OR REPLACE INTO note_ranges VALUES (?, ?)", (note_id, float(end)))


def note_ends(library: Library, note_ids: list[int] | None = None) -> dict[int, float]:
    """End of the time range of each note that has one."""
    rows = library._query("SELECT note_id, end_position FROM note_ranges")
    wanted = None if note_ids is None else set(note_ids)
    return {r[0]: r[1] for r in rows if wanted is None or r[0] in wanted}


def ranged_note_at(library: Library, case_id: str, seconds: float) -> tuple[float, float] | None:
    """The (start, end) of a ranged note of the case starting at ``seconds`` (what a click on it seeks to)."""
    ends = note_ends(library)
    for note in library.notes(case_id, kind="note"):
        if note.id in ends and note.position is not None and abs(note.position - seconds) < 0.01:
            return note.position, ends[note.id]
    return None
