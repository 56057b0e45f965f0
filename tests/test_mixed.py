"""Mixed equilibria of two-player games: vertex and support enumeration, components, nashpy.

Oracles: a plain-Python regret (sums of Fractions over the payoff matrices) for "is an
equilibrium"; the two enumeration methods against each other (independent algorithms: pivoting
over feasible bases versus solving indifference systems); exact arithmetic against floats;
invariance of the equilibrium set under positive affine payoff maps and under relabelling of
players and strategies; nashpy's answers; brute force for maximal cliques; textbook games with
their published equilibria (cross-checked with Gambit's ``enummixed``).
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame import DegenerateGameWarning, GameError, NormalFormGame
from alliancegame.solvers import mixed, support, vertex
from alliancegame.solvers.mixed import maximal_cliques, nashpy_solve
from alliancegame.solvers.support import solve_integer_system, support_enumeration
from alliancegame.solvers.vertex import exact_vertices, float_vertices, vertex_enumeration

from .strategies import affine_maps, float_bimatrix_games, int_bimatrix_games

METHODS = {"vertex": vertex_enumeration, "support": support_enumeration}
Key = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


# ----------------------------------------------------------------------------- oracles
def _regret(A: list[list[Any]], B: list[list[Any]], x: list[Any], y: list[Any]) -> Any:
    """Largest gain from a pure deviation, summed by hand (no NumPy)."""
    m, n = len(A), len(A[0])
    rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    return max(
        max(rows) - sum(x[i] * rows[i] for i in range(m)),
        max(cols) - sum(y[j] * cols[j] for j in range(n)),
    )


def _matrices(game: NormalFormGame) -> tuple[list[list[Any]], list[list[Any]]]:
    arr = game.exact_payoff_array()
    return arr[0].tolist(), arr[1].tolist()


def _keys(result: ag.SolverResult) -> set[Key]:
    return {
        (
            tuple(Fraction(v) for v in e.probabilities[0]),
            tuple(Fraction(v) for v in e.probabilities[1]),
        )
        for e in result
    }


def _points(result: ag.SolverResult) -> np.ndarray:
    width = sum(result.game.shape)
    rows = [np.concatenate([np.asarray(p, dtype=float) for p in e.probabilities]) for e in result]
    return np.array(rows).reshape(len(rows), width)


def _same_points(a: np.ndarray, b: np.ndarray, tol: float = 1e-7) -> bool:
    if a.shape != b.shape:
        return False
    return all(np.min(np.max(np.abs(b - p), axis=1)) <= tol for p in a) and all(
        np.min(np.max(np.abs(a - p), axis=1)) <= tol for p in b
    )


def _check_equilibria(game: NormalFormGame, result: ag.SolverResult) -> None:
    """Every profile is a probability vector pair with zero exact regret."""
    A, B = _matrices(game)
    for e in result:
        x, y = (list(map(Fraction, p)) for p in e.probabilities)
        assert all(v >= 0 for v in x + y)
        assert sum(x) == 1
        assert sum(y) == 1
        assert _regret(A, B, x, y) == 0


def _named(result: ag.SolverResult, game: NormalFormGame) -> set[Key]:
    """Equilibria keyed by the *names* of ``game``'s players and strategies (for relabelling)."""
    out = set()
    for e in result:
        x, y = (
            tuple(Fraction(e[p][s]) for s in game.strategies[i]) for i, p in enumerate(game.players)
        )
        out.add((x, y))
    return out


