"""The architecture is kept by checks, not by memory: stage packages import only
downward (the import-linter contracts in pyproject.toml), no import cycle between
modules, and no import of our own modules hidden inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

from .conftest import ROOT

PACKAGES = ("builder", "schema")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(tool), "--no-cache"], cwd=cwd, capture_output=True, text=True)


def test_import_contracts_are_kept() -> None:
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract can fail: a copy of the code where check/ imports site/ breaks it."""
    for name in (*PACKAGES, "pyproject.toml"):
        src = ROOT / name
        if src.is_dir():
            subprocess.run(["cp", "-r", str(src), str(tmp_path / name)], check=True)
        else:
            (tmp_path / name).write_text(src.read_text())
    rule = tmp_path / "builder" / "check" / "corpus.py"
    rule.write_text(rule.read_text() + "\nfrom builder.site import model  # noqa: E402\n")
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "builder.check.corpus -> builder.site.model" in proc.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for nxt in graph.find_modules_directly_imported_by(node):
            if nxt.split(".")[0] not in PACKAGES:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for module in sorted(graph.modules):
        if module.split(".")[0] in PACKAGES and module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(grimp.build_graph(*PACKAGES)) == []


def test_cycle_finder_sees_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("builder.a", "builder.b", "builder.c"):
        graph.add_module(name)
    graph.add_import(importer="builder.a", imported="builder.b")
    graph.add_import(importer="builder.b", imported="builder.a")
    graph.add_import(importer="builder.b", imported="builder.c")
    assert _cycles(graph) == [["builder.a", "builder.b"]]


def _nested_own_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names]
            if getattr(node, "level", 0) or any(n.split(".")[0] in PACKAGES for n in names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_own_module_imported_inside_a_function() -> None:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    assert [hit for p in files for hit in _nested_own_imports(p)] == []
