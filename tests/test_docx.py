"""DOCX: the writer on the layouts' reference documents, checked through LibreOffice and
pdftotext, and the .docx importer on our own output, on LibreOffice's and on python-docx's."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from cica_publish import tree as t
from cica_publish.cli import main
from cica_publish.errors import CicaError
from cica_publish.layout import Layout, RenderOptions, layout_for
from cica_publish.project import find_project
from cica_publish.readers import docx as reader
from cica_publish.readers.docx import read_docx
from cica_publish.readers.xml import read_source
from cica_publish.localize import format_date
from cica_publish.transforms.number import number
from cica_publish.writers import docx_ooxml as ox
from cica_publish.front import cover, mark_masthead, title_block
from cica_publish.catalogs.labels import with_labels
from cica_publish.labels import around, label
from cica_publish.writers.docx import DocxWriter, write_docx

from conftest import ROOT, copy_project, tree_classes

pytestmark = pytest.mark.slow  # builds PDFs or DOCX (see CONTRIBUTING.md)

DATA = ROOT / "tests" / "data" / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice")


def layout(name: str) -> Layout:
    return Layout(name, ROOT / "layouts" / name)


def layout_of(kind: str) -> Layout:
    """The layout the build sets a document of *kind* in (its ``kinds`` in layout.toml)."""
    return layout_for(find_project(ROOT), kind)


def sample(lang: str) -> t.Document:
    return read_source(DATA / f"sample-report.{lang}.xml")


def corpus() -> list[Path]:
    return sorted((ROOT / "sources").glob("*/*.xml"))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.replace("\u00ad", "")))


def tree_words(doc: t.Document) -> set[str]:
    out = words(doc.meta.title) if doc.meta.kind != "note" else set()
    for block in t.text_blocks(doc):
        out |= words(t.plain_text(block.content))
    return out


def blocks_text(doc: t.Document) -> list[tuple[str, str]]:
    """What an editor sees of each text block: its kind and its text (no-break spaces as spaces)."""
    return [(type(b).__name__, t.plain_text(b.content).replace("\u00a0", " "))
            for b in t.text_blocks(doc)]


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


# ---------------------------------------------------------------- outputs, converted once


@dataclasses.dataclass
class Output:
    docs: list[t.Document]
    docx: Path
    pdf_text: str = ""
    pages: int = 0
    pdf: Path | None = None  # LibreOffice's conversion


@pytest.fixture(scope="session")
def outputs(tmp_path_factory) -> dict[str, Output]:
    """Our DOCX of the sample (each edition) and of the corpus, converted by LibreOffice to PDF
    in one run (a private profile, so it never touches a user's)."""
    if not SOFFICE:
        pytest.fail("LibreOffice (soffice) is not installed: run tools/setup.sh")
    folder = tmp_path_factory.mktemp("docx")
    en, ru = sample("en"), with_labels(sample("ru"), ROOT / "locale")  # as the build gives them
    jobs = {
        "sample.en": ([en], "report", RenderOptions()),
        "sample.ru": ([ru], "report", RenderOptions()),
        "sample.en-ru": ([en, ru], "report", RenderOptions()),
        "sample.sbs": ([en, ru], "report",
                       RenderOptions(bilingual="side-by-side")),
        "sample.numbered": ([number(en, paragraphs=True)], "report", RenderOptions()),
        "sample.digest": ([dataclasses.replace(en, meta=dataclasses.replace(en.meta, kind="digest"))],
                          "digest", RenderOptions()),
    }
    for src in corpus():
        doc = read_source(src)
        jobs[src.name[: -len(".xml")]] = ([doc], layout_of(doc.meta.kind).name,
                                          RenderOptions())
    digest = next(src for src in corpus() if src.parent.name == "digests")
    # as the build reads it: the masthead marked (front.py)
    jobs["digest.cover"] = ([mark_masthead(read_source(digest))], "digest", RenderOptions())
    out: dict[str, Output] = {}
    for name, (docs, layout_name, options) in jobs.items():
        path = folder / f"{name}.docx"
        write_docx(docs, layout(layout_name), options, path)
        out[name] = Output(docs, path)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder / "pdf"),
         *[str(o.docx) for o in out.values()]],
        check=True, capture_output=True, timeout=600,
    )
    for name, o in out.items():
        pdf = o.pdf = folder / "pdf" / f"{name}.pdf"
        o.pdf_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True).stdout
        o.pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return out


NAMES = ["sample.en", "sample.ru", "sample.en-ru", "sample.sbs", "sample.numbered",
         "sample.digest"] + [p.name[: -len(".xml")] for p in corpus()]
SINGLE = [n for n in NAMES if n not in ("sample.en-ru", "sample.sbs")]


def test_digest_cover_has_the_masthead_then_the_headlines_then_the_contents(outputs) -> None:
    """As the PDF: the masthead lines (not headlines), the period and the headlines on page 1."""
    o = outputs["digest.cover"]
    lines = cover(o.docs[0])
    document = docx.Document(str(o.docx))
    masthead = [p.text for p in document.paragraphs if p.style.name == "Masthead"]
    assert masthead == [t.plain_text(b.content) for b in lines.masthead]
    first, second = (" ".join(page.split()) for page in o.pdf_text.split("\f")[:2])
    headline = " ".join(t.plain_text(lines.headlines[0].content).split())
    assert " ".join(masthead) in first and headline in first and "In this issue" not in first
    assert "In this issue" in second
    texts = [p.text for p in document.paragraphs]
    assert all(texts.count(line) == 1 for line in masthead)  # not again after the contents
    meta = o.docs[0].meta  # the issue line is the period: the series' name only in the masthead
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [meta.period]
    assert first.count(meta.series) == 1 and meta.title not in first
    assert document.core_properties.title == meta.title


