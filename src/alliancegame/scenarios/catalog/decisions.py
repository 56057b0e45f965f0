"""Raiffa's (1968) oil wildcatter: a decision under uncertainty with a test worth buying.

A wildcatter decides whether to drill. The well is dry, wet or soaking with prior probabilities
0.5, 0.3, 0.2; drilling pays −70, 50 or 200, not drilling 0. Drilling on the prior is worth

.. math:: EV = 0.5(-70) + 0.3(50) + 0.2(200) = 20 .

Knowing the state before deciding (drill only if wet or soaking) would be worth
:math:`0.3(50) + 0.2(200) = 55`, so the **expected value of perfect information** is
:math:`EVPI = 55 - 20 = 35`. A seismic test costing 10 reports *closed*, *open* or *diffuse*
structure with likelihoods dry (0.1, 0.3, 0.6), wet (0.3, 0.4, 0.3), soaking (0.5, 0.4, 0.1).
After each report the wildcatter drills iff the posterior expected payoff is positive: after
*closed* (probability 0.24) and *open* (0.35) it drills, after *diffuse* (0.41) it does not, so
with the test it expects :math:`21 + 11.5 + 0 = 32.5` before the test's cost: the **expected value
of sample information** is :math:`EVSI = 32.5 - 20 = 12.5`, more than the test costs, and the best
plan — test, then drill unless the structure is diffuse — is worth :math:`22.5`.

:data:`WILDCATTER` holds the numbers (for
:class:`alliancegame.analysis.decision.DecisionProblem`); :func:`oil_wildcatter` builds the
decision tree, with the test's cost as a parameter: the test is worth buying iff it costs less
than the EVSI.

References
----------
Raiffa, H. (1968). *Decision Analysis: Introductory Lectures on Choices under Uncertainty*.
Addison-Wesley, ch. 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from ...core.errors import GameError
from ...core.expr import Number, to_fraction
from ...games.extensive import ExtensiveGame, Node, chance, decision, terminal
from ._common import parameter

__all__ = ["WILDCATTER", "DecisionData", "oil_wildcatter"]


@dataclass(frozen=True, slots=True)
class DecisionData:
    """The numbers of a decision problem with an optional test, kept exact.

    Attributes
    ----------
    states : tuple of str
        States of the world.
    prior : tuple of Fraction
        Prior probability of each state.
    payoffs : mapping of str to tuple of Fraction
        Each action's payoff in each state.
    likelihoods : mapping of str to tuple of Fraction
        ``P(result | state)`` for each test result, one entry per state.
    test_cost : Fraction
        The test's price.

    Examples
    --------
    >>> WILDCATTER.prior
    (Fraction(1, 2), Fraction(3, 10), Fraction(1, 5))
    """

    states: tuple[str, ...]
    prior: tuple[Fraction, ...]
    payoffs: Mapping[str, tuple[Fraction, ...]]
    likelihoods: Mapping[str, tuple[Fraction, ...]]
    test_cost: Fraction


def _fractions(values: tuple[object, ...]) -> tuple[Fraction, ...]:
    return tuple(to_fraction(v) for v in values)


WILDCATTER = DecisionData(
    states=("dry", "wet", "soaking"),
    prior=_fractions(("1/2", "3/10", "1/5")),
    payoffs=MappingProxyType(
        {"Drill": _fractions((-70, 50, 200)), "Don't drill": _fractions((0, 0, 0))}
    ),
    likelihoods=MappingProxyType(
        {
            "closed": _fractions(("1/10", "3/10", "1/2")),
            "open": _fractions(("3/10", "2/5", "2/5")),
            "diffuse": _fractions(("3/5", "3/10", "1/10")),
        }
    ),
    test_cost=Fraction(10),
)
"""Raiffa's (1968) oil wildcatter: states, prior, payoffs and the seismic test's likelihoods."""


def oil_wildcatter(test_cost: Number = 10, *, player: str = "Wildcatter") -> ExtensiveGame:
    """Raiffa's (1968) oil wildcatter as a decision tree: test or not, then drill or not.

    The tree starts with the choice ``"No test"`` / ``"Test"`` (ties go to not testing). Testing
    costs ``test_cost`` and leads to a chance move over the three reports (with their marginal
    probabilities 0.24, 0.35, 0.41); every drilling decision is followed by a chance move over the
    states with the (posterior) probabilities the decision maker holds at that point. Rolled
    back, the plan is worth 22.5 = 20 + 12.5 − 10: test, and drill unless the report is diffuse.

    Parameters
    ----------
    test_cost : number
        Price of the seismic test (a parameter of the tree).
    player : str
        The decision maker's name.

    Returns
    -------
    ExtensiveGame
        A one-player tree with chance moves and the parameter ``test_cost``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> res = ag.backward_induction(oil_wildcatter().at(exact=True))
    >>> res[0].payoffs
    {'Wildcatter': Fraction(45, 2)}
    >>> [s.action for s in res[0].path]
    ['Test', 'Drill', 'Drill', "Don't drill"]
    """
    if to_fraction(test_cost) < 0:
        raise GameError(f"oil_wildcatter: test_cost must be >= 0, got {test_cost}")
    data = WILDCATTER
    params = [
        parameter(
            "test_cost",
            test_cost,
            0,
            unit="payoff units",
            description="price of the seismic test",
            sources=("Raiffa (1968), Decision Analysis, ch. 2",),
        )
    ]

    def act(weights: tuple[Fraction, ...], paid: bool, label: str) -> Node:
        total = sum(weights, Fraction(0))
        branches = {}
        for action, row in data.payoffs.items():
            outcomes = {
                state: (w / total, terminal(f"{v} - test_cost" if paid else v))
                for state, w, v in zip(data.states, weights, row, strict=True)
                if w > 0
            }
            branches[action] = chance(outcomes)
        return decision(player, branches, infoset=label)

    reports = {}
    for result, lik in data.likelihoods.items():
        joint = tuple(lk * p for lk, p in zip(lik, data.prior, strict=True))
        reports[result] = (sum(joint, Fraction(0)), act(joint, True, f"after a {result} report"))
    root = decision(
        player,
        {"No test": act(data.prior, False, "without a test"), "Test": chance(reports)},
        infoset="test?",
    )
    return ExtensiveGame([player], root, params, "Oil wildcatter (Raiffa 1968)")
