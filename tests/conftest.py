"""Shared fixtures: the project root, the seeds, and a scratch copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def seed(number: str) -> Path:
    """The seed file whose name starts with *number* (000 … 004)."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


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
