"""All extreme Nash equilibria of a two-player game by vertex enumeration.

With payoffs made positive, the best-response polytopes are
:math:`P = \\{x \\ge 0 : B^\\top x \\le 1\\}` and :math:`Q = \\{y \\ge 0 : A y \\le 1\\}` (see
:mod:`~alliancegame.solvers.mixed` for labels). The extreme equilibria are the completely
labelled vertex pairs :math:`(x, y) \\ne (0, 0)` of :math:`P \\times Q`, normalised to
probabilities (von Stengel 2007, §3.5). So the method is: list the vertices of *P* and of *Q*
with their labels, then keep the pairs whose labels cover all :math:`m + n` labels.

**Exact mode** lists vertices by pivoting. Write :math:`B^\\top x + s = 1` with slacks
:math:`s \\ge 0`; a *feasible basis* is a choice of *n* basic variables whose solution (the
others set to zero) is non-negative, and every vertex is the solution of at least one feasible
basis. Starting from the slack basis (the vertex :math:`x = 0`), a depth-first search visits every
feasible basis reachable by a pivot: any non-basic column may enter, and *every* row attaining
the minimum ratio may leave — so degenerate vertices, which have several bases, are crossed too.
Every vertex is reached: the simplex method with Bland's rule, maximising a linear function whose
unique maximiser is that vertex, walks from the start to one of its bases along such pivots.
Arithmetic is in Python integers with Edmonds' fraction-free pivoting (each tableau entry is a
subdeterminant of the data, the common denominator is the previous pivot; Edmonds 1967, Bareiss
1968), so there is no rounding and exact mode is complete on degenerate games. A vertex's labels
are its zero variables (non-basic ones and basic ones at zero); in a degenerate game a vertex can
have more than *m* labels, and the matching tests ``labels(x) ∪ labels(y) = all``.

**Float mode** lists vertices as facets of the *polar* polytope (what QuantEcon does): shifted
to an interior point :math:`c`, each constraint :math:`a^\\top x \\le b` becomes the point
:math:`a / (b - a^\\top c)`, and each facet :math:`\\{p : w^\\top p = 1\\}` of their convex hull
(computed by Qhull, Barber, Dobkin & Huhdanpaa 1996) gives the vertex :math:`c + w` of *P*.
Labels are the constraints tight within a tolerance, and label sets are bit masks. When every
vertex has exactly its dimension in labels, a completely labelled pair has *complementary* masks,
so one sorted join finds all pairs; a vertex with more labels is tested against every vertex of
the other polytope by a bitwise or. When some vertex has more labels than its dimension the game
looks degenerate: the result then says ``complete=False`` and a
:class:`~alliancegame.DegenerateGameWarning` is issued.

Extreme equilibria that share a strategy can form continua: the result's ``components`` lists
the maximal cliques (Audet et al. 2001), each a set of extreme equilibria whose convex hull
consists of equilibria.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In N. Nisan, T. Roughgarden, É. Tardos & V. Vazirani (eds.), *Algorithmic Game Theory*,
ch. 3, 53–78. Cambridge University Press.

Avis, D., Rosenberg, G. D., Savani, R., & von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42(1), 9–37.

Edmonds, J. (1967). Systems of distinct representatives and linear algebra. *Journal of Research
of the National Bureau of Standards* 71B(4), 241–245.

Barber, C. B., Dobkin, D. P., & Huhdanpaa, H. (1996). The Quickhull algorithm for convex hulls.
*ACM Transactions on Mathematical Software* 22(4), 469–483.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..games.normal import NormalFormGame
from .mixed import (
    Candidate,
    FloatArray,
    IntMatrix,
    bimatrix_game,
    build_result,
    component_note,
    degenerate_message,
    float_tolerance,
    integer_pivot,
    positive_float_matrices,
    positive_integer_matrices,
    use_exact,
    warn,
)
from .result import SolverResult

__all__ = ["vertex_enumeration"]

#: A vertex found exactly: (label bit mask, numerators of its coordinates).
ExactVertex = tuple[int, tuple[int, ...]]


# ---------------------------------------------------------------------------- exact vertices
def exact_vertices(M: IntMatrix) -> list[ExactVertex]:
    """Every vertex of :math:`\\{z \\ge 0 : M^\\top z \\le 1\\}` for a positive integer matrix.

    Parameters
    ----------
    M : list of list of int
        A ``d x k`` matrix of positive integers (so the polytope is bounded).

    Returns
    -------
    list of (int, tuple of int)
        For each vertex, its label mask (bit ``i`` when :math:`z_i = 0`, bit ``d + j`` when
        constraint *j* is tight) and integer numerators proportional to its coordinates.

    Examples
    --------
    >>> sorted(exact_vertices([[1, 2], [2, 1]]))  # a square cut by two constraints
    [(3, (0, 0)), (5, (0, 1)), (10, (1, 0)), (12, (1, 1))]
    """
    d, k = len(M), len(M[0])
    D0 = [[M[i][j] for i in range(d)] + [1] for j in range(k)]
    basis0 = list(range(d, d + k))
    nonbasic0 = list(range(d))
    seen = {sum(1 << v for v in basis0)}
    stack = [(D0, 1, basis0, nonbasic0)]
    vertices: dict[int, tuple[int, ...]] = {}
    while stack:
        D, det, basis, nonbasic = stack.pop()
        zero = 0
        for v in nonbasic:
            zero |= 1 << v
        for r in range(k):
            if D[r][-1] == 0:
                zero |= 1 << basis[r]
        if zero not in vertices:
            z = [0] * d
            for r in range(k):
                if basis[r] < d:
                    z[basis[r]] = D[r][-1]
            vertices[zero] = tuple(z)
        bmask = 0
        for v in basis:
            bmask |= 1 << v
        for q in range(d):
            rows: list[int] = []
            bn = bd = 0
            for r in range(k):
                a = D[r][q]
                if a > 0:
                    b = D[r][-1]
                    if not rows:
                        rows, bn, bd = [r], b, a
                    else:
                        c = b * bd - bn * a
                        if c < 0:
                            rows, bn, bd = [r], b, a
                        elif c == 0:
                            rows.append(r)
            for r in rows:
                key = bmask ^ (1 << basis[r]) | (1 << nonbasic[q])
                if key not in seen:
                    seen.add(key)
                    stack.append(integer_pivot(D, det, basis, nonbasic, r, q))
    return list(vertices.items())


def _match_exact(
    P: list[ExactVertex], Q: list[ExactVertex], m: int, n: int
) -> tuple[list[Candidate], bool]:
    full = (1 << (m + n)) - 1
    lowmask = (1 << n) - 1
    xs = [(mask, z) for mask, z in P if any(z)]
    # Q's own labels: y_j -> j, row slack i -> n + i; global labels: row i -> i, column j -> m + j
    ys = [(((mask & lowmask) << m) | (mask >> n), z) for mask, z in Q if any(z)]
    degenerate = any(mask.bit_count() > m for mask, _ in xs) or any(
        mask.bit_count() > n for mask, _ in ys
    )
    pairs: list[tuple[int, int]] = []
    if degenerate:
        pairs = [
            (a, b)
            for a, (mx, _) in enumerate(xs)
            for b, (my, _) in enumerate(ys)
            if mx | my == full
        ]
    else:
        lookup = {mask: b for b, (mask, _) in enumerate(ys)}
        pairs = [(a, lookup[full ^ mx]) for a, (mx, _) in enumerate(xs) if full ^ mx in lookup]
    out: list[Candidate] = []
    for a, b in pairs:
        zx, zy = xs[a][1], ys[b][1]
        sx, sy = sum(zx), sum(zy)
        out.append(([Fraction(v, sx) for v in zx], [Fraction(v, sy) for v in zy], a, b))
    return out, degenerate


# ---------------------------------------------------------------------------- float vertices
Hull = tuple[FloatArray, npt.NDArray[np.intp] | None, npt.NDArray[np.bool_]]


def _float_hull(M: FloatArray, tol: float) -> Hull:
    """Vertices of :math:`\\{z \\ge 0 : M^\\top z \\le 1\\}` via the polar convex hull.

    Returns the vertices (rows), Qhull's simplices (the labels of each vertex when the polytope
    is simple; ``None`` when no hull was needed) and the boolean label matrix computed with
    ``tol`` (column ``i < d`` when :math:`z_i = 0`, ``d + j`` when constraint *j* is tight).
    """
    d = M.shape[0]
    simplices: npt.NDArray[np.intp] | None = None
    if d == 1:
        verts = np.array([[0.0], [1.0 / float(M.max())]])
    else:
        colsum = M.sum(axis=0)
        t = 0.5 / float(colsum.max())
        points = np.empty((d + M.shape[1], d))
        points[:d] = np.diag(np.full(d, -1.0 / t))
        np.divide(M.T, (1.0 - t * colsum)[:, None], out=points[d:])
        try:
            from scipy.spatial import ConvexHull, QhullError

            hull = ConvexHull(points)
        except (QhullError, ValueError):
            verts = _float_vertices_exactly(M)
        else:
            eq = hull.equations
            verts = t - eq[:, :d] / eq[:, d:]
            simplices = hull.simplices
    labels = np.concatenate([verts <= tol, verts @ M >= 1.0 - tol], axis=1)
    return verts, simplices, labels


def float_vertices(M: FloatArray, tol: float) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Vertices of :math:`\\{z \\ge 0 : M^\\top z \\le 1\\}` (``M`` positive, ``d x k``) and labels.

    Returns the vertices (rows, each once) and a boolean label matrix: column ``i < d`` when
    :math:`z_i = 0`, column ``d + j`` when constraint *j* is tight, both within ``tol``.

    Examples
    --------
    >>> V, L = float_vertices(np.array([[1.0, 2.0], [2.0, 1.0]]), 1e-9)
    >>> sorted(np.round(V * 3, 9).tolist())
    [[0.0, 0.0], [0.0, 1.5], [1.0, 1.0], [1.5, 0.0]]
    """
    return _unique_vertices(_float_hull(M, tol))


