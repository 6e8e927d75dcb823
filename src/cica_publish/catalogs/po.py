"""PO files ⇄ :class:`~.model.Catalog`: a strict reader and a GNU-exact writer.

- :func:`read_po` (text or bytes) / :func:`read_po_file` raise :class:`CicaError` with
  ``file:line`` for syntax errors, a charset other than UTF-8, duplicate entries and a
  broken header; nothing is written for a catalog that does not read.
- :func:`generate_po` returns the text exactly as GNU ``msgcat``/``msgmerge`` would
  write it (wrapping from :mod:`.gnuwrap`), so round trips through those tools, Poedit
  or Weblate give no diff; :func:`write_po` writes it atomically and only if changed.

Plural entries (``msgid_plural``) are not used by document catalogs and are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path

from ..errors import CicaError, Diagnostic
from ..fsutil import write_if_changed
from .gnuwrap import format_references, format_string
from .model import Catalog, Message

_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
             "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(".*)$')
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.I)


@dataclass
class _Entry:
    line: int
    obsolete: bool = False
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    previous: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    translator: list[str] = field(default_factory=list)
    auto: list[str] = field(default_factory=list)
    refs: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def text(self, name: str, previous: bool = False) -> str | None:
        parts = (self.previous if previous else self.fields).get(name)
        return None if parts is None else "".join(s for _, s in parts)


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.entries: list[_Entry] = []
        self.current: _Entry | None = None
        self.last: list[tuple[int, str]] | None = None

    def fail(self, line: int, message: str) -> CicaError:
        return CicaError(Diagnostic(self.path, line, message, code="po"))

    def unquote(self, raw: str, line: int) -> str:
        match = _STRING.match(raw.strip())
        if not match:
            raise self.fail(line, f"expected a string in double quotes, found {raw.strip()!r}")
        body = match.group(1)
        if "\\" not in body:
            return body

        def replace(escape: re.Match) -> str:
            if escape.group(1) not in _UNESCAPE:
                raise self.fail(line, f"unknown escape sequence '\\{escape.group(1)}'")
            return _UNESCAPE[escape.group(1)]

        return _ESCAPE.sub(replace, body)

    def entry(self, line: int, obsolete: bool) -> _Entry:
        """The entry a comment or keyword on *line* belongs to (a new one after msgstr)."""
        cur = self.current
        if cur is None or "msgstr" in cur.fields:
            cur = self.current = _Entry(line, obsolete)
            self.entries.append(cur)
        return cur

    def feed(self, lineno: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.finish()
            return
        obsolete = stripped.startswith("#~")
        if obsolete:
            stripped = stripped[2:].strip()
            if not stripped:
                return
        if stripped.startswith("#|") or (obsolete and stripped.startswith("|")):
            self.keyword(lineno, stripped.lstrip("#")[1:].strip(), obsolete, previous=True)
        elif stripped.startswith("#"):
            self.comment(lineno, stripped if not obsolete else "#" + stripped, obsolete)
        else:
            self.keyword(lineno, stripped, obsolete, previous=False)

    def comment(self, lineno: int, text: str, obsolete: bool) -> None:
        cur = self.entry(lineno, obsolete)
        if cur.fields:
            self.finish()
            cur = self.entry(lineno, obsolete)
        self.last = None
        kind, rest = text[1:2], text[2:]
        if kind == ".":
            cur.auto.append(rest[1:] if rest.startswith(" ") else rest)
        elif kind == ":":
            for ref in rest.split():
                name, _, num = ref.rpartition(":")
                cur.refs.append((name, int(num)) if name and num.isdigit() else (ref, None))
        elif kind == ",":
            cur.flags.extend(f.strip() for f in rest.split(",") if f.strip())
        else:
            body = text[1:]
            cur.translator.append(body[1:] if body.startswith(" ") else body)

    def keyword(self, lineno: int, text: str, obsolete: bool, previous: bool) -> None:
        if text.startswith('"'):
            if self.last is None:
                raise self.fail(lineno, "a string continuation with no msgid/msgstr before it")
            self.last.append((lineno, self.unquote(text, lineno)))
            return
        match = _KEYWORD.match(text)
        if not match:
            raise self.fail(lineno, f"syntax error: expected msgctxt, msgid, msgstr or a "
                                    f"comment, found {text[:40]!r}")
        name, raw = match.groups()
        if name == "msgid_plural" or name.startswith("msgstr["):
            raise self.fail(lineno, f"{name}: plural entries are not used in document catalogs")
        cur = self.current
        starts_entry = name in ("msgctxt", "msgid") and not previous
        if cur is not None and starts_entry and (
            "msgstr" in cur.fields or name in cur.fields or (name == "msgctxt" and "msgid" in cur.fields)
        ):
            self.finish()
        cur = self.entry(lineno, obsolete)
        cur.obsolete = cur.obsolete or obsolete  # comments before "#~" lines belong to it
        target = cur.previous if previous else cur.fields
        if name in target:
            raise self.fail(lineno, f"duplicate {name} in one entry (first on line {target[name][0][0]})")
        if name == "msgstr" and "msgid" not in cur.fields:
            raise self.fail(lineno, "msgstr without a msgid before it")
        if starts_entry and "msgctxt" not in cur.fields:
            cur.line = lineno  # diagnostics point at the msgctxt/msgid line
        self.last = target[name] = [(lineno, self.unquote(raw, lineno))]

    def finish(self) -> None:
        cur = self.current
        if cur is not None and (cur.fields or cur.previous):
            if "msgid" not in cur.fields:
                raise self.fail(cur.line, "entry has no msgid")
            if "msgstr" not in cur.fields:
                raise self.fail(cur.line, "entry has no msgstr")
            self.current = None
        self.last = None


def read_po(text: str | bytes, path: str = "<string>") -> Catalog:
    """Parse a PO/POT file; raise :class:`CicaError` (file:line) on any problem."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.object[: exc.start].count(b"\n") + 1
            raise CicaError(Diagnostic(path, bad, f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); "
                                       "catalogs must be UTF-8", code="charset")) from None
    text = text.removeprefix("\ufeff")
    reader = _Reader(path)
    lines = text.split("\n")
    for lineno, line in enumerate(lines, 1):
        reader.feed(lineno, line)
    reader.finish()
    return _build(reader.entries, path)


