"""Which case an episode (or a loose audio file) belongs to (no Qt).

In this order:

1. a case number in the GUID, the link, the title, the file name or the tags, in every form
   LØRN uses: ``C0557``, ``#557``, ``557 - Title``, ``Case 557``, ``lorn-0557``, and the
   ``E0017`` / ``M0042`` series;
2. the case page's URL as the episode's link (cases imported from the web keep their URL);
3. the title against every case title, normalised (case, punctuation, accents and ``æøå``
   folded), exact or fuzzy, with the guests' names and the duration (the page's "Varighet"
   against the audio) as tie-breakers.

A number or a page URL is certain.  A title match is *applied* only at :data:`APPLY_SCORE`
or above and clearly ahead of the runner-up; from :data:`PROPOSE_SCORE` it is only
*proposed* (the user confirms it in "Assign audio to case…"); below that there is no match.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

from lornplayer.textfold import fold

APPLY_SCORE = 0.9
PROPOSE_SCORE = 0.55
MIN_LEAD = 0.05  # an applied title match must beat the runner-up by this much

_NUMBER_PATTERNS = [
    # C0557, c557, E0017, M0042 as a word of their own (not inside EC0557X)
    re.compile(r"(?<![A-Za-z0-9])(C)(\d{3,5})(?![0-9])", re.IGNORECASE),
    re.compile(r"(?<![A-Za-z0-9])([EM])(\d{4})(?![0-9])", re.IGNORECASE),
    # #557, Case 557, case #C0557, lorn-0557, LØRN #0399
    re.compile(r"(?:lorn|lørn|case|#)[\s_\-#:]*(C?)(\d{3,5})(?![0-9])", re.IGNORECASE),
    # "557 - Title", "557-hvordan-skape", "0557: Title" at the very start
    re.compile(r"^\s*()(\d{3,5})\s*[-–—_:.]\s*(?=[^\W\d_])"),
]
_UUID = re.compile(r"^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def case_number(text: str | None) -> str | None:
    """The case id a text names (``C0557``, ``E0017``, ``M0042``), or None."""
    if not text:
        return None
    for pattern in _NUMBER_PATTERNS:
        m = pattern.search(text)
        if m:
            series = (m.group(1) or "C").upper()
            return f"{series}{int(m.group(2)):04d}"
    return None


def url_file_stem(url: str | None) -> str:
    if not url:
        return ""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def normalise_url(url: str | None) -> str:
    """``https://www.lorn.tech/cases/x/?utm=1#top`` → ``lorn.tech/cases/x`` (for comparing page links)."""
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".lower()


_NOISE_WORDS = {"lorn", "case", "podcast", "episode", "episoden", "ep", "tech"}
_NON_WORD = re.compile(r"[\W_]+")


def normalise_title(text: str | None) -> str:
    """Lower-case, accents and ``æøå`` folded, punctuation and case numbers dropped."""
    if not text:
        return ""
    low = fold(text)
    for pattern in _NUMBER_PATTERNS:
        low = pattern.sub(" ", low)
    words = [w for w in _NON_WORD.split(low) if w and w not in _NOISE_WORDS and not w.isdigit()]
    return " ".join(words)


