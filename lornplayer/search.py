"""Full-text search over cases, transcript turns and notes (Whoosh; Qt-free).

This is the only module that imports :mod:`whoosh` (the ``whoosh-reloaded``
distribution).  The index is derived data: the SQLite library is the source of
truth, so whenever the index is missing, from an older schema, left behind by a
writer that died, or damaged, :meth:`SearchIndex.ensure` rebuilds it.

Documents
    * one per case-level field (``kind="case"``, ``field`` says which: title,
      summary, quote, guests, organisation, theme, perspective,
      learning_points, profile, reflection_questions),
    * one per transcript turn (``kind="turn"``, ``turn_index``, ``speaker``),
    * one per note (``kind="note"``, ``note_id``, ``turn_index``, ``position``).

Small documents keep snippets cheap, and the text field stores character
positions so snippets come from the postings, never from re-tokenising text.

Analysis (index and query alike): words -> lowercase -> Norwegian stop words
(Snowball list only: English ones such as "by" stay searchable) -> accent
folding (``æ``->``ae``, ``ø``->``o``, ``å``->``a``, ``é``->``e`` ...) -> Snowball
Norwegian stemming.  So ``kommunene`` finds ``kommune``, ``baerekraft`` finds
``bærekraft`` and ``lorn`` finds ``LØRN``.

Query syntax: words (all must occur in the same turn/field), ``"phrases"``,
prefixes ``innov*``, fuzzy terms ``innovasjn~`` (``~2`` for two edits),
``OR``/``NOT``/parentheses, and filters ``tema:`` / ``theme:``, ``gjest:`` /
``guest:``, ``taler:`` / ``speaker:``, ``case:`` / ``id:``, ``kind:``
(turn, case, note).  Bad input never raises: it gives a best-effort search and a
:attr:`SearchResult.message`.

Layout on disk: ``index_dir/CURRENT`` names the live generation directory
``index_dir/ix-*``; each generation holds the Whoosh files plus
``lornplayer-index.json`` (schema version and a size/CRC manifest of the files
the index uses).  A rebuild writes a new generation and swaps ``CURRENT``
atomically, so a crash mid-rebuild leaves the previous index untouched.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from whoosh import highlight, index as whoosh_index, qparser, query as wq
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.norwegian import NorwegianStemmer

from lornplayer.model import Case, Note

log = logging.getLogger(__name__)

#: Bump whenever the schema, the analysis or the document layout changes.
SCHEMA_VERSION = 1

MAX_QUERY_CHARS = 500
SNIPPET_CHARS = 200

Progress = Callable[[int, int], None]

_META = "lornplayer-index.json"
_CURRENT = "CURRENT"
_DIRTY = "WRITING"  # present while a writer is open; left behind if it died
_WRITELOCK = "WRITELOCK"  # Whoosh's lock name (file MAIN_WRITELOCK)
_GEN_PREFIX = "ix-"

# Case-level fields indexed as their own documents, in display order.
CASE_FIELDS = (
    "title", "summary", "quote", "guests", "organisation", "theme", "perspective",
    "learning_points", "profile", "reflection_questions",
)
_FIELD_BOOST = {"title": 2.0, "guests": 1.5, "theme": 1.5}

_FIELD_ALIASES = {
    "theme": ["tema"],
    "guest": ["gjest", "gjester", "guests"],
    "speaker": ["taler"],
    "case_id": ["case", "id", "sak"],
}


# ---------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans({
    "æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "đ": "d", "ð": "d",
    "þ": "th", "ł": "l", "ı": "i",
})


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase ASCII-ish form of ``word``: ``LØRN`` -> ``lorn``, ``Bærekraft`` -> ``baerekraft``."""
    word = word.lower().translate(_FOLD_TABLE)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NORWEGIAN = "no"
_LANGUAGE_CODES = {"no": _NORWEGIAN, "nb": _NORWEGIAN, "nn": _NORWEGIAN, "nob": _NORWEGIAN, "nno": _NORWEGIAN}


def language_code(lang: str) -> str:
    """Map ``nb``/``nn``/``no`` (and ``nb-NO`` ...) to Whoosh's ``"no"`` (Whoosh has no nb/nn stemmer)."""
    base = lang.lower().replace("_", "-").split("-")[0]
    if base not in _LANGUAGE_CODES:
        raise ValueError(f"unsupported language {lang!r}")
    return _LANGUAGE_CODES[base]


