"""Nash equilibria of trees with information sets (``alliancegame.solvers.tree_nash``).

Oracles:

* Gambit: ``tests/reference/efg_reference.json`` (written by ``make_efg_reference.py``) holds
  pygambit's equilibria of the ``.efg`` files of the repository, textbook games and random trees
  with information sets. Our behaviour profiles must be Gambit's ``enummixed`` equilibria turned
  into behaviour (on the information sets a player's own strategy reaches, where the conversion is
  defined), Gambit's sequence-form ``lcp`` equilibria must be among ours exactly (both put the
  uniform distribution where a player's own strategy rules a set out), and the pure equilibria
  must be Gambit's ``enumpure``. A live comparison on fresh trees is opt-in (``-m gambit``).
* Brute force: the regret of every returned profile, recomputed by trying every full pure
  strategy of each player against the others' behaviour; the outcome distribution of a
  behaviour profile against that of the mixed profile it came from (Kuhn's theorem).
* Structure: simultaneous-move trees against vertex enumeration of their bimatrix; backward
  induction on perfect-information trees; positive affine payoff maps; exact against float.
* Textbook games: Selten's horse, matching pennies, entry deterrence, the uncertain-resolve example.
"""

from __future__ import annotations

import io
import itertools
import json
import warnings
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import perfect_information_trees, simultaneous_move_trees

import alliancegame as ag
from alliancegame.cli import load_game, main
from alliancegame.games.convert import reduced_strategies
from alliancegame.solvers.tree_nash import (
    behavior_from_mixed,
    tree_lemke_howson,
    tree_nash,
    tree_pure_nash,
    tree_regret,
)

REFERENCE = Path(__file__).parent / "reference" / "efg_reference.json"


@cache
def _reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _records(two_players: bool = False) -> list[Any]:
    return [
        pytest.param(r, id=r["id"])
        for r in _reference()["games"]
        if not two_players or len(r["players"]) == 2
    ]


# --------------------------------------------------------------------------------------------
# Helpers: keys of profiles, own reach, brute-force regret
# --------------------------------------------------------------------------------------------


def _action_index(game: ag.ExtensiveGame, node: int) -> int:
    return game.children(game.parent(node)).index(node)


def _own_reach(game: ag.ExtensiveGame, probs: Any, i: int, j: int) -> Any:
    """Product of player i's own action probabilities on the way to its information set j."""
    node = game.infosets[i][j].nodes[0]
    where = {
        s.label: (pi, pj) for pi, sets in enumerate(game.infosets) for pj, s in enumerate(sets)
    }
    out = Fraction(1)
    while game.parent(node) >= 0:
        parent = game.parent(node)
        if parent in game.decision_nodes:
            pi, pj = where[game.infoset_of(parent).label]
            if pi == i:
                out *= probs[pi][pj][_action_index(game, node)]
        node = parent
    return out


def _key(game: ag.ExtensiveGame, profile: ag.BehaviorProfile) -> tuple[Any, ...]:
    """Probabilities at every information set its owner's own strategy reaches (None elsewhere)."""
    probs = profile.probabilities
    return tuple(
        tuple(
            tuple(probs[i][j]) if _own_reach(game, probs, i, j) > 0 else None
            for j in range(len(sets))
        )
        for i, sets in enumerate(game.infosets)
    )


def _outcome(game: ag.ExtensiveGame, probs: Any) -> dict[int, Fraction]:
    """Probability of each terminal under a behaviour profile given as [player][infoset][action]."""
    where = {s.label: (i, j) for i, sets in enumerate(game.infosets) for j, s in enumerate(sets)}
    chance = dict(zip(game.chance_nodes, game.chance_probabilities, strict=True))
    out: dict[int, Fraction] = {}
    stack = [(0, Fraction(1))]
    while stack:
        node, p = stack.pop()
        kids = game.children(node)
        if not kids:
            out[node] = out.get(node, Fraction(0)) + p
        elif node in chance:
            stack += [(c, p * Fraction(q)) for c, q in zip(kids, chance[node], strict=True)]
        else:
            i, j = where[game.infoset_of(node).label]
            stack += [(c, p * Fraction(q)) for c, q in zip(kids, probs[i][j], strict=True) if q]
    return out


