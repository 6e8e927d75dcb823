"""Reflow text extracted from a PDF into paragraphs, titles and captions.

A PDF text extractor keeps the lines of the page: every wrapped line ends with a space, a
paragraph's last line does not; a page or column break shows up as a blank line in
mid-sentence or as a line that starts with a space; photo captions (long, unwrapped
lines) land in the middle of sentences; page numbers and running heads sit between
pages. This module reads those signals and rebuilds the paragraphs in reading order,
moving an interrupting caption after the paragraph it interrupted. Every dropped line is
reported.

The decisions, in order: cut the text into *pieces* (runs of lines, cut at blank lines,
page starts, bullets and paragraph-final lines); drop page furniture; recognise captions;
recognise article titles; join the pieces that continue a sentence.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ..errors import Diagnostic
from .textparts import RawPara

#: A share of lines ending in white space above this marks text extracted from a PDF.
PDF_TRAILING_SPACE_SHARE = 0.3
#: Captions are set wider than the text column: longer than this many column widths.
CAPTION_WIDTH = 1.25
#: Titles are short: at most this many lines.
TITLE_MAX_LINES = 4

FUNCTION_WORDS = frozenset(
    "a an the of and or to in on for with by at from as is was are were that which".split()
)
ABBREVIATIONS = ("Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "H.E.", "Hon.", "St.", "No.", "Amb.")
_TERMINAL = re.compile(r"[.!?;:…][\"”»’)\]]*$")
BULLET = re.compile(r"^\s*[-•]\s+(?=[A-ZА-ЯЁ«“\"])")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
_LEFT_TO_RIGHT = "(left to right)"
_ARTICLES = ("The ", "A ", "An ")


def looks_pdf_extracted(text: str) -> bool:
    """Text extracted from a PDF has many lines ending in a space (the wrapped lines)."""
    lines = [line for line in text.split("\n") if line.strip()]
    trailing = sum(1 for line in lines if line[-1] in " \t")
    return bool(lines) and trailing / len(lines) > PDF_TRAILING_SPACE_SHARE


def ends_sentence(text: str) -> bool:
    """Whether *text* ends a sentence (an abbreviation like "Prof." does not)."""
    text = text.rstrip()
    return bool(_TERMINAL.search(text)) and not text.endswith(ABBREVIATIONS)


def starts_lower(text: str) -> bool:
    """Whether *text* starts (after spaces and quotes) with a lower-case letter: a sentence goes on."""
    for char in text:
        if char.isspace() or unicodedata.category(char).startswith("P"):
            continue
        return char.islower()
    return False


#: Running text that a page break can cut has at least this many words before the cut
#: and a whole sentence among them, or LONE_SENTENCE_WORDS (titles, headlines, captions
#: and salutations are shorter).
RUNNING_TEXT_WORDS = 12
LONE_SENTENCE_WORDS = 20
_WORD = re.compile(r"[^\W\d_][\w-]*")
_INNER_END = re.compile(r"\w{2,}[.!?][\"”»’)]*(?=\s+[\"“«(]?[A-ZА-ЯЁ])")
_OPENER_CONTEXT = re.compile(r"(?:^|[.!?]\s+|[a-zа-яё,;]\s+)([A-ZА-ЯЁ][\w-]*)")  # words as _WORD reads them


def sentence_openers(text: str) -> frozenset[str]:
    """Capitalised words that *text* uses to start sentences at least as often as inside one.

    "The", "Explore" open sentences; "General", "Council", "Kyrgyzstan" are capitalised
    where they stand, so a paragraph that starts with one does not start a sentence.
    """
    starts: dict[str, int] = {}
    inside: dict[str, int] = {}
    for match in _OPENER_CONTEXT.finditer(text):
        before = text[: match.start(1)].rstrip()
        counts = inside if before[-1:].isalnum() or before.endswith((",", ";")) else starts
        counts[match[1]] = counts.get(match[1], 0) + 1
    return frozenset(w for w, n in starts.items() if n >= inside.get(w, 0))


def is_running_text(text: str) -> bool:
    """Prose that a page break can cut: at least one whole sentence before the cut (a title,
    headline, caption or list item has none)."""
    body = text.rstrip()
    count = len(body.split())
    return count >= LONE_SENTENCE_WORDS or (count >= RUNNING_TEXT_WORDS and any(
        ends_sentence(body[: m.end()]) for m in _INNER_END.finditer(body)))


def continues_sentence(before: str, after: str, openers: frozenset[str]) -> bool:
    """Whether paragraph *after* goes on with the sentence that paragraph *before* left open.

    *before* must be running text that stops without closing punctuation; *after* goes on
    if it starts in lower case or with a bracket, if *before* stops on a word that cannot
    end a sentence ("the", "as", a comma), or if its first word is not one that opens
    sentences in this text (*openers*, see :func:`sentence_openers`): "Summit",
    "General updated…", "Kyrgyzstan, Mongolia…".
    """
    before, after = before.rstrip(), after.lstrip()
    if not before or not after or ends_sentence(before) or before.startswith("#") \
            or after.startswith("#"):
        return False
    if starts_lower(after):
        return True
    if len(before.split()) < RUNNING_TEXT_WORDS:
        return False
    if _cut_short(before) or after[0] in "([":
        return True
    first = _WORD.match(after.lstrip("“\"«‘'"))
    return is_running_text(before) and first is not None and first[0] not in openers


@dataclass
class _Piece:
    """Lines between two cuts; ``start`` says what cut it: blank, page, line-end or bullet."""

    lines: list[tuple[int, str]]
    start: str
    role: str | None = None  # "furniture", "caption", "title", "continues"
    why: str = ""

    @property
    def text(self) -> str:
        return " ".join(raw.strip() for _, raw in self.lines)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def open_end(self) -> bool:
        """The last line is wrapped (ends in white space), so the text may go on."""
        return self.lines[-1][1][-1:] in (" ", "\t")


def _cut(numbered: list[tuple[int, str]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    current: _Piece | None = None
    for number, raw in numbered:
        if not raw.strip():
            current = None
            continue
        if current is None:
            start = "page" if not pieces and raw[:1].isspace() else "blank"
        else:
            prev = current.lines[-1][1]
            if raw[:1].isspace():
                start = "page"
            elif BULLET.match(raw) and (prev[-1:] not in (" ", "\t") or ends_sentence(prev)):
                start = "bullet"
            elif (prev[-1:] not in (" ", "\t") and not starts_lower(raw)
                  and (ends_sentence(prev) or BULLET.match(prev))):
                start = "line-end"
            else:
                current.lines.append((number, raw))
                continue
        current = _Piece([(number, raw)], start)
        pieces.append(current)
    return pieces


def _furniture(pieces: list[_Piece]) -> None:
    """Page numbers, the running head after them, and that head wherever it repeats."""
    heads: set[str] = set()
    for i, piece in enumerate(pieces):
        if len(piece.lines) == 1 and _PAGE_NUMBER.fullmatch(piece.text) and piece.start == "blank":
            piece.role, piece.why = "furniture", "page number"
            after = pieces[i + 1] if i + 1 < len(pieces) else None
            if after and _may_be_head(after):
                after.role, after.why = "furniture", "running head"
                heads.add(after.text)
    for piece in pieces:
        if piece.role is None and piece.text in heads and _may_be_head(piece):
            piece.role, piece.why = "furniture", "running head"
    for i, piece in enumerate(pieces[1:], start=1):
        if pieces[i - 1].role == "furniture" and piece.role is None:
            piece.start = "page"


def _may_be_head(piece: _Piece) -> bool:
    return (len(piece.lines) == 1 and piece.start == "blank" and not ends_sentence(piece.text)
            and len(piece.text.split()) <= 8 and not starts_lower(piece.text))


def _column_width(pieces: list[_Piece]) -> float:
    wrapped = [len(raw.strip()) for p in pieces for _, raw in p.lines if raw[-1:] in (" ", "\t")]
    return statistics.median(wrapped) if wrapped else 60.0


def _captions(pieces: list[_Piece]) -> list[_Piece]:
    """Mark captions; a "X and Y (left to right)" caption cut in two is put back together."""
    width = _column_width(pieces)
    out: list[_Piece] = []
    for piece in pieces:
        text = piece.text
        if piece.role == "furniture":
            out.append(piece)
            continue
        if text.endswith(_LEFT_TO_RIGHT):
            previous = next((p for p in reversed(out) if p.role != "furniture"), None)
            if " and " not in text and previous is not None and not ends_sentence(previous.text):
                previous.lines += piece.lines
                previous.role = "caption"
                continue
            piece.role = "caption"
        elif (piece.start != "page" and len(piece.lines) <= 3 and not piece.open_end
              and not ends_sentence(text) and not BULLET.match(text)
              and max(len(raw.strip()) for _, raw in piece.lines) > CAPTION_WIDTH * width):
            piece.role = "caption"
        out.append(piece)
    # The pieces around each one, found in one pass each way (not a scan per piece).
    following: list[_Piece | None] = [None] * len(out)
    for i in range(len(out) - 2, -1, -1):
        following[i] = out[i + 1] if out[i + 1].role != "furniture" else following[i + 1]
    before: _Piece | None = None
    for i, piece in enumerate(out[:-1]):
        after = following[i]
        if (piece.role is None and piece.start != "page" and len(piece.lines) == 1
                and not piece.open_end and not ends_sentence(piece.text)
                and after is not None and after.start == "page"
                and (before is None or ends_sentence(before.text))):
            piece.role = "caption"
        if piece.role not in ("furniture", "caption"):
            before = piece
    return out


def _finished(piece: _Piece) -> bool:
    return ends_sentence(piece.text) or piece.role == "title"


def _cut_short(text: str) -> bool:
    """*text* stops on a word that cannot end a sentence or a title ("of", "the", "Prof.")."""
    last = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    return last.lower() in FUNCTION_WORDS or last.endswith(",") or last in ABBREVIATIONS


def _titles(pieces: list[_Piece]) -> list[_Piece]:
    """A page that starts after finished text with a short unpunctuated run starts an article."""
    out: list[_Piece] = []
    for i, piece in enumerate(pieces):
        if piece.role is not None or piece.start != "page":
            out.append(piece)
            continue
        previous = next((p for p in reversed(out) if p.role not in ("furniture", "caption")), None)
        unfinished = previous is not None and not _finished(previous)
        if starts_lower(piece.text) or (previous is not None and unfinished and _cut_short(previous.text)):
            piece.role = "continues"
            out.append(piece)
            continue
        following = next((p for p in pieces[i + 1:] if p.role != "furniture"), None)
        body: _Piece | None = None
        if len(piece.lines) == 2 and (
            piece.lines[1][1].startswith(_ARTICLES)
            or (following is not None and starts_lower(following.text))
        ):
            body = _Piece([piece.lines.pop()], "line-end")
        if (len(piece.lines) <= TITLE_MAX_LINES and not re.search(r"[.,;?]$", piece.text.rstrip())
                and not _cut_short(piece.text)):
            piece.role = "title"
        elif unfinished:
            piece.role = "continues"
        else:
            piece.start = "line-end"
        out.append(piece)
        if body is not None:
            out.append(body)
    # A title cut by a blank line: "… Executive Director of the CICA" / "Secretariat Kairat Sarybay".
    merged: list[_Piece] = []
    for piece in out:
        last = merged[-1] if merged else None
        if (last is not None and last.role == "title" and piece.role is None and piece.start == "blank"
                and len(piece.lines) == 1 and not piece.open_end and not ends_sentence(piece.text)
                and len(piece.text.split()) <= 4):
            last.lines += piece.lines
            continue
        merged.append(piece)
    return merged


def _join_lines(lines: list[str], words: set[str], compounds: set[str]) -> str:
    """The lines of a paragraph as one; a line-end hyphen is dropped only if the joined word
    occurs elsewhere. Each line is looked at once (a paragraph of a million short lines)."""
    out = [lines[0]]
    for left, right in zip(lines, lines[1:]):
        match = re.search(r"(?<!\w)(\w+)-$", left)
        if not match or not right[:1].isalnum():
            out += (" ", right)
            continue
        first = match[1]
        second = re.match(r"\w+", right)
        second_word = second[0] if second else ""
        joined = (first + second_word).lower()
        if (second_word[:1].islower() and joined in words
                and f"{first}-{second_word}".lower() not in compounds):
            out[-1] = out[-1][:-1]
        out.append(right)
    return "".join(out)


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    lowered = text.lower()
    return set(re.findall(r"\w+", lowered)), set(re.findall(r"\b\w+(?:-\w+)+", lowered))


@dataclass
class _Para:
    role: str | None
    pieces: list[_Piece] = field(default_factory=list)


def reflow(text: str, path: str) -> tuple[list[RawPara], list[Diagnostic]]:
    """Paragraphs (one line each; role "title" or "caption" where recognised) and what was dropped."""
    pieces = _cut(list(enumerate(text.split("\n"), start=1)))
    _furniture(pieces)
    pieces = _titles(_captions(pieces))
    diagnostics = [
        Diagnostic(path, p.line, f"dropped {p.why} {p.text!r}", code="furniture", severity="warning")
        for p in pieces if p.role == "furniture"
    ]
    paras: list[_Para] = []
    held: list[_Piece] = []
    for piece in pieces:
        if piece.role == "furniture":
            continue
        if piece.role == "caption":
            if paras and paras[-1].role is None and not _finished(paras[-1].pieces[-1]):
                held.append(piece)
            else:
                paras.append(_Para("caption", [piece]))
            continue
        last = paras[-1] if paras else None
        if last is not None and _continues(last, piece):
            last.pieces.append(piece)
            continue
        paras.extend(_Para("caption", [c]) for c in held)
        held = []
        paras.append(_Para(piece.role if piece.role == "title" else None, [piece]))
    paras.extend(_Para("caption", [c]) for c in held)
    words, compounds = _vocabulary(text)
    out: list[RawPara] = []
    for para in paras:
        lines = [raw.strip() for piece in para.pieces for _, raw in piece.lines]
        joined = _join_lines(lines, words, compounds)
        out.append(RawPara(re.sub(r"[ \t]+", " ", joined).strip(), para.pieces[0].line, para.role))
    return out, diagnostics


def _continues(last: _Para, piece: _Piece) -> bool:
    """Whether *piece* goes on with the paragraph *last* (a sentence cut by a page or column)."""
    if piece.role == "continues":
        return True
    if piece.role == "title" or piece.start in ("line-end", "bullet") or BULLET.match(piece.text):
        return False
    tail = last.pieces[-1]
    if last.role == "caption":
        return False
    if last.role == "title":
        return starts_lower(piece.text)
    return starts_lower(piece.text) or not _finished(tail)

