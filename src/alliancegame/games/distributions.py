"""Prior distributions of parameters, for uncertainty analysis.

A parameter's prior says how uncertain an analyst is about it: "Russia's Ukraine commitment is
somewhere between 4 and 9, most likely 6" is ``Triangular(4, 6, 9)``. Uncertainty analysis samples
the priors (Monte Carlo, or quasi-Monte Carlo through the inverse CDF of a low-discrepancy
sequence) and reports how likely each equilibrium outcome is.

Every distribution is a small frozen dataclass with ``sample(n, rng)``, ``ppf(q)`` (the inverse
CDF, so uniform points in ``[0, 1)`` map to the distribution), ``mean``, ``support`` and
``to_scipy()``. Invalid parameters raise :class:`~alliancegame.GameError` naming the argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.errors import GameError

__all__ = ["Beta", "Discrete", "Distribution", "Normal", "Triangular", "Uniform"]


def _finite(name: str, where: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise GameError(f"{where}: {name} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise GameError(f"{where}: {name} must be finite, got {value!r}")
    return float(value)


class Distribution:
    """Base class of parameter priors."""

    __slots__ = ()

    def to_scipy(self) -> Any:
        """The equivalent frozen ``scipy.stats`` distribution."""
        raise NotImplementedError

    def ppf(self, q: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Inverse CDF: maps probabilities in ``[0, 1]`` to values."""
        return np.asarray(self.to_scipy().ppf(np.asarray(q, dtype=float)), dtype=float)

    def sample(
        self, n: int, rng: np.random.Generator | int | None = None
    ) -> npt.NDArray[np.float64]:
        """Draw ``n`` independent samples (``rng``: a Generator or a seed)."""
        gen = np.random.default_rng(rng)
        return self.ppf(gen.random(n))

    @property
    def mean(self) -> float:
        """The mean."""
        return float(self.to_scipy().mean())

    @property
    def support(self) -> tuple[float, float]:
        """The smallest interval holding all the probability (may be infinite)."""
        lo, hi = self.to_scipy().support()
        return float(lo), float(hi)


class _Bounded(Distribution):
    """A distribution on ``[low, high]``: its support is exactly that, and its inverse CDF is
    clipped to it (scipy's ``loc + scale`` can round past ``high``)."""

    __slots__ = ()
    low: float
    high: float

    def ppf(self, q: npt.ArrayLike) -> npt.NDArray[np.float64]:
        return np.clip(Distribution.ppf(self, q), self.low, self.high)

    @property
    def support(self) -> tuple[float, float]:
        return float(self.low), float(self.high)


