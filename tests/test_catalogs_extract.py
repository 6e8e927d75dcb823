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
