"""Iterated elimination of dominated strategies (``alliancegame.solvers.dominance``).

Oracles: textbook games; equilibria from Gambit's stored reference data, nashpy and
``pure_nash`` (strict dominance never removes a strategy any equilibrium uses, and the reduced
game has the same equilibria); each recorded dominator re-checked here in the game of its round;
Pearce's lemma (every survivor is a best reply to some belief, an LP written independently);
invariance under relabelling; agreement of exact and float arithmetic.
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction as F
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog
from tests.strategies import float_bimatrix_games, normal_form_games

import alliancegame as ag

REFERENCE = Path(__file__).parent / "reference" / "gambit_reference.json"


def survivors(r: ag.SolverResult) -> dict[str, set[str]]:
    g = r.reduced_game
    return {p: set(s) for p, s in zip(g.players, g.strategies, strict=True)}


def kept_indices(g: ag.NormalFormGame, r: ag.SolverResult) -> list[list[int]]:
    """Per player, the indices (in ``g``) of the surviving strategies."""
    return [
        [g.strategies[i].index(s) for s in ss] for i, ss in enumerate(r.reduced_game.strategies)
    ]


def pure_profiles(g: ag.NormalFormGame, **kw: Any) -> set[tuple[str, ...]]:
    """The game's pure equilibria, as tuples of strategy names."""
    return {tuple(e.support(p)[0] for p in e.players) for e in ag.pure_nash(g, **kw)}


def game_from(payoff: Any, strategies: list[list[str]], **kw: Any) -> ag.NormalFormGame:
    """An N-player game whose payoffs are ``payoff(player, profile_of_names)``."""
    n = len(strategies)
    arr = np.empty((n, *map(len, strategies)), dtype=object)
    for idx in product(*(range(len(s)) for s in strategies)):
        names = tuple(strategies[i][k] for i, k in enumerate(idx))
        for i in range(n):
            arr[(i, *idx)] = payoff(i, names)
    return ag.NormalFormGame(arr, strategies=strategies, **kw)


# --------------------------------------------------------------------------- textbook games
def test_prisoners_dilemma_is_dominance_solvable() -> None:
    pd = ag.NormalFormGame.from_arrays(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=["US", "Iran"],
        strategies=[["C", "D"], ["C", "D"]],
    )
    r = ag.iterated_dominance(pd)
    assert (r.concept, r.method, r.exact) == ("dominance", "iesds", True)
    assert r.eliminated == ((1, "US", "C"), (1, "Iran", "C"))
    assert survivors(r) == {"US": {"D"}, "Iran": {"D"}}
    assert len(r) == 1
    assert r.complete
    assert r[0].payoffs == {"US": 1, "Iran": 1}
    assert r[0].regret == 0
    assert r.to_dict()["eliminated"][0] == {"round": 1, "player": "US", "strategy": "C"}
    assert ag.solve(pd, "dominance").eliminated == r.eliminated


def test_strategy_dominated_only_by_a_mixture() -> None:
    # 2x3: the column player's C = (1, 1) is beaten by (L + R)/2 = (3/2, 3/2), not by L or R.
    g = ag.NormalFormGame.from_arrays(
        [[1, 2, 0], [0, 1, 2]],
        [[3, 1, 0], [0, 1, 3]],
        strategies=[["U", "D"], ["L", "C", "R"]],
    )
    assert ag.iterated_dominance(g, mixed=False).eliminated == ()
    r = ag.iterated_dominance(g)
    assert r.eliminated == ((1, "Player 2", "C"),)
    (e,) = r.options["eliminations"]
    assert not e.is_pure
    assert sum(p for _, p in e.dominator) == 1
    assert {s for s, _ in e.dominator} == {"L", "R"}
    assert e.margin == F(1, 2)  # the largest margin any mixture achieves: at (L + R)/2
    assert survivors(r) == {"Player 1": {"U", "D"}, "Player 2": {"L", "R"}}
    assert len(r) == 0
    assert not r.complete


