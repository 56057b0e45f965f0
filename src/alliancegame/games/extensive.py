"""Extensive-form (tree) games: moves in sequence, chance, and what each player knows.

An extensive-form game (Kuhn, 1953) is a finite rooted tree. Every non-terminal node belongs to a
player, who picks one of the node's *actions*, or to *chance*, which picks an *outcome* with given
probabilities; every terminal node carries one payoff per player. What a player knows when moving
is described by *information sets*: decision nodes of the same player that the player cannot tell
apart. All nodes of an information set must therefore offer the same actions. When every
information set is a single node the game has *perfect information* and can be solved by backward
induction (:func:`alliancegame.backward_induction`).

A game has *perfect recall* when no player ever forgets what it knew or did: all nodes of an
information set are reached after the same sequence of the player's own information sets and
actions. Kuhn (1953) showed that with perfect recall behaviour strategies (independent randomisation
at each information set) are equivalent to mixed strategies, which is what the sequence-form and
normal-form methods rely on; :class:`ExtensiveGame` therefore refuses games without perfect recall
unless asked not to (``require_perfect_recall=False``).

Building a tree
---------------
Trees are written with three constructors that nest like the tree itself::

    decision(player, {action: child, ...}, infoset=None, label="")
    chance({outcome: (probability, child), ...}, label="")
    terminal(payoff_1, ..., payoff_N, label="")      or  terminal(US=-2, Russia=0)

Payoffs and probabilities are numbers, :class:`~fractions.Fraction` objects, expression strings or
SymPy expressions in the game's declared parameters (parsed by the safe parser of
:mod:`alliancegame.core.expr`; nothing is evaluated). Actions keep the order given; solvers break
ties in favour of the first-listed action. Decision nodes given the same ``infoset`` label form
one information set; without a label a node is its own information set, labelled automatically
from the moves that lead to it (``"Russia after US:Strike"``).

Chance probabilities are checked when the game is built: numbers must lie in [0, 1] and sum to 1
at every chance node; expressions are checked symbolically where SymPy can (a sum that simplifies
to 1) and numerically at the corners, at the defaults and at 256 quasi-random (Halton) points of
the parameters' declared ranges (a parameter without bounds is checked in a neighbourhood of its
default: ``default ± max(1, |default|)``).

The flat form
-------------
:meth:`ExtensiveGame.flat` returns a :class:`FlatTree`: the nodes in breadth-first order (every
child after its parent, the children of a node contiguous), as integer arrays, with compiled batch
evaluators of payoffs and probabilities. A pass over its levels from the deepest up performs
backward induction for a whole batch of parameter points with NumPy.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. In *Contributions to the
Theory of Games II*, Annals of Mathematics Studies 28, 193–216.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

import numpy as np
import numpy.typing as npt
import sympy

from ..core.arrays import available_memory, check_allocation
from ..core.errors import ExpressionError, GameError, UnknownNameError, did_you_mean
from ..core.expr import Kernel, as_expression, exact_value, to_fraction
from .parameters import Parameter, ParameterSet

if TYPE_CHECKING:
    from .normal import NormalFormGame

__all__ = [
    "CHANCE",
    "DECISION",
    "TERMINAL",
    "Chance",
    "Decision",
    "ExtensiveGame",
    "FlatTree",
    "Infoset",
    "Node",
    "Terminal",
    "TreeValues",
    "Value",
    "ValuesKernel",
    "chance",
    "decision",
    "terminal",
]

DECISION: int = 0
"""Node kind code of a decision node in :attr:`FlatTree.kind`."""
CHANCE: int = 1
"""Node kind code of a chance node in :attr:`FlatTree.kind`."""
TERMINAL: int = 2
"""Node kind code of a terminal node in :attr:`FlatTree.kind`."""

Value: TypeAlias = int | Fraction | float | sympy.Expr
"""A payoff or probability as stored: an exact ``int``/``Fraction``, a ``float``, or an expression
with free parameters."""

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]

_PROB_TOL = 1e-9
_NODE_BYTES = 400  # a generous estimate of what one node costs across the game's structures
_SAMPLE_POINTS = 256  # quasi-random (Halton) points when checking symbolic probabilities
_MAX_CORNER_DIMS = 10


# --------------------------------------------------------------------------------------------
# Nodes
# --------------------------------------------------------------------------------------------


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GameError(f"{what}: must be a non-empty string, got {value!r}")
    return value


def _check_raw(value: object, what: str) -> None:
    """Reject at once what can never be a payoff or probability (and non-finite numbers)."""
    if isinstance(value, bool):
        raise GameError(f"{what}: booleans are not numbers, got {value!r}")
    if isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise GameError(f"{what}: must be finite, got {value!r}")
        return
    if isinstance(value, int | np.integer | Fraction | str | sympy.Basic | Rational):
        return
    raise GameError(
        f"{what}: expected a number, a Fraction, an expression string or a SymPy expression, "
        f"got {type(value).__name__} {value!r}"
    )


def _pairs(items: object, what: str) -> list[tuple[Any, Any]]:
    if isinstance(items, Mapping):
        return list(items.items())
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise GameError(
            f"{what}: expected a mapping {{name: ...}} or a sequence of (name, ...) pairs, "
            f"got {type(items).__name__}"
        )
    out = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise GameError(f"{what}: expected (name, ...) pairs, got {item!r}")
        out.append(item)
    return out


def _check_children(children: tuple[Any, ...], names: tuple[str, ...], what: str) -> None:
    for name, child in zip(names, children, strict=True):
        if not isinstance(child, Decision | Chance | Terminal):
            raise GameError(
                f"{what}: the child of {name!r} must be a node made with decision(), chance() or "
                f"terminal(), got {type(child).__name__} {child!r}"
            )


def _check_unique(names: tuple[str, ...], what: str, kind: str) -> None:
    if not names:
        raise GameError(f"{what}: needs at least one {kind}, got none")
    for n in names:
        if type(n) is not str or not n.strip():
            _name(n, f"{what}: {kind} name")
    if len(set(names)) == len(names):
        return
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise GameError(f"{what}: duplicate {kind} name(s) {', '.join(map(repr, dupes))}")


def _fmt_raw(v: object) -> str:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str):
        return repr(v)
    return str(v)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Decision:
    """A decision node: ``player`` picks one of ``actions``, each leading to a child node.

    Build it with :func:`decision`. Nodes are immutable; equality is identity (compare whole
    games with ``==``).

    Attributes
    ----------
    player : str
        The player who moves (a name from the game's ``players``).
    actions : tuple of str
        Action names, in order (ties are broken in favour of earlier actions).
    children : tuple of nodes
        The node each action leads to.
    infoset : str or None
        Information-set label; nodes sharing a label form one information set.
    label : str
        An optional name for the node itself.

    Examples
    --------
    >>> d = decision("US", {"Hold": terminal(0, 0), "Strike": terminal(1, -1)})
    >>> d
    Decision('US', actions=('Hold', 'Strike'))
    >>> d.actions
    ('Hold', 'Strike')
    """

    player: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    infoset: str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        _name(self.player, "decision: player")
        what = f"decision of {self.player!r}"
        actions, children = tuple(self.actions), tuple(self.children)
        object.__setattr__(self, "actions", actions)
        object.__setattr__(self, "children", children)
        _check_unique(actions, what, "action")
        if len(actions) != len(children):
            raise GameError(f"{what}: {len(actions)} actions but {len(children)} children")
        _check_children(children, actions, what)
        if self.infoset is not None:
            _name(self.infoset, f"{what}: infoset label")
        if not isinstance(self.label, str):
            raise GameError(f"{what}: label must be a string, got {self.label!r}")

    def __repr__(self) -> str:
        info = f", infoset={self.infoset!r}" if self.infoset is not None else ""
        label = f", label={self.label!r}" if self.label else ""
        return f"Decision({self.player!r}, actions={self.actions!r}{info}{label})"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Chance:
    """A chance node: nature picks one of ``outcomes`` with the given probabilities.

    Build it with :func:`chance`.

    Attributes
    ----------
    outcomes : tuple of str
        Outcome names, in order.
    probabilities : tuple
        One probability per outcome, as given (number, Fraction, expression text or SymPy).
    children : tuple of nodes
        The node each outcome leads to.
    label : str
        An optional name for the node.

    Examples
    --------
    >>> c = chance({"war": ("p", terminal(-5, -5)), "peace": ("1 - p", terminal(1, 0))})
    >>> c
    Chance(outcomes=('war', 'peace'), probabilities=('p', '1 - p'))
    """

    outcomes: tuple[str, ...]
    probabilities: tuple[object, ...]
    children: tuple[Node, ...]
    label: str = ""

    def __post_init__(self) -> None:
        what = "chance node" + (f" {self.label!r}" if self.label else "")
        outcomes = tuple(self.outcomes)
        probs, children = tuple(self.probabilities), tuple(self.children)
        object.__setattr__(self, "outcomes", outcomes)
        object.__setattr__(self, "probabilities", probs)
        object.__setattr__(self, "children", children)
        _check_unique(outcomes, what, "outcome")
        if not len(outcomes) == len(probs) == len(children):
            raise GameError(
                f"{what}: {len(outcomes)} outcomes, {len(probs)} probabilities and "
                f"{len(children)} children"
            )
        for o, p in zip(outcomes, probs, strict=True):
            _check_raw(p, f"{what}: probability of {o!r}")
        _check_children(children, outcomes, what)
        if not isinstance(self.label, str):
            raise GameError(f"{what}: label must be a string, got {self.label!r}")

    def __repr__(self) -> str:
        probs = ", ".join(_fmt_raw(p) for p in self.probabilities)
        trail = "," if len(self.probabilities) == 1 else ""
        label = f", label={self.label!r}" if self.label else ""
        return f"Chance(outcomes={self.outcomes!r}, probabilities=({probs}{trail}){label})"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Terminal:
    """A terminal node: the game ends and each player receives a payoff.

    Build it with :func:`terminal`. Payoffs are either positional (in the game's player order,
    ``payoffs``) or by player name (``by_player``), never both.

    Examples
    --------
    >>> terminal(-2, 0)
    Terminal(-2, 0)
    >>> terminal(US=-2, Russia="B - c").by_player
    (('US', -2), ('Russia', 'B - c'))
    """

    payoffs: tuple[object, ...] = ()
    by_player: tuple[tuple[str, object], ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        what = "terminal" + (f" {self.label!r}" if self.label else "")
        payoffs, by_player = tuple(self.payoffs), tuple(self.by_player)
        object.__setattr__(self, "payoffs", payoffs)
        object.__setattr__(self, "by_player", by_player)
        if payoffs and by_player:
            raise GameError(
                f"{what}: give payoffs either by position or by player name, not both "
                f"(got {len(payoffs)} positional and {len(by_player)} named)"
            )
        for k, v in enumerate(payoffs):
            _check_raw(v, f"{what}: payoff {k + 1}")
        names = [p for p, _ in by_player]
        for p, v in by_player:
            _name(p, f"{what}: player name")
            _check_raw(v, f"{what}: payoff of {p!r}")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise GameError(f"{what}: more than one payoff for {', '.join(map(repr, dupes))}")
        if not isinstance(self.label, str):
            raise GameError(f"{what}: label must be a string, got {self.label!r}")

    @property
    def children(self) -> tuple[Node, ...]:
        """A terminal node has no children."""
        return ()

    def __repr__(self) -> str:
        parts = [_fmt_raw(v) for v in self.payoffs]
        parts += [f"{p}={_fmt_raw(v)}" for p, v in self.by_player]
        if self.label:
            parts.append(f"label={self.label!r}")
        return f"Terminal({', '.join(parts)})"


Node: TypeAlias = Decision | Chance | Terminal
"""Any tree node."""


def decision(
    player: str,
    actions: Mapping[str, Node] | Iterable[tuple[str, Node]],
    infoset: str | None = None,
    label: str = "",
) -> Decision:
    """A decision node of ``player`` with the given actions and the subtrees they lead to.

    Parameters
    ----------
    player : str
        Who moves.
    actions : mapping of str to node, or sequence of (str, node) pairs
        Action names and their children, in order.
    infoset : str, optional
        Information-set label; decision nodes sharing it form one information set and must have
        the same player and actions. ``None`` makes a singleton set with an automatic label.
    label : str
        Optional node name (shown by :meth:`ExtensiveGame.render` and kept by Gambit files).

    Raises
    ------
    GameError
        On an empty action set, duplicate or empty action names, or a child that is not a node.

    Examples
    --------
    >>> decision("Russia", {"Arm": terminal(1, 2), "Stay": terminal(0, 0)}, infoset="R")
    Decision('Russia', actions=('Arm', 'Stay'), infoset='R')
    >>> decision("Russia", {})
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: decision of 'Russia': needs at least one action, got none
    """
    pairs = _pairs(actions, f"decision of {player!r}: actions")
    return Decision(player, tuple(a for a, _ in pairs), tuple(c for _, c in pairs), infoset, label)


def chance(
    outcomes: Mapping[str, tuple[object, Node]] | Iterable[tuple[str, tuple[object, Node]]],
    label: str = "",
) -> Chance:
    """A chance node: ``{outcome: (probability, child)}``.

    Probabilities may be numbers, fractions or expressions in the game's parameters; they are
    checked (each in [0, 1], summing to 1) when the game is built.

    Examples
    --------
    >>> chance({"war": ("1/10", terminal(-5)), "peace": (0.9, terminal(1))}).outcomes
    ('war', 'peace')
    >>> chance({"war": 0.5})
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: chance node: outcome 'war' needs a (probability, child) ...
    """
    what = "chance node" + (f" {label!r}" if label else "")
    pairs = _pairs(outcomes, f"{what}: outcomes")
    probs: list[object] = []
    children: list[Any] = []
    for name, spec in pairs:
        if not isinstance(spec, tuple) or len(spec) != 2:
            raise GameError(
                f"{what}: outcome {name!r} needs a (probability, child) pair, got {spec!r}"
            )
        probs.append(spec[0])
        children.append(spec[1])
    return Chance(tuple(n for n, _ in pairs), tuple(probs), tuple(children), label)


def terminal(*payoffs: object, label: str = "", **by_player: object) -> Terminal:
    """A terminal node with one payoff per player, by position or by player name.

    ``terminal(1, -1)`` lists payoffs in the game's player order; ``terminal(US=1, Russia=-1)``
    names them (all players must be given). For names that are not Python identifiers pass a
    mapping: ``terminal({"Player 1": 1, "Player 2": -1})``.

    Examples
    --------
    >>> terminal(1, "-V")
    Terminal(1, '-V')
    >>> terminal({"Player 1": 1, "Player 2": -1}).by_player
    (('Player 1', 1), ('Player 2', -1))
    >>> terminal(float("nan"), 0)
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: terminal: payoff 1: must be finite, got nan
    """
    if len(payoffs) == 1 and isinstance(payoffs[0], Mapping) and not by_player:
        return Terminal((), tuple(payoffs[0].items()), label)
    return Terminal(tuple(payoffs), tuple(by_player.items()), label)


@dataclass(frozen=True, slots=True)
class Infoset:
    """An information set: decision nodes of one player that the player cannot tell apart.

    Attributes
    ----------
    label : str
        The set's label (given with ``infoset=``, or automatic).
    player : str
        The player who moves there.
    actions : tuple of str
        The actions available at every node of the set.
    nodes : tuple of int
        The nodes of the set, as indices into :attr:`ExtensiveGame.nodes` (pre-order).

    Examples
    --------
    >>> g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}))
    >>> g.infosets[0]
    (Infoset(label='A at root', player='A', actions=('x', 'y'), nodes=(0,)),)
    """

    label: str
    player: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


class TreeValues(NamedTuple):
    """Payoffs and chance probabilities of a tree at a batch of parameter points.

    Attributes
    ----------
    payoffs : ndarray
        Shape ``(*batch, n_terminals, n_players)``; terminals in the order of
        :attr:`ExtensiveGame.terminals`.
    probabilities : ndarray
        Shape ``(*batch, n_chance_edges)``: the chance nodes in the order of
        :attr:`ExtensiveGame.chance_nodes`, each with its outcomes in order.
    """

    payoffs: FloatArray
    probabilities: FloatArray


# --------------------------------------------------------------------------------------------
# Values and their batch evaluation
# --------------------------------------------------------------------------------------------


def _normalise(raw: object, table: Mapping[str, sympy.Symbol], what: Callable[[], str]) -> Value:
    """Turn a payoff/probability as given into the stored form (int, Fraction, float or Expr)."""
    if isinstance(raw, bool):
        raise GameError(f"{what()}: booleans are not numbers, got {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, np.integer):
        return int(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, float | np.floating):
        f = float(raw)
        if not math.isfinite(f):
            raise GameError(f"{what()}: must be finite, got {raw!r}")
        return f
    if isinstance(raw, str | sympy.Basic):
        try:
            e = as_expression(raw, table)
        except UnknownNameError as exc:
            raise UnknownNameError(
                f"{what()}: {exc}", exc.name, exc.known, exc.text, exc.offset
            ) from None
        except ExpressionError as exc:
            raise ExpressionError(f"{what()}: {exc}", exc.text, exc.offset) from None
        if e.free_symbols:
            return e
        if isinstance(e, sympy.Rational):
            return int(e.p) if e.q == 1 else Fraction(int(e.p), int(e.q))
        try:
            f = float(e)
        except TypeError:
            raise GameError(f"{what()}: {e} is not a real number") from None
        if not math.isfinite(f):
            raise GameError(f"{what()}: must be finite, got {e}")
        return f
    if isinstance(raw, Rational):
        return to_fraction(raw)
    raise GameError(
        f"{what()}: expected a number, a Fraction or an expression, got {type(raw).__name__} "
        f"{raw!r}"
    )


def _fmt_value(v: object) -> str:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


class ValuesKernel:
    """Batch evaluator of a list of tree values (numbers and expressions).

    Numbers are stored once as a float vector; only the entries that are expressions are compiled
    into a :class:`~alliancegame.Kernel`. A tree with a million numeric payoffs therefore costs one
    array copy per call, not a million compiled expressions.

    Parameters
    ----------
    values : sequence of Value
        Ints, fractions, floats or SymPy expressions.
    names : sequence of str
        The parameter names the expressions may use.

    Examples
    --------
    >>> import sympy
    >>> k = ValuesKernel([1, Fraction(1, 2), sympy.Symbol("x", real=True) * 2], ["x"])
    >>> k({"x": np.array([0.0, 1.0])})
    array([[1. , 0.5, 0. ],
           [1. , 0.5, 2. ]])
    """

    __slots__ = ("constant", "kernel", "names", "size", "symbolic")

    def __init__(self, values: Sequence[Value], names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.size = len(values)
        sym = [i for i, v in enumerate(values) if isinstance(v, sympy.Basic)]
        const = np.zeros(self.size, dtype=float)
        if len(sym) < self.size:
            mask = np.ones(self.size, dtype=bool)
            mask[sym] = False
            const[mask] = np.fromiter(
                (float(v) for v in values if not isinstance(v, sympy.Basic)),
                dtype=float,
                count=self.size - len(sym),
            )
        self.constant = const
        self.symbolic: IntArray = np.asarray(sym, dtype=np.int64)
        self.kernel: Kernel | None = Kernel([values[i] for i in sym], self.names) if sym else None

    def __call__(
        self, values: Mapping[str, npt.ArrayLike], batch_shape: tuple[int, ...] | None = None
    ) -> FloatArray:
        """Evaluate at a batch of points: shape ``(*batch, size)``.

        ``batch_shape`` defaults to the broadcast shape of the given arrays.
        """
        arrays = {n: np.asarray(values[n], dtype=float) for n in self.names if n in values}
        if batch_shape is None:
            batch_shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        out = np.empty((*batch_shape, self.size), dtype=float)
        out[...] = self.constant
        if self.kernel is not None:
            sym = self.kernel(arrays)
            out[..., self.symbolic] = np.broadcast_to(sym, (*batch_shape, len(self.symbolic)))
        return out

    def columns(self, values: Mapping[str, npt.ArrayLike], b: int) -> FloatArray:
        """Evaluate at ``b`` points given as flat arrays: shape ``(size, b)``, one row per value.

        This layout (values by row, the batch contiguous) is what level-by-level tree algorithms
        read; the compiled kernel writes straight into it.

        Examples
        --------
        >>> import sympy
        >>> x = sympy.Symbol("x", real=True)
        >>> ValuesKernel([1, x, 2 * x], ["x"]).columns({"x": np.array([0.0, 1.0])}, 2)
        array([[1., 1.],
               [0., 1.],
               [0., 2.]])
        """
        n_sym = len(self.symbolic)
        if self.kernel is None:
            return np.repeat(self.constant[:, None], b, axis=1)
        arrays = {
            n: np.broadcast_to(np.asarray(values[n], dtype=float), (b,))
            for n in self.names
            if n in values
        }
        sym = np.empty((n_sym, b), dtype=float)
        self.kernel(arrays, out=sym.T)
        if n_sym == self.size:
            if np.array_equal(self.symbolic, np.arange(self.size)):
                return sym
            full = np.empty((self.size, b), dtype=float)
            full[self.symbolic] = sym
            return full
        full = np.empty((self.size, b), dtype=float)
        full[...] = self.constant[:, None]
        full[self.symbolic] = sym
        return full

    def __repr__(self) -> str:
        return f"ValuesKernel({self.size} values, {len(self.symbolic)} symbolic)"


def _parameter_box(p: Parameter) -> tuple[float, float]:
    """The range over which a parameter is checked: its bounds, or its default's neighbourhood."""
    lo, hi = p.lower, p.upper
    if lo is not None and hi is not None:
        return float(lo), float(hi)
    if p.default is not None:
        center = float(p.default)
    elif lo is not None:
        center = float(lo)
    elif hi is not None:
        center = float(hi)
    else:
        center = 0.0
    radius = max(1.0, abs(center))
    a = float(lo) if lo is not None else center - radius
    b = float(hi) if hi is not None else center + radius
    return a, b


