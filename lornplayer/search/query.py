"""Query planning: cleaning user input, parsing, expanding patterns against the index, and the
passage checks (what each turn, field or note must satisfy).

Query syntax: words (all must occur in the same turn, field or note),
``"phrases"``, prefixes ``innov*``, wildcards ``ko?mune``, fuzzy words
``innovasjn~`` (``~2`` for two edits), ``OR``, ``NOT``/``-word``, parentheses,
and filters ``tema:``/``theme:``, ``gjest:``/``guest:`` (guest name),
``taler:``/``speaker:`` (who says it), ``case:``/``id:``.  Prefixes, wildcards
and fuzzy words use their most frequent matching words.  Bad input never
raises: it gives a best-effort search and a message.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from fnmatch import translate as wildcard_regex

from whoosh import qparser
from whoosh import query as wq

from lornplayer.search.schema import make_schema

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
MAX_EXPANSIONS = 8  # words a prefix / wildcard / fuzzy word stands for (the most frequent ones)
MIN_PATTERN_PREFIX = 2  # letters needed before * or ?
_SMALL_SEGMENT = 100  # documents: fuzzy words check such a segment's whole term list (read once, ~15 ms)

_FIELD_ALIASES = {
    "theme": ["tema"],
    "guest": ["gjest", "gjester", "guests"],
    "speaker": ["taler"],
    "case_id": ["case", "id", "sak"],
}


@dataclass
class Plan:
    tree: wq.Query  # the parsed query with prefixes/wildcards/fuzzy words expanded to Or(Term...)
    retrieval: wq.Query  # what the index runs: no NOTs (they apply per passage), text phrases as And
    terms: list[str]  # text-field words whose character ranges are needed
    positive: set[str]  # the words to mark in snippets (not under a NOT)
    has_text: bool  # the query constrains the text (not only filters)
    has_speaker: bool  # the query names a speaker


def _leaves(node, negated=False):
    """(leaf query, is it under a NOT) for every leaf of ``node``."""
    if isinstance(node, wq.Not):
        yield from _leaves(node.query, not negated)
    elif isinstance(node, wq.AndNot):
        yield from _leaves(node.a, negated)
        yield from _leaves(node.b, not negated)
    elif isinstance(node, (wq.CompoundQuery, wq.BinaryQuery)):
        for child in node.children():
            yield from _leaves(child, negated)
    else:
        yield node, negated


def _retrieval(node):
    """The query the index runs for ``node``, or None if it puts no constraint on documents."""
    if isinstance(node, wq.Not):
        return None  # NOT excludes passages, not whole cases
    if isinstance(node, (wq.AndNot, wq.AndMaybe)):
        return _retrieval(node.a)
    if isinstance(node, wq.Phrase) and node.fieldname == "text":
        return wq.And([wq.Term("text", w) for w in node.words])  # adjacency is checked per passage
    if isinstance(node, (wq.And, wq.Require)):
        kids = [k for k in map(_retrieval, node.children()) if k is not None]
        return wq.And(kids) if kids else None
    if isinstance(node, (wq.CompoundQuery, wq.BinaryQuery)):  # Or (any kind), DisjunctionMax, Otherwise
        kids = list(map(_retrieval, node.children()))
        if any(k is None for k in kids):
            return None
        return type(node)(kids) if isinstance(node, wq.CompoundQuery) else wq.Or(kids)
    return node


@dataclass
class Passage:
    """The matched words of one turn, case field or note."""

    key: str | int | None  # field name, turn index, or None for a note
    start: int
    end: int
    words: dict[str, list[tuple[int, int, int]]]  # term -> [(position, startchar, endchar)]
    speaker: list[str]  # the turn's speaker as name tokens (empty otherwise)


def satisfies(node, p: Passage) -> bool:
    """Does passage ``p`` satisfy ``node``?  Case-level filters (theme, guest, case) are the index's job."""
    if isinstance(node, wq.Term):
        if node.fieldname == "text":
            return node.text in p.words
        return node.text in p.speaker if node.fieldname == "speaker" else True
    if isinstance(node, wq.Phrase):
        if node.fieldname == "text":
            return _has_phrase(node.words, node.slop, p.words)
        if node.fieldname == "speaker":
            n = len(node.words)
            return any(p.speaker[i : i + n] == node.words for i in range(len(p.speaker)))
        return True
    if isinstance(node, wq.Not):
        return not satisfies(node.query, p)
    if isinstance(node, wq.AndNot):
        return satisfies(node.a, p) and not satisfies(node.b, p)
    if isinstance(node, wq.AndMaybe):
        return satisfies(node.a, p)
    if isinstance(node, (wq.And, wq.Require)):
        return all(satisfies(k, p) for k in node.children())
    if isinstance(node, (wq.CompoundQuery, wq.BinaryQuery)):
        return any(satisfies(k, p) for k in node.children())
    return node is not wq.NullQuery


