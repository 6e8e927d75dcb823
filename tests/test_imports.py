"""The package's modules, and its parts, import one another without a cycle.

Every import counts, at module level and inside functions (and under ``TYPE_CHECKING``):
an import deferred into a function still makes the two modules depend on each other, it
only hides the cycle from Python. The graph is read from the source (``ast``), so a
module that fails to import is still checked. Cycles are looked for twice: between
modules, and between the package's parts (a subpackage such as ``transforms/`` counts as
one part, a top-level module as another), because layers are folders: ``front.py`` using a
module of ``transforms/`` while a transform uses ``front.py`` is a cycle even when no single
module imports itself back.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cica_publish"


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the package's modules it imports. ``from X import y`` names ``X.y`` when
    that is a module, else ``X``; a package's ``__init__`` is a module like the others
    (importing ``a.b`` runs ``a`` too, but that edge is Python's, not the design's)."""
    modules = {_module_name(p, package): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                for alias in node.names:
                    sub = f"{origin}.{alias.name}"
                    targets.add(sub if sub in modules else origin)
        graph[name] = {m for m in targets if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def parts(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """*graph* with each subpackage's modules merged into one node (``cica_publish.transforms``)."""
    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    merged: dict[str, set[str]] = {}
    for module, targets in graph.items():
        merged.setdefault(part(module), set()).update(part(m) for m in targets if part(m) != part(module))
    return merged


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    # build.py imports the writers inside functions; they must still count.
    assert "cica_publish.tree" in graph["cica_publish.build"]
    assert "cica_publish.writers.pdf" in graph["cica_publish.build"]


def test_cycles_are_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("from .. import a\n")
    (package / "c.py").write_text("from .a import f\n")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.sub.b"]]
    assert cycles(parts(import_graph(package))) == [["pkg.a", "pkg.sub"]]


def test_cycles_between_parts_are_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "front.py", "sub/__init__.py", "sub/x.py", "sub/y.py"):
        (package / name).write_text("")
    (package / "front.py").write_text("from .sub.x import f\n")
    (package / "sub" / "y.py").write_text("from ..front import g\n")
    assert cycles(import_graph(package)) == []
    assert cycles(parts(import_graph(package))) == [["pkg.front", "pkg.sub"]]


def test_no_import_cycle_in_the_package():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_no_import_cycle_between_the_package_parts():
    found = cycles(parts(import_graph()))
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)
