"""An edition's languages, written once: ``en``, ``ru``, or two for the bilingual edition.

The command line writes the bilingual edition ``en+ru`` (``en-ru`` is accepted); its name,
in file names (``min-1076.en-ru.pdf``), the build's state and the notes' requests, is
``en-ru``. Everything else asks these functions, never splits or joins the name itself.
"""

from __future__ import annotations

from .errors import UsageError


def parse_editions(text: str) -> tuple[str, ...]:
    """``--lang``: "en,ru,en+ru" → the edition names ("en", "ru", "en-ru")."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        langs = part.replace("-", "+").split("+")
        if (not all(len(lang) in (2, 3) and lang.isalpha() for lang in langs) or len(langs) > 2
                or len(set(langs)) < len(langs)):
            raise UsageError.at("--lang", f"invalid language {part!r}: write en, ru or en+ru")
        out.append(edition_name(langs))
    return tuple(out)


def edition_name(langs: tuple[str, ...] | list[str]) -> str:
    """("en", "ru") → "en-ru"."""
    return "-".join(langs)


def edition_langs(name: str) -> tuple[str, ...]:
    """"en-ru" → ("en", "ru"): the languages of an edition, in page order."""
    return tuple(name.split("-"))
