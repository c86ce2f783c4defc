"""Exports as text: notes and reflections, the learning log, transcripts (no Qt here).

Every function returns a string (Markdown, or a standalone HTML document) built from
the model objects; all case and user text is escaped.  Headings and field names come
from :class:`Labels` (English by default; the UI passes ``Labels.translated(...)``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Callable, Iterable, Protocol

from lornplayer.model import Case, Guest, Note


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a string for Qt's lupdate without importing Qt."""
    return text


_CTX = "Export"


@dataclass(frozen=True)
class Labels:
    """User-visible words of the exports."""

    notes: str = QT_TRANSLATE_NOOP(_CTX, "Notes")
    note: str = QT_TRANSLATE_NOOP(_CTX, "Note")
    reflections: str = QT_TRANSLATE_NOOP(_CTX, "Reflection questions")
    learning: str = QT_TRANSLATE_NOOP(_CTX, "What you will learn")
    not_answered: str = QT_TRANSLATE_NOOP(_CTX, "(not answered)")
    guests: str = QT_TRANSLATE_NOOP(_CTX, "Guests")
    host: str = QT_TRANSLATE_NOOP(_CTX, "Host")
    date: str = QT_TRANSLATE_NOOP(_CTX, "Date")
    theme: str = QT_TRANSLATE_NOOP(_CTX, "Theme")
    organisation: str = QT_TRANSLATE_NOOP(_CTX, "Organisation")
    perspective: str = QT_TRANSLATE_NOOP(_CTX, "Perspective")
    place: str = QT_TRANSLATE_NOOP(_CTX, "Place")
    duration: str = QT_TRANSLATE_NOOP(_CTX, "Duration")
    further_reading: str = QT_TRANSLATE_NOOP(_CTX, "Further reading")
    transcript: str = QT_TRANSLATE_NOOP(_CTX, "Transcript")
    learning_log: str = QT_TRANSLATE_NOOP(_CTX, "Learning log")
    generated: str = QT_TRANSLATE_NOOP(_CTX, "Generated {date}.")
    summary: str = QT_TRANSLATE_NOOP(_CTX, "Summary")
    cases_finished: str = QT_TRANSLATE_NOOP(_CTX, "Cases finished")
    cases_in_progress: str = QT_TRANSLATE_NOOP(_CTX, "Cases in progress")
    time_listened: str = QT_TRANSLATE_NOOP(_CTX, "Time listened")
    listened: str = QT_TRANSLATE_NOOP(_CTX, "Listened")
    reflection_answers: str = QT_TRANSLATE_NOOP(_CTX, "Answers to reflection questions and learning points")
    finished_cases: str = QT_TRANSLATE_NOOP(_CTX, "Finished cases")
    finished: str = QT_TRANSLATE_NOOP(_CTX, "Finished")
    in_progress: str = QT_TRANSLATE_NOOP(_CTX, "In progress")
    case: str = QT_TRANSLATE_NOOP(_CTX, "Case")
    title: str = QT_TRANSLATE_NOOP(_CTX, "Title")

    @classmethod
    def translated(cls, translate: Callable[[str, str], str]) -> "Labels":
        """Labels run through ``translate(context, text)``, e.g. ``QCoreApplication.translate``."""
        return cls(**{f.name: translate(_CTX, f.default) for f in fields(cls)})


DEFAULT_LABELS = Labels()


class Timing(Protocol):
    starts: Sequence[float | None]


@dataclass
class LogEntry:
    """One case in the learning log."""

    case: Case
    finished_at: date | str | None = None
    time_listened: float = 0.0  # wall-clock seconds
    listened_fraction: float = 0.0
    notes: list[Note] = field(default_factory=list)  # all kinds


# -- formatting ---------------------------------------------------------------


