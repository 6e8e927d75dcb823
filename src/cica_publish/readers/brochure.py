"""A brochure's text → figures, lists, tables and a timeline, as its designer laid them out.

Text taken from a brochure comes panel by panel, each panel's pieces in the order the
extraction met them: numbers apart from their labels, a title broken over display lines,
table cells one per paragraph, a timeline's years apart from their events. The shapes are
recognised from the text itself, at each paragraph in turn (the first that fits wins):

- an ordered list whose numbers were scattered among its items ("1", …, "8") — the list
  numbers its items itself, so the numbers are left out;
- a figure: a number over a capitals label ("28" / "MEMBER STATES") → one heading;
- label/value pairs ("SENIOR OFFICIALS COMMITTEE (SOC)" / "Not less than twice a year")
  → a two-column table under each group heading;
- labels each followed by the Member States that coordinate them → a table with its header
  row and group rows;
- a timeline: years with the meetings and documents around them → a table, year by year;
- a title over "LABEL:" lines and as many statements → a two-column table;
- a run of capitals statements under a title, or after a line that ends in a colon → a list;
- a document's title over its date on a line of its own ("Declaration on the Principles …" /
  "14 September 1999") → one paragraph, the date on its own line.

A title with nothing under it but more titles ("WHO WE ARE" over "OUR PRINCIPLES" and "OUR
GOALS") is the title of a spread: the titles it stands over are its subtitles.

Anything else is structured as any text is (:func:`.structure.structure_generic`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import tree as t
from ..errors import Diagnostic
from ..members import is_list_of_states
from .structure import (
    is_contact, bare_inlines, flow, inlines, is_caps,
    structure_generic, unmarked,
)
from .textparts import RawPara

#: Names made of one or two acronyms ("SCO RATS"); this many in a row make a list.
_ACRONYMS = re.compile(r"^[A-Z]{2,6}(?: [A-Z]{2,6})?$")
ACRONYM_LIST_LENGTH = 3
#: A title broken over display lines ends in one of these words ("OUR" / "PRINCIPLES").
_DANGLING = {"OUR", "THE", "A", "AN", "OF", "AND", "FOR", "IN", "ON", "TO", "WITH", "BY"}
#: A value in a label/value table is short ("Ad hoc", "Every four years").
VALUE_WORDS = 8
#: A timeline has at least this many years; a list at least this many statements.
TIMELINE_YEARS = 3
LIST_LENGTH = 3
#: An event of a timeline is at most this long (longer text is running text).
EVENT_WORDS = 25

Found = tuple[list[t.Block], int]  # the blocks made, and the index of the next paragraph


class _Paras:
    """The paragraphs of a brochure, with the questions each recogniser asks of them."""

    def __init__(self, paras: list[RawPara], path: str) -> None:
        self.paras, self.path = paras, path

    def __len__(self) -> int:
        return len(self.paras)

    def text(self, i: int) -> str | None:
        return self.paras[i].text if 0 <= i < len(self.paras) else None

    def plain(self, i: int) -> str:
        text = self.text(i)
        return unmarked(flow(text)) if text is not None else ""

    def loc(self, i: int) -> t.Loc:
        return t.Loc(self.path, self.paras[i].line)

    def number(self, i: int) -> int | None:
        """The number a paragraph of one small number (1–999) shows, else None."""
        plain = self.plain(i)
        return int(plain) if re.fullmatch(r"\d{1,3}", plain) else None

    def year(self, i: int) -> bool:
        return bool(re.fullmatch(r"(?:1[89]|20)\d\d", self.plain(i)))

    def contact(self, i: int) -> bool:
        text = self.text(i)
        return text is not None and (is_contact(text) or (
            is_caps(text) and self.text(i + 1) is not None and is_contact(self.text(i + 1) or "")))

    def label(self, i: int) -> bool:
        """A capitals label (not a number, not an introduction ending in a colon)."""
        text = self.text(i)
        return (text is not None and is_caps(text) and self.number(i) is None
                and not self.plain(i).endswith(":") and not self.contact(i))

    def value(self, i: int) -> bool:
        """A short value in sentence case ("Ad hoc"), not a sentence."""
        text = self.text(i)
        plain = self.plain(i)
        return (text is not None and not is_caps(text) and "*" not in text and bool(plain)
                and plain[-1] not in ".;:" and len(plain.split()) <= VALUE_WORDS
                and self.number(i) is None and not self.year(i) and not self.contact(i))

    def pair(self, i: int) -> bool:
        return self.label(i) and self.value(i + 1)

    def states(self, i: int) -> bool:
        text = self.text(i)
        return text is not None and is_caps(text) and is_list_of_states(unmarked(text))

    def colon(self, i: int) -> bool:
        return self.plain(i).endswith(":")

    def title(self, i: int) -> bool:
        return 0 <= i < len(self.paras) and self.paras[i].role == "title"


def _item_inlines(paras: _Paras, i: int) -> t.Inlines:
    """An item's inlines: capitals set in display type lose their ``**``, text keeps its markup."""
    text = paras.text(i) or ""
    return bare_inlines(text) if is_caps(text) else inlines(text)


