"""Speed of catalog updates and memory look-ups, printed as a table.

* Updating a 10,000-entry catalog after 20% of its English paragraphs changed: our
  ``update`` (read PO and POT, merge, write) against GNU ``msgmerge --previous`` (fuzzy
  matching on) on the same files in the same run, with the number of fuzzy entries each
  produced.
* Filling a new 10,000-paragraph document from a 100,000-segment memory: total time and
  the p50/p95 latency of one look-up (exact, then fuzzy at 75).

The texts are real English–Russian pairs (``benchmarks/data/align-dev``, the two 1-1 sets),
combined two by two into distinct paragraphs.

Run: .venv/bin/python benchmarks/bench_update.py
"""

from __future__ import annotations

import random
import subprocess
import tempfile
import time
from pathlib import Path

from cica_publish.catalogs.memory import TranslationMemory
from cica_publish.catalogs.model import Catalog, Message
from cica_publish.catalogs.po import generate_po, read_po_file, write_po
from cica_publish.catalogs.update import UpdateOptions, merge

ALIGN_DEV = Path(__file__).resolve().parent / "data" / "align-dev"


def pairs() -> list[tuple[str, str]]:
    out = []
    for name in ("un2015-clean", "wmt21-ruen-news-clean"):
        en = (ALIGN_DEV / name / "en.txt").read_text(encoding="utf-8").split("\n\n")
        ru = (ALIGN_DEV / name / "ru.txt").read_text(encoding="utf-8").split("\n\n")
        out += [(e.strip(), r.strip()) for e, r in zip(en, ru) if e.strip() and r.strip()]
    return out


def paragraphs(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """*n* distinct paragraphs, each two real pairs joined (all combinations are distinct)."""
    base = pairs()
    combos = rng.sample(range(len(base) ** 2), n)
    return [(f"{base[c // len(base)][0]} {base[c % len(base)][0]}",
             f"{base[c // len(base)][1]} {base[c % len(base)][1]}") for c in combos]


def change(text: str, rng: random.Random) -> str:
    """An editor's small change: one word replaced, or a clause added."""
    words = text.split()
    k = rng.randrange(len(words))
    words[k] = "revised" if rng.random() < 0.5 else words[k] + ", as amended,"
    return " ".join(words)


def bench_update(folder: Path) -> list[tuple[str, float, str]]:
    rng = random.Random(4)
    texts = paragraphs(10_000, rng)
    old = Catalog.new("ru", "bench")
    pot = Catalog.new(None, "bench")
    for n, (en, ru) in enumerate(texts):
        context = f"bench/p{n}"
        old.add(Message(en, ru, context=context, locations=(("sources/bench.en.xml", n + 1),)))
        new = change(en, rng) if rng.random() < 0.2 else en
        pot.add(Message(new, context=context, locations=(("sources/bench.en.xml", n + 1),)))
    po_path, pot_path = folder / "bench.po", folder / "bench.pot"
    po_path.write_text(generate_po(old), encoding="utf-8")
    pot_path.write_text(generate_po(pot), encoding="utf-8")

    start = time.perf_counter()
    ours_old, template = read_po_file(po_path), read_po_file(pot_path)
    merged, counts = merge(template, ours_old, TranslationMemory(), "ru", UpdateOptions())
    write_po(folder / "ours.po", merged)
    ours = time.perf_counter() - start

    start = time.perf_counter()
    subprocess.run(["msgmerge", "--previous", "-q", "-o", str(folder / "gnu.po"), str(po_path),
                    str(pot_path)], check=True)
    gnu = time.perf_counter() - start
    gnu_fuzzy = sum(m.fuzzy for m in read_po_file(folder / "gnu.po"))
    return [
        ("update 10,000 entries, 20% changed: ours", ours, f"{counts['fuzzy']} fuzzy"),
        ("update 10,000 entries, 20% changed: GNU msgmerge", gnu, f"{gnu_fuzzy} fuzzy"),
    ]


def bench_fill() -> list[tuple[str, float, str]]:
    rng = random.Random(5)
    texts = paragraphs(110_000, rng)
    memory = TranslationMemory()
    start = time.perf_counter()
    for n, (en, ru) in enumerate(texts[:100_000]):
        memory.add(en, ru, f"memory.po m/{n}")
    build = time.perf_counter() - start
    # a new document: a third repeated, a third edited, a third new
    new_doc = [texts[rng.randrange(100_000)][0] if k % 3 == 0 else
               change(texts[rng.randrange(100_000)][0], rng) if k % 3 == 1 else
               texts[100_000 + k][0] for k in range(10_000)]
    latencies, exact, fuzzy = [], 0, 0
    start = time.perf_counter()
    for text in new_doc:
        t0 = time.perf_counter()
        if memory.exact(text):
            exact += 1
        elif memory.fuzzy(text, 75):
            fuzzy += 1
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    latencies.sort()
    p50, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    return [
        ("index 100,000 memory segments", build, f"{len(memory)} segments"),
        ("fill 10,000 paragraphs from the memory", total, f"{exact} exact, {fuzzy} fuzzy"),
        ("one look-up, p50", p50, ""),
        ("one look-up, p95 (goal: < 20 ms)", p95, ""),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_update(Path(tmp)) + bench_fill()
    print(f"{'measure':<52} {'time':>10}  result")
    for name, seconds, result in rows:
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"{name:<52} {shown:>10}  {result}")


if __name__ == "__main__":
    main()
