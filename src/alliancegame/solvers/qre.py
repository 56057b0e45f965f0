"""Logit quantal response equilibria and the branch that selects one Nash equilibrium.

In a *quantal response equilibrium* (McKelvey & Palfrey 1995) players make mistakes, and costlier
mistakes are rarer. In the logit form, each player chooses each pure strategy with probability
proportional to the exponential of its expected payoff scaled by a precision
:math:`\\lambda \\ge 0`:

.. math::

    \\sigma_{ij} = \\frac{\\exp(\\lambda\\, u_i(j, \\sigma_{-i}))}
                       {\\sum_k \\exp(\\lambda\\, u_i(k, \\sigma_{-i}))}.

At :math:`\\lambda = 0` every player mixes uniformly; as :math:`\\lambda \\to \\infty` choices
become best responses. For almost every game the solutions form a *principal branch*, a smooth
curve from the uniform profile at :math:`\\lambda = 0` that converges to one Nash equilibrium as
:math:`\\lambda \\to \\infty` (McKelvey & Palfrey 1995, Theorem 3). Following the branch is thus
both a model of boundedly rational play — the branch shows how the prediction moves as players
become more precise — and an equilibrium *selection*: the limit is "the logit solution".

The branch is traced by predictor–corrector continuation (Allgower & Georg 1990) in the
coordinates :math:`(\\log \\sigma, \\lambda)`, which keep vanishing probabilities well scaled
(Turocy 2005). For each player *i* with reference strategy 0 the equations are

.. math::

    \\log\\sigma_{ij} - \\log\\sigma_{i0} - \\lambda\\,(u_i(j, \\sigma_{-i}) - u_i(0, \\sigma_{-i}))
    = 0 \\quad (j \\ge 1), \\qquad \\sum_j \\sigma_{ij} = 1,

one fewer equation than unknowns, so their solutions form curves. Each step moves along the
tangent (the Jacobian's null vector, from a QR factorisation), then Newton's method with the
Moore–Penrose inverse returns to the curve; the step length grows while the corrector converges
fast and shrinks when it does not, so the branch may turn back in :math:`\\lambda` (it does in some
games) without the tracing losing it. Tracing stops when the profile's Nash regret is at most
``max_regret`` times the game's payoff range — the stopping rule of Gambit's ``logit`` solver —
or at ``max_lambda``.

The end point is only close to an equilibrium. :func:`logit_solve` then *polishes* it: the
strategies that keep non-negligible probability are taken as the supports, the indifference
conditions on those supports are solved by Newton's method (in rational arithmetic for exact
two-player games), and the result is verified like every other equilibrium the library returns.
If polishing fails (a degenerate limit), the traced end point is returned after verification
against the looser tolerance ``max_regret`` times the payoff range, with a warning.

Only the strategic form is traced: for a tree, use its reduced normal form
(:meth:`ExtensiveGame.to_normal_form <alliancegame.ExtensiveGame.to_normal_form>`); the *agent*
QRE of a tree is a different object.

References
----------
McKelvey, R. D., & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6–38.

Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243–263.

Allgower, E. L., & Georg, K. (1990). *Numerical Continuation Methods: An Introduction*.
Springer.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.linalg import solve_triangular

from ..core.errors import ConvergenceWarning, GameError, SolverError
from ..games.normal import NormalFormGame
from .result import SolverResult, StrategyProfile, format_number, player_index
from .verify import deviation_payoffs, make_profile, numeric_normal_form

__all__ = ["QREBranch", "QREProfile", "logit_qre", "logit_solve", "qre_branch"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class QREProfile:
    """A logit quantal response equilibrium at one precision :math:`\\lambda`.

    Attributes
    ----------
    players : tuple of str
        Player names.
    strategies : tuple of tuple of str
        Strategy names per player.
    lam : float
        The precision :math:`\\lambda`.
    probabilities : tuple of tuple of float
        Per player, the probability of each strategy.
    payoffs_ : tuple of float
        Each player's expected payoff.
    residual : float
        The largest difference between a probability and the logit response to the profile
        (the fixed-point error; the profile is returned only when it is below ``1e-9``).
    regret : float
        The largest gain any player could get by deviating (the distance from a Nash
        equilibrium; positive for a finite :math:`\\lambda`).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    lam: float
    probabilities: tuple[tuple[float, ...], ...]
    payoffs_: tuple[float, ...]
    residual: float
    regret: float

    def __getitem__(self, player: str) -> dict[str, float]:
        i = player_index(self.players, player)
        return dict(zip(self.strategies[i], self.probabilities[i], strict=True))

    @property
    def payoffs(self) -> dict[str, float]:
        """Expected payoff per player."""
        return dict(zip(self.players, self.payoffs_, strict=True))

    def describe(self) -> str:
        """One line: the precision, then each player's mixture."""
        parts = [
            f"{p}: "
            + ", ".join(
                f"{s}={format_number(x, 4)}"
                for s, x in zip(self.strategies[i], self.probabilities[i], strict=True)
            )
            for i, p in enumerate(self.players)
        ]
        return f"lambda={format_number(self.lam, 6)} | " + " | ".join(parts)

    def __repr__(self) -> str:
        return f"<QREProfile {self.describe()}>"


