"""The catalog of classic models: each game's form, and its published or derived result reproduced
through the public API (solvers, thresholds, batched backward induction, decision analysis).

Oracles are the results stated in the literature (and re-derived in the modules' docstrings):
closed-form equilibria, thresholds and optimal demands. The library must reach them by solving
the games it builds; the tests never solve the games themselves.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import alliancegame as ag
from alliancegame.analysis.decision import DecisionProblem, rollback
from alliancegame.scenarios import catalog as cat

F = Fraction


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


def pure_profiles(game: Any) -> set[tuple[str, ...]]:
    """The pure equilibria of a numeric normal form, as tuples of strategy names."""
    res = ag.solve(game, "pure")
    return {tuple(e.support(p)[0] for p in game.players) for e in res}


def terminal_mask(game: ag.ExtensiveGame, player: str, action: str) -> list[bool]:
    """Which terminals (in ``game.terminals`` order) follow ``player`` taking ``action``."""
    return [(player, action) in game.history(t) for t in game.terminals]


# =============================================================================================
# 2x2 archetypes
# =============================================================================================

BUILDERS = {
    "prisoners-dilemma": cat.prisoners_dilemma,
    "chicken": cat.chicken,
    "stag-hunt": cat.stag_hunt,
    "deadlock": cat.deadlock,
}

PURE = {
    "prisoners-dilemma": {("D", "D")},
    "chicken": {("C", "D"), ("D", "C")},
    "stag-hunt": {("C", "C"), ("D", "D")},
    "deadlock": {("D", "D")},
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_archetype_pure_equilibria_at_defaults(name: str) -> None:
    game = BUILDERS[name]()
    assert game.parameters.names == ("R", "S", "T", "P")
    assert cat.classify_2x2(*(game.parameters[k].default for k in "RSTP")) == name
    assert pure_profiles(game.at(exact=True)) == PURE[name]


@st.composite
def ranked_payoffs(draw: Any, name: str) -> dict[str, int]:
    """Distinct integer payoffs ``R, S, T, P`` in the archetype's strict order."""
    values = draw(st.lists(st.integers(-30, 30), min_size=4, max_size=4, unique=True))
    return dict(zip(cat.ARCHETYPES[name], sorted(values, reverse=True), strict=True))


@pytest.mark.parametrize("name", list(BUILDERS))
@settings(max_examples=15)
@given(data=st.data())
def test_archetype_equilibria_for_any_ranked_payoffs(name: str, data: Any) -> None:
    values = data.draw(ranked_payoffs(name))
    game = BUILDERS[name](**values).at(exact=True)
    assert pure_profiles(game) == PURE[name]
    assert cat.classify_2x2(**values) == name


def test_chicken_mixed_equilibrium_stands_firm_with_probability_one_tenth() -> None:
    game = cat.chicken(R=0, S=-1, T=1, P=-10).at(exact=True)
    res = ag.solve(game, "nash")
    assert res.exact
    assert res.complete
    mixed = [e for e in res if not e.is_pure]
    assert len(res) == 3
    assert len(mixed) == 1
    assert mixed[0]["Row"] == {"C": F(9, 10), "D": F(1, 10)}
    assert mixed[0]["Column"] == {"C": F(9, 10), "D": F(1, 10)}
    assert mixed[0].payoffs == {"Row": F(-1, 10), "Column": F(-1, 10)}
    assert {tuple(e.support(p)[0] for p in game.players) for e in res if e.is_pure} == PURE[
        "chicken"
    ]


@settings(max_examples=20)
@given(values=ranked_payoffs("chicken"))
def test_chicken_mixed_probability_is_the_published_formula(values: dict[str, int]) -> None:
    R, S, T, P = (values[k] for k in "RSTP")
    res = ag.solve(cat.chicken(**values).at(exact=True), "nash")
    (mixed,) = [e for e in res if not e.is_pure]
    q = F(T - R, T - R + S - P)  # Snyder & Diesing (1977): each stands firm with this probability
    assert mixed["Row"]["D"] == q
    assert mixed["Column"]["D"] == q


@settings(max_examples=20)
@given(values=ranked_payoffs("stag-hunt"))
def test_stag_hunt_mixed_probability_is_the_published_formula(values: dict[str, int]) -> None:
    R, S, T, P = (values[k] for k in "RSTP")
    res = ag.solve(cat.stag_hunt(**values).at(exact=True), "nash")
    (mixed,) = [e for e in res if not e.is_pure]
    assert mixed["Row"]["C"] == F(P - S, R - T + P - S) == mixed["Column"]["C"]
    assert len(res) == 3


@pytest.mark.parametrize("name", ["prisoners-dilemma", "deadlock"])
def test_dominance_archetypes_have_a_unique_mixed_equilibrium(name: str) -> None:
    res = ag.solve(BUILDERS[name]().at(exact=True), "nash")
    assert len(res) == 1
    assert res.complete
    assert res[0]["Row"]["D"] == 1
    assert res[0]["Column"]["D"] == 1
    dom = ag.iterated_dominance(BUILDERS[name]().at(exact=True))
    assert dom.reduced_game.strategies == (("D",), ("D",))


