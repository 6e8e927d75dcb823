"""Recognise the structure of a CICA Digest issue in plain text (seeds 001 and 002).

A digest arrives as text extracted from its PDF: a cover (masthead and headlines), a
table of contents ("In this issue", page numbers), the Secretariat's contact block, a
foreword, then articles grouped in sections (In the Spotlight, months, CICA Activities,
Flash Briefing), with advertisements and photo captions between them. Heading markup
is unreliable (one issue uses ``#`` headings, the other none), so the table of contents
is the guide: it names every article and the section it belongs to. The table itself is
left out of the source, because the layout regenerates it from the structure. A photo
caption printed away from its article (a full-page photo between two sections) is put
back into the article it illustrates (:func:`place_captions`).

:func:`structure` returns blocks without ids (the importer assigns them) and
:func:`describe` fills the digest's metadata (series, period, issue, title).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from .. import tree as t
from ..errors import Diagnostic
from .textparts import RawPara, heading_level, parse_inlines

SERIES = "CICA Digest"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
SECTION_KINDS = {
    "in the spotlight": "spotlight",
    "cica activities": "activities",
    "flash briefing": "flash",
    "foreword": "foreword",
    **{m.lower(): "month" for m in MONTHS},
}
#: Sections whose title the text does not print (a banner on the page) but the contents name.
TITLED_BY_CONTENTS = frozenset({"spotlight", "activities", "flash"})
TOC_TITLE = "in this issue"
#: A table-of-contents title and an article heading are the same article from this
#: similarity of their word sequences on (editors shorten or reword titles in the TOC).
MATCH_RATIO = 0.6
#: The Flash Briefing starts on a page of its own; the PDF text shows a page break as a
#: run of blank lines, at least this long (a photo or column break inside an article: 3–4).
PAGE_BREAK_BLANKS = 5
#: Lines set one by one (a signature, a poster, an address) are at most this many words.
SET_LINE_WORDS = 10

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = (
    rf"(?:\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}})?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}})?,\s+\d{{4}})"
)
_PLACE = r"[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)*"
_DASH = "[–—-]"
DATELINE = re.compile(
    rf"^(?P<dateline>(?:{_PLACE},\s+)?{_DATE}(?:\s*{_DASH}\s*{_PLACE}(?:,\s*{_PLACE})?)?\s*{_DASH})"
    rf"\s*(?=\S)"
)
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^)\s]+\)")  # no "[" inside: linear on "[[[…"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_SIGNAL = re.compile(
    r"(?:https?://|www\.|(?<![\w-])[\w-]+\.(?:travel|kz|com|org|az)\b|@[\w-]+\.|(?:^|\s)#[A-Za-z]\w+)"
)
_TOC_ENTRY = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_SENTENCE_END = re.compile(r"[.!?,;:…]$")


# ---------------------------------------------------------------- reading a paragraph


def unmark(text: str) -> str:
    """The text a reader sees: no ``#``/``*`` markup, links as their text, escapes undone."""
    heading = heading_level(text)
    if heading:
        text = heading[1]
    text = _ESCAPE.sub(r"\1", _MD_LINK.sub(r"\1", text)).replace("*", "")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case words of *text*, for matching titles and checking faithfulness."""
    return re.findall(r"\w+", unmark(text).lower())


def _is_prose(p: RawPara) -> bool:
    """Running text (a sentence, or long enough to be one cut by a page), not short set lines."""
    text = unmark(p.text)
    lines = p.text.strip().split("\n")
    return (len(lines) == 1 or max(len(line.split()) for line in lines) > SET_LINE_WORDS) and (
        len(text.split()) >= 15 or bool(_SENTENCE_END.search(text.rstrip("\"”»')")))
    )


def _may_be_title(p: RawPara) -> bool:
    """A ``#`` heading, or one short line that is not a sentence."""
    text = unmark(p.text)
    return "\n" not in p.text.strip() and (heading_level(p.text) is not None or (
        len(text.split()) <= 30 and not _SENTENCE_END.search(text)))


