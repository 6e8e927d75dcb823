"""The linters CONTRIBUTING.md names pass on the tree: ruff on everything, mypy on src/.

Run here so CI enforces them as it enforces the tests (the configuration is pyproject's)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "ruff", "check", "src", "tests", "tools", "benchmarks"],
    [sys.executable, "-m", "mypy"],
], ids=["ruff", "mypy"])
def test_linter_passes(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