def test_the_title_block_says_what_the_pdf_says(outputs) -> None:
    """Issuer, reference code, date and the language of the original above the title, as the
    PDF's title block (:func:`cica_publish.front.title_block`, laid out by both writers), in
    each language."""
    for name in ("sample.en", "sample.ru"):
        o = outputs[name]
        (doc,) = o.docs
        block = title_block(doc, layout("report"))
        document = docx.Document(str(o.docx))
        shown = [(p.style.name, p.text.replace("\u00a0", " ")) for p in document.paragraphs]
        info = [text for style, text in shown if style.startswith("Title ") and style != "Title"]
        assert info == [block.issuer, block.reference, block.date.replace("\u00a0", " "), block.original] == \
            [label(doc.meta, "issuer"), "MIN/1076",
             format_date(doc.meta.date, doc.meta.lang).replace("\u00a0", " "),
             {"en": "Original: English", "ru": "Язык оригинала: английский"}[doc.meta.lang]]
        assert shown.index(("Title Date", info[-1])) + 1 == shown.index(("Title", doc.meta.title))
        right = {p.style.name: p.style.paragraph_format.alignment for p in document.paragraphs}
        assert right["Title Reference"] == right["Title Date"] == WD_ALIGN_PARAGRAPH.RIGHT  # as the PDF
        first = " ".join(o.pdf_text.split("\f")[0].split())
        assert " ".join(info[-1].split()) in first


def test_a_brochure_names_its_issuer_as_the_pdf_does(tmp_path: Path) -> None:
    """A brochure without a letterhead: the layout's issuer label in the title block."""
    src = next(p for p in corpus() if p.parent.name == "brochures")
    doc = read_source(src)
    block = title_block(doc, layout("brochure"))
    assert isinstance(block.issuer, str)
    out = tmp_path / "brochure.docx"
    write_docx([doc], layout("brochure"), RenderOptions(), out)
    shown = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    assert shown[0] == ("Title Info", label(None, "issuer"))
    back, _ = read_docx(out, meta())
    assert blocks_text(back) == blocks_text(doc)  # the generated line is not read as content


# ---------------------------------------------------------------- the writer


def test_every_tree_class_has_a_docx_rule() -> None:
    writer = DocxWriter(layout("report"))
    assert tree_classes(t.Block) - set(writer.blocks) == set()
    assert tree_classes(t.Inline) - set(writer.inlines) == set()


def test_an_unknown_node_raises(tmp_path: Path) -> None:
    @dataclasses.dataclass(frozen=True)
    class Marginal(t.Paragraph):
        pass

    doc = sample("en")
    doc = dataclasses.replace(doc, blocks=doc.blocks + (Marginal("m", (t.Text("x"),)),))
    with pytest.raises(CicaError, match="the DOCX writer cannot lay out Marginal"):
        write_docx([doc], layout("report"), RenderOptions(), tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_missing_style_is_an_error_listing_the_existing_ones(tmp_path: Path) -> None:
    folder = tmp_path / "report"
    folder.mkdir()
    reference = docx.Document(str(layout("report").reference_docx))
    reference.styles["Dateline"].delete()
    reference.save(str(folder / "reference.docx"))
    with pytest.raises(CicaError) as err:
        write_docx([sample("en")], Layout("report", folder), RenderOptions(), tmp_path / "x.docx")
    (diag,) = err.value.diagnostics
    assert diag.path == str(folder / "reference.docx")
    assert "'Dateline'" in diag.message and "Body Text" in diag.message and "Caption" in diag.message
    assert not (tmp_path / "x.docx").exists()


def test_reference_documents_are_generated_reproducibly(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_reference_docx.py"),
                    str(tmp_path)], check=True, capture_output=True)
    for name in ("note", "report", "digest", "brochure"):
        made = (tmp_path / "layouts" / name / "reference.docx").read_bytes()
        assert made == layout(name).reference_docx.read_bytes(), name


def test_reference_documents_are_a4_with_pt_fonts_and_a_different_first_page() -> None:
    for name in ("note", "report", "digest", "brochure"):
        ref = docx.Document(str(layout(name).reference_docx))
        section = ref.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert section.different_first_page_header_footer
        assert ref.styles["Normal"].font.name == "PT Serif"
        assert ref.styles["Heading 1"].font.name == "PT Sans"
        assert ref.paragraphs == []  # looks only, no content


def test_the_same_tree_gives_the_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (a, b):
        write_docx([sample("en"), sample("ru")], layout("report"),
                   RenderOptions(), out)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_it_and_no_word_is_lost(outputs, name: str) -> None:
    o = outputs[name]
    expected = set().union(*(tree_words(d) for d in o.docs))
    missing = expected - words(o.pdf_text)
    assert not missing, f"{len(missing)} words missing, e.g. {sorted(missing)[:10]}"


NS = {"w": W[1:-1]}


