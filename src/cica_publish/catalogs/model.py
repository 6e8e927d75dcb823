"""The catalog model: messages and catalogs, independent of any file format.

As Babel's ``messages/catalog.py`` is to ``pofile.py``: merging, filling and checking
work on these objects only; :mod:`.po` reads and writes them.

Usage (for the aligner and every other producer of catalogs)::

    from cica_publish.catalogs.model import Catalog, Message
    from cica_publish.catalogs.po import read_po_file, write_po

    cat = Catalog.new(lang="ru", project_id="min-1076 MIN/1076")
    cat.add(Message("The Report…", "Доклад…", context="min-1076/p2",
                    auto_comments=("paragraph",), flags=("fuzzy",)))
    write_po("locale/ru/LC_MESSAGES/min-1076.po", cat)   # atomic, only if changed

A :class:`Message` is frozen; change one with :func:`dataclasses.replace`.
``translator_comments`` are the ``#`` lines a translator edits (Poedit's comment box,
kept by ``msgmerge``); ``auto_comments`` are ``#.`` lines, owned by extraction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from collections.abc import Iterator

Key = tuple[str | None, str]

PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}
LANGUAGE_NAMES = {"ru": "Russian", "en": "English"}


@dataclass(frozen=True)
class Message:
    """One catalog entry (``msgctxt``/``msgid``/``msgstr`` and what comes with it)."""

    id: str
    string: str = ""
    context: str | None = None
    locations: tuple[tuple[str, int | None], ...] = ()
    flags: tuple[str, ...] = ()
    auto_comments: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    previous_id: str | None = None
    previous_context: str | None = None
    obsolete: bool = False
    lineno: int | None = field(default=None, compare=False)

    @property
    def key(self) -> Key:
        return (self.context, self.id)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Translated and usable: a non-empty ``msgstr`` that is not fuzzy."""
        return bool(self.string) and not self.fuzzy and not self.obsolete

    def with_flag(self, flag: str, on: bool = True) -> Message:
        """A copy with *flag* set (first, as GNU gettext orders ``fuzzy``) or removed."""
        rest = tuple(f for f in self.flags if f != flag)
        return dataclasses.replace(self, flags=((flag,) + rest) if on else rest)

    def comment_value(self, prefix: str) -> str | None:
        """The rest of the first translator comment starting with *prefix* (``"no-qa:"``)."""
        for line in self.translator_comments:
            if line.strip().startswith(prefix):
                return line.strip()[len(prefix):].strip()
        return None


@dataclass
class Catalog:
    """A header (ordered ``Key: value`` pairs) and messages in file order.

    Obsolete messages are kept (``#~``) until purged; keys are ``(context, id)``.
    """

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    messages: list[Message] = field(default_factory=list)

    @classmethod
    def new(cls, lang: str | None, project_id: str, creation_date: str = "",
            revision_date: str = "") -> Catalog:
        """An empty catalog with the standard headers (a template when *lang* is None)."""
        header = [
            ("Project-Id-Version", project_id),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", creation_date),
            ("PO-Revision-Date", revision_date or ("YEAR-MO-DA HO:MI+ZONE" if lang is None else creation_date)),
            ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>" if lang is None else "CICA Secretariat"),
            ("Language-Team", f"{LANGUAGE_NAMES.get(lang, lang)}" if lang else "LANGUAGE <LL@li.org>"),
            ("Language", lang or ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ]
        if lang in PLURAL_FORMS:
            header.append(("Plural-Forms", PLURAL_FORMS[lang]))
        return cls(header=header, header_flags=("fuzzy",) if lang is None else ())

    # ------------------------------------------------------------ header

    def get_header(self, name: str) -> str | None:
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        for i, (key, _) in enumerate(self.header):
            if key.lower() == name.lower():
                self.header[i] = (key, value)
                return
        self.header.append((name, value))

    @property
    def language(self) -> str | None:
        return self.get_header("Language") or None

    # ------------------------------------------------------------ messages

    def add(self, message: Message) -> None:
        self.messages.append(message)

    def __iter__(self) -> Iterator[Message]:
        """The live (not obsolete) messages."""
        return (m for m in self.messages if not m.obsolete)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def index(self) -> dict[Key, Message]:
        """Live messages by ``(context, id)``."""
        return {m.key: m for m in self}

    def by_context(self) -> dict[str | None, Message]:
        """Live messages by context (unique in document catalogs)."""
        return {m.context: m for m in self}

    @property
    def obsolete(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]
