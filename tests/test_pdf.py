"""The PDF writer on real text (seed 000's note and report, the digest corpus), checked with
poppler's tools as a reader would: fonts, extractable Russian, metadata, outline, lost text,
the table of contents' page numbers, glyphs the PT fonts lack, reference codes kept whole."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError

import lxml.etree
import lxml.html

from cica_publish import front
from cica_publish import tree as t
from cica_publish.catalogs.po import read_po
from cica_publish.errors import CicaError
from cica_publish.layout import Layout, RenderOptions, layout_for
from cica_publish.project import find_project
from cica_publish.readers.xml import read_source
from cica_publish.transforms import edition_steps, run
from cica_publish.transforms.translate import translate
from cica_publish.writers.html import HtmlWriter, to_html
from cica_publish.writers.pdf import ProjectFetcher, render, write_pdf

import conftest
from conftest import ROOT, tree_classes

pytestmark = pytest.mark.slow  # builds PDFs or DOCX (see CONTRIBUTING.md)

DATA = ROOT / "tests" / "data" / "build"
NOTE = DATA / "sources" / "notes" / "min-1076.en.xml"
REPORT = DATA / "sources" / "reports" / "report-io-2025.en.xml"
DIGEST = ROOT / "sources" / "digests" / "digest-2025-q1.en.xml"
DIGESTS = sorted((ROOT / "sources" / "digests").glob("*.en.xml"))
REAL_REPORT = ROOT / "sources" / "reports" / "report-io-2025.en.xml"


def layout(name: str) -> Layout:
    return Layout(name, ROOT / "layouts" / name)


def layout_of(kind: str) -> Layout:
    """The layout the build sets a document of *kind* in (its ``kinds`` in layout.toml)."""
    return layout_for(find_project(ROOT), kind)


def russian_note() -> t.Document:
    master = read_source(NOTE)
    catalog = read_po((DATA / "locale/ru/LC_MESSAGES/min-1076.po").read_bytes())
    return translate(master, catalog)


def typeset(doc: t.Document) -> t.Document:
    """Numbered and typeset as its layout asks (layout.toml), as the build does."""
    return run(doc, edition_steps(layout_of(doc.meta.kind)))


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    return pdftotext(pdf).split("\f")[:-1]


def fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def words(text: str) -> Counter[str]:
    return Counter(conftest.words(text))


def lost_words(expected: Counter[str], pdf: Path, *args: str) -> Counter[str]:
    """Words of *expected* missing from the PDF's text.

    A word hyphenated at the foot of a page comes back in two halves with the page's
    furniture between them; it counts as there when both halves are.
    """
    text = pdftotext(pdf, *args)
    missing = expected - words(text)
    heads = {m.lower() for m in re.findall(r"(\w+)-\s*\n", text)}
    found = words(text)
    for word in list(missing):
        if any(word.startswith(h) and found[word[len(h):]] for h in heads):
            del missing[word]
    return missing


def source_words(doc: t.Document) -> Counter[str]:
    total: Counter[str] = Counter()
    for block in t.text_blocks(doc):
        total += words(t.plain_text(block.content))
    return total


@pytest.fixture(scope="module")
def note_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("note")
    en, ru = typeset(read_source(NOTE)), typeset(russian_note())
    made = {}
    for name, docs in {"en": [en], "ru": [ru], "en-ru": [en, ru]}.items():
        made[name] = write_pdf(docs, layout("note"), RenderOptions(),
                               out / f"min-1076.{name}.pdf").path
    return made


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    doc = typeset(read_source(REPORT))
    return write_pdf([doc], layout("report"), RenderOptions(), tmp_path_factory.mktemp("r") / "r.pdf").path


# ------------------------------------------------------------------ every node has a handler


def test_html_writer_handles_every_tree_class():
    writer = HtmlWriter(read_source(NOTE))
    assert tree_classes(t.Block) - set(writer.blocks) == set()
    assert tree_classes(t.Inline) - set(writer.inlines) == set()


def test_unknown_node_is_an_error_not_silence():
    @dataclasses.dataclass(frozen=True)
    class Sidebar(t.Block):
        pass

    doc = read_source(NOTE)
    doc = dataclasses.replace(doc, blocks=doc.blocks + (Sidebar(),))
    with pytest.raises(CicaError, match="cannot lay out Sidebar"):
        write_pdf([doc], layout("note"), RenderOptions(), Path("/nonexistent/never.pdf"))


# ------------------------------------------------------------------ fonts, text, metadata


def test_all_fonts_embedded_and_only_pt_fonts(note_pdfs, report_pdf):
    for pdf in [*note_pdfs.values(), report_pdf]:
        rows = fonts(pdf)
        assert rows, pdf
        for row in rows:
            assert row[-5] == "yes", f"{pdf.name}: font {row[0]} not embedded"
            # a glyph missing from PT fonts would pull in a fallback font (DejaVu …)
            assert "PT-" in row[0], f"{pdf.name}: fallback font {row[0]} used"


def _charset(family: str) -> set[int]:
    """The code points of a font family as fontconfig reports them (the fonts the PDF embeds)."""
    out = subprocess.run(["fc-list", f":family={family}", "charset"], capture_output=True,
                         text=True, check=True).stdout
    points: set[int] = set()
    for part in re.findall(r"[0-9a-f]+(?:-[0-9a-f]+)?", out.split("charset=", 1)[1] if "charset=" in out else ""):
        low, _, high = part.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def test_every_character_of_the_corpus_has_a_glyph_in_the_layout_fonts():
    """The layouts name PT Serif/PT Sans (text, Cyrillic) and Symbola (pictographs in contact
    blocks): a character none of them has would print as an empty box."""
    fonts_css = " ".join(p.read_text() for p in (ROOT / "layouts").glob("*/print.css"))
    families = sorted(set(re.findall(r'"(PT [A-Za-z]+)"', fonts_css))
                      | ({"Symbola"} if "Symbola" in fonts_css else set()))
    covered = set().union(*(_charset(f) for f in families))
    assert len(covered) > 1000, families
    sources = sorted((ROOT / "sources").glob("*/*.xml")) + sorted(DATA.glob("sources/*/*.xml"))
    missing = {}
    for path in sources:
        for block in t.text_blocks(read_source(path)):
            for ch in t.plain_text(block.content):
                if ord(ch) not in covered and not ch.isspace():
                    missing.setdefault(f"U+{ord(ch):04X} {ch}", path.name)
    assert not missing, f"characters no layout font has: {missing}"


def test_russian_text_comes_back_from_the_pdf(note_pdfs):
    text = pdftotext(note_pdfs["ru"])
    assert "свидетельствует свое уважение" in " ".join(text.split()).replace("-\n", "")
    assert "город Астана, 16 сентября 2025 г." in text.replace("\u00a0", " ")
    assert "Приложение: упомянутое на" in text


@pytest.mark.parametrize("name", ["en", "ru", "en-ru"])
def test_no_word_of_the_note_is_lost(note_pdfs, name):
    docs = {"en": [read_source(NOTE)], "ru": [russian_note()],
            "en-ru": [read_source(NOTE), russian_note()]}[name]
    expected = sum((source_words(typeset(d)) for d in docs), Counter())
    missing = lost_words(expected, note_pdfs[name])
    assert not missing, f"words lost in {name}: {dict(missing)}"


def test_no_word_of_the_report_is_lost(report_pdf):
    missing = lost_words(source_words(typeset(read_source(REPORT))), report_pdf)
    assert not missing, f"words lost: {dict(missing)}"


def test_metadata_title_author_subject_lang(note_pdfs):
    info = subprocess.run(["pdfinfo", str(note_pdfs["ru"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(rf"^Title:\s+{re.escape(russian_note().meta.title)}$", info, re.M)  # its language
    assert re.search(r"^Author:\s+CICA Secretariat$", info, re.M)
    assert re.search(r"^Subject:\s+MIN/1076$", info, re.M)
    assert re.search(r"^CreationDate:\s+Tue Sep 16 00:00:00 2025 UTC$", info, re.M)  # its date
    assert re.search(r"^ModDate:\s+\w{3} \w{3} .* UTC$", info, re.M)  # when it was built
    for name, expected in (("ru", "u:ru-RU"), ("en-ru", "u:en-GB, ru-RU")):
        catalog = json.loads(subprocess.run(
            ["qpdf", "--json=2", "--json-key=qpdf", str(note_pdfs[name])],
            capture_output=True, text=True, check=True).stdout)
        langs = [o["value"].get("/Lang") for o in catalog["qpdf"][1].values()
                 if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Catalog"]
        assert langs == [expected]  # a bilingual edition names both
    xmp = subprocess.run(["pdfinfo", "-meta", str(note_pdfs["ru"])], capture_output=True,
                         text=True, check=True).stdout
    assert "<xmp:CreateDate>2025-09-16</xmp:CreateDate>" in xmp and "<dc:title>" in xmp


def test_outline_lists_the_report_headings(report_pdf):
    data = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=outlines", str(report_pdf)],
                                     capture_output=True, text=True, check=True).stdout)
    top = [o["title"] for o in data["outlines"]]
    assert top[0].startswith("Report of the CICA Secretariat")
    chapters = [o["title"] for o in data["outlines"][0]["kids"]]
    assert chapters[:2] == ["I. INTRODUCTION", "II. OBSERVER ORGANIZATIONS"]
    assert chapters[-1] == "VI. CONCLUSION"


def test_report_running_head_and_page_x_of_y(report_pdf):
    pages = pdf_pages(report_pdf)
    assert len(pages) > 2
    for n, page in enumerate(pages[1:], start=2):
        assert "MIN/1076" in "\n".join(page.splitlines()[:4])  # the running head
        assert f"Page {n} of {len(pages)}" in page
        assert "MIN/1076 · EN" in page


def _head_lines(pdf: Path, page: int, top: float) -> dict[float, str]:
    """The lines of text above *top* (pt) on *page*, by their ``yMin`` (pdftotext -bbox)."""
    lines: dict[float, list[str]] = {}
    for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)',
                         pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))):
        if float(m[2]) <= top:
            lines.setdefault(float(m[1]), []).append(m[3])
    return {y: " ".join(w) for y, w in lines.items()}


def _russian_report_long_head() -> t.Document:
    """The Russian report without its short title: its official title, longer than a head's line."""
    doc = translate(read_source(REAL_REPORT), read_po((ROOT / "locale/ru/LC_MESSAGES/report-io-2025.po")
                                                      .read_bytes()))
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, short_title=None))


