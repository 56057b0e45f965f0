"""The 2×2 crisis archetypes: Prisoner's Dilemma, Chicken, Stag Hunt, Deadlock, and their pairings.

Two players choose at the same time, with complete information, between **C** (hold back,
cooperate, concede) and **D** (stand firm, defect, escalate). With the cardinal notation of
Rapoport & Guyer (1966) a player's payoffs are

========================  ====================  =====
own move / other's move   outcome               payoff
========================  ====================  =====
C / C                     mutual restraint      R
C / D                     the "sucker"          S
D / C                     the "temptation"      T
D / D                     mutual firmness       P
========================  ====================  =====

and the four archetypes of crisis bargaining (Snyder 1971; Snyder & Diesing 1977; Jervis 1978)
are the strict rankings

* **Prisoner's Dilemma** ``T > R > P > S``: D strictly dominates C, so (D, D) is the unique
  equilibrium although both prefer (C, C) — the security dilemma in its starkest form.
* **Chicken** ``T > R > S > P``: the best reply to D is C and to C is D. Two pure equilibria,
  (C, D) and (D, C), and a mixed one in which each player stands firm with probability
  :math:`q = (T - R) / ((T - R) + (S - P))` — the probability that makes the other indifferent,
  :math:`(1-q)R + qS = (1-q)T + qP`. With ``R=0, S=-1, T=1, P=-10`` this is ``q = 1/10``.
* **Stag Hunt** ``R > T > P > S``: an assurance game. Two pure equilibria, (C, C) and (D, D), and
  a mixed one in which each holds back with probability :math:`(P - S)/((R - T) + (P - S))`.
* **Deadlock** ``T > P > R > S``: D dominates and, unlike the Prisoner's Dilemma, both prefer
  mutual firmness to mutual restraint; (D, D) is the unique equilibrium and there is no dilemma.

Asymmetric crises pair two types (Snyder & Diesing 1977, ch. 2): the row player ranks outcomes
as one archetype, the column player as another. With a **Deadlock** challenger against a
**Chicken** defender ("Bully"; Poundstone 1992), D dominates for the challenger and the defender's
best reply to D is C: the unique equilibrium is (D, C) and the bully prevails. A **Prisoner's
Dilemma** player against a **Chicken** player ("Called Bluff") ends the same way, since D also
dominates in the Prisoner's Dilemma; a **Deadlock** player against a **Prisoner's Dilemma** player
("Big Bully") ends in (D, D).

Counting the 2×2 games
----------------------
A *strictly ordinal* 2×2 game gives each player a strict ranking of the four outcomes, so there
are :math:`4! \\times 4! = 576` of them. Renaming a player's two strategies, or swapping the two
players, changes nothing strategic; these relabellings form a group of order 8. By Burnside's
lemma the number of orbits is the average number of games a relabelling fixes: the identity fixes
all 576, swapping the players fixes the 24 games with :math:`B = A^\\top`, swapping the players
and both players' strategies fixes 24 more, and the other five fix none (a strict ranking cannot
be invariant under a strategy swap), so there are :math:`(576 + 24 + 24) / 8 =` **78** distinct
games (Rapoport & Guyer 1966), 12 of them symmetric. :func:`ordinal_2x2_games` lists one
representative of each.

References
----------
Rapoport, A. and Guyer, M. (1966). A taxonomy of 2 × 2 games. *General Systems* 11, 203–214.
Snyder, G. H. (1971). "Prisoner's Dilemma" and "Chicken" models in international politics.
*International Studies Quarterly* 15(1), 66–103.
Snyder, G. H. and Diesing, P. (1977). *Conflict Among Nations: Bargaining, Decision Making, and
System Structure in International Crises*. Princeton University Press.
Jervis, R. (1978). Cooperation under the security dilemma. *World Politics* 30(2), 167–214.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books (the payoffs 3, 0, 5, 1).
Poundstone, W. (1992). *Prisoner's Dilemma*. Doubleday (the game of Bully).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ...core.errors import GameError, UnknownNameError, did_you_mean
from ...core.expr import Number
from ...games.normal import NormalFormGame
from ._common import check_order, check_players, parameter

__all__ = [
    "ARCHETYPES",
    "asymmetric_crisis",
    "chicken",
    "classify_2x2",
    "deadlock",
    "ordinal_2x2_games",
    "prisoners_dilemma",
    "stag_hunt",
    "symmetric_2x2",
]

OUTCOMES: Mapping[str, str] = MappingProxyType({"R": "CC", "S": "CD", "T": "DC", "P": "DD"})
"""The outcome (own move first) each payoff letter stands for."""

ARCHETYPES: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "prisoners-dilemma": ("T", "R", "P", "S"),
        "chicken": ("T", "R", "S", "P"),
        "stag-hunt": ("R", "T", "P", "S"),
        "deadlock": ("T", "P", "R", "S"),
    }
)
"""Each archetype's strict ranking of the payoffs ``R, S, T, P``, best first."""

