"""Mixed Nash equilibria of two-player games: best-response polytopes, labels and components.

This module holds what the two-player methods share — :mod:`~alliancegame.solvers.vertex`
(vertex enumeration), :mod:`~alliancegame.solvers.support` (support enumeration) and
:mod:`~alliancegame.solvers.lemke_howson` — and :func:`nashpy_solve`, which runs nashpy's
algorithms as independent alternatives whose answers we verify.

The mathematics
---------------
Let player 1 (rows, strategies :math:`M = \\{0..m-1\\}`) have payoff matrix :math:`A` and player 2
(columns, :math:`N = \\{m..m+n-1\\}` as labels) have :math:`B`, both :math:`m \\times n`. Adding a
constant to a player's payoffs or scaling them by a positive number changes no equilibrium, so we
may assume :math:`A, B > 0`. The **best-response polytopes** are

.. math::

    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\; B^\\top x \\le 1\\}, \\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\; y \\ge 0\\}.

A point :math:`x \\in P` has **label** :math:`i \\in M` if :math:`x_i = 0` and label
:math:`m + j` if :math:`(B^\\top x)_j = 1` (column *j* is a best response to :math:`x`);
:math:`y \\in Q` has label :math:`i` if :math:`(Ay)_i = 1` and label :math:`m + j` if
:math:`y_j = 0`. A pair :math:`(x, y) \\ne (0, 0)` is **completely labelled** when every label
in :math:`M \\cup N` belongs to :math:`x` or to :math:`y`; then every strategy is either unused or
a best response, so the normalised pair :math:`(x / \\sum x,\\, y / \\sum y)` is a Nash
equilibrium. The **extreme** equilibria — the vertices of the (finitely many) convex sets of
equilibria — are exactly the completely labelled pairs of *vertices* of :math:`P \\times Q`
(von Stengel 2002; Avis, Rosenberg, Savani & von Stengel 2010).

The game is **nondegenerate** when no mixed strategy with *k* strategies in its support has more
than *k* pure best responses; equivalently every vertex of :math:`P` has at most *m* labels and
every vertex of :math:`Q` at most *n*. Then equilibria are isolated and there are an odd number of
them. In a degenerate game equilibria can form continua; the set of equilibria is a finite union
of convex polytopes, each the convex hull of a **clique** of extreme equilibria: sets
:math:`X` of vertices of *P* and :math:`Y` of *Q* with every pair in :math:`X \\times Y`
completely labelled. :func:`maximal_cliques` finds the maximal ones, as Gambit's
``enummixed`` does, following Audet, Hansen, Jaumard & Savard (2001).

References
----------
Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42(1), 9–37.

Audet, C., Hansen, P., Jaumard, B., & Savard, G. (2001). Enumeration of all extreme equilibria of
bimatrix games. *SIAM Journal on Scientific Computing* 23(1), 323–338.

von Stengel, B. (2002). Computing equilibria for two-person games. In R. J. Aumann & S. Hart
(eds.), *Handbook of Game Theory* vol. 3, ch. 45, 1723–1759. North-Holland.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import AllianceGameWarning, DegenerateGameWarning, GameError, SolverError
from ..games.normal import NormalFormGame
from .result import SolverResult, StrategyProfile
from .verify import default_tolerance, make_profile

__all__ = [
    "maximal_cliques",
    "nashpy_lemke_howson",
    "nashpy_solve",
    "nashpy_support",
    "nashpy_vertex",
]

FloatArray = npt.NDArray[np.float64]
IntMatrix = list[list[int]]

#: A candidate equilibrium: (x, y, id of x's vertex, id of y's vertex); x and y are sequences or
#: arrays of probabilities (Fractions in exact mode).
Candidate = tuple[Any, Any, int, int]


# ---------------------------------------------------------------------------- input handling
def bimatrix_game(game: Any, where: str) -> NormalFormGame:
    """Check that ``game`` is a numeric two-player :class:`NormalFormGame` and return it."""
    if not isinstance(game, NormalFormGame):
        raise GameError(f"{where}: needs a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise GameError(
            f"{where}: solves two-player games, this one has {game.n_players} players "
            f"{game.players}; use concept='pure' for N-player games"
        )
    if not game.is_numeric:
        raise GameError(
            f"{where}: the game has parameters {game.parameters.names}; solve a numeric game "
            f"with game.at(...) or sweep it with alliancegame.sweep"
        )
    return game


def use_exact(game: NormalFormGame, exact: bool | None) -> bool:
    """Exact arithmetic when asked, or by default when the game's payoffs are exact numbers."""
    return game.kind == "exact" if exact is None else bool(exact)