def _payoffs(game: ag.ExtensiveGame, probs: Any) -> list[Fraction]:
    dist = _outcome(game, probs)
    rows = dict(zip(game.terminals, game.terminal_payoffs, strict=True))
    return [
        sum((p * Fraction(rows[t][i]) for t, p in dist.items()), Fraction(0))
        for i in range(game.n_players)
    ]


def _brute_regret(game: ag.ExtensiveGame, probs: Any) -> list[Fraction]:
    """Each player's best gain over every full pure strategy (a product over its sets)."""
    value = _payoffs(game, probs)
    out = []
    for i, sets in enumerate(game.infosets):
        best = value[i]
        for combo in itertools.product(*[range(len(s.actions)) for s in sets]):
            pure = [
                tuple(Fraction(int(a == c)) for a in range(len(s.actions)))
                for s, c in zip(sets, combo, strict=True)
            ]
            trial = [list(p) for p in probs]
            trial[i] = pure
            best = max(best, _payoffs(game, trial)[i])
        out.append(best - value[i])
    return out


def _profile(game: ag.ExtensiveGame, probs: Any) -> ag.BehaviorProfile:
    return ag.BehaviorProfile(
        players=game.players,
        infosets=tuple(tuple(s.label for s in sets) for sets in game.infosets),
        actions=tuple(tuple(s.actions for s in sets) for sets in game.infosets),
        probabilities=tuple(tuple(tuple(p) for p in per) for per in probs),
        payoffs_=tuple(_payoffs(game, probs)),
        regret=Fraction(0),
        exact=True,
    )


# --------------------------------------------------------------------------------------------
# Random trees with information sets (perfect recall)
# --------------------------------------------------------------------------------------------


@st.composite
def imperfect_information_trees(
    draw: Any, n_players: int = 2, max_nodes: int = 14, floats: bool = False
) -> ag.ExtensiveGame:
    """Random trees whose decision nodes may share information sets, with perfect recall.

    A new decision node may join an existing information set of its player when it has the same
    own history (the player's earlier sets and actions) and the same number of actions.
    """
    budget = [max_nodes]
    sets: dict[tuple[int, tuple[Any, ...], int], list[str]] = {}
    players = [f"P{i + 1}" for i in range(n_players)]

    def payoff() -> Any:
        if floats:  # generic floats, apart by more than the tolerance when they differ
            return draw(st.integers(-1000, 1000)) / 97
        return draw(st.integers(-3, 3))

    def node(depth: int, own: tuple[tuple[Any, ...], ...], mover: int) -> Any:
        budget[0] -= 1
        stop = draw(st.sampled_from([False] * 3 + [True])) if depth > 1 else False
        if depth and (depth >= 4 or budget[0] <= 3 or stop):
            return ag.terminal(*[payoff() for _ in players])
        if draw(st.sampled_from([False] * 9 + [True])):
            w = draw(st.lists(st.integers(1, 3), min_size=2, max_size=2))
            return ag.chance(
                {f"o{k}": (Fraction(w[k], sum(w)), node(depth + 1, own, mover)) for k in range(2)}
            )
        # mostly someone other than the last mover, so that sets can span branches
        others = [j for j in range(n_players) if j != mover]
        i = draw(st.sampled_from(others * 3 + [mover] if mover >= 0 else others))
        k = draw(st.sampled_from([2] * 5 + [3]))
        existing = sets.setdefault((i, own[i], k), [])
        if existing and draw(st.sampled_from([True] * 3 + [False])):
            label = draw(st.sampled_from(existing))
        else:
            label = f"{players[i]}#{sum(map(len, sets.values()))}"
            existing.append(label)
        kids = {}
        for a in "abc"[:k]:
            mine = (*own[:i], (*own[i], (label, a)), *own[i + 1 :])
            kids[a] = node(depth + 1, mine, i)
        return ag.decision(players[i], kids, infoset=label)

    return ag.ExtensiveGame(players, node(0, ((),) * n_players, -1))


