"""Backward induction: the subgame-perfect equilibria of trees with perfect information.

In a finite game of perfect information every decision node starts a subgame. Solving from the
end of the tree (Zermelo, 1913; Kuhn, 1953): once the values of a node's children are known, the
player who moves there picks an action that maximises *its own* value, a chance node is worth the
probability-weighted average of its children (expected utility), and the node's value is that of
the chosen child. The profile of choices so obtained is a *subgame-perfect equilibrium* (SPE;
Selten, 1965, 1975): it is a Nash equilibrium of every subgame.

Ties
    When several actions give the mover the same value, each choice leads to an SPE, and the
    choices made at later nodes change the values seen earlier. :func:`backward_induction`
    therefore returns *every* pure SPE: all combinations of tied optimal actions, enumerated
    in order — the first equilibrium takes the first-listed optimal action everywhere, which is
    also what the batched kernel reports. Ties are exact in exact (rational) mode and within a
    tolerance in float mode. The count can grow exponentially with the number of ties, so it is
    capped (``max_equilibria``; the result then says it is incomplete).

Verification
    Every returned profile is checked before it is returned, independently of how it was found:
    (1) the *one-shot deviation principle* — no player gains by changing its action at a single
    node and following the profile afterwards, which in a finite tree is equivalent to subgame
    perfection (Hendon, Jacobsen and Sloth, 1996); (2) its *regret* as a Nash equilibrium of the
    whole tree: for each player, the value of a best response against the others' choices
    (computed by optimising over that player's nodes only) minus the value of the profile.

Batches
    :func:`backward_induction_batch` runs the same recursion for a whole batch of parameter
    points at once on the :class:`~alliancegame.FlatTree`: level by level from the deepest,
    nodes of a level with the same kind and number of children are processed as one NumPy block
    — a gather of the children's values, a maximum (decision) or a weighted sum (chance) along
    the action axis — with the batch as the innermost axis. There is no Python loop over points,
    nor over the nodes of a level.

References
----------
Zermelo, E. (1913). Über eine Anwendung der Mengenlehre auf die Theorie des Schachspiels.
*Proceedings of the Fifth International Congress of Mathematicians* II, 501–504.
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games II*, 193–216.
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301–324, 667–689.
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. *International Journal of Game Theory* 4(1), 25–55.
Hendon, E., Jacobsen, H. J. and Sloth, B. (1996). The one-shot-deviation principle for sequential
rationality. *Games and Economic Behavior* 12(2), 274–282.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..core.arrays import check_allocation
from ..core.errors import GameError, SolverError
from ..core.expr import to_fraction
from ..games.extensive import CHANCE, DECISION, TERMINAL, Decision, ExtensiveGame, FlatTree
from .result import BehaviorProfile, PathStep, SolverResult
from .verify import default_tolerance

__all__ = ["BatchBackwardResult", "backward_induction", "backward_induction_batch"]


def _perfect_information(game: Any, where: str) -> ExtensiveGame:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{where}: needs an ExtensiveGame, got {type(game).__name__}")
    if not game.is_perfect_information:
        shared = next(s for sets in game.infosets for s in sets if len(s.nodes) > 1)
        raise GameError(
            f"{where}: needs a game of perfect information, but the information set "
            f"{shared.label!r} of {shared.player!r} has {len(shared.nodes)} nodes; solve its "
            f"normal form instead, e.g. solve(game.to_normal_form())"
        )
    return game


# --------------------------------------------------------------------------------------------
# The scalar solver: every pure SPE, exact or float
# --------------------------------------------------------------------------------------------


def _exact(v: Any) -> int | Fraction:
    return v if type(v) is int else to_fraction(v)


class _Tree:
    """The flat tree as Python lists, with payoffs and probabilities in one arithmetic."""

    def __init__(self, game: ExtensiveGame, exact: bool) -> None:
        flat = game.flat()
        self.flat = flat
        self.kind: list[int] = flat.kind.tolist()
        self.first: list[int] = flat.first_child.tolist()
        self.nch: list[int] = flat.n_children.tolist()
        self.player: list[int] = flat.player.tolist()
        self.row: list[int] = flat.row.tolist()
        self.col: list[int] = flat.edge_column.tolist()
        self.exact = exact
        conv: Any = _exact if exact else float
        self.pay: list[tuple[Any, ...]] = [
            tuple(conv(v) for v in row) for row in game.terminal_payoffs
        ]
        self.prob: list[Any] = [conv(v) for row in game.chance_probabilities for v in row]
        if exact:
            for r, row in enumerate(game.chance_probabilities):
                total = sum((to_fraction(v) for v in row), Fraction(0))
                if total != 1:
                    where = game._where(game.chance_nodes[r])
                    raise GameError(
                        f"backward_induction: in exact mode the probabilities at the chance node "
                        f"{where} must sum to exactly 1, but {[str(to_fraction(v)) for v in row]} "
                        f"sum to {total}; give them as fractions, or use exact=False"
                    )
        self.n_players = game.n_players
        # exact arithmetic runs on ints where it can (much faster than Fractions)
        self.zero: Any = 0 if exact else 0.0
        self.one: Any = 1 if exact else 1.0

    def children(self, n: int) -> range:
        return range(self.first[n], self.first[n] + self.nch[n])

    def enumerate(self, tol: Any, limit: int) -> list[list[int]]:
        """Up to ``limit`` SPE, as choice lists indexed by decision row, in order.

        Each node keeps the list of its subgame's SPE (value vector, choices) in enumeration
        order, truncated to ``limit``: every combination of the children's lists gives at least
        one SPE of the parent, so the first ``limit`` of the parent only ever use the first
        ``limit`` of each child.
        """
        n_nodes = len(self.kind)
        lists: list[Any] = [None] * n_nodes
        kinds, first, nch, row, player = self.kind, self.first, self.nch, self.row, self.player
        pay, prob, col, zero = self.pay, self.prob, self.col, self.zero
        n_players = self.n_players
        for n in range(n_nodes - 1, -1, -1):
            kind = kinds[n]
            if kind == TERMINAL:
                lists[n] = [(pay[row[n]], None)]
                continue
            f = first[n]
            e = f + nch[n]
            kids: list[list[tuple[tuple[Any, ...], Any]]] = lists[f:e]
            lists[f:e] = [None] * (e - f)
            out: list[tuple[tuple[Any, ...], Any]] = []
            if kind == DECISION and max(map(len, kids)) == 1:  # no ties below: one combination
                i = player[n]
                heads = [kid[0] for kid in kids]
                mine = [h[0][i] for h in heads]
                threshold = max(mine) - tol
                subs = tuple(h[1] for h in heads)
                for a, h in enumerate(heads):
                    if mine[a] >= threshold:
                        out.append((h[0], (a, subs)))
                        if len(out) >= limit:
                            break
            elif kind == CHANCE:
                ps = [prob[c] for c in col[f:e]]
                for combo in itertools.product(*kids):
                    value = tuple(
                        sum((p * x[0][i] for p, x in zip(ps, combo, strict=True)), zero)
                        for i in range(n_players)
                    )
                    out.append((value, tuple(x[1] for x in combo)))
                    if len(out) >= limit:
                        break
            else:
                i = player[n]
                for combo in itertools.product(*kids):
                    mine = [x[0][i] for x in combo]
                    threshold = max(mine) - tol
                    subs = tuple(x[1] for x in combo)
                    for a, x in enumerate(combo):
                        if mine[a] >= threshold:
                            out.append((x[0], (a, subs)))
                            if len(out) >= limit:
                                break
                    if len(out) >= limit:
                        break
            lists[n] = out
        root = lists[0]
        assert root is not None
        n_dec = len(self.flat.decision_nodes)
        result = []
        for _, assign in root:
            choice = [-1] * n_dec
            stack = [(0, assign)]
            while stack:
                n, a = stack.pop()
                kind = self.kind[n]
                if kind == DECISION:
                    act, subs = a
                    choice[self.row[n]] = act
                    stack.extend(zip(self.children(n), subs, strict=True))
                elif kind == CHANCE:
                    stack.extend(zip(self.children(n), a, strict=True))
            result.append(choice)
        return result

    def values(self, choice: list[int]) -> list[tuple[Any, ...]]:
        """Each node's value under a pure profile (computed afresh, for verification)."""
        n_nodes = len(self.kind)
        v: list[tuple[Any, ...]] = [()] * n_nodes
        for n in range(n_nodes - 1, -1, -1):
            kind = self.kind[n]
            if kind == TERMINAL:
                v[n] = self.pay[self.row[n]]
            elif kind == DECISION:
                v[n] = v[self.first[n] + choice[self.row[n]]]
            else:
                v[n] = tuple(
                    sum((self.prob[self.col[c]] * v[c][i] for c in self.children(n)), self.zero)
                    for i in range(self.n_players)
                )
        return v

    def verify(self, choice: list[int], tol: Any) -> tuple[tuple[Any, ...], Any]:
        """Check one-shot deviations and Nash regret; return (root values, regret)."""
        v = self.values(choice)
        n_nodes = len(self.kind)
        for n in range(n_nodes):
            if self.kind[n] != DECISION:
                continue
            i = self.player[n]
            gain = max(v[c][i] for c in self.children(n)) - v[n][i]
            if gain > tol:
                raise SolverError(
                    f"backward_induction: candidate fails the one-shot deviation test (gain "
                    f"{gain} > tolerance {tol} for player {i} at node {n})"
                )
        regrets = []
        for i in range(self.n_players):
            w: list[Any] = [self.zero] * n_nodes
            for n in range(n_nodes - 1, -1, -1):
                kind = self.kind[n]
                if kind == TERMINAL:
                    w[n] = self.pay[self.row[n]][i]
                elif kind == DECISION:
                    if self.player[n] == i:
                        w[n] = max(w[c] for c in self.children(n))
                    else:
                        w[n] = w[self.first[n] + choice[self.row[n]]]
                else:
                    w[n] = sum((self.prob[self.col[c]] * w[c] for c in self.children(n)), self.zero)
            regrets.append(w[0] - v[0][i])
        worst = max(regrets)
        if worst > tol:
            raise SolverError(
                f"backward_induction: candidate is not a Nash equilibrium of the tree (regret "
                f"{worst} > tolerance {tol})"
            )
        if self.exact:
            return tuple(Fraction(x) for x in v[0]), Fraction(max(worst, 0))
        return v[0], max(float(worst), 0.0)

    def reach(self, choice: list[int]) -> list[Any]:
        r: list[Any] = [self.zero] * len(self.kind)
        r[0] = self.one
        for n in range(len(self.kind)):
            kind = self.kind[n]
            if kind == DECISION:
                r[self.first[n] + choice[self.row[n]]] = r[n]
            elif kind == CHANCE:
                for c in self.children(n):
                    r[c] = r[n] * self.prob[self.col[c]]
        return r


