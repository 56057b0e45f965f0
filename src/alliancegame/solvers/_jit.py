"""Compiled kernels for the two-player solvers (optional: needs numba).

The functions here are plain Python over NumPy arrays, written as explicit loops so that numba
can compile them (``pip install "alliancegame[fast]"``). :func:`lemke_howson_kernel` compiles
on first use, lazily: importing this module never imports numba, and without numba the solvers
use their vectorised NumPy implementations, which follow the same rules and find the same
answers. Compiled code is cached on disk (numba's ``cache=True``: next to this file, or in the
user's cache directory when the installation is read-only); where no cache location is
writable, the kernel is compiled once per process.

The Lemke–Howson kernel is the complementary pivoting of :mod:`~alliancegame.solvers.lemke_howson`
step for step: the same dictionaries (rows = basic variables, columns = non-basic ones and the
right-hand side), the same minimum-ratio test with the same tolerances, the same lexicographic
tie-breaking on the columns of the starting basis (Lemke & Howson 1964; von Stengel 2007, §3.6),
and the same pivot arithmetic.

References
----------
Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413–423.

von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. In N. Nisan, T. Roughgarden, É. Tardos & V. Vazirani (eds.), *Algorithmic Game Theory*,
ch. 3, 53–78. Cambridge University Press.

Lam, S. K., Pitrou, A., & Seibert, S. (2015). Numba: a LLVM-based Python JIT compiler.
*Proceedings of the Second Workshop on the LLVM Compiler Infrastructure in HPC*, 1–6.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from typing import Any

import numpy as np

__all__ = ["lemke_howson_kernel", "lemke_howson_path"]

#: Status codes returned by :func:`lemke_howson_path`.
DONE, UNBOUNDED, MAX_PIVOTS = 0, 1, 2


def lemke_howson_path(U: Any, k0: int, max_pivots: int, piv_tol: float) -> Any:
    """Follow the Lemke–Howson path from the artificial equilibrium, dropping label ``k0``.

    Parameters
    ----------
    U : ndarray
        The payoffs, shape ``(2, m, n)``, float64. Each player's payoffs are mapped onto
        ``[1, 2]`` first, as :func:`~alliancegame.solvers.mixed.positive_float_matrices` does.
    k0 : int
        The dropped label (``0..m-1`` rows, ``m..m+n-1`` columns).
    max_pivots : int
        Stop after this many pivots.
    piv_tol : float
        Pivot entries at or below this are treated as non-positive in the ratio test.

    Returns
    -------
    tuple
        ``(x, basis_P, y, basis_Q, pivots, status)``: the vertex pair reached (not normalised,
        negative rounding clipped to zero), the basic variables (labels) of each system by row,
        the number of pivots, and ``DONE`` (0), ``UNBOUNDED`` (1, no positive pivot entry) or
        ``MAX_PIVOTS`` (2, no end within ``max_pivots``).

    Examples
    --------
    Battle of the Sexes; dropping label 0 ends at the pure equilibrium (first row, first
    column) after two pivots (compiled or not, the path is the same):

    >>> U = np.array([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    >>> x, basis_p, y, basis_q, pivots, status = lemke_howson_path(U, 0, 100, 1e-12)
    >>> np.round(x, 4).tolist(), y.tolist(), basis_p.tolist(), basis_q.tolist(), pivots, status
    ([0.6667, 0.0], [0.5, 0.0], [0, 3], [2, 1], 2, 0)
    """
    _, m, n = U.shape
    size = m + n
    big = max(m, n)
    # payoffs onto [1, 2]: 1 + (u - min) / (max - min), or all ones for a constant player
    lo = np.empty(2)
    span = np.empty(2)
    for p in range(2):
        lo[p] = U[p].min()
        span[p] = U[p].max() - lo[p]
    # P: B^T x + s = 1 (basic: the slacks m..m+n-1); Q: A y + r = 1 (basic: the slacks 0..m-1)
    DP = np.empty((n, m + 1))
    for i in range(n):
        for j in range(m):
            DP[i, j] = 1.0 + (U[1, j, i] - lo[1]) / span[1] if span[1] != 0.0 else 1.0
        DP[i, m] = 1.0
    DQ = np.empty((m, n + 1))
    for i in range(m):
        for j in range(n):
            DQ[i, j] = 1.0 + (U[0, i, j] - lo[0]) / span[0] if span[0] != 0.0 else 1.0
        DQ[i, n] = 1.0
    basis_p = np.arange(m, size)
    nonbasic_p = np.arange(0, m)
    basis_q = np.arange(0, m)
    nonbasic_q = np.arange(m, size)
    pos = np.full((2, size), -1, dtype=np.int64)  # column of each non-basic label, per system
    row = np.full((2, size), -1, dtype=np.int64)  # row of each basic label, per system
    for q in range(m):
        pos[0, q] = q
        row[1, q] = q
    for r in range(n):
        row[0, m + r] = r
        pos[1, m + r] = r
    ties = np.empty(big, dtype=np.int64)
    vals = np.empty(big)
    col = np.empty(big)
    prow = np.empty(big + 1)
    s = 0 if k0 < m else 1
    entering = k0
    count = 0
    status = MAX_PIVOTS
    while count < max_pivots:
        count += 1
        if s == 0:
            D, basis, nonbasic, lex0 = DP, basis_p, nonbasic_p, m
        else:
            D, basis, nonbasic, lex0 = DQ, basis_q, nonbasic_q, 0
        rows = D.shape[0]
        last = D.shape[1] - 1
        q = pos[s, entering]
        # minimum-ratio test: rhs / pivot column over the rows with a positive entry
        r = -1
        rmin = np.inf
        for i in range(rows):
            c = D[i, q]
            if c > piv_tol:
                ratio = D[i, last] / c
                if ratio < rmin:
                    rmin = ratio
                    r = i
        if r < 0:
            status = UNBOUNDED
            break
        threshold = rmin + 1e-12 * (1.0 + abs(rmin))
        nt = 0
        for i in range(rows):
            c = D[i, q]
            if c > piv_tol and D[i, last] / c <= threshold:
                ties[nt] = i
                nt += 1
        if nt > 1:  # lexicographic rule on the columns of the starting basis, in its order
            for t in range(rows):
                v = lex0 + t
                pv = pos[s, v]
                best = np.inf
                for k in range(nt):
                    i = ties[k]
                    if pv >= 0:
                        val = D[i, pv] / D[i, q]
                    else:
                        val = (1.0 if row[s, v] == i else 0.0) / D[i, q]
                    vals[k] = val
                    if val < best:
                        best = val
                bound = best + 1e-12 * (1.0 + abs(best))
                kept = 0
                for k in range(nt):
                    if vals[k] <= bound:
                        ties[kept] = ties[k]
                        kept += 1
                nt = kept
                if nt == 1:
                    break
        r = ties[0]
        # pivot on (r, q): D -= col (x) prow, row r becomes prow, column q the inverse column
        p = D[r, q]
        for j in range(last + 1):
            prow[j] = D[r, j] / p
        for i in range(rows):
            col[i] = D[i, q]
        for i in range(rows):
            f = col[i]
            if i != r and f != 0.0:
                for j in range(last + 1):
                    D[i, j] -= f * prow[j]
        for j in range(last + 1):
            D[r, j] = prow[j]
        scale = -1.0 / p
        for i in range(rows):
            D[i, q] = col[i] * scale
        D[r, q] = 1.0 / p
        leaving = basis[r]
        var = nonbasic[q]
        basis[r] = var
        nonbasic[q] = leaving
        row[s, var] = r
        pos[s, var] = -1
        row[s, leaving] = -1
        pos[s, leaving] = q
        if leaving == k0:
            status = DONE
            break
        entering = leaving
        s = 1 - s
    x = np.zeros(m)
    for r in range(n):
        if basis_p[r] < m:
            x[basis_p[r]] = max(DP[r, m], 0.0)
    y = np.zeros(n)
    for r in range(m):
        if basis_q[r] >= m:
            y[basis_q[r] - m] = max(DQ[r, n], 0.0)
    return x, basis_p, y, basis_q, count, status


@functools.cache
def lemke_howson_kernel() -> Any | None:
    """:func:`lemke_howson_path` compiled by numba, or ``None`` without a working numba.

    The first call in a process compiles the kernel (about two seconds) or loads it from numba's
    on-disk cache (a few tenths of a second, mostly numba's own start-up), by running it once on
    a 1 x 1 game; later calls return the same compiled function.

    Examples
    --------
    >>> kernel = lemke_howson_kernel()
    >>> kernel is None or kernel.py_func is lemke_howson_path
    True
    """
    try:
        numba = importlib.import_module("numba")
    except ImportError:  # not installed, or installed against an incompatible NumPy
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's notices about its own deprecations
        try:
            kernel = numba.njit(cache=True, nogil=True)(lemke_howson_path)
        except RuntimeError:  # no writable cache location: compile once per process
            kernel = numba.njit(nogil=True)(lemke_howson_path)
        try:
            kernel(np.ones((2, 1, 1)), 0, 1, 1e-12)  # compile now, for C-contiguous payoffs
        except Exception:  # a numba that cannot compile this kernel: NumPy serves instead
            return None
    return kernel