@pytest.mark.parametrize("name", NAMES)
def test_every_paragraph_carries_its_language(outputs, name: str) -> None:
    o = outputs[name]
    langs = {ox.WORD_LANG[d.meta.lang] for d in o.docs}
    notes = part(o.docx, "word/footnotes.xml").xpath("./w:footnote[not(@w:type)]//w:p",
                                                     namespaces=NS)
    for p in [*part(o.docx, "word/document.xml").iter(f"{W}p"), *notes]:
        tags = p.xpath("./w:pPr/w:rPr/w:lang/@w:val", namespaces=NS)
        text = "".join(p.itertext())
        # a line in the other script (a bilingual letterhead) is in its own language
        cyrillic, latin = re.search("[А-Яа-я]", text), re.search("[A-Za-z]", text)
        own = {"ru-RU"} if cyrillic and not latin else {"en-GB"} if latin and not cyrillic else set()
        assert tags and tags[0] in langs | own, etree.tostring(p)[:200]
        if re.search("[А-Яа-я]{4}", text):
            assert tags[0] == "ru-RU", text
        runs = p.xpath(".//w:r[w:t]", namespaces=NS)
        assert p.xpath(".//w:r[w:t]/w:rPr/w:lang/@w:val", namespaces=NS) == tags[:1] * len(runs)


def test_russian_text_comes_back_from_the_pdf(outputs) -> None:
    text = outputs["sample.ru"].pdf_text
    assert "Взаимодействие с Организацией Объединённых Наций" in text
    assert "Резолюция Генеральной Ассамблеи" in text  # the footnote


def test_headings_are_real_heading_styles(outputs) -> None:
    document = docx.Document(str(outputs["sample.en"].docx))
    styled = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Heading 1", "Interaction with the United Nations") in styled
    assert ("Title", sample("en").meta.title) in styled
    assert ("Dateline", "Baku, 15–17 January 2025 –") in styled
    assert ("Letterhead", "SECRETARIAT OF THE CONFERENCE ON INTERACTION\nAND CONFIDENCE "
            "BUILDING MEASURES") in styled


def test_page_x_of_y_and_the_reference_code_in_header_and_footer(outputs) -> None:
    o = outputs["sample.en"]
    assert o.pages >= 2  # the advertisement has a page of its own
    instructions = set()
    for name in zipfile.ZipFile(o.docx).namelist():
        if re.match(r"word/(header|footer)\d+\.xml", name):
            instructions |= {i.strip().split()[0] for i in part(o.docx, name).itertext()
                             if i.strip() in ("PAGE", "NUMPAGES", "SUBJECT")}
    assert instructions == {"PAGE", "NUMPAGES", "SUBJECT"}
    assert re.search(rf"\bPage 2 of {o.pages}\b", o.pdf_text)
    second_page = o.pdf_text.split("\f")[1]
    assert "MIN/1076" in second_page  # header of a later page; the first page has none
    # before the title block's date only the title block's code: no header on the first page
    assert o.pdf_text.split("\f")[0].split("16 September 2025")[0].count("MIN/1076") == 1
    assert part(o.docx, "word/document.xml").find(f".//{W}sectPr/{W}titlePg") is not None


def test_footer_says_page_x_of_y_in_the_language_of_its_pages(outputs) -> None:
    """The PDF's words ("Page 2 of 3", "Стр. 2 из 3", labels.py), each section in its language."""
    def footer(lang: str, page: int | str, total: int | str) -> str:
        before, between, after = (re.escape(part.strip()) for part in around(
            with_labels(sample(lang), ROOT / "locale").meta, "page"))
        return rf"{before}\s*{page}\s*{between}\s*{total}\b{after}"

    for name, lang in (("sample.en", "en"), ("sample.ru", "ru")):
        o = outputs[name]
        assert re.search(footer(lang, 2, o.pages), o.pdf_text), name
    o = outputs["sample.en-ru"]
    said = [("en" if re.search(footer("en", r"\d+", o.pages), page) else
             "ru" if re.search(footer("ru", r"\d+", o.pages), page) else None)
            for page in o.pdf_text.split("\f")[: o.pages]]
    assert "en" in said and "ru" in said
    assert said.index("ru") > max(i for i, lang in enumerate(said) if lang == "en")


