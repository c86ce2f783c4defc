"""Every use of Whoosh internals (names starting with ``_`` or undocumented layouts) lives here.

lornplayer reads posting blocks as arrays, lists an index's live segments and
maps index files into memory; none of that is Whoosh's public API.  This module
checks at import that the installed Whoosh is a version these functions were
written and tested against, so an upgrade fails loudly at start rather than
with wrong results.  To support a new Whoosh version: check each function below
against its source, then add the version to ``TESTED_VERSIONS``.
"""

from __future__ import annotations

import mmap
import os

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

#: Whoosh versions (``whoosh.__version__``) whose internals the functions below were checked against.
TESTED_VERSIONS = {(2, 7, 5)}


class WhooshVersionError(ImportError):
    """The installed Whoosh is not a version lornplayer's search index was checked against."""


def check_version(version: tuple = whoosh.__version__) -> None:
    if tuple(version[:3]) not in TESTED_VERSIONS:
        tested = ", ".join(".".join(map(str, v)) for v in sorted(TESTED_VERSIONS))
        raise WhooshVersionError(
            f"lornplayer's search index needs Whoosh {tested} (the whoosh-reloaded distribution), "
            f"found {'.'.join(map(str, version))}: install it with pip install 'whoosh-reloaded=={tested}'"
        )


check_version()


class _Codec(W3Codec):
    """Whoosh's W3 codec without per-term length statistics: they only serve BM25F's block
    bounds, which lornplayer's ranking does not use, and gathering them costs a column
    lookup for every posting written (~25% of a build)."""

    length_stats = False


def codec() -> W3Codec:
    """The codec lornplayer writes with: no zlib on posting blocks (~25% faster queries) and
    no length statistics."""
    return _Codec(compression=0)


def block_postings(leaf, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, weights) of a term in one segment reader, or None if it is not there.

    Reads whole posting blocks through the W3 codec's matcher internals: a block's
    ids and weights come as arrays, not one posting at a time."""
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


def deleted_docs(leaf) -> list[int]:
    """Document numbers deleted in one segment reader."""
    return list(leaf.deleted_docs_set) if leaf.has_deletions() else []


def segment_ids(ix) -> set[str]:
    """The ids of the segments in an index's latest TOC."""
    return {seg.segment_id() for seg in ix._segments()}


def segment_count(ix) -> int:
    return len(ix._segments())


def toc_name(ix) -> str:
    """The file name of an index's latest table of contents."""
    return f"_MAIN_{ix.latest_generation()}.toc"


class MmapStorage(FileStorage):
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
