"""The application core: the one object every front end (CLI, window) goes through (no Qt).

:class:`AppCore` owns the library, the access to the search index and the
background-work policy; :meth:`AppCore.open_case` gives a
:class:`~lornplayer.core.session.CaseSession` for the case being played.
Errors are :mod:`lornplayer.errors` types whose message names the case or
file and the problem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lornplayer.core import indexing
from lornplayer.errors import CaseNotFound
from lornplayer.model import AudioFile, Case
from lornplayer.progress import case_duration as _progress_duration
from lornplayer.store import Library, audio_signature

if TYPE_CHECKING:
    from lornplayer.core.session import CaseSession
    from lornplayer.export import LogEntry
    from lornplayer.importer import ImportReport
    from lornplayer.search import Hit, SearchIndex
    from lornplayer.timing import Timing

LEAD_IN_SETTING = "timing.lead_in"
LEAD_OUT_SETTING = "timing.lead_out"
AUTO_ALIGN_SETTING = "align.automatic"
LAST_CASE_SETTING = "last_case"

log = logging.getLogger(__name__)


def primary_audio(library: Library, case_id: str) -> AudioFile | None:
    """The case's audio to play: the newest usable file, else a broken one (so its problem can be shown)."""
    files = library.audio_for(case_id)
    return files[0] if files else None


def case_duration(case: Case, audio: AudioFile | None) -> float | None:
    """The episode length: the audio's, else the page's (see :func:`lornplayer.progress.case_duration`)."""
    return _progress_duration(audio.duration if audio is not None else None, case.duration_minutes)


@dataclass
class TimedHit:
    """A search hit with the moment it points at."""

    hit: Hit
    start: float | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.hit, name)

    @property
    def plain_snippet(self) -> str:
        return " ".join(self.hit.snippet.split())

    def as_json(self) -> dict:
        h = self.hit
        return {
            "case_id": h.case_id,
            "kind": h.kind,
            "turn_index": h.turn_index,
            "speaker": h.speaker,
            "field": h.field,
            "note_id": h.note_id,
            "start": round(self.start, 2) if self.start is not None else None,
            "snippet": self.plain_snippet,
            "score": round(h.score, 3),
        }


@dataclass
class TimedResult:
    hits: list[TimedHit]
    total: int
    message: str | None
    titles: dict[str, str] = field(default_factory=dict)  # case id -> title, for the hits' cases
    # An English query that found nothing was searched again in Norwegian: (query searched, [(en, nb), …]).
    searched_as: tuple[str, list[tuple[str, str]]] | None = None
    # Nothing found and the words look English, with no Norwegian equivalent known: suggest Norwegian words.
    english_hint: bool = False


