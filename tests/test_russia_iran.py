"""The flagship scenario ``russia-iran`` reproduces the ten claims of its specification.

Every claim is checked through the public API only: the scenario is loaded from its YAML file,
solved by backward induction (exactly at single points, batched over grids for regions), and the
solver's choices and node values are compared with the closed-form thresholds stated in the
specification (``strike-support-retaliate.md``). The tests never re-implement the payoff formulas:
the thresholds are the independent oracle, the model file and the solver are what is tested.
Variants (a commitment game, a free effectiveness parameter) are built by editing the model's
data and loading it again with :func:`alliancegame.scenarios.loads`.
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from ruamel.yaml import YAML

import alliancegame as ag
from alliancegame.scenarios import loads

PLAYERS = ("US", "Russia", "China", "Iran")


@pytest.fixture(scope="module")
def scenario() -> ag.Scenario:
    return ag.load("russia-iran")


@pytest.fixture(scope="module")
def game(scenario: ag.Scenario) -> Any:
    return scenario.game


# ------------------------------------------------------------------------------ helpers


def node(game: Any, *steps: tuple[str, str]) -> int:
    """The pre-order index of the node reached by the given (mover, action) steps."""
    for k in range(len(game.nodes)):
        if game.history(k) == tuple(steps):
            return k
    raise AssertionError(f"no node after {steps}")


def flat_index(game: Any, k: int) -> int:
    flat = game.flat()
    return int(np.flatnonzero(np.asarray(flat.node_id) == k)[0])


def chosen(res: Any, game: Any, *steps: tuple[str, str]) -> np.ndarray:
    """Names of the actions chosen, over the batch, at the decision node after ``steps``."""
    k = node(game, *steps)
    f = flat_index(game, k)
    row = int(game.flat().row[f])
    actions = np.asarray(game.nodes[k].actions, dtype=object)
    return actions[res.choice[..., row]]


def value(res: Any, game: Any, player: str, *steps: tuple[str, str]) -> np.ndarray:
    """A player's value, over the batch, of the subgame after ``steps``."""
    f = flat_index(game, node(game, *steps))
    return np.asarray(res.values[..., f, PLAYERS.index(player)])


def exact_spe(game: Any, **values: Any) -> Any:
    return ag.backward_induction(game.at(exact=True, **values))


def actions_at(result: Any, player: str, label: str) -> set[str]:
    """The actions some pure SPE of ``result`` takes at the information set ``label``."""
    out = set()
    for eq in result:
        probs = eq[player][label]
        out.update(a for a, p in probs.items() if p == 1)
    return out


