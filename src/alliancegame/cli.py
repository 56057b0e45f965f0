"""The ``alliancegame`` command line.

``alliancegame report [SCENARIO]`` analyses a scenario (default: the Russia–Iran flagship): the
equilibrium path, why each move is made, and the thresholds at which the focus player's choices
flip (:func:`alliancegame.report.build_report`); ``--out DIR`` also writes Markdown/HTML/JSON
reports with figures. ``alliancegame validate FILE...`` checks scenario files.

``alliancegame solve GAME`` reads a game, solves it with :func:`alliancegame.solve` and prints the
equilibria, for people (the default) or as one JSON object (``--json``)::

    alliancegame solve crisis-chicken                 # a bundled example, by name
    alliancegame solve mygame.efg --concept spe --json
    alliancegame solve mygame.nfg --concept pure --method enumpure
    alliancegame validate models/*.yaml                # check scenario files

``GAME`` is a path to a Gambit ``.nfg``/``.efg`` file or a scenario file (``.yaml``), ``-`` for a
Gambit file on standard input, or the name of a bundled game (``models/examples/NAME.nfg``,
``.efg``, or a scenario ``models/NAME.yaml``); :data:`LOADERS` maps file suffixes to readers.
Parameterised games take values with ``--set NAME=VALUE`` (repeatable). Errors go to standard
error as ``path:line:column: message`` when they concern a place in a file, else as
``alliancegame: error: message``, with exit status 1 (2 for a malformed command line); no
traceback.

The command line adds nothing the library lacks: every step is a public function
(:func:`~alliancegame.read_gambit`, ``game.at``, :func:`~alliancegame.solve`,
:meth:`~alliancegame.SolverResult.to_dict`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import textwrap
import warnings
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from . import __version__
from .core.errors import AllianceGameError, ExpressionError, did_you_mean
from .core.expr import to_fraction
from .io.gambit import read_gambit
from .scenarios import load as load_scenario
from .scenarios import validate_file
from .solvers.result import BehaviorProfile, SolverResult, StrategyProfile, format_number
from .solvers.solve import solve

__all__ = [
    "LOADERS",
    "UsageError",
    "build_parser",
    "bundled_examples",
    "load_game",
    "main",
    "models_dir",
    "render_json",
    "render_text",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

GameLoader = Callable[[Path], Any]

# File suffix -> reader: the extension point for new kinds of game file. Files in the
# NAMED_DIRECTORIES of models/ with a registered suffix can be named on the command line.
LOADERS: dict[str, GameLoader] = {
    ".nfg": read_gambit,
    ".efg": read_gambit,
    ".yaml": lambda path: load_scenario(path).game,
    ".yml": lambda path: load_scenario(path).game,
}

# Where names (``alliancegame solve crisis-chicken``) are looked up, relative to models/.
NAMED_DIRECTORIES: tuple[str, ...] = ("examples", ".")

_CONCEPTS = {
    "pure": "pure-strategy Nash equilibria",
    "nash": "Nash equilibria",
    "spe": "subgame-perfect equilibria",
    "dominance": "iterated elimination of strictly dominated strategies",
    "maximin": "maximin strategies",
}


class UsageError(AllianceGameError, ValueError):
    """A malformed command line: the command exits with status 2.

    Examples
    --------
    >>> load_game("no-such-game")
    Traceback (most recent call last):
    ...
    alliancegame.cli.UsageError: no such file or bundled example: 'no-such-game'; ...
    """


# --------------------------------------------------------------------------------------------
# Finding games
# --------------------------------------------------------------------------------------------


def models_dir() -> Path:
    """The directory of bundled models: ``alliancegame/models`` in an installed wheel, else the
    ``models/`` directory of the source tree.

    Examples
    --------
    >>> (models_dir() / "examples").is_dir()
    True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "models", here.parent.parent / "models"):
        if candidate.is_dir():
            return candidate
    raise AllianceGameError(  # pragma: no cover - a broken installation
        f"the bundled models are missing (looked in {here / 'models'} and "
        f"{here.parent.parent / 'models'})"
    )


def bundled_examples() -> dict[str, Path]:
    """The bundled games that can be named on the command line: ``{name: path}``.

    Examples
    --------
    >>> "crisis-chicken" in bundled_examples()
    True
    """
    root = models_dir()
    out: dict[str, Path] = {}
    for sub in NAMED_DIRECTORIES:
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in LOADERS and path.is_file():
                out.setdefault(path.stem, path)
    return out


