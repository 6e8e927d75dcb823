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
from itertools import zip_longest
from collections.abc import Sequence

from . import tree as t
from .labels import ENGLISH, around, label
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
    """What a report's or brochure's title block says, in order: issuer, reference, date, the
    note it was circulated with and the language of the original (a report's: "Circulated
    with Note Verbale № MIN/1076 of 16 September 2025", "Original: English", as UN
    documents), title.

    ``issuer`` is the body's own letterhead (translated, with its ids) or, where the layout
    names the issuer, the layout's label; ``title`` the body's title heading, else the
    metadata title as a text block marked when it fell back to the master's.
    """

    issuer: t.Letterhead | str | None
    reference: str | None
    date: str | None
    title: t.TextBlock
    original: str | None = None
    circulated: str | None = None


def title_block(doc: t.Document, layout: Layout) -> TitleBlock | None:
    """The title block of *doc* in *layout*, or None for a layout without one."""
    if not layout.title_block:
        return None
    meta = doc.meta
    named = label(meta, "issuer") if layout.names_issuer else None
    heading = title_heading(doc)
    title = heading if heading is not None else t.TextBlock(
        None, (t.Text(meta.title),), translated=meta.title_translated)
    original = label(meta, "original", language=label(meta, f"language-{meta.master_lang}")) \
        if meta.kind == "report" and f"language-{meta.master_lang}" in ENGLISH else None
    return TitleBlock(issuer(doc) or named, meta.reference or None,
                      format_date(meta.date, meta.lang) if meta.date else None, title, original,
                      circulated_line(meta) if meta.kind == "report" else None)


def circulated_line(meta: t.Meta) -> str | None:
    """"Circulated with Note Verbale № MIN/1076 of 16 September 2025" in the edition's
    language, or None when no note went out with the document (:attr:`~t.Meta.circulated`)."""
    note = meta.circulated
    if note is None:
        return None
    return label(meta, "circulated", reference=numbered(note.reference),
                 date=format_date(note.date, meta.lang))


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


NBSP = "\u00a0"
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN = re.compile(r"[a-z]", re.I)


def text_lang(doc: t.Document, block: t.TextBlock) -> str:
    """The language *block*'s text is in: the master's for a fallback (marked "[нет
    перевода]"); for a line (of a bilingual letterhead, printed as it is on every edition;
    a name) the language its script says; else the edition's."""
    meta = doc.meta
    if block.translated is False:
        return meta.master_lang
    if isinstance(block, t.Line):
        text = t.plain_text(block.content)
        cyrillic, latin = bool(_CYRILLIC.search(text)), bool(_LATIN.search(text))
        if cyrillic != latin:
            latin_lang = next((lang for lang in (meta.lang, meta.master_lang) if lang != "ru"), "en")
            return "ru" if cyrillic else latin_lang
    return meta.lang


def note_order(doc: t.Document) -> t.Document:
    """A Russian note in the Russian order of its parts: the closing formula ("Секретариат
    пользуется случаем…") before the enclosure line ("Приложение: упомянутое на 11 л."),
    as seed 000's Russian note has them; English practice is the other way round."""
    if doc.meta.kind != "note" or doc.meta.lang != "ru":
        return doc
    blocks = list(doc.blocks)
    enclosure = next((i for i, b in enumerate(blocks) if isinstance(b, t.EnclosureLine)), None)
    closing = next((i for i, b in enumerate(blocks) if isinstance(b, t.ClosingFormula)), None)
    if enclosure is None or closing is None or closing < enclosure:
        return doc
    blocks.insert(enclosure, blocks.pop(closing))
    return dataclasses.replace(doc, blocks=tuple(blocks))


def side_by_side_blocks(docs: Sequence[t.Document], layout: Layout) -> list[list[t.Block]]:
    """The body blocks of each edition set side by side, every later edition's in the first's
    order (by block id): a row pairs a block with its own translation even where a language
    orders the parts differently (:func:`note_order`)."""
    first, *others = [body_blocks(d, layout) for d in docs]
    place = {ident: i for i, b in enumerate(first) if (ident := getattr(b, "id", None))}

    def in_first_order(blocks: list[t.Block]) -> list[t.Block]:
        keyed = [(place.get(getattr(b, "id", None), i), i) for i, b in enumerate(blocks)]
        return [blocks[i] for _, i in sorted(keyed)]

    return [first, *map(in_first_order, others)]


