"""``cica-publish build``: what to build, whether it is up to date, and building it in parallel.

Each output ``output/<doc-id>/<doc-id>.<lang>.<ext>`` is a :class:`BuildItem`. Its *key*
is a hash of everything that can change the file: the master source, the catalogs of its
languages, the layout folder, the tool's own code, the options, for a note the page
count of its enclosure, and for a document a note encloses that note's reference and date.
``output/.build-state.json`` remembers the key of every output, so a rebuild with nothing
changed reads a few files and writes nothing.

Items are built in a process pool (one worker per core); notes come in a second wave,
after the documents they enclose, because they quote the enclosure's real page count.
Translation never falls back silently: a language whose catalog is incomplete fails (when
asked for explicitly), is skipped with the count (when not), or, with
``--allow-untranslated``, is built with every fallback marked and listed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from collections.abc import Callable, Iterable, Sequence

from . import tree as t
from .catalogs import catalog_path
from .catalogs.labels import with_labels
from .editions import edition_langs, edition_name
from .errors import CicaError, Diagnostic, UsageError
from .fsutil import write_if_changed
from .layout import Layout, RenderOptions, WriteResult, Writer, layout_for
from .project import Project
from .readers.xml import read_source
from .sources import find_sources, self_enclosure, source_path
from .transforms import edition_steps, run
from .workers import worker_pool

STATE_FILE = ".build-state.json"
FORMATS = ("pdf", "docx")


def write_docx(docs, layout, options, out) -> WriteResult:
    """F's DOCX writer, imported on first use."""
    from .writers.docx import write_docx as writer

    return writer(docs, layout, options, out)


def write_pdf(docs, layout, options, out) -> WriteResult:
    from .writers.pdf import write_pdf as writer

    return writer(docs, layout, options, out)


WRITERS: dict[str, Writer] = {"pdf": write_pdf, "docx": write_docx}
_WRITER_MODULES = {"pdf": "cica_publish.writers.pdf", "docx": "cica_publish.writers.docx"}


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked for; ``None`` means "everything that can be built"."""

    doc_ids: tuple[str, ...] = ()
    langs: tuple[str, ...] | None = None  # edition names (editions.py): "en", "ru", "en-ru"
    formats: tuple[str, ...] | None = None
    allow_untranslated: bool = False
    preview: bool = False
    bilingual: str = "pages"
    pdf_variant: str | None = None
    jobs: int | None = None


@dataclass(frozen=True)
class BuildItem:
    doc_id: str
    kind: str
    source: Path
    langs: tuple[str, ...]  # ("en",), ("ru",) or ("en", "ru")
    fmt: str
    out: Path
    explicit: bool  # the user named this language: an incomplete translation fails
    options: RenderOptions
    enclosures: tuple[str, ...] = ()  # doc ids this one encloses (a note: built after them)
    enclosure_pages: tuple[tuple[str, int], ...] = ()  # (lang, pages of the first enclosure)
    circulated: t.Circulation | None = None  # the note that encloses this document
    key: str = ""

    @property
    def lang_name(self) -> str:
        return edition_name(self.langs)


@dataclass(frozen=True)
class BuildResult:
    item: BuildItem
    status: str  # "built", "up to date", "skipped", "failed"
    pages: int | None = None
    reason: str = ""
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    anchor_pages: tuple[tuple[str, int], ...] = ()  # a PDF's, for the same edition's DOCX


# ------------------------------------------------------------------ planning


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(filter(None, (p.strip() for p in text.split(","))))
    for fmt in formats:
        if fmt not in WRITERS:
            raise UsageError.at("--format", f"unknown format {fmt!r} (known: {', '.join(WRITERS)})")
    return formats


def check_pdf_variant(variant: str | None) -> str | None:
    """A PDF variant WeasyPrint knows (``pdf/a-3b`` …), or a usage error listing them."""
    from weasyprint.pdf import VARIANTS

    if variant is not None and variant not in VARIANTS:
        raise UsageError.at("--pdf-variant", f"unknown PDF variant {variant!r} "
                            f"(known: {', '.join(v for v in VARIANTS if v != 'debug')})")
    return variant


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """A hash of this package's code and of WeasyPrint's version: a new tool rebuilds."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".rng") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _hash_files(digest: hashlib._Hash, paths: Iterable[Path]) -> None:
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<absent>")


