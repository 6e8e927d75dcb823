"""Plain-text paragraphs → blocks, by document kind (notes, reports, reviews; brochures in
:mod:`.brochure`).

Each structurer takes the paragraphs of one document (:class:`RawPara`, with their
line) and returns blocks without ids. What the text itself shows decides the block:
``#`` and all-capitals headings, "UN: United Nations" sub-headings, ``- item`` lists,
contact lines, captions and titles found by the PDF reflow; a note verbale's fixed
parts (letterhead, reference, enclosure line, closing formula, place and date,
addressee) are recognised in English and in Russian.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Sequence

from .. import tree as t
from ..errors import Diagnostic
from .reflow import BULLET, ends_sentence
from .textparts import RawPara, heading_level, parse_inlines

Structurer = Callable[[list[RawPara], t.Meta, str], tuple[tuple[t.Block, ...], list[Diagnostic]]]

#: An all-capitals line with at most this many words is a heading, a longer one a statement.
CAPS_HEADING_WORDS = 15
_ACRONYM_HEADING = re.compile(r"^[A-Z][A-Z0-9 &.]{1,20}: [A-Z][^.]*$")
_REFERENCE = re.compile(r"^№\s*(?P<code>[A-Z]+/\d+)$")
_ENCLOSURE = re.compile(r"^(?:Enclosure|Enclosures|Приложение|Приложения)\s*:", re.I)
_CLOSING = re.compile(r"avails itself of this opportunity|пользуется (?:этим |настоящим )?случаем")
_PLACE_DATE = re.compile(
    r"^(?:город\s+|г\.\s*)?[A-ZА-ЯЁ][\w\- ]*,\s+\d{1,2}\s+\w+\s+\d{4}(?:\s*г\.?)?$"
)


def flow(text: str) -> str:
    """The lines of a paragraph as one line (the layout decides where lines break)."""
    # One pass over each run of white space (``\s*\n\s*`` rescans a long run at every space).
    return re.sub(r"\s+", lambda m: " " if "\n" in m[0] else m[0], text).strip()


def unmarked(text: str) -> str:
    """*text* without ``**``/``*`` emphasis markers (to read what it says)."""
    return re.sub(r"\*+", "", text).strip()


def is_caps(text: str) -> bool:
    letters = [c for c in unmarked(text) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def inlines(text: str) -> t.Inlines:
    return parse_inlines(flow(text))


def bare_inlines(text: str, breaks: bool = False) -> t.Inlines:
    """Inlines without a wrapping ``**…**``/``*…*`` (a layout styles fixed parts itself)."""
    parts = [parse_inlines(unmarked(line)) for line in text.split("\n")] if breaks else [
        parse_inlines(unmarked(flow(text)))
    ]
    out: list[t.Inline] = []
    for i, part in enumerate(parts):
        if i:
            out.append(t.LineBreak())
        out.extend(part)
    return tuple(out)


def _loc(path: str, para: RawPara) -> t.Loc:
    return t.Loc(path, para.line)


def is_contact(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and unicodedata.category(first) == "So"


def structure_generic(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """Headings, paragraphs, lists, captions and contact blocks, in reading order."""
    blocks: list[t.Block] = []
    items: list[t.ListItem] = []
    contact: list[t.Line] = []
    held: list[t.Block] = []  # captions that came in the middle of a list go after it

    def close() -> None:
        if items:
            blocks.append(t.BulletList(tuple(items), loc=items[0].loc))
            items.clear()
            blocks.extend(held)
            held.clear()
        if contact:
            blocks.append(t.Contact(tuple(contact), loc=contact[0].loc))
            contact.clear()

    for index, para in enumerate(paras):
        loc = _loc(path, para)
        text = para.text
        following = paras[index + 1].text if index + 1 < len(paras) else ""
        if is_contact(text) or (is_caps(text) and is_contact(following) and not contact):
            if items:
                close()
            contact.append(t.Line(None, bare_inlines(text), loc))
            continue
        lines = text.split("\n")
        if all(BULLET.match(line) for line in lines):
            if contact:
                close()
            items.extend(
                t.ListItem(None, inlines(BULLET.sub("", line, count=1)), loc) for line in lines
            )
            continue
        if items and text.rstrip().endswith(";") and not BULLET.match(text):
            # The rest of a list item after a page break: "- Statement …" / "The document …;"
            last = items.pop()
            items.append(t.ListItem(None, last.content + (t.Text(" "),) + inlines(text), last.loc))
            continue
        if items and para.role == "caption":
            held.append(_block(para, loc))
            continue
        close()
        blocks.append(_block(para, loc))
    close()
    return tuple(blocks), []


def _block(para: RawPara, loc: t.Loc) -> t.Block:
    text = para.text
    if para.role == "caption":
        return t.Caption(None, inlines(text), loc)
    if para.role == "title":
        return t.Heading(None, bare_inlines(text), loc, level=2)
    marked = heading_level(text)
    if marked:
        return t.Heading(None, bare_inlines(marked[1]), loc, level=marked[0])
    plain = unmarked(flow(text))
    if is_caps(text) and len(plain.split()) <= CAPS_HEADING_WORDS and not plain.endswith("."):
        return t.Heading(None, bare_inlines(text), loc, level=2)
    if _ACRONYM_HEADING.match(plain) and len(plain.split()) <= CAPS_HEADING_WORDS:
        return t.Heading(None, bare_inlines(text), loc, level=3)
    return t.Paragraph(None, inlines(text), loc)


def sectionize(blocks: tuple[t.Block, ...], kinds: dict[int, str]) -> tuple[t.Block, ...]:
    """Nest the blocks under the headings whose level is in *kinds* (level → section kind)."""
    out: list[t.Block] = []
    stack: list[tuple[int, list[t.Block], t.Heading]] = []

    def pop() -> None:
        level, body, heading = stack.pop()
        section = t.Section(tuple(body), kind=kinds[level], loc=heading.loc)
        (stack[-1][1] if stack else out).append(section)

    for block in blocks:
        if isinstance(block, t.Heading) and block.level in kinds:
            while stack and stack[-1][0] >= block.level:
                pop()
            stack.append((block.level, [block], block))
        else:
            (stack[-1][1] if stack else out).append(block)
    while stack:
        pop()
    return tuple(out)


def structure_report(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """A report: issuing body, title, then parts (capitals) with sub-parts ("UN: United Nations")."""
    blocks, diagnostics = structure_generic(paras, meta, path)
    lead = next((n for n, b in enumerate(blocks) if not isinstance(b, t.Paragraph)), len(blocks))
    head, rest = list(blocks[:lead]), list(blocks[lead:])
    if head:
        title = head.pop()
        assert isinstance(title, t.TextBlock)
        lines = tuple(t.Line(None, b.content, b.loc) for b in head if isinstance(b, t.TextBlock))
        rest = ([t.Letterhead(lines, loc=lines[0].loc)] if lines else []) + [
            t.Heading(None, title.content, title.loc, level=1)
        ] + rest
    return sectionize(tuple(rest), {2: "part", 3: "part"}), diagnostics


def structure_review(
    paras: list[RawPara], meta: t.Meta, path: str, parts: Sequence[tuple[str, str]] = (),
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """A review: articles, each under its title; an address signed at its end by the name its
    title ends with; an interview's questions set apart; the articles grouped into *parts*
    ((part title, title of its first article), in order; see :func:`group_parts`).

    The text of a review comes from its PDF without the photos, so the captions of those
    photos would caption nothing: they are left out, each reported with its line.
    """
    blocks, diagnostics = structure_generic(paras, meta, path)
    for caption in (b for b in blocks if isinstance(b, t.Caption)):
        line = caption.loc.line if caption.loc and caption.loc.line else 1
        diagnostics.append(Diagnostic(
            path, line, f"dropped caption of a photo the text does not carry "
            f"{t.plain_text(caption.content)!r}", code="caption", severity="warning"))
    blocks = tuple(b for b in blocks if not isinstance(b, t.Caption))
    signed: list[t.Block] = []
    for block in blocks:
        signed.extend(byline(block) if isinstance(block, t.Heading) else (block,))
    articles = sectionize(tuple(signed), {2: "article"})
    articles = tuple(mark_questions(sign_at_end(a)) if isinstance(a, t.Section) else a
                     for a in articles)
    grouped, errors = group_parts(articles, parts, path)
    return grouped, diagnostics + errors


def group_parts(
    blocks: tuple[t.Block, ...], parts: Sequence[tuple[str, str]], path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """The articles of a review in its parts: each part, titled by a level-1 heading, runs
    from the article titled as given to the next part's first article.

    The text extracted from the review's PDF names its parts only in a few running heads
    ("19 / Meetings of Governing Bodies"), not where each begins, so the corpus recipe says.
    """
    if not parts:
        return blocks, []
    titles = [t.plain_text(b.blocks[0].content) if isinstance(b, t.Section) and b.blocks
              and isinstance(b.blocks[0], t.Heading) else None for b in blocks]
    starts: list[int] = []
    for title, first in parts:
        found = [i for i, heading in enumerate(titles) if heading == first]
        if not found or (starts and found[0] <= starts[-1]):
            return blocks, [Diagnostic(path, 1, f"--part {title!r}: no article titled {first!r}"
                                       + (" after the previous part's" if found else ""),
                                       code="part", severity="error")]
        starts.append(found[0])
    out = list(blocks[: starts[0]])
    for (title, _), start, end in zip(parts, starts, [*starts[1:], len(blocks)], strict=True):
        loc = getattr(blocks[start], "loc", None)
        heading = t.Heading(None, (t.Text(title),), loc, level=1)
        out.append(t.Section((heading, *blocks[start:end]), kind="part", loc=loc))
    return tuple(out), []


def sign_at_end(article: t.Section) -> t.Section:
    """An address's signature (set under its title by :func:`byline`) moved to its end,
    after its last paragraph (a photo caption may follow)."""
    blocks = list(article.blocks)
    signature = next((b for b in blocks[1:2] if isinstance(b, t.Signature)), None)
    if signature is None:
        return article
    blocks.remove(signature)
    last = max((i for i, b in enumerate(blocks) if not isinstance(b, t.Caption)), default=0)
    blocks.insert(last + 1, signature)
    return dataclasses.replace(article, blocks=tuple(blocks))


#: "Address by <post> <Given-name Surname>": the title of an address names its author last.
_ADDRESS_BY = re.compile(
    r"^(?P<title>(?:Address|Message|Statement|Speech|Greeting|Foreword|Welcome address)"
    r" by (?:\S+ ){2,}?\S+) (?P<name>[A-ZА-ЯЁ][\w.\-’']+ [A-ZА-ЯЁ][\w\-’']+)$"
)


def byline(heading: t.Heading) -> tuple[t.Block, ...]:
    """An address's title ("Address by <post> <name>") → the title and a signature of the name.

    The name is the author's signature, set under the title (a layout sets it as a byline);
    nothing is added that the title does not say.
    """
    match = _ADDRESS_BY.match(t.plain_text(heading.content))
    if match is None or not all(isinstance(node, t.Text) for node in heading.content):
        return (heading,)
    name = t.Line(None, (t.Text(match["name"]),), heading.loc, role="name")
    return (dataclasses.replace(heading, content=(t.Text(match["title"]),)),
            t.Signature((name,), loc=heading.loc))


def mark_questions(article: t.Section) -> t.Section:
    """In an interview, the interviewer's questions (paragraphs ending in "?") are set in bold."""
    title = next((b for b in article.blocks if isinstance(b, t.Heading)), None)
    if title is None or not t.plain_text(title.content).startswith("Interview"):
        return article

    def question(block: t.Block) -> t.Block:
        if (isinstance(block, t.Paragraph) and t.plain_text(block.content).rstrip().endswith("?")
                and not any(isinstance(node, t.Strong) for node in block.content)):
            return dataclasses.replace(block, content=(t.Strong(block.content),))
        return block

    return dataclasses.replace(article, blocks=tuple(question(b) for b in article.blocks))


