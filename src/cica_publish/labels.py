"""The words the layouts generate themselves, per language (not from the sources).

Source text is translated through the catalogs; these few fixed words are part of the
layout and live here so the PDF and the DOCX writers say the same thing.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "page": "Page",
        "of": "of",
        "in-this-issue": "In this issue",
        "untranslated": "Untranslated blocks",
        "untranslated-note": "These blocks are shown in the master language and marked in the text.",
        "fallback": "not translated",
        "issuer": "Conference on Interaction and Confidence Building Measures in Asia",
    },
    "ru": {
        "page": "Стр.",
        "of": "из",
        "in-this-issue": "В этом номере",
        "untranslated": "Непереведённые фрагменты",
        "untranslated-note": "Эти фрагменты даны на языке оригинала и отмечены в тексте.",
        "fallback": "нет перевода",
        "issuer": "Совещание по взаимодействию и мерам доверия в Азии",
    },
}


def label(lang: str, key: str) -> str:
    """The label *key* in *lang* (English when the language has none)."""
    return LABELS.get(lang, LABELS["en"]).get(key, LABELS["en"][key])
