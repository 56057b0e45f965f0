"""Nash equilibria of extensive-form games with imperfect information, via the reduced normal form.

A tree with information sets cannot be solved by backward induction: a player moving at an
information set with several nodes does not know which node it is at, so its best action depends
on the *probabilities* of those nodes, which depend on what others do earlier. The classical route
(von Neumann and Morgenstern, 1944; Kuhn, 1953) solves the tree's **reduced normal form** — one
strategy per *plan of action*, see :mod:`alliancegame.games.convert` — and reads each mixed
equilibrium back as a profile of *behaviour strategies* (one probability distribution over the
actions at every information set).

From mixed to behaviour strategies (Kuhn's theorem)
---------------------------------------------------
With perfect recall, every information set :math:`h` of player *i* is reached after one
*sequence* :math:`\\sigma_h` of the player's own (information set, action) pairs. The
**realization weight** of a sequence under a mixed strategy :math:`x_i` is the probability that
the player's plan is consistent with it,

.. math:: r_i(\\sigma) = \\sum_{s \\text{ consistent with } \\sigma} x_i(s),

and the behaviour strategy

.. math:: \\beta_i(a \\mid h) = r_i(\\sigma_h a) \\,/\\, r_i(\\sigma_h) \\qquad (r_i(\\sigma_h) > 0)

is *realization equivalent* to :math:`x_i`: against anything the others do, it reaches every node
with the same probability, hence gives every player the same expected payoff (Kuhn, 1953; von
Stengel, 1996). At an information set that the others never let play reach, the ratio is still
the conditional probability of the player's own plan, and it is used. When
:math:`r_i(\\sigma_h) = 0` the player's *own* equilibrium strategy rules the information set out:
no choice there can change any payoff, and this module (like Gambit's sequence-form solver
``lcp_solve`` on trees) reports the **uniform** distribution there; Gambit's
``MixedStrategyProfile.as_behavior`` leaves such sets at probability 0 instead. Results say which
information sets this concerns in ``warnings``.

A continuum of mixed equilibria can map to one behaviour profile (mixing plans that differ only in
independent choices), so distinct extreme equilibria of the normal form can give the same
behaviour profile: each is returned once.

Which equilibria
----------------
For two players, :func:`tree_nash` returns the images of **all extreme equilibria** of the
reduced normal form (vertex enumeration, exact when the tree is exact; see
:mod:`~alliancegame.solvers.vertex`), as Gambit's ``enummixed`` on a tree's strategic form does.
Every Nash equilibrium of the tree is realization equivalent to a convex combination of the
normal-form extreme equilibria of one ``component`` (a clique; Audet et al., 2001), so the list
describes the whole equilibrium set. A mixture of two listed behaviour profiles, however, is in
general not an equilibrium even when they share a component: mixing happens between the mixed
strategies (or realization plans), and the map to behaviour strategies is not linear.
:func:`tree_lemke_howson` finds one equilibrium by Lemke and Howson (1964) on the normal form,
:func:`tree_pure_nash` every pure equilibrium, for any number of players.

Verification
------------
Each profile is checked on the *tree* before it is returned, independently of the normal form:
its payoffs are computed by one pass over the tree, and for every player *i* the value of a best
pure deviation against the others' behaviour is found by backward induction over *i*'s own
information sets. With perfect recall the information sets of *i* form a forest (each follows one
own (set, action) pair), so a choice at set :math:`h` can be made once the choices at the sets
after it are known: it maximises :math:`\\sum_{v \\in h} \\pi_{-i}(v)\\, U_i(\\text{child}(v, a))`,
where :math:`\\pi_{-i}(v)` is the probability that chance and the other players lead play to
:math:`v` and :math:`U_i` the player's continuation value. The **regret** (best deviation minus
the profile's payoff) must be exactly zero in exact arithmetic, and within the tolerance in float
arithmetic, for the profile to be returned.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games II*, 193–216.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and Economic
Behavior* 14(2), 220–246.
Audet, C., Hansen, P., Jaumard, B., & Savard, G. (2001). Enumeration of all extreme equilibria of
bimatrix games. *SIAM Journal on Scientific Computing* 23(1), 323–338.
Lemke, C. E., & Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413–423.
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. *International Journal of Game Theory* 4(1), 25–55.
McKelvey, R. D., McLennan, A. M., & Turocy, T. L. (2016). *Gambit: Software Tools for Game
Theory*, version 16.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..core.errors import GameError, SolverError
from ..core.expr import to_fraction
from ..games.convert import reduced_strategies, to_normal_form
from ..games.extensive import Chance, Decision, ExtensiveGame
from .result import BehaviorProfile, PathStep, SolverResult, StrategyProfile
from .verify import default_tolerance

__all__ = [
    "behavior_from_mixed",
    "tree_lemke_howson",
    "tree_logit",
    "tree_nash",
    "tree_pure_nash",
    "tree_regret",
]

_TERMINAL, _DECISION, _CHANCE = 0, 1, 2
_FLOAT_ZERO = 1e-12  # float realization weights at or below this count as zero

Behaviour = tuple[tuple[tuple[Any, ...], ...], ...]  # [player][infoset][action] -> probability


# --------------------------------------------------------------------------------------------
# The tree as lists, in one arithmetic
# --------------------------------------------------------------------------------------------


class _Tree:
    """Pre-order node lists of a numeric tree, payoffs and probabilities exact or float."""

    def __init__(self, game: ExtensiveGame, exact: bool) -> None:
        self.game = game
        self.exact = exact
        conv: Callable[[Any], Any] = to_fraction if exact else float
        self.zero: Any = Fraction(0) if exact else 0.0
        self.one: Any = Fraction(1) if exact else 1.0
        nodes = game.nodes
        n = len(nodes)
        self.n_players = game.n_players
        self.children = [game.children(k) for k in range(n)]
        self.kind = [_TERMINAL] * n
        self.player = [-1] * n
        self.iset = [-1] * n
        index = {p: i for i, p in enumerate(game.players)}
        for k, node in enumerate(nodes):
            if isinstance(node, Decision):
                self.kind[k] = _DECISION
                self.player[k] = index[node.player]
            elif isinstance(node, Chance):
                self.kind[k] = _CHANCE
        self.infosets = game.infosets
        for sets in self.infosets:
            for j, s in enumerate(sets):
                for k in s.nodes:
                    self.iset[k] = j
        self.payoff: list[tuple[Any, ...]] = [()] * n
        for k, row in zip(game.terminals, game.terminal_payoffs, strict=True):
            self.payoff[k] = tuple(conv(v) for v in row)
        self.prob: list[tuple[Any, ...]] = [()] * n
        for k, row in zip(game.chance_nodes, game.chance_probabilities, strict=True):
            self.prob[k] = tuple(conv(v) for v in row)
        # the number of the mover's own earlier moves (its depth in its own forest of sets)
        own: list[tuple[int, ...]] = [()] * n
        own[0] = (0,) * self.n_players
        for k in range(n):
            seq = own[k]
            if self.kind[k] == _DECISION:
                i = self.player[k]
                seq = (*seq[:i], seq[i] + 1, *seq[i + 1 :])
            for c in self.children[k]:
                own[c] = seq
        self.own_depth = [[0] * len(sets) for sets in self.infosets]
        for i, sets in enumerate(self.infosets):
            for j, s in enumerate(sets):
                self.own_depth[i][j] = own[s.nodes[0]][i]

    def reach(self, beh: Behaviour, skip: int = -1) -> list[Any]:
        """Probability of reaching each node; player ``skip``'s own moves count as certain."""
        r: list[Any] = [self.zero] * len(self.kind)
        r[0] = self.one
        for k, kids in enumerate(self.children):
            kind = self.kind[k]
            if kind == _TERMINAL:
                continue
            if kind == _CHANCE:
                ps = self.prob[k]
            elif self.player[k] == skip:
                ps = (self.one,) * len(kids)
            else:
                ps = beh[self.player[k]][self.iset[k]]
            for c, p in zip(kids, ps, strict=True):
                r[c] = r[k] * p
        return r

    def values(self, beh: Behaviour) -> list[tuple[Any, ...]]:
        """Each node's expected payoff vector under a behaviour profile."""
        n = len(self.kind)
        v: list[tuple[Any, ...]] = [()] * n
        for k in range(n - 1, -1, -1):  # children come after their parent in pre-order
            kind = self.kind[k]
            if kind == _TERMINAL:
                v[k] = self.payoff[k]
                continue
            ps = self.prob[k] if kind == _CHANCE else beh[self.player[k]][self.iset[k]]
            kids = self.children[k]
            v[k] = tuple(
                sum((p * v[c][i] for p, c in zip(ps, kids, strict=True) if p), self.zero)
                for i in range(self.n_players)
            )
        return v

    def best_response_value(self, beh: Behaviour, i: int) -> Any:
        """Player ``i``'s payoff from a best pure deviation against the others' behaviour."""
        reach = self.reach(beh, skip=i)
        n = len(self.kind)
        value: list[Any] = [None] * n
        choice: dict[int, int] = {}

        def evaluate(root: int) -> Any:
            stack = [root]
            while stack:
                k = stack[-1]
                if value[k] is not None:
                    stack.pop()
                    continue
                kind = self.kind[k]
                if kind == _TERMINAL:
                    value[k] = self.payoff[k][i]
                    stack.pop()
                    continue
                kids = self.children[k]
                if kind == _DECISION and self.player[k] == i:
                    kids = (kids[choice[self.iset[k]]],)  # decided before: perfect recall
                pending = [c for c in kids if value[c] is None]
                if pending:
                    stack.extend(pending)
                    continue
                stack.pop()
                if kind == _DECISION and self.player[k] == i:
                    value[k] = value[kids[0]]
                else:
                    ps = self.prob[k] if kind == _CHANCE else beh[self.player[k]][self.iset[k]]
                    value[k] = sum(
                        (p * value[c] for p, c in zip(ps, kids, strict=True) if p), self.zero
                    )
            return value[root]

        sets = self.infosets[i]
        order = sorted(range(len(sets)), key=lambda j: -self.own_depth[i][j])
        for j in order:
            actions = len(sets[j].actions)
            totals = [
                sum(
                    (reach[k] * evaluate(self.children[k][a]) for k in sets[j].nodes if reach[k]),
                    self.zero,
                )
                for a in range(actions)
            ]
            choice[j] = max(range(actions), key=lambda a: totals[a])
        return evaluate(0)


