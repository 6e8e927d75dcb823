"""Read a Word .docx into a document tree: styles → block kinds, runs → inlines.

The archive is untrusted: it is checked for being a zip, for a zip bomb (declared
sizes, compression ratio, a cap on the total read) before anything is decompressed,
and every XML part goes through the hardened parser (no DTD, no entities). Paragraph
styles are matched by name (``Heading 2``, ``List Bullet``, our layouts' ``Dateline``…),
following ``basedOn`` so that an editor's own "My Heading" based on Heading 1 still
reads as a heading. What a layout generates — the title paragraph (``Meta.title`` is
the core properties' title, else this paragraph's), the title block's "Title Info" lines
(issuer label, reference code, date), tables of contents, the reference line's text,
block numbers in the ``Number`` character style — is not content and is left out, as
the PDF importers do.

Blocks get ``id=None`` (the importer assigns ids); footnotes get ``fn1``, ``fn2``… in the
order they are referred to, so that :class:`~cica_publish.tree.NoteRef` can point at them.
``Loc.line`` is the paragraph's number in the body, which a user can find in Word.
"""

from __future__ import annotations

import dataclasses
import unicodedata
import zipfile
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from collections.abc import Iterator

from lxml import etree

from .. import tree as t
from ..errors import CicaError, Diagnostic
from ..xmlsafe import parse_xml_bytes
from .structure import sectionize

#: Which heading levels open a section, per kind of document (as the text importer nests
#: them); a digest's sections (months, spotlight …) are not told by Word styles.
SECTIONS = {"report": {2: "part", 3: "part"}, "review": {1: "part", 2: "article"}}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

#: Limits against zip bombs: per part, for the whole archive, and the compression ratio.
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- the archive


def _bomb(path: Path, message: str) -> CicaError:
    return CicaError.at(path, f"refusing a possible zip bomb: {message}")


class _Archive:
    """The parts of a .docx, read with every size checked before decompression."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise CicaError.at(path, "no such file") from None
        except (zipfile.BadZipFile, OSError):
            raise CicaError.at(path, "not a .docx file (not a zip archive); save it from Word "
                               "as .docx") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _bomb(path, f"{len(infos)} entries")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART_BYTES:
                raise _bomb(path, f"part {info.filename} would be {info.file_size} bytes "
                            f"(limit {MAX_PART_BYTES})")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1):
                raise _bomb(path, f"part {info.filename} is compressed "
                            f"{info.file_size // max(info.compress_size, 1)}:1")
        if total > MAX_TOTAL_BYTES:
            raise _bomb(path, f"{total} bytes uncompressed (limit {MAX_TOTAL_BYTES})")
        self.names = {info.filename for info in infos}
        self.read_total = 0

    def read(self, name: str) -> bytes | None:
        """A part's bytes, never more than declared nor than the limits (a lying header)."""
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise CicaError.at(self.path, f"damaged part {name}: {exc}") from None
        self.read_total += len(data)
        if len(data) > MAX_PART_BYTES or self.read_total > MAX_TOTAL_BYTES:
            raise _bomb(self.path, f"part {name} decompresses beyond the limits")
        return data

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        if data is None:
            return None
        try:
            return parse_xml_bytes(data, f"{self.path}:{name}").getroot()
        except CicaError as exc:  # name the file and the part, on one line
            d = exc.diagnostics[0]
            where = f" line {d.line}" if d.line else ""
            raise CicaError.at(self.path, f"part {name}{where}: {d.message}") from None


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    num: bool  # the style itself is a numbered/bulleted list