def test_footnotes_are_word_footnotes(outputs) -> None:
    o = outputs["sample.en"]
    notes = part(o.docx, "word/footnotes.xml")
    texts = ["".join(n.itertext()) for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert texts == [" Resolution of the General Assembly adopted on 25 September 2025."]
    refs = part(o.docx, "word/document.xml").findall(f".//{W}footnoteReference")
    assert len(refs) == 1
    assert re.search(r"CICA1\b", o.pdf_text)  # the mark after "link to CICA"


def test_the_digest_has_a_toc_field(outputs) -> None:
    o = outputs["sample.digest"]
    body = part(o.docx, "word/document.xml")
    instr = [i.text.strip() for i in body.iter(f"{W}instrText")]
    assert any(i.startswith("TOC ") for i in instr)
    assert "In this issue" in o.pdf_text
    begin = body.find(f".//{W}fldChar[@{W}fldCharType='begin']")
    assert begin.get(f"{W}dirty") == "true"  # Word recomputes its page numbers on opening


@pytest.mark.parametrize("name", [p.name[: -len(".xml")] for p in corpus() if p.parent.name == "digests"])
def test_each_contents_line_ends_with_a_leader_and_a_page_number_at_the_margin(outputs, name) -> None:
    """The saved contents as LibreOffice sets it: a title that fills its line wraps, so no page
    number runs into it ("…Chairmanship5"); every entry's number follows a dotted leader, all
    right-aligned at the same place."""
    o = outputs[name]
    entries = [p for p in docx.Document(str(o.docx)).paragraphs
               if p.style.name.startswith("toc ") and "\t" in p.text]
    assert len(entries) > 10
    bbox = subprocess.run(["pdftotext", "-bbox", str(o.pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = [re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', page) for page in bbox.split("<page ")[1:]]
    contents = [words for words in pages if any(re.search(r"\.{5,}\d+$", w) for _, w in words)]
    words = [(float(x), w) for page in contents for x, w in page]
    numbered = [(x, w) for x, w in words if re.search(r"\.{3,}\d+$", w)]
    assert [w for _, w in words if re.search(r"[^\W\d_]\d+$", w)] == []  # "Asia16"
    assert len(numbered) == len(entries)
    assert max(x for x, _ in numbered) - min(x for x, _ in numbered) < 1.5


@pytest.mark.parametrize("name", [p.name[: -len(".xml")] for p in corpus()
                                  if p.parent.name in ("brochures", "reviews")])
def test_a_brochure_or_review_title_page_has_the_pdf_covers_band(outputs, name, tmp_path) -> None:
    """As LibreOffice sets it: the title page in a navy band ruled in gold (print.css
    ``.title-block``), the title white on it, from the reference document's styles."""
    from PIL import Image

    o = outputs[name]
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(o.pdf),
                    str(tmp_path / "cover")], check=True)
    (png,) = tmp_path.glob("cover*.png")
    image = Image.open(png).convert("RGB")
    pixels = [image.getpixel((x, y)) for y in range(image.height) for x in range(image.width)]

    def share(rgb: tuple[int, int, int]) -> float:
        return sum(all(abs(a - b) < 24 for a, b in zip(px, rgb)) for px in pixels) / len(pixels)

    assert share((0x1B, 0x3F, 0x6B)) > 0.15 and share((0xF2, 0xC1, 0x4E)) > 0.005
    document = docx.Document(str(o.docx))
    title = next(p for p in document.paragraphs if p.style.name in ("Title", "Title Heading"))
    assert title.style.font.color.rgb == docx.shared.RGBColor(0xFF, 0xFF, 0xFF)
    assert title.paragraph_format.page_break_before is None  # the looks are the styles' alone


def test_numbers_come_from_the_tree(outputs) -> None:
    o = outputs["sample.numbered"]
    (doc,) = o.docs
    heading = next(t.walk(doc, t.Heading))
    para = next(p for p in t.walk(doc, t.Paragraph) if p.number)
    document = docx.Document(str(o.docx))
    texts = [p.text for p in document.paragraphs]
    assert f"{heading.number}.\tInteraction with the United Nations" in texts
    assert any(x.startswith(f"{para.number}.\tThe Secretariat") for x in texts)


def test_bilingual_editions(outputs) -> None:
    pages = outputs["sample.en-ru"]
    english, _russian = pages.pdf_text.split("Доклад Секретариата СВМДА")[:2]
    assert "Interaction with the United Nations" in english and "Организация" not in english
    body = part(pages.docx, "word/document.xml").find(f"{W}body")
    assert len(body.findall(f".//{W}sectPr")) == 2  # one section per language

    side = docx.Document(str(outputs["sample.sbs"].docx))
    (table,) = side.tables
    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows]
    assert ("Interaction with the United Nations",
            "Взаимодействие с Организацией Объединённых Наций") in rows
    assert ("First item", "Первый пункт") in rows


def test_ordered_lists_count_from_one_in_each_column(outputs) -> None:
    text = outputs["sample.sbs"].pdf_text
    assert re.search(r"1\.\s+First item\s+1\.\s+Первый пункт", text)
    assert re.search(r"2\.\s+Second item\s+2\.\s+Второй пункт", text)


# ---------------------------------------------------------------- tables (the brochure's)

BROCHURE = "what-is-cica.en"


def body_tables(path: Path) -> list[etree._Element]:
    return part(path, "word/document.xml").findall(f"{W}body/{W}tbl")


def cbm_table(o: Output) -> tuple[t.Table, etree._Element]:
    """The confidence building measures: a header row, then group headings and measures."""
    tables = list(t.walk(o.docs[0], t.Table))
    i = next(i for i, tb in enumerate(tables) if any(len(r.blocks) == 1 for r in tb.blocks))
    return tables[i], body_tables(o.docx)[i]


def test_each_source_table_is_its_own_word_table(outputs) -> None:
    """Two tables in a row (the measures, the timeline) are not joined into one."""
    o = outputs[BROCHURE]
    tables = list(t.walk(o.docs[0], t.Table))
    assert len(tables) >= 2 and len(body_tables(o.docx)) == len(tables)
    for source, tbl in zip(tables, body_tables(o.docx)):
        assert len(tbl.findall(f"{W}tr")) == len(source.blocks)
        after = tbl.getnext()  # Word and LibreOffice join adjacent tables: a paragraph between
        assert after is not None and after.tag != f"{W}tbl"


def test_only_the_leading_header_row_repeats_on_each_page(outputs) -> None:
    o = outputs[BROCHURE]
    source, tbl = cbm_table(o)
    repeated = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in tbl.findall(f"{W}tr")]
    assert repeated == [True] + [False] * (len(repeated) - 1)
    header = t.plain_text(source.blocks[0].blocks[-1].content)  # "CO-COORDINATORS"
    group = t.plain_text(source.blocks[1].blocks[0].content)  # "ECONOMIC DIMENSION"
    pages = [" ".join(page.split()) for page in o.pdf_text.split("\f")]
    on = [i for i, page in enumerate(pages) if header in page]
    assert len(on) >= 2 and on == list(range(on[0], on[-1] + 1))  # on every page it runs over
    assert sum(page.count(group) for page in pages) == 1  # a group heading is not repeated


def test_group_headings_span_the_table_shaded_as_the_header_row(outputs) -> None:
    o = outputs[BROCHURE]
    source, tbl = cbm_table(o)
    columns = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    styles = part(o.docx, "word/styles.xml")
    (fill,) = styles.xpath("//w:style[w:name/@w:val='CICA Table']/w:tblStylePr[@w:type='firstRow']"
                           "/w:tcPr/w:shd/@w:fill", namespaces={"w": W[1:-1]})
    groups = 0
    for row, tr in zip(source.blocks, tbl.findall(f"{W}tr")):
        tcs = tr.findall(f"{W}tc")
        if len(row.blocks) == 1:
            groups += 1
            (tc,) = tcs
            assert tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == str(columns)
            assert tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == fill
        else:  # a measure without co-coordinator keeps its (empty) third cell
            assert len(tcs) == columns
    assert groups >= 3
    look = tbl.find(f"{W}tblPr/{W}tblLook")  # the style shades the real header row
    assert (tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val"), look.get(f"{W}firstRow")) == (
        "CICATable", "1")


def test_rows_never_split_and_tables_run_the_text_width(outputs) -> None:
    o = outputs[BROCHURE]
    document = docx.Document(str(o.docx))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for tbl in body_tables(o.docx):
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in tbl.findall(f"{W}tr"))
        width = tbl.find(f"{W}tblPr/{W}tblW")
        assert (width.get(f"{W}type"), width.get(f"{W}w")) == ("pct", "5000")
        grid = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert abs(sum(grid) * 635 - text_width) < 635 * len(grid)  # twips → EMU, rounding