def _is_caps(text: str) -> bool:
    letters = [c for c in unmark(text) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _section_kind(p: RawPara) -> str | None:
    return SECTION_KINDS.get(unmark(p.text).rstrip(":").lower())


def _inlines(text: str, breaks: bool = False) -> t.Inlines:
    """Inline content of a paragraph; its lines joined by spaces, or by line breaks."""
    lines = [line.strip() for line in text.split("\n")]
    text = _ESCAPE.sub(r"\1", _MD_LINK.sub(r"\1", ("\n" if breaks else " ").join(lines)))
    if text.startswith("***") and text.endswith("***") and len(text) > 6:
        return (t.Strong((t.Emph(_inlines(text[3:-3], breaks)),)),)
    content = parse_inlines(text)
    return _split_breaks(content) if breaks else content


def _split_breaks(content: t.Inlines) -> t.Inlines:
    out: list[t.Inline] = []
    for node in content:
        if isinstance(node, t.Text):
            for i, piece in enumerate(node.text.split("\n")):
                if i:
                    out.append(t.LineBreak())
                if piece:
                    out.append(t.Text(piece))
        elif isinstance(node, (t.Emph, t.Strong, t.Link, t.Abbr, t.NoBreak)):
            out.append(replace(node, children=_split_breaks(node.children)))
        else:
            out.append(node)
    return tuple(out)


# ---------------------------------------------------------------- the table of contents


@dataclass(frozen=True)
class TocEntry:
    """One line of "In this issue": a page, a title, and the section it is listed under."""

    page: int
    title: str
    section: str  # the section's name as printed ("In the Spotlight", "July")
    line: int


@dataclass(frozen=True)
class Toc:
    articles: tuple[TocEntry, ...]
    sections: tuple[TocEntry, ...]  # "43 CICA ACTIVITIES": sections listed with a page only

    def has(self, kind: str) -> bool:
        return any(SECTION_KINDS[e.title.lower()] == kind for e in self.sections)


def find_toc(paras: list[RawPara]) -> tuple[int, int, Toc, list[RawPara]] | None:
    """Where the table of contents starts and ends, what it lists, and what else is in it.

    The table runs from "In this issue" to the foreword (or the first line of running
    text); other short paragraphs set inside it (the contact block) are returned apart.
    """
    start = next((i for i, p in enumerate(paras) if unmark(p.text).lower() == TOC_TITLE), None)
    if start is None:
        return None
    articles: list[TocEntry] = []
    sections: list[TocEntry] = []
    others: list[RawPara] = []
    current = ""
    end = start + 1
    for end in range(start + 1, len(paras)):
        p = paras[end]
        kind = _section_kind(p)
        entry = _TOC_ENTRY.match(unmark(p.text))
        if kind == "foreword" or (not entry and len(words(p.text)) >= 20):
            break
        if kind:
            current = unmark(p.text)
        elif entry and entry[2].lower() in SECTION_KINDS:
            sections.append(TocEntry(int(entry[1]), entry[2], entry[2], p.line))
        elif entry:
            articles.append(TocEntry(int(entry[1]), entry[2], current, p.line))
        else:
            others.append(p)
    else:
        end = len(paras)
    return start, end, Toc(tuple(articles), tuple(sections)), others


def match_title(heading: str, titles: list[str]) -> int | None:
    """The index of the title in *titles* that *heading* is (best similarity), if any."""
    target = words(heading)
    best, best_ratio = None, MATCH_RATIO
    for i, title in enumerate(titles):
        ratio = SequenceMatcher(None, words(title), target, autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = i, ratio
    return best


def unglue(paras: list[RawPara]) -> list[RawPara]:
    """Split off set lines with a web address or hashtag (an advertisement) from running text.

    A reader that rejoins paragraphs cut by a page break can glue the slogan lines of an
    advertisement to the item of text that ends without a full stop just before it.
    """
    out: list[RawPara] = []
    for p in paras:
        lines = p.text.split("\n")
        cut = len(lines)
        while cut > 1 and len(unmark(lines[cut - 1]).split()) <= SET_LINE_WORDS:
            cut -= 1
        tail = "\n".join(lines[cut:])
        if 0 < cut < len(lines) and len(unmark(lines[cut - 1]).split()) > SET_LINE_WORDS \
                and _SIGNAL.search(tail):
            start = p.last_line - (len(lines) - cut) + 1
            out += [replace(p, text="\n".join(lines[:cut]), last=start - 1 if p.last else None),
                    replace(p, text=tail, line=start)]
        else:
            out.append(p)
    return out


def complete_title(heading: str, listed: str) -> str:
    """*heading*, or its end as the contents list it when the page cut it short
    ("… on Margins of 79th" → "… on Margins of 79th Session of UN General Assembly"),
    in the heading's capitalisation."""
    head, full = words(heading), re.findall(r"\S+", listed)
    if not head or len(words(listed)) <= len(head) or words(listed)[: len(head)] != head:
        return heading
    rest, seen = [], 0
    for token in full:  # the tokens of *listed* after the words *heading* has
        if seen >= len(head):
            rest.append(token)
        seen += len(re.findall(r"\w+", token.lower()))
    title_case = sum(w[:1].isupper() for w in heading.split()) * 2 > len(heading.split())
    if title_case:
        rest = [w if w.lower() in _STOP_WORDS else w[:1].upper() + w[1:] for w in rest]
    return " ".join([heading, *rest])


# ---------------------------------------------------------------- blocks


def _loc(path: str, p: RawPara) -> t.Loc:
    return t.Loc(path, p.line)


def _block(p: RawPara, path: str, after_caption: bool = False) -> t.Block:
    """One paragraph of running text, a list, a heading or a photo caption."""
    loc = _loc(path, p)
    lines = [line.strip() for line in p.text.split("\n")]
    if all(line.startswith(("- ", "• ")) for line in lines):
        items = tuple(t.ListItem(None, _inlines(line[2:]), loc) for line in lines)
        return t.BulletList(items, loc=loc)
    heading = heading_level(p.text)
    if heading and not unmark(p.text).endswith(","):
        return t.Heading(None, _inlines(heading[1]), loc, level=3)
    if heading:
        return t.Paragraph(None, _inlines(heading[1]), loc)
    if not _is_prose(p) and (_is_caps(p.text) or after_caption):
        return t.Caption(None, _inlines(p.text), loc)
    return t.Paragraph(None, _inlines(p.text), loc)


def _blocks(paras: list[RawPara], path: str) -> list[t.Block]:
    out: list[t.Block] = []
    for p in paras:
        out.append(_block(p, path, after_caption=bool(out) and isinstance(out[-1], t.Caption)))
    return out


def split_dateline(p: RawPara, path: str) -> list[t.Block]:
    """"Baku, 15-17 January 2025 – The Secretary…" → a Dateline and the paragraph's rest."""
    match = DATELINE.match(p.text)
    if not match:
        return _blocks([p], path)
    return [
        t.Dateline(None, _inlines(match["dateline"]), _loc(path, p)),
        t.Paragraph(None, _inlines(p.text[match.end():]), t.Loc(path, p.line, match.end() + 1)),
    ]


def _signature(paras: list[RawPara], path: str) -> t.Signature:
    """Closing words, name and title at the foot of a letter (the foreword)."""
    lines = [unmark(line) for p in paras for line in p.text.split("\n") if unmark(line)]
    roles: list[tuple[str, str]] = []
    if lines and lines[0].endswith(","):
        roles.append(("closing", lines.pop(0)))
    if lines:
        roles.append(("name", lines.pop(0)))
    if lines:
        roles.append(("title", " ".join(lines)))
    loc = _loc(path, paras[0])
    return t.Signature(tuple(t.Line(None, _inlines(text), loc, role=role) for role, text in roles), loc=loc)


def _contact(paras: list[RawPara], path: str) -> t.Contact:
    """The Secretariat's address block: one line per paragraph, with what the line is."""

    def role(text: str) -> str:
        if "@" in text and "." in text.split("@")[-1]:
            return "email"
        if text.startswith(("www.", "http")):
            return "web"
        if text.startswith("@") or text == "CICA Secretariat":
            return "social"
        if text.startswith("+") or re.fullmatch(r"[+\d\s()-]{7,}", text):
            return "phone"
        if text.endswith(":"):
            return "label"
        return "address"

    lines = [(line, p) for p in paras for line in p.text.split("\n") if unmark(line)]
    return t.Contact(tuple(
        t.Line(None, _inlines(line), _loc(path, p), role="name" if i == 0 else role(unmark(line)))
        for i, (line, p) in enumerate(lines)
    ), loc=_loc(path, paras[0]))


def _aside(paras: list[RawPara], kind: str, path: str) -> t.Aside:
    """Material set apart from the text (cover lines, advertisements), line breaks kept."""
    blocks: list[t.Block] = []
    for p in paras:
        block = _block(p, path)
        if isinstance(block, (t.Paragraph, t.Caption)):
            block = t.Paragraph(None, _inlines(p.text, breaks=True), _loc(path, p))
        blocks.append(block)
    return t.Aside(tuple(blocks), kind=kind, loc=_loc(path, paras[0]))


# ---------------------------------------------------------------- the body


@dataclass
class _Section:
    kind: str
    name: str
    heading: t.Heading | None
    blocks: list[t.Block] = field(default_factory=list)
    line: int | None = None

    def build(self, path: str) -> t.Section:
        """The section, titled as the issue's contents name it when its title is not printed
        over it (In the Spotlight, CICA Activities, Flash Briefing have only a banner)."""
        heading = self.heading
        if heading is None and self.kind in TITLED_BY_CONTENTS:
            heading = t.Heading(None, _inlines(self.name), t.Loc(path, self.line), level=1)
        head = (heading,) if heading else ()
        return t.Section(head + tuple(self.blocks), kind=self.kind, loc=t.Loc(path, self.line))


class _Body:
    """Reads the body paragraph by paragraph, keeping the open section and article."""

    def __init__(self, toc: Toc, path: str, diagnostics: list[Diagnostic]):
        self.toc, self.path, self.diagnostics = toc, path, diagnostics
        self.unmatched = list(toc.articles)
        self.top: list[t.Block] = []
        self.sections: list[_Section] = []
        self.article: list[RawPara] | None = None  # heading first (foreword: its marker)
        self.article_kind = "article"
        self.article_entry: TocEntry | None = None  # the open article's line in the contents
        self.past_toc = not toc.articles  # whether every listed article has been seen

    # -- containers

    @property
    def section(self) -> _Section | None:
        return self.sections[-1] if self.sections else None

    def open_section(self, kind: str, name: str, marker: RawPara | None, line: int) -> None:
        self.close_article()
        heading = None
        if marker:
            heading = t.Heading(None, _inlines(unmark(marker.text)), _loc(self.path, marker), level=1)
        self.sections.append(_Section(kind, name, heading, line=line))

    def emit(self, block: t.Block) -> None:
        (self.section.blocks if self.section else self.top).append(block)

    def close_article(self) -> None:
        if self.article is None:
            return
        head, paras = self.article[0], self.article[1:]
        if self.article_kind == "foreword":
            for block in self._foreword(paras):
                self.emit(block)
        else:
            title = complete_title(unmark(head.text), self.article_entry.title if self.article_entry else "")
            heading = t.Heading(None, _inlines(title), _loc(self.path, head), level=2)
            body = split_dateline(paras[0], self.path) + _blocks(paras[1:], self.path) if paras else []
            self.emit(t.Section((heading, *body), kind="article", loc=_loc(self.path, head)))
        self.article = None

    def _foreword(self, paras: list[RawPara]) -> list[t.Block]:
        end = len(paras)
        while end > 0 and not _is_prose(paras[end - 1]):
            end -= 1
        blocks = _blocks(paras[:end], self.path)
        if end < len(paras):
            blocks.append(_signature(paras[end:], self.path))
        return blocks

    # -- recognising a paragraph

    def article_heading(self, paras: list[RawPara], i: int) -> TocEntry | bool:
        """A TOC entry if paras[i] is a listed article's heading; True for an unlisted one."""
        p = paras[i]
        if not _may_be_title(p) or _section_kind(p):
            return False
        found = match_title(p.text, [e.title for e in self.unmatched])
        if found is not None:
            return self.unmatched[found]
        following = paras[i + 1] if i + 1 < len(paras) else None
        return following is not None and bool(DATELINE.match(following.text)) and not _is_caps(p.text)

    def ad_run(self, paras: list[RawPara], i: int) -> int:
        """How many paragraphs from *i* on are an advertisement (0: none).

        An advertisement is a run of short, non-sentence paragraphs (slogans, a logo, an
        address) with at least one web address, e-mail or hashtag; its last paragraph is the
        last one that looks like an advertisement's (a slogan in lower case, a short line in
        capitals, an address), and a sentence set right under it (no gap) belongs to it.
        """
        j = i
        while j < len(paras) and not _is_prose(paras[j]) and not self.structural(paras, j):
            j += 1
        run = paras[i:j]
        if not any(_SIGNAL.search(p.text) for p in run):
            return 0

        def adlike(p: RawPara) -> bool:
            text = unmark(p.text)
            return bool(_SIGNAL.search(p.text)) or text[:1].islower() or (
                _is_caps(p.text) and len(text.split()) <= 4)

        end = max(k for k, p in enumerate(run) if adlike(p)) + 1
        while i + end < len(paras) and _is_prose(paras[i + end]) and _gap(paras, i + end) <= 1:
            end += 1
        return end

    def structural(self, paras: list[RawPara], i: int) -> bool:
        return bool(_section_kind(paras[i]) or self.article_heading(paras, i))

    def flash_starts(self, paras: list[RawPara], i: int) -> bool:
        """The Flash Briefing has no title in the text: it is the first new page after the
        last article the TOC lists (or a CICA Activity), if the TOC lists a Flash Briefing."""
        return (
            self.past_toc and self.toc.has("flash") and self.article is not None
            and self.article_kind == "article" and _gap(paras, i) >= PAGE_BREAK_BLANKS
            and not any(s.kind == "flash" for s in self.sections)
        )

    # -- the walk

    def read(self, paras: list[RawPara]) -> list[t.Block]:
        i = 0
        while i < len(paras):
            p = paras[i]
            kind = _section_kind(p)
            entry = False if kind else self.article_heading(paras, i)
            if kind == "foreword":
                self.open_section("foreword", unmark(p.text), p, p.line)
                self.article, self.article_kind = [p], "foreword"
            elif kind:
                self.on_marker(kind, p)
            elif entry:
                self.on_article(entry, p)
            elif self.flash_starts(paras, i):
                self.open_section("flash", "Flash Briefing", None, p.line)
                continue
            elif n := (0 if _is_prose(p) else self.ad_run(paras, i)):
                self.close_article()
                self.emit(_aside(paras[i:i + n], "advertisement", self.path))
                i += n
                continue
            elif self.article is not None:
                self.article.append(p)
            else:
                previous = self.section.blocks if self.section else self.top
                after_caption = bool(previous) and isinstance(previous[-1], t.Caption)
                self.emit(_block(p, self.path, after_caption))
            i += 1
        self.close_article()
        for entry in self.unmatched:
            self.diagnostics.append(Diagnostic(
                self.path, entry.line, f"table of contents lists {entry.title!r} (p. {entry.page}), "
                "but no article heading matches it", code="digest", severity="warning"))
        back_cover = self.trailing_ads()
        return self.top + [s.build(self.path) for s in self.sections] + back_cover

    def trailing_ads(self) -> list[t.Block]:
        """Advertisements after the last section's text are the back cover, not that section's."""
        moved: list[t.Block] = []
        if self.section:
            while self.section.blocks and isinstance(self.section.blocks[-1], t.Aside):
                moved.insert(0, self.section.blocks.pop())
        return moved

    def on_marker(self, kind: str, p: RawPara) -> None:
        name = unmark(p.text)
        current = self.section
        if current and current.name.lower() == name.lower() and current.heading is None:
            # the section was opened by its first article; its title was printed later
            current.heading = t.Heading(None, _inlines(name), _loc(self.path, p), level=1)
        else:
            self.open_section(kind, name, p, p.line)

    def on_article(self, entry: TocEntry | bool, p: RawPara) -> None:
        self.close_article()
        if isinstance(entry, TocEntry):
            self.unmatched.remove(entry)
            self.past_toc = not self.unmatched
            kind, name = SECTION_KINDS.get(entry.section.lower(), "part"), entry.section
        elif self.past_toc and self.toc.has("activities"):
            kind, name = "activities", "CICA Activities"
        else:
            kind, name = (self.section.kind, self.section.name) if self.section else ("part", "")
        if not self.section or self.section.name.lower() != name.lower():
            self.open_section(kind, name, None, p.line)
        self.article, self.article_kind = [p], "article"
        self.article_entry = entry if isinstance(entry, TocEntry) else None


def _gap(paras: list[RawPara], i: int) -> int:
    """Blank lines between paras[i] and the paragraph before it."""
    if i == 0:
        return 0
    before = paras[i - 1]
    return paras[i].line - before.last_line - 1


# ---------------------------------------------------------------- photo captions

#: A caption goes to the article that shares most of its words (weighted by how few
#: articles use them, so "CICA" counts for nothing and a minister's name for much) or
#: its date; at least this score (1.0: all its words), or it stays where it was printed.
CAPTION_MATCH = 0.5
_DATE_PLACE = re.compile(rf"^(?:{_PLACE},\s+)?{_DATE}(?:,\s+{_PLACE})?$")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:\s?[-–]\s?(\d{{1,2}}))?\s+({_MONTH})|({_MONTH})\s+(\d{{1,2}})\b")
_STOP_WORDS = frozenset(
    "a an and as at by for from h e in into its mr mrs ms of on or the to with".split())


def _text(block: t.TextBlock) -> str:
    return t.plain_text(block.content)


def _dates(text: str) -> set[tuple[int, str]]:
    """The (day, month) pairs named in *text*: "24-28 February" gives both ends."""
    found = set()
    for m in _DAY_MONTH.finditer(text):
        if m[3]:
            found |= {(int(day), m[3]) for day in (m[1], m[2]) if day}
        else:
            found.add((int(m[5]), m[4]))
    return found


def _join_captions(blocks: tuple[t.Block, ...]) -> tuple[t.Block, ...]:
    """A caption and the date-place line set under it ("11 March 2025, Astana") are one
    photo caption, its two lines kept; in every section, recursively."""
    out: list[t.Block] = []
    for block in blocks:
        if isinstance(block, t.Section):
            block = replace(block, blocks=_join_captions(block.blocks))
        previous = out[-1] if out else None
        if isinstance(block, t.Caption) and isinstance(previous, t.Caption) \
                and _DATE_PLACE.match(_text(block)) and not _DATE_PLACE.match(_text(previous)):
            out[-1] = replace(previous, content=previous.content + (t.LineBreak(),) + block.content)
        else:
            out.append(block)
    return tuple(out)


class _Articles:
    """The articles of an issue, with what a caption is matched against in each."""

    def __init__(self, blocks: tuple[t.Block, ...]):
        self.all = [s for b in blocks for s in t.walk(b, t.Section) if s.kind == "article"]
        self.words = [set(words(" ".join(map(_text, t.walk(a, t.TextBlock))))) for a in self.all]
        self.dates = [set().union(*(_dates(_text(b)) for b in a.blocks
                                    if isinstance(b, (t.Heading, t.Dateline)))) for a in self.all]
        self.used_by = Counter(w for ws in self.words for w in ws)

    def weight(self, word: str) -> float:
        """0 for a word every article uses, more the fewer use it."""
        return math.log((len(self.all) + 1) / (self.used_by[word] + 1))

    def scores(self, caption: t.Caption) -> list[float]:
        """How well *caption* matches each article: share of its words (0–1) + 1 for its date."""
        text = _text(caption)
        ws = {w for w in words(text) if w not in _STOP_WORDS}
        total = sum(map(self.weight, ws)) or 1.0
        dates = _dates(text)
        return [sum(self.weight(w) for w in ws & aw) / total + (1.0 if dates & ad else 0.0)
                for aw, ad in zip(self.words, self.dates)]

    def home(self, caption: t.Caption, current: t.Section | None) -> t.Section | None:
        """The article *caption* illustrates, if not the one it is in (None: leave it there)."""
        scores = self.scores(caption)
        ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        best = ranked[0]
        if scores[best] < CAPTION_MATCH or (len(ranked) > 1 and scores[ranked[1]] == scores[best]):
            return None
        own = next((i for i, a in enumerate(self.all) if a is current), None)
        if own is not None and scores[best] <= scores[own]:
            return None
        return self.all[best]


def place_captions(blocks: tuple[t.Block, ...]) -> tuple[t.Block, ...]:
    """Photo captions with the article they illustrate.

    In the PDF a photo is often printed on a page of its own, between two sections or
    before the article it belongs to, so its caption comes out of the text there. A caption
    outside any article, or in an article that matches it less well than another, moves to
    the article whose dateline, heading and text match it best: after its opening paragraph
    if it was printed before that article, at its end if after.
    """
    blocks = _join_captions(blocks)
    articles = _Articles(blocks)
    if not articles.all:
        return blocks
    order = {id(b): i for i, b in enumerate(b for top in blocks for b in t.walk(top, t.Block))}
    moves: dict[int, list[t.Caption]] = {}

    def visit(container: t.Section | None, children: tuple[t.Block, ...]) -> None:
        for block in children:
            if isinstance(block, t.Caption):
                home = articles.home(block, container)
                if home is not None:
                    moves.setdefault(id(home), []).append(block)
            elif isinstance(block, t.Section):
                visit(block, block.blocks)

    visit(None, blocks)
    moved = {id(c) for captions in moves.values() for c in captions}

    def rebuild(block: t.Block) -> t.Block:
        if not isinstance(block, t.Section):
            return block
        kept: list[t.Block] = [rebuild(b) for b in block.blocks if id(b) not in moved]
        end = order[id(block)] + sum(1 for _ in t.walk(block, t.Block))
        before = [c for c in moves.get(id(block), []) if order[id(c)] < order[id(block)]]
        after = [c for c in moves.get(id(block), []) if order[id(c)] >= end]
        opening = next((i + 1 for i, b in enumerate(kept) if type(b) is t.Paragraph), len(kept))
        return replace(block, blocks=(*kept[:opening], *before, *kept[opening:], *after))

    return tuple(rebuild(b) for b in blocks if id(b) not in moved)


_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def place_strays(blocks: tuple[t.Block, ...]) -> tuple[t.Block, ...]:
    """A paragraph printed on a page of its own after the issue's last advertisement, at
    the end of its last section ("SWG sessions were held…"), with the article it goes on.

    Its article is the one, and only one, that uses the acronyms it names (CICA, which
    every article uses, aside); a paragraph no article claims stays where it was printed.
    """
    sections = [b for b in blocks if isinstance(b, t.Section)]
    if not sections:
        return blocks
    last = sections[-1]
    ads = [i for i, b in enumerate(last.blocks) if isinstance(b, t.Aside)]
    articles = _Articles(blocks)
    moves: dict[int, list[t.Block]] = {}
    for block in last.blocks[ads[-1] + 1:] if ads else ():
        if type(block) is not t.Paragraph:
            continue
        named = {a.lower() for a in _ACRONYM.findall(_text(block))}
        rare = {a for a in named if articles.used_by[a] < len(articles.all) / 2}
        homes = [i for i, ws in enumerate(articles.words) if rare and rare <= ws]
        if len(homes) == 1:
            moves.setdefault(id(articles.all[homes[0]]), []).append(block)
    moved = {id(b) for bs in moves.values() for b in bs}

    def rebuild(block: t.Block) -> t.Block:
        if not isinstance(block, t.Section):
            return block
        kept = tuple(rebuild(b) for b in block.blocks if id(b) not in moved)
        return replace(block, blocks=kept + tuple(moves.get(id(block), ())))

    return tuple(rebuild(b) for b in blocks) if moved else blocks


# ---------------------------------------------------------------- entry points


def structure(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """The blocks of a digest issue (ids unset), and remarks on what could not be matched."""
    diagnostics: list[Diagnostic] = []
    paras = unglue(paras)
    found = find_toc(paras)
    if found is None:
        diagnostics.append(Diagnostic(
            path, 1, "no table of contents (\"In this issue\"): articles are not recognised",
            code="digest", severity="warning"))
        return tuple(_blocks(paras, path)), diagnostics
    start, end, toc, others = found
    blocks: list[t.Block] = []
    if start:
        blocks.append(_aside(paras[:start], "furniture", path))
    if others:
        if any(_SIGNAL.search(p.text) or "@" in p.text for p in others):
            blocks.append(_contact(others, path))
        else:
            blocks.append(_aside(others, "furniture", path))
    blocks += _Body(toc, path, diagnostics).read(paras[end:])
    return place_strays(place_captions(tuple(blocks))), diagnostics


def describe(paras: list[RawPara], meta: t.Meta) -> t.Meta:
    """*meta* with the digest's series, period ("July–September 2024"), issue and title."""
    found = find_toc(paras)
    months = []
    if found:
        for entry in found[2].articles:
            if entry.section in MONTHS and entry.section not in months:
                months.append(entry.section)
    years = Counter(re.findall(r"\b(20\d\d)\b", " ".join(p.text for p in paras)))
    year = years.most_common(1)[0][0] if years else ""
    period = issue = None
    if months:
        span = months[0] if len(months) == 1 else f"{months[0]}–{months[-1]}"
        period = f"{span} {year}".strip()
        first = MONTHS.index(months[0])
        if year and len(months) == 3 and first % 3 == 0:
            issue = f"{year}-Q{first // 3 + 1}"
    title = f"{SERIES}, {period}" if period else SERIES
    return replace(meta, series=SERIES, period=period, issue=issue, title=meta.title or title)
