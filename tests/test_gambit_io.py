"""Gambit .nfg/.efg files: round trips, files written by pygambit, and malformed files.

Oracles: a game written and read back is the same game (names, exact payoffs); files written by
pygambit read to the game pygambit was given (see tests/data/README.md); the two .nfg versions
(payoff and outcome) read to the same game; and each malformed file fails at the position marked
with ``§`` in its text. The live comparisons with pygambit (every game in pygambit's catalogue,
read by both) are opt-in: ``pytest -m gambit``.
"""

from __future__ import annotations

import io
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from tests.strategies import normal_form_games, shapes

import alliancegame as ag
from alliancegame.io.gambit import read_gambit, read_nfg, write_nfg

DATA = Path(__file__).parent / "data"
MARK = "§"


def _fractions(array: Any) -> list[Any]:
    return np.asarray(array, dtype=object).tolist()  # type: ignore[no-any-return]


def _exact(game: ag.NormalFormGame) -> list[Any]:
    return _fractions(game.exact_payoff_array())


# --------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------

labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8
).filter(lambda s: s.strip() != "")


@st.composite
def labelled_games(draw: Any) -> ag.NormalFormGame:
    """Games with arbitrary labels (quotes, backslashes, newlines, unicode) and exact payoffs."""
    dims = draw(shapes(st.integers(1, 3), max_strategies=3, max_cells=27))
    n = len(dims)
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(labels, min_size=k, max_size=k, unique=True)) for k in dims]
    values = st.fractions(min_value=-1000, max_value=1000, max_denominator=60)
    arr = draw(hnp.arrays(object, (n, *dims), elements=values))
    title = draw(st.text(max_size=12))
    return ag.NormalFormGame(arr, players, strategies, title=title)


@given(game=labelled_games(), outcome_version=st.booleans())
def test_round_trip_preserves_labels_and_exact_payoffs(
    game: ag.NormalFormGame, outcome_version: bool
) -> None:
    text = write_nfg(game, outcome_version=outcome_version)
    back = read_nfg(text)
    assert back == game
    assert back.kind == "exact"
    assert back.title == game.title


@given(game=normal_form_games())
def test_round_trip_of_generated_games(game: ag.NormalFormGame) -> None:
    back = read_nfg(write_nfg(game))
    assert back.players == game.players
    assert back.strategies == game.strategies
    # Files hold exact numbers: integer games come back equal, float games come back as the
    # exact value of each float's shortest decimal, which converts back to the same float.
    assert back.kind == "exact"
    if game.kind == "exact":
        assert back == game
    assert np.array_equal(back.payoff_array(), game.payoff_array())


@given(
    values=hnp.arrays(
        np.float64,
        (2, 2, 3),
        elements=st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True),
    )
)
def test_float_payoffs_survive_exactly(values: np.ndarray) -> None:
    game = ag.NormalFormGame(values)
    back = read_nfg(write_nfg(game, outcome_version=True))
    assert np.array_equal(back.payoff_array(), values)


def test_write_to_path_and_read_from_path_stream_and_pathlike(tmp_path: Path) -> None:
    game = ag.NormalFormGame.from_arrays(
        [[1, 2], [3, 4]], [[Fraction(1, 3), 0], [0, 1]], players=["É", "B"], title="paths"
    )
    target = tmp_path / "g.nfg"
    text = write_nfg(game, target, comment="a comment")
    assert target.read_text(encoding="utf-8") == text
    assert '"a comment"' in text
    assert read_nfg(target) == game
    assert read_nfg(str(target)) == game
    assert read_nfg(io.StringIO(text)) == game
    assert read_gambit(target) == game


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.nfg"
    path.write_bytes('NFG 1 R "Déjà" { "A" } { 2 } 1 2'.encode("latin-1"))
    assert read_nfg(path).title == "Déjà"


def test_symbolic_game_is_refused() -> None:
    game = ag.NormalFormGame([[["a", 0]], [[0, "a"]]], parameters={"a": 1})
    with pytest.raises(ag.GameError, match=r"parameters \(a\).*game\.at"):
        write_nfg(game)
    assert read_nfg(write_nfg(game.at(exact=True, a=Fraction(1, 3)))).payoffs[0, 0, 0] == Fraction(
        1, 3
    )


# --------------------------------------------------------------------------------------------
# The format itself
# --------------------------------------------------------------------------------------------

# The example of Gambit's documentation (Selten 1975, figure 2), in both versions.
SELTEN_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_payoff_and_outcome_versions_agree_and_follow_the_profile_order() -> None:
    a, b = read_nfg(SELTEN_PAYOFF), read_nfg(SELTEN_OUTCOME)
    assert a == b
    assert a.shape == (3, 2)
    # The documentation's reading of the list: the first player's strategy changes fastest.
    for profile, expected in [
        (["1", "1"], (1, 1)),
        (["2", "1"], (0, 2)),
        (["3", "1"], (0, 2)),
        (["1", "2"], (1, 1)),
    ]:
        assert (a.payoff("Player 1", profile), a.payoff("Player 2", profile)) == expected