_TITLES = {
    "prisoners-dilemma": "Prisoner's Dilemma",
    "chicken": "Chicken",
    "stag-hunt": "Stag Hunt",
    "deadlock": "Deadlock",
}

_MEANING = {
    "R": "payoff when both hold back (CC): mutual restraint",
    "S": "payoff for holding back while the other stands firm (CD): the sucker's payoff",
    "T": "payoff for standing firm while the other holds back (DC): the temptation",
    "P": "payoff when both stand firm (DD): mutual firmness, war in a crisis",
}

_SOURCES = (
    "Rapoport & Guyer (1966), A taxonomy of 2x2 games",
    "Snyder & Diesing (1977), Conflict Among Nations, ch. 2",
)


def _rule(name: str) -> str:
    order = ARCHETYPES[name]
    letters = " > ".join(order)
    outcomes = " > ".join(OUTCOMES[x] for x in order)
    return f"{letters} ({outcomes})"


def _check_archetype(name: str, where: str) -> str:
    if name not in ARCHETYPES:
        raise UnknownNameError(
            f"{where}: unknown archetype {name!r}{did_you_mean(name, ARCHETYPES)}; "
            f"archetypes: {', '.join(ARCHETYPES)}",
            name,
            ARCHETYPES,
        )
    return name


def classify_2x2(R: Number, S: Number, T: Number, P: Number) -> str | None:
    """The archetype whose strict ranking the payoffs ``R, S, T, P`` follow, or ``None``.

    Examples
    --------
    >>> classify_2x2(R=0, S=-1, T=1, P=-10)
    'chicken'
    >>> classify_2x2(R=3, S=0, T=5, P=1)
    'prisoners-dilemma'
    >>> classify_2x2(R=1, S=1, T=1, P=1) is None
    True
    """
    values = {"R": R, "S": S, "T": T, "P": P}
    for name, order in ARCHETYPES.items():
        if all(values[a] > values[b] for a, b in itertools.pairwise(order)):
            return name
    return None


def symmetric_2x2(
    R: Number,
    S: Number,
    T: Number,
    P: Number,
    *,
    players: Sequence[str] = ("Row", "Column"),
    strategies: Sequence[str] = ("C", "D"),
    title: str = "",
) -> NormalFormGame:
    """A symmetric 2×2 game with parameters ``R, S, T, P`` (no ranking is imposed).

    Parameters
    ----------
    R, S, T, P : number
        Defaults of the payoff parameters (see the module notes for their meaning).
    players : sequence of two str
        Player names.
    strategies : sequence of two str
        Names of the "hold back" and "stand firm" strategies, in that order.
    title : str
        The game's title.

    Returns
    -------
    NormalFormGame
        With parameters ``R, S, T, P``; ``game.at()`` gives the numeric game.

    Examples
    --------
    >>> g = symmetric_2x2(R=2, S=0, T=3, P=1)
    >>> print(g.at().table())
    Row \\ Column | C    | D
    C            | 2, 2 | 0, 3
    D            | 3, 0 | 1, 1
    """
    names = check_players("symmetric_2x2", players, 2)
    strat = tuple(strategies)
    if len(strat) != 2:
        raise GameError(f"symmetric_2x2: needs two strategy names, got {strategies!r}")
    params = [
        parameter(k, v, description=_MEANING[k], sources=_SOURCES)
        for k, v in (("R", R), ("S", S), ("T", T), ("P", P))
    ]
    payoffs = [[["R", "S"], ["T", "P"]], [["R", "T"], ["S", "P"]]]
    return NormalFormGame(payoffs, names, [strat, strat], params, title or "Symmetric 2x2 game")


def _archetype(
    name: str, R: Number, S: Number, T: Number, P: Number, players: Sequence[str], where: str
) -> NormalFormGame:
    values = {"R": R, "S": S, "T": T, "P": P}
    check_order(where, _rule(name), values, ARCHETYPES[name])
    return symmetric_2x2(R, S, T, P, players=players, title=_TITLES[name])


def prisoners_dilemma(
    R: Number = 3,
    S: Number = 0,
    T: Number = 5,
    P: Number = 1,
    *,
    players: Sequence[str] = ("Row", "Column"),
) -> NormalFormGame:
    """The Prisoner's Dilemma, ``T > R > P > S`` (Axelrod's payoffs 3, 0, 5, 1 by default).

    Standing firm (D) strictly dominates, so (D, D) is the unique Nash equilibrium, pure or mixed,
    although both players prefer mutual restraint (R > P) — the security dilemma (Jervis 1978).

    Parameters
    ----------
    R, S, T, P : number
        Payoffs (defaults of the game's parameters); the ranking is checked.
    players : sequence of two str
        Player names.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameError
        If the payoffs do not satisfy ``T > R > P > S``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> ag.solve(prisoners_dilemma().at(), "pure")[0].describe()
    'Row: D | Column: D ; payoffs Row=1, Column=1'
    >>> prisoners_dilemma(P=4)
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: prisoners_dilemma: needs T > R > P > S ... P=4...
    """
    return _archetype("prisoners-dilemma", R, S, T, P, players, "prisoners_dilemma")


