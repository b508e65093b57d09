"""Safe YAML loading that keeps the line and column of every value.

libyaml (PyYAML's C parser; the pure-Python one when libyaml is missing) turns
the text into a stream of events, and the values are built from those events
here, with an explicit stack, so that:

* only the standard scalar, sequence and mapping tags are accepted: no
  `!!python/object` or any other constructor ever runs;
* aliases are refused (one error, at the first `*alias`), so a "billion laughs"
  document costs nothing;
* nesting deeper than `MAX_DEPTH` and more than `MAX_VALUES` nodes are errors,
  not a crash: PyYAML's own composer is recursive and a few thousand `[` overflow
  the interpreter's (or, with libyaml, the C) stack;
* duplicate keys are errors instead of silently overwriting each other;
* every value's position is recorded under its path, e.g. ("citations", 0, "quote").

Positions are only needed to say where a problem is, and most files have none, so a
document is read twice only when that is needed: first by `_Values`, which builds the
values alone from the same events, with the same rules, and hands any document that
breaks one of them to `_Builder`; the positions of a document it read are found by
`_Builder` when first asked for (`Located.values`, `keys`, `position`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

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
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters other than tab and line feed (XML, HTML and terminals choke on
them; a carriage return would end a line of a review comment), lone surrogates and
the non-characters U+FFFE/U+FFFF."""
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    col: int
    style: str | None = None
    """The scalar style (`|`, `>`, quotes) for block text; None otherwise."""


class Located:
    """A parsed YAML document and where each of its parts sits.

    The positions are either given, or found from `text` when first asked for (the
    document was read without them: `load_yaml`).
    """

    __slots__ = ("_keys", "_text", "_values", "data", "first_line", "root")

    def __init__(
        self,
        data: Any,
        values: dict[Path_, Position] | None = None,
        keys: dict[Path_, Position] | None = None,
        *,
        text: str | None = None,
        first_line: int = 1,
        root: Position | None = None,
    ) -> None:
        self.data = data
        """Plain Python values: dict, list, str, int, float, bool, None, date."""
        self._values = values if values is not None or text is not None else {}
        self._keys = keys if keys is not None or text is not None else {}
        self._text = text
        self.first_line = first_line
        """The line of the file that is line 1 of the YAML text (a source's front matter)."""
        self.root = root
        """The position of the document's value (known without reading positions)."""

    @property
    def values(self) -> dict[Path_, Position]:
        """Position of each value, by path."""
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path_, Position]:
        """Position of each mapping key, by the path of its value."""
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    def _locate(self) -> None:
        assert self._text is not None
        self._values, self._keys = _composed_positions(self._text, self.first_line)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest ancestor that was parsed."""
        if not path and not key and self.root is not None:
            return self.root
        if self._values is None and len(path) == 1 and isinstance(path[0], str) and self.root:
            # A top-level key: read up to it, not the whole document.
            assert self._text is not None
            top = _top_level_position(self._text, self.first_line, path[0])
            if top is None:
                return self.root
            return top[0] if key else top[1]
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.values.get(path[:cut])
            if found is not None:
                return found
        return Position(1, 1)

    def portable(self) -> Located:
        """The same positions without the data, for another process to place problems
        with: the positions when they were read, else the text they are found from."""
        if self._values is not None:
            return Located({}, self._values, self._keys, first_line=self.first_line, root=self.root)
        return Located({}, text=self._text, first_line=self.first_line, root=self.root)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Located):
            return NotImplemented
        return (self.data, self.values, self.keys) == (other.data, other.values, other.keys)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return f"Located({self.data!r})"


@dataclass(frozen=True)
class YamlProblem:
    """A syntax or structure error, at a position inside the YAML text."""

    line: int
    col: int
    message: str
    recoverable: bool = False
    """The rest of the document is still what its author meant (a duplicate key: the
    first value is kept; a refused tag: that value only is missing), so it can be
    checked further; otherwise (an alias, a merge key) parts are missing."""


MAX_DEPTH = 32
"""Deepest nesting of lists and mappings a content file may use (a claim needs 3)."""
MAX_VALUES = 100_000
"""Most YAML nodes (keys included) one document may hold; 200 citations are ~1,500."""


@dataclass
class _Frame:
    """A mapping or sequence being built."""

    path: Path_
    value: Any
    """The dict or list being filled, or None when the collection's contents are skipped."""
    result: Any
    """What the parent receives when the collection ends."""
    key: str | None = None
    """For a mapping: the key whose value comes next."""
    awaiting_value: bool = False
    """For a mapping: a key was read and its value has not arrived yet."""
    skip_value: bool = False
    """For a mapping: the pending key was refused, so its value is skipped."""


