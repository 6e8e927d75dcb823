"""Catalog checks for ``cica-publish check``: what ``msgfmt -c`` would refuse, and more.

Syntax, charset, duplicates and the header come from :func:`.po.read_po`; on top:
the headers a PO file needs (Language, and Plural-Forms with the right number of
forms for Russian), ``msgid``/``msgstr`` beginning and ending alike with a newline
(``msgfmt -c``), the ``{placeholders}`` of ``python-brace-format`` entries (as ``msgfmt -c``:
missing, added, misspelt — the phrasebook's formulas), and inline tags that can be read
back into the document.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CicaError, Diagnostic
from .markup import from_markup
from .model import Catalog
from .po import read_po_file
from .qa import QAContext, control, placeholders

_NPLURALS = {"ru": 3, "en": 2}


def _header_problems(catalog: Catalog, path: str, template: bool) -> list[Diagnostic]:
    if template:
        return []
    problems = []
    lang = catalog.language
    if not lang:
        problems.append(Diagnostic(path, 1, "header has no Language", code="header"))
    want = _NPLURALS.get(lang or "")
    forms = catalog.get_header("Plural-Forms") or ""
    found = re.search(r"nplurals\s*=\s*(\d+)", forms)
    if want and (not found or int(found.group(1)) != want):
        problems.append(Diagnostic(path, 1, f"Plural-Forms must have nplurals={want} for {lang}",
                                   code="header"))
    return problems


def check_catalog(path: Path, shown: str | None = None) -> list[Diagnostic]:
    """Problems of one PO/POT file (*shown* is the path to print)."""
    shown = shown or str(path)
    try:
        catalog = read_po_file(path)
    except CicaError as exc:
        return [Diagnostic(shown, d.line, d.message, d.col, d.code) for d in exc.diagnostics]
    problems = _header_problems(catalog, shown, path.suffix == ".pot")
    ctx = QAContext(catalog.language or "", shown)
    for m in catalog:
        if not m.string:
            continue
        problems.extend(control(m, ctx))
        for end, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(m.id, "\n") != test(m.string, "\n"):
                problems.append(Diagnostic(shown, m.lineno, f"msgid and msgstr do not both {end} "
                                           "with a newline", code="newline"))
        if not m.fuzzy:
            problems.extend(placeholders(m, ctx))
        try:
            from_markup(m.string, shown, m.lineno)
        except CicaError as exc:
            problems.extend(exc.diagnostics)
    return problems


def check_catalogs(root: Path, paths: list[Path]) -> list[Diagnostic]:
    """Problems of every catalog in *paths*, printed relative to *root*."""
    problems = []
    for path in paths:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        problems.extend(check_catalog(path, shown))
    return problems
