"""The context a translator sees in the templates: where a block outside the running text sits."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.catalogs.extract import template
from cica_publish.catalogs.po import read_po_file
from cica_publish.cli import main
from cica_publish.front import cover, mark_masthead
from cica_publish.readers.xml import read_source

from conftest import ROOT

DIGESTS = ("digest-2024-q3", "digest-2025-q1")


def comments(doc_id: str) -> dict[str, tuple[str, ...]]:
    """The ``#.`` lines of each entry of the committed template, by block id."""
    pot = read_po_file(ROOT / "locale/templates" / f"{doc_id}.pot")
    return {m.context.split("/", 1)[1]: m.auto_comments for m in pot}


@pytest.mark.parametrize("doc_id", DIGESTS)
def test_cover_lines_say_masthead_or_headline(doc_id: str) -> None:
    doc = read_source(ROOT / "sources/digests" / f"{doc_id}.en.xml")
    front = cover(mark_masthead(doc))
    by_id = comments(doc_id)
    masthead = [b.id for b in front.masthead]
    headlines = [b.id for part in front.headlines for b in t.walk(part, t.TextBlock) if b.id in by_id]
    assert len(masthead) == 2 and len(headlines) >= 4
    texts = {b.id: t.plain_text(b.content) for b in t.text_blocks(doc)}
    assert [texts[k].rstrip(":") for k in masthead] == ["VOICE OF ASIA", "CICA Digest"]
    assert all(any(c.startswith("cover: masthead") for c in by_id[k]) for k in masthead)
    assert all(any(c.startswith("cover: headline") for c in by_id[k]) for k in headlines)
    # a cover line sits under no heading, and heads nothing of what follows it
    cover_ids = set(masthead) | set(headlines)
    assert not any(c.startswith("under:") for k in cover_ids for c in by_id[k])
    cover_headings = {texts[b.id] for b in t.walk(front.aside, t.Heading)}
    assert not any(c.removeprefix("under: ") in cover_headings
                   for k, lines in by_id.items() if k not in cover_ids for c in lines)


@pytest.mark.parametrize("doc_id", DIGESTS)
def test_advertisements_contacts_and_signatures_are_described(doc_id: str) -> None:
    doc = read_source(ROOT / "sources/digests" / f"{doc_id}.en.xml")
    by_id = comments(doc_id)
    expected = {"advertisement": [b for a in t.walk(doc, t.Aside) if a.kind == "advertisement"
                                  for b in t.walk(a, t.TextBlock)],
                "contact block": [b for c in t.walk(doc, t.Contact) for b in t.walk(c, t.TextBlock)],
                "signature": [b for s in t.walk(doc, t.Signature) for b in t.walk(s, t.TextBlock)]}
    for note, blocks in expected.items():
        described = [b for b in blocks if b.id in by_id]
        assert described, note
        assert all(any(c.startswith(note) for c in by_id[b.id]) for b in described), note


def test_running_text_has_no_place_note() -> None:
    doc = read_source(ROOT / "sources/reports/report-io-2025.en.xml")
    pot = template(doc, ROOT, "")
    notes = ("cover:", "advertisement", "contact block", "signature")
    assert not any(c.startswith(notes) for m in pot for c in m.auto_comments)


def test_committed_templates_are_what_extract_writes(project_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project_copy / "locale/templates").glob("*.pot")}
    assert main(["-C", str(project_copy), "extract"]) == 0
    after = {p.name: p.read_bytes() for p in (project_copy / "locale/templates").glob("*.pot")}
    assert after == before


def test_under_names_the_parent_heading_not_the_previous_one() -> None:
    by_id = comments("report-io-2025")
    pot = {m.id: m.context.split("/", 1)[1] for m in read_po_file(ROOT / "locale/templates/report-io-2025.pot")}

    def under(msgid: str) -> list[str]:
        return [c for c in by_id[pot[msgid]] if c.startswith("under: ")]

    # level 3 "OSCE" follows level 3 "UN": both sit under level 2 "OBSERVER ORGANIZATIONS"
    assert under("OSCE: Organization for Security and Co-operation in Europe") == \
        under("UN: United Nations") == ["under: OBSERVER ORGANIZATIONS"]
    # level 2 "OBSERVER ORGANIZATIONS" follows "INTRODUCTION" (level 2): under the title
    assert under("OBSERVER ORGANIZATIONS") == under("INTRODUCTION")
    assert under("INTRODUCTION")[0].startswith("under: Report of the CICA Secretariat")
    # a paragraph sits under the heading just before it
    text = next(i for i in pot if i.startswith("This report presents an overview"))
    assert under(text) == ["under: INTRODUCTION"]


def test_babel_reads_every_catalog_strictly(project_copy: Path) -> None:
    """Babel (abort_invalid=True) reads every committed catalog and template, and what
    `update` writes with obsolete entries (whose "#~|" lines Babel refuses: not written)."""
    from babel.messages.pofile import read_po

    assert main(["-C", str(project_copy), "update", "--lang", "ru"]) == 0
    paths = sorted((ROOT / "locale").rglob("*.po*")) + sorted((project_copy / "locale").rglob("*.po*"))
    obsolete = 0
    for path in paths:
        with path.open("rb") as f:
            catalog = read_po(f, abort_invalid=True)
        obsolete += len(catalog.obsolete)
        assert len(catalog) == len(list(read_po_file(path))), path
    assert obsolete > 0  # the obsolete entries of what-is-cica.po were read too
