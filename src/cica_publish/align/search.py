"""The dynamic programme over beads, searched in a band so time and memory stay linear.

Rows are English positions ``0..n``, columns Russian positions ``0..m``; a bead of type
``(a, b)`` ends at ``(i, j)`` and covers English blocks ``i-a .. i-1`` and Russian
blocks ``j-b .. j-1``. Each row is computed at once with numpy; the ``(0, 1)`` moves
inside a row are a running minimum. The band comes from a coarser alignment of the
same texts (:func:`band_around`), as Vecalign's recursive down-sampling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Bead = tuple[int, int, int, int]  # (a, b, i, j): sizes and end positions
CostFn = Callable[[int, int, int, np.ndarray], np.ndarray]
"""``cost(a, b, i, js)``: costs of the beads ``(a, b)`` ending at row *i*, columns *js* (all ≥ b)."""


def search(
    n: int, m: int, types: Sequence[tuple[int, int]], cost: CostFn,
    skip_en: np.ndarray, skip_ru: np.ndarray,
    lo: np.ndarray | None = None, hi: np.ndarray | None = None,
) -> tuple[list[Bead], float]:
    """The cheapest path of beads from (0, 0) to (n, m) inside the band ``lo[i] <= j < hi[i]``.

    *types* are the ``(a, b)`` match beads (both ≥ 1); ``(1, 0)`` and ``(0, 1)`` cost
    ``skip_en[i]`` and ``skip_ru[j]`` for leaving that block unaligned.
    """
    if lo is None or hi is None:
        lo, hi = np.zeros(n + 1, np.int64), np.full(n + 1, m + 1, np.int64)
    rows, backs = table(n, m, types, cost, skip_en, skip_ru, lo, hi)
    kinds = moves(types)
    total = float(rows[n][m - lo[n]])
    if not np.isfinite(total):
        raise ValueError("no path inside the band")
    path: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = kinds[backs[i][j - lo[i]]]
        path.append((a, b, i, j))
        i, j = i - a, j - b
    path.reverse()
    return path, total


def moves(types: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every bead the programme may end a cell with, in the order :func:`table`'s ``backs``
    index them: the match *types*, then an English and a Russian block left unaligned."""
    return [*types, (1, 0), (0, 1)]


def table(
    n: int, m: int, types: Sequence[tuple[int, int]], cost: CostFn,
    skip_en: np.ndarray, skip_ru: np.ndarray, lo: np.ndarray, hi: np.ndarray,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The programme's rows: ``rows[i][j - lo[i]]`` is the cheapest cost from (0, 0) to
    (i, j), ``backs`` the index of its last bead in :func:`moves`."""
    kinds = moves(types)[:-1]  # the (0, 1) moves are taken along each row, after the others
    rows: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    skip_ru_cum = np.concatenate(([0.0], np.cumsum(skip_ru)))
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i])
        best = np.full(len(js), np.inf)
        back = np.full(len(js), -1, np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(kinds):
            if i - a < 0:
                continue
            start = np.searchsorted(js, b)  # columns where j - b >= 0
            if start >= len(js):
                continue
            prev = lookup(rows[i - a], lo[i - a], js[start:] - b)
            step = skip_en[i - 1] if b == 0 else cost(a, b, i, js[start:])
            total = prev + step
            better = total < best[start:]
            best[start:][better] = total[better]
            back[start:][better] = t
        # (0, 1) moves: best[j] = min_k best[k] + cost of skipping Russian blocks k .. j-1
        acc = skip_ru_cum[js]
        own = best - acc
        chained = np.minimum.accumulate(own)
        inserted = chained < own  # compared before adding back, so rounding cannot fake a move
        best = np.where(inserted, chained + acc, best)
        back[inserted] = len(kinds)
        rows.append(best)
        backs.append(back)
    return rows, backs


def lookup(row: np.ndarray, row_lo: int, js: np.ndarray) -> np.ndarray:
    """``row``'s values at columns *js* (the row starts at column *row_lo*); inf outside it."""
    idx = js - row_lo
    if not len(row):
        return np.full(len(js), np.inf)
    ok = (idx >= 0) & (idx < len(row))
    return np.where(ok, row[np.clip(idx, 0, len(row) - 1)], np.inf)


def band_around(path: Sequence[Bead], factor: int, n: int, m: int, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """The band at full resolution around a path found on blocks grouped by *factor*."""
    lo = np.full(n + 1, m + 1, np.int64)
    hi = np.zeros(n + 1, np.int64)
    for a, b, i, j in path:
        r0, r1 = (i - a) * factor, min(n, i * factor)
        c0, c1 = (j - b) * factor - margin, j * factor + margin + 1
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], c0)
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], c1)
    lo = np.clip(np.minimum.accumulate(lo[::-1])[::-1], 0, m)
    hi = np.clip(np.maximum.accumulate(hi), 1, m + 1)
    lo[0], hi[n] = 0, m + 1
    return lo, hi


def anchor_band(path: Sequence[Bead], n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """The band of the second step: between two 1-1 beads of *path* (the anchors), every
    row may reach from *window* columns before the first to *window* after the second."""
    ends = [(i, j) for a, b, i, j in path if a == 1 and b == 1 and i < n] + [(n, m)]
    lo = np.zeros(n + 1, np.int64)
    hi = np.zeros(n + 1, np.int64)
    prev_i = prev_j = 0
    for i, j in ends:
        lo[prev_i + 1:i + 1] = max(0, prev_j - window)
        hi[prev_i + 1:i + 1] = min(m, j + window) + 1
        prev_i, prev_j = i, j
    lo[0], hi[0] = 0, hi[1]  # n ≥ 1: the aligner handles an empty side itself
    return lo, hi
