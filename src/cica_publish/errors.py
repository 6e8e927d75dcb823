"""Diagnostics that always carry a place (file, line, column).

Library code collects :class:`Diagnostic` objects and raises :class:`CicaError`;
only the CLI prints them, as ``path:line:col: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable


@dataclass(frozen=True)
class Diagnostic:
    """One problem (or, with ``severity="warning"``, one remark) at one place."""

    path: str
    line: int | None
    message: str
    col: int | None = None
    code: str = "error"
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class CicaError(Exception):
    """A failure the user can fix; carries one or more diagnostics."""

    exit_status = 1

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        self.diagnostics = (
            [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        )
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(
        cls, path: str | Path, message: str, line: int | None = None, col: int | None = None,
        code: str = "error",
    ) -> CicaError:
        return cls(Diagnostic(str(path), line, message, col, code))


class UsageError(CicaError):
    """Wrong command-line usage (exit status 2)."""

    exit_status = 2
