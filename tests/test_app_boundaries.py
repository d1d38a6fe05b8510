"""The documents app knows nothing of kamervragen: it could structure any parliament's
papers. Dependencies go one way, from kamervragen to documents."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"
# Migration history may keep its old cross-app dependencies; that is history, not code.
SOURCES = sorted(p for p in DOCUMENTS.rglob("*.py") if "migrations" not in p.parts)


def imported_modules(source: str) -> list[str]:
    """Every module a file imports, at module level or inside a function."""
    modules = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def test_the_boundary_check_sees_imports_inside_functions():
    source = "def f():\n    from kamervragen.models import Link\n    import kamervragen.tasks\n"
    assert imported_modules(source) == ["kamervragen.models", "kamervragen.tasks"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(DOCUMENTS)))
def test_documents_imports_nothing_from_kamervragen(path):
    imports = imported_modules(path.read_text(encoding="utf-8"))
    assert [m for m in imports if m.split(".")[0] == "kamervragen"] == []


def test_no_documents_model_relates_to_a_kamervragen_model():
    relations = [
        f"{model.__name__}.{field.name} → {field.related_model.__name__}"
        for model in apps.get_app_config("documents").get_models()
        for field in model._meta.get_fields(include_hidden=False)
        if not field.auto_created  # declared on the documents model, not a reverse relation
        and field.related_model is not None
        and field.related_model._meta.app_label == "kamervragen"
    ]
    assert relations == []
