"""``cica-publish build`` through the real CLI on a small project (seed 000's note, its
Russian catalog and its enclosed report): outputs, skips and failures a user sees, the
untranslated gate, incremental no-op rebuilds and the enclosure's real page count."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from cica_publish.cli import main

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds PDFs or DOCX (see CONTRIBUTING.md)

DATA = ROOT / "tests" / "data" / "build"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the note min-1076 (en + ru catalog) and the report it encloses (en)."""
    dest = tmp_path / "project"
    dest.mkdir()
    shutil.copy(ROOT / "pyproject.toml", dest)
    shutil.copytree(ROOT / "layouts", dest / "layouts")
    shutil.copytree(DATA / "sources", dest / "sources")
    shutil.copytree(DATA / "locale", dest / "locale")
    shutil.copy(ROOT / "locale/ru/LC_MESSAGES/labels.po", dest / "locale/ru/LC_MESSAGES")  # layout words
    return dest


def build(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    status = main(["-C", str(project), "build", "--format", "pdf", *args])
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in folder.rglob("*") if p.is_file()}


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_default_build_makes_what_it_can_and_says_why_not(project, capsys):
    status, out, _ = build(project, capsys)
    assert status == 0
    out_dir = project / "output"
    assert sorted(p.name for p in out_dir.rglob("*.pdf")) == [
        "min-1076.en-ru.pdf", "min-1076.en.pdf", "min-1076.ru.pdf", "report-io-2025.en.pdf"]
    assert re.search(r"skipped +output/report-io-2025/report-io-2025\.ru\.pdf: not translated "
                     r"\(no catalog locale/ru/LC_MESSAGES/report-io-2025\.po\)", out)
    assert "4 built, 0 up to date, 2 skipped, 0 failed" in out
    assert "свидетельствует свое уважение" in " ".join(text(out_dir / "min-1076/min-1076.ru.pdf").split())


def test_note_quotes_the_real_page_count_of_its_enclosure(project, capsys):
    build(project, capsys)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(project / "output/report-io-2025/report-io-2025.en.pdf")],
        capture_output=True, text=True, check=True).stdout).group(1))
    assert pages != 11  # the seed's number: the test would prove nothing if they agreed
    assert f"Enclosure: as stated on {pages} p." in text(project / "output/min-1076/min-1076.en.pdf")


def test_noop_rebuild_writes_nothing(project, capsys):
    build(project, capsys)
    before = snapshot(project / "output")
    status, out, _ = build(project, capsys)
    assert status == 0
    assert "0 built, 4 up to date, 2 skipped, 0 failed" in out
    assert snapshot(project / "output") == before


def test_a_changed_source_rebuilds_only_what_depends_on_it(project, capsys):
    build(project, capsys)
    report = project / "sources/reports/report-io-2025.en.xml"
    report.write_text(report.read_text().replace("CONCLUSION", "CONCLUSIONS"))
    status, out, _ = build(project, capsys, "--lang", "en")
    assert status == 0
    assert re.search(r"^built +output/report-io-2025/report-io-2025\.en\.pdf", out, re.M)
    assert re.search(r"^up to date +output/min-1076/min-1076\.en\.pdf", out, re.M)
    assert "CONCLUSIONS" in text(project / "output/report-io-2025/report-io-2025.en.pdf")


def test_a_changed_catalog_rebuilds_the_russian_edition(project, capsys):
    build(project, capsys)
    po = project / "locale/ru/LC_MESSAGES/min-1076.po"
    po.write_text(po.read_text(encoding="utf-8").replace("город Астана", "г. Астана"), encoding="utf-8")
    status, out, _ = build(project, capsys, "min-1076")
    assert status == 0
    assert re.search(r"^built +output/min-1076/min-1076\.ru\.pdf", out, re.M)
    assert re.search(r"^up to date +output/min-1076/min-1076\.en\.pdf", out, re.M)
    assert "г.\u00a0Астана" in text(project / "output/min-1076/min-1076.ru.pdf") or \
        "г. Астана" in text(project / "output/min-1076/min-1076.ru.pdf")