def test_a_table_in_a_side_by_side_row_repeats_no_head(outputs) -> None:
    """Word repeats no nested table's head; LibreOffice would set it over the footnotes."""
    body = part(outputs["sample.sbs"].docx, "word/document.xml").find(f"{W}body")
    nested = body.findall(f"{W}tbl/{W}tr/{W}tc/{W}tbl")
    assert len(nested) == 2  # the sample's table, in each language
    for tbl in nested:
        rows = tbl.findall(f"{W}tr")
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
        assert not any(tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows)


def test_a_year_column_stays_narrow(outputs) -> None:
    """Columns are shared out by their text, as in the PDF: the timeline's years take little."""
    o = outputs[BROCHURE]
    tables = list(t.walk(o.docs[0], t.Table))
    i = next(i for i, tb in enumerate(tables)
             if all(t.plain_text(r.blocks[0].content).isdigit() for r in tb.blocks))
    years, events = (int(c.get(f"{W}w")) for c in body_tables(o.docx)[i].findall(
        f"{W}tblGrid/{W}gridCol"))
    assert years * 5 < events


def test_every_table_cell_comes_back_from_libreoffice(outputs) -> None:
    o = outputs[BROCHURE]
    text = subprocess.run(["pdftotext", str(o.pdf), "-"], check=True, capture_output=True,
                          text=True).stdout  # in reading order: a cell's lines together
    text = "".join(text.split())
    cells = [t.plain_text(c.content) for c in t.walk(o.docs[0], t.Cell)]
    assert len(cells) > 100
    assert [c for c in cells if "".join(c.split()) not in text] == []


# ---------------------------------------------------------------- the importer


def meta(lang: str = "en") -> t.Meta:
    return t.Meta(id="imported", kind="report", lang=lang)


@pytest.mark.parametrize("name", SINGLE)
def test_our_docx_reads_back_to_the_same_text_blocks(outputs, name: str) -> None:
    o = outputs[name]
    (src,) = o.docs
    doc, _ = read_docx(o.docx, meta(src.meta.lang))
    assert blocks_text(doc) == blocks_text(src)
    # the whole title, from the core properties: a digest's cover shows only the period,
    # a note's title and a title given by the first heading are not in a Title paragraph
    assert doc.meta.title == src.meta.title
    assert all(b.id is None for b in t.text_blocks(doc) if not isinstance(b, t.Footnote))


def test_a_digest_reads_back_with_its_whole_title(outputs) -> None:
    """The cover shows the period; the title is the file's (core properties)."""
    o = outputs["digest.cover"]
    document = docx.Document(str(o.docx))
    shown = [p.text for p in document.paragraphs if p.style.name == "Title"]
    doc, _ = read_docx(o.docx, meta())
    assert doc.meta.title == document.core_properties.title == o.docs[0].meta.title
    assert shown and shown[0] != doc.meta.title


def test_a_bilingual_edition_reads_with_the_first_title_not_both(outputs) -> None:
    o = outputs["sample.en-ru"]
    en, ru = o.docs
    assert docx.Document(str(o.docx)).core_properties.title == f"{en.meta.title} / {ru.meta.title}"
    doc, _ = read_docx(o.docx, meta())
    assert doc.meta.title == en.meta.title


def test_inline_markup_reads_back(outputs) -> None:
    doc, _ = read_docx(outputs["sample.en"].docx, meta())
    para = next(p for p in t.walk(doc, t.Paragraph) if "compliments" in t.plain_text(p.content))
    kinds = {type(n).__name__: n for n in para.content}
    assert t.plain_text(kinds["Strong"].children) == "strong words"
    assert t.plain_text(kinds["Emph"].children) == "emphasised"
    assert kinds["Link"].href == "https://www.s-cica.org/"
    assert kinds["NoteRef"].ref == doc.footnotes[0].id == "fn1"
    (table,) = t.walk(doc, t.Table)
    assert [c.header for c in t.walk(table, t.Cell)] == [True, True, False, False]
    lists = list(t.walk(doc, t.BulletList))
    assert [lst.ordered for lst in lists] == [True, False]


def test_docx_saved_by_libreoffice_reads_back(tmp_path: Path, outputs) -> None:
    """A file an editor re-saved in another word processor: LibreOffice writes its own OOXML."""
    src = outputs["sample.ru"]
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(src.docx)],
        check=True, capture_output=True, timeout=300)
    doc, _ = read_docx(tmp_path / "lo" / src.docx.name, meta("ru"))
    assert blocks_text(doc) == blocks_text(src.docs[0])


