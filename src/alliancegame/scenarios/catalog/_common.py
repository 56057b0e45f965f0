"""Helpers shared by the catalog's model builders: documented parameters and input checks."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from ...core.errors import GameError
from ...core.expr import Number
from ...games.parameters import Parameter

__all__ = ["check_between", "check_order", "check_players", "check_probability", "parameter"]


def parameter(
    name: str,
    default: Number,
    lower: Number | None = None,
    upper: Number | None = None,
    *,
    description: str,
    unit: str = "utility",
    sources: Sequence[str] = (),
) -> Parameter:
    """A catalog parameter: a :class:`Parameter` with its meaning and the work it comes from."""
    return Parameter(
        name,
        default,
        lower,
        upper,
        unit=unit,
        description=description,
        sources=tuple(sources),
    )


def _fmt(values: Mapping[str, Number]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def check_order(where: str, rule: str, values: Mapping[str, Number], order: Sequence[str]) -> None:
    """Raise unless ``values[order[0]] > values[order[1]] > ...`` strictly.

    ``rule`` is how the condition reads to a person (e.g. ``"T > R > S > P"``).
    """
    for hi, lo in itertools.pairwise(order):
        if not values[hi] > values[lo]:
            raise GameError(
                f"{where}: needs {rule}, but {hi}={values[hi]} is not greater than "
                f"{lo}={values[lo]} (got {_fmt(values)})"
            )


def check_probability(where: str, **values: Number) -> None:
    """Raise unless every value lies in [0, 1]."""
    for name, v in values.items():
        if not 0 <= v <= 1:
            raise GameError(f"{where}: {name} is a probability and must lie in [0, 1], got {v}")


def check_between(where: str, rule: str, ok: bool, **values: Number) -> None:
    """Raise with the model's rule and the values received unless ``ok``."""
    if not ok:
        raise GameError(f"{where}: needs {rule}, got {_fmt(values)}")


def check_players(where: str, players: Sequence[str], n: int) -> tuple[str, ...]:
    """The player names as a tuple, after checking there are ``n`` of them."""
    if isinstance(players, str) or len(players) != n:
        raise GameError(f"{where}: needs {n} player names, got {players!r}")
    return tuple(players)
