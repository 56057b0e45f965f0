"""Decision analysis: one decision maker against chance.

A *decision tree* is an extensive-form game with one player and chance nodes. It is solved by
**rollback** (averaging out and folding back; Raiffa 1968): from the leaves up, a chance node is
worth the probability-weighted average of its children and a decision node the best of them.

Risk attitude enters through a utility function. With exponential utility
:math:`u(x) = 1 - e^{-x/R}` (risk tolerance :math:`R > 0`; risk-neutral as :math:`R\\to\\infty`) the
rollback averages utilities, and the **certainty equivalent** of a lottery is
:math:`CE = u^{-1}(E[u(X)]) = -R\\ln(1 - E[u(X)])`: the sure amount the decision maker would
accept in its place.

Information has value when it can change a decision. For a decision problem with states
:math:`s` (prior :math:`p(s)`), actions :math:`a` and payoffs :math:`v(a, s)`:

* expected value without information: :math:`EV = \\max_a \\sum_s p(s) v(a, s)`;
* **expected value of perfect information**:
  :math:`EVPI = \\sum_s p(s) \\max_a v(a, s) - EV`;
* **expected value of sample information** from a test with likelihoods :math:`p(r|s)`:
  :math:`EVSI = \\sum_r p(r) \\max_a \\sum_s p(s|r) v(a, s) - EV`, with Bayes' posterior
  :math:`p(s|r) = p(r|s)p(s)/p(r)`; the test is worth buying iff :math:`EVSI` exceeds its cost.

:func:`value_of_information` applies the same idea to a parameter of a *game*: what it is worth to
a player to learn a parameter (e.g. Russia's Ukraine commitment) before making its first move,
when the other players act on the true value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import GameError, UnknownNameError, did_you_mean
from ..games.distributions import Distribution

__all__ = [
    "DecisionProblem",
    "ExponentialUtility",
    "RollbackResult",
    "ValueOfInformation",
    "rollback",
    "value_of_information",
]


# ---------------------------------------------------------------------------------------------
# Utility
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExponentialUtility:
    """Exponential (constant absolute risk aversion) utility :math:`u(x) = 1 - e^{-x/R}`.

    Parameters
    ----------
    risk_tolerance : float
        :math:`R > 0` (risk averse); larger is closer to risk neutrality, and ``math.inf`` is
        risk neutral (:math:`u(x) = x`).

    Examples
    --------
    >>> u = ExponentialUtility(100)
    >>> round(u.certainty_equivalent(np.array([0.0, 200.0]), np.array([0.5, 0.5])), 2)
    56.62
    """

    risk_tolerance: float

    def __post_init__(self) -> None:
        r = self.risk_tolerance
        if isinstance(r, bool) or not isinstance(r, int | float) or not r > 0:
            raise GameError(f"ExponentialUtility: risk_tolerance must be > 0, got {r!r}")

    def __call__(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
        arr = np.asarray(x, dtype=float)
        if math.isinf(self.risk_tolerance):
            return arr
        return np.asarray(-np.expm1(-arr / self.risk_tolerance), dtype=float)

    def inverse(self, u: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The amount whose utility is ``u``."""
        arr = np.asarray(u, dtype=float)
        if math.isinf(self.risk_tolerance):
            return arr
        return np.asarray(-self.risk_tolerance * np.log1p(-arr), dtype=float)

    def certainty_equivalent(self, outcomes: npt.ArrayLike, probabilities: npt.ArrayLike) -> float:
        """Certainty equivalent of a lottery."""
        eu = float(np.dot(self(outcomes), np.asarray(probabilities, dtype=float)))
        return float(self.inverse(eu))


# ---------------------------------------------------------------------------------------------
# Rollback of decision trees
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class RollbackResult:
    """The solution of a decision tree by rollback.

    Attributes
    ----------
    value : float
        Expected payoff of the optimal policy (risk-neutral), or its certainty equivalent when a
        utility was given.
    expected_value : float
        Expected payoff of the optimal policy.
    expected_utility : float or None
        Expected utility of the optimal policy (when a utility was given).
    policy : dict of str to str
        Decision node label -> chosen action, for every decision node.
    node_values : ndarray
        Value (expected utility, or expected payoff if risk-neutral) of every node, pre-order.
    path : tuple of str
        The decisions on the path that is reached with positive probability, in order.
    """

    value: float
    expected_value: float
    expected_utility: float | None
    policy: dict[str, str]
    node_values: npt.NDArray[np.float64]
    path: tuple[str, ...]

    def __repr__(self) -> str:
        lines = [f"RollbackResult(value={self.value:g}, expected value={self.expected_value:g})"]
        lines += [f"  {k}: {v}" for k, v in self.policy.items()]
        return "\n".join(lines)


