"""The package layout holds: no import circles, imports run one way, no private imports.

The layers, from the outside in (docs/architecture.md draws them):
``qa_app`` (create_app) -> ``sockets``, ``views``, ``cli`` -> ``live``, ``exports``,
``forms`` -> ``web`` -> ``domain`` -> ``models`` -> ``config``, ``extensions``,
``database``. A module may import its own part, or any part on a lower layer.
``domain`` imports nothing outside itself but ``models`` and ``extensions``.
"""

from pathlib import Path

import pytest

from tests.import_graph import Graph, cycles, js_graph, python_graph

REPO = Path(__file__).resolve().parent.parent
LAYERS = {
    "qa_app": 6,
    "qa_app.sockets": 5,
    "qa_app.views": 5,
    "qa_app.cli": 5,
    "qa_app.live": 4,
    "qa_app.exports": 4,
    "qa_app.forms": 4,
    "qa_app.web": 3,
    "qa_app.domain": 2,
    "qa_app.models": 1,
    "qa_app.config": 0,
    "qa_app.extensions": 0,
    "qa_app.database": 0,
}
DOMAIN_MAY_IMPORT = ("qa_app.domain", "qa_app.models", "qa_app.extensions")


def part_of(module: str) -> str:
    """The layer a module belongs to: the longest name in LAYERS it starts with."""
    for length in range(module.count(".") + 1, 0, -1):
        prefix = ".".join(module.split(".")[:length])
        if prefix in LAYERS:
            return prefix
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS")


def upward_imports(graph: Graph) -> list[str]:
    found = []
    for source, targets in sorted(graph.edges.items()):
        for target in sorted(targets):
            here, there = part_of(source), part_of(target)
            if here != there and LAYERS[there] >= LAYERS[here]:
                found.append(f"{source} -> {target}")
    return found


def domain_leaks(graph: Graph) -> list[str]:
    return [
        f"{source} -> {target}"
        for source, targets in sorted(graph.edges.items())
        if part_of(source) == "qa_app.domain"
        for target in sorted(targets)
        if not any(target == ok or target.startswith(ok + ".") for ok in DOMAIN_MAY_IMPORT)
    ]


@pytest.fixture(scope="module")
def app_graph() -> Graph:
    return python_graph(REPO / "qa_app")


def test_python_modules_import_in_no_circle(app_graph):
    assert cycles(app_graph.edges) == []


def test_imports_run_from_the_outside_in(app_graph):
    assert upward_imports(app_graph) == []


def test_the_domain_imports_only_the_domain_models_and_extensions(app_graph):
    assert domain_leaks(app_graph) == []


def test_no_module_imports_a_private_name_of_another(app_graph):
    assert app_graph.private_imports == []


def test_every_module_belongs_to_a_layer(app_graph):
    for module in app_graph.edges:
        part_of(module)


def test_every_package_says_what_it_owns():
    for init in (REPO / "qa_app").rglob("__init__.py"):
        text = init.read_text().lstrip()
        assert text.startswith('"""'), f"{init.relative_to(REPO)} has no docstring"


def test_javascript_modules_import_in_no_circle():
    graph = js_graph(REPO / "static" / "js")
    assert graph.edges, "no JavaScript module was read"
    assert cycles(graph.edges) == []
    assert graph.private_imports == []


# --- the checks themselves catch what they are for ------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_planted_circle_is_found(tmp_path):
    package = write(
        tmp_path / "qa_app",
        {
            "__init__.py": '"""x"""\n',
            "domain/__init__.py": '"""x"""\n',
            "domain/a.py": "from qa_app.domain import b\n",
            "domain/b.py": "def f():\n    from .c import g\n",
            "domain/c.py": "from qa_app.domain.a import x\n",
            "domain/d.py": "from qa_app.domain import a\n",
        },
    )
    assert cycles(python_graph(package).edges) == [
        ["qa_app.domain.a", "qa_app.domain.b", "qa_app.domain.c"]
    ]


def test_a_planted_upward_import_a_domain_leak_and_a_private_import_are_found(tmp_path):
    package = write(
        tmp_path / "qa_app",
        {
            "__init__.py": '"""x"""\n',
            "config.py": "",
            "domain/__init__.py": '"""x"""\n',
            "domain/rules.py": "from qa_app.live.broadcast import _emit\n",
            "live/__init__.py": '"""x"""\n',
            "live/broadcast.py": "from qa_app.config import X\n",
            "models/__init__.py": "from qa_app.domain import rules\n",
        },
    )
    graph = python_graph(package)
    assert upward_imports(graph) == [
        "qa_app.domain.rules -> qa_app.live.broadcast",
        "qa_app.models -> qa_app.domain.rules",
    ]
    assert domain_leaks(graph) == ["qa_app.domain.rules -> qa_app.live.broadcast"]
    assert graph.private_imports == [("qa_app.domain.rules", "qa_app.live.broadcast", "_emit")]


def test_a_planted_javascript_circle_is_found(tmp_path):
    js = write(
        tmp_path / "js",
        {
            "a.js": 'import { b } from "./staff/b.js";\n',
            "staff/b.js": "import { c } from './c.js';\nexport const b = 1;\n",
            "staff/c.js": 'import { a } from "../a.js";\nexport { x } from "./d.js";\n',
            "staff/d.js": "export const x = 1;\n",
        },
    )
    graph = js_graph(js)
    assert cycles(graph.edges) == [["a.js", "staff/b.js", "staff/c.js"]]
    assert graph.edges["staff/c.js"] == {"a.js", "staff/d.js"}


def test_only_wsgi_py_imports_the_async_library():
    """eventlet (in maintenance upstream) and gevent stay in wsgi.py: the async mode is a
    setting, and nothing in the package depends on it."""
    import ast

    found = []
    for path in (REPO / "qa_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                "%s: %s" % (path.relative_to(REPO), name)
                for name in names
                if name.split(".")[0] in ("eventlet", "gevent")
            ]
    assert found == []