def chicken(
    R: Number = 0,
    S: Number = -1,
    T: Number = 1,
    P: Number = -10,
    *,
    players: Sequence[str] = ("Row", "Column"),
) -> NormalFormGame:
    """Chicken, ``T > R > S > P``: whoever stands firm wins, but mutual firmness is the worst.

    Pure equilibria (C, D) and (D, C); in the mixed equilibrium each stands firm with probability
    ``(T - R) / (T - R + S - P)``: ``1/10`` at the defaults ``R=0, S=-1, T=1, P=-10``.

    Parameters
    ----------
    R, S, T, P : number
        Payoffs (defaults of the game's parameters); the ranking is checked.
    players : sequence of two str
        Player names.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameError
        If the payoffs do not satisfy ``T > R > S > P``.

    Examples
    --------
    >>> g = chicken(players=["US", "Iran"])
    >>> print(g.at().table())
    US \\ Iran | C      | D
    C         | 0, 0   | -1, 1
    D         | 1, -1  | -10, -10
    """
    return _archetype("chicken", R, S, T, P, players, "chicken")


def stag_hunt(
    R: Number = 4,
    S: Number = 0,
    T: Number = 3,
    P: Number = 2,
    *,
    players: Sequence[str] = ("Row", "Column"),
) -> NormalFormGame:
    """The Stag Hunt (assurance game), ``R > T > P > S``.

    Pure equilibria (C, C) and (D, D); in the mixed equilibrium each holds back with probability
    ``(P - S) / (R - T + P - S)``: ``2/3`` at the defaults.

    Parameters
    ----------
    R, S, T, P : number
        Payoffs (defaults of the game's parameters); the ranking is checked.
    players : sequence of two str
        Player names.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameError
        If the payoffs do not satisfy ``R > T > P > S``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> [e.describe() for e in ag.solve(stag_hunt().at(), "pure")]
    ['Row: C | Column: C ; payoffs Row=4, Column=4', 'Row: D | Column: D ; payoffs Row=2, Column=2']
    """
    return _archetype("stag-hunt", R, S, T, P, players, "stag_hunt")


def deadlock(
    R: Number = 1,
    S: Number = 0,
    T: Number = 3,
    P: Number = 2,
    *,
    players: Sequence[str] = ("Row", "Column"),
) -> NormalFormGame:
    """Deadlock, ``T > P > R > S``: both prefer mutual firmness to mutual restraint.

    D strictly dominates and (D, D) is the unique equilibrium; unlike the Prisoner's Dilemma it is
    not Pareto-dominated, so there is nothing to cooperate about.

    Parameters
    ----------
    R, S, T, P : number
        Payoffs (defaults of the game's parameters); the ranking is checked.
    players : sequence of two str
        Player names.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameError
        If the payoffs do not satisfy ``T > P > R > S``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> ag.solve(deadlock().at(), "pure")[0].describe()
    'Row: D | Column: D ; payoffs Row=2, Column=2'
    """
    return _archetype("deadlock", R, S, T, P, players, "deadlock")


ORDINAL: Mapping[str, Mapping[str, int]] = MappingProxyType(
    {
        name: MappingProxyType({letter: 4 - k for k, letter in enumerate(order)})
        for name, order in ARCHETYPES.items()
    }
)
"""Each archetype's ordinal payoffs (4 = best, 1 = worst)."""


