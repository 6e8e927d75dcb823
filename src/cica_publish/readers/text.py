"""Read plain text (as typed, or as extracted from a PDF) into a document tree.

The text is decoded as UTF-8 (a bad byte is reported with its line and column),
mixed-script words are repaired, PDF-extracted text is reflowed into paragraphs
(:mod:`.reflow`), and the paragraphs are given structure by the document's kind
through :data:`STRUCTURERS`. Blocks come out without ids: :mod:`cica_publish.ids`
gives them.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from collections.abc import Callable, Sequence

from .. import tree as t
from ..errors import CicaError, Diagnostic, UsageError
from ..xmlsafe import decode_utf8
from .reflow import (
    continues_sentence, looks_pdf_extracted, reflow, sentence_openers, starts_lower,
)
from .scripts import repair_mixed_scripts
from .brochure import structure_brochure
from .structure import (
    Structurer, ends_open, structure_note, structure_report, structure_review,
)
from .textparts import RawPara, split_paragraphs

#: The largest text file we read (a digest is ~70 kB).
MAX_TEXT_BYTES = 10 * 1024 * 1024


def _structure_digest(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    from .digest import structure  # imported when needed: the digest reader is its own module

    return structure(paras, meta, path)


def _describe_digest(paras: list[RawPara], meta: t.Meta) -> t.Meta:
    from .digest import describe

    return describe(paras, meta)


STRUCTURERS: dict[str, Structurer] = {
    "note": structure_note,
    "report": structure_report,
    "brochure": structure_brochure,
    "review": structure_review,
    "digest": _structure_digest,
}

#: Kinds whose metadata (title, period, …) the text itself tells.
DESCRIBERS: dict[str, Callable[[list[RawPara], t.Meta], t.Meta]] = {
    "digest": _describe_digest,
}


def read_text(
    path: Path, meta: t.Meta, *, pdf: bool | None = None, lines: tuple[int, int] | None = None,
    parts: Sequence[tuple[str, str]] = (),
) -> tuple[t.Document, list[Diagnostic]]:
    """The document in *path* (only *lines*, first to last, if given) and remarks on it.

    *pdf* says whether the text was extracted from a PDF (default: tell from the text);
    *parts* are a review's parts, (title, title of its first article), in order.
    """
    where = str(path)
    structurer = STRUCTURERS.get(meta.kind)
    if structurer is None:
        raise UsageError.at(where, f"unknown kind {meta.kind!r} (known: {', '.join(STRUCTURERS)})")
    text = _read(path)
    if lines is not None:
        text = _only_lines(text, lines, where)
    text, diagnostics = repair_mixed_scripts(text, where)
    if pdf is None:
        pdf = looks_pdf_extracted(text)
    if pdf:
        paras, dropped = reflow(text, where)
        diagnostics += dropped
    else:
        paras = rejoin_page_breaks(split_paragraphs(text))
    if not paras:
        raise CicaError.at(where, "no text to import", lines[0] if lines else None)
    if parts:
        structurer = functools.partial(structure_review, parts=parts)
    blocks, remarks = structurer(paras, meta, where)
    describe = DESCRIBERS.get(meta.kind)
    if describe is not None:
        meta = describe(paras, meta)
    return t.Document(meta, blocks, loc=t.Loc(where, paras[0].line)), diagnostics + remarks


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise CicaError.at(path, f"file is larger than the limit of {MAX_TEXT_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise CicaError.at(path, f"cannot read: {exc.strerror}") from None
    text = decode_utf8(data, str(path)).removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _only_lines(text: str, lines: tuple[int, int], where: str) -> str:
    """*text* with every line outside *lines* emptied, so line numbers stay the file's."""
    first, last = lines
    all_lines = text.split("\n")
    if not 1 <= first <= last <= len(all_lines):
        raise UsageError.at(where, f"line range {first}-{last} is not inside the file's "
                            f"{len(all_lines)} lines")
    return "\n".join(
        line if first <= number <= last else "" for number, line in enumerate(all_lines, start=1)
    )


def rejoin_page_breaks(paras: list[RawPara]) -> list[RawPara]:
    """Join a paragraph cut by a page or column break: it stops mid-sentence and the next
    goes on with the sentence (:func:`.reflow.continues_sentence`)."""
    openers = sentence_openers(" ".join(p.text for p in paras))
    out: list[RawPara] = []
    for para in paras:
        if out and ends_open(out[-1].text) and (
            starts_lower(para.text) or continues_sentence(out[-1].text, para.text, openers)
        ):
            out[-1] = RawPara(f"{out[-1].text}\n{para.text}", out[-1].line, out[-1].role,
                              para.last_line)
        else:
            out.append(para)
    return out
