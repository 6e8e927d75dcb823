"""Document trees → PDF through WeasyPrint.

The HTML comes from :mod:`.html`; looks from the layout's ``print.css``. WeasyPrint
fetches resources only through :class:`ProjectFetcher`: files under the layouts folder and
``data:`` URLs, nothing else (no network, no ``file:`` elsewhere on the machine); a refused
or missing resource stops the build instead of silently changing the page, also one
inside an SVG image (WeasyPrint fetches those while drawing and only logs a failure: the
fetcher remembers every refusal, checked after drawing).

The document is rendered first and then written, so the page count is known (a note
quotes its enclosure's real page count) and returned in the :class:`WriteResult`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from collections.abc import Sequence
from urllib.request import url2pathname

import pydyf
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .. import front
from .. import tree as t
from ..errors import CicaError
from ..fsutil import write_atomic
from ..layout import Layout, RenderOptions, WriteResult
from ..localize import LOCALES
from .html import html_tree, serialize
from .hyphenation import bad_breaks, keep_whole

#: Renders at most, to take back the hyphenations the limits refuse (see hyphenation.py).
HYPHENATION_ROUNDS = 5

_TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".svg": "image/svg+xml", ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2",
          ".woff": "font/woff"}


class ProjectFetcher(URLFetcher):
    """Serves ``file:`` URLs under *roots* and ``data:`` URLs; refuses everything else,
    remembering each refusal in :attr:`refused`."""

    def __init__(self, roots: Sequence[Path]):
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            raise self._refuse(f"refused {url[:80]}: only project files and data: URLs are used")
        path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:"))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise self._refuse(f"refused {url[:80]}: outside the project's layouts")
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise self._refuse(f"cannot read {path}: {exc.strerror}") from None
        content_type = _TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})

    def _refuse(self, message: str) -> FatalURLFetchingError:
        self.refused.append(message)
        return FatalURLFetchingError(message)

    def check(self, where: Path) -> None:
        """Stop for a resource refused where WeasyPrint went on without it (inside an SVG)."""
        if self.refused:
            raise CicaError.at(where, self.refused[0])


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    """One font configuration per process: fontconfig setup is the slow part of a small render."""
    return FontConfiguration()


def render(docs: Sequence[t.Document], layout: Layout, options: RenderOptions,
           fetcher: ProjectFetcher | None = None):
    """The laid-out WeasyPrint document (pages known, nothing written yet), rendered again
    while a hyphenation breaks the limits CSS cannot say (:mod:`.hyphenation`)."""
    html = html_tree(docs, layout, options)
    fetcher = fetcher or ProjectFetcher([layout.folder.parent])
    for _ in range(HYPHENATION_ROUNDS):
        try:
            document = HTML(string=serialize(html), base_url=layout.folder.resolve().as_uri() + "/",
                            url_fetcher=fetcher).render(font_config=_fonts())
        except FatalURLFetchingError as exc:
            raise CicaError.at(layout.stylesheet, str(exc)) from None
        fetcher.check(layout.stylesheet)
        if not keep_whole(html, bad_breaks(document.pages)):
            break
    return document


def anchor_pages(docs: Sequence[t.Document], layout: Layout, options: RenderOptions) -> dict[str, int]:
    """The page (from 1) each anchor of the laid-out edition is on: a DOCX's saved contents
    show these before Word counts its own. The build passes the ones its PDF found
    (``options.anchor_pages``); without them the edition is laid out here."""
    return dict(options.anchor_pages) or _anchors(render(docs, layout, options).pages)


def _anchors(pages) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        for name in page.anchors:
            found.setdefault(name, number)
    return found


def write_pdf(docs: Sequence[t.Document], layout: Layout, options: RenderOptions,
              out: Path) -> WriteResult:
    """Render and write *out* atomically (plus page PNGs with ``options.preview``)."""
    fetcher = ProjectFetcher([layout.folder.parent])
    document = render(docs, layout, options, fetcher)
    metadata = document.metadata
    metadata.modified = _now()
    metadata.created = docs[0].meta.date.isoformat() if docs[0].meta.date else metadata.modified

    def finish(document, pdf: pydyf.PDF) -> None:
        """XMP for every PDF (WeasyPrint writes it only for PDF/A and the like), and a
        ``/Lang`` naming each language of a bilingual edition."""
        if options.pdf_variant is None:
            metadata.include_in_pdf(pdf, "a", None, None, compress=True)
        pdf.catalog["Lang"] = pydyf.String(", ".join(
            dict.fromkeys(LOCALES.get(d.meta.lang, d.meta.lang).replace("_", "-") for d in docs)))

    data = document.write_pdf(pdf_variant=options.pdf_variant, finisher=finish)
    fetcher.check(layout.stylesheet)  # an SVG's resources are fetched while drawing
    write_atomic(out, data)
    if options.preview:
        write_preview(out)
    return WriteResult(out, len(document.pages), tuple(sorted(_anchors(document.pages).items()))
                       if front.has_contents(docs, layout) else ())


def _now() -> str:
    """The time of the build (W3C), or ``SOURCE_DATE_EPOCH``'s for a reproducible one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
            else dt.datetime.now(dt.UTC))
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_preview(pdf: Path, resolution: int = 60) -> list[Path]:
    """``<name>-<page>.png`` beside the PDF, one per page (poppler's pdftoppm)."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), f"{tmp}/page"],
                       check=True, capture_output=True)
        for png in sorted(Path(tmp).glob("page-*.png")):
            number = int(png.stem.rsplit("-", 1)[1])
            target = pdf.with_name(f"{pdf.stem}-{number}.png")
            write_atomic(target, png.read_bytes())
            written.append(target)
    page_png = re.compile(re.escape(pdf.stem) + r"-\d+")
    for stale in pdf.parent.glob(f"{pdf.stem}-*.png"):  # pages of a longer earlier edition
        if stale not in written and page_png.fullmatch(stale.stem):
            stale.unlink()
    return written