def format_time(seconds: float) -> str:
    """``m:ss`` below an hour, else ``h:mm:ss`` (whole seconds, rounded down)."""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_duration(seconds: float) -> str:
    """A readable amount of time: ``45 s``, ``12 min``, ``1 h 05 min``."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    h, m = divmod(round(s / 60), 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _fmt_date(d: date | str | None) -> str:
    if isinstance(d, datetime):
        d = d.date()
    return d.isoformat() if isinstance(d, date) else (d or "")


def _label(case: Case) -> str:
    return case.label or "#" + case.id


def _guests_text(case: Case) -> str:
    """``Name (role, organisation); ...``"""

    def one(g: Guest) -> str:
        extra = ", ".join(x for x in (g.role, g.organisation) if x)
        return f"{g.name} ({extra})" if extra else g.name

    return "; ".join(one(g) for g in case.guests)


def _turn_start(timing: Timing | None, index: int | None) -> float | None:
    if timing is None or index is None or not 0 <= index < len(timing.starts):
        return None
    return timing.starts[index]


def _note_time(note: Note, timing: Timing | None) -> float | None:
    return note.position if note.position is not None else _turn_start(timing, note.turn_index)


def _speaker(case: Case, turn_index: int | None) -> str | None:
    if turn_index is None or not 0 <= turn_index < len(case.turns):
        return None
    return case.turns[turn_index].speaker


def _duration_text(case: Case, timing: Timing | None) -> str | None:
    """The length the app shows: the audio's when known (rounded to minutes), else the page's "Varighet"."""
    duration = getattr(timing, "duration", None)
    if duration:
        return f"{max(1, round(duration / 60))} min"
    return f"{case.duration_minutes} min" if case.duration_minutes else None


def _metadata(case: Case, labels: Labels, timing: Timing | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs of the case facts that are present."""
    items = [
        (labels.guests, _guests_text(case)),
        (labels.host, case.host),
        (labels.date, case.date),
        (labels.theme, case.theme),
        (labels.organisation, case.organisation),
        (labels.perspective, case.perspective),
        (labels.place, case.place),
        (labels.duration, _duration_text(case, timing)),
    ]
    return [(k, v) for k, v in items if v]


def _answers(notes: Iterable[Note], kind: str) -> dict[str, list[str]]:
    """Answer texts by key (question or learning point) for notes of *kind*."""
    result: dict[str, list[str]] = {}
    for n in notes:
        if n.kind == kind and n.text.strip():
            result.setdefault(n.key or "", []).append(n.text)
    return result


def _moment_notes(notes: Iterable[Note], timing: Timing | None) -> list[Note]:
    """Moment notes ordered by time (notes without one last), then creation."""
    moment = [n for n in notes if n.kind == "note" and n.text.strip()]
    return sorted(moment, key=lambda n: (_note_time(n, timing) is None, _note_time(n, timing) or 0.0, n.created or ""))


# -- Markdown -----------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^([#+=-])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
_MD_HEADING_HASH = re.compile(r"(?<= )#")


def md_escape(text: str, line_start: bool = False) -> str:
    """Text made literal as one line of Markdown (line breaks become spaces).  With
    *line_start*, block markers it would start with (``#``, ``-``, ``1.``) are escaped too."""
    line = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    if line_start:
        line = _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", line))
    return line


def md_block(text: str) -> str:
    """Multi-line text as literal Markdown paragraphs, keeping the user's line breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(
        "\\\n".join(md_escape(line, True) for line in p.splitlines() if line.strip()) for p in paragraphs if p.strip()
    )


def _md_heading(level: int, text: str) -> str:
    # " #" at the end would be read as the heading's closing sequence.
    return "#" * level + " " + _MD_HEADING_HASH.sub(r"\\#", md_escape(text))


def _md_case_header(case: Case, level: int) -> list[str]:
    lines = [_md_heading(level, case.title or case.id), ""]
    byline = [f"**{md_escape(_label(case))}**"]
    if case.guests:
        byline.append(md_escape(_guests_text(case)))
    return lines + [" · ".join(byline), ""]


def _md_answer_section(
    title: str, keys: list[str], answers: dict[str, list[str]], level: int, include_unanswered: bool, labels: Labels
) -> list[str]:
    """Each question/point as a heading with the user's answers under it."""
    keys = keys + [k for k in answers if k not in keys]  # answers to questions no longer on the page
    body: list[str] = []
    for key in keys:
        texts = answers.get(key)
        if not texts and not include_unanswered:
            continue
        body += [_md_heading(level + 1, key), ""]
        for text in texts or []:
            body += [md_block(text), ""]
        if not texts:
            body += [f"*{md_escape(labels.not_answered)}*", ""]
    return [_md_heading(level, title), ""] + body if body else []


def _md_notes_body(
    case: Case, notes: list[Note], level: int, labels: Labels, timing: Timing | None, include_unanswered: bool
) -> list[str]:
    """Moment notes, then reflection and learning-point answers, under level-*level* headings."""
    lines: list[str] = []
    moment = _moment_notes(notes, timing)
    if moment:
        lines += [_md_heading(level, labels.notes), ""]
        for n in moment:
            t = _note_time(n, timing)
            head = " · ".join(x for x in (format_time(t) if t is not None else None, _speaker(case, n.turn_index)) if x)
            lines += [_md_heading(level + 1, head or labels.note), "", md_block(n.text), ""]
    lines += _md_answer_section(
        labels.reflections, case.reflection_questions, _answers(notes, "reflection"), level, include_unanswered, labels
    )
    lines += _md_answer_section(
        labels.learning, case.learning_points, _answers(notes, "learning"), level, include_unanswered, labels
    )
    return lines


