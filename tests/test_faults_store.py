"""Fault injection on the library store (issue 11): full disk, read-only folder, damage, empty files, kills.

Each fault is injected twice where the machine allows: simulated (an SQLite/OS error injected into the
connection or the write probe: always runs, also in CI) and real (a 5 MB tmpfs, a read-only bind mount:
skipped where mounting is impossible).  Each test asserts that nothing committed is lost, that the
message names the folder or file and the problem, and that reading goes on.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from faultlib import (
    FaultyConnection,
    damage_pages,
    disk_full,
    fill_disk,
    folder_state,
    leaf_pages,
    read_only_view,
    root_page,
    sqlite_error,
    tmpfs,
)

from lornplayer import recovery
from lornplayer.core import AppCore
from lornplayer.core.indexing import close_indexes
from lornplayer.model import Case, Note, Turn
from lornplayer.recovery import LibraryUnavailable, RecoveryAvailable, WriteRefused
from lornplayer.salvage import restore
from lornplayer.store import Library, Progress, StoreError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_indexes():
    yield
    close_indexes()


@pytest.fixture
def faulty(monkeypatch):
    """Every Library opened from now on uses a FaultyConnection; returns the list of them."""
    made: list[FaultyConnection] = []
    original = Library._connect

    def connect(self):
        conn = FaultyConnection(original(self))
        made.append(conn)
        return conn

    monkeypatch.setattr(Library, "_connect", connect)
    return made


def make_case(cid: str, turns: int = 20) -> Case:
    return Case(
        id=cid,
        label=f"#{cid}",
        title=f"Tittel {cid}",
        host="Silvija Seres",
        turns=[Turn("Silvija Seres", f"Replikk {i} i {cid} " + "ord " * 30) for i in range(turns)],
    )


def filled_library(path: Path, cases: int = 10, notes: int = 200) -> dict[int, str]:
    """A library with cases and notes; returns the notes (id → text) committed to it."""
    lib = Library.open(path)
    for i in range(cases):
        lib.upsert_case(make_case(f"C{i:04d}"))
    saved = {}
    for i in range(notes):
        note = Note(None, f"C{i % cases:04d}", f"notat {i} " + "x" * 80, float(i), 0)
        saved[lib.add_note(note)] = note.text
    lib.save_progress(Progress("C0001", position=42.0))
    lib.close()
    return saved


def notes_of(lib: Library) -> dict[int, str]:
    return {n.id: n.text for n in lib.notes()}


# --------------------------------------------------------------------------
# 1. A full disk never empties the library
# --------------------------------------------------------------------------


def test_simulated_full_disk_refuses_writes_by_name_and_keeps_reading(tmp_path, faulty):
    path = tmp_path / "data" / "library.sqlite3"
    saved = filled_library(path)
    lib = Library.open(path)
    try:
        faulty[-1].fault = disk_full
        with pytest.raises(WriteRefused) as refused:
            lib.add_note(Note(None, "C0001", "kommer ikke inn", 1.0, 0))
        assert "disk is full" in str(refused.value) and str(path.parent) in str(refused.value)
        assert "not saved" in str(refused.value)
        assert notes_of(lib) == saved  # reading goes on, nothing committed is lost
        assert lib.get_progress("C0001").position == 42.0
        told = []
        lib.on_refused = told.append  # preferences and position: kept for the session, the app is told
        lib.save_progress(Progress("C0001", position=50.0))
        lib.set_setting("last_case", "C0003")
        assert lib.get_progress("C0001").position == 50.0 and lib.get_setting("last_case") == "C0003"
        assert len(told) == 2 and all("disk is full" in str(t) for t in told)
        faulty[-1].fault = None  # space again: writing works
        lib.add_note(Note(None, "C0001", "nå går det", 1.0, 0))
        assert len(lib.notes()) == len(saved) + 1
        lib.save_progress(Progress("C0001", position=51.0))
    finally:
        lib.close()
    lib = Library.open(path)
    try:
        assert lib.get_progress("C0001").position == 51.0
    finally:
        lib.close()
    assert not list(path.parent.glob("*.corrupt-*"))


def test_opening_on_a_simulated_full_disk_is_read_only_and_touches_nothing(tmp_path, monkeypatch):
    path = tmp_path / "data" / "library.sqlite3"
    saved = filled_library(path)
    before = folder_state(path.parent)
    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.ENOSPC, "No space left on device"))
    lib = Library.open(path)
    try:
        assert lib.read_only
        [message] = lib.messages
        assert "disk is full" in message and str(path.parent) in message and "reading only" in message
        assert notes_of(lib) == saved
        out = AppCore(lib).export_notes([], "md", tmp_path / "notes.md")
        assert "notat 199" in out.read_text(encoding="utf-8")
        with pytest.raises(WriteRefused, match="disk is full"):
            lib.set_answer("C0001", "reflection", "Hva?", "svar")
        # what the app writes just by being used is kept for the session
        lib.set_setting("last_case", "C0002")
        lib.save_progress(Progress("C0001", position=99.0))
        assert lib.get_setting("last_case") == "C0002" and lib.get_progress("C0001").position == 99.0
    finally:
        lib.close()
    assert folder_state(path.parent) == before
    lib = Library.open(path)
    try:
        assert lib.get_progress("C0001").position == 42.0 and lib.get_setting("last_case") is None
    finally:
        lib.close()


def test_real_full_disk_keeps_the_library_and_every_command_reads(tmp_path, capsys):
    """The reproduction from issue 11: data folder on a 5 MB tmpfs, disk filled, commands run, disk freed."""
    from lornplayer.cli import main

    with tmpfs(tmp_path / "small") as small:
        data = small / "data"
        path = data / "library.sqlite3"
        saved = filled_library(path, cases=5, notes=50)
        filler = fill_disk(small)
        try:
            assert (
                main(
                    ["--data-dir", str(data), "export-notes", "--format", "md", "--output", str(tmp_path / "during.md")]
                )
                == 0
            )
            err = capsys.readouterr().err
            assert "disk is full" in err and str(data) in err and "Traceback" not in err
            assert "notat 49" in (tmp_path / "during.md").read_text(encoding="utf-8")
            assert main(["--data-dir", str(data), "search", "notat"]) == 0
            page = tmp_path / "C0900.txt"
            page.write_text("LØRN Case #C0900: Ny\nSilvija: Hei.\nKari: Hei.\nSilvija: Ja.\n", encoding="utf-8")
            assert main(["--data-dir", str(data), "import", str(page)]) == 1
            err = capsys.readouterr().err
            assert "disk is full" in err and "Traceback" not in err
        finally:
            filler.unlink()
        assert not list(data.glob("*.corrupt-*"))
        assert (
            main(["--data-dir", str(data), "export-notes", "--format", "md", "--output", str(tmp_path / "after.md")])
            == 0
        )
        lib = Library.open(path)
        try:
            assert notes_of(lib) == saved and not lib.read_only and lib.messages == []
        finally:
            lib.close()
            close_indexes()


# --------------------------------------------------------------------------
# 2. A read-only folder: one message naming the folder, reading works
# --------------------------------------------------------------------------


def test_simulated_read_only_folder_opens_for_reading(tmp_path, monkeypatch):
    path = tmp_path / "data" / "library.sqlite3"
    saved = filled_library(path)
    before = folder_state(path.parent)
    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.EROFS, "Read-only file system"))
    lib = Library.open(path)
    try:
        [message] = lib.messages
        assert "read-only" in message and str(path.parent) in message
        assert notes_of(lib) == saved
        with pytest.raises(WriteRefused, match="read-only"):
            lib.add_note(Note(None, "C0001", "nei", 1.0, 0))
    finally:
        lib.close()
    assert folder_state(path.parent) == before


def test_read_only_without_a_wal_index_reads_the_file_as_immutable(tmp_path, monkeypatch):
    path = tmp_path / "data" / "library.sqlite3"
    saved = filled_library(path)
    real = sqlite3.connect

    def no_wal_index(target, *args, **kwargs):  # what a read-only folder without a -shm file gives
        if "mode=ro" in str(target):
            raise sqlite_error("unable to open database file", 14, "SQLITE_CANTOPEN")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.EROFS, "Read-only file system"))
    monkeypatch.setattr(recovery.sqlite3, "connect", no_wal_index)
    lib = Library.open(path)
    try:
        assert lib.read_only and notes_of(lib) == saved
    finally:
        lib.close()


def test_simulated_read_only_file_refuses_writes_by_name(tmp_path, faulty):
    path = tmp_path / "data" / "library.sqlite3"
    saved = filled_library(path)
    lib = Library.open(path)
    try:
        faulty[-1].fault = lambda: sqlite_error("attempt to write a readonly database", 8, "SQLITE_READONLY")
        with pytest.raises(WriteRefused) as refused:
            lib.set_answer("C0001", "reflection", "Hva?", "svar")
        assert "read-only" in str(refused.value) and str(path) in str(refused.value)
        assert notes_of(lib) == saved
    finally:
        lib.close()


def test_real_read_only_folder(tmp_path):
    source = tmp_path / "data"
    saved = filled_library(source / "library.sqlite3")
    before = folder_state(source)
    with read_only_view(source, tmp_path / "ro") as view:
        lib = Library.open(view / "library.sqlite3")
        try:
            assert "read-only" in lib.messages[0] and str(view) in lib.messages[0]
            assert notes_of(lib) == saved
            with pytest.raises(WriteRefused, match="read-only"):
                lib.add_note(Note(None, "C0001", "nei", 1.0, 0))
        finally:
            lib.close()
        with pytest.raises(LibraryUnavailable) as missing:  # no library there and none can be made
            Library.open(view / "new" / "library.sqlite3")
        assert str(view) in str(missing.value) and "read-only" in str(missing.value)
    assert folder_state(source) == before


def test_search_works_when_the_cache_folder_is_read_only(tmp_path, monkeypatch):
    from lornplayer import paths

    lib = Library.open()
    lib.upsert_case(make_case("C0001"))
    real_access = os.access
    cache = paths.cache_dir()
    monkeypatch.setattr(
        paths.os,
        "access",
        lambda p, mode: False if Path(p) in (cache, *cache.parents) and mode == os.W_OK else real_access(p, mode),
    )
    monkeypatch.setattr(paths, "_temp_dir", None)
    monkeypatch.setattr(paths.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    try:
        index = paths.index_dir()
        assert index.parent == tmp_path / "tmp" / f"lornplayer-{os.getuid()}"
        assert index.parent.stat().st_mode & 0o077 == 0  # private: the index holds your notes
        assert AppCore(lib).search("Replikk").hits
    finally:
        lib.close()
        close_indexes()


def test_folder_that_cannot_be_created_is_named(tmp_path, monkeypatch):
    from lornplayer import paths

    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(paths, "ensure_private_dir", refuse)
    with pytest.raises(LibraryUnavailable) as refused:
        Library.open(tmp_path / "nowhere" / "library.sqlite3")
    assert "permission denied" in str(refused.value) and str(tmp_path) in str(refused.value)


def test_locked_library_is_named_not_moved(tmp_path, faulty):
    path = tmp_path / "data" / "library.sqlite3"
    filled_library(path)
    lib = Library.open(path)
    try:
        faulty[-1].fault = lambda: sqlite_error("database is locked", 5, "SQLITE_BUSY")
        with pytest.raises(WriteRefused, match="locked by another program"):
            lib.add_note(Note(None, "C0001", "nei", 1.0, 0))
    finally:
        lib.close()
    assert not list(path.parent.glob("*.corrupt-*"))


# --------------------------------------------------------------------------
# 3. Damage: repaired in place, the original kept, nothing readable lost
# --------------------------------------------------------------------------


def test_damaged_index_is_rebuilt_and_nothing_is_lost(tmp_path):
    path = tmp_path / "library.sqlite3"
    saved = filled_library(path, notes=2000)
    damage_pages(path, root_page(path, "notes_by_case"))
    lib = Library.open(path, check=True)
    try:
        assert notes_of(lib) == saved
        assert lib.count_cases() == 10 and lib.get_progress("C0001").position == 42.0
        [message] = lib.messages
        assert str(path) in message and ".corrupt-" in message
        assert "all recovered" in message or "nothing was lost" in message
    finally:
        lib.close()
    [kept] = [p for p in path.parent.glob("library.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert kept.stat().st_size > 0


def test_index_out_of_step_with_its_table_is_rebuilt_in_place(tmp_path):
    path = tmp_path / "library.sqlite3"
    saved = filled_library(path, notes=500)
    [page] = leaf_pages(path, "notes_by_case")[:1]
    size = 4096
    data = bytearray(path.read_bytes())
    start = size * (page - 1)
    at = data.index(b"C0003", start, start + size)
    data[at : at + 5] = b"C0099"  # one index entry now points at the wrong case: only REINDEX can tell
    path.write_bytes(bytes(data))
    lib = Library.open(path, check=True)
    try:
        [message] = lib.messages
        assert "only in its indexes" in message and "nothing was lost" in message and ".corrupt-" in message
        assert notes_of(lib) == saved
        assert {n.id for n in lib.notes("C0003")} == {
            i for i, t in saved.items() if t.startswith(tuple(f"notat {k} " for k in range(3, 500, 10)))
        }
    finally:
        lib.close()


def test_damaged_table_page_keeps_every_readable_row_and_says_what_was_lost(tmp_path):
    path = tmp_path / "library.sqlite3"
    saved = filled_library(path, notes=600)
    leaves = leaf_pages(path, "notes")
    damage_pages(path, leaves[len(leaves) // 2])
    lib = Library.open(path, check=True)
    try:
        now = notes_of(lib)
        assert now and set(now.items()) < set(saved.items())  # only genuine rows, most of them
        assert len(now) > 0.8 * len(saved)
        [message] = lib.messages
        assert "notes:" in message and "lost" in message and ".corrupt-" in message
        assert lib.count_cases() == 10
        lib.add_note(Note(None, "C0001", "etter reparasjonen", 1.0, 0))  # a working library
    finally:
        lib.close()
    kept = next(p for p in path.parent.glob("library.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm")))
    old = sqlite3.connect(kept)
    try:  # the kept original is the damaged file itself
        with pytest.raises(sqlite3.DatabaseError):
            old.execute("SELECT count(*) FROM notes NOT INDEXED").fetchone()
    finally:
        old.close()


def test_damage_met_while_running_is_named_and_repaired_at_the_next_start(tmp_path):
    path = tmp_path / "library.sqlite3"
    saved = filled_library(path, notes=600)
    leaves = leaf_pages(path, "notes")
    damage_pages(path, leaves[1])
    lib = Library.open(path)  # a clean shutdown before: no check at open (issue 17)
    try:
        with pytest.raises(StoreError) as damaged:
            lib.notes()
        assert str(path) in str(damaged.value) and "check --repair" in str(damaged.value)
    finally:
        lib.close()
    lib = Library.open(path)
    try:
        assert lib.messages and "repaired" in lib.messages[0]
        assert 0 < len(notes_of(lib)) < len(saved)
    finally:
        lib.close()


def test_no_repair_while_another_process_has_the_library_open(tmp_path):
    path = tmp_path / "library.sqlite3"
    filled_library(path, notes=300)
    damage_pages(path, leaf_pages(path, "notes")[2])
    damaged = path.read_bytes()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        path.with_name(f".{path.name}.open-{other.pid}-1").touch()  # as that process would leave it
        with pytest.raises(StoreError, match=f"another lornplayer \\(process {other.pid}\\)"):
            Library.open(path, check=True)
    finally:
        other.kill()
        other.wait()
    assert path.read_bytes() == damaged and not list(path.parent.glob("*.corrupt-*"))


def test_interrupted_repair_leaves_the_original_in_place(tmp_path, monkeypatch):
    from lornplayer import salvage

    path = tmp_path / "library.sqlite3"
    filled_library(path, notes=300)
    damage_pages(path, leaf_pages(path, "notes")[2])
    damaged = path.read_bytes()

    def boom(*args):
        raise sqlite3.OperationalError("interrupted")

    monkeypatch.setattr(salvage, "_copy_table", boom)
    with pytest.raises(StoreError, match="could not be repaired"):
        Library.open(path, check=True)
    assert path.read_bytes() == damaged
    assert not list(path.parent.glob("*.repairing*")) and not list(path.parent.glob("*.corrupt-*"))


# --------------------------------------------------------------------------
# 4. A 0-byte or missing database next to a kept copy is not a new library
# --------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_empty_database_next_to_a_kept_copy_offers_recovery(tmp_path, state):
    path = tmp_path / "library.sqlite3"
    saved = filled_library(path)
    os.replace(path, path.with_name("library.sqlite3.corrupt-20260101-000000"))  # what the old version did
    if state == "empty":
        path.write_bytes(b"")
    with pytest.raises(RecoveryAvailable) as offer:
        Library.open(path)
    assert "corrupt-20260101" in str(offer.value) and "check --repair" in str(offer.value)
    report = restore(path)
    assert "recovered from" in report.summary()
    lib = Library.open(path)
    try:
        assert notes_of(lib) == saved and lib.messages == []
    finally:
        lib.close()


def test_empty_database_alone_starts_a_new_library_and_says_so(tmp_path):
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"")
    lib = Library.open(path)
    try:
        assert lib.count_cases() == 0 and "0 bytes" in lib.messages[0] and str(path) in lib.messages[0]
    finally:
        lib.close()


def test_start_empty_is_a_choice(tmp_path):
    path = tmp_path / "library.sqlite3"
    filled_library(path)
    os.replace(path, path.with_name("library.sqlite3.corrupt-20260101-000000"))
    lib = Library.open(path, start_empty=True)
    try:
        assert lib.count_cases() == 0
    finally:
        lib.close()
    assert path.with_name("library.sqlite3.corrupt-20260101-000000").exists()


# --------------------------------------------------------------------------
# 5. Killed processes: committed work survives; the check runs only after an unclean shutdown
# --------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys, time
    from lornplayer.model import Note
    from lornplayer.store import Library
    lib = Library.open(sys.argv[1])
    for i in range(50):
        lib.add_note(Note(None, "C0001", f"barn {i}", float(i), 0))
    print("COMMITTED", flush=True)
    if sys.argv[2] == "wait":
        time.sleep(60)
""")


