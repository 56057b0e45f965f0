"""Load and validate scenario files: YAML text to a :class:`~alliancegame.scenarios.Scenario`.

Validation runs in three passes, each reporting *every* problem it finds as a
:class:`~alliancegame.ModelFileError` that names ``file:line:col``, the field, the rule and the
value:

1. **YAML** (:mod:`._yaml`): ruamel.yaml's safe loader composes the document; positions of every
   key and value are kept; unknown tags, duplicate keys, merge keys and recursive aliases are
   rejected.
2. **Structure** (:mod:`.schema`): pydantic models with ``extra="forbid"``, so a misspelt field is
   an error, not a silently ignored line.
3. **Meaning**: names (parameters, definitions, players, actions, attributes, sources) are declared
   before use and do not clash; expressions parse (through
   :func:`~alliancegame.core.expr.parse_expression`, never ``eval``); definitions are acyclic and
   substituted symbolically; trees are trees (named nodes are reachable and do not contain
   themselves); payoffs come one per player; chance probabilities are real, lie in ``[0, 1]``
   and sum to 1 (exactly for numbers; for expressions symbolically where SymPy can prove it, and
   at the defaults, the corners of the parameter ranges and a fixed sample inside them).
   The checks live in :mod:`._compile`, the wording and positions of errors in
   :mod:`._problems`.

Only then is the game built (:class:`~alliancegame.NormalFormGame` or
:class:`~alliancegame.ExtensiveGame`).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.errors import ModelFileError, did_you_mean
from ._compile import MAX_PROFILES, MAX_TREE_NODES, _Compiler
from ._problems import _Problems, _pydantic_problems, _short
from ._yaml import read_yaml
from .scenario import Scenario
from .schema import ScenarioFile

__all__ = [
    "MAX_PROFILES",
    "MAX_TREE_NODES",
    "ScenarioFileError",
    "ScenarioNotFoundError",
    "load",
    "loads",
    "scenario_names",
    "validate_file",
    "validate_text",
]


class ScenarioFileError(ModelFileError):
    """Several problems in one scenario file; ``problems`` holds one error per problem.

    The message is the first problem, followed by the others, one per line, each starting with
    ``file:line:col:``.
    """

    def __init__(self, problems: Sequence[ModelFileError]) -> None:
        first = problems[0]
        self.problems = tuple(problems)
        reason = first.reason
        if len(problems) > 1:
            reason += "".join(f"\n{p}" for p in problems[1:])
        super().__init__(reason, first.path, first.line, first.column, first.field)


class ScenarioNotFoundError(ModelFileError, FileNotFoundError):
    """No scenario file at the given path, and no bundled scenario of that name."""


# ============================================================================= entry points


def _compile(text: str, filename: str, name: str) -> tuple[Scenario | None, list[ModelFileError]]:
    try:
        doc = read_yaml(text, filename)
    except ModelFileError as exc:
        return None, [exc]
    problems = _Problems(doc, filename)
    if not isinstance(doc.data, dict):
        problems.add((), f"a scenario file must be a YAML mapping, got {_short(doc.data)}")
        return None, problems.errors()
    try:
        spec = ScenarioFile.model_validate(doc.data)
    except ValidationError as exc:
        _pydantic_problems(exc, doc, problems)
        return None, problems.errors()
    compiler = _Compiler(spec, doc, problems, name)
    try:
        scenario = compiler.compile()
    except RecursionError:
        problems.add(("game",), "the game is nested too deeply")
        scenario = None
    return scenario, problems.errors()


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioNotFoundError("no such file", str(path)) from None
    except OSError as exc:
        raise ModelFileError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModelFileError(
            f"the file is not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
            str(path),
        ) from None


def loads(text: str, name: str = "<string>") -> Scenario:
    """Load a scenario from YAML text.

    Parameters
    ----------
    text : str
        The scenario file's content.
    name : str
        Shown as the file name in errors, and the scenario's name.

    Raises
    ------
    ModelFileError
        For every problem in the text (a :class:`ScenarioFileError` when there are several).

    Examples
    --------
    >>> s = loads('''
    ... title: Prisoner's dilemma
    ... summary: Two allies choose whether to share the burden.
    ... players: [A, B]
    ... game:
    ...   normal_form:
    ...     strategies: {A: [share, shirk], B: [share, shirk]}
    ...     table:
    ...       share: {share: [3, 3], shirk: [0, 5]}
    ...       shirk: {share: [5, 0], shirk: [1, 1]}
    ... ''')
    >>> s.game.table().splitlines()[1]
    'share   | 3, 3  | 0, 5'
    >>> loads("title: x\\nsumary: y\\n", name="bad.yaml")
    Traceback (most recent call last):
    ...
    alliancegame.scenarios.load.ScenarioFileError: bad.yaml:1:1: missing required field 'game'
    bad.yaml:1:1: missing required field 'players'
    bad.yaml:2:1: sumary: unknown field 'sumary' (did you mean 'summary'?)
    """
    scenario, problems = _compile(text, name, Path(name).stem)
    if problems:
        raise ScenarioFileError(problems) if len(problems) > 1 else problems[0]
    assert scenario is not None
    return scenario


def _bundled_dirs() -> list[Path]:
    out = []
    try:
        installed = resources.files("alliancegame") / "models"
        if installed.is_dir():
            out.append(Path(str(installed)))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        pass
    source_tree = Path(__file__).resolve().parents[3] / "models"
    if source_tree.is_dir() and source_tree not in out:
        out.append(source_tree)
    return out


def scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios (``examples/...`` for the examples).

    Examples
    --------
    >>> "russia-iran" in scenario_names()
    True
    """
    names: set[str] = set()
    for d in _bundled_dirs():
        for f in d.rglob("*.yaml"):
            names.add(f.relative_to(d).with_suffix("").as_posix())
    return tuple(sorted(names))


