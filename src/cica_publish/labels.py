"""The words the layouts generate themselves ("Page {x} of {y}", "In this issue" …).

They are not in the sources, so they are translated in a catalog of their own, like a
document's: the English patterns are here (the template ``locale/templates/labels.pot`` is
made from them by ``extract``, :mod:`cica_publish.catalogs.labels`), each other language's in
``locale/<lang>/LC_MESSAGES/labels.po`` (``update`` merges it, ``qa`` checks it, placeholders
included). A label is a whole
pattern with ``{placeholders}``, so a language orders its words its own way ("Стр. {x} из
{y}"). The build puts an edition's labels into its tree (``Meta.labels``), so the PDF and
the DOCX writers say the same thing and only lay them out.
"""

from __future__ import annotations

import string

from . import tree as t

NAME = "labels"  # the catalog's name: locale/<lang>/LC_MESSAGES/labels.po

#: key → (English pattern, where it is printed: the ``#.`` comment a translator reads)
ENGLISH: dict[str, tuple[str, str]] = {
    "page": ("Page {x} of {y}", "page footer: {x} is the page, {y} the number of pages "
             "(keep {x} before {y})"),
    "in-this-issue": ("In this issue", "digest: the title of the table of contents"),
    "untranslated": ("Untranslated blocks", "heading of the last page of an edition built "
                     "with untranslated blocks"),
    "untranslated-note": ("These blocks are shown in the master language and marked in the text.",
                          "the sentence under that heading"),
    "fallback": ("not translated", "the tag on a block shown in the master language"),
    "issuer": ("Conference on Interaction and Confidence Building Measures in Asia",
               "issuer line of a report's or brochure's title block"),
    "contents": ("Contents", "review: the title of the table of contents"),
    "original": ("Original: {language}", "report's title block: the language the document "
                 "was written in ({language} is one of the language names below)"),
    "circulated": ("Circulated with Note Verbale {reference} of {date}",
                   "report's title block: the note the report went out with ({reference} is its "
                   "reference code with \"№\", {date} its date)"),
    "language-en": ("English", "a language's name, in \"Original: {language}\""),
    "language-ru": ("Russian", "a language's name, in \"Original: {language}\""),
}


def context(key: str) -> str:
    return f"{NAME}/{key}"


def _pattern(meta: t.Meta | None, key: str) -> str:
    return dict(meta.labels if meta else ()).get(key, ENGLISH[key][0])


def label(meta: t.Meta | None, key: str, **values: str) -> str:
    """The label *key* of *meta*'s edition (None: English), filled with *values*; English
    when the edition's language has no translation of it."""
    pattern = _pattern(meta, key)
    return pattern.format(**values) if values else pattern


def around(meta: t.Meta | None, key: str) -> list[str]:
    """The literal parts of a pattern around its placeholders, in order ("Стр. {x} из {y}" →
    ["Стр. ", " из ", ""]), for a layout that puts the numbers in itself (page counters, fields)."""
    pattern = _pattern(meta, key)
    return [text for text, _, _, _ in string.Formatter().parse(pattern)] + (
        [""] if pattern.endswith("}") else [])
