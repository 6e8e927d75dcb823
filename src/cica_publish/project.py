"""Finding the project (walking up to its config) and its paths."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import CicaError

CONFIG_FILE = "cica-publish.toml"
PYPROJECT_TABLE = "cica-publish"


@dataclass(frozen=True)
class Project:
    """A cica-publish project: a folder with sources/, locale/, layouts/ and output/."""

    root: Path
    config: dict

    @property
    def sources(self) -> Path:
        return self.root / self.config.get("sources", "sources")

    @property
    def locale(self) -> Path:
        return self.root / self.config.get("locale", "locale")

    @property
    def layouts(self) -> Path:
        return self.root / self.config.get("layouts", "layouts")

    @property
    def output(self) -> Path:
        return self.root / self.config.get("output", "output")

    @property
    def master_language(self) -> str:
        return self.config.get("master-language", "en")

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.config.get("languages", ["en", "ru"]))


def _read_config(folder: Path) -> dict | None:
    own = folder / CONFIG_FILE
    if own.is_file():
        return _load_toml(own)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _load_toml(pyproject).get("tool", {}).get(PYPROJECT_TABLE)
        if table is not None:
            return table
    return None


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise CicaError.at(path, f"invalid TOML: {exc}", line) from None


def find_project(start: str | Path | None = None) -> Project:
    """Walk up from *start* (default: the current folder) to the project's config."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = _read_config(folder)
        if config is not None:
            return Project(folder, config)
    raise CicaError.at(
        here,
        f"not inside a cica-publish project (no {CONFIG_FILE} or pyproject.toml with "
        f"[tool.{PYPROJECT_TABLE}] here or above); run from the project or pass -C DIR",
    )