def asymmetric_crisis(
    challenger: str = "deadlock",
    defender: str = "chicken",
    *,
    challenger_payoffs: Mapping[str, Number] | None = None,
    defender_payoffs: Mapping[str, Number] | None = None,
    players: Sequence[str] = ("Challenger", "Defender"),
) -> NormalFormGame:
    """An asymmetric 2×2 crisis: each player ranks the outcomes as a (possibly different) archetype.

    The row player (``players[0]``) has payoff parameters ``R1, S1, T1, P1`` and the column player
    ``R2, S2, T2, P2`` (own move first in each outcome). Snyder & Diesing (1977) name the pairings:
    Deadlock vs Chicken is "Bully" (the unique equilibrium is (D, C): the bully prevails),
    Prisoner's Dilemma vs Chicken is "Called Bluff" (also (D, C)), and Deadlock vs Prisoner's
    Dilemma is "Big Bully" ((D, D)).

    Parameters
    ----------
    challenger, defender : str
        Archetypes of the row and column players: ``"prisoners-dilemma"``, ``"chicken"``,
        ``"stag-hunt"`` or ``"deadlock"``.
    challenger_payoffs, defender_payoffs : mapping, optional
        ``{"R": ..., "S": ..., "T": ..., "P": ...}`` for each player; default: the archetype's
        ordinal payoffs 4 (best) to 1 (worst). Each player's ranking is checked.
    players : sequence of two str
        Player names (row, column).

    Returns
    -------
    NormalFormGame

    Raises
    ------
    GameError
        If a player's payoffs do not follow its archetype's ranking.
    UnknownNameError
        For an unknown archetype.

    Examples
    --------
    >>> import alliancegame as ag
    >>> bully = asymmetric_crisis("deadlock", "chicken")
    >>> ag.solve(bully.at(), "pure")[0].describe()
    'Challenger: D | Defender: C ; payoffs Challenger=4, Defender=2'
    """
    where = "asymmetric_crisis"
    names = check_players(where, players, 2)
    kinds = (_check_archetype(challenger, where), _check_archetype(defender, where))
    given = (challenger_payoffs, defender_payoffs)
    params = []
    for i, (kind, values) in enumerate(zip(kinds, given, strict=True)):
        vals = dict(ORDINAL[kind] if values is None else values)
        missing = [k for k in "RSTP" if k not in vals]
        extra = [k for k in vals if k not in "RSTP"]
        if missing or extra:
            raise GameError(
                f"{where}: payoffs of {names[i]!r} need exactly the keys R, S, T, P, got "
                f"{sorted(vals)}"
            )
        check_order(
            f"{where}: {names[i]!r} as {_TITLES[kind]}", _rule(kind), vals, ARCHETYPES[kind]
        )
        for k in "RSTP":
            params.append(
                parameter(
                    f"{k}{i + 1}",
                    vals[k],
                    description=f"{names[i]}'s {_MEANING[k]} ({_TITLES[kind]} ranking)",
                    sources=_SOURCES,
                )
            )
    payoffs = [[["R1", "S1"], ["T1", "P1"]], [["R2", "T2"], ["S2", "P2"]]]
    title = f"{_TITLES[kinds[0]]} vs {_TITLES[kinds[1]]}"
    return NormalFormGame(payoffs, names, [("C", "D"), ("C", "D")], params, title)


# ---------------------------------------------------------------------------------------------
# The 78 strictly ordinal 2x2 games
# ---------------------------------------------------------------------------------------------


def _relabellings(arr: npt.NDArray[np.int64]) -> list[npt.NDArray[np.int64]]:
    """The 8 relabellings of a (2, 2, 2) payoff array: strategy swaps and the player swap."""
    out = []
    for swap_players in (False, True):
        base = np.stack([arr[1].T, arr[0].T]) if swap_players else arr
        for flip_rows, flip_cols in itertools.product((False, True), repeat=2):
            g = base
            if flip_rows:
                g = g[:, ::-1, :]
            if flip_cols:
                g = g[:, :, ::-1]
            out.append(g)
    return out


@functools.cache
def _ordinal_representatives() -> tuple[tuple[int, ...], ...]:
    reps = set()
    for r1 in itertools.permutations((1, 2, 3, 4)):
        for r2 in itertools.permutations((1, 2, 3, 4)):
            arr = np.array([np.reshape(r1, (2, 2)), np.reshape(r2, (2, 2))])
            reps.add(min(tuple(int(v) for v in g.ravel()) for g in _relabellings(arr)))
    return tuple(sorted(reps))


def ordinal_2x2_games() -> tuple[NormalFormGame, ...]:
    """One representative of each strictly ordinal 2×2 game up to relabelling (78 games).

    Payoffs are ranks, 4 (best) to 1 (worst). Two games are the same when one becomes the other by
    renaming a player's strategies or swapping the players (Rapoport & Guyer 1966). Each
    representative is the relabelling whose payoff array, read row by row, is smallest.

    Returns
    -------
    tuple of NormalFormGame
        78 exact games titled ``"ordinal 2x2 game #k"``.

    Examples
    --------
    >>> games = ordinal_2x2_games()
    >>> len(games)
    78
    >>> print(games[0].table())
    Player 1 \\ Player 2 | 1    | 2
    1                   | 1, 1 | 2, 2
    2                   | 3, 3 | 4, 4
    """
    out = []
    for k, flat in enumerate(_ordinal_representatives()):
        arr = np.reshape(flat, (2, 2, 2)).tolist()
        out.append(NormalFormGame(arr, title=f"ordinal 2x2 game #{k + 1}"))
    return tuple(out)
