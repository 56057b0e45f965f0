"""From a tree to its reduced normal form.

A *pure strategy* of a player in an extensive-form game picks one action at every one of the
player's information sets. Playing the pure strategies :math:`(s_1, \\dots, s_N)` against each
other leads to a distribution over terminal nodes (through the chance moves), hence to an
expected payoff :math:`u_i(s_1, \\dots, s_N)` for every player: this is the *normal form* of the
tree (von Neumann and Morgenstern, 1944; Kuhn, 1953).

Many pure strategies are redundant: an action chosen at an information set that the player's
*own* earlier choices already rule out can never matter. Strategies that differ only at such
information sets give the same outcome against everything the others do, and the *reduced normal
form* keeps one strategy per class, a *plan of action* (Osborne and Rubinstein, 1994, §6.1.2;
Fudenberg and Tirole, 1991, §3.3). With perfect recall the information sets a plan must specify
form a forest: an information set needs an action exactly when the player's own previous move on
the way to it (its *parent sequence*) is part of the plan. Plans are enumerated by walking that
forest, earlier information sets first, earlier actions first; their number is computed first, and
a strategy space that would not fit in memory is refused before anything is enumerated. (Without
perfect recall, every full pure strategy is enumerated and equivalent ones are merged.)

Strategy names
--------------
A reduced strategy is named by the actions it takes at the information sets it specifies, in the
order in which the player's information sets first appear in the tree, joined by ``"/"``. A player
with one information set has strategies named after its actions (``"Strike"``, ``"Hold"``); in a
centipede game the first mover's plans are ``"Take"``, ``"Pass/Take"`` and ``"Pass/Pass"`` — the
second action is only named when the first (``Pass``) lets the game reach that information set.
Should two plans get the same name (actions named alike at different information sets), every
token of that player's names is qualified by its information set: ``"US at root:Strike/..."``.
A player with no move has the single strategy ``"(no move)"``.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games II*, 193–216. Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT
Press. Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..core.arrays import check_allocation
from ..core.errors import GameError, UnknownNameError, did_you_mean
from ..core.expr import as_expression, to_fraction
from .extensive import DECISION, ExtensiveGame
from .normal import NormalFormGame

__all__ = ["ReducedStrategy", "reduced_strategies", "reduced_strategy_of", "to_normal_form"]

NO_MOVE = "(no move)"
"""The name of the single strategy of a player who never moves."""

Plan = tuple[tuple[int, int], ...]  # ((global infoset id, action index), ...) in infoset order


@dataclass(frozen=True, slots=True)
class ReducedStrategy:
    """One strategy of the reduced normal form: a plan of action.

    Attributes
    ----------
    player : str
        Whose strategy it is.
    name : str
        Its name in the normal form (see the module documentation).
    choices : tuple of (str, str)
        ``(information-set label, action)`` for every information set the plan specifies, in
        order of first appearance in the tree.

    Examples
    --------
    >>> from alliancegame import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal(1), "y": terminal(0)}))
    >>> reduced_strategies(g)[0][1]
    ReducedStrategy(player='A', name='y', choices=(('A at root', 'y'),))
    >>> reduced_strategies(g)[0][1]["A at root"]
    'y'
    """

    player: str
    name: str
    choices: tuple[tuple[str, str], ...]

    def __getitem__(self, infoset: str) -> str:
        for label, action in self.choices:
            if label == infoset:
                return action
        raise UnknownNameError(
            f"strategy {self.name!r} of {self.player!r} specifies no action at {infoset!r}; it "
            f"specifies {[lbl for lbl, _ in self.choices]}",
            infoset,
            [lbl for lbl, _ in self.choices],
        )

    def as_dict(self) -> dict[str, str]:
        """The choices as ``{information-set label: action}``."""
        return dict(self.choices)


class _Structure:
    """Per-player information-set data shared by the functions below."""

    def __init__(self, game: ExtensiveGame) -> None:
        self.game = game
        n_inf = len(game._infoset_explicit)
        self.owner = game._infoset_player.tolist()
        self.labels = game._labels()
        dec = np.flatnonzero(game._node_kind == DECISION).tolist()
        self.first_node = [0] * n_inf
        seen = set()
        for k in dec:
            h = int(game._infoset[k])
            if h not in seen:
                seen.add(h)
                self.first_node[h] = k
        self.actions: list[tuple[str, ...]] = []
        for h in range(n_inf):
            node = game.nodes[self.first_node[h]]
            self.actions.append(node.actions)  # type: ignore[union-attr]
        self.own = [[h for h in range(n_inf) if self.owner[h] == i] for i in range(game.n_players)]
        self.parent = game._parent.tolist()
        self.edge = game._edge.tolist()
        self.kind = game._node_kind.tolist()
        self.player = game._player.tolist()
        self.infoset = game._infoset.tolist()

    def parent_sequence(self, h: int) -> tuple[int, int] | None:
        """The player's own last (infoset, action) before its information set ``h``."""
        i = self.owner[h]
        k = self.first_node[h]
        while self.parent[k] >= 0:
            p = self.parent[k]
            if self.kind[p] == DECISION and self.player[p] == i:
                return self.infoset[p], self.edge[k]
            k = p
        return None

    def forest(self, i: int) -> dict[tuple[int, int] | None, list[int]]:
        kids: dict[tuple[int, int] | None, list[int]] = {}
        for h in self.own[i]:
            kids.setdefault(self.parent_sequence(h), []).append(h)
        return kids

    def count(self, i: int) -> int:
        """Number of reduced strategies (perfect recall) or of full ones (an upper bound)."""
        if not self.game.has_perfect_recall:
            return math.prod(len(self.actions[h]) for h in self.own[i])
        kids = self.forest(i)
        at: dict[int, int] = {}
        for h in reversed(self.own[i]):
            at[h] = sum(
                math.prod(at[c] for c in kids.get((h, a), ())) for a in range(len(self.actions[h]))
            )
        return math.prod(at[h] for h in kids.get(None, ()))

    def relevant(self, i: int, choose: Mapping[int, int], strict: bool) -> Plan:
        """The information sets of player ``i`` its own choices do not rule out, with actions.

        With ``strict``, a reachable information set missing from ``choose`` is an error.
        """
        n = len(self.parent)
        ok = [False] * n
        ok[0] = True
        found: dict[int, int] = {}
        for k in range(n):
            if k:
                p = self.parent[k]
                if not ok[p]:
                    continue
                mine = self.kind[p] == DECISION and self.player[p] == i
                if mine and choose[self.infoset[p]] != self.edge[k]:
                    continue
            ok[k] = True
            if self.kind[k] == DECISION and self.player[k] == i:
                h = self.infoset[k]
                if h not in choose:
                    if strict:
                        raise GameError(
                            f"reduced_strategy_of: no action given for information set "
                            f"{self.labels[h]!r} of {self.game.players[i]!r}, which the other "
                            f"choices can reach"
                        )
                    ok[k] = False
                    continue
                found[h] = choose[h]
        return tuple(sorted(found.items()))

    def plans(self, i: int) -> list[Plan]:
        if not self.own[i]:
            return [()]
        if not self.game.has_perfect_recall:
            out: list[Plan] = []
            seen: set[Plan] = set()
            own = self.own[i]
            for combo in itertools.product(*[range(len(self.actions[h])) for h in own]):
                plan = self.relevant(i, dict(zip(own, combo, strict=True)), strict=False)
                if plan not in seen:
                    seen.add(plan)
                    out.append(plan)
            return out
        kids = self.forest(i)
        result: list[Plan] = []
        stack: list[tuple[Plan, tuple[int, ...]]] = [((), tuple(kids.get(None, ())))]
        while stack:
            assigned, pending = stack.pop()
            if not pending:
                result.append(assigned)
                continue
            h, rest = pending[0], pending[1:]
            for a in range(len(self.actions[h]) - 1, -1, -1):
                nxt = tuple(sorted(rest + tuple(kids.get((h, a), ()))))
                stack.append(((*assigned, (h, a)), nxt))
        return result

    def names(self, i: int, plans: list[Plan]) -> list[str]:
        if plans == [()]:
            return [NO_MOVE]
        names = ["/".join(self.actions[h][a] for h, a in plan) for plan in plans]
        if len(set(names)) < len(names):
            names = [
                "/".join(f"{self.labels[h]}:{self.actions[h][a]}" for h, a in plan)
                for plan in plans
            ]
        if len(set(names)) < len(names):  # pragma: no cover - labels are unique
            names = [f"{k + 1}: {nm}" for k, nm in enumerate(names)]
        return names


