"""The scenario report: what ``alliancegame report`` prints and writes.

A report answers, for one scenario at one parameter point:

1. **what** the scenario is and what it rests on (title, summary, sources, assumptions);
2. **what happens**: the equilibrium path, each mover's choice and every player's payoff;
3. **why**: at each decision on the path, the chosen action's value against the best
   alternative (the *margin*), and the parameters that move that margin most — the margin's
   derivative times the parameter's range, and the value at which the margin alone would reach
   zero;
4. **when it would change**: the exact thresholds at which the focus player's choice flips
   (:func:`~alliancegame.thresholds`), symbolically where possible;
5. with ``--out``: a Markdown and an HTML report with figures (a region map and a tornado chart).

Everything is computed with the public API; :func:`build_report` returns a :class:`Report` that
renders as text (:meth:`Report.to_text`), as data (:meth:`Report.to_dict`) or as files
(:meth:`Report.write`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import sympy

from .analysis.thresholds import SymbolicTree, thresholds
from .core.errors import AllianceGameError, GameError
from .games.extensive import Decision, ExtensiveGame
from .games.normal import NormalFormGame
from .solvers.backward import backward_induction_batch
from .solvers.result import format_number

__all__ = ["PathDecision", "Report", "build_report"]


@dataclass(frozen=True, slots=True)
class PathDecision:
    """One decision on the equilibrium path and why it was taken.

    Attributes
    ----------
    player, node, action : str
        Who chose what, where.
    value : float
        The mover's (expected) payoff of the chosen action.
    alternative : str or None
        The best other action.
    alternative_value : float or None
        Its value.
    margin : float or None
        ``value - alternative_value``.
    drivers : tuple of (str, float, float or None)
        Parameters that move the margin most: ``(name, effect over its range, flip value)``.
    """

    player: str
    node: str
    action: str
    value: float
    alternative: str | None
    alternative_value: float | None
    margin: float | None
    drivers: tuple[tuple[str, float, float | None], ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    """Everything ``alliancegame report`` shows, as data."""

    name: str
    title: str
    summary: str
    sources: tuple[str, ...]
    assumptions: tuple[str, ...]
    point: dict[str, float]
    players: tuple[str, ...]
    path: tuple[PathDecision, ...]
    payoffs: dict[str, float]
    ties: bool
    focus: str | None
    thresholds: tuple[dict[str, Any], ...]
    parameters: tuple[dict[str, Any], ...] = field(default=())
    figures: dict[str, str] = field(default_factory=dict)

    # -------------------------------------------------------------------------------- data
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``alliancegame report --json``)."""
        return {
            "scenario": self.name,
            "title": self.title,
            "summary": self.summary,
            "sources": list(self.sources),
            "assumptions": list(self.assumptions),
            "point": self.point,
            "players": list(self.players),
            "equilibrium": {
                "path": [
                    {
                        "player": d.player,
                        "node": d.node,
                        "action": d.action,
                        "value": d.value,
                        "best_alternative": d.alternative,
                        "alternative_value": d.alternative_value,
                        "margin": d.margin,
                        "drivers": [
                            {"parameter": p, "effect_over_range": e, "flip_value": f}
                            for p, e, f in d.drivers
                        ],
                    }
                    for d in self.path
                ],
                "payoffs": self.payoffs,
                "ties": self.ties,
            },
            "focus": self.focus,
            "thresholds": list(self.thresholds),
            "parameters": list(self.parameters),
            "figures": self.figures,
        }

    # -------------------------------------------------------------------------------- text
    def to_text(self, width: int = 100) -> str:
        """The report for a terminal."""
        rule = "=" * min(width, 100)
        out = [rule, self.title, rule, "", _wrap(self.summary, width), ""]
        if self.sources:
            out.append("Sources")
            out += [f"  - {s}" for s in self.sources]
            out.append("")
        out.append("Equilibrium (subgame-perfect)" if self.path else "Equilibrium")
        for k, d in enumerate(self.path, 1):
            out.append(f"  {k}. {d.player}: {d.action}   [{d.node}]")
        out.append(
            "  payoffs: " + ", ".join(f"{p} {format_number(v, 4)}" for p, v in self.payoffs.items())
        )
        if self.ties:
            out.append("  note: some decision node is tied; the first-listed action is shown.")
        out.append("")
        out.append("Why")
        for d in self.path:
            if d.alternative is None:
                out.append(f"  {d.player} at {d.node}: {d.action} is the only action.")
                continue
            out.append(
                f"  {d.player} chooses {d.action} ({format_number(d.value, 4)}) over "
                f"{d.alternative} ({format_number(d.alternative_value, 4)}): margin "
                f"{format_number(d.margin, 4)}"
            )
            for name, effect, flip in d.drivers:
                flip_text = (
                    f"; alone it would flip at {name} = {flip:.4g}" if flip is not None else ""
                )
                out.append(
                    f"      {name}: moves the margin by {effect:+.3g} over its range{flip_text}"
                )
        out.append("")
        who = f" of {self.focus}" if self.focus else ""
        out.append(f"Thresholds{who} (others at the point above)")
        if not self.thresholds:
            out.append("  none within the parameters' ranges")
        for t in self.thresholds:
            expr = f" = {t['expression_in_swept']}" if t.get("expression_in_swept") else ""
            place = "on the path" if t["on_path"] else "off the path"
            out.append(
                f"  {t['parameter']} = {t['value']:.6g}{expr}: {t['player']} at {t['node']} "
                f"switches {t['below']} -> {t['above']} ({place}; {t['method']})"
            )
        if self.figures:
            out.append("")
            out.append("Files")
            out += [f"  {k}: {v}" for k, v in self.figures.items()]
        return "\n".join(out)

    # -------------------------------------------------------------------------------- files
    def to_markdown(self) -> str:
        """The report as Markdown (figures referenced by file name)."""
        lines = [f"# {self.title}", "", self.summary, ""]
        if self.sources:
            lines += ["## Sources", ""] + [f"- {s}" for s in self.sources] + [""]
        if self.assumptions:
            lines += ["## Assumptions", ""] + [f"- {a}" for a in self.assumptions] + [""]
        lines += ["## Equilibrium", "", "| # | player | action | node |", "|---|---|---|---|"]
        lines += [
            f"| {k} | {d.player} | {d.action} | {d.node} |" for k, d in enumerate(self.path, 1)
        ]
        lines += [
            "",
            "Payoffs: " + ", ".join(f"{p} {format_number(v, 4)}" for p, v in self.payoffs.items()),
            "",
        ]
        lines += ["## Why", ""]
        for d in self.path:
            if d.alternative is None:
                continue
            lines.append(
                f"- **{d.player}** chooses **{d.action}** over {d.alternative} by "
                f"{format_number(d.margin, 4)}; drivers: "
                + ", ".join(f"{p} ({e:+.3g})" for p, e, _ in d.drivers)
            )
        lines += ["", "## Thresholds", ""]
        for t in self.thresholds:
            expr = f" = `{t['expression_in_swept']}`" if t.get("expression_in_swept") else ""
            lines.append(
                f"- {t['parameter']} = {t['value']:.6g}{expr}: {t['player']} switches "
                f"{t['below']} → {t['above']} at {t['node']}"
            )
        for name, file in self.figures.items():
            if file.endswith(".png"):
                lines += ["", f"![{name}]({Path(file).name})"]
        lines += [
            "",
            "## Parameters",
            "",
            "| name | value | range | meaning |",
            "|---|---|---|---|",
        ]
        for p in self.parameters:
            lines.append(f"| {p['name']} | {p['value']:g} | {p['range']} | {p['description']} |")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """The report as a self-contained HTML page (figures referenced by file name)."""
        esc = html.escape
        parts = [f"<h1>{esc(self.title)}</h1>", f"<p>{esc(self.summary)}</p>"]
        if self.sources:
            parts.append(
                "<h2>Sources</h2><ul>"
                + "".join(f"<li>{esc(s)}</li>" for s in self.sources)
                + "</ul>"
            )
        parts.append(
            "<h2>Equilibrium</h2><ol>"
            + "".join(
                f"<li><b>{esc(d.player)}</b>: {esc(d.action)} <small>({esc(d.node)})</small></li>"
                for d in self.path
            )
            + "</ol>"
        )
        parts.append(
            "<p>Payoffs: "
            + esc(", ".join(f"{p} {format_number(v, 4)}" for p, v in self.payoffs.items()))
            + "</p>"
        )
        parts.append(
            "<h2>Why</h2><ul>"
            + "".join(
                f"<li>{esc(d.player)} chooses {esc(d.action)} over {esc(d.alternative or '')}"
                f" by {esc(format_number(d.margin, 4))}</li>"
                for d in self.path
                if d.alternative
            )
            + "</ul>"
        )
        parts.append(
            "<h2>Thresholds</h2><ul>"
            + "".join(
                f"<li>{esc(t['parameter'])} = {t['value']:.6g}: {esc(t['player'])} switches "
                f"{esc(t['below'])} → {esc(t['above'])} at {esc(t['node'])}</li>"
                for t in self.thresholds
            )
            + "</ul>"
        )
        for name, file in self.figures.items():
            if file.endswith(".png"):
                parts.append(
                    f"<figure><img src='{esc(Path(file).name)}' alt='{esc(name)}'>"
                    f"<figcaption>{esc(name)}</figcaption></figure>"
                )
        body = "\n".join(parts)
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(self.title)}"
            f"</title></head><body>{body}</body></html>\n"
        )

    def write(self, directory: str | Path, *, figures: bool = True) -> Report:
        """Write ``report.md``, ``report.html``, ``report.json`` and figures to ``directory``.

        Returns the report with ``figures`` filled in with the written files.
        """
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        files: dict[str, str] = {}
        if figures:
            files.update(_figures(self, out))
        report = replace(self, figures=dict(files))
        for suffix, text in (
            ("md", report.to_markdown()),
            ("html", report.to_html()),
            ("json", json.dumps(report.to_dict(), indent=2, default=str)),
        ):
            path = out / f"report.{suffix}"
            path.write_text(text, encoding="utf-8")
            files[f"report ({suffix})"] = str(path)
        return replace(report, figures=files)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=min(width, 100))) if text else ""


