"""Circulation notes: from an enclosure to a numbered note verbale in English and Russian.

``cica-publish note new`` builds the enclosure (its page count is quoted in the note),
allocates the next reference of the series, writes ``sources/notes/<series>-<n>.en.xml``
and its Russian catalog, and builds the note — all inside the register's transaction, so
a note that fails to build gives its number back. Why the parts are where they are:

- The formulas (compliments, "has the honour to forward herewith", the enclosure line,
  the closing formula, place and date) come from the phrasebook catalog
  ``locale/ru/LC_MESSAGES/phrasebook.po``: English in ``msgid``, the official Russian
  form in ``msgstr``. A new note's catalog is filled from it, so only its free text
  (``--occasion``) goes to translators.
- Addressees come from the distribution lists the tool ships
  (:mod:`cica_publish.distribution`: lists and recipients with their English and Russian
  forms; Russian addressees in the dative, as the formulas need).
- The register keeps the SHA-256 of the enclosure's source and PDFs as they were when
  the note was built: :func:`check_notes` reports a note whose stated page count no
  longer matches its enclosure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Sequence

if TYPE_CHECKING:
    from .build import BuildResult

from . import tree as t
from .catalogs import catalog_path
from .distribution import Addressee, Distribution
from .editions import edition_langs
from .errors import CicaError, Diagnostic, UsageError
from .project import Project
from .register import Register, parse_ref
from .sources import find_sources, load_document, source_path

PHRASEBOOK = "phrasebook"
NOTE_LANGS = ("en", "ru")  # the phrasebook's two languages: msgid and msgstr
DEFAULT_PLACE = "Astana"


# ---------------------------------------------------------------- the phrasebook


@dataclass(frozen=True)
class Phrasebook:
    """Formulas by key, in English (``msgid``) and Russian (``msgstr``)."""

    path: Path
    phrases: dict[tuple[str, str], str]  # (key, lang) → template
    places: dict[str, str]  # English place → Russian
    lines: dict[str, int | None] = field(default_factory=dict)  # key → line of its entry

    @classmethod
    def load(cls, project: Project) -> Phrasebook:
        """The phrasebook's translated formulas; one whose ``{placeholders}`` the
        translation lost, added or misspelt is refused (every such entry named), so no
        note is ever numbered with a formula that would drop an addressee."""
        from .catalogs.po import read_po_file
        from .catalogs.qa import QAContext, placeholders

        path = catalog_path(project, PHRASEBOOK, "ru")
        if not path.is_file():
            raise CicaError.at(path, "no phrasebook: the formulas of notes verbales live here")
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        phrases: dict[tuple[str, str], str] = {}
        places: dict[str, str] = {}
        lines: dict[str, int | None] = {}
        problems: list[Diagnostic] = []
        for message in read_po_file(path):
            context = message.context or ""
            if not context.startswith(f"{PHRASEBOOK}/") or not message.translated:
                continue
            problems += placeholders(message, QAContext("ru", str(shown)))
            key = context.split("/", 1)[1]
            if key == "place":
                places[message.id] = message.string
            else:
                phrases[(key, "en")], phrases[(key, "ru")] = message.id, message.string
                lines[key] = message.lineno
        if problems:
            raise CicaError(problems)
        return cls(path, phrases, places, lines)

    def phrase(self, key: str, lang: str, **values: str) -> str:
        if (key, lang) not in self.phrases:
            raise CicaError.at(self.path, f"the phrasebook has no translated formula {key!r}")
        try:
            return self.phrases[(key, lang)].format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            known = ", ".join("{" + name + "}" for name in sorted(values)) or "none"
            raise CicaError.at(self.path, f"[placeholders] {PHRASEBOOK}/{key}: the {lang} formula "
                               f"cannot be filled ({type(exc).__name__}: {exc}); its placeholders "
                               f"are {known}", line=self.lines.get(key), code="placeholders") from None

    def place(self, place: str, lang: str) -> str:
        if lang == "en":
            return place
        if place not in self.places:
            raise CicaError.at(self.path, (
                f"the phrasebook has no Russian form of the place {place!r} (known: "
                f"{', '.join(sorted(self.places))}); add msgctxt \"phrasebook/place\" msgid {place!r}"))
        return self.places[place]

    def join(self, parts: Sequence[str], lang: str) -> str:
        """"A, B and C" / "A, B и C"."""
        if len(parts) == 1:
            return parts[0]
        return self.phrase("and", lang, first=", ".join(parts[:-1]), last=parts[-1])


# ---------------------------------------------------------------- composing a note


@dataclass(frozen=True)
class NoteRequest:
    """What an officer asks for: ``note new --series MIN --enclosure DOC --to …``."""

    series: str
    enclosure: str
    to: tuple[str, ...]
    date: dt.date
    place: str = DEFAULT_PLACE
    occasion: dict[str, str] = field(default_factory=dict)  # lang → free text
    per_recipient: bool = False
    langs: tuple[str, ...] = ("en", "ru", "en-ru")


@dataclass(frozen=True)
class Enclosure:
    doc_id: str
    title: dict[str, str]  # lang → title (a language without one leaves the formula to translators)
    pages: dict[str, int]  # lang → pages of its PDF
    files: dict[str, str]  # project-relative path → sha256, as the note quotes it


def note_id(reference: str) -> str:
    """``MIN/1077`` → ``min-1077``."""
    series, number = parse_ref(reference)
    return f"{series.lower()}-{number}"


def compose(reference: str, request: NoteRequest, addressees: Sequence[Addressee],
            enclosure: Enclosure, phrasebook: Phrasebook) -> tuple[t.Document, dict[str, t.Inlines]]:
    """The English note and the Russian text of each of its blocks (by block id).

    A block whose Russian is not known (free text, an enclosure without a Russian
    title) is missing from the dictionary: it goes to translators.
    """
    from .catalogs.messages import TITLE_ID
    from .localize import format_date

    def texts(lang: str) -> dict[str, str | None]:
        to = phrasebook.join([a.to[lang] for a in addressees], lang)
        title = enclosure.title.get(lang)
        pages = enclosure.pages.get(lang)
        letterhead = phrasebook.phrase("letterhead", "en"), phrasebook.phrase("letterhead", "ru")
        out: dict[str, str | None] = {
            TITLE_ID: None if title is None else phrasebook.phrase("note-title", lang, title=title),
            "lh-en": letterhead[0], "lh-ru": letterhead[1],
            "p1": None if title is None else phrasebook.phrase(
                "compliments-forward", lang, addressee=to,
                enclosure=phrasebook.phrase("enclosure-title", lang, title=title)),
            "p2": request.occasion.get(lang),
            "enc": None if pages is None else phrasebook.phrase("enclosure-line", lang, pages=str(pages)),
            "closing": phrasebook.phrase("closing", lang, addressee=to),
            "place-date": phrasebook.phrase("place-date", lang, place=phrasebook.place(request.place, lang),
                                            date=format_date(request.date, lang)),
        }
        for n, addressee in enumerate(addressees, 1):
            out[f"to{n}"] = addressee.block[lang]
        return out

    en, ru = texts("en"), texts("ru")
    if en["p1"] is None or en["enc"] is None:
        raise CicaError.at(enclosure.doc_id, "the enclosure has no English title or PDF")

    def inl(text: str | None) -> t.Inlines:
        parts: list[t.Inline] = []
        for i, line in enumerate((text or "").split("\n")):
            parts += [t.LineBreak()] if i else []
            parts.append(t.Text(line))
        return tuple(parts)

    def block(cls: type[t.TextBlock], block_id: str) -> t.TextBlock:
        return cls(block_id, inl(en[block_id]))

    body: list[t.Block] = [
        t.Letterhead((block(t.Line, "lh-en"), block(t.Line, "lh-ru"))),
        t.Reference(),
        block(t.Paragraph, "p1"),
        *([block(t.Paragraph, "p2")] if en["p2"] else []),
        block(t.EnclosureLine, "enc"),
        block(t.ClosingFormula, "closing"),
        block(t.PlaceDate, "place-date"),
        t.Addressee(tuple(block(t.Line, f"to{n}") for n in range(1, len(addressees) + 1))),
    ]
    meta = t.Meta(
        id=note_id(reference), kind="note", lang="en", master_lang="en", title=en[TITLE_ID] or "",
        reference=reference, date=request.date, place=request.place,
        addressees=tuple(a.key for a in addressees), enclosures=(enclosure.doc_id,),
    )
    russian = {k: inl(v) for k, v in ru.items() if v is not None and k in en and en[k] is not None}
    return t.Document(meta, tuple(body)), russian


def note_catalog(project: Project, doc: t.Document, russian: dict[str, t.Inlines]):
    """The note's Russian catalog: its template with the phrasebook's translations filled in."""
    from .catalogs.extract import project_id, template
    from .catalogs.markup import to_markup
    from .catalogs.messages import iter_messages
    from .catalogs.prefill import prefilled

    strings = {ctx: to_markup(russian[block.id]) for block, ctx, _ in iter_messages(doc) if block.id in russian}
    return prefilled(template(doc, project.root, ""), "ru", project_id(doc), strings, "formula from the phrasebook")


# ---------------------------------------------------------------- building


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _run_build(project: Project, doc_id: str) -> dict[str, BuildResult]:
    """Build every PDF edition of *doc_id*; by edition name ("en", "ru", "en-ru").

    Editions whose translation is incomplete come back ``skipped``; an error fails here.
    """
    from .build import BuildOptions, build

    results = build(project, BuildOptions(doc_ids=(doc_id,), formats=("pdf",)))
    failed = [r for r in results if r.status == "failed"]
    if failed:
        diags: list[Diagnostic] = []
        for r in failed:
            diags.append(Diagnostic(_rel(project, r.item.out), None,
                                    f"cannot build {doc_id} ({r.item.lang_name}): {r.reason}"))
            diags.extend(r.diagnostics[:5])
        raise CicaError(diags)
    return {r.item.lang_name: r for r in results}


def _source_files(project: Project, doc_id: str) -> list[Path]:
    """The files an enclosure's text comes from: its sources and its catalogs."""
    paths = [s.path for s in find_sources(project) if s.doc_id == doc_id]
    paths += [catalog_path(project, doc_id, lang) for lang in project.languages]
    return [p for p in paths if p.is_file()]


