"""The scenario report: equilibrium path, why, thresholds, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import alliancegame as ag
from alliancegame.report import build_report


@pytest.fixture(scope="module")
def report() -> object:
    return build_report(ag.load("russia-iran"), parameters=["u", "G"])


def test_path_payoffs_and_margins_match_the_solver(report: object) -> None:
    rep = report
    assert [d.action for d in rep.path] == ["Strike", "I", "Lifeline", "Proxy"]
    assert rep.payoffs == pytest.approx({"US": 2.3, "Russia": -2.97, "China": 1.5, "Iran": -2.26})
    game = ag.load("russia-iran").game
    (eq,) = ag.backward_induction(game.at()).equilibria
    assert [s.action for s in eq.path] == [d.action for d in rep.path]
    for d in rep.path:
        assert d.margin == pytest.approx(d.value - d.alternative_value)
        assert d.margin > 0


def test_drivers_agree_with_finite_differences(report: object) -> None:
    """The US margin of striking over holding moves with B_S: (1 - e_I) * range = 0.85 * 25."""
    us = report.path[0]
    effect = {n: e for n, e, _ in us.drivers}
    game = ag.load("russia-iran").game
    low = ag.backward_induction_batch(game, B_S=6.0).payoffs[0]
    high = ag.backward_induction_batch(game, B_S=7.0).payoffs[0]
    assert high - low == pytest.approx(effect["B_S"] / 25)
    # Alone, B_S would flip the US decision at 0.8 / 0.85 (claim 10).
    flip = {n: f for n, _, f in us.drivers}["B_S"]
    assert flip == pytest.approx(0.8 / 0.85)


def test_thresholds_of_russia_are_reported_with_expressions(report: object) -> None:
    rows = [(t["parameter"], t["below"], t["above"], t["value"]) for t in report.thresholds]
    assert ("u", "X", "A", pytest.approx(2.75)) in rows
    assert ("G", "A", "I", pytest.approx(6.6)) in rows
    assert all(t["player"] == "Russia" for t in report.thresholds)
    assert all(t["verified"] for t in report.thresholds)


def test_text_json_and_files(report: object, tmp_path: Path) -> None:
    text = report.to_text()
    assert "Russia: I" in text
    assert "Thresholds of Russia" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["equilibrium"]["path"][1]["action"] == "I"
    written = report.write(tmp_path, figures=False)
    assert (tmp_path / "report.md").read_text().startswith("# Strike")
    assert "<h1>" in (tmp_path / "report.html").read_text()
    assert json.loads((tmp_path / "report.json").read_text())["scenario"] == "russia-iran"
    assert "report (md)" in written.figures


def test_focus_must_be_a_player() -> None:
    with pytest.raises(ag.UnknownNameError, match="did you mean 'Russia'"):
        build_report(ag.load("russia-iran"), focus="Rusia", parameters=[])
