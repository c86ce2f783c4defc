"""Upgrading a library written by lornplayer 0.1.0 (schema 3): every piece of user data survives.

``tests/fixtures/library-v3.sqlite3`` was written by the 0.1.0 code (``tests/fixtures/make_library_v3.py``)
after importing the seeds and using them: listening progress with heard intervals, manual finished marks,
notes (one edited, one deleted), reflection and learning answers, sync anchors, a stored alignment, a
broken audio file and the UI settings.  ``library-v3.expected.json`` lists what was stored.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from lornplayer.importer import import_seeds
from lornplayer.progress import ListenedIntervals
from lornplayer.store import SCHEMA_VERSION, Library

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "library-v3.expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def old_library(tmp_path) -> Path:
    dest = tmp_path / "data" / "library.sqlite3"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "library-v3.sqlite3", dest)
    return dest


def snapshot(lib: Library) -> dict:
    """All user data and case content, read through the store's public API."""
    cases = {}
    audio = []
    for case_id in lib.case_ids():
        case = lib.get_case(case_id)
        row = lib.list_rows(case_id)[0]
        cases[case_id] = {
            "title": case.title,
            "turns": len(case.turns),
            "first_turn": case.turns[0].text if case.turns else None,
            "guests": row.guests,
            "text_hash": case.text_hash(),
        }
        audio += [
            {"case_id": a.case_id, "name": Path(a.path).name, "path": a.path, "duration": a.duration, "error": a.error}
            for a in lib.audio_for(case_id)
        ]
    progress = {}
    for case_id in lib.case_ids():
        p = lib.get_progress(case_id)
        if p.last_played or p.position or p.listened_json != "[]":  # a stored row, not the default
            progress[case_id] = {
                "position": p.position,
                "intervals": [list(i) for i in ListenedIntervals.from_json(p.listened_json)],
                "listened_seconds": p.listened_seconds,
                "time_listened": p.time_listened,
                "duration": p.duration,
                "finished_manual": p.finished_manual,
                "finished_at": p.finished_at,
                "last_played": p.last_played,
            }
    notes = [
        {"id": n.id, "case_id": n.case_id, "text": n.text, "position": n.position, "turn_index": n.turn_index}
        for n in lib.notes(kind="note")
    ]
    answers = [
        {"case_id": n.case_id, "kind": n.kind, "key": n.key, "text": n.text}
        for kind in ("reflection", "learning")
        for n in lib.notes(kind=kind)
    ]
    anchors = {cid: {str(k): v for k, v in lib.anchors(cid).items()} for cid in lib.case_ids() if lib.anchors(cid)}
    alignments = []
    for a in EXPECTED["alignments"]:
        starts = lib.get_alignment(a["case_id"], a["audio_sig"], a["text_hash"])
        alignments.append({**a, "starts": starts})
    settings = {key: lib.get_setting(key, "<missing>") for key in EXPECTED["settings"]}
    return {
        "cases": cases,
        "audio": audio,
        "progress": progress,
        "notes": notes,
        "answers": answers,
        "anchors": anchors,
        "alignments": alignments,
        "settings": settings,
    }


def by(items: list[dict], *keys: str) -> list[dict]:
    return sorted(items, key=lambda d: tuple(str(d[k]) for k in keys))


def test_fixture_is_a_schema_3_library():
    db = sqlite3.connect(FIXTURES / "library-v3.sqlite3")
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 5
    finally:
        db.close()


def test_every_piece_of_user_data_survives_opening_with_this_version(old_library):
    lib = Library.open(old_library)
    try:
        got = snapshot(lib)
        assert lib._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert lib._query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        lib.close()
    assert got["cases"] == EXPECTED["cases"]
    assert by(got["audio"], "path") == by(EXPECTED["audio"], "path")
    assert got["progress"] == EXPECTED["progress"]
    assert by(got["notes"], "id") == by(EXPECTED["notes"], "id")
    assert not set(EXPECTED["deleted_note_ids"]) & {n["id"] for n in got["notes"]}
    assert by(got["answers"], "case_id", "kind", "key") == by(EXPECTED["answers"], "case_id", "kind", "key")
    assert got["anchors"] == EXPECTED["anchors"]
    assert got["alignments"] == EXPECTED["alignments"]
    assert got["settings"] == EXPECTED["settings"]


def test_an_upgrade_keeps_a_backup_of_the_old_file(old_library):
    lib = Library.open(old_library)
    lib.close()
    backups = sorted(old_library.parent.glob("library.before-migration-v3-*.bak"))
    if SCHEMA_VERSION == 3:
        assert backups == [] and lib.messages == []
        return
    assert len(backups) == 1
    assert any(str(backups[0]) in m for m in lib.messages)
    db = sqlite3.connect(backups[0])
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        db.close()


def test_reopening_is_idempotent(old_library):
    first = Library.open(old_library)
    before = snapshot(first)
    first.close()
    files = sorted(p.name for p in old_library.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    again = Library.open(old_library)
    try:
        assert again.messages == []  # nothing migrated, nothing recovered
        assert again._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert snapshot(again) == before
        # The seeds are not imported a second time into an upgraded library.
        assert import_seeds(again) is None
        assert again.count_cases() == len(EXPECTED["cases"])
    finally:
        again.close()
    assert sorted(p.name for p in old_library.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == files


def test_notes_of_an_upgraded_library_are_searchable(old_library):
    from lornplayer.core import AppCore

    lib = Library.open(old_library)
    core = AppCore(lib)
    try:
        result = core.search("kilden")
        notes = [h for h in result.hits if h.kind == "note"]
        assert [(h.case_id, h.start) for h in notes] == [("C0557", pytest.approx(42.5))]
    finally:
        core.close()
        lib.close()


def test_migration_scripts_may_hold_triggers_strings_and_comments_with_semicolons(tmp_path):
    from lornplayer.store import _run_script

    db = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)
    db.execute("BEGIN")
    _run_script(
        db,
        """
        -- a comment; with a semicolon
        CREATE TABLE t (a TEXT DEFAULT 'x;y');   CREATE TABLE log (msg TEXT);
        CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES ('inserted; ' || new.a);
            INSERT INTO log VALUES ('second');
        END;
        INSERT INTO t DEFAULT VALUES;
        INSERT INTO t VALUES ('last, without a semicolon')
    """,
    )
    db.execute("COMMIT")
    assert [r[0] for r in db.execute("SELECT a FROM t")] == ["x;y", "last, without a semicolon"]
    assert [r[0] for r in db.execute("SELECT msg FROM log")] == [
        "inserted; x;y",
        "second",
        "inserted; last, without a semicolon",
        "second",
    ]
    with pytest.raises(sqlite3.Error):
        _run_script(db, "CREATE TRIGGER broken AFTER INSERT ON t BEGIN INSERT INTO log VALUES (1);")
    db.close()
