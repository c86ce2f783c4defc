"""Text analysis (index and query alike) and the per-document token column.

Words -> lowercase -> Norwegian stop words (Snowball list only: English ones
such as "by" stay searchable) -> accent folding (``æ``->``ae``, ``ø``->``o``,
``å``->``a``, ``é``->``e`` ...) -> Snowball Norwegian stemming.  So
``kommunene`` finds ``kommune``, ``baerekraft`` finds ``bærekraft`` and
``lorn`` finds ``LØRN``.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable
from itertools import compress, repeat
from operator import is_

import numpy as np
from whoosh import columns
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import FieldType
from whoosh.formats import Existence
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.norwegian import NorwegianStemmer

from lornplayer.textfold import FOLD_TABLE, fold

_FOLD_TABLE = FOLD_TABLE  # the shared table (lornplayer/textfold.py)


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
    _SPLIT = re.compile(r"(\w+(?:\.\w+)*)")  # the same words as _EXPRESSION, without its backtracking
    _CACHE_LIMIT = 500_000

    def __init__(self, lang: str = "no", stem: bool = True, stop: bool = True):
        self.lang = language_code(lang)
        self.stem = stem
        self.stop = stop
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._stoplist = frozenset(stopwords_for_language(self.lang)) if self.stop else frozenset()
        self._stemmer = NorwegianStemmer().stem if self.stem else None
        self._cache: dict[str, str] = {}  # word -> term, "" for a stop word
        self._last: list | None = None  # [(value, analysis)] of the last few values (text, then token column)

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
                text = self.term(word) or ""  # "" for a stop word
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[word] = text
            out.append((text or None, word, *m.span()))
        return out

    def analyse(self, value: str) -> tuple[list[str], list[int], list[int]]:
        """(terms, start chars, end chars) of the indexed words of ``value`` in order (stop words left out)."""
        terms, starts, ends = self.analysis(value)
        return terms, starts.tolist(), ends.tolist()

    def analysis(self, value: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """:meth:`analyse` with the character ranges as int64 arrays: the hot path of indexing.

        Written so the per-word work runs in C: one regex split, numpy running sums of the
        piece lengths for the character ranges, dict lookups through ``map`` (each distinct
        word is analysed once and cached), ``compress`` to drop stop words.  The last value's
        result is reused (the same string is indexed as ``text`` and ``tokens``)."""
        last = self._last
        if last is not None:
            for seen, result in last:
                if seen is value:
                    return result
        parts = self._SPLIT.split(value)  # separator, word, separator, word, ..., separator
        words = parts[1::2]
        cache = self._cache
        looked_up: list[str | None] = list(map(cache.get, words))
        terms: list[str] = looked_up  # type: ignore[assignment]  # unless a word is new:
        if None in looked_up:  # words not seen before
            missing = set(compress(words, map(is_, looked_up, repeat(None))))
            if len(cache) + len(missing) > self._CACHE_LIMIT:
                cache.clear()
                missing = set(words)
            term = self.term
            for w in missing:
                cache[w] = term(w) or ""  # "" for a stop word
            terms = list(map(cache.__getitem__, words))
        bounds = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
        keep = np.fromiter(map(bool, terms), dtype=bool, count=len(terms))
        out = (list(compress(terms, keep.tolist())), bounds[0:-1:2][keep], bounds[1::2][keep])
        # Keep the last few: a document's other fields (its theme) go through the same analyzer
        # between its text and its token column.
        self._last = ([(value, out)] + (last or []))[:3]
        return out

    def postings(self, value: str) -> dict[str, list[tuple[int, int, int]]]:
        """term -> [(position, startchar, endchar), ...] of ``value``'s words."""
        out: dict[str, list[tuple[int, int, int]]] = {}
        for pos, (term, start, end) in enumerate(zip(*self.analyse(value))):
            out.setdefault(term, []).append((pos, start, end))
        return out

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
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

    def term_counts(self, value, analyzer) -> Counter:
        """term -> frequency in ``value`` (what :class:`~lornplayer.search.compat.BulkWriter` writes)."""
        return Counter(analyzer.analysis(value)[0])

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        for term, n in self.term_counts(value, analyzer).items():
            yield term, n, n * fb, b""


