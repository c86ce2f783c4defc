"""Full-text search over cases, transcript turns and notes (Whoosh; Qt-free).

This is the only module that imports :mod:`whoosh` (the ``whoosh-reloaded``
distribution).  The index is derived data: the SQLite library is the source of
truth, so whenever the index is missing, from an older schema, left behind by a
writer that died, or damaged, :meth:`SearchIndex.ensure` rebuilds it.

Documents
    * one per case: its fields (title, summary, quote, guests, organisation,
      theme, perspective, learning points, Q&A profile, reflection questions)
      and every transcript turn, joined into one text whose character ranges
      ("regions") are stored along with each turn's speaker;
    * one per note.

Every document stores its words' positions and character ranges in a column
(``tokens``), so a hit is resolved to the turn (or field) it is in, and its
snippet is cut from the stored text around those ranges: nothing is ever
re-tokenised.  The postings of the text field hold term frequencies only, so
ranking reads them a whole block at a time into numpy arrays (postings that
carried the character ranges made every block ~30x slower to read), and only
the best documents' token columns are read.  One document
per case rather than per turn is a measured choice: a common word then has at
most one posting per case instead of one per turn, which makes the pure-Python
index about 2x faster to build and 5-10x faster to query (see
``python -m lornplayer.tools.bench_search``).

Analysis (index and query alike): words -> lowercase -> Norwegian stop words
(Snowball list only: English ones such as "by" stay searchable) -> accent
folding (``æ``->``ae``, ``ø``->``o``, ``å``->``a``, ``é``->``e`` ...) -> Snowball
Norwegian stemming.  So ``kommunene`` finds ``kommune``, ``baerekraft`` finds
``bærekraft`` and ``lorn`` finds ``LØRN``.

Query syntax: words (all must occur in the same turn, field or note),
``"phrases"``, prefixes ``innov*``, wildcards ``ko?mune``, fuzzy words
``innovasjn~`` (``~2`` for two edits), ``OR``, ``NOT``/``-word``, parentheses,
and filters ``tema:``/``theme:``, ``gjest:``/``guest:`` (guest name),
``taler:``/``speaker:`` (who says it), ``case:``/``id:``.  Prefixes, wildcards
and fuzzy words use their most frequent matching words.  Bad input never
raises: it gives a best-effort search and a :attr:`SearchResult.message`.

Layout on disk: ``index_dir/CURRENT`` names the live generation directory
``index_dir/ix-*``; each generation holds the Whoosh files plus
``lornplayer-index.json`` (schema version and a size/CRC manifest of the files
the index uses).  A rebuild writes a new generation and swaps ``CURRENT``
atomically, so a crash mid-rebuild leaves the previous index untouched.
"""

from __future__ import annotations

import json
import logging
import mmap
import multiprocessing
import os
import re
import shutil
import struct
import sys
import tempfile
import threading
import unicodedata
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from fnmatch import translate as wildcard_regex
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from whoosh import columns, qparser, query as wq, scoring
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.norwegian import NorwegianStemmer

from lornplayer.model import Case, Note

log = logging.getLogger(__name__)

#: Bump whenever the schema, the analysis or the document layout changes.
SCHEMA_VERSION = 3

MAX_QUERY_CHARS = 500
SNIPPET_CHARS = 200
MAX_EXPANSIONS = 8       # words a prefix / wildcard / fuzzy word stands for (the most frequent ones)
MIN_PATTERN_PREFIX = 2   # letters needed before * or ?
MAX_DOCS = 60            # documents resolved to passages per search at most
_DOC_BATCH = 10          # ... this many at a time, best first
_MERGE_AT_SEGMENTS = 8   # incremental updates add a segment each; merge the small ones at this count
_SMALL_SEGMENT = 100     # documents: fuzzy words check such a segment's whole term list (read once, ~15 ms)

Progress = Callable[[int, int], None]

_META = "lornplayer-index.json"
_CURRENT = "CURRENT"
_DIRTY = "WRITING"  # present while a writer is open; left behind if it died
_WRITELOCK = "WRITELOCK"  # Whoosh's lock name (file MAIN_WRITELOCK)
_GEN_PREFIX = "ix-"
_SEP = "\n\n"  # between regions of a case document

# Case-level fields, in the order they are indexed.
CASE_FIELDS = (
    "title", "summary", "quote", "guests", "organisation", "theme", "perspective",
    "learning_points", "profile", "reflection_questions",
)
_FIELD_WEIGHT = {"title": 2.0, "guests": 1.5, "theme": 1.5}

_FIELD_ALIASES = {
    "theme": ["tema"],
    "guest": ["gjest", "gjester", "guests"],
    "speaker": ["taler"],
    "case_id": ["case", "id", "sak"],
}


# ---------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans({
    "æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "đ": "d", "ð": "d",
    "þ": "th", "ł": "l", "ı": "i",
})


def fold(word: str) -> str:
    """Lowercase ASCII-ish form of ``word``: ``LØRN`` -> ``lorn``, ``Bærekraft`` -> ``baerekraft``."""
    word = word.lower().translate(_FOLD_TABLE)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NORWEGIAN = "no"
