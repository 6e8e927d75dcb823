"""The two CICA Digest issues (seeds 001 and 002) as structured sources.

The committed sources are checked against the seeds they were imported from: the seed's
table of contents is not in the source but names its articles and sections; datelines,
advertisements and the foreword's signature are recognised; every other paragraph of the
seed is in the source, in reading order.
"""

from __future__ import annotations

import re
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from conftest import ROOT, seed
from cica_publish import tree as t
from cica_publish.readers import digest
from cica_publish.readers.text import read_text
from cica_publish.readers.textparts import split_paragraphs
from cica_publish.readers.xml import read_source
from cica_publish.writers.xml import to_xml

ISSUES = {  # doc id → seed
    "digest-2024-q3": "002",
    "digest-2025-q1": "001",
}
SECTION_NAMES = {"in the spotlight": "spotlight", "cica activities": "activities",
                 "flash briefing": "flash"}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
BAYRAMOV_CAPTION = ("MEETING OF THE MINISTER OF FOREIGN AFFAIRS\n"
                    "OF THE REPUBLIC OF AZERBAIJAN H.E. MR. JEYHUN BAYRAMOV\n"
                    "WITH THE HEADS OF DIPLOMATIC MISSIONS OF CICA MEMBER STATES")
SWG_SESSIONS = next(p for p in re.split(r"\n[ \t]*\n", seed("002").read_text())
                    if p.startswith("SWG sessions were held"))
#: Seed paragraphs that are in the source but not where the seed prints them, and why.
MOVED = {
    "digest-2024-q3": {
        "# September": "printed after the first page of the first September article; "
                       "the source puts a month's title at the head of its section",
        SWG_SESSIONS: "printed alone on a page after the last advertisement; it goes on "
                      "with the article on the Special Working Group (20 August)",
    },
    "digest-2025-q1": {
        BAYRAMOV_CAPTION: "a full-page photo printed before the March title; its caption is "
                          "in the article on that meeting (Astana, 11 March 2025)",
        "11 March 2025, Astana": "the date and place line of that photo caption",
    },
}
#: Text that only advertisements carry (travel and investment ads).
AD_MARKERS = ("#experienceAzerbaijan", "CICA ART COLLECTION INITIATIVE", "azerbaijan.travel", "kazakhstan.travel",
              "TAKE ANOTHER LOOK", "UNIQUE OPPORTUNITIES FOR INVESTING", "ADVENTURE STARTS HERE")


def source(doc_id: str) -> Path:
    return ROOT / "sources" / "digests" / f"{doc_id}.en.xml"


def normal_words(text: str) -> list[str]:
    """Lower-case words, with Markdown link targets and markup characters dropped."""
    text = re.sub(r"\]\([^)\s]*\)", " ", text)
    return re.findall(r"[^\W_]+", text.lower())


def block_text(block: t.TextBlock) -> str:
    return t.plain_text(block.content)


def seed_paragraphs(doc_id: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", seed(ISSUES[doc_id]).read_text()) if p.strip()]


def table_of_contents(doc_id: str) -> tuple[list[str], list[tuple[int, str, str]]]:
    """The seed's own TOC, read here independently: (its paragraphs, [(page, title, section)])."""
    paras = seed_paragraphs(doc_id)
    plain = [" ".join(normal_words(p)) for p in paras]
    start, end = plain.index("in this issue"), plain.index("foreword")
    toc_paras, entries, section = [paras[start]], [], ""
    for para, text in zip(paras[start + 1:end], plain[start + 1:end]):
        entry = re.match(r"(\d+) +([^\d\W].*)", para.strip("#* "))
        if text in SECTION_NAMES or text in MONTHS:
            section = text
        elif entry:
            entries.append((int(entry[1]), " ".join(normal_words(entry[2])), section))
        else:
            continue  # the contact block, set inside the TOC pages: kept in the source
        toc_paras.append(para)
    return toc_paras, entries


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, normal_words(a), normal_words(b), autojunk=False).ratio()


@pytest.fixture(scope="module", params=sorted(ISSUES))
def issue(request) -> tuple[str, t.Document]:
    return request.param, read_source(source(request.param))


def articles(doc: t.Document) -> list[t.Section]:
    return [s for s in t.walk(doc, t.Section) if s.kind == "article"]


def heading(section: t.Section) -> str:
    first = section.blocks[0]
    assert isinstance(first, t.Heading), f"section {section.kind} does not start with a heading"
    return block_text(first)


# ---------------------------------------------------------------- the table of contents


