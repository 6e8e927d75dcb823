"""What an edition built with ``--allow-untranslated`` shows in the master language.

Each fallback is marked where it stands and listed on the edition's last page, under the
catalog context a translator looks up (``<doc-id>/<block-id>``). The title and short title
are catalog messages too (``<doc-id>/@title``, ``<doc-id>/@short-title``) but no blocks of
the tree, so they are listed from ``Meta.title_translated`` and ``Meta.short_title_translated``.
Both writers lay out this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tree as t
from .catalogs.messages import context_of, untranslated_meta


@dataclass(frozen=True)
class Fallback:
    """One message shown in the master language: its catalog context and the text shown."""

    context: str
    content: t.Inlines


def fallbacks(doc: t.Document) -> list[Fallback]:
    """The title and short title (when they fell back) and every untranslated block, in reading order."""
    blocks = [b for b in t.text_blocks(doc) if b.translated is False]
    return [Fallback(context_of(doc, b), b.content) for b in (*untranslated_meta(doc), *blocks)]
