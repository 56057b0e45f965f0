"""The scenario file format (``models/*.yaml``): pydantic models of its structure, JSON Schema.

A scenario file writes down one game together with the evidence behind it, in YAML that a
political scientist can read and write by hand. Its top-level fields::

    version: 1                      # optional; the format version
    title: ...                      # one line
    summary: |                      # a paragraph: what the model says, and how far to trust it
      ...
    sources:                        # the documents assumptions rest on, by a short key
      brief: {title: ..., outlet: ..., date: 2026-01-11}
    parameters:                     # named quantities payoffs depend on
      u:
        meaning: Russia's Ukraine commitment
        unit: utility points
        default: 6
        range: [0, 10]
        prior: {distribution: uniform}  # optional: uniform, normal, beta, triangular, discrete
        sources:
          - {source: brief, quote: "The Kremlin is currently heavily committed to ..."}
    definitions:                    # optional: named derived quantities, substituted symbolically
      margin: "G - u"
    players: [US, Russia]
    assumptions:                    # optional: structural assumptions with their sources
      - {statement: ..., sources: [...]}
    game:                           # exactly one of `tree` and `normal_form`
      tree: ...

Expressions (payoffs, probabilities, attribute values, definitions, conditions) are numbers or
strings in the restricted arithmetic of :func:`alliancegame.core.expr.parse_expression`; they are
parsed, never evaluated. Names in them are parameters, definitions and, inside games, the
*attributes* of actions and the *indicators* of moves (below).

Games
-----
**A tree written move by move** (``game.tree.moves``) is the compact form for the usual
sequential game in which the same moves repeat under every earlier move. Each move is made by a
player (``player: Russia``) or by Nature (``chance: nuclear``) at every path of the tree built so
far, unless its ``when`` condition is false there or an earlier action ended the path (``ends``)::

    moves:
      - player: Russia                 # the move's name defaults to the player: "Russia"
        attributes: [e, m]             # columns of the action table
        actions:                       # ordered: ties go to the first action
          D: [0.00, 0.00]
          X: [0.80, 1.00]
      - chance: nuclear
        when: Russia_X                 # only on paths where Russia chose X
        outcomes: {yes: pi_N, no: 1 - pi_N}
    payoffs:                           # written once, evaluated at every terminal path
      Russia: "-u*m - Russia_X*(nuclear_yes*N_R + nuclear_no*K_R)"

In any expression written after a move, ``<move>_<action>`` (``Russia_X``, ``nuclear_yes``) is
1 on paths where that action was taken and 0 otherwise (including paths where the move did not
happen), and an attribute name (``e``, ``m``) is the value in the row of the action taken.
``observes: [US]`` makes a move imperfectly informed: the player sees only the listed earlier
moves, and paths that look alike to it form one information set. ``ends: {Hold: {US: -T, ...}}``
ends the game after an action with its own payoffs (``ends: {Hold: null}`` uses the tree's
formulas). An attribute has no value on a path where its move was not played (or where the
action's row leaves it ``null``): a formula that still needs it there is an error naming the
path, never a silent zero. Rows may also be mappings (``X: {e: 0.8, m: 1}``), and a chance
outcome with attributes is ``{probability: p, damage: 4}``. YAML comments (``# ...``) are free.

**An explicit tree** (``game.tree.root``) writes nodes out: a decision node
``{player, actions: {name: node}, infoset}``, a chance node
``{chance: {outcome: {probability, then: node}}}``, a terminal node ``{payoffs}``. A node given as
a string refers to a named node under ``game.tree.nodes``, so a subtree that repeats is written
once (and shares its information sets when it declares ``infoset``).

**A normal form** (``game.normal_form``) lists ``strategies`` per player and either ``payoffs``
formulas (with the same indicators, ``US_Hold``, and attributes) or a nested ``table``.

Payoffs are always a list in player order or a mapping by player name.

The JSON Schema of this format, for editors, is ``docs/reference/scenario-schema.json``; regenerate
it with ``python -c "from alliancegame.scenarios import write_json_schema;
write_json_schema('docs/reference/scenario-schema.json')"`` (a test checks it is up to date). The
format follows the practice of JSON Schema validation of YAML configuration (Pezoa et al., 2016,
"Foundations of JSON Schema", WWW '16).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    field_validator,
    model_validator,
)

__all__ = [
    "DATE_PATTERN",
    "FIELD_NAMES",
    "IDENTIFIER",
    "ActionRow",
    "AssumptionSpec",
    "BetaPriorSpec",
    "ChanceBranchSpec",
    "CitationSpec",
    "DiscretePriorSpec",
    "ExplicitTreeSpec",
    "GameSpec",
    "MoveSpec",
    "MovesTreeSpec",
    "NodeSpec",
    "NormalFormSpec",
    "NormalPriorSpec",
    "ParameterSpec",
    "ScenarioFile",
    "SourceSpec",
    "StrategySetSpec",
    "TriangularPriorSpec",
    "UniformPriorSpec",
    "json_schema",
    "write_json_schema",
]

IDENTIFIER = r"^[A-Za-z][A-Za-z0-9_]*$"
DATE_PATTERN = r"^(\d{4}(-\d{2})?|undated)$"

Name = Annotated[
    StrictStr,
    Field(pattern=IDENTIFIER, description="An identifier: a letter, then letters, digits or _."),
]
Number = Annotated[StrictInt | StrictFloat, Field(description="A number.")]
Expr = Annotated[
    StrictInt | StrictFloat | StrictStr,
    Field(
        description="A number or an expression: arithmetic, comparisons, min, max, abs, exp, "
        "log, sqrt, where(cond, a, b), 'a if cond else b', over declared names."
    ),
]
Text = Annotated[StrictStr, Field(min_length=1)]
Payoffs = Annotated[
    list[Expr] | dict[StrictStr, Expr],
    Field(description="One payoff per player: a list in player order or a mapping by name."),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# ---------------------------------------------------------------------------------- sources


class SourceSpec(_Model):
    """A document cited by the scenario: ``title``, ``outlet``, ``date`` (and optionally more)."""

    title: Text = Field(description="The document's title, as published.")
    outlet: Text = Field(description="Who published it (newspaper, broadcaster, think tank).")
    date: _dt.date | Annotated[StrictStr, Field(pattern=DATE_PATTERN)] = Field(
        description="Publication date: YYYY-MM-DD, YYYY-MM, YYYY or 'undated'."
    )
    url: StrictStr | None = Field(default=None, description="Where to read it.")
    note: StrictStr = Field(default="", description="Anything a reader should know about it.")

    @field_validator("date", mode="before")
    @classmethod
    def _year_as_text(cls, value: object) -> object:
        """YAML reads an unquoted year (``date: 2003``) as a number: take it as the year."""
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return str(value)
        return value


class CitationSpec(_Model):
    """The sentence of a source that an assumption or a number encodes."""

    source: Name = Field(description="Key of the source under `sources`.")
    quote: Text = Field(description="The sentence quoted verbatim.")


class AssumptionSpec(_Model):
    """A structural assumption of the model, with its sources."""

    statement: Text
    sources: list[CitationSpec] = Field(default_factory=list)


# ---------------------------------------------------------------------------------- priors


class UniformPriorSpec(_Model):
    """Uniform on ``[lower, upper]``; both default to the parameter's range."""

    distribution: Literal["uniform"]
    lower: Number | None = None
    upper: Number | None = None


