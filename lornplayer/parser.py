"""Parse a LØRN case page (saved as plain text) into a :class:`~lornplayer.model.Case`.

LØRN pages come in several layouts.  The two in ``seeds/`` are handled fully:

* the newer layout opens with ``LØRN Case #C0557``, then title, summary, guest
  blocks (name / role / organisation), a quote, ``Varighet: 15 min``, the guest
  Q&A profile (often printed twice), ``Tema:``/``Dato:``/``Vert:`` lines,
  "Dette er hva du vil lære", "Mer læring", related cases and the transcript
  after ``Utskrift av samtalen``;
* the older layout opens with ``Tema:``, then ``#0399: Title``, ``Gjest:``,
  ``Med Vert …``, the profile with questions and answers on adjacent lines,
  ``Refleksjonsspørsmål`` and English headings ("This is what you will learn").

The parser is a tolerant line scanner: it recognises section headings in both
languages wherever they appear, drops web debris (share buttons, member and
quiz prompts, the "Dette er LØRN Cases" blurb), strips any HTML, and never
raises on odd input: whatever it cannot place becomes a warning.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lornplayer.errors import LornError
from lornplayer.model import Case, Guest, ProfileItem, RelatedCase, Turn

MAX_PAGE_BYTES = 20 * 1024 * 1024


class PageError(LornError):
    """The file is not a readable case page (binary, empty, unreadable)."""

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


@dataclass
class ParseResult:
    case: Case
    warnings: list[str] = field(default_factory=list)
    #: False when nothing that looks like a LØRN case was found at all.
    is_case: bool = True


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_DEBRIS_EXACT = {
    "lytte", "listen", "0.00", "ta quiz og få læringsbevis", "du må være medlem for å ta quiz",
    "ferdig med quiz?", "besvar refleksjonsoppgave", "vis mer", "vis", "vis mindre", "del denne casen",
    "share this case", "din neste lørning", "your next lørning", "dette er lørn cases", "this is lørn cases",
    "allerede medlem? logg inn her:", "already a member? log in here:", "!",
    "want to show off this case to your friends and coworkers?", "download summary (available soon)",
    "full transcript (available soon)", "del", "share", "facebook", "twitter", "linkedin", "e-post", "email",
    "kopier lenke", "copy link", "logg inn", "log in", "bli medlem", "become a member",
}
_DEBRIS_PREFIX = (
    "en lørn case er en kort", "a lørn case is a short", "vi vil gjerne hjelpe deg", "we would like to help you",
    "du må være medlem", "you must be a member", "quiz for case", "del på ", "share on ", "download summary",
    "full transcript (",
)
_KEYS = {
    "tema": "theme", "theme": "theme", "topic": "theme",
    "organisasjon": "organisation", "organisation": "organisation", "organization": "organisation",
    "perspektiv": "perspective", "perspective": "perspective",
    "dato": "date", "date": "date",
    "sted": "place", "place": "place", "location": "place",
    "vert": "host", "host": "host",
    "varighet": "duration", "duration": "duration",
    "gjest": "guest", "guest": "guest", "gjester": "guest", "guests": "guest",
}
_KEY_RE = re.compile(r"^(%s)\s*:\s*(.*)$" % "|".join(_KEYS), re.IGNORECASE)
_HEADER_A = re.compile(r"^(?:LØRN|LORN|Lørn)\s+Case\s+(#\s*C?\s*\d{1,5})\b\s*[:\-–]?\s*(.*)$", re.IGNORECASE)
_HEADER_B = re.compile(r"^(#\s*C?\d{2,5})\s*[:\-–]\s*(.+)$", re.IGNORECASE)
_RELATED_ID = re.compile(r"^#\s*(C?\d{2,5})\s*$", re.IGNORECASE)
_HOST_LINE = re.compile(r"^(?:med\s+vert|with\s+host|hosted\s+by|programleder)\s*:?\s+(.+)$", re.IGNORECASE)
_SECTION_LEARN = re.compile(r"^(dette er hva du vil lære|hva du vil lære|this is what you will learn|what you will learn)\s*:?\s*$", re.IGNORECASE)
_SECTION_READING = re.compile(r"^(mer læring|anbefalt litteratur|recommended literature|further reading|more learning)\s*:?\s*$", re.IGNORECASE)
_SECTION_REFLECTION = re.compile(r"^(refleksjonsspørsmål|refleksjonsoppgave|reflection questions?)\s*:?\s*$", re.IGNORECASE)
_SECTION_RELATED = re.compile(r"^(flere caser i samme tema|more cases in the same topic|relaterte caser|related cases)\s*:?\s*$", re.IGNORECASE)
_SECTION_TRANSCRIPT = re.compile(r"^(utskrift av samtalen|transkripsjon|transcript|full transcript)\s*(?::\s*(.*))?$", re.IGNORECASE)
_SECTION_ABOUT = re.compile(r"^(this is|dette er|om)\s+(.{2,80})$", re.IGNORECASE)
_OUTRO = re.compile(r"^(du har (nå )?lyttet til|you have (now )?(been )?listen(ed|ing) to|quiz for case)", re.IGNORECASE)
_QUOTE_CHARS = "\"“”«»„'‘’"
_SPEAKER_RE = re.compile(r"^(?P<name>[^\W\d_][\w.\-'’]*(?:\s+[^\W\d_][\w.\-'’]*){0,3})\s*:\s*(?P<text>.*)$")
_NOT_SPEAKERS = {"spørsmål", "svar", "question", "answer", "merk", "note", "eksempel", "example", "http", "https",
                 "kilde", "source", "obs", "ps", "tips", "quiz", "title", "tittel"} | set(_KEYS)
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "av", "bin", "al", "el"}
_INITIALS = re.compile(r"[A-ZÆØÅ]{2,4}")
_HOST_SEPARATOR = re.compile(r"(\s*,\s*|\s*&\s*|\s+og\s+|\s+and\s+)")
_NOUN_END = re.compile(r"(?:ing|inger|ingen|ning|het|heten|heter|else|elser|sjon|sjonen|sjoner|tet|teten|skap|skapet)$")
_SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*(?:LØRN|LORN|Lørn)(?:\.tech)?\s*$", re.IGNORECASE)
# A tag starts with a letter, "/", "!" or "?" ("3 < 5" is text); "[^<>]" keeps the scan linear.
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]{0,2000}>")
# Tags that end a line of text on a web page.
_BLOCK_TAG_RE = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|title|pre|hr)"
    r"\b[^<>]{0,2000}>", re.IGNORECASE)
# Elements whose content is never text: scripts, styles, comments (start → end marker).
_HIDDEN_START_RE = re.compile(r"<(script|style|noscript)\b[^<>]{0,2000}>|<!--", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"[^\S\n]+")


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------

def read_page_text(path: str | Path) -> str:
    """Read a page file as text, raising :class:`PageError` for anything that is not a text page."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(p, f"file is too large for a case page ({size // (1024 * 1024)} MB)")
        data = p.read_bytes()
    except PageError:
        raise
    except OSError as exc:
        raise PageError(p, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise PageError(p, "file is empty")
    if b"\x00" in data[:4096]:
        raise PageError(p, "binary file, not a text case page")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PageError(p, "not valid UTF-8 text")


def parse_file(path: str | Path) -> ParseResult:
    """Parse a case page file.  Raises :class:`PageError` if it is not a case page at all."""
    text = read_page_text(path)
    result = parse_text(text, source=Path(path).name)
    if not result.is_case:
        raise PageError(path, "no LØRN case found (no case number, title or transcript)")
    return result


def parse_text(text: str, source: str | None = None) -> ParseResult:
    """Parse page text.  Never raises; odd input gives warnings and ``is_case=False``."""
    try:
        return _Parser(text, source).run()
    except Exception as exc:  # pragma: no cover - last line of defence, fuzzing keeps this unreachable
        return ParseResult(Case(id=_fallback_id(source, text)), [f"parser error: {exc!r}"], is_case=False)


def normalise_case_id(label: str) -> str | None:
    """``#C0557`` → ``C0557``; ``#0399`` → ``C0399``; ``c 42`` → ``C0042``."""
    m = re.search(r"C?\s*(\d{1,5})", label or "", re.IGNORECASE)
    if not m:
        return None
    return "C%04d" % int(m.group(1))


def parse_date(value: str) -> str | None:
    """``191206`` → ``2019-12-06``; also accepts ISO dates and ``06.12.2019``."""
    value = (value or "").strip()
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})", value)
    if m:
        yy, mm, dd = (int(g) for g in m.groups())
        year = 2000 + yy if yy < 70 else 1900 + yy
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
        if m:
            year, mm, dd = (int(g) for g in m.groups())
        else:
            m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", value)
            if not m:
                return None
            dd, mm, year = (int(g) for g in m.groups())
    try:
        return datetime.date(year, mm, dd).isoformat()
    except ValueError:
        return None


def parse_duration(value: str) -> int | None:
    """Minutes from ``15 min``, ``42``, ``1 t 5 min``, ``1h 5m`` or ``1:05:00``; None if unreadable."""
    value = (value or "").strip().lower()
    m = re.match(r"(\d{1,2}):(\d{2}):(\d{2})\b", value)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    hours = re.search(r"(\d+)\s*(?:t|h|timer?|hours?|hrs?)\b", value)
    minutes = re.search(r"(\d+)\s*(?:min\w*|m)\b", value)
    if hours or minutes:
        return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)
    m = re.match(r"(\d+)\b", value)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def strip_html(text: str) -> str:
    """Remove tags, scripts, styles and comments and decode entities (also entity-escaped tags)."""
    for _ in range(3):  # "&lt;b&gt;" becomes "<b>" after one round of unescaping
        if "<" not in text and "&" not in text:
            break
        before = text
        text = _drop_hidden(text)
        text = _BLOCK_TAG_RE.sub("\n", text)
        text = _TAG_RE.sub(" ", text)
        text = html.unescape(text)
        if text == before:
            break
    return text


