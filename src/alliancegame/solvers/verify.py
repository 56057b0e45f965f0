"""Verification: regret of a strategy profile, used by every solver before it returns.

For a mixed profile :math:`x = (x_1, \\dots, x_N)` of a normal-form game, player *i*'s regret is

.. math:: r_i(x) = \\max_{s_i \\in S_i} u_i(s_i, x_{-i}) - u_i(x),

the most it could gain by a unilateral deviation. :math:`x` is a Nash equilibrium iff every
:math:`r_i(x) = 0`; since a best response can always be pure, checking pure deviations suffices.
In exact mode the computation is done in rational arithmetic and an equilibrium must have regret
exactly zero; in float mode the regret must be within a tolerance scaled to the payoffs.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import GameError, SolverError
from ..games.normal import NormalFormGame
from .result import StrategyProfile

__all__ = [
    "default_tolerance",
    "deviation_payoffs",
    "make_profile",
    "numeric_normal_form",
    "regret",
]


def numeric_normal_form(game: Any, where: str) -> NormalFormGame:
    """Check that a solver received a numeric :class:`NormalFormGame`; return it.

    Examples
    --------
    >>> numeric_normal_form(NormalFormGame([[1, 2]], parameters={"x": 0}), "demo")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: demo: the game has parameters ('x',); solve a numeric ...
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"{where}: needs a NormalFormGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{where}: the game has parameters {game.parameters.names}; solve a numeric game "
            f"with game.at(...) or sweep it with alliancegame.sweep"
        )
    return game


def _fraction_vector(s: npt.ArrayLike) -> npt.NDArray[Any]:
    from ..core.expr import to_fraction

    return np.array([to_fraction(v) for v in np.asarray(s, dtype=object).tolist()], dtype=object)


def _pure_indices(strategies: Sequence[npt.NDArray[Any]]) -> tuple[int, ...] | None:
    """The pure profile the vectors describe (each exactly one 1, the rest 0), else None."""
    out = []
    for x in strategies:
        nz = [k for k, v in enumerate(x.tolist()) if v != 0]
        if len(nz) != 1 or x[nz[0]] != 1:
            return None
        out.append(nz[0])
    return tuple(out)


def default_tolerance(payoffs: npt.NDArray[Any]) -> float:
    """Float tolerance for regret and simplex checks: ``1e-9`` times the payoff scale.

    Examples
    --------
    >>> default_tolerance(np.array([[1.0, -200.0]]))
    2e-07
    """
    arr = np.asarray(payoffs, dtype=float)
    scale = max(float(arr.max()), -float(arr.min())) if arr.size else 1.0
    return 1e-9 * max(1.0, scale)


def deviation_payoffs(
    payoffs: npt.NDArray[Any], strategies: Sequence[npt.NDArray[Any]]
) -> list[npt.NDArray[Any]]:
    """For each player, the expected payoff of each of its pure strategies against the others' mix.

    Parameters
    ----------
    payoffs : ndarray
        Shape ``(N, s_1, ..., s_N)``; float or object (Fractions).
    strategies : sequence of ndarray
        One probability vector per player.

    Returns
    -------
    list of ndarray
        ``out[i][k] = u_i(k, x_{-i})``.

    Examples
    --------
    >>> A = np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> deviation_payoffs(A, [np.array([0.5, 0.5]), np.array([1.0, 0.0])])[0]
    array([1., 0.])
    """
    n = payoffs.shape[0]
    pure = _pure_indices(strategies)
    if pure is not None:  # a pure profile: read the deviations off the payoff array
        out = []
        for i in range(n):
            index = list(pure)
            index[i] = slice(None)  # type: ignore[call-overload]
            out.append(np.array(payoffs[(i, *index)]))
        return out
    if n == 2:  # two players: two matrix-vector products
        return [payoffs[0] @ strategies[1], strategies[0] @ payoffs[1]]
    out = []
    for i in range(n):
        t = payoffs[i]
        for j in reversed(range(n)):
            if j == i:
                continue
            t = np.tensordot(t, strategies[j], axes=([j], [0]))
        out.append(t)
    return out


