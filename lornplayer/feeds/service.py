"""Feed operations shared by the CLI and the UI (no Qt): subscribe, refresh, download, assign, import URL.

Every network action goes through a :class:`~lornplayer.feeds.net.Client` made for the library,
so the "Work offline" setting stops it before anything is contacted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lornplayer import paths
from lornplayer.audio import AUDIO_EXTENSIONS, AudioProbeError, probe
from lornplayer.feeds import db
from lornplayer.feeds.download import (
    Control,
    DownloadError,
    DownloadStopped,
    download_file,
)
from lornplayer.feeds.feed import FeedError, FeedInfo, parse_feed
from lornplayer.feeds.matching import (
    Evidence,
    Match,
    candidates_from_library,
    case_number,
    match,
    number_match,
    url_file_stem,
)
from lornplayer.feeds.net import Client, NetworkError, is_url
from lornplayer.feeds.opml import Outline, read_opml, write_opml
from lornplayer.model import AudioFile
from lornplayer.store import Library
from lornplayer.textfold import fold

MAX_FEED_BYTES = 30 * 1024 * 1024
MAX_SIDECAR_BYTES = 5 * 1024 * 1024
_AUDIO_TYPES = {
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/aac": ".m4a",
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
}
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


def client_for(library: Library, **kwargs) -> Client:
    return Client.for_library(library, **kwargs)


def audio_dir(library: Library) -> Path:
    """The library's audio folder: the ``feeds.audio_dir`` setting, else ``LORNPLAYER_AUDIO_DIR``, else data/audio."""
    chosen = library.get_setting(db.AUDIO_DIR_SETTING)
    return Path(chosen).expanduser() if chosen else paths.audio_dir()


# --------------------------------------------------------------------------
# Subscriptions
# --------------------------------------------------------------------------


@dataclass
class RefreshResult:
    feed_id: int
    title: str
    episodes: int
    new_episode_ids: list[int] = field(default_factory=list)


def load_feed(source: str, client: Client) -> tuple[FeedInfo, str]:
    """Read a feed from a URL or a saved file; returns it and the URL to remember for refreshing."""
    if is_url(source):
        resp = client.get(source, max_bytes=MAX_FEED_BYTES, accept=FEED_ACCEPT)
        return parse_feed(resp.body, source), source
    path = Path(source).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    info = parse_feed(data, str(path))
    # A saved feed usually names its own address (atom:link rel=self or the channel); refresh from there.
    return info, str(path.resolve())