class _Styles:
    """Style ids → names, resolved through ``basedOn`` to the block kinds we know."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, _Style] = {}
        for el in (root.iter(w("style")) if root is not None else ()):
            name = el.find(w("name"))
            based = el.find(w("basedOn"))
            self.by_id[el.get(w("styleId"))] = _Style(
                (name.get(w("val")) if name is not None else el.get(w("styleId"))).lower(),
                based.get(w("val")) if based is not None else None,
                el.find(f"{w('pPr')}/{w('numPr')}") is not None,
            )

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = style.based_on

    def kind(self, style_id: str | None) -> tuple[str, int]:
        """The block kind of a paragraph style and, for headings, the level."""
        for style in self.chain(style_id):
            name = style.name
            if name.startswith("heading ") and name[8:].isdigit():
                return "heading", int(name[8:])
            if name in _KIND_OF_STYLE:
                return _KIND_OF_STYLE[name], 0
            if name.startswith(("toc ", "index ")) or name in ("toc heading", "title info"):
                return "generated", 0
            if name.startswith(("list bullet", "list number", "list paragraph")):
                return ("ordered" if "number" in name else "item"), 0
            if style.num:
                return "item", 0
        return "paragraph", 0

    def role(self, style_id: str | None, kind: str) -> str | None:
        """The line role a style names: "Signature Name" (based on Signature) → ``name``."""
        name = self.name(style_id)
        prefix = f"{kind} "
        return name[len(prefix):].replace(" ", "-") if name.startswith(prefix) else None

    def is_table_heading(self, style_id: str | None) -> bool:
        return any(s.name == "table heading" for s in self.chain(style_id))

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return style.name if style else ""


_KIND_OF_STYLE = {
    "title": "title",
    "caption": "caption",
    "quote": "quote", "intense quote": "quote", "block text": "quote",
    "dateline": "dateline",
    "letterhead": "letterhead",
    "reference": "reference",
    "enclosure": "enclosure",
    "closing": "closing",
    "place date": "place-date",
    "addressee": "addressee", "envelope address": "addressee",  # LibreOffice renames it
    "signature": "signature",
    "contact": "contact",
    "table text": "paragraph",
    "table heading": "paragraph",
}
#: Kinds read as lines of a line block (consecutive paragraphs make one block).
_LINE_BLOCKS = {
    "letterhead": t.Letterhead, "addressee": t.Addressee,
    "signature": t.Signature, "contact": t.Contact,
}
_SIMPLE = {
    "paragraph": t.Paragraph, "caption": t.Caption, "dateline": t.Dateline,
    "enclosure": t.EnclosureLine, "closing": t.ClosingFormula, "place-date": t.PlaceDate,
}


# ---------------------------------------------------------------- inlines


@dataclass
class _Run:
    """A stretch of text with its formatting (before grouping into nested inlines)."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str | None = None
    node: t.Inline | None = None  # a LineBreak or NoteRef