def _solve_exact(game: ag.ExtensiveGame) -> ag.SolverResult:
    return tree_nash(game)


# --------------------------------------------------------------------------------------------
# Gambit reference
# --------------------------------------------------------------------------------------------


def _read(record: dict[str, Any]) -> ag.ExtensiveGame:
    game = ag.read_gambit(record["efg"])
    assert isinstance(game, ag.ExtensiveGame)
    return game


def _gambit_order(game: ag.ExtensiveGame, record: dict[str, Any]) -> list[list[int]]:
    """For each player, our index of each of Gambit's information sets (matched by first node)."""
    order = []
    for i, sets in enumerate(record["infosets"]):
        ours = {s.nodes[0]: j for j, s in enumerate(game.infosets[i])}
        assert sorted(ours) == sorted(s["first_node"] for s in sets), "the trees differ"
        order.append([ours[s["first_node"]] for s in sets])
    return order


def _gambit_probs(game: ag.ExtensiveGame, record: dict[str, Any], eq: dict[str, Any]) -> Any:
    """A Gambit behaviour profile in our order; sets Gambit leaves at zero become None."""
    order = _gambit_order(game, record)
    out: list[list[Any]] = [[None] * len(sets) for sets in game.infosets]
    for i, per in enumerate(eq["behavior"]):
        for g, probs in enumerate(per):
            values = tuple(Fraction(p) for p in probs)
            assert sum(values) in (0, 1)
            out[i][order[i][g]] = values if sum(values) == 1 else None
    return out


def _gambit_key(game: ag.ExtensiveGame, record: dict[str, Any], eq: dict[str, Any]) -> Any:
    return tuple(tuple(per) for per in _gambit_probs(game, record, eq))


def _filled(game: ag.ExtensiveGame, probs: Any) -> Any:
    """Uniform where a set is undefined (None)."""
    return [
        [
            p if p is not None else tuple(Fraction(1, len(s.actions)) for _ in s.actions)
            for p, s in zip(per, sets, strict=True)
        ]
        for per, sets in zip(probs, game.infosets, strict=True)
    ]


def test_reference_file_is_documented_and_modest() -> None:
    data = _reference()
    assert data["generator"] == "tests/reference/make_efg_reference.py"
    assert data["pygambit_version"].startswith("16.")
    families = {r["family"] for r in data["games"]}
    assert families == {"file", "textbook", "simultaneous", "signalling", "random", "random3"}
    files = {r["id"] for r in data["games"] if r["family"] == "file"}
    root = Path(__file__).parents[1]
    on_disk = {
        f"file-{p.stem}"
        for d in ("tests/data", "models/examples")
        for p in (root / d).glob("*.efg")
    }
    assert files == on_disk
    assert REFERENCE.stat().st_size < 400_000


@pytest.mark.parametrize("record", _records())
def test_reduced_strategies_match_gambits(record: dict[str, Any]) -> None:
    game = _read(record)
    assert [len(s) for s in reduced_strategies(game)] == record["strategies"]
    _gambit_order(game, record)  # same information sets, found at the same nodes


@pytest.mark.parametrize("record", _records())
def test_gambit_equilibria_have_zero_regret_on_our_tree(record: dict[str, Any]) -> None:
    game = _read(record)
    for eq in record.get("enummixed", []) + record.get("lcp", []) + record["enumpure"]:
        probs = _filled(game, _gambit_probs(game, record, eq))
        profile = _profile(game, probs)
        assert all(r == 0 for r in tree_regret(game, profile))
        assert list(profile.payoffs_) == [Fraction(v) for v in eq["payoffs"]]


@pytest.mark.parametrize("record", _records(two_players=True))
def test_nash_equilibria_are_gambits_enummixed(record: dict[str, Any]) -> None:
    game = _read(record)
    res = tree_nash(game)
    assert res.exact
    assert res.complete
    assert res.max_regret == 0
    ours = {_key(game, e): tuple(e.payoffs_) for e in res}
    assert len(ours) == len(res)  # distinct behaviour profiles
    theirs = {
        _gambit_key(game, record, eq): tuple(Fraction(v) for v in eq["payoffs"])
        for eq in record["enummixed"]
    }
    assert ours == theirs


