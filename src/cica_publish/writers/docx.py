"""Write one document tree per language to a .docx built on the layout's reference.docx.

As Pandoc does with its reference.docx: open the layout's reference document, keep its
styles, headers, footers and final section properties, replace the body. Styles are
used by name only (an editor may restyle them in Word); a missing style is an error
that lists the ones the reference document has. Numbers and typography come computed
on the tree (transforms), the front matter (title block, cover, reference line) from
:mod:`..front`, as the PDF's; this writer only lays them out.
Raw OOXML lives in :mod:`.docx_ooxml`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import zip_longest
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Protocol

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.shared import Mm, Pt, RGBColor
from docx.section import Section as DocxSection
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import front
from .. import tree as t
from ..errors import CicaError
from ..front import MASTHEAD, cover, issue_line
from ..fsutil import write_atomic
from ..labels import around, label
from ..table_grid import Grid, grid, is_header_row
from ..layout import Layout, RenderOptions, WriteResult
from ..transforms.number import label as number_label
from ..untranslated import fallbacks
from . import cannot_lay_out, footnote
from . import docx_ooxml as ox

#: Paragraph style of each kind of text block (looked up by name in the reference.docx).
STYLE_OF: dict[type, str] = {
    t.Paragraph: "Body Text",
    t.Dateline: "Dateline",
    t.Caption: "Caption",
    t.EnclosureLine: "Enclosure",
    t.ClosingFormula: "Closing",
    t.PlaceDate: "Place Date",
    t.Line: "Body Text",
    t.Reference: "Reference",
    t.Footnote: "footnote text",
}
#: Paragraph style of the lines inside each kind of line block.
LINE_STYLE: dict[type, str] = {
    t.Letterhead: "Letterhead",
    t.Addressee: "Addressee",
    t.Signature: "Signature",
    t.Contact: "Contact",
}


#: The colour of an advertisement's frame, as the layouts' print.css.
AD_BORDER = "F2C14E"
#: The colour of the "[нет перевода]" tag, as the PDF's (writers/html.py).
FALLBACK_RED = RGBColor(0xC0, 0x39, 0x2B)

CORE_TITLE_LIMIT = 255  # python-docx (and Word's core properties) refuse longer titles


def _core_title(titles: Sequence[str]) -> str:
    """Both titles of a bilingual edition, or, when that is too long, the first one shortened."""
    joined = " / ".join(dict.fromkeys(title for title in titles if title))
    if len(joined) <= CORE_TITLE_LIMIT:
        return joined
    first = titles[0]
    return first if len(first) <= CORE_TITLE_LIMIT else first[: CORE_TITLE_LIMIT - 1] + "…"


class _Target(Protocol):
    """Where blocks go: the python-docx Document, or a table cell (:class:`_CellTarget`)."""

    def add_paragraph(self) -> Paragraph: ...

    def add_table(self, rows: int, cols: int) -> Table: ...


class _BlockRule(Protocol):
    """The rule for one tree class (the table's key), called with a node of that class."""

    def __call__(self, block: Any, ctx: _Ctx, /) -> None: ...


class _InlineRule(Protocol):
    """The rule for one inline class, adding runs to *sink* (a paragraph or a hyperlink)."""

    def __call__(self, node: Any, paragraph: Paragraph, sink: Any, marks: _Marks, ctx: _Ctx, /) -> None: ...


def _text_width(section: DocxSection) -> int:
    """The width of a section's text (EMU): the page less its margins."""
    return (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)


@dataclass(frozen=True)
class _Ctx:
    """Where and how the blocks of one language are being laid out."""

    doc: t.Document
    target: _Target
    para_style: str | None = None  # Quote's paragraphs
    line_style: str | None = None  # Letterhead's lines …
    list_style: str | None = None
    list_num: int | None = None
    section_number: str | None = None  # for the section's first heading
    breaks: bool = True  # page breaks (not inside a side-by-side table)

    @property
    def lang(self) -> str:
        return self.doc.meta.lang


@dataclass(frozen=True)
class _Marks:
    """Character formatting inherited by an inline's children."""

    bold: bool = False
    italic: bool = False
    nobreak: bool = False
    fallback: bool = False


class _CellTarget:
    """A table cell as a place for blocks: no empty paragraph left before them."""

    def __init__(self, cell: _Cell, lang: str):
        self.cell, self.lang, self.fresh = cell, lang, True

    def add_paragraph(self) -> Paragraph:
        if self.fresh:
            self.fresh = False
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()

    def add_table(self, rows: int, cols: int) -> Table:
        table = self.cell.add_table(rows, cols)
        if self.fresh:
            self.fresh = False
            ox.remove_paragraph(self.cell.paragraphs[0])
        ox.set_lang(self.cell.paragraphs[-1], self.lang)  # the one Word wants after a table
        return table


class DocxWriter:
    """Lays out trees into one python-docx document opened from the reference.docx."""

    def __init__(self, layout: Layout):
        reference = layout.reference_docx
        if not reference.is_file():
            raise CicaError.at(reference, "no reference.docx in the layout; run "
                               "tools/make_reference_docx.py")
        self.reference, self.layout = reference, layout
        self.document: DocxDocument = docx.Document(str(reference))
        self._styles: dict[tuple[str, WD_STYLE_TYPE], object] = {}
        self._footnotes: ox.Footnotes | None = None
        self._noted: set[tuple[int, str | None]] = set()  # (document, footnote id) already placed
        self._table: Table | None = None  # the side-by-side table, and the width of its columns
        self._column = 0
        self._frame: list[Paragraph] | None = None  # the paragraphs of an advertisement being set
        self.pages: dict[str, int] = {}  # heading anchor → its page in the PDF, for the contents
        ox.clear_body(self.document)
        self.blocks: dict[type[t.Block], _BlockRule] = {
            t.Paragraph: self.text_block, t.Dateline: self.text_block,
            t.Caption: self.text_block, t.EnclosureLine: self.text_block,
            t.ClosingFormula: self.text_block, t.PlaceDate: self.text_block,
            t.Line: self.text_block, t.Footnote: self.text_block,
            t.Heading: self.heading, t.ListItem: self.list_item, t.Cell: self.cell,
            t.Reference: self.reference_line,
            t.Section: self.container, t.Quote: self.container, t.BulletList: self.container,
            t.Letterhead: self.container, t.Addressee: self.container,
            t.Signature: self.container, t.Contact: self.container,
            t.Aside: self.aside, t.Table: self.table, t.Row: self.row,
        }
        self.inlines: dict[type[t.Inline], _InlineRule] = {
            t.Text: self.text, t.Emph: self.emph, t.Strong: self.strong, t.Link: self.link,
            t.Abbr: self.span, t.NoBreak: self.nobreak, t.LineBreak: self.line_break,
            t.NoteRef: self.note_ref,
        }

    # ------------------------------------------------------------ styles

    def style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str:
        """The id of the style called *name*, or an error listing the existing ones."""
        return self.style_object(name, kind).style_id

    def style_object(self, name: str, kind: WD_STYLE_TYPE):
        key = (name, kind)
        if key not in self._styles:
            try:
                style = self.document.styles[name]
                if style.type != kind:
                    raise KeyError(name)
            except KeyError:
                names = sorted(s.name for s in self.document.styles if s.type == kind)
                raise CicaError.at(
                    self.reference, f"the reference document has no {kind.name.lower()} style "
                    f"{name!r}; it has: {', '.join(names)}") from None
            self._styles[key] = style
        return self._styles[key]

    # ------------------------------------------------------------ documents

    def write(self, docs: Sequence[t.Document], options: RenderOptions) -> None:
        first = docs[0].meta
        ox.set_default_lang(self.document, first.lang)
        if len(docs) > 1 and options.bilingual == "side-by-side":
            self.side_by_side(docs)
        else:
            for i, doc in enumerate(docs):
                if i:
                    self.document.add_section(WD_SECTION.NEW_PAGE)
                    ox.set_lang(self.document.paragraphs[-1], docs[i - 1].meta.lang)
                self.front_matter(_Ctx(doc, self.document))
                for block in front.body_blocks(doc, self.layout):
                    self.block(block, _Ctx(doc, self.document))
                self.unreferenced_footnotes(doc, _Ctx(doc, self.document))
        self.untranslated(docs)
        self.page_words([front.running([d]).page for d in docs] if options.bilingual != "side-by-side"
                        else [front.running(docs).page])
        props = self.document.core_properties
        props.title = _core_title([d.meta.title for d in docs])
        props.subject = first.reference or ""
        props.language = ox.WORD_LANG.get(first.lang, first.lang)
        # the header's TITLE field shows the running title (the short title when there is one)
        values = {"SUBJECT": props.subject, "TITLE": _core_title([front.running([d]).title for d in docs])}
        for section in self.document.sections:
            for story in (section.header, section.first_page_header, section.even_page_header,
                          section.footer, section.first_page_footer, section.even_page_footer):
                if not story.is_linked_to_previous:
                    ox.set_field_results(story, values)

    def page_words(self, said: Sequence[Sequence[str]]) -> None:
        """The footers' words ("Page 1 of 8" / "Стр. 1 из 8") in each section's language
        (both languages' in a side-by-side edition: "Page / Стр. 1 of / из 8"); *said*: the
        words around the page numbers of each section (:attr:`front.Running.page`).

        The reference document's footers say the English pattern of :mod:`..labels` ("Page
        {x} of {y}") around the PAGE and NUMPAGES fields (tools/make_reference_docx.py writes
        it from there); each language's section gets its own footer saying its own pattern's
        words around them.
        """
        english = around(None, "page")
        sections = self.document.sections
        said_in = [list(said[min(i, len(said) - 1)]) for i in range(len(sections))]  # section i: docs[i]
        for i, section in enumerate(sections):
            words = said_in[i]
            for kind in ("footer", "first_page_footer", "even_page_footer"):
                story = getattr(section, kind)
                if i and story.is_linked_to_previous:
                    previous = getattr(sections[i - 1], kind)
                    if previous.is_linked_to_previous or said_in[i - 1] == words:
                        continue  # nothing to copy, or the same words
                    ox.own_copy(story, previous)
                elif story.is_linked_to_previous:
                    continue
                for p in story.paragraphs:
                    self._say_page_words(p, english, words)

    @staticmethod
    def _say_page_words(p: Paragraph, english: list[str], words: list[str]) -> None:
        """Replace the runs saying the English parts of the page pattern with *words*."""
        runs = list(p.runs)
        found = False
        for en, said in zip(english, words):
            run = next((r for r in runs if en.strip() and r.text == en), None)
            if run is not None:
                run.text, found = said, True
        if found and words[-1] and not english[-1]:  # words after the page count ("… стр.")
            p.add_run(words[-1])

    def front_matter(self, ctx: _Ctx) -> None:
        """The title block (on a page of its own where the layout has a title page); a
        digest's cover (masthead, issue line, headlines); the contents of a digest or a review."""
        if (block := front.title_block(ctx.doc, self.layout)) is not None:
            self.title_block(block, ctx)
            if self.layout.title_page:  # as the PDF's
                self.page_break(ctx)
        if self.layout.cover:
            lines = cover(ctx.doc)
            for line in lines.masthead if lines else ():
                self.block(line, ctx)
            # the masthead names the series: the cover's title line says the issue's period
            self.paragraph(ctx, "Title", (t.Text(issue_line(ctx.doc)),))
            if lines is not None:
                for line in lines.headlines:
                    self.block(line, ctx)
                self.page_break(ctx)
        if front.contents_title(ctx.doc, self.layout):
            self.toc(ctx)

    def title_block(self, block: front.TitleBlock, ctx: _Ctx) -> None:
        """Issuer, reference code, date, the circulating note, the language of the original
        and title (:func:`..front.title_block`), as the PDF's.

        The words the layout generates are in the "Title Info" style (or one based on it:
        "Title Reference", "Title Date", set right in a report as in its PDF), which the
        importer skips; the body's own letterhead and title heading are laid out as themselves.
        """
        if isinstance(block.issuer, t.Letterhead):
            self.block(block.issuer, ctx)
        elif block.issuer:
            self.paragraph(ctx, "Title Info", (t.Text(block.issuer),))
        if block.reference:
            self.paragraph(ctx, "Title Reference", (t.NoBreak((t.Text(block.reference),)),))
        if block.date:
            self.paragraph(ctx, "Title Date", (t.Text(block.date),))
        if block.circulated:
            self.paragraph(ctx, "Title Date", (t.Text(block.circulated),))
        if block.original:
            self.paragraph(ctx, "Title Date", (t.Text(block.original),))
        if isinstance(block.title, t.Heading):  # a level-1 heading in the title block's look
            self.heading(block.title, ctx, "Title Heading")
        elif block.title.content and t.plain_text(block.title.content):
            self.paragraph(ctx, "Title", block.title.content,
                           fallback=block.title.translated is False)

    def toc(self, ctx: _Ctx) -> None:
        """A TOC field, pre-filled with the headings and the pages the PDF sets them on
        (:attr:`pages`); Word recomputes it on opening, with its own page breaks."""
        self.paragraph(ctx, "TOC Heading", (t.Text(front.contents_title(ctx.doc, self.layout) or ""),))
        entries: list[t.Heading | None] = [h for h in t.walk(ctx.doc, t.Heading) if h.level <= 2] or [None]
        for i, heading in enumerate(entries):
            level = heading.level if heading else 1
            p = ctx.target.add_paragraph()
            ox.set_paragraph_style(p, self.style(f"toc {level}"))
            if i == 0:
                ox.begin_field(p, r'TOC \o "1-2" \h \z \u', dirty=True)
            if heading:
                number = f"{number_label(heading.number)} " if heading.number else ""
                p.add_run(number + t.plain_text(heading.content).replace("\n", " "))
                page = self.pages.get(f"{ctx.lang}-{heading.id}")
                if page is not None:
                    p.add_run(f"\t{page}")
            if i == len(entries) - 1:
                ox.end_field(p)
            ox.set_lang(p, ctx.lang)
        self.page_break(ctx)

    def untranslated(self, docs: Sequence[t.Document]) -> None:
        """A last page listing what is shown in the master language (title included)."""
        for doc in docs:
            missing = fallbacks(doc)
            if not missing:
                continue
            ctx = _Ctx(doc, self.document)
            self.page_break(ctx)
            self.paragraph(ctx, "Heading 1", (t.Text(label(doc.meta, "untranslated")),))
            self.paragraph(ctx, "Body Text", (t.Text(label(doc.meta, "untranslated-note")),))
            for fallback in missing:
                excerpt = t.plain_text(fallback.content).replace("\n", " ")
                self.paragraph(ctx, "List Bullet", (
                    t.Strong((t.Text(fallback.context),)), t.Text(f": {excerpt}")))

    def side_by_side(self, docs: Sequence[t.Document]) -> None:
        """A two-column table, one row per pair of blocks (the aligned beads)."""
        table = self.document.add_table(rows=0, cols=len(docs))
        table.style = self.style_object("Normal Table", WD_STYLE_TYPE.TABLE)
        table.autofit = False
        self._column = _text_width(self.document.sections[-1]) // len(docs)
        for column in table.columns:
            column.width = self._column
        self._table = table
        ctxs = [_Ctx(d, self.document, breaks=False) for d in docs]  # each block gets its cell
        blocks = [b for b in (front.title_block(d, self.layout) for d in docs) if b is not None]
        if len(blocks) == len(docs):
            for cell, ctx, block in zip(self.row_cells(), ctxs, blocks):
                self.title_block(block, replace(ctx, target=_CellTarget(cell, ctx.lang)))
        self.pairs(front.side_by_side_blocks(docs, self.layout), ctxs)
        for doc, ctx in zip(docs, ctxs):
            self.unreferenced_footnotes(doc, replace(ctx, target=self.document))

    def row_cells(self) -> list[_Cell]:
        assert self._table is not None, "side_by_side() makes the table first"
        cells = self._table.add_row().cells
        for cell in cells:
            cell.width = self._column
        return cells

    def pairs(self, blocks: Sequence[Sequence[t.Block]], ctxs: Sequence[_Ctx]) -> None:
        for row in zip_longest(*blocks):
            kinds = {type(b) for b in row}
            first = row[0]
            if (len(kinds) == 1 and isinstance(first, t.Container)
                    and not isinstance(first, (t.Table, t.Row))):
                containers = [b for b in row if isinstance(b, t.Container)]
                inner = [self.enter(b, c) for b, c in zip(containers, ctxs)]
                self.pairs([b.blocks for b in containers], inner)
                continue
            cells = self.row_cells()
            for cell, block, ctx in zip(cells, row, ctxs):
                if block is None:  # the other language has one block more here
                    ox.set_lang(cell.paragraphs[0], ctx.lang)
                else:
                    self.block(block, replace(ctx, target=_CellTarget(cell, ctx.lang)))
            if any(isinstance(b, (t.Table, t.Row)) for b in row):
                # LibreOffice drops the head row of a nested table split at a page's foot
                assert self._table is not None
                ox.cant_split(self._table.rows[-1])

    # ------------------------------------------------------------ blocks

    def block(self, block: t.Block, ctx: _Ctx) -> None:
        handler = self.blocks.get(type(block))
        if handler is None:
            raise cannot_lay_out("DOCX", block, ctx.doc)
        handler(block, ctx)

    def paragraph(self, ctx: _Ctx, style: str, content: t.Inlines, number: str | None = None,
                  fallback: bool = False, lang: str | None = None) -> Paragraph:
        """A paragraph of *content*; a fallback is tagged "[нет перевода]" (in the edition's
        language) and its text is in *lang*, the language it is really in."""
        p = ctx.target.add_paragraph()
        if self._frame is not None:
            self._frame.append(p)
        ox.set_paragraph_style(p, self.style(style))
        if number:
            run = p.add_run(f"{number_label(number)}\t")
            ox.set_run_style(run, self.style("Number", WD_STYLE_TYPE.CHARACTER))
        tag = self.fallback_tag(p, ctx) if fallback else None
        self.fill(p, content, ctx, _Marks(fallback=fallback))
        ox.set_lang(p, lang or ctx.lang)
        if tag is not None:
            ox.set_run_lang(tag, ctx.lang)
        return p

    def fallback_tag(self, p: Paragraph, ctx: _Ctx) -> Run:
        """The visible "[нет перевода] " before a fallback's text, as the PDF sets it."""
        tag = p.add_run(f"[{label(ctx.doc.meta, 'fallback')}] ")
        tag.font.color.rgb = FALLBACK_RED
        tag.font.size = Pt(8)
        return tag

    def text_block(self, block: t.TextBlock, ctx: _Ctx) -> None:
        style = STYLE_OF[type(block)]
        if isinstance(block, t.Paragraph) and ctx.para_style:
            style = ctx.para_style
        elif isinstance(block, t.Paragraph) and block.number:
            style = "Numbered Paragraph"
        elif isinstance(block, t.Line) and block.role == MASTHEAD:
            style = "Masthead"
        elif isinstance(block, t.Line) and ctx.line_style:
            style = self.line_style(ctx.line_style, block.role)
        number = getattr(block, "number", None)
        self.paragraph(ctx, style, block.content, number, block.translated is False,
                       front.text_lang(ctx.doc, block))

    def line_style(self, base: str, role: str | None) -> str:
        """``"Signature Name"`` for a signature's name line where the layout defines it."""
        if role:
            named = f"{base} {role.replace('-', ' ').title()}"
            if any(s.name == named for s in self.document.styles):
                return named
        return base

    def heading(self, block: t.Heading, ctx: _Ctx, style: str | None = None) -> None:
        number = block.number or ctx.section_number
        self.paragraph(ctx, style or f"Heading {min(block.level, 9)}", block.content, number,
                       block.translated is False, front.text_lang(ctx.doc, block))

    def list_item(self, block: t.ListItem, ctx: _Ctx) -> None:
        p = self.paragraph(ctx, ctx.list_style or "List Bullet", block.content,
                           fallback=block.translated is False, lang=front.text_lang(ctx.doc, block))
        if ctx.list_num is not None:
            ox.set_list(p, ctx.list_num)

    def cell(self, block: t.Cell, ctx: _Ctx) -> None:
        style = "Table Heading" if block.header else "Table Text"
        self.paragraph(ctx, style, block.content, fallback=block.translated is False,
                       lang=front.text_lang(ctx.doc, block))

    def reference_line(self, block: t.Reference, ctx: _Ctx) -> None:
        code = front.printed_reference(ctx.doc.meta)
        self.paragraph(ctx, "Reference", (t.NoBreak((t.Text(code),)),))

    def enter(self, block: t.Container, ctx: _Ctx) -> _Ctx:
        """The context for a container's children (styles, list numbering, section number)."""
        ctx = replace(ctx, section_number=None)
        if isinstance(block, t.Section):
            return replace(ctx, section_number=block.number)
        if isinstance(block, t.Quote):
            return replace(ctx, para_style="Quote")
        if isinstance(block, t.BulletList):
            style = "List Number" if block.ordered else "List Bullet"
            num = ox.new_list(self.document, self.style(style)) if block.ordered else None
            return replace(ctx, list_style=style, list_num=num)
        if type(block) in LINE_STYLE:
            return replace(ctx, line_style=LINE_STYLE[type(block)])
        return ctx

    def container(self, block: t.Container, ctx: _Ctx) -> None:
        inner = self.enter(block, ctx)
        for i, child in enumerate(block.blocks):
            self.block(child, inner if i == 0 else replace(inner, section_number=None))

    def aside(self, block: t.Aside, ctx: _Ctx) -> None:
        """Advertisements framed (as the PDF's box: one border round their paragraphs,
        centred) on pages of their own; furniture in the flow."""
        if block.kind != "advertisement":
            self.container(block, ctx)
            return
        self.page_break(ctx)
        frame: list[Paragraph] = []
        self._frame = frame
        self.container(block, ctx)
        for p in frame:
            ox.frame(p, AD_BORDER, size=12, space=12)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._frame = None
        self.page_break(ctx)

    def page_break(self, ctx: _Ctx) -> None:
        if ctx.breaks:
            p = ctx.target.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
            ox.set_lang(p, ctx.lang)

    def table(self, block: t.Table, ctx: _Ctx) -> None:
        """On the grid the PDF uses (:mod:`..table_grid`), in the layout's "CICA Table" style,
        the full text width: the head repeated on each page, group headings spanning the
        table, rows never split across pages."""
        rows = [r for r in block.blocks if isinstance(r, t.Row)]
        shape = grid(block)
        nested = isinstance(ctx.target, _CellTarget)  # in a side-by-side row
        if ox.ends_with_table(ctx.target.cell if isinstance(ctx.target, _CellTarget) else ctx.target):
            self.paragraph(ctx, "Table Text", ())  # else Word joins the two tables into one
        table = ctx.target.add_table(len(rows), shape.width)
        style = self.style_object("CICA Table", WD_STYLE_TYPE.TABLE)
        table.style = style
        ox.full_width(table)
        styled_first = bool(rows) and is_header_row(rows[0])  # the style shades the first row
        ox.set_table_look(table, first_row=styled_first)
        fill = ox.header_fill(style)
        widths = column_widths(rows, shape, self.text_width(ctx))
        for column, width in zip(table.columns, widths):
            column.width = width
        for i, (row, docx_row) in enumerate(zip(rows, table.rows)):
            ox.cant_split(docx_row)
            if i < shape.head and not nested:  # Word repeats no nested table's head, and
                ox.repeat_as_header(docx_row)  # LibreOffice then sets it over the footer
            cells = docx_row.cells
            for cell, width in zip(cells, widths):
                cell.width = width
            if shape.is_group(row):  # its last cell spans the rest of the table
                cells = [*cells[: len(row.blocks) - 1], cells[len(row.blocks) - 1].merge(cells[-1])]
            for j, cell in enumerate(cells):
                target = replace(ctx, target=_CellTarget(cell, ctx.lang))
                if j >= len(row.blocks):  # a short data row's empty cell
                    self.paragraph(target, "Table Text", ())
                    continue
                content = row.blocks[j]
                if fill and getattr(content, "header", False) and not (i == 0 and styled_first):
                    ox.shade_cell(cell, fill)
                self.block(content, target)

    def text_width(self, ctx: _Ctx) -> int:
        """The width a table at *ctx* has to fill (EMU): the page's text, or its cell's."""
        if isinstance(ctx.target, _CellTarget) and ctx.target.cell.width:
            return ctx.target.cell.width
        return _text_width(self.document.sections[-1])

    def row(self, block: t.Row, ctx: _Ctx) -> None:
        self.table(t.Table((block,)), ctx)

    def unreferenced_footnotes(self, doc: t.Document, ctx: _Ctx) -> None:
        """Footnotes no text refers to are kept, after the text: no text may be lost."""
        for note in doc.footnotes:
            if (id(doc), note.id) not in self._noted:
                self.block(note, ctx)

    # ------------------------------------------------------------ inlines

    def fill(self, p: Paragraph, content: t.Inlines, ctx: _Ctx, marks: _Marks,
             sink: object | None = None) -> None:
        for node in content:
            handler = self.inlines.get(type(node))
            if handler is None:
                raise cannot_lay_out("DOCX", node, ctx.doc)
            handler(node, p, sink or p, marks, ctx)

    def text(self, node: t.Text, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        run = sink.add_run(node.text.replace(" ", "\u00a0") if marks.nobreak else node.text)
        if marks.nobreak:  # a reference code: never hyphenated (see ox.set_hyphenation)
            run.font.no_proof = True
        run.bold = marks.bold or None
        run.italic = marks.italic or None
        if marks.fallback:  # an untranslated block shown in the master language
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def emph(self, node: t.Emph, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        self.fill(p, node.children, ctx, replace(marks, italic=True), sink)

    def strong(self, node: t.Strong, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        self.fill(p, node.children, ctx, replace(marks, bold=True), sink)

    def nobreak(self, node: t.NoBreak, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        self.fill(p, node.children, ctx, replace(marks, nobreak=True), sink)

    def span(self, node: t.Abbr, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        self.fill(p, node.children, ctx, marks, sink)

    def link(self, node: t.Link, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        if sink is not p:  # a link inside a link: Word has no such thing
            self.fill(p, node.children, ctx, marks, sink)
            return
        runs = ox.add_hyperlink(p, node.href, self.style("Hyperlink", WD_STYLE_TYPE.CHARACTER))
        self.fill(p, node.children, ctx, marks, runs)

    def line_break(self, node: t.LineBreak, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        sink.add_run().add_break()

    def note_ref(self, node: t.NoteRef, p, sink, marks: _Marks, ctx: _Ctx) -> None:
        note = footnote(ctx.doc, node.ref)
        key = (id(ctx.doc), note.id)
        if key in self._noted:  # Word cannot point twice at one note: repeat its number
            run = sink.add_run(note.number or "")
            ox.set_run_style(run, self.style("footnote reference", WD_STYLE_TYPE.CHARACTER))
            return
        self._noted.add(key)
        if self._footnotes is None:
            self._footnotes = ox.Footnotes(self.document)
        body = self._footnotes.add(
            p, self.style("footnote reference", WD_STYLE_TYPE.CHARACTER), self.style("footnote text"))
        tag = self.fallback_tag(body, ctx) if note.translated is False else None
        self.fill(body, note.content, ctx, _Marks(fallback=note.translated is False))
        ox.set_lang(body, front.text_lang(ctx.doc, note))
        if tag is not None:
            ox.set_run_lang(tag, ctx.lang)


#: Estimates for :func:`column_widths`: a character of table text, a cell's padding (EMU).
_CHAR, _PADDING = Pt(10) * 0.55, Mm(4)


def column_widths(rows: Sequence[t.Row], shape: Grid, total: int) -> list[int]:
    """Column widths (EMU) summing to *total*, shared out as a browser's automatic table
    layout does for the PDF: each column gets at least its longest word, and the room
    left goes to the columns with the longest text (a year column stays narrow).

    Word may refine them (autofit); LibreOffice takes them as they are.
    """
    longest = [1] * shape.width
    word = [1] * shape.width
    for row in rows:
        if shape.is_group(row):
            continue
        for j, cell in enumerate(row.blocks):
            text = t.plain_text(cell.content) if isinstance(cell, t.TextBlock) else ""
            longest[j] = max(longest[j], len(text))
            word[j] = max([word[j], *(len(w) for w in text.split())])
    room = total - shape.width * _PADDING
    low = [w * _CHAR for w in word]
    high = [max(n * _CHAR, lo) for n, lo in zip(longest, low)]
    if sum(high) <= room:  # everything fits on one line: widen in proportion
        shares = [h * room / sum(high) for h in high]
    elif sum(low) >= room:  # not even the longest words fit: shrink in proportion
        shares = [lo * room / sum(low) for lo in low]
    else:
        spare = sum(h - lo for h, lo in zip(high, low))
        shares = [lo + (h - lo) * (room - sum(low)) / spare for h, lo in zip(high, low)]
    widths = [int(share) + _PADDING for share in shares]
    widths[-1] += total - sum(widths)
    return widths


def write_docx(docs: Sequence[t.Document], layout: Layout, options: RenderOptions,
               out: Path) -> WriteResult:
    """Write *docs* (one tree per language, same structure) to *out*, atomically."""
    writer = DocxWriter(layout)
    if front.has_contents(docs, layout):
        from .pdf import anchor_pages

        writer.pages = anchor_pages(docs, layout, options)
    writer.write(docs, options)
    write_atomic(out, ox.save_reproducibly(writer.document))
    return WriteResult(out)