def test_three_player_game_reduced_over_three_rounds() -> None:
    # Player 1 has a dominant strategy; Player 2 wants to match it, Player 3 to match Player 2.
    def payoff(i: int, s: tuple[str, ...]) -> int:
        if i == 0:
            return 1 if s[0] == "a" else 0
        if i == 1:
            return 1 if (s[1], s[0]) in {("x", "a"), ("y", "b")} else 0
        return 1 if (s[2], s[1]) in {("l", "x"), ("r", "y")} else 0

    g = game_from(payoff, [["a", "b"], ["x", "y"], ["l", "r"]], players=["P1", "P2", "P3"])
    r = ag.iterated_dominance(g)
    assert r.eliminated == ((1, "P1", "b"), (2, "P2", "y"), (3, "P3", "r"))
    assert r.options["rounds"] == 3
    assert r[0].support("P3") == ("l",)
    assert r.complete
    assert pure_profiles(g) == {("a", "x", "l")}


def test_guess_two_thirds_of_the_other() -> None:
    # Each player picks 0..10 and wants to be close to 2/3 of the other's number.
    numbers = [str(k) for k in range(11)]

    def payoff(i: int, s: tuple[str, ...]) -> F:
        return -abs(F(s[i]) - F(2, 3) * F(s[1 - i]))

    g = game_from(payoff, [numbers, numbers])
    r = ag.iterated_dominance(g, mixed=False)
    # 8-10 lose to 7 (the target is at most 20/3), then 6-7, 4-5, 3 and 2 in turn; 1 and 0
    # both survive, as each is a best reply to itself.
    assert survivors(r) == {"Player 1": {"0", "1"}, "Player 2": {"0", "1"}}
    assert r.options["rounds"] == 5
    assert [s for k, p, s in r.eliminated if p == "Player 1" and k == 1] == ["8", "9", "10"]
    assert pure_profiles(g) == {("0", "0"), ("1", "1")}
    assert survivors(ag.iterated_dominance(g)) == survivors(r)


def test_weak_dominance_is_order_dependent_and_says_so() -> None:
    g = ag.NormalFormGame.from_arrays(
        [[1, 0], [1, 2], [0, 2]],
        [[1, 0], [1, 1], [0, 1]],
        strategies=[["T", "M", "B"], ["L", "R"]],
    )
    assert ag.iterated_dominance(g).eliminated == ()  # nothing is strictly dominated
    r = ag.iterated_dominance(g, weak=True)
    # M weakly dominates T and B; eliminating only T first would instead remove L, leaving
    # {M, B} x {R}: the order matters.
    assert survivors(r) == {"Player 1": {"M"}, "Player 2": {"L", "R"}}
    assert any("order dependent" in w for w in r.warnings)
    assert not r.complete
    one = ag.NormalFormGame.from_arrays(
        [[1, 1], [0, 1]], [[1, 0], [1, 0]], strategies=[["U", "D"], ["L", "R"]]
    )
    rw = ag.iterated_dominance(one, weak=True)
    assert len(rw) == 1
    assert rw[0].support("Player 1") == ("U",)
    assert rw[0].support("Player 2") == ("L",)
    assert any("other equilibria may have been eliminated" in w for w in rw.warnings)


def test_exact_mode_on_float_payoffs_and_float_mode_records() -> None:
    g = ag.NormalFormGame.from_arrays(
        np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]]),
        np.zeros((3, 2)),
        strategies=[["T", "M", "B"], ["L", "R"]],
    )
    rf = ag.iterated_dominance(g)
    assert not rf.exact
    (e,) = rf.options["eliminations"]
    assert e.strategy == "B"
    assert isinstance(e.margin, float)
    assert e.margin == pytest.approx(0.5)
    assert dict(e.dominator) == pytest.approx({"T": 0.5, "M": 0.5})
    re = ag.iterated_dominance(g, exact=True)
    assert re.exact
    assert re.eliminated == rf.eliminated
    assert re.options["eliminations"][0].margin == F(1, 2)
    assert "round 1: Player 1's B by (T=1/2, M=1/2)" in repr(re.options["eliminations"][0])


# --------------------------------------------------------------------------- bad input
def test_rejects_what_it_cannot_solve() -> None:
    param = ag.NormalFormGame([[["a", 0], [0, 1]], [["a", 0], [0, 1]]], parameters={"a": 1})
    with pytest.raises(ag.GameError, match=r"iterated_dominance: the game has parameters"):
        ag.iterated_dominance(param)
    with pytest.raises(ag.GameError, match="needs a NormalFormGame, got dict"):
        ag.iterated_dominance({})  # type: ignore[arg-type]
    pd = ag.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(ag.GameError, match=r"tol must be nonnegative, got -1"):
        ag.iterated_dominance(pd, tol=-1)


