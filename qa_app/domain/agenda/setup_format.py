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

Limits, so that a file cannot exhaust the host (a 430-byte YAML of nested aliases took
4.5 GB; 5,000 nested lists gave a RecursionError): at most ``MAX_BYTES``, no YAML anchors
or aliases, at most ``MAX_DEPTH`` levels and ``MAX_ITEMS`` values. Each is one
``Problem``. ``read(source)`` reads at most one byte past the size limit from a binary file.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from qa_app.domain.errors import N_, DomainError, Invalid

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20  # the shape needs 4 (panel[1].languages[0]); room for comments' sake
MAX_ITEMS = 10_000  # every mapping, list, key and value counts one


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


def _refuse(message: str, line: int | None = None, **params) -> SetupFileError:
    return SetupFileError([Problem((), line, Invalid(message, **params))])


def _too_large() -> SetupFileError:
    return _refuse(N_("A set-up file may be at most 1 MB."))


def _too_deep(line: int | None = None) -> SetupFileError:
    return _refuse(N_("Nested too deeply: at most %(limit)s levels."), line, limit=MAX_DEPTH)


def _too_many(line: int | None = None) -> SetupFileError:
    return _refuse(N_("Too many values: at most %(limit)s."), line, limit=MAX_ITEMS)


class _LimitError(yaml.YAMLError):
    def __init__(self, refusal: SetupFileError):
        super().__init__()
        self.refusal = refusal


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, and bounds depth and node count while
    composing, before anything recursive or expansive runs."""

    def __init__(self, text: str):
        super().__init__(text)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _LimitError(
                _refuse(N_("YAML anchors and aliases (& and *) are not allowed here."), line)
            )
        self._nodes += 1
        if self._nodes > MAX_ITEMS:
            raise _LimitError(_too_many(line))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(_too_deep(line))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_shape(data) -> None:
    """Depth and count of parsed JSON, walked without recursion."""
    pending, seen = [(data, 1)], 0
    while pending:
        value, depth = pending.pop()
        seen += 1
        if seen > MAX_ITEMS:
            raise _too_many()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(value, dict):
            seen += len(value)  # the keys, as YAML counts them
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def read(source) -> str:
    """The text of a binary file object, refusing one over ``MAX_BYTES`` without reading it
    all (``UnicodeDecodeError`` when it is not UTF-8)."""
    raw = source.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_large()
    return raw.decode("utf-8")


def load(text: str, fmt: str) -> tuple[object, dict]:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large()
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _refuse(N_("This is not valid JSON."), exc.lineno) from None
        except RecursionError:
            raise _too_deep() from None
        _check_shape(data)
        return data, {}
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _LimitError as exc:
        raise exc.refusal from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise _refuse(N_("This is not valid YAML."), line) from None
    finally:
        loader.dispose()
    lines: dict = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


def dump(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