def _title(project: Project, doc: t.Document, lang: str) -> str | None:
    """The title of *doc* in *lang*: its source in that language, or as its catalog translates it.

    The title is the catalog's ``<doc-id>/@title`` message, read by the build's own
    translate step: the note names the enclosure as the enclosure's cover does, and a title
    translated for an older English title is not used.
    """
    from .catalogs.po import read_po_file
    from .transforms.translate import translate

    try:
        return load_document(project, doc.meta.id, lang).meta.title
    except CicaError:
        pass
    path = catalog_path(project, doc.meta.id, lang)
    if not path.is_file():
        return None
    meta = translate(doc, read_po_file(path), str(path)).meta
    return meta.title if meta.title_translated else None


def build_enclosure(project: Project, doc_id: str) -> Enclosure:
    """Build the enclosure and read its titles and real page counts, per note language.

    An enclosure not (yet) translated is circulated in its master language: the note in
    the other language then quotes the master edition's page count, as MIN/1076 does.
    """
    master = load_document(project, doc_id)
    results = _run_build(project, doc_id)
    main = results.get(master.meta.lang)
    if main is None or main.status == "skipped":
        raise CicaError.at(master.loc.path if master.loc else doc_id,
                           f"the enclosure {doc_id} cannot be built: {main.reason if main else 'no PDF'}")
    titles, pages, files = {}, {}, {}
    for lang in NOTE_LANGS:
        result = results.get(lang)
        if result is None or result.status == "skipped":
            result = main
        if result.pages is None:
            raise CicaError.at(result.item.out, "the build recorded no page count for this PDF")
        pages[lang] = result.pages
        files[_rel(project, result.item.out)] = sha256(result.item.out)
        title = master.meta.title if lang == master.meta.lang else _title(project, master, lang)
        if title:
            titles[lang] = title
    for path in _source_files(project, doc_id):
        files[_rel(project, path)] = sha256(path)
    return Enclosure(doc_id, titles, pages, files)


