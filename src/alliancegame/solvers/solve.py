"""One entry point for every solver: :func:`solve` dispatches on the concept and method."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..core.errors import GameError, did_you_mean
from ..games.extensive import ExtensiveGame
from ..games.normal import NormalFormGame
from .result import SolverResult

__all__ = ["METHODS", "TREE_METHODS", "solve"]

# concept -> method -> "module:function". The first method listed is the default.
METHODS: dict[str, dict[str, str]] = {
    "nash": {
        "vertex": "alliancegame.solvers.vertex:vertex_enumeration",
        "support": "alliancegame.solvers.support:support_enumeration",
        "lemke-howson": "alliancegame.solvers.lemke_howson:lemke_howson",
        "logit": "alliancegame.solvers.qre:logit_solve",
        "nashpy-support": "alliancegame.solvers.mixed:nashpy_support",
        "nashpy-vertex": "alliancegame.solvers.mixed:nashpy_vertex",
        "nashpy-lemke-howson": "alliancegame.solvers.mixed:nashpy_lemke_howson",
    },
    "pure": {"enumpure": "alliancegame.solvers.pure:pure_nash"},
    "spe": {"backward": "alliancegame.solvers.backward:backward_induction"},
    "maximin": {"lp": "alliancegame.solvers.zerosum:zero_sum"},
    "dominance": {"iesds": "alliancegame.solvers.dominance:iterated_dominance"},
}

# Trees (ExtensiveGame) use these methods for the concepts listed here, METHODS for the others.
TREE_METHODS: dict[str, dict[str, str]] = {
    "nash": {
        "vertex": "alliancegame.solvers.tree_nash:tree_nash",
        "lemke-howson": "alliancegame.solvers.tree_nash:tree_lemke_howson",
        "logit": "alliancegame.solvers.tree_nash:tree_logit",
    },
    "pure": {"enumpure": "alliancegame.solvers.tree_nash:tree_pure_nash"},
}


def _resolve(target: str) -> Callable[..., SolverResult]:
    module, name = target.split(":")
    fn: Callable[..., SolverResult] = getattr(importlib.import_module(module), name)
    return fn


def _default_concept(game: Any) -> str:
    if isinstance(game, NormalFormGame):
        return "nash" if game.n_players == 2 and "nash" in METHODS else "pure"
    if isinstance(game, ExtensiveGame) and not game.is_perfect_information:
        return "nash" if game.n_players == 2 else "pure"
    return "spe"


def solve(
    game: Any, concept: str | None = None, method: str | None = None, **options: Any
) -> SolverResult:
    """Solve a numeric game for a solution concept, by a named method.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
        A numeric game (``game.at(...)`` of a parameterised one).
    concept : str, optional
        ``"pure"`` (pure Nash equilibria), ``"nash"`` (all extreme mixed equilibria of 2-player
        games), ``"maximin"`` (zero-sum value), ``"dominance"`` (iterated elimination of strictly
        dominated strategies) or ``"spe"`` (subgame-perfect equilibria of trees). Default:
        ``"nash"`` for 2-player normal forms, ``"pure"`` for more players, ``"spe"`` for trees
        of perfect information; other trees: ``"nash"`` for 2 players, ``"pure"`` for more.
    method : str, optional
        An algorithm for the concept (see :data:`METHODS`; for trees, ``"nash"`` and ``"pure"``
        use :data:`TREE_METHODS`, which go through the reduced normal form); default: the first
        listed.
    **options
        Passed to the solver (``exact=True``, ``tol=...``).

    Returns
    -------
    SolverResult

    Examples
    --------
    >>> import alliancegame as ag
    >>> pd = ag.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                    strategies=[["C", "D"], ["C", "D"]])
    >>> solve(pd, "pure").equilibria[0].describe()
    'Player 1: D | Player 2: D ; payoffs Player 1=1, Player 2=1'
    >>> solve(pd, "pur")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: solve: unknown concept 'pur' (did you mean 'pure'?)...
    """
    game = getattr(game, "game", game)  # a Scenario stands for its game
    concept = concept or _default_concept(game)
    if concept not in METHODS:
        raise GameError(
            f"solve: unknown concept {concept!r}{did_you_mean(concept, METHODS)}; "
            f"available: {', '.join(METHODS)}"
        )
    methods = METHODS[concept]
    if isinstance(game, ExtensiveGame) and concept in TREE_METHODS:
        methods = TREE_METHODS[concept]
    method = method or next(iter(methods))
    if method not in methods:
        raise GameError(
            f"solve: unknown method {method!r} for concept {concept!r}"
            f"{did_you_mean(method, methods)}; available: {', '.join(methods)}"
        )
    return _resolve(methods[method])(game, **options)
