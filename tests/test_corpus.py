"""The corpus of seeds 000, 003 and 004: faithful to the seeds, reproducible, and valid.

Faithful: the words of each seed (slice) and of its source, compared as sequences,
differ only by page furniture (page numbers, running heads) and by photo captions that
the importer moved out of the sentence they interrupted.
"""

from __future__ import annotations

import re
import sys
import tomllib
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.cli import main
from cica_publish.front import reference_line
from cica_publish.members import is_list_of_states
from cica_publish.readers.reflow import reflow
from cica_publish.readers.scripts import repair_word
from cica_publish.readers.xml import read_source
from cica_publish.sources import source_path
from cica_publish.project import find_project

import conftest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from import_corpus import run as import_corpus

#: The documents of seeds 000, 003 and 004 (the digests, seeds 001 and 002, have their own tests).
OURS = {"min-1076", "report-io-2025", "what-is-cica", "review-2021"}
ENTRIES = [
    e for e in tomllib.loads((ROOT / "sources" / "corpus.toml").read_text(encoding="utf-8"))["document"]
    if e["id"] in OURS
]

#: What the importer leaves out of seed 004: page numbers and running heads (the parts the
#: heads name are the review's parts, titled once each, from the corpus recipe).
FURNITURE_004 = (
    "19", "Meetings of Governing Bodies", "23", "Practical Implementation of Confidence Building "
    "Measures", "29", "Practical Implementation of Confidence Building Measures", "43",
    "Activities of CICA Secretariat",
)


