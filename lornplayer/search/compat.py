"""Every use of Whoosh internals (names starting with ``_`` or undocumented layouts) lives here.

lornplayer reads posting blocks as arrays, lists an index's live segments and
maps index files into memory; none of that is Whoosh's public API.  This module
checks at import that the installed Whoosh is a version these functions were
written and tested against, so an upgrade fails loudly at start rather than
with wrong results.  To support a new Whoosh version: check each function below
against its source, then add the version to ``TESTED_VERSIONS``.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import pickle
from array import array
from itertools import groupby, repeat

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import _lengths, md5_hash
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

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

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


_ONE_POSTING = 2  # term info flag: one inlined posting without a value, read from the info's first id and weight


class _TermInfo(W3TermInfo):
    """W3's term info, but a term with one posting and no posting value (most terms) is written
    without its inlined postings' pickle (~17 bytes of the ~90 a term costs): its document is the
    info's first id and its weight the info's total weight."""

    def to_bytes(self):
        inlined = self._inlined
        if inlined is not None and len(inlined[0]) == 1 and not inlined[2]:
            st = super().to_bytes()
            return bytes([_ONE_POSTING]) + st[1 : self._struct.size]
        return super().to_bytes()


_w3_from_bytes = W3TermInfo.from_bytes.__func__  # type: ignore[attr-defined]


def _from_bytes(cls, s):
    if s[0] != _ONE_POSTING:
        return _w3_from_bytes(cls, s)
    terminfo = _w3_from_bytes(cls, b"\x00" + s[1:] + b"\x00" * 12)  # as a block term, then inline it
    weight = terminfo._weight
    terminfo._inlined = ((terminfo._minid,), (int(weight) if weight.is_integer() else weight,), ())
    terminfo._offset = terminfo._length = None
    return terminfo


# Every W3 reader decodes term infos with W3TermInfo.from_bytes: teach it the one-posting form (a flag
# value Whoosh itself never writes, so other indexes read as before).
W3TermInfo.from_bytes = classmethod(_from_bytes)  # type: ignore[method-assign,assignment]


class _FieldWriter(W3FieldWriter):
    def start_term(self, btext):
        if self._postwriter is None:
            raise Exception("Called start_term before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())


#: Terms with fewer postings than this keep them in their term info, not in a block of the postings
#: file (a block costs ~40 bytes of header and statistics; most terms are in one or two documents).
INLINE_LIMIT = 4


class _PostingsWriter(W3PostingsWriter):
    """W3's postings writer with a block's ids and weights minified by numpy, not per posting in Python
    (the same layout; whole-number weights, i.e. term frequencies, pickled as ints: 1-3 bytes instead
    of 9, which the W3 reader returns as they are)."""

    def finish_postings(self):
        # W3PostingsWriter.finish_postings calls terminfo.set_inline(), which does not exist (set_inlined does).
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            weights = tuple(int(w) if w.is_integer() else w for w in self._weights)
            terminfo.set_inlined(self._ids, weights, self._values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _mini_ids(self):
        ids = self._ids
        if self._byteids or len(ids) < 16:
            return super()._mini_ids()
        return tuple(np.diff(np.frombuffer(ids, dtype=np.uint32), prepend=np.uint32(0)).tolist())

    def _mini_weights(self):
        weights = self._weights
        if len(weights) < 16:
            return super()._mini_weights()
        w = np.frombuffer(weights, dtype=np.float32)
        if (w == 1.0).all():
            return None
        if (w == w[0]).all():
            return weights[0]
        if (w == np.floor(w)).all() and w.max() < 1 << 24:
            return tuple(w.astype(np.int64).tolist())  # frequencies: pickled as small ints, not 9-byte floats
        return tuple(weights)


def codec() -> W3Codec:
    """The codec lornplayer writes with: no zlib on posting blocks (~25% faster queries), no length
    statistics, and the postings of terms in fewer than INLINE_LIMIT documents inlined."""
    return _Codec(compression=0, inlinelimit=INLINE_LIMIT)


def block_postings(leaf, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, weights) of a term in one segment reader, or None if it is not there.

    Reads whole posting blocks through the W3 codec's matcher internals: a block's
    ids and weights come as arrays, not one posting at a time."""
    if (field, text) not in leaf:
        return None
    m = leaf._terms.matcher(field, leaf._text_to_bytes(field, text), leaf.schema[field].format)
    docs: list[int] = []
    weights: list[float] = []
    if not hasattr(m, "_read_ids"):  # postings inlined in the term info: a ListMatcher
        while m.is_active():
            docs.append(m.id())
            weights.append(m.weight())
            m.next()
    while hasattr(m, "_read_ids") and m.is_active():
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


def add_segments(ix, segments: list) -> None:
    """Commit a new TOC holding the index's segments and ``segments`` (written by workers'
    :meth:`BulkWriter.finish_segment` into the index's folder), in that order."""
    from whoosh.index import TOC

    toc = ix._read_toc()
    TOC(toc.schema, list(toc.segments) + list(segments), toc.generation + 1).write(ix.storage, ix.indexname)


