"""The catalog: classic models of alliance politics and crisis bargaining, built with the API.

Every model is a function that returns an ordinary :class:`~alliancegame.NormalFormGame` or
:class:`~alliancegame.ExtensiveGame` whose :class:`~alliancegame.Parameter` objects carry their
meaning, range, default and source, so a catalog game can be solved, swept, thresholded or
written to a Gambit file like any other. :func:`catalog` lists the models by name and
:func:`load_catalog` builds one:

>>> import alliancegame as ag
>>> game = ag.load_catalog("chicken")
>>> ag.solve(game.at(), "pure")[0].describe()
'Row: C | Column: D ; payoffs Row=-1, Column=1'

============================  ===========================================================
module                        models
============================  ===========================================================
:mod:`.archetypes`            Prisoner's Dilemma, Chicken, Stag Hunt, Deadlock, asymmetric
                              pairings (Snyder & Diesing 1977), the 78 ordinal 2×2 games
:mod:`.alliances`             alliance security dilemma (Snyder 1984), alliance as a costly
                              signal (Morrow 1994; Fearon 1997), probabilistic commitment
                              (Benson 2012), ally reliability (Smith 1995; Leeds 2003)
:mod:`.deterrence`            asymmetric deterrence (Zagare & Kilgour 1993), brinkmanship
                              (Schelling 1960; Powell 1988), biased mediation (Kydd 2003)
:mod:`.bargaining`            bargaining range, risk–return trade-off and preventive war
                              (Fearon 1995; Powell 2006)
:mod:`.decisions`             the oil wildcatter (Raiffa 1968)
============================  ===========================================================

Each builder's docstring states the game form, the published or derived result and the
references; ``docs/explanation/catalog.md`` collects them on one page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ...core.errors import UnknownNameError, did_you_mean
from .alliances import (
    alliance_security_dilemma,
    alliance_signal,
    ally_reliability,
    probabilistic_commitment,
)
from .archetypes import (
    ARCHETYPES,
    asymmetric_crisis,
    chicken,
    classify_2x2,
    deadlock,
    ordinal_2x2_games,
    prisoners_dilemma,
    stag_hunt,
    symmetric_2x2,
)
from .bargaining import fearon_bargaining, fearon_risk_return, preventive_war
from .decisions import WILDCATTER, DecisionData, oil_wildcatter
from .deterrence import asymmetric_deterrence, biased_mediation, brinkmanship

__all__ = [
    "ARCHETYPES",
    "WILDCATTER",
    "CatalogEntry",
    "DecisionData",
    "alliance_security_dilemma",
    "alliance_signal",
    "ally_reliability",
    "asymmetric_crisis",
    "asymmetric_deterrence",
    "biased_mediation",
    "brinkmanship",
    "catalog",
    "chicken",
    "classify_2x2",
    "deadlock",
    "fearon_bargaining",
    "fearon_risk_return",
    "load_catalog",
    "oil_wildcatter",
    "ordinal_2x2_games",
    "preventive_war",
    "prisoners_dilemma",
    "probabilistic_commitment",
    "stag_hunt",
    "symmetric_2x2",
]


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One model of the catalog: how to build it, what it shows, and where it comes from.

    Attributes
    ----------
    name : str
        The catalog name (lower case, hyphenated), as :func:`load_catalog` takes it.
    title : str
        A readable title.
    family : str
        ``"2x2 archetypes"``, ``"alliances"``, ``"deterrence"``, ``"bargaining"`` or
        ``"decisions"``.
    form : str
        ``"normal form"`` or ``"extensive form"``.
    builder : callable
        The function that builds the game; keyword arguments set parameter defaults.
    result : str
        The published or derived result, in one sentence.
    references : tuple of str
        The literature.
    aliases : tuple of str
        Other names :func:`load_catalog` accepts.

    Examples
    --------
    >>> entry = catalog()["chicken"]
    >>> entry.form, entry.builder.__name__
    ('normal form', 'chicken')
    """

    name: str
    title: str
    family: str
    form: str
    builder: Callable[..., Any]
    result: str
    references: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def build(self, **kwargs: Any) -> Any:
        """Build the game; keyword arguments go to :attr:`builder` (parameter defaults, names).

        Examples
        --------
        >>> catalog()["chicken"].build(P=-5).parameters["P"].default
        -5
        """
        return self.builder(**kwargs)

    def __repr__(self) -> str:
        return f"CatalogEntry({self.name!r}: {self.title}, {self.form})"


_RG = "Rapoport & Guyer (1966), A taxonomy of 2x2 games, General Systems 11"
_SD = "Snyder & Diesing (1977), Conflict Among Nations, Princeton UP"
_J = "Jervis (1978), Cooperation under the security dilemma, World Politics 30(2)"

