"""Transforms: the steps that make an edition's tree from its master, in one declared order.

An edition's tree is the master source run through :data:`STEPS`, each at most once and
in this order, whatever order a caller lists them in (a writer gets one such tree per
language of the edition):

* front — mark the digest's masthead lines (``front.py``): it reads the master's words,
  so it runs before translation;
* translate — text from the catalogs (``translate.py``), before anything looks at words;
  none for the master language;
* labels — the layout words of the tree's language (``labels.py``), once it has one;
* order — a language's order of a document's parts (``front.note_order``: a Russian note's
  closing formula before its enclosure line), on the translated tree;
* number — sections, paragraphs, footnotes (``number.py``), as the layout asks, on the
  final structure;
* enclosure-pages — a note's enclosure line quotes its enclosure's printed page count
  (``number.py``), once the enclosure is built;
* circulated — a document a note encloses knows that note (``Meta.circulated``: its
  reference code and date), for its title block ("Circulated with Note Verbale …");
* typeset — quotes, dashes, no-break spaces per language (``typography.py``), last,
  because it rewrites the text the earlier steps produced.

:func:`edition_steps` declares them for an edition; results go on the tree, never into
settings, so the PDF and the DOCX carry the same numbers and the same typography.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from collections.abc import Callable, Iterable

from .. import tree as t
from ..front import mark_masthead, note_order
from ..layout import Layout
from .number import enclosure_pages, number
from .typography import typeset

#: The steps of an edition, in the order they run.
STEPS = ("front", "translate", "labels", "order", "number", "enclosure-pages", "circulated",
         "typeset")


@dataclass(frozen=True)
class Transform:
    """One step of the pipeline: its name (one of :data:`STEPS`) and what it does."""

    name: str
    apply: Callable[[t.Document], t.Document]


def run(doc: t.Document, transforms: Iterable[Transform]) -> t.Document:
    """Apply *transforms* to *doc* in the order of :data:`STEPS`, each at most once."""
    given: dict[str, Transform] = {}
    for step in transforms:
        if step.name not in STEPS or step.name in given:
            raise ValueError(f"step {step.name!r} is unknown or given twice (steps: {', '.join(STEPS)})")
        given[step.name] = step
    for name in STEPS:
        if name in given:
            doc = given[name].apply(doc)
    return doc


def edition_steps(layout: Layout, translate: Callable[[t.Document], t.Document] | None = None,
                  pages: int | None = None,
                  labels: Callable[[t.Document], t.Document] | None = None,
                  circulated: t.Circulation | None = None) -> list[Transform]:
    """The steps of one edition's tree in *layout*: front, *translate* (none for the master
    language), its *labels*, the language's order of parts, number as the layout asks, the
    enclosure's *pages* (a note's), the note it was *circulated* with (an enclosure's), typeset."""
    steps = [
        Transform("front", mark_masthead),
        Transform("order", note_order),
        Transform("number", lambda d: number(
            d, sections=layout.number_sections, paragraphs=layout.number_paragraphs)),
        Transform("typeset", typeset),
    ]
    if translate is not None:
        steps.append(Transform("translate", translate))
    if labels is not None:
        steps.append(Transform("labels", labels))
    if pages is not None:
        steps.append(Transform("enclosure-pages", partial(enclosure_pages, pages=pages)))
    if circulated is not None:
        steps.append(Transform("circulated", lambda d: dataclasses.replace(
            d, meta=dataclasses.replace(d.meta, circulated=circulated))))
    return steps
