"""Align two versions of a text block by block: the cost of each bead, and the search.

A bead's cost (lower is better) adds up
- the embedding distance ``1 - cos`` of its two sides (runs of up to 4 blocks),
  normalised by how far each side is from random blocks of the other version
  (Vecalign's normalisation, so that generic text does not look like a match), or for
  sentences from its nearest blocks and pairs of blocks there (CSLS);
- a Gale–Church length term (the character-length ratio of the two sides);
- the cross-script anchors both sides share (numbers, codes, names…);
- a penalty when a heading faces a block that is not one (block kinds of imported text are
  guesses, so only this distinction counts, and lightly);
- a fixed price per bead type, so that merges and splits are used only when they pay;
- for a merge or a split, a penalty when the run is less similar to the other side than
  its best single block is (the extra block is then an untranslated one, not a part).
A block left unaligned (1-0, 0-1) costs ``skip``. The search takes two steps (Bertalign's):
1-1 beads and skips first, then every bead type up to 1-4/4-1 and 2-2 near those 1-1
anchors. Long texts are first aligned on groups of blocks, and the first step searched in
a band around that coarse path. Sentences (one a line) have weights of their own
(:data:`SENTENCE_PARAMS`). Each bead's confidence comes from its margin over the best
alignment without it (:mod:`.confidence`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Sequence

import numpy as np

from .anchors import Glossary, anchor_vectors
from .encoder import Encoder
from .confidence import margins
from .search import anchor_band, band_around, search

MATCH_TYPES = ((1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (4, 1), (1, 4))
MAX_RUN = 4
FULL_SEARCH_CELLS = 400_000  # up to ~630 × 630 blocks: no band needed
COARSE_BLOCKS = 300  # blocks per side at the coarse level
NEIGHBOUR_POOL = 2048  # blocks and pairs of the other version searched for a window's nearest


@dataclass(frozen=True)
class Params:
    """The weights of the bead cost, tuned on ``align-dev`` (``benchmarks/bench_align.py``).

    ``size_power`` scales the embedding distance by ((a + b) / 2) ** size_power, so a
    run of blocks must match better than a single one; ``gain`` weighs the penalty of a
    merge or split that is no more similar than its best single block. align-dev has no
    2-2, 1-3 or 3-1 beads: their price is the highest that leaves its F1 and 1-0/0-1
    recall unchanged, checked on such beads made from its clean sets (tests/test_align.py);
    1-4 and 4-1 cost half as much again.
    """

    emb: float = 1.0
    length: float = 0.04
    anchor: float = 0.3
    kind: float = 0.3
    skip: float = 0.4
    type_cost: dict = field(default_factory=lambda: {
        (1, 1): 0.0, (2, 1): 0.12, (1, 2): 0.12, (2, 2): 0.3, (3, 1): 0.3, (1, 3): 0.3,
        (4, 1): 0.45, (1, 4): 0.45})
    size_power: float = 1.5
    gain: float = 8.0
    window: int = 5  # blocks either side of the 1-1 anchors searched by the second step
    neighbours: int = 0  # normalise by the k nearest blocks of the other version, not random ones


# Sentences, one a line, as translators split and join them (MAC-Dev ZH–EN, human gold):
# merges are common and deletions rare, so a skip costs more, a run is hardly penalised
# for its size (a 1-3 the embeddings support is not broken into 1-1 + 0-1 + 0-1), and a
# merge need not beat its best single sentence (a short sentence adds little to a run).
# Distances are normalised by each sentence's 4 nearest sentences or sentence pairs in the
# other version (a short, generic sentence is near many), which makes them larger, hence
# the dearer skip.
SENTENCE_PARAMS = Params(
    length=0.15, skip=1.2, size_power=1.15, gain=0.0, neighbours=4,
    type_cost={k: 1.5 * v for k, v in Params().type_cost.items()})


@dataclass(frozen=True)
class AlignedBead:
    """English block positions, Russian block positions, and a confidence in [0, 1]."""

    en: tuple[int, ...]
    ru: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.en)}-{len(self.ru)}"


@dataclass
class Side:
    """What the cost needs of one version: window vectors, their normalisers, anchors, lengths."""

    vecs: dict[int, np.ndarray]
    norm: dict[int, np.ndarray]
    anchors: dict[int, np.ndarray]
    chars: np.ndarray  # prefix sums of character counts
    kinds: np.ndarray

    @property
    def n(self) -> int:
        return len(self.kinds)


def prepare(encoder: Encoder, texts: Sequence[str], lang: str, kinds: Sequence[int] | None = None,
            glossary: Glossary | None = None, pair: Sequence[str] = ("en", "ru")) -> Side:
    """The window vectors (runs of 1..MAX_RUN blocks) and anchor windows of one version."""
    pooled = encoder.pooled(texts)
    vecs = {k: encoder.windows(pooled, k) for k in range(1, MAX_RUN + 1)}
    bags = anchor_vectors(texts, lang, glossary, pair=pair)
    cum = np.concatenate((np.zeros((1, bags.shape[1]), np.float32), np.cumsum(bags, axis=0)))
    anchors = {}
    for k in range(1, MAX_RUN + 1):
        win = cum[k:] - cum[:-k] if len(texts) >= k else np.zeros((0, bags.shape[1]), np.float32)
        norms = np.linalg.norm(win, axis=1, keepdims=True)
        anchors[k] = np.divide(win, norms, out=np.zeros_like(win), where=norms > 0)
    return Side(
        vecs=vecs, norm={}, anchors=anchors,
        chars=np.concatenate(([0], np.cumsum([max(1, len(t)) for t in texts]))).astype(np.float64),
        kinds=np.array(kinds if kinds is not None else [0] * len(texts), np.int64),
    )


def normalise(en: Side, ru: Side, samples: int = 24, seed: int = 7, neighbours: int = 0) -> None:
    """The normaliser of every window's distance to the other version.

    Vecalign's by default: the mean distance to *samples* random single blocks of the
    other version. With *neighbours* k, the mean distance to its k nearest blocks or
    pairs of neighbouring blocks there (CSLS, as in bitext mining): a window close to
    many (a short or generic sentence, a "hub") must then match better than one close
    to few, and a sentence translated by two is measured against that pair too (longer
    runs are near everything, so they are left out). The nearest are sought among at
    most ``NEIGHBOUR_POOL`` of them, a random sample for long versions, so that time
    stays linear.
    """
    rng = np.random.default_rng(seed)
    for side, other in ((en, ru), (ru, en)):
        pool = other.vecs[1]
        if neighbours:
            pool = np.concatenate((pool, other.vecs[2]))
            if len(pool) > NEIGHBOUR_POOL:
                pool = pool[np.sort(rng.choice(len(pool), size=NEIGHBOUR_POOL, replace=False))]
            side.norm = {k: _nearest_distance(v, pool, neighbours) for k, v in side.vecs.items()}
            continue
        pick = pool[rng.choice(len(pool), size=min(samples, len(pool)), replace=False)]
        side.norm = {k: np.maximum(1.0 - v @ pick.T, 1e-3).mean(axis=1) if len(v) else v[:, 0]
                     for k, v in side.vecs.items()}


def _nearest_distance(vecs: np.ndarray, pool: np.ndarray, k: int, chunk: int = 1024) -> np.ndarray:
    """Mean ``1 - cos`` of each row of *vecs* to its *k* nearest rows of *pool*."""
    k = min(k, len(pool))
    out = np.empty(len(vecs))
    for start in range(0, len(vecs), chunk):
        sim = vecs[start:start + chunk] @ pool.T
        top = np.partition(sim, len(pool) - k, axis=1)[:, len(pool) - k:]
        out[start:start + chunk] = np.maximum(1.0 - top.mean(axis=1), 1e-3)
    return out


class BeadCost:
    """``cost(a, b, i, js)`` of the search: see the module docstring."""

    def __init__(self, en: Side, ru: Side, params: Params):
        self.en, self.ru, self.p = en, ru, params
        self.ratio = (ru.chars[-1] / en.chars[-1]) if en.chars[-1] else 1.0

    def __call__(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        en, ru, p = self.en, self.ru, self.p
        s, rs = i - a, js - b
        if a > MAX_RUN or b > MAX_RUN:
            return np.full(len(js), np.inf)
        r0, r1 = rs[0], rs[-1] + 1
        cos = ru.vecs[b][r0:r1] @ en.vecs[a][s]
        dist = (1.0 - cos) / ((en.norm[a][s] + ru.norm[b][r0:r1]) / 2)
        cost = p.emb * dist * ((a + b) / 2) ** p.size_power
        cost += p.length * gale_church(en.chars[i] - en.chars[s], (ru.chars[js] - ru.chars[rs]), self.ratio)
        x = en.anchors[a][s]
        if x.any():
            cost -= p.anchor * (ru.anchors[b][r0:r1] @ x)
        cost += p.kind * (en.kinds[s] != ru.kinds[rs])
        cost += p.type_cost[(a, b)]
        if (a == 1) != (b == 1):
            cost += p.gain * np.maximum(0.0, self._best_part(a, b, s, r0, r1) - cos)
        return cost

    def _best_part(self, a: int, b: int, s: int, r0: int, r1: int) -> np.ndarray:
        """Best similarity of one block of the longer side alone: a merge must beat it."""
        en, ru = self.en, self.ru
        if b == 1:
            ys = ru.vecs[1][r0:r1]
            return np.max([ys @ en.vecs[1][s + k] for k in range(a)], axis=0)
        singles = ru.vecs[1][r0:r1 + b - 1] @ en.vecs[1][s]
        return np.max([singles[k:k + r1 - r0] for k in range(b)], axis=0)


def gale_church(len_en: float | np.ndarray, len_ru: np.ndarray, ratio: float,
                variance: float = 6.8) -> np.ndarray:
    """−log P(length ratio) of Gale & Church (1993), characters, two-sided normal tail."""
    mean = (len_en + len_ru / ratio) / 2
    delta = (len_ru / ratio - len_en) / np.sqrt(np.maximum(mean, 1.0) * variance)
    tail = _erfc(np.abs(delta) / math.sqrt(2))
    return -np.log(np.maximum(tail, 1e-12))


def _erfc(x: np.ndarray) -> np.ndarray:
    """erfc for x ≥ 0 (Abramowitz & Stegun 7.1.26; numpy has none and scipy is not needed)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return poly * np.exp(-x * x)