def _structure(game: ExtensiveGame) -> _Structure:
    cached = game._cache.get("structure")
    if cached is None:
        cached = game._cache["structure"] = _Structure(game)
    return cached


def _check_game(game: object, where: str) -> ExtensiveGame:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{where}: needs an ExtensiveGame, got {type(game).__name__}")
    return game


def _counts(game: ExtensiveGame, where: str) -> list[int]:
    st = _structure(game)
    counts = [st.count(i) for i in range(game.n_players)]
    cells = math.prod(counts)
    check_allocation(
        (sum(c * max(1, len(st.own[i])) for i, c in enumerate(counts)),),
        64,
        f"{where}: the plans of action ({' x '.join(map(str, counts))} strategies)",
    )
    check_allocation(
        (game.n_players, cells),
        8 if game.kind == "float" else 64,
        f"{where}: the reduced normal form ({' x '.join(map(str, counts))} strategies)",
    )
    return counts


def reduced_strategies(game: ExtensiveGame) -> tuple[tuple[ReducedStrategy, ...], ...]:
    """The strategies of the reduced normal form, per player (cached on the game).

    Raises
    ------
    GameTooLargeError
        If the strategies (or the normal form built from them) would not fit in memory; checked
        before enumerating.

    Examples
    --------
    >>> from alliancegame import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame(["P1", "P2"], decision("P1", {
    ...     "Take": terminal(1, 0),
    ...     "Pass": decision("P2", {
    ...         "Take": terminal(0, 2),
    ...         "Pass": decision("P1", {"Take": terminal(3, 1), "Pass": terminal(2, 4)})})}))
    >>> [s.name for s in reduced_strategies(g)[0]]
    ['Take', 'Pass/Take', 'Pass/Pass']
    """
    game = _check_game(game, "reduced_strategies")
    cached = game._cache.get("reduced")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    _counts(game, "reduced_strategies")
    st = _structure(game)
    out = []
    all_plans = [st.plans(i) for i in range(game.n_players)]
    for i, player in enumerate(game.players):
        plans = all_plans[i]
        names = st.names(i, plans)
        out.append(
            tuple(
                ReducedStrategy(
                    player, name, tuple((st.labels[h], st.actions[h][a]) for h, a in plan)
                )
                for name, plan in zip(names, plans, strict=True)
            )
        )
    result = tuple(out)
    game._cache["reduced"] = result
    game._cache["plans"] = all_plans
    return result


