"""Zero-sum value and maximin strategies (``alliancegame.solvers.zerosum``).

Oracles: textbook games with known values; nashpy's support enumeration (every equilibrium of a
zero-sum game pays the value); an exact weak-duality certificate recomputed here in Fractions;
equilibrium payoffs from Gambit's reference data and ``pure_nash`` (never below a security level);
invariance under positive affine maps and relabelling.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from typing import Any

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog
from tests.strategies import (
    affine_maps,
    float_bimatrix_games,
    int_bimatrix_games,
    normal_form_games,
)

import alliancegame as ag


def zs(A: Any, **kw: Any) -> ag.NormalFormGame:
    """The zero-sum game with row payoffs ``A``."""
    A = np.asarray(A, dtype=object)
    return ag.NormalFormGame.from_arrays(A.tolist(), (-A).tolist(), **kw)


def guarantee(A: Any, x: Any) -> Any:
    """``min_j (x @ A)_j`` computed directly (exact for Fractions)."""
    A = np.asarray(A, dtype=object)
    return min(sum(x[i] * A[i, j] for i in range(A.shape[0])) for j in range(A.shape[1]))


# --------------------------------------------------------------------------- textbook games
TEXTBOOK = [
    pytest.param(
        [[1, -1], [-1, 1]], F(0), [F(1, 2)] * 2, [F(1, 2)] * 2, True, id="matching-pennies"
    ),
    pytest.param(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        F(0),
        [F(1, 3)] * 3,
        [F(1, 3)] * 3,
        True,
        id="rock-paper-scissors",
    ),
    pytest.param(
        [[3, -1], [-2, 1]], F(1, 7), [F(3, 7), F(4, 7)], [F(2, 7), F(5, 7)], True, id="2x2-mixed"
    ),
    pytest.param([[4, 2], [3, 1]], F(2), [1, 0], [0, 1], True, id="saddle-point"),
    pytest.param(
        [[3, -1, 4], [-1, 2, 3]],
        F(5, 7),
        [F(3, 7), F(4, 7)],
        [F(3, 7), F(4, 7), 0],
        True,
        id="2x3-dominated-column",
    ),
]


@pytest.mark.parametrize(("A", "value", "x", "y", "unique"), TEXTBOOK)
def test_textbook_values(A: Any, value: F, x: Any, y: Any, unique: bool) -> None:
    r = ag.zero_sum(zs(A))
    assert (r.concept, r.method, r.exact) == ("maximin", "lp", True)
    assert r.value == (value, -value)
    e = r[0]
    assert list(e.probabilities[0]) == x
    assert list(e.probabilities[1]) == y
    assert e.regret == 0
    assert e.payoffs_ == (value, -value)
    assert r.complete is unique
    assert not r.warnings


def test_value_by_name_and_solve_dispatch() -> None:
    mp = zs([[1, -1], [-1, 1]], players=["US", "Iran"], strategies=[["H", "T"], ["H", "T"]])
    r = ag.solve(mp, "maximin")
    assert r[0]["Iran"] == {"H": F(1, 2), "T": F(1, 2)}
    assert r.to_dict()["value"] == {"US": "0", "Iran": "0"}
    assert "value: 0, 0" in repr(r)
    assert ag.solve(mp, "maximin", method="lp", exact=False).value == (0.0, 0.0)


def test_non_unique_optimal_strategies_are_reported() -> None:
    # The row player must play row 0; the column player may use any q >= 1/2 on column 0.
    r = ag.zero_sum(zs([[2, 2], [1, 3]]))
    assert r.value == (2, -2)
    assert r[0].probabilities[0] == (1, 0)
    assert r.complete is False
    assert len(r.warnings) == 1
    assert "'Player 2' has more than one optimal strategy" in r.warnings[0]


def test_constant_sum_needs_the_flag() -> None:
    A = np.array([[3, 1], [1, 3]])
    g = ag.NormalFormGame.from_arrays(A.tolist(), (4 - A).tolist())
    with pytest.raises(ag.GameError, match=r"sum to the constant 4 .* constant_sum_ok=True"):
        ag.zero_sum(g)
    r = ag.zero_sum(g, constant_sum_ok=True)
    assert r.value == (2, 2)
    assert r.options["constant_sum"] == 4


# --------------------------------------------------------------------------- bad input
def test_rejects_games_it_cannot_solve() -> None:
    three = ag.NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(ag.GameError, match="two-player game, got 3 players"):
        ag.zero_sum(three)
    pd = ag.NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )
    with pytest.raises(ag.GameError, match=r"sum to 6 at \(C, C\) but to 5 at \(C, D\)"):
        ag.zero_sum(pd)
    with pytest.raises(ag.GameError, match=r"not constant-sum"):
        ag.zero_sum(pd, constant_sum_ok=True)
    param = ag.NormalFormGame([[["a", 0], [0, 1]], [["-a", 0], [0, -1]]], parameters={"a": 1})
    with pytest.raises(ag.GameError, match=r"parameters \('a',\).*game\.at"):
        ag.zero_sum(param)
    with pytest.raises(ag.GameError, match="needs a NormalFormGame, got list"):
        ag.zero_sum([[1, -1], [-1, 1]])  # type: ignore[arg-type]
    with pytest.raises(ag.UnknownNameError, match="did you mean 'Player 1'"):
        ag.maximin(pd, "Player 11")
    with pytest.raises(ag.GameError, match="parameters"):
        ag.maximin(param, 0)


def test_exact_failure_is_an_error_or_a_warned_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    # Disable exact vertex recovery and allow only integer roundings: nothing certifies.
    # (patched through the solver's own globals: --doctest-modules may import a second copy)
    namespace = ag.zero_sum.__globals__
    monkeypatch.setitem(namespace, "_exact_vertex", lambda *a: None)
    monkeypatch.setitem(namespace, "_DENOMINATORS", (1,))
    mp = zs([[1, -1], [-1, 1]])
    with pytest.raises(ag.SolverError, match="no certified exact solution"):
        ag.zero_sum(mp, exact=True)
    with pytest.warns(ag.AllianceGameWarning, match="no certified exact rational solution"):
        r = ag.zero_sum(mp)
    assert r.exact is False
    assert r.value[0] == pytest.approx(0.0, abs=1e-9)
    assert any("floating point" in w for w in r.warnings)
    with pytest.raises(ag.SolverError, match="no certified exact solution"):
        ag.maximin(mp, "Player 1", exact=True)
    with pytest.warns(ag.AllianceGameWarning):
        assert ag.maximin(mp, "Player 1").exact is False


# --------------------------------------------------------------------------- properties
def _nashpy_equilibria(A: np.ndarray, B: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Equilibria from nashpy's support enumeration and, as it can miss some to rounding in its
    support checks, its vertex enumeration too."""
    game = nashpy.Game(A, B)
    with warnings.catch_warnings():
        # nashpy warns when it finds an even number of equilibria (numerical near-degeneracy)
        warnings.simplefilter("ignore", RuntimeWarning)
        found = list(game.support_enumeration(tol=1e-12))
        found += list(game.vertex_enumeration())
    return found


