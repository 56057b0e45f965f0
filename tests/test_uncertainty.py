"""Uncertainty analysis: priors, outcome probabilities, Sobol' indices (validated on functions
with known indices), tornado diagrams."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import alliancegame as ag


def crisis() -> ag.NormalFormGame:
    """Chicken whose cost of war P decides whether mutual escalation is an equilibrium (P < 1)."""
    return ag.NormalFormGame(
        [[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters=[ag.Parameter("P", 2, 0, 4, prior=ag.Uniform(0, 4))],
    )


MUTUAL = "US: Escalate, Iran: Escalate"


# --------------------------------------------------------------------------- distributions
@pytest.mark.parametrize(
    ("dist", "frozen"),
    [
        (ag.Uniform(-1, 3), stats.uniform(-1, 4)),
        (ag.Normal(2, 0.5), stats.norm(2, 0.5)),
        (ag.Beta(2, 5), stats.beta(2, 5)),
        (ag.Beta(2, 5, 1, 3), stats.beta(2, 5, loc=1, scale=2)),
        (ag.Triangular(4, 6, 9), stats.triang(2 / 5, loc=4, scale=5)),
    ],
)
def test_ppf_and_mean_match_scipy(dist: ag.Distribution, frozen: object) -> None:
    q = np.linspace(0.01, 0.99, 17)
    np.testing.assert_allclose(dist.ppf(q), frozen.ppf(q), rtol=1e-12)  # type: ignore[attr-defined]
    assert math.isclose(dist.mean, frozen.mean(), rel_tol=1e-12)  # type: ignore[attr-defined]


def test_discrete_distribution_sampling_frequencies() -> None:
    d = ag.Discrete([9, 2, 6], [0.25, 0.25, 0.5])
    x = d.sample(20000, rng=3)
    freq = {v: float(np.mean(x == v)) for v in (2.0, 6.0, 9.0)}
    assert abs(freq[6.0] - 0.5) < 0.02
    assert abs(freq[2.0] - 0.25) < 0.02
    assert d.mean == pytest.approx(0.25 * 9 + 0.25 * 2 + 0.5 * 6)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: ag.Uniform(1, 1), "low"),
        (lambda: ag.Normal(0, 0), "sigma must be positive"),
        (lambda: ag.Beta(-1, 2), "a must be positive"),
        (lambda: ag.Triangular(0, 5, 3), "low <= mode <= high"),
        (lambda: ag.Discrete([1, 1]), "distinct"),
        (lambda: ag.Discrete([1, 2], [0.2, 0.2]), "sum to 1"),
        (lambda: ag.Uniform(0, float("inf")), "finite"),
        (lambda: ag.Parameter("u", 5, 0, 10, prior=ag.Normal(5, 1)), "outside the parameter"),
        (lambda: ag.Parameter("u", 5, 0, 10, prior=ag.Uniform(0, 11)), "outside the parameter"),
    ],
)
def test_invalid_distributions_name_the_argument(make: object, match: str) -> None:
    with pytest.raises(ag.GameError, match=match):
        make()  # type: ignore[operator]


# --------------------------------------------------------------------------- outcome probabilities
@pytest.mark.parametrize("method", ["mc", "qmc"])
def test_outcome_probability_matches_the_exact_value(method: str) -> None:
    # P ~ U(0, 4); mutual escalation is an equilibrium iff P < 1 (or = 1): probability 1/4.
    res = ag.uncertainty(crisis(), 4096, rng=7, method=method)
    p, lo, hi = res.probabilities[MUTUAL]
    assert lo <= 0.25 <= hi
    assert abs(p - 0.25) < 0.03
    assert math.isclose(sum(v[0] for v in res.probabilities.values()), 1.0)


def test_seeded_runs_are_reproducible_and_qmc_rounds_to_a_power_of_two() -> None:
    a = ag.uncertainty(crisis(), 1000, rng=11)
    b = ag.uncertainty(crisis(), 1000, rng=11)
    assert a.n == 1024
    np.testing.assert_array_equal(a.samples["P"], b.samples["P"])
    assert a.probabilities == b.probabilities


@given(st.integers(0, 2**31 - 1))
def test_samples_respect_the_prior_support(seed: int) -> None:
    res = ag.uncertainty(crisis(), 64, rng=seed, method="mc")
    assert np.all((res.samples["P"] >= 0) & (res.samples["P"] <= 4))


def test_wilson_intervals_cover_the_truth_at_about_the_nominal_rate() -> None:
    hits = 0
    runs = 60
    for seed in range(runs):
        res = ag.uncertainty(crisis(), 200, rng=seed, method="mc", confidence=0.9)
        _, lo, hi = res.probabilities.get(MUTUAL, (0.0, 0.0, 0.0))
        hits += lo <= 0.25 <= hi
    assert hits / runs >= 0.8


def test_priors_argument_and_fixed_parameters() -> None:
    game = crisis()
    res = ag.uncertainty(game, 256, rng=0, priors={"P": ag.Uniform(0, 0.5)})
    assert res.probability(MUTUAL) == 1.0
    with pytest.raises(ag.GameError, match="no parameter has a prior"):
        ag.uncertainty(game, 256, fixed={"P": 1.0})
    with pytest.raises(ag.UnknownNameError):
        ag.uncertainty(game, 256, priors={"Q": ag.Uniform(0, 1)})
    with pytest.raises(ag.GameError, match="n must be"):
        ag.uncertainty(game, 1)


# --------------------------------------------------------------------------- Sobol' indices
def test_sobol_indices_of_the_ishigami_function() -> None:
    a, b = 7.0, 0.1

    def ishigami(v: dict[str, np.ndarray]) -> np.ndarray:
        return np.sin(v["x1"]) + a * np.sin(v["x2"]) ** 2 + b * v["x3"] ** 4 * np.sin(v["x1"])

    priors = {k: ag.Uniform(-math.pi, math.pi) for k in ("x1", "x2", "x3")}
    res = ag.sobol_indices(ishigami, priors, 2**14, rng=1)
    # Analytic values (Ishigami & Homma 1990; Sobol' & Levitan 1999).
    var = a**2 / 8 + b * math.pi**4 / 5 + b**2 * math.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    expected_s1 = [v1 / var, v2 / var, 0.0]
    expected_st = [(v1 + v13) / var, v2 / var, v13 / var]
    np.testing.assert_allclose(res.first_order, expected_s1, atol=0.03)
    np.testing.assert_allclose(res.total, expected_st, atol=0.03)


def sobol_g_game(a: list[float]) -> ag.NormalFormGame:
    """A one-player, one-strategy 'game' whose payoff is the Sobol' G function of x1..xk."""
    terms = [f"(abs(4*x{i + 1} - 2) + {ai})/(1 + {ai})" for i, ai in enumerate(a)]
    params = [ag.Parameter(f"x{i + 1}", 0.5, 0, 1, prior=ag.Uniform(0, 1)) for i in range(len(a))]
    return ag.NormalFormGame([[" * ".join(terms)]], players=["G"], parameters=params)


