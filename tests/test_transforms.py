"""The shared transforms on real sentences from the seeds: typography per language, dates
and numbers through Babel with Russian practice, numbering, and the pipeline's order."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cica_publish import tree as t
from cica_publish.errors import CicaError
from cica_publish.layout import Layout
from cica_publish.readers.xml import read_source
from cica_publish.transforms import STEPS, Transform, edition_steps, run
from cica_publish.localize import format_date, format_period
from cica_publish.transforms.number import enclosure_pages, number
from cica_publish.transforms.typography import typeset, typeset_block_key, typeset_inlines, typeset_key

from conftest import ROOT

NBSP = "\u00a0"
REPORT = ROOT / "tests/data/build/sources/reports/report-io-2025.en.xml"


def setting(text: str, lang: str) -> str:
    return t.plain_text(typeset_inlines((t.Text(text),), lang))


@pytest.mark.parametrize("lang, source, expected", [
    ("en", 'the project "Advancing Wheat Cultivation" in CICA\'s region',
     "the project “Advancing Wheat Cultivation” in CICA’s region"),
    ("en", "the Istanbul – the only joint initiative - to date",
     "the Istanbul – the only joint initiative – to date"),
    ("en", "held on 29-30 April 2025 and on 3 - 4 July", "held on 29–30 April 2025 and on 3–4 July"),
    ("en", "Director General Amy E. Pope", f"Director General Amy E.{NBSP}Pope"),
    ("en", "emphasized, «today, CICA is a forum.» According to", "emphasized, “today, CICA is a forum.” According to"),
    ("ru", 'проект "Развитие "зелёной" экономики"', "проект «Развитие „зелёной“ экономики»"),
    ("ru", "Доклад - документ", f"Доклад{NBSP}— документ"),
    ("ru", "город Астана, 16 сентября 2025 г.", f"город Астана, 16 сентября 2025{NBSP}г."),
    ("ru", "в 2024-2026 гг.", f"в 2024–2026{NBSP}гг."),
    ("ru", "Н. А. Назарбаев", f"Н.{NBSP}А.{NBSP}Назарбаев"),
    ("ru", "№ 62/77 и тел. 24-25-26", f"№{NBSP}62/77 и тел. 24-25-26"),
    ("en", "under cover of Note №MIN/1076", f"under cover of Note №{NBSP}MIN/1076"),
])
def test_typography(lang, source, expected):
    assert setting(source, lang) == expected


def test_glyphs_missing_from_pt_fonts_never_survive():
    out = setting("16\u202fсентября 2025\u202fг., Нью\u2010Йорк", "ru")
    assert "\u202f" not in out and "\u2010" not in out
    assert out == f"16{NBSP}сентября 2025{NBSP}г., Нью-Йорк"


def test_reference_codes_are_wrapped_unbreakable_once():
    out = typeset_inlines((t.Text("under cover of Note №MIN/1076 and MIN/1076"),), "en")
    codes = [n for n in out if isinstance(n, t.NoBreak)]
    assert [t.plain_text(c.children) for c in codes] == [f"№{NBSP}MIN/1076", "MIN/1076"]
    again = typeset_inlines(out, "en")
    assert again == out  # already wrapped codes are not wrapped twice


def test_a_dateline_keeps_its_dash_on_the_line_of_the_date():
    doc = t.Document(t.Meta("d", "digest", "en"), (t.Dateline("d1", (t.Text("Astana, 23 January 2025 –"),)),))
    (line,) = run(doc, [Transform("typeset", typeset)]).blocks
    assert t.plain_text(line.content) == f"Astana, 23 January 2025{NBSP}–"


def test_quotes_span_inline_markup():
    out = typeset_inlines((t.Text('the theme "'), t.Emph((t.Text("Stronger CICA"),)), t.Text('" was')), "ru")
    assert t.plain_text(out) == "the theme «Stronger CICA» was"


def test_dates_russian_practice():
    assert format_date(dt.date(2025, 9, 16), "en") == "16 September 2025"
    assert format_date(dt.date(2025, 9, 16), "ru") == f"16 сентября 2025{NBSP}г."


@pytest.mark.parametrize("source", sorted((ROOT / "sources" / "digests").glob("*.en.xml")), ids=lambda p: p.stem)
def test_the_digest_period_comes_from_its_issue_code_in_each_language(source):
    """The cover's issue line: the source's own period in English, nominative months in Russian."""
    meta = read_source(source).meta
    assert format_period(meta.issue, "en") == meta.period
    russian = format_period(meta.issue, "ru")
    assert russian[0].isupper() and russian.split("–")[1].split()[0].islower()
    assert russian.endswith(meta.period[-4:]) and not any(ch.isascii() and ch.isalpha() for ch in russian)


def test_period_of_a_quarter_and_of_no_quarter():
    assert format_period("2025-Q1", "ru") == "Январь–март 2025"
    assert format_period("2024-q3", "en") == "July–September 2024"
    assert format_period("2025", "en") is None


def test_un_style_numbering_of_the_report():
    doc = number(read_source(REPORT), sections=True, paragraphs=True)
    headings = [(h.number, t.plain_text(h.content)) for h in t.walk(doc, t.Heading)]
    assert headings[:3] == [("I", "INTRODUCTION"), ("II", "OBSERVER ORGANIZATIONS"),
                            ("A", "UN: United Nations")]
    numbers = [p.number for p in t.walk(doc, t.Paragraph)]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    sections = [s for s in t.walk(doc, t.Section) if s.number]
    assert sections[0].number == "I" and all(s.number == s.blocks[0].number for s in sections)
    assert [f.number for f in doc.footnotes] == ["1"]


def test_a_lone_title_heading_is_not_numbered():
    doc = read_source(REPORT)
    title = t.Heading("title", (t.Text("REPORT OF THE CICA SECRETARIAT"),), level=1)
    deeper = t.map_blocks(doc, lambda b: dataclasses.replace(b, level=b.level + 1)
                          if isinstance(b, t.Heading) else b)
    doc = dataclasses.replace(deeper, blocks=(title,) + deeper.blocks)
    headings = list(t.walk(number(doc), t.Heading))
    assert headings[0].number is None
    assert (headings[1].number, headings[2].number, headings[3].number) == ("I", "II", "A")


def test_footnotes_numbered_in_order_of_first_reference():
    doc = t.Document(
        t.Meta("x", "report", "en"),
        (t.Paragraph("p", (t.Text("a"), t.NoteRef("late"), t.Text("b"), t.NoteRef("early"))),),
        (t.Footnote("early", (t.Text("E"),)), t.Footnote("late", (t.Text("L"),))),
    )
    assert [(f.id, f.number) for f in number(doc).footnotes] == [("late", "1"), ("early", "2")]


def test_enclosure_line_quotes_the_real_page_count():
    doc = t.Document(t.Meta("n", "note", "ru"), (
        t.EnclosureLine("enc", (t.Emph((t.Text("Приложение: упомянутое на 11 л."),)),)),))
    out = enclosure_pages(doc, 8)
    assert t.plain_text(out.blocks[0].content) == "Приложение: упомянутое на 8 л."


def test_the_pipeline_runs_its_declared_steps_in_order_each_once():
    seen = []

    def step(name):
        return lambda d: seen.append(name) or d

    doc = read_source(REPORT)
    run(doc, [Transform(name, step(name)) for name in ("typeset", "number", "front", "translate")])
    assert seen == ["front", "translate", "number", "typeset"]
    assert STEPS == ("front", "translate", "labels", "order", "number", "enclosure-pages", "circulated",
                     "typeset")
    with pytest.raises(ValueError, match="'number' is unknown or given twice"):
        run(doc, [Transform("number", step("number")), Transform("number", step("number"))])


def test_a_fallback_block_is_set_in_the_master_language():
    doc = t.Document(t.Meta("n", "note", "ru", master_lang="en"), (
        t.Paragraph("a", (t.Text('Проект "Развитие"'),), translated=True),
        t.Paragraph("b", (t.Text('The project "Advancing"'),), translated=False),
    ))
    a, b = (t.plain_text(p.content) for p in run(doc, [Transform("typeset", typeset)]).blocks)
    assert (a, b) == ("Проект «Развитие»", "The project “Advancing”")


@pytest.mark.parametrize("src", sorted(ROOT.glob("sources/*/*.xml")), ids=lambda p: p.name)
def test_a_typeset_block_has_the_key_of_its_source(src) -> None:
    """typeset_key undoes what the build sets, on every block of every source, in both
    languages' typography; the key still tells a changed word."""
    doc = read_source(src)
    doc = enclosure_pages(doc, 97)
    built = number(typeset(doc))
    changed = 0
    for before, after in zip(t.text_blocks(read_source(src)), t.text_blocks(built)):
        assert typeset_block_key(after) == typeset_block_key(before), t.plain_text(before.content)
        changed += after.content != before.content
        edited = dataclasses.replace(after, content=(*after.content, t.Text(" more")))
        assert typeset_block_key(edited) != typeset_block_key(before)
    assert changed  # typesetting did change something here


