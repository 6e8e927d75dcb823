"""The ``cica-publish`` command: parsing and printing only.

Each subcommand is one small function that parses its options, calls one library
function and prints the result. Errors are :class:`CicaError` diagnostics printed as
``path:line:col: message``; exit status 1 (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .errors import CicaError, UsageError
from .project import Project, find_project

Handler = Callable[[argparse.Namespace, Project], int]


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so one handler prints everything."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError.at(self.prog, f"{message} (see {self.prog} --help)")


def _command(sub, name: str, help: str, example: str, handler: Handler) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        name, help=help, description=help, epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


# ---------------------------------------------------------------- sources


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    from .check import check_project

    checked, problems = check_project(project, [Path(p) for p in args.paths])
    for diag in problems:
        print(diag, file=sys.stderr if diag.severity == "error" else sys.stdout)
    errors = [d for d in problems if d.severity == "error"]
    print(f"checked {checked} file(s): {len(errors)} error(s)")
    return 1 if errors else 0


def cmd_list(args: argparse.Namespace, project: Project) -> int:
    from .sources import find_sources
    from .readers.xml import read_source

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
    docs = sorted(by_id.values(), key=lambda d: d["id"])
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=2))
    else:
        for d in docs:
            ref = f" {d['reference']}" if d["reference"] else ""
            print(f"{d['id']:<18} {d['kind']:<9} {','.join(d['languages']):<6}{ref}  {d['title']}")
    return 0


def cmd_import(args: argparse.Namespace, project: Project) -> int:
    from .importing import import_file

    result = import_file(
        project, Path(args.file), lang=args.lang, kind=args.kind, doc_id=args.id,
        output=Path(args.output) if args.output else None,
    )
    for diag in result.diagnostics:
        print(diag)
    print(f"{'wrote' if result.changed else 'unchanged'} {result.path} "
          f"({result.blocks} blocks, {result.kept_ids} ids kept)")
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

    p = _command(sub, "check", "validate sources (schema, ids, references) and catalogs",
                 "cica-publish check sources/notes/min-1076.en.xml", cmd_check)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files to check (default: the whole project)")

    p = _command(sub, "list", "list the documents of the project",
                 "cica-publish list --json", cmd_list)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _command(sub, "import", "import plain text or .docx into a source XML file",
                 "cica-publish import report.docx --lang en --kind report --id report-io-2025",
                 cmd_import)
    p.add_argument("file", metavar="FILE", help="a .txt (plain or PDF-extracted) or .docx file")
    p.add_argument("--lang", required=True, help="language of the text (en, ru)")
    p.add_argument("--kind", required=True, help="note, report, digest, brochure or review")
    p.add_argument("--id", required=True, help="document id, e.g. report-io-2025")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="where to write (default: sources/<kind>/<id>.<lang>.xml)")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        project = find_project(args.directory)
        return args.handler(args, project)
    except CicaError as exc:
        for diag in exc.diagnostics:
            print(diag, file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
