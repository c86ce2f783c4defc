"""Quotes with their citation (Qt-free).

``«…» — Øyvind Laderud, LØRN #C0557 «Hvordan skape innovative byer?», 8:28``: the words, the
speaker, the case number and title, and the moment.  The time range of a selection inside a turn is
estimated from its character offsets within the turn's start and end (turn times themselves come
from the timing model).
"""

from __future__ import annotations

from lornplayer.export import format_time

NORWEGIAN_MARKS = ("«", "»")
ENGLISH_MARKS = ("“", "”")


def clean_selection(text: str) -> str:
    """The selected words on one line, without the quotation marks or spaces around them."""
    text = " ".join(text.split())
    return text.strip(" \"“”«»„'‘’")


def format_quote(
    text: str,
    speaker: str | None,
    case_id: str,
    title: str | None,
    seconds: float | None,
    marks: tuple[str, str] = NORWEGIAN_MARKS,
) -> str:
    """The quote and its citation on one line (leaving out what is unknown)."""
    left, right = marks
    cite = [speaker] if speaker else []
    case = f"LØRN #{case_id}"
    if title:
        case += f" {left}{title}{right}"
    cite.append(case)
    if seconds is not None:
        cite.append(format_time(seconds))
    return f"{left}{clean_selection(text)}{right} — " + ", ".join(cite)


def selection_range(turn_text: str, start: int, end: int, turn_start: float, turn_end: float) -> tuple[float, float]:
    """Seconds where characters ``start``..``end`` of a turn are said (in proportion to the characters)."""
    n = max(1, len(turn_text))
    start, end = sorted((max(0, min(n, start)), max(0, min(n, end))))
    span = max(0.0, turn_end - turn_start)
    return turn_start + span * start / n, turn_start + span * end / n
