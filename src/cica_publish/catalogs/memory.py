"""The translation memory: every translated entry under ``locale/<lang>/``, indexed.

Exact look-ups go through a dict. Fuzzy look-ups never compare against everything
(Babel's ``Catalog.update`` does, with difflib, and does not finish 10,000 entries):
an inverted index of word tokens picks the segments sharing the query's rarer words,
a length bound drops those that cannot reach the threshold, and only the best few
are scored with rapidfuzz's ``ratio`` (0–100, the normalized Indel similarity).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from ..errors import CicaError, Diagnostic
from .model import Catalog
from .po import read_po_file

_WORD = re.compile(r"\w+")
CANDIDATES = 60  # segments scored per fuzzy look-up (those sharing most rare words)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def number_change(stored: str, wanted: str) -> tuple[list[str], list[str]] | None:
    """The numbers of a memory's *stored* source and of the *wanted* text, where they differ
    (a translation filled from it still says the stored numbers)."""
    old, new = _NUMBER.findall(stored), _NUMBER.findall(wanted)
    return None if old == new else (old, new)


@dataclass(frozen=True)
class Match:
    """A memory hit: the stored source and translation, where it came from, its score."""

    source: str
    target: str
    origin: str
    score: float


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class TranslationMemory:
    """Source → translation pairs with exact and fuzzy look-up."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.targets: list[str] = []
        self.origins: list[str] = []
        self._exact: dict[str, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.sources)

    def add(self, source: str, target: str, origin: str) -> None:
        """Remember one pair; the first translation of a source wins (stable, by file order)."""
        if not source or not target or source in self._exact:
            return
        n = len(self.sources)
        self.sources.append(source)
        self.targets.append(target)
        self.origins.append(origin)
        self._exact[source] = n
        for token in _tokens(source):
            self._postings[token].append(n)

    def add_catalog(self, catalog: Catalog, name: str) -> None:
        """Every translated, non-fuzzy entry of *catalog* (live or obsolete)."""
        for m in catalog.messages:
            if m.string and not m.fuzzy:
                self.add(m.id, m.string, f"{name} {m.context}" if m.context else name)

    def exact(self, source: str) -> Match | None:
        n = self._exact.get(source)
        return None if n is None else Match(source, self.targets[n], self.origins[n], 100.0)

    def fuzzy(self, source: str, threshold: float = 75) -> Match | None:
        """The most similar stored source scoring at least *threshold* (not the same text)."""
        tokens = _tokens(source)
        if not tokens:
            return None
        size = len(source)
        # ratio = 2·matches/(len a + len b) ≥ t/100 bounds the other length
        low, high = size * threshold / (200 - threshold), size * (200 - threshold) / threshold
        votes: Counter[int] = Counter()
        for token in sorted(tokens, key=lambda tok: len(self._postings.get(tok, ())))[:12]:
            votes.update(self._postings.get(token, ()))
        sources = self.sources
        candidates = [n for n, _ in votes.most_common(CANDIDATES)
                      if low <= len(sources[n]) <= high and sources[n] != source]
        hit = process.extractOne(source, [sources[n] for n in candidates], scorer=fuzz.ratio,
                                 score_cutoff=threshold)
        if hit is None:
            return None
        n = candidates[hit[2]]
        return Match(sources[n], self.targets[n], self.origins[n], hit[1])


def load_memory(catalogs: Iterable[Path], root: Path,
                read: dict[Path, Catalog] | None = None) -> tuple[TranslationMemory, list[Diagnostic]]:
    """A memory from the PO files *catalogs*; unreadable ones are reported, not used.
    *read*, if given, receives each catalog read (so a caller need not parse it again)."""
    memory = TranslationMemory()
    problems: list[Diagnostic] = []
    for path in sorted(catalogs):
        try:
            catalog = read_po_file(path)
        except CicaError as exc:
            problems.extend(exc.diagnostics)
            continue
        if read is not None:
            read[path] = catalog
        memory.add_catalog(catalog, path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
    return memory, problems