def _heading(paras: _Paras, i: int, level: int = 2) -> t.Heading:
    return t.Heading(None, bare_inlines(paras.text(i) or ""), paras.loc(i), level=level)


def _cell(paras: _Paras, i: int, header: bool = False) -> t.Cell:
    return t.Cell(None, _item_inlines(paras, i), paras.loc(i), header=header)


def _items(paras: _Paras, indexes: list[int], ordered: bool = False) -> t.BulletList:
    items = tuple(t.ListItem(None, _item_inlines(paras, i), paras.loc(i)) for i in indexes)
    return t.BulletList(items, loc=items[0].loc, ordered=ordered)


# ---------------------------------------------------------------- recognisers


def ordered_list(paras: _Paras, i: int) -> Found | None:
    """"1", items, "2", "3", items … up to the last number: an ordered list of as many items."""
    if paras.number(i) != 1:
        return None
    items: list[int] = []
    last, end, j = 0, i, i
    while j < len(paras) and not paras.year(j) and not paras.contact(j):
        number = paras.number(j)
        if number is not None:
            if number != last + 1:
                break
            last, end = number, j
        else:
            items.append(j)
        j += 1
    items = items[:last]
    if last < 2 or len(items) < last:
        return None
    return [_items(paras, items, ordered=True)], max(end, items[-1]) + 1


def figure(paras: _Paras, i: int) -> Found | None:
    """A number over a short capitals label: one heading ("28 MEMBER STATES")."""
    number = paras.number(i)
    if number is None or not paras.label(i + 1) or len(paras.plain(i + 1).split()) > 4:
        return None
    content = (t.Text(f"{number} "), *bare_inlines(paras.text(i + 1) or ""))
    return [t.Heading(None, tuple(content), paras.loc(i), level=2)], i + 2


def pairs_table(paras: _Paras, i: int) -> Found | None:
    """Label/value pairs, two or more, in groups under capitals headings → heading + table."""
    def group(j: int) -> bool:
        return paras.label(j) and paras.pair(j + 1)

    if not ((paras.pair(i) and paras.pair(i + 2)) or (group(i) and paras.pair(i + 3))):
        return None
    blocks: list[t.Block] = []
    rows: list[t.Row] = []
    j = i
    while True:
        if paras.pair(j):
            rows.append(t.Row((_cell(paras, j), _cell(paras, j + 1)), loc=paras.loc(j)))
            j += 2
        elif group(j):
            if rows:
                blocks.append(t.Table(tuple(rows), loc=rows[0].loc))
                rows = []
            blocks.append(_heading(paras, j))
            j += 1
        else:
            break
    if rows:
        blocks.append(t.Table(tuple(rows), loc=rows[0].loc))
    return blocks, j


def _state_columns(text: str) -> list[str]:
    """The lines of a states cell as columns: the first line, then the rest
    (a line that ends in a comma goes on in the next)."""
    entries: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if entries and entries[-1].endswith(","):
            entries[-1] += f" {line}"
        elif line:
            entries.append(line)
    return entries[:1] + ([" ".join(entries[1:])] if len(entries) > 1 else [])


def states_table(paras: _Paras, i: int) -> Found | None:
    """Labels each followed by the Member States coordinating them → a table.

    Two capitals paragraphs before the first row, the second of one line per value column
    ("COORDINATORS" / "CO-COORDINATORS"), are its header; a label followed by another
    label is a group row ("ECONOMIC DIMENSION").
    """
    def row(j: int) -> bool:
        return paras.label(j) and not paras.states(j) and paras.states(j + 1)

    def group(j: int) -> bool:
        return paras.label(j) and not paras.states(j) and row(j + 1)

    header = (paras.label(i) and paras.label(i + 1) and not paras.states(i + 1)
              and len((paras.text(i + 1) or "").split("\n")) == 2 and (row(i + 2) or group(i + 2)))
    if not (header or (row(i) and (row(i + 2) or group(i + 2)))):
        return None
    rows: list[t.Row] = []
    j = i
    if header:
        columns = [t.Cell(None, bare_inlines(line), paras.loc(i + 1), header=True)
                   for line in (paras.text(i + 1) or "").split("\n")]
        rows.append(t.Row((_cell(paras, i, header=True), *columns), loc=paras.loc(i)))
        j = i + 2
    while True:
        if row(j):
            cells = [_cell(paras, j)] + [
                t.Cell(None, bare_inlines(column), paras.loc(j + 1))
                for column in _state_columns(unmarked(paras.text(j + 1) or ""))]
            rows.append(t.Row(tuple(cells), loc=paras.loc(j)))
            j += 2
        elif group(j):
            rows.append(t.Row((_cell(paras, j, header=True),), loc=paras.loc(j)))
            j += 1
        else:
            break
    return [t.Table(tuple(rows), loc=rows[0].loc)], j