def test_toc_is_left_out_but_every_title_is_an_article(issue):
    doc_id, doc = issue
    toc_paras, entries = table_of_contents(doc_id)
    texts = {" ".join(normal_words(block_text(b))) for b in t.text_blocks(doc)}
    for para in toc_paras:  # section names are section headings in the source too
        if " ".join(normal_words(para)) not in SECTION_NAMES and para.strip("#* ").lower() not in MONTHS:
            assert " ".join(normal_words(para)) not in texts, f"TOC line {para!r} is in the source"

    headings = [heading(a) for a in articles(doc)]
    listed = [(page, title) for page, title, _ in entries if title not in SECTION_NAMES]
    for page, title in listed:
        best = max(headings, key=lambda h: similar(title, h))
        assert similar(title, best) >= 0.6, f"p. {page} {title!r}: no article heading like it"
        headings.remove(best)  # each article is listed once
    # articles that the TOC does not list are the CICA Activities it lists by section only
    for extra in headings:
        (section,) = [s for s in t.walk(doc, t.Section) if any(
            isinstance(a, t.Section) and a.kind == "article" and heading(a) == extra for a in s.blocks)]
        assert section.kind == "activities", f"{extra!r} is neither listed nor a CICA Activity"


def test_sections_follow_the_table_of_contents(issue):
    doc_id, doc = issue
    _, entries = table_of_contents(doc_id)
    expected: list[tuple[str, str | None]] = []
    for _page, title, section in sorted(entries):
        kind = SECTION_NAMES.get(title) or SECTION_NAMES.get(section) or "month"
        name = section.capitalize() if kind == "month" else None
        if not expected or expected[-1] != (kind, name):
            expected.append((kind, name))
    found = []
    for block in doc.blocks:
        if isinstance(block, t.Section) and block.kind != "foreword":
            first = block.blocks[0]
            name = block_text(first) if block.kind == "month" and isinstance(first, t.Heading) else None
            found.append((block.kind, name))
    assert found == expected
    assert next(b.kind for b in doc.blocks if isinstance(b, t.Section)) == "foreword"


#: The title of each section the contents name, as the source gives it (a month: its name).
SECTION_TITLES = {"spotlight": "In the Spotlight", "activities": "CICA Activities",
                  "flash": "Flash Briefing", "foreword": "Foreword"}


def test_every_section_has_the_title_the_contents_give_it(issue):
    """The contents of the built edition list each section by its title, so the spotlight
    article is not listed under the foreword nor the flash items under the last article."""
    _, doc = issue
    for section in (b for b in doc.blocks if isinstance(b, t.Section)):
        first = section.blocks[0]
        assert isinstance(first, t.Heading) and first.level == 1 and first.id
        if section.kind != "month":
            assert block_text(first) == SECTION_TITLES[section.kind]


def test_the_contents_list_sections_and_their_articles_in_order(issue):
    from cica_publish.layout import Layout
    from cica_publish.writers.html import contents_page

    doc_id, doc = issue
    toc = contents_page(doc, Layout("digest", ROOT / "layouts" / "digest"))
    items = [(li.get("class"), "".join(li.itertext())) for li in toc.iter("li")]
    _, entries = table_of_contents(doc_id)
    for _page, title, section in entries:
        if title in SECTION_NAMES or section not in SECTION_NAMES:
            continue
        at = next(i for i, (_, text) in enumerate(items) if similar(title, text) >= 0.6)
        owner = next(text for cls, text in reversed(items[:at]) if cls == "toc-section")
        assert owner.lower() == section, f"{title!r} listed under {owner!r}"
    sections = [text for cls, text in items if cls == "toc-section"]
    assert "Flash Briefing" in sections and sections[0] == "Foreword"


def test_a_headline_cut_short_on_its_page_is_completed_from_the_contents():
    doc = read_source(source("digest-2024-q3"))
    assert "CICA Secretary General Addresses Summit of Future and Engages in High-level Meetings on " \
           "Margins of 79th Session of UN General Assembly" in [heading(a) for a in articles(doc)]


def test_a_paragraph_printed_alone_after_the_last_advertisement_is_in_its_article():
    doc = read_source(source("digest-2024-q3"))
    (home,) = [a for a in articles(doc) if any(
        block_text(b).startswith("SWG sessions were held") for b in a.blocks)]
    assert heading(home).startswith("CICA Special Working Group Launches Series of Meetings")
    flash = next(s for s in doc.blocks if isinstance(s, t.Section) and s.kind == "flash")
    after_ads = flash.blocks[max(i for i, b in enumerate(flash.blocks) if isinstance(b, t.Aside)):]
    assert not [b for b in after_ads if isinstance(b, t.Paragraph)]


