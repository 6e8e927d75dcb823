"""The ``cica-publish`` command: parsing and printing only.

Each subcommand is one small function that parses its options, calls one library
function and prints the result. Errors are :class:`CicaError` diagnostics printed as
``path:line:col: message``; exit status 1 (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .editions import edition_langs, parse_editions
from .errors import CicaError, UsageError
from .project import Project, find_project

Handler = Callable[[argparse.Namespace, Project], int]


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so one handler prints everything."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError.at(self.prog, f"{message} (see {self.prog} --help)")


def _command(sub, name: str, help: str, example: str, handler: Handler,
             *shared: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """A subcommand, with the *shared* options (:func:`_option`) it takes."""
    parser = sub.add_parser(
        name, help=help, description=help, epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter, parents=list(shared),
    )
    parser.set_defaults(handler=handler)
    return parser


def _option(*flags: str, **kwargs: Any) -> argparse.ArgumentParser:
    """An option several commands share, declared once (given to :func:`_command`)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(*flags, **kwargs)
    return parser


def _group(sub, name: str, help: str, description: str, example: str):
    """A command with actions of its own (``register next``); returns its subparsers."""
    parser = sub.add_parser(
        name, help=help, description=description, epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True,
                                 parser_class=_Parser)


def _report(problems: list, summary: str) -> int:
    """Print diagnostics (errors to stderr, warnings to stdout) and a count; exit 1 on errors."""
    for diag in problems:
        print(diag, file=sys.stderr if diag.severity == "error" else sys.stdout)
    errors = [d for d in problems if d.severity == "error"]
    print(f"{summary}: {len(errors)} error(s)")
    return 1 if errors else 0


# ---------------------------------------------------------------- sources


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    from .check import check_project

    checked, problems = check_project(project, [Path(p) for p in args.paths])
    return _report(problems, f"checked {checked} file(s)")


def cmd_list(args: argparse.Namespace, project: Project) -> int:
    from .sources import list_documents

    docs = list_documents(project)
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=2))
    else:
        for d in docs:
            ref = f" {d['reference']}" if d["reference"] else ""
            print(f"{d['id']:<18} {d['kind']:<9} {','.join(d['languages']):<6}{ref}  {d['title']}")
    return 0


def _line_range(text: str) -> tuple[int, int]:
    first, sep, last = text.partition("-")
    if not (sep and first.isdigit() and last.isdigit()):
        raise UsageError.at("--lines", f"expected FIRST-LAST, e.g. 1-29, not {text!r}")
    if int(first) > int(last):
        raise UsageError.at("--lines", f"the range {text} is reversed: write {last}-{first}")
    return int(first), int(last)


def _part(text: str) -> tuple[str, str]:
    title, sep, first = text.partition("=")
    if not (sep and title.strip() and first.strip()):
        raise UsageError.at("--part", f"expected 'PART TITLE=FIRST ARTICLE TITLE', not {text!r}")
    return title.strip(), first.strip()


def cmd_import(args: argparse.Namespace, project: Project) -> int:
    from .importing import import_file

    given = {
        "title": args.title, "short_title": args.short_title, "master_lang": args.master_lang,
        "reference": args.reference, "date": args.date, "place": args.place,
        "addressees": args.addressee, "enclosures": args.enclosure,
    }
    result = import_file(
        project, Path(args.file), lang=args.lang, kind=args.kind, doc_id=args.id,
        output=Path(args.output) if args.output else None,
        metadata={k: v for k, v in given.items() if v is not None},
        pdf=args.pdf, lines=_line_range(args.lines) if args.lines else None,
        parts=[_part(text) for text in args.part or ()], replace=args.replace,
    )
    for diag in result.diagnostics:
        print(diag)
    print(f"{'wrote' if result.changed else 'unchanged'} {result.path} "
          f"({result.blocks} blocks, {result.kept_ids} ids kept)")
    return 0


# ---------------------------------------------------------------- register


def cmd_register_init(args: argparse.Namespace, project: Project) -> int:
    from .register import Register, entries_from_sources

    register = Register.of(project)
    count = register.create(entries_from_sources(project))
    print(f"created {register.path} with {count} reference(s) found in the sources")
    return 0


