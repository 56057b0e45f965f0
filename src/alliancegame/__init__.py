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

from .analysis.decision import (
    DecisionProblem,
    ExponentialUtility,
    RollbackResult,
    ValueOfInformation,
    rollback,
    value_of_information,
)
from .analysis.mixed_sweep import BatchNashResult, nash_batch
from .analysis.regions import Boundary, Region, RegionMap, regions
from .analysis.statics import (
    ComparativeStatics,
    StaticsDerivative,
    StaticsPoint,
    comparative_statics,
)
from .analysis.sweep import SweepFailure, SweepResult, sweep
from .analysis.thresholds import Threshold, ThresholdResult, thresholds
from .analysis.uncertainty import (
    SobolResult,
    TornadoBar,
    TornadoResult,
    UncertaintyResult,
    action_margin,
    equilibrium_payoff,
    outcome_indicator,
    sobol,
    sobol_indices,
    tornado,
    uncertainty,
)
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
from .games.distributions import Beta, Discrete, Distribution, Normal, Triangular, Uniform
from .games.extensive import (
    Chance,
    Decision,
    ExtensiveGame,
    FlatTree,
    Infoset,
    Terminal,
    chance,
    decision,
    terminal,
)
from .games.normal import NormalFormGame
from .games.parameters import Parameter, ParameterSet
from .io.gambit import read_efg, read_gambit, read_nfg, write_efg, write_nfg
from .scenarios import Scenario, load, validate_file
from .scenarios.catalog import CatalogEntry, catalog, load_catalog
from .solvers.backward import backward_induction, backward_induction_batch
from .solvers.dominance import Elimination, iterated_dominance
from .solvers.lemke_howson import lemke_howson
from .solvers.mixed import nashpy_solve
from .solvers.pure import pure_nash, pure_nash_mask
from .solvers.qre import QREBranch, QREProfile, logit_qre, logit_solve, qre_branch
from .solvers.result import BehaviorProfile, PathStep, SolverResult, StrategyProfile
from .solvers.solve import METHODS, TREE_METHODS, solve
from .solvers.support import support_enumeration
from .solvers.tree_nash import (
    behavior_from_mixed,
    tree_lemke_howson,
    tree_logit,
    tree_nash,
    tree_pure_nash,
    tree_regret,
)
from .solvers.verify import regret
from .solvers.vertex import vertex_enumeration
from .solvers.zerosum import Maximin, maximin, zero_sum

__version__ = "0.1.0.dev0"

__all__ = [
    "METHODS",
    "TREE_METHODS",
    "AllianceGameError",
    "AllianceGameWarning",
    "BatchNashResult",
    "BehaviorProfile",
    "Beta",
    "Boundary",
    "CatalogEntry",
    "Chance",
    "ComparativeStatics",
    "ConvergenceWarning",
    "Decision",
    "DecisionProblem",
    "DegenerateGameWarning",
    "Discrete",
    "Distribution",
    "Elimination",
    "ExponentialUtility",
    "ExpressionError",
    "ExtensiveGame",
    "FlatTree",
    "GameError",
    "GameTooLargeError",
    "Infoset",
    "Kernel",
    "Maximin",
    "ModelFileError",
    "Normal",
    "NormalFormGame",
    "Parameter",
    "ParameterSet",
    "PathStep",
    "QREBranch",
    "QREProfile",
    "Region",
    "RegionMap",
    "RollbackResult",
    "Scenario",
    "SobolResult",
    "SolverError",
    "SolverResult",
    "StaticsDerivative",
    "StaticsPoint",
    "StrategyProfile",
    "SweepFailure",
    "SweepResult",
    "Terminal",
    "Threshold",
    "ThresholdResult",
    "TornadoBar",
    "TornadoResult",
    "Triangular",
    "UncertaintyResult",
    "Uniform",
    "UnknownNameError",
    "ValueOfInformation",
    "__version__",
    "action_margin",
    "backward_induction",
    "backward_induction_batch",
    "behavior_from_mixed",
    "catalog",
    "chance",
    "comparative_statics",
    "decision",
    "equilibrium_payoff",
    "iterated_dominance",
    "lemke_howson",
    "load",
    "load_catalog",
    "logit_qre",
    "logit_solve",
    "maximin",
    "nash_batch",
    "nashpy_solve",
    "outcome_indicator",
    "parse_expression",
    "pure_nash",
    "pure_nash_mask",
    "qre_branch",
    "read_efg",
    "read_gambit",
    "read_nfg",
    "regions",
    "regret",
    "rollback",
    "sobol",
    "sobol_indices",
    "solve",
    "support_enumeration",
    "sweep",
    "terminal",
    "thresholds",
    "tornado",
    "tree_lemke_howson",
    "tree_logit",
    "tree_nash",
    "tree_pure_nash",
    "tree_regret",
    "uncertainty",
    "validate_file",
    "value_of_information",
    "vertex_enumeration",
    "write_efg",
    "write_nfg",
    "zero_sum",
]