def _check_tree(game: Any, where: str) -> ExtensiveGame:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{where}: needs an ExtensiveGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"{where}: the game has parameters {game.parameters.names}; solve a numeric game "
            f"with game.at(...)"
        )
    if not game.has_perfect_recall:
        raise GameError(
            f"{where}: the game does not have perfect recall, so behaviour strategies are not "
            f"equivalent to mixed ones (Kuhn 1953); solve its normal form, "
            f"solve(game.to_normal_form())"
        )
    return game


def _use_exact(game: ExtensiveGame, exact: bool | None) -> bool:
    return game.kind == "exact" if exact is None else bool(exact)


def _in_arithmetic(game: ExtensiveGame, exact: bool) -> ExtensiveGame:
    """The tree with exact numbers (floats read at their shortest decimal) when ``exact``.

    Solving a float tree exactly needs an exact normal form: one computed in floats and converted
    afterwards would carry the rounding of the float sums.
    """
    if not exact or game.kind == "exact":
        return game

    def ex(v: Any) -> int | Fraction:
        f = to_fraction(v)
        return int(f) if f.denominator == 1 else f

    pay = [tuple(ex(v) for v in row) for row in game.terminal_payoffs]
    prob = [tuple(ex(v) for v in row) for row in game.chance_probabilities]
    return game._rebuild(pay, prob, game.players, None)