def item_key(project: Project, item: BuildItem, layout: Layout) -> str:
    digest = hashlib.sha256(tool_hash().encode())
    digest.update(repr((item.langs, item.fmt, item.options,
                        item.enclosure_pages, item.circulated)).encode())
    _hash_files(digest, [item.source, *(source_path(project, item.kind, item.doc_id, lang)
                                        for lang in item.langs)])
    _hash_files(digest, [catalog_path(project, name, lang) for lang in item.langs
                         for name in (item.doc_id, "labels")])
    _hash_files(digest, sorted(p for p in layout.folder.rglob("*") if p.is_file()))
    return digest.hexdigest()


@dataclass(frozen=True)
class _Doc:
    doc_id: str
    kind: str
    source: Path
    master_lang: str
    enclosures: tuple[str, ...]
    circulated: t.Circulation | None = None


def _documents(project: Project, wanted: Sequence[str]) -> list[_Doc]:
    """The master source of every document (or of the ones named), with the note each was
    circulated with: the first, by date, of the sent notes (reference and date) enclosing it."""
    by_id: dict[str, list] = {}
    for src in find_sources(project):
        by_id.setdefault(src.doc_id, []).append(src)
    unknown = [d for d in wanted if d not in by_id]
    if unknown:
        raise UsageError.at(project.sources, f"no document {', '.join(map(repr, unknown))} "
                            f"(known: {', '.join(sorted(by_id)) or 'none'})")
    docs: dict[str, _Doc] = {}
    circulated: dict[str, t.Circulation] = {}
    for doc_id in sorted(by_id):
        sources = {s.lang: s for s in by_id[doc_id]}
        master = sources.get(project.master_language) or next(iter(sources.values()))
        meta = read_source(master.path).meta
        docs[doc_id] = _Doc(doc_id, meta.kind, master.path, meta.master_lang, meta.enclosures)
        if meta.kind == "note" and meta.reference and meta.date:
            note = t.Circulation(meta.reference, meta.date)
            for enc in meta.enclosures:
                circulated[enc] = min(circulated.get(enc, note), note, key=lambda n: n.date)
    return [dataclasses.replace(docs[d], circulated=circulated.get(d)) for d in (wanted or docs)]


def plan(project: Project, options: BuildOptions) -> list[BuildItem]:
    """Every output to consider, in order (enclosures before the notes that quote them)."""
    formats = options.formats or FORMATS
    items = []
    for doc in _documents(project, options.doc_ids):
        others = [lang for lang in project.languages if lang != doc.master_lang]
        default = [doc.master_lang, *others, *(edition_name((doc.master_lang, o)) for o in others)]
        for lang_name in options.langs or default:
            langs = edition_langs(lang_name)
            render = RenderOptions(
                bilingual=options.bilingual, pdf_variant=options.pdf_variant,
                allow_untranslated=options.allow_untranslated, preview=options.preview)
            for fmt in formats:
                out = project.output / doc.doc_id / f"{doc.doc_id}.{lang_name}.{fmt}"
                items.append(BuildItem(doc.doc_id, doc.kind, doc.source, langs, fmt, out,
                                       explicit=options.langs is not None, options=render,
                                       enclosures=doc.enclosures, circulated=doc.circulated))
    return sorted(items, key=lambda i: bool(i.enclosures))


# ------------------------------------------------------------------ building one item


def _translator(project: Project, item: BuildItem, lang: str) -> Callable[[t.Document], t.Document]:
    """The translate step of a *lang* edition: the tree from its catalog, or
    :class:`_NotTranslated` saying why not."""
    path = catalog_path(project, item.doc_id, lang)
    shown = path.relative_to(project.root)
    from .catalogs.po import read_po
    from .transforms.translate import translate

    if not path.is_file():
        raise _NotTranslated(f"not translated (no catalog {shown})", ())
    catalog = read_po(path.read_bytes(), str(path))
    return lambda doc: _checked(translate(doc, catalog, str(path)), item, lang, shown)


