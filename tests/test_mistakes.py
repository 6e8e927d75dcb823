"""Issue 14: nothing is lost to a mistaken command, nothing outlives a killed one, no input
takes unbounded time, and every refusal is one line naming the file, never a traceback.

Each test runs the real command on a scratch copy of the project, as a hurried user would.
"""

from __future__ import annotations

import ctypes
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CLI, run_cli

NOTE = Path("sources/notes/min-1076.en.xml")
NOTE_RU = Path("sources/notes/min-1076.ru.xml")
NOTE_PO = Path("locale/ru/LC_MESSAGES/min-1076.po")
TEXT = "A short report\n\nThe Secretariat met the partners in Astana.\n"


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# ---------------------------------------------------------------- data another document owns


def test_import_over_an_id_of_another_kind_is_refused(project_copy: Path, text_file: Path):
    before = {p: (project_copy / p).read_bytes() for p in (NOTE, NOTE_RU)}
    result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "report",
                     "--id", "min-1076")
    assert result.returncode == 1
    assert f"{project_copy / NOTE}: 'min-1076' is already a document of notes/, not a report" in result.stderr
    assert "--replace" in result.stderr
    assert {p: (project_copy / p).read_bytes() for p in before} == before
    assert not (project_copy / "sources/reports/min-1076.en.xml").exists()
    listed = run_cli(project_copy, "list").stdout
    assert re.search(r"^min-1076\s+note\s", listed, re.M), listed


def test_replace_keeps_the_old_files_and_lists_what_goes_obsolete(project_copy: Path, text_file: Path):
    old = (project_copy / NOTE).read_bytes()
    po = (project_copy / NOTE_PO).read_text(encoding="utf-8")
    translated = re.findall(r'^msgctxt "(min-1076/[^@"]+)"', po, re.M)
    result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "report",
                     "--id", "min-1076", "--replace")
    assert result.returncode == 0, result.stderr
    assert (project_copy / f"{NOTE}~").read_bytes() == old  # recoverable
    assert (project_copy / f"{NOTE_RU}~").is_file()
    assert not (project_copy / NOTE).exists()
    going = re.findall(r"min-1076\.po:\d+: entry '([^']+)' would go obsolete", result.stdout)
    assert sorted(going) == sorted(translated) and len(going) >= 5
    listed = run_cli(project_copy, "list").stdout
    assert re.search(r"^min-1076\s+report\s", listed, re.M), listed


@pytest.mark.parametrize("output, message", [
    (NOTE, "is the source of min-1076.en, not of t-o.en"),
    (Path("sources/reports/report-io-2025.en.xml"), "is the source of report-io-2025.en, not of t-o.en"),
    (Path("sources/reports/other.en.xml"), "file name says other.en but the document says t-o.en"),
], ids=["another-note", "another-report", "named-as-another"])
def test_import_output_onto_another_documents_source_is_refused(
        project_copy: Path, text_file: Path, output: Path, message: str):
    target = project_copy / output
    before = target.read_bytes() if target.exists() else None
    result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "report",
                     "--id", "t-o", "-o", str(target))
    assert result.returncode == 1
    assert message in result.stderr
    assert (target.read_bytes() if target.exists() else None) == before
    no_traceback(result)


def test_an_id_ending_in_a_language_code_is_refused(project_copy: Path, text_file: Path):
    result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "report",
                     "--id", "x.en")
    assert result.returncode == 2
    assert "--id: invalid document id 'x.en'" in result.stderr and "--id x?" in result.stderr
    assert not list(project_copy.glob("sources/*/x.en*"))


def _enclose_itself(project: Path) -> None:
    path = project / NOTE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<enclosure>report-io-2025</enclosure>", "<enclosure>min-1076</enclosure>"), encoding="utf-8")