def _tolerance(tree: _Tree, tol: float | None, where: str) -> Any:
    if tree.exact:
        return Fraction(0)
    if tol is None:
        scale = np.array([float(v) for row in tree.game.terminal_payoffs for v in row])
        return default_tolerance(scale)
    if not (isinstance(tol, int | float) and np.isfinite(tol) and tol >= 0):
        raise GameError(f"{where}: tol must be a finite number >= 0, got {tol!r}")
    return float(tol)


# --------------------------------------------------------------------------------------------
# Conversion and verification
# --------------------------------------------------------------------------------------------


def _behaviour(
    game: ExtensiveGame, tree: _Tree, mixed: Sequence[Sequence[Any]]
) -> tuple[Behaviour, list[tuple[str, str]]]:
    """Behaviour strategies from mixed strategies over the reduced plans (Kuhn's theorem).

    Returns the behaviour and the (player, information set) pairs that the player's own mixed
    strategy rules out (uniform there).
    """
    plans = reduced_strategies(game)
    conv: Callable[[Any], Any] = to_fraction if tree.exact else float
    out = []
    unreached: list[tuple[str, str]] = []
    for i, sets in enumerate(tree.infosets):
        where = {s.label: j for j, s in enumerate(sets)}
        weight = [tree.zero] * len(sets)
        joint = [[tree.zero] * len(s.actions) for s in sets]
        for strategy, x in zip(plans[i], mixed[i], strict=True):
            x = conv(x)
            if not x:
                continue
            for label, action in strategy.choices:
                j = where[label]
                weight[j] += x
                joint[j][sets[j].actions.index(action)] += x
        per = []
        for j, s in enumerate(sets):
            w = weight[j]
            if w > (0 if tree.exact else _FLOAT_ZERO):
                per.append(tuple(v / w for v in joint[j]))
            else:
                per.append(tuple(tree.one / len(s.actions) for _ in s.actions))
                unreached.append((s.player, s.label))
        out.append(tuple(per))
    return tuple(out), unreached