def float_tolerance(
    game: NormalFormGame, tol: float | None, where: str, payoffs: FloatArray | None = None
) -> float:
    """The float tolerance for regrets (payoff units): ``tol`` or the scaled default."""
    if tol is None:
        return default_tolerance(game.payoff_array() if payoffs is None else payoffs)
    if not (isinstance(tol, int | float) and math.isfinite(tol) and tol >= 0):
        raise GameError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    return float(tol)


def positive_float_matrices(
    game: NormalFormGame, payoffs: FloatArray | None = None
) -> tuple[FloatArray, FloatArray, float, float]:
    """``(A', B', range_A, range_B)``: each player's payoffs mapped affinely onto ``[1, 2]``.

    A player whose payoffs are all equal gets a matrix of ones (range 0). The positive affine maps
    leave every equilibrium unchanged and make the polytopes well scaled.
    """
    arr = game.payoff_array() if payoffs is None else payoffs
    out = []
    ranges = []
    for i in range(2):
        u = arr[i]
        lo, hi = float(u.min()), float(u.max())
        span = hi - lo
        ranges.append(span)
        out.append(np.ones_like(u) if span == 0 else 1.0 + (u - lo) / span)
    return out[0], out[1], ranges[0], ranges[1]


def positive_integer_matrices(game: NormalFormGame) -> tuple[list[list[int]], list[list[int]]]:
    """``(A', B')`` as positive Python integers: ``L_i * (u_i - min u_i + 1)`` per player.

    ``L_i`` is the least common denominator of player *i*'s (exact) payoffs, so the map is a
    positive affine transformation and equilibria are unchanged.
    """
    arr = game.exact_payoff_array()
    out = []
    for i in range(2):
        u = arr[i]
        lo = min(u.flat)
        shifted = [[Fraction(v) - lo + 1 for v in row] for row in u.tolist()]
        den = 1
        for row in shifted:
            for v in row:
                den = den * v.denominator // math.gcd(den, v.denominator)
        out.append([[int(v * den) for v in row] for row in shifted])
    return out[0], out[1]


def label_name(game: NormalFormGame, label: int) -> str:
    """Describe a label: ``'Player 1: C'`` for a row strategy, ``'Player 2: D'`` for a column."""
    m = game.shape[0]
    if label < m:
        return f"{game.players[0]}: {game.strategies[0][label]}"
    return f"{game.players[1]}: {game.strategies[1][label - m]}"


