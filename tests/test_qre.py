"""Logit quantal response equilibria (``solvers/qre.py``).

Oracles: pygambit's ``logit_solve`` and ``logit_solve_lambda`` (stored in
``tests/reference/qre_reference.json``); the logit fixed-point equation recomputed here with
``numpy.einsum``; invariance of the QRE under per-player payoff shifts, under a common payoff scale
(which rescales the precision) and under relabelling of strategies and players; the limit against
vertex enumeration (it must be one of the equilibria), against iterated dominance (games with a
unique equilibrium) and against pure equilibria in games with more players.
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame import GameError, NormalFormGame

from .strategies import float_bimatrix_games, int_bimatrix_games, normal_form_games

REFERENCE = json.loads(
    (Path(__file__).parent / "reference" / "qre_reference.json").read_text(encoding="utf-8")
)
# Games whose principal branch meets a bifurcation point (both have a symmetry): past it,
# pygambit's tracing leaves the branch that continues smoothly.
BIFURCATING = {"chicken", "battle-of-the-sexes"}

# A degenerate three-player game (integer payoffs with ties) found by a random search.
SLOW_3P = [
    [
        [[-2, 1, -3], [-3, 2, 0], [0, -1, -1]],
        [[-1, 3, 1], [-1, 0, -3], [-2, -3, -1]],
        [[3, -1, -2], [2, -3, -2], [2, 3, -1]],
    ],
    [
        [[1, 1, 3], [3, 0, -2], [0, 1, 1]],
        [[0, 3, -3], [2, 1, -1], [2, -3, 3]],
        [[-2, -1, -3], [1, 3, -3], [3, -1, 3]],
    ],
    [
        [[-2, 3, -1], [0, 1, 1], [-1, 3, 2]],
        [[0, 2, 3], [-3, -1, 1], [-1, 2, -3]],
        [[-3, -1, -3], [-3, 1, 3], [-1, -2, 0]],
    ],
]

PENNIES = NormalFormGame.from_arrays(
    [[3, -1], [-1, 1]],
    [[-3, 1], [1, -1]],
    players=["Even", "Odd"],
    strategies=[["H", "T"], ["H", "T"]],
)


def _deviations(arr: np.ndarray[Any, Any], sigmas: list[np.ndarray[Any, Any]]) -> list[Any]:
    """u_i(j, sigma_-i) by einsum, independent of the library's code."""
    n = arr.shape[0]
    letters = "abcdefgh"[:n]
    out = []
    for i in range(n):
        others = [letters[k] for k in range(n) if k != i]
        spec = f"{letters},{','.join(others)}->{letters[i]}"
        out.append(np.einsum(spec, arr[i], *[sigmas[k] for k in range(n) if k != i]))
    return out


def _logit_residual(game: NormalFormGame, profile: Any) -> float:
    arr = game.payoff_array()
    sigmas = [np.array(p, dtype=float) for p in profile.probabilities]
    worst = 0.0
    for u, s in zip(_deviations(arr, sigmas), sigmas, strict=True):
        z = np.exp(profile.lam * (u - u.max()))
        worst = max(worst, float(np.abs(z / z.sum() - s).max()))
    return worst


def _regret(game: NormalFormGame, probabilities: Any) -> float:
    arr = game.payoff_array()
    sigmas = [np.array(p, dtype=float) for p in probabilities]
    return max(
        float(u.max() - u @ s) for u, s in zip(_deviations(arr, sigmas), sigmas, strict=True)
    )


# --------------------------------------------------------------------------------------------
# Against pygambit
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", REFERENCE["games"], ids=lambda e: e["name"])
def test_agrees_with_pygambit(entry: dict[str, Any]) -> None:
    game = NormalFormGame(entry["payoffs"])
    branch = ag.qre_branch(game, exact=False)
    assert branch.limit is not None
    assert branch.converged
    ours = [np.array(p, dtype=float) for p in branch.limit.probabilities]
    theirs = [np.array(p) for p in entry["limit"]]
    close = all(np.abs(a - b).max() <= 1e-5 for a, b in zip(ours, theirs, strict=True))
    if entry["name"] in BIFURCATING:
        # Documented disagreement: the branch bifurcates; ours continues smoothly and says so.
        assert branch.bifurcations
        assert any("bifurcation" in w for w in branch.warnings)
        assert not close
        return
    assert not branch.bifurcations
    assert close, (ours, theirs)
    profiles = ag.logit_qre(game, entry["lambdas"])
    for profile, expected in zip(profiles, entry["profiles"], strict=True):
        for got, want in zip(profile.probabilities, expected, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-8)


