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
    """Leave out the live pygambit comparisons unless asked for with ``-m gambit``.

    They are deselected (like ``-m "not gambit"``), not skipped: the default run does not claim
    to have tried them. The stored reference data in ``tests/reference/`` is compared always.
    """
    markexpr = config.getoption("-m") or ""
    if "gambit" in markexpr:
        return
    keep, drop = [], []
    for item in items:
        (drop if "gambit" in item.keywords else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
