"""TMX level 2: inline tags as bpt/ept/ph on export, back to tags on import, OmegaT files."""

from __future__ import annotations

import dataclasses
import subprocess
from collections import Counter
from pathlib import Path

from lxml import etree

from cica_publish.catalogs.markup import tag_list
from cica_publish.catalogs.po import read_po_file, write_po
from cica_publish.cli import main

MARKED = ("<em>", "<strong>", "<a ", "<br/>")
MESSAGES = "locale/ru/LC_MESSAGES"


def run(project: Path, *args: str) -> int:
    return main(["-C", str(project), *args])


def translate_marked(project: Path) -> dict[str, tuple[str, str]]:
    """Give every corpus entry with inline tags a translation keeping its tags, as a
    translator does in Poedit; one reorders them. Returns {msgctxt: (msgid, msgstr)}."""
    done: dict[str, tuple[str, str]] = {}
    for po in sorted((project / MESSAGES).glob("*.po")):
        catalog = read_po_file(po)
        for k, m in enumerate(catalog.messages):
            if m.obsolete or m.string or m.id in {v[0] for v in done.values()}:
                continue
            if not any(tag in m.id for tag in MARKED):
                continue
            if m.context == "digest-2024-q3/p-a518e22":  # "<strong>Submit:</strong><br/>… <a …>"
                link = m.id[m.id.index("<a "):]
                string = f"Фотографию и форму — на {link}<br/><strong>Куда отправлять</strong>"
            else:
                string = "Перевод: " + m.id
            catalog.messages[k] = dataclasses.replace(m, string=string)
            done[m.context] = (m.id, string)
        write_po(po, catalog)
    return done


def test_corpus_tags_travel_as_inline_codes_and_come_back(project_copy: Path, tmp_path: Path, capsys) -> None:
    done = translate_marked(project_copy)
    assert len(done) >= 10 and any("<a " in i for i, _ in done.values())
    out = tmp_path / "cica-ru.tmx"
    assert run(project_copy, "tmx", "export", "--lang", "ru", "-o", str(out)) == 0
    root = etree.parse(str(out)).getroot()
    header = root.find("header")
    assert {k: header.get(k) for k in ("datatype", "segtype", "srclang", "o-tmf")} == {
        "datatype": "PlainText", "segtype": "paragraph", "srclang": "en", "o-tmf": "PO"}
    assert header.get("creationtool") == "cica-publish" and header.get("creationtoolversion")
    units = {tu.get("tuid"): tu for tu in root.iter("tu")}
    for context, (msgid, msgstr) in done.items():
        for seg, text in zip(units[context].iter("seg"), (msgid, msgstr)):
            # a CAT tool sees no tag as text: each is a native code, in order
            plain = (seg.text or "") + "".join(code.tail or "" for code in seg)
            assert "<" not in plain, context
            codes = ["".join(code.itertext()) for code in seg]
            assert tag_list("".join(codes)) == tag_list(text)
            kinds = Counter(code.tag for code in seg)
            assert kinds["ph"] == text.count("<br/>")
            assert kinds["bpt"] == kinds["ept"] == text.count("</")
            begins = [code.get("i") for code in seg.iter("bpt")]
            assert begins == [str(n) for n in range(1, len(begins) + 1)]
            assert sorted(code.get("i") for code in seg.iter("ept")) == sorted(begins)

    # the reordered translation: each tag keeps the x of the same tag in the source
    tu = next(units[c] for c, (_, s) in done.items() if s.startswith("Фотографию"))
    source, target = ([(code.text, code.get("x")) for code in seg if code.get("x")] for seg in tu.iter("seg"))
    assert sorted(source) == sorted(target) and source != target and len(source) >= 3

    # translate-toolkit's TMX reader, an independent one, reads the same texts back
    from translate.storage import tmx as tmx_store  # translate-toolkit: a second TMX reader
    read_back = {u.getid(): (u.source, u.target) for u in tmx_store.tmxfile.parsefile(str(out)).units}
    assert all(read_back[context] == pair for context, pair in done.items())

    # a project that knows nothing gets exactly these entries back from the TMX
    for po in (project_copy / MESSAGES).glob("*.po"):
        po.unlink()
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(out)) == 0
    imported_po = project_copy / MESSAGES / "tmx-cica-ru.po"
    imported = {m.id: m.string for m in read_po_file(imported_po)}
    for msgid, msgstr in done.values():
        assert imported[msgid] == msgstr
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(imported_po)], check=True)


OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
    creationtoolversion="6.0.1_0_1d5b5dd2" segtype="paragraph" srclang="EN-GB"/>
  <body>
    <tu>
      <tuv xml:lang="EN-GB">
        <seg>&lt;strong&gt;Objectives&lt;/strong&gt;</seg>
      </tuv>
      <tuv xml:lang="RU-RU" changeid="translator" changedate="20250916T101500Z">
        <seg>&lt;strong&gt;Цели&lt;/strong&gt;</seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="EN-GB">
        <seg><bpt i="0" x="0">&lt;b0&gt;</bpt>Key Dates:<ept i="0">&lt;/b0&gt;</ept><ph x="1">&lt;br1/&gt;</ph>Submission deadline: 15 October 2024</seg>
      </tuv>
      <tuv xml:lang="RU-RU">
        <seg><bpt i="0" x="0">&lt;b0&gt;</bpt>Ключевые даты:<ept i="0">&lt;/b0&gt;</ept><ph x="1">&lt;br1/&gt;</ph>Заявки принимаются до 15\u00a0октября 2024\u00a0г.</seg>
      </tuv>
    </tu>
    <tu tuid="trados-7">
      <tuv xml:lang="en-US">
        <seg><bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>Distinguished <hi type="x-term">colleagues</hi> and friends,<ept i="1">&lt;/em&gt;</ept></seg>
      </tuv>
      <tuv xml:lang="ru-RU">
        <seg><bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>Уважаемые <hi type="x-term">коллеги</hi> и друзья!<ept i="1">&lt;/em&gt;</ept></seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def test_omegat_tmx_feeds_the_memory(project_copy: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "omegat-project.tmx"
    tmx.write_text(OMEGAT_TMX, encoding="utf-8")
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(tmx)) == 0
    imported = {m.id: m for m in read_po_file(project_copy / MESSAGES / "tmx-omegat-project.po")}
    # OmegaT on PO files shows our tags as text: they stay tags
    assert imported["<strong>Objectives</strong>"].string == "<strong>Цели</strong>"
    # OmegaT's own codes (<b0>, <br1/>) mean nothing here: dropped, their text kept
    # (a placeholder leaves a space),
    # and the no-break spaces of Russian typography kept
    assert imported["Key Dates: Submission deadline: 15 October 2024"].string == \
        "Ключевые даты: Заявки принимаются до 15\u00a0октября 2024\u00a0г."
    # our tags as level 2 codes come back; <hi> is text
    assert imported["<em>Distinguished colleagues and friends,</em>"].string == \
        "<em>Уважаемые коллеги и друзья!</em>"
    assert imported["<em>Distinguished colleagues and friends,</em>"].context == \
        "tmx-omegat-project/trados-7"

    # a real heading of the Q3 2024 digest is then filled from that memory
    (project_copy / MESSAGES / "digest-2024-q3.po").unlink()
    assert run(project_copy, "update", "--lang", "ru", "digest-2024-q3") == 0
    filled = read_po_file(project_copy / MESSAGES / "digest-2024-q3.po").by_context()
    entry = filled["digest-2024-q3/p-9d4f3c2"]
    assert (entry.id, entry.string, entry.fuzzy) == ("<strong>Objectives</strong>", "<strong>Цели</strong>", False)
    assert entry.translator_comments[0].startswith(
        "tm: exact match from locale/ru/LC_MESSAGES/tmx-omegat-project.po")


def test_level_1_tmx_of_another_tool_feeds_the_memory(project_copy: Path, tmp_path: Path) -> None:
    """translate-toolkit writes plain-text segments (our tags as text): they stay tags."""
    from translate.storage import tmx as tmx_store  # translate-toolkit: a second TMX reader
    pairs = {"<strong>Objectives</strong>": "<strong>Цели</strong>",
             "The CICA Secretariat in Astana": "Секретариат СВМДА в\u00a0Астане"}
    store = tmx_store.tmxfile(sourcelanguage="en", targetlanguage="ru")
    for source, target in pairs.items():
        store.addtranslation(source, "en", target, "ru")
    path = tmp_path / "toolkit.tmx"
    path.write_bytes(bytes(store))
    assert "<bpt" not in path.read_text(encoding="utf-8")
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(path)) == 0
    imported = {m.id: m.string for m in read_po_file(project_copy / MESSAGES / "tmx-toolkit.po")}
    assert imported == pairs