def timeline(paras: _Paras, i: int) -> Found | None:
    """Years and their events → a table of rows "year | events", earliest first.

    An event after a year is that year's; each year has one document (plain text) besides
    its meetings (capitals or bold), so a second one — like an event before the first
    year — goes with the next year: a timeline sets labels above and below its line.
    """
    def event(j: int) -> bool:
        text = paras.text(j)
        return (text is not None and not paras.year(j) and paras.number(j) is None
                and not paras.colon(j) and not paras.contact(j) and not paras.plain(j).endswith(".")
                and len(paras.plain(j).split()) <= EVENT_WORDS)

    if not (paras.year(i) or (event(i) and paras.year(i + 1))):
        return None
    j = i
    while j < len(paras) and (paras.year(j) or event(j)) and not colon_table(paras, j):
        j += 1
    years = [k for k in range(i, j) if paras.year(k)]
    if len(years) < TIMELINE_YEARS:
        return None
    rows: list[tuple[int, list[int], list[int]]] = []  # year's paragraph, meetings, documents
    waiting: list[int] = []
    for k in range(i, j):
        if paras.year(k):
            rows.append((k, [], waiting))
            waiting = []
        elif not rows or (not is_meeting(paras.text(k) or "") and rows[-1][2]):
            waiting.append(k)
        else:
            _, meetings, documents = rows[-1]
            (meetings if is_meeting(paras.text(k) or "") else documents).append(k)
    if waiting:
        rows[-1][2].extend(waiting)
    table_rows = []
    for year, meetings, documents in sorted(rows, key=lambda row: paras.plain(row[0])):
        cells = [_cell(paras, year)]
        if meetings or documents:
            events: list[t.Inline] = []
            for k in meetings + documents:
                events.extend(((t.LineBreak(),) if events else ()) + _item_inlines(paras, k))
            cells.append(t.Cell(None, tuple(events), paras.loc((meetings + documents)[0])))
        table_rows.append(t.Row(tuple(cells), loc=paras.loc(year)))
    return [t.Table(tuple(table_rows), loc=paras.loc(i))], j


def is_meeting(text: str) -> bool:
    """A meeting on a timeline is set in capitals or in bold; a document in plain text."""
    stripped = text.strip()
    return is_caps(text) or (stripped.startswith("**") and stripped.endswith("**"))


def colon_table(paras: _Paras, i: int) -> Found | None:
    """A title, "LABEL:" lines and as many statements → the title and a two-column table."""
    if not paras.label(i):
        return None
    labels = 0
    while paras.colon(i + 1 + labels) and is_caps(paras.text(i + 1 + labels) or ""):
        labels += 1
    first = i + 1 + labels
    if labels < 2 or not all(paras.label(k) for k in range(first, first + labels)):
        return None
    rows = tuple(t.Row((_cell(paras, i + 1 + k), _cell(paras, first + k)), loc=paras.loc(i + 1 + k))
                 for k in range(labels))
    return [_heading(paras, i), t.Table(rows, loc=rows[0].loc)], first + labels


def statements(paras: _Paras, i: int) -> Found | None:
    """Capitals statements under a title, after a colon, or above the title that follows them;
    the run ends where a table or a timeline begins."""
    def run(start: int) -> int:
        end = start
        while (paras.label(end) and not paras.title(end) and not _ACRONYMS.match(paras.plain(end))
               and not any(other(paras, end) for other in (pairs_table, states_table, timeline,
                                                            colon_table))):
            end += 1
        return end

    if paras.title(i) or (paras.colon(i) and not is_caps(paras.text(i) or "")):
        end = run(i + 1)
        if end - (i + 1) < LIST_LENGTH:
            return None
        intro: t.Block = (_heading(paras, i) if paras.title(i)
                          else t.Paragraph(None, inlines(paras.text(i) or ""), paras.loc(i)))
        return [intro, _items(paras, list(range(i + 1, end)))], end
    end = run(i)
    if end - i >= LIST_LENGTH and paras.title(end):
        return [_heading(paras, end), _items(paras, list(range(i, end)))], end + 1
    return None


_DATE_LINE = re.compile(
    r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}")


