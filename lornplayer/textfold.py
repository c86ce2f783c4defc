"""Accent folding shared by search, the library filter and episode matching (no Qt, no Whoosh).

``fold("LØRN Bærekraft")`` gives ``"lorn baerekraft"``: lower-cased, Nordic and other letters that
do not decompose mapped by hand (æ → ae, ø → o, ß → ss, …), everything else stripped of its accents.
"""

from __future__ import annotations

import unicodedata

FOLD_TABLE = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ß": "ss",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lowercase ASCII-ish form of ``text``: ``LØRN`` -> ``lorn``, ``Bærekraft`` -> ``baerekraft``."""
    text = text.lower().translate(FOLD_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