# ---------------------------------------------------------------- the aligner


def align_sides(en: Side, ru: Side, params: Params = Params()) -> list[AlignedBead]:
    """Beads covering every block of both versions once, in order, with confidences.

    Two steps, as Bertalign: 1-1 beads and skips only, which fix anchors cheaply; then
    every bead type, searched only near those anchors (``params.window`` blocks around
    the stretch between two of them), so merges and splits are found where the first
    step had to skip.
    """
    n, m = en.n, ru.n
    if n == 0 or m == 0:
        return [AlignedBead((i,), (), 1.0) for i in range(n)] + [AlignedBead((), (j,), 1.0) for j in range(m)]
    normalise(en, ru, neighbours=params.neighbours)
    cost = BeadCost(en, ru, params)
    lo = hi = None
    if (n + 1) * (m + 1) > FULL_SEARCH_CELLS:
        lo, hi = _coarse_band(en.vecs[1], ru.vecs[1])
    skip_en, skip_ru = np.full(n, params.skip), np.full(m, params.skip)
    first, _ = search(n, m, ((1, 1),), cost, skip_en, skip_ru, lo, hi)
    lo, hi = anchor_band(first, n, m, params.window)
    path, _ = search(n, m, MATCH_TYPES, cost, skip_en, skip_ru, lo, hi)
    found = margins(n, m, MATCH_TYPES, cost, skip_en, skip_ru, path)
    return [AlignedBead(tuple(range(i - a, i)), tuple(range(j - b, j)), _confidence(margin, params))
            for (a, b, i, j), margin in zip(path, found)]


