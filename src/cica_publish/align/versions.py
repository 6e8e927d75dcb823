"""The two inputs of an alignment: a language version of a document as a list of blocks.

A source XML file is read as it is; plain text and ``.docx`` are imported on the fly
(the reader for the suffix, then stable ids, borrowed from the project's source of the
same document when there is one). For ``--json`` a plain-text file is only cut into its
blank-line-separated paragraphs, so positions are those a user sees in the file; with
``--unit sentence`` every line is one unit (the standard sets have one sentence a line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import tree as t
from ..catalogs.messages import block_messages
from ..catalogs.markup import to_markup
from ..errors import CicaError, UsageError
from ..project import Project
from ..readers import READERS
from ..readers.textparts import heading_level, split_paragraphs
from ..sources import find_sources

_LANG_SUFFIX = re.compile(r"\.[a-z]{2}$")
PLAIN_TEXT = (".txt", ".md")


@dataclass(frozen=True)
class Version:
    """One language version: block texts (plain, for comparing), kinds, and the tree if read."""

    path: Path
    lang: str
    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    doc: t.Document | None = None
    blocks: tuple[t.TextBlock, ...] = ()
    contexts: tuple[str, ...] = ()
    unit: str = "paragraph"  # or "sentence": one a line

    def markup(self, k: int) -> str:
        """Block *k* as a PO string (inline markup as tags), or its text for plain paragraphs."""
        return to_markup(self.blocks[k].content) if self.blocks else self.texts[k]

    def label(self, k: int) -> str:
        """How a report names block *k*: its id if it has one, else its paragraph number."""
        if self.blocks:
            return self.blocks[k].id or f"#{k}"
        return f"line {k + 1}" if self.unit == "sentence" else f"¶{k + 1}"


def doc_id_of(path: Path) -> str:
    """``min-1076.ru.txt`` → ``min-1076``."""
    return _LANG_SUFFIX.sub("", path.stem)


def paragraphs(path: Path, lang: str) -> Version:
    """A plain-text file as its blank-line-separated paragraphs (``#`` lines are headings)."""
    text = _read(path)
    paras = [" ".join(p.text.split()) for p in split_paragraphs(text)]
    kinds = tuple("Heading" if heading_level(p) else "Paragraph" for p in paras)
    return Version(path, lang, tuple(paras), kinds)


def lines(path: Path, lang: str) -> Version:
    """A plain-text file with one sentence a line: every line is a unit, as numbered in it."""
    if path.suffix.lower() not in PLAIN_TEXT:
        raise UsageError.at(path, "--unit sentence reads plain text (.txt, .md), one sentence a line")
    texts = tuple(" ".join(line.split()) for line in _read(path).splitlines())
    return Version(path, lang, texts, ("Paragraph",) * len(texts), unit="sentence")


def read_version(project: Project, path: Path, lang: str, kind: str | None = None,
                 doc_id: str | None = None) -> Version:
    """The translatable blocks of *path* (source XML, or text/.docx imported with ids)."""
    if not path.is_file():
        raise UsageError.at(path, "no such file")
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from ..readers.xml import read_source

        doc = read_source(path)
    elif suffix in READERS:
        doc = _import(project, path, lang, kind, doc_id or doc_id_of(path))
    else:
        raise UsageError.at(path, f"cannot align {suffix or 'a file without a suffix'} files "
                            f"(known: .xml, {', '.join(s for s in READERS if s != '.xml')})")
    if doc.meta.lang != lang:
        raise UsageError.at(path, f"this is the {doc.meta.lang} version; expected {lang}")
    found = list(block_messages(doc))  # the title pairs without aligning (.catalog)
    return Version(
        path, lang,
        texts=tuple(" ".join(t.plain_text(b.content).split()) for b, _, _ in found),
        kinds=tuple(type(b).__name__ for b, _, _ in found),
        doc=doc, blocks=tuple(b for b, _, _ in found), contexts=tuple(c for _, c, _ in found),
    )


def _import(project: Project, path: Path, lang: str, kind: str | None, doc_id: str) -> t.Document:
    from ..ids import assign_ids
    from ..readers.xml import read_source

    same = [s for s in find_sources(project) if s.doc_id == doc_id]
    previous = next((read_source(s.path) for s in same if s.lang == lang), None)
    if kind is None:
        kind = read_source(same[0].path).meta.kind if same else None
    if kind is None:
        raise UsageError.at(path, f"no source of {doc_id!r} tells its kind: give --kind")
    doc, remarks = READERS[path.suffix.lower()](path, t.Meta(doc_id, kind, lang))
    errors = [d for d in remarks if d.severity == "error"]
    if errors:
        raise CicaError(errors)
    return assign_ids(doc, previous)[0]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CicaError.at(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError.at(path, exc.strerror or "cannot read") from None
