"""Helpers for the fault-injection tests: simulated SQLite/OS errors, real tmpfs and read-only mounts, damage."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT", "CREATE", "ALTER", "DROP")


def sqlite_error(message: str, code: int, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = name
    return exc


def disk_full() -> sqlite3.OperationalError:
    return sqlite_error("database or disk is full", 13, "SQLITE_FULL")


class FaultyConnection:
    """Wraps a real connection; while ``fault`` is set, every writing statement raises it (as SQLite would
    on a full disk or a file turned read-only), reading goes on."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self.fault = None

    def __getattr__(self, name):
        return getattr(self._db, name)

    def _check(self, sql: str) -> None:
        if self.fault is not None and sql.lstrip().split(None, 1)[0].upper() in WRITES:
            raise self.fault()

    def execute(self, sql, *args):
        self._check(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql, *args):
        self._check(sql)
        return self._db.executemany(sql, *args)


def folder_state(folder: Path) -> dict[str, str]:
    """Name → content hash of every file in ``folder`` (aside: markers of live processes, SQLite's shared-memory
    index and an empty WAL, which a read-only reader may create)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
        and ".open-" not in p.name
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], check=False, capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "5m"):
    """A small real tmpfs at ``path``; skips the test where mounting is impossible (not root, CI container)."""
    path.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)):
        pytest.skip("cannot mount a tmpfs here (the simulated variant covers this)")
    try:
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def read_only_view(source: Path, view: Path):
    """``source`` seen read-only at ``view`` (a read-only bind mount: EROFS even for root)."""
    view.mkdir(parents=True, exist_ok=True)
    if not _mount("--bind", str(source), str(view)):
        pytest.skip("cannot bind-mount here (the simulated variant covers this)")
    try:
        if not _mount("-o", "remount,bind,ro", str(view)):
            pytest.skip("cannot remount read-only here (the simulated variant covers this)")
        yield view
    finally:
        _umount(view)


def fill_disk(folder: Path) -> Path:
    """Fill the file system holding ``folder``; returns the filler file (delete it to free the space)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def damage_pages(path: Path, first: int, count: int = 1) -> None:
    """Overwrite ``count`` database pages from page number ``first`` (1-based) with garbage."""
    db = sqlite3.connect(path)
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    data[size * (first - 1) : size * (first - 1 + count)] = b"\xff" * (size * count)
    path.write_bytes(bytes(data))


def root_page(path: Path, name: str) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (name,)).fetchone()[0]
    finally:
        db.close()


def leaf_pages(path: Path, table: str) -> list[int]:
    """The leaf pages of a table, in rowid order (skips the test if SQLite lacks the dbstat table)."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf' ORDER BY path", (table,)
        ).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        db.close()
    return [r[0] for r in rows]
