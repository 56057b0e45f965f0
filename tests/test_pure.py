"""Properties of the pure-equilibrium solver (``solvers/pure.py``) and of verification
(``solvers/verify.py``).

Oracles: a brute-force loop over every pure profile and every unilateral deviation (plain Python,
no NumPy reductions) for pure equilibria; a sum over all pure profiles weighted by their
probability for expected payoffs and regret of mixed profiles.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import alliancegame as ag
from alliancegame import GameError, NormalFormGame, SolverError
from alliancegame.solvers.verify import default_tolerance, deviation_payoffs, make_profile

from .strategies import affine_maps, normal_form_games, permutations_of, shapes

Profile = tuple[int, ...]


def _max_gain(u: np.ndarray, profile: Profile) -> Any:
    """The largest gain any player gets by a unilateral pure deviation (brute force)."""
    n = u.shape[0]
    best = 0
    for i in range(n):
        here = u[(i, *profile)]
        for k in range(u.shape[i + 1]):
            dev = list(profile)
            dev[i] = k
            best = max(best, u[(i, *dev)] - here)
    return best


def _oracle(u: np.ndarray, tol: Any = 0) -> set[Profile]:
    return {p for p in np.ndindex(*u.shape[1:]) if _max_gain(u, p) <= tol}


def _found(result: ag.SolverResult) -> set[Profile]:
    out = set()
    for e in result:
        assert e.is_pure
        out.add(tuple(int(np.argmax(np.array(x, dtype=float))) for x in e.probabilities))
    return out


def _by_name(result: ag.SolverResult) -> set[frozenset[tuple[str, str]]]:
    return {frozenset((p, e.support(p)[0]) for p in result.players) for e in result}


# ----------------------------------------------------------------------------- pure_nash
@given(normal_form_games())
def test_pure_nash_returns_exactly_the_zero_regret_profiles(game: NormalFormGame) -> None:
    exact = game.kind == "exact"
    result = ag.pure_nash(game)
    assert result.concept == "pure"
    assert result.method == "enumpure"
    assert result.complete
    assert result.exact == exact
    if exact:
        u = game.exact_payoff_array()
        assert _found(result) == _oracle(u)
    else:
        u = game.payoff_array()
        assert _found(result) == _oracle(u, result.options["tol"])
    for e in result:
        profile = tuple(int(np.argmax(np.array(x, dtype=float))) for x in e.probabilities)
        assert e.regret == 0 if exact else e.regret <= result.options["tol"]
        assert e.exact == exact
        for i, p in enumerate(game.players):
            assert e.payoffs[p] == u[(i, *profile)]
        assert max(ag.regret(game, e.as_arrays(), exact=exact)) <= (0 if exact else 1e-9)
    assert result.max_regret == max((e.regret for e in result), default=0)


@given(normal_form_games(integer=False), st.floats(0, 5))
def test_float_tolerance_admits_small_gains_only(game: NormalFormGame, tol: float) -> None:
    u = game.payoff_array()
    result = ag.pure_nash(game, tol=tol)
    assert result.options["tol"] == tol
    assert _found(result) == _oracle(u, tol)
    strict = ag.pure_nash(game, tol=0.0)
    assert _found(strict) == _oracle(u, 0.0)
    assert _found(strict) <= _found(result)


@given(normal_form_games(max_strategies=3, integer=False))
def test_exact_mode_on_a_float_game_uses_the_binary_values(game: NormalFormGame) -> None:
    result = ag.pure_nash(game, exact=True)
    assert result.exact
    assert _found(result) == _oracle(game.exact_payoff_array())


@given(normal_form_games(max_strategies=3, integer=True), st.data())
def test_invariant_under_positive_affine_maps(game: NormalFormGame, data: st.DataObject) -> None:
    scales, shifts = data.draw(affine_maps(game.n_players))
    assert _found(ag.pure_nash(game.affine(scales, shifts))) == _found(ag.pure_nash(game))
    # fractional scales too
    fractions = [Fraction(1, s) for s in scales]
    assert _found(ag.pure_nash(game.affine(fractions, shifts))) == _found(ag.pure_nash(game))


@given(normal_form_games(max_strategies=3, integer=False), st.data())
def test_float_games_invariant_under_exact_binary_scalings(
    game: NormalFormGame, data: st.DataObject
) -> None:
    """Scaling by a power of two is exact in floating point, so no tie can break."""
    scales = data.draw(st.lists(st.sampled_from([0.25, 1.0, 2.0, 8.0]), min_size=game.n_players,
                                max_size=game.n_players))  # fmt: skip
    a = ag.pure_nash(game, exact=True)
    b = ag.pure_nash(game.affine(scales, 0), exact=True)
    assert _found(a) == _found(b)


@given(normal_form_games(max_strategies=3), st.data())
def test_invariant_under_relabelling(game: NormalFormGame, data: st.DataObject) -> None:
    order = data.draw(permutations_of(game.n_players))
    strategies = {
        p: [game.strategies[i][k] for k in data.draw(permutations_of(game.shape[i]))]
        for i, p in enumerate(game.players)
    }
    relabelled = game.relabel(players=[game.players[i] for i in order], strategies=strategies)
    assert _by_name(ag.pure_nash(relabelled)) == _by_name(ag.pure_nash(game))


@given(normal_form_games(max_strategies=3))
def test_solve_pure_dispatches_to_pure_nash(game: NormalFormGame) -> None:
    a, b = ag.solve(game, "pure"), ag.pure_nash(game)
    assert a.equilibria == b.equilibria
    assert (a.concept, a.method) == (b.concept, b.method)


def test_known_games() -> None:
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                    strategies=[["C", "D"], ["C", "D"]])  # fmt: skip
    (eq,) = ag.pure_nash(pd)
    assert eq["Player 1"] == {"C": 0, "D": 1}
    assert eq.payoffs == {"Player 1": 1, "Player 2": 1}
    pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert len(ag.pure_nash(pennies)) == 0
    zeros = NormalFormGame(np.zeros((3, 2, 3, 2), dtype=int).tolist())
    assert len(ag.pure_nash(zeros)) == 12  # every profile, ties included


def test_pure_nash_refuses_what_it_cannot_solve() -> None:
    with pytest.raises(GameError, match="pure_nash: needs a NormalFormGame, got list"):
        ag.pure_nash([[1, 2]])  # type: ignore[arg-type]
    g = NormalFormGame([[["a", 0]], [[0, 1]]], parameters={"a": 1})
    with pytest.raises(GameError, match=r"pure_nash: the game has parameters \('a',\)"):
        ag.pure_nash(g)


# ----------------------------------------------------------------------------- pure_nash_mask
@st.composite
def payoff_batches(draw: Any) -> tuple[np.ndarray, int]:
    dims = draw(shapes(st.integers(1, 3), max_strategies=3, max_cells=27))
    batch = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=2)))
    arr = draw(hnp.arrays(np.float64, (*batch, len(dims), *dims),
                          elements=st.integers(-3, 3).map(float)))  # fmt: skip
    return arr, len(dims)


@given(payoff_batches())
def test_mask_over_a_batch_equals_per_game_results(case: tuple[np.ndarray, int]) -> None:
    arr, n = case
    batch = arr.shape[: arr.ndim - n - 1]
    mask = ag.pure_nash_mask(arr, n_players=n)
    assert mask.dtype == np.bool_
    assert mask.shape == (*batch, *arr.shape[-n:])
    for b in np.ndindex(*batch):
        game = NormalFormGame(arr[b])
        assert np.array_equal(mask[b], ag.pure_nash_mask(arr[b]))
        assert {tuple(int(i) for i in idx) for idx in np.argwhere(mask[b])} == _oracle(arr[b])
        assert {tuple(int(i) for i in idx) for idx in np.argwhere(mask[b])} == _found(
            ag.pure_nash(game, tol=0.0)
        )


@given(payoff_batches(), st.floats(0, 2))
def test_mask_tolerance_matches_brute_force(case: tuple[np.ndarray, int], tol: float) -> None:
    arr, n = case
    batch = arr.shape[: arr.ndim - n - 1]
    mask = ag.pure_nash_mask(arr, n_players=n, tol=tol)
    for b in np.ndindex(*batch):
        assert {tuple(int(i) for i in idx) for idx in np.argwhere(mask[b])} == _oracle(arr[b], tol)


def test_mask_on_exact_object_arrays() -> None:
    u = np.array([[[Fraction(1, 3), 0], [Fraction(1, 3), 1]], [[1, 1], [0, 1]]], dtype=object)
    assert ag.pure_nash_mask(u).tolist() == [[True, False], [False, True]]


def test_mask_refuses_wrong_axes() -> None:
    with pytest.raises(GameError, match="too small for 3 players"):
        ag.pure_nash_mask(np.zeros((2, 2, 2)), n_players=3)
    with pytest.raises(
        GameError, match=r"axis 1 should hold the 2 players, got shape \(4, 3, 2, 2\)"
    ):
        ag.pure_nash_mask(np.zeros((4, 3, 2, 2)), n_players=2)


# ----------------------------------------------------------------------------- verification
def _expected_payoffs(u: np.ndarray, xs: list[np.ndarray]) -> list[Any]:
    """u_i(x) = sum over profiles s of prod_j x_j(s_j) u_i(s) (brute force)."""
    n = u.shape[0]
    totals: list[Any] = [0] * n
    for s in np.ndindex(*u.shape[1:]):
        w = 1
        for j, k in enumerate(s):
            w = w * xs[j][k]
        for i in range(n):
            totals[i] = totals[i] + w * u[(i, *s)]
    return totals


def _pure(k: int, size: int, exact: bool) -> np.ndarray:
    v = np.array([Fraction(0)] * size, dtype=object) if exact else np.zeros(size)
    v[k] = 1
    return v


@st.composite
def mixed_profiles(draw: Any, game: NormalFormGame, exact: bool) -> list[np.ndarray]:
    out = []
    for s in game.shape:
        weights = draw(st.lists(st.integers(0, 5), min_size=s, max_size=s))
        if sum(weights) == 0:
            weights[draw(st.integers(0, s - 1))] = 1
        total = sum(weights)
        if exact:
            out.append(np.array([Fraction(w, total) for w in weights], dtype=object))
        else:
            out.append(np.array([w / total for w in weights]))
    return out


@given(normal_form_games(max_strategies=3), st.data())
def test_regret_matches_brute_force(game: NormalFormGame, data: st.DataObject) -> None:
    exact = game.kind == "exact"
    u = game.exact_payoff_array() if exact else game.payoff_array()
    xs = data.draw(mixed_profiles(game, exact))
    value = _expected_payoffs(u, xs)
    dev = deviation_payoffs(u, xs)
    want = []
    for i in range(game.n_players):
        alts = []
        for k in range(game.shape[i]):
            ys = list(xs)
            ys[i] = _pure(k, game.shape[i], exact)
            alts.append(_expected_payoffs(u, ys)[i])
        if exact:
            assert list(dev[i]) == alts
        else:
            np.testing.assert_allclose(dev[i], alts, rtol=1e-12, atol=1e-9)
        want.append(max(alts) - value[i])
    got = ag.regret(game, xs, exact=exact)
    if exact:
        assert got == tuple(want)
    else:
        np.testing.assert_allclose(got, [float(w) for w in want], rtol=1e-9, atol=1e-9)
    assert all(r >= (0 if exact else -1e-9) for r in got)


@given(normal_form_games(max_strategies=3, integer=True), st.data())
def test_make_profile_accepts_equilibria_and_refuses_the_rest(
    game: NormalFormGame, data: st.DataObject
) -> None:
    xs = data.draw(mixed_profiles(game, exact=True))
    worst = max(ag.regret(game, xs, exact=True))
    if worst == 0:
        p = make_profile(game, xs, exact=True, method="t")
        assert p.regret == 0
        assert p.payoffs_ == tuple(_expected_payoffs(game.exact_payoff_array(), xs))
    else:
        with pytest.raises(SolverError, match=r"t: candidate is not an equilibrium \(regret"):
            make_profile(game, xs, exact=True, method="t")
        # a float tolerance at least the regret lets it through
        p = make_profile(game, [x.astype(float) for x in xs], exact=False,
                         tol=float(worst) + 1e-9)  # fmt: skip
        assert p.regret == pytest.approx(float(worst), abs=1e-9)


def test_make_profile_refuses_non_distributions() -> None:
    g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=["A", "B"])
    with pytest.raises(SolverError, match="m: need 2 strategy vectors, got 1"):
        make_profile(g, [[1, 0]], exact=True, method="m")
    with pytest.raises(SolverError, match="strategy of 'B' is not a probability vector"):
        make_profile(g, [[1, 0], [Fraction(1, 2), Fraction(1, 3)]], exact=True, method="m")
    with pytest.raises(SolverError, match="strategy of 'A' is not a probability vector"):
        make_profile(g, [[2, -1], [1, 0]], exact=True)
    with pytest.raises(SolverError, match="strategy of 'A' is not a probability vector"):
        make_profile(g, [[1, 0, 0], [1, 0]], exact=False)
    with pytest.raises(SolverError, match="strategy of 'B' is not a probability vector"):
        make_profile(g, [[1.0, 0.0], [0.7, 0.7]], exact=False)
    p = make_profile(g, [[1.0, 1e-13], [1.0, 0.0]], exact=False)  # rounding noise is cleaned
    assert p.probabilities[0] == pytest.approx((1.0, 0.0))


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=10))
def test_default_tolerance_scales_with_the_payoffs(values: list[float]) -> None:
    tol = default_tolerance(np.array(values))
    assert tol == pytest.approx(1e-9 * max(1.0, max(abs(v) for v in values)))
    assume(max(abs(v) for v in values) > 1)
    assert default_tolerance(np.array(values) * 2) == pytest.approx(2 * tol)


def test_results_read_by_name() -> None:
    g = NormalFormGame.from_arrays(
        [[0, -1], [1, -10]], [[0, 1], [-1, -10]], players=["US", "Iran"],
        strategies=[["C", "D"], ["C", "D"]],
    )  # fmt: skip
    result = ag.pure_nash(g)
    assert [e["US"] for e in result] == [{"C": 1, "D": 0}, {"C": 0, "D": 1}]
    assert result[0].support("Iran") == ("D",)
    assert result.to_dict()["equilibria"][0] == {
        "strategies": {"US": {"C": "1", "D": "0"}, "Iran": {"C": "0", "D": "1"}},
        "payoffs": {"US": "-1", "Iran": "1"},
    }
    assert "2 solutions" in repr(result)
    with pytest.raises(ag.UnknownNameError, match="unknown player 'UK'"):
        result[0]["UK"]
    assert len(list(itertools.chain(result))) == 2
