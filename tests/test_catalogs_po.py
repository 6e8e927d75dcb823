"""PO files: GNU-exact writing (msgcat/msgmerge round trips), strict reading with file:line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cica_publish.catalogs.model import Catalog, Message
from cica_publish.catalogs.po import generate_po, read_po, read_po_file
from cica_publish.errors import CicaError

from conftest import ROOT, seed

CATALOGS = sorted((ROOT / "locale").rglob("*.po")) + sorted((ROOT / "locale").rglob("*.pot"))


def msgcat(path: Path) -> str:
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout


def seed_paragraphs(number: str) -> list[str]:
    text = seed(number).read_text(encoding="utf-8")
    return [" ".join(p.split()) for p in text.split("\n\n") if len(p.split()) > 3]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_every_catalog_is_written_exactly_as_msgcat_writes_it(path: Path) -> None:
    assert msgcat(path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in CATALOGS if p.suffix == ".po"], ids=lambda p: p.name)
def test_every_catalog_passes_msgfmt_check_without_warnings(path: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("path", [p for p in CATALOGS if p.suffix == ".po"], ids=lambda p: p.name)
def test_every_catalog_has_the_standard_headers(path: Path) -> None:
    catalog = read_po_file(path)
    standard = [name for name, _ in Catalog.new("ru", "any").header]
    assert [name for name in standard if catalog.get_header(name) is None] == []
    assert catalog.language == path.parent.parent.name


def test_real_texts_wrap_like_gnu_in_every_kind_of_entry(tmp_path: Path) -> None:
    """Seed paragraphs (quotes, dashes, hyphens, URLs, Cyrillic) as msgid, msgstr, #| and #~."""
    english, russian = seed_paragraphs("001") + seed_paragraphs("004"), seed_paragraphs("000")
    catalog = Catalog.new("ru", "wrap-test")
    for n, text in enumerate(english):
        catalog.add(Message(
            text, russian[n % len(russian)] + ' "' + text[:40] + '"\n' + text[::-1],
            context=f"t/{n}", locations=tuple((f"sources/x/{n}.xml", k) for k in range(n % 9)),
            previous_id=text[: len(text) // 2] if n % 3 == 0 else None,
            flags=("fuzzy",) if n % 3 == 0 else (), obsolete=n % 5 == 4,
            translator_comments=("tm: 80% match",) if n % 4 == 0 else (),
            auto_comments=("paragraph — digest x",)))
    ours = generate_po(catalog)
    path = tmp_path / "wrap.po"
    path.write_text(ours, encoding="utf-8")
    assert len(english) > 300
    assert msgcat(path) == ours
    assert read_po(ours).messages == [m for m in catalog.messages if not m.obsolete] + \
        [m for m in catalog.messages if m.obsolete]


def test_msgmerge_with_the_template_changes_nothing(tmp_path: Path) -> None:
    for po in (ROOT / "locale" / "ru" / "LC_MESSAGES").glob("*.po"):
        pot = ROOT / "locale" / "templates" / f"{po.stem}.pot"
        if not pot.is_file():
            continue
        merged = subprocess.run(["msgmerge", "--previous", "-q", str(po), str(pot)],
                                capture_output=True, text=True, check=True).stdout
        assert merged == po.read_text(encoding="utf-8"), po.name


GOOD_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'


@pytest.mark.parametrize("text, line, words", [
    (GOOD_HEADER + 'msgctxt "d/p1"\nmsgid "a"\nmsgstr "б"\nmsgid "oops\n', 9, "string in double quotes"),
    (GOOD_HEADER + 'msgid "a"\nmsgstr "б"\n\nmsgid "a"\nmsgstr "в"\n', 9, "duplicate entry"),
    (GOOD_HEADER + 'msgid "a"\nmsgtsr "б"\n', 7, "syntax error"),
    (GOOD_HEADER + 'msgid "a"\nmsgstr "\\q"\n', 7, "unknown escape"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n', 3, "charset KOI8-R"),
    ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"this is not a header line\\n"\n', 4, "broken header"),
    (GOOD_HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 6, "no msgstr"),
])
def test_bad_catalogs_are_refused_with_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(CicaError) as info:
        read_po(text, "locale/ru/LC_MESSAGES/x.po")
    (diag,) = info.value.diagnostics
    assert (diag.path, diag.line) == ("locale/ru/LC_MESSAGES/x.po", line)
    assert words in diag.message


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes((GOOD_HEADER + 'msgid "a"\nmsgstr "').encode() + "б\"\n".encode("cp1251"))
    with pytest.raises(CicaError) as info:
        read_po_file(path)
    assert info.value.diagnostics[0].line == 7
    assert "UTF-8" in str(info.value)


def test_reader_keeps_everything_a_translator_or_tool_wrote() -> None:
    text = (GOOD_HEADER + "#  two spaces kept\n# tm: exact match from x.po d/p9\n#. paragraph\n"
            "#: sources/notes/n.en.xml:12 sources/notes/n.en.xml:14\n#, fuzzy\n"
            '#| msgid "Old"\nmsgctxt "d/p1"\nmsgid "New"\nmsgstr "Новое"\n\n'
            '#~| msgid "gone before"\n#~ msgctxt "d/p2"\n#~ msgid "gone"\n#~ msgstr "ушло"\n')
    catalog = read_po(text)
    live, gone = catalog.messages
    assert live.translator_comments == (" two spaces kept", "tm: exact match from x.po d/p9")
    assert live.locations == (("sources/notes/n.en.xml", 12), ("sources/notes/n.en.xml", 14))
    assert (live.fuzzy, live.previous_id, live.lineno) == (True, "Old", 12)
    assert (gone.obsolete, gone.previous_id, gone.string) == (True, "gone before", "ушло")
    assert generate_po(catalog) == text


def test_word_level_break_finder_agrees_with_the_character_loop() -> None:
    """The fast finder of break opportunities (per run of spaces and per punctuation mark)
    gives exactly the positions of the per-character UAX #14 loop, on real EN–RU text."""
    import json

    from cica_publish.catalogs.gnuwrap import _escape, break_positions, possible_breaks

    from conftest import ALIGN_DEV

    texts = [row[k] for path in sorted((ALIGN_DEV / "raw").glob("*.jsonl"))
             for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) for k in ("en", "ru")]
    texts += ["a\u0301b c", "x - y", "(a) b", "10\u00a0000 руб.", "«Да» — нет", "U.N./ESCAP-1", "a  b",
              "\u4e2d\u6587 x", 'say "yes"\n', "50% [sic] {x}"]
    for text in texts:
        escaped, _ = _escape(text)
        assert list(break_positions(escaped)) == [i for i, can in enumerate(possible_breaks(escaped)) if can]
