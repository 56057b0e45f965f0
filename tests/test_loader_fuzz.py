"""Fuzzing the scenario loader: any input either loads or raises ModelFileError, nothing else.

Inputs are arbitrary text, arbitrary YAML data, and valid scenario documents mutated at random
(in their data: a value replaced, a key deleted or renamed, an item duplicated; and in their text:
a slice deleted, characters inserted, lines swapped). For each, ``validate_text`` returns a list of
``ModelFileError`` without raising, ``loads`` raises a ``ModelFileError`` exactly when that list
is non-empty, and every reported position lies inside the text.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from alliancegame import ModelFileError, Scenario
from alliancegame.scenarios import loads, validate_text

from .test_scenario_errors import EXPLICIT, NORMAL, TREE

BASES = [TREE, EXPLICIT, NORMAL]
_YAML = YAML(typ="safe", pure=True)


def check(text: str, also_load: bool = True) -> None:
    """The loader's contract on one input."""
    problems = validate_text(text, "fuzz.yaml")
    assert isinstance(problems, list)
    lines = text.splitlines() or [""]
    for p in problems:
        assert isinstance(p, ModelFileError)
        assert str(p).startswith("fuzz.yaml")
        assert "\n" not in str(p), "one problem, one line"
        if p.line is not None:
            assert 1 <= p.line <= len(lines) + 1
        if p.column is not None:
            assert p.column >= 1
    if not also_load:
        return
    if problems:
        with pytest.raises(ModelFileError) as info:
            loads(text, name="fuzz.yaml")
        assert str(info.value).split("\n") == [str(p) for p in problems]
    else:
        assert isinstance(loads(text, name="fuzz.yaml"), Scenario)


def dump(data: Any) -> str:
    buf = io.StringIO()
    _YAML.dump(data, buf)
    return buf.getvalue()


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["p", "1 - p", "B*Russia_Stay", "max(p, 1)", "x.y", "(", "1/0", "p**p"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
leaves = (
    st.integers(-3, 3)
    | st.sampled_from([0.5, 1.5, -0.25, 1e308, float("nan")])
    | st.sampled_from(
        ["p", "1 - p", "2*p", "p/0", "B", "Bx", "US", "Russia", "Iran", "Hold", "Arm", "war",
         "russia", "lottery", "Russia_Stay*B", "war_yes", "where(p > 0.5, 1, 0)", "exp(B*100)",
         "log(0)", "sqrt(-1)", "p**-1", "1e400", "max(p)", "p if B else 1", "Escalate", "x"]
    )
    | st.from_regex(r"[A-Za-z_][A-Za-z0-9_ ()*+-/]{0,12}", fullmatch=True)
)  # fmt: skip
field_names = st.sampled_from(
    ["title", "summary", "players", "parameters", "game", "tree", "moves", "root", "nodes",
     "actions", "payoffs", "chance", "player", "outcomes", "when", "ends", "meaning", "range",
     "default", "prior", "distribution", "normal_form", "strategies", "table", "observes",
     "attributes", "infoset", "probability", "then", "definitions", "sources"]
)  # fmt: skip


@given(st.text(max_size=200))
@example("")
@example("a: [")
@example("a: &x [*x]")
@example("- - - - - - - - - -")
@example("[" * 500)
@example("title: !!python/object/apply:os.system ['true']\n")
def test_any_text(text: str) -> None:
    check(text)


@given(values)
def test_any_yaml_data(data: Any) -> None:
    check(dump(data))


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, (*prefix, i))
    return out


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def mutated_documents(draw: Any) -> str:
    data = _YAML.load(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(data)[1:]))
        parent, key = parent_of(data, path), path[-1]
        action = draw(
            st.sampled_from(["leaf", "leaf", "leaf", "replace", "delete", "rename", "duplicate",
                             "field"])
        )  # fmt: skip
        if action == "leaf" and not isinstance(parent[key], dict | list):
            # keep the structure, change a name or an expression: reaches the semantic checks
            parent[key] = draw(leaves)
        elif action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(field_names | st.text(max_size=6))] = parent.pop(key)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(int(key), parent[key])
        elif action == "field" and isinstance(parent[key], dict):
            parent[key][draw(field_names)] = draw(values)
    return dump(data)


@given(mutated_documents())
def test_mutated_documents(text: str) -> None:
    check(text)


@st.composite
def text_edits(draw: Any) -> str:
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 20)))
        kind = draw(st.sampled_from(["delete", "insert", "swap"]))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = (
                text[:i]
                + draw(st.text(alphabet=" :-[]{}',\"#&*!|>\n\tax01.", max_size=6))
                + text[i:]
            )
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                a = draw(st.integers(0, len(lines) - 1))
                b = draw(st.integers(0, len(lines) - 1))
                lines[a], lines[b] = lines[b], lines[a]
                text = "".join(lines)
    return text


@given(text_edits())
@example(TREE.replace("{yes: p, no: 1 - p}", "{yes: sqrt(-1), no: 1 - sqrt(-1)}"))
@example(TREE.replace("{yes: p, no: 1 - p}", "{yes: log(0), no: 1}"))
@example(TREE.replace('"B*Russia_Stay', '"B/(p - 0.1)*Russia_Stay'))
def test_edited_text(text: str) -> None:
    check(text)


@settings(max_examples=4)
@given(st.integers(0, 10**6))
def test_a_flagship_line_deleted(seed: int) -> None:
    from alliancegame import load

    path = load("russia-iran").path
    assert path is not None
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    content = [
        i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")
    ]
    k = content[seed % len(content)]
    check("".join(lines[:k] + lines[k + 1 :]), also_load=False)
