"""Aligning a case's transcript to its audio, for the application core (no Qt at import)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lornplayer.errors import AudioError, NoTranscript
from lornplayer.model import Case
from lornplayer.store import audio_signature


def align_case(
    core,
    case_id: str,
    audio: str | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    force: bool = False,
) -> str:
    """Align a case's transcript to its audio, store the result, and return a one-line summary.

    Raises CaseNotFound, NoTranscript, AudioError, Cancelled, or the aligner's AlignmentError."""
    from lornplayer.align import align

    library = core.library
    case = core.get_case(case_id)
    if not case.turns:
        raise NoTranscript("the case has no transcript to align")
    if audio is None:
        af = core.primary_audio(case.id)
        if af is None:
            raise AudioError("the case has no audio; give one with --audio")
        if af.error:
            raise AudioError(f"{af.path}: {af.error}")
        audio = af.path
    check_audio_fits_text(case, audio)
    sig, text_hash = audio_signature(audio), case.text_hash()
    existing = None if force else library.get_alignment(case.id, sig, text_hash)
    if existing is not None and len(existing) == len(case.turns):
        return f"{case.id}: {len(existing)} turns already aligned to {audio} (stored result reused)"
    result = align(audio, case.turns, progress=progress, cancelled=cancelled)
    library.save_alignment(
        case.id,
        sig,
        text_hash,
        list(result.starts),
        [[s.turn, s.first, s.last, s.start, s.end, s.confidence, s.aligned] for s in result.sentences],
    )
    minutes = result.duration / 60 if result.duration else 0
    return (
        f"{case.id}: aligned {len(result.starts)} turns to {Path(audio).name} "
        f"({minutes:.1f} min of audio in {result.seconds_taken:.1f} s)"
    )


def check_audio_fits_text(case: Case, audio: str) -> None:
    """Refuse audio far too short for the transcript (most likely the wrong file)."""
    from lornplayer.audio import AudioProbeError, probe
    from lornplayer.timing import CHARS_PER_SECOND

    try:
        duration = probe(audio).duration
    except AudioProbeError as exc:
        raise AudioError(f"{audio}: {exc.reason}") from exc
    spoken = sum(len(t.text) for t in case.turns) / CHARS_PER_SECOND
    if duration and duration < 0.3 * spoken:
        raise AudioError(
            f"{Path(audio).name} lasts {duration / 60:.1f} min, but reading the transcript takes about "
            f"{spoken / 60:.0f} min: is it the right audio file?"
        )