def backward_induction(
    game: ExtensiveGame,
    *,
    exact: bool | None = None,
    tol: float | None = None,
    max_equilibria: int = 1000,
) -> SolverResult:
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric game of perfect information (chance nodes allowed); use ``game.at(...)`` on a
        parameterised one, or :func:`backward_induction_batch` for many parameter points.
    exact : bool, optional
        Rational arithmetic (default: when the game's payoffs and probabilities are exact).
        Floats are read at their shortest decimal (``0.1`` is ``1/10``).
    tol : float, optional
        Float mode: values within ``tol`` count as tied (default: ``1e-9`` times the payoff
        scale).
    max_equilibria : int
        At most this many equilibria are returned; if there are more, the result says so in
        ``warnings`` and has ``complete=False``.

    Returns
    -------
    SolverResult
        Concept ``"spe"``, method ``"backward"``. Each equilibrium is a verified
        :class:`~alliancegame.BehaviorProfile` with its equilibrium ``path``; the first takes the
        first-listed action among ties at every node. ``complete`` means every *pure* SPE is
        listed (mixing over tied actions gives further, mixed, SPE).

    Raises
    ------
    GameError
        If the game has parameters or imperfect information.

    Examples
    --------
    >>> import alliancegame as ag
    >>> entry = ag.ExtensiveGame(["Entrant", "Incumbent"], ag.decision("Entrant", {
    ...     "Out": ag.terminal(0, 2),
    ...     "In": ag.decision("Incumbent", {"Fight": ag.terminal(-1, -1),
    ...                                     "Accommodate": ag.terminal(1, 1)})}))
    >>> res = backward_induction(entry)
    >>> res
    SolverResult(concept='spe', method='backward', exact, 1 solution)
      [0] Entrant: In → Incumbent: Accommodate ; payoffs Entrant=1, Incumbent=1
    >>> res[0]["Incumbent"]
    {'Incumbent after Entrant:In': {'Fight': Fraction(0, 1), 'Accommodate': Fraction(1, 1)}}

    Ties give several equilibria, the first-listed action first:

    >>> tie = ag.ExtensiveGame(["A", "B"], ag.decision("A", {
    ...     "x": ag.decision("B", {"l": ag.terminal(2, 0), "r": ag.terminal(0, 0)}),
    ...     "y": ag.terminal(1, 1)}))
    >>> for e in backward_induction(tie):
    ...     print(e.describe())
    A: x → B: l ; payoffs A=2, B=0
    A: y ; payoffs A=1, B=1
    """
    game = _perfect_information(game, "backward_induction")
    if not game.is_numeric:
        raise GameError(
            f"backward_induction: the game has parameters {game.parameters.names}; solve a "
            f"numeric game with game.at(...), or a batch of points with backward_induction_batch"
        )
    if (
        isinstance(max_equilibria, bool)
        or not isinstance(max_equilibria, int)
        or (max_equilibria < 1)
    ):
        raise GameError(
            f"backward_induction: max_equilibria must be a positive integer, got {max_equilibria!r}"
        )
    use_exact = game.kind == "exact" if exact is None else bool(exact)
    tree = _Tree(game, use_exact)
    tolerance: Any
    if use_exact:
        tolerance = 0
    else:
        scale = np.array([float(v) for row in tree.pay for v in row], dtype=float)
        tolerance = default_tolerance(scale) if tol is None else float(tol)
        if not tolerance >= 0:
            raise GameError(f"backward_induction: tol must be non-negative, got {tol!r}")
    choices = tree.enumerate(tolerance, max_equilibria + 1)
    warnings: tuple[str, ...] = ()
    complete = True
    if len(choices) > max_equilibria:
        choices = choices[:max_equilibria]
        complete = False
        warnings = (
            f"more than {max_equilibria} pure subgame-perfect equilibria (the payoffs have "
            f"ties); returned the first {max_equilibria} — raise max_equilibria to see more",
        )
    names = _Names(game)
    profiles = tuple(_profile(game, tree, names, c, tolerance) for c in choices)
    return SolverResult(
        game=game,
        concept="spe",
        method="backward",
        exact=use_exact,
        equilibria=profiles,
        max_regret=max((p.regret for p in profiles), default=0),
        complete=complete,
        options={
            "tol": Fraction(0) if use_exact else tolerance,
            "max_equilibria": max_equilibria,
        },
        warnings=warnings,
    )


class _Names:
    """Per-game names used to build profiles (computed once per solve)."""

    def __init__(self, game: ExtensiveGame) -> None:
        infosets = game.infosets
        self.labels = tuple(tuple(s.label for s in sets) for sets in infosets)
        self.actions = tuple(tuple(s.actions for s in sets) for sets in infosets)
        row_of_pre = {pre: r for r, pre in enumerate(game.decision_nodes)}
        self.rows = [[row_of_pre[s.nodes[0]] for s in sets] for sets in infosets]
        all_labels = game._labels()
        self.steps = []
        for pre in game.decision_nodes:
            node = game.nodes[pre]
            assert isinstance(node, Decision)
            self.steps.append((node.player, all_labels[int(game._infoset[pre])], node.actions))


def _profile(
    game: ExtensiveGame, tree: _Tree, names: _Names, choice: list[int], tol: Any
) -> BehaviorProfile:
    values, regret = tree.verify(choice, tol)
    reach = tree.reach(choice)
    dec_flat = tree.flat.decision_nodes.tolist()
    one, zero = (Fraction(1), Fraction(0)) if tree.exact else (1.0, 0.0)
    probabilities = tuple(
        tuple(
            tuple(one if a == choice[r] else zero for a in range(len(acts)))
            for r, acts in zip(rows, actions, strict=True)
        )
        for rows, actions in zip(names.rows, names.actions, strict=True)
    )
    path = []
    for r, (player, label, acts) in enumerate(names.steps):
        p = reach[dec_flat[r]]
        if p > 0:
            path.append(PathStep(player, label, acts[choice[r]], Fraction(p) if tree.exact else p))
    return BehaviorProfile(
        players=game.players,
        infosets=names.labels,
        actions=names.actions,
        probabilities=probabilities,
        payoffs_=tuple(values),
        regret=regret,
        exact=tree.exact,
        path=tuple(path),
    )


# --------------------------------------------------------------------------------------------
# The batched kernel
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class BatchBackwardResult:
    """Backward induction at every point of a batch (first-listed action among ties).

    Arrays have the batch shape first. Decision nodes are listed in the game's pre-order (the
    order of :attr:`FlatTree.decision_nodes`); nodes in ``values`` are in flat (breadth-first)
    order, node 0 being the root.

    Attributes
    ----------
    flat : FlatTree
        The tree that was solved.
    batch_shape : tuple of int
        Shape of the batch of parameter points.
    choice : ndarray of int32
        ``(*batch, n_decision_nodes)``: the index of the action chosen at each decision node.
    tie : ndarray of bool
        ``(*batch, n_decision_nodes)``: whether another action was (within ``tol``) as good.
        Some node has a tie exactly when the point has more than one pure SPE.
    on_path : ndarray of bool
        ``(*batch, n_decision_nodes)``: whether the node is reached with positive probability.
    values : ndarray
        ``(*batch, n_nodes, n_players)``: each node's value to each player (possibly a view).
    terminal_probability : ndarray
        ``(*batch, n_terminals)``: probability of ending at each terminal (the outcome
        distribution), terminals in the order of :attr:`ExtensiveGame.terminals`.
    outcome : ndarray of int
        ``(*batch,)``: the terminal reached for sure (its row), or -1 when chance makes the
        outcome random.
    tol : ndarray
        ``(*batch,)``: the tie tolerance used at each point.
    """

    flat: FlatTree
    batch_shape: tuple[int, ...]
    choice: npt.NDArray[np.int32]
    tie: npt.NDArray[np.bool_]
    on_path: npt.NDArray[np.bool_]
    values: npt.NDArray[np.float64]
    terminal_probability: npt.NDArray[np.float64]
    outcome: npt.NDArray[np.int64]
    tol: npt.NDArray[np.float64]

    @property
    def payoffs(self) -> npt.NDArray[np.float64]:
        """``(*batch, n_players)``: the equilibrium payoffs (the root's value)."""
        return self.values[..., 0, :]

    @property
    def any_tie(self) -> npt.NDArray[np.bool_]:
        """``(*batch,)``: whether the point has more than one pure SPE."""
        return np.asarray(self.tie.any(axis=-1))

    def choices_at(self, index: int | tuple[int, ...] = ()) -> dict[str, str]:
        """The equilibrium at one point of the batch: ``{information-set label: action}``.

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.ExtensiveGame(["A"], ag.decision("A", {"x": ag.terminal("u"),
        ...                                               "y": ag.terminal(0)}),
        ...                      parameters={"u": 1})
        >>> backward_induction_batch(g, u=[-1.0, 1.0]).choices_at(1)
        {'A at root': 'x'}
        """
        game = self.flat.game
        labels = game._labels()
        row = self.choice[index]
        out = {}
        for r, n in enumerate(self.flat.decision_nodes.tolist()):
            node = game.nodes[int(self.flat.node_id[n])]
            out[labels[int(self.flat.infoset[n])]] = node.actions[int(row[r])]  # type: ignore[union-attr]
        return out

    def labels(self) -> npt.NDArray[np.str_]:
        """``(*batch,)``: the equilibrium path at each point, e.g. ``"US:Strike → Russia:Stay"``.

        The decisions reached with positive probability, in tree order (with chance moves several
        branches may be reached).

        Examples
        --------
        >>> import alliancegame as ag
        >>> g = ag.ExtensiveGame(["A"], ag.decision("A", {"x": ag.terminal("u"),
        ...                                               "y": ag.terminal(0)}),
        ...                      parameters={"u": 1})
        >>> backward_induction_batch(g, u=[-1.0, 1.0]).labels().tolist()
        ['A:y', 'A:x']
        """
        game = self.flat.game
        n_dec = len(self.flat.decision_nodes)
        b = int(np.prod(self.batch_shape)) if self.batch_shape else 1
        key = np.where(self.on_path, self.choice, -1).reshape(b, n_dec)
        if n_dec == 0:
            return np.full(self.batch_shape, "(no decisions)", dtype=object).astype(str)
        uniq, inverse = _unique_rows(key)
        nodes = [game.nodes[int(self.flat.node_id[n])] for n in self.flat.decision_nodes]
        texts = []
        for u in uniq:
            steps = [
                f"{nodes[r].player}:{nodes[r].actions[int(a)]}"  # type: ignore[union-attr]
                for r, a in enumerate(u.tolist())
                if a >= 0
            ]
            texts.append(" → ".join(steps) or "(no decisions)")
        return np.asarray(texts)[np.asarray(inverse).reshape(-1)].reshape(self.batch_shape)

    def __repr__(self) -> str:
        n_tie = int(np.count_nonzero(self.any_tie))
        return (
            f"BatchBackwardResult(batch_shape={self.batch_shape}, nodes={self.flat.n_nodes}, "
            f"points with ties={n_tie})"
        )


def _unique_rows(key: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """``np.unique(key, axis=0, return_inverse=True)``, fast: rows are hashed to one integer
    by a fixed random projection, and the grouping is checked exactly (with a fallback)."""
    weights = np.random.default_rng(0).integers(1, 2**61, size=key.shape[1], dtype=np.int64)
    with np.errstate(over="ignore"):
        h = (key.astype(np.int64) + 2) @ weights  # wraps around: a hash, not a sum
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    rows = key[first]
    if np.array_equal(rows[inverse], key):
        return rows, inverse
    uniq, inv = np.unique(key, axis=0, return_inverse=True)  # pragma: no cover - a collision
    return uniq, np.asarray(inv).reshape(-1)  # pragma: no cover


class _Block(NamedTuple):
    """One step of the level pass: nodes of one level with the same kind, arity and mover.

    Index fields are slices when the nodes (or their children, or their decision rows) are
    contiguous — then NumPy works on views instead of gathering."""

    kind: int
    k: int
    player: int
    m: int
    nodes: npt.NDArray[np.int64] | slice
    children: npt.NDArray[np.int64] | slice
    rows: npt.NDArray[np.int64] | slice
    cols: npt.NDArray[np.int64] | None


def _as_slice(idx: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | slice:
    if len(idx) and int(idx[-1]) - int(idx[0]) + 1 == len(idx) and np.all(np.diff(idx) == 1):
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _blocks(flat: FlatTree) -> list[_Block]:
    """The level pass of a flat tree, deepest level first (cached on the tree)."""
    cached = flat._cache.get("backward_blocks")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    out = []
    for kind, k, nodes in flat.schedule():
        m = len(nodes)
        first = flat.first_child[nodes]
        ch = first[:, None] + np.arange(k)
        contiguous = bool(np.all(first == first[0] + k * np.arange(m)))
        children = slice(int(first[0]), int(first[0]) + m * k) if contiguous else ch
        cols = flat.edge_column[ch] if kind == CHANCE else None
        out.append(
            _Block(
                kind,
                k,
                int(flat.player[nodes[0]]),
                m,
                _as_slice(nodes),
                children,
                _as_slice(flat.row[nodes]),
                cols,
            )
        )
    flat._cache["backward_blocks"] = out
    return out


def backward_induction_batch(
    game: ExtensiveGame | FlatTree,
    values: Mapping[str, npt.ArrayLike] | None = None,
    /,
    *,
    tol: float | None = None,
    **kwargs: npt.ArrayLike,
) -> BatchBackwardResult:
    """Backward induction for a whole batch of parameter points at once.

    Parameters
    ----------
    game : ExtensiveGame or FlatTree
        A perfect-information tree (chance nodes allowed), parameterised or not.
    values : mapping, optional
        Parameter values (scalars or arrays, broadcast together to the batch shape); missing
        parameters take their defaults. A parameter named ``tol`` must be passed here.
    tol : float, optional
        Values within ``tol`` of the best count as tied (default: ``1e-9`` times the largest
        absolute payoff at each point, as :func:`backward_induction` uses).
    **kwargs
        More parameter values by name.

    Returns
    -------
    BatchBackwardResult
        Per point: the chosen action at every decision node (first-listed among ties), tie
        flags, node values, the outcome distribution and path.

    Examples
    --------
    >>> import numpy as np
    >>> import alliancegame as ag
    >>> g = ag.ExtensiveGame(["US", "Russia"], ag.decision("US", {
    ...     "Hold": ag.terminal(0, 0),
    ...     "Strike": ag.decision("Russia", {"Arm": ag.terminal("1 - a", "a - 1"),
    ...                                      "Stay": ag.terminal(1, -1)})}),
    ...     parameters={"a": 0})
    >>> res = backward_induction_batch(g, a=np.array([-1.0, 0.0, 2.0]))
    >>> res.labels().tolist()
    ['US:Strike → Russia:Stay', 'US:Strike → Russia:Arm', 'US:Hold']
    >>> res.tie.tolist()
    [[False, False], [False, True], [False, False]]
    >>> res.payoffs.tolist()
    [[1.0, -1.0], [1.0, -1.0], [0.0, 0.0]]
    """
    if isinstance(game, FlatTree):
        flat = game
        _perfect_information(flat.game, "backward_induction_batch")
    else:
        flat = _perfect_information(game, "backward_induction_batch").flat()
    pay, prob_t, batch = flat.game._columns(values, kwargs, "backward_induction_batch")
    b = math.prod(batch)
    n, p = flat.n_nodes, flat.n_players
    t = len(flat.terminals)
    n_dec = len(flat.decision_nodes)
    check_allocation((n, p + 1, b), 8, "backward_induction_batch: node values for the batch")
    if tol is None:
        tolb = 1e-9 * np.maximum(1.0, np.abs(pay).max(axis=0))
    else:
        if not float(tol) >= 0:
            raise GameError(f"backward_induction_batch: tol must be non-negative, got {tol!r}")
        tolb = np.full(b, float(tol))
    v = np.empty((n, p, b), dtype=float)
    v[flat.terminals] = pay.reshape(t, p, b)
    choice = np.zeros((n_dec, b), dtype=np.int32)
    tie = np.zeros((n_dec, b), dtype=bool)
    blocks = _blocks(flat)
    picks: list[npt.NDArray[Any] | None] = []
    for blk in blocks:  # deepest level first
        m, k = blk.m, blk.k
        g = v[blk.children]
        if isinstance(blk.children, slice):
            g = g.reshape(m, k, p, b)
        # write the parents' values in place when they are contiguous (a view of v)
        target = v[blk.nodes] if isinstance(blk.nodes, slice) else np.empty((m, p, b))
        if blk.kind == CHANCE:
            w = prob_t[blk.cols]  # (m, k, b)
            np.multiply(g[:, 0], w[:, 0, None, :], out=target)
            for j in range(1, k):
                target += g[:, j] * w[:, j, None, :]
            picks.append(w)
        else:
            u = g[:, :, blk.player, :]  # (m, k, b): the mover's values
            c: npt.NDArray[Any]
            tied: npt.NDArray[np.bool_]
            if k == 1:
                c = np.zeros((m, b), dtype=np.int8)
                tied = np.zeros((m, b), dtype=bool)
                target[...] = g[:, 0]
            elif k == 2:  # the common case, without a gather
                d = u[:, 1] - u[:, 0]
                better = d > tolb
                c = better.view(np.int8)
                tied = np.abs(d, out=d) <= tolb
                np.copyto(target, g[:, 0])
                np.copyto(target, g[:, 1], where=better[:, None, :])
            else:
                best = u.max(axis=1)
                ok = u >= (best - tolb)[:, None, :]
                c = ok.argmax(axis=1)
                tied = ok.sum(axis=1) > 1
                target[...] = np.take_along_axis(g, c[:, None, None, :], axis=1)[:, 0]
            choice[blk.rows] = c
            tie[blk.rows] = tied
            picks.append(c)
        if not isinstance(blk.nodes, slice):
            v[blk.nodes] = target
    reach = np.empty((n, b), dtype=float)
    reach[0] = 1.0
    for blk, pick in zip(reversed(blocks), reversed(picks), strict=True):  # root first
        m, k = blk.m, blk.k
        r = reach[blk.nodes][:, None, :]
        if blk.kind == CHANCE:
            out = r * pick
        else:
            assert pick is not None
            out = r * (pick[:, None, :] == np.arange(k, dtype=np.int32)[None, :, None])
        if isinstance(blk.children, slice):
            reach[blk.children] = out.reshape(m * k, b)
        else:
            reach[blk.children] = out
    term = reach[flat.terminals]  # (t, b)
    on_path = reach[flat.decision_nodes] > 0
    # the terminal reached for sure, if any: at most one can have probability ~1
    hit = term >= 1 - 1e-9
    outcome = np.where(hit.any(axis=0), (hit * np.arange(t)[:, None]).sum(axis=0), -1)
    return BatchBackwardResult(
        flat=flat,
        batch_shape=batch,
        choice=choice.T.reshape(*batch, n_dec),
        tie=tie.T.reshape(*batch, n_dec),
        on_path=on_path.T.reshape(*batch, n_dec),
        values=np.moveaxis(v, 2, 0).reshape(*batch, n, p),
        terminal_probability=term.T.reshape(*batch, t),
        outcome=outcome.reshape(batch),
        tol=tolb.reshape(batch),
    )
