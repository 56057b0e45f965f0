"""Generate ``qre_reference.json``: logit QRE computed by pygambit, for ``tests/test_qre.py``.

Games (payoffs are small integers, stored as nested lists ``payoffs[player][s1]...[sN]``):

``textbook``
    asymmetric matching pennies, Stag Hunt, Chicken, Battle of the Sexes, a 3x3 game with a
    dominated strategy;
``random``
    random two-player games from 2x2 to 5x4 with integer payoffs in [-9, 9];
``random3``
    random three-player games (2x2x2 and 3x2x2).

Per game, pygambit's answers on the strategic form:

``limit``
    ``pygambit.nash.logit_solve(game)`` — the approximate limit of the principal branch of the
    logit QRE correspondence (regret at most ``1e-8`` times the payoff range), per player the
    probability of each strategy;
``lambdas`` / ``profiles``
    ``pygambit.qre.logit_solve_lambda(game, lambdas)`` — the QRE on the principal branch at
    each precision in ``lambdas``.

All random games come from one seeded :func:`numpy.random.default_rng`, so a re-run with the
same seed and pygambit version writes the same file. Run from the repository root with an
interpreter that has pygambit and numpy::

    python tests/reference/make_qre_reference.py [--seed 20261122] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
from typing import Any

import numpy as np

LAMBDAS = [0.1, 0.5, 1.0, 3.0]

TEXTBOOK: dict[str, list[Any]] = {
    "asymmetric-pennies": [[[3, -1], [-1, 1]], [[-3, 1], [1, -1]]],
    "stag-hunt": [[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
    "chicken": [[[0, -1], [1, -10]], [[0, 1], [-1, -10]]],
    "battle-of-the-sexes": [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    "dominated-3x3": [
        [[3, 1, 0], [2, 2, 1], [0, 0, -1]],
        [[1, 2, 0], [3, 0, 1], [2, 1, 4]],
    ],
}


def _profile(game: Any, profile: Any) -> list[list[float]]:
    return [[float(profile[s]) for s in player.strategies] for player in game.players]


def _entry(name: str, kind: str, payoffs: list[Any]) -> dict[str, Any]:
    import pygambit as gbt

    arrays = [np.array(p) for p in payoffs]
    game = gbt.Game.from_arrays(*arrays)
    limit = gbt.nash.logit_solve(game).equilibria[0]
    points = gbt.qre.logit_solve_lambda(game, LAMBDAS)
    return {
        "name": name,
        "kind": kind,
        "payoffs": payoffs,
        "limit": _profile(game, limit),
        "lambdas": LAMBDAS,
        "profiles": [_profile(game, p.profile) for p in points],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--out", default=str(Path(__file__).with_name("qre_reference.json")))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    games = [_entry(name, "textbook", p) for name, p in TEXTBOOK.items()]
    shapes2 = (
        [(2, 2)] * 6 + [(2, 3)] * 4 + [(3, 3)] * 6 + [(4, 3)] * 3 + [(4, 4)] * 3 + [(5, 4)] * 2
    )
    for k, shape in enumerate(shapes2):
        payoffs = rng.integers(-9, 10, size=(2, *shape)).tolist()
        games.append(_entry(f"random-{k}", "random", payoffs))
    for k, shape in enumerate([(2, 2, 2)] * 4 + [(3, 2, 2)] * 2):
        payoffs = rng.integers(-9, 10, size=(3, *shape)).tolist()
        games.append(_entry(f"random3-{k}", "random3", payoffs))
    import pygambit as gbt

    out = {
        "generator": "tests/reference/make_qre_reference.py",
        "pygambit": gbt.__version__,
        "seed": args.seed,
        "date": datetime.date.today().isoformat(),
        "games": games,
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(games)} games to {args.out}")


if __name__ == "__main__":
    main()
