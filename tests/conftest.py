"""Shared pytest configuration: hypothesis profiles and opt-in markers."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip live pygambit comparisons unless asked for with ``-m gambit``."""
    markexpr = config.getoption("-m") or ""
    if "gambit" in markexpr:
        return
    skip = pytest.mark.skip(reason="live pygambit comparison: opt in with `pytest -m gambit`")
    for item in items:
        if "gambit" in item.keywords:
            item.add_marker(skip)
