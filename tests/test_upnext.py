"""The Up next queue across a restart, and the migration that adds it."""

from __future__ import annotations

import sqlite3

from lornplayer.model import Case, Note
from lornplayer.store import MIGRATIONS, SCHEMA_VERSION, Library
from lornplayer.upnext import UpNext, note_ends, ranged_note_at, set_note_end


def test_queue_order_and_restart(tmp_path):
    path = tmp_path / "lib.sqlite3"
    lib = Library(path)
    q = UpNext(lib)
    for c in ("C1", "C2", "C3"):
        q.add(c)
    q.add("C4", next_=True)
    q.add("C2", next_=True)  # already queued: moves to the front
    assert q.items() == ["C2", "C4", "C1", "C3"]
    q.move("C3", 1)
    assert q.items() == ["C2", "C3", "C4", "C1"]
    q.remove("C4")
    q.set_auto_advance(False)
    lib.close()

    lib = Library(path)  # a restart
    q = UpNext(lib)
    assert q.items() == ["C2", "C3", "C1"] and not q.auto_advance()
    assert q.pop_next(skip={"C2"}) == "C3"
    assert q.items() == ["C2", "C1"]
    q.clear()
    assert q.pop_next() is None
    lib.close()


def test_note_range(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    lib.upsert_case(Case("C1", title="T", host="Silvija Seres"))
    nid = lib.add_note(Note(None, "C1", "«x»", position=12.5, turn_index=0))
    set_note_end(lib, nid, 17.0)
    assert note_ends(lib) == {nid: 17.0}
    assert ranged_note_at(lib, "C1", 12.5) == (12.5, 17.0)
    assert ranged_note_at(lib, "C1", 13.0) is None
    set_note_end(lib, nid, None)
    assert ranged_note_at(lib, "C1", 12.5) is None
    lib.close()


def test_version_3_database_upgrades(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version=3")
    db.execute("INSERT INTO settings VALUES ('player.rate', '1.5')")
    db.commit()
    db.close()
    lib = Library(path)
    assert lib._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert lib.get_setting("player.rate") == 1.5
    UpNext(lib).add("C9")
    assert UpNext(lib).items() == ["C9"]
    lib.close()