def test_sobol_of_a_game_quantity_reproduces_the_g_function_indices() -> None:
    a = [0.0, 1.0, 4.5, 9.0]
    vi = [1 / (3 * (1 + ai) ** 2) for ai in a]
    total_var = math.prod(1 + v for v in vi) - 1
    expected_s1 = [v / total_var for v in vi]
    expected_st = [
        v * math.prod(1 + w for j, w in enumerate(vi) if j != i) / total_var
        for i, v in enumerate(vi)
    ]
    res = ag.sobol(sobol_g_game(a), ag.equilibrium_payoff("G"), 2**13, rng=2)
    assert res.names == ("x1", "x2", "x3", "x4")
    np.testing.assert_allclose(res.first_order, expected_s1, atol=0.03)
    np.testing.assert_allclose(res.total, expected_st, atol=0.03)


def test_sobol_rejects_bad_sample_sizes_and_non_unique_quantities() -> None:
    with pytest.raises(ag.GameError, match="power of two"):
        ag.sobol(crisis(), ag.equilibrium_payoff("US"), 1000)
    # With two pure equilibria at most points, the equilibrium payoff is undefined (NaN).
    with pytest.raises(ag.GameError, match="not finite"):
        ag.sobol(crisis(), ag.equilibrium_payoff("US"), 256, rng=0)


