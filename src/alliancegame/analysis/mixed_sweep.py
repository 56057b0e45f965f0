"""All extreme Nash equilibria of a two-player game at every point of a parameter batch.

A parameterised bimatrix game evaluated at :math:`B` points is a stack of payoff matrices
:math:`A^{(b)}, B^{(b)}` (:math:`m \\times n`). :func:`nash_batch` finds the extreme Nash
equilibria of all of them with array operations over the batch axis, and falls back to exact
arithmetic exactly where floating point cannot be trusted.

Support enumeration over a batch
--------------------------------
A profile :math:`(x, y)` is an equilibrium iff every strategy in the support of :math:`x` is a
best response to :math:`y` and vice versa (Nash 1951). In a *nondegenerate* game — no mixed
strategy with support size *k* has more than *k* pure best responses — both supports of an
equilibrium have the same size *k*, and for each pair :math:`(I, J)` of *k*-sets the equations

.. math::

    \\sum_{j \\in J} y_j (A_{ij} - A_{i_0 j}) = 0 \\;\\; (i \\in I \\setminus \\{i_0\\}), \\qquad
    \\sum_{j \\in J} y_j = 1

determine :math:`y` (player 1 is indifferent on *I*), and likewise :math:`x` (Dickhaut & Kaplan
1991; Porter, Nudelman & Shoham 2008). The solution is a vector of cofactors divided by the
determinant: for :math:`k = 2` it is :math:`(-d_2, d_1)/(d_1 - d_2)` for the one difference row
:math:`d`, for :math:`k = 3` the cross product of the two difference rows over the sum of its
entries. These closed forms are evaluated for all points and all support pairs of one size at
once — no loop over points; larger supports use one stacked ``numpy.linalg.solve``. A pair is an
equilibrium at a point when both vectors are positive and no strategy outside a support earns
more than the strategies inside it. Each player's payoffs are first mapped affinely onto
:math:`[0, 1]` at each point (which changes no equilibrium), so tolerances are relative.

Degenerate points
-----------------
Equal-size supports are complete only for nondegenerate games, and a game is degenerate exactly
when a vertex of a best-response polytope has too many labels (von Stengel 2002, §3). Every such
vertex appears in the enumeration above: a feasible candidate with a zero probability inside its
support, or with a strategy outside the support tied (within the tolerance) with those inside.
Such points, points whose equilibria number is even (a nondegenerate game has an odd number,
Shapley 1974), and points where any equilibrium fails verification are *re-solved one by one*
with exact vertex enumeration (:func:`~alliancegame.vertex_enumeration`, ``exact=True``), which is
complete on degenerate games. Systems whose matrix is singular are skipped: a singular pair
determines no vertex, and any degeneracy it hides shows up at a vertex found by another pair.
So every point's answer is the set of extreme equilibria that pygambit's ``enummixed_solve``
returns, and each float equilibrium has passed a vectorised regret check (at most ``1e-9`` times
the payoff scale, as :func:`~alliancegame.solve` requires) before it is returned.

The exact games are the payoff expressions evaluated in rational arithmetic at the parameter
values (a float such as ``0.1`` read as the decimal it prints as, ``1/10``); payoffs that are not
rational (``exp``, ``log``, ...) and plain float arrays are read the same way, as Gambit reads
floats.

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286–295.

Dickhaut, J., & Kaplan, T. (1991). A program for finding Nash equilibria. *The Mathematica
Journal* 1(4), 87–93.

Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical Programming Study* 1,
175–189.

von Stengel, B. (2002). Computing equilibria for two-person games. In R. J. Aumann & S. Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 45, 1723–1759. North-Holland.

Porter, R., Nudelman, E., & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642–662.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from ..core.arrays import check_allocation
from ..core.errors import ExpressionError, GameError
from ..core.expr import to_fraction
from ..games.normal import NormalFormGame
from ..solvers.result import SolverResult, StrategyProfile

__all__ = ["BatchNashResult", "nash_batch"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

_SINGULAR = 1e-11
"""A system counts as singular when ``|det|`` is below this times Hadamard's bound."""

_BLOCK = 1 << 21
"""Roughly how many floats one block of support pairs may hold (16 MiB)."""


# ---------------------------------------------------------------------------------------------
# The batched enumeration
# ---------------------------------------------------------------------------------------------


@cache
def _combos(size: int, k: int) -> npt.NDArray[np.intp]:
    return np.array(list(combinations(range(size), k)), dtype=np.intp).reshape(-1, k)


