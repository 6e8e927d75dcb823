"""Translate (after front, before number and typeset): text from a catalog, marked.

Each text block gets its content from the catalog entry of the same ``msgctxt`` and
``translated=True``; an entry that is missing, empty, fuzzy or made for an older
text keeps the master text with ``translated=False``, so the build can refuse it or
show the fallback — nothing falls back silently. Blocks with nothing to translate
(no letters: "2025", "№MIN/1076") count as translated. The title and the short title are
messages like blocks (``Meta.title``, marked in ``Meta.title_translated``; ``Meta.short_title``
likewise) and count in the progress.
The messages come from :func:`~cica_publish.catalogs.messages.iter_messages`, the same
definition the templates are extracted with.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from dataclasses import dataclass

from .. import tree as t
from ..catalogs.messages import META_MESSAGES, iter_messages, meta_blocks, untranslated_meta
from ..catalogs.markup import control_characters, from_markup
from ..catalogs.model import Catalog
from ..errors import CicaError, Diagnostic

def translate(doc: t.Document, catalog: Catalog, path: str = "<catalog>") -> t.Document:
    """The same tree with each block's text from *catalog* and its ``translated`` mark.

    A translation whose inline tags are broken raises :class:`CicaError` at
    *path*:line of the entry (a translator must fix it, not the build guess).
    """
    entries = catalog.by_context()
    new_content: dict[int, t.Inlines | None] = {}
    meta = doc.meta
    for block, ctx, msgid in iter_messages(doc):
        entry = entries.get(ctx)
        content = None
        if entry is not None and entry.translated and entry.id == msgid:
            if found := control_characters(entry.string):
                raise CicaError(Diagnostic(path, entry.lineno, f"[control] {ctx}: {found} of the "
                                           "translation: remove it", code="control"))
            content = from_markup(entry.string, path, entry.lineno)
        if (field := META_MESSAGES.get(block.id)) is not None:  # reserved: metadata, not a block
            text = t.plain_text(content) if content else getattr(meta, field)
            changes: dict[str, Any] = {field: text, f"{field}_translated": content is not None}
            meta = dataclasses.replace(meta, **changes)
        else:
            new_content[id(block)] = content

    def apply(block: t.Block) -> t.Block:
        if not isinstance(block, t.TextBlock):
            return block
        if id(block) not in new_content:  # nothing to translate
            return dataclasses.replace(block, translated=block.id is not None)
        content = new_content[id(block)]
        if content is None:
            return dataclasses.replace(block, translated=False)
        return dataclasses.replace(block, content=content, translated=True)

    result = t.map_blocks(doc, apply)
    lang = catalog.language or doc.meta.lang
    marks: dict[str, Any] = {f"{field}_translated": getattr(meta, f"{field}_translated") is not False
             for field in META_MESSAGES.values()}  # no message: nothing to translate
    return dataclasses.replace(result, meta=dataclasses.replace(meta, lang=lang, **marks))


@dataclass(frozen=True)
class Progress:
    """How much of a translated tree is translated (the completeness gate reads this)."""

    total: int
    translated: int
    fallback: tuple[str, ...]  # ids of blocks shown in the master language

    @property
    def complete(self) -> bool:
        return not self.fallback


def progress(doc: t.Document) -> Progress:
    """Counts of a tree after :func:`translate`: its blocks, its title and short title."""
    blocks = t.text_blocks(doc)
    fallback = (*(b.id or "?" for b in untranslated_meta(doc)),
                *(b.id or "?" for b in blocks if b.translated is False))
    total = len(blocks) + len(meta_blocks(doc))
    return Progress(total, total - len(fallback), fallback)