def test_outcome_zero_and_reused_outcomes() -> None:
    g = read_nfg('NFG 1 R "" { "A" "B" } { 2 2 } { { "win" 3 -3 } } 1 0 0 1')
    assert _exact(g) == [[[3, 0], [0, 3]], [[-3, 0], [0, -3]]]


def test_numbers_are_exact() -> None:
    g = read_nfg('NFG 1 R "" { "A" } { 7 } 0.1 .5 -2.5 1e-3 3/4 -7/21 +2 ')
    assert _exact(g)[0] == [
        Fraction(1, 10),
        Fraction(1, 2),
        Fraction(-5, 2),
        Fraction(1, 1000),
        Fraction(3, 4),
        Fraction(-1, 3),
        2,
    ]


def test_escaped_labels() -> None:
    g = read_nfg(r'NFG 1 R "a \"b\" \\ c" { "say \"no\"" } { { "x\\y" "\q" } } 1 2')
    assert g.title == 'a "b" \\ c'
    assert g.players == ('say "no"',)
    assert g.strategies == (("x\\y", "\\q"),)
    assert read_nfg(write_nfg(g)) == g


def test_empty_labels_become_numbers_and_duplicates_are_told_apart() -> None:
    g = read_nfg('NFG 1 R "" { "" "" } { { "" "b" "" } { "a" "a" } } 1 2 3 4 5 6 7 8 9 10 11 12')
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "b", "3"), ("a_1", "a_2"))
    # A generated number that collides with a label is told apart the same way.
    h = read_nfg('NFG 1 R "" { "A" } { { "2" "" } } 1 2')
    assert h.strategies == (("2_1", "2_2"),)


def test_payoff_array_too_large_is_refused_before_allocation() -> None:
    with pytest.raises(ag.GameTooLargeError, match=r"^<string>:1:\d+: the payoff array"):
        read_nfg('NFG 1 R "" { "A" "B" "C" } { 100000 100000 100000 } 1')
    # counts are checked before any strategy label is made
    with pytest.raises(MemoryError):
        read_nfg('NFG 1 R "" { "A" } { 10000000000000000 }')


# --------------------------------------------------------------------------------------------
# Files written by pygambit (tests/data, see README.md there)
# --------------------------------------------------------------------------------------------


def test_pygambit_two_player_file() -> None:
    g = read_nfg(DATA / "pygambit_two_player.nfg")
    assert g.title == 'Alliance "test" game'
    assert g.players == ("US", "Iran")
    assert g.strategies == (("Hold", "Escalate"), ("Wait", "Strike"))
    assert g.kind == "exact"
    assert _exact(g) == [
        [[Fraction(1, 3), Fraction(-5, 2)], [Fraction(1, 4), 0]],
        [[Fraction(2, 3), 7], [Fraction(-1, 10), 3]],
    ]


def test_pygambit_three_player_file() -> None:
    g = read_nfg(DATA / "pygambit_three_player.nfg")
    assert g.players == ("1", "2", "3")
    assert g.shape == (2, 3, 2)
    # The arrays pygambit was given (rng seed 7, see tests/data/README.md).
    expected = [
        [[[5, 1], [2, 4], [1, 3]], [[4, -3], [-5, -2], [-2, 4]]],
        [[[5, -5], [0, 4], [-4, 3]], [[-4, 0], [3, -2], [-2, -2]]],
        [[[2, -3], [5, -1], [0, 0]], [[1, 1], [0, 5], [3, 3]]],
    ]
    assert _exact(g) == expected


def test_decimal_payoff_version_file() -> None:
    g = read_nfg(DATA / "decimals_payoff_version.nfg")
    assert g.strategies == (("Hold", "Escalate"), ("Wait", "Strike"))
    assert _exact(g) == [
        [[Fraction(1, 4), Fraction(-5, 2)], [Fraction(1, 2), 0]],
        [[Fraction(1, 10), 7], [Fraction(-1, 3), Fraction(3, 1000)]],
    ]


def test_bundled_examples_read() -> None:
    from alliancegame.cli import bundled_examples

    examples = bundled_examples()
    assert {"crisis-chicken", "battle-of-the-sexes"} <= set(examples)
    chicken = read_gambit(examples["crisis-chicken"])
    assert chicken.players == ("US", "Iran")
    assert _exact(chicken) == [[[0, -1], [1, -10]], [[0, 1], [-1, -10]]]
    for path in examples.values():
        game = read_gambit(path)
        assert read_gambit(_write(game)) == game


def _write(game: Any) -> str:
    from alliancegame.io import gambit

    if isinstance(game, ag.NormalFormGame):
        return gambit.write_nfg(game)
    return gambit.write_efg(game)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------------------------
# Malformed files: the error is raised at the position marked §
# --------------------------------------------------------------------------------------------