# --------------------------------------------------------------------------- tornado
def test_tornado_ranks_by_swing_and_uses_priors_then_bounds() -> None:
    game = ag.NormalFormGame(
        [["3*a - b + 0*c"]],
        players=["P"],
        parameters=[
            ag.Parameter("a", 1, 0, 2),
            ag.Parameter("b", 1, 0, 10, prior=ag.Uniform(0, 10)),
            ag.Parameter("c", 1),
        ],
    )
    t = ag.tornado(game, ag.equilibrium_payoff("P"))
    assert [bar.parameter for bar in t.bars] == ["b", "a"]  # c has no range: skipped
    assert t.base_value == 2.0
    b = t.bars[0]
    assert (b.low, b.high) == pytest.approx((0.5, 9.5))  # prior's 5% and 95% quantiles
    assert b.swing == pytest.approx(9.0)
    with pytest.raises(ag.GameError, match="no range for 'c'"):
        ag.tornado(game, ag.equilibrium_payoff("P"), parameters=["c"])


def test_tornado_plot_has_a_bar_per_parameter() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    game = ag.NormalFormGame(
        [["3*a - b"]],
        players=["P"],
        parameters=[ag.Parameter("a", 1, 0, 2), ag.Parameter("b", 1, 0, 2)],
    )
    ax = ag.tornado(game, ag.equilibrium_payoff("P")).plot()
    assert len(ax.patches) == 4
    plt.close("all")


def test_outcome_indicator_quantity() -> None:
    sw = ag.sweep(crisis(), P=np.array([0.5, 2.0]))
    assert ag.outcome_indicator(MUTUAL)(sw).tolist() == [1.0, 0.0]


# --------------------------------------------------------------------------- the flagship
def test_sobol_indices_of_russias_intervention_margin_are_the_analytic_ones() -> None:
    """After a campaign, X - A = (9.5 - 0.8u - 0.5G - 96 pi_N) (claim 5): linear, so
    S_i = c_i^2 Var(x_i) / sum_j c_j^2 Var(x_j) under the uniform priors, and S1 = ST."""
    scenario = ag.load("russia-iran")
    q = ag.action_margin("Russia after US:Campaign", "X", "A")
    res = ag.sobol(scenario, q, 2048, rng=0)
    var = {"u": 0.8**2 * 100 / 12, "G": 0.5**2 * 100 / 12, "pi_N": 96**2 * 0.04 / 12}
    total = sum(var.values())
    expected = [var[k] / total for k in res.names]
    np.testing.assert_allclose(res.first_order, expected, atol=0.02)
    np.testing.assert_allclose(res.total, expected, atol=0.02)


def test_tornado_of_russias_intervention_margin() -> None:
    scenario = ag.load("russia-iran")
    q = ag.action_margin("Russia after US:Campaign", "X", "A")
    t = ag.tornado(scenario, q)
    assert t.base_value == pytest.approx(9.5 - 0.8 * 6 - 0.5 * 5 - 96 * 0.05)
    swing = {b.parameter: b.swing for b in t.bars}
    # Over the priors' 5%-95% ranges: u and G over [0.5, 9.5], pi_N over [0.01, 0.19].
    assert swing["u"] == pytest.approx(0.8 * 9)
    assert swing["G"] == pytest.approx(0.5 * 9)
    assert swing["pi_N"] == pytest.approx(96 * 0.18)
    assert t.bars[0].parameter == "pi_N"


def test_probability_that_russia_would_intervene_after_a_campaign() -> None:
    """Compare with the closed-form conditions: X beats A (claim 5) and X beats I."""
    res = ag.uncertainty(ag.load("russia-iran"), 4096, rng=3, node="Russia after US:Campaign")
    u, G, pi = (res.samples[k] for k in ("u", "G", "pi_N"))
    beats_a = 0.8 * u + 0.5 * G + 96 * pi < 9.5
    beats_i = 0.98 * u + 0.95 * G + 96 * pi < 13.55
    expected = float(np.mean(beats_a & beats_i))
    assert res.probability("Russia after US:Campaign: X") == pytest.approx(expected, abs=1e-3)
    # On the equilibrium path Russia never fights: the US strikes rather than campaigns.
    path = ag.uncertainty(ag.load("russia-iran"), 1024, rng=3)
    assert not any("Russia: X" in label for label in path.probabilities)
