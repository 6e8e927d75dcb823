"""Translation progress per document catalog: entries and words, by state."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .markup import strip_tags
from .model import Catalog

_WORD = re.compile(r"\w+")
STATES = ("translated", "fuzzy", "untranslated")


def words(markup: str) -> int:
    """Words of a message's text (inline tags not counted)."""
    return len(_WORD.findall(strip_tags(markup)))


@dataclass(frozen=True)
class Stats:
    """Counts for one catalog (or a total): entries and source words per state."""

    name: str
    lang: str
    entries: dict[str, int]
    words: dict[str, int]

    def percent(self, state: str, of: str = "words") -> float:
        counts = self.words if of == "words" else self.entries
        total = sum(counts.values())
        return 100.0 * counts[state] / total if total else 100.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["percent"] = {s: round(self.percent(s), 1) for s in STATES}
        return data


def state_of(message) -> str:
    return "translated" if message.translated else "fuzzy" if message.fuzzy and message.string \
        else "untranslated"


def catalog_stats(name: str, lang: str, catalog: Catalog) -> Stats:
    entries = dict.fromkeys(STATES, 0)
    counted = dict.fromkeys(STATES, 0)
    for m in catalog:
        state = state_of(m)
        entries[state] += 1
        counted[state] += words(m.id)
    return Stats(name, lang, entries, counted)


def total(stats: list[Stats], lang: str) -> Stats:
    return Stats("total", lang,
                 {s: sum(x.entries[s] for x in stats) for s in STATES},
                 {s: sum(x.words[s] for x in stats) for s in STATES})
