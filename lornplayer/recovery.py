"""Opening the library safely: I/O trouble is told apart from damage, and no library is ever thrown away.

* A full disk, a read-only folder or file, missing permissions or a lock held by another program are
  *I/O trouble*: the files are not touched.  The message names the folder or file, the problem and
  what to do; when the database can still be read, the library opens read-only (search, export and
  viewing notes keep working) and every write raises :class:`WriteRefused` with that message.
* Real damage is repaired in place (:mod:`lornplayer.salvage`): the damaged original is kept beside
  the repaired library as ``<name>.corrupt-<time>`` and the message says what was recovered.
* A missing or 0-byte database next to a ``*.corrupt-*`` or backup file is not a new library:
  :class:`RecoveryAvailable` offers the recovery (``lornplayer check --repair`` or the app's dialog).
* The full-file ``PRAGMA quick_check`` runs only after an unclean shutdown: every process that opens
  the library leaves a small marker file beside it (``.<name>.open-<pid>-<n>``) and removes it when it
  closes the library or exits; a marker of a process that is gone means it was killed or crashed.
  Damage met while running leaves ``.<name>.damaged``: the next open runs the full ``integrity_check``
  (which also compares indexes with their tables) and repairs.
"""

from __future__ import annotations

import atexit
import errno
import itertools
import os
import sqlite3
import threading
from pathlib import Path

from lornplayer.store import Library, Progress, StoreError

FULL, READ_ONLY, PERMISSION, LOCKED, IO, DAMAGED = "full", "read-only", "permission", "locked", "io", "damaged"
IO_TROUBLE = (FULL, READ_ONLY, PERMISSION, LOCKED, IO)

_PROBLEM = {
    FULL: "the disk is full",
    READ_ONLY: "it is read-only",
    PERMISSION: "permission denied",
    LOCKED: "it is locked by another program",
    IO: "the disk reports a read/write error",
}
_ADVICE = {
    FULL: "Free some space on that disk, then try again.",
    READ_ONLY: "Make it writable (it may be on a read-only disk or mount), or choose another data folder with "
    "--data-dir or LORNPLAYER_DATA_DIR.",
    PERMISSION: "Give your user read and write permission there (e.g. chmod u+rwX), or choose another data "
    "folder with --data-dir or LORNPLAYER_DATA_DIR.",
    LOCKED: "Close the other program (another lornplayer?), then try again.",
    IO: "Check the disk; copy the folder to another disk if you can.",
}
_SQLITE_KIND = {
    13: FULL,
    8: READ_ONLY,
    3: PERMISSION,
    23: PERMISSION,
    5: LOCKED,
    6: LOCKED,
    10: IO,
    11: DAMAGED,
    26: DAMAGED,
}
_ERRNO_KIND = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: PERMISSION,
    errno.EPERM: PERMISSION,
    errno.EIO: IO,
    errno.EBUSY: LOCKED,
}
_MESSAGE_KIND = [
    ("disk is full", FULL),
    ("readonly", READ_ONLY),
    ("read-only", READ_ONLY),
    ("locked", LOCKED),
    ("malformed", DAMAGED),
    ("not a database", DAMAGED),
    ("disk i/o error", IO),
    ("permission", PERMISSION),
]


def classify(exc: BaseException) -> str | None:
    """What kind of trouble an SQLite or OS error means: one of the constants above, or None."""
    if isinstance(exc, OSError) and exc.errno in _ERRNO_KIND:
        return _ERRNO_KIND[exc.errno]
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(exc, sqlite3.Error) and code is not None and (code & 0xFF) in _SQLITE_KIND:
        kind = _SQLITE_KIND[code & 0xFF]
        if kind == IO and (code >> 8) == 13:  # SQLITE_IOERR_SHORT_READ etc. stay I/O; ENOSPC variants are full
            return FULL
        return kind
    text = str(exc).lower()
    for words, kind in _MESSAGE_KIND:
        if words in text:
            return kind
    return None