def test_pygambit_chicken_limit_is_not_an_equilibrium() -> None:
    """Why chicken is excluded above: Gambit's answer there has regret far above its own goal."""
    entry = next(e for e in REFERENCE["games"] if e["name"] == "chicken")
    game = NormalFormGame(entry["payoffs"])
    assert _regret(game, entry["limit"]) > 0.1
    ours = ag.logit_solve(game)
    assert ours[0].regret == 0
    assert ours[0]["Player 1"] == {"1": Fraction(9, 10), "2": Fraction(1, 10)}


# --------------------------------------------------------------------------------------------
# The QRE itself
# --------------------------------------------------------------------------------------------


def test_lambda_zero_is_uniform_and_pennies_values() -> None:
    q0, q1 = ag.logit_qre(PENNIES, [0, 1])
    assert q0.probabilities == ((0.5, 0.5), (0.5, 0.5))
    # pygambit 16.7 logit_solve_lambda at lambda = 1
    assert q1["Even"]["H"] == pytest.approx(0.46612796848083105, abs=1e-10)
    assert q1["Odd"]["H"] == pytest.approx(0.3107173396677005, abs=1e-10)
    assert q1.regret > 0
    assert "lambda=1" in repr(q1)


@settings(max_examples=25, deadline=None)
@given(
    normal_form_games(n_players=st.integers(2, 3), max_strategies=3),
    st.sampled_from([0.3, 1.0, 4.0]),
)
def test_fixed_point(game: NormalFormGame, lam: float) -> None:
    profile = ag.logit_qre(game, lam)
    assert profile.lam == lam
    assert _logit_residual(game, profile) <= 1e-8
    for probs in profile.probabilities:
        assert min(probs) > 0
        assert sum(probs) == pytest.approx(1.0)


@settings(max_examples=20, deadline=None)
@given(
    float_bimatrix_games(min_strategies=2, max_strategies=4),
    st.floats(0.2, 5.0),
    st.lists(st.floats(-20, 20), min_size=2, max_size=2),
)
def test_invariant_under_common_scale_and_shifts(
    game: NormalFormGame, scale: float, shifts: list[float]
) -> None:
    """QRE(lam, a*u + b_i) = QRE(a*lam, u): the precision absorbs a common scale."""
    arr = game.payoff_array()
    moved = NormalFormGame(scale * arr + np.array(shifts)[:, None, None])
    a = ag.logit_qre(game, 2.0 * scale)
    b = ag.logit_qre(moved, 2.0)
    for x, y in zip(a.probabilities, b.probabilities, strict=True):
        np.testing.assert_allclose(x, y, atol=1e-8)


@settings(max_examples=20, deadline=None)
@given(float_bimatrix_games(min_strategies=2, max_strategies=4), st.data())
def test_relabelling(game: NormalFormGame, data: st.DataObject) -> None:
    arr = game.payoff_array()
    m, n = game.shape
    p = data.draw(st.permutations(list(range(m))))
    q = data.draw(st.permutations(list(range(n))))
    permuted = NormalFormGame(arr[:, p][:, :, q])
    swapped = NormalFormGame(np.stack([arr[1].T, arr[0].T]))
    base = ag.logit_qre(game, 1.5)
    np.testing.assert_allclose(
        ag.logit_qre(permuted, 1.5).probabilities[0], np.array(base.probabilities[0])[p], atol=1e-8
    )
    np.testing.assert_allclose(
        ag.logit_qre(permuted, 1.5).probabilities[1], np.array(base.probabilities[1])[q], atol=1e-8
    )
    other = ag.logit_qre(swapped, 1.5)
    np.testing.assert_allclose(other.probabilities[0], base.probabilities[1], atol=1e-8)
    np.testing.assert_allclose(other.probabilities[1], base.probabilities[0], atol=1e-8)


# --------------------------------------------------------------------------------------------
# The limit
# --------------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(float_bimatrix_games(min_strategies=1, max_strategies=4))
def test_limit_is_one_of_the_extreme_equilibria(game: NormalFormGame) -> None:
    result = ag.logit_solve(game)
    assert result.method == "logit"
    assert not result.complete
    assert len(result) == 1
    limit = result[0]
    assert _regret(game, limit.probabilities) <= 1e-8 * max(1.0, np.abs(game.payoff_array()).max())
    everything = ag.vertex_enumeration(game, exact=False)
    point = np.concatenate([np.array(p, dtype=float) for p in limit.probabilities])
    assert any(
        np.abs(point - np.concatenate([np.array(p, dtype=float) for p in eq.probabilities])).max()
        <= 1e-6
        for eq in everything
    )


