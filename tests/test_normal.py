"""Properties of ``NormalFormGame`` (``games/normal.py``): validation, evaluation, transformations,
interop and display.

Oracles: payoffs looked up one cell at a time by *name* (``game.payoff``) against the transformed
game; exact evaluation (``at(exact=True)``, SymPy) against the batched float kernel
(``evaluate``); nashpy's own equilibria against our exact regret.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame import GameError, GameTooLargeError, NormalFormGame, UnknownNameError

from .strategies import affine_maps, int_bimatrix_games, normal_form_games, permutations_of


def _profiles(game: NormalFormGame) -> list[dict[str, str]]:
    return [
        dict(zip(game.players, combo, strict=True)) for combo in itertools.product(*game.strategies)
    ]


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("payoffs", "kwargs", "message"),
    [
        ([1, 2], {}, "need shape (n_players, s_1, ..., s_n)"),
        ([[1, 2], [3, 4]], {}, "2 players need a 3-dimensional array"),
        (np.zeros((2, 2, 0)), {}, "every player needs at least one strategy"),
        (np.zeros((2, 2, 2)), {"players": ["A"]}, "2 payoff rows but 1 player names"),
        (np.zeros((2, 2, 2)), {"players": ["A", "A"]}, "players: duplicate name(s) 'A'"),
        (np.zeros((2, 2, 2)), {"players": ["A", " "]}, "every name must be a non-empty string"),
        (np.zeros((2, 2, 2)), {"players": ["A", 3]}, "every name must be a non-empty string"),
        (np.zeros((2, 2, 2)), {"strategies": "ab"}, "need one list of names per player (2)"),
        (np.zeros((2, 2, 2)), {"strategies": [["a", "b"]]}, "need one list of names per player"),
        (
            np.zeros((2, 2, 2)),
            {"strategies": [["a", "b"], ["c"]]},
            "strategies of 'Player 2': 1 names for 2 strategies",
        ),
        (
            np.zeros((2, 2, 2)),
            {"strategies": [["a", "a"], ["c", "d"]]},
            "strategies of 'Player 1': duplicate name(s) 'a'",
        ),
        ([[[1, None]], [[0, 1]]], {}, "expected numbers or expressions, got NoneType None"),
        ([[[1, True]], [[0, 1]]], {}, "booleans are not payoffs"),
    ],
)
def test_malformed_games_are_refused_with_the_rule(
    payoffs: Any, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(GameError, match=re.escape(message)):
        NormalFormGame(payoffs, **kwargs)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@given(st.integers(0, 7))
def test_non_finite_payoffs_are_refused_with_their_index(bad: float, cell: int) -> None:
    arr = np.arange(8, dtype=float).reshape(2, 2, 2)
    idx = np.unravel_index(cell, arr.shape)
    arr[idx] = bad
    with pytest.raises(GameError, match=re.escape(f"at index {tuple(int(i) for i in idx)}")):
        NormalFormGame(arr)
    mixed = arr.astype(object)
    mixed[0, 0, 0] = 1  # an int among the floats: still a float game
    mixed[idx] = bad
    with pytest.raises(GameError, match="values must be finite"):
        NormalFormGame(mixed.tolist())


def test_too_large_games_are_refused_before_allocation() -> None:
    """A (2, 10^5, 10^5) payoff tensor would need 149 GiB as objects: refuse, naming the size,
    before converting anything. A broadcast view costs no memory, so only the guard can object."""
    huge = np.broadcast_to(0.0, (2, 100_000, 100_000))
    with pytest.raises(GameTooLargeError, match=r"GiB .*shape \(2, 100000, 100000\)") as info:
        NormalFormGame(huge)
    assert info.value.required_bytes >= 2 * 10**10 * 8


def test_too_large_batches_are_refused_before_allocation() -> None:
    """10^12 parameter points (a broadcast view, no memory) would need terabytes of payoffs."""
    symbolic = NormalFormGame([[["a", 0]], [[0, 1]]], parameters={"a": 1})
    grid = np.broadcast_to(0.0, (10**6, 10**6))
    with pytest.raises(GameTooLargeError, match="evaluate: the batch of payoff tensors") as info:
        symbolic.evaluate(a=grid)
    assert info.value.required_bytes >= 10**12 * 4 * 8


def test_numeric_games_have_no_parameters_to_batch_over() -> None:
    numeric = NormalFormGame([[[1, 2]], [[3, 4]]])
    assert numeric.evaluate().shape == (2, 1, 2)
    with pytest.raises(UnknownNameError, match="evaluate: unknown parameter 'x'"):
        numeric.evaluate(x=np.zeros(3))


def test_typo_in_a_payoff_expression_names_the_cell_and_suggests() -> None:
    with pytest.raises(UnknownNameError, match=r"payoff of Player 1 at \(1, 1\).*'uu'") as info:
        NormalFormGame([[["uu + 1", 0]], [[0, 1]]], parameters={"u": 1})
    assert "did you mean 'u'" in str(info.value)
    assert info.value.name == "uu"


def test_disallowed_payoff_expression_names_the_cell() -> None:
    with pytest.raises(ag.ExpressionError, match=r"payoff of Player 1 at \(1, 2\).*Attribute"):
        NormalFormGame([[[0, "u.real"]], [[0, 1]]], parameters={"u": 1})


def test_constant_text_payoffs_make_an_exact_numeric_game() -> None:
    """Payoffs written as text but free of parameters ("1/2") are numbers, not a model."""
    g = NormalFormGame([[["1/2", 0]], [[0, "0.25"]]])
    assert g.is_numeric
    assert g.kind == "exact"
    assert g.payoff(0, [0, 0]) == Fraction(1, 2)
    assert len(ag.pure_nash(g)) == 1


# ----------------------------------------------------------------------------- names
def test_names_are_resolved_with_hints() -> None:
    g = NormalFormGame.from_arrays(
        [[1, 2], [3, 4]], [[5, 6], [7, 8]], players=["Russia", "Iran"],
        strategies=[["arm", "wait"], ["deter", "yield"]],
    )  # fmt: skip
    assert g.payoff("Iran", {"Russia": "wait", "Iran": "deter"}) == 7
    assert g.payoff(1, ["wait", 0]) == 7
    with pytest.raises(UnknownNameError, match=r"unknown player 'Rusia' \(did you mean 'Russia'"):
        g.payoff("Rusia", {"Russia": "arm", "Iran": "deter"})
    with pytest.raises(UnknownNameError, match=r"unknown strategy 'detter' of 'Iran'.*'deter'"):
        g.payoff("Iran", {"Russia": "arm", "Iran": "detter"})
    with pytest.raises(GameError, match="no strategy given for Iran"):
        g.payoff("Iran", {"Russia": "arm"})
    with pytest.raises(GameError, match="need 2 strategies, got 1"):
        g.payoff("Iran", ["arm"])
    with pytest.raises(GameError, match="player index 2 out of range"):
        g.player_index(2)
    with pytest.raises(GameError, match="strategy index 5 out of range for 'Iran'"):
        g.strategy_index("Iran", 5)


# ----------------------------------------------------------------------------- kinds
@given(normal_form_games())
def test_kinds_and_numeric_views_agree(game: NormalFormGame) -> None:
    floats = game.payoff_array()
    exact = game.exact_payoff_array()
    assert floats.dtype == np.float64
    assert floats.shape == (game.n_players, *game.shape)
    assert exact.shape == floats.shape
    assert all(isinstance(v, Fraction) for v in exact.flat)
    # exact -> float is rounding; float -> exact is the exact binary value
    assert np.array_equal(np.vectorize(float)(exact), floats)
    if game.kind == "float":
        assert all(Fraction(float(f)) == e for f, e in zip(floats.flat, exact.flat, strict=True))
    assert not game.payoffs.flags.writeable
    assert game.is_numeric
    assert game.at() is game


def test_integer_input_is_exact_and_float_input_is_float() -> None:
    assert NormalFormGame([[[1, 2]], [[3, 4]]]).kind == "exact"
    assert NormalFormGame([[[Fraction(1, 3), 2]], [[3, 4]]]).kind == "exact"
    assert NormalFormGame([[[1.5, 2]], [[3, 4]]]).kind == "float"
    assert NormalFormGame(np.zeros((2, 1, 2))).kind == "float"
    assert NormalFormGame.from_arrays(np.zeros((2, 2)), np.ones((2, 2))).kind == "float"
    with pytest.raises(GameError, match="every player's array must have the same shape"):
        NormalFormGame.from_arrays([[1, 2]], [[1], [2]])
    with pytest.raises(GameError, match="need at least one payoff array"):
        NormalFormGame.from_arrays()


# ----------------------------------------------------------------------------- parameterised games
_TEMPLATES = [
    "{c0} + {c1}*a - {c2}*b",
    "a*b - {c0}",
    "max(a, {c0}) - min(b, {c1})",
    "where(a > {c0}, b, {c1})",
    "abs(a - {c0}) * {c1}",
    "(a + {c0}) / {d}",
    "{c0} if b <= a else {c1} * a",
    "(a > b) * {c0}",
    "{c0}",
]


@st.composite
def parameterised_games(draw: Any) -> NormalFormGame:
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3 if n == 2 else 2), min_size=n, max_size=n)))
    cells = []
    for _ in range(n * int(np.prod(shape))):
        template = draw(st.sampled_from(_TEMPLATES))
        coeffs = {f"c{i}": draw(st.integers(-5, 5)) for i in range(3)}
        cells.append(template.format(d=draw(st.integers(1, 7)), **coeffs))
    arr = np.array(cells, dtype=object).reshape((n, *shape))
    return NormalFormGame(arr, parameters={"a": 1, "b": 2})


# dyadic values are exact in binary, so float comparisons in conditions agree with exact ones
dyadics = st.integers(-40, 40).map(lambda k: Fraction(k, 4))


@given(parameterised_games(), dyadics, dyadics)
def test_at_exact_and_float_agree(game: NormalFormGame, a: Fraction, b: Fraction) -> None:
    exact = game.at(exact=True, a=a, b=b)
    floating = game.at(a=float(a), b=float(b))
    assert exact.kind == "exact"
    assert floating.kind == "float"
    assert exact.players == game.players
    assert exact.strategies == game.strategies
    np.testing.assert_allclose(floating.payoff_array(), exact.payoff_array(), rtol=1e-12,
                               atol=1e-12)  # fmt: skip


@given(
    parameterised_games(),
    st.lists(dyadics, min_size=1, max_size=3),
    st.lists(dyadics, min_size=1, max_size=2),
)
def test_evaluate_broadcasts_a_grid_and_matches_exact_points(
    game: NormalFormGame, as_: list[Fraction], bs: list[Fraction]
) -> None:
    a = np.array([float(x) for x in as_])[:, None]
    b = np.array([float(x) for x in bs])[None, :]
    out = game.evaluate(a=a, b=b)
    assert out.shape == (len(as_), len(bs), game.n_players, *game.shape)
    for i, j in itertools.product(range(len(as_)), range(len(bs))):
        want = game.at(exact=True, a=as_[i], b=bs[j]).payoff_array()
        np.testing.assert_allclose(out[i, j], want, rtol=1e-12, atol=1e-12)
    # a mapping and keywords combine; scalars take the batch shape of nothing
    assert game.evaluate({"a": 1.0}, b=2.0).shape == (game.n_players, *game.shape)
    # defaults fill in missing parameters
    np.testing.assert_array_equal(game.evaluate(), game.evaluate(a=1.0, b=2.0))


def test_evaluate_and_at_report_problems_by_name() -> None:
    g = NormalFormGame([[["1/a", 0]], [[0, "b"]]], parameters={"a": 1, "b": None})
    with pytest.raises(GameError, match=r"payoff of Player 1 at \(1, 1\) is not finite at"):
        g.evaluate(a=[1.0, 0.0], b=1.0)
    with pytest.raises(GameError, match="values of parameter 'a' must be finite"):
        g.evaluate(a=np.nan, b=1.0)
    with pytest.raises(GameError, match=r"no value and no default for parameter.*b"):
        g.evaluate(a=1.0)
    with pytest.raises(UnknownNameError, match=r"at: unknown parameter 'bb'.*did you mean 'b'"):
        g.at(bb=1)
    assert not g.is_numeric
    with pytest.raises(GameError, match="has parameters"):
        ag.pure_nash(g)


# ----------------------------------------------------------------------------- transformations
@given(normal_form_games(), st.data())
def test_relabel_keeps_every_payoff_by_name(game: NormalFormGame, data: st.DataObject) -> None:
    order = data.draw(permutations_of(game.n_players))
    players = [game.players[i] for i in order]
    strategies = {}
    for i, p in enumerate(game.players):
        if data.draw(st.booleans()):
            perm = data.draw(permutations_of(game.shape[i]))
            strategies[p] = [game.strategies[i][k] for k in perm]
    new = game.relabel(players=players, strategies=strategies)
    assert new.players == tuple(players)
    for p, names in strategies.items():
        assert new.strategies[new.player_index(p)] == tuple(names)
    for profile in _profiles(game):
        for p in game.players:
            assert new.payoff(p, profile) == game.payoff(p, profile)
    # relabelling back gives the original game
    original = dict(zip(game.players, game.strategies, strict=True))
    back = new.relabel(players=list(game.players), strategies=original)
    assert back == game


def test_relabel_rejects_non_permutations() -> None:
    g = NormalFormGame.from_arrays([[1, 2], [3, 4]], [[5, 6], [7, 8]], players=["A", "B"])
    with pytest.raises(GameError, match="players must be a permutation"):
        g.relabel(players=["A", "A"])
    with pytest.raises(GameError, match="strategies of 'B' must be a permutation"):
        g.relabel(strategies={"B": ["1", "1"]})
    with pytest.raises(UnknownNameError, match="unknown player 'C'"):
        g.relabel(strategies={"C": ["1", "2"]})


@given(normal_form_games(), st.data())
def test_affine_transforms_each_players_payoffs(game: NormalFormGame, data: st.DataObject) -> None:
    scales, shifts = data.draw(affine_maps(game.n_players))
    new = game.affine(scales, shifts)
    assert new.kind == game.kind
    assert new.players == game.players
    assert new.strategies == game.strategies
    for profile in _profiles(game):
        for i, p in enumerate(game.players):
            want = scales[i] * game.payoff(p, profile) + shifts[i]
            got = new.payoff(p, profile)
            if game.kind == "exact":
                assert got == want
            else:
                assert got == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_affine_scalars_arrays_and_refusals() -> None:
    g = NormalFormGame.from_arrays([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    assert g.affine(2, 1).payoff(1, [0, 0]) == 11
    assert g.affine(Fraction(1, 2)).payoff(0, [0, 0]) == Fraction(1, 2)
    assert g.affine(np.array([2, 3]), np.array([0, 1])).payoff(1, [0, 0]) == 16
    with pytest.raises(GameError, match="scales must be positive"):
        g.affine([1, 0])
    with pytest.raises(GameError, match="need 2 scales and shifts"):
        g.affine([1, 2, 3])
    sym = NormalFormGame([[["a", 0]], [[0, 1]]], parameters={"a": 1})
    assert sym.affine(2, "a").at(exact=True, a=3).payoff(0, [0, 0]) == 9


# ----------------------------------------------------------------------------- nashpy interop
@given(normal_form_games(n_players=st.just(2)))
def test_nashpy_round_trip(game: NormalFormGame) -> None:
    back = NormalFormGame.from_nashpy(game.to_nashpy(), players=game.players,
                                      strategies=game.strategies)  # fmt: skip
    np.testing.assert_array_equal(back.payoff_array(), game.payoff_array())
    assert back.players == game.players


@given(int_bimatrix_games(min_strategies=2, max_strategies=3))
def test_nashpy_equilibria_have_zero_regret_in_our_game(game: NormalFormGame) -> None:
    """nashpy's support enumeration is an independent oracle for our regret computation."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games
        found = list(game.to_nashpy().support_enumeration(non_degenerate=False))
    assert found  # every finite game has an equilibrium
    for sigma_r, sigma_c in found:
        assert max(ag.regret(game, [sigma_r, sigma_c])) < 1e-8
    # and a profile that is not an equilibrium has positive regret: a pure profile that is
    # no pure equilibrium (there is one unless every profile is an equilibrium)
    pure = {tuple(int(np.argmax(x)) for x in e.as_arrays()) for e in ag.pure_nash(game)}
    for i, j in itertools.product(range(game.shape[0]), range(game.shape[1])):
        if (i, j) not in pure:
            x, y = np.eye(game.shape[0])[i], np.eye(game.shape[1])[j]
            assert max(ag.regret(game, [x, y])) > 0