@dataclass(frozen=True)
class NoteResult:
    reference: str
    doc_id: str
    source: Path
    outputs: tuple[Path, ...]
    waiting: tuple[str, ...]  # editions waiting for translation of the free text


def new_notes(project: Project, request: NoteRequest) -> list[NoteResult]:
    """Allocate, write and build the note(s) of *request*; one per addressee with per_recipient."""
    phrasebook = Phrasebook.load(project)
    groups = Distribution.load().resolve(request.to, request.per_recipient)
    unknown = sorted({lang for name in request.langs for lang in edition_langs(name)} - set(NOTE_LANGS))
    if unknown:
        raise UsageError.at("--lang", f"notes are made in {', '.join(NOTE_LANGS)}, not {', '.join(unknown)}")
    enclosure = build_enclosure(project, request.enclosure)
    for addressees in groups:  # every formula filled once before a number is taken
        compose(f"{request.series}/0", request, addressees, enclosure, phrasebook)
    register = Register.of(project)
    return [_new_note(project, register, request, addressees, enclosure, phrasebook)
            for addressees in groups]


def _new_note(project: Project, register: Register, request: NoteRequest,
              addressees: list[Addressee], enclosure: Enclosure, phrasebook: Phrasebook) -> NoteResult:
    from .catalogs.po import write_po
    from .catalogs.workflow import extract_templates, template_path
    from .writers.xml import write_source

    with register.issue(request.series, date=request.date,
                        addressees=[a.key for a in addressees]) as pending:
        doc, russian = compose(pending.ref, request, addressees, enclosure, phrasebook)
        source = source_path(project, "note", doc.meta.id, "en")
        catalog = catalog_path(project, doc.meta.id, "ru")
        # Files already there under this number are not in the register (we hold its lock
        # and just took the number): left over from an interrupted note, they are replaced.
        written = [source, template_path(project, doc.meta.id), catalog]
        try:
            write_source(doc, source)
            extract_templates(project, [doc.meta.id])
            write_po(catalog, note_catalog(project, doc, russian), stamp="PO-Revision-Date")
            results = _run_build(project, doc.meta.id)
            master = results.get(doc.meta.lang)
            if master is None or master.status == "skipped":
                raise CicaError.at(source, f"the note was not built: {master.reason if master else 'no PDF'}")
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        chosen = [results[name] for name in request.langs if name in results]
        outputs = tuple(r.item.out for r in chosen if r.status != "skipped")
        waiting = tuple(r.item.lang_name for r in chosen if r.status == "skipped")
        files = dict(enclosure.files)
        files.update({_rel(project, p): sha256(p) for p in (source, catalog, *outputs)})
        pending.update(doc_id=doc.meta.id, title=doc.meta.title, files=files)
        return NoteResult(pending.ref, doc.meta.id, source, outputs, waiting)