def title_similarity(a: str, b: str) -> float:
    """0..1 for two *normalised* titles: 1.0 when equal; containment of a long title counts high."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= 3 and f" {short} " in f" {long_} ":
        return 0.95
    seq = difflib.SequenceMatcher(None, a, b).ratio()
    sorted_tokens = difflib.SequenceMatcher(None, " ".join(sorted(a.split())), " ".join(sorted(b.split()))).ratio()
    return max(seq, sorted_tokens) * 0.98  # never quite a sure match


@dataclass
class Candidate:
    """What matching knows about a case (cheap to build from the library list)."""

    id: str
    title: str | None
    guests: list[str] = field(default_factory=list)
    duration_minutes: int | None = None
    page_url: str | None = None

    def __post_init__(self) -> None:
        self.norm_title = normalise_title(self.title)
        self.norm_guests = [normalise_title(g) for g in self.guests if g and len(g) > 3]
        self.stems = _stems(self.norm_title)


@dataclass
class Evidence:
    """What is known about the audio: any of these may be missing."""

    guid: str | None = None
    link: str | None = None
    title: str | None = None
    file_name: str | None = None  # a stem, or a URL's last path part
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    people: list[str] = field(default_factory=list)
    duration: float | None = None  # seconds


@dataclass
class Match:
    case_id: str | None
    score: float
    reason: str
    applied: bool

    @property
    def proposed(self) -> bool:
        return self.case_id is not None and not self.applied


NO_MATCH = Match(None, 0.0, "no case number, page link or similar title", False)


def number_match(evidence: Evidence) -> Match | None:
    """A case number in the GUID, link, title, file name or tags (in that order), or None."""
    guid = evidence.guid if evidence.guid and not _UUID.match(evidence.guid.strip()) else None
    for what, text in (
        ("GUID", guid),
        ("link", evidence.link),
        ("title", evidence.title),
        ("file name", evidence.file_name),
    ):
        cid = case_number(text)
        if cid:
            return Match(cid, 1.0, f"case number in the {what}", True)
    for tag in evidence.tags:
        cid = case_number(tag.partition("=")[2] if "=" in tag else tag)
        if cid:
            return Match(cid, 1.0, "case number in the tags", True)
    return None


def match(evidence: Evidence, candidates: Iterable[Candidate]) -> Match:
    """The case the evidence points at (see the module docstring for the order)."""
    found = number_match(evidence)
    if found is not None:
        return found
    candidates = list(candidates)
    link = normalise_url(evidence.link)
    if link:
        for c in candidates:
            if c.page_url and normalise_url(c.page_url) == link:
                return Match(c.id, 1.0, "the episode links to the case page", True)
    title = normalise_title(evidence.title) or normalise_title(evidence.file_name)
    if not title:
        return NO_MATCH
    context = normalise_title(" ".join([evidence.title or "", evidence.description or "", *evidence.people]))
    scored = sorted(
        ((_score(title, context, evidence.duration, c), c) for c in shortlist(title, candidates)),
        key=lambda sc: -sc[0][0],
    )
    if not scored or scored[0][0][0] < PROPOSE_SCORE:
        return NO_MATCH
    (best, why), top = scored[0]
    runner_up = scored[1][0][0] if len(scored) > 1 else 0.0
    applied = best >= APPLY_SCORE and best - runner_up >= MIN_LEAD
    reason = f"title {why} ({min(best, 1.0):.0%})"
    if best >= APPLY_SCORE and not applied:
        reason += f"; another case scores {min(runner_up, 1.0):.0%}"
    return Match(top.id, round(min(best, 1.0), 3), reason, applied)


SHORTLIST = 40  # the fuzzy comparison runs on at most this many cases that share words with the title


def _stems(text: str) -> set[str]:
    """Word beginnings (5 letters) of the words that carry meaning (4 letters or more)."""
    return {w[:5] for w in text.split() if len(w) >= 4}


def shortlist(title: str, candidates: list[Candidate]) -> list[Candidate]:
    """Cases whose titles can be similar to ``title``: equal ones, then those sharing the most (rare) words.

    difflib is slow on thousands of titles, and a similar title always shares some words."""
    equal = [c for c in candidates if c.norm_title == title]
    words = _stems(title)
    if not words:
        return equal or candidates[:SHORTLIST]
    frequency: dict[str, int] = {}
    sharing = []
    for c in candidates:
        common = words & c.stems
        if common:
            sharing.append((c, common))
            for w in common:
                frequency[w] = frequency.get(w, 0) + 1
    sharing.sort(key=lambda cc: -sum(1.0 / frequency[w] for w in cc[1]))
    picked = {id(c) for c in equal}
    return equal + [c for c, _ in sharing[:SHORTLIST] if id(c) not in picked]


def _score(title: str, context: str, duration: float | None, c: Candidate) -> tuple[float, str]:
    sim = title_similarity(title, c.norm_title)
    why = "equal to the case title" if sim == 1.0 else "similar to the case title"
    if sim < 0.3:
        return sim, why
    bonus = 0.0
    if any(g and f" {g} " in f" {context} " for g in c.norm_guests):
        bonus += 0.08
        why += ", guest named"
    if duration and c.duration_minutes:
        rel = abs(duration / 60.0 - c.duration_minutes) / max(c.duration_minutes, 1)
        if rel <= 0.15:
            bonus += 0.04
            why += ", same length"
        elif rel > 0.5:
            bonus -= 0.04
    return min(1.0, sim + bonus) if sim < 1.0 else 1.0 + bonus / 10, why


_cache: dict[str, tuple[tuple, list[Candidate]]] = {}


def candidates_from_library(library) -> list[Candidate]:
    """Every case in the library as a :class:`Candidate` (two queries; reused while the cases are unchanged)."""
    stamp = tuple(library._query("SELECT count(*), max(updated_at), max(imported_at) FROM cases")[0])
    key = str(library.path)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    sources = {r[0]: r[1] for r in library._query("SELECT id, source_path FROM cases")}
    out = []
    for row in library.list_rows():
        source = sources.get(row.id)
        out.append(
            Candidate(
                row.id,
                row.title,
                [g.strip() for g in (row.guests or "").split(",") if g.strip()],
                row.duration_minutes,
                source if source and "://" in source else None,
            )
        )
    _cache[key] = (stamp, out)
    return out
