"""Pure-strategy Nash equilibria of N-player normal-form games, vectorised over a batch.

A pure profile :math:`s = (s_1, \\dots, s_N)` is a Nash equilibrium iff for every player *i*

.. math:: u_i(s_i, s_{-i}) \\ge \\max_{t_i \\in S_i} u_i(t_i, s_{-i}).

For each player the right-hand side is a maximum along that player's strategy axis of the payoff
tensor, so the whole test is *N* reductions and comparisons over the tensor: no loop over profiles.
:func:`pure_nash_mask` applies the same test to a batch of payoff tensors
(shape ``(*batch, N, s_1, ..., s_N)``), which is how sweeps solve millions of parameter points.

Reference: Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286–295.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.arrays import check_allocation
from ..core.errors import GameError
from ..games.normal import NormalFormGame
from .result import SolverResult
from .verify import default_tolerance, make_profile, numeric_normal_form

__all__ = ["pure_nash", "pure_nash_mask"]


def pure_nash_mask(
    payoffs: npt.ArrayLike, n_players: int | None = None, tol: float = 0.0
) -> npt.NDArray[np.bool_]:
    """Boolean mask of the pure Nash equilibria of a batch of payoff tensors.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(*batch, N, s_1, ..., s_N)`` (float, or object Fractions without a batch).
    n_players : int, optional
        N; needed only when there are batch axes (otherwise the array's first axis is N).
    tol : float
        A deviation must gain more than ``tol`` to break an equilibrium.

    Returns
    -------
    ndarray of bool
        Shape ``(*batch, s_1, ..., s_N)``; true at equilibrium profiles.

    Examples
    --------
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> pure_nash_mask(pd)
    array([[False, False],
           [False,  True]])
    >>> pure_nash_mask(np.stack([pd, -pd]), n_players=2).sum(axis=(1, 2))
    array([1, 1])
    """
    arr = np.asarray(payoffs)
    n = arr.shape[0] if n_players is None else n_players
    if arr.ndim < n + 1:
        raise GameError(f"pure_nash_mask: array of shape {arr.shape} is too small for {n} players")
    b = arr.ndim - (n + 1)
    if arr.shape[b] != n:
        raise GameError(
            f"pure_nash_mask: axis {b} should hold the {n} players, got shape {arr.shape}"
        )
    check_allocation(arr.shape[:b] + arr.shape[b + 1 :], 1, "pure_nash_mask: the equilibrium mask")
    mask: npt.NDArray[np.bool_] | None = None
    for i in range(n):
        u = np.take(arr, i, axis=b)
        best = u.max(axis=b + i, keepdims=True)
        ok = u >= best - tol if tol else u >= best
        mask = ok if mask is None else (mask & ok)
    assert mask is not None
    return np.asarray(mask, dtype=bool)


def pure_nash(
    game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """All pure-strategy Nash equilibria of a numeric N-player game.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game (use ``game.at(...)`` on a parameterised one).
    exact : bool, optional
        Compare payoffs exactly (default: exactly when the game's payoffs are exact).
    tol : float, optional
        Float mode: a deviation must gain more than this to count (default: scaled ``1e-9``).

    Returns
    -------
    SolverResult
        Concept ``"pure"``, method ``"enumpure"``; always complete.

    Examples
    --------
    >>> import alliancegame as ag
    >>> chicken = ag.NormalFormGame.from_arrays(
    ...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]], strategies=[["C", "D"], ["C", "D"]])
    >>> for e in pure_nash(chicken):
    ...     print(e.describe())
    Player 1: C | Player 2: D ; payoffs Player 1=-1, Player 2=1
    Player 1: D | Player 2: C ; payoffs Player 1=1, Player 2=-1
    """
    game = numeric_normal_form(game, "pure_nash")
    use_exact = game.kind == "exact" if exact is None else exact
    if use_exact:
        arr: npt.NDArray[Any] = game.exact_payoff_array()
        mask = pure_nash_mask(arr)
        tolerance: float = 0.0
    else:
        arr = game.payoffs if game.kind == "float" else game.payoff_array()  # no copy
        tolerance = default_tolerance(arr) if tol is None else tol
        mask = pure_nash_mask(arr, tol=tolerance)
    profiles = []
    for idx in np.argwhere(mask):
        strategies = []
        for i, k in enumerate(idx):
            x = [0] * game.shape[i]
            x[int(k)] = 1
            strategies.append(x)
        profiles.append(
            make_profile(
                game,
                strategies,
                exact=use_exact,
                tol=None if use_exact else tolerance,
                method="pure_nash",
                payoff_array=arr,
            )
        )
    return SolverResult(
        game=game,
        concept="pure",
        method="enumpure",
        exact=use_exact,
        equilibria=tuple(profiles),
        max_regret=max((p.regret for p in profiles), default=0),
        complete=True,
        options={"tol": tolerance},
    )
