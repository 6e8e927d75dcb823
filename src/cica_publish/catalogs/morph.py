"""Word forms to lemmas, so a term matches in any inflected form.

Russian through pymorphy3 (``государствам-членам`` and ``государства-члены`` share the
lemma ``государство-член``); English by a light suffix rule (``States``/``State``).
Each token maps to the set of its possible lemmas: a match needs one in common.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_TOKEN = re.compile(r"\w+(?:-\w+)*")


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def lemmas(word: str, lang: str) -> frozenset[str]:
    """The possible dictionary forms of *word* (lower case)."""
    word = word.lower()
    if lang != "ru":
        forms = {word}
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                forms.add(word[: -len(suffix)] + repl)
        return frozenset(forms)
    morph = _analyzer()
    forms = {p.normal_form for p in morph.parse(word)}
    if "-" in word:
        parts = [sorted({p.normal_form for p in morph.parse(part)}) for part in word.split("-")]
        forms.add("-".join(options[0] for options in parts))
    return frozenset(forms)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def contains_term(text: str, term: str, lang: str) -> bool:
    """Whether *term* occurs in *text* in any inflected form of each of its words."""
    return bool(find_terms(text, (term,), lang))


def find_terms(text: str, terms: Sequence[str], lang: str) -> list[str]:
    """The *terms* that occur in *text* in any inflected form (the text is read once)."""
    have = [lemmas(w, lang) for w in tokens(text)]
    present = frozenset().union(*have)
    found = []
    for term in terms:
        want = _term_lemmas(term, lang)
        if want and want[0] & present and any(all(have[start + i] & want[i] for i in range(len(want)))
                                              for start in range(len(have) - len(want) + 1)):
            found.append(term)
    return found


@lru_cache(maxsize=4096)
def _term_lemmas(term: str, lang: str) -> tuple[frozenset[str], ...]:
    return tuple(lemmas(w, lang) for w in tokens(term))