def _halton(n: int, d: int) -> FloatArray:
    """The first ``n`` points (after the origin) of the ``d``-dimensional Halton sequence."""
    primes: list[int] = []
    candidate = 2
    while len(primes) < d:
        if all(candidate % q for q in primes):
            primes.append(candidate)
        candidate += 1
    out = np.zeros((n, d), dtype=float)
    index = np.arange(1, n + 1)
    for j, base in enumerate(primes):
        k = index.copy()
        f = 1.0
        while k.any():
            f /= base
            out[:, j] += f * (k % base)
            k //= base
    return out


def _sample_points(params: Sequence[Parameter]) -> dict[str, FloatArray]:
    """Corners (up to 2**10), defaults and a Halton sample of the parameters' box."""
    boxes = np.array([_parameter_box(p) for p in params], dtype=float).reshape(-1, 2)
    d = len(params)
    blocks = []
    if d <= _MAX_CORNER_DIMS:
        blocks.append(np.array(list(itertools.product((0.0, 1.0), repeat=d)), dtype=float))
    blocks.append(_halton(_SAMPLE_POINTS, d))
    unit = np.concatenate(blocks).reshape(-1, d)
    pts = boxes[:, 0] + unit * (boxes[:, 1] - boxes[:, 0])
    defaults = [p.default for p in params]
    if all(v is not None for v in defaults):
        pts = np.vstack([np.array([[float(v) for v in defaults if v is not None]]), pts])
    return {p.name: pts[:, j] for j, p in enumerate(params)}