# -------------------------------------------------------------------------------------------
# Building the report
# -------------------------------------------------------------------------------------------


def _ranged(game: Any) -> list[str]:
    return [
        p.name
        for p in game.parameters
        if p.lower is not None and p.upper is not None and p.lower < p.upper
    ]


def _tree_path(
    game: ExtensiveGame, point: Mapping[str, float], n_drivers: int
) -> tuple[list[PathDecision], dict[str, float], bool, list[int]]:
    res = backward_induction_batch(game, dict(point))
    choice = np.asarray(res.choice).reshape(-1)
    on_path = np.asarray(res.on_path).reshape(-1)
    sym = SymbolicTree(game)
    ranged = _ranged(game)
    path: list[PathDecision] = []
    flat_of = np.empty(len(game.nodes), dtype=np.int64)
    flat_of[np.asarray(res.flat.node_id)] = np.arange(len(game.nodes))
    values = np.asarray(res.values).reshape(len(game.nodes), -1)
    for r, k in enumerate(game.decision_nodes):
        if not on_path[r]:
            continue
        node = game.nodes[k]
        assert isinstance(node, Decision)
        p = game.players.index(node.player)
        kids = game.children(k)
        vals = [float(values[flat_of[c], p]) for c in kids]
        c = int(choice[r])
        others = [j for j in range(len(kids)) if j != c]
        if not others:
            path.append(
                PathDecision(
                    node.player,
                    game.infoset_of(k).label,
                    node.actions[c],
                    vals[c],
                    None,
                    None,
                    None,
                )
            )
            continue
        alt = max(others, key=lambda j: vals[j])
        chosen_expr = sym.value(kids[c], p, choice.tolist(), {})
        alt_expr = sym.value(kids[alt], p, choice.tolist(), {})
        margin_expr = sympy.expand(chosen_expr - alt_expr)
        drivers = _drivers(game, margin_expr, point, ranged, n_drivers)
        path.append(
            PathDecision(
                node.player,
                game.infoset_of(k).label,
                node.actions[c],
                vals[c],
                node.actions[alt],
                vals[alt],
                vals[c] - vals[alt],
                drivers,
            )
        )
    payoffs = {
        pl: float(v)
        for pl, v in zip(game.players, np.asarray(res.payoffs).reshape(-1), strict=True)
    }
    return path, payoffs, bool(np.asarray(res.tie).any()), choice.tolist()