def read_po_file(path: str | Path) -> Catalog:
    """Read the catalog at *path*."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CicaError.at(path, f"cannot read: {exc.strerror}") from None
    return read_po(data, str(path))


def _build(entries: list[_Entry], path: str) -> Catalog:
    catalog = Catalog()
    seen: dict[tuple, int] = {}
    for n, e in enumerate(e for e in entries if e.fields):  # comment-only blocks carry nothing
        context, msgid = e.text("msgctxt"), e.text("msgid") or ""
        if n == 0 and msgid == "" and context is None and not e.obsolete:
            catalog.header = _parse_header(e, path)
            catalog.header_comments = tuple(e.translator)
            catalog.header_flags = tuple(e.flags)
            continue
        key = (e.obsolete, context, msgid)
        if key in seen:
            where = f"msgctxt {context!r} " if context is not None else ""
            raise CicaError(Diagnostic(path, e.line, f"duplicate entry {where}msgid {msgid[:40]!r} "
                                       f"(first on line {seen[key]})", code="duplicate"))
        seen[key] = e.line
        catalog.add(Message(
            id=msgid, string=e.text("msgstr") or "", context=context,
            locations=tuple(e.refs), flags=tuple(e.flags), auto_comments=tuple(e.auto),
            translator_comments=tuple(e.translator),
            previous_id=e.text("msgid", previous=True),
            previous_context=e.text("msgctxt", previous=True),
            obsolete=e.obsolete, lineno=e.line,
        ))
    return catalog


def _parse_header(entry: _Entry, path: str) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = []
    items: list[tuple[int, str]] = []  # header lines with the file line they start on
    start, current = None, ""
    for lineno, segment in entry.fields["msgstr"]:
        for ch in segment:
            start = lineno if start is None else start
            if ch == "\n":
                items.append((start, current))
                start, current = None, ""
            else:
                current += ch
    if start is not None:
        items.append((start, current))
    for lineno, item in items:
        if item.strip():
            key, sep, value = item.partition(":")
            if not sep or not key.strip() or " " in key.strip():
                raise CicaError(Diagnostic(path, lineno, f"broken header line {item!r}: expected "
                                           "'Name: value'", code="header"))
            header.append((key.strip(), value.strip()))
            if key.strip().lower() == "content-type":
                match = _CHARSET.search(value)
                if not match or match.group(1).upper() not in ("UTF-8", "UTF8"):
                    found = match.group(1) if match else "none"
                    raise CicaError(Diagnostic(path, lineno, f"charset {found} in Content-Type; "
                                               "catalogs must be charset=UTF-8", code="charset"))
    return header


# ---------------------------------------------------------------- writing


def _comment(marker: str, text: str) -> str:
    return f"{marker} {text}" if text else marker


def _message_lines(m: Message) -> list[str]:
    lines = [_comment("#", c) for c in m.translator_comments]
    lines += [_comment("#.", c) for c in m.auto_comments]
    lines += format_references([f"{f}:{n}" if n is not None else f for f, n in m.locations])
    flags = m.flags if m.string else tuple(f for f in m.flags if f != "fuzzy")  # as GNU
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if m.obsolete else ""
    previous = "#~| " if m.obsolete else "#| "
    if m.previous_context is not None:
        lines += format_string(previous, "msgctxt", m.previous_context)
    if m.previous_id is not None:
        lines += format_string(previous, "msgid", m.previous_id)
    if m.context is not None:
        lines += format_string(prefix, "msgctxt", m.context)
    lines += format_string(prefix, "msgid", m.id)
    lines += format_string(prefix, "msgstr", m.string)
    return lines


def generate_po(catalog: Catalog) -> str:
    """The catalog as GNU gettext writes it (live entries, then translated obsolete ones)."""
    header = Message("", "".join(f"{k}: {v}\n" for k, v in catalog.header),
                     flags=catalog.header_flags, translator_comments=catalog.header_comments)
    obsolete = [m for m in catalog.obsolete if m.string]  # GNU drops untranslated ones
    blocks = [header, *catalog, *obsolete]
    return "\n".join("\n".join(_message_lines(m)) + "\n" for m in blocks)


def now_stamp() -> str:
    """A PO date header value for the current time, as xgettext writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def write_po(path: str | Path, catalog: Catalog, stamp: str | None = None) -> bool:
    """Write *catalog* to *path* atomically if its text changed; return whether it wrote.

    With *stamp* (a date header such as ``PO-Revision-Date``) the comparison ignores that
    header: an unchanged catalog keeps its old date and its file is not touched; a
    changed one gets the current time.
    """
    path = Path(path)
    if stamp is not None:
        try:
            old_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            old_text = ""
        found = re.search(rf'^"{re.escape(stamp)}: ([^"\\]*)\\n"$', old_text, re.M)
        old_value = found.group(1) if found else None
        if old_value is not None:
            catalog.set_header(stamp, old_value)
            if generate_po(catalog) == old_text:
                return False
        catalog.set_header(stamp, now_stamp())
    return write_if_changed(path, generate_po(catalog))
