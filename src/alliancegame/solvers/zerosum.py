"""Zero-sum games: the value and optimal (maximin/minimax) strategies, by linear programming.

In a two-player *zero-sum* game the players' payoffs add up to zero in every cell, so one payoff
matrix :math:`A \\in \\mathbb{R}^{m \\times n}` describes it: the row player receives
:math:`x^\\top A y` and the column player pays it. The row player can *guarantee*

.. math:: \\underline{v} = \\max_{x \\in \\Delta_m} \\min_{y \\in \\Delta_n} x^\\top A y
          = \\max_{x \\in \\Delta_m} \\min_{j} (x^\\top A)_j

(the inner minimum of a linear function over the simplex is attained at a vertex, a pure
strategy), and the column player can hold the row player down to
:math:`\\overline{v} = \\min_y \\max_x x^\\top A y`. **Von Neumann's minimax theorem** (von Neumann
1928) says the two are equal; their common value :math:`v` is *the value of the game*, a pair of
optimal strategies :math:`(x^*, y^*)` is exactly a Nash equilibrium, and every equilibrium pays the
row player :math:`v`. The sets of optimal strategies are convex polytopes, so an equilibrium is
unique exactly when both are single points.

The row player's problem is a linear programme (Dantzig 1951 showed the equivalence of matrix games
and linear programming):

.. math::

   \\max_{x, v} \\; v \\quad \\text{s.t.} \\quad
   \\sum_i x_i A_{ij} \\ge v \\;\\; (j = 1..n), \\quad \\sum_i x_i = 1, \\quad x \\ge 0,

and the column player's is its LP dual,
:math:`\\min_{y, w} w` s.t. :math:`\\sum_j A_{ij} y_j \\le w`, :math:`y \\in \\Delta_n`. Both are
solved here with SciPy's HiGHS dual simplex (``scipy.optimize.linprog``). A constant-sum game
(:math:`u_1 + u_2 = c` everywhere) is strategically the same as the zero-sum game with
:math:`u_2 - c`, so its value to the two players is :math:`(v, c - v)`.

**Exactness.** With exact (rational) payoffs the LP optimum is a vertex, hence rational: from the
floating-point solution we read which strategies are used and which constraints are tight, solve
that linear system in exact rational arithmetic, and keep the answer only if it is *certified*: the
row strategy guarantees :math:`v` exactly, the column strategy concedes at most :math:`w`
exactly, and :math:`v = w`. By weak duality that equality proves both strategies optimal.

:func:`maximin` applies the same programme to one player of any game: its *security level* (the
most it can guarantee whatever the others do) and a strategy that secures it. In a game that is not
zero-sum this is a cautious plan, not an equilibrium (the opponents need not want to punish), which
is why it returns a :class:`Maximin` record rather than a :class:`SolverResult`.

References: von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische Annalen*
100, 295–320. Dantzig, G. B. (1951). A proof of the equivalence of the programming problem and the
game problem. In T. C. Koopmans (ed.), *Activity Analysis of Production and Allocation*, 330–335.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import AllianceGameWarning, GameError, SolverError
from ..games.normal import NormalFormGame
from .result import SolverResult, format_number
from .verify import default_tolerance, make_profile, numeric_normal_form

__all__ = ["Maximin", "maximin", "zero_sum"]

# Denominator bounds tried, in order, when rationalising a floating-point mixture.
_DENOMINATORS: tuple[int, ...] = (10, 100, 1000, 10**4, 10**6, 10**9)


@dataclass(frozen=True, slots=True)
class Maximin:
    """One player's security level and a strategy that secures it.

    Attributes
    ----------
    player : str
        The player.
    strategies : tuple of str
        The player's strategy names.
    probabilities : tuple
        The maximin mixture (``Fraction`` when exact, else ``float``), aligned with
        ``strategies``.
    value : float or Fraction
        The security level: the largest payoff the player can guarantee, whatever the other
        players do (their worst case over pure profiles, which is also their worst case over
        mixed ones).
    exact : bool
        Whether the numbers are exact and certified by the dual programme.

    Notes
    -----
    In a game that is not zero-sum the maximin strategy is a guarantee, not an equilibrium
    strategy: the other players are assumed to act against this player, which they may have no
    reason to do.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[3, -1], [-2, 1]], [[0, 0], [0, 0]],
    ...                                strategies=[["U", "D"], ["L", "R"]])
    >>> m = maximin(g, "Player 1")
    >>> m
    <Maximin Player 1: U=3/7, D=4/7 ; security level 1/7>
    >>> m.strategy["U"], m.value
    (Fraction(3, 7), Fraction(1, 7))
    """

    player: str
    strategies: tuple[str, ...]
    probabilities: tuple[Any, ...]
    value: Any
    exact: bool

    @property
    def strategy(self) -> dict[str, Any]:
        """The maximin mixture as ``{strategy: probability}``."""
        return dict(zip(self.strategies, self.probabilities, strict=True))

    def describe(self) -> str:
        """One line: the mixture (strategies used) and the security level."""
        used = [(s, p) for s, p in zip(self.strategies, self.probabilities, strict=True) if p > 0]
        if len(used) == 1:
            mix = used[0][0]
        else:
            mix = ", ".join(f"{s}={format_number(p)}" for s, p in used)
        return f"{self.player}: {mix} ; security level {format_number(self.value)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: exact numbers become ``"p/q"`` strings.

        Examples
        --------
        >>> g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[0, 0], [0, 0]])
        >>> maximin(g, "Player 1").to_dict()
        {'player': 'Player 1', 'strategy': {'1': '1/2', '2': '1/2'}, 'value': '1/2', 'exact': True}
        """

        def num(v: Any) -> Any:
            return format_number(v, 12) if isinstance(v, Fraction) else float(v)

        return {
            "player": self.player,
            "strategy": {s: num(p) for s, p in self.strategy.items()},
            "value": num(self.value),
            "exact": self.exact,
        }

    def __repr__(self) -> str:
        return f"<Maximin {self.describe()}>"


