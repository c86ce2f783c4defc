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
from collections.abc import Iterable

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


_BMP_WORD: np.ndarray | None = None  # code point -> is it a regex \\w character? (the BMP's)
_ASTRAL_WORD: dict[int, bool] = {}  # the same for code points past the BMP (seldom seen)
_SPACE, _DOT = np.uint32(32), np.uint32(ord("."))


def _word_chars(points: np.ndarray) -> np.ndarray:
    """Which of these code points are regex ``\\w`` characters (what ``str`` patterns match)."""
    global _BMP_WORD
    if _BMP_WORD is None:
        bmp = "".join(map(chr, range(0x10000)))
        _BMP_WORD = np.frombuffer(re.sub(r"\W", "\0", bmp).encode("utf-32-le", "surrogatepass"), np.uint32) != 0
    if not len(points) or points.max() < 0x10000:
        return _BMP_WORD[points]
    word = _BMP_WORD[np.minimum(points, 0xFFFF)]
    astral = points > 0xFFFF
    for point in np.unique(points[astral]).tolist():
        known = _ASTRAL_WORD.get(point)
        if known is None:
            known = _ASTRAL_WORD[point] = re.match(r"\w", chr(point)) is not None
        word[points == point] = known
    return word


def split_words(value: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(words, start chars, end chars) of every word of ``value``: what ``re.finditer(r"\\w+(\\.?\\w+)*")``
    finds (a dot between word characters joins them), found with numpy: the runs of word characters
    give the ranges, and the words are split from the text with everything else made a space."""
    points = np.frombuffer(value.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _word_chars(points)
    if len(points) > 2:
        word[1:-1] |= (points[1:-1] == _DOT) & word[:-2] & word[2:]  # no word char is a dot: one pass does
    edges = np.flatnonzero(np.diff(word, prepend=False, append=False))
    starts, ends = edges[0::2], edges[1::2]
    words = np.where(word, points, _SPACE).tobytes().decode("utf-32-le", "surrogatepass").split()
    if len(words) != len(starts):  # cannot happen (no word character is a space): the plain way then
        found = list(NorwegianTokenizer._EXPRESSION.finditer(value))
        words = [m.group() for m in found]
        starts = np.array([m.start() for m in found], dtype=np.int64)
        ends = np.array([m.end() for m in found], dtype=np.int64)
    return words, starts, ends


_VOWELS = "aeiouy\xe6\xe5\xf8"
_R1 = re.compile(f"[{_VOWELS}][^{_VOWELS}]")  # R1 starts after the first non-vowel that follows a vowel
_S_ENDING = "bcdfghjlmnoprtvyz"


def _reversed_suffixes(name: str):
    """A regex matching at the start of a reversed word the first of the stemmer's suffixes (in
    Whoosh's order) that the word ends with."""
    suffixes = getattr(NorwegianStemmer, f"_NorwegianStemmer__{name}")
    return re.compile("|".join(re.escape(suffix[::-1]) for suffix in suffixes)).match


_STEP1, _STEP3 = _reversed_suffixes("step1_suffixes"), _reversed_suffixes("step3_suffixes")


def norwegian_stem(word: str) -> str:
    """Whoosh's ``NorwegianStemmer().stem(word)`` (Snowball), the same stems, twice as fast: R1 is
    found by a regex, and each step's suffix by one regex of Whoosh's suffixes, tried in Whoosh's
    order, on the reversed R1 (Whoosh calls ``endswith`` for each suffix in turn)."""
    word = word.lower()
    m = _R1.search(word)
    r1 = word[max(3, m.start() + 2) :] if m else ""
    if not r1:
        return word
    m = _STEP1(r1[::-1])  # step 1
    if m is not None:
        n = m.end()
        if n == 1 and r1[-1] == "s":
            if word[-2] in _S_ENDING or (word[-2] == "k" and word[-3] not in _VOWELS):
                word, r1 = word[:-1], r1[:-1]
        elif m.group() in ("etre", "tre"):  # erte, ert
            word, r1 = word[:-n] + "er", r1[:-n] + "er"
        else:
            word, r1 = word[:-n], r1[:-n]
    if r1.endswith(("dt", "vt")):  # step 2
        word, r1 = word[:-1], r1[:-1]
    m = _STEP3(r1[::-1])  # step 3
    return word[: -m.end()] if m is not None else word


class Analysed:
    """The indexed words of one value: their term numbers (in the analyzer's table ``table``: term
    number -> term) and character ranges, by position."""

    __slots__ = ("_unique", "ends", "ids", "starts", "table")

    def __init__(self, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray, table: list[str]):
        self.ids, self.starts, self.ends, self.table = ids, starts, ends, table
        self._unique: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def terms(self) -> list[str]:
        """The term of every word, by position."""
        return list(map(self.table.__getitem__, self.ids.tolist()))

    def unique(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(distinct term numbers, each word's index into them, each one's frequency)."""
        if self._unique is None:
            self._unique = np.unique(self.ids, return_inverse=True, return_counts=True)
        return self._unique

    def counts(self) -> dict[str, int]:
        """term -> frequency."""
        numbers, _, freqs = self.unique()
        return dict(zip(map(self.table.__getitem__, numbers.tolist()), freqs.tolist()))

    def sorted_vocabulary(self) -> tuple[list[str], np.ndarray]:
        """(the distinct terms sorted, each word's index into them)."""
        numbers, inverse, _ = self.unique()
        terms = list(map(self.table.__getitem__, numbers.tolist()))
        order = sorted(range(len(terms)), key=terms.__getitem__)
        rank = np.empty(len(terms), dtype=np.int64)
        rank[order] = np.arange(len(terms))
        return [terms[i] for i in order], rank[inverse.reshape(-1)]


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
        self._stemmer = norwegian_stem if self.stem else None
        self._cache: dict[str, int] = {}  # word -> its term's number in _terms, -1 for a stop word
        self._words: dict[str, str] = {}  # word -> term, "" for a stop word (the Whoosh tokenizer's)
        self._new_terms()
        self._last: list | None = None  # [(value, Analysed)] of the last few values (text, then token column)

    def _new_terms(self) -> None:
        self._table: list[str] = []  # term number -> term
        self._numbers: dict[str, int] = {}  # term -> term number

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
        cache, out = self._words, []
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
        """:meth:`analyse` with the character ranges as int64 arrays."""
        found = self.analysed(value)
        return found.terms(), found.starts, found.ends

    def analysed(self, value: str) -> Analysed:
        """The indexed words of ``value`` as arrays: the hot path of indexing.

        The per-character work is numpy's (the text as code points, a word-character table, the
        runs of word characters are the words, as ``\\w+(\\.\\w+)*`` finds them), the per-word work
        one ``str.split`` and one dict lookup (each distinct word is analysed once and cached as
        its term's number).  The last few values' results are reused (the same string is
        indexed as ``text`` and ``tokens``)."""
        last = self._last
        if last is not None:
            for seen, result in last:
                if seen is value:
                    return result
        words, starts, ends = split_words(value)
        cache = self._cache
        try:
            ids = np.fromiter(map(cache.__getitem__, words), dtype=np.int64, count=len(words))
        except KeyError:  # words not seen before
            self._learn(words)
            ids = np.fromiter(map(cache.__getitem__, words), dtype=np.int64, count=len(words))
        keep = ids >= 0
        if keep.all():
            out = Analysed(ids, starts, ends, self._table)
        else:
            out = Analysed(ids[keep], starts[keep], ends[keep], self._table)
        # Keep the last few: a document's other fields (its theme) go through the same analyzer
        # between its text and its token column.
        self._last = ([(value, out)] + (last or []))[:3]
        return out

    def _learn(self, words: list[str]) -> None:
        """Cache the term numbers of those of ``words`` not in the cache (a full cache starts again)."""
        cache = self._cache
        missing = set(words).difference(cache)
        if len(cache) + len(missing) > self._CACHE_LIMIT:
            cache.clear()
            missing = set(words)
        if len(self._table) + len(missing) > self._CACHE_LIMIT:
            self._new_terms()  # results handed out keep their own table
            cache.clear()
            missing = set(words)
        number, terms, term = self._numbers, self._table, self.term
        for w in missing:
            text = term(w)
            if text:
                i = number.get(text)
                if i is None:
                    i = number[text] = len(terms)
                    terms.append(text)
                cache[w] = i
            else:
                cache[w] = -1  # a stop word

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

    def term_counts(self, value, analyzer) -> dict[str, int]:
        """term -> frequency in ``value`` (what :class:`~lornplayer.search.compat.BulkWriter` writes)."""
        return analyzer.analysed(value).counts()

    def term_numbers(self, value, analyzer) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """:meth:`term_counts` as arrays: (the distinct term numbers, their frequencies, the
        analyzer's table of term number -> term)."""
        found = analyzer.analysed(value)
        numbers, _, freqs = found.unique()
        return numbers, freqs, found.table

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
        found = self.analyzer.analysed(value)
        vocabulary, ids = found.sorted_vocabulary()
        start, end = found.starts, found.ends
        words = ("\n" + "".join(term + "\n" for term in vocabulary)).encode("utf-8")
        n = len(ids)
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
