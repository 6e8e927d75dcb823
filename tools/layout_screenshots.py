#!/usr/bin/env python3
"""Rebuild the README's layout pictures (docs/layouts/*.png) from the built PDFs.

Each picture is the first pages of one output side by side, as an editor sees them
(poppler's pdftoppm at 50 dpi, on a grey ground). Build the PDFs first:

    .venv/bin/cica-publish build min-1076 report-io-2025 digest-2025-q1 what-is-cica --format pdf
    .venv/bin/python tools/layout_screenshots.py
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from PIL import Image

from cica_publish.fsutil import write_atomic

#: picture name → (output PDF, number of pages shown)
PICTURES = {
    "note": ("output/min-1076/min-1076.en-ru.pdf", 2),
    "report": ("output/report-io-2025/report-io-2025.en.pdf", 3),
    "digest": ("output/digest-2025-q1/digest-2025-q1.en.pdf", 3),
    "brochure": ("output/what-is-cica/what-is-cica.en.pdf", 3),
}
GAP, GROUND = 12, (128, 128, 128)


def pages(pdf: Path, count: int) -> list[Image.Image]:
    out = []
    for n in range(1, count + 1):
        png = subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(n), "-l", str(n), str(pdf)],
                             check=True, capture_output=True).stdout
        out.append(Image.open(io.BytesIO(png)).convert("RGB"))
    return out


def side_by_side(images: list[Image.Image]) -> bytes:
    width = sum(i.width for i in images) + GAP * (len(images) - 1)
    sheet = Image.new("RGB", (width, max(i.height for i in images)), GROUND)
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + GAP
    data = io.BytesIO()
    sheet.save(data, "PNG", optimize=True)
    return data.getvalue()


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    for name, (pdf, count) in PICTURES.items():
        target = root / "docs" / "layouts" / f"{name}.png"
        write_atomic(target, side_by_side(pages(root / pdf, count)))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