@given(float_bimatrix_games(min_strategies=2, max_strategies=4))
def test_value_is_the_payoff_of_every_nash_equilibrium(g: ag.NormalFormGame) -> None:
    A = g.payoff_array()[0]
    game = ag.NormalFormGame.from_arrays(A, -A)
    r = ag.zero_sum(game)
    assert not r.exact
    v = r.value[0]
    assert r.value[1] == -v
    equilibria = _nashpy_equilibria(A, -A)
    assert equilibria, "nashpy found no equilibrium of a generic game"
    for x, y in equilibria:
        assert x @ A @ y == pytest.approx(v, abs=1e-7)
    x, y = (np.asarray(p) for p in r[0].probabilities)
    assert guarantee(A, x) == pytest.approx(v, abs=1e-7)
    assert max(A @ y) == pytest.approx(v, abs=1e-7)
    assert max(ag.regret(game, [x, y])) <= 1e-7
    assert r.complete  # generic games have a unique equilibrium


@given(int_bimatrix_games(max_strategies=4))
def test_exact_value_is_certified_and_matches_floats(g: ag.NormalFormGame) -> None:
    A = g.exact_payoff_array()[0]
    game = zs(A)
    r = ag.zero_sum(game)
    assert r.exact
    x, y = r[0].probabilities
    assert all(isinstance(p, F) for p in (*x, *y))
    # weak duality: x guarantees v and y concedes at most v, so v is the value
    v = r.value[0]
    assert guarantee(A, x) == v
    assert -guarantee((-A).T, y) == v
    assert ag.regret(game, [x, y], exact=True) == (0, 0)
    rf = ag.zero_sum(game, exact=False)
    assert rf.value[0] == pytest.approx(float(v), abs=1e-8)
    # complete <=> both optimal sets are single points (each coordinate's range over the set)
    Af = A.astype(float)
    unique = _single_point(Af, float(v)) and _single_point(-Af.T, -float(v))
    assert r.complete is unique
    assert rf.complete is unique
    assert (len(r.warnings) == 0) is unique


def _single_point(M: np.ndarray, v: float) -> bool:
    """Whether ``{x in simplex : x @ M >= v}`` is one point: no coordinate can vary in it."""
    m, n = M.shape
    for k in range(m):
        ends = []
        for sign in (1.0, -1.0):
            res = linprog(
                sign * np.eye(m)[k],
                A_ub=-M.T,
                b_ub=np.full(n, -v + 1e-9),
                A_eq=np.ones((1, m)),
                b_eq=[1.0],
                bounds=(0, None),
            )
            assert res.status == 0
            ends.append(sign * res.fun)
        if ends[1] - ends[0] > 1e-6:
            return False
    return True