def _find(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or text.endswith((".yaml", ".yml"))
    if path.is_file() or looks_like_path:
        return path
    for d in _bundled_dirs():
        for candidate in (d / f"{text}.yaml", d / "examples" / f"{text}.yaml"):
            if candidate.is_file():
                return candidate
    known = scenario_names()
    raise ScenarioNotFoundError(
        f"no scenario file or bundled scenario named {text!r}{did_you_mean(text, known)}; "
        f"bundled: {', '.join(known) or '(none)'}"
    )


_CACHE: dict[tuple[Any, ...], Scenario] = {}
"""Scenarios already loaded, by (resolved path, modification time, size): they are immutable."""


def load(name_or_path: str | Path) -> Scenario:
    """Load a bundled scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A bundled scenario's name (see :func:`scenario_names`), or a path to a YAML file.

    Returns
    -------
    Scenario
        The scenario: title, summary, sources, parameters (with priors), players and the game.

    Raises
    ------
    ModelFileError
        For every problem in the file, each with ``file:line:col``, the field, the rule and the
        value (a :class:`ScenarioFileError` listing them all when there are several), or a
        :class:`ScenarioNotFoundError` when there is no such file or scenario.

    Notes
    -----
    Loading an unchanged file again returns the same scenario object (scenarios and games are
    immutable); a file is read again when its modification time or size changes.

    Examples
    --------
    >>> import alliancegame as ag
    >>> s = ag.load("russia-iran")
    >>> s.players
    ('US', 'Russia', 'China', 'Iran')
    >>> s.parameters["u"].description
    "Russia's Ukraine commitment: the price of diverting military capacity from Ukraine"
    """
    path = _find(name_or_path)
    scenario, problems = _load_path(path)
    if problems:
        raise ScenarioFileError(problems) if len(problems) > 1 else problems[0]
    assert scenario is not None
    return scenario


def _load_path(path: Path) -> tuple[Scenario | None, list[ModelFileError]]:
    """The scenario of a file (cached by path, modification time and size), or its problems."""
    try:
        stat = path.stat()
        key: tuple[Any, ...] | None = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key], []
    text = _read_text(path)
    scenario, problems = _compile(text, str(path), path.stem)
    if problems:
        return None, problems
    assert scenario is not None
    out = Scenario(
        name=scenario.name,
        title=scenario.title,
        summary=scenario.summary,
        players=scenario.players,
        game=scenario.game,
        sources=scenario.sources,
        citations=scenario.citations,
        assumptions=scenario.assumptions,
        definitions=scenario.definitions,
        player_descriptions=scenario.player_descriptions,
        path=path,
    )
    if key is not None:
        if len(_CACHE) >= 32:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = out
    return out, []


def validate_text(text: str, name: str = "<string>") -> list[ModelFileError]:
    """All problems of a scenario given as text (an empty list when it is valid).

    Examples
    --------
    >>> for problem in validate_text("title: t\\nsummary: s\\nplayers: []\\n", "x.yaml"):
    ...     print(problem)
    x.yaml:1:1: missing required field 'game'
    x.yaml:3:10: players: must have at least 1 item after validation, not 0, got []
    """
    return _compile(text, name, Path(name).stem)[1]


def validate_file(path: str | Path) -> list[ModelFileError]:
    """The problems of a scenario file, each a :class:`ModelFileError` (empty when valid).

    The file is checked in stages: YAML syntax, then the structure (fields, types, required
    entries), then the expressions and the game they build. Every problem of the first stage that
    has any is listed; later stages run only when the earlier ones pass, so fixing the listed
    problems can reveal more.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    list of ModelFileError
        One per problem, in file order; ``str(problem)`` is ``file:line:col: field: message``.

    Examples
    --------
    >>> validate_file("no/such/file.yaml")
    [ScenarioNotFoundError('no/such/file.yaml: no such file')]
    """
    try:
        return _load_path(Path(path))[1]  # a valid file is cached: loading it next is free
    except ModelFileError as exc:
        return [exc]