@settings(max_examples=30, deadline=None)
@given(int_bimatrix_games(min_strategies=1, max_strategies=3))
def test_integer_games_exact_or_flagged(game: NormalFormGame) -> None:
    """Small integer games are often degenerate: a verified answer, or a warning — never less."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.ConvergenceWarning)
        result = ag.logit_solve(game)
    if not result.equilibria:
        assert any("logit_solve" in w or "qre_branch" in w for w in result.warnings)
        return
    limit = result[0]
    if limit.exact:
        assert limit.regret == 0
    assert _regret(game, limit.probabilities) <= 1e-6


@settings(max_examples=15, deadline=None)
@given(normal_form_games(n_players=st.just(3), max_strategies=2, integer=False))
def test_three_players(game: NormalFormGame) -> None:
    result = ag.logit_solve(game)
    limit = result[0]
    assert not limit.exact
    scale = max(1.0, float(np.abs(game.payoff_array()).max()))
    assert _regret(game, limit.probabilities) <= 1e-8 * scale
    if limit.is_pure:
        assert limit in ag.pure_nash(game).equilibria


def test_dominance_solvable_limit() -> None:
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"]] * 2)
    assert ag.logit_solve(pd)[0].describe() == (
        "Player 1: D | Player 2: D ; payoffs Player 1=1, Player 2=1"
    )


def test_stag_hunt_selects_risk_dominant_equilibrium() -> None:
    stag = NormalFormGame.from_arrays(
        [[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=[["Stag", "Hare"], ["Stag", "Hare"]]
    )
    result = ag.solve(stag, "nash", "logit")
    assert result.exact
    assert result[0]["Player 1"]["Hare"] == 1
    # the mixed equilibrium is an equilibrium too, on both supports: the limit is not it
    assert result[0].is_pure


# --------------------------------------------------------------------------------------------
# The branch object, figures and errors
# --------------------------------------------------------------------------------------------


def test_branch_object() -> None:
    branch = ag.qre_branch(PENNIES)
    assert branch.lambdas[0] == 0
    assert branch.converged
    assert not branch.bifurcations
    assert branch.players == ("Even", "Odd")
    assert len(branch) == len(branch.lambdas) == branch.probabilities[0].shape[0]
    lam, probs = next(iter(branch))
    assert lam == 0
    assert probs[0].tolist() == [0.5, 0.5]
    assert branch.limit is not None
    assert branch.limit["Odd"]["H"] == Fraction(1, 3)
    assert "converged" in repr(branch)
    assert "limit:" in repr(branch)
    with pytest.raises(ag.UnknownNameError, match="did you mean 'Even'"):
        branch["even"]
    frame = branch.to_frame()
    assert list(frame.columns) == ["step", "lambda", "player", "strategy", "probability"]
    assert len(frame) == 4 * len(branch)


def test_plot() -> None:
    import matplotlib

    matplotlib.use("Agg")
    chicken = next(e for e in REFERENCE["games"] if e["name"] == "chicken")
    branch = ag.qre_branch(NormalFormGame(chicken["payoffs"]))
    ax = branch.plot()
    assert len(ax.get_lines()) == 4 + len(branch.bifurcations)
    from alliancegame.plot import plot_qre

    ax = plot_qre(branch, players=["Player 1"], scale="log")
    assert ax.get_xscale() == "log"
    assert len(ax.get_lines()) == 2 + len(branch.bifurcations)
    with pytest.raises(GameError, match="scale"):
        branch.plot(scale="linear")


def test_errors() -> None:
    symbolic = NormalFormGame([[[0, "x"], [1, 0]], [[0, 1], [1, 0]]], parameters={"x": 1})
    with pytest.raises(GameError, match="parameters"):
        ag.logit_solve(symbolic)
    with pytest.raises(GameError, match="lam must be"):
        ag.logit_qre(PENNIES, -1)
    with pytest.raises(GameError, match="lam must be"):
        ag.logit_qre(PENNIES, [1.0, float("nan")])
    with pytest.raises(GameError, match="max_regret"):
        ag.qre_branch(PENNIES, max_regret=0)
    with pytest.raises(GameError, match="max_accel"):
        ag.qre_branch(PENNIES, max_accel=0.5)
    three = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(GameError, match="two-player"):
        ag.logit_solve(three, exact=True)


def test_max_lambda_stops_early_and_still_verifies() -> None:
    """Stopped far from convergence: not converged, and nothing unverified is returned."""
    branch = ag.qre_branch(PENNIES, max_lambda=2.0)
    assert not branch.converged
    assert any("max_lambda" in w for w in branch.warnings)
    if branch.limit is not None:
        assert branch.limit.regret == 0


@pytest.mark.gambit
@pytest.mark.parametrize("seed", range(3))
def test_live_logit_matches_pygambit(seed: int) -> None:
    """Opt-in (``-m gambit``): random generic games solved by pygambit in the same run."""
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(3000 + seed)
    for _ in range(10):
        shape = tuple(int(v) for v in rng.integers(2, 5, size=2))
        arr = rng.uniform(-10, 10, size=(2, *shape))
        game = gbt.Game.from_arrays(arr[0], arr[1])
        theirs = gbt.nash.logit_solve(game).equilibria[0]
        expected = [[float(theirs[s]) for s in p.strategies] for p in game.players]
        branch = ag.qre_branch(NormalFormGame(arr))
        assert branch.limit is not None
        assert not branch.bifurcations
        for got, want in zip(branch.limit.probabilities, expected, strict=True):
            np.testing.assert_allclose(got, want, atol=1e-5)


def test_branch_turning_back_gives_first_crossing() -> None:
    """A branch that turns back in lambda (between about 2.786 and 2.822) has three QRE at
    lambda = 2.8; ``logit_qre`` returns the first one reached, as pygambit 16.7's
    ``logit_solve_lambda`` does (values below from that call)."""
    game = NormalFormGame([[[9, 1, -8], [-1, 9, -7]], [[-5, 9, -9], [4, 1, 6]]])
    branch = ag.qre_branch(game)
    steps = np.diff(branch.lambdas)
    assert (steps < 0).any()
    assert not branch.bifurcations
    turn = int(np.argmax(steps < 0))
    assert branch.lambdas[turn] > 2.8 > branch.lambdas[turn:].min()
    at_27, at_28 = ag.logit_qre(game, [2.7, 2.8])
    np.testing.assert_allclose(at_27.probabilities[0], [0.1658184967221081, 0.834181503277892])
    np.testing.assert_allclose(
        at_28.probabilities[1], [0.04751479386041736, 0.01794230345359525, 0.9345429026859874]
    )
    assert branch.limit is not None
    assert branch.limit.describe() == "Player 1: 2 | Player 2: 3 ; payoffs Player 1=-7, Player 2=6"


# --------------------------------------------------------------------------------------------
# Trees, through the reduced normal form
# --------------------------------------------------------------------------------------------


def test_tree_logit_selects_subgame_perfect_entry() -> None:
    entry = ag.ExtensiveGame(
        ["Entrant", "Incumbent"],
        ag.decision(
            "Entrant",
            {
                "out": ag.terminal(0, 2),
                "in": ag.decision(
                    "Incumbent", {"fight": ag.terminal(-1, -1), "accommodate": ag.terminal(1, 1)}
                ),
            },
        ),
    )
    # Nash equilibria besides the SPE: "out", with the incumbent fighting with probability >= 1/2
    assert len(ag.solve(entry, "nash", "vertex")) == 3
    result = ag.solve(entry, "nash", "logit")
    assert result.method == "logit"
    assert result.exact
    assert not result.complete
    (eq,) = result.equilibria
    assert eq.regret == 0
    spe = ag.backward_induction(entry)[0]
    assert eq.describe() == spe.describe()


def test_tree_logit_three_players_and_information_sets() -> None:
    """Three players, one moving without seeing the others: float polishing, verified on the
    tree; the limit is a pure equilibrium of the tree when the normal-form limit is pure."""
    rng = np.random.default_rng(7)
    pay = rng.uniform(-5, 5, size=(8, 3))
    leaves = iter(pay)

    def leaf() -> Any:
        return ag.terminal(*next(leaves))

    tree = ag.ExtensiveGame(
        ["A", "B", "C"],
        ag.decision(
            "A",
            {
                a: ag.decision(
                    "B",
                    {b: ag.decision("C", {"l": leaf(), "r": leaf()}, "C") for b in ("x", "y")},
                )
                for a in ("u", "d")
            },
        ),
    )
    result = ag.tree_logit(tree)
    assert not result.exact
    (eq,) = result.equilibria
    assert max(ag.tree_regret(tree, eq)) <= 1e-8
    with pytest.raises(GameError, match="two-player"):
        ag.tree_logit(tree, exact=True)


def test_degenerate_three_player_game_converges_in_few_steps() -> None:
    """A 3-player integer game whose limit is not strict: the branch creeps (regret ~ 1/lambda).

    With a corrector distance that did not grow with lambda, tracing took 20,000 steps and
    stopped at max_steps; now it converges in a few hundred, to a verified equilibrium.
    """
    payoffs = SLOW_3P
    branch = ag.qre_branch(NormalFormGame(payoffs))
    assert branch.converged
    assert len(branch) < 2000
    assert branch.limit is not None
    assert _regret(NormalFormGame(payoffs), branch.limit.probabilities) <= 1e-9 * 3