@pytest.mark.parametrize("record", _records(two_players=True))
def test_gambits_sequence_form_equilibria_are_among_ours(record: dict[str, Any]) -> None:
    game = _read(record)
    ours = {e.probabilities for e in tree_nash(game)}
    for eq in record["lcp"]:
        probs = _gambit_probs(game, record, eq)
        assert all(p is not None for per in probs for p in per)  # lcp fills every set
        assert tuple(tuple(per) for per in probs) in ours


@pytest.mark.parametrize("record", _records())
def test_pure_equilibria_are_gambits_enumpure(record: dict[str, Any]) -> None:
    game = _read(record)
    res = tree_pure_nash(game)
    assert res.concept == "pure"
    assert res.complete
    ours = sorted((_key(game, e), tuple(e.payoffs_)) for e in res)
    theirs = sorted(
        (_gambit_key(game, record, eq), tuple(Fraction(v) for v in eq["payoffs"]))
        for eq in record["enumpure"]
    )
    assert ours == theirs


def _gambit_preorder(node: Any) -> list[Any]:
    out = [node]
    for child in node.children:
        out += _gambit_preorder(child)
    return out


@pytest.mark.gambit
@settings(max_examples=25)
@given(imperfect_information_trees())
def test_live_nash_equilibria_match_pygambit(game: ag.ExtensiveGame) -> None:
    gbt = pytest.importorskip("pygambit")
    ggame = gbt.read_efg(io.StringIO(ag.write_efg(game)))
    index = {node: k for k, node in enumerate(_gambit_preorder(ggame.root))}
    record: dict[str, Any] = {
        "infosets": [
            [{"first_node": min(index[m] for m in s.members)} for s in p.infosets]
            for p in ggame.players
        ]
    }
    found = set()
    for eq in gbt.nash.enummixed_solve(ggame, rational=True).equilibria:
        beh = eq.as_behavior()
        entry = {
            "behavior": [
                [[str(beh[a]) for a in s.actions] for s in p.infosets] for p in ggame.players
            ]
        }
        found.add(_gambit_key(game, record, entry))
    assert {_key(game, e) for e in tree_nash(game)} == found


# --------------------------------------------------------------------------------------------
# Textbook games
# --------------------------------------------------------------------------------------------


def _horse() -> ag.ExtensiveGame:
    def three(left: tuple[int, ...], right: tuple[int, ...]) -> Any:
        return ag.decision("3", {"L": ag.terminal(*left), "R": ag.terminal(*right)}, infoset="3")

    return ag.ExtensiveGame(
        ["1", "2", "3"],
        ag.decision(
            "1",
            {
                "C": ag.decision(
                    "2", {"c": ag.terminal(1, 1, 1), "d": three((4, 4, 0), (0, 0, 1))}
                ),
                "D": three((3, 3, 2), (0, 0, 0)),
            },
        ),
        title="Selten's horse",
    )


def _horse_profile(game: ag.ExtensiveGame, c1: Fraction, c2: Fraction, left: Fraction) -> Any:
    return _profile(game, [[(c1, 1 - c1)], [(c2, 1 - c2)], [(left, 1 - left)]])


def test_selten_horse_pure_equilibria() -> None:
    game = _horse()
    res = ag.solve(game)  # three players, imperfect information: pure equilibria by default
    assert res.concept == "pure"
    found = {
        (e["1"]["1 at root"]["C"], e["2"]["2 after 1:C"]["c"], e["3"]["3"]["L"]): e.payoffs_
        for e in res
    }
    assert found == {(1, 1, 0): (1, 1, 1), (0, 1, 1): (3, 3, 2)}


