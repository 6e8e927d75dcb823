"""Typography per language (the last step: it rewrites the text earlier steps produced).

English (British practice): “…” with ‘…’ inside, ’ for apostrophes, spaced en dash between
words. Russian: «…» with „…“ inside, spaced em dash with a no-break space before it, a
no-break space before "г."/"гг." after a year. Both: en dash without spaces in number ranges
("15–17"), no-break space after "№" and between initials and surname, a dateline's closing
dash kept on the line of the date.

The layouts' PT fonts have neither U+202F (narrow no-break space, which Babel puts before
"г.") nor U+2010 (hyphen): both are replaced here, so no writer can emit a missing glyph.
Reference codes (``MIN/1076``) are wrapped in :class:`~cica_publish.tree.NoBreak` so that no
line ever breaks after the slash. :data:`NAME` says which words a printer never hyphenates:
words in capitals and acronyms (``KAZAKHSTAN``, ``ESCAP``, ``COVID-19``) and names, which
start with a capital (``Sinirlioğlu``, ``Secretariat``, the glossary's bodies and the
distribution lists' states all do); the PDF writer keeps them whole (writers/hyphenation.py).

:func:`typeset_key` and :func:`typeset_block_key` go the other way: they say whether two
texts differ only in what a build sets (this module, and an enclosure's page count), so a
typeset edition imported back over its source changes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .. import recognise
from .. import tree as t
from ..localize import GLYPH_SAFE
from .number import PAGE_COUNT

NBSP = "\u00a0"

REFERENCE_CODE = re.compile(r"(?:№\s?)?" + recognise.REFERENCE_CODE.pattern)  # with its "№"

_QUOTES = {"en": ("“", "”", "‘", "’"), "ru": ("«", "»", "„", "“")}

_COMMON: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\d\-–/.])(\d{1,4})\s?[-–]\s?(\d{1,4})(?![\d\-–/]|\.\d)"), "\\1–\\2"),
    (re.compile(r"№\s*"), "№" + NBSP),
    (re.compile(r"(?<!\w)([A-ZА-ЯЁ]\.)[ \t]+(?=[A-ZА-ЯЁ])"), "\\1" + NBSP),
]
_BY_LANG: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": [
        (re.compile(r"(?<![\w’])'(?=\w)"), "‘"),
        (re.compile(r"'"), "’"),
        (re.compile(r"(?<=\S) [-–—] (?=\S)"), " – "),
    ],
    "ru": [
        (re.compile(r"(?<=\S)[ \u00a0][-–—] (?=\S)"), NBSP + "— "),
        (re.compile(r"(\d)[ \t]+(гг?\.)"), "\\1" + NBSP + "\\2"),
    ],
}


def typeset_text(text: str, lang: str) -> str:
    """One run of text set for *lang* (no quote state: see :func:`typeset`)."""
    text = text.translate(GLYPH_SAFE)
    for pattern, repl in _COMMON + _BY_LANG.get(lang, []):
        text = pattern.sub(repl, text)
    return text


_KEY_CHARS = str.maketrans({
    **dict.fromkeys("\"'“”„‟«»‘’‚‛‹›", '"'),
    **dict.fromkeys("\u2010\u2011\u2012–—\u2212", "-"),
})
_KEY_SPACE = re.compile(r"\s+")
_KEY_RANGE = re.compile(r"(?<=\d) ?- ?(?=\d)")
_KEY_NUMERO = re.compile(r"№ ")


def typeset_key(text: str) -> str:
    """*text* with what typesetting changes undone: two texts with the same key read the same.

    The inverse-direction equivalence of :func:`typeset_text` and :func:`typeset`: quotes
    of any kind are one quote, dashes are hyphens, any run of spaces (no-break, narrow,
    thin) is one space, "№ 5" is "№5", and a number range has no spaces around its dash ("3 - 4" set as
    "3–4"). Used when a typeset edition (a built DOCX, text copied from a PDF) is imported
    back over its source, and when an aligned translation is compared with the catalog's.
    """
    text = _KEY_SPACE.sub(" ", text.translate(_KEY_CHARS)).strip()
    return _KEY_NUMERO.sub("№", _KEY_RANGE.sub("-", text))


def typeset_block_key(block: t.TextBlock) -> str:
    """:func:`typeset_key` of *block*'s content, markup included, with the rest of what a
    build sets undone too: a reference code's :class:`~cica_publish.tree.NoBreak` and an
    enclosure line's page count (:func:`~cica_publish.transforms.number.enclosure_pages`)."""
    key = typeset_key(_markup(block.content))
    return PAGE_COUNT.sub("0", key, count=1) if isinstance(block, t.EnclosureLine) else key


