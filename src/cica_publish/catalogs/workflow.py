"""The catalogs of a project on disk: extract templates, update language catalogs.

``locale/templates/<doc-id>.pot`` and ``locale/<lang>/LC_MESSAGES/<doc-id>.po``.
A document whose catalog does not read (syntax, charset, duplicates, header) gets its
diagnostics and nothing is written for it; the other documents go on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

from .. import labels
from .. import tree as t
from ..errors import CicaError, Diagnostic
from ..project import Project
from ..readers.xml import read_source
from ..sources import find_sources
from . import catalog_path, template_path
from .extract import template
from .labels import template as labels_template
from .glossary import TermUse, check_glossary, glossary_path, load_terms, term_usage, terms
from .memory import TranslationMemory, load_memory
from .model import Catalog
from .po import read_po_file, write_po
from .qa import QAContext, check_message, control
from .stats import Stats, catalog_stats
from .tmx import from_tmx, to_tmx
from .update import UpdateOptions, merge


def language_catalogs(project: Project, lang: str) -> list[Path]:
    """Every PO file of *lang* (documents, glossary, imported memories), sorted."""
    return sorted((project.locale / lang / "LC_MESSAGES").glob("*.po"))


@dataclass
class CatalogResult:
    """What one command did to one catalog file."""

    doc_id: str
    path: Path
    changed: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def master_documents(project: Project, doc_ids: list[str] | None = None) -> list[t.Document]:
    """The master-language source of each document (all, or those named), by id."""
    docs: dict[str, t.Document] = {}
    for src in find_sources(project):
        if doc_ids and src.doc_id not in doc_ids:
            continue
        doc = read_source(src.path)
        if doc.meta.lang == doc.meta.master_lang:
            docs[doc.meta.id] = doc
    missing = [d for d in (doc_ids or []) if d not in docs]
    if missing:
        known = ", ".join(sorted({s.doc_id for s in find_sources(project)})) or "none"
        raise CicaError.at(project.sources, f"no master-language source for {', '.join(missing)} "
                                            f"(known: {known})")
    return [docs[k] for k in sorted(docs)]


def _write_template(project: Project, doc: t.Document) -> tuple[Catalog, bool]:
    """Write the document's POT if it changed; the catalog carries the POT-Creation-Date."""
    pot = template(doc, project.root, "")
    return pot, write_po(template_path(project, doc.meta.id), pot, stamp="POT-Creation-Date")


def _write_labels_template(project: Project) -> tuple[Catalog, bool]:
    """``locale/templates/labels.pot``: the layout words (:mod:`cica_publish.labels`)."""
    pot = labels_template()
    return pot, write_po(template_path(project, labels.NAME), pot, stamp="POT-Creation-Date")


def extract_templates(project: Project, doc_ids: list[str] | None = None) -> list[CatalogResult]:
    """Write ``locale/templates/<doc-id>.pot`` for each master-language source (and, for
    all of them, the layout words' ``labels.pot``)."""
    results = []
    for doc in master_documents(project, doc_ids):
        pot, changed = _write_template(project, doc)
        results.append(CatalogResult(doc.meta.id, template_path(project, doc.meta.id), changed,
                                     Counter(entries=len(pot))))
    if not doc_ids:
        pot, changed = _write_labels_template(project)
        results.append(CatalogResult(labels.NAME, template_path(project, labels.NAME), changed,
                                     Counter(entries=len(pot))))
    return results


def read_template(project: Project, doc_id: str) -> Catalog:
    path = template_path(project, doc_id)
    if not path.is_file():
        raise CicaError.at(path, f"no template; run: cica-publish extract {doc_id}")
    return read_po_file(path)


def update_catalogs(project: Project, lang: str, doc_ids: list[str] | None = None,
                    options: UpdateOptions = UpdateOptions(),
                    memory: TranslationMemory | None = None) -> list[CatalogResult]:
    """Create or update ``locale/<lang>/LC_MESSAGES/<doc-id>.po`` (and its POT) per document.

    The memory is everything translated under ``locale/<lang>/`` before this run. A
    document whose catalog does not read gets its diagnostics and nothing is written for it.
    """
    docs = master_documents(project, doc_ids)
    read: dict[Path, Catalog] = {}  # the catalogs the memory was made of, parsed once
    if memory is None:
        memory, _ = load_memory(language_catalogs(project, lang), project.root, read)
    results = []
    templates: list[tuple[str, Callable[[], tuple[Catalog, bool]]]] = [
        (doc.meta.id, partial(_write_template, project, doc)) for doc in docs]
    if not doc_ids:  # the layout words go with every document
        templates.append((labels.NAME, partial(_write_labels_template, project)))
    for name, write_template in templates:
        path = catalog_path(project, name, lang)
        result = CatalogResult(name, path)
        results.append(result)
        try:
            old = read.get(path) or (read_po_file(path) if path.is_file() else None)
        except CicaError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        pot, _ = write_template()
        new, result.counts = merge(pot, old, memory, lang, options)
        # as msgmerge: the English changing (entries fuzzy, obsolete) is no revision of the
        # translation; only a translation the memory filled (or a purge) dates the catalog
        retranslated = old is None or _translations(new) != _translations(old)
        result.changed = write_po(path, new, stamp="PO-Revision-Date" if retranslated else None)
    return results