class _Abort(Exception):
    """The document must not be read further; the problem is already recorded."""


class _Builder:
    """Builds plain values straight from libyaml's event stream, without recursion.

    PyYAML's composer is recursive (in C when libyaml is used, where a deeply
    nested `[[[[...` overflows the C stack and kills the process); reading the
    events with an explicit stack turns such a file into one clear error.
    """

    def __init__(self, loader: Any, where: Callable[[Any], tuple[int, int]]) -> None:
        self.loader = loader
        self.where = where
        """1-based (line, column) of a libyaml mark."""
        self.located = Located(None)
        self.problems: list[YamlProblem] = []
        self._scalars = SafeConstructor()
        self._alias_reported = False
        self._lost_dash: set[Path_] = set()
        """List entries already told that a repeated key may be a new entry without its `- `."""
        self._count = 0

    def problem(self, mark: Any, message: str, *, recoverable: bool = False) -> None:
        line, col = self.where(mark)
        self.problems.append(YamlProblem(line, col, message, recoverable))

    def build(self) -> Any:
        """The one document's data (None for an empty stream)."""
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        data = self._document()
        loader.get_event()  # DocumentEnd
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                event.start_mark,
            )
        return data

    def _next(self) -> Any:
        event = self.loader.get_event()
        if not isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            self._count += 1
            if self._count > MAX_VALUES:
                self.problem(
                    event.start_mark,
                    f"more than {MAX_VALUES:,} values in one file; content never needs that many",
                )
                raise _Abort
        return event

    def _too_deep(self, event: Any) -> _Abort:
        self.problem(
            event.start_mark,
            f"lists and mappings are nested more than {MAX_DEPTH} deep; content never needs that",
        )
        return _Abort()

    def _document(self) -> Any:
        stack: list[_Frame] = []
        while True:
            event = self._next()
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                done = stack.pop()
                if not stack:
                    return done.result
                self._add(stack[-1], done.result)
                continue
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and not parent.awaiting_value:
                self._key(parent, event)
                continue
            skipping = parent is not None and (parent.value is None or parent.skip_value)
            path = self._child_path(parent)
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise self._too_deep(event)
                stack.append(self._collection(event, path, skipping))
                continue
            value: Any = None
            if isinstance(event, AliasEvent):
                if not skipping:
                    self._alias(event)
            elif not skipping:
                value = self._scalar(event, path)
            if parent is None:
                return value
            self._add(parent, value)

    @staticmethod
    def _child_path(parent: _Frame | None) -> Path_:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        return (*parent.path, parent.key) if parent.key is not None else parent.path

    @staticmethod
    def _add(frame: _Frame, value: Any) -> None:
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif isinstance(frame.value, dict):
            if frame.key is not None and not frame.skip_value:
                frame.value[frame.key] = value
            frame.key, frame.awaiting_value, frame.skip_value = None, False, False

    def _alias(self, event: Any) -> None:
        if not self._alias_reported:  # one is enough: a "billion laughs" has thousands
            self._alias_reported = True
            self.problem(
                event.start_mark,
                f"YAML aliases (*{event.anchor}) are not allowed in content; write the value out",
            )

    def _key(self, frame: _Frame, event: Any) -> None:
        """A mapping key. Refused keys (and collections used as keys) skip their value."""
        frame.awaiting_value, frame.skip_value, frame.key = True, True, None
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self.problem(event.start_mark, "keys must be plain words like `status:`")
            self._skip_collection()
            return
        if isinstance(event, AliasEvent):
            self._alias(event)
            return
        if event.value == "<<" and not event.style:
            self.problem(event.start_mark, "YAML merge keys (<<) are not allowed in content")
            return
        if self._tag(event, ScalarNode) != _STR:
            self.problem(event.start_mark, "keys must be plain words like `status:`")
            return
        key = event.value
        path = (*frame.path, key)
        if key in frame.value:
            first = self.located.keys[path]
            lost_dash = (
                bool(frame.path)
                and isinstance(frame.path[-1], int)
                and (next(iter(frame.value)) == key or frame.path in self._lost_dash)
            )
            if lost_dash:
                self._lost_dash.add(frame.path)
            self.problem(
                event.start_mark,
                _duplicate_key_message(key, first.line, frame.path, lost_dash),
                recoverable=True,
            )
            return
        mark = event.start_mark
        self.located.keys[path] = Position(*self.where(mark))
        frame.key, frame.skip_value = key, False

    def _skip_collection(self) -> None:
        depth = 1
        while depth:
            event = self._next()
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise self._too_deep(event)
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1

    def _collection(self, event: Any, path: Path_, skipping: bool) -> _Frame:
        if skipping:
            return _Frame(path, None, None)
        is_map = isinstance(event, MappingStartEvent)
        mark = event.start_mark
        self.located.values[path] = Position(*self.where(mark))
        tag = self._tag(event, MappingNode if is_map else SequenceNode)
        empty: Any = {} if is_map else []
        if tag != (_MAP if is_map else _SEQ):
            self.problem(mark, f"the tag {_short(tag)} is not allowed in content", recoverable=True)
            return _Frame(path, None, empty)
        return _Frame(path, empty, empty)

    def _tag(self, event: Any, kind: type[Node]) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value if kind is ScalarNode else None
            tag = self.loader.resolve(kind, value, event.implicit)
        return str(tag)

    def _scalar(self, event: Any, path: Path_) -> Any:
        mark = event.start_mark
        style = _block_style(event.style)
        self.located.values[path] = Position(*self.where(mark), style)
        tag = self._tag(event, ScalarNode)
        if tag == _STR:
            # Only a double-quoted scalar can hold one, written as an escape ("\x01"): the
            # reader refuses them raw anywhere else.
            forbidden = _FORBIDDEN_IN_TEXT.search(event.value) if event.style == '"' else None
            if forbidden is not None:
                self.problem(
                    mark,
                    f"control character U+{ord(forbidden.group()):04X} in this text; remove it",
                    recoverable=True,
                )
                return None
            return event.value
        if tag not in _SCALAR_TAGS:
            self.problem(mark, f"the tag {_short(tag)} is not allowed in content", recoverable=True)
            return None
        if tag == _BOOL and event.value.lower() not in ("true", "false"):
            return event.value  # YAML 1.2: yes/no/on/off are words, not booleans
        node = ScalarNode(tag, event.value, mark, event.end_mark, style=event.style)
        try:
            return self._scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError):
            return event.value  # e.g. 2025-13-01: the schema says what a date must look like


