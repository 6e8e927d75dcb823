"""The aligner, QA, typography and the register recognise codes, months and terms alike
(``recognise.py``, one glossary loader, one term matcher)."""

from __future__ import annotations

import pytest

from cica_publish import tree as t
from cica_publish.align import project_glossary
from cica_publish.align.anchors import Glossary, anchors
from cica_publish.catalogs.glossary import load_terms
from cica_publish.catalogs.model import Message
from cica_publish.catalogs.qa import QAContext, check_message
from cica_publish.project import find_project
from cica_publish.register import parse_ref
from cica_publish.transforms.typography import typeset_inlines

from conftest import ROOT

TEXTS = [
    "the note MIN/1076 of 16 September 2025",
    "resolution A/RES/70/1 and the series CICA-SEC/12",
    "write to secretariat@s-cica.org or see https://www.s-cica.org/page.",
]


def qa_problems(source: str, target: str, ctx: QAContext | None = None) -> set[str]:
    message = Message(source, target, context="d/p-1")
    return {d.code for d in check_message(message, ctx or QAContext("ru", "x.po"))}


@pytest.mark.parametrize("text", TEXTS)
def test_a_code_qa_asks_to_keep_is_the_one_the_aligner_anchors_and_typography_binds(text: str) -> None:
    anchored = {k[2:] for k in anchors(text, "en") if k.startswith("c:")}
    bound = {t.plain_text(n.children) for n in typeset_inlines((t.Text(text),), "en") if isinstance(n, t.NoBreak)}
    assert anchored == bound
    for code in anchored:
        assert "codes" in qa_problems(text, text.replace(code, "X"))  # dropped: QA says so
    assert "codes" not in qa_problems(text, text)


def test_the_register_reads_the_codes_typography_binds() -> None:
    bound = [t.plain_text(n.children) for n in typeset_inlines((t.Text(TEXTS[1]),), "en")
             if isinstance(n, t.NoBreak)]
    assert bound == ["A/RES/70/1", "CICA-SEC/12"]
    assert parse_ref(bound[1]) == ("CICA-SEC", 12)


@pytest.mark.parametrize(("en", "ru"), [("on 16 May 2025", "16 мая 2025 г."),
                                        ("by 1 March", "к 1 марта"), ("in September 2024", "в сентябре 2024 г.")])
def test_the_aligner_and_qa_read_the_same_month(en: str, ru: str) -> None:
    months = [{k for k in anchors(text, lang) if k.startswith("m:")} for text, lang in ((en, "en"), (ru, "ru"))]
    assert months[0] == months[1] and len(months[0]) == 1
    assert "numbers" not in qa_problems(en, ru)
    assert "numbers" in qa_problems(en, ru.replace("ма", "июн").replace("сентябр", "октябр").replace("март", "апрел"))


def test_the_aligner_and_qa_find_a_glossary_term_in_the_same_inflected_forms() -> None:
    project = find_project(ROOT)
    terms = load_terms(project, "ru")
    glossary = project_glossary(project, "ru")
    assert glossary is not None and ("Member States", "государства-члены") in terms
    ctx = QAContext.with_glossary("ru", "x.po", terms)
    source = "The Secretariat presents its compliments to the Member States"
    for target, found in [("Секретариат свидетельствует свое уважение государствам-членам", True),
                          ("Секретариат свидетельствует свое уважение странам", False)]:
        assert ("g:member states" in glossary.find(target, "ru")) is found
        assert ("glossary" not in qa_problems(source, target, ctx)) is found
    assert "g:member states" in glossary.find(source, "en")
    assert Glossary([("CICA", "СВМДА")]).find("члены СВМДА", "ru") == ["g:cica"]  # acronyms as written


@pytest.mark.parametrize("en, ru, known", [
    ("IAEA", "МАГАТЭ", True),    # a glossary acronym the aligner's own table used to hold
    ("UNAMI", "МООНСИ", True),   # the UN's Russian form, not the transliteration ЮНАМИ
    ("OPEC", "ОПЕК", False),     # not in the glossary: neither the aligner nor QA knows it
    ("SG", "ВС", False),         # a wrong pair of the old table, not carried over
])
def test_aligner_and_qa_know_the_same_acronyms(en, ru, known):
    project = find_project(ROOT)
    glossary = project_glossary(project, "ru")
    assert glossary is not None
    ctx = QAContext.with_glossary("ru", "x.po", load_terms(project, "ru"))
    source, target = f"A report of the {en} was noted.", f"Был принят к сведению доклад {ru}."
    assert ("a:" + en in anchors(target, "ru", glossary)) is known  # an anchor for the English
    assert ("a:" + en in anchors(source, "en", glossary))
    assert (en in ctx.acronyms) is known
    assert "acronyms" not in qa_problems(source, target, ctx)  # kept or replaced: accepted
    # QA asks for the Russian form only of the acronyms it knows
    assert ("acronyms" in qa_problems(source, "Был принят к сведению доклад агентства.", ctx)) is known


def test_without_a_glossary_acronyms_are_compared_as_written():
    assert anchors("доклад МАГАТЭ", "ru")["a:МАГАТЭ"] == 1
    assert "a:IAEA" not in anchors("доклад МАГАТЭ", "ru")
    assert anchors("UNGA and the UN", "en")["a:UN"] == 2  # English variants still meet


def test_acronym_variants_meet_the_glossary_form():
    glossary = project_glossary(find_project(ROOT), "ru")
    assert anchors("боевики ДАИШ", "ru", glossary)["a:ISIL"] == 1  # ДАИШ = ИГИЛ = ISIL
    assert anchors("ISIS fighters", "en", glossary)["a:ISIL"] == 1
    assert anchors("a UNGA resolution", "en", glossary)["a:UN"] == 1