# ---------------------------------------------------------------- checking


_COUNT = re.compile(r"\d+")


def _stated_pages(project: Project, doc: t.Document, lang: str) -> int | None:
    """The page count the note states in *lang* (its source, or its catalog for Russian)."""
    from .catalogs.po import read_po_file
    line = next(iter(t.walk(doc, t.EnclosureLine)), None)
    if line is None:
        return None
    text = t.plain_text(line.content)
    if lang != doc.meta.lang:
        path = catalog_path(project, doc.meta.id, lang)
        entry = read_po_file(path).by_context().get(f"{doc.meta.id}/{line.id}") if path.is_file() else None
        if entry is None or not entry.translated:
            return None
        text = entry.string
    match = _COUNT.search(text)
    return int(match[0]) if match else None


def check_notes(project: Project) -> list[Diagnostic]:
    """Notes whose enclosure changed after they were built: a stale page count is an error
    (the enclosure's page count is the one its build recorded)."""
    from .build import recorded_pages
    from .readers.xml import read_source

    register = Register.of(project)
    if not register.path.exists():
        return []
    problems: list[Diagnostic] = []
    for src in find_sources(project):
        if src.kind_folder != "notes" or src.lang != project.master_language:
            continue
        doc = read_source(src.path)
        entry = register.find(src.doc_id)
        if entry is None:
            if doc.meta.reference:
                problems.append(Diagnostic(str(src.path), doc.loc.line if doc.loc else None, (
                    f"{doc.meta.reference} is not issued in the register {_rel(project, register.path)} "
                    "(left over from an interrupted `note new`?); the number will be issued again"),
                    code="register", severity="warning"))
            continue
        line = next(iter(t.walk(doc, t.EnclosureLine)), None)
        at = line.loc.line if line is not None and line.loc else None
        for enc in doc.meta.enclosures:
            recorded = {p: h for p, h in entry.files.items() if f"/{enc}." in p}
            changed = [p for p, h in recorded.items()
                       if not (project.root / p).is_file() or sha256(project.root / p) != h]
            if not changed:
                continue
            for lang in NOTE_LANGS:
                pdf = _quoted_pdf(recorded, enc, lang, doc.meta.master_lang)
                stated = _stated_pages(project, doc, lang)
                if pdf is None or stated is None or not (project.root / pdf).is_file():
                    continue
                now = recorded_pages(project, project.root / pdf)
                if now is not None and now != stated:
                    problems.append(Diagnostic(str(src.path), at, (
                        f"stale page count: {entry.ref} states {stated} p. in {lang} for its "
                        f"enclosure {enc}, which now has {now} p.; restate the note: "
                        f"cica-publish note restate {src.doc_id}"), code="stale"))
            if not any(p.endswith(".pdf") for p in changed):
                problems.append(Diagnostic(str(src.path), at, (
                    f"the enclosure {enc} of {entry.ref} changed after the note was built "
                    f"({', '.join(changed)}); rebuild it (cica-publish build {enc}) to check "
                    "the page count the note states"), code="stale", severity="warning"))
    return problems


