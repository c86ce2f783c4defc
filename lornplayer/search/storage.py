"""The index's files: generations, the version/manifest file, health checks.

Layout: ``index_dir/CURRENT`` names the live generation directory
``index_dir/ix-*``; each generation holds the Whoosh files plus
``lornplayer-index.json`` (schema version and a size/CRC manifest of the files
the index uses).  A rebuild writes a new generation and swaps ``CURRENT``
atomically, so a crash mid-rebuild leaves the previous index untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

from lornplayer.search.compat import MmapStorage, segment_ids, toc_name
from lornplayer.search.schema import SCHEMA_VERSION

META = "lornplayer-index.json"
CURRENT = "CURRENT"
DIRTY = "WRITING"  # present while a writer is open; left behind if it died
WHOOSH_WRITELOCK = "MAIN_WRITELOCK"  # Whoosh's own lock file in a generation
GEN_PREFIX = "ix-"


def crc(path: Path) -> int:
    value = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            value = zlib.crc32(chunk, value)
    return value


def live_files(gen: Path, ix) -> list[str]:
    """Files the index's current TOC uses (the TOC itself and its segments' files)."""
    ids = segment_ids(ix)
    toc = toc_name(ix)
    return sorted(n for n in os.listdir(gen) if n == toc or n.split(".", 1)[0] in ids)


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def current_dir(index_dir: Path) -> Path | None:
    """The live generation named by ``CURRENT``, or None."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    if not name.startswith(GEN_PREFIX) or "/" in name or "\\" in name:
        return None
    return index_dir / name


def read_meta(gen: Path) -> dict:
    try:
        meta = json.loads((gen / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def write_meta(gen: Path, ix, **extra) -> None:
    """Write the version file: schema, the manifest of live files (CRCs of unchanged files reused)
    and ``extra`` (e.g. the library stamp the index is in step with)."""
    meta = read_meta(gen)
    old = meta.get("files") or {}
    files = {}
    for name in live_files(gen, ix):
        size = (gen / name).stat().st_size
        prev = old.get(name)
        files[name] = prev if prev and prev[0] == size else [size, crc(gen / name)]
    meta.update(extra, schema=SCHEMA_VERSION, files=files)
    atomic_write(gen / META, json.dumps(meta, indent=0))


def check_dir(gen: Path | None) -> str | None:
    """None if generation ``gen`` is usable, else the reason it must be rebuilt (reads every file)."""
    if gen is None or not gen.exists():
        return "the index does not exist"
    if not gen.is_dir():
        return f"the index folder {gen} is not a folder"
    meta = read_meta(gen)
    if not meta:
        return "the index has no readable version file"
    if meta.get("schema") != SCHEMA_VERSION:
        return f"the index has schema version {meta.get('schema')}, this program uses {SCHEMA_VERSION}"
    if (gen / DIRTY).exists():
        # Only a dead writer leaves the marker behind, unless another live
        # process is writing right now (it then holds Whoosh's lock).
        lock = MmapStorage(str(gen)).lock(WHOOSH_WRITELOCK)
        if not lock.acquire(False):
            return None
        lock.release()
        return "a writer died while updating the index (stale write lock)"
    manifest = meta.get("files")
    if not isinstance(manifest, dict) or not manifest:
        return "the index version file has no file list"
    for name, (size, value) in manifest.items():
        path = gen / name
        try:
            if path.stat().st_size != size or crc(path) != value:
                return f"index file {name} is damaged"
        except OSError:
            return f"index file {name} is missing"
    try:
        ix = MmapStorage(str(gen)).open_index()
        with ix.searcher() as s:
            s.doc_count()
    except Exception as e:
        return f"the index cannot be opened ({type(e).__name__}: {e})"
    return None


def remove_old_generations(index_dir: Path, keep: Path | None) -> None:
    for p in index_dir.glob(GEN_PREFIX + "*"):
        if p != keep and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)


LOCK = "LOCK"


class IndexBusy(Exception):
    """Another process kept the index's write lock longer than we were willing to wait."""


class WriterLock:
    """One writer for an index folder across processes: an exclusive ``flock`` on ``index_dir/LOCK``.

    ``acquire`` waits (polling, so it can give up) up to ``timeout`` seconds and then raises
    :class:`IndexBusy` naming the folder and the process holding it.  The lock is the OS's:
    a process that dies releases it, so there is nothing stale to clean up.  Not re-entrant
    within a process (the index serialises its own threads first)."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._fd: int | None = None

    def acquire(self, timeout: float = 30.0, poll: float = 0.05) -> None:
        import fcntl
        import time

        self.index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
                        raise IndexBusy(
                            f"The search index in {self.index_dir} is being written by another lornplayer "
                            f"process (pid {holder}) and it did not finish within {timeout:.0f} s; "
                            f"the index catches up with the library when it is free."
                        ) from None
                    time.sleep(poll)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        import fcntl

        if self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def clean_leftovers(index_dir: Path) -> list[str]:
    """Remove what interrupted writers left: generations other than CURRENT's and temporary files.
    Call with the writer lock held.  Returns what was removed."""
    keep = current_dir(index_dir)
    removed = []
    for p in index_dir.iterdir():
        if p == keep or p.name in (CURRENT, LOCK):
            continue
        if p.name.startswith(GEN_PREFIX) or p.name.endswith(".tmp"):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            removed.append(p.name)
    return removed


def move_aside_if_not_folder(index_dir: Path) -> str | None:
    """If something other than a folder sits where the index belongs, move it aside; say what was done."""
    if (index_dir.exists() and not index_dir.is_dir()) or (index_dir.is_symlink() and not index_dir.exists()):
        import time

        aside = index_dir.with_name(f"{index_dir.name}.not-a-folder-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(index_dir, aside)
        return (
            f"The search index location {index_dir} was a file, not a folder; it was moved to {aside} "
            f"and the index is rebuilt from the library."
        )
    return None
