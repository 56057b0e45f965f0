"""Cross-checks against Gambit (McKelvey, McLennan and Turocy, 2016-): stored and live.

``tests/reference/gambit_reference.json`` holds 2-player games (small-integer games, often
degenerate; games with small-denominator rational payoffs up to 7x7; classic games) and 3- and
4-player games, each with the equilibria pygambit computed for it in exact arithmetic
(``enummixed_solve``, ``enumpure_solve``, ``lcp_solve``). It is written by
``tests/reference/make_gambit_reference.py``; see that script for the format and how to re-run it.

The stored comparisons need no Gambit: pure equilibria (``pure_nash``, one by one and batched)
must equal Gambit's ``enumpure``; exact vertex and support enumeration must return exactly
Gambit's extreme equilibria (``enummixed``), float vertex enumeration the same to 1e-6 whenever it
claims completeness; Lemke–Howson must end at one of them; and our exact regret must be zero at
every equilibrium Gambit reported. The live ones (marked ``gambit``, opt-in with
``pytest -m gambit``) draw fresh games, run pygambit and compare on the spot.
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import alliancegame as ag
from alliancegame.core.arrays import float_of

REFERENCE = Path(__file__).parent / "reference" / "gambit_reference.json"

Key = tuple[tuple[Fraction, ...], ...]


@cache
def _reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _games(*families: str) -> list[dict[str, Any]]:
    return [g for g in _reference()["games"] if not families or g["family"] in families]


def _exact_payoffs(record: dict[str, Any]) -> np.ndarray:
    return np.vectorize(Fraction, otypes=[object])(np.array(record["payoffs"], dtype=object))


def _game(record: dict[str, Any], exact: bool = True) -> ag.NormalFormGame:
    arr = _exact_payoffs(record)
    return ag.NormalFormGame(arr if exact else float_of(arr))


def _keys(profiles: list[list[list[str]]]) -> set[Key]:
    return {tuple(tuple(Fraction(x) for x in player) for player in p) for p in profiles}


def _our_keys(result: ag.SolverResult) -> set[Key]:
    return {tuple(tuple(Fraction(x) for x in probs) for probs in e.probabilities) for e in result}


def _ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


ALL = _games()
TWO_PLAYER = _games("int", "rational", "classic")


# ------------------------------------------------------------------------- the reference itself
def test_reference_file_is_documented_and_modest() -> None:
    ref = _reference()
    assert ref["pygambit_version"].startswith("16.")
    assert isinstance(ref["seed"], int)
    assert len(ref["generated"]) == 10  # an ISO date
    assert REFERENCE.stat().st_size < 2 * 1024**2
    families = {g["family"] for g in ref["games"]}
    assert families == {"int", "rational", "classic", "nplayer"}
    shapes = {tuple(g["shape"]) for g in ref["games"] if g["family"] != "nplayer"}
    assert (2, 2) in shapes
    assert (5, 5) in shapes
    assert (7, 7) in shapes
    assert {len(g["shape"]) for g in ref["games"] if g["family"] == "nplayer"} == {3, 4}


@pytest.mark.parametrize("record", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_gambit_equilibria_have_zero_exact_regret(record: dict[str, Any]) -> None:
    """Our exact regret agrees with Gambit that each of its equilibria is one."""
    game = _game(record)
    for profile in record["enummixed"] + record["lcp"]:
        strategies = [[Fraction(x) for x in player] for player in profile]
        assert ag.regret(game, strategies, exact=True) == (0, 0)


# ------------------------------------------------------------------------- pure equilibria
@pytest.mark.parametrize("record", ALL, ids=_ids(ALL))
def test_pure_nash_matches_gambit_enumpure(record: dict[str, Any]) -> None:
    expected = _keys(record["enumpure"])
    exact = ag.pure_nash(_game(record))
    assert exact.exact
    assert exact.complete
    assert _our_keys(exact) == expected
    floating = ag.pure_nash(_game(record, exact=False))
    assert not floating.exact
    assert _our_keys(floating) == expected


def test_pure_nash_mask_over_the_reference_batch_matches_gambit() -> None:
    """One batched call over all same-shape games gives Gambit's pure equilibria of each."""
    by_shape: dict[tuple[int, ...], list[dict[str, Any]]] = {}
    for record in ALL:
        by_shape.setdefault(tuple(record["shape"]), []).append(record)
    checked = 0
    for shape, records in by_shape.items():
        batch = np.stack([float_of(_exact_payoffs(r)) for r in records])
        mask = ag.pure_nash_mask(batch, n_players=len(shape))
        for r, m in zip(records, mask, strict=True):
            found = {tuple(int(i) for i in idx) for idx in np.argwhere(m)}
            expected = {tuple(player.index("1") for player in profile) for profile in r["enumpure"]}
            assert found == expected, r["id"]
            checked += 1
    assert checked == len(ALL)


