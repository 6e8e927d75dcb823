"""One model, two writers: the PDF and the DOCX of a document carry the same numbers and
reference codes, because both are laid out from the same numbered, typeset tree."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from cica_publish.cli import main

from conftest import copy_project

pytestmark = pytest.mark.slow  # builds PDFs or DOCX (see CONTRIBUTING.md)

#: Paragraph and chapter numbers (part letters are left out: "E." also starts a name).
NUMBER = re.compile(r"^(?:[IVX]+|\d+)\.$")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>')
#: A printed number stands apart from its text (in the margin, or before a tab); a word
#: that merely ends a sentence at the start of a wrapped line ("2025.") does not.
GAP = 12.0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("one-model") / "project")
    assert main(["-C", str(project), "build", "report-io-2025", "--lang", "en",
                 "--format", "pdf,docx"]) == 0
    assert main(["-C", str(project), "build", "min-1076", "--lang", "en,ru",
                 "--format", "pdf,docx"]) == 0
    return project / "output"


def pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [line.strip() for line in text.splitlines()]


def pdf_numbers(pdf: Path) -> list[str]:
    """The numbers printed before headings and paragraphs, from the words' positions."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    words = [(float(y), float(x0), float(x1), w) for x0, y, x1, w in WORD.findall(xhtml)]
    numbers = []
    for i, (y, _, x1, word) in enumerate(words):
        starts_line = i == 0 or words[i - 1][0] != y
        nxt = words[i + 1] if i + 1 < len(words) else None
        apart = nxt is None or nxt[0] != y or nxt[1] - x1 > GAP
        if starts_line and apart and NUMBER.match(word):
            numbers.append(word)
    return numbers


def docx_paragraphs(path: Path) -> list:
    return docx.Document(str(path)).paragraphs


def test_report_numbers_are_the_same_in_pdf_and_docx(built: Path) -> None:
    pdf = pdf_numbers(built / "report-io-2025/report-io-2025.en.pdf")
    ours = [p.runs[0].text.strip() for p in docx_paragraphs(built / "report-io-2025/report-io-2025.en.docx")
            if p.runs and p.runs[0].style is not None and p.runs[0].style.name == "Number"]
    ours = [n for n in ours if NUMBER.match(n)]
    assert len(ours) > 60 and ours[:3] == ["I.", "1.", "2."]
    assert pdf == ours


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_reference_code_is_identical_in_both_formats_and_languages(built: Path, lang: str) -> None:
    pdf = "\n".join(pdf_lines(built / f"min-1076/min-1076.{lang}.pdf"))
    word = "\n".join(p.text for p in docx_paragraphs(built / f"min-1076/min-1076.{lang}.docx"))
    assert "№ MIN/1076" in pdf and "№\u00a0MIN/1076" in word  # pdftotext gives the no-break space as a space
