"""The apps depend in one direction: partnerships <- grants <- reporting (README, Architecture),
and no two modules import each other, even from inside a function.

partnerships knows nothing of money or reports, grants nothing of reports; an app lower
down reaches the ones above through hooks they register (core.panels). `project`
wires them all together and may import any.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app and the apps it must never import.
FORBIDDEN = {
    "core": ("partnerships", "grants", "reporting", "demo"),
    "partnerships": ("grants", "reporting", "demo"),
    "grants": ("reporting", "demo"),
    "reporting": ("demo",),
    "demo": (),
}
PACKAGES = ("project", "core", "partnerships", "grants", "reporting", "demo")


def imported_modules(path):
    """Every module a file imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def app_modules(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_none_of_the_apps_that_build_on_it(app):
    wrong = sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in app_modules(app)
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[app]
    )

    assert wrong == []


def test_the_walk_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from reporting.models import PartnerReport\n", encoding="utf-8")

    assert list(imported_modules(module)) == ["reporting.models"]


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph():
    """{module: the project's modules it imports} ("from a import b" counts as a.b when b is a module)."""
    paths = {module_name(path): path for package in PACKAGES for path in app_modules(package)}
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    imported.add(submodule if submodule in paths else node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[name] = {module for module in imported if module in paths and module != name}
    return graph


def cycles(graph):
    """The groups of modules that import each other, directly or round a longer loop."""
    reaches = {}

    def reachable(start):
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
        return seen

    for module in graph:
        reaches[module] = reachable(module)
    return sorted(
        {
            tuple(sorted(m for m in reaches[module] if module in reaches[m]))
            for module in graph
            if module in reaches[module]
        }
    )


def test_no_two_modules_of_the_project_import_each_other():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]