def _child(path: Path, mode: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode], stdout=subprocess.PIPE, text=True, env=env)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")
def test_killed_process_loses_nothing_committed_and_the_next_start_checks(tmp_path, monkeypatch):
    path = tmp_path / "library.sqlite3"
    filled_library(path, cases=2, notes=5)
    proc = _child(path, "wait")
    try:
        assert proc.stdout.readline().strip() == "COMMITTED"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    checks = []
    real = recovery.quick_check
    monkeypatch.setattr(recovery, "quick_check", lambda p, full=False: checks.append(full) or real(p, full))
    lib = Library.open(path)
    try:
        assert checks == [False]  # the cheap check, once, because the child did not shut down cleanly
        assert sum(n.text.startswith("barn ") for n in lib.notes()) == 50
    finally:
        lib.close()
    Library.open(path).close()
    assert checks == [False]  # a clean shutdown before: no check at all


def test_clean_exit_needs_no_check(tmp_path, monkeypatch):
    path = tmp_path / "library.sqlite3"
    proc = _child(path, "exit")
    assert proc.stdout.readline().strip() == "COMMITTED"
    assert proc.wait(timeout=20) == 0
    assert not list(tmp_path.glob(".library.sqlite3.open-*"))
    monkeypatch.setattr(recovery, "quick_check", lambda *a, **k: pytest.fail("checked after a clean exit"))
    Library.open(path).close()
