"""Iterated elimination of dominated strategies (IESDS) in N-player normal-form games.

A strategy :math:`s_i` of player *i* is **strictly dominated** by a mixed strategy
:math:`\\sigma_i` over the player's other strategies if it does worse against *every* profile of
the opponents:

.. math:: \\sum_{t} \\sigma_i(t)\\, u_i(t, s_{-i}) > u_i(s_i, s_{-i}) \\quad
          \\text{for all } s_{-i} \\in S_{-i}.

No rational player uses a strictly dominated strategy, whatever it believes, and (by a lemma of
Pearce 1984) the strategies that survive are exactly those that are a best reply to *some* belief
about the opponents. Removing them can make other strategies dominated in the smaller game, so
elimination is *iterated* until nothing more can be removed. For strict dominance the surviving
game does not depend on the order of elimination, every Nash equilibrium of the original game
survives (and the equilibria of the reduced game are exactly those of the original), and if a
single profile survives it is the game's unique Nash equilibrium ("dominance solvable").

Whether a mixture dominates :math:`s_i` is a linear programme in the weights :math:`\\sigma` and a
margin :math:`\\varepsilon`:

.. math:: \\max_{\\sigma, \\varepsilon} \\varepsilon \\quad \\text{s.t.} \\quad
          \\sum_t \\sigma(t) u_i(t, s_{-i}) - u_i(s_i, s_{-i}) \\ge \\varepsilon \\;\\;
          (s_{-i} \\in S_{-i}), \\quad \\sum_t \\sigma(t) = 1, \\quad \\sigma \\ge 0,

and :math:`s_i` is strictly dominated iff the optimal margin is positive (more than a tolerance
in floating point). A strategy can be dominated by a mixture without being dominated by any pure
strategy, which is why ``mixed=True`` is the default.

**Weak dominance** (``weak=True``) asks only for :math:`\\ge` everywhere and :math:`>` somewhere.
Iterated weak dominance is *order dependent*: different elimination orders can leave different
games, and it can remove Nash equilibria (though at least one survives). This module removes, in
each round, every strategy that is dominated at the start of the round (maximal simultaneous
elimination), which is one particular order; the result's warnings say so.

**Exact mode.** Pure dominance is decided in rational arithmetic. A dominating mixture is found
by the floating-point LP, rounded to simple rationals and checked exactly; only a verified mixture
is used. If no rounding verifies, the strategy is kept and a warning says so.

References: Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 2. MIT Press. Myerson, R. B.
(1991). *Game Theory: Analysis of Conflict*, sec. 3.1. Harvard University Press. Pearce, D. G.
(1984). Rationalizable strategic behavior and the problem of perfection. *Econometrica* 52(4),
1029–1050.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import AllianceGameWarning, GameError
from ..games.normal import NormalFormGame
from .result import SolverResult, format_number
from .verify import default_tolerance, make_profile
from .zerosum import _check_numeric, _float, _rationalisations

__all__ = ["Elimination", "iterated_dominance"]

_ORDER_WARNING = (
    "weak dominance: iterated elimination of weakly dominated strategies is order dependent; "
    "this result removes every weakly dominated strategy of every player in each round (maximal "
    "simultaneous elimination), and other orders can leave a different game"
)


@dataclass(frozen=True, slots=True)
class Elimination:
    """One eliminated strategy, what dominated it and by how much.

    Attributes
    ----------
    round : int
        The round (from 1) in which the strategy was removed.
    player : str
        Whose strategy it was.
    strategy : str
        The eliminated strategy.
    dominator : tuple of (str, probability)
        The dominating strategy (one pair with probability 1) or mixture, by strategy name;
        only strategies with positive weight are listed.
    margin : float or Fraction
        The smallest advantage of the dominator over the eliminated strategy against the
        opponents' profiles remaining in that round (positive for strict dominance; for weak
        dominance it may be 0 and ``gain``, the largest advantage, is positive).
    gain : float or Fraction
        The largest advantage against a remaining opponent profile.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> iterated_dominance(pd).options["eliminations"][0]
    <Elimination round 1: Player 1's C by D (margin 1)>
    """

    round: int
    player: str
    strategy: str
    dominator: tuple[tuple[str, Any], ...]
    margin: Any
    gain: Any

    @property
    def is_pure(self) -> bool:
        """Whether the dominator is a single pure strategy."""
        return len(self.dominator) == 1

    def describe(self) -> str:
        """One line: round, player, strategy, dominator and margin."""
        if self.is_pure:
            by = self.dominator[0][0]
        else:
            by = "(" + ", ".join(f"{s}={format_number(p)}" for s, p in self.dominator) + ")"
        return (
            f"round {self.round}: {self.player}'s {self.strategy} by {by} "
            f"(margin {format_number(self.margin)})"
        )

    def __repr__(self) -> str:
        return f"<Elimination {self.describe()}>"


def _lp_dominator(
    U: npt.NDArray[np.float64], s: int, others: list[int], weak: bool
) -> tuple[npt.NDArray[np.float64], float] | None:
    """LP for a dominating mixture over ``others`` of row ``s`` of ``U`` (rows x opponent cells).

    Strict: maximise the smallest margin. Weak: keep every margin >= 0 and maximise their sum.
    Returns the weights and the optimal objective, or ``None`` if infeasible.
    """
    from scipy.optimize import linprog

    D = U[others] - U[s]  # (k, cells): advantage of each other strategy, per opponent cell
    k, cells = D.shape
    if weak:
        res = linprog(
            -D.sum(axis=1),
            A_ub=-D.T,
            b_ub=np.zeros(cells),
            A_eq=np.ones((1, k)),
            b_eq=[1.0],
            bounds=(0, None),
            method="highs-ds",
        )
        if res.status != 0:
            return None
        return np.clip(res.x, 0.0, None), float(-res.fun)
    c = np.zeros(k + 1)
    c[-1] = -1.0
    res = linprog(
        c,
        A_ub=np.hstack([-D.T, np.ones((cells, 1))]),
        b_ub=np.zeros(cells),
        A_eq=np.concatenate([np.ones(k), [0.0]])[None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs-ds",
    )
    if res.status != 0:
        return None
    return np.clip(res.x[:k], 0.0, None), float(res.x[-1])


def _advantages(U: npt.NDArray[Any], s: int, others: list[int], weights: list[Any]) -> Any:
    """Per opponent cell, the mixture's payoff minus row ``s``'s (exact when ``U`` is)."""
    total = sum((w * U[t] for w, t in zip(weights, others, strict=True) if w), U[s] * 0)
    return total - U[s]


def _dominated(
    U: npt.NDArray[Any],
    Uf: npt.NDArray[np.float64],
    s: int,
    *,
    mixed: bool,
    weak: bool,
    exact: bool,
    tol: float,
    notes: list[str],
    label: str,
) -> tuple[list[int], list[Any], Any, Any] | None:
    """Whether row ``s`` is dominated; returns ``(strategies, weights, margin, gain)`` or None."""
    k = U.shape[0]
    others = [t for t in range(k) if t != s]
    if not others:
        return None
    thr: Any = 0 if exact else tol
    # Pure dominators first (exactly in exact mode); the best margin wins.
    best: tuple[Any, int] | None = None
    for t in others:
        diff = U[t] - U[s]
        lo, hi = diff.min(), diff.max()
        ok = (lo >= -thr and hi > thr) if weak else lo > thr
        if ok and (best is None or (lo, hi) > best[0]):
            best = ((lo, hi), t)
    if best is not None:
        (lo, hi), t = best
        return [t], [Fraction(1) if exact else 1.0], lo, hi
    if not mixed or len(others) < 2:
        return None
    # A mixture does no better in a cell than the best of its strategies there: if s is (within
    # the tolerance) a best reply in some cell, no mixture dominates it and the LP is skipped.
    best_gain = (Uf[others] - Uf[s]).max(axis=0)
    if best_gain.min() < -tol if weak else best_gain.min() <= tol:
        return None
    found = _lp_dominator(Uf, s, others, weak)
    if found is None:
        return None
    weights, objective = found
    if objective <= tol:
        return None
    if not exact:
        weights = np.where(weights > 1e-12, weights, 0.0)
        weights = weights / weights.sum()
        adv = _advantages(Uf, s, others, weights.tolist())
        lo, hi = float(adv.min()), float(adv.max())
        if (lo >= -tol and hi > tol) if weak else lo > tol:
            return others, weights.tolist(), lo, hi
        return None
    for cand in _rationalisations(weights):
        adv = _advantages(U, s, others, cand)
        lo, hi = adv.min(), adv.max()
        if (lo >= 0 and hi > 0) if weak else lo > 0:
            return others, cand, lo, hi
    msg = (
        f"iterated_dominance: {label} appears {'weakly ' if weak else ''}dominated by a mixture "
        f"(LP margin {objective:.3g}) but no rational rounding of it could be verified exactly; "
        f"the strategy was kept"
    )
    notes.append(msg)
    warnings.warn(msg, AllianceGameWarning, stacklevel=4)
    return None


def iterated_dominance(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
    tol: float | None = None,
) -> SolverResult:
    """Iteratively eliminate dominated strategies of every player of a numeric game.

    Each round tests every remaining strategy of every player against the opponents' remaining
    profiles, and removes at once all strategies found dominated; rounds repeat until none is.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    mixed : bool
        Also test domination by mixtures of the player's other remaining strategies (one linear
        programme per candidate); otherwise only by pure strategies.
    weak : bool
        Eliminate *weakly* dominated strategies. Order dependent: see the module notes and the
        result's warnings.
    exact : bool, optional
        Decide dominance in rational arithmetic (default: when the game's payoffs are exact).
        Dominating mixtures from the LP are used only after exact verification.
    tol : float, optional
        Float mode: a margin must exceed this to count (default: ``1e-9`` times the payoff
        scale). In exact mode it only screens the LP's answer before exact verification.

    Returns
    -------
    SolverResult
        Concept ``"dominance"``, method ``"iesds"``. ``reduced_game`` is the game of surviving
        strategies, ``eliminated`` lists ``(round, player, strategy)`` in order, and
        ``options["eliminations"]`` holds an :class:`Elimination` per removed strategy with its
        dominator. ``equilibria`` is empty unless a single profile survives; then it holds that
        profile, verified as a Nash equilibrium of the original game (for strict dominance the
        unique one, and ``complete`` is true).

    Examples
    --------
    The Prisoner's Dilemma is dominance solvable:

    >>> import alliancegame as ag
    >>> pd = ag.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                    players=["US", "Iran"],
    ...                                    strategies=[["C", "D"], ["C", "D"]])
    >>> r = iterated_dominance(pd)
    >>> r.eliminated
    ((1, 'US', 'C'), (1, 'Iran', 'C'))
    >>> r[0].describe()
    'US: D | Iran: D ; payoffs US=1, Iran=1'

    A strategy dominated only by a mixture (``B`` against ``(T + M) / 2``):

    >>> g = ag.NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]],
    ...                                   strategies=[["T", "M", "B"], ["L", "R"]])
    >>> iterated_dominance(g, mixed=False).eliminated
    ()
    >>> iterated_dominance(g).options["eliminations"][0]
    <Elimination round 1: Player 1's B by (T=1/2, M=1/2) (margin 1/2)>
    """
    game = _check_numeric(game, "iterated_dominance")
    use_exact = game.kind == "exact" if exact is None else bool(exact)
    farr = game.payoff_array()
    tolerance = default_tolerance(farr) if tol is None else float(tol)
    if tolerance < 0:
        raise GameError(f"iterated_dominance: tol must be nonnegative, got {tol}")
    arr = game.exact_payoff_array() if use_exact else farr
    n = game.n_players
    alive = [list(range(k)) for k in game.shape]
    notes: list[str] = [_ORDER_WARNING] if weak else []
    eliminated: list[tuple[int, str, str]] = []
    records: list[Elimination] = []
    rnd = 0
    while True:
        rnd += 1
        ix = np.ix_(*alive)
        removed: list[tuple[int, int]] = []
        for i in range(n):
            if len(alive[i]) < 2:
                continue
            U = _rows(arr, ix, i)
            Uf = U if not use_exact else _float(U)
            names = game.strategies[i]
            hits = []
            for s in range(U.shape[0]):
                label = f"{game.players[i]!r}'s {names[alive[i][s]]!r}"
                hit = _dominated(
                    U,
                    Uf,
                    s,
                    mixed=mixed,
                    weak=weak,
                    exact=use_exact,
                    tol=tolerance,
                    notes=notes,
                    label=label,
                )
                if hit is not None:
                    hits.append((s, hit))
            if len(hits) == len(alive[i]):
                # Only possible with weak dominance up to a float tolerance (near-ties in a
                # cycle); exact and strict dominance always leave an undominated strategy.
                notes.append(
                    f"iterated_dominance: every remaining strategy of {game.players[i]!r} "
                    f"looked weakly dominated within the tolerance in round {rnd}; none was "
                    f"removed"
                )
                continue
            for s, (rows, weights, lo, hi) in hits:
                dominator = tuple(
                    (names[alive[i][t]], w) for t, w in zip(rows, weights, strict=True) if w > 0
                )
                strategy = names[alive[i][s]]
                eliminated.append((rnd, game.players[i], strategy))
                records.append(
                    Elimination(
                        rnd,
                        game.players[i],
                        strategy,
                        dominator,
                        lo if use_exact else float(lo),
                        hi if use_exact else float(hi),
                    )
                )
                removed.append((i, alive[i][s]))
        if not removed:
            break
        for i, k in removed:
            alive[i].remove(k)
    stored = np.asarray(game.payoffs)
    reduced = NormalFormGame(
        np.stack([stored[i][np.ix_(*alive)] for i in range(n)]),
        game.players,
        [[game.strategies[i][k] for k in alive[i]] for i in range(n)],
        title=game.title,
    )
    equilibria: tuple[Any, ...] = ()
    if all(len(a) == 1 for a in alive):
        pure = [
            [1 if k == a[0] else 0 for k in range(size)]
            for a, size in zip(alive, game.shape, strict=True)
        ]
        equilibria = (
            make_profile(
                game,
                pure,
                exact=use_exact,
                tol=None if use_exact else tolerance,
                method="iterated_dominance",
            ),
        )
        if weak:
            notes.append(
                "weak dominance: the surviving profile is a Nash equilibrium, but other "
                "equilibria may have been eliminated"
            )
    return SolverResult(
        game=game,
        concept="dominance",
        method="iesds",
        exact=use_exact,
        equilibria=equilibria,
        max_regret=max((e.regret for e in equilibria), default=0),
        complete=bool(equilibria) and not weak,
        options={
            "mixed": mixed,
            "weak": weak,
            "tol": tolerance,
            "rounds": rnd - 1,
            "eliminations": tuple(records),
        },
        warnings=tuple(notes),
        reduced_game=reduced,
        eliminated=tuple(eliminated),
    )


def _rows(arr: npt.NDArray[Any], ix: tuple[npt.NDArray[Any], ...], i: int) -> npt.NDArray[Any]:
    """Player ``i``'s payoffs in the remaining game: its strategies by opponents' profiles."""
    u: npt.NDArray[Any] = np.moveaxis(np.asarray(arr[i][ix]), i, 0)
    return u.reshape(u.shape[0], -1)
