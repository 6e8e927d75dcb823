"""TMX 1.4 export and import, for CAT tools (OmegaT, Trados) and other memories.

Export writes every translated, non-fuzzy entry under ``locale/<lang>/`` (a pair whose
two texts are the same too: a name, an address), one ``tu`` per entry: ``tuid`` its
``msgctxt`` (made unique, ``#2``, where a context has several entries, as the phrasebook's
places), the context itself in translate-toolkit's ``<prop type="x-context">``, the catalog
in ``<prop type="x-catalog">``, and ``creationdate``/``changedate``/``creationid`` where the
catalog knows them (its ``PO-Revision-Date`` and ``Last-Translator``, or what an imported
unit said). Import turns the units of a TMX file into a catalog
``locale/<lang>/LC_MESSAGES/tmx-<name>.po``, which from then on is part of the translation
memory like any other catalog: a unit's ``x-context`` is the entry's context (else
``tmx-<name>/<tuid>``), and its dates, authors and catalog (OmegaT's ``changeid`` and
``changedate``) go into a translator comment ``tmx: …``, so exporting again gives the same
units. Text is kept as written, line breaks included. TMX is parsed with the hardened
parser (no DTD, no entities, no network).

Inline tags (:mod:`.markup`) travel as TMX level 2 inline codes, so that a CAT tool
protects them instead of showing them as text to translate: a paired tag becomes
``<bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>…<ept i="1">&lt;/em&gt;</ept>``, a
standalone one ``<ph x="2" type="lb">&lt;br/&gt;</ph>``, a tag whose pair is not in
the segment ``<it pos="begin|end">``. The element's content is the tag exactly as in
the PO entry (the translatable ``title`` of ``<abbr>`` inside ``<sub>``); ``i`` pairs
the two halves, ``x`` matches a tag of the translation with the same tag of the source.
The text between tags is the PO entry's text as written.

On import, a native code that is one of our tags is put back in place; any other
tool's code (OmegaT's ``<b0>``, RTF) is dropped (a ``<ph>`` leaves a space) and the
text it encloses kept, as is the text of ``<hi>``. Text is taken as written, so the level 1 TMX of a tool that
shows our tags as text (OmegaT on PO files, our exports before level 2) comes back
with its tags too. A malformed file (bad XML, a ``bpt`` without its ``ept``) fails
naming the line and nothing is written; tags a translation misplaced are imported
as they are and reported by ``qa`` once the memory has filled a catalog with them.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import CicaError, Diagnostic
from ..xmlsafe import parse_xml_bytes
from .markup import is_tag, tag_tokens
from .model import Catalog, Message

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PLAIN_DOCTYPE = re.compile(rb'<!DOCTYPE\s+tmx\s+SYSTEM\s+"[^"<>\[\]]*"\s*>')
# TMX 1.4b's recommended ``type`` values where one fits, ``x-`` names otherwise
_TYPES = {"em": "italic", "strong": "bold", "a": "link", "br": "lb", "noteref": "fnote",
          "abbr": "x-abbr", "nobr": "x-nobr"}
_ABBR_TITLE = re.compile(r'(<abbr title=")([^"]*)(">)')
_CODES = ("bpt", "ept", "ph", "it", "ut")


TMX_NOTE = "tmx:"  # translator comment of an imported unit: its dates, authors and catalog
_ATTRS = ("creationdate", "creationid", "changedate", "changeid")
_NO_TRANSLATOR = "FULL NAME <EMAIL@ADDRESS>"


def _tmx_date(po_date: str | None) -> str | None:
    """``2025-09-16 10:15+0300`` (a PO date header) → ``20250916T071500Z`` (TMX, UTC)."""
    try:
        when = datetime.strptime((po_date or "").strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def unit_note(m: Message) -> dict[str, str]:
    """What the ``tmx:`` comment of an imported entry recorded (``changeid jdoe; …``)."""
    value = m.comment_value(TMX_NOTE) or ""
    pairs = (item.strip().partition(" ") for item in value.split(";") if item.strip())
    return {key: rest.strip() for key, _, rest in pairs}


def _unit_attributes(m: Message, catalog: Catalog) -> dict[str, str]:
    """``creationdate``/``changedate``/``creationid`` of the unit: recorded on import, else
    the catalog's last revision and translator."""
    note = unit_note(m)
    date = _tmx_date(catalog.get_header("PO-Revision-Date"))
    translator = catalog.get_header("Last-Translator") or ""
    known: dict[str, str | None] = {
        "creationdate": date, "changedate": date,
        "creationid": translator if translator and translator != _NO_TRANSLATOR else None}
    found: dict[str, str | None] = dict(note) if any(key in note for key in _ATTRS) else known
    return {key: value for key in _ATTRS if (value := found.get(key))}


