"""Uncertainty analysis: outcome probabilities under parameter priors, Sobol' indices, tornado.

Calibrations are assumptions. Instead of one number for "Russia's Ukraine commitment", an analyst
can state a prior distribution and ask how likely each equilibrium outcome is.

Outcome probabilities
    :func:`uncertainty` draws ``n`` parameter points from the priors — Monte Carlo, or scrambled
    Sobol' quasi-Monte Carlo (Owen 1998) through each prior's inverse CDF — solves every point
    with the batched sweep machinery and reports each outcome's share with a Wilson (1927) score
    interval. (For quasi-Monte Carlo the binomial interval is conservative.)

Global sensitivity
    :func:`sobol` computes first-order indices :math:`S_i = V[E(Y|X_i)]/V(Y)` and total indices
    :math:`S_{T_i} = E[V(Y|X_{\\sim i})]/V(Y)` (Sobol' 2001; Saltelli et al. 2010) of a quantity
    :math:`Y` — an equilibrium payoff, the indicator of an outcome, or any function of the sweep —
    with :func:`scipy.stats.sobol_indices`. :func:`sobol_indices` is the same estimator for a plain
    function of named inputs, which the tests validate on the Ishigami and Sobol' G functions.

One at a time
    :func:`tornado` moves each parameter from a low to a high value with the others at their base
    values and ranks the parameters by the swing of the quantity (a tornado diagram).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import GameError, UnknownNameError, did_you_mean
from ..games.distributions import Distribution
from .sweep import SweepResult, sweep

__all__ = [
    "SobolResult",
    "TornadoBar",
    "TornadoResult",
    "UncertaintyResult",
    "action_margin",
    "equilibrium_payoff",
    "outcome_indicator",
    "sobol",
    "sobol_indices",
    "tornado",
    "uncertainty",
]

Quantity = Callable[[SweepResult], npt.NDArray[np.float64]]


def equilibrium_payoff(player: str) -> Quantity:
    """A quantity: ``player``'s equilibrium payoff at each point (NaN where not unique).

    Examples
    --------
    >>> q = equilibrium_payoff("US")
    >>> q.__name__
    'payoff[US]'
    """

    def quantity(sw: SweepResult) -> npt.NDArray[np.float64]:
        players = list(sw.game.players)
        if player not in players:
            raise UnknownNameError(
                f"equilibrium_payoff: unknown player {player!r}{did_you_mean(player, players)}",
                player,
                players,
            )
        return np.asarray(sw.payoffs[..., players.index(player)], dtype=float).ravel()

    quantity.__name__ = f"payoff[{player}]"
    return quantity


def action_margin(node: str, action: str, versus: str) -> Quantity:
    """A quantity: at a tree's decision ``node``, the mover's value of ``action`` minus ``versus``.

    Each action's value is the mover's payoff from the subgame-perfect continuation after it, so
    the margin is positive exactly where the mover prefers ``action`` — e.g. Russia's margin
    between intervening and arming after a regime-change campaign. Computed for every point of
    the sweep by batched backward induction.

    Parameters
    ----------
    node : str
        The decision node's information-set label.
    action, versus : str
        Two of its actions.

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.ExtensiveGame(["R"], ag.decision("R", {"X": ag.terminal("1 - u"),
    ...                                               "A": ag.terminal(0)}),
    ...                      parameters=[ag.Parameter("u", 0.5, 0, 2)])
    >>> q = action_margin("R at root", "X", "A")
    >>> q(ag.sweep(g, u=[0.0, 2.0])).tolist()
    [1.0, -1.0]
    """

    def quantity(sw: SweepResult) -> npt.NDArray[np.float64]:
        from ..solvers.backward import backward_induction_batch

        game = sw.game
        labels = [game.infoset_of(k).label for k in game.decision_nodes]
        if node not in labels:
            raise UnknownNameError(
                f"action_margin: unknown decision node {node!r}{did_you_mean(node, labels)}",
                node,
                labels,
            )
        k = game.decision_nodes[labels.index(node)]
        actions = list(game.nodes[k].actions)
        for a in (action, versus):
            if a not in actions:
                raise UnknownNameError(
                    f"action_margin: {node!r} has no action {a!r}{did_you_mean(a, actions)}",
                    a,
                    actions,
                )
        flat = {**sw.fixed, **_point_columns(sw)}
        res = backward_induction_batch(game, flat)
        flat_of = np.empty(len(game.nodes), dtype=np.int64)
        flat_of[np.asarray(res.flat.node_id)] = np.arange(len(game.nodes))
        kids = game.children(k)
        p = game.players.index(game.nodes[k].player)
        values = np.asarray(res.values)
        first = values[..., flat_of[kids[actions.index(action)]], p]
        second = values[..., flat_of[kids[actions.index(versus)]], p]
        return np.asarray(first - second, dtype=float).ravel()

    quantity.__name__ = f"margin of {action} over {versus} at {node}"
    return quantity


def _point_columns(sw: SweepResult) -> dict[str, npt.NDArray[np.float64]]:
    if not sw.grid:
        return {k: np.asarray(v, dtype=float) for k, v in sw.axes.items()}
    mesh = np.meshgrid(*sw.axes.values(), indexing="ij")
    return {k: m.ravel() for k, m in zip(sw.axes, mesh, strict=True)}


def outcome_indicator(substring: str) -> Quantity:
    """A quantity: 1 where the outcome label contains ``substring``, else 0.

    Examples
    --------
    >>> outcome_indicator("Russia: X").__name__
    "outcome contains 'Russia: X'"
    """

    def quantity(sw: SweepResult) -> npt.NDArray[np.float64]:
        hit = np.array([substring in sw.outcome(i) for i in range(len(sw.labels))] + [False])
        return hit[np.where(sw.codes < 0, len(sw.labels), sw.codes)].astype(float).ravel()

    quantity.__name__ = f"outcome contains {substring!r}"
    return quantity


def _node_choices(sw: SweepResult, node: str) -> tuple[list[str], npt.NDArray[np.int64]]:
    game = sw.game
    if sw.choices is None:
        raise GameError("uncertainty: node= applies to game trees")
    labels = [game.infoset_of(k).label for k in game.decision_nodes]
    if node not in labels:
        raise UnknownNameError(
            f"uncertainty: unknown decision node {node!r}{did_you_mean(node, labels)}",
            node,
            labels,
        )
    r = labels.index(node)
    actions = game.nodes[game.decision_nodes[r]].actions
    return [f"{node}: {a}" for a in actions], np.asarray(sw.choices[..., r], dtype=np.int64).ravel()


def _priors(
    game: Any,
    priors: Mapping[str, Distribution] | None,
    fixed: Mapping[str, Any] | None,
    where: str,
) -> dict[str, Distribution]:
    params = game.parameters
    out: dict[str, Distribution] = {}
    for p in params:
        if p.prior is not None:
            out[p.name] = p.prior
    for name, dist in (priors or {}).items():
        if name not in params:
            raise UnknownNameError(
                f"{where}: unknown parameter {name!r}{did_you_mean(name, params.names)}",
                name,
                params.names,
            )
        if not isinstance(dist, Distribution):
            raise GameError(f"{where}: prior of {name!r} must be a Distribution, got {dist!r}")
        out[name] = dist
    for name in fixed or {}:
        out.pop(name, None)
    if not out:
        raise GameError(
            f"{where}: no parameter has a prior; give priors={{name: Uniform(lo, hi), ...}} or "
            "declare Parameter(..., prior=...)"
        )
    return out


def _unit_samples(d: int, n: int, method: str, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    if method == "mc":
        return rng.random((n, d))
    if method == "qmc":
        from scipy.stats import qmc

        m = max(0, math.ceil(math.log2(max(n, 1))))
        return np.asarray(qmc.Sobol(d, scramble=True, seed=rng).random_base2(m), dtype=float)
    raise GameError(f"method must be 'mc' or 'qmc', got {method!r}")


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True, eq=False)
class UncertaintyResult:
    """Outcome probabilities under parameter priors.

    Attributes
    ----------
    probabilities : dict of str to (float, float, float)
        Outcome label -> (estimate, lower, upper) of its probability.
    samples : dict of str to ndarray
        The sampled parameter values.
    sweep : SweepResult
        The solved points (a table sweep).
    method : str
        ``"mc"`` or ``"qmc"``.
    confidence : float
        Confidence level of the intervals.
    """

    probabilities: dict[str, tuple[float, float, float]]
    samples: dict[str, npt.NDArray[np.float64]]
    sweep: SweepResult
    method: str
    confidence: float

    @property
    def n(self) -> int:
        """Number of sampled points."""
        return self.sweep.size

    def probability(self, label: str) -> float:
        """The estimated probability of an outcome (0 if never seen)."""
        return self.probabilities.get(label, (0.0, 0.0, 0.0))[0]

    def __repr__(self) -> str:
        lines = [
            f"UncertaintyResult({self.method}, n={self.n}, "
            f"{len(self.samples)} uncertain parameters: {', '.join(self.samples)})"
        ]
        for label, (p, lo, hi) in sorted(self.probabilities.items(), key=lambda kv: -kv[1][0]):
            lines.append(f"  {p:7.2%}  [{lo:.2%}, {hi:.2%}]  {label}")
        return "\n".join(lines)


def uncertainty(
    game: Any,
    n: int = 4096,
    *,
    rng: np.random.Generator | int | None = None,
    method: str = "qmc",
    priors: Mapping[str, Distribution] | None = None,
    fixed: Mapping[str, Any] | None = None,
    concept: str | None = None,
    confidence: float = 0.95,
    executor: Any = None,
    progress: bool | None = None,
    node: str | None = None,
) -> UncertaintyResult:
    """Probability of each equilibrium outcome when parameters are drawn from their priors.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A parameterised game.
    n : int
        Number of points (``"qmc"`` rounds up to a power of two).
    rng : numpy Generator or int, optional
        Seed or generator (results are reproducible for a given seed).
    method : {"qmc", "mc"}
        Scrambled Sobol' points or independent draws.
    priors : mapping of str to Distribution, optional
        Priors to use (override or add to those declared on the parameters).
    fixed : mapping, optional
        Parameters to hold at given values (their priors are ignored).
    concept : str, optional
        Solution concept (as in :func:`sweep`).
    confidence : float
        Level of the Wilson intervals.
    executor : Executor or map-like callable, optional
        Runs the chunks (see :func:`sweep`).
    progress : bool, optional
        Progress bar.
    node : str, optional
        Trees: report the probability of each action at this decision node (its
        information-set label) instead of each equilibrium path — e.g. how likely Russia is to
        intervene *if* the US launched a campaign, a node the equilibrium path may never reach.

    Returns
    -------
    UncertaintyResult

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
    ...                       parameters=[ag.Parameter("P", 2, 0, 4)])
    >>> res = uncertainty(g, 1024, rng=1, priors={"P": ag.Uniform(0, 4)})
    >>> round(res.probability("Player 1: 2, Player 2: 2"), 2)   # mutual escalation iff P < 1
    0.25
    """
    if not isinstance(n, int | np.integer) or n < 2:
        raise GameError(f"uncertainty: n must be an integer >= 2, got {n!r}")
    if not 0 < confidence < 1:
        raise GameError(f"uncertainty: confidence must be in (0, 1), got {confidence}")
    game = getattr(game, "game", game)  # a Scenario stands for its game
    dists = _priors(game, priors, fixed, "uncertainty")
    gen = np.random.default_rng(rng)
    unit = _unit_samples(len(dists), int(n), method, gen)
    samples = {name: d.ppf(unit[:, j]) for j, (name, d) in enumerate(dists.items())}
    sw = sweep(
        game, points=samples, fixed=fixed, concept=concept, executor=executor, progress=progress
    )
    total = sw.size
    probs: dict[str, tuple[float, float, float]] = {}
    if node is not None:
        labels, codes_at = _node_choices(sw, node)
    else:
        labels, codes_at = [sw.outcome(i) for i in range(len(sw.labels))], sw.codes.ravel()
    codes, counts = np.unique(codes_at, return_counts=True)
    for c, k in zip(codes, counts, strict=True):
        lo, hi = _wilson(int(k), total, confidence)
        probs[labels[int(c)] if c >= 0 else "failed"] = (int(k) / total, lo, hi)
    return UncertaintyResult(probs, samples, sw, method, confidence)


# ---------------------------------------------------------------------------------------------
# Sobol' indices
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class SobolResult:
    """First-order and total Sobol' indices of a quantity, by parameter.

    Attributes
    ----------
    names : tuple of str
        The uncertain parameters.
    first_order, total : ndarray
        The indices, in the order of ``names``.
    n : int
        Base sample size (the quantity is evaluated ``n * (d + 2)`` times).
    quantity : str
        What was analysed.
    """

    names: tuple[str, ...]
    first_order: npt.NDArray[np.float64]
    total: npt.NDArray[np.float64]
    n: int
    quantity: str

    def as_dict(self) -> dict[str, tuple[float, float]]:
        """Parameter -> (first-order, total)."""
        return {
            k: (float(s), float(t))
            for k, s, t in zip(self.names, self.first_order, self.total, strict=True)
        }

    def __repr__(self) -> str:
        lines = [f"SobolResult({self.quantity}, n={self.n})", "  parameter    S1      ST"]
        for k, s, t in zip(self.names, self.first_order, self.total, strict=True):
            lines.append(f"  {k:<10} {s:6.3f}  {t:6.3f}")
        return "\n".join(lines)


def sobol_indices(
    func: Callable[[dict[str, npt.NDArray[np.float64]]], npt.ArrayLike],
    priors: Mapping[str, Distribution],
    n: int = 4096,
    *,
    rng: np.random.Generator | int | None = None,
    name: str = "f",
) -> SobolResult:
    """Sobol' indices of a vectorised function of named, independent inputs.

    Parameters
    ----------
    func : callable
        Takes a dict of equal-length arrays (one per input) and returns one value per point.
    priors : mapping of str to Distribution
        The inputs' distributions.
    n : int
        Base sample size, a power of two.
    rng : numpy Generator or int, optional
        Seed.
    name : str
        Name of the quantity, for display.

    Examples
    --------
    >>> import alliancegame as ag
    >>> res = sobol_indices(lambda v: v["x"] + 0 * v["y"],
    ...                     {"x": ag.Uniform(0, 1), "y": ag.Uniform(0, 1)}, 1024, rng=0)
    >>> [round(float(s), 2) for s in res.first_order]
    [1.0, 0.0]
    """
    from scipy.stats import sobol_indices as scipy_sobol

    if n < 2 or n & (n - 1):
        raise GameError(f"sobol: n must be a power of two (Sobol' sequences), got {n}")
    names = tuple(priors)
    if not names:
        raise GameError("sobol: needs at least one uncertain input")
    dists = [priors[k].to_scipy() for k in names]

    def wrapped(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        values = {k: np.asarray(x[j], dtype=float) for j, k in enumerate(names)}
        y = np.asarray(func(values), dtype=float).reshape(1, -1)
        if not np.all(np.isfinite(y)):
            raise GameError(
                f"sobol: the quantity {name} is not finite at some points (e.g. an "
                "equilibrium payoff where the equilibrium is not unique)"
            )
        return y

    gen = np.random.default_rng(rng)
    res = scipy_sobol(func=wrapped, n=n, dists=dists, rng=gen)
    first = np.asarray(res.first_order, dtype=float).reshape(-1)
    total = np.asarray(res.total_order, dtype=float).reshape(-1)
    return SobolResult(names, first, total, n, name)


def sobol(
    game: Any,
    quantity: Quantity,
    n: int = 1024,
    *,
    rng: np.random.Generator | int | None = None,
    priors: Mapping[str, Distribution] | None = None,
    fixed: Mapping[str, Any] | None = None,
    concept: str | None = None,
    executor: Any = None,
) -> SobolResult:
    """Sobol' indices of a quantity of a game's equilibria under the parameters' priors.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A parameterised game.
    quantity : callable
        Maps a :class:`SweepResult` to one value per point, e.g.
        :func:`equilibrium_payoff` ``("Russia")`` or :func:`outcome_indicator` ``("Russia: X")``.
    n : int
        Base sample size, a power of two.
    rng, priors, fixed, concept, executor
        As in :func:`uncertainty`.

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([["2*a + b"]], players=["P"],
    ...                       parameters=[ag.Parameter("a", 0, 0, 1), ag.Parameter("b", 0, 0, 1)])
    >>> res = sobol(g, equilibrium_payoff("P"), 1024, rng=0,
    ...             priors={"a": ag.Uniform(0, 1), "b": ag.Uniform(0, 1)})
    >>> [round(float(s), 1) for s in res.first_order]   # variances 4:1
    [0.8, 0.2]
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    dists = _priors(game, priors, fixed, "sobol")

    def func(values: dict[str, npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
        sw = sweep(
            game, points=values, fixed=fixed, concept=concept, executor=executor, progress=False
        )
        return quantity(sw)

    return sobol_indices(func, dists, n, rng=rng, name=getattr(quantity, "__name__", "quantity"))


# ---------------------------------------------------------------------------------------------
# Tornado
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """One parameter's bar: the quantity at its low and high values."""

    parameter: str
    low: float
    high: float
    value_at_low: float
    value_at_high: float

    @property
    def swing(self) -> float:
        """Absolute change of the quantity from low to high."""
        return abs(self.value_at_high - self.value_at_low)


@dataclass(frozen=True, slots=True, eq=False)
class TornadoResult:
    """A one-at-a-time sensitivity analysis, bars sorted by swing (largest first)."""

    base_value: float
    bars: tuple[TornadoBar, ...]
    quantity: str

    def plot(self, ax: Any = None) -> Any:
        """Draw the tornado diagram; returns the ``ax``."""
        from .figures import plot_tornado

        return plot_tornado(self, ax=ax)

    def __repr__(self) -> str:
        lines = [f"TornadoResult({self.quantity}, base {self.base_value:g})"]
        for b in self.bars:
            lines.append(
                f"  {b.parameter:<10} [{b.low:g}, {b.high:g}] -> "
                f"[{b.value_at_low:g}, {b.value_at_high:g}]  swing {b.swing:g}"
            )
        return "\n".join(lines)


def tornado(
    game: Any,
    quantity: Quantity,
    *,
    ranges: Mapping[str, Sequence[float]] | None = None,
    parameters: Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    quantiles: tuple[float, float] = (0.05, 0.95),
    concept: str | None = None,
) -> TornadoResult:
    """One-at-a-time sensitivity: move each parameter from low to high, others at base values.

    The low/high values come from ``ranges``, else the prior's ``quantiles``, else the declared
    bounds. Parameters with none of these are skipped unless named in ``parameters`` (an error).

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([["3*a - b"]], players=["P"],
    ...                       parameters=[ag.Parameter("a", 1, 0, 2), ag.Parameter("b", 1, 0, 2)])
    >>> t = tornado(g, equilibrium_payoff("P"))
    >>> [(b.parameter, b.swing) for b in t.bars]
    [('a', 6.0), ('b', 2.0)]
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    params = game.parameters
    chosen = list(parameters) if parameters is not None else list(params.names)
    fixed = dict(fixed or {})
    for name in [*chosen, *(ranges or {})]:
        if name not in params:
            raise UnknownNameError(
                f"tornado: unknown parameter {name!r}{did_you_mean(name, params.names)}",
                name,
                params.names,
            )
    base_values = params.resolve(fixed, "tornado")
    lows: dict[str, float] = {}
    highs: dict[str, float] = {}
    for name in chosen:
        if name in fixed:
            continue
        p = params[name]
        if ranges and name in ranges:
            lo, hi = (float(v) for v in ranges[name])
        elif p.prior is not None:
            lo, hi = (float(v) for v in p.prior.ppf(list(quantiles)))
        elif p.lower is not None and p.upper is not None:
            lo, hi = float(p.lower), float(p.upper)
        elif parameters is not None:
            raise GameError(f"tornado: no range for {name!r}; give ranges={{{name!r}: (lo, hi)}}")
        else:
            continue
        lows[name], highs[name] = lo, hi
    names = list(lows)
    if not names:
        raise GameError("tornado: no parameter has a range, prior or bounds")
    k = len(names)
    columns: dict[str, npt.NDArray[np.float64]] = {}
    for name in params.names:
        col = np.full(2 * k + 1, float(base_values[name]))
        if name in lows:
            j = names.index(name)
            col[1 + 2 * j] = lows[name]
            col[2 + 2 * j] = highs[name]
        columns[name] = col
    sw = sweep(game, points=columns, concept=concept, progress=False)
    values = np.asarray(quantity(sw), dtype=float)
    bars = [
        TornadoBar(nm, lows[nm], highs[nm], float(values[1 + 2 * j]), float(values[2 + 2 * j]))
        for j, nm in enumerate(names)
    ]
    bars.sort(key=lambda b: -b.swing if math.isfinite(b.swing) else math.inf)
    return TornadoResult(float(values[0]), tuple(bars), getattr(quantity, "__name__", "quantity"))
