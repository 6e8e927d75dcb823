"""Shared fixtures: the project root, the seeds, and a scratch copy of the project."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cica_publish import tree as t

ROOT = Path(__file__).resolve().parents[1]
#: The seeds, the documents the corpus is imported from (see sources/originals/README.md).
SEEDS = ROOT / "sources" / "originals"
#: Real English–Russian parallel sets with gold alignments, and their scorer.
ALIGN_DEV = ROOT / "benchmarks" / "data" / "align-dev"


def seed(number: str) -> Path:
    """The seed file whose name starts with *number* (000 … 004)."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


def words(text: str) -> list[str]:
    """Comparable words, lower case: hyphens dropped, so a word hyphenated at a line's end
    (a PDF's, a seed's) comes back whole."""
    text = re.sub(r"-\s*\n\s*", "", text).replace("-", "")
    return re.findall(r"\w+", text.lower())


def tree_classes(base: type) -> set[type]:
    """The concrete node classes of tree.py under *base* (``Block``, ``Inline``): what every
    writer must handle. Only tree.py's own, so a subclass another test defines never counts."""
    abstract = {t.Node, t.Inline, t.Block, t.TextBlock, t.Container, t.Document}
    found = {cls for _, cls in inspect.getmembers(t, inspect.isclass)
             if issubclass(cls, base) and cls.__module__ == t.__name__} - abstract
    assert len(found) > 5, found
    return found


def copy_project(dest: Path) -> Path:
    """Copy the project (config, sources, locale, layouts, register) into *dest*."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", dest)
    for folder in ("sources", "locale", "layouts", "register"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    return dest


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project to write into."""
    return copy_project(tmp_path / "project")

CLI = [sys.executable, "-m", "cica_publish.cli"]


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``cica-publish -C PROJECT ARGS…`` in a process of its own, as a user runs it."""
    return subprocess.run([*CLI, "-C", str(project), *args], capture_output=True, text=True)
