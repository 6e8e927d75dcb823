"""The CICA Member States, by the names the Secretariat's documents use for them.

Readers use the names to tell a line of states ("KAZAKHSTAN, THAILAND, TÜRKIYE") — the
coordinators in a brochure's table of confidence building measures — from a label. The
names are those of the members of the ``member-states`` distribution list (short, official
and variant English names, :meth:`.Distribution.english_names`): the states notes are
addressed to are the states importers recognise.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .distribution import MEMBER_STATES, Distribution


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(_key(name) for name in Distribution.load().english_names(MEMBER_STATES))


def is_member_state(name: str) -> bool:
    """Whether *name* ("TÜRKIYE", "Russia (2022–2023)") names a Member State."""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # a remark in brackets: years, a role
    return _key(bare) in _known()


def is_list_of_states(text: str) -> bool:
    """Whether every comma-separated name on every line of *text* is a Member State."""
    names = [n for n in re.split(r"[,\n]", re.sub(r"\([^)]*\)", "", text)) if n.strip()]
    return bool(names) and all(is_member_state(name) for name in names)
