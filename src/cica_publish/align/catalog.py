"""From beads to the document's catalog, and the report a reviser reads.

Confident pairs become translations; doubtful ones are fuzzy with an ``align:``
comment saying why. A bead of several blocks is first taken apart by block kind (the
aligner joins a note's enclosure line and closing formula into one 2-2 bead where the
Russian note swaps them), then what is left of several English blocks is cut at sentence
level (:mod:`.sentences`) so each English block gets its own text. A translation already in
the catalog is never replaced: if the aligned text differs, the entry turns fuzzy,
keeps the translator's text and gets the aligned one in a comment. (A fuzzy suggestion
of the translation memory, ``# tm:``, is not a translation: the aligned text replaces it.)

When the project has a master-language source of the document, the catalog's entries
(msgids, comments, references, header) are that source's template, whatever the English
input was: an imported edition (our own DOCX, with the page count the build put in, or a
text file) keeps the source's block ids, so its Russian texts go to the source's entries
by id. An English block that differs from the source in more than typography and numbers
gives its translation only as fuzzy, saying so.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping, Sequence

from .. import tree as t
from ..catalogs.extract import template
from ..catalogs.messages import context_of, iter_messages, title_block
from ..catalogs.markup import strip_tags, to_markup
from ..catalogs.memory import TranslationMemory
from ..catalogs.model import Message
from ..catalogs.po import read_po_file, write_po
from ..catalogs.update import TM_PREFIX, merge
from ..catalogs.workflow import catalog_path, read_template, template_path
from ..errors import UsageError
from ..project import Project
from ..readers.xml import read_source
from ..sources import find_sources
from ..transforms.typography import typeset_key
from . import Alignment
from .aligner import STRUCTURAL_KINDS, AlignedBead
from .encoder import Encoder
from .sentences import cut, split_sentences

# Bead score from which a pair is a translation, not a suggestion: on align-dev's paragraphs,
# 8 of the 39 pairs below it are wrong, 2 of the 1,590 above it.
CONFIDENT = 0.9
GROUP_SIMILARITY = 0.45  # a sentence group less similar than this to its block is doubtful
COMMENT = "align:"
Positions = tuple[int, ...]  # block positions of one side of a bead


@dataclass(frozen=True)
class Proposal:
    text: str
    doubt: str | None  # why the pair is only a suggestion


@dataclass
class CatalogOutcome:
    path: Path
    changed: bool
    counts: Counter[str] = field(default_factory=Counter)


def proposals(alignment: Alignment, encoder: Encoder) -> dict[str, Proposal]:
    """The Russian text proposed for each aligned English block, by ``msgctxt``."""
    en, ru = alignment.en, alignment.ru
    out: dict[str, Proposal] = {}
    for bead in alignment.beads:
        doubt = f"{bead.kind} bead, score {bead.score:.2f}" if bead.score < CONFIDENT else None
        for en_part, ru_part in by_kind(bead, en.kinds, ru.kinds):
            out |= _pair(en_part, ru_part, bead.kind, doubt, alignment, encoder)
    return out


def by_kind(bead: AlignedBead, en_kinds: Sequence[str], ru_kinds: Sequence[str]) -> list[tuple[Positions, Positions]]:
    """A bead as pairs of English and Russian positions, in English order: one pair per block
    kind that tells them (a note's enclosure line, closing formula, place-date:
    :data:`~.aligner.STRUCTURAL_KINDS`), then the rest of the bead together."""
    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    en_rest, ru_rest = list(bead.en), list(bead.ru)
    if len(bead.en) > 1 or len(bead.ru) > 1:
        for kind in STRUCTURAL_KINDS:
            i = [k for k in en_rest if en_kinds[k] == kind]
            j = [k for k in ru_rest if ru_kinds[k] == kind]
            if len(i) == len(j) == 1:
                pairs.append(((i[0],), (j[0],)))
                en_rest.remove(i[0])
                ru_rest.remove(j[0])
    if en_rest and ru_rest:
        pairs.append((tuple(en_rest), tuple(ru_rest)))
    return sorted(pairs)


def _pair(en_part: Positions, ru_part: Positions, kind: str, doubt: str | None,
          alignment: Alignment, encoder: Encoder) -> dict[str, Proposal]:
    """The proposals for English blocks *en_part* from Russian blocks *ru_part*: several
    English blocks share the Russian text cut at sentence level."""
    en, ru = alignment.en, alignment.ru
    text = " ".join(ru.markup(j) for j in ru_part)
    if len(en_part) == 1:
        return {en.contexts[en_part[0]]: Proposal(text, doubt)}
    parts = cut(encoder, [en.texts[i] for i in en_part], split_sentences(text))
    if parts is None:
        shared = f"the Russian paragraph covers {len(en_part)} English blocks"
        return {en.contexts[i]: Proposal(text, shared) for i in en_part}
    groups, weakest = parts
    if doubt is None and weakest < GROUP_SIMILARITY:
        doubt = f"{kind} bead cut at sentence level, weakest part {weakest:.2f}"
    return {en.contexts[i]: Proposal(group, doubt) for i, group in zip(en_part, groups)}


def title_proposal(alignment: Alignment) -> dict[str, Proposal]:
    """The other version's own title (its metadata): titles pair without aligning."""
    en, ru = alignment.en.doc, alignment.ru.doc
    if en is None or ru is None or not ru.meta.title or ru.meta.title == en.meta.title:
        return {}
    return {context_of(en, title_block(en)): Proposal(to_markup(title_block(ru).content), None)}


