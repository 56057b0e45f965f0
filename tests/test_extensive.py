"""Extensive-form games: construction, validation, evaluation and the flat array form."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame import (
    Chance,
    Decision,
    ExtensiveGame,
    GameError,
    GameTooLargeError,
    Parameter,
    Terminal,
    UnknownNameError,
    chance,
    decision,
    terminal,
)
from alliancegame.core.errors import ExpressionError
from alliancegame.games.extensive import CHANCE, DECISION, TERMINAL

from .strategies import perfect_information_trees, simultaneous_move_trees


def strike_game() -> ExtensiveGame:
    """The contract's example."""
    return ExtensiveGame(
        players=["US", "Russia"],
        root=decision(
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
                    infoset="Russia|Strike",
                ),
            },
        ),
        parameters=[
            Parameter("B", 6),
            Parameter("c", 1),
            Parameter("V", 4),
            Parameter("p", 0.1, 0, 1),
        ],
        title="Toy strike game",
    )


# ------------------------------------------------------------------ construction and views


def test_contract_example_structure() -> None:
    g = strike_game()
    assert g.players == ("US", "Russia")
    assert g.parameters.names == ("B", "c", "V", "p")
    assert g.kind == "symbolic"
    assert not g.is_numeric
    assert [type(n) for n in g.nodes] == [
        Decision,
        Terminal,
        Decision,
        Terminal,
        Chance,
        Terminal,
        Terminal,
    ]
    assert g.terminals == (1, 3, 5, 6)
    assert g.chance_nodes == (4,)
    assert g.decision_nodes == (0, 2)
    assert g.children(0) == (1, 2)
    assert g.children(4) == (5, 6)
    assert g.parent(5) == 4
    assert g.history(6) == (("US", "Strike"), ("Russia", "Stay"), ("chance", "peace"))
    assert g.is_perfect_information
    assert g.has_perfect_recall
    us, russia = g.infosets
    assert [s.label for s in us] == ["US at root"]
    assert russia[0].label == "Russia|Strike"
    assert russia[0].actions == ("Arm", "Stay")
    assert g.infoset("Russia|Strike").nodes == (2,)
    assert g.infoset_of(2).player == "Russia"
    b, c, v, p = (sympy.Symbol(n, real=True) for n in "BcVp")
    assert g.terminal_payoffs[1] == (b - c, -v)
    assert g.chance_probabilities == ((p, 1 - p),)
    assert g.payoffs_at(1) == {"US": -2, "Russia": 0}


def test_automatic_labels_follow_the_history() -> None:
    g = ExtensiveGame(
        ["A", "B"],
        decision(
            "A",
            {
                "x": chance(
                    {
                        "h": (Fraction(1, 2), decision("B", {"l": terminal(0, 0)})),
                        "t": (Fraction(1, 2), terminal(1, 1)),
                    }
                )
            },
        ),
    )
    assert g.infosets[1][0].label == "B after A:x, chance:h"
    with pytest.raises(UnknownNameError, match="did you mean 'A at root'"):
        g.infoset("A at rot")


def test_kinds_exact_float_symbolic() -> None:
    assert ExtensiveGame(["A"], decision("A", {"x": terminal(1), "y": terminal("1/3")})).kind == (
        "exact"
    )
    assert ExtensiveGame(["A"], decision("A", {"x": terminal(1.5)})).kind == "float"
    assert ExtensiveGame(["A"], decision("A", {"x": terminal("u")}), parameters={"u": 1}).kind == (
        "symbolic"
    )


def test_string_constants_become_fractions_and_floats() -> None:
    g = ExtensiveGame(["A"], decision("A", {"x": terminal("1/3"), "y": terminal("sqrt(2)")}))
    assert g.terminal_payoffs[0] == (Fraction(1, 3),)
    assert g.terminal_payoffs[1][0] == pytest.approx(2**0.5)


