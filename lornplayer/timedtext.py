"""Timed-text formats: WebVTT (with ``<v Speaker>`` voices), SRT and Podcasting 2.0 JSON (no Qt).

Readers give a flat list of :class:`Cue`; the timing model matches them to a
case's turns.  Writers export turns with their times from a
:class:`~lornplayer.timing.Timing`; long turns are split into cues of at most
two sentences / ~10 s, each turn starting a new cue, so that the files read
back as sidecars give every turn its start again.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

if TYPE_CHECKING:
    from lornplayer.timing import Timing, TurnLike

PODCAST_JSON_VERSION = "1.0.0"
MAX_CUE_SECONDS = 10.0
MAX_CUE_SENTENCES = 2

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TAG = re.compile(r"<[^>]*>")
# "Kari Nordmann: text" — up to five capitalised words before the colon.
_SPEAKER_PREFIX = re.compile(r"^((?:[^\W\d_][\w.'’-]*)(?: [^\W\d_][\w.'’-]*){0,4}):\s+(.*)$", re.S)


class TimedTextError(ValueError):
    """A timed-text file that cannot be read."""


@dataclass
class Cue:
    start: float  # seconds
    end: float
    speaker: str | None
    text: str


# -- reading -------------------------------------------------------------------------

_SRT_TAG = re.compile(r"</?(?:[ibu]|font|v)\b[^>]*>", re.I)


def _clean_vtt(text: str) -> str:
    """Plain text of WebVTT cue text: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _clean_srt(text: str) -> str:
    """Plain text of SRT text: formatting tags removed, whitespace collapsed."""
    return " ".join(_SRT_TAG.sub("", text).split())


def _split_speakers(start: float, end: float, segments: list[tuple[str | None, str]]) -> list[Cue]:
    """One cue per speaker segment, sharing the cue's time in proportion to text length."""
    segments = [(speaker, text) for speaker, text in segments if text]
    total = sum(len(text) for _, text in segments)
    cues, done = [], 0
    for speaker, text in segments:
        a = start + (end - start) * done / total
        done += len(text)
        cues.append(Cue(a, start + (end - start) * done / total, speaker, text))
    return cues


def _voice_segments(raw: str, clean: Callable[[str], str] = _clean_vtt) -> list[tuple[str | None, str]]:
    """Split cue text at its WebVTT voice spans ``<v Name>``."""
    parts = webvtt.Caption.VOICE_SPAN_PATTERN.split(raw)
    segments: list[tuple[str | None, str]] = [(None, clean(parts[0]))]
    for name, text in zip(parts[1::2], parts[2::2]):
        segments.append((name.strip() or None, clean(text)))
    return segments


def parse_vtt(text: str) -> list[Cue]:
    try:
        captions = webvtt.WebVTT.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise TimedTextError(f"not valid WebVTT: {exc}") from exc
    cues: list[Cue] = []
    for c in captions:
        cues += _split_speakers(
            c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, _voice_segments(c.raw_text)
        )
    return cues


def _speaker_segments(content: str) -> list[tuple[str | None, str]]:
    """Split SRT text at lines starting with "Name: " (or WebVTT voices, which some tools write)."""
    segments: list[tuple[str | None, str]] = []
    for line in content.splitlines():
        for speaker, text in _voice_segments(line, _clean_srt):
            m = _SPEAKER_PREFIX.match(text) if speaker is None else None
            if m and all(word[0].isupper() for word in m.group(1).split()):
                segments.append((m.group(1), m.group(2)))
            elif speaker is not None or not segments:
                segments.append((speaker, text))
            else:
                segments[-1] = (segments[-1][0], f"{segments[-1][1]} {text}".strip())
    return segments


def parse_srt(text: str) -> list[Cue]:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise TimedTextError(f"not valid SRT: {exc}") from exc
    cues: list[Cue] = []
    for s in subtitles:
        cues += _split_speakers(s.start.total_seconds(), s.end.total_seconds(), _speaker_segments(s.content))
    return cues


