"""The pieces every plain-text reader shares: paragraphs with their line, and inline markup.

Plain text as people receive it: blank-line-separated paragraphs, ``#`` headings,
``**bold**`` and ``*italic*``; ``[text](https://…)``, URLs and e-mail addresses become links.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import tree as t


@dataclass(frozen=True)
class RawPara:
    """One blank-line-separated paragraph: its lines joined with "\\n", and its first line number."""

    text: str
    line: int
    #: What a reader already knows the paragraph to be ("title", "caption"), else None.
    role: str | None = None
    #: The line its text ends on, if it is not ``line`` + its lines - 1 (a paragraph
    #: rejoined over a page break).
    last: int | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def last_line(self) -> int:
        return self.last if self.last is not None else self.line + len(self.lines) - 1


def split_paragraphs(text: str) -> list[RawPara]:
    """Split *text* at blank lines (lines of only white space), keeping 1-based line numbers."""
    paras: list[RawPara] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            paras.append(RawPara("\n".join(current), start))
            current = []
    if current:
        paras.append(RawPara("\n".join(current), start))
    return paras


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.S)


def heading_level(text: str) -> tuple[int, str] | None:
    """``("## July")`` → ``(2, "July")``; ``None`` for a line that is not a ``#`` heading."""
    match = _HEADING.match(text)
    return (len(match[1]), match[2].strip()) if match else None


#: Every alternative runs in time linear in the text (a file of a million ``[``, ``*`` or
#: ``_`` must not take hours): a body never runs past the next opening marker (``**``,
#: ``*``, ``[``), and an address starts only where a run of its characters starts, so a
#: failed attempt never rescans text that a later attempt scans again.
_TOKEN = re.compile(
    r"(?P<strong>\*\*(?=\S)(?P<strong_body>(?:[^*]|\*(?!\*))+?)(?<=\S)\*\*)"
    r"|(?P<em>(?<![\w*])\*(?=[^\s*])(?P<em_body>[^*]+?)(?<=[^\s*])\*(?![\w*]))"
    r"|(?P<mdlink>\[(?P<mdlink_text>[^\[\]\n]+)\]\((?P<mdlink_href>(?:https?://|mailto:)[^)\s]+)\))"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>()«»\"]+[^\s<>()«»\".,;:!?])"
    r"|(?P<mail>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)",
    re.S,
)


def parse_inlines(text: str) -> t.Inlines:
    """Inline markup of plain text → tree inlines (NFC text; unmatched ``*`` stays text)."""
    text = unicodedata.normalize("NFC", text)
    out: list[t.Inline] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            out.append(t.Text(text[pos : match.start()]))
        if match["strong"]:
            out.append(t.Strong(parse_inlines(match["strong_body"])))
        elif match["em"]:
            out.append(t.Emph(parse_inlines(match["em_body"])))
        elif match["mdlink"]:
            out.append(t.Link(parse_inlines(match["mdlink_text"]), match["mdlink_href"]))
        elif match["url"]:
            url = match["url"]
            href = url if "://" in url else f"https://{url}"
            out.append(t.Link((t.Text(url),), href))
        else:
            out.append(t.Link((t.Text(match["mail"]),), f"mailto:{match['mail']}"))
        pos = match.end()
    if pos < len(text):
        out.append(t.Text(text[pos:]))
    return _merge_text(out)


def _merge_text(nodes: list[t.Inline]) -> t.Inlines:
    merged: list[t.Inline] = []
    for node in nodes:
        if isinstance(node, t.Text) and merged and isinstance(merged[-1], t.Text):
            merged[-1] = t.Text(merged[-1].text + node.text)
        elif not (isinstance(node, t.Text) and not node.text):
            merged.append(node)
    return tuple(merged)
