"""Read YAML with ruamel.yaml's safe loader, keeping the line and column of every key and value.

The document is *composed* (parsed into a node graph) by the safe loader, and then turned into
plain Python data (dicts, lists, strings, numbers, booleans, ``None``, dates) here, node by node,
so that every value and every mapping key keeps its position. Nothing is ever constructed from a
tag other than YAML's standard scalar, sequence and mapping tags; aliases are expanded (with a cap
on the total size, which defeats "billion laughs" documents), recursive aliases are rejected, and
so are duplicate keys and merge keys.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..core.errors import ModelFileError

__all__ = ["Located", "Path_", "field_text", "read_yaml"]

Path_: TypeAlias = tuple[Hashable, ...]
"""A path into the data: mapping keys and list indices from the root."""

MAX_DEPTH = 200
"""Deepest nesting of mappings and sequences accepted."""

MAX_NODES = 200_000
"""Most YAML nodes (after expanding aliases) accepted in one document."""

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Located:
    """Plain data read from YAML, with the 1-based ``(line, column)`` of each value and key."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    inline: dict[Path_, int] = field(default_factory=dict)
    """For single-line string scalars: how many characters precede the text (1 for quotes)."""

    def position(self, path: Path_, key: bool = False) -> tuple[int, int] | None:
        """The position of the value at ``path`` (or of its key), else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), None)


def field_text(path: Path_) -> str:
    """Format a data path as a field name: ``game.tree.moves[1].actions.X``.

    Examples
    --------
    >>> field_text(("game", "tree", "moves", 1, "actions", "X"))
    'game.tree.moves[1].actions.X'
    >>> field_text(("game", "normal_form", "table", "Hold fire"))
    "game.normal_form.table['Hold fire']"
    """
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        elif isinstance(part, str) and part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.yaml = YAML(typ="safe", pure=True)
        self.located = Located(None)
        self.count = 0

    def fail(self, node: Node | None, message: str, path: Path_ = ()) -> ModelFileError:
        line = col = None
        if node is not None and node.start_mark is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return ModelFileError(message, self.filename, line, col, field_text(path) or None)

    def scalar(self, node: ScalarNode, path: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(
                node,
                f"the YAML tag {node.tag!r} is not allowed (only plain strings, numbers, "
                "booleans, null, dates, lists and mappings)",
                path,
            )
        try:
            value = self.yaml.constructor.construct_object(node, deep=True)
        except (YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(
                node, f"not a valid {node.tag.rsplit(':', 1)[-1]}: {exc}", path
            ) from None
        if isinstance(value, str) and node.style in (None, "'", '"'):
            start, end = node.start_mark, node.end_mark
            if start is not None and end is not None and start.line == end.line:
                self.located.inline[path] = 1 if node.style in ("'", '"') else 0
        return value

    def convert(self, node: Node, path: Path_, active: set[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"the document has more than {MAX_NODES} values (after expanding aliases)",
                path,
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(node, f"the document is nested deeper than {MAX_DEPTH} levels", path)
        mark = node.start_mark
        self.located.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in active:
            raise self.fail(node, "a YAML alias refers to a node that contains it (a cycle)", path)
        active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if node.tag != "tag:yaml.org,2002:seq":
                    raise self.fail(node, f"the YAML tag {node.tag!r} is not allowed", path)
                return [self.convert(item, (*path, i), active) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, path, active)
            raise self.fail(node, f"unsupported YAML node {type(node).__name__}", path)
        finally:
            active.discard(id(node))

    def mapping(self, node: MappingNode, path: Path_, active: set[int]) -> dict[Any, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise self.fail(node, f"the YAML tag {node.tag!r} is not allowed", path)
        out: dict[Any, Any] = {}
        first: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "YAML merge keys (<<) are not supported", path)
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a mapping key must be a plain value", path)
            key = self.scalar(key_node, (*path, "<key>"))
            self.located.inline.pop((*path, "<key>"), None)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                raise self.fail(key_node, "a mapping key must be a plain value", path) from None
            if key in first:
                prev = first[key].start_mark
                raise self.fail(
                    key_node,
                    f"duplicate key {key!r} (first defined at line {prev.line + 1})",
                    (*path, key),
                )
            first[key] = key_node
            kmark = key_node.start_mark
            self.located.keys[(*path, key)] = (kmark.line + 1, kmark.column + 1)
            out[key] = self.convert(value_node, (*path, key), active)
        return out


def read_yaml(text: str, filename: str) -> Located:
    """Parse YAML text into :class:`Located` data, raising :class:`ModelFileError` on bad input.

    Examples
    --------
    >>> doc = read_yaml("a:\\n  b: [1, x]\\n", "f.yaml")
    >>> doc.data, doc.values[("a", "b", 1)], doc.keys[("a", "b")]
    ({'a': {'b': [1, 'x']}}, (2, 10), (2, 3))
    >>> read_yaml("a: 1\\na: 2\\n", "f.yaml")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ModelFileError: f.yaml:2:1: a: duplicate key 'a' (first defined ...
    """
    reader = _Reader(filename)
    try:
        root = reader.yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}, {exc.problem}"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        raise ModelFileError(f"not valid YAML: {problem}", filename, line, col) from None
    except ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ModelFileError(
            f"not valid YAML: the character {char!r} (U+{ord(char):04X}) is not allowed in YAML "
            "text",
            filename,
            line,
            col,
        ) from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelFileError(f"not valid YAML: {first}", filename) from None
    except RecursionError:
        raise ModelFileError(
            f"not valid YAML: the document is nested too deeply (more than {MAX_DEPTH} levels)",
            filename,
        ) from None
    if root is None:
        raise ModelFileError("the file is empty (expected a YAML mapping)", filename, 1, 1)
    try:
        data = reader.convert(root, (), set())
    except RecursionError:
        raise ModelFileError(
            f"the document is nested too deeply (more than {MAX_DEPTH} levels)", filename
        ) from None
    reader.located.data = data
    return reader.located
