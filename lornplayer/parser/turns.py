"""Transcript turns: speaker labels (``Name: …`` and initials ``SS Hello …``), and names resolved to full names."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lornplayer.model import Turn
from lornplayer.parser.fields import (
    HOST_SEPARATOR,
    INITIALS_RE,
    initials_of,
    is_person_name,
    join_paragraphs,
)
from lornplayer.parser.vocab import JINGLE, KEYS, SECTION_TRANSCRIPT

SPEAKER_RE = re.compile(r"^(?P<name>[^\W\d_][\w.\-'’]*(?:\s+[^\W\d_][\w.\-'’]*){0,3})\s*:\s*(?P<text>.*)$")
# "SS Hello and welcome": initials, a space, the words (the English legacy template).
INITIALS_TURN_RE = re.compile(r"^(?P<name>[A-ZÆØÅ]{2,3})\s+(?P<text>[^\s:].*)$")
NOT_SPEAKERS = {
    "spørsmål",
    "svar",
    "question",
    "answer",
    "merk",
    "note",
    "eksempel",
    "example",
    "http",
    "https",
    "kilde",
    "source",
    "obs",
    "ps",
    "tips",
    "quiz",
    "title",
    "tittel",
    "navn",
    "name",
    "selskap",
    "company",
    "utdanning",
    "hobby",
    "some",
    "med",
    "program",
    "kl",
    "bio",
} | set(KEYS)
# Capital abbreviations that start sentences and are nobody's initials.
NOT_INITIALS = {
    "AI",
    "IT",
    "EU",
    "OK",
    "TV",
    "PC",
    "UK",
    "US",
    "USA",
    "NAV",
    "KI",
    "HR",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "FN",
    "UN",
    "NHO",
    "LO",
    "DNB",
    "SV",
    "AP",
    "FRP",
    "KRF",
    "MDG",
    "NTNU",
    "IBM",
    "API",
    "VR",
    "AR",
    "IOT",
    "ESG",
    "CO",
    "PS",
    "NB",
    "OG",
    "JEG",
    "DET",
    "MEN",
    "SOM",
    "AND",
    "THE",
    "BUT",
    "SO",
    "AS",
    "ASA",
    "MIT",
    "SAS",
    "BI",
    "GDP",
    "BNP",
    "SMB",
    "NRK",
    "DN",
    "ICT",
    "IKT",
    "HMS",
}


def plausible_label(name: str) -> bool:
    words = name.split()
    return bool(words) and words[0].lower() not in NOT_SPEAKERS and is_person_name(name)


@lru_cache(maxsize=8192)
def colon_label(line: str) -> tuple[str, str] | None:
    m = SPEAKER_RE.match(line)
    if m and plausible_label(m.group("name")):
        return m.group("name").strip(), m.group("text").strip()
    return None


def initials_label(line: str) -> tuple[str, str] | None:
    m = INITIALS_TURN_RE.match(line)
    if m and m.group("name") not in NOT_INITIALS:
        return m.group("name"), m.group("text").strip()
    return None


def implicit_transcript_start(lines: list[str]) -> int | None:
    """Where a transcript without a heading starts: the first line of a conversation of speaker lines.

    A conversation needs at least three speaker lines, two different speakers, and its first
    speaker speaking again (so a lone "Published: 2020" line does not start it).  Initials turns
    (``SS Hello``) count when there are at least four of them.  A jingle line ("Velkommen til
    LØRN …") just before the first turn belongs to the transcript.
    """
    if any(SECTION_TRANSCRIPT.match(ln) for ln in lines if ln):
        return None
    start = _conversation_start(
        [(i, m[0].split()[0].lower()) for i, ln in enumerate(lines) if ln and (m := colon_label(ln))]
    )
    found = [(i, m[0]) for i, ln in enumerate(lines) if ln and (m := initials_label(ln))]
    if len(found) >= 4:
        ini_start = _conversation_start(found)
        if ini_start is not None and (start is None or ini_start < start):
            start = ini_start
    if start is None:
        return None
    k = start - 1
    while k >= 0 and not lines[k]:
        k -= 1
    return k if k >= 0 and JINGLE.match(lines[k]) else start


def _conversation_start(speakers: list[tuple[int, str]]) -> int | None:
    firsts = Counter(first for _, first in speakers)
    # varied[k]: speakers[k:] holds two different speakers (computed backwards: linear, not quadratic)
    varied = [False] * len(speakers)
    for k in range(len(speakers) - 2, -1, -1):
        varied[k] = varied[k + 1] or speakers[k][1] != speakers[k + 1][1]
    for k, (i, first) in enumerate(speakers):
        if firsts[first] >= 2 and len(speakers) - k >= 3 and varied[k]:
            return i
    return None


@dataclass
class RawTurn:
    label: str
    parts: list[str]
    initials: bool = False  # an "SS Hello" line: a turn only if the initials are somebody's


@dataclass
class TurnCollector:
    """Collects transcript lines into raw turns, and where each part (``Del 2``) starts."""

    raw: list[RawTurn] = field(default_factory=list)
    part_marks: list[tuple[int, int]] = field(default_factory=list)  # (part number, index of its first raw turn)

    def add_line(self, line: str) -> None:
        found = colon_label(line)
        if found:
            self.raw.append(RawTurn(found[0], [found[1]]))
            return
        found = initials_label(line)
        if found and (not self.raw or self.raw[-1].initials or self.raw[-1].parts[-1] == ""):
            # initials turns start a paragraph; inside a paragraph "AI er …" is text
            self.raw.append(RawTurn(found[0], [found[1]], initials=True))
        elif self.raw:
            self.raw[-1].parts.append(line)
        # lines before the first speaker (the jingle's "Velkommen til …") are not turns

    def blank(self) -> None:
        if self.raw:
            self.raw[-1].parts.append("")

    def mark_part(self, number: int) -> None:
        self.part_marks.append((number, len(self.raw)))

    @property
    def labels(self) -> list[str]:
        return [r.label for r in self.raw if not r.initials]


def known_names(candidates: list[str]) -> list[str]:
    """Known people (guests, hosts, multi-word speaker labels); written-out names before ALL-CAPS ones."""
    names: dict[str, str] = {}  # lower-case → the spelling to use
    for n in candidates:
        n = " ".join(n.split())
        if is_person_name(n, min_words=2) and (names.get(n.lower(), n).isupper() or n.lower() not in names):
            names[n.lower()] = n
    return list(names.values())


_NAME_PAIR = re.compile(r"\b([A-ZÆØÅ][a-zæøåäöüé\-]+(?:\s+[A-ZÆØÅ]\.)?\s+[A-ZÆØÅ][a-zæøåäöüé\-]+)\b")


def names_on_page(text: str) -> Counter:
    """Two-word capitalised names written anywhere on the page (to resolve initials)."""
    return Counter(_NAME_PAIR.findall(text))


def resolve_name(
    label: str, known: list[str], page_text: str, initials_ok: bool = False, search_page: bool = True
) -> str:
    """The full name a speaker label or host line means (``Silvija``/``SILVIJA SERES`` → ``Silvija Seres``)."""
    label = " ".join(label.split())
    words = label.lower().split()
    # "Silvija" / "Tone Merethe" → the one known longer name that starts with those words
    longer = {n.lower(): n for n in known if n.lower().split()[: len(words)] == words and len(n.split()) > len(words)}
    if len(longer) == 1:
        return next(iter(longer.values()))
    for n in known:
        if n.lower().split() == words:
            return n
    # "EL" → the known name with those initials; else a name with those initials written on the page
    if INITIALS_RE.fullmatch(label):
        if initials_ok:
            ini = [n for n in known if initials_of(n) == label]
            if len(ini) == 1:
                return ini[0]
            if not ini and search_page:
                found = [(c, n) for n, c in names_on_page(page_text).items() if initials_of(n) == label]
                found.sort(reverse=True)
                if found and (len(found) == 1 or found[0][0] > found[1][0]):
                    return found[0][1]
        return label
    # Otherwise look for "<label> Surname" written anywhere on the page.
    if search_page and len(words) <= 2:
        pattern = re.compile(r"\b" + re.escape(label) + r"((?:\s+[A-ZÆØÅ][a-zæøåäöüé\-]+){1,2})\b")
        found_c = Counter(label + m.group(1) for m in pattern.finditer(page_text))
        if found_c:
            return found_c.most_common(1)[0][0]
    return label


def resolve_host(host: str, known: list[str], page_text: str) -> str:
    """Resolve each name of a host line (``EL``, ``Silvija og EL``, ``SS/JL``), keeping the separators."""
    parts = HOST_SEPARATOR.split(host)
    return "".join(
        part if k % 2 else resolve_name(part, known, page_text, initials_ok=True) for k, part in enumerate(parts)
    )


def build_turns(collector: TurnCollector, known: list[str], page_text: str) -> tuple[list[Turn], dict[int, int]]:
    """The turns with speakers resolved, and the index of the first turn of each marked part."""
    labels = Counter(r.label for r in collector.raw)
    # Searching the page for a surname is for the few speakers of a real conversation.
    search = len(labels) <= 50
    # (initials are resolved in "SS: Hello" as in "SS Hello")
    # once per distinct label: each call may search the whole page, so once per turn was quadratic
    resolved = {label: resolve_name(label, known, page_text, initials_ok=True, search_page=search) for label in labels}
    people = set(known)
    initials_speakers = {r.label for r in collector.raw if r.initials}
    # Initials are speakers when they name somebody, or when several of them keep talking.
    conversation = len(initials_speakers) >= 2 and sum(labels[s] for s in initials_speakers) >= 4
    turns: list[Turn] = []
    first_turn_of_raw: list[int] = []
    for r in collector.raw:
        first_turn_of_raw.append(len(turns))
        speaker = resolved[r.label]
        parts = r.parts
        if r.initials and not (speaker in people or (conversation and labels[r.label] >= 2)):
            parts = [f"{r.label} {parts[0]}"] + parts[1:]
            if turns:
                turns[-1].text = join_paragraphs([turns[-1].text, ""] + parts)
            continue
        # A one-off "Word:" that is nobody we know is text, not a speaker.
        if not r.initials and labels[r.label] == 1 and speaker not in people and len(r.label.split()) == 1 and turns:
            parts = [f"{r.label}: {parts[0]}"] + parts[1:]
            turns[-1].text = join_paragraphs([turns[-1].text, ""] + parts)
            continue
        text = join_paragraphs(parts)
        if not text:
            continue
        turns.append(Turn(speaker, text))
    first_turn_of_raw.append(len(turns))
    marks: dict[int, int] = {}
    for number, raw_index in collector.part_marks:
        index = first_turn_of_raw[min(raw_index, len(first_turn_of_raw) - 1)]
        if index < len(turns):
            marks.setdefault(number, index)
    return turns, marks


def host_from_turns(turns: list[Turn]) -> str | None:
    """The interviewer: the first speaker when they welcome the listeners or introduce themselves."""
    speaker = turns[0].speaker if turns else None
    if not speaker:
        return None
    low = turns[0].text[:400].lower()
    name = speaker.lower()
    if re.search(r"\b(velkommen|welcome)\b", low) or any(f"{w} {name}" in low for w in ("jeg er", "i'm", "i am")):
        return speaker
    return None
