"""Circulation notes: the seed's note MIN/1076 reproduced, `note new` end to end, stale counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.catalogs.po import read_po_file, write_po
from cica_publish.distribution import Distribution
from cica_publish.notes import NoteRequest, Phrasebook, build_enclosure, compose, note_catalog
from cica_publish.project import find_project

from conftest import CLI, ROOT, run_cli, seed

pytestmark = pytest.mark.slow  # builds PDFs or DOCX (see CONTRIBUTING.md)

ENCLOSURE = "report-io-2025"  # the report of seed 000, as imported into sources/reports/


@pytest.fixture
def project(project_copy: Path) -> Path:
    """A project copy with the committed register (MIN/1076 issued)."""
    return project_copy


def pdf_pages(path: Path) -> int:
    """The page count poppler reads in the file as circulated (the build's record is checked against it)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def norm(text: str) -> str:
    return " ".join(text.replace("*", "").replace("\u00a0", " ").split())


def seed_note_paragraphs() -> tuple[list[str], list[str]]:
    """The English and the Russian note of seed 000, paragraph by paragraph."""
    text = seed("000").read_text(encoding="utf-8")
    notes = text[: text.index("\nSecretariat\n")]
    paragraphs = [norm(p) for p in re.split(r"\n\s*\n", notes) if norm(p)]
    half = len(paragraphs) // 2
    return paragraphs[:half], paragraphs[half:]


def paragraphs(doc: t.Document, text_of) -> list[str]:
    out = []
    for block in t.walk(doc, t.Block):
        if isinstance(block, t.Reference):
            out.append(f"№{doc.meta.reference}")
        elif isinstance(block, t.TextBlock):
            out.append(norm(text_of(block)))
    return out


def pdf_text(path: Path) -> str:
    return norm(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)


def translate_free_text(project: Path, doc_id: str, russian: dict[str, str]) -> None:
    """What a translator does: fill the empty entries of the note's Russian catalog."""
    path = project / "locale" / "ru" / "LC_MESSAGES" / f"{doc_id}.po"
    catalog = read_po_file(path)
    catalog.messages = [dataclasses.replace(m, string=russian[m.context.split("/")[1]])
                        if not m.string else m for m in catalog.messages]
    write_po(path, catalog)


SEED_EN, SEED_RU = seed_note_paragraphs()
OCCASION = {"en": SEED_EN[4], "ru": SEED_RU[4]}
REPORT_TITLE_RU = ("Доклад Секретариата СВМДА о взаимодействии с другими международными "
                   "организациями и платформами в 2025 году")


def test_min_1076_reproduces_the_seed_note_paragraph_by_paragraph(project: Path) -> None:
    proj = find_project(project)
    enclosure = build_enclosure(proj, ENCLOSURE)
    pages = pdf_pages(project / "output" / ENCLOSURE / f"{ENCLOSURE}.en.pdf")
    assert enclosure.pages == {"en": pages, "ru": pages}  # circulated in English, as MIN/1076
    request = NoteRequest("MIN", ENCLOSURE, ("member-states",), dt.date(2025, 9, 16),
                          "Astana", OCCASION)
    addressees = Distribution.load().resolve(["member-states"], per_recipient=False)[0]
    doc, russian = compose("MIN/1076", request, addressees, enclosure, Phrasebook.load(proj))

    def with_count(paragraphs: list[str], unit: str) -> list[str]:
        return [p.replace(f"11 {unit}", f"{pages} {unit}") for p in paragraphs]

    assert paragraphs(doc, lambda b: t.plain_text(b.content)) == with_count(SEED_EN, "p.")
    ru = paragraphs(doc, lambda b: t.plain_text(russian[b.id]))
    # same paragraphs; the tree's order is the English one (the seed's Russian note puts
    # the closing formula before the enclosure line)
    assert sorted(ru) == sorted(with_count(SEED_RU, "л."))
    # the formulas come from the phrasebook: only the free text is for translators
    catalog = note_catalog(proj, doc, {k: v for k, v in russian.items() if k != "p2"})
    assert [m.context for m in catalog if not m.string] == ["min-1076/p2"]


def test_note_new_from_enclosure_to_print_files_in_both_languages(project: Path) -> None:
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
              "--to", "member-states", "--date", "2025-10-01", "--occasion", OCCASION["en"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "MIN/1077"
    assert "ru: waiting for translation" in out.stdout  # the occasion is free text
    source = project / "sources" / "notes" / "min-1077.en.xml"
    assert source.is_file()
    assert run_cli(project, "check", str(source)).returncode == 0
    pages = pdf_pages(project / "output" / ENCLOSURE / f"{ENCLOSURE}.en.pdf")
    english = pdf_text(project / "output" / "min-1077" / "min-1077.en.pdf")
    assert "№ MIN/1077" in english and f"Enclosure: as stated on {pages} p." in english
    assert "Astana, 1 October 2025" in english and OCCASION["en"] in english

    translate_free_text(project, "min-1077", {"p2": OCCASION["ru"]})
    built = run_cli(project, "build", "min-1077", "--format", "pdf")
    assert built.returncode == 0, built.stdout + built.stderr
    russian = pdf_text(project / "output" / "min-1077" / "min-1077.ru.pdf")
    for expected in ("№ MIN/1077", f"упомянутое на {pages} л.", "город Астана, 1 октября 2025 г.",
                     "свидетельствует свое уважение государствам-членам СВМДА", OCCASION["ru"],
                     "ГОСУДАРСТВА-ЧЛЕНЫ СОВЕЩАНИЯ"):
        assert expected in russian
    both = pdf_text(project / "output" / "min-1077" / "min-1077.en-ru.pdf")
    assert "Enclosure: as stated" in both and "Приложение: упомянутое" in both

    entry = json.loads(run_cli(project, "register", "list", "--json").stdout)[-1]
    assert (entry["reference"], entry["doc_id"], entry["addressees"]) == (
        "MIN/1077", "min-1077", ["member-states"])
    assert f"output/{ENCLOSURE}/{ENCLOSURE}.en.pdf" in entry["files"]
    assert "sources/notes/min-1077.en.xml" in entry["files"]


def test_note_new_builds_three_editions_naming_the_enclosure_by_its_catalog_title(project: Path) -> None:
    # locale/ru/LC_MESSAGES/report-io-2025.po translates the report's title (<id>/@title),
    # the note has no free text: every edition is built by the one command
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
                  "--to", "member-states,observer-states", "--date", "2025-10-01")
    assert out.returncode == 0, out.stderr
    assert "waiting for translation" not in out.stdout
    folder = project / "output" / "min-1077"
    editions = [folder / f"min-1077.{name}.pdf" for name in ("en", "ru", "en-ru")]
    assert [p.relative_to(project).as_posix() for p in editions] == out.stdout.split()[1:]
    assert all(p.is_file() for p in editions)
    pages = pdf_pages(project / "output" / ENCLOSURE / f"{ENCLOSURE}.en.pdf")
    russian = pdf_text(editions[1])
    assert f"препроводить {REPORT_TITLE_RU}." in russian and f"упомянутое на {pages} л." in russian
    assert "государствам-членам СВМДА и государствам-наблюдателям СВМДА" in russian
    assert "ГОСУДАРСТВА-НАБЛЮДАТЕЛИ СОВЕЩАНИЯ" in russian
    assert "Report of the CICA Secretariat on interaction" not in russian


def test_a_note_that_fails_to_build_gives_its_number_back(project: Path) -> None:
    shutil.rmtree(project / "layouts" / "note")
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
              "--to", "member-states", "--lang", "en")
    assert out.returncode == 1 and "layout" in out.stderr and "Traceback" not in out.stderr
    assert not (project / "sources" / "notes" / "min-1077.en.xml").exists()
    assert not (project / "locale" / "ru" / "LC_MESSAGES" / "min-1077.po").exists()
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"


