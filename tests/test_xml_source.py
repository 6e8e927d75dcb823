"""The XML vocabulary: round trip, hardening, and one clear line per bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.cli import main
from cica_publish.errors import CicaError
from cica_publish.readers.xml import read_source, read_source_bytes
from cica_publish.writers.xml import to_xml

from conftest import ROOT

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<document id="x" kind="report" lang="en" master-lang="en">
  <meta>
    <title>T</title>
  </meta>
  <body>
    {body}
  </body>
</document>
"""


def doc_bytes(body: str) -> bytes:
    return MINIMAL.format(body=body).encode("utf-8")


def all_sources() -> list[Path]:
    return sorted((ROOT / "sources").glob("*/*.xml"))


@pytest.mark.parametrize("path", all_sources(), ids=lambda p: p.name)
def test_every_source_round_trips_byte_for_byte(path: Path) -> None:
    doc = read_source(path)
    text = to_xml(doc)
    assert text == path.read_text(encoding="utf-8")
    assert read_source_bytes(text.encode()) == doc


def test_special_characters_stay_characters_not_entities() -> None:
    body = '<p id="a">№&#160;MIN/1076 soft&#173;hyphen &amp; &lt;tag&gt;</p>'
    doc = read_source_bytes(doc_bytes(body))
    xml = to_xml(doc)
    assert "№\u00a0MIN/1076" in xml and "soft\u00adhyphen" in xml
    assert "&#" not in xml and "&amp; &lt;tag&gt;" in xml


def test_text_is_nfc_normalised() -> None:
    decomposed = "Тü".replace("ü", "u\u0308")
    doc = read_source_bytes(doc_bytes(f'<p id="a">{decomposed}</p>'))
    assert t.plain_text(doc.blocks[0].content) == "Тü"


def test_inline_markup_survives() -> None:
    body = ('<p id="a">A <em>b <strong>c</strong></em> <a href="https://s-cica.org">d</a> '
            '<abbr title="Conference">CICA</abbr> <nobr>MIN/1076</nobr><br/>e</p>')
    doc = read_source_bytes(doc_bytes(body))
    again = read_source_bytes(to_xml(doc).encode())
    assert again == doc
    assert t.plain_text(doc.blocks[0].content) == "A b c d CICA MIN/1076\ne"


def error_lines(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    with pytest.raises(CicaError) as info:
        read_source(path)
    return [str(d) for d in info.value.diagnostics]


def test_malformed_xml_names_file_line_and_column(tmp_path: Path) -> None:
    (line,) = error_lines(doc_bytes('<p id="a">unclosed</x>'), tmp_path)
    assert line.startswith(f"{tmp_path / 'bad.xml'}:7:")
    assert "malformed XML" in line


def test_unknown_element_is_rejected_with_its_line(tmp_path: Path) -> None:
    lines = error_lines(doc_bytes('<blink id="a">x</blink>'), tmp_path)
    assert any(":7:" in l and "blink" in l for l in lines)


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            '<document id="x" kind="report" lang="en"><meta><title>&x;</title></meta><body/></document>')
    (line,) = error_lines(data.encode(), tmp_path)
    assert ":2:1: DOCTYPE and ENTITY declarations are not allowed" in line
    assert "TOP SECRET" not in line


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    ents = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<!DOCTYPE d [<!ENTITY a0 "lol">{ents}]><document>&a9;</document>'
    (line,) = error_lines(data.encode(), tmp_path)
    assert "not allowed" in line


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    data = doc_bytes('<p id="a">Секретариат</p>').decode().encode("cp1251", errors="ignore")
    (line,) = error_lines(data, tmp_path)
    assert ":7:" in line and "not UTF-8" in line


def test_duplicate_ids_fail_check_and_name_both_lines(tmp_path: Path, project_copy: Path, capsys) -> None:
    bad = project_copy / "sources" / "report" / "x.en.xml"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(doc_bytes('<p id="a">one</p>\n    <p id="a">two</p>'))
    status = main(["-C", str(project_copy), "check", str(bad)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{bad}:8: duplicate id 'a' (first used on line 7)" in err


def test_a_duplicate_id_stops_extract_update_and_build_before_any_catalog_is_written(
        project_copy: Path, capsys) -> None:
    source = project_copy / "sources/reports/report-io-2025.en.xml"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines, 1) if '<p id="' in line)
    duplicated = lines[first].split('"')[1]
    lines[first] = lines[first].replace(f'"{duplicated}"', f'"{lines[first - 1].split(chr(34))[1]}"', 1)
    source.write_text("".join(lines), encoding="utf-8")
    catalogs = [project_copy / "locale/templates/report-io-2025.pot",
                project_copy / "locale/ru/LC_MESSAGES/report-io-2025.po"]
    before = [p.read_bytes() for p in catalogs]
    for command in (["extract"], ["update", "--lang", "ru"], ["build", "--lang", "en"]):
        assert main(["-C", str(project_copy), *command, "report-io-2025"]) == 1
        assert f"{source}:{first + 1}: duplicate id" in capsys.readouterr().err
    assert [p.read_bytes() for p in catalogs] == before
    assert not (project_copy / "output/report-io-2025").exists()


def test_output_piped_into_a_reader_that_stops_early_is_no_traceback() -> None:
    """`cica-publish list --json | head -1`: the pipe is closed before anything is written."""
    proc = subprocess.Popen([sys.executable, "-m", "cica_publish.cli", "-C", str(ROOT), "list", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 1 and "Traceback" not in err, err


def test_check_of_a_folder_checks_the_files_in_it(project_copy: Path, capsys) -> None:
    notes = project_copy / "sources" / "notes"
    assert main(["-C", str(project_copy), "check", str(notes)]) == 0
    assert capsys.readouterr().out == f"checked {len(list(notes.glob('*.xml')))} file(s): 0 error(s)\n"
    (notes / "x.en.xml").write_bytes(doc_bytes('<p id="a">one</p>\n    <p id="a">two</p>'))
    assert main(["-C", str(project_copy), "check", str(notes)]) == 1
    assert f"{notes / 'x.en.xml'}:8: duplicate id 'a'" in capsys.readouterr().err


def test_check_passes_on_the_corpus() -> None:
    proc = subprocess.run([sys.executable, "-m", "cica_publish.cli", "-C", str(ROOT), "check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "0 error(s)" in proc.stdout


def test_usage_error_exits_2_without_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "cica_publish.cli", "-C", str(ROOT), "list", "--bogus"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "--bogus" in proc.stderr
