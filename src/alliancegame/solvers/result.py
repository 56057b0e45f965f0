"""Result types shared by every solver.

A solver returns one :class:`SolverResult`: the game, the solution concept and method, whether
arithmetic was exact, the equilibria (each a :class:`StrategyProfile` for normal-form games or a
:class:`BehaviorProfile` for trees), the largest regret found when verifying them, and whether the
method is known to return *all* equilibria of its kind for this game (``complete``).

Profiles are addressed by names: ``eq["Russia"]["arm"]`` is the probability that Russia plays
``arm``; ``eq.payoffs["Russia"]`` its expected payoff.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BehaviorProfile", "PathStep", "SolverResult", "StrategyProfile", "format_number"]


def format_number(v: Any, digits: int = 6) -> str:
    """Format a probability or payoff for display: fractions as ``p/q``, floats rounded.

    Examples
    --------
    >>> format_number(Fraction(1, 10)), format_number(0.30000000000000004)
    ('1/10', '0.3')
    """
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, float | np.floating):
        r = round(float(v), digits)
        return f"{r:g}" if r != 0 else "0"
    return str(v)


def _json_number(v: Any) -> Any:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, np.generic):
        return v.item()
    return v


def player_index(players: tuple[str, ...], player: str) -> int:
    """The index of a player by name; an :class:`~alliancegame.UnknownNameError` with a "did you
    mean" otherwise.

    Examples
    --------
    >>> player_index(("Russia", "Iran"), "Iran")
    1
    """
    try:
        return players.index(player)
    except ValueError:
        from ..core.errors import UnknownNameError, did_you_mean

        raise UnknownNameError(
            f"unknown player {player!r}{did_you_mean(player, players)}", player, players
        ) from None


@dataclass(frozen=True, slots=True, eq=False)
class StrategyProfile:
    """A (mixed) strategy profile of a normal-form game, with its payoffs and regret.

    Attributes
    ----------
    players : tuple of str
        Player names.
    strategies : tuple of tuple of str
        Strategy names per player.
    probabilities : tuple of tuple
        Per player, the probability of each strategy (``Fraction`` when exact, else ``float``).
    payoffs : tuple
        Each player's expected payoff.
    regret : float or Fraction
        The largest gain any player could get by deviating (0 for an exact equilibrium).
    exact : bool
        Whether the numbers are exact fractions.

    Examples
    --------
    >>> p = StrategyProfile(("A", "B"), (("x", "y"), ("l", "r")),
    ...                     ((Fraction(1), Fraction(0)), (Fraction(1, 2), Fraction(1, 2))),
    ...                     (Fraction(1), Fraction(0)), Fraction(0), True)
    >>> p["B"]
    {'l': Fraction(1, 2), 'r': Fraction(1, 2)}
    >>> p
    <StrategyProfile A: x | B: l=1/2, r=1/2 ; payoffs A=1, B=0>
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    probabilities: tuple[tuple[Any, ...], ...]
    payoffs_: tuple[Any, ...]
    regret: Any
    exact: bool

    def __getitem__(self, player: str) -> dict[str, Any]:
        i = self._index(player)
        return dict(zip(self.strategies[i], self.probabilities[i], strict=True))

    def _index(self, player: str) -> int:
        return player_index(self.players, player)

    @property
    def payoffs(self) -> dict[str, Any]:
        """Expected payoff per player."""
        return dict(zip(self.players, self.payoffs_, strict=True))

    def support(self, player: str) -> tuple[str, ...]:
        """The strategies a player uses with positive probability."""
        i = self._index(player)
        return tuple(
            s for s, p in zip(self.strategies[i], self.probabilities[i], strict=True) if p > 0
        )

    @property
    def is_pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(sum(1 for p in probs if p > 0) == 1 for probs in self.probabilities)

    def as_arrays(self) -> list[npt.NDArray[Any]]:
        """Mixed strategies as arrays (object arrays of Fractions when exact)."""
        dtype: Any = object if self.exact else float
        return [np.array(p, dtype=dtype) for p in self.probabilities]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: exact numbers become ``"p/q"`` strings."""
        return {
            "strategies": {
                p: {
                    s: _json_number(x)
                    for s, x in zip(self.strategies[i], self.probabilities[i], strict=True)
                }
                for i, p in enumerate(self.players)
            },
            "payoffs": {
                p: _json_number(v) for p, v in zip(self.players, self.payoffs_, strict=True)
            },
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StrategyProfile):
            return NotImplemented
        return (self.players, self.strategies, self.probabilities) == (
            other.players,
            other.strategies,
            other.probabilities,
        )

    def __hash__(self) -> int:
        return hash((self.players, self.strategies, self.probabilities))

    def describe(self) -> str:
        """One line: each player's strategy (or mixture) and the payoffs."""
        parts = []
        for i, p in enumerate(self.players):
            used = [
                (s, x)
                for s, x in zip(self.strategies[i], self.probabilities[i], strict=True)
                if x > 0
            ]
            if len(used) == 1:
                parts.append(f"{p}: {used[0][0]}")
            else:
                parts.append(f"{p}: " + ", ".join(f"{s}={format_number(x)}" for s, x in used))
        pay = ", ".join(
            f"{p}={format_number(v)}" for p, v in zip(self.players, self.payoffs_, strict=True)
        )
        return " | ".join(parts) + f" ; payoffs {pay}"

    def __repr__(self) -> str:
        return f"<StrategyProfile {self.describe()}>"