def test_malformed_tmx_is_refused_with_file_and_line(project_copy: Path, tmp_path: Path, capsys) -> None:
    ru_seg = "г.</seg>"
    em_end = '<ept i="1">&lt;/em&gt;</ept></seg>'
    broken = {  # name: (text, the line to blame, message)
        "unclosed.tmx": (OMEGAT_TMX.replace(ru_seg, "г."), "Заявки", 1, "malformed XML"),
        "unpaired.tmx": (OMEGAT_TMX.replace(em_end, "</seg>", 1), "Distinguished", 0,
                         '<bpt i="1">: TMX needs exactly one <bpt> and one <ept>'),
    }
    for name, (text, marker, after, message) in broken.items():
        assert text != OMEGAT_TMX
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert run(project_copy, "tmx", "import", "--lang", "ru", str(path)) == 1
        err = capsys.readouterr().err
        line = next(n for n, row in enumerate(text.split("\n"), 1) if marker in row) + after
        assert err.startswith(f"{path}:{line}:") and message in err, err
        assert not list((project_copy / MESSAGES).glob("tmx-*.po"))


def test_export_import_export_is_identical_with_every_entry_and_its_line_breaks(
        project_copy: Path, tmp_path: Path) -> None:
    catalogs = {po.stem: read_po_file(po) for po in (project_copy / MESSAGES).glob("*.po")}
    translated = [(name, m) for name, c in catalogs.items() for m in c if m.translated]
    first = tmp_path / "cica-ru.tmx"
    assert run(project_copy, "tmx", "export", "--lang", "ru", "-o", str(first)) == 0
    units = list(etree.parse(str(first)).getroot().iter("tu"))
    # every translated entry, the identical pairs too, one unit each with a unique tuid
    assert len(units) == len(translated) and any(m.id == m.string for _, m in translated)
    assert len({tu.get("tuid") for tu in units}) == len(units)
    contexts = Counter(tu.findtext("prop[@type='x-context']") for tu in units)
    assert contexts["phrasebook/place"] == 2 and contexts == Counter(m.context for _, m in translated)
    book = next(tu for tu in units if tu.get("tuid") == "phrasebook/letterhead")
    assert book.get("changedate") == "20261127T032900Z" and book.get("creationid") == "CICA Secretariat"
    assert "INTERACTION\nAND" in "".join(book.find("tuv/seg").itertext())

    # translate-toolkit reads the contexts and the line breaks the same way
    from translate.storage import tmx as tmx_store
    toolkit = {u.getcontext(): u.source for u in tmx_store.tmxfile.parsefile(str(first)).units}
    assert toolkit["phrasebook/letterhead"] == catalogs["phrasebook"].by_context()["phrasebook/letterhead"].id

    # a project with nothing else imports it, and exports the very same file
    for po in (project_copy / MESSAGES).glob("*.po"):
        po.unlink()
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(first)) == 0
    imported = read_po_file(project_copy / MESSAGES / "tmx-cica-ru.po")
    letterhead = imported.by_context()["phrasebook/letterhead"]
    assert letterhead.string == "СЕКРЕТАРИАТ СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ\nИ МЕРАМ ДОВЕРИЯ В АЗИИ"
    assert letterhead.comment_value("tmx:") == (
        "creationdate 20261127T032900Z; creationid CICA Secretariat; changedate 20261127T032900Z; "
        "catalog phrasebook")
    second = tmp_path / "again.tmx"
    assert run(project_copy, "tmx", "export", "--lang", "ru", "-o", str(second)) == 0
    assert second.read_bytes() == first.read_bytes()


def test_omegat_dates_and_authors_are_kept_as_a_comment(project_copy: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "omegat-project.tmx"
    tmx.write_text(OMEGAT_TMX, encoding="utf-8")
    assert run(project_copy, "tmx", "import", "--lang", "ru", str(tmx)) == 0
    imported = {m.id: m for m in read_po_file(project_copy / MESSAGES / "tmx-omegat-project.po")}
    entry = imported["<strong>Objectives</strong>"]
    assert entry.translator_comments == ("tmx: changedate 20250916T101500Z; changeid translator",)
    out = tmp_path / "out.tmx"
    assert run(project_copy, "tmx", "export", "--lang", "ru", "-o", str(out)) == 0
    tu = next(tu for tu in etree.parse(str(out)).getroot().iter("tu")
              if tu.findtext("prop[@type='x-catalog']") == "tmx-omegat-project"
              and "Objectives" in "".join(tu.find("tuv/seg").itertext()))
    assert (tu.get("changeid"), tu.get("changedate")) == ("translator", "20250916T101500Z")