class NormalPriorSpec(_Model):
    """Normal with ``mean`` and ``sd`` (only for parameters with an unbounded range)."""

    distribution: Literal["normal"]
    mean: Number
    sd: Number


class BetaPriorSpec(_Model):
    """Beta with shapes ``a`` and ``b``, on ``[lower, upper]`` (default ``[0, 1]``)."""

    distribution: Literal["beta"]
    a: Number
    b: Number
    lower: Number = 0
    upper: Number = 1


class TriangularPriorSpec(_Model):
    """Triangular on ``[lower, upper]`` with its peak at ``mode``."""

    distribution: Literal["triangular"]
    lower: Number
    mode: Number
    upper: Number


class DiscretePriorSpec(_Model):
    """A list of ``values`` with ``probabilities`` (equal when omitted)."""

    distribution: Literal["discrete"]
    values: list[Number] = Field(min_length=1)
    probabilities: list[Number] | None = None


PriorSpec = Annotated[
    UniformPriorSpec | NormalPriorSpec | BetaPriorSpec | TriangularPriorSpec | DiscretePriorSpec,
    Field(discriminator="distribution"),
]


class ParameterSpec(_Model):
    """A parameter: what it means, its unit, default, range, prior and sources."""

    meaning: Text = Field(description="What the parameter stands for, in words.")
    unit: StrictStr = Field(default="", description="Unit (e.g. 'utility points').")
    default: Number | None = Field(default=None, description="Value used when none is given.")
    range: Annotated[list[Number | None], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="[lower, upper] of meaningful values; null for unbounded."
    )
    prior: PriorSpec | None = Field(default=None, description="Distribution of beliefs.")
    sources: list[CitationSpec] = Field(
        default_factory=list, description="The sentences the parameter and its default encode."
    )


