"""Wrap PO strings exactly as GNU gettext does (``write-po.c`` + libunistring).

GNU gettext escapes a string, cuts it after each ``\\n``, and breaks each portion at
the Unicode line-break opportunities (UAX #14, as libunistring's pair table: a break
is *direct*, *indirect* — only after spaces — or *prohibited*) with the greedy fill of
``ulc_width_linebreaks``; lines are at most 79 columns with their quotes. Anything
else (Babel's or polib's ``textwrap``) rewraps files on every round trip through
``msgmerge``/``msgcat``/Poedit — churn. Only the classes that occur in European text
are distinguished; everything else counts as a letter (AL) or, if wide, ideographic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}

# Line-break classes (UAX #14 LineBreak.txt, Unicode 14 as in Debian's libunistring).
_CLASS = {
    " ": "SP", "!": "EX", '"': "QU", "$": "PR", "%": "PO", "'": "QU", "(": "OP", ")": "CP",
    "+": "PR", ",": "IS", "-": "HY", ".": "IS", "/": "SY", ":": "IS", ";": "IS", "?": "EX",
    "[": "OP", "\\": "PR", "]": "CP", "{": "OP", "|": "BA", "}": "CL", "\t": "BA",
    "\u00a0": "GL", "\u00ab": "QU", "\u00bb": "QU", "\u00b0": "PO", "\u00b1": "PR",
    "\u00a2": "PO", "\u00a3": "PR", "\u00a5": "PR", "\u00ad": "BA", "\u00b4": "BB",
    "\u2010": "BA", "\u2011": "GL", "\u2012": "BA", "\u2013": "BA", "\u2014": "B2",
    "\u2018": "QU", "\u2019": "QU", "\u201a": "OP", "\u201b": "QU", "\u201c": "QU",
    "\u201d": "QU", "\u201e": "OP", "\u201f": "QU", "\u2024": "IN", "\u2025": "IN",
    "\u2026": "IN", "\u2030": "PO", "\u2031": "PO", "\u2032": "PO", "\u2033": "PO",
    "\u2039": "QU", "\u203a": "QU", "\u2044": "IS", "\u2007": "GL", "\u202f": "GL",
    "\u2060": "WJ", "\ufeff": "WJ", "\u200b": "ZW", "\u2116": "PR", "\u20ac": "PR",
    "\u20bd": "PR", "\u20b8": "PR", "\u2212": "PR", "\u3001": "CL", "\u3002": "CL",
    "\uff0c": "CL", "\uff08": "OP", "\uff09": "CL",
}
for _space in "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f":
    _CLASS[_space] = "BA"


def line_class(ch: str) -> str:
    """The UAX #14 class of *ch*, resolved as libunistring does outside CJK locales."""
    if ch in _CLASS:
        return _CLASS[ch]
    if ch.isdigit() and ch.isascii():
        return "NU"
    category = unicodedata.category(ch)
    if category in ("Mn", "Me"):
        return "CM"
    if category == "Nd":
        return "NU"
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return "ID"
    return "AL"


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns *ch* takes (libunistring ``uc_width`` in a UTF-8 locale)."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch == "\u200b":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_ALWAYS_AFTER = {"OP"}
_NEVER_BEFORE = {"CL", "CP", "EX", "IS", "SY", "WJ", "ZW"}
_GLUE_PAIRS = {
    # LB23-LB25, LB28-LB30: pairs without a direct break (a break only after spaces)
    ("AL", "NU"), ("NU", "AL"), ("PR", "ID"), ("ID", "PO"), ("PR", "AL"), ("PO", "AL"),
    ("AL", "PR"), ("AL", "PO"), ("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"),
    ("NU", "PO"), ("NU", "PR"), ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"),
    ("HY", "NU"), ("IS", "NU"), ("NU", "NU"), ("SY", "NU"), ("AL", "AL"),
    ("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU"),
}


