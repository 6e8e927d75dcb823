"""Anchors that cross the two scripts: what a translation keeps whatever the language.

Numbers (``53,250`` = ``53 250``; ``2.5`` = ``2,5``; "5 million" = "5 млн"), reference
codes (``MIN/1076``), URLs and e-mail addresses, and acronyms hold for any language pair.
Between English and Russian (:func:`english_russian`) more is known: months
(September = сентября), the glossary's acronyms and terms (CICA = СВМДА), and proper
names compared through a transliterated consonant skeleton (Sarybay = Сарыбаем). For
any other pair those would mislead (a German noun is capitalised, a French month is no
English one), so names are compared as written and the rest is left out. Each text
becomes a bag of canonical anchor strings; :func:`anchor_vectors` hashes the bags into
count vectors so that the aligner compares runs of blocks with one dot product, like
the embeddings.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from ..catalogs.morph import find_terms
from ..recognise import EMAIL, EN_MONTHS, REFERENCE_CODE, RU_MONTHS, URL

# Variants of an acronym, each mapped to the glossary's form in its own language (the
# glossary has one translation per term). The Russian → English pairs (ООН = UN) come
# from the glossary only: :attr:`Glossary.acronyms`, as QA's acronym check reads them.
ACRONYM_ALIASES = {"US": "USA", "SDGS": "SDG", "UNGA": "UN", "UNSC": "UN", "ISIS": "ISIL", "ДАИШ": "ИГИЛ"}

SCALES = {
    "thousand": 10**3, "тыс": 10**3, "тысяч": 10**3, "million": 10**6, "mln": 10**6,
    "млн": 10**6, "миллион": 10**6, "billion": 10**9, "bn": 10**9, "млрд": 10**9,
    "миллиард": 10**9, "trillion": 10**12, "трлн": 10**12, "триллион": 10**12,
}

_URL, _MAIL, _CODE = URL, EMAIL, REFERENCE_CODE
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:(?:,|\.|\u00a0|\u202f| )\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?")
# English months are capitalised (never the verb "may"); Russian ones are declined.
_MONTH_EN = re.compile(r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b")
_MONTH_RU = re.compile(r"(?i)\b(?:" + "|".join(f"({month})" for month in RU_MONTHS) + r")\b")  # group n: month n
_ACRONYM = re.compile(r"\b[A-ZА-ЯЁ]{2,}\b")
_NAME = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{3,}")
_WORD = re.compile(r"(?<!\w)[^\W\d_]{4,}")

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "j", "з": "s",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "u", "я": "a",
})
_SKELETON_RULES = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("sch", "sh"),
    ("tch", "ch"), ("ts", "s"), ("tz", "s"), ("x", "ks"), ("c", "k"), ("q", "k"), ("w", "v"),
    ("z", "s"), ("g", "g"),
)
_VOWELS = re.compile(r"[aeiouy]+")


def skeleton(word: str) -> str:
    """A spelling-blind key of a name: transliterated, consonants only, first three kept."""
    w = word.lower().translate(_TRANSLIT)
    for old, new in _SKELETON_RULES:
        w = w.replace(old, new)
    w = re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", w))
    return w[:3] if len(w) >= 3 else ""


# Languages writing 1,000.5 (the others write 1 000,5 or 1.000,5).
DECIMAL_POINT = ("en", "zh", "ja", "ko", "he", "th")


def english_russian(pair: Sequence[str]) -> bool:
    """Whether the English–Russian anchors (months, glossary, transliteration) apply."""
    return set(pair) == {"en", "ru"}


def _number(raw: str, lang: str) -> float:
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if lang not in DECIMAL_POINT and lang != "ru":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):  # 1.000,5
            return float(raw.replace(".", "").replace(",", "."))
        return float(raw.replace(" ", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?", raw) and not (lang == "ru" and "," in raw
                                                                       and " " not in raw):
        return float(raw.replace(",", "").replace(" ", ""))
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:,\d+)?", raw):
        return float(raw.replace(" ", "").replace(",", "."))
    return float(raw.replace(" ", "").replace(",", "."))


def _fmt(value: float) -> str:
    return f"{value:.6g}"


class Glossary:
    """Term pairs (English → Russian) found as QA finds them: an acronym as written (CICA,
    СВМДА), any other term in any inflected form of its words (:func:`~..catalogs.morph.find_terms`)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()):
        pairs = [(en.strip(), ru.strip()) for en, ru in pairs if en.strip() and ru.strip()]
        self._acronyms = [(re.compile(rf"(?<!\w){re.escape(en)}(?!\w)"),
                           re.compile(rf"(?<!\w){re.escape(ru)}(?!\w)"), "g:" + en.lower())
                          for en, ru in pairs if en.isupper()]
        # Russian acronym → English one (СВМДА → CICA), as QA's acronym check reads them
        self.acronyms = {ru: en for en, ru in pairs if en.isupper() and _ACRONYM.fullmatch(ru)}
        self._terms: dict[str, dict[str, list[str]]] = {"en": {}, "ru": {}}  # term → its keys
        for en, ru in pairs:
            if not en.isupper():
                self._terms["en"].setdefault(en, []).append("g:" + en.lower())
                self._terms["ru"].setdefault(ru, []).append("g:" + en.lower())

    def find(self, text: str, lang: str) -> list[str]:
        side = "ru" if lang == "ru" else "en"
        keys = [key for en, ru, key in self._acronyms if (ru if side == "ru" else en).search(text)]
        terms = self._terms[side]
        return keys + [key for term in find_terms(text, list(terms), side) for key in terms[term]]


