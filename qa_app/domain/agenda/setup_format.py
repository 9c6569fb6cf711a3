"""Set-up files as text: YAML or JSON in, YAML or JSON out, with line numbers.

API
- ``format_of(path) -> "yaml" | "json"`` from the extension (``.yaml``, ``.yml``, ``.json``).
- ``load(text, fmt) -> (data, lines)``: ``lines`` maps a field's path (a tuple of keys and
  list indexes, e.g. ``("panel", 1, "name")``) to its 1-based line, for YAML; JSON gives
  none. A syntax error is a ``SetupFileError`` with the line where it was found.
- ``dump(data, fmt) -> str``.
- ``SetupFileError(problems)``: ``problems`` is a list of ``Problem(path, line, error)``;
  ``describe(problem)`` renders "line 7: panel[1].name: ..." (the caller translates).

PyYAML (``safe_load`` semantics: plain data only) reads YAML; its node tree gives every
key's line, which plain ``safe_load`` would throw away.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from qa_app.domain.errors import N_, DomainError, Invalid


@dataclass(frozen=True)
class Problem:
    path: tuple
    line: int | None
    error: DomainError


class SetupFileError(Invalid):
    def __init__(self, problems: list[Problem]):
        first = problems[0].error
        super().__init__(first.message, **first.params)
        self.problems = problems


def path_text(path: tuple) -> str:
    text = ""
    for part in path:
        text += "[%d]" % part if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def format_of(name) -> str:
    suffix = Path(str(name)).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    raise Invalid(N_("Use a .yaml, .yml or .json file."))


def _lines(node, path: tuple, into: dict) -> None:
    into[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            _lines(value, child, into)
            into[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), into)


def load(text: str, fmt: str) -> tuple[object, dict]:
    if fmt == "json":
        try:
            return json.loads(text), {}
        except json.JSONDecodeError as exc:
            raise SetupFileError(
                [Problem((), exc.lineno, Invalid(N_("This is not valid JSON.")))]
            ) from None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SetupFileError([Problem((), line, Invalid(N_("This is not valid YAML.")))]) from None
    lines: dict = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


def dump(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
