"""Hyphenation limits WeasyPrint has no property for, applied on the laid-out pages.

``hyphenate-limit-chars`` is CSS (writers/html.py), but ``hyphenate-limit-lines`` and
``hyphenate-limit-last`` are not implemented by WeasyPrint, so after a render this module
reads the line boxes and finds the breaks a publications unit refuses: a name or a word in
capitals hyphenated (:data:`~cica_publish.transforms.typography.NAME`), the third hyphenated
line in a row, a hyphen on the last line of a page (the reader turns the page mid-word) and
on a paragraph's last line but one (its last line would hold the end of a word). The writer
then sets those words ``hyphens: manual`` in their paragraph and renders again (a few rounds:
a changed line can move others). Known cost: WeasyPrint 70 sometimes breaks a justified line
too early after an inline span, so a paragraph with a kept word may get one loose line
(review-2021: one in 32 pages); that is why names are not wrapped in advance.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.builder import E
from weasyprint.formatting_structure import boxes

from ..transforms.typography import NAME

#: The class the stylesheet sets ``hyphens: manual`` on (writers/html.py BASE_CSS).
NOHYPH = "nohyph"
MAX_RUN = 2  # hyphenated lines in a row
_WORD_END = re.compile(r"([^\W\d_]+)-$")
_WORD_START = re.compile(r"^([^\W\d_]+)")


@dataclass(frozen=True)
class _Line:
    page: int
    element: Any  # the paragraph's element in WeasyPrint's tree (its identity groups lines)
    text: str


def _lines(box, page: int) -> Iterator[_Line]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield _Line(page, child.element, "".join(_texts(child)).rstrip())
        else:
            yield from _lines(child, page)


def _texts(box) -> Iterator[str]:
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def _hyphenated(line: _Line, following: _Line, source: str) -> str | None:
    """The word *line* ends by hyphenating (joined again), or None: a compound's own hyphen
    ("confidence-" / "building") is in the source text, a hyphenation is not."""
    end, start = _WORD_END.search(line.text), _WORD_START.search(following.text.lstrip())
    if end is None or start is None:
        return None
    head, tail = end.group(1), start.group(1)
    if f"{head}-{tail}" in source or head + tail not in source:
        return None
    return head + tail


def bad_breaks(pages) -> dict[str, set[str]]:
    """Words to keep whole, by the id of their paragraph, on WeasyPrint's laid-out *pages*."""
    by_element: dict[Any, list[_Line]] = defaultdict(list)
    for number, page in enumerate(pages):
        for line in _lines(page._page_box, number):
            by_element[line.element].append(line)
    parents = {child: parent for page in pages[:1]
               for parent in page._page_box.children[0].element.iter() for child in parent}
    found: dict[str, set[str]] = defaultdict(set)
    for element, lines in by_element.items():
        ident = _id(element, parents)
        if not ident or len(lines) < 2:
            continue
        source = "".join(element.itertext())
        run = 0
        for i, (line, following) in enumerate(zip(lines, lines[1:])):
            word = _hyphenated(line, following, source)
            run = run + 1 if word else 0
            if word and (run > MAX_RUN or following.page != line.page or i == len(lines) - 2
                         or NAME.match(line.text.split()[-1].lstrip("([«“\"'‘„"))):
                found[ident].add(word)
    return found


def _id(element, parents: dict) -> str | None:
    """The id of *element* or of its nearest ancestor that has one (a list item's list)."""
    while element is not None and not element.get("id"):
        element = parents.get(element)
    return None if element is None else element.get("id")


def keep_whole(html: etree._Element, words: dict[str, set[str]]) -> int:
    """Wrap each of *words* in a ``nohyph`` span inside the element of that id; how many."""
    done = 0
    for ident, wanted in words.items():
        found = html.xpath("//*[@id=$id]", id=ident)
        if not found:
            continue
        pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(wanted))) + r")(?!\w)")
        for node in list(found[0].iter()):
            if node.get("class") != NOHYPH:  # its own text is kept whole already, not its tail
                done += _wrap_text(node, pattern)
            done += _wrap_tail(node, pattern)
    return done


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str | etree._Element]:
    out: list[str | etree._Element] = []
    pos = 0
    for match in pattern.finditer(text):
        out += [text[pos:match.start()], E.span(match.group(), {"class": NOHYPH})]
        pos = match.end()
    return [*out, text[pos:]]


def _wrap_text(node: etree._Element, pattern: re.Pattern[str]) -> int:
    if not node.text or not pattern.search(node.text) or node.tag in ("style", "script"):
        return 0
    first, *rest = _pieces(node.text, pattern)
    node.text = first
    _insert(node, 0, rest)
    return len(rest) // 2


def _wrap_tail(node: etree._Element, pattern: re.Pattern[str]) -> int:
    parent = node.getparent()
    if parent is None or not node.tail or not pattern.search(node.tail):
        return 0
    first, *rest = _pieces(node.tail, pattern)
    node.tail = first
    _insert(parent, parent.index(node) + 1, rest)
    return len(rest) // 2


def _insert(parent: etree._Element, index: int, rest: list) -> None:
    """Insert spans with their following text (``rest`` alternates span, text)."""
    for span, text in zip(rest[::2], rest[1::2]):
        span.tail = text
        parent.insert(index, span)
        index += 1
