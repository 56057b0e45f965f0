"""The meaning of a scenario file: names, expressions, trees and probabilities, and the game.

:class:`_Compiler` takes a structurally valid file (:class:`~.schema.ScenarioFile`) and checks what
a schema cannot: names are declared before use and do not clash, expressions parse, definitions
are acyclic, trees are trees, payoffs come one per player, probabilities are probabilities. It
collects every problem it can (see :mod:`._problems`), and only when there is none builds the
:class:`~alliancegame.NormalFormGame` or :class:`~alliancegame.ExtensiveGame` and the
:class:`~alliancegame.Scenario`.

A tree written move by move is expanded path by path: at each path the environment maps every
move indicator (``Russia_X``) to 0 or 1 and every attribute of the moves played so far to its
value; formulas are substituted symbolically (SymPy ``xreplace``), so payoffs and probabilities
stay expressions in the parameters.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy

from ..core.errors import ExpressionError, GameError, did_you_mean
from ..core.expr import as_expression, check_name, parse_expression, to_fraction
from ..games.distributions import Beta, Discrete, Distribution, Normal, Triangular, Uniform
from ..games.normal import NormalFormGame
from ..games.parameters import Parameter
from ._problems import _Problems, _short
from ._yaml import Located, Path_, field_text
from .scenario import Assumption, Citation, Scenario, Source, _date_text
from .schema import (
    BetaPriorSpec,
    CitationSpec,
    DiscretePriorSpec,
    ExplicitTreeSpec,
    MoveSpec,
    MovesTreeSpec,
    NodeSpec,
    NormalFormSpec,
    NormalPriorSpec,
    ScenarioFile,
    StrategySetSpec,
    TriangularPriorSpec,
    UniformPriorSpec,
)

MAX_TREE_NODES = 200_000
"""Largest tree (in nodes) a scenario file may generate."""

MAX_PROFILES = 100_000
"""Largest normal form (in pure-strategy profiles) a scenario file may generate."""

_MAX_CORNERS = 10


# ============================================================================= internal tree


@dataclass(frozen=True)
class _Terminal:
    payoffs: tuple[sympy.Expr, ...]
    label: str = ""


@dataclass(frozen=True)
class _Decision:
    player: str
    actions: tuple[tuple[str, Any], ...]
    infoset: str | None = None
    label: str = ""


@dataclass(frozen=True)
class _Chance:
    outcomes: tuple[tuple[str, sympy.Expr, Any], ...]
    label: str = ""


class _TooBigError(Exception):
    pass


@dataclass
class _Action:
    name: str
    path: Path_
    indicator: sympy.Symbol
    attrs: dict[sympy.Symbol, tuple[sympy.Expr, Path_]] = field(default_factory=dict)
    probability: tuple[sympy.Expr, Path_] | None = None


@dataclass
class _Move:
    index: int
    name: str
    path: Path_
    player: str | None
    actions: list[_Action]
    when: sympy.Expr | None = None
    observes: tuple[str, ...] | None = None
    infoset: str | None = None
    ends: dict[str, tuple[list[sympy.Expr | None], Path_] | None] = field(default_factory=dict)
    used: bool = False


def _undefined(expr: sympy.Expr) -> str:
    """Why an expression is not a real, finite quantity ('' when it may be one)."""
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return "the expression is undefined or infinite (a division by zero, log(0), ...)"
    if expr.has(sympy.I):
        return "the expression is not a real number (the square root of a negative number, ...)"
    return ""


def _symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


# ============================================================================= the compiler


class _Compiler:
    """Check a structurally valid file for meaning, and build the scenario."""

    def __init__(self, spec: ScenarioFile, doc: Located, problems: _Problems, name: str) -> None:
        self.spec = spec
        self.doc = doc
        self.problems = problems
        self.name = name
        self.names: dict[str, tuple[str, Path_]] = {}
        self.param_syms: dict[str, sympy.Symbol] = {}
        self.parameters: list[Parameter] = []
        self.sources: dict[str, Source] = {}
        self.citations: dict[str, tuple[Citation, ...]] = {}
        self.definitions_raw: dict[str, tuple[sympy.Expr, Path_]] = {}
        self.definitions: dict[sympy.Symbol, sympy.Expr] = {}
        self.players: tuple[str, ...] = ()
        self.attr_owner: dict[sympy.Symbol, str] = {}
        self.game_symbols: dict[str, sympy.Symbol] = {}
        self.n_nodes = 0
        self.names_incomplete = False
        self._prob_checked: set[Any] = set()

    # ------------------------------------------------------------------ helpers
    def declare(self, name: str, kind: str, path: Path_, key: bool = True) -> bool:
        try:
            check_name(name, f"{kind} name")
        except ExpressionError as exc:
            self.problems.add(path, str(exc), key=key)
            return False
        if name in self.names:
            other_kind, other_path = self.names[name]
            pos = self.doc.position(other_path, key=True)
            where = f" (line {pos[0]})" if pos else ""
            self.problems.add(
                path,
                f"{kind} name {name!r} is already used by the {other_kind} {field_text(other_path)}"
                f"{where}; every name in expressions must be unique",
                key=key,
            )
            return False
        self.names[name] = (kind, path)
        return True

    def parse(
        self, value: Any, path: Path_, table: Mapping[str, sympy.Symbol], what: str = ""
    ) -> sympy.Expr | None:
        try:
            expr = (
                parse_expression(value, table)
                if isinstance(value, str)
                else as_expression(value, table)
            )
        except ExpressionError as exc:
            self.problems.expression(path, exc, what)
            return None
        if self.definitions and expr.free_symbols & self.definitions.keys():
            expr = expr.xreplace(self.definitions)
        if _undefined(expr):
            self.problems.add(
                path,
                f"{what}{_undefined(expr)}, in {_short(value)}",
                column_shift=self.doc.inline.get(path),
            )
            return None
        return expr

    def table(self, extra: Mapping[str, sympy.Symbol] = MappingProxyType({})) -> dict[str, Any]:
        out: dict[str, sympy.Symbol] = dict(self.param_syms)
        out.update({n: _symbol(n) for n in self.definitions_raw})
        out.update(extra)
        return out

    def cite(self, specs: Sequence[CitationSpec], path: Path_) -> tuple[Citation, ...]:
        out = []
        for i, c in enumerate(specs):
            src = self.sources.get(c.source)
            if src is None:
                hint = did_you_mean(c.source, self.sources)
                known = ", ".join(self.sources) or "(none declared)"
                self.problems.add(
                    (*path, i, "source"),
                    f"unknown source {c.source!r}{hint}; sources: {known}",
                )
                continue
            out.append(Citation(src, c.quote))
        return tuple(out)

    # ------------------------------------------------------------------ sections
    def compile(self) -> Scenario | None:
        spec = self.spec
        for key, s in spec.sources.items():
            self.sources[key] = Source(key, s.title, s.outlet, _date_text(s.date), s.url, s.note)
        self.compile_players()
        self.compile_parameters()
        self.compile_definitions()
        assumptions = tuple(
            Assumption(a.statement, self.cite(a.sources, ("assumptions", i, "sources")))
            for i, a in enumerate(spec.assumptions)
        )
        game: Any = None
        if spec.game.normal_form is not None:
            game = self.compile_normal_form(spec.game.normal_form, ("game", "normal_form"))
        elif isinstance(spec.game.tree, MovesTreeSpec):
            root = self.compile_moves(spec.game.tree, ("game", "tree"))
            game = self.build_tree(root)
        elif isinstance(spec.game.tree, ExplicitTreeSpec):
            root = self.compile_explicit(spec.game.tree, ("game", "tree"))
            game = self.build_tree(root)
        if self.problems or game is None:
            return None
        return Scenario(
            name=self.name,
            title=spec.title,
            summary=spec.summary,
            players=self.players,
            game=game,
            sources=self.sources,
            citations=self.citations,
            assumptions=assumptions,
            definitions={str(k): v for k, v in self.definitions.items()},
            player_descriptions=dict(spec.players) if isinstance(spec.players, dict) else {},
        )

    def compile_players(self) -> None:
        raw = self.spec.players
        names = list(raw)
        seen: set[str] = set()
        for i, p in enumerate(names):
            path: Path_ = ("players", p) if isinstance(raw, dict) else ("players", i)
            if not p.strip():
                self.problems.add(
                    path, "a player name must not be empty", key=isinstance(raw, dict)
                )
            if p in seen:
                self.problems.add(path, f"duplicate player {p!r}")
            seen.add(p)
        self.players = tuple(names)

    def compile_parameters(self) -> None:
        for name, p in self.spec.parameters.items():
            path: Path_ = ("parameters", name)
            if not self.declare(name, "parameter", path):
                continue
            self.param_syms[name] = _symbol(name)
            lower, upper = (p.range[0], p.range[1]) if p.range is not None else (None, None)
            ok = True
            if lower is not None and upper is not None and lower > upper:
                self.problems.add(
                    (*path, "range"),
                    f"the lower bound must not exceed the upper bound, got [{lower}, {upper}]",
                )
                ok = False
            for bound, v in (("lower", lower), ("upper", upper), ("default", p.default)):
                if v is not None and not np.isfinite(v):
                    where = (*path, "default") if bound == "default" else (*path, "range")
                    self.problems.add(where, f"{bound} must be a finite number, got {v!r}")
                    ok = False
            if (
                ok
                and p.default is not None
                and (
                    (lower is not None and p.default < lower)
                    or (upper is not None and p.default > upper)
                )
            ):
                self.problems.add(
                    (*path, "default"),
                    f"the default must lie in the range [{lower}, {upper}], got {p.default}",
                )
                ok = False
            prior = self.compile_prior(p.prior, lower, upper, (*path, "prior")) if ok else None
            cites = self.cite(p.sources, (*path, "sources"))
            self.citations[name] = cites
            if not ok:
                continue
            try:
                self.parameters.append(
                    Parameter(
                        name,
                        p.default,
                        lower,
                        upper,
                        unit=p.unit,
                        description=p.meaning,
                        sources=tuple(str(c) for c in cites),
                        prior=prior,
                    )
                )
            except GameError as exc:
                self.problems.add(path, str(exc))

    def compile_prior(
        self, spec: Any, lower: float | None, upper: float | None, path: Path_
    ) -> Distribution | None:
        if spec is None:
            return None
        try:
            prior: Distribution
            if isinstance(spec, UniformPriorSpec):
                lo = spec.lower if spec.lower is not None else lower
                hi = spec.upper if spec.upper is not None else upper
                if lo is None or hi is None:
                    self.problems.add(
                        path,
                        "a uniform prior needs `lower` and `upper`, or a parameter `range` with "
                        "both bounds",
                    )
                    return None
                prior = Uniform(lo, hi)
            elif isinstance(spec, NormalPriorSpec):
                prior = Normal(spec.mean, spec.sd)
            elif isinstance(spec, BetaPriorSpec):
                prior = Beta(spec.a, spec.b, spec.lower, spec.upper)
            elif isinstance(spec, TriangularPriorSpec):
                prior = Triangular(spec.lower, spec.mode, spec.upper)
            else:
                assert isinstance(spec, DiscretePriorSpec)
                prior = Discrete(spec.values, spec.probabilities)
        except GameError as exc:
            self.problems.add(path, f"invalid prior: {exc}")
            return None
        lo_s, hi_s = prior.support
        if (lower is not None and lo_s < lower) or (upper is not None and hi_s > upper):
            rng = f"[{'-inf' if lower is None else lower}, {'inf' if upper is None else upper}]"
            self.problems.add(
                path,
                f"the prior's support [{lo_s:g}, {hi_s:g}] must lie within the parameter's range "
                f"{rng}",
            )
            return None
        return prior

    def compile_definitions(self) -> None:
        defs = self.spec.definitions
        for name in defs:
            self.declare(name, "definition", ("definitions", name))
        # Every name a definition may use: parameters, definitions and all game symbols.
        self.definitions_raw = {}
        pending = {n: v for n, v in defs.items() if self.names.get(n, ("",))[0] == "definition"}
        for name in pending:
            self.definitions_raw[name] = (sympy.Integer(0), ("definitions", name))
        game_table = self.collect_game_symbols()
        table = self.table(game_table)
        parsed: dict[str, sympy.Expr] = {}
        for name, value in pending.items():
            expr = self.parse(value, ("definitions", name), table)
            if expr is not None:
                parsed[name] = expr
                self.definitions_raw[name] = (expr, ("definitions", name))
        resolved: dict[str, sympy.Expr] = {}
        def_syms = {_symbol(n): n for n in pending}

        def resolve(name: str, stack: tuple[str, ...]) -> sympy.Expr | None:
            if name in resolved:
                return resolved[name]
            if name in stack:
                cycle = " → ".join((*stack[stack.index(name) :], name))
                self.problems.add(
                    ("definitions", stack[stack.index(name)]),
                    f"definitions must not depend on themselves: {cycle}",
                    dedupe=("cycle", frozenset(stack[stack.index(name) :])),
                    count=False,
                )
                return None
            expr = parsed.get(name)
            if expr is None:
                return None
            subs = {}
            for sym in expr.free_symbols:
                if sym in def_syms:
                    inner = resolve(def_syms[sym], (*stack, name))
                    if inner is None:
                        return None
                    subs[sym] = inner
            out = expr.xreplace(subs) if subs else expr
            resolved[name] = out
            return out

        for name in parsed:
            resolve(name, ())
        self.definitions = {_symbol(n): e for n, e in resolved.items()}

    def collect_game_symbols(self) -> dict[str, sympy.Symbol]:
        """Declare move indicators and attributes (before definitions are parsed)."""
        out: dict[str, sympy.Symbol] = {}
        game = self.spec.game
        if isinstance(game.tree, MovesTreeSpec):
            for i, move in enumerate(game.tree.moves):
                path: Path_ = ("game", "tree", "moves", i)
                mname = move.name or move.chance or move.player or ""
                for attr in self._attribute_names(move.attributes, move.actions or move.outcomes):
                    if attr != "probability" and attr not in out:
                        out[attr] = _symbol(attr)
                for act in self._action_names(move.actions or move.outcomes):
                    ind = f"{mname}_{act}"
                    if ind.isidentifier():
                        out[ind] = _symbol(ind)
                del path
        elif game.normal_form is not None:
            for player, strat in game.normal_form.strategies.items():
                if isinstance(strat, StrategySetSpec):
                    mname = strat.name or player
                    acts = strat.actions
                    attrs = self._attribute_names(strat.attributes, acts)
                else:
                    mname, acts, attrs = player, strat, []
                for attr in attrs:
                    out.setdefault(attr, _symbol(attr))
                for act in self._action_names(acts):
                    ind = f"{mname}_{act}"
                    if ind.isidentifier():
                        out[ind] = _symbol(ind)
        self.game_symbols = out
        return out

    @staticmethod
    def _action_names(actions: Any) -> list[str]:
        if actions is None:
            return []
        return list(actions)

    @staticmethod
    def _attribute_names(declared: Sequence[str], actions: Any) -> list[str]:
        names = list(declared)
        if isinstance(actions, dict):
            for row in actions.values():
                if isinstance(row, dict):
                    names.extend(k for k in row if k not in names)
        return names

    # ------------------------------------------------------------------ payoffs
    def payoffs(
        self, spec: Any, path: Path_, table: Mapping[str, sympy.Symbol], what: str = "payoff"
    ) -> list[sympy.Expr | None] | None:
        n = len(self.players)
        if isinstance(spec, list):
            if len(spec) != n:
                self.problems.add(
                    path,
                    f"needs one {what} per player ({n}: {', '.join(self.players)}), "
                    f"got {len(spec)}",
                )
                return None
            return [self.parse(v, (*path, i), table) for i, v in enumerate(spec)]
        assert isinstance(spec, dict)
        ok = True
        missing = [p for p in self.players if p not in spec]
        for key in spec:
            if key not in self.players:
                hint = did_you_mean(key, self.players)
                self.problems.add(
                    (*path, key),
                    f"unknown player {key!r}{hint}; players: {', '.join(self.players)}",
                    key=True,
                )
                ok = False
                close = difflib.get_close_matches(key, missing, n=1, cutoff=0.6)
                if close:  # a misspelt player: one problem, reported once
                    missing.remove(close[0])
        if missing:
            self.problems.add(path, f"no {what} given for {', '.join(missing)}")
            ok = False
        if not ok:
            return None
        return [self.parse(spec[p], (*path, p), table) for p in self.players]

    def check_player(self, player: str, path: Path_) -> bool:
        if player in self.players:
            return True
        hint = did_you_mean(player, self.players)
        self.problems.add(
            path, f"unknown player {player!r}{hint}; players: {', '.join(self.players)}"
        )
        return False

    # ------------------------------------------------------------------ probabilities
    def check_probabilities(
        self, names: Sequence[str], probs: Sequence[sympy.Expr], path: Path_, where: str = ""
    ) -> None:
        """Each probability in [0, 1] and their sum 1: exactly when they are numbers, else
        symbolically (the sum) and at the defaults, the corners of the parameter ranges and
        a fixed sample of points inside them (both)."""
        key = (tuple(path), tuple(probs))
        if key in self._prob_checked:
            return
        self._prob_checked.add(key)
        dedupe_base = tuple(path)
        total = sympy.expand(sum(probs, sympy.Integer(0)))
        bad_sum = self._sum_violation(total)
        if bad_sum is not None:
            self.problems.add(
                path,
                f"the probabilities of {', '.join(names)} must sum to 1, {bad_sum}{where}",
                dedupe=("sum", dedupe_base),
            )
        for name, p in zip(names, probs, strict=True):
            bad = self._probability_violation(p)
            if bad is not None:
                self.problems.add(
                    (*path, name),
                    f"a probability must lie in [0, 1], {bad}{where}",
                    dedupe=("range", dedupe_base, name),
                )

    def _points(self, expr: sympy.Expr) -> list[tuple[dict[str, Any], str]]:
        """Parameter points at which to test an expression: defaults, corners, a sample."""
        params = sorted(s.name for s in expr.free_symbols)
        by_name = {q.name: q for q in self.parameters}
        known = [n for n in params if n in by_name]
        if len(known) != len(params):
            return []
        defaults = {n: by_name[n].default for n in known if by_name[n].default is not None}
        points: list[tuple[dict[str, Any], str]] = []
        if len(defaults) == len(params):
            points.append((defaults, " (the defaults)"))
        bounded = [
            n for n in params if by_name[n].lower is not None and by_name[n].upper is not None
        ]
        if len(bounded) + len(defaults) < len(params) or len(bounded) > _MAX_CORNERS:
            return points
        for corner in itertools.product((0, 1), repeat=len(bounded)):
            values = dict(defaults)
            for n, side in zip(bounded, corner, strict=True):
                values[n] = by_name[n].upper if side else by_name[n].lower
            if len(values) == len(params):
                points.append((values, ""))
        rng = np.random.default_rng(0)
        for _ in range(16 if bounded else 0):
            values = dict(defaults)
            for n in bounded:
                lo, hi = to_fraction(by_name[n].lower), to_fraction(by_name[n].upper)
                values[n] = lo + (hi - lo) * Fraction(int(rng.integers(0, 1024)), 1024)
            if len(values) == len(params):
                points.append((values, ""))
        return points

    @staticmethod
    def _at(expr: sympy.Expr, values: Mapping[str, Any]) -> sympy.Expr:
        subs = {s: as_expression(values[s.name]) for s in expr.free_symbols if s.name in values}
        out = expr.xreplace(subs)
        if isinstance(out, sympy.Piecewise):
            out = out.doit()
        return out

    @staticmethod
    def _real(value: sympy.Expr) -> float | None:
        """The value as a float, or None when it is not a finite real number."""
        try:
            z = complex(value.evalf())
        except (TypeError, ValueError):
            return None
        if z.imag != 0 or not np.isfinite(z.real):
            return None
        return z.real

    def _sum_violation(self, total: sympy.Expr) -> str | None:
        if total.is_number:
            value = self._real(total)
            if value is None or total != 1:
                return f"got {total}"
            return None
        if sympy.simplify(total - 1) == 0:
            return None
        for values, label in self._points(total):
            v = self._real(self._at(total, values))
            if v is None or abs(v - 1) > 1e-12:
                at = ", ".join(f"{n}={values[n]}" for n in sorted(values))
                return f"but their sum {total} is {self._at(total, values)} at {at}{label}"
        return None

    def _probability_violation(self, p: sympy.Expr) -> str | None:
        if p.is_number:
            value = self._real(p)
            if value is None:
                return f"got {p}, which is not a real number"
            if value < 0 or value > 1 or p.is_negative or (p - 1).is_positive:
                return f"got {p}"
            return None
        for values, label in self._points(p):
            v = self._at(p, values)
            real = self._real(v)
            if real is None or real < 0 or real > 1:
                at = ", ".join(f"{n}={values[n]}" for n in sorted(values))
                shown = v if v.is_Rational else sympy.N(v, 6)
                return f"but {p} is {shown} at {at}{label}"
        return None

    # ------------------------------------------------------------------ tree: moves form
    def compile_moves(self, spec: MovesTreeSpec, base: Path_) -> Any:
        moves: list[_Move] = []
        visible: dict[str, sympy.Symbol] = {}
        move_names: dict[str, int] = {}
        attr_decl: dict[str, Path_] = {}
        for i, m in enumerate(spec.moves):
            path: Path_ = (*base, "moves", i)
            move = self.compile_move(m, i, path, visible, move_names, attr_decl)
            if move is not None:
                moves.append(move)
        if self.names_incomplete:
            # A move broken before it declared its names: its indicators and attributes would
            # show up as "unknown name" in every formula below. Fix the moves first.
            return None
        payoffs = self.payoffs(spec.payoffs, (*base, "payoffs"), self.table(visible))
        if self.problems or payoffs is None or any(p is None for p in payoffs):
            return None
        env: dict[sympy.Symbol, sympy.Expr] = {
            a.indicator: sympy.Integer(0) for mv in moves for a in mv.actions
        }
        try:
            root = self.expand(moves, 0, env, (), payoffs, (*base, "payoffs"))
        except _TooBigError:
            self.problems.add(
                (*base, "moves"),
                f"the tree would have more than {MAX_TREE_NODES} nodes; reduce the moves or "
                "actions (or end paths early with `ends` / `when`)",
            )
            return None
        for mv in moves:
            if not mv.used and not self.problems:
                self.problems.add(
                    mv.path,
                    f"the move {mv.name!r} never happens: its `when` condition is false on every "
                    "path (an unreachable part of the tree)",
                )
        return root

    def compile_move(
        self,
        m: MoveSpec,
        index: int,
        path: Path_,
        visible: dict[str, sympy.Symbol],
        move_names: dict[str, int],
        attr_decl: dict[str, Path_],
    ) -> _Move | None:
        # Until this move has declared its names, later formulas cannot be checked.
        incomplete_before, self.names_incomplete = self.names_incomplete, True
        ok = True
        if m.player is not None:
            ok = self.check_player(m.player, (*path, "player"))
        name = m.name or m.chance or m.player or ""
        name_path: Path_ = (*path, "name" if m.name else ("chance" if m.chance else "player"))
        if name in move_names:
            self.problems.add(
                name_path,
                f"two moves are named {name!r} (moves {move_names[name]} and {index}); give one "
                "a distinct `name:` (it prefixes the move's indicators in expressions)",
            )
            return None
        try:
            check_name(name, "move name")
        except ExpressionError as exc:
            self.problems.add(
                name_path,
                f"{exc}; give the move a `name:` that is an identifier (it prefixes the move's "
                "indicators in expressions)",
            )
            return None
        move_names[name] = index
        table_before = self.table(visible)
        when = None
        if m.when is not None:
            when = self.parse(m.when, (*path, "when"), table_before, "when: ")
            ok = ok and when is not None
        observes = None
        if m.observes is not None:
            observes = tuple(m.observes)
            for j, o in enumerate(observes):
                if o not in move_names or o == name:
                    earlier = [n for n in move_names if n != name]
                    hint = did_you_mean(o, earlier)
                    self.problems.add(
                        (*path, "observes", j),
                        f"{o!r} is not an earlier move{hint}; earlier moves: "
                        f"{', '.join(earlier) or '(none)'}",
                    )
                    ok = False
        # attributes
        raw = m.actions if m.player is not None else m.outcomes
        attrs_declared = list(m.attributes)
        for j, a in enumerate(attrs_declared):
            if a in attrs_declared[:j]:
                self.problems.add((*path, "attributes", j), f"duplicate attribute {a!r}")
                ok = False
            elif a == "probability":
                self.problems.add(
                    (*path, "attributes", j), "'probability' is not an attribute name (reserved)"
                )
                ok = False
        attr_names = self._attribute_names(attrs_declared, raw)
        for a in attr_names:
            if a == "probability":
                continue
            where: Path_ = (
                (*path, "attributes", attrs_declared.index(a))
                if a in attrs_declared
                else (*path, "actions" if m.player is not None else "outcomes")
            )
            if a in attr_decl:
                self.problems.add(
                    where,
                    f"attribute {a!r} is already declared by the move at "
                    f"{field_text(attr_decl[a])}; attribute names must be unique",
                    key=False,
                )
                ok = False
                continue
            attr_decl[a] = path
            if not self.declare(a, "attribute", where, key=False):
                ok = False
        actions: list[_Action] = []
        act_kind = "action" if m.player is not None else "outcome"
        container: Path_ = (*path, "actions" if m.player is not None else "outcomes")
        items: list[tuple[str, Any, Path_, bool]] = []
        if isinstance(raw, list):
            seen: set[str] = set()
            for j, a in enumerate(raw):
                if a in seen:
                    self.problems.add((*container, j), f"duplicate {act_kind} {a!r}")
                    ok = False
                    continue
                seen.add(a)
                items.append((a, None, (*container, j), False))
        else:
            assert raw is not None
            for a, row in raw.items():
                items.append((a, row, (*container, a), True))
        if not items:
            self.problems.add(container, f"a move needs at least one {act_kind}")
            return None
        for a, row, apath, is_key in items:
            ind_name = f"{name}_{a}"
            if not self.declare(ind_name, f"indicator of {act_kind}", apath, key=is_key):
                ok = False
                continue
            action = _Action(a, apath, _symbol(ind_name))
            self.attr_owner[action.indicator] = name
            if m.chance is not None:
                if isinstance(row, dict):
                    if "probability" not in row:
                        self.problems.add(apath, f"outcome {a!r} needs a `probability`")
                        ok = False
                    values = {k: v for k, v in row.items() if k != "probability"}
                    prob_value = row.get("probability")
                else:
                    values, prob_value = {}, row
                if prob_value is not None:
                    ppath = (*apath, "probability") if isinstance(row, dict) else apath
                    expr = self.parse(prob_value, ppath, table_before, "probability: ")
                    if expr is None:
                        ok = False
                    else:
                        action.probability = (expr, ppath)
                elif not isinstance(row, dict):
                    self.problems.add(apath, f"outcome {a!r} needs a probability")
                    ok = False
            else:
                values = row if isinstance(row, dict) else {}
                if isinstance(row, list):
                    if len(row) != len(attrs_declared):
                        self.problems.add(
                            apath,
                            f"the row has {len(row)} values but the move declares "
                            f"{len(attrs_declared)} attributes "
                            f"({', '.join(attrs_declared) or 'none'})",
                        )
                        ok = False
                        values = {}
                    else:
                        values = dict(zip(attrs_declared, row, strict=True))
            for attr, v in values.items():
                vpath = (
                    (*apath, attrs_declared.index(attr))
                    if isinstance(row, list)
                    else (
                        *apath,
                        attr,
                    )
                )
                if attrs_declared and attr not in attrs_declared and attr != "probability":
                    hint = did_you_mean(attr, attrs_declared)
                    self.problems.add(
                        vpath,
                        f"unknown attribute {attr!r}{hint}; the move declares "
                        f"{', '.join(attrs_declared)}",
                        key=True,
                    )
                    ok = False
                    continue
                if v is None:
                    continue
                expr = self.parse(v, vpath, table_before, f"attribute {attr}: ")
                if expr is None:
                    ok = False
                else:
                    action.attrs[_symbol(attr)] = (expr, vpath)
            actions.append(action)
        for attr in attr_names:
            self.attr_owner[_symbol(attr)] = name
        self.names_incomplete = incomplete_before or not ok
        ends: dict[str, tuple[list[sympy.Expr | None], Path_] | None] = {}
        action_names = [a.name for a in actions]
        after = {**visible}
        for act in actions:
            after[str(act.indicator)] = act.indicator
        for attr in attr_names:
            after[attr] = _symbol(attr)
        for a, pay in (m.ends or {}).items():
            epath: Path_ = (*path, "ends", a)
            if a not in action_names:
                hint = did_you_mean(a, action_names)
                self.problems.add(
                    epath,
                    f"unknown {act_kind} {a!r}{hint}; this move's {act_kind}s: "
                    f"{', '.join(action_names)}",
                    key=True,
                )
                ok = False
                continue
            if pay is None:
                ends[a] = None
                continue
            exprs = self.payoffs(pay, epath, self.table(after))
            if exprs is None or any(e is None for e in exprs):
                ok = False
                continue
            ends[a] = (exprs, epath)
        visible.update(after)
        if not ok:
            return None
        return _Move(
            index,
            name,
            path,
            m.player,
            actions,
            when,
            observes,
            m.infoset,
            ends,
        )

    def finish(
        self,
        expr: sympy.Expr,
        env: Mapping[sympy.Symbol, sympy.Expr],
        path: Path_,
        history: tuple[tuple[str, str], ...],
        what: str,
    ) -> sympy.Expr | None:
        out = expr.xreplace(env) if env else expr
        extra = [s for s in out.free_symbols if s.name not in self.param_syms]
        if not extra:
            why = _undefined(out)
            if why:
                route = " → ".join(f"{m}:{a}" for m, a in history) or "(the root)"
                self.problems.add(
                    path, f"{what}: {why} on the path {route}", dedupe=("undefined", tuple(path))
                )
                return None
            return out
        for s in sorted(extra, key=str):
            owner = self.attr_owner.get(s)
            route = " → ".join(f"{m}:{a}" for m, a in history) or "(the root)"
            if owner is not None:
                reason = (
                    f"{what} uses the attribute {s.name!r} of move {owner!r}, which has no value "
                    f"on the path {route}"
                )
            else:  # pragma: no cover - every other name is substituted
                reason = f"{what} uses {s.name!r}, which has no value on the path {route}"
            self.problems.add(path, reason, dedupe=("undefined", tuple(path), s.name))
        return None

    def expand(
        self,
        moves: list[_Move],
        start: int,
        env: dict[sympy.Symbol, sympy.Expr],
        history: tuple[tuple[str, str], ...],
        payoffs: list[sympy.Expr | None],
        payoffs_path: Path_,
    ) -> Any:
        self.n_nodes += 1
        if self.n_nodes > MAX_TREE_NODES:
            raise _TooBigError
        for j in range(start, len(moves)):
            mv = moves[j]
            if mv.when is not None:
                cond = self.finish(mv.when, env, (*mv.path, "when"), history, "when")
                if cond is None:
                    return None
                if not cond.is_number:
                    names = ", ".join(sorted(str(s) for s in cond.free_symbols))
                    self.problems.add(
                        (*mv.path, "when"),
                        f"`when` must depend only on earlier moves, not on parameters ({names}): "
                        "the shape of the tree cannot change with parameter values",
                    )
                    return None
                if cond == 0:
                    continue
            mv.used = True
            return self.expand_move(mv, moves, env, history, payoffs, payoffs_path)
        values = []
        for i, p in enumerate(payoffs):
            assert p is not None
            v = self.finish(
                p,
                env,
                (*payoffs_path, self._payoff_key(payoffs_path, i)),
                history,
                f"the payoff of {self.players[i]}",
            )
            if v is None:
                return None
            values.append(v)
        return _Terminal(tuple(values))

    def _payoff_key(self, path: Path_, i: int) -> Hashable:
        node: Any = self.doc.data
        for part in path:
            node = node[part]
        return self.players[i] if isinstance(node, dict) else i

    def expand_move(
        self,
        mv: _Move,
        moves: list[_Move],
        env: dict[sympy.Symbol, sympy.Expr],
        history: tuple[tuple[str, str], ...],
        payoffs: list[sympy.Expr | None],
        payoffs_path: Path_,
    ) -> Any:
        children: list[tuple[str, sympy.Expr | None, Any]] = []
        failed = False
        for a in mv.actions:
            sub = dict(env)
            sub[a.indicator] = sympy.Integer(1)
            for sym, (value, vpath) in a.attrs.items():
                v = self.finish(value, env, vpath, history, f"the attribute {sym.name!r}")
                if v is None:
                    failed = True
                    continue
                sub[sym] = v
            prob = None
            if a.probability is not None:
                prob = self.finish(
                    a.probability[0], env, a.probability[1], history, "the probability"
                )
                if prob is None:
                    failed = True
            step = (*history, (mv.name, a.name))
            if a.name in mv.ends:
                end = mv.ends[a.name]
                exprs, epath = (payoffs, payoffs_path) if end is None else end
                vals = []
                for i, p in enumerate(exprs):
                    assert p is not None
                    v = self.finish(
                        p,
                        sub,
                        (*epath, self._payoff_key(epath, i)),
                        step,
                        f"the payoff of {self.players[i]}",
                    )
                    if v is None:
                        failed = True
                    vals.append(v)
                self.n_nodes += 1
                child: Any = None if failed else _Terminal(tuple(vals))
            else:
                child = self.expand(moves, mv.index + 1, sub, step, payoffs, payoffs_path)
            if child is None:
                failed = True
            children.append((a.name, prob, child))
        if failed:
            return None
        if mv.player is None:
            names = [c[0] for c in children]
            probs = [c[1] for c in children]
            probs = [p for p in (c[1] for c in children) if p is not None]
            assert len(probs) == len(names)
            route = " → ".join(f"{m}:{a}" for m, a in history)
            self.check_probabilities(
                names, probs, (*mv.path, "outcomes"), f" on the path {route}" if route else ""
            )
            return _Chance(
                tuple((n, p, c) for (n, _, c), p in zip(children, probs, strict=True)),
                label=mv.name,
            )
        infoset = None
        if mv.observes is not None:
            seen = [f"{m}:{a}" for m, a in history if m in mv.observes]
            infoset = f"{mv.infoset or mv.name} | {', '.join(seen) if seen else 'nothing observed'}"
        elif mv.infoset is not None:
            seen = [f"{m}:{a}" for m, a in history]
            infoset = f"{mv.infoset} | {', '.join(seen) if seen else 'root'}"
        assert mv.player is not None
        label = "" if mv.name == mv.player else mv.name
        return _Decision(mv.player, tuple((n, c) for n, _, c in children), infoset, label)

    # ------------------------------------------------------------------ tree: explicit form
    def compile_explicit(self, spec: ExplicitTreeSpec, base: Path_) -> Any:
        table = self.table()
        used: set[str] = set()
        cache: dict[Path_, Any] = {}

        def build(node: NodeSpec | str, path: Path_, stack: tuple[str, ...]) -> Any:
            self.n_nodes += 1
            if self.n_nodes > MAX_TREE_NODES:
                raise _TooBigError
            if isinstance(node, str):
                if node not in spec.nodes:
                    hint = did_you_mean(node, spec.nodes)
                    known = ", ".join(spec.nodes) or "(none)"
                    self.problems.add(path, f"unknown node {node!r}{hint}; named nodes: {known}")
                    return None
                if node in stack:
                    cycle = " → ".join((*stack[stack.index(node) :], node))
                    self.problems.add(
                        path,
                        f"the tree has a cycle: node {node!r} contains itself ({cycle}); a "
                        "tree's paths must end",
                        dedupe=("cycle", frozenset(stack[stack.index(node) :])),
                        count=False,
                    )
                    return None
                used.add(node)
                return build(spec.nodes[node], (*base, "nodes", node), (*stack, node))
            if node.payoffs is not None:
                if path not in cache:
                    cache[path] = self.payoffs(node.payoffs, (*path, "payoffs"), table)
                vals = cache[path]
                if vals is None or any(v is None for v in vals):
                    return None
                return _Terminal(tuple(vals), node.label)
            if node.chance is not None:
                if not node.chance:
                    self.problems.add((*path, "chance"), "a chance node needs at least one outcome")
                    return None
                outs = []
                for o, branch in node.chance.items():
                    ppath = (*path, "chance", o, "probability")
                    if ppath not in cache:
                        cache[ppath] = self.parse(branch.probability, ppath, table, "probability: ")
                    child = build(branch.then, (*path, "chance", o, "then"), stack)
                    outs.append((o, cache[ppath], child))
                if any(p is None or c is None for _, p, c in outs):
                    return None
                self.check_probabilities(
                    [o for o, _, _ in outs], [p for _, p, _ in outs], (*path, "chance")
                )
                return _Chance(tuple(outs), node.label)
            assert node.player is not None
            assert node.actions is not None
            ok = self.check_player(node.player, (*path, "player"))
            if not node.actions:
                self.problems.add((*path, "actions"), "a decision node needs at least one action")
                return None
            kids = []
            for a, child in node.actions.items():
                if not a.strip():
                    self.problems.add(
                        (*path, "actions", a), "an action name must not be empty", key=True
                    )
                    ok = False
                kids.append((a, build(child, (*path, "actions", a), stack)))
            if not ok or any(c is None for _, c in kids):
                return None
            return _Decision(node.player, tuple(kids), node.infoset, node.label)

        try:
            root = build(spec.root, (*base, "root"), ())
        except _TooBigError:
            self.problems.add(
                base,
                f"the tree would have more than {MAX_TREE_NODES} nodes (named nodes are "
                "copied wherever they are used)",
            )
            return None
        for name in spec.nodes:
            if name not in used and not self.problems:
                self.problems.add(
                    (*base, "nodes", name),
                    f"node {name!r} is never used: it is not reachable from the root",
                    key=True,
                )
        return root

    def build_tree(self, root: Any) -> Any:
        if root is None or self.problems:
            return None
        try:
            from ..games import extensive as ext
        except ImportError:  # pragma: no cover - until the extensive-form module exists
            self.problems.add(("game", "tree"), "extensive-form games are not available")
            return None

        def convert(node: Any) -> Any:
            if isinstance(node, _Terminal):
                return ext.terminal(*node.payoffs, label=node.label)
            if isinstance(node, _Chance):
                return ext.chance(
                    {name: (p, convert(child)) for name, p, child in node.outcomes},
                    label=node.label,
                )
            return ext.decision(
                node.player,
                {name: convert(child) for name, child in node.actions},
                infoset=node.infoset,
                label=node.label,
            )

        try:
            return ext.ExtensiveGame(
                players=list(self.players),
                root=convert(root),
                parameters=self.parameters,
                title=self.spec.title,
            )
        except (GameError, ExpressionError) as exc:
            self.problems.add(("game", "tree"), str(exc))
            return None

    # ------------------------------------------------------------------ normal form
    def compile_normal_form(self, spec: NormalFormSpec, base: Path_) -> NormalFormGame | None:
        strategies: list[list[_Action]] = []
        for key in spec.strategies:
            if key not in self.players:
                hint = did_you_mean(key, self.players)
                self.problems.add(
                    (*base, "strategies", key),
                    f"unknown player {key!r}{hint}; players: {', '.join(self.players)}",
                    key=True,
                )
        missing = [p for p in self.players if p not in spec.strategies]
        if missing:
            self.problems.add(
                (*base, "strategies"), f"no strategies given for {', '.join(missing)}"
            )
        if self.problems:
            return None
        formulas = spec.payoffs is not None
        visible: dict[str, sympy.Symbol] = {}
        attr_decl: dict[str, Path_] = {}
        move_names: dict[str, int] = {}
        for i, player in enumerate(self.players):
            raw = spec.strategies[player]
            spath: Path_ = (*base, "strategies", player)
            if isinstance(raw, list):
                move = MoveSpec(player=player, actions=raw) if raw else None
            else:
                move = (
                    MoveSpec(
                        player=player, name=raw.name, attributes=raw.attributes, actions=raw.actions
                    )
                    if raw.actions
                    else None
                )
            if move is None:
                self.problems.add(spath, f"{player!r} needs at least one strategy")
                continue
            if not formulas:
                names = list(move.actions or [])
                for j, s in enumerate(names):
                    if s in names[:j]:
                        self.problems.add((*spath, j), f"duplicate strategy {s!r}")
                strategies.append([_Action(s, (*spath, s), _symbol("x")) for s in names])
                continue
            compiled = self._compile_strategy_set(
                move, i, spath, visible, move_names, attr_decl, isinstance(raw, list)
            )
            if compiled is None:
                continue
            strategies.append(compiled.actions)
        if self.problems:
            return None
        shape = tuple(len(s) for s in strategies)
        n_profiles = int(np.prod(shape))
        if n_profiles > MAX_PROFILES:
            self.problems.add(
                (*base, "strategies"),
                f"the normal form would have {n_profiles} profiles (more than {MAX_PROFILES})",
            )
            return None
        n = len(self.players)
        arr = np.empty((n, *shape), dtype=object)
        if spec.payoffs is not None:
            ppath: Path_ = (*base, "payoffs")
            exprs = self.payoffs(spec.payoffs, ppath, self.table(visible))
            if exprs is None or any(e is None for e in exprs):
                return None
            base_env = {a.indicator: sympy.Integer(0) for acts in strategies for a in acts}
            for prof in itertools.product(*(range(k) for k in shape)):
                env = dict(base_env)
                history = []
                for i, k in enumerate(prof):
                    a = strategies[i][k]
                    env[a.indicator] = sympy.Integer(1)
                    for sym, (value, _) in a.attrs.items():
                        env[sym] = value
                    history.append((self.players[i], a.name))
                for i in range(n):
                    v = self.finish(
                        exprs[i],
                        env,
                        (*ppath, self._payoff_key(ppath, i)),
                        tuple(history),
                        f"the payoff of {self.players[i]}",
                    )
                    if v is None:
                        return None
                    arr[(i, *prof)] = v
        else:
            assert spec.table is not None
            if not self.fill_table(spec.table, (*base, "table"), strategies, arr):
                return None
        try:
            return NormalFormGame(
                arr,
                players=self.players,
                strategies=[[a.name for a in acts] for acts in strategies],
                parameters=self.parameters,
                title=self.spec.title,
            )
        except (GameError, ExpressionError) as exc:
            self.problems.add(base, str(exc))
            return None

    def _compile_strategy_set(
        self,
        move: MoveSpec,
        index: int,
        path: Path_,
        visible: dict[str, sympy.Symbol],
        move_names: dict[str, int],
        attr_decl: dict[str, Path_],
        bare: bool,
    ) -> _Move | None:
        # Strategies see no other player's choice: compile each set with its own names only.
        own: dict[str, sympy.Symbol] = {}
        if bare:
            wrapped_path = path
            compiled = self._compile_bare(move, index, wrapped_path, own, move_names)
        else:
            compiled = self.compile_move(move, index, path, own, move_names, attr_decl)
        visible.update(own)
        return compiled

    def _compile_bare(
        self,
        move: MoveSpec,
        index: int,
        path: Path_,
        own: dict[str, sympy.Symbol],
        move_names: dict[str, int],
    ) -> _Move | None:
        assert isinstance(move.actions, list)
        assert move.player is not None
        name = move.player
        try:
            check_name(name, "player name")
        except ExpressionError as exc:
            self.problems.add(
                path,
                f"{exc}; give the strategies a `name:` to use them in payoff formulas",
                key=True,
            )
            return None
        move_names[name] = index
        actions = []
        for j, s in enumerate(move.actions):
            if s in move.actions[:j]:
                self.problems.add((*path, j), f"duplicate strategy {s!r}")
                return None
            ind = f"{name}_{s}"
            if not self.declare(ind, "strategy indicator", (*path, j), key=False):
                return None
            sym = _symbol(ind)
            own[ind] = sym
            actions.append(_Action(s, (*path, j), sym))
        return _Move(index, name, path, move.player, actions)

    def fill_table(
        self,
        table: Mapping[str, Any],
        path: Path_,
        strategies: list[list[_Action]],
        arr: np.ndarray[Any, Any],
    ) -> bool:
        ptable = self.table()
        ok = True

        def walk(node: Any, level: int, prof: tuple[int, ...], npath: Path_) -> None:
            nonlocal ok
            if level == len(strategies):
                if not isinstance(node, list | dict):
                    self._bad_leaf(node, npath)
                    ok = False
                    return
                vals = self.payoffs(node, npath, ptable)
                if vals is None or any(v is None for v in vals):
                    ok = False
                    return
                for i, v in enumerate(vals):
                    arr[(i, *prof)] = v
                return
            player = self.players[level]
            names = [a.name for a in strategies[level]]
            if not isinstance(node, dict):
                self.problems.add(
                    npath,
                    f"expected a mapping from {player}'s strategies ({', '.join(names)}) to the "
                    f"rest of the table, got {_short(node)}",
                )
                ok = False
                return
            for key in node:
                if key not in names:
                    hint = did_you_mean(str(key), names)
                    self.problems.add(
                        (*npath, key),
                        f"unknown strategy {key!r} of {player}{hint}; strategies: "
                        f"{', '.join(names)}",
                        key=True,
                    )
                    ok = False
            missing = [s for s in names if s not in node]
            if missing:
                self.problems.add(
                    npath,
                    f"no entry for {player}'s strateg{'ies' if len(missing) > 1 else 'y'} "
                    f"{', '.join(missing)}",
                )
                ok = False
            for k, s in enumerate(names):
                if s in node:
                    walk(node[s], level + 1, (*prof, k), (*npath, s))

        walk(table, 0, (), path)
        return ok

    def _bad_leaf(self, node: Any, path: Path_) -> None:
        self.problems.add(
            path,
            f"expected the payoffs (a list in player order or a mapping by player), got "
            f"{_short(node)}",
        )
        return None