def _pair(before: str, after: str) -> str:
    """``P`` prohibited (even after spaces), ``I`` indirect (only after spaces), ``D`` direct."""
    if after in _NEVER_BEFORE or before in _ALWAYS_AFTER or before == "WJ":
        return "P"
    if (before, after) in (("QU", "OP"), ("CL", "NS"), ("CP", "NS"), ("B2", "B2")):
        return "P"
    if before == "GL" or (after == "GL" and before not in ("BA", "HY")):
        return "I"
    if before == "QU" or after == "QU" or after in ("BA", "HY", "NS", "IN") or before == "BB":
        return "I"
    return "I" if (before, after) in _GLUE_PAIRS else "D"


class _Classes(dict):
    """Character → line-break class, filled on first sight (a table for ``str.translate``)."""

    def __missing__(self, code: int) -> str:
        self[code] = value = line_class(chr(code))
        return value


_CLASSES = _Classes()
_RULES: dict[tuple[str, str], str] = {}


def possible_breaks(text: str) -> list[bool]:
    """``result[i]``: a line may break before ``text[i]`` (libunistring ``u8_possible_linebreaks``)."""
    result = [False] * len(text)
    last = None
    seen_space = False
    rules = _RULES
    for i, ch in enumerate(text):
        cls = _CLASSES[ord(ch)]
        if cls == "SP":
            seen_space = True
            continue
        if cls == "CM":
            if last is not None and not seen_space:
                continue
            cls = "AL"
        if last is not None:
            rule = rules.get((last, cls))
            if rule is None:
                rule = rules[(last, cls)] = _pair(last, cls)
            result[i] = rule == "D" or (rule == "I" and seen_space)
        last = cls
        seen_space = False
    return result


# ---- the same break opportunities, found per word instead of per character (fast path):
# each class is one character of a "class string" (str.translate, in C); breaks after
# spaces are decided once per run of spaces, direct breaks are found by one regular
# expression made from the pair table. Combining marks (CM) take the loop above.

_CLASS_NAMES = sorted({*_CLASS.values(), "AL", "NU", "CM", "ID"})
_CODE_OF = {name: chr(0x41 + n) for n, name in enumerate(_CLASS_NAMES)}  # "A", "B" …
_SP, _CM = _CODE_OF["SP"], _CODE_OF["CM"]


class _Codes(dict):
    """Character → its class's one-letter code (a ``str.translate`` table, filled on first sight)."""

    def __missing__(self, code: int) -> str:
        self[code] = value = _CODE_OF[line_class(chr(code))]
        return value


_CODES = _Codes()
_RULE_OF_CODES = {(_CODE_OF[b], _CODE_OF[a]): _pair(b, a) for b in _CLASS_NAMES for a in _CLASS_NAMES}
_SPACES = re.compile(rf"(?<=[^{_SP}]){_SP}+(?=[^{_SP}])")  # a run of spaces between two non-spaces
_DIRECT = {pair for pair, rule in _RULE_OF_CODES.items() if rule == "D" and _SP not in pair}
_LETTER = _CODE_OF["AL"]
_NOT_LETTER = re.compile(f"[^{_LETTER}{_SP}]")  # every direct break has one of these beside it
assert all(_LETTER != b or _LETTER != x for b, x in _DIRECT)


@lru_cache(maxsize=64)  # asked twice for a value that may start on the keyword's line
def break_positions(text: str) -> tuple[int, ...]:
    """The indices ``i`` where :func:`possible_breaks` allows a break before ``text[i]``, in order."""
    codes = text.translate(_CODES)
    if _CM in codes:
        return tuple(i for i, can in enumerate(possible_breaks(text)) if can)
    rules = _RULE_OF_CODES
    found = set()
    for match in _SPACES.finditer(codes):
        start, end = match.span()
        if rules[(codes[start - 1], codes[end])] != "P":
            found.add(end)
    size = len(codes)
    for match in _NOT_LETTER.finditer(codes):
        at = match.start()
        if at and (codes[at - 1], codes[at]) in _DIRECT:
            found.add(at)
        if at + 1 < size and (codes[at], codes[at + 1]) in _DIRECT:
            found.add(at + 1)
    return tuple(sorted(found))


