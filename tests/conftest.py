"""Shared fixtures: the project root, the seeds, and a scratch copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def seed(number: str) -> Path:
    """The seed file whose name starts with *number* (000 … 004)."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project (config, sources, locale, layouts) to write into."""
    dest = tmp_path / "project"
    dest.mkdir()
    shutil.copy(ROOT / "pyproject.toml", dest)
    for folder in ("sources", "locale", "layouts"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    return dest
