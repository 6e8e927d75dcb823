"""Atomic writes: a failed run never leaves a torn or half-written file.

A write that the system refuses (a read-only folder, a directory where the file should
be) is a :class:`CicaError` naming the file, ``path: cannot write: permission denied``,
never a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CicaError


def refuse_directory(path: str | Path) -> None:
    """Refuse an output path that is an existing directory, before any work is done."""
    if Path(path).is_dir():
        raise CicaError.at(path, "is a directory")


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write *data* to *path* via a temporary file in the same folder and ``os.replace``."""
    refuse_directory(path)
    try:
        _write_atomic(Path(path), data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise CicaError.at(path, f"cannot write: {reason}") from None


def _write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: str | Path, data: str | bytes) -> bool:
    """Write atomically only when the content differs; return whether it wrote."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    refuse_directory(path)
    try:
        if path.read_bytes() == payload:
            return False
    except OSError:  # absent or unreadable: writing says whether it can be written
        pass
    write_atomic(path, payload)
    return True
