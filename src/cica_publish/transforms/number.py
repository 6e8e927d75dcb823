"""Numbering on the tree (after translate, before typeset).

Numbers are computed once here and only laid out by the writers, so the English, Russian
and bilingual editions and the PDF and DOCX carry the same numbers:

* headings by level, UN style: I, II … (chapters), A, B … (their parts), 1, 2 … (deeper);
  a section takes the number of its own heading;
* paragraphs of the running text 1, 2, 3 … through the whole document (UN-style reports);
* footnotes 1, 2, 3 … in the order of their first reference (unreferenced ones after).
"""

from __future__ import annotations

import dataclasses
from typing import Any
import re
import string

from .. import tree as t

#: Containers whose paragraphs are not part of the numbered running text.
_UNNUMBERED_IN = (t.Quote, t.Aside, t.Letterhead, t.Addressee, t.Signature, t.Contact,
                  t.Table, t.BulletList)

_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90),
          ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def label(number: str) -> str:
    """How every writer prints a number before its heading or paragraph: "1.", "IV.", "A."."""
    return f"{number}."


def roman(n: int) -> str:
    out = []
    for sym, value in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """A … Z, AA … (Latin in both languages, so the editions agree)."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = string.ascii_uppercase[rem] + out
    return out


def heading_label(rank: int, n: int) -> str:
    return roman(n) if rank == 1 else letters(n) if rank == 2 else str(n)


def heading_ranks(doc: t.Document) -> dict[int, int]:
    """Heading level → numbering rank (1 = chapters), skipping a single title heading.

    A document whose top level holds one heading only (the title set as a heading) numbers
    its chapters from the next level: "I. INTRODUCTION", not "I. REPORT OF …".
    """
    levels = [h.level for h in t.walk(doc, t.Heading)]
    used = sorted(set(levels))
    if len(used) > 1 and levels.count(used[0]) == 1:
        used = used[1:]
    return {level: n for n, level in enumerate(used, start=1)}


def number(doc: t.Document, *, sections: bool = True, paragraphs: bool = False) -> t.Document:
    """*doc* with Heading/Section/Paragraph/Footnote numbers set."""
    counters = [0] * 7
    para = 0
    rank = heading_ranks(doc)

    def visit(block: t.Block, inside_unnumbered: bool) -> t.Block:
        nonlocal para
        if isinstance(block, t.Heading) and sections and not inside_unnumbered and block.level in rank:
            level = rank[block.level]
            counters[level] += 1
            for deeper in range(level + 1, len(counters)):
                counters[deeper] = 0
            return dataclasses.replace(block, number=heading_label(level, counters[level]))
        if isinstance(block, t.Paragraph) and paragraphs and not inside_unnumbered:
            para += 1
            return dataclasses.replace(block, number=str(para))
        if isinstance(block, t.Container):
            quiet = inside_unnumbered or isinstance(block, _UNNUMBERED_IN)
            kids = tuple(visit(b, quiet) for b in block.blocks)
            extra: dict[str, Any] = {}
            if isinstance(block, t.Section):
                first = next((k for k in kids if isinstance(k, t.Heading)), None)
                extra["number"] = first.number if first is not None else None
            return dataclasses.replace(block, blocks=kids, **extra)
        return block

    blocks = tuple(visit(b, False) for b in doc.blocks)
    return dataclasses.replace(doc, blocks=blocks, footnotes=number_footnotes(doc))


def number_footnotes(doc: t.Document) -> tuple[t.Footnote, ...]:
    order: dict[str, int] = {}
    for ref in t.walk(dataclasses.replace(doc, footnotes=()), t.NoteRef):
        order.setdefault(ref.ref, len(order) + 1)
    keys = [note.id or f"#{i}" for i, note in enumerate(doc.footnotes)]
    for key in keys:
        order.setdefault(key, len(order) + 1)
    numbered = [dataclasses.replace(n, number=str(order[k])) for n, k in zip(doc.footnotes, keys)]
    return tuple(sorted(numbered, key=lambda n: int(n.number or 0)))


#: The page count in an enclosure line: its first number (see :func:`enclosure_pages`).
PAGE_COUNT = re.compile(r"\d+")


def enclosure_pages(doc: t.Document, pages: int) -> t.Document:
    """*doc* with the page count in its enclosure line set to the enclosure's real *pages*.

    The note is built after its enclosure, so "as stated on 11 p." quotes the page count
    of the enclosure as it is printed, not as it was once typed.
    """

    def fn(block: t.Block) -> t.Block:
        if not isinstance(block, t.EnclosureLine):
            return block
        done = False

        def once(match: re.Match[str]) -> str:
            nonlocal done
            if done:
                return match.group()
            done = True
            return str(pages)

        def sub(inlines: t.Inlines) -> t.Inlines:
            return tuple(
                t.Text(PAGE_COUNT.sub(once, n.text)) if isinstance(n, t.Text)
                else dataclasses.replace(n, children=sub(n.children)) if isinstance(n, t.WRAPPING)
                else n
                for n in inlines
            )

        return dataclasses.replace(block, content=sub(block.content))

    return t.map_blocks(doc, fn)