@cache
def _members(size: int, k: int) -> BoolArray:
    """``out[a, s]``: whether strategy ``s`` belongs to the ``a``-th ``k``-set."""
    sets = _combos(size, k)
    out = np.zeros((len(sets), size), dtype=bool)
    np.put_along_axis(out, sets, True, axis=1)
    return out


def _cofactors(D: FloatArray, k: int) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Solve ``[D; 1ᵀ] z = e_k`` for stacked difference rows ``D`` of shape ``(..., k-1, k, P)``.

    The batch axis is last, so every operation runs over contiguous points. Returns ``N``
    (``(..., k, P)``, proportional to the solution, ``N.sum(-2) == det``), ``det`` and the mask
    of systems that are not (numerically) singular.
    """
    lead = D.shape[:-3] + D.shape[-1:]
    if k == 1:
        return np.ones((*lead[:-1], 1, lead[-1])), np.ones(lead), np.ones(lead, dtype=bool)
    if k == 2:
        p, q = D[..., 0, 0, :], D[..., 0, 1, :]
        N = np.stack([-q, p], axis=-2)
        bound = np.hypot(p, q) * math.sqrt(2.0)
    elif k == 3:
        a0, a1, a2 = D[..., 0, 0, :], D[..., 0, 1, :], D[..., 0, 2, :]
        b0, b1, b2 = D[..., 1, 0, :], D[..., 1, 1, :], D[..., 1, 2, :]
        N = np.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-2)
        bound = (
            np.sqrt(a0 * a0 + a1 * a1 + a2 * a2)
            * np.sqrt(b0 * b0 + b1 * b1 + b2 * b2)
            * math.sqrt(3.0)
        )
    else:
        Dm = np.moveaxis(D, -1, -3)  # (..., P, k-1, k)
        M = np.concatenate([Dm, np.ones((*Dm.shape[:-2], 1, k))], axis=-2)
        det = np.linalg.det(M)
        bound = np.prod(np.linalg.norm(M, axis=-1), axis=-1)
        ok = np.abs(det) > _SINGULAR * bound
        safe = np.where(ok[..., None, None], M, np.eye(k))
        rhs = np.zeros((*M.shape[:-1], 1))
        rhs[..., -1, 0] = 1.0
        sol = np.linalg.solve(safe, rhs)[..., 0] * np.where(ok, det, 0.0)[..., None]
        return np.moveaxis(sol, -2, -1), det, ok
    det = N.sum(axis=-2)
    return N, det, np.abs(det) > _SINGULAR * bound


def _mixes(
    U: FloatArray, own: npt.NDArray[np.intp], opp: npt.NDArray[np.intp], tol: FloatArray
) -> tuple[FloatArray, BoolArray, BoolArray]:
    """The opponent mixes that make a player indifferent on each of its support sets.

    ``U`` (``(r, c, P)``, points last) holds one player's payoffs, its own strategies as rows.
    For every own *k*-set ``S`` (rows of ``own``) and opponent *k*-set ``T`` (rows of ``opp``):
    the opponent's mix ``z`` on ``T`` under which the rows in ``S`` tie. Returns ``z``
    (``(nS, nT, k, P)``), ``clean`` (``z`` positive and the rows in ``S`` strictly best: a
    nondegenerate candidate) and ``touch`` (feasible, but a probability is zero or an outside row
    ties: a sign of degeneracy), both ``(nS, nT, P)``.
    """
    r = U.shape[0]
    k = own.shape[1]
    sub = U[own[:, None, :, None], opp[None, :, None, :]]  # (nS, nT, k, k, P)
    N, det, ok = _cofactors(sub[:, :, 1:] - sub[:, :, :1], k)
    z = N / np.where(ok, det, 1.0)[:, :, None]
    value = (sub[:, :, 0] * z).sum(axis=2)  # (nS, nT, P): the payoff of the rows in S
    outside_rows = [np.flatnonzero(~row) for row in _members(r, k)]
    if r > k:
        # the payoff of each row outside S against z: (nS, nT, r - k, P)
        others = np.stack([U[rows] for rows in outside_rows])  # (nS, r - k, c, P)
        best = np.full(value.shape, -np.inf)
        for t in range(opp.shape[0]):
            cols = others[:, :, opp[t]]  # (nS, r - k, k, P)
            pay = (cols * z[:, t, None]).sum(axis=2)  # (nS, r - k, P)
            best[:, t] = pay.max(axis=1)
    else:
        best = np.full(value.shape, -np.inf)
    feasible = ok & ~(z < -tol).any(axis=2) & ~(best > value + tol)
    touching = (z <= tol).any(axis=2) | (best >= value - tol)
    return z, feasible & ~touching, feasible & touching


@dataclass(frozen=True, slots=True)
class _Found:
    """Equilibria of the nondegenerate-looking points, and the points to re-solve exactly."""

    point: IntArray
    x: FloatArray
    y: FloatArray
    flagged: BoolArray


def _enumerate(pay: FloatArray, rel: FloatArray) -> _Found:
    """Equal-size support enumeration over a batch ``pay`` of shape ``(P, 2, m, n)``.

    ``rel`` (``(P, 2)``) holds each player's tolerance relative to its payoff range.
    """
    P, _, m, n = pay.shape
    lo = pay.min(axis=(2, 3))
    span = pay.max(axis=(2, 3)) - lo
    norm = (pay - lo[:, :, None, None]) / np.where(span > 0, span, 1.0)[:, :, None, None]
    An = np.ascontiguousarray(norm[:, 0].transpose(1, 2, 0))  # (m, n, P)
    Bn = np.ascontiguousarray(norm[:, 1].transpose(2, 1, 0))  # (n, m, P): player 2's rows
    # a player indifferent everywhere (and with a choice to make) makes the game degenerate
    flagged = ((span[:, 0] == 0) & (m > 1)) | ((span[:, 1] == 0) & (n > 1))
    points: list[IntArray] = []
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    for k in range(1, min(m, n) + 1):
        Is, Js = _combos(m, k), _combos(n, k)
        per_point = len(Is) * len(Js) * (max(m, n) + 2 * k * k)
        step = max(1, _BLOCK // per_point)
        for start in range(0, P, step):
            sl = slice(start, min(P, start + step))
            y, clean_y, touch_y = _mixes(An[..., sl], Is, Js, rel[sl, 0])
            x, clean_x, touch_x = _mixes(Bn[..., sl], Js, Is, rel[sl, 1])
            clean = clean_y & clean_x.transpose(1, 0, 2)
            touch = touch_y | touch_x.transpose(1, 0, 2)
            flagged[sl] |= touch.any(axis=(0, 1))
            i, j, p = np.nonzero(clean)
            if not len(p):
                continue
            xf = np.zeros((len(p), m))
            np.put_along_axis(xf, Is[i], x[j, i, :, p], axis=1)
            yf = np.zeros((len(p), n))
            np.put_along_axis(yf, Js[j], y[i, j, :, p], axis=1)
            points.append(p.astype(np.int64) + start)
            xs.append(xf)
            ys.append(yf)
    if points:
        point, x_all, y_all = np.concatenate(points), np.concatenate(xs), np.concatenate(ys)
    else:
        point, x_all, y_all = np.zeros(0, dtype=np.int64), np.zeros((0, m)), np.zeros((0, n))
    counts = np.bincount(point, minlength=P)
    flagged |= counts % 2 == 0  # a nondegenerate game has an odd number of equilibria
    return _Found(point, x_all, y_all, flagged)


def _verify(
    pay: FloatArray, point: IntArray, x: FloatArray, y: FloatArray, tol: FloatArray
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Payoffs ``(E, 2)`` and regrets ``(E,)`` of each profile, and whether it is verified."""
    A, B = pay[point, 0], pay[point, 1]
    Ay = np.einsum("emn,en->em", A, y)
    xB = np.einsum("em,emn->en", x, B)
    v1 = np.einsum("em,em->e", x, Ay)
    v2 = np.einsum("en,en->e", xB, y)
    regret = np.maximum(Ay.max(axis=1) - v1, xB.max(axis=1) - v2)
    t = tol[point]
    simplex = (
        (x.min(axis=1) >= -t)
        & (y.min(axis=1) >= -t)
        & (np.abs(x.sum(axis=1) - 1) <= np.maximum(t, 1e-9))
        & (np.abs(y.sum(axis=1) - 1) <= np.maximum(t, 1e-9))
    )
    ok = simplex & (regret <= t)
    return np.stack([v1, v2], axis=1), np.maximum(regret, 0.0), ok


