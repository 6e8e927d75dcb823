"""The lines of a PDF as a reader sees them (poppler's ``pdftotext -bbox-layout``), to check
what an editor checks page by page: hyphenation and headings left at the foot of a page.

Run as a script to measure: ``python tests/pdf_lines.py FILE.pdf…`` prints the hyphenated
lines of every page of each file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4
#: Lines this close to the sheet's edge are running heads and feet, not the body.
FURNITURE = 17 * MM
_NS = {"x": "http://www.w3.org/1999/xhtml"}
_HYPHENATED = re.compile(r"[^\W\d_]-$")


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    block: int  # pdftotext's block on the page
    words: tuple[str, ...]
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def text(self) -> str:
        return " ".join(self.words)


def body_lines(pdf: Path) -> list[list[Line]]:
    """Per page, the lines of the body in reading order (running heads and feet left out)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for number, page in enumerate(root.iterfind(".//x:page", _NS), 1):
        height = float(page.get("height"))
        lines = []
        for b, block in enumerate(page.iterfind(".//x:block", _NS)):
            for line in block.iterfind("x:line", _NS):
                box = [float(line.get(k)) for k in ("xMin", "xMax", "yMin", "yMax")]
                if box[2] > FURNITURE and box[3] < height - FURNITURE:
                    words = tuple(w.text or "" for w in line.iterfind("x:word", _NS))
                    lines.append(Line(number, b, words, *box))
        pages.append(lines)
    return pages


@lru_cache(maxsize=1)
def compound_prefixes() -> frozenset[str]:
    """Every "first-" (and "first-second-") of a hyphenated compound of the project's texts
    (sources, catalogs, test data): a line ending in one of these ends at the word's own
    hyphen, any other letter-hyphen at a line's end is a hyphenation."""
    found = set()
    for folder in ("sources", "locale", "tests/data"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".xml", ".po") and path.is_file():
                for compound in re.findall(r"\w+(?:-\w+)+", path.read_text(encoding="utf-8")):
                    parts = compound.split("-")
                    found.update("-".join(parts[:i]).lower() + "-" for i in range(1, len(parts)))
    return frozenset(found)


def hyphenated(line: Line) -> str | None:
    """The word fragment *line* ends with when it ends by hyphenating a word ("Secret-")."""
    if not line.words:
        return None
    last = line.words[-1].lstrip("([«“\"'")
    if _HYPHENATED.search(last) and last.lower() not in compound_prefixes():
        return last
    return None


def page_foot(lines: list[Line]) -> list[Line]:
    """The last line of each column of a page: nothing of the body below it."""
    return [a for a in lines
            if not any(b.y0 > a.y1 - 1 and b.x0 < a.x1 and a.x0 < b.x1 for b in lines)]


def hyphenation_runs(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive hyphenated lines of one block (a paragraph), in order."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if hyphenated(line) and current and current[-1].block == line.block:
            current.append(line)
        else:
            if current:
                runs.append(current)
            current = [line] if hyphenated(line) else []
    return runs + ([current] if current else [])


def main(paths: list[str]) -> None:
    for path in paths:
        pages = body_lines(Path(path))
        counts = [sum(1 for line in page if hyphenated(line)) for page in pages]
        print(f"{path}: {sum(counts)} hyphens in {len(pages)} pages, per page {counts}")


if __name__ == "__main__":
    main(sys.argv[1:])
