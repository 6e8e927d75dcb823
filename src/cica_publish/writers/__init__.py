"""Writers: a document tree in, a file format out.

What every writer says the same way lives here: the error for a node it has no rule for
(a tree class added without teaching every writer, see the tests that every class is
handled) and the footnote a reference points at.
"""

from __future__ import annotations

from .. import tree as t
from ..errors import CicaError


def cannot_lay_out(writer: str, node: t.Node, doc: t.Document) -> CicaError:
    """The error for a node *writer* has no rule for, at its source line (else the document's)."""
    loc = getattr(node, "loc", None) or doc.loc
    return CicaError.at(loc.path if loc else doc.meta.id,
                        f"the {writer} writer cannot lay out {type(node).__name__}",
                        loc.line if loc else None)


def footnote(doc: t.Document, ref: str) -> t.Footnote:
    """The footnote a :class:`~cica_publish.tree.NoteRef` points at, or an error."""
    note = next((n for n in doc.footnotes if n.id == ref), None)
    if note is None:
        raise CicaError.at(doc.loc.path if doc.loc else doc.meta.id,
                           f"footnote reference {ref!r} has no footnote")
    return note