def _checked(result: t.Document, item: BuildItem, lang: str, shown: Path) -> t.Document:
    """A translated tree in *lang*, or :class:`_NotTranslated` listing its untranslated blocks."""
    from .catalogs.messages import META_MESSAGES, untranslated_meta
    from .transforms.translate import progress

    result = dataclasses.replace(result, meta=dataclasses.replace(result.meta, lang=lang))
    done = progress(result)
    if not done.complete and not item.options.allow_untranslated:
        title = tuple(Diagnostic(
            str(item.source), result.loc.line if result.loc else None,
            f"the {META_MESSAGES[b.id].replace('_', ' ')} is untranslated or fuzzy in {shown}",
            code="untranslated") for b in untranslated_meta(result))
        diags = title + tuple(
            Diagnostic(b.loc.path if b.loc else str(item.source), b.loc.line if b.loc else None,
                       f"block {b.id!r} is untranslated or fuzzy in {shown}", code="untranslated")
            for b in t.text_blocks(result) if b.translated is False)
        raise _NotTranslated(f"not translated ({len(done.fallback)} of {done.total} blocks "
                             "untranslated or fuzzy)", diags)
    return result


class _NotTranslated(Exception):
    def __init__(self, reason: str, diagnostics: tuple[Diagnostic, ...]):
        super().__init__(reason)
        self.reason, self.diagnostics = reason, diagnostics


def build_item(project: Project, item: BuildItem) -> BuildResult:
    """Build one output (runs in a worker process)."""
    try:
        layout = layout_for(project, item.kind)
        master = read_source(item.source)
        if problems := self_enclosure(master, str(item.source)):
            raise CicaError(problems)
        pages = dict(item.enclosure_pages)
        labels = partial(with_labels, locale=project.locale)  # the layout words of each language
        trees = [run(master, edition_steps(
            layout, None if lang == master.meta.lang else _translator(project, item, lang), pages.get(lang),
            labels, item.circulated))
            for lang in item.langs]
        result = WRITERS[item.fmt](trees, layout, item.options, item.out)
    except _NotTranslated as exc:
        if item.explicit:
            return BuildResult(item, "failed", reason=exc.reason, diagnostics=exc.diagnostics)
        return BuildResult(item, "skipped", reason=exc.reason)
    except CicaError as exc:
        return BuildResult(item, "failed", reason="error", diagnostics=tuple(exc.diagnostics))
    except Exception as exc:  # a bug in one writer must not lose the rest of the build
        return BuildResult(item, "failed", reason=f"internal error in the {item.fmt} writer", diagnostics=(
            Diagnostic(str(item.source), None, f"{type(exc).__name__}: {exc}".splitlines()[0],
                       code="internal"),))
    return BuildResult(item, "built", pages=result.pages, anchor_pages=result.anchor_pages)


def _build_star(args: tuple[Project, BuildItem]) -> BuildResult:
    return build_item(*args)


# ------------------------------------------------------------------ the whole build


