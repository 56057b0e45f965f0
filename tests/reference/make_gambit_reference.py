"""Generate ``gambit_reference.json``: games and their equilibria as computed by pygambit.

The file is the reference that ``tests/test_reference_gambit.py`` compares alliancegame with, so
the test suite can cross-check against Gambit without needing Gambit installed.

What is generated (all from one seeded :func:`numpy.random.default_rng`, so a re-run with the same
seed and the same pygambit version writes the same games and equilibria):

``int``
    two-player games of every shape from 2x2 to 5x5 with small integer payoffs in ``[-3, 3]``
    (ties are common, so many of these games are degenerate);
``rational``
    two-player games from 2x2 up to 7x7 whose payoffs are rationals ``k/d`` with ``d <= 6`` and
    ``|k/d| <= 10`` ("float-ish" numbers that are exactly representable; generic in practice);
``classic``
    textbook games: Prisoner's Dilemma, Matching Pennies, Battle of the Sexes, Chicken, Stag Hunt,
    Rock-Paper-Scissors, Shapley's game, a 3x3 coordination game (7 equilibria), von Stengel's
    3x2 example and a degenerate variant of it, and an all-zero game;
``nplayer``
    games with 3 and 4 players and small integer payoffs, for pure equilibria only.

For every two-player game the file stores the equilibria returned by Gambit's
``enummixed_solve(rational=True)`` (all extreme equilibria, in exact arithmetic; Mangasarian 1964,
Avis et al. 2010), ``enumpure_solve`` and ``lcp_solve(rational=True)`` (Lemke and Howson 1964, run
by Gambit from each starting label; a subset of the equilibria). For N-player games only
``enumpure_solve`` is stored.

Format (JSON)::

    {"generator": ..., "pygambit_version": "16.7.0", "seed": 20240611, "generated": "YYYY-MM-DD",
     "games": [{"id": "int-3x4-07", "family": "int", "shape": [3, 4],
                "payoffs": [[["1", "-1/2", ...], ...], ...],      # (N, s_1, ..., s_N), "p/q"
                "enummixed": [[["1/3", "2/3", "0"], [...]], ...], # per equilibrium, per player
                "enumpure": [...], "lcp": [...]}, ...]}

Every number is an exact ``"p/q"`` string (``"3"`` for an integer). Run from the repository root,
with an interpreter that has pygambit and numpy::

    python tests/reference/make_gambit_reference.py [--seed 20240611] [--out PATH]

Generation takes well under a minute on one core.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20240611
OUT = Path(__file__).with_name("gambit_reference.json")


def frac_str(value: Any) -> str:
    """An exact number (``Fraction``, int, pygambit ``Rational``) as a ``"p/q"`` string."""
    f = Fraction(str(value))
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def encode(array: np.ndarray) -> Any:
    """An object array of exact numbers as nested lists of ``"p/q"`` strings."""
    return np.vectorize(frac_str, otypes=[object])(array).tolist()


# ------------------------------------------------------------------------------- the games
def int_games(rng: np.random.Generator) -> list[tuple[str, str, np.ndarray]]:
    """Small-integer bimatrix games, 2x2 to 5x5, four per shape (degenerate ones are common)."""
    out = []
    for m in range(2, 6):
        for n in range(2, 6):
            for k in range(4):
                arr = rng.integers(-3, 4, size=(2, m, n)).astype(object)
                arr = np.vectorize(Fraction, otypes=[object])(arr)
                out.append((f"int-{m}x{n}-{k:02d}", "int", arr))
    return out


def rational_games(rng: np.random.Generator) -> list[tuple[str, str, np.ndarray]]:
    """Bimatrix games up to 7x7 with payoffs ``k/d`` (``d <= 6``, magnitude at most 10)."""
    out = []
    shapes = [(2, 2), (2, 3), (3, 3), (3, 5), (4, 4), (4, 6), (5, 5), (5, 7), (6, 6), (7, 7)]
    for m, n in shapes:
        for k in range(4):
            den = rng.integers(1, 7, size=(2, m, n))
            num = np.array(
                [rng.integers(-10 * d, 10 * d + 1) for d in den.flat], dtype=np.int64
            ).reshape(den.shape)
            arr = np.empty((2, m, n), dtype=object)
            for idx in np.ndindex(arr.shape):
                arr[idx] = Fraction(int(num[idx]), int(den[idx]))
            out.append((f"rational-{m}x{n}-{k:02d}", "rational", arr))
    return out


def classic_games() -> list[tuple[str, str, np.ndarray]]:
    """Textbook games with well-known equilibria."""

    def bimatrix(a: list[list[int]], b: list[list[int]]) -> np.ndarray:
        return np.vectorize(Fraction, otypes=[object])(np.array([a, b], dtype=object))

    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    shapley_a = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    shapley_b = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    eye3 = np.eye(3, dtype=int).tolist()
    return [
        ("prisoners-dilemma", "classic", bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])),
        ("matching-pennies", "classic", bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])),
        ("battle-of-the-sexes", "classic", bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])),
        ("chicken", "classic", bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])),
        ("stag-hunt", "classic", bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])),
        ("rock-paper-scissors", "classic", bimatrix(rps, [[-x for x in r] for r in rps])),
        ("shapley", "classic", bimatrix(shapley_a, shapley_b)),
        ("coordination-3x3", "classic", bimatrix(eye3, eye3)),
        # The 3x2 example of von Stengel (2002), "Computing equilibria for two-person games"
        # (Handbook of Game Theory, vol. 3): three equilibria. In its degenerate variant the
        # column player is indifferent against the first row, which makes a segment of equilibria.
        (
            "von-stengel-3x2",
            "classic",
            bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        ),
        (
            "von-stengel-3x2-degenerate",
            "classic",
            bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        ),
        ("all-zero-2x3", "classic", bimatrix([[0, 0, 0]] * 2, [[0, 0, 0]] * 2)),
    ]


def nplayer_games(rng: np.random.Generator) -> list[tuple[str, str, np.ndarray]]:
    """Three- and four-player games with integer payoffs in ``[-2, 2]`` (pure equilibria only)."""
    out = []
    shapes = [(2, 2, 2), (2, 3, 2), (3, 3, 3), (2, 2, 2, 2), (3, 2, 3, 2), (3, 3, 3, 3)]
    for shape in shapes:
        for k in range(4):
            arr = rng.integers(-2, 3, size=(len(shape), *shape)).astype(object)
            arr = np.vectorize(Fraction, otypes=[object])(arr)
            out.append((f"nplayer-{'x'.join(map(str, shape))}-{k:02d}", "nplayer", arr))
    return out


# ------------------------------------------------------------------------------- pygambit
def to_gambit(arr: np.ndarray) -> Any:
    import pygambit as gbt

    return gbt.Game.from_arrays(*[arr[i] for i in range(arr.shape[0])])


def profiles(game: Any, result: Any) -> list[list[list[str]]]:
    """Gambit's equilibria as ``[player][strategy]`` lists of exact strings."""
    players = list(game.players)
    return [[[frac_str(eq[s]) for s in p.strategies] for p in players] for eq in result.equilibria]