@pytest.mark.parametrize(
    ("name", "bad", "rule"),
    [
        ("prisoners-dilemma", {"P": 4}, "T > R > P > S"),
        ("chicken", {"P": 0}, "T > R > S > P"),
        ("stag-hunt", {"T": 5}, "R > T > P > S"),
        ("deadlock", {"R": 3}, "T > P > R > S"),
    ],
)
def test_archetypes_refuse_payoffs_out_of_their_ranking(
    name: str, bad: dict[str, int], rule: str
) -> None:
    with pytest.raises(ag.GameError, match=rule.replace(">", ".")) as info:
        BUILDERS[name](**bad)
    key, value = next(iter(bad.items()))
    assert f"{key}={value}" in str(info.value)


def test_chicken_becomes_a_prisoners_dilemma_when_war_is_cheaper_than_backing_down() -> None:
    # Along P (the payoff of mutual firmness) the equilibria change exactly where P passes S:
    # below, Chicken's two pure equilibria; above, the Prisoner's Dilemma's (D, D).
    res = ag.thresholds(cat.chicken(), "P", lower=-20, upper=5, resolution=251)
    assert {round(t.value, 12) for t in res} == {-1.0}
    assert all(t.verified and t.method == "symbolic" for t in res)
    assert all(t.expression == sym("S") for t in res)
    assert all((t.below, t.above) == ("C", "D") for t in res)
    assert pure_profiles(cat.symmetric_2x2(0, -1, 1, -0.5).at()) == {("D", "D")}


PAIRINGS = {
    "deadlock-vs-chicken": ("deadlock", "chicken", ("D", "C")),
    "prisoners-dilemma-vs-chicken": ("prisoners-dilemma", "chicken", ("D", "C")),
    "deadlock-vs-prisoners-dilemma": ("deadlock", "prisoners-dilemma", ("D", "D")),
}


@pytest.mark.parametrize("name", list(PAIRINGS))
def test_asymmetric_pairings_of_snyder_and_diesing(name: str) -> None:
    row, column, outcome = PAIRINGS[name]
    game = ag.load_catalog(name)
    assert game.players == ("Challenger", "Defender")
    assert cat.classify_2x2(*(game.parameters[f"{k}1"].default for k in "RSTP")) == row
    assert cat.classify_2x2(*(game.parameters[f"{k}2"].default for k in "RSTP")) == column
    res = ag.solve(game.at(exact=True), "nash")
    assert len(res) == 1
    assert res.complete
    assert tuple(res[0].support(p)[0] for p in game.players) == outcome


@settings(max_examples=20)
@given(row=ranked_payoffs("deadlock"), column=ranked_payoffs("chicken"))
def test_bully_prevails_for_any_cardinal_payoffs(
    row: dict[str, int], column: dict[str, int]
) -> None:
    game = cat.asymmetric_crisis(
        "deadlock", "chicken", challenger_payoffs=row, defender_payoffs=column
    )
    assert pure_profiles(game.at(exact=True)) == {("D", "C")}


def test_asymmetric_crisis_errors_name_the_problem() -> None:
    with pytest.raises(ag.UnknownNameError, match="did you mean 'chicken'"):
        cat.asymmetric_crisis("deadlock", "chiken")
    with pytest.raises(ag.GameError, match="'Defender' as Chicken: needs T > R > S > P"):
        cat.asymmetric_crisis(defender_payoffs={"R": 3, "S": 1, "T": 4, "P": 2})
    with pytest.raises(ag.GameError, match="exactly the keys R, S, T, P"):
        cat.asymmetric_crisis(challenger_payoffs={"R": 1})


# ---------------------------------------------------------------------------------------------
# The 78 strictly ordinal 2x2 games (Rapoport & Guyer 1966)
# ---------------------------------------------------------------------------------------------


def _key(game: ag.NormalFormGame) -> tuple[int, ...]:
    return tuple(int(v) for v in game.exact_payoff_array().ravel())


def _orbit(game: ag.NormalFormGame) -> set[tuple[int, ...]]:
    """Every relabelling of a 2x2 game, made with the library's ``relabel``."""
    p1, p2 = game.players
    out = set()
    for order in ([p1, p2], [p2, p1]):
        for f1, f2 in itertools.product((False, True), repeat=2):
            flips = {
                p: list(reversed(s)) if f else list(s)
                for p, s, f in zip(game.players, game.strategies, (f1, f2), strict=True)
            }
            out.add(_key(game.relabel(players=order, strategies=flips)))
    return out


def _all_ordinal_games() -> set[tuple[int, ...]]:
    games = set()
    for r1 in itertools.permutations((1, 2, 3, 4)):
        for r2 in itertools.permutations((1, 2, 3, 4)):
            games.add((*r1, *r2))
    return games


def test_there_are_78_strictly_ordinal_2x2_games() -> None:
    reps = cat.ordinal_2x2_games()
    assert len(reps) == 78
    orbits = [_orbit(g) for g in reps]
    # The orbits are disjoint and together hold every one of the 4! * 4! = 576 games.
    assert sum(len(o) for o in orbits) == 576
    assert set().union(*orbits) == _all_ordinal_games()
    # 12 of them are symmetric: their orbit holds a game with B = A^T.
    symmetric = [
        o
        for o in orbits
        if any(np.array_equal(np.reshape(k[4:], (2, 2)), np.reshape(k[:4], (2, 2)).T) for k in o)
    ]
    assert len(symmetric) == 12
    # The four crisis archetypes are four different symmetric games.
    where = []
    for name, builder in BUILDERS.items():
        key = _key(builder(**cat.archetypes.ORDINAL[name]).at(exact=True))
        (k,) = [i for i, o in enumerate(orbits) if key in o]
        where.append(k)
        assert orbits[k] in symmetric
    assert len(set(where)) == 4


