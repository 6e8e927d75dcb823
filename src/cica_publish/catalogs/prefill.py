"""Catalog entries the tool writes for the translator: prefilled, and restated.

A new document may have translations before any translator sees it (a note's formulas
from the phrasebook): :func:`prefilled` makes its catalog from the template with those
filled in and marked. When the tool changes a source text itself (a note's enclosure
line after the enclosure's page count changed), :func:`restate` updates the entry's
``msgid`` and translation together, so it does not turn fuzzy for a change no one made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from .model import Catalog, Message


def prefilled(template: Catalog, lang: str, project_id: str, strings: Mapping[str, str],
              comment: str) -> Catalog:
    """A *lang* catalog of *template*'s entries; those whose context is in *strings* are
    translated, with *comment* saying where the translation comes from."""
    catalog = Catalog.new(lang, project_id)
    for message in template:
        string = strings.get(message.context or "", "")
        comments = message.auto_comments + ((comment,) if string else ())
        catalog.add(Message(message.id, string, message.context, message.locations,
                            auto_comments=comments))
    return catalog


def restate(catalog: Catalog, context: str, msgid: str, rewrite: Callable[[str], str]) -> None:
    """Give the entry *context* its new source text *msgid* and its translation rewritten."""
    catalog.messages = [dataclasses.replace(m, id=msgid, string=rewrite(m.string)) if m.context == context else m
                        for m in catalog.messages]
