"""Gambit's game files: strategic games (``.nfg``) and extensive games (``.efg``).

Gambit (McKelvey, McLennan and Turocy, 2016) is the reference software of computational game
theory, and its two text formats are how games travel between tools. Both are sequences of
*tokens* separated by whitespace, which carries no meaning:

* quoted labels ``"US"`` (a ``\\"`` inside a label is a quote, ``\\\\`` a backslash);
* numbers: integers ``-10``, decimals ``0.25``, ``.5``, ``1e-3``, or rationals ``3/4``. Every number
  is *exact*: ``0.1`` means one tenth, so it is read as :class:`~fractions.Fraction` ``1/10``
  and an exact game stays exact;
* braces ``{ }`` grouping lists, commas (optional separators between payoffs), and bare words
  (the file type ``NFG``/``EFG``, the data type ``R``, the node kinds ``c``, ``p``, ``t``).

The strategic game (``.nfg``)
-----------------------------
A header ``NFG 1 R "title" { "player 1" "player 2" ... }`` is followed by the strategies, either as
counts ``{ 3 2 }`` or as labels ``{ { "Top" "Bottom" } { "Left" "Right" } }``, and an optional
quoted comment. The payoffs then come in one of two versions:

*payoff version*
    a flat list of numbers: for each pure profile, one payoff per player, with profiles in
    "odometer" order where the **first** player's strategy changes fastest. For
    Chicken with players US (rows) and Iran (columns)::

        NFG 1 R "Chicken" { "US" "Iran" } { { "Hold" "Escalate" } { "Hold" "Escalate" } }
        0 0   1 -1   -1 1   -10 -10

    lists ``(Hold, Hold)``, ``(Escalate, Hold)``, ``(Hold, Escalate)``, ``(Escalate, Escalate)``.

*outcome version*
    a list of outcomes ``{ { "label" u1, u2 } ... }`` numbered from 1, then one outcome number
    per profile in the same order (0 is the null outcome, zero to everyone).

The extensive game (``.efg``)
-----------------------------
A header ``EFG 2 R "title" { "player 1" ... }`` and an optional comment are followed by the nodes
of the tree in *prefix order* (a node, then the subtrees of its children, first to last):

``c "node label" event "event label" { "action" probability ... } outcome``
    a chance node; ``event`` numbers the chance move;
``p "node label" player infoset "infoset label" { "action" ... } outcome``
    a decision node of ``player`` (numbered from 1); nodes sharing a player and an ``infoset``
    number form one information set (the player cannot tell them apart);
``t "node label" outcome``
    a terminal node.

Each ``outcome`` is a number, optionally followed by its label and payoffs ``"win" { 2, -2 }``;
an outcome's payoffs need to be spelled out only the first time its number appears, and the same
holds for an information set's label and actions. Outcomes may sit on any node: a play's payoff is
the sum of the outcomes along its path. On reading, those sums become the payoffs of the terminal
nodes.

Labels
------
Players, strategies, information sets and actions are addressed by name in alliancegame, so a
label the file leaves empty becomes the number Gambit shows for it (strategy ``"2"``, action
``"1"``; players ``"Player 1"``; information sets ``"(2,1)"``, player 2's first set), and
repeated labels are told apart as Gambit does, by appending ``_1``, ``_2``, ...

A round trip keeps the title, the labels of players, strategies, actions, chance outcomes, nodes
and information sets, and every number exactly. What alliancegame's games have no place for is
not kept: the comment field, outcome labels (payoffs are what count), and the labels of chance
events; a chance event shared by several nodes becomes one chance node per place.

Errors
------
A malformed file raises :class:`~alliancegame.ModelFileError` whose message starts with
``path:line:column:`` (1-based) and says what was expected and what was found. Nothing in a file
is ever evaluated: numbers are parsed by :class:`fractions.Fraction` from text that a regular
expression has already checked.

References
----------
McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). *Gambit: Software Tools for Game
Theory*, version 16. https://www.gambit-project.org; file formats documented in the chapter
"Game representation formats".
"""

from __future__ import annotations

import bisect
import functools
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import numpy as np

from ..core.arrays import check_allocation
from ..core.errors import GameError, GameTooLargeError, ModelFileError
from ..games.normal import NormalFormGame

if TYPE_CHECKING:
    from ..games.extensive import ExtensiveGame

__all__ = ["read_efg", "read_gambit", "read_nfg", "write_efg", "write_nfg"]


class _Readable(Protocol):
    def read(self) -> str: ...


Source: TypeAlias = "str | os.PathLike[str] | _Readable"
"""A path, the text of a file, or an open text stream."""

_STRING_NAME = "<string>"

# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_NUMBER = r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
_TOKEN_RE = re.compile(
    rf"""
    \s*                                       # whitespace carries no meaning
    (?:
      (?P<brace>[{{}},])
    | (?P<text>"(?:[^"\\]|\\.)*")
    | (?P<open>")
    | (?P<number>{_NUMBER})(?=[\s{{}},"]|\Z)
    | (?P<symbol>[^\s{{}}",]+)
    | (?P<eof>\Z)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_INTEGER_RE = re.compile(r"[+-]?\d+\Z")
_UNESCAPE_RE = re.compile(r'\\(["\\])')
_MAX_EXPONENT = 400  # floats span about 1e-324 to 1e308; Fraction("1e99999999") is slow


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "text", "symbol", "{", "}", ",", "eof"
    text: str
    offset: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            return f"label {_quote(self.text)}"
        if self.kind == "number":
            return f"number {self.text}"
        if self.kind == "symbol":
            return f"word {self.text!r}"
        return f"{self.kind!r}"


class _Lexer:
    """Split Gambit text into tokens, one token of look-ahead, positions for error messages."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._pos = 0
        self._peeked: _Token | None = None

    # positions ---------------------------------------------------------------------------
    def location(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def error(self, token: _Token | int, message: str) -> ModelFileError:
        offset = token if isinstance(token, int) else token.offset
        line, col = self.location(offset)
        return ModelFileError(message, self.path, line, col)

    # tokens ------------------------------------------------------------------------------
    def _scan(self) -> _Token:
        m = _TOKEN_RE.match(self.text, self._pos)
        assert m is not None  # some alternative always matches
        kind = m.lastgroup
        assert kind is not None
        start, self._pos = m.start(kind), m.end()
        value = m.group(kind)
        if kind == "brace":
            return _Token(value, value, start)
        if kind == "text":
            body = value[1:-1]
            return _Token("text", _UNESCAPE_RE.sub(r"\1", body) if "\\" in body else body, start)
        if kind == "open":
            raise self.error(start, "unterminated label: no closing '\"' before end of file")
        return _Token(kind, value, start)

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token:
        token = self.peek()
        self._peeked = None
        return token

    def accept(self, kind: str) -> bool:
        if self.peek().kind == kind:
            self.next()
            return True
        return False

    def expect(self, kind: str, what: str | Callable[[], str]) -> _Token:
        """The next token, which must be of ``kind``; ``what`` (or a function giving it, called
        only on error) describes what was expected."""
        token = self.next()
        if token.kind != kind:
            wanted = what if isinstance(what, str) else what()
            raise self.error(token, f"expected {wanted}, found {token.describe()}")
        return token

    def expect_word(self, words: Sequence[str], what: str) -> _Token:
        token = self.next()
        if token.kind not in ("symbol", "number") or token.text not in words:
            raise self.error(token, f"expected {what}, found {token.describe()}")
        return token

    def number(self, what: str | Callable[[], str]) -> Fraction:
        token = self.expect("number", what)
        return self.fraction(token)

    def fraction(self, token: _Token) -> Fraction:
        text = token.text
        exponent = re.search(r"[eE]([+-]?\d+)", text)
        if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
            raise self.error(token, f"number {text} is out of range (exponent beyond ±400)")
        try:
            value = Fraction(text)
        except ZeroDivisionError:
            raise self.error(token, f"number {text} divides by zero") from None
        except ValueError as exc:  # e.g. more digits than int() accepts
            raise self.error(token, f"number {text[:40]} cannot be read: {exc}") from None
        try:
            finite = math.isfinite(float(value))
        except OverflowError:
            finite = False
        if not finite:
            raise self.error(token, f"number {text[:40]} is too large")
        return value

    def integer(self, what: str, low: int, high: int | None = None) -> tuple[int, _Token]:
        token = self.next()
        if token.kind != "number" or not _INTEGER_RE.match(token.text):
            raise self.error(token, f"expected {what}, found {token.describe()}")
        value = int(token.text)
        if value < low or (high is not None and value > high):
            rng = f"at least {low}" if high is None else f"from {low} to {high}"
            raise self.error(token, f"{what} must be {rng}, found {value}")
        return value, token

    def labels(self, what: str) -> tuple[list[_Token], _Token]:
        """A braced list of quoted labels; returns the labels and the closing brace."""
        self.expect("{", f"'{{' opening the list of {what}")
        out = []
        while self.peek().kind == "text":
            out.append(self.next())
        close = self.expect("}", f"a quoted label or '}}' closing the list of {what}")
        return out, close

    def end(self, what: str) -> None:
        token = self.next()
        if token.kind != "eof":
            raise self.error(token, f"expected end of file after {what}, found {token.describe()}")


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------------------------
# Sources and labels
# --------------------------------------------------------------------------------------------


def _read_source(source: Source) -> tuple[str, str]:
    """Return ``(text, name)``: the file's text and the name used in error messages."""
    if hasattr(source, "read"):
        text = source.read()
        if not isinstance(text, str):
            raise TypeError(f"expected a text stream, got one that returns {type(text).__name__}")
        return text, str(getattr(source, "name", _STRING_NAME))
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not _looks_like_text(source)
    ):
        path = Path(source)
        data = path.read_bytes()
        try:
            return data.decode("utf-8"), str(source)
        except UnicodeDecodeError:  # older Gambit files are often Latin-1
            return data.decode("latin-1"), str(source)
    if isinstance(source, str):
        return source, _STRING_NAME
    raise TypeError(
        f"expected a path, the text of a Gambit file or a text stream, got {type(source).__name__}"
    )


def _looks_like_text(source: str) -> bool:
    """Whether a string is the text of a Gambit file rather than a path to one."""
    return any(c in source for c in '{"\n') or re.match(r"\s*[NE]FG\s", source) is not None


def _normalize_labels(labels: Sequence[str], default: Callable[[int], str]) -> list[str]:
    """Empty (or blank) labels become their 1-based number ``default(k)``; duplicates are told
    apart as Gambit does, by appending ``_1``, ``_2``, ...

    >>> _normalize_labels(["", "a", "a", " "], str)
    ['1', 'a_1', 'a_2', '4']
    """
    named = [label if label.strip() else default(k + 1) for k, label in enumerate(labels)]
    counts: dict[str, int] = {}
    for label in named:
        counts[label] = counts.get(label, 0) + 1
    used = set(named)
    seen: dict[str, int] = {}
    out = []
    for label in named:
        if counts[label] == 1:
            out.append(label)
            continue
        while True:
            seen[label] = seen.get(label, 0) + 1
            candidate = f"{label}_{seen[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _player_default(k: int) -> str:
    return f"Player {k}"


def _format_number(value: Any) -> str:
    """Exact numbers as ``p/q`` (or integers), floats at their shortest round-tripping decimal."""
    if isinstance(value, bool):
        raise GameError(f"payoffs must be numbers, got {value!r}")
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise GameError(f"Gambit files hold finite numbers only, got {value!r}")
        return repr(float(value))
    raise GameError(
        f"Gambit files hold numbers only, got {type(value).__name__} {value!r}; "
        "evaluate a parameterised game first with game.at(...)"
    )


def _finish(text: str, path: str | os.PathLike[str] | None) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _header_check(lexer: _Lexer, kind: str, version: str) -> str:
    """Read ``NFG 1 R "title"`` (or ``EFG 2 R``); return the title."""
    example = f'{kind} {version} R "title"'
    token = lexer.next()
    if token.kind != "symbol" or token.text != kind:
        other = "EFG" if kind == "NFG" else "NFG"
        hint = (
            f" (this is a Gambit {'extensive' if other == 'EFG' else 'strategic'} game file)"
            if token.text == other
            else ""
        )
        raise lexer.error(
            token,
            f"expected {kind!r} (a Gambit {'strategic' if kind == 'NFG' else 'extensive'} game "
            f"file starts with {example}), found {token.describe()}{hint}",
        )
    lexer.expect_word([version], f"the format version {version} after {kind}")
    lexer.expect_word(["R", "D"], f"the data type 'R' after '{kind} {version}'")
    return lexer.expect("text", "the quoted game title").text


# --------------------------------------------------------------------------------------------
# Strategic games (.nfg)
# --------------------------------------------------------------------------------------------


def _profile_text(strategies: Sequence[Sequence[str]], flat: int) -> str:
    names = []
    for labels in strategies:
        flat, k = divmod(flat, len(labels))
        names.append(labels[k])
    return "(" + ", ".join(names) + ")"


def read_nfg(source: Source) -> NormalFormGame:
    """Read a Gambit strategic game (``.nfg``, payoff or outcome version).

    Parameters
    ----------
    source : str, path or text stream
        A path to a ``.nfg`` file, the file's text itself (a string that starts with ``NFG`` or
        contains a brace, a quote or a line break), or an open text stream.

    Returns
    -------
    NormalFormGame
        An exact game (payoffs are :class:`~fractions.Fraction`) with the file's title, players
        and strategy labels.

    Raises
    ------
    ModelFileError
        If the file is malformed; the message starts with ``path:line:column:``.
    GameTooLargeError
        If the payoff array the header announces would not fit in memory (checked before
        anything is allocated).

    Examples
    --------
    >>> g = read_nfg('''NFG 1 R "Chicken" { "US" "Iran" }
    ... { { "Hold" "Escalate" } { "Hold" "Escalate" } }
    ... 0 0  1 -1  -1 1  -10 -10''')
    >>> g
    NormalFormGame('Chicken', players=('US', 'Iran'), shape=(2, 2), kind='exact')
    >>> g.payoff("Iran", {"US": "Hold", "Iran": "Escalate"})
    Fraction(1, 1)
    >>> read_nfg('NFG 1 R "x" { "A" "B" } { 2 2 } 1 2 3')
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ModelFileError: <string>:1:38: expected a payoff of B at (2, 1), found end of file
    """  # noqa: E501
    text, name = _read_source(source)
    lexer = _Lexer(text, name)
    title = _header_check(lexer, "NFG", "1")
    player_tokens, close = lexer.labels("players")
    if not player_tokens:
        raise lexer.error(close, "a game needs at least one player, found an empty player list")
    players = _normalize_labels([t.text for t in player_tokens], _player_default)
    n = len(players)
    strategies = _read_strategies(lexer, players)
    if lexer.peek().kind == "text":  # optional comment
        lexer.next()
    shape = tuple(len(s) for s in strategies)
    n_profiles = math.prod(shape)
    start = lexer.peek()
    try:
        check_allocation((n, *shape), 8, "the payoff array")
    except GameTooLargeError as exc:
        line, col = lexer.location(start.offset)
        raise GameTooLargeError(f"{name}:{line}:{col}: {exc}", exc.required_bytes) from None
    if start.kind == "{":
        flat = _read_outcome_body(lexer, players, strategies, n_profiles)
    elif start.kind == "number":
        flat = _read_payoff_body(lexer, players, strategies, n_profiles)
    else:
        raise lexer.error(
            start,
            "expected the payoffs (numbers) or an outcome list '{' after the strategies, "
            f"found {start.describe()}",
        )
    # flat[profile][player], with the first player's strategy changing fastest
    table = np.empty((n_profiles, n), dtype=object)
    for k, row in enumerate(flat):
        table[k] = row
    payoffs = np.empty((n, *shape), dtype=object)
    for i in range(n):
        payoffs[i] = table[:, i].reshape(shape, order="F")
    return NormalFormGame(payoffs, players, strategies, title=title)


def _read_strategies(lexer: _Lexer, players: Sequence[str]) -> list[list[str]]:
    n = len(players)
    lexer.expect("{", "'{' opening the strategies (counts such as { 2 2 } or lists of labels)")
    out: list[list[str]] = []
    if lexer.peek().kind == "{":
        while lexer.peek().kind == "{":
            opening = lexer.peek()
            if len(out) == n:
                raise lexer.error(
                    opening, f"expected '}}' after {n} strategy lists (one per player), found '{{'"
                )
            tokens, close = lexer.labels(f"strategies of {players[len(out)]}")
            if not tokens:
                raise lexer.error(close, f"{players[len(out)]} needs at least one strategy")
            out.append(_normalize_labels([t.text for t in tokens], str))
        end = lexer.expect("}", "'{' opening a player's strategy list or '}'")
        if len(out) != n:
            raise lexer.error(
                end, f"expected {n} strategy lists (one per player), found {len(out)}"
            )
        return out
    counts: list[tuple[int, _Token]] = []
    while lexer.peek().kind != "}":
        if len(counts) == n:
            raise lexer.error(
                lexer.peek(),
                f"expected '}}' after {n} strategy counts (one per player), "
                f"found {lexer.peek().describe()}",
            )
        counts.append(lexer.integer(f"the number of strategies of player {len(counts) + 1}", 1))
    end = lexer.expect("}", "'}'")
    if len(counts) != n:
        raise lexer.error(
            end, f"expected {n} strategy counts (one per player), found {len(counts)}"
        )
    shape = [c for c, _ in counts]
    try:
        check_allocation((n, *shape), 8, "the payoff array")
    except GameTooLargeError as exc:
        line, col = lexer.location(counts[0][1].offset)
        raise GameTooLargeError(f"{lexer.path}:{line}:{col}: {exc}", exc.required_bytes) from None
    return [[str(k + 1) for k in range(c)] for c in shape]


def _payoff_what(player: str, strategies: Sequence[Sequence[str]], flat: int) -> str:
    return f"a payoff of {player} at {_profile_text(strategies, flat)}"


def _read_payoff_body(
    lexer: _Lexer, players: Sequence[str], strategies: Sequence[Sequence[str]], n_profiles: int
) -> list[list[Fraction]]:
    flat: list[list[Fraction]] = []
    for k in range(n_profiles):
        row: list[Fraction] = []
        for p in players:
            if row:
                lexer.accept(",")
            row.append(lexer.number(functools.partial(_payoff_what, p, strategies, k)))
        flat.append(row)
        lexer.accept(",")
    lexer.end(f"the {n_profiles * len(players)} payoffs")
    return flat


def _read_outcome_body(
    lexer: _Lexer, players: Sequence[str], strategies: Sequence[Sequence[str]], n_profiles: int
) -> list[list[Fraction]]:
    lexer.expect("{", "'{'")
    outcomes: list[list[Fraction]] = [[Fraction(0)] * len(players)]
    while lexer.peek().kind == "{":
        lexer.next()
        lexer.expect("text", f"the quoted label of outcome {len(outcomes)}")
        outcomes.append(_read_payoffs(lexer, players, f"outcome {len(outcomes)}"))
        lexer.expect("}", f"'}}' closing outcome {len(outcomes) - 1}")
    lexer.expect("}", "'{' opening an outcome or '}' closing the outcome list")
    flat = []
    for k in range(n_profiles):
        token = lexer.peek()
        if token.kind != "number":
            raise lexer.error(
                token,
                f"expected the outcome number of profile {_profile_text(strategies, k)}, "
                f"found {token.describe()}",
            )
        index, token = lexer.integer(
            f"the outcome number of profile {_profile_text(strategies, k)}", 0
        )
        if index >= len(outcomes):
            raise lexer.error(
                token,
                f"outcome {index} is not defined (the outcome list defines 1 to "
                f"{len(outcomes) - 1}; 0 is the null outcome)",
            )
        flat.append(outcomes[index])
    lexer.end(f"the {n_profiles} outcome numbers")
    return flat


def _read_payoffs(lexer: _Lexer, players: Sequence[str], what: str) -> list[Fraction]:
    """Payoffs, one per player, optionally separated by commas (inside an outcome's braces)."""
    row = []
    for p in players:
        row.append(lexer.number(f"the payoff of {p} in {what}"))
        lexer.accept(",")
    return row


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str] | None = None,
    *,
    outcome_version: bool = False,
    comment: str = "",
) -> str:
    """Write a numeric normal-form game as a Gambit ``.nfg`` file.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game. Exact payoffs are written as integers or ``p/q``; floats at the shortest
        decimal that reads back to the same float.
    path : str or path, optional
        Where to write the file (UTF-8). The text is returned either way.
    outcome_version : bool
        Write the outcome version (one outcome per distinct payoff vector, then one outcome number
        per profile) instead of the payoff version.
    comment : str
        The file's comment field.

    Returns
    -------
    str
        The text of the file.

    Raises
    ------
    GameError
        If the game has parameters (Gambit files hold numbers: write ``game.at(...)``).

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...     players=["US", "Iran"], strategies=[["Hold", "Escalate"]] * 2, title="Chicken")
    >>> print(write_nfg(g))
    NFG 1 R "Chicken" { "US" "Iran" }
    { { "Hold" "Escalate" }
      { "Hold" "Escalate" }
    }
    ""
    <BLANKLINE>
    0 0
    1 -1
    -1 1
    -10 -10
    <BLANKLINE>
    >>> read_nfg(write_nfg(g, outcome_version=True)) == g
    True
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"write_nfg: expected a NormalFormGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"write_nfg: Gambit files hold numbers, but this game has parameters "
            f"({', '.join(game.parameters.names)}); write game.at(exact=True, ...) instead"
        )
    n = game.n_players
    lines = [
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        "{ "
        + "\n  ".join(
            "{ " + " ".join(_quote(s) for s in strats) + " }" for strats in game.strategies
        )
        + "\n}",
        _quote(comment),
        "",
    ]
    payoffs = game.payoffs
    profiles = [
        tuple(reversed(idx)) for idx in np.ndindex(*reversed(game.shape))
    ]  # first player fastest
    rows = [tuple(_format_number(payoffs[(i, *prof)]) for i in range(n)) for prof in profiles]
    if outcome_version:
        numbers: dict[tuple[str, ...], int] = {}
        for row in rows:
            numbers.setdefault(row, len(numbers) + 1)
        lines.append("{")
        lines += [f'{{ "Outcome {k}" {", ".join(row)} }}' for row, k in numbers.items()]
        lines.append("}")
        lines.append(" ".join(str(numbers[row]) for row in rows))
    else:
        lines += [" ".join(row) for row in rows]
    return _finish("\n".join(lines) + "\n", path)


# --------------------------------------------------------------------------------------------
# Extensive games (.efg): parsing into a plain tree first
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _EfgInfoset:
    label: str
    actions: list[str]
    probs: list[Fraction] | None  # chance events only
    token: _Token
    number: int  # Gambit's 1-based number: order of first appearance for this player


@dataclass(slots=True)
class _EfgNode:
    kind: str  # "c", "p", "t"
    label: str
    token: _Token
    player: int = 0  # 1-based; 0 for chance and terminal nodes
    infoset: _EfgInfoset | None = None
    outcome: list[Fraction] | None = None
    children: list[_EfgNode] = field(default_factory=list)


@dataclass(slots=True)
class _EfgFile:
    title: str
    players: list[str]
    root: _EfgNode
    infosets: dict[int, dict[int, _EfgInfoset]]  # player (0 = chance) -> file number -> set
    lexer: _Lexer


def _parse_efg(text: str, name: str) -> _EfgFile:
    lexer = _Lexer(text, name)
    title = _header_check(lexer, "EFG", "2")
    player_tokens, close = lexer.labels("players")
    if not player_tokens:
        raise lexer.error(close, "a game needs at least one player, found an empty player list")
    players = _normalize_labels([t.text for t in player_tokens], _player_default)
    if lexer.peek().kind == "text":  # optional comment
        lexer.next()
    infosets: dict[int, dict[int, _EfgInfoset]] = {i: {} for i in range(len(players) + 1)}
    outcomes: dict[int, tuple[str, list[Fraction], _Token]] = {}
    if lexer.peek().kind == "eof":
        raise lexer.error(
            lexer.peek(), "expected the root node ('c', 'p' or 't'), found end of file"
        )
    root = _parse_node(lexer, players, infosets, outcomes)
    pending = [root] if root.kind != "t" else []
    while pending:
        parent = pending[-1]
        assert parent.infoset is not None
        if len(parent.children) == len(parent.infoset.actions):
            pending.pop()
            continue
        token = lexer.peek()
        if token.kind == "eof":
            missing = len(parent.infoset.actions) - len(parent.children)
            line, _ = lexer.location(parent.token.offset)
            raise lexer.error(
                token,
                f"expected a node ('c', 'p' or 't'): the node on line {line} has "
                f"{len(parent.infoset.actions)} actions but {missing} of its children are "
                "missing; found end of file",
            )
        child = _parse_node(lexer, players, infosets, outcomes)
        parent.children.append(child)
        if child.kind != "t":
            pending.append(child)
    lexer.end("the last node of the tree")
    return _EfgFile(title, players, root, infosets, lexer)


def _parse_node(
    lexer: _Lexer,
    players: Sequence[str],
    infosets: dict[int, dict[int, _EfgInfoset]],
    outcomes: dict[int, tuple[str, list[Fraction], _Token]],
) -> _EfgNode:
    token = lexer.next()
    if token.kind != "symbol" or token.text not in ("c", "p", "t"):
        raise lexer.error(
            token,
            "expected a node: 'c' (chance), 'p' (player) or 't' (terminal), "
            f"found {token.describe()}",
        )
    label = lexer.expect("text", f"the quoted label of the {_KIND_NAME[token.text]} node").text
    node = _EfgNode(token.text, label, token)
    if token.text == "p":
        node.player, _ = lexer.integer("the player number", 1, len(players))
        node.infoset = _parse_infoset(lexer, infosets[node.player], players[node.player - 1])
    elif token.text == "c":
        node.infoset = _parse_infoset(lexer, infosets[0], None)
    node.outcome = _parse_outcome(lexer, players, outcomes)
    return node


_KIND_NAME = {"c": "chance", "p": "decision", "t": "terminal"}


def _parse_infoset(
    lexer: _Lexer, registry: dict[int, _EfgInfoset], player: str | None
) -> _EfgInfoset:
    kind = "chance event" if player is None else f"information set of {player}"
    number, _ = lexer.integer(f"the number of the {kind}", 1)
    what = f"chance event {number}" if player is None else f"information set {number} of {player}"
    known = registry.get(number)
    if lexer.peek().kind != "text":
        if known is None:
            raise lexer.error(
                lexer.peek(),
                f"expected the quoted label of {what} (it appears here for the first "
                f"time, so its label and actions must be given), found {lexer.peek().describe()}",
            )
        return known
    label_token = lexer.next()
    lexer.expect("{", f"'{{' opening the actions of {what}")
    actions: list[str] = []
    probs: list[Fraction] = []
    prob_tokens: list[_Token] = []
    while lexer.peek().kind != "}":
        token = lexer.next()
        if token.kind != "text":
            expected = "a quoted action label" if not actions else "a quoted action label or '}'"
            raise lexer.error(token, f"expected {expected} in {what}, found {token.describe()}")
        actions.append(token.text)
        if player is None:
            token = lexer.expect(
                "number", lambda: f"the probability of chance action {_quote(actions[-1])}"
            )
            probs.append(lexer.fraction(token))
            prob_tokens.append(token)
            lexer.accept(",")
    close = lexer.next()
    if not actions:
        raise lexer.error(close, f"{what} needs at least one action, found '{{ }}'")
    if player is None:
        for p, t in zip(probs, prob_tokens, strict=True):
            if not 0 <= p <= 1:
                raise lexer.error(t, f"a chance probability must lie in [0, 1], found {t.text}")
        total = sum(probs, Fraction(0))
        if total != 1:
            raise lexer.error(
                prob_tokens[0],
                f"the probabilities of chance event {number} sum to {total}, not 1",
            )
    if known is not None:
        same = (
            known.label == label_token.text
            and known.actions == actions
            and (player is not None or known.probs == probs)
        )
        if not same:
            line, col = lexer.location(known.token.offset)
            raise lexer.error(
                label_token,
                f"{what} is described differently from its first description "
                f"(line {line}, column {col}); repeat it exactly or give only its number",
            )
        return known
    infoset = _EfgInfoset(
        label_token.text, actions, probs if player is None else None, label_token, len(registry) + 1
    )
    registry[number] = infoset
    return infoset


def _parse_outcome(
    lexer: _Lexer,
    players: Sequence[str],
    outcomes: dict[int, tuple[str, list[Fraction], _Token]],
) -> list[Fraction] | None:
    number, num_token = lexer.integer("the outcome number (0 for none)", 0)
    if lexer.peek().kind != "text":
        if number == 0:
            return None
        if number not in outcomes:
            raise lexer.error(
                num_token,
                f"outcome {number} is used before its label and payoffs are given "
                f'(write e.g. {number} "label" {{ payoffs }} at its first use)',
            )
        return outcomes[number][1]
    label_token = lexer.next()
    if number == 0:
        raise lexer.error(
            label_token, "outcome 0 is the null outcome: it takes no label or payoffs"
        )
    lexer.expect("{", f"'{{' opening the payoffs of outcome {number}")
    payoffs = _read_payoffs(lexer, players, f"outcome {number}")
    lexer.expect("}", f"'}}' closing the payoffs of outcome {number} ({len(players)} players)")
    known = outcomes.get(number)
    if known is not None:
        if known[0] != label_token.text or known[1] != payoffs:
            line, col = lexer.location(known[2].offset)
            raise lexer.error(
                label_token,
                f"outcome {number} is described differently from its first description "
                f"(line {line}, column {col}); repeat it exactly or give only its number",
            )
        return known[1]
    outcomes[number] = (label_token.text, payoffs, label_token)
    return payoffs


def _iter_prefix(root: _EfgNode) -> Iterator[_EfgNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


# --------------------------------------------------------------------------------------------
# Dispatch
# --------------------------------------------------------------------------------------------


def read_gambit(source: Source) -> Any:
    """Read a Gambit ``.nfg`` or ``.efg`` file, whichever it is (decided by its first word).

    Returns a :class:`~alliancegame.NormalFormGame` for ``NFG`` files and an
    :class:`~alliancegame.ExtensiveGame` for ``EFG`` files.

    Examples
    --------
    >>> read_gambit('NFG 1 R "Matching pennies" { "A" "B" } { 2 2 } 1 -1 -1 1 -1 1 1 -1').shape
    (2, 2)
    >>> read_gambit('GAME 1 R "x" { }')
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ModelFileError: <string>:1:1: expected 'NFG' or 'EFG' ...
    """
    text, name = _read_source(source)
    first = _Lexer(text, name).peek()
    if first.kind == "symbol" and first.text == "NFG":
        return read_nfg(_Text(text, name))
    if first.kind == "symbol" and first.text == "EFG":
        return read_efg(_Text(text, name))
    raise _Lexer(text, name).error(
        first,
        "expected 'NFG' or 'EFG' (a Gambit game file starts with NFG 1 R or EFG 2 R), "
        f"found {first.describe()}",
    )


class _Text:
    """A text stream over already-read text that keeps the original name for messages."""

    def __init__(self, text: str, name: str) -> None:
        self._text = text
        self.name = name

    def read(self) -> str:
        return self._text


def _number(value: Fraction) -> int | Fraction:
    return int(value) if value.denominator == 1 else value


def _infoset_labels(tree: _EfgFile) -> dict[int, str]:
    """The label of each decision information set, keyed by ``id`` of the parsed set.

    An unlabelled set takes Gambit's name for it, ``"(player,number)"``: the player's number and
    the set's number (1, 2, ... in order of first appearance). Labels must be unique across the
    game, so repeated ones are told apart as Gambit does.
    """
    order: list[tuple[int, _EfgInfoset]] = []
    seen: set[int] = set()
    for node in _iter_prefix(tree.root):
        if node.kind == "p" and id(node.infoset) not in seen:
            assert node.infoset is not None
            seen.add(id(node.infoset))
            order.append((node.player, node.infoset))
    named = [s.label if s.label.strip() else f"({player},{s.number})" for player, s in order]
    unique = _normalize_labels(named, str)
    return {id(s): label for (_, s), label in zip(order, unique, strict=True)}


def _build_tree(tree: _EfgFile, require_perfect_recall: bool) -> ExtensiveGame:
    from ..games.extensive import ExtensiveGame, Node, chance, decision, terminal

    n = len(tree.players)
    labels = _infoset_labels(tree)
    actions = {
        id(s): _normalize_labels(s.actions, str)
        for reg in tree.infosets.values()
        for s in reg.values()
    }
    zero = [Fraction(0)] * n
    # Post-order over the parsed tree with an explicit stack (trees may be deep), carrying the sum
    # of the outcomes met on the way down.
    built: dict[int, Node] = {}
    stack: list[tuple[_EfgNode, list[Fraction], bool]] = [(tree.root, zero, False)]
    while stack:
        node, above, expanded = stack.pop()
        total = (
            above
            if node.outcome is None
            else [a + b for a, b in zip(above, node.outcome, strict=True)]
        )
        if node.kind == "t":
            built[id(node)] = terminal(*(_number(v) for v in total), label=node.label)
            continue
        if not expanded:
            stack.append((node, above, True))
            stack.extend((child, total, False) for child in reversed(node.children))
            continue
        assert node.infoset is not None
        names = actions[id(node.infoset)]
        children = [built.pop(id(child)) for child in node.children]
        if node.kind == "p":
            built[id(node)] = decision(
                tree.players[node.player - 1],
                list(zip(names, children, strict=True)),
                infoset=labels[id(node.infoset)],
                label=node.label,
            )
        else:
            assert node.infoset.probs is not None
            probs = [_number(p) for p in node.infoset.probs]
            built[id(node)] = chance(
                [(a, (p, c)) for a, p, c in zip(names, probs, children, strict=True)],
                label=node.label,
            )
    try:
        return ExtensiveGame(
            tree.players,
            built[id(tree.root)],
            title=tree.title,
            require_perfect_recall=require_perfect_recall,
        )
    except GameError as exc:
        hint = (
            "; read it with read_efg(..., require_perfect_recall=False) to accept it"
            if "imperfect recall" in str(exc)
            else ""
        )
        text = str(exc).replace("; pass require_perfect_recall=False to accept such a game", "")
        raise ModelFileError(f"{text}{hint}", tree.lexer.path) from None


def read_efg(source: Source, *, require_perfect_recall: bool = True) -> ExtensiveGame:
    """Read a Gambit extensive game (``.efg``).

    Parameters
    ----------
    source : str, path or text stream
        A path to a ``.efg`` file, the file's text itself (a string that starts with ``EFG`` or
        contains a brace, a quote or a line break), or an open text stream.
    require_perfect_recall : bool
        Refuse games in which a player forgets what it knew or did (as
        :class:`~alliancegame.ExtensiveGame` does by default).

    Returns
    -------
    ExtensiveGame
        An exact game (payoffs and probabilities are integers or
        :class:`~fractions.Fraction`). Outcomes on inner nodes are summed into the payoffs of the
        terminal nodes below them. Information sets keep their labels; an unlabelled one takes
        Gambit's name for it, ``"(player,number)"`` (``"(2,1)"``: player 2's first set).

    Raises
    ------
    ModelFileError
        If the file is malformed (message starting ``path:line:column:``) or describes an invalid
        game (probabilities that do not sum to 1, imperfect recall, ...).

    Examples
    --------
    >>> g = read_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "share" { 1, 1 }''')
    >>> g
    ExtensiveGame('Entry', players=('Entrant', 'Incumbent'), nodes=5, terminals=3, perfect information)
    >>> [s.label for s in g.infosets[1]]
    ['(2,1)']
    >>> read_efg('EFG 2 R "" { "A" } c "" 1 "" { "h" 1/2 "t" 1/3 } 0 t "" 0 t "" 0')
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ModelFileError: <string>:1:36: the probabilities of chance event 1 sum to 5/6, not 1
    """  # noqa: E501
    text, name = _read_source(source)
    return _build_tree(_parse_efg(text, name), require_perfect_recall)


def _decimal(value: Fraction) -> str:
    """The exact decimal of a fraction whose denominator divides a power of ten.

    >>> _decimal(Fraction(-1234, 1000)), _decimal(Fraction(7, 2)), _decimal(Fraction(3))
    ('-1.234', '3.5', '3')
    """
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1:
        return str(value)
    digits = max(twos, fives)
    scaled = abs(value.numerator) * 10**digits // value.denominator
    whole, frac = divmod(scaled, 10**digits)
    text = str(whole) + (f".{frac:0{digits}d}".rstrip("0") if digits else "")
    return ("-" if value < 0 else "") + text


def _chance_texts(probs: Sequence[Any]) -> list[str]:
    """Chance probabilities as written. Exact ones sum to 1 as they are. Floats (which the game
    accepts when they sum to 1 within rounding) are written at their shortest decimals, except
    that the last becomes 1 minus the others, so the file's exact numbers sum to exactly 1."""
    texts = [_format_number(p) for p in probs]
    if any(isinstance(p, float) for p in probs):
        exact = [Fraction(t) for t in texts]
        last = 1 - sum(exact[:-1], Fraction(0))
        if sum(exact) != 1 and 0 <= last <= 1:
            texts[-1] = _decimal(last)
    return texts


def write_efg(
    game: ExtensiveGame, path: str | os.PathLike[str] | None = None, *, comment: str = ""
) -> str:
    """Write a numeric extensive game as a Gambit ``.efg`` file.

    Every node is written with its full description (as Gambit itself writes files); each
    terminal gets its own outcome, labelled by the terminal's label when it has a unique one,
    else ``"Outcome k"``. Floats are written at their shortest decimals, so they read back as
    the same floats, except that the last probability of a chance node is written as one minus
    the others: Gambit's numbers are exact, and exact probabilities must sum to exactly 1.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric game (write ``game.at(exact=True, ...)`` for a parameterised one).
    path : str or path, optional
        Where to write the file (UTF-8). The text is returned either way.
    comment : str
        The file's comment field.

    Returns
    -------
    str
        The text of the file.

    Examples
    --------
    >>> from alliancegame import ExtensiveGame, decision, chance, terminal
    >>> g = ExtensiveGame(["US", "Iran"], chance({
    ...     "hawk": ("1/3", decision("US", {"Strike": terminal(1, -1), "Wait": terminal(0, 0)},
    ...                              infoset="US?")),
    ...     "dove": ("2/3", decision("US", {"Strike": terminal(-1, 1), "Wait": terminal(0, 0)},
    ...                              infoset="US?"))}), title="Uncertain resolve")
    >>> print(write_efg(g))
    EFG 2 R "Uncertain resolve" { "US" "Iran" }
    ""
    <BLANKLINE>
    c "" 1 "" { "hawk" 1/3 "dove" 2/3 } 0
    p "" 1 1 "US?" { "Strike" "Wait" } 0
    t "" 1 "Outcome 1" { 1, -1 }
    t "" 2 "Outcome 2" { 0, 0 }
    p "" 1 1 "US?" { "Strike" "Wait" } 0
    t "" 3 "Outcome 3" { -1, 1 }
    t "" 4 "Outcome 4" { 0, 0 }
    <BLANKLINE>
    >>> read_efg(write_efg(g)) == g
    True
    """
    from ..games.extensive import Chance, Decision, ExtensiveGame

    if not isinstance(game, ExtensiveGame):
        raise GameError(f"write_efg: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.is_numeric:
        raise GameError(
            f"write_efg: Gambit files hold numbers, but this game has parameters "
            f"({', '.join(game.parameters.names)}); write game.at(exact=True, ...) instead"
        )
    where: dict[int, tuple[int, str]] = {}  # decision node -> (set number, set label)
    for sets in game.infosets:
        for number, infoset in enumerate(sets, start=1):
            for member in infoset.nodes:
                where[member] = (number, infoset.label)
    players = {p: i for i, p in enumerate(game.players)}
    chance_rows = {k: r for r, k in enumerate(game.chance_nodes)}
    term_rows = {k: r for r, k in enumerate(game.terminals)}
    term_labels = Counter(game.nodes[k].label for k in game.terminals)
    used: set[str] = set()
    lines = [
        f"EFG 2 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        _quote(comment),
        "",
    ]
    events = 0
    for k, node in enumerate(game.nodes):
        if isinstance(node, Decision):
            number, label = where[k]
            acts = " ".join(_quote(a) for a in node.actions)
            lines.append(
                f"p {_quote(node.label)} {players[node.player] + 1} {number} "
                f"{_quote(label)} {{ {acts} }} 0"
            )
        elif isinstance(node, Chance):
            events += 1
            probs = _chance_texts(game.chance_probabilities[chance_rows[k]])
            acts = " ".join(f"{_quote(o)} {p}" for o, p in zip(node.outcomes, probs, strict=True))
            lines.append(f'c {_quote(node.label)} {events} "" {{ {acts} }} 0')
        else:
            r = term_rows[k]
            label = node.label
            if not label.strip() or term_labels[label] > 1 or label in used:
                m = r + 1
                label = f"Outcome {m}"
                while label in used or label in term_labels:
                    m += 1
                    label = f"Outcome {m}"
            used.add(label)
            pays = ", ".join(_format_number(v) for v in game.terminal_payoffs[r])
            lines.append(f"t {_quote(node.label)} {r + 1} {_quote(label)} {{ {pays} }}")
    return _finish("\n".join(lines) + "\n", path)