def test_burnside_count_of_relabelling_orbits_is_78() -> None:
    # An independent count: the average number of games fixed by each of the 8 relabellings.
    fixed = 0
    for swap, f1, f2 in itertools.product((False, True), repeat=3):
        for k in _all_ordinal_games():
            a, b = np.reshape(k[:4], (2, 2)), np.reshape(k[4:], (2, 2))
            a2, b2 = (b.T, a.T) if swap else (a, b)
            if f1:
                a2, b2 = a2[::-1], b2[::-1]
            if f2:
                a2, b2 = a2[:, ::-1], b2[:, ::-1]
            fixed += np.array_equal(a, a2) and np.array_equal(b, b2)
    assert fixed % 8 == 0
    assert fixed // 8 == len(cat.ordinal_2x2_games()) == 78


# =============================================================================================
# Snyder's alliance security dilemma
# =============================================================================================


def test_alliance_security_dilemma_threshold_is_the_abandonment_entrapment_trade_off() -> None:
    asd = cat.alliance_security_dilemma()
    res = ag.thresholds(asd, "L_A", lower=0, upper=20, resolution=200)
    # Firm support is dominant above the threshold: A switches whatever B does.
    assert sorted(t.where for t in res) == ["(B: Firm)", "(B: Weak)"]
    a_f, a_w, e_f, e_w, W = (sym(n) for n in ("a_firm", "a_weak", "e_firm", "e_weak", "W_A"))
    for t in res:
        assert (t.player, t.below, t.above) == ("A", "Weak", "Firm")
        assert sympy.simplify(t.expression - (e_f - e_w) * W / (a_w - a_f)) == 0
        assert t.value == pytest.approx(7.5)
        assert t.verified


def test_alliance_game_is_a_prisoners_dilemma_when_entrapment_fears_dominate() -> None:
    asd = cat.alliance_security_dilemma()

    def archetype(**values: Any) -> str | None:
        g = asd.at(**values)
        u = {
            k: float(g.payoff("A", {"A": a, "B": b}))
            for k, (a, b) in {
                "R": ("Firm", "Firm"),
                "S": ("Firm", "Weak"),
                "T": ("Weak", "Firm"),
                "P": ("Weak", "Weak"),
            }.items()
        }
        return cat.classify_2x2(**u)

    # Fear of abandonment dominates: firm support is dominant (a harmony game, no dilemma).
    assert pure_profiles(asd.at()) == {("Firm", "Firm")}
    # Entrapment fears dominate but support is valuable: Snyder's dilemma, a Prisoner's Dilemma.
    assert archetype(L_A=5, L_B=5) == "prisoners-dilemma"
    assert pure_profiles(asd.at(L_A=5, L_B=5)) == {("Weak", "Weak")}
    pd = asd.at(L_A=5, L_B=5)
    both_firm = pd.payoff("A", ("Firm", "Firm")), pd.payoff("B", ("Firm", "Firm"))
    both_weak = pd.payoff("A", ("Weak", "Weak")), pd.payoff("B", ("Weak", "Weak"))
    assert all(f > w for f, w in zip(both_firm, both_weak, strict=True))
    # ... and when support is worth little, a Deadlock: nothing to cooperate about.
    assert archetype(L_A=5, L_B=5, b_A=0.5, b_B=0.5) == "deadlock"


ASD = cat.alliance_security_dilemma()


@settings(max_examples=30)
@given(
    L=st.floats(0, 20),
    W=st.floats(0, 20),
    b=st.floats(0, 10),
    probs=st.lists(st.floats(0, 1), min_size=4, max_size=4, unique=True),
)
def test_firm_support_is_chosen_iff_it_removes_more_abandonment_than_entrapment_risk(
    L: float, W: float, b: float, probs: list[float]
) -> None:
    a_firm, a_weak = sorted(probs[:2])
    e_weak, e_firm = sorted(probs[2:])
    margin = (a_weak - a_firm) * L - (e_firm - e_weak) * W
    assume(abs(margin) > 1e-4)
    point = {"a_firm": a_firm, "a_weak": a_weak, "e_firm": e_firm, "e_weak": e_weak}
    (profile,) = pure_profiles(ASD.at(L_A=L, W_A=W, b_A=b, **point))
    assert profile[0] == ("Firm" if margin > 0 else "Weak")


def test_alliance_security_dilemma_checks_the_inverse_risks() -> None:
    with pytest.raises(ag.GameError, match="a_firm < a_weak"):
        cat.alliance_security_dilemma(a_firm=0.6)
    with pytest.raises(ag.GameError, match="e_firm > e_weak"):
        cat.alliance_security_dilemma(e_weak=0.5)
    with pytest.raises(ag.GameError, match="a_weak is a probability"):
        cat.alliance_security_dilemma(a_weak=1.5)


# =============================================================================================
# Zagare & Kilgour: asymmetric deterrence with an uncertain defender
# =============================================================================================


