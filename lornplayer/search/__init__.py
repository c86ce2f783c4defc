"""Full-text search over cases, transcript turns and notes (Whoosh; Qt-free).

This package is the only code that imports :mod:`whoosh` (the
``whoosh-reloaded`` distribution), and :mod:`lornplayer.search.compat` the only
module that touches Whoosh's internals.  The index is derived data: the SQLite
library is the source of truth, so whenever the index is missing, from an older
schema, left behind by a writer that died, or damaged,
:meth:`SearchIndex.ensure` rebuilds it.

Modules: ``analysis`` (tokenizer, folding, stemming, token column), ``schema``
(fields and the documents of a case), ``query`` (input cleaning, parsing,
pattern expansion, passage checks), ``ranking`` (the scoring formula, ranking
from whole posting blocks), ``passages`` (documents to hits), ``snippets``,
``results`` (``Hit``, ``SearchResult``), ``storage`` (files on disk, health
checks), ``index`` (``SearchIndex``), ``parallel`` (full rebuilds in spawned worker processes),
``follow`` (catching up with the library), ``compat`` (Whoosh internals, version check).
"""

from lornplayer.search.analysis import (
    NorwegianTokenizer,
    TermFrequencies,
    TokenColumn,
    fold,
    language_code,
    name_analyzer,
    occurrences,
    text_analyzer,
)
from lornplayer.search.follow import Cancelled, follow, index_items, index_status
from lornplayer.search.index import SearchIndex
from lornplayer.search.query import MAX_EXPANSIONS, MAX_QUERY_CHARS, MIN_PATTERN_PREFIX
from lornplayer.search.ranking import MAX_DOCS, SaturatedTF, rank, saturated_tf
from lornplayer.search.results import Hit, SearchResult
from lornplayer.search.schema import (
    CASE_FIELDS,
    SCHEMA_VERSION,
    case_documents,
    case_field_text,
    make_schema,
)
from lornplayer.search.snippets import SNIPPET_CHARS
from lornplayer.search.storage import IndexBusy

__all__ = [
    "CASE_FIELDS",
    "MAX_DOCS",
    "MAX_EXPANSIONS",
    "MAX_QUERY_CHARS",
    "MIN_PATTERN_PREFIX",
    "SCHEMA_VERSION",
    "SNIPPET_CHARS",
    "Cancelled",
    "Hit",
    "IndexBusy",
    "NorwegianTokenizer",
    "SaturatedTF",
    "SearchIndex",
    "SearchResult",
    "TermFrequencies",
    "TokenColumn",
    "case_documents",
    "case_field_text",
    "fold",
    "follow",
    "index_items",
    "index_status",
    "language_code",
    "make_schema",
    "name_analyzer",
    "occurrences",
    "rank",
    "saturated_tf",
    "text_analyzer",
]