def _profile(tree: _Tree, beh: Behaviour) -> BehaviorProfile:
    """A :class:`BehaviorProfile` with its payoffs, regret and equilibrium path."""
    game = tree.game
    v = tree.values(beh)[0]
    regrets = [tree.best_response_value(beh, i) - v[i] for i in range(tree.n_players)]
    worst = max(regrets, default=tree.zero)
    reach = tree.reach(beh)
    moved: dict[tuple[int, int], list[Any]] = {}
    first: dict[tuple[int, int], int] = {}
    for k in game.decision_nodes:
        if not reach[k]:
            continue
        key = (tree.player[k], tree.iset[k])
        first.setdefault(key, k)
        probs = beh[key[0]][key[1]]
        acc = moved.setdefault(key, [tree.zero] * len(probs))
        for a, p in enumerate(probs):
            acc[a] += reach[k] * p
    path = []
    for key in sorted(first, key=first.__getitem__):
        s = tree.infosets[key[0]][key[1]]
        for a, p in enumerate(moved[key]):
            if p > 0:
                path.append(PathStep(s.player, s.label, s.actions[a], p))
    return BehaviorProfile(
        players=game.players,
        infosets=tuple(tuple(s.label for s in sets) for sets in tree.infosets),
        actions=tuple(tuple(s.actions for s in sets) for sets in tree.infosets),
        probabilities=beh,
        payoffs_=tuple(v),
        regret=max(worst, tree.zero),
        exact=tree.exact,
        path=tuple(path),
    )


def _mixed_vectors(game: ExtensiveGame, profile: Any, where: str) -> list[list[Any]]:
    """Mixed strategies over the reduced plans, from a StrategyProfile or per-player vectors."""
    names = [[s.name for s in per] for per in reduced_strategies(game)]
    if isinstance(profile, StrategyProfile):
        if tuple(profile.players) != game.players:
            raise GameError(
                f"{where}: the profile's players {list(profile.players)} are not the tree's "
                f"{list(game.players)}"
            )
        vectors = []
        for i, player in enumerate(game.players):
            given = profile[player]
            if set(given) != set(names[i]):
                raise GameError(
                    f"{where}: the strategies of {player!r} in the profile {sorted(given)} are "
                    f"not the tree's reduced strategies {names[i]}"
                )
            vectors.append([given[s] for s in names[i]])
        return vectors
    vectors = [list(v) for v in profile]
    if len(vectors) != game.n_players or any(
        len(v) != len(names[i]) for i, v in enumerate(vectors)
    ):
        raise GameError(
            f"{where}: need one probability per reduced strategy for each player "
            f"({[len(n) for n in names]}), got {[len(v) for v in vectors]}"
        )
    return vectors


