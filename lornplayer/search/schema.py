"""What is indexed: the Whoosh schema and the documents of a case and its notes.

Documents
    * one per case: its fields (title, summary, quote, guests, organisation,
      theme, perspective, learning points, Q&A profile, reflection questions)
      and every transcript turn, joined into one text whose character ranges
      ("regions") are stored along with each turn's speaker;
    * one per note.

Every document stores its words' positions and character ranges in a column
(``tokens``), so a hit is resolved to the turn (or field) it is in, and its
snippet is cut from the document's text around those ranges: nothing is ever
re-tokenised.  The index does not hold a case's text when it is built from a
library (the library has it: see ``SearchIndex`` and :func:`case_text`), only its
CRC (``digest``) to tell whether the library's text is still the indexed one; an
index built from cases alone keeps it zlib-compressed (``text_body``).
Notes' texts are short and stored (``body``).  One document per case rather than per turn is a measured
choice: a common word then has at most one posting per case instead of one
per turn, which makes the index about 2x faster to build and 5-10x faster to
query (see ``python -m lornplayer.tools.bench_search``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from lornplayer.model import Case, Note
from lornplayer.search.analysis import (
    TermFrequencies,
    TokenColumn,
    compress_text,
    name_analyzer,
    text_analyzer,
)

#: Bump whenever the schema, the analysis or the document layout changes.
SCHEMA_VERSION = 6

_SEP = "\n\n"  # between regions of a case document

# Case-level fields, in the order they are indexed.
CASE_FIELDS = (
    "title",
    "summary",
    "quote",
    "guests",
    "organisation",
    "theme",
    "perspective",
    "learning_points",
    "profile",
    "reflection_questions",
)


def make_schema() -> Schema:
    text = text_analyzer()
    names = name_analyzer()
    schema = Schema(
        key=ID(),  # "c<case id>" / "n<note id>"
        kind=ID(stored=True),  # "case" | "note"
        case_id=KEYWORD(stored=True, lowercase=True, scorable=False),
        regions=STORED(),  # case: [(start, end, field name or turn index)]
        speakers=STORED(),  # case: the speaker of every turn
        facets=STORED(),  # case: theme and guests (copied onto notes)
        note=STORED(),  # note: (id, kind, turn index, position)
        body=STORED(),  # note: its text
        digest=STORED(),  # case: CRC-32 of its text's UTF-8 (is the library's text still the indexed one?)
        text_body=STORED(),  # case, when not built from a library: its text (analysis.compress_text)
        speaker=TEXT(analyzer=names),  # case: everyone who speaks
        theme=TEXT(analyzer=text),
        guest=TEXT(analyzer=names),
        text=TEXT(analyzer=text),  # not stored: see the module's docstring
        tokens=TokenColumn(text),  # the text's words: positions and character ranges
    )
    # Text stays scorable (a lengths column) although ranking ignores lengths: without one, Whoosh's
    # writer stats a file for every posting.
    schema["text"].format = TermFrequencies()
    return schema


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
    return dict(
        key=f"n{note.id}",
        kind="note",
        case_id=note.case_id,
        text=note.text,
        tokens=note.text,
        body=note.text,
        note=(note.id, note.kind, note.turn_index, note.position),
        **facets,
    )


def case_text(case: Case) -> tuple[str, list[tuple[int, int, str | int]]]:
    """A case's indexed text (its fields and turns joined) and its regions ``(start, end, field name or turn)``."""
    parts: list[str] = []
    regions: list[tuple[int, int, str | int]] = []
    start = 0
    keyed: list[tuple[str | int, str]] = [(name, case_field_text(case, name)) for name in CASE_FIELDS]
    keyed += [(i, turn.text) for i, turn in enumerate(case.turns)]
    for key, text in keyed:
        if text.strip():
            regions.append((start, start + len(text), key))
            parts.append(text)
            start += len(text) + len(_SEP)
    return _SEP.join(parts), regions


def digest(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def case_documents(case: Case, notes: Iterable[Note] = (), keep_text: bool = True) -> Iterable[dict]:
    """The Whoosh documents of one case (fields and turns in one) and of its notes.

    ``keep_text``: keep the case's text in the index (compressed); False when the library it is
    read from provides it for snippets."""
    facets = {"theme": case.theme or "", "guest": " ; ".join(case.guest_names)}
    text, regions = case_text(case)
    names: dict[str, str] = {}  # one object per name: pickled once, then referred to
    yield dict(
        key=f"c{case.id}",
        kind="case",
        case_id=case.id,
        text=text,
        tokens=text,
        digest=digest(text),
        **({"text_body": compress_text(text)} if keep_text else {}),
        regions=regions,
        speakers=[names.setdefault(t.speaker or "", t.speaker or "") for t in case.turns],
        speaker=" ; ".join(case.speakers),
        facets=facets,
        **facets,
    )
    for note in notes:
        if note.text.strip():
            yield _note_doc(note, facets)
