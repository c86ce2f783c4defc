"""Repairing a damaged library without losing what can still be read.

:func:`repair` keeps the damaged original beside the library (``<name>.corrupt-<time>``, with its
``-wal``) and then, on a copy:

1. rebuilds the indexes (``REINDEX``): damage confined to index b-trees costs nothing;
2. otherwise copies every readable row into a fresh database, table by table, in rowid order; where a
   page cannot be read it skips ahead (1, 2, 4, … rowids) to the next readable row and notes the gap.

The repaired copy replaces the library only when it is complete, so a repair interrupted at any
point leaves the original (under either name) in place.  Case content (pages, turns) that was lost
comes back by importing the pages again; the report says so.  :func:`restore` recovers a missing or
empty library from a ``*.corrupt-*`` file or a backup.  :func:`health` is ``lornplayer check``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from lornplayer.recovery import (
    IO,
    IO_TROUBLE,
    LibraryUnavailable,
    classify,
    other_users,
    recovery_candidates,
    stale_markers,
)
from lornplayer.store import MIGRATIONS, SCHEMA_VERSION, StoreError

USER_TABLES = ("notes", "progress", "anchors", "settings")  # what only the user has; the rest re-imports
CONTENT_TABLES = ("cases", "turns", "people", "case_people")
_BATCH = 500
_MAX_ROWID = 1 << 62


@dataclass
class TableResult:
    name: str
    copied: int = 0
    gaps: list[tuple[int, int]] = field(default_factory=list)  # rowid ranges that could not be read
    unreadable: str | None = None  # the whole table (or its tail) could not be read

    @property
    def complete(self) -> bool:
        return not self.gaps and self.unreadable is None

    def describe(self) -> str:
        text = f"{self.name}: {self.copied} rows recovered"
        if self.gaps:
            spans = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in self.gaps[:5])
            text += f"; unreadable rows (ids {spans}{', …' if len(self.gaps) > 5 else ''}) lost"
        if self.unreadable:
            text += f"; the rest could not be read ({self.unreadable})"
        return text


@dataclass
class RepairReport:
    path: Path
    problem: str
    method: str  # "reindex" | "salvage" | "restore"
    kept: Path | None = None  # the damaged original, kept beside the library
    source: Path | None = None  # what the library was recovered from
    tables: list[TableResult] = field(default_factory=list)

    @property
    def lost_user_data(self) -> list[TableResult]:
        return [t for t in self.tables if t.name in USER_TABLES and not t.complete]

    @property
    def lost_content(self) -> bool:
        return any(t.name in CONTENT_TABLES and not t.complete for t in self.tables)

    def summary(self) -> str:
        kept = f" The damaged original is kept as {self.kept}." if self.kept else ""
        if self.method == "reindex":
            return (
                f"The library {self.path} was damaged ({self.problem}) only in its indexes; they were rebuilt "
                f"and nothing was lost.{kept}"
            )
        head = (
            f"The library {self.path} was recovered from {self.source}"
            if self.method == "restore"
            else f"The library {self.path} was damaged ({self.problem}) and has been repaired"
        )
        lines = [f"{head}.{kept}"]
        lost = self.lost_user_data
        if self.tables:
            lines.append(
                "Your notes, answers, listening progress and settings: "
                + ("all recovered." if not lost else "partly recovered: " + "; ".join(t.describe() for t in lost) + ".")
            )
        if self.lost_content:
            lines.append(
                "Some case content could not be read; import your case pages again (lornplayer import "
                "FOLDER) to restore it — your own data is kept."
            )
        return " ".join(lines)


# --------------------------------------------------------------------------


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _sidecars(path: Path) -> list[tuple[Path, str]]:
    return [(Path(str(path) + s), s) for s in ("", "-wal", "-shm") if Path(str(path) + s).exists()]


def _remove(path: Path) -> None:
    for p, _ in _sidecars(path):
        p.unlink()


def _io_failure(exc: OSError | sqlite3.Error, target: Path) -> LibraryUnavailable:
    kind = classify(exc) or IO
    return LibraryUnavailable(kind, target, getattr(exc, "strerror", None) or str(exc))


def repair(path: Path, problem: str) -> RepairReport:
    """Repair the damaged database at ``path`` in place, keeping the original beside it."""
    path = Path(path)
    others = other_users(path)
    if others:
        raise StoreError(
            f"The library {path} is damaged ({problem}), but another lornplayer (process "
            f"{', '.join(map(str, others))}) has it open: close it, then run `lornplayer check --repair`. "
            f"Nothing was changed."
        )
    kept = path.with_name(f"{path.name}.corrupt-{_stamp()}")
    work = path.with_name(f"{path.name}.repairing")
    _remove(work)
    moved: list[tuple[Path, Path]] = []
    try:
        for src, suffix in _sidecars(path):
            if suffix == "-shm":  # SQLite's shared-memory index of the WAL: rebuilt from the WAL when needed
                src.unlink()
                continue
            os.replace(src, Path(str(kept) + suffix))
            moved.append((Path(str(kept) + suffix), src))
    except OSError as exc:
        for back, original in moved:
            os.replace(back, original)
        raise _io_failure(exc, path.parent) from exc
    try:
        report = _reindexed(kept, work, path, problem) or _salvaged(kept, work, path, problem)
        os.replace(work, path)
    except (OSError, sqlite3.Error) as exc:
        _remove(work)
        Path(f"{kept}-shm").unlink(missing_ok=True)  # made by reading the kept copy
        for back, original in moved:  # put the original back exactly as it was
            os.replace(back, original)
        if isinstance(exc, OSError) or classify(exc) in IO_TROUBLE:
            raise _io_failure(exc, path.parent) from exc
        raise StoreError(
            f"The library {path} is damaged ({problem}) and could not be repaired ({exc}); it was left as it is."
        ) from exc
    Path(f"{kept}-shm").unlink(missing_ok=True)
    report.kept = kept
    return report


def _reindexed(damaged: Path, work: Path, path: Path, problem: str) -> RepairReport | None:
    """A copy of the damaged file with its indexes rebuilt, if that makes it whole."""
    for src, suffix in _sidecars(damaged):
        if suffix != "-shm":
            shutil.copyfile(src, Path(str(work) + suffix))
    try:
        db = sqlite3.connect(work, isolation_level=None)
        try:
            db.execute("REINDEX")
            row = db.execute("PRAGMA integrity_check(1)").fetchone()
            ok = bool(row) and row[0] == "ok"
            if ok:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if classify(exc) in IO_TROUBLE:
            raise
        ok = False
    if not ok:
        _remove(work)
        return None
    _remove_sidecars_only(work)
    return RepairReport(path, problem, "reindex")


def _remove_sidecars_only(path: Path) -> None:
    for p, suffix in _sidecars(path):
        if suffix:
            p.unlink()


def _salvaged(damaged: Path, work: Path, path: Path, problem: str) -> RepairReport:
    """A fresh database holding every row of ``damaged`` that can still be read."""
    _remove(work)
    src = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(work, isolation_level=None)
    report = RepairReport(path, problem, "salvage")
    try:
        tables, later = _create_schema(src, dst)
        dst.execute("BEGIN")
        for table, columns in tables:
            report.tables.append(_copy_table(src, dst, table, columns))
        if report.lost_content:
            # Cases whose transcript may be incomplete: the next import of their page replaces the content.
            dst.execute("UPDATE cases SET text_hash = NULL")
            dst.execute("DELETE FROM turns WHERE case_id NOT IN (SELECT id FROM cases)")
            dst.execute("DELETE FROM case_people WHERE case_id NOT IN (SELECT id FROM cases)")
        for sql in later:  # indexes and triggers once the rows are in (triggers must not fire on the copy)
            try:
                dst.execute(sql)
            except sqlite3.IntegrityError:
                pass
        dst.execute("COMMIT")
        row = dst.execute("PRAGMA integrity_check(1)").fetchone()
        if not row or row[0] != "ok":
            raise sqlite3.DatabaseError(f"the recovered copy does not check out: {row[0] if row else '?'}")
    finally:
        src.close()
        dst.close()
    _remove_sidecars_only(work)
    return report


def _create_schema(src: sqlite3.Connection, dst: sqlite3.Connection):
    """Create the damaged database's tables in ``dst``: [(table, columns)] and the SQL of its indexes/triggers."""
    later: list[str] = []
    try:
        version = src.execute("PRAGMA user_version").fetchone()[0]
        rows = src.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for kind, _, sql in rows:
            if kind == "table":
                dst.execute(sql)
            else:
                later.append(sql)
        tables = [name for kind, name, _ in rows if kind == "table"]
    except sqlite3.DatabaseError as exc:
        if classify(exc) in IO_TROUBLE:
            raise
        # The table list itself is unreadable: start from our own schema and read what the tables still give.
        version = SCHEMA_VERSION
        dst.execute("BEGIN")
        for migrate in MIGRATIONS:
            migrate(dst)
        dst.execute("COMMIT")
        tables = [
            r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
    dst.execute(f"PRAGMA user_version = {int(version)}")
    return [(t, [r[1] for r in dst.execute(f'PRAGMA table_info("{t}")')]) for t in tables], later


def _copy_table(src: sqlite3.Connection, dst: sqlite3.Connection, table: str, columns: list[str]) -> TableResult:
    result = TableResult(table)
    cols = ", ".join(f'"{c}"' for c in columns)
    select = f'SELECT rowid, {cols} FROM "{table}" NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT ?'
    insert = f'INSERT OR IGNORE INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in columns)})'
    last = -1
    while True:
        try:
            rows = src.execute(select, (last, _BATCH)).fetchall()
        except sqlite3.DatabaseError as exc:
            if classify(exc) in IO_TROUBLE and classify(exc) != IO:
                raise
            rows = _read_singly(src, select, last)
            if not rows:  # the next row is unreadable: skip ahead to the next one that reads
                found, reached = _skip_ahead(src, select, last)
                if found is None:
                    result.gaps.append((last + 1, reached))
                    if reached >= _MAX_ROWID:
                        result.unreadable = str(exc)
                    return result
                result.gaps.append((last + 1, found[0] - 1))
                rows = [found]
        if not rows:
            return result
        dst.executemany(insert, [tuple(r[1:]) for r in rows])
        result.copied += len(rows)
        last = rows[-1][0]


def _read_singly(src: sqlite3.Connection, select: str, last: int) -> list[tuple]:
    """The rows after ``last`` up to the first unreadable one."""
    rows: list[tuple] = []
    while True:
        try:
            got = src.execute(select, (last, 1)).fetchall()
        except sqlite3.DatabaseError:
            return rows
        if not got:
            return rows
        rows.extend(got)
        last = got[0][0]
        if len(rows) >= _BATCH:
            return rows


def _skip_ahead(src: sqlite3.Connection, select: str, last: int):
    """(the first readable row well after ``last`` or None, how far the probing got)."""
    step = 1
    while last + step < _MAX_ROWID:
        try:
            got = src.execute(select, (last + step, 1)).fetchall()
        except sqlite3.DatabaseError:
            step *= 2
            continue
        return (got[0] if got else None), last + step
    return None, _MAX_ROWID


# --------------------------------------------------------------------------


def restore(path: Path, candidate: Path | None = None) -> RepairReport:
    """Recover a missing or empty library from a damaged copy or a backup beside it (newest first), or
    from ``candidate``; whatever is at ``path`` is replaced (the caller keeps a backup of a real library)."""
    path = Path(path)
    candidates = [candidate] if candidate else recovery_candidates(path)
    if not candidates:
        raise FileNotFoundError(f"{path}: no damaged copy or backup to recover from")
    source = candidates[0]
    work = path.with_name(f"{path.name}.repairing")
    try:
        report = _reindexed(source, work, path, "missing or empty") or _salvaged(source, work, path, "missing or empty")
        for old, suffix in _sidecars(path):  # the file replaced (empty, or backed up first); a WAL is kept
            if suffix == "-wal" and old.stat().st_size:
                os.replace(old, path.with_name(f"{path.name}.empty-{_stamp()}-wal"))
            else:
                old.unlink()
        os.replace(work, path)
    except (OSError, sqlite3.Error) as exc:
        _remove(work)
        if not isinstance(exc, OSError) and classify(exc) not in IO_TROUBLE:
            raise
        raise _io_failure(exc, path.parent) from exc
    report.method, report.source = "restore", source
    return report


@dataclass
class Health:
    path: Path
    problems: list[str] = field(default_factory=list)  # what is wrong
    repairs: list[str] = field(default_factory=list)  # what --repair would do
    notes: list[str] = field(default_factory=list)  # facts (size, schema, leftovers)

    @property
    def ok(self) -> bool:
        return not self.problems


def health(path: Path) -> Health:
    """A full integrity check of the library file and what a repair would do (reads only)."""
    from lornplayer.recovery import header_problem, probe_writable

    path = Path(path)
    h = Health(path)
    if not path.exists() or path.stat().st_size == 0:
        candidates = recovery_candidates(path)
        state = "empty (0 bytes)" if path.exists() else "missing"
        if candidates:
            h.problems.append(
                f"{path} is {state}, but earlier copies lie beside it: " + ", ".join(str(c) for c in candidates)
            )
            h.repairs.append(f"recover the library from {candidates[0]}")
        else:
            h.notes.append(f"{path} is {state}: a new library will be started")
        return h
    h.notes.append(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    problem = header_problem(path)
    result: list[str] = []
    if problem is None:
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                h.notes.append(f"schema version {version} (this lornplayer: {SCHEMA_VERSION})")
                result = [r[0] for r in db.execute("PRAGMA integrity_check(50)")]
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            if classify(exc) in IO_TROUBLE:
                h.problems.append(f"{path}: cannot be read ({exc})")
                return h
            result = [str(exc)]
    else:
        result = [problem]
    if result != ["ok"]:
        h.problems.extend(f"integrity: {r}" for r in result[:10])
        index_only = all(
            r.startswith(("row ", "wrong # of entries in index", "non-unique entry in index")) and "index" in r
            for r in result
        )
        h.repairs.append(
            "rebuild the indexes (nothing would be lost)"
            if index_only
            else "copy every readable row into a fresh library, keeping the damaged file beside it"
        )
    else:
        h.notes.append("integrity check: ok")
    trouble = probe_writable(path.parent)
    if trouble is not None:
        h.problems.append(
            f"{path.parent}: cannot be written ({trouble.strerror or trouble}): the library opens read-only"
        )
    stale = stale_markers(path)
    if stale:
        h.notes.append(f"{len(stale)} marker(s) of lornplayer processes that did not shut down cleanly")
        h.repairs.append("remove the markers of processes that ended without closing the library")
    leftovers = list(path.parent.glob(f"{path.name}.repairing*"))
    if leftovers:
        h.repairs.append("remove leftovers of an interrupted repair: " + ", ".join(p.name for p in leftovers))
    kept = recovery_candidates(path)
    if kept:
        h.notes.append("earlier copies kept beside the library: " + ", ".join(p.name for p in kept))
    return h