def behavior_from_mixed(
    game: ExtensiveGame,
    profile: StrategyProfile | Sequence[Sequence[Any]],
    *,
    exact: bool | None = None,
) -> BehaviorProfile:
    """The behaviour-strategy profile realization equivalent to a mixed profile (Kuhn, 1953).

    Parameters
    ----------
    game : ExtensiveGame
        A numeric tree with perfect recall.
    profile : StrategyProfile or sequence of sequences
        Mixed strategies over the tree's reduced strategies (those of ``game.to_normal_form()``):
        a :class:`StrategyProfile` of that normal form, or one probability vector per player.
    exact : bool, optional
        Rational arithmetic (default: when the tree's numbers are exact).

    Returns
    -------
    BehaviorProfile
        At each information set the probability of each action given that the player's own plan
        reaches it; uniform where the player's own strategy rules the set out (see the module
        documentation). ``regret`` is the profile's regret on the tree (zero for an equilibrium);
        it is reported, not required to be zero.

    Examples
    --------
    Matching pennies as a tree: the second player does not see the first player's coin.

    >>> import alliancegame as ag
    >>> pennies = ag.ExtensiveGame(["Even", "Odd"], ag.decision("Even", {
    ...     "H": ag.decision("Odd", {"H": ag.terminal(1, -1), "T": ag.terminal(-1, 1)}, "Odd"),
    ...     "T": ag.decision("Odd", {"H": ag.terminal(-1, 1), "T": ag.terminal(1, -1)}, "Odd")}))
    >>> half = Fraction(1, 2)
    >>> b = behavior_from_mixed(pennies, [[half, half], [half, half]])
    >>> b["Odd"], b.regret
    ({'Odd': {'H': Fraction(1, 2), 'T': Fraction(1, 2)}}, Fraction(0, 1))
    """
    game = _check_tree(game, "behavior_from_mixed")
    tree = _Tree(game, _use_exact(game, exact))
    beh, _ = _behaviour(game, tree, _mixed_vectors(game, profile, "behavior_from_mixed"))
    return _profile(tree, beh)


def tree_regret(
    game: ExtensiveGame, profile: BehaviorProfile, *, exact: bool | None = None
) -> tuple[Any, ...]:
    """Each player's regret at a behaviour profile: best pure deviation minus its payoff.

    The best deviation is found by backward induction over the player's own information sets
    against the others' behaviour (see the module documentation); a profile is a Nash equilibrium
    of the tree exactly when every regret is zero.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric tree with perfect recall.
    profile : BehaviorProfile
        Behaviour strategies for this tree (same players, information sets and actions).
    exact : bool, optional
        Rational arithmetic (default: when the tree's numbers are exact).

    Examples
    --------
    >>> import alliancegame as ag
    >>> entry = ag.ExtensiveGame(["Entrant", "Incumbent"], ag.decision("Entrant", {
    ...     "Out": ag.terminal(0, 2),
    ...     "In": ag.decision("Incumbent", {"Fight": ag.terminal(-1, -1),
    ...                                     "Accommodate": ag.terminal(1, 1)})}))
    >>> threat = tree_pure_nash(entry)[0]     # Out, with the threat to fight
    >>> threat.path[0].action, tree_regret(entry, threat)
    ('Out', (Fraction(0, 1), Fraction(0, 1)))
    """
    game = _check_tree(game, "tree_regret")
    tree = _Tree(game, _use_exact(game, exact))
    labels = tuple(tuple(s.label for s in sets) for sets in tree.infosets)
    actions = tuple(tuple(s.actions for s in sets) for sets in tree.infosets)
    if (
        not isinstance(profile, BehaviorProfile)
        or tuple(profile.players) != game.players
        or tuple(profile.infosets) != labels
        or tuple(profile.actions) != actions
    ):
        raise GameError(
            "tree_regret: the profile must be a BehaviorProfile of this tree (same players, "
            "information sets and actions)"
        )
    conv: Callable[[Any], Any] = to_fraction if tree.exact else float
    beh = tuple(
        tuple(tuple(conv(p) for p in probs) for probs in per) for per in profile.probabilities
    )
    v = tree.values(beh)[0]
    return tuple(tree.best_response_value(beh, i) - v[i] for i in range(tree.n_players))


# --------------------------------------------------------------------------------------------
# The solvers
# --------------------------------------------------------------------------------------------