def untranslate(project: Path, context: str) -> None:
    """Empty the msgstr of one entry of the note's Russian catalog, as a translator might."""
    po = project / "locale/ru/LC_MESSAGES/min-1076.po"
    entry = rf'(msgctxt "{re.escape(context)}"\nmsgid "[^"]*"\n(?:"[^"]*"\n)*)msgstr "[^"]*"\n(?:"[^"]*"\n)*'
    text = po.read_text(encoding="utf-8")
    emptied = re.sub(entry, r'\1msgstr ""\n', text)
    assert emptied != text, f"no entry {context} in {po}"
    po.write_text(emptied, encoding="utf-8")


def test_asking_for_russian_without_a_translation_fails_and_lists_blocks(project, capsys):
    untranslate(project, "min-1076/closing")
    status, out, err = build(project, capsys, "min-1076", "--lang", "ru", "--format", "pdf,docx")
    assert status == 1
    assert re.search(r"^failed +output/min-1076/min-1076\.ru\.pdf: not translated "
                     r"\(1 of \d+ blocks untranslated or fuzzy\)", out, re.M)
    assert re.search(r"^failed +output/min-1076/min-1076\.ru\.docx: ", out, re.M)
    assert len(re.findall(r"min-1076\.en\.xml:\d+: block 'closing' is untranslated or fuzzy", err)) == 1
    assert not (project / "output/min-1076/min-1076.ru.pdf").exists()

    status, out, _ = build(project, capsys, "min-1076", "--lang", "ru", "--allow-untranslated")
    assert status == 0
    pdf = text(project / "output/min-1076/min-1076.ru.pdf")
    assert "[нет перевода] The Secretariat avails itself" in " ".join(pdf.split())
    last = pdf.split("\f")[-2]
    assert "Непереведённые фрагменты" in last and "closing" in last


def test_an_untranslated_title_is_a_fallback_the_gate_refuses(project, capsys):
    untranslate(project, "min-1076/@title")
    status, out, err = build(project, capsys, "min-1076", "--lang", "ru")
    assert status == 1
    assert re.search(r"not translated \(1 of \d+ blocks untranslated or fuzzy\)", out)
    assert re.search(r"min-1076\.en\.xml:\d+: the title is untranslated or fuzzy", err)


def test_an_allowed_untranslated_title_is_listed_on_the_last_page_of_both_formats(project, capsys):
    """The title is no block of the text, so the last page is the only place that shows it."""
    untranslate(project, "min-1076/@title")
    title = " ".join(re.search(r"<title>(.*?)</title>", (
        project / "sources/notes/min-1076.en.xml").read_text(encoding="utf-8"), re.S).group(1).split())
    status, _, _ = build(project, capsys, "min-1076", "--lang", "ru", "--allow-untranslated",
                         "--format", "pdf,docx")
    assert status == 0
    last = " ".join(text(project / "output/min-1076/min-1076.ru.pdf").split("\f")[-2].split())
    assert "Непереведённые фрагменты" in last and f"1. min-1076/@title {title}" in last
    paragraphs = [p.text for p in docx.Document(str(project / "output/min-1076/min-1076.ru.docx")).paragraphs]
    listed = paragraphs[paragraphs.index("Непереведённые фрагменты"):]
    assert f"min-1076/@title: {title}" in listed


def test_untranslated_english_only_document_is_skipped_not_fatal(project, capsys):
    status, out, _ = build(project, capsys, "report-io-2025")
    assert status == 0
    assert "1 built, 0 up to date, 2 skipped, 0 failed" in out


def test_unknown_document_and_bad_options_are_usage_errors(project, capsys):
    assert main(["-C", str(project), "build", "no-such-doc"]) == 2
    assert "no document 'no-such-doc'" in capsys.readouterr().err
    assert main(["-C", str(project), "build", "--format", "odt"]) == 2
    assert "unknown format 'odt'" in capsys.readouterr().err
    assert main(["-C", str(project), "build", "min-1076", "--lang", "en+en"]) == 2
    assert "invalid language 'en+en': write en, ru or en+ru" in capsys.readouterr().err
    assert not (project / "output").exists()