def test_asymmetric_deterrence_tree_has_the_published_form() -> None:
    game = cat.asymmetric_deterrence()
    assert isinstance(game.root, ag.Chance)
    assert game.root.outcomes == ("Hard", "Soft")
    assert [str(p) for p in game.chance_probabilities[0]] == ["p_B", "1 - p_B"]
    challenger, defender = game.infosets
    assert [(s.label, len(s.nodes)) for s in challenger] == [("Challenger", 2)]
    assert [(s.label, len(s.nodes)) for s in defender] == [
        ("Defender (Hard)", 1),
        ("Defender (Soft)", 1),
    ]
    assert not game.is_perfect_information
    assert game.has_perfect_recall
    with pytest.raises(ag.GameError, match="perfect information"):
        ag.backward_induction(game.at())


def test_credibility_threshold_through_the_reduced_normal_form() -> None:
    game = cat.asymmetric_deterrence()
    nf = game.to_normal_form()
    # Moving last and knowing its type, the defender resists if Hard and concedes if Soft:
    # every other plan is weakly dominated.
    dom = ag.iterated_dominance(nf.at(exact=True), weak=True)
    assert dom.reduced_game.strategies[1] == ("Resist/Concede",)
    credible = dom.reduced_game.strategies[1][0]
    # The challenger's expected payoff from a challenge against that plan ...
    p, a_dc, a_dd, a_sq = sym("p_B"), sym("a_DC"), sym("a_DD"), sym("a_SQ")
    challenge = nf.payoff("Challenger", {"Challenger": "Challenge", "Defender": credible})
    assert sympy.simplify(challenge - (p * a_dd + (1 - p) * a_dc)) == 0
    # ... equals the status quo's at the credibility threshold p* = (a_DC - a_SQ)/(a_DC - a_DD).
    found = [
        t
        for t in ag.thresholds(nf, "p_B", resolution=400)
        if t.player == "Challenger" and t.where == f"(Defender: {credible})"
    ]
    assert len(found) == 1
    (t,) = found
    assert sympy.simplify(t.expression - (a_dc - a_sq) / (a_dc - a_dd)) == 0
    assert t.value == pytest.approx(0.25)
    assert t.verified
    assert (t.below, t.above) == ("Challenge", "Status quo")


DETERRENCE_NF = cat.asymmetric_deterrence().to_normal_form()


@settings(max_examples=25)
@given(
    a=st.lists(st.integers(-10, 10), min_size=3, max_size=3, unique=True),
    p=st.fractions(0, 1, max_denominator=40),
)
def test_challenger_is_deterred_iff_credibility_exceeds_the_threshold(
    a: list[int], p: Fraction
) -> None:
    a_dd, a_sq, a_dc = sorted(a)
    threshold = F(a_dc - a_sq, a_dc - a_dd)
    assume(p != threshold and 0 < p < 1)
    nf = DETERRENCE_NF.at(exact=True, p_B=p, a_DD=a_dd, a_SQ=a_sq, a_DC=a_dc)
    dom = ag.iterated_dominance(nf, weak=True)
    assert dom.reduced_game.strategies == (
        ("Status quo",) if p > threshold else ("Challenge",),
        ("Resist/Concede",),
    )


def test_asymmetric_deterrence_checks_preferences() -> None:
    with pytest.raises(ag.GameError, match="a_DD < a_SQ < a_DC"):
        cat.asymmetric_deterrence(a_DD=2)
    with pytest.raises(ag.GameError, match="b_DD_soft < b_DC < b_DD_hard"):
        cat.asymmetric_deterrence(b_DD_hard=-3)
    with pytest.raises(ag.GameError, match="p_B is a probability"):
        cat.asymmetric_deterrence(p_B=1.2)


# =============================================================================================
# Alliances as costly signals (Morrow 1994; Fearon 1997)
# =============================================================================================

SEPARATING = ("Pact/Intervene/No pact/Abandon", "Hold/Strike")
POOLING = ("Pact/Intervene/Pact/Intervene", "Hold/Strike")


def test_alliance_signal_tree_has_the_published_form() -> None:
    game = cat.alliance_signal()
    assert isinstance(game.root, ag.Chance)
    assert game.root.outcomes == ("High", "Low")
    patron, challenger = game.infosets
    assert [(s.label, len(s.nodes)) for s in challenger] == [
        ("Challenger after Pact", 2),
        ("Challenger after No pact", 2),
    ]
    assert all(len(s.nodes) == 1 for s in patron)
    assert len(patron) == 6
    assert game.has_perfect_recall
    assert game.to_normal_form().shape == (16, 4)


def test_sinking_costs_separate_the_types_iff_v_L_le_s_le_k_I() -> None:
    nf = cat.alliance_signal(r=0).to_normal_form()  # v_L = 2, k_I = 5
    inside = [s for s in (0.5, 1.5, 2.5, 4.5, 6.0) if 2 <= s <= 5]
    for s in (0.5, 1.5, 2.5, 4.5, 6.0):
        assert (SEPARATING in pure_profiles(nf.at(s=s))) == (s in inside), s
    # Fix each type's last move at its sequentially rational choice (with r = 0 the high type
    # intervenes and the low type abandons) and let thresholds() find where separation starts
    # and stops paying.
    rational = [
        k
        for k, plan in enumerate(nf.strategies[0])
        if plan.split("/")[1::2] == ["Intervene", "Abandon"]
    ]
    assert len(rational) == 4
    sub = ag.NormalFormGame(
        nf.payoffs[:, rational, :],
        nf.players,
        [[nf.strategies[0][k] for k in rational], nf.strategies[1]],
        nf.parameters,
    )
    found = {
        (round(t.value, 9), str(t.expression), t.verified)
        for t in ag.thresholds(sub, "s", lower=0, upper=8, resolution=80)
        if t.where == "(Challenger: Hold/Strike)" and SEPARATING[0] in (t.below, t.above)
    }
    assert found == {(2.0, "v_L", True), (5.0, "k_I", True)}
    # With weakly dominated plans removed, the separating profile is the only one left.
    dom = ag.iterated_dominance(nf.at(exact=True, s=3), weak=True, mixed=False)
    assert dom.reduced_game.strategies == ((SEPARATING[0],), (SEPARATING[1],))