def _md_join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def notes_markdown(
    case: Case,
    notes: list[Note],
    *,
    timing: Timing | None = None,
    include_unanswered: bool = True,
    labels: Labels = DEFAULT_LABELS,
) -> str:
    """One case's notes and answers as Markdown.

    *notes* holds every kind: ``"note"`` (a moment: time and the turn's speaker),
    ``"reflection"`` (key = question) and ``"learning"`` (key = learning point).
    Unanswered questions and points are listed too unless *include_unanswered* is False.
    """
    body = _md_notes_body(case, notes, 2, labels, timing, include_unanswered)
    return _md_join(_md_case_header(case, 1) + body)


def all_notes_markdown(
    items: list[tuple[Case, list[Note]]], *, include_unanswered: bool = False, labels: Labels = DEFAULT_LABELS
) -> str:
    """Notes of several cases in one document (only answered questions by default)."""
    lines = [_md_heading(1, labels.notes), ""]
    for case, notes in items:
        lines += _md_case_header(case, 2) + _md_notes_body(case, notes, 3, labels, None, include_unanswered)
    return _md_join(lines)


def _as_entry(e: LogEntry | Mapping[str, Any]) -> LogEntry:
    return e if isinstance(e, LogEntry) else LogEntry(**e)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows] + [""]


def learning_log_markdown(
    entries: Iterable[LogEntry | Mapping[str, Any]], generated: date, *, labels: Labels = DEFAULT_LABELS
) -> str:
    """A learning log: totals, finished cases with dates, then each case's listening,
    answers and notes.  Entries are :class:`LogEntry` or dicts with its fields."""
    items = [_as_entry(e) for e in entries]
    done = sorted((e for e in items if e.finished_at), key=lambda e: _fmt_date(e.finished_at))
    ongoing = [e for e in items if not e.finished_at]
    n_notes = sum(1 for e in items for n in e.notes if n.kind == "note" and n.text.strip())
    n_answers = sum(1 for e in items for n in e.notes if n.kind != "note" and n.text.strip())

    lines = [
        _md_heading(1, labels.learning_log),
        "",
        md_escape(labels.generated.format(date=_fmt_date(generated)), True),
        "",
        _md_heading(2, labels.summary),
        "",
    ]
    for label, value in [
        (labels.cases_finished, str(len(done))),
        (labels.cases_in_progress, str(len(ongoing))),
        (labels.time_listened, format_duration(sum(e.time_listened for e in items))),
        (labels.notes, str(n_notes)),
        (labels.reflection_answers, str(n_answers)),
    ]:
        lines.append(f"- **{md_escape(label)}:** {md_escape(value)}")
    lines.append("")
    if done:
        lines += [_md_heading(2, labels.finished_cases), ""]
        lines += _md_table(
            [labels.finished, labels.case, labels.title, labels.time_listened],
            [
                [_fmt_date(e.finished_at), _label(e.case), e.case.title or "", format_duration(e.time_listened)]
                for e in done
            ],
        )
    for e in done + ongoing:
        lines += _md_case_header(e.case, 2)
        status = f"{labels.finished} {_fmt_date(e.finished_at)}" if e.finished_at else labels.in_progress
        lines += [
            f"- **{md_escape(status)}**",
            f"- **{md_escape(labels.listened)}:** {round(100 * e.listened_fraction)} %",
            f"- **{md_escape(labels.time_listened)}:** {format_duration(e.time_listened)}",
            "",
        ]
        lines += _md_notes_body(e.case, e.notes, 3, labels, None, False)
    return _md_join(lines)


def _chapter_heads(chapters, timing: Timing | None, count: int) -> dict[int, list]:
    """Chapters by the turn they open: the first turn starting at or after the chapter (the turn playing
    at its start when none does)."""
    heads: dict[int, list] = {}
    starts = list(getattr(timing, "starts", None) or [])
    for ch in chapters or ():
        if not starts or not count:
            break
        i = next((k for k, s in enumerate(starts[:count]) if s >= ch.start - 0.5), count - 1)
        heads.setdefault(i, []).append(ch)
    return heads


