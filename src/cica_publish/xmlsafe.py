"""A hardened XML parser: no DTD, no entities, no network, a size limit.

Used for every XML a user hands us (sources, the parts of a .docx), so that an
external entity is never resolved and an entity-expansion bomb never expands.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import CicaError

MAX_XML_BYTES = 50 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def decode_utf8(data: bytes, path: str) -> str:
    """Decode *data* as UTF-8 or fail naming the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CicaError.at(
            path, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None


def parse_xml_bytes(data: bytes, path: str, limit: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Parse untrusted XML bytes; any DTD or entity declaration is refused outright."""
    if len(data) > limit:
        raise CicaError.at(path, f"file is larger than the limit of {limit} bytes")
    match = _DOCTYPE.search(data)
    if match:
        before = data[: match.start()]
        line = before.count(b"\n") + 1
        col = match.start() - (before.rfind(b"\n") + 1) + 1
        raise CicaError.at(
            path, "DOCTYPE and ENTITY declarations are not allowed (entities are never "
            "expanded); remove them", line, col,
        )
    decode_utf8(data, path)
    try:
        return etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        position: tuple[int | None, int | None] = exc.position or (None, None)
        raise CicaError.at(path, f"malformed XML: {exc.msg}", *position) from None


def parse_xml_file(path: str | Path, limit: int = MAX_XML_BYTES) -> etree._ElementTree:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CicaError.at(path, f"cannot read: {exc.strerror}") from None
    if size > limit:
        raise CicaError.at(path, f"file is larger than the limit of {limit} bytes")
    return parse_xml_bytes(path.read_bytes(), str(path), limit)
