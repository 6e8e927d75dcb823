#!/usr/bin/env python3
"""Import the corpus: run `cica-publish import` for every entry of sources/corpus.toml.

    tools/import_corpus.py [-C PROJECT] [ID ...]

Each entry names a seed file (and optionally a line range of it), the document's id, kind,
language and metadata; the entries are imported in the order of the file. With IDs, only
those documents are imported. The exit status is the first failing import's.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from cica_publish.cli import main as cica_publish

#: corpus.toml keys that become command-line options of `cica-publish import`.
OPTIONS = ("lines", "title", "short-title", "master-lang", "reference", "date", "place")
REPEATED = ("addressee", "enclosure", "part")


def import_argv(root: Path, entry: dict) -> list[str]:
    """The `cica-publish import` arguments for one corpus entry."""
    argv = ["-C", str(root), "import", str(root / entry["seed"]),
            "--id", entry["id"], "--kind", entry["kind"], "--lang", entry["lang"]]
    for key in OPTIONS:
        if key in entry:
            argv += [f"--{key}", str(entry[key])]
    for key in REPEATED:
        for value in entry.get(key, []):
            argv += [f"--{key}", value]
    if "pdf" in entry:
        argv.append("--pdf" if entry["pdf"] else "--no-pdf")
    return argv


def run(root: Path, only: set[str]) -> int:
    with (root / "sources" / "corpus.toml").open("rb") as handle:
        entries = tomllib.load(handle)["document"]
    for entry in entries:
        if only and entry["id"] not in only:
            continue
        status = cica_publish(import_argv(root, entry))
        if status:
            return status
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-C", dest="root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the project (default: this script's project)")
    parser.add_argument("ids", nargs="*", help="import only these documents")
    args = parser.parse_args()
    sys.exit(run(args.root.resolve(), set(args.ids)))
