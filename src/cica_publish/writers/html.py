"""Document trees → one HTML page for WeasyPrint (built with an element builder, never strings).

The writer lays out what the tree says; it decides no numbers, no typography and no
language fallback, and the front matter (title block, digest cover, reference line) comes
from :mod:`cica_publish.front`, which the DOCX writer lays out too. Every node class of
:mod:`cica_publish.tree` has its entry in the dispatch tables below (a test checks it);
an unknown node raises.

One HTML page holds one edition per language (``<article class="edition" lang=…>``), or a
side-by-side table with a row per pair of blocks. The words the layout itself generates
(page labels, the reference code for the running head) are set as CSS strings by a hidden
``.running`` block, so the layout's stylesheet places them and the page says them in the
language of the edition it is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from lxml import etree
from lxml.builder import E

from .. import front
from .. import tree as t
from ..errors import CicaError
from ..labels import label
from ..table_grid import grid
from ..layout import Layout, RenderOptions
from ..transforms.number import label as number_label
from ..untranslated import fallbacks
from . import cannot_lay_out, footnote

AUTHOR = "CICA Secretariat"

#: Mechanics every layout relies on; looks are in the layout's print.css.
BASE_CSS = """
article.edition { page: edition; }  /* a page group per language: @page :nth(1 of edition) */
.running { height: 0; margin: 0; visibility: hidden; line-height: 0; }
.running span { display: block; height: 0; }
.running .run-ref { string-set: run-ref content(); }
.running .run-page-1 { string-set: run-page-1 attr(data-text); }
.running .run-page-2 { string-set: run-page-2 attr(data-text); }
.running .run-page-3 { string-set: run-page-3 attr(data-text); }
.running .run-code { string-set: run-code content(); }
.running .run-title { string-set: run-title content(); }
.nobr, .reference { white-space: nowrap; }
/* Hyphenation: 3 letters at least either side of a break, words of 6 letters or more; after
   each render the writer (pdf.py, hyphenation.py) keeps whole a hyphenated name or word in
   capitals (typography.NAME), a third hyphenated line in a row, a page's last line and a
   paragraph's last but one. English uses Liang's US patterns: pyphen's British ones
   break "Secret-ariat", "Kaza-kh-stan", "cooper-a-tion". */
