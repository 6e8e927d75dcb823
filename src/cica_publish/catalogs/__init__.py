"""Translation memory in gettext catalogs: model, PO format, extraction, update, QA.

Where a project keeps its catalogs is said here once, in a module light enough for the
build's workers to import: ``locale/templates/<doc-id>.pot`` and
``locale/<lang>/LC_MESSAGES/<name>.po`` (a document's, the glossary, the phrasebook …).
"""

from __future__ import annotations

from pathlib import Path

from ..project import Project


def template_path(project: Project, doc_id: str) -> Path:
    return project.locale / "templates" / f"{doc_id}.pot"


def catalog_path(project: Project, name: str, lang: str) -> Path:
    return project.locale / lang / "LC_MESSAGES" / f"{name}.po"