def toc_name(ix) -> str:
    """The file name of an index's latest table of contents."""
    return f"_MAIN_{ix.latest_generation()}.toc"


class MmapStorage(FileStorage):
    """Whoosh's FileStorage, but files are read through mmap.

    Whoosh copies a compound segment's parts into memory whenever a reader
    opens (~50 ms per reopen on a 2,000-case index, i.e. after every update);
    mapped files open in well under a millisecond and read as fast.  ``temp_prefix`` keeps the
    temporary files of writers working in one folder at once (a rebuild's workers) apart."""

    temp_prefix = ""

    def temp_storage(self, name=None):
        return super().temp_storage(self.temp_prefix + name if name else None)

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


class BulkWriter(SegmentWriter):
    """Whoosh's segment writer, but the postings of the ``bulk`` fields (whose format has
    ``term_numbers(value, analyzer)`` or ``term_counts(value, analyzer)``:
    :class:`~lornplayer.search.analysis.TermFrequencies`) are gathered in flat arrays (term number,
    document, frequency; the analyzer's term numbers mapped to the writer's by a numpy lookup), and
    written at commit term by term, a whole block at a time, instead of one Python call per
    posting through the pool.  The files are the W3 codec's own (written by its writers)."""

    def __init__(self, ix, bulk: tuple[str, ...] = (), **kwargs):
        super().__init__(ix, **kwargs)
        # field -> (term -> term number, term numbers, documents, frequencies), one entry per posting
        self._bulk: dict[str, tuple[dict[str, int], array, array, array]] = {
            name: ({}, array("q"), array("I"), array("f")) for name in bulk
        }
        # field -> id(an analyzer's term table) -> [that table, its term numbers -> this writer's (-1: none yet)]
        self._remaps: dict[str, dict[int, list]] = {name: {} for name in bulk}

    def add_document(self, **fields):  # SegmentWriter.add_document, for our schema's field types
        self._check_state()
        perdoc, schema, docnum, add_post = self.perdocwriter, self.schema, self.docnum, self.pool.add
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"BulkWriter does not write term vectors or spelling ({name})")
                length = 0
                if field.indexed:
                    bulk = self._bulk.get(name)
                    if bulk is not None and hasattr(field.format, "term_numbers"):
                        ids, freqs, table = field.format.term_numbers(value, field.analyzer)
                        vocabulary, numbers, docs, weights = bulk
                        numbers.frombytes(self._writer_numbers(name, ids, table).tobytes())
                        docs.frombytes(np.full(len(ids), docnum, dtype=np.uint32).tobytes())
                        weights.frombytes(freqs.astype(np.float32).tobytes())
                        length = int(freqs.sum()) if field.scorable else 0
                    elif bulk is not None:
                        counts = field.format.term_counts(value, field.analyzer)
                        vocabulary, numbers, docs, weights = bulk
                        numbers.extend(vocabulary.setdefault(term, len(vocabulary)) for term in counts)
                        docs.extend(repeat(docnum, len(counts)))
                        weights.extend(counts.values())
                        length = sum(counts.values()) if field.scorable else 0
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if field.scorable:
                                length += freq
                            add_post((name, tbytes, docnum, weight, vbytes))
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _writer_numbers(self, name: str, ids: np.ndarray, table: list[str]) -> np.ndarray:
        """This writer's term numbers for the analyzer's term numbers ``ids`` (in ``table``): a numpy
        lookup, and a dict lookup only for terms this writer has not seen from that table yet."""
        remaps = self._remaps[name]
        entry = remaps.get(id(table))
        if entry is None:
            entry = remaps[id(table)] = [table, np.full(max(1024, len(table)), -1, dtype=np.int64)]
        remap = entry[1]
        if len(remap) < len(table):  # the analyzer met new terms
            remap = entry[1] = np.concatenate((remap, np.full(len(table), -1, dtype=np.int64)))
        mine = remap[ids]
        new = mine < 0
        if new.any():
            vocabulary = self._bulk[name][0]
            fresh = ids[new]
            terms = map(table.__getitem__, fresh.tolist())
            assigned = np.fromiter(
                (vocabulary.setdefault(term, len(vocabulary)) for term in terms), dtype=np.int64, count=len(fresh)
            )
            remap[fresh] = assigned
            mine[new] = assigned
        return mine

    def finish_segment(self):
        """Write the segment and close the writer without a commit (a rebuild's worker: the parent
        adds the segment to the TOC, see :func:`add_segments`).  None if no document was added."""
        self._check_state()
        segment = self._finalize_segment() if self._added else None
        if segment is None:
            self._close_segment()
        self._finish()
        return segment

    def add_postings_to_pool(self, reader, startdoc, docmap):  # merging a segment
        add_post = self.pool.add
        for name, tbytes, docnum, weight, vbytes in self._process_posts(reader.iter_postings(), startdoc, docmap):
            add_post((name, tbytes, docnum, weight, vbytes or None))  # inlined postings' values read as ""

    def _flush_segment(self):
        self.perdocwriter.close()
        if self.codec.length_stats:
            raise ValueError("BulkWriter writes without length statistics")
        fw, schema = self.fieldwriter, self.schema
        pending = sorted(name for name, bulk in self._bulk.items() if len(bulk[1]))
        for name, items in groupby(self.pool.iter_postings(), key=lambda item: item[0]):
            while pending and pending[0] < name:
                self._write_bulk(pending.pop(0))
            if name in self._bulk:  # postings of merged segments
                vocabulary, numbers, docs, weights = self._bulk[name]
                field = schema[name]
                for _, tbytes, docnum, weight, _ in items:
                    term = field.from_bytes(tbytes)
                    numbers.append(vocabulary.setdefault(term, len(vocabulary)))
                    docs.append(docnum)
                    weights.append(weight)
                if name in pending:
                    pending.remove(name)
                self._write_bulk(name)
                continue
            fw.start_field(name, schema[name])
            last = None
            for _, tbytes, docnum, weight, vbytes in items:
                if tbytes != last:
                    if last is not None:
                        fw.finish_term()
                    fw.start_term(tbytes)
                    last = tbytes
                fw.add(docnum, weight, vbytes or b"", 0)
            if last is not None:
                fw.finish_term()
            fw.finish_field()
        for name in pending:
            self._write_bulk(name)
        fw.close()

    def _write_bulk(self, name: str) -> None:
        vocabulary, numbers, docs, weights = self._bulk[name]
        field, fw = self.schema[name], self.fieldwriter
        numbers_a = np.frombuffer(numbers, dtype=np.int64)
        order = np.argsort(numbers_a, kind="stable")  # by term, documents in order within a term
        sorted_numbers = numbers_a[order]
        docs_a = np.frombuffer(docs, dtype=np.uint32)[order]
        weights_a = np.frombuffer(weights, dtype=np.float32)[order]
        starts = np.flatnonzero(np.diff(sorted_numbers, prepend=-1))
        ends = np.append(starts[1:], len(sorted_numbers))
        terms = sorted(vocabulary)  # str order is UTF-8 byte order
        group = np.searchsorted(sorted_numbers[starts], np.fromiter(map(vocabulary.__getitem__, terms), np.int64))
        doc_bytes, weight_bytes = docs_a.tobytes(), weights_a.tobytes()
        doc_list, weight_list = docs_a.tolist(), weights_a.tolist()
        fw.start_field(name, field)
        # A term in fewer than INLINE_LIMIT documents (most terms): its term info written straight away,
        # as _TermInfo and _PostingsWriter.finish_postings would (no lengths: min and max length 0).
        inline = self.codec._inlinelimit
        pack, prefix = W3TermInfo._struct.pack, pack_ushort(fw._fieldid)
        infos: list[tuple[bytes, bytes]] = []  # written to the term index together (_add_ordered)
        add_info = infos.append
        for term, a, b in zip(terms, starts[group].tolist(), ends[group].tolist()):
            if b - a < inline:
                if b - a == 1:
                    d, w = doc_list[a], weight_list[a]
                    add_info((prefix + field.to_bytes(term), pack(_ONE_POSTING, w, 1, 0, 0, w, d, d)))
                else:
                    ids, ws = tuple(doc_list[a:b]), weight_list[a:b]
                    inlined = (ids, tuple(int(w) if w.is_integer() else w for w in ws), ())
                    info = pack(1, sum(ws), b - a, 0, 0, max(ws), ids[0], ids[-1]) + pickle.dumps(inlined, 2)
                    add_info((prefix + field.to_bytes(term), info))
                continue
            _add_ordered(fw._tindex, infos)
            infos.clear()
            fw.start_term(field.to_bytes(term))
            pw = fw._postwriter
            limit = pw._blocklimit
            for s in range(a, b, limit):
                if s > a:
                    pw._write_block()
                e = min(b, s + limit)
                pw._ids = array("I", doc_bytes[4 * s : 4 * e])
                pw._weights = w = array("f", weight_bytes[4 * s : 4 * e])
                pw._maxweight = max(w)
            fw.finish_term()
        _add_ordered(fw._tindex, infos)
        fw.finish_field()
        self._bulk[name] = ({}, array("q"), array("I"), array("f"))
        self._remaps[name] = {}


def _md5_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` (the low 32 bits of the key's MD5) without its hex round trip."""
    return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[12:], "big")


def _add_ordered(writer, items: list[tuple[bytes, bytes]]) -> None:
    """``OrderedHashWriter.add(key, value)`` for each of ``items`` (keys in increasing order), the same
    bytes and bookkeeping, in one write: its two ``tell()`` calls per key are system calls."""
    if not items:
        return
    dbfile, index, buckets, hashfn = writer.dbfile, writer.index, writer.buckets, writer.hashfn
    if hashfn is md5_hash:
        hashfn = _md5_hash
    pos, lastkey, pack = dbfile.tell(), writer.lastkey, _lengths.pack
    chunks = []
    for key, value in items:
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        chunk = pack(len(key), len(value)) + key + value
        chunks.append(chunk)
        pos += len(chunk)
        lastkey = key
    dbfile.write(b"".join(chunks))
    writer.lastkey = lastkey
