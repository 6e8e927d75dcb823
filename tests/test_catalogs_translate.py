"""One message definition: extraction, inline tags both ways, and the translate transform."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.catalogs.messages import META_MESSAGES, SHORT_TITLE_ID, TITLE_ID, iter_messages
from cica_publish.catalogs.markup import from_markup, to_markup
from cica_publish.catalogs.model import Catalog, Message
from cica_publish.catalogs.po import read_po_file
from cica_publish.errors import CicaError
from cica_publish.readers.xml import read_source
from cica_publish.transforms.translate import progress, translate

from conftest import ROOT

SOURCES = sorted(p for p in (ROOT / "sources").glob("*/*.en.xml"))


def shape(doc: t.Document) -> list:
    return [(type(n).__name__, getattr(n, "id", None)) for n in t.walk(doc, t.Block)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_messages_have_unique_contexts_and_tags_that_read_back(path: Path) -> None:
    doc = read_source(path)
    found = list(iter_messages(doc))
    assert found
    contexts = [ctx for _, ctx, _ in found]
    assert len(set(contexts)) == len(contexts)
    for block, ctx, msgid in found:
        assert ctx == f"{doc.meta.id}/{block.id}"
        back = from_markup(msgid)
        assert to_markup(back) == msgid
        assert " ".join(t.plain_text(back).split()) == " ".join(t.plain_text(block.content).split())


def test_text_that_looks_like_a_tag_is_escaped_and_comes_back() -> None:
    content = (t.Text("a <em>literal</em> tag & &lt; entity "), t.Emph((t.Text("real"),)),
               t.Link((t.Text("site"),), 'https://x.org/?a="b"'))
    markup = to_markup(content)
    assert markup == ('a &lt;em>literal&lt;/em> tag & &amp;lt; entity <em>real</em>'
                      '<a href="https://x.org/?a=&quot;b&quot;">site</a>')
    assert from_markup(markup) == content


@pytest.mark.parametrize("markup, words", [
    ("<em>Форум", "<em> is never closed"),
    ("<em>Форум</strong>", "</strong> at column 10, expected </em>"),
    ("Форум</em>", "</em> at column 6, expected no closing tag"),
])
def test_broken_tags_are_a_clear_error_with_place(markup: str, words: str) -> None:
    with pytest.raises(CicaError) as info:
        from_markup(markup, "locale/ru/LC_MESSAGES/x.po", 42)
    assert str(info.value) == f"locale/ru/LC_MESSAGES/x.po:42: inline tags: {words}"


def _tagged_document() -> t.Document:
    for path in SOURCES:
        doc = read_source(path)
        if any("<" in msgid for _, _, msgid in iter_messages(doc)):
            return doc
    raise AssertionError("the corpus has a source with inline markup (the digests' emphasis)")


def test_translate_marks_every_block_and_keeps_the_structure() -> None:
    doc = _tagged_document()
    messages = list(iter_messages(doc))
    blocks = [(b, c, m) for b, c, m in messages if b.id != TITLE_ID]
    tagged = next((b, c, m) for b, c, m in blocks if "<" in m)
    plain = next((b, c, m) for b, c, m in blocks if "<" not in m)
    fuzzy = next((b, c, m) for b, c, m in blocks if b is not tagged[0] and b is not plain[0])
    catalog = Catalog.new("ru", doc.meta.id)
    catalog.add(Message(tagged[2], "Перевод: " + tagged[2], context=tagged[1]))
    catalog.add(Message(plain[2], "Простой перевод", context=plain[1]))
    catalog.add(Message(fuzzy[2], "Неточный перевод", context=fuzzy[1], flags=("fuzzy",)))
    out = translate(doc, catalog)
    assert shape(out) == shape(doc) and out.meta.lang == "ru"
    by_id = {b.id: b for b in t.text_blocks(out)}
    assert by_id[tagged[0].id].translated and to_markup(by_id[tagged[0].id].content) == "Перевод: " + tagged[2]
    assert t.plain_text(by_id[plain[0].id].content) == "Простой перевод"
    assert by_id[fuzzy[0].id].translated is False
    assert by_id[fuzzy[0].id].content == fuzzy[0].content  # the master text, marked
    counts = progress(out)
    translatable = {b.id for b, _, _ in messages}
    assert counts.total == len(t.text_blocks(doc)) + 1  # and the title
    assert counts.translated == 2 + len([b for b in t.text_blocks(doc) if b.id not in translatable])
    assert set(counts.fallback) == translatable - {tagged[0].id, plain[0].id}
    assert TITLE_ID in counts.fallback and out.meta.title == doc.meta.title
    assert out.meta.title_translated is False  # the English title, shown as a fallback


def test_a_translation_made_for_an_older_text_falls_back() -> None:
    doc = _tagged_document()
    (_title, title_ctx, title_id), (block, ctx, msgid) = list(iter_messages(doc))[:2]
    catalog = Catalog.new("ru", doc.meta.id)
    catalog.add(Message(msgid + " (old)", "Старый перевод", context=ctx))
    catalog.add(Message(title_id + " (old)", "Старое название", context=title_ctx))
    out = translate(doc, catalog)
    assert next(b for b in t.text_blocks(out) if b.id == block.id).translated is False
    assert (out.meta.title, out.meta.title_translated) == (doc.meta.title, False)


def test_broken_tags_in_a_translation_stop_the_translation_at_the_entry(tmp_path: Path) -> None:
    doc = _tagged_document()
    _, ctx, msgid = next((b, c, m) for b, c, m in iter_messages(doc) if "<" in m)
    catalog = Catalog.new("ru", doc.meta.id)
    catalog.add(Message(msgid, "<em>незакрытый тег", context=ctx, lineno=17))
    with pytest.raises(CicaError) as info:
        translate(doc, catalog, "locale/ru/LC_MESSAGES/x.po")
    assert str(info.value).startswith("locale/ru/LC_MESSAGES/x.po:17: inline tags:")


def test_the_committed_russian_catalogs_translate_their_documents() -> None:
    for po in sorted((ROOT / "locale/ru/LC_MESSAGES").glob("*.po")):
        src = next((p for p in SOURCES if p.name == f"{po.stem}.en.xml"), None)
        if src is None:
            continue
        doc = read_source(src)
        out = translate(doc, read_po_file(po), str(po))
        assert shape(out) == shape(doc)
        usable = {(m.context, m.id) for m in read_po_file(po) if m.translated}
        marks = {b.id: b.translated for b in t.text_blocks(out)}
        marks |= {key: getattr(out.meta, f"{field}_translated") for key, field in META_MESSAGES.items()}
        for block, ctx, msgid in iter_messages(doc):
            assert marks[block.id] is ((ctx, msgid) in usable), ctx


def test_the_title_is_the_first_message_and_a_translated_edition_takes_its_own() -> None:
    doc = read_source(ROOT / "sources/notes/min-1076.en.xml")
    _block, ctx, msgid = next(iter(iter_messages(doc)))
    assert (ctx, msgid) == ("min-1076/@title", doc.meta.title)
    catalog = read_po_file(ROOT / "locale/ru/LC_MESSAGES/min-1076.po")
    out = translate(doc, catalog)
    # the committed catalog has the Russian source's title (the aligner pairs the titles)
    assert out.meta.title == read_source(ROOT / "sources/notes/min-1076.ru.xml").meta.title
    assert out.meta.title_translated and progress(out).complete
    untitled = Catalog.new("ru", doc.meta.id)
    untitled.messages = [m for m in catalog.messages if m.context != ctx]
    fallback = translate(doc, untitled)
    assert fallback.meta.title == doc.meta.title and progress(fallback).fallback == (TITLE_ID,)
    assert progress(fallback).translated == progress(out).total - 1


def test_the_short_title_is_a_message_after_the_title_and_falls_back_while_fuzzy() -> None:
    """report-io-2025's running heads show its short title; the Russian one is a proposal (fuzzy)."""
    doc = read_source(ROOT / "sources/reports/report-io-2025.en.xml")
    first, second = [(block.id, msgid) for block, _, msgid in iter_messages(doc)][:2]
    assert first == (TITLE_ID, doc.meta.title) and second == (SHORT_TITLE_ID, doc.meta.short_title)
    catalog = read_po_file(ROOT / "locale/ru/LC_MESSAGES/report-io-2025.po")
    out = translate(doc, catalog)
    assert out.meta.title_translated and out.meta.title != doc.meta.title
    assert out.meta.short_title == doc.meta.short_title and out.meta.short_title_translated is False
    assert progress(out).fallback[0] == SHORT_TITLE_ID
    total = progress(doc).total
    assert total == len(t.text_blocks(doc)) + 2  # the blocks, the title and the short title
    entry = catalog.by_context()[f"{doc.meta.id}/{SHORT_TITLE_ID}"]
    catalog.messages = [m.with_flag("fuzzy", False) if m is entry else m  # the proposal confirmed
                        for m in catalog.messages]
    confirmed = translate(doc, catalog)
    assert confirmed.meta.short_title == entry.string and confirmed.meta.short_title_translated
    assert SHORT_TITLE_ID not in progress(confirmed).fallback


