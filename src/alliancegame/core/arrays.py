"""Array helpers shared by every layer: memory guards and exact/float conversions."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import GameError, GameTooLargeError

__all__ = [
    "available_memory",
    "check_allocation",
    "ensure_finite",
    "format_bytes",
    "fraction_array",
]


def available_memory() -> int:
    """Return the bytes of memory available to this process (a conservative estimate).

    Reads ``MemAvailable`` from ``/proc/meminfo`` where it exists, else total physical memory.

    Examples
    --------
    >>> available_memory() > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 8 * 1024**3


def format_bytes(n: float) -> str:
    """Format a byte count for people.

    Examples
    --------
    >>> format_bytes(3 * 1024**3)
    '3.0 GiB'
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n) < 1024 or unit == "PiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def check_allocation(shape: Sequence[int], itemsize: int, what: str, fraction: float = 0.5) -> int:
    """Refuse, before allocating, an array that would not fit in memory.

    Parameters
    ----------
    shape : sequence of int
        The array's shape.
    itemsize : int
        Bytes per element.
    what : str
        What the array is, for the message.
    fraction : float
        The share of available memory one array may take.

    Returns
    -------
    int
        The number of bytes the array needs.

    Raises
    ------
    GameTooLargeError
        If the array would need more than ``fraction`` of the available memory.

    Examples
    --------
    >>> check_allocation((10, 10), 8, "payoffs")
    800
    >>> check_allocation((10**6, 10**6, 10**6), 8, "payoffs")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameTooLargeError: payoffs would need ... EiB ...
    """
    n = math.prod(int(s) for s in shape) * itemsize
    budget = available_memory() * fraction
    if n > budget:
        size = format_bytes(n) if n < 1024**6 else f"{n / 1024**6:.1f} EiB"
        raise GameTooLargeError(
            f"{what} would need {size} (shape {tuple(int(s) for s in shape)}), more than the "
            f"{format_bytes(budget)} this process may use; reduce the game or the batch",
            n,
        )
    return n


def ensure_finite(array: npt.ArrayLike, what: str) -> None:
    """Raise :class:`GameError` if a numeric array holds NaN or infinite values.

    Examples
    --------
    >>> ensure_finite([1.0, float("nan")], "payoffs")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.GameError: payoffs: values must be finite, found nan at index (1,)
    """
    arr = np.asarray(array, dtype=float)
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise GameError(f"{what}: values must be finite, found {arr[idx]} at index {idx}")


def fraction_array(array: npt.ArrayLike) -> npt.NDArray[Any]:
    """Convert an array of exact numbers (ints, Fractions) to an object array of Fractions.

    Examples
    --------
    >>> fraction_array([1, 2]).tolist()
    [Fraction(1, 1), Fraction(2, 1)]
    """
    from .expr import to_fraction

    arr = np.asarray(array, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v)
    return out


def float_of(values: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Convert an object array of Fractions (or numbers) to float64."""
    return np.vectorize(float, otypes=[float])(values) if values.size else values.astype(float)


def is_fraction_like(v: object) -> bool:
    """Whether a value is an exact rational number (int or Fraction, not bool)."""
    return isinstance(v, int | Fraction | np.integer) and not isinstance(v, bool)


__all__ += ["float_of", "is_fraction_like"]
