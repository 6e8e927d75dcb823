"""The CICA's distribution lists and recipients, from the one file the tool ships.

``data/distribution.toml`` (package data) is the organization's knowledge of who it
writes to: lists (Member States, observers, partners) and each recipient's names in
English and Russian. Notes address their recipients from it
(:mod:`cica_publish.notes`); importers recognise the Member States by the English names
it gives them (:mod:`cica_publish.members`). One file, so a state added or renamed there
is addressed and recognised alike.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from collections.abc import Sequence

from .errors import CicaError, UsageError

MEMBER_STATES = "member-states"  # the list whose members' names importers recognise


@dataclass(frozen=True)
class Addressee:
    """Whom a note addresses: the formulas' wording (``to``) and the foot block, per language."""

    key: str
    to: dict[str, str]  # "the CICA Member States" / "государствам-членам СВМДА"
    block: dict[str, str]  # "MEMBER STATES OF THE CONFERENCE …" (nominative)


@dataclass(frozen=True)
class Distribution:
    path: Path
    lists: dict[str, dict]
    recipients: dict[str, dict]

    @classmethod
    def load(cls) -> Distribution:
        """The shipped lists, checked: every member of a list is a known recipient."""
        return _load(Path(str(resources.files(__package__) / "data" / "distribution.toml")))

    def members(self, name: str) -> list[str]:
        return list(self.lists[name]["members"])

    def english_names(self, name: str) -> list[str]:
        """Every English name of the members of list *name*: short, official and variants."""
        names: list[str] = []
        for key in self.members(name):
            entry = self.recipients[key]
            official = entry.get("en-official", "").removeprefix("the ")
            names += [entry["en"], *([official] if official else []), *entry.get("en-variants", [])]
        return names

    def addressee(self, key: str) -> Addressee:
        """The list or recipient *key*, worded for the formulas in both languages."""
        if key in self.lists:
            entry = self.lists[key]
            return Addressee(key, {"en": entry["en"], "ru": entry["ru"]},
                             {"en": entry["block-en"].upper(), "ru": entry["block-ru"].upper()})
        if key not in self.recipients:
            raise UsageError.at("--to", (
                f"unknown addressee {key!r}: name a list ({', '.join(self.lists)}) or a "
                f"recipient of {self.path} ({', '.join(list(self.recipients)[:6])} …)"))
        entry = self.recipients[key]
        if "en-official" in entry:  # a state: through its Ministry of Foreign Affairs
            en = entry.get("en-body", f"the Ministry of Foreign Affairs of {entry['en-official']}")
            ru = entry.get("ru-body", f"Министерство иностранных дел {entry['ru-genitive']}")
            ru_dative = entry.get("ru-dative", f"Министерству иностранных дел {entry['ru-genitive']}")
        else:
            en, ru, ru_dative = entry["en-body"], entry["ru-body"], entry["ru-dative"]
        return Addressee(key, {"en": en, "ru": ru_dative},
                         {"en": en.removeprefix("the ").upper(), "ru": ru.upper()})

    def resolve(self, keys: Sequence[str], per_recipient: bool) -> list[list[Addressee]]:
        """The addressees of each note: one note for all, or one per recipient."""
        if not keys:
            raise UsageError.at("--to", "name whom the note goes to, e.g. --to member-states")
        if not per_recipient:
            return [[self.addressee(k) for k in keys]]
        recipients: list[str] = []
        for key in keys:
            for member in (self.members(key) if key in self.lists else [key]):
                if member not in recipients:
                    recipients.append(member)
        return [[self.addressee(r)] for r in recipients]


@functools.cache
def _load(path: Path) -> Distribution:
    """Read and check *path* once per process (importers ask for every paragraph)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CicaError.at(path, "no distribution lists: the package is incomplete") from None
    except tomllib.TOMLDecodeError as exc:
        raise CicaError.at(path, f"invalid TOML: {exc}", getattr(exc, "lineno", None)) from None
    lists, recipients = data.get("lists", {}), data.get("recipients", {})
    if MEMBER_STATES not in lists:
        raise CicaError.at(path, f"no [lists.{MEMBER_STATES}]: importers recognise the Member States by it")
    for name, entry in lists.items():
        unknown = [m for m in entry.get("members", []) if m not in recipients]
        if unknown:
            raise CicaError.at(path, f"list {name!r} names unknown recipients: {', '.join(unknown)}")
    return Distribution(path, lists, recipients)