def _drivers(
    game: Any, margin: sympy.Expr, point: Mapping[str, float], ranged: Sequence[str], n: int
) -> tuple[tuple[str, float, float | None], ...]:
    """Parameters that move a margin most: derivative times range, and where it alone hits 0."""
    subs = {sympy.Symbol(k, real=True): sympy.Float(v) for k, v in point.items()}
    found = []
    for name in ranged:
        sym = sympy.Symbol(name, real=True)
        if sym not in margin.free_symbols:
            continue
        prm = game.parameters[name]
        width = float(prm.upper) - float(prm.lower)
        slope = float(sympy.diff(margin, sym).xreplace(subs))
        if slope == 0:
            continue
        flip: float | None = None
        others = {s: v for s, v in subs.items() if s != sym}
        try:
            roots = sympy.solve(sympy.Eq(margin.xreplace(others), 0), sym)
        except (NotImplementedError, TypeError, ValueError):
            roots = []
        for root in roots:
            if root.is_real and float(prm.lower) <= float(root) <= float(prm.upper):
                flip = float(root)
                break
        found.append((name, slope * width, flip))
    found.sort(key=lambda t: -abs(t[1]))
    return tuple(found[:n])


def build_report(
    scenario: Any,
    values: Mapping[str, Any] | None = None,
    *,
    focus: str | None = None,
    parameters: Sequence[str] | None = None,
    n_drivers: int = 4,
    resolution: int = 401,
) -> Report:
    """Analyse a scenario at one point: equilibrium, why, and thresholds of the focus player.

    Parameters
    ----------
    scenario : Scenario or ExtensiveGame
        A loaded scenario (:func:`~alliancegame.load`) or a parameterised game tree.
    values : mapping, optional
        Parameter values (defaults otherwise).
    focus : str, optional
        Whose choices' thresholds to report (default: ``"Russia"`` when it is a player, else all).
    parameters : sequence of str, optional
        Parameters to compute thresholds for (default: those with a declared range).
    n_drivers : int
        How many parameters to list as drivers of each margin.
    resolution : int
        Grid points of the bracketing sweep for thresholds.

    Returns
    -------
    Report

    Examples
    --------
    >>> import alliancegame as ag
    >>> rep = build_report(ag.load("russia-iran"), parameters=["u"])
    >>> [d.action for d in rep.path]
    ['Strike', 'I', 'Lifeline', 'Proxy']
    >>> [(t["below"], t["above"], round(t["value"], 4)) for t in rep.thresholds][0]
    ('X', 'A', 2.75)
    """
    game = getattr(scenario, "game", scenario)
    if isinstance(game, NormalFormGame):
        raise GameError("report: normal-form scenarios are not supported yet; use solve()")
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"report: needs a scenario or a game tree, got {type(game).__name__}")
    point = {k: float(v) for k, v in game.parameters.resolve(dict(values or {}), "report").items()}
    if focus is None:
        focus = "Russia" if "Russia" in game.players else None
    elif focus not in game.players:
        from .core.errors import UnknownNameError, did_you_mean

        raise UnknownNameError(
            f"report: unknown player {focus!r}{did_you_mean(focus, game.players)}",
            focus,
            game.players,
        )
    path, payoffs, ties, _ = _tree_path(game, point, n_drivers)
    names = list(parameters) if parameters is not None else _ranged(game)
    found: list[dict[str, Any]] = []
    for name in names:
        others = {k: v for k, v in point.items() if k != name}
        res = thresholds(game, name, fixed=others, resolution=resolution)
        for t in res:
            if focus is not None and t.player != focus:
                continue
            in_swept = None
            if t.expression is not None:
                keep = [n for n in names if n != name]
                in_swept = str(t.expression_in(*keep))
            found.append(
                {
                    "parameter": name,
                    "value": t.value,
                    "player": t.player,
                    "node": t.where,
                    "below": t.below,
                    "above": t.above,
                    "on_path": t.on_path,
                    "method": t.method,
                    "verified": t.verified,
                    "expression": None if t.expression is None else str(t.expression),
                    "expression_in_swept": in_swept,
                    "outcome_below": t.outcome_below,
                    "outcome_above": t.outcome_above,
                }
            )
    params = tuple(
        {
            "name": p.name,
            "value": point[p.name],
            "range": "" if p.lower is None or p.upper is None else f"[{p.lower}, {p.upper}]",
            "unit": p.unit,
            "description": p.description,
        }
        for p in game.parameters
    )
    sources = tuple(s.cite() for s in getattr(scenario, "sources", {}).values())
    assumptions = tuple(a.statement for a in getattr(scenario, "assumptions", ()))
    return Report(
        name=getattr(scenario, "name", game.title),
        title=getattr(scenario, "title", "") or game.title,
        summary=getattr(scenario, "summary", ""),
        sources=sources,
        assumptions=assumptions,
        point=point,
        players=tuple(game.players),
        path=tuple(path),
        payoffs=payoffs,
        ties=ties,
        focus=focus,
        thresholds=tuple(found),
        parameters=params,
    )


