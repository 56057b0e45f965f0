"""The Lemke–Howson solver (``solvers/lemke_howson.py``).

Oracles: vertex enumeration (every Lemke–Howson answer is an extreme equilibrium, so it must be in
that list — also on degenerate games, where the lexicographic rule must keep the path from
cycling); QuantEcon's independent ``lemke_howson`` (same path, same answer, label by label); exact
against float pivoting; index theory (from the artificial equilibrium, Lemke–Howson only reaches
equilibria of index +1, so in a 2 x 2 coordination game never the mixed one); a plain-Python
exact regret. The compiled (numba) and NumPy engines against each other: same pivots, same
answers, also on degenerate games; the compiled kernel against its own plain-Python source.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame import GameError, NormalFormGame, SolverError
from alliancegame.solvers import _jit
from alliancegame.solvers import lemke_howson as lh_module
from alliancegame.solvers.lemke_howson import lemke_howson
from alliancegame.solvers.vertex import vertex_enumeration

from .strategies import float_bimatrix_games, int_bimatrix_games

Key = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

#: Both float engines: "numpy" always, "numba" (the compiled kernel) when numba is installed.
ENGINES = [
    "numpy",
    pytest.param(
        "numba",
        marks=pytest.mark.skipif(
            _jit.lemke_howson_kernel() is None, reason="numba is not installed"
        ),
    ),
]


def _key(e: ag.StrategyProfile) -> Key:
    x, y = e.probabilities
    return tuple(map(Fraction, x)), tuple(map(Fraction, y))


def _point(e: ag.StrategyProfile) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in e.probabilities])


def _near_one_of(p: np.ndarray, result: ag.SolverResult, tol: float = 1e-8) -> bool:
    return any(np.max(np.abs(_point(e) - p)) <= tol for e in result)


def _exact_regret(game: NormalFormGame, e: ag.StrategyProfile) -> Fraction:
    A, B = (game.exact_payoff_array()[i].tolist() for i in range(2))
    x, y = (list(map(Fraction, p)) for p in e.probabilities)
    m, n = len(x), len(y)
    rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    cols = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    return max(
        max(rows) - sum(x[i] * rows[i] for i in range(m)),
        max(cols) - sum(y[j] * cols[j] for j in range(n)),
    )


BOS = NormalFormGame.from_arrays(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=["Her", "Him"],
    strategies=[["opera", "fight"], ["opera", "fight"]],
)


# ----------------------------------------------------------------------------- textbook games
@pytest.mark.parametrize(
    ("A", "B", "expected"),
    [
        pytest.param(
            [[1, -1], [-1, 1]],
            [[-1, 1], [1, -1]],
            {((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)},
            id="matching-pennies",
        ),
        pytest.param(
            [[3, 0], [5, 1]], [[3, 5], [0, 1]], {((0, 1), (0, 1))}, id="prisoners-dilemma"
        ),
        pytest.param(  # index theory: only the two pure equilibria (index +1) are reachable
            [[2, 0], [0, 1]],
            [[1, 0], [0, 2]],
            {((1, 0), (1, 0)), ((0, 1), (0, 1))},
            id="battle-of-the-sexes",
        ),
        pytest.param(
            [[0, -1], [1, -10]],
            [[0, 1], [-1, -10]],
            {((1, 0), (0, 1)), ((0, 1), (1, 0))},
            id="chicken",
        ),
    ],
)
@pytest.mark.parametrize("exact", [True, False])
def test_textbook_games(A: Any, B: Any, expected: set[Any], exact: bool) -> None:
    game = NormalFormGame.from_arrays(A, B)
    result = lemke_howson(game, all_labels=True, exact=exact)
    assert result.method == "lemke-howson"
    assert result.concept == "nash"
    assert not result.complete
    want = {(tuple(map(Fraction, x)), tuple(map(Fraction, y))) for x, y in expected}
    if exact:
        assert {_key(e) for e in result} == want
    else:
        assert len(result) == len(want)
        for e in result:
            assert any(np.allclose(_point(e), [float(v) for v in (*x, *y)]) for x, y in want)


def test_each_label_of_the_von_stengel_example() -> None:
    """von Stengel (2007), Fig. 3.1: dropping label 1 (a row) leads to the pure equilibrium
    found by following his path; every label ends at one of the three equilibria."""
    game = NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    everything = {_key(e) for e in vertex_enumeration(game)}
    found = set()
    for label in range(5):
        result = lemke_howson(game, initial_label=label)
        assert len(result) == 1
        assert _key(result[0]) in everything
        found.add(_key(result[0]))
    assert len(found) >= 2


def test_initial_label_by_name() -> None:
    by_name = lemke_howson(BOS, initial_label=("Him", "fight"))
    by_index = lemke_howson(BOS, initial_label=3)
    assert by_name[0] == by_index[0]
    assert by_name.options["initial_label"] == "Him: fight"
    assert by_name.options["pivots"] == {"Him: fight": by_name.options["pivots"]["Him: fight"]}


def test_all_labels_records_every_path() -> None:
    result = lemke_howson(BOS, all_labels=True)
    assert result.options["initial_label"] == "all"
    assert set(result.options["pivots"]) == {"Her: opera", "Her: fight", "Him: opera", "Him: fight"}
    assert len({e.probabilities for e in result}) == len(result)


# ----------------------------------------------------------------------------- properties
@given(float_bimatrix_games(), st.data())
def test_answer_is_among_vertex_enumerations_on_generic_games(
    game: NormalFormGame, data: Any
) -> None:
    m, n = game.shape
    label = data.draw(st.integers(0, m + n - 1))
    result = lemke_howson(game, initial_label=label)
    assert len(result) == 1
    assert _near_one_of(_point(result[0]), vertex_enumeration(game))
    exact = lemke_howson(game, initial_label=label, exact=True)
    assert np.allclose(_point(exact[0]), _point(result[0]), atol=1e-9)
    assert _exact_regret(game, exact[0]) == 0


@pytest.mark.parametrize("engine", ENGINES)
@given(int_bimatrix_games(max_strategies=5, low=-2, high=2))
def test_lexicographic_pivoting_terminates_on_degenerate_games(
    engine: str, game: NormalFormGame
) -> None:
    """Small-integer games are often degenerate; every path must end at an extreme equilibrium,
    and float pivoting (with the same lexicographic rule) must follow the exact path."""
    everything = {_key(e) for e in vertex_enumeration(game)}
    exact = lemke_howson(game, all_labels=True)
    floating = lemke_howson(game, all_labels=True, exact=False, engine=engine)
    assert floating.options["engine"] == engine
    for e in exact:
        assert _key(e) in everything
        assert _exact_regret(game, e) == 0
    assert exact.options["pivots"] == floating.options["pivots"]
    assert len(floating) == len(exact)
    for e, f in zip(exact, floating, strict=True):
        assert np.allclose(_point(e), _point(f), atol=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
@given(float_bimatrix_games(min_strategies=2, max_strategies=6), st.data())
def test_agrees_with_quantecon(engine: str, game: NormalFormGame, data: Any) -> None:
    qe = pytest.importorskip("quantecon.game_theory")
    m, n = game.shape
    label = data.draw(st.integers(0, m + n - 1))
    A, B = game.payoff_array()
    q = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
    x, y = qe.lemke_howson(q, init_pivot=label)
    ours = lemke_howson(game, initial_label=label, engine=engine)
    assert np.allclose(_point(ours[0]), np.concatenate([x, y]), atol=1e-9)


def test_a_larger_game_gives_a_verified_equilibrium() -> None:
    game = NormalFormGame(np.random.default_rng(5).uniform(size=(2, 40, 30)))
    result = lemke_howson(game)
    assert result.max_regret <= 1e-9
    assert sum(result[0].probabilities[0]) == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_rounding_trouble_is_repaired_from_the_final_bases(monkeypatch: Any, engine: str) -> None:
    game = NormalFormGame(np.random.default_rng(3).uniform(size=(2, 4, 4)))
    clean = lemke_howson(game, engine=engine)
    original = lh_module._strategies_float

    def drifted(*args: Any) -> Any:
        x, y = original(*args)
        x = x + 1e-3 * np.arange(len(x))  # as if rounding errors had piled up
        return x / x.sum(), y

    monkeypatch.setattr(lh_module, "_strategies_float", drifted)
    repaired = lemke_howson(game, engine=engine)
    assert np.allclose(_point(repaired[0]), _point(clean[0]), atol=1e-12)
    assert any("recomputed from the final bases" in w for w in repaired.warnings)


def test_solve_dispatch() -> None:
    result = ag.solve(BOS, method="lemke-howson", initial_label=("Her", "fight"))
    assert result[0].describe() == "Her: fight | Him: fight ; payoffs Her=1, Him=2"


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("label", "message"),
    [
        (4, r"initial_label must be in 0\.\.3"),
        (-1, r"initial_label must be in 0\.\.3"),
        (True, "must be an int or a \\(player, strategy\\) pair, got True"),
        ("fight", "'fight' is ambiguous; give a \\(player, strategy\\) pair"),
        (1.5, "must be an int or a \\(player, strategy\\) pair, got 1.5"),
    ],
)
def test_bad_labels_are_named(label: Any, message: str) -> None:
    with pytest.raises(GameError, match=message):
        lemke_howson(BOS, initial_label=label)


def test_unknown_names_in_a_label_suggest_the_right_one() -> None:
    with pytest.raises(ag.UnknownNameError, match="did you mean 'fight'"):
        lemke_howson(BOS, initial_label=("Him", "fihgt"))


@pytest.mark.parametrize("engine", ENGINES)
def test_pivot_cap(engine: str) -> None:
    game = NormalFormGame(np.random.default_rng(1).uniform(size=(2, 6, 6)))
    steps = lemke_howson(game, engine=engine).options["pivots"]["Player 1: 1"]
    assert steps > 1
    for exact in (True, False):
        with pytest.raises(SolverError, match="no equilibrium after 1 pivots"):
            lemke_howson(game, max_pivots=1, exact=exact, engine=engine)
    # the same cap a pivot higher is no cap at all: the path ends within it
    assert lemke_howson(game, max_pivots=steps, engine=engine).options["pivots"] == {
        "Player 1: 1": steps
    }
    with pytest.raises(GameError, match="max_pivots must be a positive int, got 0"):
        lemke_howson(game, max_pivots=0)


def test_needs_a_two_player_numeric_game() -> None:
    with pytest.raises(GameError, match="two-player games, this one has 3 players"):
        lemke_howson(NormalFormGame(np.zeros((3, 2, 2, 2))))


def test_module_teaches_and_cites() -> None:
    doc = lh_module.__doc__ or ""
    assert "Lemke, C. E., & Howson, J. T. (1964)" in doc
    assert "lexicographic" in doc


# ----------------------------------------------------------------------------- engines
needs_numba = pytest.mark.skipif(_jit.lemke_howson_kernel() is None, reason="numba not installed")


@needs_numba
@given(
    st.one_of(
        float_bimatrix_games(max_strategies=7),
        int_bimatrix_games(max_strategies=6, low=-2, high=2),  # often degenerate: ties
    )
)
def test_compiled_and_numpy_engines_follow_the_same_paths(game: NormalFormGame) -> None:
    compiled = lemke_howson(game, all_labels=True, exact=False, engine="numba")
    plain = lemke_howson(game, all_labels=True, exact=False, engine="numpy")
    assert compiled.options["pivots"] == plain.options["pivots"]
    assert (compiled.options["engine"], plain.options["engine"]) == ("numba", "numpy")
    assert len(compiled) == len(plain)
    for e, f in zip(compiled, plain, strict=True):
        assert np.allclose(_point(e), _point(f), rtol=0, atol=1e-12)


@needs_numba
def test_compiled_engine_on_a_larger_game_matches_numpy() -> None:
    game = NormalFormGame(np.random.default_rng(7).uniform(size=(2, 60, 45)))
    compiled = lemke_howson(game, initial_label=50, engine="numba")
    plain = lemke_howson(game, initial_label=50, engine="numpy")
    assert compiled.options["pivots"] == plain.options["pivots"]
    assert np.allclose(_point(compiled[0]), _point(plain[0]), rtol=0, atol=1e-12)
    assert compiled.max_regret <= 1e-9


@given(int_bimatrix_games(max_strategies=3, low=-1, high=1), st.data())
def test_kernel_source_runs_as_plain_python_with_the_same_result(
    game: NormalFormGame, data: Any
) -> None:
    """The kernel's Python source (what numba compiles) against the NumPy engine."""
    m, n = game.shape
    label = data.draw(st.integers(0, m + n - 1))
    x, basis_p, y, basis_q, pivots, status = _jit.lemke_howson_path(
        game.payoff_array(), label, 10_000, lh_module._PIV_TOL
    )
    assert status == _jit.DONE
    plain = lemke_howson(game, initial_label=label, exact=False, engine="numpy")
    assert plain.options["pivots"] == {lh_module.label_name(game, label): pivots}
    assert np.allclose(np.concatenate([x / x.sum(), y / y.sum()]), _point(plain[0]), atol=1e-12)
    # complementarity: every label is basic in exactly one of the two systems at the end
    assert sorted([*basis_p.tolist(), *basis_q.tolist()]) == list(range(m + n))