def reduced_strategy_of(
    game: ExtensiveGame, player: str, choices: Mapping[str, str]
) -> ReducedStrategy:
    """The reduced strategy a player follows when acting as ``choices`` says.

    Parameters
    ----------
    game : ExtensiveGame
        The game.
    player : str
        The player.
    choices : mapping of str to str
        ``{information-set label: action}``; it must cover every information set the choices
        themselves do not rule out (a full pure strategy or behaviour profile always does).

    Examples
    --------
    >>> from alliancegame import ExtensiveGame, decision, terminal
    >>> g = ExtensiveGame(["P1", "P2"], decision("P1", {
    ...     "Take": terminal(1, 0),
    ...     "Pass": decision("P2", {
    ...         "Take": terminal(0, 2),
    ...         "Pass": decision("P1", {"Take": terminal(3, 1), "Pass": terminal(2, 4)})})}))
    >>> [s.label for s in g.infosets[0]]
    ['P1 at root', 'P1 after P1:Pass, P2:Pass']
    >>> reduced_strategy_of(g, "P1", {"P1 at root": "Take",
    ...                               "P1 after P1:Pass, P2:Pass": "Pass"}).name
    'Take'
    """
    game = _check_game(game, "reduced_strategy_of")
    if player not in game.players:
        raise UnknownNameError(
            f"reduced_strategy_of: unknown player {player!r}{did_you_mean(player, game.players)}",
            player,
            game.players,
        )
    i = game.players.index(player)
    st = _structure(game)
    by_label = {st.labels[h]: h for h in st.own[i]}
    choose: dict[int, int] = {}
    for label, action in choices.items():
        h = by_label.get(label)
        if h is None:
            raise UnknownNameError(
                f"reduced_strategy_of: {label!r} is not an information set of {player!r}"
                f"{did_you_mean(label, by_label)}",
                label,
                by_label,
            )
        if action not in st.actions[h]:
            raise UnknownNameError(
                f"reduced_strategy_of: unknown action {action!r} at {label!r}"
                f"{did_you_mean(action, st.actions[h])}; actions: {', '.join(st.actions[h])}",
                action,
                st.actions[h],
            )
        choose[h] = st.actions[h].index(action)
    plan = st.relevant(i, choose, strict=True) if st.own[i] else ()
    strategies = reduced_strategies(game)[i]
    plans = game._cache["plans"][i]
    return strategies[plans.index(plan)]  # type: ignore[no-any-return]


