"""The indexing analyzer's fast path (numpy word splitting, cached term numbers) against the plain one."""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pytest

from lornplayer.search import make_schema, occurrences
from lornplayer.search.analysis import NorwegianTokenizer, name_analyzer, split_words, text_analyzer

TEXTS = [
    "",
    "   \n\t ",
    "Åpen innovasjon i kommunen: kommunene og innovasjonen, og ÅPEN innovasjon igjen.",
    "Bærekraft, BÆREKRAFT og baerekraft; søknader, søknadene – Østfold/Trøndelag (2024).",
    "Kunstig intelligens (KI) i offentlig sektor: e.g. www.lorn.tech og post@lorn.no, v2.0.1 og 3.14.",
    "by the way, the city by the sea: English stop words such as by, the and of stay searchable.",
    "a..b .c d. e.f. ..g h_i __j__ 1_000 12,5 % 3½ ²³ ① Ⅻ",
    "Crème brûlée, naïve café, São Paulo, Zürich, Ångström, İstanbul, ǅemal, straße, ĳssel.",
    "Combining: e\u0301 a\u030a o\u0308, zero\u200bwidth, nb\u00a0sp, line\u2028sep, ogham\u1680x, \x1cfs\x1d",
    "Emoji 😀 between words😀and 𝐁𝐨𝐥𝐝 math letters, 𝟏𝟐 digits, and CJK 日本語 テキスト 한국어.",
    "Ελληνικά κείμενα, русский текст, עברית, العربية ٣٤, हिन्दी, ไทย",
    "og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett har om vi",
    "x" * 5_000 + " kort " + "." * 100 + " slutt.",
]


def _reference(analyzer: NorwegianTokenizer, value: str):
    """The same analysis the plain way: the Whoosh tokenizer's regex, each word analysed on its own."""
    terms, starts, ends = [], [], []
    for m in re.finditer(r"\w+(\.?\w+)*", value):
        term = analyzer.term(m.group())
        if term:
            terms.append(term)
            starts.append(m.start())
            ends.append(m.end())
    return terms, starts, ends


def _random_text(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzæøåABCÆØÅéü_0123456789 .,;:-–\n\t\u00a0'\"()!?😀𝐀"
    words = ["kommunene", "innovasjon", "og", "by", "the", "bærekraft", "LØRN", "e.g", "a.b.c"]
    parts = []
    for _ in range(rng.randrange(0, 60)):
        if rng.random() < 0.4:
            parts.append(rng.choice(words))
        else:
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))))
    return rng.choice(["", " ", ".", "\n"]).join(parts)


def _texts():
    rng = random.Random(7)
    return TEXTS + [_random_text(rng) for _ in range(300)]


@pytest.mark.parametrize("make", [text_analyzer, name_analyzer])
def test_cached_fast_analysis_gives_the_plain_terms_and_ranges(make):
    fast, plain = make(), make()
    for value in _texts() * 2:  # the second round from the cache
        terms, starts, ends = fast.analyse(value)
        assert (terms, starts, ends) == _reference(plain, value), value
        assert [t.text for t in fast(value, mode="index")] == terms  # Whoosh's tokenizer interface agrees


def test_a_full_cache_starts_again_with_the_same_terms():
    fast, plain = text_analyzer(), text_analyzer()
    fast._CACHE_LIMIT = 5
    results = [(fast.analysed(value), value) for value in _texts()]
    for found, value in results:  # earlier results keep their own term table
        assert (found.terms(), found.starts.tolist(), found.ends.tolist()) == _reference(plain, value)
    assert len(fast._cache) <= 5 + 60


def test_split_words_finds_what_the_regex_finds():
    for value in _texts():
        words, starts, ends = split_words(value)
        found = list(re.finditer(r"\w+(?:\.\w+)*", value))
        assert words == [m.group() for m in found]
        assert starts.tolist() == [m.start() for m in found] and ends.tolist() == [m.end() for m in found]


def test_no_word_character_is_a_space():
    """split_words splits on spaces: no regex word character may be one."""
    every = "".join(map(chr, range(0x110000)))
    assert not any(c.isspace() for c in re.findall(r"\w", every))


def test_counts_and_vocabulary_agree_with_the_terms():
    analyzer = text_analyzer()
    for value in _texts():
        found = analyzer.analysed(value)
        terms = found.terms()
        assert found.counts() == Counter(terms)
        vocabulary, ids = found.sorted_vocabulary()
        assert vocabulary == sorted(set(terms)) and [vocabulary[i] for i in ids.tolist()] == terms
        assert ids.dtype == np.int64


def test_token_column_of_varied_text_round_trips():
    schema = make_schema()
    for value in _texts():
        expected = schema["text"].analyzer.postings(value)
        assert occurrences(schema["tokens"].to_column_value(value), list(expected)) == expected


def test_norwegian_stem_is_whooshs_snowball_stemmer():
    from whoosh.lang.snowball.norwegian import NorwegianStemmer

    from lornplayer.search.analysis import norwegian_stem

    rng = random.Random(3)
    letters = "aeioubdfgkstlnrvhyzjmpæøå"
    suffixes = [
        "hetenes",
        "hetene",
        "hetens",
        "heter",
        "heten",
        "endes",
        "ande",
        "ende",
        "edes",
        "enes",
        "erte",
        "ede",
        "ane",
        "ene",
        "ens",
        "ers",
        "ets",
        "het",
        "ast",
        "ert",
        "en",
        "ar",
        "er",
        "as",
        "es",
        "et",
        "a",
        "e",
        "s",
        "dt",
        "vt",
        "hetslov",
        "eleg",
        "elig",
        "elov",
        "slov",
        "leg",
        "eig",
        "lig",
        "els",
        "lov",
        "ig",
        "ks",
        "kks",
        "bs",
        "ts",
    ]
    words = [w for value in _texts() for w in re.findall(r"\w+", value.lower())]
    words += ["".join(rng.choice(letters) for _ in range(rng.randrange(0, 9))) for _ in range(5_000)]
    words = [w + "".join(rng.choice(suffixes) for _ in range(rng.randrange(0, 3))) for w in words * 4]
    words += ["", "s", "ks", "aks", "baks", "ert", "kert", "bakert", "hetslov", "kommunene", "bærekraftige"]
    stem = NorwegianStemmer().stem
    assert [norwegian_stem(w) for w in words] == [stem(w) for w in words]