@pytest.mark.parametrize("gap", [F(-1, 2), F(1, 2)])
def test_tying_hands_makes_the_low_types_pact_credible_iff_r_ge_k_I_minus_v_L(gap: F) -> None:
    game = cat.alliance_signal(s=0)
    r = game.parameters["k_I"].default - game.parameters["v_L"].default + gap
    dom = ag.iterated_dominance(game.to_normal_form().at(exact=True, r=r), weak=True, mixed=False)
    patron = dom.reduced_game.strategies[0]
    if gap > 0:  # both types sign and would intervene: the pact deters the challenger
        assert dom.reduced_game.strategies == ((POOLING[0],), (POOLING[1],))
    else:  # the low type's threat to intervene under a pact is not credible
        assert POOLING[0] not in patron
        assert all(p.split("/")[2:] != ["Pact", "Intervene"] for p in patron)


def test_alliance_signal_checks_the_type_ordering() -> None:
    with pytest.raises(ag.GameError, match="v_L < k_I < v_H"):
        cat.alliance_signal(k_I=20)
    with pytest.raises(ag.GameError, match="s is a cost"):
        cat.alliance_signal(s=-1)


# =============================================================================================
# Benson's probabilistic commitment
# =============================================================================================


def benson_regions(w_C: float, d_C: float, h: float, L: float, m: float) -> list[float]:
    return [w_C / d_C, (w_C + h) / d_C, L / m]


def test_probabilistic_commitment_deters_without_emboldening_in_a_band_of_q() -> None:
    game = cat.probabilistic_commitment()  # q1 = 0.4, q2 = 0.6, L/m = 0.5
    q = np.array([0.1, 0.39, 0.41, 0.49, 0.51, 0.59, 0.61, 0.9])
    labels = ag.backward_induction_batch(game, q=q).labels().tolist()
    assert labels == [
        "Protege:Restrain → Challenger:Strike",
        "Protege:Restrain → Challenger:Strike",
        "Protege:Restrain → Challenger:Not strike",
        "Protege:Restrain → Challenger:Not strike",
        "Protege:Provoke → Challenger:Strike",
        "Protege:Provoke → Challenger:Strike",
        "Protege:Provoke → Challenger:Not strike",
        "Protege:Provoke → Challenger:Not strike",
    ]


def test_benson_thresholds_in_q_are_found_exactly() -> None:
    res = ag.thresholds(cat.probabilistic_commitment(), "q")
    w_C, d_C, h, L, m = (sym(n) for n in ("w_C", "d_C", "h", "L", "m"))
    found = [(t.player, t.where, t.below, t.above, t.expression) for t in res]
    assert found == [
        ("Challenger", "Challenger after Restrain", "Strike", "Not strike", w_C / d_C),
        ("Protege", "Protege", "Restrain", "Provoke", L / m),
        ("Challenger", "Challenger after Provoke", "Strike", "Not strike", (w_C + h) / d_C),
    ]
    assert [t.value for t in res] == pytest.approx([0.4, 0.5, 0.6])
    assert all(t.verified for t in res)


@settings(max_examples=25)
@given(
    w_C=st.floats(0.5, 3),
    d_C=st.floats(4, 8),
    h=st.floats(0.1, 2),
    L=st.floats(0.5, 4),
    m=st.floats(1, 8),
    q=st.floats(0, 1),
)
def test_benson_regions_match_the_derived_thresholds(
    w_C: float, d_C: float, h: float, L: float, m: float, q: float
) -> None:
    q1, q2, q3 = benson_regions(w_C, d_C, h, L, m)
    assume(min(abs(q - x) for x in (q1, q2, q3)) > 1e-4)
    game = cat.probabilistic_commitment(w_C=w_C, d_C=d_C, h=h, L=L, m=m)
    choice = ag.backward_induction_batch(game, q=q).choices_at()
    strike_restrained = q < q1
    strike_provoker = q < q2
    assert choice["Challenger after Restrain"] == ("Strike" if strike_restrained else "Not strike")
    assert choice["Challenger after Provoke"] == ("Strike" if strike_provoker else "Not strike")
    if strike_restrained:  # struck either way: the protégé is indifferent and keeps the first
        assert choice["Protege"] == "Restrain"
    elif strike_provoker:  # provoking brings a strike worth -L + q m
        assert choice["Protege"] == ("Provoke" if q > q3 else "Restrain")
    else:  # emboldened: provocation goes unpunished
        assert choice["Protege"] == "Provoke"


# =============================================================================================
# Ally reliability (Smith 1995; Leeds 2003)
# =============================================================================================