def test_repr_render_and_html() -> None:
    g = strike_game()
    assert "perfect information" in repr(g)
    assert "parameters=('B', 'c', 'V', 'p')" in repr(g)
    text = g.render()
    assert "war (p) → (US: -5, Russia: -5)" in text
    assert "Russia [Russia|Strike]" in text
    short = g.render(max_nodes=3)
    assert "more nodes" in short
    assert "<pre>" in g._repr_html_()
    assert "Toy strike game" in g._repr_html_()
    assert repr(g.root) == "Decision('US', actions=('Hold', 'Strike'))"
    assert repr(g.nodes[4]).startswith("Chance(outcomes=('war', 'peace')")
    assert repr(g.flat()).startswith("FlatTree(7 nodes")


def test_terminal_by_mapping_for_names_with_spaces() -> None:
    g = ExtensiveGame(
        ["Player 1", "Player 2"],
        decision("Player 1", {"x": terminal({"Player 2": 1, "Player 1": 2})}),
    )
    assert g.terminal_payoffs == ((2, 1),)


def test_shared_subtrees_expand_to_distinct_positions() -> None:
    leaf = terminal(1, 2)
    g = ExtensiveGame(["A", "B"], decision("A", {"x": leaf, "y": leaf}))
    assert g.terminals == (1, 2)
    assert g.nodes[1] is g.nodes[2]


def test_equality_is_structural() -> None:
    assert strike_game() == strike_game()
    other = ExtensiveGame(["A"], decision("A", {"x": terminal(1)}))
    assert strike_game() != other
    assert ExtensiveGame(["A"], decision("A", {"x": terminal(1)})) == other
    assert ExtensiveGame(["A"], decision("A", {"x": terminal(2)})) != other
    assert ExtensiveGame(["A"], decision("A", {"z": terminal(1)})) != other
    assert (strike_game() == 3) is False


# ------------------------------------------------------------------ numeric views


def test_evaluate_batch_shapes_and_values() -> None:
    g = strike_game()
    v = g.evaluate(B=np.array([[6.0], [7.0]]), p=np.array([0.1, 0.2, 0.3]))
    assert v.payoffs.shape == (2, 3, 4, 2)
    assert v.probabilities.shape == (2, 3, 2)
    assert v.payoffs[1, 0, 1].tolist() == [6.0, -4.0]
    np.testing.assert_allclose(v.probabilities[0, 2], [0.3, 0.7])
    assert g.flat().evaluate(p=0.5).probabilities.tolist() == [0.5, 0.5]


def test_evaluate_of_a_numeric_tree_broadcasts() -> None:
    g = ExtensiveGame(["A"], decision("A", {"x": terminal(1), "y": terminal(2)}))
    assert g.evaluate().payoffs.tolist() == [[1.0], [2.0]]
    with pytest.raises(UnknownNameError):
        g.evaluate(u=1.0)


def test_evaluate_refuses_points_outside_the_probability_simplex() -> None:
    g = strike_game()
    with pytest.raises(GameError, match=r"probability of 'war' is 1.5 at \{.*p=1.5\}"):
        g.evaluate(p=[0.5, 1.5])
    with pytest.raises(GameError, match="must be finite"):
        g.evaluate(p=float("nan"))
    h = ExtensiveGame(["A"], decision("A", {"x": terminal("1/u")}), parameters={"u": 1})
    with pytest.raises(GameError, match="not finite at"):
        h.evaluate(u=[1.0, 0.0])


def test_at_exact_and_float() -> None:
    g = strike_game()
    exact = g.at(exact=True, p=Fraction(1, 4))
    assert exact.kind == "exact"
    assert exact.is_numeric
    assert exact.chance_probabilities == ((Fraction(1, 4), Fraction(3, 4)),)
    assert exact.terminal_payoffs[1] == (5, -4)
    num = g.at(p=0.25, B=7)
    assert num.kind == "float"
    assert num.terminal_payoffs[1] == (6.0, -4.0)
    assert num.infosets[1][0].label == "Russia|Strike"
    plain = ExtensiveGame(["A"], decision("A", {"x": terminal(1)}))
    assert plain.at() is plain
    with pytest.raises(UnknownNameError):
        plain.at(u=1)


