"""Scenario files: the format's features, the loader, bundled scenarios and the JSON Schema.

Oracles are independent representations of the same game: a tree written move by move against
the same tree written node by node, a simultaneous move (``observes: []``) against the normal form
written as a table, payoff formulas against a payoff table, and parameter metadata written out
and read back.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

import alliancegame as ag
from alliancegame.scenarios import Scenario, json_schema, loads, scenario_names, validate_text

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def parsed(text: str) -> Scenario:
    return loads(text)


# ------------------------------------------------------------------------------ bundled files


def test_bundled_scenarios_are_listed_and_load() -> None:
    names = scenario_names()
    assert "russia-iran" in names
    for name in names:
        if (ROOT / "models" / f"{name}.yaml").is_file():
            assert isinstance(ag.load(name), Scenario)


def test_load_by_name_and_by_path_agree() -> None:
    by_name = ag.load("russia-iran")
    by_path = ag.load(ROOT / "models" / "russia-iran.yaml")
    by_text = ag.load(str(ROOT / "models" / "russia-iran.yaml"))
    assert by_name.path == by_path.path == by_text.path
    assert by_name.parameters == by_path.parameters
    assert by_name.game.terminal_payoffs == by_path.game.terminal_payoffs
    assert by_name.name == "russia-iran"


def test_every_bundled_file_validates() -> None:
    for path in sorted((ROOT / "models").glob("*.yaml")):
        assert ag.validate_file(path) == [], path


def test_the_committed_json_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "docs/reference/scenario-schema.json").read_text("utf-8"))
    assert committed == json_schema(), (
        'regenerate it: python -c "from alliancegame.scenarios import write_json_schema; '
        "write_json_schema('docs/reference/scenario-schema.json')\""
    )


def test_the_json_schema_describes_what_the_loader_accepts() -> None:
    schema = json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {
        "version", "title", "summary", "sources", "parameters", "definitions", "players",
        "assumptions", "game",
    }  # fmt: skip
    defs = schema["$defs"]
    for model in ("ParameterSpec", "MoveSpec", "NodeSpec", "NormalFormSpec"):
        assert defs[model]["additionalProperties"] is False


SOURCES = ROOT.parent / "shared" / "sources"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source texts are not in this checkout")
def test_every_quote_in_russia_iran_is_verbatim_in_its_source() -> None:
    files = {
        "brief": "russia-iran-partnership-brief.txt",
        "trt": "limits-of-alliance.txt",
        "digest": "russia-wont-fight-for-iran.txt",
    }
    texts = {k: " ".join((SOURCES / f).read_text("utf-8").split()) for k, f in files.items()}
    data = YAML(typ="safe", pure=True).load((ROOT / "models/russia-iran.yaml").read_text("utf-8"))
    quotes: list[tuple[str, str]] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "source" in x and "quote" in x:
                quotes.append((x["source"], x["quote"]))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    assert len(quotes) > 20
    for key, quote in quotes:
        assert " ".join(quote.split()) in texts[key], (key, quote)


# ------------------------------------------------------------------------------ the Scenario


def test_scenario_object() -> None:
    s = ag.load("russia-iran")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "changed"  # type: ignore[misc]
    assert s.players == ("US", "Russia", "China", "Iran")
    assert s.game.players == s.players
    assert s.parameters is s.game.parameters
    assert s.sources["brief"].date == "2026-01-11"
    assert s.sources["trt"].outlet == "TRT Global"
    assert all(str(c).startswith(c.source.title) for cs in s.citations.values() for c in cs)
    p = s.parameters["G"]
    assert p.unit == "utility points"
    assert p.sources == tuple(str(c) for c in s.citations["G"])
    assert len(s.assumptions) == 3
    assert "Ukraine" in s.describe()
    assert repr(s).startswith("<Scenario 'Strike–Support–Retaliate")
    # the scenario forwards to its game
    assert s.render() == s.game.render()
    assert s.at(u=2).terminal_payoffs == s.game.at(u=2).terminal_payoffs
    with pytest.raises(AttributeError, match="neither the Scenario nor its game"):
        s.no_such_attribute


def test_decimals_in_the_file_are_exact() -> None:
    s = ag.load("russia-iran")
    exact = s.at(exact=True)
    # the chance node after Strike -> D -> Lifeline -> Proxy: theta = 0.1 exactly
    probs = {tuple(p) for p in exact.chance_probabilities}
    assert (Fraction(1, 10), Fraction(9, 10)) in probs
    assert (Fraction(1, 20), Fraction(19, 20)) in probs  # pi_N = 0.05


# ------------------------------------------------------------------------------ equivalences

MOVES = textwrap.dedent(
    """\
    title: Toy strike game
    summary: A toy.
    parameters:
      B: {meaning: benefit, default: 6, range: [0, 10]}
      p: {meaning: war risk, default: 0.1, range: [0, 1]}
      c: {meaning: cost of arming, default: 1, range: [0, 5]}
    definitions:
      war_cost: "5*war_yes"
    players: [US, Russia]
    game:
      tree:
        moves:
          - player: US
            actions: [Hold, Strike]
            ends:
              Hold: {US: -1, Russia: 0}
          - player: Russia
            attributes: [arms]
            actions: {Arm: [1], Stay: [0]}
          - chance: war
            when: Russia_Stay
            outcomes: {yes: p, no: 1 - p}
        payoffs:
          US: "B*(1 - arms) - war_cost"
          Russia: "-c*arms - B*(1 - arms) - war_cost"
    """
)

EXPLICIT = textwrap.dedent(
    """\
    title: Toy strike game
    summary: The same game, node by node.
    parameters:
      B: {meaning: benefit, default: 6, range: [0, 10]}
      p: {meaning: war risk, default: 0.1, range: [0, 1]}
      c: {meaning: cost of arming, default: 1, range: [0, 5]}
    players: [US, Russia]
    game:
      tree:
        root:
          player: US
          actions:
            Hold: {payoffs: {US: -1, Russia: 0}}
            Strike:
              player: Russia
              actions:
                Arm: {payoffs: [0, -c]}
                Stay:
                  chance:
                    yes: {probability: p, then: {payoffs: [B - 5, -B - 5]}}
                    no: {probability: 1 - p, then: {payoffs: [B, -B]}}
    """
)


@given(
    B=st.fractions(0, 10, max_denominator=20),
    p=st.fractions(0, 1, max_denominator=20),
    c=st.fractions(0, 5, max_denominator=20),
)
def test_moves_form_equals_explicit_tree(B: Fraction, p: Fraction, c: Fraction) -> None:
    a = parsed(MOVES).at(exact=True, B=B, p=p, c=c)
    b = parsed(EXPLICIT).at(exact=True, B=B, p=p, c=c)
    assert a.terminal_payoffs == b.terminal_payoffs
    assert a.chance_probabilities == b.chance_probabilities
    ra, rb = ag.backward_induction(a), ag.backward_induction(b)
    assert [e.payoffs for e in ra] == [e.payoffs for e in rb]
    assert [[(s.player, s.action) for s in e.path] for e in ra] == [
        [(s.player, s.action) for s in e.path] for e in rb
    ]


def test_when_and_ends_shape_the_tree() -> None:
    game = loads(MOVES).game
    # Hold ends; Arm ends (no war draw: when is false); Stay leads to the war draw.
    assert len(game.terminals) == 1 + 1 + 2
    assert len(game.chance_nodes) == 1


CHICKEN_TABLE = textwrap.dedent(
    """\
    title: Chicken
    summary: A crisis as a table.
    parameters:
      D: {meaning: cost of disaster, default: 10, range: [0, 20]}
    players: [US, Iran]
    game:
      normal_form:
        strategies:
          US: [Hold, Escalate]
          Iran: [Hold, Escalate]
        table:
          Hold: {Hold: [0, 0], Escalate: [-1, 1]}
          Escalate: {Hold: [1, -1], Escalate: [-D, -D]}
    """
)

CHICKEN_FORMULAS = textwrap.dedent(
    """\
    title: Chicken
    summary: A crisis written once, as formulas.
    parameters:
      D: {meaning: cost of disaster, default: 10, range: [0, 20]}
    definitions:
      both: "US_Escalate*Iran_Escalate"
    players: [US, Iran]
    game:
      normal_form:
        strategies:
          US: {attributes: [push], actions: {Hold: [0], Escalate: [1]}}
          Iran: [Hold, Escalate]
        payoffs:
          US: "push*Iran_Hold - US_Hold*Iran_Escalate - D*both"
          Iran: "Iran_Escalate*US_Hold - Iran_Hold*push - D*both"
    """
)

CHICKEN_TREE = textwrap.dedent(
    """\
    title: Chicken
    summary: Simultaneous moves in a tree.
    parameters:
      D: {meaning: cost of disaster, default: 10, range: [0, 20]}
    players: [US, Iran]
    game:
      tree:
        moves:
          - player: US
            actions: [Hold, Escalate]
          - player: Iran
            observes: []
            actions: [Hold, Escalate]
        payoffs:
          US: "US_Escalate*Iran_Hold - US_Hold*Iran_Escalate - D*US_Escalate*Iran_Escalate"
          Iran: "Iran_Escalate*US_Hold - Iran_Hold*US_Escalate - D*US_Escalate*Iran_Escalate"
    """
)


@given(D=st.fractions(0, 20, max_denominator=50))
def test_three_ways_to_write_chicken_agree(D: Fraction) -> None:
    table = parsed(CHICKEN_TABLE).at(exact=True, D=D)
    formulas = parsed(CHICKEN_FORMULAS).at(exact=True, D=D)
    tree = parsed(CHICKEN_TREE).game
    reduced = tree.to_normal_form().at(exact=True, D=D)
    assert table.strategies == formulas.strategies == reduced.strategies
    np.testing.assert_array_equal(table.payoffs, formulas.payoffs)
    np.testing.assert_array_equal(table.payoffs, reduced.payoffs)


def test_observes_makes_information_sets() -> None:
    tree = loads(CHICKEN_TREE).game
    assert not tree.is_perfect_information
    (iran,) = tree.infosets[1]
    assert iran.label == "Iran | nothing observed"
    assert len(iran.nodes) == 2


def test_players_with_descriptions() -> None:
    text = CHICKEN_TABLE.replace(
        "players: [US, Iran]", "players: {US: the United States, Iran: the Islamic Republic}"
    )
    s = loads(text)
    assert s.players == ("US", "Iran")
    assert s.player_descriptions == {"US": "the United States", "Iran": "the Islamic Republic"}
    assert "  Iran: the Islamic Republic" in s.describe()


def test_named_nodes_with_an_infoset_are_one_information_set() -> None:
    text = textwrap.dedent(
        """\
        title: Shared subtree
        summary: B does not see A's move.
        players: [A, B]
        game:
          tree:
            root: {player: A, actions: {l: guess_l, r: guess_r}}
            nodes:
              guess_l:
                player: B
                infoset: B guesses
                actions: {L: {payoffs: [1, -1]}, R: {payoffs: [-1, 1]}}
              guess_r:
                player: B
                infoset: B guesses
                actions: {L: {payoffs: [-1, 1]}, R: {payoffs: [1, -1]}}
        """
    )
    game = loads(text).game
    (guesses,) = game.infosets[1]
    assert guesses.label == "B guesses"
    assert len(guesses.nodes) == 2


def test_a_named_subtree_can_be_reused() -> None:
    text = textwrap.dedent(
        """\
        title: Reuse
        summary: The same lottery after either move.
        parameters:
          q: {meaning: chance of success, default: 0.5, range: [0, 1]}
        players: [A]
        game:
          tree:
            root: {player: A, actions: {x: lottery, y: lottery}}
            nodes:
              lottery:
                chance:
                  win: {probability: q, then: {payoffs: [1]}}
                  lose: {probability: 1 - q, then: {payoffs: [0]}}
        """
    )
    game = loads(text).game
    assert len(game.chance_nodes) == 2
    assert len(game.terminals) == 4


def test_chance_outcomes_with_attributes() -> None:
    text = textwrap.dedent(
        """\
        title: A lottery with attributes
        summary: Outcomes carry a damage value.
        parameters:
          q: {meaning: chance of a hit, default: 0.25, range: [0, 1]}
        players: [Iran]
        game:
          tree:
            moves:
              - chance: strike
                outcomes:
                  hit: {probability: q, damage: 4}
                  miss: {probability: 1 - q, damage: 0}
              - player: Iran
                actions: [Retaliate, Absorb]
            payoffs:
              Iran: "-damage + Iran_Retaliate*(damage/2 - 1)"
        """
    )
    eq = ag.backward_induction(loads(text).at(exact=True))[0]
    # after a hit retaliating pays 4/2 - 1 = 1 > 0; after a miss it costs 1
    assert eq["Iran"]["Iran after chance:hit"]["Retaliate"] == 1
    assert eq["Iran"]["Iran after chance:miss"]["Absorb"] == 1
    assert eq.payoffs["Iran"] == Fraction(1, 4) * (-4 + 1)


def test_definitions_are_substituted_symbolically() -> None:
    s = loads(MOVES)
    assert str(s.definitions["war_cost"]) == "5*war_yes"
    assert "war_cost" not in str(s.game.terminal_payoffs)


# ------------------------------------------------------------------------------ parameters


# Multiples of 1/4: ``low + (high - low)`` is exact for them (see the xfail test below).
finite = st.integers(-4000, 4000).map(lambda k: k / 4 if k % 4 else k // 4)


@st.composite
def parameter_specs(draw: Any) -> dict[str, Any]:
    lo, hi = sorted((draw(finite), draw(finite)))
    if lo == hi:
        hi = lo + 1
    spec: dict[str, Any] = {
        "meaning": draw(
            st.text(
                st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1,
                max_size=30,
            ).filter(str.strip)
        ),
        "unit": draw(st.sampled_from(["", "utility points", "probability", "share"])),
    }
    if draw(st.booleans()):
        spec["default"] = draw(st.sampled_from([lo, hi, (lo + hi) / 2]))
    if draw(st.booleans()):
        spec["range"] = [lo, hi]
        kind = draw(st.sampled_from(["uniform", "triangular", "beta", "discrete", None]))
        if kind == "uniform":
            spec["prior"] = {"distribution": "uniform", "lower": lo, "upper": hi}
        elif kind == "triangular":
            spec["prior"] = {"distribution": "triangular", "lower": lo, "mode": hi, "upper": hi}
        elif kind == "beta":
            spec["prior"] = {"distribution": "beta", "a": 2, "b": 3.5, "lower": lo, "upper": hi}
        elif kind == "discrete":
            spec["prior"] = {
                "distribution": "discrete",
                "values": [lo, hi],
                "probabilities": [0.25, 0.75],
            }
    elif draw(st.booleans()):
        spec["prior"] = {"distribution": "normal", "mean": lo, "sd": 2}
    if draw(st.booleans()):
        spec["sources"] = [{"source": "s1", "quote": "A sentence."}]
    return spec


def _document(parameters: dict[str, Any]) -> str:
    doc = {
        "title": "round trip",
        "summary": "parameters only",
        "sources": {"s1": {"title": "T", "outlet": "O", "date": "2020"}},
        "parameters": parameters,
        "players": ["A"],
        "game": {"normal_form": {"strategies": {"A": ["x"]}, "payoffs": [0]}},
    }
    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(doc, buf)
    return buf.getvalue()


@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
        parameter_specs(),
        min_size=1,
        max_size=4,
    ).filter(
        lambda d: (
            not any(
                k
                in (
                    "if",
                    "or",
                    "in",
                    "is",
                    "and",
                    "not",
                    "for",
                    "abs",
                    "exp",
                    "log",
                    "max",
                    "min",
                    "where",
                    "sqrt",
                    "as",
                    "def",
                    "del",
                    "try",
                )
                for k in d
            )
        )
    )
)
def test_parameter_metadata_round_trips(params: dict[str, Any]) -> None:
    first = loads(_document(params))
    written = first.parameters_to_dict()
    # what was written is what was declared (filling in unit and expanding prior defaults)
    for name, spec in params.items():
        out = written[name]
        assert out["meaning"] == spec["meaning"]
        assert out["unit"] == spec["unit"]
        assert out.get("default") == spec.get("default")
        assert out.get("range") == spec.get("range")
        assert out.get("sources", []) == spec.get("sources", [])
        if "prior" in spec:
            for key, value in spec["prior"].items():
                assert out["prior"][key] == value
    second = loads(_document(written))
    assert second.parameters == first.parameters
    assert second.parameters_to_dict() == written


def test_priors_become_distributions() -> None:
    params = {
        "a": {"meaning": "a", "range": [0, 10], "prior": {"distribution": "uniform"}},
        "b": {"meaning": "b", "prior": {"distribution": "normal", "mean": 1, "sd": 2}},
        "c": {"meaning": "c", "range": [0, 1], "prior": {"distribution": "beta", "a": 2, "b": 5}},
        "d": {
            "meaning": "d",
            "range": [0, 1],
            "prior": {"distribution": "triangular", "lower": 0, "mode": 0.2, "upper": 1},
        },
        "e": {
            "meaning": "e",
            "range": [0, 3],
            "prior": {"distribution": "discrete", "values": [1, 2, 3]},
        },
    }
    priors = loads(_document(params)).priors
    assert priors["a"] == ag.Uniform(0, 10)
    assert priors["b"] == ag.Normal(1, 2)
    assert priors["c"] == ag.Beta(2, 5, 0, 1)
    assert priors["d"] == ag.Triangular(0, 0.2, 1)
    assert priors["e"] == ag.Discrete([1, 2, 3])
    assert priors["e"].mean == pytest.approx(2)


def test_expressions_are_never_evaluated() -> None:
    # A payoff that would do something if it were eval'ed is rejected as text.
    bad = CHICKEN_FORMULAS.replace(
        '"push*Iran_Hold', "\"__import__('os').system('echo pwned')*Iran_Hold"
    )
    (problem,) = validate_text(bad, "m.yaml")
    assert problem.reason.startswith("only the functions min, max, abs, exp, log, sqrt, where")
    assert problem.field == "game.normal_form.payoffs.US"


def test_a_uniform_prior_on_an_awkward_range_is_accepted() -> None:
    """Regression: a prior's support was loc + scale from scipy, which rounded past the bound."""
    params = {"a": {"meaning": "a", "range": [-2, 0.01562], "prior": {"distribution": "uniform"}}}
    assert loads(_document(params)).priors["a"] == ag.Uniform(-2, 0.01562)


def test_an_unquoted_year_is_a_date() -> None:
    """YAML reads ``date: 2003`` as a number; the documented YYYY form must still load."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "models" / "mediation.yaml").read_text()
    unquoted = re.sub(r'date: "(\d{4})"', r"date: \1", text)
    assert unquoted != text
    scenario = loads(unquoted)
    assert any(s.date == "2003" for s in scenario.sources.values())


def test_scenario_html_shows_parameters_sources_and_game() -> None:
    import alliancegame as ag

    scenario = ag.load("russia-iran")
    html = scenario._repr_html_()
    assert html.startswith("<div><h4>")
    for p in scenario.parameters:
        assert f"<code>{p.name}</code>" in html
    assert "<details><summary>the game</summary>" in html
    assert all(s.key in html for s in scenario.sources.values())
