"""The five companion scenarios of the Russia–Iran analysis reproduce the claims their files state.

``unsc-veto``, ``china-lifeline``, ``gulf-balancing``, ``proxy-deterrence`` and ``mediation`` are
bundled scenario files (``models/*.yaml``). Each states 2–4 claims derived from its game; this
module checks every claim through the public API only: the scenario is loaded by name, solved by
exact backward induction at the defaults, its thresholds are found by
:func:`alliancegame.thresholds` (and their SymPy expressions compared with closed forms derived by
hand from the game, then used to *predict* the threshold at other parameter values), and regions
are checked with :func:`alliancegame.sweep`, :func:`alliancegame.regions` and
:func:`alliancegame.uncertainty`. The tests never re-implement the payoff formulas: the oracles are
the hand-derived closed forms, the solver and the files are what is tested.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from ruamel.yaml import YAML

import alliancegame as ag
from alliancegame.cli import main
from alliancegame.scenarios import scenario_names

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("unsc-veto", "china-lifeline", "gulf-balancing", "proxy-deterrence", "mediation")
SOURCES = ROOT.parent / "shared" / "sources"
SOURCE_FILES = {
    "brief": "russia-iran-partnership-brief.txt",
    "trt": "limits-of-alliance.txt",
    "digest": "russia-wont-fight-for-iran.txt",
}


# ------------------------------------------------------------------------------ helpers


def sym(name: str) -> sympy.Symbol:
    """A parameter as the symbolic thresholds name it."""
    return sympy.Symbol(name, real=True)


def spe(name: str, **values: Any) -> Any:
    """All pure subgame-perfect equilibria, exactly, at the defaults (overridden by ``values``)."""
    return ag.backward_induction(ag.load(name).at(exact=True, **values))


def path(eq: Any) -> list[tuple[str, str]]:
    return [(s.player, s.action) for s in eq.path]


def chosen(eq: Any, player: str, label: str) -> str:
    """The action ``eq`` takes for sure at the information set ``label``."""
    (action,) = [a for a, p in eq[player][label].items() if p == 1]
    return str(action)


def choices(sw: ag.SweepResult, label: str) -> np.ndarray:
    """Names of the actions chosen at the information set ``label``, over a sweep."""
    game = sw.game
    rows = [r for r, d in enumerate(sw.decision_nodes) if d.endswith(f" @ {label}")]
    assert len(rows) == 1, (label, sw.decision_nodes)
    actions = np.asarray(game.nodes[game.decision_nodes[rows[0]]].actions, dtype=object)
    assert sw.choices is not None
    return np.asarray(actions[sw.choices[..., rows[0]]])


def outcomes(sw: ag.SweepResult) -> np.ndarray:
    """The equilibrium-path label at every point of a sweep."""
    return np.asarray(sw.labels, dtype=object)[sw.codes]


def one(result: ag.ThresholdResult, where: str) -> ag.Threshold:
    """The single threshold found at the information set ``where``."""
    found = [t for t in result if t.where == where]
    assert len(found) == 1, result
    return found[0]


def check(
    t: ag.Threshold,
    value: Fraction,
    expected: sympy.Expr,
    player: str,
    below: str,
    above: str,
) -> None:
    """A verified symbolic threshold with this exact value, closed form and switch."""
    assert t.method == "symbolic"
    assert t.verified
    assert (t.player, t.below, t.above) == (player, below, above)
    assert sympy.simplify(t.expression - expected) == 0, t.expression
    assert t.exact_value == sympy.Rational(value.numerator, value.denominator)
    assert t.value == pytest.approx(float(value), abs=1e-12)


def at(expression: sympy.Expr, **values: Any) -> float:
    """A threshold expression evaluated at the given parameter values."""
    return float(expression.subs({sym(k): sympy.nsimplify(v) for k, v in values.items()}))


def defaults(name: str, **values: Any) -> dict[str, Any]:
    params = ag.load(name).parameters
    return {**{p.name: p.default for p in params}, **values}


def off(x: np.ndarray, *boundaries: float) -> np.ndarray:
    """Grid points not on any boundary (where the tie-break decides, not the claim)."""
    keep = np.ones(np.shape(x), dtype=bool)
    for b in boundaries:
        keep &= np.abs(np.asarray(x) - b) > 1e-9
    return keep


def probability(res: ag.UncertaintyResult, match: Callable[[str], bool]) -> float:
    return sum(p for label, (p, _, _) in res.probabilities.items() if match(label))


# ------------------------------------------------------------------------------ every file


@pytest.mark.parametrize("name", NAMES)
def test_bundled_listed_and_valid(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert name in scenario_names()
    path_ = ROOT / "models" / f"{name}.yaml"
    assert ag.validate_file(path_) == []
    assert main(["validate", str(path_)]) == 0
    assert capsys.readouterr().out.strip() == f"{path_}: ok"
    scenario = ag.load(name)
    assert scenario.name == name
    assert scenario.path == path_


@pytest.mark.parametrize("name", NAMES)
def test_small_perfect_information_tree_with_documented_parameters(name: str) -> None:
    scenario = ag.load(name)
    game = scenario.game
    assert isinstance(game, ag.ExtensiveGame)
    assert game.is_perfect_information
    assert 2 <= len(game.players) <= 3
    assert 8 <= len(game.terminals) <= 40
    for p in scenario.parameters:
        assert p.description, p.name
        assert p.unit, p.name
        assert p.default is not None, p.name
        assert p.lower is not None, p.name
    assert scenario.priors, "no prior to propagate"
    assert scenario.assumptions
    assert all(a.citations for a in scenario.assumptions)


@pytest.mark.parametrize("name", NAMES)
def test_the_file_says_the_numbers_are_illustrative(name: str) -> None:
    scenario = ag.load(name)
    assert scenario.path is not None
    text = scenario.path.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE CALIBRATION, NOT ESTIMATES" in text
    assert "Claims derived from the game" in text
    assert "illustrative calibration, not estimates" in " ".join(scenario.summary.split())


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source texts are not in this checkout")
@pytest.mark.parametrize("name", NAMES)
def test_every_quote_is_verbatim_in_its_source(name: str) -> None:
    texts = {k: " ".join((SOURCES / f).read_text("utf-8").split()) for k, f in SOURCE_FILES.items()}
    data = YAML(typ="safe", pure=True).load((ROOT / "models" / f"{name}.yaml").read_text("utf-8"))
    quotes: list[tuple[str, str]] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "source" in x and "quote" in x:
                quotes.append((x["source"], x["quote"]))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    assert len(quotes) >= 8
    for key, quote in quotes:
        assert " ".join(quote.split()) in texts[key], (key, quote)


def test_mediation_says_it_has_no_cheap_talk() -> None:
    scenario = ag.load("mediation")
    assert "without cheap talk" in " ".join(scenario.summary.split())
    assert "Kydd" in scenario.sources["kydd"].outlet


# Last movers' thresholds: their comparison involves no later decision, so the symbolic threshold
# found at the defaults must predict the choice anywhere in the parameter box. Each case draws the
# parameters of the closed form at random (seeded), sets the moving parameter just below and just
# above the predicted value, and solves the whole batch at once with a table sweep.
LAST_MOVERS = [
    # (scenario, moving parameter, fixed, information set, draws, below, above)
    (
        "proxy-deterrence",
        "a",
        {},
        "US after Iran:Proxy",
        {"V_U": (2, 10), "c_E": (0, 1), "W_U": (0, 5), "pi_P": (0, 0.2)},
        "Absorb",
        "Escalate",
    ),
    (
        "china-lifeline",
        "r",
        {"tau_C": 4},
        "Iran after US:Sanction, China:Comply",
        {"b": (0.5, 2), "x": (0, 3), "R": (6, 20)},
        "Concede",
        "Resist",
    ),
    (
        "gulf-balancing",
        "c_G",
        {},
        "Gulf after Russia:S400",
        {"H": (0.5, 2.5)},
        "Hedge",
        "Stay",
    ),
    (
        "mediation",
        "rho",
        {},
        "Iran after US:Russia, chance:doubted",
        {"x": (1, 3), "W": (10, 20), "sigma_U": (0, 0.04), "sigma_R": (0.4, 1)},
        "Resist",
        "Concede",
    ),
]


@pytest.mark.parametrize(
    ("name", "parameter", "fixed", "where", "ranges", "below", "above"),
    LAST_MOVERS,
    ids=[case[0] for case in LAST_MOVERS],
)
def test_last_movers_thresholds_hold_across_the_parameter_box(
    name: str,
    parameter: str,
    fixed: dict[str, float],
    where: str,
    ranges: dict[str, tuple[float, float]],
    below: str,
    above: str,
) -> None:
    game = ag.load(name)
    expression = one(ag.thresholds(game, parameter, fixed=fixed), where).expression
    assert {str(s) for s in expression.free_symbols} == set(ranges)
    rng = np.random.default_rng(2)
    n = 200
    draw = {k: rng.uniform(lo, hi, n) for k, (lo, hi) in ranges.items()}
    star = ag.Kernel([expression], list(draw))(draw)[:, 0]
    p = game.parameters[parameter]
    assert np.all((star > p.lower + 1e-3) & (star < p.upper - 1e-3))
    for shift, expected in ((-1e-6, below), (1e-6, above)):
        sw = ag.sweep(game, points={**draw, parameter: star + shift}, fixed=fixed)
        assert set(choices(sw, where)) == {expected}


# ============================================================================== unsc-veto

UN = "Russia after US:UN"
CHINA_VOTE = "China after US:UN, Russia:Abstain"
FALLBACK = "US after US:UN, Russia:Veto"
AUTHORISED = "US: UN → Russia: Abstain → China: Abstain"


def force_after_veto() -> sympy.Expr:
    """Expected effect of the US action after a veto: partners join with probability q(1 - d)."""
    q, d, e_W, e_A = map(sym, ("q", "d", "e_W", "e_A"))
    return e_A + q * (1 - d) * (e_W - e_A)


def test_unsc_claim1_the_us_skips_the_council_because_russia_would_veto() -> None:
    res = spe("unsc-veto")
    assert res.complete
    assert len(res) == 1
    eq = res[0]
    assert path(eq) == [("US", "Willing")]
    # partners join with probability 0.6: 0.6*1.8 + 0.4*(-2.4); Russia and China lose 0.72 V
    assert eq.payoffs == {
        "US": Fraction(3, 25),
        "Russia": Fraction(-72, 25),
        "China": Fraction(-36, 25),
    }
    assert chosen(eq, "Russia", UN) == "Veto"
    assert chosen(eq, "China", CHINA_VOTE) == "Abstain"  # Russia's veto is the pivotal one
    assert chosen(eq, "US", FALLBACK) == "Willing"


def test_unsc_claim2_russias_veto_threshold() -> None:
    game = ag.load("unsc-veto")
    res = ag.thresholds(game, "k_R", induced=False)
    assert len(res) == 1
    t = res[0]
    P_R, V_R = sym("P_R"), sym("V_R")
    expected = P_R + V_R * (1 - force_after_veto())
    check(t, Fraction(93, 50), expected, "Russia", "Veto", "Abstain")
    assert t.where == UN
    assert (t.outcome_below, t.outcome_above) == ("US: Willing", AUTHORISED)
    # The closed form predicts the threshold elsewhere: with no deterred partners (d = 0) the veto
    # is worth less to Russia, and it vetoes only below 1.62.
    other = ag.thresholds(game, "k_R", d=0)
    assert at(t.expression, **defaults("unsc-veto", d=0)) == pytest.approx(1.62)
    assert one(other, UN).value == pytest.approx(1.62, abs=1e-12)
    # China's threshold has the same form with its own stake: 0.68 < k_C = 1, so it abstains.
    china = ag.thresholds(game, "k_C")
    check(
        one(china, CHINA_VOTE),
        Fraction(17, 25),
        sym("V_C") * (1 - force_after_veto()),
        "China",
        "Veto",
        "Abstain",
    )


def test_unsc_claim3_buck_passing_and_authorisation_region() -> None:
    game = ag.load("unsc-veto")
    k_R, k_C = np.meshgrid(np.linspace(0, 4, 81), np.linspace(0, 2, 41), indexing="ij")
    sw = ag.sweep(game, k_R=k_R[:, 0], k_C=k_C[0])
    russia = choices(sw, UN)
    china_would_veto = k_C < 0.68
    vetoes = (k_R < 0.5) | (~china_would_veto & (k_R < 1.86))
    far = off(k_R, 0.5, 1.86) & off(k_C, 0.68)
    np.testing.assert_array_equal((russia == "Veto")[far], vetoes[far])
    authorised = (k_R > 1.86) & (k_C > 0.68)
    np.testing.assert_array_equal((outcomes(sw) == AUTHORISED)[far], authorised[far])
    np.testing.assert_array_equal((outcomes(sw) == "US: Willing")[far], ~authorised[far])
    # The region map of Russia's vote has exactly the two vertical boundaries k_R = 1/2 and 1.86.
    m = ag.regions(game, "k_R", "k_C", resolution=21, node=UN)
    assert {b.curve for b in m.boundaries} == {sympy.Rational(1, 2), sympy.Rational(93, 50)}


def test_unsc_claim4_a_veto_that_deters_most_partners_makes_the_us_go_alone() -> None:
    game = ag.load("unsc-veto")
    t = one(ag.thresholds(game, "d"), FALLBACK)
    B, q, delta = sym("B"), sym("q"), sym("delta")
    c_W, c_A, L_W, L_A, e_W, e_A = map(sym, ("c_W", "c_A", "L_W", "L_A", "e_W", "e_A"))
    gap = (e_W - e_A) * B - c_W - L_W + c_A + L_A  # W - A: partners' worth to the US
    check(t, Fraction(38, 63), 1 - delta / (q * (gap + delta)), "US", "Willing", "Alone")
    assert not t.on_path  # the US never asks the Council at the defaults
    # The same form at the root, without a veto: the US acts alone iff q < delta/(W - A + delta).
    root = one(ag.thresholds(game, "q"), "US at root")
    check(root, Fraction(5, 21), delta / (gap + delta), "US", "Alone", "Willing")


def test_unsc_probability_of_authorisation_under_priors() -> None:
    game = ag.load("unsc-veto")
    res = ag.uncertainty(game, 2048, rng=7, fixed={"q": 0.6, "d": 0.5})
    assert set(res.samples) == {"k_R", "k_C"}
    # k_R ~ U[0, 4], k_C ~ U[0, 2]: P(k_R > 1.86) * P(k_C > 0.68)
    expected = (4 - 1.86) / 4 * (2 - 0.68) / 2
    assert probability(res, lambda s: s == AUTHORISED) == pytest.approx(expected, abs=0.01)


# ============================================================================== china-lifeline

CHINA_SANCTIONED = "China after US:Sanction"
IRAN_CUT_OFF = "Iran after US:Sanction, China:Comply"
COERCED = "US: Sanction → China: Comply → Iran: Concede"


def test_china_claim1_sanctions_squeeze_but_do_not_coerce() -> None:
    res = spe("china-lifeline")
    assert len(res) == 1
    eq = res[0]
    assert path(eq) == [("US", "Sanction"), ("China", "Lifeline"), ("Iran", "Resist")]
    assert eq.payoffs == {"US": Fraction(11, 20), "China": Fraction(1), "Iran": Fraction(1, 4)}
    assert chosen(eq, "China", "China after US:Tolerate") == "Lifeline"
    assert chosen(eq, "Iran", IRAN_CUT_OFF) == "Concede"  # a fragile Iran, cut off, would fold


def test_china_claim2_china_cuts_iran_off_only_above_oil_plus_stake() -> None:
    game = ag.load("china-lifeline")
    O_C, d_S, S_C = sym("O_C"), sym("d_S"), sym("S_C")
    t = one(ag.thresholds(game, "tau_C"), CHINA_SANCTIONED)
    check(t, Fraction(7, 2), O_C + d_S + S_C, "China", "Lifeline", "Comply")
    assert t.outcome_above == COERCED
    # Against a resilient Iran (r = 0.8 > 0.625) the stake is not at risk: China quits at 2.5.
    resilient = one(ag.thresholds(game, "tau_C", r=0.8), CHINA_SANCTIONED)
    check(resilient, Fraction(5, 2), O_C + d_S, "China", "Lifeline", "Comply")
    assert resilient.outcome_above == "US: Sanction → China: Comply → Iran: Resist"


def test_china_claim3_resilience_threshold_and_coercion_region() -> None:
    game = ag.load("china-lifeline")
    t = one(ag.thresholds(game, "r", tau_C=4), IRAN_CUT_OFF)
    b, x, R = sym("b"), sym("x"), sym("R")
    check(t, Fraction(5, 8), 1 - (b + x) / R, "Iran", "Concede", "Resist")
    assert (t.outcome_below, t.outcome_above) == (
        COERCED,
        "US: Sanction → China: Comply → Iran: Resist",
    )
    assert at(t.expression, **defaults("china-lifeline", R=12)) == pytest.approx(0.75)
    assert one(ag.thresholds(game, "r", tau_C=4, R=12), IRAN_CUT_OFF).value == pytest.approx(0.75)
    # Over (tau_C, r): China keeps the lifeline iff tau_C < 2.5 + S_C*[r < 0.625]; sanctions
    # coerce iff tau_C > 3.5 and r < 0.625.
    tau = np.linspace(0, 5, 51)
    r = np.linspace(0, 1, 41)
    sw = ag.sweep(game, tau_C=tau, r=r)
    T, Rr = np.meshgrid(tau, r, indexing="ij")
    fragile = Rr < 0.625
    far = off(T, 2.5, 3.5) & off(Rr, 0.625)
    lifeline = np.where(fragile, T < 3.5, T < 2.5)
    np.testing.assert_array_equal((choices(sw, CHINA_SANCTIONED) == "Lifeline")[far], lifeline[far])
    np.testing.assert_array_equal((outcomes(sw) == COERCED)[far], ((T > 3.5) & fragile)[far])
    m = ag.regions(game, "tau_C", "r", resolution=21, node=CHINA_SANCTIONED)
    assert {b.curve for b in m.boundaries} == {sympy.Rational(5, 2), sympy.Rational(7, 2)}


def test_china_claim4_the_us_sanctions_only_for_the_squeeze() -> None:
    t = one(ag.thresholds(ag.load("china-lifeline"), "c_U"), "US at root")
    check(t, Fraction(1, 4), sym("a") * sym("d_S"), "US", "Sanction", "Tolerate")


def test_china_probability_of_coercion_under_priors() -> None:
    res = ag.uncertainty(ag.load("china-lifeline"), 2048, rng=3)
    assert set(res.samples) == {"tau_C", "r"}
    # tau_C ~ U[0, 5], r ~ U[0, 1]: P(tau_C > 3.5) * P(r < 0.625)
    assert res.probability(COERCED) == pytest.approx(0.3 * 0.625, abs=0.01)


# ============================================================================== gulf-balancing

RUSSIA = "Russia at root"


def test_gulf_claim1_su35_yes_s400_no() -> None:
    res = spe("gulf-balancing")
    assert len(res) == 1
    eq = res[0]
    assert path(eq) == [("Russia", "Su35"), ("Gulf", "Stay"), ("Israel", "Accept")]
    assert eq.payoffs == {
        "Russia": Fraction(7, 2),
        "Gulf": Fraction(-2, 5),
        "Israel": Fraction(-4, 5),
    }
    # what Russia avoids: the Gulf would rebalance and Israel would strike after an S-400 sale
    assert chosen(eq, "Gulf", "Gulf after Russia:S400") == "Hedge"
    assert chosen(eq, "Israel", "Israel after Russia:S400, Gulf:Hedge") == "Counter"


def test_gulf_claim2_the_s400_threshold_in_gulf_ties() -> None:
    game = ag.load("gulf-balancing")
    res = ag.thresholds(game, "G")
    assert len(res) == 1
    S, P, p_D, D_R = map(sym, ("S", "P", "p_D", "D_R"))
    check(res[0], Fraction(2), S + P * (sympy.Rational(1, 2) - p_D) - D_R, "Russia", "S400", "Su35")
    assert res[0].outcome_below == "Russia: S400 → Gulf: Hedge → Israel: Counter"
    # A surer Israeli strike (p_D = 0.75) makes the S-400 less attractive: G* = 1.75.
    assert at(res[0].expression, **defaults("gulf-balancing", p_D=0.75)) == pytest.approx(1.75)
    assert one(ag.thresholds(game, "G", p_D=0.75), RUSSIA).value == pytest.approx(1.75, abs=1e-12)


def test_gulf_claim3_the_gulf_restrains_russia_only_while_its_threat_is_credible() -> None:
    game = ag.load("gulf-balancing")
    H = sym("H")
    res = ag.thresholds(game, "c_G")
    check(one(res, "Gulf after Russia:Su35"), Fraction(2, 5), H / 5, "Gulf", "Hedge", "Stay")
    check(one(res, "Gulf after Russia:S400"), Fraction(2), H, "Gulf", "Hedge", "Stay")
    # Over (G, c_G): a Gulf that punishes any sale (c_G < 0.4) gets all or nothing (S-400 iff
    # G < 5.5); a discriminating Gulf (0.4 < c_G < 2) stops the S-400 for G > 2; a Gulf that
    # tolerates the S-400 (c_G > 2) restrains nothing.
    G_axis, c_axis = np.linspace(0, 10, 41), np.linspace(0, 3, 31)
    sw = ag.sweep(game, G=G_axis, c_G=c_axis)
    G, c = np.meshgrid(G_axis, c_axis, indexing="ij")
    expected = np.where(
        c < 0.4,
        np.where(G < 5.5, "S400", "Withhold"),
        np.where(c < 2, np.where(G < 2, "S400", "Su35"), "S400"),
    )
    far = off(G, 2, 5.5) & off(c, 0.4, 2)
    russia = choices(sw, RUSSIA)
    np.testing.assert_array_equal(russia[far], expected[far])
    assert not np.any((russia == "Su35") & (c < 0.4) & far)  # in for a penny, in for a pound
    m = ag.regions(game, "G", "c_G", resolution=21, node=RUSSIA)
    assert {b.curve for b in m.boundaries} == {sympy.Integer(2), sympy.Rational(11, 2)}


def test_gulf_probability_of_the_s400_under_priors() -> None:
    res = ag.uncertainty(ag.load("gulf-balancing"), 2048, rng=5)
    assert set(res.samples) == {"G", "c_G"}
    # G ~ U[0, 10], c_G ~ U[0, 3]: the three bands of claim 3
    expected = 0.4 / 3 * 0.55 + 1.6 / 3 * 0.2 + 1 / 3
    got = probability(res, lambda s: s.startswith("Russia: S400"))
    assert got == pytest.approx(expected, abs=0.01)


# ============================================================================== proxy-deterrence

AFTER_PROXY = "US after Iran:Proxy"
AFTER_DIRECT = "US after Iran:Direct"
PROXY = "Iran: Proxy → US: Absorb"


def test_proxy_claim1_proxies_first_and_the_us_absorbs_them() -> None:
    res = spe("proxy-deterrence")
    assert len(res) == 1
    eq = res[0]
    assert path(eq) == [("Iran", "Proxy"), ("US", "Absorb")]
    assert eq.payoffs == {"Iran": Fraction(2), "US": Fraction(-1)}
    assert chosen(eq, "US", AFTER_DIRECT) == "Escalate"
    assert chosen(eq, "US", "US after Iran:Restraint") == "Absorb"


def test_proxy_claim2_deniability_threshold() -> None:
    game = ag.load("proxy-deterrence")
    res = ag.thresholds(game, "a", induced=False)
    assert len(res) == 1
    c_E, pi_P, W_U, V_U = map(sym, ("c_E", "pi_P", "W_U", "V_U"))
    check(res[0], Fraction(9, 20), (c_E + pi_P * W_U) / V_U, "US", "Absorb", "Escalate")
    assert res[0].where == AFTER_PROXY
    assert (res[0].outcome_below, res[0].outcome_above) == (PROXY, "Iran: Restraint → US: Absorb")


def test_proxy_claim3_war_risk_restrains_the_us_and_iran_strikes_directly() -> None:
    res = ag.thresholds(ag.load("proxy-deterrence"), "pi_D", induced=False)
    assert len(res) == 1
    V_U, c_E, W_U = sym("V_U"), sym("c_E"), sym("W_U")
    check(res[0], Fraction(3, 4), (V_U - c_E) / W_U, "US", "Escalate", "Absorb")
    assert res[0].outcome_above == "Iran: Direct → US: Absorb"


def test_proxy_claim4_irans_answer_is_not_monotone_in_the_war_risk() -> None:
    game = ag.load("proxy-deterrence")
    a_axis, pi_axis = np.linspace(0, 1, 41), np.linspace(0, 1, 49)
    sw = ag.sweep(game, a=a_axis, pi_D=pi_axis)
    a, pi = np.meshgrid(a_axis, pi_axis, indexing="ij")
    expected = np.where(
        pi > 0.75,
        "Iran: Direct → US: Absorb",
        np.where(
            a < 0.45,
            PROXY,
            np.where(pi < 1 / 3, "Iran: Direct → US: Escalate", "Iran: Restraint → US: Absorb"),
        ),
    )
    far = off(a, 0.45) & off(pi, 1 / 3, 0.75)
    np.testing.assert_array_equal(outcomes(sw)[far], expected[far])
    # The boundary between direct retaliation and restraint is Iran's: (g_D - Z + R)/W_I = 1/3.
    at_high_a = ag.thresholds(game, "pi_D", a=0.8, induced=False)
    low = one(at_high_a, "Iran at root")
    g_D, Z, R, W_I = map(sym, ("g_D", "Z", "R", "W_I"))
    check(low, Fraction(1, 3), (g_D - Z + R) / W_I, "Iran", "Direct", "Restraint")


def test_proxy_outcome_probabilities_under_priors() -> None:
    res = ag.uncertainty(ag.load("proxy-deterrence"), 2048, rng=11)
    assert set(res.samples) == {"a", "pi_D"}
    # a ~ U[0, 1], pi_D ~ U[0, 1]: the four regions of claim 4
    assert res.probability(PROXY) == pytest.approx(0.45 * 0.75, abs=0.01)
    assert res.probability("Iran: Direct → US: Absorb") == pytest.approx(0.25, abs=0.01)
    assert res.probability("Iran: Direct → US: Escalate") == pytest.approx(0.55 / 3, abs=0.01)


# ============================================================================== mediation

BLIND = "Iran after US:{}, chance:doubted"
INFORMED = "Iran after US:{}, chance:believed, chance:{}"


def test_mediation_claim1_the_us_chooses_pakistan() -> None:
    res = spe("mediation")
    assert len(res) == 1
    eq = res[0]
    assert eq.path[0].action == "Pakistan"
    assert eq.payoffs == {"US": Fraction(-11, 10), "Iran": Fraction(-3, 2)}
    for mediator in ("Pakistan", "Russia"):
        assert chosen(eq, "Iran", INFORMED.format(mediator, "Resolved")) == "Concede"
        assert chosen(eq, "Iran", INFORMED.format(mediator, "Unresolved")) == "Resist"
        assert chosen(eq, "Iran", BLIND.format(mediator)) == "Resist"


def test_mediation_claim2_the_price_of_russias_credibility() -> None:
    game = ag.load("mediation")
    res = ag.thresholds(game, "l_R")
    assert len(res) == 1
    kappa_R, kappa_P, rho, y, sigma_R, W_U = map(
        sym, ("kappa_R", "kappa_P", "rho", "y", "sigma_R", "W_U")
    )
    expected = (kappa_R - kappa_P) * rho * (y + sigma_R * W_U)
    check(res[0], Fraction(21, 50), expected, "US", "Russia", "Pakistan")
    assert at(res[0].expression, **defaults("mediation", kappa_P=0.2)) == pytest.approx(0.84)
    assert one(ag.thresholds(game, "l_R", kappa_P=0.2), "US at root").value == pytest.approx(0.84)


def test_mediation_claim3_credibility_helps_the_us_only_when_iran_would_resist() -> None:
    game = ag.load("mediation")
    res = ag.thresholds(game, "rho")
    x, W, sigma_R, sigma_U = map(sym, ("x", "W", "sigma_R", "sigma_U"))
    for mediator in ("Pakistan", "Russia"):
        t = one(res, BLIND.format(mediator))
        check(
            t, Fraction(1, 4), (x / W - sigma_U) / (sigma_R - sigma_U), "Iran", "Resist", "Concede"
        )
    # Free Russian mediation: below rho* the US wants the more credible mediator, above it the
    # less credible one -- the preference between mediators flips at kappa_R = kappa_P.
    for rho, below, above in ((0.2, "Pakistan", "Russia"), (0.5, "Russia", "Pakistan")):
        t = one(ag.thresholds(game, "kappa_R", l_R=0, rho=rho), "US at root")
        assert t.value == pytest.approx(0.5, abs=1e-12)
        assert (t.below, t.above) == (below, above)
    # Over (l_R, rho): the US picks Russia iff rho < 1/4 and l_R < 2.1 rho.
    l_axis, rho_axis = np.linspace(0, 1, 41), np.linspace(0, 1, 41)
    sw = ag.sweep(game, l_R=l_axis, rho=rho_axis)
    lr, r = np.meshgrid(l_axis, rho_axis, indexing="ij")
    far = off(r, 0.25) & (np.abs(lr - 2.1 * r) > 1e-9)
    russia = choices(sw, "US at root") == "Russia"
    np.testing.assert_array_equal(russia[far], ((r < 0.25) & (lr < 2.1 * r))[far])
    m = ag.regions(game, "l_R", "rho", resolution=21)
    assert sympy.Rational(21, 10) * sym("rho") in {b.curve for b in m.boundaries}


def test_mediation_probability_of_russian_mediation_under_priors() -> None:
    res = ag.uncertainty(ag.load("mediation"), 2048, rng=13)
    assert set(res.samples) == {"kappa_R", "l_R"}
    # kappa_R, l_R ~ U[0, 1]: Russia iff l_R < 1.4 (kappa_R - 0.5), probability 0.7 * 0.5^2
    got = probability(res, lambda s: s.startswith("US: Russia"))
    assert got == pytest.approx(0.175, abs=0.01)