def _has_phrase(words: list[str], slop: int, found: dict[str, list[tuple[int, int, int]]]) -> bool:
    if any(w not in found for w in words):
        return False
    starts = {pos for pos, _, _ in found[words[0]]}
    for w in words[1:]:
        nxt = {pos for pos, _, _ in found[w]}
        starts = {q for p in starts for q in range(p + 1, p + slop + 1) if q in nxt}
        if not starts:
            return False
    return True


class QueryPlanner:
    """Parses queries and expands their patterns against an index reader.

    Keeps the query parsers and, per small segment, its term lists (segments never
    change).  Not thread-safe: the index calls it under its searcher lock."""

    def __init__(self):
        self._parsers: dict = {}
        self._lexicons: dict[tuple[str | None, str], frozenset[str]] = {}  # (segment id, field) -> terms

    def forget_segments(self, live: set[str] | None = None) -> None:
        """Drop the term lists of segments not in ``live`` (all if None)."""
        self._lexicons = {k: v for k, v in self._lexicons.items() if live is not None and k[0] in live}

    def _parser(self, group) -> qparser.QueryParser:
        if group not in self._parsers:
            p = qparser.QueryParser("text", make_schema(), group=group)
            p.remove_plugin_class(qparser.SingleQuotePlugin)
            p.remove_plugin_class(qparser.EveryPlugin)
            p.remove_plugin_class(qparser.RangePlugin)
            p.add_plugin(qparser.FuzzyTermPlugin())
            p.add_plugin(qparser.FieldAliasPlugin(_FIELD_ALIASES))
            self._parsers[group] = p
        return self._parsers[group]

    def parse(self, text: str, group):
        """(query or None, note or None).  Never raises."""
        try:
            q = self._parser(group).parse(text)
        except Exception:
            log.debug("query %r did not parse; searching its words", text, exc_info=True)
            words = re.findall(r"\w+", text)
            q = self._parser(group).parse(" ".join(words)) if words else wq.NullQuery
            if q is None or q is wq.NullQuery:
                return None, "The query could not be understood."
            return q, "The query syntax could not be understood; searched for its words."
        if q is None or q is wq.NullQuery:
            return None, "The query contains only very common words; add a more specific word."
        return q, None

    # -- query execution ----------------------------------------------
    def plan(self, q, reader, notes: list[str]) -> Plan | None:
        """Expand pattern words against the index and split the query into retrieval and passage checks."""

        def expand(node):
            if isinstance(node, wq.MultiTerm):
                return self._expand(node, reader, notes)
            return node.apply(expand)

        tree = expand(q)
        retrieval = _retrieval(tree)
        if retrieval is None:
            notes.append("The query only excludes words; add a word to look for.")
            return None
        leaves = list(_leaves(tree))
        text_leaves = [(leaf, neg) for leaf, neg in leaves if getattr(leaf, "fieldname", None) == "text"]
        words = {
            (w, neg) for leaf, neg in text_leaves for w in (leaf.words if isinstance(leaf, wq.Phrase) else [leaf.text])
        }
        return Plan(
            tree=tree,
            retrieval=retrieval,
            terms=sorted({w for w, _ in words}),
            positive={w for w, neg in words if not neg},
            has_text=any(not neg for _, neg in text_leaves),
            has_speaker=any(getattr(leaf, "fieldname", None) == "speaker" for leaf, _ in leaves),
        )

    def _expand(self, node, reader, notes: list[str]):
        """A prefix, wildcard or fuzzy word as an Or of its most frequent matching words."""
        fieldname, text = node.fieldname, node.text
        if isinstance(node, wq.FuzzyTerm):
            if node.maxdist <= 1:
                edits, candidates = _edits(text), set()
                for leaf, _ in reader.leaf_readers():
                    if leaf.doc_count_all() <= _SMALL_SEGMENT:
                        candidates |= edits & self._lexicon(leaf, fieldname)
                    else:
                        candidates |= {w for w in edits - candidates if (fieldname, w) in leaf}
            else:
                candidates = set(reader.terms_within(fieldname, text, node.maxdist, prefix=max(node.prefixlength, 2)))
            found = [(reader.doc_frequency(fieldname, w), w) for w in candidates]
        else:
            prefix = re.split(r"[*?]", text)[0] if isinstance(node, wq.Wildcard) else text
            if len(prefix) < MIN_PATTERN_PREFIX:
                notes.append(
                    f"A pattern needs at least {MIN_PATTERN_PREFIX} letters before * or ?: "
                    f"searched for “{prefix or text}” as a word."
                )
                return wq.Term(fieldname, prefix or text)
            counts: dict[str, int] = {}
            from_bytes = reader.schema[fieldname].from_bytes
            for leaf, _ in reader.leaf_readers():  # much cheaper than the merged view
                for b, info in leaf.iter_prefix(fieldname, prefix):
                    w = from_bytes(b)
                    counts[w] = counts.get(w, 0) + info.doc_frequency()
            found = [(n, w) for w, n in counts.items()]
            if isinstance(node, wq.Wildcard):
                match = re.compile(wildcard_regex(text)).match
                found = [(n, w) for n, w in found if match(w)]
        found = sorted((n, w) for n, w in found if n > 0)[-MAX_EXPANSIONS:]
        if not found:
            return wq.Term(fieldname, text)  # matches nothing, keeps the query's shape
        return wq.Or([wq.Term(fieldname, w) for _, w in reversed(found)])

    def _lexicon(self, leaf, fieldname: str) -> frozenset[str]:
        """Every term of ``fieldname`` in (small) segment ``leaf``, kept while the segment lives
        (segments never change): it tells which of a fuzzy word's ~500 one-edit variants exist
        at once instead of by ~10 us lookups, which cost as much in a one-note segment as in a
        big one.  Caller holds _slock."""
        segment = leaf.segment()
        key = (segment.segment_id() if segment is not None else None, fieldname)
        if key not in self._lexicons:
            from_bytes = leaf.schema[fieldname].from_bytes
            terms = (
                frozenset(from_bytes(b) for b in leaf.lexicon(fieldname)) if fieldname in leaf.schema else frozenset()
            )
            if segment is None:
                return terms
            self._lexicons[key] = terms
        return self._lexicons[key]


