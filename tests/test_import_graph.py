"""The shape of the code, read from its imports (module level and inside functions).

`documents` turns files into structured documents for any parliament's papers: it imports
nothing of `kamervragen` or `evaluation`. The product never imports the measurement
(`evaluation`). No module imports itself through others.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("documents", "kamervragen", "evaluation")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules this file imports, wherever the import statement stands."""
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # `from kamervragen.linking import x` imports kamervragen.linking (and x if a module)
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != own:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _project_modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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
    return found


def _is_in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_documents_imports_nothing_of_kamervragen_or_evaluation():
    offending = {
        module: sorted(t for t in targets if not _is_in(t, "documents"))
        for module, targets in _graph().items()
        if _is_in(module, "documents")
    }
    assert {module: targets for module, targets in offending.items() if targets} == {}


def test_the_product_never_imports_the_measurement():
    offending = {
        module: sorted(t for t in targets if _is_in(t, "evaluation"))
        for module, targets in _graph().items()
        if not _is_in(module, "evaluation")
    }
    assert {module: targets for module, targets in offending.items() if targets} == {}


def test_no_module_imports_itself_through_others():
    assert _cycles(_graph()) == []


def test_the_checks_see_a_cycle_and_a_wrong_direction():
    graph = {"documents.a": {"documents.b"}, "documents.b": {"documents.a", "kamervragen.c"}}
    assert _cycles(graph) == [["documents.a", "documents.b"]]
    assert _cycles({"x": {"y"}, "y": set()}) == []
