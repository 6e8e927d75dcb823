"""Our QA against translate-toolkit's ``pofilter``: planted errors found, false alarms, time.

Two measurements, each tool on the same files:

* **held-out** (``benchmarks/data/qa-heldout/heldout.po``, and its sibling ``dev.po`` the checks
  were tuned on): real professional English→Russian translations (UN 2015 test set, WMT22
  en-ru references) with planted errors, built by ``benchmarks/data/qa-heldout/make.py`` from
  the committed raw data. A planted entry counts as found when the tool reports something on
  it that it does not report on the clean entry it was copied from (``# clean:``), so an
  alarm the clean text already raises never counts as a find. Recall is per planted entry;
  the false-alarm rate is the share of clean entries that get any report (warnings included).
* **planted** (``tests/data/qa-planted.po``): the project's own cases (decimal commas, « »,
  dates, acronyms through the glossary, inflected terms), each naming its check; the time is
  on that file repeated to 10,000 entries.

Run: .venv/bin/python benchmarks/bench_qa.py   (pofilter: pip install -e '.[bench]')
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from cica_publish.catalogs.glossary import terms
from cica_publish.catalogs.model import Catalog
from cica_publish.catalogs.po import generate_po, read_po_file
from cica_publish.catalogs.qa import QAContext, check_message

ROOT = Path(__file__).resolve().parents[1]
PLANTED = ROOT / "tests" / "data" / "qa-planted.po"
HELDOUT = ROOT / "benchmarks" / "data" / "qa-heldout"
GLOSSARY = ROOT / "locale" / "ru" / "LC_MESSAGES" / "glossary.po"
POFILTER = Path(sys.executable).with_name("pofilter")

Reports = dict[str, set[str]]  # msgctxt → what the tool said (check names or messages)


def ours(path: Path) -> tuple[Reports, float]:
    ctx = QAContext.with_glossary("ru", path.name, terms(read_po_file(GLOSSARY)))
    catalog = read_po_file(path)
    start = time.perf_counter()
    found = {m.context: {d.message.split(":", 1)[0] for d in check_message(m, ctx)} for m in catalog}
    return found, time.perf_counter() - start


def pofilter(path: Path) -> tuple[Reports, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pofilter-out.po"
        start = time.perf_counter()
        subprocess.run([str(POFILTER), "--language=ru", "--progress=none", "-i", str(path),
                        "-o", str(out)], check=True, capture_output=True)
        elapsed = time.perf_counter() - start
        found: Reports = {m.context: set() for m in read_po_file(path)}
        for m in read_po_file(out):
            found[m.context] = {c.split(":")[0] for c in m.translator_comments if "(pofilter)" in c}
    return found, elapsed


Tool = Callable[[Path], tuple[Reports, float]]


@dataclasses.dataclass
class Score:
    found: int
    planted: int
    alarms: int
    clean: int
    missed: Counter[str]

    def row(self) -> str:
        return (f"{self.found}/{self.planted} = {self.found / self.planted:.3f}",
                f"{self.alarms}/{self.clean} = {self.alarms / self.clean:.1%}")


def score_heldout(catalog: Catalog, reports: Reports) -> Score:
    """Recall over planted entries (something new reported), false alarms over clean ones."""
    planted = [m for m in catalog if m.comment_value("planted:") != "none"]
    clean = [m for m in catalog if m.comment_value("planted:") == "none"]
    missed: Counter[str] = Counter(m.comment_value("planted:") for m in planted
                                   if not reports[m.context] - reports[m.comment_value("clean:")])
    return Score(len(planted) - sum(missed.values()), len(planted),
                 sum(bool(reports[m.context]) for m in clean), len(clean), missed)


def repeated(folder: Path, times: int) -> Path:
    """The planted catalog repeated *times* over (distinct contexts), for timing."""
    catalog = read_po_file(PLANTED)
    base = list(catalog)
    catalog.messages = [dataclasses.replace(m, context=f"{m.context}/{k}") for k in range(times) for m in base]
    path = folder / "qa-10k.po"
    path.write_text(generate_po(catalog), encoding="utf-8")
    return path


def main() -> None:
    tools: list[tuple[str, Tool]] = [("ours (cica-publish qa)", ours)]
    if POFILTER.exists():
        tools.append(("translate-toolkit pofilter", pofilter))
    else:
        print("pofilter not installed (pip install -e '.[bench]'); showing ours only\n")
    print(f"{'set':<10} {'tool':<28} {'recall (planted found)':>24} {'clean entries flagged':>22}")
    for name in ("heldout", "dev"):
        path = HELDOUT / f"{name}.po"
        catalog = read_po_file(path)
        for tool, run in tools:
            score = score_heldout(catalog, run(path)[0])
            recall, alarms = score.row()
            print(f"{name:<10} {tool:<28} {recall:>24} {alarms:>22}")
            if score.missed:
                print(f"{'':<39} missed: " + ", ".join(f"{k} {n}" for k, n in sorted(score.missed.items())))

    expected = {m.context: m.comment_value("planted:") for m in read_po_file(PLANTED)}
    planted = {c for c, check in expected.items() if check != "none"}
    correct = set(expected) - planted
    print(f"\n{'tool':<28} {'qa-planted found':>16} {'false alarms':>13} {'time, 10k entries':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        big = repeated(Path(tmp), 10_000 // len(expected) + 1)
        for tool, run in tools:
            reports, _ = run(PLANTED)
            flagged = {c for c, said in reports.items() if said}
            _, elapsed = run(big)
            print(f"{tool:<28} {len(flagged & planted):>10}/{len(planted):<5} "
                  f"{len(flagged & correct):>7}/{len(correct):<5} {elapsed:>16.2f} s")


if __name__ == "__main__":
    main()