_ENTRIES = (
    CatalogEntry(
        "prisoners-dilemma",
        "Prisoner's Dilemma",
        "2x2 archetypes",
        "normal form",
        prisoners_dilemma,
        "D strictly dominates: (D, D) is the unique equilibrium though (C, C) is better for both.",
        (_RG, _SD, _J),
    ),
    CatalogEntry(
        "chicken",
        "Chicken",
        "2x2 archetypes",
        "normal form",
        chicken,
        "Pure equilibria (C, D) and (D, C); the mixed one stands firm with probability "
        "(T - R)/(T - R + S - P), 1/10 at R=0, S=-1, T=1, P=-10.",
        (_RG, _SD, "Snyder (1971), 'Prisoner's Dilemma' and 'Chicken' models, ISQ 15(1)"),
    ),
    CatalogEntry(
        "stag-hunt",
        "Stag Hunt",
        "2x2 archetypes",
        "normal form",
        stag_hunt,
        "Pure equilibria (C, C) and (D, D); the mixed one holds back with probability "
        "(P - S)/(R - T + P - S).",
        (_RG, _J),
    ),
    CatalogEntry(
        "deadlock",
        "Deadlock",
        "2x2 archetypes",
        "normal form",
        deadlock,
        "D strictly dominates and mutual firmness is preferred to mutual restraint: (D, D).",
        (_RG, _SD),
    ),
    CatalogEntry(
        "deadlock-vs-chicken",
        "Bully: a Deadlock challenger against a Chicken defender",
        "2x2 archetypes",
        "normal form",
        functools.partial(asymmetric_crisis, "deadlock", "chicken"),
        "The unique equilibrium is (D, C): the bully stands firm and the defender backs down.",
        (_SD, "Poundstone (1992), Prisoner's Dilemma, Doubleday"),
        ("bully",),
    ),
    CatalogEntry(
        "prisoners-dilemma-vs-chicken",
        "Called Bluff: a Prisoner's Dilemma player against a Chicken player",
        "2x2 archetypes",
        "normal form",
        functools.partial(asymmetric_crisis, "prisoners-dilemma", "chicken"),
        "The unique equilibrium is (D, C): the Chicken player backs down.",
        (_SD,),
        ("called-bluff",),
    ),
    CatalogEntry(
        "deadlock-vs-prisoners-dilemma",
        "Big Bully: a Deadlock player against a Prisoner's Dilemma player",
        "2x2 archetypes",
        "normal form",
        functools.partial(asymmetric_crisis, "deadlock", "prisoners-dilemma"),
        "Both have dominant strategies D: the unique equilibrium is conflict (D, D).",
        (_SD,),
        ("big-bully",),
    ),
    CatalogEntry(
        "alliance-security-dilemma",
        "Alliance security dilemma: abandonment versus entrapment",
        "alliances",
        "normal form",
        alliance_security_dilemma,
        "Firm support is dominant iff (a_weak - a_firm) L_i > (e_firm - e_weak) W_i; when "
        "entrapment fears dominate but support is valuable the game is a Prisoner's Dilemma.",
        ("Snyder (1984), The security dilemma in alliance politics, World Politics 36(4)",),
    ),
    CatalogEntry(
        "alliance-signal",
        "Alliance as a costly signal: sinking costs versus tying hands",
        "alliances",
        "extensive form",
        alliance_signal,
        "With sinking costs only, the pact separates the types iff v_L <= s <= k_I; tying hands "
        "makes the low type's pact credible iff r >= k_I - v_L.",
        (
            "Morrow (1994), Alliances, credibility, and peacetime costs, JCR 38(2)",
            "Fearon (1997), Signaling foreign policy interests, JCR 41(1)",
        ),
        ("costly-signal",),
    ),
    CatalogEntry(
        "probabilistic-commitment",
        "Probabilistic commitment: deterrence versus emboldening",
        "alliances",
        "extensive form",
        probabilistic_commitment,
        "Commitments with w_C/d_C < q < min((w_C + h)/d_C, L/m) deter the challenger without "
        "emboldening the protégé.",
        (
            "Benson (2012), Constructing International Security, Cambridge UP",
            "Fang, Johnson & Leeds (2014), To concede or to resist?, IO 68(4)",
        ),
    ),
    CatalogEntry(
        "ally-reliability",
        "Ally reliability and the probability of attack",
        "alliances",
        "extensive form",
        ally_reliability,
        "The challenger attacks with probability (q W_TA + (1 - q) W_T)/C_bar, falling in the "
        "ally's reliability q.",
        (
            "Smith (1995), Alliance formation and war, ISQ 39(4)",
            "Leeds (2003), Do alliances deter aggression?, AJPS 47(3)",
        ),
    ),
    CatalogEntry(
        "asymmetric-deterrence",
        "Asymmetric deterrence with an uncertain defender",
        "deterrence",
        "extensive form",
        asymmetric_deterrence,
        "The challenger is deterred iff the defender's credibility p_B >= "
        "(a_DC - a_SQ)/(a_DC - a_DD).",
        (
            "Zagare & Kilgour (1993), Asymmetric deterrence, ISQ 37(1)",
            "Zagare & Kilgour (2000), Perfect Deterrence, Cambridge UP",
        ),
        ("zagare-kilgour",),
    ),
    CatalogEntry(
        "brinkmanship",
        "Brinkmanship: the threat that leaves something to chance",
        "deterrence",
        "extensive form",
        brinkmanship,
        "Escalating to a risk r succeeds iff v_C/N_C <= r < v_D/N_D: the side with greater "
        "resolve (stake relative to the cost of disaster) prevails.",
        (
            "Schelling (1960), The Strategy of Conflict, Harvard UP",
            "Powell (1988), Nuclear brinkmanship with two-sided incomplete information, APSR 82(1)",
            "Powell (2015), Nuclear brinkmanship, limited war, and military power, IO 69(3)",
        ),
    ),
    CatalogEntry(
        "biased-mediation",
        "Biased mediation: when is a mediator believed?",
        "deterrence",
        "extensive form",
        biased_mediation,
        "A truthful equilibrium exists iff the mediator's bias toward Iran beta >= "
        "K sigma_U/(x - sigma_U W + K sigma_U).",
        ("Kydd (2003), Which side are you on? Bias, credibility, and mediation, AJPS 47(4)",),
    ),
    CatalogEntry(
        "fearon-bargaining",
        "Bargaining and war with complete information: the bargaining range",
        "bargaining",
        "extensive form",
        fearon_bargaining,
        "Peace exactly for demands in the bargaining range p - c_A <= x <= p + c_B.",
        ("Fearon (1995), Rationalist explanations for war, IO 49(3)",),
    ),
    CatalogEntry(
        "fearon-risk-return",
        "The risk-return trade-off with a private cost of war",
        "bargaining",
        "extensive form",
        fearon_risk_return,
        "A's optimal demand is p + (c_bar - c_A)/2, which B rejects with probability "
        "(c_bar - c_A)/(2 c_bar).",
        ("Fearon (1995), Rationalist explanations for war, IO 49(3)",),
    ),
    CatalogEntry(
        "preventive-war",
        "The commitment problem: preventive war against a rising power",
        "bargaining",
        "extensive form",
        preventive_war,
        "The declining state fights whatever it is offered iff delta (p1 - p0) > "
        "(1 - delta)(p0 + c_B).",
        (
            "Fearon (1995), Rationalist explanations for war, IO 49(3)",
            "Powell (2006), War as a commitment problem, IO 60(1)",
        ),
        ("commitment-problem",),
    ),
    CatalogEntry(
        "oil-wildcatter",
        "Raiffa's oil wildcatter",
        "decisions",
        "extensive form",
        oil_wildcatter,
        "EV 20, EVPI 35, EVSI 12.5: the test (cost 10) is worth buying; the plan is worth 22.5.",
        ("Raiffa (1968), Decision Analysis, Addison-Wesley, ch. 2",),
    ),
)

