"""Layouts and render options: what every writer (PDF, DOCX) receives besides the tree.

A layout is a folder ``layouts/<name>/`` with its print stylesheet (``print.css``), its
reference document (``reference.docx``, whose styles an editor can change in Word), a
``layout.toml`` declaring what it does, and the fonts it names. The writers and
``front.py`` read the declarations (:class:`Layout`'s properties), never a layout's name,
so a new layout is a new folder: ``layout.toml``'s ``kinds`` say which documents use it.
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

#: What ``layout.toml`` declares, and what each declaration makes the writers do.
FLAGS = {
    "title-block": "open with a title block: issuer, reference code, date, title (front.title_block)",
    "title-block-issuer": "the title block names the issuer (the 'issuer' label) when the body has "
                          "no letterhead of its own",
    "cover": "open with a cover: masthead, the issue's period, headlines (front.cover)",
    "title-page": "the title block has a page of its own (a brochure's or review's title page)",
    "contents": "a table of contents after the cover",
    "number-sections": "number the sections (I, A, 1 …)",
    "number-paragraphs": "number the paragraphs (1, 2 …, UN style)",
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

    def flag(self, name: str) -> bool:
        """A declaration of :data:`FLAGS` (absent: false); anything but true or false is an error."""
        if name not in FLAGS:
            raise ValueError(f"no layout declaration {name!r} (declarations: {', '.join(FLAGS)})")
        value = self.settings.get(name, False)
        if not isinstance(value, bool):
            raise CicaError.at(self.folder / "layout.toml", f"{name} must be true or false, not {value!r}")
        return value

    @property
    def kinds(self) -> tuple[str, ...]:
        """The document kinds set in this layout (``kinds``; default: the one its name says)."""
        kinds = self.settings.get("kinds", [self.name])
        if not (isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)):
            raise CicaError.at(self.folder / "layout.toml", f"kinds must be a list of names, not {kinds!r}")
        return tuple(kinds)

    @property
    def title_block(self) -> bool:
        return self.flag("title-block")

    @property
    def names_issuer(self) -> bool:
        return self.flag("title-block-issuer")

    @property
    def cover(self) -> bool:
        return self.flag("cover")

    @property
    def title_page(self) -> bool:
        return self.flag("title-page")

    @property
    def contents(self) -> bool:
        return self.flag("contents")

    @property
    def number_sections(self) -> bool:
        return self.flag("number-sections")

    @property
    def number_paragraphs(self) -> bool:
        return self.flag("number-paragraphs")


def layout_for(project: Project, kind: str) -> Layout:
    """The layout whose ``kinds`` name *kind*: exactly one folder of ``layouts/`` must."""
    folders = sorted(p for p in project.layouts.glob("*/") if p.is_dir()) if project.layouts.is_dir() else []
    found = [layout for layout in (Layout(p.name, p) for p in folders) if kind in layout.kinds]
    if len(found) != 1:
        which = f"layouts {', '.join(x.name for x in found)} all" if found else "no layout"
        raise CicaError.at(project.layouts, f"{which} set documents of kind {kind!r} "
                           "(`kinds` in their layout.toml)")
    return found[0]


@dataclass(frozen=True)
class RenderOptions:
    """How to render the trees a writer receives (one per language of the edition)."""

    bilingual: str = "pages"  # "pages": each language on its own pages; "side-by-side"
    pdf_variant: str | None = None  # e.g. "pdf/a-3b"
    allow_untranslated: bool = False
    preview: bool = False
    # (anchor, page) of the same edition's PDF, for writers whose contents show page numbers
    # (a DOCX's saved contents): the build passes the current PDF's, so it is laid out once
    anchor_pages: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class WriteResult:
    path: Path
    pages: int | None = None
    anchor_pages: tuple[tuple[str, int], ...] = ()  # a PDF with a contents page: where each anchor is


class Writer(Protocol):
    """A writer: one tree per language (same structure, ids and numbers) → one file at *out*."""

    def __call__(
        self, docs: Sequence[t.Document], layout: Layout, options: RenderOptions, out: Path
    ) -> WriteResult: ...