def describe(kind: str, target: Path, action: str = "open") -> str:
    """One message naming the folder or file, the problem and what to do."""
    what = "folder" if target.is_dir() else "file"
    return f"Cannot {action} the library {what} {target}: {_PROBLEM.get(kind, kind)}. {_ADVICE.get(kind, '')}".strip()


class LibraryUnavailable(StoreError):
    """The library cannot be opened because of I/O trouble; the files were not touched."""

    def __init__(self, kind: str, target: Path, detail: str = ""):
        self.kind, self.target = kind, Path(target)
        message = describe(kind, self.target) + " Nothing was changed."
        super().__init__(f"{message} ({detail})" if detail else message)


class WriteRefused(StoreError):
    """A change could not be saved (disk full, read-only, …); everything saved before is intact."""

    def __init__(self, kind: str, target: Path, detail: str = "", reason: str | None = None):
        self.kind, self.target = kind, Path(target)
        message = (
            reason or describe(kind, self.target, "save to")
        ) + " Your last change was not saved; everything saved before it is kept."
        super().__init__(f"{message} ({detail})" if detail else message)


class RecoveryAvailable(StoreError):
    """The database is missing or empty, but a damaged copy or a backup lies beside it."""

    def __init__(self, path: Path, candidates: list[Path]):
        self.path, self.candidates = Path(path), candidates
        state = "is empty (0 bytes)" if self.path.exists() else "is missing"
        listed = ", ".join(str(c) for c in candidates[:3])
        super().__init__(
            f"The library {self.path} {state}, but an earlier copy lies beside it ({listed}). "
            f"Run `lornplayer check --repair` to recover the library from it (or choose Recover in the app); "
            f"move those files away to start an empty library instead."
        )


def connect_read_only(library: Library) -> sqlite3.Connection:
    """``mode=ro`` (sees the WAL); ``immutable=1`` when not even the WAL index can be created."""
    path = library.path
    uri = path.resolve().as_uri()

    def connect(query: str) -> sqlite3.Connection:
        db = sqlite3.connect(uri + query, uri=True, check_same_thread=False, isolation_level=None, timeout=10)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            db.close()
            raise
        return db

    try:
        db = connect("?mode=ro")
        immutable = False
    except sqlite3.OperationalError:
        db, immutable = connect("?immutable=1"), True
    wal = Path(f"{path}-wal")
    if immutable and wal.exists() and wal.stat().st_size:
        library.messages.append(
            f"The latest changes, in {wal}, cannot be read until {path.parent} is writable again; they are kept."
        )
    db.row_factory = sqlite3.Row
    return db


def domain_error(library: Library, exc: sqlite3.DatabaseError) -> Exception:
    """I/O trouble and damage met while running become one clear message naming the file or folder;
    other errors are returned as they are."""
    kind = classify(exc)
    if kind == DAMAGED:
        try:
            damage_flag(library.path).touch()
        except OSError:
            pass
        return StoreError(
            f"The library {library.path} is damaged ({exc}). Run `lornplayer check --repair` to "
            f"repair it (the damaged file is kept), or restart lornplayer."
        )
    if kind in IO_TROUBLE:
        return WriteRefused(kind, library.path.parent if kind == FULL else library.path, str(exc))
    return exc


