"""Coarse-to-fine dynamic time warping with a "not in the transcript" step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lornplayer.align.common import (
    CALIBRATE_QUANTILE,
    GAP_SKIP_FACTOR,
    LEVELS,
    PAUSE_SKIP,
    SKIP_QUANTILE,
    SPEECH_SKIP,
    VERTICAL_PENALTY,
    Cancelled,
)


def _pool(x: np.ndarray, factor: int) -> np.ndarray:
    """Average consecutive groups of ``factor`` rows (the last partial group too)."""
    if factor == 1:
        return x
    n = -(-len(x) // factor)
    pad = n * factor - len(x)
    if pad:
        x = np.concatenate([x, np.repeat(x[-1:], pad, axis=0)])
    return x.reshape(n, factor, *x.shape[1:]).mean(axis=1)


def _vertical_costs(
    a: np.ndarray,
    b: np.ndarray,
    b_speech: np.ndarray,
    b_gap: np.ndarray,
    rng: np.random.Generator,
    cap: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per synthetic column, the (cap, penalty) of a vertical step (see SKIP_QUANTILE)."""
    if cap is None:
        ia = rng.integers(0, len(a), 4000)
        ib = rng.integers(0, len(b), 4000)
        cap = float(np.quantile(np.sqrt(((a[ia] - b[ib]) ** 2).sum(axis=1)), SKIP_QUANTILE))
    speech = b_speech > 0.5
    caps = np.where(speech, SPEECH_SKIP * cap, np.where(b_gap > 0.5, GAP_SKIP_FACTOR * cap, cap))
    return caps, np.where(speech, VERTICAL_PENALTY * cap, 0.0)


def dtw_band(
    a: np.ndarray,
    b: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    vertical: tuple[np.ndarray, np.ndarray],
    cancelled: Callable[[], bool] | None = None,
    a_pause: np.ndarray | None = None,
    pause_cap: float = 0.0,
) -> np.ndarray:
    """Cheapest monotone path from (0, 0) to (len(a)-1, len(b)-1) inside columns [lo[i], hi[i]).

    Steps: diagonal and horizontal cost the frame distance; vertical (real
    audio advancing while the synthetic stays) costs ``min(distance, cap[j])
    + penalty[j]`` with ``vertical = (cap, penalty)``, so material absent from
    the transcript is crossed at a bounded price.  Where the real audio pauses
    (``a_pause[i]``, 0..1, the non-speech share of row ``i``) a vertical step costs
    at most ``pause_cap`` whatever the synthetic column (``pause_cap`` must not exceed
    any finite cap): a speaker's pause inside a sentence is waited out in place
    rather than pushing the text elsewhere.
    Returns, per row of ``a``, the column the path reaches at that row (its last).
    """
    n = len(a)
    cap, penalty = vertical
    b_sq = (b * b).sum(axis=1)
    pointers: list[np.ndarray] = []
    prev = np.zeros(0)
    plo = phi = 0
    inf = np.inf
    for i in range(n):
        if cancelled and i % 2000 == 0 and cancelled():
            raise Cancelled("alignment cancelled")
        lo_i, hi_i = int(lo[i]), int(hi[i])
        cols = b[lo_i:hi_i]
        cost = np.sqrt(np.maximum(b_sq[lo_i:hi_i] - 2.0 * (cols @ a[i]) + (a[i] @ a[i]), 0.0))
        width = hi_i - lo_i
        if i == 0:
            up = np.full(width, inf)
            diag = np.full(width, inf)
            if lo_i == 0:
                diag[0] = 0.0
        else:
            # prev covers columns [plo, phi); D[i-1, j] and D[i-1, j-1] for j in [lo_i, hi_i).
            up = np.full(width, inf)
            s, e = max(lo_i, plo), min(hi_i, phi)
            if s < e:
                up[s - lo_i : e - lo_i] = prev[s - plo : e - plo]
            diag = np.full(width, inf)
            s, e = max(lo_i, plo + 1), min(hi_i, phi + 1)
            if s < e:
                diag[s - lo_i : e - lo_i] = prev[s - 1 - plo : e - 1 - plo]
        w = 0.0 if a_pause is None else float(a_pause[i])
        if w >= 1.0:
            # Real audio in a pause: waiting costs at most pause_cap, whatever the synthetic
            # (pause_cap is below every column's cap, so this is min(vert, rest) below).
            vert = up + np.minimum(cost, pause_cap)
        else:
            vert = up + np.minimum(cost, cap[lo_i:hi_i]) + penalty[lo_i:hi_i]
            if w > 0.0:  # a cell partly in a pause: a blend of both prices
                rest = up + np.minimum(cost, pause_cap)
                vert = np.minimum(vert, (1 - w) * vert + w * rest)
        dia = diag + cost
        enter = np.minimum(vert, dia)
        step = np.where(dia <= vert, 0, 1).astype(np.uint8)
        run = np.cumsum(cost)
        best = np.minimum.accumulate(enter - run)
        cur = run + best
        horiz = cur < enter
        step[horiz] = 2
        pointers.append(step)
        prev, plo, phi = cur, lo_i, hi_i
    # Backtrack.
    i, j = n - 1, len(b) - 1
    last = np.zeros(n, np.int64)
    last[i] = j
    while i > 0 or j > 0:
        p = pointers[i][j - int(lo[i])]
        if p == 0:
            i -= 1
            j -= 1
            last[i] = j
        elif p == 1:
            i -= 1
            last[i] = j
        else:
            j -= 1
        if j < 0:
            break
    return last


