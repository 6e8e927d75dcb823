"""`cica-publish import` of plain text on the seeds: reflow of PDF text, repairs, stable ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cica_publish import tree as t
from cica_publish.cli import main
from cica_publish.readers.xml import read_source, read_source_bytes

from conftest import seed

SEED_000, SEED_003, SEED_004 = seed("000"), seed("003"), seed("004")


def texts(doc: t.Document, cls: type = t.TextBlock) -> list[str]:
    return [t.plain_text(b.content) for b in t.walk(doc, cls)]


def ids_by_text(doc: t.Document) -> dict[str, str]:
    return {t.plain_text(b.content): b.id for b in t.text_blocks(doc)}


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[t.Document, str]:
    """Seed 004 imported once through the CLI: the document and what the command printed."""
    import contextlib
    import io
    import shutil

    from conftest import ROOT

    project = tmp_path_factory.mktemp("review")
    shutil.copy(ROOT / "pyproject.toml", project)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["-C", str(project), "import", str(SEED_004), "--lang", "en",
                       "--kind", "review", "--id", "review-2021"])
    assert status == 0
    return read_source(project / "sources" / "reviews" / "review-2021.en.xml"), out.getvalue()


def test_pdf_text_is_recognised_and_reflowed_into_paragraphs(review) -> None:
    doc, _ = review
    paragraphs = texts(doc, t.Paragraph)
    # Seed lines 85-93: a blank line in mid-sentence ("Foreign" / "Affairs") and hard breaks.
    assert ("The Sixth Meeting of the Ministers of Foreign Affairs of the Conference on "
            "Interaction and Confidence-building Measures in Asia (CICA) was hosted by "
            "Kazakhstan’s Chairmanship under the theme: “Security and Sustainable Development "
            "in Asia in New Realities of the Post-Pandemic World” on 12 October 2021 in "
            "Nur-Sultan.") in paragraphs
    # Seed lines 160-165: a paragraph ends and the next begins across a page break.
    assert ("The parties agreed to continue active joint work within the framework of the "
            "Meeting and welcomed Kazakhstan’s intention to hold the 6th CICA Summit in 2022."
            ) in paragraphs
    assert "Following the event, the Ministers adopted the following important documents:" in paragraphs
    assert not [p for p in paragraphs if "\n" in p or "  " in p]


def test_captions_interleaved_in_a_sentence_are_taken_out_of_it(review) -> None:
    """Captions are recognised and taken out of the sentence they cut; the review's text
    carries none of its photos, so it leaves their captions out and says so, line by line."""
    doc, printed = review
    assert not texts(doc, t.Caption)
    captions = re.findall(r"^\S+:\d+: dropped caption of a photo the text does not carry '(.*)'$",
                          printed, re.M)
    assert len(captions) == 27
    assert "Minister of Foreign Affairs of the Russian Federation Sergey Lavrov" in captions
    # Seed 1972-1976: "… cultural and" / caption / " humanitarian areas."
    assert [p for p in texts(doc, t.Paragraph) if "transport and communication, cultural and "
            "humanitarian areas." in p]
    assert not [p for p in texts(doc, t.Paragraph) if "Sergey Lavrov including" in p]
    # A caption cut in two by the extraction ("… Director" / "Kairat Sarybay (left to right)").
    assert ("Ambassador of the Republic of Korea to the Republic of Kazakhstan Koo Hong-seok and "
            "CICA Executive Director Kairat Sarybay (left to right)") in captions
    items = texts(doc, t.ListItem)
    assert items[1].endswith("epidemiological safety, public health and pharmaceuticals, "
                             "information and communication technologies, and the fight against "
                             "terrorism;")


def test_hyphens_at_line_ends_are_kept_in_compounds(review) -> None:
    doc, _ = review
    body = " ".join(texts(doc))
    # "Kassym-" / "Jomart", "co-" / "coordinating", "follow-" / "up": real hyphens.
    assert "President of Kazakhstan Kassym-Jomart Tokayev, to determine" in body
    assert "the coordinating and co-coordinating countries" in body
    assert "undoubtedly a follow-up of the process" in body
    assert "social well-being" in body


def test_a_word_broken_at_a_line_end_is_rejoined_when_the_text_knows_it(
    tmp_path: Path, project_copy: Path
) -> None:
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    assert lines[19] == "CICA serves as an effective international "
    lines[19], lines[20] = "CICA serves as an effective inter-", "national " + lines[20]
    edited = tmp_path / "review.txt"
    edited.write_text("\n".join(lines), encoding="utf-8")
    assert main(["-C", str(project_copy), "import", str(edited), "--lang", "en",
                 "--kind", "review", "--id", "review-2021"]) == 0
    doc = read_source(project_copy / "sources" / "reviews" / "review-2021.en.xml")
    assert [p for p in texts(doc) if "CICA serves as an effective international structure for" in p]


def test_page_numbers_and_running_heads_are_dropped_and_reported(review) -> None:
    doc, printed = review
    body = texts(doc)
    assert "Meetings of Governing Bodies" not in body
    assert "Practical Implementation of Confidence Building Measures" not in body
    assert not [x for x in body if x.strip().isdigit()]
    assert f"{SEED_004}:782: dropped page number '19'" in printed
    assert f"{SEED_004}:784: dropped running head 'Meetings of Governing Bodies'" in printed
    # The page break cut a sentence: "… moving together towards" / 19 / head / "common goals".
    assert [p for p in body if "moving together towards common goals, and carrying out" in p]


def test_mixed_script_words_are_repaired_and_reported_with_their_line(review) -> None:
    doc, printed = review
    assert f"{SEED_004}:89:28: mixed-script word 'Сhairmanship' repaired to 'Chairmanship'" in printed
    assert f"{SEED_004}:472:15:" in printed
    assert not [x for x in texts(doc) if any("\u0400" <= c <= "\u04ff" for c in x)]


def test_article_titles_start_sections(review) -> None:
    doc, _ = review
    article = next(s for s in t.walk(doc, t.Section)
                   if t.plain_text(s.blocks[0].content) == "Inauguration ceremony of the new CICA headquarters")
    first = t.plain_text(article.blocks[1].content)
    assert first.startswith("The inauguration ceremony of the new office of the Secretariat")
    assert isinstance(article.blocks[0], t.Heading) and article.id and article.blocks[0].id


def test_plain_text_paragraphs_cut_by_a_page_break_are_rejoined(project_copy: Path) -> None:
    assert main(["-C", str(project_copy), "import", str(SEED_000), "--lines", "59-238",
                 "--lang", "en", "--kind", "report", "--id", "report-io-2025"]) == 0
    doc = read_source(project_copy / "sources" / "reports" / "report-io-2025.en.xml")
    paragraphs = texts(doc, t.Paragraph)
    assert [p for p in paragraphs if "exchanged views on the evolving roles of both organizations" in p]
    assert not [p for p in paragraphs if p[0].islower()]


def test_a_sentence_cut_before_a_capitalised_word_is_rejoined_but_titles_are_not(
    project_copy: Path, tmp_path: Path
) -> None:
    """"… The CICA Secretary" ¶ "General updated …" is one paragraph ("General" is never a
    sentence's first word in the text); a salutation, a title and a paragraph followed by
    one that opens a new sentence ("The visit …") stay apart."""
    text = tmp_path / "news.txt"
    text.write_text(
        "# CICA Secretary General visits Kuwait\n\n"
        "Dear readers,\n\n"
        "The Secretary General met the Ambassador of Kuwait in Astana. The CICA Secretary\n\n"
        "General updated the guest on the new headquarters. The Secretary General thanked him.\n\n"
        "The Secretary General held a series of fruitful consultations with Korean counterparts\n\n"
        "The visit commenced with a meeting at the Ministry. Kuwait supports the CICA General budget.\n",
        encoding="utf-8")
    assert main(["-C", str(project_copy), "import", str(text), "--lang", "en", "--kind", "report",
                 "--id", "news", "-o", str(tmp_path / "news.en.xml")]) == 0
    paragraphs = texts(read_source(tmp_path / "news.en.xml"), t.Paragraph)
    assert paragraphs[0] == "Dear readers,"
    assert paragraphs[1].endswith("The CICA Secretary General updated the guest on the new "
                                  "headquarters. The Secretary General thanked him.")
    assert paragraphs[2].endswith("Korean counterparts")
    assert paragraphs[3].startswith("The visit commenced")


def test_in_russian_a_paragraph_that_opens_a_sentence_is_not_joined_to_the_one_before() -> None:
    """The words that open sentences are counted in either script: "Президент" opens two."""
    from cica_publish.readers.reflow import continues_sentence, sentence_openers

    before = ("Генеральный секретарь СВМДА посетил Баку в январе. Затем он встретился с министром "
              "иностранных дел Азербайджана для обсуждения планов")
    after = "Президент Азербайджана отметил важность СВМДА. Президент поблагодарил гостя."
    openers = sentence_openers(f"{before}\n\n{after}")
    assert not continues_sentence(before, after, openers)
    assert continues_sentence(before.removesuffix(" планов") + " и", "Планов на год.", openers)


def test_a_review_part_whose_first_article_is_not_there_writes_nothing(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project_copy / "sources" / "reviews" / "review-2021.en.xml"
    before = out.read_bytes()
    assert main(["-C", str(project_copy), "import", str(SEED_004), "--lang", "en", "--kind",
                 "review", "--id", "review-2021",
                 "--part", "Meetings of Governing Bodies=No such article"]) == 1
    assert "--part 'Meetings of Governing Bodies': no article titled 'No such article'" \
        in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["-C", str(project_copy), "import", str(SEED_004), "--lang", "en", "--kind",
                 "report", "--id", "x", "--part", "A=B"]) == 2


def test_brochure_contact_block_and_links(project_copy: Path) -> None:
    assert main(["-C", str(project_copy), "import", str(SEED_003), "--lang", "en",
                 "--kind", "brochure", "--id", "what-is-cica"]) == 0
    doc = read_source(project_copy / "sources" / "brochures" / "what-is-cica.en.xml")
    (contact,) = list(t.walk(doc, t.Contact))
    lines = [t.plain_text(line.content) for line in contact.blocks]
    assert lines[1:4] == ["✉ s-cica@s-cica.org", "☎ +7 7172 576510", "📍 E 669 street, building 3/1"]
    links = {link.href for link in t.walk(contact, t.Link)}
    assert {"mailto:s-cica@s-cica.org", "https://www.instagram.com/cica_secretariat"} <= links


#: Another brochure, laid out as seed 003 is (a figure, a display title broken over lines, a
#: label/value table, scattered list numbers, a title below its list): the shapes are
#: recognised from the text, not from the seed's sentences.
OTHER_BROCHURE = """SECRETARIAT AT A GLANCE

3

DEPUTY SECRETARIES

THE

VALUES

IMPARTIALITY

**TRANSPARENT
BUDGETING**

GENDER BALANCE

MEETINGS

**PLENARY
SESSION**

Once a year

BUREAU

Every month

1

DRAFTING THE STAFF RULES

2

ADOPTING THE BUDGET

3

**OPENING A
LIAISON OFFICE**

WORK PLAN FOR 2026

CONTACTS

Address of the Secretariat: Astana, Kazakhstan.
"""


def test_brochure_shapes_are_recognised_from_the_text(tmp_path: Path, project_copy: Path) -> None:
    text = tmp_path / "glance.txt"
    text.write_text(OTHER_BROCHURE, encoding="utf-8")
    assert main(["-C", str(project_copy), "import", str(text), "--lang", "en",
                 "--kind", "brochure", "--id", "glance"]) == 0
    doc = read_source(project_copy / "sources" / "brochures" / "glance.en.xml")
    shape = [(type(b).__name__, t.plain_text(b.content) if isinstance(b, t.TextBlock) else
              [t.plain_text(x.content) for x in t.walk(b, t.TextBlock)]) for b in doc.blocks]
    assert shape == [
        ("Heading", "SECRETARIAT AT A GLANCE"),
        ("Heading", "3 DEPUTY SECRETARIES"),
        ("Heading", "THE VALUES"),
        ("BulletList", ["IMPARTIALITY", "TRANSPARENT BUDGETING", "GENDER BALANCE"]),
        ("Heading", "MEETINGS"),
        ("Table", ["PLENARY SESSION", "Once a year", "BUREAU", "Every month"]),
        ("Heading", "WORK PLAN FOR 2026"),
        ("BulletList", ["DRAFTING THE STAFF RULES", "ADOPTING THE BUDGET", "OPENING A LIAISON OFFICE"]),
        ("Heading", "CONTACTS"),
        ("Paragraph", "Address of the Secretariat: Astana, Kazakhstan."),
    ]
    assert doc.blocks[0].level == 1
    table, plan = doc.blocks[5], doc.blocks[7]
    assert [len(row.blocks) for row in table.blocks] == [2, 2]
    assert isinstance(plan, t.BulletList) and plan.ordered


def report_lines() -> list[str]:
    return SEED_000.read_text(encoding="utf-8").split("\n")[58:238]


def test_reimport_of_an_edited_file_keeps_ids(
    tmp_path: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "report.txt"
    text.write_text("\n".join(report_lines()), encoding="utf-8")
    args = ["-C", str(project_copy), "import", str(text), "--lang", "en", "--kind", "report",
            "--id", "report-io-2025"]
    out = project_copy / "sources" / "reports" / "report-io-2025.en.xml"
    out.unlink(missing_ok=True)
    assert main(args) == 0
    before = read_source(out)
    old = ids_by_text(before)
    capsys.readouterr()

    assert main(args) == 0  # the same text again: the same file, byte for byte
    assert "unchanged" in capsys.readouterr().out

    edited = text.read_text(encoding="utf-8")
    para = ("The United Nations has held observer status with CICA since 2002. In turn, CICA was "
            "granted observer status in the United Nations General Assembly through UNGA "
            "Resolution 62/77, adopted on 6 December 2007.")
    deleted = "The Organization for Security and Co-operation in Europe (OSCE) has held observer status with CICA since 2002."
    moved = "CICA and the UN maintain a relationship characterized by mutual support"
    assert para in edited and deleted in edited
    moved_para = next(line for line in edited.split("\n") if line.startswith(moved))
    edited = (edited.replace(para, para.replace("since 2002", "since the year 2002")
                             + "\n\nA paragraph that was not there before.")
              .replace(deleted + "\n\n", "")
              .replace(moved_para + "\n\n", "")
              .replace("CONCLUSION\n\n", f"CONCLUSION\n\n{moved_para}\n\n"))
    text.write_text(edited, encoding="utf-8")
    assert main(args) == 0
    printed = capsys.readouterr().out
    after = ids_by_text(read_source(out))
    edited_para = para.replace("since 2002", "since the year 2002")
    assert after[edited_para] == old[para]  # edited: same id
    assert after[moved_para] == old[moved_para]  # moved: same id
    new_id = after["A paragraph that was not there before."]
    assert new_id not in old.values()  # new: a new id
    unchanged = [x for x in old if x in after]
    assert all(after[x] == old[x] for x in unchanged) and len(unchanged) == len(old) - 2
    assert f"{len(after) - 1} ids kept" in printed


def test_not_utf8_is_reported_with_line_and_column_and_nothing_is_written(
    tmp_path: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [line.encode("utf-8") for line in report_lines()]
    lines[4] = "Opportunités".encode("latin-1") + b" " + lines[4]  # line 5, column 11: 0xe9
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"\n".join(lines))
    out = project_copy / "sources" / "reports" / "report-io-2025.en.xml"
    before = out.read_bytes()
    status = main(["-C", str(project_copy), "import", str(bad), "--lang", "en", "--kind", "report",
                   "--id", "report-io-2025"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == f"{bad}:5:11: not UTF-8 (byte 0xe9); save the file as UTF-8"
    assert out.read_bytes() == before
    fresh = project_copy / "sources" / "reports" / "fresh.en.xml"
    assert main(["-C", str(project_copy), "import", str(bad), "--lang", "en", "--kind", "report",
                 "--id", "fresh"]) == 1
    assert not fresh.exists() and not list(fresh.parent.glob(".*.tmp"))


@pytest.mark.parametrize("argv, message", [
    (["--kind", "poem"], "unknown kind 'poem'"),
    (["--lines", "200-300"], "line range 200-300 is not inside the file's 238 lines"),
    (["--lines", "x"], "expected FIRST-LAST"),
    (["--id", "Report IO"], "--id: invalid document id 'Report IO': use lower-case letters"),
])
def test_usage_errors_exit_2(
    project_copy: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    base = {"--kind": "report", "--lang": "en", "--id": "x"}
    base.update(dict(zip(argv[::2], argv[1::2])))
    args = ["-C", str(project_copy), "import", str(SEED_000)] + [a for kv in base.items() for a in kv]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not (project_copy / "sources" / "reports" / "x.en.xml").exists()


def test_an_unknown_file_type_is_a_usage_error(
    tmp_path: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF-1.4")
    assert main(["-C", str(project_copy), "import", str(odd), "--lang", "en", "--kind", "report",
                 "--id", "x"]) == 2
    assert "cannot import .pdf" in capsys.readouterr().err


def test_an_xml_source_imported_under_another_id_keeps_its_ids(
    tmp_path: Path, project_copy: Path
) -> None:
    original = project_copy / "sources" / "reports" / "report-io-2025.en.xml"
    first = read_source(original).blocks[1]
    assert isinstance(first, t.Heading) and first.id
    renamed = tmp_path / "renamed.xml"  # an editor gave the title a readable id
    renamed.write_text(original.read_text(encoding="utf-8").replace(f'id="{first.id}"', 'id="title"'),
                       encoding="utf-8")
    assert main(["-C", str(project_copy), "import", str(renamed), "--lang", "en",
                 "--kind", "report", "--id", "report-copy"]) == 0
    copy = read_source(project_copy / "sources" / "reports" / "report-copy.en.xml")
    assert [b.id for b in t.text_blocks(copy)] == [
        "title" if b.id == first.id else b.id for b in t.text_blocks(read_source(original))]
    assert copy.meta.title == read_source(original).meta.title


def test_a_typeset_text_over_its_source_keeps_the_source(
    tmp_path: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report as a typesetter would give it back (curly quotes, en dashes, no-break
    spaces) reads as its source: only a block whose words changed takes the new typography."""
    text = "\n".join(report_lines())
    typeset = (re.sub(r'"([^"\n]*)"', "“\\1”", text).replace("'", "’").replace(" - ", " – ")
               .replace("H. Sinirlioğlu", "H.\u00a0Sinirlioğlu"))
    assert typeset != text and "'" in text
    source = project_copy / "sources" / "reports" / "report-io-2025.en.xml"
    before = source.read_bytes()
    path = tmp_path / "report.txt"
    path.write_text(typeset, encoding="utf-8")
    args = ["-C", str(project_copy), "import", str(path), "--lang", "en", "--kind", "report",
            "--id", "report-io-2025"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith(f"unchanged {source}")
    assert source.read_bytes() == before

    edited = typeset.replace("Chairmanship’s Vision Paper", "Chairmanship’s new Vision Paper")
    path.write_text(edited, encoding="utf-8")
    assert main(args) == 0
    old = {b.id: t.plain_text(b.content) for b in t.text_blocks(read_source_bytes(before, "old"))}
    new = {b.id: t.plain_text(b.content) for b in t.text_blocks(read_source(source))}
    assert new.keys() == old.keys()
    (changed,) = [k for k in new if new[k] != old[k]]
    assert "Chairmanship’s new Vision Paper" in new[changed] and "Chairmanship's" in old[changed]
