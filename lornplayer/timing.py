"""When each transcript turn starts in the audio (no Qt).

LØRN pages carry a transcript without timestamps, so every turn gets a start
time from the best source available, in this order of precedence:

1. the user's sync anchors ``{turn_index: seconds}`` ("this turn starts now")
   always win: anchored turns get exactly that time, and the turns between
   two anchors (or an anchor and the start/end) keep the relative spacing of
   the base source, rescaled piecewise-linearly into that interval;
2. a timed transcript beside the audio file with the same stem (``.vtt``,
   ``.srt`` or Podcasting 2.0 ``.json``), matched to our turns by their words
   (cues may split or merge turns); one matching < 60 % of our words is
   rejected with a warning;
3. an automatic alignment (starts supplied by the caller);
4. an estimate from the audio duration and the length of each turn's text,
   leaving ``lead_in``/``lead_out`` seconds for intro and outro jingles.

Turns a sidecar or alignment leaves without a time are interpolated between
their neighbours in proportion to their text length.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from lornplayer.sentences import sentence_spans

# Speaking rate assumed when the audio duration is unknown (characters/second).
CHARS_PER_SECOND = 14.0
# A change of speaker costs about as much time as this many characters (the pause).
TURN_OVERHEAD_CHARS = 4
WORD = re.compile(r"\w+")


class TurnLike(Protocol):
    speaker: str | None
    text: str


class SourceKind(enum.Enum):
    """Where the turn times come from, before the user's anchors refine them."""

    SIDECAR = "sidecar"  # a timed transcript beside the audio
    ALIGNED = "aligned"  # automatic alignment to the audio
    ESTIMATE = "estimate"  # the audio's duration and the length of each turn


@dataclass(frozen=True)
class TimingSource:
    """The source of a :class:`Timing`: its kind, the sidecar's format, and whether anchors refine it."""

    kind: SourceKind
    sidecar_format: str | None = None  # "vtt" | "srt" | "json" for a sidecar
    anchored: bool = False

    def __str__(self) -> str:
        """A short label, e.g. ``estimate``, ``sidecar:vtt+anchors`` (for logs and exported notes)."""
        text = self.kind.value + (f":{self.sidecar_format}" if self.sidecar_format else "")
        return text + ("+anchors" if self.anchored else "")


@dataclass
class SentenceSpan:
    """One sentence of a turn: its characters and when it is spoken."""

    turn: int
    index: int  # within the turn
    first: int  # character offsets in the turn's text
    last: int
    start: float
    end: float
    confidence: float  # 0..1 from the aligner; 0 when estimated from the text length
    aligned: bool  # True when the time comes from the audio itself (not interpolated)