def to_normal_form(game: ExtensiveGame) -> NormalFormGame:
    """The reduced normal form of a tree: one strategy per plan of action.

    Each entry is the expected payoff (over chance moves) when the players follow the given plans.
    A parameterised tree gives a symbolic :class:`~alliancegame.NormalFormGame` with the same
    parameters; an exact tree gives exact fractions.

    Raises
    ------
    GameTooLargeError
        If the strategy space would not fit in memory (checked before it is enumerated).

    Examples
    --------
    Selten's entry game: the entrant stays out or enters; the incumbent fights or accommodates.

    >>> from alliancegame import ExtensiveGame, decision, terminal, chance
    >>> g = ExtensiveGame(["Entrant", "Incumbent"], decision("Entrant", {
    ...     "Out": terminal(0, 2),
    ...     "In": decision("Incumbent", {"Fight": terminal(-1, -1),
    ...                                  "Accommodate": terminal(1, 1)})}))
    >>> print(to_normal_form(g).table())
    Entrant \\ Incumbent | Fight  | Accommodate
    Out                 | 0, 2   | 0, 2
    In                  | -1, -1 | 1, 1

    Chance moves give expected payoffs, in the parameters when there are some:

    >>> from alliancegame import Parameter
    >>> h = ExtensiveGame(["A"], decision("A", {
    ...     "Safe": terminal(1),
    ...     "Risky": chance({"win": ("q", terminal(3)), "lose": ("1 - q", terminal(-1))})}),
    ...     parameters=[Parameter("q", 0.5, lower=0, upper=1)])
    >>> to_normal_form(h).payoffs[0].tolist()
    [1, 4*q - 1]
    """
    game = _check_game(game, "to_normal_form")
    counts = _counts(game, "to_normal_form")
    strategies = reduced_strategies(game)
    plans: list[list[Plan]] = game._cache["plans"]
    st = _structure(game)
    kind = game.kind
    conv: Any
    if kind == "exact":
        conv = to_fraction
    elif kind == "float":
        conv = float
    else:

        def conv(v: Any) -> sympy.Expr:
            return v if isinstance(v, sympy.Basic) else as_expression(v)

    pay = [tuple(conv(v) for v in row) for row in game.terminal_payoffs]
    prob = [tuple(conv(v) for v in row) for row in game.chance_probabilities]
    trow = {k: r for r, k in enumerate(game.terminals)}
    crow = {k: r for r, k in enumerate(game.chance_nodes)}
    children = [game.children(k) for k in range(len(game.nodes))]
    lookups = [[dict(plan) for plan in plans[i]] for i in range(game.n_players)]
    n = game.n_players
    zero: Any = Fraction(0) if kind == "exact" else (0.0 if kind == "float" else sympy.Integer(0))
    one: Any = Fraction(1) if kind == "exact" else (1.0 if kind == "float" else sympy.Integer(1))
    out = np.empty((n, *counts), dtype=float if kind == "float" else object)
    for profile in itertools.product(*[range(c) for c in counts]):
        choice = [lookups[i][s] for i, s in enumerate(profile)]
        terms: list[list[Any]] = [[] for _ in range(n)]
        stack = [(0, one)]
        while stack:
            k, pr = stack.pop()
            kk = st.kind[k]
            if kk == DECISION:
                i = st.player[k]
                stack.append((children[k][choice[i][st.infoset[k]]], pr))
            elif k in crow:
                for c, p in zip(children[k], prob[crow[k]], strict=True):
                    if not (kind != "symbolic" and p == 0):
                        stack.append((c, pr * p))
            else:
                row = pay[trow[k]]
                for i in range(n):
                    terms[i].append(pr * row[i])
        for i in range(n):
            if kind == "symbolic":
                out[(i, *profile)] = sympy.Add(*terms[i]) if terms[i] else zero
            else:
                out[(i, *profile)] = sum(terms[i], zero)
    names = [[s.name for s in per] for per in strategies]
    return NormalFormGame(
        out,
        game.players,
        names,
        game.parameters if kind == "symbolic" else None,
        game.title,
    )