_CATALOG: Mapping[str, CatalogEntry] = MappingProxyType({e.name: e for e in _ENTRIES})
_ALIASES: Mapping[str, str] = MappingProxyType(
    {alias: e.name for e in _ENTRIES for alias in e.aliases}
)


def catalog() -> Mapping[str, CatalogEntry]:
    """Every model of the catalog, by name (a read-only mapping, in a fixed order).

    Returns
    -------
    mapping of str to CatalogEntry

    Examples
    --------
    >>> names = list(catalog())
    >>> names[:4]
    ['prisoners-dilemma', 'chicken', 'stag-hunt', 'deadlock']
    >>> catalog()["asymmetric-deterrence"].result
    "The challenger is deterred iff the defender's credibility p_B >= (a_DC - a_SQ)/(a_DC - a_DD)."
    """
    return _CATALOG


def load_catalog(name: str, **kwargs: Any) -> Any:
    """Build a catalog model by name (or alias); keyword arguments set its parameters' defaults.

    Parameters
    ----------
    name : str
        A name from :func:`catalog` (e.g. ``"chicken"``, ``"deadlock-vs-chicken"``) or an alias
        (``"bully"``, ``"called-bluff"``, ``"big-bully"``, ``"costly-signal"``,
        ``"zagare-kilgour"``, ``"commitment-problem"``).
    **kwargs
        Passed to the model's builder: parameter defaults (``P=-5``), player names, options such
        as ``n_types``.

    Returns
    -------
    NormalFormGame or ExtensiveGame

    Raises
    ------
    UnknownNameError
        For a name that is not in the catalog, with a "did you mean".

    Examples
    --------
    >>> load_catalog("bully").title
    'Deadlock vs Chicken'
    >>> load_catalog("chiken")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.UnknownNameError: load_catalog: unknown model 'chiken' (did you ...
    """
    key = _ALIASES.get(name, name)
    if key not in _CATALOG:
        known = [*_CATALOG, *_ALIASES]
        raise UnknownNameError(
            f"load_catalog: unknown model {name!r}{did_you_mean(str(name), known)}; "
            f"models: {', '.join(_CATALOG)}",
            str(name),
            known,
        )
    return _CATALOG[key].build(**kwargs)
