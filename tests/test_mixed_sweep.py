"""Batched mixed equilibria (``nash_batch`` and ``sweep(concept="nash")``) against pointwise solves.

Oracles: exact vertex enumeration of the game evaluated in rational arithmetic at each point
(complete on degenerate games), the sweep's own point-by-point path (``_pointwise_chunk``), and the
extreme equilibria pygambit computed for the stored reference games.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame.analysis.sweep import _pointwise_chunk, _profile_key, _Shared, _Task

REFERENCE = Path(__file__).parent / "reference" / "gambit_reference.json"
SHAPES = [(2, 2), (2, 3), (3, 2), (3, 3)]


# ------------------------------------------------------------------------------------ helpers
@st.composite
def affine_games(draw: Any, shapes: list[tuple[int, int]] = SHAPES) -> ag.NormalFormGame:
    """Two-player games whose payoffs are ``c + p*a + q*b`` with small integer coefficients."""
    m, n = draw(st.sampled_from(shapes))
    size = 2 * m * n
    ints = st.lists(st.integers(-3, 3), min_size=size, max_size=size)
    c, p, q = draw(ints), draw(ints), draw(ints)
    cells = np.empty((2, m, n), dtype=object)
    for k, idx in enumerate(np.ndindex(2, m, n)):
        cells[idx] = f"{c[k]} + {p[k]}*a + {q[k]}*b"
    return ag.NormalFormGame(
        cells, parameters=[ag.Parameter("a", 0, -10, 10), ag.Parameter("b", 0, -10, 10)]
    )


def exact_key(game: ag.NormalFormGame, point: dict[str, Any]) -> tuple[Any, ...]:
    res = ag.solve(game.at(point, exact=True), "nash", method="vertex")
    return tuple(sorted(_profile_key(e) for e in res.equilibria))


def exact_result(game: ag.NormalFormGame, point: dict[str, float]) -> ag.SolverResult:
    return ag.solve(game.at(point, exact=True), "nash", method="vertex")


def sweep_keys(sw: ag.SweepResult) -> list[str]:
    return [sw.outcome(int(c)) for c in sw.codes.ravel()]


def labels_of(game: ag.NormalFormGame, keys: list[tuple[Any, ...]]) -> list[str]:
    from alliancegame.analysis.sweep import _label_mixed

    return [_label_mixed(game, k) for k in keys]


def pointwise(game: ag.NormalFormGame, points: dict[str, np.ndarray], **options: Any) -> Any:
    n = len(next(iter(points.values())))
    task = _Task(_Shared((game, points)), "nash", False, (n,), {}, 0, n, options)
    return _pointwise_chunk(task, points)


def chicken() -> ag.NormalFormGame:
    return ag.NormalFormGame(
        [[[0, -1], [1, "-P"]], [[0, 1], [-1, "-P"]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters=[ag.Parameter("P", 10, -20, 20)],
    )


# ----------------------------------------------------------------- batched == exact pointwise
@settings(max_examples=25)
@given(affine_games(), st.sampled_from([1.0, 0.5]))
def test_integer_grid_sweep_equals_exact_pointwise(game: ag.NormalFormGame, step: float) -> None:
    # integer (and half-integer) steps hit the degenerate points of integer payoffs exactly
    a = np.arange(-2, 2 + step / 2, step)
    b = np.arange(-1, 2, 1.0)
    sw = ag.sweep(game, a=a, b=b, concept="nash")
    res = ag.nash_batch(game, a=a[:, None], b=b[None, :])
    for i, av in enumerate(a):
        for j, bv in enumerate(b):
            ref = exact_result(game, {"a": float(av), "b": float(bv)})
            key = tuple(sorted(_profile_key(e) for e in ref.equilibria))
            assert sw.outcome(int(sw.codes[i, j])) == labels_of(game, [key])[0]
            assert sw.n_equilibria[i, j] == len(ref.equilibria)
            ours = res.equilibria((i, j))
            assert [_profile_key(e) for e in ours] == [_profile_key(e) for e in ref.equilibria]
            if len(ref.equilibria) == 1:
                want = [float(v) for v in ref.equilibria[0].payoffs_]
                np.testing.assert_allclose(sw.payoffs[i, j], want, rtol=1e-12, atol=1e-12)
            else:
                assert np.isnan(sw.payoffs[i, j]).all()


@settings(max_examples=20)
@given(affine_games(), st.integers(0, 2**32 - 1))
def test_generic_points_equal_the_float_pointwise_path(game: ag.NormalFormGame, seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = {"a": rng.uniform(-3, 3, 12), "b": rng.uniform(-3, 3, 12)}
    sw = ag.sweep(game, points=points, concept="nash")
    flagged = ag.nash_batch(game, points).exact
    # float vertex enumeration at the points that look nondegenerate (it warns at the others)
    generic = {k: v[~flagged] for k, v in points.items()}
    if len(generic["a"]):
        ref = pointwise(game, generic)
        labels = sweep_keys(sw)
        assert [labels[i] for i in np.flatnonzero(~flagged)] == [
            labels_of(game, ref.keys)[c] for c in ref.local
        ]
        assert sw.n_equilibria[~flagged].tolist() == ref.n_eq.tolist()
        np.testing.assert_allclose(sw.payoffs[~flagged], ref.payoffs, rtol=1e-9, atol=1e-9)
    for i in np.flatnonzero(flagged):
        key = exact_key(game, {k: float(v[i]) for k, v in points.items()})
        assert sw.outcome(int(sw.codes[i])) == labels_of(game, [key])[0]


@settings(max_examples=20)
@given(affine_games(), st.lists(st.integers(-16, 16), min_size=6, max_size=6))
def test_dyadic_points_equal_the_exact_pointwise_path(
    game: ag.NormalFormGame, numerators: list[int]
) -> None:
    # dyadic values keep float payoffs exact, so the float game is the rational game
    points = {"a": np.array(numerators[:3] * 2) / 8, "b": np.array(numerators[3:] * 2) / 4}
    sw = ag.sweep(game, points=points, concept="nash")
    ref = pointwise(game, points, exact=True)
    assert sweep_keys(sw) == [labels_of(game, ref.keys)[c] for c in ref.local]
    assert sw.n_equilibria.tolist() == ref.n_eq.tolist()


@example(seed=0, size=4)
@settings(max_examples=10)
@given(st.integers(0, 2**32 - 1), st.integers(4, 5))
def test_large_supports_use_the_stacked_solver(seed: int, size: int) -> None:
    # 4x4 and 5x5 games need supports of size 4 and 5 (the numpy.linalg path)
    rng = np.random.default_rng(seed)
    games = [
        ag.NormalFormGame(rng.integers(-9, 10, size=(2, size, size)).tolist()) for _ in range(4)
    ]
    res = ag.nash_batch(games)
    for k, g in enumerate(games):
        ref = ag.solve(g, "nash", method="vertex")
        assert [_profile_key(e) for e in res.equilibria(k)] == [
            _profile_key(e) for e in ref.equilibria
        ]


def test_a_fully_mixed_equilibrium_of_a_4x4_game() -> None:
    # a zero-sum cycle (circulant payoffs): the only equilibrium mixes all four strategies
    A = np.array([[4, 0, 1, 2], [2, 4, 0, 1], [1, 2, 4, 0], [0, 1, 2, 4]], dtype=float)
    res = ag.nash_batch(np.stack([A, -A])[None])
    assert res.counts.tolist() == [1]
    assert not res.exact.any()
    np.testing.assert_allclose(res.x[0], [0.25] * 4)
    np.testing.assert_allclose(res.y[0], [0.25] * 4)


# ------------------------------------------------------------------------ reference games
def _reference_games() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return [g for g in data["games"] if g["family"] in ("int", "rational", "classic")]


def _gambit_key(profiles: list[list[list[str]]]) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {tuple(tuple(Fraction(v) for v in player) for player in p) for p in profiles}


def _game(record: dict[str, Any]) -> ag.NormalFormGame:
    payoffs = np.vectorize(Fraction, otypes=[object])(np.array(record["payoffs"], dtype=object))
    return ag.NormalFormGame(payoffs)


def test_reference_games_as_batches_equal_gambits_extreme_equilibria() -> None:
    records = _reference_games()
    by_shape: dict[tuple[int, ...], list[dict[str, Any]]] = {}
    for r in records:
        by_shape.setdefault(tuple(r["shape"]), []).append(r)
    checked = 0
    for group in by_shape.values():
        games = [_game(r) for r in group]
        res = ag.nash_batch(games)
        for k, r in enumerate(group):
            want = _gambit_key(r["enummixed"])
            got = res.equilibria(k)
            assert len(got) == len(want), r["id"]
            if res.exact[k]:
                assert {tuple(tuple(p) for p in e.probabilities) for e in got} == want, r["id"]
            else:
                for e in got:
                    point = np.concatenate([np.asarray(p, dtype=float) for p in e.probabilities])
                    dist = [
                        np.abs(point - np.concatenate([np.array(p, dtype=float) for p in w])).max()
                        for w in want
                    ]
                    assert min(dist) <= 1e-9, r["id"]
            checked += 1
    assert checked == len(records) > 50


@pytest.mark.parametrize("record", _reference_games()[::7], ids=lambda r: r["id"])
def test_reference_game_as_a_constant_batch(record: dict[str, Any]) -> None:
    game = _game(record)
    res = ag.nash_batch([game] * 3)
    want = sorted(
        tuple(tuple(round(float(v), 9) for v in player) for player in p)
        for p in _gambit_key(record["enummixed"])
    )
    keys, local = res.outcome_keys()
    assert local.tolist() == [0, 0, 0]
    assert list(keys[0]) == want


# -------------------------------------------------------------------------------- the result
def test_chicken_mixed_equilibrium_and_the_order_of_solve() -> None:
    res = ag.nash_batch(chicken(), P=np.array([10.0, 4.0, -1.0]))
    assert res.batch_shape == (3,)
    assert res.counts.tolist() == [3, 3, 1]
    mixed = res.equilibria(0)[1]
    assert mixed["US"]["Escalate"] == pytest.approx(0.1)
    assert mixed["Iran"]["Escalate"] == pytest.approx(0.1)
    ref = ag.solve(chicken().at(P=10), "nash")
    assert [_profile_key(e) for e in res.equilibria(0)] == [_profile_key(e) for e in ref]
    assert res.regret.max() <= 1e-12
    np.testing.assert_allclose(res.unique_payoffs()[2], [1.0, 1.0])
    assert np.isnan(res.unique_payoffs()[:2]).all()


def test_grid_batches_and_indices() -> None:
    game = ag.NormalFormGame(
        [[["h", -1], [1, "-P"]], [["h", 1], [-1, "-P"]]],
        parameters=[ag.Parameter("P", 10), ag.Parameter("h", 0)],
    )
    res = ag.nash_batch(game, P=np.array([[2.0], [10.0]]), h=np.array([[-1.0, 0.0, 0.5]]))
    assert res.batch_shape == (2, 3)
    assert res.counts.shape == (2, 3)
    assert res.equilibria((1, 1)) == res.equilibria(4)
    assert "6 points of a 2x2 game" in repr(res)
    assert len(res) == 6
    with pytest.raises(ag.GameError, match="outside batch shape"):
        res.equilibria((2, 0))
    with pytest.raises(ag.GameError, match="does not match batch shape"):
        res.equilibria((0,))
    with pytest.raises(ag.GameError, match=r"outside 0\.\.5"):
        res.equilibria(6)


def test_degenerate_points_are_solved_exactly() -> None:
    # P = 1: against Escalate both choices tie; the exact answer lists three extreme equilibria
    res = ag.nash_batch(chicken(), P=[1.0, 1.5])
    assert res.exact.tolist() == [True, False]
    exact = res.exact_results[0]
    assert exact.exact
    assert exact.complete
    assert res.equilibria(0) == exact.equilibria
    assert res.counts.tolist() == [3, 3]


def test_a_game_constant_for_one_player_is_degenerate() -> None:
    # the row player is indifferent everywhere: every column is an equilibrium with any row
    A = np.zeros((2, 2))
    B = np.array([[1.0, 0.0], [0.0, 1.0]])
    res = ag.nash_batch(np.stack([A, B]))
    assert res.batch_shape == ()
    assert res.exact.item()
    assert res.counts.item() == 4
    exact_game = ag.NormalFormGame(np.stack([A, B]).astype(int).tolist())
    assert res.equilibria(0) == ag.solve(exact_game, "nash").equilibria


def test_payoffs_that_are_not_rational_fall_back_to_their_decimal_values() -> None:
    game = ag.NormalFormGame([[["exp(x)", 0], [0, 1]], [[1, 0], [0, 1]]], parameters={"x": 0})
    res = ag.nash_batch(game, x=[0.0, 1.0])
    for k, x in enumerate([0.0, 1.0]):
        ref = ag.solve(game.at(x=x), "nash", method="vertex")
        got = [_profile_key(e) for e in res.equilibria(k)]
        assert got == [_profile_key(e) for e in ref.equilibria]


@pytest.mark.parametrize(
    "cells",
    [
        [[["max(a, 1)", 0], [1, "a if a > 0 else -a"]], [[1, 0], [0, 1]]],  # piecewise
        [[["2/(1 + a**2)", 0], [1, "a**2"]], [[1, "1/(2 + a)"], [0, "abs(a)"]]],  # rational
    ],
    ids=["piecewise", "rational"],
)
def test_non_polynomial_payoffs_evaluate_exactly_at_degenerate_points(cells: Any) -> None:
    game = ag.NormalFormGame(cells, parameters={"a": 0})
    a = np.array([-1.0, 0.0, 0.5, 1.0, 2.0])
    res = ag.nash_batch(game, a=a)
    assert res.exact.any()
    for k, v in enumerate(a):
        ref = exact_result(game, {"a": float(v)})
        assert [_profile_key(e) for e in res.equilibria(k)] == [
            _profile_key(e) for e in ref.equilibria
        ]


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((ag.NormalFormGame(np.zeros((3, 2, 2, 2))),), {}, "two-player"),
        ((np.zeros((3, 2, 2)),), {}, r"shape \(\.\.\., 2, m, n\)"),
        ((np.full((2, 2, 2), np.nan),), {}, "finite"),
        ((chicken(),), {"tol": -1.0}, "tol must be"),
        ((ag.NormalFormGame([[[1]], [[1]]]),), {"x": [1.0]}, "unknown parameter"),
        ((np.zeros((2, 2, 2)),), {"x": [1.0]}, "need a parameterised game"),
        (
            ([ag.NormalFormGame([[[1]], [[1]]]), ag.NormalFormGame(np.zeros((2, 2, 2)))],),
            {},
            "same shape",
        ),
        (([chicken()],), {}, "numeric games"),
    ],
)
def test_errors_name_the_problem(args: tuple[Any, ...], kwargs: dict[str, Any], match: str) -> None:
    # GameError, or UnknownNameError for an undeclared parameter name
    with pytest.raises((ag.GameError, ag.UnknownNameError), match=match):
        ag.nash_batch(*args, **kwargs)


# --------------------------------------------------------------------------- sweep plumbing
def test_sweep_routes_nash_to_the_batch_unless_options_ask_otherwise() -> None:
    game = chicken()
    P = np.array([-2.0, 1.0, 4.0, 10.0])
    batched = ag.sweep(game, P=P, concept="nash")
    chunked = ag.sweep(game, P=P, concept="nash", chunk_size=3)
    exact = ag.sweep(game, P=P, concept="nash", options={"exact": True})
    assert batched.labels == chunked.labels == exact.labels
    assert np.array_equal(batched.codes, chunked.codes)
    assert np.array_equal(batched.codes, exact.codes)
    assert batched.label_at(P=10) == (
        "US: Escalate, Iran: Hold | US: Hold+Escalate, Iran: Hold+Escalate | "
        "US: Hold, Iran: Escalate"
    )
    lh = ag.sweep(game, P=P, concept="nash", options={"method": "lemke-howson"})
    assert lh.n_equilibria.tolist() == [1, 1, 1, 1]  # one equilibrium per point: not batched


def test_sweep_with_a_tolerance_and_fixed_parameters() -> None:
    game = ag.NormalFormGame(
        [[["h", -1], [1, "-P"]], [["h", 1], [-1, "-P"]]],
        parameters=[ag.Parameter("P", 10), ag.Parameter("h", Fraction(1, 3))],
    )
    sw = ag.sweep(game, P=[3.0, 10.0], concept="nash", options={"tol": 1e-8})
    for k, P in enumerate([3.0, 10.0]):
        key = exact_key(game, {"P": P, "h": Fraction(1, 3)})
        assert sw.outcome(int(sw.codes[k])) == labels_of(game, [key])[0]


def test_mixed_labels_are_supports_so_a_continuum_is_one_outcome() -> None:
    game = chicken()
    P = np.linspace(2, 20, 37)  # the mixed equilibrium's probabilities change at every point
    sw = ag.sweep(game, P=P, concept="nash")
    assert len(sw.labels) == 1
    assert sw.labels[0].count("|") == 2
    assert "Hold+Escalate" in sw.labels[0]
    assert (sw.n_equilibria == 3).all()