def _unique_vertices(hull: Hull) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Each vertex once, with Qhull's labels added to the tolerance labels."""
    verts, simplices, labels = hull
    if simplices is not None:
        labels[np.arange(len(verts))[:, None], simplices] = True
    # a non-simple vertex appears once per simplex of its triangulated facet: keep it once
    _, first = np.unique(np.packbits(labels, axis=1), axis=0, return_index=True)
    first.sort()
    return verts[first], labels[first]


def _float_vertices_exactly(M: FloatArray) -> FloatArray:
    """Fallback when Qhull fails: pivot exactly on the (exactly converted) float data."""
    fr = [[Fraction(float(v)) for v in row] for row in M.tolist()]
    den = 1
    for row in fr:
        for v in row:
            den = max(den, v.denominator)  # float denominators are powers of two
    found = exact_vertices([[int(v * den) for v in row] for row in fr])
    verts = np.zeros((len(found), M.shape[0]))
    for a, (_, z) in enumerate(found):
        s = sum(z)
        if s:  # numerators are proportional to the vertex; a tight constraint fixes the scale
            zf = np.array([Fraction(v, s) for v in z], dtype=float)
            verts[a] = zf / float(np.max(zf @ M))
    return verts


def _join(mp: npt.NDArray[Any], mq: npt.NDArray[Any], full: float) -> tuple[Any, Any]:
    """Index pairs ``(a, b)`` with ``mq[b] == full ^ mp[a]`` (masks are unique per side)."""
    comp = full - mp  # the complement, as mp's bits are a subset of full's
    order = np.argsort(mq)
    sq = mq[order]
    pos = np.minimum(np.searchsorted(sq, comp), len(sq) - 1)
    hit = sq[pos] == comp
    return np.flatnonzero(hit), order[pos[hit]]