def transcript_markdown(
    case: Case, timing: Timing | None = None, with_times: bool = True, *, labels: Labels = DEFAULT_LABELS, chapters=None
) -> str:
    """The case's metadata and speaker-labelled turns (with start times when known); ``chapters``
    (:class:`lornplayer.chapters.Chapter`) become headings above the turns they open."""
    lines = [_md_heading(1, case.title or case.id), "", f"**{md_escape(_label(case))}**", ""]
    if case.quote:
        lines += [f"> *{md_escape(case.quote)}*", ""]
    if case.summary:
        lines += [md_block(case.summary), ""]
    lines += [f"- **{md_escape(k)}:** {md_escape(v)}" for k, v in _metadata(case, labels, timing)] + [""]
    for title, items in (
        (labels.learning, case.learning_points),
        (labels.reflections, case.reflection_questions),
        (labels.further_reading, case.further_reading),
    ):
        if items:
            lines += [_md_heading(2, title), ""] + [f"- {md_escape(x, True)}" for x in items] + [""]
    lines += [_md_heading(2, labels.transcript), ""]
    heads = _chapter_heads(chapters, timing, len(case.turns))
    for i, turn in enumerate(case.turns):
        for ch in heads.get(i, ()):
            lines += [_md_heading(3, f"{ch.title} ({format_time(ch.start)})" if with_times else ch.title), ""]
        start = _turn_start(timing, i) if with_times else None
        prefix = " ".join(
            x
            for x in (
                f"`{format_time(start)}`" if start is not None else None,
                f"**{md_escape(turn.speaker)}:**" if turn.speaker else None,
            )
            if x
        )
        text = md_block(turn.text)
        lines += [f"{prefix} {text}" if prefix else text, ""]
    return _md_join(lines)


# -- HTML ---------------------------------------------------------------------

_CSS = """\
@page { size: A4; margin: 2cm; }
body { font-family: Georgia, "DejaVu Serif", "Times New Roman", serif; font-size: 11pt;
       color: #111; background: #fff; max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 0.2em 0; }
h2 { font-size: 14pt; margin: 1.4em 0 0.4em 0; page-break-after: avoid; }
h3.chapter { font-size: 12pt; margin: 1.2em 0 0.4em 0; page-break-after: avoid; }
.label { color: #555; font-weight: bold; margin: 0 0 1em 0; }
.quote { font-style: italic; margin: 0.5em 2em 1em 2em; }
table.meta { border-collapse: collapse; margin: 1em 0; }
table.meta th { text-align: left; vertical-align: top; padding: 0.1em 1em 0.1em 0; color: #444; }
table.meta td { padding: 0.1em 0; }
p.turn { margin: 0 0 0.7em 0; }
.time { color: #666; font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.speaker { font-weight: bold; }
"""


def _h(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _h_block(text: str) -> str:
    return "<br>".join(_h(line) for line in text.strip().splitlines())


def transcript_html(
    case: Case, timing: Timing | None = None, with_times: bool = True, *, labels: Labels = DEFAULT_LABELS, chapters=None
) -> str:
    """A standalone, printable HTML document of the transcript: inline CSS, no
    scripts, no remote resources; every piece of case text escaped; ``chapters`` become headings."""
    title = case.title or case.id
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="label">{_h(_label(case))}</p>',
    ]
    if case.quote:
        out.append(f'<p class="quote">\u201c{_h(case.quote)}\u201d</p>')
    if case.summary:
        out.append(f"<p>{_h_block(case.summary)}</p>")
    meta = _metadata(case, labels, timing)
    if meta:
        out.append('<table class="meta">')
        out += [f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in meta]
        out.append("</table>")
    for heading, items in (
        (labels.learning, case.learning_points),
        (labels.reflections, case.reflection_questions),
        (labels.further_reading, case.further_reading),
    ):
        if items:
            out += [f"<h2>{_h(heading)}</h2>", "<ul>"] + [f"<li>{_h(x)}</li>" for x in items] + ["</ul>"]
    out.append(f"<h2>{_h(labels.transcript)}</h2>")
    heads = _chapter_heads(chapters, timing, len(case.turns))
    for i, turn in enumerate(case.turns):
        for ch in heads.get(i, ()):
            when = f' <span class="time">{format_time(ch.start)}</span>' if with_times else ""
            out.append(f'<h3 class="chapter">{_h(ch.title)}{when}</h3>')
        start = _turn_start(timing, i) if with_times else None
        parts = []
        if start is not None:
            parts.append(f'<span class="time">{format_time(start)}</span>')
        if turn.speaker:
            parts.append(f'<span class="speaker">{_h(turn.speaker)}:</span>')
        parts.append(_h_block(turn.text))
        out.append(f'<p class="turn" id="t{i}">{" ".join(parts)}</p>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
