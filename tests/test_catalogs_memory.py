"""The memory's index finds what a full scan finds, without scanning everything."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from cica_publish.catalogs.memory import TranslationMemory

from conftest import ALIGN_DEV


def real_pairs() -> list[tuple[str, str]]:
    out = []
    for name in ("un2015-clean", "wmt21-ruen-news-clean"):
        en = (ALIGN_DEV / name / "en.txt").read_text(encoding="utf-8").split("\n\n")
        ru = (ALIGN_DEV / name / "ru.txt").read_text(encoding="utf-8").split("\n\n")
        out += [(e.strip(), r.strip()) for e, r in zip(en, ru) if e.strip() and r.strip()]
    return out


def edited(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(2):
        k = rng.randrange(len(words))
        words[k] = "revised" if rng.random() < 0.5 else words[k] + ", as amended,"
    return " ".join(words)


def test_fuzzy_look_ups_equal_a_full_scan_on_real_text() -> None:
    rng = random.Random(1)
    pairs = real_pairs()
    memory = TranslationMemory()
    for n, (en, ru) in enumerate(pairs):
        memory.add(en, ru, f"m/{n}")
    compared = 0
    for k in range(300):
        source = pairs[rng.randrange(len(pairs))][0]
        query = edited(source, rng) if k % 2 else source[: rng.randrange(20, 200)]
        best = process.extractOne(query, [s for s in memory.sources if s != query],
                                  scorer=fuzz.ratio, score_cutoff=75)
        hit = memory.fuzzy(query, 75)
        if best is None:
            assert hit is None or hit.score >= 75
            continue
        compared += 1
        assert hit is not None and abs(hit.score - best[1]) < 1e-9, query
        assert hit.target == memory.targets[memory.sources.index(hit.source)]
    assert compared > 100


def test_exact_look_up_and_first_translation_wins() -> None:
    memory = TranslationMemory()
    memory.add("Member States", "государства-члены", "glossary.po glossary/member-states")
    memory.add("Member States", "страны-члены", "other.po x/1")
    hit = memory.exact("Member States")
    assert (hit.target, hit.origin, hit.score) == ("государства-члены", "glossary.po glossary/member-states", 100)
    assert memory.exact("member states") is None and len(memory) == 1
