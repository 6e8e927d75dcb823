"""The raw OOXML that python-docx lacks: the only module touching ``._element`` or lxml.

Everything above this module works with python-docx proxies (``Document``,
``Paragraph``, ``Run``). Here live fields (PAGE, NUMPAGES, TOC), footnotes, hyperlinks,
language tags, list restarts, tables' looks and page behaviour (a table style's borders
and header shading, repeated heads, unsplittable rows), and a reproducible save — modelled on python-docx's
``oxml`` package (``ns.qn``, child order given by successor tags as in
``oxml/text/parfmt.py``), without metaclasses or import-time registration.
"""

from __future__ import annotations

import copy
from typing import Any
import io
import zipfile

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..localize import LOCALES

__all__ = [
    "WORD_LANG",
    "Footnotes",
    "add_field",
    "add_hyperlink",
    "begin_field",
    "cant_split",
    "clear_body",
    "drop_run_properties",
    "end_field",
    "ends_with_table",
    "full_width",
    "header_fill",
    "new_list",
    "qn",
    "remove_paragraph",
    "repeat_as_header",
    "save_reproducibly",
    "set_default_lang",
    "set_field_results",
    "set_fonts",
    "set_lang",
    "set_list",
    "set_paragraph_style",
    "set_run_style",
    "set_table_look",
    "set_table_style_looks",
    "shade_cell",
]

#: Our language codes → the ``w:lang`` Word uses for spelling and hyphenation: the
#: locales the dates and numbers are written in (British English, Russian).
WORD_LANG = {lang: locale.replace("_", "-") for lang, locale in LOCALES.items()}

# successors of w:lang in w:rPr (CT_RPr), and of w:rPr in w:pPr (CT_PPr)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_PPR_RPR = ("w:sectPr", "w:pPrChange")


# ---------------------------------------------------------------- styles and language


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """``w:pStyle`` by id (python-docx's setter needs the document part, not a footnote's)."""
    paragraph._p.get_or_add_pPr().style = style_id


def set_run_style(run: Run, style_id: str) -> None:
    run._r.get_or_add_rPr().style = style_id


def _set_lang_in(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.insert_element_before(OxmlElement("w:lang"), *_AFTER_LANG)
    lang.set(qn("w:val"), tag)


_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def frame(paragraph: Paragraph, color: str, size: int, space: int) -> None:
    """A border round *paragraph* (``w:pBdr``); Word draws one box round consecutive
    paragraphs with the same borders. *size* in eighths of a point, *space* in points."""
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    borders = ppr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_PBDR)
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)


def shade_paragraph_style(style, fill: str, edges: dict[str, tuple[str, int, int]]) -> None:
    """*style*'s paragraphs on a *fill* background (``w:shd``) within borders, each edge
    ``(colour, size in eighths of a point, space in points)``; consecutive paragraphs with the
    same borders share one box, the band of a cover."""
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:shd"):
        if (old := ppr.find(qn(tag))) is not None:
            ppr.remove(old)
    borders = ppr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_PBDR)
    for side in ("top", "left", "bottom", "right"):
        color, size, space = edges[side]
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single" if size else "nil"), ("sz", str(size)), ("space", str(space)),
                           ("color", color)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    shd = ppr.insert_element_before(OxmlElement("w:shd"), *_AFTER_PBDR[1:])
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shd.set(qn(f"w:{key}"), value)