class SafeLibrary(Library):
    """The library :func:`open_library` returns.

    What the app writes just by being used — preferences (the last case, the volume) and where you are
    in an episode — is kept in memory for the session when it cannot be written (full disk, read-only),
    so viewing and listening go on; ``on_refused(exc)``, if set, is told (from any thread).  Changes of
    your own content (notes, answers, anchors, imports) raise :class:`WriteRefused`.
    """

    def __init__(self, db_path, read_only: str | None = None):
        self._session_settings: dict = {}
        self._session_progress: dict[str, Progress] = {}
        self.on_refused = None
        super().__init__(db_path, read_only=read_only)

    def _refused(self, exc: WriteRefused) -> None:
        if self.read_only is None and self.on_refused is not None:  # a read-only library said so at start
            self.on_refused(exc)

    def get_setting(self, key: str, default=None):
        if key in self._session_settings:
            return self._session_settings[key]
        return super().get_setting(key, default)

    def set_setting(self, key: str, value) -> None:
        try:
            super().set_setting(key, value)
        except WriteRefused as exc:
            self._session_settings[key] = value
            self._refused(exc)
        else:
            self._session_settings.pop(key, None)

    def get_progress(self, case_id: str) -> Progress:
        return self._session_progress.get(case_id) or super().get_progress(case_id)

    def save_progress(self, p: Progress) -> None:
        try:
            super().save_progress(p)
        except WriteRefused as exc:
            self._session_progress[p.case_id] = p
            self._refused(exc)
        else:
            self._session_progress.pop(p.case_id, None)


# --------------------------------------------------------------------------
# Files beside the database
# --------------------------------------------------------------------------


