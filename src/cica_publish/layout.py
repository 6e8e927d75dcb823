"""Layouts and render options: what every writer (PDF, DOCX) receives besides the tree.

A layout is a folder ``layouts/<name>/`` with its print stylesheet (``print.css``), its
reference document (``reference.docx``, whose styles an editor can change in Word), a
``layout.toml`` describing its parts, and the fonts it names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol
from collections.abc import Sequence

from . import tree as t
from .errors import CicaError
from .project import Project

#: Which layout a document kind is set in.
LAYOUT_OF_KIND = {
    "note": "note",
    "report": "report",
    "digest": "digest",
    "brochure": "brochure",
    "review": "brochure",
}


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path

    @property
    def stylesheet(self) -> Path:
        return self.folder / "print.css"

    @property
    def reference_docx(self) -> Path:
        return self.folder / "reference.docx"

    @cached_property
    def settings(self) -> dict[str, Any]:
        """``layout.toml`` (none: no settings); invalid TOML is an error at the file."""
        path = self.folder / "layout.toml"
        if not path.is_file():
            return {}
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CicaError.at(path, f"invalid TOML: {exc}") from None

    @property
    def number_sections(self) -> bool:
        return bool(self.settings.get("number-sections", False))

    @property
    def number_paragraphs(self) -> bool:
        return bool(self.settings.get("number-paragraphs", False))


def layout_for(project: Project, kind: str) -> Layout:
    name = LAYOUT_OF_KIND.get(kind, kind)
    folder = project.layouts / name
    if not folder.is_dir():
        raise CicaError.at(project.layouts, f"no layout {name!r} for documents of kind {kind!r}")
    return Layout(name, folder)


@dataclass(frozen=True)
class RenderOptions:
    """How to render the trees a writer receives (one per language of the edition)."""

    bilingual: str = "pages"  # "pages": each language on its own pages; "side-by-side"
    pdf_variant: str | None = None  # e.g. "pdf/a-3b"
    allow_untranslated: bool = False
    preview: bool = False


@dataclass(frozen=True)
class WriteResult:
    path: Path
    pages: int | None = None


class Writer(Protocol):
    """A writer: one tree per language (same structure, ids and numbers) → one file at *out*."""

    def __call__(
        self, docs: Sequence[t.Document], layout: Layout, options: RenderOptions, out: Path
    ) -> WriteResult: ...