def _quoted_pdf(recorded: dict[str, str], enc: str, lang: str, master: str) -> str | None:
    """Which recorded PDF the note's *lang* edition quoted (the master's if untranslated)."""
    for candidate in (f"output/{enc}/{enc}.{lang}.pdf", f"output/{enc}/{enc}.{master}.pdf"):
        if candidate in recorded:
            return candidate
    return None


def restate(project: Project, doc_id: str) -> NoteResult:
    """Re-count the enclosure, restate the note's enclosure line in both languages, rebuild it."""
    from .catalogs.po import read_po_file, write_po
    from .catalogs.workflow import extract_templates
    from .transforms.number import enclosure_pages
    from .writers.xml import write_source

    register = Register.of(project)
    entry = register.find(doc_id)
    if entry is None:
        raise CicaError.at(register.path, f"{doc_id} has no issued reference in the register")
    doc = load_document(project, doc_id)
    if not doc.meta.enclosures:
        raise CicaError.at(doc.loc.path if doc.loc else doc_id, "the note has no enclosure")
    enclosure = build_enclosure(project, doc.meta.enclosures[0])
    source = source_path(project, "note", doc_id, doc.meta.lang)
    new = enclosure_pages(doc, enclosure.pages[doc.meta.lang])
    write_source(new, source)
    line = next(iter(t.walk(new, t.EnclosureLine)))
    catalog_file = catalog_path(project, doc_id, "ru")
    if catalog_file.is_file():
        from .catalogs.markup import to_markup
        from .catalogs.prefill import restate as restate_entry

        catalog = read_po_file(catalog_file)
        restate_entry(catalog, f"{doc_id}/{line.id}", to_markup(line.content),
                      lambda text: _COUNT.sub(str(enclosure.pages["ru"]), text, count=1))
        write_po(catalog_file, catalog, stamp="PO-Revision-Date")
    extract_templates(project, [doc_id])
    results = _run_build(project, doc_id)
    outputs = tuple(r.item.out for r in results.values() if r.status != "skipped")
    files = {**enclosure.files, **{_rel(project, p): sha256(p) for p in (source, *outputs)}}
    if catalog_file.is_file():
        files[_rel(project, catalog_file)] = sha256(catalog_file)
    register.record_files(entry.ref, files)
    waiting = tuple(name for name, r in results.items() if r.status == "skipped")
    return NoteResult(entry.ref, doc_id, source, outputs, waiting)