def test_affine_and_relabel() -> None:
    g = strike_game().at(exact=True)
    h = g.affine([2, 1], [1, -3])
    assert h.terminal_payoffs[0] == (-3, -3)
    assert h.chance_probabilities == g.chance_probabilities
    r = g.relabel(["Russia", "US"])
    assert r.players == ("Russia", "US")
    assert r.terminal_payoffs[0] == (0, -2)
    with pytest.raises(GameError, match="positive"):
        g.affine(0, 0)
    with pytest.raises(GameError, match="permutation"):
        g.relabel(["US", "US"])
    with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
        g.relabel(["US", "Rusia"])
    sym = strike_game().affine(2, 0)
    assert sym.terminal_payoffs[1][1] == -2 * sympy.Symbol("V", real=True)
    assert strike_game().at(p=0.5).affine(2.0, 1.0).terminal_payoffs[0] == (-3.0, 1.0)


# ------------------------------------------------------------------ validation errors


def test_unknown_player_in_a_decision() -> None:
    with pytest.raises(
        UnknownNameError,
        match=r"decision after US:Strike: unknown player 'Rusia' "
        r"\(did you mean 'Russia'\?\)",
    ):
        ExtensiveGame(
            ["US", "Russia"],
            decision("US", {"Strike": decision("Rusia", {"Arm": terminal(0, 0)})}),
        )


def test_empty_action_sets_and_duplicate_names() -> None:
    with pytest.raises(GameError, match="needs at least one action"):
        decision("US", {})
    with pytest.raises(GameError, match="duplicate action name"):
        decision("US", [("Hold", terminal(0)), ("Hold", terminal(1))])
    with pytest.raises(GameError, match="needs at least one outcome"):
        chance({})
    with pytest.raises(GameError, match="duplicate outcome name"):
        chance([("h", (0.5, terminal(0))), ("h", (0.5, terminal(1)))])
    with pytest.raises(GameError, match="non-empty string"):
        decision("US", {"": terminal(0)})
    with pytest.raises(GameError, match="must be a node"):
        decision("US", {"x": 3})  # type: ignore[dict-item]
    with pytest.raises(GameError, match=r"\(probability, child\) pair"):
        chance({"h": terminal(0)})  # type: ignore[dict-item]
    with pytest.raises(GameError, match="mapping"):
        decision("US", "Hold")  # type: ignore[arg-type]


def test_information_set_with_different_players_or_actions() -> None:
    with pytest.raises(
        GameError, match=r"information set 'X': its nodes must belong to one player"
    ):
        ExtensiveGame(
            ["A", "B"],
            decision(
                "A",
                {
                    "l": decision("A", {"x": terminal(0, 0)}, infoset="X"),
                    "r": decision("B", {"x": terminal(0, 0)}, infoset="X"),
                },
            ),
        )
    with pytest.raises(
        GameError, match=r"same actions in the same order.*\['x', 'y'\].*\['y', 'x'\]"
    ):
        ExtensiveGame(
            ["A", "B"],
            decision(
                "A",
                {
                    "l": decision("B", {"x": terminal(0, 0), "y": terminal(1, 1)}, infoset="X"),
                    "r": decision("B", {"y": terminal(0, 0), "x": terminal(1, 1)}, infoset="X"),
                },
            ),
        )


def absent_minded() -> Decision:
    """Piccione and Rubinstein's absent-minded driver: one infoset on a path."""
    return decision(
        "D",
        {
            "exit": terminal(0),
            "cont": decision("D", {"exit": terminal(4), "cont": terminal(1)}, infoset="I"),
        },
        infoset="I",
    )