#: Label sets are integer bit masks up to this many labels (``m + n``): float64 products give
#: them exactly up to 52 labels (the usual route), packed bits up to 63; beyond that, boolean
#: matrices are compared.
_FLOAT_BITS = 52
_MASK_BITS = 63

#: Largest block (entries) compared at once when degenerate vertices are matched.
_BLOCK = 1 << 20

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@functools.cache
def _weights(m: int, n: int) -> tuple[npt.NDArray[np.intp], FloatArray, FloatArray]:
    """Label bookkeeping for an ``m x n`` game.

    Returns the global order of Q's label columns and per side the (count, bit mask) weights
    of the label columns. Q's label columns are (y_j = 0 for each column j, then row i tight);
    globally row i is label i and column j is label m + j.
    """
    L = m + n
    q_order = np.concatenate([np.arange(m, L), np.arange(m)])
    wp = np.stack([np.ones(L), np.exp2(np.arange(L))], axis=1)
    wq = np.stack([np.ones(L), np.exp2(q_order)], axis=1)
    return np.argsort(q_order), wp, wq


def _labelled(hull: Hull, order: npt.NDArray[np.intp] | None) -> Bools:
    """The label matrix with Qhull's labels added, columns in global label order."""
    verts, simplices, labels = hull
    if simplices is not None:
        labels[np.arange(len(verts))[:, None], simplices] = True
    return labels if order is None else labels[:, order]