class TokenColumn(FieldType):
    """Not indexed: a per-document column of every word's (term, position, start, end), taken from
    the analyzer's :meth:`NorwegianTokenizer.analyse` of the value (give it the text's string).

    Layout (zlib-compressed): ``<IIBBB`` (words, vocabulary bytes, bytes per term number, per gap, per
    length), the sorted distinct terms as ``\nterm\n...\n`` (UTF-8), then by position the term
    numbers, the gap before each word and each word's length, each as the narrowest unsigned
    integers that hold them, stored byte plane by byte plane (all low bytes, then the next ...):
    the planes compress far better than interleaved bytes, to ~2.5 bytes a word."""

    indexed = False

    def __init__(self, analyzer: NorwegianTokenizer):
        self.analyzer = analyzer
        self.format = self.vector = None
        self.scorable = self.stored = self.unique = False
        self.column_type = columns.VarBytesColumn()

    def to_column_value(self, value: str) -> bytes:
        terms, start, end = self.analyzer.analysis(value)
        vocabulary = sorted(set(terms))
        number = {term: i for i, term in enumerate(vocabulary)}
        ids = np.fromiter(map(number.__getitem__, terms), dtype=np.int64, count=len(terms))
        words = ("\n" + "".join(term + "\n" for term in vocabulary)).encode("utf-8")
        n = len(terms)
        gaps = np.diff(start, prepend=0) - np.concatenate(([0], end[:-1] - start[:-1]))
        lengths = end - start
        planes = [_planes(a) for a in (ids, gaps, lengths)]
        blob = b"".join(
            [struct.pack("<IIBBB", n, len(words), *(width for width, _ in planes)), words]
            + [data for _, data in planes]
        )
        return zlib.compress(blob, 6)

    def from_column_value(self, value: bytes) -> bytes:
        return value


def _planes(values: np.ndarray) -> tuple[int, bytes]:
    """(bytes per value, the values' byte planes) of non-negative integers."""
    top = int(values.max()) if len(values) else 0
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4
    return width, values.astype(f"<u{width}").view(np.uint8).reshape(-1, width).T.tobytes()


def _unplanes(blob: bytes, offset: int, n: int, width: int) -> np.ndarray:
    planes = np.frombuffer(blob, dtype=np.uint8, count=n * width, offset=offset).reshape(width, n)
    return np.ascontiguousarray(planes.T).view(f"<u{width}").reshape(n).astype(np.int64)


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decompress_text(blob: bytes | None) -> str | None:
    """The text of a :func:`compress_text` value (None for None)."""
    return zlib.decompress(blob).decode("utf-8") if blob else None


def occurrences(blob: bytes, terms: Iterable[str]) -> dict[str, list[tuple[int, int, int]]]:
    """term -> [(position, start, end), ...] for those of ``terms`` in a :class:`TokenColumn` value."""
    if not blob:
        return {}
    blob = zlib.decompress(blob)
    n, size, width, gwidth, lwidth = struct.unpack_from("<IIBBB", blob)
    vocabulary = blob[11 : 11 + size]
    offset = 11 + size
    found = {}
    for term in terms:
        i = vocabulary.find(b"\n" + term.encode("utf-8") + b"\n")
        if i >= 0:
            found[term] = vocabulary.count(b"\n", 0, i)
    if not found:
        return {}
    ids = _unplanes(blob, offset, n, width)
    offset += width * n
    gaps = _unplanes(blob, offset, n, gwidth)
    lengths = _unplanes(blob, offset + gwidth * n, n, lwidth)
    ends = np.cumsum(gaps + lengths)
    starts = ends - lengths
    out = {}
    for term, k in found.items():
        positions = np.flatnonzero(ids == k)
        out[term] = list(zip(positions.tolist(), starts[positions].tolist(), ends[positions].tolist()))
    return out


def text_analyzer(lang: str = "no") -> NorwegianTokenizer:
    """The analyzer of searchable prose: words, lowercase, Norwegian stop words, folding, stemming."""
    return NorwegianTokenizer(lang)


def name_analyzer() -> NorwegianTokenizer:
    """The analyzer of people's names: words, lowercase, folding (no stop words, no stemming)."""
    return NorwegianTokenizer(stem=False, stop=False)