def test_metadata(issue):
    doc_id, doc = issue
    m = doc.meta
    assert (m.id, m.kind, m.lang, m.master_lang, m.series) == (doc_id, "digest", "en", "en", "CICA Digest")
    year, quarter = re.match(r"digest-(\d{4})-q(\d)", doc_id).groups()
    first, last = MONTHS[3 * int(quarter) - 3], MONTHS[3 * int(quarter) - 1]
    assert m.period == f"{first.capitalize()}–{last.capitalize()} {year}"
    assert m.issue == f"{year}-Q{quarter}"
    assert m.period in m.title and "CICA Digest" in m.title


# ---------------------------------------------------------------- blocks


DATELINE_LIKE = re.compile(r"^[A-Z][\w' -]*,? [\w ,-]*\d[\w ,-]*[–—-]")


def test_datelines_are_split_from_the_first_paragraph(issue):
    _, doc = issue
    with_dateline = 0
    for article in articles(doc):
        body = article.blocks[1:]
        if body and isinstance(body[0], t.Dateline):
            with_dateline += 1
            dateline, rest = block_text(body[0]), block_text(body[1])
            assert re.search(r"\d", dateline) and dateline[-1] in "–—-", dateline
            assert isinstance(body[1], t.Paragraph) and rest[:1].isupper(), rest[:40]
        elif body:
            first = block_text(body[0])
            assert not re.match(r"^[A-Z][\w .'-]*, (\d|[A-Z][a-z]+ \d).{0,30}[–—]", first), first[:60]
        assert not any(isinstance(b, t.Dateline) for b in body[1:])
    assert with_dateline


def test_dateline_example_from_the_issue():
    paras = split_paragraphs("Baku, 15-17 January 2025 – The Secretary General visited Baku.")
    (dateline, rest) = digest.split_dateline(paras[0], "x.txt")
    assert isinstance(dateline, t.Dateline) and block_text(dateline) == "Baku, 15-17 January 2025 –"
    assert block_text(rest) == "The Secretary General visited Baku."


def test_advertisements_are_asides_never_in_articles(issue):
    doc_id, doc = issue
    for article in articles(doc):
        assert not list(t.walk(article, t.Aside)), f"an aside inside {heading(article)!r}"
    ads = [a for a in t.walk(doc, t.Aside) if a.kind == "advertisement"]
    assert ads
    seed_text = seed(ISSUES[doc_id]).read_text()
    for marker in AD_MARKERS:
        if marker not in seed_text:
            continue
        holders = [b for b in t.text_blocks(doc) if marker in block_text(b)]
        assert holders, f"{marker!r} is lost"
        ad_blocks = {id(b) for a in ads for b in t.walk(a, t.TextBlock)}
        assert all(id(b) in ad_blocks for b in holders), f"{marker!r} outside an advertisement"


def test_every_caption_is_in_an_article(issue):
    _, doc = issue
    inside = {id(c) for a in articles(doc) for c in t.walk(a, t.Caption)}
    stray = [block_text(c)[:60] for c in t.walk(doc, t.Caption) if id(c) not in inside]
    assert not stray


def meeting_article(doc: t.Document) -> t.Section:
    """The article whose dateline is the Bayramov photo's date and place."""
    (found,) = [a for a in articles(doc) if any(
        isinstance(b, t.Dateline) and re.search(r"Astana, 11 March 2025", block_text(b)) for b in a.blocks)]
    return found


def bayramov_captions(doc: t.Document) -> list[t.Caption]:
    return [c for c in t.walk(doc, t.Caption) if "JEYHUN BAYRAMOV" in block_text(c)]


def test_the_bayramov_photo_caption_is_one_caption_in_the_article_on_that_meeting():
    doc = read_source(source("digest-2025-q1"))
    article = meeting_article(doc)
    assert "Bayramov" in " ".join(block_text(b) for b in t.walk(article, t.Paragraph))
    (caption,) = bayramov_captions(doc)
    assert any(c is caption for c in t.walk(article, t.Caption))
    assert block_text(caption).split("\n") == [" ".join(BAYRAMOV_CAPTION.split("\n")),
                                               "11 March 2025, Astana"]
    body = list(article.blocks)  # heading, dateline, the opening paragraph, then the photo
    assert [type(b) for b in body[:4]] == [t.Heading, t.Dateline, t.Paragraph, t.Caption]
    assert not any(isinstance(b, t.Caption) and "11 March" in block_text(b) and b is not caption
                   for b in t.walk(doc, t.Caption))


