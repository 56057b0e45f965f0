"""Exact thresholds of normal-form games along one parameter."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag


def crisis() -> ag.NormalFormGame:
    return ag.NormalFormGame(
        [[["h", -1], [1, "-P"]], [["h", 1], [-1, "-P"]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters=[ag.Parameter("P", 10, 0, 20), ag.Parameter("h", 0, -5, 5)],
    )


def test_chicken_threshold_is_exact_and_symbolic() -> None:
    res = ag.thresholds(crisis(), "P")
    assert len(res) == 2
    for t in res:
        assert t.value == 1.0
        assert t.method == "symbolic"
        assert t.verified
        assert t.expression == 1
        assert (t.below, t.above) == ("Escalate", "Hold")
        assert t.outcome_below == "US: Escalate, Iran: Escalate"
    assert {t.player for t in res} == {"US", "Iran"}


def test_threshold_expression_in_other_parameters() -> None:
    # Hold/Hold pays h; against Hold, escalating pays 1: Hold is a best reply to Hold iff h >= 1.
    res = ag.thresholds(crisis(), "h", fixed={"P": 10})
    values = sorted({t.value for t in res})
    assert values == [1.0]
    t = res[0]
    assert t.expression == 1
    assert t.outcome_above.startswith("US: Hold, Iran: Hold")


def test_threshold_depends_symbolically_on_another_parameter() -> None:
    game = ag.NormalFormGame(
        [["a*x - b", 0]],
        players=["Russia"],
        strategies=[["arm", "abstain"]],
        parameters={"x": 1, "a": 2, "b": 1},
    )
    res = ag.thresholds(game, "x", lower=0, upper=2)
    (t,) = res
    assert t.value == pytest.approx(0.5)
    a, b = sympy.symbols("a b", real=True)
    assert sympy.simplify(t.expression - b / a) == 0
    assert sympy.simplify(t.expression_in("b") - b / 2) == 0
    assert (t.below, t.above) == ("abstain", "arm")


def test_numeric_fallback_when_not_solvable_symbolically() -> None:
    game = ag.NormalFormGame(
        [["max(x, 2*x - 1) - 1.5", 0]], players=["R"], parameters=[ag.Parameter("x", 0, 0, 3)]
    )
    (t,) = ag.thresholds(game, "x")
    assert t.method == "numeric"
    assert t.expression is None
    assert t.value == pytest.approx(1.25, abs=1e-12)  # 2x - 1 = 1.5 on the branch x >= 1
    assert t.verified
    with pytest.raises(ag.GameError, match="numerically"):
        t.expression_in()


@given(
    st.lists(st.integers(-4, 4), min_size=8, max_size=8),
    st.lists(st.integers(-3, 3), min_size=8, max_size=8),
)
def test_thresholds_are_exactly_where_the_outcome_changes(a: list[int], b: list[int]) -> None:
    """Random 2x2 games with payoffs a + b*x: compare with a fine sweep and with the roots."""
    cells = [f"{ai} + {bi}*x" for ai, bi in zip(a, b, strict=True)]
    payoffs = np.array(cells, dtype=object).reshape(2, 2, 2).tolist()
    game = ag.NormalFormGame(payoffs, parameters=[ag.Parameter("x", 0, -5, 5)])
    res = ag.thresholds(game, "x", resolution=401)
    values = sorted({t.value for t in res})
    # Every threshold is verified and is a root of some payoff difference (a1-a2)/(b2-b1).
    assert all(t.verified for t in res)
    for v in values:
        assert v == pytest.approx(float(sympy.Rational(round(v * 10**9), 10**9)), abs=1e-9)
    # Between consecutive thresholds the outcome is constant; across each it changes.
    cuts = [-5.0, *values, 5.0]
    mids = [(lo + hi) / 2 for lo, hi in itertools.pairwise(cuts) if hi - lo > 1e-6]
    if len(mids) > 1:
        sw = ag.sweep(game, points={"x": np.array(mids)})
        labels = [sw.outcome(int(c)) for c in sw.codes]
        assert all(labels[i] != labels[i + 1] for i in range(len(labels) - 1))
    # A fine sweep finds no change of outcome away from the thresholds.
    fine = np.linspace(-5, 5, 2001)
    sw = ag.sweep(game, x=fine)
    codes = sw.codes
    changes = np.flatnonzero(codes[1:] != codes[:-1])
    for k in changes:
        # Skip isolated tie points: extra equilibria at one grid point, same outcome either side.
        if (k > 0 and codes[k - 1] == codes[k + 1]) or (
            k + 2 < len(codes) and codes[k] == codes[k + 2]
        ):
            continue
        assert any(fine[k] - 1e-9 <= v <= fine[k + 1] + 1e-9 for v in values)


def test_affine_transformation_leaves_thresholds_unchanged() -> None:
    game = crisis()
    scaled = game.affine([3, 2], [-7, 5])
    assert [t.value for t in ag.thresholds(game, "P")] == [
        t.value for t in ag.thresholds(scaled, "P")
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"parameter": "PP"}, ag.UnknownNameError, "did you mean 'P'"),
        ({"parameter": "P", "lower": 3, "upper": 1}, ag.GameError, "lower < upper"),
        ({"parameter": "P", "resolution": 2}, ag.GameError, "resolution"),
        ({"parameter": "P", "fixed": {"P": 1}}, ag.GameError, "moving parameter"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        ag.thresholds(crisis(), **kwargs)


def test_unbounded_parameter_needs_an_interval() -> None:
    game = ag.NormalFormGame([["x", 0]], parameters={"x": 1})
    with pytest.raises(ag.GameError, match="no declared range"):
        ag.thresholds(game, "x")
    (t,) = ag.thresholds(game, "x", lower=-1, upper=1)
    assert t.value == 0.0
