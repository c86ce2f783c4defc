"""The SQLite library store: schema and migrations, corruption recovery, and every kind of user data."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading

import pytest

from lornplayer import paths
from lornplayer.model import AudioFile, Case, Guest, Note, Turn
from lornplayer.parser import parse_file
from lornplayer.store import MIGRATIONS, SCHEMA_VERSION, Library, Progress, StoreError, audio_signature


def make_case(case_id: str = "C0001", turns: int = 3, title: str = "Tittel") -> Case:
    return Case(
        id=case_id,
        label="#" + case_id,
        title=title,
        theme="Tema",
        duration_minutes=20,
        guests=[Guest("Kari Nordmann", "Forsker", "SINTEF"), Guest("Ola Nordmann", "CEO", "Firma AS")],
        host="Silvija Seres",
        turns=[Turn("Silvija Seres" if i % 2 == 0 else "Kari Nordmann", f"Replikk nummer {i}.") for i in range(turns)],
    )


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib" / "library.sqlite3")
    yield library
    library.close()


def test_wal_mode_and_schema_version(lib):
    assert lib._query("PRAGMA journal_mode")[0][0] == "wal"
    assert lib._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert len(MIGRATIONS) == SCHEMA_VERSION
    assert lib.messages == []  # a new library needs no migration message
    assert not list(lib.path.parent.glob("*.bak"))


def test_data_dir_is_private(isolated_dirs):
    lib = Library.open()
    try:
        assert lib.path == paths.database_path()
        assert lib.path.parent == isolated_dirs
        assert stat.S_IMODE(os.stat(isolated_dirs).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(lib.path).st_mode) == 0o600
    finally:
        lib.close()


def test_migration_from_version_1_keeps_data_and_writes_a_backup(tmp_path):
    path = tmp_path / "old" / "library.sqlite3"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO cases (id, label, title, data_json, imported_at) VALUES (?, ?, ?, ?, ?)",
        (
            "C0557",
            "#C0557",
            "Hvordan skape innovative byer?",
            Case("C0557", "#C0557", "Hvordan skape innovative byer?").to_json(),
            "2020-01-01T00:00:00+00:00",
        ),
    )
    db.execute("INSERT INTO turns (case_id, idx, speaker, text) VALUES ('C0557', 0, 'Silvija Seres', 'Hei.')")
    db.execute(
        "INSERT INTO notes (case_id, text, position, turn_index, created, updated) "
        "VALUES ('C0557', 'Min gamle notis', 12.5, 0, '2020-01-01', '2020-01-01')"
    )
    db.execute("INSERT INTO progress (case_id, position, listened_json) VALUES ('C0557', 42.0, '[[0, 42]]')")
    db.execute("INSERT INTO anchors VALUES ('C0557', 0, 3.5)")
    db.commit()
    db.close()

    lib = Library(path)
    try:
        assert lib._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        # data intact
        case = lib.get_case("C0557")
        assert case.title == "Hvordan skape innovative byer?"
        assert case.turns == [Turn("Silvija Seres", "Hei.")]
        [note] = lib.notes("C0557")
        assert (note.text, note.position, note.turn_index, note.kind, note.key) == (
            "Min gamle notis",
            12.5,
            0,
            "note",
            None,
        )
        p = lib.get_progress("C0557")
        assert (p.position, p.listened_json, p.listened_seconds, p.finished_manual) == (42.0, "[[0, 42]]", 0, None)
        assert lib.anchors("C0557") == {0: 3.5}
        # the new tables work
        lib.set_setting("x", 1)
        lib.save_alignment("C0557", "sig", "hash", [0.0])
        # a backup of the old database next to it, and a message saying so
        [backup] = path.parent.glob("*.bak")
        assert backup.name.startswith("library.before-migration-v1-to-v%d." % SCHEMA_VERSION)
        old = sqlite3.connect(backup)
        try:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 1
            assert old.execute("SELECT text FROM notes").fetchall() == [("Min gamle notis",)]
        finally:
            old.close()
        assert len(lib.messages) == 1
        assert "schema 1" in lib.messages[0] and str(backup) in lib.messages[0]
    finally:
        lib.close()
    # Opening it again migrates nothing.
    again = Library(path)
    try:
        assert again.messages == []
        assert len(list(path.parent.glob("*.bak"))) == 1
    finally:
        again.close()


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "library.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer lornplayer"):
        Library(path)


def test_garbage_database_is_kept_aside_and_a_working_library_started(tmp_path):
    path = tmp_path / "data" / "library.sqlite3"
    path.parent.mkdir()
    garbage = bytes((i * 37 + 11) % 256 for i in range(8192))
    path.write_bytes(garbage)
    lib = Library.open(path)
    try:
        [aside] = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
        assert aside.read_bytes() == garbage
        assert len(lib.messages) == 1
        assert str(path) in lib.messages[0] and str(aside) in lib.messages[0]
        # a library that works
        assert lib.count_cases() == 0
        assert lib.upsert_case(make_case()) == "added"
        assert lib.get_case("C0001").title == "Tittel"
    finally:
        lib.close()


def test_sqlite_file_with_damaged_pages_is_repaired_keeping_what_reads(tmp_path):
    path = tmp_path / "library.sqlite3"
    lib = Library.open(path)
    for i in range(40):
        lib.upsert_case(make_case(f"C{i:04d}", turns=30))
    lib.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)  # trash a few pages after the header
    path.write_bytes(bytes(data))
    lib = Library.open(path, check=True)  # a clean shutdown before: only `lornplayer check` looks
    try:
        assert lib.messages and "repaired" in lib.messages[0] and ".corrupt-" in lib.messages[0]
        assert 0 < lib.count_cases() <= 40
        assert [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    finally:
        lib.close()


def test_upsert_reports_added_unchanged_updated(lib):
    case = make_case()
    assert lib.upsert_case(case, source_path="/pages/C0001.txt") == "added"
    assert lib.upsert_case(case) == "unchanged"
    assert lib.case_source("C0001") == "/pages/C0001.txt"
    case.turns.append(Turn("Kari Nordmann", "En ny replikk."))
    assert lib.upsert_case(case) == "updated"
    assert lib.get_case("C0001") == case
    assert lib.case_ids() == ["C0001"] and lib.has_case("C0001") and not lib.has_case("C0002")
    assert [c.id for c in lib.iter_cases()] == ["C0001"]


def test_seed_case_round_trips(lib, seeds_dir):
    case = parse_file(seeds_dir / "C0775.txt").case
    lib.upsert_case(case)
    assert lib.get_case("C0775") == case
    assert lib.get_case("C0775").text_hash() == case.text_hash()


def test_notes_crud_delete_and_restore(lib):
    lib.upsert_case(make_case())
    n1 = Note(None, "C0001", "Første tanke", position=30.0, turn_index=1)
    n2 = Note(None, "C0001", "Andre tanke", position=5.0)
    n3 = Note(None, "C0002", "Annen case")
    ids = [lib.add_note(n) for n in (n1, n2, n3)]
    assert len(set(ids)) == 3 and n1.id == ids[0] and n1.created and n1.updated
    # ordered by position within a case
    assert [n.text for n in lib.notes("C0001")] == ["Andre tanke", "Første tanke"]
    assert len(lib.notes()) == 3
    lib.update_note_text(n1.id, "Første tanke, omskrevet")
    got = lib.get_note(n1.id)
    assert (got.text, got.position, got.turn_index, got.kind) == ("Første tanke, omskrevet", 30.0, 1, "note")
    deleted = lib.delete_note(n1.id)
    assert deleted.id == n1.id and deleted.text == "Første tanke, omskrevet" and deleted.position == 30.0
    assert lib.get_note(n1.id) is None
    assert lib.delete_note(n1.id) is None
    assert lib.restore_note(deleted) == n1.id
    restored = lib.get_note(n1.id)
    assert (restored.id, restored.text, restored.position, restored.turn_index, restored.created) == (
        deleted.id,
        deleted.text,
        deleted.position,
        deleted.turn_index,
        deleted.created,
    )
    assert [n.id for n in lib.notes("C0001")] == [n2.id, n1.id]


def test_reflection_and_learning_answers(lib):
    a = lib.set_answer("C0399", "reflection", "Hvordan kan vi komme skeptikerne i møte?", "Ved å lytte.")
    b = lib.set_answer("C0399", "reflection", "Hvordan kan vi komme skeptikerne i møte?", "Ved å lytte og vise.")
    assert a.id == b.id and b.text == "Ved å lytte og vise."
    lib.set_answer("C0399", "learning", "Automatisering", "Forstått.")
    assert [n.key for n in lib.notes("C0399", kind="reflection")] == ["Hvordan kan vi komme skeptikerne i møte?"]
    assert [n.text for n in lib.notes("C0399", kind="learning")] == ["Forstått."]


def test_anchors_set_remove_clear(lib):
    assert lib.anchors("C0001") == {}
    lib.set_anchor("C0001", 3, 12.5)
    lib.set_anchor("C0001", 0, 1.0)
    lib.set_anchor("C0001", 3, 13.0)  # replaces
    lib.set_anchor("C0002", 1, 9.0)
    assert lib.anchors("C0001") == {0: 1.0, 3: 13.0}
    assert list(lib.anchors("C0001")) == [0, 3]
    lib.remove_anchor("C0001", 0)
    assert lib.anchors("C0001") == {3: 13.0}
    lib.clear_anchors("C0001")
    assert lib.anchors("C0001") == {}
    assert lib.anchors("C0002") == {1: 9.0}


def test_alignments_are_keyed_by_audio_signature_and_text_hash(lib, clip_dir):
    audio = clip_dir / "C9001.wav"
    sig = audio_signature(audio)
    assert sig == audio_signature(audio)
    lib.save_alignment("C9001", sig, "hash1", [0.0, 1.23456, 2.5])
    assert lib.get_alignment("C9001", sig, "hash1") == [0.0, 1.235, 2.5]
    assert lib.get_alignment("C9001", sig, "hash2") is None  # the transcript changed
    assert lib.get_alignment("C9001", "other", "hash1") is None  # another audio file
    # Changing the file changes its signature.
    with open(audio, "ab") as f:
        f.write(b"\0" * 100)
    assert audio_signature(audio) != sig
    # Only the newest alignment of a case is kept.
    lib.save_alignment("C9001", "sig2", "hash2", [0.0, 3.0])
    assert lib.get_alignment("C9001", sig, "hash1") is None
    assert lib.get_alignment("C9001", "sig2", "hash2") == [0.0, 3.0]


@pytest.mark.parametrize("value", [None, True, 0, 1.5, "tekst med æøå", [1, "to"], {"a": {"b": [None]}}])
def test_settings_round_trip(lib, value):
    assert lib.get_setting("key") is None
    assert lib.get_setting("key", "default") == "default"
    lib.set_setting("key", value)
    assert lib.get_setting("key", "default") == value


def test_settings_persist_across_reopen(tmp_path):
    path = tmp_path / "library.sqlite3"
    lib = Library.open(path)
    lib.set_setting("player.volume", 0.7)
    lib.close()
    lib = Library.open(path)
    try:
        assert lib.get_setting("player.volume") == 0.7
    finally:
        lib.close()


def test_progress_round_trip(lib):
    assert lib.get_progress("C0001") == Progress("C0001")
    p = Progress(
        "C0001",
        position=61.5,
        listened_json="[[0, 61.5]]",
        listened_seconds=61.5,
        time_listened=70.0,
        duration=1200.0,
        finished_manual=1,
        finished_at="2024-01-01T10:00:00+00:00",
        last_played="2024-01-01T10:00:00+00:00",
    )
    lib.save_progress(p)
    assert lib.get_progress("C0001") == p
    p.position = 100.0
    lib.save_progress(p)
    assert lib.get_progress("C0001").position == 100.0
    lib.save_progress(Progress("C0002", time_listened=5.0))
    assert lib.total_time_listened() == 75.0


def test_list_rows_shows_guests_turn_count_audio_and_progress(lib, data_dir):
    lib.upsert_case(make_case("C0001", turns=4))
    lib.upsert_case(make_case("C0002", turns=0, title="Uten lyd"))
    lib.add_audio(AudioFile(str(data_dir / "C9001.wav"), "C0001", duration=6.4, format="wav"))
    lib.add_audio(AudioFile("/broken/C0001.mp3", "C0001", error="truncated audio"))
    lib.save_progress(Progress("C0001", position=3.0, listened_seconds=3.2, time_listened=4.0))
    rows = {r.id: r for r in lib.list_rows()}
    assert list(rows) == ["C0001", "C0002"]
    r1, r2 = rows["C0001"], rows["C0002"]
    assert r1.guests == "Kari Nordmann, Ola Nordmann"
    assert r1.turn_count == 4 and r2.turn_count == 0
    assert r1.audio_path == str(data_dir / "C9001.wav") and r1.audio_duration == 6.4  # not the broken file
    assert r2.audio_path is None and r2.audio_duration is None
    assert r1.duration_seconds == 6.4 and r2.duration_seconds == 20 * 60.0
    assert r1.position == 3.0 and r1.listened_fraction == pytest.approx(3.2 / 6.4)
    assert (r2.position, r2.listened_seconds, r2.listened_fraction) == (0, 0, 0.0)
    assert (r1.label, r1.title, r2.title, r1.theme) == ("#C0001", "Tittel", "Uten lyd", "Tema")
    # audio_for lists the usable file first
    assert [a.error for a in lib.audio_for("C0001")] == [None, "truncated audio"]
    assert lib.count_audio() == 2


def test_first_rows_gives_the_first_rows_and_every_id(lib):
    for case_id in ("C0003", "C0001", "C0002"):
        lib.upsert_case(make_case(case_id))
    rows, ids = lib.first_rows(2)
    assert ids == ["C0001", "C0002", "C0003"]
    assert rows == lib.list_rows()[:2]
    assert lib.first_rows(10)[0] == lib.list_rows()
    assert lib.list_rows(limit=1) == lib.list_rows("C0001")


def test_user_data_survives_case_replacement_and_deletion(lib):
    lib.upsert_case(make_case())
    lib.add_note(Note(None, "C0001", "Notis"))
    lib.set_anchor("C0001", 1, 4.0)
    lib.save_progress(Progress("C0001", position=9.0))
    lib.upsert_case(make_case(turns=5, title="Ny tittel"))
    lib.delete_case("C0001")
    assert not lib.has_case("C0001")
    lib.upsert_case(make_case())
    assert [n.text for n in lib.notes("C0001")] == ["Notis"]
    assert lib.anchors("C0001") == {1: 4.0}
    assert lib.get_progress("C0001").position == 9.0


def test_people_are_shared_between_cases(lib):
    lib.upsert_case(make_case("C0001"))
    lib.upsert_case(make_case("C0002"))
    names = [r[0] for r in lib._query("SELECT name FROM people ORDER BY name")]
    assert names == ["Kari Nordmann", "Ola Nordmann", "Silvija Seres"]


def test_concurrent_writers_share_one_library(lib):
    lib.upsert_case(make_case())
    errors = []

    def writer(k):
        try:
            for i in range(25):
                lib.add_note(Note(None, "C0001", f"tråd {k} notis {i}", position=float(i)))
                lib.set_anchor("C0001", k * 100 + i, float(i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(lib.notes("C0001")) == 100
    assert len(lib.anchors("C0001")) == 100
