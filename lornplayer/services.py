"""Library-level operations shared by the CLI and the UI (no Qt at import time).

This is where the core pieces meet: the store (cases, audio, anchors,
alignments), the timing model, the search index and the exports.  Each
function takes an open :class:`~lornplayer.store.Library`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from lornplayer import paths
from lornplayer.export import format_time  # noqa: F401 - re-exported for the CLI
from lornplayer.model import AudioFile, Case
from lornplayer.store import Library, audio_signature
from lornplayer.timing import Timing, build_timing

LEAD_IN_SETTING = "timing.lead_in"
LEAD_OUT_SETTING = "timing.lead_out"


# --------------------------------------------------------------------------
# Audio and timing
# --------------------------------------------------------------------------

def primary_audio(library: Library, case_id: str) -> AudioFile | None:
    """The case's audio to play: the newest usable file, else a broken one (so its problem can be shown)."""
    files = library.audio_for(case_id)
    return files[0] if files else None


def case_duration(case: Case, audio: AudioFile | None) -> float | None:
    if audio is not None and audio.duration:
        return audio.duration
    return case.duration_minutes * 60.0 if case.duration_minutes else None


def stored_alignment(library: Library, case: Case, audio_path: str | Path | None) -> list[float] | None:
    """The stored automatic alignment, if it was made from this very audio and text."""
    if not audio_path or not Path(audio_path).exists():
        return None
    aligned = library.get_alignment(case.id, audio_signature(audio_path), case.text_hash())
    if aligned is not None and len(aligned) != len(case.turns):
        return None
    return aligned


def case_timing(library: Library, case: Case, audio_path: str | Path | None = None,
                duration: float | None = None) -> Timing:
    """The timing model of a case: anchors > sidecar > stored alignment > estimate."""
    audio = None
    if audio_path is None:
        audio = primary_audio(library, case.id)
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
    aligned = stored_alignment(library, case, audio_path)
    return build_timing(
        case.turns, duration,
        audio_path=audio_path,
        aligned=aligned,
        aligned_sentences=(library.get_alignment_sentences(case.id, audio_signature(audio_path), case.text_hash())
                           if aligned is not None else None),
        anchors=library.anchors(case.id),
        lead_in=float(library.get_setting(LEAD_IN_SETTING, 0.0)),
        lead_out=float(library.get_setting(LEAD_OUT_SETTING, 0.0)),
    )


# --------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------

_index_lock = threading.Lock()
_indexes: dict[Path, object] = {}
_index_procs: int | None = None  # None: the index decides (several processes for big rebuilds)


def use_single_process_indexing() -> None:
    """Rebuild the index in this process only.

    The GUI calls this: a full rebuild with several processes forks the
    process, which is not safe once Qt has started threads of its own.
    """
    global _index_procs
    _index_procs = 1


class Cancelled(Exception):
    """Long work stopped because the caller asked it to."""


def get_index(library: Library, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None):
    """The search index, rebuilt from the library first if it is missing, stale or broken.

    A rebuild stops (raising :class:`Cancelled`, leaving the old index in place) when
    ``cancelled()`` turns true.
    """
    from lornplayer.search import SearchIndex

    with _index_lock:
        path = paths.index_dir()
        index = _indexes.get(path)
        if index is None:
            index = SearchIndex(path, procs=_index_procs)
            _indexes[path] = index
    index.ensure(lambda: _index_items(library, cancelled), progress=progress, total=library.count_cases())
    return index


def close_indexes() -> None:
    with _index_lock:
        for index in _indexes.values():
            index.close()
        _indexes.clear()


def _index_items(library: Library, cancelled: Callable[[], bool] | None = None):
    notes_by_case: dict[str, list] = {}
    for note in library.notes():
        notes_by_case.setdefault(note.case_id, []).append(note)
    for case in library.iter_cases():
        if cancelled is not None and cancelled():
            raise Cancelled("indexing cancelled")
        yield case, notes_by_case.get(case.id, [])


