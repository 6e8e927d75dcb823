"""``cica-publish check``: every check of the project in one place (sources, catalogs)."""

from __future__ import annotations

from pathlib import Path

from .errors import Diagnostic
from .project import Project
from .sources import check_sources

CHECKED = (".xml", ".po", ".pot")


def check_project(project: Project, paths: list[Path]) -> tuple[int, list[Diagnostic]]:
    """Check *paths* (default: every source and catalog; a folder: the files in it);
    returns (files checked, problems)."""
    missing = [Diagnostic(str(p), None, "does not exist", code="usage") for p in paths if not p.exists()]
    paths = [f for p in paths if p.exists()
             for f in (sorted(x for x in p.rglob("*") if x.suffix in CHECKED) if p.is_dir() else [p])]
    xml = [p for p in paths if p.suffix == ".xml"]
    catalogs = [p for p in paths if p.suffix in (".po", ".pot")]
    others = [p for p in paths if p.suffix not in (".xml", ".po", ".pot")]
    problems = [
        Diagnostic(str(p), None, "cannot check this kind of file (expected .xml, .po, .pot)",
                   code="usage")
        for p in others
    ]
    checked, found = check_sources(project, xml or None) if (xml or not paths) else (0, [])
    if catalogs or not paths:
        from .catalogs.lint import check_catalogs

        if not paths:
            catalogs = sorted(p for p in project.locale.rglob("*") if p.suffix in (".po", ".pot"))
        checked += len(catalogs)
        found += check_catalogs(project.root, catalogs)
    if not paths:
        from .notes import check_notes  # stale page counts of circulation notes

        found += check_notes(project)
    return checked + len(others), missing + problems + found
