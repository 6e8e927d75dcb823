"""Readers: formats in, :class:`cica_publish.tree.Document` out.

:data:`READERS` maps a file suffix to a reader ``(path, meta) -> (document, remarks)``;
the ``import`` command picks one by the input's suffix. Readers of other engineers'
modules are imported when first used, so one reader's dependencies never slow the others.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from collections.abc import Callable

from .. import tree as t
from ..errors import Diagnostic
from .text import read_text

Reader = Callable[[Path, t.Meta], tuple[t.Document, list[Diagnostic]]]


def _read_docx(path: Path, meta: t.Meta) -> tuple[t.Document, list[Diagnostic]]:
    from .docx import read_docx

    return read_docx(path, meta)


def _read_xml(path: Path, meta: t.Meta) -> tuple[t.Document, list[Diagnostic]]:
    """A source file of our own vocabulary, imported under a new id, kind or language."""
    from .xml import read_source

    doc = read_source(path)
    own = dataclasses.replace(doc.meta, id=meta.id, kind=meta.kind, lang=meta.lang)
    return dataclasses.replace(doc, meta=own), []


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": _read_docx,
    ".xml": _read_xml,
}