def test_preview_writes_a_png_per_page(project, capsys):
    status, _, _ = build(project, capsys, "min-1076", "--lang", "en+ru", "--preview")
    assert status == 0
    pngs = sorted(p.name for p in (project / "output/min-1076").glob("*.png"))
    assert pngs == ["min-1076.en-ru-1.png", "min-1076.en-ru-2.png"]
    status, _, _ = build(project, capsys, "min-1076", "--lang", "en", "--preview")
    pngs = sorted(p.name for p in (project / "output/min-1076").glob("*.png"))
    assert pngs == ["min-1076.en-1.png", "min-1076.en-ru-1.png", "min-1076.en-ru-2.png"]


def test_layout_words_come_from_the_labels_catalog_in_both_writers(project, capsys):
    """A translator rewords a label in labels.po: the next build says it in the PDF and the DOCX."""
    untranslate(project, "min-1076/closing")
    po = project / "locale/ru/LC_MESSAGES/labels.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Непереведённые фрагменты"', 'msgstr "Фрагменты без перевода"').replace(
        'msgstr "нет перевода"', 'msgstr "не переведено"'), encoding="utf-8")
    status, _, _ = build(project, capsys, "min-1076", "--lang", "ru", "--allow-untranslated",
                         "--format", "pdf,docx")
    assert status == 0
    pdf = " ".join(text(project / "output/min-1076/min-1076.ru.pdf").split())
    assert "[не переведено] The Secretariat avails itself" in pdf and "Фрагменты без перевода" in pdf
    assert "Непереведённые" not in pdf
    paragraphs = [p.text for p in docx.Document(str(project / "output/min-1076/min-1076.ru.docx")).paragraphs]
    assert "Фрагменты без перевода" in paragraphs and "Непереведённые фрагменты" not in paragraphs


def test_each_tree_of_an_edition_goes_through_the_declared_steps_once(project, monkeypatch):
    """The bilingual note: one run of the pipeline per language, front once on each tree,
    translate only on the Russian one; the result is the note a user gets."""
    from cica_publish import build as b
    from cica_publish import transforms
    from cica_publish.project import find_project

    runs: list[list[str]] = []
    fronts: list[str] = []
    real_run, real_front = transforms.run, transforms.mark_masthead

    def spy_run(doc, steps):
        runs.append(sorted(s.name for s in steps))
        return real_run(doc, steps)

    monkeypatch.setattr(b, "run", spy_run)
    monkeypatch.setattr(transforms, "mark_masthead", lambda d: fronts.append(d.meta.lang) or real_front(d))
    proj = find_project(str(project))
    (item,) = b.plan(proj, b.BuildOptions(doc_ids=("min-1076",), langs=("en-ru",), formats=("pdf",)))
    result = b.build_item(proj, item)
    assert result.status == "built", result.diagnostics
    assert runs == [["front", "labels", "number", "order", "typeset"],
                    ["front", "labels", "number", "order", "translate", "typeset"]]
    assert fronts == ["en", "en"]  # on the master, before the Russian tree is translated
    assert "свидетельствует свое уважение" in " ".join(text(item.out).split())


def test_a_new_layout_is_a_new_folder(project, capsys):
    """A copy of the report layout under another name, given the reports (``kinds``), sets
    the report as the report layout did: title block, numbered paragraphs, same text."""
    assert build(project, capsys, "report-io-2025", "--lang", "en", "--format", "pdf,docx")[0] == 0
    out = project / "output" / "report-io-2025"
    before = text(out / "report-io-2025.en.pdf"), [p.text for p in docx.Document(str(out / "report-io-2025.en.docx")).paragraphs]
    shutil.copytree(project / "layouts" / "report", project / "layouts" / "white-paper")
    status, _, err = build(project, capsys, "report-io-2025", "--lang", "en")
    assert status == 1  # two layouts claim reports
    assert "layouts report, white-paper all set documents of kind 'report'" in err
    old = project / "layouts" / "report" / "layout.toml"
    old.write_text(old.read_text(encoding="utf-8").replace('kinds = ["report"]', "kinds = []"), encoding="utf-8")
    status, stdout, _ = build(project, capsys, "report-io-2025", "--lang", "en", "--format", "pdf,docx")
    assert status == 0 and "2 built" in stdout  # the layout changed: both rebuilt
    after = text(out / "report-io-2025.en.pdf"), [p.text for p in docx.Document(str(out / "report-io-2025.en.docx")).paragraphs]
    assert after == before
    assert "MIN/" in before[0].split("\f")[0] and re.search(r"^1\.", before[0], re.M)  # title block, numbers