@pytest.mark.parametrize("make", [lambda: read_source(REAL_REPORT), lambda: read_source(REPORT),
                                  _russian_report_long_head], ids=["short-title", "title", "long-ru-title"])
def test_report_running_head_is_one_line(make, tmp_path):
    """The running title sits on one line: the short title when there is one, else the title,
    which ends in an ellipsis if it is too long for the line (never a second line)."""
    doc = typeset(make())
    pdf = write_pdf([doc], layout("report"), RenderOptions(), tmp_path / "r.pdf").path
    top = 25 / 25.4 * 72  # the report's top margin (25 mm)
    for page in (2, 3):
        lines = _head_lines(pdf, page, top)
        heads = {y: text for y, text in lines.items() if text != (doc.meta.reference or "")}
        assert len(heads) == 1, f"page {page}: the running head takes {len(heads)} lines: {heads}"
        head = next(iter(heads.values()))
        # the line cut with an ellipsis keeps the rest of the title in the text layer (clipped)
        assert head == doc.meta.short_title if doc.meta.short_title else doc.meta.title.startswith(head)


def test_english_is_hyphenated_with_a_plain_hyphen(report_pdf):
    text = pdftotext(report_pdf, "-layout")
    source = words(t.plain_text(tuple(i for b in t.text_blocks(read_source(REPORT)) for i in b.content)))
    broken = [a + b for a, b in re.findall(r"(\w+)-\n\s*(\w+)", text) if (a + b).lower() in source]
    assert len(broken) >= 3, "a justified A4 report should hyphenate some English words"
    assert "\u2010" not in text


