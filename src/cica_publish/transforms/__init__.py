"""Transforms: small, ordered steps, each taking a document tree and returning a new one.

Every transform carries its ``priority`` (docutils' ``default_priority``); a pipeline runs
them sorted by (priority, order added). The bands are documented here so a new step knows
where it goes:

* 50 front — mark the digest's masthead lines (``front.py``): it reads the master's words,
  so it runs before translation (and again, as a no-op, on a translated tree);
* 100 translate — text from the catalogs (``translate.py``), before anything looks at words;
* 300 number — sections, paragraphs, footnotes (``number.py``), on the final structure;
* 500 typeset — quotes, dashes, no-break spaces per language (``typography.py``), last,
  because it rewrites the text the earlier steps produced.

Writers ask for the steps they need (:func:`standard`); results go on the tree, never into
settings, so the PDF and the DOCX carry the same numbers and the same typography.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable

from .. import tree as t

FRONT, NUMBER, TYPESET = 50, 300, 500  # translate.py declares its own PRIORITY = 100


@dataclass(frozen=True)
class Transform:
    """One named step of the pipeline at a priority band."""

    name: str
    priority: int
    apply: Callable[[t.Document], t.Document]


def run(doc: t.Document, transforms: Iterable[Transform]) -> t.Document:
    """Apply *transforms* to *doc* in (priority, order given) order."""
    ordered = sorted(enumerate(transforms), key=lambda pair: (pair[1].priority, pair[0]))
    for _, step in ordered:
        doc = step.apply(doc)
    return doc


def standard(number_paragraphs: bool = False, number_sections: bool = False) -> list[Transform]:
    """The steps every print writer needs: front matter, number, then typeset."""
    from ..front import mark_masthead
    from .number import number
    from .typography import typeset

    return [
        Transform("front", FRONT, mark_masthead),
        Transform("number", NUMBER, lambda d: number(
            d, sections=number_sections, paragraphs=number_paragraphs)),
        Transform("typeset", TYPESET, typeset),
    ]
