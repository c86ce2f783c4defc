"""Fault injection above the store (issue 11): bad pages in an import, `lornplayer check`, SIGTERM/SIGHUP."""

from __future__ import annotations

import errno
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from faultlib import FaultyConnection, damage_pages, disk_full, leaf_pages

from lornplayer import paths
from lornplayer.core.indexing import close_indexes
from lornplayer.importer import import_paths
from lornplayer.model import Note
from lornplayer.parser import parse_text
from lornplayer.store import Library

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _close_indexes():
    yield
    close_indexes()


@pytest.fixture
def lib():
    library = Library.open()
    yield library
    library.close()


def page(cid: str, host: bool = True) -> str:
    text = (DATA / "C9001.txt").read_text(encoding="utf-8").replace("#C9001", f"#{cid}")
    text = text.replace("Et kort testopptak", "Bærekraft og data")
    return text if host else text.replace("Vert: Silvija Seres\n", "")


# --------------------------------------------------------------------------
# 4. and 8. Import: one bad page never aborts the folder; UTF-16 and BOMs
# --------------------------------------------------------------------------


def test_page_without_host_line_imports(lib, tmp_path):
    (tmp_path / "C0901.txt").write_text(page("C0901", host=False), encoding="utf-8")
    report = import_paths(lib, [tmp_path])
    assert report.added == ["C0901"] and not report.problems
    from lornplayer.model import Case

    assert lib.upsert_case(Case(id="C0902", title="Uten vert")) == "added"  # the store takes a case with no host
    assert lib.get_case("C0902").host is None


def test_a_page_that_fails_is_reported_by_name_and_the_rest_imports(lib, tmp_path, monkeypatch):
    from lornplayer import importer

    for cid in ("C0901", "C0902", "C0903"):
        (tmp_path / f"{cid}.txt").write_text(page(cid), encoding="utf-8")
    real = importer.parse_file

    def flaky(path):
        if Path(path).name == "C0902.txt":
            raise TypeError("expected string or bytes-like object, got 'NoneType'")
        return real(path)

    monkeypatch.setattr(importer, "parse_file", flaky)
    report = import_paths(lib, [tmp_path])
    assert report.added == ["C0901", "C0903"]
    [problem] = report.problems
    assert problem.path.endswith("C0902.txt") and "NoneType" in problem.reason


def test_a_folder_of_damaged_pages_imports_what_it_can_and_names_the_rest(lib, tmp_path):
    import random

    rng = random.Random(11)
    original = page("C0900").encode("utf-8")
    lines = original.split(b"\n")
    for n in range(80):
        kind = n % 4
        if kind == 0:  # a line dropped (the host line, the header, a turn …)
            data = b"\n".join(ln for i, ln in enumerate(lines) if i != rng.randrange(len(lines)))
        elif kind == 1:  # bytes overwritten
            data = bytearray(original)
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif kind == 2:  # truncated
            data = original[: rng.randrange(len(original))]
        else:  # a block of another file's bytes in the middle
            at = rng.randrange(len(original))
            data = original[:at] + bytes(rng.randrange(256) for _ in range(200)) + original[at:]
        data = data.replace(b"#C0900", f"#C{901 + n:04d}".encode())
        (tmp_path / f"C{901 + n:04d}.txt").write_bytes(data)
    report = import_paths(lib, [tmp_path])  # never raises
    named = {Path(p.path).name for p in report.problems}
    imported = set(report.added + report.updated + report.unchanged)
    assert len(imported) > 40
    for n in range(80):
        name = f"C{901 + n:04d}.txt"
        assert (
            name in named
            or lib.case_source(f"C{901 + n:04d}")
            or any((lib.case_source(cid) or "").endswith(name) for cid in imported)
        ), name
    assert all(p.reason for p in report.problems)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_pages_from_notepad_import(lib, tmp_path, encoding):
    (tmp_path / "C0904.txt").write_bytes(page("C0904").encode(encoding))
    report = import_paths(lib, [tmp_path])
    assert report.added == ["C0904"], report.problems
    assert lib.get_case("C0904").title == "Bærekraft og data"


def test_full_disk_stops_an_import_once_keeping_what_was_imported(tmp_path, monkeypatch):
    connections: list[FaultyConnection] = []
    original = Library._connect
    monkeypatch.setattr(
        Library, "_connect", lambda self: connections.append(FaultyConnection(original(self))) or connections[-1]
    )
    library = Library.open()
    try:
        for cid in ("C0901", "C0902", "C0903"):
            (tmp_path / f"{cid}.txt").write_text(page(cid), encoding="utf-8")
        seen = []

        def progress(done, total, name):
            seen.append(name)
            if len(seen) == 2:
                connections[-1].fault = disk_full

        report = import_paths(library, [tmp_path], progress=progress)
        assert report.added == ["C0901"]
        [problem] = report.problems
        assert problem.path.endswith("C0902.txt") and "disk is full" in problem.reason
        assert report.stopped and str(paths.data_dir()) in report.stopped
        assert library.case_ids() == ["C0901"]
    finally:
        library.close()


def test_every_command_on_a_read_only_folder_reads_or_says_why_not(tmp_path, capsys, monkeypatch):
    """Issue 11 item 2: a read-only data folder gave a traceback in every command."""
    from lornplayer import recovery
    from lornplayer.cli import main

    library = Library.open()
    library.upsert_case(parse_text(page("C0901")).case)
    library.add_note(Note(None, "C0901", "lest likevel", 1.0, 0))
    library.close()
    monkeypatch.setattr(recovery, "probe_writable", lambda folder: OSError(errno.EROFS, "Read-only file system"))
    folder = str(paths.data_dir())
    assert main(["export-notes", "--format", "md", "--output", str(tmp_path / "n.md")]) == 0
    assert "lest likevel" in (tmp_path / "n.md").read_text(encoding="utf-8")
    assert main(["search", "samarbeid"]) == 0
    assert main(["export-transcript", "C0901", "--format", "vtt"]) == 0
    out, err = capsys.readouterr()
    assert "C0901" in out and "read-only" in err and folder in err
    (tmp_path / "C0902.txt").write_text(page("C0902"), encoding="utf-8")
    assert main(["import", str(tmp_path / "C0902.txt")]) == 1
    assert main(["align", "C0901"]) == 1
    out, err = capsys.readouterr()
    assert "read-only" in err and "Traceback" not in err