def test_a_docx_built_with_python_docx(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Annual review", style="Title")
    d.add_heading("Chairmanship", level=1)
    p = d.add_paragraph("The ", style="Body Text")
    p.add_run("Conference").bold = True
    p.add_run(" met in ")
    p.add_run("Baku").italic = True
    p.add_run(".")
    ox.Footnotes(d).add(p, d.styles["Normal"].style_id, d.styles["Normal"].style_id).add_run(
        "Held on 15 January.")
    link = ox.add_hyperlink(p, "https://www.s-cica.org/", None)
    link.add_run("Website")
    d.add_paragraph("First", style="List Number")
    d.add_paragraph("Second", style="List Number")
    d.add_paragraph("A point", style="List Bullet")
    d.add_paragraph("Photo: the summit", style="Caption")
    d.add_paragraph("Words quoted", style="Quote")
    d.add_heading("Члены", level=2)
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("State", "Year", "Казахстан", "1992")):
        cell.text = text
    d.add_paragraph("")  # empty paragraphs are not blocks
    d.save(str(tmp_path / "built.docx"))

    doc, diags = read_docx(tmp_path / "built.docx", dataclasses.replace(meta(), kind="brochure"))
    assert diags == []
    assert doc.meta.title == "Annual review"
    assert [type(b).__name__ for b in doc.blocks] == [
        "Heading", "Paragraph", "BulletList", "BulletList", "Caption", "Quote", "Heading", "Table"]
    heading, para, numbered, bullets, _, quote, h2, tbl = doc.blocks
    assert (heading.level, h2.level, t.plain_text(h2.content)) == (1, 2, "Члены")
    assert para.content == (
        t.Text("The "), t.Strong((t.Text("Conference"),)), t.Text(" met in "),
        t.Emph((t.Text("Baku"),)), t.Text("."), t.NoteRef("fn1"),
        t.Link((t.Text("Website"),), "https://www.s-cica.org/"))
    assert doc.footnotes[0].id == "fn1"
    assert t.plain_text(doc.footnotes[0].content) == "Held on 15 January."
    assert (numbered.ordered, bullets.ordered) == (True, False)
    assert [t.plain_text(i.content) for i in numbered.blocks] == ["First", "Second"]
    assert t.plain_text(quote.blocks[0].content) == "Words quoted"
    assert [t.plain_text(c.content) for c in t.walk(tbl, t.Cell)] == [
        "State", "Year", "Казахстан", "1992"]
    report, _ = read_docx(tmp_path / "built.docx", meta())  # a report nests parts (level 2)
    assert report.blocks[:-1] == doc.blocks[:6]
    assert report.blocks[-1] == t.Section((h2, tbl), kind="part")


# ---------------------------------------------------------------- bad input


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def one_error(path: Path) -> str:
    with pytest.raises(CicaError) as err:
        read_docx(path, meta())
    (diag,) = err.value.diagnostics
    assert diag.path == str(path)
    return str(diag)


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_text("Report of the Secretariat\n", encoding="utf-8")
    assert "not a .docx file (not a zip archive)" in one_error(path)


def test_a_zip_without_a_word_document(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "photos.docx", {"photo.txt": b"x"})
    assert "not a Word document" in one_error(path)


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    message = one_error(path)
    assert "zip bomb" in message and "word/document.xml" in message


def test_a_zip_too_large_in_total_is_refused(tmp_path: Path, outputs, monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_TOTAL_BYTES", 100_000)
    assert "zip bomb" in one_error(outputs["sample.en"].docx)


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
])
def test_entities_in_a_part_are_refused(tmp_path: Path, outputs, declaration: bytes) -> None:
    with zipfile.ZipFile(outputs["sample.en"].docx) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["word/document.xml"]
    parts["word/document.xml"] = xml.replace(b"?>", b"?>" + declaration, 1)
    message = one_error(zip_with(tmp_path / "evil.docx", parts))
    assert "word/document.xml" in message and "DOCTYPE" in message


# ---------------------------------------------------------------- through `cica-publish import`


REIMPORTABLE = [p for p in corpus() if read_source(p).meta.kind != "digest"]


@pytest.mark.parametrize("src", REIMPORTABLE, ids=lambda p: p.name)
def test_importing_our_docx_of_a_source_gives_the_same_source(project_copy: Path, src: Path,
                                                              capsys) -> None:
    """Sources → DOCX → import: byte for byte the same file, every id kept (digests excepted:
    Word styles do not tell a month section from the spotlight)."""
    doc = read_source(src)
    target = project_copy / src.relative_to(ROOT)
    out = project_copy / f"{doc.meta.id}.{doc.meta.lang}.docx"
    write_docx([doc], layout_of(doc.meta.kind), RenderOptions(), out)
    rc = main(["-C", str(project_copy), "import", str(out), "--lang", doc.meta.lang,
               "--kind", doc.meta.kind, "--id", doc.meta.id])
    assert rc == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith(f"unchanged {target}")
    assert target.read_bytes() == src.read_bytes()


def test_importing_a_docx_with_footnotes(project_copy: Path, outputs) -> None:
    rc = main(["-C", str(project_copy), "import", str(outputs["sample.en"].docx), "--lang", "en",
               "--kind", "report", "--id", "sample-report"])
    assert rc == 0
    doc = read_source(project_copy / "sources" / "reports" / "sample-report.en.xml")
    (ref,) = t.walk(doc, t.NoteRef)
    assert ref.ref == doc.footnotes[0].id