@pytest.mark.parametrize(
    ("c1", "c2", "left", "equilibrium"),
    [
        # (C, c) with player 3 playing L with probability at most 1/4 (else 2 deviates to d)
        (1, 1, Fraction(1, 4), True),
        (1, 1, 0, True),
        (1, 1, Fraction(1, 3), False),
        # (D, L) with player 2 playing c with probability at least 1/3 (else 1 deviates to C)
        (0, Fraction(1, 3), 1, True),
        (0, 1, 1, True),
        (0, Fraction(1, 4), 1, False),
        (0, 0, 1, False),
    ],
)
def test_selten_horse_known_equilibria(
    c1: Fraction, c2: Fraction, left: Fraction, equilibrium: bool
) -> None:
    game = _horse()
    profile = _horse_profile(game, Fraction(c1), Fraction(c2), Fraction(left))
    regrets = tree_regret(game, profile)
    assert (max(regrets) == 0) is equilibrium
    assert list(regrets) == _brute_regret(game, profile.probabilities)


def _pennies() -> ag.ExtensiveGame:
    def guess(a: int) -> Any:
        return ag.decision(
            "Odd", {"H": ag.terminal(a, -a), "T": ag.terminal(-a, a)}, infoset="Odd guesses"
        )

    return ag.ExtensiveGame(["Even", "Odd"], ag.decision("Even", {"H": guess(1), "T": guess(-1)}))


def test_matching_pennies_as_a_tree() -> None:
    game = _pennies()
    res = ag.solve(game)
    assert (res.concept, res.method, res.complete, len(res)) == ("nash", "vertex", True, 1)
    half = Fraction(1, 2)
    eq = res[0]
    assert eq["Even"] == {"Even at root": {"H": half, "T": half}}
    assert eq["Odd"] == {"Odd guesses": {"H": half, "T": half}}
    assert eq.payoffs_ == (0, 0)
    assert len(tree_pure_nash(game)) == 0
    assert tree_lemke_howson(game)[0] == eq


def test_uncertain_resolve_example() -> None:
    game, _ = load_game("uncertain-resolve")
    res = ag.solve(game)
    assert (res.concept, res.complete, len(res)) == ("nash", True, 1)
    eq = res[0]
    assert eq["Challenger"]["Challenger, resolute"]["Challenge"] == 1
    assert eq["Challenger"]["Challenger, irresolute"]["Challenge"] == Fraction(1, 4)
    assert eq["Defender"]["Defender after a challenge"]["Resist"] == Fraction(1, 2)
    assert eq.payoffs == {"Challenger": Fraction(1, 2), "Defender": Fraction(-1, 2)}
    assert any("extreme equilibria" in w for w in res.warnings)
    # the path lists each move made with positive probability, with the probability it is made
    moves = {(s.infoset, s.action): s.probability for s in eq.path}
    assert moves[("Challenger, irresolute", "Challenge")] == Fraction(1, 6)
    assert moves[("Defender after a challenge", "Resist")] == Fraction(1, 4)


def test_entry_deterrence_has_a_segment_of_threat_equilibria() -> None:
    game, _ = load_game("entry-deterrence")
    res = tree_nash(game)
    fight = sorted(
        e["Incumbent"]["Incumbent after Entrant:In"]["Fight"]
        for e in res
        if e["Entrant"]["Entrant at root"]["Out"] == 1
    )
    assert fight == [Fraction(1, 2), 1]  # the ends of the segment: fight with probability >= 1/2
    assert any(len(c) == 2 for c in res.components or ())
    assert ag.solve(game).concept == "spe"  # perfect information keeps its default