def solve_all(arr: np.ndarray, two_player: bool) -> dict[str, Any]:
    import pygambit as gbt

    game = to_gambit(arr)
    out: dict[str, Any] = {"enumpure": profiles(game, gbt.nash.enumpure_solve(game))}
    if two_player:
        out["enummixed"] = profiles(game, gbt.nash.enummixed_solve(game, rational=True))
        out["lcp"] = profiles(game, gbt.nash.lcp_solve(game, rational=True))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    import pygambit as gbt

    rng = np.random.default_rng(args.seed)
    games = int_games(rng) + rational_games(rng) + classic_games() + nplayer_games(rng)
    start = time.perf_counter()
    records = []
    for gid, family, arr in games:
        two = arr.shape[0] == 2
        records.append(
            {
                "id": gid,
                "family": family,
                "shape": list(arr.shape[1:]),
                "payoffs": encode(arr),
                **solve_all(arr, two),
            }
        )
    doc = {
        "generator": "tests/reference/make_gambit_reference.py",
        "pygambit_version": gbt.__version__,
        "seed": args.seed,
        "generated": datetime.date.today().isoformat(),
        "games": records,
    }
    text = json.dumps(doc, indent=None, separators=(",", ":"))
    # One game per line keeps diffs of the file readable.
    text = text.replace('},{"id"', '},\n{"id"')
    args.out.write_text(text + "\n", encoding="utf-8")
    took = time.perf_counter() - start
    print(
        f"wrote {len(records)} games to {args.out} ({len(text) / 1024:.0f} KiB) in {took:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