def _from_normal_form(
    game: ExtensiveGame,
    nf_result: SolverResult,
    *,
    exact: bool,
    tol: float | None,
    where: str,
    concept: str,
) -> SolverResult:
    """Map a normal-form result to verified, distinct behaviour profiles of the tree."""
    tree = _Tree(game, exact)
    tolerance = _tolerance(tree, tol, where)
    kept: list[BehaviorProfile] = []
    image: list[int | None] = []
    points: list[Any] = []
    seen: dict[Behaviour, int] = {}
    unreached: set[tuple[str, str]] = set()
    dropped = 0
    for eq in nf_result.equilibria:
        beh, ruled_out = _behaviour(game, tree, [list(p) for p in eq.probabilities])
        if exact:
            found = seen.get(beh)
        else:
            point = np.array([p for per in beh for probs in per for p in probs], dtype=float)
            found = next(
                (
                    b
                    for b, q in enumerate(points)
                    if float(np.max(np.abs(point - q), initial=0.0)) <= 1e-9
                ),
                None,
            )
        if found is not None:
            image.append(found)
            continue
        prof = _profile(tree, beh)
        if prof.regret > tolerance:
            if exact:
                raise SolverError(
                    f"{where}: the behaviour profile of a normal-form equilibrium is not an "
                    f"equilibrium of the tree (regret {prof.regret}); this is a bug, please "
                    f"report it"
                )
            dropped += 1
            image.append(None)
            continue
        unreached.update(ruled_out)
        image.append(len(kept))
        seen[beh] = len(kept)
        kept.append(prof)
        if not exact:
            points.append(np.array([p for per in beh for probs in per for p in probs], dtype=float))
    notes = [w for w in nf_result.warnings if "convex hull of each clique" not in w]
    complete = nf_result.complete
    n_nf = len(nf_result.equilibria)
    if concept == "nash":
        notes.append(
            f"{where}: these are the behaviour strategies of the reduced normal form's "
            f"{'extreme ' if nf_result.method == 'vertex' else ''}equilibria "
            f"({n_nf} normal-form equilibri{'um' if n_nf == 1 else 'a'} gave {len(kept)} distinct "
            f"behaviour profile{'' if len(kept) == 1 else 's'})"
        )
    if dropped:
        complete = False
        notes.append(
            f"{where}: dropped {dropped} profile(s) whose regret on the tree exceeded the "
            f"tolerance {tolerance}"
        )
    if unreached:
        shown = ", ".join(f"{label!r} ({player})" for player, label in sorted(unreached)[:6])
        more = "" if len(unreached) <= 6 else f" and {len(unreached) - 6} more"
        notes.append(
            f"{where}: at information sets a player's own equilibrium strategy rules out, no "
            f"choice matters and the behaviour shown is uniform: {shown}{more}"
        )
    components: tuple[tuple[int, ...], ...] | None = None
    if nf_result.components is not None:
        groups: set[tuple[int, ...]] = set()
        for comp in nf_result.components:
            members = {b for b in (image[k] for k in comp) if b is not None}
            if members:
                groups.add(tuple(sorted(members)))
        maximal = [g for g in groups if not any(set(g) < set(h) for h in groups)]
        components = tuple(sorted(maximal, key=lambda c: (c[0], len(c), c)))
        if any(len(c) > 1 for c in components):
            notes.append(
                f"{where}: some equilibria lie on continua: the profiles grouped in "
                f"`components` are joined by equilibria (the image of a convex set of "
                f"equilibria of the normal form)"
            )
    options = dict(nf_result.options)
    options["tol"] = tolerance
    return SolverResult(
        game=game,
        concept=concept,
        method=nf_result.method,
        exact=exact,
        equilibria=tuple(kept),
        max_regret=max((p.regret for p in kept), default=tree.zero),
        complete=complete,
        components=components,
        options=options,
        warnings=tuple(notes),
    )


def _two_player(game: ExtensiveGame, where: str) -> None:
    if game.n_players != 2:
        raise GameError(
            f"{where}: finds mixed equilibria of two-player trees, this one has "
            f"{game.n_players} players {list(game.players)}; use concept='pure' "
            f"(tree_pure_nash) for trees with more players"
        )


