"""The index follows the library (change stamps), and one writer across processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lornplayer import paths
from lornplayer.core import AppCore, indexing
from lornplayer.model import Case, Note, Turn
from lornplayer.search import IndexBusy, SearchIndex, follow, index_status
from lornplayer.search.storage import WriterLock
from lornplayer.store import MIGRATIONS, Library

REPO = Path(__file__).resolve().parent.parent


def case(i: int, word: str = "fjellgeit") -> Case:
    return Case(
        id=f"C{i:04d}", title=f"Case {i}", host="Vert", turns=[Turn("Vert", f"Vi snakker om {word} nummer {i}.")]
    )


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    for i in range(1, 4):
        lib.upsert_case(case(i))
    yield lib
    lib.close()


@pytest.fixture
def index(tmp_path):
    ix = SearchIndex(tmp_path / "index", procs=1)
    yield ix
    ix.close()


def found(ix: SearchIndex, word: str) -> set[str]:
    return {h.case_id for h in ix.search(word, limit=200).hits}


def changes(library, stamp):
    ch = library.changed_since(stamp)
    return ch.cases, ch.deleted_cases, [n.id for n in ch.notes], ch.deleted_notes


def test_stamps_grow_with_content_and_note_writes_only(library):
    s0 = library.change_stamp()
    assert library.upsert_case(case(1)) == "unchanged" and library.change_stamp() == s0
    assert not library.changed_since(s0)
    library.upsert_case(case(1, "havørn"))
    s1 = library.change_stamp()
    assert s1 > s0 and changes(library, s0) == (["C0001"], [], [], [])
    note_id = library.add_note(Note(None, "C0002", "et notat"))
    library.update_note_text(note_id, "et annet notat")
    s2 = library.change_stamp()
    assert s2 > s1 and changes(library, s1) == ([], [], [note_id], [])
    library.delete_note(note_id)
    assert changes(library, s2) == ([], [], [], [note_id])
    s3 = library.change_stamp()
    library.set_setting("x", 1)
    library.set_anchor("C0003", 0, 1.0)
    assert library.change_stamp() == s3
    library.delete_case("C0003")
    assert changes(library, s3) == ([], ["C0003"], [], [])
    library.upsert_case(case(3))  # back again: no longer deleted
    assert changes(library, s3) == (["C0003"], [], [], [])


def test_older_database_gets_stamps_on_upgrade(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version=3")
    db.execute("INSERT INTO cases (id, title, data_json, text_hash) VALUES ('C0001', 't', '{}', 'h')")
    db.execute("INSERT INTO cases (id, title, data_json, text_hash) VALUES ('C0002', 't', '{}', 'h')")
    db.commit()
    db.close()
    lib = Library(path)
    try:
        assert changes(lib, 0) == (["C0001", "C0002"], [], [], [])
        assert not lib.changed_since(lib.change_stamp())
        lib.add_note(Note(None, "C0001", "ny"))
        assert changes(lib, 1)[2] == [1]
    finally:
        lib.close()


def test_index_catches_up_after_writes_it_missed(library, index):
    assert follow(index, library) == 3
    assert index_status(library, index.index_dir) is None
    assert follow(index, library) == 0  # in step: nothing to do
    # Written while nothing updated the index (a kill after commit, another process, ...).
    library.upsert_case(case(4))
    library.upsert_case(case(2, "havørn"))
    library.delete_case("C0001")
    library.add_note(Note(None, "C0003", "min tanke om ekorn"))
    status = index_status(library, index.index_dir)
    assert "behind" in status and "2 changed and 1 deleted cases, 1 changed and 0 deleted notes" in status
    assert follow(index, library) == 3
    assert index_status(library, index.index_dir) is None
    assert found(index, "fjellgeit") == {"C0003", "C0004"}
    assert found(index, "havørn") == {"C0002"}
    assert found(index, "ekorn") == {"C0003"}


def test_a_deleted_case_never_shows_in_results(library, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "index_dir", lambda: tmp_path / "core-index")
    core = AppCore(library)
    assert {h.case_id for h in core.search("fjellgeit").hits} == {"C0001", "C0002", "C0003"}
    index = indexing.index_for()
    # Even if the index could not catch up (say another process holds its lock), the hit is dropped.
    monkeypatch.setattr("lornplayer.search.follow", lambda *a, **k: 0)
    library.delete_case("C0002")
    assert index.indexed_stamp() < library.change_stamp()
    assert {h.case_id for h in core.search("fjellgeit").hits} == {"C0001", "C0003"}
    indexing.close_indexes()


def test_note_edits_update_the_note_only(library, index):
    follow(index, library)
    note_id = library.add_note(Note(None, "C0002", "en tanke om ekorn"))
    assert follow(index, library) == 1 and found(index, "ekorn") == {"C0002"}
    library.update_note_text(note_id, "en tanke om rev")
    assert follow(index, library) == 1 and found(index, "rev") == {"C0002"} and not found(index, "ekorn")
    library.delete_note(note_id)
    assert follow(index, library) == 1 and not found(index, "rev")
    assert found(index, "fjellgeit") == {"C0001", "C0002", "C0003"}


def test_index_from_older_version_or_other_library_is_rebuilt(library, index, tmp_path):
    index.rebuild([(case(9), [])])  # no stamp recorded
    assert "older version" in index_status(library, index.index_dir)
    assert follow(index, library) == 3 and found(index, "fjellgeit") == {"C0001", "C0002", "C0003"}
    other = Library(tmp_path / "other.sqlite3")
    other.upsert_case(case(7))
    assert "another library" in index_status(other, index.index_dir)
    assert follow(index, other) == 1 and found(index, "fjellgeit") == {"C0007"}
    other.close()


def test_leftovers_are_cleaned_at_the_next_start(library, index, tmp_path):
    follow(index, library)
    index.close()
    (tmp_path / "index" / "ix-interrupted").mkdir()
    (tmp_path / "index" / "ix-interrupted" / "_MAIN_1.toc").write_bytes(b"x")
    (tmp_path / "index" / "CURRENT.tmp").write_text("ix-interrupted")
    ix = SearchIndex(tmp_path / "index", procs=1)
    library.upsert_case(case(5))
    assert follow(ix, library) == 1
    names = {p.name for p in (tmp_path / "index").iterdir()}
    assert "ix-interrupted" not in names and "CURRENT.tmp" not in names
    assert found(ix, "fjellgeit") == {"C0001", "C0002", "C0003", "C0005"}
    ix.close()


def test_index_folder_replaced_by_a_file_is_moved_aside_and_rebuilt(library, tmp_path):
    where = tmp_path / "index"
    where.write_text("not an index")
    assert "is a file, not a folder" in index_status(library, where)
    ix = SearchIndex(where, procs=1)
    assert follow(ix, library) == 3
    assert where.is_dir() and found(ix, "fjellgeit") == {"C0001", "C0002", "C0003"}
    assert "was a file, not a folder" in ix.messages[0]
    assert next(tmp_path.glob("index.not-a-folder-*")).read_text() == "not an index"
    ix.close()


def _run(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def test_a_busy_writer_makes_others_wait_then_gives_a_clear_message(tmp_path, library, index):
    follow(index, library)
    holder = _run(
        """
        import sys
        from pathlib import Path
        from lornplayer.search.storage import WriterLock
        lock = WriterLock(Path(sys.argv[1]))
        lock.acquire()
        print("held", flush=True)
        sys.stdin.readline()
    """,
        str(tmp_path / "index"),
        stdin=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        library.upsert_case(case(6))
        index.lock_timeout = 0.3
        with pytest.raises(IndexBusy, match=r"being written by another lornplayer process \(pid \d+\)") as err:
            follow(index, library)
        assert str(tmp_path / "index") in str(err.value)
        assert found(index, "fjellgeit") == {"C0001", "C0002", "C0003"}  # reading goes on
    finally:
        holder.communicate("\n", timeout=30)
    assert follow(index, library) == 1  # the lock is free again: it catches up
    assert "C0006" in found(index, "fjellgeit")


_WRITER = """
    import sys
    from lornplayer.model import Case, Turn
    from lornplayer.search import SearchIndex, follow
    from lornplayer.store import Library
    lib = Library(sys.argv[1])
    ix = SearchIndex(sys.argv[2], procs=1)
    me = int(sys.argv[3])
    for i in range(12):
        cid = f"C{me * 100 + i:04d}"
        lib.upsert_case(Case(id=cid, title=cid, host="Vert", turns=[Turn("Vert", f"ord{me} og felles {cid}")]))
        follow(ix, lib)
        if i % 4 == 3:
            ix.rebuild([], stamp=None)  # a rebuild racing the other process (swapped in atomically)
            follow(ix, lib)
    print("ok", flush=True)