_LANGUAGE_CODES = {"no": _NORWEGIAN, "nb": _NORWEGIAN, "nn": _NORWEGIAN, "nob": _NORWEGIAN, "nno": _NORWEGIAN}


def language_code(lang: str) -> str:
    """Map ``nb``/``nn``/``no`` (and ``nb-NO`` ...) to Whoosh's ``"no"`` (Whoosh has no nb/nn stemmer)."""
    base = lang.lower().replace("_", "-").split("-")[0]
    if base not in _LANGUAGE_CODES:
        raise ValueError(f"unsupported language {lang!r}")
    return _LANGUAGE_CODES[base]


class NorwegianTokenizer(Tokenizer):
    """``RegexTokenizer | LowercaseFilter | StopFilter(Norwegian) | fold | StemFilter("no")`` fused into one pass.

    Same tokens as that chain (stop words removed and positions renumbered), but
    each distinct surface word is looked up once and cached: building the index
    spends most of its time here.  Only the Norwegian stop list is used, so
    English stop words such as "by" (city) stay searchable.  Query patterns are
    folded and stemmed like words (``ko?mune`` -> ``ko?mun``), a prefix without
    its ``*`` (``kommunene*`` -> ``kommun*``), so they match the indexed stems.
    """

    _EXPRESSION = re.compile(r"\w+(\.?\w+)*")
    _CACHE_LIMIT = 500_000

    def __init__(self, lang: str = "no", stem: bool = True, stop: bool = True):
        self.lang = language_code(lang)
        self.stem = stem
        self.stop = stop
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._stoplist = frozenset(stopwords_for_language(self.lang)) if self.stop else frozenset()
        self._stemmer = NorwegianStemmer().stem if self.stem else None
        self._cache: dict[str, str | None] = {}
        self._last: tuple[str, dict] | None = None  # (value, postings): the text's postings and its token column

    def __getstate__(self):  # the schema is pickled into the index: keep it small
        return {"lang": self.lang, "stem": self.stem, "stop": self.stop}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._init_runtime()

    def __eq__(self, other):
        return type(other) is type(self) and other.__getstate__() == self.__getstate__()

    def term(self, word: str) -> str | None:
        """The indexed term for ``word``, or None for a stop word."""
        word = word.lower()
        if word in self._stoplist:
            return None
        folded = fold(word)
        if not self._stemmer:
            return folded
        if folded.endswith("*") and folded.count("*") == 1 and "?" not in folded:
            return self._stemmer(folded[:-1]) + "*"  # a prefix: stem what is there
        return self._stemmer(folded)  # words, and patterns like ko?mune -> ko?mun (matches the stem kommun)

    def _scan(self, value: str) -> list[tuple[str | None, str, int, int]]:
        """(term or None for a stop word, word, start, end) for every word of ``value``."""
        cache, out = self._cache, []
        for m in self._EXPRESSION.finditer(value):
            word = m.group()
            try:
                text = cache[word]
            except KeyError:
                text = self.term(word)
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[word] = text
            out.append((text, word, *m.span()))
        return out

    def postings(self, value: str) -> dict[str, list[tuple[int, int, int]]]:
        """term -> [(position, startchar, endchar), ...]: what indexing needs, without Token objects.

        The last value's result is reused (the same string is indexed as ``text`` and ``tokens``)."""
        if self._last is not None and self._last[0] is value:
            return self._last[1]
        out: dict[str, list[tuple[int, int, int]]] = {}
        pos = 0
        for text, _, start, end in self._scan(value):
            if text is not None:
                if text in out:
                    out[text].append((pos, start, end))
                else:
                    out[text] = [(pos, start, end)]
                pos += 1
        self._last = (value, out)
        return out

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            words = self._scan(value)
        else:
            words = [(self.term(value), value, 0, len(value))]
        pos = start_pos
        for text, word, start, end in words:
            if text is None:
                if removestops:
                    continue
                t.stopped, t.text = True, word.lower()
            else:
                t.stopped, t.text = False, text
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class TermFrequencies(Existence):
    """Term frequencies as posting weights and no posting values (for :class:`NorwegianTokenizer`
    fields): posting blocks stay small and quick to read.  Read the frequency as the weight."""

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        for term, poslist in analyzer.postings(value).items():
            yield term, len(poslist), len(poslist) * fb, b""


