"""Exact thresholds: the parameter values at which the equilibrium outcome changes.

Along one parameter :math:`x` (others fixed), the equilibrium of a game changes only where some
player becomes indifferent between two choices:

* in a normal-form game, where :math:`u_i(s_i, s_{-i}) - u_i(t_i, s_{-i})` changes sign for some
  player *i*, opponents' profile :math:`s_{-i}` and pair of strategies :math:`s_i, t_i`;
* in a tree solved by backward induction, where the mover at some decision node becomes
  indifferent between the action chosen below the threshold and the one chosen above it, given
  the (unchanged) continuation play in the two subtrees.

:func:`thresholds` finds these points in three steps. (1) A batched sweep along :math:`x` brackets
every change of outcome between adjacent grid points. (2) In each bracket, the comparisons whose
sign flips are written as SymPy expressions in *all* parameters and solved for :math:`x`
symbolically; the solution is an expression in the other parameters (e.g.
``u = (19/2 - G/2 - 96*pi_N)/(4/5)``) which is evaluated at the fixed values. When SymPy cannot
solve the equation, the root is refined numerically with Brent's method (Brent 1973) to 1e-12.
(3) Every threshold is verified by solving the game just below and just above it and checking that
the outcome on each side is the one the sweep found.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from ..core.errors import GameError, UnknownNameError, did_you_mean
from ..core.expr import to_fraction
from ..games.normal import NormalFormGame
from .sweep import SweepResult, sweep

__all__ = ["SymbolicTree", "Threshold", "ThresholdResult", "thresholds"]


@dataclass(frozen=True, slots=True, eq=False)
class Threshold:
    """One value of a parameter at which the equilibrium outcome changes.

    Attributes
    ----------
    parameter : str
        The parameter that moves.
    value : float
        Where the change happens (others at ``fixed``).
    player : str
        The player who is indifferent there.
    where : str
        The decision node (trees) or the opponents' profile (normal forms) of the comparison.
    below, above : str
        The action (strategy) the player prefers just below and just above the threshold.
    outcome_below, outcome_above : str
        The equilibrium outcome labels on each side.
    expression : sympy.Expr or None
        The threshold as an expression in the other parameters, when SymPy could solve the
        indifference condition; ``None`` if the value was found numerically.
    exact_value : sympy.Expr or None
        ``expression`` evaluated exactly at the fixed (rational) values.
    method : str
        ``"symbolic"`` or ``"numeric"``; for a tree node that switches only because a later
        player switches at the same value, ``"induced by <player> at <node>"`` (its value and
        expression are that later switch's).
    verified : bool
        Whether solving just below and above reproduced ``outcome_below``/``outcome_above``.
    on_path : bool
        Trees: whether the node is on the equilibrium path on at least one side.
    """

    parameter: str
    value: float
    player: str
    where: str
    below: str
    above: str
    outcome_below: str
    outcome_above: str
    expression: Any = None
    exact_value: Any = None
    method: str = "numeric"
    verified: bool = False
    on_path: bool = True
    fixed: dict[str, Any] = field(default_factory=dict)

    def expression_in(self, *names: str) -> Any:
        """The symbolic threshold with every parameter *except* ``names`` set to its fixed value.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([["a*x - b", 0]], parameters={"x": 1, "a": 2, "b": 1})
        >>> t = ag.thresholds(g, "x", lower=0, upper=2)[0]
        >>> t.expression_in("b")
        b/2
        """
        if self.expression is None:
            raise GameError("expression_in: this threshold was found numerically, not symbolically")
        subs = {
            sympy.Symbol(k, real=True): sympy.Rational(*_ratio(v))
            for k, v in self.fixed.items()
            if k not in names
        }
        return sympy.simplify(self.expression.xreplace(subs))

    def describe(self) -> str:
        """One line for people."""
        expr = f" = {self.expression}" if self.expression is not None else ""
        return (
            f"{self.parameter} = {self.value:.6g}{expr}: {self.player} at {self.where} switches "
            f"{self.below} -> {self.above} ({self.method}, "
            f"{'verified' if self.verified else 'NOT verified'})"
        )

    def __repr__(self) -> str:
        return f"<Threshold {self.describe()}>"


def _ratio(v: Any) -> tuple[int, int]:
    f = to_fraction(v)
    return f.numerator, f.denominator


@dataclass(frozen=True, slots=True, eq=False)
class ThresholdResult(Sequence[Threshold]):
    """Every threshold of one parameter over its range, in increasing order."""

    parameter: str
    lower: float
    upper: float
    fixed: dict[str, Any]
    items: tuple[Threshold, ...]
    sweep: SweepResult

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: Any) -> Any:
        return self.items[i]

    def __repr__(self) -> str:
        head = (
            f"ThresholdResult({self.parameter} in [{self.lower:g}, {self.upper:g}], "
            f"{len(self.items)} threshold(s))"
        )
        return "\n".join([head, *(f"  {t.describe()}" for t in self.items)])


# ---------------------------------------------------------------------------------------------
# Comparisons: an indifference condition, symbolically and numerically
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Comparison:
    player: str
    where: str
    first: str  # preferred where diff > 0
    second: str
    diff: sympy.Expr  # value(first) - value(second)
    on_path: bool = True
    node: int = -1  # trees: the decision node (pre-order index)


def _normal_form_comparisons(
    game: NormalFormGame, at_a: npt.NDArray[np.float64], at_b: npt.NDArray[np.float64]
) -> list[_Comparison]:
    """Best-response comparisons whose sign differs between the payoff tensors at a and b."""
    out: list[_Comparison] = []
    exprs = game.payoffs
    for i, player in enumerate(game.players):
        ua = np.moveaxis(at_a[i], i, 0)
        ub = np.moveaxis(at_b[i], i, 0)
        ue = np.moveaxis(exprs[i], i, 0)
        others = [k for k in range(game.n_players) if k != i]
        for rest in np.ndindex(*ua.shape[1:]):
            for x in range(ua.shape[0]):
                for y in range(x + 1, ua.shape[0]):
                    da = ua[(x, *rest)] - ua[(y, *rest)]
                    db = ub[(x, *rest)] - ub[(y, *rest)]
                    if np.sign(da) == np.sign(db):
                        continue
                    prof = ", ".join(
                        f"{game.players[k]}: {game.strategies[k][r]}"
                        for k, r in zip(others, rest, strict=True)
                    )
                    out.append(
                        _Comparison(
                            player,
                            f"({prof})" if prof else "(no opponents)",
                            game.strategies[i][x],
                            game.strategies[i][y],
                            sympy.expand(ue[(x, *rest)] - ue[(y, *rest)]),
                        )
                    )
    return out


def _solve_root(
    cmp: _Comparison,
    parameter: str,
    a: float,
    b: float,
    fixed: Mapping[str, Any],
    numeric: Any,
) -> tuple[float, Any, Any, str] | None:
    """Root of ``cmp.diff`` in [a, b]: (value, expression, exact value, method) or None."""
    x = sympy.Symbol(parameter, real=True)
    subs = {sympy.Symbol(k, real=True): sympy.Rational(*_ratio(v)) for k, v in fixed.items()}
    try:
        if cmp.diff.has(sympy.Piecewise, sympy.Min, sympy.Max, sympy.Abs):
            raise NotImplementedError
        solutions = sympy.solve(sympy.Eq(cmp.diff, 0), x, dict=False)
    except (NotImplementedError, ValueError, TypeError):
        solutions = []
    for sol in solutions if isinstance(solutions, list) else []:
        if not isinstance(sol, sympy.Expr):
            continue
        exact = sympy.simplify(sol.xreplace(subs))
        if not exact.is_real:
            continue
        value = float(exact)
        if a - 1e-12 <= value <= b + 1e-12:
            return value, sympy.simplify(sol), exact, "symbolic"
    from scipy.optimize import brentq

    fa, fb = numeric(a), numeric(b)
    if fa == 0:
        return a, None, None, "numeric"
    if fb == 0:
        return b, None, None, "numeric"
    if np.sign(fa) == np.sign(fb):
        return None
    root = float(brentq(numeric, a, b, xtol=1e-12, rtol=4 * np.finfo(float).eps, maxiter=500))
    return root, None, None, "numeric"


# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------


def thresholds(
    game: Any,
    parameter: str,
    *,
    lower: float | None = None,
    upper: float | None = None,
    resolution: int = 2001,
    fixed: Mapping[str, Any] | None = None,
    induced: bool = True,
    **fixed_kw: Any,
) -> ThresholdResult:
    """Every value of ``parameter`` in its range at which the equilibrium outcome changes.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A parameterised game (normal forms: pure equilibria; trees: subgame-perfect equilibria).
    parameter : str
        The parameter to move.
    lower, upper : float, optional
        The interval to search (default: the parameter's declared range).
    resolution : int
        Grid points of the bracketing sweep. Two changes closer than one grid step apart may be
        seen as one bracket; each bracket is still solved for all flipping comparisons.
    fixed : mapping, optional
        Values of the other parameters (default: their defaults). Also as keyword arguments.
    induced : bool
        Trees: also report nodes whose choice changes only because a later player switches at
        the same value (``method`` starts with ``"induced by"``). With ``False``, only the
        indifference conditions themselves are listed.

    Returns
    -------
    ThresholdResult
        A sequence of :class:`Threshold`, in increasing order.

    Notes
    -----
    Only changes *across* a value are thresholds: a point where extra equilibria appear at that
    point alone (a tie, with the same outcome on both sides) is not reported.

    Examples
    --------
    >>> import alliancegame as ag
    >>> crisis = ag.NormalFormGame(
    ...     [[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
    ...     players=["US", "Iran"], strategies=[["Hold", "Escalate"]] * 2,
    ...     parameters=[ag.Parameter("P", 10, lower=0, upper=20)])
    >>> res = ag.thresholds(crisis, "P")
    >>> [(t.value, t.player, t.below, t.above) for t in res]
    [(1.0, 'US', 'Escalate', 'Hold'), (1.0, 'Iran', 'Escalate', 'Hold')]
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    params = game.parameters
    if parameter not in params:
        raise UnknownNameError(
            f"thresholds: unknown parameter {parameter!r}{did_you_mean(parameter, params.names)}; "
            f"parameters: {', '.join(params.names) or '(none)'}",
            parameter,
            params.names,
        )
    p = params[parameter]
    lo = float(lower if lower is not None else (p.lower if p.lower is not None else math.nan))
    hi = float(upper if upper is not None else (p.upper if p.upper is not None else math.nan))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise GameError(f"thresholds: {parameter!r} has no declared range; give lower= and upper=")
    if not lo < hi:
        raise GameError(f"thresholds: need lower < upper, got [{lo}, {hi}]")
    if resolution < 3:
        raise GameError(f"thresholds: resolution must be at least 3, got {resolution}")
    given = {**(fixed or {}), **fixed_kw}
    if parameter in given:
        raise GameError(f"thresholds: {parameter!r} is the moving parameter; do not fix it")
    values = params.resolve({**given, parameter: lo}, "thresholds")
    values.pop(parameter)
    grid = np.linspace(lo, hi, resolution)
    sw = sweep(game, {parameter: grid}, fixed=values, progress=False)
    codes = sw.codes
    states = _states(sw)
    changes = np.flatnonzero(states[1:] != states[:-1])
    items: list[Threshold] = []
    comparisons_at = _normal_form_bracket if isinstance(game, NormalFormGame) else _tree_bracket
    seen: set[tuple[Any, ...]] = set()
    for k in changes:
        a, b = float(grid[k]), float(grid[k + 1])
        found: list[Threshold] = []
        rootless: list[_Comparison] = []
        comparisons = comparisons_at(game, parameter, a, b, values)
        for cmp, numeric in comparisons:
            root = _solve_root(cmp, parameter, a, b, values, numeric)
            if root is None:
                rootless.append(cmp)
                continue
            value, expr, exact, method = root
            first_below = numeric(max(lo, value - _eps(value))) > 0
            below, above = (cmp.first, cmp.second) if first_below else (cmp.second, cmp.first)
            found.append(
                Threshold(
                    parameter=parameter,
                    value=value,
                    player=cmp.player,
                    where=cmp.where,
                    below=below,
                    above=above,
                    outcome_below=sw.outcome(int(codes[k])),
                    outcome_above=sw.outcome(int(codes[k + 1])),
                    expression=expr,
                    exact_value=exact,
                    method=method,
                    on_path=cmp.on_path,
                    fixed=dict(values),
                )
            )
        if induced and found and rootless and not isinstance(game, NormalFormGame):
            # A node whose choice changes with no indifference of its own switches because a
            # later player switches at the same value (its continuation jumps): report it there.
            causes = {t.where: t for t in found}
            nodes = {c.where: c.node for c, _ in comparisons if c.where in causes}
            for cmp in rootless:
                cause = next(
                    (causes[w] for w, n in nodes.items() if _descends(game, n, cmp.node)),
                    found[0],
                )
                found.append(
                    Threshold(
                        parameter=parameter,
                        value=cause.value,
                        player=cmp.player,
                        where=cmp.where,
                        below=cmp.first,
                        above=cmp.second,
                        outcome_below=cause.outcome_below,
                        outcome_above=cause.outcome_above,
                        expression=cause.expression,
                        exact_value=cause.exact_value,
                        method=f"induced by {cause.player} at {cause.where}",
                        on_path=cmp.on_path,
                        fixed=dict(values),
                    )
                )
        bracket = (a, b, _state(sw, int(k)), _state(sw, int(k) + 1))
        for t in _verify(game, parameter, found, values, bracket, lo, hi):
            # A threshold exactly on a grid point brackets twice (the tie sits on the point).
            key = (round(t.value, 10), t.player, t.where, t.below, t.above)
            if key not in seen:
                seen.add(key)
                items.append(t)
    order = {p: i for i, p in enumerate(game.players)}
    items.sort(key=lambda t: (t.value, order.get(t.player, 0)))
    return ThresholdResult(parameter, lo, hi, dict(values), tuple(items), sw)


def _descends(game: Any, node: int, ancestor: int) -> bool:
    """Whether ``node`` lies in the subtree of ``ancestor`` (trees; pre-order indices)."""
    while node > ancestor:
        node = game.parent(node)
    return node == ancestor


def _eps(value: float) -> float:
    return max(1e-9, 1e-9 * abs(value))


def _state(sw: SweepResult, i: int) -> tuple[Any, ...]:
    """What must change at a threshold: the outcome (normal forms) or every choice (trees).

    Comparable across sweeps: outcome labels, or choice indices (codes are local to a sweep).
    """
    if sw.choices is not None:
        return tuple(int(c) for c in sw.choices.reshape(-1, sw.choices.shape[-1])[i])
    return (sw.outcome(int(sw.codes.reshape(-1)[i])),)


def _states(sw: SweepResult) -> npt.NDArray[np.int64]:
    if sw.choices is None:
        return np.asarray(sw.codes, dtype=np.int64)
    rows = sw.choices.reshape(-1, sw.choices.shape[-1])
    if rows.shape[1] == 0:
        return np.zeros(len(rows), dtype=np.int64)
    _, inverse = np.unique(rows, axis=0, return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(-1)


def _verify(
    game: Any,
    parameter: str,
    found: list[Threshold],
    fixed: Mapping[str, Any],
    bracket: tuple[float, float, tuple[Any, ...], tuple[Any, ...]],
    lo: float,
    hi: float,
) -> list[Threshold]:
    """Keep the candidate roots at which the equilibrium really changes; mark them verified.

    A root is verified when the equilibria just below and just above it differ and, on each side
    where the root is strictly inside the bracket, agree with the sweep's equilibrium there.
    """
    if not found:
        return []
    a, b, state_a, state_b = bracket
    roots = sorted({round(t.value, 12) for t in found})
    out = []
    for r in roots:
        # Probe just below and above the root. Solvers treat near-equal values as ties, so widen
        # the probe until the two sides differ, but never past a neighbouring root.
        gap = min([abs(r - q) for q in roots if q != r] + [hi - lo])
        left: tuple[Any, ...] = (-1,)
        right: tuple[Any, ...] = (-1,)
        label_left = label_right = ""
        for scale in (1e-9, 1e-7, 1e-5, 1e-3):
            e = max(_eps(r), scale * (hi - lo))
            if e >= gap / 2:
                break
            check = sweep(
                game,
                points={parameter: np.array([max(lo, r - e), min(hi, r + e)])},
                fixed=fixed,
                progress=False,
            )
            left, right = _state(check, 0), _state(check, 1)
            label_left = check.outcome(int(check.codes[0]))
            label_right = check.outcome(int(check.codes[1]))
            if left != right:
                break
        if left == right:
            continue  # a comparison flipped, but the equilibrium did not change here
        verified = True
        if len(roots) == 1:
            verified = (left == state_a or r <= a) and (right == state_b or r >= b)
        for t in found:
            if round(t.value, 12) == r:
                out.append(
                    Threshold(
                        t.parameter,
                        t.value,
                        t.player,
                        t.where,
                        t.below,
                        t.above,
                        label_left,
                        label_right,
                        t.expression,
                        t.exact_value,
                        t.method,
                        verified,
                        t.on_path,
                        t.fixed,
                    )
                )
    return out


def _normal_form_bracket(
    game: NormalFormGame, parameter: str, a: float, b: float, fixed: Mapping[str, Any]
) -> list[tuple[_Comparison, Any]]:
    pay = game.evaluate({**fixed, parameter: np.array([a, b])})
    comps = _normal_form_comparisons(game, pay[0], pay[1])
    out = []
    for cmp in comps:
        out.append((cmp, _numeric_diff(cmp.diff, game, parameter, fixed)))
    return out


def _numeric_diff(diff: sympy.Expr, game: Any, parameter: str, fixed: Mapping[str, Any]) -> Any:
    from ..core.expr import Kernel

    kernel = Kernel([diff], game.parameters.names)

    def f(x: float) -> float:
        return float(kernel({**fixed, parameter: np.asarray(x, dtype=float)})[0])

    return f


class SymbolicTree:
    """Symbolic node values of a tree under fixed choices at its decision nodes.

    Used by :func:`thresholds` and the report to write a player's payoff from a node as a formula
    in the parameters, given the action index chosen at every decision node (in the order of
    ``game.decision_nodes``, as ``backward_induction_batch`` returns them).

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.ExtensiveGame(["A"], ag.decision("A", {"x": ag.terminal("2*b"),
    ...                                               "y": ag.terminal(1)}),
    ...                      parameters={"b": 1})
    >>> SymbolicTree(g).value(0, 0, [0], {})  # node 0 is the root
    2*b
    """

    def __init__(self, game: Any) -> None:
        from ..core.expr import as_expression

        self.game = game
        table = {q.name: q.symbol for q in game.parameters}
        self.terminal = {
            k: [as_expression(v, table) for v in vals]
            for k, vals in zip(game.terminals, game.terminal_payoffs, strict=True)
        }
        self.chance = {
            k: [as_expression(v, table) for v in probs]
            for k, probs in zip(game.chance_nodes, game.chance_probabilities, strict=True)
        }
        self.row = {k: r for r, k in enumerate(game.decision_nodes)}

    def value(self, k: int, player: int, choices: Sequence[int], memo: dict[int, Any]) -> Any:
        if k in memo:
            return memo[k]
        if k in self.terminal:
            out = self.terminal[k][player]
        elif k in self.chance:
            kids = self.game.children(k)
            out = sympy.Add(
                *(
                    q * self.value(c, player, choices, memo)
                    for q, c in zip(self.chance[k], kids, strict=True)
                )
            )
        else:
            out = self.value(
                self.game.children(k)[int(choices[self.row[k]])], player, choices, memo
            )
        memo[k] = out
        return out


def _tree_bracket(
    game: Any, parameter: str, a: float, b: float, fixed: Mapping[str, Any]
) -> list[tuple[_Comparison, Any]]:
    """Indifference conditions at the decision nodes whose choice differs between a and b."""
    from ..solvers.backward import backward_induction_batch

    res = backward_induction_batch(game, {**fixed, parameter: np.array([a, b])})
    choice = np.asarray(res.choice)
    on_path = np.asarray(res.on_path)
    changed = np.flatnonzero(choice[0] != choice[1])
    if not len(changed):
        return []
    sym = SymbolicTree(game)
    out = []
    for r in changed:
        k = game.decision_nodes[int(r)]
        node = game.nodes[k]
        p = game.players.index(node.player)
        x, y = int(choice[0, r]), int(choice[1, r])
        kids = game.children(k)
        vx = sym.value(kids[x], p, choice[0].tolist(), {})
        vy = sym.value(kids[y], p, choice[1].tolist(), {})
        diff = sympy.expand(vx - vy)
        cmp = _Comparison(
            node.player,
            game.infoset_of(k).label,
            node.actions[x],
            node.actions[y],
            diff,
            on_path=bool(on_path[0, r] or on_path[1, r]),
            node=int(k),
        )
        out.append((cmp, _numeric_diff(diff, game, parameter, fixed)))
    return out