def test_per_recipient_makes_one_numbered_note_per_addressee(project: Path) -> None:
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
              "--to", "observer-organizations", "--per-recipient", "--lang", "en")
    assert out.returncode == 0, out.stderr
    refs = [line for line in out.stdout.splitlines() if line.startswith("MIN/")]
    assert refs == [f"MIN/{n}" for n in range(1077, 1082)]
    un = pdf_text(project / "output" / "min-1078" / "min-1078.en.pdf")
    assert "presents its compliments to the United Nations and has the honour" in un
    assert "renew to the United Nations the assurances" in un
    ru_catalog = read_po_file(project / "locale" / "ru" / "LC_MESSAGES" / "min-1078.po")
    closing = ru_catalog.by_context()["min-1078/closing"].string
    assert closing == ("Секретариат пользуется случаем, чтобы возобновить Организации Объединенных "
                       "Наций уверения в своем весьма высоком уважении.")


def test_check_reports_a_stale_page_count_and_restate_fixes_it(project: Path) -> None:
    assert run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
               "--to", "member-states", "--lang", "en").returncode == 0
    report = project / "sources" / "reports" / f"{ENCLOSURE}.en.xml"
    text = report.read_text(encoding="utf-8")
    paras = re.findall(r'^\s*<p id="([^"]+)">.*</p>$', text, re.M)
    extra = "".join(
        re.search(rf'^\s*<p id="{pid}">.*</p>$', text, re.M)[0].replace(f'id="{pid}"', f'id="{pid}-again"') + "\n"
        for pid in paras)
    report.write_text(text.replace("  </body>", f'    <section kind="part" id="s-again">\n{extra}    </section>\n  </body>'),
                      encoding="utf-8")
    changed = run_cli(project, "check")
    assert changed.returncode == 0 and "changed after the note was built" in changed.stdout
    assert run_cli(project, "build", ENCLOSURE, "--lang", "en", "--format", "pdf").returncode == 0
    now = pdf_pages(project / "output" / ENCLOSURE / f"{ENCLOSURE}.en.pdf")
    stale = run_cli(project, "check")
    assert stale.returncode == 1 and "stale page count: MIN/1077" in stale.stderr
    assert f"which now has {now} p." in stale.stderr and "min-1077.en.xml" in stale.stderr
    assert run_cli(project, "note", "restate", "min-1077").returncode == 0
    assert run_cli(project, "check").returncode == 0
    assert f"as stated on {now} p." in pdf_text(project / "output" / "min-1077" / "min-1077.en.pdf")
    ru = read_po_file(project / "locale" / "ru" / "LC_MESSAGES" / "min-1077.po").by_context()
    assert ru["min-1077/enc"].string == f"Приложение: упомянутое на {now} л."


