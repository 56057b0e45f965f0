"""Figures of analysis results (matplotlib, optional): region maps and outcome bands of sweeps.

Every function takes an optional ``ax`` and returns the ``ax`` it drew on, so figures compose.
Install the extra with ``pip install "alliancegame[plot]"``. The drawing code lives in the analysis
layer so that result objects can offer ``.plot()``; :mod:`alliancegame.plot` re-exports it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_qre", "plot_regions", "plot_sweep", "plot_tornado", "plot_tree"]


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


def plot_qre(branch: Any, ax: Any = None, *, players: Any = None, scale: str = "ratio") -> Any:
    """Draw a logit QRE branch: each strategy's probability as the precision grows.

    The same as :meth:`QREBranch.plot <alliancegame.QREBranch.plot>` (the drawing code lives with
    the branch, in the solvers layer). Bifurcation points are marked by dotted vertical lines.

    Parameters
    ----------
    branch : QREBranch
        From :func:`~alliancegame.qre_branch`.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    players : sequence of str, optional
        Whose strategies to draw (default: every player's).
    scale : {"ratio", "log"}
        Horizontal axis: :math:`\\lambda/(1+\\lambda)` or :math:`\\lambda` on a log scale.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import alliancegame as ag
    >>> game = ag.NormalFormGame.from_arrays([[3, -1], [-1, 1]], [[-3, 1], [1, -1]])
    >>> ax = plot_qre(ag.qre_branch(game))
    >>> len(ax.get_lines())
    4
    """
    return branch.plot(ax, players=players, scale=scale)


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


def plot_tree(
    game: Any,
    ax: Any = None,
    *,
    values: Any = None,
    max_children: int = 8,
    title: str | None = None,
) -> Any:
    """Draw a game tree with its subgame-perfect equilibrium path; returns the ``ax``.

    Nodes reached with positive probability in equilibrium are expanded; every other subtree is
    collapsed into one leaf that shows the mover's value of entering it, so large trees stay
    readable. Equilibrium edges are drawn thick and red.

    Parameters
    ----------
    game : ExtensiveGame (or Scenario)
        A perfect-information tree.
    ax : matplotlib Axes, optional
        Where to draw.
    values : mapping, optional
        Parameter values (defaults otherwise).
    max_children : int
        At most this many children are drawn per node (the rest are summarised).
    title : str, optional
        Axes title (default: the game's title).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import alliancegame as ag
    >>> g = ag.ExtensiveGame(["US", "Russia"], ag.decision("US", {
    ...     "Hold": ag.terminal(0, 0),
    ...     "Strike": ag.decision("Russia", {"Arm": ag.terminal(-1, 1),
    ...                                      "Stay": ag.terminal(1, 0)})}))
    >>> ax = plot_tree(g)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in ("Hold", "Strike", "Arm"))
    ['Hold', 'Strike']
    """
    plt = _pyplot()
    from ..solvers.backward import backward_induction_batch

    game = getattr(game, "game", game)
    res = backward_induction_batch(game, dict(values or {}))
    flat_of = np.empty(len(game.nodes), dtype=np.int64)
    flat_of[np.asarray(res.flat.node_id)] = np.arange(len(game.nodes))
    node_values = np.asarray(res.values).reshape(len(game.nodes), -1)
    choice = np.asarray(res.choice).reshape(-1)
    row = {k: r for r, k in enumerate(game.decision_nodes)}
    chance_pos: dict[int, int] = {}
    offset = 0
    for k in game.chance_nodes:
        chance_pos[k] = offset
        offset += len(game.children(k))
    prob = np.asarray(res.flat.game.evaluate(dict(values or {})).probabilities).reshape(-1)
    reach = {0: 1.0}
    order = [0]
    for k in order:  # breadth-first over reached nodes
        kids = game.children(k)
        node = game.nodes[k]
        if k in row:
            reach[kids[int(choice[row[k]])]] = reach[k]
            order.append(kids[int(choice[row[k]])])
        elif k in chance_pos:
            for j, c in enumerate(kids):
                pr = float(prob[chance_pos[k] + j])
                if pr > 0:
                    reach[c] = reach[k] * pr
                    order.append(c)
        del node
    if ax is None:
        _, ax = plt.subplots(figsize=(9.6, 6.0))
    positions: dict[int, tuple[float, float]] = {}
    next_y = [0.0]

    def place(k: int, depth: int) -> float:
        kids = game.children(k)
        if k not in reach or not kids:
            y = next_y[0]
            next_y[0] += 1.0
            positions[k] = (float(depth), y)
            return y
        shown = list(kids[:max_children])
        ys = [place(c, depth + 1) for c in shown]
        y = float(np.mean(ys))
        positions[k] = (float(depth), y)
        return y

    place(0, 0)
    players = list(game.players)
    for k, (x, y) in positions.items():
        node = game.nodes[k]
        kids = game.children(k)
        on = k in reach
        if k in reach and kids:
            names: Any = getattr(node, "actions", None) or getattr(node, "outcomes", None) or ()
            labels = tuple(str(a) for a in names)
            for j, c in enumerate(kids[:max_children]):
                cx, cy = positions[c]
                eq = c in reach and (k in chance_pos or int(choice[row[k]]) == j)
                ax.plot(
                    [x, cx],
                    [y, cy],
                    color="tab:red" if eq else "0.6",
                    linewidth=2.4 if eq else 0.9,
                    zorder=1,
                )
                text = str(labels[j])
                if k in chance_pos:
                    text += f" ({float(prob[chance_pos[k] + j]):.3g})"
                ax.text(
                    (x + cx) / 2,
                    (y + cy) / 2,
                    text,
                    fontsize=7,
                    ha="center",
                    va="bottom",
                    color="tab:red" if eq else "0.3",
                )
            if len(kids) > max_children:
                ax.text(x + 0.5, next_y[0], f"... {len(kids) - max_children} more", fontsize=7)
        v = node_values[flat_of[k]]
        if not kids:  # terminal
            ax.scatter([x], [y], s=12, color="black", zorder=2)
            ax.text(
                x + 0.08, y, "(" + ", ".join(f"{q:.3g}" for q in v) + ")", fontsize=6, va="center"
            )
        elif not on:  # a collapsed subtree: the mover of the parent's view of it
            parent = game.parent(k)
            mover = getattr(game.nodes[parent], "player", None)
            who = players.index(mover) if mover in players else 0
            ax.scatter([x], [y], marker=">", s=25, color="0.5", zorder=2)
            ax.text(
                x + 0.08, y, f"{players[who]}: {v[who]:.3g}", fontsize=6, va="center", color="0.35"
            )
        elif k in chance_pos:
            ax.scatter([x], [y], s=60, color="white", edgecolors="black", zorder=2)
            ax.text(x, y + 0.25, "chance", fontsize=7, ha="center")
        else:
            ax.scatter([x], [y], marker="s", s=60, color="tab:blue", zorder=2)
            ax.text(
                x,
                y + 0.25,
                str(getattr(node, "player", "")),
                fontsize=8,
                ha="center",
                weight="bold",
            )
    ax.set_axis_off()
    ax.invert_yaxis()  # first-listed actions on top
    heading = title if title is not None else (getattr(game, "title", "") or "game tree")
    ax.set_title(f"{heading}\npayoffs: ({', '.join(players)})", fontsize=9)
    return ax
