"""Quality checks of translated entries: a tuple of plain functions.

Each check is ``check(message, ctx) -> list[Diagnostic]`` (returning, never raising,
as Babel's ``messages/checkers.py``); :data:`CHECKS` lists them, :func:`check_message`
runs them. Diagnostics print as ``file:line: [check] msgctxt: message``.

English→Russian equivalences are understood where generic tools misfire:
"53,250" = "53 250", "2.5" = "2,5", "16 September 2025" = "16 сентября 2025 г.",
"15-17" = "15–17", CICA = СВМДА (acronyms through the glossary), « » and „ “ quotes,
glossary terms in any inflected form ("государствам-членам" for "Member States").
Beside these, what translate-toolkit's ``pofilter`` looks for, with fewer false alarms on
real translations (``benchmarks/bench_qa.py``): ``{placeholders}`` of brace-format entries
(as ``msgfmt -c``), doubled words, stray spaces, final punctuation, line breaks, link targets.

A translator switches a check off for one entry with a translator comment, which
Poedit edits and ``msgmerge`` keeps (GNU tools drop unknown ``#,`` flags)::

    # no-qa: numbers, typography
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable

from ..errors import CicaError, Diagnostic
from ..recognise import EMAIL, EN_MONTH_PATTERNS, REFERENCE_CODE, RU_MONTHS, URL
from .markup import control_characters, from_markup, link_targets, strip_tags, tag_list
from .model import Message
from .morph import contains_term

SWITCH = "no-qa:"

_URL, _EMAIL, _CODE = URL, EMAIL, REFERENCE_CODE
_ACRONYM = re.compile(r"(?<![\w/])[A-Z][A-Z0-9]*[A-Z](?![\w/])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_NUMBER = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"),
    # a point stays in Russian section numbers ("5.1", "15.1"), read like the English
    "ru": re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[,.]\d+)?"),
}
_MONTHS = {  # a name (English: or its abbreviation) as a regular expression
    "en": list(EN_MONTH_PATTERNS),
    "ru": list(RU_MONTHS),
}
_PAIRS = {
    "ru": {"(": ")", "[": "]", "{": "}", "«": "»", "„": "“"},
    "en": {"(": ")", "[": "]", "{": "}", "“": "”"},
}
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LATIN_WORD = re.compile(r"\b[a-z]{3,}\b")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_ENUMERATOR = re.compile(r"(?:^|(?<=[\s;:]))\(?(?:[a-zа-яё]|[ivx]{1,5}|\d{1,2})\)(?=\s)", re.I)


@dataclass(frozen=True)
class QAContext:
    """What every check may need: the target language, the file, the glossary."""

    lang: str
    path: str
    glossary: tuple[tuple[str, str], ...] = ()  # (English term, translation)
    acronyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def with_glossary(cls, lang: str, path: str, terms: tuple[tuple[str, str], ...]) -> QAContext:
        acronyms = {en: tr for en, tr in terms if en.isupper()}
        return cls(lang, path, tuple((en, tr) for en, tr in terms if not en.isupper()), acronyms)


_plain = strip_tags


def _diag(m: Message, ctx: QAContext, check: str, text: str, severity: str = "error") -> Diagnostic:
    return Diagnostic(ctx.path, m.lineno, f"[{check}] {m.context or m.id[:30]}: {text}",
                      code=check, severity=severity)


def _strip_codes(text: str) -> str:
    for pattern in (_URL, _EMAIL, _CODE):
        text = pattern.sub(" ", text)
    return text


def _numbers(text: str, lang: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for match in _NUMBER["ru" if lang == "ru" else "en"].finditer(_strip_codes(text)):
        raw = match.group(0)
        raw = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", "." if lang == "ru" else "")
        value = float(raw)
        out[str(int(value)) if value.is_integer() else str(value)] += 1
    return out


def _months(text: str, lang: str) -> Counter[int]:
    """The months of the dates of *text*: a month name next to a number ("16 May",
    "May 2025", "16 мая"), so that "may" the verb and a "march" are not dates."""
    lower = text.lower()
    out: Counter[int] = Counter()
    for n, name in enumerate(_MONTHS["ru" if lang == "ru" else "en"], 1):
        month = rf"\b{name}(?![\w])"
        dates = re.findall(rf"\d(?:st|nd|rd|th|-?го)?\s+(?:of\s+)?{month}|{month},?\s+\d", lower)
        if dates:
            out[n] = len(dates)
    return out


def numbers(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Numbers, amounts and dates carried over, in the target's own notation."""
    source, target = _plain(m.id), _plain(m.string)
    want, have = _numbers(source, "en"), _numbers(target, ctx.lang)
    problems = []
    if want != have:
        missing = ", ".join(sorted((want - have).elements())) or "none"
        extra = ", ".join(sorted((have - want).elements())) or "none"
        problems.append(_diag(m, ctx, "numbers", f"numbers differ (missing: {missing}; added: {extra})"))
    if _months(source, "en") != _months(target, ctx.lang):
        problems.append(_diag(m, ctx, "numbers", "the months of the dates differ"))
    return problems


