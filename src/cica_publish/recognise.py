"""What a translation keeps as it is, recognised one way for the whole package.

The aligner's anchors, QA, typography and the register read reference codes, URLs,
e-mail addresses and Russian month names with these patterns, so they never disagree on
what a code or a month is: a code QA asks to keep unchanged is the code typography keeps
on one line, the aligner anchors on, and the register issues.
"""

from __future__ import annotations

import re

#: A register series: capitals and digits, hyphenated parts (``MIN``, ``CICA-SEC``).
SERIES = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*"

#: A reference code: a series, more parts, a number (``MIN/1076``, ``A/RES/70/1``).
REFERENCE_CODE = re.compile(rf"\b{SERIES}(?:/[A-Z0-9-]+)*/\d+(?:/\d+)*\b")

#: The register's own references: a series and a number (``MIN/1077``).
REGISTER_REFERENCE = re.compile(rf"^(?P<series>{SERIES})/(?P<number>[0-9]+)$")

URL = re.compile(r"(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:!?)]", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

#: English month names, January first (lower case).
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")

#: English month names as patterns (lower case): the name or its abbreviation ("Sept.").
EN_MONTH_PATTERNS = tuple(
    "may" if name == "may" else rf"(?:{name}|{name[:3]}{'t?' if name == 'september' else ''}\.?)"
    for name in EN_MONTHS)

#: Russian month names, January first, as patterns of their declined forms (lower case):
#: the stem and up to two letters ("сентября", "январе"), not an adjective ("мартовский");
#: May by its forms, which share no longer stem.
RU_MONTHS = tuple("ма[йяюе]" if stem == "ма" else f"{stem}[а-я]{{0,2}}" for stem in (
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"))