def _actions(game: Any, k: int) -> tuple[str, ...]:
    return tuple(game.nodes[k].actions)


def _node_label(game: Any, k: int) -> str:
    from ..games.extensive import Decision

    node = game.nodes[k]
    if isinstance(node, Decision):
        return str(game.infoset_of(k).label)
    return f"node {k}"


def rollback(
    tree: Any,
    *,
    utility: ExponentialUtility | None = None,
    values: Mapping[str, Any] | None = None,
) -> RollbackResult:
    """Solve a one-player decision tree (decision and chance nodes) by rollback.

    Parameters
    ----------
    tree : ExtensiveGame
        A tree with exactly one player (chance nodes allowed), each decision node its own
        information set.
    utility : ExponentialUtility, optional
        Risk attitude; default risk-neutral.
    values : mapping, optional
        Parameter values (defaults otherwise).

    Returns
    -------
    RollbackResult

    Examples
    --------
    >>> import alliancegame as ag
    >>> t = ag.ExtensiveGame(["DM"], ag.decision("DM", {
    ...     "gamble": ag.chance({"win": (0.5, ag.terminal(200)), "lose": (0.5, ag.terminal(0))}),
    ...     "sure": ag.terminal(80)}))
    >>> rollback(t).policy, rollback(t).value
    ({'DM at root': 'gamble'}, 100.0)
    >>> r = rollback(t, utility=ExponentialUtility(100))
    >>> r.policy, round(r.value, 1)
    ({'DM at root': 'sure'}, 80.0)
    """
    from ..games.extensive import Chance, Decision, ExtensiveGame

    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"rollback: needs an ExtensiveGame, got {type(tree).__name__}")
    if tree.n_players != 1:
        raise GameError(
            f"rollback: a decision tree has one decision maker; this tree has players "
            f"{tree.players} (use backward_induction for games)"
        )
    if not tree.is_perfect_information:
        raise GameError("rollback: every decision node must be its own information set")
    tv = tree.evaluate(dict(values or {}))
    pay = np.asarray(tv.payoffs, dtype=float)[:, 0]
    prob = np.asarray(tv.probabilities, dtype=float)
    u = utility or ExponentialUtility(math.inf)
    n = len(tree.nodes)
    util = np.zeros(n)
    money = np.zeros(n)
    choice: dict[int, int] = {}
    term_pos = {k: i for i, k in enumerate(tree.terminals)}
    chance_pos: dict[int, int] = {}
    offset = 0
    for k in tree.chance_nodes:
        chance_pos[k] = offset
        offset += len(tree.children(k))
    for k in reversed(range(n)):
        node = tree.nodes[k]
        kids = tree.children(k)
        if isinstance(node, Decision):
            vals = util[list(kids)]
            best = int(np.argmax(vals))  # first among ties
            choice[k] = best
            util[k] = vals[best]
            money[k] = money[kids[best]]
        elif isinstance(node, Chance):
            p = prob[chance_pos[k] : chance_pos[k] + len(kids)]
            util[k] = float(np.dot(p, util[list(kids)]))
            money[k] = float(np.dot(p, money[list(kids)]))
        else:
            money[k] = pay[term_pos[k]]
            util[k] = float(u(money[k]))
    policy = {_node_label(tree, k): _actions(tree, k)[c] for k, c in sorted(choice.items())}
    path: list[str] = []
    frontier = [0]
    reach = np.zeros(n)
    reach[0] = 1.0
    while frontier:
        k = frontier.pop(0)
        node = tree.nodes[k]
        kids = tree.children(k)
        if isinstance(node, Decision):
            path.append(f"{_node_label(tree, k)}: {node.actions[choice[k]]}")
            reach[kids[choice[k]]] = reach[k]
            frontier.append(kids[choice[k]])
        elif isinstance(node, Chance):
            p = prob[chance_pos[k] : chance_pos[k] + len(kids)]
            for c, pc in zip(kids, p, strict=True):
                if pc > 0:
                    reach[c] = reach[k] * pc
                    frontier.append(c)
    risk_neutral = math.isinf(u.risk_tolerance)
    value = float(money[0]) if risk_neutral else float(u.inverse(util[0]))
    return RollbackResult(
        value=value,
        expected_value=float(money[0]),
        expected_utility=None if risk_neutral else float(util[0]),
        policy=policy,
        node_values=util if not risk_neutral else money,
        path=tuple(path),
    )


