"""Parse a LØRN page (a text copy or saved HTML) into a :class:`~lornplayer.model.Case`.

LØRN publishes several kinds of page (see :mod:`lornplayer.parser.kinds`): standard cases,
old podcast pages, masterclasses, webinars, and listing pages (refused).  The package:

* :mod:`~lornplayer.parser.text` — reading files, HTML to text (stdlib ``html.parser``), clean lines;
* :mod:`~lornplayer.parser.vocab` — the headings, field labels and debris of the pages;
* :mod:`~lornplayer.parser.fields` — single values: ids, dates, durations, names, learning points;
* :mod:`~lornplayer.parser.kinds` — which kind of page, webinar front pages, part labels, listings;
* :mod:`~lornplayer.parser.scanner` — the line scanner that fills the case section by section;
* :mod:`~lornplayer.parser.turns` — transcript turns and speaker names;
* :mod:`~lornplayer.parser.finish` — host, turns, parts, id and warnings put together.

The parser never raises on odd input: whatever it cannot place becomes a warning.  It never
invents an id or a title: a page without one gives ``None`` (and, for import, the id its file
name or URL carries in :attr:`ParseResult.derived_id`).
"""

from __future__ import annotations

from pathlib import Path

from lornplayer.model import Case
from lornplayer.parser.fields import (
    case_id_in_name,
    host_names,
    normalise_case_id,
    parse_date,
    parse_duration,
    split_learning_line,
)
from lornplayer.parser.kinds import detect_kind
from lornplayer.parser.scanner import PageScanner, ParseResult
from lornplayer.parser.text import (
    MAX_PAGE_BYTES,
    PageError,
    clean_lines,
    read_page_text,
    strip_html,
)

__all__ = [
    "MAX_PAGE_BYTES",
    "PageError",
    "ParseResult",
    "case_id_in_name",
    "clean_lines",
    "detect_kind",
    "host_names",
    "normalise_case_id",
    "parse_date",
    "parse_duration",
    "parse_file",
    "parse_text",
    "read_page_text",
    "split_learning_line",
    "strip_html",
]


def parse_file(path: str | Path) -> ParseResult:
    """Parse a page file.  Raises :class:`PageError` if it is not a case page (or is a listing page)."""
    text = read_page_text(path)
    result = parse_text(text, source=Path(path).name)
    if result.listing:
        raise PageError(
            path, f"this is a LØRN listing page, not a case: {result.listing}; import the case pages it lists instead"
        )
    if not result.is_case:
        raise PageError(path, "no LØRN case found (no case number, title or transcript)")
    return result


def parse_text(text: str, source: str | None = None) -> ParseResult:
    """Parse page text.  Never raises; odd input gives warnings and ``is_case=False``.

    ``source`` (a file name or URL) is only used for :attr:`ParseResult.derived_id`.
    """
    try:
        return PageScanner(text, source).run()
    except Exception as exc:  # pragma: no cover - last line of defence; fuzzing keeps it unreachable
        return ParseResult(Case(id=None), [f"parser error: {exc!r}"], is_case=False)
