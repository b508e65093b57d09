"""Safe YAML loading that keeps the line and column of every value.

The document is composed into nodes by libyaml (PyYAML's C parser, about 11x
faster than the pure-Python one; the pure-Python composer is used when libyaml
is missing) and then built into plain Python values here, so that:

* only the standard scalar, sequence and mapping tags are accepted: no
  `!!python/object` or any other constructor ever runs;
* aliases are refused, so a "billion laughs" document costs nothing;
* duplicate keys are errors instead of silently overwriting each other;
* every value's position is recorded under its path, e.g. ("citations", 0, "quote").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_BOOL = "tag:yaml.org,2002:bool"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Position:
    """A 1-based line and column."""

    line: int
    col: int
    style: str | None = None
    """The scalar style (`|`, `>`, quotes) for block text; None otherwise."""


@dataclass
class Located:
    """A parsed YAML document and where each of its parts sits."""

    data: Any
    """Plain Python values: dict, list, str, int, float, bool, None, date."""
    values: dict[Path_, Position] = field(default_factory=dict)
    """Position of each value, by path."""
    keys: dict[Path_, Position] = field(default_factory=dict)
    """Position of each mapping key, by the path of its value."""

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest ancestor that was parsed."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.values.get(path[:cut])
            if found is not None:
                return found
        return Position(1, 1)


@dataclass(frozen=True)
class YamlProblem:
    """A syntax or structure error, at a position inside the YAML text."""

    line: int
    col: int
    message: str


class _Builder:
    def __init__(self) -> None:
        self.located = Located(None)
        self.problems: list[YamlProblem] = []
        self._seen: set[int] = set()
        self._scalars = SafeConstructor()

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(YamlProblem(mark.line + 1, mark.column + 1, message))

    def build(self, node: Node, path: Path_) -> Any:
        if id(node) in self._seen:
            where = self.located.keys.get(path)
            line, col = (where.line, where.col) if where else (node.start_mark.line + 1, 1)
            self.problems.append(
                YamlProblem(line, col, "YAML aliases (*name) are not allowed in content; write the value out")
            )
            return None
        self._seen.add(id(node))
        mark = node.start_mark
        style = node.style if isinstance(node, ScalarNode) and node.style in ("|", ">") else None
        self.located.values[path] = Position(mark.line + 1, mark.column + 1, style)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return self._sequence(node, path)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP:
            self.problem(node, f"the tag {_short(node.tag)} is not allowed in content")
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<":
                self.problem(key_node, "YAML merge keys (<<) are not allowed in content")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                self.problem(key_node, "keys must be plain words like `status:`")
                continue
            key = key_node.value
            if key in result:
                first = self.located.keys[(*path, key)]
                self.problem(key_node, f"duplicate key {key!r} (first given on line {first.line}); keep one")
                continue
            mark = key_node.start_mark
            self.located.keys[(*path, key)] = Position(mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _sequence(self, node: SequenceNode, path: Path_) -> list[Any]:
        if node.tag != _SEQ:
            self.problem(node, f"the tag {_short(node.tag)} is not allowed in content")
            return []
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _scalar(self, node: Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, f"the tag {_short(node.tag)} is not allowed in content")
            return None
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.2: yes/no/on/off are words, not booleans
        try:
            return self._scalars.construct_object(node)
        except (ConstructorError, ValueError):
            return node.value  # e.g. 2025-13-01: the schema says what a date must look like


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def load_yaml(text: str, *, first_line: int = 1) -> tuple[Located, list[YamlProblem]]:
    """Parse one YAML document; positions are shifted so line 1 is `first_line`."""
    tab = _indenting_tab(text)
    if tab is not None:
        line, col = tab
        return Located(None), [
            YamlProblem(line + first_line - 1, col, "tab character in indentation; indent with spaces")
        ]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message = f"invalid YAML: {exc.problem} ({exc.context})"
        return Located(None), [YamlProblem(line + first_line - 1, col, message)]
    except yaml.YAMLError as exc:
        return Located(None), [YamlProblem(first_line, 1, f"invalid YAML: {exc}")]
    if node is None:
        return Located(None), []
    builder = _Builder()
    data = builder.build(node, ())
    builder.located.data = data
    shift = first_line - 1
    if shift:
        _shift(builder.located, shift)
        builder.problems = [YamlProblem(p.line + shift, p.col, p.message) for p in builder.problems]
    return builder.located, builder.problems


def _shift(located: Located, lines: int) -> None:
    for table in (located.values, located.keys):
        for key, pos in table.items():
            table[key] = Position(pos.line + lines, pos.col, pos.style)


def _indenting_tab(text: str) -> tuple[int, int] | None:
    """The first tab used in a line's indentation, as (line, column)."""
    if "\t" not in text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None
