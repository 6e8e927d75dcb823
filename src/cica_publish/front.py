"""Front matter: the title block, the digest's cover and the reference line, computed once.

Sources keep everything the seed had, so a report's title is also the first line of its
body (a level-1 heading), the issuing body's header a letterhead before it, and a digest's
masthead the first of its cover lines. A writer sets these as the title block or the
masthead, not again as body text. What the front says (which blocks, the date in the
edition's language, the "№" before the reference code) is decided here, so the PDF and
the DOCX show the same front matter; the writers only lay it out.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import tree as t
from .labels import label
from .layout import Layout
from .localize import format_date, format_period


def _preamble(doc: t.Document) -> list[t.Block]:
    """The top-level blocks before the first section."""
    out = []
    for block in doc.blocks:
        if isinstance(block, t.Section):
            break
        out.append(block)
    return out


def title_heading(doc: t.Document) -> t.Heading | None:
    """The body's title: a level-1 heading standing before any section.

    Structural, not a comparison with ``meta.title``: in a translated tree the heading is
    translated while the metadata may not be.
    """
    heading = next((b for b in _preamble(doc) if isinstance(b, t.Heading)), None)
    return heading if heading is not None and heading.level == 1 else None


def issuer(doc: t.Document) -> t.Letterhead | None:
    """The issuing body's letterhead set above the title heading (the report's "Secretariat")."""
    heading = title_heading(doc)
    if heading is None:
        return None
    before = _preamble(doc)[: _preamble(doc).index(heading)]
    return next((b for b in before if isinstance(b, t.Letterhead)), None)


def title_blocks(doc: t.Document) -> tuple[t.Block, ...]:
    """The blocks the title block sets, which the body therefore leaves out."""
    return tuple(b for b in (issuer(doc), title_heading(doc)) if b is not None)


@dataclass(frozen=True)
class TitleBlock:
    """What a report's or brochure's title block says, in order: issuer, reference, date, title.

    ``issuer`` is the body's own letterhead (translated, with its ids) or, where the layout
    names the issuer, the layout's label; ``title`` the body's title heading, else the
    metadata title as a text block marked when it fell back to the master's.
    """

    issuer: t.Letterhead | str | None
    reference: str | None
    date: str | None
    title: t.TextBlock


def title_block(doc: t.Document, layout: Layout) -> TitleBlock | None:
    """The title block of *doc* in *layout*, or None for a layout without one."""
    if not layout.title_block:
        return None
    meta = doc.meta
    named = label(meta, "issuer") if layout.names_issuer else None
    heading = title_heading(doc)
    title = heading if heading is not None else t.TextBlock(
        None, (t.Text(meta.title),), translated=meta.title_translated)
    return TitleBlock(issuer(doc) or named, meta.reference or None,
                      format_date(meta.date, meta.lang) if meta.date else None, title)


def body_blocks(doc: t.Document, layout: Layout) -> list[t.Block]:
    """The top-level blocks the body sets: without those the title block or the cover set."""
    if layout.cover:
        lines = cover(doc)
        taken: tuple[t.Block, ...] = (lines.aside,) if lines is not None else ()
    elif layout.title_block:
        taken = title_blocks(doc)
    else:
        taken = ()
    return [b for b in doc.blocks if not any(b is x for x in taken)]


def reference_line(meta: t.Meta) -> str:
    """The text of a :class:`~cica_publish.tree.Reference` block: ``№MIN/1076`` (one "№"),
    nothing when the document has no reference code."""
    code = meta.reference or ""
    return code if not code or code.startswith("№") else f"№{code}"


MASTHEAD = "masthead"  # the role of a masthead line


@dataclass(frozen=True)
class Cover:
    """A digest's cover lines: the masthead (series name …) and the issue's headlines."""

    aside: t.Aside
    masthead: tuple[t.Block, ...]
    headlines: tuple[t.Block, ...]


def _furniture(doc: t.Document) -> t.Aside | None:
    """The cover lines: an ``Aside(kind="furniture")`` before the first section."""
    return next((b for b in _preamble(doc) if isinstance(b, t.Aside) and b.kind == "furniture"), None)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def mark_masthead(doc: t.Document) -> t.Document:
    """Mark the cover lines up to the one naming the series as ``Line(role="masthead")``.

    ``VOICE OF ASIA`` / ``CICA Digest`` open the cover lines in the sources as plain
    paragraphs or headings. The rule reads words, so it runs on the master before
    translation (and is a no-op on a tree already marked); ids are kept, so the
    catalogs still translate the lines. A cover without the series' name has no masthead.
    """
    aside, series = _furniture(doc), _words(doc.meta.series or "")
    if aside is None or not series or any(
            isinstance(b, t.Line) and b.role == MASTHEAD for b in aside.blocks):
        return doc
    cut = next((i + 1 for i, b in enumerate(aside.blocks)
                if isinstance(b, t.TextBlock) and _words(t.plain_text(b.content)) == series), 0)
    cover_lines = [b for b in aside.blocks[:cut] if isinstance(b, t.TextBlock)]
    if len(cover_lines) < cut:
        return doc
    lines = tuple(t.Line(b.id, b.content, b.loc, translated=b.translated, role=MASTHEAD)
                  for b in cover_lines)
    marked = dataclasses.replace(aside, blocks=lines + aside.blocks[cut:])
    return dataclasses.replace(doc, blocks=tuple(marked if b is aside else b for b in doc.blocks))


def cover(doc: t.Document) -> Cover | None:
    """The source's cover lines split into masthead and headlines (see :func:`mark_masthead`)."""
    aside = _furniture(doc)
    if aside is None:
        return None
    masthead = tuple(b for b in aside.blocks if isinstance(b, t.Line) and b.role == MASTHEAD)
    headlines = tuple(b for b in aside.blocks if not (isinstance(b, t.Line) and b.role == MASTHEAD))
    return Cover(aside, masthead, headlines)


def running_title(meta: t.Meta) -> str:
    """The title a running head shows: the short title when there is one (a long title would
    take two lines at the top of every page), else the title."""
    return meta.short_title or meta.title


def issue_line(doc: t.Document) -> str:
    """The digest cover's line under the masthead: the issue's period, in the edition's language.

    Not the title: "CICA Digest, January–March 2025" would repeat the masthead's name just
    above it (the title stays the file's metadata and the running head). The period comes
    from the issue code through Babel (so the Russian cover says "Январь–март 2025"), else
    from the source's ``period``, else the title.
    """
    meta = doc.meta
    return format_period(meta.issue or "", meta.lang) or meta.period or meta.title