BAD_NFG = [
    ("not-gambit", '§GAME 1 R "x"', "expected 'NFG'"),
    ("efg-given", '§EFG 2 R "x" { "A" } t "" 0', "extensive game file"),
    ("version", 'NFG §2 R "x" { "A" } { 1 } 0', "expected the format version 1"),
    ("data-type", 'NFG 1 §X "x" { "A" } { 1 } 0', "expected the data type 'R'"),
    ("no-title", 'NFG 1 R §{ "A" } { 1 } 0', "expected the quoted game title, found '{'"),
    ("unterminated", 'NFG 1 R "x" { §"A } { 2 } 1 2', "unterminated label"),
    ("no-players", 'NFG 1 R "x" { §} { }', "at least one player"),
    ("players-not-braced", 'NFG 1 R "x" §"A" { 1 } 0', "expected '{' opening the list of players"),
    ("zero-strategies", 'NFG 1 R "x" { "A" } { §0 }', "must be at least 1, found 0"),
    ("fractional-count", 'NFG 1 R "x" { "A" } { §2.5 } 1 2', "expected the number of strategies"),
    ("few-counts", 'NFG 1 R "x" { "A" "B" } { 2 §} 1 2', "expected 2 strategy counts"),
    ("many-counts", 'NFG 1 R "x" { "A" } { 2 §3 } 1 2', "expected '}' after 1 strategy counts"),
    (
        "few-lists",
        'NFG 1 R "x" { "A" "B" }\n{ { "a" "b" } §}\n1 2',
        "expected 2 strategy lists",
    ),
    ("many-lists", 'NFG 1 R "x" { "A" } { { "a" } §{ "b" } } 1', "expected '}' after 1 strategy"),
    ("empty-list", 'NFG 1 R "x" { "A" } { { §} } 1', "A needs at least one strategy"),
    (
        "missing-payoff",
        'NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2\n3 4\n5 6\n7§',
        "expected a payoff of B at (2, 2), found end of file",
    ),
    (
        "word-payoff",
        'NFG 1 R "x" { "A" "B" } { 2 1 }\n1 2\n  §abc 4',
        "expected a payoff of A at (2, 1), found word 'abc'",
    ),
    ("glued-word", 'NFG 1 R "x" { "A" } { 2 } 1 §12abc', "found word '12abc'"),
    (
        "extra-payoff",
        'NFG 1 R "x" { "A" } { 2 } 1 2 §3',
        "expected end of file after the 2 payoffs",
    ),
    ("zero-division", 'NFG 1 R "x" { "A" } { 2 } 1 §1/0', "divides by zero"),
    ("huge-exponent", 'NFG 1 R "x" { "A" } { 2 } 1 §1e999', "out of range"),
    ("overflow", 'NFG 1 R "x" { "A" } { 2 } 1 §1e400', "too large"),
    ("no-body", 'NFG 1 R "x" { "A" } { 2 } "comment" §"again"', "expected the payoffs"),
    (
        "undefined-outcome",
        'NFG 1 R "x" { "A" } { 2 }\n{ { "o" 1 } }\n1 §2',
        "outcome 2 is not defined",
    ),
    ("negative-outcome", 'NFG 1 R "x" { "A" } { 2 } { { "o" 1 } } 1 §-1', "must be at least 0"),
    ("fraction-outcome", 'NFG 1 R "x" { "A" } { 2 } { { "o" 1 } } 1 §1.5', "outcome number"),
    (
        "short-outcome",
        'NFG 1 R "x" { "A" "B" } { 1 1 } { { "o" 1, §} } 1',
        "expected the payoff of B in outcome 1, found '}'",
    ),
    ("outcome-label", 'NFG 1 R "x" { "A" } { 1 } { { §1 } } 1', "quoted label of outcome 1"),
    ("few-indices", 'NFG 1 R "x" { "A" } { 2 } { { "o" 1 } } 1§', "outcome number of profile"),
]


def _locate(marked: str) -> tuple[str, int, int]:
    offset = marked.index(MARK)
    text = marked.replace(MARK, "")
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return text, line, col


@pytest.mark.parametrize(
    ("marked", "message"), [c[1:] for c in BAD_NFG], ids=[c[0] for c in BAD_NFG]
)
def test_malformed_nfg(marked: str, message: str) -> None:
    text, line, col = _locate(marked)
    with pytest.raises(ag.ModelFileError) as info:
        read_nfg(text)
    err = info.value
    assert (err.path, err.line, err.column) == ("<string>", line, col), str(err)
    assert message in str(err)
    assert str(err).startswith(f"<string>:{line}:{col}: ")


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "A" }\n{ 2 }\n1 oops\n', encoding="utf-8")
    with pytest.raises(ag.ModelFileError, match=rf"^{re.escape(str(path))}:3:3: expected a payoff"):
        read_nfg(path)


def test_read_gambit_rejects_other_files() -> None:
    with pytest.raises(ag.ModelFileError, match=r"^<string>:2:1: expected 'NFG' or 'EFG'"):
        read_gambit('\n{ "x" }')


def test_numbers_beyond_float_range_are_refused_but_tiny_ones_kept() -> None:
    g = read_nfg('NFG 1 R "" { "A" } { 2 } 5e-324 1e-400')
    assert g.payoff_array()[0].tolist() == [5e-324, 0.0]
    assert math.isfinite(float(g.payoffs[0, 0]))
