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


# --------------------------------------------------------------------------------------------
# Trees (extensive-form games)
# --------------------------------------------------------------------------------------------


def _tree_api() -> Any:
    import alliancegame as ag

    return ag


@st.composite
def perfect_information_trees(
    draw: Any,
    n_players: st.SearchStrategy[int] | None = None,
    max_depth: int = 4,
    max_actions: int = 3,
    max_nodes: int = 30,
    with_chance: bool | None = None,
    integer: bool = True,
    parameterised: bool = False,
) -> Any:
    """Random perfect-information trees (``ExtensiveGame``), possibly with chance nodes.

    Payoffs are integers in [-3, 3] (exact; ties are frequent) or, with ``integer=False``,
    floats in [-10, 10]. Chance probabilities are exact fractions from small integer weights.
    With ``parameterised=True`` payoffs are ``c + k*x`` in a parameter ``x`` ranging over
    [-2, 2] (default 0). Players are named ``P1``, ``P2``, ...; actions ``a``, ``b``, ``c``;
    chance outcomes ``o1``, ``o2``, ...
    """
    from fractions import Fraction

    ag = _tree_api()
    n = draw(n_players if n_players is not None else st.integers(1, 3))
    players = [f"P{i + 1}" for i in range(n)]
    chance_ok = draw(st.booleans()) if with_chance is None else with_chance
    budget = [max_nodes]

    def payoff() -> Any:
        if parameterised:
            c = draw(st.integers(-3, 3))
            k = draw(st.integers(-2, 2))
            return f"{c} + {k}*x"
        if integer:
            return draw(st.integers(-3, 3))
        return draw(st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=32))

    def node(depth: int, root: bool) -> Any:
        budget[0] -= 1
        kinds = ["terminal"] if depth >= max_depth or budget[0] <= max_actions else []
        if not kinds:
            kinds = ["decision", "decision", "terminal"] if not root else ["decision"]
            if chance_ok:
                kinds.append("chance")
        kind = draw(st.sampled_from(kinds))
        if kind == "terminal":
            return ag.terminal(*[payoff() for _ in players])
        k = draw(st.integers(1 if kind == "decision" else 2, max_actions))
        if kind == "decision":
            who = draw(st.sampled_from(players))
            names = "abcdefgh"[:k]
            return ag.decision(who, {a: node(depth + 1, False) for a in names})
        weights = draw(st.lists(st.integers(1, 4), min_size=k, max_size=k))
        total = sum(weights)
        return ag.chance(
            {
                f"o{j + 1}": (Fraction(w, total), node(depth + 1, False))
                for j, w in enumerate(weights)
            }
        )

    root = node(0, True)
    params = [ag.Parameter("x", 0, -2, 2)] if parameterised else None
    return ag.ExtensiveGame(players, root, params)


@st.composite
def simultaneous_move_trees(
    draw: Any, max_strategies: int = 3, max_states: int = 2
) -> tuple[Any, Any]:
    """A two-player simultaneous-move game written as a tree, with its bimatrix as the oracle.

    Nature first draws one of up to ``max_states`` states (unobserved); ``P1`` then picks a row
    and ``P2``, not seeing it, a column. Returns ``(tree, expected payoff arrays)`` where the
    arrays (shape ``(2, m, n)``, exact fractions) are computed directly from the drawn payoffs.
    """
    from fractions import Fraction

    ag = _tree_api()
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    s = draw(st.integers(1, max_states))
    weights = draw(st.lists(st.integers(1, 4), min_size=s, max_size=s))
    probs = [Fraction(w, sum(weights)) for w in weights]
    pay = draw(hnp.arrays(np.int64, (s, m, n, 2), elements=st.integers(-5, 5)))
    rows = [f"r{i}" for i in range(m)]
    cols = [f"c{j}" for j in range(n)]

    def stage(state: int) -> Any:
        return ag.decision(
            "P1",
            {
                r: ag.decision(
                    "P2",
                    {c: ag.terminal(*pay[state, i, j].tolist()) for j, c in enumerate(cols)},
                    infoset="P2 moves",
                )
                for i, r in enumerate(rows)
            },
            infoset="P1 moves",
        )

    states = {f"state{t}": (probs[t], stage(t)) for t in range(s)}
    root = stage(0) if s == 1 else ag.chance(states)
    expected = np.empty((2, m, n), dtype=object)
    for i in range(m):
        for j in range(n):
            for p in range(2):
                expected[p, i, j] = sum(
                    (probs[t] * int(pay[t, i, j, p]) for t in range(s)), Fraction(0)
                )
    return ag.ExtensiveGame(["P1", "P2"], root), expected


__all__ += ["perfect_information_trees", "simultaneous_move_trees"]
