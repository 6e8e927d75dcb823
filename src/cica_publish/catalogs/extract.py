"""The one definition of a document's messages, and its template (POT).

:func:`iter_messages` is used both to extract templates and by the translate transform
(as Sphinx's ``extract_messages`` serves its gettext builder and its i18n transform),
so the two can never disagree about what a message is. ``msgctxt`` is
``<doc-id>/<block-id>``: the stable id, never a position, so moving a paragraph
makes nothing fuzzy. The document's title (``Meta.title``, not a body block) is a
message too, ``<doc-id>/@title``: a translated edition must not keep the master title;
so is its short title for the running heads (``Meta.short_title``), ``<doc-id>/@short-title``.
A block that is not running text says where it is printed (:func:`places`): a digest's
cover lines, by the rule the front matter uses (masthead or headline), an advertisement,
a contact block, a signature, so a translator knows what a bare "VOICE OF ASIA" is.
A bilingual letterhead (lines in both scripts, as a note verbale's) is stationery,
printed as it is on every edition: it has nothing to translate.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Collection, Iterator

from .. import tree as t
from ..front import cover, mark_masthead, reference_line
from .markup import to_markup
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


def is_translatable(text: str) -> bool:
    """A message needs a translator only if it has letters (not "2025", "№MIN/1076")."""
    return any(ch.isalpha() for ch in text)


def context_of(doc: t.Document, block: t.TextBlock) -> str:
    """The ``msgctxt`` of *block*: ``<doc-id>/<block-id>``."""
    return f"{doc.meta.id}/{block.id}"


TITLE_ID = "@title"  # the title's "block id": no block has it (the schema's ids start with a letter)
SHORT_TITLE_ID = "@short-title"

#: The metadata that are messages: reserved "block id" → field of :class:`tree.Meta`,
#: whose translation is marked in the field ``<field>_translated`` (as ``TextBlock.translated``).
META_MESSAGES: dict[str | None, str] = {TITLE_ID: "title", SHORT_TITLE_ID: "short_title"}


def title_block(doc: t.Document) -> t.TextBlock:
    """The document's title as a text block of its own, outside the tree (located at its document)."""
    return t.TextBlock(TITLE_ID, (t.Text(doc.meta.title),), loc=doc.loc)


def meta_blocks(doc: t.Document) -> tuple[t.TextBlock, ...]:
    """The title, and the short title when there is one, as blocks outside the tree."""
    return tuple(t.TextBlock(key, (t.Text(value),), loc=doc.loc)
                 for key, field in META_MESSAGES.items() if (value := getattr(doc.meta, field)))


def untranslated_meta(doc: t.Document) -> tuple[t.TextBlock, ...]:
    """The :func:`meta_blocks` of a translated tree shown in the master language."""
    return tuple(b for b in meta_blocks(doc)
                 if getattr(doc.meta, f"{META_MESSAGES[b.id]}_translated") is False)


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def is_stationery(block: t.Container) -> bool:
    """A letterhead with lines in both scripts: the same on every edition, never translated."""
    if not isinstance(block, t.Letterhead):
        return False
    texts = (t.plain_text(line.content) for line in t.walk(block, t.TextBlock))
    return len({_cyrillic(text) for text in texts if is_translatable(text)}) > 1


def _blocks_with_heading(doc: t.Document, aside: Collection[str] = ()) -> Iterator[tuple[t.TextBlock, str | None]]:
    """Each block with the heading it sits under: for a heading, the nearest one of a higher
    level before it (its parent, not its sibling); headings whose id is in *aside* (the
    cover's, an advertisement's) head nothing of the running text."""
    fixed = {id(b) for c in t.walk(doc, t.Container) if is_stationery(c) for b in t.walk(c, t.TextBlock)}
    open_headings: list[tuple[int, str]] = []  # (level, text), outermost first
    for block in t.text_blocks(doc):
        if id(block) in fixed:
            continue
        level = block.level if isinstance(block, t.Heading) and block.id not in aside else None
        while level is not None and open_headings and open_headings[-1][0] >= level:
            open_headings.pop()
        yield block, open_headings[-1][1] if open_headings else None
        if level is not None:
            open_headings.append((level, t.plain_text(block.content).strip()))


def block_messages(doc: t.Document) -> Iterator[tuple[t.TextBlock, str, str]]:
    """``(block, msgctxt, msgid)`` for every translatable text block, in reading order."""
    for block, _ in _blocks_with_heading(doc):
        msgid = to_markup(block.content)
        if block.id is not None and is_translatable(msgid):
            yield block, context_of(doc, block), msgid


def iter_messages(doc: t.Document) -> Iterator[tuple[t.TextBlock, str, str]]:
    """Every message of *doc*: its title and short title (:func:`meta_blocks`) first, then its blocks."""
    for block in meta_blocks(doc):
        msgid = to_markup(block.content)
        if is_translatable(msgid):
            yield block, context_of(doc, block), msgid
    yield from block_messages(doc)


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