def reference_line(meta: t.Meta) -> str:
    """The reference code with its "№" (one): ``№MIN/1076``, nothing when the document has
    no reference code. As the catalogs quote it; a page prints :func:`printed_reference`."""
    return _signed(meta.reference)


def _signed(code: str | None) -> str:
    """*code* with one "№" before it; nothing for no code."""
    code = code or ""
    return code if not code or code.startswith("№") else f"№{code}"


def printed_reference(meta: t.Meta) -> str:
    """The text of a :class:`~cica_publish.tree.Reference` block: ``№ MIN/1076`` with a
    no-break space after the "№", as typography.py sets it in running text."""
    return numbered(meta.reference)


def numbered(code: str | None) -> str:
    """A reference code as printed: ``№ MIN/1076`` (a no-break space after one "№");
    nothing for no code."""
    signed = _signed(code)
    return signed.replace("№", "№" + NBSP, 1) if signed and signed[1:2] != NBSP else signed


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


#: The kinds of document that get a contents page in a layout without one for all its kinds
#: (a review, a 30-page publication, in the brochures' layout).
CONTENTS_KINDS = ("review",)


def contents_title(doc: t.Document, layout: Layout) -> str | None:
    """The title of *doc*'s contents page in its language (a digest's "In this issue"), or
    None when it has none (the layout's ``contents``, or :data:`CONTENTS_KINDS`)."""
    if layout.contents:
        return label(doc.meta, "in-this-issue")
    return label(doc.meta, "contents") if doc.meta.kind in CONTENTS_KINDS else None


def has_contents(docs: Sequence[t.Document], layout: Layout) -> bool:
    """Whether an edition of *docs* has a contents page, whose entries need the page each
    heading falls on (the PDF records them, the DOCX shows them)."""
    return any(contents_title(d, layout) for d in docs)


def running_title(meta: t.Meta) -> str:
    """The title a running head shows: the short title when there is one (a long title would
    take two lines at the top of every page), else the title; tagged "[нет перевода]" as a
    fallback block is when the edition shows it in the master language."""
    title, fell_back = ((meta.short_title, meta.short_title_translated is False) if meta.short_title
                        else (meta.title, meta.title_translated is False))
    return f"[{label(meta, 'fallback')}] {title}" if fell_back else title


@dataclass(frozen=True)
class Running:
    """The words of the running heads and feet of one output: the edition's, or, side by
    side, both languages' ("Page / Стр. 2 of / из 14", "EN–RU")."""

    title: str
    reference: str
    page: tuple[str, ...]  # the words around the page counters ("Page ", " of ", "")
    code: str  # reference · language(s)


#: Characters of a running title that fit on the line of the running head (A4, 8pt sans).
RUNNING_TITLE = 100


def _shortened(title: str, limit: int) -> str:
    """*title* cut at the last word boundary that fits *limit* characters, with "…"."""
    if len(title) <= limit:
        return title
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–") + "…"


def _both(pieces: Sequence[str]) -> str:
    """The languages' words for one place, once each, spaced as the first language's."""
    first = pieces[0]
    words = " / ".join(dict.fromkeys(p.strip() for p in pieces if p.strip()))
    if not words:
        return first
    return first[: len(first) - len(first.lstrip())] + words + first[len(first.rstrip()):]


def running(docs: Sequence[t.Document]) -> Running:
    """The running words of *docs*, the editions set on the same pages (one, or two side by side)."""
    metas = [d.meta for d in docs]
    langs = "–".join(m.lang.upper() for m in metas)
    titles = [running_title(m) for m in metas]
    if len(titles) > 1:  # one line for both: each title shortened to its share of it
        titles = [_shortened(title, RUNNING_TITLE // len(titles)) for title in titles]
    page = tuple(map(_both, zip_longest(*(around(m, "page") for m in metas), fillvalue="")))
    return Running(" / ".join(dict.fromkeys(titles)), metas[0].reference or "", page,
                   " · ".join(filter(None, (metas[0].reference, langs))))


def issue_line(doc: t.Document) -> str:
    """The digest cover's line under the masthead: the issue's period, in the edition's language.

    Not the title: "CICA Digest, January–March 2025" would repeat the masthead's name just
    above it (the title stays the file's metadata and the running head). The period comes
    from the issue code through Babel (so the Russian cover says "Январь–март 2025"), else
    from the source's ``period``, else the title.
    """
    meta = doc.meta
    return format_period(meta.issue or "", meta.lang) or meta.period or meta.title
