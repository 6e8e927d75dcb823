"""``cica-publish check``: every check of the project in one place (sources, catalogs)."""

from __future__ import annotations

from pathlib import Path

from .errors import Diagnostic
from .project import Project
from .sources import check_sources


def check_project(project: Project, paths: list[Path]) -> tuple[int, list[Diagnostic]]:
    """Check *paths* (default: every source and catalog); returns (files checked, problems)."""
    xml = [p for p in paths if p.suffix == ".xml"]
    others = [p for p in paths if p.suffix != ".xml"]
    problems = [
        Diagnostic(str(p), None, "cannot check this kind of file (expected .xml)", code="usage")
        for p in others
    ]
    checked, found = check_sources(project, xml or None) if (xml or not paths) else (0, [])
    return checked + len(others), problems + found