# --------------------------------------------------------------------------------------------
# The game
# --------------------------------------------------------------------------------------------


def _count_nodes(root: Node, budget: int | None = None) -> int:
    """Number of positions in the tree, counting shared subtrees once per occurrence.

    With a ``budget``, positions are counted by walking the tree while there are at most that
    many; past it they are counted through the distinct node objects instead (a tree that shares
    subtrees can have astronomically many positions).
    """
    if budget is not None:
        n = 0
        walk: list[Node] = [root]
        while walk:
            node = walk.pop()
            n += 1
            if n > budget:
                return _count_nodes(root)
            walk.extend(node.children)
        return n
    memo: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in memo:
            continue
        if done:
            memo[key] = 1 + sum(memo[id(c)] for c in node.children)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in node.children if id(c) not in memo)
    return memo[id(root)]


class ExtensiveGame:
    """A finite game in extensive form: a tree of decisions, chance moves and payoffs.

    Parameters
    ----------
    players : sequence of str
        Player names, in the order used for positional payoffs.
    root : Decision, Chance or Terminal
        The root of the tree, built with :func:`decision`, :func:`chance` and :func:`terminal`.
    parameters : sequence of Parameter or str, or mapping of name to default, optional
        The parameters payoff and probability expressions may use.
    title : str
        A title for display and files.
    require_perfect_recall : bool
        Refuse games in which a player forgets its own earlier information or actions (default).
        With ``False`` such games are accepted and :attr:`has_perfect_recall` reports it.

    Raises
    ------
    GameError
        On malformed trees: unknown players, inconsistent information sets, imperfect recall,
        payoffs of the wrong count, non-finite values, invalid chance probabilities.
    UnknownNameError
        On a name (player or parameter) that is not declared, with a "did you mean".
    GameTooLargeError
        If the tree would not fit in memory (checked before it is expanded).

    Examples
    --------
    >>> from alliancegame import Parameter
    >>> game = ExtensiveGame(
    ...     players=["US", "Russia"],
    ...     root=decision("US", {
    ...         "Hold": terminal(US=-2, Russia=0),
    ...         "Strike": decision("Russia", {
    ...             "Arm": terminal("B - c", "-V"),
    ...             "Stay": chance({"war": ("p", terminal(-5, -5)),
    ...                             "peace": ("1 - p", terminal(1, 0))}),
    ...         }, infoset="Russia|Strike"),
    ...     }),
    ...     parameters=[Parameter("B", 6), Parameter("c", 1), Parameter("V", 4),
    ...                 Parameter("p", 0.1, 0, 1)],
    ...     title="Toy strike game",
    ... )
    >>> game
    ExtensiveGame('Toy strike game', players=('US', 'Russia'), nodes=7, terminals=4,
                  perfect information, parameters=('B', 'c', 'V', 'p'))
    >>> print(game.render())
    Toy strike game
    US
    ├─ Hold → (US: -2, Russia: 0)
    └─ Strike → Russia [Russia|Strike]
       ├─ Arm → (US: B - c, Russia: -V)
       └─ Stay → chance
          ├─ war (p) → (US: -5, Russia: -5)
          └─ peace (1 - p) → (US: 1, Russia: 0)
    >>> game.at(p=0.5).terminal_payoffs[1]
    (5.0, -4.0)
    """

    __slots__ = (
        "_cache",
        "_chance_nodes",
        "_chance_values",
        "_child_idx",
        "_child_ptr",
        "_depth",
        "_edge",
        "_infoset",
        "_infoset_explicit",
        "_infoset_player",
        "_kind",
        "_node_kind",
        "_nodes",
        "_parameters",
        "_parent",
        "_perfect_recall",
        "_player",
        "_players",
        "_root",
        "_term_nodes",
        "_term_values",
        "title",
    )

    def __init__(
        self,
        players: Sequence[str],
        root: Node,
        parameters: Iterable[Parameter | str] | Mapping[str, Any] | None = None,
        title: str = "",
        *,
        require_perfect_recall: bool = True,
    ) -> None:
        if isinstance(players, str) or not isinstance(players, Sequence):
            raise GameError(f"players: expected a sequence of names, got {players!r}")
        if not players:
            raise GameError("players: a game needs at least one player, got none")
        names = [_name(p, "players: every name") for p in players]
        dupes = sorted({p for p in names if names.count(p) > 1})
        if dupes:
            raise GameError(f"players: duplicate name(s) {', '.join(map(repr, dupes))}")
        self._players: tuple[str, ...] = tuple(names)
        self._parameters = ParameterSet(parameters)
        if not isinstance(title, str):
            raise GameError(f"title: must be a string, got {title!r}")
        self.title = title
        if not isinstance(root, Decision | Chance | Terminal):
            raise GameError(
                f"root: must be a node made with decision(), chance() or terminal(), got "
                f"{type(root).__name__}"
            )
        self._root = root
        self._cache: dict[str, Any] = {}
        # walk up to a million positions; beyond, count through the distinct node objects
        n = _count_nodes(root, min(2**20, int(available_memory() * 0.5) // _NODE_BYTES))
        check_allocation((n,), _NODE_BYTES, f"ExtensiveGame: a tree of {n} nodes")
        self._expand(root, n)
        self._classify()
        self._build_infosets()
        self._perfect_recall = True
        if not self.is_perfect_information:
            self._check_recall(require_perfect_recall)
        self._check_probabilities()
        if self._parameters:
            self._kind = "symbolic"
        else:
            every = itertools.chain(*self._term_values, *self._chance_values)
            self._kind = "float" if any(isinstance(v, float) for v in every) else "exact"

    # ------------------------------------------------------------------ construction steps
    def _expand(self, root: Node, n: int) -> None:
        nodes: list[Node] = []
        parents: list[int] = []
        edges: list[int] = []
        depths: list[int] = []
        stack: list[tuple[Node, int, int, int]] = [(root, -1, -1, 0)]
        push, pop = stack.append, stack.pop
        while stack:
            node, par, e, d = pop()
            k = len(nodes)
            nodes.append(node)
            parents.append(par)
            edges.append(e)
            depths.append(d)
            ch = node.children
            for j in range(len(ch) - 1, -1, -1):
                push((ch[j], k, j, d + 1))
        parent = np.array(parents, dtype=np.int64)
        edge = np.array(edges, dtype=np.int64)
        depth = np.array(depths, dtype=np.int64)
        self._nodes: tuple[Node, ...] = tuple(nodes)
        self._parent: IntArray = parent
        self._edge: IntArray = edge
        self._depth: IntArray = depth
        counts = np.bincount(parent[1:], minlength=n) if n > 1 else np.zeros(n, dtype=np.int64)
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        self._child_ptr: IntArray = ptr
        self._child_idx: IntArray = (
            np.argsort(parent[1:], kind="stable").astype(np.int64) + 1
            if n > 1
            else np.zeros(0, dtype=np.int64)
        )

    def _classify(self) -> None:
        n = len(self._nodes)
        kind = np.empty(n, dtype=np.int8)
        player = np.full(n, -1, dtype=np.int64)
        pindex = {p: i for i, p in enumerate(self._players)}
        table = {p.name: p.symbol for p in self._parameters}
        term_nodes: list[int] = []
        term_values: list[tuple[Value, ...]] = []
        chance_nodes: list[int] = []
        chance_values: list[tuple[Value, ...]] = []
        n_players = len(self._players)
        for k, node in enumerate(self._nodes):
            if isinstance(node, Decision):
                kind[k] = DECISION
                i = pindex.get(node.player)
                if i is None:
                    raise UnknownNameError(
                        f"decision {self._where(k)}: unknown player {node.player!r}"
                        f"{did_you_mean(node.player, self._players)}; players: "
                        f"{', '.join(self._players)}",
                        node.player,
                        self._players,
                    )
                player[k] = i
            elif isinstance(node, Chance):
                kind[k] = CHANCE
                chance_nodes.append(k)
                chance_values.append(
                    tuple(
                        _normalise(v, table, self._describer(k, "chance", f"probability of {o!r}"))
                        for o, v in zip(node.outcomes, node.probabilities, strict=True)
                    )
                )
            else:
                kind[k] = TERMINAL
                term_nodes.append(k)
                if node.by_player:
                    given = dict(node.by_player)
                    for name in given:
                        if name not in pindex:
                            raise UnknownNameError(
                                f"terminal {self._where(k)}: payoff for unknown player {name!r}"
                                f"{did_you_mean(name, self._players)}; players: "
                                f"{', '.join(self._players)}",
                                name,
                                self._players,
                            )
                    missing = [p for p in self._players if p not in given]
                    if missing:
                        raise GameError(
                            f"terminal {self._where(k)}: no payoff for player(s) "
                            f"{', '.join(map(repr, missing))}"
                        )
                    raw: Sequence[object] = [given[p] for p in self._players]
                else:
                    raw = node.payoffs
                    if len(raw) == n_players and all(type(v) is int for v in raw):
                        term_values.append(raw)  # the common case, already normalised
                        continue
                    if len(raw) != n_players:
                        raise GameError(
                            f"terminal {self._where(k)}: {len(raw)} payoff(s) for {n_players} "
                            f"player(s) ({', '.join(self._players)})"
                        )
                term_values.append(
                    tuple(
                        _normalise(v, table, self._describer(k, "terminal", f"payoff of {p!r}"))
                        for p, v in zip(self._players, raw, strict=True)
                    )
                )
        self._node_kind: npt.NDArray[np.int8] = kind
        self._player: IntArray = player
        self._term_nodes: IntArray = np.asarray(term_nodes, dtype=np.int64)
        self._term_values: tuple[tuple[Value, ...], ...] = tuple(term_values)
        self._chance_nodes: IntArray = np.asarray(chance_nodes, dtype=np.int64)
        self._chance_values: tuple[tuple[Value, ...], ...] = tuple(chance_values)

    def _build_infosets(self) -> None:
        n = len(self._nodes)
        infoset = np.full(n, -1, dtype=np.int64)
        explicit: list[str | None] = []
        inf_player: list[int] = []
        by_label: dict[str, int] = {}
        first: list[int] = []
        for k in np.flatnonzero(self._node_kind == DECISION).tolist():
            node = self._nodes[k]
            assert isinstance(node, Decision)
            label = node.infoset
            if label is None:
                infoset[k] = len(explicit)
                explicit.append(None)
                inf_player.append(int(self._player[k]))
                first.append(k)
                continue
            h = by_label.get(label)
            if h is None:
                h = by_label[label] = len(explicit)
                explicit.append(label)
                inf_player.append(int(self._player[k]))
                first.append(k)
            else:
                other = self._nodes[first[h]]
                assert isinstance(other, Decision)
                if other.player != node.player:
                    raise GameError(
                        f"information set {label!r}: its nodes must belong to one player, but "
                        f"the node {self._where(first[h])} is {other.player!r}'s and the node "
                        f"{self._where(k)} is {node.player!r}'s"
                    )
                if other.actions != node.actions:
                    raise GameError(
                        f"information set {label!r}: every node must offer the same actions in "
                        f"the same order, but the node {self._where(first[h])} has "
                        f"{list(other.actions)} and the node {self._where(k)} has "
                        f"{list(node.actions)}"
                    )
            infoset[k] = h
        self._infoset: IntArray = infoset
        self._infoset_explicit: tuple[str | None, ...] = tuple(explicit)
        self._infoset_player: IntArray = np.asarray(inf_player, dtype=np.int64)

    def _own_sequences(self) -> tuple[list[tuple[int, ...]], list[tuple[int, int, int]]]:
        """Per node, each player's sequence id (own infosets and actions so far), and the table
        ``seq id -> (parent seq id, infoset, action)`` (id 0 is the empty sequence)."""
        n = len(self._nodes)
        table: list[tuple[int, int, int]] = [(-1, -1, -1)]
        index: dict[tuple[int, int, int], int] = {}
        seqs: list[tuple[int, ...]] = [()] * n
        seqs[0] = (0,) * len(self._players)
        parent, edge, kind = self._parent.tolist(), self._edge.tolist(), self._node_kind.tolist()
        player, infoset = self._player.tolist(), self._infoset.tolist()
        for k in range(1, n):
            p = parent[k]
            row = seqs[p]
            if kind[p] == DECISION:
                i = player[p]
                key = (row[i], infoset[p], edge[k])
                sid = index.get(key)
                if sid is None:
                    sid = index[key] = len(table)
                    table.append(key)
                row = (*row[:i], sid, *row[i + 1 :])
            seqs[k] = row
        return seqs, table

    def _check_recall(self, required: bool) -> None:
        seqs, table = self._own_sequences()
        seen: dict[int, tuple[int, int]] = {}
        for k in np.flatnonzero(self._node_kind == DECISION).tolist():
            h, i = int(self._infoset[k]), int(self._player[k])
            s = seqs[k][i]
            if h not in seen:
                seen[h] = (k, s)
                continue
            k0, s0 = seen[h]
            if s0 == s:
                continue
            self._perfect_recall = False
            if required:
                labels = self._labels()
                raise GameError(
                    f"information set {labels[h]!r}: imperfect recall — {self._players[i]!r} "
                    f"reaches its node {self._where(k0)} after its own moves "
                    f"[{self._describe_sequence(s0, table)}] but its node {self._where(k)} after "
                    f"[{self._describe_sequence(s, table)}], so it would forget what it knew or "
                    f"did; pass require_perfect_recall=False to accept such a game"
                )
            return

    def _describe_sequence(self, sid: int, table: list[tuple[int, int, int]]) -> str:
        labels = self._labels()
        parts = []
        while sid > 0:
            parent, h, a = table[sid]
            node = self._nodes[int(np.flatnonzero(self._infoset == h)[0])]
            assert isinstance(node, Decision)
            parts.append(f"{labels[h]}: {node.actions[a]}")
            sid = parent
        return ", ".join(reversed(parts)) or "none"

    def _check_probabilities(self) -> None:
        symbolic: list[int] = []
        for r, probs in enumerate(self._chance_values):
            k = int(self._chance_nodes[r])
            node = self._nodes[k]
            assert isinstance(node, Chance)
            if any(isinstance(v, sympy.Basic) for v in probs):
                symbolic.append(r)
                continue
            exact = not any(isinstance(v, float) for v in probs)
            tol: Any = 0 if exact else _PROB_TOL
            for o, v in zip(node.outcomes, probs, strict=True):
                if not -tol <= v <= 1 + tol:
                    raise GameError(
                        f"chance {self._where(k)}: probability of {o!r} must lie in [0, 1], got "
                        f"{_fmt_value(v)}"
                    )
            total = sum(probs)
            if abs(total - 1) > tol:
                raise GameError(
                    f"chance {self._where(k)}: probabilities must sum to 1, got "
                    f"{' + '.join(_fmt_value(v) for v in probs)} = {_fmt_value(total)}"
                )
        if symbolic:
            self._check_symbolic_probabilities(symbolic)

    def _check_symbolic_probabilities(self, rows: list[int]) -> None:
        exprs: list[sympy.Expr] = []
        sums_ok: list[bool] = []
        for r in rows:
            probs = [
                as_expression(v) if not isinstance(v, sympy.Basic) else v
                for v in self._chance_values[r]
            ]
            total = sympy.expand(sympy.Add(*probs))
            ok = total == 1
            if not ok and sum(sympy.count_ops(p) for p in probs) <= 200:
                ok = sympy.simplify(total - 1) == 0
            sums_ok.append(bool(ok))
            exprs.extend(probs)
        used = set().union(*(e.free_symbols for e in exprs))
        params = [p for p in self._parameters if p.symbol in used]
        points = _sample_points(params)
        values = Kernel(exprs, [p.name for p in params])(points)
        unbounded = [p.name for p in params if p.lower is None or p.upper is None]
        hint = ""
        if unbounded:
            first = self._parameters[unbounded[0]]
            example = f"Parameter({first.name!r}, {first.default}, lower=0, upper=1)"
            hint = (
                f"; parameter(s) {', '.join(unbounded)} have no declared range and were checked "
                f"near their defaults — declare one, e.g. {example}"
            )
        col = 0
        for r, ok in zip(rows, sums_ok, strict=True):
            k = int(self._chance_nodes[r])
            node = self._nodes[k]
            assert isinstance(node, Chance)
            m = len(node.outcomes)
            block = values[:, col : col + m]
            for j, o in enumerate(node.outcomes):
                v = block[:, j]
                bad = ~np.isfinite(v) | (v < -_PROB_TOL) | (v > 1 + _PROB_TOL)
                if bad.any():
                    t = int(np.argmax(bad))
                    raise GameError(
                        f"chance {self._where(k)}: probability of {o!r} is "
                        f"{self._chance_values[r][j]}, which is {v[t]:g} at "
                        f"{self._point(points, t)}, outside [0, 1]{hint}"
                    )
            if not ok:
                total = block.sum(axis=1)
                bad = np.abs(total - 1) > _PROB_TOL
                if bad.any():
                    t = int(np.argmax(bad))
                    text = " + ".join(f"({v})" for v in self._chance_values[r])
                    raise GameError(
                        f"chance {self._where(k)}: probabilities must sum to 1, but {text} = "
                        f"{total[t]:g} at {self._point(points, t)}{hint}"
                    )
            col += m

    @staticmethod
    def _point(points: Mapping[str, FloatArray], t: int) -> str:
        return "{" + ", ".join(f"{k}={float(v[t]):g}" for k, v in points.items()) + "}"

    # ------------------------------------------------------------------ locations and labels
    def _describer(self, k: int, what: str, detail: str) -> Callable[[], str]:
        return lambda: f"{what} {self._where(k)}: {detail}"

    def history(self, node: int) -> tuple[tuple[str, str], ...]:
        """The moves from the root to a node: ``(mover, action)`` pairs (``"chance"`` for chance).

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": chance({"h": (1, terminal(1))})}))
        >>> g.history(2)
        (('A', 'x'), ('chance', 'h'))
        """
        moves = []
        k = int(node)
        while self._parent[k] >= 0:
            p = int(self._parent[k])
            e = int(self._edge[k])
            pn = self._nodes[p]
            if isinstance(pn, Decision):
                moves.append((pn.player, pn.actions[e]))
            elif isinstance(pn, Chance):
                moves.append(("chance", pn.outcomes[e]))
            k = p
        return tuple(reversed(moves))

    def _where(self, k: int) -> str:
        h = self.history(k)
        text = "at the root" if not h else "after " + ", ".join(f"{m}:{a}" for m, a in h)
        label = self._nodes[k].label
        return f"{label!r} ({text})" if label else text

    def _labels(self) -> tuple[str, ...]:
        """Infoset labels by global infoset id: explicit ones as given, others from history."""
        cached = self._cache.get("labels")
        if cached is not None:
            return tuple(cached)
        explicit = self._infoset_explicit
        first_node: dict[int, int] = {}
        for k in np.flatnonzero(self._node_kind == DECISION).tolist():
            first_node.setdefault(int(self._infoset[k]), k)
        wanted = {first_node[h] for h, lbl in enumerate(explicit) if lbl is None}
        hist: dict[int, str] = {}
        if wanted:
            # one pre-order pass keeping only the current path's history strings
            path: list[str] = [""]
            depth, parent, edge = self._depth.tolist(), self._parent.tolist(), self._edge.tolist()
            if 0 in wanted:
                hist[0] = ""
            for k in range(1, max(wanted) + 1):
                d, p = depth[k], parent[k]
                pn = self._nodes[p]
                if isinstance(pn, Decision):
                    step = f"{pn.player}:{pn.actions[edge[k]]}"
                else:
                    assert isinstance(pn, Chance)
                    step = f"chance:{pn.outcomes[edge[k]]}"
                prefix = path[d - 1]
                text = f"{prefix}, {step}" if prefix else step
                del path[d:]
                path.append(text)
                if k in wanted:
                    hist[k] = text
        taken = {lbl for lbl in explicit if lbl is not None}
        labels: list[str] = []
        for h, given in enumerate(explicit):
            if given is not None:
                labels.append(given)
                continue
            player = self._players[int(self._infoset_player[h])]
            text = hist[first_node[h]]
            base = f"{player} at root" if not text else f"{player} after {text}"
            lbl, extra = base, 2
            while lbl in taken:
                lbl = f"{base} ({extra})"
                extra += 1
            taken.add(lbl)
            labels.append(lbl)
        self._cache["labels"] = labels
        return tuple(labels)

    # ------------------------------------------------------------------ properties
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def parameters(self) -> ParameterSet:
        """Declared parameters."""
        return self._parameters

    @property
    def root(self) -> Node:
        """The root node."""
        return self._root

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes in pre-order (a node, then its children's subtrees in action order).

        A node object used at several places of the tree appears once per place. Elsewhere nodes
        are referred to by their index in this tuple.
        """
        return self._nodes

    @property
    def kind(self) -> str:
        """``"exact"`` (ints/fractions), ``"float"`` or ``"symbolic"`` (has parameters)."""
        return str(self._kind)

    @property
    def is_numeric(self) -> bool:
        """Whether the game has no parameters."""
        return not self._parameters

    def children(self, node: int) -> tuple[int, ...]:
        """Indices of a node's children, in action order.

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal(1), "y": terminal(0)}))
        >>> g.children(0)
        (1, 2)
        """
        k = int(node)
        return tuple(self._child_idx[self._child_ptr[k] : self._child_ptr[k + 1]].tolist())

    def parent(self, node: int) -> int:
        """Index of a node's parent (``-1`` for the root)."""
        return int(self._parent[int(node)])

    @property
    def terminals(self) -> tuple[int, ...]:
        """Indices of the terminal nodes, in pre-order."""
        return tuple(self._term_nodes.tolist())

    @property
    def chance_nodes(self) -> tuple[int, ...]:
        """Indices of the chance nodes, in pre-order."""
        return tuple(self._chance_nodes.tolist())

    @property
    def decision_nodes(self) -> tuple[int, ...]:
        """Indices of the decision nodes, in pre-order."""
        return tuple(np.flatnonzero(self._node_kind == DECISION).tolist())

    @property
    def terminal_payoffs(self) -> tuple[tuple[Value, ...], ...]:
        """Payoffs at each terminal (order of :attr:`terminals`), one per player, as stored."""
        return self._term_values

    @property
    def chance_probabilities(self) -> tuple[tuple[Value, ...], ...]:
        """Probabilities at each chance node (order of :attr:`chance_nodes`), as stored."""
        return self._chance_values

    def payoffs_at(self, node: int) -> dict[str, Value]:
        """The payoffs of a terminal node, by player.

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 2)}))
        >>> g.payoffs_at(1)
        {'A': 1, 'B': 2}
        """
        rows = np.flatnonzero(self._term_nodes == int(node))
        if not len(rows):
            raise GameError(f"payoffs_at: node {node} is not a terminal node")
        return dict(zip(self._players, self._term_values[int(rows[0])], strict=True))

    @property
    def infosets(self) -> tuple[tuple[Infoset, ...], ...]:
        """Information sets per player (in player order), each in order of first appearance.

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {
        ...     "x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}, infoset="B?"),
        ...     "y": decision("B", {"l": terminal(0, 0), "r": terminal(2, 2)}, infoset="B?")}))
        >>> [(s.label, s.nodes) for s in g.infosets[1]]
        [('B?', (1, 4))]
        """
        cached = self._cache.get("infosets")
        if cached is not None:
            return tuple(cached)
        labels = self._labels()
        members: list[list[int]] = [[] for _ in labels]
        for k in np.flatnonzero(self._node_kind == DECISION).tolist():
            members[int(self._infoset[k])].append(k)
        per: list[list[Infoset]] = [[] for _ in self._players]
        for h, nodes in enumerate(members):
            node = self._nodes[nodes[0]]
            assert isinstance(node, Decision)
            i = int(self._infoset_player[h])
            per[i].append(Infoset(labels[h], self._players[i], node.actions, tuple(nodes)))
        out = tuple(tuple(x) for x in per)
        self._cache["infosets"] = out
        return out

    def infoset(self, label: str) -> Infoset:
        """The information set with a given label.

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal(1)}))
        >>> g.infoset("A at root").actions
        ('x',)
        """
        for sets in self.infosets:
            for s in sets:
                if s.label == label:
                    return s
        labels = self._labels()
        raise UnknownNameError(
            f"unknown information set {label!r}{did_you_mean(label, labels)}",
            label,
            labels,
        )

    def infoset_of(self, node: int) -> Infoset:
        """The information set a decision node belongs to."""
        h = int(self._infoset[int(node)])
        if h < 0:
            raise GameError(f"infoset_of: node {node} is not a decision node")
        by_id = self._cache.get("infoset_by_id")
        if by_id is None:
            per = [iter(sets) for sets in self.infosets]
            by_id = self._cache["infoset_by_id"] = [
                next(per[i]) for i in self._infoset_player.tolist()
            ]
        return by_id[h]  # type: ignore[no-any-return]

    @property
    def is_perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        return len(self._infoset_explicit) == int(np.sum(self._node_kind == DECISION))

    @property
    def has_perfect_recall(self) -> bool:
        """Whether no player ever forgets its own earlier information or actions."""
        return self._perfect_recall

    # ------------------------------------------------------------------ numeric views
    def _kernels(self) -> tuple[ValuesKernel, ValuesKernel]:
        cached = self._cache.get("kernels")
        if cached is None:
            names = self._parameters.names
            pay = ValuesKernel([v for row in self._term_values for v in row], names)
            prob = ValuesKernel([v for row in self._chance_values for v in row], names)
            cached = self._cache["kernels"] = (pay, prob)
        return cached

    def _chance_starts(self) -> IntArray:
        sizes = [len(r) for r in self._chance_values]
        starts = np.zeros(len(sizes), dtype=np.int64)
        if sizes:
            np.cumsum(sizes[:-1], out=starts[1:])
        return starts

    def evaluate(
        self, values: Mapping[str, npt.ArrayLike] | None = None, /, **kwargs: npt.ArrayLike
    ) -> TreeValues:
        """Payoffs and chance probabilities at a batch of parameter points.

        Parameters
        ----------
        values : mapping, optional
            Parameter values (scalars or arrays, broadcast together); missing ones take defaults.
        **kwargs
            More parameter values by name.

        Returns
        -------
        TreeValues
            ``payoffs`` of shape ``(*batch, n_terminals, n_players)`` and ``probabilities`` of
            shape ``(*batch, n_chance_edges)``.

        Raises
        ------
        GameError
            If a payoff is not finite, or a probability falls outside [0, 1] or a chance node's
            probabilities do not sum to 1, at some point of the batch (the point is named).

        Examples
        --------
        >>> g = ExtensiveGame(["A"], chance({"h": ("p", terminal("2*p")),
        ...                                  "t": ("1 - p", terminal(0))}),
        ...                   parameters=[Parameter("p", 0.5, lower=0, upper=1)])
        >>> v = g.evaluate(p=[0.25, 0.75])
        >>> v.payoffs.shape, v.probabilities.tolist()
        ((2, 2, 1), [[0.25, 0.75], [0.75, 0.25]])
        >>> g.evaluate(p=2.0)
        Traceback (most recent call last):
        ...
        alliancegame.core.errors.GameError: evaluate: chance at the root: probability of 'h' ...
        """
        pay, prob, batch = self._columns(values, kwargs, "evaluate")
        t, p = len(self._term_values), len(self._players)
        return TreeValues(pay.T.reshape(*batch, t, p), prob.T.reshape(*batch, prob.shape[0]))

    def _columns(
        self,
        values: Mapping[str, npt.ArrayLike] | None,
        kwargs: Mapping[str, npt.ArrayLike],
        where: str,
    ) -> tuple[FloatArray, FloatArray, tuple[int, ...]]:
        """Validated payoffs ``(n_terminals * n_players, b)`` and probabilities
        ``(n_chance_edges, b)`` at the flattened batch, and the batch shape."""
        given = {**(values or {}), **kwargs}
        if not self._parameters:
            self._parameters.check_names(given, where)
            arrays: dict[str, FloatArray] = {}
            batch = np.broadcast_shapes(*(np.shape(v) for v in given.values())) if given else ()
        else:
            resolved = self._parameters.resolve(given, where)
            arrays = {k: np.asarray(v, dtype=float) for k, v in resolved.items()}
            for k, a in arrays.items():
                if not np.all(np.isfinite(a)):
                    raise GameError(f"{where}: values of parameter {k!r} must be finite")
            batch = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        b = math.prod(batch)
        t, p = len(self._term_values), len(self._players)
        pay_k, prob_k = self._kernels()
        check_allocation(
            (t * p + prob_k.size, b), 8, f"{where}: the batch of payoffs and probabilities"
        )
        flat_arrays = {k: np.broadcast_to(a, batch).reshape(b) for k, a in arrays.items()}
        pay = pay_k.columns(flat_arrays, b)
        varying = {k for k, a in flat_arrays.items() if b > 1 and any(s != 0 for s in a.strides)}
        if b > 1 and not (self._probability_names() & varying):
            # The chance probabilities do not move with the batch: evaluate and check them once.
            one = {k: a[:1] for k, a in flat_arrays.items()}
            prob1 = prob_k.columns(one, 1)
            self._check_columns(pay, prob1[:0], flat_arrays, batch, where)
            self._check_columns(pay[:0], prob1, one, (1,), where)
            return pay, np.broadcast_to(prob1, (prob1.shape[0], b)), batch
        prob = prob_k.columns(flat_arrays, b)
        self._check_columns(pay, prob, flat_arrays, batch, where)
        return pay, prob, batch

    def _probability_names(self) -> set[str]:
        """Parameters the chance probabilities depend on (cached)."""
        cached = self._cache.get("probability_names")
        if cached is None:
            _, prob_k = self._kernels()
            exprs = prob_k.kernel.expressions if prob_k.kernel is not None else ()
            cached = {str(sym) for e in exprs for sym in e.free_symbols}
            self._cache["probability_names"] = cached
        return set(cached)

    def _check_columns(
        self,
        pay: FloatArray,
        prob: FloatArray,
        arrays: Mapping[str, FloatArray],
        batch: tuple[int, ...],
        where: str,
    ) -> None:
        def point(pt: int) -> str:
            return "{" + ", ".join(f"{k}={float(a[pt]):g}" for k, a in arrays.items()) + "}"

        # fast checks first: NaN and infinities propagate through min and max
        if not (np.isfinite(pay.max(initial=0.0)) and np.isfinite(pay.min(initial=0.0))):
            bad = ~np.isfinite(pay)
            cell, pt = (int(i) for i in np.argwhere(bad)[0])
            row, i = divmod(cell, len(self._players))
            raise GameError(
                f"{where}: payoff of {self._players[i]!r} at the terminal "
                f"{self._where(int(self._term_nodes[row]))} is not finite at {point(pt)}"
            )
        if not prob.size:
            return
        starts = self._chance_starts()
        lo, hi = prob.min(), prob.max()
        if not (lo >= -_PROB_TOL and hi <= 1 + _PROB_TOL):  # also catches NaN
            bad = ~np.isfinite(prob) | (prob < -_PROB_TOL) | (prob > 1 + _PROB_TOL)
            col, pt = (int(i) for i in np.argwhere(bad)[0])
            r = int(np.searchsorted(starts, col, side="right") - 1)
            k = int(self._chance_nodes[r])
            node = self._nodes[k]
            assert isinstance(node, Chance)
            raise GameError(
                f"{where}: chance {self._where(k)}: probability of "
                f"{node.outcomes[col - starts[r]]!r} is {prob[col, pt]:g} at {point(pt)}, "
                f"outside [0, 1]"
            )
        sums = np.add.reduceat(prob, starts, axis=0)
        sums -= 1
        if not np.abs(sums, out=sums).max() <= _PROB_TOL:
            sums = np.add.reduceat(prob, starts, axis=0)
            bad = ~(np.abs(sums - 1) <= _PROB_TOL)
            r, pt = (int(i) for i in np.argwhere(bad)[0])
            raise GameError(
                f"{where}: chance {self._where(int(self._chance_nodes[r]))}: probabilities sum "
                f"to {sums[r, pt]:g} at {point(pt)}, not 1"
            )

    def at(self, exact: bool = False, **values: Any) -> ExtensiveGame:
        """The numeric game at one parameter point (missing parameters take their defaults).

        Parameters
        ----------
        exact : bool
            Evaluate exactly: rational parameter values give exact fractions.
        **values
            Parameter values by name.

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal("a/3"), "y": terminal(0)}),
        ...                   parameters={"a": 1})
        >>> g.at(exact=True, a=2).terminal_payoffs
        ((Fraction(2, 3),), (0,))
        >>> g.at(a=2).kind
        'float'
        """
        if not self._parameters:
            self._parameters.check_names(values, "at")
            return self
        resolved = self._parameters.resolve(values, "at")
        pay_rows: list[tuple[Value, ...]]
        prob_rows: list[tuple[Value, ...]]
        if exact:

            def ex(v: Value) -> Value:
                if isinstance(v, sympy.Basic):
                    f = exact_value(v, resolved)
                    return int(f) if f.denominator == 1 else f
                return v

            pay_rows = [tuple(ex(v) for v in row) for row in self._term_values]
            prob_rows = [tuple(ex(v) for v in row) for row in self._chance_values]
        else:
            ev = self.evaluate(resolved)
            pay_rows = [tuple(row) for row in ev.payoffs.tolist()]
            starts = self._chance_starts().tolist()
            flat = ev.probabilities.tolist()
            prob_rows = [
                tuple(flat[s : s + len(r)])
                for s, r in zip(starts, self._chance_values, strict=True)
            ]
        return self._rebuild(pay_rows, prob_rows, self._players, None)

    def _rebuild(
        self,
        pay_rows: Sequence[Sequence[object]],
        prob_rows: Sequence[Sequence[object]],
        players: Sequence[str],
        parameters: Any,
    ) -> ExtensiveGame:
        n = len(self._nodes)
        new: list[Node | None] = [None] * n
        trow = {int(k): r for r, k in enumerate(self._term_nodes.tolist())}
        crow = {int(k): r for r, k in enumerate(self._chance_nodes.tolist())}
        for k in range(n - 1, -1, -1):
            node = self._nodes[k]
            ch = self.children(k)
            kids = tuple(new[c] for c in ch)
            for c in ch:
                new[c] = None
            if isinstance(node, Decision):
                new[k] = Decision(node.player, node.actions, kids, node.infoset, node.label)  # type: ignore[arg-type]
            elif isinstance(node, Chance):
                new[k] = Chance(node.outcomes, tuple(prob_rows[crow[k]]), kids, node.label)  # type: ignore[arg-type]
            else:
                new[k] = Terminal(tuple(pay_rows[trow[k]]), (), node.label)
        root = new[0]
        assert root is not None
        return ExtensiveGame(
            players,
            root,
            parameters,
            self.title,
            require_perfect_recall=self._perfect_recall,
        )

    def affine(
        self, scale: Sequence[Any] | Any = 1, shift: Sequence[Any] | Any = 0
    ) -> ExtensiveGame:
        """Apply ``a_i * u_i + b_i`` (``a_i > 0``) to each player's payoffs.

        Subgame-perfect and Nash equilibria are invariant under such transformations.

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 2)}))
        >>> g.affine([2, 1], [0, -2]).terminal_payoffs
        ((2, 0),)
        """
        n = self.n_players
        scales = list(scale) if isinstance(scale, Sequence) else [scale] * n
        shifts = list(shift) if isinstance(shift, Sequence) else [shift] * n
        if len(scales) != n or len(shifts) != n:
            raise GameError(f"affine: need {n} scales and {n} shifts")
        if any(float(a) <= 0 for a in scales):
            raise GameError(f"affine: scales must be positive, got {scales}")

        def tr(v: Value, a: Any, b: Any) -> Value:
            if isinstance(v, sympy.Basic):
                return as_expression(a) * v + as_expression(b)
            if isinstance(v, float) or isinstance(a, float) or isinstance(b, float):
                return float(a) * float(v) + float(b)
            out = to_fraction(a) * v + to_fraction(b)
            return int(out) if out.denominator == 1 else out

        rows = [
            tuple(tr(v, scales[i], shifts[i]) for i, v in enumerate(row))
            for row in self._term_values
        ]
        return self._rebuild(rows, self._chance_values, self._players, self._parameters)

    def relabel(self, players: Sequence[str | int]) -> ExtensiveGame:
        """The same game with the players listed in a new order (positional payoffs follow).

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 2)}))
        >>> g.relabel(["B", "A"]).terminal_payoffs
        ((2, 1),)
        """
        order = []
        for p in players:
            if isinstance(p, int) and not isinstance(p, bool):
                order.append(p)
            elif p in self._players:
                order.append(self._players.index(p))
            else:
                raise UnknownNameError(
                    f"relabel: unknown player {p!r}{did_you_mean(str(p), self._players)}",
                    str(p),
                    self._players,
                )
        if sorted(order) != list(range(self.n_players)):
            raise GameError(
                f"relabel: players must be a permutation of {self._players}, got {list(players)}"
            )
        rows = [tuple(row[i] for i in order) for row in self._term_values]
        return self._rebuild(
            rows, self._chance_values, [self._players[i] for i in order], self._parameters
        )

    def flat(self) -> FlatTree:
        """The array form of the tree, for batched level-by-level algorithms (cached).

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": chance({"h": (1, terminal(1))}),
        ...                                         "y": terminal(0)}))
        >>> f = g.flat()
        >>> f.kind.tolist(), f.parent.tolist(), f.depth.tolist()
        ([0, 1, 2, 2], [-1, 0, 0, 1], [0, 1, 1, 2])
        """
        cached = self._cache.get("flat")
        if cached is None:
            cached = self._cache["flat"] = FlatTree(self)
        return cached

    def to_normal_form(self) -> NormalFormGame:
        """The reduced normal form (see :func:`alliancegame.games.convert.to_normal_form`).

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {
        ...     "x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}),
        ...     "y": terminal(2, 2)}))
        >>> g.to_normal_form().strategies
        (('x', 'y'), ('l', 'r'))
        """
        from .convert import to_normal_form

        return to_normal_form(self)

    # ------------------------------------------------------------------ comparison and display
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        if (
            self._players != other._players
            or self._parameters != other._parameters
            or len(self._nodes) != len(other._nodes)
            or not np.array_equal(self._parent, other._parent)
            or not np.array_equal(self._edge, other._edge)
            or not np.array_equal(self._node_kind, other._node_kind)
            or not np.array_equal(self._player, other._player)
            or not np.array_equal(self._infoset, other._infoset)
            or self._term_values != other._term_values
            or self._chance_values != other._chance_values
            or self._labels() != other._labels()
        ):
            return False
        for a, b in zip(self._nodes, other._nodes, strict=True):
            if a.label != b.label:
                return False
            if isinstance(a, Decision) and isinstance(b, Decision) and a.actions != b.actions:
                return False
            if isinstance(a, Chance) and isinstance(b, Chance) and a.outcomes != b.outcomes:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        info = "perfect information" if self.is_perfect_information else "imperfect information"
        if not self._perfect_recall:
            info += ", imperfect recall"
        params = f", parameters={self._parameters.names}" if self._parameters else ""
        return (
            f"ExtensiveGame({title}players={self._players}, nodes={len(self._nodes)}, "
            f"terminals={len(self._term_nodes)}, {info}{params})"
        )

    def render(self, max_nodes: int = 200) -> str:
        """A text drawing of the tree (at most ``max_nodes`` nodes are drawn).

        Decision nodes show their player, and ``[label]`` when an information-set label was
        given; chance edges show their probability; terminals show the payoffs by player.

        Examples
        --------
        >>> g = ExtensiveGame(["A", "B"], decision("A", {"x": terminal(1, 0), "y": terminal(0, 1)}))
        >>> print(g.render())
        A
        ├─ x → (A: 1, B: 0)
        └─ y → (A: 0, B: 1)
        """
        trow = {int(k): r for r, k in enumerate(self._term_nodes.tolist())}
        crow = {int(k): r for r, k in enumerate(self._chance_nodes.tolist())}
        lines = [self.title] if self.title else []

        def head(k: int) -> str:
            node = self._nodes[k]
            name = f' "{node.label}"' if node.label else ""
            if isinstance(node, Decision):
                info = f" [{node.infoset}]" if node.infoset is not None else ""
                return f"{node.player}{info}{name}"
            if isinstance(node, Chance):
                return f"chance{name}"
            pays = ", ".join(
                f"{p}: {_fmt_value(v)}"
                for p, v in zip(self._players, self._term_values[trow[k]], strict=True)
            )
            return f"({pays}){name}"

        lines.append(head(0))
        stack: list[tuple[int, str]] = []
        ch = self.children(0)
        for j in range(len(ch) - 1, -1, -1):
            stack.append((ch[j], ""))
        drawn = 1
        while stack:
            if drawn >= max_nodes:
                lines.append(f"… ({len(self._nodes) - drawn} more nodes)")
                break
            k, indent = stack.pop()
            p = int(self._parent[k])
            e = int(self._edge[k])
            siblings = int(self._child_ptr[p + 1] - self._child_ptr[p])
            last = e == siblings - 1
            pn = self._nodes[p]
            if isinstance(pn, Decision):
                edge = pn.actions[e]
            else:
                assert isinstance(pn, Chance)
                edge = f"{pn.outcomes[e]} ({_fmt_value(self._chance_values[crow[p]][e])})"
            lines.append(f"{indent}{'└─' if last else '├─'} {edge} → {head(k)}")
            drawn += 1
            kids = self.children(k)
            sub = indent + ("   " if last else "│  ")
            for j in range(len(kids) - 1, -1, -1):
                stack.append((kids[j], sub))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        title = html.escape(self.title or "Extensive-form game")
        return f"<div><strong>{title}</strong><pre>{html.escape(self.render())}</pre></div>"


