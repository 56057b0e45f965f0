"""Decision analysis: rollback, risk attitude, EVPI and EVSI (Raiffa's oil wildcatter)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame.analysis.decision import DecisionProblem, ExponentialUtility, rollback

SEISMIC = {"closed": [0.1, 0.3, 0.5], "open": [0.3, 0.4, 0.4], "diffuse": [0.6, 0.3, 0.1]}


def wildcatter() -> DecisionProblem:
    return DecisionProblem(
        ["dry", "wet", "soaking"],
        [0.5, 0.3, 0.2],
        {"drill": [-70, 50, 200], "don't drill": [0, 0, 0]},
    )


def test_wildcatter_known_values() -> None:
    w = wildcatter()
    assert w.expected_value() == 20
    assert w.best_action() == "drill"
    assert w.evpi() == 35
    assert w.evsi(SEISMIC) == Fraction(25, 2)
    post = w.posterior(SEISMIC)
    assert post["closed"] == (Fraction(5, 24), Fraction(9, 24), Fraction(10, 24))
    assert sum(post["diffuse"]) == 1


def test_wildcatter_tree_with_test_rolls_back_to_the_known_policy() -> None:
    tree = wildcatter().to_tree(SEISMIC, test_cost=10)
    res = rollback(tree)
    # EV with the test: 20 + 12.5 - 10 = 22.5 > 20, so the wildcatter tests first.
    assert res.value == pytest.approx(22.5)
    assert res.policy["test?"] == "test"
    assert res.policy["act after closed"] == "drill"
    assert res.policy["act after open"] == "drill"
    assert res.policy["act after diffuse"] == "don't drill"
    assert res.policy["act without test"] == "drill"
    assert res.path[0] == "test?: test"
    # Without the test, the rollback value is the prior expected value.
    assert rollback(wildcatter().to_tree()).value == pytest.approx(20.0)


def test_expensive_test_is_not_bought() -> None:
    res = rollback(wildcatter().to_tree(SEISMIC, test_cost=13))
    assert res.policy["test?"] == "no test"
    assert res.value == pytest.approx(20.0)


def test_risk_aversion_lowers_the_certainty_equivalent_and_can_flip_the_choice() -> None:
    tree = wildcatter().to_tree()
    neutral = rollback(tree)
    averse = rollback(tree, utility=ExponentialUtility(50))
    assert averse.policy["act without test"] == "don't drill"
    assert averse.value == pytest.approx(0.0)
    mild = rollback(tree, utility=ExponentialUtility(1000))
    assert mild.policy["act without test"] == "drill"
    assert mild.value < neutral.value
    # The certainty equivalent of drilling, computed directly.
    u = ExponentialUtility(1000)
    ce = u.certainty_equivalent(np.array([-70.0, 50.0, 200.0]), np.array([0.5, 0.3, 0.2]))
    assert mild.value == pytest.approx(ce)
    assert mild.expected_value == pytest.approx(20.0)


def test_utility_round_trip_and_errors() -> None:
    u = ExponentialUtility(37.5)
    x = np.linspace(-100, 300, 9)
    np.testing.assert_allclose(u.inverse(u(x)), x, rtol=1e-12, atol=1e-9)
    assert ExponentialUtility(math.inf)(3.0) == 3.0
    with pytest.raises(ag.GameError, match="risk_tolerance"):
        ExponentialUtility(0)


@st.composite
def problems(draw: st.DrawFn) -> DecisionProblem:
    k = draw(st.integers(1, 4))
    weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
    total = sum(weights)
    prior = [Fraction(w, total) for w in weights]
    n_actions = draw(st.integers(1, 4))
    payoffs = {
        f"a{j}": draw(st.lists(st.integers(-50, 50), min_size=k, max_size=k))
        for j in range(n_actions)
    }
    return DecisionProblem([f"s{i}" for i in range(k)], prior, payoffs)


@st.composite
def likelihood_tables(draw: st.DrawFn, k: int) -> dict[str, list[Fraction]]:
    n_results = draw(st.integers(1, 3))
    columns = []
    for _ in range(k):
        w = draw(st.lists(st.integers(0, 5), min_size=n_results, max_size=n_results))
        if sum(w) == 0:
            w[0] = 1
        columns.append([Fraction(x, sum(w)) for x in w])
    return {f"r{j}": [columns[s][j] for s in range(k)] for j in range(n_results)}


@given(problems(), st.data())
def test_information_values_are_ordered_and_match_the_tree(
    problem: DecisionProblem, data: st.DataObject
) -> None:
    test = data.draw(likelihood_tables(len(problem.states)))
    evpi, evsi = problem.evpi(), problem.evsi(test)
    assert 0 <= evsi <= evpi
    # The same numbers by rolling back the decision trees.
    base = rollback(problem.to_tree()).value
    assert base == pytest.approx(float(problem.expected_value()))
    with_test = rollback(problem.to_tree(test, test_cost=0)).value
    assert with_test == pytest.approx(float(problem.expected_value() + evsi))


def test_perfect_information_is_worthless_when_one_action_dominates() -> None:
    p = DecisionProblem(["a", "b"], [0.3, 0.7], {"safe": [5, 5], "bad": [1, 4]})
    assert p.evpi() == 0
    assert p.evsi({"x": [1, 0], "y": [0, 1]}) == 0


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: DecisionProblem(["a", "a"], [0.5, 0.5], {"x": [1, 2]}), "distinct"),
        (lambda: DecisionProblem(["a", "b"], [0.5, 0.6], {"x": [1, 2]}), "sum to 1"),
        (lambda: DecisionProblem(["a", "b"], [0.5, 0.5], {"x": [1]}), "one per state"),
        (lambda: DecisionProblem(["a", "b"], [0.5, 0.5], {}), "at least one action"),
        (lambda: wildcatter().evsi({"r": [0.5, 0.5, 0.5]}), "sum to 1"),
    ],
)
def test_bad_problems_get_clear_errors(make: object, match: str) -> None:
    with pytest.raises(ag.GameError, match=match):
        make()  # type: ignore[operator]


def test_rollback_refuses_games_with_several_players() -> None:
    game = ag.ExtensiveGame(
        ["A", "B"], ag.decision("A", {"x": ag.terminal(1, 0), "y": ag.terminal(0, 1)})
    )
    with pytest.raises(ag.GameError, match="one decision maker"):
        rollback(game)
