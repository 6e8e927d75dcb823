"""Aligner benchmark: quality and time against plain Gale–Church, and 10,000 paragraphs a side.

    .venv/bin/python benchmarks/bench_align.py [--dev benchmarks/data/align-dev] [--scale 10000]

1. On every align-dev set: strict bead F1 and seconds of plain Gale–Church and of our
   aligner (encoder and search timed apart; the encoder starts from an empty cache),
   then the pooled scores and the recall of each bead type.
2. At scale: the align-dev sets joined and repeated until each side has ``--scale``
   paragraphs (each copy's paragraphs tagged "(copy k)" / "(копия k)" so that every text
   is new to the encoder): encoder time, search time, peak traced memory of the search
   at half and full size (linear memory shows as a ratio of about 2), and F1.
3. Re-aligning after an edit: one paragraph changed, how many texts are encoded again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from cica_publish.align.aligner import align_texts, gale_church_align
from cica_publish.align.encoder import Encoder

ROOT = Path(__file__).resolve().parents[1]


def paragraphs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").strip().split("\n\n")


def load_sets(dev: Path) -> list[tuple[str, list[str], list[str], list]]:
    sets = []
    for folder in sorted(p for p in dev.iterdir() if (p / "gold.json").is_file()):
        gold = json.loads((folder / "gold.json").read_text())
        sets.append((folder.name, paragraphs(folder / "en.txt"), paragraphs(folder / "ru.txt"), gold))
    return sets


def pairs(beads) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.en, b.ru) for b in beads]


def quality(score, sets, cache: Path) -> None:
    print("1. align-dev: plain Gale–Church vs our aligner (same inputs, same run)\n")
    head = f"{'set':<24} {'GC F1':>7} {'GC s':>6} | {'F1':>7} {'encode s':>9} {'search s':>9}"
    print(head + "\n" + "-" * len(head))
    pooled_gc = pooled = None
    totals = [0.0, 0.0, 0.0]
    for name, en, ru, gold_raw in sets:
        gold = score.load_beads(gold_raw)
        t0 = time.perf_counter()
        gc = gale_church_align(en, ru)
        t_gc = time.perf_counter() - t0
        encoder = Encoder(cache)
        t0 = time.perf_counter()
        encoder.pooled(en + ru)
        t_enc = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = align_texts(en, ru, encoder)
        t_search = time.perf_counter() - t0
        c_gc, c = score.counts(gold, pairs(gc)), score.counts(gold, pairs(ours))
        pooled_gc, pooled = score.add_counts(pooled_gc, c_gc), score.add_counts(pooled, c)
        for k, v in enumerate((t_gc, t_enc, t_search)):
            totals[k] += v
        print(f"{name:<24} {score.metrics(c_gc)['strict_f1']:7.4f} {t_gc:6.2f} | "
              f"{score.metrics(c)['strict_f1']:7.4f} {t_enc:9.2f} {t_search:9.2f}")
    m_gc, m = score.metrics(pooled_gc), score.metrics(pooled)
    print("-" * len(head))
    print(f"{'pooled':<24} {m_gc['strict_f1']:7.4f} {totals[0]:6.2f} | "
          f"{m['strict_f1']:7.4f} {totals[1]:9.2f} {totals[2]:9.2f}")
    print(f"\n{'bead type':<10} {'gold':>5} {'GC recall':>10} {'our recall':>11}")
    for kind, v in m["type_recall"].items():
        print(f"{kind:<10} {v['gold']:5d} {m_gc['type_recall'][kind]['recall']:10.3f} {v['recall']:11.3f}")
    print(f"\nlax F1: Gale–Church {m_gc['lax_f1']:.4f}, ours {m['lax_f1']:.4f}")


def scaled(sets, size: int) -> tuple[list[str], list[str], list]:
    en, ru, gold = [], [], []
    copy = 0
    while len(en) < size:
        copy += 1
        for _, e, r, g in sets:
            gold += [{"en": [i + len(en) for i in b["en"]], "ru": [j + len(ru) for j in b["ru"]]} for b in g]
            en += [f"{p} (copy {copy})" for p in e]
            ru += [f"{p} (копия {copy})" for p in r]
    cut_en = size
    keep = []
    for b in gold:  # whole beads only, up to *size* English paragraphs
        if b["en"] and b["en"][-1] >= cut_en:
            break
        keep.append(b)
    last_ru = max((j for b in keep for j in b["ru"]), default=-1) + 1
    last_en = max((i for b in keep for i in b["en"]), default=-1) + 1
    return en[:last_en], ru[:last_ru], keep


def scale(score, sets, size: int, cache: Path) -> None:
    print(f"\n2. scale: {size} paragraphs a side\n")
    en, ru, gold_raw = scaled(sets, size)
    gold = score.load_beads(gold_raw)
    encoder = Encoder(cache)
    t0 = time.perf_counter()
    encoder.pooled(en + ru)
    t_enc = time.perf_counter() - t0
    print(f"encoder   {len(en) + len(ru):6d} texts   {t_enc:7.1f} s  ({(len(en) + len(ru)) / t_enc:.0f} texts/s)")
    for part in (0.5, 1.0):
        e, r = en[: int(len(en) * part)], ru[: int(len(ru) * part)]
        tracemalloc.start()
        t0 = time.perf_counter()
        beads = align_texts(e, r, encoder)
        t_search = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"search    {len(e):6d} × {len(r):<6d} {t_search:7.1f} s  peak {peak:7.1f} MiB")
    f1 = score.metrics(score.counts(gold, pairs(beads)))["strict_f1"]
    t0 = time.perf_counter()
    gc = gale_church_align(en, ru)
    t_gc = time.perf_counter() - t0
    f1_gc = score.metrics(score.counts(gold, pairs(gc)))["strict_f1"]
    print(f"total     {t_enc + t_search:7.1f} s (encoder + search), strict F1 {f1:.4f}; "
          f"Gale–Church {t_gc:.1f} s, F1 {f1_gc:.4f}")


def edit(sets, cache: Path) -> None:
    name, en, ru, _ = sets[0]
    Encoder(cache).pooled(en + ru)
    edited = list(en)
    edited[5] = edited[5] + " (revised)"
    encoder = Encoder(cache)
    align_texts(edited, ru, encoder)
    print(f"\n3. re-alignment of {name} after editing one paragraph: {encoder.encoded} text(s) encoded")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT / "benchmarks" / "data" / "align-dev")
    parser.add_argument("--scale", type=int, default=10_000, help="paragraphs a side (0: skip)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.dev))
    import score  # align-dev's scorer

    sets = load_sets(args.dev)
    with tempfile.TemporaryDirectory() as tmp:
        quality(score, sets, Path(tmp) / "dev")
        edit(sets, Path(tmp) / "dev")
        if args.scale:
            scale(score, sets, args.scale, Path(tmp) / "scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