def test_a_bad_docx_through_the_cli_is_one_line_and_writes_nothing(project_copy: Path,
                                                                    capsys) -> None:
    bad = project_copy / "minutes.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    rc = main(["-C", str(project_copy), "import", str(bad), "--lang", "en", "--kind", "report",
               "--id", "minutes"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1 and len(err) == 1 and err[0].startswith(f"{bad}: not a .docx file")
    assert not list(project_copy.glob("sources/*/minutes.*"))


def test_a_bilingual_edition_with_long_titles_still_writes(tmp_path: Path) -> None:
    """The note's two titles together pass Word's 255-character limit on the core title."""
    en = read_source(ROOT / "sources/notes/min-1076.en.xml")
    ru = read_source(ROOT / "sources/notes/min-1076.ru.xml")
    assert len(en.meta.title) + len(ru.meta.title) > 255
    out = tmp_path / "min-1076.en-ru.docx"
    write_docx([en, ru], layout("note"), RenderOptions(), out)
    title = docx.Document(str(out)).core_properties.title
    assert 0 < len(title) <= 255 and title.startswith(en.meta.title[:40])
    doc, _ = read_docx(out, meta())  # not an input we promise: it reads, with one title
    assert doc.meta.title == (title if " / " not in title else "")


def test_the_header_shows_the_short_title_and_the_file_keeps_the_title(tmp_path: Path) -> None:
    """The brochure's header field TITLE shows the running title (the short title when the
    source has one, as the PDF's running head); the file's title property stays the title."""
    doc = read_source(ROOT / "sources/brochures/what-is-cica.en.xml")
    short = dataclasses.replace(doc, meta=dataclasses.replace(
        doc.meta, title="What is CICA: the Conference on Interaction and Confidence-Building "
        "Measures in Asia, its members, bodies and measures", short_title="What is CICA"))
    shown = {}
    for name, edition in (("title", doc), ("short", short)):
        out = write_docx([edition], layout("brochure"), RenderOptions(), tmp_path / f"{name}.docx").path
        assert docx.Document(str(out)).core_properties.title == edition.meta.title
        with zipfile.ZipFile(out) as z:
            headers = [n for n in z.namelist() if re.match(r"word/header\d+\.xml", n)]
        shown[name] = " ".join("".join(part(out, n).itertext()) for n in headers)
    assert doc.meta.title in shown["title"]
    assert "What is CICA" in shown["short"] and "Confidence-Building" not in shown["short"]


def test_numbered_paragraphs_hang_their_number_as_the_pdf_does(outputs) -> None:
    """The text of a numbered paragraph lines up after its number, not under it."""
    document = docx.Document(str(outputs["sample.numbered"].docx))
    numbered = [p for p in document.paragraphs
                if p.runs and p.runs[0].style is not None and p.runs[0].style.name == "Number"
                and not p.style.name.startswith("Heading")]
    assert numbered and all(p.style.name == "Numbered Paragraph" for p in numbered)
    fmt = document.styles["Numbered Paragraph"].paragraph_format
    assert fmt.left_indent > 0 and fmt.first_line_indent == -fmt.left_indent


# ---------------------------------------------------------------- a built edition, imported back

