"""A document's template (POT): its messages (:mod:`.messages`) with what a translator needs to know.

Each entry says what the block is, the heading it sits under and the document's reference
code (``#.``), and the source line (``#:``). A block that is not running text says where it
is printed (:func:`places`): a digest's cover lines, by the rule the front matter uses
(masthead or headline), an advertisement, a contact block, a signature, so a translator
knows what a bare "VOICE OF ASIA" is.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Collection, Iterator

from .. import tree as t
from ..front import cover, mark_masthead, reference_line
from .messages import SHORT_TITLE_ID, TITLE_ID, iter_messages, meta_blocks, text_blocks
from .model import Catalog, Message

KIND_NAMES = {
    t.Paragraph: "paragraph", t.Heading: "heading", t.Dateline: "dateline",
    t.Caption: "photo caption", t.ListItem: "list item", t.Cell: "table cell",
    t.Line: "line", t.EnclosureLine: "enclosure line", t.ClosingFormula: "closing formula",
    t.PlaceDate: "place and date", t.Footnote: "footnote",
}


#: Where a block sits, when that is not the running text (a ``#.`` line of its entry).
MASTHEAD_NOTE = "cover: masthead (the magazine's name at the top of the cover)"
HEADLINE_NOTE = "cover: headline (a cover line announcing an article of the issue)"
ADVERTISEMENT_NOTE = "advertisement (a page or box of its own, not part of an article)"
CONTAINER_NOTES = {
    t.Contact: "contact block (keep addresses, numbers, e-mail and web addresses as they are)",
    t.Signature: "signature (the signatory's name and post)",
    t.Addressee: "addressee (whom the note is addressed to)",
    t.Letterhead: "letterhead (the issuing body)",
}
OUTSIDE_TEXT = (MASTHEAD_NOTE, HEADLINE_NOTE, ADVERTISEMENT_NOTE)  # no "under:" heading for these


def _blocks_with_heading(doc: t.Document, aside: Collection[str] = ()) -> Iterator[tuple[t.TextBlock, str | None]]:
    """Each block with the heading it sits under: for a heading, the nearest one of a higher
    level before it (its parent, not its sibling); headings whose id is in *aside* (the
    cover's, an advertisement's) head nothing of the running text."""
    open_headings: list[tuple[int, str]] = []  # (level, text), outermost first
    for block in text_blocks(doc):
        level = block.level if isinstance(block, t.Heading) and block.id not in aside else None
        while level is not None and open_headings and open_headings[-1][0] >= level:
            open_headings.pop()
        yield block, open_headings[-1][1] if open_headings else None
        if level is not None:
            open_headings.append((level, t.plain_text(block.content).strip()))


def places(doc: t.Document) -> dict[str, str]:
    """Where each block outside the running text sits, by block id (innermost wins)."""
    found: dict[str, str] = {}

    def mark(node: t.Node, note: str) -> None:
        found.update((b.id, note) for b in t.walk(node, t.TextBlock) if b.id is not None)

    for box in t.walk(doc, t.Container):
        if isinstance(box, t.Aside) and box.kind == "advertisement":
            mark(box, ADVERTISEMENT_NOTE)
        elif type(box) in CONTAINER_NOTES:
            mark(box, CONTAINER_NOTES[type(box)])
    front = cover(mark_masthead(doc))
    if front is not None:
        for part, note in ((front.masthead, MASTHEAD_NOTE), (front.headlines, HEADLINE_NOTE)):
            for block in part:
                mark(block, note)
    return found


def _describe(block: t.TextBlock, heading: str | None, doc: t.Document,
              place: str | None = None) -> tuple[str, ...]:
    ref = f", {reference_line(doc.meta)}" if doc.meta.reference else ""
    if block.id == TITLE_ID:
        return (f"document title — {doc.meta.kind} {doc.meta.id}{ref}",
                "the edition's title: cover, running heads, file properties, notes that forward it")
    if block.id == SHORT_TITLE_ID:
        return (f"document short title — {doc.meta.kind} {doc.meta.id}{ref}",
                "the running heads, instead of the title: keep it short (one line at the top of a page)")
    kind = KIND_NAMES.get(type(block), type(block).__name__.lower())
    if isinstance(block, t.Heading):
        kind += f" (level {block.level})"
    elif isinstance(block, t.Line) and block.role:
        kind += f" ({block.role})"
    lines = [f"{kind} — {doc.meta.kind} {doc.meta.id}{ref}"]
    if place:
        lines.append(place)
    if heading and not isinstance(block, t.Footnote) and place not in OUTSIDE_TEXT:
        lines.append(f"under: {heading if len(heading) <= 70 else heading[:69] + '…'}")
    return tuple(lines)


def project_id(doc: t.Document) -> str:
    """``Project-Id-Version``: the document id and its reference code."""
    return f"{doc.meta.id} {doc.meta.reference}" if doc.meta.reference else doc.meta.id


def template(doc: t.Document, root: Path, creation_date: str) -> Catalog:
    """The POT of *doc*: one entry per message, with context comments and source lines."""
    catalog = Catalog.new(None, project_id(doc), creation_date)
    messages = {block.id: (ctx, msgid) for block, ctx, msgid in iter_messages(doc)}
    where = places(doc)
    aside = {k for k, note in where.items() if note in OUTSIDE_TEXT}
    shown: dict[str, str] = {}  # a block's file as the references show it (resolved once)
    for block, heading in (*((b, None) for b in meta_blocks(doc)), *_blocks_with_heading(doc, aside)):
        if block.id not in messages:
            continue
        ctx, msgid = messages[block.id]
        locations: tuple[tuple[str, int | None], ...] = ()
        if block.loc is not None:
            if block.loc.path not in shown:
                path = Path(block.loc.path)
                try:
                    path = path.resolve().relative_to(root.resolve())
                except ValueError:
                    pass
                shown[block.loc.path] = path.as_posix()
            locations = ((shown[block.loc.path], block.loc.line),)
        catalog.add(Message(msgid, context=ctx, locations=locations,
                            auto_comments=_describe(block, heading, doc, where.get(block.id or ""))))
    return catalog