@dataclass(frozen=True, slots=True)
class Uniform(_Bounded):
    """Uniform on ``[low, high]``.

    Examples
    --------
    >>> Uniform(0, 10).ppf([0.0, 0.25, 1.0])
    array([ 0. ,  2.5, 10. ])
    >>> Uniform(3, 1)
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: Uniform: low (3.0) must be below high (1.0)
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        lo = _finite("low", "Uniform", self.low)
        hi = _finite("high", "Uniform", self.high)
        if not lo < hi:
            raise GameError(f"Uniform: low ({lo}) must be below high ({hi})")

    def to_scipy(self) -> Any:
        from scipy import stats

        return stats.uniform(loc=self.low, scale=self.high - self.low)

    def ppf(self, q: npt.ArrayLike) -> npt.NDArray[np.float64]:
        qq = np.asarray(q, dtype=float)
        return np.clip(self.low + (self.high - self.low) * qq, self.low, self.high)


@dataclass(frozen=True, slots=True)
class Normal(Distribution):
    """Normal with mean ``mu`` and standard deviation ``sigma``.

    Examples
    --------
    >>> round(float(Normal(5, 2).ppf(0.5)), 6)
    5.0
    """

    mu: float
    sigma: float

    def __post_init__(self) -> None:
        _finite("mu", "Normal", self.mu)
        if _finite("sigma", "Normal", self.sigma) <= 0:
            raise GameError(f"Normal: sigma must be positive, got {self.sigma}")

    def to_scipy(self) -> Any:
        from scipy import stats

        return stats.norm(loc=self.mu, scale=self.sigma)


@dataclass(frozen=True, slots=True)
class Beta(_Bounded):
    """Beta(``a``, ``b``) rescaled to ``[low, high]`` (default ``[0, 1]``): good for probabilities.

    Examples
    --------
    >>> round(Beta(2, 2).mean, 6)
    0.5
    """

    a: float
    b: float
    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        for name in ("a", "b"):
            if _finite(name, "Beta", getattr(self, name)) <= 0:
                raise GameError(f"Beta: {name} must be positive, got {getattr(self, name)}")
        if not _finite("low", "Beta", self.low) < _finite("high", "Beta", self.high):
            raise GameError(f"Beta: low ({self.low}) must be below high ({self.high})")

    def to_scipy(self) -> Any:
        from scipy import stats

        return stats.beta(self.a, self.b, loc=self.low, scale=self.high - self.low)


@dataclass(frozen=True, slots=True)
class Triangular(_Bounded):
    """Triangular on ``[low, high]`` with its peak at ``mode``.

    Examples
    --------
    >>> Triangular(4, 6, 9).mean
    6.333333333333333
    """

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        lo, mo, hi = (_finite(n, "Triangular", getattr(self, n)) for n in ("low", "mode", "high"))
        if not (lo <= mo <= hi and lo < hi):
            raise GameError(
                f"Triangular: need low <= mode <= high and low < high, got ({lo}, {mo}, {hi})"
            )

    def to_scipy(self) -> Any:
        from scipy import stats

        width = self.high - self.low
        return stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)


@dataclass(frozen=True, slots=True)
class Discrete(Distribution):
    """A finite distribution: ``values`` with ``probabilities`` (default: equally likely).

    Examples
    --------
    >>> d = Discrete([2, 6, 9], [0.25, 0.5, 0.25])
    >>> d.ppf([0.1, 0.5, 0.9]).tolist()
    [2.0, 6.0, 9.0]
    >>> Discrete([1, 2], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: Discrete: probabilities must sum to 1, got 1.1
    """

    values: Sequence[float]
    probabilities: Sequence[float] | None = None

    def __post_init__(self) -> None:
        vals = [_finite("values", "Discrete", v) for v in self.values]
        if not vals:
            raise GameError("Discrete: needs at least one value")
        if len(set(vals)) != len(vals):
            raise GameError(f"Discrete: values must be distinct, got {vals}")
        probs = (
            [1 / len(vals)] * len(vals)
            if self.probabilities is None
            else [_finite("probabilities", "Discrete", p) for p in self.probabilities]
        )
        if len(probs) != len(vals):
            raise GameError(f"Discrete: {len(vals)} values but {len(probs)} probabilities")
        if any(p < 0 for p in probs):
            raise GameError(f"Discrete: probabilities must be non-negative, got {probs}")
        if not math.isclose(sum(probs), 1.0, abs_tol=1e-9):
            raise GameError(f"Discrete: probabilities must sum to 1, got {round(sum(probs), 12)}")
        order = np.argsort(vals)
        object.__setattr__(self, "values", tuple(vals[i] for i in order))
        object.__setattr__(self, "probabilities", tuple(probs[i] for i in order))

    def to_scipy(self) -> Any:
        from scipy import stats

        return stats.rv_discrete(values=(np.arange(len(self.values)), self.probabilities))

    def ppf(self, q: npt.ArrayLike) -> npt.NDArray[np.float64]:
        assert self.probabilities is not None
        cdf = np.cumsum(self.probabilities)
        cdf[-1] = 1.0
        idx = np.searchsorted(cdf, np.asarray(q, dtype=float), side="left")
        return np.asarray(self.values, dtype=float)[np.minimum(idx, len(self.values) - 1)]

    @property
    def mean(self) -> float:
        assert self.probabilities is not None
        return float(np.dot(self.values, self.probabilities))

    @property
    def support(self) -> tuple[float, float]:
        return float(min(self.values)), float(max(self.values))
