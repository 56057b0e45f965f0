"""Figures of analysis results (matplotlib, optional): region maps and outcome bands of sweeps.

Every function takes an optional ``ax`` and returns the ``ax`` it drew on, so figures compose.
Install the extra with ``pip install "alliancegame[plot]"``. The drawing code lives in the analysis
layer so that result objects can offer ``.plot()``; :mod:`alliancegame.plot` re-exports it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_regions", "plot_sweep", "plot_tornado"]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError('plots need matplotlib: pip install "alliancegame[plot]"') from None
    return plt


def _edges(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    if len(values) == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    mid = (values[1:] + values[:-1]) / 2
    return np.concatenate([[2 * values[0] - mid[0]], mid, [2 * values[-1] - mid[-1]]])


def plot_sweep(
    sweep: Any,
    ax: Any = None,
    *,
    cmap: str = "tab10",
    legend: bool = True,
    title: str | None = None,
) -> Any:
    """Draw a sweep: a region map for two swept parameters, outcome bands for one.

    Parameters
    ----------
    sweep : SweepResult
        A grid sweep over one or two parameters.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    cmap : str
        A qualitative colormap name.
    legend : bool
        Add a legend of the outcome labels.
    title : str, optional
        Axes title (default: the game's title and the concept).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
    ...                       parameters=[ag.Parameter("P", 10, 0, 20)])
    >>> ax = ag.sweep(g, P=np.linspace(0, 20, 41)).plot()
    >>> ax.get_xlabel()
    'P'
    """
    plt = _pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    if not sweep.grid:
        raise ValueError("plot_sweep: needs a grid sweep (not a table of points)")
    names = list(sweep.axes)
    if len(names) not in (1, 2):
        raise ValueError(
            f"plot_sweep: draws one or two swept parameters, this sweep has {len(names)}; "
            "fix the others with sweep(..., fixed={...})"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8) if len(names) == 2 else (6.4, 2.4))
    present = sorted({int(c) for c in np.unique(sweep.codes)})
    base = plt.get_cmap(cmap)
    colors = [base(i % base.N) for i in range(len(present))]
    position = {c: i for i, c in enumerate(present)}
    index = np.vectorize(position.__getitem__, otypes=[int])(sweep.codes)
    listed = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(-0.5, len(present) + 0.5), len(present))
    x = np.asarray(sweep.axes[names[0]], dtype=float)
    if len(names) == 2:
        y = np.asarray(sweep.axes[names[1]], dtype=float)
        ax.pcolormesh(_edges(x), _edges(y), index.T, cmap=listed, norm=norm, shading="flat")
        ax.set_ylabel(names[1])
    else:
        ax.pcolormesh(_edges(x), [0, 1], index[None, :], cmap=listed, norm=norm, shading="flat")
        ax.set_yticks([])
    ax.set_xlabel(names[0])
    if legend:
        handles = [Patch(color=colors[position[c]], label=sweep.outcome(c)) for c in present]
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize="small",
            frameon=False,
        )
    game_title = getattr(sweep.game, "title", "") or ""
    ax.set_title(title if title is not None else f"{game_title} ({sweep.concept})".strip())
    return ax


def plot_tornado(
    result: Any, ax: Any = None, *, color_low: str = "tab:blue", color_high: str = "tab:orange"
) -> Any:
    """Draw a tornado diagram: one horizontal bar per parameter, largest swing on top.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([["3*a - b"]], players=["P"],
    ...                       parameters=[ag.Parameter("a", 1, 0, 2), ag.Parameter("b", 1, 0, 2)])
    >>> ax = ag.tornado(g, ag.equilibrium_payoff("P")).plot()
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['b', 'a']
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * max(1, len(result.bars))))
    bars = list(reversed(result.bars))
    base = result.base_value
    for y, bar in enumerate(bars):
        ax.barh(y, bar.value_at_low - base, left=base, color=color_low, height=0.6)
        ax.barh(y, bar.value_at_high - base, left=base, color=color_high, height=0.6)
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_yticks(range(len(bars)))
    ax.set_yticklabels([b.parameter for b in bars])
    ax.set_xlabel(result.quantity)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=color_low, label="parameter low"),
            Patch(color=color_high, label="parameter high"),
        ],
        loc="lower right",
        fontsize="small",
        frameon=False,
    )
    return ax


def plot_regions(
    region_map: Any,
    ax: Any = None,
    *,
    cmap: str = "tab10",
    legend: bool = True,
    boundaries: bool = True,
    title: str | None = None,
) -> Any:
    """Draw a :class:`~alliancegame.analysis.regions.RegionMap`: regions, and symbolic boundaries
    as black lines; returns the ``ax``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import alliancegame as ag
    >>> g = ag.NormalFormGame([["a - b", 0]], players=["R"], strategies=[["act", "wait"]],
    ...                       parameters=[ag.Parameter("a", 0, 0, 2),
    ...                                   ag.Parameter("b", 1, 0.05, 2.05)])
    >>> ax = ag.regions(g, "a", "b", resolution=21).plot()
    >>> len(ax.lines)   # the boundary a = b
    1
    """
    plt = _pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8))
    labels = list(region_map.labels)
    xs = np.asarray(region_map.sweep.axes[region_map.x], dtype=float)
    ys = np.asarray(region_map.sweep.axes[region_map.y], dtype=float)
    codes = region_map.codes
    present = sorted({int(c) for c in np.unique(codes)})
    base = plt.get_cmap(cmap)
    colors = [base(i % base.N) for i in range(len(present))]
    position = {c: i for i, c in enumerate(present)}
    index = np.vectorize(position.__getitem__, otypes=[int])(codes)
    norm = BoundaryNorm(np.arange(-0.5, len(present) + 0.5), len(present))
    ax.pcolormesh(
        _edges(xs), _edges(ys), index.T, cmap=ListedColormap(colors), norm=norm, shading="flat"
    )
    if boundaries:
        from ..core.expr import Kernel

        for b in region_map.boundaries:
            if b.curve is None:
                continue
            kernel = Kernel([b.curve], [region_map.y])
            xv = np.array(np.broadcast_to(kernel({region_map.y: ys})[..., 0], ys.shape))
            # Draw the curve only where it separates the two regions it is the boundary of.
            pair = (
                {labels.index(b.left), labels.index(b.right)}
                if (b.left in labels and b.right in labels)
                else set()
            )
            i = np.searchsorted(xs, xv)
            ok = (i > 0) & (i < len(xs))
            for j in np.flatnonzero(ok):
                cells = {int(codes[i[j] - 1, j]), int(codes[i[j], j])}
                ok[j] = cells == pair
            xv[~ok] = np.nan
            if ok.any():
                ax.plot(xv, ys, color="black", linewidth=1.2)
    ax.set_xlabel(region_map.x)
    ax.set_ylabel(region_map.y)
    if legend:
        handles = [
            Patch(color=colors[position[c]], label=labels[c] if c >= 0 else "failed")
            for c in present
        ]
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize="small",
            frameon=False,
        )
    game_title = getattr(region_map.sweep.game, "title", "") or ""
    ax.set_title(title if title is not None else game_title)
    return ax