def _drop_hidden(text: str) -> str:
    """Cut out scripts, styles and comments; an unclosed one loses only its start tag."""
    out: list[str] = []
    pos = 0
    low = text.lower()
    unclosed: set[str] = set()  # end markers known to be missing from here on
    while True:
        m = _HIDDEN_START_RE.search(text, pos)
        if not m:
            out.append(text[pos:])
            return " ".join(out)
        out.append(text[pos:m.start()])
        end_marker = "-->" if m.group(0) == "<!--" else "</" + m.group(1).lower()
        end = -1 if end_marker in unclosed else low.find(end_marker, m.end())
        if end < 0:
            unclosed.add(end_marker)
            pos = m.end()
            continue
        close = low.find(">", end)
        pos = len(text) if close < 0 else close + 1


def clean_lines(text: str) -> list[str]:
    """Strip HTML and control characters and normalise whitespace; blank lines become ``""``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = strip_html(text)
    text = _CONTROL_RE.sub("", text.replace("\t", " ").replace("\v", "\n").replace("\f", "\n"))
    return [_SPACE_RE.sub(" ", raw).strip() for raw in text.split("\n")]


def _is_name_word(word: str) -> bool:
    """A capitalised word of letters (``Øyvind``, ``O'Neil``, ``Jean-Luc``), not ``IT2`` or ``og``."""
    return (len(word) > 0 and word[0].isalpha() and word[0].isupper()
            and all(c.isalpha() or c in ".-'’" for c in word[1:]))


def _is_person_name(name: str, min_words: int = 1) -> bool:
    """Capitalised words, possibly with particles inside (``Ludwig van Beethoven``)."""
    words = name.split()
    if len(words) < min_words or not words or len(name) > 40:
        return False
    return (_is_name_word(words[0]) and _is_name_word(words[-1])
            and all(_is_name_word(w) or w in _NAME_PARTICLES for w in words[1:-1]))


def _is_debris(line: str) -> bool:
    low = line.lower()
    return low in _DEBRIS_EXACT or low.startswith(_DEBRIS_PREFIX)


def _is_question(line: str) -> bool:
    return line.endswith("?") and 3 <= len(line) <= 200


def _strip_quotes(line: str) -> str:
    return line.strip().strip(_QUOTE_CHARS).strip()


def _looks_like_quote(line: str) -> bool:
    return len(line) > 2 and line[0] in _QUOTE_CHARS and line.rstrip()[-1] in _QUOTE_CHARS


def _is_sentence(line: str) -> bool:
    return len(line) > 120 or bool(re.search(r"[.!?]\s+\S", line)) or line.endswith((".", "!"))


def _fallback_id(source: str | None, text: str) -> str:
    if source:
        m = re.search(r"(?<![A-Za-z0-9])C?(\d{3,5})(?![0-9])", Path(source).stem, re.IGNORECASE)
        if m:
            return "C%04d" % int(m.group(1))
    import hashlib

    return "X" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:8].upper()


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
    words = line.split(" ")
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


