"""The reference register: which reference (``MIN/1076``) went to which document, and when.

An embedded SQLite file, committed with the project so that every editor shares it
through the repository. Why it is built the way it is:

- **A number is never issued twice.** ``(series, number)`` is the primary key, and the
  next number is taken inside ``BEGIN IMMEDIATE`` (one writer at a time; the others wait
  up to ``timeout`` seconds), as ``max(number) + 1`` over *every* row, void ones included.
- **No number vanishes.** A number exists once its transaction commits, and only then is
  it printed. Work done under :meth:`Register.issue` (writing and building a note) runs in
  the same transaction: if it fails, the transaction rolls back and the number is given
  back, before anyone could see it. A number that was seen and then not used is voided
  with a reason (:meth:`Register.void`), never deleted.
- **A killed process leaves it consistent.** SQLite's rollback journal undoes a half-done
  transaction at the next open.
- **Rollback journal, not WAL.** A committed file must be self-contained: in WAL mode
  committed transactions can live in ``-wal`` beside the database until a checkpoint, so
  committing the ``.sqlite3`` alone to git could lose issued numbers. With
  ``journal_mode=DELETE`` and ``synchronous=FULL`` the main file holds everything once a
  command returns; a ``-journal`` only exists during a write (or after a crash, when it
  is needed to roll back and must not be deleted).
- **A damaged file is an error, never a fresh start.** SQLite reads an empty or missing
  file as an empty database, which would restart every series; so a missing, truncated,
  corrupt, foreign, read-only or locked register raises :class:`CicaError` naming the
  file and what to do, and nothing is issued.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import re
import sqlite3
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping

from .errors import CicaError, UsageError
from .project import Project
from .recognise import REGISTER_REFERENCE, SERIES

DEFAULT_PATH = "register/references.sqlite3"
SCHEMA_VERSION = 1
DEFAULT_TIMEOUT = 60.0  # seconds a writer waits for another one (a note being built)

_SERIES = re.compile(rf"^{SERIES}$")

_SCHEMA = f"""
CREATE TABLE reference (
    series     TEXT    NOT NULL,
    number     INTEGER NOT NULL CHECK (number > 0),
    date       TEXT    NOT NULL,            -- ISO date of the document (or of issue)
    doc_id     TEXT,
    title      TEXT    NOT NULL DEFAULT '',
    addressees TEXT    NOT NULL DEFAULT '[]',  -- JSON list of distribution-list keys
    files      TEXT    NOT NULL DEFAULT '{{}}',  -- JSON {{project-relative path: sha256}}
    status     TEXT    NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
    reason     TEXT,
    issued_at  TEXT    NOT NULL,            -- UTC timestamp of allocation
    PRIMARY KEY (series, number)
) WITHOUT ROWID;
PRAGMA user_version = {SCHEMA_VERSION};
"""


@dataclass(frozen=True)
class Entry:
    """One issued reference."""

    series: str
    number: int
    date: dt.date
    doc_id: str | None = None
    title: str = ""
    addressees: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    status: str = "issued"
    reason: str | None = None
    issued_at: str = ""

    @property
    def ref(self) -> str:
        return f"{self.series}/{self.number}"

    def as_json(self) -> dict:
        return {
            "reference": self.ref, "series": self.series, "number": self.number,
            "date": self.date.isoformat(), "doc_id": self.doc_id, "title": self.title,
            "addressees": list(self.addressees), "files": dict(self.files),
            "status": self.status, "reason": self.reason, "issued_at": self.issued_at,
        }


CSV_FIELDS = ("reference", "series", "number", "date", "doc_id", "title", "addressees",
              "files", "status", "reason", "issued_at")


def parse_ref(ref: str) -> tuple[str, int]:
    """``"MIN/1076"`` → ``("MIN", 1076)``."""
    match = REGISTER_REFERENCE.match(ref.strip().lstrip("№"))
    if not match:
        raise UsageError.at("register", f"{ref!r} is not a reference: write SERIES/NUMBER, e.g. MIN/1077")
    return match["series"], int(match["number"])


def check_series(series: str) -> str:
    if not _SERIES.match(series):
        raise UsageError.at("register", f"{series!r} is not a series name: capitals and digits, e.g. MIN")
    return series


class Pending:
    """A reference allocated inside an open transaction (see :meth:`Register.issue`)."""

    def __init__(self, conn: sqlite3.Connection, entry: Entry):
        self._conn = conn
        self.entry = entry

    @property
    def ref(self) -> str:
        return self.entry.ref

    def update(self, *, doc_id: str | None = None, title: str | None = None,
               files: Mapping[str, str] | None = None) -> None:
        """Fill in what is known only after the number (the document, the hashes of its files)."""
        self.entry = dataclasses.replace(
            self.entry,
            doc_id=self.entry.doc_id if doc_id is None else doc_id,
            title=self.entry.title if title is None else title,
            files={**self.entry.files, **(files or {})},
        )
        e = self.entry
        self._conn.execute(
            "UPDATE reference SET doc_id = ?, title = ?, files = ? WHERE series = ? AND number = ?",
            (e.doc_id, e.title, json.dumps(dict(e.files), sort_keys=True), e.series, e.number))


class Register:
    """The register file at *path*; *starts* gives the first number of each series."""

    def __init__(self, path: str | Path, starts: Mapping[str, int] | None = None,
                 timeout: float = DEFAULT_TIMEOUT):
        self.path = Path(path)
        self.starts = dict(starts or {})
        self.timeout = timeout

    @classmethod
    def of(cls, project: Project) -> Register:
        """The project's register: ``register`` and ``register-start`` of the project config."""
        starts = project.config.get("register-start", {})
        if not isinstance(starts, dict) or not all(
            isinstance(v, int) and v > 0 for v in starts.values()
        ):
            raise CicaError.at(project.root / "pyproject.toml",
                               "register-start must be a table of series = first number, e.g. { MIN = 1 }")
        return cls(project.root / project.config.get("register", DEFAULT_PATH), starts)

    # ------------------------------------------------------------ creating

    def create(self, entries: Iterable[Entry] = ()) -> int:
        """Create a new register holding *entries* (references already issued); refuses to overwrite."""
        if self.path.exists():
            raise CicaError.at(self.path, "a register already exists here; it is never overwritten")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.new")
        tmp.unlink(missing_ok=True)
        count = 0
        with _closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.executescript(_SCHEMA)
            conn.execute("BEGIN")
            for entry in entries:
                self._insert(conn, entry)
                count += 1
            conn.execute("COMMIT")
        os.replace(tmp, self.path)  # appears whole or not at all
        return count

    # ------------------------------------------------------------ issuing

    @contextmanager
    def issue(
        self, series: str, *, date: dt.date | None = None, doc_id: str | None = None,
        title: str = "", addressees: Iterable[str] = (),
    ) -> Iterator[Pending]:
        """Allocate the next reference of *series*; commit when the ``with`` body succeeds.

        The body runs inside the write transaction: an exception (or a killed process)
        gives the number back, as if it had never been taken.
        """
        check_series(series)
        with self._transaction(write=True) as conn:
            known = {row[0] for row in conn.execute("SELECT DISTINCT series FROM reference")}
            if series not in known and series not in self.starts:
                raise CicaError.at(self.path, (
                    f"unknown series {series!r} (known: {', '.join(sorted(known | set(self.starts))) or 'none'}); "
                    f"to open a new series add it to register-start in the project config, "
                    f"e.g. register-start = {{ {series} = 1 }}"))
            (last,) = conn.execute(
                "SELECT max(number) FROM reference WHERE series = ?", (series,)).fetchone()
            number = max((last or 0) + 1, self.starts.get(series, 1))
            entry = Entry(series, number, date or dt.date.today(), doc_id, title,
                          tuple(addressees), {}, "issued", None, _now())
            self._insert(conn, entry)
            pending = Pending(conn, entry)
            yield pending

    def next(self, series: str, **details) -> Entry:
        """Allocate and commit the next reference of *series*."""
        with self.issue(series, **details) as pending:
            return pending.entry

    def void(self, ref: str, why: str) -> Entry:
        """Mark *ref* void with the reason; its number stays used."""
        if not why.strip():
            raise UsageError.at("register", "say why the reference is void (--why TEXT)")
        series, number = parse_ref(ref)
        with self._transaction(write=True) as conn:
            entry = self._get(conn, series, number)
            if entry.status == "void":
                raise CicaError.at(self.path, f"{entry.ref} is already void ({entry.reason})")
            conn.execute(
                "UPDATE reference SET status = 'void', reason = ? WHERE series = ? AND number = ?",
                (why.strip(), series, number))
            return self._get(conn, series, number)

    def record_files(self, ref: str, files: Mapping[str, str]) -> Entry:
        """Add or replace the hashes of files produced for *ref* (a rebuild)."""
        series, number = parse_ref(ref)
        with self._transaction(write=True) as conn:
            pending = Pending(conn, self._get(conn, series, number))
            pending.update(files=files)
            return pending.entry

    # ------------------------------------------------------------ reading

    def entries(self, series: str | None = None) -> list[Entry]:
        with self._transaction(write=False) as conn:
            sql, args = "SELECT * FROM reference", tuple[str, ...]()
            if series is not None:
                sql, args = sql + " WHERE series = ?", (check_series(series),)
            rows = conn.execute(sql + " ORDER BY series, number", args).fetchall()
        return [_entry(row) for row in rows]

    def get(self, ref: str) -> Entry:
        series, number = parse_ref(ref)
        with self._transaction(write=False) as conn:
            return self._get(conn, series, number)

    def find(self, doc_id: str) -> Entry | None:
        """The issued reference of document *doc_id*, if any."""
        with self._transaction(write=False) as conn:
            row = conn.execute(
                "SELECT * FROM reference WHERE doc_id = ? AND status = 'issued' "
                "ORDER BY series, number DESC", (doc_id,)).fetchone()
        return _entry(row) if row else None

    def export_csv(self, series: str | None = None) -> str:
        """The register as CSV (one row per reference) for the archive."""
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for entry in self.entries(series):
            row = entry.as_json()
            row["addressees"] = "; ".join(entry.addressees)
            row["files"] = "; ".join(f"{p} sha256:{h}" for p, h in sorted(entry.files.items()))
            writer.writerow(row)
        return out.getvalue()

    # ------------------------------------------------------------ plumbing

    def _get(self, conn: sqlite3.Connection, series: str, number: int) -> Entry:
        row = conn.execute("SELECT * FROM reference WHERE series = ? AND number = ?",
                           (series, number)).fetchone()
        if row is None:
            raise CicaError.at(self.path, f"{series}/{number} is not in the register")
        return _entry(row)

    @staticmethod
    def _insert(conn: sqlite3.Connection, e: Entry) -> None:
        conn.execute(
            "INSERT INTO reference (series, number, date, doc_id, title, addressees, files, "
            "status, reason, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.series, e.number, e.date.isoformat(), e.doc_id, e.title,
             json.dumps(list(e.addressees), ensure_ascii=False),
             json.dumps(dict(e.files), sort_keys=True), e.status, e.reason, e.issued_at or _now()))

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One connection, one transaction: committed on success, rolled back otherwise."""
        self._check_file(write)
        mode = "rw" if write or self._writable() else "ro"  # rw can roll back a hot journal
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode={mode}", uri=True,
                                   timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc, write) from None
        conn.row_factory = sqlite3.Row
        try:
            try:
                if mode == "rw":
                    conn.execute("PRAGMA journal_mode = DELETE")
                    conn.execute("PRAGMA synchronous = FULL")
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                self._check_contents(conn)
            except sqlite3.Error as exc:
                raise self._error(exc, write) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc, write) from None
                raise
        finally:
            conn.close()

    def _writable(self) -> bool:
        """Writable by its mode bits (even for root) and its folder (where the journal goes)."""
        mode = self.path.stat().st_mode
        return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(
            self.path.parent, os.W_OK)

    def _check_file(self, write: bool) -> None:
        path = self.path
        if not path.exists():
            raise CicaError.at(path, (
                f"no reference register here; restore it from git (git checkout -- {path}) "
                "or, for a new project, create it with `cica-publish register init`"))
        if path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and restart every series.
            raise _damaged(path, "empty file")
        if write and not self._writable():
            raise _read_only(path)

    def _check_contents(self, conn: sqlite3.Connection) -> None:
        """Integrity and schema, checked by SQLite itself (truncation is corruption to it).

        Never open the database file directly here: closing any descriptor of it drops
        this process's POSIX locks, and another process would then take our live journal
        for a hot one and roll our transaction back.
        """
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _damaged(self.path, "; ".join(problems[:3]))
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA_VERSION:
            raise CicaError.at(self.path, (
                f"not a reference register of this version (schema {version}, expected "
                f"{SCHEMA_VERSION}); use the cica-publish version that made it"))

    def _error(self, exc: sqlite3.Error, write: bool) -> CicaError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return CicaError.at(self.path, (
                f"the reference register is locked: another process has held it for more than "
                f"{self.timeout:g} s (a note being built, or a hung process: see `fuser {self.path}`); "
                "no number was issued, try again"))
        if "readonly" in text or "read-only" in text:
            return _read_only(self.path) if write else CicaError.at(self.path, (
                "the reference register is read-only and an interrupted allocation left its "
                f"journal ({self.path.name}-journal), which only a writable register can roll "
                "back before it is read. Make it writable (chmod u+w) and run the command again"))
        if "unable to open" in text:
            return CicaError.at(self.path, f"cannot open the reference register ({text})")
        return _damaged(self.path, text)


def _read_only(path: Path) -> CicaError:
    return CicaError.at(path, (
        "the reference register is read-only (the file or its folder is not writable); no "
        "number was issued. Make it writable (chmod u+w) or work on a writable checkout"))


def _damaged(path: Path, detail: str) -> CicaError:
    return CicaError.at(path, (
        f"the reference register is damaged ({detail}); no number was issued. Restore the "
        "last good copy (git log -- the file), re-record the references issued since, "
        "then allocate again"))


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        series=row["series"], number=row["number"], date=dt.date.fromisoformat(row["date"]),
        doc_id=row["doc_id"], title=row["title"], addressees=tuple(json.loads(row["addressees"])),
        files=json.loads(row["files"]), status=row["status"], reason=row["reason"],
        issued_at=row["issued_at"],
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@contextmanager
def _closing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
    finally:
        conn.close()


def entries_from_sources(project: Project) -> list[Entry]:
    """References already carried by the project's sources (the corpus's ``MIN/1076``)."""
    from .sources import find_sources
    from .readers.xml import read_source

    found: dict[tuple[str, int], Entry] = {}
    for src in find_sources(project):
        doc = read_source(src.path)
        if not doc.meta.reference or doc.meta.lang != doc.meta.master_lang:
            continue
        series, number = parse_ref(doc.meta.reference)
        found[(series, number)] = Entry(
            series, number, doc.meta.date or dt.date.today(), doc.meta.id, doc.meta.title,
            doc.meta.addressees, {}, "issued", None, _now())
    return [found[key] for key in sorted(found)]