def test_a_caption_printed_in_another_article_goes_to_the_one_it_illustrates(tmp_path):
    """Generic, not this caption's place: printed inside the SOC article, it still moves."""
    text = seed("001").read_text(encoding="utf-8")
    block = BAYRAMOV_CAPTION + "\n\n11 March 2025, Astana\n"
    assert block in text
    text = text.replace(block, "", 1)
    heading = "\nRussia hosts online workshop to advance ICT security awareness among CICA Member States\n"
    assert heading in text
    text = text.replace(heading, "\n" + block + "\n" + heading, 1)
    moved = tmp_path / "digest.txt"
    moved.write_text(text, encoding="utf-8")
    doc, remarks = read_text(moved, t.Meta("digest-2025-q1", "digest", "en"))
    assert remarks == []
    (caption,) = bayramov_captions(doc)
    assert any(c is caption for c in t.walk(meeting_article(doc), t.Caption))


def test_front_matter_contact_and_foreword_signature(issue):
    _, doc = issue
    furniture, contact, foreword = doc.blocks[:3]
    assert isinstance(furniture, t.Aside) and furniture.kind == "furniture"
    assert [block_text(b) for b in furniture.blocks[:2]] in (
        ["VOICE OF ASIA", "CICA Digest"], ["VOICE OF ASIA:", "CICA Digest"])
    assert isinstance(contact, t.Contact)
    roles = [line.role for line in contact.blocks]
    assert {"name", "address", "phone", "email", "web", "social"} <= set(roles)
    assert isinstance(foreword, t.Section) and foreword.kind == "foreword"
    signature = foreword.blocks[-1]
    assert isinstance(signature, t.Signature)
    lines = {line.role: block_text(line) for line in signature.blocks}
    assert len(lines["name"].split()) == 2 and lines["title"].startswith("Minister of")


def test_the_text_reader_matches_every_listed_article_without_remarks():
    for doc_id, number in ISSUES.items():
        doc, remarks = read_text(seed(number), t.Meta(doc_id, "digest", "en"))
        assert remarks == [] and articles(doc)


def test_a_listed_article_without_its_heading_is_reported(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    lines = text.split("\n")
    (toc_line,) = [n for n, line in enumerate(lines, 1) if re.fullmatch(r"\d+ SCO countries.*", line)]
    title = lines[toc_line - 1].split(" ", 1)[1]
    damaged = tmp_path / "digest.txt"
    damaged.write_text(text.replace("## SCO Countries Support CICA Transformation\n", "\n"), encoding="utf-8")
    _doc, remarks = read_text(damaged, t.Meta("digest-2024-q3", "digest", "en"))
    assert [(r.line, r.severity) for r in remarks] == [(toc_line, "warning")]
    assert title in remarks[0].message and str(damaged) == remarks[0].path


# ---------------------------------------------------------------- faithfulness


def test_every_paragraph_of_the_seed_is_in_the_source_in_order(issue):
    doc_id, doc = issue
    toc_paras, _ = table_of_contents(doc_id)
    moved = MOVED.get(doc_id, {})
    stream: list[str] = []
    for block in t.text_blocks(doc):
        stream += normal_words(block_text(block))
    joined = " " + " ".join(stream) + " "

    def find(ws: list[str], start: int) -> int:
        """Character offset in *joined* of the word sequence *ws* at or after *start*."""
        return joined.find(" " + " ".join(ws) + " ", start)

    pos, missing, out_of_order = 0, [], []
    paras = seed_paragraphs(doc_id)
    toc_texts = set(toc_paras)  # the layout regenerates the table of contents
    for para in paras:
        if para in toc_texts:
            continue
        ws = normal_words(para)
        if para in moved:
            assert find(ws, 0) >= 0, f"moved paragraph {para!r} is missing"
            continue
        at = find(ws, pos)
        if at < 0:
            (out_of_order if find(ws, 0) >= 0 else missing).append(para[:80])
        else:
            pos = at + 1
    assert toc_texts and not missing and not out_of_order, (missing, out_of_order)


# ---------------------------------------------------------------- the files


def test_sources_pass_check_and_round_trip(issue):
    doc_id, doc = issue
    path = source(doc_id)
    assert to_xml(doc) == path.read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cica_publish.cli", "check", str(path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
