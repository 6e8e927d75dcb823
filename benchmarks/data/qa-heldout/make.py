"""Build the QA evaluation sets from real professional English→Russian translations.

Run: .venv/bin/python benchmarks/data/qa-heldout/make.py   (writes dev.po and heldout.po here;
``--check`` only verifies that the committed files are what this script makes).

The pairs are the UN Parallel Corpus 2015 test set (UN documents and their official
Russian versions) and the WMT22 English→Russian news test set (English originals, the
professional reference translation A), from ``benchmarks/data/align-dev/raw/``. They are
shuffled with a fixed seed and cut into two disjoint halves: ``dev.po`` (for tuning the
checks) and ``heldout.po`` (only for measuring). ``tests/data/qa-planted.po`` shares no
entry with either.

Each set has clean entries (``# planted: none``): the real pairs, some given the markup
our catalogs carry — the whole text as a link (``<a href>``), an e-mail or a web address
in a link after the text, or two pairs joined with a line break — on both sides alike.
Then copies of clean entries with one planted error (``# planted: CHECK``, the check that
must report it, and ``# clean: CONTEXT``, the entry it was made from): a doubled word,
leading, trailing or double spaces, final punctuation dropped or added, a line break added
or lost, a changed link target (``href``, ``mailto:``), a changed e-mail or URL inside
markup, a changed number, a lost tag.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
RAW = HERE.parent / "align-dev" / "raw"
sys.path.insert(0, str(HERE.parents[2] / "src"))

from cica_publish.catalogs.model import Catalog, Message  # noqa: E402
from cica_publish.catalogs.po import generate_po  # noqa: E402

SOURCES = (("un2015", "un2015_testset.jsonl"), ("wmt22-enru", "wmt22_enru_news.jsonl"))
SIZES = {"dev": (150, 12), "heldout": (200, 16)}  # clean entries, planted entries per error
SEED = 11
URL = "https://www.un.org/en/documents/"
EMAIL = "info@s-cica.org"
SITE = "www.s-cica.org/news"

Pair = tuple[str, str]


def pairs() -> list[tuple[str, Pair]]:
    """Every usable pair: (origin, (English, Russian)), in file order."""
    out = []
    for name, file in SOURCES:
        for line in (RAW / file).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            en, ru = row["en"].strip(), row["ru"].strip()
            if en and ru and len(en) <= 400 and re.search("[а-яё]", ru, re.I):
                where = row.get("line", row.get("seg"))
                out.append((f"{name} {row['doc']}:{where}", (en, ru)))
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;") if re.search(r"<\w|&\w+;", text) else text


# ------------------------------------------------------------ clean entries with markup

def plain(en: str, ru: str) -> Pair:
    return en, ru


def linked(en: str, ru: str) -> Pair:
    return f'<a href="{URL}">{en}</a>', f'<a href="{URL}">{ru}</a>'


def mailto(en: str, ru: str) -> Pair:
    link = f' (<a href="mailto:{EMAIL}">{EMAIL}</a>)'
    return en + link, ru + link


def site(en: str, ru: str) -> Pair:
    link = f' (<a href="https://{SITE}">{SITE}</a>)'
    return en + link, ru + link


DECORATIONS: tuple[tuple[Callable[[str, str], Pair], int], ...] = (
    (plain, 70), (linked, 8), (mailto, 8), (site, 6))  # and 8 in 100 joined with "\n"


# ------------------------------------------------------------ planted errors

def _words(ru: str) -> list[re.Match]:
    return [m for m in re.finditer(r"(?<![<\w/.@-])[а-яё]+(?![\w>@.-]*[>@])", ru, re.I)]


def doubled(en: str, ru: str, rng: random.Random) -> str | None:
    words = _words(ru)
    short = [w for w in words if len(w.group()) <= 2] or words
    if not short:
        return None
    w = rng.choice(short)
    return ru[:w.end()] + " " + w.group() + ru[w.end():]


def leading(en: str, ru: str, rng: random.Random) -> str | None:
    return " " + ru


def trailing(en: str, ru: str, rng: random.Random) -> str | None:
    return ru + " "


def double_space(en: str, ru: str, rng: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", ru)]
    if not spaces:
        return None
    k = rng.choice(spaces)
    return ru[:k] + "  " + ru[k + 1:]


def punct_lost(en: str, ru: str, rng: random.Random) -> str | None:
    found = re.search(r"[.!?](?=[»”\")]*$)", ru)
    if not found or not re.search(r"[.!?][»”\")]*$", en) or ru.endswith(">"):
        return None
    return ru[:found.start()] + ru[found.end():]


def punct_added(en: str, ru: str, rng: random.Random) -> str | None:
    if re.search(r"[.!?:;,…][»”\")]*$", en) or re.search(r"[.!?:;,…][»”\")]*$", ru) or ru.endswith(">"):
        return None
    return ru + "."


def newline_added(en: str, ru: str, rng: random.Random) -> str | None:
    if "\n" in en:
        return None
    spaces = [m.start() for m in re.finditer(r"(?<=[а-яё,]) (?=[а-яё])", ru, re.I)]
    if not spaces:
        return None
    k = rng.choice(spaces)
    return ru[:k] + "\n" + ru[k + 1:]


def newline_lost(en: str, ru: str, rng: random.Random) -> str | None:
    return ru.replace("\n", " ", 1) if "\n" in ru else None


def href_changed(en: str, ru: str, rng: random.Random) -> str | None:
    return ru.replace(f'href="{URL}"', f'href="{URL.replace("/en/", "/ru/")}"') if URL in ru else None


def mailto_changed(en: str, ru: str, rng: random.Random) -> str | None:
    return ru.replace(f'mailto:{EMAIL}', f'mailto:{EMAIL.replace("info", "inf0")}') if EMAIL in ru else None


def email_in_markup(en: str, ru: str, rng: random.Random) -> str | None:
    return ru.replace(f">{EMAIL}<", f">{EMAIL.replace('s-cica', 's-cisa')}<") if EMAIL in ru else None


def url_in_markup(en: str, ru: str, rng: random.Random) -> str | None:
    return ru.replace(f">{SITE}<", f">{SITE.replace('news', 'nevs')}<") if SITE in ru else None


def number_changed(en: str, ru: str, rng: random.Random) -> str | None:
    digits = [m.start() for m in re.finditer(r"\d", ru) if not _in_tag(ru, m.start())]
    if not digits:
        return None
    k = rng.choice(digits)
    return ru[:k] + str((int(ru[k]) + rng.randrange(1, 9)) % 10) + ru[k + 1:]


def _in_tag(text: str, pos: int) -> bool:
    return text.rfind("<", 0, pos) > text.rfind(">", 0, pos)


def tag_lost(en: str, ru: str, rng: random.Random) -> str | None:
    if "<a " not in ru:
        return None
    return re.sub(r"</?a[^>]*>", "", ru)


PLANTS: tuple[tuple[str, Callable[[str, str, random.Random], str | None]], ...] = (
    ("repeated", doubled), ("spaces", leading), ("spaces", trailing), ("spaces", double_space),
    ("punctuation", punct_lost), ("punctuation", punct_added),
    ("newlines", newline_added), ("newlines", newline_lost),
    ("links", href_changed), ("links", mailto_changed),
    ("codes", email_in_markup), ("codes", url_in_markup),
    ("numbers", number_changed), ("tags", tag_lost),
)


def build(name: str) -> Catalog:
    """The set *name* (``dev`` or ``heldout``): clean entries, then the planted copies."""
    rng = random.Random(SEED)
    everything = pairs()
    rng.shuffle(everything)
    half = len(everything) // 2
    pool = everything[:half] if name == "dev" else everything[half:]
    n_clean, n_planted = SIZES[name]
    catalog = Catalog.new("ru", f"qa-{name}")
    catalog.header_comments = (
        f"QA evaluation set '{name}' made by benchmarks/data/qa-heldout/make.py from real",
        "professional EN→RU translations (UN 2015 test set, WMT22 en-ru references):",
        "clean entries (planted: none) and copies with one planted error (planted: CHECK).")
    clean: list[Message] = []
    pos = 0
    decorations = [d for d, weight in DECORATIONS for _ in range(weight)] + [None] * 8
    while len(clean) < n_clean:
        origin, (en, ru) = pool[pos]
        pos += 1
        decorate = decorations[rng.randrange(len(decorations))]
        if decorate is None:  # two pairs as the lines of one entry
            origin2, (en2, ru2) = pool[pos]
            pos += 1
            en, ru, origin = f"{en}\n{en2}", f"{ru}\n{ru2}", f"{origin} + {origin2}"
        else:
            en, ru = decorate(_escape(en), _escape(ru))
        clean.append(Message(en, ru, context=f"{name}/{len(clean) + 1}", auto_comments=(origin,),
                             translator_comments=("planted: none",)))
    planted: list[Message] = []
    for check, plant in PLANTS:
        made = 0
        for m in rng.sample(clean, len(clean)):
            if made == n_planted:
                break
            wrong = plant(m.id, m.string, rng)
            if wrong is None or wrong == m.string:
                continue
            made += 1
            planted.append(Message(m.id, wrong, context=f"{name}/{n_clean + len(planted) + 1}",
                                   auto_comments=m.auto_comments + (f"{plant.__name__}",),
                                   translator_comments=(f"planted: {check}", f"clean: {m.context}")))
    for m in clean + planted:
        catalog.add(m)
    return catalog


def main() -> int:
    stale = []
    for name in SIZES:
        path = HERE / f"{name}.po"
        text = generate_po(build(name))
        if "--check" in sys.argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"not what make.py makes: {', '.join(stale)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