def dated_title(paras: _Paras, i: int) -> Found | None:
    """A title set over its date ("… between the CICA Member States" / "14 September 1999"):
    one paragraph, the date kept on its own line rather than run into the title."""
    lines = [line.strip() for line in (paras.text(i) or "").split("\n")]
    if len(lines) < 2 or not _DATE_LINE.fullmatch(unmarked(lines[-1])):
        return None
    content = inlines("\n".join(lines[:-1])) + (t.LineBreak(),) + inlines(lines[-1])
    return [t.Paragraph(None, content, paras.loc(i))], i + 1


RECOGNISERS: tuple[Callable[[_Paras, int], Found | None], ...] = (
    ordered_list, figure, pairs_table, states_table, timeline, colon_table, statements,
    dated_title,
)


# ---------------------------------------------------------------- the brochure


def join_display_titles(paras: list[RawPara]) -> list[RawPara]:
    """A capitals title broken over paragraphs ("OUR" / "PRINCIPLES") → one, marked a title."""
    out: list[RawPara] = []
    for para in paras:
        previous = out[-1] if out else None
        if (previous is not None and previous.role != "title" and is_caps(previous.text)
                and is_caps(para.text) and unmarked(previous.text).split()[-1] in _DANGLING):
            out[-1] = RawPara(f"{previous.text}\n{para.text}", previous.line, "title")
        else:
            out.append(para)
    return out


def structure_brochure(
    paras: list[RawPara], meta: t.Meta, path: str
) -> tuple[tuple[t.Block, ...], list[Diagnostic]]:
    """A brochure: its title, then its panels' figures, lists, tables and texts in order."""
    found = _Paras(join_display_titles(paras), path)
    blocks: list[t.Block] = []
    pending: list[RawPara] = []
    diagnostics: list[Diagnostic] = []

    def flush() -> None:
        if pending:
            made, remarks = structure_generic(pending, meta, path)
            blocks.extend(_acronym_lists(made))
            diagnostics.extend(remarks)
            pending.clear()

    i = 0
    while i < len(found):
        result = next((r for r in (rec(found, i) for rec in RECOGNISERS) if r), None)
        if result is None:
            pending.append(found.paras[i])
            i += 1
            continue
        flush()
        made, i = result
        blocks.extend(made)
    flush()
    if blocks and isinstance(blocks[0], t.Heading):
        blocks[0] = t.Heading(None, blocks[0].content, blocks[0].loc, level=1)
    return tuple(_spread_titles(_titles_above_lists(blocks))), diagnostics


def _acronym_lists(blocks: tuple[t.Block, ...]) -> list[t.Block]:
    """A run of acronyms ("IOM", "UN", "OSCE" …), taken for headings, is a list."""
    out: list[t.Block] = []
    run: list[t.Heading] = []

    def close() -> None:
        if len(run) >= ACRONYM_LIST_LENGTH:
            out.append(t.BulletList(
                tuple(t.ListItem(None, h.content, h.loc) for h in run), loc=run[0].loc))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        if isinstance(block, t.Heading) and _ACRONYMS.match(t.plain_text(block.content)):
            run.append(block)
            continue
        close()
        out.append(block)
    close()
    return out


def _titles_above_lists(blocks: list[t.Block]) -> list[t.Block]:
    """A list with no title of its own, followed by a heading that titles nothing (another
    heading follows it): the extraction put the panel's title below its list."""
    out = list(blocks)
    for k in range(1, len(out) - 2):
        if (isinstance(out[k], t.BulletList) and not isinstance(out[k - 1], t.Heading)
                and isinstance(out[k + 1], t.Heading) and isinstance(out[k + 2], t.Heading)):
            out[k], out[k + 1] = out[k + 1], out[k]
    return out


def _spread_titles(blocks: list[t.Block]) -> list[t.Block]:
    """A title directly over another title (not a figure: "28 MEMBER STATES") titles a spread:
    the title under it and the titles after that which open with the same word ("OUR
    PRINCIPLES", "OUR GOALS") become its subtitles, one level down, so no title is empty."""
    out = list(blocks)
    for k, block in enumerate(out[:-1]):
        following = out[k + 1]
        if not (isinstance(block, t.Heading) and isinstance(following, t.Heading)
                and block.level == following.level and not _figure(block) and not _figure(following)):
            continue
        first = t.plain_text(following.content).split()[0]
        for j in range(k + 1, len(out)):
            heading = out[j]
            if not isinstance(heading, t.Heading) or heading.level != block.level:
                continue
            if j > k + 1 and t.plain_text(heading.content).split()[0] != first:
                break
            out[j] = t.Heading(heading.id, heading.content, heading.loc, level=block.level + 1)
    return out


def _figure(heading: t.Heading) -> bool:
    return t.plain_text(heading.content)[:1].isdigit()