def structure_note(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """A note verbale (English or Russian): its fixed parts around the body paragraphs."""
    blocks: list[t.Block] = []
    diagnostics: list[Diagnostic] = []
    letterhead: list[t.Line] = []
    dated = False
    for para in paras:
        loc = _loc(path, para)
        plain = unmarked(flow(para.text))
        reference = _REFERENCE.match(plain)
        if is_caps(para.text) and not reference and not dated and not blocks:
            letterhead.append(t.Line(None, bare_inlines(para.text, breaks=True), loc))
            continue
        if letterhead:
            blocks.append(t.Letterhead(tuple(letterhead), loc=letterhead[0].loc))
            letterhead = []
        if reference:
            if reference["code"] != meta.reference:
                diagnostics.append(Diagnostic(
                    path, para.line,
                    f"the note says №{reference['code']} but its metadata reference is "
                    f"{meta.reference!r}; pass --reference {reference['code']}",
                    code="reference", severity="warning",
                ))
            blocks.append(t.Reference(loc))
        elif _ENCLOSURE.match(plain):
            blocks.append(t.EnclosureLine(None, bare_inlines(para.text), loc))
        elif _CLOSING.search(plain):
            blocks.append(t.ClosingFormula(None, inlines(para.text), loc))
        elif _PLACE_DATE.match(plain):
            blocks.append(t.PlaceDate(None, bare_inlines(para.text), loc))
            dated = True
        elif dated and is_caps(para.text):
            blocks.append(t.Addressee(
                (t.Line(None, bare_inlines(para.text, breaks=True), loc),), loc=loc,
            ))
        else:
            blocks.append(t.Paragraph(None, inlines(para.text), loc))
    if letterhead:
        blocks.append(t.Letterhead(tuple(letterhead), loc=letterhead[0].loc))
    return tuple(blocks), diagnostics


def ends_open(text: str) -> bool:
    """A paragraph that stops in mid-sentence (a page break cut it)."""
    plain = unmarked(text)
    return bool(plain) and not ends_sentence(plain) and not is_caps(plain)
