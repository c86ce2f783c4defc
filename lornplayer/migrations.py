"""Forward migrations of the library's SQLite schema.

MIGRATIONS[v] upgrades a database from version v to v + 1; store.Library runs them in one
transaction, after a backup copy of the file.
"""

from __future__ import annotations

import sqlite3


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run an SQL script statement by statement inside the caller's transaction (executescript would commit).

    A statement ends at the first ``;`` after which SQLite sees a complete statement, so semicolons in
    trigger bodies, string literals and comments stay where they belong."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \t\n;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \t\n;"):
        db.execute(statement[:-1])  # the last statement lacks its ";" (or is incomplete: SQLite says so)


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            label TEXT, title TEXT, summary TEXT, quote TEXT,
            duration_minutes INTEGER, theme TEXT, organisation TEXT, perspective TEXT,
            date TEXT, place TEXT, host TEXT,
            data_json TEXT NOT NULL,          -- the whole Case except its turns
            source_path TEXT,
            imported_at TEXT, updated_at TEXT
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE case_people (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            part TEXT NOT NULL,               -- guest | host | speaker
            role TEXT, organisation TEXT, position INTEGER,
            PRIMARY KEY (case_id, person_id, part)
        );
        CREATE TABLE turns (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT,
            text TEXT NOT NULL,
            PRIMARY KEY (case_id, idx)
        );
        CREATE TABLE audio_files (
            path TEXT PRIMARY KEY,
            case_id TEXT,
            duration REAL, size INTEGER, mtime REAL, format TEXT, title TEXT, error TEXT,
            added_at TEXT
        );
        CREATE INDEX audio_by_case ON audio_files(case_id);
        CREATE TABLE progress (
            case_id TEXT PRIMARY KEY,
            position REAL NOT NULL DEFAULT 0,
            listened_json TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT
        );
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            position REAL, turn_index INTEGER,
            created TEXT, updated TEXT
        );
        CREATE INDEX notes_by_case ON notes(case_id);
        CREATE TABLE anchors (
            case_id TEXT NOT NULL,
            turn_index INTEGER NOT NULL,
            seconds REAL NOT NULL,
            PRIMARY KEY (case_id, turn_index)
        );
        """,
    )


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        ALTER TABLE cases ADD COLUMN text_hash TEXT;
        ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note';
        ALTER TABLE notes ADD COLUMN key TEXT;
        ALTER TABLE progress ADD COLUMN listened_seconds REAL NOT NULL DEFAULT 0;
        ALTER TABLE progress ADD COLUMN time_listened REAL NOT NULL DEFAULT 0;
        ALTER TABLE progress ADD COLUMN duration REAL;
        ALTER TABLE progress ADD COLUMN finished_manual INTEGER;   -- NULL automatic, 1 marked, 0 unmarked
        ALTER TABLE progress ADD COLUMN finished_at TEXT;
        ALTER TABLE progress ADD COLUMN last_played TEXT;
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        """,
    )


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE alignments (
            case_id TEXT NOT NULL,
            audio_sig TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            starts_json TEXT NOT NULL,
            created TEXT,
            PRIMARY KEY (case_id, audio_sig, text_hash)
        );
        """,
    )


def _migrate_parts(db: sqlite3.Connection) -> None:
    """The kind of page a case came from, and its parts (masterclass lessons, webinar parts)."""
    db.execute("ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'case'")
    db.execute("""
        CREATE TABLE case_parts (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            number INTEGER NOT NULL,
            title TEXT, duration_minutes INTEGER, description TEXT,
            first_turn INTEGER,               -- index of the turn the part starts with, if known
            PRIMARY KEY (case_id, idx)
        )""")
    # Cases stored before knew no kinds; the old podcast pages among them are labelled "#0399".
    db.execute(
        "UPDATE cases SET kind = coalesce(json_extract(data_json, '$.kind'), "
        "CASE WHEN label LIKE '#%' AND upper(label) NOT LIKE '#C%' THEN 'podcast-old' ELSE 'case' END)"
    )
    db.execute("UPDATE cases SET data_json = json_set(data_json, '$.kind', kind)")


_STAMP = "UPDATE change_clock SET value = value + 1"
_CLOCK = "(SELECT value FROM change_clock)"


def _migrate_search_stamps(db: sqlite3.Connection) -> None:
    """Change stamps the search index follows (see lornplayer.search.follow).

    One counter (``change_clock``) is bumped by triggers on every write to a
    case's indexed content (``data_json``/``text_hash``: fields and turns) or to
    a note; the case row (or the note row) gets the new value as its ``stamp``,
    and deleting a case or a note leaves a tombstone with the stamp.  Stamps
    are handed out inside write transactions, which SQLite serialises, so they
    grow in commit order: the index records the clock it is in step with and
    catches up with ``stamp > recorded`` (index lookups, no scan)."""
    db.execute("CREATE TABLE change_clock (id INTEGER PRIMARY KEY CHECK (id = 0), value INTEGER NOT NULL)")
    for table in ("cases", "notes"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN stamp INTEGER NOT NULL DEFAULT 0")
        db.execute(f"UPDATE {table} SET stamp = 1")
        db.execute(f"CREATE INDEX {table}_by_stamp ON {table}(stamp)")
    db.execute("INSERT INTO change_clock VALUES (0, 1)")
    db.execute("CREATE TABLE case_tombstones (case_id TEXT PRIMARY KEY, stamp INTEGER NOT NULL)")
    db.execute("CREATE INDEX case_tombstones_by_stamp ON case_tombstones(stamp)")
    db.execute("CREATE TABLE note_tombstones (note_id INTEGER PRIMARY KEY, stamp INTEGER NOT NULL)")
    db.execute("CREATE INDEX note_tombstones_by_stamp ON note_tombstones(stamp)")
    triggers = {
        "cases_stamp_insert": (
            "AFTER INSERT ON cases",
            [
                _STAMP,
                f"UPDATE cases SET stamp = {_CLOCK} WHERE rowid = NEW.rowid",
                "DELETE FROM case_tombstones WHERE case_id = NEW.id",
            ],
        ),
        "cases_stamp_update": (
            "AFTER UPDATE OF data_json, text_hash ON cases",
            [_STAMP, f"UPDATE cases SET stamp = {_CLOCK} WHERE rowid = NEW.rowid"],
        ),
        "cases_stamp_delete": (
            "AFTER DELETE ON cases",
            [_STAMP, f"INSERT OR REPLACE INTO case_tombstones VALUES (OLD.id, {_CLOCK})"],
        ),
        "notes_stamp_insert": (
            "AFTER INSERT ON notes",
            [
                _STAMP,
                f"UPDATE notes SET stamp = {_CLOCK} WHERE rowid = NEW.rowid",
                "DELETE FROM note_tombstones WHERE note_id = NEW.id",
            ],
        ),
        "notes_stamp_update": (
            "AFTER UPDATE OF text, kind, key, position, turn_index, case_id ON notes",
            [_STAMP, f"UPDATE notes SET stamp = {_CLOCK} WHERE rowid = NEW.rowid"],
        ),
        "notes_stamp_delete": (
            "AFTER DELETE ON notes",
            [_STAMP, f"INSERT OR REPLACE INTO note_tombstones VALUES (OLD.id, {_CLOCK})"],
        ),
    }
    for name, (when, body) in triggers.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN " + "".join(s + "; " for s in body) + "END")


def _migrate_alignment_sentences(db: sqlite3.Connection) -> None:
    """Alignments also keep sentence times: [[turn, first char, last char, start, end, confidence, aligned]]."""
    db.execute("ALTER TABLE alignments ADD COLUMN sentences_json TEXT")


def _migrate_feeds(db: sqlite3.Connection) -> None:
    """Podcast subscriptions and their episodes; which case a loose audio file is proposed for."""
    db.execute(
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL UNIQUE,
            title TEXT, link TEXT, description TEXT, image TEXT,
            added_at TEXT, refreshed_at TEXT, error TEXT,
            etag TEXT, last_modified TEXT           -- validators for a conditional refresh
        )"""
    )
    db.execute(
        """CREATE TABLE episodes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            title TEXT, link TEXT, published TEXT, duration REAL, size INTEGER,
            audio_url TEXT, audio_type TEXT, description TEXT,
            data_json TEXT NOT NULL DEFAULT '{}',   -- transcripts, chapters, people, episode number
            first_seen TEXT,
            is_new INTEGER NOT NULL DEFAULT 1,
            audio_path TEXT,                        -- the downloaded file (or where its partial goes)
            state TEXT NOT NULL DEFAULT '',         -- '' | partial | done | failed | deleted
            error TEXT,
            downloaded_at TEXT,
            UNIQUE (feed_id, guid)
        )"""
    )
    db.execute("CREATE INDEX episodes_by_feed ON episodes(feed_id)")
    db.execute("ALTER TABLE audio_files ADD COLUMN proposed_case_id TEXT")
    db.execute("ALTER TABLE audio_files ADD COLUMN match_score REAL")
    db.execute("ALTER TABLE audio_files ADD COLUMN match_reason TEXT")


def _migrate_player(db: sqlite3.Connection) -> None:
    """The Up next queue (remembered across restarts) and the time ranges of quote notes."""
    db.execute("CREATE TABLE queue (case_id TEXT PRIMARY KEY, position INTEGER NOT NULL)")
    db.execute("CREATE TABLE note_ranges (note_id INTEGER PRIMARY KEY, end_position REAL NOT NULL)")


MIGRATIONS = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_parts,
    _migrate_search_stamps,
    _migrate_alignment_sentences,
    _migrate_feeds,
    _migrate_player,
]
SCHEMA_VERSION = len(MIGRATIONS)  # the version a library has after every migration
