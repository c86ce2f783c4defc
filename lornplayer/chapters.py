"""Chapters of an episode (Qt-free): read from the audio, a chapters JSON beside it, or the case's parts.

Sources, in order of precedence (the first that yields chapters wins):

1. a Podcasting 2.0 chapters file beside the audio with the same stem: ``episode.chapters.json``,
   ``{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "…"}, …]}``;
2. chapters inside the audio file, read with mutagen: ID3 ``CHAP`` frames (ordered by a ``CTOC``
   when there is one), MP4 chapter atoms, Vorbis/Opus/FLAC ``CHAPTERxxx`` / ``CHAPTERxxxNAME`` comments;
3. the case's parts (masterclass lessons, webinar parts) when the page has them: each part's start
   time, or the start of its first turn.

Times are seconds.  :func:`chapter_at` finds the chapter playing at a moment (bisection).
"""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class ChapterError(ValueError):
    """A chapters file cannot be used (names the file and the problem)."""


@dataclass
class Chapter:
    start: float
    title: str
    end: float | None = None
    source: str = ""  # "json" | "id3" | "mp4" | "vorbis" | "parts"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"startTime": round(self.start, 3), "title": self.title}
        if self.end is not None:
            d["endTime"] = round(self.end, 3)
        return d


def _finish(chapters: Iterable[Chapter], duration: float | None = None) -> list[Chapter]:
    """Sorted, without duplicates at the same moment, each ending where the next starts."""
    out: list[Chapter] = []
    for ch in sorted(chapters, key=lambda c: c.start):
        if ch.start < 0 or (duration and ch.start >= duration):
            continue
        if out and abs(out[-1].start - ch.start) < 1e-3:
            continue
        out.append(ch)
    for a, b in itertools.pairwise(out):
        if a.end is None or a.end > b.start:
            a.end = b.start
    if out and out[-1].end is None and duration:
        out[-1].end = duration
    return out


# -- Podcasting 2.0 JSON -------------------------------------------------------


def sidecar_path(audio: str | Path) -> Path | None:
    """The chapters JSON beside ``audio`` (``episode.chapters.json``), if there is one."""
    audio = Path(audio)
    candidate = audio.with_name(audio.stem + ".chapters.json")
    return candidate if candidate.is_file() else None


def parse_json(text: str, name: str = "chapters.json") -> list[Chapter]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ChapterError(f"{name}: not valid JSON ({exc})") from exc
    items = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ChapterError(f'{name}: no "chapters" list (not a Podcasting 2.0 chapters file)')
    chapters = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or "startTime" not in item:
            raise ChapterError(f"{name}: chapter {i} has no startTime")
        if item.get("toc") is False:
            continue  # a chapter the spec says to leave out of the table of contents
        try:
            start = float(item["startTime"])
            end = float(item["endTime"]) if item.get("endTime") is not None else None
        except (TypeError, ValueError) as exc:
            raise ChapterError(f"{name}: chapter {i} has a bad time ({exc})") from exc
        chapters.append(Chapter(start, str(item.get("title") or f"{i}"), end, "json"))
    return _finish(chapters)


def read_json(path: str | Path) -> list[Chapter]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChapterError(f"{path}: cannot be read ({exc})") from exc
    return parse_json(text, str(path))


def to_json(chapters: Sequence[Chapter]) -> str:
    return (
        json.dumps({"version": "1.2.0", "chapters": [c.to_dict() for c in chapters]}, ensure_ascii=False, indent=1)
        + "\n"
    )


# -- embedded ------------------------------------------------------------------

_VORBIS_KEY = re.compile(r"^chapter(\d+)$", re.IGNORECASE)
_VORBIS_TIME = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:[.,]\d+)?)$")


def _vorbis_time(value: str) -> float | None:
    m = _VORBIS_TIME.match(value.strip())
    if not m:
        return None
    h, mnt, s = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + float(s.replace(",", "."))


def _from_vorbis(tags) -> list[Chapter]:
    values = {k.lower(): v for k, v in tags.items()} if hasattr(tags, "items") else {}
    chapters = []
    for key, value in values.items():
        m = _VORBIS_KEY.match(key)
        if not m:
            continue
        start = _vorbis_time(value[0] if isinstance(value, list) else value)
        if start is None:
            continue
        name = values.get(key + "name")
        title = (name[0] if isinstance(name, list) else name) if name else m.group(1)
        chapters.append(Chapter(start, str(title), None, "vorbis"))
    return chapters