def test_own_ruled_out_sets_are_uniform_and_reported() -> None:
    # centipede-like: P1 taking at once makes its second set irrelevant
    game = ag.ExtensiveGame(
        ["P1", "P2"],
        ag.decision(
            "P1",
            {
                "Take": ag.terminal(1, 0),
                "Pass": ag.decision(
                    "P2",
                    {
                        "Take": ag.terminal(0, 2),
                        "Pass": ag.decision(
                            "P1", {"Take": ag.terminal(3, 1), "Pass": ag.terminal(2, 4)}
                        ),
                    },
                ),
            },
        ),
    )
    res = tree_nash(game)
    later = "P1 after P1:Pass, P2:Pass"
    assert all(e["P1"][later] == {"Take": Fraction(1, 2), "Pass": Fraction(1, 2)} for e in res)
    assert any(later in w and "uniform" in w for w in res.warnings)
    # P2 at an unreached set keeps the conditional probabilities of its mixed strategy
    assert sorted(e["P2"]["P2 after P1:Pass"]["Take"] for e in res) == [Fraction(2, 3), 1]


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@given(imperfect_information_trees())
def test_every_equilibrium_has_zero_regret_by_brute_force(game: ag.ExtensiveGame) -> None:
    res = tree_nash(game)
    assert len(res) >= 1
    assert res.complete
    for e in res:
        assert _brute_regret(game, e.probabilities) == [0, 0]
        assert list(e.payoffs_) == _payoffs(game, e.probabilities)


@given(imperfect_information_trees())
def test_behaviour_is_realization_equivalent_to_the_mixed_equilibrium(
    game: ag.ExtensiveGame,
) -> None:
    nf = game.to_normal_form()
    plans = reduced_strategies(game)
    for eq in ag.vertex_enumeration(nf):
        # the outcome distribution of the mixed profile, plan by plan
        mixed: dict[int, Fraction] = {}
        for combo in itertools.product(*[range(len(p)) for p in plans]):
            weight = np.prod([eq.probabilities[i][s] for i, s in enumerate(combo)])
            if not weight:
                continue
            pure = []
            for i, s in enumerate(combo):
                chosen = plans[i][s].as_dict()
                pure.append(
                    [
                        tuple(Fraction(int(chosen.get(st_.label) == a)) for a in st_.actions)
                        if st_.label in chosen
                        else tuple(Fraction(1, len(st_.actions)) for _ in st_.actions)
                        for st_ in game.infosets[i]
                    ]
                )
            for t, p in _outcome(game, pure).items():
                mixed[t] = mixed.get(t, Fraction(0)) + weight * p
        behaviour = behavior_from_mixed(game, eq)
        assert {t: p for t, p in _outcome(game, behaviour.probabilities).items() if p} == {
            t: p for t, p in mixed.items() if p
        }


@given(simultaneous_move_trees())
def test_simultaneous_moves_match_vertex_enumeration_of_the_bimatrix(case: Any) -> None:
    tree, expected = case
    bimatrix = ag.NormalFormGame.from_arrays(expected[0], expected[1])
    want = {e.probabilities for e in ag.vertex_enumeration(bimatrix)}
    got = {
        (e.probabilities[0][0], e.probabilities[1][0]) for e in tree_nash(tree)
    }  # one set per player, always reached: behaviour = mixed strategy
    assert got == want


@given(perfect_information_trees(n_players=st.just(2), max_nodes=12))
def test_subgame_perfect_equilibria_are_among_the_nash_equilibria(game: ag.ExtensiveGame) -> None:
    nash = {_key(game, e) for e in tree_nash(game)}
    pure = {_key(game, e) for e in tree_pure_nash(game)}
    for spe in ag.backward_induction(game):
        assert _key(game, spe) in nash
        assert _key(game, spe) in pure


@given(perfect_information_trees(n_players=st.just(3), max_nodes=12))
def test_subgame_perfect_equilibria_are_pure_equilibria_with_three_players(
    game: ag.ExtensiveGame,
) -> None:
    pure = {_key(game, e) for e in tree_pure_nash(game)}
    assert {_key(game, spe) for spe in ag.backward_induction(game)} <= pure


@given(imperfect_information_trees(), st.data())
def test_invariant_under_positive_affine_payoff_maps(game: ag.ExtensiveGame, data: Any) -> None:
    scales = data.draw(st.lists(st.integers(1, 4), min_size=2, max_size=2))
    shifts = data.draw(st.lists(st.integers(-5, 5), min_size=2, max_size=2))
    mapped = game.affine(scales, shifts)
    before = {e.probabilities: e.payoffs_ for e in tree_nash(game)}
    after = {e.probabilities: e.payoffs_ for e in tree_nash(mapped)}
    assert set(before) == set(after)
    for probs, pay in before.items():
        assert after[probs] == tuple(a * v + b for a, v, b in zip(scales, pay, shifts, strict=True))


