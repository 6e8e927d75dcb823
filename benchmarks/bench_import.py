"""Speed of the plain-text importer and of id assignment, printed as a table.

For each document of ``sources/corpus.toml`` (the real seeds) and for the review repeated
ten times (≈ 0.9 MB of PDF-extracted text): reading and structuring the text, giving ids
from scratch, and giving ids again after one paragraph in ten was edited (the matching
that keeps ids across re-imports).

Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
import tomllib
from pathlib import Path

from cica_publish import tree as t
from cica_publish.ids import assign_ids
from cica_publish.readers.text import read_text

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def edit_every_tenth(doc: t.Document) -> t.Document:
    """*doc* with one text block in ten changed by a word (as an editor would)."""
    count = 0

    def edit(block: t.Block) -> t.Block:
        nonlocal count
        if isinstance(block, t.TextBlock):
            count += 1
            if count % 10 == 0:
                return dataclasses.replace(block, content=block.content + (t.Text(" (revised)"),))
        return block

    return t.map_blocks(doc, edit)


def row(name: str, path: Path, meta: t.Meta, lines: tuple[int, int] | None) -> str:
    (doc, _), read = timed(read_text, path, meta, lines=lines)
    (first, _), fresh = timed(assign_ids, doc, None)
    (_, kept), again = timed(assign_ids, edit_every_tenth(doc), first)
    blocks = len(t.text_blocks(doc))
    size = path.stat().st_size if lines is None else sum(
        len(x) for x in path.read_text(encoding="utf-8").split("\n")[lines[0] - 1 : lines[1]])
    return (f"{name:<22} {size / 1024:>8.0f} {blocks:>7} {read * 1000:>9.1f} "
            f"{fresh * 1000:>9.1f} {again * 1000:>10.1f} {kept:>6}")


def main() -> None:
    with (ROOT / "sources" / "corpus.toml").open("rb") as handle:
        entries = tomllib.load(handle)["document"]
    print(f"{'document':<22} {'kB':>8} {'blocks':>7} {'read ms':>9} {'ids ms':>9} "
          f"{'re-ids ms':>10} {'kept':>6}")
    for e in entries:
        lines = tuple(map(int, e["lines"].split("-"))) if "lines" in e else None
        meta = t.Meta(e["id"], e["kind"], e["lang"])
        print(row(f"{e['id']}.{e['lang']}", ROOT / e["seed"], meta, lines))
    review = next(e for e in entries if e["id"] == "review-2021")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "review-x10.txt"
        big.write_text("\n\n\n".join([(ROOT / review["seed"]).read_text(encoding="utf-8")] * 10),
                       encoding="utf-8")
        print(row("review-2021 ×10", big, t.Meta("review-x10", "review", "en"), None))


if __name__ == "__main__":
    main()
