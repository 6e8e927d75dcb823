"""The one definition of a document's messages: which texts a translator translates, and their ``msgctxt``.

:func:`iter_messages` is used both to extract templates (:mod:`.extract`) and by the
translate transform (as Sphinx's ``extract_messages`` serves its gettext builder and its
i18n transform), so the two can never disagree about what a message is. It reads the tree
only; what a template says about each message (its ``#.`` comments) is :mod:`.extract`'s.
``msgctxt`` is ``<doc-id>/<block-id>``: the stable id, never a position, so moving a
paragraph makes nothing fuzzy. The document's title (``Meta.title``, not a body block) is a
message too, ``<doc-id>/@title``: a translated edition must not keep the master title;
so is its short title for the running heads (``Meta.short_title``), ``<doc-id>/@short-title``.
A bilingual letterhead (lines in both scripts, as a note verbale's) is stationery,
printed as it is on every edition: it has nothing to translate.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import tree as t
from .markup import to_markup


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


def text_blocks(doc: t.Document) -> Iterator[t.TextBlock]:
    """The text blocks of *doc* in reading order, without the stationery's (:func:`is_stationery`)."""
    fixed = {id(b) for c in t.walk(doc, t.Container) if is_stationery(c) for b in t.walk(c, t.TextBlock)}
    return (block for block in t.text_blocks(doc) if id(block) not in fixed)


def block_messages(doc: t.Document) -> Iterator[tuple[t.TextBlock, str, str]]:
    """``(block, msgctxt, msgid)`` for every translatable text block, in reading order."""
    for block in text_blocks(doc):
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
