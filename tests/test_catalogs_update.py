"""extract/update on the real corpus: each update rule, no churn, bad input left untouched."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from cica_publish.catalogs.po import read_po_file, write_po
from cica_publish.cli import main
from cica_publish.readers.xml import read_source

DOC = "digest-2025-q1"
OTHER = "digest-2024-q3"
XML = f"sources/digests/{DOC}.en.xml"
PO = f"locale/ru/LC_MESSAGES/{DOC}.po"
OTHER_PO = f"locale/ru/LC_MESSAGES/{OTHER}.po"
_ONE_LINE = re.compile(r'^\s*<p id="([^"]+)">([A-Z][^<>&"]{60,})</p>\s*$', re.M)


def run(project: Path, *args: str) -> int:
    return main(["-C", str(project), *args])


def plain_paragraphs(project: Path) -> list[tuple[str, str]]:
    """(id, text) of one-line paragraphs without markup of the real digest."""
    return _ONE_LINE.findall((project / XML).read_text(encoding="utf-8"))


def translate_entries(path: Path, contexts: dict[str, str]) -> None:
    """What a translator does in Poedit: fill some entries, unfuzzy them."""
    catalog = read_po_file(path)
    catalog.messages = [
        dataclasses.replace(m, string=contexts[m.context], flags=(), previous_id=None)
        if m.context in contexts else m for m in catalog.messages]
    write_po(path, catalog)


def assert_msgmerge_agrees(project: Path) -> None:
    """GNU msgmerge, given our catalog and template, changes nothing."""
    merged = subprocess.run(["msgmerge", "--previous", "-q", str(project / PO),
                             str(project / f"locale/templates/{DOC}.pot")],
                            capture_output=True, text=True, check=True).stdout
    assert merged == (project / PO).read_text(encoding="utf-8")


def entry(project: Path, po: str, context: str):
    return next(m for m in read_po_file(project / po).messages if m.context == context)


@pytest.fixture
def translated(project_copy: Path) -> tuple[Path, list[tuple[str, str]]]:
    """The project with three paragraphs of the digest translated."""
    paras = plain_paragraphs(project_copy)
    assert len(paras) >= 6
    assert run(project_copy, "update", "--lang", "ru", DOC, OTHER) == 0
    translate_entries(project_copy / PO, {
        f"{DOC}/{pid}": f"Перевод абзаца {n}: {text.split()[0]}" for n, (pid, text) in enumerate(paras[:3])})
    assert run(project_copy, "update", "--lang", "ru", DOC, OTHER) == 0  # the new work feeds the memory
    return project_copy, paras


def test_update_creates_catalogs_with_standard_headers(project_copy: Path) -> None:
    assert run(project_copy, "update", "--lang", "ru", DOC) == 0
    catalog = read_po_file(project_copy / PO)
    assert catalog.get_header("Language") == "ru"
    assert "nplurals=3" in catalog.get_header("Plural-Forms")
    assert catalog.get_header("Content-Type") == "text/plain; charset=UTF-8"
    assert catalog.get_header("Project-Id-Version").startswith(DOC)
    pot = read_po_file(project_copy / f"locale/templates/{DOC}.pot")
    assert [m.key for m in catalog] == [m.key for m in pot]
    title, first = pot.messages[:2]  # the document's title is its first message
    assert (title.context, title.id) == (f"{DOC}/@title", read_source(project_copy / XML).meta.title)
    assert title.auto_comments[0] == f"document title — digest {DOC}"
    assert first.context.startswith(f"{DOC}/") and first.auto_comments[0].startswith("paragraph")
    assert first.locations[0][0] == XML


def test_same_context_same_text_is_kept_and_nothing_is_rewritten(translated) -> None:
    project, paras = translated
    before = {p: (project / p).read_bytes() for p in (PO, OTHER_PO, f"locale/templates/{DOC}.pot")}
    stamps = {p: (project / p).stat().st_mtime_ns for p in before}
    assert run(project, "update", "--lang", "ru", DOC, OTHER) == 0
    for path, data in before.items():
        assert (project / path).read_bytes() == data, path
        assert (project / path).stat().st_mtime_ns == stamps[path], path
    kept = entry(project, PO, f"{DOC}/{paras[0][0]}")
    assert kept.translated and kept.string.startswith("Перевод абзаца 0")


def test_changed_text_becomes_fuzzy_with_previous_msgid(translated) -> None:
    project, paras = translated
    pid, text = paras[1]
    catalog = read_po_file(project / PO)
    catalog.set_header("PO-Revision-Date", "2025-01-02 03:04+0000")
    write_po(project / PO, catalog)
    xml = project / XML
    xml.write_text(xml.read_text(encoding="utf-8").replace(text, text + " Updated."), encoding="utf-8")
    assert run(project, "update", "--lang", "ru", DOC) == 0
    m = entry(project, PO, f"{DOC}/{pid}")
    assert m.fuzzy and m.previous_id == text and m.id == text + " Updated."
    assert m.string.startswith("Перевод абзаца 1")
    assert_msgmerge_agrees(project)
    # only the English changed: the translation's revision date stays, as msgmerge leaves it
    assert read_po_file(project / PO).get_header("PO-Revision-Date") == "2025-01-02 03:04+0000"
    # a translation the memory fills is a revision
    _add_paragraph(project, "tm-exact", paras[0][1])
    assert run(project, "update", "--lang", "ru", DOC) == 0
    assert read_po_file(project / PO).get_header("PO-Revision-Date") != "2025-01-02 03:04+0000"


def test_removed_block_is_obsolete_and_purged_only_on_request(translated) -> None:
    project, paras = translated
    pid, _text = paras[2]
    catalog = read_po_file(project / PO)
    catalog.set_header("PO-Revision-Date", "2025-01-02 03:04+0000")
    write_po(project / PO, catalog)
    xml = project / XML
    xml.write_text(re.sub(rf'\s*<p id="{pid}">[^\n]*</p>', "", xml.read_text(encoding="utf-8")),
                   encoding="utf-8")
    assert run(project, "update", "--lang", "ru", DOC) == 0
    # a paragraph gone from the English is no revision of the translation
    assert read_po_file(project / PO).get_header("PO-Revision-Date") == "2025-01-02 03:04+0000"
    gone = entry(project, PO, f"{DOC}/{pid}")
    assert gone.obsolete and gone.string.startswith("Перевод абзаца 2")
    assert f'#~ msgctxt "{DOC}/{pid}"' in (project / PO).read_text(encoding="utf-8")
    assert_msgmerge_agrees(project)
    assert run(project, "update", "--lang", "ru", "--purge-obsolete", DOC) == 0
    assert all(m.context != f"{DOC}/{pid}" for m in read_po_file(project / PO).messages)


def _add_paragraph(project: Path, new_id: str, text: str) -> None:
    xml = project / XML
    source = xml.read_text(encoding="utf-8")
    anchor = _ONE_LINE.search(source)
    line = anchor.group(0)
    indent = line[: len(line) - len(line.lstrip())]
    xml.write_text(source.replace(line, f'{line}\n{indent}<p id="{new_id}">{text}</p>', 1),
                   encoding="utf-8")


def test_new_entry_translated_elsewhere_is_filled_with_its_origin(translated) -> None:
    project, paras = translated
    pid, text = paras[0]
    _add_paragraph(project, "tm-exact", text)
    assert run(project, "update", "--lang", "ru", DOC) == 0
    m = entry(project, PO, f"{DOC}/tm-exact")
    assert m.translated and m.string.startswith("Перевод абзаца 0")
    assert m.translator_comments == (f"tm: exact match from {PO} {DOC}/{pid}",)


def test_new_similar_entry_is_filled_fuzzy_above_the_threshold(translated) -> None:
    project, paras = translated
    pid, text = paras[0]
    similar = text.replace(text.split()[-1], "Asia-Pacific", 1)
    _add_paragraph(project, "tm-fuzzy", similar)
    assert run(project, "update", "--lang", "ru", "--threshold", "99.9", DOC) == 0
    assert not entry(project, PO, f"{DOC}/tm-fuzzy").string
    assert run(project, "update", "--lang", "ru", DOC) == 0
    m = entry(project, PO, f"{DOC}/tm-fuzzy")
    assert m.fuzzy and m.string.startswith("Перевод абзаца 0") and m.previous_id == text
    (note,) = m.translator_comments
    score = int(re.match(r"tm: (\d+)% match from ", note).group(1))
    assert 75 <= score < 100 and note.endswith(f"{PO} {DOC}/{pid}")
    assert_msgmerge_agrees(project)


def test_every_updated_catalog_passes_msgfmt_and_msgcat(translated) -> None:
    project, paras = translated
    xml = project / XML
    xml.write_text(xml.read_text(encoding="utf-8").replace(paras[1][1], paras[1][1] + " Updated."),
                   encoding="utf-8")
    assert run(project, "update", "--lang", "ru") == 0
    for po in sorted((project / "locale/ru/LC_MESSAGES").glob("*.po")):
        check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        if po.name != "phrasebook.po":
            cat = subprocess.run(["msgcat", str(po)], capture_output=True, text=True, check=True)
            assert cat.stdout == po.read_text(encoding="utf-8"), po.name


def test_a_broken_catalog_is_reported_and_left_untouched(translated, capsys) -> None:
    project, paras = translated
    broken = (project / PO).read_text(encoding="utf-8").replace("msgstr", "msgstr_", 3)
    (project / PO).write_text(broken, encoding="utf-8")
    other_before = (project / OTHER_PO).read_bytes()
    pot_before = (project / f"locale/templates/{DOC}.pot").read_bytes()
    xml_doc = project / XML
    xml_doc.write_text(xml_doc.read_text(encoding="utf-8").replace(paras[0][1], paras[0][1] + " New."),
                       encoding="utf-8")
    xml = project / f"sources/digests/{OTHER}.en.xml"
    other_para = _ONE_LINE.search(xml.read_text(encoding="utf-8")).group(2)
    xml.write_text(xml.read_text(encoding="utf-8").replace(other_para, other_para + " New."),
                   encoding="utf-8")
    assert run(project, "update", "--lang", "ru", DOC, OTHER) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(project / PO))}:\d+: syntax error", err)
    assert (project / PO).read_text(encoding="utf-8") == broken
    assert (project / f"locale/templates/{DOC}.pot").read_bytes() == pot_before  # nothing written
    assert (project / OTHER_PO).read_bytes() != other_before  # the other document goes on


@pytest.mark.parametrize("command", [["update", "--lang", "de"], ["build", "--lang", "en,de"],
                                     ["qa", "--lang", "de"]])
def test_a_language_the_project_lacks_is_a_usage_error_and_writes_nothing(project_copy: Path, capsys,
                                                                         command: list[str]) -> None:
    before = sorted(p for p in project_copy.rglob("*") if ".venv" not in p.parts)
    assert main(["-C", str(project_copy), *command]) == 2
    assert capsys.readouterr().err == ("--lang: unknown language 'de': the project's languages are "
                                       "en, ru (`languages` in its config)\n")
    assert sorted(p for p in project_copy.rglob("*") if ".venv" not in p.parts) == before


@pytest.mark.parametrize("command", [["update", "--lang", "en-ru"], ["qa", "--lang", "en+ru"],
                                     ["note", "new", "--lang", "en,ru+de", "--series", "MIN",
                                      "--enclosure", "report-io-2025", "--to", "member-states"]])
def test_an_edition_where_one_language_is_asked_for_is_refused(project_copy: Path, capsys,
                                                                 command: list[str]) -> None:
    """Catalogs are of one language; only build and note new take editions (en+ru)."""
    before = sorted(p for p in project_copy.rglob("*") if ".venv" not in p.parts)
    assert main(["-C", str(project_copy), *command]) == 2
    assert "--lang: unknown language '" in capsys.readouterr().err
    assert sorted(p for p in project_copy.rglob("*") if ".venv" not in p.parts) == before


@pytest.mark.parametrize("threshold", ["150", "-1", "high"])
def test_a_threshold_outside_0_to_100_is_a_usage_error(project_copy: Path, capsys, threshold: str) -> None:
    po = project_copy / "locale/ru/LC_MESSAGES/report-io-2025.po"
    before = po.read_bytes()
    assert main(["-C", str(project_copy), "update", "--lang", "ru", "--threshold", threshold]) == 2
    assert f"expected a similarity from 0 to 100, not '{threshold}'" in capsys.readouterr().err
    assert po.read_bytes() == before


def test_a_match_differing_in_a_number_is_below_100_and_says_so(translated) -> None:
    project, paras = translated
    # long enough that one digit changes the ratio by less than 0.5 (it printed as "100%")
    pid, text = next((pid, text) for pid, text in paras if len(text) > 250)
    translate_entries(project / PO, {f"{DOC}/{pid}": "Перевод длинного абзаца"})
    digit = re.search(r"\d", text)
    changed = (text[:digit.start()] + str((int(digit.group()) + 1) % 10) + text[digit.end():]
               if digit else text + " 2026")
    _add_paragraph(project, "tm-number", changed)
    assert run(project, "update", "--lang", "ru", DOC) == 0
    m = entry(project, PO, f"{DOC}/tm-number")
    (note,) = m.translator_comments
    assert m.fuzzy and note.startswith(f"tm: 99% match from {PO} {DOC}/{pid}")
    assert "; numbers differ: " in note and note.endswith(" here")