def to_tmx(catalogs: list[tuple[str, Catalog]], source_lang: str, target_lang: str) -> bytes:
    """A TMX 1.4 document of the translated entries of *catalogs* ``(name, catalog)``."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "cica-publish", "creationtoolversion": __version__,
        "datatype": "PlainText", "segtype": "paragraph", "adminlang": "en",
        "srclang": source_lang, "o-tmf": "PO",
    })
    body = etree.SubElement(root, "body")
    seen: set[tuple[str | None, str, str]] = set()
    tuids: Counter[str] = Counter()
    for name, catalog in catalogs:
        for m in catalog:
            if not m.translated or (m.context, m.id, m.string) in seen:
                continue  # the same unit again (a memory imported from our own export)
            seen.add((m.context, m.id, m.string))
            context = m.context or m.id[:60]
            tuids[context] += 1
            tuid = context if tuids[context] == 1 else f"{context}#{tuids[context]}"
            tu = etree.SubElement(body, "tu", tuid=tuid, **_unit_attributes(m, catalog))
            if m.context is not None:
                etree.SubElement(tu, "prop", type="x-context").text = m.context
            etree.SubElement(tu, "prop", type="x-catalog").text = unit_note(m).get("catalog", name)
            source_x = _write_seg(_tuv(tu, source_lang), m.id, {})
            _write_seg(_tuv(tu, target_lang), m.string, source_x)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tuv(tu: etree._Element, lang: str) -> etree._Element:
    return etree.SubElement(tu, "tuv", {XML_LANG: lang})


def _write_seg(tuv: etree._Element, markup: str, source_x: dict[str, list[int]]) -> dict[str, list[int]]:
    """Write *markup* as the ``<seg>`` of *tuv*; returns its ``x`` numbers by tag name.

    *source_x* (the source segment's numbers, empty for the source itself) gives each tag
    of a translation the ``x`` of the same tag in the source, in order of occurrence.
    """
    seg = etree.SubElement(tuv, "seg")
    tokens = tag_tokens(markup)
    partner = _pairs(tokens)
    available = {name: list(xs) for name, xs in source_x.items()}
    next_x = max((x for xs in source_x.values() for x in xs), default=0) + 1
    own: dict[str, list[int]] = {}
    ids: dict[int, int] = {}
    for k, (kind, name, raw) in enumerate(tokens):
        if kind == "text":
            _append_text(seg, raw)
            continue
        if kind == "close" and k in partner:
            _code(seg, "ept", raw, i=ids[partner[k]])
            continue
        if kind == "close":
            _code(seg, "it", raw, pos="end", type=_TYPES[name])
            continue
        if available.get(name):
            x = available[name].pop(0)
        else:
            x, next_x = next_x, next_x + 1
        own.setdefault(name, []).append(x)
        if kind == "empty":
            _code(seg, "ph", raw, x=x, type=_TYPES[name])
        elif k in partner:
            ids[k] = len(ids) + 1
            _code(seg, "bpt", raw, i=ids[k], x=x, type=_TYPES[name])
        else:
            _code(seg, "it", raw, pos="begin", x=x, type=_TYPES[name])
    return own


def _pairs(tokens: list[tuple[str, str, str]]) -> dict[int, int]:
    """Opening token index ⇄ closing token index, for the tags that pair up."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for k, (kind, name, _) in enumerate(tokens):
        if kind == "open":
            stack.append(k)
        elif kind == "close" and stack and tokens[stack[-1]][1] == name:
            start = stack.pop()
            pairs[start], pairs[k] = k, start
    return pairs


def _append_text(seg: etree._Element, text: str) -> None:
    if len(seg):
        seg[-1].tail = (seg[-1].tail or "") + text
    else:
        seg.text = (seg.text or "") + text


def _code(seg: etree._Element, tag: str, raw: str, **attrs: object) -> None:
    """A native-code element holding *raw*; an abbreviation's title goes in ``<sub>``."""
    element = etree.SubElement(seg, tag, {key: str(value) for key, value in attrs.items()})
    title = _ABBR_TITLE.fullmatch(raw)
    if title:
        element.text = title.group(1)
        sub = etree.SubElement(element, "sub")
        sub.text, sub.tail = title.group(2), title.group(3)
    else:
        element.text = raw


def _lang_matches(value: str | None, lang: str) -> bool:
    return value is not None and value.lower().replace("_", "-").split("-")[0] == lang


def _seg_markup(seg: etree._Element) -> str:
    """The tagged text of a ``<seg>``: our tags back from native codes, other codes dropped,
    line breaks kept (a letterhead's lines); only the spaces a dropped code left are tidied."""
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", _content(seg)).strip(" \t")


def _content(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag in _CODES:
            native = "".join(child.itertext())
            if is_tag(native):
                parts.append(native)
            elif child.tag == "ph":  # a placeholder stood between words
                parts.append(" ")
        elif isinstance(child.tag, str):  # <hi>: its text is segment text
            parts.append(_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _check_pairs(seg: etree._Element, path: Path) -> None:
    """Every ``bpt`` of *seg* has an ``ept`` with the same ``i``, and the other way round."""
    begins = Counter(e.get("i") for e in seg.iter("bpt"))
    ends = Counter(e.get("i") for e in seg.iter("ept"))
    for element in seg.iter("bpt", "ept"):
        i = element.get("i")
        if begins[i] != 1 or ends[i] != 1:
            raise CicaError(Diagnostic(
                str(path), element.sourceline,
                f'<{element.tag} i="{i}">: TMX needs exactly one <bpt> and one <ept> with '
                f"the same i in a segment", code="tmx"))


def from_tmx(path: Path, source_lang: str, target_lang: str) -> Catalog:
    """A catalog of the units of *path* that have both languages."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CicaError.at(path, f"cannot read: {exc.strerror}") from None
    # CAT tools write <!DOCTYPE tmx SYSTEM "tmx14.dtd">: harmless without an internal
    # subset, so it is blanked (lines kept); anything else is refused by the parser
    data = _PLAIN_DOCTYPE.sub(lambda m: b" " * len(m.group(0)), data, count=1)
    root = parse_xml_bytes(data, str(path)).getroot()
    if root.tag != "tmx" or root.find("body") is None:
        raise CicaError(Diagnostic(str(path), root.sourceline, "not a TMX file (no <tmx><body>)",
                                   code="tmx"))
    name = "tmx-" + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    header = root.find("header")
    default_src = header.get("srclang") if header is not None else None
    catalog = Catalog.new(target_lang, name)
    seen: set[tuple[str, str]] = set()
    for n, tu in enumerate(root.find("body").iter("tu"), 1):
        texts: dict[str, str] = {}
        attributes: dict[str, str] = {key: tu.get(key) for key in _ATTRS if tu.get(key)}
        for tuv in tu.iter("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if seg is None:
                continue
            for wanted in (source_lang, target_lang):
                if _lang_matches(lang, wanted) or (wanted == source_lang and lang is None
                                                   and _lang_matches(default_src, wanted)):
                    _check_pairs(seg, path)
                    texts.setdefault(wanted, _seg_markup(seg))
                    if wanted == target_lang:  # OmegaT dates the translation on its tuv
                        attributes.update({k: tuv.get(k) for k in _ATTRS if tuv.get(k)})
        source, target = texts.get(source_lang), texts.get(target_lang)
        props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
        context = props.get("x-context") or f"{name}/{tu.get('tuid') or n}"
        if not source or not target or (context, source) in seen:
            continue
        seen.add((context, source))
        if "x-catalog" in props:
            attributes["catalog"] = props["x-catalog"]
        note = "; ".join(f"{key} {value}" for key, value in attributes.items())
        catalog.add(Message(source, target, context=context,
                            locations=((path.name, tu.sourceline),),
                            translator_comments=(f"{TMX_NOTE} {note}",) if note else ()))
    return catalog
