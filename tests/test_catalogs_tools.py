"""stats, tmx export/import (feeding the memory), glossary and check on catalogs."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from lxml import etree

from cica_publish.catalogs.po import read_po_file, write_po
from cica_publish.cli import main

DOC = "digest-2025-q1"
PO = f"locale/ru/LC_MESSAGES/{DOC}.po"


def run(project: Path, *args: str) -> int:
    return main(["-C", str(project), *args])


def translate_first(project: Path, n: int) -> list:
    """Translate the first *n* untranslated entries of the digest's catalog, as a translator would."""
    catalog = read_po_file(project / PO)
    done = []
    for k, m in enumerate(catalog.messages):
        if len(done) < n and not m.string and not m.obsolete:
            catalog.messages[k] = dataclasses.replace(m, string=f"Перевод {len(done)}")
            done.append(catalog.messages[k])
    write_po(project / PO, catalog)
    return done


def test_stats_counts_entries_and_words_per_document(project_copy: Path, capsys) -> None:
    assert run(project_copy, "update", "--lang", "ru", DOC) == 0
    capsys.readouterr()
    done = translate_first(project_copy, 5)
    assert run(project_copy, "stats", "--lang", "ru", "--json") == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    row = rows[DOC]
    catalog = read_po_file(project_copy / PO)
    assert row["entries"]["translated"] == sum(m.translated for m in catalog)
    assert row["entries"]["translated"] >= len(done)
    assert sum(row["entries"].values()) == len(catalog)
    words = sum(len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", m.id))) for m in catalog)
    assert sum(row["words"].values()) == words
    total = rows["total"]
    assert total["entries"]["translated"] == sum(r["entries"]["translated"] for n, r in rows.items() if n != "total")
    assert 0 < row["percent"]["translated"] < 100


def test_tmx_export_then_import_feeds_the_memory(project_copy: Path, tmp_path: Path, capsys) -> None:
    assert run(project_copy, "update", "--lang", "ru", DOC) == 0
    done = translate_first(project_copy, 3)
    out = tmp_path / "cica-ru.tmx"
    assert run(project_copy, "tmx", "export", "--lang", "ru", "-o", str(out)) == 0
    tmx = etree.parse(str(out)).getroot()
    assert tmx.get("version") == "1.4" and tmx.find("header").get("srclang") == "en"
    units = {tu.get("tuid"): [seg.text for seg in tu.iter("seg")] for tu in tmx.iter("tu")}
    for m in done:
        assert units[m.context] == [m.id, m.string]

    # a fresh project knows nothing; importing the TMX fills its catalog from it
    (project_copy / PO).unlink()
    for po in (project_copy / "locale/ru/LC_MESSAGES").glob("*.po"):
        po.unlink()
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(out)) == 0
    imported = read_po_file(project_copy / "locale/ru/LC_MESSAGES/tmx-cica-ru.po")
    assert {(m.id, m.string) for m in done} <= {(m.id, m.string) for m in imported}
    assert run(project_copy, "update", "--lang", "ru", DOC) == 0
    filled = {m.context: m for m in read_po_file(project_copy / PO)}
    for m in done:
        assert filled[m.context].string == m.string
        assert filled[m.context].translator_comments[0].startswith(
            "tm: exact match from locale/ru/LC_MESSAGES/tmx-cica-ru.po")


def test_glossary_command_lists_terms_and_their_use(project_copy: Path, capsys) -> None:
    assert run(project_copy, "glossary", "--lang", "ru") == 0
    out = capsys.readouterr().out
    assert re.search(r"^Member States\s+государства-члены\s+", out, re.M)
    assert re.search(r"^\d+ terms: 0 error\(s\)$", out, re.M)
    # one column each, however long a term ("Conference on Interaction and Confidence …")
    rows = out.splitlines()[:-1]
    assert len({re.search(r"(used \d+×.*|unused)$", row).start() for row in rows}) == 1


def test_check_validates_catalogs_with_file_and_line(project_copy: Path, capsys) -> None:
    assert run(project_copy, "update", "--lang", "ru", DOC) == 0
    assert run(project_copy, "check") == 0
    capsys.readouterr()
    po = project_copy / PO
    lines = po.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("msgctxt"))
    lines[k + 1] = lines[k + 1].replace("msgid", "msgid_x", 1)
    po.write_text("\n".join(lines), encoding="utf-8")
    assert run(project_copy, "check") == 1
    err = capsys.readouterr().err
    assert f"{PO}:{k + 2}: syntax error" in err