class TokenColumn(FieldType):
    """Not indexed: a per-document column of every word's (term, position, start, end), taken from
    the analyzer's :meth:`NorwegianTokenizer.postings` of the value (give it the text's string).

    Layout: ``<II`` (words, vocabulary bytes), the sorted distinct terms as ``\nterm\n...\n``
    (UTF-8, padded to 4 bytes), then uint32 arrays of term number, start and end, by position."""

    indexed = False

    def __init__(self, analyzer: NorwegianTokenizer):
        self.analyzer = analyzer
        self.format = self.vector = None
        self.scorable = self.stored = self.unique = False
        self.column_type = columns.VarBytesColumn()

    def to_column_value(self, value: str) -> bytes:
        postings = self.analyzer.postings(value)
        terms = sorted(postings)
        vocabulary = ("\n" + "".join(t + "\n" for t in terms)).encode("utf-8")
        vocabulary += b"\0" * (-len(vocabulary) % 4)
        n = sum(len(v) for v in postings.values())
        table = np.empty((3, n), dtype="<u4")
        if n:
            occurrences = np.array([o for t in terms for o in postings[t]], dtype=np.int64)
            table[0, occurrences[:, 0]] = np.repeat(np.arange(len(terms)), [len(postings[t]) for t in terms])
            table[1:, occurrences[:, 0]] = occurrences[:, 1:].T
        return struct.pack("<II", n, len(vocabulary)) + vocabulary + table.tobytes()

    def from_column_value(self, value: bytes) -> bytes:
        return value


def _occurrences(blob: bytes, terms: Iterable[str]) -> dict[str, list[tuple[int, int, int]]]:
    """term -> [(position, start, end), ...] for those of ``terms`` in a :class:`TokenColumn` value."""
    if not blob:
        return {}
    n, size = struct.unpack_from("<II", blob)
    vocabulary = blob[8:8 + size]
    table = np.frombuffer(blob, dtype="<u4", count=3 * n, offset=8 + size).reshape(3, n)
    out = {}
    for term in terms:
        i = vocabulary.find(b"\n" + term.encode("utf-8") + b"\n")
        if i >= 0:
            positions = np.flatnonzero(table[0] == vocabulary.count(b"\n", 0, i))
            out[term] = list(zip(positions.tolist(), table[1, positions].tolist(), table[2, positions].tolist()))
    return out


def text_analyzer(lang: str = "no") -> NorwegianTokenizer:
    """The analyzer of searchable prose: words, lowercase, Norwegian stop words, folding, stemming."""
    return NorwegianTokenizer(lang)


def name_analyzer() -> NorwegianTokenizer:
    """The analyzer of people's names: words, lowercase, folding (no stop words, no stemming)."""
    return NorwegianTokenizer(stem=False, stop=False)


def make_schema() -> Schema:
    text = text_analyzer()
    names = name_analyzer()
    schema = Schema(
        key=ID(),                                     # "c<case id>" / "n<note id>"
        kind=ID(stored=True),                         # "case" | "note"
        case_id=KEYWORD(stored=True, lowercase=True, scorable=False),
        regions=STORED(),                             # case: [(start, end, field name or turn index)]
        speakers=STORED(),                            # case: the speaker of every turn
        facets=STORED(),                              # case: theme and guests (copied onto notes)
        note=STORED(),                                # note: (id, kind, turn index, position)
        speaker=TEXT(analyzer=names),                 # case: everyone who speaks
        theme=TEXT(analyzer=text),
        guest=TEXT(analyzer=names),
        text=TEXT(analyzer=text, stored=True),
        tokens=TokenColumn(text),                     # the text's words: positions and character ranges
    )
    # Text stays scorable (a lengths column) although ranking ignores lengths: without one, Whoosh's
    # writer stats a file for every posting.
    schema["text"].format = TermFrequencies()
    return schema


class SaturatedTF(scoring.WeightingModel):
    """BM25 without length normalisation: ``idf * tf * (k1 + 1) / (tf + k1)``.

    A document is a whole case (all cases are 15-45 minute talks), so length
    normalisation buys little, while looking up every document's length is
    about a third of whoosh's scoring time.  Tight per-block bounds also let
    whoosh skip blocks for single words."""

    K1 = 1.2

    def scorer(self, searcher, fieldname, text, qf=1):
        parent = searcher.get_parent()
        return _SaturatedTFScorer(parent.idf(fieldname, text), searcher.term_info(fieldname, text).max_weight())


class _SaturatedTFScorer(scoring.BaseScorer):
    def __init__(self, idf: float, max_weight: float):
        self.idf = idf
        self._max = self._score(max_weight)

    def _score(self, tf: float) -> float:
        return self.idf * tf * (SaturatedTF.K1 + 1) / (tf + SaturatedTF.K1)

    def score(self, matcher):
        return self._score(matcher.weight())

    def supports_block_quality(self):
        return True

    def max_quality(self):
        return self._max

    def block_quality(self, matcher):
        return self._score(matcher.block_max_weight())


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass
class Hit:
    """One matching passage: a transcript turn, a case field or a note.

    ``snippet`` is one line of plain text around the match; ``spans`` are the
    (start, end) character ranges of the matched words inside it.
    """

    case_id: str
    kind: str                      # "turn" | "case" | "note"
    turn_index: int | None         # turn hits, and notes attached to a turn
    speaker: str | None            # turn hits
    note_id: int | None            # note hits
    field: str | None              # case hits: which field ("title", "summary", ...); note hits: the note kind
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0
    position: float | None = None  # note hits: seconds into the audio