def test_footnote_is_set_with_its_number(report_pdf):
    first = pdf_pages(report_pdf)[0]
    assert re.search(r"^1\. Circulated under cover of Note № MIN/1076", first, re.M)


# ------------------------------------------------------------------ known traps


def test_pt_fonts_trap_no_u2010_no_u202f(tmp_path):
    """Babel's narrow no-break space and hyphenation's U+2010 must never reach the page."""
    doc = russian_note()
    long_word = t.Paragraph("long", (t.Text(
        "Международно-правовые взаимоотношения государств-участников "
        "высокоэффективного сотрудничества 16\u202fсентября 2025\u202fг. и \u2010 дефис"),))
    doc = dataclasses.replace(doc, blocks=doc.blocks + (long_word,))
    narrow = tmp_path / "print.css"
    narrow.write_text((ROOT / "layouts/note/print.css").read_text()
                      + "\np { width: 35mm; text-align: justify; }\n")
    pdf = write_pdf([typeset(doc)], Layout("note", tmp_path), RenderOptions(), tmp_path / "n.pdf").path
    text = pdftotext(pdf, "-layout")  # physical lines: without it poppler rejoins hyphenated words
    assert "\u2010" not in text and "\u202f" not in text
    joined = {a + b for a, b in re.findall(r"(\w+)-\n\s*(\w+)", text)}
    assert joined & {"Международно", "высокоэффективного", "сотрудничества", "взаимоотношения",
                     "государств", "участников", "сентября"}, "the narrow column should hyphenate"
    assert all("PT-" in row[0] for row in fonts(pdf))