def rebuild_index(library: Library, progress: Callable[[int, int], None] | None = None) -> int:
    index = get_index(library)
    index.rebuild(_index_items(library), progress=progress, total=library.count_cases())
    return library.count_cases()


def update_index_for(library: Library, case_ids: list[str]) -> None:
    if not case_ids:
        return
    index = get_index(library)
    for case_id in case_ids:
        case = library.get_case(case_id)
        if case is not None:
            index.update_case(case, library.notes(case_id))


@dataclass
class TimedHit:
    """A search hit with the moment it points at."""

    hit: object  # lornplayer.search.Hit
    start: float | None

    def __getattr__(self, name):
        return getattr(self.hit, name)

    @property
    def plain_snippet(self) -> str:
        return " ".join(self.hit.snippet.split())

    def as_json(self) -> dict:
        h = self.hit
        return {"case_id": h.case_id, "kind": h.kind, "turn_index": h.turn_index, "speaker": h.speaker,
                "field": h.field, "note_id": h.note_id,
                "start": round(self.start, 2) if self.start is not None else None,
                "snippet": self.plain_snippet, "score": round(h.score, 3)}


@dataclass
class TimedResult:
    hits: list[TimedHit]
    total: int
    message: str | None


def search_library(library: Library, query: str, limit: int = 50, case_id: str | None = None) -> TimedResult:
    """Search, and give every hit on a turn (or a note) its moment in the audio."""
    index = get_index(library)
    result = index.search(query, limit=limit, case_id=case_id)
    timings: dict[str, Timing | None] = {}
    hits = []
    for h in result.hits:
        start = None
        if h.kind == "note" and h.position is not None:
            start = h.position
        elif h.turn_index is not None:
            if h.case_id not in timings:
                case = library.get_case(h.case_id)
                timings[h.case_id] = case_timing(library, case) if case else None
            t = timings[h.case_id]
            if t is not None and 0 <= h.turn_index < len(t.starts):
                start = t.starts[h.turn_index]
        hits.append(TimedHit(h, start))
    return TimedResult(hits, result.total, result.message)


# --------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------

def learning_log_entries(library: Library, case_ids: list[str] | None = None) -> list:
    from lornplayer.export import LogEntry
    from lornplayer.progress import ListenedIntervals, is_finished

    entries = []
    rows = {r.id: r for r in library.list_rows()}
    for cid in case_ids or list(rows):
        row = rows.get(cid)
        case = library.get_case(cid)
        if row is None or case is None:
            continue
        prog = library.get_progress(cid)
        duration = row.duration_seconds
        fraction = ListenedIntervals.from_json(prog.listened_json).fraction(duration) if duration else 0.0
        manual = None if prog.finished_manual is None else bool(prog.finished_manual)
        finished = is_finished(fraction, manual)
        notes = library.notes(cid)
        if not (finished or prog.time_listened or notes):
            continue
        entries.append(LogEntry(case=case, finished_at=(prog.finished_at or "")[:10] if finished else None,
                                time_listened=prog.time_listened, listened_fraction=fraction, notes=notes))
    return entries


def export_notes(library: Library, case_ids: list[str], fmt: str, output: Path, log: bool = False,
                 labels=None) -> Path:
    """Notes and reflections (one case, several, or all) or the learning log, as Markdown or PDF.

    ``labels`` (an ``export.Labels``) gives the headings; the UI passes translated ones."""
    from lornplayer import export

    labels = labels or export.DEFAULT_LABELS
    if log:
        text = export.learning_log_markdown(learning_log_entries(library, case_ids or None), date.today(),
                                            labels=labels)
        title = labels.learning_log
    elif len(case_ids) == 1:
        case = library.get_case(case_ids[0])
        text = export.notes_markdown(case, library.notes(case.id), timing=case_timing(library, case), labels=labels)
        title = case.title or case.id
    else:
        ids = case_ids or library.case_ids()
        items = [(library.get_case(cid), library.notes(cid)) for cid in ids]
        text = export.all_notes_markdown([(c, n) for c, n in items if c is not None], labels=labels)
        title = labels.notes
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        from lornplayer.pdf import markdown_to_pdf

        markdown_to_pdf(text, output, title=title)
    else:
        output.write_text(text, encoding="utf-8")
    return output