# ----------------------------------------------------------------------------- textbook games
F = Fraction
TEXTBOOK = [
    pytest.param(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        {((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), ((0, 1), (0, 1))},
        ((0,), (1,), (2,)),
        id="battle-of-the-sexes",
    ),
    pytest.param(
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
        ((0,),),
        id="matching-pennies",
    ),
    pytest.param(  # Chicken: R=0, S=-1, T=1, P=-10; the mixed equilibrium plays D w.p. 1/10
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        {((1, 0), (0, 1)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), ((0, 1), (1, 0))},
        ((0,), (1,), (2,)),
        id="chicken",
    ),
    pytest.param(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        {((0, 1), (0, 1))},
        ((0,),),
        id="prisoners-dilemma",
    ),
    pytest.param(  # von Stengel (2007), Fig. 3.1: nondegenerate, three equilibria
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        {
            ((1, 0, 0), (1, 0)),
            ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
            ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
        ((0,), (1,), (2,)),
        id="von-stengel-nondegenerate",
    ),
    pytest.param(  # von Stengel (2007), Fig. 3.3: degenerate; a segment of equilibria
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        {
            ((1, 0, 0), (1, 0)),
            ((1, 0, 0), (F(2, 3), F(1, 3))),
            ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
        ((0, 1), (2,)),
        id="von-stengel-degenerate",
    ),
    pytest.param(  # the row player is indifferent: a continuum of three segments
        [[1, 1], [1, 1]],
        [[1, 0], [0, 1]],
        {
            ((1, 0), (1, 0)),
            ((F(1, 2), F(1, 2)), (1, 0)),
            ((F(1, 2), F(1, 2)), (0, 1)),
            ((0, 1), (0, 1)),
        },
        ((0, 1), (1, 2), (2, 3)),
        id="indifferent-row-player",
    ),
    pytest.param(  # everything is an equilibrium: one 2 x 2 clique
        [[0, 0], [0, 0]],
        [[0, 0], [0, 0]],
        {((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (1, 0)), ((0, 1), (0, 1))},
        ((0, 1, 2, 3),),
        id="constant-payoffs",
    ),
    pytest.param(  # one strategy for the row player; the column player ties on two of three
        [[1, 2, 3]],
        [[2, 2, 1]],
        {((1,), (1, 0, 0)), ((1,), (0, 1, 0))},
        ((0, 1),),
        id="one-by-three",
    ),
]


def _as_keys(expected: set[Any]) -> set[Key]:
    return {(tuple(map(Fraction, x)), tuple(map(Fraction, y))) for x, y in expected}


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(("A", "B", "expected", "components"), TEXTBOOK)
def test_textbook_games_exact(
    A: list[list[int]], B: list[list[int]], expected: set[Any], components: Any, method: str
) -> None:
    game = NormalFormGame.from_arrays(A, B)
    result = METHODS[method](game)
    assert result.exact
    assert result.complete
    assert result.concept == "nash"
    assert result.method == method
    assert _keys(result) == _as_keys(expected)
    assert result.components == components
    assert result.max_regret == 0
    _check_equilibria(game, result)
    if any(len(c) > 1 for c in components):
        assert any("degenerate" in w for w in result.warnings)
    else:
        assert result.warnings == ()


NONDEGENERATE = [p for p in TEXTBOOK if len(p.values[2]) == len(p.values[3])]
DEGENERATE = [p for p in TEXTBOOK if p not in NONDEGENERATE]


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(("A", "B", "expected", "components"), NONDEGENERATE)
def test_textbook_games_float(
    A: list[list[int]], B: list[list[int]], expected: set[Any], components: Any, method: str
) -> None:
    game = NormalFormGame(np.array([A, B], dtype=float))
    result = METHODS[method](game)
    assert not result.exact
    assert result.complete
    assert result.warnings == ()
    want = np.array([[float(v) for v in (*x, *y)] for x, y in _as_keys(expected)])
    assert _same_points(_points(result), want, 1e-12)
    assert all(isinstance(v, float) for e in result for p in e.probabilities for v in p)


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(("A", "B", "expected", "components"), DEGENERATE)
def test_float_mode_says_when_a_game_looks_degenerate(
    A: list[list[int]], B: list[list[int]], expected: set[Any], components: Any, method: str
) -> None:
    game = NormalFormGame.from_arrays(A, B)
    with pytest.warns(DegenerateGameWarning, match="degenerate"):
        result = METHODS[method](game, exact=False)
    assert not result.complete
    assert any("degenerate" in w for w in result.warnings)
    # what it did find is right: extreme equilibria, each verified
    want = np.array([[float(v) for v in (*x, *y)] for x, y in _as_keys(expected)])
    for p in _points(result):
        assert np.min(np.max(np.abs(want - p), axis=1)) <= 1e-9


def test_chicken_mixed_equilibrium_plays_dare_with_probability_one_tenth() -> None:
    chicken = NormalFormGame.from_arrays(
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        players=["US", "Iran"],
        strategies=[["swerve", "dare"], ["swerve", "dare"]],
    )
    mixed_eq = [e for e in ag.solve(chicken) if not e.is_pure]
    assert len(mixed_eq) == 1
    assert mixed_eq[0]["US"]["dare"] == Fraction(1, 10)
    assert mixed_eq[0]["Iran"]["dare"] == Fraction(1, 10)
    assert mixed_eq[0].payoffs == {"US": Fraction(-1, 10), "Iran": Fraction(-1, 10)}


# ----------------------------------------------------------------------------- properties
@given(int_bimatrix_games())
def test_exact_vertex_enumeration_returns_exact_equilibria(game: NormalFormGame) -> None:
    result = vertex_enumeration(game)
    assert result.exact
    assert result.complete
    assert len(result) >= 1  # Nash (1951)
    _check_equilibria(game, result)


@given(int_bimatrix_games())
def test_exact_vertex_and_support_enumeration_agree_on_every_game(game: NormalFormGame) -> None:
    """Two independent exact algorithms: same extreme equilibria, same order, same cliques."""
    v = vertex_enumeration(game)
    s = support_enumeration(game)
    assert [e.probabilities for e in v] == [e.probabilities for e in s]
    assert v.components == s.components


@given(int_bimatrix_games(max_strategies=3, low=-1, high=1))
def test_components_are_maximal_cliques_of_equilibria(game: NormalFormGame) -> None:
    result = vertex_enumeration(game)
    A, B = _matrices(game)
    eqs = [(e.probabilities[0], e.probabilities[1]) for e in result]
    pairs = set(eqs)
    assert result.components is not None
    covered = set()
    for clique in result.components:
        xs = {eqs[k][0] for k in clique}
        ys = {eqs[k][1] for k in clique}
        # the clique holds exactly X x Y, and every pair in X x Y is an equilibrium
        assert {eqs[k] for k in clique} == {(x, y) for x in xs for y in ys}
        # its convex hull is a set of equilibria: check the barycentre
        bx = [sum(x[i] for x in xs) / len(xs) for i in range(len(A))]
        by = [sum(y[j] for y in ys) / len(ys) for j in range(len(A[0]))]
        assert _regret(A, B, bx, by) == 0
        # maximal: no other extreme strategy pairs with all of the other side
        others_x = {x for x, _ in eqs} - xs
        others_y = {y for _, y in eqs} - ys
        assert not any(all((x, y) in pairs for y in ys) for x in others_x)
        assert not any(all((x, y) in pairs for x in xs) for y in others_y)
        covered |= set(clique)
    assert covered == set(range(len(result)))


@given(float_bimatrix_games())
def test_float_vertex_and_support_agree_on_generic_games(game: NormalFormGame) -> None:
    v = vertex_enumeration(game)
    s = support_enumeration(game)
    assert v.complete
    assert s.complete
    assert v.warnings == s.warnings == ()
    assert _same_points(_points(v), _points(s))
    assert len(v) % 2 == 1  # a nondegenerate game has an odd number of equilibria
    assert v.components == tuple((k,) for k in range(len(v)))


@given(float_bimatrix_games(max_strategies=4))
def test_exact_and_float_modes_agree_on_generic_games(game: NormalFormGame) -> None:
    floating = vertex_enumeration(game)
    exact = vertex_enumeration(game, exact=True)
    assert exact.exact
    assert not floating.exact
    assert _same_points(_points(floating), _points(exact), 1e-9)
    _check_equilibria(game, exact)  # exact over the binary value of each float payoff


@given(int_bimatrix_games(), affine_maps(2), st.sampled_from(list(METHODS)))
def test_equilibria_invariant_under_positive_affine_maps(
    game: NormalFormGame, maps: tuple[list[int], list[int]], method: str
) -> None:
    scales, shifts = maps
    before = METHODS[method](game)
    after = METHODS[method](game.affine(scales, shifts))
    assert _keys(after) == _keys(before)
    assert after.components == before.components


@given(int_bimatrix_games(), st.data())
def test_equilibria_invariant_under_relabelling(game: NormalFormGame, data: Any) -> None:
    players = data.draw(st.permutations(list(game.players)))
    strategies = {
        p: data.draw(st.permutations(list(game.strategies[i]))) for i, p in enumerate(game.players)
    }
    relabelled = game.relabel(players=players, strategies=strategies)
    before = vertex_enumeration(game)
    after = vertex_enumeration(relabelled)
    assert _named(after, game) == _named(before, game)
    assert len(after.components or ()) == len(before.components or ())


@settings(max_examples=15)  # nashpy is slow; fifteen games per run keep the file quick
@given(float_bimatrix_games(min_strategies=2, max_strategies=4))
def test_nashpy_equilibria_are_among_ours_on_generic_games(game: NormalFormGame) -> None:
    ours = _points(vertex_enumeration(game))
    for method in ("support", "vertex"):
        theirs = nashpy_solve(game, method)
        assert theirs.method == f"nashpy-{method}"
        assert not theirs.complete
        for p in _points(theirs):
            assert np.min(np.max(np.abs(ours - p), axis=1)) <= 1e-7


def test_nashpy_answers_that_fail_verification_are_dropped(monkeypatch: Any) -> None:
    import nashpy

    def bogus(self: Any, *args: Any, **kwargs: Any) -> Any:
        yield np.array([1.0, 0.0]), np.array([1.0, 0.0])  # not an equilibrium
        yield np.array([0.5, 0.5]), np.array([0.5, 0.5])  # the real one
        yield np.array([np.nan, 0.0]), np.array([1.0, 0.0])  # malformed

    monkeypatch.setattr(nashpy.Game, "support_enumeration", bogus)
    pennies = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    with pytest.warns(ag.AllianceGameWarning, match="failed verification"):
        result = nashpy_solve(pennies, "support")
    assert len(result) == 1
    assert result[0].probabilities == ((0.5, 0.5), (0.5, 0.5))
    assert any("failed verification" in w for w in result.warnings)
    assert any("malformed" in w for w in result.warnings)


def test_nashpy_warnings_are_recorded_not_raised() -> None:
    degenerate = NormalFormGame.from_arrays([[1, 1], [1, 1]], [[1, 0], [0, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = nashpy_solve(degenerate, "support")
    assert any("nashpy warned" in w for w in result.warnings)
    _check_equilibria(degenerate, vertex_enumeration(degenerate))


def test_nashpy_lemke_howson_and_solve_dispatch() -> None:
    bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    for label in range(4):
        result = ag.solve(bos, "nash", method="nashpy-lemke-howson", initial_label=label)
        assert result.options["initial_label"] == label
        assert len(result) == 1
        assert _keys(result) <= _keys(vertex_enumeration(bos))
    assert len(ag.solve(bos, method="nashpy-vertex")) == 3


@pytest.mark.parametrize("single", ["row", "column"])
@given(st.data())
def test_games_where_one_player_has_one_strategy(single: str, data: Any) -> None:
    """Oracle: the extreme equilibria are the other player's pure best responses."""
    k = data.draw(st.integers(1, 4))
    own = data.draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k))
    other = data.draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k))
    best = [j for j in range(k) if own[j] == max(own)]
    pure = {tuple(Fraction(int(j == b)) for j in range(k)) for b in best}
    if single == "row":  # the column player chooses among k strategies
        arrays = [[other], [own]]
        want = {((Fraction(1),), p) for p in pure}
    else:
        arrays = [[[v] for v in own], [[v] for v in other]]
        want = {(p, (Fraction(1),)) for p in pure}
    game = NormalFormGame.from_arrays(*arrays)
    floating = NormalFormGame(np.array(arrays, dtype=float))
    for method in METHODS.values():
        assert _keys(method(game)) == want
        if len(best) == 1:
            result = method(floating)
            assert result.complete
        else:
            with pytest.warns(DegenerateGameWarning):
                result = method(floating)
        assert _keys(result) == want


# ----------------------------------------------------------------------------- building blocks
@given(
    st.sets(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=10),
)
def test_maximal_cliques_match_brute_force(edges: set[tuple[int, int]]) -> None:
    links = sorted(edges)
    xs = sorted({x for x, _ in links})
    ys = sorted({y for _, y in links})
    bicliques = []
    for r in range(1, len(xs) + 1):
        for X in itertools.combinations(xs, r):
            for s in range(1, len(ys) + 1):
                for Y in itertools.combinations(ys, s):
                    if all((x, y) in edges for x in X for y in Y):
                        bicliques.append((set(X), set(Y)))
    maximal = [
        (X, Y)
        for X, Y in bicliques
        if not any((X <= X2 and Y <= Y2) and (X, Y) != (X2, Y2) for X2, Y2 in bicliques)
    ]
    want = {tuple(sorted(links.index((x, y)) for x in X for y in Y)) for X, Y in maximal}
    assert set(maximal_cliques(links)) == want


@given(st.lists(st.lists(st.integers(-20, 20), min_size=4, max_size=4), min_size=3, max_size=3))
def test_integer_solver_matches_fractions(rows: list[list[int]]) -> None:
    M = [r[:3] for r in rows]
    b = [r[3] for r in rows]
    out = solve_integer_system([[*M[i], b[i]] for i in range(3)])
    fm = [[Fraction(v) for v in r] for r in M]
    det = (
        fm[0][0] * (fm[1][1] * fm[2][2] - fm[1][2] * fm[2][1])
        - fm[0][1] * (fm[1][0] * fm[2][2] - fm[1][2] * fm[2][0])
        + fm[0][2] * (fm[1][0] * fm[2][1] - fm[1][1] * fm[2][0])
    )
    if det == 0:
        assert out is None
        return
    assert out is not None
    D, N = out
    assert D > 0
    x = [Fraction(v, D) for v in N]
    assert all(sum(fm[i][j] * x[j] for j in range(3)) == b[i] for i in range(3))


@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(1, 5))
def test_float_and_exact_vertices_of_a_polytope_agree(seed: int, d: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    M = rng.integers(1, 9, size=(d, k))
    exact = {mask for mask, _ in exact_vertices(M.tolist())}
    V, L = float_vertices((1.0 + M).astype(float) - 1.0, 1e-9)
    weights = 1 << np.arange(d + k)
    assert {int(row @ weights) for row in L.astype(np.int64)} == exact
    assert np.all(V >= -1e-12)
    assert np.all(V @ M <= 1 + 1e-9)


def test_qhull_failure_falls_back_to_exact_pivoting(monkeypatch: Any) -> None:
    from scipy import spatial

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise spatial.QhullError("QH6154 simulated failure")

    monkeypatch.setattr(spatial, "ConvexHull", broken)
    game = NormalFormGame(np.random.default_rng(7).uniform(size=(2, 4, 3)))
    floating = vertex_enumeration(game)
    assert floating.complete
    assert _same_points(_points(floating), _points(vertex_enumeration(game, exact=True)), 1e-9)


def test_exact_mode_on_a_float_game_uses_the_binary_values() -> None:
    game = NormalFormGame(np.array([[[0.1, 0.0], [0.0, 0.3]], [[0.3, 0.0], [0.0, 0.1]]]))
    result = vertex_enumeration(game, exact=True)
    assert result.exact
    mixed_eq = next(e for e in result if not e.is_pure)
    quarter = Fraction(0.1) / (Fraction(0.1) + Fraction(0.3))  # makes the column player indifferent
    assert quarter != Fraction(1, 4)
    assert mixed_eq.probabilities[0][0] == quarter


def test_larger_exact_game_matches_float() -> None:
    game = NormalFormGame(np.random.default_rng(11).uniform(-1, 1, size=(2, 7, 7)))
    exact = vertex_enumeration(game, exact=True)
    floating = vertex_enumeration(game)
    assert len(exact) % 2 == 1
    assert _same_points(_points(exact), _points(floating), 1e-9)


# ----------------------------------------------------------------------------- errors and API
def test_solve_defaults_to_vertex_enumeration_for_two_players() -> None:
    assert list(ag.METHODS["nash"]) == [
        "vertex",
        "support",
        "lemke-howson",
        "logit",
        "nashpy-support",
        "nashpy-vertex",
        "nashpy-lemke-howson",
    ]
    bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = ag.solve(bos)
    assert (result.concept, result.method) == ("nash", "vertex")
    assert ag.solve(bos, method="support", exact=False).options["exact"] is False


@pytest.mark.parametrize("solver", [vertex_enumeration, support_enumeration, nashpy_solve])
def test_errors_name_the_problem(solver: Any) -> None:
    three = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(GameError, match="two-player games, this one has 3 players"):
        solver(three)
    symbolic = NormalFormGame([[["a", 0], [0, 1]], [[1, 0], [0, 1]]], parameters=["a"])
    with pytest.raises(GameError, match=r"parameters \('a',\).*game.at"):
        solver(symbolic)
    with pytest.raises(GameError, match="needs a NormalFormGame, got list"):
        solver([[1, 2]])
    with pytest.raises(GameError, match="tol must be a finite number >= 0, got -1"):
        solver(NormalFormGame(np.ones((2, 2, 2))), tol=-1)


def test_nashpy_solve_errors() -> None:
    bos = NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    with pytest.raises(GameError, match=r"unknown method 'suport' .*did you mean 'support'"):
        nashpy_solve(bos, "suport")
    with pytest.raises(GameError, match=r"initial_label must be in 0\.\.3, got 9"):
        nashpy_solve(bos, "lemke-howson", initial_label=9)
    with pytest.raises(GameError, match="nashpy computes in floating point"):
        ag.solve(bos, method="nashpy-vertex", exact=True)
    assert len(ag.solve(bos, method="nashpy-vertex", exact=False)) == 3


def test_modules_teach_and_cite() -> None:
    for module in (mixed, vertex, support):
        doc = module.__doc__ or ""
        assert "References" in doc
        assert any(year in doc for year in ("1964", "1991", "2001", "2002", "2007", "2010"))


# ----------------------------------------------------------------------------- float matching
def _float_vertex(game: NormalFormGame) -> ag.SolverResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return vertex_enumeration(game, exact=False)


@given(int_bimatrix_games(max_strategies=5, low=-2, high=2))
def test_float_vertex_enumeration_matches_exact_on_degenerate_games(game: NormalFormGame) -> None:
    """Small-integer games are mostly degenerate: vertices with more labels than their dimension
    are matched by bit masks against every vertex of the other polytope. Within the float
    tolerance the float run must find exactly the exact extreme equilibria and cliques."""
    exact = vertex_enumeration(game, exact=True)
    floating = _float_vertex(game)
    assert _same_points(_points(floating), _points(exact), 1e-9)
    assert floating.components == exact.components


def _no_qhull_labels(*args: Any) -> bool:
    return False


@pytest.mark.parametrize(
    "route",
    [
        pytest.param({"_has_qhull_labels": _no_qhull_labels}, id="qhull-labels-added"),
        pytest.param({"_FLOAT_BITS": 0}, id="packed-bit-masks"),
        pytest.param({"_FLOAT_BITS": 0, "_MASK_BITS": 0}, id="boolean-products"),
    ],
)
@given(
    game=st.one_of(
        float_bimatrix_games(max_strategies=5), int_bimatrix_games(max_strategies=4, low=-1)
    ),
    block=st.integers(1, 40),
)
def test_every_matching_route_finds_the_same_equilibria(
    route: dict[str, Any], game: NormalFormGame, block: int
) -> None:
    """Complete labelling found by a sorted join of complementary float masks (generic games),
    by a bitwise or of integer masks (float or packed bits, with or without Qhull's labels
    added) and by products of boolean "label missing" matrices, in blocks of any size: these
    independent routes must find the same equilibria."""
    usual = _float_vertex(game)
    with pytest.MonkeyPatch.context() as mp:
        for name, value in route.items():
            mp.setattr(vertex, name, value)
        mp.setattr(vertex, "_BLOCK", block)
        other = _float_vertex(game)
    assert [e.probabilities for e in other] == [e.probabilities for e in usual]
    assert other.components == usual.components
    assert other.complete == usual.complete
