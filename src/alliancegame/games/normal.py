"""Normal-form (strategic-form) games with N players, named strategies and parameterised payoffs.

A normal-form game with players :math:`i = 1..N` and finite strategy sets :math:`S_i` is a payoff
tensor :math:`u \\in \\mathbb{R}^{N \\times |S_1| \\times \\dots \\times |S_N|}`: entry
``u[i, s_1, ..., s_N]`` is player *i*'s payoff when the players choose ``(s_1, ..., s_N)``.

In alliancegame the entries may be numbers, exact fractions or expressions in named
:class:`~alliancegame.Parameter` objects. A game with parameters is a *function*: ``game.at(u=6)``
gives the numeric game at one point, and ``game.evaluate(u=grid)`` the payoff tensors of a whole
batch of points at once, shaped ``(*batch, N, |S_1|, ..., |S_N|)``.

Payoffs are stored in one of three forms, chosen from the input:

``"float"``
    a float64 array (input contained floats, or came from NumPy float arrays);
``"exact"``
    an object array of :class:`fractions.Fraction` (input was integers, fractions or rational
    literals), which solvers can use for exact rational arithmetic;
``"symbolic"``
    an object array of SymPy expressions in the declared parameters.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import sympy

from ..core.arrays import check_allocation, ensure_finite, float_of
from ..core.errors import ExpressionError, GameError, UnknownNameError, did_you_mean
from ..core.expr import Kernel, as_expression, exact_value, to_fraction
from .parameters import Parameter, ParameterSet

if TYPE_CHECKING:
    import nashpy

__all__ = ["NormalFormGame", "PayoffKind"]

PayoffKind = Literal["float", "exact", "symbolic"]


def _check_labels(labels: Iterable[object], what: str) -> tuple[str, ...]:
    out = []
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise GameError(f"{what}: every name must be a non-empty string, got {label!r}")
        out.append(label)
    dupes = sorted({x for x in out if out.count(x) > 1})
    if dupes:
        raise GameError(f"{what}: duplicate name(s) {', '.join(map(repr, dupes))}")
    return tuple(out)


def _classify(values: npt.NDArray[Any]) -> PayoffKind:
    """Kind of already-parsed payoffs: strings have become SymPy objects."""
    kind: PayoffKind = "exact"
    for v in values.flat:
        if isinstance(v, sympy.Basic):
            if isinstance(v, sympy.Rational):
                continue
            if v.free_symbols:
                return "symbolic"
            kind = "float"  # an irrational constant such as sqrt(2)
            continue
        if isinstance(v, bool):
            raise GameError(f"payoffs: booleans are not payoffs, got {v!r}")
        if isinstance(v, float | np.floating):
            kind = "float"
        elif not isinstance(v, int | Fraction | np.integer):
            raise GameError(
                f"payoffs: expected numbers or expressions, got {type(v).__name__} {v!r}"
            )
    return kind


class NormalFormGame:
    """A finite N-player game in normal form, with named players and strategies.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(N, |S_1|, ..., |S_N|)``: ``payoffs[i][s_1]...[s_N]`` is player ``i``'s payoff.
        Entries may be numbers, :class:`~fractions.Fraction`, expression strings or SymPy
        expressions in the declared parameters.
    players : sequence of str, optional
        Player names; default ``"Player 1"``, ``"Player 2"``, ...
    strategies : sequence of sequence of str, optional
        Strategy names per player; default ``"1"``, ``"2"``, ... (as Gambit numbers them).
    parameters : sequence of Parameter or str, or mapping of name to default, optional
        The parameters that expressions may use.
    title : str, optional
        A title for display and for files.

    Examples
    --------
    A game of Chicken (R=0, S=-1, T=1, P=-10):

    >>> g = NormalFormGame.from_arrays(
    ...     [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...     players=["US", "Iran"], strategies=[["C", "D"], ["C", "D"]])
    >>> g
    NormalFormGame(players=('US', 'Iran'), shape=(2, 2), kind='exact')
    >>> g.payoff("US", {"US": "D", "Iran": "C"})
    Fraction(1, 1)

    A parameterised game is a function of its parameters:

    >>> h = NormalFormGame([[[ "a", 0], [1, "a - 2"]], [["a", 1], [0, "a - 2"]]],
    ...                    parameters={"a": 3})
    >>> h.at(a=1).payoff_array()[0]
    array([[ 1.,  0.],
           [ 1., -1.]])
    >>> h.evaluate(a=[1.0, 2.0, 3.0]).shape
    (3, 2, 2, 2)
    """

    __slots__ = ("_kernel", "_kind", "_parameters", "_payoffs", "_players", "_strategies", "title")

    def __init__(
        self,
        payoffs: npt.ArrayLike,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        parameters: Iterable[Parameter | str] | Mapping[str, Any] | None = None,
        title: str = "",
    ) -> None:
        self._parameters = ParameterSet(parameters)
        shape = np.shape(payoffs)
        if len(shape) >= 2:
            # Before anything is converted: a broadcast view or a huge array costs nothing yet.
            check_allocation(shape, 8, "the payoff array")
        numeric_input = isinstance(payoffs, np.ndarray) and payoffs.dtype.kind in "fiu"
        raw = np.asarray(payoffs) if numeric_input else np.asarray(payoffs, dtype=object)
        if raw.ndim < 2:
            raise GameError(
                f"payoffs: need shape (n_players, s_1, ..., s_n), got an array of shape {raw.shape}"
            )
        n = raw.shape[0]
        if raw.ndim != n + 1:
            raise GameError(
                f"payoffs: {n} players need a {n + 1}-dimensional array (player axis, then one "
                f"axis per player's strategies), got shape {raw.shape}"
            )
        if any(s == 0 for s in raw.shape[1:]):
            raise GameError(
                f"payoffs: every player needs at least one strategy, got shape {raw.shape}"
            )
        self._players = _check_labels(
            players if players is not None else [f"Player {i + 1}" for i in range(n)], "players"
        )
        if len(self._players) != n:
            raise GameError(f"players: {n} payoff rows but {len(self._players)} player names")
        if strategies is None:
            strategies = [[str(k + 1) for k in range(s)] for s in raw.shape[1:]]
        if isinstance(strategies, str) or len(strategies) != n:
            raise GameError(
                f"strategies: need one list of names per player ({n}), got {strategies!r}"
            )
        self._strategies = tuple(
            _check_labels(s, f"strategies of {p!r}")
            for p, s in zip(self._players, strategies, strict=True)
        )
        for p, s, size in zip(self._players, self._strategies, raw.shape[1:], strict=True):
            if len(s) != size:
                raise GameError(
                    f"strategies of {p!r}: {len(s)} names for {size} strategies in the payoff array"
                )
        self._kernel: Kernel | None = None
        self.title = title
        if numeric_input:
            if raw.dtype.kind == "f":
                arr = np.array(raw, dtype=float)
                ensure_finite(arr, "payoffs")
                if not self._parameters:
                    self._payoffs: npt.NDArray[Any] = arr
                    self._kind: PayoffKind = "float"
                    return
                raw = arr.astype(object)
            else:
                raw = raw.astype(object)
        table = {p.name: p.symbol for p in self._parameters}
        parsed = np.empty(raw.shape, dtype=object)
        for idx, v in np.ndenumerate(raw):
            if isinstance(v, str | sympy.Basic):
                parsed[idx] = self._parse_cell(v, table, idx)
            else:
                parsed[idx] = v
        kind = _classify(parsed)
        if self._parameters:
            kind = "symbolic"
        if kind == "float":
            arr = np.empty(parsed.shape, dtype=float)
            for idx, v in np.ndenumerate(parsed):
                arr[idx] = float(v)
            ensure_finite(arr, "payoffs")
            self._payoffs = arr
        elif kind == "exact":
            out = np.empty(parsed.shape, dtype=object)
            for idx, v in np.ndenumerate(parsed):
                out[idx] = to_fraction(v)
            self._payoffs = out
        else:
            out = np.empty(parsed.shape, dtype=object)
            for idx, v in np.ndenumerate(parsed):
                out[idx] = v if isinstance(v, sympy.Basic) else self._parse_cell(v, table, idx)
            self._payoffs = out
        self._kind = kind

    def _parse_cell(self, value: object, table: Mapping[str, Any], idx: tuple[int, ...]) -> Any:
        """Parse one payoff cell, prefixing any error with where the cell is."""
        try:
            return as_expression(value, table)
        except UnknownNameError as exc:
            raise UnknownNameError(
                f"payoff {self._describe_index(idx)}: {exc}",
                exc.name,
                exc.known,
                exc.text,
                exc.offset,
            ) from None
        except ExpressionError as exc:
            raise ExpressionError(
                f"payoff {self._describe_index(idx)}: {exc}", exc.text, exc.offset
            ) from None

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def from_arrays(
        cls,
        *arrays: npt.ArrayLike,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        parameters: Iterable[Parameter | str] | Mapping[str, Any] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from one payoff array per player (as nashpy's ``Game(A, B)``).

        Examples
        --------
        >>> NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        if not arrays:
            raise GameError("from_arrays: need at least one payoff array")
        mats = [np.asarray(a, dtype=object) for a in arrays]
        shapes = {m.shape for m in mats}
        if len(shapes) != 1:
            raise GameError(
                f"from_arrays: every player's array must have the same shape, got "
                f"{[m.shape for m in mats]}"
            )
        stacked = np.stack(mats)
        if all(np.asarray(a).dtype.kind == "f" for a in arrays):
            stacked = np.stack([np.asarray(a, dtype=float) for a in arrays])
        return cls(stacked, players, strategies, parameters, title)

    @classmethod
    def from_nashpy(
        cls,
        game: nashpy.Game,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """Build a game from a :class:`nashpy.Game`.

        Examples
        --------
        >>> import nashpy
        >>> NormalFormGame.from_nashpy(nashpy.Game([[1, 0], [0, 1]])).players
        ('Player 1', 'Player 2')
        """
        A, B = game.payoff_matrices
        return cls.from_arrays(np.asarray(A), np.asarray(B), players=players, strategies=strategies)

    def to_nashpy(self) -> nashpy.Game:
        """Convert a numeric two-player game to a :class:`nashpy.Game` (float payoffs).

        Examples
        --------
        >>> g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> g.to_nashpy().payoff_matrices[0]
        array([[1., 0.],
               [0., 1.]])
        """
        import nashpy

        if self.n_players != 2:
            raise GameError(
                f"to_nashpy: nashpy handles 2-player games, this one has {self.n_players}"
            )
        arr = self.payoff_array()
        return nashpy.Game(arr[0], arr[1])

    # ------------------------------------------------------------------ basic properties
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy names per player."""
        return self._strategies

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies per player."""
        return tuple(len(s) for s in self._strategies)

    @property
    def parameters(self) -> ParameterSet:
        """Declared parameters."""
        return self._parameters

    @property
    def kind(self) -> PayoffKind:
        """How payoffs are stored: ``"float"``, ``"exact"`` or ``"symbolic"``."""
        return self._kind

    @property
    def is_numeric(self) -> bool:
        """Whether payoffs are plain numbers (no parameters)."""
        return self._kind != "symbolic"

    @property
    def payoffs(self) -> npt.NDArray[Any]:
        """The payoff tensor as stored (float array, Fraction array or SymPy-expression array)."""
        view = self._payoffs.view()
        view.flags.writeable = False
        return view

    def player_index(self, player: str | int) -> int:
        """The index of a player given by name (or index)."""
        if isinstance(player, int) and not isinstance(player, bool):
            if not 0 <= player < self.n_players:
                raise GameError(f"player index {player} out of range 0..{self.n_players - 1}")
            return player
        try:
            return self._players.index(player)
        except ValueError:
            raise UnknownNameError(
                f"unknown player {player!r}{did_you_mean(str(player), self._players)}; "
                f"players: {', '.join(self._players)}",
                str(player),
                self._players,
            ) from None

    def strategy_index(self, player: str | int, strategy: str | int) -> int:
        """The index of one of a player's strategies given by name (or index)."""
        i = self.player_index(player)
        names = self._strategies[i]
        if isinstance(strategy, int) and not isinstance(strategy, bool):
            if not 0 <= strategy < len(names):
                raise GameError(f"strategy index {strategy} out of range for {self._players[i]!r}")
            return strategy
        try:
            return names.index(strategy)
        except ValueError:
            raise UnknownNameError(
                f"unknown strategy {strategy!r} of {self._players[i]!r}"
                f"{did_you_mean(str(strategy), names)}; strategies: {', '.join(names)}",
                str(strategy),
                names,
            ) from None

    def _profile_index(self, profile: Mapping[str, str] | Sequence[str | int]) -> tuple[int, ...]:
        if isinstance(profile, Mapping):
            for name in profile:
                self.player_index(name)
            missing = [p for p in self._players if p not in profile]
            if missing:
                raise GameError(f"profile: no strategy given for {', '.join(missing)}")
            return tuple(self.strategy_index(p, profile[p]) for p in self._players)
        if len(profile) != self.n_players:
            raise GameError(f"profile: need {self.n_players} strategies, got {len(profile)}")
        return tuple(self.strategy_index(i, s) for i, s in enumerate(profile))

    def _describe_index(self, idx: tuple[int, ...]) -> str:
        player = self._players[idx[0]] if idx[0] < len(self._players) else str(idx[0])
        try:
            prof = ", ".join(self._strategies[i][k] for i, k in enumerate(idx[1:]))
        except (IndexError, AttributeError):
            prof = str(idx[1:])
        return f"of {player} at ({prof})"

    def payoff(self, player: str | int, profile: Mapping[str, str] | Sequence[str | int]) -> Any:
        """One player's payoff at a pure profile, as stored (number, Fraction or expression)."""
        return self._payoffs[(self.player_index(player), *self._profile_index(profile))]

    # ------------------------------------------------------------------ numeric views
    def payoff_array(self) -> npt.NDArray[np.float64]:
        """Payoffs as a float64 array of shape ``(N, |S_1|, ..., |S_N|)``.

        For a parameterised game the parameters' defaults are used.
        """
        if self._kind == "float":
            return np.array(self._payoffs, dtype=float)
        if self._kind == "exact":
            return float_of(self._payoffs)
        return self.evaluate()

    def exact_payoff_array(self) -> npt.NDArray[Any]:
        """Payoffs as an object array of :class:`~fractions.Fraction`.

        Floats convert exactly (their binary value); a parameterised game uses the defaults.
        """
        if self._kind == "exact":
            return np.array(self._payoffs, dtype=object)
        if self._kind == "float":
            out = np.empty(self._payoffs.shape, dtype=object)
            for idx, v in np.ndenumerate(self._payoffs):
                out[idx] = Fraction(float(v))
            return out
        return self.at(exact=True).exact_payoff_array()

    def kernel(self) -> Kernel:
        """The compiled batch evaluator of the payoff expressions (built once, then cached)."""
        if self._kernel is None:
            exprs = [
                as_expression(v) if not isinstance(v, sympy.Basic) else v
                for v in self._payoffs.flat
            ]
            self._kernel = Kernel(exprs, self._parameters.names)
        return self._kernel

    def evaluate(
        self, values: Mapping[str, npt.ArrayLike] | None = None, /, **kwargs: npt.ArrayLike
    ) -> npt.NDArray[np.float64]:
        """Payoff tensors for a batch of parameter points, shape ``(*batch, N, |S_1|, ...)``.

        Parameters
        ----------
        values : mapping, optional
            Parameter values (scalars or arrays, broadcast together); missing ones take defaults.
        **kwargs
            More parameter values by name.

        Examples
        --------
        >>> g = NormalFormGame([[["x", 0]], [[0, "2*x"]]], parameters=["x"])
        >>> g.evaluate(x=[[1.0], [2.0]])[..., 0, 0, 0]
        array([[1.],
               [2.]])
        """
        given = {**(values or {}), **kwargs}
        if self._kind != "symbolic":
            self._parameters.check_names(given, "evaluate")
            base = self.payoff_array()
            shape = np.broadcast_shapes(*(np.shape(v) for v in given.values())) if given else ()
            check_allocation((*shape, *base.shape), 8, "evaluate: the batch of payoff tensors")
            return np.broadcast_to(base, (*shape, *base.shape)).copy()
        resolved = self._parameters.resolve(given, "evaluate")
        arrays = {k: np.asarray(v, dtype=float) for k, v in resolved.items()}
        batch = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        full = (*batch, *self._payoffs.shape)
        check_allocation(full, 8, "evaluate: the batch of payoff tensors")
        for k, a in arrays.items():
            if not np.all(np.isfinite(a)):
                raise GameError(f"evaluate: values of parameter {k!r} must be finite")
        out = self.kernel()(arrays).reshape(full)
        bad = ~np.isfinite(out)
        if bad.any():
            where = np.argwhere(bad)[0]
            point = {
                k: float(np.broadcast_to(a, batch)[tuple(where[: len(batch)])])
                for k, a in arrays.items()
            }
            cell = tuple(int(i) for i in where[len(batch) :])
            raise GameError(
                f"evaluate: payoff {self._describe_index(cell)} is not finite at {point}"
            )
        return out

    def at(
        self, values: Mapping[str, Any] | None = None, /, *, exact: bool = False, **kwargs: Any
    ) -> NormalFormGame:
        """The numeric game at one parameter point (missing parameters take their defaults).

        Parameters
        ----------
        values : mapping, optional
            Parameter values by name (use this form for a parameter named ``exact``).
        exact : bool
            If true, evaluate exactly (rational values give a game of exact fractions).
        **kwargs
            Parameter values by name.

        Examples
        --------
        >>> g = NormalFormGame([[["x", 0]], [[0, "x/3"]]], parameters={"x": 1})
        >>> g.at(exact=True, x=2).payoffs[1, 0, 1]
        Fraction(2, 3)
        """
        values = {**(values or {}), **kwargs}
        if self._kind != "symbolic":
            self._parameters.check_names(values, "at")
            return self
        resolved = self._parameters.resolve(values, "at")
        if exact:
            out = np.empty(self._payoffs.shape, dtype=object)
            for idx, v in np.ndenumerate(self._payoffs):
                out[idx] = exact_value(v, resolved)
            return NormalFormGame(out, self._players, self._strategies, title=self.title)
        return NormalFormGame(
            np.asarray(self.evaluate(resolved), dtype=float),
            self._players,
            self._strategies,
            title=self.title,
        )

    # ------------------------------------------------------------------ transformations
    def relabel(
        self,
        players: Sequence[str | int] | None = None,
        strategies: Mapping[str, Sequence[str | int]] | None = None,
    ) -> NormalFormGame:
        """Reorder players and/or strategies (a relabelling: the game itself is unchanged).

        Parameters
        ----------
        players : sequence of str or int, optional
            The players in their new order.
        strategies : mapping of player to sequence, optional
            For each player given, its strategies in their new order.

        Examples
        --------
        >>> g = NormalFormGame.from_arrays([[1, 2], [3, 4]], [[5, 6], [7, 8]],
        ...                                players=["A", "B"])
        >>> g.relabel(players=["B", "A"]).payoff("A", {"A": "2", "B": "1"})
        Fraction(3, 1)
        """
        order = [self.player_index(p) for p in (players or range(self.n_players))]
        if sorted(order) != list(range(self.n_players)):
            raise GameError(
                f"relabel: players must be a permutation of {self._players}, got {players}"
            )
        perms = [list(range(len(s))) for s in self._strategies]
        for p, new in (strategies or {}).items():
            i = self.player_index(p)
            perm = [self.strategy_index(i, s) for s in new]
            if sorted(perm) != perms[i]:
                raise GameError(f"relabel: strategies of {p!r} must be a permutation, got {new}")
            perms[i] = perm
        arr = self._payoffs
        for i, perm in enumerate(perms):
            arr = np.take(arr, perm, axis=i + 1)
        arr = arr[order]
        arr = np.transpose(arr, [0, *[o + 1 for o in order]])
        return NormalFormGame(
            arr.copy(),
            [self._players[o] for o in order],
            [[self._strategies[o][k] for k in perms[o]] for o in order],
            self._parameters,
            self.title,
        )

    def affine(self, scale: Any = 1, shift: Any = 0) -> NormalFormGame:
        """Apply a positive affine transformation to each player's payoffs: ``a_i * u_i + b_i``.

        Nash equilibria are invariant under such transformations.

        Examples
        --------
        >>> g = NormalFormGame.from_arrays([[1, 2], [3, 4]], [[5, 6], [7, 8]])
        >>> g.affine([2, 1], [0, -5]).payoffs[1, 0, 0]
        Fraction(0, 1)
        """
        n = self.n_players

        def per_player(x: Any) -> list[Any]:
            if isinstance(x, str | sympy.Basic) or np.ndim(x) == 0:
                return [x] * n
            return list(np.asarray(x, dtype=object).tolist())

        scales, shifts = per_player(scale), per_player(shift)
        if len(scales) != n or len(shifts) != n:
            raise GameError(f"affine: need {n} scales and shifts")
        if any(not isinstance(a, str | sympy.Basic) and float(a) <= 0 for a in scales):
            raise GameError(f"affine: scales must be positive, got {scales}")
        arr = np.array(self._payoffs, dtype=object if self._kind != "float" else float)
        for i in range(n):
            a, b = scales[i], shifts[i]
            if self._kind == "float":
                arr[i] = arr[i] * float(a) + float(b)
            elif self._kind == "exact":
                arr[i] = arr[i] * to_fraction(a) + to_fraction(b)
            else:
                table = {p.name: p.symbol for p in self._parameters}
                arr[i] = arr[i] * as_expression(a, table) + as_expression(b, table)
        return NormalFormGame(arr, self._players, self._strategies, self._parameters, self.title)

    # ------------------------------------------------------------------ comparisons & display
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._strategies == other._strategies
            and self._parameters == other._parameters
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.all(self._payoffs == other._payoffs))
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        params = f", parameters={self._parameters.names}" if self._parameters else ""
        title = f"{self.title!r}, " if self.title else ""
        return (
            f"NormalFormGame({title}players={self._players}, shape={self.shape}, "
            f"kind={self._kind!r}{params})"
        )

    def _cell_text(self, idx: tuple[int, ...]) -> str:
        vals = [self._payoffs[(i, *idx)] for i in range(self.n_players)]
        return ", ".join(_fmt(v) for v in vals)

    def table(self) -> str:
        """A plain-text payoff table (two players: a matrix; otherwise one row per profile).

        Examples
        --------
        >>> print(NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...       strategies=[["C", "D"], ["C", "D"]]).table())
        Player 1 \\ Player 2 | C    | D
        C                   | 3, 3 | 0, 5
        D                   | 5, 0 | 1, 1
        """
        if self.n_players == 2:
            head = [f"{self._players[0]} \\ {self._players[1]}", *self._strategies[1]]
            rows = [head]
            for a, sa in enumerate(self._strategies[0]):
                rows.append([sa, *(self._cell_text((a, b)) for b in range(self.shape[1]))])
        else:
            rows = [[*self._players, "payoffs"]]
            for idx in np.ndindex(*self.shape):
                rows.append(
                    [*(self._strategies[i][k] for i, k in enumerate(idx)), self._cell_text(idx)]
                )
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        return "\n".join(
            " | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        if self.n_players == 2:
            head = "".join(f"<th>{esc(s)}</th>" for s in self._strategies[1])
            body = "".join(
                f"<tr><th>{esc(sa)}</th>"
                + "".join(f"<td>{esc(self._cell_text((a, b)))}</td>" for b in range(self.shape[1]))
                + "</tr>"
                for a, sa in enumerate(self._strategies[0])
            )
            corner = f"{esc(self._players[0])} \\ {esc(self._players[1])}"
            table = f"<table><tr><th>{corner}</th>{head}</tr>{body}</table>"
        else:
            head = "".join(f"<th>{esc(p)}</th>" for p in self._players) + "<th>payoffs</th>"
            body = "".join(
                "<tr>"
                + "".join(f"<td>{esc(self._strategies[i][k])}</td>" for i, k in enumerate(idx))
                + f"<td>{esc(self._cell_text(idx))}</td></tr>"
                for idx in np.ndindex(*self.shape)
            )
            table = f"<table><tr>{head}</tr>{body}</table>"
        caption = esc(self.title or "Normal-form game")
        return f"<div><strong>{caption}</strong>{table}</div>"

    def _repr_latex_(self) -> str | None:
        if self.n_players != 2:
            return None
        cols = "c" * self.shape[1]
        lines = [
            f"\\begin{{array}}{{r|{cols}}}",
            " & " + " & ".join(f"\\text{{{s}}}" for s in self._strategies[1]) + r" \\ \hline",
        ]
        for a, sa in enumerate(self._strategies[0]):
            cells = []
            for b in range(self.shape[1]):
                cells.append(", ".join(_latex(self._payoffs[(i, a, b)]) for i in range(2)))
            lines.append(f"\\text{{{sa}}} & " + " & ".join(cells) + r" \\")
        lines.append(r"\end{array}")
        return "$$" + "\n".join(lines) + "$$"


def _fmt(v: Any) -> str:
    if isinstance(v, float | np.floating):
        return f"{float(v):g}"
    return str(v)


def _latex(v: Any) -> str:
    if isinstance(v, Fraction):
        v = sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, float | np.floating):
        return f"{float(v):g}"
    return str(sympy.latex(v))