def parse_podcast_json(text: str) -> list[Cue]:
    """Podcasting 2.0 JSON: ``{"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}``."""
    try:
        data = json.loads(text)
        segments = data["segments"]
        cues = [
            Cue(float(s["startTime"]), float(s["endTime"]), s.get("speaker") or None, " ".join(str(s["body"]).split()))
            for s in segments
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TimedTextError(f"not a Podcasting 2.0 JSON transcript: {exc!r}") from exc
    return cues


READERS: dict[str, Callable[[str], list[Cue]]] = {
    ".vtt": parse_vtt,
    ".srt": parse_srt,
    ".json": parse_podcast_json,
}


def read_cues(path: str | Path) -> list[Cue]:
    """Cues of a .vtt, .srt or Podcasting 2.0 .json file, in file order.

    Raises TimedTextError for an unknown suffix or a malformed file, OSError if unreadable.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise TimedTextError(f"unknown timed-text format {path.suffix!r}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TimedTextError(f"not UTF-8 text: {exc}") from exc
    return reader(text)


# -- writing ---------------------------------------------------------------------------


def _pieces(text: str, seconds: float) -> list[str]:
    """Split a turn's text into cue texts of at most two sentences and ~MAX_CUE_SECONDS."""
    if seconds <= MAX_CUE_SECONDS:
        max_chars = len(text)
    else:
        max_chars = max(int(len(text) * MAX_CUE_SECONDS / seconds), 20)
    units: list[str] = []  # sentences, long ones split at word boundaries
    for sentence in _SENTENCE_END.split(text):
        chunk = ""
        for word in sentence.split():
            if chunk and len(chunk) + 1 + len(word) > max_chars:
                units.append(chunk)
                chunk = word
            else:
                chunk = f"{chunk} {word}" if chunk else word
        units.append(chunk)
    pieces: list[str] = []
    count = 0
    for unit in units:
        if pieces and count < MAX_CUE_SENTENCES and len(pieces[-1]) + 1 + len(unit) <= max_chars:
            pieces[-1] += " " + unit
            count += 1
        else:
            pieces.append(unit)
            count = 1
    return pieces


def _sentence_cues(i: int, turn: TurnLike, spans, end: float) -> list[tuple[int, Cue]]:
    """A turn's cues from its aligned sentence times: up to MAX_CUE_SENTENCES sentences and
    ~MAX_CUE_SECONDS a cue, each starting when its first sentence is spoken; a sentence longer
    than that is cut at words, its parts timed in proportion to their length."""
    groups: list[list] = []
    for span in spans:
        last = groups[-1] if groups else None
        if (
            last
            and len(last) < MAX_CUE_SENTENCES
            and span.start - last[0].start < MAX_CUE_SECONDS
            and span.end - last[0].start <= MAX_CUE_SECONDS
        ):
            last.append(span)
        else:
            groups.append([span])
    out: list[tuple[int, Cue]] = []
    for k, group in enumerate(groups):
        start = group[0].start
        stop = groups[k + 1][0].start if k + 1 < len(groups) else max(end, start)
        text = " ".join(turn.text[group[0].first : group[-1].last].split())
        pieces = _pieces(text, stop - start) if len(group) == 1 else [text]
        offsets = [0]
        for piece in pieces[:-1]:
            offsets.append(offsets[-1] + len(piece) + 1)
        times = [start + (stop - start) * o / max(1, len(text)) for o in offsets] + [stop]
        out += [(i, Cue(times[n], times[n + 1], turn.speaker, piece)) for n, piece in enumerate(pieces)]
    return out


def timed_cues(turns: Sequence[TurnLike], timing: Timing) -> list[tuple[int, Cue]]:
    """Cues for export as ``(turn_index, cue)``: every turn starts a cue at its start time.
    With aligned sentence times (an automatic alignment) a long turn's later cues start when
    their sentences are spoken; otherwise they get times in proportion to their position in its text."""
    out: list[tuple[int, Cue]] = []
    sentences = getattr(timing, "sentences", None) or []
    use_sentences = any(span.aligned for spans in sentences for span in spans)
    for i, turn in enumerate(turns):
        if use_sentences and i < len(sentences) and sentences[i]:
            out += _sentence_cues(i, turn, sentences[i], timing.ends[i])
            continue
        text = " ".join(turn.text.split())
        start = timing.starts[i]
        end = max(timing.ends[i], start)
        pieces = _pieces(text, end - start)
        offsets = [0]
        for piece in pieces[:-1]:
            offsets.append(offsets[-1] + len(piece) + 1)
        times = [start + (end - start) * o / len(text) if o else start for o in offsets] + [end]
        out += [(i, Cue(times[k], times[k + 1], turn.speaker, piece)) for k, piece in enumerate(pieces)]
    return out


def _vtt_timestamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_vtt(turns: Sequence[TurnLike], timing: Timing) -> str:
    """WebVTT with each cue's speaker as a voice span ``<v Name>…</v>``."""
    captions = []
    for _, cue in timed_cues(turns, timing):
        text = _escape_vtt(cue.text)
        if cue.speaker:
            name = re.sub(r"[<>&\s]+", " ", cue.speaker).strip()
            text = f"<v {name}>{text}</v>"
        captions.append(webvtt.Caption(_vtt_timestamp(cue.start), _vtt_timestamp(cue.end), text))
    notes = [f"Timing source: {timing.source}"]
    return webvtt.WebVTT(captions=captions, header_comments=notes).content


def write_srt(turns: Sequence[TurnLike], timing: Timing) -> str:
    """SRT with the speaker as "Name: text"."""
    subtitles = [
        srt.Subtitle(
            index=n,
            start=datetime.timedelta(milliseconds=round(cue.start * 1000)),
            end=datetime.timedelta(milliseconds=round(cue.end * 1000)),
            content=f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text,
        )
        for n, (_, cue) in enumerate(timed_cues(turns, timing), start=1)
    ]
    return srt.compose(subtitles, reindex=False)


def write_podcast_json(turns: Sequence[TurnLike], timing: Timing, chapters=None) -> str:
    """Podcasting 2.0 JSON transcript (times in seconds, millisecond precision); ``chapters``
    (:class:`lornplayer.chapters.Chapter`) are added as a Podcasting 2.0 ``chapters`` list."""
    segments = []
    for _, cue in timed_cues(turns, timing):
        segment = {"speaker": cue.speaker} if cue.speaker else {}
        segment.update(startTime=round(cue.start, 3), endTime=round(cue.end, 3), body=cue.text)
        segments.append(segment)
    doc = {"version": PODCAST_JSON_VERSION, "segments": segments}
    if chapters:
        doc["chapters"] = [c.to_dict() for c in chapters]
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


WRITERS: dict[str, Callable[[Sequence[TurnLike], Timing], str]] = {
    ".vtt": write_vtt,
    ".srt": write_srt,
    ".json": write_podcast_json,
}


def export(path: str | Path, turns: Sequence[TurnLike], timing: Timing) -> Path:
    """Write the turns to ``path`` in the format its suffix names (.vtt, .srt, .json)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise TimedTextError(f"unknown timed-text format {path.suffix!r}")
    path.write_text(writer(turns, timing), encoding="utf-8")
    return path
