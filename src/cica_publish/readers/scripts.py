"""Repair words that mix Latin and Cyrillic look-alike letters ("Сhairmanship" with a Cyrillic С).

Such words look right on screen but break search, spell-checking and the translation
memory. A word is repaired only when every letter of the minority script has a
look-alike in the majority script; each repair is reported with its line and column.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Diagnostic

#: Cyrillic letters that look like Latin ones (and the other way round, by inversion).
CYRILLIC_TO_LATIN = dict(zip(
    "АВЕКМНОРСТХУаеорсухіјѕІЈЅԁԛԝ",
    "ABEKMHOPCTXYaeopcyxijsIJSdqw",
))
LATIN_TO_CYRILLIC = {lat: cyr for cyr, lat in CYRILLIC_TO_LATIN.items() if cyr not in "ԁԛԝ"}

_WORD = re.compile(r"\w+")


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "Latin"
    if name.startswith("CYRILLIC"):
        return "Cyrillic"
    return None


def repair_word(word: str) -> tuple[str, str] | None:
    """``(repaired, majority script)`` for a mixed-script *word*, or None if it needs none."""
    scripts = [_script(c) for c in word]
    latin, cyrillic = scripts.count("Latin"), scripts.count("Cyrillic")
    if not (latin and cyrillic) or latin == cyrillic:
        return None
    majority = "Latin" if latin > cyrillic else "Cyrillic"
    table = CYRILLIC_TO_LATIN if majority == "Latin" else LATIN_TO_CYRILLIC
    out = []
    for char, script in zip(word, scripts):
        if script not in (majority, None):
            if char not in table:
                return None
            char = table[char]
        out.append(char)
    return "".join(out), majority


def repair_mixed_scripts(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """*text* with mixed-script words repaired, and one warning per repair (line and column)."""
    diagnostics: list[Diagnostic] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        def fix(match: re.Match[str], number: int = number) -> str:
            repaired = repair_word(match[0])
            if repaired is None:
                return match[0]
            word, majority = repaired
            diagnostics.append(Diagnostic(
                path, number,
                f"mixed-script word {match[0]!r} repaired to {word!r} "
                f"(look-alike letters mapped to {majority})",
                match.start() + 1, code="mixed-script", severity="warning",
            ))
            return word

        lines[number - 1] = _WORD.sub(fix, line)
    return "\n".join(lines), diagnostics
