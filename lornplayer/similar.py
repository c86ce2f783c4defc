"""Text similarity between cases: Whoosh's more-like-this over the existing search index.

Only Whoosh's public API is used (``Searcher.document_number``, ``Searcher.more_like``) on the
index that :mod:`lornplayer.search` maintains; the key terms come from the case document's stored
text, analysed with the index's own Norwegian analyser.  Returns [] when there is no usable index.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def _whoosh_index(index):
    """The Whoosh index object behind a :class:`lornplayer.search.SearchIndex` (opened if it is healthy and
    no writer is busy; never rebuilt here)."""
    for name in ("whoosh_index", "ix"):
        value = getattr(index, name, None)
        if value is not None:
            return value() if callable(value) else value
    opener = getattr(index, "_try_open", None)
    if opener is not None:
        opener()
    elif getattr(index, "_ix", None) is None and hasattr(index, "_open"):
        with index._wlock:
            index._open()
    return getattr(index, "_ix", None)


def similar_cases(index, case_id: str, top: int = 10, numterms: int = 20) -> list[tuple[str, float]]:
    """(case id, score) of the cases whose text is most like ``case_id``'s, best first."""
    from whoosh.query import Term

    ix = _whoosh_index(index)
    if ix is None:
        return []
    try:
        with ix.searcher() as s:
            docnum = s.document_number(key=f"c{case_id}")
            if docnum is None:
                return []
            hits = s.more_like(docnum, "text", top=top + 1, numterms=numterms, filter=Term("kind", "case"))
            out = [(hit["case_id"].upper(), float(hit.score)) for hit in hits]
    except Exception as exc:
        log.info("more-like-this for %s failed: %s", case_id, exc)
        return []
    return [(c, score) for c, score in out if c != case_id.upper()][:top]
