"""The reduced normal form of trees: literature games and brute-force oracles."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given

from alliancegame import (
    ExtensiveGame,
    GameError,
    GameTooLargeError,
    NormalFormGame,
    Parameter,
    UnknownNameError,
    chance,
    decision,
    pure_nash,
    terminal,
)
from alliancegame.games.convert import (
    NO_MOVE,
    reduced_strategies,
    reduced_strategy_of,
    to_normal_form,
)
from alliancegame.games.extensive import Chance, Decision

from .strategies import perfect_information_trees, simultaneous_move_trees


def selten_horse() -> ExtensiveGame:
    """Selten (1975), Figure 1: player 3 cannot tell whether 1 played D or 1 C and 2 d."""
    return ExtensiveGame(
        ["P1", "P2", "P3"],
        decision(
            "P1",
            {
                "C": decision(
                    "P2",
                    {
                        "c": terminal(1, 1, 1),
                        "d": decision(
                            "P3", {"L": terminal(4, 4, 0), "R": terminal(1, 1, 1)}, infoset="P3"
                        ),
                    },
                ),
                "D": decision("P3", {"L": terminal(3, 3, 2), "R": terminal(0, 0, 0)}, infoset="P3"),
            },
        ),
        title="Selten's horse",
    )


def entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        ["Entrant", "Incumbent"],
        decision(
            "Entrant",
            {
                "Out": terminal(0, 2),
                "In": decision(
                    "Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)}
                ),
            },
        ),
    )


def centipede(n: int = 4) -> ExtensiveGame:
    """A centipede game (Rosenthal, 1981): taking at stage k gives the mover k + 2 and the other
    k; if nobody takes, both get n. Backward induction: take at once."""
    node: Any = terminal(n, n)
    for k in range(n - 1, -1, -1):
        mover = k % 2
        pay = (k + 2, k) if mover == 0 else (k, k + 2)
        node = decision(("P1", "P2")[mover], {"Take": terminal(*pay), "Pass": node})
    return ExtensiveGame(["P1", "P2"], node, title="Centipede")


# ------------------------------------------------------------------ literature games


def test_selten_horse_normal_form_and_its_pure_equilibria() -> None:
    nf = selten_horse().to_normal_form()
    assert nf.strategies == (("C", "D"), ("c", "d"), ("L", "R"))
    expected = {
        ("C", "c", "L"): (1, 1, 1),
        ("C", "c", "R"): (1, 1, 1),
        ("C", "d", "L"): (4, 4, 0),
        ("C", "d", "R"): (1, 1, 1),
        ("D", "c", "L"): (3, 3, 2),
        ("D", "d", "L"): (3, 3, 2),
        ("D", "c", "R"): (0, 0, 0),
        ("D", "d", "R"): (0, 0, 0),
    }
    for profile, pay in expected.items():
        assert (
            tuple(nf.payoff(p, dict(zip(nf.players, profile, strict=True))) for p in nf.players)
            == pay
        )
    # pure equilibria: (D, c, L), and (C, c, R) and (C, d, R) where 3 threatens R (checked by
    # hand: every other profile gives some player a profitable deviation)
    found = {tuple(e.support(p)[0] for p in nf.players) for e in pure_nash(nf)}
    assert found == {("C", "c", "R"), ("C", "d", "R"), ("D", "c", "L")}


def test_entry_game_normal_form() -> None:
    nf = entry_game().to_normal_form()
    assert nf.strategies == (("Out", "In"), ("Fight", "Accommodate"))
    assert nf.payoffs.tolist() == [[[0, 0], [-1, 1]], [[2, 2], [-1, 1]]]
    assert nf.kind == "exact"
    found = {tuple(e.support(p)[0] for p in nf.players) for e in pure_nash(nf)}
    assert found == {("Out", "Fight"), ("In", "Accommodate")}


def test_centipede_plans_of_action() -> None:
    g = centipede(4)
    p1, p2 = reduced_strategies(g)
    assert [s.name for s in p1] == ["Take", "Pass/Take", "Pass/Pass"]
    assert [s.name for s in p2] == ["Take", "Pass/Take", "Pass/Pass"]
    assert p1[1].as_dict() == {"P1 at root": "Pass", "P1 after P1:Pass, P2:Pass": "Take"}
    with pytest.raises(UnknownNameError, match="specifies no action"):
        p1[0]["P1 after P1:Pass, P2:Pass"]
    nf = g.to_normal_form()
    assert nf.shape == (3, 3)
    # P1 takes at once whatever P2 plans
    assert [nf.payoff("P1", ["Take", s]) for s in nf.strategies[1]] == [2, 2, 2]


def test_chance_gives_expected_payoffs() -> None:
    g = ExtensiveGame(
        ["A"],
        decision(
            "A",
            {
                "Safe": terminal(1),
                "Risky": chance(
                    {"win": (Fraction(1, 3), terminal(3)), "lose": ("2/3", terminal(0))}
                ),
            },
        ),
    )
    assert g.to_normal_form().payoffs[0].tolist() == [1, 1]
    f = ExtensiveGame(
        ["A"],
        decision(
            "A",
            {
                "Safe": terminal(1.0),
                "Risky": chance({"w": (0.25, terminal(4.0)), "l": (0.75, terminal(0.0))}),
            },
        ),
    )
    nf = f.to_normal_form()
    assert nf.kind == "float"
    assert nf.payoffs[0].tolist() == [1.0, 1.0]


def strike_game() -> ExtensiveGame:
    return ExtensiveGame(
        ["US", "Russia"],
        decision(
            "US",
            {
                "Hold": terminal(US=-2, Russia=0),
                "Strike": decision(
                    "Russia",
                    {
                        "Arm": terminal("B - c", "-V"),
                        "Stay": chance(
                            {"war": ("p", terminal(-5, -5)), "peace": ("1 - p", terminal(1, 0))}
                        ),
                    },
                ),
            },
        ),
        parameters=[
            Parameter("B", 6),
            Parameter("c", 1),
            Parameter("V", 4),
            Parameter("p", 0.1, 0, 1),
        ],
    )


@pytest.mark.parametrize(
    "point",
    [{}, {"p": Fraction(1, 2)}, {"B": 0, "c": Fraction(7, 3), "V": -2, "p": 1}],
    ids=["defaults", "p=1/2", "mixed"],
)
def test_symbolic_normal_form_commutes_with_evaluation(point: dict[str, Any]) -> None:
    g = strike_game()
    nf = g.to_normal_form()
    assert nf.kind == "symbolic"
    assert nf.parameters.names == g.parameters.names
    assert nf.strategies == (("Hold", "Strike"), ("Arm", "Stay"))
    left = nf.at(exact=True, **point).exact_payoff_array()
    right = g.at(exact=True, **point).to_normal_form().exact_payoff_array()
    assert left.tolist() == right.tolist()


def test_players_without_moves_and_name_collisions() -> None:
    g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}))
    assert g.to_normal_form().strategies == (("x", "y"), (NO_MOVE,))
    h = ExtensiveGame(
        ["A"],
        decision(
            "A", {"a": decision("A", {"b": terminal(1), "c": terminal(2)}), "a/b": terminal(3)}
        ),
    )
    names = [s.name for s in reduced_strategies(h)[0]]
    assert names == ["A at root:a/A after A:a:b", "A at root:a/A after A:a:c", "A at root:a/b"]
    assert h.to_normal_form().payoffs[0].tolist() == [1, 2, 3]


def test_imperfect_recall_normal_forms() -> None:
    driver = ExtensiveGame(
        ["D"],
        decision(
            "D",
            {
                "exit": terminal(0),
                "cont": decision("D", {"exit": terminal(4), "cont": terminal(1)}, infoset="I"),
            },
            infoset="I",
        ),
        require_perfect_recall=False,
    )
    nf = driver.to_normal_form()
    assert nf.strategies == (("exit", "cont"),)
    assert nf.payoffs[0].tolist() == [0, 1]
    forgetful = ExtensiveGame(
        ["A", "B"],
        decision(
            "A",
            {
                "l": decision(
                    "B",
                    {"x": decision("A", {"u": terminal(1, 0), "d": terminal(0, 1)}, infoset="J")},
                ),
                "r": decision(
                    "B",
                    {"x": decision("A", {"u": terminal(0, 0), "d": terminal(1, 1)}, infoset="J")},
                ),
            },
        ),
        require_perfect_recall=False,
    )
    nf = forgetful.to_normal_form()
    assert nf.strategies == (("l/u", "l/d", "r/u", "r/d"), ("x/x",))
    assert nf.payoffs[0, :, 0].tolist() == [1, 0, 0, 1]


def test_reduced_strategy_of() -> None:
    g = centipede(4)
    full = {"P1 at root": "Pass", "P1 after P1:Pass, P2:Pass": "Pass"}
    assert reduced_strategy_of(g, "P1", full).name == "Pass/Pass"
    assert reduced_strategy_of(g, "P1", {"P1 at root": "Take"}).name == "Take"
    with pytest.raises(GameError, match="no action given for information set 'P1 after"):
        reduced_strategy_of(g, "P1", {"P1 at root": "Pass"})
    with pytest.raises(UnknownNameError, match="did you mean 'P1'"):
        reduced_strategy_of(g, "P11", {})
    with pytest.raises(UnknownNameError, match="not an information set of 'P1'"):
        reduced_strategy_of(g, "P1", {"P2 at root": "Take"})
    with pytest.raises(UnknownNameError, match=r"unknown action 'Tak'.*did you mean 'Take'"):
        reduced_strategy_of(g, "P1", {"P1 at root": "Tak"})
    h = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 0)}))
    assert reduced_strategy_of(h, "B", {}).name == NO_MOVE


def test_a_strategy_space_too_large_is_refused_before_enumeration() -> None:
    branches = {
        f"s{k}": (Fraction(1, 70), decision("A", {"l": terminal(0), "r": terminal(1)}))
        for k in range(70)
    }
    g = ExtensiveGame(["A"], chance(branches))
    with pytest.raises(GameTooLargeError, match="1180591620717411303424 strategies"):
        g.to_normal_form()
    with pytest.raises(GameTooLargeError):
        reduced_strategies(g)


def test_non_trees_are_refused() -> None:
    with pytest.raises(GameError, match="needs an ExtensiveGame"):
        to_normal_form(NormalFormGame([[1]]))  # type: ignore[arg-type]


# ------------------------------------------------------------------ brute-force oracles


def _full_strategies(game: ExtensiveGame) -> list[list[dict[str, str]]]:
    out = []
    for sets in game.infosets:
        labels = [s.label for s in sets]
        out.append(
            [
                dict(zip(labels, combo, strict=True))
                for combo in itertools.product(*[s.actions for s in sets])
            ]
        )
    return out


def _play(game: ExtensiveGame, choices: dict[str, str]) -> list[Fraction]:
    """Expected payoffs of a full pure profile, by walking the tree (an independent evaluator)."""
    labels = {k: game.infoset_of(k).label for k in game.decision_nodes}
    totals = [Fraction(0)] * game.n_players
    stack: list[tuple[int, Fraction]] = [(0, Fraction(1))]
    while stack:
        k, pr = stack.pop()
        node = game.nodes[k]
        kids = game.children(k)
        if isinstance(node, Decision):
            stack.append((kids[node.actions.index(choices[labels[k]])], pr))
        elif isinstance(node, Chance):
            row = game.chance_probabilities[game.chance_nodes.index(k)]
            stack.extend((c, pr * Fraction(p)) for c, p in zip(kids, row, strict=True))
        else:
            pay = game.payoffs_at(k)
            for i, p in enumerate(game.players):
                totals[i] += pr * Fraction(pay[p])
    return totals


def _relevant(
    game: ExtensiveGame, player: str, strategy: dict[str, str]
) -> frozenset[tuple[str, str]]:
    """The (infoset, action) pairs a full strategy needs: the infosets its own choices reach."""
    out = set()
    stack = [0]
    while stack:
        k = stack.pop()
        node = game.nodes[k]
        kids = game.children(k)
        if isinstance(node, Decision) and node.player == player:
            label = game.infoset_of(k).label
            out.add((label, strategy[label]))
            stack.append(kids[node.actions.index(strategy[label])])
        else:
            stack.extend(kids)
    return frozenset(out)


@given(perfect_information_trees(max_nodes=16, max_actions=2))
def test_reduced_normal_form_against_brute_force(game: ExtensiveGame) -> None:
    full = _full_strategies(game)
    assume(np.prod([len(f) for f in full]) <= 256)
    nf = game.to_normal_form()
    reduced = reduced_strategies(game)
    # the number of strategies is the number of distinct restrictions to reachable infosets
    for i, p in enumerate(game.players):
        classes = {_relevant(game, p, s) for s in full[i]}
        assert len(reduced[i]) == len(classes) == nf.shape[i]
        assert {frozenset(s.choices) for s in reduced[i]} == classes
    # every full profile's payoff is the normal form's payoff at its reduced strategies
    arr = nf.exact_payoff_array()
    for profile in itertools.product(*full):
        merged: dict[str, str] = {}
        for s in profile:
            merged.update(s)
        names = [reduced_strategy_of(game, p, profile[i]).name for i, p in enumerate(game.players)]
        idx = tuple(nf.strategies[i].index(n) for i, n in enumerate(names))
        assert [arr[(i, *idx)] for i in range(game.n_players)] == _play(game, merged)


@given(simultaneous_move_trees())
def test_simultaneous_moves_give_back_the_bimatrix(drawn: tuple[ExtensiveGame, Any]) -> None:
    game, expected = drawn
    nf = game.to_normal_form()
    m, n = expected.shape[1:]
    assert nf.strategies == (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))
    assert nf.exact_payoff_array().tolist() == expected.tolist()