def test_large_denominators_are_recovered_exactly() -> None:
    # Values whose denominators (about 1e12) are beyond any float rounding: the exact answer
    # comes from solving the LP's tight constraints in rationals, then certified.
    rng = np.random.default_rng(2024)
    denominators = []
    for _ in range(5):
        A = rng.integers(-(10**6), 10**6, size=(4, 5)).astype(object)
        r = ag.zero_sum(zs(A), exact=True)
        x, y = r[0].probabilities
        v = r.value[0]
        assert guarantee(A, x) == v == -guarantee((-A).T, y)
        denominators.append(v.denominator)
    assert max(denominators) > 10**9


@given(int_bimatrix_games(max_strategies=3), st.data())
def test_value_under_positive_affine_maps(g: ag.NormalFormGame, data: st.DataObject) -> None:
    A = g.exact_payoff_array()[0]
    (a, _), (b1, b2) = data.draw(affine_maps(2))
    game = zs(A)
    moved = game.affine([a, a], [b1, b2])  # constant-sum with constant b1 + b2
    v = ag.zero_sum(game).value[0]
    r = ag.zero_sum(moved, constant_sum_ok=True)
    assert r.value == (a * v + b1, -a * v + b2)
    assert r.options["constant_sum"] == b1 + b2
    if b1 + b2 != 0:
        with pytest.raises(ag.GameError, match="constant_sum_ok"):
            ag.zero_sum(moved)
    rf = ag.zero_sum(ag.NormalFormGame(moved.payoff_array()), constant_sum_ok=True)
    assert not rf.exact
    assert rf.value == pytest.approx((float(a * v + b1), float(-a * v + b2)), abs=1e-7)


@given(int_bimatrix_games(max_strategies=3), st.data())
def test_value_under_relabelling(g: ag.NormalFormGame, data: st.DataObject) -> None:
    A = g.exact_payoff_array()[0]
    game = zs(A, players=["Row", "Col"])
    v = ag.zero_sum(game).value
    perms = {p: data.draw(st.permutations(game.strategies[i])) for i, p in enumerate(game.players)}
    swapped = game.relabel(players=["Col", "Row"], strategies=perms)
    r = ag.zero_sum(swapped)
    assert r.value == (v[1], v[0])
    assert r[0].payoffs == {"Row": v[0], "Col": v[1]}


@given(int_bimatrix_games(max_strategies=4))
def test_maximin_of_zero_sum_players_is_the_value(g: ag.NormalFormGame) -> None:
    A = g.exact_payoff_array()[0]
    game = zs(A)
    v = ag.zero_sum(game).value
    m1, m2 = ag.maximin(game, "Player 1"), ag.maximin(game, 1)
    assert (m1.value, m2.value) == v
    assert m1.exact
    assert m2.exact
    assert guarantee(A, m1.probabilities) == v[0]


@given(normal_form_games(n_players=st.integers(1, 3), max_strategies=3, integer=True))
def test_security_level_is_certified_and_below_every_pure_equilibrium(
    g: ag.NormalFormGame,
) -> None:
    arr = g.exact_payoff_array()
    pure = ag.pure_nash(g)
    for i, p in enumerate(g.players):
        m = ag.maximin(g, p)
        # The mixture guarantees exactly the security level against every opponent profile ...
        U = np.moveaxis(arr[i], i, 0).reshape(g.shape[i], -1)
        assert guarantee(U, m.probabilities) == m.value
        # ... which lies between the pure maximin and the pure minimax ...
        assert max(U.min(axis=1)) <= m.value <= min(U.max(axis=0))
        # ... and no equilibrium pays less (a player can always secure it by deviating).
        for e in pure:
            assert e.payoffs[p] >= m.value


@given(float_bimatrix_games(min_strategies=2, max_strategies=4))
def test_general_sum_security_level_is_below_every_equilibrium(g: ag.NormalFormGame) -> None:
    A, B = g.payoff_array()
    m1, m2 = ag.maximin(g, "Player 1"), ag.maximin(g, "Player 2")
    assert not m1.exact
    assert sum(m1.probabilities) == pytest.approx(1.0)
    for x, y in _nashpy_equilibria(A, B):
        assert x @ A @ y >= m1.value - 1e-7
        assert x @ B @ y >= m2.value - 1e-7


def test_maximin_record_is_readable() -> None:
    pd = ag.NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )
    m = ag.maximin(pd, "Player 2")
    assert m == ag.Maximin("Player 2", ("C", "D"), (F(0), F(1)), F(1), True)
    assert m.strategy == {"C": 0, "D": 1}
    assert m.to_dict() == {
        "player": "Player 2",
        "strategy": {"C": "0", "D": "1"},
        "value": "1",
        "exact": True,
    }
    mf = ag.maximin(ag.NormalFormGame(pd.payoff_array()), 0)
    assert mf.to_dict()["value"] == pytest.approx(1.0)
