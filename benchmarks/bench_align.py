"""Aligner benchmark: quality and time against plain Gale–Church, and 10,000 paragraphs a side.

    .venv/bin/python benchmarks/bench_align.py [--dev benchmarks/data/align-dev] [--scale 10000]
        [--real-gold DIR [--format bertalign|bleualign] [--langs de,fr]]

1. On every align-dev set: strict bead F1 and seconds of plain Gale–Church and of our
   aligner (encoder and search timed apart; the encoder starts from an empty cache),
   then the pooled scores and the recall of each bead type.
2. At scale: the align-dev sets joined and repeated until each side has ``--scale``
   paragraphs (each copy's paragraphs tagged "(copy k)" / "(копия k)" so that every text
   is new to the encoder): encoder time, search time, peak traced memory of the search
   at half and full size (linear memory shows as a ratio of about 2), and F1.
3. Re-aligning after an edit: one paragraph changed, how many texts are encoded again.
4. With ``--real-gold DIR``: a set with human gold, one sentence a line, in Bertalign's
   layout (``DIR/<lang>/NNN`` for both languages, ``DIR/gold/NNN[.align]`` with lines
   ``[0, 1]:[0]``, source language first), e.g. Text+Berg DE–FR or MAC-Dev ZH–EN from
   github.com/bfsujason/bertalign (not committed here: see the README). Strict F1 as
   align-dev's scorer counts it and as vecalign's ``score.py`` does (the published
   figures), lax F1, and recall by bead type.
Parts 1 and 4 also print, by confidence band, how many beads are right (the catalog makes
a pair below 0.9 a fuzzy suggestion). With ``--format bleualign``, DIR is the
   ``eval`` folder of github.com/rsennrich/Bleualign: its development set (Text+Berg 1957,
   ``golddev.py``) and its test set (Text+Berg 1989, ``goldeval.py``, the same seven
   documents as Bertalign's Text+Berg) are scored one after the other, so a change is
   judged on a DE–FR set it may be tuned on and on one it may not.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from cica_publish.align.aligner import SENTENCE_PARAMS, align_texts, gale_church_align
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
    tally = Tally(score)
    totals = [0.0, 0.0, 0.0]
    for name, en, ru, gold_raw in sets:
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
        m, m_gc = tally.add(gold_raw, ours, gc)
        for k, v in enumerate((t_gc, t_enc, t_search)):
            totals[k] += v
        print(f"{name:<24} {m_gc['strict_f1']:7.4f} {t_gc:6.2f} | "
              f"{m['strict_f1']:7.4f} {t_enc:9.2f} {t_search:9.2f}")
    m, m_gc = tally.pooled()
    print("-" * len(head))
    print(f"{'pooled':<24} {m_gc['strict_f1']:7.4f} {totals[0]:6.2f} | "
          f"{m['strict_f1']:7.4f} {totals[1]:9.2f} {totals[2]:9.2f}")
    tally.tables()
    print(f"\nlax F1: Gale–Church {m_gc['lax_f1']:.4f}, ours {m['lax_f1']:.4f}")


class Tally:
    """Our beads and plain Gale–Church's scored against gold, set by set and pooled, and each
    of our beads' confidence with whether gold has it: what both quality parts print."""

    def __init__(self, score):
        self.score = score
        self.ours = self.gc = None
        self.scored: list[tuple[float, bool]] = []

    def add(self, gold_raw: list, ours, gc) -> tuple[dict, dict]:
        """Add one set; its metrics, ours then Gale–Church's."""
        gold = self.score.load_beads(gold_raw)
        c, c_gc = self.score.counts(gold, pairs(ours)), self.score.counts(gold, pairs(gc))
        self.ours, self.gc = self.score.add_counts(self.ours, c), self.score.add_counts(self.gc, c_gc)
        self.scored += right_or_wrong(gold_raw, ours)
        return self.score.metrics(c), self.score.metrics(c_gc)

    def pooled(self) -> tuple[dict, dict]:
        return self.score.metrics(self.ours), self.score.metrics(self.gc)

    def tables(self) -> None:
        """Recall by bead type, then the confidence bands."""
        type_table(*self.pooled())
        confidence_table(self.scored)


def type_table(m: dict, m_gc: dict) -> None:
    print(f"\n{'bead type':<10} {'gold':>5} {'GC recall':>10} {'our recall':>11}")
    for kind, v in m["type_recall"].items():
        print(f"{kind:<10} {v['gold']:5d} {m_gc['type_recall'][kind]['recall']:10.3f} {v['recall']:11.3f}")


