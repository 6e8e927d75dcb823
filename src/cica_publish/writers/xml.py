"""Write a document tree as a source XML file.

Containers are indented one element per line; text blocks are written on one line
with their inline markup, so whitespace in the text is exactly what the tree holds.
No-break spaces, soft hyphens and ``№`` are written as characters, never entities.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import tree as t
from ..fsutil import write_if_changed
from ..vocabulary import TAG_OF

INDENT = "  "


def _text(s: str) -> str:
    return escape(unicodedata.normalize("NFC", s))


def _attrs(pairs: Sequence[tuple[str, str | None]]) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in pairs if v is not None)


def inlines_to_xml(content: t.Inlines) -> str:
    out: list[str] = []
    for node in content:
        if isinstance(node, t.Text):
            out.append(_text(node.text))
        elif isinstance(node, t.LineBreak):
            out.append("<br/>")
        elif isinstance(node, t.NoteRef):
            out.append(f"<noteref{_attrs([('ref', node.ref)])}/>")
        elif isinstance(node, (t.Emph, t.Strong, t.Link, t.Abbr, t.NoBreak)):
            tag = TAG_OF[type(node)]
            attrs: list[tuple[str, str | None]] = []
            if isinstance(node, t.Link):
                attrs = [("href", node.href)]
            elif isinstance(node, t.Abbr):
                attrs = [("title", node.title)]
            out.append(f"<{tag}{_attrs(attrs)}>{inlines_to_xml(node.children)}</{tag}>")
        else:
            raise TypeError(f"the XML writer does not know inline {type(node).__name__}")
    return "".join(out)


def _block(block: t.Block, depth: int, out: list[str]) -> None:
    pad = INDENT * depth
    tag = TAG_OF.get(type(block))
    if tag is None:
        raise TypeError(f"the XML writer does not know block {type(block).__name__}")
    if isinstance(block, t.TextBlock):
        attrs: list[tuple[str, str | None]] = [("id", block.id)]
        if isinstance(block, t.Heading):
            attrs.insert(0, ("level", str(block.level)))
        elif isinstance(block, t.Cell) and block.header:
            attrs.append(("header", "true"))
        elif isinstance(block, t.Line):
            attrs.append(("role", block.role))
        out.append(f"{pad}<{tag}{_attrs(attrs)}>{inlines_to_xml(block.content)}</{tag}>")
    elif isinstance(block, t.Container):
        attrs = []
        if isinstance(block, t.Section):
            attrs = [("kind", block.kind), ("id", block.id)]
        elif isinstance(block, t.Aside):
            attrs = [("kind", block.kind)]
        elif isinstance(block, t.BulletList) and block.ordered:
            attrs = [("ordered", "true")]
        out.append(f"{pad}<{tag}{_attrs(attrs)}>")
        for child in block.blocks:
            _block(child, depth + 1, out)
        out.append(f"{pad}</{tag}>")
    elif isinstance(block, t.Reference):
        out.append(f"{pad}<reference/>")
    else:
        raise TypeError(f"the XML writer does not know block {type(block).__name__}")


def _meta(meta: t.Meta, out: list[str]) -> None:
    out.append(f"{INDENT}<meta>")

    def el(tag: str, value: str | None) -> None:
        if value is not None:
            out.append(f"{INDENT * 2}<{tag}>{_text(value)}</{tag}>")

    el("title", meta.title)
    el("short-title", meta.short_title)
    el("reference", meta.reference)
    el("date", meta.date.isoformat() if meta.date else None)
    el("place", meta.place)
    for a in meta.addressees:
        el("addressee", a)
    for e in meta.enclosures:
        el("enclosure", e)
    el("series", meta.series)
    el("issue", meta.issue)
    el("period", meta.period)
    out.append(f"{INDENT}</meta>")


def to_xml(doc: t.Document) -> str:
    """Serialise *doc* as source XML (a complete file, ending with a newline)."""
    m = doc.meta
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    attrs = [("id", m.id), ("kind", m.kind), ("lang", m.lang), ("master-lang", m.master_lang)]
    out.append(f"<document{_attrs(attrs)}>")
    _meta(m, out)
    out.append(f"{INDENT}<body>")
    for block in doc.blocks:
        _block(block, 2, out)
    out.append(f"{INDENT}</body>")
    if doc.footnotes:
        out.append(f"{INDENT}<footnotes>")
        for note in doc.footnotes:
            _block(note, 2, out)
        out.append(f"{INDENT}</footnotes>")
    out.append("</document>")
    return "\n".join(out) + "\n"


def write_source(doc: t.Document, path: str | Path) -> bool:
    """Write *doc* to *path* atomically; returns whether the file changed."""
    return write_if_changed(path, to_xml(doc))
