"""Podcast feeds: RSS 2.0 and Atom with iTunes and Podcasting 2.0 tags, parsed with feedparser (no Qt).

``parse_feed(data, url)`` gives a :class:`FeedInfo` with its :class:`EpisodeInfo` list, or raises
:class:`FeedError` naming the URL (or file) and why it is not a podcast feed.  feedparser keeps only
the last ``podcast:transcript`` of an item, so all of them are read again from the XML with the
standard library (documents that declare entities are not re-read, so no entity tricks).
"""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from lornplayer.errors import SourceError

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
_PODCAST_NS_ALT = (PODCAST_NS, "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md")

# Preferred timed-transcript formats, best first: MIME type -> sidecar suffix.
TRANSCRIPT_TYPES = {
    "text/vtt": ".vtt",
    "application/x-subrip": ".srt",
    "application/srt": ".srt",
    "text/srt": ".srt",
    "application/json": ".json",
}


class FeedError(SourceError):
    """A feed could not be read (``source`` is its URL or file)."""


@dataclass
class Transcript:
    url: str
    type: str
    language: str | None = None

    @property
    def suffix(self) -> str | None:
        t = self.type.lower().split(";")[0].strip()
        if t in TRANSCRIPT_TYPES:
            return TRANSCRIPT_TYPES[t]
        low = self.url.lower().split("?")[0]
        return next((s for s in (".vtt", ".srt", ".json") if low.endswith(s)), None)


@dataclass
class EpisodeInfo:
    guid: str
    title: str
    link: str | None = None
    published: str | None = None  # ISO 8601, UTC
    duration: float | None = None  # seconds (itunes:duration)
    audio_url: str | None = None
    audio_type: str | None = None
    size: int | None = None  # enclosure length, bytes
    description: str | None = None
    episode_number: str | None = None  # itunes:episode / podcast:episode
    transcripts: list[Transcript] = field(default_factory=list)
    chapters_url: str | None = None
    authors: list[str] = field(default_factory=list)  # itunes:author, podcast:person

    def best_transcript(self) -> Transcript | None:
        usable = [t for t in self.transcripts if t.suffix]
        order = [".vtt", ".srt", ".json"]
        return min(usable, key=lambda t: order.index(t.suffix)) if usable else None  # type: ignore[arg-type]


@dataclass
class FeedInfo:
    url: str
    title: str
    link: str | None = None
    description: str | None = None
    image: str | None = None
    episodes: list[EpisodeInfo] = field(default_factory=list)


def parse_duration(value) -> float | None:
    """``itunes:duration``: ``1:02:03``, ``15:02``, ``902`` or ``902.5`` seconds."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        return None
    if len(parts) > 3 or any(p < 0 for p in parts):
        return None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds or None


def _iso(struct) -> str | None:
    if not struct:
        return None
    try:
        import datetime

        return datetime.datetime.fromtimestamp(calendar.timegm(struct), datetime.timezone.utc).isoformat(
            timespec="seconds"
        )
    except (OverflowError, ValueError, TypeError):
        return None


_TAGS = re.compile(r"<[^>]{0,2000}>")


def _plain(text: str | None) -> str | None:
    if not text:
        return None
    import html

    return " ".join(html.unescape(_TAGS.sub(" ", text)).split()) or None


def parse_feed(data: bytes, url: str) -> FeedInfo:
    """Parse feed bytes fetched from (or read from) ``url``."""
    import feedparser

    if not data or not data.strip():
        raise FeedError(url, "empty document, not a podcast feed")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version"):
        head = data[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise FeedError(
                url, "this is a web page (HTML), not a podcast feed (RSS or Atom); look for the page's RSS link"
            )
        exc = parsed.get("bozo_exception")
        raise FeedError(url, "not a podcast feed (no RSS or Atom found" + (f": {exc}" if exc else "") + ")")
    channel = parsed.feed
    episodes = [_episode(e) for e in parsed.entries]
    extra = _podcast_tags(data, len(episodes))
    for ep, (transcripts, chapters, persons) in zip(episodes, extra):
        if transcripts:
            ep.transcripts = transcripts
        if chapters and not ep.chapters_url:
            ep.chapters_url = chapters
        ep.authors += [p for p in persons if p not in ep.authors]
    image = (channel.get("image") or {}).get("href") if isinstance(channel.get("image"), dict) else None
    return FeedInfo(
        url=url,
        title=(channel.get("title") or "").strip() or url,
        link=channel.get("link"),
        description=_plain(channel.get("subtitle") or channel.get("summary")),
        image=image,
        episodes=[e for e in episodes if e.guid],
    )


def _episode(e) -> EpisodeInfo:
    enclosure = next((link for link in e.get("links", []) if link.get("rel") == "enclosure"), None)
    if enclosure is None and e.get("enclosures"):
        enclosure = e["enclosures"][0]
    audio_url = enclosure.get("href") if enclosure else None
    size = None
    if enclosure and str(enclosure.get("length") or "").isdigit():
        size = int(enclosure["length"]) or None
    title = (e.get("title") or "").strip()
    guid = (e.get("id") or audio_url or e.get("link") or title or "").strip()
    transcripts = []
    t = e.get("podcast_transcript")
    if isinstance(t, dict) and t.get("url"):
        transcripts.append(Transcript(t["url"], t.get("type") or "", t.get("language")))
    chapters = e.get("podcast_chapters")
    authors = [a for a in (e.get("author"), e.get("itunes_author")) if a]
    return EpisodeInfo(
        guid=guid,
        title=title or audio_url or guid,
        link=e.get("link"),
        published=_iso(e.get("published_parsed") or e.get("updated_parsed")),
        duration=parse_duration(e.get("itunes_duration")),
        audio_url=audio_url,
        audio_type=(enclosure.get("type") if enclosure else None),
        size=size,
        description=_plain(e.get("summary")),
        episode_number=e.get("itunes_episode") or e.get("podcast_episode"),
        transcripts=transcripts,
        chapters_url=chapters.get("url") if isinstance(chapters, dict) else None,
        authors=authors,
    )


def _podcast_tags(data: bytes, count: int) -> list[tuple[list[Transcript], str | None, list[str]]]:
    """Every item's ``podcast:transcript`` elements (all of them), ``podcast:chapters`` URL and
    ``podcast:person`` names, in order."""
    if b"<!ENTITY" in data[:65536].upper() or b"podcast" not in data:
        return []
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    items = [el for el in root.iter() if el.tag in ("item", "{http://www.w3.org/2005/Atom}entry")]
    if len(items) != count:
        return []
    out = []
    for item in items:
        transcripts, chapters, persons = [], None, []
        for child in item:
            ns, _, local = child.tag[1:].partition("}") if child.tag.startswith("{") else ("", "", child.tag)
            if ns not in _PODCAST_NS_ALT:
                continue
            if local == "transcript" and child.get("url"):
                transcripts.append(Transcript(child.get("url") or "", child.get("type") or "", child.get("language")))
            elif local == "chapters" and child.get("url"):
                chapters = child.get("url")
            elif local == "person" and child.text and child.text.strip():
                persons.append(child.text.strip())
        out.append((transcripts, chapters, persons))
    return out