def _load_state(project: Project) -> dict:
    try:
        return json.loads((project.output / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):  # absent or unreadable: everything is rebuilt
        return {}


def build(project: Project, options: BuildOptions,
          on_result: Callable[[BuildResult, int, int], None] | None = None) -> list[BuildResult]:
    """Build what is out of date; return one result per planned output, in plan order."""
    items = plan(project, options)
    state = _load_state(project)
    missing_writers = {f for f in {i.fmt for i in items}
                       if importlib.util.find_spec(_WRITER_MODULES[f]) is None}
    results: dict[BuildItem, BuildResult] = {}
    done = 0

    def report(result: BuildResult) -> None:
        nonlocal done
        done += 1
        results[result.item] = result
        if on_result:
            on_result(result, done, len(items))

    for wave in _waves(items):
        todo = []
        for item in wave:
            if item.enclosures:
                item = dataclasses.replace(
                    item, enclosure_pages=_enclosure_pages(item, state, project.master_language))
            if item.fmt != "pdf" and (pdf := _same_edition_pdf(item, results)):
                item = dataclasses.replace(item, options=dataclasses.replace(
                    item.options, anchor_pages=_recorded_anchors(state, _rel(project, pdf.out))))
            if item.fmt in missing_writers:
                report(BuildResult(item, "skipped", reason=f"no {item.fmt.upper()} writer installed"))
                continue
            item = dataclasses.replace(item, key=item_key(project, item, layout_for(project, item.kind)))
            known = state.get(_rel(project, item.out))
            if known and known["key"] == item.key and (
                    item.out.is_file() if known["status"] == "built" else not item.explicit):
                report(BuildResult(item, "up to date" if known["status"] == "built" else known["status"],
                                   known.get("pages"), known.get("reason", "")))
            else:
                todo.append(item)
        for result in _run_parallel(project, todo, options.jobs):
            report(result)
            if result.status in ("built", "skipped"):
                state[_rel(project, result.item.out)] = {
                    "key": result.item.key, "status": result.status,
                    "pages": result.pages, "reason": result.reason,
                    **({"anchors": [list(a) for a in result.anchor_pages]} if result.anchor_pages else {})}
            else:
                state.pop(_rel(project, result.item.out), None)
    if any(r.status != "up to date" for r in results.values()) or not (project.output / STATE_FILE).exists():
        try:
            write_if_changed(project.output / STATE_FILE,
                             json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        except CicaError as exc:  # output/ cannot be written: the state stays as it was
            failed = [d for r in results.values() if r.status == "failed" for d in r.diagnostics]
            raise CicaError([*dict.fromkeys(failed), *exc.diagnostics]) from None
    order = {item.out: n for n, item in enumerate(items)}
    return sorted(results.values(), key=lambda r: order[r.item.out])


def _waves(items: list[BuildItem]) -> list[list[BuildItem]]:
    """The plan in the order outputs depend on each other: PDFs, then the other formats
    (a DOCX's saved contents take the page numbers its edition's PDF found), then the
    notes that quote their enclosures' page counts (PDFs first again)."""
    enclosing = [i for i in items if i.enclosures]
    first = [i for i in items if not i.enclosures]
    return [wave for group in (first, enclosing)
            for wave in ([i for i in group if i.fmt == "pdf"], [i for i in group if i.fmt != "pdf"]) if wave]


def _same_edition_pdf(item: BuildItem, results: dict[BuildItem, BuildResult]) -> BuildItem | None:
    """The PDF of *item*'s edition if this build has just built it or found it up to date:
    then what the state records of it is current."""
    return next((done for done, result in results.items()
                 if done.fmt == "pdf" and done.doc_id == item.doc_id and done.langs == item.langs
                 and done.options.bilingual == item.options.bilingual
                 and result.status in ("built", "up to date")), None)


def _recorded_anchors(state: dict, key: str) -> tuple[tuple[str, int], ...]:
    return tuple((name, page) for name, page in state.get(key, {}).get("anchors", ()))


def _run_parallel(project: Project, todo: list[BuildItem], jobs: int | None) -> Iterable[BuildResult]:
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        yield from (build_item(project, item) for item in todo)
        return
    with worker_pool(workers) as pool:
        yield from pool.map(_build_star, [(project, item) for item in todo])


def _rel(project: Project, path: Path) -> str:
    return str(path.relative_to(project.output))


def _recorded(state: dict, key: str) -> int | None:
    known = state.get(key)
    return known.get("pages") if known and known.get("status") == "built" else None


def recorded_pages(project: Project, out: Path) -> int | None:
    """The page count the build recorded for *out* when it built it (``output/.build-state.json``):
    the one source of an output's page count, which the notes quote and check."""
    return _recorded(_load_state(project), _rel(project, out))


def _enclosure_pages(item: BuildItem, state: dict, master: str) -> tuple[tuple[str, int], ...]:
    """The printed page count of the (first) enclosure in each language of *item*.

    An enclosure not (yet) printed in a language goes out in the master language: its
    page count is the one quoted.
    """
    enclosure = item.enclosures[0]
    found = []
    for lang in item.langs:
        for edition in (lang, master):
            if pages := _recorded(state, f"{enclosure}/{enclosure}.{edition}.pdf"):
                found.append((lang, pages))
                break
    return tuple(found)