#: Successors of the hyphenation settings in w:settings (CT_Settings), for insertion.
_AFTER_HYPHENATION = ("w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
                      "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
                      "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                      "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                      "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                      "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                      "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                      "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                      "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
                      "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
                      "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
                      "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
                      "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields",
                      "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                      "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                      "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                      "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                      "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                      "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def set_hyphenation(document: DocxDocument) -> None:
    """Hyphenate as the PDF does: automatically, never 3 lines in a row, never words in
    capitals (reference codes are ``w:noProof`` runs: Word and LibreOffice leave them whole)."""
    settings = document.settings.element
    for name in ("w:autoHyphenation", "w:consecutiveHyphenLimit", "w:doNotHyphenateCaps"):
        old = settings.find(qn(name))
        if old is not None:
            settings.remove(old)
    for name, value in (("w:autoHyphenation", None), ("w:consecutiveHyphenLimit", "2"),
                        ("w:doNotHyphenateCaps", None)):
        element = settings.insert_element_before(OxmlElement(name), *_AFTER_HYPHENATION)
        if value is not None:
            element.set(qn("w:val"), value)


def set_run_lang(run: Run, lang: str) -> None:
    """``w:lang`` of one run (a tag in another language than its paragraph's text)."""
    _set_lang_in(run._r.get_or_add_rPr(), WORD_LANG.get(lang, lang))


def set_lang(paragraph: Paragraph, lang: str) -> None:
    """``w:lang`` on the paragraph mark and on every run (hyperlinks' runs included)."""
    tag = WORD_LANG.get(lang, lang)
    ppr = paragraph._p.get_or_add_pPr()
    mark = ppr.find(qn("w:rPr"))
    if mark is None:
        mark = ppr.insert_element_before(OxmlElement("w:rPr"), *_AFTER_PPR_RPR)
    _set_lang_in(mark, tag)
    for r in paragraph._p.iter(qn("w:r")):
        _set_lang_in(r.get_or_add_rPr(), tag)


def set_default_lang(document: DocxDocument, lang: str) -> None:
    """The document default (``w:docDefaults``), for text an editor types later."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang_in(rpr, WORD_LANG.get(lang, lang))


def set_fonts(document: DocxDocument, default: str) -> None:
    """Make the fonts styles name the fonts used: drop theme-font references everywhere in
    the styles (``w:asciiTheme`` overrides ``w:ascii``), and give the document default the
    font *default* for every script (Latin, Cyrillic, complex, East Asian)."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), default)


def drop_run_properties(style, *tags: str) -> None:
    """Remove character properties python-docx has no setter for (letter-spacing, kerning)."""
    style.element.get_or_add_rPr().remove_all(*tags)


# ---------------------------------------------------------------- fields


def _field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    paragraph._p.add_r().append(char)


def begin_field(paragraph: Paragraph, instruction: str, dirty: bool = False) -> None:
    """Open a complex field; its result follows until :func:`end_field` (maybe paragraphs later).

    *dirty* asks Word to recompute the field on opening (the TOC's page numbers).
    """
    _field_char(paragraph, "begin", dirty)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    paragraph._p.add_r().append(instr)
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def add_field(paragraph: Paragraph, instruction: str, result: str = "") -> None:
    """A field (``PAGE``, ``NUMPAGES``, ``SUBJECT``) with *result* as its last computed text."""
    begin_field(paragraph, instruction)
    if result:
        paragraph.add_run(result)
    end_field(paragraph)


# ---------------------------------------------------------------- footnotes

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class _Story:
    """The parent python-docx proxies need: the part that owns a footnote's relationships."""

    def __init__(self, part: Part):
        self.part: Any = part  # a StoryPart in all but name: python-docx gives footnotes none


class Footnotes:
    """The footnotes part of a document (created when the reference document has none)."""

    def __init__(self, document: DocxDocument):
        doc_part = document.part
        rel = next((r for r in doc_part.rels.values() if r.reltype == RT.FOOTNOTES), None)
        if rel is None:
            part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                           parse_xml(_FOOTNOTES_XML), doc_part.package)
            doc_part.relate_to(part, RT.FOOTNOTES)
        elif isinstance(rel.target_part, XmlPart):
            part = rel.target_part
        else:  # python-docx loads footnotes.xml as an opaque blob: make it editable
            old = rel.target_part
            part = XmlPart.load(old.partname, old.content_type, old.blob, doc_part.package)
            rel._target = part
        self.part = part
        self.element = part.element
        ids = [int(f.get(qn("w:id"))) for f in self.element.findall(qn("w:footnote"))]
        self._next_id = max([0, *ids]) + 1

    def add(self, paragraph: Paragraph, ref_style: str, text_style: str) -> Paragraph:
        """Reference a new footnote at the end of *paragraph*; return its (empty) text paragraph.

        The mark is Word's automatic number (``w:footnoteRef``), which Word and LibreOffice
        keep in step when an editor adds or removes a note. (Numbers restarting per
        section, ``w:numRestart eachSect``, come out as 0 in LibreOffice 7.4, so a
        bilingual edition numbers its notes on through both languages.)
        """
        note_id = str(self._next_id)
        self._next_id += 1
        ref_run = paragraph.add_run()
        set_run_style(ref_run, ref_style)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), note_id)
        ref_run._r.append(ref)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        self.element.append(note)
        p = OxmlElement("w:p")
        note.append(p)
        body = Paragraph(p, _Story(self.part))
        set_paragraph_style(body, text_style)
        mark = body.add_run()
        set_run_style(mark, ref_style)
        mark._r.append(OxmlElement("w:footnoteRef"))
        body.add_run(" ")
        return body


