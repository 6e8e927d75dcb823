"""``cica-publish import``: a text, .docx or XML file → a checked source file with stable ids.

Reads the file with the reader for its suffix, gives every block an id (keeping the ids
of the source file it replaces, see :mod:`cica_publish.ids`), keeps the source's own text
wherever the input differs from it only in typesetting (a built DOCX or PDF carries curly
quotes, dashes, no-break spaces and the enclosure's real page count: the editor changed
nothing there, see :func:`keep_typeset`), checks the result exactly
as ``cica-publish check`` would, and only then writes it, atomically. A bad input, or a
result that would not pass the check, writes nothing.

Nothing another document owns is replaced by mistake: an id that exists under another
kind, or an output path that is another document's source, is refused unless *replace*
is given, and then the replaced files are kept as ``*.xml~`` and the translated catalog
entries that would go obsolete are listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from . import tree as t
from .errors import CicaError, Diagnostic, UsageError
from .ids import assign_ids
from .project import Project
from .readers import READERS
from .readers.text import read_text
from .readers.xml import read_source, read_source_bytes
from .catalogs import catalog_path
from .sources import (
    DOC_ID, KIND_FOLDERS, SourceFile, check_document, find_sources, name_problem, source_path,
)
from .transforms.typography import typeset_block_key
from .writers.xml import to_xml
from .fsutil import refuse_directory, write_if_changed

#: Metadata that an import may set (the rest of Meta comes from the command line).
META_FIELDS = (
    "title", "short_title", "master_lang", "reference", "date", "place", "addressees", "enclosures",
    "series", "issue", "period",
)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    changed: bool
    blocks: int
    kept_ids: int
    diagnostics: tuple[Diagnostic, ...]


def import_file(
    project: Project, path: Path, lang: str, kind: str, doc_id: str, output: Path | None = None,
    *, metadata: Mapping[str, Any] | None = None, pdf: bool | None = None,
    lines: tuple[int, int] | None = None, parts: list[tuple[str, str]] | None = None,
    replace: bool = False,
) -> ImportResult:
    """Import *path* as document *doc_id* and write it to *output* (default: its source path).

    *metadata* sets fields of :class:`tree.Meta` (title, reference, date, …); a field not
    given keeps the value of the source being replaced, if any. *pdf* and *lines* are
    for plain text: text extracted from a PDF (default: tell from the text) and the
    line range of the file to import (first, last). *parts* groups a review's articles
    into parts: (part title, title of its first article), in order. *replace* lets the import
    take the place of another document (see the module's docstring).
    """
    if kind not in t.DOCUMENT_KINDS:
        raise UsageError.at(path, f"unknown kind {kind!r} (known: {', '.join(t.DOCUMENT_KINDS)})")
    if not DOC_ID.fullmatch(doc_id):
        raise UsageError.at("--id", f"invalid document id {doc_id!r}: use lower-case letters, digits, "
                            "'-' and '.' (e.g. report-io-2025)")
    suffix = doc_id.rpartition(".")[2]
    if "." in doc_id and suffix in project.languages:
        raise UsageError.at("--id", f"invalid document id {doc_id!r}: it ends in the language "
                            f"code '.{suffix}', which the file name adds (did you mean "
                            f"--id {doc_id.rpartition('.')[0]}?)")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageError.at(path, f"cannot import {path.suffix or 'files without a suffix'} "
                            f"(known: {', '.join(READERS)})")
    if (pdf is not None or lines is not None) and reader is not read_text:
        raise UsageError.at(path, "--pdf and --lines apply to plain text (.txt, .md) only")
    if parts and (kind != "review" or reader is not read_text):
        raise UsageError.at(path, "--part applies to a review imported from plain text only")
    output = output or source_path(project, kind, doc_id, lang)
    refuse_directory(output)
    previous = read_source(output) if output.exists() else None
    replaced = _replaced(project, kind, doc_id, lang, output, previous)
    if replaced and not replace:
        raise CicaError([Diagnostic(str(src.path), None, (
            f"is the source of {src.doc_id}.{src.lang}, not of {doc_id}.{lang}"
            if src.path == output else f"{doc_id!r} is already a document of {src.kind_folder}/, "
            f"not a {kind}") + "; give --replace to replace it (the old file is kept as "
            f"{src.path.name}~) or choose another id or output") for src in replaced])
    if any(src.path == output for src in replaced):
        previous = None  # another document's ids and metadata are not this one's
    meta = _meta(doc_id, kind, lang, metadata or {}, previous)
    if reader is read_text:
        doc, remarks = read_text(path, meta, pdf=pdf, lines=lines, parts=parts or ())
    else:
        doc, remarks = reader(path, meta)
    errors = [d for d in remarks if d.severity == "error"]
    if errors:
        raise CicaError(errors)
    # The source being replaced lends its ids; else ids the input already has (an XML source).
    has_ids = any(b.id for b in t.text_blocks(doc))
    doc, kept = assign_ids(doc, previous if previous is not None else doc if has_ids else None)
    if previous is not None:
        doc = keep_typeset(doc, previous)
    if not doc.meta.title:
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title=_title(doc)))
    xml = to_xml(doc)
    _check(project, xml, output, doc_id)
    notes = [Diagnostic(str(src.path), None, f"replaced; the old file is kept as {src.path.name}~",
                        severity="warning") for src in replaced]
    notes += _going_obsolete(project, replaced, doc) if replaced else []
    for src in replaced:
        os.replace(src.path, f"{src.path}~")
    changed = write_if_changed(output, xml)
    return ImportResult(output, changed, len(t.text_blocks(doc)), kept, tuple(remarks + notes))


def _replaced(
    project: Project, kind: str, doc_id: str, lang: str, output: Path, previous: t.Document | None,
) -> list[SourceFile]:
    """Source files of other documents that this import would replace or shadow: every
    source of *doc_id* under another kind, and *output* when it is another document's."""
    folder = KIND_FOLDERS.get(kind, kind)
    found = [s for s in find_sources(project) if s.doc_id == doc_id and s.kind_folder != folder]
    if previous is not None and (previous.meta.id, previous.meta.lang) != (doc_id, lang):
        if all(s.path != output for s in found):
            found.append(SourceFile(output, previous.meta.id, previous.meta.lang,
                                    KIND_FOLDERS.get(previous.meta.kind, previous.meta.kind)))
    return found


def _going_obsolete(project: Project, replaced: list[SourceFile], doc: t.Document) -> list[Diagnostic]:
    """The translated catalog entries of the replaced documents that the new source has no
    block for: the next ``update`` turns them obsolete (``#~``)."""
    from .catalogs.extract import iter_messages
    from .catalogs.po import read_po_file

    kept = {context for _, context, _ in iter_messages(doc)}
    out: list[Diagnostic] = []
    for doc_id in dict.fromkeys(s.doc_id for s in replaced):
        for lang in project.languages:
            path = catalog_path(project, doc_id, lang)
            if not path.is_file():
                continue
            try:
                catalog = read_po_file(path)
            except CicaError as exc:
                out.extend(dataclasses.replace(d, severity="warning") for d in exc.diagnostics)
                continue
            out.extend(Diagnostic(str(path), m.lineno, f"entry {m.context!r} would go obsolete "
                                  "at the next update", severity="warning")
                       for m in catalog if m.translated and m.context not in kept)
    return out


def keep_typeset(doc: t.Document, previous: t.Document) -> t.Document:
    """*doc* with each text block that reads as *previous*'s block of the same id and kind,
    typesetting aside, given *previous*'s content exactly; a block whose words changed
    keeps its new text, typed as the editor typed it."""
    before: dict[str | None, t.TextBlock] = {b.id: b for b in t.text_blocks(previous) if b.id}

    def fn(block: t.Block) -> t.Block:
        old = before.get(getattr(block, "id", None))
        if type(old) is type(block) and typeset_block_key(block) == typeset_block_key(old):
            return dataclasses.replace(block, content=old.content)
        return block

    return t.map_blocks(doc, fn)


def _meta(
    doc_id: str, kind: str, lang: str, given: Mapping[str, Any], previous: t.Document | None,
) -> t.Meta:
    unknown = set(given) - set(META_FIELDS)
    if unknown:
        raise UsageError.at("import", f"unknown metadata {', '.join(sorted(unknown))} "
                            f"(known: {', '.join(META_FIELDS)})")
    base = previous.meta if previous is not None else t.Meta(doc_id, kind, lang)
    values = dict(given)
    if isinstance(values.get("date"), str):
        try:
            values["date"] = dt.date.fromisoformat(values["date"])
        except ValueError:
            raise UsageError.at("import", f"invalid date {values['date']!r}: write YYYY-MM-DD") from None
    for key in ("addressees", "enclosures"):
        if key in values:
            values[key] = tuple(values[key])
    return dataclasses.replace(base, id=doc_id, kind=kind, lang=lang, **values)


def _title(doc: t.Document) -> str:
    """A title for a document imported without one: its first heading, else its first words."""
    first = next(iter(t.walk(doc, t.Heading)), None) or next(iter(t.text_blocks(doc)), None)
    text = " ".join(t.plain_text(first.content).split()) if first else doc.meta.id
    return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"


def _check(project: Project, xml: str, output: Path, doc_id: str) -> None:
    """The checks of ``cica-publish check``, on the text about to be written."""
    where = str(output)
    doc = read_source_bytes(xml.encode("utf-8"), where)
    known = {s.doc_id for s in find_sources(project)} | {doc_id}
    problems = [d for d in check_document(doc, where, known) if d.severity == "error"]
    problems += name_problem(output, doc)
    if problems:
        raise CicaError(problems)