CONFIDENCE_BINS = (0.5, 0.7, 0.9, 0.99, 1.0)  # a bead has at least 0.5: a tie


def right_or_wrong(gold_raw: list, beads) -> list[tuple[float, bool]]:
    """(confidence, whether gold has the same bead) for every predicted bead with two sides."""
    gold = {(tuple(sorted(b["en"])), tuple(sorted(b["ru"]))) for b in gold_raw}
    return [(b.score, (b.en, b.ru) in gold) for b in beads if b.en and b.ru]


def confidence_table(scored: list[tuple[float, bool]]) -> None:
    """How many beads fall in each confidence band and how many of them are right, and the
    chance that a right bead scores above a wrong one (ROC AUC)."""
    right = np.array([c for c, ok in scored if ok])
    wrong = np.array([c for c, ok in scored if not ok])
    auc = ((right[:, None] > wrong[None, :]).mean() + 0.5 * (right[:, None] == wrong[None, :]).mean()
           if len(right) and len(wrong) else float("nan"))
    print(f"\n{'confidence':<12} {'beads':>6} {'right':>6}   (ROC AUC {auc:.3f})")
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        inside = [ok for c, ok in scored if low <= c < high or (high == 1.0 and c == 1.0)]
        share = f"{sum(inside) / len(inside):6.2f}" if inside else f"{'–':>6}"
        print(f"{f'{low:.2f}–{high:.2f}':<12} {len(inside):6d} {share}")


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
        t0 = time.perf_counter()
        beads = align_texts(e, r, encoder)
        t_search = time.perf_counter() - t0
        tracemalloc.start()  # a second run: tracing slows the many small numpy calls several times
        align_texts(e, r, encoder)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"search    {len(e):6d} × {len(r):<6d} {t_search:7.1f} s  peak {peak:7.1f} MiB")
    f1 = score.metrics(score.counts(gold, pairs(beads)))["strict_f1"]
    t0 = time.perf_counter()
    gc = gale_church_align(en, ru)
    t_gc = time.perf_counter() - t0
    f1_gc = score.metrics(score.counts(gold, pairs(gc)))["strict_f1"]
    print(f"total     {t_enc + t_search:7.1f} s (encoder + search), strict F1 {f1:.4f}; "
          f"Gale–Church {t_gc:.1f} s, F1 {f1_gc:.4f}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")


def edit(sets, cache: Path) -> None:
    name, en, ru, _ = sets[0]
    Encoder(cache).pooled(en + ru)
    edited = list(en)
    edited[5] = edited[5] + " (revised)"
    encoder = Encoder(cache)
    align_texts(edited, ru, encoder)
    print(f"\n3. re-alignment of {name} after editing one paragraph: {encoder.encoded} text(s) encoded")


def bertalign_sets(folder: Path, langs: list[str] | None) -> tuple[list[str], list]:
    """The documents of a Bertalign-layout set: (name, source lines, target lines, gold beads).

    Without *langs*, the two language folders in the order that fits the gold's positions."""
    if langs is None:
        found = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "gold")
        langs, sets = bertalign_sets(folder, found)
        return (langs, sets) if sets else bertalign_sets(folder, found[::-1])
    if len(langs) != 2:
        raise SystemExit(f"{folder}: give --langs SRC,TGT (found {langs})")
    sets = []
    for gold_file in sorted((folder / "gold").iterdir()):
        name = gold_file.name.split(".")[0]
        src, tgt = (folder / lang / name for lang in langs)
        if not (src.is_file() and tgt.is_file()):
            continue
        lines = src.read_text(encoding="utf-8").splitlines(), tgt.read_text(encoding="utf-8").splitlines()
        gold = []
        for row in gold_file.read_text(encoding="utf-8").splitlines():
            if row.strip():
                x, y = (ast.literal_eval(part.strip()) for part in row.split(":") if part.strip())
                gold.append({"en": list(x), "ru": list(y)})
        top = [max((k for b in gold for k in b[side]), default=-1) for side in ("en", "ru")]
        if top[0] >= len(lines[0]) or top[1] >= len(lines[1]):
            return langs, []  # not this order
        sets.append((name, *lines, gold))
    return langs, sets


# Bleualign's evaluation data: sentence files (documents ended by a ".EOA" line) and gold.
BLEUALIGN_SETS = {
    "development (Text+Berg 1957)": ("eval1957", "golddev.py"),
    "test (Text+Berg 1989)": ("eval1989", "goldeval.py"),
}