# ---------------------------------------------------------------- hyperlinks


class _HyperlinkRuns:
    """Adds runs inside a ``w:hyperlink``, like ``Paragraph.add_run`` does in a paragraph."""

    def __init__(self, paragraph: Paragraph, element, style_id: str | None):
        self._paragraph = paragraph
        self._element = element
        self._style_id = style_id

    def add_run(self, text: str | None = None) -> Run:
        r = OxmlElement("w:r")
        self._element.append(r)
        run = Run(r, self._paragraph)
        if self._style_id:
            set_run_style(run, self._style_id)
        if text:
            run.text = text
        return run


def add_hyperlink(paragraph: Paragraph, url: str, style_id: str | None) -> _HyperlinkRuns:
    """An external hyperlink at the end of *paragraph*; add its runs to the returned object."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    paragraph._p.append(link)
    return _HyperlinkRuns(paragraph, link, style_id)


# ---------------------------------------------------------------- numbering


def new_list(document: DocxDocument, style_id: str) -> int | None:
    """A fresh numbering (counting from 1) for one list in a numbered list style.

    Word continues a list style's numbering through the whole document; a new ``w:num``
    over the style's abstract numbering with a ``startOverride`` starts a new list.
    ``None`` when the style is not numbered.
    """
    style = document.styles.element.get_by_id(style_id)
    num_ids = style.xpath("./w:pPr/w:numPr/w:numId/@w:val") if style is not None else []
    if not num_ids:
        return None
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(int(num_ids[0]))
    # a copy of the abstract numbering for each list: LibreOffice otherwise counts on
    # through every list sharing one abstract numbering, overrides or not
    abstract = numbering.xpath(f"./w:abstractNum[@w:abstractNumId='{num.abstractNumId.val}']")[0]
    copy_id = max(int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")) + 1
    clone = copy.deepcopy(abstract)
    clone.set(qn("w:abstractNumId"), str(copy_id))
    for nsid in clone.findall(qn("w:nsid")):
        clone.remove(nsid)
    numbering.xpath("./w:abstractNum")[-1].addnext(clone)
    new = numbering.add_num(copy_id)
    new.add_lvlOverride(ilvl=0).add_startOverride(1)
    return new.numId


def set_list(paragraph: Paragraph, num_id: int) -> None:
    """Put *paragraph* in the list *num_id* (from :func:`new_list`), first level."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def set_field_results(story, values: dict[str, str]) -> None:
    """Fill the shown result of fields such as ``SUBJECT`` in a header or footer.

    Word recomputes page numbers itself but shows a document-property field's last
    result until the user updates it; we write the value it would compute.
    """
    for p in story._element.iter(qn("w:p")):
        name: str | None = None
        state: str | None = None
        for r in list(p.iter(qn("w:r"))):
            char = r.find(qn("w:fldChar"))
            instr = r.find(qn("w:instrText"))
            if char is not None:
                kind = char.get(qn("w:fldCharType"))
                if kind == "begin":
                    name, state = None, "instr"
                elif kind == "separate" and name is not None and name in values:
                    state = "result"
                    new = OxmlElement("w:r")
                    rpr = r.find(qn("w:rPr"))
                    if rpr is not None:
                        new.append(copy.deepcopy(rpr))
                    t = OxmlElement("w:t")
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    t.text = values[name]
                    new.append(t)
                    r.addnext(new)
                    continue
                else:
                    state = None
            elif instr is not None and state == "instr" and (instr.text or "").split():
                name = name or instr.text.split()[0].upper()
            elif state == "result" and r.find(qn("w:t")) is not None:
                r.getparent().remove(r)  # the stale result, replaced above