@dataclass(frozen=True, slots=True, eq=False)
class QREBranch:
    """The principal branch of the logit QRE correspondence, as traced.

    Attributes
    ----------
    game : NormalFormGame
        The game.
    lambdas : ndarray
        Shape ``(K,)``: the precision at each traced point, starting at 0. Not necessarily
        increasing: the branch may turn back.
    probabilities : tuple of ndarray
        Per player, shape ``(K, n_i)``: the mixed strategy at each traced point.
    limit : StrategyProfile or None
        The Nash equilibrium the branch converges to, polished and verified (``None`` if the
        tracing stopped before getting close enough; see ``warnings``).
    converged : bool
        Whether the tracing met its stopping rule (regret at most ``max_regret`` times the payoff
        range) before ``max_lambda`` or ``max_steps``.
    bifurcations : tuple of float
        Precisions at which the branch passed a bifurcation point (detected by a sign change of
        the determinant of the augmented Jacobian). Other branches of QRE leave there; they occur
        only in non-generic games, e.g. with a symmetry.
    options : mapping
        The tracing options used.
    warnings : tuple of str
        Anything the user should know about this branch.
    """

    game: NormalFormGame
    lambdas: FloatArray
    probabilities: tuple[FloatArray, ...]
    limit: StrategyProfile | None
    converged: bool
    bifurcations: tuple[float, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def players(self) -> tuple[str, ...]:
        """The game's player names."""
        return tuple(self.game.players)

    def __len__(self) -> int:
        return len(self.lambdas)

    def __iter__(self) -> Iterator[tuple[float, tuple[FloatArray, ...]]]:
        for k, lam in enumerate(self.lambdas.tolist()):
            yield lam, tuple(p[k] for p in self.probabilities)

    def __getitem__(self, player: str) -> dict[str, FloatArray]:
        """The traced probabilities of one player's strategies, by name."""
        i = player_index(self.players, player)
        return {s: self.probabilities[i][:, k] for k, s in enumerate(self.game.strategies[i])}

    def to_frame(self) -> Any:
        """The branch as a long pandas DataFrame: ``step, lambda, player, strategy, probability``.

        Needs the ``tables`` extra (``pip install "alliancegame[tables]"``).
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                'QREBranch.to_frame needs pandas: pip install "alliancegame[tables]"'
            ) from None
        rows = []
        for i, player in enumerate(self.players):
            for k, strategy in enumerate(self.game.strategies[i]):
                rows.append(
                    pd.DataFrame(
                        {
                            "step": np.arange(len(self.lambdas)),
                            "lambda": self.lambdas,
                            "player": player,
                            "strategy": strategy,
                            "probability": self.probabilities[i][:, k],
                        }
                    )
                )
        return pd.concat(rows, ignore_index=True)

    def plot(
        self, ax: Any = None, *, players: Sequence[str] | None = None, scale: str = "ratio"
    ) -> Any:
        """Draw each strategy's probability along the branch.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Where to draw (default: a new figure).
        players : sequence of str, optional
            Whose strategies to draw (default: every player's).
        scale : {"ratio", "log"}
            The horizontal axis: ``"ratio"`` plots :math:`\\lambda / (1 + \\lambda)`, which shows
            the whole branch from 0 to the limit in [0, 1); ``"log"`` plots :math:`\\lambda` on a
            log scale (the point at 0 is left out).

        Returns
        -------
        matplotlib Axes
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError('plots need matplotlib: pip install "alliancegame[plot]"') from None
        if scale not in ("ratio", "log"):
            raise GameError(f"QREBranch.plot: scale must be 'ratio' or 'log', got {scale!r}")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 4.0))
        chosen = list(self.players) if players is None else list(players)
        lam = self.lambdas
        keep = lam > 0 if scale == "log" else np.ones(len(lam), dtype=bool)
        x = lam[keep] if scale == "log" else lam / (1.0 + lam)
        styles = ["-", "--", ":", "-."]
        for n, player in enumerate(chosen):
            for strategy, probs in self[player].items():
                label = f"{player}: {strategy}" if len(chosen) > 1 else strategy
                ax.plot(x, probs[keep], styles[n % len(styles)], label=label)
        for b in self.bifurcations:
            ax.axvline(b if scale == "log" else b / (1.0 + b), color="0.6", lw=0.8, ls=":")
        if scale == "log":
            ax.set_xscale("log")
            ax.set_xlabel("precision λ (log scale)")
        else:
            ax.set_xlabel("λ / (1 + λ)")
            ax.set_xlim(0, 1)
        ax.set_ylabel("probability")
        ax.set_ylim(-0.02, 1.02)
        ax.set_title("Logit QRE branch")
        ax.legend(loc="best", fontsize="small")
        return ax

    def __repr__(self) -> str:
        end = self.lambdas[-1] if len(self.lambdas) else 0.0
        head = (
            f"QREBranch({len(self.lambdas)} points, lambda 0 to {format_number(end, 4)}, "
            f"{'converged' if self.converged else 'not converged'})"
        )
        lines = [head]
        if self.limit is not None:
            lines.append(f"  limit: {self.limit.describe()}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


class _System:
    """The branch equations ``H(y, lam) = 0`` of a numeric game and their Jacobian."""

    def __init__(self, payoffs: FloatArray) -> None:
        self.arr = payoffs
        self.n = payoffs.shape[0]
        self.shape = payoffs.shape[1:]
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        if self.n == 2:  # constant cross-derivatives
            self._pair = (payoffs[0], payoffs[1].T)

    def split(self, v: FloatArray) -> list[FloatArray]:
        return [v[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n)]

    def cross(self, sigmas: Sequence[FloatArray]) -> list[list[FloatArray | None]]:
        """``D[i][k][j, l]``: player i's expected payoff from (j, l) with the others mixed."""
        n = self.n
        out: list[list[FloatArray | None]] = [[None] * n for _ in range(n)]
        if n == 2:
            out[0][1], out[1][0] = self._pair
            return out
        for i in range(n):
            for k in range(n):
                if k == i:
                    continue
                t = self.arr[i]
                for m in reversed(range(n)):
                    if m not in (i, k):
                        t = np.tensordot(t, sigmas[m], axes=([m], [0]))
                out[i][k] = t if i < k else t.T
        return out

    def deviations(
        self, sigmas: Sequence[FloatArray], d: list[list[FloatArray | None]]
    ) -> list[FloatArray]:
        """``U[i][j] = u_i(j, sigma_{-i})``."""
        out = []
        for i in range(self.n):
            k = 1 if i == 0 else 0
            m = d[i][k]
            assert m is not None
            out.append(m @ sigmas[k])
        return out

    def equations(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Residuals ``H`` and Jacobian ``[dH/dy | dH/dlam]``, rows equilibrated."""
        y, lam = x[:-1], float(x[-1])
        sig = np.exp(y)
        sigmas = self.split(sig)
        d = self.cross(sigmas)
        dev = self.deviations(sigmas, d)
        size = self.size
        h = np.empty(size)
        jac = np.zeros((size, size + 1))
        for i in range(self.n):
            o, e = self.offsets[i], self.offsets[i + 1]
            yi, ui = y[o:e], dev[i]
            h[o] = sigmas[i].sum() - 1.0
            h[o + 1 : e] = yi[1:] - yi[0] - lam * (ui[1:] - ui[0])
            jac[o, o:e] = sigmas[i]
            rows = np.arange(o + 1, e)
            jac[rows, rows] = 1.0
            jac[o + 1 : e, o] = -1.0
            jac[o + 1 : e, size] = -(ui[1:] - ui[0])
            for k in range(self.n):
                if k == i:
                    continue
                m = d[i][k]
                assert m is not None
                ok, ek = self.offsets[k], self.offsets[k + 1]
                jac[o + 1 : e, ok:ek] = -lam * (m[1:] - m[0]) * sigmas[k]
        # Equilibrate the rows: at large lambda some rows carry entries of order lambda, others of
        # order 1. Scaling rows changes neither the solution set, nor the tangent, nor the
        # minimum-norm Newton step, but keeps the factorisation accurate.
        scale = np.abs(jac).max(axis=1)
        scale[scale == 0] = 1.0
        return h / scale, jac / scale[:, None]

    def regret(self, sigmas: Sequence[FloatArray]) -> tuple[float, list[FloatArray]]:
        dev = deviation_payoffs(self.arr, sigmas)
        worst = max(float(u.max() - u @ s) for u, s in zip(dev, sigmas, strict=True))
        return worst, dev


def _qr(jac: FloatArray) -> tuple[FloatArray, FloatArray]:
    q, r = np.linalg.qr(jac.T, mode="complete")
    return q, r[: jac.shape[0], :]


def _newton_step(q: FloatArray, r: FloatArray, h: FloatArray) -> FloatArray:
    """Minimum-norm solution of ``J dx = -h`` from ``J^T = Q R``."""
    size = r.shape[0]
    z = solve_triangular(r.T, -h, lower=True, check_finite=False)
    step: FloatArray = q[:, :size] @ z
    return step


_MAX_CORRECTOR = 8
_CORRECTOR_TOL = 1e-10
_MAX_CONTRACTION = 0.5
_MAX_DISTANCE = 0.4
# At large lambda the log probabilities of unused strategies grow like -lambda * gap, and other
# branches lie a distance of order lambda away: the allowed corrector distance grows with lambda.
_DISTANCE_PER_LAMBDA = 1e-4
_MAX_ANGLE = 0.3  # radians between successive tangents


class _Tracer:
    """Predictor–corrector continuation along the principal branch."""

    def __init__(self, system: _System, first_step: float, max_accel: float) -> None:
        self.sys = system
        start = np.concatenate(
            [np.full(s, -math.log(s)) for s in system.shape] + [np.zeros(1)]
        ).astype(float)
        self.x = start
        _, jac = system.equations(start)
        q, _ = _qr(jac)
        t = q[:, -1]
        self.t = t if t[-1] > 0 else -t
        self.h = first_step
        self.max_accel = max_accel
        self.sign = self._orientation(jac, self.t)
        self.bifurcations: list[float] = []
        self.min_step = 1e-12 * first_step

    @staticmethod
    def _orientation(jac: FloatArray, t: FloatArray) -> float:
        """Sign of ``det [J; t]``: constant along a regular curve, it flips at a bifurcation."""
        sign, _ = np.linalg.slogdet(np.vstack([jac, t]))
        return float(sign)

    def step(self) -> bool:
        """Advance by one accepted step; ``False`` if the step length collapsed."""
        sys = self.sys
        while self.h >= self.min_step:
            reach = _MAX_DISTANCE * max(1.0, _DISTANCE_PER_LAMBDA * abs(float(self.x[-1])))
            x = self.x + self.h * self.t
            ok = False
            first = prev = 0.0
            contraction = 0.0
            for it in range(_MAX_CORRECTOR):
                res, jac = sys.equations(x)
                q, r = _qr(jac)
                dx = _newton_step(q, r, res)
                size = float(np.linalg.norm(dx))
                if not np.all(np.isfinite(dx)):
                    break
                if it == 0:
                    first = size
                    if size > reach:
                        break
                else:
                    contraction = max(contraction, size / prev if prev > 0 else 0.0)
                    if contraction > _MAX_CONTRACTION:
                        break
                x = x + dx
                prev = size
                if size <= _CORRECTOR_TOL * (1.0 + float(np.linalg.norm(x))):
                    ok = True
                    break
            if not ok or np.any(x[:-1] > 1e-9):
                self.h *= 0.5
                continue
            # The last corrector update was below the tolerance: the Jacobian it used (at a
            # point that close to x) gives the tangent at x to the same accuracy.
            t = q[:, -1]
            if t @ self.t < 0:
                t = -t
            angle = math.acos(min(1.0, max(-1.0, float(t @ self.t))))
            if angle > _MAX_ANGLE:
                self.h *= 0.5
                continue
            sign = self._orientation(jac, t)
            if sign * self.sign < 0:
                self.bifurcations.append(float((self.x[-1] + x[-1]) / 2))
            if sign != 0:
                self.sign = sign
            self.x, self.t = x, t
            decel = max(
                math.sqrt(first / reach) if first > 0 else 0.0,
                math.sqrt(contraction / _MAX_CONTRACTION) if contraction > 0 else 0.0,
                angle / _MAX_ANGLE,
            )
            decel = min(max(decel, 1.0 / self.max_accel), 2.0)
            self.h /= decel
            return True
        return False

    def at_lambda(self, x0: FloatArray, lam: float) -> FloatArray | None:
        """Newton on ``H(y, lam) = 0`` with ``lam`` fixed, from ``x0``."""
        x = x0.copy()
        x[-1] = lam
        size = self.sys.size
        for _ in range(30):
            res, jac = self.sys.equations(x)
            try:
                dy = np.linalg.solve(jac[:, :size], -res)
            except np.linalg.LinAlgError:
                return None
            x[:-1] += dy
            if float(np.linalg.norm(dy)) <= _CORRECTOR_TOL * (1.0 + float(np.linalg.norm(x))):
                return x
        return None


def _check_options(
    where: str, max_lambda: float, max_regret: float, first_step: float, max_accel: float
) -> None:
    for name, value in (
        ("max_lambda", max_lambda),
        ("max_regret", max_regret),
        ("first_step", first_step),
    ):
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise GameError(f"{where}: {name} must be a finite number > 0, got {value!r}")
    if not (isinstance(max_accel, int | float) and math.isfinite(max_accel) and max_accel >= 1):
        raise GameError(f"{where}: max_accel must be a finite number >= 1, got {max_accel!r}")


def _payoff_range(arr: FloatArray) -> float:
    span = float(arr.max() - arr.min()) if arr.size else 0.0
    return span if span > 0 else 1.0


def _trace(
    system: _System,
    where: str,
    *,
    max_lambda: float,
    max_regret: float,
    first_step: float,
    max_accel: float,
    max_steps: int,
    targets: Sequence[float] = (),
) -> tuple[list[float], list[FloatArray], bool, list[str], dict[float, FloatArray], list[float]]:
    """Trace the branch: lambdas, log-probability points, converged, notes, hits, bifurcations."""
    _check_options(where, max_lambda, max_regret, first_step, max_accel)
    tracer = _Tracer(system, first_step, max_accel)
    goal = max_regret * _payoff_range(system.arr)
    lams = [0.0]
    points = [tracer.x[:-1].copy()]
    pending = sorted({float(t) for t in targets})
    hits: dict[float, FloatArray] = {}
    while pending and pending[0] <= 0.0:
        hits[pending.pop(0)] = tracer.x.copy()
    if targets and not pending:
        return lams, points, False, [], hits, []
    notes: list[str] = []
    converged = False
    for _ in range(max_steps):
        prev = tracer.x.copy()
        if not tracer.step():
            notes.append(
                f"{where}: the step length collapsed at lambda={format_number(prev[-1], 6)}; "
                f"the branch may have a bifurcation there (a degenerate game)"
            )
            break
        x = tracer.x
        lams.append(float(x[-1]))
        points.append(x[:-1].copy())
        while pending and prev[-1] < pending[0] <= x[-1]:
            target = pending.pop(0)
            w = (target - prev[-1]) / (x[-1] - prev[-1])
            hit = tracer.at_lambda((1 - w) * prev + w * x, target)
            if hit is None:
                raise SolverError(
                    f"{where}: could not solve for the QRE at lambda={target} on the branch"
                )
            hits[target] = hit
        if x[-1] < 0:
            notes.append(f"{where}: the branch returned to lambda < 0; stopped")
            break
        if targets and not pending:
            break
        if not pending:
            worst, _ = system.regret(system.split(np.exp(x[:-1])))
            if worst <= goal:
                converged = True
                break
            if x[-1] >= max_lambda:
                notes.append(
                    f"{where}: reached max_lambda={max_lambda:g} with regret {worst:.3g} above "
                    f"max_regret * payoff range = {goal:.3g}"
                )
                break
    else:
        notes.append(f"{where}: stopped after max_steps={max_steps} steps")
    if tracer.bifurcations:
        where_ = ", ".join(f"lambda={format_number(b, 4)}" for b in tracer.bifurcations)
        notes.append(
            f"{where}: the branch passed a bifurcation point ({where_}): the game is not generic "
            f"(a symmetry, or a tie), so other branches of QRE leave there and the limit depends "
            f"on the branch taken; this is the limit of the branch continued smoothly"
        )
    return lams, points, converged, notes, hits, tracer.bifurcations


def _polish_float(
    system: _System, sigmas: list[FloatArray], supports: list[BoolArray]
) -> list[FloatArray]:
    """Newton on the indifference conditions restricted to the supports."""
    n = system.n
    idx = [np.flatnonzero(s) for s in supports]
    x = [sig[i] / sig[i].sum() for sig, i in zip(sigmas, idx, strict=True)]
    sizes = [len(i) for i in idx]
    offs = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    total = int(offs[-1])
    for _ in range(20):
        full = []
        for k in range(n):
            v = np.zeros(system.shape[k])
            v[idx[k]] = x[k]
            full.append(v)
        d = system.cross(full)
        dev = system.deviations(full, d)
        res = np.empty(total)
        jac = np.zeros((total, total))
        for i in range(n):
            o = offs[i]
            res[o] = x[i].sum() - 1.0
            jac[o, o : offs[i + 1]] = 1.0
            ui = dev[i][idx[i]]
            res[o + 1 : offs[i + 1]] = ui[1:] - ui[0]
            for k in range(n):
                if k == i:
                    continue
                m = d[i][k]
                assert m is not None
                block = m[np.ix_(idx[i], idx[k])]
                jac[o + 1 : offs[i + 1], offs[k] : offs[k + 1]] = block[1:] - block[0]
        step, *_ = np.linalg.lstsq(jac, -res, rcond=None)
        x = [x[k] + step[offs[k] : offs[k + 1]] for k in range(n)]
        if float(np.abs(step).max(initial=0.0)) <= 1e-15:
            break
    out = []
    for k in range(n):
        v = np.zeros(system.shape[k])
        v[idx[k]] = x[k]
        out.append(v)
    return out


def _polish_exact(game: NormalFormGame, supports: list[BoolArray]) -> list[list[Any]] | None:
    """Solve a two-player game's indifference conditions on the supports in rationals."""
    from fractions import Fraction

    from .mixed import positive_integer_matrices
    from .support import solve_integer_system

    s1, s2 = (list(np.flatnonzero(s)) for s in supports)
    if len(s1) != len(s2):
        return None
    a, b = positive_integer_matrices(game)
    out: list[list[Any]] = []
    for own, other, mat, transpose in ((s1, s2, b, False), (s2, s1, a, True)):
        rows = []
        for col in other:
            coeffs = [(mat[col][j] if transpose else mat[j][col]) for j in own]
            rows.append([*coeffs, -1, 0])
        rows.append([1] * len(own) + [0, 1])
        solved = solve_integer_system(rows)
        if solved is None:
            return None
        den, num = solved
        vec = [Fraction(0)] * game.shape[len(out)]
        for j, v in zip(own, num[:-1], strict=True):
            vec[j] = Fraction(v, den)
        out.append(vec)
    return out


# Probability cut-offs tried, in order, to read the limit's supports off the end of the branch.
_SUPPORT_CUTS = (1e-6, 1e-9, 1e-4, 1e-12)
# The polished equilibrium must lie this close (max-norm) to the traced end point: the branch
# converges to it, and a different equilibrium on a wrongly guessed support lies farther away.
_NEAR = 1e-3


def _near(vectors: Sequence[Any], sigmas: Sequence[FloatArray]) -> bool:
    return all(
        float(np.abs(np.asarray(v, dtype=float) - s).max()) <= _NEAR
        for v, s in zip(vectors, sigmas, strict=True)
    )


def _limit(
    game: NormalFormGame,
    system: _System,
    y: FloatArray,
    *,
    exact: bool,
    tol: float | None,
    goal: float,
    where: str,
) -> tuple[StrategyProfile | None, list[str]]:
    """Polish the traced end point into a verified equilibrium."""
    logs = system.split(y)
    sigmas = [np.exp(v) for v in logs]
    notes: list[str] = []
    candidates: list[list[BoolArray]] = []
    seen: set[tuple[tuple[int, ...], ...]] = set()
    for cut in _SUPPORT_CUTS:
        supports = [sig >= cut for sig in sigmas]
        key = tuple(tuple(np.flatnonzero(v).tolist()) for v in supports)
        if key not in seen:
            seen.add(key)
            candidates.append(supports)
    modes = [True, False] if exact else [False]
    for in_rationals in modes:
        for supports in candidates:
            vectors: Sequence[Any] | None
            if in_rationals:
                vectors = _polish_exact(game, supports)
            else:
                vectors = _polish_float(system, sigmas, supports)
            if vectors is None or not _near(vectors, sigmas):
                continue
            try:
                profile = make_profile(game, vectors, exact=in_rationals, tol=tol, method=where)
            except SolverError:
                continue
            if exact and not in_rationals:
                notes.append(
                    f"{where}: the limit could not be solved in rational arithmetic (unequal "
                    f"supports: a degenerate game); it is polished and verified in floats"
                )
            return profile, notes
    # Not polished: accept the traced point if its regret is within the tracing goal.
    notes.append(
        f"{where}: the end of the branch could not be polished to an exact solution of the "
        f"indifference conditions (a degenerate limit?); the traced point is returned, verified "
        f"to regret <= max_regret * payoff range = {goal:.3g}"
    )
    try:
        return make_profile(game, sigmas, exact=False, tol=goal, method=where), notes
    except SolverError as err:
        notes.append(str(err))
        return None, notes


def _resolve_exact(game: NormalFormGame, exact: bool | None, where: str) -> bool:
    if exact is None:
        return game.kind == "exact" and game.n_players == 2
    if exact and game.n_players != 2:
        raise GameError(
            f"{where}: exact polishing needs a two-player game (equilibria of games with more "
            f"players can be irrational); got {game.n_players} players"
        )
    return bool(exact)


def qre_branch(
    game: NormalFormGame,
    *,
    max_lambda: float = 1e9,
    max_regret: float = 1e-8,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 20000,
    exact: bool | None = None,
    tol: float | None = None,
) -> QREBranch:
    """Trace the principal branch of the logit QRE correspondence from the uniform profile.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    max_lambda : float
        Stop at this precision if the regret goal is not met first.
    max_regret : float
        Stop once every player's Nash regret is at most ``max_regret`` times the difference of
        the largest and smallest payoff in the game (Gambit's rule).
    first_step : float
        Arc length of the first step.
    max_accel : float
        The largest factor by which one step may be longer than the one before.
    max_steps : int
        Safety limit on the number of steps.
    exact : bool, optional
        Polish the limit in rational arithmetic (two-player games only; default: when the
        game's payoffs are exact).
    tol : float, optional
        Float mode: tolerance on the polished limit's regret (default: ``1e-9`` times the payoff
        scale).

    Returns
    -------
    QREBranch
        The traced points and the verified limiting equilibrium.

    Examples
    --------
    Matching pennies with a bigger stake on (H, H): the QRE starts at (1/2, 1/2) and converges
    to the unique Nash equilibrium, in which Even plays H with probability 1/3.

    >>> import alliancegame as ag
    >>> game = ag.NormalFormGame.from_arrays([[3, -1], [-1, 1]], [[-3, 1], [1, -1]],
    ...     players=["Even", "Odd"], strategies=[["H", "T"], ["H", "T"]])
    >>> branch = qre_branch(game)
    >>> branch.limit["Even"]
    {'H': Fraction(1, 3), 'T': Fraction(2, 3)}
    >>> [round(float(p), 3) for p in branch["Even"]["H"][[0, -1]]]
    [0.5, 0.333]
    """
    game = numeric_normal_form(game, "qre_branch")
    use_exact = _resolve_exact(game, exact, "qre_branch")
    system = _System(np.asarray(game.payoff_array(), dtype=float))
    lams, points, converged, notes, _, bifurcations = _trace(
        system,
        "qre_branch",
        max_lambda=max_lambda,
        max_regret=max_regret,
        first_step=first_step,
        max_accel=max_accel,
        max_steps=max_steps,
    )
    goal = max_regret * _payoff_range(system.arr)
    # Polish even when the tracing stopped early: the polished point must still lie near the end
    # of the branch and pass verification.
    limit, more = _limit(
        game, system, points[-1], exact=use_exact, tol=tol, goal=goal, where="qre_branch"
    )
    notes += more
    probs = np.exp(np.array(points))
    per_player = tuple(probs[:, o:e] for o, e in itertools.pairwise(system.offsets.tolist()))
    return QREBranch(
        game=game,
        lambdas=np.array(lams),
        probabilities=per_player,
        limit=limit,
        converged=converged,
        bifurcations=tuple(bifurcations),
        options={
            "max_lambda": max_lambda,
            "max_regret": max_regret,
            "first_step": first_step,
            "max_accel": max_accel,
            "max_steps": max_steps,
            "exact": use_exact,
        },
        warnings=tuple(notes),
    )


def _qre_profile(game: NormalFormGame, system: _System, x: FloatArray) -> QREProfile:
    sigmas = system.split(np.exp(x[:-1]))
    sigmas = [s / s.sum() for s in sigmas]
    lam = float(x[-1])
    worst, dev = system.regret(sigmas)
    residual = 0.0
    for u, s in zip(dev, sigmas, strict=True):
        z = lam * (u - u.max())
        response = np.exp(z) / np.exp(z).sum()
        residual = max(residual, float(np.abs(response - s).max()))
    if residual > 1e-9:
        raise SolverError(
            f"logit_qre: the profile at lambda={lam} is not a logit QRE "
            f"(fixed-point residual {residual:.3g} > 1e-9)"
        )
    return QREProfile(
        players=tuple(game.players),
        strategies=tuple(tuple(s) for s in game.strategies),
        lam=lam,
        probabilities=tuple(tuple(s.tolist()) for s in sigmas),
        payoffs_=tuple(float(u @ s) for u, s in zip(dev, sigmas, strict=True)),
        residual=residual,
        regret=max(worst, 0.0),
    )


def logit_qre(
    game: NormalFormGame,
    lam: float | Sequence[float],
    *,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 20000,
) -> QREProfile | tuple[QREProfile, ...]:
    """The logit QRE at given precisions, on the principal branch.

    The branch is traced from :math:`\\lambda = 0`; each requested :math:`\\lambda` is solved for
    where the branch first reaches it (where the branch turns back, a game can have several QRE
    on the branch at one :math:`\\lambda`; this is the first). Every returned profile is checked
    against the logit fixed-point equation.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    lam : float or sequence of float
        One precision (returns one profile) or several (returns a tuple, in the order given).
        Each must be finite and ``>= 0``.
    first_step, max_accel, max_steps
        Tracing controls, as in :func:`qre_branch`.

    Returns
    -------
    QREProfile or tuple of QREProfile

    Examples
    --------
    >>> import alliancegame as ag
    >>> game = ag.NormalFormGame.from_arrays([[3, -1], [-1, 1]], [[-3, 1], [1, -1]],
    ...     players=["Even", "Odd"], strategies=[["H", "T"], ["H", "T"]])
    >>> q = logit_qre(game, 1.0)
    >>> round(q["Even"]["H"], 4), round(q.residual, 12)
    (0.4661, 0.0)
    >>> [round(p["Odd"]["H"], 3) for p in logit_qre(game, [0, 2, 50])]
    [0.5, 0.301, 0.331]
    """
    game = numeric_normal_form(game, "logit_qre")
    single = isinstance(lam, int | float)
    raw: list[Any] = [lam] if single else list(lam)  # type: ignore[arg-type]
    for v in raw:
        if isinstance(v, bool) or not (
            isinstance(v, int | float | np.integer | np.floating) and math.isfinite(v) and v >= 0
        ):
            raise GameError(f"logit_qre: lam must be a finite number >= 0, got {v!r}")
    wanted = [float(v) for v in raw]
    top = max(wanted, default=0.0)
    system = _System(np.asarray(game.payoff_array(), dtype=float))
    _, _, _, notes, hits, _ = _trace(
        system,
        "logit_qre",
        max_lambda=max(top, 1.0),
        max_regret=1e-300,
        first_step=first_step,
        max_accel=max_accel,
        max_steps=max_steps,
        targets=wanted,
    )
    missing = [v for v in wanted if v not in hits]
    if missing:
        raise SolverError(
            f"logit_qre: the branch did not reach lambda={missing[0]}"
            + (f" ({notes[-1]})" if notes else "")
        )
    out = tuple(_qre_profile(game, system, hits[v]) for v in wanted)
    return out[0] if single else out


def logit_solve(
    game: NormalFormGame,
    *,
    max_lambda: float = 1e9,
    max_regret: float = 1e-8,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 20000,
    exact: bool | None = None,
    tol: float | None = None,
) -> SolverResult:
    """The Nash equilibrium selected by the logit QRE branch (the "logit solution").

    Traces the principal branch (:func:`qre_branch`) and returns its limit, polished and
    verified. Works for any number of players; finds one equilibrium, so ``complete`` is false.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game.
    max_lambda, max_regret, first_step, max_accel, max_steps
        Tracing controls, as in :func:`qre_branch`.
    exact : bool, optional
        Polish the limit in rational arithmetic (two-player games; default: when the game's
        payoffs are exact).
    tol : float, optional
        Float mode: tolerance on the regret (default: ``1e-9`` times the payoff scale).

    Returns
    -------
    SolverResult
        Concept ``"nash"``, method ``"logit"``, one verified equilibrium (none, with a
        :class:`~alliancegame.ConvergenceWarning`, if the tracing failed).

    Examples
    --------
    In a coordination game with two pure equilibria, the branch selects the risk-dominant one:

    >>> import alliancegame as ag
    >>> stag = ag.NormalFormGame.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...     strategies=[["Stag", "Hare"], ["Stag", "Hare"]])
    >>> logit_solve(stag)[0].describe()
    'Player 1: Hare | Player 2: Hare ; payoffs Player 1=3, Player 2=3'
    """
    branch = qre_branch(
        game,
        max_lambda=max_lambda,
        max_regret=max_regret,
        first_step=first_step,
        max_accel=max_accel,
        max_steps=max_steps,
        exact=exact,
        tol=tol,
    )
    notes = list(branch.warnings)
    notes.append(
        "logit: one equilibrium, the limit of the principal branch of the logit QRE correspondence"
    )
    if branch.limit is None:
        message = "logit_solve: no equilibrium found; " + "; ".join(branch.warnings)
        warnings.warn(message, ConvergenceWarning, stacklevel=2)
    eqs = () if branch.limit is None else (branch.limit,)
    exact_used = branch.limit.exact if branch.limit is not None else bool(branch.options["exact"])
    zero: Any = 0.0
    if exact_used:
        from fractions import Fraction

        zero = Fraction(0)
    return SolverResult(
        game=branch.game,
        concept="nash",
        method="logit",
        exact=exact_used,
        equilibria=eqs,
        max_regret=eqs[0].regret if eqs else zero,
        complete=False,
        options=dict(branch.options),
        warnings=tuple(notes),
    )