def _edits(word: str) -> set[str]:
    """Every word one edit (deletion, transposition, substitution, insertion) away from ``word``
    (indexed words are folded: a-z, plus digits only if the word has some)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = "abcdefghijklmnopqrstuvwxyz" + ("0123456789" if any(c.isdigit() for c in word) else "")
    letters += "".join(sorted(set(word) - set(letters)))
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


_OPERATOR = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"


def plain_words(text: str) -> bool:
    """True if ``text`` is just words (no quotes, operators, fields or patterns)."""
    return bool(re.fullmatch(r"[\w\s.,;!?'-]+", text)) and not re.search(rf"\b{_OPERATOR}\b", text)


def prepare(query: str) -> tuple[str | None, list[str]]:
    """Clean raw user input: (text to parse or None, notes for the user)."""
    notes: list[str] = []
    text = (query or "").strip()
    if not text:
        return None, ["Type something to search for."]
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[: cut if cut > 0 else MAX_QUERY_CHARS]
        notes.append(f"The query was shortened to {MAX_QUERY_CHARS} characters.")
    # Web-search habits: "-word" excludes, "+word" requires (as every word does).
    text = re.sub(r"(^|\s)-(?=[\w\"])", r"\1NOT ", text)
    text = re.sub(r"(^|\s)\+(?=[\w\"])", r"\1", text)
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1 :]
        notes.append("Ignored an unmatched quote mark.")
    # Operators with nothing to combine (a trailing "OR", a doubled "AND AND").
    trimmed = re.sub(rf"^(\s*(AND|OR|ANDNOT|ANDMAYBE)\b)+|(\b{_OPERATOR}\s*)+$", "", text).strip()
    trimmed = re.sub(rf"\b(AND|OR)(\s+{_OPERATOR}\b)+", r"\1", trimmed)
    if trimmed != text.strip():
        notes.append("Ignored an operator with nothing to combine.")
        text = trimmed
    if not re.search(r"\w", re.sub(rf"\b{_OPERATOR}\b", "", text)):
        return None, notes + ["Nothing to search for: type at least one letter or digit."]
    return text, notes