def _translations(catalog: Catalog) -> set[tuple[str | None, str]]:
    """What translators wrote, live or obsolete (an entry going obsolete is the English's doing)."""
    return {(m.context, m.string) for m in catalog.messages if m.string}


def document_ids(project: Project) -> list[str]:
    """Documents that have a template (catalogs without one are glossary or memories)."""
    return sorted(p.stem for p in (project.locale / "templates").glob("*.pot"))


def project_stats(project: Project, lang: str) -> tuple[list[Stats], list[Diagnostic]]:
    """Progress of every document catalog of *lang* (a missing one counts as untranslated),
    and the catalogs that do not read (left out; the other documents go on)."""
    out, problems = [], []
    for doc_id in document_ids(project):
        path = catalog_path(project, doc_id, lang)
        try:
            catalog = read_po_file(path) if path.is_file() else read_template(project, doc_id)
        except CicaError as exc:
            problems.extend(exc.diagnostics)
            continue
        out.append(catalog_stats(doc_id, lang, catalog))
    return out, problems


def read_catalogs(paths: list[Path]) -> tuple[list[Catalog], list[Diagnostic]]:
    """The catalogs at *paths* that read, and the problems of those that do not."""
    catalogs, problems = [], []
    for path in paths:
        try:
            catalogs.append(read_po_file(path))
        except CicaError as exc:
            problems.extend(exc.diagnostics)
    return catalogs, problems


def run_qa(project: Project, lang: str, doc_ids: list[str] | None = None) -> tuple[int, list[Diagnostic]]:
    """QA of the translated entries of the document catalogs; (entries checked, problems)."""
    ctx_terms = load_terms(project, lang)
    checked, problems = 0, []
    for doc_id in doc_ids or document_ids(project):
        path = catalog_path(project, doc_id, lang)
        if not path.is_file():
            if not doc_ids:
                continue  # a document not yet translated into *lang*: nothing to check
            raise CicaError.at(path.relative_to(project.root), f"no catalog {doc_id!r} to check: name "
                               f"a document ({', '.join(document_ids(project))}), phrasebook or "
                               f"glossary; a new document's catalog is made by `update --lang {lang}`")
        try:
            catalog = read_po_file(path)
        except CicaError as exc:  # reported; the other documents go on
            problems.extend(exc.diagnostics)
            continue
        ctx = QAContext.with_glossary(lang, str(path.relative_to(project.root)), ctx_terms)
        for m in catalog:
            checked += m.translated
            problems.extend(check_message(m, ctx))
    return checked, problems


def export_tmx(project: Project, lang: str) -> bytes:
    """TMX 1.4 of everything translated under ``locale/<lang>/``."""
    paths = language_catalogs(project, lang)
    catalogs = [(p.stem, read_po_file(p)) for p in paths]
    refused = [d for p, (_, catalog) in zip(paths, catalogs) for m in catalog if m.translated
               for d in control(m, QAContext(lang, str(p.relative_to(project.root))))]
    if refused:  # a TMX (XML) cannot hold them
        raise CicaError(refused)
    return to_tmx(catalogs, project.master_language, lang)


def import_tmx(project: Project, path: Path, lang: str) -> CatalogResult:
    """Turn *path* into ``locale/<lang>/LC_MESSAGES/tmx-<name>.po`` (part of the memory)."""
    catalog = from_tmx(path, project.master_language, lang)
    name = catalog.get_header("Project-Id-Version") or "tmx"
    out = catalog_path(project, name, lang)
    changed = write_po(out, catalog, stamp="PO-Revision-Date")
    return CatalogResult(name, out, changed, Counter(units=len(catalog)))


def glossary_report(project: Project, lang: str) -> tuple[list[TermUse], list[Diagnostic]]:
    """``cica-publish glossary``: each term's use in the document catalogs, and the glossary's problems."""
    path = glossary_path(project, lang)
    catalog = read_po_file(path)
    problems = check_glossary(catalog, str(path.relative_to(project.root)), lang)
    docs = [catalog_path(project, d, lang) for d in document_ids(project)]
    catalogs, unread = read_catalogs([p for p in docs if p.is_file()])
    return term_usage(terms(catalog), catalogs, lang), unread + problems