def test_unverifiable_mixture_is_kept_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # Allow only integer roundings of the LP's mixture: (1/2, 1/2) cannot be verified.
    # (patched through the solver's own globals: --doctest-modules may import a second copy)
    namespace = ag.iterated_dominance.__globals__["_rationalisations"].__globals__
    monkeypatch.setitem(namespace, "_DENOMINATORS", (1,))
    g = ag.NormalFormGame.from_arrays(
        [[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]], strategies=[["T", "M", "B"], ["L", "R"]]
    )
    with pytest.warns(ag.AllianceGameWarning, match="'B' appears dominated by a mixture"):
        r = ag.iterated_dominance(g)
    assert r.eliminated == ()
    assert any("could be verified exactly" in w for w in r.warnings)
    assert ag.iterated_dominance(g, exact=False).eliminated == ((1, "Player 1", "B"),)


# --------------------------------------------------------------------------- oracles
@cache
def _reference_games() -> list[dict[str, Any]]:
    games: list[dict[str, Any]] = json.loads(REFERENCE.read_text(encoding="utf-8"))["games"]
    return games


@pytest.mark.parametrize("record", _reference_games(), ids=lambda r: r["id"])
def test_gambit_equilibria_survive(record: dict[str, Any]) -> None:
    arr = np.vectorize(F, otypes=[object])(np.array(record["payoffs"], dtype=object))
    g = ag.NormalFormGame(arr)
    r = ag.iterated_dominance(g)
    keep = [
        {g.strategies[i].index(s) for s in ss} for i, ss in enumerate(r.reduced_game.strategies)
    ]
    for method in ("enumpure", "enummixed", "lcp"):
        for profile in record.get(method, []):
            for i, probs in enumerate(profile):
                used = {k for k, p in enumerate(probs) if F(p) > 0}
                assert used <= keep[i], (method, profile)
    assert pure_profiles(r.reduced_game) == pure_profiles(g)
    if len(r) == 1:  # dominance solvable: Gambit must agree this is the only equilibrium
        assert len(record["enumpure"]) == 1
        if "enummixed" in record:
            assert len(record["enummixed"]) == 1


def _replay_check(g: ag.NormalFormGame, r: ag.SolverResult) -> None:
    """Re-check every recorded dominator in the game remaining at the start of its round."""
    arr = g.exact_payoff_array() if r.exact else g.payoff_array()
    alive = [list(s) for s in g.strategies]
    records = r.options["eliminations"]
    assert [(e.round, e.player, e.strategy) for e in records] == list(r.eliminated)
    for rnd in range(1, r.options["rounds"] + 1):
        batch = [e for e in records if e.round == rnd]
        assert batch
        idx = [[g.strategies[i].index(s) for s in a] for i, a in enumerate(alive)]
        for e in batch:
            i = g.players.index(e.player)
            u = np.moveaxis(arr[i][np.ix_(*idx)], i, 0)
            here = alive[i]
            mix = sum(p * u[here.index(s)] for s, p in e.dominator)
            adv = np.ravel(mix - u[here.index(e.strategy)])
            assert sum(p for _, p in e.dominator) == pytest.approx(1)
            if r.exact:
                assert min(adv) == e.margin
            else:
                assert min(adv) == pytest.approx(e.margin, abs=1e-9)
            assert e.margin > 0
        for e in batch:
            alive[g.players.index(e.player)].remove(e.strategy)
    assert alive == [list(s) for s in r.reduced_game.strategies]