def test_a_bilingual_letterhead_is_stationery_and_a_monolingual_one_is_translated() -> None:
    note = read_source(ROOT / "sources/notes/min-1076.en.xml")
    report = read_source(ROOT / "sources/reports/report-io-2025.en.xml")
    def letterhead(doc: t.Document) -> list[str]:
        return [line.id for head in t.walk(doc, t.Letterhead) for line in t.walk(head, t.Line)]

    note_lines, report_lines = letterhead(note), letterhead(report)
    assert len(note_lines) == 2 and len(report_lines) == 1
    assert not set(note_lines) & {b.id for b, _, _ in iter_messages(note)}
    assert set(report_lines) <= {b.id for b, _, _ in iter_messages(report)}
    out = translate(note, read_po_file(ROOT / "locale/ru/LC_MESSAGES/min-1076.po"))
    lines = [b for b in t.text_blocks(out) if b.id in note_lines]
    # the Russian edition prints the letterhead as it is, in both languages, as the seed does
    assert [b.content for b in lines] == [b.content for b in t.walk(note, t.Line) if b.id in note_lines]
    assert all(b.translated for b in lines)


def test_a_new_note_gets_its_russian_title_from_the_phrasebook() -> None:
    from cica_publish.notes import Distribution, Enclosure, NoteRequest, Phrasebook, compose, note_catalog
    from cica_publish.project import find_project

    proj = find_project(ROOT)
    report = read_source(ROOT / "sources/reports/report-io-2025.en.xml")
    title_ru = "Доклад Секретариата СВМДА о взаимодействии с другими международными организациями"
    enclosure = Enclosure(report.meta.id, {"en": report.meta.title, "ru": title_ru}, {"en": 11, "ru": 11}, {})
    request = NoteRequest("MIN", report.meta.id, ("member-states",), dt.date(2025, 10, 1))
    addressees = Distribution.load().resolve(["member-states"], per_recipient=False)[0]
    doc, russian = compose("MIN/1077", request, addressees, enclosure, Phrasebook.load(proj))
    assert doc.meta.title == f"Note verbale forwarding the {report.meta.title}"
    entry = note_catalog(proj, doc, russian).by_context()["min-1077/@title"]
    assert entry.id == doc.meta.title and entry.string == f"Нота о препровождении документа «{title_ru}»"