# ---------------------------------------------------------------------------------------------
# Decision problems with states, actions and tests (EVPI / EVSI)
# ---------------------------------------------------------------------------------------------


def _probabilities(values: Sequence[Any], what: str, n: int) -> list[Fraction]:
    from ..core.expr import to_fraction

    if len(values) != n:
        raise GameError(f"{what}: need {n} probabilities, got {len(values)}")
    probs = [to_fraction(v) for v in values]
    if any(p < 0 for p in probs):
        raise GameError(
            f"{what}: probabilities must be non-negative, got {[str(p) for p in probs]}"
        )
    if sum(probs) != 1:
        raise GameError(f"{what}: probabilities must sum to 1, got {sum(probs)}")
    return probs


@dataclass(frozen=True, slots=True, eq=False)
class DecisionProblem:
    """A decision under uncertainty: states with a prior, actions with payoffs per state.

    Numbers are kept exact (fractions) so that EVPI and EVSI come out exact.

    Parameters
    ----------
    states : sequence of str
        The states of the world.
    prior : sequence of numbers
        Prior probability of each state.
    payoffs : mapping of str to sequence of numbers
        For each action, its payoff in each state.

    Examples
    --------
    Raiffa's (1968) oil wildcatter:

    >>> wildcatter = DecisionProblem(
    ...     ["dry", "wet", "soaking"], [0.5, 0.3, 0.2],
    ...     {"drill": [-70, 50, 200], "don't drill": [0, 0, 0]})
    >>> wildcatter.expected_value(), wildcatter.best_action()
    (Fraction(20, 1), 'drill')
    >>> wildcatter.evpi()
    Fraction(35, 1)
    >>> wildcatter.evsi({"closed": [0.1, 0.3, 0.5], "open": [0.3, 0.4, 0.4],
    ...                  "diffuse": [0.6, 0.3, 0.1]})
    Fraction(25, 2)
    """

    states: tuple[str, ...]
    prior: tuple[Fraction, ...]
    payoffs: dict[str, tuple[Fraction, ...]]

    def __init__(
        self, states: Sequence[str], prior: Sequence[Any], payoffs: Mapping[str, Sequence[Any]]
    ) -> None:
        from ..core.expr import to_fraction

        st = tuple(str(s) for s in states)
        if not st or len(set(st)) != len(st):
            raise GameError(f"DecisionProblem: states must be distinct and non-empty, got {st}")
        object.__setattr__(self, "states", st)
        object.__setattr__(
            self, "prior", tuple(_probabilities(prior, "DecisionProblem prior", len(st)))
        )
        if not payoffs:
            raise GameError("DecisionProblem: needs at least one action")
        table = {}
        for action, row in payoffs.items():
            if len(row) != len(st):
                raise GameError(
                    f"DecisionProblem: action {action!r} needs {len(st)} payoffs (one per state), "
                    f"got {len(row)}"
                )
            table[str(action)] = tuple(to_fraction(v) for v in row)
        object.__setattr__(self, "payoffs", table)

    def _best(self, weights: Sequence[Fraction]) -> tuple[str, Fraction]:
        best_a, best_v = "", None
        for a, row in self.payoffs.items():
            v = sum((w * x for w, x in zip(weights, row, strict=True)), Fraction(0))
            if best_v is None or v > best_v:
                best_a, best_v = a, v
        assert best_v is not None
        return best_a, best_v

    def expected_value(self) -> Fraction:
        """Expected payoff of the best action under the prior."""
        return self._best(self.prior)[1]

    def best_action(self) -> str:
        """The best action under the prior (first listed among ties)."""
        return self._best(self.prior)[0]

    def evpi(self) -> Fraction:
        """Expected value of perfect information about the state."""
        informed = sum(
            (p * max(row[s] for row in self.payoffs.values()) for s, p in enumerate(self.prior)),
            Fraction(0),
        )
        return informed - self.expected_value()

    def _likelihoods(self, likelihoods: Mapping[str, Sequence[Any]]) -> dict[str, list[Fraction]]:
        from ..core.expr import to_fraction

        if not likelihoods:
            raise GameError("evsi: the test needs at least one result")
        table = {}
        for r, row in likelihoods.items():
            if len(row) != len(self.states):
                raise GameError(f"evsi: result {r!r} needs one likelihood per state")
            table[str(r)] = [to_fraction(v) for v in row]
        for s, state in enumerate(self.states):
            total = sum(table[r][s] for r in table)
            if total != 1:
                raise GameError(
                    f"evsi: likelihoods of the results given state {state!r} must sum to 1, "
                    f"got {total}"
                )
        return table

    def posterior(
        self, likelihoods: Mapping[str, Sequence[Any]]
    ) -> dict[str, tuple[Fraction, ...]]:
        """Posterior over states after each test result (Bayes' rule); results of probability 0
        are omitted."""
        table = self._likelihoods(likelihoods)
        out = {}
        for r, lik in table.items():
            joint = [lk * p for lk, p in zip(lik, self.prior, strict=True)]
            pr = sum(joint, Fraction(0))
            if pr > 0:
                out[r] = tuple(j / pr for j in joint)
        return out

    def evsi(self, likelihoods: Mapping[str, Sequence[Any]]) -> Fraction:
        """Expected value of sample information of a test with likelihoods ``P(result | state)``."""
        table = self._likelihoods(likelihoods)
        with_test = Fraction(0)
        for lik in table.values():
            joint = [lk * p for lk, p in zip(lik, self.prior, strict=True)]
            with_test += self._best(joint)[1]  # = P(r) * max_a E[v | r]
        return with_test - self.expected_value()

    def to_tree(
        self,
        test: Mapping[str, Sequence[Any]] | None = None,
        test_cost: Any = 0,
        player: str = "decision maker",
    ) -> Any:
        """The decision tree of the problem (optionally: first decide whether to buy a test).

        Examples
        --------
        >>> p = DecisionProblem(["bad", "good"], [0.5, 0.5], {"go": [-1, 3], "stop": [0, 0]})
        >>> rollback(p.to_tree()).value
        1.0
        """
        from ..core.expr import to_fraction
        from ..games.extensive import ExtensiveGame, chance, decision, terminal

        def act(weights: Sequence[Fraction], cost: Fraction, label: str) -> Any:
            total = sum(weights, Fraction(0))
            post = [w / total for w in weights]
            branches = {}
            for a, row in self.payoffs.items():
                outcomes = {
                    s: (p, terminal(x - cost))
                    for s, p, x in zip(self.states, post, row, strict=True)
                    if p > 0
                }
                branches[a] = chance(outcomes)
            return decision(player, branches, infoset=label)

        no_test = act(self.prior, Fraction(0), "act without test")
        if test is None:
            return ExtensiveGame([player], no_test, title="decision problem")
        cost = to_fraction(test_cost)
        table = self._likelihoods(test)
        results = {}
        for r, lik in table.items():
            joint = [lk * p for lk, p in zip(lik, self.prior, strict=True)]
            pr = sum(joint, Fraction(0))
            if pr > 0:
                results[r] = (pr, act(joint, cost, f"act after {r}"))
        root = decision(player, {"test": chance(results), "no test": no_test}, infoset="test?")
        return ExtensiveGame([player], root, title="decision problem with a test")


