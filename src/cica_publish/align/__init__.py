"""The aligner: two language versions of a document in, beads (and a catalog) out.

``align_files`` reads both versions (:mod:`.versions`), embeds their blocks
(:mod:`.encoder`, multilingual, cached under ``output/.cache/align``), and searches the
beads (:mod:`.aligner`, :mod:`.search`) with cross-script anchors (:mod:`.anchors`) and,
between English and Russian, the project's glossary. Any two of the project's
``languages`` can be aligned. :mod:`.catalog` turns the beads into the document's PO
catalog and the report a reviser reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalogs.glossary import load_terms
from ..project import Project
from .aligner import SENTENCE_PARAMS, AlignedBead, Params, align_texts
from .anchors import Glossary, english_russian
from .encoder import Encoder
from .versions import PLAIN_TEXT, Version, lines, paragraphs, read_version

__all__ = ["AlignedBead", "Alignment", "align_files", "project_encoder"]


@dataclass(frozen=True)
class Alignment:
    en: Version
    ru: Version
    beads: tuple[AlignedBead, ...]

    def as_json(self) -> dict:
        """``{"beads": [{"en": [i…], "ru": [j…], "score": s}, …]}`` (0-based positions; "en"
        is the first version, "ru" the other, whatever their languages)."""
        return {"beads": [{"en": list(b.en), "ru": list(b.ru), "score": b.score} for b in self.beads]}


def project_encoder(project: Project, read_only: bool = False) -> Encoder:
    """The encoder with the project's embedding cache (``output/.cache/align``)."""
    return Encoder(project.output / ".cache" / "align", read_only=read_only)


def project_glossary(project: Project, lang: str) -> Glossary | None:
    """The project's glossary as QA reads it (:func:`..catalogs.glossary.load_terms`)."""
    terms = load_terms(project, lang)
    return Glossary(terms) if terms else None


def align_files(
    project: Project, en_path: Path, ru_path: Path, lang: str = "ru", *,
    positions_only: bool = False, kind: str | None = None, doc_id: str | None = None,
    encoder: Encoder | None = None, source_lang: str | None = None, unit: str = "paragraph",
) -> Alignment:
    """Align the *source_lang* file (the master language's unless told) with its *lang* version.

    With *positions_only* (``--json``) plain text is taken paragraph by paragraph as it
    stands; otherwise every input becomes a tree with block ids (for the catalog). With
    *unit* ``"sentence"`` both are plain text with one sentence a line.
    """
    source_lang = source_lang or project.master_language

    def load(path: Path, language: str) -> Version:
        if unit == "sentence":
            return lines(path, language)
        if positions_only and path.suffix.lower() in PLAIN_TEXT:
            return paragraphs(path, language)
        return read_version(project, path, language, kind, doc_id)

    en, ru = load(en_path, source_lang), load(ru_path, lang)
    pair = (source_lang, lang)
    glossary = project_glossary(project, lang) if english_russian(pair) else None
    beads = align_texts(en.texts, ru.texts, encoder or project_encoder(project),
                        en_kinds=en.kinds, ru_kinds=ru.kinds, glossary=glossary, langs=pair,
                        params=SENTENCE_PARAMS if unit == "sentence" else Params())
    return Alignment(en, ru, tuple(beads))
