"""Speed of reference allocation under contention, printed as a table.

For 1, 4, 16 and 30 processes allocating at once (each several numbers in a row), on a
scratch copy of the committed register: allocations per second, the slowest single
allocation (time waiting for the lock included), and a check that the numbers came out
distinct and consecutive.

Run: .venv/bin/python benchmarks/bench_register.py [ALLOCATIONS-PER-PROCESS]   (default 20)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cica_publish.register import Register

ROOT = Path(__file__).resolve().parents[1]
WORKER = """
import sys, time
from cica_publish.register import Register
register = Register(sys.argv[1], {"MIN": 1})
worst = 0.0
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    print(register.next("MIN").number)
    worst = max(worst, time.perf_counter() - start)
print(f"worst {worst}")
"""


def run(processes: int, each: int) -> tuple[float, float, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "references.sqlite3"
        shutil.copy(ROOT / "register" / "references.sqlite3", db)
        first = Register(db).entries("MIN")[-1].number + 1
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(each)],
                                  stdout=subprocess.PIPE, text=True) for _ in range(processes)]
        outputs = [p.communicate()[0].split() for p in procs]
        elapsed = time.perf_counter() - start
        numbers = sorted(int(x) for out in outputs for x in out if x.isdigit())
        worst = max(float(out[-1]) for out in outputs)
        ok = numbers == list(range(first, first + processes * each))
        return processes * each / elapsed, worst, ok


def main() -> None:
    each = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{'processes':>9}  {'allocations':>11}  {'per second':>10}  {'worst (ms)':>10}  consecutive")
    for processes in (1, 4, 16, 30):
        rate, worst, ok = run(processes, each)
        print(f"{processes:>9}  {processes * each:>11}  {rate:>10.0f}  {worst * 1000:>10.1f}  {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
