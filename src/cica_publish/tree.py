"""The document tree: the one vocabulary every reader produces and every writer consumes.

A small, closed set of frozen dataclasses (as pandoc-types' ``Definition.hs``):
:class:`Document` holds :class:`Meta`, body blocks and footnotes. Blocks are either
*text blocks* (a leaf with an ``id`` and inline ``content``: the unit of translation)
or *containers* of other blocks. Transforms return new trees (``dataclasses.replace``);
a translated tree differs from its source only in text and ``translated`` marks.

Every node may carry ``loc`` (source path and line) so that any diagnostic can point
at the place a user can open.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from typing import TypeVar
from collections.abc import Callable, Iterator

# ---------------------------------------------------------------- locations


@dataclass(frozen=True)
class Loc:
    """Where a node came from: a file and a 1-based line (and column)."""

    path: str
    line: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class Node:
    """Base of every tree node."""


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Inline(Node):
    """Base of inline content."""


@dataclass(frozen=True)
class Text(Inline):
    text: str


@dataclass(frozen=True)
class Emph(Inline):
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong(Inline):
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link(Inline):
    children: tuple[Inline, ...]
    href: str


@dataclass(frozen=True)
class Abbr(Inline):
    """An abbreviation (``CICA``) with its expansion, for readers and QA."""

    children: tuple[Inline, ...]
    title: str | None = None


@dataclass(frozen=True)
class NoBreak(Inline):
    """A span that must not break across lines (a reference code, a name)."""

    children: tuple[Inline, ...]


#: The inlines that wrap other inlines (``children``): what a transform of the text descends into.
Wrapping = Emph | Strong | Link | Abbr | NoBreak
WRAPPING = (Emph, Strong, Link, Abbr, NoBreak)


@dataclass(frozen=True)
class LineBreak(Inline):
    """A forced line break inside a block (letterheads, addresses)."""


@dataclass(frozen=True)
class NoteRef(Inline):
    """A reference to a footnote of the document, by footnote id."""

    ref: str


Inlines = tuple[Inline, ...]


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block(Node):
    """Base of block content."""


@dataclass(frozen=True)
class TextBlock(Block):
    """A leaf block: one translatable unit with a stable ``id``.

    ``translated`` is ``None`` in a source tree, and ``True``/``False`` after the
    translate transform (``False`` marks a visible fallback to the master text).
    """

    id: str | None
    content: Inlines
    loc: Loc | None = field(default=None, compare=False)
    translated: bool | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Paragraph(TextBlock):
    number: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Heading(TextBlock):
    level: int = field(default=1, kw_only=True)
    number: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Dateline(TextBlock):
    """"Baku, 15-17 January 2025 –" at the head of a news item."""


@dataclass(frozen=True)
class Caption(TextBlock):
    """A photo caption."""


@dataclass(frozen=True)
class ListItem(TextBlock):
    pass


@dataclass(frozen=True)
class Cell(TextBlock):
    header: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Line(TextBlock):
    """One line of a letterhead, signature, address or addressee block."""

    role: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class EnclosureLine(TextBlock):
    """"Enclosure: as stated on 11 p." of a note verbale."""


@dataclass(frozen=True)
class ClosingFormula(TextBlock):
    """The closing formula of a note verbale ("avails itself of this opportunity…")."""


@dataclass(frozen=True)
class PlaceDate(TextBlock):
    """"Astana, 16 September 2025" at the foot of a note."""


@dataclass(frozen=True)
class Footnote(TextBlock):
    number: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Reference(Block):
    """The reference code line (``№MIN/1076``), generated from ``Meta.reference``."""

    loc: Loc | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Container(Block):
    """A block that holds other blocks."""

    blocks: tuple[Block, ...]
    loc: Loc | None = field(default=None, compare=False, kw_only=True)


@dataclass(frozen=True)
class Section(Container):
    """A titled part of a document.

    ``kind`` names digest sections (``spotlight``, ``month``, ``activities``,
    ``flash``, ``foreword``) and ``article``/``part`` elsewhere.
    """

    kind: str = field(default="part", kw_only=True)
    id: str | None = field(default=None, kw_only=True)
    number: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Quote(Container):
    pass


@dataclass(frozen=True)
class BulletList(Container):
    """A list of :class:`ListItem` blocks; ``ordered`` lists are numbered."""

    ordered: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Row(Container):
    """A table row of :class:`Cell` blocks."""


@dataclass(frozen=True)
class Table(Container):
    """A table of :class:`Row` blocks."""


@dataclass(frozen=True)
class Letterhead(Container):
    """The issuing body's letterhead (lines)."""


