"""Reading single values: case ids, dates, durations, names, roles, learning points, language."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from lornplayer.language import guess_language as _guess

# -- case ids ----------------------------------------------------------------------

#: A case id with its series: C (cases and old podcasts), E (webinars/events), M (masterclasses).
CASE_ID_RE = re.compile(r"(?<![A-Za-z0-9])([CEM])\s?(\d{3,5})(?![0-9])", re.IGNORECASE)
_SERIES_BY_PATH = {"masterclass": "M", "webinar": "E", "event": "E", "case": "C", "lorn-pod": "C", "podcast": "C"}


def normalise_case_id(label: str, series: str = "C") -> str | None:
    """``#C0557`` → ``C0557``; ``#0399`` → ``C0399``; ``c 42`` → ``C0042``; ``M42`` → ``M0042``."""
    m = re.search(r"([CEM])?\s*(\d{1,5})", label or "", re.IGNORECASE)
    if not m:
        return None
    return f"{(m.group(1) or series).upper()}{int(m.group(2)):04d}"


def case_id_in_name(name: str) -> str | None:
    """The case id a file name or URL carries (``M0010_masterclass.txt``, ``…/masterclass/m0010_211123_…/``,
    ``…/lorn-pod/070-hva-er-blockchain/``), or None.  Bare numbers in a file name are not an id."""
    name = name or ""
    m = CASE_ID_RE.search(Path(name).stem if "/" not in name else name)
    if m:
        return f"{m.group(1).upper()}{int(m.group(2)):04d}"
    m = re.search(r"/(masterclass|webinar|event|case|lorn-pod|podcast)s?/#?(\d{2,5})(?![0-9])", name, re.IGNORECASE)
    if m:
        return f"{_SERIES_BY_PATH[m.group(1).lower()]}{int(m.group(2)):04d}"
    return None


# -- dates -------------------------------------------------------------------------

MONTHS = {
    "januar": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
#: ``6. januar 2022``, ``14 juli 2022``, ``January 6, 2022`` (optionally after a weekday).
DATE_LINE_RE = re.compile(
    r"^(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s*,?\s*|(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?"
    rf"(?:(?P<d1>\d{{1,2}})\.?\s+(?P<m1>{_MONTH_ALT})\.?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_ALT})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))$",
    re.IGNORECASE,
)


def parse_date(value: str) -> str | None:
    """``191206`` → ``2019-12-06``; also ISO dates, ``06.12.2019`` and ``6. januar 2022``."""
    value = (value or "").strip()
    m = DATE_LINE_RE.match(value)
    if m:
        day, month, year = (
            (m.group("d1"), m.group("m1"), m.group("y1"))
            if m.group("d1")
            else (m.group("d2"), m.group("m2"), m.group("y2"))
        )
        return _iso(int(year), MONTHS[month.lower()], int(day))
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})", value)
    if m:
        yy, mm, dd = (int(g) for g in m.groups())
        return _iso(2000 + yy if yy < 70 else 1900 + yy, mm, dd)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if m:
        year, mm, dd = (int(g) for g in m.groups())
        return _iso(year, mm, dd)
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", value)
    if m:
        dd, mm, year = (int(g) for g in m.groups())
        return _iso(year, mm, dd)
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


# -- durations ---------------------------------------------------------------------

#: A line that is only a duration: ``43 min``, ``43 minutter``, ``1 t 5 min``.
DURATION_LINE_RE = re.compile(
    r"^(?:\d{1,2}\s*(?:t|h|timer?|hours?)\s*)?\d{1,3}\s*(?:min|minutter|minutes|mins)\.?$", re.IGNORECASE
)


def parse_duration(value: str) -> int | None:
    """Minutes from ``15 min``, ``42``, ``1 t 5 min``, ``1h 5m`` or ``1:05:00``; None if unreadable."""
    value = (value or "").strip().lower()
    m = re.match(r"(\d{1,2}):(\d{2}):(\d{2})\b", value)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    hours = re.search(r"(\d{1,6})\s*(?:t|h|timer?|hours?|hrs?)\b", value)
    minutes = re.search(r"(\d{1,6})\s*(?:min\w*|m)\b", value)
    if hours or minutes:
        return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)
    m = re.match(r"(\d{1,6})\b", value)
    return int(m.group(1)) if m else None


# -- people --------------------------------------------------------------------------

NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "av", "bin", "al", "el"}
HOST_SEPARATOR = re.compile(r"(\s*,\s*|\s*&\s*|\s*/\s*|\s+og\s+|\s+and\s+)")
INITIALS_RE = re.compile(r"[A-ZÆØÅ]{2,4}")


