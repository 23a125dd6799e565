"""The import direction of the code, checked: app -> shell -> pages -> ui, routes, context,
auth -> figures, export -> views -> queries -> periods, claims, store, text, errors, settings
-> loaders.

A module imports only from its own layer or below; nothing under the pages imports Dash or
Flask; no function reaches back into a package root to find shared state.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lower numbers sit lower. A module may import modules of its own layer or any lower one.
LAYERS = {
    "loaders": 0,
    "dashboard": 1,  # the package root holds only the version
    "dashboard.errors": 1,
    "dashboard.text": 1,
    "dashboard.periods": 1,
    "dashboard.claims": 1,
    "dashboard.store": 1,
    "dashboard.engine": 1,
    "dashboard.settings": 1,
    "dashboard.currency": 1,
    "dashboard.coverage": 1,
    "dashboard.queries": 2,
    "dashboard.views": 3,
    "dashboard.figures": 4,
    "dashboard.export": 4,
    "dashboard.context": 5,
    "dashboard.auth": 5,
    "dashboard.ui": 5,
    "dashboard.routes": 5,
    "dashboard.pages": 6,
    "dashboard.app": 7,
    "dashboard.__main__": 7,
    "app": 8,
}
WEB = ("dash", "dash_ag_grid", "flask", "flask_login", "flask_wtf", "werkzeug")
# Password hashing is not the web stack: the workspace keeps users' hashes.
NOT_WEB = ("werkzeug.security",)
WEB_FROM_LAYER = 5  # context, ui, routes, pages and the shell may use the web stack


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int | None:
    while module:
        if module in LAYERS:
            return LAYERS[module]
        module = module.rpartition(".")[0]
    return None


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST, bool]]:
    """(imported module, node, inside a function) for every import in a module."""
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.append((child.module, child, inner))
                # "from dashboard import text" imports the module dashboard.text.
                found.extend((f"{child.module}.{a.name}", child, inner) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


SOURCES = sorted(
    [ROOT / "app.py", *(ROOT / "dashboard").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")]
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path):
    module = _module(path)
    own = _layer(module)
    assert own is not None, f"{module} has no layer in tests/test_layers.py"
    for imported, node, in_function in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        target = _layer(imported)
        if target is not None and (
            imported.startswith(("dashboard", "loaders")) or imported == "app"
        ):
            assert target <= own, f"{where}: {module} (layer {own}) imports {imported} ({target})"
        if imported.split(".")[0] in WEB and not imported.startswith(NOT_WEB):
            assert own >= WEB_FROM_LAYER, f"{where}: {module} imports {imported}"
        if in_function and imported in ("dashboard", "loaders"):
            raise AssertionError(f"{where}: a function imports the package root {imported}")