def test_attack_probability_falls_linearly_in_ally_reliability() -> None:
    game = cat.ally_reliability()  # W_T = 6, W_TA = 2, C_bar = 8, 8 cost types
    q = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    res = ag.backward_induction_batch(game, q=q)
    attack = res.terminal_probability[:, terminal_mask(game, "Challenger", "Attack")].sum(axis=1)
    # Smith (1995): P(attack) = (q W_TA + (1 - q) W_T) / C_bar, exact at these points.
    np.testing.assert_allclose(attack, (q * 2 + (1 - q) * 6) / 8, atol=1e-12)
    fine = np.linspace(0, 1, 101)
    res = ag.backward_induction_batch(game, q=fine)
    p = res.terminal_probability[:, terminal_mask(game, "Challenger", "Attack")].sum(axis=1)
    assert np.all(np.diff(p) <= 1e-12)
    assert p[0] > p[-1]


def test_each_cost_types_attack_decision_flips_where_reliability_makes_it_unprofitable() -> None:
    res = ag.thresholds(cat.ally_reliability(), "q")
    W_T, W_TA, C_bar = sym("W_T"), sym("W_TA"), sym("C_bar")
    # Type k (cost C_bar (2k - 1) / 16) stops attacking at q = (W_T - cost) / (W_T - W_TA).
    assert [t.where for t in res] == [f"Challenger (cost {k} of 8)" for k in (6, 5, 4, 3)]
    for t in res:
        k = int(t.where.split()[2])
        cost = C_bar * (2 * k - 1) / 16
        assert sympy.simplify(t.expression - (W_T - cost) / (W_T - W_TA)) == 0
        assert (t.below, t.above) == ("Attack", "No attack")
    assert [t.value for t in res] == pytest.approx([0.125, 0.375, 0.625, 0.875])


# =============================================================================================
# Brinkmanship
# =============================================================================================


@settings(max_examples=25)
@given(
    v=st.lists(st.floats(0.1, 5), min_size=2, max_size=2),
    N=st.lists(st.floats(1, 20), min_size=2, max_size=2),
    r=st.floats(0, 1),
)
def test_escalation_succeeds_iff_risk_lies_between_the_two_resolves(
    v: list[float], N: list[float], r: float
) -> None:
    v_D, v_C = v
    N_D, N_C = N
    low, high = v_C / N_C, v_D / N_D
    assume(min(abs(r - low), abs(r - high)) > 1e-4)
    game = cat.brinkmanship(v_D=v_D, N_D=N_D, v_C=v_C, N_C=N_C)
    label = ag.backward_induction_batch(game, r=r).labels().item()
    if low < r < high:
        assert label == "Defender:Escalate → Challenger:Back down"
    else:
        assert label == "Defender:Concede"


def test_brinkmanship_thresholds_are_the_two_resolves() -> None:
    res = ag.thresholds(cat.brinkmanship(), "r", induced=False)
    found = [(t.player, t.below, t.above, t.expression) for t in res]
    assert found == [
        ("Challenger", "Persist", "Back down", sym("v_C") / sym("N_C")),
        ("Defender", "Escalate", "Concede", sym("v_D") / sym("N_D")),
    ]
    assert [t.value for t in res] == pytest.approx([0.25, 0.5])


def test_the_least_risk_that_works_is_the_challengers_resolve() -> None:
    game = cat.brinkmanship()  # v_C / N_C = 0.25 < v_D / N_D = 0.5
    r = np.linspace(0, 1, 401)
    res = ag.backward_induction_batch(game, r=r)
    wins = res.labels() == "Defender:Escalate → Challenger:Back down"
    assert r[wins].min() == pytest.approx(0.25)
    assert r[wins].max() < 0.5
    best = r[np.argmax(res.payoffs[:, 0])]  # the defender's best risk
    assert best == pytest.approx(0.25)
    weaker = cat.brinkmanship(N_D=8)  # defender's resolve 1/8 < 1/4: it always concedes
    assert set(ag.backward_induction_batch(weaker, r=r).labels().tolist()) == {"Defender:Concede"}


# =============================================================================================
# Kydd's biased mediation
# =============================================================================================

TRUTHFUL = ("Say resolved/Say unresolved", "Concede/Resist")


def test_a_mediator_is_believed_only_if_biased_toward_iran() -> None:
    game = cat.biased_mediation()
    assert [(s.label, len(s.nodes)) for s in game.infosets[1]] == [
        ("Iran hears 'resolved'", 2),
        ("Iran hears 'unresolved'", 2),
    ]
    nf = game.to_normal_form()
    found = [
        t
        for t in ag.thresholds(nf, "beta", resolution=201)
        if t.player == "Mediator" and t.where == f"(Iran: {TRUTHFUL[1]})"
    ]
    assert found
    K, s_u, x, W = sym("K"), sym("sigma_U"), sym("x"), sym("W")
    for t in found:
        assert sympy.simplify(t.expression - K * s_u / (x - s_u * W + K * s_u)) == 0
        assert t.value == pytest.approx(0.5)
        assert t.verified
    assert TRUTHFUL in pure_profiles(nf.at(beta=0.6))
    assert TRUTHFUL not in pure_profiles(nf.at(beta=0.4))


MEDIATION_NF = cat.biased_mediation().to_normal_form()


@settings(max_examples=20)
@given(
    K=st.floats(1, 20),
    W=st.floats(5, 15),
    sigmas=st.tuples(st.floats(0.05, 0.3), st.floats(0.5, 0.9)),
    share=st.floats(0.05, 0.95),
    beta=st.floats(0, 1),
)
def test_truthful_mediation_iff_beta_exceeds_the_threshold(
    K: float, W: float, sigmas: tuple[float, float], share: float, beta: float
) -> None:
    s_u, s_r = sigmas
    x = s_u * W + share * (s_r - s_u) * W  # sigma_U W < x <= sigma_R W
    threshold = K * s_u / (x - s_u * W + K * s_u)
    assume(abs(beta - threshold) > 1e-4)
    nf = MEDIATION_NF.at(K=K, W=W, sigma_U=s_u, sigma_R=s_r, x=x, beta=beta)
    assert (TRUTHFUL in pure_profiles(nf)) == (beta > threshold)


