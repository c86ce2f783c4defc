"""Downloading one file for offline use: resumable, checked, never left half-written (no Qt).

``download_file(client, url, dest)`` writes to a hidden temporary name beside ``dest``
(``.name.part.mp3``; folder imports skip hidden files), resumes a partial file with an HTTP
``Range`` request (``If-Range`` guards against a changed file), retries dropped connections,
timeouts and server errors with exponential backoff, checks the free space before it starts,
and renames the file to ``dest`` only when it is complete: the size the server announced, and
audio that mutagen can read.  Pausing (or quitting) keeps the partial file for resuming;
cancelling deletes it.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lornplayer.errors import SourceError
from lornplayer.feeds.net import Client, NetworkError, explain

CHUNK = 64 * 1024
RETRIES = 3
BACKOFF = 1.0  # seconds before the first retry; doubles each time
FREE_SPACE_RESERVE = 50 * 1024 * 1024  # keep this much free besides the download

log = logging.getLogger(__name__)
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.IGNORECASE)


class DownloadError(SourceError):
    """A download failed for good; ``str()`` names the episode or URL and the problem."""

    def __init__(self, what: str, reason: str):
        super().__init__(what, reason)
        self.what = what


class DownloadStopped(Exception):
    """The user paused (``paused`` True: the partial file is kept) or cancelled (it is deleted)."""

    def __init__(self, paused: bool):
        self.paused = paused
        super().__init__("paused" if paused else "cancelled")


@dataclass
class Control:
    """Pause/cancel switches shared between the GUI (or Ctrl+C) and the download thread."""

    _paused: threading.Event = field(default_factory=threading.Event)
    _cancelled: threading.Event = field(default_factory=threading.Event)
    #: also pause when this says so (the app is quitting: the partial file is kept)
    quitting: Callable[[], bool] | None = None

    def pause(self) -> None:
        self._paused.set()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def stop(self) -> DownloadStopped | None:
        if self._cancelled.is_set():
            return DownloadStopped(paused=False)
        if self._paused.is_set() or (self.quitting is not None and self.quitting()):
            return DownloadStopped(paused=True)
        return None

    def wait(self, seconds: float) -> None:
        """Sleep for a retry backoff, waking early when paused or cancelled."""
        step = 0.05
        waited = 0.0
        while waited < seconds and self.stop is None:
            self._cancelled.wait(min(step, seconds - waited))
            waited += step


def partial_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.stem}.part{dest.suffix}")


def _meta_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.part.json")


def has_partial(dest: Path) -> bool:
    return partial_path(dest).exists()


def discard_partial(dest: Path) -> None:
    for p in (partial_path(dest), _meta_path(dest)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def check_free_space(folder: Path, needed: int, reserve: int = FREE_SPACE_RESERVE, what: str = "") -> None:
    free = shutil.disk_usage(folder).free
    if needed + reserve > free:
        raise DownloadError(
            what or str(folder),
            f"not enough free space in {folder} (needs {needed / 1e6:.1f} MB "
            f"plus {reserve / 1e6:.0f} MB to spare, {free / 1e6:.1f} MB free)",
        )


def download_file(
    client: Client,
    url: str,
    dest: Path,
    *,
    what: str | None = None,
    expected_size: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    control: Control | None = None,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    reserve: int = FREE_SPACE_RESERVE,
    verify: Callable[[Path], None] | None = None,
) -> Path:
    """Download ``url`` to ``dest`` (see the module docstring).  ``verify(path)`` raises ValueError for bad content."""
    what = what or url
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part, meta_path = partial_path(dest), _meta_path(dest)
    control = control or Control()
    meta = _read_meta(meta_path, url)
    attempt = 0
    while True:
        stop = control.stop
        if stop:
            _stopped(stop, dest)
        try:
            total = _transfer(client, url, part, meta, meta_path, what, expected_size, progress, control, reserve)
            break
        except NetworkError as exc:
            if not exc.retry or attempt >= retries:
                raise DownloadError(what, exc.reason if exc.url == url else str(exc)) from exc
            attempt += 1
            log.info("retry %d of %d in %.1f s: %s", attempt, retries, backoff * 2 ** (attempt - 1), exc)
            control.wait(backoff * 2 ** (attempt - 1))
        except DownloadStopped as stop:
            _stopped(stop, dest)
    size = part.stat().st_size
    if total is not None and size != total:  # pragma: no cover - _transfer already retries this
        raise DownloadError(what, f"incomplete download ({size} of {total} bytes)")
    if verify is not None:
        try:
            verify(part)
        except ValueError as exc:
            discard_partial(dest)
            raise DownloadError(what, str(exc)) from exc
    os.replace(part, dest)
    log.info("downloaded %s to %s (%d bytes)", url, dest, size)
    try:
        meta_path.unlink()
    except FileNotFoundError:
        pass
    return dest


def _stopped(stop: DownloadStopped, dest: Path):
    if not stop.paused:
        discard_partial(dest)
    raise stop


def _read_meta(meta_path: Path, url: str) -> dict:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"url": url}
    return meta if meta.get("url") == url else {"url": url}


def _transfer(
    client, url, part: Path, meta: dict, meta_path: Path, what: str, expected_size, progress, control, reserve
) -> int | None:
    """One attempt: fetch (the rest of) the file into ``part``; returns the full size if known."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Accept": "audio/*, */*;q=0.5"}
    validator = meta.get("etag") if str(meta.get("etag", "")).startswith('"') else meta.get("last_modified")
    if have and validator:
        headers["Range"] = f"bytes={have}-"
        headers["If-Range"] = validator
    elif have:
        headers["Range"] = f"bytes={have}-"
    try:
        resp = client.open(url, headers)
    except NetworkError as exc:
        if exc.status == 416 and have:  # our partial file is longer than the file now: start again
            part.unlink(missing_ok=True)
            raise NetworkError(url, "the file changed on the server; starting again", retry=True) from exc
        raise
    try:
        ctype = (resp.headers.get_content_type() or "").lower()
        if ctype.startswith(("text/html", "image/")) or ctype in ("application/xhtml+xml",):
            raise DownloadError(what, f"not audio (the server sent {ctype} instead of an audio file)")
        total = None
        if resp.status == 206:
            m = _CONTENT_RANGE.match(resp.headers.get("Content-Range", ""))
            if not m or int(m.group(1)) != have:
                raise NetworkError(url, "the server resumed at the wrong place; starting again", retry=True)
            total = int(m.group(3)) if m.group(3) != "*" else None
            mode = "ab"
        else:
            have = 0
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            mode = "wb"
        meta.update(etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"), total=total)
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        remaining = (total - have) if total is not None else (expected_size or 0)
        check_free_space(part.parent, max(0, remaining), reserve, what)
        done = have
        if progress:
            progress(done, total or expected_size)
        try:
            with open(part, mode) as out:
                while True:
                    stop = control.stop
                    if stop:
                        raise stop
                    try:
                        chunk = resp.read(CHUNK)
                    except Exception as exc:
                        raise explain(url, exc, client.timeout) from exc
                    if not chunk:
                        break
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total or expected_size)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DownloadError(
                    what, f"the disk is full ({part.parent}); the partial download is kept for resuming"
                ) from exc
            raise DownloadError(what, f"cannot write {part} ({exc.strerror or exc})") from exc
        if total is not None and done < total:
            raise NetworkError(url, f"truncated transfer ({done} of {total} bytes)", retry=True)
        return total if total is not None else done
    finally:
        resp.close()
