"""Ranking: BM25 without length normalisation, computed a whole segment at a time.

The formula lives in :func:`saturated_tf` only: Whoosh's matchers use it
through :class:`SaturatedTF` (for queries :func:`rank` does not evaluate
itself) and :func:`rank` applies it to numpy arrays of whole posting blocks.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh import scoring

from lornplayer.search.compat import block_postings, deleted_docs

MAX_DOCS = 60  # documents resolved to passages per search at most
K1 = 1.2


def saturated_tf(idf, tf):
    """``idf * tf * (k1 + 1) / (tf + k1)`` (numbers or numpy arrays)."""
    return idf * tf * (K1 + 1) / (tf + K1)


class SaturatedTF(scoring.WeightingModel):
    """BM25 without length normalisation (:func:`saturated_tf`).

    A document is a whole case (all cases are 15-45 minute talks), so length
    normalisation buys little, while looking up every document's length is
    about a third of whoosh's scoring time.  Tight per-block bounds also let
    whoosh skip blocks for single words."""

    K1 = K1

    def scorer(self, searcher, fieldname, text, qf=1):
        parent = searcher.get_parent()
        return _SaturatedTFScorer(parent.idf(fieldname, text), searcher.term_info(fieldname, text).max_weight())


class _SaturatedTFScorer(scoring.BaseScorer):
    def __init__(self, idf: float, max_weight: float):
        self.idf = idf
        self._max = saturated_tf(idf, max_weight)

    def score(self, matcher):
        return saturated_tf(self.idf, matcher.weight())

    def supports_block_quality(self):
        return True

    def max_quality(self):
        return self._max

    def block_quality(self, matcher):
        return saturated_tf(self.idf, matcher.block_max_weight())


class _Unsupported(Exception):
    """A query node :func:`rank` does not evaluate itself (whoosh's matchers rank that query)."""


def rank(s, q, flt) -> tuple[list[tuple[int, float]], int]:
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
            mask[deleted_docs(leaf)] = False
            docs = np.flatnonzero(mask)
            found_docs.append(docs + base)
            found_scores.append(score[docs])
    except _Unsupported:
        results = s.search(q, limit=MAX_DOCS, filter=flt)
        ranked = [(docnum, score) for score, docnum in results.top_n]
        total = len(results) if results.has_exact_length() else results.estimated_length()
        return ranked, max(total, len(ranked))
    if not found_docs:
        return [], 0
    docs, scores = np.concatenate(found_docs), np.concatenate(found_scores)
    best = np.lexsort((docs, -scores))[:MAX_DOCS]
    return [(int(docs[i]), float(scores[i])) for i in best], len(docs)


def _evaluate(node, s, leaf, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of ``node`` for the ``n`` documents of segment ``leaf``."""
    kind = type(node)
    if kind is wq.Term:
        mask, score = np.zeros(n, bool), np.zeros(n)
        postings = block_postings(leaf, node.fieldname, node.text)
        if postings is not None:
            docs, tf = postings
            mask[docs] = True
            score[docs] = node.boost * saturated_tf(s.idf(node.fieldname, node.text), tf)
        return mask, score
    if (kind is wq.And or (kind is wq.Or and not node.minmatch and node.scale is None)) and node.subqueries:
        parts = [_evaluate(k, s, leaf, n) for k in node.subqueries]
        combine = np.logical_and if kind is wq.And else np.logical_or
        mask = combine.reduce([m for m, _ in parts])
        return mask, np.where(mask, node.boost * np.sum([sc for _, sc in parts], axis=0), 0.0)
    raise _Unsupported(kind.__name__)