def test_biased_mediation_checks_the_cost_of_conceding() -> None:
    with pytest.raises(ag.GameError, match=r"sigma_U\*W < x <= sigma_R\*W"):
        cat.biased_mediation(x=6)


# =============================================================================================
# Fearon's bargaining model
# =============================================================================================


def test_peace_exactly_on_the_bargaining_range() -> None:
    game = cat.fearon_bargaining()  # p = 0.5, c_A = c_B = 0.1: range [0.4, 0.6]
    x = np.array([0.0, 0.39, 0.4 + 1e-6, 0.5, 0.6 - 1e-6, 0.61, 1.0])
    labels = ag.backward_induction_batch(game, x=x).labels().tolist()
    assert labels == [
        "A:Attack",
        "A:Attack",
        "A:Demand → B:Accept",
        "A:Demand → B:Accept",
        "A:Demand → B:Accept",
        "A:Demand → B:Reject",
        "A:Demand → B:Reject",
    ]


def test_bargaining_range_endpoints_are_found_exactly() -> None:
    res = ag.thresholds(cat.fearon_bargaining(), "x")
    p, c_A, c_B = sym("p"), sym("c_A"), sym("c_B")
    found = [(t.player, t.below, t.above, t.expression) for t in res]
    assert found == [("A", "Attack", "Demand", p - c_A), ("B", "Accept", "Reject", p + c_B)]
    assert [t.value for t in res] == pytest.approx([0.4, 0.6])


def test_with_private_costs_each_type_accepts_up_to_its_war_value() -> None:
    res = ag.thresholds(cat.fearon_risk_return(n_types=4), "x")
    p, c_bar = sym("p"), sym("c_bar")
    rejections = [t for t in res if t.player == "B"]
    assert [t.where for t in rejections] == [f"B (cost {k} of 4)" for k in (1, 2, 3, 4)]
    for k, t in enumerate(rejections, start=1):
        assert sympy.simplify(t.expression - (p + c_bar * (2 * k - 1) / 8)) == 0
        assert (t.below, t.above) == ("Accept", "Reject")


@settings(max_examples=25)
@given(p=st.floats(0.1, 0.9), c_A=st.floats(0, 0.3), c_B=st.floats(0, 0.3), x=st.floats(0, 1))
def test_bargaining_range_for_any_power_and_costs(
    p: float, c_A: float, c_B: float, x: float
) -> None:
    assume(min(abs(x - (p - c_A)), abs(x - (p + c_B))) > 1e-4)
    game = cat.fearon_bargaining(p=p, c_A=c_A, c_B=c_B)
    label = ag.backward_induction_batch(game, x=x).labels().item()
    assert (label == "A:Demand → B:Accept") == (p - c_A < x < p + c_B)


RISK_RETURN = cat.fearon_risk_return(n_types=40)


@settings(max_examples=25)
@given(p=st.floats(0.1, 0.5), c_bar=st.floats(0.1, 0.4), share=st.floats(0, 0.95))
def test_risk_return_optimal_demand_and_war_probability(
    p: float, c_bar: float, share: float
) -> None:
    c_A = share * c_bar
    n = 40
    demands = p + c_bar * np.arange(n + 1) / n  # grid on which rejection odds are exact
    res = ag.backward_induction_batch(RISK_RETURN, x=demands, p=p, c_A=c_A, c_bar=c_bar)
    best = int(np.argmax(res.payoffs[:, 0]))
    x_star = p + (c_bar - c_A) / 2  # Fearon (1995)
    assert abs(demands[best] - x_star) <= c_bar / (2 * n) + 1e-9
    reject = terminal_mask(RISK_RETURN, "B", "Reject")
    war = res.terminal_probability[best, reject].sum()
    assert war == pytest.approx((demands[best] - p) / c_bar, abs=1e-9)
    assert abs(war - (c_bar - c_A) / (2 * c_bar)) <= 1 / (2 * n) + 1e-9


def test_risk_return_at_the_defaults() -> None:
    game = cat.fearon_risk_return()  # p = 0.5, c_A = 0.1, c_bar = 0.3, 30 types
    demands = 0.5 + 0.01 * np.arange(31)
    res = ag.backward_induction_batch(game, x=demands)
    best = int(np.argmax(res.payoffs[:, 0]))
    assert demands[best] == pytest.approx(0.6)
    war = res.terminal_probability[best, terminal_mask(game, "B", "Reject")].sum()
    assert war == pytest.approx(1 / 3)


def test_preventive_war_when_the_power_shift_outruns_what_can_be_offered() -> None:
    game = cat.preventive_war()  # p0 = 0.3, c_B = 0.05, delta = 0.9
    threshold = 0.3 + (1 - 0.9) * (0.3 + 0.05) / 0.9
    p1 = np.array([0.3, threshold - 1e-6, threshold + 1e-6, 0.9])
    labels = ag.backward_induction_batch(game, p1=p1).labels().tolist()
    assert labels == ["A:Offer → B:Accept"] * 2 + ["A:Offer → B:Fight"] * 2


