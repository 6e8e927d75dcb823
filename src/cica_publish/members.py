"""The CICA Member States, by the names the Secretariat's documents use for them.

Readers use the list to tell a line of states ("KAZAKHSTAN, THAILAND, TÜRKIYE") — the
coordinators in a brochure's table of confidence building measures — from a label.
"""

from __future__ import annotations

import re
import unicodedata

#: The 28 Member States (English short names), then other names the documents use.
MEMBER_STATES: tuple[str, ...] = (
    "Afghanistan", "Azerbaijan", "Bahrain", "Bangladesh", "Cambodia", "China", "Egypt",
    "India", "Iran", "Iraq", "Israel", "Jordan", "Kazakhstan", "Kuwait", "Kyrgyzstan",
    "Mongolia", "Pakistan", "Palestine", "Qatar", "Republic of Korea", "Russia", "Sri Lanka",
    "Tajikistan", "Thailand", "Türkiye", "United Arab Emirates", "Uzbekistan", "Viet Nam",
)
OTHER_NAMES: tuple[str, ...] = (
    "Russian Federation", "Turkey", "Vietnam", "UAE", "State of Palestine", "Korea",
    "Islamic Republic of Iran", "Kyrgyz Republic", "People's Republic of China",
)

_KNOWN = {unicodedata.normalize("NFC", name).casefold() for name in MEMBER_STATES + OTHER_NAMES}


def is_member_state(name: str) -> bool:
    """Whether *name* ("TÜRKIYE", "Russia (2022–2023)") names a Member State."""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # a remark in brackets: years, a role
    return unicodedata.normalize("NFC", " ".join(bare.split())).casefold() in _KNOWN


def is_list_of_states(text: str) -> bool:
    """Whether every comma-separated name on every line of *text* is a Member State."""
    names = [n for n in re.split(r"[,\n]", re.sub(r"\([^)]*\)", "", text)) if n.strip()]
    return bool(names) and all(is_member_state(name) for name in names)