class NorwegianFilter(Filter):
    """Stop words (Norwegian list only), accent folding and Snowball stemming in one pass.

    Each distinct surface word is processed once and cached.  Query tokens
    holding wildcards (``innov*``) are folded, and a single trailing ``*`` prefix
    is stemmed too so ``kommunene*`` still matches the indexed stem ``kommun``.
    """

    def __init__(self, lang: str = "no", stem: bool = True, stop: bool = True):
        self.lang = language_code(lang)
        self.stem = stem
        self.stop = stop
        self._init_runtime()

    def _init_runtime(self) -> None:
        self._stoplist = frozenset(stopwords_for_language(self.lang)) if self.stop else frozenset()
        self._stemmer = NorwegianStemmer().stem if self.stem else None
        self._cache: dict[str, str | None] = {}

    def __getstate__(self):  # the schema is pickled into the index: keep it small
        return {"lang": self.lang, "stem": self.stem, "stop": self.stop}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._init_runtime()

    def __eq__(self, other):
        return (type(other) is type(self) and other.lang == self.lang
                and other.stem == self.stem and other.stop == self.stop)

    def term(self, word: str) -> str | None:
        """The indexed term for a lowercase ``word``, or None for a stop word."""
        if word in self._stoplist:
            return None
        folded = fold(word)
        if "*" in folded or "?" in folded:
            if self._stemmer and folded.endswith("*") and folded.count("*") == 1 and "?" not in folded:
                return self._stemmer(folded[:-1]) + "*"
            return folded
        return self._stemmer(folded) if self._stemmer else folded

    def __call__(self, tokens):
        cache = self._cache
        term = self.term
        shift = 0
        for t in tokens:
            text = t.text
            try:
                result = cache[text]
            except KeyError:
                result = cache[text] = term(text)
                if len(cache) > 500_000:
                    cache.clear()
            if result is None:
                if t.removestops:
                    shift += 1
                    continue
                t.stopped = True
            else:
                t.text = result
                t.stopped = False
            if t.positions and shift:
                t.pos -= shift
            yield t


def text_analyzer(lang: str = "no"):
    """The analyzer of searchable prose: tokenise, lowercase, Norwegian stop/fold/stem."""
    return RegexTokenizer() | LowercaseFilter() | NorwegianFilter(lang)


def name_analyzer():
    """The analyzer of people's names: tokenise, lowercase, fold (no stop words, no stemming)."""
    return RegexTokenizer() | LowercaseFilter() | NorwegianFilter(stem=False, stop=False)


def make_schema() -> Schema:
    text = text_analyzer()
    names = name_analyzer()
    return Schema(
        key=ID(),                                     # "n<note id>" for notes
        kind=ID(stored=True),                         # turn | case | note
        case_id=KEYWORD(stored=True, lowercase=True, scorable=False),
        field=STORED(),                               # case field name / note kind
        turn=STORED(),
        note_id=STORED(),
        position=STORED(),
        facets=STORED(),                              # on title docs: theme + guests for notes
        speaker=TEXT(analyzer=names, stored=True),
        theme=TEXT(analyzer=text),
        guest=TEXT(analyzer=names),
        text=TEXT(analyzer=text, stored=True, chars=True),
    )


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass
class Hit:
    """One matching document.  ``snippet`` is plain text; ``spans`` mark the matched words in it."""

    case_id: str
    kind: str                      # "turn" | "case" | "note"
    turn_index: int | None         # the matched turn (turn hits, and notes attached to a turn)
    speaker: str | None            # turn hits
    note_id: int | None            # note hits
    field: str | None              # case hits: which field ("title", ...); note hits: the note kind
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0
    position: float | None = None  # note hits: seconds into the audio


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int                     # all matching documents (hits holds at most ``limit``)
    message: str | None = None     # why the query was adjusted, or why nothing could be searched
    failed: bool = False           # the index failed: run ensure() (in the background) to verify/rebuild it


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

def _case_facets(case: Case) -> dict[str, str]:
    return {"theme": case.theme or "", "guest": " ; ".join(case.guest_names)}


def _case_field_text(case: Case, name: str) -> str:
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
        key=f"n{note.id}", kind="note", case_id=note.case_id, field=note.kind, turn=note.turn_index,
        note_id=note.id, position=note.position, text=note.text, **facets,
    )