def _markup(inlines: t.Inlines) -> str:
    """*inlines* as one string: their text, and a mark for each element but a NoBreak."""
    out = []
    for node in inlines:
        if isinstance(node, t.Text):
            out.append(node.text)
        elif isinstance(node, t.NoBreak):
            out.append(_markup(node.children))
        else:
            attrs = [getattr(node, f.name) for f in dataclasses.fields(node)
                     if f.compare and f.name != "children"]
            out.append(f"\ue000{type(node).__name__}{attrs}\ue001"
                       f"{_markup(getattr(node, 'children', ()))}\ue002")
    return "".join(out)


class _QuoteState:
    """Curly quotes for one block, across its inline runs ("…" spans emphasis)."""

    def __init__(self, lang: str):
        self.marks = _QUOTES.get(lang, _QUOTES["en"])
        self.depth = 0
        self.openers = "([{—–-/" + self.marks[0] + self.marks[2]
        self.foreign = "“”" if self.marks[0] == "«" else "«»"  # the other language's outer quotes

    def __call__(self, text: str, prev: str) -> str:
        out = []
        for ch in text:
            if ch == '"' or ch in self.foreign:
                opening = (not prev or prev.isspace() or prev in self.openers) if ch == '"' else ch in "“«"
                if opening:
                    ch = self.marks[0] if self.depth % 2 == 0 else self.marks[2]
                    self.depth += 1
                else:
                    self.depth = max(self.depth - 1, 0)
                    ch = self.marks[1] if self.depth % 2 == 0 else self.marks[3]
            out.append(ch)
            prev = ch
        return "".join(out)


def _map_runs(inlines: t.Inlines, fn: Callable[[str, str], str], prev: list[str]) -> t.Inlines:
    out: list[t.Inline] = []
    for node in inlines:
        if isinstance(node, t.Text):
            new = fn(node.text, prev[0])
            if new:
                prev[0] = new[-1]
            out.append(t.Text(new))
        elif isinstance(node, t.WRAPPING):
            out.append(dataclasses.replace(node, children=_map_runs(node.children, fn, prev)))
        else:
            out.append(node)
    return tuple(out)


#: A word never hyphenated: one that starts with a capital (a name, a word in capitals, an
#: acronym). Not marked on the tree: a span round every name makes WeasyPrint 70 break lines
#: too early (a justified line with three words), so the PDF writer keeps whole the names it
#: finds hyphenated, and Word does not hyphenate words in capitals (``doNotHyphenateCaps``).
NAME = re.compile(r"[A-ZА-ЯЁ][^\W_]*")


def wrap_reference_codes(inlines: t.Inlines) -> t.Inlines:
    """Put every reference code outside a NoBreak into one."""
    out: list[t.Inline] = []
    for node in inlines:
        if isinstance(node, t.Text):
            pos = 0
            for match in REFERENCE_CODE.finditer(node.text):
                if match.start() > pos:
                    out.append(t.Text(node.text[pos:match.start()]))
                out.append(t.NoBreak((t.Text(match.group()),)))
                pos = match.end()
            if pos < len(node.text):
                out.append(t.Text(node.text[pos:]))
        elif isinstance(node, t.WRAPPING) and not isinstance(node, t.NoBreak):
            out.append(dataclasses.replace(node, children=wrap_reference_codes(node.children)))
        else:
            out.append(node)
    return tuple(out)


_DATELINE_DASH = re.compile(r"[ \t]+(?=[–—]\s*$)")


def _dateline(inlines: t.Inlines) -> t.Inlines:
    """A dateline's closing dash ("Astana, 23 January 2025 –") tied to the date."""
    if inlines and isinstance(inlines[-1], t.Text):
        return (*inlines[:-1], t.Text(_DATELINE_DASH.sub(NBSP, inlines[-1].text)))
    return inlines


def typeset_inlines(inlines: t.Inlines, lang: str) -> t.Inlines:
    quotes = _QuoteState(lang)
    runs = _map_runs(inlines, lambda text, prev: typeset_text(quotes(text, prev), lang), [""])
    return wrap_reference_codes(runs)


def typeset(doc: t.Document) -> t.Document:
    """*doc* with every text block set for its language (a fallback block: the master's)."""

    def fn(block: t.Block) -> t.Block:
        if isinstance(block, t.TextBlock):
            lang = doc.meta.master_lang if block.translated is False else doc.meta.lang
            content = typeset_inlines(block.content, lang)
            if isinstance(block, t.Dateline):
                content = _dateline(content)
            return dataclasses.replace(block, content=content)
        return block

    return t.map_blocks(doc, fn)
