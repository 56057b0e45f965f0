"""Sweeps, thresholds and value of information on game trees (including the flagship)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import sympy

import alliancegame as ag


def toy() -> ag.ExtensiveGame:
    """US strikes or campaigns; after a campaign Russia intervenes (X) iff u < 1."""
    return ag.ExtensiveGame(
        ["US", "Russia"],
        ag.decision(
            "US",
            {
                "Strike": ag.terminal(US=1, Russia=0),
                "Campaign": ag.decision(
                    "Russia",
                    {"X": ag.terminal(US=-2, Russia="1 - u"), "A": ag.terminal(US=3, Russia=0)},
                ),
            },
        ),
        parameters=[ag.Parameter("u", 1.5, 0, 2, prior=ag.Uniform(0, 2))],
        title="toy",
    )


def test_tree_sweep_matches_backward_induction_point_by_point() -> None:
    game = toy()
    grid = np.linspace(0, 2, 41)
    sw = ag.sweep(game, u=grid)
    for i, u in enumerate(grid):
        (eq,) = ag.backward_induction(game.at(u=float(u))).equilibria if u != 1 else (None,)
        if eq is None:
            continue
        path = " → ".join(f"{s.player}: {s.action}" for s in eq.path)
        assert sw.outcome(int(sw.codes[i])) == path
        np.testing.assert_allclose(sw.payoffs[i], [float(v) for v in eq.payoffs_])
    assert sw.label_at(u=0.5) == "US: Strike"
    assert sw.label_at(u=1.5) == "US: Campaign → Russia: A"
    assert sw.choices is not None
    assert sw.decision_nodes == ("US @ US at root", "Russia @ Russia after US:Campaign")


def test_tree_sweep_in_a_process_pool_is_identical() -> None:
    game = ag.load("russia-iran").game
    u = np.linspace(0, 10, 21)
    G = np.linspace(0, 10, 11)
    serial = ag.sweep(game, u=u, G=G)
    with ProcessPoolExecutor(max_workers=2) as ex:
        parallel = ag.sweep(game, u=u, G=G, executor=ex, chunk_size=40)
    assert serial.labels == parallel.labels
    np.testing.assert_array_equal(serial.codes, parallel.codes)
    np.testing.assert_array_equal(serial.choices, parallel.choices)


def test_toy_threshold_and_its_expression() -> None:
    res = ag.thresholds(toy(), "u")
    by_player = {t.player: t for t in res}
    assert len(res) == 2
    # The US switches too, because Russia does: an induced switch at the same value.
    assert by_player["US"].method == "induced by Russia at Russia after US:Campaign"
    assert (by_player["US"].below, by_player["US"].above) == ("Strike", "Campaign")
    t = by_player["Russia"]
    assert t.value == 1.0
    assert (t.player, t.below, t.above) == ("Russia", "X", "A")
    assert t.verified
    assert t.expression == 1
    assert t.outcome_below == "US: Strike"
    assert t.outcome_above == "US: Campaign → Russia: A"


def test_flagship_thresholds_come_out_exactly_and_symbolically() -> None:
    """Claims 3, 5 and 6 of the Strike–Support–Retaliate specification."""
    game = ag.load("russia-iran").game
    u, G, pi_N = sympy.symbols("u G pi_N", real=True)
    # Claim 5: after a Campaign Russia intervenes iff u < (9.5 - 0.5 G - 96 pi_N)/0.8.
    res_u = ag.thresholds(game, "u")
    x_to_a = [t for t in res_u if (t.below, t.above) == ("X", "A")]
    assert len(x_to_a) == 1
    t = x_to_a[0]
    assert t.value == pytest.approx(2.75, abs=1e-12)
    assert t.exact_value == sympy.Rational(11, 4)
    assert t.method == "symbolic"
    assert t.verified
    assert not t.on_path  # the US strikes, so the campaign node is off the path
    expected = (sympy.Rational(19, 2) - G / 2 - 96 * pi_N) / sympy.Rational(4, 5)
    assert sympy.simplify(t.expression_in("G", "pi_N") - expected) == 0
    # Claim 3: after a Campaign, A beats I iff G < (4.05 - 0.18 u)/0.45 (6.6 at u = 6).
    res_g = ag.thresholds(game, "G")
    (tg,) = [t for t in res_g if (t.below, t.above) == ("A", "I")]
    assert tg.exact_value == sympy.Rational(33, 5)
    expected_g = (sympy.Rational(81, 20) - sympy.Rational(9, 50) * u) / sympy.Rational(9, 20)
    assert sympy.simplify(tg.expression_in("u") - expected_g) == 0
    # Claim 6: even at u = G = 0, intervention needs pi_N < 9.5/96.
    res_p = ag.thresholds(game, "pi_N", fixed={"u": 0, "G": 0})
    (tp,) = [t for t in res_p if (t.below, t.above) == ("X", "A")]
    assert tp.exact_value == sympy.Rational(19, 192)


def test_value_of_information_on_the_toy_tree() -> None:
    # Blind, the US strikes (1 > 0.5); informed it campaigns when u > 1 (3): 0.5*1 + 0.5*3 = 2.
    voi = ag.value_of_information(toy(), "u", n=4096, rng=0)
    assert voi.player == "US"
    assert voi.uninformed_action == "Strike"
    assert voi.uninformed == pytest.approx(1.0)
    assert voi.informed == pytest.approx(2.0, abs=2e-3)
    assert voi.value == pytest.approx(1.0, abs=2e-3)
    assert voi.action_values["Campaign"] == pytest.approx(0.5, abs=3e-3)
    assert voi.informed_choices["Campaign"] == pytest.approx(0.5, abs=2e-3)


def test_value_of_information_errors() -> None:
    with pytest.raises(ag.GameError, match="first mover"):
        ag.value_of_information(toy(), "u", player="Russia")
    with pytest.raises(ag.UnknownNameError):
        ag.value_of_information(toy(), "uu")
    with pytest.raises(ag.GameError, match="power of two"):
        ag.value_of_information(toy(), "u", n=1000)


def test_a_switch_induced_by_a_later_players_switch_is_reported() -> None:
    """A has no indifference of its own: it switches because B switches at r = 1/2."""
    game = ag.ExtensiveGame(
        ["A", "B"],
        ag.decision(
            "A",
            {
                "L": ag.terminal(A=1, B=0),
                "R": ag.decision("B", {"b1": ag.terminal(A=2, B="r"), "b2": ag.terminal(0, 0.5)}),
            },
        ),
        parameters=[ag.Parameter("r", 0, 0, 1)],
    )
    res = ag.thresholds(game, "r")
    by_player = {t.player: t for t in res}
    assert set(by_player) == {"A", "B"}
    a, b = by_player["A"], by_player["B"]
    assert (b.below, b.above, b.method) == ("b2", "b1", "symbolic")
    assert (a.below, a.above) == ("L", "R")
    assert a.method == "induced by B at B after A:R"
    assert a.value == b.value == 0.5
    assert a.verified
