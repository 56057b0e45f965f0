"""Models of deterrence and crisis communication: asymmetric deterrence with an uncertain defender,
brinkmanship, and biased mediation.

Asymmetric deterrence with an uncertain defender (Zagare & Kilgour 1993, 2000)
-------------------------------------------------------------------------------
A challenger chooses the status quo or a challenge; after a challenge the defender concedes or
resists. The challenger ranks the outcomes ``a_DD < a_SQ < a_DC`` (conflict, status quo,
defender concedes). The defender is *Hard* — it prefers resisting to conceding — with
probability ``p_B``, its **credibility**, and *Soft* otherwise; it knows its type, the challenger
does not. Moving last and knowing its type, a Hard defender resists and a Soft one concedes (this
is sequentially rational whatever the challenger believes), so a challenge succeeds with
probability ``1 - p_B`` and the challenger is deterred iff

.. math:: p_B\\, a_{DD} + (1 - p_B)\\, a_{DC} \\le a_{SQ}
          \\iff p_B \\ge p^* = \\frac{a_{DC} - a_{SQ}}{a_{DC} - a_{DD}} ,

the **credibility threshold**: deterrence succeeds when the defender's threat is credible enough,
and the threshold falls as conflict becomes costlier to the challenger. The game is built as a
tree: a chance move draws the defender's type, the challenger's two decision nodes form one
information set, and the defender moves at a singleton information set per type.

Brinkmanship (Schelling 1960; Powell 1988, 2015)
------------------------------------------------
Schelling's "threat that leaves something to chance": the defender either concedes (0 to it, the
stake ``v_C`` to the challenger) or escalates, creating a risk ``r`` of a catastrophe that neither
controls. The challenger then backs down (0) or persists (``v_C - r N_C``); the defender gets
``v_D - r N_D`` if the challenger backs down and ``-r N_D`` if it persists. The challenger backs
down iff ``r >= v_C / N_C`` (ties to backing down), so the least risk that works is
``r* = v_C / N_C``, and it is worth running iff ``v_D - r* N_D > 0``: escalation to ``r``
succeeds for ``v_C / N_C <= r < v_D / N_D``, a non-empty band exactly when the defender's
**resolve** ``v_D / N_D`` exceeds the challenger's ``v_C / N_C`` (Powell 1988): in a contest of
risk-taking the side with more at stake relative to the cost of disaster prevails.

Biased mediation (Kydd 2003)
----------------------------
Iran concedes (payoff ``-x``) or resists. The US is *Resolved* with probability ``pi`` — it
strikes a resisting Iran with probability ``sigma_R`` — or *Unresolved* (``sigma_U``), with
``sigma_U W < x <= sigma_R W`` where ``W`` is Iran's cost of war: Iran concedes iff it believes
the US resolved. A mediator who knows the US type tells Iran "resolved" or "unresolved" (cheap
talk); its utility is ``beta u_Iran - (1 - beta) K [war]``, ``beta`` its bias toward Iran and
``K`` its own cost of war. Telling the truth about a resolved US is always in the mediator's
interest; telling the truth about an unresolved US — and so letting Iran resist and risk war —
is in its interest iff

.. math:: \\beta x \\ge \\sigma_U (\\beta W + (1 - \\beta) K)
          \\iff \\beta \\ge \\beta^* = \\frac{K \\sigma_U}{x - \\sigma_U W + K \\sigma_U} .

A truthful equilibrium, in which the mediator's message informs Iran, therefore exists only if the
mediator is biased enough toward the side it advises; a mediator who cares mostly about peace
would always say "resolved" and so could not be believed (Kydd 2003: credible mediators are
biased).

References
----------
Zagare, F. C. and Kilgour, D. M. (1993). Asymmetric deterrence. *International Studies Quarterly*
37(1), 1–27.
Zagare, F. C. and Kilgour, D. M. (2000). *Perfect Deterrence*. Cambridge University Press.
Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
Powell, R. (1988). Nuclear brinkmanship with two-sided incomplete information. *American
Political Science Review* 82(1), 155–178.
Powell, R. (2015). Nuclear brinkmanship, limited war, and military power. *International
Organization* 69(3), 589–626.
Kydd, A. (2003). Which side are you on? Bias, credibility, and mediation. *American Journal of
Political Science* 47(4), 597–611.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.errors import GameError
from ...core.expr import Number
from ...games.extensive import ExtensiveGame, Node, chance, decision, terminal
from ._common import check_between, check_players, check_probability, parameter

__all__ = ["asymmetric_deterrence", "biased_mediation", "brinkmanship"]

_ZK = (
    "Zagare & Kilgour (1993), Asymmetric deterrence, ISQ 37(1)",
    "Zagare & Kilgour (2000), Perfect Deterrence, Cambridge UP",
)
_BRINK = (
    "Schelling (1960), The Strategy of Conflict, ch. 8",
    "Powell (1988), Nuclear brinkmanship with two-sided incomplete information, APSR 82(1)",
)
_KYDD = ("Kydd (2003), Which side are you on? Bias, credibility, and mediation, AJPS 47(4)",)


def asymmetric_deterrence(
    p_B: Number = 0.5,
    a_SQ: Number = 0,
    a_DC: Number = 1,
    a_DD: Number = -3,
    b_SQ: Number = 0,
    b_DC: Number = -1,
    b_DD_hard: Number = -0.5,
    b_DD_soft: Number = -2,
    *,
    players: Sequence[str] = ("Challenger", "Defender"),
) -> ExtensiveGame:
    """Asymmetric deterrence with one-sided incomplete information (Zagare & Kilgour 1993, 2000).

    Chance draws the defender's type (``Hard`` with probability ``p_B``); the challenger, not
    knowing it (one information set over both types), keeps the status quo or challenges; the
    defender concedes or resists. The challenger is deterred iff
    ``p_B >= (a_DC - a_SQ) / (a_DC - a_DD)``: ``1/4`` at the defaults.

    Parameters
    ----------
    p_B : number
        The defender's credibility: the probability that it is Hard.
    a_SQ, a_DC, a_DD : number
        The challenger's payoffs for the status quo, a concession by the defender, and conflict
        (``a_DD < a_SQ < a_DC``).
    b_SQ, b_DC : number
        The defender's payoffs for the status quo and for conceding.
    b_DD_hard, b_DD_soft : number
        The defender's payoff for conflict, by type: a Hard defender prefers it to conceding
        (``b_DD_hard > b_DC``), a Soft one does not (``b_DD_soft < b_DC``).
    players : sequence of two str
        Names of the challenger and the defender.

    Returns
    -------
    ExtensiveGame
        Information sets ``"Challenger"`` (two nodes), ``"Defender (Hard)"`` and
        ``"Defender (Soft)"``.

    Raises
    ------
    GameError
        If the preference orderings above do not hold or ``p_B`` is not a probability.

    Examples
    --------
    >>> g = asymmetric_deterrence()
    >>> print(g.render())
    Asymmetric deterrence (Zagare & Kilgour 1993)
    chance
    ├─ Hard (p_B) → Challenger [Challenger]
    │  ├─ Status quo → (Challenger: a_SQ, Defender: b_SQ)
    │  └─ Challenge → Defender [Defender (Hard)]
    │     ├─ Concede → (Challenger: a_DC, Defender: b_DC)
    │     └─ Resist → (Challenger: a_DD, Defender: b_DD_hard)
    └─ Soft (1 - p_B) → Challenger [Challenger]
       ├─ Status quo → (Challenger: a_SQ, Defender: b_SQ)
       └─ Challenge → Defender [Defender (Soft)]
          ├─ Concede → (Challenger: a_DC, Defender: b_DC)
          └─ Resist → (Challenger: a_DD, Defender: b_DD_soft)
    >>> g.to_normal_form().strategies[1]
    ('Concede/Concede', 'Concede/Resist', 'Resist/Concede', 'Resist/Resist')
    """
    where = "asymmetric_deterrence"
    ch, de = check_players(where, players, 2)
    check_probability(where, p_B=p_B)
    check_between(
        where,
        "a_DD < a_SQ < a_DC for the challenger",
        a_DD < a_SQ < a_DC,
        a_DD=a_DD,
        a_SQ=a_SQ,
        a_DC=a_DC,
    )
    check_between(
        where,
        "b_DD_soft < b_DC < b_DD_hard (a Hard defender prefers resisting, a Soft one conceding)",
        b_DD_soft < b_DC < b_DD_hard,
        b_DD_soft=b_DD_soft,
        b_DC=b_DC,
        b_DD_hard=b_DD_hard,
    )
    params = [
        parameter(
            "p_B",
            p_B,
            0,
            1,
            unit="probability",
            description="the defender's credibility: probability that it is Hard",
            sources=_ZK,
        ),
        parameter("a_SQ", a_SQ, description="challenger's payoff for the status quo", sources=_ZK),
        parameter(
            "a_DC", a_DC, description="challenger's payoff if the defender concedes", sources=_ZK
        ),
        parameter("a_DD", a_DD, description="challenger's payoff for conflict", sources=_ZK),
        parameter("b_SQ", b_SQ, description="defender's payoff for the status quo", sources=_ZK),
        parameter("b_DC", b_DC, description="defender's payoff for conceding", sources=_ZK),
        parameter(
            "b_DD_hard", b_DD_hard, description="a Hard defender's payoff for conflict", sources=_ZK
        ),
        parameter(
            "b_DD_soft", b_DD_soft, description="a Soft defender's payoff for conflict", sources=_ZK
        ),
    ]

    def challenge(kind: str) -> Node:
        respond = decision(
            de,
            {
                "Concede": terminal("a_DC", "b_DC"),
                "Resist": terminal("a_DD", f"b_DD_{kind.lower()}"),
            },
            infoset=f"{de} ({kind})",
        )
        moves: dict[str, Node] = {"Status quo": terminal("a_SQ", "b_SQ"), "Challenge": respond}
        return decision(ch, moves, infoset=ch)

    root = chance({"Hard": ("p_B", challenge("Hard")), "Soft": ("1 - p_B", challenge("Soft"))})
    return ExtensiveGame([ch, de], root, params, "Asymmetric deterrence (Zagare & Kilgour 1993)")


def brinkmanship(
    r: Number = 0.3,
    v_D: Number = 1,
    N_D: Number = 2,
    v_C: Number = 1,
    N_C: Number = 4,
    *,
    players: Sequence[str] = ("Defender", "Challenger"),
) -> ExtensiveGame:
    """Brinkmanship: a threat that leaves something to chance (Schelling 1960; Powell 1988).

    The defender concedes or escalates to a risk ``r`` of catastrophe; the challenger backs down
    or persists. The challenger backs down iff ``r >= v_C / N_C`` and the defender escalates iff
    that also leaves it better off than conceding, so escalation succeeds for
    ``v_C / N_C <= r < v_D / N_D`` — ``[0.25, 0.5)`` at the defaults.

    Parameters
    ----------
    r : number
        The risk of catastrophe the defender's escalation creates.
    v_D, N_D : number
        The defender's stake and its cost of catastrophe.
    v_C, N_C : number
        The challenger's stake and its cost of catastrophe.
    players : sequence of two str
        Names of the defender and the challenger.

    Returns
    -------
    ExtensiveGame
        Perfect information; ties go to ``Concede`` and ``Back down``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = brinkmanship()
    >>> ag.backward_induction(g.at())[0].describe()
    'Defender: Escalate → Challenger: Back down ; payoffs Defender=0.4, Challenger=0'
    >>> ag.backward_induction(g.at(r=0.2))[0].describe()
    'Defender: Concede ; payoffs Defender=0, Challenger=1'
    """
    where = "brinkmanship"
    de, ch = check_players(where, players, 2)
    check_probability(where, r=r)
    for name, value in (("v_D", v_D), ("N_D", N_D), ("v_C", v_C), ("N_C", N_C)):
        if not value > 0:
            raise GameError(f"{where}: {name} must be positive, got {value}")
    params = [
        parameter(
            "r",
            r,
            0,
            1,
            unit="probability",
            description="risk of catastrophe created by escalating",
            sources=_BRINK,
        ),
        parameter("v_D", v_D, 0, description="the defender's stake", sources=_BRINK),
        parameter("N_D", N_D, 0, description="the defender's cost of catastrophe", sources=_BRINK),
        parameter("v_C", v_C, 0, description="the challenger's stake", sources=_BRINK),
        parameter(
            "N_C", N_C, 0, description="the challenger's cost of catastrophe", sources=_BRINK
        ),
    ]
    moves: dict[str, Node] = {
        "Concede": terminal(0, "v_C"),
        "Escalate": decision(
            ch,
            {
                "Back down": terminal("v_D - r*N_D", 0),
                "Persist": terminal("-r*N_D", "v_C - r*N_C"),
            },
            infoset=f"{ch} after Escalate",
        ),
    }
    root = decision(de, moves, infoset=de)
    return ExtensiveGame([de, ch], root, params, "Brinkmanship (Schelling 1960; Powell 1988)")


def biased_mediation(
    beta: Number = 0.8,
    K: Number = 10,
    x: Number = 2,
    W: Number = 10,
    sigma_R: Number = 0.5,
    sigma_U: Number = 0.1,
    pi: Number = 0.5,
    *,
    players: Sequence[str] = ("Mediator", "Iran"),
) -> ExtensiveGame:
    """Kydd's (2003) biased mediation: when is a mediator's cheap talk believed?

    Chance draws the US type (``Resolved`` with probability ``pi``); the mediator, who knows it,
    tells Iran ``"resolved"`` or ``"unresolved"``; Iran, hearing only the message, concedes or
    resists; a resisting Iran is struck with probability ``sigma_R`` or ``sigma_U``. Truth-telling
    is an equilibrium iff ``beta >= K sigma_U / (x - sigma_U W + K sigma_U)`` — ``1/2`` at the
    defaults.

    Parameters
    ----------
    beta : number
        The mediator's bias toward Iran (weight on Iran's payoff).
    K : number
        The mediator's own cost of war.
    x : number
        Iran's cost of conceding.
    W : number
        Iran's cost of war.
    sigma_R, sigma_U : number
        Probability that a Resolved / Unresolved US strikes a resisting Iran
        (``sigma_U W < x <= sigma_R W``).
    pi : number
        Prior probability that the US is Resolved.
    players : sequence of two str
        Names of the mediator and Iran.

    Returns
    -------
    ExtensiveGame
        Mediator information sets ``"Mediator (US Resolved)"``, ``"Mediator (US Unresolved)"``;
        Iran's ``"Iran hears 'resolved'"`` and ``"Iran hears 'unresolved'"`` (two nodes each).

    Raises
    ------
    GameError
        Unless ``sigma_U W < x <= sigma_R W`` and the probabilities lie in [0, 1].

    Examples
    --------
    >>> g = biased_mediation()
    >>> for name in g.to_normal_form().strategies[0]:
    ...     print(name)
    Say resolved/Say resolved
    Say resolved/Say unresolved
    Say unresolved/Say resolved
    Say unresolved/Say unresolved
    """
    where = "biased_mediation"
    med, iran = check_players(where, players, 2)
    check_probability(where, beta=beta, sigma_R=sigma_R, sigma_U=sigma_U, pi=pi)
    check_between(
        where,
        "sigma_U*W < x <= sigma_R*W (Iran concedes only to a resolved US)",
        sigma_U * W < x <= sigma_R * W,
        sigma_U=sigma_U,
        sigma_R=sigma_R,
        W=W,
        x=x,
    )
    if not K >= 0:
        raise GameError(f"{where}: K is a cost and must be >= 0, got {K}")
    params = [
        parameter(
            "beta",
            beta,
            0,
            1,
            unit="weight",
            description="the mediator's bias toward Iran (weight on Iran's payoff)",
            sources=_KYDD,
        ),
        parameter("K", K, 0, description="the mediator's own cost of war", sources=_KYDD),
        parameter("x", x, 0, description="Iran's cost of conceding", sources=_KYDD),
        parameter("W", W, 0, description="Iran's cost of war", sources=_KYDD),
        parameter(
            "sigma_R",
            sigma_R,
            0,
            1,
            unit="probability",
            description="probability that a Resolved US strikes a resisting Iran",
            sources=_KYDD,
        ),
        parameter(
            "sigma_U",
            sigma_U,
            0,
            1,
            unit="probability",
            description="probability that an Unresolved US strikes a resisting Iran",
            sources=_KYDD,
        ),
        parameter(
            "pi",
            pi,
            0,
            1,
            unit="probability",
            description="prior probability that the US is Resolved",
            sources=_KYDD,
        ),
    ]

    def hears(message: str, sigma: str) -> Node:
        war = chance(
            {
                "War": (sigma, terminal("-beta*W - (1 - beta)*K", "-W")),
                "No war": (f"1 - {sigma}", terminal(0, 0)),
            }
        )
        moves: dict[str, Node] = {"Concede": terminal("-beta*x", "-x"), "Resist": war}
        return decision(iran, moves, infoset=f"{iran} hears '{message}'")

    def mediator(kind: str, sigma: str) -> Node:
        return decision(
            med,
            {
                "Say resolved": hears("resolved", sigma),
                "Say unresolved": hears("unresolved", sigma),
            },
            infoset=f"{med} (US {kind})",
        )

    root = chance(
        {
            "Resolved": ("pi", mediator("Resolved", "sigma_R")),
            "Unresolved": ("1 - pi", mediator("Unresolved", "sigma_U")),
        }
    )
    return ExtensiveGame([med, iran], root, params, "Biased mediation (Kydd 2003)")
