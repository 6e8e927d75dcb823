"""Print-ready editions, read back from the PDFs as an editor reads them page by page
(poppler's ``pdftotext -bbox-layout`` and the outline ``qpdf --json`` gives): hyphenation
within the limits of a publications unit, and no heading left at the foot of a page.

Every edition the build makes is checked, plus the Russian and the bilingual editions
(side by side too) of the report and a Russian brochure built with ``--allow-untranslated``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import pdf_lines
from conftest import ROOT, copy_project

from cica_publish.build import BuildOptions, build
from cica_publish.project import find_project


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """name → PDF of every edition (see the module's docstring)."""
    root = copy_project(tmp_path_factory.mktemp("print") / "project")
    shutil.copy(ROOT / "tests/data/pdf/report-io-2025.ru.po", root / "locale/ru/LC_MESSAGES")
    shutil.copy(ROOT / "tests/data/build/sources/reports/report-io-2025.en.xml",
                root / "sources/reports/report-io-2025.en.xml")
    project = find_project(root)
    found: dict[str, Path] = {}
    runs = [BuildOptions(doc_ids=("report-io-2025",), langs=("en-ru",), bilingual="side-by-side",
                         allow_untranslated=True),
            BuildOptions(doc_ids=("report-io-2025", "what-is-cica"), langs=("ru", "en-ru"),
                         allow_untranslated=True),
            BuildOptions()]
    for options in runs:
        for result in build(project, dataclass_replace(options, formats=("pdf", "docx"))):
            assert result.status in ("built", "skipped", "up to date"), (result.item.out, result.diagnostics)
            if result.status == "built":
                name = result.item.out.stem + ("-side-by-side" if options.bilingual == "side-by-side" else "")
                kept = result.item.out.with_name(name + ".kept" + result.item.out.suffix)
                shutil.copy(result.item.out, kept)
                found[name + result.item.out.suffix.replace(".pdf", "")] = kept
    assert len(found) >= 26, sorted(found)
    return found


@pytest.fixture(scope="module")
def docx_pages(editions, tmp_path_factory) -> dict[str, int]:
    """name → pages of each edition's DOCX as LibreOffice lays it out (one headless run, a
    private profile)."""
    folder = tmp_path_factory.mktemp("lo")
    docxs = {name: path for name, path in editions.items() if name.endswith(".docx")}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, docxs.values())],
                   check=True, capture_output=True, timeout=900)
    return {name[: -len(".docx")]: pdf_pages(folder / f"{path.stem}.pdf") for name, path in docxs.items()}


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def dataclass_replace(options: BuildOptions, **changes) -> BuildOptions:
    import dataclasses

    return dataclasses.replace(options, **changes)


NAMES = ["digest-2024-q3.en", "digest-2025-q1.en", "min-1076.en", "min-1076.ru", "min-1076.en-ru",
         "report-io-2025.en", "report-io-2025.ru", "report-io-2025.en-ru",
         "report-io-2025.en-ru-side-by-side", "review-2021.en", "what-is-cica.en",
         "what-is-cica.ru", "what-is-cica.en-ru"]


@pytest.mark.parametrize("name", NAMES)
def test_the_docx_has_as_many_pages_as_the_pdf_within_ten_percent(editions, docx_pages, name):
    """Word (here LibreOffice) and WeasyPrint break pages differently; the editions must
    still be the same publication: the same cover, title page and contents, page for page."""
    pdf = pdf_pages(editions[name])
    assert abs(docx_pages[name] - pdf) <= 0.1 * pdf, f"DOCX {docx_pages[name]} pages, PDF {pdf}"


@pytest.mark.parametrize("name", NAMES)
def test_hyphenation_stays_within_the_limits(editions, name):
    """No word in capitals, acronym or name hyphenated; at least 3 letters either side of a
    break; never 3 hyphenated lines in a row; never a hyphen at the foot of a page."""
    problems = []
    for number, lines in enumerate(pdf_lines.body_lines(editions[name]), 1):
        for line in lines:
            fragment = pdf_lines.hyphenated(line)
            if fragment and (fragment[0].isupper() or len(re.sub(r"\W", "", fragment)) < 3):
                problems.append(f"p. {number}: {fragment!r} hyphenated")
        for run in pdf_lines.hyphenation_runs(lines):
            if len(run) > 2:
                problems.append(f"p. {number}: {len(run)} hyphenated lines in a row: "
                                + " / ".join(line.words[-1] for line in run))
        for line in pdf_lines.page_foot(lines):
            if pdf_lines.hyphenated(line):
                problems.append(f"p. {number}: hyphen at the foot of the page: {line.text[-40:]!r}")
    assert not problems, "\n".join(problems)