def _split_role_org(line: str) -> tuple[str | None, str | None]:
    for sep in (" of ", " ved ", " i ", " at ", " hos ", ", "):
        idx = line.rfind(sep)
        if idx > 0:
            return line[:idx].strip(), line[idx + len(sep):].strip()
    return line.strip() or None, None


# --------------------------------------------------------------------------
# The scanner
# --------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str, source: str | None):
        self.text = text if isinstance(text, str) else str(text)
        self.source = source
        self.warnings: list[str] = []
        self.case = Case(id="")
        self.found_header = False
        # working state
        self.summary_parts: list[str] = []
        self.guest_lines: list[list[str]] = []  # paragraphs of short lines in the guest block
        self.profile: dict[str, ProfileItem] = {}
        self.profile_order: list[str] = []
        self.raw_turns: list[tuple[str, list[str]]] = []
        self.transcript_seen = False
        self.about_org: str | None = None
        self.lines: list[str] = []  # the cleaned lines, debris blanked out

    # -- driver ----------------------------------------------------------
    def run(self) -> ParseResult:
        # Keep blanks (paragraph breaks) but drop debris lines entirely.
        self.lines = lines = ["" if (ln and _is_debris(ln)) else ln for ln in clean_lines(self.text)]
        state = "start"
        pending_question: str | None = None
        pending_answer: list[str] = []
        last_related: RelatedCase | None = None
        related_buf: list[str] = []
        learn_buf: list[str] = []
        title_pending = False
        guest_b_pending = False
        implicit_start = self._implicit_transcript_start(lines)

        def flush_profile() -> None:
            nonlocal pending_question, pending_answer
            if pending_question is not None:
                answer = "\n".join(pending_answer).strip()
                key = re.sub(r"\W+", " ", pending_question.lower()).strip()
                if key not in self.profile:
                    self.profile[key] = ProfileItem(pending_question, answer)
                    self.profile_order.append(key)
                elif not self.profile[key].answer and answer:
                    self.profile[key].answer = answer
            pending_question, pending_answer = None, []

        def flush_related() -> None:
            nonlocal last_related, related_buf
            if last_related is not None:
                people_lines = related_buf
                if last_related.theme is None and people_lines:
                    last_related.theme = people_lines.pop(0)
                # name / role / organisation per person; stray text after the last one is no name
                last_related.people = [n for n in people_lines[0::3] if _is_person_name(n)]
                self.case.related.append(last_related)
            last_related, related_buf = None, []

        def flush_learning() -> None:
            nonlocal learn_buf
            for ln in learn_buf:
                self.case.learning_points.extend(split_learning_line(ln))
            learn_buf = []

        for i, line in enumerate(lines):
            if i == implicit_start:
                flush_profile(); flush_related(); flush_learning()
                self.transcript_seen = True
                self.warnings.append("no transcript heading; the transcript was found by its speaker labels")
                state = "transcript"
            if not line:
                if state == "transcript" and self.raw_turns:
                    self.raw_turns[-1][1].append("")
                continue

            # ---- transcript runs until the outro -------------------------
            if state == "transcript":
                if _OUTRO.match(line):
                    state = "after"
                    continue
                self._transcript_line(line)
                continue

            # ---- headings recognised anywhere outside the transcript ------
            m = _HEADER_A.match(line)
            if m and not self.found_header:
                self._set_id(m.group(1))
                if m.group(2):
                    self.case.title = m.group(2).strip()
                else:
                    title_pending = True
                state = "summary"
                continue
            m = _HEADER_B.match(line)
            if m and not self.found_header and state != "related":
                self._set_id(m.group(1))
                self.case.title = m.group(2).strip()
                state = "front"
                continue
            if title_pending:
                self.case.title = line
                title_pending = False
                continue

            m = _SECTION_TRANSCRIPT.match(line)
            if m:
                flush_profile(); flush_related(); flush_learning()
                self.transcript_seen = True
                state = "transcript"
                continue
            if _SECTION_LEARN.match(line):
                flush_profile(); flush_related()
                state = "learn"
                continue
            if _SECTION_READING.match(line):
                flush_profile(); flush_learning()
                state = "reading"
                continue
            if _SECTION_REFLECTION.match(line):
                flush_profile(); flush_learning()
                state = "reflection"
                continue
            if _SECTION_RELATED.match(line):
                flush_profile(); flush_learning(); flush_related()
                state = "related"
                continue
            m = _HOST_LINE.match(line)
            if m:
                self.case.host = m.group(1).strip()
                state = "summary" if not self.summary_parts else "front"
                continue
            m = _KEY_RE.match(line)
            if m and state not in ("related",):
                key = _KEYS[m.group(1).lower()]
                value = m.group(2).strip()
                if key == "guest":
                    if value:
                        self.case.guests.append(Guest(value))
                        guest_b_pending = True
                    continue
                flush_profile()
                if state in ("learn", "reading", "reflection"):
                    flush_learning()
                    state = "meta"
                self._set_meta(key, value)
                if state in ("start", "summary") and key == "duration":
                    state = "profile"
                elif state == "start":
                    state = "front"
                continue
            m = _SECTION_ABOUT.match(line)
            if (m and state in ("learn", "reading", "reflection", "meta", "about", "after")
                    and not _is_sentence(line) and not line.endswith(":")):
                flush_learning()
                self.about_org = m.group(2).strip()
                state = "about"
                continue

            if (state in ("reflection", "after", "meta", "about") and not self.case.perspective
                    and re.fullmatch(r"[A-ZÆØÅ][A-ZÆØÅ &/-]{2,40}", line)):
                # The older layout prints the perspective as a lone capitalised line ("PUBLIC SECTOR").
                self.case.perspective = line
                continue

            # ---- section bodies --------------------------------------------
            if guest_b_pending:
                guest_b_pending = False
                if not _is_sentence(line) and not _is_question(line):
                    g = self.case.guests[-1]
                    g.role, g.organisation = _split_role_org(line)
                    continue

            if state in ("summary", "front", "start"):
                if state == "start" and not self.found_header:
                    # Unknown preamble before any heading: keep scanning.
                    if _looks_like_quote(line):
                        self.case.quote = _strip_quotes(line)
                    continue
                if _looks_like_quote(line) and not self.case.quote:
                    self.case.quote = _strip_quotes(line)
                    state = "front"
                    continue
                if _is_question(line) and (self.summary_parts or state == "front"):
                    flush_profile()
                    pending_question = line
                    state = "profile"
                    continue
                if _is_sentence(line) or not self.summary_parts:
                    if self.guest_lines and self.summary_parts:
                        self.warnings.append("text after the guest list was taken as summary")
                    self.summary_parts.append(line)
                else:
                    self.guest_lines.append([line])
                continue

            if state == "profile":
                if _looks_like_quote(line) and not self.case.quote and pending_question is None:
                    self.case.quote = _strip_quotes(line)
                    continue
                if _is_question(line) and (pending_question is None or pending_answer):
                    flush_profile()
                    pending_question = line
                elif pending_question is not None:
                    pending_answer.append(line)
                continue

            if state == "learn":
                if re.match(r"^[-–—]\s*\S", line) and learn_buf and _is_sentence(learn_buf[-1]):
                    # "<long paragraph>\n- Kjersti Eiken": a quote with its author.
                    if not self.case.quote:
                        self.case.quote = _strip_quotes(learn_buf[-1])
                    learn_buf.pop()
                    continue
                learn_buf.append(line)
                continue

            if state == "reading":
                self.case.further_reading.append(_dedupe_link(line))
                continue

            if state == "reflection":
                text = re.split(r"Spørsmål\s*:|Question\s*:", line, maxsplit=1)
                q = text[-1].strip()
                if len(text) == 1 and "?" not in line:
                    # An instruction such as "Samle deg med en venn …" without the question.
                    continue
                if q:
                    self.case.reflection_questions.append(q)
                continue

            if state == "related":
                m = _RELATED_ID.match(line)
                if m:
                    flush_related()
                    last_related = RelatedCase(id=normalise_case_id(m.group(1)) or m.group(1))
                    continue
                if last_related is not None:
                    related_buf.append(line)
                continue

            if state in ("about", "meta", "after"):
                continue

        flush_profile()
        flush_related()
        flush_learning()
        return self._finish()

    # -- pieces ----------------------------------------------------------
    def _implicit_transcript_start(self, lines: list[str]) -> int | None:
        """Where a transcript without a heading starts: the first line of a conversation of "Name: …" turns.

        A conversation needs at least three speaker lines, two different speakers, and its first
        speaker speaking again (so a lone "Published: 2020" line does not start it).
        """
        if any(_SECTION_TRANSCRIPT.match(ln) for ln in lines if ln):
            return None
        speakers: list[tuple[int, str]] = []
        for i, ln in enumerate(lines):
            m = _SPEAKER_RE.match(ln) if ln else None
            if m and self._plausible_label(m.group("name")):
                speakers.append((i, m.group("name").split()[0].lower()))
        firsts = Counter(first for _, first in speakers)
        for k, (i, first) in enumerate(speakers):
            rest = speakers[k:]
            if firsts[first] >= 2 and len(rest) >= 3 and len({f for _, f in rest}) >= 2:
                return i
        return None

    def _set_id(self, label: str) -> None:
        label = re.sub(r"\s+", "", label)
        self.case.label = label if label.startswith("#") else "#" + label
        self.case.id = normalise_case_id(label) or ""
        self.found_header = True

    def _set_meta(self, key: str, value: str) -> None:
        if not value:
            return
        if key == "duration":
            minutes = parse_duration(value)
            if minutes is not None:
                self.case.duration_minutes = minutes
            else:
                self.warnings.append(f"unreadable duration: {value!r}")
        elif key == "date":
            iso = parse_date(value)
            if iso:
                self.case.date = iso
            else:
                self.warnings.append(f"unreadable date: {value!r}")
        elif key == "host":
            self.case.host = value
        else:
            setattr(self.case, key, value)

    def _transcript_line(self, line: str) -> None:
        m = _SPEAKER_RE.match(line)
        if m and self._plausible_label(m.group("name")):
            self.raw_turns.append((m.group("name").strip(), [m.group("text").strip()]))
        elif self.raw_turns:
            self.raw_turns[-1][1].append(line)
        # lines before the first speaker (the jingle's "Velkommen til …") are not turns

    @staticmethod
    def _plausible_label(name: str) -> bool:
        words = name.split()
        return bool(words) and words[0].lower() not in _NOT_SPEAKERS and _is_person_name(name)

    # -- finishing -----------------------------------------------------------
    def _finish(self) -> ParseResult:
        case = self.case
        if self.summary_parts:
            case.summary = "\n".join(self.summary_parts)
        self._guests_from_block()
        case.profile = [self.profile[k] for k in self.profile_order]
        if not case.organisation and self.about_org:
            case.organisation = self.about_org
        if not case.organisation and len({g.organisation for g in case.guests if g.organisation}) == 1:
            case.organisation = case.guests[0].organisation
        self._build_turns()
        if case.host:
            case.host = self._resolve_host(case.host, self._known_names())
        if not case.id:
            case.id = _fallback_id(self.source, self.text)
            if self.found_header:
                self.warnings.append("case number unreadable")
            else:
                self.warnings.append(f"no case number found; using {case.id}")
        signals = (case.theme, case.date, case.place, case.host, case.duration_minutes, case.perspective,
                   case.profile, case.learning_points, case.reflection_questions, self.transcript_seen)
        is_case = bool(self.found_header or case.turns or sum(bool(x) for x in signals) >= 2)
        if not is_case:
            self.warnings.append("no LØRN case found in this text")
        elif not self.found_header:
            self.warnings.append("unfamiliar page layout: no 'LØRN Case #…' or '#0399:' heading")
            if not case.title:
                case.title = self._first_line_title()
                if case.title:
                    self.warnings.append(f"title taken from the first line: {case.title!r}")
        if is_case and self.found_header and not case.title:
            self.warnings.append("no title found")
        if is_case and not self.transcript_seen:
            self.warnings.append("no transcript on this page")
        elif self.transcript_seen and not case.turns:
            self.warnings.append("transcript section has no speaker turns")
        return ParseResult(case, self.warnings, is_case)

    def _first_line_title(self) -> str | None:
        """The first short line that is not a field, a speaker turn or a section heading."""
        for line in self.lines:
            if not line:
                continue
            if _KEY_RE.match(line) or _HOST_LINE.match(line):
                continue
            if (len(line) > 150 or _SPEAKER_RE.match(line)
                    or any(r.match(line) for r in (_SECTION_TRANSCRIPT, _SECTION_LEARN, _SECTION_READING,
                                                   _SECTION_REFLECTION, _SECTION_RELATED))):
                return None
            return _SITE_SUFFIX.sub("", line) or None
        return None

    def _guests_from_block(self) -> None:
        lines = [p[0] for p in self.guest_lines]
        if not lines:
            return
        if len(lines) % 3:
            self.warnings.append(f"guest block has {len(lines)} lines, expected name/role/organisation triples")
        for k in range(0, len(lines), 3):
            chunk = lines[k:k + 3] + [None, None]
            self.case.guests.append(Guest(chunk[0], chunk[1], chunk[2]))

    # Known people: guests, host(s) and multi-word speaker labels; written-out names before ALL-CAPS ones.
    def _known_names(self) -> list[str]:
        candidates = [g.name for g in self.case.guests] + host_names(self.case.host or "")
        candidates += [lbl for lbl, _ in self.raw_turns]
        names: dict[str, str] = {}  # lower-case → the spelling to use
        for n in candidates:
            n = " ".join(n.split())
            if _is_person_name(n, min_words=2) and (names.get(n.lower(), n).isupper() or n.lower() not in names):
                names[n.lower()] = n
        return list(names.values())

    def _resolve_name(self, label: str, known: list[str], initials_ok: bool = False, search_page: bool = True) -> str:
        """The full name a speaker label or host line means (``Silvija``/``SILVIJA SERES`` → ``Silvija Seres``)."""
        label = " ".join(label.split())
        words = label.lower().split()
        # "Silvija" / "Tone Merethe" → the one known longer name that starts with those words
        longer = {n.lower(): n for n in known
                  if n.lower().split()[:len(words)] == words and len(n.split()) > len(words)}
        if len(longer) == 1:
            return next(iter(longer.values()))
        for n in known:
            if n.lower().split() == words:
                return n
        # "EL" → the known name with those initials
        if _INITIALS.fullmatch(label):
            if initials_ok:
                ini = [n for n in known if "".join(w[0] for w in n.split() if w[0].isupper()) == label]
                if len(ini) == 1:
                    return ini[0]
            return label
        # Otherwise look for "<label> Surname" written anywhere on the page.
        if search_page and len(words) <= 2:
            pattern = re.compile(r"\b" + re.escape(label) + r"((?:\s+[A-ZÆØÅ][a-zæøåäöüé\-]+){1,2})\b")
            found = Counter(label + m.group(1) for m in pattern.finditer(self.text))
            if found:
                return found.most_common(1)[0][0]
        return label

    def _resolve_host(self, host: str, known: list[str]) -> str:
        """Resolve each name of a host line (``EL``, ``Silvija og EL``), keeping the separators."""
        parts = _HOST_SEPARATOR.split(host)
        return "".join(part if k % 2 else self._resolve_name(part, known, initials_ok=True)
                       for k, part in enumerate(parts))

    def _build_turns(self) -> None:
        labels = Counter(lbl for lbl, _ in self.raw_turns)
        known = self._known_names()
        # Searching the page for a surname is for the few speakers of a real conversation.
        resolved = {lbl: self._resolve_name(lbl, known, search_page=len(labels) <= 50) for lbl in labels}
        people = set(known)
        turns: list[Turn] = []
        for lbl, parts in self.raw_turns:
            speaker = resolved[lbl]
            # A one-off "Word:" that is nobody we know is text, not a speaker.
            if labels[lbl] == 1 and speaker not in people and len(lbl.split()) == 1 and turns:
                parts = [f"{lbl}: {parts[0]}"] + parts[1:]
                turns[-1].text = _join_paragraphs([turns[-1].text, ""] + parts)
                continue
            text = _join_paragraphs(parts)
            if not text:
                continue
            turns.append(Turn(speaker, text))
        self.case.turns = turns


def host_names(host: str) -> list[str]:
    """The names in a host line such as ``Silvija Seres og Eirik Løkke``."""
    return [part for k, part in enumerate(_HOST_SEPARATOR.split(host)) if k % 2 == 0 and part.strip()]


def _dedupe_link(line: str) -> str:
    """``http://www.ks.no www.ks.no`` (a link and its printed text) → ``http://www.ks.no``."""
    parts = line.split()
    if len(parts) == 2 and re.match(r"https?://", parts[0]) and parts[0].split("://", 1)[1].rstrip("/") == parts[1].rstrip("/"):
        return parts[0]
    return line


def _join_paragraphs(parts: list[str]) -> str:
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