@dataclass
class SearchResult:
    hits: list[Hit]                # best first, at most ``limit``
    total: int                     # matching cases and notes (estimated for very broad queries)
    message: str | None = None     # why the query was adjusted, or why nothing could be searched
    failed: bool = False           # the index failed: run ensure() (in the background) to verify/rebuild it


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

def case_field_text(case: Case, name: str) -> str:
    """The indexed text of one of CASE_FIELDS."""
    if name == "guests":
        return "\n".join(", ".join(p for p in (g.name, g.role, g.organisation) if p) for g in case.guests)
    if name == "profile":
        return "\n".join(f"{p.question}\n{p.answer}" for p in case.profile)
    value = getattr(case, name)
    if isinstance(value, list):
        return "\n".join(value)
    return value or ""


def _note_doc(note: Note, facets: dict[str, str]) -> dict:
    return dict(key=f"n{note.id}", kind="note", case_id=note.case_id, text=note.text, tokens=note.text,
                note=(note.id, note.kind, note.turn_index, note.position), **facets)


def case_documents(case: Case, notes: Iterable[Note] = ()) -> Iterable[dict]:
    """The Whoosh documents of one case (fields and turns in one) and of its notes."""
    facets = {"theme": case.theme or "", "guest": " ; ".join(case.guest_names)}
    parts: list[str] = []
    regions: list[tuple[int, int, str | int]] = []
    start = 0
    keyed = [(name, case_field_text(case, name)) for name in CASE_FIELDS]
    keyed += [(i, turn.text) for i, turn in enumerate(case.turns)]
    for key, text in keyed:
        if text.strip():
            regions.append((start, start + len(text), key))
            parts.append(text)
            start += len(text) + len(_SEP)
    text = _SEP.join(parts)
    yield dict(key=f"c{case.id}", kind="case", case_id=case.id, text=text, tokens=text, regions=regions,
               speakers=[t.speaker or "" for t in case.turns], speaker=" ; ".join(case.speakers),
               facets=facets, **facets)
    for note in notes:
        if note.text.strip():
            yield _note_doc(note, facets)


# ---------------------------------------------------------------------------
# Query planning: what the index runs, and what each passage must satisfy
# ---------------------------------------------------------------------------

@dataclass
class _Plan:
    tree: wq.Query        # the parsed query with prefixes/wildcards/fuzzy words expanded to Or(Term...)
    retrieval: wq.Query   # what the index runs: no NOTs (they apply per passage), text phrases as And
    terms: list[str]      # text-field words whose character ranges are needed
    positive: set[str]    # the words to mark in snippets (not under a NOT)
    has_text: bool        # the query constrains the text (not only filters)
    has_speaker: bool     # the query names a speaker


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
class _Passage:
    """The matched words of one turn, case field or note."""

    key: str | int | None          # field name, turn index, or None for a note
    start: int
    end: int
    words: dict[str, list[tuple[int, int, int]]]  # term -> [(position, startchar, endchar)]
    speaker: list[str]             # the turn's speaker as name tokens (empty otherwise)


def _satisfies(node, p: _Passage) -> bool:
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
            return any(p.speaker[i:i + n] == node.words for i in range(len(p.speaker)))
        return True
    if isinstance(node, wq.Not):
        return not _satisfies(node.query, p)
    if isinstance(node, wq.AndNot):
        return _satisfies(node.a, p) and not _satisfies(node.b, p)
    if isinstance(node, wq.AndMaybe):
        return _satisfies(node.a, p)
    if isinstance(node, (wq.And, wq.Require)):
        return all(_satisfies(k, p) for k in node.children())
    if isinstance(node, (wq.CompoundQuery, wq.BinaryQuery)):
        return any(_satisfies(k, p) for k in node.children())
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


# ---------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def _snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
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
        spans = spans[best:best + best_n]
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


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