def recovery_candidates(path: Path) -> list[Path]:
    """Damaged originals and backups of this library, newest first."""
    found = [p for p in path.parent.glob(f"{path.name}.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    found += list(path.parent.glob(f"{path.stem}.*.bak"))
    found = [p for p in found if p.is_file() and p.stat().st_size > 0]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def probe_writable(folder: Path) -> OSError | None:
    """Try to create and write a small file in ``folder``; the error if that fails (root ignores modes)."""
    probe = folder / f".lornplayer-write-test-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * 4096)  # file systems reserve the space here, so a full disk fails now
        finally:
            os.close(fd)
    except OSError as exc:
        return exc
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


_marker_counter = itertools.count(1)
_live_markers: set[Path] = set()
_markers_lock = threading.Lock()


def damage_flag(path: Path) -> Path:
    """Left when damage was met while running: the next open runs the full integrity check."""
    return path.with_name(f".{path.name}.damaged")


def _marker_glob(path: Path) -> list[Path]:
    return list(path.parent.glob(f".{path.name}.open-*"))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # (on Windows os.kill(pid, 0) would send Ctrl+C)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _marker_pid(marker: Path) -> int | None:
    try:
        return int(marker.name.rsplit(".open-", 1)[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def other_users(path: Path) -> list[int]:
    """Other running processes that have the library open."""
    pids = {_marker_pid(m) for m in _marker_glob(path)}
    return sorted(p for p in pids if p is not None and p != os.getpid() and _pid_alive(p))


def stale_markers(path: Path) -> list[Path]:
    """Markers left by processes that ended without closing the library (killed, crashed, power cut)."""
    return [m for m in _marker_glob(path) if (pid := _marker_pid(m)) is not None and not _pid_alive(pid)]


def _make_marker(path: Path) -> Path | None:
    marker = path.with_name(f".{path.name}.open-{os.getpid()}-{next(_marker_counter)}")
    try:
        marker.touch()
    except OSError:
        return None
    with _markers_lock:
        _live_markers.add(marker)
    return marker


def remove_marker(marker: Path | None) -> None:
    if marker is None:
        return
    with _markers_lock:
        _live_markers.discard(marker)
    try:
        marker.unlink()
    except OSError:
        pass


@atexit.register
def _remove_live_markers() -> None:  # a normal exit is a clean shutdown, even without close()
    for marker in list(_live_markers):
        remove_marker(marker)


# --------------------------------------------------------------------------
# Opening
# --------------------------------------------------------------------------


def quick_check(path: Path, full: bool = False) -> str | None:
    """None if the database reads back fine (``PRAGMA quick_check``; ``full``: ``integrity_check``, which
    also compares every index with its table), else what is wrong."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            row = db.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(1)").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if classify(exc) in IO_TROUBLE:
            raise
        return str(exc)
    if not row or row[0] != "ok":
        return f"integrity check failed: {row[0] if row else 'no answer'}"
    return None


def header_problem(path: Path) -> str | None:
    """Cheap check of the file's first bytes (raises OSError if it cannot be read at all)."""
    with open(path, "rb") as f:
        head = f.read(100)
    if head[:16] != b"SQLite format 3\x00":
        return "not an SQLite database"
    return None


def open_library(path: Path, *, check: bool | None = None, start_empty: bool = False) -> Library:
    """Open (or create) the library at ``path`` as described in the module docstring.

    ``check``: True always runs the full integrity check, False never checks, None checks only after an unclean
    shutdown (quick check) or damage met while running (full check).
    ``start_empty``: the user chose a new, empty library although a recoverable copy lies beside it.
    """
    from lornplayer import paths

    path = Path(path)
    folder = path.parent
    try:
        paths.ensure_private_dir(folder)
    except OSError as exc:
        raise LibraryUnavailable(classify(exc) or IO, _existing_parent(folder), exc.strerror or str(exc)) from exc
    messages: list[str] = []
    try:
        size = path.stat().st_size if path.exists() else None
        if not size:
            candidates = recovery_candidates(path)
            if candidates and not start_empty:
                raise RecoveryAvailable(path, candidates)
            if size == 0 and not candidates:
                messages.append(f"The library file {path} was empty (0 bytes); a new library was started in it.")
        problem = header_problem(path) if size else None
    except OSError as exc:
        raise LibraryUnavailable(classify(exc) or IO, path, exc.strerror or str(exc)) from exc

    stale = stale_markers(path)
    flagged = damage_flag(path)
    marker = _make_marker(path)  # first, so that another process starting now sees this one (no double repair)
    try:
        if problem is None and size and check is not False:
            if check or flagged.exists():
                problem = quick_check(path, full=True)
            elif stale:  # an unclean shutdown: the cheap check (it does not compare indexes with tables)
                problem = quick_check(path)
        lib = _repair_and_open(path, problem) if problem is not None else _open_or_read_only(path)
    except BaseException:
        remove_marker(marker)
        raise
    if lib.read_only is None:
        for old in [*stale, flagged]:
            remove_marker(old)
    lib._marker = marker
    lib.messages[:0] = messages
    return lib


def _existing_parent(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _open_or_read_only(path: Path) -> Library:
    """Open read-write; on I/O trouble (found by a write probe or by SQLite) open read-only instead."""
    trouble = probe_writable(path.parent)
    if trouble is None:
        try:
            return SafeLibrary(path)
        except StoreError as exc:
            cause = exc.__cause__ or exc
            kind = classify(cause)
            if kind == DAMAGED:
                return _repair_and_open(path, str(cause))
            if kind not in IO_TROUBLE:
                raise
            detail = str(cause)
        except OSError as exc:
            kind, detail = classify(exc) or IO, exc.strerror or str(exc)
    else:
        kind, detail = classify(trouble) or IO, trouble.strerror or str(trouble)
    target = _trouble_target(path, kind)
    if kind == LOCKED or not path.exists() or path.stat().st_size == 0:
        raise LibraryUnavailable(kind, target, detail)  # nothing there to read
    refusal = describe(kind, target, "save to")
    try:
        lib = SafeLibrary(path, read_only=refusal)
    except (StoreError, OSError) as exc:
        raise LibraryUnavailable(kind, target, detail) from exc
    lib.messages.append(
        refusal + " The library is open for reading only: search, exports and your notes can be "
        "viewed, but changes cannot be saved until this is fixed (where you are in an episode "
        "and your preferences are kept until you quit)."
    )
    return lib


def _trouble_target(path: Path, kind: str) -> Path:
    """The folder when the trouble is there (full disk, read-only or unwritable folder), else the file."""
    if kind == FULL or probe_writable(path.parent) is not None:
        return path.parent
    return path


def _repair_and_open(path: Path, problem: str) -> Library:
    from lornplayer.salvage import repair

    report = repair(path, problem)  # refuses while another process has the library open
    lib = _open_or_read_only(path)
    lib.messages.append(report.summary())
    return lib