_ESCAPE_RE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPED_RE = re.compile(r"\\.")


def _escape(portion: str) -> tuple[str, set[int]]:
    """The escaped portion and the positions where a break is overridden (inside escapes)."""
    text = _ESCAPE_RE.sub(lambda m: "\\" + _ESCAPES[m.group(0)], portion)
    prohibited = {m.start() + 1 for m in _ESCAPED_RE.finditer(text)} if "\\" in text else set()
    if portion.endswith("\n"):
        prohibited.add(len(text) - 2)  # never break just before the final "\n"
    return text, prohibited


def _breaks(text: str, prohibited: set[int], width: int, start: int) -> list[int]:
    """Where to break *text* (greedy fill of libunistring ``ulc_width_linebreaks``)."""
    if start + len(text) <= width and (text.isascii() or start + sum(map(char_width, text)) <= width):
        return []  # fits: no need to look for break opportunities
    if text.isascii() or all(char_width(ch) == 1 for ch in set(text) if ch >= "\u0300"):
        columns = None  # one column a character: a position is its column
    else:
        columns = [0]
        for ch in text:
            columns.append(columns[-1] + (1 if ch < "\u0300" else char_width(ch)))
    chosen: list[int] = []
    last_p: int | None = None
    column = start
    previous = 0
    for i in break_positions(text):
        if i in prohibited:
            continue
        piece = i - previous if columns is None else columns[i] - columns[previous]
        if last_p is not None and column + piece > width:
            chosen.append(last_p)
            column = 0
        last_p = i
        column += piece
        previous = i
    piece = len(text) - previous if columns is None else columns[-1] - columns[previous]
    if last_p is not None and column + piece > width:
        chosen.append(last_p)
    return chosen


def _split(text: str, at: list[int]) -> list[str]:
    bounds = [0, *at, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


@lru_cache(maxsize=65536)  # a template's msgid is written again in its catalog
def format_string(prefix: str, keyword: str, value: str, width: int = PAGE_WIDTH) -> tuple[str, ...]:
    """The lines of ``keyword "value"`` (e.g. ``msgid``) as GNU gettext writes them.

    *prefix* is ``""``, ``"#~ "`` (obsolete) or ``"#| "`` (previous); the value
    starts on a line of its own (``msgid ""``) when it has an inner newline or wraps.
    """
    after_break = len(prefix) + 1
    avail = width - 1 - after_break
    first_start = len(prefix) + len(keyword) + 2 - after_break
    portions = _gettext_portions(value)
    lines: list[str] = []
    first = True
    for n, portion in enumerate(portions):
        text, prohibited = _escape(portion)
        if first:
            cuts = _breaks(text, prohibited, avail, first_start)
            more = n + 1 < len(portions)
            if text and (more or first_start > avail or cuts):
                lines.append(f'{prefix}{keyword} ""')
                first = False
        if not first:
            cuts = _breaks(text, prohibited, avail, 0)
        for piece in _split(text, cuts):
            lines.append(f'{prefix}{keyword} "{piece}"' if first else f'{prefix}"{piece}"')
            first = False
    return tuple(lines)


def _gettext_portions(value: str) -> list[str]:
    """*value* cut after each ``\\n`` (the last portion may be empty only if *value* is)."""
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def format_references(locations: list[str], width: int = PAGE_WIDTH) -> list[str]:
    """``#:`` lines: references joined with spaces, a new line when one would pass *width*."""
    lines: list[str] = []
    current = "#:"
    for ref in locations:
        if len(current) > 2 and len(current) + len(ref) + 1 > width:
            lines.append(current)
            current = "#:"
        current += " " + ref
    if len(current) > 2:
        lines.append(current)
    return lines