def _confidence(margin: float, params: Params) -> float:
    """The margin over the best alignment without the bead, squashed to (0, 1): 0.5 for a
    tie, and a slope (6 per unit of the skip cost) that on MAC-Dev and Bleualign's
    development set makes it about the share of beads that are right
    (``benchmarks/bench_align.py`` prints that table)."""
    return round(1.0 / (1.0 + math.exp(-6.0 * min(margin / params.skip, 10.0))), 4)


def _coarse_band(en: np.ndarray, ru: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Align groups of *factor* blocks (their mean vectors), recursively, and widen to a band."""
    n, m = len(en), len(ru)
    factor = max(2, math.ceil(max(n, m) / COARSE_BLOCKS))
    ce, cr = _group(en, factor), _group(ru, factor)
    sim = _Coarse(ce, cr)
    lo = hi = None
    if (len(ce) + 1) * (len(cr) + 1) > FULL_SEARCH_CELLS:
        lo, hi = _coarse_band(ce, cr)
    path, _ = search(len(ce), len(cr), ((1, 1), (2, 1), (1, 2)), sim,
                     np.full(len(ce), 0.7), np.full(len(cr), 0.7), lo, hi)
    return band_around(path, factor, n, m, margin=factor + 8)


def _group(vecs: np.ndarray, factor: int) -> np.ndarray:
    count = math.ceil(len(vecs) / factor)
    sums = np.add.reduceat(vecs, np.arange(count) * factor, axis=0)
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)


class _Coarse:
    """Bead cost on grouped vectors: distance of the groups' mean directions."""

    def __init__(self, en: np.ndarray, ru: np.ndarray):
        self.en, self.ru = en, ru

    def __call__(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        x = self.en[i - a:i].sum(axis=0)
        ys = sum(self.ru[js - b + k] for k in range(b))
        cos = ys @ x / np.maximum(np.linalg.norm(ys, axis=1) * np.linalg.norm(x), 1e-12)
        return (1.0 - cos) * (a + b) / 2 + 0.05 * (a + b - 2)


# Blocks a note has once, whose place differs between languages (a Russian note puts the
# closing formula before the enclosure line): paired by kind, outside the ordered search.
STRUCTURAL_KINDS = ("EnclosureLine", "ClosingFormula", "PlaceDate")


def align_texts(
    en: Sequence[str], ru: Sequence[str], encoder: Encoder, *,
    en_kinds: Sequence[str] | None = None, ru_kinds: Sequence[str] | None = None,
    glossary: Glossary | None = None, params: Params = Params(), langs: Sequence[str] = ("en", "ru"),
) -> list[AlignedBead]:
    """Align blocks *en* with blocks *ru* (texts, optionally their kinds), in the languages
    *langs* (English and Russian unless told: the anchors depend on the pair).

    A structural block present once in each version (:data:`STRUCTURAL_KINDS`) is
    paired with its counterpart wherever that stands; where such pairs cross, they (and
    any bead between them) become one bead (a 2-2 for two swapped blocks), so the beads
    stay in the order of both versions. The catalog pairs its blocks again by kind.
    """
    pinned = _structural_pairs(en_kinds, ru_kinds)
    keep_en = [i for i in range(len(en)) if i not in pinned]
    keep_ru = sorted(set(range(len(ru))) - set(pinned.values()))

    def side(texts: Sequence[str], kinds: Sequence[str] | None, keep: list[int], lang: str) -> Side:
        known = [int(kinds[k] == "Heading") for k in keep] if kinds and en_kinds and ru_kinds else None
        return prepare(encoder, [texts[k] for k in keep], lang, known, glossary, langs)

    found = align_sides(side(en, en_kinds, keep_en, langs[0]), side(ru, ru_kinds, keep_ru, langs[1]), params)
    beads = [AlignedBead(tuple(keep_en[i] for i in b.en), tuple(keep_ru[j] for j in b.ru), b.score)
             for b in found]
    beads += [AlignedBead((i,), (j,), 1.0) for i, j in pinned.items()]
    return monotone(beads, len(en), len(ru))


def monotone(beads: Sequence[AlignedBead], n: int, m: int) -> list[AlignedBead]:
    """The finest beads in the order of both versions that keep every given pairing.

    *beads* cover each of the *n* English and *m* Russian blocks once, but may cross or
    have gaps (a pinned pair inside a merge). Beads that cross are joined, with what lies
    between them, into one bead whose score is the lowest of its parts.
    """
    owner_en, owner_ru = [0] * n, [0] * m
    for k, bead in enumerate(beads):
        for i in bead.en:
            owner_en[i] = k
        for j in bead.ru:
            owner_ru[j] = k
    out: list[AlignedBead] = []
    x = y = 0
    while x < n or y < m:
        # a block left out goes first, alone; otherwise the group starts at the next English block
        en_alone = x < n and not beads[owner_en[x]].ru
        ru_alone = y < m and not beads[owner_ru[y]].en
        group = {owner_ru[y] if x == n or (ru_alone and not en_alone) else owner_en[x]}
        x_end, y_end = x, y  # the group covers English x..x_end-1 and Russian y..y_end-1
        while True:  # widen until no bead of the group reaches past its ranges
            x_hi = max((i + 1 for k in group for i in beads[k].en), default=x_end)
            y_hi = max((j + 1 for k in group for j in beads[k].ru), default=y_end)
            if x_hi <= x_end and y_hi <= y_end:
                break
            group.update(owner_en[x_end:x_hi])
            group.update(owner_ru[y_end:y_hi])
            x_end, y_end = max(x_end, x_hi), max(y_end, y_hi)
        parts = [beads[k] for k in group]
        out.append(parts[0] if len(parts) == 1 else AlignedBead(
            tuple(range(x, x_end)), tuple(range(y, y_end)), min(b.score for b in parts)))
        x, y = x_end, y_end
    return out


def _structural_pairs(en_kinds: Sequence[str] | None, ru_kinds: Sequence[str] | None) -> dict[int, int]:
    if not en_kinds or not ru_kinds:
        return {}
    pairs = {}
    for kind in STRUCTURAL_KINDS:
        i, j = [k for k, x in enumerate(en_kinds) if x == kind], [k for k, x in enumerate(ru_kinds) if x == kind]
        if len(i) == 1 and len(j) == 1:
            pairs[i[0]] = j[0]
    return pairs


def gale_church_align(en: Sequence[str], ru: Sequence[str]) -> list[AlignedBead]:
    """Plain Gale–Church (lengths only, their bead priors): the baseline of the benchmark."""
    cen = np.concatenate(([0], np.cumsum([len(t) for t in en]))).astype(np.float64)
    cru = np.concatenate(([0], np.cumsum([len(t) for t in ru]))).astype(np.float64)
    ratio = cru[-1] / cen[-1] if cen[-1] else 1.0
    prior = {(1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
    skip = -math.log(0.0099 / 2)

    def cost(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        return gale_church(cen[i] - cen[i - a], cru[js] - cru[js - b], ratio) - math.log(prior[(a, b)])

    n, m = len(en), len(ru)
    lo = hi = None
    if (n + 1) * (m + 1) > FULL_SEARCH_CELLS:  # Gale–Church's own band: around the diagonal
        width = max(50, abs(n - m) + 50)
        diag = np.arange(n + 1) * (m / max(n, 1))
        lo = np.clip(diag - width, 0, m).astype(np.int64)
        hi = np.clip(diag + width + 1, 1, m + 1).astype(np.int64)
        lo[0], hi[-1] = 0, m + 1
    path, _ = search(n, m, tuple(prior), cost, np.full(n, skip), np.full(m, skip), lo, hi)
    return [AlignedBead(tuple(range(i - a, i)), tuple(range(j - b, j)), 1.0) for a, b, i, j in path]