def circulation_lines(project: Path, lang: str) -> tuple[list[str], list[str]]:
    """The lines of the report's first PDF page and DOCX paragraphs naming a note verbale."""
    out = project / "output/report-io-2025" / f"report-io-2025.{lang}"
    first = text(Path(f"{out}.pdf")).split("\f")[0].replace("\u00a0", " ").splitlines()
    paragraphs = [p.text.replace("\u00a0", " ") for p in docx.Document(f"{out}.docx").paragraphs]
    named = re.compile(r"Note Verbale|вербальной нотой")
    return [line for line in first if named.search(line)], [p for p in paragraphs if named.search(p)]


def test_a_report_names_the_note_it_was_circulated_with(project, capsys):
    """min-1076 encloses the report: its title block says so in both languages and formats;
    a new reference on the note rebuilds the report; a report no note encloses says nothing."""
    shutil.copy(ROOT / "locale/ru/LC_MESSAGES/report-io-2025.po", project / "locale/ru/LC_MESSAGES")
    status, _, _ = build(project, capsys, "report-io-2025", "--lang", "en,ru", "--allow-untranslated",
                         "--format", "pdf,docx")
    assert status == 0
    english = "Circulated with Note Verbale № MIN/1076 of 16 September 2025"
    russian = "Распространено с вербальной нотой № MIN/1076 от 16 сентября 2025 г."
    assert circulation_lines(project, "en") == ([english], [english])
    assert circulation_lines(project, "ru") == ([russian], [russian])

    note = project / "sources/notes/min-1076.en.xml"
    note.write_text(note.read_text(encoding="utf-8").replace(
        "<reference>MIN/1076</reference>", "<reference>MIN/1099</reference>"), encoding="utf-8")
    status, out, _ = build(project, capsys, "report-io-2025", "--lang", "en", "--format", "pdf,docx")
    assert status == 0 and "2 built, 0 up to date" in out
    assert circulation_lines(project, "en") == ([english.replace("1076", "1099")],) * 2

    note.write_text(note.read_text(encoding="utf-8").replace(
        "<enclosure>report-io-2025</enclosure>", ""), encoding="utf-8")
    status, out, _ = build(project, capsys, "report-io-2025", "--lang", "en", "--format", "pdf,docx")
    assert status == 0 and "2 built, 0 up to date" in out
    assert circulation_lines(project, "en") == ([], [])


def test_a_docx_takes_its_contents_pages_from_the_pdf_built_with_it(tmp_path, monkeypatch):
    """PDF and DOCX of a digest: the edition is laid out once, for the PDF, and the DOCX's
    saved contents give the pages the PDF sets the headings on; a DOCX built on its own
    lays the edition out itself and gives the same pages."""
    from cica_publish import build as b
    from cica_publish.project import find_project
    from cica_publish.writers import pdf

    dest = tmp_path / "project"
    (dest / "sources" / "digests").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", dest)
    shutil.copytree(ROOT / "layouts", dest / "layouts")
    shutil.copy(ROOT / "sources/digests/digest-2025-q1.en.xml", dest / "sources/digests")
    renders = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *a, **k: renders.append(1) or real_render(*a, **k))
    proj = find_project(str(dest))

    def contents_pages(formats: tuple[str, ...]) -> list[int]:
        results = b.build(proj, b.BuildOptions(doc_ids=("digest-2025-q1",), langs=("en",),
                                                formats=formats, jobs=1))
        assert [r.status for r in results] == ["built"] * len(formats), results
        out = proj.output / "digest-2025-q1" / "digest-2025-q1.en.docx"
        entries = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name.startswith("toc ")]
        assert len(entries) > 10
        return [int(re.search(r"\t(\d+)$", e).group(1)) for e in entries]

    together = contents_pages(("pdf", "docx"))
    assert len(renders) == 1
    pdf_text = text(proj.output / "digest-2025-q1" / "digest-2025-q1.en.pdf").split("\f")
    assert re.search(r"foreword", pdf_text[together[0] - 1], re.I)  # the first entry's page has it

    shutil.rmtree(proj.output)
    alone = contents_pages(("docx",))
    assert len(renders) == 2 and alone == together
