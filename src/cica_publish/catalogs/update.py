"""Merge a template into a language catalog (the model only; files live in :mod:`.workflow`).

Rules, per template entry, matched by ``msgctxt`` (the stable block id):

* same context, same text — kept as it is;
* same context, changed text — fuzzy, the old translation kept, ``#| msgid`` shows the
  text it was made for (an entry that was already fuzzy keeps its older ``#|``);
* no translation yet, the same text translated anywhere in the memory — filled, with a
  translator comment naming the origin (``tm: exact match from FILE CONTEXT``);
* otherwise the closest memory entry scoring at least the threshold — filled as fuzzy,
  with its similarity (100% only for the same text) and origin in the comment, and the
  numbers where they differ (``numbers differ: 2024 there, 2025 here``);
* entries gone from the template become obsolete (``#~``), dropped only with
  ``purge_obsolete``. Nothing a translator wrote is lost.

Origins go into translator comments (``#``) because ``msgmerge`` and Poedit keep those;
unknown flags are dropped by GNU tools and ``#.`` lines are replaced from the template.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from .memory import TranslationMemory, number_change
from .model import PLURAL_FORMS, Catalog, Message

TM_PREFIX = "tm:"


@dataclass(frozen=True)
class UpdateOptions:
    threshold: float = 75
    purge_obsolete: bool = False


def _without_tm_comment(comments: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in comments if not c.startswith(TM_PREFIX))


def merge(template: Catalog, old: Catalog | None, memory: TranslationMemory, lang: str,
          options: UpdateOptions = UpdateOptions()) -> tuple[Catalog, Counter[str]]:
    """The new catalog for *lang* and counts of what each rule did."""
    counts: Counter[str] = Counter()
    catalog = Catalog(header=list(old.header) if old else [],
                      header_comments=old.header_comments if old else ())
    if old is None:
        catalog = Catalog.new(lang, template.get_header("Project-Id-Version") or "")
    for name in ("Project-Id-Version", "POT-Creation-Date"):
        value = template.get_header(name)
        if value or catalog.get_header(name) is None:  # a template made in memory has no date
            catalog.set_header(name, value or "")
    catalog.set_header("Language", lang)
    catalog.set_header("Content-Type", "text/plain; charset=UTF-8")
    if lang in PLURAL_FORMS:
        catalog.set_header("Plural-Forms", PLURAL_FORMS[lang])

    # a live entry wins over an obsolete one of the same context (obsolete ones revive)
    previous = {m.context: m for m in sorted(old.messages, key=lambda m: not m.obsolete)} if old else {}
    used: set[str | None] = set()
    for entry in template:
        before = previous.get(entry.context)
        used.add(entry.context)
        message = _merge_one(entry, before, counts)
        if not message.string:
            message = _fill(message, memory, options.threshold, counts)
        catalog.add(message)

    for m in old.messages if old else ():
        if m.context in used:
            continue
        if m.obsolete or m.string:
            if options.purge_obsolete:
                counts["purged"] += 1
                continue
            counts["obsolete"] += 1  # without #. and #:, as msgmerge writes obsolete entries,
            # and without "#~|" (Babel's reader refuses it; a gone entry needs no older text)
            catalog.add(dataclasses.replace(m, obsolete=True, locations=(), auto_comments=(),
                                            previous_id=None, previous_context=None))
    return catalog, counts


def _merge_one(entry: Message, before: Message | None, counts: Counter[str]) -> Message:
    """*entry* from the template with what the old catalog knew about its context."""
    # the template's flags (python-brace-format) are the source's, as msgmerge takes them
    fresh = dataclasses.replace(entry, string="", flags=tuple(f for f in entry.flags if f != "fuzzy"),
                                translator_comments=(), previous_id=None, previous_context=None,
                                obsolete=False)
    if before is None or not before.string:
        if before is not None:
            fresh = dataclasses.replace(fresh, translator_comments=before.translator_comments)
        counts["untranslated"] += 1
        return fresh
    kept = dataclasses.replace(fresh, string=before.string,
                               flags=(("fuzzy",) if before.fuzzy else ()) + fresh.flags,
                               translator_comments=before.translator_comments,
                               previous_id=before.previous_id,
                               previous_context=before.previous_context)
    if before.id == entry.id:
        counts["fuzzy" if before.fuzzy else "kept"] += 1
        return kept
    counts["fuzzy"] += 1
    if before.fuzzy and before.previous_id is not None:
        return kept  # the translation still answers the older text shown in #|
    return dataclasses.replace(kept, previous_id=before.id, previous_context=None).with_flag("fuzzy")


def _fill(message: Message, memory: TranslationMemory, threshold: float,
          counts: Counter[str]) -> Message:
    """An untranslated *message* filled from the memory, if it knows something close."""
    hit = memory.exact(message.id)
    if hit is not None:
        counts["untranslated"] -= 1
        counts["filled exact"] += 1
        note = f"{TM_PREFIX} exact match from {hit.origin}"
        return dataclasses.replace(message, string=hit.target, translator_comments=(
            *_without_tm_comment(message.translator_comments), note))
    hit = memory.fuzzy(message.id, threshold)
    if hit is None:
        return message
    counts["untranslated"] -= 1
    counts["filled fuzzy"] += 1
    # "100%" is said of the same text only: one digit in a long paragraph scores 99.9
    note = f"{TM_PREFIX} {min(int(hit.score), 99)}% match from {hit.origin}"
    numbers = number_change(hit.source, message.id)
    if numbers is not None:  # the translation still says the memory's numbers
        old, new = (", ".join(side) or "none" for side in numbers)
        note += f"; numbers differ: {old} there, {new} here"
    filled = dataclasses.replace(message, string=hit.target, previous_id=hit.source,
                                 translator_comments=(
                                     *_without_tm_comment(message.translator_comments), note))
    return filled.with_flag("fuzzy")