def test_typeset_key_of_the_two_languages() -> None:
    assert typeset_key("the \"3 - 4 July\" meeting - Chairmanship's") == typeset_key(
        "the “3–4\u00a0July” meeting – Chairmanship’s") == typeset_key(
        "the «3–4 July» meeting\u00a0— Chairmanship’s")
    assert typeset_key("in 3 - 4 days") != typeset_key("in 3 or 4 days")
    assert typeset_key("the “Astana” forum") != typeset_key("the Astana forum")


def test_a_layout_declares_its_numbering_and_a_bad_declaration_is_an_error_at_its_file(tmp_path):
    doc = read_source(REPORT)
    (tmp_path / "layout.toml").write_text("number-sections = true\nnumber-paragraphs = true\n", encoding="utf-8")
    numbered = run(doc, edition_steps(Layout("white-paper", tmp_path)))
    assert [p.number for p in t.walk(numbered, t.Paragraph)][:2] == ["1", "2"]
    (tmp_path / "layout.toml").write_text('cover = "yes"\n', encoding="utf-8")
    with pytest.raises(CicaError) as error:
        Layout("white-paper", tmp_path).flag("cover")
    assert str(error.value.diagnostics[0]) == f"{tmp_path / 'layout.toml'}: cover must be true or false, not 'yes'"