# ------------------------------------------------------------------------- mixed equilibria
def _float_profiles(keys: set[Key]) -> list[np.ndarray]:
    return [np.array([float(v) for player in k for v in player]) for k in keys]


def _near(point: np.ndarray, points: list[np.ndarray], tol: float = 1e-6) -> bool:
    return any(np.max(np.abs(point - q)) <= tol for q in points)


@pytest.mark.parametrize("method", ["vertex", "support"])
@pytest.mark.parametrize("record", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_exact_mixed_equilibria_are_gambits_extreme_equilibria(
    record: dict[str, Any], method: str
) -> None:
    """Exact vertex and support enumeration find all of Gambit's extreme equilibria, no more."""
    result = ag.solve(_game(record), "nash", method=method, exact=True)
    assert result.concept == "nash"
    assert result.exact
    assert result.complete
    assert _our_keys(result) == _keys(record["enummixed"])
    assert result.max_regret == 0


@pytest.mark.parametrize("record", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_float_vertex_enumeration_matches_gambit(record: dict[str, Any]) -> None:
    """Float vertex enumeration: everything found is one of Gambit's extreme equilibria (to
    1e-6), and when the result says it is complete, nothing of Gambit's is missing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ag.DegenerateGameWarning)
        result = ag.solve(_game(record, exact=False), "nash", method="vertex")
    assert not result.exact
    if caught:
        assert all(issubclass(w.category, ag.DegenerateGameWarning) for w in caught)
        assert not result.complete
    reference = _float_profiles(_keys(record["enummixed"]))
    found = [np.concatenate(e.as_arrays()) for e in result]
    assert all(_near(f, reference) for f in found), record["id"]
    if result.complete:
        assert all(_near(r, found) for r in reference), record["id"]


@pytest.mark.parametrize("record", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_lemke_howson_ends_at_one_of_gambits_extreme_equilibria(record: dict[str, Any]) -> None:
    """A Lemke–Howson path ends at a completely labelled vertex pair: an extreme equilibrium,
    degenerate games included (exact, from the first label and from every label; and in floats)."""
    reference = _keys(record["enummixed"])
    one = ag.solve(_game(record), "nash", method="lemke-howson", exact=True)
    assert len(one) == 1
    assert _our_keys(one) <= reference
    every = ag.solve(_game(record), "nash", method="lemke-howson", exact=True, all_labels=True)
    assert _our_keys(one) <= _our_keys(every) <= reference
    floating = ag.solve(_game(record, exact=False), "nash", method="lemke-howson")
    assert len(floating) == 1
    assert _near(np.concatenate(floating[0].as_arrays()), _float_profiles(reference))


# ------------------------------------------------------------------------- live comparison
def _random_games(seed: int, count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n = int(rng.integers(2, 5))
        shape = tuple(int(s) for s in rng.integers(2, 4 if n > 2 else 6, size=n))
        arr = rng.integers(-3, 4, size=(n, *shape)).astype(object)
        out.append(np.vectorize(Fraction, otypes=[object])(arr))
    return out


def _gambit_profiles(gbt: Any, arr: np.ndarray, which: str) -> set[Key]:
    game = gbt.Game.from_arrays(*[arr[i] for i in range(arr.shape[0])])
    if which == "pure":
        result = gbt.nash.enumpure_solve(game)
    else:
        result = gbt.nash.enummixed_solve(game, rational=True)
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in game.players)
        for eq in result.equilibria
    }


@pytest.mark.gambit
@pytest.mark.parametrize("seed", range(5))
def test_live_mixed_equilibria_match_pygambit(seed: int) -> None:
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2000 + seed)
    for _ in range(10):
        m, n = (int(v) for v in rng.integers(2, 7, size=2))
        arr = np.vectorize(Fraction, otypes=[object])(
            rng.integers(-4, 5, size=(2, m, n)).astype(object)
        )
        expected = _gambit_profiles(gbt, arr, "mixed")
        result = ag.solve(ag.NormalFormGame(arr), "nash", method="vertex", exact=True)
        assert _our_keys(result) == expected


@pytest.mark.gambit
@pytest.mark.parametrize("seed", range(5))
def test_live_pure_nash_matches_pygambit(seed: int) -> None:
    gbt = pytest.importorskip("pygambit")
    for arr in _random_games(1000 + seed, 20):
        expected = _gambit_profiles(gbt, arr, "pure")
        assert _our_keys(ag.pure_nash(ag.NormalFormGame(arr))) == expected
