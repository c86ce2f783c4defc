"""Snippets: a one-line window of text around the matched words."""

from __future__ import annotations

import re

SNIPPET_CHARS = 200

_WS = re.compile(r"\s+")


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of about SNIPPET_CHARS around the densest run of ``spans`` (sorted ranges in ``text``).

    Returns the window (``…`` marks cut ends) and the spans inside it, shifted."""
    first = last = 0
    if spans:
        # the span that has the most others within reach
        best, best_n, j = 0, 0, 0
        for i, (a, _) in enumerate(spans):
            while j < len(spans) and spans[j][1] - a <= SNIPPET_CHARS * 2 // 3:
                j += 1
            if j - i > best_n:
                best, best_n = i, j - i
        spans = spans[best : best + best_n]
        first, last = spans[0][0], spans[-1][1]
    pad = max(30, (SNIPPET_CHARS - (last - first)) // 2)
    start = max(0, first - pad)
    end = min(len(text), last + pad + max(0, pad - first))
    if end == len(text):
        start = max(0, min(start, end - SNIPPET_CHARS))
    if start > 0:  # do not start or end inside a word
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else first
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space >= 0 else last
    out = ["…" if start > 0 else ""]
    length, pos, shifted = len(out[0]), start, []
    for a, b in spans:
        if a < pos:
            continue
        before, word = _WS.sub(" ", text[pos:a]), _WS.sub(" ", text[a:b])
        out += [before, word]
        shifted.append((length + len(before), length + len(before) + len(word)))
        length += len(before) + len(word)
        pos = b
    out += [_WS.sub(" ", text[pos:end]), "…" if end < len(text) else ""]
    return "".join(out), shifted
