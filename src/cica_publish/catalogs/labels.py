"""The catalog of the layout words (:mod:`cica_publish.labels`): its template, and each
language's translations, put into an edition's tree by the build's labels step."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import tree as t
from ..labels import ENGLISH, NAME, context
from .model import Catalog, Message
from .po import read_po_file


def template() -> Catalog:
    """The labels' POT: one entry per label, ``msgctxt`` ``labels/<key>``."""
    catalog = Catalog.new(None, NAME)
    for key, (pattern, where) in ENGLISH.items():
        flags = ("python-brace-format",) if "{" in pattern else ()
        catalog.add(Message(pattern, context=context(key), flags=flags,
                            auto_comments=(f"layout words — {where}",)))
    return catalog


def load(locale: Path, lang: str) -> tuple[tuple[str, str], ...]:
    """``(key, pattern)`` of *lang*'s translated labels (made for the present English);
    nothing for the master language or a language without a labels catalog."""
    path = locale / lang / "LC_MESSAGES" / f"{NAME}.po"
    if not path.is_file():
        return ()
    entries = read_po_file(path).by_context()
    return tuple((key, m.string) for key, (pattern, _) in ENGLISH.items()
                 if (m := entries.get(context(key))) is not None and m.translated and m.id == pattern)


def with_labels(doc: t.Document, locale: Path) -> t.Document:
    """*doc* with the layout words of its language from the catalogs under *locale*."""
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, labels=load(locale, doc.meta.lang)))
