"""Hypothesis strategies for alliancegame's tests: payoff arrays, games, trees, parameter grids.

Every generator draws bounded, finite values. Games come in two numeric flavours: small integer
payoffs (exact, and often degenerate: ties are frequent) and floats drawn from a continuous range
(generic, non-degenerate with probability one).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from alliancegame import NormalFormGame

__all__ = [
    "affine_maps",
    "float_bimatrix_games",
    "int_bimatrix_games",
    "normal_form_games",
    "permutations_of",
    "shapes",
]


def shapes(
    n_players: st.SearchStrategy[int] | None = None, max_strategies: int = 4, max_cells: int = 256
) -> st.SearchStrategy[tuple[int, ...]]:
    """Strategy counts per player, with at most ``max_cells`` profiles."""
    n_players = n_players if n_players is not None else st.integers(1, 4)

    @st.composite
    def build(draw: Any) -> tuple[int, ...]:
        n = draw(n_players)
        dims = draw(st.lists(st.integers(1, max_strategies), min_size=n, max_size=n))
        while int(np.prod(dims)) > max_cells:
            dims[int(np.argmax(dims))] -= 1
        return tuple(dims)

    return build()


@st.composite
def normal_form_games(
    draw: Any,
    n_players: st.SearchStrategy[int] | None = None,
    max_strategies: int = 4,
    integer: bool | None = None,
) -> NormalFormGame:
    """N-player games with integer payoffs in [-5, 5] (exact) or floats in [-10, 10]."""
    dims = draw(shapes(n_players, max_strategies))
    use_int = draw(st.booleans()) if integer is None else integer
    shape = (len(dims), *dims)
    if use_int:
        arr = draw(hnp.arrays(np.int64, shape, elements=st.integers(-5, 5)))
        return NormalFormGame(arr.tolist())
    arr = draw(
        hnp.arrays(
            np.float64,
            shape,
            elements=st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=32),
        )
    )
    return NormalFormGame(arr)


@st.composite
def int_bimatrix_games(
    draw: Any, min_strategies: int = 1, max_strategies: int = 4, low: int = -5, high: int = 5
) -> NormalFormGame:
    """Two-player games with small integer payoffs (exact; degenerate games are common)."""
    m = draw(st.integers(min_strategies, max_strategies))
    n = draw(st.integers(min_strategies, max_strategies))
    arr = draw(hnp.arrays(np.int64, (2, m, n), elements=st.integers(low, high)))
    return NormalFormGame(arr.tolist())


@st.composite
def float_bimatrix_games(
    draw: Any, min_strategies: int = 1, max_strategies: int = 5
) -> NormalFormGame:
    """Two-player games with payoffs drawn from a seeded continuous distribution (generic)."""
    m = draw(st.integers(min_strategies, max_strategies))
    n = draw(st.integers(min_strategies, max_strategies))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return NormalFormGame(rng.uniform(-10, 10, size=(2, m, n)))


@st.composite
def affine_maps(draw: Any, n_players: int) -> tuple[list[int], list[int]]:
    """Positive integer scales and integer shifts, one per player (keeps exact games exact)."""
    scales = draw(st.lists(st.integers(1, 7), min_size=n_players, max_size=n_players))
    shifts = draw(st.lists(st.integers(-20, 20), min_size=n_players, max_size=n_players))
    return scales, shifts


def permutations_of(n: int) -> st.SearchStrategy[list[int]]:
    """A permutation of ``range(n)``."""
    return st.permutations(list(range(n)))
