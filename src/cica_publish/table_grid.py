"""How a source table sits on a grid, decided once for both writers.

A source table is rows of cells, not a grid: a row may be shorter than the widest one.
A short row of header cells is a *group* heading ("ECONOMIC DIMENSION"): its last cell
spans the rest of the table. A short row of data has empty cells after its own (no
co-coordinator). The leading full-width header rows are the table's *head*, repeated on
every page the table runs over (Word repeats only leading rows); a table of header rows
only has no head, as nothing would follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tree as t


def is_header_row(row: t.Block) -> bool:
    """A row whose cells are all header cells."""
    return isinstance(row, t.Row) and bool(row.blocks) and all(
        isinstance(c, t.Cell) and c.header for c in row.blocks)


@dataclass(frozen=True)
class Grid:
    """The grid of one table: its width in columns and how many rows make its head."""

    width: int
    head: int

    def is_group(self, row: t.Row) -> bool:
        """A short header row: a group heading, its last cell spanning the rest."""
        return 0 < len(row.blocks) < self.width and is_header_row(row)

    def padding(self, row: t.Row) -> int:
        """The empty cells a short data row gets at its end."""
        return 0 if self.is_group(row) else max(self.width - len(row.blocks), 0)


def grid(table: t.Table) -> Grid:
    rows = [r for r in table.blocks if isinstance(r, t.Row)]
    width = max((len(r.blocks) for r in rows), default=1) or 1
    head = 0
    while head < len(rows) - 1 and len(rows[head].blocks) == width and is_header_row(rows[head]):
        head += 1
    return Grid(width, head)
