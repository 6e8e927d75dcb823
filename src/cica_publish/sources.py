"""The project's sources: where they live, loading them, and checking them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import tree as t
from .errors import CicaError, Diagnostic
from .project import Project
from .readers.xml import duplicate_ids, read_source

#: A document id, as the schema's ``doc-id`` pattern has it (it names files and catalogs).
DOC_ID = re.compile(r"[a-z0-9][a-z0-9.\-]*")
_NAME = re.compile(rf"^(?P<id>{DOC_ID.pattern})\.(?P<lang>[a-z]{{2,3}})\.xml$")


@dataclass(frozen=True)
class SourceFile:
    path: Path
    doc_id: str
    lang: str
    kind_folder: str


KIND_FOLDERS = {
    "note": "notes", "report": "reports", "digest": "digests",
    "brochure": "brochures", "review": "reviews",
}


def source_path(project: Project, kind: str, doc_id: str, lang: str) -> Path:
    """``sources/<kind folder>/<doc-id>.<lang>.xml`` (the folder is the plural of the kind)."""
    return project.sources / KIND_FOLDERS.get(kind, kind) / f"{doc_id}.{lang}.xml"


def find_sources(project: Project) -> list[SourceFile]:
    """Every ``sources/<kind>/<doc-id>.<lang>.xml`` of the project, sorted."""
    found = []
    for path in sorted(project.sources.glob("*/*.xml")):
        match = _NAME.match(path.name)
        if match:
            found.append(SourceFile(path, match["id"], match["lang"], path.parent.name))
    return found


def list_documents(project: Project) -> list[dict]:
    """``cica-publish list``: each document's id, kind, languages, reference, master language
    and title (the master's, else the first source's), sorted by id."""
    by_id: dict[str, dict] = {}
    for src in find_sources(project):
        doc = read_source(src.path)
        entry = by_id.setdefault(doc.meta.id, {
            "id": doc.meta.id, "kind": doc.meta.kind, "languages": [],
            "reference": doc.meta.reference, "title": "", "master_lang": doc.meta.master_lang,
        })
        entry["languages"].append(doc.meta.lang)
        if doc.meta.lang == doc.meta.master_lang:
            entry["title"] = doc.meta.title
        elif not entry["title"]:
            entry["title"] = doc.meta.title
    return sorted(by_id.values(), key=lambda d: d["id"])


def load_document(project: Project, doc_id: str, lang: str | None = None) -> t.Document:
    """Load a document by id, in its master language unless *lang* is given."""
    candidates = [s for s in find_sources(project) if s.doc_id == doc_id]
    if not candidates:
        known = ", ".join(sorted({s.doc_id for s in find_sources(project)})) or "none"
        raise CicaError.at(project.sources, f"no document {doc_id!r} (known: {known})")
    if lang is None:
        lang = project.master_language
    for src in candidates:
        if src.lang == lang:
            return read_source(src.path)
    langs = ", ".join(s.lang for s in candidates)
    raise CicaError.at(project.sources, f"document {doc_id!r} has no {lang} source (has: {langs})")


def check_document(doc: t.Document, path: str, known_ids: set[str] | None = None) -> list[Diagnostic]:
    """Semantic checks the schema cannot express: unique ids, references that resolve."""
    problems: list[Diagnostic] = []

    def at(node: t.Node) -> int | None:
        loc = getattr(node, "loc", None)
        return loc.line if loc else None

    for node in t.walk(doc, t.TextBlock):
        if node.id is None:
            problems.append(Diagnostic(path, at(node), "text block has no id; add id=\"…\"", code="id"))
    problems.extend(duplicate_ids(doc, path))
    footnote_ids = {f.id for f in doc.footnotes}
    for ref in t.walk(doc, t.NoteRef):
        if ref.ref not in footnote_ids:
            problems.append(Diagnostic(path, None, f"footnote reference {ref.ref!r} has no footnote", code="ref"))
    problems.extend(self_enclosure(doc, path))
    if known_ids is not None:
        for enc in doc.meta.enclosures:
            if enc not in known_ids:
                problems.append(Diagnostic(
                    path, doc.loc.line if doc.loc else None,
                    f"enclosure {enc!r} is not a document of this project", code="ref",
                ))
    if not doc.meta.title:
        problems.append(Diagnostic(path, None, "document has no title", code="meta"))
    return problems


def self_enclosure(doc: t.Document, path: str) -> list[Diagnostic]:
    """A note that encloses itself (it could never quote its enclosure's page count)."""
    if doc.meta.id not in doc.meta.enclosures:
        return []
    return [Diagnostic(path, doc.loc.line if doc.loc else None,
                       f"{doc.meta.id!r} encloses itself", code="ref")]


def check_sources(project: Project, paths: list[Path] | None = None) -> tuple[int, list[Diagnostic]]:
    """Check the given source files (default: all); returns (files checked, problems)."""
    all_sources = find_sources(project)
    known = {s.doc_id for s in all_sources}
    targets = paths if paths else [s.path for s in all_sources]
    problems: list[Diagnostic] = []
    for path in targets:
        try:
            doc = read_source(path)
        except CicaError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(check_document(doc, str(path), known))
        problems.extend(name_problem(Path(path), doc))
    return len(targets), problems


def name_problem(path: Path, doc: t.Document) -> list[Diagnostic]:
    """A file named as a source (``<id>.<lang>.xml``) must hold that document."""
    match = _NAME.match(path.name)
    if match and (match["id"] != doc.meta.id or match["lang"] != doc.meta.lang):
        return [Diagnostic(
            str(path), doc.loc.line if doc.loc else None,
            f"file name says {match['id']}.{match['lang']} but the document says "
            f"{doc.meta.id}.{doc.meta.lang}; rename the file or fix id/lang", code="name",
        )]
    return []
