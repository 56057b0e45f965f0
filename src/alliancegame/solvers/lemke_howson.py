"""One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

With payoffs made positive, write the best-response polytopes as equations with slacks,

.. math::

    B^\\top x + s = 1,\\; x, s \\ge 0 \\qquad\\text{and}\\qquad A y + r = 1,\\; y, r \\ge 0,

and give each variable a label: :math:`x_i` and :math:`r_i` carry label :math:`i` (a row
strategy), :math:`y_j` and :math:`s_j` carry label :math:`m + j` (a column strategy). A label is
*present* when its variable is non-basic (zero). At the artificial start :math:`x = 0, y = 0`
every label is present. Lemke & Howson (1964) **drop** one label *k*: its variable enters the
basis of its system, and the variable that leaves (by the minimum-ratio test) has some label
*l*, which is now present twice. The variable with label *l* in the *other* system enters next,
and so on, alternating between the two systems. The path is a sequence of almost completely
labelled vertex pairs (only *k* missing); it cannot revisit a pair or return to the start, so it
ends when the leaving variable has label *k*: a completely labelled pair, i.e. an equilibrium
(Shapley 1974 gives the graph-theoretic proof, and the index theory behind "the number of
equilibria of a nondegenerate game is odd").

In a degenerate game the ratio test can tie and the path could cycle. Ties are broken by the
**lexicographic** rule: among the tied rows choose the lexicographically smallest row of
:math:`(b, \\mathcal{B}^{-1}) / \\text{pivot entry}`, where :math:`\\mathcal{B}^{-1}` is read off
the columns of the starting slack basis. This is the simplex method on the perturbed right-hand
side :math:`1 + (\\varepsilon, \\varepsilon^2, \\dots)`, which is nondegenerate, so the path is
well defined and finite on every game (von Stengel 2007, §3.6).

Exact mode pivots in integers (fraction-free, as in :mod:`~alliancegame.solvers.vertex`). Float
mode keeps each system as a dense dictionary (basic rows by non-basic columns, half the width of
the full tableau) and pivots either in a compiled loop (numba, when installed: the
``engine="numba"`` kernel of :mod:`~alliancegame.solvers._jit`) or with one BLAS rank-one update
per pivot (``engine="numpy"``); the two follow the same rules, so they take the same path. The
answer is recomputed from the final bases by a linear solve if the pivoted values fail
verification. Different dropped labels can reach different equilibria;
``all_labels=True`` runs every label and returns the distinct equilibria found (not necessarily
all of them: use vertex or support enumeration for that).

References
----------
Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413–423.

Shapley, L. S. (1974). A note on the Lemke–Howson algorithm. *Mathematical Programming Study* 1,
175–189.

von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In N. Nisan, T. Roughgarden, É. Tardos & V. Vazirani (eds.), *Algorithmic Game Theory*,
ch. 3, 53–78. Cambridge University Press.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import GameError, SolverError, did_you_mean
from ..games.normal import NormalFormGame
from .mixed import (
    Candidate,
    FloatArray,
    IntMatrix,
    bimatrix_game,
    build_result,
    float_tolerance,
    integer_pivot,
    label_name,
    positive_float_matrices,
    positive_integer_matrices,
    use_exact,
)
from .result import SolverResult

__all__ = ["lemke_howson"]

#: Default cap on the number of pivots (a guard against numerical trouble, not a path limit
#: that a correct run on any reasonable game reaches).
MAX_PIVOTS = 10_000_000


def _resolve_label(game: NormalFormGame, label: Any) -> int:
    """An initial label as an index: an int, or a ``(player, strategy)`` pair of names."""
    m, n = game.shape
    if isinstance(label, tuple) and len(label) == 2:
        player, strategy = label
        i = game.player_index(player)
        k = game.strategy_index(i, strategy)
        return k if i == 0 else m + k
    if isinstance(label, int | np.integer) and not isinstance(label, bool):
        if not 0 <= int(label) < m + n:
            raise GameError(
                f"lemke_howson: initial_label must be in 0..{m + n - 1} (row strategies, then "
                f"column strategies) or a (player, strategy) pair, got {label!r}"
            )
        return int(label)
    if isinstance(label, str):
        names = [*game.strategies[0], *game.strategies[1]]
        raise GameError(
            f"lemke_howson: initial_label {label!r} is ambiguous; give a (player, strategy) "
            f"pair such as ({game.players[0]!r}, {game.strategies[0][0]!r})"
            f"{did_you_mean(label, names)}"
        )
    raise GameError(
        f"lemke_howson: initial_label must be an int or a (player, strategy) pair, got {label!r}"
    )


# ---------------------------------------------------------------------------- float
#: Largest block (rows x columns) handed to one BLAS rank-one update. OpenBLAS runs smaller
#: updates on one thread; waking its thread pool for every pivot costs far more than it saves.
_BLOCK = 8192


class _FloatSystem:
    """One system as a dictionary: rows = basic variables, columns = non-basic ones + rhs.

    The array is Fortran-ordered and updated in place, so the column views stay valid.
    """

    __slots__ = ("D", "b", "basis", "blocks", "lex", "nonbasic", "pos", "ratios", "row")

    def __init__(self, M: FloatArray, basis: list[int], nonbasic: list[int], size: int) -> None:
        rows, cols = M.shape
        self.D = np.empty((rows, cols + 1), order="F")
        self.D[:, :cols] = M
        self.D[:, cols] = 1.0
        self.b = self.D[:, cols]
        width = max(1, _BLOCK // rows)
        self.blocks = [(j, min(j + width, cols + 1)) for j in range(0, cols + 1, width)]
        self.basis = basis
        self.nonbasic = nonbasic
        self.lex = list(basis)  # the starting (slack) basis gives the lexicographic order
        self.pos = [-1] * size  # column of each non-basic label
        self.row = [-1] * size  # row of each basic label
        for q, v in enumerate(nonbasic):
            self.pos[v] = q
        for r, v in enumerate(basis):
            self.row[v] = r
        self.ratios = np.empty(rows)

    def ratio_test(self, q: int, piv_tol: float) -> int:
        """The leaving row for entering column ``q``: minimum ratio, lexicographic on ties.

        Call inside ``np.errstate(divide="ignore", invalid="ignore")``.
        """
        c = self.D[:, q]
        ratios = self.ratios
        np.divide(self.b, c, out=ratios)
        ratios[c <= piv_tol] = np.inf
        r = int(ratios.argmin())
        rmin = float(ratios[r])
        if rmin == np.inf:
            raise SolverError("lemke_howson: unbounded ray (the payoffs are not positive?)")
        threshold = rmin + 1e-12 * (1.0 + abs(rmin))
        ratios[r] = np.inf
        if ratios[ratios.argmin()] > threshold:
            return r
        ratios[r] = rmin
        ties = np.flatnonzero(ratios <= threshold)
        for v in self.lex:  # lexicographic rule on the columns of the starting basis
            if self.pos[v] >= 0:
                vals = self.D[ties, self.pos[v]] / c[ties]
            else:
                vals = (ties == self.row[v]).astype(float) / c[ties]
            best = vals.min()
            ties = ties[vals <= best + 1e-12 * (1.0 + abs(best))]
            if len(ties) == 1:
                break
        return int(ties[0])

    def pivot(self, r: int, q: int, dger: Any) -> int:
        """Pivot on row ``r`` and column ``q``; return the label that left the basis."""
        D = self.D
        c = D[:, q]
        col = c.copy()
        p = float(col[r])
        prow = D[r, :] / p
        for j0, j1 in self.blocks:  # D -= col (x) prow, in place
            dger(-1.0, col, prow[j0:j1], a=D[:, j0:j1], overwrite_a=1)
        D[r, :] = prow
        np.multiply(col, -1.0 / p, out=c)
        c[r] = 1.0 / p
        leaving = self.basis[r]
        entering = self.nonbasic[q]
        self.basis[r] = entering
        self.nonbasic[q] = leaving
        self.row[entering] = r
        self.pos[entering] = -1
        self.row[leaving] = -1
        self.pos[leaving] = q
        return leaving


#: The end of a float path: the vertex pair reached (not normalised, negative rounding clipped),
#: each system's basic variables by row, and the number of pivots.
FloatPath = tuple[FloatArray, npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int64], int]

#: Pivot entries at or below this count as non-positive in the ratio test.
_PIV_TOL = 1e-12

_ENGINES = ("auto", "numba", "numpy")


def _kernel(engine: str, exact: bool) -> Any | None:
    """The compiled path kernel for ``engine``, or ``None`` (NumPy, or exact arithmetic)."""
    if engine not in _ENGINES:
        raise GameError(
            f"lemke_howson: engine must be one of {', '.join(map(repr, _ENGINES))}, got "
            f"{engine!r}{did_you_mean(str(engine), _ENGINES)}"
        )
    if engine == "numpy" or exact:
        return None
    from ._jit import lemke_howson_kernel

    kernel = lemke_howson_kernel()
    if kernel is None and engine == "numba":
        raise ImportError(
            'lemke_howson: engine="numba" needs a working numba: pip install "alliancegame[fast]"'
        )
    return kernel


def _no_end(max_pivots: int) -> SolverError:
    return SolverError(
        f"lemke_howson: no equilibrium after {max_pivots} pivots (raise max_pivots, or use "
        f"exact=True)"
    )


def _unbounded() -> SolverError:
    return SolverError("lemke_howson: unbounded ray (the payoffs are not positive?)")


def _path_compiled(kernel: Any, payoffs: FloatArray, k0: int, max_pivots: int) -> FloatPath:
    """The path by the compiled kernel (which maps the payoffs onto ``[1, 2]`` itself)."""
    x, basis_p, y, basis_q, count, status = kernel(
        np.ascontiguousarray(payoffs), k0, max_pivots, _PIV_TOL
    )
    if status == 0:
        return x, basis_p, y, basis_q, int(count)
    raise _unbounded() if status == 1 else _no_end(max_pivots)


def _path_numpy(A: FloatArray, B: FloatArray, k0: int, max_pivots: int) -> FloatPath:
    """The path in NumPy, on the positive matrices of ``positive_float_matrices``."""
    from scipy.linalg.blas import dger

    m, n = A.shape
    size = m + n
    P = _FloatSystem(B.T, list(range(m, size)), list(range(m)), size)
    Q = _FloatSystem(A, list(range(m)), list(range(m, size)), size)
    system, other = (P, Q) if k0 < m else (Q, P)
    entering = k0
    with np.errstate(divide="ignore", invalid="ignore"):
        for count in range(1, max_pivots + 1):
            q = system.pos[entering]
            leaving = system.pivot(system.ratio_test(q, _PIV_TOL), q, dger)
            if leaving == k0:
                basis_p, basis_q = np.array(P.basis), np.array(Q.basis)
                x, y = _vertex_pair(P.b, basis_p, Q.b, basis_q, m, n)
                return x, basis_p, y, basis_q, count
            entering = leaving
            system, other = other, system
    raise _no_end(max_pivots)


def _vertex_pair(
    vp: Any, basis_p: npt.NDArray[np.int64], vq: Any, basis_q: npt.NDArray[np.int64], m: int, n: int
) -> tuple[FloatArray, FloatArray]:
    """The vertex pair from the values ``vp``, ``vq`` of the basic variables (clipped at 0)."""
    x = np.zeros(m)
    y = np.zeros(n)
    rows = basis_p < m
    x[basis_p[rows]] = np.maximum(vp[rows], 0.0)
    cols = basis_q >= m
    y[basis_q[cols] - m] = np.maximum(vq[cols], 0.0)
    return x, y


def _strategies_float(path: FloatPath) -> tuple[FloatArray, FloatArray]:
    """The end of the path as a pair of mixed strategies."""
    x, _, y, _, _ = path
    return x / x.sum(), y / y.sum()


def _refined_float(A: FloatArray, B: FloatArray, path: FloatPath) -> tuple[Any, Any]:
    """Recompute the vertex pair from the final bases by solving the basic columns afresh."""
    m, n = A.shape
    _, basis_p, _, basis_q, _ = path
    vx = np.linalg.solve(np.hstack([B.T, np.eye(n)])[:, basis_p], np.ones(n))
    vy = np.linalg.solve(np.hstack([np.eye(m), A])[:, basis_q], np.ones(m))
    x, y = _vertex_pair(vx, basis_p, vy, basis_q, m, n)
    return x / x.sum(), y / y.sum()


# ---------------------------------------------------------------------------- exact
def _path_exact(
    A: IntMatrix, B: IntMatrix, k0: int, max_pivots: int
) -> tuple[list[Fraction], list[Fraction], int]:
    m, n = len(A), len(A[0])
    size = m + n
    # each system: [dictionary, det, basis, nonbasic, starting basis]
    P: list[Any] = [
        [[B[i][j] for i in range(m)] + [1] for j in range(n)],
        1,
        list(range(m, size)),
        list(range(m)),
        list(range(m, size)),
    ]
    Q: list[Any] = [[[*A[i], 1] for i in range(m)], 1, list(range(m)), list(range(m, size))]
    Q.append(list(range(m)))
    system, other = (P, Q) if k0 < m else (Q, P)
    entering = k0
    count = 0
    while True:
        count += 1
        if count > max_pivots:
            raise SolverError(f"lemke_howson: no equilibrium after {max_pivots} pivots")
        D, det, basis, nonbasic, lex = system
        q = nonbasic.index(entering)
        rows = [r for r in range(len(D)) if D[r][q] > 0]
        if not rows:
            raise SolverError("lemke_howson: unbounded ray (the payoffs are not positive?)")
        # lexicographic minimum of (rhs, starting-basis columns) / pivot entry
        keys: list[list[int]] = [[D[r][-1] for r in rows]]
        for v in lex:
            if v in nonbasic:
                c = nonbasic.index(v)
                keys.append([D[r][c] for r in rows])
            else:
                i = basis.index(v)
                keys.append([det if r == i else 0 for r in rows])
        cand = list(range(len(rows)))
        for key in keys:
            best = cand[0]
            for t in cand[1:]:
                if key[t] * D[rows[best]][q] < key[best] * D[rows[t]][q]:
                    best = t
            cand = [t for t in cand if key[t] * D[rows[best]][q] == key[best] * D[rows[t]][q]]
            if len(cand) == 1:
                break
        r = rows[cand[0]]
        leaving = basis[r]
        system[:4] = integer_pivot(D, det, basis, nonbasic, r, q)
        if leaving == k0:
            break
        entering = leaving
        system, other = other, system
    x = [0] * m
    y = [0] * n
    for r, v in enumerate(P[2]):
        if v < m:
            x[v] = P[0][r][-1]
    for r, v in enumerate(Q[2]):
        if v >= m:
            y[v - m] = Q[0][r][-1]
    sx, sy = sum(x), sum(y)
    return [Fraction(v, sx) for v in x], [Fraction(v, sy) for v in y], count


# ---------------------------------------------------------------------------- the solver
def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int | tuple[str, str] = 0,
    exact: bool | None = None,
    tol: float | None = None,
    all_labels: bool = False,
    max_pivots: int = MAX_PIVOTS,
    engine: str = "auto",
) -> SolverResult:
    """One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    initial_label : int or (str, str)
        The label dropped first: a ``(player, strategy)`` pair of names, or an index (the first
        player's strategies are ``0..m-1``, the second player's ``m..m+n-1``).
    exact : bool, optional
        Rational arithmetic. Default: exact when the game's payoffs are exact numbers.
    tol : float, optional
        Float mode: tolerance on regrets in payoff units (default: ``1e-9`` times the payoff
        scale).
    all_labels : bool
        Run from every initial label and return the distinct equilibria found.
    max_pivots : int
        Give up (``SolverError``) after this many pivots on one path.
    engine : {"auto", "numba", "numpy"}
        Float mode: who pivots. ``"numba"`` runs a compiled kernel (``pip install
        "alliancegame[fast]"``), several times faster than ``"numpy"``, the vectorised NumPy
        implementation; both follow the same rules and find the same equilibrium. The first
        compiled call in a process starts numba and loads the kernel from its on-disk cache
        (about half a second; compiling it the very first time takes a few seconds).
        ``"auto"``: numba when it is installed.

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"lemke-howson"``, ``complete=False``; ``options`` records the
        label(s), the number of pivots of each path and, in float mode, the engine used.

    Examples
    --------
    >>> import alliancegame as ag
    >>> bos = ag.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                     players=["Her", "Him"],
    ...                                     strategies=[["opera", "fight"]] * 2)
    >>> lemke_howson(bos, initial_label=("Her", "fight"))[0].describe()
    'Her: fight | Him: fight ; payoffs Her=1, Him=2'
    >>> res = lemke_howson(bos, all_labels=True)
    >>> len(res), res.complete
    (2, False)
    """
    game = bimatrix_game(game, "lemke_howson")
    if not (isinstance(max_pivots, int) and max_pivots > 0):
        raise GameError(f"lemke_howson: max_pivots must be a positive int, got {max_pivots!r}")
    m, n = game.shape
    labels = list(range(m + n)) if all_labels else [_resolve_label(game, initial_label)]
    exact_mode = use_exact(game, exact)
    kernel = _kernel(engine, exact_mode)
    candidates: list[Candidate] = []
    pivots: dict[str, int] = {}
    notes: list[str] = []
    paths: list[FloatPath] = []
    options: dict[str, Any] = {"exact": exact_mode, "pivots": pivots}
    if exact_mode:
        tolerance = None
        Ai, Bi = positive_integer_matrices(game)
        for k in labels:
            x, y, count = _path_exact(Ai, Bi, k, max_pivots)
            pivots[label_name(game, k)] = count
            candidates.append((x, y, k, k))
    else:
        payoffs = game.payoff_array()
        tolerance = float_tolerance(game, tol, "lemke_howson", payoffs)
        if kernel is None:
            A, B, _, _ = positive_float_matrices(game, payoffs)
        for k in labels:
            if kernel is None:
                path = _path_numpy(A, B, k, max_pivots)
            else:  # the kernel maps the payoffs onto [1, 2] as positive_float_matrices does
                path = _path_compiled(kernel, payoffs, k, max_pivots)
            pivots[label_name(game, k)] = path[4]
            xf, yf = _strategies_float(path)
            candidates.append((xf, yf, k, k))
            paths.append(path)
        options["tol"] = tolerance
        options["engine"] = "numpy" if kernel is None else "numba"
    options["initial_label"] = "all" if all_labels else label_name(game, labels[0])

    def build() -> SolverResult:
        return build_result(
            game,
            method="lemke-howson",
            where="lemke_howson",
            exact=exact_mode,
            candidates=candidates,
            tol=tolerance,
            complete=False,
            notes=notes,
            options=options,
            with_components=False,
            dedupe=all_labels,  # one path gives one candidate
        )

    if exact_mode:
        return build()
    try:
        return build()
    except SolverError:
        # rounding errors accumulated along a long path: recompute from the final bases
        A, B, _, _ = positive_float_matrices(game, payoffs)
        for c, path in enumerate(paths):
            xf, yf = _refined_float(A, B, path)
            candidates[c] = (xf, yf, candidates[c][2], candidates[c][3])
        notes.append(
            "lemke_howson: rounding errors accumulated along the path; the answer was "
            "recomputed from the final bases"
        )
        return build()
