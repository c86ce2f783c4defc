"""The case model: plain dataclasses shared by every layer (no Qt here).

A :class:`Case` is what the page parser produces and what the library store
persists.  ``Case.to_dict()`` gives the JSON shape printed by
``lornplayer inspect --json`` (keys in a fixed order).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

# Keys of ``Case.to_dict()`` in the order ``inspect --json`` prints them.
CASE_KEYS = (
    "id",
    "kind",
    "label",
    "title",
    "summary",
    "guests",
    "quote",
    "duration_minutes",
    "total_minutes",
    "theme",
    "organisation",
    "perspective",
    "date",
    "place",
    "host",
    "hosts",
    "host_raw",
    "language",
    "learning_points",
    "further_reading",
    "profile",
    "reflection_questions",
    "related",
    "parts",
    "turns",
)

#: The kinds of LØRN page a case can come from (``Case.kind``).
CASE_KINDS = ("case", "podcast-old", "masterclass", "webinar")


@dataclass
class Guest:
    name: str
    role: str | None = None
    organisation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "organisation": self.organisation}


@dataclass
class Turn:
    """One speaker turn of a transcript.  ``speaker`` is the normalised full name."""

    speaker: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text}


@dataclass
class ProfileItem:
    question: str
    answer: str

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer}


@dataclass
class RelatedCase:
    id: str
    theme: str | None = None
    people: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "theme": self.theme, "people": list(self.people)}


@dataclass
class Part:
    """A part of an episode: a masterclass lesson (``Leksjon 2 - Eksempler (35min)``) or a webinar's ``Del 2``.

    ``first_turn`` is the index of the transcript turn the part starts with, when the
    transcript marks where it begins; the timing model turns it into a start time
    (:func:`lornplayer.timing.part_starts`), so parts can be used as chapters.
    """

    number: int
    title: str | None = None
    duration_minutes: int | None = None
    description: str | None = None
    first_turn: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "duration_minutes": self.duration_minutes,
            "description": self.description,
            "first_turn": self.first_turn,
        }


@dataclass
class Case:
    id: str | None  # None only between parsing and import: a page without a readable id
    label: str | None = None
    title: str | None = None
    summary: str | None = None
    guests: list[Guest] = field(default_factory=list)
    quote: str | None = None
    duration_minutes: int | None = None
    theme: str | None = None
    organisation: str | None = None
    perspective: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    place: str | None = None
    host: str | None = None  # as printed, initials resolved ("Silvija Seres og Eirik Løkke")
    learning_points: list[str] = field(default_factory=list)
    further_reading: list[str] = field(default_factory=list)
    profile: list[ProfileItem] = field(default_factory=list)
    reflection_questions: list[str] = field(default_factory=list)
    related: list[RelatedCase] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    # (after the older fields, so positional construction keeps working)
    kind: str = "case"  # one of CASE_KINDS
    hosts: list[str] = field(default_factory=list)  # each host (co-hosts are several)
    host_raw: str | None = None  # the printed host line when it differs from ``host`` (e.g. "SS/JL")
    language: str | None = None  # "nb" or "en": the language of the page's content
    parts: list[Part] = field(default_factory=list)  # masterclass lessons, webinar parts

    # -- serialisation -------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for key in CASE_KEYS:
            value = getattr(self, key)
            if isinstance(value, list):
                value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
            d[key] = value
        return d

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Case":
        return cls(
            id=d["id"],
            kind=d.get("kind") or "case",
            label=d.get("label"),
            title=d.get("title"),
            summary=d.get("summary"),
            guests=[Guest(**g) for g in d.get("guests") or []],
            quote=d.get("quote"),
            duration_minutes=d.get("duration_minutes"),
            theme=d.get("theme"),
            organisation=d.get("organisation"),
            perspective=d.get("perspective"),
            date=d.get("date"),
            place=d.get("place"),
            host=d.get("host"),
            hosts=list(d.get("hosts") or []),
            host_raw=d.get("host_raw"),
            language=d.get("language"),
            learning_points=list(d.get("learning_points") or []),
            further_reading=list(d.get("further_reading") or []),
            profile=[ProfileItem(**p) for p in d.get("profile") or []],
            reflection_questions=list(d.get("reflection_questions") or []),
            related=[RelatedCase(**r) for r in d.get("related") or []],
            parts=[Part(**p) for p in d.get("parts") or []],
            turns=[Turn(**t) for t in d.get("turns") or []],
        )

    # -- derived -------------------------------------------------------
    @property
    def total_minutes(self) -> int | None:
        """The printed duration, else the sum of the parts' durations (a masterclass's lessons)."""
        if self.duration_minutes:
            return self.duration_minutes
        if self.parts and all(p.duration_minutes for p in self.parts):
            return sum(p.duration_minutes or 0 for p in self.parts)
        return None

    @property
    def guest_names(self) -> list[str]:
        return [g.name for g in self.guests]

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for t in self.turns:
            if t.speaker:
                seen.setdefault(t.speaker, None)
        return list(seen)

    def text_hash(self) -> str:
        """A stable fingerprint of the transcript text (for invalidating alignments)."""
        h = hashlib.sha1()
        for t in self.turns:
            h.update((t.speaker or "").encode("utf-8"))
            h.update(b"\x1f")
            h.update(t.text.encode("utf-8"))
            h.update(b"\x1e")
        return h.hexdigest()


@dataclass
class Note:
    """A reflection note the user wrote at a moment of a case."""

    id: int | None
    case_id: str
    text: str
    position: float | None = None  # seconds into the audio
    turn_index: int | None = None
    kind: str = "note"  # "note", "reflection" (answer to a reflection question), "learning"
    key: str | None = None  # for reflection/learning answers: which question/point
    created: str | None = None
    updated: str | None = None


@dataclass
class AudioFile:
    """An episode audio file known to the library."""

    path: str
    case_id: str | None
    duration: float | None = None  # seconds
    size: int | None = None
    mtime: float | None = None
    format: str | None = None
    title: str | None = None
    error: str | None = None