def anchors(text: str, lang: str, glossary: Glossary | None = None,
            pair: Sequence[str] = ("en", "ru")) -> Counter[str]:
    """The bag of canonical anchors of *text* in language *lang*, one of the aligned *pair*."""
    bag: Counter[str] = Counter()
    en_ru = english_russian(pair)
    rest = text
    for pattern, prefix in ((_URL, "u:"), (_MAIL, "@:")):
        for match in pattern.finditer(rest):
            bag[prefix + match[0].lower().rstrip("/")] += 1
        rest = pattern.sub(" ", rest)
    for match in _CODE.finditer(rest):
        bag["c:" + match[0].upper()] += 1
    rest = _CODE.sub(" ", rest)
    for match in _NUMBER.finditer(rest):
        value = _number(match[0], lang)
        bag["n:" + _fmt(value)] += 1
        after = re.match(r"\s*([^\W\d_]+)", rest[match.end():])
        if after and (scale := _scale(after[1])):
            bag["n:" + _fmt(value * scale)] += 1
    for match in _MONTH_EN.finditer(rest) if en_ru else ():
        if (low := match[1].lower()) and any(name.startswith(low) for name in EN_MONTHS):
            bag[f"m:{_month_number(low[:3])}"] += 1
    for match in _MONTH_RU.finditer(rest) if en_ru else ():
        bag[f"m:{match.lastindex}"] += 1
    known = glossary.acronyms if glossary and en_ru else {}  # no glossary: as written
    for match in _ACRONYM.finditer(rest):
        word = ACRONYM_ALIASES.get(match[0], match[0])
        bag["a:" + known.get(word, word)] += 1
    if not en_ru:  # any script: capitalised words as written
        bag.update("p:" + w.lower() for w in _WORD.findall(rest) if w[0].isupper() and not w.isupper())
    for match in _NAME.finditer(rest) if en_ru else ():
        if match[0].lower() not in EN_MONTHS and (key := skeleton(match[0])):
            bag["p:" + key] += 1
    if glossary and en_ru:
        bag.update(glossary.find(text, lang))
    return bag


def _month_number(stem: str) -> int:
    """``sep`` → 9."""
    return tuple(m[:3] for m in EN_MONTHS).index(stem) + 1


def _scale(word: str) -> int | None:
    low = word.lower()
    return next((v for k, v in SCALES.items() if low.startswith(k)), None)


def anchor_vectors(texts: Sequence[str], lang: str, glossary: Glossary | None = None,
                   dim: int = 256, pair: Sequence[str] = ("en", "ru")) -> np.ndarray:
    """Hashed anchor counts, one row per text (float32, ``dim`` buckets)."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for key, count in anchors(text, lang, glossary, pair).items():
            bucket = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "little")
            out[row, bucket % dim] += count
    return out