def test_to_nashpy_needs_two_players() -> None:
    with pytest.raises(GameError, match="nashpy handles 2-player games, this one has 3"):
        NormalFormGame(np.zeros((3, 2, 2, 2))).to_nashpy()


# ----------------------------------------------------------------------------- display
def test_display_of_a_two_player_game_has_its_names_and_payoffs() -> None:
    g = NormalFormGame.from_arrays(
        [[0, -1], [1, -10]], [[0, 1], [-1, Fraction(-21, 2)]], players=["US", "Iran <&>"],
        strategies=[["Hold", "Escalate"], ["Hold", "Escalate"]], title="Chicken",
    )  # fmt: skip
    assert (
        repr(g)
        == "NormalFormGame('Chicken', players=('US', 'Iran <&>'), shape=(2, 2), kind='exact')"
    )
    html = g._repr_html_()
    assert "<strong>Chicken</strong>" in html
    assert "Iran &lt;&amp;&gt;" in html
    assert "Iran <&>" not in html
    assert html.count("<tr>") == 3
    assert "<td>-10, -21/2</td>" in html
    latex = g._repr_latex_()
    assert latex is not None
    assert latex.startswith("$$\\begin{array}{r|cc}")
    assert "\\text{Escalate}" in latex
    assert "-10, - \\frac{21}{2}" in latex
    table = g.table()
    assert table.splitlines()[0].startswith("US \\ Iran <&>")
    assert "-10, -21/2" in table


@given(normal_form_games(n_players=st.integers(3, 4), max_strategies=2))
def test_display_of_n_player_games_lists_every_profile(game: NormalFormGame) -> None:
    html = game._repr_html_()
    n_profiles = int(np.prod(game.shape))
    assert html.count("<tr>") == n_profiles + 1
    assert all(f"<th>{p}</th>" in html for p in game.players)
    assert game._repr_latex_() is None
    assert len(game.table().splitlines()) == n_profiles + 1
    assert f"players={game.players}" in repr(game)


def test_repr_of_a_parameterised_game_lists_its_parameters() -> None:
    g = NormalFormGame([[["a", 0]], [[0, "b"]]], parameters={"a": 1, "b": 2})
    assert repr(g).endswith("kind='symbolic', parameters=('a', 'b'))")
    assert "<td>a, 0</td>" in g._repr_html_()
