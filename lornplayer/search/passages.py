"""From ranked documents to hits: split each document into passages (turns, fields, notes),
check them against the query and make hits with snippets."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from lornplayer.search.analysis import name_analyzer, occurrences
from lornplayer.search.query import Passage, Plan, satisfies
from lornplayer.search.ranking import rank
from lornplayer.search.results import Hit
from lornplayer.search.snippets import snippet

_DOC_BATCH = 10  # documents resolved to passages at a time, best first
_NAMES = name_analyzer()
_FIELD_WEIGHT = {"title": 2.0, "guests": 1.5, "theme": 1.5}


#: The text of a document (docnum, stored fields) as indexed, or None if it is not to be had.
TextOf = Callable[[int, dict], "str | None"]


def run(s, plan: Plan, limit: int, flt, allow_partial: bool, text_of: TextOf) -> tuple[list[Hit], int, bool]:
    """Rank documents, resolve the best ones to passages and keep the best ``limit`` passages.

    Documents are resolved best first, ten at a time, until ``limit`` passages
    match or MAX_DOCS documents were looked at.  Snippets are cut from ``text_of``
    the document; a hit whose text is not to be had (a case changed in the library
    but not yet in the index) is left out.  Returns (hits, total documents,
    whether the hits only partly match the query)."""
    ranked, total = rank(s, plan.retrieval, flt)
    strict: list[tuple[float, int, int, Passage, dict]] = []
    partial: list[tuple[float, int, int, Passage, dict]] = []
    for i in range(0, len(ranked), _DOC_BATCH):
        _collect(s, plan, sorted(ranked[i : i + _DOC_BATCH]), strict, partial)
        if len(strict) >= limit:
            break
    chosen = strict or (partial if allow_partial else [])
    chosen.sort(key=lambda c: (-c[0], c[1], c[2]))
    texts: dict[int, str | None] = {}
    hits = []
    for c in chosen:
        docnum, stored = c[1], c[4]
        if docnum not in texts:
            texts[docnum] = text_of(docnum, stored)
        text = texts[docnum]
        if text is not None:
            hits.append(_make_hit(*c, text))
            if len(hits) >= limit:
                break
    return hits, total, not strict and bool(chosen)


def _collect(s, plan: Plan, docs: list[tuple[int, float]], strict: list, partial: list) -> None:
    """Split each document into passages and sort them into ``strict`` and ``partial`` matches."""
    tokens = s.reader().column_reader("tokens", translate=False)
    for docnum, score in docs:
        stored = s.stored_fields(docnum)
        passages = _passages(stored, occurrences(tokens[docnum], plan.terms), plan)
        best = max((sum(len(v) for w, v in p.words.items() if w in plan.positive) for p in passages), default=0)
        for order, p in enumerate(passages):
            hits = sum(len(v) for w, v in p.words.items() if w in plan.positive)
            weight = (0.5 + 0.5 * hits / best) if best else 1.0
            boost = _FIELD_WEIGHT.get(p.key, 1.0) if isinstance(p.key, str) else 1.0
            entry = (score * weight * boost, docnum, order, p, stored)
            if satisfies(plan.tree, p):
                strict.append(entry)
            elif hits and all(w in plan.positive for w in p.words):  # some words, none excluded
                partial.append(entry)


def _passages(stored: dict, words: dict[str, list[tuple[int, int, int]]], plan: Plan) -> list[Passage]:
    """The passages of a document holding query words; for filters alone, its turns
    (to be checked against a speaker filter) or else its first field."""
    if stored["kind"] == "note":
        return [Passage(None, 0, len(stored["body"]), words, [])]
    regions = stored["regions"]
    starts = [r[0] for r in regions]
    by_region: dict[int, dict[str, list]] = {}
    for term, found in words.items():
        for occ in found:
            i = bisect_right(starts, occ[1]) - 1
            by_region.setdefault(i, {}).setdefault(term, []).append(occ)
    if not plan.has_text and plan.has_speaker:
        by_region = {i: {} for i, r in enumerate(regions) if isinstance(r[2], int)}
    elif not plan.has_text:
        by_region = {0: {}} if regions else {}
    passages = []
    for i in sorted(by_region):
        start, end, key = regions[i]
        speaker = stored["speakers"][key] if isinstance(key, int) else ""
        passages.append(Passage(key, start, end, by_region[i], _name_tokens(speaker)))
    return passages


def _make_hit(score: float, docnum: int, order: int, p: Passage, stored: dict, text: str) -> Hit:
    text = text[p.start : p.end]
    spans = sorted((a - p.start, b - p.start) for occ in p.words.values() for _, a, b in occ)
    line, spans = snippet(text, spans)
    if stored["kind"] == "note":
        note_id, kind, turn, position = stored["note"]
        return Hit(stored["case_id"], "note", turn, None, note_id, kind, line, spans, score, position)
    if isinstance(p.key, int):
        speaker = stored["speakers"][p.key] or None
        return Hit(stored["case_id"], "turn", p.key, speaker, None, None, line, spans, score)
    return Hit(stored["case_id"], "case", None, None, None, p.key, line, spans, score)


def _name_tokens(name: str) -> list[str]:
    return [t.text for t in _NAMES(name)] if name else []