@dataclass(frozen=True)
class Addressee(Container):
    """The addressee block of a note (lines)."""


@dataclass(frozen=True)
class Signature(Container):
    """A signature: lines with roles ``name`` and ``title``."""


@dataclass(frozen=True)
class Contact(Container):
    """An address/contact block (lines)."""


@dataclass(frozen=True)
class Aside(Container):
    """Material that is not part of the running text.

    ``kind="advertisement"`` (set on a page of its own) or ``kind="furniture"``
    (mastheads, cover lines) — kept so that nothing of the source is lost, but
    never mixed into articles.
    """

    kind: str = field(default="advertisement", kw_only=True)


# ---------------------------------------------------------------- document

DOCUMENT_KINDS = ("note", "report", "digest", "brochure", "review")


@dataclass(frozen=True)
class Circulation:
    """The note verbale a document went out with (a note lists it as its enclosure): its
    reference code and date. Not in the document's source: the build finds it among the
    notes (one with its reference code and date: sent) and sets it (the ``circulated``
    step), so the title block can say so."""

    reference: str
    date: _dt.date


@dataclass(frozen=True)
class Meta:
    id: str
    kind: str
    lang: str
    master_lang: str = "en"
    title: str = ""
    reference: str | None = None
    date: _dt.date | None = None
    place: str | None = None
    addressees: tuple[str, ...] = ()
    enclosures: tuple[str, ...] = ()
    series: str | None = None
    issue: str | None = None
    period: str | None = None
    # as TextBlock.translated, for the title: None in a source, False if shown in the master language
    title_translated: bool | None = None
    # the title the running heads show when the title is too long for them (optional)
    short_title: str | None = None
    short_title_translated: bool | None = None  # as title_translated
    # the layout words of this edition's language, (key, pattern): see labels.py (set by the build)
    labels: tuple[tuple[str, str], ...] = ()
    # the note this document was circulated with, if a note encloses it (set by the build)
    circulated: Circulation | None = None


@dataclass(frozen=True)
class Document(Node):
    meta: Meta
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()
    loc: Loc | None = field(default=None, compare=False)


# ---------------------------------------------------------------- walking

N = TypeVar("N", bound=Node)


def children(node: Node) -> Iterator[Node]:
    """The child nodes of *node*, in document order."""
    if isinstance(node, Document):
        yield from node.blocks
        yield from node.footnotes
    elif isinstance(node, Container):
        yield from node.blocks
    elif isinstance(node, TextBlock):
        yield from node.content
    elif isinstance(node, (Emph, Strong, Link, Abbr, NoBreak)):
        yield from node.children


def walk(node: Node, cls: type[N] = Node) -> Iterator[N]:  # type: ignore[assignment]
    """Every node below *node* (itself included) that is an instance of *cls*, in order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cls):
            yield current
        stack.extend(reversed(list(children(current))))


def text_blocks(doc: Document) -> list[TextBlock]:
    """The translatable leaves of *doc* in reading order (body first, then footnotes)."""
    return list(walk(doc, TextBlock))


def map_blocks(doc: Document, fn: Callable[[Block], Block]) -> Document:
    """Rebuild *doc* bottom-up, passing every block (leaf or container) through *fn*."""

    def rebuild(block: Block) -> Block:
        if isinstance(block, Container):
            block = dataclasses.replace(block, blocks=tuple(rebuild(b) for b in block.blocks))
        return fn(block)

    return dataclasses.replace(
        doc,
        blocks=tuple(rebuild(b) for b in doc.blocks),
        footnotes=tuple(fn(f) for f in doc.footnotes),  # type: ignore[misc]
    )


def plain_text(inlines: Inlines) -> str:
    """The text of inline content with all markup dropped."""
    out: list[str] = []
    for node in inlines:
        for leaf in walk(node, Inline):
            if isinstance(leaf, Text):
                out.append(leaf.text)
            elif isinstance(leaf, LineBreak):
                out.append("\n")
    return "".join(out)