def forgetful() -> Decision:
    """A player who forgets its own first action."""
    return decision(
        "A",
        {
            "l": decision(
                "B", {"x": decision("A", {"u": terminal(1, 0), "d": terminal(0, 1)}, infoset="J")}
            ),
            "r": decision(
                "B", {"x": decision("A", {"u": terminal(0, 0), "d": terminal(1, 1)}, infoset="J")}
            ),
        },
    )


def test_imperfect_recall_is_refused_unless_allowed() -> None:
    with pytest.raises(
        GameError,
        match=r"information set 'J': imperfect recall — 'A' reaches.*"
        r"\[A at root: l\].*\[A at root: r\]",
    ):
        ExtensiveGame(["A", "B"], forgetful())
    with pytest.raises(GameError, match="imperfect recall"):
        ExtensiveGame(["D"], absent_minded())
    g = ExtensiveGame(["A", "B"], forgetful(), require_perfect_recall=False)
    assert not g.has_perfect_recall
    assert not g.is_perfect_information
    assert "imperfect recall" in repr(g)
    assert g.infoset("J").nodes == (2, 6)


@given(simultaneous_move_trees())
def test_perfect_recall_with_imperfect_information_is_accepted(
    drawn: tuple[ExtensiveGame, object],
) -> None:
    g = drawn[0]
    assert g.has_perfect_recall
    assert [len(s.nodes) for s in g.infosets[0]] == [len(g.nodes) and len(g.infosets[0][0].nodes)]
    assert g.is_perfect_information == (
        len(g.infosets[0][0].nodes) == 1 and len(g.infosets[1][0].nodes) == 1
    )


def test_payoff_count_and_unknown_payoff_players() -> None:
    with pytest.raises(GameError, match=r"terminal after A:x: 3 payoff\(s\) for 2 player\(s\)"):
        ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 2, 3)}))
    with pytest.raises(UnknownNameError, match="payoff for unknown player 'C'"):
        ExtensiveGame(["A", "B"], decision("A", {"x": terminal(A=1, C=2)}))
    with pytest.raises(GameError, match=r"no payoff for player\(s\) 'B'"):
        ExtensiveGame(["A", "B"], decision("A", {"x": terminal(A=1)}))
    with pytest.raises(GameError, match="either by position or by player name"):
        terminal(1, A=2)


def test_non_finite_and_non_numeric_values() -> None:
    with pytest.raises(GameError, match="must be finite, got inf"):
        terminal(float("inf"), 0)
    with pytest.raises(GameError, match="must be finite"):
        chance({"h": (float("nan"), terminal(0))})
    with pytest.raises(GameError, match="booleans are not numbers"):
        terminal(True)
    with pytest.raises(GameError, match="expected a number"):
        terminal([1])
    with pytest.raises(ExpressionError, match="division by zero"):
        ExtensiveGame(["A"], decision("A", {"x": terminal("1/0")}))
    with pytest.raises(UnknownNameError, match=r"terminal after A:x: payoff of 'A'.*'u'"):
        ExtensiveGame(["A"], decision("A", {"x": terminal("u + 1")}))


def test_numeric_chance_probabilities() -> None:
    with pytest.raises(GameError, match=r"probability of 'h' must lie in \[0, 1\], got -1/2"):
        ExtensiveGame(
            ["A"], chance({"h": (Fraction(-1, 2), terminal(0)), "t": (Fraction(3, 2), terminal(1))})
        )
    with pytest.raises(GameError, match=r"sum to 1, got 1/2 \+ 1/3 = 5/6"):
        ExtensiveGame(["A"], chance({"h": ("1/2", terminal(0)), "t": ("1/3", terminal(1))}))
    # floats: within a tolerance
    ExtensiveGame(
        ["A"], chance({"h": (0.1, terminal(0)), "t": (0.2, terminal(1)), "u": (0.7, terminal(2))})
    )
    with pytest.raises(GameError, match="sum to 1"):
        ExtensiveGame(["A"], chance({"h": (0.5, terminal(0)), "t": (0.6, terminal(1))}))


