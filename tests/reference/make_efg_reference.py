"""Generate ``efg_reference.json``: extensive-form games and their equilibria computed by pygambit.

The file is the reference that ``tests/test_tree_nash.py`` compares alliancegame's tree solvers
(:func:`alliancegame.tree_nash`, :func:`alliancegame.tree_pure_nash`) with, so the suite can
cross-check against Gambit without Gambit installed.

Games (each stored as the ``.efg`` text pygambit writes, so the test reads exactly what Gambit
solved):

``file``
    every ``.efg`` file of ``tests/data/`` and ``models/examples/``;
``textbook``
    matching pennies as a tree (the second mover does not see the first move), Selten's (1975)
    horse (three players), and a beer–quiche style signalling game (Cho and Kreps, 1987);
``simultaneous``
    nature draws an unobserved state, then two players move without seeing each other's move;
``signalling``
    nature draws the sender's type; the sender sees it and sends a message; the receiver sees
    only the message and acts;
``random``
    random two-player trees with chance nodes and information sets with perfect recall (nodes of
    one player with the same own history and number of actions may share an information set);
``random3``
    the same with three players (pure equilibria only).

All random games come from one seeded :func:`numpy.random.default_rng`, so a re-run with the
same seed and pygambit version writes the same file.

What is stored per game, all numbers as exact ``"p/q"`` strings:

``players``, ``strategies``
    player labels and the number of strategies Gambit gives each player (its reduced strategic
    form);
``infosets``
    per player, Gambit's information sets in Gambit's order, each with its label, its actions
    and ``first_node``: the prefix-order index (root 0) of its first member in the prefix order
    of the tree, which is how the test matches them with alliancegame's information sets;
``enummixed`` (two players)
    ``enummixed_solve(game, rational=True)`` — every extreme equilibrium of the strategic form —
    each converted with ``MixedStrategyProfile.as_behavior()``: ``behavior[player][infoset]
    [action]`` and ``payoffs[player]``. As Gambit does, an information set the player's own
    strategy rules out gets probability 0 for every action;
``lcp`` (two players)
    ``lcp_solve(game, rational=True)`` on the tree (Lemke's algorithm on the sequence form of
    Koller, Megiddo and von Stengel, 1996), a behaviour profile per equilibrium found;
``enumpure``
    ``enumpure_solve(game)`` — every pure equilibrium of the strategic form — as behaviour
    profiles (``as_behavior()``).

Run from the repository root with an interpreter that has pygambit and numpy::

    python tests/reference/make_efg_reference.py [--seed 20240613] [--out PATH]

It takes a few seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20240613
ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("efg_reference.json")
LIMIT = 100  # at most this many pure profiles in a generated game's strategic form
FILES = sorted((ROOT / "tests" / "data").glob("*.efg")) + sorted(
    (ROOT / "models" / "examples").glob("*.efg")
)


def frac_str(value: Any) -> str:
    """An exact number (``Fraction``, int, pygambit ``Rational``) as a ``"p/q"`` string."""
    f = Fraction(str(value))
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


# ------------------------------------------------------------------------------ tree specs
# A tree spec is a nested tuple, turned into a pygambit game by ``build``:
#   ("t", payoffs)                              terminal
#   ("c", [probabilities], [children])          chance
#   ("p", player, infoset key, [actions], [children])   decision of player (0-based)
Spec = tuple[Any, ...]


def build(players: list[str], root: Spec, title: str) -> Any:
    """A pygambit tree from a spec; nodes with the same (player, key) form one information set."""
    import pygambit as gbt

    g = gbt.Game.new_tree(players=players, title=title)
    # breadth-first: gather every node spec with its pygambit node, then append moves set by set
    pending: list[tuple[Spec, Any]] = [(root, g.root)]
    made: dict[Any, Any] = {}  # (player, key) -> its pygambit information set
    outcomes = 0
    while pending:
        groups: dict[Any, list[tuple[Spec, Any]]] = {}
        order: list[Any] = []
        nxt: list[tuple[Spec, Any]] = []
        for spec, node in pending:
            if spec[0] == "t":
                outcomes += 1
                g.set_outcome(node, g.add_outcome(f"o{outcomes}", [Fraction(v) for v in spec[1]]))
                continue
            key = ("chance", id(spec)) if spec[0] == "c" else (spec[1], spec[2])
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((spec, node))
        for key in order:
            members = groups[key]
            first = members[0][0]
            if first[0] == "c":
                spec, node = members[0]
                g.append_move(node, g.players.chance, [f"n{k + 1}" for k in range(len(spec[1]))])
                g.set_chance_probs(node.infoset, [Fraction(p) for p in spec[1]])
                nxt += list(zip(spec[2], node.children, strict=True))
                continue
            nodes = [node for _, node in members]
            if key in made:  # members at different depths join the set made earlier
                g.append_infoset(nodes, made[key])
            else:
                g.append_move(nodes, players[first[1]], list(first[3]))
                made[key] = nodes[0].infoset
            for spec, node in members:
                nxt += list(zip(spec[4], node.children, strict=True))
        pending = nxt
    assert g.is_perfect_recall, title
    return g


def matching_pennies() -> Any:
    def p2(a: int, b: int) -> Spec:
        return ("p", 1, "guess", ["H", "T"], [("t", [a, b]), ("t", [b, a])])

    root = ("p", 0, "coin", ["H", "T"], [p2(1, -1), p2(-1, 1)])
    return build(["Even", "Odd"], root, "Matching pennies as a tree")


def selten_horse() -> Any:
    """Selten (1975): players 1 and 2 move in turn; 3 does not know which of them ended."""

    def p3(left: list[int], right: list[int]) -> Spec:
        return ("p", 2, "3", ["L", "R"], [("t", left), ("t", right)])

    p2 = ("p", 1, "2", ["c", "d"], [("t", [1, 1, 1]), p3([4, 4, 0], [0, 0, 1])])
    root = ("p", 0, "1", ["C", "D"], [p2, p3([3, 3, 2], [0, 0, 0])])
    return build(["1", "2", "3"], root, "Selten's horse")


def beer_quiche() -> Any:
    """Cho and Kreps (1987): a strong or weak sender picks breakfast; the receiver duels or not."""

    def sender(kind: str, beer: int, quiche: int) -> Spec:
        def receiver(meal: str, pref: int) -> Spec:
            strong = kind == "strong"
            return (
                "p",
                1,
                meal,
                ["duel", "dont"],
                [("t", [pref, 0 if strong else 1]), ("t", [pref + 2, 1 if strong else 0])],
            )

        return (
            "p",
            0,
            kind,
            ["beer", "quiche"],
            [receiver("beer", beer), receiver("quiche", quiche)],
        )

    root = ("c", [Fraction(1, 10), Fraction(9, 10)], [sender("weak", 0, 1), sender("strong", 1, 0)])
    return build(["Sender", "Receiver"], root, "Beer-quiche")


def simultaneous(rng: np.random.Generator, k: int, low: int, high: int) -> Any:
    m, n = (int(v) for v in rng.integers(2, 4, size=2))
    s = int(rng.integers(1, 3))
    weights = rng.integers(1, 5, size=s)
    probs = [Fraction(int(w), int(weights.sum())) for w in weights]

    def stage() -> Spec:
        return (
            "p",
            0,
            "row",
            [f"r{i}" for i in range(m)],
            [
                (
                    "p",
                    1,
                    "col",
                    [f"c{j}" for j in range(n)],
                    [("t", rng.integers(low, high + 1, size=2).tolist()) for _ in range(n)],
                )
                for _ in range(m)
            ],
        )

    root = stage() if s == 1 else ("c", probs, [stage() for _ in range(s)])
    return build(["P1", "P2"], root, f"simultaneous {k}")


def signalling(rng: np.random.Generator, k: int) -> Any:
    types = int(rng.integers(2, 4))
    messages = int(rng.integers(2, 4))
    responses = int(rng.integers(2, 4))
    weights = rng.integers(1, 5, size=types)
    probs = [Fraction(int(w), int(weights.sum())) for w in weights]

    def sender(t: int) -> Spec:
        return (
            "p",
            0,
            f"type {t}",
            [f"m{j}" for j in range(messages)],
            [
                (
                    "p",
                    1,
                    f"after m{j}",
                    [f"a{r}" for r in range(responses)],
                    [("t", rng.integers(-3, 4, size=2).tolist()) for _ in range(responses)],
                )
                for j in range(messages)
            ],
        )

    return build(
        ["Sender", "Receiver"], ("c", probs, [sender(t) for t in range(types)]), f"signal {k}"
    )


def random_tree(rng: np.random.Generator, k: int, n_players: int, budget: int = 18) -> Any:
    """A random tree whose information sets respect perfect recall."""
    left = [budget]
    sets: dict[tuple[int, tuple[Any, ...], int], list[int]] = {}
    counter = [0]

    def node(depth: int, own: tuple[tuple[Any, ...], ...], root: bool) -> Spec:
        left[0] -= 1
        if not root and (depth >= 4 or left[0] <= 3 or rng.random() < 0.3):
            return ("t", rng.integers(-3, 4, size=n_players).tolist())
        if rng.random() < 0.15:
            w = rng.integers(1, 4, size=2)
            probs = [Fraction(int(v), int(w.sum())) for v in w]
            return ("c", probs, [node(depth + 1, own, False) for _ in range(2)])
        i = int(rng.integers(n_players))
        acts = 2 if rng.random() < 0.8 else 3
        key = (i, own[i], acts)
        existing = sets.setdefault(key, [])
        if existing and rng.random() < 0.6:
            h = existing[int(rng.integers(len(existing)))]
        else:
            counter[0] += 1
            h = counter[0]
            existing.append(h)
        kids = []
        for a in range(acts):
            mine = (*own[:i], (*own[i], (h, a)), *own[i + 1 :])
            kids.append(node(depth + 1, mine, False))
        return ("p", i, h, ["abc"[a] for a in range(acts)], kids)

    players = [f"P{i + 1}" for i in range(n_players)]
    return build(players, node(0, ((),) * n_players, True), f"random {n_players}p {k}")


# ------------------------------------------------------------------------------ solving
def preorder(node: Any) -> Iterator[Any]:
    yield node
    for child in node.children:
        yield from preorder(child)


def describe(game: Any) -> dict[str, Any]:
    index = {node: k for k, node in enumerate(preorder(game.root))}
    return {
        "players": [p.label for p in game.players],
        "strategies": [len(p.strategies) for p in game.players],
        "infosets": [
            [
                {
                    "label": s.label,
                    "actions": [a.label for a in s.actions],
                    "first_node": min(index[m] for m in s.members),
                }
                for s in p.infosets
            ]
            for p in game.players
        ],
    }


def behaviour(game: Any, profile: Any) -> dict[str, Any]:
    players = list(game.players)
    return {
        "behavior": [
            [[frac_str(profile[a]) for a in s.actions] for s in p.infosets] for p in players
        ],
        "payoffs": [frac_str(profile.payoff(p)) for p in players],
    }


def solve(game: Any) -> dict[str, Any]:
    import pygambit as gbt

    out: dict[str, Any] = {}
    two = len(game.players) == 2
    if two:
        mixed = gbt.nash.enummixed_solve(game, rational=True).equilibria
        out["enummixed"] = [behaviour(game, eq.as_behavior()) for eq in mixed]
        out["lcp"] = [
            behaviour(game, eq) for eq in gbt.nash.lcp_solve(game, rational=True).equilibria
        ]
    pure = gbt.nash.enumpure_solve(game).equilibria
    out["enumpure"] = [behaviour(game, eq.as_behavior()) for eq in pure]
    return out


def games(rng: np.random.Generator) -> Iterator[tuple[str, str, Any]]:
    import pygambit as gbt

    for path in FILES:
        yield f"file-{path.stem}", "file", gbt.read_efg(str(path))
    yield "matching-pennies", "textbook", matching_pennies()
    yield "selten-horse", "textbook", selten_horse()
    yield "beer-quiche", "textbook", beer_quiche()
    for k in range(12):
        low, high = (-3, 3) if k % 2 else (-9, 9)
        yield f"simultaneous-{k:02d}", "simultaneous", simultaneous(rng, k, low, high)
    made = 0
    while made < 10:
        g = signalling(rng, made)
        if np.prod([len(p.strategies) for p in g.players]) > LIMIT:
            continue
        yield f"signalling-{made:02d}", "signalling", g
        made += 1
    made = 0
    while made < 30:
        g = random_tree(rng, made, 2)
        sizes = [len(p.strategies) for p in g.players]
        if np.prod(sizes) > LIMIT or not any(len(s.members) > 1 for s in g.infosets):
            continue  # keep them small, and with some imperfect information
        yield f"random-{made:02d}", "random", g
        made += 1
    made = 0
    while made < 10:
        g = random_tree(rng, made, 3)
        if np.prod([len(p.strategies) for p in g.players]) > LIMIT:
            continue
        yield f"random3-{made:02d}", "random3", g
        made += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    import pygambit as gbt

    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    records = []
    for gid, family, game in games(rng):
        records.append(
            {"id": gid, "family": family, "efg": game.to_efg(), **describe(game), **solve(game)}
        )
    doc = {
        "generator": "tests/reference/make_efg_reference.py",
        "pygambit_version": gbt.__version__,
        "seed": args.seed,
        "generated": datetime.date.today().isoformat(),
        "games": records,
    }
    text = json.dumps(doc, indent=None, separators=(",", ":"))
    text = text.replace('},{"id"', '},\n{"id"')  # one game per line
    args.out.write_text(text + "\n", encoding="utf-8")
    took = time.perf_counter() - start
    print(
        f"wrote {len(records)} games to {args.out} ({len(text) / 1024:.0f} KiB) in {took:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