def _on(rpr: etree._Element | None, tag: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(w(tag))
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def _formatted(runs: list[_Run]) -> list[t.Inline]:
    """Merge runs with the same formatting into one Text, wrapped Strong(Emph(Text))."""
    out: list[t.Inline] = []
    for (is_node, bold, italic), group in groupby(
            runs, key=lambda r: (r.node is not None, r.bold, r.italic)):
        same = list(group)
        if is_node:
            out.extend(r.node for r in same)  # type: ignore[misc]
            continue
        inline: t.Inline = t.Text(unicodedata.normalize("NFC", "".join(r.text for r in same)))
        if italic:
            inline = t.Emph((inline,))
        if bold:
            inline = t.Strong((inline,))
        out.append(inline)
    return out


def _group(runs: list[_Run]) -> t.Inlines:
    """The runs of one paragraph as inlines; the runs of one hyperlink as one Link."""
    out: list[t.Inline] = []
    for href, group in groupby(runs, key=lambda r: None if r.node is not None else r.href):
        inlines = _formatted(list(group))
        if href is None:
            out.extend(inlines)
        else:
            out.append(t.Link(tuple(inlines), href))
    return tuple(out)


def _strip(inlines: t.Inlines) -> t.Inlines:
    """Drop leading/trailing whitespace and line breaks of a block's content."""
    items = list(inlines)
    while items and (isinstance(items[0], t.LineBreak)
                     or (isinstance(items[0], t.Text) and not items[0].text.strip())):
        items.pop(0)
    while items and (isinstance(items[-1], t.LineBreak)
                     or (isinstance(items[-1], t.Text) and not items[-1].text.strip())):
        items.pop()
    if items and isinstance(items[0], t.Text):
        items[0] = t.Text(items[0].text.lstrip())
    if items and isinstance(items[-1], t.Text):
        items[-1] = t.Text(items[-1].text.rstrip())
    return tuple(items)


# ---------------------------------------------------------------- the reader


@dataclass
class _Reader:
    path: Path
    styles: _Styles
    links: dict[str, str]
    notes: dict[str, etree._Element]  # w:id → w:footnote
    diagnostics: list[Diagnostic] = field(default_factory=list)
    numbering: dict[str, bool] = field(default_factory=dict)  # numId → counts (not bullets)?
    note_ids: dict[str, str] = field(default_factory=dict)  # w:id → fnN
    number: int = 0  # paragraph number, for Loc.line
    title: str | None = None

    def warn(self, message: str) -> None:
        self.diagnostics.append(Diagnostic(str(self.path), self.number or None, message,
                                           code="docx", severity="warning"))

    def loc(self) -> t.Loc:
        return t.Loc(str(self.path), self.number)

    # -- inlines

    def runs(self, parent: etree._Element, href: str | None = None) -> list[_Run]:
        out: list[_Run] = []
        field_depth = 0  # inside a complex field's instruction: skip
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                field_depth = self.run(child, href, out, field_depth)
            elif tag == w("hyperlink"):
                target = self.links.get(child.get(f"{{{R}}}id", ""))
                out.extend(self.runs(child, target if target else href))
            elif tag in (w("ins"), w("smartTag"), w("customXml"), w("fldSimple"), w("bdo"),
                         w("dir")):
                out.extend(self.runs(child, href))
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    out.extend(self.runs(content, href))
            elif tag == w("del"):
                self.warn("tracked deletion left out (accept or reject changes in Word first)")
        return out

    def run(self, r: etree._Element, href: str | None, out: list[_Run], depth: int) -> int:
        rpr = r.find(w("rPr"))
        style = self.styles.name(rpr.find(w("rStyle")).get(w("val"))) if (
            rpr is not None and rpr.find(w("rStyle")) is not None) else ""
        if style == "number":  # a block number our writer laid out: generated, not content
            return depth
        bold = _on(rpr, "b")
        italic = _on(rpr, "i")
        bold = bold if bold is not None else style in ("strong", "intense emphasis")
        italic = italic if italic is not None else style in ("emphasis", "subtle emphasis")
        for el in r:
            tag = el.tag
            if tag == w("fldChar"):
                kind = el.get(w("fldCharType"))
                depth = depth + 1 if kind == "begin" else depth - 1 if kind == "separate" else depth
            elif depth > 0:
                continue
            elif tag == w("t"):
                out.append(_Run(el.text or "", bold, italic, href))
            elif tag == w("tab"):
                out.append(_Run(" ", bold, italic, href))
            elif tag == w("noBreakHyphen"):
                out.append(_Run("\u2011", bold, italic, href))
            elif tag == w("softHyphen"):
                out.append(_Run("\u00ad", bold, italic, href))
            elif tag in (w("br"), w("cr")) and el.get(w("type"), "textWrapping") == "textWrapping":
                out.append(_Run(node=t.LineBreak()))
            elif tag == w("footnoteReference"):
                out.append(_Run(node=t.NoteRef(self.note_id(el.get(w("id"))))))
            elif tag in (w("drawing"), w("pict"), w("object")):
                self.warn("image or drawing left out (not text)")
        return depth

    def note_id(self, word_id: str) -> str:
        if word_id not in self.note_ids:
            self.note_ids[word_id] = f"fn{len(self.note_ids) + 1}"
        return self.note_ids[word_id]

    def content(self, p: etree._Element) -> t.Inlines:
        return _strip(_group(self.runs(p)))

    # -- blocks

    def body(self, body: etree._Element) -> list[t.Block]:
        blocks: list[t.Block] = []
        for el in body:
            if el.tag == w("p"):
                self.number += 1
                self.paragraph(el, blocks)
            elif el.tag == w("tbl"):
                self.number += 1
                blocks.append(self.table(el))
            elif el.tag == w("sdt"):
                if el.find(f".//{w('docPartGallery')}[@{w('val')}='Table of Contents']") is None:
                    content = el.find(w("sdtContent"))
                    if content is not None:
                        blocks.extend(self.body(content))
        return blocks

    def paragraph(self, p: etree._Element, blocks: list[t.Block]) -> None:
        ppr = p.find(w("pPr"))
        style_id = _style_id(p)
        kind, level = self.styles.kind(style_id)
        if kind == "paragraph" and ppr is not None and ppr.find(w("numPr")) is not None:
            kind = "item"
        if kind == "generated" or _in_toc_field(p):
            return
        content = self.content(p)
        if kind == "reference":
            blocks.append(t.Reference(self.loc()))
            return
        if not content:
            return
        if kind == "title":
            self.title = self.title or t.plain_text(content)
            return
        loc = self.loc()
        last = blocks[-1] if blocks else None
        if kind == "heading":
            blocks.append(t.Heading(None, content, loc, level=min(level, 6)))
        elif kind in ("item", "ordered"):
            item = t.ListItem(None, content, loc)
            ordered = kind == "ordered" or _numbered(p, self.numbering)
            if isinstance(last, t.BulletList) and last.ordered == ordered:
                blocks[-1] = dataclasses.replace(last, blocks=last.blocks + (item,))
            else:
                blocks.append(t.BulletList((item,), loc=loc, ordered=ordered))
        elif kind == "quote":
            para = t.Paragraph(None, content, loc)
            if isinstance(last, t.Quote):
                blocks[-1] = dataclasses.replace(last, blocks=last.blocks + (para,))
            else:
                blocks.append(t.Quote((para,), loc=loc))
        elif kind in _LINE_BLOCKS:
            cls = _LINE_BLOCKS[kind]
            line = t.Line(None, content, loc, role=self.styles.role(style_id, kind))
            if type(last) is cls:
                blocks[-1] = dataclasses.replace(last, blocks=last.blocks + (line,))
            else:
                blocks.append(cls((line,), loc=loc))
        else:
            blocks.append(_SIMPLE[kind](None, content, loc))

    def table(self, tbl: etree._Element) -> t.Table:
        rows: list[t.Row] = []
        for tr in (tr for tr in tbl.iter(w("tr")) if _owner_table(tr) is tbl):
            trpr = tr.find(w("trPr"))
            header_row = trpr is not None and trpr.find(w("tblHeader")) is not None
            cells = []
            for tc in (tc for tc in tr.iter(w("tc")) if _owner_table(tc) is tbl):
                parts: list[t.Inline] = []
                header = header_row
                for p in tc.iter(w("p")):
                    header = header or self.styles.is_table_heading(_style_id(p))
                    content = self.content(p)
                    if content:
                        if parts:
                            parts.append(t.LineBreak())
                        parts.extend(content)
                cells.append(t.Cell(None, tuple(parts), self.loc(), header=header))
            while cells and not cells[-1].content and not cells[-1].header:
                cells.pop()  # the empty cells a short row is padded with (table_grid)
            rows.append(t.Row(tuple(cells), loc=self.loc()))
        return t.Table(tuple(rows), loc=self.loc())

    def footnotes(self) -> list[t.Footnote]:
        """Footnotes in the order the text refers to them; unreferenced ones after."""
        for word_id in self.notes:
            if word_id not in self.note_ids:
                self.warn(f"footnote {word_id} is not referred to in the text; kept at the end")
                self.note_id(word_id)
        out = []
        for word_id, our_id in self.note_ids.items():
            note = self.notes.get(word_id)
            if note is None:
                raise CicaError.at(self.path, f"the text refers to footnote {word_id}, which "
                                   "word/footnotes.xml does not have")
            parts: list[t.Inline] = []
            for p in note.iter(w("p")):
                content = self.content(p)
                if content:
                    if parts:
                        parts.append(t.LineBreak())
                    parts.extend(content)
            out.append(t.Footnote(our_id, tuple(parts), t.Loc(str(self.path))))
        return out


def _style_id(p: etree._Element) -> str | None:
    """The ``w:pStyle`` of a paragraph, if any."""
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def _owner_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


def _in_toc_field(p: etree._Element) -> bool:
    """A paragraph of a TOC field's result (Word keeps it as ordinary paragraphs)."""
    return any((instr.text or "").strip().upper().startswith("TOC")
               for instr in p.iter(w("instrText")))


def _numbered(p: etree._Element, numbering: dict[str, bool]) -> bool:
    num_id = p.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    return num_id is not None and numbering.get(num_id.get(w("val")), False)


def _decimal_lists(root: etree._Element | None) -> dict[str, bool]:
    """numId → whether its first level counts (decimal, letters, roman) rather than bullets."""
    if root is None:
        return {}
    abstract = {}
    for a in root.iter(w("abstractNum")):
        fmt = a.find(f"{w('lvl')}/{w('numFmt')}")
        abstract[a.get(w("abstractNumId"))] = fmt is not None and fmt.get(w("val")) not in (
            "bullet", "none")
    out = {}
    for num in root.iter(w("num")):
        ref = num.find(w("abstractNumId"))
        out[num.get(w("numId"))] = ref is not None and abstract.get(ref.get(w("val")), False)
    return out


def _relationships(root: etree._Element | None) -> dict[str, str]:
    if root is None:
        return {}
    return {rel.get("Id"): rel.get("Target") for rel in root.iter(f"{{{PKG_REL}}}Relationship")
            if rel.get("TargetMode") == "External"}


CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"


def _core_title(archive: _Archive) -> str:
    """The title in the file's core properties (``dc:title``), found through the package's
    relationships as the standard says (``docProps/core.xml`` by convention)."""
    rels = archive.xml("_rels/.rels")
    targets = [rel.get("Target", "") for rel in (
        rels.iter(f"{{{PKG_REL}}}Relationship") if rels is not None else ())
        if rel.get("Type") == CORE_PROPERTIES]
    core = archive.xml(targets[0].lstrip("/") if targets else "docProps/core.xml")
    title = core.find(f"{{{DC}}}title") if core is not None else None
    text = title.text if title is not None and title.text else ""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _languages(body: etree._Element) -> set[str]:
    """The languages the paragraphs are marked in (``w:lang`` of each paragraph mark)."""
    return {lang.split("-")[0].lower() for lang in body.xpath(
        "./w:p/w:pPr/w:rPr/w:lang/@w:val | .//w:tc/w:p/w:pPr/w:rPr/w:lang/@w:val",
        namespaces={"w": W})}


def _document_title(core: str, shown: str | None, languages: set[str]) -> str | None:
    """The document's title: the core properties' one, which is whole (a digest's cover shows
    only the period), else the Title paragraph. Not when the core title is a bilingual
    edition's two titles joined ("EN / RU": not one document's title), nor when it is the
    Title paragraph shortened to Word's 255 characters."""
    if not core:
        return shown
    if len(languages) > 1 and " / " in core:
        return shown
    if shown and core.endswith("…") and shown.startswith(core[:-1]):
        return shown
    return core


def read_docx(path: Path, meta: t.Meta) -> tuple[t.Document, list[Diagnostic]]:
    """Read *path* into a document with *meta* (if its title is empty: the file's title,
    from its core properties, else its Title paragraph)."""
    path = Path(path)
    archive = _Archive(path)
    with archive.zip:
        return _read(archive, path, meta)


def _read(archive: _Archive, path: Path, meta: t.Meta) -> tuple[t.Document, list[Diagnostic]]:
    doc_xml = archive.xml("word/document.xml")
    if doc_xml is None or doc_xml.find(w("body")) is None:
        raise CicaError.at(path, "not a Word document (no word/document.xml with a body)")
    notes_xml = archive.xml("word/footnotes.xml")
    notes = {
        n.get(w("id")): n for n in (notes_xml.iter(w("footnote")) if notes_xml is not None else ())
        if n.get(w("type"), "normal") == "normal"
    }
    reader = _Reader(path, _Styles(archive.xml("word/styles.xml")),
                     _relationships(archive.xml("word/_rels/document.xml.rels")), notes,
                     numbering=_decimal_lists(archive.xml("word/numbering.xml")))
    blocks = sectionize(tuple(reader.body(doc_xml.find(w("body")))),
                        SECTIONS.get(meta.kind, {}))
    footnotes = reader.footnotes()
    title = _document_title(_core_title(archive), reader.title, _languages(doc_xml.find(w("body"))))
    if title and not meta.title:
        meta = dataclasses.replace(meta, title=title)
    return t.Document(meta, blocks, tuple(footnotes), t.Loc(str(path))), reader.diagnostics