def _short(tag: str) -> str:
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


def load_yaml(text: str, *, first_line: int = 1) -> tuple[Located, list[YamlProblem]]:
    """Parse one YAML document; positions are shifted so line 1 is `first_line`.

    A document that keeps every rule is read without positions, which are found when
    first asked for; any other is read with them, and its problems are placed.
    """
    if _indenting_tab(text) is None:
        read = _values_only(text)
        if read is not None:
            data, (line, col) = read
            root = Position(line + first_line - 1, col)
            return Located(data, text=text, first_line=first_line, root=root), []
    return _load_located(text, first_line)


def _load_located(text: str, first_line: int) -> tuple[Located, list[YamlProblem]]:
    """`load_yaml`, reading every value's position as it goes."""
    tab = _indenting_tab(text)
    if tab is not None:
        line, col = tab
        return Located(None), [
            YamlProblem(
                line + first_line - 1, col, "tab character in indentation; indent with spaces"
            )
        ]
    where = _Lines(text).where
    loader = _Loader(text)
    builder = _Builder(loader, where)
    try:
        data = builder.build()
    except _Abort:
        return Located(None), _shifted(builder.problems[-1:], first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = where(mark) if mark else (1, 1)
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message = f"invalid YAML: {exc.problem} ({exc.context})"
        opened = _unclosed_quote(text, line)
        explained = None if opened is not None else _explained(text, exc, line, col)
        if explained is not None:
            line, col, message = explained
        if opened is not None:  # the parser read on past the line and failed far below it
            quote_line, quote_col, quote = opened
            message = (
                f"invalid YAML: the {quote} opened here is not closed on this line (the parser stopped at line "
                f"{line + first_line - 1}); close it, or write long text as `key: >-` with the text indented below"
            )
            line, col = quote_line, quote_col
        return Located(None), [YamlProblem(line + first_line - 1, col, message)]
    except ReaderError as exc:
        line, col = _Lines(text).at(exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"invalid YAML: control character U+{ord(char):04X} is not allowed; remove it"
        return Located(None), [YamlProblem(line + first_line - 1, col, message)]
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Located(None), [YamlProblem(first_line, 1, f"invalid YAML: {first}")]
    finally:
        loader.dispose()
    if data is None and not builder.located.values:
        return Located(None), []
    builder.located.data = data
    shift = first_line - 1
    if shift:
        _shift(builder.located, shift)
    return builder.located, _shifted(builder.problems, first_line)


def _block_style(style: str | None) -> str | None:
    """A scalar's style as `Position` keeps it: `|` or `>` for block text, else None."""
    return style if style in ("|", ">") else None


def _composed_positions(
    text: str, first_line: int
) -> tuple[dict[Path_, Position], dict[Path_, Position]]:
    """The positions of values and keys in a document `_Values` read (it keeps every rule),
    in `_Builder`'s order, from the nodes libyaml's composer makes with their marks: in C,
    where `_Builder` reads every event in Python. Its recursion is safe here: `_Values`
    refused aliases and nesting deeper than `MAX_DEPTH`."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:  # the composer's own rules, e.g. an anchor named twice
        located, _ = _load_located(text, first_line)
        return located.values, located.keys
    finally:
        loader.dispose()
    assert root is not None, "`_Values` reads no empty document"
    where = _Lines(text).where
    shift = first_line - 1
    values: dict[Path_, Position] = {}
    keys: dict[Path_, Position] = {}
    stack: list[tuple[Path_, Node, Node | None]] = [((), root, None)]
    while stack:
        path, node, key = stack.pop()
        if key is not None:
            line, col = where(key.start_mark)
            keys[path] = Position(line + shift, col)
        line, col = where(node.start_mark)
        style = _block_style(node.style) if type(node) is ScalarNode else None
        values[path] = Position(line + shift, col, style)
        if type(node) is MappingNode:
            stack.extend(((*path, k.value), v, k) for k, v in reversed(node.value))
        elif type(node) is SequenceNode:
            stack.extend(((*path, i), v, None) for i, v in reversed(list(enumerate(node.value))))
    return values, keys


def _top_level_position(text: str, first_line: int, name: str) -> tuple[Position, Position] | None:
    """The positions of the key `name` of a document's top mapping and of its value, read
    from libyaml's events up to that key (None: the document has no such key); in a
    document `_Values` read, whose keys are all words."""
    loader = _Loader(text)
    where = _Lines(text).where
    shift = first_line - 1
    try:
        get = loader.get_event
        get(), get()  # StreamStart, DocumentStart
        if type(get()) is not MappingStartEvent:
            return None
        depth = 0
        key: Any = None
        while True:
            event: Any = get()
            kind = type(event)
            if depth == 0 and key is None:
                if kind is MappingEndEvent:
                    return None
                key = event
                continue
            if depth == 0 and key.value == name:
                style = _block_style(event.style) if kind is ScalarEvent else None
                (key_line, key_col), (line, col) = where(key.start_mark), where(event.start_mark)
                return Position(key_line + shift, key_col), Position(line + shift, col, style)
            if kind is SequenceStartEvent or kind is MappingStartEvent:
                depth += 1
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                depth -= 1
            if depth == 0:
                key = None
    finally:
        loader.dispose()


class _Refused(Exception):
    """The document breaks a rule of `_Builder`'s: it is read again, by `_Builder`."""


_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers
"""The tags a plain scalar may resolve to, by its first character (PyYAML's own table)."""


def _values_only(text: str) -> tuple[Any, tuple[int, int]] | None:
    """The document's data and the (line, column) of its value, read from libyaml's events
    with `_Builder`'s rules but no position; None when a rule is broken, the document is
    empty or libyaml fails (`_Builder` then says what is wrong, and where)."""
    loader = _Loader(text)
    try:
        return _Values(loader, _Lines(text).where).build()
    except (_Refused, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


_KEY = object()
"""In `_Values`: the next event of this mapping is a key."""
_ITEM = object()
"""In `_Values`: the next event is an entry of this list (or the document's value)."""


_WORD_KEYS: set[str] = set()
"""Plain keys `_Values` found to be words: every file repeats the same few."""
MAX_WORD_KEYS = 4_096
"""Most keys `_WORD_KEYS` keeps (content can write any number of different keys)."""


class _Values:
    """Builds plain values from libyaml's events like `_Builder`, keeping no position:
    whatever `_Builder` would report raises `_Refused` instead."""

    def __init__(self, loader: Any, where: Callable[[Any], tuple[int, int]]) -> None:
        self.loader = loader
        self.where = where
        self._scalars = SafeConstructor()

    def build(self) -> tuple[Any, tuple[int, int]]:
        get = self.loader.get_event
        get()  # StreamStart
        if self.loader.check_event(StreamEndEvent):
            raise _Refused  # empty: `_Builder` says what it holds
        get()  # DocumentStart
        first = self.loader.peek_event()
        data = self._document(get)
        get()  # DocumentEnd
        if not self.loader.check_event(StreamEndEvent):
            raise _Refused  # a second document
        if data is None:
            raise _Refused
        return data, self.where(first.start_mark)

    def _document(self, get: Callable[[], Any]) -> Any:
        # The loop runs once per event of every content file: what it does for the most
        # common events (a key, a string) is written out here rather than called.
        outer: list[tuple[Any, Any]] = []  # the enclosing collections, with their `key`
        top: Any = None  # the innermost open list or dict (None: none yet)
        key: Any = _ITEM  # top's next entry: _ITEM (a list's), _KEY (a key) or a key's value
        count = 0
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                count += 1
                if count > MAX_VALUES or event.tag is not None:
                    raise _Refused
                value = event.value
                if key is _KEY:  # a key: a plain word, or quoted, given once
                    if event.implicit[0] and value not in _WORD_KEYS:
                        if value == "<<" or _resolved(value) != _STR:
                            raise _Refused
                        if len(_WORD_KEYS) < MAX_WORD_KEYS:
                            _WORD_KEYS.add(value)
                    if value in top:
                        raise _Refused
                    key = value
                    continue
                if event.implicit[0]:
                    value = self._plain(event)
                elif event.style == '"' and _FORBIDDEN_IN_TEXT.search(value):
                    raise _Refused
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                count += 1
                if count > MAX_VALUES or event.tag is not None or len(outer) >= MAX_DEPTH:
                    raise _Refused
                if key is _KEY:
                    raise _Refused  # a collection as a key
                outer.append((top, key))
                if kind is MappingStartEvent:
                    top, key = {}, _KEY
                else:
                    top, key = [], _ITEM
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = top
                top, key = outer.pop()
            else:
                raise _Refused  # an alias
            if top is None:
                return value
            if key is _ITEM:
                top.append(value)
            else:
                top[key] = value
                key = _KEY

    def _plain(self, event: Any) -> Any:
        """A plain scalar's value: the word, or what its form makes it (`_Builder._scalar`)."""
        value = event.value
        tag = _resolved(value)
        if tag == _STR:
            return value
        if tag not in _SCALAR_TAGS:
            raise _Refused  # `<<`, `=`: the positioned reader refuses their tags
        if tag == _BOOL and value.lower() not in ("true", "false"):
            return value
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
        try:
            return self._scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError):
            return value


def _resolved(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (as `BaseResolver.resolve`)."""
    for tag, pattern in _RESOLVERS.get(value[:1] if value else "", ()):
        if pattern.match(value):
            return tag
    for tag, pattern in _RESOLVERS.get(None, ()):
        if pattern.match(value):
            return tag
    return _STR


class _Lines:
    """Line and column of a character offset, counting only `\\n` as a line break.

    libyaml also breaks lines at U+0085, U+2028 and U+2029, which editors and
    the rest of this tool do not; its own line numbers are used only when the
    text has none of those.
    """

    _ODD_BREAKS = ("\x85", "\u2028", "\u2029")

    def __init__(self, text: str) -> None:
        self.text = text
        # three `in` tests, not a regular expression: this runs for every file read
        self._odd = any(odd in text for odd in self._ODD_BREAKS)
        self._starts: list[int] | None = None

    def at(self, index: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\\n", self.text))]
        line = bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def where(self, mark: Any) -> tuple[int, int]:
        if self._odd and getattr(mark, "index", None) is not None:
            return self.at(mark.index)
        return mark.line + 1, mark.column + 1


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)*(?:[^\s#"'][^:#]*:\s+)?)(["'])(.*)$""")
_BLOCK_START = re.compile(r"[|>][0-9+-]*\s*(#.*)?$")


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int, str] | None:
    """(line, column, "quote") of the value that opens a quote on one line and is still
    open at `error_line` (so the parser read past it), outside block text (`|`, `>`)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    block_indent: int | None = None
    number = 0
    while number < min(error_line - 1, len(lines)):
        line = lines[number]
        number += 1
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if _BLOCK_START.search(line.split(": ", 1)[-1]) and (
            ": " in line or line.lstrip().startswith("- ")
        ):
            block_indent = indent
            continue
        match = _QUOTED_VALUE.match(line)
        if match is None or _closing_quote(match.group(3), match.group(2)) is not None:
            continue
        lead, mark = match.group(1), match.group(2)
        after = starts[number - 1] + len(lead) + 1
        closing = _closing_quote(text[after:], mark)
        closing_line = number if closing is None else text.count("\n", 0, after + closing) + 1
        if closing is None or closing_line >= error_line:
            return number, len(lead) + 1, "double quote" if mark == '"' else "single quote"
        number = closing_line  # a quoted value over several lines, closed before the error
    return None


_CLOSING = {'"': re.compile(r'(?<!\\)"'), "'": re.compile(r"'(?!')")}
_EMPTY_FLOW = re.compile(r"^(\s*)([^\s#:][^:#]*):\s*(\[\]|\{\})\s*(#.*)?$")
_ENTRY = re.compile(r"^\s*- ")
_BLOCK_KEY = re.compile(r"^(\s*)(?:-\s+)?([^\s#:][^:#]*):\s*[|>][0-9+-]*\s*(#.*)?$")
_PLAIN_PAIR = re.compile(r"^\s*(?:-\s+)?[^\s#:\"'][^:#]*:\s+[^\s#|>\"'\[{]")


def _explained(
    text: str, exc: yaml.MarkedYAMLError, line: int, col: int
) -> tuple[int, int, str] | None:
    """The common mistakes behind libyaml's messages, said in plain words: (line, col, message)."""
    lines = text.split("\n")
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    above_number = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), 0)
    above = lines[above_number - 1] if above_number else ""
    problem = exc.problem or ""
    flow = _EMPTY_FLOW.match(above)
    if flow and _ENTRY.match(current):
        key = flow.group(2).strip()
        return (
            line,
            col,
            (
                f"invalid YAML: `{key}: {flow.group(3)}` on line {above_number} is an empty list written on one line, "
                f"so entries cannot follow it: write `{key}:` alone on that line and keep the entries below it"
            ),
        )
    after_quote = _text_after_closing_quote(current)
    if problem.startswith("did not find expected key") and after_quote is not None:
        return (
            line,
            after_quote,
            (
                "invalid YAML: text follows the closing quotation mark: a value that starts with a quotation mark must "
                "end with it; put the whole value in single quotes ('…', writing a ' inside as ''), or leave out the outer quotes"
            ),
        )
    if problem == "mapping values are not allowed in this context":
        if _indent(current) > _indent(above) and _PLAIN_PAIR.match(above):
            return (
                line,
                _indent(current) + 1,
                (
                    "invalid YAML: this line is indented more than the line above, so it reads as part of that line's "
                    "value; line it up with the keys above it"
                ),
            )
        return line, col, f"invalid YAML: {problem}; a value that contains `: ` must be in quotes"
    if problem.startswith("did not find expected '-' indicator"):
        return (
            line,
            col,
            (
                "invalid YAML: this line's indentation does not match the lines above: the keys of one list entry "
                "must line up under the first one (the one after `- `)"
            ),
        )
    block = _unindented_block_text(lines, line)
    if block is not None:
        key_line, key, text_line = block
        return (
            text_line,
            1,
            (
                f"invalid YAML: the text of `{key}:` (line {key_line}) must be indented below it, "
                f"two spaces further in than `{key}:`"
            ),
        )
    if (
        exc.context in ("while parsing a flow sequence", "while parsing a flow mapping")
        and exc.context_mark
    ):
        opened = "[" if exc.context.endswith("sequence") else "{"
        closing = "]" if opened == "[" else "}"
        start = exc.context_mark
        return (
            start.line + 1,
            start.column + 1,
            (
                f"invalid YAML: the `{opened}` opened here is not closed with `{closing}`; "
                f"close it, or put the value in quotes if the `{opened}` is part of the text"
            ),
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _text_after_closing_quote(line: str) -> int | None:
    """The column of text that follows a quoted value's closing quote on this line, if any."""
    match = _QUOTED_VALUE.match(line)
    if match is None:
        return None
    closing = _closing_quote(match.group(3), match.group(2))
    if closing is None:
        return None
    rest = match.group(3)[closing + 1 :]
    stripped = rest.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    return len(match.group(1)) + 1 + closing + 1 + (len(rest) - len(stripped)) + 1


def _unindented_block_text(lines: list[str], error_line: int) -> tuple[int, str, int] | None:
    """(line, key, first text line) of a `key: |` or `key: >` whose text, from the line after
    it down to `error_line`, is not indented further than the key."""
    for number in range(error_line - 1, max(error_line - 60, 0), -1):
        match = _BLOCK_KEY.match(lines[number - 1])
        if match:
            indent = len(match.group(1))
            body = [n for n in range(number + 1, error_line + 1) if lines[n - 1].strip()]
            if body and all(_indent(lines[n - 1]) <= indent for n in body):
                return number, match.group(2).strip(), body[0]
            return None
    return None


def _closing_quote(rest: str, mark: str) -> int | None:
    """Offset in `rest` of the quote that closes one opened just before it."""
    index = 0
    while True:
        found = _CLOSING[mark].search(rest, index)
        if found is None:
            return None
        if mark == "'" and found.start() > 0 and rest[found.start() - 1] == "'":
            index = found.end()  # the second half of an escaped ''
            continue
        return found.start()


def _shifted(problems: list[YamlProblem], first_line: int) -> list[YamlProblem]:
    shift = first_line - 1
    return (
        [YamlProblem(p.line + shift, p.col, p.message, p.recoverable) for p in problems]
        if shift
        else problems
    )


def _shift(located: Located, lines: int) -> None:
    for table in (located.values, located.keys):
        for key, pos in table.items():
            table[key] = Position(pos.line + lines, pos.col, pos.style)


def _indenting_tab(text: str) -> tuple[int, int] | None:
    """The first tab used in a line's indentation, as (line, column)."""
    if "\t" not in text:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None


def _duplicate_key_message(key: str, first_line: int, mapping_path: Path_, lost_dash: bool) -> str:
    """In an entry of a list, the entry's first key again most often means that a new
    entry lost its `- ` (and so do the keys repeated after it)."""
    if lost_dash:
        listed = (
            ".".join(str(part) for part in mapping_path[:-1] if isinstance(part, str)) or "the list"
        )
        return (
            f"duplicate key {key!r} in one entry of `{listed}` (first given on line {first_line}): "
            f"if a new entry starts here, begin its first line with `- `; otherwise keep one"
        )
    return f"duplicate key {key!r} (first given on line {first_line}); keep one"
