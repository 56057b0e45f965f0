"""Outcome regions of a two-parameter slice, with their boundaries as formulas.

:func:`regions` sweeps a grid over two parameters ``x`` and ``y`` (the others fixed), groups the
points by outcome — the equilibrium (path) of the game, or, for trees, the choice at one decision
node — and describes every boundary between two regions by the indifference condition that
creates it. Each boundary is found as a threshold in ``x`` (see :func:`~alliancegame.thresholds`)
at rows of the grid where the outcome changes; its SymPy expression, with the other fixed
parameters substituted, gives the boundary as a curve ``x = f(y)`` (e.g. Russia's choice after a
regime-change campaign flips from arming to intelligence sharing along ``G = 9 - 2u/5``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from ..core.errors import GameError, UnknownNameError, did_you_mean
from .sweep import SweepResult, sweep
from .thresholds import thresholds

__all__ = ["Boundary", "Region", "RegionMap", "regions"]


@dataclass(frozen=True, slots=True)
class Region:
    """One outcome's part of the slice.

    Attributes
    ----------
    label : str
        The outcome.
    share : float
        Fraction of the grid's points.
    x_range, y_range : tuple of float
        Bounding box of its points.
    point : dict of str to float
        A point inside it (the grid point closest to its centroid that has this outcome).
    """

    label: str
    share: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    point: dict[str, float]


@dataclass(frozen=True, slots=True)
class Boundary:
    """A boundary between two regions: where ``player`` at ``where`` is indifferent.

    Attributes
    ----------
    left, right : str
        The outcomes on the low-``x`` and high-``x`` side.
    player, where, below, above : str
        Who switches, at which node (or opponents' profile), from which action to which.
    curve : sympy.Expr or None
        ``x`` as a function of ``y`` (other parameters at their fixed values), when symbolic.
    expression : sympy.Expr or None
        The threshold in ``x`` as an expression in all other parameters.
    """

    left: str
    right: str
    player: str
    where: str
    below: str
    above: str
    curve: Any
    expression: Any

    def describe(self, x: str = "x") -> str:
        """One line for people."""
        curve = f"{x} = {self.curve}" if self.curve is not None else "(numeric boundary)"
        return (
            f"{self.left} | {self.right}: {curve}  [{self.player} at {self.where}: "
            f"{self.below} -> {self.above}]"
        )


@dataclass(frozen=True, slots=True, eq=False)
class RegionMap:
    """The outcome regions of a two-parameter slice and their boundaries."""

    x: str
    y: str
    regions: tuple[Region, ...]
    boundaries: tuple[Boundary, ...]
    sweep: SweepResult
    codes: npt.NDArray[np.int64]
    labels: tuple[str, ...]

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw the region map (and the symbolic boundaries as lines); returns the ``ax``."""
        from .figures import plot_regions

        return plot_regions(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        lines = [f"RegionMap({self.x} x {self.y}, {len(self.regions)} regions)"]
        for r in self.regions:
            lines.append(f"  {r.share:7.2%}  {r.label}")
        for b in self.boundaries:
            lines.append(f"  boundary {b.describe(self.x)}")
        return "\n".join(lines)


def _node_codes(sw: SweepResult, node: str) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
    game = sw.game
    if sw.choices is None:
        raise GameError("regions: node= applies to game trees")
    labels = [game.infoset_of(k).label for k in game.decision_nodes]
    if node not in labels:
        raise UnknownNameError(
            f"regions: unknown decision node {node!r}{did_you_mean(node, labels)}", node, labels
        )
    r = labels.index(node)
    k = game.decision_nodes[r]
    actions = tuple(game.nodes[k].actions)
    return np.asarray(sw.choices[..., r], dtype=np.int64), actions


def regions(
    game: Any,
    x: str,
    y: str,
    *,
    resolution: int | tuple[int, int] = 101,
    node: str | None = None,
    fixed: Mapping[str, Any] | None = None,
    boundaries: bool = True,
    max_rows: int = 3,
) -> RegionMap:
    """Outcome regions of the slice over parameters ``x`` and ``y``, and their boundaries.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A parameterised game.
    x, y : str
        The two parameters (their declared ranges are used).
    resolution : int or (int, int)
        Grid points along each axis.
    node : str, optional
        Trees: map the action chosen at this decision node (its information-set label) instead
        of the equilibrium path.
    fixed : mapping, optional
        Values of the other parameters (defaults otherwise).
    boundaries : bool
        Also derive the boundaries (symbolically where possible).
    max_rows : int
        How many grid rows per kind of transition to examine for boundaries.

    Returns
    -------
    RegionMap

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([["a - b", 0]], players=["R"], strategies=[["act", "wait"]],
    ...                       parameters=[ag.Parameter("a", 0, 0, 2),
    ...                                   ag.Parameter("b", 1, 0.05, 2.05)])
    >>> m = regions(g, "a", "b", resolution=21)
    >>> [r.label for r in m.regions]
    ['R: wait', 'R: act']
    >>> m.boundaries[0].curve
    b
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    params = game.parameters
    for name in (x, y):
        if name not in params.names:
            raise UnknownNameError(
                f"regions: unknown parameter {name!r}{did_you_mean(name, params.names)}",
                name,
                params.names,
            )
    if x == y:
        raise GameError("regions: x and y must be different parameters")
    nx, ny = (resolution, resolution) if isinstance(resolution, int) else resolution
    if nx < 2 or ny < 2:
        raise GameError(f"regions: resolution must be at least 2, got {resolution}")
    axes = {}
    for name, n in ((x, nx), (y, ny)):
        p = params[name]
        if p.lower is None or p.upper is None:
            raise GameError(f"regions: {name!r} needs a declared range (lower and upper)")
        axes[name] = np.linspace(float(p.lower), float(p.upper), n)
    fixed = dict(fixed or {})
    sw = sweep(game, axes, fixed=fixed, progress=False)
    if node is None:
        codes = np.asarray(sw.codes, dtype=np.int64)
        labels = sw.labels
    else:
        codes, actions = _node_codes(sw, node)
        labels = tuple(f"{node}: {a}" for a in actions)
    present = [int(c) for c in dict.fromkeys(codes.ravel().tolist())]
    xs, ys = axes[x], axes[y]
    out_regions = []
    for c in present:
        mask = codes == c
        ii, jj = np.nonzero(mask)
        cx, cy = xs[ii].mean(), ys[jj].mean()
        k = int(np.argmin((xs[ii] - cx) ** 2 + (ys[jj] - cy) ** 2))
        out_regions.append(
            Region(
                label=labels[c] if c >= 0 else "failed",
                share=float(mask.mean()),
                x_range=(float(xs[ii].min()), float(xs[ii].max())),
                y_range=(float(ys[jj].min()), float(ys[jj].max())),
                point={x: float(xs[ii[k]]), y: float(ys[jj[k]])},
            )
        )
    found: list[Boundary] = []
    if boundaries:
        found = _boundaries(game, x, y, xs, ys, codes, labels, fixed, node, max_rows)
    return RegionMap(x, y, tuple(out_regions), tuple(found), sw, codes, labels)


def _boundaries(
    game: Any,
    x: str,
    y: str,
    xs: npt.NDArray[np.float64],
    ys: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int64],
    labels: tuple[str, ...],
    fixed: Mapping[str, Any],
    node: str | None,
    max_rows: int,
) -> list[Boundary]:
    """Boundaries from thresholds in ``x`` along rows of the grid where the outcome changes."""
    rows_by_pair: dict[tuple[int, int], list[int]] = {}
    for j in range(codes.shape[1]):
        col = codes[:, j]
        for i in np.flatnonzero(col[1:] != col[:-1]):
            rows_by_pair.setdefault((int(col[i]), int(col[i + 1])), []).append(j)
    seen: dict[tuple[Any, ...], Boundary] = {}
    ysym = sympy.Symbol(y, real=True)
    for rows in rows_by_pair.values():
        picks = sorted(set(np.linspace(0, len(rows) - 1, min(max_rows, len(rows))).astype(int)))
        for pick in picks:
            yv = float(ys[rows[pick]])
            res = thresholds(game, x, resolution=len(xs), fixed={**fixed, y: yv})
            for t in res:
                if node is not None and t.where != node:
                    continue
                if node is None and t.outcome_below == t.outcome_above:
                    continue  # a change off the equilibrium path: not a boundary of this map
                curve = None
                if t.expression is not None:
                    others = {k: v for k, v in t.fixed.items() if k != y}
                    subs = {
                        sympy.Symbol(k, real=True): sympy.nsimplify(v) for k, v in others.items()
                    }
                    curve = sympy.simplify(t.expression.xreplace(subs))
                    if curve.free_symbols - {ysym}:
                        curve = None
                key = (t.player, t.where, t.below, t.above, curve if curve is not None else None)
                if key in seen:
                    continue
                seen[key] = Boundary(
                    left=t.outcome_below if node is None else f"{node}: {t.below}",
                    right=t.outcome_above if node is None else f"{node}: {t.above}",
                    player=t.player,
                    where=t.where,
                    below=t.below,
                    above=t.above,
                    curve=curve,
                    expression=t.expression,
                )
    return list(seen.values())