@dataclass
class Timing:
    """Start and end second of every turn (and of every sentence), and where they came from."""

    starts: list[float]
    ends: list[float]
    duration: float | None
    source: TimingSource
    warnings: list[str] = field(default_factory=list)
    # (turns, aligned sentence rows, aligned turn starts): sentence times are worked out on first use
    sentence_source: tuple | None = field(default=None, repr=False, compare=False)
    _sentences: list[list[SentenceSpan]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sentences(self) -> list[list[SentenceSpan]]:
        """Per turn, its sentences with their times (see :func:`sentence_times`)."""
        if self._sentences is None:
            src = self.sentence_source
            self._sentences = sentence_times(src[0], self.starts, self.ends, src[1], src[2]) if src else []
        return self._sentences

    def sentences_of(self, turn: int) -> list[SentenceSpan]:
        """The sentences of turn ``turn`` in order (empty without sentence times)."""
        return self.sentences[turn] if 0 <= turn < len(self.sentences) else []

    def sentence_at(self, seconds: float) -> SentenceSpan | None:
        """The sentence playing at ``seconds``: the last one started, within the current turn
        (None before the first turn, or without sentence times)."""
        turn = self.turn_at(seconds)
        spans = self.sentences_of(turn)
        if not spans:
            return None
        k = bisect.bisect_right([s.start for s in spans], seconds) - 1
        return spans[max(0, k)]

    def sentence_containing(self, turn: int, offset: int) -> SentenceSpan | None:
        """The sentence of turn ``turn`` that holds character ``offset``."""
        spans = self.sentences_of(turn)
        for span in spans:
            if offset < span.last:
                return span
        return spans[-1] if spans else None

    def __len__(self) -> int:
        return len(self.starts)

    def turn_at(self, seconds: float) -> int:
        """Index of the turn playing at ``seconds`` (O(log n)).

        That is the last turn whose start is <= ``seconds``: -1 before the first
        turn starts (e.g. during an intro jingle, or with no turns at all), and
        the last turn from its start to the end of the audio and beyond.
        """
        return bisect.bisect_right(self.starts, seconds) - 1

    def start_of(self, index: int) -> float:
        return self.starts[index]

    def end_of(self, index: int) -> float:
        return self.ends[index]


# -- text measures -------------------------------------------------------------


def words(text: str) -> list[str]:
    """Normalised words of a text, as used to match timed transcripts to turns."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _weights(turns: Sequence[TurnLike]) -> list[float]:
    """How much time each turn takes, relative to the others."""
    return [len(" ".join(t.text.split())) + TURN_OVERHEAD_CHARS for t in turns]


def _cumulative(weights: Sequence[float]) -> list[float]:
    cum = [0.0]
    for w in weights:
        cum.append(cum[-1] + w)
    return cum


def _interpolate(xs: Sequence[float], fixed: Sequence[tuple[int, float]], cum_weights: Sequence[float]) -> list[float]:
    """Times at positions ``0..len(xs)-1`` given fixed ``(position, time)`` points.

    Between two fixed points a position's time is linear in its coordinate
    ``xs``; where the coordinates do not increase, in its cumulative text
    weight instead.  ``fixed`` is sorted, strictly increasing in position.
    """
    out = [0.0] * len(xs)
    for (a, ta), (b, tb) in zip(fixed, fixed[1:]):
        coord = xs if xs[b] > xs[a] else cum_weights
        span = coord[b] - coord[a]
        for i in range(a, b):
            out[i] = ta + (tb - ta) * ((coord[i] - coord[a]) / span if span > 0 else 0.0)
    last, t_last = fixed[-1]
    out[last] = t_last
    return out


def _fill_gaps(starts: Sequence[float | None], weights: Sequence[float], begin: float, end: float) -> list[float]:
    """Give turns without a start (None) one between their neighbours', by text length.

    ``begin``/``end`` bound the speech when the first/last turns lack a time.
    """
    n = len(starts)
    known = [(i, s) for i, s in enumerate(starts) if s is not None]
    if len(known) == n:
        return [float(s) for s in starts]  # type: ignore[arg-type]
    cum = _cumulative(weights)
    if not known:
        return _interpolate(cum, [(0, begin), (n, max(end, begin))], cum)[:n]
    fixed = list(known)
    if fixed[0][0] != 0:
        fixed.insert(0, (0, min(begin, fixed[0][1])))
    fixed.append((n, max(end, fixed[-1][1])))
    return _interpolate(cum, fixed, cum)[:n]


def _increasing_subsequence(values: Sequence[float], strict: bool) -> set[int]:
    """Indices of a longest (strictly or weakly) increasing subsequence."""
    tails: list[float] = []
    tail_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = (bisect.bisect_left if strict else bisect.bisect_right)(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_idx.append(i)
        else:
            tails[k] = v
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return keep


def _monotone(starts: Sequence[float | None]) -> tuple[list[float | None], int]:
    """Drop (set to None) the fewest starts that break the order; also non-finite ones."""
    valid = [(i, s) for i, s in enumerate(starts) if s is not None and math.isfinite(s) and s >= 0]
    keep = _increasing_subsequence([s for _, s in valid], strict=False)
    out: list[float | None] = [None] * len(starts)
    for k in keep:
        i, s = valid[k]
        out[i] = float(s)
    dropped = sum(1 for s in starts if s is not None) - len(keep)
    return out, dropped


# -- (c) estimate ----------------------------------------------------------------


def estimate_starts(
    turns: Sequence[TurnLike], duration: float | None, lead_in: float = 0.0, lead_out: float = 0.0
) -> list[float]:
    """Starts spread over ``[lead_in, duration - lead_out]`` in proportion to text length.

    Without a duration the speech is assumed to run at ``CHARS_PER_SECOND``.
    Raises ValueError when the leads are negative or leave no time for speech.
    """
    if lead_in < 0 or lead_out < 0:
        raise ValueError("lead-in and lead-out must not be negative")
    weights = _weights(turns)
    cum = _cumulative(weights)
    if duration is None:
        end = lead_in + cum[-1] / CHARS_PER_SECOND
    else:
        end = duration - lead_out
        if end <= lead_in:
            raise ValueError(f"lead-in {lead_in:g} s and lead-out {lead_out:g} s leave no speech in {duration:g} s")
    if not turns:
        return []
    return _interpolate(cum, [(0, lead_in), (len(turns), end)], cum)[:-1]


# -- (d) anchors -------------------------------------------------------------------


def _clean_anchors(
    anchors: Mapping[int, float], n: int, duration: float | None
) -> tuple[list[tuple[int, float]], list[str]]:
    """Usable anchors sorted by turn, and warnings about the ones dropped.

    Dropped: turn out of range, time not finite, negative or past the end of
    the audio, and the fewest anchors needed so that time increases with turn.
    """
    warnings: list[str] = []
    valid: list[tuple[int, float]] = []
    for index, seconds in sorted(anchors.items()):
        if not 0 <= index < n:
            warnings.append(f"sync anchor for turn {index} ignored: there are {n} turns")
        elif not math.isfinite(seconds) or seconds < 0 or (duration is not None and seconds > duration):
            warnings.append(f"sync anchor for turn {index} ignored: {seconds:g} s is outside the audio")
        else:
            valid.append((index, float(seconds)))
    keep = _increasing_subsequence([s for _, s in valid], strict=True)
    for k, (index, seconds) in enumerate(valid):
        if k not in keep:
            warnings.append(
                f"sync anchor for turn {index} at {seconds:g} s ignored: it contradicts the order of the other anchors"
            )
    return [a for k, a in enumerate(valid) if k in keep], warnings


def _anchored(
    base: Sequence[float],
    base_end: float,
    weights: Sequence[float],
    duration: float | None,
    anchors: Sequence[tuple[int, float]],
) -> tuple[list[float], float]:
    """Base starts rescaled piecewise-linearly so that the anchors hold; also the new end."""
    n = len(base)
    first, t_first = anchors[0]
    fixed = list(anchors)
    if first > 0:
        if base[0] < t_first:  # keep where speech starts (e.g. after a jingle)
            fixed.insert(0, (0, base[0]))
        else:  # scale the times before the anchor towards zero
            fixed.insert(0, (0, base[0] * t_first / base[first] if base[first] > 0 else 0.0))
    last, t_last = anchors[-1]
    if t_last < base_end:
        end = base_end
    elif duration is not None and t_last < duration:
        end = duration
    else:  # keep the base durations after the last anchor
        end = t_last + max(base_end - base[last], 0.0)
    fixed.append((n, end))
    starts = _interpolate([*base, base_end], fixed, _cumulative(weights))[:n]
    return starts, end


def apply_anchors(
    starts: Sequence[float],
    turns: Sequence[TurnLike],
    duration: float | None,
    anchors: Mapping[int, float],
    end: float | None = None,
) -> list[float]:
    """``starts`` with the anchored turns pinned and the others re-spread between them.

    ``end`` is where the last turn ends in the base timing (default: the
    duration, else the last start plus its text at ``CHARS_PER_SECOND``).
    Anchors that are out of range or out of order are ignored (see build_timing
    for warnings about them).
    """
    valid, _ = _clean_anchors(anchors, len(starts), duration)
    if not valid:
        return list(starts)
    weights = _weights(turns)
    if end is None:
        end = duration if duration is not None else starts[-1] + weights[-1] / CHARS_PER_SECOND
    return _anchored(starts, max(end, starts[-1]), weights, duration, valid)[0]


# -- (a) sidecar: lornplayer/sidecars.py ------------------------------------------


def build_timing(
    turns: Sequence[TurnLike],
    duration: float | None,
    *,
    audio_path: str | Path | None = None,
    aligned: Sequence[float | None] | None = None,
    anchors: Mapping[int, float] | None = None,
    lead_in: float = 0.0,
    lead_out: float = 0.0,
    aligned_sentences: Sequence[Sequence[float]] | None = None,
) -> Timing:
    """The timing of ``turns`` from the best source available (see the module doc).

    ``aligned`` is one start per turn (None where unknown) from an automatic
    aligner, ``aligned_sentences`` its sentence times (rows ``[turn, first char,
    last char, start, end, confidence, aligned]``); ``anchors`` the user's
    ``{turn_index: seconds}``.
    """
    n = len(turns)
    warnings: list[str] = []
    weights = _weights(turns)
    if duration is not None and not (math.isfinite(duration) and duration > 0):
        warnings.append("audio duration unknown; timing estimated from the text alone")
        duration = None
    if lead_in < 0 or lead_out < 0 or (duration is not None and duration - lead_out <= lead_in):
        warnings.append(f"lead-in {lead_in:g} s / lead-out {lead_out:g} s do not fit the audio; ignored")
        lead_in = lead_out = 0.0
    speech_end = duration - lead_out if duration is not None else lead_in + sum(weights) / CHARS_PER_SECOND

    base: list[float | None] | None = None
    source = TimingSource(SourceKind.ESTIMATE)
    base_end = speech_end
    from lornplayer.sidecars import find_sidecar, read_sidecar  # its readers only when a file is there

    sidecar = find_sidecar(audio_path) if audio_path is not None and n else None
    if sidecar is not None:
        base, sidecar_warnings, cue_end = read_sidecar(sidecar, turns)
        warnings += sidecar_warnings
        if base is not None:
            source = TimingSource(SourceKind.SIDECAR, sidecar.suffix.lower().lstrip("."))
            base_end = cue_end if cue_end is not None else speech_end
    if base is None and aligned is not None and n:
        if len(aligned) != n:
            warnings.append(f"alignment has {len(aligned)} starts for {n} turns; ignored")
        elif all(s is None for s in aligned):
            warnings.append("alignment has no starts; ignored")
        else:
            base, source = list(aligned), TimingSource(SourceKind.ALIGNED)
    if base is None:
        starts = estimate_starts(turns, duration, lead_in, lead_out)
    else:
        base, dropped = _monotone(base)
        if dropped:
            warnings.append(f"{dropped} {source.kind.value} start(s) out of order; interpolated instead")
        starts = _fill_gaps(base, weights, lead_in, base_end)

    if n:
        base_end = max(base_end, starts[-1])
    if anchors and n:
        valid, anchor_warnings = _clean_anchors(anchors, n, duration)
        warnings += anchor_warnings
        if valid:
            starts, base_end = _anchored(starts, base_end, weights, duration, valid)
            source = dataclasses.replace(source, anchored=True)
    ends = starts[1:] + [base_end] if n else []
    rows = aligned_sentences if source.kind is SourceKind.ALIGNED else None
    base_starts = list(aligned) if rows and aligned is not None else None
    return Timing(
        starts=starts,
        ends=ends,
        duration=duration,
        source=source,
        warnings=warnings,
        sentence_source=(list(turns), rows, base_starts),
    )


def sentence_times(
    turns: Sequence[TurnLike],
    starts: Sequence[float],
    ends: Sequence[float],
    rows: Sequence[Sequence[float]] | None = None,
    base_starts: Sequence[float | None] | None = None,
) -> list[list[SentenceSpan]]:
    """Sentence spans of every turn, timed inside the turn's [start, end).

    With ``rows`` from the aligner (see build_timing) a sentence keeps its
    aligned time, moved along with its turn when anchors moved the turn (the
    turn's aligned span is mapped linearly onto its final span); otherwise,
    and for sentences the rows do not cover, times are spread by character
    count over the turn (confidence 0, not aligned).
    """
    by_key: dict[tuple[int, int], Sequence[float]] = {}
    for given in rows or ():
        by_key[(int(given[0]), int(given[1]))] = given
    out: list[list[SentenceSpan]] = []
    n = len(turns)
    next_base: list[float | None] = [None] * n  # the next known aligned start after each turn
    if base_starts:
        following = None
        for j in range(n - 1, -1, -1):
            next_base[j] = following
            following = base_starts[j] if base_starts[j] is not None else following
    for k, turn in enumerate(turns):
        t0, t1 = starts[k], max(ends[k], starts[k])
        spans = sentence_spans(turn.text) or [(0, len(turn.text))]
        total = max(1, spans[-1][1] - spans[0][0])
        b0 = base_starts[k] if base_starts and base_starts[k] is not None else None
        b1 = next_base[k]
        scale = (t1 - t0) / (b1 - b0) if b0 is not None and b1 is not None and b1 > b0 else 1.0
        turn_spans: list[SentenceSpan] = []
        for i, (a, b) in enumerate(spans):
            row = by_key.get((k, a))
            if row is not None and b0 is not None:
                start = t0 + (float(row[3]) - b0) * scale
                conf, is_aligned = float(row[5]), bool(row[6])
            else:
                start = t0 + (t1 - t0) * (a - spans[0][0]) / total
                conf, is_aligned = 0.0, False
            if i == 0:
                start = t0  # a turn's first sentence starts with the turn
            start = min(max(start, turn_spans[-1].start if turn_spans else t0), t1)
            turn_spans.append(SentenceSpan(k, i, a, b, start, t1, conf, is_aligned))
        for span, nxt in zip(turn_spans, turn_spans[1:]):  # a sentence ends where the next one starts
            span.end = nxt.start
        out.append(turn_spans)
    return out


# -- parts as chapters ---------------------------------------------------------------


class PartLike(Protocol):
    first_turn: int | None
    duration_minutes: int | None


def part_starts(parts: Sequence[PartLike], timing: Timing) -> list[float | None]:
    """The start second of each part of a case (masterclass lessons, webinar parts), for chapters.

    A part starts where its first turn starts (``part.first_turn``, from the part headings in
    the transcript), so it follows the timing model: anchors, timed transcripts and alignment
    move the parts with the turns.  Parts the transcript does not mark are laid end to end by
    their printed durations (``Leksjon 2 - Eksempler (35min)``), scaled to the audio's duration
    when it is known; the first part starts with the episode.  None where neither tells, or
    where a start would come before the previous part's.
    """
    n_turns = len(timing.starts)
    durations = [p.duration_minutes for p in parts]
    by_duration: list[float | None] = [None] * len(parts)
    if parts and all(d for d in durations):
        total = sum(d or 0 for d in durations) * 60.0
        scale = timing.duration / total if timing.duration and total > 0 else 1.0
        t = 0.0
        for i, d in enumerate(durations):
            by_duration[i] = t * scale
            t += (d or 0) * 60.0
    out: list[float | None] = []
    last = -math.inf
    for i, part in enumerate(parts):
        start: float | None = None
        if part.first_turn is not None and 0 <= part.first_turn < n_turns:
            start = timing.starts[part.first_turn]
        elif by_duration[i] is not None:
            start = by_duration[i]
        elif i == 0:
            start = 0.0
        if start is not None and start < last:
            start = None
        if start is not None:
            last = start
        out.append(start)
    return out