def codes(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Reference codes, URLs and e-mail addresses unchanged."""
    source, target = _plain(m.id), _plain(m.string)
    return [_diag(m, ctx, "codes", f"{found!r} is not in the translation unchanged")
            for pattern in (_URL, _EMAIL, _CODE) for found in pattern.findall(source)
            if found not in target]


def acronyms(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Acronyms kept, or replaced by their glossary equivalent (CICA → СВМДА)."""
    source, target = _strip_codes(_plain(m.id)), _plain(m.string)
    problems = []
    for acro in sorted(set(_ACRONYM.findall(source))):
        if _ROMAN.match(acro) or acro not in ctx.acronyms:
            continue  # unknown acronyms may be transliterated; only glossary ones are checked
        equivalent = ctx.acronyms[acro]
        if not re.search(rf"(?<!\w){re.escape(equivalent)}(?!\w)", target) and \
                not re.search(rf"(?<!\w){re.escape(acro)}(?!\w)", target):
            problems.append(_diag(m, ctx, "acronyms", f"{acro} should be {equivalent}"))
    return problems


def control(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """No control characters (NUL …): invisible to the translator, and no writer sets them."""
    found = control_characters(m.string)
    return [_diag(m, ctx, "control", f"{found} of the translation: remove it")] if found else []


def tags(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """The same inline tags, well nested (order may change with the word order)."""
    try:
        from_markup(m.string, ctx.path, m.lineno)
    except CicaError as exc:
        return [_diag(m, ctx, "tags", exc.diagnostics[0].message)]
    want, have = Counter(tag_list(m.id)), Counter(tag_list(m.string))
    if want == have:
        return []
    missing = " ".join((want - have).elements()) or "none"
    extra = " ".join((have - want).elements()) or "none"
    return [_diag(m, ctx, "tags", f"inline tags differ (missing: {missing}; added: {extra})")]


BRACE_FORMAT = "python-brace-format"
_FORMATTER = string.Formatter()


def brace_fields(text: str) -> set[str]:
    """The argument names of a Python brace format string (``{addressee}`` → addressee);
    raises :class:`ValueError` for one that ``str.format`` cannot read."""
    return {re.split(r"[.\[]", name, maxsplit=1)[0] for _, name, _, _ in _FORMATTER.parse(text)
            if name is not None}


def placeholder_problems(msgid: str, msgstr: str) -> list[str]:
    """What ``msgfmt -c`` says of a ``python-brace-format`` entry: a placeholder missing,
    added or misspelt (``{adressee}``), a broken brace, in the words of a message."""
    try:
        want = brace_fields(msgid)
    except ValueError:
        return []  # the English is no format string: nothing to compare against
    try:
        have = brace_fields(msgstr)
    except ValueError as exc:
        return [f"the translation is not a valid brace format ({exc}); placeholders are "
                f"{', '.join('{' + n + '}' for n in sorted(want)) or 'none'}"]
    out = [f"placeholder {{{name}}} is missing from the translation" for name in sorted(want - have)]
    out += [f"placeholder {{{name}}} is not in the English (misspelt?)" for name in sorted(have - want)]
    return out


def placeholders(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """``{placeholders}`` of a ``python-brace-format`` entry kept exactly, as ``msgfmt -c``
    checks them: a lost or misspelt one drops words from every note made with it."""
    if BRACE_FORMAT not in m.flags:
        return []
    return [_diag(m, ctx, "placeholders", text) for text in placeholder_problems(m.id, m.string)]


def links(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Link targets (``href``: web addresses, ``mailto:``) exactly as in the source: a
    reader follows the target, not the words, so a changed one goes unseen in print review."""
    want, have = Counter(link_targets(m.id)), Counter(link_targets(m.string))
    return [_diag(m, ctx, "links", f"link target {target!r} is {what} the translation")
            for target, what in ((t, "missing from") for t in sorted((want - have).elements()))
            ] + [_diag(m, ctx, "links", f"link target {target!r} is {what} the translation")
                 for target, what in ((t, "added in") for t in sorted((have - want).elements()))]


_DOUBLED = re.compile(r"(?<![\w.@/-])([^\W\d_]+)\s+\1(?![\w@])", re.I)


def repeated(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """A word written twice in a row ("в в"), unless the source repeats it too."""
    source = _strip_codes(_plain(m.id))
    doubled = {w.lower() for w in _DOUBLED.findall(source)}
    return [_diag(m, ctx, "repeated", f"the word {word!r} is doubled")
            for word in dict.fromkeys(w for w in _DOUBLED.findall(_strip_codes(_plain(m.string))))
            if word.lower() not in doubled]


def spaces(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Leading, trailing and double spaces the source does not have (as written, tags and
    all: a PO string's own spaces, which the build would collapse or keep by accident)."""
    problems = []
    for test, what in ((lambda s: s[:1].isspace() and s[:1] != "\n", "begins with a space"),
                       (lambda s: s[-1:].isspace() and s[-1:] != "\n", "ends with a space"),
                       (lambda s: "  " in s, "has a double space")):
        if test(m.string) and not test(m.id):
            problems.append(_diag(m, ctx, "spaces", f"the translation {what}"))
    return problems


_CLOSERS = "»”“\"'’)]"
_FINAL = re.compile(rf"[.!?…:;{re.escape(_CLOSERS)}]*$")
_ABBREVIATION = re.compile(  # "U.S.", "a.m.", "p.", "2025 г.", "10 ч. 00 м.", "т.д."
    r"(?:\b\w\.\w\.|\b(?:etc|Inc|Ltd|Co|Jr|Sr|No|p|pp|г|гг|ч|м|мин|л|с|стр|др|т\.[дп])\.)"
    rf"[{re.escape(_CLOSERS)}]*$", re.I)


def _final_stop(text: str) -> bool | None:
    """Whether *text* ends a sentence or a clause with punctuation (., !, ?, …, :, ;),
    before or after closing quotes and brackets ("end." and «end».); None when it ends
    with an abbreviation ("U.S.", "a.m.", "2025 г."), whose point may end the sentence too."""
    text = text.rstrip()
    if _ABBREVIATION.search(text):
        return None
    final = _FINAL.search(text)  # always matches (maybe nothing)
    return bool(final and set(final.group()) & set(".!?…:;"))


def punctuation(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Final punctuation dropped or added: a sentence left open, or a heading closed."""
    source, target = _final_stop(_plain(m.id)), _final_stop(_plain(m.string))
    if source is None or target is None or source == target:
        return []
    return [_diag(m, ctx, "punctuation", "the final punctuation of the English is missing"
                  if source else "the translation ends in punctuation the English does not have")]


def newlines(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Line breaks (``\\n``, the lines of a letterhead or an address) kept, none added."""
    want, have = m.id.count("\n"), m.string.count("\n")
    if want == have:
        return []
    return [_diag(m, ctx, "newlines", f"{have} line break(s) in the translation, {want} in the English")]


def _balanced(text: str, pairs: dict[str, str]) -> bool:
    closers = {v: k for k, v in pairs.items()}
    stack: list[str] = []
    for ch in text:
        if ch in pairs and not (ch in closers and stack and stack[-1] == closers[ch]):
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return False
            stack.pop()
    return not stack and text.count('"') % 2 == 0


def brackets(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Brackets and quotes balanced (« » and „ “ in Russian) where the source's are.

    List markers are not brackets: English "(a)" is Russian "а)".
    """
    if not _balanced(_ENUMERATOR.sub(" ", _plain(m.id)), _PAIRS["en"]):
        return []
    if _balanced(_ENUMERATOR.sub(" ", _plain(m.string)), _PAIRS.get(ctx.lang, _PAIRS["en"])):
        return []
    return [_diag(m, ctx, "brackets", "unbalanced brackets or quotes")]


def _words_only(m: Message, text: str) -> str:
    """*text* without tags, codes and (in a ``python-brace-format`` entry) ``{placeholders}``:
    a placeholder's name is not an English word left untranslated."""
    text = _strip_codes(_plain(text))
    return _PLACEHOLDER.sub(" ", text) if BRACE_FORMAT in m.flags else text


def untranslated(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """A copy of the source, or (in Russian) English words and no Cyrillic at all.

    A source with no words of its own ("{place}, {date}") may be its own translation,
    and a translation may have no words at all ("the {title}" → "{title}").
    """
    if not _LATIN_WORD.search(_words_only(m, m.id).lower()):
        return []
    target = _words_only(m, m.string)
    if m.string == m.id or (ctx.lang == "ru" and not _CYRILLIC.search(target)
                            and _LATIN_WORD.search(target.lower())):
        return [_diag(m, ctx, "untranslated", "the translation is a copy of the English text")]
    return []


def glossary(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Glossary terms of the source rendered by their translation, in any inflected form.

    Terms are tried longest first; a matched term is masked so its parts are not
    checked again.
    """
    source, target = _strip_codes(_plain(m.id)), _plain(m.string)
    lower = source.lower()
    problems = []
    for term, translation in ctx.glossary:
        if term.lower().split()[0][:4] not in lower:
            continue
        if not contains_term(source, term, "en"):
            continue
        if not contains_term(target, translation, ctx.lang):
            problems.append(_diag(m, ctx, "glossary", f"“{term}” should be “{translation}” (any form)"))
        # a longer term covers its parts ("Ministerial Council" inside a meeting's name)
        source = re.sub(re.escape(term) + r"\w*", " ", source, flags=re.I)
        lower = source.lower()
    return problems


_TYPO = (
    (re.compile(r'"'), "straight quotes: use « » (inner „ “)"),
    (re.compile(r"“[^”„]*”"), "English quotes “ ”: use « » (inner „ “)"),
    (re.compile(r"(?<=[^\d\s]\s)-(?=\s)|(?<=\s)-(?=\s[^\d\s])"),
     "hyphen between words: use an em dash with spaces ( — )"),
    (re.compile(r"(?<=\d)\s?-\s?(?=\d)"), "hyphen in a number range: use an en dash (15–17)"),
    (re.compile(r"(?<=\d) г\."), "ordinary space before “г.”: use a no-break space"),
    (re.compile(r"№ (?=\d)"), "ordinary space after “№”: use a no-break space or none"),
    (re.compile(r"(?<=[а-яё])—(?=[а-яё])", re.I), "em dash between words needs spaces"),
)


def typography(m: Message, ctx: QAContext) -> list[Diagnostic]:
    """Russian typography: « » quotes, no-break spaces, dashes (warnings)."""
    if ctx.lang != "ru":
        return []
    target = _strip_codes(_plain(m.string))
    return [_diag(m, ctx, "typography", text, "warning") for pattern, text in _TYPO
            if pattern.search(target)]


Check = Callable[[Message, QAContext], list[Diagnostic]]
CHECKS: tuple[Check, ...] = (control, placeholders, numbers, codes, links, acronyms, tags, brackets,
                             untranslated, glossary, repeated, spaces, punctuation, newlines,
                             typography)


def switched_off(m: Message) -> set[str]:
    """Checks a translator switched off for this entry (``# no-qa: numbers, tags``)."""
    value = m.comment_value(SWITCH)
    return {name.strip() for name in value.split(",")} if value else set()


def check_message(m: Message, ctx: QAContext, checks: tuple[Check, ...] = CHECKS) -> list[Diagnostic]:
    """Every check on one translated entry (nothing for untranslated or fuzzy ones)."""
    if not m.translated:
        return []
    off = switched_off(m)
    if "all" in off:
        return []
    return [d for check in checks if check.__name__ not in off for d in check(m, ctx)]
