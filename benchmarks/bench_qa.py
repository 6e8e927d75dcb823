"""Our QA against translate-toolkit's ``pofilter`` on the same planted-error catalog.

``tests/data/qa-planted.po`` holds correct English→Russian translations (decimal
commas, « », dates, acronyms through the glossary, inflected terms) and planted
errors, each entry naming the one check that must fire (translator comment
``planted: CHECK`` or ``planted: none``). For each tool the table shows planted
errors found (an entry with a planted error that gets any report), false alarms
(correct entries that get a report), and the time on the file repeated to 10,000
entries.

Run: .venv/bin/python benchmarks/bench_qa.py   (pofilter: pip install -e '.[bench]')
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cica_publish.catalogs.glossary import terms
from cica_publish.catalogs.po import generate_po, read_po_file
from cica_publish.catalogs.qa import QAContext, check_message

ROOT = Path(__file__).resolve().parents[1]
PLANTED = ROOT / "tests" / "data" / "qa-planted.po"
GLOSSARY = ROOT / "locale" / "ru" / "LC_MESSAGES" / "glossary.po"
POFILTER = Path(sys.executable).with_name("pofilter")


def expectations() -> dict[str, str]:
    return {m.context: m.comment_value("planted:") for m in read_po_file(PLANTED)}


def ours(path: Path) -> tuple[set[str], float]:
    ctx = QAContext.with_glossary("ru", path.name, terms(read_po_file(GLOSSARY)))
    start = time.perf_counter()
    flagged = {m.context for m in read_po_file(path) if check_message(m, ctx)}
    return flagged, time.perf_counter() - start


def pofilter(path: Path, folder: Path) -> tuple[set[str], float]:
    out = folder / "pofilter-out.po"
    start = time.perf_counter()
    subprocess.run([str(POFILTER), "--language=ru", "--progress=none", "-i", str(path), "-o", str(out)],
                   check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    return {m.context for m in read_po_file(out) if any("(pofilter)" in c for c in m.translator_comments)}, elapsed


def repeated(folder: Path, times: int) -> Path:
    """The planted catalog repeated *times* over (distinct contexts), for timing."""
    catalog = read_po_file(PLANTED)
    base = list(catalog)
    catalog.messages = [dataclasses.replace(m, context=f"{m.context}/{k}") for k in range(times) for m in base]
    path = folder / "qa-10k.po"
    path.write_text(generate_po(catalog), encoding="utf-8")
    return path


def main() -> None:
    expected = expectations()
    planted = {c for c, check in expected.items() if check != "none"}
    correct = set(expected) - planted
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tools = [("ours (cica-publish qa)", ours)]
        if POFILTER.exists():
            tools.append(("translate-toolkit pofilter", lambda path: pofilter(path, folder)))
        else:
            print("pofilter not installed (pip install -e '.[bench]'); showing ours only\n")
        big = repeated(folder, 10_000 // len(expected) + 1)
        print(f"{'tool':<28} {'planted found':>14} {'false alarms':>13} {'time, 10k entries':>18}")
        for name, run in tools:
            flagged, _ = run(PLANTED)
            _, elapsed = run(big)
            found = f"{len(flagged & planted)}/{len(planted)}"
            alarms = f"{len(flagged & correct)}/{len(correct)}"
            print(f"{name:<28} {found:>14} {alarms:>13} {elapsed:>16.2f} s")
            missed = sorted(planted - flagged, key=lambda c: int(c.split("/")[1]))
            if missed:
                print(f"{'':<28} missed: " + ", ".join(f"{c} ({expected[c]})" for c in missed))


if __name__ == "__main__":
    main()