"""


def test_two_processes_writing_and_rebuilding_the_index_lose_nothing(tmp_path, library, index):
    follow(index, library)
    procs = [_run(_WRITER, str(tmp_path / "lib.sqlite3"), str(tmp_path / "index"), str(me)) for me in (1, 2)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.strip() == "ok", err
    follow(index, library)
    assert index_status(library, index.index_dir) is None
    assert len(found(index, "felles")) == 24
    assert len(found(index, "ord1")) == 12 and len(found(index, "ord2")) == 12
    assert len(list((tmp_path / "index").glob("ix-*"))) == 1  # the others' generations were removed


def test_writer_lock_is_released_when_its_process_dies(tmp_path):
    p = _run(
        """
        import os, sys
        from pathlib import Path
        from lornplayer.search.storage import WriterLock
        WriterLock(Path(sys.argv[1])).acquire()
        os._exit(9)
    """,
        str(tmp_path / "ix"),
    )
    p.communicate(timeout=60)
    assert p.returncode == 9
    lock = WriterLock(tmp_path / "ix")
    lock.acquire(timeout=1)
    lock.release()


def test_core_index_status_and_a_busy_lock_with_an_open_index(library, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "index_dir", lambda: tmp_path / "core-index")
    core = AppCore(library)
    assert "no search index" in core.index_status()
    core.index()
    assert core.index_status() is None
    library.upsert_case(case(8))
    assert "behind the library: 1 changed" in core.index_status()
    index = indexing.index_for()
    index.lock_timeout = 0.2
    other = WriterLock(tmp_path / "core-index")
    other.acquire()
    try:
        assert core.index() is index  # busy elsewhere: answers as it is, no exception
        assert "C0008" not in found(index, "fjellgeit")
    finally:
        other.release()
    core.index()
    assert "C0008" in found(index, "fjellgeit") and core.index_status() is None
    indexing.close_indexes()


def test_an_index_that_cannot_be_written_still_answers(library, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "index_dir", lambda: tmp_path / "ro-index")
    core = AppCore(library)
    core.index()
    indexing.close_indexes()
    library.upsert_case(case(9))

    def read_only(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self.index_dir / "LOCK"))

    monkeypatch.setattr(WriterLock, "acquire", read_only)
    assert {h.case_id for h in core.search("fjellgeit").hits} == {"C0001", "C0002", "C0003"}  # as it was
    indexing.close_indexes()
