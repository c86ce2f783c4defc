"""Norwegian or English? A guess from common function words, for the parser and the aligner's synthesis."""

from __future__ import annotations

import re
from collections.abc import Iterable

NB_WORDS = frozenset(
    {
        "at",
        "av",
        "de",
        "den",
        "denne",
        "dere",
        "det",
        "dette",
        "du",
        "en",
        "er",
        "for",
        "har",
        "hva",
        "hvordan",
        "ikke",
        "jeg",
        "kan",
        "med",
        "men",
        "mer",
        "og",
        "også",
        "om",
        "på",
        "som",
        "så",
        "til",
        "var",
        "veldig",
        "vi",
        "å",
    }
)

EN_WORDS = frozenset(
    {
        "a",
        "about",
        "also",
        "and",
        "are",
        "be",
        "but",
        "can",
        "for",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "more",
        "not",
        "of",
        "on",
        "so",
        "that",
        "the",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "with",
        "you",
    }
)

_WORD = re.compile(r"[a-zæøå]+")


def word_counts(texts: Iterable[str]) -> tuple[int, int]:
    """How many Norwegian and how many English function words the texts hold."""
    nb = en = 0
    for text in texts:
        for word in _WORD.findall(text.lower()):
            nb += word in NB_WORDS
            en += word in EN_WORDS
    return nb, en


def guess_language(texts: Iterable[str] | str, min_words: int = 0) -> str | None:
    """``"en"`` when English function words outnumber Norwegian ones, else ``"nb"``; None when fewer
    than *min_words* function words were seen (too little text to tell)."""
    nb, en = word_counts([texts] if isinstance(texts, str) else texts)
    if nb + en < min_words:
        return None
    return "en" if en > nb else "nb"