def test_reference_code_never_breaks_after_the_slash(tmp_path):
    doc = read_source(NOTE)
    many = t.Paragraph("refs", (t.Text(" ".join(
        f"See note {'№' if i % 2 else ''}MIN/1076 of 16 September{'x' * (i % 5)}." for i in range(40))),))
    doc = typeset(dataclasses.replace(doc, blocks=doc.blocks + (many,)))
    pdf = write_pdf([doc], layout("note"), RenderOptions(), tmp_path / "n.pdf").path
    text = pdftotext(pdf)
    assert text.count("MIN/1076") == 40 + 1  # the paragraph's and the reference line's
    assert not re.search(r"MIN/\s*\n", text)


@pytest.fixture(scope="module")
def digest(tmp_path_factory) -> tuple[t.Document, Path]:
    doc = typeset(read_source(DIGEST))
    return doc, write_pdf([doc], layout("digest"), RenderOptions(), tmp_path_factory.mktemp("d") / "d.pdf").path


BROCHURE = ROOT / "sources" / "brochures" / "what-is-cica.en.xml"
_LEAVES = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr")


def _page_leaves(box) -> list:
    """The blocks a page's flow ends in (headings, paragraphs, list items, table rows), in order."""
    if box.element is not None and box.element_tag in _LEAVES:
        return [box]
    return [leaf for child in getattr(box, "children", ()) for leaf in _page_leaves(child)]


def _fragment_text(box) -> str:
    """The text of the part of *box* on this page (an element split over pages has two)."""
    own = getattr(box, "text", "") if not getattr(box, "children", None) else ""
    return own + "".join(_fragment_text(child) for child in getattr(box, "children", ()))