def load_game(spec: str) -> tuple[Any, str]:
    """Load the game a command line names: a file path, ``-`` (standard input) or a bundled name.

    Returns
    -------
    (game, source)
        The game and a description of where it came from.

    Examples
    --------
    >>> game, source = load_game("crisis-chicken")
    >>> game.players, source
    (('US', 'Iran'), 'bundled example crisis-chicken')
    """
    if spec == "-":
        return read_gambit(sys.stdin), "standard input"
    path = Path(spec)
    if path.is_file():
        loader = LOADERS.get(path.suffix.lower())
        if loader is None:
            raise UsageError(
                f"{spec}: unknown kind of game file {path.suffix or '(no suffix)'!r}; "
                f"alliancegame reads {', '.join(sorted(LOADERS))}"
            )
        return loader(path), spec
    if path.exists():
        raise UsageError(f"{spec}: not a file")
    examples = bundled_examples()
    name = path.stem if path.suffix in LOADERS and len(path.parts) == 1 else spec
    if name in examples:
        found = examples[name]
        return LOADERS[found.suffix](found), f"bundled example {name}"
    raise UsageError(
        f"no such file or bundled example: {spec!r}{did_you_mean(spec, examples)}; "
        f"bundled examples: {', '.join(examples) or '(none)'}"
    )


# --------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------


def _value_text(v: Any) -> str:
    """A parameter value as typed: ``--set u=6.5`` prints ``6.5``, ``--set p=1/3`` ``1/3``."""
    if isinstance(v, Fraction):
        den = v.denominator
        for factor in (2, 5):
            while den % factor == 0:
                den //= factor
        if den == 1:  # a finite decimal: print it as one
            from decimal import Decimal, localcontext

            with localcontext() as ctx:
                ctx.prec = 50
                text = format(Decimal(v.numerator) / Decimal(v.denominator), "f")
            return text.rstrip("0").rstrip(".") if "." in text else text
    return format_number(v)