def _best_reply_to_some_belief(U: np.ndarray, s: int) -> bool:
    """Pearce's lemma, as an LP: is row ``s`` a best reply to some belief over the columns?"""
    k, cells = U.shape
    # maximise t s.t. sum_c mu_c (U[s, c] - U[r, c]) >= t for every row r, mu in the simplex
    res = linprog(
        np.r_[np.zeros(cells), -1.0],
        A_ub=np.c_[-(U[s] - U).astype(float), np.ones(k)],
        b_ub=np.zeros(k),
        A_eq=np.r_[np.ones(cells), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * cells + [(None, None)],
    )
    return bool(res.status == 0 and -res.fun >= -1e-7)


def _check_survivors_undominated(r: ag.SolverResult) -> None:
    """Every survivor is a best reply to some belief about the others' remaining profiles."""
    red = r.reduced_game.payoff_array()
    for i in range(r.reduced_game.n_players):
        U = np.moveaxis(red[i], i, 0).reshape(red.shape[i + 1], -1)
        assert all(_best_reply_to_some_belief(U, s) for s in range(U.shape[0]))


@given(normal_form_games(n_players=st.integers(1, 3), max_strategies=4))
def test_strict_elimination_keeps_equilibria_and_only_removes_dominated(
    g: ag.NormalFormGame,
) -> None:
    r = ag.iterated_dominance(g)
    tol = r.options["tol"]
    before = pure_profiles(g, tol=tol) if not r.exact else pure_profiles(g)
    after = pure_profiles(r.reduced_game, tol=tol) if not r.exact else pure_profiles(r.reduced_game)
    assert after == before
    kept = survivors(r)
    for prof in before:
        assert all(s in kept[p] for p, s in zip(g.players, prof, strict=True))
    _replay_check(g, r)
    _check_survivors_undominated(r)
    assert (len(r) == 1) == all(len(s) == 1 for s in r.reduced_game.strategies)
    if len(r) == 1:
        assert before == {tuple(r[0].support(p)[0] for p in g.players)}


@given(float_bimatrix_games(min_strategies=2, max_strategies=4))
def test_mixed_equilibria_survive_generic_games(g: ag.NormalFormGame) -> None:
    A, B = g.payoff_array()
    r = ag.iterated_dominance(g)
    keep = [
        [g.strategies[i].index(s) for s in ss] for i, ss in enumerate(r.reduced_game.strategies)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nashpy's degeneracy notice
        equilibria = list(nashpy.Game(A, B).support_enumeration(tol=1e-12))
        a, b = r.reduced_game.payoff_array()
        reduced = list(nashpy.Game(a, b).support_enumeration(tol=1e-12))
    for x, y in equilibria:  # an equilibrium of the game uses only survivors ...
        assert set(np.flatnonzero(x > 1e-9)) <= set(keep[0])
        assert set(np.flatnonzero(y > 1e-9)) <= set(keep[1])
        assert max(ag.regret(r.reduced_game, [x[keep[0]], y[keep[1]]])) <= 1e-7
    for x, y in reduced:  # ... and an equilibrium of the reduced game is one of the game
        xf, yf = np.zeros(A.shape[0]), np.zeros(A.shape[1])
        xf[keep[0]], yf[keep[1]] = x, y
        assert max(ag.regret(g, [xf, yf])) <= 1e-7
    _replay_check(g, r)
    _check_survivors_undominated(r)


@given(normal_form_games(n_players=st.integers(2, 3), max_strategies=3), st.data())
def test_invariant_under_relabelling(g: ag.NormalFormGame, data: st.DataObject) -> None:
    names = [f"P{k}" for k in range(g.n_players)]
    g = ag.NormalFormGame(g.payoffs, players=names)
    order = data.draw(st.permutations(names))
    perms = {p: data.draw(st.permutations(g.strategies[i])) for i, p in enumerate(names)}
    h = g.relabel(players=order, strategies=perms)
    r, s = ag.iterated_dominance(g), ag.iterated_dominance(h)
    assert survivors(r) == survivors(s)
    assert set(r.eliminated) == set(s.eliminated)
    assert len(r) == len(s)


@given(normal_form_games(n_players=st.integers(1, 3), max_strategies=4, integer=True))
def test_exact_and_float_agree_on_integer_games(g: ag.NormalFormGame) -> None:
    exact = ag.iterated_dominance(g)
    floats = ag.iterated_dominance(g, exact=False)
    assert exact.exact
    assert not floats.exact
    assert set(exact.eliminated) == set(floats.eliminated)
    assert survivors(exact) == survivors(floats)
    pure_only = ag.iterated_dominance(g, mixed=False)
    for p, kept in survivors(exact).items():
        assert kept <= survivors(pure_only)[p]


@given(normal_form_games(n_players=st.integers(2, 3), max_strategies=3, integer=True))
def test_weak_elimination_keeps_only_equilibria_of_the_game(g: ag.NormalFormGame) -> None:
    r = ag.iterated_dominance(g, weak=True)
    strict = ag.iterated_dominance(g)
    assert pure_profiles(r.reduced_game) <= pure_profiles(g)
    for p, kept in survivors(r).items():
        assert kept <= survivors(strict)[p]
    for e in r.options["eliminations"]:
        assert e.margin >= 0
        assert e.gain > 0
