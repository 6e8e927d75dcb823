"""Speed of catalog updates and memory look-ups, printed as a table.

* Updating a 10,000-entry catalog after 20% of its English paragraphs changed, both from
  the command line in the same run, in a copy of the project (its whole memory present):
  ``cica-publish update --lang ru bench`` (read the XML source, extract the template, load
  and index the memory, merge, write) against GNU ``msgmerge --previous`` (fuzzy matching
  on) given the old PO and the new POT; the ratio ours/GNU (goal: at most 0.5) and the
  fuzzy entries each produced.
* Filling a new 10,000-paragraph document from a 100,000-segment memory: total time and
  the p50/p95 latency of one look-up (exact, then fuzzy at 75).

The texts are real English–Russian pairs (``benchmarks/data/align-dev``, the two 1-1 sets),
combined two by two into distinct paragraphs.

Run: .venv/bin/python benchmarks/bench_update.py
"""

from __future__ import annotations

import dataclasses
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from cica_publish.catalogs.memory import TranslationMemory
from cica_publish.catalogs.po import read_po_file, write_po
from cica_publish.catalogs.update import UpdateOptions, merge

ROOT = Path(__file__).resolve().parents[1]
ALIGN_DEV = ROOT / "benchmarks" / "data" / "align-dev"


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


def _source(texts: list[str]) -> str:
    """A report source with one paragraph per text (ids p0, p1 …)."""
    body = "\n".join(f'    <p id="p{n}">{escape(text)}</p>' for n, text in enumerate(texts))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<document id="bench" kind="report" lang="en" master-lang="en">\n'
            "  <meta>\n    <title>Benchmark report</title>\n  </meta>\n"
            f"  <body>\n{body}\n  </body>\n</document>\n")


def _cli(*args: str) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one command: on a shared machine the
    CPU time is the steadier of the two."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(list(args), check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_update(folder: Path) -> list[tuple[str, float, str]]:
    """``update`` and ``msgmerge`` from the command line on the same 10,000-entry catalog."""
    rng = random.Random(4)
    texts = paragraphs(10_000, rng)
    project = folder / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    for name in ("sources", "locale", "layouts", "register"):
        shutil.copytree(ROOT / name, project / name)
    source = project / "sources" / "reports" / "bench.en.xml"
    source.write_text(_source([en for en, _ in texts]), encoding="utf-8")
    cli = [sys.executable, "-m", "cica_publish.cli", "-C", str(project)]
    subprocess.run([*cli, "extract", "bench"], check=True, capture_output=True)
    po = project / "locale" / "ru" / "LC_MESSAGES" / "bench.po"
    pot = project / "locale" / "templates" / "bench.pot"
    old = merge(read_po_file(pot), None, TranslationMemory(), "ru", UpdateOptions())[0]
    translation = dict(texts)
    old.messages = [dataclasses.replace(m, string=translation.get(m.id, "Контрольный отчёт"))
                    for m in old.messages]
    write_po(po, old)
    old_po = folder / "old.po"
    shutil.copy(po, old_po)
    # the editor changes a fifth of the paragraphs; msgmerge gets the new template made from it
    source.write_text(_source([change(en, rng) if rng.random() < 0.2 else en for en, _ in texts]),
                      encoding="utf-8")
    subprocess.run([*cli, "extract", "bench"], check=True, capture_output=True)

    ours, ours_cpu = _cli(*cli, "update", "--lang", "ru", "bench")
    gnu, gnu_cpu = _cli("msgmerge", "--previous", "-q", "-o", str(folder / "gnu.po"), str(old_po), str(pot))
    ours_fuzzy = sum(m.fuzzy for m in read_po_file(po))
    gnu_fuzzy = sum(m.fuzzy for m in read_po_file(folder / "gnu.po"))
    return [
        ("update 10,000 entries, 20% changed: cica-publish", ours,
         f"{ours_fuzzy} fuzzy, CPU {ours_cpu:.2f} s"),
        ("update 10,000 entries, 20% changed: GNU msgmerge", gnu,
         f"{gnu_fuzzy} fuzzy, CPU {gnu_cpu:.2f} s"),
        ("ratio ours / msgmerge (goal: at most 0.5)", ours / gnu,
         f"{ours / gnu:.2f} wall-clock, {ours_cpu / gnu_cpu:.2f} CPU"),
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
        rows = bench_update(Path(tmp)) + ([] if "--update-only" in sys.argv else bench_fill())
    print(f"{'measure':<52} {'time':>10}  result")
    for name, seconds, result in rows:
        shown = "" if name.startswith("ratio") else f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"{name:<52} {shown:>10}  {result}")


if __name__ == "__main__":
    main()