def _letters(text: str) -> str:
    """*text* without spaces and hyphens: line boxes drop the spaces they end at."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def _introducing_tables(root) -> dict[int, str]:
    """The paragraphs immediately followed by a table (their :func:`_letters`), by element id."""
    return {id(p): _letters("".join(p.itertext())) for parent in root.iter()
            for p, following in zip(parent, list(parent)[1:]) if p.tag == "p" and following.tag == "table"}


@pytest.mark.parametrize("source", [REAL_REPORT, DIGEST, BROCHURE], ids=lambda p: p.stem)
def test_no_page_ends_with_a_heading_a_dateline_or_a_bare_paragraph_number(source):
    """What an editor sends back: a heading or dateline last on a page, its text on the
    next; a UN paragraph number ("43.") left behind when its lines moved on; a paragraph
    introducing a table left whole on the page before the table."""
    doc = typeset(read_source(source))
    document = render([doc], layout_of(doc.meta.kind), RenderOptions())
    assert len(document.pages) > 5
    introducing = _introducing_tables(document.pages[0]._page_box.children[0].element)
    assert source != BROCHURE or introducing  # the Catalogue of Confidence Building Measures
    for number, page in enumerate(document.pages[:-1], 1):
        leaves = [b for b in _page_leaves(page._page_box.children[0]) if _fragment_text(b).strip()]
        last = leaves[-1]
        text = " ".join(_fragment_text(last).split())
        if last.element_tag == "h1":  # a title page
            continue
        cls = last.element.get("class") or ""
        assert not (last.element_tag.startswith("h") or "dateline" in cls), \
            f"page {number} ends with {last.element_tag}.{cls} {text!r}"
        assert not re.fullmatch(r"\d+\.", text), f"page {number} ends with the bare number {text!r}"
        assert introducing.get(id(last.element)) != _letters(text), \
            f"page {number} ends with {text[:60]!r}, which introduces the table on the next page"


def test_brochure_tables_keep_their_grid_head_and_rows_whole():
    """The measures table: its head repeated on each page it runs over, the dimension rows
    across the table, short rows padded to the grid, and no row split between two pages."""
    doc = typeset(read_source(BROCHURE))
    tree = lxml.html.fromstring(to_html([doc], layout("brochure"), RenderOptions()))
    measures = next(tb for tb in tree.iter("table") if tb.find("thead") is not None)
    width = len(measures.find("thead").findall("tr/th"))
    assert width == 3
    for tr in measures.find("tbody").findall("tr"):
        assert sum(int(c.get("colspan", 1)) for c in tr) == width, lxml.html.tostring(tr)
    groups = [" ".join(tr.text_content().split()) for tr in measures.xpath("tbody/tr[@class='group']")]
    assert "ECONOMIC DIMENSION" in groups and len(groups) >= 4

    document = render([doc], layout("brochure"), RenderOptions())
    pages_of_row: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages, 1):
        for leaf in _page_leaves(page._page_box.children[0]):
            if leaf.element_tag == "tr" and any(cell.tag == "td" for cell in leaf.element):  # not the head
                pages_of_row.setdefault(id(leaf.element), set()).add(number)
    assert pages_of_row and all(len(pages) == 1 for pages in pages_of_row.values())


def test_digest_toc_page_numbers_are_the_real_pages(digest):
    doc, pdf = digest
    pages = [" ".join(p.split()).lower() for p in pdf_pages(pdf)]  # headings may be in capitals
    toc_at = next(i for i, p in enumerate(pages) if "in this issue" in p)
    toc = " ".join(pages[toc_at:toc_at + 2]).split("in this issue", 1)[1]
    sections = [s for s in t.walk(doc, t.Section) if s.blocks and isinstance(s.blocks[0], t.Heading)]
    assert len(sections) > 10
    at = 0  # the contents list the sections in order ("In the Spotlight" may come twice)
    for section in sections:
        title = " ".join(t.plain_text(section.blocks[0].content).split()).lower()
        match = re.compile(re.escape(title) + r"(?:\s*\.)+\s*(\d+)\b").search(toc, at)  # title, leader, page
        assert match, f"{title!r} not in the table of contents"
        at = match.end()
        # where the heading really is: followed by the start of its section's next block
        after = next(b for b in t.walk(section, t.TextBlock) if b is not section.blocks[0])
        start = f"{title} {' '.join(t.plain_text(after.content).split())[:25].lower()}"
        actual = [n for n, page in enumerate(pages, start=1) if start in page
                  and n > toc_at + 2]  # not the contents themselves
        assert actual == [int(match.group(1))], f"{title!r}: contents say {match.group(1)}, pages {actual}"
    contents = pdftotext(pdf, "-layout", "-f", str(toc_at + 1), "-l", str(toc_at + 2))
    alone = [line for line in contents.splitlines() if re.fullmatch(r"[\s.]*\d+\s*", line)]
    assert not alone, f"page numbers on a line without their title: {alone}"


def test_digest_advertisements_have_pages_of_their_own(digest):
    doc, pdf = digest
    pages = [" ".join(p.split()) for p in pdf_pages(pdf)]
    ads = [a for a in t.walk(doc, t.Aside) if a.kind == "advertisement"]
    assert ads
    article_starts = [" ".join(t.plain_text(p.content).split())[:40] for s in t.walk(doc, t.Section)
                      if s.kind == "article" for p in s.blocks if isinstance(p, t.Paragraph)]
    for ad in ads:
        first = " ".join(t.plain_text(t.text_blocks(t.Document(doc.meta, (ad,)))[0].content).split())
        on = [n for n, page in enumerate(pages) if first[:30] in page]
        assert len(on) == 1, f"advertisement {first[:30]!r} on pages {on}"
        mixed = [s for s in article_starts if s in pages[on[0]]]
        assert not mixed, f"advertisement {first[:30]!r} shares its page with {mixed}"


def test_bilingual_note_gives_each_language_its_own_page(note_pdfs):
    pages = pdf_pages(note_pdfs["en-ru"])
    assert len(pages) == 2
    assert "presents its compliments" in " ".join(pages[0].split())
    assert "свидетельствует свое уважение" in " ".join(pages[1].split())
    assert "presents its compliments" not in " ".join(pages[1].split())


def test_bilingual_note_pages_look_like_the_single_language_note(note_pdfs):
    """No page number on a one-page note, in either language of the bilingual edition."""
    single = {lang: pdf_pages(note_pdfs[lang]) for lang in ("en", "ru")}
    assert [len(p) for p in single.values()] == [1, 1]
    for page in [*single["en"], *single["ru"], *pdf_pages(note_pdfs["en-ru"])]:
        assert not re.search(r"(Page|Стр\.)\s*\d", page), page


def russian_report() -> t.Document:
    """The report with its first blocks translated (tests/data/pdf), the rest marked fallbacks."""
    catalog = read_po((ROOT / "tests/data/pdf/report-io-2025.ru.po").read_bytes())
    return translate(read_source(REPORT), catalog)


@pytest.fixture(scope="module")
def report_side_by_side(tmp_path_factory) -> tuple[list[t.Document], Path]:
    docs = [typeset(read_source(REPORT)), typeset(russian_report())]
    pdf = write_pdf(docs, layout("report"), RenderOptions(bilingual="side-by-side"),
                    tmp_path_factory.mktemp("sbs") / "r.en-ru.pdf").path
    return docs, pdf


def test_side_by_side_report_loses_no_word_of_either_language(report_side_by_side):
    """The two-column table runs over many pages: every word of both columns is printed."""
    docs, pdf = report_side_by_side
    assert len(pdf_pages(pdf)) > 8
    middle = 72 * (25 + 165 / 2) / 25.4  # left margin and half the measure of the report, in pt
    for doc, crop in zip(docs, (["-x", "0", "-W", f"{middle:.0f}"], ["-x", f"{middle:.0f}", "-W", "400"])):
        body = dataclasses.replace(doc, footnotes=())  # footnotes are set across the page's foot
        missing = lost_words(source_words(body), pdf, "-raw", "-y", "0", "-H", "900", *crop)
        assert not missing, f"{doc.meta.lang} words lost in its column: {dict(missing)}"
    notes = sum((words(t.plain_text(n.content)) for d in docs for n in d.footnotes), Counter())
    assert not notes - words(pdftotext(pdf))
    assert "Организация Объединенных Наций имеет статус наблюдателя" in " ".join(pdftotext(pdf).split())


def test_side_by_side_report_sets_each_pair_on_one_row(report_side_by_side):
    """Each English block starts on the same line as its Russian translation."""
    docs, pdf = report_side_by_side
    lines = pdftotext(pdf, "-layout").splitlines()
    pairs = [(en, ru) for en, ru in zip(t.text_blocks(docs[0]), t.text_blocks(docs[1]))
             if ru.translated and t.plain_text(en.content) != t.plain_text(ru.content)
             and not isinstance(en, t.Footnote)]
    assert len(pairs) >= 6
    for en, ru in pairs:
        def first(b):
            return " ".join(t.plain_text(b.content).split()[:2])
        row = [line for line in lines if first(en) in " ".join(line.split())]
        assert row and first(ru) in " ".join(row[0].split()), (first(en), first(ru), row)


def test_report_title_is_set_once_with_its_issuer_above_it(tmp_path):
    """The report's first heading is its title (front.py): set in the title block, not again."""
    doc = typeset(read_source(REAL_REPORT))
    pdf = write_pdf([doc], layout("report"), RenderOptions(), tmp_path / "r.pdf").path
    first = " ".join(pdftotext(pdf).split("\f")[0].split())
    title = " ".join(doc.meta.title.split())
    assert first.lower().count(title.lower()) == 1
    issuer = t.plain_text(next(t.walk(doc, t.Letterhead)).blocks[0].content).strip()
    assert first.lower().index(issuer.lower()) < first.lower().index(title.lower())
    assert first.lower().index(title.lower()) < first.index("INTRODUCTION")


