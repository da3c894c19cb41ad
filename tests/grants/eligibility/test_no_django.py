"""The rule engine is pure Python: it imports no Django and, of the project, only grants.money."""

import ast
from pathlib import Path

import pytest

import grants.eligibility

ENGINE = Path(grants.eligibility.__file__).parent
ALLOWED_PROJECT_MODULES = ("grants.eligibility", "grants.money")
PROJECT_PACKAGES = ("project", "partnerships", "grants", "reporting")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def is_within(module, package):
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("path", sorted(ENGINE.rglob("*.py")), ids=lambda path: str(path.relative_to(ENGINE)))
def test_engine_module_imports_no_django_and_no_other_project_module(path):
    modules = list(imported_modules(path))

    assert [module for module in modules if is_within(module, "django")] == []
    assert [
        module
        for module in modules
        if any(is_within(module, package) for package in PROJECT_PACKAGES)
        and not any(is_within(module, allowed) for allowed in ALLOWED_PROJECT_MODULES)
    ] == []
