"""Every kind of mistake in a scenario file gives one clear ``file:line:col: field: rule`` error.

Each case edits a valid document (one of three small bases: a tree written move by move, an
explicit tree, a normal form) to make one mistake, and the test pins the exact messages: the
position points at the offending key or value (checked against the text: the caret lands on the
quoted token), the field is named, and the message says the rule and the value received.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import alliancegame as ag
from alliancegame.scenarios import (
    ScenarioFileError,
    ScenarioNotFoundError,
    loads,
    validate_file,
    validate_text,
)

TREE = textwrap.dedent(
    """\
    title: Toy strike game
    summary: A toy.
    sources:
      brief: {title: A brief, outlet: Nowhere, date: 2026-01-11}
    parameters:
      B: {meaning: benefit, default: 6, range: [0, 10]}
      p: {meaning: war risk, default: 0.1, range: [0, 1]}
    players: [US, Russia]
    game:
      tree:
        moves:
          - player: US
            actions: [Hold, Strike]
            ends:
              Hold: [0, 0]
          - player: Russia
            actions: [Arm, Stay]
          - chance: war
            outcomes: {yes: p, no: 1 - p}
        payoffs:
          US: "B*Russia_Stay - 5*war_yes"
          Russia: "-B*Russia_Arm - 5*war_yes"
    """
)

EXPLICIT = textwrap.dedent(
    """\
    title: Explicit toy
    summary: Written node by node.
    parameters:
      p: {meaning: war risk, default: 0.1, range: [0, 1]}
    players: [US, Russia]
    game:
      tree:
        root:
          player: US
          actions:
            Hold: {payoffs: [0, 0]}
            Strike: russia
        nodes:
          russia:
            player: Russia
            actions:
              Arm: {payoffs: {US: -1, Russia: 1}}
              Stay: lottery
          lottery:
            chance:
              war: {probability: p, then: {payoffs: [-5, -5]}}
              peace: {probability: 1 - p, then: {payoffs: [2, -1]}}
    """
)

NORMAL = textwrap.dedent(
    """\
    title: Chicken
    summary: A crisis.
    players: [US, Iran]
    game:
      normal_form:
        strategies:
          US: [Hold, Escalate]
          Iran: [Hold, Escalate]
        table:
          Hold: {Hold: [0, 0], Escalate: [-1, 1]}
          Escalate: {Hold: [1, -1], Escalate: [-10, -10]}
    """
)

BASES = {"tree": TREE, "explicit": EXPLICIT, "normal": NORMAL}


def problems(text: str) -> list[str]:
    return [str(p) for p in validate_text(text, "m.yaml")]


@pytest.mark.parametrize("base", BASES)
def test_the_bases_are_valid(base: str) -> None:
    assert problems(BASES[base]) == []
    loads(BASES[base])


# (id, base, text to replace, replacement, expected messages)
CASES = [
    # ---------------------------------------------------------------- YAML itself
    (
        "not valid YAML",
        "tree",
        "actions: [Hold, Strike]",
        "actions: [Hold, Strike",
        [
            "m.yaml:14:13: not valid YAML: while parsing a flow sequence, expected ',' or ']', "
            "but got ':'"
        ],
    ),
    (
        "a tab for indentation",
        "tree",
        "  B: {",
        "\tB: {",
        [
            "m.yaml:6:1: not valid YAML: while scanning for the next token, found character "
            "'\\t' that cannot start any token"
        ],
    ),
    (
        "duplicate key",
        "tree",
        "  p: {meaning: war risk",
        "  B: {meaning: war risk",
        ["m.yaml:7:3: parameters.B: duplicate key 'B' (first defined at line 6)"],
    ),
    (
        "duplicate action (mapping form)",
        "tree",
        "actions: [Hold, Strike]",
        "actions: {Hold: ~, Hold: ~}",
        [
            "m.yaml:13:28: game.tree.moves[0].actions.Hold: duplicate key 'Hold' (first "
            "defined at line 13)"
        ],
    ),
    (
        "a Python object tag",
        "tree",
        "default: 6",
        "default: !!python/object:os.system 6",
        [
            "m.yaml:6:34: parameters.B.default: the YAML tag "
            "'tag:yaml.org,2002:python/object:os.system' is not allowed (only plain strings, "
            "numbers, booleans, null, dates, lists and mappings)"
        ],
    ),
    (
        "an alias that contains itself",
        "tree",
        "players: [US, Russia]",
        "players: &a [US, *a]",
        # ruamel composes an alias as the anchored node itself: the position is the anchor's.
        ["m.yaml:8:10: players[1]: a YAML alias refers to a node that contains it (a cycle)"],
    ),
    # ---------------------------------------------------------------- structure (schema)
    (
        "unknown field (misspelt)",
        "tree",
        "meaning: benefit",
        "meanng: benefit",
        ["m.yaml:6:7: parameters.B.meanng: unknown field 'meanng' (did you mean 'meaning'?)"],
    ),
    (
        "unknown field in the game",
        "tree",
        "    payoffs:\n",
        "    payofs:\n",
        ["m.yaml:20:5: game.tree.payofs: unknown field 'payofs' (did you mean 'payoffs'?)"],
    ),
    (
        "missing field",
        "tree",
        "summary: A toy.\n",
        "",
        ["m.yaml:1:1: missing required field 'summary'"],
    ),
    (
        "wrong type",
        "tree",
        "range: [0, 10]",
        "range: zero to ten",
        ["m.yaml:6:44: parameters.B.range: must be a list, got 'zero to ten'"],
    ),
    (
        "a string where a number belongs",
        "tree",
        "default: 6",
        "default: '6'",
        ["m.yaml:6:34: parameters.B.default: must be a number, got '6'"],
    ),
    (
        "a boolean where a number belongs",
        "tree",
        "default: 6",
        "default: true",
        ["m.yaml:6:34: parameters.B.default: must be a number, got True"],
    ),
    (
        "a list of the wrong things",
        "tree",
        "actions: [Arm, Stay]",
        "actions: {Arm: [1, [2]], Stay: 5}",
        [
            "m.yaml:17:28: game.tree.moves[1].actions.Arm[1]: must be a number or a string, "
            "got [2]",
            "m.yaml:17:40: game.tree.moves[1].actions.Stay: must be a list or a mapping, got 5",
        ],
    ),
    (
        "a name that is not an identifier",
        "tree",
        "  B: {meaning",
        "  2B: {meaning",
        [
            "m.yaml:6:3: parameters['2B']: a key must be an identifier (a letter, then letters, "
            "digits or _), got '2B'"
        ],
    ),
    (
        "a bad date",
        "tree",
        "date: 2026-01-11",
        "date: last week",
        [
            "m.yaml:4:50: sources.brief.date: must be a date YYYY-MM-DD, a month YYYY-MM, a "
            "year YYYY or 'undated', got 'last week'"
        ],
    ),
    (
        "a move that is both a decision and a chance move",
        "tree",
        "- player: Russia",
        "- player: Russia\n        chance: x",
        [
            "m.yaml:16:9: game.tree.moves[1]: a move needs exactly one of `player` (a decision) "
            "or `chance`"
        ],
    ),
    (
        "an unknown prior",
        "tree",
        "range: [0, 10]}",
        "range: [0, 10], prior: {distribution: gamma, k: 2}}",
        [
            "m.yaml:6:75: parameters.B.prior.distribution: unknown distribution 'gamma'; "
            "expected one of 'uniform', 'normal', 'beta', 'triangular', 'discrete'"
        ],
    ),
    (
        "a node that is two kinds at once",
        "explicit",
        "Arm: {payoffs: {US: -1, Russia: 1}}",
        "Arm: {player: Russia, payoffs: [1, 1]}",
        [
            "m.yaml:17:16: game.tree.nodes.russia.actions.Arm: a node is exactly one of a "
            "decision (`player` and `actions`), a chance node (`chance`) or a terminal node "
            "(`payoffs`); this one has ['player', 'payoffs']"
        ],
    ),
    # ---------------------------------------------------------------- parameters
    (
        "default outside the range",
        "tree",
        "default: 6",
        "default: 12",
        ["m.yaml:6:34: parameters.B.default: the default must lie in the range [0, 10], got 12"],
    ),
    (
        "a range upside down",
        "tree",
        "range: [0, 10]",
        "range: [10, 0]",
        [
            "m.yaml:6:44: parameters.B.range: the lower bound must not exceed the upper bound, "
            "got [10, 0]"
        ],
    ),
    (
        "a default that is not finite",
        "tree",
        "default: 6",
        "default: .nan",
        ["m.yaml:6:34: parameters.B.default: default must be a finite number, got nan"],
    ),
    (
        "a prior reaching outside the range",
        "tree",
        "range: [0, 10]}",
        "range: [0, 10], prior: {distribution: normal, mean: 5, sd: 1}}",
        [
            "m.yaml:6:60: parameters.B.prior: the prior's support [-inf, inf] must lie within "
            "the parameter's range [0, 10]"
        ],
    ),
    (
        "an invalid prior",
        "tree",
        "range: [0, 1]}",
        "range: [0, 1], prior: {distribution: beta, a: 0, b: 1}}",
        ["m.yaml:7:62: parameters.p.prior: invalid prior: Beta: a must be positive, got 0"],
    ),
    (
        "a reserved name",
        "tree",
        "  B: {meaning",
        "  max: {meaning: m}\n  B: {meaning",
        [
            "m.yaml:6:3: parameters.max: parameter name: 'max' is reserved (a Python keyword "
            "or an expression function)"
        ],
    ),
    (
        "an unknown source",
        "tree",
        "range: [0, 10]}",
        "range: [0, 10], sources: [{source: brif, quote: x}]}",
        [
            "m.yaml:6:72: parameters.B.sources[0].source: unknown source 'brif' (did you mean "
            "'brief'?); sources: brief"
        ],
    ),
    # ---------------------------------------------------------------- names and expressions
    (
        "undeclared parameter",
        "tree",
        '"B*Russia_Stay',
        '"Bx*Russia_Stay',
        [
            "m.yaml:21:12: game.tree.payoffs.US: unknown name 'Bx' at column 1 in "
            "'Bx*Russia_Stay - 5*war_yes' (did you mean 'B'?); not a declared parameter, "
            "definition, attribute or move indicator"
        ],
    ),
    (
        "bad expression: syntax",
        "tree",
        '"B*Russia_Stay',
        '"B*(Russia_Stay',
        [
            "m.yaml:21:14: game.tree.payoffs.US: syntax error at column 3 in "
            "'B*(Russia_Stay - 5*war_yes': '(' was never closed"
        ],
    ),
    (
        "bad expression: attribute access",
        "tree",
        '"B*Russia_Stay',
        '"B.real*Russia_Stay',
        [
            "m.yaml:21:12: game.tree.payoffs.US: Attribute is not allowed in an expression at "
            "column 1 in 'B.real*Russia_Stay - 5*war_yes'"
        ],
    ),
    (
        "bad expression: a call outside the allow-list",
        "tree",
        '"B*Russia_Stay',
        '"__import__(1)*Russia_Stay',
        [
            "m.yaml:21:12: game.tree.payoffs.US: unknown function '__import__'; allowed: min, "
            "max, abs, exp, log, sqrt, where at column 1 in "
            "'__import__(1)*Russia_Stay - 5*war_yes'"
        ],
    ),
    (
        "a definition clashing with a parameter",
        "tree",
        "players:",
        "definitions: {B: p}\nplayers:",
        [
            "m.yaml:8:15: definitions.B: definition name 'B' is already used by the parameter "
            "parameters.B (line 6); every name in expressions must be unique"
        ],
    ),
    (
        "definitions in a cycle",
        "tree",
        "players:",
        "definitions: {a: b + 1, b: 2*a}\nplayers:",
        ["m.yaml:8:18: definitions.a: definitions must not depend on themselves: a → b → a"],
    ),
    # ---------------------------------------------------------------- players, actions, payoffs
    (
        "unknown player in a move",
        "tree",
        "- player: Russia",
        "- player: Rusia",
        [
            "m.yaml:16:17: game.tree.moves[1].player: unknown player 'Rusia' (did you mean "
            "'Russia'?); players: US, Russia"
        ],
    ),
    (
        "duplicate action (list form)",
        "tree",
        "[Arm, Stay]",
        "[Arm, Stay, Arm]",
        ["m.yaml:17:30: game.tree.moves[1].actions[2]: duplicate action 'Arm'"],
    ),
    (
        "wrong payoff count",
        "tree",
        "Hold: [0, 0]",
        "Hold: [0, 0, 1]",
        [
            "m.yaml:15:17: game.tree.moves[0].ends.Hold: needs one payoff per player (2: US, "
            "Russia), got 3"
        ],
    ),
    (
        "a payoff for an unknown player",
        "tree",
        '      Russia: "-B',
        '      Rusia: "-B',
        [
            "m.yaml:22:7: game.tree.payoffs.Rusia: unknown player 'Rusia' (did you mean "
            "'Russia'?); players: US, Russia"
        ],
    ),
    (
        "a missing payoff",
        "explicit",
        "Arm: {payoffs: {US: -1, Russia: 1}}",
        "Arm: {payoffs: {US: -1}}",
        ["m.yaml:17:26: game.tree.nodes.russia.actions.Arm.payoffs: no payoff given for Russia"],
    ),
    (
        "ends after an unknown action",
        "tree",
        "Hold: [0, 0]",
        "Hodl: [0, 0]",
        [
            "m.yaml:15:11: game.tree.moves[0].ends.Hodl: unknown action 'Hodl' (did you mean "
            "'Hold'?); this move's actions: Hold, Strike"
        ],
    ),
    (
        "a row of the wrong length",
        "tree",
        "actions: [Arm, Stay]",
        "attributes: [x, y]\n        actions: {Arm: [1], Stay: [1, 2]}",
        [
            "m.yaml:18:24: game.tree.moves[1].actions.Arm: the row has 1 values but the move "
            "declares 2 attributes (x, y)"
        ],
    ),
    (
        "an undeclared attribute",
        "tree",
        "actions: [Arm, Stay]",
        "attributes: [x, y]\n        actions: {Arm: {x: 1, z: 2}, Stay: [1, 2]}",
        [
            "m.yaml:18:31: game.tree.moves[1].actions.Arm.z: unknown attribute 'z'; the move "
            "declares x, y"
        ],
    ),
    (
        "an attribute used where its move was not played",
        "tree",
        ("actions: [Hold, Strike]\n        ends:\n          Hold: [0, 0]\n", '"B*Russia_Stay'),
        ("attributes: [gain]\n        actions: {Hold: ~, Strike: [B]}\n", '"gain*Russia_Stay'),
        [
            "m.yaml:20:11: game.tree.payoffs.US: the payoff of US uses the attribute 'gain' of "
            "move 'US', which has no value on the path US:Hold → Russia:Stay → war:yes "
            "(and 1 more like it)"
        ],
    ),
    (
        "observing a move that is not earlier",
        "tree",
        "      - player: Russia\n",
        "      - player: Russia\n        observes: [USA]\n",
        [
            "m.yaml:17:20: game.tree.moves[1].observes[0]: 'USA' is not an earlier move (did you "
            "mean 'US'?); earlier moves: US"
        ],
    ),
    # ---------------------------------------------------------------- probabilities
    (
        "probabilities outside [0, 1]",
        "tree",
        "{yes: p, no: 1 - p}",
        "{yes: 1.5, no: -0.5}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: a probability must lie in [0, 1], "
            "got 3/2 on the path US:Strike → Russia:Arm",
            "m.yaml:19:34: game.tree.moves[2].outcomes.no: a probability must lie in [0, 1], "
            "got -1/2 on the path US:Strike → Russia:Arm",
        ],
    ),
    (
        "a probability leaving [0, 1] inside the parameter's range",
        "tree",
        "range: [0, 1]}",
        "range: [0, 2]}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: a probability must lie in [0, 1], "
            "but p is 2 at p=2 on the path US:Strike → Russia:Arm",
            "m.yaml:19:32: game.tree.moves[2].outcomes.no: a probability must lie in [0, 1], "
            "but 1 - p is -1 at p=2 on the path US:Strike → Russia:Arm",
        ],
    ),
    (
        "a probability outside [0, 1] at the default",
        "tree",
        "default: 0.1, range: [0, 1]}",
        "default: 1.25}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: a probability must lie in [0, 1], "
            "but p is 5/4 at p=1.25 (the defaults) on the path US:Strike → Russia:Arm",
            "m.yaml:19:32: game.tree.moves[2].outcomes.no: a probability must lie in [0, 1], "
            "but 1 - p is -1/4 at p=1.25 (the defaults) on the path US:Strike → Russia:Arm",
        ],
    ),
    (
        "probabilities not summing to 1",
        "explicit",
        "probability: 1 - p,",
        "probability: 1 - p/2,",
        [
            "m.yaml:21:11: game.tree.nodes.lottery.chance: the probabilities of war, peace must "
            "sum to 1, but their sum p/2 + 1 is 21/20 at p=0.1 (the defaults)"
        ],
    ),
    (
        "a probability that is not a real number",
        "tree",
        "{yes: p, no: 1 - p}",
        "{yes: sqrt(-1), no: 1 - sqrt(-1)}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: probability: the expression is not "
            "a real number (the square root of a negative number, ...), in 'sqrt(-1)'",
            "m.yaml:19:39: game.tree.moves[2].outcomes.no: probability: the expression is not a "
            "real number (the square root of a negative number, ...), in '1 - sqrt(-1)'",
        ],
    ),
    (
        "an undefined probability",
        "tree",
        "{yes: p, no: 1 - p}",
        "{yes: log(0), no: 1}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: probability: the expression is "
            "undefined or infinite (a division by zero, log(0), ...), in 'log(0)'"
        ],
    ),
    (
        "an irrational probability above 1",
        "tree",
        "{yes: p, no: 1 - p}",
        "{yes: exp(1), no: 1 - exp(1)}",
        [
            "m.yaml:19:25: game.tree.moves[2].outcomes.yes: a probability must lie in [0, 1], "
            "got E on the path US:Strike → Russia:Arm",
            "m.yaml:19:37: game.tree.moves[2].outcomes.no: a probability must lie in [0, 1], "
            "got 1 - E on the path US:Strike → Russia:Arm",
        ],
    ),
    (
        "probabilities summing to 1 only for some parameter values",
        "tree",
        "{yes: p, no: 1 - p}",
        "{yes: 'p if p < 0.5 else 0.5', no: 'min(1 - p, 0.5)'}",
        [
            "m.yaml:19:19: game.tree.moves[2].outcomes: the probabilities of yes, no must sum "
            "to 1, but their sum Piecewise((p, p < 1/2), (1/2, True)) + Min(1/2, 1 - p) is 3/5 "
            "at p=0.1 (the defaults) on the path US:Strike → Russia:Arm"
        ],
    ),
    # ---------------------------------------------------------------- the shape of the tree
    (
        "a tree with a cycle",
        "explicit",
        "then: {payoffs: [-5, -5]}",
        "then: russia",
        [
            "m.yaml:21:39: game.tree.nodes.lottery.chance.war.then: the tree has a cycle: node "
            "'russia' contains itself (russia → lottery → russia); a tree's paths must end"
        ],
    ),
    (
        "an unreachable named node",
        "explicit",
        "Strike: russia\n",
        "Strike: {payoffs: [1, 1]}\n",
        [
            "m.yaml:14:7: game.tree.nodes.russia: node 'russia' is never used: it is not "
            "reachable from the root"
        ],
    ),
    (
        "an unknown named node",
        "explicit",
        "Stay: lottery",
        "Stay: lotery",
        [
            "m.yaml:18:17: game.tree.nodes.russia.actions.Stay: unknown node 'lotery' (did you "
            "mean 'lottery'?); named nodes: russia, lottery"
        ],
    ),
    (
        "a move that never happens",
        "tree",
        "      - chance: war\n",
        "      - chance: war\n        when: US_Hold\n",
        [
            "m.yaml:18:9: game.tree.moves[2]: the move 'war' never happens: its `when` "
            "condition is false on every path (an unreachable part of the tree)"
        ],
    ),
    (
        "a tree whose shape depends on a parameter",
        "tree",
        "      - chance: war\n",
        "      - chance: war\n        when: p > 0.5\n",
        [
            "m.yaml:19:15: game.tree.moves[2].when: `when` must depend only on earlier moves, "
            "not on parameters (p): the shape of the tree cannot change with parameter values "
            "(and 1 more like it)"
        ],
    ),
    # ---------------------------------------------------------------- normal forms
    (
        "a missing cell",
        "normal",
        "Escalate: {Hold: [1, -1], Escalate: [-10, -10]}",
        "Escalate: {Hold: [1, -1]}",
        ["m.yaml:11:17: game.normal_form.table.Escalate: no entry for Iran's strategy Escalate"],
    ),
    (
        "an unknown strategy in the table",
        "normal",
        "Escalate: {Hold: [1, -1], Escalate: [-10, -10]}",
        "Escalate: {Hold: [1, -1], Esclate: [-10, -10], Escalate: [0, 0]}",
        [
            "m.yaml:11:33: game.normal_form.table.Escalate.Esclate: unknown strategy 'Esclate' "
            "of Iran (did you mean 'Escalate'?); strategies: Hold, Escalate"
        ],
    ),
    (
        "a cell that is not payoffs",
        "normal",
        "Escalate: {Hold: [1, -1], Escalate: [-10, -10]}",
        "Escalate: {Hold: [1, -1], Escalate: 5}",
        [
            "m.yaml:11:43: game.normal_form.table.Escalate.Escalate: expected the payoffs (a "
            "list in player order or a mapping by player), got 5"
        ],
    ),
    (
        "strategies for an unknown player",
        "normal",
        "Iran: [Hold, Escalate]",
        "Iraq: [Hold, Escalate]",
        [
            "m.yaml:7:7: game.normal_form.strategies: no strategies given for Iran",
            "m.yaml:8:7: game.normal_form.strategies.Iraq: unknown player 'Iraq' (did you mean "
            "'Iran'?); players: US, Iran",
        ],
    ),
    # ---------------------------------------------------------------- whole documents
    (
        "an empty file",
        "tree",
        TREE,
        "",
        ["m.yaml:1:1: the file is empty (expected a YAML mapping)"],
    ),
    (
        "a list instead of a mapping",
        "tree",
        TREE,
        "- a\n- b\n",
        ["m.yaml:1:1: a scenario file must be a YAML mapping, got ['a', 'b']"],
    ),
]


@pytest.mark.parametrize(
    ("base", "old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_mistake_has_its_positioned_message(
    base: str, old: str | tuple[str, ...], new: str | tuple[str, ...], expected: list[str]
) -> None:
    bad = BASES[base]
    olds, news = (old, new) if isinstance(old, tuple) else ((old,), (new,))
    for o, n in zip(olds, news, strict=True):
        assert o in bad, "the case does not apply to its base"
        bad = bad.replace(o, n)
    got = problems(bad)
    assert got == expected
    # the position is real: the line exists and the column is inside it
    lines = bad.splitlines() or [""]
    for p in validate_text(bad, "m.yaml"):
        assert p.line is not None
        assert p.column is not None
        assert 1 <= p.line <= len(lines)
        assert 1 <= p.column <= len(lines[p.line - 1]) + 1


def test_probabilities_that_sum_to_one_piecewise_are_accepted() -> None:
    ok = TREE.replace("{yes: p, no: 1 - p}", "{yes: 'min(p, 0.5)', no: 'max(1 - p, 0.5)'}")
    assert problems(ok) == []


def test_the_caret_lands_on_the_mistake() -> None:
    bad = TREE.replace('"B*Russia_Stay', '"B*Russia_Stya')
    (p,) = validate_text(bad, "m.yaml")
    line = bad.splitlines()[p.line - 1]
    assert line[p.column - 1 :].startswith("Russia_Stya")
    assert p.field == "game.tree.payoffs.US"
    assert "did you mean 'Russia_Stay'" in p.reason


def test_several_problems_are_all_reported_and_load_raises_them_together() -> None:
    bad = TREE.replace("default: 6", "default: 12").replace(
        "date: 2026-01-11", "date: 2026-01-11, url: 5"
    )
    got = problems(bad)
    assert got == ["m.yaml:4:67: sources.brief.url: must be a string, got 5"]
    bad = (
        TREE.replace("default: 6", "default: 12")
        .replace('"B*Russia_Stay', '"Bx*Russia_Stay')
        .replace("Hold: [0, 0]", "Hold: [0]")
    )
    got = problems(bad)
    assert len(got) == 3
    assert [g.split(": ")[0] for g in got] == ["m.yaml:6:34", "m.yaml:15:17", "m.yaml:21:12"]
    with pytest.raises(ScenarioFileError) as info:
        loads(bad, name="m.yaml")
    err = info.value
    assert isinstance(err, ag.ModelFileError)
    assert isinstance(err, ValueError)
    assert [str(p) for p in err.problems] == got
    assert str(err) == "\n".join(got)
    assert (err.path, err.line, err.column, err.field) == ("m.yaml", 6, 34, "parameters.B.default")


def test_a_single_problem_raises_a_plain_model_file_error() -> None:
    with pytest.raises(ag.ModelFileError) as info:
        loads(TREE.replace("default: 6", "default: 12"), name="m.yaml")
    assert not isinstance(info.value, ScenarioFileError)
    assert str(info.value) == (
        "m.yaml:6:34: parameters.B.default: the default must lie in the range [0, 10], got 12"
    )


def test_files_on_disk(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(TREE, encoding="utf-8")
    assert validate_file(good) == []
    assert ag.load(good).title == "Toy strike game"
    bad = tmp_path / "bad.yaml"
    bad.write_text(TREE.replace("default: 6", "default: 12"), encoding="utf-8")
    (p,) = validate_file(bad)
    assert str(p) == (
        f"{bad}:6:34: parameters.B.default: the default must lie in the range [0, 10], got 12"
    )
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"title: \xff\xfe\n")
    (p,) = validate_file(binary)
    assert str(p) == f"{binary}: the file is not UTF-8 text (byte 7: b'\\xff')"


def test_missing_files_and_unknown_names() -> None:
    with pytest.raises(ScenarioNotFoundError) as info:
        ag.load("no/such/file.yaml")
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, ag.ModelFileError)
    assert str(info.value) == "no/such/file.yaml: no such file"
    with pytest.raises(ScenarioNotFoundError, match=r"did you mean 'russia-iran'\?"):
        ag.load("russia-iram")


def test_the_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from alliancegame.cli import main

    good = tmp_path / "good.yaml"
    good.write_text(TREE, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(TREE.replace("default: 6", "default: 12").replace("[0, 0]", "[0]"), "utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok\n"
    assert main(["validate", str(good), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{good}: ok",
        f"{bad}:6:34: parameters.B.default: the default must lie in the range [0, 10], got 12",
        f"{bad}:15:17: game.tree.moves[0].ends.Hold: needs one payoff per player (2: US, "
        "Russia), got 1",
    ]
    assert main(["validate", "--json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files"][str(bad)][0] == {
        "line": 6,
        "column": 34,
        "field": "parameters.B.default",
        "message": "the default must lie in the range [0, 10], got 12",
    }
    no_default = tmp_path / "no-default.yaml"
    no_default.write_text(TREE.replace("default: 6, ", ""), encoding="utf-8")
    assert main(["validate", str(no_default)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{no_default}: ok",
        f"{no_default}: note: parameter 'B' has no default; every solve needs a value for it "
        "(game.at(B=...) or --set B=...)",
    ]