def outline(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, title, left, top from the page's top) of every bookmark of *pdf*."""
    out = subprocess.run(["qpdf", "--json", "--json-key=pages", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(re.sub(r"(?<=\d)\.(?=[,\s\]])", ".0", out))  # qpdf writes "389."
    height = 841.89  # A4, every layout
    return [(number, entry["title"], entry["dest"][2], height - entry["dest"][3])
            for number, page in enumerate(data["pages"], 1) for entry in page["outlines"]]


def _squeezed(text: str) -> str:
    return re.sub(r"\W", "", text).casefold()


@pytest.mark.parametrize("name", NAMES)
def test_no_heading_is_the_last_line_of_a_page(editions, name):
    """A heading is followed on its page by text of its own column (not the title page's
    title, which has the page to itself); the outline gives each heading's page and place."""
    pdf = editions[name]
    title = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    title = re.search(r"^Title:\s*(.*)$", title, re.M).group(1)
    pages = pdf_lines.body_lines(pdf)
    problems = []
    for number, heading, _left, top in outline(pdf):
        if _squeezed(heading) == _squeezed(title):
            continue
        lines = [line for line in pages[number - 1] if line.y1 > top + 2]
        first = next((line for line in lines if _squeezed(heading).startswith(_squeezed(line.text))), None)
        if first is None:
            continue  # a heading on a cover or with text the outline does not give
        below = [line for line in lines if line.x0 < first.x1 and first.x0 < line.x1]
        if below and _squeezed(heading).startswith(_squeezed(" ".join(line.text for line in below))):
            problems.append(f"p. {number}: {heading!r} is the last line of the page")
    assert not problems, "\n".join(problems)


def text_of(pdf: Path, *args: str) -> str:
    return " ".join(subprocess.run(["pdftotext", *args, str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


def test_the_russian_note_puts_its_closing_formula_before_the_enclosure_line(editions):
    """Seed 000's Russian note orders its parts so; side by side, each part still faces its
    own translation."""
    russian = text_of(editions["min-1076.ru"])
    assert russian.index("Секретариат пользуется случаем") < russian.index("Приложение:")
    english = text_of(editions["min-1076.en"])
    assert english.index("Enclosure:") < english.index("avails itself")


def test_side_by_side_running_heads_and_feet_carry_both_languages(editions):
    pdf = editions["report-io-2025.en-ru-side-by-side"]
    second = text_of(pdf, "-f", "2", "-l", "2")
    assert "Page / Стр. 2 of / из" in second and "EN–RU" in second
    assert re.search(r"Report of the CICA .* / Доклад Секретариата", text_of(pdf, "-f", "3", "-l", "3"))


def test_a_russian_edition_with_fallbacks_marks_its_running_title(editions):
    """The brochure's Russian title is not translated: the running head says so, as the text does."""
    page = text_of(editions["what-is-cica.ru"], "-f", "2", "-l", "2")
    assert "[нет перевода] What is CICA" in page or "[нет перевода] WHAT IS CICA" in page, page[:200]


def test_the_review_has_a_contents_page_with_the_real_page_numbers(editions):
    """A 30-page publication opens with its contents, each article's title with its page."""
    from cica_publish import tree as t
    from cica_publish.layout import Layout
    from cica_publish.readers.xml import read_source
    from cica_publish.transforms import edition_steps, run

    doc = run(read_source(ROOT / "sources/reviews/review-2021.en.xml"),
              edition_steps(Layout("brochure", ROOT / "layouts/brochure")))
    pdf = editions["review-2021.en"]
    pages = [" ".join(p.split()) for p in subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split("\f")]
    assert "Contents" in pages[1].split()[:5]  # after the running head
    contents = " ".join(pages[1:3])
    headings = list(t.walk(doc, t.Heading))
    assert len(headings) > 20
    for heading in headings:
        title = " ".join(t.plain_text(heading.content).split())
        match = re.search(re.escape(title) + r"(?:\s*\.)+\s*(\d+)\b", contents)
        assert match, f"{title!r} is not in the contents"
        assert title in pages[int(match.group(1)) - 1], f"{title!r} is not on p. {match.group(1)}"
