#!/usr/bin/env python3
"""Generate ``layouts/<layout>/reference.docx`` reproducibly (same script, same bytes).

A reference document carries only looks, as Pandoc's reference.docx: the styles our
DOCX writer uses by name (an editor may restyle them in Word and keep the file), A4
page setup, headers and footers with fields (reference code, "Page x of y" in labels.py's English words), a different
first page. Built from python-docx's default template.

    .venv/bin/python tools/make_reference_docx.py [ROOT]     # ROOT defaults to the repo
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt, RGBColor

from cica_publish.fsutil import write_if_changed
from cica_publish.labels import around
from cica_publish.writers import docx_ooxml as ox

SERIF, SANS = "PT Serif", "PT Sans"
INK, ACCENT = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x1F, 0x3A, 0x68)
P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
TOC_NUMBER_MM = 10  # the room a contents line keeps for its leader and page number


@dataclass(frozen=True)
class Spec:
    """What differs between layouts."""

    body_size: float = 11
    justify: bool = True
    header_field: str | None = "SUBJECT"  # reference code (document subject) in the header
    footer_on_first: bool = True
    heading1_new_page: bool = False
    margins_mm: tuple[int, int, int, int] = (25, 20, 25, 25)  # top, right, bottom, left
    first_line_mm: float = 0  # a body paragraph's first-line indent (a note's, as its PDF)
    title_right: bool = False  # the title block's reference and date set right (a report's)
    cover: bool = False  # the title block as the PDF's cover: a navy band, gold issuer, white title


LAYOUTS = {
    "note": Spec(body_size=12, footer_on_first=False, first_line_mm=12),
    "report": Spec(title_right=True),
    # a cover (a digest's, a brochure's or review's title page) has no page number, as the PDF's
    "digest": Spec(body_size=10.5, header_field="TITLE", heading1_new_page=True,
                   margins_mm=(20, 18, 20, 18), footer_on_first=False),  # 10.5pt as its print.css
    "brochure": Spec(header_field="TITLE", margins_mm=(20, 18, 20, 18), footer_on_first=False,
                     cover=True),
}


def _style(document, name: str, kind=P, base: str | None = "Normal"):
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
    if base and kind == P and name != base:
        style.base_style = document.styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _para(document, name: str, *, font: str | None = None, size: float | None = None,
          bold: bool | None = None, italic: bool | None = None, color=None, align=None,
          before: float | None = None, after: float | None = None, base: str | None = "Normal",
          keep_next: bool = False, left_mm: float | None = None, hanging: bool = False):
    """A paragraph style; *hanging* hangs the first line (a number) out to *left_mm*."""
    style = _style(document, name, P, base)
    f, pf = style.font, style.paragraph_format
    if font:
        f.name = font
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if color is not None:
        f.color.rgb = color
    if align is not None:
        pf.alignment = align
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if left_mm is not None:
        pf.left_indent = Mm(left_mm)
        if hanging:
            pf.first_line_indent = Mm(-left_mm)
            pf.tab_stops.add_tab_stop(Mm(left_mm))
    if keep_next:
        pf.keep_with_next = True
    return style


NAVY, GOLD, PALE, WHITE = "1B3F6B", "F2C14E", "DBE4F0", "FFFFFF"  # the cover of print.css


def _cover(document) -> None:
    """The title block as the PDF's cover (print.css ``.title-block``): one navy band (the
    title block's styles share shading and borders, so Word and LibreOffice draw one box
    round them) with a gold rule under it; the issuer in gold capitals, reference and date
    pale, the title white at 32 pt. The styles keep what they are based on (the importer
    reads a title heading as a heading, the title block's words as generated)."""
    styles = ("Title Info", "Title Reference", "Title Date", "Title", "Title Heading")
    for name in styles:
        ox.shade_paragraph_style(document.styles[name], NAVY, edges={
            "top": (NAVY, 4, 0), "left": (NAVY, 4, 31), "right": (NAVY, 4, 31), "bottom": (GOLD, 96, 31)})
    info = _para(document, "Title Info", bold=True, color=RGBColor.from_string(GOLD), size=11, base=None)
    info.font.all_caps = True
    # 60 mm down the band, as the PDF's padding: a tall first line (shading leaves out the
    # space before a paragraph, not the height of its lines)
    info.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    info.paragraph_format.line_spacing = Pt(150)
    info.paragraph_format.space_before = info.paragraph_format.space_after = Pt(0)
    for name in ("Title Reference", "Title Date"):
        _para(document, name, color=RGBColor.from_string(PALE), bold=False, size=11, base=None)
    for name in ("Title", "Title Heading"):
        title = _para(document, name, font=SANS, size=32, bold=True, color=RGBColor.from_string(WHITE),
                      before=24, after=0, base=None)
        title.paragraph_format.keep_with_next = False


def build(spec: Spec):
    document = docx.Document()
    body = WD_ALIGN_PARAGRAPH.JUSTIFY if spec.justify else WD_ALIGN_PARAGRAPH.LEFT
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size, normal.font.color.rgb = SERIF, Pt(spec.body_size), INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    ox.set_default_lang(document, "en")
    ox.set_fonts(document, SERIF)
    ox.set_hyphenation(document)

    _para(document, "Masthead", font=SANS, size=18, bold=True, color=ACCENT, after=2)  # digest cover
    title = _para(document, "Title", font=SANS, size=20, bold=True, color=ACCENT, after=12)
    ox.drop_run_properties(title, "w:spacing", "w:kern")  # no letter-spacing
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        h = _para(document, f"Heading {level}", font=SANS, size=size, bold=True, italic=False,
                  color=ACCENT, before=14 if level == 1 else 10, after=4, keep_next=True)
        h.paragraph_format.page_break_before = spec.heading1_new_page and level == 1
    text = _para(document, "Body Text", align=body, after=6)
    text.paragraph_format.first_line_indent = Mm(spec.first_line_mm) if spec.first_line_mm else None
    # UN-style numbered paragraphs: the number hangs in the margin, as in the PDF.
    _para(document, "Numbered Paragraph", base="Body Text", left_mm=10, hanging=True)
    _para(document, "Dateline", font=SANS, size=spec.body_size - 1, bold=True, after=2,
          base="Body Text", keep_next=True)
    _para(document, "Caption", font=SANS, size=9, italic=True, bold=False, color=INK, after=8)
    _para(document, "Quote", italic=True, color=INK, left_mm=10, base="Body Text")
    _para(document, "Letterhead", font=SANS, size=11, bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, after=10)
    _para(document, "Reference", bold=True, before=6, after=12)
    # the title block's generated lines (issuer label, reference code, date): not content
    _para(document, "Title Info", font=SANS, size=10, after=2)
    title_align = WD_ALIGN_PARAGRAPH.RIGHT if spec.title_right else None
    _para(document, "Title Reference", bold=True, size=11, align=title_align, after=0, base="Title Info")
    _para(document, "Title Date", align=title_align, base="Title Info")
    # the title heading of a title block: a level-1 heading (the importer reads it as one)
    _para(document, "Title Heading", base="Heading 1")
    if spec.cover:
        _cover(document)
    enclosure = _para(document, "Enclosure", italic=True, before=6, after=12, base="Body Text")
    enclosure.paragraph_format.first_line_indent = Mm(0) if spec.first_line_mm else None
    _para(document, "Closing", base="Body Text")
    _para(document, "Place Date", before=12, after=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, "Addressee", font=SANS, bold=True, before=24, after=0)
    _para(document, "Signature", after=0, keep_next=True)
    # A line's role is a style "<line style> <Role>" based on the line style (the
    # reader recovers the role from the name): the signer's name and post.
    _para(document, "Signature Name", bold=True, base="Signature", keep_next=True)
    _para(document, "Signature Title", italic=True, base="Signature", keep_next=True)
    _para(document, "Contact", font=SANS, size=9, after=0)
    _para(document, "Table Text", size=spec.body_size - 1, after=2)
    # a header cell keeps its row with the next one (a group heading never ends a page)
    _para(document, "Table Heading", bold=True, base="Table Text", keep_next=True)
    _para(document, "footnote text", size=9, after=2)
    _para(document, "Header", font=SANS, size=8, after=0)
    _para(document, "Footer", font=SANS, size=8, after=0)
    _para(document, "TOC Heading", font=SANS, size=16, bold=True, color=ACCENT, after=8)
    # A contents line: the page number right-aligned at the right margin after a dotted
    # leader; the title stops short of it (right indent), so a title that fills its line
    # wraps instead of running into the page number ("…Chairmanship5").
    _, right, _, left = spec.margins_mm
    for level in (1, 2, 3):
        toc = _para(document, f"toc {level}", after=2, left_mm=5 * (level - 1), bold=level == 1)
        toc.paragraph_format.right_indent = Mm(TOC_NUMBER_MM)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(210 - left - right), WD_TAB_ALIGNMENT.RIGHT,
                                                    WD_TAB_LEADER.DOTS)
    # the PDF's tables (print.css): 0.5pt #888 rules, 1 mm × 2 mm padding, shaded header row
    table = _style(document, "CICA Table", WD_STYLE_TYPE.TABLE, None)
    table.base_style = document.styles["Normal Table"]
    ox.set_table_style_looks(table, border_color="888888", border_eighths=4,
                             padding_twips=(57, 113), header_fill="E8EEF6")
    ref = _style(document, "footnote reference", C, None)
    ref.font.superscript = True
    link = _style(document, "Hyperlink", C, None)
    link.font.color.rgb, link.font.underline = ACCENT, True
    # generated block numbers (§ 1., 12.): as the text they number, not bold, as the PDF's
    _style(document, "Number", C, None)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, right, bottom, left = spec.margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if spec.header_field:
        ox.add_field(header, spec.header_field)
    for footer in (section.footer, section.first_page_footer) if spec.footer_on_first else (
            section.footer,):
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # "Page 1 of 8": the English pattern's words, which the writer says in each edition's language
        before, between, _ = around(None, "page")
        p.add_run(before)
        ox.add_field(p, "PAGE", "1")
        p.add_run(between)
        ox.add_field(p, "NUMPAGES", "1")
    section.first_page_header.is_linked_to_previous = False

    ox.Footnotes(document)  # an empty footnotes part with Word's separators
    ox.clear_body(document)
    props = document.core_properties
    props.author = props.last_modified_by = "CICA Secretariat"
    props.title, props.subject, props.language, props.revision = "", "", ox.WORD_LANG["en"], 1
    return document


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    for name, spec in LAYOUTS.items():
        out = root / "layouts" / name / "reference.docx"
        changed = write_if_changed(out, ox.save_reproducibly(build(spec)))
        print(f"{'wrote' if changed else 'unchanged'} {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
