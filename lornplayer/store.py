"""The library store: all app state in one SQLite database (stdlib ``sqlite3``, WAL).

The schema is versioned with ``PRAGMA user_version`` and upgraded by forward
migrations; a backup copy of the database file is taken before each
migration of an existing library.  Case content (cases, people, turns) is
replaced on re-import, while user data (progress, notes, anchors) is keyed
by case id and never touched by an import.  The Whoosh index is derived from
this database and can always be rebuilt from it.

One :class:`Library` may be shared between the GUI thread and worker
threads: every public method takes the library's lock and runs in its own
transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lornplayer import paths, progress
from lornplayer.errors import LornError
from lornplayer.migrations import (  # noqa: F401 - also imported from here
    _CLOCK,
    _STAMP,
    MIGRATIONS,
    SCHEMA_VERSION,
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_alignment_sentences,
    _migrate_feeds,
    _migrate_parts,
    _migrate_player,
    _migrate_search_stamps,
    _run_script,
)
from lornplayer.model import AudioFile, Case, Note, Part, Turn
from lornplayer.store_userdata import Progress, UserData, _now  # noqa: F401 - Progress is imported from here


class StoreError(LornError):
    """The database cannot be used (it names the file and the problem)."""


# What a failed read or write of an open library raises, for ``except`` clauses of front ends (no sqlite3
# import needed): SQLite's errors, and StoreError (full disk, read-only, damage: lornplayer.recovery).
DatabaseError = (sqlite3.Error, StoreError)


# --------------------------------------------------------------------------
# Migrations: MIGRATIONS[v] upgrades a database from version v to v + 1.
# --------------------------------------------------------------------------


@dataclass
class CaseRow:
    """One line of the library list (cheap to load for thousands of cases)."""

    id: str
    label: str | None
    title: str | None
    guests: str
    theme: str | None
    perspective: str | None
    organisation: str | None
    date: str | None
    duration_minutes: int | None
    turn_count: int
    audio_path: str | None
    audio_duration: float | None
    position: float
    listened_seconds: float
    time_listened: float
    finished_manual: int | None
    finished_at: str | None
    last_played: str | None

    @property
    def duration_seconds(self) -> float | None:
        return progress.case_duration(self.audio_duration, self.duration_minutes)

    @property
    def listened_fraction(self) -> float:
        return progress.listened_fraction(self.listened_seconds, self.duration_seconds)

    @property
    def finished(self) -> bool:
        """The one finished rule (95 % listened, or the user's mark)."""
        return progress.is_finished(self.listened_fraction, progress.manual_mark(self.finished_manual))


@dataclass
class Changes:
    """What changed in the library after a change stamp (see :meth:`Library.changed_since`)."""

    cases: list[str]  # added or changed (fields, turns)
    deleted_cases: list[str]
    notes: list[Note]  # added or changed
    deleted_notes: list[int]

    def __bool__(self) -> bool:
        return bool(self.cases or self.deleted_cases or self.notes or self.deleted_notes)


class Library(UserData):
    """The SQLite library.  Use :meth:`open` to get one with corruption handling."""

    def __init__(self, db_path: str | Path, read_only: str | None = None):
        """Open the database as it is (see :meth:`open` for the safe way).

        ``read_only``: why the library cannot be written; it is then opened read-only and every write
        raises :class:`~lornplayer.recovery.WriteRefused` with that reason.
        """
        self.path = Path(db_path)
        self.read_only = read_only
        self.messages: list[str] = []  # user-facing notes from opening (migrations, recovery)
        self._lock = threading.RLock()
        self._marker: Path | None = None  # "open" marker: see lornplayer.recovery
        if read_only is None:
            paths.ensure_private_dir(self.path.parent)
        try:
            self._db = self._connect()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if getattr(self, "_db", None) is not None:
                self._db.close()
            raise StoreError(f"{self.path}: {exc}") from exc

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(
        cls, db_path: str | Path | None = None, *, check: bool | None = None, start_empty: bool = False
    ) -> Library:
        """Open (or create) the library safely: I/O trouble is reported and the files left alone (read-only
        when possible), damage is repaired keeping the original, nothing is discarded (lornplayer.recovery)."""
        from lornplayer.recovery import open_library

        return open_library(Path(db_path) if db_path else paths.database_path(), check=check, start_empty=start_empty)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only is not None:
            from lornplayer.recovery import connect_read_only

            return connect_read_only(self)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass
        return db

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer lornplayer (schema {version}, this version knows {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION and self.read_only is not None:
            raise StoreError(f"{self.path}: the library needs an upgrade, which cannot be written: {self.read_only}")
        if version < SCHEMA_VERSION and version > 0:
            backup = self.backup(f"before-migration-v{version}-to-v{SCHEMA_VERSION}")
            self.messages.append(
                f"The library was upgraded from schema {version} to {SCHEMA_VERSION}; backup: {backup}"
            )
        for v in range(version, SCHEMA_VERSION):
            with self._tx() as db:
                MIGRATIONS[v](db)
                db.execute(f"PRAGMA user_version = {v + 1}")

    def backup(self, label: str) -> Path:
        """Write a consistent copy of the database next to it and return its path."""
        dest = self.path.with_name(f"{self.path.stem}.{label}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
        with self._lock:
            target = sqlite3.connect(dest)
            try:
                self._db.backup(target)
            finally:
                target.close()
        return dest

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None  # type: ignore[assignment]
            from lornplayer.recovery import remove_marker

            remove_marker(self._marker)
            self._marker = None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self.read_only is not None:
                from lornplayer.recovery import READ_ONLY, WriteRefused

                raise WriteRefused(READ_ONLY, self.path, reason=self.read_only)
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                if self._db.in_transaction:
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                error = self._domain_error(exc)
                if error is exc:
                    raise
                raise error from exc

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            if self._db is None:
                raise StoreError(f"{self.path}: the library is closed")
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                error = self._domain_error(exc)
                if error is exc:
                    raise
                raise error from exc

    def _domain_error(self, exc: sqlite3.DatabaseError) -> Exception:
        from lornplayer.recovery import domain_error

        return domain_error(self, exc)

    # -- cases --------------------------------------------------------------
    def upsert_case(self, case: Case, source_path: str | None = None) -> str:
        """Insert or replace a case's content; user data stays.  Returns "added", "updated" or "unchanged"."""
        data = case.to_dict()
        data.pop("turns")
        data.pop("parts")  # in case_parts
        data_json = json.dumps(data, ensure_ascii=False, sort_keys=True)
        text_hash = case.text_hash()
        parts = [
            (case.id, i, p.number, p.title, p.duration_minutes, p.description, p.first_turn)
            for i, p in enumerate(case.parts)
        ]
        now = _now()
        with self._tx() as db:
            old = db.execute("SELECT data_json, text_hash FROM cases WHERE id=?", (case.id,)).fetchone()
            old_parts = [
                tuple(r) for r in db.execute("SELECT * FROM case_parts WHERE case_id=? ORDER BY idx", (case.id,))
            ]
            if old and old["data_json"] == data_json and old["text_hash"] == text_hash and old_parts == parts:
                if source_path:
                    db.execute("UPDATE cases SET source_path=? WHERE id=?", (source_path, case.id))
                return "unchanged"
            cols = dict(
                label=case.label,
                title=case.title,
                summary=case.summary,
                quote=case.quote,
                duration_minutes=case.total_minutes,
                theme=case.theme,
                organisation=case.organisation,
                perspective=case.perspective,
                date=case.date,
                place=case.place,
                host=case.host,
                data_json=data_json,
                text_hash=text_hash,
                updated_at=now,
                kind=case.kind,
            )
            if old:
                sets = ", ".join(f"{k}=?" for k in cols)
                db.execute(
                    f"UPDATE cases SET {sets}, source_path=coalesce(?, source_path) WHERE id=?",
                    (*cols.values(), source_path, case.id),
                )
            else:
                names = ", ".join(cols)
                marks = ", ".join("?" for _ in cols)
                db.execute(
                    f"INSERT INTO cases (id, {names}, source_path, imported_at) VALUES (?, {marks}, ?, ?)",
                    (case.id, *cols.values(), source_path, now),
                )
            db.execute("DELETE FROM turns WHERE case_id=?", (case.id,))
            db.executemany(
                "INSERT INTO turns (case_id, idx, speaker, text) VALUES (?, ?, ?, ?)",
                [(case.id, i, t.speaker, t.text) for i, t in enumerate(case.turns)],
            )
            db.execute("DELETE FROM case_parts WHERE case_id=?", (case.id,))
            db.executemany("INSERT INTO case_parts VALUES (?, ?, ?, ?, ?, ?, ?)", parts)
            db.execute("DELETE FROM case_people WHERE case_id=?", (case.id,))
            people = [(g.name, "guest", g.role, g.organisation) for g in case.guests]
            from lornplayer.parser import host_names  # not at import: the parser is not needed to open the app

            people += [(name, "host", None, None) for name in host_names(case.host or "")]
            people += [(s, "speaker", None, None) for s in case.speakers]
            for pos, (name, part, role, org) in enumerate(people):
                db.execute("INSERT OR IGNORE INTO people (name) VALUES (?)", (name,))
                pid = db.execute("SELECT id FROM people WHERE name=?", (name,)).fetchone()[0]
                db.execute(
                    "INSERT OR IGNORE INTO case_people VALUES (?, ?, ?, ?, ?, ?)", (case.id, pid, part, role, org, pos)
                )
        return "updated" if old else "added"

    def get_case(self, case_id: str) -> Case | None:
        rows = self._query("SELECT data_json, kind FROM cases WHERE id=?", (case_id,))
        if not rows:
            return None
        case = Case.from_dict(json.loads(rows[0]["data_json"]))
        case.kind = rows[0]["kind"]
        case.turns = [
            Turn(r["speaker"], r["text"])
            for r in self._query("SELECT speaker, text FROM turns WHERE case_id=? ORDER BY idx", (case_id,))
        ]
        case.parts = [
            Part(r["number"], r["title"], r["duration_minutes"], r["description"], r["first_turn"])
            for r in self._query("SELECT * FROM case_parts WHERE case_id=? ORDER BY idx", (case_id,))
        ]
        return case

    def has_case(self, case_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM cases WHERE id=?", (case_id,)))

    def case_ids(self) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM cases ORDER BY id")]

    def count_cases(self) -> int:
        return self._query("SELECT count(*) FROM cases")[0][0]

    def iter_cases(self) -> Iterator[Case]:
        for case_id in self.case_ids():
            case = self.get_case(case_id)
            if case is not None:
                yield case

    def case_source(self, case_id: str) -> str | None:
        rows = self._query("SELECT source_path FROM cases WHERE id=?", (case_id,))
        return rows[0][0] if rows else None

    def list_rows(self, case_id: str | None = None, limit: int | None = None) -> list[CaseRow]:
        """Everything the library list shows, in one query (for all cases, or one; the first ``limit``)."""
        sql = """
        SELECT c.id, c.label, c.title, c.theme, c.perspective, c.organisation, c.date, c.duration_minutes,
               (SELECT group_concat(p.name, ', ') FROM
                    (SELECT pe.name FROM case_people cp JOIN people pe ON pe.id = cp.person_id
                     WHERE cp.case_id = c.id AND cp.part = 'guest' ORDER BY cp.position) p) AS guests,
               (SELECT count(*) FROM turns t WHERE t.case_id = c.id) AS turn_count,
               a.path AS audio_path, a.duration AS audio_duration,
               coalesce(pr.position, 0) AS position, coalesce(pr.listened_seconds, 0) AS listened_seconds,
               coalesce(pr.time_listened, 0) AS time_listened, pr.finished_manual, pr.finished_at, pr.last_played
        FROM cases c
        LEFT JOIN audio_files a ON a.path = (SELECT path FROM audio_files WHERE case_id = c.id AND error IS NULL
                                             ORDER BY added_at DESC, path LIMIT 1)
        LEFT JOIN progress pr ON pr.case_id = c.id
        WHERE ? IS NULL OR c.id = ?
        ORDER BY c.id
        LIMIT ?
        """
        return [
            CaseRow(**{k: r[k] if r[k] is not None or k != "guests" else "" for k in r.keys()})
            for r in self._query(sql, (case_id, case_id, -1 if limit is None else limit))
        ]

    def first_rows(self, n: int) -> tuple[list[CaseRow], list[str]]:
        """The library list's first ``n`` rows (as :meth:`list_rows`) and every case id, in order.

        What a big library's list needs to show at once: two queries, instead of the ids and a
        query per row."""
        return self.list_rows(limit=n), self.case_ids()

    def delete_case(self, case_id: str) -> None:
        """Remove a case's content (user data is kept, in case the page is imported again)."""
        with self._tx() as db:
            db.execute("DELETE FROM cases WHERE id=?", (case_id,))

    # -- audio --------------------------------------------------------------
    def add_audio(self, audio: AudioFile) -> None:
        with self._tx() as db:
            db.execute(
                """INSERT INTO audio_files (path, case_id, duration, size, mtime, format, title, error, added_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(path) DO UPDATE SET case_id=excluded.case_id, duration=excluded.duration,
                     size=excluded.size, mtime=excluded.mtime, format=excluded.format, title=excluded.title,
                     error=excluded.error""",
                (
                    audio.path,
                    audio.case_id,
                    audio.duration,
                    audio.size,
                    audio.mtime,
                    audio.format,
                    audio.title,
                    audio.error,
                    _now(),
                ),
            )

    def audio_for(self, case_id: str) -> list[AudioFile]:
        rows = self._query(
            "SELECT * FROM audio_files WHERE case_id=? ORDER BY error IS NOT NULL, added_at DESC, path", (case_id,)
        )
        return [
            AudioFile(
                r["path"], r["case_id"], r["duration"], r["size"], r["mtime"], r["format"], r["title"], r["error"]
            )
            for r in rows
        ]

    def set_audio_duration(self, path: str, duration: float) -> None:
        with self._tx() as db:
            db.execute("UPDATE audio_files SET duration=? WHERE path=?", (duration, path))

    def count_audio(self) -> int:
        return self._query("SELECT count(*) FROM audio_files")[0][0]

    # -- automatic alignments -----------------------------------------------
    def get_alignment(self, case_id: str, audio_sig: str, text_hash: str) -> list[float] | None:
        rows = self._query(
            "SELECT starts_json FROM alignments WHERE case_id=? AND audio_sig=? AND text_hash=?",
            (case_id, audio_sig, text_hash),
        )
        return json.loads(rows[0][0]) if rows else None

    def get_alignment_sentences(self, case_id: str, audio_sig: str, text_hash: str) -> list[list] | None:
        """The stored sentence times ``[turn, first, last, start, end, confidence, aligned]``, if any."""
        rows = self._query(
            "SELECT sentences_json FROM alignments WHERE case_id=? AND audio_sig=? AND text_hash=?",
            (case_id, audio_sig, text_hash),
        )
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def save_alignment(
        self, case_id: str, audio_sig: str, text_hash: str, starts: list[float], sentences: list[list] | None = None
    ) -> None:
        cleaned = None
        if sentences is not None:
            cleaned = json.dumps(
                [
                    [
                        int(r[0]),
                        int(r[1]),
                        int(r[2]),
                        round(float(r[3]), 3),
                        round(float(r[4]), 3),
                        round(float(r[5]), 3),
                        int(bool(r[6])),
                    ]
                    for r in sentences
                ]
            )
        with self._tx() as db:
            # Only the newest alignment per case is worth keeping.
            db.execute("DELETE FROM alignments WHERE case_id=?", (case_id,))
            db.execute(
                "INSERT INTO alignments (case_id, audio_sig, text_hash, starts_json, created, sentences_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, audio_sig, text_hash, json.dumps([round(s, 3) for s in starts]), _now(), cleaned),
            )

    # -- settings -----------------------------------------------------------
    def get_setting(self, key: str, default=None):
        rows = self._query("SELECT value FROM settings WHERE key=?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))

    # -- change stamps (the search index follows them) -----------------------
    def change_stamp(self) -> int:
        """The library's change clock: grows with every write to indexed content (cases, turns, notes)."""
        return self._query("SELECT value FROM change_clock")[0][0]

    def changed_since(self, stamp: int) -> Changes:
        """What changed after ``stamp`` (index lookups, no scan)."""
        q = self._query
        return Changes(
            cases=[r[0] for r in q("SELECT id FROM cases WHERE stamp > ? ORDER BY stamp", (stamp,))],
            deleted_cases=[
                r[0]
                for r in q(
                    "SELECT case_id FROM case_tombstones WHERE stamp > ? AND case_id NOT IN (SELECT id FROM cases)",
                    (stamp,),
                )
            ],
            notes=[self._note(r) for r in q("SELECT * FROM notes WHERE stamp > ? ORDER BY stamp", (stamp,))],
            deleted_notes=[
                r[0]
                for r in q(
                    "SELECT note_id FROM note_tombstones WHERE stamp > ? AND note_id NOT IN (SELECT id FROM notes)",
                    (stamp,),
                )
            ],
        )

    def existing_case_ids(self, case_ids) -> set[str]:
        """Those of ``case_ids`` that are in the library."""
        return set(self.case_titles(case_ids))

    def case_titles(self, case_ids) -> dict[str, str]:
        """case id -> title for those of ``case_ids`` that are in the library."""
        ids = list(dict.fromkeys(case_ids))
        found: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                (r[0], r[1] or "")
                for r in self._query(f"SELECT id, title FROM cases WHERE id IN ({marks})", tuple(chunk))
            )
        return found


def audio_signature(path: str | Path) -> str:
    """Identifies an audio file's content cheaply (size and mtime): changes when the file does."""
    st = Path(path).stat()
    return f"{st.st_size}:{int(st.st_mtime)}"
