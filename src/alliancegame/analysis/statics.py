"""Comparative statics of a mixed equilibrium: closed forms in the parameters and their derivatives.

In a mixed equilibrium of a two-player game with supports :math:`I` (rows) and :math:`J`
(columns) of equal size *k*, each player mixes so as to make the *other* indifferent on its
support. Player 2's mix :math:`y` and player 1's equilibrium payoff :math:`v` solve the linear
system

.. math::

    \\sum_{j \\in J} A_{ij}(\\theta)\\, y_j = v \\quad (i \\in I), \\qquad \\sum_{j \\in J} y_j = 1,

and player 1's mix :math:`x` with player 2's payoff :math:`u` solve the same system in
:math:`B(\\theta)^\\top`. With payoffs that are expressions in parameters :math:`\\theta`, Cramer's
rule gives every probability and payoff as a ratio of polynomials in the payoff entries — a
closed form in :math:`\\theta` (SymPy does the algebra; no expression text is evaluated). The
closed form is an equilibrium exactly where it is a profile of probabilities and nobody gains by
deviating outside its support:

.. math::

    0 \\le x_i, y_j \\le 1, \\qquad \\sum_{j \\in J} A_{i'j}\\, y_j \\le v \\; (i' \\notin I),
    \\qquad \\sum_{i \\in I} B_{ij'}\\, x_i \\le u \\; (j' \\notin J),

and where the systems are not singular. Inside that region the derivatives
:math:`\\partial y_j / \\partial \\theta` are the comparative statics of the equilibrium. Their
best-known lesson is the "paradox" of mixed equilibria: a player's own mix depends only on the
*opponent's* payoffs. In Chicken with cost of war :math:`c`, each side escalates with probability
:math:`1/c`, so a costlier war makes escalation rarer, whatever a side's own stakes (Tsebelis
1989; Holt & Roth 2004).

References
----------
Tsebelis, G. (1989). The abuse of probability in political analysis: the Robinson Crusoe
fallacy. *American Political Science Review* 83(1), 77–91.

Holt, C. A., & Roth, A. E. (2004). The Nash equilibrium: a perspective. *Proceedings of the
National Academy of Sciences* 101(12), 3999–4002.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..core.errors import ExpressionError, GameError
from ..core.expr import Kernel, as_expression, exact_value, to_fraction
from ..games.normal import NormalFormGame

__all__ = ["ComparativeStatics", "StaticsDerivative", "StaticsPoint", "comparative_statics"]

Formulas = dict[str, dict[str, sympy.Expr]]


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    """A readable canonical form of a rational expression."""
    out: sympy.Expr = sympy.factor(sympy.cancel(expr))
    return out


@dataclass(frozen=True, slots=True)
class StaticsPoint:
    """Numbers from a closed form at one parameter point.

    Attributes
    ----------
    point : dict of str to number
        Every parameter's value (given or default).
    strategies : dict of str to dict of str to number
        Per player and strategy: the equilibrium probability (or its derivative).
    payoffs : dict of str to number
        Per player: the equilibrium payoff (or its derivative).
    valid : bool
        Whether the closed form is an equilibrium at this point (every condition holds).
    violated : tuple of sympy.Basic
        The conditions that fail at this point.

    Numbers are exact :class:`~fractions.Fraction` when the expressions are rational at the point,
    floats otherwise.
    """

    point: dict[str, Any]
    strategies: dict[str, dict[str, Any]]
    payoffs: dict[str, Any]
    valid: bool
    violated: tuple[sympy.Basic, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ComparativeStatics:
    """A mixed equilibrium of a parameterised two-player game in closed form.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    support : dict of str to tuple of str
        Per player, the strategies played with positive probability.
    strategies : dict of str to dict of str to sympy.Expr
        Per player and strategy, the equilibrium probability as an expression in the parameters
        (zero outside the support).
    payoffs : dict of str to sympy.Expr
        Per player, the equilibrium payoff.
    conditions : tuple of sympy.Basic
        Where the closed form is an equilibrium: every probability in ``[0, 1]``, no strategy
        outside a support earning more, and the indifference systems not singular. Conditions
        that hold for all parameter values are left out.

    Examples
    --------
    See :func:`comparative_statics`.
    """

    game: NormalFormGame
    support: dict[str, tuple[str, ...]]
    strategies: Formulas
    payoffs: dict[str, sympy.Expr]
    conditions: tuple[sympy.Basic, ...]

    @property
    def parameters(self) -> tuple[str, ...]:
        """The game's parameter names."""
        return self.game.parameters.names

    def _symbol(self, parameter: str) -> sympy.Symbol:
        symbol: sympy.Symbol = self.game.parameters[parameter].symbol  # UnknownNameError if not
        return symbol

    def derivative(self, parameter: str) -> StaticsDerivative:
        """The derivatives of every probability and payoff with respect to one parameter.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        ...                       strategies=[["Hold", "Escalate"]] * 2,
        ...                       parameters=[ag.Parameter("c", 10, lower=1)])
        >>> d = comparative_statics(g).derivative("c")
        >>> d.strategies["Player 2"]["Escalate"]
        -1/c**2
        >>> d.at(c=10).strategies["Player 2"]["Escalate"]
        Fraction(-1, 100)
        """
        symbol = self._symbol(parameter)
        strategies = {
            p: {s: _tidy(sympy.diff(e, symbol)) for s, e in probs.items()}
            for p, probs in self.strategies.items()
        }
        payoffs = {p: _tidy(sympy.diff(e, symbol)) for p, e in self.payoffs.items()}
        return StaticsDerivative(parameter, strategies, payoffs, self)

    def at(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> StaticsPoint:
        """The probabilities and payoffs at a parameter point, and whether they are valid there.

        Parameters
        ----------
        values : mapping, optional
            Parameter values by name (missing ones take their defaults).
        **kwargs
            More parameter values by name.

        Raises
        ------
        GameError
            Where the indifference conditions are singular (the closed form is undefined).

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        ...                       strategies=[["Hold", "Escalate"]] * 2,
        ...                       parameters=[ag.Parameter("c", 10, lower=0)])
        >>> cs = comparative_statics(g)
        >>> cs.at(c=4).strategies["Player 1"]
        {'Hold': Fraction(3, 4), 'Escalate': Fraction(1, 4)}
        >>> cs.at(c=0.5).valid  # escalation "probability" 2: no mixed equilibrium there
        False
        """
        return _evaluate(self, self.strategies, self.payoffs, {**(values or {}), **kwargs})

    def holds_at(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> bool:
        """Whether the closed form is an equilibrium at a parameter point.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        ...                       parameters={"c": 10})
        >>> cs = comparative_statics(g)
        >>> cs.holds_at(c=10), cs.holds_at(c=0.5)
        (True, False)
        """
        point = _resolve(self.game, {**(values or {}), **kwargs}, "ComparativeStatics.holds_at")
        return not _violated(self.conditions, point)

    def valid_set(
        self, parameter: str, values: Mapping[str, Any] | None = None, /, **kwargs: Any
    ) -> sympy.Set:
        """The values of one parameter where the closed form is an equilibrium, others fixed.

        Parameters
        ----------
        parameter : str
            The parameter that moves.
        values : mapping, optional
            Values of the other parameters (missing ones take their defaults).
        **kwargs
            More values by name.

        Returns
        -------
        sympy.Set
            A union of intervals within the parameter's declared range (a ``ConditionSet`` where
            SymPy cannot solve a condition in closed form).

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        ...                       parameters=[ag.Parameter("c", 10, lower=0, upper=100)])
        >>> comparative_statics(g).valid_set("c")
        Interval(1, 100)
        """
        symbol = self._symbol(parameter)
        given = {**(values or {}), **kwargs}
        given.pop(parameter, None)
        fixed = _resolve(self.game, {**given, parameter: 0}, "ComparativeStatics.valid_set")
        fixed.pop(parameter)
        subs = {self._symbol(k): _rational(v) for k, v in fixed.items()}
        p = self.game.parameters[parameter]
        lo = sympy.S.NegativeInfinity if p.lower is None else _rational(p.lower)
        hi = sympy.S.Infinity if p.upper is None else _rational(p.upper)
        region: sympy.Set = sympy.Interval(lo, hi)
        for cond in self.conditions:
            c = cond.xreplace(subs)
            if c is sympy.true:
                continue
            if c is sympy.false:
                return sympy.S.EmptySet
            region = region & sympy.solveset(c, symbol, sympy.S.Reals)
        return region

    def __repr__(self) -> str:
        lines = [f"ComparativeStatics({_support_text(self.support)})"]
        for player, probs in self.strategies.items():
            for s, e in probs.items():
                if player in self.support and s in self.support[player]:
                    lines.append(f"  P({player} plays {s}) = {e}")
        for player, e in self.payoffs.items():
            lines.append(f"  payoff of {player} = {e}")
        lines.append(
            "  valid where: " + (" and ".join(str(c) for c in self.conditions) or "always")
        )
        return "\n".join(lines)


@dataclass(frozen=True, slots=True, eq=False)
class StaticsDerivative:
    """The derivatives of a closed-form equilibrium with respect to one parameter.

    Attributes
    ----------
    parameter : str
        The parameter.
    strategies : dict of str to dict of str to sympy.Expr
        Per player and strategy, the derivative of the equilibrium probability.
    payoffs : dict of str to sympy.Expr
        Per player, the derivative of the equilibrium payoff.
    statics : ComparativeStatics
        The equilibrium they belong to.
    """

    parameter: str
    strategies: Formulas
    payoffs: dict[str, sympy.Expr]
    statics: ComparativeStatics

    def at(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> StaticsPoint:
        """The derivatives at a parameter point (``valid`` refers to the equilibrium there).

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        ...                       parameters={"c": 10})
        >>> comparative_statics(g).derivative("c").at(c=2).payoffs
        {'Player 1': Fraction(1, 4), 'Player 2': Fraction(1, 4)}
        """
        return _evaluate(self.statics, self.strategies, self.payoffs, {**(values or {}), **kwargs})

    def __repr__(self) -> str:
        lines = [f"StaticsDerivative(d/d{self.parameter})"]
        for player, probs in self.strategies.items():
            for s, e in probs.items():
                lines.append(f"  dP({player} plays {s})/d{self.parameter} = {e}")
        for player, e in self.payoffs.items():
            lines.append(f"  d payoff of {player}/d{self.parameter} = {e}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Evaluation at a point
# ---------------------------------------------------------------------------------------------


def _rational(value: Any) -> sympy.Rational:
    f = to_fraction(value)
    return sympy.Rational(f.numerator, f.denominator)


def _resolve(game: NormalFormGame, values: Mapping[str, Any], where: str) -> dict[str, Any]:
    point = game.parameters.resolve(values, where)
    for k, v in point.items():
        try:
            to_fraction(v)
        except ExpressionError:
            raise GameError(f"{where}: value of {k!r} must be a finite number, got {v!r}") from None
    return point


def _violated(conditions: Sequence[sympy.Basic], point: Mapping[str, Any]) -> tuple[Any, ...]:
    subs = {sympy.Symbol(k, real=True): _rational(v) for k, v in point.items()}
    bad = []
    for cond in conditions:
        try:
            holds = cond.xreplace(subs)
        except TypeError:  # a comparison with an undefined value (division by zero)
            holds = sympy.false
        if holds is not sympy.true:
            bad.append(cond)
    return tuple(bad)


def _number(expr: sympy.Expr, point: Mapping[str, Any]) -> Any:
    try:
        return exact_value(expr, point)
    except ExpressionError:
        names = sorted(str(s) for s in expr.free_symbols)
        kernel = Kernel([expr], names)
        return float(kernel({k: np.asarray(float(point[k])) for k in names})[0])


def _evaluate(
    statics: ComparativeStatics,
    strategies: Formulas,
    payoffs: Mapping[str, sympy.Expr],
    values: Mapping[str, Any],
) -> StaticsPoint:
    where = "ComparativeStatics.at"
    point = _resolve(statics.game, values, where)
    violated = _violated(statics.conditions, point)
    if any(isinstance(c, sympy.Ne) for c in violated):
        raise GameError(
            f"{where}: the indifference conditions of {_support_text(statics.support)} are "
            f"singular at {point}, so the closed form is undefined there"
        )
    return StaticsPoint(
        point=dict(point),
        strategies={
            p: {s: _number(e, point) for s, e in probs.items()} for p, probs in strategies.items()
        },
        payoffs={p: _number(e, point) for p, e in payoffs.items()},
        valid=not violated,
        violated=violated,
    )


def _support_text(support: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(f"{p}: {', '.join(s)}" for p, s in support.items())


# ---------------------------------------------------------------------------------------------
# Building the closed form
# ---------------------------------------------------------------------------------------------


def _payoff_matrix(game: NormalFormGame, player: int) -> sympy.Matrix:
    table = {p.name: p.symbol for p in game.parameters}
    cells = game.payoffs[player]
    return sympy.Matrix(
        [
            [as_expression(cells[i, j], table) for j in range(game.shape[1])]
            for i in range(game.shape[0])
        ]
    )


def _indifference(
    U: sympy.Matrix, own: Sequence[int], opp: Sequence[int]
) -> tuple[list[sympy.Expr], sympy.Expr, sympy.Expr]:
    """The opponent's mix on ``opp`` (and the value) that makes rows ``own`` of ``U`` tie.

    Solves ``U[own, opp] z = v 1``, ``sum z = 1`` by Cramer's rule; returns the mix, the value
    and the determinant.
    """
    k = len(own)
    M = sympy.zeros(k + 1, k + 1)
    for r, i in enumerate(own):
        for c, j in enumerate(opp):
            M[r, c] = U[i, j]
        M[r, k] = sympy.Integer(-1)
    for c in range(k):
        M[k, c] = sympy.Integer(1)
    det = sympy.factor(M.det(method="berkowitz"))
    if sympy.expand(det) == 0:
        raise ValueError("singular")
    adj_last = M.adjugate(method="berkowitz")[:, k]  # Cramer: solution = adj(M) e_k / det
    sol = [_tidy(adj_last[r] / det) for r in range(k + 1)]
    if det.could_extract_minus_sign():
        det = -det  # a canonical sign for the condition det != 0
    return sol[:k], sol[k], det


def _parse_support(game: NormalFormGame, support: Any) -> tuple[list[int], list[int]]:
    where = "comparative_statics"
    if isinstance(support, Mapping):
        for name in support:
            game.player_index(name)
        missing = [p for p in game.players if p not in support]
        if missing:
            raise GameError(f"{where}: support needs strategies for {', '.join(missing)}")
        lists = [support[p] for p in game.players]
    elif isinstance(support, Sequence) and not isinstance(support, str) and len(support) == 2:
        lists = list(support)
    else:
        raise GameError(
            f"{where}: support must map each player to strategy names, e.g. "
            f"{{{game.players[0]!r}: [...], {game.players[1]!r}: [...]}}, got {support!r}"
        )
    out: list[list[int]] = []
    for i, names in enumerate(lists):
        if isinstance(names, str) or not isinstance(names, Sequence) or not names:
            raise GameError(
                f"{where}: the support of {game.players[i]!r} must be a non-empty list of "
                f"strategy names, got {names!r}"
            )
        idx = sorted({game.strategy_index(i, s) for s in names})
        if len(idx) != len(names):
            raise GameError(f"{where}: the support of {game.players[i]!r} repeats a strategy")
        out.append(idx)
    if len(out[0]) != len(out[1]):
        raise GameError(
            f"{where}: supports of different sizes ({len(out[0])} and {len(out[1])}) do not "
            f"determine a closed form (the game is degenerate there); give supports of equal size"
        )
    return out[0], out[1]


def _support_at(
    game: NormalFormGame, point: Mapping[str, Any] | None
) -> tuple[list[int], list[int]]:
    from ..solvers.solve import solve

    where = "comparative_statics"
    values = dict(point or {})
    try:
        numeric = game.at(values, exact=True)
    except ExpressionError:
        numeric = game.at(values)
    res = solve(numeric, "nash", method="vertex")
    supports = []
    for eq in res.equilibria:
        I = [k for k, p in enumerate(eq.probabilities[0]) if p > 0]
        J = [k for k, p in enumerate(eq.probabilities[1]) if p > 0]
        if len(I) == len(J):
            supports.append((I, J))
    mixed = [s for s in supports if len(s[0]) > 1]
    chosen = mixed if mixed else supports
    if len(chosen) == 1:
        return chosen[0]

    def text(s: tuple[list[int], list[int]]) -> str:
        return (
            "{"
            + ", ".join(
                f"{game.players[i]!r}: {[game.strategies[i][k] for k in s[i]]}" for i in range(2)
            )
            + "}"
        )

    if not chosen:
        raise GameError(
            f"{where}: the game is degenerate at {values or 'its defaults'} (no equilibrium has "
            f"supports of equal size); give support= explicitly"
        )
    raise GameError(
        f"{where}: {len(chosen)} {'mixed ' if mixed else ''}equilibria at "
        f"{values or 'the defaults'}; choose one with support=, e.g. support={text(chosen[0])}; "
        f"candidates: {'; '.join(text(s) for s in chosen)}"
    )


def comparative_statics(
    game: Any,
    point: Mapping[str, Any] | None = None,
    support: Mapping[str, Sequence[str]] | Sequence[Sequence[str]] | None = None,
) -> ComparativeStatics:
    """A mixed equilibrium of a parameterised two-player game as formulas in the parameters.

    Parameters
    ----------
    game : NormalFormGame or Scenario
        A two-player game whose payoffs may be expressions in its parameters.
    point : mapping, optional
        Parameter values at which to find the equilibrium whose support is used (missing ones
        take their defaults). Ignored when ``support`` is given.
    support : mapping of player to sequence of str, optional
        The strategies each player mixes over (equal numbers for both). Default: the support of
        the equilibrium at ``point`` — its only mixed equilibrium if it has one, or its only
        equilibrium.

    Returns
    -------
    ComparativeStatics
        The probabilities and payoffs as SymPy expressions, the conditions under which they form
        an equilibrium, and ``derivative(parameter)`` for the comparative statics.

    Raises
    ------
    GameError
        For a game without two players, a malformed or unequal support, indifference conditions
        that are singular for every parameter value, conditions that never hold, or a point
        with several candidate equilibria (the message lists their supports).

    Examples
    --------
    Chicken between the US and Iran with a cost of war ``c``: in the mixed equilibrium each side
    escalates with probability ``1/c``, so a costlier war means less escalation.

    >>> import alliancegame as ag
    >>> chicken = ag.NormalFormGame(
    ...     [[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
    ...     players=["US", "Iran"], strategies=[["Hold", "Escalate"]] * 2,
    ...     parameters=[ag.Parameter("c", 10, lower=0, upper=100)])
    >>> cs = comparative_statics(chicken, point={"c": 10})
    >>> cs.strategies["Iran"]["Escalate"], cs.payoffs["US"]
    (1/c, -1/c)
    >>> cs.derivative("c").strategies["Iran"]["Escalate"]
    -1/c**2
    >>> cs.at(c=10).strategies["US"]["Escalate"]
    Fraction(1, 10)
    >>> cs.valid_set("c")
    Interval(1, 100)
    """
    where = "comparative_statics"
    game = getattr(game, "game", game)  # a Scenario stands for its game
    if not isinstance(game, NormalFormGame):
        raise GameError(f"{where}: needs a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise GameError(
            f"{where}: closed-form mixed equilibria are for two-player games, this one has "
            f"{game.n_players} players {game.players}"
        )
    if support is None:
        I, J = _support_at(game, point)
    else:
        I, J = _parse_support(game, support)
    A, B = _payoff_matrix(game, 0), _payoff_matrix(game, 1)
    m, n = game.shape
    text = _support_text(
        {
            game.players[0]: [game.strategies[0][i] for i in I],
            game.players[1]: [game.strategies[1][j] for j in J],
        }
    )
    try:
        y, v, det_y = _indifference(A, I, J)
        x, u, det_x = _indifference(B.T, J, I)
    except ValueError:
        raise GameError(
            f"{where}: the indifference conditions for {text} are singular for every parameter "
            f"value (a player is indifferent in a way that pins down no mix)"
        ) from None
    probs_x = [sympy.Integer(0)] * m
    for i, e in zip(I, x, strict=True):
        probs_x[i] = e
    probs_y = [sympy.Integer(0)] * n
    for j, e in zip(J, y, strict=True):
        probs_y[j] = e
    conditions: list[sympy.Basic] = []
    for det in (det_x, det_y):
        if det.free_symbols:
            conditions.append(sympy.Ne(det, 0))
    for e in (*x, *y):
        conditions += [sympy.Ge(e, 0), sympy.Le(e, 1)]
    for i in range(m):
        if i not in I:
            gain = sum((A[i, j] * probs_y[j] for j in J), sympy.Integer(0)) - v
            conditions.append(sympy.Le(_tidy(gain), 0))
    for j in range(n):
        if j not in J:
            gain = sum((B[i, j] * probs_x[i] for i in I), sympy.Integer(0)) - u
            conditions.append(sympy.Le(_tidy(gain), 0))
    kept: list[sympy.Basic] = []
    for c in conditions:
        if c is sympy.false:
            raise GameError(
                f"{where}: {text} is never an equilibrium (a condition fails for every parameter "
                f"value)"
            )
        if c is not sympy.true and c not in kept:
            kept.append(c)
    return ComparativeStatics(
        game=game,
        support={
            game.players[0]: tuple(game.strategies[0][i] for i in I),
            game.players[1]: tuple(game.strategies[1][j] for j in J),
        },
        strategies={
            game.players[0]: dict(zip(game.strategies[0], probs_x, strict=True)),
            game.players[1]: dict(zip(game.strategies[1], probs_y, strict=True)),
        },
        payoffs={game.players[0]: v, game.players[1]: u},
        conditions=tuple(kept),
    )