# ---------------------------------------------------------------------------------------------
# Exact games for the points that need them
# ---------------------------------------------------------------------------------------------


class _NotRationalError(Exception):
    """An expression (or value) that rational arithmetic cannot evaluate."""


Program = Callable[[Mapping[str, Fraction]], Any]


def _constant(value: Any) -> Program:
    def run(v: Mapping[str, Fraction]) -> Any:
        return value

    return run


def _symbol(name: str) -> Program:
    def run(v: Mapping[str, Fraction]) -> Any:
        return v[name]

    return run


def _power(base: Program, exponent: int) -> Program:
    def run(v: Mapping[str, Fraction]) -> Any:
        b = base(v)
        if b == 0 and exponent < 0:
            raise _NotRationalError("division by zero")
        return b**exponent

    return run


def _piecewise(pairs: list[tuple[Program, Program]]) -> Program:
    def run(v: Mapping[str, Fraction]) -> Any:
        for value, cond in pairs:
            if cond(v):
                return value(v)
        raise _NotRationalError("no branch of a piecewise expression applies")

    return run


def _apply(fn: Callable[[list[Any]], Any], parts: list[Program]) -> Program:
    def run(v: Mapping[str, Fraction]) -> Any:
        return fn([p(v) for p in parts])

    return run


def _sum(values: list[Any]) -> Any:
    out = values[0]
    for x in values[1:]:
        out = out + x
    return out


