"""Comparative statics: closed-form mixed equilibria against the numeric solvers.

Oracles: exact vertex enumeration and exact regret at rational points (the closed form must be one
of the game's extreme equilibria exactly where its conditions hold, and no equilibrium where they
fail), central finite differences of the float solver's equilibrium for the derivatives, and the
textbook formulas for Chicken and Matching Pennies.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame.analysis.statics import StaticsPoint, comparative_statics


@st.composite
def affine_games(draw: Any) -> ag.NormalFormGame:
    """Two-player games with payoffs ``c + p*a + q*b`` (small integers)."""
    m, n = draw(st.sampled_from([(2, 2), (2, 3), (3, 2), (3, 3)]))
    size = 2 * m * n
    ints = st.lists(st.integers(-3, 3), min_size=size, max_size=size)
    c, p, q = (
        draw(ints),
        draw(ints),
        draw(st.lists(st.integers(-1, 1), min_size=size, max_size=size)),
    )
    cells = np.empty((2, m, n), dtype=object)
    for k, idx in enumerate(np.ndindex(2, m, n)):
        cells[idx] = f"{c[k]} + {p[k]}*a + {q[k]}*b"
    return ag.NormalFormGame(cells, parameters={"a": 0, "b": 0})


def mixed_supports(game: ag.NormalFormGame, point: dict[str, Any]) -> list[dict[str, list[str]]]:
    """Supports (by name) of the exact equilibria at a point whose supports have equal sizes."""
    res = ag.solve(game.at(point, exact=True), "nash", method="vertex")
    out = []
    for eq in res.equilibria:
        s = {p: list(eq.support(p)) for p in game.players}
        if len(s[game.players[0]]) == len(s[game.players[1]]):
            out.append(s)
    return out


def profile(values: StaticsPoint, game: ag.NormalFormGame) -> list[list[Any]]:
    return [
        [values.strategies[p][s] for s in game.strategies[i]] for i, p in enumerate(game.players)
    ]


def chicken_rstp() -> ag.NormalFormGame:
    return ag.NormalFormGame(
        [[["R", "S"], ["T", "P"]], [["R", "T"], ["S", "P"]]],
        players=["US", "Iran"],
        strategies=[["C", "D"]] * 2,
        parameters={"R": 0, "S": -1, "T": 1, "P": -10},
    )


# ------------------------------------------------------------------------------ textbook cases
def test_chicken_textbook_formula_and_value() -> None:
    cs = comparative_statics(chicken_rstp())
    R, S, T, P = sympy.symbols("R S T P", real=True)
    q = cs.strategies["Iran"]["D"]
    assert sympy.simplify(q - (T - R) / (T - R + S - P)) == 0
    assert sympy.simplify(cs.strategies["US"]["D"] - q) == 0  # symmetric game
    point = cs.at()
    assert point.valid
    assert point.strategies["Iran"]["D"] == Fraction(1, 10)
    assert point.strategies["US"] == {"C": Fraction(9, 10), "D": Fraction(1, 10)}
    assert point.payoffs["US"] == Fraction(-1, 10)
    # the worse the war (P falls), the less escalation: dq/dP > 0 here
    assert cs.derivative("P").at().strategies["Iran"]["D"] == Fraction(1, 100)
    assert cs.valid_set("P") == sympy.Interval(-sympy.oo, -1)


def test_chicken_with_a_cost_of_war() -> None:
    game = ag.NormalFormGame(
        [[[0, -1], [1, "-c"]], [[0, 1], [-1, "-c"]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters=[ag.Parameter("c", 10, lower=0, upper=50)],
    )
    cs = comparative_statics(game, point={"c": 10})
    c = sympy.Symbol("c", real=True)
    assert cs.strategies["US"]["Escalate"] == 1 / c
    assert cs.derivative("c").strategies["US"]["Escalate"] == -1 / c**2
    for cv in (2, 5, 40):
        assert cs.derivative("c").at(c=cv).strategies["Iran"]["Escalate"] < 0
    assert cs.valid_set("c") == sympy.Interval(1, 50)
    assert cs.holds_at(c=1)
    assert not cs.holds_at(c=Fraction(1, 2))


def test_matching_pennies_with_a_parameterised_payoff() -> None:
    # the row player wins a on (Heads, Heads), 1 on (Tails, Tails); loses 1 on a mismatch
    game = ag.NormalFormGame(
        [[["a", -1], [-1, 1]], [["-a", 1], [1, -1]]],
        players=["Row", "Column"],
        strategies=[["H", "T"]] * 2,
        parameters={"a": 1},
    )
    cs = comparative_statics(game)
    a = sympy.Symbol("a", real=True)
    assert sympy.simplify(cs.strategies["Column"]["H"] - 2 / (a + 3)) == 0
    assert sympy.simplify(cs.strategies["Row"]["H"] - 2 / (a + 3)) == 0
    assert sympy.simplify(cs.payoffs["Row"] - (a - 1) / (a + 3)) == 0
    assert cs.at().strategies["Row"] == {"H": Fraction(1, 2), "T": Fraction(1, 2)}
    d = cs.derivative("a").at(a=1)
    assert d.strategies["Column"]["H"] == Fraction(-1, 8)  # a bigger prize: Column avoids H
    assert d.payoffs["Row"] == Fraction(1, 4)
    assert cs.valid_set("a") == sympy.Interval(-1, sympy.oo)
    with pytest.raises(ag.GameError, match="singular at"):
        cs.at(a=-3)


def test_own_mix_depends_only_on_the_opponents_payoffs() -> None:
    # Tsebelis' "paradox": x only in the US payoffs moves Iran's mix, never the US's own
    game = ag.NormalFormGame(
        [[[0, "-1 - x"], [1, -10]], [[0, 1], [-1, -10]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters={"x": 0},
    )
    cs = comparative_statics(game)
    d = cs.derivative("x")
    assert all(e == 0 for e in d.strategies["US"].values())
    assert d.strategies["Iran"]["Escalate"] != 0


# ---------------------------------------------------------------- properties against solvers
@settings(max_examples=15)
@given(affine_games(), st.integers(-2, 2), st.integers(-2, 2), st.data())
def test_closed_form_is_an_equilibrium_exactly_where_its_conditions_hold(
    game: ag.NormalFormGame, a0: int, b0: int, data: st.DataObject
) -> None:
    base = {"a": a0, "b": b0}
    supports = mixed_supports(game, base)
    assume(supports)
    support = data.draw(st.sampled_from(supports))
    try:
        cs = comparative_statics(game, support=support)
        at_base = cs.at(base)
    except ag.GameError:
        assume(False)  # singular (everywhere, or at this point): no closed form to test
    assert cs.holds_at(base)
    assert at_base.valid
    ref = ag.solve(game.at(base, exact=True), "nash", method="vertex")
    assert profile(at_base, game) in [[list(p) for p in e.probabilities] for e in ref.equilibria]
    for _ in range(4):
        point = {
            "a": Fraction(data.draw(st.integers(-12, 12)), 4),
            "b": Fraction(data.draw(st.integers(-12, 12)), 4),
        }
        exact_game = game.at(point, exact=True)
        try:
            values = cs.at(point)
        except ag.GameError:  # singular there
            assert not cs.holds_at(point)
            continue
        probs = profile(values, game)
        is_profile = all(all(p >= 0 for p in row) and sum(row) == 1 for row in probs)
        is_equilibrium = is_profile and ag.regret(exact_game, probs, exact=True) == (0, 0)
        assert values.valid == is_equilibrium, (point, values.violated)
        if values.valid:
            found = ag.solve(exact_game, "nash", method="vertex")
            assert probs in [[list(p) for p in e.probabilities] for e in found.equilibria]
            payoffs = [values.payoffs[p] for p in game.players]
            assert payoffs in [list(e.payoffs_) for e in found.equilibria if
                               [list(p) for p in e.probabilities] == probs]  # fmt: skip


@settings(max_examples=15)
@given(affine_games(), st.integers(-8, 8), st.integers(-8, 8), st.sampled_from(["a", "b"]))
def test_derivatives_equal_finite_differences_of_the_numeric_equilibrium(
    game: ag.NormalFormGame, a4: int, b4: int, parameter: str
) -> None:
    base = {"a": Fraction(a4, 4) + Fraction(1, 7), "b": Fraction(b4, 4) + Fraction(1, 11)}
    supports = [s for s in mixed_supports(game, base) if len(s[game.players[0]]) > 1]
    assume(supports)
    try:
        cs = comparative_statics(game, support=supports[0])
    except ag.GameError:
        assume(False)  # singular for every parameter value
    h = Fraction(1, 10**6)
    lo, hi = dict(base), dict(base)
    lo[parameter] -= h
    hi[parameter] += h
    assume(cs.holds_at(lo) and cs.holds_at(hi))

    def numeric(point: dict[str, Fraction]) -> np.ndarray:
        res = ag.solve(game.at(point, exact=True), "nash", method="vertex")
        want = supports[0]
        for e in res.equilibria:
            if all(list(e.support(p)) == want[p] for p in game.players):
                return np.concatenate([*(np.asarray(x, dtype=float) for x in e.probabilities),
                                       np.asarray(e.payoffs_, dtype=float)])  # fmt: skip
        raise AssertionError(f"no equilibrium with support {want} at {point}")

    fd = (numeric(hi) - numeric(lo)) / float(2 * h)
    d = cs.derivative(parameter).at(base)
    exact = np.array(
        [float(d.strategies[p][s]) for i, p in enumerate(game.players) for s in game.strategies[i]]
        + [float(d.payoffs[p]) for p in game.players]
    )
    np.testing.assert_allclose(fd, exact, rtol=1e-5, atol=1e-8)


# -------------------------------------------------------------------------------- the API
def test_support_by_name_and_by_position_agree() -> None:
    game = chicken_rstp()
    by_name = comparative_statics(game, support={"US": ["D", "C"], "Iran": ["C", "D"]})
    by_position = comparative_statics(game, support=[["C", "D"], ["C", "D"]])
    assert by_name.strategies == by_position.strategies
    assert by_name.support == {"US": ("C", "D"), "Iran": ("C", "D")}
    assert "P(Iran plays D)" in repr(by_name)
    assert "dP(Iran plays D)/dP" in repr(by_name.derivative("P"))
    assert by_name.parameters == ("R", "S", "T", "P")


def test_a_pure_support_is_a_constant_closed_form() -> None:
    game = chicken_rstp()
    cs = comparative_statics(game, support={"US": ["D"], "Iran": ["C"]})
    assert cs.strategies["US"] == {"C": 0, "D": 1}
    T = sympy.Symbol("T", real=True)
    assert cs.payoffs["US"] == T
    assert cs.holds_at()  # D against C is an equilibrium of Chicken
    assert not cs.holds_at(R=2)  # with R > T it is not (C would answer C)


def test_a_3x3_support_with_an_outside_deviation() -> None:
    # rock-paper-scissors with a parameterised win w, and a fourth "quit" strategy worth q
    game = ag.NormalFormGame(
        [
            [[0, -1, "w", 0], ["w", 0, -1, 0], [-1, "w", 0, 0], ["q", "q", "q", "q"]],
            [[0, "w", -1, "q"], [-1, 0, "w", "q"], ["w", -1, 0, "q"], [0, 0, 0, "q"]],
        ],
        strategies=[["R", "P", "S", "Q"]] * 2,
        parameters={"w": 2, "q": -1},
    )
    cs = comparative_statics(game, point={"w": 2, "q": -1})
    assert cs.support["Player 1"] == ("R", "P", "S")
    assert cs.at().strategies["Player 1"]["R"] == Fraction(1, 3)
    w = sympy.Symbol("w", real=True)
    assert sympy.simplify(cs.payoffs["Player 1"] - (w - 1) / 3) == 0
    # quitting pays when the mixed value (w - 1)/3 falls below q
    assert cs.holds_at(w=2, q=0)
    assert not cs.holds_at(w=2, q=1)
    assert cs.valid_set("q", w=4) == sympy.Interval(-sympy.oo, 1)


def test_errors_name_the_problem() -> None:
    game = chicken_rstp()
    with pytest.raises(ag.GameError, match="supports of different sizes"):
        comparative_statics(game, support={"US": ["C", "D"], "Iran": ["D"]})
    with pytest.raises(ag.UnknownNameError, match="did you mean"):
        comparative_statics(game, support={"US": ["Cc"], "Iran": ["D"]})
    with pytest.raises(ag.GameError, match="support needs strategies for Iran"):
        comparative_statics(game, support={"US": ["C"]})
    with pytest.raises(ag.GameError, match="repeats a strategy"):
        comparative_statics(game, support={"US": ["C", "C"], "Iran": ["C", "D"]})
    with pytest.raises(ag.GameError, match="non-empty list"):
        comparative_statics(game, support={"US": [], "Iran": []})
    with pytest.raises(ag.GameError, match="must map each player"):
        comparative_statics(game, support="C")
    coordination = ag.NormalFormGame([np.eye(3).astype(int).tolist()] * 2)
    with pytest.raises(ag.GameError, match="4 mixed equilibria"):
        comparative_statics(coordination)  # three 2x2 mixes and one 3x3 mix
    with pytest.raises(ag.UnknownNameError, match="did you mean 'P'"):
        comparative_statics(game).derivative("PP")
    with pytest.raises(ag.GameError, match="two-player"):
        comparative_statics(ag.NormalFormGame(np.zeros((3, 2, 2, 2))))
    with pytest.raises(ag.GameError, match="needs a NormalFormGame"):
        comparative_statics("chicken")
    indifferent = ag.NormalFormGame(
        [[["x", "x"], ["x", "x"]], [[1, 0], [0, 1]]], parameters={"x": 0}
    )
    with pytest.raises(ag.GameError, match="singular for every parameter value"):
        comparative_statics(indifferent, support=[["1", "2"], ["1", "2"]])
    dominated = ag.NormalFormGame([[[2, 1], [3, 3]], [[1, 0], [0, 1]]])  # row 2 dominates
    with pytest.raises(ag.GameError, match="never an equilibrium"):
        comparative_statics(dominated, support=[["1", "2"], ["1", "2"]])


def test_irrational_payoffs_evaluate_in_floats() -> None:
    game = ag.NormalFormGame(
        [[[0, -1], [1, "-exp(c)"]], [[0, 1], [-1, "-exp(c)"]]],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters={"c": 1},
    )
    cs = comparative_statics(game)
    c = sympy.Symbol("c", real=True)
    assert sympy.simplify(cs.strategies["Player 1"]["Escalate"] - sympy.exp(-c)) == 0
    value = cs.at(c=1).strategies["Player 1"]["Escalate"]
    assert isinstance(value, float)
    assert value == pytest.approx(np.exp(-1.0), rel=1e-14)
    assert cs.derivative("c").at(c=0.5).strategies["Player 2"]["Escalate"] == pytest.approx(
        -np.exp(-0.5), rel=1e-14
    )
    assert cs.holds_at(c=0.5)
    assert not cs.holds_at(c=-0.5)  # exp(-c) > 1
