"""The XML vocabulary of sources: element names ↔ tree classes, shared by reader and writer."""

from __future__ import annotations

from . import tree as t

TEXT_BLOCKS: dict[str, type[t.TextBlock]] = {
    "p": t.Paragraph,
    "h": t.Heading,
    "dateline": t.Dateline,
    "caption": t.Caption,
    "item": t.ListItem,
    "cell": t.Cell,
    "line": t.Line,
    "enclosure-line": t.EnclosureLine,
    "closing": t.ClosingFormula,
    "place-date": t.PlaceDate,
    "footnote": t.Footnote,
}

CONTAINERS: dict[str, type[t.Container]] = {
    "section": t.Section,
    "quote": t.Quote,
    "list": t.BulletList,
    "table": t.Table,
    "row": t.Row,
    "letterhead": t.Letterhead,
    "addressee": t.Addressee,
    "signature": t.Signature,
    "contact": t.Contact,
    "aside": t.Aside,
}

WRAPPING_INLINES: dict[str, type[t.Wrapping]] = {
    "em": t.Emph,
    "strong": t.Strong,
    "a": t.Link,
    "abbr": t.Abbr,
    "nobr": t.NoBreak,
}

TAG_OF: dict[type, str] = {
    cls: tag for table in (TEXT_BLOCKS, CONTAINERS, WRAPPING_INLINES) for tag, cls in table.items()
}
TAG_OF[t.Reference] = "reference"
TAG_OF[t.LineBreak] = "br"
TAG_OF[t.NoteRef] = "noteref"