def case_documents(case: Case, notes: Iterable[Note] = ()) -> Iterable[dict]:
    """The Whoosh documents of one case and its notes."""
    facets = _case_facets(case)
    for name in CASE_FIELDS:
        text = _case_field_text(case, name)
        if not text.strip():
            continue
        doc = dict(kind="case", case_id=case.id, field=name, text=text, **facets)
        if name == "title":
            doc["facets"] = facets
        if name in _FIELD_BOOST:
            doc["_boost"] = _FIELD_BOOST[name]
        yield doc
    for i, turn in enumerate(case.turns):
        if turn.text.strip():
            yield dict(kind="turn", case_id=case.id, turn=i, speaker=turn.speaker or "", text=turn.text, **facets)
    for note in notes:
        if note.text.strip():
            yield _note_doc(note, facets)


# ---------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------

class _SpanFormatter(highlight.Formatter):
    """Turns the best Whoosh fragment into ``(one-line text, [(start, end), ...])``.

    The window is about ``SNIPPET_CHARS`` long, centred on the matches and cut
    at word boundaries; ``…`` marks text left out at either end.
    """

    def format(self, fragments, replace=False):
        if not fragments or not fragments[0].matches:
            return None
        frag = fragments[0]
        text = frag.text
        first, last = frag.matches[0].startchar, frag.matches[-1].endchar
        pad = max(30, (SNIPPET_CHARS - (last - first)) // 2)
        start = max(0, first - pad)
        end = min(len(text), last + pad + max(0, pad - first))
        if end == len(text):
            start = max(0, min(start, end - SNIPPET_CHARS))
        if start > 0:  # do not start or end inside a word
            space = text.find(" ", start, first)
            start = space + 1 if space >= 0 else first
        if end < len(text):
            space = text.rfind(" ", last, end)
            end = space if space >= 0 else last
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        spans, pos = [], start
        out = [prefix]
        length = len(prefix)
        for tok in frag.matches:
            if tok.startchar < pos:
                continue
            before = _squash(text[pos:tok.startchar])
            word = _squash(text[tok.startchar:tok.endchar])
            out += [before, word]
            spans.append((length + len(before), length + len(before) + len(word)))
            length += len(before) + len(word)
            pos = tok.endchar
        out += [_squash(text[pos:end]), suffix]
        return "".join(out), spans


_WS = re.compile(r"\s+")


def _squash(s: str) -> str:
    """Collapse runs of white space (newlines in fields) so snippets are one line."""
    return _WS.sub(" ", s)


def _lead(text: str) -> str:
    text = _squash(text).strip()
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > SNIPPET_CHARS // 2 else SNIPPET_CHARS] + "…"


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

class SearchIndex:
    """The on-disk search index.  Thread-safe: updates may run on a worker thread while search() runs elsewhere."""

    def __init__(self, index_dir: Path | str, procs: int | None = None):
        """``procs``: processes for full rebuilds (default: up to 4 CPUs)."""
        self.index_dir = Path(index_dir)
        self.procs = procs or max(1, min(4, os.cpu_count() or 1))
        self._wlock = threading.RLock()   # writers, rebuilds, opening
        self._slock = threading.Lock()    # the shared searcher
        self._ix = None
        self._gen_dir: Path | None = None
        self._searcher = None
        self._stale_searcher = False
        self._parsers = {}

    # -- locations ----------------------------------------------------
    def _current_dir(self) -> Path | None:
        try:
            name = (self.index_dir / _CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not name.startswith(_GEN_PREFIX) or "/" in name or "\\" in name:
            return None
        return self.index_dir / name

    # -- health -------------------------------------------------------
    def check(self) -> str | None:
        """None if the index on disk is usable, else the reason it must be rebuilt."""
        with self._wlock:
            return self._check_dir(self._current_dir())

    def _check_dir(self, gen: Path | None) -> str | None:
        if gen is None or not gen.is_dir():
            return "the index does not exist"
        try:
            meta = json.loads((gen / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index has no readable version file"
        if meta.get("schema") != SCHEMA_VERSION:
            return f"the index has schema version {meta.get('schema')}, this program uses {SCHEMA_VERSION}"
        if (gen / _DIRTY).exists():
            # Only a dead writer leaves the marker behind, unless another live
            # process is writing right now (it then holds Whoosh's lock).
            from whoosh.filedb.filestore import FileStorage
            lock = FileStorage(str(gen)).lock("MAIN_" + _WRITELOCK)
            if not lock.acquire(False):
                return None
            lock.release()
            return "a writer died while updating the index (stale write lock)"
        manifest = meta.get("files")
        if not isinstance(manifest, dict) or not manifest:
            return "the index version file has no file list"
        for name, (size, crc) in manifest.items():
            path = gen / name
            try:
                if path.stat().st_size != size or _crc(path) != crc:
                    return f"index file {name} is damaged"
            except OSError:
                return f"index file {name} is missing"
        try:
            ix = whoosh_index.open_dir(str(gen))
            with ix.searcher() as s:
                s.doc_count()
        except Exception as e:  # any failure to open means it must be rebuilt
            return f"the index cannot be opened ({type(e).__name__}: {e})"
        return None

    # -- opening ------------------------------------------------------
    def _open(self) -> bool:
        """Open the current index if it is healthy.  Caller holds _wlock."""
        if self._ix is not None:
            return True
        gen = self._current_dir()
        reason = self._check_dir(gen)
        if reason:
            log.info("search index not usable: %s", reason)
            return False
        self._set_index(whoosh_index.open_dir(str(gen)), gen)
        return True

    def _set_index(self, ix, gen: Path | None) -> None:
        with self._slock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = ix
            self._gen_dir = gen

    def close(self) -> None:
        """Release open files (the index stays on disk)."""
        with self._wlock:
            self._set_index(None, None)

    # -- building -----------------------------------------------------
    def ensure(self, source: Callable[[], Iterable[tuple[Case, list[Note]]]],
               progress: Progress | None = None, total: int | None = None) -> bool:
        """Open the index, rebuilding it from ``source()`` first if it is missing,
        from an older schema, left locked by a dead writer or damaged.  Returns True if it rebuilt."""
        with self._wlock:
            reason = self._check_dir(self._current_dir())
            if reason is None:
                if self._ix is None:
                    self._open()
                return False
            log.info("rebuilding search index: %s", reason)
            self.rebuild(source(), progress=progress, total=total)
            return True

    def rebuild(self, items: Iterable[tuple[Case, list[Note]]], progress: Progress | None = None,
                total: int | None = None) -> None:
        """Build a fresh index from ``items`` in a new directory and swap it in atomically.

        ``progress(done, total)`` is called after each case (``total`` is 0 when unknown).
        """
        if total is None:
            total = len(items) if hasattr(items, "__len__") else 0
        with self._wlock:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            gen = Path(tempfile.mkdtemp(prefix=_GEN_PREFIX, dir=self.index_dir))
            try:
                ix = whoosh_index.create_in(str(gen), make_schema())
                if self.procs > 1 and (total == 0 or total >= 50):  # processes only pay off for big builds
                    writer = ix.writer(procs=self.procs, multisegment=True, limitmb=256, batchsize=256)
                else:
                    writer = ix.writer(limitmb=256)
                try:
                    for done, (case, notes) in enumerate(items, 1):
                        for doc in case_documents(case, notes):
                            writer.add_document(**doc)
                        if progress:
                            progress(done, total)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
                self._write_meta(gen, ix)
                _atomic_write(self.index_dir / _CURRENT, gen.name)
            except BaseException:
                shutil.rmtree(gen, ignore_errors=True)
                raise
            self._set_index(ix, gen)
            self._remove_old_generations(keep=gen)

    def _remove_old_generations(self, keep: Path) -> None:
        for p in self.index_dir.glob(_GEN_PREFIX + "*"):
            if p != keep and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)

    def _write_meta(self, gen: Path, ix) -> None:
        old = {}
        try:
            old = json.loads((gen / _META).read_text(encoding="utf-8")).get("files") or {}
        except (OSError, ValueError):
            pass
        files = {}
        for name in _live_files(gen, ix):
            size = (gen / name).stat().st_size
            prev = old.get(name)
            files[name] = prev if prev and prev[0] == size else [size, _crc(gen / name)]
        _atomic_write(gen / _META, json.dumps({"schema": SCHEMA_VERSION, "files": files}, indent=0))

    # -- incremental updates ------------------------------------------
    def _write(self, change: Callable) -> bool:
        """Run ``change(writer)`` and commit.  False (nothing done) if the index is not usable:
        the next ensure() rebuilds it from the library anyway."""
        with self._wlock:
            if not self._open():
                return False
            gen = self._gen_dir
            (gen / _DIRTY).write_text(str(os.getpid()), encoding="utf-8")
            writer = self._ix.writer()
            try:
                change(writer)
            except BaseException:
                writer.cancel()  # nothing was written: the index is still consistent
                (gen / _DIRTY).unlink()
                raise
            writer.commit()
            self._write_meta(gen, self._ix)
            (gen / _DIRTY).unlink()
            self._stale_searcher = True
            return True

    def update_case(self, case: Case, notes: Iterable[Note] = ()) -> bool:
        """Replace everything indexed for ``case`` (fields, turns, notes)."""
        docs = list(case_documents(case, notes))

        def change(w):
            w.delete_by_term("case_id", case.id.lower())
            for doc in docs:
                w.add_document(**doc)
        return self._write(change)

    def remove_case(self, case_id: str) -> bool:
        return self._write(lambda w: w.delete_by_term("case_id", case_id.lower()))

    def update_note(self, note: Note) -> bool:
        """Add or replace one note (its case's theme/guests are taken from the indexed case)."""
        if note.id is None:
            raise ValueError("a note must be saved (have an id) before it is indexed")

        def change(w):
            w.delete_by_term("key", f"n{note.id}")
            if note.text.strip():
                w.add_document(**_note_doc(note, self._facets(note.case_id)))
        return self._write(change)

    def remove_note(self, note_id: int) -> bool:
        return self._write(lambda w: w.delete_by_term("key", f"n{note_id}"))

    def _facets(self, case_id: str) -> dict[str, str]:
        with self._ix.searcher() as s:
            q = wq.And([wq.Term("case_id", case_id.lower()), wq.Term("kind", "case")])
            for hit in s.search(q, limit=None):
                if hit.get("facets"):
                    return dict(hit["facets"])
        return {}

    # -- searching ----------------------------------------------------
    def _get_searcher(self):
        """The shared searcher, refreshed after commits.  Caller holds _slock."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        elif self._stale_searcher:
            # Not Searcher.refresh(): its reader reuse keeps stale deletions.
            self._stale_searcher = False
            self._searcher.close()
            self._searcher = self._ix.searcher()
        return self._searcher

    def _parser(self, group) -> qparser.QueryParser:
        if group not in self._parsers:
            p = qparser.QueryParser("text", make_schema(), group=group)
            p.remove_plugin_class(qparser.SingleQuotePlugin)
            p.remove_plugin_class(qparser.EveryPlugin)
            p.remove_plugin_class(qparser.RangePlugin)
            p.add_plugin(qparser.FuzzyTermPlugin())
            p.add_plugin(qparser.FieldAliasPlugin(_FIELD_ALIASES))
            self._parsers[group] = p
        return self._parsers[group]

    def search(self, query: str, limit: int = 50, case_id: str | None = None) -> SearchResult:
        """Search; best-effort for malformed input.  Hits are ordered by relevance."""
        prepared, notes = _prepare(query)
        if prepared is None:
            return SearchResult([], 0, notes[0] if notes else None)
        if self._ix is None:
            with self._wlock:
                if not self._open():
                    return SearchResult([], 0, "The search index is not ready yet.")
        q, parse_note = self._parse(prepared, qparser.AndGroup)
        if parse_note:
            notes.append(parse_note)
        if q is None:
            return SearchResult([], 0, " ".join(notes) or None)
        try:
            with self._slock:
                if self._ix is None:  # closed meanwhile
                    return SearchResult([], 0, "The search index is not ready yet.")
                s = self._get_searcher()
                flt = wq.Term("case_id", case_id.lower()) if case_id else None
                results = s.search(q, limit=limit, terms=True, filter=flt)
                if results.is_empty() and _plain_words(prepared):
                    # Nothing has all the words together: show what has some of them.
                    results, note = self._retry(s, results, prepared, limit, flt)
                    if note:
                        notes.append(note)
                hits = [self._hit(h) for h in results]
                total = len(results)
        except Exception:  # a damaged index shows up here first
            log.exception("search for %r failed", query)
            return SearchResult([], 0, "The search failed; the index may be damaged.", failed=True)
        return SearchResult(hits, total, " ".join(notes) or None)

    def _retry(self, s, empty, prepared: str, limit: int, flt):
        """Second chances for plain words that matched nothing: any of the words, then similar words."""
        words = prepared.split()
        if len(words) > 1:
            q, _ = self._parse(prepared, qparser.OrGroup)
            if q is not None:
                results = s.search(q, limit=limit, terms=True, filter=flt)
                if not results.is_empty():
                    return results, "No passage contains all the words; showing passages with some of them."
        fuzzy = " ".join(w + "~" for w in words if 3 < len(w) <= 30)
        if fuzzy:
            q, _ = self._parse(fuzzy, qparser.OrGroup)
            if q is not None:
                results = s.search(q, limit=limit, terms=True, filter=flt)
                if not results.is_empty():
                    return results, "No exact matches; showing similar words."
        return empty, None

    def _parse(self, text: str, group):
        """(query or None, note or None).  Never raises."""
        try:
            q = self._parser(group).parse(text)
        except Exception:
            log.debug("query %r did not parse; searching its words", text, exc_info=True)
            words = re.findall(r"\w+", text)
            q = self._parser(group).parse(" ".join(words)) if words else wq.NullQuery
            if q is None or q is wq.NullQuery:
                return None, "The query could not be understood."
            return q, "The query syntax could not be understood; searched for its words."
        if q is None or q is wq.NullQuery:
            return None, "The query contains only very common words; add a more specific word."
        if isinstance(q, wq.Not):
            return None, "The query only excludes words; add a word to look for."
        return q, None

    def _hit(self, h) -> Hit:
        text = h.get("text") or ""
        formatted = None
        if "text" in h.fields() and any(f == "text" for f, _ in h.matched_terms()):
            formatted = _HIGHLIGHTER.highlight_hit(h, "text", text=text, top=1)
        snippet, spans = formatted if formatted else (_lead(text), [])
        kind = h["kind"]
        return Hit(
            case_id=h["case_id"], kind=kind,
            turn_index=h.get("turn"), speaker=h.get("speaker") or None, note_id=h.get("note_id"),
            field=h.get("field"), snippet=snippet, spans=spans, score=float(h.score or 0.0),
            position=h.get("position"),
        )


_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=SNIPPET_CHARS // 2, charlimit=None),
    formatter=_SpanFormatter(),
    order=highlight.SCORE,
)


_OPERATOR = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"


def _plain_words(text: str) -> bool:
    """True if ``text`` is just words (no quotes, operators, fields or wildcards)."""
    return bool(re.fullmatch(r"[\w\s.,;!?'-]+", text)) and not re.search(rf"\b{_OPERATOR}\b", text)


def _prepare(query: str) -> tuple[str | None, list[str]]:
    """Clean raw user input: (text to parse or None, notes for the user)."""
    notes: list[str] = []
    text = (query or "").strip()
    if not text:
        return None, ["Type something to search for."]
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[: cut if cut > 0 else MAX_QUERY_CHARS]
        notes.append(f"The query was shortened to {MAX_QUERY_CHARS} characters.")
    # Web-search habits: "-word" excludes, "+word" requires (as every word does).
    text = re.sub(r"(^|\s)-(?=[\w\"])", r"\1NOT ", text)
    text = re.sub(r"(^|\s)\+(?=[\w\"])", r"\1", text)
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1:]
        notes.append("Ignored an unmatched quote mark.")
    # Operators with nothing to combine (a trailing "OR", a doubled "AND AND").
    trimmed = re.sub(rf"^(\s*(AND|OR|ANDNOT|ANDMAYBE)\b)+|(\b{_OPERATOR}\s*)+$", "", text).strip()
    trimmed = re.sub(rf"\b(AND|OR)(\s+{_OPERATOR}\b)+", r"\1", trimmed)
    if trimmed != text.strip():
        notes.append("Ignored an operator with nothing to combine.")
        text = trimmed
    if not re.search(r"\w", re.sub(rf"\b{_OPERATOR}\b", "", text)):
        return None, notes + ["Nothing to search for: type at least one letter or digit."]
    return text, notes


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _live_files(gen: Path, ix) -> list[str]:
    """Files the index's current TOC uses (the TOC itself and its segments' files)."""
    ids = {seg.segment_id() for seg in ix._segments()}
    toc = f"_MAIN_{ix.latest_generation()}.toc"
    return sorted(n for n in os.listdir(gen) if n == toc or n.split(".", 1)[0] in ids)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