def test_kernel_reports_a_pivot_cap_and_an_unbounded_ray() -> None:
    payoffs = np.random.default_rng(1).uniform(size=(2, 3, 3))
    *_, pivots, status = _jit.lemke_howson_path(payoffs, 0, 1, 1e-12)
    assert (pivots, status) in {(1, _jit.MAX_PIVOTS), (1, _jit.DONE)}
    # a pivot tolerance above every entry (entries lie in [1, 2]) leaves no pivot row
    *_, pivots, status = _jit.lemke_howson_path(payoffs, 0, 10, 5.0)
    assert (pivots, status) == (1, _jit.UNBOUNDED)


@pytest.mark.parametrize("engine", ENGINES)
def test_unbounded_ray_is_an_error(monkeypatch: Any, engine: str) -> None:
    monkeypatch.setattr(lh_module, "_PIV_TOL", 5.0)  # no entry counts as positive any more
    with pytest.raises(SolverError, match="unbounded ray"):
        lemke_howson(BOS, exact=False, engine=engine)


def test_unknown_engine_is_named() -> None:
    with pytest.raises(GameError, match="engine must be one of 'auto', 'numba', 'numpy', got "
                       "'nunpy' \\(did you mean 'numpy'\\?\\)"):  # fmt: skip
        lemke_howson(BOS, engine="nunpy")


