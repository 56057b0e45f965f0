"""Named parameters of a game: the quantities whose values a sweep or a threshold moves."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..core.errors import GameError, UnknownNameError, did_you_mean
from ..core.expr import Number, check_name, to_fraction
from .distributions import Distribution

__all__ = ["Parameter", "ParameterSet", "as_parameters"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named, documented quantity that payoffs and probabilities may depend on.

    Parameters
    ----------
    name : str
        An identifier (``u``, ``G``, ``pi_N``), used in payoff expressions.
    default : int, float or Fraction, optional
        The value used when none is given. ``None`` means a value must always be supplied.
    lower, upper : int, float or Fraction, optional
        Bounds of the meaningful range (inclusive). ``None`` means unbounded on that side.
    unit : str
        Unit of measurement (e.g. ``"utility points"``, ``"probability"``).
    description : str
        What the parameter means.
    sources : tuple of str
        Citations (or quoted sentences) that motivate the parameter and its default.
    prior : Distribution, optional
        Prior distribution for uncertainty analysis (:mod:`alliancegame.games.distributions`);
        its support must lie within ``[lower, upper]``.

    Examples
    --------
    >>> u = Parameter("u", 6, lower=0, upper=10, description="Russia's Ukraine commitment")
    >>> u
    Parameter('u', default=6, range=[0, 10])
    >>> u.symbol
    u
    >>> Parameter("u", 12, lower=0, upper=10)
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: parameter 'u': default 12 is outside its range [0, 10]
    """

    name: str
    default: Number | None = None
    lower: Number | None = None
    upper: Number | None = None
    unit: str = ""
    description: str = ""
    sources: tuple[str, ...] = field(default=())
    prior: Distribution | None = None

    def __post_init__(self) -> None:
        check_name(self.name)
        for attr in ("default", "lower", "upper"):
            value = getattr(self, attr)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
                if isinstance(value, np.integer | np.floating):
                    object.__setattr__(self, attr, value.item())
                    continue
                raise GameError(f"parameter {self.name!r}: {attr} must be a number, got {value!r}")
            if not math.isfinite(float(value)):
                raise GameError(f"parameter {self.name!r}: {attr} must be finite, got {value!r}")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise GameError(
                f"parameter {self.name!r}: lower bound {self.lower} exceeds upper {self.upper}"
            )
        if self.default is not None and not self.contains(self.default):
            raise GameError(
                f"parameter {self.name!r}: default {self.default} is outside its range "
                f"{self._range_text()}"
            )
        if self.prior is not None:
            if not isinstance(self.prior, Distribution):
                raise GameError(
                    f"parameter {self.name!r}: prior must be a Distribution (Uniform, Normal, "
                    f"Beta, Triangular, Discrete), got {self.prior!r}"
                )
            lo, hi = self.prior.support
            if not (self.contains(lo) and self.contains(hi)):
                raise GameError(
                    f"parameter {self.name!r}: prior {self.prior} reaches [{lo:g}, {hi:g}], "
                    f"outside the parameter's range {self._range_text()}; use a bounded prior "
                    f"(Uniform, Beta, Triangular, Discrete) inside the range"
                )
        sources: Any = self.sources
        object.__setattr__(
            self, "sources", (sources,) if isinstance(sources, str) else tuple(sources)
        )

    @property
    def symbol(self) -> sympy.Symbol:
        """The SymPy symbol of this parameter (real-valued)."""
        return sympy.Symbol(self.name, real=True)

    def contains(self, value: float | Fraction) -> bool:
        """Whether ``value`` lies within ``[lower, upper]``."""
        if self.lower is not None and value < self.lower:
            return False
        return not (self.upper is not None and value > self.upper)

    def _range_text(self) -> str:
        lo = "-inf" if self.lower is None else str(self.lower)
        hi = "inf" if self.upper is None else str(self.upper)
        return f"[{lo}, {hi}]"

    def exact_default(self) -> Fraction | None:
        """The default as an exact fraction (``None`` if there is no default)."""
        return None if self.default is None else to_fraction(self.default)

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        if self.default is not None:
            parts.append(f"default={self.default}")
        if self.lower is not None or self.upper is not None:
            parts.append(f"range={self._range_text()}")
        if self.unit:
            parts.append(f"unit={self.unit!r}")
        return f"Parameter({', '.join(parts)})"


def as_parameters(
    items: Iterable[Parameter | str] | Mapping[str, Any] | None,
) -> tuple[Parameter, ...]:
    """Normalise parameter declarations: ``Parameter`` objects, bare names, or ``{name: default}``.

    Examples
    --------
    >>> as_parameters({"u": 6, "G": 5})
    (Parameter('u', default=6), Parameter('G', default=5))
    """
    if items is None:
        return ()
    out: list[Parameter] = []
    if isinstance(items, Mapping):
        for name, value in items.items():
            out.append(value if isinstance(value, Parameter) else Parameter(name, value))
    else:
        for item in items:
            out.append(item if isinstance(item, Parameter) else Parameter(check_name(item)))
    names = [p.name for p in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise GameError(f"parameters: duplicate name(s) {', '.join(dupes)}")
    return tuple(out)


class ParameterSet(Sequence[Parameter]):
    """An ordered, name-indexed collection of parameters with value resolution.

    Examples
    --------
    >>> ps = ParameterSet([Parameter("u", 6), Parameter("G", 5)])
    >>> ps.resolve({"u": 2})
    {'u': 2, 'G': 5}
    """

    __slots__ = ("_by_name", "_items")

    def __init__(self, items: Iterable[Parameter | str] | Mapping[str, Any] | None = ()) -> None:
        self._items = as_parameters(items)
        self._by_name = {p.name: p for p in self._items}

    def __getitem__(self, key: int | slice | str) -> Any:
        if isinstance(key, str):
            try:
                return self._by_name[key]
            except KeyError:
                raise UnknownNameError(
                    f"unknown parameter {key!r}{did_you_mean(key, self._by_name)}; "
                    f"declared: {', '.join(self._by_name) or '(none)'}",
                    key,
                    self._by_name,
                ) from None
        return self._items[key]

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return key in self._by_name
        return key in self._items

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParameterSet) and self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    @property
    def names(self) -> tuple[str, ...]:
        """Parameter names in declaration order."""
        return tuple(self._by_name)

    def check_names(self, names: Iterable[str], where: str = "values") -> None:
        """Raise :class:`UnknownNameError` for the first undeclared name."""
        for name in names:
            if name not in self._by_name:
                raise UnknownNameError(
                    f"{where}: unknown parameter {name!r}{did_you_mean(name, self._by_name)}; "
                    f"declared: {', '.join(self._by_name) or '(none)'}",
                    name,
                    self._by_name,
                )

    def resolve(self, values: Mapping[str, Any], where: str = "values") -> dict[str, Any]:
        """Fill in defaults; raise on unknown names or on parameters with no value."""
        self.check_names(values, where)
        out: dict[str, Any] = {}
        missing = []
        for p in self._items:
            if p.name in values:
                out[p.name] = values[p.name]
            elif p.default is not None:
                out[p.name] = p.default
            else:
                missing.append(p.name)
        if missing:
            raise GameError(
                f"{where}: no value and no default for parameter(s) {', '.join(missing)}"
            )
        return out

    def __repr__(self) -> str:
        return f"ParameterSet({list(self._items)!r})"