# ---------------------------------------------------------------------------- pivoting
def integer_pivot(
    D: IntMatrix, det: int, basis: list[int], nonbasic: list[int], r: int, q: int
) -> tuple[IntMatrix, int, list[int], list[int]]:
    """Fraction-free pivot of an integer dictionary on row ``r`` and non-basic column ``q``.

    ``D`` holds, for each basic variable (row), the columns of the non-basic variables and the
    right-hand side, all multiplied by the common denominator ``det``. Entries stay integers: each
    is a subdeterminant of the original data.
    """
    p = D[r][q]
    prow = D[r]
    out: IntMatrix = []
    for i, row in enumerate(D):
        if i == r:
            new = list(prow)
            new[q] = det
        else:
            f = row[q]
            if f == 0:
                new = [v * p // det for v in row]
            else:
                new = [(v * p - f * w) // det for v, w in zip(row, prow, strict=True)]
                new[q] = -f
        out.append(new)
    basis2 = list(basis)
    nonbasic2 = list(nonbasic)
    basis2[r], nonbasic2[q] = nonbasic[q], basis[r]
    return out, p, basis2, nonbasic2


# ---------------------------------------------------------------------------- components
def maximal_cliques(links: Sequence[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Maximal cliques of extreme equilibria: groups whose convex hull is a set of equilibria.

    Parameters
    ----------
    links : sequence of (int, int)
        For each extreme equilibrium, the identity of its first player's strategy and of its second
        player's strategy (two equilibria sharing a strategy share the id).

    Returns
    -------
    tuple of tuple of int
        Each maximal clique as the sorted indices (into ``links``) of the equilibria it holds; a
        clique is a set *X* of first-player strategies and *Y* of second-player strategies with
        every pair in *X × Y* an equilibrium, and holds the equilibria *X × Y*.

    Notes
    -----
    A maximal clique is a maximal "rectangle" of the bipartite graph whose edges are the
    equilibria. Its *Y* is the intersection of the neighbourhoods of its *X* and vice versa, so the
    cliques are found by closing the neighbourhoods under intersection (Audet et al. 2001).

    Examples
    --------
    Three equilibria; the first two share the first player's strategy ``0``:

    >>> maximal_cliques([(0, 0), (0, 1), (1, 2)])
    ((0, 1), (2,))
    >>> maximal_cliques([(0, 0), (0, 1), (1, 0), (1, 1)])  # a 2 x 2 square of equilibria
    ((0, 1, 2, 3),)
    """
    neighbours: dict[int, frozenset[int]] = {}
    for x, y in links:
        neighbours[x] = neighbours.get(x, frozenset()) | {y}
    closed: set[frozenset[int]] = set()
    frontier = list(set(neighbours.values()))
    while frontier:
        ys = frontier.pop()
        if ys in closed:
            continue
        closed.add(ys)
        for nb in neighbours.values():
            meet = ys & nb
            if meet and meet not in closed:
                frontier.append(meet)
    index = {pair: k for k, pair in enumerate(links)}
    cliques = set()
    for ys in closed:
        xs = [x for x, nb in neighbours.items() if ys <= nb]
        cliques.add(tuple(sorted(index[(x, y)] for x in xs for y in ys)))
    return tuple(sorted(cliques, key=lambda c: (c[0], len(c), c)))


# ---------------------------------------------------------------------------- results
def degenerate_message(where: str, exact_hint: bool = True) -> str:
    """The warning text for a float method that met a degenerate game."""
    hint = "; use exact=True for a complete answer" if exact_hint else ""
    return (
        f"{where}: the game looks degenerate (a mixed strategy has more pure best responses than "
        f"strategies in its support, within the float tolerance), so equilibria may form "
        f"continua and float arithmetic may miss some extreme equilibria{hint}"
    )


def warn(
    message: str, stacklevel: int = 3, category: type[Warning] = DegenerateGameWarning
) -> None:
    """Issue a warning (by default :class:`DegenerateGameWarning`) pointing at the user's call."""
    warnings.warn(message, category, stacklevel=stacklevel)


def _sort_key(c: Candidate) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return tuple(-round(float(v), 9) for v in c[0]), tuple(-round(float(v), 9) for v in c[1])


def _sorted(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates by decreasing probabilities (first player's first), rounded to 1e-9."""
    if len(candidates) < 2:
        return candidates
    if all(isinstance(c[0], np.ndarray) and isinstance(c[1], np.ndarray) for c in candidates):
        keys = -np.round(np.stack([np.concatenate([c[0], c[1]]) for c in candidates]), 9)
        return [candidates[k] for k in np.lexsort(keys.T[::-1])]
    return sorted(candidates, key=_sort_key)


def build_result(
    game: NormalFormGame,
    *,
    method: str,
    where: str,
    exact: bool,
    candidates: Iterable[Candidate],
    tol: float | None,
    complete: bool,
    notes: Sequence[str] = (),
    options: dict[str, Any] | None = None,
    with_components: bool = True,
    drop_unverified: bool = False,
    dedupe: bool = True,
) -> SolverResult:
    """Verify candidates with :func:`make_profile` and pack them into a :class:`SolverResult`.

    Candidates are sorted (first player's probabilities first, larger first) so every method lists
    the same equilibria in the same order. A candidate failing verification raises
    :class:`SolverError`, or, with ``drop_unverified``, is dropped with a note (``complete`` is then
    false). With ``dedupe``, repeated profiles (in float mode: equal within ``1e-9``) are kept once;
    enumeration methods, whose candidates are distinct vertex pairs, skip that.
    """
    notes = list(notes)
    kept: list[tuple[Candidate, StrategyProfile]] = []
    dropped = 0
    for cand in _sorted(list(candidates)):
        try:
            prof = make_profile(
                game, [cand[0], cand[1]], exact=exact, tol=None if exact else tol, method=where
            )
        except SolverError:
            if not drop_unverified:
                raise
            dropped += 1
            continue
        kept.append((cand, prof))
    unique: list[tuple[Candidate, StrategyProfile]] = []
    seen: set[tuple[tuple[Any, ...], ...]] = set()
    points: list[FloatArray] = []
    for cand, prof in kept:
        if not dedupe:
            unique.append((cand, prof))
            continue
        if prof.probabilities in seen:
            continue
        if not exact:  # float duplicates differ by rounding only
            point = np.concatenate([np.asarray(p, dtype=float) for p in prof.probabilities])
            if any(float(np.max(np.abs(point - q))) <= 1e-9 for q in points):
                continue
            points.append(point)
        seen.add(prof.probabilities)
        unique.append((cand, prof))
    if dropped:
        complete = False
        notes.append(
            f"{where}: dropped {dropped} candidate(s) that failed verification (regret above the "
            f"tolerance)"
        )
    profiles = tuple(p for _, p in unique)
    components: tuple[tuple[int, ...], ...] | None = None
    if with_components:
        links = [(c[2], c[3]) for c, _ in unique]
        if len({x for x, _ in links}) == len({y for _, y in links}) == len(links):
            components = tuple((k,) for k in range(len(links)))  # isolated equilibria
        else:
            components = maximal_cliques(links)
    return SolverResult(
        game=game,
        concept="nash",
        method=method,
        exact=exact,
        equilibria=profiles,
        max_regret=max((p.regret for p in profiles), default=Fraction(0) if exact else 0.0),
        complete=complete,
        components=components,
        options=dict(options or {}),
        warnings=tuple(notes),
    )


def component_note(components: tuple[tuple[int, ...], ...] | None) -> list[str]:
    """A note for results of degenerate games whose equilibria are not isolated."""
    if components and any(len(c) > 1 for c in components):
        return [
            "the game is degenerate: some equilibria lie on continua; the convex hull of each "
            "clique in `components` is a set of equilibria"
        ]
    return []


# ---------------------------------------------------------------------------- nashpy
_NASHPY = {"support": "support_enumeration", "vertex": "vertex_enumeration", "lemke-howson": ""}


def nashpy_solve(
    game: NormalFormGame,
    method: str = "support",
    *,
    initial_label: int = 0,
    exact: bool | None = None,
    tol: float | None = None,
) -> SolverResult:
    """Solve with nashpy's algorithms, verifying every equilibrium it returns.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    method : {"support", "vertex", "lemke-howson"}
        nashpy's support enumeration, vertex enumeration, or Lemke–Howson from
        ``initial_label`` (an index into the first player's then the second player's strategies).
    initial_label : int
        Lemke–Howson only: the label dropped first.
    exact : bool, optional
        Only ``None`` or ``False``: nashpy computes in floating point.
    tol : float, optional
        Float tolerance on regrets (default: scaled ``1e-9``).

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"nashpy-support"``, ``"nashpy-vertex"`` or
        ``"nashpy-lemke-howson"``; float arithmetic; ``complete=False`` (nashpy may miss
        equilibria of degenerate games). Candidates that fail verification are dropped and named
        in ``warnings``; so are nashpy's own warnings.

    Examples
    --------
    >>> import alliancegame as ag
    >>> bos = ag.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> res = nashpy_solve(bos, "support")
    >>> res.method, len(res), res.complete
    ('nashpy-support', 3, False)
    """
    import nashpy

    where = f"nashpy_solve[{method}]"
    game = bimatrix_game(game, "nashpy_solve")
    if method not in _NASHPY:
        from ..core.errors import did_you_mean

        raise GameError(
            f"nashpy_solve: unknown method {method!r}{did_you_mean(method, _NASHPY)}; "
            f"available: {', '.join(_NASHPY)}"
        )
    if exact:
        raise GameError(
            "nashpy_solve: nashpy computes in floating point, so exact=True is not available; "
            "use method 'vertex' or 'support' for exact equilibria"
        )
    tolerance = float_tolerance(game, tol, "nashpy_solve")
    m, n = game.shape
    arr = game.payoff_array()
    ng = nashpy.Game(arr[0], arr[1])
    notes: list[str] = []
    if method == "lemke-howson" and not (
        isinstance(initial_label, int) and 0 <= initial_label < m + n
    ):
        raise GameError(
            f"nashpy_solve: initial_label must be in 0..{m + n - 1}, got {initial_label!r}"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if method == "lemke-howson":
                found = [tuple(ng.lemke_howson(initial_dropped_label=initial_label))]
            else:
                found = [tuple(e) for e in getattr(ng, _NASHPY[method])()]
        except Exception as exc:  # a third-party failure becomes a note, not a crash
            found = []
            first = " ".join(str(exc).split())[:200]
            notes.append(f"{where}: nashpy failed with {type(exc).__name__}: {first}")
    for w in caught:
        notes.append(f"{where}: nashpy warned: {' '.join(str(w.message).split())}")
    candidates: list[Candidate] = []
    bad = 0
    for k, (x, y) in enumerate(found):
        xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if (
            xs.shape != (m,)
            or ys.shape != (n,)
            or not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys)))
        ):
            bad += 1
            continue
        candidates.append((xs, ys, k, k))
    if bad:
        notes.append(f"{where}: dropped {bad} malformed (non-finite or mis-shaped) answer(s)")
    result = build_result(
        game,
        method=f"nashpy-{method}",
        where=where,
        exact=False,
        candidates=candidates,
        tol=tolerance,
        complete=False,
        notes=notes,
        options={
            "tol": tolerance,
            **({"initial_label": initial_label} if method == "lemke-howson" else {}),
        },
        with_components=False,
        drop_unverified=True,
    )
    if bad or any("dropped" in w for w in result.warnings):
        warn(
            f"{where}: some of nashpy's answers failed verification and were dropped",
            category=AllianceGameWarning,
        )
    return result


def nashpy_support(
    game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """nashpy's support enumeration, verified (``nashpy_solve(game, "support")``).

    Examples
    --------
    >>> import alliancegame as ag
    >>> pennies = ag.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> nashpy_support(pennies)[0]["Player 1"]
    {'1': 0.5, '2': 0.5}
    """
    return nashpy_solve(game, "support", exact=exact, tol=tol)


def nashpy_vertex(
    game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """nashpy's vertex enumeration, verified (``nashpy_solve(game, "vertex")``).

    Examples
    --------
    >>> import alliancegame as ag
    >>> pennies = ag.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> nashpy_vertex(pennies).method
    'nashpy-vertex'
    """
    return nashpy_solve(game, "vertex", exact=exact, tol=tol)


def nashpy_lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int = 0,
    exact: bool | None = None,
    tol: float | None = None,
) -> SolverResult:
    """nashpy's Lemke–Howson, verified (``nashpy_solve(game, "lemke-howson")``).

    Examples
    --------
    >>> import alliancegame as ag
    >>> pennies = ag.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> len(nashpy_lemke_howson(pennies, initial_label=1))
    1
    """
    return nashpy_solve(game, "lemke-howson", initial_label=initial_label, exact=exact, tol=tol)