def test_symbolic_chance_probabilities() -> None:
    # symbolically 1 and inside [0, 1] over the declared range
    ExtensiveGame(
        ["A"],
        chance({"h": ("p*q", terminal(0)), "t": ("1 - p*q", terminal(1))}),
        parameters=[Parameter("p", 0.5, 0, 1), Parameter("q", 0.5, 0, 1)],
    )
    # the sum is not 1
    with pytest.raises(GameError, match=r"probabilities must sum to 1, but \(p\) \+ \(p\)"):
        ExtensiveGame(
            ["A"],
            chance({"h": ("p", terminal(0)), "t": ("p", terminal(1))}),
            parameters=[Parameter("p", 0.5, 0, 1)],
        )
    # outside [0, 1] somewhere in the declared range (found at a corner)
    with pytest.raises(GameError, match=r"probability of 'h' is 2\*p, which is 2 at \{p=1\}"):
        ExtensiveGame(
            ["A"],
            chance({"h": ("2*p", terminal(0)), "t": ("1 - 2*p", terminal(1))}),
            parameters=[Parameter("p", 0.25, 0, 1)],
        )
    # inside the box only through the interior sample: p*(1-p)*4 > 1 nowhere, < 0 nowhere
    ExtensiveGame(
        ["A"],
        chance({"h": ("4*p*(1 - p)", terminal(0)), "t": ("1 - 4*p*(1 - p)", terminal(1))}),
        parameters=[Parameter("p", 0.25, 0, 1)],
    )
    # an unbounded parameter is checked near its default, and the message says how to fix it
    with pytest.raises(GameError, match=r"no declared range.*Parameter\('p', 0.1, lower=0"):
        ExtensiveGame(
            ["A"],
            chance({"h": ("p", terminal(0)), "t": ("1 - p", terminal(1))}),
            parameters={"p": 0.1},
        )
    # non-finite somewhere in the range
    with pytest.raises(GameError, match="outside"):
        ExtensiveGame(
            ["A"],
            chance({"h": ("1/(2 + p)", terminal(0)), "t": ("1 - 1/(2 + p)", terminal(1))}),
            parameters=[Parameter("p", 0, -3, 0)],
        )


def test_sum_that_is_one_only_numerically() -> None:
    # exp(log(p)) + (1 - p) is 1 on p > 0 (sympy may or may not prove it; either way accepted)
    ExtensiveGame(
        ["A"],
        chance({"h": ("exp(log(p))", terminal(0)), "t": ("1 - p", terminal(1))}),
        parameters=[Parameter("p", 0.5, 0.1, 1)],
    )


def test_bad_players_roots_and_titles() -> None:
    with pytest.raises(GameError, match="at least one player"):
        ExtensiveGame([], terminal())
    with pytest.raises(GameError, match="duplicate name"):
        ExtensiveGame(["A", "A"], terminal(1, 1))
    with pytest.raises(GameError, match="sequence of names"):
        ExtensiveGame("AB", terminal(1))  # type: ignore[arg-type]
    with pytest.raises(GameError, match="root: must be a node"):
        ExtensiveGame(["A"], {"x": terminal(1)})  # type: ignore[arg-type]
    with pytest.raises(GameError, match="title"):
        ExtensiveGame(["A"], terminal(1), title=3)  # type: ignore[arg-type]
    with pytest.raises(GameError, match="payoffs_at: node 0 is not a terminal"):
        ExtensiveGame(["A"], decision("A", {"x": terminal(1)})).payoffs_at(0)
    with pytest.raises(GameError, match="not a decision node"):
        ExtensiveGame(["A"], decision("A", {"x": terminal(1)})).infoset_of(1)