def tree_nash(
    game: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """Nash equilibria of a two-player tree: the behaviour images of all extreme equilibria.

    The reduced normal form is solved by vertex enumeration
    (:func:`~alliancegame.vertex_enumeration`), each extreme equilibrium is converted to behaviour
    strategies (:func:`behavior_from_mixed`), repeated profiles are dropped, and each profile is
    verified on the tree (:func:`tree_regret`) before it is returned.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric two-player tree with perfect recall (information sets and chance allowed).
    exact : bool, optional
        Rational arithmetic, complete on every game (default: when the tree is exact).
    tol : float, optional
        Float mode: tolerance on regrets (default: ``1e-9`` times the payoff scale).

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"vertex"``, equilibria as
        :class:`~alliancegame.BehaviorProfile`. ``complete`` and ``components`` are those of the
        normal-form enumeration (components re-indexed to the distinct behaviour profiles);
        ``warnings`` say that the set is the image of the normal form's extreme equilibria.

    Examples
    --------
    A challenger is resolute with probability 1/3; the defender sees a challenge, not the type:

    >>> import alliancegame as ag
    >>> def challenger(kind, war):  # the defender sees a challenge, not the challenger's kind
    ...     return ag.decision("Challenger", {
    ...         "Challenge": ag.decision("Defender", {
    ...             "Resist": ag.terminal(*war), "Yield": ag.terminal(2, -1)},
    ...             infoset="Defender after a challenge"),
    ...         "Stay": ag.terminal(0, 0)}, infoset=f"Challenger, {kind}")
    >>> game = ag.ExtensiveGame(["Challenger", "Defender"], ag.chance({
    ...     "resolute": (Fraction(1, 3), challenger("resolute", (1, -2))),
    ...     "irresolute": (Fraction(2, 3), challenger("irresolute", (-2, 1)))}))
    >>> res = tree_nash(game)
    >>> eq = res[0]
    >>> eq["Challenger"]["Challenger, irresolute"]
    {'Challenge': Fraction(1, 4), 'Stay': Fraction(3, 4)}
    >>> eq["Defender"]["Defender after a challenge"]
    {'Resist': Fraction(1, 2), 'Yield': Fraction(1, 2)}
    >>> len(res), res.complete
    (1, True)
    """
    from .vertex import vertex_enumeration

    game = _check_tree(game, "tree_nash")
    _two_player(game, "tree_nash")
    use = _use_exact(game, exact)
    nf_result = vertex_enumeration(to_normal_form(_in_arithmetic(game, use)), exact=use, tol=tol)
    return _from_normal_form(game, nf_result, exact=use, tol=tol, where="tree_nash", concept="nash")


def tree_lemke_howson(
    game: ExtensiveGame,
    *,
    initial_label: int | tuple[str, str] = 0,
    exact: bool | None = None,
    tol: float | None = None,
    all_labels: bool = False,
) -> SolverResult:
    """One Nash equilibrium of a two-player tree by Lemke–Howson on its reduced normal form.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric two-player tree with perfect recall.
    initial_label : int or (str, str)
        The label dropped first: ``(player, reduced strategy name)`` or an index (see
        :func:`~alliancegame.lemke_howson`).
    exact : bool, optional
        Rational arithmetic (default: when the tree is exact).
    tol : float, optional
        Float mode: tolerance on regrets (default: ``1e-9`` times the payoff scale).
    all_labels : bool
        Run from every initial label and return the distinct equilibria found.

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"lemke-howson"``, ``complete=False``, each equilibrium a
        verified :class:`~alliancegame.BehaviorProfile`.

    Examples
    --------
    >>> import alliancegame as ag
    >>> pennies = ag.ExtensiveGame(["Even", "Odd"], ag.decision("Even", {
    ...     "H": ag.decision("Odd", {"H": ag.terminal(1, -1), "T": ag.terminal(-1, 1)}, "Odd"),
    ...     "T": ag.decision("Odd", {"H": ag.terminal(-1, 1), "T": ag.terminal(1, -1)}, "Odd")}))
    >>> tree_lemke_howson(pennies)[0]["Even"]
    {'Even at root': {'H': Fraction(1, 2), 'T': Fraction(1, 2)}}
    """
    from .lemke_howson import lemke_howson

    game = _check_tree(game, "tree_lemke_howson")
    _two_player(game, "tree_lemke_howson")
    use = _use_exact(game, exact)
    nf_result = lemke_howson(
        to_normal_form(_in_arithmetic(game, use)),
        initial_label=initial_label,
        exact=use,
        tol=tol,
        all_labels=all_labels,
    )
    return _from_normal_form(
        game, nf_result, exact=use, tol=tol, where="tree_lemke_howson", concept="nash"
    )


def tree_logit(
    game: ExtensiveGame,
    *,
    exact: bool | None = None,
    tol: float | None = None,
    **tracing: Any,
) -> SolverResult:
    """The Nash equilibrium of a tree selected by the logit QRE of its reduced normal form.

    Traces the principal branch of logit quantal response equilibria of the reduced normal form
    (:func:`~alliancegame.logit_solve`) and returns its limit as a behaviour profile, verified on
    the tree. Works for any number of players. (This is the QRE of the strategic form; the
    *agent* QRE, in which each information set errs separately, can select differently.)

    Parameters
    ----------
    game : ExtensiveGame
        A numeric tree with perfect recall.
    exact : bool, optional
        Polish the limit in rational arithmetic (two-player trees; default: when the tree is
        exact and has two players).
    tol : float, optional
        Float mode: tolerance on regrets (default: ``1e-9`` times the payoff scale).
    **tracing
        ``max_lambda``, ``max_regret``, ``first_step``, ``max_accel``, ``max_steps`` (see
        :func:`~alliancegame.qre_branch`).

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"logit"``, ``complete=False``.

    Examples
    --------
    Entry deterrence has two Nash equilibria, (out, fight) and (in, accommodate); the logit
    branch selects the subgame-perfect one:

    >>> import alliancegame as ag
    >>> entry = ag.ExtensiveGame(["Entrant", "Incumbent"], ag.decision("Entrant", {
    ...     "out": ag.terminal(0, 2),
    ...     "in": ag.decision("Incumbent", {"fight": ag.terminal(-1, -1),
    ...                                     "accommodate": ag.terminal(1, 1)})}))
    >>> tree_logit(entry)[0].describe()
    'Entrant: in → Incumbent: accommodate ; payoffs Entrant=1, Incumbent=1'
    """
    from .qre import logit_solve

    game = _check_tree(game, "tree_logit")
    # exact polishing needs two players; by default, use it when the tree is exact and has two
    use = (game.kind == "exact" and game.n_players == 2) if exact is None else exact
    nf_result = logit_solve(
        to_normal_form(_in_arithmetic(game, use)), exact=use, tol=tol, **tracing
    )
    return _from_normal_form(
        game, nf_result, exact=use, tol=tol, where="tree_logit", concept="nash"
    )


def tree_pure_nash(
    game: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None
) -> SolverResult:
    """Every pure Nash equilibrium of a tree with any number of players, as behaviour profiles.

    The pure equilibria of the reduced normal form (:func:`~alliancegame.pure_nash`), each a
    plan of action per player, verified on the tree. A pure equilibrium need not be subgame
    perfect: it may rest on threats off the equilibrium path.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric tree with perfect recall.
    exact : bool, optional
        Compare payoffs exactly (default: when the tree is exact).
    tol : float, optional
        Float mode: tolerance on regrets (default: ``1e-9`` times the payoff scale).

    Returns
    -------
    SolverResult
        Concept ``"pure"``, method ``"enumpure"``, always complete.

    Examples
    --------
    Selten's entry game has two pure equilibria; only the first is subgame perfect:

    >>> import alliancegame as ag
    >>> entry = ag.ExtensiveGame(["Entrant", "Incumbent"], ag.decision("Entrant", {
    ...     "Out": ag.terminal(0, 2),
    ...     "In": ag.decision("Incumbent", {"Fight": ag.terminal(-1, -1),
    ...                                     "Accommodate": ag.terminal(1, 1)})}))
    >>> for eq in sorted(tree_pure_nash(entry), key=lambda e: e.describe()):
    ...     print(eq.describe())
    Entrant: In → Incumbent: Accommodate ; payoffs Entrant=1, Incumbent=1
    Entrant: Out ; payoffs Entrant=0, Incumbent=2
    """
    from .pure import pure_nash

    game = _check_tree(game, "tree_pure_nash")
    use = _use_exact(game, exact)
    nf_result = pure_nash(to_normal_form(_in_arithmetic(game, use)), exact=use, tol=tol)
    return _from_normal_form(
        game, nf_result, exact=use, tol=tol, where="tree_pure_nash", concept="pure"
    )