def own_copy(story, source) -> None:
    """Give *story* (a section's header or footer inheriting *source*) its own copy of it.

    python-docx can only unlink a story to an empty one; a bilingual edition's second
    section needs the same footer with other words.
    """
    story.is_linked_to_previous = False
    element = story._element
    for child in list(element):
        element.remove(child)
    for child in source._element:
        element.append(copy.deepcopy(child))


def repeat_as_header(row) -> None:
    """Mark a table row as its header (``w:tblHeader``): repeated on every page it spans."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


_BORDERS = ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV")


def set_table_style_looks(style, *, border_color: str, border_eighths: int,
                          padding_twips: tuple[int, int], header_fill: str) -> None:
    """Give a table style (python-docx can only name it) the looks of the PDF's tables:
    thin borders everywhere, cell padding (top and bottom, left and right), and a shaded
    header row (the ``firstRow`` conditional format, used when a table's look says so)."""
    element = style.element
    for old in element.findall(qn("w:tblPr")) + element.findall(qn("w:tblStylePr")):
        element.remove(old)
    vertical, horizontal = padding_twips
    borders = "".join(
        f'<{b} w:val="single" w:sz="{border_eighths}" w:space="0" w:color="{border_color}"/>'
        for b in _BORDERS)
    margins = "".join(f'<w:{side} w:w="{w}" w:type="dxa"/>' for side, w in (
        ("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)))
    element.append(parse_xml(
        f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders>"
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"))
    element.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr></w:tblStylePr>'))


def header_fill(style) -> str | None:
    """The shading of a table style's header row (``firstRow``), if it has one."""
    fills = style.element.xpath("./w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd/@w:fill")
    return str(fills[0]) if fills else None


def shade_cell(cell, fill: str) -> None:
    """Shade a cell as its table style shades the header row (a group heading row is not
    the first row, which is all a table style can tell)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # successors of w:shd in CT_TcPr
    tc_pr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
                                "w:cellDel", "w:cellMerge", "w:tcPrChange")


#: ``w:tblLook`` bits (ECMA-376 17.7.6): first row, first column, no vertical banding.
_LOOK_FIRST_ROW, _LOOK_NO_VBAND = 0x0020, 0x0400


def set_table_look(table, first_row: bool) -> None:
    """Which of its style's conditional formats a table uses: the header row's only when
    the table has one; no first-column, last-row or banding formats."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    value = _LOOK_NO_VBAND | (_LOOK_FIRST_ROW if first_row else 0)
    look.set(qn("w:val"), f"{value:04X}")
    for name, on in (("firstRow", first_row), ("lastRow", False), ("firstColumn", False),
                     ("lastColumn", False), ("noHBand", True), ("noVBand", True)):
        look.set(qn(f"w:{name}"), "1" if on else "0")


def full_width(table) -> None:
    """The table's width is the whole text width (100 %, in fiftieths of a percent)."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx makes every table with one
    tbl_w.set(qn("w:type"), "pct")
    tbl_w.set(qn("w:w"), "5000")


def cant_split(row) -> None:
    """Keep a row on one page (``w:cantSplit``): its cells stay side by side."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))


def ends_with_table(target) -> bool:
    """Whether the last block of a document body or a table cell is a table: Word and
    LibreOffice join two tables with nothing between them into one."""
    element = target.element.body if isinstance(target, DocxDocument) else target._tc
    blocks = [c for c in element if c.tag in (qn("w:p"), qn("w:tbl"))]
    return bool(blocks) and blocks[-1].tag == qn("w:tbl")


# ---------------------------------------------------------------- body and package


def remove_paragraph(paragraph: Paragraph) -> None:
    """Delete a paragraph (the empty one python-docx leaves in a new table cell)."""
    paragraph._p.getparent().remove(paragraph._p)


def clear_body(document: DocxDocument) -> None:
    """Drop the reference document's body, keeping its final ``w:sectPr`` (page setup,
    headers and footers), as Pandoc does with its reference.docx."""
    document.element.body.clear_content()


#: A fixed timestamp for every zip member: the same tree gives the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_reproducibly(document: DocxDocument) -> bytes:
    """The .docx bytes with fixed zip timestamps, so rebuilding changes nothing."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