def export_transcript(library: Library, case_id: str, fmt: str, audio: str | None = None,
                      output: Path | None = None, with_times: bool = True, labels=None) -> str:
    """Write (or return) a case's transcript in a timed-text or document format."""
    from lornplayer import export, timedtext

    labels = labels or export.DEFAULT_LABELS
    case = library.get_case(case_id)
    if case is None:
        raise ValueError(f"no such case: {case_id}")
    if audio is not None and not Path(audio).exists():
        raise ValueError(f"{audio}: no such audio file")
    timing = case_timing(library, case, audio_path=audio)
    if fmt in ("vtt", "srt", "json") and not case.turns:
        raise ValueError(f"{case_id} has no transcript to export")
    if fmt == "vtt":
        text = timedtext.write_vtt(case.turns, timing)
    elif fmt == "srt":
        text = timedtext.write_srt(case.turns, timing)
    elif fmt == "json":
        text = timedtext.write_podcast_json(case.turns, timing)
    elif fmt == "md":
        text = export.transcript_markdown(case, timing, with_times, labels=labels)
    elif fmt in ("html", "pdf"):
        text = export.transcript_html(case, timing, with_times, labels=labels)
        if fmt == "pdf":
            if output is None:
                raise ValueError("PDF export needs an output file")
            from lornplayer.pdf import html_to_pdf

            output.parent.mkdir(parents=True, exist_ok=True)
            html_to_pdf(text, output, title=case.title)
            return ""
    else:
        raise ValueError(f"unknown format {fmt}")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return text


# --------------------------------------------------------------------------
# Alignment
# --------------------------------------------------------------------------

def align_case(library: Library, case_id: str, audio: str | None = None,
               progress: Callable[[float], None] | None = None,
               cancelled: Callable[[], bool] | None = None, force: bool = False) -> str:
    """Align a case's transcript to its audio, store the result, and return a one-line summary."""
    from lornplayer.align import align

    case = library.get_case(case_id)
    if case is None:
        raise ValueError(f"no such case: {case_id}")
    if not case.turns:
        raise ValueError("the case has no transcript to align")
    if audio is None:
        af = primary_audio(library, case_id)
        if af is None:
            raise ValueError("the case has no audio; give one with --audio")
        if af.error:
            raise ValueError(f"{af.path}: {af.error}")
        audio = af.path
    _check_audio_fits_text(case, audio)
    sig, text_hash = audio_signature(audio), case.text_hash()
    existing = None if force else library.get_alignment(case_id, sig, text_hash)
    if existing is not None and len(existing) == len(case.turns):
        return f"{case_id}: {len(existing)} turns already aligned to {audio} (stored result reused)"
    result = align(audio, case.turns, progress=progress, cancelled=cancelled)
    library.save_alignment(case_id, sig, text_hash, list(result.starts),
                           [[s.turn, s.first, s.last, s.start, s.end, s.confidence, s.aligned]
                            for s in result.sentences])
    minutes = result.duration / 60 if result.duration else 0
    return (f"{case_id}: aligned {len(result.starts)} turns to {Path(audio).name} "
            f"({minutes:.1f} min of audio in {result.seconds_taken:.1f} s)")


def _check_audio_fits_text(case: Case, audio: str) -> None:
    """Refuse audio far too short for the transcript (most likely the wrong file)."""
    from lornplayer.audio import AudioProbeError, probe
    from lornplayer.timing import CHARS_PER_SECOND

    try:
        duration = probe(audio).duration
    except AudioProbeError as exc:
        raise ValueError(f"{audio}: {exc.reason}") from exc
    spoken = sum(len(t.text) for t in case.turns) / CHARS_PER_SECOND
    if duration and duration < 0.3 * spoken:
        raise ValueError(f"{Path(audio).name} lasts {duration / 60:.1f} min, but reading the transcript takes about "
                         f"{spoken / 60:.0f} min: is it the right audio file?")
