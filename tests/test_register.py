"""The reference register: concurrency, kills, damaged files, void — through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cica_publish.errors import CicaError
from cica_publish.project import find_project
from cica_publish.register import Register

from conftest import CLI, run_cli



@pytest.fixture
def project(project_copy: Path) -> Path:
    """A project copy with the committed register (MIN/1076 issued)."""
    return project_copy


def numbers(project: Path, series: str = "MIN") -> list[int]:
    out = run_cli(project, "register", "list", "--series", series, "--json")
    assert out.returncode == 0, out.stderr
    return [e["number"] for e in json.loads(out.stdout)]


def test_committed_register_has_min_1076_and_next_is_1077(project: Path) -> None:
    assert numbers(project) == [1076]
    entry = Register.of(find_project(project)).get("MIN/1076")
    assert (entry.doc_id, entry.date.isoformat(), entry.status) == ("min-1076", "2025-09-16", "issued")
    out = run_cli(project, "register", "next", "MIN")
    assert (out.returncode, out.stdout) == (0, "MIN/1077\n")
    # a committed register is self-contained: no journal or WAL left beside it
    assert sorted(p.name for p in (project / "register").iterdir()) == ["references.sqlite3"]


@pytest.mark.slow
def test_thirty_processes_at_once_get_thirty_distinct_consecutive_numbers(project: Path) -> None:
    procs = [subprocess.Popen([*CLI, "-C", str(project), "register", "next", "MIN"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(30)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0] * 30, [r[1] for r in results if r[2]]
    printed = sorted(int(out.strip().split("/")[1]) for out, _, _ in results)
    assert printed == list(range(1077, 1107))
    assert numbers(project) == list(range(1076, 1107))


def _holder(project: Path, body: str) -> subprocess.Popen:
    """A process that allocates MIN/… and runs *body* inside the open transaction."""
    script = textwrap.dedent(f"""
        import sys, time
        from cica_publish.project import find_project
        from cica_publish.register import Register
        register = Register.of(find_project({str(project)!r}))
        {body}
    """)
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)


def test_process_killed_inside_allocation_gives_the_number_back(project: Path) -> None:
    proc = _holder(project, """
        with register.issue("MIN", doc_id="half-done") as pending:
            print(pending.ref, flush=True)
            time.sleep(60)
    """)
    assert proc.stdout.readline().strip() == "MIN/1077"  # allocated, not committed
    assert (project / "register" / "references.sqlite3-journal").exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the hot journal is rolled back at the next open: nothing half-issued, nothing lost
    assert numbers(project) == [1076]
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"
    assert numbers(project) == [1076, 1077]
    conn = sqlite3.connect(project / "register" / "references.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


@pytest.mark.slow
def test_process_killed_while_allocating_in_a_loop_loses_no_issued_number(project: Path) -> None:
    proc = _holder(project, """
        while True:
            print(register.next("MIN").number, flush=True)
    """)
    printed: list[int] = []
    deadline = time.monotonic() + 30
    while len(printed) < 20 and time.monotonic() < deadline:
        printed.append(int(proc.stdout.readline()))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(printed) == 20
    issued = numbers(project)
    assert issued == list(range(1076, issued[-1] + 1))  # consecutive, no hole
    assert set(printed) <= set(issued)  # every number handed out is recorded
    nxt = run_cli(project, "register", "next", "MIN").stdout.strip()
    assert nxt == f"MIN/{issued[-1] + 1}"


@pytest.mark.slow
def test_truncated_register_is_a_clear_error_and_issues_nothing(project: Path) -> None:
    db = project / "register" / "references.sqlite3"
    for _ in range(40):  # enough rows to span several pages
        assert run_cli(project, "register", "next", "MIN").returncode == 0
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    out = run_cli(project, "register", "next", "MIN")
    assert out.returncode == 1 and out.stdout == ""
    assert str(db) in out.stderr and "damaged" in out.stderr and "Traceback" not in out.stderr
    db.write_bytes(b"")  # the worst case: SQLite would read this as a fresh, empty database
    out = run_cli(project, "register", "next", "MIN")
    assert out.returncode == 1 and out.stdout == "" and "empty file" in out.stderr
    out = run_cli(project, "register", "list")
    assert out.returncode == 1 and str(db) in out.stderr


def test_read_only_register_is_a_clear_error_and_issues_nothing(project: Path) -> None:
    db = project / "register" / "references.sqlite3"
    db.chmod(0o444)
    out = run_cli(project, "register", "next", "MIN")
    assert out.returncode == 1 and out.stdout == ""
    assert str(db) in out.stderr and "read-only" in out.stderr and "Traceback" not in out.stderr
    assert numbers(project) == [1076]  # reading still works
    db.chmod(0o644)
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"


def test_locked_register_is_a_clear_error_after_the_timeout(project: Path) -> None:
    proc = _holder(project, """
        with register.issue("MIN") as pending:
            print(pending.ref, flush=True)
            time.sleep(30)
    """)
    try:
        assert proc.stdout.readline().strip() == "MIN/1077"
        register = Register(project / "register" / "references.sqlite3", {"MIN": 1}, timeout=0.5)
        with pytest.raises(CicaError) as caught:
            register.next("MIN")
        assert "locked" in str(caught.value) and str(register.path) in str(caught.value)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"


def test_a_failing_build_gives_its_number_back(project: Path) -> None:
    register = Register.of(find_project(project))
    with pytest.raises(RuntimeError):
        with register.issue("MIN", doc_id="broken"):
            raise RuntimeError("the build failed")
    assert register.next("MIN").ref == "MIN/1077"


def test_void_keeps_the_number_used(project: Path) -> None:
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"
    out = run_cli(project, "register", "void", "MIN/1077", "--why", "sent to the wrong list")
    assert out.returncode == 0, out.stderr
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1078\n"
    listed = json.loads(run_cli(project, "register", "list", "--json").stdout)
    assert [(e["reference"], e["status"], e["reason"]) for e in listed] == [
        ("MIN/1076", "issued", None),
        ("MIN/1077", "void", "sent to the wrong list"),
        ("MIN/1078", "issued", None),
    ]
    again = run_cli(project, "register", "void", "MIN/1077", "--why", "twice")
    assert again.returncode == 1 and "already void" in again.stderr
    unknown = run_cli(project, "register", "void", "MIN/2000", "--why", "never issued")
    assert unknown.returncode == 1 and "not in the register" in unknown.stderr
    bad = run_cli(project, "register", "void", "1077", "--why", "x")
    assert bad.returncode == 2 and "SERIES/NUMBER" in bad.stderr


def test_export_csv_for_the_archive(project: Path, tmp_path: Path) -> None:
    run_cli(project, "register", "next", "MIN", "--doc", "min-1077", "--title", "Note on “Tales of Asia”")
    run_cli(project, "register", "void", "MIN/1077", "--why", "withdrawn")
    out = run_cli(project, "register", "export", "--csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["reference"], r["doc_id"], r["status"]) for r in rows] == [
        ("MIN/1076", "min-1076", "issued"), ("MIN/1077", "min-1077", "void")]
    assert rows[1]["title"] == "Note on “Tales of Asia”" and rows[1]["reason"] == "withdrawn"
    target = tmp_path / "archive.csv"
    assert run_cli(project, "register", "export", "--csv", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == out.stdout


def test_unknown_series_is_refused_and_starting_numbers_are_configurable(project: Path) -> None:
    typo = run_cli(project, "register", "next", "MNI")
    assert typo.returncode == 1 and "unknown series 'MNI'" in typo.stderr and "known: MIN" in typo.stderr
    config = project / "pyproject.toml"
    text = config.read_text()
    assert "register-start = { MIN = 1 }" in text
    config.write_text(text.replace("register-start = { MIN = 1 }", "register-start = { MIN = 1, CIR = 500 }"))
    assert run_cli(project, "register", "next", "CIR").stdout == "CIR/500\n"
    assert run_cli(project, "register", "next", "CIR").stdout == "CIR/501\n"
    assert numbers(project) == [1076]


def test_init_records_the_sources_references_and_never_overwrites(project: Path) -> None:
    again = run_cli(project, "register", "init")
    assert again.returncode == 1 and "never overwritten" in again.stderr
    shutil.rmtree(project / "register")
    missing = run_cli(project, "register", "next", "MIN")
    assert missing.returncode == 1 and "register init" in missing.stderr
    out = run_cli(project, "register", "init")
    assert out.returncode == 0, out.stderr
    assert numbers(project) == [1076]
