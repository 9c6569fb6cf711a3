"""The project's import graph, read from the source as text (nothing is imported or run).

Used by ``test_architecture.py``: Python modules under ``qa_app/`` (every ``import`` and
``from ... import``, at module level or inside functions) and ES modules under
``static/js`` (``import ... from "./x.js"``). Each is a directed graph of module names;
``cycles`` finds the circles in it.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Graph:
    edges: dict[str, set[str]] = field(default_factory=dict)
    # (importing module, imported module, name) for every ``from M import _name``.
    private_imports: list[tuple[str, str, str]] = field(default_factory=list)


def _module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, level: int, current: str, is_package: bool) -> str:
    if not level:
        return module
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def python_graph(package_dir: Path) -> Graph:
    """Every import between the modules of one Python package (``qa_app``)."""
    package_dir = Path(package_dir)
    files = {_module_name(package_dir, path): path for path in package_dir.rglob("*.py")}
    top = package_dir.name
    graph = Graph({name: set() for name in files})
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node.module or "", node.level, name, is_package)
                targets = []
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    if submodule in files:
                        targets.append(submodule)
                    else:
                        targets.append(source)
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            graph.private_imports.append((name, source, alias.name))
            else:
                continue
            for target in targets:
                if target.split(".")[0] == top and target in files and target != name:
                    graph.edges[name].add(target)
    return graph


_JS_IMPORT = re.compile(
    r"""^\s*(?:import|export)\s+(?:([\w\s{},*$]+?)\s+from\s+)?["'](\.{1,2}/[^"']+)["']""",
    re.MULTILINE,
)


def js_graph(js_dir: Path) -> Graph:
    """Every relative import between the ES modules under ``js_dir``."""
    js_dir = Path(js_dir)
    files = {path.relative_to(js_dir).as_posix(): path for path in js_dir.rglob("*.js")}
    graph = Graph({name: set() for name in files})
    for name, path in files.items():
        for match in _JS_IMPORT.finditer(path.read_text()):
            target = (path.parent / match.group(2)).resolve()
            try:
                target_name = target.relative_to(js_dir.resolve()).as_posix()
            except ValueError:
                continue
            if target_name in files:
                graph.edges[name].add(target_name)
            for imported in re.findall(r"[\w$]+", match.group(1) or ""):
                if imported.startswith("_"):
                    graph.private_imports.append((name, target_name, imported))
    return graph


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        # Iterative, so a deep chain of imports cannot hit the recursion limit.
        work = [(node, iter(sorted(edges.get(node, ()))))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[current] = min(low[current], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[current])
                if low[current] == index[current]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == current:
                            break
                    if len(component) > 1 or current in edges.get(current, ()):
                        found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)