def master_source(project: Project, doc_id: str) -> t.Document | None:
    """The project's master-language source of *doc_id*, if it has one."""
    found = next((s.path for s in find_sources(project)
                  if s.doc_id == doc_id and s.lang == project.master_language), None)
    return read_source(found) if found is not None else None


def _words(markup: str) -> list[str]:
    """What a reviser reads in *markup*: its words, any number as one, case and tags aside."""
    return re.findall(r"\w+", re.sub(r"\d+", "0", strip_tags(markup)).casefold())


def against_source(found: dict[str, Proposal], alignment: Alignment,
                   pot_ids: Mapping[str | None, str]) -> dict[str, Proposal]:
    """*found* checked against the source's msgids (*pot_ids*, by context): a proposal whose
    English differs from the source's in more than typography and numbers (the page count
    a typeset edition quotes) is only a suggestion."""
    assert alignment.en.doc is not None, "every input is read into a tree before it is aligned"
    english = {ctx: msgid for _, ctx, msgid in iter_messages(alignment.en.doc)}
    out = {}
    for ctx, proposal in found.items():
        aligned, source = english.get(ctx), pot_ids.get(ctx)
        if aligned is not None and source is not None and _words(aligned) != _words(source):
            why = f"the aligned English differed: {aligned}"
            proposal = Proposal(proposal.text, f"{proposal.doubt}; {why}" if proposal.doubt else why)
        out[ctx] = proposal
    return out


def write_catalog(project: Project, alignment: Alignment, encoder: Encoder, lang: str) -> CatalogOutcome:
    """Fill ``locale/<lang>/LC_MESSAGES/<doc-id>.po`` from *alignment* (created if missing).

    Its entries are the template of the project's source of the document when there is
    one (:func:`master_source`), else of the English version aligned."""
    doc = alignment.en.doc
    if doc is None:
        raise UsageError.at(alignment.en.path, "the English version has no block ids")
    source = master_source(project, doc.meta.id)
    path = catalog_path(project, doc.meta.id, lang)
    old = read_po_file(path) if path.is_file() else None
    pot = template(source or doc, project.root, "")
    if template_path(project, doc.meta.id).is_file():  # the date `extract` gave it: no churn
        stamp = read_template(project, doc.meta.id).get_header("POT-Creation-Date")
        pot.set_header("POT-Creation-Date", stamp or "")
    catalog, _ = merge(pot, old, TranslationMemory(), lang)
    counts: Counter[str] = Counter()
    found = proposals(alignment, encoder) | title_proposal(alignment)
    if source is not None:
        found = against_source(found, alignment, {m.context: m.id for m in pot.messages})
        counts["not in the source"] = len(found.keys() - {m.context for m in pot.messages})
    for k, message in enumerate(catalog.messages):
        proposal = found.get(message.context) if message.context and not message.obsolete else None
        if proposal is not None:
            catalog.messages[k] = _apply(message, proposal, counts)
    changed = write_po(path, catalog, stamp="PO-Revision-Date")
    return CatalogOutcome(path, changed, +counts)


