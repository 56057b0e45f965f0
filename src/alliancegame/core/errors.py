"""Errors and warnings raised by alliancegame.

Every error derives from :class:`AllianceGameError` and also from the builtin exception a user
would naturally catch (``ValueError``, ``MemoryError``, ...), so ``except ValueError`` keeps
working. Messages follow one format: *what* (function, field or argument), *the rule*, and *the
value received*, with a "did you mean" suggestion where a near-miss name exists.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "AllianceGameError",
    "AllianceGameWarning",
    "ConvergenceWarning",
    "DegenerateGameWarning",
    "ExpressionError",
    "GameError",
    "GameTooLargeError",
    "ModelFileError",
    "SolverError",
    "UnknownNameError",
    "did_you_mean",
]


class AllianceGameError(Exception):
    """Base class of every error raised by alliancegame."""


class GameError(AllianceGameError, ValueError):
    """A game is malformed: wrong shapes, duplicate names, invalid payoffs or probabilities."""


class ExpressionError(AllianceGameError, ValueError):
    """A payoff or probability expression could not be parsed or is not allowed.

    Attributes
    ----------
    text : str
        The expression text.
    offset : int or None
        0-based column in ``text`` where the problem is, when known.
    """

    def __init__(self, message: str, text: str = "", offset: int | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.offset = offset


class UnknownNameError(ExpressionError, KeyError):
    """A name (parameter, player, strategy, action) is not declared.

    Attributes
    ----------
    name : str
        The unknown name.
    known : tuple of str
        The names that were available.
    """

    def __init__(
        self,
        message: str,
        name: str,
        known: Iterable[str] = (),
        text: str = "",
        offset: int | None = None,
    ) -> None:
        super().__init__(message, text, offset)
        self.name = name
        self.known = tuple(known)

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return str(self.args[0])


class ModelFileError(AllianceGameError, ValueError):
    """A model or game file is malformed.

    The message starts with ``path:line:col:`` (1-based line and column) when they are known.
    """

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.reason}"


class GameTooLargeError(AllianceGameError, MemoryError):
    """A requested array would not fit in memory; raised before anything is allocated.

    Attributes
    ----------
    required_bytes : int
        The number of bytes the operation would have needed.
    """

    def __init__(self, message: str, required_bytes: int) -> None:
        super().__init__(message)
        self.required_bytes = required_bytes


class SolverError(AllianceGameError, RuntimeError):
    """A solver could not produce a verified answer (e.g. a candidate failed verification)."""


class AllianceGameWarning(UserWarning):
    """Base class of alliancegame's warnings."""


class DegenerateGameWarning(AllianceGameWarning):
    """The game is degenerate, so a method may return a subset of the equilibria."""


class ConvergenceWarning(AllianceGameWarning):
    """An iterative method stopped before reaching its tolerance."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return a " (did you mean 'x'?)" suffix for a near-miss name, or an empty string.

    Examples
    --------
    >>> did_you_mean("Rusia", ["Russia", "Iran"])
    " (did you mean 'Russia'?)"
    >>> did_you_mean("zzz", ["Russia", "Iran"])
    ''

    Names that differ only in case are matched first, however short:

    >>> did_you_mean("v", ["V", "c", "K_R"])
    " (did you mean 'V'?)"
    >>> did_you_mean("k_r", ["K", "K_U", "K_R"])
    " (did you mean 'K_R'?)"
    """
    names = list(known)
    folded = [k for k in names if k.casefold() == name.casefold() and k != name]
    if folded:
        return f" (did you mean {folded[0]!r}?)"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:  # compare case-insensitively: "kr" is nearer "K_R" than "K_U"
        lowered = {k.casefold(): k for k in names}
        hit = difflib.get_close_matches(name.casefold(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[hit[0]]] if hit else []
    return f" (did you mean {close[0]!r}?)" if close else ""
