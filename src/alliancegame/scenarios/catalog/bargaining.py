"""Fearon's (1995) bargaining model of war: the bargaining range, the risk–return trade-off, and the
commitment problem.

States A and B divide a good worth 1; ``x`` is A's share. War is a lottery: A wins with
probability ``p`` and the states pay costs ``c_A, c_B > 0``, so, risk-neutral, A expects
``p - c_A`` from war and B ``1 - p - c_B``.

The bargaining range
--------------------
Because war destroys ``c_A + c_B``, every division with

.. math:: p - c_A \\le x \\le p + c_B

leaves both states at least as well off as fighting. In the game where A demands ``x`` (or
attacks) and B accepts or fights, B accepts iff ``1 - x >= 1 - p - c_B`` and A prefers its accepted
demand to war iff ``x >= p - c_A``: the subgame-perfect outcome is peace exactly on the bargaining
range.

Private information and the risk–return trade-off
-------------------------------------------------
If B's cost is private, ``c_B ~ U[0, c_bar]``, B accepts a take-it-or-leave-it demand iff
``x <= p + c_B``: a demand ``x`` in ``[p, p + c_bar]`` is rejected with probability
``F = (x - p) / c_bar``. A's expected utility

.. math:: U(x) = \\Bigl(1 - \\frac{x - p}{\\bar c}\\Bigr) x + \\frac{x - p}{\\bar c} (p - c_A)

is a concave quadratic with maximum at

.. math:: x^* = p + \\frac{\\bar c - c_A}{2} \\quad (c_A < \\bar c), \\qquad
          \\Pr(\\text{war}) = \\frac{x^* - p}{\\bar c} = \\frac{\\bar c - c_A}{2 \\bar c} .

A rational A accepts a positive risk of war in exchange for a better deal (Fearon 1995, p. 395).
The catalog represents the uniform distribution by ``n_types`` equally likely costs at the
midpoints of ``n_types`` equal cells; at demands ``x = p + j c_bar / n_types`` the rejection
probability is then exactly ``(x - p) / c_bar``, so A's best demand on that grid is the grid point
nearest to ``x*``.

The commitment problem (Fearon 1995; Powell 2006)
-------------------------------------------------
With an infinite horizon and discount factor ``δ``, A's power rises from ``p0`` today to ``p1``
from tomorrow on, and war ends the game with per-period payoffs ``p_t - c_A`` and
``1 - p_t - c_B`` (fixed at today's balance if fought today). Once strong, A can only be held to
B's war value: from tomorrow B receives ``1 - p1 - c_B`` per period. Today A offers ``x0``; B
accepts or fights. B's best peaceful deal (``x0 = 0``) is worth ``1 + δ(1 - p1 - c_B)/(1 - δ)``
against ``(1 - p0 - c_B)/(1 - δ)`` for fighting now, so B fights a **preventive war** that no
offer can avert iff

.. math:: \\delta (p_1 - p_0) > (1 - \\delta)(p_0 + c_B) ,

i.e. iff the shift in power is large relative to what A can give today: A cannot commit not to
exploit its future strength.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
379–414.
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1), 169–203.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ...core.errors import GameError
from ...core.expr import Number
from ...games.extensive import ExtensiveGame, Node, chance, decision, terminal
from ...games.parameters import Parameter
from ._common import check_between, check_players, check_probability, parameter

__all__ = ["fearon_bargaining", "fearon_risk_return", "preventive_war"]

_FEARON = ("Fearon (1995), Rationalist explanations for war, International Organization 49(3)",)
_POWELL = (*_FEARON, "Powell (2006), War as a commitment problem, International Organization 60(1)")


def _common_parameters(x: Number, p: Number, c_A: Number) -> list[Parameter]:
    return [
        parameter("x", x, 0, 1, unit="share", description="A's demand: its share of the good"),
        parameter(
            "p",
            p,
            0,
            1,
            unit="probability",
            description="probability that A wins a war",
            sources=_FEARON,
        ),
        parameter("c_A", c_A, 0, unit="share", description="A's cost of war", sources=_FEARON),
    ]


def fearon_bargaining(
    x: Number = 0.5,
    p: Number = 0.5,
    c_A: Number = 0.1,
    c_B: Number = 0.1,
    *,
    players: Sequence[str] = ("A", "B"),
) -> ExtensiveGame:
    """Fearon's (1995) bargaining model with complete information: the bargaining range.

    A demands ``x`` or attacks; B accepts the demand or fights. The subgame-perfect outcome is
    peace iff ``p - c_A <= x <= p + c_B`` (ties go to peace): ``[0.4, 0.6]`` at the defaults.

    Parameters
    ----------
    x : number
        A's demand (its share of a good worth 1).
    p : number
        Probability that A wins a war.
    c_A, c_B : number
        The states' costs of war.
    players : sequence of two str
        Names of A and B.

    Returns
    -------
    ExtensiveGame
        Perfect information; first actions ``Demand`` and ``Accept``.

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = fearon_bargaining()
    >>> ag.backward_induction_batch(g, x=[0.3, 0.5, 0.7]).labels().tolist()
    ['A:Attack', 'A:Demand → B:Accept', 'A:Demand → B:Reject']
    """
    where = "fearon_bargaining"
    a, b = check_players(where, players, 2)
    check_probability(where, x=x, p=p)
    for name, value in (("c_A", c_A), ("c_B", c_B)):
        if value < 0:
            raise GameError(f"{where}: {name} is a cost of war and must be >= 0, got {value}")
    params = [
        *_common_parameters(x, p, c_A),
        parameter("c_B", c_B, 0, unit="share", description="B's cost of war", sources=_FEARON),
    ]
    war = ("p - c_A", "1 - p - c_B")
    moves: dict[str, Node] = {
        "Demand": decision(
            b,
            {"Accept": terminal("x", "1 - x"), "Reject": terminal(*war)},
            infoset=f"{b} after Demand",
        ),
        "Attack": terminal(*war),
    }
    root = decision(a, moves, infoset=a)
    return ExtensiveGame([a, b], root, params, "Bargaining and war (Fearon 1995)")


def fearon_risk_return(
    x: Number = 0.6,
    p: Number = 0.5,
    c_A: Number = 0.1,
    c_bar: Number = 0.3,
    *,
    n_types: int = 30,
    players: Sequence[str] = ("A", "B"),
) -> ExtensiveGame:
    """Fearon's risk–return trade-off: a demand under uncertainty about B's cost of war.

    A demands ``x`` (or attacks); chance draws B's cost from ``n_types`` equally likely values at
    the midpoints of ``[0, c_bar]``; B, knowing its cost, accepts or fights. Sweeping ``x``, A's
    expected payoff peaks at ``x* = p + (c_bar - c_A) / 2`` with war probability
    ``(c_bar - c_A) / (2 c_bar)``: ``x* = 0.6`` and ``1/3`` at the defaults.

    Parameters
    ----------
    x : number
        A's demand.
    p : number
        Probability that A wins a war.
    c_A : number
        A's cost of war.
    c_bar : number
        Upper end of B's cost distribution ``U[0, c_bar]``.
    n_types : int
        Number of cost types representing the uniform distribution.
    players : sequence of two str
        Names of A and B.

    Returns
    -------
    ExtensiveGame
        Perfect information (B learns its own cost before moving); chance after A's move.

    Examples
    --------
    >>> import numpy as np
    >>> import alliancegame as ag
    >>> g = fearon_risk_return()
    >>> demands = 0.5 + 0.01 * np.arange(31)
    >>> res = ag.backward_induction_batch(g, x=demands)
    >>> float(demands[res.payoffs[:, 0].argmax()].round(6))
    0.6
    """
    where = "fearon_risk_return"
    a, b = check_players(where, players, 2)
    check_probability(where, x=x, p=p)
    if c_A < 0:
        raise GameError(f"{where}: c_A is a cost of war and must be >= 0, got {c_A}")
    if not c_bar > 0:
        raise GameError(f"{where}: c_bar must be positive, got {c_bar}")
    if isinstance(n_types, bool) or not isinstance(n_types, int) or not 1 <= n_types <= 10_000:
        raise GameError(f"{where}: n_types must be an integer in [1, 10000], got {n_types!r}")
    params = [
        *_common_parameters(x, p, c_A),
        parameter(
            "c_bar",
            c_bar,
            0,
            unit="share",
            description="upper end of B's cost of war, distributed U[0, c_bar]",
            sources=_FEARON,
        ),
    ]
    weight = Fraction(1, n_types)
    demand = {}
    attack = {}
    for k in range(n_types):
        b_war = f"1 - p - c_bar*{2 * k + 1}/{2 * n_types}"
        label = f"cost {k + 1}"
        demand[label] = (
            weight,
            decision(
                b,
                {"Accept": terminal("x", "1 - x"), "Reject": terminal("p - c_A", b_war)},
                infoset=f"{b} ({label} of {n_types})",
            ),
        )
        attack[label] = (weight, terminal("p - c_A", b_war))
    root = decision(a, {"Demand": chance(demand), "Attack": chance(attack)}, infoset=a)
    return ExtensiveGame([a, b], root, params, "Risk-return trade-off (Fearon 1995)")


def preventive_war(
    x0: Number = 0,
    p0: Number = 0.3,
    p1: Number = 0.7,
    c_A: Number = 0.05,
    c_B: Number = 0.05,
    delta: Number = 0.9,
    *,
    players: Sequence[str] = ("A", "B"),
) -> ExtensiveGame:
    """The commitment problem: preventive war against a rising power (Fearon 1995; Powell 2006).

    A, whose power rises from ``p0`` to ``p1``, offers ``x0`` today (or attacks); B accepts — and
    from tomorrow on receives its war value ``1 - p1 - c_B`` per period — or fights now at today's
    balance. At ``x0 = 0`` B fights iff ``delta (p1 - p0) > (1 - delta)(p0 + c_B)``, i.e. iff
    ``p1 > p0 + (1 - delta)(p0 + c_B) / delta`` (``0.3389`` at the defaults).

    Parameters
    ----------
    x0 : number
        A's share today under the offer (0: B gets all of today's good).
    p0, p1 : number
        A's probability of winning today and from tomorrow on.
    c_A, c_B : number
        Per-period costs of war.
    delta : number
        Common discount factor (``0 <= delta < 1``).
    players : sequence of two str
        Names of A (rising) and B (declining).

    Returns
    -------
    ExtensiveGame
        Perfect information; payoffs are discounted sums over the infinite horizon.

    Raises
    ------
    GameError
        If ``delta`` is not in [0, 1) or B's continuation share ``1 - p1 - c_B`` is negative.

    Examples
    --------
    >>> import alliancegame as ag
    >>> g = preventive_war()
    >>> ag.backward_induction_batch(g, p1=[0.33, 0.35]).labels().tolist()
    ['A:Offer → B:Accept', 'A:Offer → B:Fight']
    """
    where = "preventive_war"
    a, b = check_players(where, players, 2)
    check_probability(where, x0=x0, p0=p0, p1=p1)
    check_between(where, "0 <= delta < 1", 0 <= delta < 1, delta=delta)
    for name, value in (("c_A", c_A), ("c_B", c_B)):
        if value < 0:
            raise GameError(f"{where}: {name} is a cost of war and must be >= 0, got {value}")
    check_between(
        where,
        "p1 + c_B <= 1 (the rising state can buy off the declining one tomorrow)",
        p1 + c_B <= 1,
        p1=p1,
        c_B=c_B,
    )
    params = [
        parameter("x0", x0, 0, 1, unit="share", description="A's share today under its offer"),
        parameter(
            "p0",
            p0,
            0,
            1,
            unit="probability",
            description="A's chance of winning today",
            sources=_POWELL,
        ),
        parameter(
            "p1",
            p1,
            0,
            1,
            unit="probability",
            description="A's chance of winning from tomorrow on (after its rise)",
            sources=_POWELL,
        ),
        parameter("c_A", c_A, 0, unit="share per period", description="A's cost of war"),
        parameter("c_B", c_B, 0, unit="share per period", description="B's cost of war"),
        parameter(
            "delta",
            delta,
            0,
            Fraction(999, 1000),
            unit="factor",
            description="common discount factor per period",
            sources=_POWELL,
        ),
    ]
    war = ("(p0 - c_A)/(1 - delta)", "(1 - p0 - c_B)/(1 - delta)")
    peace = ("x0 + delta*(p1 + c_B)/(1 - delta)", "1 - x0 + delta*(1 - p1 - c_B)/(1 - delta)")
    moves: dict[str, Node] = {
        "Offer": decision(
            b, {"Accept": terminal(*peace), "Fight": terminal(*war)}, infoset=f"{b} after Offer"
        ),
        "Attack": terminal(*war),
    }
    root = decision(a, moves, infoset=a)
    title = "Preventive war: the commitment problem (Fearon 1995; Powell 2006)"
    return ExtensiveGame([a, b], root, params, title)