BUILT = {"report-io-2025": "report", "min-1076": "note"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The report and its covering note as `cica-publish build` makes them: typeset, and the
    note's DOCX quoting the report's real page count."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    assert main(["-C", str(project), "build", *BUILT, "--lang", "en"]) == 0
    return project / "output"


def import_built(project: Path, docx_path: Path, doc_id: str) -> int:
    return main(["-C", str(project), "import", str(docx_path), "--lang", "en",
                 "--kind", BUILT[doc_id], "--id", doc_id])


@pytest.mark.parametrize("doc_id", BUILT)
def test_a_built_docx_imported_over_its_source_changes_nothing(built: Path, project_copy: Path,
                                                               doc_id: str, capsys) -> None:
    """Curly quotes, dashes, no-break spaces and the enclosure's page count are the build's,
    not the editor's: the source keeps its own text, byte for byte."""
    edition = built / doc_id / f"{doc_id}.en.docx"
    (src,) = ROOT.glob(f"sources/*/{doc_id}.en.xml")
    source_texts = {t.plain_text(b.content) for b in t.text_blocks(read_source(src))}
    typeset = [p.text.split("\t")[-1] for p in docx.Document(str(edition)).paragraphs]
    assert [p for p in typeset if p and p not in source_texts]  # the edition is not the source
    assert import_built(project_copy, edition, doc_id) == 0, capsys.readouterr().err
    target = project_copy / src.relative_to(ROOT)
    assert capsys.readouterr().out.startswith(f"unchanged {target}")
    assert target.read_bytes() == src.read_bytes()


def test_an_edited_word_in_a_built_docx_changes_only_its_paragraph(built: Path,
                                                                   project_copy: Path) -> None:
    edition = docx.Document(str(built / "report-io-2025" / "report-io-2025.en.docx"))
    (para,) = [p for p in edition.paragraphs if "Vision Paper" in p.text]
    (run,) = [r for r in para.runs if "key priorities" in r.text]
    run.text = run.text.replace("key priorities", "main priorities")
    edited = project_copy / "edited.docx"
    edition.save(str(edited))
    src = ROOT / "sources" / "reports" / "report-io-2025.en.xml"
    assert import_built(project_copy, edited, "report-io-2025") == 0
    before = {b.id: t.plain_text(b.content) for b in t.text_blocks(read_source(src))}
    after = {b.id: t.plain_text(b.content)
             for b in t.text_blocks(read_source(project_copy / src.relative_to(ROOT)))}
    assert after.keys() == before.keys()
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 1
    (k,) = changed
    # the editor's paragraph as the editor's DOCX has it, typography included
    assert after[k] == para.text.split("\t")[-1]
    assert "main priorities" in after[k] and "Chairmanship’s" in after[k]
    assert "Chairmanship's" in before[k]


def test_a_fallback_is_tagged_and_set_in_the_language_it_is_in(project_copy: Path) -> None:
    """A Russian brochure built with --allow-untranslated: each English fallback says
    "[нет перевода]" (as the PDF does) and is en-GB for Word's spelling, its tag ru-RU."""
    assert main(["-C", str(project_copy), "build", "what-is-cica", "--lang", "ru",
                 "--format", "docx", "--allow-untranslated"]) == 0
    body = part(project_copy / "output/what-is-cica/what-is-cica.ru.docx", "word/document.xml")
    tagged = [p for p in body.iter(f"{W}p") if "".join(p.itertext()).startswith("[нет перевода] ")]
    assert len(tagged) > 20
    for p in tagged:
        tag, *text = p.xpath(".//w:r[w:t]", namespaces=NS)
        assert tag.xpath("./w:rPr/w:lang/@w:val", namespaces=NS) == ["ru-RU"]
        assert {r.xpath("string(./w:rPr/w:lang/@w:val)", namespaces=NS) for r in text} == {"en-GB"}
    translated = [p for p in body.iter(f"{W}p") if p not in tagged and re.search("[А-Яа-я]{4}", "".join(p.itertext()))]
    assert translated and all(p.xpath("string(./w:pPr/w:rPr/w:lang/@w:val)", namespaces=NS) == "ru-RU"
                              for p in translated)


@pytest.mark.parametrize("lang", ["en", "ru", "en+ru"])
def test_the_letterhead_lines_are_each_in_their_own_language(project_copy: Path, lang: str) -> None:
    assert main(["-C", str(project_copy), "build", "min-1076", "--lang", lang, "--format", "docx"]) == 0
    name = lang.replace("+", "-")
    body = part(project_copy / f"output/min-1076/min-1076.{name}.docx", "word/document.xml")
    letterhead = body.xpath(".//w:p[w:pPr/w:pStyle/@w:val='Letterhead']", namespaces=NS)
    assert letterhead
    for p in letterhead:
        expected = "ru-RU" if re.search("[А-Я]", "".join(p.itertext())) else "en-GB"
        assert set(p.xpath(".//w:lang/@w:val", namespaces=NS)) == {expected}, "".join(p.itertext())


def test_advertisements_are_framed_boxes_as_in_the_pdf(outputs) -> None:
    """Each advertisement of a digest is its own page's framed, centred box, never body text."""
    o = outputs["digest-2025-q1.en"]
    ads = [a for a in t.walk(o.docs[0], t.Aside) if a.kind == "advertisement"]
    assert len(ads) == 2
    body = part(o.docx, "word/document.xml")
    framed = {"".join(p.itertext()) for p in body.xpath(".//w:p[w:pPr/w:pBdr/w:top]", namespaces=NS)}
    for ad in ads:
        texts = {t.plain_text(b.content) for b in t.walk(ad, t.TextBlock)}
        assert all(any(_same(text, f) for f in framed) for text in texts), texts - framed
    unframed = {"".join(p.itertext()) for p in body.iter(f"{W}p")} - framed
    assert not any(_same(t.plain_text(b.content), u) for ad in ads for b in t.walk(ad, t.TextBlock)
                   for u in unframed)


def _same(a: str, b: str) -> bool:
    """The same text, whatever the spaces and line breaks (a ``w:br`` is no text)."""
    return "".join(a.split()) == "".join(b.split()) and bool(a.strip())


def test_a_note_sets_its_paragraphs_as_its_pdf_does(outputs) -> None:
    """First-line indents of the body, the place and date set right, as print.css says."""
    styles = docx.Document(str(outputs["min-1076.en"].docx)).styles
    assert round(styles["Body Text"].paragraph_format.first_line_indent.mm) == 12
    assert styles["Enclosure"].paragraph_format.first_line_indent == 0
    assert styles["Place Date"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("name", ["digest-2025-q1.en", "what-is-cica.en", "review-2021.en"])
def test_a_cover_has_no_page_number(outputs, name: str) -> None:
    """The cover of a digest and the title page of a brochure or review say no "Page 1 of N",
    as their PDF's; the pages after it do."""
    section = docx.Document(str(outputs[name].docx)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_footer._element.xml
    assert "PAGE" in section.footer._element.xml
    first = outputs[name].pdf_text.split("\f")[0]
    assert not re.search(r"Page \d+ of \d+", first)


def test_the_saved_contents_of_a_digest_show_page_numbers(outputs) -> None:
    """Before Word updates the TOC field, its saved entries give the pages the PDF sets the
    headings on (LibreOffice shows them as saved)."""
    o = outputs["digest-2025-q1.en"]
    entries = [p for p in docx.Document(str(o.docx)).paragraphs if p.style.name.startswith("toc ")]
    assert len(entries) > 10
    numbers = [re.search(r"\t(\d+)$", p.text) for p in entries]
    assert all(numbers), [p.text for p, n in zip(entries, numbers) if not n]
    pages = [int(n.group(1)) for n in numbers]
    assert pages == sorted(pages) and 2 < pages[0] and pages[-1] <= o.pages
    assert re.search(r"foreword\s*\.{3,}\s*\d+", o.pdf_text, re.I)  # the leader and the number, laid out