def cmd_register_next(args: argparse.Namespace, project: Project) -> int:
    from .register import Register

    print(Register.of(project).next(args.series, doc_id=args.doc, title=args.title or "").ref)
    return 0


def cmd_register_list(args: argparse.Namespace, project: Project) -> int:
    from .register import Register

    entries = Register.of(project).entries(args.series)
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return 0
    for e in entries:
        why = f"  ({e.reason})" if e.reason else ""
        print(f"{e.ref:<12} {e.date.isoformat()}  {e.status:<6} {e.doc_id or '-':<14} {e.title}{why}")
    return 0


def cmd_register_void(args: argparse.Namespace, project: Project) -> int:
    from .register import Register

    entry = Register.of(project).void(args.ref, args.why)
    print(f"{entry.ref} void: {entry.reason}")
    return 0


def cmd_register_export(args: argparse.Namespace, project: Project) -> int:
    from .fsutil import write_atomic
    from .register import Register

    text = Register.of(project).export_csv(args.series)
    if args.output:
        write_atomic(args.output, text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------- build


def _progress(result, done: int, total: int) -> None:
    """A one-line progress bar on a terminal (nothing when piped)."""
    if sys.stderr.isatty():
        bar = "#" * (24 * done // total)
        print(f"\r[{bar:<24}] {done}/{total} {result.item.out.name:<40.40}", end="",
              file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    from .build import BuildOptions, build, check_pdf_variant, parse_formats

    options = BuildOptions(
        doc_ids=tuple(args.doc_ids), langs=args.lang,
        formats=parse_formats(args.format) if args.format else None,
        allow_untranslated=args.allow_untranslated, preview=args.preview,
        bilingual=args.bilingual, pdf_variant=check_pdf_variant(args.pdf_variant), jobs=args.jobs,
    )
    results = build(project, options, _progress)
    shown: set[str] = set()  # the PDF and the DOCX of an edition fail for the same blocks
    for r in results:
        where = r.item.out.relative_to(project.root)
        pages = f" ({r.pages} page{'' if r.pages == 1 else 's'})" if r.pages else ""
        reason = f": {r.reason}" if r.reason else ""
        print(f"{r.status:<10} {where}{pages if r.status != 'skipped' else ''}"
              f"{reason if r.status != 'built' else ''}")
        for diag in (str(d) for d in r.diagnostics if str(d) not in shown):
            shown.add(diag)
            print(f"  {diag}", file=sys.stderr)
    counts = {s: sum(r.status == s for r in results) for s in ("built", "up to date", "skipped", "failed")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()))
    return 1 if counts["failed"] else 0


# ---------------------------------------------------------------- catalogs


def _print_results(results, project: Project, verb: str) -> int:
    failed = False
    for r in results:
        for diag in r.diagnostics:
            print(diag, file=sys.stderr)
        failed = failed or bool(r.diagnostics)
        counts = ", ".join(f"{n} {k}" for k, n in sorted(r.counts.items()) if n)
        state = "failed" if r.diagnostics else verb if r.changed else "unchanged"
        print(f"{state:<10} {r.path.relative_to(project.root)}" + (f" ({counts})" if counts else ""))
    return 1 if failed else 0


def cmd_extract(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.workflow import extract_templates

    return _print_results(extract_templates(project, args.doc_ids or None), project, "wrote")


def _similarity(text: str) -> float:
    """``--threshold``: a score from 0 to 100 (rapidfuzz refuses others with a traceback)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a similarity from 0 to 100, not {text!r}")
    return value


def cmd_update(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.update import UpdateOptions
    from .catalogs.workflow import update_catalogs

    options = UpdateOptions(threshold=args.threshold, purge_obsolete=args.purge_obsolete)
    results = update_catalogs(project, args.lang, args.doc_ids or None, options)
    return _print_results(results, project, "updated")


def cmd_note_new(args: argparse.Namespace, project: Project) -> int:
    import datetime as dt

    from .notes import NoteRequest, new_notes

    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError.at("--date", f"invalid date {args.date!r}: write YYYY-MM-DD") from None
    request = NoteRequest(
        series=args.series, enclosure=args.enclosure,
        to=tuple(filter(None, (k.strip() for k in args.to.split(",")))), date=date, place=args.place,
        occasion={"en": args.occasion} if args.occasion else {}, per_recipient=args.per_recipient,
        langs=args.lang or NoteRequest.langs,
    )
    for note in new_notes(project, request):
        print(note.reference)
        for out in note.outputs:
            print(f"  {out.relative_to(project.root)}")
        for name in note.waiting:
            print(f"  {name}: waiting for translation of its free text "
                  f"(locale/ru/LC_MESSAGES/{note.doc_id}.po), then: cica-publish build {note.doc_id}")
    return 0


def _languages(args: argparse.Namespace, project: Project) -> list[str]:
    if args.lang:
        return [args.lang]
    return [lang for lang in project.languages if lang != project.master_language]


def cmd_stats(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.stats import STATES, total
    from .catalogs.workflow import project_stats

    rows, problems = [], []
    for lang in _languages(args, project):
        per_doc, unread = project_stats(project, lang)
        rows += [*per_doc, total(per_doc, lang)]
        problems += unread
    for diag in problems:
        print(diag, file=sys.stderr)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return 1 if problems else 0
    print(f"{'document':<22} {'lang':<4} " + " ".join(f"{s:>20}" for s in STATES))
    for r in rows:
        cells = " ".join(f"{r.entries[s]:>5} e {r.words[s]:>6} w {r.percent(s):>3.0f}%" for s in STATES)
        print(f"{r.name:<22} {r.lang:<4} {cells}")
    return 1 if problems else 0


def cmd_qa(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.workflow import run_qa

    checked, problems = run_qa(project, args.lang, args.doc_ids or None)
    errors = [d for d in problems if d.severity == "error"]
    if args.json:
        print(json.dumps([{"path": d.path, "line": d.line, "check": d.code,
                           "severity": d.severity, "message": d.message} for d in problems],
                         ensure_ascii=False, indent=2))
    else:
        for diag in problems:
            print(diag)
        print(f"checked {checked} translated entries: {len(errors)} error(s), "
              f"{len(problems) - len(errors)} warning(s)")
    return 1 if errors else 0


def cmd_glossary(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.workflow import glossary_report

    usage, problems = glossary_report(project, args.lang)
    width = max((len(u.term) for u in usage), default=0), max((len(u.translation) for u in usage), default=0)
    for use in sorted(usage, key=lambda u: u.term.lower()):
        uses = f"used {use.used}×, {use.consistent} consistent" if use.used else "unused"
        print(f"{use.term:<{width[0]}}  {use.translation:<{width[1]}}  {uses}")
    return _report(problems, f"{len(usage)} terms")


def cmd_tmx_export(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.workflow import export_tmx
    from .fsutil import write_atomic

    write_atomic(args.output, export_tmx(project, args.lang))
    print(f"wrote {args.output}")
    return 0


def cmd_tmx_import(args: argparse.Namespace, project: Project) -> int:
    from .catalogs.workflow import import_tmx

    return _print_results([import_tmx(project, Path(args.file), args.lang)], project, "wrote")


# ---------------------------------------------------------------- align


def cmd_align(args: argparse.Namespace, project: Project) -> int:
    from .align import align_files, project_encoder
    from .align.catalog import report, text_report, write_catalog
    from .fsutil import refuse_directory, write_atomic

    if args.report:
        refuse_directory(args.report)  # before the alignment, not after it
    source_lang = args.source_lang or project.master_language
    # the catalog is the master language's, by paragraph: otherwise only the report
    fill = not args.json and args.unit == "paragraph" and source_lang == project.master_language
    encoder = project_encoder(project, read_only=args.json)
    alignment = align_files(project, Path(args.en), Path(args.ru), args.lang, positions_only=args.json,
                            kind=args.kind, doc_id=args.id, encoder=encoder, source_lang=source_lang,
                            unit=args.unit)
    if args.json:
        print(json.dumps(alignment.as_json(), ensure_ascii=False))
        return 0
    outcome = write_catalog(project, alignment, encoder, args.lang) if fill else None
    data = report(alignment, encoder)
    if args.report:
        write_atomic(args.report, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        print(text_report(data))
    if outcome is not None:
        done = ", ".join(f"{v} {k}" for k, v in sorted(outcome.counts.items())) or "nothing to fill"
        print(f"{'wrote' if outcome.changed else 'unchanged'} {outcome.path} ({done})")
    return 0


def cmd_note_restate(args: argparse.Namespace, project: Project) -> int:
    from .notes import restate

    note = restate(project, args.doc_id)
    print(note.reference)
    for out in note.outputs:
        print(f"  {out.relative_to(project.root)}")
    return 0


# ---------------------------------------------------------------- the parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cica-publish",
        description="Bilingual (English/Russian) publishing and translation toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-C", dest="directory", metavar="DIR",
                        help="work on the project in DIR (default: found from the current folder up)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    json_output = _option("--json", action="store_true", help="print JSON")
    one_series = _option("--series", metavar="S", help="only this series")
    documents = _option("doc_ids", nargs="*", metavar="DOC-ID", help="documents (default: all)")
    catalog_lang = _option("--lang", required=True, metavar="L", help="language of the catalogs (ru)")
    catalog_lang_ru = _option("--lang", default="ru", metavar="L", help="language of the catalogs (default: ru)")
    editions = _option("--lang", metavar="LANGS", type=parse_editions,
                       help="editions: en, ru, en+ru (bilingual), comma-separated (default: every edition "
                            "the document has)")

    p = _command(sub, "check", "validate sources (schema, ids, references) and catalogs",
                 "cica-publish check sources/notes/min-1076.en.xml", cmd_check)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check (default: the whole project)")

    p = _command(sub, "list", "list the documents of the project",
                 "cica-publish list --json", cmd_list, json_output)

    p = _command(sub, "import", "import plain text or .docx into a source XML file",
                 "cica-publish import report.docx --lang en --kind report --id report-io-2025",
                 cmd_import)
    p.add_argument("file", metavar="FILE", help="a .txt (plain or PDF-extracted) or .docx file")
    p.add_argument("--lang", required=True, metavar="L", help="language of the text (en, ru)")
    p.add_argument("--kind", required=True, help="note, report, digest, brochure or review")
    p.add_argument("--id", required=True, help="document id, e.g. report-io-2025")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="where to write (default: sources/<kind>/<id>.<lang>.xml)")
    p.add_argument("--lines", metavar="FIRST-LAST",
                   help="import only these lines of a text file (e.g. 1-29; line numbers stay the file's)")
    p.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=None,
                   help="the text was extracted from a PDF: reflow it (default: tell from the text)")
    p.add_argument("--title", help="document title (default: kept from the source it replaces, "
                   "else its first heading)")
    p.add_argument("--short-title", help="a shorter title for the running heads, when the title is "
                   "too long for one line, e.g. 'Interaction with international organizations in 2025'")
    p.add_argument("--master-lang", help="language that defines the structure (default: en)")
    p.add_argument("--reference", help="reference code, e.g. MIN/1076")
    p.add_argument("--date", help="date, YYYY-MM-DD")
    p.add_argument("--place", help="place of issue, e.g. Astana")
    p.add_argument("--addressee", action="append", help="addressee (repeatable), e.g. member-states")
    p.add_argument("--enclosure", action="append", help="enclosed document id (repeatable)")
    p.add_argument("--part", action="append", metavar="TITLE=FIRST-ARTICLE",
                   help="a review's part and the title of its first article (repeatable, in order), "
                   "e.g. 'Meetings of Governing Bodies=The Sixth Meeting of CICA Ministers of Foreign Affairs'")
    p.add_argument("--replace", action="store_true", help="replace another document's source "
                   "(an id of another kind, or -o onto its file), keeping the old file as *.xml~")


    reg = _group(sub, "register", "the reference register (MIN/1076 …)",
                 "the reference register: allocate, list, void, export",
                 "cica-publish register next MIN")
    _command(reg, "init", "create the register, recording the references the sources carry",
             "cica-publish register init", cmd_register_init)
    p = _command(reg, "next", "allocate and print the next reference of a series",
                 "cica-publish register next MIN", cmd_register_next)
    p.add_argument("series", metavar="SERIES", help="the series, e.g. MIN")
    p.add_argument("--doc", metavar="DOC-ID", help="the document the reference is for")
    p.add_argument("--title", help="its title")
    p = _command(reg, "list", "list issued references",
                 "cica-publish register list --series MIN --json", cmd_register_list, json_output, one_series)
    p = _command(reg, "void", "mark a reference void (its number stays used)",
                 'cica-publish register void MIN/1077 --why "sent in error"', cmd_register_void)
    p.add_argument("ref", metavar="REF", help="the reference, e.g. MIN/1077")
    p.add_argument("--why", required=True, metavar="TEXT", help="the reason, kept in the register")
    p = _command(reg, "export", "export the register as CSV for the archive",
                 "cica-publish register export --csv -o register.csv", cmd_register_export, one_series)
    p.add_argument("--csv", action="store_true", required=True, help="CSV (the one format)")
    p.add_argument("-o", "--output", metavar="PATH", help="write here (default: standard output)")

    p = _command(sub, "build", "build print files (PDF, DOCX) into output/<doc-id>/",
                 "cica-publish build min-1076 --lang en,ru,en+ru --format pdf", cmd_build,
                 documents, editions)
    p.add_argument("--format", metavar="FORMATS", help="pdf, docx, comma-separated (default: both)")
    p.add_argument("--allow-untranslated", action="store_true",
                   help="build incomplete translations, marking and listing every fallback "
                        "(without it, an edition named in --lang fails, any other is skipped)")
    p.add_argument("--preview", action="store_true", help="also write a PNG of each PDF page")
    p.add_argument("--bilingual", choices=("pages", "side-by-side"), default="pages",
                   help="bilingual edition: each language on its own pages (default) or two columns")
    p.add_argument("--pdf-variant", metavar="VARIANT", nargs="?", const="pdf/a-3b",
                   help="PDF variant for the archive (default when given without value: pdf/a-3b)")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="parallel workers (default: cores)")

    p = _command(sub, "extract", "write translation templates locale/templates/<doc-id>.pot",
                 "cica-publish extract min-1076", cmd_extract, documents)

    p = _command(sub, "update", "create or update locale/<L>/LC_MESSAGES/<doc-id>.po from the "
                 "sources, filling from the translation memory",
                 "cica-publish update --lang ru --threshold 80 min-1076", cmd_update,
                 documents, catalog_lang)
    p.add_argument("--threshold", type=_similarity, default=75,
                   help="lowest similarity (0-100) of a fuzzy memory match (default: 75)")
    p.add_argument("--purge-obsolete", action="store_true",
                   help="drop obsolete (#~) entries instead of keeping them")

    p = _command(sub, "stats", "translation progress per document: entries and words",
                 "cica-publish stats --lang ru --json", cmd_stats, json_output)
    p.add_argument("--lang", metavar="L", help="one language (default: every non-master language)")

    p = _command(sub, "qa", "check translated entries (numbers, codes, tags, glossary, typography)",
                 "cica-publish qa --lang ru min-1076", cmd_qa, documents, catalog_lang, json_output)

    p = _command(sub, "glossary", "list the glossary catalog's terms, their use, and check it",
                 "cica-publish glossary --lang ru", cmd_glossary, catalog_lang_ru)

    tmx_sub = _group(sub, "tmx", "exchange the translation memory as TMX 1.4",
                     "exchange the translation memory as TMX 1.4",
                     "cica-publish tmx export --lang ru -o cica-ru.tmx")
    p = _command(tmx_sub, "export", "write every translated entry of a language as TMX",
                 "cica-publish tmx export --lang ru -o cica-ru.tmx", cmd_tmx_export, catalog_lang)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .tmx file to write")
    p = _command(tmx_sub, "import", "add a TMX file's units to the memory "
                 "(locale/<L>/LC_MESSAGES/tmx-<name>.po)",
                 "cica-publish tmx import --lang ru omegat-project.tmx", cmd_tmx_import, catalog_lang)
    p.add_argument("file", metavar="FILE", help="a TMX 1.4 file")

    notes = _group(sub, "note", "circulation notes (notes verbales)",
                   "circulation notes: a numbered note verbale forwarding a document",
                   "cica-publish note new --series MIN --enclosure report-io-2025 --to member-states")
    p = _command(notes, "new", "allocate the next reference, write the note and build it "
                 "in English, Russian and both",
                 "cica-publish note new --series MIN --enclosure report-io-2025 --to member-states "
                 "--date 2025-09-16", cmd_note_new, editions)
    p.add_argument("--series", required=True, help="the reference series, e.g. MIN")
    p.add_argument("--enclosure", required=True, metavar="DOC-ID", help="the document forwarded")
    p.add_argument("--to", required=True, metavar="LIST",
                   help="comma-separated lists or recipients of the distribution lists "
                        "(src/cica_publish/data/distribution.toml), "
                        "e.g. member-states or az,kz")
    p.add_argument("--date", metavar="D", help="date of the note, YYYY-MM-DD (default: today)")
    p.add_argument("--place", default="Astana", metavar="P", help="place of signature (default: Astana)")
    p.add_argument("--occasion", metavar="TEXT",
                   help="a free-text paragraph (English; it goes to translators)")
    p.add_argument("--per-recipient", action="store_true",
                   help="one note (and one reference) per recipient of the lists named")
    p = _command(notes, "restate", "re-count the enclosure's pages, restate the note's enclosure "
                 "line and rebuild it (after `check` reports a stale page count)",
                 "cica-publish note restate min-1077", cmd_note_restate)
    p.add_argument("doc_id", metavar="DOC-ID", help="the note, e.g. min-1077")

    p = _command(sub, "align", "align two language versions paragraph by paragraph (or sentence by "
                 "sentence) into the document's catalog", "cica-publish align sources/notes/min-1076.en.xml "
                 "sources/notes/min-1076.ru.xml --report align.json", cmd_align, catalog_lang_ru)
    p.add_argument("en", metavar="EN", help="the master-language version (or that of --source-lang): "
                   "source XML, plain text or .docx")
    p.add_argument("ru", metavar="RU", help="the other version, in --lang (any of the project's "
                   "languages): source XML, plain text or .docx")
    p.add_argument("--source-lang", metavar="LANG", help="language of EN (default: the project's master "
                   "language); another one only reports, the catalog is the master language's")
    p.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph",
                   help="paragraph (default), or sentence: plain text with one sentence a line "
                   "(reports, writes no catalog)")
    p.add_argument("--report", metavar="FILE", help="write the report as JSON to FILE (default: "
                   "print it as text)")
    p.add_argument("--json", action="store_true", help='print {"beads": [{"en": [i…], "ru": [j…], '
                   '"score": s}…]} (0-based block positions) and write nothing')
    p.add_argument("--kind", help="kind of document, for plain text or .docx inputs (default: "
                   "that of the project's source with the same id)")
    p.add_argument("--id", help="document id for plain text or .docx inputs (default: from the "
                   "file name, min-1076.en.txt → min-1076)")

    return parser


def _check_languages(args: argparse.Namespace, project: Project) -> None:
    """Refuse a ``--lang`` the project does not have before anything is read or written
    (``update --lang de`` would otherwise create ``locale/de/``). A language option is one
    language, or edition names (``build --lang``: :func:`~cica_publish.editions.parse_editions`)."""
    for option in ("lang", "source_lang"):
        value = getattr(args, option, None)
        langs = [lang for name in value for lang in edition_langs(name)] if isinstance(value, tuple) else [value]
        for lang in filter(None, langs):
            if lang not in project.languages:
                raise UsageError.at(
                    f"--{option.replace('_', '-')}", f"unknown language {lang!r}: the project's "
                    f"languages are {', '.join(project.languages)} (`languages` in its config)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        project = find_project(args.directory)
        _check_languages(args, project)
        return args.handler(args, project)
    except CicaError as exc:
        for diag in exc.diagnostics:
            print(diag, file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `cica-publish list | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit's flush
        return 1


if __name__ == "__main__":
    sys.exit(main())