class AppCore:
    """The library, its search index and the rules both front ends share.

    ``interactive`` says a window is in front (it changes no rule). Full index
    rebuilds of a large library use spawned worker processes in both front ends
    (``search/parallel.py``; spawned, never forked, so Qt's threads are no
    hazard).
    """

    def __init__(self, library: Library, interactive: bool = False):
        self.library = library
        self.interactive = interactive
        self._procs = None  # search/parallel.py decides: min(2, CPUs) workers for a large library

    # -- cases ---------------------------------------------------------
    def case_id(self, case_arg: str) -> str:
        """The normalised id of a case in the library; :class:`CaseNotFound` if there is none."""
        case_id = case_arg.strip().upper()
        if not self.library.has_case(case_id):
            raise CaseNotFound(case_arg)
        return case_id

    def get_case(self, case_id: str) -> Case:
        case = self.library.get_case(case_id.upper())
        if case is None:
            raise CaseNotFound(case_id)
        return case

    def is_empty(self) -> bool:
        """No cases yet (first start: the window imports the bundled seeds)."""
        return self.library.count_cases() == 0

    def case_to_resume(self, requested: str | None = None) -> str | None:
        """The case to open at start: the one asked for, else the one open at the last quit (if still there)."""
        target = (requested or self.library.get_setting(LAST_CASE_SETTING) or "").strip().upper()
        return target if target and self.library.has_case(target) else None

    def remember_last_case(self, case_id: str) -> None:
        self.library.set_setting(LAST_CASE_SETTING, case_id)

    def primary_audio(self, case_id: str) -> AudioFile | None:
        return primary_audio(self.library, case_id)

    def open_case(self, case: Case | str) -> CaseSession:
        """A :class:`~lornplayer.core.session.CaseSession` for playing and annotating the case (or case id)."""
        from lornplayer.core.session import CaseSession

        return CaseSession(self, case if isinstance(case, Case) else self.get_case(case))

    # -- timing --------------------------------------------------------
    def lead_times(self) -> tuple[float, float]:
        return (
            float(self.library.get_setting(LEAD_IN_SETTING, 0.0)),
            float(self.library.get_setting(LEAD_OUT_SETTING, 0.0)),
        )

    def set_lead_times(self, lead_in: float, lead_out: float) -> None:
        self.library.set_setting(LEAD_IN_SETTING, float(lead_in))
        self.library.set_setting(LEAD_OUT_SETTING, float(lead_out))

    def stored_alignment(self, case: Case, audio_path: str | Path | None) -> list[float] | None:
        """The stored automatic alignment, if it was made from this very audio and text."""
        if not audio_path or not Path(audio_path).exists():
            return None
        aligned = self.library.get_alignment(case.id, audio_signature(audio_path), case.text_hash())
        if aligned is not None and len(aligned) != len(case.turns):
            return None
        return aligned

    def case_timing(self, case: Case, audio_path: str | Path | None = None, duration: float | None = None) -> Timing:
        """The timing model of a case: anchors > sidecar > stored alignment > estimate."""
        audio = None
        if audio_path is None:
            audio = self.primary_audio(case.id)
            if audio is not None and audio.error is None:
                audio_path = audio.path
        if duration is None:
            if audio_path is not None and audio is None:
                from lornplayer.audio import AudioProbeError, probe

                try:
                    duration = probe(audio_path).duration
                except AudioProbeError:
                    duration = None
            else:
                duration = case_duration(case, audio)
        lead_in, lead_out = self.lead_times()
        aligned = self.stored_alignment(case, audio_path)
        rows = (
            self.library.get_alignment_sentences(case.id, audio_signature(audio_path), case.text_hash())
            if aligned is not None and audio_path is not None
            else None
        )
        from lornplayer.timing import build_timing  # not at import: the app's first frame does not need it

        return build_timing(
            case.turns,
            duration,
            audio_path=audio_path,
            aligned=aligned,
            aligned_sentences=rows,
            anchors=self.library.anchors(case.id),
            lead_in=lead_in,
            lead_out=lead_out,
        )

    # -- import --------------------------------------------------------
    def import_paths(
        self,
        inputs: Iterable[str | Path],
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import case pages and audio (the index is updated separately: :meth:`update_index_for`)."""
        from lornplayer.importer import import_paths

        return import_paths(self.library, inputs, progress=progress, cancelled=cancelled)

    def import_seeds(self) -> ImportReport | None:
        from lornplayer.importer import import_seeds

        return import_seeds(self.library)

    # -- search index --------------------------------------------------
    def index(
        self, progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None
    ) -> SearchIndex:
        """The search index, in step with the library: rebuilt first if it is missing, stale or
        broken, else caught up with what changed since it was last written (see
        :mod:`lornplayer.search.follow`; one small query when it is in step).

        A rebuild stops (raising :class:`~lornplayer.errors.Cancelled`, leaving the old
        index in place) when ``cancelled()`` turns true.  If another process holds the
        index's write lock too long, the index answers as it is (whoever writes next
        catches up), unless there is no index yet."""
        from lornplayer.search import IndexBusy, follow

        index = indexing.index_for(self._procs)
        try:
            follow(index, self.library, progress=progress, cancelled=cancelled)
        except (IndexBusy, OSError) as exc:  # busy elsewhere, or a folder we may not write to
            log.warning("%s", exc)
            if not index.is_open() and not index.open_as_is():
                raise
        return index

    def index_status(self) -> str | None:
        """None if the search index is usable and in step with the library, else what is wrong."""
        from lornplayer.search import index_status

        return index_status(self.library)

    def rebuild_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Build the index afresh from the library (once, also when there was none)."""
        from lornplayer.search import index_items
        from lornplayer.search.follow import library_key

        index = indexing.index_for(self._procs)
        total = self.library.count_cases()
        with index.writing():
            stamp = self.library.change_stamp()
            index.rebuild(
                index_items(self.library),
                progress=progress,
                total=total,
                stamp=stamp,
                library=library_key(self.library),
            )
        return total

    def update_index_for(self, case_ids: Iterable[str] = ()) -> None:
        """After cases were imported or changed: the index catches up (the library's change
        stamps say what to re-index, so nothing is missed if this is never called)."""
        self.index()

    def update_notes_in_index(self, note_ids: Iterable[int] = ()) -> None:
        """After notes were saved or deleted: the index catches up (note-level change stamps say
        which notes to re-index, without re-indexing their case: what a note's autosave costs)."""
        self.index()

    def close(self) -> None:
        """Release the search index files (the library is closed by its owner)."""
        indexing.close_indexes()

    def search(self, query: str, limit: int = 50, case_id: str | None = None, timed: bool = True) -> TimedResult:
        """Search, and give every hit on a turn (or a note) its moment in the audio (unless not
        ``timed``: that loads each hit's case, which the first page of results can do without).

        English words that find nothing in a Norwegian library ("innovation") are searched again as the
        Norwegian words LØRN uses ("innovasjon"); the result says so (``searched_as``)."""
        from lornplayer.bilingual import looks_english, norwegian_query

        first = self._search_timed(query, limit, case_id, timed)
        if first.hits:
            return first
        rewritten = norwegian_query(query)
        if rewritten is not None:
            second = self._search_timed(rewritten[0], limit, case_id, timed)
            if second.hits:
                second.searched_as = rewritten
                return second
        first.english_hint = looks_english(query)
        return first

    def _search_timed(self, query: str, limit: int, case_id: str | None, timed: bool = True) -> TimedResult:
        result = self.index().search(query, limit=limit, case_id=case_id)
        titles = self.library.case_titles(h.case_id for h in result.hits)  # the index may lag a deletion
        result.hits = [h for h in result.hits if h.case_id in titles]
        timings: dict[str, Timing | None] = {}
        hits = []
        for h in result.hits:
            start = None
            if h.kind == "note" and h.position is not None:
                start = h.position
            elif h.turn_index is not None and timed:
                if h.case_id not in timings:
                    case = self.library.get_case(h.case_id)
                    timings[h.case_id] = self.case_timing(case) if case else None
                t = timings[h.case_id]
                if t is not None and 0 <= h.turn_index < len(t.starts):
                    start = t.starts[h.turn_index]
            hits.append(TimedHit(h, start))
        return TimedResult(hits, result.total, result.message, titles)

    # -- exports and alignment (in their own modules) ------------------
    def learning_log_entries(self, case_ids: list[str] | None = None) -> list[LogEntry]:
        from lornplayer.core.exports import learning_log_entries

        return learning_log_entries(self, case_ids)

    def export_notes(self, case_ids: list[str], fmt: str, output: Path, log: bool = False, labels=None) -> Path:
        from lornplayer.core.exports import export_notes

        return export_notes(self, case_ids, fmt, output, log=log, labels=labels)

    def export_transcript(
        self,
        case_id: str,
        fmt: str,
        audio: str | None = None,
        output: Path | None = None,
        with_times: bool = True,
        labels=None,
    ) -> str:
        from lornplayer.core.exports import export_transcript

        return export_transcript(self, case_id, fmt, audio=audio, output=output, with_times=with_times, labels=labels)

    def alignment_available(self) -> bool:
        """Whether automatic alignment can run here (it needs espeak-ng)."""
        from lornplayer.align import tts_available

        return tts_available()

    def automatic_alignment(self) -> bool:
        return bool(self.library.get_setting(AUTO_ALIGN_SETTING, True))

    def align_case(
        self,
        case_id: str,
        audio: str | None = None,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        force: bool = False,
    ) -> str:
        from lornplayer.core.alignment import align_case

        return align_case(self, case_id, audio=audio, progress=progress, cancelled=cancelled, force=force)
