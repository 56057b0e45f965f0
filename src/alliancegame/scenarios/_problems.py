"""Problems in a scenario file, positioned: how errors are collected, de-duplicated and worded.

Every problem is kept with the data path of the offending value (``("parameters", "u",
"default")``) and turned into a :class:`~alliancegame.ModelFileError` with the ``line:column`` of
that value (or of its key) at the end. Pydantic's validation errors are mapped onto the same data
paths; their locations mix data keys with the tags of union members, which are resolved here so
that a value of the wrong type gets one error saying what was expected.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..core.errors import ExpressionError, ModelFileError, UnknownNameError, did_you_mean
from ._yaml import Located, Path_, field_text
from .schema import (
    DATE_PATTERN,
    FIELD_NAMES,
    IDENTIFIER,
)

# ============================================================================= problems


@dataclass
class _Problem:
    path: Path_
    message: str
    key: bool = False
    column_shift: int | None = None
    count: int = 1


class _Problems:
    """Collects problems, one per distinct mistake, and formats them with positions."""

    def __init__(self, doc: Located, filename: str) -> None:
        self.doc = doc
        self.filename = filename
        self.items: dict[Hashable, _Problem] = {}

    def add(
        self,
        path: Path_,
        message: str,
        *,
        key: bool = False,
        column_shift: int | None = None,
        dedupe: Hashable = None,
        count: bool = True,
    ) -> None:
        ident = dedupe if dedupe is not None else (tuple(path), message)
        if ident in self.items:
            self.items[ident].count += int(count)
            return
        self.items[ident] = _Problem(tuple(path), message, key, column_shift)

    def expression(self, path: Path_, exc: ExpressionError, what: str = "") -> None:
        shift = None
        if exc.offset is not None and path in self.doc.inline:
            text = self._value(path)
            if isinstance(text, str):
                lead = len(text) - len(text.lstrip())
                shift = self.doc.inline[path] + lead + exc.offset
        message = str(exc)
        if isinstance(exc, UnknownNameError):
            message = message.split("; declared parameters:")[0]
            message += "; not a declared parameter, definition, attribute or move indicator"
        self.add(path, f"{what}{message}", column_shift=shift)

    def _value(self, path: Path_) -> Any:
        node: Any = self.doc.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def __bool__(self) -> bool:
        return bool(self.items)

    def errors(self) -> list[ModelFileError]:
        out = []
        for prob in self.items.values():
            pos = self.doc.position(prob.path, key=prob.key)
            line, col = pos if pos is not None else (None, None)
            if col is not None and prob.column_shift is not None:
                col += prob.column_shift
            message = prob.message
            if prob.count > 1:
                message += f" (and {prob.count - 1} more like it)"
            out.append(
                ModelFileError(message, self.filename, line, col, field_text(prob.path) or None)
            )
        out.sort(key=lambda e: (e.line or 0, e.column or 0, str(e)))
        return out


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ============================================================================= pydantic errors


@dataclass
class _Err:
    """A pydantic error on its way to a problem: location split into data steps and union tags."""

    loc: list[Any]  # data keys/indices and union-member tags, in pydantic's order
    data: list[bool]  # which entries of ``loc`` are steps into the data
    err: dict[str, Any]
    missing: str | None = None  # the missing field (not part of ``loc``)

    @property
    def path(self) -> Path_:
        return tuple(x for x, d in zip(self.loc, self.data, strict=True) if d and x != "[key]")

    @property
    def on_key(self) -> bool:
        return "[key]" in self.loc

    def tags(self) -> list[int]:
        return [i for i, d in enumerate(self.data) if not d]


def _classify_loc(data: Any, loc: Sequence[Any]) -> list[bool]:
    flags = []
    node = data
    for part in loc:
        if part == "[key]":
            flags.append(True)
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            flags.append(True)
            node = node[part]
        else:
            flags.append(False)
    return flags


def _type_mismatch(e: _Err) -> bool:
    kind = str(e.err["type"])
    return kind.endswith("_type") or kind in ("none_required", "merged_union")


def _pydantic_problems(exc: ValidationError, doc: Located, problems: _Problems) -> None:
    # A pydantic location mixes data keys with the tags of union members ("NodeSpec", "str",
    # "list[...]"). Errors under one union with different tags are alternatives. From the
    # innermost union outwards, keep the branch that got deepest into the data (preferring real
    # errors over "wrong type" ones); when every branch only says "wrong type" at the union
    # itself, report one error that lists what was expected.
    errs: list[_Err] = []
    for raw in exc.errors(include_url=False):
        err: dict[str, Any] = dict(raw)
        loc: list[Any] = list(raw["loc"])
        missing = None
        if err["type"] == "missing":
            missing = str(loc.pop())
        errs.append(_Err(loc, _classify_loc(doc.data, loc), err, missing))
    while any(e.tags() for e in errs):
        # Resolve the deepest unions first, so that an outer union compares whole branches.
        deepest = max(e.tags()[-1] for e in errs if e.tags())
        groups: dict[tuple[Any, ...], list[_Err]] = {}
        waiting = [e for e in errs if not e.tags() or e.tags()[-1] != deepest]
        for e in errs:
            if e.tags() and e.tags()[-1] == deepest:
                groups.setdefault(tuple(e.loc[:deepest]), []).append(e)
        errs = waiting
        for prefix, group in groups.items():
            t = len(prefix)
            branches: dict[Any, list[_Err]] = {}
            for e in group:
                branches.setdefault(e.loc[t], []).append(e)
            site = sum(1 for d in group[0].data[:t] if d)

            def score(members: list[_Err], site: int = site) -> tuple[int, bool]:
                depth = max(len(m.path) for m in members)
                real = any(not _type_mismatch(m) or m.missing for m in members)
                return (depth, real)

            best = max(branches.values(), key=score)
            if len(branches) > 1 and score(best) == (site, False):
                nouns = list(dict.fromkeys(n for m in group for n in _nouns(m.err)))
                if "a number" in nouns and "an integer" in nouns:
                    nouns.remove("an integer")
                merged = {
                    "type": "merged_union",
                    "msg": "must be " + _or(nouns),
                    "input": group[0].err.get("input"),
                    "nouns": nouns,
                }
                errs.append(_Err(list(prefix), list(group[0].data[:t]), merged))
                continue
            for e in best:
                del e.loc[t], e.data[t]
                errs.append(e)
    # A misspelt field is one problem, not two: "unknown field 'meanng'" already says "did you
    # mean 'meaning'?", so the "missing required field 'meaning'" it causes is not repeated.
    absent = {(e.path, e.missing) for e in errs if e.missing}
    explained = set()
    for e in errs:
        if e.err["type"] == "extra_forbidden" and e.path:
            close = difflib.get_close_matches(str(e.path[-1]), list(FIELD_NAMES), n=1, cutoff=0.6)
            if close and (e.path[:-1], close[0]) in absent:
                explained.add((e.path[:-1], close[0]))
    for e in errs:
        if e.missing and (e.path, e.missing) in explained:
            continue
        _one_pydantic_problem(e, problems)


_NOUNS = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "none_required": "null",
    "date_type": "a date",
}


def _nouns(err: Mapping[str, Any]) -> list[str]:
    if "nouns" in err:
        return list(err["nouns"])
    noun = _NOUNS.get(str(err["type"]))
    return [noun] if noun else [_rule(err).removeprefix("must be ")]


def _or(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" or {items[-1]}"


_PATTERNS = {
    IDENTIFIER: "an identifier (a letter, then letters, digits or _)",
    DATE_PATTERN: "a date YYYY-MM-DD, a month YYYY-MM, a year YYYY or 'undated'",
}


def _rule(err: Mapping[str, Any]) -> str:
    noun = _NOUNS.get(str(err["type"]))
    if noun is not None:
        return f"must be {noun}"
    if err["type"] == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        if pattern in _PATTERNS:
            return f"must be {_PATTERNS[pattern]}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return re.sub(r"^(Input|Value|List|Dictionary|String|Tuple) should", "must", msg)


def _one_pydantic_problem(e: _Err, problems: _Problems) -> None:
    err, path = e.err, e.path
    kind = err["type"]
    if e.missing is not None:
        problems.add(path, f"missing required field {e.missing!r}")
        return
    if kind == "extra_forbidden":
        name = path[-1] if path else err["loc"][-1]
        hint = did_you_mean(str(name), FIELD_NAMES)
        problems.add(path, f"unknown field {name!r}{hint}", key=True)
        return
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        field = str(ctx.get("discriminator", "")).strip("'")
        problems.add(
            (*path, field) if field else path,
            f"unknown {field or 'kind'} {ctx.get('tag')!r}; expected one of "
            f"{ctx.get('expected_tags')}",
        )
        return
    rule = _rule(err)
    if kind == "value_error":
        problems.add(path, rule)
        return
    value = err.get("input")
    if e.on_key:
        problems.add(path, f"a key {rule}, got {_short(value)}", key=True)
        return
    problems.add(path, f"{rule}, got {_short(value)}")
