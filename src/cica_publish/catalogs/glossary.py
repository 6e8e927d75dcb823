"""The glossary catalog ``locale/<lang>/LC_MESSAGES/glossary.po``: CICA's terminology.

An ordinary PO file (translators keep it in Poedit like any other): ``msgid`` the
English term, ``msgstr`` its established translation (in the dictionary form),
``msgctxt`` ``glossary/<slug>``, a ``#.`` comment with its category (body, post,
dimension, member state, acronym, term). All-capital terms are acronyms
(CICA → СВМДА). QA and the aligner read it; :func:`check_glossary` keeps it sound.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic
from ..project import Project
from . import catalog_path
from .model import Catalog
from .morph import contains_term
from .po import read_po_file

NAME = "glossary"


def glossary_path(project: Project, lang: str) -> Path:
    return catalog_path(project, NAME, lang)


def terms(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """The usable (translated, not fuzzy) ``(term, translation)`` pairs, longest first."""
    pairs = [(m.id, m.string) for m in catalog if m.translated]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def load_terms(project: Project, lang: str) -> tuple[tuple[str, str], ...]:
    """The glossary's terms for *lang* (none when there is no glossary)."""
    path = glossary_path(project, lang)
    return terms(read_po_file(path)) if path.is_file() else ()


def check_glossary(catalog: Catalog, path: str, lang: str) -> list[Diagnostic]:
    """Untranslated or fuzzy terms, one term with two translations, stray spaces."""
    problems: list[Diagnostic] = []
    seen: dict[str, list] = defaultdict(list)
    for m in catalog:
        where = f"{m.context or m.id}"
        if not m.translated:
            state = "fuzzy" if m.fuzzy else "untranslated"
            problems.append(Diagnostic(path, m.lineno, f"[glossary] {where}: {state} term {m.id!r}",
                                       code="glossary"))
            continue
        if m.id != m.id.strip() or m.string != m.string.strip() or "  " in m.string:
            problems.append(Diagnostic(path, m.lineno, f"[glossary] {where}: stray spaces",
                                       code="glossary"))
        if lang == "ru" and re.search(r"[A-Za-z]", m.string) and not m.id.isupper():
            problems.append(Diagnostic(path, m.lineno, f"[glossary] {where}: Latin letters in "
                                       f"the Russian term {m.string!r}", code="glossary",
                                       severity="warning"))
        seen[m.id.lower()].append(m)
    for same in seen.values():
        if len({m.string for m in same}) > 1:
            first = same[0]
            for m in same[1:]:
                problems.append(Diagnostic(path, m.lineno, f"[glossary] {m.context}: {m.id!r} is "
                                           f"also translated {first.string!r} (line {first.lineno})",
                                           code="glossary"))
    return problems


@dataclass(frozen=True)
class TermUse:
    """How a term fares in the translated catalogs: entries using it, and consistent ones."""

    term: str
    translation: str
    used: int
    consistent: int


def term_usage(pairs: tuple[tuple[str, str], ...], catalogs: list[Catalog], lang: str) -> list[TermUse]:
    """For each term, the translated entries whose source has it and whose translation agrees."""
    entries = [m for c in catalogs for m in c if m.translated]
    out = []
    for term, translation in pairs:
        first = term.lower().split()[0][:4]
        used = [m for m in entries if first in m.id.lower() and contains_term(m.id, term, "en")]
        if term.isupper():
            consistent = [m for m in used if translation in m.string or term in m.string]
        else:
            consistent = [m for m in used if contains_term(m.string, translation, lang)]
        out.append(TermUse(term, translation, len(used), len(consistent)))
    return out