def test_phrasebook_passes_msgfmt_and_gives_the_seed_formulas() -> None:
    path = ROOT / "locale" / "ru" / "LC_MESSAGES" / "phrasebook.po"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    book = Phrasebook.load(find_project(ROOT))
    assert book.phrase("enclosure-line", "ru", pages="11") in SEED_RU
    assert book.phrase("closing", "en", addressee="the CICA Member States") in SEED_EN
    assert norm(book.phrase("letterhead", "ru")) == SEED_RU[1]


PHRASEBOOK = Path("locale") / "ru" / "LC_MESSAGES" / "phrasebook.po"


def break_phrasebook(project: Path, *edits: tuple[str, str]) -> Path:
    """The project's real phrasebook with *edits* made (its strings joined onto one line each)."""
    book = project / PHRASEBOOK
    text = book.read_text(encoding="utf-8").replace('"\n"', "")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    book.write_text(text, encoding="utf-8")
    return book


@pytest.mark.parametrize("broken, fixed, context, said", [
    # the case: one addressee dropped, "…Республики и и имеет честь…"
    ("свидетельствует свое уважение {addressee} и имеет", "свидетельствует свое уважение и имеет",
     "phrasebook/compliments-forward", "{addressee} is missing"),
    ("{first} и {last}", "{first} и {lats}", "phrasebook/and", "{lats} is not in the English"),
    ("возобновить {addressee} уверения", "возобновить {addressee уверения", "phrasebook/closing",
     "not a valid brace format"),
])
def test_note_new_refuses_a_broken_placeholder_before_taking_a_number(
        project: Path, broken: str, fixed: str, context: str, said: str) -> None:
    book = break_phrasebook(project, (broken, fixed))
    register = project / "register" / "references.sqlite3"
    before = register.read_bytes()
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
                  "--to", "az,kz", "--lang", "en")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = [ln for ln in out.stderr.splitlines() if "[placeholders]" in ln]
    assert all(ln.startswith(f"{PHRASEBOOK.as_posix()}:") and f"{context}:" in ln for ln in lines)
    assert any(said in ln for ln in lines)
    assert register.read_bytes() == before
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"
    assert not (project / "sources" / "notes" / "min-1077.en.xml").exists()
    # check and qa say the same, as msgfmt -c does
    for args in (("check", str(book)), ("qa", "--lang", "ru", "phrasebook")):
        found = run_cli(project, *args)
        assert found.returncode == 1 and f"[placeholders] {context}:" in found.stderr + found.stdout
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(book)],
                          capture_output=True).returncode != 0


def test_an_english_formula_with_an_unknown_placeholder_is_named_before_a_number(project: Path) -> None:
    break_phrasebook(project, ("renew to {addressee}", "renew to {adressee}"),
                     ("возобновить {addressee}", "возобновить {adressee}"))
    out = run_cli(project, "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
                  "--to", "member-states", "--lang", "en")
    assert out.returncode == 1 and "[placeholders] phrasebook/closing" in out.stderr
    assert "adressee" in out.stderr and "{addressee}" in out.stderr
    assert run_cli(project, "register", "next", "MIN").stdout == "MIN/1077\n"


def test_the_enclosure_page_count_is_the_one_the_build_recorded(project: Path) -> None:
    """One source for a page count: the build's record, not a second reading of the PDF
    (no poppler needed), checked against what poppler reads in the file."""
    env = {**os.environ, "PATH": str(project / "no-tools-here")}
    out = subprocess.run([*CLI, "-C", str(project), "note", "new", "--series", "MIN", "--enclosure", ENCLOSURE,
                          "--to", "member-states", "--lang", "en"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    state = json.loads((project / "output" / ".build-state.json").read_text(encoding="utf-8"))
    recorded = state[f"{ENCLOSURE}/{ENCLOSURE}.en.pdf"]["pages"]
    assert recorded == pdf_pages(project / "output" / ENCLOSURE / f"{ENCLOSURE}.en.pdf")
    assert f"as stated on {recorded} p." in pdf_text(project / "output" / "min-1077" / "min-1077.en.pdf")
