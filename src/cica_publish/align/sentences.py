"""Resolve a bead of several English blocks at sentence level: who gets which sentences.

When two English paragraphs were merged into one Russian paragraph (a 2-1 bead), each
English block still needs its own translation: the Russian sentences are cut into as
many consecutive groups as there are English blocks, choosing the cut that makes every
group most similar to its English block (embeddings, with a length term).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np

from .encoder import Encoder

# A sentence ends at . ! ? … (and closing quotes/brackets) before a space and a capital,
# a digit or an opening quote (or tag) — not after an initial ("A. Pope") or a common abbreviation.
_END = re.compile(r"(?<=[.!?…])([»”\"')\]]*)\s+(?=(?:<[a-z][^>]*>)?[«“\"(\[]?[A-ZА-ЯЁ0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b[A-ZА-ЯЁ]|\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|Art|para|paras|vol|pp|p|cf|e\.g|i\.e|etc|Jan|Feb|Aug|Sept|Oct|"
    r"Nov|Dec|г|гг|т|ст|п|пп|им|ул|д|тыс|млн|млрд|руб|долл|др|см|т\.е|т\.к|т\.д|т\.п))\.$"
)
_TAG = re.compile(r"<(/?)(em|strong|nobr|a|abbr)\b[^>]*>")
MAX_SENTENCES = 40  # beyond this, cutting is not worth the search


def split_sentences(text: str) -> list[str]:
    """Sentences of *text* (PO markup allowed: never cut inside a tag pair)."""
    pieces, start = [], 0
    for match in _END.finditer(text):
        head = text[start:match.end(1)]
        if _ABBREVIATIONS.search(text[start:match.start()]) or _open_tags(text[:match.start()]):
            continue
        pieces.append(head.strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _open_tags(text: str) -> bool:
    depth = 0
    for match in _TAG.finditer(text):
        depth += -1 if match[1] else 1
    return depth > 0


def cut(encoder: Encoder, en: Sequence[str], sentences: Sequence[str]) -> tuple[list[str], float] | None:
    """*sentences* cut into ``len(en)`` consecutive groups, and the weakest group's similarity.

    ``None`` when there are fewer sentences than English blocks (nothing to cut).
    """
    k, n = len(en), len(sentences)
    if n < k or n > MAX_SENTENCES:
        return None
    en_vecs = encoder.embed(list(en))
    pooled = encoder.pooled(list(sentences))
    groups = {size: encoder.windows(pooled, size) for size in range(1, n - k + 2)}
    en_len = np.array([len(e) for e in en], float)
    ratio = sum(len(s) for s in sentences) / max(1.0, en_len.sum())
    best: tuple[float, tuple[int, ...], float] | None = None
    for cuts in itertools.combinations(range(1, n), k - 1):
        bounds = (0, *cuts, n)
        sims = [float(groups[b - a][a] @ en_vecs[i]) for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]
        lengths = [sum(len(s) for s in sentences[a:b]) for a, b in zip(bounds, bounds[1:])]
        off = sum(abs(np.log(max(1, lengths[i]) / max(1.0, en_len[i] * ratio))) for i in range(k))
        value = sum(sims) - 0.1 * off
        if best is None or value > best[0]:
            best = (value, bounds, min(sims))
    assert best is not None
    _, bounds, weakest = best
    return [" ".join(sentences[a:b]) for a, b in zip(bounds, bounds[1:])], weakest