def _figures(report: Report, out: Path) -> dict[str, str]:
    """A region map of the focus player's first on-path decision and a tornado of its margin."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - plots are optional
        return {}
    from . import load
    from .analysis.figures import plot_tree
    from .analysis.regions import regions

    files: dict[str, str] = {}
    try:
        scenario = load(report.name)
    except (AllianceGameError, OSError):  # a game passed directly has no bundled name
        return files
    game = scenario.game
    ax = plot_tree(game, values=report.point)
    tree_path = out / "game-tree.png"
    ax.figure.savefig(tree_path, bbox_inches="tight", dpi=110)
    plt.close(ax.figure)
    files["game tree (equilibrium path)"] = str(tree_path)
    ranged = [p["name"] for p in report.parameters if p["range"]]
    decision = next((d for d in report.path if d.player == report.focus), None)
    if decision is not None and len(ranged) >= 2:
        x, y = ranged[0], ranged[1]
        fixed = {k: v for k, v in report.point.items() if k not in (x, y)}
        for node in dict.fromkeys(
            [decision.node] + [t["node"] for t in report.thresholds if t["player"] == report.focus]
        ):
            m = regions(game, x, y, resolution=81, node=node, fixed=fixed, max_rows=2)
            ax = m.plot(title=f"{node}: choice over {x} × {y}")
            path = out / f"regions-{_slug(node)}.png"
            ax.figure.savefig(path, bbox_inches="tight", dpi=110)
            plt.close(ax.figure)
            files[f"region map: {node}"] = str(path)
    if decision is not None and decision.drivers:
        fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.45 * len(decision.drivers)))
        names = [n for n, _, _ in decision.drivers][::-1]
        effects = [e for _, e, _ in decision.drivers][::-1]
        ax.barh(
            range(len(names)),
            effects,
            color=["tab:blue" if e < 0 else "tab:orange" for e in effects],
        )
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels(names)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(
            f"change of {decision.player}'s margin ({decision.action} over "
            f"{decision.alternative}) across each parameter's range"
        )
        path = out / "margin-drivers.png"
        fig.savefig(path, bbox_inches="tight", dpi=110)
        plt.close(fig)
        files["margin drivers"] = str(path)
    return files


def _slug(text: str) -> str:
    keep = [c.lower() if c.isalnum() else "-" for c in text]
    slug = "".join(keep).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return slug or "figure"
