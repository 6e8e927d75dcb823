"""Dates for the generated parts of a page (a title block's date, a cover's period), through Babel.

Babel is right about month names, their cases and order; the narrow no-break space it emits
(U+202F, missing from the PT fonts) becomes an ordinary no-break space (:data:`GLYPH_SAFE`).
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names

LOCALES = {"en": "en_GB", "ru": "ru_RU"}

#: Characters the layouts' PT fonts lack, and what to set instead (typography applies it to all text).
GLYPH_SAFE = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0", "\u2010": "-"})


def _locale(lang: str) -> str:
    return LOCALES.get(lang, lang)


def format_date(day: dt.date, lang: str) -> str:
    """"16 September 2025" / "16 сентября 2025 г."."""
    return _babel_date(day, format="long", locale=_locale(lang)).translate(GLYPH_SAFE)


def format_period(issue: str, lang: str) -> str | None:
    """The months of a quarterly issue ``2025-Q1``: "January–March 2025" / "Январь–март 2025".

    Stand-alone month names (nominative in Russian), the first letter capitalised as a
    cover line; ``None`` for an issue code that names no quarter.
    """
    match = re.fullmatch(r"(\d{4})-Q([1-4])", issue.strip(), re.I)
    if match is None:
        return None
    year, quarter = int(match.group(1)), int(match.group(2))
    months = get_month_names("wide", context="stand-alone", locale=_locale(lang))
    first, last = months[3 * quarter - 2], months[3 * quarter]
    return f"{first[:1].upper()}{first[1:]}–{last} {year}"