def add_feed(library: Library, source: str, client: Client | None = None) -> RefreshResult:
    client = client or client_for(library)
    if is_url(source):
        resp = client.get(source, max_bytes=MAX_FEED_BYTES, accept=FEED_ACCEPT)
        info = parse_feed(resp.body, source)
        feed_id, _new = db.upsert_feed(library, info, source)
        db.set_feed_validators(library, feed_id, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
    else:
        info, url = load_feed(source, client)
        feed_id, _new = db.upsert_feed(library, info, url)
    return RefreshResult(feed_id, info.title, len(info.episodes))


def refresh_feed(library: Library, feed: db.Feed, client: Client | None = None) -> RefreshResult:
    """Fetch the feed again; an unchanged feed (HTTP 304 to a conditional request) costs no download."""
    client = client or client_for(library)
    try:
        if is_url(feed.url):
            etag, modified = db.feed_validators(library, feed.id)
            conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
            resp = client.get(feed.url, max_bytes=MAX_FEED_BYTES, accept=FEED_ACCEPT, headers=conditional)
            if resp.status == 304:
                db.set_feed_refreshed(library, feed.id)
                return RefreshResult(feed.id, feed.title or feed.url, feed.episode_count)
            info = parse_feed(resp.body, feed.url)
        else:
            info, _url = load_feed(feed.url, client)
            resp = None
    except (NetworkError, FeedError) as exc:
        db.set_feed_error(library, feed.id, str(exc))
        raise
    feed_id, new_ids = db.upsert_feed(library, info, feed.url)
    if resp is not None:
        db.set_feed_validators(library, feed_id, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
    return RefreshResult(feed_id, info.title, len(info.episodes), new_ids)


def import_opml(
    library: Library, path: str | Path, client: Client | None = None, fetch: bool = True
) -> tuple[list[RefreshResult], list[str]]:
    """Subscribe to every feed in an OPML file; returns what was added and one message per failure."""
    client = client or client_for(library)
    added, problems = [], []
    for outline in read_opml(path):
        if db.find_feed(library, outline.url):
            continue
        try:
            if fetch and not client.offline:
                added.append(add_feed(library, outline.url, client))
            else:
                added.append(_subscribe_unfetched(library, outline))
        except (NetworkError, FeedError) as exc:
            problems.append(str(exc))
            added.append(_subscribe_unfetched(library, outline, error=str(exc)))
    return added, problems


def _subscribe_unfetched(library: Library, outline: Outline, error: str | None = None) -> RefreshResult:
    info = FeedInfo(url=outline.url, title=outline.title or outline.url, link=outline.link)
    feed_id, _ = db.upsert_feed(library, info, outline.url)
    with library._tx() as conn:
        conn.execute("UPDATE feeds SET refreshed_at=NULL, error=? WHERE id=?", (error, feed_id))
    return RefreshResult(feed_id, info.title, 0)


def export_opml(library: Library, path: str | Path) -> Path:
    return write_opml(path, [Outline(f.url, f.title, f.link) for f in db.feeds(library) if is_url(f.url)])


# --------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------


def _slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-") or "episode"


def episode_path(library: Library, ep: db.Episode) -> Path:
    """Where an episode's audio goes: ``<audio dir>/<feed>/<title>-<guid hash>.<ext>`` (stable across runs)."""
    if ep.audio_path:
        return Path(ep.audio_path)
    suffix = Path(url_file_stem(ep.audio_url) and (ep.audio_url or "").split("?")[0]).suffix.lower()
    if suffix not in AUDIO_EXTENSIONS:
        suffix = _AUDIO_TYPES.get((ep.audio_type or "").lower().split(";")[0].strip(), ".mp3")
    tag = hashlib.sha1(ep.guid.encode("utf-8")).hexdigest()[:6]
    return audio_dir(library) / _slug(ep.feed_title or "feed", 40) / f"{_slug(ep.title or ep.guid)}-{tag}{suffix}"


def _already_here(dest: Path, size: int | None) -> bool:
    """A complete, readable file is already at ``dest`` (its size as the feed says, when it says)."""
    try:
        if not dest.is_file() or (size and dest.stat().st_size != size):
            return False
        _verify_audio(dest)
    except (OSError, ValueError):
        return False
    return True


def _verify_audio(path: Path) -> None:
    try:
        probe(path)
    except AudioProbeError as exc:
        raise ValueError(exc.reason) from exc


@dataclass
class DownloadOutcome:
    episode_id: int
    path: str | None = None
    match: Match | None = None
    error: str | None = None
    stopped: str | None = None  # "paused" | "cancelled"
    warnings: list[str] = field(default_factory=list)


def download_episode(
    library: Library,
    ep: db.Episode,
    client: Client | None = None,
    control: Control | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    reserve: int | None = None,
) -> DownloadOutcome:
    """Download one episode (and its timed transcript and chapters), then put it in the library and match it."""
    from lornplayer.feeds.download import FREE_SPACE_RESERVE

    client = client or client_for(library)
    outcome = DownloadOutcome(ep.id)
    if not ep.audio_url:
        outcome.error = f"{ep.label}: the feed gives no audio file for this episode"
        return outcome
    dest = episode_path(library, ep)
    if ep.downloaded and dest.exists():
        outcome.path = str(dest)
        return outcome
    db.set_episode_download(library, ep.id, "partial", str(dest))
    try:
        if not _already_here(dest, ep.size):  # else downloaded before, e.g. under an earlier subscription
            download_file(
                client,
                ep.audio_url,
                dest,
                what=f"{ep.label} ({ep.audio_url})",
                expected_size=ep.size,
                progress=progress,
                control=control,
                retries=retries,
                backoff=backoff,
                reserve=FREE_SPACE_RESERVE if reserve is None else reserve,
                verify=_verify_audio,
            )
    except DownloadStopped as stop:
        outcome.stopped = "paused" if stop.paused else "cancelled"
        db.set_episode_download(library, ep.id, "partial" if stop.paused else "")
        return outcome
    except (DownloadError, NetworkError) as exc:
        outcome.error = str(exc)
        db.set_episode_download(library, ep.id, "failed", error=str(exc))
        return outcome
    outcome.path = str(dest)
    outcome.warnings += fetch_sidecars(ep, dest, client)
    outcome.match = register_audio(
        library,
        dest,
        Evidence(
            guid=ep.guid,
            link=ep.link,
            title=ep.title,
            file_name=url_file_stem(ep.audio_url),
            description=ep.description,
            people=ep.people,
            duration=ep.duration,
        ),
    )
    db.set_episode_download(library, ep.id, "done", str(dest))
    return outcome


def fetch_sidecars(ep: db.Episode, dest: Path, client: Client) -> list[str]:
    """The episode's timed transcript (``<stem>.vtt/.srt/.json``) and chapters (``<stem>.chapters.json``).

    A file already there (the user's own sidecar) is never replaced.  Failures are warnings."""
    warnings = []
    jobs = []
    t = ep.info().best_transcript()
    if t is not None:
        jobs.append(("transcript", t.url, dest.with_suffix(t.suffix)))  # type: ignore[arg-type]
    if ep.chapters_url:
        jobs.append(("chapters", ep.chapters_url, dest.with_suffix(".chapters.json")))
    for kind, url, target in jobs:
        if target.exists():
            continue
        try:
            body = client.get(url, max_bytes=MAX_SIDECAR_BYTES).body
        except NetworkError as exc:
            warnings.append(f"{ep.label}: {kind} not downloaded: {exc}")
            continue
        problem = _sidecar_problem(kind, target.suffix, body)
        if problem:
            warnings.append(f"{ep.label}: {kind} not saved: {url}: {problem}")
            continue
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(body)
        tmp.replace(target)
    return warnings


def _sidecar_problem(kind: str, suffix: str, body: bytes) -> str | None:
    """Why a downloaded transcript or chapters file is unusable (so it is not saved), or None."""
    import json

    from lornplayer.timedtext import READERS, TimedTextError

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    try:
        if kind == "chapters":
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
                return "not a Podcasting 2.0 chapters file"
        elif not READERS[suffix](text):
            return "no cues in it"
    except (ValueError, TimedTextError) as exc:
        return f"not a readable {suffix.lstrip('.').upper()} file ({exc})"
    return None


def register_audio(library: Library, path: Path, evidence: Evidence, info: AudioFile | None = None) -> Match:
    """Add an audio file to the library and match it to its case (applied or only proposed)."""
    info = info or probe(path)
    evidence.file_name = evidence.file_name or path.stem
    evidence.title = evidence.title or info.title
    evidence.duration = evidence.duration or info.duration
    # GUID, link, title, file name first; then what probe found in the file's own name and tags.
    result = number_match(evidence)
    if result is None and info.case_id:
        result = Match(info.case_id, 1.0, "case number in the file name or tags", True)
    if result is None:
        result = match(evidence, candidates_from_library(library))
    old = db.audio_row(library, info.path)
    if old is not None and old["match_reason"] == MANUAL:
        return Match(old["case_id"], 1.0, MANUAL, True)  # the user's own assignment stays
    info.case_id = result.case_id if result.applied else None
    library.add_audio(info)
    db.set_audio_match(
        library,
        info.path,
        info.case_id,
        None if result.applied else result.case_id,
        result.score if result.case_id else None,
        result.reason if result.case_id else None,
    )
    return result


MANUAL = "assigned by hand"


def audio_progress_key(path: str | Path) -> str:
    """Where the listening progress of an episode played without a case is kept (the progress table)."""
    return f"audio:{path}"


def _move_progress_to_case(library: Library, path: str, case_id: str) -> None:
    """What was heard of a caseless episode counts for the case it is linked to."""
    from lornplayer.progress import ListenedIntervals

    heard = library.get_progress(audio_progress_key(path))
    if not heard.listened_seconds and not heard.time_listened:
        return
    case = library.get_progress(case_id)
    listened = ListenedIntervals.from_json(case.listened_json)
    listened.update(ListenedIntervals.from_json(heard.listened_json))
    case.listened_json, case.listened_seconds = listened.to_json(), listened.total()
    case.time_listened += heard.time_listened
    case.position = case.position or heard.position
    case.duration = case.duration or heard.duration
    case.last_played = max(filter(None, [case.last_played, heard.last_played]), default=None)
    library.save_progress(case)
    heard.listened_json, heard.listened_seconds, heard.time_listened = "[]", 0.0, 0.0
    library.save_progress(heard)


def assign_audio(library: Library, audio: str | Path, case_id: str | None) -> str:
    """Link an audio file to a case by hand (``None`` unlinks it); the file is added to the library if new.

    Returns the file's path as the library knows it."""
    path = str(Path(audio).expanduser().resolve())
    if case_id is not None and not library.has_case(case_id):
        raise ValueError(f"no such case in the library: {case_id}")
    row = db.audio_row(library, path)
    if row is None:
        try:
            info = probe(path)
        except AudioProbeError as exc:
            raise ValueError(str(exc)) from exc
        library.add_audio(info)
    db.set_audio_match(library, path, case_id, None, 1.0 if case_id else None, MANUAL if case_id else None)
    if case_id:
        _move_progress_to_case(library, path, case_id)
    return path


def download_many(
    library: Library,
    episodes: list[db.Episode],
    client: Client | None = None,
    control: Control | None = None,
    progress: Callable[[int, int, int, int | None, int, int], None] | None = None,
    **kwargs,
) -> list[DownloadOutcome]:
    """Download episodes one after another.

    ``progress(index, count, done_bytes, total_bytes, overall_done, overall_total)`` is called as bytes arrive."""
    client = client or client_for(library)
    sizes = [e.size or 0 for e in episodes]
    overall_total = sum(sizes)
    outcomes = []
    finished_bytes = 0
    for i, ep in enumerate(episodes):

        def on_bytes(done, total, i=i, before=finished_bytes):
            if progress:
                progress(i, len(episodes), done, total, before + done, max(overall_total, before + done))

        out = download_episode(library, ep, client, control, on_bytes, **kwargs)
        outcomes.append(out)
        finished_bytes += sizes[i] or (Path(out.path).stat().st_size if out.path else 0)
        if out.stopped:
            break
    return outcomes


def refresh_all(
    library: Library, feed_ids: list[int] | None = None, client: Client | None = None
) -> tuple[list[RefreshResult], list[str]]:
    client = client or client_for(library)
    results, problems = [], []
    for feed in db.feeds(library):
        if feed_ids is not None and feed.id not in feed_ids:
            continue
        try:
            results.append(refresh_feed(library, feed, client))
        except (NetworkError, FeedError) as exc:
            problems.append(str(exc))
    return results, problems


def refresh_due(library: Library, now: datetime | None = None) -> bool:
    """Whether automatic refresh is on, the network allowed, and some feed was last refreshed that long ago."""
    hours = float(library.get_setting(db.REFRESH_HOURS_SETTING, 0) or 0)
    if hours <= 0 or client_for(library).offline:
        return False
    now = now or datetime.now(timezone.utc)
    for feed in db.feeds(library):
        if not is_url(feed.url):
            continue
        try:
            last = datetime.fromisoformat(feed.refreshed_at) if feed.refreshed_at else None
        except ValueError:
            last = None
        if last is None or now - last >= timedelta(hours=hours):
            return True
    return False


def after_refresh(
    library: Library, results: list[RefreshResult], client: Client | None = None
) -> list[DownloadOutcome]:
    """What the user enabled: download new episodes, delete finished ones after N days (both off by default)."""
    outcomes = []
    if library.get_setting(db.AUTO_DOWNLOAD_SETTING, False):
        new = [e for r in results for e in (db.get_episode(library, i) for i in r.new_episode_ids) if e]
        outcomes = download_many(library, new, client)
    delete_finished(library)
    return outcomes


def delete_finished(library: Library, days: int | None = None, now: datetime | None = None) -> list[str]:
    """Delete downloaded episodes whose case was finished more than ``days`` ago (setting; 0 = never)."""
    days = int(library.get_setting(db.DELETE_AFTER_SETTING, 0) or 0) if days is None else days
    if days <= 0:
        return []
    now = now or datetime.now(timezone.utc)
    deleted = []
    for ep in db.episodes(library):
        if not ep.downloaded or not ep.case_id or not ep.audio_path:
            continue
        finished_at = library.get_progress(ep.case_id).finished_at
        if not finished_at:
            continue
        try:
            when = datetime.fromisoformat(finished_at)
        except ValueError:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        if now - when < timedelta(days=days):
            continue
        Path(ep.audio_path).unlink(missing_ok=True)
        db.forget_audio(library, ep.audio_path)
        db.set_episode_download(library, ep.id, "deleted")
        deleted.append(ep.audio_path)
    return deleted


# --------------------------------------------------------------------------
# Case pages from the web
# --------------------------------------------------------------------------


@dataclass
class PageImport:
    case_id: str
    outcome: str  # added | updated | unchanged
    warnings: list[str] = field(default_factory=list)


def import_url(library: Library, url: str, client: Client | None = None) -> PageImport:
    """Fetch a case page and import it like a saved copy (the page's text only: no image, script or style
    is ever loaded).  Raises NetworkError, or ValueError naming the URL when the page holds no case."""
    from lornplayer.parser import parse_text

    client = client or client_for(library)
    resp = client.get(url, accept="text/html, text/plain;q=0.9, */*;q=0.1")
    ctype = resp.content_type
    if ctype and not (ctype.startswith("text/") or ctype in ("application/xhtml+xml", "application/xml")):
        raise ValueError(f"{url}: not a web page (the server sent {ctype})")
    if b"\x00" in resp.body[:4096]:
        raise ValueError(f"{url}: binary data, not a case page")
    result = parse_text(resp.text(), source=resp.final_url)  # the address may carry the case id
    listing = getattr(result, "listing", None)
    if listing:
        raise ValueError(f"{url}: this is a LØRN listing page, not a case ({listing}); import the case pages it lists")
    if not result.is_case:
        raise ValueError(f"{url}: no LØRN case found on this page (no case number, title or transcript)")
    if not result.case.id:  # the parser never invents one; the address may carry it
        result.case.id = getattr(result, "derived_id", None) or case_number(url_file_stem(resp.final_url)) or ""
        if not result.case.id:
            raise ValueError(f"{url}: no case id on the page (such as C0557, M0042 or E0017) nor in its address")
    outcome = library.upsert_case(result.case, source_path=url)
    return PageImport(result.case.id, outcome, [f"{url}: {w}" for w in result.warnings])
