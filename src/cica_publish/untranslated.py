"""What an edition built with ``--allow-untranslated`` shows in the master language.

Each fallback is marked where it stands and listed on the edition's last page, under the
catalog context a translator looks up (``<doc-id>/<block-id>``). The title is a catalog
message too (``<doc-id>/@title``) but no block of the tree, so it is listed from
``Meta.title_translated``. Both writers lay out this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tree as t
from .catalogs.extract import context_of, title_block


@dataclass(frozen=True)
class Fallback:
    """One message shown in the master language: its catalog context and the text shown."""

    context: str
    content: t.Inlines


def fallbacks(doc: t.Document) -> list[Fallback]:
    """The title (when it fell back) and every untranslated block, in reading order."""
    title = [title_block(doc)] if doc.meta.title_translated is False else []
    blocks = [b for b in t.text_blocks(doc) if b.translated is False]
    return [Fallback(context_of(doc, b), b.content) for b in (*title, *blocks)]
