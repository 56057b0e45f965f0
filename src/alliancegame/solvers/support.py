"""All extreme Nash equilibria of a two-player game by support enumeration.

A mixed strategy :math:`x` of player 1 is a best response to :math:`y` exactly when every
strategy in its support earns the maximal payoff against :math:`y`. Support enumeration (Dickhaut
& Kaplan 1991; Porter, Nudelman & Shoham 2008) guesses supports and solves these indifference
conditions as linear equations. In a nondegenerate game both supports have the same size *k*, and
for each pair :math:`(I, J)` the equations :math:`\\sum_{i \\in I} x_i B_{ij} = v` for
:math:`j \\in J`, :math:`\\sum_{i \\in I} x_i = 1` determine :math:`x` (and likewise :math:`y`).

In a degenerate game an equilibrium strategy may have more best responses than its support has
strategies, and supports of different sizes occur, so the classical pairing of equal-size supports
can miss equilibria. This module therefore enumerates each player's *extreme* candidates
separately and pairs them afterwards (the decomposition behind von Stengel 2002, §3):

1. For player 1, every support :math:`I` and every set :math:`K` of |I| opponent strategies, solve
   :math:`\\sum_{i \\in I} B_{ij} w_i = 1` (:math:`j \\in K`) — with payoffs made positive,
   :math:`w = x / v`. Keep solutions with :math:`w_I > 0` under which no opponent strategy earns
   more than 1; record the support of :math:`x = w / \\sum w` and its best-response set
   :math:`\\mathrm{BR}(x) \\supseteq K` (the strategies earning exactly 1).
2. Do the same for player 2 with :math:`A`.
3. :math:`(x, y)` is an equilibrium iff :math:`\\mathrm{supp}(y) \\subseteq \\mathrm{BR}(x)` and
   :math:`\\mathrm{supp}(x) \\subseteq \\mathrm{BR}(y)`.

Each candidate is a vertex :math:`w` of the best-response polytope :math:`P` (its zero
coordinates outside :math:`I` and the |I| independent tight constraints :math:`K` pin it down),
and every vertex arises this way, so step 3 lists exactly the extreme equilibria — also in
degenerate games. Systems with a singular matrix determine no vertex and are skipped. The cost is
:math:`\\sum_k \\binom{m}{k}\\binom{n}{k} = \\binom{m+n}{m}` small solves per player: exponential,
like every method that finds *all* equilibria.

Exact mode solves the systems in integers by fraction-free Gaussian elimination (Bareiss 1968).
Float mode solves each batch of equal-size systems with one vectorised LAPACK call; it skips
numerically singular systems and, when a candidate has more best responses than support
strategies within the tolerance, reports the game as degenerate (``complete=False`` and a
:class:`~alliancegame.DegenerateGameWarning`).

References
----------
Dickhaut, J., & Kaplan, T. (1991). A program for finding Nash equilibria. *The Mathematica
Journal* 1(4), 87–93.

Porter, R., Nudelman, E., & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642–662.

von Stengel, B. (2002). Computing equilibria for two-person games. In R. J. Aumann & S. Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 45, 1723–1759. North-Holland.

Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
elimination. *Mathematics of Computation* 22(103), 565–578.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import numpy.typing as npt

from ..games.normal import NormalFormGame
from .mixed import (
    Candidate,
    FloatArray,
    bimatrix_game,
    build_result,
    component_note,
    degenerate_message,
    float_tolerance,
    positive_float_matrices,
    positive_integer_matrices,
    use_exact,
    warn,
)
from .result import SolverResult

__all__ = ["solve_integer_system", "support_enumeration"]

BoolArray = npt.NDArray[np.bool_]
#: One player's extreme candidate: (probabilities, support mask, best-response mask).
ExactCandidate = tuple[tuple[Fraction, ...], int, int]


# ---------------------------------------------------------------------------- exact
def solve_integer_system(rows: list[list[int]]) -> tuple[int, list[int]] | None:
    """Solve a square integer system exactly, without fractions.

    Parameters
    ----------
    rows : list of list of int
        The augmented matrix ``[M | b]`` of shape ``s x (s + 1)``.

    Returns
    -------
    (int, list of int) or None
        ``(D, N)`` with ``D > 0`` and the solution ``x = N / D``; ``None`` if ``M`` is singular.

    Examples
    --------
    >>> solve_integer_system([[2, 1, 3], [1, 3, 5]])  # 2x + y = 3, x + 3y = 5
    (5, [4, 7])
    >>> solve_integer_system([[1, 2, 1], [2, 4, 2]]) is None
    True
    """
    s = len(rows)
    a = [list(r) for r in rows]
    prev = 1
    for k in range(s):
        if a[k][k] == 0:
            for i in range(k + 1, s):
                if a[i][k] != 0:
                    a[k], a[i] = a[i], a[k]
                    break
            else:
                return None
        akk = a[k][k]
        rk = a[k]
        for i in range(k + 1, s):
            ri = a[i]
            aik = ri[k]
            for j in range(k + 1, s + 1):
                ri[j] = (ri[j] * akk - aik * rk[j]) // prev
            ri[k] = 0
        prev = akk
    D = a[s - 1][s - 1]
    N = [0] * s
    for i in range(s - 1, -1, -1):
        acc = a[i][s] * D
        for j in range(i + 1, s):
            acc -= a[i][j] * N[j]
        N[i] = acc // a[i][i]
    if D < 0:
        D, N = -D, [-v for v in N]
    return D, N


def _exact_candidates(M: list[list[int]]) -> list[ExactCandidate]:
    """Extreme strategies of the player whose own strategies are the rows of ``M`` (positive)."""
    d, k = len(M), len(M[0])
    cols = [[M[i][j] for i in range(d)] for j in range(k)]
    found: dict[tuple[int, int], tuple[Fraction, ...]] = {}
    for s in range(1, min(d, k) + 1):
        for I in combinations(range(d), s):
            supp = sum(1 << i for i in I)
            sub = [[c[i] for i in I] for c in cols]  # each opponent strategy's column on I
            for K in combinations(range(k), s):
                sol = solve_integer_system([[*sub[j], 1] for j in K])
                if sol is None:
                    continue
                D, N = sol
                if any(v <= 0 for v in N):
                    continue
                br = 0
                for j in range(k):
                    val = sum(a * b for a, b in zip(sub[j], N, strict=True))
                    if val > D:
                        break
                    if val == D:
                        br |= 1 << j
                else:
                    if (supp, br) not in found:
                        total = sum(N)
                        z = [Fraction(0)] * d
                        for i, v in zip(I, N, strict=True):
                            z[i] = Fraction(v, total)
                        found[(supp, br)] = tuple(z)
    return [(z, supp, br) for (supp, br), z in found.items()]


def _pair_exact(xs: list[ExactCandidate], ys: list[ExactCandidate]) -> list[Candidate]:
    degenerate = any(br.bit_count() > supp.bit_count() for _, supp, br in [*xs, *ys])
    if degenerate:
        pairs = [
            (a, b)
            for a, (_, sx, bx) in enumerate(xs)
            for b, (_, sy, by) in enumerate(ys)
            if sy & ~bx == 0 and sx & ~by == 0
        ]
    else:
        lookup = {(by, sy): b for b, (_, sy, by) in enumerate(ys)}
        pairs = [(a, lookup[(sx, bx)]) for a, (_, sx, bx) in enumerate(xs) if (sx, bx) in lookup]
    return [(xs[a][0], ys[b][0], a, b) for a, b in pairs]


# ---------------------------------------------------------------------------- float
def _float_candidates(M: FloatArray, tol: float) -> tuple[FloatArray, BoolArray, BoolArray]:
    """Extreme strategies (rows), their supports and best-response sets, for the row player of
    ``M`` (``d x k``, positive), solving each batch of equal-size systems at once."""
    d, k = M.shape
    zs: list[FloatArray] = []
    supps: list[BoolArray] = []
    brs: list[BoolArray] = []
    for s in range(1, min(d, k) + 1):
        Is = np.array(list(combinations(range(d), s)), dtype=np.intp)
        Ks = np.array(list(combinations(range(k), s)), dtype=np.intp)
        chunk = max(1, (1 << 20) // max(1, len(Ks) * s * s))
        for start in range(0, len(Is), chunk):
            I = Is[start : start + chunk]
            # mats[a, b, r, c] = M[I[a, c], K[b, r]]: row r is opponent strategy K[b, r]
            mats = M[I[:, None, None, :], Ks[None, :, :, None]].reshape(-1, s, s)
            scale = np.prod(np.linalg.norm(mats, axis=2), axis=1)
            ok = np.abs(np.linalg.det(mats)) > 1e-11 * scale
            idx = np.flatnonzero(ok)
            if not len(idx):
                continue
            w = np.linalg.solve(mats[idx], np.ones((len(idx), s, 1)))[:, :, 0]
            pos = np.all(w > tol, axis=1)
            idx, w = idx[pos], w[pos]
            rows = I[idx // len(Ks)]  # (n, s) the support of each solution
            vals = np.einsum("ns,nsk->nk", w, M[rows])  # payoff of each opponent strategy
            feasible = np.all(vals <= 1.0 + tol, axis=1)
            rows, w, vals = rows[feasible], w[feasible], vals[feasible]
            z = np.zeros((len(w), d))
            np.put_along_axis(z, rows, w / w.sum(axis=1, keepdims=True), axis=1)
            zs.append(z)
            supps.append(z > 0)
            brs.append(vals >= 1.0 - tol)
    if not zs:
        return np.zeros((0, d)), np.zeros((0, d), dtype=bool), np.zeros((0, k), dtype=bool)
    z, supp, br = np.concatenate(zs), np.concatenate(supps), np.concatenate(brs)
    key = np.concatenate([np.packbits(supp, axis=1), np.packbits(br, axis=1)], axis=1)
    _, first = np.unique(key, axis=0, return_index=True)
    first.sort()
    return z[first], supp[first], br[first]


def _pair_float(
    X: tuple[FloatArray, BoolArray, BoolArray], Y: tuple[FloatArray, BoolArray, BoolArray]
) -> tuple[list[Candidate], bool]:
    zx, sx, bx = X
    zy, sy, by = Y
    degenerate = bool(
        np.any(bx.sum(axis=1) > sx.sum(axis=1)) or np.any(by.sum(axis=1) > sy.sum(axis=1))
    )
    # (x, y) is an equilibrium iff no strategy of y lies outside BR(x) and vice versa
    bad = (~bx).astype(np.float64) @ sy.T.astype(np.float64)
    bad += ((~by).astype(np.float64) @ sx.T.astype(np.float64)).T
    pa, pb = np.nonzero(bad == 0)
    return [(zx[a], zy[b], a, b) for a, b in zip(pa.tolist(), pb.tolist(), strict=True)], degenerate


# ---------------------------------------------------------------------------- the solver
def support_enumeration(
    game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """All extreme Nash equilibria of a two-player game, by support enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    exact : bool, optional
        Rational arithmetic (complete on every game, degenerate ones included). Default: exact
        when the game's payoffs are exact numbers, float otherwise.
    tol : float, optional
        Float mode: tolerance on regrets in payoff units (default: ``1e-9`` times the payoff
        scale); positivity and best-response tests use it relative to each player's payoff range.

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"support"``, with ``components`` (maximal cliques of extreme
        equilibria). In float mode a degenerate-looking game gives ``complete=False``, a note in
        ``warnings`` and a :class:`DegenerateGameWarning`.

    Examples
    --------
    Chicken with R=0, S=-1, T=1, P=-10: besides the two pure equilibria, each side plays D with
    probability 1/10.

    >>> import alliancegame as ag
    >>> chicken = ag.NormalFormGame.from_arrays(
    ...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]], strategies=[["C", "D"], ["C", "D"]])
    >>> res = support_enumeration(chicken)
    >>> [eq["Player 1"]["D"] for eq in res]
    [Fraction(0, 1), Fraction(1, 10), Fraction(1, 1)]
    >>> support_enumeration(chicken, exact=False)[1]["Player 2"]["D"]  # doctest: +ELLIPSIS
    0.1...
    """
    game = bimatrix_game(game, "support_enumeration")
    exact_mode = use_exact(game, exact)
    if exact_mode:
        Ai, Bi = positive_integer_matrices(game)
        xs = _exact_candidates(Bi)
        ys = _exact_candidates([list(col) for col in zip(*Ai, strict=True)])
        result = build_result(
            game,
            method="support",
            where="support_enumeration",
            exact=True,
            candidates=_pair_exact(xs, ys),
            tol=None,
            complete=True,
            options={"exact": True},
            dedupe=False,
        )
        note = component_note(result.components)
        if note:
            from dataclasses import replace

            result = replace(result, warnings=(*result.warnings, *note))
        return result
    tolerance = float_tolerance(game, tol, "support_enumeration")
    A, B, ra, rb = positive_float_matrices(game)
    tol_x = tolerance / rb if rb else 1e-9
    tol_y = tolerance / ra if ra else 1e-9
    candidates, degenerate = _pair_float(
        _float_candidates(B, tol_x), _float_candidates(np.ascontiguousarray(A.T), tol_y)
    )
    notes = [degenerate_message("support_enumeration")] if degenerate else []
    result = build_result(
        game,
        method="support",
        where="support_enumeration",
        exact=False,
        candidates=candidates,
        tol=tolerance,
        complete=not degenerate,
        notes=notes,
        options={"exact": False, "tol": tolerance},
        drop_unverified=True,
        dedupe=False,
    )
    if not result.complete:
        warn(result.warnings[0] if degenerate else result.warnings[-1])
    return result