@given(imperfect_information_trees())
def test_pure_and_lemke_howson_equilibria_are_among_the_extreme_ones(
    game: ag.ExtensiveGame,
) -> None:
    nash = {e.probabilities for e in tree_nash(game)}
    assert {e.probabilities for e in tree_pure_nash(game)} <= nash
    lh = tree_lemke_howson(game)
    assert len(lh) == 1
    assert not lh.complete
    assert lh[0].probabilities in nash


@given(imperfect_information_trees(floats=True))
def test_exact_and_float_agree(game: ag.ExtensiveGame) -> None:
    exact = tree_nash(game, exact=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateGameWarning)
        approx = tree_nash(game)
    assert not approx.exact
    assert exact.complete
    points = [
        np.array([float(p) for per in e.probabilities for s in per for p in s]) for e in exact
    ]
    for e in approx:
        assert e.regret <= approx.options["tol"]
        point = np.array([p for per in e.probabilities for s in per for p in s])
        assert min(float(np.max(np.abs(point - q), initial=0.0)) for q in points) < 1e-6
    if approx.complete:
        assert len(approx) == len(exact)


# --------------------------------------------------------------------------------------------
# Dispatch, errors and the command line
# --------------------------------------------------------------------------------------------


def test_solve_dispatches_trees_by_concept_and_method() -> None:
    game = _pennies()
    assert ag.solve(game, "nash", "lemke-howson").method == "lemke-howson"
    assert ag.solve(game, "pure").concept == "pure"
    with pytest.raises(ag.GameError, match=r"unknown method 'support'.*vertex, lemke-howson"):
        ag.solve(game, "nash", "support")
    with pytest.raises(ag.GameError, match="perfect information"):
        ag.solve(game, "spe")


def test_errors_name_the_problem() -> None:
    with pytest.raises(ag.GameError, match="tree_nash: finds mixed equilibria of two-player"):
        tree_nash(_horse())
    with pytest.raises(ag.GameError, match="needs an ExtensiveGame, got NormalFormGame"):
        tree_nash(_pennies().to_normal_form())  # type: ignore[arg-type]
    parameterised = ag.ExtensiveGame(
        ["A", "B"],
        ag.decision("A", {"x": ag.terminal("u", 0), "y": ag.terminal(0, 1)}),
        parameters={"u": 1},
    )
    with pytest.raises(ag.GameError, match=r"parameters \('u',\).*game.at"):
        tree_pure_nash(parameterised)
    with pytest.raises(ag.GameError, match="one probability per reduced strategy"):
        behavior_from_mixed(_pennies(), [[1]])
    other = tree_nash(_pennies())[0]
    with pytest.raises(ag.GameError, match="BehaviorProfile of this tree"):
        tree_regret(_horse(), other)


def test_float_trees_solve_in_floats_and_exactly_on_request() -> None:
    game = _pennies().affine([0.5, 0.5])
    assert game.kind == "float"
    res = tree_nash(game)
    assert not res.exact
    assert res[0].probabilities[0][0] == (0.5, 0.5)
    assert tree_nash(game, exact=True)[0].probabilities[0][0] == (Fraction(1, 2),) * 2


def test_cli_prints_the_uncertain_resolve_equilibrium(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "uncertain-resolve", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["concept"] == "nash"
    assert data["complete"] is True
    (eq,) = data["equilibria"]
    assert eq["behavior"]["Challenger"]["Challenger, irresolute"] == {
        "Challenge": "1/4",
        "Stay": "3/4",
    }
    assert eq["behavior"]["Defender"]["Defender after a challenge"] == {
        "Resist": "1/2",
        "Yield": "1/2",
    }
    assert eq["payoffs"] == {"Challenger": "1/2", "Defender": "-1/2"}
    assert main(["solve", "uncertain-resolve", "--concept", "pure"]) == 0
    assert "0 found, complete" in capsys.readouterr().out