_NAME_WORD_REST = re.compile(r"(?:[^\W\d_]|[.\-'’])*")


def is_name_word(word: str) -> bool:
    """A capitalised word of letters (``Øyvind``, ``O'Neil``, ``Jean-Luc``, ``H.``), not ``IT2`` or ``og``."""
    return len(word) > 0 and word[0].isalpha() and word[0].isupper() and _NAME_WORD_REST.fullmatch(word, 1) is not None


def is_person_name(name: str, min_words: int = 1) -> bool:
    """Capitalised words, possibly with particles inside (``Ludwig van Beethoven``)."""
    words = name.split()
    if len(words) < min_words or not words or len(name) > 40:
        return False
    return (
        is_name_word(words[0])
        and is_name_word(words[-1])
        and all(is_name_word(w) or w in NAME_PARTICLES for w in words[1:-1])
    )


def initials_of(name: str) -> str:
    """``Silvija Seres`` → ``SS``; ``Klas H. Pettersen`` → ``KHP``; particles are skipped."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def host_names(host: str | None) -> list[str]:
    """The names in a host line such as ``Silvija Seres og Eirik Løkke`` or ``SS/JL``."""
    return [part.strip() for k, part in enumerate(HOST_SEPARATOR.split(host or "")) if k % 2 == 0 and part.strip()]


def split_role_org(line: str) -> tuple[str | None, str | None]:
    """``Leder av Innolab of Bergen Kommune`` → role, organisation (the older pages' one-line guest info)."""
    low = line.lower()
    if low.startswith(("fra ", "from ")):
        return None, line[line.index(" ") + 1 :].strip() or None
    for sep in (" of ", " ved ", " i ", " at ", " hos ", ", "):
        idx = line.rfind(sep)
        if idx > 0:
            return line[:idx].strip(), line[idx + len(sep) :].strip()
    return line.strip() or None, None


def split_role_comma_org(line: str) -> tuple[str | None, str | None]:
    """``Teknologi og Data, Hamar Media`` → (role, organisation): the first comma separates them."""
    role, sep, org = line.partition(",")
    if not sep:
        return line.strip() or None, None
    return role.strip() or None, org.strip() or None


# -- learning points ----------------------------------------------------------------------

_NOUN_END = re.compile(r"(?:ing|inger|ingen|ning|het|heten|heter|else|elser|sjon|sjonen|sjoner|tet|teten|skap|skapet)$")
# "eiendomsbransjenØkonomi": a lost separator inside a run of letters.
_GLUED = re.compile(r"(?<=[a-zæøå]{5})(?=[A-ZÆØÅ][a-zæøå]{2})")


def split_learning_line(line: str) -> list[str]:
    """Split one printed line of "what you will learn" into points.

    Pages lose the separators between keyword points ("Smarte byer Kunstig
    intelligens Bærekraft i offentlig sektor"): a line without sentence
    punctuation is split before each capitalised word.  A line of sentences is
    split into sentences.
    """
    line = line.strip(" -–•·*")
    if not line:
        return []
    if re.search(r"[?!]|\.\s+[A-ZÆØÅ]", line):
        parts = re.split(r"(?<=[.?!])\s+(?=[A-ZÆØÅ«\"])", line)
        return [p.strip() for p in parts if p.strip()]
    words = _GLUED.sub(" ", line).split(" ")
    points: list[list[str]] = []
    for w in words:
        capitalised = w[:1].isupper() and w[:1].isalpha()
        # Norwegian writes compounds as one word, so two nouns side by side ("innkjøpsordninger
        # innhenting av kompetanse") mark a lost separator too.
        noun_after_noun = bool(points) and _NOUN_END.search(points[-1][-1]) and _NOUN_END.search(w)
        if points and not capitalised and not noun_after_noun:
            points[-1].append(w)
        else:
            points.append([w])
    return [" ".join(p) for p in points if p]


# -- language -----------------------------------------------------------------------------


# -- small text helpers ----------------------------------------------------------------------


def dedupe_link(line: str) -> str:
    """``http://www.ks.no www.ks.no`` (a link and its printed text) → ``http://www.ks.no``."""
    parts = line.split()
    if (
        len(parts) == 2
        and re.match(r"https?://", parts[0])
        and parts[0].split("://", 1)[1].rstrip("/") == parts[1].rstrip("/")
    ):
        return parts[0]
    return line


def join_paragraphs(parts: list[str]) -> str:
    """Join transcript lines: a blank entry separates paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for p in parts:
        if p:
            current.append(p)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs).strip()


def guess_language(text: str) -> str | None:
    """``"nb"`` or ``"en"`` from common words; None when there is too little text to tell."""
    return _guess(text, min_words=5)