def variant(edit: Any) -> ag.Scenario:
    """The scenario with its data edited by ``edit(data)``, reloaded from YAML text."""
    scenario = ag.load("russia-iran")
    assert scenario.path is not None
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(scenario.path.read_text(encoding="utf-8"))
    edit(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return loads(buf.getvalue(), name="russia-iran-variant.yaml")


def moves(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m.get("player") or m["chance"]: m for m in data["game"]["tree"]["moves"]}


STRIKE = ("US", "Strike")
CAMPAIGN = ("US", "Campaign")
GRID = np.arange(0, 51) / 5  # 0, 0.2, ..., 10 (about 15 kB of node values per grid point)


def off(x: np.ndarray, boundary: np.ndarray) -> np.ndarray:
    """Grid points not on a boundary (where the solver's tie-break decides, not the claim)."""
    return np.asarray(np.abs(x - boundary) > 1e-9)


# ------------------------------------------------------------------------------ the file itself


def test_the_file_says_the_numbers_are_illustrative(scenario: ag.Scenario) -> None:
    assert scenario.path is not None
    text = scenario.path.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE CALIBRATION, NOT ESTIMATES" in text
    assert "not estimates" in " ".join(scenario.summary.split())


def test_every_swept_parameter_has_meaning_unit_range_and_a_source(scenario: ag.Scenario) -> None:
    spec_ranges = {
        "u": (0, 10),
        "G": (0, 10),
        "pi_N": (0, 0.2),
        "K_R": (0, 8),
        "V_C": (20, 40),
        "E": (0, 6),
        "B_C": (12, 25),
    }
    for name, (lo, hi) in spec_ranges.items():
        p = scenario.parameters[name]
        assert (p.lower, p.upper) == (lo, hi), name
        assert p.description, name
        assert p.unit, name
    for name in ("u", "G", "pi_N", "K_R", "E"):
        assert scenario.citations[name], f"{name} cites no source"
    assert set(scenario.priors) == {"u", "G", "pi_N"}
    assert all(isinstance(d, ag.Uniform) for d in scenario.priors.values())


def test_defaults_match_the_specification(scenario: ag.Scenario) -> None:
    spec = {
        "u": 6,
        "G": 5,
        "pi_N": 0.05,
        "N_R": 100,
        "N_U": 100,
        "N_I": 20,
        "K_R": 4,
        "K_U": 6,
        "V_S": 4,
        "V_C": 30,
        "P": 0.5,
        "E": 3,
        "O": 1,
        "B_S": 6,
        "B_C": 12,
        "c_S": 1,
        "c_C": 5,
        "T": 2,
        "lam": 0.3,
        "W_U": 5,
        "D_S": 5,
        "D_C": 15,
        "Z_S": 6,
        "Z_C": 3,
        "A_I": 1,
        "omega": 1,
        "kappa": 0.5,
        "O_C": 2,
        "tau_C": 0.5,
        "M_C": 20,
    }
    assert {p.name: p.default for p in scenario.parameters} == spec


def test_the_tree_has_the_specified_shape(game: Any) -> None:
    # Hold ends; each of Strike/Campaign: 5 supports x 3 China x 3 Iran x 2 counter draws,
    # and a nuclear draw only after X: 2 * (4*3*3*2 + 1*3*3*2*2) + 1 terminals.
    assert game.players == PLAYERS
    assert game.is_perfect_information
    assert len(game.terminals) == 2 * (4 * 3 * 3 * 2 + 3 * 3 * 2 * 2) + 1
    k = node(game, STRIKE)
    assert game.nodes[k].actions == ("D", "V", "I", "A", "X")


# ------------------------------------------------------------------------------ claim 1


def test_claim1_no_combat_for_iran(game: Any) -> None:
    res = exact_spe(game)
    assert res.complete
    assert len(res) == 1
    eq = res[0]
    assert [(s.player, s.action) for s in eq.path] == [
        ("US", "Strike"),
        ("Russia", "I"),
        ("China", "Lifeline"),
        ("Iran", "Proxy"),
    ]
    assert eq.payoffs == {
        "US": Fraction("2.3"),
        "Russia": Fraction("-2.97"),
        "China": Fraction("1.5"),
        "Iran": Fraction("-2.26"),
    }
    assert eq["Russia"]["Russia after US:Strike"]["I"] == 1
    assert eq["Russia"]["Russia after US:Campaign"]["A"] == 1
    assert all(probs["X"] == 0 for probs in eq["Russia"].values())


def test_claim1_float_and_exact_agree(game: Any) -> None:
    flt = ag.solve(game.at(), "spe")[0]
    ex = exact_spe(game)[0]
    for p in PLAYERS:
        assert math.isclose(float(flt.payoffs[p]), float(ex.payoffs[p]), abs_tol=1e-12)


# ------------------------------------------------------------------------------ claim 2


@pytest.mark.parametrize(
    ("u_axis", "G_axis"),
    [(GRID, GRID), (np.arange(0, 81) / 20, np.arange(0, 41) / 20)],
    ids=["whole-square", "fine-corner"],
)
def test_claim2_material_informational_political_support_only(
    game: Any, u_axis: np.ndarray, G_axis: np.ndarray
) -> None:
    u, G = np.meshgrid(u_axis, G_axis, indexing="ij")
    res = ag.backward_induction_batch(game, u=u, G=G)
    choice = chosen(res, game, STRIKE)
    corner = 0.18 * u + 0.45 * G < 0.6  # 6u + 15G = 20 has no point on these grids
    assert set(np.unique(choice)) == {"I", "A"}
    np.testing.assert_array_equal(choice == "A", corner)
    assert corner.any()
    assert not corner.all()


# ------------------------------------------------------------------------------ claim 3


def test_claim3_the_s400_is_withheld_because_of_the_gulf(game: Any) -> None:
    u, G = np.meshgrid(GRID, GRID, indexing="ij")
    res = ag.backward_induction_batch(game, u=u, G=G)
    a = value(res, game, "Russia", CAMPAIGN, ("Russia", "A"))
    i = value(res, game, "Russia", CAMPAIGN, ("Russia", "I"))
    boundary = (4.05 - 0.18 * u) / 0.45
    far = off(G, boundary)  # e.g. u = 5, G = 7 lies on it
    np.testing.assert_array_equal((a > i)[far], (boundary > G)[far])
    assert (a > i).any()
    assert not (a > i).all()


def test_claim3_threshold_at_u6_is_exact(game: Any) -> None:
    # At u = 6 the threshold is G = 6.6: A and I tie exactly there.
    at = Fraction(33, 5)
    res = ag.backward_induction_batch(game, u=6.0, G=np.array([float(at) - 1e-6, float(at) + 1e-6]))
    a = value(res, game, "Russia", CAMPAIGN, ("Russia", "A"))
    i = value(res, game, "Russia", CAMPAIGN, ("Russia", "I"))
    assert a[0] > i[0]
    assert a[1] < i[1]
    tied = exact_spe(game, u=6, G=at)
    assert actions_at(tied, "Russia", "Russia after US:Campaign") == {"I", "A"}


# ------------------------------------------------------------------------------ claim 4


def test_claim4_russia_never_fights_over_limited_strikes(game: Any) -> None:
    u, G, pi = np.meshgrid(
        np.linspace(0, 40, 21), np.linspace(0, 40, 21), np.linspace(0, 1, 11), indexing="ij"
    )
    res = ag.backward_induction_batch(game, u=u, G=G, pi_N=pi)
    x = value(res, game, "Russia", STRIKE, ("Russia", "X"))
    i = value(res, game, "Russia", STRIKE, ("Russia", "I"))
    assert np.all(x < i)
    assert not np.any(chosen(res, game, STRIKE) == "X")


# ------------------------------------------------------------------------------ claims 5 and 6


@pytest.fixture(scope="module")
def campaign_grid(game: Any) -> tuple[np.ndarray, ...]:
    u, G, pi = np.meshgrid(np.arange(0, 81) / 8, GRID[::5], np.arange(0, 11) / 50, indexing="ij")
    res = ag.backward_induction_batch(game, u=u, G=G, pi_N=pi)
    return u, G, pi, chosen(res, game, CAMPAIGN)


def test_claim5_the_ukraine_threshold(campaign_grid: tuple[np.ndarray, ...]) -> None:
    # The claim compares intervening (X) with arming (A), Russia's best alternative wherever
    # A beats I, i.e. G < (4.05 - 0.18u)/0.45 (claim 3) -- which includes the defaults.
    u, G, pi, choice = campaign_grid
    intervene = choice == "X"
    boundary = (9.5 - 0.5 * G - 96 * pi) / 0.8
    arming_is_the_alternative = (4.05 - 0.18 * u) / 0.45 > G
    where = off(u, boundary) & arming_is_the_alternative
    np.testing.assert_array_equal(intervene[where], (u < boundary)[where])
    assert intervene[where].any()
    assert not intervene[where].all()


def test_claim5_where_the_gulf_makes_i_the_alternative(
    campaign_grid: tuple[np.ndarray, ...],
) -> None:
    # Where I beats A (high G), Russia compares X with I instead, and the threshold is
    # u < (13.55 - 0.95G - 96 pi_N)/0.98 (derived by hand from the specification's payoffs:
    # Russia gets -10.9 - u - G - 96 pi_N from X and -24.45 - 0.02u - 0.05G from I after a
    # Campaign, Iran escalating in both). The two thresholds agree on the line where A and I
    # tie, so over the whole square Russia intervenes iff u is below both.
    u, G, pi, choice = campaign_grid
    intervene = choice == "X"
    vs_a = (9.5 - 0.5 * G - 96 * pi) / 0.8
    vs_i = (13.55 - 0.95 * G - 96 * pi) / 0.98
    where = off(u, vs_a) & off(u, vs_i)
    np.testing.assert_array_equal(intervene[where], ((u < vs_a) & (u < vs_i))[where])
    # The specification's formula alone over-predicts intervention in that corner:
    spec_only = (u < vs_a) & ~intervene & where
    assert spec_only.any()
    assert np.all(G[spec_only] > (4.05 - 0.18 * u[spec_only]) / 0.45)


def test_claim5_threshold_at_the_defaults_is_2_75(game: Any) -> None:
    tied = exact_spe(game, u=Fraction(11, 4))
    assert "X" in actions_at(tied, "Russia", "Russia after US:Campaign")
    assert len(actions_at(tied, "Russia", "Russia after US:Campaign")) == 2
    below = exact_spe(game, u=Fraction(11, 4) - Fraction(1, 1000))
    above = exact_spe(game, u=Fraction(11, 4) + Fraction(1, 1000))
    assert actions_at(below, "Russia", "Russia after US:Campaign") == {"X"}
    assert "X" not in actions_at(above, "Russia", "Russia after US:Campaign")


def test_claim6_nuclear_risk_deters_even_without_ukraine_and_gulf(game: Any) -> None:
    pi = np.linspace(0, 0.2, 401)
    res = ag.backward_induction_batch(game, u=0.0, G=0.0, pi_N=pi)
    intervene = chosen(res, game, CAMPAIGN) == "X"
    far = off(pi, np.full_like(pi, 9.5 / 96))
    np.testing.assert_array_equal(intervene[far], (pi < 9.5 / 96)[far])
    tied = exact_spe(game, u=0, G=0, pi_N=Fraction(19, 192))
    assert "X" in actions_at(tied, "Russia", "Russia after US:Campaign")
    assert len(actions_at(tied, "Russia", "Russia after US:Campaign")) == 2


# ------------------------------------------------------------------------------ claim 7


def test_claim7_the_threat_of_intervention_is_not_credible(game: Any) -> None:
    def commit_to_x(data: dict[str, Any]) -> None:
        russia = moves(data)["Russia"]
        russia["actions"] = {"X": russia["actions"]["X"]}
        data["definitions"]["veto"] = "1"  # X is above D: the veto comes with it

    committed = variant(commit_to_x).game
    res = exact_spe(committed)
    assert [(s.player, s.action) for s in res[0].path] == [("US", "Hold")]
    hold = ag.backward_induction_batch(committed)
    strike = value(hold, committed, "US", STRIKE)
    assert strike[()] < -2  # striking into a committed Russia is worse than holding (-T)
    # ... but without commitment X is not subgame-perfect, and the US strikes.
    free = exact_spe(game)[0]
    assert free["Russia"]["Russia after US:Strike"]["X"] == 0
    assert free.path[0].action == "Strike"


# ------------------------------------------------------------------------------ claim 8


def test_claim8_proxies_first_strong_backing_emboldens_iran() -> None:
    # Make the effectiveness of Russia's "A" support a free parameter and sweep it.
    def free_e(data: dict[str, Any]) -> None:
        data["parameters"]["e_A"] = {
            "meaning": "effectiveness of A",
            "default": 0.3,
            "range": [0, 1],
        }
        moves(data)["Russia"]["actions"]["A"][0] = "e_A"

    game = variant(free_e).game
    e = np.arange(0, 1001) / 1000
    res = ag.backward_induction_batch(game, e_A=e)
    after = (STRIKE, ("Russia", "A"))
    with_lifeline = chosen(res, game, *after, ("China", "Lifeline"))
    without = chosen(res, game, *after, ("China", "Withdraw"))
    for choice, threshold in ((with_lifeline, 0.375), (without, 7 / 12)):
        far = off(e, np.full_like(e, threshold))
        np.testing.assert_array_equal((choice == "Esc")[far], (e > threshold)[far])
        assert set(np.unique(choice[far & (e < threshold)])) == {"Proxy"}
    for e_tie, china in ((Fraction(3, 8), "Lifeline"), (Fraction(7, 12), "Withdraw")):
        tied = exact_spe(game, e_A=e_tie)
        label = f"Iran after US:Strike, Russia:A, China:{china}"
        assert actions_at(tied, "Iran", label) == {"Proxy", "Esc"}


def test_claim8_at_the_calibrated_supports(game: Any) -> None:
    # e = 0, 0.05, 0.15, 0.3 stay below 0.375; only X (e = 0.8) tips Iran into escalation.
    eq = exact_spe(game)[0]
    for sigma in ("D", "V", "I", "A", "X"):
        for china in ("Lifeline", "Withdraw"):
            label = f"Iran after US:Strike, Russia:{sigma}, China:{china}"
            expected = "Esc" if sigma == "X" else "Proxy"
            assert eq["Iran"][label][expected] == 1, label


# ------------------------------------------------------------------------------ claim 9


def test_claim9_china_buys_oil_but_does_not_intervene(game: Any) -> None:
    levels = np.arange(0, 21) / 2 + 0.1  # 0.1, 0.6, ..., 10.1
    O_C, tau, M_C = np.meshgrid(levels, levels[::2], levels[::4], indexing="ij")
    res = ag.backward_induction_batch(game, O_C=O_C, tau_C=tau, M_C=M_C)
    dominant = (tau < O_C) & (tau < M_C)
    far = (np.abs(O_C - tau) > 1e-9) & (np.abs(M_C - tau) > 1e-9)
    for sigma in ("D", "I", "X"):
        for us in (STRIKE, CAMPAIGN):
            choice = chosen(res, game, us, ("Russia", sigma))
            np.testing.assert_array_equal((choice == "Lifeline")[far], dominant[far])
    assert dominant.any()
    assert not dominant[far].all()


# ------------------------------------------------------------------------------ claim 10


def test_claim10_hold_versus_strike(game: Any) -> None:
    b = np.linspace(0, 12, 1201)
    res = ag.backward_induction_batch(game, B_S=b)
    us = chosen(res, game)
    far = off(b, np.full_like(b, 0.8 / 0.85))
    np.testing.assert_array_equal((us == "Strike")[far], (b > 0.8 / 0.85)[far])
    assert set(np.unique(us)) == {"Hold", "Strike"}
    tied = exact_spe(game, B_S=Fraction(16, 17))
    assert {eq.path[0].action for eq in tied} == {"Hold", "Strike"}


# ------------------------------------------------------------------------------ exact thresholds

THRESHOLDS = [
    # (claim, parameter, other values, exact value, information set, below, above, the spec's
    #  closed form in the parameters it names; the rest at their defaults)
    ("3", "G", {"u": 6}, Fraction(33, 5), "Russia after US:Campaign", "A", "I",
     "(4.05 - 0.18*u)/0.45"),
    ("5", "u", {}, Fraction(11, 4), "Russia after US:Campaign", "X", "A",
     "(9.5 - 0.5*G - 96*pi_N)/0.8"),
    ("6", "pi_N", {"u": 0, "G": 0}, Fraction(19, 192), "Russia after US:Campaign", "X", "A",
     "(9.5 - 0.5*G - 0.8*u)/96"),
    ("10", "B_S", {}, Fraction(16, 17), "US at root", "Hold", "Strike", "0.8/0.85"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("parameter", "fixed", "value", "where", "below", "above", "closed_form"),
    [t[1:] for t in THRESHOLDS],
    ids=[f"claim{t[0]}-{t[1]}" for t in THRESHOLDS],
)
def test_thresholds_are_exact_and_symbolic(
    scenario: ag.Scenario,
    parameter: str,
    fixed: dict[str, Any],
    value: Fraction,
    where: str,
    below: str,
    above: str,
    closed_form: str,
) -> None:
    result = ag.thresholds(scenario.game, parameter, resolution=101, **fixed)
    (t,) = [t for t in result if t.where == where and (t.below, t.above) == (below, above)]
    assert t.exact_value == value
    assert t.method == "symbolic"
    # The symbolic threshold, with the parameters the specification does not name at their
    # defaults, is the specification's closed form.
    spec = ag.parse_expression(closed_form, scenario.parameters.names)
    named = {s.name for s in spec.free_symbols}
    defaults = {
        p.symbol: ag.parse_expression(str(p.exact_default()), ())
        for p in scenario.parameters
        if p.name not in named and p.name != parameter
    }
    assert (t.expression.xreplace(defaults) - spec).simplify() == 0