def _masks(labels: Bools) -> Ints:
    """Each row of a boolean label matrix (at most 63 columns) as a 64-bit integer mask."""
    packed = np.packbits(labels, axis=1, bitorder="little")
    buf = np.zeros((len(labels), 8), dtype=np.uint8)
    buf[:, : packed.shape[1]] = packed
    return buf.view("<i8").ravel()


def _has_qhull_labels(labels: Bools, simplices: npt.NDArray[np.intp]) -> bool:
    """Whether every vertex's tolerance labels include the labels Qhull gives it.

    Qhull's simplices index the hull's points, which are the label columns in the same order.
    """
    rows, width = labels.shape
    flat = simplices + (np.arange(rows) * width)[:, None]
    return bool(labels.ravel()[flat].all())


def _match_float(P: Hull, Q: Hull, m: int, n: int, tol: float) -> tuple[list[Candidate], bool]:
    """Completely labelled vertex pairs of the float polytopes, normalised to strategies."""
    L = m + n
    q_global, wp, wq = _weights(m, n)
    (VP, SP, LP), (VQ, SQ, LQ) = P, Q
    if SP is not None and SQ is not None and L <= _FLOAT_BITS:
        # one BLAS product per side gives each vertex's label count and its label bit mask
        # (an integer below 2**52, exact in float64)
        sp = LP.astype(np.float64) @ wp
        sq = LQ.astype(np.float64) @ wq
        cp, cq = sp[:, 0], sq[:, 0]
        if (cp == m).all() and (cq == n).all():
            # the usual case: simple polytopes, each vertex listed once, so complete labelling
            # pairs complementary masks: a sorted join
            pa, pb = _join(sp[:, 1], sq[:, 1], 2.0**L - 1.0)
            keep = sp[pa, 1] != 2.0**m - 1.0  # not the artificial pair (0, 0)
            pa, pb = pa[keep], pb[keep]
            return _pairs(VP, LP[:, :m], pa, VQ, LQ[:, :n], pb), False
        mp, mq = sp[:, 1].astype(np.int64), sq[:, 1].astype(np.int64)
        if _has_qhull_labels(LP, SP) and _has_qhull_labels(LQ, SQ):
            return _match_masks((VP, LP[:, :m], cp, mp), (VQ, LQ[:, :n], cq, mq), m, n, tol)
    # otherwise Qhull's labels complete the tolerance labels (and long label sets use packed
    # masks, or beyond 63 labels boolean products)
    LP = _labelled(P, None)
    LQ = _labelled(Q, q_global)
    if L <= _MASK_BITS:
        return _match_masks(
            (VP, LP[:, :m], LP.sum(axis=1), _masks(LP)),
            (VQ, LQ[:, m:], LQ.sum(axis=1), _masks(LQ)),
            m,
            n,
            tol,
        )
    return _match_dense(VP, LP, VQ, LQ, m, n, tol)


