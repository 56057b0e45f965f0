"""alliancegame: game-theoretic and decision analysis of alliance and escalation choices.

Games are functions of named parameters; solvers return verified equilibria addressed by name.

Examples
--------
>>> import alliancegame as ag
>>> pd = ag.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                    players=["Russia", "US"],
...                                    strategies=[["cooperate", "defect"]] * 2)
>>> ag.solve(pd, "pure")[0]["Russia"]
{'cooperate': Fraction(0, 1), 'defect': Fraction(1, 1)}
"""

from .analysis.sweep import SweepFailure, SweepResult, sweep
from .core.errors import (
    AllianceGameError,
    AllianceGameWarning,
    ConvergenceWarning,
    DegenerateGameWarning,
    ExpressionError,
    GameError,
    GameTooLargeError,
    ModelFileError,
    SolverError,
    UnknownNameError,
)
from .core.expr import Kernel, parse_expression
from .games.normal import NormalFormGame
from .games.parameters import Parameter, ParameterSet
from .solvers.pure import pure_nash, pure_nash_mask
from .solvers.result import BehaviorProfile, PathStep, SolverResult, StrategyProfile
from .solvers.solve import METHODS, solve
from .solvers.verify import regret

__version__ = "0.1.0.dev0"

__all__ = [
    "METHODS",
    "AllianceGameError",
    "AllianceGameWarning",
    "BehaviorProfile",
    "ConvergenceWarning",
    "DegenerateGameWarning",
    "ExpressionError",
    "GameError",
    "GameTooLargeError",
    "Kernel",
    "ModelFileError",
    "NormalFormGame",
    "Parameter",
    "ParameterSet",
    "PathStep",
    "SolverError",
    "SolverResult",
    "StrategyProfile",
    "SweepFailure",
    "SweepResult",
    "UnknownNameError",
    "__version__",
    "parse_expression",
    "pure_nash",
    "pure_nash_mask",
    "regret",
    "solve",
    "sweep",
]