def _from_id3(tags) -> list[Chapter]:
    chaps = {f.element_id: f for f in tags.getall("CHAP")}
    order = list(chaps)
    tocs = tags.getall("CTOC")
    top = next((t for t in tocs if getattr(t, "flags", 0) & 0x2), tocs[0] if tocs else None)  # 0x2: top level
    if top is not None:
        order = [e for e in top.child_element_ids if e in chaps] or order
    chapters = []
    for i, eid in enumerate(order, 1):
        frame = chaps[eid]
        title = next(
            (str(sub.text[0]) for sub in frame.sub_frames.values() if sub.FrameID == "TIT2" and sub.text), None
        ) or str(i)
        end = frame.end_time / 1000.0 if frame.end_time not in (None, 0xFFFFFFFF) else None
        chapters.append(Chapter(frame.start_time / 1000.0, title, end, "id3"))
    return chapters


def _from_mp4(audio) -> list[Chapter]:
    chapters = getattr(audio, "chapters", None)
    if not chapters:
        return []
    return [Chapter(float(c.start), str(c.title or i), None, "mp4") for i, c in enumerate(chapters, 1)]


def read_embedded(path: str | Path) -> list[Chapter]:
    """Chapters inside an audio file ([] when there are none, or the file cannot be read)."""
    import mutagen

    try:
        audio = mutagen.File(str(path))
    except Exception as exc:
        log.info("%s: no chapters read (%s)", path, exc)
        return []
    if audio is None:
        return []
    duration = getattr(getattr(audio, "info", None), "length", None)
    chapters: list[Chapter] = []
    tags = audio.tags
    if tags is not None and hasattr(tags, "getall"):
        chapters = _from_id3(tags)
    elif type(audio).__name__ == "MP4":
        chapters = _from_mp4(audio)
    elif tags is not None:
        chapters = _from_vorbis(tags)
    return _finish(chapters, duration)


# -- case parts ----------------------------------------------------------------


def from_parts(case, starts: Sequence[float] | None = None, duration: float | None = None) -> list[Chapter]:
    """Chapters from ``case.parts`` (masterclass lessons, webinar parts), placed by
    :func:`lornplayer.timing.part_starts`: a part's first turn, else the lessons' minutes end to end."""
    from lornplayer.timing import SourceKind, Timing, TimingSource, part_starts

    parts = list(getattr(case, "parts", None) or [])
    if not parts:
        return []
    timing = Timing(list(starts or []), list(starts or []), duration, TimingSource(SourceKind.ESTIMATE))
    chapters = []
    for part, start in zip(parts, part_starts(parts, timing), strict=False):
        if start is not None:
            title = part.title or str(part.number)
            chapters.append(Chapter(float(start), title, None, "parts"))
    return _finish(chapters, duration)


# -- all together --------------------------------------------------------------


def chapters_for(
    audio: str | Path | None,
    case=None,
    starts: Sequence[float] | None = None,
    duration: float | None = None,
    warnings: list[str] | None = None,
) -> list[Chapter]:
    """The episode's chapters from the best source there is (see the module doc)."""
    found: list[Chapter] = []
    if audio:
        sidecar = sidecar_path(audio)
        if sidecar is not None:
            try:
                found = read_json(sidecar)
            except ChapterError as exc:
                if warnings is not None:
                    warnings.append(str(exc))
        if not found and Path(audio).is_file():
            found = read_embedded(audio)
    if not found and case is not None:
        found = from_parts(case, starts, duration)
    return _finish(found, duration)


def chapter_at(chapters: Sequence[Chapter], seconds: float) -> int:
    """Index of the chapter playing at ``seconds``: -1 before the first one (or with none)."""
    return bisect.bisect_right([c.start for c in chapters], seconds + 1e-6) - 1


def next_start(chapters: Sequence[Chapter], seconds: float) -> float | None:
    i = chapter_at(chapters, seconds) + 1
    return chapters[i].start if i < len(chapters) else None


def previous_start(chapters: Sequence[Chapter], seconds: float, grace: float = 3.0) -> float | None:
    """The start of this chapter, or of the one before when we are within ``grace`` s of this one's start."""
    i = chapter_at(chapters, seconds)
    if i < 0:
        return None
    if seconds - chapters[i].start < grace and i > 0:
        i -= 1
    return chapters[i].start
