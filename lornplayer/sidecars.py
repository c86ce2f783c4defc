"""Timed transcripts beside the audio ("sidecars": ``episode.vtt``, ``.srt``, ``.json``) as turn starts.

A sidecar's cues are matched to the case's turns by their words (a turn is found by one of its
first words, in order); it is used only if it matches most of the transcript.  Imported by
:func:`lornplayer.timing.build_timing` when an audio file has such a file next to it, so a case
without one never loads the readers (webvtt, srt) or difflib.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from lornplayer.timedtext import Cue, TimedTextError, read_cues
from lornplayer.timing import WORD, TurnLike, words

SIDECAR_SUFFIXES = (".vtt", ".srt", ".json")
# A timed transcript must match at least this share of our words to be used.
MIN_MATCH_RATIO = 0.6
# A turn is matched by one of its first this many words.
FIRST_WORDS = 10


def find_sidecar(audio_path: str | Path) -> Path | None:
    """The timed transcript beside an audio file with the same stem (.vtt, then .srt, then .json)."""
    audio = Path(audio_path)
    for suffix in SIDECAR_SUFFIXES:
        for candidate in (audio.with_suffix(suffix), audio.with_suffix(suffix.upper())):
            if candidate.is_file():
                return candidate
    return None


def match_cues(cues: Sequence[Cue], turns: Sequence[TurnLike]) -> tuple[list[float | None], float, float | None]:
    """Match timed cues to turns by their words.

    Returns the start of each turn (None where its first words were not
    found), the share of our words matched, and the end of the last matched cue.
    Each turn gets the time of the cue word matching one of its first words,
    stepped back to where its first word would be (within that cue); a word's
    time is interpolated within its cue by its position in the cue text.
    """
    ours: list[str] = []
    turn_first: list[int] = []
    for t in turns:
        turn_first.append(len(ours))
        ours.extend(words(t.text))
    turn_first.append(len(ours))

    theirs: list[str] = []
    times: list[float] = []
    cue_of: list[int] = []  # index of the cue of each of their words
    cue_first: list[int] = []  # index of the first word of each cue
    for c, cue in enumerate(cues):
        cue_first.append(len(theirs))
        text = unicodedata.normalize("NFKC", cue.text).casefold()
        found = list(WORD.finditer(text))
        if not found:
            continue
        origin = found[0].start()
        length = max(len(text) - origin, 1)
        for m in found:
            theirs.append(m.group())
            times.append(cue.start + (cue.end - cue.start) * (m.start() - origin) / length)
            cue_of.append(c)

    if not ours or not theirs:
        return [None] * len(turns), 0.0, None
    match = [-1] * len(ours)
    matched = 0
    for block in difflib.SequenceMatcher(None, ours, theirs).get_matching_blocks():
        for k in range(block.size):
            match[block.a + k] = block.b + k
        matched += block.size

    starts: list[float | None] = []
    floor = 0  # their word index where the previous turn started
    last_j = -1
    for i in range(len(turns)):
        first, stop = turn_first[i], turn_first[i + 1]
        start: float | None = None
        for k in range(first, min(stop, first + FIRST_WORDS)):
            j = match[k]
            if j >= 0:
                j = max(j - (k - first), cue_first[cue_of[j]], floor)
                start, floor = times[j], j
                break
        starts.append(start)
        for k in range(first, stop):
            last_j = max(last_j, match[k])
    end = cues[cue_of[last_j]].end if last_j >= 0 else None
    return starts, matched / len(ours), end


def load_sidecar(path: str | Path, turns: Sequence[TurnLike]) -> tuple[list[float | None] | None, list[str]]:
    """Turn starts from a timed transcript file, or None (with warnings) if it does not fit.

    Starts may contain None for turns whose first words the file lacks.
    """
    starts, warnings, _ = read_sidecar(Path(path), turns)
    return starts, warnings


def read_sidecar(path: Path, turns: Sequence[TurnLike]) -> tuple[list[float | None] | None, list[str], float | None]:
    try:
        cues = read_cues(path)
    except (OSError, TimedTextError) as exc:
        return None, [f"timed transcript {path.name} could not be read: {exc}"], None
    starts, ratio, end = match_cues(cues, turns)
    if ratio < MIN_MATCH_RATIO:
        return (
            None,
            [f"timed transcript {path.name} matches only {ratio:.0%} of the transcript's words; it is ignored"],
            None,
        )
    missing = sum(1 for s in starts if s is None)
    warnings = (
        [f"timed transcript {path.name}: {missing} turn(s) not found, their times are interpolated"] if missing else []
    )
    return starts, warnings, end


# -- putting it together -------------------------------------------------------------