def _product(values: list[Any]) -> Any:
    out = values[0]
    for x in values[1:]:
        out = out * x
    return out


_FUNCTIONS: dict[type, Callable[[list[Any]], Any]] = {
    sympy.Add: _sum,
    sympy.Mul: _product,
    sympy.Abs: lambda xs: abs(xs[0]),
    sympy.Min: min,
    sympy.Max: max,
    sympy.And: all,
    sympy.Or: any,
    sympy.Not: lambda xs: not xs[0],
    sympy.StrictLessThan: lambda xs: bool(xs[0] < xs[1]),
    sympy.LessThan: lambda xs: bool(xs[0] <= xs[1]),
    sympy.StrictGreaterThan: lambda xs: bool(xs[0] > xs[1]),
    sympy.GreaterThan: lambda xs: bool(xs[0] >= xs[1]),
    sympy.Equality: lambda xs: bool(xs[0] == xs[1]),
    sympy.Unequality: lambda xs: bool(xs[0] != xs[1]),
}


def _rational_program(node: sympy.Basic, memo: dict[sympy.Basic, Program]) -> Program:
    """Compile a payoff expression to a function of exact parameter values (Fractions).

    Handles what the expression parser builds from rational operations (sums, products, integer
    powers, ``Abs``, ``Min``, ``Max``, comparisons and ``Piecewise``); anything else raises
    :class:`_NotRationalError`, and the caller falls back to the float payoffs.
    """
    if node in memo:
        return memo[node]
    prog: Program
    if isinstance(node, sympy.Symbol):
        prog = _symbol(node.name)
    elif isinstance(node, sympy.Rational):
        prog = _constant(Fraction(int(node.p), int(node.q)))
    elif node is sympy.true or node is sympy.false:
        prog = _constant(bool(node))
    elif isinstance(node, sympy.Piecewise):
        prog = _piecewise(
            [(_rational_program(a, memo), _rational_program(c, memo)) for a, c in node.args]
        )
    elif isinstance(node, sympy.Pow):
        base, exponent = node.args
        if not isinstance(exponent, sympy.Integer):
            raise _NotRationalError(f"non-integer power in {node}")
        prog = _power(_rational_program(base, memo), int(exponent))
    elif type(node) in _FUNCTIONS:
        prog = _apply(_FUNCTIONS[type(node)], [_rational_program(a, memo) for a in node.args])
    else:
        raise _NotRationalError(f"cannot evaluate {type(node).__name__} exactly")
    memo[node] = prog
    return prog


def _fractions(values: FloatArray) -> npt.NDArray[Any]:
    """Floats read as the decimals they print as (as Gambit reads them)."""
    out = np.empty(values.shape, dtype=object)
    for idx, v in np.ndenumerate(values):
        out[idx] = to_fraction(float(v))
    return out


@dataclass(frozen=True, slots=True)
class _Source:
    """Where the payoffs come from, so that a point can be rebuilt as an exact game."""

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    exact_of: Callable[[int], npt.NDArray[Any] | None]


def _exact_game(source: _Source, pay: FloatArray, flat: int) -> NormalFormGame:
    exact = source.exact_of(flat)
    if exact is None:
        exact = _fractions(pay)
    return NormalFormGame(exact, source.players, source.strategies)