# --------------------------------------------------------------------------------------------
# The flat (array) form
# --------------------------------------------------------------------------------------------


class FlatTree:
    """The nodes of a tree as arrays, breadth-first, for batched level-by-level algorithms.

    Nodes are ordered by depth (breadth-first), so every child comes after its parent and the
    children of a node are contiguous: node ``n``'s children are
    ``first_child[n] ... first_child[n] + n_children[n] - 1`` in action order. Node 0 is the root.
    All arrays are read-only ``int64`` arrays of length ``n_nodes`` unless said otherwise.

    Attributes
    ----------
    game : ExtensiveGame
        The game this is the flat form of.
    players : tuple of str
        Player names.
    node_id : ndarray
        For each flat node, its index in :attr:`ExtensiveGame.nodes` (pre-order).
    parent, kind, player, infoset, action_index, depth, first_child, n_children : ndarray
        Parent (-1 for the root); kind (:data:`DECISION`, :data:`CHANCE`, :data:`TERMINAL`);
        player index (-1 for chance and terminal nodes); global information-set index (-1 if not
        a decision node); index of the edge from the parent (-1 for the root); depth; first
        child (-1 for terminals); number of children.
    row : ndarray
        For a terminal, its row in the payoff arrays; for a chance node, its row in
        :attr:`ExtensiveGame.chance_nodes`; for a decision node, its index among
        :attr:`decision_nodes`.
    edge_column : ndarray
        For a child of a chance node, the column of its probability in the probability arrays;
        -1 otherwise.
    terminals, decision_nodes, chance_nodes : ndarray
        Flat indices of the terminal, decision and chance nodes, in the game's pre-order (the
        order of payoff rows, choices, and probability rows).
    levels : tuple of (int, int)
        ``(start, stop)`` of each depth's nodes.
    payoff_kernel, probability_kernel : ValuesKernel
        Compiled batch evaluators: ``(*batch, n_terminals * n_players)`` payoffs and
        ``(*batch, n_chance_edges)`` probabilities.

    Examples
    --------
    >>> g = ExtensiveGame(["A", "B"], decision("A", {
    ...     "x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}),
    ...     "y": terminal(2, 2)}))
    >>> f = g.flat()
    >>> f.first_child.tolist(), f.n_children.tolist(), f.levels
    ([1, 3, -1, -1, -1], [2, 2, 0, 0, 0], ((0, 1), (1, 3), (3, 5)))
    """

    __slots__ = (
        "_cache",
        "_schedule",
        "action_index",
        "chance_nodes",
        "decision_nodes",
        "depth",
        "edge_column",
        "first_child",
        "game",
        "infoset",
        "kind",
        "levels",
        "n_children",
        "node_id",
        "parent",
        "payoff_kernel",
        "player",
        "players",
        "probability_kernel",
        "row",
        "terminals",
    )

    def __init__(self, game: ExtensiveGame) -> None:
        self.game = game
        self.players = game.players
        n = len(game.nodes)
        check_allocation((n, 14), 8, f"FlatTree: the arrays of a tree of {n} nodes")
        depth = game._depth
        order = np.argsort(depth, kind="stable").astype(np.int64)
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(n, dtype=np.int64)
        par = game._parent[order]
        self.node_id = order
        self.parent = np.where(par >= 0, pos[np.maximum(par, 0)], -1)
        self.kind = game._node_kind[order].astype(np.int64)
        self.player = game._player[order]
        self.infoset = game._infoset[order]
        self.action_index = game._edge[order]
        self.depth = depth[order]
        counts = np.diff(game._child_ptr)
        self.n_children = counts[order]
        # in pre-order a node's first child comes right after it
        first_pre = np.where(counts > 0, np.arange(n, dtype=np.int64) + 1, -1)
        fc = first_pre[order]
        self.first_child = np.where(fc >= 0, pos[np.maximum(fc, 0)], -1)
        self.terminals = pos[game._term_nodes]
        self.chance_nodes = pos[game._chance_nodes]
        self.decision_nodes = pos[np.flatnonzero(game._node_kind == DECISION)]
        row = np.full(n, -1, dtype=np.int64)
        row[self.terminals] = np.arange(len(self.terminals))
        row[self.chance_nodes] = np.arange(len(self.chance_nodes))
        row[self.decision_nodes] = np.arange(len(self.decision_nodes))
        self.row = row
        col = np.full(n, -1, dtype=np.int64)
        starts = game._chance_starts()
        for r, c in enumerate(self.chance_nodes.tolist()):
            k = int(self.n_children[c])
            f = int(self.first_child[c])
            col[f : f + k] = starts[r] + np.arange(k)
        self.edge_column = col
        bounds = np.flatnonzero(np.diff(self.depth)) + 1
        edges = [0, *bounds.tolist(), n]
        self.levels = tuple((edges[j], edges[j + 1]) for j in range(len(edges) - 1))
        self.payoff_kernel, self.probability_kernel = game._kernels()
        for arr in (
            self.node_id,
            self.parent,
            self.kind,
            self.player,
            self.infoset,
            self.action_index,
            self.depth,
            self.n_children,
            self.first_child,
            self.terminals,
            self.chance_nodes,
            self.decision_nodes,
            self.row,
            self.edge_column,
        ):
            arr.flags.writeable = False
        self._schedule: list[Any] | None = None
        self._cache: dict[str, Any] = {}  # for algorithms that precompute on the flat tree

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.parent)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def parameters(self) -> ParameterSet:
        """The game's parameters."""
        return self.game.parameters

    def evaluate(
        self, values: Mapping[str, npt.ArrayLike] | None = None, /, **kwargs: npt.ArrayLike
    ) -> TreeValues:
        """Payoffs and probabilities at a batch of points (as :meth:`ExtensiveGame.evaluate`).

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal("u")}), parameters={"u": 1})
        >>> g.flat().evaluate(u=[1.0, 2.0]).payoffs[:, 0, 0]
        array([1., 2.])
        """
        return self.game.evaluate(values, **kwargs)

    def schedule(self) -> list[tuple[int, int, IntArray]]:
        """Groups of non-terminal nodes for a level-by-level pass, deepest level first.

        Each entry is ``(kind, k, nodes)``: nodes of one level, all of the same kind, with the
        same number ``k`` of children and (decision nodes) the same player, so their children form
        a ``(len(nodes), k)`` block of flat indices ``first_child[nodes][:, None] + arange(k)``.

        Examples
        --------
        >>> g = ExtensiveGame(["A"], decision("A", {"x": terminal(1), "y": terminal(0)}))
        >>> [(kind, k, nodes.tolist()) for kind, k, nodes in g.flat().schedule()]
        [(0, 2, [0])]
        """
        if self._schedule is None:
            out: list[tuple[int, int, IntArray]] = []
            for start, stop in reversed(self.levels):
                kinds = self.kind[start:stop]
                nch = self.n_children[start:stop]
                inner = kinds != TERMINAL
                if not inner.any():
                    continue
                width = int(nch.max()) + 1
                movers = self.player[start:stop][inner] + 1  # chance: 0
                keys = (kinds[inner] * width + nch[inner]) * (self.n_players + 1) + movers
                idx = np.flatnonzero(inner) + start
                for key in np.unique(keys).tolist():
                    nodes = idx[keys == key]
                    nodes.flags.writeable = False
                    out.append((int(self.kind[nodes[0]]), int(self.n_children[nodes[0]]), nodes))
            self._schedule = out
        return self._schedule

    def __repr__(self) -> str:
        return (
            f"FlatTree({self.n_nodes} nodes, {len(self.levels)} levels, "
            f"{len(self.terminals)} terminals, players={self.players})"
        )
