"""The :class:`Scenario` object: a game together with its title, summary, sources and parameters."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import sympy

from ..games.distributions import Beta, Discrete, Distribution, Normal, Triangular, Uniform
from ..games.parameters import ParameterSet

__all__ = ["Assumption", "Citation", "Scenario", "Source", "prior_to_dict"]


@dataclass(frozen=True, slots=True)
class Source:
    """A document a scenario cites.

    Examples
    --------
    >>> Source("brief", "Russia–Iran partnership brief", "analyst's brief", "2026-01-11")
    Source('brief': Russia–Iran partnership brief — analyst's brief, 2026-01-11)
    """

    key: str
    title: str
    outlet: str
    date: str
    url: str | None = None
    note: str = ""

    def cite(self) -> str:
        """``Title — Outlet, date``."""
        return f"{self.title} — {self.outlet}, {self.date}"

    def __repr__(self) -> str:
        return f"Source({self.key!r}: {self.cite()})"


@dataclass(frozen=True, slots=True)
class Citation:
    """A sentence quoted from a :class:`Source`, on which an assumption or a number rests.

    Examples
    --------
    >>> src = Source("b", "Brief", "Outlet", "2026")
    >>> str(Citation(src, "Moscow is not legally obligated to send troops."))
    'Brief — Outlet, 2026: “Moscow is not legally obligated to send troops.”'
    """

    source: Source
    quote: str

    def __str__(self) -> str:
        return f"{self.source.cite()}: “{self.quote}”"


@dataclass(frozen=True, slots=True)
class Assumption:
    """A structural assumption of a model (who moves when, who sees what), with its citations."""

    statement: str
    citations: tuple[Citation, ...] = ()


def prior_to_dict(prior: Distribution) -> dict[str, Any]:
    """A prior as it is written in a scenario file.

    Examples
    --------
    >>> from alliancegame.games.distributions import Triangular
    >>> prior_to_dict(Triangular(0, 0.05, 0.2))
    {'distribution': 'triangular', 'lower': 0, 'mode': 0.05, 'upper': 0.2}
    """
    if isinstance(prior, Uniform):
        return {"distribution": "uniform", "lower": prior.low, "upper": prior.high}
    if isinstance(prior, Normal):
        return {"distribution": "normal", "mean": prior.mu, "sd": prior.sigma}
    if isinstance(prior, Beta):
        return {
            "distribution": "beta",
            "a": prior.a,
            "b": prior.b,
            "lower": prior.low,
            "upper": prior.high,
        }
    if isinstance(prior, Triangular):
        return {
            "distribution": "triangular",
            "lower": prior.low,
            "mode": prior.mode,
            "upper": prior.high,
        }
    if isinstance(prior, Discrete):
        out: dict[str, Any] = {"distribution": "discrete", "values": list(prior.values)}
        if prior.probabilities is not None:
            out["probabilities"] = list(prior.probabilities)
        return out
    raise TypeError(f"prior_to_dict: unknown distribution {prior!r}")


@dataclass(frozen=True, slots=True, eq=False)
class Scenario:
    """A game written down in a scenario file, with the evidence behind it.

    A scenario behaves like its game: ``at``, ``evaluate``, ``players``, ``parameters`` and every
    other attribute of the game (``flat``, ``render``, ...) are the game's, so a scenario can be
    passed where a game is expected. The game itself is ``scenario.game``.

    Attributes
    ----------
    name : str
        The scenario's name (the file name without ``.yaml``).
    title, summary : str
        What the model is about, in words.
    players : tuple of str
        Player names.
    game : ExtensiveGame or NormalFormGame
        The parameterised game. Its :class:`~alliancegame.Parameter` objects carry each
        parameter's meaning, unit, range, prior and sources.
    sources : mapping of str to Source
        The documents cited, by key.
    citations : mapping of str to tuple of Citation
        For each parameter, the sentences it encodes.
    assumptions : tuple of Assumption
        Structural assumptions with their citations.
    definitions : mapping of str to sympy.Expr
        The named derived quantities of the file (expressions in parameters, action attributes and
        move indicators).
    path : pathlib.Path or None
        Where the scenario was read from.
    player_descriptions : mapping of str to str
        Who each player is, when the file gives ``players`` as a mapping.

    Examples
    --------
    >>> from alliancegame.scenarios import loads
    >>> s = loads('''
    ... title: Matching pennies with a stake
    ... summary: A zero-sum toy.
    ... parameters:
    ...   w: {meaning: stake, unit: points, default: 1, range: [0, 5]}
    ... players: [Row, Column]
    ... game:
    ...   normal_form:
    ...     strategies: {Row: [H, T], Column: [H, T]}
    ...     table:
    ...       H: {H: [w, -w], T: [-w, w]}
    ...       T: {H: [-w, w], T: [w, -w]}
    ... ''')
    >>> s
    <Scenario 'Matching pennies with a stake': normal form, players Row, Column; parameters w>
    >>> float(s.at(w=2).payoff("Row", {"Row": "H", "Column": "H"}))
    2.0
    """

    name: str
    title: str
    summary: str
    players: tuple[str, ...]
    game: Any
    sources: Mapping[str, Source] = field(default_factory=dict)
    citations: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)
    assumptions: tuple[Assumption, ...] = ()
    definitions: Mapping[str, sympy.Expr] = field(default_factory=dict)
    path: Path | None = None
    player_descriptions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for attr in ("sources", "citations", "definitions", "player_descriptions"):
            object.__setattr__(self, attr, MappingProxyType(dict(getattr(self, attr))))

    @property
    def parameters(self) -> ParameterSet:
        """The game's parameters (with meaning, unit, range, prior and sources)."""
        params: ParameterSet = self.game.parameters
        return params

    @property
    def priors(self) -> dict[str, Distribution]:
        """The parameters' prior distributions, for those that have one."""
        return {p.name: p.prior for p in self.parameters if p.prior is not None}

    @property
    def kind(self) -> str:
        """``"tree"`` or ``"normal form"``."""
        return "normal form" if hasattr(self.game, "strategies") else "tree"

    def __getattr__(self, name: str) -> Any:
        # Anything else a game offers (``flat``, ``to_normal_form``, ``render``, ...) is the
        # game's: a scenario can be passed where a game is expected.
        if name.startswith("__") or name == "game":
            raise AttributeError(name)
        try:
            return getattr(self.game, name)
        except AttributeError:
            raise AttributeError(
                f"neither the Scenario nor its game has an attribute {name!r}"
            ) from None

    def at(self, exact: bool = False, **values: Any) -> Any:
        """The numeric game at one parameter point (missing parameters take their defaults)."""
        return self.game.at(exact=exact, **values)

    def evaluate(self, values: Mapping[str, Any] | None = None, /, **kwargs: Any) -> Any:
        """The game's batch evaluation (see the game's ``evaluate``)."""
        return self.game.evaluate(values, **kwargs)

    def parameters_to_dict(self) -> dict[str, dict[str, Any]]:
        """The ``parameters`` section of a scenario file that declares these parameters.

        Examples
        --------
        >>> from alliancegame.scenarios import loads
        >>> s = loads('''
        ... title: t
        ... summary: s
        ... parameters:
        ...   p: {meaning: a probability, default: 0.1, range: [0, 1],
        ...       prior: {distribution: beta, a: 2, b: 8}}
        ... players: [A]
        ... game: {normal_form: {strategies: {A: [x]}, payoffs: [p]}}
        ... ''')
        >>> s.parameters_to_dict()["p"]["prior"]
        {'distribution': 'beta', 'a': 2, 'b': 8, 'lower': 0, 'upper': 1}
        """
        out: dict[str, dict[str, Any]] = {}
        for p in self.parameters:
            entry: dict[str, Any] = {"meaning": p.description, "unit": p.unit}
            if p.default is not None:
                entry["default"] = p.default
            if p.lower is not None or p.upper is not None:
                entry["range"] = [p.lower, p.upper]
            if p.prior is not None:
                entry["prior"] = prior_to_dict(p.prior)
            cites = self.citations.get(p.name, ())
            if cites:
                entry["sources"] = [{"source": c.source.key, "quote": c.quote} for c in cites]
            out[p.name] = entry
        return out

    def describe(self) -> str:
        """A plain-text account: title, summary, players, parameters (with sources), sources.

        Examples
        --------
        >>> from alliancegame.scenarios import loads
        >>> print(loads('''
        ... title: One choice
        ... summary: A decision.
        ... parameters: {b: {meaning: benefit, unit: points, default: 2, range: [0, 4]}}
        ... players: [A]
        ... game: {normal_form: {strategies: {A: [act, wait]}, payoffs: {A: "b*A_act"}}}
        ... ''').describe())
        One choice
        A decision.
        <BLANKLINE>
        Game: normal form; players: A
        Parameters:
          b = 2 points, range [0, 4]: benefit
        """
        lines = [self.title, self.summary.strip(), ""]
        lines.append(f"Game: {self.kind}; players: {', '.join(self.players)}")
        lines.extend(f"  {p}: {d}" for p, d in self.player_descriptions.items() if d)
        if len(self.parameters):
            lines.append("Parameters:")
        for p in self.parameters:
            value = "(no default)" if p.default is None else f"{p.default}"
            unit = f" {p.unit}" if p.unit else ""
            rng = ""
            if p.lower is not None or p.upper is not None:
                lo = "-inf" if p.lower is None else f"{p.lower}"
                hi = "inf" if p.upper is None else f"{p.upper}"
                rng = f", range [{lo}, {hi}]"
            prior = f", prior {p.prior}" if p.prior is not None else ""
            lines.append(f"  {p.name} = {value}{unit}{rng}{prior}: {p.description}")
            lines.extend(f"      {c}" for c in self.citations.get(p.name, ()))
        if self.assumptions:
            lines.append("Assumptions:")
            for a in self.assumptions:
                lines.append(f"  - {a.statement}")
                lines.extend(f"      {c}" for c in a.citations)
        if self.sources:
            lines.append("Sources:")
            lines.extend(
                f"  [{s.key}] {s.cite()}" + (f" <{s.url}>" if s.url else "")
                for s in self.sources.values()
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter display: title, summary, parameters with their sources, the game, sources."""
        import html

        esc = html.escape
        parts = [f"<div><h4>{esc(self.title)}</h4><p>{esc(self.summary.strip())}</p>"]
        parts.append(f"<p><strong>Game:</strong> {esc(self.kind)}; players: ")
        parts.append(esc(", ".join(self.players)) + "</p>")
        if len(self.parameters):
            rows = []
            for p in self.parameters:
                lo = "" if p.lower is None else f"{p.lower}"
                hi = "" if p.upper is None else f"{p.upper}"
                rng = f"[{lo}, {hi}]" if (lo or hi) else ""
                quotes = "<br>".join(
                    f"<em>{esc(c.source.key)}</em>: “{esc(c.quote)}”"
                    for c in self.citations.get(p.name, ())
                )
                cells = [
                    f"<code>{esc(p.name)}</code>",
                    esc("(no default)" if p.default is None else f"{p.default}"),
                    esc(p.unit or ""),
                    esc(rng),
                    esc(p.description or ""),
                    quotes,
                ]
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            head = "".join(
                f"<th>{h}</th>" for h in ("name", "default", "unit", "range", "meaning", "sources")
            )
            parts.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
        game_html = getattr(self.game, "_repr_html_", None)
        if game_html is not None:
            parts.append(f"<details><summary>the game</summary>{game_html()}</details>")
        if self.sources:
            items = "".join(
                f"<li>[{esc(s.key)}] {esc(s.cite())}</li>" for s in self.sources.values()
            )
            parts.append(f"<p><strong>Sources</strong></p><ul>{items}</ul>")
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        params = ", ".join(self.parameters.names) or "none"
        return (
            f"<Scenario {self.title!r}: {self.kind}, players {', '.join(self.players)}; "
            f"parameters {params}>"
        )


def _date_text(value: _dt.date | str) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)
