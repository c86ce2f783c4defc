"""Sentences of a transcript turn, as character spans (no Qt).

One splitter shared by the aligner (which times each sentence), the timing
model, the transcript pane and the exports, so a sentence is the same piece of
text everywhere.  A sentence ends after ``.``, ``!``, ``?`` or ``…`` (with any
closing quotes or brackets) followed by white space; a very long sentence
(over ``MAX_CHARS``) is split further after ``;`` or ``:`` so a reader is never
left in a block of minutes.
"""

from __future__ import annotations

import functools
import re

MAX_CHARS = 400
_END = re.compile(r"(?<=[.!?…])[\"'»”’)\]]*(\s+)")
_SOFT = re.compile(r"(?<=[;:])(\s+)")


def _split(text: str, start: int, end: int, pattern: re.Pattern) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in pattern.finditer(text, start, end):
        if m.start(1) > pos:
            spans.append((pos, m.start(1)))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


@functools.lru_cache(maxsize=4096)
def _cached_spans(text: str) -> tuple[tuple[int, int], ...]:
    stripped = text.rstrip()
    begin = len(text) - len(text.lstrip())
    out: list[tuple[int, int]] = []
    for s, e in _split(stripped, begin, len(stripped), _END):
        if e - s > MAX_CHARS:
            out += _split(stripped, s, e, _SOFT)
        else:
            out.append((s, e))
    return tuple(out)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the sentences of ``text`` (white space excluded).

    Abbreviations such as "f.eks." or "dr." may end a sentence early; that only
    makes a sentence shorter, never loses text.
    """
    return list(_cached_spans(text))


def sentences(text: str) -> list[str]:
    """The sentence texts of ``text``."""
    return [text[s:e] for s, e in sentence_spans(text)]