[lang] { hyphens: auto; hyphenate-character: "-"; hyphenate-limit-chars: 6 3 3; }
[lang|=en] { -weasy-lang: "en-US"; }
[lang|=ru] { -weasy-lang: "ru"; }
h1, h2, h3, h4, h5, h6, .nobr, .reference, .toc, .nohyph { hyphens: manual; }
.fn { float: footnote; }
.fn::footnote-call { content: attr(data-number); vertical-align: super; font-size: 70%; line-height: 0; }
.fn::footnote-marker { content: attr(data-number) ". "; }
.fallback { outline: 1.5pt dashed #c0392b; outline-offset: 1pt; }
.fallback::before { content: "[" attr(data-fallback) "] "; color: #c0392b; font-size: 75%; }
.untranslated-list { break-before: page; }
.untranslated-list, .untranslated-list [lang] { hyphens: manual; }  /* a list of references */
code { font-family: "PT Mono", Symbola; }
.advertisement { break-before: page; break-after: page; }
table:not(.side-by-side) tr { break-inside: avoid; }  /* a row's cells stay side by side */
tr.group { break-after: avoid; }  /* a group heading row stays with its first row */
h1, h2, h3, h4, h5, h6, p.dateline { break-after: avoid; }  /* never last on a page */
table.side-by-side tr:has(td > :is(h1, h2, h3, h4, h5, h6, p.dateline)) { break-after: avoid; }
aside h1, aside h2, aside h3, aside h4, aside h5, aside h6 { bookmark-level: none; }  /* not chapters */
p:has(+ table) { break-after: avoid; }  /* a paragraph introducing a table stays with it */
p.caption { break-before: avoid; }  /* with the paragraph it follows */
.toc a::after { content: leader(". ") target-counter(attr(href), page); }
table.side-by-side { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.side-by-side td { vertical-align: top; width: 50%; padding: 0 4mm 0.3em 0; }
table.side-by-side td + td { padding: 0 0 0.3em 4mm; }
"""

_SECTION_TAGS = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}


def anchor(block: t.Node, lang: str) -> str | None:
    """The HTML id of a block: its stable id, per language (a bilingual page holds both)."""
    node_id = getattr(block, "id", None)
    return f"{lang}-{node_id}" if node_id else None


class _BlockRule(Protocol):
    """The rule for one tree class (the table's key), called with a node of that class."""

    def __call__(self, block: Any, /) -> etree._Element: ...


class _InlineRule(Protocol):
    """The rule for one inline class: an element, or plain text."""

    def __call__(self, node: Any, /) -> etree._Element | str: ...


class HtmlWriter:
    """Renders one tree (one language) into elements; a new instance per edition."""

    def __init__(self, doc: t.Document):
        self.doc = doc
        self.lang = doc.meta.lang
        self.blocks: dict[type[t.Block], _BlockRule] = {
            t.Paragraph: self.paragraph,
            t.Heading: self.heading,
            t.Dateline: lambda b: self.text_block("p", b, "dateline"),
            t.Caption: lambda b: self.text_block("p", b, "caption"),
            t.ListItem: lambda b: self.text_block("li", b),
            t.Cell: lambda b: self.text_block("th" if b.header else "td", b),
            t.Line: lambda b: self.text_block("div", b, f"line {b.role or ''}".strip()),
            t.EnclosureLine: lambda b: self.text_block("p", b, "enclosure"),
            t.ClosingFormula: lambda b: self.text_block("p", b, "closing"),
            t.PlaceDate: lambda b: self.text_block("p", b, "place-date"),
            t.Footnote: lambda b: self.text_block("p", b, "footnote"),
            t.Reference: self.reference,
            t.Section: lambda b: self.container("section", b, b.kind),
            t.Quote: lambda b: self.container("blockquote", b),
            t.BulletList: lambda b: self.container("ol" if b.ordered else "ul", b),
            t.Row: lambda b: self.container("tr", b),
            t.Table: self.table,
            t.Letterhead: lambda b: self.container("header", b, "letterhead"),
            t.Addressee: lambda b: self.container("div", b, "addressee"),
            t.Signature: lambda b: self.container("div", b, "signature"),
            t.Contact: lambda b: self.container("div", b, "contact"),
            t.Aside: lambda b: self.container("aside", b, b.kind),
        }
        self.inlines: dict[type[t.Inline], _InlineRule] = {
            t.Text: lambda n: n.text,
            t.Emph: lambda n: E.em(*self.render_inlines(n.children)),
            t.Strong: lambda n: E.strong(*self.render_inlines(n.children)),
            t.Link: lambda n: E.a(*self.render_inlines(n.children), href=n.href),
            t.Abbr: self.abbr,
            t.NoBreak: self.nobreak,
            t.LineBreak: lambda n: E.br(),
            t.NoteRef: self.note_ref,
        }

    # -------------------------------------------------------------- dispatch

    def block(self, block: t.Block) -> etree._Element:
        handler = self.blocks.get(type(block))
        if handler is None:
            raise cannot_lay_out("HTML", block, self.doc)
        return handler(block)

    def render_blocks(self, blocks: Sequence[t.Block]) -> list[etree._Element]:
        return [self.block(b) for b in blocks]

    def render_inlines(self, inlines: Sequence[t.Inline]) -> list[etree._Element | str]:
        out = []
        for node in inlines:
            handler = self.inlines.get(type(node))
            if handler is None:
                raise cannot_lay_out("HTML", node, self.doc)
            out.append(handler(node))
        return out

    # -------------------------------------------------------------- blocks

    def text_block(self, tag: str, block: t.TextBlock, cls: str = "", *prefix) -> etree._Element:
        el = E(tag, *prefix, *self.render_inlines(block.content))
        if cls:
            el.set("class", cls)
        if (ident := anchor(block, self.lang)) is not None:
            el.set("id", ident)
        if block.translated is False:
            el.set("class", f"{cls} fallback".strip())
            el.set("data-fallback", label(self.doc.meta, "fallback"))
        if (lang := front.text_lang(self.doc, block)) != self.lang:
            el.set("lang", lang)
        return el

    def paragraph(self, block: t.Paragraph) -> etree._Element:
        if block.number:
            return self.text_block("p", block, "numbered", E.span(number_label(block.number), {"class": "num"}))
        return self.text_block("p", block)

    def heading(self, block: t.Heading) -> etree._Element:
        tag = _SECTION_TAGS.get(block.level, "h6")
        if block.number:
            return self.text_block(tag, block, "", E.span(number_label(block.number), {"class": "num"}), " ")
        return self.text_block(tag, block)

    def reference(self, block: t.Reference) -> etree._Element:
        return E.p(front.printed_reference(self.doc.meta), {"class": "reference"})

    def table(self, block: t.Table) -> etree._Element:
        """Rows on the table's grid (:mod:`cica_publish.table_grid`): a group heading spans
        the table, a short data row gets empty cells, the head is a ``thead`` (WeasyPrint
        repeats it on every page the table runs over)."""
        shape = grid(block)
        table_rows = [r for r in block.blocks if isinstance(r, t.Row)]
        rows = [self.block(row) for row in table_rows]
        for row, tr in zip(table_rows, rows):
            if shape.is_group(row):
                tr[-1].set("colspan", str(shape.width - len(row.blocks) + 1))
                tr.set("class", "group")
            else:
                tr.extend(E.td() for _ in range(shape.padding(row)))
        parts = [E.thead(*rows[:shape.head])] if shape.head else []
        return E.table(*parts, E.tbody(*rows[shape.head:]))

    def container(self, tag: str, block: t.Container, cls: str = "") -> etree._Element:
        el = E(tag, *self.render_blocks(block.blocks))
        if cls:
            el.set("class", cls)
        if isinstance(block, t.Section) and block.id:
            el.set("id", f"{self.lang}-s-{block.id}")
        return el

    # -------------------------------------------------------------- inlines

    def abbr(self, node: t.Abbr) -> etree._Element:
        el = E.abbr(*self.render_inlines(node.children))
        if node.title:
            el.set("title", node.title)
        return el

    def nobreak(self, node: t.NoBreak) -> etree._Element:
        """A span no line break may enter: one word needs only to stay unhyphenated (a
        ``nowrap`` span makes WeasyPrint break the line after it too early at times)."""
        text = t.plain_text(node.children)
        single = not any(ch.isspace() or ch in "/-" for ch in text)
        return E.span(*self.render_inlines(node.children), {"class": "nohyph" if single else "nobr"})

    def note_ref(self, node: t.NoteRef) -> etree._Element:
        note = footnote(self.doc, node.ref)
        return E.span(*self.render_inlines(note.content), {"class": "fn", "data-number": note.number or ""})


# ------------------------------------------------------------------ page furniture


def running_strings(docs: Sequence[t.Document]) -> etree._Element:
    """The hidden block that sets the running head/foot strings (:func:`front.running`) for
    this edition, or for both languages of a side-by-side one."""
    words = front.running(docs)
    return E.div(
        E.span(words.reference, {"class": "run-ref"}),
        # "Page {x} of {y}": the words around the page counters, as the layout sets them
        *(E.span({"class": f"run-page-{n}", "data-text": text}) for n, text in enumerate(words.page, 1)),
        E.span(words.code, {"class": "run-code"}),
        E.span(words.title, {"class": "run-title"}),
        {"class": "running"},
    )


def title_block(doc: t.Document, block: front.TitleBlock) -> etree._Element:
    """Report/brochure title block (:func:`cica_publish.front.title_block`): issuer,
    reference code, date, the circulating note, the language of the original and title."""
    writer = HtmlWriter(doc)
    parts: list[etree._Element] = []
    if isinstance(block.issuer, t.Letterhead):
        parts += [writer.text_block("p", line, "issuer") for line in t.walk(block.issuer, t.Line)]
    elif block.issuer:
        parts.append(E.p(block.issuer, {"class": "issuer"}))
    if block.reference:
        parts.append(E.p(E.span(block.reference, {"class": "nobr"}), {"class": "title-ref"}))
    if block.date:
        parts.append(E.p(block.date, {"class": "title-date"}))
    if block.circulated:
        parts.append(E.p(block.circulated, {"class": "title-date title-circulated"}))
    if block.original:
        parts.append(E.p(block.original, {"class": "title-original"}))
    parts.append(writer.text_block("h1", block.title, "title"))
    return E.header(*parts, {"class": "title-block"})


def articles(doc: t.Document) -> list[tuple[t.Section, t.Heading | None]]:
    """The digest's sections and articles with their headings, in order."""
    out = []
    for section in t.walk(doc, t.Section):
        heading = next((b for b in section.blocks if isinstance(b, t.Heading)), None)
        out.append((section, heading))
    return out


def digest_cover(doc: t.Document) -> etree._Element:
    """Cover: masthead, the issue's period (:func:`cica_publish.front.issue_line`), headlines.

    The masthead and the headlines are the source's own cover lines when it has them
    (:func:`cica_publish.front.cover`; set here, not again in the body), else the series
    name and the first article titles.
    """
    writer = HtmlWriter(doc)
    lines = front.cover(doc)
    if lines is not None and lines.masthead:
        masthead = E.div(*writer.render_blocks(lines.masthead), {"class": "masthead"})
    else:
        masthead = E.div(E.div(doc.meta.series or "", {"class": "line masthead"}), {"class": "masthead"})
    if lines is not None:
        headlines = E.div(*writer.render_blocks(lines.headlines))
    else:
        titles = [h for s, h in articles(doc) if s.kind == "article" and h is not None][:5]
        headlines = E.ul(*[E.li(*writer.render_inlines(h.content)) for h in titles])
    headlines.set("class", "headlines")
    return E.section(
        masthead,
        E.p(front.issue_line(doc), {"class": "period"}),
        headlines,
        {"class": "cover", "lang": doc.meta.lang},
    )


def contents_page(doc: t.Document, layout: Layout) -> etree._Element:
    """The contents (a digest's "In this issue"): every section and article, with the page
    it really starts on."""
    writer = HtmlWriter(doc)
    items = []
    for section, heading in articles(doc):
        if heading is None or heading.id is None:
            continue
        cls = "toc-article" if section.kind == "article" else "toc-section"
        items.append(E.li(E.a(*writer.render_inlines(heading.content), href=f"#{anchor(heading, doc.meta.lang)}"),
                          {"class": cls}))
    return E.nav(E.h2(front.contents_title(doc, layout) or "", {"class": "toc-title"}),
                 E.ul(*items), {"class": "toc"})


def untranslated_page(doc: t.Document) -> etree._Element | None:
    """The last page listing what is shown in the master language (title included), or None."""
    missing = fallbacks(doc)
    if not missing:
        return None
    writer = HtmlWriter(doc)
    return E.section(
        E.h2(label(doc.meta, "untranslated"), {"class": "untranslated-title"}),
        E.p(label(doc.meta, "untranslated-note")),
        E.ol(*[E.li(E.code(f.context), " ", *writer.render_inlines(f.content),
                    {"lang": doc.meta.master_lang}) for f in missing]),
        {"class": "untranslated-list"},
    )


def edition(doc: t.Document, layout: Layout) -> etree._Element:
    """One language's edition: furniture the layout asks for, the blocks, the fallback list."""
    parts: list[etree._Element] = [running_strings([doc])]
    if layout.cover:
        cover = digest_cover(doc)
        cover.insert(0, parts.pop())  # a sibling before the cover would get a page of its own
        parts.append(cover)
    if (block := front.title_block(doc, layout)) is not None:
        parts.append(title_block(doc, block))
    if front.contents_title(doc, layout):
        parts.append(contents_page(doc, layout))
    parts += HtmlWriter(doc).render_blocks(front.body_blocks(doc, layout))
    if (last := untranslated_page(doc)) is not None:
        parts.append(last)
    return E.article(*parts, {"class": f"edition {doc.meta.kind}", "lang": doc.meta.lang})


def side_by_side(docs: Sequence[t.Document], layout: Layout) -> etree._Element:
    """Two languages in two columns, one table row per pair of blocks (not CSS grid: slow)."""
    writers = [HtmlWriter(d) for d in docs]
    rows: list[etree._Element] = []
    blocks = [b for b in (front.title_block(d, layout) for d in docs) if b is not None]
    if len(blocks) == len(docs):
        rows.append(E.tr(*[E.td(title_block(d, b), {"lang": d.meta.lang})
                           for d, b in zip(docs, blocks)]))

    def pair(blocks: Sequence[t.Block]) -> None:
        first = blocks[0]
        same = [b for b in blocks if type(b) is type(first) and isinstance(b, t.Container)]
        if isinstance(first, (t.Section, t.Quote, t.BulletList)) and len(same) == len(blocks) and all(
                len(b.blocks) == len(first.blocks) for b in same):
            for kids in zip(*(b.blocks for b in same)):
                pair(kids)
            return
        rows.append(E.tr(*[E.td(w.block(b), {"lang": w.lang}) for w, b in zip(writers, blocks)]))

    for pairs in zip(*front.side_by_side_blocks(docs, layout)):
        pair(pairs)
    return E.table(E.tbody(*rows), {"class": "side-by-side"})


def to_html(docs: Sequence[t.Document], layout: Layout, options: RenderOptions) -> str:
    """The HTML of one output file; metadata from the first (master) edition."""
    return serialize(html_tree(docs, layout, options))


def serialize(html: etree._Element) -> str:
    return etree.tostring(html, method="html", encoding="unicode", doctype="<!DOCTYPE html>")


def html_tree(docs: Sequence[t.Document], layout: Layout, options: RenderOptions) -> etree._Element:
    """The ``<html>`` element of one output file (see :func:`to_html`)."""
    if not docs:
        raise CicaError.at(layout.folder, "nothing to lay out: no document given")
    meta = docs[0].meta
    head = E.head(
        E.meta(charset="utf-8"),
        E.title(meta.title),
        E.meta(name="author", content=AUTHOR),
        E.meta(name="description", content=meta.reference or meta.title),
        E.meta(name="keywords", content=", ".join(filter(None, (meta.kind, meta.id, meta.series)))),
        E.style(BASE_CSS),
        E.link(rel="stylesheet", href=layout.stylesheet.resolve().as_uri()),
    )
    if len(docs) > 1 and options.bilingual == "side-by-side":
        lists = [page for page in map(untranslated_page, docs) if page is not None]
        body = [E.article(running_strings(docs), side_by_side(docs, layout), *lists,
                          {"class": f"edition side-by-side-edition {meta.kind}", "lang": meta.lang})]
    else:
        body = [edition(d, layout) for d in docs]
    return E.html(head, E.body(*body, {"class": f"layout-{layout.name}"}), lang=meta.lang)