# ---------------------------------------------------------------------------------------------
# Value of information about a parameter of a game
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class ValueOfInformation:
    """What a player gains from learning a parameter before its first move.

    Attributes
    ----------
    player : str
        Who learns.
    parameter : str
        What is learnt.
    value : float
        ``informed - uninformed`` (never negative up to sampling error).
    informed : float
        Expected equilibrium payoff when the player moves knowing the parameter.
    uninformed : float
        Expected payoff of the best single first move chosen on the prior alone.
    uninformed_action : str
        That first move.
    action_values : dict of str to float
        Expected payoff of each first move (others playing the SPE for the true value).
    informed_choices : dict of str to float
        How often each first move is chosen when informed (share of the prior's mass).
    """

    player: str
    parameter: str
    value: float
    informed: float
    uninformed: float
    uninformed_action: str
    action_values: dict[str, float]
    informed_choices: dict[str, float]

    def __repr__(self) -> str:
        return (
            f"ValueOfInformation({self.player} learning {self.parameter}: {self.value:g} = "
            f"{self.informed:g} informed - {self.uninformed:g} uninformed "
            f"(best blind move {self.uninformed_action!r}))"
        )


def value_of_information(
    game: Any,
    parameter: str,
    player: str | None = None,
    *,
    prior: Distribution | None = None,
    n: int = 4096,
    rng: np.random.Generator | int | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> ValueOfInformation:
    """Value to the first mover of learning a parameter before moving, in a game tree.

    The first mover (the player at the root) chooses among its root actions; after that, play
    follows the subgame-perfect equilibrium for the *true* parameter value (the other players know
    it). Uninformed, the mover picks the root action with the best expected payoff under the
    prior; informed, it picks the best action for each value. The difference is the expected
    value of perfect information about the parameter.

    Parameters
    ----------
    game : ExtensiveGame
        A parameterised tree with a decision node at the root.
    parameter : str
        The uncertain parameter.
    player : str, optional
        Must be the root's player (the default).
    prior : Distribution, optional
        The parameter's prior (default: the one declared on the parameter).
    n : int
        Number of prior samples (quasi-Monte Carlo through the inverse CDF; a power of two).
    rng : numpy Generator or int, optional
        Seed.
    fixed : mapping, optional
        Values of the other parameters (defaults otherwise).

    Returns
    -------
    ValueOfInformation
    """
    from scipy.stats import qmc

    from ..games.extensive import Decision, ExtensiveGame
    from ..solvers.backward import backward_induction_batch

    game = getattr(game, "game", game)  # a Scenario stands for its game
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"value_of_information: needs an ExtensiveGame, got {type(game).__name__}")
    params = game.parameters
    if parameter not in params.names:
        raise UnknownNameError(
            f"value_of_information: unknown parameter {parameter!r}"
            f"{did_you_mean(parameter, params.names)}",
            parameter,
            params.names,
        )
    root = game.nodes[0]
    if not isinstance(root, Decision):
        raise GameError("value_of_information: the root must be a decision node")
    mover = root.player
    if player is not None and player != mover:
        raise GameError(
            f"value_of_information: only the first mover ({mover!r}) can act on the "
            f"information before moving, got player={player!r}"
        )
    dist = prior if prior is not None else params[parameter].prior
    if dist is None:
        raise GameError(
            f"value_of_information: {parameter!r} has no prior; pass prior=Uniform(lo, hi)"
        )
    if n < 2 or n & (n - 1):
        raise GameError(f"value_of_information: n must be a power of two, got {n}")
    gen = np.random.default_rng(rng)
    unit = qmc.Sobol(1, scramble=True, seed=gen).random_base2(int(math.log2(n)))[:, 0]
    samples = dist.ppf(unit)
    values = {**dict(fixed or {}), parameter: samples}
    res = backward_induction_batch(game, values)
    p = game.players.index(mover)
    # res.values is in the flat (breadth-first) order; map the root's children (pre-order).
    flat_of = np.empty(len(game.nodes), dtype=np.int64)
    flat_of[np.asarray(res.flat.node_id)] = np.arange(len(game.nodes))
    kids = [int(flat_of[c]) for c in game.children(0)]
    child_vals = np.asarray(res.values)[..., kids, p].reshape(len(samples), len(kids))
    action_means = child_vals.mean(axis=0)
    best = int(np.argmax(action_means))
    informed_choice = np.argmax(child_vals, axis=1)
    informed = float(child_vals.max(axis=1).mean())
    uninformed = float(action_means[best])
    return ValueOfInformation(
        player=mover,
        parameter=parameter,
        value=informed - uninformed,
        informed=informed,
        uninformed=uninformed,
        uninformed_action=root.actions[best],
        action_values={a: float(v) for a, v in zip(root.actions, action_means, strict=True)},
        informed_choices={
            a: float(np.mean(informed_choice == j)) for j, a in enumerate(root.actions)
        },
    )