def _apply(message: Message, proposal: Proposal, counts: Counter[str]) -> Message:
    """*message* with the aligned text, unless a translator's own text is already there."""
    kept = tuple(c for c in message.translator_comments if not c.startswith(COMMENT))
    # a fuzzy suggestion of the translation memory is nobody's text: the other version wins
    suggestion = message.fuzzy and any(c.startswith(TM_PREFIX) for c in kept)
    if typeset_key(message.string) == typeset_key(proposal.text):  # a typeset edition's quotes, spaces
        counts["unchanged"] += 1
        return message
    if message.string and not suggestion:
        counts["conflicts"] += 1
        note = f"{COMMENT} the other version says: {proposal.text}"
        return dataclasses.replace(message.with_flag("fuzzy"), translator_comments=kept + (note,))
    fresh = dataclasses.replace(
        message, string=proposal.text, previous_id=None, previous_context=None,
        translator_comments=tuple(c for c in kept if not c.startswith(TM_PREFIX)))
    if proposal.doubt:
        counts["fuzzy"] += 1
        return dataclasses.replace(fresh.with_flag("fuzzy"), translator_comments=fresh.translator_comments
                                   + (f"{COMMENT} doubtful: {proposal.doubt}",))
    counts["translated"] += 1
    return fresh.with_flag("fuzzy", on=False)


# ---------------------------------------------------------------- the report


def report(alignment: Alignment, encoder: Encoder | None = None) -> dict:
    """Every bead (kind, score, blocks) and the blocks left unaligned on either side; a bead
    joining several blocks says which (``joined``), and, given the *encoder*, which
    sentences of the single block on the other side go with each of them (``parts``)."""
    en, ru = alignment.en, alignment.ru

    def side(version, positions):
        return [{"position": k, "block": version.label(k), "text": version.texts[k]} for k in positions]

    beads = []
    for b in alignment.beads:
        item = {"kind": b.kind, "score": b.score, "en": side(en, b.en), "ru": side(ru, b.ru)}
        if len(b.en) > 1 or len(b.ru) > 1:
            item["joined"] = {"en": [en.label(k) for k in b.en], "ru": [ru.label(k) for k in b.ru]}
            if encoder is not None and min(len(b.en), len(b.ru)) == 1:
                item["parts"] = _parts(b, alignment, encoder)
        beads.append(item)
    return {
        "en": str(en.path), "ru": str(ru.path),
        "counts": dict(Counter(b.kind for b in alignment.beads)),
        "doubtful": sum(1 for b in alignment.beads if b.en and b.ru and b.score < CONFIDENT),
        "beads": beads,
        "unaligned": {"en": [x for b in beads if not b["ru"] for x in b["en"]],
                      "ru": [x for b in beads if not b["en"] for x in b["ru"]]},
    }


def _parts(bead: AlignedBead, alignment: Alignment, encoder: Encoder) -> list[dict]:
    """For each block of the longer side, the sentences (1-based) of the single block facing
    it that translate it; empty when that block has fewer sentences than the bead has blocks."""
    many, one = (alignment.en, alignment.ru) if len(bead.en) > 1 else (alignment.ru, alignment.en)
    blocks, single = (bead.en, bead.ru[0]) if len(bead.en) > 1 else (bead.ru, bead.en[0])
    sentences = split_sentences(one.texts[single])
    found = cut(encoder, [many.texts[k] for k in blocks], sentences)
    if found is None:
        return []
    parts, start = [], 0
    for k, group in zip(blocks, found[0]):
        end = start + 1
        while " ".join(sentences[start:end]) != group:
            end += 1
        parts.append({"block": many.label(k), "of": one.label(single), "sentences": [start + 1, end]})
        start = end
    return parts


def text_report(data: dict, width: int = 60) -> str:
    """The report for a terminal: one line per bead, then what is missing from each version."""
    def short(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    def names(items):
        return ",".join(x["block"] for x in items) or "-"

    lines = [f"{data['en']} ↔ {data['ru']}"]
    for b in data["beads"]:
        mark = "?" if b["en"] and b["ru"] and b["score"] < CONFIDENT else " "
        sample = short((b["en"] or b["ru"])[0]["text"])
        lines.append(f"{mark} {b['kind']:<4} {b['score']:.2f}  {names(b['en']):<14} {names(b['ru']):<14} {sample}")
        if "joined" in b:
            joined = f"joins {' + '.join(b['joined']['en'])} ↔ {' + '.join(b['joined']['ru'])}"
            cuts = "; ".join(f"{p['block']} ← {p['of']} sentence{'s' if p['sentences'][1] > p['sentences'][0] else ''} "
                             + "–".join(map(str, sorted(set(p["sentences"])))) for p in b.get("parts", []))
            lines.append(f"         {joined}" + (f" ({cuts})" if cuts else ""))
    for lang, label in (("en", "missing from the other version"), ("ru", "missing from the English version")):
        for x in data["unaligned"][lang]:
            lines.append(f"unaligned {lang} {x['block']}: {label}: {short(x['text'])}")
    kinds = ", ".join(f"{k}: {v}" for k, v in sorted(data["counts"].items()))
    lines.append(f"{len(data['beads'])} beads ({kinds}); {data['doubtful']} doubtful")
    return "\n".join(lines)
