"""Stable block ids: short, readable, unique in a document, kept across re-imports.

A new block's id is a prefix for its kind and a hash of its normalised text
(``p-3f9a2c1``), so importing the same text twice gives the same ids. When a
document is imported again over its previous version, each block keeps the id of the
previous block with the same text, typography aside (even if it moved); an edited block
keeps the id of the most similar previous block in the same stretch between unchanged
blocks; only new blocks get new ids. Sections get their id the same way, from their heading.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from bisect import bisect_left
from difflib import SequenceMatcher

from . import tree as t
from .transforms.typography import typeset_key

#: An edited block keeps a previous id if their texts are at least this similar (0–1).
SIMILARITY = 0.6
HASH_LENGTH = 7

PREFIXES: dict[type, str] = {
    t.Heading: "h", t.Paragraph: "p", t.Caption: "cap", t.ListItem: "li", t.Cell: "c",
    t.Line: "ln", t.Dateline: "dl", t.EnclosureLine: "enc", t.ClosingFormula: "cl",
    t.PlaceDate: "pd", t.Footnote: "fn", t.Section: "s",
}


def normalise(text: str) -> str:
    """Text as compared for ids: NFC, case-folded, white space collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def _node_text(node: t.Block) -> str:
    if isinstance(node, t.TextBlock):
        return normalise(t.plain_text(node.content))
    first = next(iter(t.walk(node, t.TextBlock)), None)
    return normalise(t.plain_text(first.content)) if first else ""


def _identified(doc: t.Document) -> list[t.TextBlock | t.Section]:
    """The blocks that carry ids (text blocks and sections), in reading order."""
    return [b for b in t.walk(doc, t.Block) if isinstance(b, (t.TextBlock, t.Section))]


def _fresh_id(node: t.TextBlock | t.Section, text: str, taken: set[str], tried: dict[str, int]) -> str:
    """The id of *text*'s hash, numbered past the *taken* ones; *tried* remembers how far
    each hash's numbering went, so many identical paragraphs cost linear time."""
    prefix = PREFIXES.get(type(node), "b")
    digest = hashlib.sha1(f"{prefix}\0{text}".encode()).hexdigest()[:HASH_LENGTH]
    base = f"{prefix}-{digest}"
    n = tried.get(base, 1)
    candidate = base if n == 1 else f"{base}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    tried[base] = n
    return candidate


def _match(old: list[tuple[str, str]], new: list[str]) -> list[str | None]:
    """For each new text, the id of the previous block it continues, or None."""
    ids: list[str | None] = [None] * len(new)
    used: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for i, (_, text) in enumerate(old):
        by_text.setdefault(text, []).append(i)
    old_pos: list[int | None] = [None] * len(new)
    for j, text in enumerate(new):
        queue = by_text.get(text)
        if queue:
            i = queue.pop(0)
            used.add(i)
            ids[j], old_pos[j] = old[i][0], i
    anchors = sorted((p, j) for j, p in enumerate(old_pos) if p is not None)
    anchor_old = [p for p, _ in anchors]
    for j, text in enumerate(new):
        if ids[j] is not None:
            continue
        before = max((p for p, k in anchors if k < j), default=-1)
        after_index = bisect_left(anchor_old, before + 1)
        after = next((p for p, k in anchors[after_index:] if k > j), len(old))
        best, best_ratio = None, SIMILARITY
        for i in range(before + 1, after):
            if i in used:
                continue
            matcher = SequenceMatcher(None, old[i][1], text, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            used.add(best)
            ids[j] = old[best][0]
            anchors.append((best, j))
            anchors.sort()
            anchor_old = [p for p, _ in anchors]
    return ids


def assign_ids(doc: t.Document, previous: t.Document | None = None) -> tuple[t.Document, int]:
    """*doc* with an id on every text block and section, and how many text blocks kept their id."""
    nodes = _identified(doc)
    texts = [_node_text(n) for n in nodes]
    keys = [typeset_key(text) for text in texts]  # a typeset edition matches its source
    old: dict[type, list[tuple[str, str]]] = {}
    if previous is not None:
        for node in _identified(previous):
            if node.id:
                group = t.Section if isinstance(node, t.Section) else t.TextBlock
                old.setdefault(group, []).append((node.id, typeset_key(_node_text(node))))
    chosen: list[str | None] = [None] * len(nodes)
    for group in (t.TextBlock, t.Section):
        indexes = [k for k, n in enumerate(nodes) if isinstance(n, group)]
        matched = _match(old.get(group, []), [keys[k] for k in indexes])
        for k, found in zip(indexes, matched):
            chosen[k] = found
    kept = sum(1 for c, n in zip(chosen, nodes) if c is not None and isinstance(n, t.TextBlock))
    taken = {c for c in chosen if c is not None}
    tried: dict[str, int] = {}
    for k, node in enumerate(nodes):
        if chosen[k] is None:
            chosen[k] = fresh = _fresh_id(node, texts[k], taken, tried)
            taken.add(fresh)
    order = iter(chosen)  # rebuild visits blocks in the order of walk(): a node, then its children

    def rebuild(block: t.Block) -> t.Block:
        if isinstance(block, (t.TextBlock, t.Section)):
            new_id = next(order)
            block = dataclasses.replace(block, id=new_id)
        if isinstance(block, t.Container):
            block = dataclasses.replace(block, blocks=tuple(rebuild(b) for b in block.blocks))
        return block

    blocks = tuple(rebuild(b) for b in doc.blocks)
    footnotes = tuple(rebuild(f) for f in doc.footnotes)
    return dataclasses.replace(doc, blocks=blocks, footnotes=footnotes), kept  # type: ignore[arg-type]