def _parameterised_source(
    game: NormalFormGame, resolved: Mapping[str, Any], shape: tuple[int, ...]
) -> Callable[[int], npt.NDArray[Any] | None]:
    """The exact payoffs at one point (flat index), or ``None`` if they are not rational.

    The exact evaluator is compiled on the first call only: most batches need none.
    """
    cells = list(game.payoffs.flat)
    scalars: dict[str, Fraction] = {}
    arrays: dict[str, FloatArray] = {}
    for name, v in resolved.items():
        if np.ndim(v) == 0:
            try:
                scalars[name] = to_fraction(v.item() if isinstance(v, np.ndarray) else v)
            except ExpressionError:
                return lambda flat: None
        else:
            arrays[name] = np.broadcast_to(np.asarray(v, dtype=float), shape).reshape(-1)
    compiled: list[Callable[[Mapping[str, Fraction]], list[Any]] | None] = []

    def evaluator() -> Callable[[Mapping[str, Fraction]], list[Any]] | None:
        if not compiled:
            fn = _polynomial_cells(cells, list(resolved))
            if fn is None:
                memo: dict[sympy.Basic, Program] = {}
                try:
                    fn = _programs([_rational_program(c, memo) for c in cells])
                except _NotRationalError:
                    fn = None
            compiled.append(fn)
        return compiled[0]

    def exact_of(flat: int) -> npt.NDArray[Any] | None:
        fn = evaluator()
        if fn is None:
            return None
        point = dict(scalars)
        for name, arr in arrays.items():
            point[name] = to_fraction(float(arr[flat]))
        try:
            values = fn(point)
        except (_NotRationalError, ZeroDivisionError):
            return None
        if not all(isinstance(v, Fraction) for v in values):
            return None
        return np.array(values, dtype=object).reshape(game.payoffs.shape)

    return exact_of


def _programs(programs: list[Program]) -> Callable[[Mapping[str, Fraction]], list[Any]]:
    def run(point: Mapping[str, Fraction]) -> list[Any]:
        return [p(point) for p in programs]

    return run


def _polynomial_cells(
    cells: Sequence[sympy.Basic], names: Sequence[str]
) -> Callable[[Mapping[str, Fraction]], list[Fraction]] | None:
    """A fast exact evaluator when every payoff is a polynomial with rational coefficients.

    With parameter values :math:`x_i = a_i / b_i`, a polynomial of degree at most :math:`d_i` in
    each :math:`x_i` times :math:`L \\prod_i b_i^{d_i}` (``L`` the common denominator of the
    coefficients) is an integer; so each payoff costs integer products and a single division.
    Returns ``None`` if some payoff is not such a polynomial.
    """
    symbols = [sympy.Symbol(n, real=True) for n in names]
    terms: list[list[tuple[tuple[int, ...], Fraction]]] = []
    for cell in cells:
        if not isinstance(cell, sympy.Expr) or not cell.is_polynomial(*symbols):
            return None
        if not symbols:
            return None
        poly = sympy.Poly(cell, *symbols)
        cell_terms = []
        for monom, coeff in poly.as_dict().items():
            if not isinstance(coeff, sympy.Rational):
                return None
            cell_terms.append((tuple(int(e) for e in monom), Fraction(int(coeff.p), int(coeff.q))))
        terms.append(cell_terms)
    degree = [max((m[i] for t in terms for m, _ in t), default=0) for i in range(len(names))]
    L = math.lcm(*(c.denominator for t in terms for _, c in t))
    int_terms = [[(m, int(c * L)) for m, c in t] for t in terms]

    def evaluate(point: Mapping[str, Fraction]) -> list[Fraction]:
        num_pow = []
        den_pow = []
        den = L
        for name, d in zip(names, degree, strict=True):
            v = point[name]
            num_pow.append([v.numerator**e for e in range(d + 1)])
            den_pow.append([v.denominator ** (d - e) for e in range(d + 1)])
            den *= v.denominator**d
        out = []
        for t in int_terms:
            total = 0
            for monom, c in t:
                for i, e in enumerate(monom):
                    c *= num_pow[i][e] * den_pow[i][e]
                total += c
            out.append(Fraction(total, den))
        return out

    return evaluate


# ---------------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------------


def _round9(values: FloatArray) -> FloatArray:
    """``round(v, 9)`` elementwise, equal to Python's (correctly rounded) ``round``."""
    out: FloatArray = np.round(values, 9) + 0.0
    scaled = values * 1e9
    frac = scaled - np.floor(scaled)
    near = np.abs(frac - 0.5) < 1e-5  # where numpy's scaling may round the other way
    if near.any():
        idx = np.nonzero(near)
        out[idx] = [round(float(v), 9) for v in values[idx]]
    return out


