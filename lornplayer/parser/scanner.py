"""The line scanner: walks the cleaned lines of a page once and fills a :class:`~lornplayer.model.Case`.

Section headings in both languages are recognised wherever they appear; each
line is then handled by the current section's method.  Whatever cannot be
placed becomes a warning; nothing here raises on odd input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from lornplayer.model import Case, Guest, Part, ProfileItem, RelatedCase
from lornplayer.parser import fields as F
from lornplayer.parser import vocab as V
from lornplayer.parser.kinds import (
    detect_kind,
    part_label,
    read_webinar_front,
)
from lornplayer.parser.text import page_lines
from lornplayer.parser.turns import (
    TurnCollector,
    colon_label,
    implicit_transcript_start,
)

_SERIES = {"masterclass": "M", "masters": "M", "webinar": "E"}


@dataclass
class ParseResult:
    case: Case
    warnings: list[str] = field(default_factory=list)
    #: False when nothing that looks like a LØRN case was found at all (or the page is a listing).
    is_case: bool = True
    #: The page template (see :func:`lornplayer.parser.kinds.detect_kind`).
    layout: str = "case"
    #: The page's own address, when its HTML names it.
    url: str | None = None
    #: For a page without a readable id: the id its file name or URL carries (never invented).
    derived_id: str | None = None
    #: For a listing page: its name.
    listing: str | None = None

    @property
    def import_id(self) -> str | None:
        """The id to import the case under: the page's own, else the one from its file name or URL."""
        return self.case.id or self.derived_id


def _is_debris(line: str) -> bool:
    low = line.lower()
    return low in V.DEBRIS_EXACT or low.startswith(V.DEBRIS_PREFIX) or bool(V.DEBRIS_RE.match(line))


def _is_question(line: str) -> bool:
    return line.endswith("?") and 3 <= len(line) <= 200


def _strip_quotes(line: str) -> str:
    return line.strip().strip(V.QUOTE_CHARS).strip()


def _looks_like_quote(line: str) -> bool:
    return len(line) > 2 and line[0] in V.QUOTE_CHARS and line.rstrip()[-1] in V.QUOTE_CHARS


def _is_sentence(line: str) -> bool:
    line = _INITIAL.sub("X", line)  # "Klas H. Pettersen" is a name, not two sentences
    return len(line) > 120 or bool(re.search(r"[.!?]\s+\S", line)) or line.endswith((".", "!"))


_INITIAL = re.compile(r"\b[A-ZÆØÅ]\.(?=\s+[A-ZÆØÅ])")
_FOOTER_START = re.compile(r"^(?:LØRN|Lørn|LORN) AS\b")


def _is_null(value: str) -> bool:
    return value.strip().upper() in ("NULL", "NONE", "N/A", "-", "–")


NULL_LINE = "\x00NULL"  # (control characters never survive cleaning, so no page line looks like this)


def _lone_quote(lines: list[str]) -> str | None:
    """The quote after a lone opening quote mark (the 2024 site prints the mark on a line of its own)."""
    for i, ln in enumerate(lines):
        if ln in ("“", "«", "„"):
            nxt = next((x for x in lines[i + 1 : i + 4] if x), "")
            if (
                nxt
                and not V.JINGLE.match(nxt)
                and not colon_label(nxt)
                and len(nxt) <= 400
                and not V.SECTION_TRANSCRIPT.match(nxt)
                and not part_label(nxt)
                and not V.KEY_RE.match(nxt)
            ):
                return _strip_quotes(nxt) or None
            return None
    return None


def _drop_footer(lines: list[str]) -> list[str]:
    """Blank the site footer: from a "LØRN AS, c/o …" address line to the "© 2024 LØRN AS" line after it."""
    out = list(lines)
    for i, ln in enumerate(lines):
        if ln and _FOOTER_START.match(ln):
            end = next((k for k in range(i, min(i + 12, len(lines))) if lines[k].startswith("©")), None)
            if end is not None:
                out[i : end + 1] = [""] * (end + 1 - i)
    return out