#: One side of a matching: vertices, their "coordinate is zero" labels, label counts and masks.
Side = tuple[FloatArray, Bools, Any, Ints]


def _match_masks(P: Side, Q: Side, m: int, n: int, tol: float) -> tuple[list[Candidate], bool]:
    """Completely labelled pairs from label masks, degenerate vertices included.

    When both vertices have exactly their dimension in labels (``m`` and ``n``), covering all
    labels means the sets are complements: those pairs come from a sorted join. A pair with a
    vertex that has more labels is tested by a bitwise or, each such vertex against every
    vertex of the other side, in blocks.
    """
    degenerate = bool(P[2].max() > m or Q[2].max() > n)
    (VP, zp, cp, mp), (VQ, zq, cq, mq) = _once(P, m), _once(Q, n)
    simple_p, simple_q = cp == m, cq == n
    full = (1 << (m + n)) - 1
    ip, iq = np.flatnonzero(simple_p), np.flatnonzero(simple_q)
    a, b = _join(mp[ip], mq[iq], full)
    pa, pb = [ip[a]], [iq[b]]
    # degenerate vertices of P against all of Q, simple ones against degenerate ones of Q
    for rows, cols in (
        (np.flatnonzero(~simple_p), np.arange(len(mq))),
        (ip, np.flatnonzero(~simple_q)),
    ):
        if not (len(rows) and len(cols)):
            continue
        step = max(1, _BLOCK // len(cols))
        for s in range(0, len(rows), step):
            r = rows[s : s + step]
            a, b = np.nonzero((mp[r][:, None] | mq[cols][None, :]) == full)
            pa.append(r[a])
            pb.append(cols[b])
    return _pairs_nonzero(VP, zp, np.concatenate(pa), VQ, zq, np.concatenate(pb), tol), degenerate


def _once(side: Side, dim: int) -> Side:
    """Each vertex of a side once.

    Qhull lists a non-simple vertex once per simplex of its triangulated facet, each time with
    the same labels (more than ``dim`` of them); a simple vertex is one facet, listed once.
    """
    V, zero, counts, masks = side
    extra = np.flatnonzero(counts != dim)
    if len(extra) < 2:
        return side
    _, first = np.unique(masks[extra], return_index=True)
    if len(first) == len(extra):
        return side
    keep = np.ones(len(masks), dtype=bool)
    keep[extra] = False
    keep[extra[first]] = True
    return V[keep], zero[keep], counts[keep], masks[keep]


def _match_dense(
    VP: FloatArray, LP: Bools, VQ: FloatArray, LQ: Bools, m: int, n: int, tol: float
) -> tuple[list[Candidate], bool]:
    """Completely labelled pairs by products of the "label missing" matrices (long label sets)."""
    degenerate = bool(LP.sum(axis=1).max() > m or LQ.sum(axis=1).max() > n)
    found = []
    for V, Lb in ((VP, LP), (VQ, LQ)):
        _, first = np.unique(np.packbits(Lb, axis=1), axis=0, return_index=True)
        first.sort()
        found.append((V[first], Lb[first]))
    (VP, LP), (VQ, LQ) = found
    left, right = (~LP).astype(np.float64), (~LQ).astype(np.float64)
    pa, pb = [], []
    step = max(1, _BLOCK // len(right))
    for s in range(0, len(left), step):
        a, b = np.nonzero(left[s : s + step] @ right.T == 0.0)
        pa.append(a + s)
        pb.append(b)
    return _pairs_nonzero(
        VP, LP[:, :m], np.concatenate(pa), VQ, LQ[:, m:], np.concatenate(pb), tol
    ), degenerate


def _pairs_nonzero(
    VP: FloatArray,
    zero_p: Bools,
    pa: npt.NDArray[np.intp],
    VQ: FloatArray,
    zero_q: Bools,
    pb: npt.NDArray[np.intp],
    tol: float,
) -> list[Candidate]:
    """:func:`_pairs` without the artificial pair (0, 0)."""
    keep = VP[pa].sum(axis=1) > tol
    return _pairs(VP, zero_p, pa[keep], VQ, zero_q, pb[keep])


def _pairs(
    VP: FloatArray,
    zero_p: Bools,
    pa: npt.NDArray[np.intp],
    VQ: FloatArray,
    zero_q: Bools,
    pb: npt.NDArray[np.intp],
) -> list[Candidate]:
    """Vertex pairs as candidates: coordinates labelled zero set to zero, then normalised."""
    X = VP[pa]
    X *= ~zero_p[pa]
    X /= X.sum(axis=1, keepdims=True)
    Y = VQ[pb]
    Y *= ~zero_q[pb]
    Y /= Y.sum(axis=1, keepdims=True)
    return [
        (X[k], Y[k], a, b) for k, (a, b) in enumerate(zip(pa.tolist(), pb.tolist(), strict=True))
    ]


# ---------------------------------------------------------------------------- the solver
def vertex_enumeration(
    game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """All extreme Nash equilibria of a two-player game, by vertex enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    exact : bool, optional
        Rational arithmetic (complete on every game, degenerate ones included). Default: exact
        when the game's payoffs are exact numbers, float otherwise.
    tol : float, optional
        Float mode: tolerance on regrets in payoff units (default: ``1e-9`` times the payoff
        scale); labels use it relative to each player's payoff range.

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"vertex"``; ``components`` holds the maximal cliques of
        extreme equilibria. ``complete`` is true in exact mode and in float mode for games that
        look nondegenerate; a float run on a degenerate-looking game returns what it found with
        ``complete=False``, a note in ``warnings`` and a :class:`DegenerateGameWarning`.

    Examples
    --------
    Battle of the Sexes has two pure equilibria and a mixed one:

    >>> import alliancegame as ag
    >>> bos = ag.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                     players=["Her", "Him"],
    ...                                     strategies=[["opera", "fight"]] * 2)
    >>> res = vertex_enumeration(bos)
    >>> for eq in res:
    ...     print(eq.describe())
    Her: opera | Him: opera ; payoffs Her=2, Him=1
    Her: opera=2/3, fight=1/3 | Him: opera=1/3, fight=2/3 ; payoffs Her=2/3, Him=2/3
    Her: fight | Him: fight ; payoffs Her=1, Him=2

    A degenerate game: the row player is indifferent, so equilibria form a continuum made of
    three segments (cliques), each the convex hull of two extreme equilibria:

    >>> g = ag.NormalFormGame.from_arrays([[1, 1], [1, 1]], [[1, 0], [0, 1]])
    >>> res = vertex_enumeration(g)
    >>> len(res), res.components
    (4, ((0, 1), (1, 2), (2, 3)))
    """
    game = bimatrix_game(game, "vertex_enumeration")
    exact_mode = use_exact(game, exact)
    m, n = game.shape
    notes: list[str] = []
    if exact_mode:
        Ai, Bi = positive_integer_matrices(game)
        P = exact_vertices(Bi)
        Q = exact_vertices([list(col) for col in zip(*Ai, strict=True)])
        candidates, _ = _match_exact(P, Q, m, n)
        result = build_result(
            game,
            method="vertex",
            where="vertex_enumeration",
            exact=True,
            candidates=candidates,
            tol=None,
            complete=True,
            options={"exact": True},
            dedupe=False,
        )
        note = component_note(result.components)
        if note:
            return _with_notes(result, note)
        return result
    payoffs = game.payoff_array()
    tolerance = float_tolerance(game, tol, "vertex_enumeration", payoffs)
    A, B, ra, rb = positive_float_matrices(game, payoffs)
    tol_p = tolerance / rb if rb else 1e-9
    tol_q = tolerance / ra if ra else 1e-9
    candidates, degenerate = _match_float(
        _float_hull(B, tol_p), _float_hull(A.T.copy(), tol_q), m, n, min(tol_p, tol_q)
    )
    if degenerate:
        notes.append(degenerate_message("vertex_enumeration"))
    result = build_result(
        game,
        method="vertex",
        where="vertex_enumeration",
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


def _with_notes(result: SolverResult, notes: list[str]) -> SolverResult:
    from dataclasses import replace

    return replace(result, warnings=(*result.warnings, *notes))
