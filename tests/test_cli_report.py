"""``alliancegame report``: the main job of the command line."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from alliancegame.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_default_report_is_the_russia_iran_analysis() -> None:
    code, out, err = run("report", "--parameters", "u,G")
    assert code == 0, err
    assert out.splitlines()[1].startswith("Strike–Support–Retaliate")
    assert "2. Russia: I" in out
    assert "u = 2.75 = 47/8 - 5*G/8: Russia at Russia after US:Campaign switches X -> A" in out


def test_set_moves_the_point_and_json_carries_the_same_content() -> None:
    code, out, _ = run("report", "--set", "B_S=0.5", "--parameters", "u", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["point"]["B_S"] == 0.5
    # Claim 10: below B_S = 0.8/0.85 the US holds.
    assert [step["action"] for step in data["equilibrium"]["path"]] == ["Hold"]


def test_out_writes_report_files(tmp_path: Path) -> None:
    code, out, _ = run("report", "--parameters", "u,G", "--out", str(tmp_path))
    assert code == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"report.md", "report.html", "report.json"} <= names
    assert any(n.startswith("regions-") and n.endswith(".png") for n in names)
    assert "game-tree.png" in names
    assert str(tmp_path / "report.md") in out


def test_errors_are_one_line_and_nonzero() -> None:
    code, _, err = run("report", "no-such-scenario")
    assert code == 1
    assert err.startswith("alliancegame: error:")
    assert "Traceback" not in err
    code, _, err = run("report", "--set", "uu=1", "--parameters", "u")
    assert code == 1
    assert "did you mean 'u'" in err