@dataclass(frozen=True, slots=True, eq=False)
class BatchNashResult:
    """The extreme Nash equilibria of a batch of two-player games.

    The equilibria of all points are stored flat, point by point (within a point in the order
    :func:`~alliancegame.solve` lists them: first player's probabilities first, larger first).

    Attributes
    ----------
    players : tuple of str
        The two player names.
    strategies : tuple of tuple of str
        Strategy names per player.
    batch_shape : tuple of int
        The shape of the batch of points.
    counts : ndarray of int
        Number of extreme equilibria at each point, shape ``batch_shape``.
    point : ndarray of int
        For each equilibrium, the flat index of its point.
    x, y : ndarray of float
        Each equilibrium's strategies of the first and second player, shapes ``(E, m)``,
        ``(E, n)``.
    values : ndarray of float
        Each equilibrium's expected payoffs, shape ``(E, 2)``.
    regret : ndarray of float
        Each equilibrium's largest regret (verified to be within the tolerance).
    exact : ndarray of bool
        The points that looked degenerate and were re-solved exactly, shape ``batch_shape``.
    exact_results : dict of int to SolverResult
        The exact results at those points, by flat index.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    batch_shape: tuple[int, ...]
    counts: IntArray
    point: IntArray
    x: FloatArray
    y: FloatArray
    values: FloatArray
    regret: FloatArray
    exact: BoolArray
    exact_results: dict[int, SolverResult] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of points."""
        return int(self.counts.size)

    @property
    def n_equilibria(self) -> IntArray:
        """Number of extreme equilibria at each point (same as ``counts``)."""
        return self.counts

    def _flat(self, index: int | tuple[int, ...]) -> int:
        if isinstance(index, tuple):
            if len(index) != len(self.batch_shape):
                raise GameError(
                    f"BatchNashResult: index {index} does not match batch shape {self.batch_shape}"
                )
            try:
                return int(np.ravel_multi_index(index, self.batch_shape))
            except ValueError:
                raise GameError(
                    f"BatchNashResult: index {index} is outside batch shape {self.batch_shape}"
                ) from None
        if not (isinstance(index, int | np.integer) and -self.size <= index < self.size):
            raise GameError(f"BatchNashResult: flat index {index!r} is outside 0..{self.size - 1}")
        return int(index) % self.size

    def equilibria(self, index: int | tuple[int, ...]) -> tuple[StrategyProfile, ...]:
        """The equilibria at one point (a flat index or a tuple of batch indices), by name.

        Points re-solved exactly give exact profiles (fractions); the others float profiles.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       strategies=[["C", "D"]] * 2, parameters={"P": 10})
        >>> res = nash_batch(g, P=[10.0, 4.0])
        >>> [e.describe() for e in res.equilibria(1)][1]
        'Player 1: C=0.75, D=0.25 | Player 2: C=0.75, D=0.25 ; payoffs Player 1=-0.25, ...'
        """
        flat = self._flat(index)
        if flat in self.exact_results:
            return self.exact_results[flat].equilibria
        lo, hi = np.searchsorted(self.point, [flat, flat + 1])
        return tuple(
            StrategyProfile(
                self.players,
                self.strategies,
                (tuple(self.x[e].tolist()), tuple(self.y[e].tolist())),
                tuple(self.values[e].tolist()),
                float(self.regret[e]),
                False,
            )
            for e in range(int(lo), int(hi))
        )

    def unique_payoffs(self) -> FloatArray:
        """Equilibrium payoffs where the point has exactly one equilibrium, NaN elsewhere.

        Shape ``(*batch_shape, 2)``.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       parameters={"P": 10})
        >>> nash_batch(g, P=[-1.0, 10.0]).unique_payoffs().tolist()
        [[1.0, 1.0], [nan, nan]]
        """
        out = np.full((self.size, 2), np.nan)
        single = np.flatnonzero(self.counts.reshape(-1)[self.point] == 1)
        out[self.point[single]] = self.values[single]
        return out.reshape(*self.batch_shape, 2)

    def outcome_keys(self) -> tuple[list[tuple[Any, ...]], IntArray]:
        """Each point's set of equilibria as a hashable key, as :func:`~alliancegame.sweep` uses.

        A key is the sorted tuple of the point's equilibria, each a pair of tuples of
        probabilities rounded to 9 decimals (``round(p, 9)``).

        Returns
        -------
        keys : list of tuple
            The distinct keys.
        local : ndarray of int
            Per point (flat), the index of its key in ``keys``.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       parameters={"P": 10})
        >>> keys, local = nash_batch(g, P=[-1.0, -2.0, 4.0]).outcome_keys()
        >>> keys[0], local.tolist()
        ((((0.0, 1.0), (0.0, 1.0)),), [0, 0, 1])
        """
        m, n = len(self.strategies[0]), len(self.strategies[1])
        size = self.size
        counts = self.counts.reshape(-1)
        if not len(self.point):
            return [()], np.zeros(size, dtype=np.int64)
        R = _round9(np.concatenate([self.x, self.y], axis=1))
        order = np.lexsort((*R.T[::-1], self.point))
        R, point = R[order], self.point[order]
        width = int(counts.max())
        start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        slot = np.arange(len(point)) - start[point]
        padded = np.full((size, width, m + n), -1.0)
        padded[point, slot] = R
        table = np.concatenate([counts[:, None].astype(float), padded.reshape(size, -1)], axis=1)
        uniq, inverse = np.unique(table, axis=0, return_inverse=True)
        keys: list[tuple[Any, ...]] = []
        for row in uniq.tolist():
            c = int(row[0])
            eqs = [row[1 + e * (m + n) : 1 + (e + 1) * (m + n)] for e in range(c)]
            keys.append(tuple((tuple(r[:m]), tuple(r[m:])) for r in eqs))
        return keys, np.asarray(inverse).reshape(-1).astype(np.int64)

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        n_exact = int(self.exact.sum())
        return (
            f"BatchNashResult({self.size} points of a {len(self.strategies[0])}x"
            f"{len(self.strategies[1])} game, {len(self.point)} equilibria; "
            f"{n_exact} point(s) re-solved exactly)"
        )


# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------


def _inputs(
    game: Any, given: dict[str, Any], where: str
) -> tuple[FloatArray, tuple[int, ...], _Source]:
    """The batch of payoff arrays ``(P, 2, m, n)``, the batch shape and the exact-game source."""
    game = getattr(game, "game", game)  # a Scenario stands for its game
    if isinstance(game, NormalFormGame):
        _check_two(game, where)
        if game.is_numeric:
            game.parameters.check_names(given, where)
            if given:
                raise GameError(f"{where}: the game has no parameters, got values for {given}")
            exact = game.exact_payoff_array() if game.kind == "exact" else None
            source = _Source(game.players, game.strategies, lambda flat: exact)
            return game.payoff_array()[None], (), source
        pay = game.evaluate(given)
        shape = pay.shape[:-3]
        resolved = game.parameters.resolve(given, where)
        source = _Source(
            game.players, game.strategies, _parameterised_source(game, resolved, shape)
        )
        return pay.reshape(-1, *pay.shape[-3:]), shape, source
    if given:
        raise GameError(f"{where}: parameter values need a parameterised game, got {given}")
    if isinstance(game, Sequence) and game and all(isinstance(g, NormalFormGame) for g in game):
        games: list[NormalFormGame] = list(game)
        for g in games:
            _check_two(g, where)
            if not g.is_numeric:
                raise GameError(f"{where}: a list of games must hold numeric games, got {g!r}")
            if g.shape != games[0].shape:
                raise GameError(
                    f"{where}: all games need the same shape, got {g.shape} and {games[0].shape}"
                )
        exacts = [g.exact_payoff_array() if g.kind == "exact" else None for g in games]
        pay = np.stack([g.payoff_array() for g in games])
        first = games[0]
        return pay, (len(games),), _Source(first.players, first.strategies, exacts.__getitem__)
    arr = np.asarray(game, dtype=float)
    if arr.ndim < 3 or arr.shape[-3] != 2:
        raise GameError(
            f"{where}: needs a two-player NormalFormGame, a list of them, or payoff arrays of "
            f"shape (..., 2, m, n); got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise GameError(f"{where}: payoffs must be finite")
    m, n = arr.shape[-2:]
    names = (tuple(str(i + 1) for i in range(m)), tuple(str(j + 1) for j in range(n)))
    source = _Source(("Player 1", "Player 2"), names, lambda flat: None)
    return arr.reshape(-1, 2, m, n), arr.shape[:-3], source


def _check_two(game: NormalFormGame, where: str) -> None:
    if game.n_players != 2:
        raise GameError(
            f"{where}: solves two-player games, this one has {game.n_players} players "
            f"{game.players}; use concept='pure' for N-player games"
        )


def nash_batch(
    game: NormalFormGame | Sequence[NormalFormGame] | npt.ArrayLike,
    values: Mapping[str, npt.ArrayLike] | None = None,
    /,
    *,
    tol: float | None = None,
    **kwargs: npt.ArrayLike,
) -> BatchNashResult:
    """All extreme Nash equilibria of a two-player game at every point of a batch, vectorised.

    Parameters
    ----------
    game : NormalFormGame, sequence of NormalFormGame, or array_like
        A two-player game (parameterised or numeric), a list of numeric games of one shape, or
        payoff arrays of shape ``(*batch, 2, m, n)``.
    values : mapping, optional
        Parameter values (scalars or arrays, broadcast together to the batch shape); missing
        parameters take their defaults. A parameter named ``tol`` must be passed here.
    tol : float, optional
        Tolerance on regrets in payoff units (default: ``1e-9`` times the largest absolute payoff
        at each point, as :func:`~alliancegame.solve` uses). Ties and zero probabilities are
        tested with it relative to each player's payoff range.
    **kwargs
        More parameter values by name.

    Returns
    -------
    BatchNashResult
        Per point, the extreme equilibria (those of the nondegenerate-looking points from the
        batched enumeration, verified; the others re-solved exactly).

    Raises
    ------
    GameError
        For a game that does not have two players, or malformed inputs.

    Examples
    --------
    Chicken with a cost of war ``P``: at ``P = 10`` each side escalates with probability 1/10
    in the mixed equilibrium; at ``P = -1`` war is no cost and escalating is dominant.

    >>> import numpy as np
    >>> import alliancegame as ag
    >>> chicken = ag.NormalFormGame(
    ...     [[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
    ...     players=["US", "Iran"], strategies=[["Hold", "Escalate"]] * 2,
    ...     parameters={"P": 10})
    >>> res = nash_batch(chicken, P=np.array([10.0, -1.0]))
    >>> res.counts.tolist()
    [3, 1]
    >>> [round(e["US"]["Escalate"], 6) for e in res.equilibria(0)]
    [0.0, 0.1, 1.0]

    At ``P = 1`` war costs as much as backing down, so against an escalating opponent both
    choices tie: the game is degenerate, and that point is re-solved in exact arithmetic.

    >>> res = nash_batch(chicken, P=[1.0, 4.0])
    >>> res.exact.tolist(), res.counts.tolist()
    ([True, False], [3, 3])
    >>> res.equilibria(0)[2].describe()
    'US: Escalate | Iran: Escalate ; payoffs US=-1, Iran=-1'
    """
    where = "nash_batch"
    given = {**(values or {}), **kwargs}
    if tol is not None and not (
        isinstance(tol, int | float) and math.isfinite(tol) and tol >= 0 and tol is not True
    ):
        raise GameError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    pay, shape, source = _inputs(game, given, where)
    P, _, m, n = pay.shape
    check_allocation((P, max(m, n), m + n), 8, f"{where}: the batch of equilibria")
    scale = np.maximum(1.0, np.abs(pay).max(axis=(1, 2, 3)))
    tolerance = np.full(P, float(tol)) if tol is not None else 1e-9 * scale
    ranges = pay.max(axis=(2, 3)) - pay.min(axis=(2, 3))  # (P, 2)
    rel = np.where(ranges > 0, tolerance[:, None] / np.where(ranges > 0, ranges, 1.0), 1e-9)
    found = _enumerate(pay, rel)
    values_, regret, ok = _verify(pay, found.point, found.x, found.y, tolerance)
    flagged = found.flagged.copy()
    flagged[found.point[~ok]] = True
    keep = ~flagged[found.point]
    point, x, y = found.point[keep], found.x[keep], found.y[keep]
    values_, regret = values_[keep], regret[keep]
    exact_results: dict[int, SolverResult] = {}
    extra_p: list[int] = []
    extra_x: list[list[float]] = []
    extra_y: list[list[float]] = []
    extra_v: list[list[float]] = []
    if flagged.any():
        from ..solvers.solve import solve

        for flat in np.flatnonzero(flagged).tolist():
            res = solve(_exact_game(source, pay[flat], flat), "nash", method="vertex", exact=True)
            exact_results[flat] = res
            for eq in res.equilibria:
                extra_p.append(flat)
                extra_x.append([float(v) for v in eq.probabilities[0]])
                extra_y.append([float(v) for v in eq.probabilities[1]])
                extra_v.append([float(v) for v in eq.payoffs_])
    if extra_p:
        point = np.concatenate([point, np.array(extra_p, dtype=np.int64)])
        x = np.concatenate([x, np.array(extra_x).reshape(-1, m)])
        y = np.concatenate([y, np.array(extra_y).reshape(-1, n)])
        values_ = np.concatenate([values_, np.array(extra_v).reshape(-1, 2)])
        regret = np.concatenate([regret, np.zeros(len(extra_p))])
    # the order solve() lists equilibria in: by point, then larger probabilities first
    R = -np.round(np.concatenate([x, y], axis=1), 9)
    order = np.lexsort((*R.T[::-1], point))
    return BatchNashResult(
        players=source.players,
        strategies=source.strategies,
        batch_shape=tuple(shape),
        counts=np.bincount(point, minlength=P).astype(np.int64).reshape(shape),
        point=point[order],
        x=x[order],
        y=y[order],
        values=values_[order],
        regret=regret[order],
        exact=flagged.reshape(shape),
        exact_results=exact_results,
    )