# ---------------------------------------------------------------------------------- games

ActionRow = Annotated[
    list[Expr | None] | dict[StrictStr, Expr | None] | None,
    Field(
        description="An action's attribute values: a row in the order of `attributes`, a mapping "
        "by attribute name, or null for none."
    ),
]
Actions = Annotated[
    list[StrictStr] | dict[StrictStr, ActionRow],
    Field(description="Action names in order (ties go to the first), optionally with attributes."),
]


class MoveSpec(_Model):
    """One move of a tree written move by move: a player's decision or a chance event."""

    player: StrictStr | None = Field(default=None, description="Who decides (a declared player).")
    chance: Name | None = Field(default=None, description="Name of a chance move (Nature).")
    name: Name | None = Field(
        default=None, description="Name of the move in expressions (default: the player's name)."
    )
    description: StrictStr = ""
    when: Expr | None = Field(
        default=None, description="Condition on earlier moves; the move happens where it is true."
    )
    observes: list[Name] | None = Field(
        default=None,
        description="Earlier moves this player sees (default: all, i.e. perfect information).",
    )
    infoset: StrictStr | None = Field(
        default=None, description="Label prefix for the information sets of this move."
    )
    attributes: list[Name] = Field(
        default_factory=list, description="Names of the columns of the action table."
    )
    actions: Actions | None = None
    outcomes: dict[StrictStr, Expr | dict[StrictStr, Expr | None]] | None = Field(
        default=None,
        description="Chance outcomes: a probability, or {probability: ..., <attribute>: ...}.",
    )
    ends: dict[StrictStr, Payoffs | None] | None = Field(
        default=None,
        description="Actions after which the game ends, with the payoffs there "
        "(null: the tree's payoff formulas).",
    )
    sources: list[CitationSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> MoveSpec:
        if (self.player is None) == (self.chance is None):
            raise ValueError("a move needs exactly one of `player` (a decision) or `chance`")
        if self.player is not None and self.actions is None:
            raise ValueError(f"the move of {self.player!r} needs `actions`")
        if self.player is not None and self.outcomes is not None:
            raise ValueError("`outcomes` belong to chance moves; a player's move has `actions`")
        if self.chance is not None and self.outcomes is None:
            raise ValueError(f"the chance move {self.chance!r} needs `outcomes`")
        if self.chance is not None and self.actions is not None:
            raise ValueError("`actions` belong to a player's move; a chance move has `outcomes`")
        if self.chance is not None and (self.observes is not None or self.infoset is not None):
            raise ValueError("a chance move has no information set (`observes`, `infoset`)")
        return self


class MovesTreeSpec(_Model):
    """A tree generated from a sequence of moves and payoff formulas written once."""

    moves: list[MoveSpec] = Field(min_length=1)
    payoffs: Payoffs


class ChanceBranchSpec(_Model):
    """One outcome of an explicit chance node: its probability and the node that follows."""

    probability: Expr
    then: NodeSpec | StrictStr


class NodeSpec(_Model):
    """A node of an explicit tree: a decision, a chance node or a terminal node."""

    player: StrictStr | None = None
    actions: dict[StrictStr, NodeSpec | StrictStr] | None = None
    infoset: StrictStr | None = Field(
        default=None, description="Nodes of one player sharing this label form one information set."
    )
    chance: dict[StrictStr, ChanceBranchSpec] | None = None
    payoffs: Payoffs | None = None
    label: StrictStr = ""

    @model_validator(mode="after")
    def _one_kind(self) -> NodeSpec:
        kinds = [k for k in ("player", "chance", "payoffs") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "a node is exactly one of a decision (`player` and `actions`), a chance node "
                f"(`chance`) or a terminal node (`payoffs`); this one has {kinds or 'none'}"
            )
        if self.player is not None and self.actions is None:
            raise ValueError(f"the decision node of {self.player!r} needs `actions`")
        if self.player is None and self.actions is not None:
            raise ValueError("`actions` need a `player`")
        if self.player is None and self.infoset is not None:
            raise ValueError("only decision nodes have an `infoset`")
        return self


class ExplicitTreeSpec(_Model):
    """A tree written node by node; string children refer to named ``nodes``."""

    root: NodeSpec | StrictStr
    nodes: dict[StrictStr, NodeSpec] = Field(default_factory=dict)


def _tree_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "explicit" if "root" in value or "moves" not in value else "staged"
    return "staged"


TreeSpec = Annotated[
    Annotated[MovesTreeSpec, Tag("staged")] | Annotated[ExplicitTreeSpec, Tag("explicit")],
    Discriminator(_tree_kind),
]


class StrategySetSpec(_Model):
    """One player's strategies in a normal form, optionally with attributes."""

    name: Name | None = None
    attributes: list[Name] = Field(default_factory=list)
    actions: Actions


class NormalFormSpec(_Model):
    """A normal-form game: strategies per player and payoff formulas or a nested table."""

    strategies: dict[StrictStr, list[StrictStr] | StrategySetSpec] = Field(min_length=1)
    payoffs: Payoffs | None = None
    table: dict[StrictStr, Any] | None = Field(
        default=None,
        description="Nested by player: first player's strategy, then the second's, ..., then "
        "the payoffs.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> NormalFormSpec:
        if (self.payoffs is None) == (self.table is None):
            raise ValueError("a normal form needs exactly one of `payoffs` (formulas) or `table`")
        return self


class GameSpec(_Model):
    """The game: exactly one of a ``tree`` and a ``normal_form``."""

    tree: TreeSpec | None = None
    normal_form: NormalFormSpec | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> GameSpec:
        if (self.tree is None) == (self.normal_form is None):
            raise ValueError("`game` needs exactly one of `tree` or `normal_form`")
        return self


class ScenarioFile(_Model):
    """A whole scenario file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        title="alliancegame scenario",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "description": "A parameterised game with its sources (alliancegame models/*.yaml).",
        },
    )

    version: Literal[1] = 1
    title: Text
    summary: Text
    sources: dict[Name, SourceSpec] = Field(default_factory=dict)
    parameters: dict[Name, ParameterSpec] = Field(default_factory=dict)
    definitions: dict[Name, Expr] = Field(default_factory=dict)
    players: list[StrictStr] | dict[StrictStr, StrictStr] = Field(min_length=1)
    assumptions: list[AssumptionSpec] = Field(default_factory=list)
    game: GameSpec


def _all_field_names() -> frozenset[str]:
    names: set[str] = set()
    for model in (
        SourceSpec,
        CitationSpec,
        AssumptionSpec,
        UniformPriorSpec,
        NormalPriorSpec,
        BetaPriorSpec,
        TriangularPriorSpec,
        DiscretePriorSpec,
        ParameterSpec,
        MoveSpec,
        MovesTreeSpec,
        ChanceBranchSpec,
        NodeSpec,
        ExplicitTreeSpec,
        StrategySetSpec,
        NormalFormSpec,
        GameSpec,
        ScenarioFile,
    ):
        names.update(model.model_fields)
    return frozenset(names)


FIELD_NAMES: frozenset[str] = _all_field_names()
"""Every field name the format knows (for "did you mean" hints on unknown fields)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of scenario files, for editors and other tools.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["title"], sorted(schema["required"])
    ('alliancegame scenario', ['game', 'players', 'summary', 'title'])
    """
    return ScenarioFile.model_json_schema(mode="validation")


def write_json_schema(path: str | Path) -> None:
    """Write :func:`json_schema` to ``path`` as indented JSON (the committed reference copy).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "schema.json"
    >>> write_json_schema(out)
    >>> out.read_text(encoding="utf-8").startswith("{")
    True
    """
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