def test_a_side_by_side_brochure_keeps_its_title_block():
    """The title heading leaves the body for the title block (front.py): side by side too."""
    doc = read_source(ROOT / "sources" / "brochures" / "what-is-cica.en.xml")
    heading = front.title_heading(doc)
    other = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, lang="ru"))
    html = lxml.html.fromstring(to_html([doc, other], layout("brochure"), RenderOptions(
        bilingual="side-by-side")))
    titles = [" ".join(h.text_content().split()) for h in html.iter("h1")]
    assert titles == [t.plain_text(heading.content)] * 2


@pytest.mark.parametrize("source", DIGESTS, ids=lambda p: p.stem)
def test_digest_cover_sets_the_masthead_apart_from_the_headlines(tmp_path, source):
    doc = typeset(read_source(source))
    lines = front.cover(doc)
    assert lines is not None and lines.masthead and lines.headlines
    assert " ".join(t.plain_text(lines.masthead[-1].content).split()) == doc.meta.series
    html = to_html([doc], layout("digest"), RenderOptions())
    tree = lxml.html.fromstring(html)
    masthead = [" ".join(e.text_content().split()) for e in tree.xpath(
        '//*[@class="cover"]//*[@class="masthead"]/*')]
    headlines = [" ".join(e.text_content().split()) for e in tree.xpath(
        '//*[@class="cover"]//*[@class="headlines"]/*')]
    assert masthead[-1] == doc.meta.series
    assert not set(masthead) & set(headlines)
    assert headlines[0] == " ".join(t.plain_text(lines.headlines[0].content).split())
    pdf = write_pdf([doc], layout("digest"), RenderOptions(), tmp_path / "d.pdf").path
    cover = pdftotext(pdf, "-layout").split("\f")[0]
    assert cover.count(doc.meta.series) == 1  # the masthead only: not the title, never a headline
    assert doc.meta.period and doc.meta.period in cover and doc.meta.title not in cover
    assert re.search(r"^Title:\s+(.*)$", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                     check=True).stdout, re.M).group(1) == doc.meta.title  # the file keeps the full title
    assert front.cover(front.mark_masthead(doc)).masthead == lines.masthead  # marked once


