"""TMX 1.4 export and import, for CAT tools (OmegaT, Trados) and other memories.

Export writes every translated, non-fuzzy entry under ``locale/<lang>/`` once per
source text, with its ``msgctxt`` as ``tuid``. Import turns the units of a TMX file into
a catalog ``locale/<lang>/LC_MESSAGES/tmx-<name>.po``, which from then on is part of the
translation memory like any other catalog. Inline tags travel as text (``<em>…</em>``),
as the translator sees them in the PO files. TMX is parsed with the hardened parser
(no DTD, no entities, no network).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import CicaError, Diagnostic
from ..xmlsafe import parse_xml_bytes
from .model import Catalog, Message

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PLAIN_DOCTYPE = re.compile(rb'<!DOCTYPE\s+tmx\s+SYSTEM\s+"[^"<>\[\]]*"\s*>')


def to_tmx(catalogs: list[tuple[str, Catalog]], source_lang: str, target_lang: str) -> bytes:
    """A TMX 1.4 document of the translated entries of *catalogs* ``(name, catalog)``."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "cica-publish", "creationtoolversion": __version__,
        "datatype": "plaintext", "segtype": "paragraph", "adminlang": "en",
        "srclang": source_lang, "o-tmf": "PO",
    })
    body = etree.SubElement(root, "body")
    seen: set[str] = set()
    for name, catalog in catalogs:
        for m in catalog:
            if not m.translated or m.id in seen:
                continue
            seen.add(m.id)
            tu = etree.SubElement(body, "tu", tuid=m.context or m.id[:60])
            etree.SubElement(tu, "prop", type="x-catalog").text = name
            for lang, text in ((source_lang, m.id), (target_lang, m.string)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lang_matches(value: str | None, lang: str) -> bool:
    return bool(value) and value.lower().replace("_", "-").split("-")[0] == lang


def _seg_text(seg: etree._Element) -> str:
    """The text of a ``<seg>``: native codes (bpt, ept, ph, it, ut) are dropped."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in ("bpt", "ept", "ph", "it", "ut"):
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


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
    seen: set[str] = set()
    for n, tu in enumerate(root.find("body").iter("tu"), 1):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if seg is None:
                continue
            for wanted in (source_lang, target_lang):
                if _lang_matches(lang, wanted) or (wanted == source_lang and lang is None
                                                   and _lang_matches(default_src, wanted)):
                    texts.setdefault(wanted, " ".join(_seg_text(seg).split()))
        source, target = texts.get(source_lang), texts.get(target_lang)
        if not source or not target or source in seen:
            continue
        seen.add(source)
        catalog.add(Message(source, target, context=f"{name}/{tu.get('tuid') or n}",
                            locations=((path.name, tu.sourceline),)))
    return catalog