def test_a_tree_too_large_for_memory_is_refused_before_expanding() -> None:
    node = terminal(0)
    for _ in range(70):  # 2**70 positions from 71 node objects
        node = decision("A", {"l": node, "r": node})
    with pytest.raises(GameTooLargeError, match="a tree of 2361183241434822606847 nodes"):
        ExtensiveGame(["A"], node)


def test_deep_trees_need_no_recursion() -> None:
    node = terminal(0, 0)
    for k in range(3000):
        node = decision("AB"[k % 2], {"stop": terminal(k, -k), "go": node})
    g = ExtensiveGame(["A", "B"], node)
    assert len(g.nodes) == 6001
    assert len(g.render(max_nodes=10).splitlines()) == 11
    assert g.flat().depth.max() == 3000


# ------------------------------------------------------------------ the flat form


@given(perfect_information_trees(max_nodes=40))
def test_flat_tree_invariants(game: ExtensiveGame) -> None:
    f = game.flat()
    n = f.n_nodes
    assert n == len(game.nodes)
    assert f.parent[0] == -1
    assert f.depth[0] == 0
    assert np.all(f.parent[1:] < np.arange(1, n))  # every child after its parent
    assert np.all(np.diff(f.depth) >= 0)  # breadth-first
    for u in range(n):
        pre = int(f.node_id[u])
        kids = [
            int(f.node_id[c]) for c in range(f.first_child[u], f.first_child[u] + f.n_children[u])
        ]
        assert tuple(kids) == game.children(pre)
        for j, c in enumerate(range(f.first_child[u], f.first_child[u] + f.n_children[u])):
            assert f.parent[c] == u
            assert f.action_index[c] == j
            assert f.depth[c] == f.depth[u] + 1
        kind = f.kind[u]
        node = game.nodes[pre]
        assert kind == {Decision: DECISION, Chance: CHANCE, Terminal: TERMINAL}[type(node)]
        if kind == DECISION:
            assert game.players[f.player[u]] == node.player  # type: ignore[union-attr]
        else:
            assert f.player[u] == -1
            assert f.infoset[u] == -1
    assert [int(f.node_id[t]) for t in f.terminals] == list(game.terminals)
    assert [int(f.node_id[d]) for d in f.decision_nodes] == list(game.decision_nodes)
    assert sorted(c for _, _, nodes in f.schedule() for c in nodes.tolist()) == sorted(
        np.flatnonzero(f.kind != TERMINAL).tolist()
    )
    probs = game.evaluate().probabilities
    for r, c in enumerate(f.chance_nodes.tolist()):
        cols = f.edge_column[f.first_child[c] : f.first_child[c] + f.n_children[c]]
        np.testing.assert_allclose(probs[cols], [float(x) for x in game.chance_probabilities[r]])


@given(
    perfect_information_trees(max_nodes=25, parameterised=True),
    st.lists(st.floats(-2, 2), min_size=1, max_size=4),
)
def test_evaluate_agrees_with_at(game: ExtensiveGame, xs: list[float]) -> None:
    batch = game.evaluate(x=np.array(xs))
    for b, x in enumerate(xs):
        one = game.at(x=x)
        np.testing.assert_allclose(batch.payoffs[b], np.array(one.terminal_payoffs, dtype=float))
        exact = game.at(exact=True, x=Fraction(x))
        np.testing.assert_allclose(
            batch.payoffs[b], np.array(exact.terminal_payoffs, dtype=float), rtol=1e-12, atol=1e-12
        )


def test_public_names_are_exported() -> None:
    for name in [
        "ExtensiveGame",
        "Decision",
        "Chance",
        "Terminal",
        "Infoset",
        "FlatTree",
        "decision",
        "chance",
        "terminal",
        "backward_induction",
        "backward_induction_batch",
    ]:
        assert name in ag.__all__
        assert hasattr(ag, name)