def test_digest_masthead_stays_the_masthead_in_translation():
    """Marked on the master's words before translation: a translated series name is still it."""
    master = front.mark_masthead(read_source(DIGEST))
    name = front.cover(master).masthead[-1]
    po = (f'msgid ""\nmsgstr "Language: ru\\n"\n\nmsgctxt "{master.meta.id}/{name.id}"\n'
          f'msgid "{t.plain_text(name.content)}"\nmsgstr "Дайджест СВМДА"\n')
    russian = typeset(translate(master, read_po(po.encode())))
    masthead = front.cover(russian).masthead
    assert [b.id for b in masthead] == [b.id for b in front.cover(master).masthead]
    assert t.plain_text(masthead[-1].content) == "Дайджест СВМДА"


def test_side_by_side_puts_pairs_on_the_same_line(tmp_path):
    en, ru = typeset(read_source(NOTE)), typeset(russian_note())
    pdf = write_pdf([en, ru], layout("note"), RenderOptions(bilingual="side-by-side"),
                    tmp_path / "s.pdf").path
    text = pdftotext(pdf, "-layout")
    line = next(l for l in text.splitlines() if "Astana, 16 September 2025" in l)
    assert "город Астана" in line


# ------------------------------------------------------------------ resources


def test_fetcher_serves_layout_files_and_data_only(tmp_path):
    fetcher = ProjectFetcher([ROOT / "layouts"])
    css = fetcher.fetch((ROOT / "layouts/note/print.css").as_uri())
    assert b"@page" in css.read()
    assert fetcher.fetch("data:text/css,p{}").read() == b"p{}"
    for url in ("http://example.com/x.css", "https://example.com/x.css", "ftp://example.com/x",
                "file:///etc/passwd", (ROOT / "pyproject.toml").as_uri(),
                (ROOT / "layouts/note/../../pyproject.toml").as_uri()):
        with pytest.raises(FatalURLFetchingError, match="refused"):
            fetcher.fetch(url)