def test_preventive_war_threshold_in_the_power_shift() -> None:
    res = ag.thresholds(cat.preventive_war(), "p1")
    (t,) = [t for t in res if t.player == "B"]
    p0, c_B, delta, x0 = sym("p0"), sym("c_B"), sym("delta"), sym("x0")
    expected = p0 + (1 - delta) * (p0 + c_B) / delta  # at x0 = 0
    assert sympy.simplify(t.expression.subs(x0, 0) - expected) == 0
    assert (t.below, t.above) == ("Accept", "Fight")
    assert t.value == pytest.approx(0.3 + 0.1 * 0.35 / 0.9)


@settings(max_examples=25)
@given(
    p0=st.floats(0.05, 0.6),
    shift=st.floats(0, 0.35),
    c_B=st.floats(0, 0.05),
    delta=st.floats(0.5, 0.98),
)
def test_preventive_war_condition(p0: float, shift: float, c_B: float, delta: float) -> None:
    p1 = p0 + shift
    gap = delta * (p1 - p0) - (1 - delta) * (p0 + c_B)  # Fearon (1995), Powell (2006)
    assume(abs(gap) > 1e-5)
    game = cat.preventive_war(p0=p0, p1=p1, c_B=c_B, delta=delta, c_A=0)
    choice = ag.backward_induction_batch(game).choices_at()
    assert choice["B after Offer"] == ("Fight" if gap > 0 else "Accept")


# =============================================================================================
# Raiffa's oil wildcatter
# =============================================================================================


def test_oil_wildcatter_values_through_decision_analysis() -> None:
    w = cat.WILDCATTER
    problem = DecisionProblem(w.states, w.prior, w.payoffs)
    assert problem.expected_value() == 20
    assert problem.best_action() == "Drill"
    assert problem.evpi() == 35
    assert problem.evsi(w.likelihoods) == F(25, 2)
    tree = cat.oil_wildcatter()
    assert rollback(tree.at()).value == pytest.approx(22.5)
    reference = problem.to_tree(w.likelihoods, w.test_cost)
    assert rollback(reference).value == pytest.approx(rollback(tree.at()).value)
    res = ag.backward_induction(tree.at(exact=True))
    assert len(res) == 1
    assert res[0].payoffs == {"Wildcatter": F(45, 2)}
    plan = res[0]["Wildcatter"]
    assert plan["test?"]["Test"] == 1
    assert plan["after a closed report"]["Drill"] == 1
    assert plan["after a open report"]["Drill"] == 1
    assert plan["after a diffuse report"]["Don't drill"] == 1


def test_the_tests_break_even_price_is_the_evsi() -> None:
    (t,) = ag.thresholds(cat.oil_wildcatter(), "test_cost", lower=0, upper=30)
    assert t.exact_value == sympy.Rational(25, 2)
    assert (t.where, t.below, t.above) == ("test?", "Test", "No test")


def test_the_test_is_worth_buying_iff_it_costs_less_than_the_evsi() -> None:
    tree = cat.oil_wildcatter()
    cost = np.array([0.0, 10.0, 12.5 - 1e-6, 12.5, 12.5 + 1e-6, 30.0])
    res = ag.backward_induction_batch(tree, test_cost=cost)
    first = [res.choices_at(k)["test?"] for k in range(len(cost))]
    assert first == ["Test", "Test", "Test", "No test", "No test", "No test"]
    np.testing.assert_allclose(res.payoffs[:, 0], np.maximum(20, 32.5 - cost))


# =============================================================================================
# The registry
# =============================================================================================


def test_every_catalog_entry_builds_and_documents_its_parameters() -> None:
    entries = ag.catalog()
    assert len(entries) == len(set(entries)) >= 18
    for name, entry in entries.items():
        assert name == entry.name
        assert name == name.lower()
        assert " " not in name
        game = ag.load_catalog(name)
        assert game is not None
        assert game.title
        form = "normal form" if isinstance(game, ag.NormalFormGame) else "extensive form"
        assert entry.form == form, name
        assert entry.references
        assert all(any(c.isdigit() for c in r) for r in entry.references)
        for p in game.parameters:
            assert p.default is not None, (name, p.name)
            assert p.description, (name, p.name)
        for alias in entry.aliases:
            assert ag.load_catalog(alias) == game


def test_load_catalog_passes_values_to_the_builder_and_names_unknown_models() -> None:
    assert ag.load_catalog("chicken", P=-5).parameters["P"].default == -5
    assert ag.load_catalog("bully") == cat.asymmetric_crisis("deadlock", "chicken")
    with pytest.raises(ag.UnknownNameError, match="did you mean 'brinkmanship'") as info:
        ag.load_catalog("brinksmanship")
    assert isinstance(info.value, KeyError)
    with pytest.raises(ag.GameError, match="T > R > S > P"):
        ag.load_catalog("chicken", P=2)


@pytest.mark.parametrize("name", list(ag.catalog()))
def test_every_catalog_game_solves_at_its_defaults(name: str) -> None:
    game = ag.load_catalog(name)
    if isinstance(game, ag.NormalFormGame):
        res = ag.solve(game.at(), "pure")
    elif game.is_perfect_information:
        res = ag.backward_induction(game.at())
    else:
        res = ag.solve(game.to_normal_form().at(), "pure")
    assert len(res) >= 1