def test_without_numba_auto_uses_numpy_and_numba_says_how_to_install(monkeypatch: Any) -> None:
    monkeypatch.setattr(_jit, "lemke_howson_kernel", lambda: None)
    assert lemke_howson(BOS, exact=False).options["engine"] == "numpy"
    with pytest.raises(ImportError, match=r'pip install "alliancegame\[fast\]"'):
        lemke_howson(BOS, exact=False, engine="numba")
    assert "engine" not in lemke_howson(BOS, exact=True, engine="numba").options


class _FakeNumba:
    """A stand-in for numba: ``njit(cache=True)`` fails, compiled functions may fail too."""

    def __init__(self, compiles: bool) -> None:
        self.compiles = compiles
        self.calls: list[bool] = []

    def njit(self, cache: bool = False, nogil: bool = False) -> Any:
        self.calls.append(cache)
        if cache:
            raise RuntimeError("cannot cache function: no locator available")

        def wrap(func: Any) -> Any:
            if self.compiles:
                return func

            def broken(*args: Any) -> Any:
                raise TypeError("this numba cannot compile the kernel")

            return broken

        return wrap


@pytest.mark.parametrize("compiles", [True, False])
def test_kernel_without_a_cache_or_without_a_working_numba(
    monkeypatch: Any, compiles: bool
) -> None:
    fake = _FakeNumba(compiles)
    monkeypatch.setattr(_jit.importlib, "import_module", lambda name: fake)
    kernel = _jit.lemke_howson_kernel.__wrapped__()
    assert fake.calls == [True, False]  # tried the on-disk cache first, then compiled without
    assert (kernel is _jit.lemke_howson_path) if compiles else (kernel is None)


def test_kernel_without_numba(monkeypatch: Any) -> None:
    def missing(name: str) -> Any:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(_jit.importlib, "import_module", missing)
    assert _jit.lemke_howson_kernel.__wrapped__() is None