def test_a_stylesheet_reaching_out_stops_the_build(tmp_path):
    folder = tmp_path / "layouts" / "note"
    shutil.copytree(ROOT / "layouts/note", folder)
    css = folder / "print.css"
    css.write_text('@import url("http://example.com/evil.css");\n' + css.read_text())
    with pytest.raises(CicaError, match=r"refused http://example\.com/evil\.css"):
        write_pdf([read_source(NOTE)], Layout("note", folder), RenderOptions(), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def _qpdf_objects(pdf: Path) -> dict[str, dict]:
    """The PDF's objects as qpdf's JSON (v2) reads them."""
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", str(pdf)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["qpdf"][1]


def _stream_data(pdf: Path, ref: str) -> bytes:
    number = ref.split()[0]
    return subprocess.run(["qpdf", f"--show-object={number}", "--filtered-stream-data", str(pdf)],
                          check=True, capture_output=True).stdout


def test_pdf_a_variant_passes_what_can_be_checked_without_verapdf(tmp_path):
    """PDF/A-3b: sound structure (qpdf --check), the pdfaid identification and the same title
    and author in the XMP packet as in the document information, an sRGB output intent with
    its ICC profile, every font embedded (the Russian edition's too)."""
    en, ru = typeset(read_source(NOTE)), typeset(russian_note())
    pdf = write_pdf([en, ru], layout("note"), RenderOptions(pdf_variant="pdf/a-3b"),
                    tmp_path / "a.pdf").path
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout

    objects = _qpdf_objects(pdf)
    catalog = next(o["value"] for o in objects.values()
                   if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Catalog")
    xmp = lxml.etree.fromstring(_stream_data(pdf, catalog["/Metadata"]))
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
          "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    ident = xmp.xpath("//rdf:Description[@pdfaid:part]", namespaces=ns)[0]
    assert (ident.get(f"{{{ns['pdfaid']}}}part"), ident.get(f"{{{ns['pdfaid']}}}conformance")) == ("3", "B")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    field = {k: v.strip() for k, v in re.findall(r"^(\w+):(.*)$", info, re.M)}
    assert xmp.xpath("string(//dc:title//rdf:li)", namespaces=ns) == field["Title"] == en.meta.title
    assert xmp.xpath("string(//dc:creator//rdf:li)", namespaces=ns) == field["Author"]

    (intent,) = catalog["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    profile = _stream_data(pdf, intent["/DestOutputProfile"])
    assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile of an RGB space

    rows = fonts(pdf)
    assert rows and all(row[-5] == "yes" for row in rows), rows
    assert "свидетельствует свое уважение" in " ".join(pdftotext(pdf).split())  # text still extractable