def words(text: str) -> list[str]:
    """Comparable words: markup, hyphens and line-end hyphenation ignored, scripts repaired."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # [text](url) → text
    out = []
    for word in conftest.words(text):
        repaired = repair_word(word)
        out.append(repaired[0] if repaired else word)
    return out


def seed_text(entry: dict) -> str:
    lines = (ROOT / entry["seed"]).read_text(encoding="utf-8").split("\n")
    if "lines" in entry:
        first, last = map(int, entry["lines"].split("-"))
        lines = lines[first - 1 : last]
    return "\n".join(lines)


def source_words(doc: t.Document, skip: tuple[type, ...] = (), leave: frozenset[int] = frozenset()) \
        -> list[str]:
    """The words of a source in reading order (the reference line as the note prints it),
    without blocks of the types *skip* (and what they hold) and the blocks in *leave* (ids)."""
    skipped = {id(b) for s in t.walk(doc, t.Block) if isinstance(s, skip) for b in t.walk(s, t.Block)}
    out: list[str] = []
    for block in t.walk(doc, t.Block):
        if id(block) in skipped | leave:
            continue
        if isinstance(block, t.Reference):
            out += words(reference_line(doc.meta))
        elif isinstance(block, t.TextBlock):
            out += words(t.plain_text(block.content))
    return out


def entry_id(entry: dict) -> str:
    return f"{entry['id']}.{entry['lang']}"


def _remove_run(seq: list[str], run: list[str]) -> bool:
    """Remove the first contiguous occurrence of *run* from *seq*; whether there was one."""
    for i in range(len(seq) - len(run) + 1):
        if seq[i : i + len(run)] == run:
            del seq[i : i + len(run)]
            return True
    return False


#: Documents whose text is read in the order the seed gives it (a brochure's panels are not:
#: their pieces come in the order the extraction met them, see the brochure test below).
RUNNING_TEXT = [e for e in ENTRIES if e["kind"] != "brochure"]


@pytest.mark.parametrize("entry", RUNNING_TEXT, ids=entry_id)
def test_every_seed_word_is_in_the_source_once_and_in_order(entry: dict) -> None:
    project = find_project(ROOT)
    doc = read_source(source_path(project, entry["kind"], entry["id"], entry["lang"]))
    seed = words(seed_text(entry))
    # Captions leave the sentence they interrupted: each is in the seed as it stands.
    captions = [words(t.plain_text(c.content)) for c in t.walk(doc, t.Caption)]
    # A review's captions (of photos its text does not carry) are left out: reflow finds them.
    if entry["kind"] == "review":
        captions += [words(p.text) for p in reflow(seed_text(entry), "seed")[0] if p.role == "caption"]
    # A signature is set at the end of what it signs, its name taken from the title.
    captions += [words(t.plain_text(s.content)) for s in t.walk(doc, t.Line)
                 if any(s in sig.blocks for sig in t.walk(doc, t.Signature))]
    not_found = [" ".join(c) for c in captions if not _remove_run(seed, c)]
    assert not not_found, f"captions not in the seed: {not_found}"
    parts = frozenset(id(p.blocks[0]) for p in t.walk(doc, t.Section)
                      if p.kind == "part" and entry["kind"] == "review")
    source = source_words(doc, skip=(t.Caption, t.Signature), leave=parts)
    furniture = FURNITURE_004 if entry["id"] == "review-2021" else ()
    missing, extra = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, seed, source, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            missing.append(" ".join(seed[i1:i2]))
        if op in ("insert", "replace"):
            extra.append(" ".join(source[j1:j2]))
    assert not extra, f"words in the source that are not in the seed (or moved): {extra}"
    assert sorted(missing) == sorted(" ".join(words(f)) for f in _runs(furniture)), (
        f"seed words missing from the source: {missing}")


def test_every_line_of_the_brochure_seed_is_in_the_source_once() -> None:
    """The brochure's figures, tables and timeline regroup the seed's pieces: each line of a
    block is a run of the seed's words, each used once, and nothing else is left over but
    the numbers of its ordered lists (the layout numbers the items again)."""
    entry = next(e for e in ENTRIES if e["kind"] == "brochure")
    doc = read_source(source_path(find_project(ROOT), entry["kind"], entry["id"], entry["lang"]))
    seed = words(seed_text(entry))
    pieces = [words(line) for block in t.text_blocks(doc)
              for line in t.plain_text(block.content).split("\n")]
    not_found = [" ".join(p) for p in sorted(pieces, key=len, reverse=True)
                 if not _remove_run(seed, p)]
    assert not not_found, f"lines of the source that are not in the seed (or twice): {not_found}"
    numbers = [str(n) for lst in t.walk(doc, t.BulletList) if lst.ordered
               for n in range(1, len(lst.blocks) + 1)]
    assert numbers and sorted(seed) == sorted(numbers), f"seed words left out: {seed}"


def _runs(furniture: tuple[str, ...]) -> list[str]:
    """Furniture comes in pairs (page number, running head) that sit together in the seed."""
    return [f"{a} {b}" for a, b in zip(furniture[::2], furniture[1::2])]

def test_page_furniture_and_seed_toc_are_not_content() -> None:
    review = read_source(ROOT / "sources" / "reviews" / "review-2021.en.xml")
    texts = [t.plain_text(b.content) for b in t.text_blocks(review)]
    assert not [x for x in texts if x.strip().isdigit()]
    # the running heads are not text; the part titles they name are the parts' headings
    assert texts.count("Meetings of Governing Bodies") == 1
    assert texts.count("Activities of CICA Secretariat") == 1


REVIEW_PARTS = ["Meetings of Governing Bodies",
                "Practical Implementation of Confidence Building Measures",
                "Activities of CICA Secretariat"]


def test_the_review_parts_are_headed_sections_of_its_articles() -> None:
    """Each part title is a level-1 heading over the articles of the part, so a layout
    can list them in a contents page; the address before the first part stands alone."""
    review = read_source(ROOT / "sources" / "reviews" / "review-2021.en.xml")
    parts = [b for b in review.blocks if isinstance(b, t.Section) and b.kind == "part"]
    assert [t.plain_text(p.blocks[0].content) for p in parts] == REVIEW_PARTS
    assert all(isinstance(p.blocks[0], t.Heading) and p.blocks[0].level == 1 and p.blocks[0].id
               for p in parts)
    assert all(isinstance(b, t.Section) and b.kind == "article" for p in parts for b in p.blocks[1:])
    assert [len(p.blocks) - 1 for p in parts] == [6, 18, 10]
    (address,) = [b for b in review.blocks if isinstance(b, t.Section) and b.kind == "article"]
    assert t.plain_text(address.blocks[0].content).startswith("Address by")
    # the running heads the seed prints fall inside the part they name
    for part, article in [(0, "Inauguration ceremony of the new CICA headquarters"),
                          (2, "The President of Kazakhstan Kassym-Jomart Tokayev receives")]:
        assert any(t.plain_text(a.blocks[0].content).startswith(article) for a in parts[part].blocks[1:])


def test_no_caption_of_an_absent_photo_is_in_the_review() -> None:
    review = read_source(ROOT / "sources" / "reviews" / "review-2021.en.xml")
    assert not list(t.walk(review, t.Caption))


def test_blocks_have_the_right_kinds() -> None:
    note = read_source(ROOT / "sources" / "notes" / "min-1076.en.xml")
    kinds = [type(b).__name__ for b in note.blocks]
    assert kinds == ["Letterhead", "Reference", "Paragraph", "Paragraph", "EnclosureLine",
                     "ClosingFormula", "PlaceDate", "Addressee"]
    assert (note.meta.reference, note.meta.date.isoformat(), note.meta.place,
            note.meta.addressees, note.meta.enclosures, note.meta.master_lang) == (
        "MIN/1076", "2025-09-16", "Astana", ("member-states",), ("report-io-2025",), "en")
    ru = read_source(ROOT / "sources" / "notes" / "min-1076.ru.xml")
    assert [type(b).__name__ for b in ru.blocks] == [
        "Letterhead", "Reference", "Paragraph", "Paragraph", "ClosingFormula", "EnclosureLine",
        "PlaceDate", "Addressee"]  # the Russian note as received: its own order
    assert (ru.meta.lang, ru.meta.master_lang) == ("ru", "en")
    assert t.plain_text(ru.blocks[5].content) == "Приложение: упомянутое на 11 л."

    report = read_source(ROOT / "sources" / "reports" / "report-io-2025.en.xml")
    parts = [b for b in report.blocks if isinstance(b, t.Section)]
    titles = [t.plain_text(p.blocks[0].content) for p in parts]
    assert titles == ["INTRODUCTION", "OBSERVER ORGANIZATIONS", "PARTNER ORGANIZATIONS",
                      "POTENTIAL PARTNER ORGANIZATIONS",
                      "OTHER INTERNATIONAL ORGANIZATIONS AND PLATFORMS", "CONCLUSION"]
    observers = [t.plain_text(s.blocks[0].content) for s in parts[1].blocks if isinstance(s, t.Section)]
    assert observers == ["UN: United Nations",
                         "OSCE: Organization for Security and Co-operation in Europe",
                         "IOM: International Organization for Migration",
                         "TURKPA: Parliamentary Assembly of Turkic States"]

    review = read_source(ROOT / "sources" / "reviews" / "review-2021.en.xml")
    articles = [s for s in t.walk(review, t.Section) if s.kind == "article"]
    titles = [t.plain_text(a.blocks[0].content) for a in articles]
    expected = [  # article titles read off the seed, some cut by a page or a blank line
        "Address by Deputy Prime Minister - Minister of Foreign Affairs of the Republic of "
        "Kazakhstan",
        "The Sixth Meeting of CICA Ministers of Foreign Affairs",
        "Inauguration ceremony of the new CICA headquarters",
        "Conference “Food Security in Asia: Prospects of Cooperation”",
        "The President of Kazakhstan Kassym-Jomart Tokayev receives Executive Director of the "
        "CICA Secretariat Kairat Sarybay",
        "“Forum of Interaction and Trust” Exhibition",
    ]
    assert [x for x in titles if x in expected] == expected
    assert not [x for x in titles if x.endswith((".", ",", "?"))]
    assert not list(t.walk(review, t.Caption))  # the captions of photos it does not carry


def test_the_address_is_signed_and_the_interview_questions_are_set_apart() -> None:
    review = read_source(ROOT / "sources" / "reviews" / "review-2021.en.xml")
    articles = [s for s in t.walk(review, t.Section) if s.kind == "article"]
    address = articles[0]
    assert isinstance(address.blocks[-1], t.Signature)  # at the end of the address it signs
    assert [type(b) for b in address.blocks[1:-1]] == [t.Paragraph] * (len(address.blocks) - 2)
    assert [(line.role, t.plain_text(line.content)) for line in address.blocks[-1].blocks] == [
        ("name", "Mukhtar Tileuberdi")]
    assert len(list(t.walk(review, t.Signature))) == 1  # no other part of the seed is signed

    interview = next(a for a in articles
                     if t.plain_text(a.blocks[0].content).startswith("Interview with"))
    paragraphs = [b for b in interview.blocks if isinstance(b, t.Paragraph)]
    questions = [t.plain_text(p.content) for p in paragraphs
                 if len(p.content) == 1 and isinstance(p.content[0], t.Strong)]
    assert len(questions) == 4 and all(q.endswith("?") for q in questions)
    assert questions[2] == "What are the main priorities of Kazakhstan’s Chairmanship in CICA?"
    answers = [p for p in paragraphs if t.plain_text(p.content) not in questions]
    assert answers and not [p for p in answers if any(isinstance(n, t.Strong) for n in p.content)]
    others = [p for a in articles if a is not interview for p in t.walk(a, t.Paragraph)]
    assert not [p for p in others if len(p.content) == 1 and isinstance(p.content[0], t.Strong)]


def _texts(blocks) -> list[str]:
    return [t.plain_text(b.content) for b in blocks]


def _after(blocks: tuple[t.Block, ...], heading: str) -> t.Block:
    """The block that follows the heading that says *heading*."""
    index = next(i for i, b in enumerate(blocks)
                 if isinstance(b, t.Heading) and t.plain_text(b.content) == heading)
    return blocks[index + 1]


def test_the_brochure_has_its_figures_lists_tables_and_timeline() -> None:
    doc = read_source(ROOT / "sources" / "brochures" / "what-is-cica.en.xml")
    blocks = doc.blocks
    assert isinstance(blocks[0], t.Heading) and blocks[0].level == 1
    stray = [b for b in t.text_blocks(doc) if not isinstance(b, t.Cell)]  # years are in cells
    assert not [x for x in _texts(stray) if x.strip().isdigit()]  # no stray numbers

    # Figures: "5 OBSERVER ORGANIZATIONS" over a list of as many names.
    figures = {t.plain_text(b.content): i for i, b in enumerate(blocks)
               if isinstance(b, t.Heading) and re.match(r"\d+ [A-Z]", t.plain_text(b.content))}
    assert list(figures) == ["28 MEMBER STATES", "10 OBSERVER STATES", "5 OBSERVER ORGANIZATIONS",
                             "6 PARTNER ORGANIZATIONS"]
    for figure in ("5 OBSERVER ORGANIZATIONS", "6 PARTNER ORGANIZATIONS"):
        names = _after(blocks, figure)
        assert isinstance(names, t.BulletList) and len(names.blocks) == int(figure.split()[0])
    assert "SCO RATS" in _texts(_after(blocks, "6 PARTNER ORGANIZATIONS").blocks)

    principles, goals = _after(blocks, "OUR PRINCIPLES"), _after(blocks, "OUR GOALS")
    assert isinstance(principles, t.BulletList) and isinstance(goals, t.BulletList)
    assert len(principles.blocks) == len(goals.blocks) == 8
    assert _texts(principles.blocks)[0] == "SOVEREIGN EQUALITY"
    assert _texts(goals.blocks)[-1] == "COMBATING ILLICIT DRUG PRODUCTION AND TRAFFICKING"

    bodies = {name: _after(blocks, name) for name in
              ("GOVERNING BODIES", "WORKING BODIES", "ADVISORY BODIES")}
    assert [len(table.blocks) for table in bodies.values()] == [3, 4, 7]
    assert _texts(bodies["GOVERNING BODIES"].blocks[2].blocks) == [
        "SENIOR OFFICIALS COMMITTEE (SOC)", "Not less than twice a year"]

    tables = [b for b in blocks if isinstance(b, t.Table)]
    measures = next(tb for tb in tables if tb.blocks[0].blocks[0].header)
    header, *rows = [_texts(row.blocks) for row in measures.blocks]
    assert header == ["DIMENSIONS AND SPECIFIC CONFIDENCE BUILDING MEASURES", "COORDINATORS",
                      "CO-COORDINATORS"]
    groups = [r[0] for r, row in zip(rows, measures.blocks[1:]) if row.blocks[0].header]
    assert groups == ["ECONOMIC DIMENSION", "NEW CHALLENGES AND THREATS", "ENVIRONMENTAL DIMENSION",
                      "HUMAN DIMENSION", "MILITARY–POLITICAL DIMENSION"]
    coordinated = {r[0]: r[1:] for r in rows if len(r) > 1}
    assert len(coordinated) == 18
    assert coordinated["DEVELOPMENT OF SME"] == ["RUSSIA", "KAZAKHSTAN, THAILAND, TÜRKIYE"]
    assert coordinated["AGRICULTURE"] == ["CHINA"]
    assert coordinated["HUMAN DIMENSION"] == ["UZBEKISTAN", "CHINA, INDIA, KAZAKHSTAN, KYRGYZSTAN"]
    assert all(is_list_of_states(name) for r in coordinated.values() for name in r)

    timeline = next(tb for tb in tables if _texts(tb.blocks[0].blocks)[0] == "1992")
    years = {_texts(row.blocks)[0]: _texts(row.blocks)[1].split("\n") for row in timeline.blocks}
    assert list(years) == sorted(years) and len(years) == 18 and list(years)[-1] == "2025"
    assert years["1999"] == ["First Ministerial Meeting", "Declaration on the Principles Guiding "
                             "Relations between the CICA Member States"]
    assert years["2002"] == ["FIRST CICA SUMMIT", "Almaty Act founding document of CICA"]
    assert years["2024"][0] == "Seventh Ministerial Council Meeting"

    transformation = _after(blocks, "CICA TRANSFORMATION")
    assert [_texts(row.blocks)[0] for row in transformation.blocks] == [
        "LAUNCH OF TRANSFORMATION:", "GOALS OF TRANSFORMATION:", "BASELINE FOR TRANSFORMATION:"]
    road_map = _after(blocks, "ROAD MAP FOR CICA TRANSFORMATION")
    assert isinstance(road_map, t.BulletList) and road_map.ordered and len(road_map.blocks) == 8
    assert _texts(road_map.blocks)[0] == "ELABORATING A CHARTER"
    priorities = [b for b in blocks
                  if isinstance(b, t.BulletList) and b.ordered and b is not road_map]
    assert [len(p.blocks) for p in priorities] == [3]
    contact = blocks[-1]
    assert isinstance(contact, t.Contact) and len(contact.blocks) == 9


def test_check_passes_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(ROOT), "check"]) == 0
    assert " 0 error(s)" in capsys.readouterr().out


def _shape(doc: t.Document) -> list[tuple[str, str]]:
    """What a document says and how it is built, ids left aside."""
    return [(type(b).__name__, t.plain_text(b.content) if isinstance(b, t.TextBlock) else "")
            for b in t.walk(doc, t.Block)]


def test_the_corpus_is_rebuilt_byte_for_byte_from_the_seeds(project_copy: Path) -> None:
    """Re-running the recipe over the committed sources changes no byte (ids are kept);
    run with no sources at all, it makes the same documents (with fresh ids)."""
    project = find_project(project_copy)
    targets = {source_path(project, e["kind"], e["id"], e["lang"]) for e in ENTRIES}
    assert import_corpus(project_copy, OURS) == 0
    for path in targets:
        committed = ROOT / path.relative_to(project_copy)
        assert path.read_bytes() == committed.read_bytes(), f"{committed} is not what the recipe makes"
    for path in targets:
        path.unlink()
    assert import_corpus(project_copy, OURS) == 0
    for path in targets:
        committed = ROOT / path.relative_to(project_copy)
        assert _shape(read_source(path)) == _shape(read_source(committed)), committed


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_ids_are_short_readable_and_unique(entry: dict) -> None:
    project = find_project(ROOT)
    doc = read_source(source_path(project, entry["kind"], entry["id"], entry["lang"]))
    ids = [b.id for b in t.walk(doc, t.Block) if isinstance(b, (t.TextBlock, t.Section))]
    assert all(re.fullmatch(r"[a-z]{1,3}-[0-9a-f]{7}(-\d+)?", i or "") for i in ids), ids
    assert len(set(ids)) == len(ids)
    by_text: dict[str, set[str]] = {}
    for block in t.text_blocks(doc):
        by_text.setdefault(t.plain_text(block.content), set()).add(block.id)
    repeated = {text: found for text, found in by_text.items()
                if sum(1 for b in t.text_blocks(doc) if t.plain_text(b.content) == text) > 1}
    assert all(len(found) > 1 for found in repeated.values())  # "Ad hoc" twice: two ids


# ---------------------------------------------------------------- sentences cut by a page

#: Words after which a sentence cannot stop ("… at the" ¶ "Summit …").
OPEN_WORDS = frozenset("a an the of and or to in on for with by at from as its their his her "
                       "during that which".split())
#: A salutation ("Distinguished colleagues and friends,") is shorter than this.
SALUTATION_WORDS = 6
_CLOSED = re.compile(r"[.!?:;…][\"”»’)\]]*$")


def _split_sentences(doc: t.Document) -> list[str]:
    """Paragraphs of running text that stop without closing punctuation while the next
    paragraph goes on with their sentence: it starts in lower case or with a bracket, the
    first stops on a comma or on a word no sentence ends on, or the two words around the
    cut are a phrase the document uses elsewhere ("Secretary" ¶ "General", "Ministerial"
    ¶ "Council"). Advertisements and cover lines (asides) are not running text."""
    asides = {id(b) for a in t.walk(doc, t.Aside) for b in t.walk(a, t.Block)}
    paras = [b for b in t.walk(doc, t.Block) if isinstance(b, (t.Paragraph, t.ListItem, t.Heading))
             and id(b) not in asides]
    text = " ".join(t.plain_text(b.content) for b in t.text_blocks(doc))
    found = []
    for a, b in zip(paras, paras[1:]):
        if type(a) is not t.Paragraph or type(b) is not t.Paragraph:
            continue
        first, second = t.plain_text(a.content).rstrip(), t.plain_text(b.content).lstrip()
        if not first or not second or _CLOSED.search(first):
            continue
        if len(first.split()) < SALUTATION_WORDS:
            continue  # "Dear readers," ¶ "As Azerbaijan assumed…"
        last_word, next_word = first.split()[-1], second.split()[0]
        phrase = f"{last_word} {next_word.rstrip(',.:;')}"
        if (second[0].islower() or second[0] in "([" or last_word.endswith(",")
                or last_word.lower() in OPEN_WORDS or text.count(phrase) > 1):
            found.append(f"{a.id}: …{first[-40:]!r} ¶ {second[:40]!r}…")
    return found


SOURCES = sorted((ROOT / "sources").glob("*/*.xml"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_sentence_is_split_across_paragraphs(path: Path) -> None:
    """A page or column break of the seed never cuts a paragraph of any source in two."""
    assert not _split_sentences(read_source(path))


def test_the_split_sentences_of_the_issue_are_whole() -> None:
    texts = {p.name: " ".join(t.plain_text(b.content) for b in t.text_blocks(read_source(p)))
             for p in SOURCES if p.parent.name == "digests"}
    for doc, phrase in [
        ("digest-2025-q1.en.xml", "The CICA Secretary General updated the guest"),
        ("digest-2025-q1.en.xml", "including Azerbaijan, India, Kazakhstan, Kyrgyzstan, Mongolia"),
        ("digest-2024-q3.en.xml", "at the Sixth CICA Summit, this event reaffirmed"),
    ]:
        assert phrase in texts[doc]


def _empty_headings(doc: t.Document) -> list[str]:
    """Headings with nothing under them: the next block is a heading of the same or a higher
    level, or there is none. A figure ("28 MEMBER STATES") is its own content; the
    lines of a cover or an advertisement (asides) are set lines, not titles."""
    found = []
    for container in [doc, *(c for c in t.walk(doc, t.Container) if not isinstance(c, t.Aside))]:
        blocks = container.blocks
        for k, block in enumerate(blocks):
            if not isinstance(block, t.Heading) or t.plain_text(block.content)[:1].isdigit():
                continue
            following = blocks[k + 1] if k + 1 < len(blocks) else None
            if (following is None and isinstance(container, t.Section)) or (
                    isinstance(following, t.Heading) and following.level <= block.level):
                found.append(t.plain_text(block.content))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_heading_is_empty(path: Path) -> None:
    assert not _empty_headings(read_source(path))


def test_the_brochure_sets_the_declaration_date_on_its_own_line() -> None:
    doc = read_source(ROOT / "sources" / "brochures" / "what-is-cica.en.xml")
    (block,) = [b for b in t.walk(doc, t.Paragraph)
                if "Declaration on the Principles" in t.plain_text(b.content)]
    assert t.plain_text(block.content).endswith("between the CICA Member States\n14 September 1999")
    who = [b for b in t.walk(doc, t.Heading)
           if t.plain_text(b.content) in ("WHO WE ARE", "OUR PRINCIPLES", "OUR GOALS")]
    assert [h.level for h in who] == [2, 3, 3]