class PageScanner:
    def __init__(self, text: str, source: str | None = None):
        self.text = text if isinstance(text, str) else str(text)
        self.source = source
        self.warnings: list[str] = []
        self.case = Case(id=None)
        self.found_header = False
        self.state = "start"
        self.summary_parts: list[str] = []
        self.guest_lines: list[str | None] = []  # None: a NULL line
        self.profile: dict[str, ProfileItem] = {}
        self.profile_order: list[str] = []
        self.pending_question: str | None = None
        self.pending_answer: list[str] = []
        self.related: RelatedCase | None = None
        self.related_buf: list[str] = []
        self.learn_buf: list[str] = []
        self.quick: dict[str, str] = {}
        self.quick_values: list[str] = []
        self.title_pending = False
        self.guest_pending = 0  # lines after "Gjest: Name" that may hold role and organisation
        self.repeat = False  # after a header printed a second time: skip what was printed before
        self.seen_front: set[str] = set()
        self.parts: dict[int, Part] = {}
        self.last_part: Part | None = None
        self.turns = TurnCollector()
        self.transcript_seen = False
        self.about_org: str | None = None
        self.lines: list[str] = []
        self.url: str | None = None
        self.layout = "case"
        self.implicit_start: int | None = None
        self.speaker_lines: list[int] = []
        self.lone_quote: str | None = None

    # -- driver --------------------------------------------------------------------------
    def run(self) -> ParseResult:
        lines, page = page_lines(self.text)
        self.case.kind, self.layout = detect_kind(lines, page.url)
        self.lone_quote = _lone_quote(lines)
        self.lines = lines = [
            NULL_LINE if ln.upper() == "NULL" else "" if ln and _is_debris(ln) else ln for ln in _drop_footer(lines)
        ]

        self.url = page.url
        self.implicit_start = implicit_transcript_start(lines)
        self.speaker_lines = [i for i, ln in enumerate(lines) if ln and (V.JINGLE.match(ln) or colon_label(ln))]
        start = 0
        if self.case.kind == "webinar":
            start = self._webinar_front()
        for i in range(start, len(lines)):
            self._line(i, lines[i])
        self._flush_profile()
        self._flush_related()
        self._flush_learning()
        return self._finish()

    def _line(self, i: int, line: str) -> None:
        if i == self.implicit_start and self.state != "transcript":
            self._begin_transcript()
            self.warnings.append("no transcript heading; the transcript was found by its speaker labels")
        if line == NULL_LINE:
            # "NULL" is no value; in the guest block it keeps the place of a missing role or organisation
            if self.state in ("summary", "front") and self.summary_parts and not self.case.quote:
                self.guest_lines.append(None)
            line = ""
        if not line:
            if self.state == "transcript":
                self.turns.blank()
            return
        if self.state == "transcript":
            self._transcript_line(line)
        elif not self._heading(i, line):
            self._body(line)

    def _begin_transcript(self) -> None:
        self._flush_profile()
        self._flush_related()
        self._flush_learning()
        self.transcript_seen = True
        self.state = "transcript"

    def _transcript_line(self, line: str) -> None:
        if V.OUTRO.match(line):
            self.state = "after"
            return
        label = part_label(line)
        if label and not colon_label(line):
            self._add_part(label)
            self.turns.mark_part(label.number)
            return
        if V.SECTION_TRANSCRIPT.match(line) and not self.turns.raw:
            return
        self.turns.add_line(line)

    # -- headings, recognised anywhere outside the transcript -----------------------------------
    def _heading(self, i: int, line: str) -> bool:
        if self._case_header(line):
            return True
        if self.title_pending:
            self.case.title = V.SITE_SUFFIX.sub("", line).strip() or line
            self.title_pending = False
            self.seen_front.add(line)
            return True
        if self.repeat:
            if line in self.seen_front or line == self.case.title or F.DURATION_LINE_RE.match(line):
                return True
            self.repeat = False
        label = part_label(line)
        if label and not colon_label(line):
            self.guest_pending = 0
            if label.number in self.parts and self._speech_follows(i):
                self._begin_transcript()
                self.turns.mark_part(label.number)
            else:
                self._flush_profile()
                self._flush_learning()
                self.state = "part"
            self._add_part(label)
            return True
        if V.BOILERPLATE_RE.match(line):
            self._flush_profile()
            self._flush_learning()
            self.state = "boiler"
            return True
        if self._section_heading(line):
            self.guest_pending = 0
            return True
        return self._field_line(line)

    def _case_header(self, line: str) -> bool:
        m = V.HEADER_A.match(line)
        if m:
            series = _SERIES.get(m.group("word").lower(), "C")
            case_id = F.normalise_case_id(m.group("id"), series)
            if not self.found_header:
                self._set_id(m.group("id"), case_id)
                title = V.SITE_SUFFIX.sub("", m.group("title").strip()).strip()
                if title:
                    self.case.title = title
                else:
                    self.title_pending = True
                self.state = "summary"
                return True
            if case_id == self.case.id:
                self.repeat = True
                return True
            return False
        m = V.HEADER_B.match(line)
        if m and self.state != "related":
            case_id = F.normalise_case_id(m.group("id"))
            if not self.found_header:
                self._set_id(m.group("id"), case_id)
                self.case.title = V.SITE_SUFFIX.sub("", m.group("title").strip()).strip() or None
                self.state = "front"
                return True
            if case_id == self.case.id:
                self.repeat = True
                return True
        return False

    def _section_heading(self, line: str) -> bool:
        if V.SECTION_TRANSCRIPT.match(line):
            self._begin_transcript()
        elif V.SECTION_LEARN.match(line):
            self._flush_profile()
            self._flush_related()
            self.state = "learn"
        elif V.SECTION_READING.match(line):
            self._flush_profile()
            self._flush_learning()
            self.state = "reading"
        elif V.SECTION_REFLECTION.match(line):
            self._flush_profile()
            self._flush_learning()
            self.state = "reflection"
        elif V.SECTION_RELATED.match(line):
            self._flush_profile()
            self._flush_learning()
            self._flush_related()
            self.state = "related"
        elif V.SECTION_QUICK.match(line) and self.state not in ("related", "learn"):
            self._flush_profile()
            self.state = "quick"
        else:
            return False
        return True

    def _field_line(self, line: str) -> bool:
        m = V.HOST_LINE.match(line)
        if m:
            self.case.host = self.case.host or m.group(1).strip()
            self.guest_pending = 0
            self.state = "summary" if not self.summary_parts else "front"
            return True
        m = V.KEY_RE.match(line)
        if m and self.state != "related":
            self.guest_pending = 0
            key = V.KEYS[m.group(1).lower()]
            value = m.group(2).strip()
            if key == "guest":
                if value and not _is_null(value):
                    self.case.guests.append(Guest(value))
                    self.guest_pending = 2
                return True
            self._flush_profile()
            if self.state in ("learn", "reading", "reflection"):
                self._flush_learning()
                self.state = "meta"
            self._set_meta(key, value)
            if self.state in ("start", "summary") and key == "duration":
                self.state = "profile"
            elif self.state == "start":
                self.state = "front"
            return True
        if (
            F.DURATION_LINE_RE.match(line)
            and self.case.duration_minutes is None
            and self.state in ("start", "summary", "front", "boiler", "meta", "after")
        ):
            self.case.duration_minutes = F.parse_duration(line)
            return True
        if (
            F.DATE_LINE_RE.match(line)
            and self.case.date is None
            and self.state in ("start", "summary", "front", "meta", "after", "about")
        ):
            self.case.date = F.parse_date(line)
            return True
        m = V.SECTION_ABOUT.match(line)
        if (
            m
            and self.state in ("learn", "reading", "reflection", "meta", "about", "after")
            and not _is_sentence(line)
            and not line.endswith(":")
        ):
            self._flush_learning()
            self.about_org = m.group(2).strip()
            self.state = "about"
            return True
        if (
            self.state in ("reflection", "after", "meta", "about")
            and not self.case.perspective
            and re.fullmatch(r"[A-ZÆØÅ][A-ZÆØÅ &/-]{2,40}", line)
        ):
            # The older layout prints the perspective as a lone capitalised line ("PUBLIC SECTOR").
            self.case.perspective = line
            return True
        return False

    # -- section bodies -------------------------------------------------------------------
    def _body(self, line: str) -> None:
        if self.guest_pending and self._guest_detail(line):
            return
        handler = getattr(self, f"_in_{self.state}", None)
        if handler is not None:
            handler(line)

    def _guest_detail(self, line: str) -> bool:
        """Role and organisation after ``Gjest: Name``: one line (``X of Y``, ``fra Y``) or two lines."""
        if _is_sentence(line) or _is_question(line) or len(line) > 100:
            self.guest_pending = 0
            return False
        g = self.case.guests[-1]
        if self.guest_pending == 2:
            g.role, g.organisation = F.split_role_org(line)
            self.guest_pending = 1 if g.organisation is None else 0
        else:
            g.organisation = line
            self.guest_pending = 0
        return True

    def _in_start(self, line: str) -> None:
        if self.found_header:
            self._in_summary(line)
        elif _looks_like_quote(line):  # unknown preamble before any heading: keep scanning
            self.case.quote = _strip_quotes(line)

    def _in_summary(self, line: str) -> None:
        self.seen_front.add(line)
        if _looks_like_quote(line) and not self.case.quote:
            self.case.quote = _strip_quotes(line)
            self.state = "front"
        elif _is_question(line) and (self.summary_parts or self.state == "front"):
            self._flush_profile()
            self.pending_question = line
            self.state = "profile"
        elif _is_sentence(line) or (not self.summary_parts and self.layout != "case-legacy-en"):
            # (the legacy template puts the guest block before the summary)
            if self.guest_lines and self.summary_parts:
                self.warnings.append("text after the guest list was taken as summary")
            self.summary_parts.append(line)
        elif not _is_null(line):
            self.guest_lines.append(line)

    _in_front = _in_summary

    def _in_profile(self, line: str) -> None:
        if _looks_like_quote(line) and not self.case.quote and self.pending_question is None:
            self.case.quote = _strip_quotes(line)
        elif (_is_question(line) or V.PROMPT_RE.match(line)) and (self.pending_question is None or self.pending_answer):
            self._flush_profile()
            self.pending_question = line
        elif self.pending_question is not None:
            self.pending_answer.append(line)

    def _in_quick(self, line: str) -> None:
        m = V.QUICK_KEY_RE.match(line)
        if m:
            key = V.QUICK_KEYS[m.group(1).lower()]
            if m.group(2).strip() and not _is_null(m.group(2)):
                self.quick[key] = m.group(2).strip()
            return
        if _is_sentence(line) or _is_question(line) or V.PROMPT_RE.match(line) or len(line) > 80:
            self.state = "profile"
            self._in_profile(line)
        else:
            self.quick_values.append(line)

    def _in_learn(self, line: str) -> None:
        if re.match(r"^[-–—]\s*\S", line) and self.learn_buf and _is_sentence(self.learn_buf[-1]):
            # "<long paragraph>\n- Kjersti Eiken": a quote with its author.
            if not self.case.quote:
                self.case.quote = _strip_quotes(self.learn_buf[-1])
            self.learn_buf.pop()
        else:
            self.learn_buf.append(line)

    def _in_reading(self, line: str) -> None:
        self.case.further_reading.append(F.dedupe_link(line))

    def _in_reflection(self, line: str) -> None:
        text = re.split(r"Spørsmål\s*:|Question\s*:", line, maxsplit=1)
        q = text[-1].strip()
        if len(text) == 1 and "?" not in line:
            return  # an instruction such as "Samle deg med en venn …" without the question
        if q:
            self.case.reflection_questions.append(q)

    def _in_related(self, line: str) -> None:
        m = V.RELATED_ID.match(line)
        if m:
            self._flush_related()
            self.related = RelatedCase(id=F.normalise_case_id(m.group(1)) or m.group(1))
        elif self.related is not None:
            self.related_buf.append(line)

    def _in_part(self, line: str) -> None:
        if self.last_part is not None and self.last_part.description is None and not _is_debris(line):
            self.last_part.description = line
        self.state = "parts"

    # -- flushing --------------------------------------------------------------------------
    def _flush_profile(self) -> None:
        if self.pending_question is not None:
            answer = "\n".join(self.pending_answer).strip()
            key = re.sub(r"\W+", " ", self.pending_question.lower()).strip()
            if key not in self.profile:
                self.profile[key] = ProfileItem(self.pending_question, answer)
                self.profile_order.append(key)
            elif not self.profile[key].answer and answer:
                self.profile[key].answer = answer
        self.pending_question, self.pending_answer = None, []

    def _flush_related(self) -> None:
        if self.related is not None:
            people_lines = self.related_buf
            if self.related.theme is None and people_lines:
                self.related.theme = people_lines.pop(0)
            # name / role / organisation per person; stray text after the last one is no name
            self.related.people = [n for n in people_lines[0::3] if F.is_person_name(n)]
            self.case.related.append(self.related)
        self.related, self.related_buf = None, []

    def _flush_learning(self) -> None:
        for ln in self.learn_buf:
            self.case.learning_points.extend(F.split_learning_line(ln))
        self.learn_buf = []

    # -- pieces ----------------------------------------------------------------------------
    def _speech_follows(self, i: int, window: int = 15) -> bool:
        k = bisect_right(self.speaker_lines, i)
        return k < len(self.speaker_lines) and self.speaker_lines[k] - i <= window

    def _add_part(self, label) -> None:
        part = self.parts.get(label.number)
        if part is None:
            part = self.parts[label.number] = Part(label.number)
        part.title = part.title or label.title
        part.duration_minutes = part.duration_minutes or label.minutes
        self.last_part = part
        if label.case_id and not self.case.id:
            self.case.id = label.case_id

    def _set_id(self, label: str, case_id: str | None) -> None:
        label = re.sub(r"\s+", "", label)
        self.case.label = label
        self.case.id = case_id
        self.found_header = True

    def _set_meta(self, key: str, value: str) -> None:
        if not value or _is_null(value):
            return
        if key == "duration":
            minutes = F.parse_duration(value)
            if minutes is not None:
                self.case.duration_minutes = minutes
            else:
                self.warnings.append(f"unreadable duration: {value!r}")
        elif key == "date":
            iso = F.parse_date(value)
            if iso:
                self.case.date = iso
            else:
                self.warnings.append(f"unreadable date: {value!r}")
        elif key == "host":
            self.case.host = value
        else:
            setattr(self.case, key, value)

    def _webinar_front(self) -> int:
        front = read_webinar_front(self.lines, self.implicit_start)
        c = self.case
        c.id, c.title, c.date, c.host = front.case_id, front.title, front.date, front.host
        c.guests = front.guests
        self.summary_parts = front.summary
        self.found_header = bool(front.case_id or front.title)
        self.state = "parts"
        return front.end

    # -- finishing -------------------------------------------------------------------------
    def _finish(self) -> ParseResult:
        from lornplayer.parser.finish import finish

        return finish(self)
