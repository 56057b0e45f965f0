"""The hypothesis generators in ``tests/strategies.py`` keep their promises.

Property tests are only as good as their generators: these check the bounds, shapes, exactness
and variety that the docstrings in ``tests/strategies.py`` promise, so a generator that silently
narrowed (always 2x2, never a tie, floats where exact numbers were promised) would be caught.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import alliancegame as ag

from .strategies import (
    affine_maps,
    float_bimatrix_games,
    int_bimatrix_games,
    normal_form_games,
    perfect_information_trees,
    permutations_of,
    shapes,
    simultaneous_move_trees,
)


def _reachable(strategy: st.SearchStrategy[Any], condition: Any) -> bool:
    """Whether hypothesis can find an example satisfying ``condition`` (a variety check)."""
    # generate only: shrinking the example found would cost time and prove nothing more
    find(strategy, condition, settings=settings(max_examples=300, database=None,
                                                phases=[Phase.generate]))  # fmt: skip
    return True


# ----------------------------------------------------------------------------- shapes
@given(shapes(), st.integers(1, 5), st.integers(1, 64))
def test_shapes_respect_their_bounds(dims: tuple[int, ...], k: int, cells: int) -> None:
    assert 1 <= len(dims) <= 4
    assert all(1 <= d <= 4 for d in dims)
    assert int(np.prod(dims)) <= 256


@given(st.data(), st.integers(1, 5), st.integers(1, 60))
def test_shapes_with_arguments(data: st.DataObject, max_strategies: int, max_cells: int) -> None:
    dims = data.draw(shapes(st.just(3), max_strategies=max_strategies, max_cells=max_cells))
    assert len(dims) == 3
    assert all(1 <= d <= max_strategies for d in dims)
    assert int(np.prod(dims)) <= max(max_cells, 1)


def test_shapes_vary() -> None:
    assert _reachable(shapes(), lambda d: len(d) == 4 and min(d) >= 2)
    assert _reachable(shapes(), lambda d: len(d) == 1)
    assert _reachable(shapes(), lambda d: 4 in d)


# ----------------------------------------------------------------------------- normal forms
@given(normal_form_games())
def test_normal_form_games_are_bounded_and_of_the_promised_kind(game: ag.NormalFormGame) -> None:
    assert game.is_numeric
    assert 1 <= game.n_players <= 4
    assert game.kind in ("exact", "float")
    u = game.payoff_array()
    assert u.shape == (game.n_players, *game.shape)
    assert np.all(np.isfinite(u))
    if game.kind == "exact":
        assert all(isinstance(v, Fraction) and v.denominator == 1 for v in game.payoffs.flat)
        assert np.all(np.abs(u) <= 5)
    else:
        assert np.all(np.abs(u) <= 10)


@given(st.data(), st.booleans(), st.integers(1, 3))
def test_normal_form_games_honour_their_arguments(
    data: st.DataObject, integer: bool, n: int
) -> None:
    game = data.draw(normal_form_games(n_players=st.just(n), max_strategies=2, integer=integer))
    assert game.n_players == n
    assert max(game.shape) <= 2
    assert game.kind == ("exact" if integer else "float")


def test_normal_form_games_include_ties_and_both_kinds() -> None:
    assert _reachable(normal_form_games(), lambda g: g.kind == "float")
    assert _reachable(normal_form_games(), lambda g: g.kind == "exact")

    # a degenerate game: some player indifferent between two strategies somewhere
    def tie(g: ag.NormalFormGame) -> bool:
        u = g.payoff_array()
        return min(g.shape) >= 2 and bool(np.any(u[0, 0] == u[0, 1]))

    assert _reachable(normal_form_games(n_players=st.just(2), integer=True), tie)


@given(int_bimatrix_games())
def test_int_bimatrix_games(game: ag.NormalFormGame) -> None:
    assert game.n_players == 2
    assert game.kind == "exact"
    assert all(1 <= s <= 4 for s in game.shape)
    assert all(-5 <= v <= 5 and v.denominator == 1 for v in game.payoffs.flat)


@given(st.data(), st.integers(1, 3), st.integers(0, 3), st.integers(-4, 0), st.integers(0, 4))
def test_int_bimatrix_games_arguments(
    data: st.DataObject, lo_s: int, extra: int, low: int, high: int
) -> None:
    game = data.draw(int_bimatrix_games(lo_s, lo_s + extra, low, high))
    assert all(lo_s <= s <= lo_s + extra for s in game.shape)
    assert all(low <= v <= high for v in game.payoffs.flat)


@given(float_bimatrix_games())
def test_float_bimatrix_games_are_generic(game: ag.NormalFormGame) -> None:
    assert game.n_players == 2
    assert game.kind == "float"
    u = game.payoff_array()
    assert np.all(np.abs(u) <= 10)
    assert all(1 <= s <= 5 for s in game.shape)
    # continuous draws: no two payoffs of a player coincide (ties have probability zero)
    for i in range(2):
        assert len(set(u[i].ravel().tolist())) == u[i].size


def test_float_bimatrix_games_reach_the_largest_size() -> None:
    assert _reachable(float_bimatrix_games(), lambda g: g.shape == (5, 5))
    assert _reachable(float_bimatrix_games(min_strategies=2), lambda g: g.shape == (2, 2))


# ----------------------------------------------------------------------------- transformations
@given(st.integers(1, 5), st.data())
def test_affine_maps_are_positive_and_integer(n: int, data: st.DataObject) -> None:
    scales, shifts = data.draw(affine_maps(n))
    assert len(scales) == len(shifts) == n
    assert all(isinstance(a, int) and 1 <= a <= 7 for a in scales)
    assert all(isinstance(b, int) and -20 <= b <= 20 for b in shifts)


@given(st.integers(1, 6), st.data())
def test_permutations_are_permutations(n: int, data: st.DataObject) -> None:
    perm = data.draw(permutations_of(n))
    assert sorted(perm) == list(range(n))


def test_permutations_vary() -> None:
    assert _reachable(permutations_of(4), lambda p: p == [3, 2, 1, 0])


# ----------------------------------------------------------------------------- trees
def _depth(tree: Any, node: int) -> int:
    return len(tree.history(node))


@given(perfect_information_trees())
def test_perfect_information_trees_keep_their_promises(tree: Any) -> None:
    n = tree.n_players
    assert 1 <= n <= 3
    assert tree.players == tuple(f"P{i + 1}" for i in range(n))
    assert tree.is_perfect_information
    assert tree.kind == "exact"
    assert tree.terminals
    for t in tree.terminals:
        assert _depth(tree, t) <= 4
    for payoffs in tree.terminal_payoffs:
        assert len(payoffs) == n
        assert all(isinstance(v, int | Fraction) and -3 <= v <= 3 for v in payoffs)
    for probs in tree.chance_probabilities:
        assert all(isinstance(p, Fraction) and p > 0 for p in probs)
        assert sum(probs) == 1
    for d in tree.decision_nodes:
        assert 1 <= len(tree.children(d)) <= 3
    # the node budget is soft (siblings still pending when it runs out become leaves)
    assert len(tree.nodes) <= 30 + 4 * 3


@given(perfect_information_trees(integer=False, with_chance=False))
def test_float_trees(tree: Any) -> None:
    assert not tree.chance_nodes
    for payoffs in tree.terminal_payoffs:
        assert all(isinstance(v, float) and abs(v) <= 10 for v in payoffs)


@given(perfect_information_trees(parameterised=True), st.floats(-2, 2))
def test_parameterised_trees(tree: Any, x: float) -> None:
    assert not tree.is_numeric
    assert tree.parameters.names == ("x",)
    assert tree.parameters["x"].lower == -2
    assert tree.parameters["x"].upper == 2


def test_trees_vary() -> None:
    assert _reachable(perfect_information_trees(), lambda t: len(t.chance_nodes) >= 1)
    assert _reachable(perfect_information_trees(), lambda t: t.n_players == 3)
    assert _reachable(perfect_information_trees(), lambda t: len(t.nodes) >= 15)


@given(simultaneous_move_trees())
def test_simultaneous_move_trees_and_their_oracle(case: tuple[Any, np.ndarray]) -> None:
    tree, expected = case
    assert tree.players == ("P1", "P2")
    if expected.shape[1] >= 2 or tree.chance_nodes:  # P2 does not see P1's row nor the state
        assert not tree.is_perfect_information
    m, n = expected.shape[1:]
    assert expected.shape[0] == 2
    assert 1 <= m <= 3
    assert 1 <= n <= 3
    assert all(isinstance(v, Fraction) and -5 <= v <= 5 for v in expected.flat)
    # every leaf pays integers in [-5, 5]; with chance, the oracle is their average
    leaves = Counter(len(p) for p in tree.terminal_payoffs)
    assert set(leaves) == {2}
    n_states = max(1, len(tree.children(0)) if tree.chance_nodes else 1)
    assert len(tree.terminals) == n_states * m * n