@pytest.mark.parametrize("command", ["import", "check", pytest.param("build", marks=pytest.mark.slow)])
def test_a_note_enclosing_itself_is_refused(project_copy: Path, text_file: Path, command: str):
    if command == "import":
        result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "note",
                         "--id", "min-1077", "--enclosure", "min-1077")
        assert not (project_copy / "sources/notes/min-1077.en.xml").exists()
    else:
        _enclose_itself(project_copy)
        args = [str(project_copy / NOTE)] if command == "check" else [
            "min-1076", "--lang", "en", "--format", "docx"]
        result = run_cli(project_copy, command, *args)
        assert not (project_copy / "output/min-1076/min-1076.en.docx").exists()
    assert result.returncode == 1
    assert "encloses itself" in result.stderr, result.stdout + result.stderr
    no_traceback(result)


# ---------------------------------------------------------------- killed commands


def _workers(pid: int) -> set[int]:
    """Forks of *pid*: its children running the same command line (not a passing tool)."""
    found = set()
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return found
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid and (
                    stat.with_name("cmdline").read_bytes() == command):
                found.add(int(stat.parent.name))
        except OSError:
            pass  # a process that ended while we looked
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return not re.search(r"^State:\s+Z", status, re.M)  # a zombie has exited


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("command", [
    ["build", "-j", "2"],
    ["note", "new", "--series", "MIN", "--enclosure", "what-is-cica", "--to", "member-states"],
], ids=["build", "note-new"])
def test_a_killed_command_leaves_no_worker_running(project_copy: Path, command: list[str]):
    proc = subprocess.Popen([*CLI, "-C", str(project_copy), *command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline, workers = time.monotonic() + 60, set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers |= _workers(proc.pid)
        time.sleep(0.1)
    assert workers, "the command started no worker"
    proc.kill()
    # Without a watch on their parent, the workers finish at least the page they are on.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.1)
    survivors = [pid for pid in workers if _running(pid)]
    for pid in survivors:  # not to leave them behind when this fails
        os.kill(pid, 9)
    assert survivors == []
    proc.communicate(timeout=15)  # nothing holds the command's output open any more
    rerun = run_cli(project_copy, "build")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr


# ---------------------------------------------------------------- bounded time

RUN = 1_000_000


@pytest.mark.slow  # 20 imports of 2 MB each
@pytest.mark.parametrize("char", ["[", "*", "_", "<", " "], ids=["brackets", "stars", "underscores",
                                                              "angles", "spaces"])
@pytest.mark.parametrize("kind", ["report", "digest", "brochure", "report --pdf"])
def test_a_megabyte_run_of_one_character_imports_in_seconds(
        project_copy: Path, tmp_path: Path, char: str, kind: str):
    path = tmp_path / "run.txt"  # the run in a sentence, then as openers of a markup each
    path.write_text(f"A title\n\nSome words {char * RUN} and more.\n\n{f' {char}a' * (RUN // 3)}\n",
                    encoding="utf-8")
    started = time.monotonic()
    result = run_cli(project_copy, "import", str(path), "--lang", "en", "--kind", *kind.split(),
                     "--id", "run")
    elapsed = time.monotonic() - started
    no_traceback(result)
    assert result.returncode in (0, 1), result.stderr
    assert elapsed < 20, f"{elapsed:.1f} s"


# ---------------------------------------------------------------- errors, never tracebacks


@pytest.mark.parametrize("args", [
    ["import", "{text}", "--lang", "en", "--kind", "report", "--id", "x", "-o", "{dir}"],
    ["register", "export", "--csv", "-o", "{dir}"],
    ["tmx", "export", "--lang", "ru", "-o", "{dir}"],
    ["align", str(NOTE), str(NOTE_RU), "--report", "{dir}"],
], ids=["import", "register-export", "tmx-export", "align"])
def test_a_directory_as_output_is_refused(project_copy: Path, text_file: Path, tmp_path: Path,
                                          args: list[str]):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    args = [a.format(text=text_file, dir=folder) for a in args]
    if args[0] == "align":
        args[1:3] = [str(project_copy / a) for a in args[1:3]]
    result = run_cli(project_copy, *args)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{folder}: is a directory"
    assert list(folder.iterdir()) == []


def _without_override() -> None:
    """In the child: root loses its power to write where the mode bits say no
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH out of the bounding set, lost at exec)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")


def run_unprivileged(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "-C", str(project), *args], capture_output=True, text=True,
                          preexec_fn=_without_override)


@pytest.mark.slow
def test_a_read_only_output_folder_fails_each_output_and_keeps_the_state(project_copy: Path):
    built = run_cli(project_copy, "build", "min-1076", "--format", "docx")
    assert built.returncode == 0, built.stderr
    state = project_copy / "output/.build-state.json"
    before = state.read_bytes()
    with (project_copy / NOTE_PO).open("a", encoding="utf-8") as catalog:  # the Russian is out of date
        catalog.write("\n# a translator's note\n")
    folders = [project_copy / "output", project_copy / "output/min-1076"]
    for folder in folders:
        folder.chmod(0o555)
    try:
        probe = subprocess.run(["touch", str(project_copy / "output/probe")], capture_output=True,
                               preexec_fn=_without_override)
        if probe.returncode == 0:
            pytest.skip("this user writes whatever the mode bits say")
        result = run_unprivileged(project_copy, "build", "min-1076", "--format", "docx", "--lang", "ru,en-ru")
    finally:
        for folder in folders:
            folder.chmod(0o755)
    no_traceback(result)
    assert result.returncode == 1
    for name in ("min-1076.ru.docx", "min-1076.en-ru.docx"):
        assert f"{project_copy}/output/min-1076/{name}: cannot write: permission denied" in result.stderr
    assert f"{state}: cannot write: permission denied" in result.stderr
    assert state.read_bytes() == before
    assert not list((project_copy / "output").rglob(".*.tmp"))
    again = run_cli(project_copy, "build", "min-1076", "--format", "docx")
    assert again.returncode == 0 and "built" in again.stdout, again.stderr


def _with_control_character(project: Path) -> str:
    """Put a NUL into the translation of the note's first paragraph; return its context."""
    path = project / NOTE_PO
    text = path.read_text(encoding="utf-8")
    context = "min-1076/p-1f8f518"
    start = text.index(f'msgctxt "{context}"')
    at = text.index('msgstr "', start) + len('msgstr "')
    at = text.index('"', text.index("\n", at)) + 1 if text[at] == '"' else at  # msgstr "" + lines
    path.write_text(text[:at] + "\x00" + text[at:], encoding="utf-8")
    return context


@pytest.mark.parametrize("args", [["check"], ["qa", "--lang", "ru", "min-1076"]], ids=["check", "qa"])
def test_a_control_character_in_a_translation_is_reported(project_copy: Path, args: list[str]):
    context = _with_control_character(project_copy)
    result = run_cli(project_copy, *args)
    assert result.returncode == 1
    assert re.search(rf"min-1076\.po:\d+: \[control\] {context}: control character U\+0000 at "
                     r"column 1 of the translation", result.stdout + result.stderr), result.stdout
    no_traceback(result)


def test_tmx_export_refuses_a_control_character_naming_the_entry(project_copy: Path, tmp_path: Path):
    context = _with_control_character(project_copy)
    out = tmp_path / "memory.tmx"
    result = run_cli(project_copy, "tmx", "export", "--lang", "ru", "-o", str(out))
    assert result.returncode == 1
    assert f"[control] {context}: control character U+0000" in result.stderr
    assert not out.exists()
    no_traceback(result)


@pytest.mark.slow
def test_build_names_a_control_character_not_an_internal_error(project_copy: Path):
    context = _with_control_character(project_copy)
    result = run_cli(project_copy, "build", "min-1076", "--lang", "ru", "--format", "pdf")
    assert result.returncode == 1
    assert f"[control] {context}: control character U+0000" in result.stderr
    assert "internal error" not in result.stdout + result.stderr


@pytest.mark.parametrize("args, goes_on", [
    (["qa", "--lang", "ru"], r"checked [1-9]\d* translated entries"),
    (["stats", "--lang", "ru"], r"^min-1076\s+ru\s"),
    (["glossary"], r"^CICA\s+СВМДА\s+used"),
], ids=["qa", "stats", "glossary"])
def test_an_unreadable_catalog_is_reported_and_the_others_go_on(
        project_copy: Path, args: list[str], goes_on: str):
    broken = project_copy / "locale/ru/LC_MESSAGES/report-io-2025.po"
    broken.write_bytes(broken.read_bytes() + b'\nmsgid "no end\n')
    result = run_cli(project_copy, *args)
    assert result.returncode == 1
    assert re.search(r"report-io-2025\.po:\d+: ", result.stdout + result.stderr), result.stderr
    assert re.search(goes_on, result.stdout, re.M), result.stdout
    no_traceback(result)


@pytest.mark.slow
def test_a_refused_resource_inside_an_svg_data_url_stops_the_build(project_copy: Path):
    svg = ("%3Csvg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
           "width='10' height='10'%3E%3Cimage xlink:href='file:///etc/passwd' width='10' "
           "height='10'/%3E%3C/svg%3E")
    css = project_copy / "layouts/note/print.css"
    css.write_text(css.read_text(encoding="utf-8") +
                   f'\nbody {{ background: url("data:image/svg+xml,{svg}"); }}\n', encoding="utf-8")
    result = run_cli(project_copy, "build", "min-1076", "--lang", "en", "--format", "pdf")
    assert result.returncode == 1
    assert f"{css}: refused file:///etc/passwd: outside the project's layouts" in result.stderr
    assert not (project_copy / "output/min-1076/min-1076.en.pdf").exists()


def test_a_reversed_line_range_says_so(project_copy: Path, text_file: Path):
    result = run_cli(project_copy, "import", str(text_file), "--lang", "en", "--kind", "report",
                     "--id", "x", "--lines", "3-1")
    assert result.returncode == 2
    assert result.stderr.strip() == "--lines: the range 3-1 is reversed: write 1-3"


def test_checking_a_missing_path_says_it_does_not_exist(project_copy: Path):
    result = run_cli(project_copy, "check", "/nonexistent")
    assert result.returncode == 1
    assert "/nonexistent: does not exist" in result.stderr


def test_listing_a_read_only_register_does_not_speak_of_issuing(project_copy: Path):
    register = project_copy / "register/references.sqlite3"
    # An allocation killed after it spilled to disk leaves a hot journal to roll back.
    subprocess.run([sys.executable, "-c", f"""
import os, sqlite3
c = sqlite3.connect({str(register)!r}, isolation_level=None)
c.execute("PRAGMA journal_mode = DELETE"); c.execute("PRAGMA cache_size = 1")
c.execute("BEGIN IMMEDIATE")
for n in range(2000):
    c.execute("INSERT INTO reference (series, number, date, title, addressees, files, status, "
              "issued_at) VALUES ('MIN', ?, '2025-01-01', ?, '[]', '{{}}', 'issued', 'x')",
              (5000 + n, 'y' * 500))
os._exit(0)
"""], check=True)
    assert Path(f"{register}-journal").is_file()
    register.chmod(0o444)
    result = run_cli(project_copy, "register", "list")
    register.chmod(0o644)
    assert result.returncode == 1
    assert "read-only" in result.stderr and "chmod u+w" in result.stderr
    assert "issued" not in result.stderr and "number" not in result.stderr
    listed = run_cli(project_copy, "register", "list")  # writable again: rolled back, all there
    assert listed.returncode == 0 and "MIN/1076" in listed.stdout and "MIN/5000" not in listed.stdout
    assert sqlite3.connect(register).execute("SELECT count(*) FROM reference").fetchone()[0] >= 1
