"""How sure the aligner is of each bead: its margin over the best alignment without it.

A bead's cost alone says little (a short line has a poor embedding whether it is placed
right or not); what tells a translator where to look is whether another alignment is
nearly as cheap. For every bead of the chosen path we find the cheapest complete path
that does not contain it (a max-marginal): that path must cover one of the bead's blocks
with some other bead, so it is the cheapest path through any bead overlapping it. The
cheapest path through a bead ending at (i, j) is the forward cost to its start, its own
cost and the backward cost from (i, j) to the end; both programmes run in a narrow band
around the chosen path, so the alternatives weighed are the ones next to it, and time
stays linear.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .search import Bead, CostFn, band_around, lookup, moves, table

WIDTH = 4  # blocks either side of the chosen path where alternatives are sought


def margins(
    n: int, m: int, types: Sequence[tuple[int, int]], cost: CostFn,
    skip_en: np.ndarray, skip_ru: np.ndarray, path: Sequence[Bead], width: int = WIDTH,
) -> np.ndarray:
    """For each bead of *path* (as :func:`~.search.search` returns it), how much dearer the
    cheapest alignment without it is (≥ 0; ``inf`` where no alternative exists)."""
    lo, hi = band_around(path, 1, n, m, margin=width)
    seen: dict[tuple[int, int, int], np.ndarray] = {}

    def kept_cost(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        seen[(a, b, i)] = found = cost(a, b, i, js)  # the same columns as below: asked once
        return found

    forward, _ = table(n, m, types, kept_cost, skip_en, skip_ru, lo, hi)
    # the backward costs: the same programme on both versions reversed
    rlo, rhi = m - hi[::-1] + 1, m - lo[::-1] + 1

    def reversed_cost(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        return cost(a, b, n - i + a, (m - js + b)[::-1])[::-1]

    backward, _ = table(n, m, types, reversed_cost, skip_en[::-1], skip_ru[::-1], rlo, rhi)
    total = float(forward[n][m - lo[n]])
    chosen: dict[tuple[int, int, int], list[int]] = {}
    for a, b, i, j in path:
        chosen.setdefault((a, b, i), []).append(j)
    alt_en, alt_ru = np.full(n, np.inf), np.full(m, np.inf)
    for a, b in moves(types):
        for i in range(a, n + 1):
            js = np.arange(max(lo[i], b), hi[i])
            if not len(js):
                continue
            step = (np.full(len(js), skip_en[i - 1]) if b == 0 else
                    skip_ru[js - 1] if a == 0 else seen.pop((a, b, i)))
            through = (lookup(forward[i - a], lo[i - a], js - b) + step
                       + lookup(backward[n - i], rlo[n - i], m - js))
            for j in chosen.get((a, b, i), ()):
                if js[0] <= j <= js[-1]:
                    through[j - js[0]] = np.inf
            if a:
                alt_en[i - a:i] = np.minimum(alt_en[i - a:i], through.min())
            for k in range(b):
                np.minimum.at(alt_ru, js - b + k, through)
    out = np.empty(len(path))
    for k, (a, b, i, j) in enumerate(path):
        best = min(alt_en[i - a:i].min(initial=np.inf), alt_ru[j - b:j].min(initial=np.inf))
        out[k] = max(0.0, best - total)
    return out
