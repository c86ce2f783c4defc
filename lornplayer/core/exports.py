"""Exports of notes, learning log and transcripts, for the application core (no Qt at import)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lornplayer.errors import CaseNotFound, ExportError, NoTranscript


def learning_log_entries(core, case_ids: list[str] | None = None) -> list:
    """The cases for the learning log: finished, listened to, or with notes (the one finished rule)."""
    from lornplayer.export import LogEntry

    library = core.library
    entries = []
    rows = {r.id: r for r in library.list_rows()}
    for cid in case_ids or list(rows):
        row = rows.get(cid)
        case = library.get_case(cid)
        if row is None or case is None:
            continue
        prog = library.get_progress(cid)
        finished = row.finished
        notes = library.notes(cid)
        if not (finished or prog.time_listened or notes):
            continue
        entries.append(
            LogEntry(
                case=case,
                finished_at=(prog.finished_at or "")[:10] if finished else None,
                time_listened=prog.time_listened,
                listened_fraction=row.listened_fraction,
                notes=notes,
            )
        )
    return entries


def export_notes(core, case_ids: list[str], fmt: str, output: Path, log: bool = False, labels=None) -> Path:
    """Notes and reflections (one case, several, or all) or the learning log, as Markdown or PDF.

    ``labels`` (an ``export.Labels``) gives the headings; the UI passes translated ones."""
    from lornplayer import export

    library = core.library
    labels = labels or export.DEFAULT_LABELS
    if log:
        text = export.learning_log_markdown(learning_log_entries(core, case_ids or None), date.today(), labels=labels)
        title = labels.learning_log
    elif len(case_ids) == 1:
        case = core.get_case(case_ids[0])
        text = export.notes_markdown(case, library.notes(case.id), timing=core.case_timing(case), labels=labels)
        title = case.title or case.id
    else:
        ids = case_ids or library.case_ids()
        items = [(library.get_case(cid), library.notes(cid)) for cid in ids]
        text = export.all_notes_markdown([(c, n) for c, n in items if c is not None], labels=labels)
        title = labels.notes
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        from lornplayer.qt.pdf import markdown_to_pdf

        markdown_to_pdf(text, output, title=title)
    else:
        output.write_text(text, encoding="utf-8")
    return output


def export_transcript(
    core,
    case_id: str,
    fmt: str,
    audio: str | None = None,
    output: Path | None = None,
    with_times: bool = True,
    labels=None,
) -> str:
    """Write (or return) a case's transcript in a timed-text or document format."""
    from lornplayer import export, timedtext
    from lornplayer.errors import AudioError

    labels = labels or export.DEFAULT_LABELS
    case = core.library.get_case(case_id)
    if case is None:
        raise CaseNotFound(case_id)
    if audio is not None and not Path(audio).exists():
        raise AudioError(f"{audio}: no such audio file")
    timing = core.case_timing(case, audio_path=audio)
    chapters = case_chapters(core, case, timing, audio)
    if fmt in ("vtt", "srt", "json") and not case.turns:
        raise NoTranscript(f"{case_id} has no transcript to export")
    if fmt == "vtt":
        text = timedtext.write_vtt(case.turns, timing)
    elif fmt == "srt":
        text = timedtext.write_srt(case.turns, timing)
    elif fmt == "json":
        text = timedtext.write_podcast_json(case.turns, timing, chapters=chapters)
    elif fmt == "md":
        text = export.transcript_markdown(case, timing, with_times, labels=labels, chapters=chapters)
    elif fmt in ("html", "pdf"):
        text = export.transcript_html(case, timing, with_times, labels=labels, chapters=chapters)
        if fmt == "pdf":
            if output is None:
                raise ExportError("PDF export needs an output file")
            from lornplayer.qt.pdf import html_to_pdf

            output.parent.mkdir(parents=True, exist_ok=True)
            html_to_pdf(text, output, title=case.title)
            return ""
    else:
        raise ExportError(f"unknown format {fmt}")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return text


def case_chapters(core, case, timing, audio: str | None = None) -> list:
    """The chapters of a case's episode (from its audio, a chapters JSON beside it, or its parts)."""
    from lornplayer.chapters import chapters_for

    if audio is None:
        primary = core.primary_audio(case.id)
        audio = primary.path if primary is not None and primary.error is None else None
    return chapters_for(audio, case, timing.starts, timing.duration)
