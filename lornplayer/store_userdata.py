"""The user's own data in the library: listening progress, notes and answers, sync anchors.

A mixin of :class:`lornplayer.store.Library` (kept apart to keep the store module small): its
methods use the library's ``_tx()`` (one write transaction) and ``_query()``.  This data is
keyed by case id and never touched by an import.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone

from lornplayer.model import Note


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_NOTE_COLUMNS = "case_id, kind, key, text, position, turn_index, created, updated"


def _note_row(note: Note, created: str | None, updated: str) -> tuple:
    """A note's values in the order of _NOTE_COLUMNS."""
    return (note.case_id, note.kind, note.key, note.text, note.position, note.turn_index, created, updated)


@dataclass
class Progress:
    case_id: str
    position: float = 0.0
    listened_json: str = "[]"
    listened_seconds: float = 0.0
    time_listened: float = 0.0
    duration: float | None = None
    finished_manual: int | None = None
    finished_at: str | None = None
    last_played: str | None = None


class UserData:
    """Progress, notes and anchors of :class:`~lornplayer.store.Library`."""

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Library
        raise NotImplementedError

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:  # provided by Library
        raise NotImplementedError

    # -- progress -----------------------------------------------------------
    def get_progress(self, case_id: str) -> Progress:
        rows = self._query("SELECT * FROM progress WHERE case_id=?", (case_id,))
        if not rows:
            return Progress(case_id)
        r = rows[0]
        return Progress(
            case_id,
            r["position"],
            r["listened_json"],
            r["listened_seconds"],
            r["time_listened"],
            r["duration"],
            r["finished_manual"],
            r["finished_at"],
            r["last_played"],
        )

    def save_progress(self, p: Progress) -> None:
        with self._tx() as db:
            db.execute(
                """INSERT INTO progress (case_id, position, listened_json, listened_seconds, time_listened, duration,
                                         finished_manual, finished_at, last_played, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(case_id) DO UPDATE SET position=excluded.position,
                     listened_json=excluded.listened_json, listened_seconds=excluded.listened_seconds,
                     time_listened=excluded.time_listened, duration=excluded.duration,
                     finished_manual=excluded.finished_manual, finished_at=excluded.finished_at,
                     last_played=excluded.last_played, updated_at=excluded.updated_at""",
                (
                    p.case_id,
                    p.position,
                    p.listened_json,
                    p.listened_seconds,
                    p.time_listened,
                    p.duration,
                    p.finished_manual,
                    p.finished_at,
                    p.last_played,
                    _now(),
                ),
            )

    def total_time_listened(self) -> float:
        return self._query("SELECT coalesce(sum(time_listened), 0) FROM progress")[0][0]

    # -- notes --------------------------------------------------------------
    def add_note(self, note: Note) -> int:
        now = _now()
        with self._tx() as db:
            sql = f"INSERT INTO notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            note.id = db.execute(sql, _note_row(note, note.created or now, now)).lastrowid
            note.created = note.created or now
            note.updated = now
        return note.id  # type: ignore[return-value]  # just set

    def update_note_text(self, note_id: int, text: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE notes SET text=?, updated=? WHERE id=?", (text, _now(), note_id))

    def delete_note(self, note_id: int) -> Note | None:
        """Delete a note and return it (so the UI can undo by adding it again)."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM notes WHERE id=?", (note_id,)).fetchone()
            db.execute("DELETE FROM notes WHERE id=?", (note_id,))
        return self._note(row) if row else None

    def restore_note(self, note: Note) -> int:
        """Put back a deleted note with its original id."""
        with self._tx() as db:
            db.execute(
                f"INSERT OR REPLACE INTO notes (id, {_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (note.id, *_note_row(note, note.created, _now())),
            )
        return note.id  # type: ignore[return-value]

    def set_answer(self, case_id: str, kind: str, key: str, text: str) -> Note:
        """Save the answer to a reflection question (kind "reflection") or a learning point ("learning")."""
        now = _now()
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM notes WHERE case_id=? AND kind=? AND key=?", (case_id, kind, key)
            ).fetchone()
            if row:
                db.execute("UPDATE notes SET text=?, updated=? WHERE id=?", (text, now, row[0]))
                note_id = row[0]
            else:
                note_id = db.execute(
                    "INSERT INTO notes (case_id, kind, key, text, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                    (case_id, kind, key, text, now, now),
                ).lastrowid
        return self.get_note(note_id)  # type: ignore[return-value]

    def get_note(self, note_id: int) -> Note | None:
        rows = self._query("SELECT * FROM notes WHERE id=?", (note_id,))
        return self._note(rows[0]) if rows else None

    def notes(self, case_id: str | None = None, kind: str | None = None) -> list[Note]:
        sql, args = "SELECT * FROM notes WHERE 1=1", []
        if case_id is not None:
            sql += " AND case_id=?"
            args.append(case_id)
        if kind is not None:
            sql += " AND kind=?"
            args.append(kind)
        sql += " ORDER BY case_id, coalesce(position, 1e12), id"
        return [self._note(r) for r in self._query(sql, tuple(args))]

    @staticmethod
    def _note(r: sqlite3.Row) -> Note:
        return Note(
            r["id"],
            r["case_id"],
            r["text"],
            r["position"],
            r["turn_index"],
            r["kind"],
            r["key"],
            r["created"],
            r["updated"],
        )

    # -- sync anchors -------------------------------------------------------
    def anchors(self, case_id: str) -> dict[int, float]:
        return {
            r[0]: r[1]
            for r in self._query(
                "SELECT turn_index, seconds FROM anchors WHERE case_id=? ORDER BY turn_index", (case_id,)
            )
        }

    def set_anchor(self, case_id: str, turn_index: int, seconds: float) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO anchors VALUES (?, ?, ?)", (case_id, turn_index, seconds))

    def remove_anchor(self, case_id: str, turn_index: int) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM anchors WHERE case_id=? AND turn_index=?", (case_id, turn_index))

    def clear_anchors(self, case_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM anchors WHERE case_id=?", (case_id,))