# --------------------------------------------------------------------------
# lornplayer check [--repair]
# --------------------------------------------------------------------------


def check(capsys, *argv: str) -> tuple[int, str]:
    from lornplayer.cli import main

    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def test_check_on_a_healthy_library(capsys, lib, monkeypatch):
    from lornplayer import search

    lib.add_note(Note(None, "C0001", "frisk", 1.0, 0))
    monkeypatch.setattr(search, "index_status", lambda library: None, raising=False)
    code, out = check(capsys)
    assert code == 0 and "integrity check: ok" in out and "nothing to repair" in out
    assert "search index: in step" in out


def test_check_reports_damage_and_repair_repairs(capsys):
    path = paths.database_path()
    library = Library.open(path)
    saved = {}
    for i in range(400):
        saved[library.add_note(Note(None, "C0001", f"notat {i} " + "y" * 60, float(i), 0))] = i
    library.close()
    damage_pages(path, leaf_pages(path, "notes")[3])
    before = path.read_bytes()
    code, out = check(capsys)
    assert code == 1 and "problem: integrity" in out and "--repair would" in out
    assert path.read_bytes() == before  # checking writes nothing
    code, out = check(capsys, "--repair")
    assert code == 0, out
    assert "repaired" in out and ".corrupt-" in out and "the library is healthy" in out
    library = Library.open(path)
    try:
        assert 0.8 * len(saved) < len(library.notes()) < len(saved)
    finally:
        library.close()
    code, out = check(capsys)
    assert code == 0 and "nothing to repair" in out


def test_check_repair_recovers_a_library_from_a_kept_copy(capsys):
    path = paths.database_path()
    library = Library.open(path)
    library.add_note(Note(None, "C0001", "må reddes", 1.0, 0))
    library.close()
    os.replace(path, path.with_name(path.name + ".corrupt-20260101-000000"))
    path.write_bytes(b"")
    code, out = check(capsys)
    assert code == 1 and "earlier copies" in out and "recover the library from" in out
    code, out = check(capsys, "--repair")
    assert code == 0 and "recovered from" in out
    library = Library.open(path)
    try:
        assert [n.text for n in library.notes()] == ["må reddes"]
    finally:
        library.close()


def test_check_restore_brings_back_notes_an_old_version_hid(capsys):
    """The old version moved a healthy library aside on a full disk and started an empty one; the user
    went on with it.  `check` lists the kept copy; `check --restore` brings the notes back and keeps the
    library it replaces."""
    path = paths.database_path()
    library = Library.open(path)
    library.add_note(Note(None, "C0001", "det gamle notatet", 1.0, 0))
    library.close()
    old = path.with_name(path.name + ".corrupt-20260101-000000")
    os.replace(path, old)
    library = Library.open(path, start_empty=True)
    library.add_note(Note(None, "C0002", "det nye notatet", 1.0, 0))
    library.close()
    code, out = check(capsys)
    assert "earlier copies kept beside the library: library.sqlite3.corrupt-20260101-000000" in out
    code, out = check(capsys, "--restore", str(old))
    assert code == 0, out
    assert "recovered from" in out and ".before-restore." in out
    library = Library.open(path)
    try:
        assert [n.text for n in library.notes()] == ["det gamle notatet"]
    finally:
        library.close()
    [kept] = path.parent.glob("library.before-restore.*.bak")
    replaced = Library(kept)
    try:
        assert [n.text for n in replaced.notes()] == ["det nye notatet"]
    finally:
        replaced.close()


def test_check_shows_the_index_status_hook(capsys, lib, monkeypatch):
    from lornplayer import search

    monkeypatch.setattr(search, "index_status", lambda library: "3 cases not indexed yet", raising=False)
    code, out = check(capsys)
    assert code == 1 and "problem: search index: 3 cases not indexed yet" in out
    assert "bring the search index in step" in out
    code, out = check(capsys, "--repair")
    assert code == 0 and "search index rebuilt" in out


# --------------------------------------------------------------------------
# 8. SIGTERM and SIGHUP close the app like Ctrl+C
# --------------------------------------------------------------------------

APP = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    QTimer.singleShot(0, lambda: print("RUNNING", flush=True))  # the event loop runs: the handlers are set
    from lornplayer.ui.app import run
    sys.exit(run())
""")


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line.strip())
    out.put(None)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_closes_the_app_cleanly(signame, tmp_path):
    data = paths.data_dir()
    library = Library.open()
    library.close()
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen", LORNPLAYER_DATA_DIR=str(data))
    proc = subprocess.Popen(
        [sys.executable, "-c", APP], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        assert lines.get(timeout=60) == "RUNNING"
        assert list(data.glob(".library.sqlite3.open-*"))  # the library is open
        proc.send_signal(getattr(signal, signame))
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not list(data.glob(".library.sqlite3.open-*"))  # closed cleanly
    db = sqlite3.connect(data / "library.sqlite3")
    try:  # the window saved its settings on the way out
        assert db.execute("SELECT count(*) FROM settings WHERE key='window.geometry'").fetchone()[0] == 1
    finally:
        db.close()