def _band_from_path(
    last: np.ndarray, factor: int, n_fine: int, m_fine: int, radius: int
) -> tuple[np.ndarray, np.ndarray]:
    """Column windows per fine row around a coarse path (projected and widened)."""
    coarse_rows = np.minimum(np.arange(n_fine) // factor, len(last) - 1)
    # columns the coarse path covers at row r: from last[r-1] (or 0) to last[r]
    first = np.concatenate([[0], last[:-1]])
    lo_c = first[coarse_rows] * factor
    hi_c = (last[coarse_rows] + 1) * factor
    lo = np.clip(lo_c - radius, 0, m_fine - 1)
    hi = np.clip(hi_c + radius, 1, m_fine)
    # Also widen along rows by the radius.
    lo = _running(lo, radius, np.minimum)
    hi = _running(hi, radius, np.maximum)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[-1] = m_fine
    return lo, hi


def _running(x: np.ndarray, radius: int, op) -> np.ndarray:
    out = x.copy()
    for shift in range(1, radius + 1):
        out[shift:] = op(out[shift:], x[:-shift])
        out[:-shift] = op(out[:-shift], x[shift:])
    return out


def _calibrated_cap(a: np.ndarray, b: np.ndarray, b_speech: np.ndarray, last: np.ndarray, ratio: int) -> float:
    """The skip price from this file's own matches: a quantile of the frame distances
    along the coarser level's path where it matches synthetic speech."""
    rows = np.arange(len(a))
    cols = np.minimum(last[np.minimum(rows // ratio, len(last) - 1)] * ratio + ratio // 2, len(b) - 1)
    on = b_speech[cols] > 0.5
    if on.sum() < 20:
        on[:] = True
    d = np.sqrt(((a[rows[on]] - b[cols[on]]) ** 2).sum(axis=1))
    return float(np.quantile(d, CALIBRATE_QUANTILE))


def warp(
    a: np.ndarray,
    b: np.ndarray,
    b_speech: np.ndarray,
    b_gap: np.ndarray,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    a_speech: np.ndarray | None = None,
) -> np.ndarray:
    """Coarse-to-fine DTW of real features ``a`` against synthetic ``b`` (10 ms frames).

    ``b_speech`` and ``b_gap`` flag the synthetic frames that are speech and
    that lie between turns; ``a_speech`` the real frames that are speech.

    Returns for each synthetic frame the real frame it is first matched with.
    """
    rng = np.random.default_rng(0)
    last = None
    prev_factor = None
    for level, (factor, radius) in enumerate(LEVELS):
        ac, bc = _pool(a, factor), _pool(b, factor)
        if last is None:
            lo = np.zeros(len(ac), np.int64)
            hi = np.full(len(ac), len(bc), np.int64)
        else:
            lo, hi = _band_from_path(last, prev_factor // factor, len(ac), len(bc), radius)
        bs = _pool(b_speech.astype(np.float32), factor)
        cap = None
        if last is not None and CALIBRATE_QUANTILE > 0:
            cap = _calibrated_cap(ac, bc, bs, last, prev_factor // factor)
        bg = _pool(b_gap.astype(np.float32), factor)
        vertical = _vertical_costs(ac, bc, bs, bg, rng, cap)
        a_pause = None if a_speech is None else 1.0 - _pool(a_speech.astype(np.float32), factor)
        finite = vertical[0][bs <= 0.5]  # the caps at synthetic pauses and gaps
        # PAUSE_SKIP of the skip cap, and never above any column's cap (dtw_band relies on it)
        pause_cap = min(PAUSE_SKIP * float(finite.max(initial=0.0)), float(finite.min(initial=np.inf)))
        last = dtw_band(ac, bc, lo, hi, vertical, cancelled, a_pause, pause_cap)
        prev_factor = factor
        if progress:
            progress((level + 1) / len(LEVELS))
    # First real row at which each synthetic column is reached, back at 10 ms frames.
    rows = np.searchsorted(last, np.arange(len(b)) // prev_factor, side="left")
    return np.minimum(rows * prev_factor, len(a) - 1)
