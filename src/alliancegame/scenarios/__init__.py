"""Scenario files: games written down in YAML with their sources, loaded and validated.

See :mod:`alliancegame.scenarios.schema` for the file format and
:mod:`alliancegame.scenarios.load` for how files are checked.
"""

from .load import (
    ScenarioFileError,
    ScenarioNotFoundError,
    load,
    loads,
    scenario_names,
    validate_file,
    validate_text,
)
from .scenario import Assumption, Citation, Scenario, Source, prior_to_dict
from .schema import json_schema, write_json_schema

__all__ = [
    "Assumption",
    "Citation",
    "Scenario",
    "ScenarioFileError",
    "ScenarioNotFoundError",
    "Source",
    "json_schema",
    "load",
    "loads",
    "prior_to_dict",
    "scenario_names",
    "validate_file",
    "validate_text",
    "write_json_schema",
]
