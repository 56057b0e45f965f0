"""Parameter sweeps: solve a parameterised game at every point of a grid, vectorised.

A sweep evaluates the payoffs for a whole batch of parameter points with the game's compiled
kernel and solves all points at once with a batched solver:

* normal-form games, concept ``"pure"``: the pure-Nash test of :func:`~alliancegame.pure_nash_mask`
  over an array of shape ``(points, N, s_1, ..., s_N)``;
* extensive-form games, concept ``"spe"``: level-by-level backward induction over the batch
  (:func:`~alliancegame.backward_induction_batch`);
* two-player normal forms, concept ``"nash"`` (all extreme mixed equilibria): support
  enumeration over the batch (:func:`~alliancegame.nash_batch`), with the points that look
  degenerate re-solved exactly;
* other concepts are solved point by point with :func:`~alliancegame.solve` (slower).

Each point receives an *outcome label* (its equilibrium profile or path, by name). Points are
processed in chunks sized to memory; chunks can run on any :class:`concurrent.futures.Executor`
(a process pool, or a ``dask.distributed`` cluster through ``Client.get_executor()``) or any
map-like callable, and the result is identical, point for point, to the serial run.
"""

from __future__ import annotations

import math
import pickle
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.arrays import available_memory
from ..core.errors import AllianceGameError, GameError, UnknownNameError, did_you_mean
from ..games.normal import NormalFormGame
from ..solvers.pure import pure_nash_mask

__all__ = ["SweepFailure", "SweepResult", "sweep"]

_NO_PURE = "no pure equilibrium"


@dataclass(frozen=True, slots=True)
class SweepFailure:
    """A chunk of points that could not be solved: where, and why.

    Attributes
    ----------
    start, stop : int
        The chunk's points, as flat indices ``start:stop`` into the grid (C order) or the table.
    first_point : dict of str to float
        The parameter values at the chunk's *first* point (the failing point may be any point
        of the chunk; the error message usually says which values it could not handle).
    error : str
        The error raised while solving the chunk.
    """

    start: int
    stop: int
    first_point: dict[str, float]
    error: str