# ---------------------------------------------------------------------------------------------
# exact linear algebra and rationalisation (shared with the dominance solver)


def _solve_unique(
    rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> list[Fraction] | None:
    """The unique solution of a (possibly overdetermined) linear system, in rationals.

    Returns ``None`` when the system is inconsistent or its solution is not unique.
    """
    if not rows:
        return None
    n = len(rows[0])
    aug = [[*map(Fraction, r), Fraction(b)] for r, b in zip(rows, rhs, strict=True)]
    pivots: list[int] = []
    r = 0
    for c in range(n):
        piv = next((k for k in range(r, len(aug)) if aug[k][c] != 0), None)
        if piv is None:
            continue
        aug[r], aug[piv] = aug[piv], aug[r]
        lead = aug[r][c]
        aug[r] = [v / lead for v in aug[r]]
        for k in range(len(aug)):
            if k != r and aug[k][c] != 0:
                f = aug[k][c]
                aug[k] = [a - f * b for a, b in zip(aug[k], aug[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(aug):
            break
    if len(pivots) < n or any(row[n] != 0 for row in aug[r:]):
        return None
    return [aug[k][n] for k in range(n)]


def _rationalise_simplex(x: npt.ArrayLike, max_denominator: int) -> list[Fraction]:
    """Round a float probability vector to rationals that sum exactly to one and are nonnegative.

    Each entry is rounded with :meth:`fractions.Fraction.limit_denominator`; the largest entry then
    absorbs the rounding so the vector sums to exactly one.
    """
    xs = [max(float(v), 0.0) for v in np.asarray(x, dtype=float).tolist()]
    out = [Fraction(v).limit_denominator(max_denominator) for v in xs]
    k = int(np.argmax(xs))
    out[k] = 1 - (sum(out) - out[k])
    if out[k] < 0:  # cannot happen for a vector summing to ~1, but stay a distribution
        out = [Fraction(0)] * len(out)
        out[k] = Fraction(1)
    return out


def _rationalisations(x: npt.ArrayLike) -> list[list[Fraction]]:
    """Candidate rational roundings of a probability vector, simplest first, without repeats."""
    seen: list[list[Fraction]] = []
    for d in _DENOMINATORS:
        cand = _rationalise_simplex(x, d)
        if cand not in seen:
            seen.append(cand)
    return seen


# ---------------------------------------------------------------------------------------------
# the linear programmes


def _lp_row(M: npt.NDArray[np.float64], where: str) -> tuple[npt.NDArray[np.float64], float]:
    """Maximise ``min_j (x @ M)_j`` over the simplex; return the optimal ``x`` and value."""
    from scipy.optimize import linprog

    m, n = M.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-M.T, np.ones((n, 1))])
    a_eq = np.concatenate([np.ones(m), [0.0]])[None, :]
    bounds = [(0.0, None)] * m + [(None, None)]
    res = linprog(
        c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs-ds"
    )
    if res.status != 0:
        raise SolverError(f"{where}: the linear programme failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    return x / x.sum(), float(res.x[-1])


def _exact_vertex(
    M: npt.NDArray[Any], x: npt.NDArray[np.float64], v: float, scale: float
) -> list[Fraction] | None:
    """Recover the exact LP vertex near ``x``: used strategies and tight constraints, solved."""
    m, n = M.shape
    guarantee = x @ _float(M)
    for rel in (1e-9, 1e-7, 1e-5):
        used = [i for i in range(m) if x[i] > rel]
        tight = [j for j in range(n) if guarantee[j] - v <= rel * scale]
        if not used or not tight:
            continue
        rows = [[M[i, j] for i in used] + [Fraction(-1)] for j in tight]
        rows.append([Fraction(1)] * len(used) + [Fraction(0)])
        sol = _solve_unique(rows, [Fraction(0)] * len(tight) + [Fraction(1)])
        if sol is None or any(s < 0 for s in sol[:-1]):
            continue
        out = [Fraction(0)] * m
        for i, s in zip(used, sol[:-1], strict=True):
            out[i] = s
        return out
    return None


def _float(M: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    return (
        np.asarray(M, dtype=float) if M.dtype != object else np.vectorize(float, otypes=[float])(M)
    )


def _guarantee(M: npt.NDArray[Any], x: Sequence[Fraction]) -> Fraction:
    """Exactly ``min_j (x @ M)_j``."""
    return min(
        sum((xi * M[i, j] for i, xi in enumerate(x) if xi), Fraction(0)) for j in range(M.shape[1])
    )


def _exact_candidates(
    M: npt.NDArray[Any], x: npt.NDArray[np.float64], v: float, scale: float
) -> list[list[Fraction]]:
    vertex = _exact_vertex(M, x, v, scale)
    return ([vertex] if vertex is not None else []) + _rationalisations(x)


def _solve_matrix(
    M: npt.NDArray[Any], exact: bool, where: str
) -> tuple[list[Any], list[Any], Any] | None:
    """Optimal strategies ``(x, y)`` and value of the matrix game ``M`` (rows maximise).

    In exact mode ``M`` holds Fractions and the answer is certified (``x`` guarantees ``v``,
    ``y`` concedes at most ``v``); returns ``None`` if no certified rational answer was found.
    """
    Mf = _float(M)
    scale = max(1.0, float(np.max(np.abs(Mf))) if Mf.size else 1.0)
    x, v = _lp_row(Mf, where)
    y, w_neg = _lp_row(-Mf.T, where)
    w = -w_neg
    if not exact:
        if v - w > 1e-6 * scale or w - v > 1e-6 * scale:
            raise SolverError(
                f"{where}: the two linear programmes disagree on the value ({v} vs {w})"
            )
        return x.tolist(), y.tolist(), v
    # Weak duality: every x guarantees at most the value and every y concedes at least it, so
    # the best certified x and the best certified y prove optimality exactly when they meet.
    neg_t = -M.T
    xe, vx = max(
        ((c, _guarantee(M, c)) for c in _exact_candidates(M, x, v, scale)), key=lambda t: t[1]
    )
    ye, wy_neg = max(
        ((c, _guarantee(neg_t, c)) for c in _exact_candidates(neg_t, y, -w, scale)),
        key=lambda t: t[1],
    )
    if vx == -wy_neg:
        return xe, ye, vx
    return None


# ---------------------------------------------------------------------------------------------
# public API


_check_numeric = numeric_normal_form


def _payoffs(game: NormalFormGame, exact: bool) -> npt.NDArray[Any]:
    return game.exact_payoff_array() if exact else game.payoff_array()


def _player_matrix(arr: npt.NDArray[Any], i: int) -> npt.NDArray[Any]:
    """Player ``i``'s payoffs as a matrix: its strategies by the others' pure profiles."""
    u: npt.NDArray[Any] = np.moveaxis(np.asarray(arr[i]), i, 0)
    return u.reshape(u.shape[0], -1)


def maximin(game: NormalFormGame, player: str | int, *, exact: bool | None = None) -> Maximin:
    """A player's security level and a maximin strategy, by linear programming.

    The security level is :math:`\\max_{x_i} \\min_{s_{-i}} u_i(x_i, s_{-i})`: the largest payoff
    the player can guarantee whatever the other players do. (Against independent mixed
    strategies of the others the worst case is still attained at a pure profile, so this is also
    the security level against mixed play.)

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players (typically two).
    player : str or int
        The player, by name (or index).
    exact : bool, optional
        Exact rational answer, certified by the dual programme (default: when the game's payoffs
        are exact). If no certified rational answer is found, an exact request raises
        :class:`~alliancegame.SolverError`; the default falls back to floats with an
        :class:`~alliancegame.AllianceGameWarning`.

    Returns
    -------
    Maximin
        The player, its maximin mixture and its security level. In a general-sum game this is
        not an equilibrium.

    Examples
    --------
    The row player of the Prisoner's Dilemma secures 1 by defecting:

    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> maximin(pd, "Player 1")
    <Maximin Player 1: D ; security level 1>
    """
    game = _check_numeric(game, "maximin")
    i = game.player_index(player)
    use_exact = game.kind == "exact" if exact is None else bool(exact)
    M = _player_matrix(_payoffs(game, use_exact), i)
    solved = _solve_matrix(M, use_exact, "maximin")
    if solved is None:
        if exact:
            raise SolverError(
                f"maximin: no certified exact solution found for {game.players[i]!r}; "
                f"use exact=False"
            )
        _warn_fallback("maximin")
        use_exact = False
        M = _player_matrix(game.payoff_array(), i)
        solved = _solve_matrix(M, False, "maximin")
        assert solved is not None
    x, _, v = solved
    if not use_exact:
        x = [float(p) for p in x]
        v = float(np.min(np.asarray(x) @ _float(M)))
    return Maximin(game.players[i], game.strategies[i], tuple(x), v, use_exact)


def _warn_fallback(where: str) -> str:
    msg = (
        f"{where}: no certified exact rational solution was found from the floating-point "
        f"linear programme; the result is in floating point"
    )
    warnings.warn(msg, AllianceGameWarning, stacklevel=3)
    return msg


def _check_constant_sum(
    game: NormalFormGame, arr: npt.NDArray[Any], exact: bool, tol: float, constant_sum_ok: bool
) -> Any:
    """The constant ``c`` with ``u_1 + u_2 = c`` in every cell, or a clear error naming a cell."""
    total = arr[0] + arr[1]
    c = total[0, 0]
    dev = np.vectorize(lambda t: abs(t - c), otypes=[object])(total) if exact else abs(total - c)
    bad = np.argwhere(dev > (0 if exact else tol))
    if bad.size:
        a, b = (int(k) for k in bad[0])
        names = game.strategies
        raise GameError(
            f"zero_sum: the game is not {'constant' if constant_sum_ok else 'zero'}-sum: payoffs "
            f"sum to {format_number(c)} at ({names[0][0]}, {names[1][0]}) but to "
            f"{format_number(total[a, b])} at ({names[0][a]}, {names[1][b]}); "
            f"use solve(game, 'nash') for general-sum games"
        )
    if c != 0 and not constant_sum_ok and (exact or abs(c) > tol):
        raise GameError(
            f"zero_sum: payoffs sum to the constant {format_number(c)} in every cell, not "
            f"to 0; pass constant_sum_ok=True to solve a constant-sum game"
        )
    return c if exact else float(c)


def zero_sum(
    game: NormalFormGame,
    *,
    exact: bool | None = None,
    tol: float | None = None,
    constant_sum_ok: bool = False,
) -> SolverResult:
    """The value and optimal strategies of a two-player zero-sum (or constant-sum) game.

    Solves the row player's maximin programme and the column player's (its dual) with HiGHS, and
    returns the pair of optimal strategies as one verified :class:`StrategyProfile` (in a
    zero-sum game it is a Nash equilibrium) with the value to each player.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game whose payoffs sum to zero in every cell.
    exact : bool, optional
        Exact rational answer, certified by duality (default: when the game's payoffs are
        exact). If no certified rational answer is found, an exact request raises
        :class:`~alliancegame.SolverError`; the default falls back to floats with a warning.
    tol : float, optional
        Float mode: tolerance for the zero-sum check and the equilibrium verification (default:
        ``1e-9`` times the payoff scale). Ignored in exact mode.
    constant_sum_ok : bool
        Accept a constant-sum game (``u_1 + u_2 = c`` in every cell); the value is then
        ``(v, c - v)``.

    Returns
    -------
    SolverResult
        Concept ``"maximin"``, method ``"lp"``; ``value`` holds each player's value and
        ``equilibria`` one optimal profile. ``complete`` is true when both optimal strategies are
        unique (then this is the game's only equilibrium); otherwise a warning says which
        player's optimal set has more than one point (decided in floating point).

    Raises
    ------
    GameError
        If the game is not numeric, not two-player or not zero-sum (naming a cell where the
        payoffs do not add up).

    Examples
    --------
    Matching Pennies has value 0 and each player mixes evenly:

    >>> import alliancegame as ag
    >>> mp = ag.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...                                    strategies=[["H", "T"], ["H", "T"]])
    >>> r = zero_sum(mp)
    >>> r.value, r[0]["Player 2"]
    ((Fraction(0, 1), Fraction(0, 1)), {'H': Fraction(1, 2), 'T': Fraction(1, 2)})
    """
    game = _check_numeric(game, "zero_sum")
    if game.n_players != 2:
        raise GameError(
            f"zero_sum: needs a two-player game, got {game.n_players} players "
            f"{game.players}; use maximin(game, player) for a player's security level"
        )
    use_exact = game.kind == "exact" if exact is None else bool(exact)
    notes: list[str] = []
    farr = game.payoff_array()
    tolerance = default_tolerance(farr) if tol is None else float(tol)
    arr = _payoffs(game, use_exact)
    c = _check_constant_sum(game, arr, use_exact, tolerance, constant_sum_ok)
    solved = _solve_matrix(arr[0], use_exact, "zero_sum")
    if solved is None:
        if exact:
            raise SolverError("zero_sum: no certified exact solution found; use exact=False")
        notes.append(_warn_fallback("zero_sum"))
        use_exact = False
        arr = farr
        c = float(c)
        solved = _solve_matrix(arr[0], False, "zero_sum")
        assert solved is not None
    x, y, v = solved
    profile = make_profile(
        game, [x, y], exact=use_exact, tol=None if use_exact else tolerance, method="zero_sum"
    )
    value = (v, c - v) if use_exact else (float(v), float(c) - float(v))
    unique = _unique_optimum(_float(arr[0]), x, y, float(v), tolerance, game, notes)
    return SolverResult(
        game=game,
        concept="maximin",
        method="lp",
        exact=use_exact,
        equilibria=(profile,),
        max_regret=profile.regret,
        complete=unique,
        options={"tol": tolerance, "constant_sum": c, "constant_sum_ok": constant_sum_ok},
        warnings=tuple(notes),
        value=value,
    )


def _unique_optimum(
    A: npt.NDArray[np.float64],
    x: Sequence[Any],
    y: Sequence[Any],
    v: float,
    tol: float,
    game: NormalFormGame,
    notes: list[str],
) -> bool:
    """Whether each player's set of optimal strategies is a single point (decided in floats).

    Complementary slackness gives a cheap sufficient test: every optimal ``x`` uses only rows
    that are best replies to ``y`` and makes every column that ``y`` uses tight; if that linear
    system has one solution, ``x`` is unique. Otherwise a pair of LPs per coordinate measures
    how far the optimal set extends.
    """
    unique = True
    xf = np.asarray([float(p) for p in x])
    yf = np.asarray([float(p) for p in y])
    for who, M, val, other in ((0, A, v, yf), (1, -A.T, -v, xf)):
        replies = np.flatnonzero(M @ other >= val - 10 * tol)
        used = np.flatnonzero(other > 1e-9)
        system = np.vstack([M[np.ix_(replies, used)].T, np.ones((1, len(replies)))])
        if np.linalg.matrix_rank(system) == len(replies):
            continue
        spread = _optimal_spread(M, val, tol)
        if spread > 1e-6:
            unique = False
            notes.append(
                f"zero_sum: {game.players[who]!r} has more than one optimal strategy (a "
                f"probability varies by {spread:.3g} across them); this is one of them"
            )
    return unique


def _optimal_spread(M: npt.NDArray[np.float64], v: float, tol: float) -> float:
    """Largest range of any coordinate of ``x`` over ``{x in simplex : x @ M >= v - tol}``."""
    from scipy.optimize import linprog

    m, n = M.shape
    if m == 1:
        return 0.0
    a_ub = -M.T
    b_ub = np.full(n, -(v - 10 * tol))
    a_eq = np.ones((1, m))
    worst = 0.0

    def solve(c: npt.NDArray[np.float64]) -> float:
        res = linprog(
            c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs-ds"
        )
        return float(res.fun) if res.status == 0 else 0.0

    for k in range(m):
        e = np.zeros(m)
        e[k] = 1.0
        lo = solve(e)
        hi = -solve(-e)
        worst = max(worst, hi - lo)
    return worst