class SearchIndex:
    """The on-disk search index (derived data: the library can always rebuild it).

    Use: ``ensure(source)`` once, in a background thread, at start-up (it checks
    the index and rebuilds it if needed); ``search()`` from any thread, e.g. the
    GUI's; ``update_case()``/``update_note()``/``remove_*()`` from a worker
    thread when the library changes.  Writers are serialised by a lock;
    ``search()`` never waits for a rebuild (the old index keeps answering, and
    before the first build it returns at once with a message) and sees every
    commit on its next call.  Update methods return False, doing nothing, when
    there is no usable index yet: the pending ensure() reads the library anyway.
    """

    def __init__(self, index_dir: Path | str, procs: int | None = None):
        """``procs``: processes for full rebuilds (default: up to 4 CPUs where processes
        fork; Whoosh's multi-process writer is not made for spawned ones)."""
        self.index_dir = Path(index_dir)
        self.procs = procs or (max(1, min(4, os.cpu_count() or 1)) if _processes_fork() else 1)
        self._wlock = threading.RLock()   # writers, rebuilds, opening
        self._slock = threading.Lock()    # the shared searcher
        self._ix = None
        self._gen_dir: Path | None = None
        self._searcher = None
        self._stale_searcher = False
        self._parsers = {}
        self._lexicons: dict[tuple[str, str], frozenset[str]] = {}  # (segment id, field) -> terms

    # -- locations ----------------------------------------------------
    def _current_dir(self) -> Path | None:
        try:
            name = (self.index_dir / _CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not name.startswith(_GEN_PREFIX) or "/" in name or "\\" in name:
            return None
        return self.index_dir / name

    # -- health -------------------------------------------------------
    def check(self) -> str | None:
        """None if the index on disk is usable, else the reason it must be rebuilt."""
        with self._wlock:
            return self._check_dir(self._current_dir())

    def _check_dir(self, gen: Path | None) -> str | None:
        if gen is None or not gen.is_dir():
            return "the index does not exist"
        try:
            meta = json.loads((gen / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index has no readable version file"
        if meta.get("schema") != SCHEMA_VERSION:
            return f"the index has schema version {meta.get('schema')}, this program uses {SCHEMA_VERSION}"
        if (gen / _DIRTY).exists():
            # Only a dead writer leaves the marker behind, unless another live
            # process is writing right now (it then holds Whoosh's lock).
            lock = _MmapStorage(str(gen)).lock("MAIN_" + _WRITELOCK)
            if not lock.acquire(False):
                return None
            lock.release()
            return "a writer died while updating the index (stale write lock)"
        manifest = meta.get("files")
        if not isinstance(manifest, dict) or not manifest:
            return "the index version file has no file list"
        for name, (size, crc) in manifest.items():
            path = gen / name
            try:
                if path.stat().st_size != size or _crc(path) != crc:
                    return f"index file {name} is damaged"
            except OSError:
                return f"index file {name} is missing"
        try:
            ix = _MmapStorage(str(gen)).open_index()
            with ix.searcher() as s:
                s.doc_count()
        except Exception as e:  # any failure to open means it must be rebuilt
            return f"the index cannot be opened ({type(e).__name__}: {e})"
        return None

    # -- opening ------------------------------------------------------
    def _open(self) -> bool:
        """Open the current index if it is healthy (checking it reads it all: ~0.2 s for
        2,000 cases; ensure() does this once).  Caller holds _wlock."""
        if self._ix is not None:
            return True
        gen = self._current_dir()
        reason = self._check_dir(gen)
        if reason:
            log.info("search index not usable: %s", reason)
            return False
        self._set_index(_MmapStorage(str(gen)).open_index(), gen)
        return True

    def _set_index(self, ix, gen: Path | None) -> None:
        with self._slock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = ix
            self._gen_dir = gen
            self._lexicons = {}

    def close(self) -> None:
        """Release open files (the index stays on disk)."""
        with self._wlock:
            self._set_index(None, None)

    # -- building -----------------------------------------------------
    def ensure(self, source: Callable[[], Iterable[tuple[Case, list[Note]]]],
               progress: Progress | None = None, total: int | None = None) -> bool:
        """Open the index, rebuilding it from ``source()`` first if it is missing,
        from an older schema, left locked by a dead writer or damaged.  Returns True if it rebuilt."""
        with self._wlock:
            gen = self._current_dir()
            reason = self._check_dir(gen)
            if reason is None:
                if self._ix is None:
                    self._set_index(_MmapStorage(str(gen)).open_index(), gen)
                return False
            log.info("rebuilding search index: %s", reason)
            self.rebuild(source(), progress=progress, total=total)
            return True

    def rebuild(self, items: Iterable[tuple[Case, list[Note]]], progress: Progress | None = None,
                total: int | None = None) -> None:
        """Build a fresh index from ``items`` in a new directory and swap it in atomically.

        ``progress(done, total)`` is called after each case (``total`` is 0 when unknown).
        """
        if total is None:
            total = len(items) if hasattr(items, "__len__") else 0
        with self._wlock:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            gen = Path(tempfile.mkdtemp(prefix=_GEN_PREFIX, dir=self.index_dir))
            try:
                ix = _MmapStorage(str(gen)).create_index(make_schema())
                if self.procs > 1 and (total == 0 or total >= 50):  # processes only pay off for big builds
                    writer = ix.writer(procs=self.procs, multisegment=True, limitmb=256, batchsize=16, codec=_codec())
                else:
                    writer = ix.writer(limitmb=256, codec=_codec())
                try:
                    for done, (case, notes) in enumerate(items, 1):
                        for doc in case_documents(case, notes):
                            writer.add_document(**doc)
                        if progress:
                            progress(done, total)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
                self._write_meta(gen, ix)
                _atomic_write(self.index_dir / _CURRENT, gen.name)
            except BaseException:
                shutil.rmtree(gen, ignore_errors=True)
                raise
            self._set_index(ix, gen)
            self._remove_old_generations(keep=gen)

    def _remove_old_generations(self, keep: Path) -> None:
        for p in self.index_dir.glob(_GEN_PREFIX + "*"):
            if p != keep and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)

    def _write_meta(self, gen: Path, ix) -> None:
        old = {}
        try:
            old = json.loads((gen / _META).read_text(encoding="utf-8")).get("files") or {}
        except (OSError, ValueError):
            pass
        files = {}
        for name in _live_files(gen, ix):
            size = (gen / name).stat().st_size
            prev = old.get(name)
            files[name] = prev if prev and prev[0] == size else [size, _crc(gen / name)]
        _atomic_write(gen / _META, json.dumps({"schema": SCHEMA_VERSION, "files": files}, indent=0))

    # -- incremental updates ------------------------------------------
    def _write(self, change: Callable) -> bool:
        """Run ``change(writer)`` and commit.  False (nothing done) if the index is not usable:
        the next ensure() rebuilds it from the library anyway."""
        with self._wlock:
            if not self._open():
                return False
            gen = self._gen_dir
            (gen / _DIRTY).write_text(str(os.getpid()), encoding="utf-8")
            writer = self._ix.writer(codec=_codec())
            try:
                change(writer)
            except BaseException:
                writer.cancel()  # nothing was written: the index is still consistent
                (gen / _DIRTY).unlink()
                raise
            # Merging segments costs a few hundred ms: only do it once small ones pile up.
            writer.commit(merge=len(self._ix._segments()) >= _MERGE_AT_SEGMENTS)
            self._write_meta(gen, self._ix)
            (gen / _DIRTY).unlink()
            self._stale_searcher = True
            return True

    def update_case(self, case: Case, notes: Iterable[Note] = ()) -> bool:
        """Replace everything indexed for ``case`` (fields, turns, notes)."""
        docs = list(case_documents(case, notes))

        def change(w):
            w.delete_by_term("case_id", case.id.lower())
            for doc in docs:
                w.add_document(**doc)
        return self._write(change)

    def remove_case(self, case_id: str) -> bool:
        return self._write(lambda w: w.delete_by_term("case_id", case_id.lower()))

    def update_note(self, note: Note) -> bool:
        """Add or replace one note (it inherits its case's theme and guests for the filters)."""
        if note.id is None:
            raise ValueError("a note must be saved (have an id) before it is indexed")

        def change(w):
            w.delete_by_term("key", f"n{note.id}")
            if note.text.strip():
                with self._ix.searcher() as s:
                    case = s.document(key=f"c{note.case_id}")
                w.add_document(**_note_doc(note, case["facets"] if case else {}))
        return self._write(change)

    def remove_note(self, note_id: int) -> bool:
        return self._write(lambda w: w.delete_by_term("key", f"n{note_id}"))

    # -- searching ----------------------------------------------------
    def _get_searcher(self):
        """The shared searcher, refreshed after commits.  Caller holds _slock."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=SaturatedTF())
        elif self._stale_searcher:
            # Not Searcher.refresh(): its reader reuse keeps stale deletions.
            self._stale_searcher = False
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=SaturatedTF())
            live = {leaf.segment().segment_id() for leaf, _ in self._searcher.reader().leaf_readers() if leaf.segment()}
            self._lexicons = {k: v for k, v in self._lexicons.items() if k[0] in live}
        return self._searcher

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

    def search(self, query: str, limit: int = 50, case_id: str | None = None) -> SearchResult:
        """The best ``limit`` passages for ``query`` (optionally within one case).  Never raises."""
        prepared, notes = _prepare(query)
        if prepared is None:
            return SearchResult([], 0, " ".join(notes) or None)
        if self._ix is None and not self._try_open():
            return SearchResult([], 0, "The search index is not ready yet.")
        q, note = self._parse(prepared, qparser.AndGroup)
        if note:
            notes.append(note)
        if q is None:
            return SearchResult([], 0, " ".join(notes))
        limit = max(1, limit)
        try:
            with self._slock:
                if self._ix is None:  # closed meanwhile
                    return SearchResult([], 0, "The search index is not ready yet.")
                s = self._get_searcher()
                flt = wq.Term("case_id", case_id.lower()) if case_id else None
                plan = self._plan(q, s.reader(), notes)
                if plan is None:
                    return SearchResult([], 0, " ".join(notes))
                hits, total, partial = self._run(s, plan, limit, flt, allow_partial=_plain_words(prepared))
                if not hits and _plain_words(prepared):
                    hits, total = self._similar(s, prepared, limit, flt)
                    if hits:
                        notes.append("No exact matches; showing similar words.")
                elif partial:
                    notes.append("No passage contains all the words; showing passages with some of them.")
        except Exception:  # a damaged index shows up here first
            log.exception("search for %r failed", query)
            return SearchResult([], 0, "The search failed; the index may be damaged.", failed=True)
        return SearchResult(hits, total, " ".join(notes) or None)

    def _try_open(self) -> bool:
        """Open the index unless a writer (say a rebuild) is busy: the caller may be the GUI thread."""
        if not self._wlock.acquire(blocking=False):
            return False
        try:
            return self._open()
        finally:
            self._wlock.release()

    def _similar(self, s, prepared: str, limit: int, flt) -> tuple[list[Hit], int]:
        """Second chance for misspelt plain words: any word within one edit of them."""
        fuzzy = " OR ".join(w + "~" for w in re.findall(r"\w+", prepared) if 3 < len(w) <= 30)
        q = self._parse(fuzzy, qparser.OrGroup)[0] if fuzzy else None
        plan = self._plan(q, s.reader(), []) if q is not None else None
        if plan is None:
            return [], 0
        hits, total, _ = self._run(s, plan, limit, flt, allow_partial=False)
        return hits, total

    def _parse(self, text: str, group):
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
    def _plan(self, q, reader, notes: list[str]) -> _Plan | None:
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
        words = {(w, neg) for leaf, neg in text_leaves
                 for w in (leaf.words if isinstance(leaf, wq.Phrase) else [leaf.text])}
        return _Plan(tree=tree, retrieval=retrieval, terms=sorted({w for w, _ in words}),
                     positive={w for w, neg in words if not neg},
                     has_text=any(not neg for _, neg in text_leaves),
                     has_speaker=any(getattr(leaf, "fieldname", None) == "speaker" for leaf, _ in leaves))

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
                notes.append(f"A pattern needs at least {MIN_PATTERN_PREFIX} letters before * or ?: "
                             f"searched for “{prefix or text}” as a word.")
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
            terms = frozenset(from_bytes(b) for b in leaf.lexicon(fieldname)) if fieldname in leaf.schema else frozenset()
            if segment is None:
                return terms
            self._lexicons[key] = terms
        return self._lexicons[key]

    def _run(self, s, plan: _Plan, limit: int, flt, allow_partial: bool) -> tuple[list[Hit], int, bool]:
        """Rank documents, resolve the best ones to passages and keep the best ``limit`` passages.

        Documents are resolved best first, ten at a time, until ``limit`` passages
        match or MAX_DOCS documents were looked at.  Returns (hits, total
        documents, whether the hits only partly match the query)."""
        ranked, total = _rank(s, plan.retrieval, flt)
        strict: list[tuple[float, int, int, _Passage, dict]] = []
        partial: list[tuple[float, int, int, _Passage, dict]] = []
        for i in range(0, len(ranked), _DOC_BATCH):
            self._collect(s, plan, sorted(ranked[i:i + _DOC_BATCH]), strict, partial)
            if len(strict) >= limit:
                break
        chosen = strict or (partial if allow_partial else [])
        chosen.sort(key=lambda c: (-c[0], c[1], c[2]))
        return [_make_hit(*c) for c in chosen[:limit]], total, not strict and bool(chosen)

    def _collect(self, s, plan: _Plan, docs: list[tuple[int, float]], strict: list, partial: list) -> None:
        """Split each document into passages and sort them into ``strict`` and ``partial`` matches."""
        tokens = s.reader().column_reader("tokens", translate=False)
        for docnum, score in docs:
            stored = s.stored_fields(docnum)
            passages = _passages(stored, _occurrences(tokens[docnum], plan.terms), plan)
            best = max((sum(len(v) for w, v in p.words.items() if w in plan.positive) for p in passages), default=0)
            for order, p in enumerate(passages):
                hits = sum(len(v) for w, v in p.words.items() if w in plan.positive)
                weight = (0.5 + 0.5 * hits / best) if best else 1.0
                entry = (score * weight * _FIELD_WEIGHT.get(p.key, 1.0), docnum, order, p, stored)
                if _satisfies(plan.tree, p):
                    strict.append(entry)
                elif hits and all(w in plan.positive for w in p.words):  # some words, none excluded
                    partial.append(entry)


class _Unsupported(Exception):
    """A query node :func:`_rank` does not evaluate itself (whoosh's matchers rank that query)."""


def _rank(s, q, flt) -> tuple[list[tuple[int, float]], int]:
    """The best MAX_DOCS documents for ``q`` (within ``flt``) as (docnum, score), best first,
    and how many documents match.

    Scores are whoosh's with :class:`SaturatedTF` (And and Or add up their parts),
    but computed for a whole segment at once from whole posting blocks instead
    of one document at a time.  A query with other node types (a phrase in a
    name field, say) is ranked by whoosh itself."""
    try:
        found_docs, found_scores = [], []
        for leaf, base in s.reader().leaf_readers():
            n = leaf.doc_count_all()
            mask, score = _evaluate(q, s, leaf, n)
            if flt is not None:
                mask &= _evaluate(flt, s, leaf, n)[0]
            if leaf.has_deletions():
                mask[list(leaf.deleted_docs_set)] = False
            docs = np.flatnonzero(mask)
            found_docs.append(docs + base)
            found_scores.append(score[docs])
    except _Unsupported:
        results = s.search(q, limit=MAX_DOCS, filter=flt)
        ranked = [(docnum, score) for score, docnum in results.top_n]
        total = len(results) if results.has_exact_length() else results.estimated_length()
        return ranked, max(total, len(ranked))
    docs, scores = np.concatenate(found_docs), np.concatenate(found_scores)
    best = np.lexsort((docs, -scores))[:MAX_DOCS]
    return [(int(docs[i]), float(scores[i])) for i in best], len(docs)


def _evaluate(node, s, leaf, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of ``node`` for the ``n`` documents of segment ``leaf``."""
    kind = type(node)
    if kind is wq.Term:
        mask, score = np.zeros(n, bool), np.zeros(n)
        postings = _postings(leaf, node.fieldname, node.text)
        if postings is not None:
            docs, tf = postings
            mask[docs] = True
            score[docs] = node.boost * s.idf(node.fieldname, node.text) * tf * (SaturatedTF.K1 + 1) / (tf + SaturatedTF.K1)
        return mask, score
    if (kind is wq.And or kind is wq.Or and not node.minmatch and node.scale is None) and node.subqueries:
        parts = [_evaluate(k, s, leaf, n) for k in node.subqueries]
        combine = np.logical_and if kind is wq.And else np.logical_or
        mask = combine.reduce([m for m, _ in parts])
        return mask, np.where(mask, node.boost * np.sum([sc for _, sc in parts], axis=0), 0.0)
    raise _Unsupported(kind.__name__)


def _postings(leaf, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, weights) of a term in one segment, or None if it is not there.

    Reads whole posting blocks through the W3 codec's matcher internals (whoosh-reloaded
    is pinned exactly): a block's ids and weights come as arrays, not one by one."""
    if (field, text) not in leaf:
        return None
    m = leaf._terms.matcher(field, leaf._text_to_bytes(field, text), leaf.schema[field].format)
    docs: list[int] = []
    weights: list[float] = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        docs.extend(m._ids)
        weights.extend(m._weights)
        m._next_block()
    return np.array(docs, dtype=np.intp), np.array(weights)


def _passages(stored: dict, words: dict[str, list[tuple[int, int, int]]], plan: _Plan) -> list[_Passage]:
    """The passages of a document holding query words; for filters alone, its turns
    (to be checked against a speaker filter) or else its first field."""
    if stored["kind"] == "note":
        return [_Passage(None, 0, len(stored["text"]), words, [])]
    regions = stored["regions"]
    starts = [r[0] for r in regions]
    by_region: dict[int, dict[str, list]] = {}
    for term, occurrences in words.items():
        for occ in occurrences:
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
        passages.append(_Passage(key, start, end, by_region[i], _name_tokens(speaker)))
    return passages


def _make_hit(score: float, docnum: int, order: int, p: _Passage, stored: dict) -> Hit:
    text = stored["text"][p.start:p.end]
    spans = sorted((a - p.start, b - p.start) for occ in p.words.values() for _, a, b in occ)
    snippet, spans = _snippet(text, spans)
    if stored["kind"] == "note":
        note_id, kind, turn, position = stored["note"]
        return Hit(stored["case_id"], "note", turn, None, note_id, kind, snippet, spans, score, position)
    if isinstance(p.key, int):
        speaker = stored["speakers"][p.key] or None
        return Hit(stored["case_id"], "turn", p.key, speaker, None, None, snippet, spans, score)
    return Hit(stored["case_id"], "case", None, None, None, p.key, snippet, spans, score)


def _name_tokens(name: str) -> list[str]:
    return [t.text for t in _NAMES(name)] if name else []


_NAMES = name_analyzer()

def _edits(word: str) -> set[str]:
    """Every word one edit (deletion, transposition, substitution, insertion) away from ``word``
    (indexed words are folded: a-z, plus digits only if the word has some)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = "abcdefghijklmnopqrstuvwxyz" + ("0123456789" if any(c.isdigit() for c in word) else "")
    letters += "".join(sorted(set(word) - set(letters)))
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


_OPERATOR = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"


def _plain_words(text: str) -> bool:
    """True if ``text`` is just words (no quotes, operators, fields or patterns)."""
    return bool(re.fullmatch(r"[\w\s.,;!?'-]+", text)) and not re.search(rf"\b{_OPERATOR}\b", text)


def _prepare(query: str) -> tuple[str | None, list[str]]:
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
        text = text[:i] + " " + text[i + 1:]
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


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

def _processes_fork() -> bool:
    """Will multiprocessing fork (Linux's default before Python 3.14), without fixing the start method?"""
    method = multiprocessing.get_start_method(allow_none=True)
    if method is None:
        method = "fork" if sys.platform.startswith("linux") and sys.version_info < (3, 14) else "spawn"
    return method == "fork"


def _codec() -> W3Codec:
    """Whoosh's codec without zlib on posting blocks: ~1.7x the disk, ~25% faster queries."""
    return W3Codec(compression=0)


class _MmapStorage(FileStorage):
    """Whoosh's FileStorage, but files are read through mmap.

    Whoosh copies a compound segment's parts into memory whenever a reader
    opens (~50 ms per reopen on a 2,000-case index, i.e. after every update);
    mapped files open in well under a millisecond and read as fast."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _live_files(gen: Path, ix) -> list[str]:
    """Files the index's current TOC uses (the TOC itself and its segments' files)."""
    ids = {seg.segment_id() for seg in ix._segments()}
    toc = f"_MAIN_{ix.latest_generation()}.toc"
    return sorted(n for n in os.listdir(gen) if n == toc or n.split(".", 1)[0] in ids)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