def _parse_settings(items: Sequence[str]) -> dict[str, Fraction]:
    values: dict[str, Fraction] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set: expected NAME=VALUE, got {item!r}")
        try:
            value = to_fraction(text.strip())
        except ExpressionError:
            raise UsageError(
                f"--set {name}: VALUE must be a number (integer, decimal or p/q), got {text!r}"
            ) from None
        if name in values:
            raise UsageError(f"--set: {name!r} is given twice")
        values[name] = value
    return values


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``alliancegame`` command (also used by documentation tools).

    Examples
    --------
    >>> args = build_parser().parse_args(["solve", "crisis-chicken", "--set", "P=1", "--json"])
    >>> args.command, args.game, args.settings, args.json, args.exact
    ('solve', 'crisis-chicken', ['P=1'], True, None)
    """
    parser = argparse.ArgumentParser(
        prog="alliancegame",
        description="Game-theoretic analysis of alliance and escalation choices.",
    )
    parser.add_argument("--version", action="version", version=f"alliancegame {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    solve_cmd = commands.add_parser(
        "solve",
        help="solve a game and print its equilibria",
        description="Solve a game and print its equilibria.",
        epilog=textwrap.fill(
            "GAME is a .nfg, .efg or scenario (.yaml) file, '-' for a Gambit file on standard "
            "input, or a bundled game: " + ", ".join(bundled_examples()),
            width=78,
            break_on_hyphens=False,
            break_long_words=False,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    solve_cmd.add_argument("game", metavar="GAME", help="a game file or a bundled example's name")
    solve_cmd.add_argument(
        "--concept",
        help="solution concept: " + ", ".join(_CONCEPTS) + " (default: nash for two-player "
        "games, pure for more players, spe for trees of perfect information)",
    )
    solve_cmd.add_argument("--method", help="algorithm for the concept (default: the first listed)")
    solve_cmd.add_argument(
        "--exact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="exact rational arithmetic (default: exact for games with exact payoffs, such as "
        "Gambit files; floating point otherwise)",
    )
    solve_cmd.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable)",
    )
    solve_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    validate_cmd = commands.add_parser(
        "validate",
        help="check scenario files (models/*.yaml) and list every problem",
        description="Check scenario files and print each problem as path:line:column: field: "
        "message (exit status 1 if there is any).",
    )
    validate_cmd.add_argument("files", metavar="FILE", nargs="+", help="scenario files")
    validate_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    report_cmd = commands.add_parser(
        "report",
        help="analyse a scenario: equilibrium, why, and the thresholds where choices flip",
        description="Analyse a scenario at one parameter point: its sources, the equilibrium "
        "path, why each move is made (its margin and what moves it), and the exact thresholds "
        "at which the focus player's choices flip. With --out, also write Markdown, HTML and "
        "JSON reports with figures.",
    )
    report_cmd.add_argument(
        "scenario",
        metavar="SCENARIO",
        nargs="?",
        default="russia-iran",
        help="a scenario file or a bundled scenario's name (default: russia-iran)",
    )
    report_cmd.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable)",
    )
    report_cmd.add_argument("--focus", help="whose thresholds to report (default: Russia)")
    report_cmd.add_argument(
        "--parameters",
        help="comma-separated parameters to compute thresholds for "
        "(default: every parameter with a declared range)",
    )
    report_cmd.add_argument("--out", metavar="DIR", help="write report files and figures here")
    report_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _mixture(labels: Sequence[str], probs: Sequence[Any]) -> str:
    used = [(a, p) for a, p in zip(labels, probs, strict=True) if p > 0]
    if len(used) == 1:
        return used[0][0]
    return ", ".join(f"{a} {format_number(p)}" for a, p in used)


def _payoff_line(players: Sequence[str], payoffs: Sequence[Any]) -> str:
    return ", ".join(f"{p} {format_number(v)}" for p, v in zip(players, payoffs, strict=True))


def _describe_profile(profile: Any, out: list[str]) -> None:
    if isinstance(profile, StrategyProfile):
        width = max(len(p) for p in profile.players)
        for i, player in enumerate(profile.players):
            mix = _mixture(profile.strategies[i], profile.probabilities[i])
            out.append(f"  {player.ljust(width)}  {mix}")
    elif isinstance(profile, BehaviorProfile):
        if profile.path and all(s.probability == 1 for s in profile.path):
            out.append("  path: " + " → ".join(f"{s.player}: {s.action}" for s in profile.path))
        elif profile.path:  # mixed play: several moves are made with positive probability
            out.append(
                "  moves made: "
                + ", ".join(
                    f"{s.infoset}: {s.action} ({format_number(s.probability)})"
                    for s in profile.path
                )
            )
        for i, player in enumerate(profile.players):
            out.append(f"  {player}")
            for k, label in enumerate(profile.infosets[i]):
                mix = _mixture(profile.actions[i][k], profile.probabilities[i][k])
                out.append(f"    {label}: {mix}")
    else:  # pragma: no cover - a solver returning another profile type
        out.append(f"  {profile!r}")
    out.append(f"  payoffs: {_payoff_line(profile.players, profile.payoffs_)}")


def render_text(result: SolverResult, source: str, values: Mapping[str, Any]) -> str:
    """The human-readable report of a solver result, as ``alliancegame solve`` prints it.

    Parameters
    ----------
    result : SolverResult
        What :func:`~alliancegame.solve` returned.
    source : str
        Where the game came from (shown after the title).
    values : mapping
        The parameter values the game was evaluated at (shown when not empty).

    Examples
    --------
    >>> import alliancegame as ag
    >>> game, source = load_game("battle-of-the-sexes")
    >>> print(render_text(ag.solve(game, "pure"), source, {}))
    Battle of the Sexes: allies choosing a joint plan (bundled example battle-of-the-sexes)
    players: Ally A, Ally B
    pure-strategy Nash equilibria (pure) by enumpure, exact arithmetic: 2 found, complete
    <BLANKLINE>
    Equilibrium 1
      Ally A  Plan A
      Ally B  Plan A
      payoffs: Ally A 2, Ally B 1
    <BLANKLINE>
    Equilibrium 2
      Ally A  Plan B
      Ally B  Plan B
      payoffs: Ally A 1, Ally B 2
    """
    game = result.game
    title = getattr(game, "title", "") or ""
    lines = [f"{title} ({source})" if title else source]
    lines.append(f"players: {', '.join(result.players)}")
    if values:
        lines.append(
            "parameters: " + ", ".join(f"{k} = {_value_text(v)}" for k, v in values.items())
        )
    n = len(result.equilibria)
    kind = _CONCEPTS.get(result.concept, result.concept)
    arithmetic = "exact arithmetic" if result.exact else "floating point"
    if result.concept == "dominance":
        found = f"{len(result.eliminated)} strategies eliminated"
    else:
        found = f"{n} found, " + ("complete" if result.complete else "possibly incomplete")
    lines.append(f"{kind} ({result.concept}) by {result.method}, {arithmetic}: {found}")
    reduced = result.reduced_game
    if reduced is not None and hasattr(reduced, "strategies"):
        lines.append(
            "surviving strategies: "
            + "; ".join(
                f"{p}: {', '.join(s)}"
                for p, s in zip(reduced.players, reduced.strategies, strict=True)
            )
        )
    for k, profile in enumerate(result.equilibria, start=1):
        lines.append("")
        lines.append(f"Equilibrium {k}" if result.concept != "maximin" else f"Solution {k}")
        _describe_profile(profile, lines)
    if result.value is not None:
        lines.append("")
        lines.append(f"value: {_payoff_line(result.players, result.value)}")
    if result.eliminated:
        lines.append("")
        lines.append("eliminated, in order:")
        lines += [f"  round {r}: {p} {s}" for r, p, s in result.eliminated]
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def render_json(result: SolverResult, source: str, values: Mapping[str, Any]) -> str:
    """The ``--json`` report: one JSON object, exact numbers as ``"p/q"`` strings.

    The object has ``players``, ``concept``, ``method``, ``exact`` and ``equilibria`` (each with
    ``payoffs`` by player and, for normal forms, ``strategies`` ``{player: {strategy: p}}``, for
    trees ``behavior`` ``{player: {information set: {action: p}}}`` and the ``path``), then
    ``title``, ``source``, the ``parameters`` used, and the rest of
    :meth:`SolverResult.to_dict() <alliancegame.SolverResult.to_dict>`.

    Examples
    --------
    >>> import json, alliancegame as ag
    >>> game, source = load_game("crisis-chicken")
    >>> data = json.loads(render_json(ag.solve(game, "pure"), source, {}))
    >>> data["equilibria"][0]["strategies"]["Iran"], data["equilibria"][0]["payoffs"]
    ({'Hold': '0', 'Escalate': '1'}, {'US': '-1', 'Iran': '1'})
    """
    data = result.to_dict()
    out: dict[str, Any] = {
        "players": data.pop("players"),
        "concept": data.pop("concept"),
        "method": data.pop("method"),
        "exact": data.pop("exact"),
        "equilibria": data.pop("equilibria"),
        "title": getattr(result.game, "title", "") or "",
        "source": source,
    }
    if values:
        out["parameters"] = dict(values)
    out.update(data)
    return json.dumps(out, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default)


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def _run_solve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings = _parse_settings(args.settings)
    game, source = load_game(args.game)
    parameters = getattr(game, "parameters", ())
    values: dict[str, Any] = {}
    if settings or parameters:
        game.parameters.check_names(settings, "--set")
        values = game.parameters.resolve(settings, "--set")
        game = game.at(exact=bool(args.exact), **values)
    options: dict[str, Any] = {}
    if args.exact is not None:
        options["exact"] = args.exact
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = solve(game, args.concept, args.method, **options)
    for w in caught:
        print(f"alliancegame: warning: {w.message}", file=stderr)
    text = render_json if args.json else render_text
    print(text(result, source, values), file=stdout)
    return EXIT_OK


def _validate_notes(name: str) -> list[str]:
    """Things a valid file leaves to the user: parameters without a default."""
    scenario = load_scenario(Path(name))
    return [
        f"parameter {p.name!r} has no default; every solve needs a value for it "
        f"(game.at({p.name}=...) or --set {p.name}=...)"
        for p in scenario.parameters
        if p.default is None
    ]


def _run_validate(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    report: dict[str, list[dict[str, Any]]] = {}
    for name in args.files:
        problems = validate_file(name)
        report[name] = [
            {"line": p.line, "column": p.column, "field": p.field, "message": p.reason}
            for p in problems
        ]
        if not args.json:
            for p in problems:
                print(str(p), file=stdout)
            if not problems:
                print(f"{name}: ok", file=stdout)
                for note in _validate_notes(name):
                    print(f"{name}: note: {note}", file=stdout)
    if args.json:
        print(json.dumps({"files": report}, indent=2, ensure_ascii=False), file=stdout)
    return EXIT_ERROR if any(report.values()) else EXIT_OK


def _run_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .report import build_report

    path = Path(args.scenario)
    scenario = load_scenario(path if path.suffix in (".yaml", ".yml") else args.scenario)
    values = _parse_settings(args.settings)
    names = None
    if args.parameters:
        names = [n.strip() for n in args.parameters.split(",") if n.strip()]
    report = build_report(scenario, values, focus=args.focus, parameters=names)
    if args.out:
        report = report.write(args.out)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str), file=stdout)
    else:
        print(report.to_text(), file=stdout)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "solve": _run_solve,
    "validate": _run_validate,
    "report": _run_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Examples
    --------
    >>> main(["solve", "crisis-chicken", "--concept", "pure"])
    Chicken crisis (bundled example crisis-chicken)
    players: US, Iran
    pure-strategy Nash equilibria (pure) by enumpure, exact arithmetic: 2 found, complete
    <BLANKLINE>
    Equilibrium 1
      US    Hold
      Iran  Escalate
      payoffs: US -1, Iran 1
    <BLANKLINE>
    Equilibrium 2
      US    Escalate
      Iran  Hold
      payoffs: US 1, Iran -1
    0
    """
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return _COMMANDS[args.command](args, stdout, stderr)
    except UsageError as exc:
        print(f"alliancegame: error: {exc}", file=stderr)
        return EXIT_USAGE
    except AllianceGameError as exc:
        located = getattr(exc, "path", None) is not None and getattr(exc, "line", None)
        print(str(exc) if located else f"alliancegame: error: {exc}", file=stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. piped into `head`: the reader has gone, stop quietly
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"alliancegame: error: {where}{exc.strerror or exc}", file=stderr)
        return EXIT_ERROR
