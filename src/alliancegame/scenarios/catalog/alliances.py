"""Models of alliance politics: the alliance security dilemma, alliances as costly signals,
probabilistic commitment, and ally reliability.

Alliance security dilemma (Snyder 1984)
---------------------------------------
Two allies each support the other **Firmly** or **Weakly**. Snyder's dilemma is that the two risks
of alliance politics vary inversely: firm support reassures the partner and so lowers the risk of
being *abandoned* (the partner realigns or fails to help), but it emboldens the partner and so
raises the risk of being *entrapped* in the partner's quarrels; weak support does the reverse. With
abandonment probabilities ``a_firm < a_weak`` (given one's own support), entrapment probabilities
``e_firm > e_weak``, losses ``L_i`` (abandoned) and ``W_i`` (entrapped), and a value ``b_i`` of
the partner's firm support now, ally *i*'s payoff is

.. math:: u_i(s_i, s_j) = b_i [s_j = \\text{Firm}] - a(s_i) L_i - e(s_i) W_i .

Firm support is then a dominant strategy for *i* exactly when the abandonment risk it removes is
worth more than the entrapment risk it adds:

.. math:: (a_\\text{weak} - a_\\text{firm}) L_i > (e_\\text{firm} - e_\\text{weak}) W_i
          \\iff L_i > L_i^* = \\frac{(e_\\text{firm} - e_\\text{weak}) W_i}
                                    {a_\\text{weak} - a_\\text{firm}} .

When entrapment fears dominate (:math:`\\Delta_i = (e_\\text{firm} - e_\\text{weak}) W_i -
(a_\\text{weak} - a_\\text{firm}) L_i > 0`) but the partner's support is worth more than that
(:math:`b_i > \\Delta_i`), the alliance game is a Prisoner's Dilemma: both support weakly, although
both would be better off supporting firmly — Snyder's security dilemma within the alliance. When
abandonment fears dominate both allies support firmly (the 1914 pattern Snyder describes for
multipolar systems).

Alliance as a costly signal (Morrow 1994; Fearon 1997)
------------------------------------------------------
Nature draws the patron's stake in its protégé: high ``v_H`` (probability ``pi``) or low ``v_L``,
with ``v_L < k_I < v_H`` where ``k_I`` is the cost of intervening. The patron, knowing its type,
signs a pact or not; a pact costs ``s`` at once (*sinking costs*) and ``r`` if the patron later
abandons (*tying hands*). The challenger sees the choice, not the type, and strikes or holds;
after a strike the patron intervenes (``-k_I``) or abandons (``-v``, and ``-r`` under a pact).
The challenger gets 0 holding, ``-h`` if the patron intervenes and ``g`` if it abandons.

The high type always intervenes; the low type abandons without a pact and, under a pact,
intervenes iff ``r >= k_I - v_L`` — tying hands makes its threat credible. With sinking costs only
(``r = 0``) the pact *separates* the types — the high type signs, the low type does not, and the
challenger strikes only the unallied — iff ``v_L <= s <= k_I``: the pact costs more than the low
type's stake but less than what the high type saves by deterring.

Probabilistic commitment (Benson 2012)
--------------------------------------
A patron publicly commits to intervene with probability ``q``. The protégé restrains itself or
provokes the challenger; the challenger then strikes or not. The challenger strikes a restrained
protégé iff ``q < w_C / d_C`` and a provocative one iff ``q < (w_C + h) / d_C``; a protégé that
knows it will be struck for provoking provokes iff ``q > L / m``. Commitments in the band
``w_C / d_C < q < min((w_C + h) / d_C, L / m)`` deter the challenger without emboldening the
protégé; stronger commitments embolden it (moral hazard), and weaker ones fail to deter.

Ally reliability (Smith 1995; Leeds 2003)
-----------------------------------------
A challenger with private cost ``c ~ U[0, C_bar]`` decides whether to attack a target whose ally
intervenes with probability ``q`` (its reliability, common knowledge). Attacking is worth ``W_TA``
if the ally intervenes and ``W_T > W_TA`` if it stays out, so the challenger attacks iff
``c < V(q) = q W_TA + (1 - q) W_T`` and the probability of attack is ``V(q) / C_bar`` (for
``0 <= V <= C_bar``): it falls linearly in the ally's reliability, with slope
``-(W_T - W_TA) / C_bar``. The cost distribution is represented by ``n_types`` equally likely
types at the midpoints of ``n_types`` equal cells; the attack probability is then exact whenever
``V(q) * n_types / C_bar`` is a whole number.

References
----------
Snyder, G. H. (1984). The security dilemma in alliance politics. *World Politics* 36(4), 461–495.
Morrow, J. D. (1994). Alliances, credibility, and peacetime costs. *Journal of Conflict
Resolution* 38(2), 270–297.
Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus sinking costs.
*Journal of Conflict Resolution* 41(1), 68–90.
Benson, B. V. (2012). *Constructing International Security: Alliances, Deterrence, and Moral
Hazard*. Cambridge University Press.
Fang, S., Johnson, J. C. and Leeds, B. A. (2014). To concede or to resist? The restraining effect
of military alliances. *International Organization* 68(4), 775–809.
Smith, A. (1995). Alliance formation and war. *International Studies Quarterly* 39(4), 405–425.
Leeds, B. A. (2003). Do alliances deter aggression? The influence of military alliances on the
initiation of militarized interstate disputes. *American Journal of Political Science* 47(3),
427–439.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ...core.errors import GameError
from ...core.expr import Number
from ...games.extensive import ExtensiveGame, Node, chance, decision, terminal
from ...games.normal import NormalFormGame
from ._common import check_between, check_players, check_probability, parameter

__all__ = [
    "alliance_security_dilemma",
    "alliance_signal",
    "ally_reliability",
    "probabilistic_commitment",
]

_SNYDER = ("Snyder (1984), The security dilemma in alliance politics, World Politics 36(4)",)
_SIGNAL = (
    "Morrow (1994), Alliances, credibility, and peacetime costs, JCR 38(2)",
    "Fearon (1997), Signaling foreign policy interests, JCR 41(1)",
)
_BENSON = ("Benson (2012), Constructing International Security, Cambridge UP",)
_SMITH = (
    "Smith (1995), Alliance formation and war, ISQ 39(4)",
    "Leeds (2003), Do alliances deter aggression?, AJPS 47(3)",
)


def alliance_security_dilemma(
    b_A: Number = 4,
    b_B: Number = 4,
    L_A: Number = 10,
    L_B: Number = 10,
    W_A: Number = 10,
    W_B: Number = 10,
    a_firm: Number = 0.1,
    a_weak: Number = 0.5,
    e_firm: Number = 0.4,
    e_weak: Number = 0.1,
    *,
    players: Sequence[str] = ("A", "B"),
) -> NormalFormGame:
    """Snyder's (1984) alliance security dilemma: support an ally firmly or weakly.

    Each ally's payoff is ``b_i [partner Firm] - a(own) L_i - e(own) W_i`` (see the module notes):
    firm support lowers the risk of abandonment (``a_firm < a_weak``) and raises the risk of
    entrapment (``e_firm > e_weak``). Firm support is dominant for ally *i* iff
    ``L_i > (e_firm - e_weak) W_i / (a_weak - a_firm)``; at the defaults that threshold is 7.5
    and both allies support firmly. When entrapment fears dominate but ``b_i`` exceeds the net
    cost of firmness, the game is a Prisoner's Dilemma.

    Parameters
    ----------
    b_A, b_B : number
        Value to each ally of its partner's firm support in the present crisis.
    L_A, L_B : number
        Each ally's loss if abandoned by its partner.
    W_A, W_B : number
        Each ally's loss if entrapped in its partner's war.
    a_firm, a_weak : number
        Probability of being abandoned after one's own firm / weak support (``a_firm < a_weak``).
    e_firm, e_weak : number
        Probability of being entrapped after one's own firm / weak support (``e_firm > e_weak``).
    players : sequence of two str
        The allies' names.

    Returns
    -------
    NormalFormGame
        Strategies ``("Firm", "Weak")`` for both allies.

    Raises
    ------
    GameError
        If a probability is outside [0, 1] or the risks do not vary inversely.

    Examples
    --------
    >>> import alliancegame as ag
    >>> asd = alliance_security_dilemma()
    >>> ag.solve(asd.at(), "pure")[0].describe()
    'A: Firm | B: Firm ; payoffs A=-1, B=-1'
    >>> ag.solve(asd.at(L_A=5, L_B=5), "pure")[0].describe()
    'A: Weak | B: Weak ; payoffs A=-3.5, B=-3.5'
    """
    where = "alliance_security_dilemma"
    names = check_players(where, players, 2)
    check_probability(where, a_firm=a_firm, a_weak=a_weak, e_firm=e_firm, e_weak=e_weak)
    check_between(
        where,
        "a_firm < a_weak (firm support lowers the risk of abandonment)",
        a_firm < a_weak,
        a_firm=a_firm,
        a_weak=a_weak,
    )
    check_between(
        where,
        "e_firm > e_weak (firm support raises the risk of entrapment)",
        e_firm > e_weak,
        e_firm=e_firm,
        e_weak=e_weak,
    )
    params = []
    for i, tag in ((0, "A"), (1, "B")):
        who = names[i]
        params += [
            parameter(
                f"b_{tag}",
                (b_A, b_B)[i],
                0,
                description=f"value to {who} of its partner's firm support now",
                sources=_SNYDER,
            ),
            parameter(
                f"L_{tag}",
                (L_A, L_B)[i],
                0,
                description=f"{who}'s loss if abandoned (the partner realigns or fails to help)",
                sources=_SNYDER,
            ),
            parameter(
                f"W_{tag}",
                (W_A, W_B)[i],
                0,
                description=f"{who}'s loss if entrapped in its partner's war",
                sources=_SNYDER,
            ),
        ]
    for name, value, text in (
        ("a_firm", a_firm, "probability of being abandoned after supporting firmly"),
        ("a_weak", a_weak, "probability of being abandoned after supporting weakly"),
        ("e_firm", e_firm, "probability of being entrapped after supporting firmly"),
        ("e_weak", e_weak, "probability of being entrapped after supporting weakly"),
    ):
        params.append(
            parameter(name, value, 0, 1, unit="probability", description=text, sources=_SNYDER)
        )

    def u(tag: str, own: str, partner: str) -> str:
        risk = f"- a_{own}*L_{tag} - e_{own}*W_{tag}"
        return f"b_{tag} {risk}" if partner == "firm" else risk

    moves = ("firm", "weak")
    pay_a = [[u("A", x, y) for y in moves] for x in moves]
    pay_b = [[u("B", y, x) for y in moves] for x in moves]
    return NormalFormGame(
        [pay_a, pay_b],
        names,
        [("Firm", "Weak"), ("Firm", "Weak")],
        params,
        "Alliance security dilemma (Snyder 1984)",
    )


def alliance_signal(
    pi: Number = 0.3,
    v_H: Number = 12,
    v_L: Number = 2,
    k_I: Number = 5,
    s: Number = 3,
    r: Number = 0,
    h: Number = 4,
    g: Number = 2,
    *,
    players: Sequence[str] = ("Patron", "Challenger"),
) -> ExtensiveGame:
    """An alliance as a costly signal of the patron's stake (Morrow 1994; Fearon 1997).

    Nature draws the patron's type (``High`` with probability ``pi``); the patron signs a pact or
    not; the challenger, seeing only that choice (one information set per signal), strikes or
    holds; after a strike the patron intervenes or abandons. A pact costs ``s`` up front (sinking
    costs) and ``r`` on abandoning (tying hands). With ``r = 0`` the types separate — only the high
    type signs, and only the unallied protégé is struck — iff ``v_L <= s <= k_I``; the low type's
    pact is credible iff ``r >= k_I - v_L``.

    Parameters
    ----------
    pi : number
        Prior probability that the patron's stake is high.
    v_H, v_L : number
        The patron's stake in the protégé, by type (``v_L < k_I < v_H``).
    k_I : number
        The patron's cost of intervening.
    s : number
        Up-front cost of a pact (sinking costs).
    r : number
        Cost of abandoning a protégé under a pact (tying hands: audience and reputation costs).
    h : number
        The challenger's loss when the patron intervenes.
    g : number
        The challenger's gain when the patron abandons.
    players : sequence of two str
        Names of the patron and the challenger.

    Returns
    -------
    ExtensiveGame
        Chance at the root; the challenger's information sets ``"Challenger after Pact"`` and
        ``"Challenger after No pact"`` each hold one node per patron type.

    Raises
    ------
    GameError
        Unless ``v_L < k_I < v_H``, ``0 <= pi <= 1`` and the costs are non-negative.

    Examples
    --------
    >>> g = alliance_signal()
    >>> [i.label for i in g.infosets[1]]
    ['Challenger after Pact', 'Challenger after No pact']
    >>> g.to_normal_form().shape
    (16, 4)
    """
    where = "alliance_signal"
    patron, challenger = check_players(where, players, 2)
    check_probability(where, pi=pi)
    check_between(where, "v_L < k_I < v_H", v_L < k_I < v_H, v_L=v_L, k_I=k_I, v_H=v_H)
    for name, value in (("s", s), ("r", r), ("h", h), ("g", g)):
        if value < 0:
            raise GameError(f"{where}: {name} is a cost or gain and must be >= 0, got {value}")
    params = [
        parameter(
            "pi",
            pi,
            0,
            1,
            unit="probability",
            description="prior probability that the patron's stake is high",
            sources=_SIGNAL,
        ),
        parameter(
            "v_H", v_H, 0, description="the high type's stake in its protégé", sources=_SIGNAL
        ),
        parameter(
            "v_L", v_L, 0, description="the low type's stake in its protégé", sources=_SIGNAL
        ),
        parameter("k_I", k_I, 0, description="the patron's cost of intervening", sources=_SIGNAL),
        parameter(
            "s", s, 0, description="up-front cost of a pact (sinking costs)", sources=_SIGNAL
        ),
        parameter(
            "r",
            r,
            0,
            description="cost of abandoning a protégé under a pact (tying hands)",
            sources=_SIGNAL,
        ),
        parameter("h", h, 0, description="the challenger's loss if the patron intervenes"),
        parameter("g", g, 0, description="the challenger's gain if the patron abandons"),
    ]

    def after_signal(kind: str, stake: str, pact: bool) -> Node:
        sig = "Pact" if pact else "No pact"
        cost = "-s - " if pact else "-"
        fine = " - r" if pact else ""
        respond = decision(
            patron,
            {
                "Intervene": terminal(f"{cost}k_I", "-h"),
                "Abandon": terminal(f"{cost}{stake}{fine}", "g"),
            },
            infoset=f"{patron} ({kind}) after {sig}, Strike",
        )
        moves: dict[str, Node] = {"Hold": terminal("-s" if pact else 0, 0), "Strike": respond}
        return decision(challenger, moves, infoset=f"{challenger} after {sig}")

    def patron_node(kind: str, stake: str) -> Node:
        return decision(
            patron,
            {"Pact": after_signal(kind, stake, True), "No pact": after_signal(kind, stake, False)},
            infoset=f"{patron} ({kind})",
        )

    root = chance(
        {"High": ("pi", patron_node("High", "v_H")), "Low": ("1 - pi", patron_node("Low", "v_L"))}
    )
    return ExtensiveGame(
        [patron, challenger], root, params, "Alliance as a costly signal (Morrow 1994; Fearon 1997)"
    )


def probabilistic_commitment(
    q: Number = 0.45,
    w_C: Number = 2,
    d_C: Number = 5,
    h: Number = 1,
    g: Number = 1,
    L: Number = 3,
    m: Number = 6,
    *,
    players: Sequence[str] = ("Protege", "Challenger"),
) -> ExtensiveGame:
    """Benson's (2012) probabilistic commitment: deterrence versus emboldening in ``q``.

    The patron commits to intervene with probability ``q``. The protégé restrains or provokes; the
    challenger, having seen it, strikes or not. At the defaults the challenger is deterred from
    striking a restrained protégé for ``q > 0.4`` and a provocative one for ``q > 0.6``, and a
    protégé that would be struck provokes for ``q > 0.5``: commitments with ``0.4 < q < 0.5``
    deter without emboldening.

    Parameters
    ----------
    q : number
        Probability that the patron intervenes (the strength of its commitment).
    w_C : number
        The challenger's gain from striking an undefended protégé.
    d_C : number
        The challenger's loss when the patron intervenes (its strike is worth ``w_C - q d_C``).
    h : number
        The challenger's cost of letting a provocation pass.
    g : number
        The protégé's gain from an unpunished provocation.
    L : number
        The protégé's loss when struck.
    m : number
        What the patron's intervention saves the protégé (a strike costs it ``-L + q m``).
    players : sequence of two str
        Names of the protégé and the challenger.

    Returns
    -------
    ExtensiveGame
        A tree of perfect information; ties go to the first action (``Restrain``,
        ``Not strike``).

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = probabilistic_commitment()
    >>> ag.backward_induction(g.at())[0].describe()
    'Protege: Restrain → Challenger: Not strike ; payoffs Protege=0, Challenger=0'
    >>> ag.backward_induction(g.at(q=0.55))[0].describe()
    'Protege: Provoke → Challenger: Strike ; payoffs Protege=0.3, Challenger=-0.75'
    """
    where = "probabilistic_commitment"
    protege, challenger = check_players(where, players, 2)
    check_probability(where, q=q)
    for name, value in (("w_C", w_C), ("d_C", d_C), ("h", h), ("g", g), ("L", L), ("m", m)):
        if value < 0:
            raise GameError(f"{where}: {name} must be >= 0, got {value}")
    params = [
        parameter(
            "q",
            q,
            0,
            1,
            unit="probability",
            description="probability that the patron intervenes (its commitment)",
            sources=_BENSON,
        ),
        parameter("w_C", w_C, 0, description="challenger's gain from striking", sources=_BENSON),
        parameter(
            "d_C", d_C, 0, description="challenger's loss if the patron intervenes", sources=_BENSON
        ),
        parameter("h", h, 0, description="challenger's cost of tolerating a provocation"),
        parameter("g", g, 0, description="protégé's gain from an unpunished provocation"),
        parameter("L", L, 0, description="protégé's loss when struck"),
        parameter("m", m, 0, description="what the patron's intervention saves the protégé"),
    ]
    struck = "-L + q*m"
    strike = "w_C - q*d_C"
    root = decision(
        protege,
        {
            "Restrain": decision(
                challenger,
                {"Not strike": terminal(0, 0), "Strike": terminal(struck, strike)},
                infoset=f"{challenger} after Restrain",
            ),
            "Provoke": decision(
                challenger,
                {"Not strike": terminal("g", "-h"), "Strike": terminal(struck, strike)},
                infoset=f"{challenger} after Provoke",
            ),
        },
        infoset=protege,
    )
    return ExtensiveGame(
        [protege, challenger], root, params, "Probabilistic commitment (Benson 2012)"
    )


def ally_reliability(
    q: Number = 0.75,
    W_T: Number = 6,
    W_TA: Number = 2,
    C_bar: Number = 8,
    *,
    n_types: int = 8,
    player: str = "Challenger",
) -> ExtensiveGame:
    """Ally reliability and deterrence (Smith 1995; Leeds 2003): the attack probability in ``q``.

    Nature draws the challenger's cost of attacking from ``n_types`` equally likely values at the
    midpoints of ``[0, C_bar]`` (a discrete uniform); the challenger, knowing it, attacks or not;
    after an attack the target's ally intervenes with probability ``q``. The challenger attacks iff
    its cost is below ``V(q) = q W_TA + (1 - q) W_T``, so the probability of attack is
    ``V(q) / C_bar`` — 3/8 at the defaults — and falls as the ally becomes more reliable.

    Parameters
    ----------
    q : number
        The ally's reliability: the probability it intervenes when the target is attacked.
    W_T : number
        The challenger's gross value of attacking when the ally stays out.
    W_TA : number
        Its value when the ally intervenes (``W_TA < W_T``).
    C_bar : number
        Upper end of the challenger's cost distribution ``U[0, C_bar]``.
    n_types : int
        Number of cost types representing the uniform distribution.
    player : str
        The challenger's name.

    Returns
    -------
    ExtensiveGame
        A one-player tree with chance moves (perfect information).

    Examples
    --------
    The probability of attack at three levels of reliability, read off the equilibrium's
    distribution over outcomes:

    >>> import alliancegame as ag
    >>> game = ally_reliability()
    >>> res = ag.backward_induction_batch(game, q=[0.0, 0.5, 1.0])
    >>> attacked = [("Challenger", "Attack") in game.history(t) for t in game.terminals]
    >>> res.terminal_probability[:, attacked].sum(axis=1).tolist()
    [0.75, 0.5, 0.25]
    """
    where = "ally_reliability"
    check_probability(where, q=q)
    check_between(where, "W_TA < W_T", W_TA < W_T, W_TA=W_TA, W_T=W_T)
    if not C_bar > 0:
        raise GameError(f"{where}: C_bar must be positive, got {C_bar}")
    if isinstance(n_types, bool) or not isinstance(n_types, int) or not 1 <= n_types <= 10_000:
        raise GameError(f"{where}: n_types must be an integer in [1, 10000], got {n_types!r}")
    params = [
        parameter(
            "q",
            q,
            0,
            1,
            unit="probability",
            description="the ally's reliability: probability it intervenes",
            sources=_SMITH,
        ),
        parameter("W_T", W_T, description="challenger's value of attacking if the ally stays out"),
        parameter(
            "W_TA", W_TA, description="challenger's value of attacking if the ally intervenes"
        ),
        parameter(
            "C_bar",
            C_bar,
            description="upper end of the challenger's cost distribution U[0, C_bar]",
            sources=_SMITH,
        ),
    ]
    types = {}
    for k in range(n_types):
        cost = f"C_bar*{2 * k + 1}/{2 * n_types}"
        attack = chance(
            {
                "Ally intervenes": ("q", terminal(f"W_TA - {cost}")),
                "Ally stays out": ("1 - q", terminal(f"W_T - {cost}")),
            }
        )
        moves: dict[str, Node] = {"No attack": terminal(0), "Attack": attack}
        types[f"cost {k + 1}"] = (
            Fraction(1, n_types),
            decision(player, moves, infoset=f"{player} (cost {k + 1} of {n_types})"),
        )
    return ExtensiveGame([player], chance(types), params, "Ally reliability (Smith 1995)")