@dataclass(frozen=True, slots=True)
class PathStep:
    """One move on the equilibrium path of a tree: who moved, where, and what they chose.

    ``probability`` is the probability that this move is made under the profile (the probability
    of reaching the information set times that of choosing the action): 1 along a pure path.
    """

    player: str
    infoset: str
    action: str
    probability: Any = 1


@dataclass(frozen=True, slots=True, eq=False)
class BehaviorProfile:
    """A behaviour-strategy profile of an extensive-form game.

    Attributes
    ----------
    players : tuple of str
        Player names.
    infosets : tuple of tuple of str
        Per player, the labels of its information sets.
    actions : tuple of tuple of tuple of str
        Per player and information set, the action labels.
    probabilities : tuple of tuple of tuple
        Per player and information set, the probability of each action.
    payoffs_ : tuple
        Expected payoff per player.
    regret : float or Fraction
        Largest gain from a unilateral deviation (a check of Nash equilibrium).
    exact : bool
        Whether numbers are exact fractions.
    path : tuple of PathStep
        Decisions on the equilibrium path (moves reached with positive probability), in tree order.
    """

    players: tuple[str, ...]
    infosets: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[tuple[str, ...], ...], ...]
    probabilities: tuple[tuple[tuple[Any, ...], ...], ...]
    payoffs_: tuple[Any, ...]
    regret: Any
    exact: bool
    path: tuple[PathStep, ...] = field(default=())

    def __getitem__(self, player: str) -> dict[str, dict[str, Any]]:
        i = player_index(self.players, player)
        return {
            label: dict(zip(self.actions[i][k], self.probabilities[i][k], strict=True))
            for k, label in enumerate(self.infosets[i])
        }

    @property
    def payoffs(self) -> dict[str, Any]:
        """Expected payoff per player."""
        return dict(zip(self.players, self.payoffs_, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"behavior": {player: {infoset: {action: p}}}, "payoffs": ...}``."""
        return {
            "behavior": {
                p: {
                    label: {
                        a: _json_number(x)
                        for a, x in zip(self.actions[i][k], self.probabilities[i][k], strict=True)
                    }
                    for k, label in enumerate(self.infosets[i])
                }
                for i, p in enumerate(self.players)
            },
            "payoffs": {
                p: _json_number(v) for p, v in zip(self.players, self.payoffs_, strict=True)
            },
            "path": [
                {
                    "player": s.player,
                    "infoset": s.infoset,
                    "action": s.action,
                    "probability": _json_number(s.probability),
                }
                for s in self.path
            ],
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BehaviorProfile):
            return NotImplemented
        return (self.players, self.infosets, self.actions, self.probabilities) == (
            other.players,
            other.infosets,
            other.actions,
            other.probabilities,
        )

    def __hash__(self) -> int:
        return hash((self.players, self.infosets, self.probabilities))

    def describe(self) -> str:
        """One line: the equilibrium path and the payoffs."""
        path = " → ".join(f"{s.player}: {s.action}" for s in self.path) or "(no decisions)"
        pay = ", ".join(
            f"{p}={format_number(v)}" for p, v in zip(self.players, self.payoffs_, strict=True)
        )
        return f"{path} ; payoffs {pay}"

    def __repr__(self) -> str:
        return f"<BehaviorProfile {self.describe()}>"


Profile = StrategyProfile | BehaviorProfile


@dataclass(frozen=True, slots=True, eq=False)
class SolverResult:
    """What every solver returns.

    Attributes
    ----------
    game : object
        The (numeric) game that was solved.
    concept : str
        Solution concept: ``"pure"``, ``"nash"``, ``"spe"``, ``"maximin"``, ``"dominance"``.
    method : str
        Algorithm, e.g. ``"enumpure"``, ``"vertex"``, ``"support"``, ``"lemke-howson"``.
    exact : bool
        Whether exact rational arithmetic was used.
    equilibria : tuple of StrategyProfile or BehaviorProfile
        The solutions, each verified before being returned.
    max_regret : float or Fraction
        The largest regret among the returned equilibria (0 when there are none).
    complete : bool
        Whether the method is guaranteed to return every solution of its kind for this game
        (for mixed equilibria: every extreme equilibrium). ``False`` for methods that find one
        equilibrium, or when the game is degenerate and the method cannot guarantee completeness.
    components : tuple of tuple of int, optional
        For degenerate games, groups of equilibria (indices) whose convex hulls form connected
        sets of equilibria.
    options : mapping
        The options the solver used (tolerances, initial labels, ...).
    warnings : tuple of str
        Anything the user should know about this result.
    value : tuple, optional
        Zero-sum games: the value to each player.
    reduced_game : object, optional
        Dominance: the game that remains after elimination.
    eliminated : tuple, optional
        Dominance: ``(round, player, strategy)`` for each eliminated strategy, in order.
    """

    game: Any
    concept: str
    method: str
    exact: bool
    equilibria: tuple[Any, ...]
    max_regret: Any = 0
    complete: bool = True
    components: tuple[tuple[int, ...], ...] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    value: tuple[Any, ...] | None = None
    reduced_game: Any = None
    eliminated: tuple[tuple[int, str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.equilibria)

    def __getitem__(self, i: int) -> Any:
        return self.equilibria[i]

    @property
    def players(self) -> tuple[str, ...]:
        """The game's player names."""
        return tuple(self.game.players)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as printed by ``alliancegame solve --json``."""
        out: dict[str, Any] = {
            "players": list(self.players),
            "concept": self.concept,
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "max_regret": _json_number(self.max_regret),
            "equilibria": [e.to_dict() for e in self.equilibria],
        }
        if self.value is not None:
            out["value"] = {
                p: _json_number(v) for p, v in zip(self.players, self.value, strict=True)
            }
        if self.eliminated:
            out["eliminated"] = [
                {"round": r, "player": p, "strategy": s} for r, p, s in self.eliminated
            ]
        if self.components is not None:
            out["components"] = [list(c) for c in self.components]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "float"
        head = (
            f"SolverResult(concept={self.concept!r}, method={self.method!r}, {kind}, "
            f"{len(self.equilibria)} solution{'s' if len(self.equilibria) != 1 else ''}"
            f"{'' if self.complete else ', possibly incomplete'})"
        )
        lines = [head] + [f"  [{k}] {e.describe()}" for k, e in enumerate(self.equilibria)]
        if self.value is not None:
            lines.append("  value: " + ", ".join(format_number(v) for v in self.value))
        if self.eliminated:
            lines.append("  eliminated: " + ", ".join(f"{p}:{s}" for _, p, s in self.eliminated))
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        esc = html.escape
        rows = "".join(f"<li>{esc(e.describe())}</li>" for e in self.equilibria)
        extra = []
        if not self.complete:
            extra.append("<p><em>possibly incomplete</em></p>")
        if self.value is not None:
            values = ", ".join(format_number(v) for v in self.value)
            extra.append(f"<p>value: {esc(values)}</p>")
        if self.eliminated:
            gone = ", ".join(f"{p}:{s}" for _, p, s in self.eliminated)
            extra.append(f"<p>eliminated: {esc(gone)}</p>")
        extra += [f"<p>warning: {esc(w)}</p>" for w in self.warnings]
        count = f"{len(self.equilibria)} solution{'s' if len(self.equilibria) != 1 else ''}"
        return (
            f"<div><strong>{esc(self.concept)}</strong> by {esc(self.method)} "
            f"({'exact' if self.exact else 'float'}), {count}"
            f"<ol start='0'>{rows}</ol>{''.join(extra)}</div>"
        )