@dataclass(frozen=True, slots=True, eq=False)
class SweepResult:
    """The outcome of a parameter sweep.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveGame
        The parameterised game.
    concept : str
        The solution concept used at every point.
    axes : dict of str to ndarray
        For a grid: the values along each swept parameter (the grid is their Cartesian product,
        in this order). For a table of points: each parameter's value at each point.
    grid : bool
        Whether ``axes`` span a grid (True) or list points (False).
    fixed : dict
        Parameters held fixed (given explicitly or at their defaults).
    labels : tuple of str
        Outcome labels; ``codes`` index into it.
    codes : ndarray of int
        Outcome code per point, shape ``shape``; -1 where the point failed.
    n_equilibria : ndarray of int
        Number of equilibria found per point. Trees: 1 where the subgame-perfect equilibrium is
        unique, 2 where some decision node has a tie (meaning *two or more* pure SPE).
    payoffs : ndarray of float
        Shape ``(*shape, n_players)``: equilibrium payoffs where the point has exactly one
        equilibrium, NaN otherwise; for trees, the (expected) payoffs of the SPE that takes the
        first-listed action among ties.
    choices : ndarray of int16, optional
        Trees: the chosen action index at each decision node (shape ``(*shape, n_decisions)``).
    decision_nodes : tuple of str
        Trees: a description of each decision node (player and infoset).
    failures : tuple of SweepFailure
        Chunks that raised; their points have code -1 and the other points are kept.
    """

    game: Any
    concept: str
    axes: dict[str, npt.NDArray[np.float64]]
    grid: bool
    fixed: dict[str, Any]
    labels: tuple[str, ...]
    codes: npt.NDArray[np.int64]
    n_equilibria: npt.NDArray[np.int64]
    payoffs: npt.NDArray[np.float64]
    choices: npt.NDArray[np.int16] | None = None
    decision_nodes: tuple[str, ...] = ()
    failures: tuple[SweepFailure, ...] = field(default=())

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the grid (or ``(n_points,)`` for a table of points)."""
        return tuple(self.codes.shape)

    @property
    def size(self) -> int:
        """Number of points."""
        return int(self.codes.size)

    def outcome(self, code: int) -> str:
        """The label of an outcome code."""
        return "failed" if code < 0 else self.labels[code]

    def label_at(self, **point: float) -> str:
        """The outcome label at the grid point nearest to ``point`` (a grid sweep).

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       parameters={"P": 10})
        >>> sw = sweep(g, P=[0.0, 10.0])
        >>> sw.label_at(P=0)
        'Player 1: 2, Player 2: 2'
        """
        if not self.grid:
            raise GameError("label_at: only for grid sweeps; index the table of points instead")
        idx = []
        for name, values in self.axes.items():
            if name not in point:
                raise GameError(f"label_at: give a value for swept parameter {name!r}")
            idx.append(int(np.argmin(np.abs(values - float(point[name])))))
        extra = set(point) - set(self.axes)
        if extra:
            raise GameError(f"label_at: {sorted(extra)} are not swept parameters")
        return self.outcome(int(self.codes[tuple(idx)]))

    def shares(self) -> dict[str, float]:
        """The share of points with each outcome.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       parameters={"P": 10})
        >>> sweep(g, P=[0.0, 0.5, 10.0]).shares()["Player 1: 2, Player 2: 2"]
        0.666...
        """
        codes, counts = np.unique(self.codes, return_counts=True)
        return {
            self.outcome(int(c)): int(n) / self.size for c, n in zip(codes, counts, strict=True)
        }

    @property
    def decision_actions(self) -> tuple[tuple[str, ...], ...]:
        """Trees: the action names at each decision node (``choices`` index into them)."""
        if self.choices is None:
            return ()
        return tuple(tuple(self.game.nodes[k].actions) for k in self.game.decision_nodes)

    def _decision_columns(self) -> list[tuple[int, str]]:
        """One decision node per distinct label (nodes of one information set choose alike)."""
        seen: dict[str, int] = {}
        for r, label in enumerate(self.decision_nodes):
            seen.setdefault(label, r)
        return [(r, label) for label, r in seen.items()]

    def equals(self, other: object) -> bool:
        """Whether two sweeps have the same axes, outcomes, counts, payoffs and choices.

        Labels are compared by name, so two sweeps that met the outcomes in a different order (and
        so numbered them differently) are still equal. Payoffs are compared exactly, NaN equal to
        NaN: a serial sweep and one run on an executor give equal results.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        ...                       parameters={"P": 10})
        >>> sweep(g, P=[0.0, 0.5, 10.0]).equals(sweep(g, P=[0.0, 0.5, 10.0], chunk_size=1))
        True
        """
        if not isinstance(other, SweepResult):
            return False
        if self.grid != other.grid or self.concept != other.concept or self.shape != other.shape:
            return False
        if list(self.axes) != list(other.axes) or not all(
            np.array_equal(self.axes[k], other.axes[k]) for k in self.axes
        ):
            return False
        mine = np.array([self.outcome(int(c)) for c in range(-1, len(self.labels))], dtype=object)
        theirs = np.array(
            [other.outcome(int(c)) for c in range(-1, len(other.labels))], dtype=object
        )
        if not np.array_equal(mine[self.codes + 1], theirs[other.codes + 1]):
            return False
        if not np.array_equal(self.n_equilibria, other.n_equilibria):
            return False
        if not np.array_equal(self.payoffs, other.payoffs, equal_nan=True):
            return False
        if self.choices is None or other.choices is None:
            return self.choices is None and other.choices is None
        return np.array_equal(self.choices, other.choices)

    def to_dataframe(self) -> Any:
        """A tidy pandas DataFrame: one row per point, swept parameters and the outcome.

        Columns: the swept parameters, ``outcome`` (categorical), ``n_equilibria``,
        ``payoff[<player>]`` and, for trees, ``choice[<player @ information set>]``: the action
        taken at each decision node, on the equilibrium path or off it (one column per
        information set; empty where the point failed).

        Needs pandas (``pip install "alliancegame[tables]"``).
        """
        pd = _optional("pandas", "tables")
        flat = self._flat_axes()
        data: dict[str, Any] = dict(flat)
        data["outcome"] = pd.Categorical.from_codes(
            np.where(self.codes.ravel() < 0, -1, self.codes.ravel()), categories=list(self.labels)
        )
        data["n_equilibria"] = self.n_equilibria.ravel()
        for i, p in enumerate(self.game.players):
            data[f"payoff[{p}]"] = self.payoffs.reshape(-1, len(self.game.players))[:, i]
        if self.choices is not None:
            flat_choices = self.choices.reshape(-1, self.choices.shape[-1])
            actions = self.decision_actions
            for r, label in self._decision_columns():
                data[f"choice[{label}]"] = pd.Categorical.from_codes(
                    flat_choices[:, r].astype(np.int64), categories=list(actions[r])
                )
        return pd.DataFrame(data)

    def to_xarray(self) -> Any:
        """An xarray Dataset over the grid axes (grid sweeps only). Needs xarray.

        Variables: ``code`` (outcome codes; the labels are in ``attrs["labels"]``),
        ``n_equilibria``, ``payoff`` (over a ``player`` dimension) and, for trees, ``choice``
        (over a ``decision`` dimension, one per information set: the index of the action taken,
        -1 where the point failed; the action names are in ``attrs["actions"]``).
        """
        xr = _optional("xarray", "tables")
        if not self.grid:
            raise GameError("to_xarray: only grid sweeps have grid axes; use to_dataframe()")
        dims = list(self.axes)
        players = list(self.game.players)
        ds = xr.Dataset(
            {
                "code": (dims, self.codes),
                "n_equilibria": (dims, self.n_equilibria),
                "payoff": ([*dims, "player"], self.payoffs),
            },
            coords={**self.axes, "player": players},
        )
        ds.attrs["labels"] = list(self.labels)
        ds.attrs["concept"] = self.concept
        if self.choices is not None:
            columns = self._decision_columns()
            picked = self.choices[..., [r for r, _ in columns]]
            ds["choice"] = ([*dims, "decision"], picked)
            ds = ds.assign_coords(decision=[label for _, label in columns])
            actions = self.decision_actions
            ds.attrs["actions"] = {label: list(actions[r]) for r, label in columns}
        return ds

    def _flat_axes(self) -> dict[str, npt.NDArray[np.float64]]:
        if not self.grid:
            return {k: np.asarray(v) for k, v in self.axes.items()}
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        return {k: m.ravel() for k, m in zip(self.axes, mesh, strict=True)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw a region map (two swept axes) or outcome bands (one axis); returns the ``ax``.

        Needs matplotlib (``pip install "alliancegame[plot]"``).
        """
        from .figures import plot_sweep

        return plot_sweep(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        if self.grid:
            where = "grid " + " x ".join(f"{k}[{len(v)}]" for k, v in self.axes.items())
        else:
            where = f"points of ({', '.join(self.axes)})"
        lines = [f"SweepResult({self.concept!r}, {where}, {self.size} points)"]
        for label, share in sorted(self.shares().items(), key=lambda kv: -kv[1]):
            lines.append(f"  {share:7.2%}  {label}")
        if self.failures:
            lines.append(f"  {len(self.failures)} chunk(s) failed; first: {self.failures[0].error}")
        return "\n".join(lines)


def _optional(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f'this needs {module}: pip install "alliancegame[{extra}]" (or pip install {module})'
        ) from None


# ---------------------------------------------------------------------------------------------
# Preparing the points
# ---------------------------------------------------------------------------------------------


def _check_axis(game: Any, name: str, values: npt.ArrayLike, where: str) -> npt.NDArray[np.float64]:
    params = game.parameters
    if name not in params:
        raise UnknownNameError(
            f"{where}: unknown parameter {name!r}{did_you_mean(name, params.names)}; "
            f"parameters: {', '.join(params.names) or '(none)'}",
            name,
            params.names,
        )
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise GameError(
            f"{where}: values of {name!r} must be one-dimensional, got shape {arr.shape}"
        )
    if arr.size == 0:
        raise GameError(f"{where}: values of {name!r} are empty")
    if not np.all(np.isfinite(arr)):
        raise GameError(f"{where}: values of {name!r} must be finite")
    p = params[name]
    lo = -math.inf if p.lower is None else float(p.lower)
    hi = math.inf if p.upper is None else float(p.upper)
    bad = (arr < lo) | (arr > hi)
    if bad.any():
        raise GameError(
            f"{where}: {name!r} = {arr[bad][0]:g} is outside its declared range "
            f"[{p.lower}, {p.upper}]"
        )
    return arr


def _chunk_values(
    axes: Mapping[str, npt.NDArray[np.float64]],
    grid: bool,
    shape: tuple[int, ...],
    start: int,
    stop: int,
) -> dict[str, npt.NDArray[np.float64]]:
    flat = np.arange(start, stop)
    if grid:
        idx = np.unravel_index(flat, shape)
        return {k: v[i] for (k, v), i in zip(axes.items(), idx, strict=True)}
    return {k: v[start:stop] for k, v in axes.items()}


# ---------------------------------------------------------------------------------------------
# Per-chunk solvers (module-level so that process pools can pickle them)
# ---------------------------------------------------------------------------------------------


class _Shared:
    """A value sent to worker processes once per process instead of once per chunk.

    Pickles as a key and the value's bytes; a worker keeps what it unpickled under the key, so the
    chunks after the first reuse the same game object with its compiled kernels and caches.
    """

    __slots__ = ("_data", "key", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.key = uuid.uuid4().hex
        self._data: bytes | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        if self._data is None:
            self._data = pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL)
        return (_shared_restore, (self.key, self._data))


_SHARED_CACHE: dict[str, _Shared] = {}


def _shared_restore(key: str, data: bytes) -> _Shared:
    shared = _SHARED_CACHE.get(key)
    if shared is None:
        shared = _Shared.__new__(_Shared)
        shared.key, shared.value, shared._data = key, pickle.loads(data), data
        if len(_SHARED_CACHE) >= 8:
            _SHARED_CACHE.pop(next(iter(_SHARED_CACHE)))
        _SHARED_CACHE[key] = shared
    return shared


@dataclass(frozen=True, slots=True)
class _Task:
    shared: _Shared  # (game, axes)
    concept: str
    grid: bool
    shape: tuple[int, ...]
    fixed: dict[str, Any]
    start: int
    stop: int
    options: dict[str, Any]

    @property
    def game(self) -> Any:
        return self.shared.value[0]

    @property
    def axes(self) -> dict[str, npt.NDArray[np.float64]]:
        return dict(self.shared.value[1])


@dataclass(frozen=True, slots=True)
class _ChunkResult:
    start: int
    stop: int
    keys: list[tuple[Any, ...]]  # outcome keys, local
    local: npt.NDArray[np.int64]  # local key index per point
    n_eq: npt.NDArray[np.int64]
    payoffs: npt.NDArray[np.float64]
    choices: npt.NDArray[np.int16] | None
    error: str | None = None


def _failed_chunk(task: _Task, exc: BaseException) -> _ChunkResult:
    n = task.stop - task.start
    return _ChunkResult(
        task.start,
        task.stop,
        [],
        np.full(n, -1, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full((n, 0), np.nan),
        None,
        f"{type(exc).__name__}: {exc}",
    )


def _run_task(task: _Task) -> _ChunkResult:
    try:
        values = {
            **task.fixed,
            **_chunk_values(task.axes, task.grid, task.shape, task.start, task.stop),
        }
        if isinstance(task.game, NormalFormGame):
            if task.concept == "pure":
                return _pure_chunk(task, values)
            if _batched_nash(task):
                return _nash_chunk(task, values)
            return _pointwise_chunk(task, values)
        return _tree_chunk(task, values)
    except AllianceGameError as exc:
        return _failed_chunk(task, exc)


def _pure_chunk(task: _Task, values: dict[str, Any]) -> _ChunkResult:
    game: NormalFormGame = task.game
    n = task.stop - task.start
    pay = game.evaluate(values)
    pay = np.broadcast_to(pay, (n, *pay.shape[-(game.n_players + 1) :]))
    mask = pure_nash_mask(pay, n_players=game.n_players).reshape(n, -1)
    n_eq = mask.sum(axis=1).astype(np.int64)
    uniq, inverse = np.unique(mask, axis=0, return_inverse=True)
    keys = [tuple(int(i) for i in np.flatnonzero(row)) for row in uniq]
    out_pay = np.full((n, game.n_players), np.nan)
    single = n_eq == 1
    if single.any():
        prof = np.argmax(mask[single], axis=1)
        flat_pay = pay[single].reshape(int(single.sum()), game.n_players, -1)
        out_pay[single] = np.take_along_axis(flat_pay, prof[:, None, None], axis=2)[..., 0]
    return _ChunkResult(
        task.start, task.stop, keys, inverse.reshape(-1).astype(np.int64), n_eq, out_pay, None
    )


def _batched_nash(task: _Task) -> bool:
    """Whether :func:`~alliancegame.nash_batch` gives what ``solve(..., **options)`` would."""
    opts = task.options
    return (
        task.concept == "nash"
        and task.game.n_players == 2
        and set(opts) <= {"method", "exact", "tol"}
        and opts.get("method", "vertex") in ("vertex", "support")
        and not opts.get("exact")
        and math.comb(sum(task.game.shape), task.game.shape[0]) <= 4000
    )


def _nash_chunk(task: _Task, values: dict[str, Any]) -> _ChunkResult:
    from .mixed_sweep import nash_batch

    n = task.stop - task.start
    res = nash_batch(task.game, values, tol=task.options.get("tol"))
    keys, local = res.outcome_keys()
    return _ChunkResult(
        task.start, task.stop, keys, local, res.counts.reshape(n), res.unique_payoffs(), None
    )


def _pointwise_chunk(task: _Task, values: dict[str, Any]) -> _ChunkResult:
    from ..solvers.solve import solve

    game: NormalFormGame = task.game
    n = task.stop - task.start
    keys: list[tuple[Any, ...]] = []
    index: dict[tuple[Any, ...], int] = {}
    local = np.empty(n, dtype=np.int64)
    n_eq = np.empty(n, dtype=np.int64)
    out_pay = np.full((n, game.n_players), np.nan)
    arrays = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in values.items()}
    for j in range(n):
        point = {k: float(v[j]) for k, v in arrays.items()}
        res = solve(game.at(point), task.concept, **task.options)
        key = tuple(sorted(_profile_key(e) for e in res.equilibria))
        if key not in index:
            index[key] = len(keys)
            keys.append(key)
        local[j] = index[key]
        n_eq[j] = len(res.equilibria)
        if len(res.equilibria) == 1:
            out_pay[j] = [float(v) for v in res.equilibria[0].payoffs_]
    return _ChunkResult(task.start, task.stop, keys, local, n_eq, out_pay, None)


def _profile_key(eq: Any) -> tuple[Any, ...]:
    return tuple(tuple(round(float(p), 9) for p in probs) for probs in eq.probabilities)


def _tree_chunk(task: _Task, values: dict[str, Any]) -> _ChunkResult:
    from ..solvers.backward import backward_induction_batch

    n = task.stop - task.start
    res = backward_induction_batch(task.game, values)
    n_dec = int(res.choice.shape[-1])
    choices = np.broadcast_to(res.choice, (*res.batch_shape, n_dec)).reshape(-1, n_dec)
    choices = np.broadcast_to(choices, (n, n_dec)).astype(np.int16)
    on_path = np.broadcast_to(res.on_path.reshape(-1, n_dec), (n, n_dec))
    ties = np.broadcast_to(res.tie.reshape(-1, n_dec), (n, n_dec))
    key = np.where(on_path, choices, -1)
    if n_dec:
        uniq, local = unique_rows(key)
        keys = [tuple(int(i) for i in row) for row in uniq]
    else:
        keys, local = [()], np.zeros(n, dtype=np.int64)
    n_eq = np.where(ties.any(axis=1), 2, 1).astype(np.int64)
    payoffs = np.broadcast_to(
        res.payoffs.reshape(-1, res.payoffs.shape[-1]), (n, res.payoffs.shape[-1])
    )
    return _ChunkResult(
        task.start, task.stop, keys, local, n_eq, np.array(payoffs, dtype=float), np.array(choices)
    )


def unique_rows(rows: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct rows of a small-integer matrix and each row's index among them.

    Equivalent to ``np.unique(rows, axis=0, return_inverse=True)`` but hashes each row to one
    integer first (a 1-D sort instead of a lexicographic one), checking for collisions.

    Examples
    --------
    >>> u, inv = unique_rows(np.array([[1, 2], [0, 5], [1, 2]]))
    >>> u.tolist(), inv.tolist()
    ([[0, 5], [1, 2]], [1, 0, 1])
    """
    rows = np.asarray(rows, dtype=np.int64)
    weights = np.random.default_rng(0x5EED).integers(1, 2**62, size=rows.shape[1], dtype=np.int64)
    with np.errstate(over="ignore"):
        h = rows @ weights
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    if not np.array_equal(rows, rows[first][inverse]):  # a hash collision: do it the slow way
        uniq, inv = np.unique(rows, axis=0, return_inverse=True)
        return uniq, np.asarray(inv).reshape(-1).astype(np.int64)
    order = np.lexsort(rows[first].T[::-1])  # the same order as np.unique(axis=0)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rows[first][order], rank[inverse].astype(np.int64)


def decision_node_labels(game: Any) -> list[str]:
    """Labels of a tree's decision nodes (pre-order): ``"player @ information set"``."""
    return [f"{game.nodes[k].player} @ {game.infoset_of(k).label}" for k in game.decision_nodes]


def describe_path(game: Any, key: tuple[int, ...]) -> str:
    """The equilibrium path of a tree from its on-path choices (-1 for nodes off the path)."""
    steps = []
    for r, k in enumerate(game.decision_nodes):
        if r < len(key) and key[r] >= 0:
            node = game.nodes[k]
            steps.append(f"{node.player}: {node.actions[key[r]]}")
    return " → ".join(steps) or "(no decisions)"


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------


def _label_pure(game: NormalFormGame, key: tuple[Any, ...]) -> str:
    if not key:
        return _NO_PURE
    parts = []
    for flat in key:
        idx = np.unravel_index(flat, game.shape)
        parts.append(
            ", ".join(
                f"{p}: {game.strategies[i][int(k)]}"
                for i, (p, k) in enumerate(zip(game.players, idx, strict=True))
            )
        )
    return " | ".join(parts)


def _label_mixed(game: NormalFormGame, key: tuple[Any, ...]) -> str:
    """Equilibria by their supports: ``"US: Hold+Escalate, Iran: Hold"`` (``+`` joins the
    strategies a player mixes); several equilibria are joined by ``" | "``, each listed once."""
    if not key:
        return "no equilibrium"
    parts: list[str] = []
    for prof in key:
        bits = []
        for i, probs in enumerate(prof):
            used = [s for s, p in zip(game.strategies[i], probs, strict=True) if p > 0]
            bits.append(f"{game.players[i]}: " + "+".join(used))
        text = ", ".join(bits)
        if text not in parts:
            parts.append(text)
    return " | ".join(parts)


# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------


def sweep(
    game: Any,
    axes: Mapping[str, npt.ArrayLike] | None = None,
    /,
    *,
    points: Mapping[str, npt.ArrayLike] | None = None,
    fixed: Mapping[str, Any] | None = None,
    concept: str | None = None,
    executor: Executor | Callable[..., Iterable[Any]] | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    options: Mapping[str, Any] | None = None,
    **axes_kw: npt.ArrayLike,
) -> SweepResult:
    """Solve a parameterised game over a grid (or a table) of parameter points.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A game with parameters.
    axes : mapping of str to 1-D array_like, optional
        Grid axes by parameter name (also accepted as keyword arguments). The grid is the Cartesian
        product, in the order given.
    points : mapping of str to 1-D array_like, optional
        Instead of a grid: an explicit table of points (all columns the same length).
    fixed : mapping, optional
        Values for parameters that are not swept (others take their defaults).
    concept : str, optional
        ``"pure"`` (default for normal forms), ``"spe"`` (default for trees), or any concept of
        :func:`~alliancegame.solve`: ``"nash"`` for two players is batched
        (:func:`~alliancegame.nash_batch`; with ``options`` ``exact=True`` or another method it
        runs point by point), the others run point by point. Mixed equilibria are labelled by
        their supports (``"US: Hold+Escalate, Iran: Hold+Escalate"``), so points whose
        equilibria differ only in probabilities share an outcome; the probabilities themselves
        are in :func:`~alliancegame.nash_batch`'s result.
    executor : concurrent.futures.Executor or map-like callable, optional
        Runs the chunks, e.g. ``ProcessPoolExecutor()`` or ``distributed.Client().get_executor()``.
        Results are identical to the serial run. On an ``Executor`` each chunk is submitted on its
        own: a chunk whose future fails (a worker died, the pool broke) is recorded in
        ``failures`` and the finished chunks are kept; the error is raised only if no chunk
        finished. A map-like callable returns all results or raises.
    chunk_size : int, optional
        Points per chunk. Default: as many as fit in ``min(256 MiB, available memory / 8)`` by an
        estimate of the arrays one point needs, computed on the machine that calls ``sweep``
        (with a cluster, choose it for the workers' memory instead).
    progress : bool, optional
        Show a tqdm progress bar (default: when stderr is a terminal and tqdm is installed).
    options : mapping, optional
        Options passed to the point-by-point solver.
    **axes_kw
        Grid axes by name.

    Returns
    -------
    SweepResult

    Raises
    ------
    UnknownNameError
        For a name that is not a parameter of the game.
    GameError
        For empty, non-finite or out-of-range values.

    Examples
    --------
    >>> import numpy as np
    >>> import alliancegame as ag
    >>> crisis = ag.NormalFormGame(
    ...     [[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
    ...     players=["US", "Iran"], strategies=[["Hold", "Escalate"]] * 2,
    ...     parameters=[ag.Parameter("P", 10, lower=0, upper=20)])
    >>> sw = ag.sweep(crisis, P=np.linspace(0, 20, 81))
    >>> sw.label_at(P=10)
    'US: Hold, Iran: Escalate | US: Escalate, Iran: Hold'
    >>> sw.label_at(P=0)
    'US: Escalate, Iran: Escalate'
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    if axes is not None and axes_kw:
        overlap = set(axes) & set(axes_kw)
        if overlap:
            raise GameError(f"sweep: {sorted(overlap)} given twice")
    grid_axes = {**(axes or {}), **axes_kw}
    if points is not None and grid_axes:
        raise GameError("sweep: give either grid axes or a table of points, not both")
    if points is None and not grid_axes:
        raise GameError("sweep: give at least one parameter to sweep (e.g. sweep(game, u=grid))")
    if not hasattr(game, "parameters") or not hasattr(game, "players"):
        raise GameError(f"sweep: needs a game, got {type(game).__name__}")
    is_normal = isinstance(game, NormalFormGame)
    concept = concept or ("pure" if is_normal else "spe")
    if not is_normal and concept != "spe":
        raise GameError(f"sweep: trees are swept for concept 'spe', got {concept!r}")
    fixed_given = dict(fixed or {})
    if points is not None:
        cols = {k: _check_axis(game, k, v, "sweep(points=...)") for k, v in points.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) != 1:
            raise GameError(f"sweep: all point columns need the same length, got {sorted(lengths)}")
        axes_arr, grid = cols, False
        shape: tuple[int, ...] = (lengths.pop(),)
    else:
        axes_arr = {k: _check_axis(game, k, v, "sweep") for k, v in grid_axes.items()}
        grid, shape = True, tuple(len(v) for v in axes_arr.values())
    overlap = set(fixed_given) & set(axes_arr)
    if overlap:
        raise GameError(f"sweep: {sorted(overlap)} are both swept and fixed")
    for k, v in fixed_given.items():
        _check_axis(game, k, [v], "sweep(fixed=...)")
    fixed_all = game.parameters.resolve({**fixed_given, **dict.fromkeys(axes_arr, 0.0)}, "sweep")
    for k in axes_arr:
        fixed_all.pop(k)
    total = math.prod(shape)
    per_point = _bytes_per_point(game)
    if chunk_size is None:
        budget = min(256 * 2**20, available_memory() // 8)
        chunk_size = max(1, min(total, budget // max(per_point, 1)))
    if chunk_size < 1:
        raise GameError(f"sweep: chunk_size must be positive, got {chunk_size}")
    shared = _Shared((game, axes_arr))
    tasks = [
        _Task(
            shared,
            concept,
            grid,
            shape,
            fixed_all,
            s,
            min(s + chunk_size, total),
            dict(options or {}),
        )
        for s in range(0, total, chunk_size)
    ]
    results = _execute(tasks, executor, progress)
    return _assemble(game, concept, axes_arr, grid, shape, fixed_all, results, is_normal)


def _bytes_per_point(game: Any) -> int:
    if isinstance(game, NormalFormGame):
        return 8 * game.n_players * math.prod(game.shape) * 3
    flat = game.flat()
    n, p, t = len(flat.parent), len(game.players), len(flat.terminals)
    # node values and reach, terminal payoffs, the kernels' outputs and one level's temporaries
    return 8 * (n * (p + 2) + 3 * t * p)


def _execute(tasks: Sequence[_Task], executor: Any, progress: bool | None) -> list[_ChunkResult]:
    if executor is not None and not isinstance(executor, Executor) and not callable(executor):
        raise GameError(
            f"sweep: executor must be a concurrent.futures.Executor or a map-like callable, "
            f"got {type(executor).__name__}"
        )
    show = progress if progress is not None else (sys.stderr.isatty() and len(tasks) > 1)
    bar = _progress_bar(len(tasks), required=bool(progress)) if show else None
    try:
        if isinstance(executor, Executor):
            return _on_executor(tasks, executor, bar)
        out = []
        for result in map(_run_task, tasks) if executor is None else executor(_run_task, tasks):
            out.append(result)
            if bar is not None:
                bar.update(1)
        return out
    finally:
        if bar is not None:
            bar.close()


def _progress_bar(total: int, required: bool) -> Any:
    """A tqdm bar; without tqdm, an error if the user asked for one, else no bar."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if required:
            raise ImportError(
                'progress bars need tqdm: pip install "alliancegame[progress]"'
            ) from None
        return None
    return tqdm(total=total, unit="chunk", desc="sweep")


def _on_executor(tasks: Sequence[_Task], executor: Executor, bar: Any) -> list[_ChunkResult]:
    """Submit every chunk; a chunk whose future fails (a worker died, the pool broke, a lost
    connection) is kept as a failure, so the chunks that finished are not lost."""
    from concurrent.futures import as_completed

    futures = {executor.submit(_run_task, task): i for i, task in enumerate(tasks)}
    out: list[_ChunkResult | None] = [None] * len(tasks)
    infrastructure: BaseException | None = None
    for future in as_completed(futures):
        i = futures[future]
        try:
            out[i] = future.result()
        except Exception as exc:  # the executor's failure, not the game's: keep the rest
            out[i] = _failed_chunk(tasks[i], exc)
            infrastructure = infrastructure or exc
        if bar is not None:
            bar.update(1)
    results = [r for r in out if r is not None]
    if infrastructure is not None and all(r.error is not None for r in results):
        raise infrastructure  # nothing finished: the error itself is the answer
    return results


def _assemble(
    game: Any,
    concept: str,
    axes: dict[str, npt.NDArray[np.float64]],
    grid: bool,
    shape: tuple[int, ...],
    fixed: dict[str, Any],
    results: list[_ChunkResult],
    is_normal: bool,
) -> SweepResult:
    total = math.prod(shape)
    n_players = len(game.players)
    codes = np.full(total, -1, dtype=np.int64)
    n_eq = np.zeros(total, dtype=np.int64)
    payoffs = np.full((total, n_players), np.nan)
    choices: npt.NDArray[np.int16] | None = None
    global_index: dict[tuple[Any, ...], int] = {}
    keys: list[tuple[Any, ...]] = []
    failures = []
    for r in results:
        if r.error is not None:
            first = _chunk_values(axes, grid, shape, r.start, r.start + 1)
            failures.append(
                SweepFailure(r.start, r.stop, {k: float(v[0]) for k, v in first.items()}, r.error)
            )
            continue
        mapping = np.empty(len(r.keys), dtype=np.int64)
        for j, key in enumerate(r.keys):
            if key not in global_index:
                global_index[key] = len(keys)
                keys.append(key)
            mapping[j] = global_index[key]
        codes[r.start : r.stop] = mapping[r.local]
        n_eq[r.start : r.stop] = r.n_eq
        payoffs[r.start : r.stop] = r.payoffs
        if r.choices is not None:
            if choices is None:
                choices = np.full((total, r.choices.shape[1]), -1, dtype=np.int16)
            choices[r.start : r.stop] = r.choices
    # Order labels by first appearance in the grid, so codes are deterministic.
    order = {c: i for i, c in enumerate(dict.fromkeys(int(c) for c in codes if c >= 0))}
    for c in range(len(keys)):
        order.setdefault(c, len(order))
    remap = np.array([order[c] for c in range(len(keys))], dtype=np.int64)
    codes = np.where(codes >= 0, remap[np.maximum(codes, 0)] if len(keys) else codes, -1)
    ordered_keys: list[tuple[Any, ...]] = [()] * len(keys)
    for c, key in enumerate(keys):
        ordered_keys[order[c]] = key
    if is_normal:
        label_fn = _label_pure if concept == "pure" else _label_mixed
        labels = tuple(label_fn(game, k) for k in ordered_keys)
        if len(set(labels)) < len(labels):
            # Mixed equilibria are labelled by their supports: points whose equilibria differ
            # only in probabilities share an outcome (first appearance keeps the order).
            merged = list(dict.fromkeys(labels))
            where = {label: i for i, label in enumerate(merged)}
            to_merged = np.array([where[label] for label in labels], dtype=np.int64)
            codes = np.where(codes >= 0, to_merged[np.maximum(codes, 0)], -1)
            labels = tuple(merged)
        decision_nodes: tuple[str, ...] = ()
    else:
        labels = tuple(describe_path(game, k) for k in ordered_keys)
        decision_nodes = tuple(decision_node_labels(game))
    if failures:
        import warnings

        from ..core.errors import AllianceGameWarning

        warnings.warn(
            f"sweep: {len(failures)} chunk(s) failed and are marked -1; the first, points "
            f"{failures[0].start}:{failures[0].stop} starting at {failures[0].first_point}: "
            f"{failures[0].error}",
            AllianceGameWarning,
            stacklevel=3,
        )
    return SweepResult(
        game=game,
        concept=concept,
        axes=axes,
        grid=grid,
        fixed=fixed,
        labels=labels,
        codes=codes.reshape(shape),
        n_equilibria=n_eq.reshape(shape),
        payoffs=payoffs.reshape(*shape, n_players),
        choices=None if choices is None else choices.reshape(*shape, -1),
        decision_nodes=decision_nodes,
        failures=tuple(failures),
    )