def bleualign_sets(folder: Path, stem: str, gold_file: str) -> list:
    """The documents of one Bleualign evaluation set: (name, DE lines, FR lines, gold beads).

    The gold is Python source (``goldalign = [...]`` for one document, or ``gold[k] = [...]``
    with ``gold1990map`` naming document k's gold), read as literals, never run.
    """
    docs = []
    for lang in ("de", "fr"):
        text = (folder / f"{stem}.{lang}").read_text(encoding="utf-8")
        parts = [[]]
        for line in text.splitlines():
            if line.strip() == ".EOA":
                parts.append([])
            else:
                parts[-1].append(line)
        docs.append([p for p in parts if p])
    values: dict = {}
    for node in ast.parse((folder / gold_file).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id != "gold":
                values[target.id] = ast.literal_eval(node.value)
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                values.setdefault(target.value.id, {})[ast.literal_eval(target.slice)] = ast.literal_eval(node.value)
    golds = ([values["goldalign"]] if "goldalign" in values
             else [values["gold"][values["gold1990map"][k]] for k in sorted(values["gold1990map"])])
    if not len(golds) == len(docs[0]) == len(docs[1]):
        raise SystemExit(f"{folder}: {stem} has {len(docs[0])}/{len(docs[1])} documents, {gold_file} {len(golds)}")
    return [(f"{stem}-{k + 1}", de, fr, [{"en": list(x), "ru": list(y)} for x, y in gold])
            for k, (de, fr, gold) in enumerate(zip(*docs, golds))]


def real_gold(score, folder: Path, fmt: str, langs: list[str] | None, cache: Path) -> None:
    if fmt == "bleualign":
        for title, (stem, gold_file) in BLEUALIGN_SETS.items():
            gold_table(score, f"Bleualign {title}", ["de", "fr"], bleualign_sets(folder, stem, gold_file), cache)
        return
    langs, sets = bertalign_sets(folder, langs)
    gold_table(score, folder.name, langs, sets, cache)


def gold_table(score, title: str, langs: list[str], sets: list, cache: Path) -> None:
    print(f"\n4. real gold: {title} ({'–'.join(langs)}), {len(sets)} documents, one sentence a line\n")
    head = f"{'doc':<10} {'lines':>11} {'GC F1':>7} | {'strict F1':>9} {'vecalign':>9} {'s':>6}"
    print(head + "\n" + "-" * len(head))
    tally = Tally(score)
    seconds = 0.0
    for name, src, tgt, gold_raw in sets:
        encoder = Encoder(cache)
        t0 = time.perf_counter()
        ours = align_texts(src, tgt, encoder, langs=langs, params=SENTENCE_PARAMS)
        seconds += time.perf_counter() - t0
        m, m_gc = tally.add(gold_raw, ours, gale_church_align(src, tgt))
        print(f"{name:<10} {len(src):5d}×{len(tgt):<5d} {m_gc['strict_f1']:7.4f} | "
              f"{m['strict_f1']:9.4f} {m['vecalign_strict_f1']:9.4f} {time.perf_counter() - t0:6.1f}")
    m, m_gc = tally.pooled()
    print("-" * len(head))
    print(f"{'pooled':<10} {'':11} {m_gc['strict_f1']:7.4f} | {m['strict_f1']:9.4f} "
          f"{m['vecalign_strict_f1']:9.4f} {seconds:6.1f}")
    print(f"\nstrict P {m['strict_p']:.4f} R {m['strict_r']:.4f}; vecalign's strict P "
          f"{m['vecalign_strict_p']:.4f} R {m['vecalign_strict_r']:.4f}; lax F1 {m['lax_f1']:.4f}")
    tally.tables()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT / "benchmarks" / "data" / "align-dev")
    parser.add_argument("--scale", type=int, default=10_000, help="paragraphs a side (0: skip)")
    parser.add_argument("--real-gold", type=Path, metavar="DIR", help="a set with human gold (part 4)")
    parser.add_argument("--format", choices=("bertalign", "bleualign"), default="bertalign",
                        help="layout of --real-gold: Bertalign's (DIR/<lang>/NNN, DIR/gold/NNN) or "
                             "Bleualign's eval folder (both its sets)")
    parser.add_argument("--langs", help="SRC,TGT languages of --real-gold (default: its two folders)")
    parser.add_argument("--skip-dev", action="store_true", help="only --real-gold (and --scale)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.dev))
    import score  # align-dev's scorer

    sets = load_sets(args.dev)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_dev:
            quality(score, sets, Path(tmp) / "dev")
            edit(sets, Path(tmp) / "dev")
        if args.real_gold:
            real_gold(score, args.real_gold, args.format, args.langs.split(",") if args.langs else None,
                      Path(tmp) / "gold")
        if args.scale:
            scale(score, sets, args.scale, Path(tmp) / "scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
