"""Read a source XML file (the project's own vocabulary) into a document tree."""

from __future__ import annotations

import datetime as dt
from typing import Any
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import tree as t
from ..errors import CicaError, Diagnostic
from ..vocabulary import CONTAINERS, TEXT_BLOCKS, WRAPPING_INLINES
from ..xmlsafe import parse_xml_bytes, parse_xml_file


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    """The RELAX NG schema of sources, shipped in the package."""
    data = resources.files("cica_publish.schema").joinpath("source.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def validate(doc: etree._ElementTree, path: str) -> None:
    """Raise with one diagnostic per schema violation."""
    rng = schema()
    if rng.validate(doc):
        return
    raise CicaError(
        Diagnostic(path, err.line or None, err.message, err.column or None, "schema")
        for err in rng.error_log
    )


def read_source(path: str | Path) -> t.Document:
    """Parse, validate and convert a source file."""
    path = Path(path)
    return _to_tree(parse_xml_file(path), str(path))


def read_source_bytes(data: bytes, path: str = "<string>") -> t.Document:
    return _to_tree(parse_xml_bytes(data, path), path)


def _to_tree(doc: etree._ElementTree, path: str) -> t.Document:
    validate(doc, path)
    root = doc.getroot()
    reader = _Reader(path)
    meta = reader.meta(root)
    body = root.find("body")
    notes = root.find("footnotes")
    blocks = tuple(reader.block(el) for el in body if isinstance(el.tag, str))
    footnotes = tuple(
        reader.block(el) for el in (notes if notes is not None else []) if isinstance(el.tag, str)
    )
    document = t.Document(meta, blocks, footnotes, t.Loc(path, root.sourceline))  # type: ignore[arg-type]
    problems = duplicate_ids(document, path)
    if problems:
        raise CicaError(problems)
    return document


def duplicate_ids(doc: t.Document, path: str) -> list[Diagnostic]:
    """One diagnostic per id used again: catalogs and translations are keyed by block id, so
    a source with a duplicate would give a catalog two entries of one context."""
    first_line: dict[str, int | None] = {}
    problems = []
    for node in t.walk(doc, t.Block):
        node_id = getattr(node, "id", None)
        if node_id is None:
            continue
        loc = getattr(node, "loc", None)
        line = loc.line if loc else None
        if node_id not in first_line:
            first_line[node_id] = line
            continue
        problems.append(Diagnostic(
            path, line, f"duplicate id {node_id!r} (first used on line {first_line[node_id]}); "
            "ids must be unique in a document", code="id"))
    return problems


class _Reader:
    def __init__(self, path: str):
        self.path = path

    def loc(self, el: etree._Element) -> t.Loc:
        return t.Loc(self.path, el.sourceline)

    def meta(self, root: etree._Element) -> t.Meta:
        m = root.find("meta")

        def text(tag: str) -> str | None:
            el = m.find(tag)
            return None if el is None else _nfc(el.text).strip()

        date = None
        if (raw := text("date")) is not None:
            try:
                date = dt.date.fromisoformat(raw)
            except ValueError:
                raise CicaError.at(
                    self.path, f"invalid date {raw!r}: write YYYY-MM-DD", m.find("date").sourceline
                ) from None
        return t.Meta(
            id=root.get("id"),
            kind=root.get("kind"),
            lang=root.get("lang"),
            master_lang=root.get("master-lang", "en"),
            title=text("title") or "",
            short_title=text("short-title"),
            reference=text("reference"),
            date=date,
            place=text("place"),
            addressees=tuple(_nfc(e.text).strip() for e in m.findall("addressee")),
            enclosures=tuple(_nfc(e.text).strip() for e in m.findall("enclosure")),
            series=text("series"),
            issue=text("issue"),
            period=text("period"),
        )

    def block(self, el: etree._Element) -> t.Block:
        tag = el.tag
        if tag in TEXT_BLOCKS:
            cls = TEXT_BLOCKS[tag]
            extra: dict[str, Any] = {}
            if cls is t.Heading:
                extra["level"] = int(el.get("level"))
            elif cls is t.Cell:
                extra["header"] = el.get("header") in ("true", "1")
            elif cls is t.Line:
                extra["role"] = el.get("role")
            return cls(el.get("id"), self.inlines(el), self.loc(el), **extra)
        if tag in CONTAINERS:
            container = CONTAINERS[tag]
            blocks = tuple(self.block(c) for c in el if isinstance(c.tag, str))
            extra = {}
            if container is t.Section:
                extra = {"kind": el.get("kind"), "id": el.get("id")}
            elif container is t.Aside:
                extra = {"kind": el.get("kind")}
            elif container is t.BulletList:
                extra = {"ordered": el.get("ordered") in ("true", "1")}
            return container(blocks, loc=self.loc(el), **extra)
        if tag == "reference":
            return t.Reference(self.loc(el))
        raise CicaError.at(self.path, f"unknown element <{tag}>", el.sourceline)

    def inlines(self, el: etree._Element) -> t.Inlines:
        out: list[t.Inline] = []
        if el.text:
            out.append(t.Text(_nfc(el.text)))
        for child in el:
            if isinstance(child.tag, str):
                out.append(self.inline(child))
            if child.tail:
                out.append(t.Text(_nfc(child.tail)))
        return tuple(out)

    def inline(self, el: etree._Element) -> t.Inline:
        tag = el.tag
        if tag == "br":
            return t.LineBreak()
        if tag == "noteref":
            return t.NoteRef(el.get("ref"))
        wrapping = WRAPPING_INLINES.get(tag)
        if wrapping is None:
            raise CicaError.at(self.path, f"unknown inline element <{tag}>", el.sourceline)
        kids = self.inlines(el)
        if wrapping is t.Link:
            return t.Link(kids, el.get("href"))
        if wrapping is t.Abbr:
            return t.Abbr(kids, el.get("title"))
        return wrapping(kids)  # type: ignore[call-arg]  # Emph, Strong, NoBreak: children only