def regret(
    game: NormalFormGame, strategies: Sequence[npt.ArrayLike], exact: bool = False
) -> tuple[Any, ...]:
    """Each player's regret at a mixed profile.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game.
    strategies : sequence of array_like
        One probability vector per player.
    exact : bool
        Compute in rational arithmetic.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> regret(g, [[Fraction(1, 2)] * 2, [Fraction(1, 2)] * 2], exact=True)
    (Fraction(0, 1), Fraction(0, 1))
    >>> regret(g, [[1, 0], [1, 0]])
    (0.0, 2.0)
    """
    if exact:
        arr = game.exact_payoff_array()
        xs = [_fraction_vector(s) for s in strategies]
    else:
        arr = game.payoff_array()
        xs = [np.asarray(s, dtype=float) for s in strategies]
    dev = deviation_payoffs(arr, xs)
    out = []
    for i, d in enumerate(dev):
        value = np.dot(d, xs[i])
        best = max(d.tolist())
        r = best - value
        out.append(r if exact else float(r))
    return tuple(out)


def make_profile(
    game: NormalFormGame,
    strategies: Sequence[npt.ArrayLike],
    *,
    exact: bool,
    tol: float | None = None,
    method: str = "",
    payoff_array: npt.NDArray[Any] | None = None,
) -> StrategyProfile:
    """Build a :class:`StrategyProfile` after checking it is an equilibrium.

    Checks that every vector is a probability distribution (within ``tol`` in float mode, exactly
    in exact mode) and that every player's regret is within ``tol`` (exactly zero in exact mode).

    ``payoff_array`` may pass the game's payoff array (exact or float, as ``exact`` says) when a
    solver verifies many profiles of one game, to avoid recomputing it.

    Raises
    ------
    SolverError
        If the profile is not a verified equilibrium; the message names the method and the regret.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> make_profile(g, [[0, 1], [0, 1]], exact=True).payoffs
    {'Player 1': Fraction(1, 1), 'Player 2': Fraction(1, 1)}
    >>> make_profile(g, [[1, 0], [1, 0]], exact=True, method="demo")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.SolverError: demo: candidate is not an equilibrium ...
    """
    n = game.n_players
    if len(strategies) != n:
        raise SolverError(f"{method}: need {n} strategy vectors, got {len(strategies)}")
    if exact:
        arr = game.exact_payoff_array() if payoff_array is None else payoff_array
        xs = [_fraction_vector(s) for s in strategies]
        for i, x in enumerate(xs):
            if len(x) != game.shape[i] or any(v < 0 for v in x) or sum(x) != 1:
                raise SolverError(
                    f"{method}: strategy of {game.players[i]!r} is not a "
                    f"probability vector: {[str(v) for v in x]}"
                )
        tolerance: Any = Fraction(0)
    else:
        arr = game.payoff_array() if payoff_array is None else payoff_array
        tolerance = default_tolerance(arr) if tol is None else tol
        xs = []
        for i, s in enumerate(strategies):
            x = np.asarray(s, dtype=float)
            if (
                x.shape != (game.shape[i],)
                or np.any(x < -tolerance)
                or abs(x.sum() - 1) > max(tolerance, 1e-9)
            ):
                raise SolverError(
                    f"{method}: strategy of {game.players[i]!r} is not a probability "
                    f"vector: {x.tolist()}"
                )
            x = np.clip(x, 0.0, None)
            xs.append(x / x.sum())
    dev = deviation_payoffs(arr, xs)
    payoffs = []
    regrets = []
    for i, d in enumerate(dev):
        value = np.dot(d, xs[i])
        r = max(d.tolist()) - value
        payoffs.append(value if exact else float(value))
        regrets.append(r if exact else float(r))
    worst = max(regrets)
    if worst > tolerance:
        raise SolverError(
            f"{method}: candidate is not an equilibrium (regret {worst} > tolerance {tolerance}) "
            f"at {[np.asarray(x).tolist() for x in xs]}"
        )
    probs = tuple(tuple(x.tolist()) for x in xs)
    return StrategyProfile(
        game.players,
        game.strategies,
        probs,
        tuple(payoffs),
        max(worst, 0) if exact else max(float(worst), 0.0),
        exact,
    )
