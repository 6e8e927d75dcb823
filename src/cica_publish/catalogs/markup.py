"""Inline content ⇄ the tagged text a translator sees in a PO entry.

The tags are the source vocabulary's own inline elements, so a translator meets
the same markup as in ``sources/``; they must stay in place (QA checks it):

==================================  ======================================
``<em>…</em>``                      emphasis
``<strong>…</strong>``              strong emphasis
``<a href="URL">…</a>``             link
``<abbr title="Expansion">…</abbr>``  abbreviation (translate the title too)
``<nobr>…</nobr>``                  text that must not break across lines
``<br/>``                           forced line break
``<noteref ref="ID"/>``             footnote reference (keep the id)
==================================  ======================================

Only these exact tags are markup; any other ``<`` is plain text. The entities
``&lt;`` and ``&amp;`` stand for ``<`` and ``&`` (needed only if the text itself
contains a tag or an entity); ``&quot;`` for ``"`` inside attribute values.
Runs of ASCII white space collapse to one space (no-break spaces are kept).
"""

from __future__ import annotations

import re

from .. import tree as t
from ..errors import CicaError, Diagnostic

_TAG = re.compile(
    r'<(?P<open>em|strong|nobr)>'
    r'|<a href="(?P<href>[^"]*)">'
    r'|<abbr(?: title="(?P<title>[^"]*)")?>'
    r'|</(?P<close>em|strong|nobr|a|abbr)>'
    r'|<br/>'
    r'|<noteref ref="(?P<ref>[^"]*)"/>'
)
_ENTITY = re.compile(r"&(lt|amp|quot);")
_SPACE = re.compile(r"[ \t\r\n]+")
_WRAP = {t.Emph: "em", t.Strong: "strong", t.NoBreak: "nobr"}
_CLASS = {tag: cls for cls, tag in _WRAP.items()}


def _escape_text(text: str) -> str:
    text = _ENTITY.sub(lambda m: "&amp;" + m.group(0)[1:], text)
    return _TAG.sub(lambda m: "&lt;" + m.group(0)[1:], text)


def _attr(value: str | None) -> str:
    return (value or "").replace("&", "&amp;").replace('"', "&quot;")


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: {"lt": "<", "amp": "&", "quot": '"'}[m.group(1)], text)


def to_markup(inlines: t.Inlines) -> str:
    """The tagged text of *inlines*, white space collapsed and trimmed."""
    return collapse_space("".join(_one(node) for node in inlines))


def collapse_space(markup: str) -> str:
    """*markup* with runs of ASCII white space as one space, trimmed (no-break spaces kept)."""
    return _SPACE.sub(" ", markup).strip()


def _one(node: t.Inline) -> str:
    if isinstance(node, t.Text):
        return _escape_text(node.text)
    if isinstance(node, t.LineBreak):
        return "<br/>"
    if isinstance(node, t.NoteRef):
        return f'<noteref ref="{_attr(node.ref)}"/>'
    inner = "".join(_one(child) for child in node.children)  # type: ignore[attr-defined]
    if isinstance(node, t.Link):
        return f'<a href="{_attr(node.href)}">{inner}</a>'
    if isinstance(node, t.Abbr):
        title = f' title="{_attr(node.title)}"' if node.title is not None else ""
        return f"<abbr{title}>{inner}</abbr>"
    tag = _WRAP[type(node)]
    return f"<{tag}>{inner}</{tag}>"


def strip_tags(markup: str) -> str:
    """The plain text of tagged text (tags become spaces, entities are decoded)."""
    return _unescape(_TAG.sub(" ", markup))


def tag_list(markup: str) -> list[str]:
    """The tags of *markup* as written, without ``href``/``title`` values (for QA)."""
    return [re.sub(r' (href|title)="[^"]*"', "", m.group(0)) for m in _TAG.finditer(markup)]


def link_targets(markup: str) -> list[str]:
    """The ``href`` of every link of *markup* (``https://…``, ``mailto:…``), decoded, in order."""
    return [_unescape(m["href"]) for m in _TAG.finditer(markup) if m["href"] is not None]


def tag_tokens(markup: str) -> list[tuple[str, str, str]]:
    """*markup* cut into ``(kind, name, text)`` pieces, in order, for formats with their
    own inline codes (TMX): kind is ``text`` (name empty, text as written, entities and
    all), ``open``, ``close`` or ``empty`` (a standalone tag such as ``<br/>``)."""
    out: list[tuple[str, str, str]] = []
    pos = 0
    for match in _TAG.finditer(markup):
        if match.start() > pos:
            out.append(("text", "", markup[pos:match.start()]))
        pos = match.end()
        raw = match.group(0)
        kind = "close" if raw.startswith("</") else "empty" if raw.endswith("/>") else "open"
        name = re.match(r"</?(\w+)", raw)
        out.append((kind, name[1] if name else "", raw))
    if pos < len(markup):
        out.append(("text", "", markup[pos:]))
    return out


def is_tag(text: str) -> bool:
    """Whether *text* is exactly one tag of the vocabulary above."""
    return _TAG.fullmatch(text) is not None


#: What no document may hold: C0 and C1 control characters but tab and newline, lone
#: surrogates, non-characters. Invisible in an editor, refused by every XML writer.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_characters(text: str) -> str | None:
    """Where *text*'s first control character is ("control character U+0000 at column 4")."""
    match = _CONTROL.search(text)
    return f"control character U+{ord(match[0]):04X} at column {match.start() + 1}" if match else None


def from_markup(markup: str, path: str = "<catalog>", line: int | None = None) -> t.Inlines:
    """Inline content from tagged text; a broken tag structure raises with *path*:*line*."""

    def fail(message: str) -> CicaError:
        return CicaError(Diagnostic(path, line, f"inline tags: {message}", code="tags"))

    stack: list[tuple[str, dict, list[t.Inline]]] = [("", {}, [])]
    pos = 0
    for match in _TAG.finditer(markup):
        if match.start() > pos:
            stack[-1][2].append(t.Text(_unescape(markup[pos:match.start()])))
        pos = match.end()
        text = match.group(0)
        if match["open"]:
            stack.append((match["open"], {}, []))
        elif match["href"] is not None:
            stack.append(("a", {"href": _unescape(match["href"])}, []))
        elif text.startswith("<abbr"):
            title = match["title"]
            stack.append(("abbr", {"title": None if title is None else _unescape(title)}, []))
        elif match["close"]:
            tag, attrs, kids = stack.pop() if len(stack) > 1 else ("", {}, [])
            if tag != match["close"]:
                expected = f"</{tag}>" if tag else "no closing tag"
                raise fail(f"</{match['close']}> at column {match.start() + 1}, expected {expected}")
            stack[-1][2].append(_build(tag, attrs, tuple(kids)))
        elif text == "<br/>":
            stack[-1][2].append(t.LineBreak())
        else:
            stack[-1][2].append(t.NoteRef(_unescape(match["ref"])))
    if pos < len(markup):
        stack[-1][2].append(t.Text(_unescape(markup[pos:])))
    if len(stack) > 1:
        raise fail(f"<{stack[-1][0]}> is never closed")
    return tuple(stack[0][2])


def _build(tag: str, attrs: dict, kids: t.Inlines) -> t.Inline:
    if tag == "a":
        return t.Link(kids, attrs["href"])
    if tag == "abbr":
        return t.Abbr(kids, attrs["title"])
    return _CLASS[tag](kids)
