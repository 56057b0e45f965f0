"""The benchmark script runs: a smoke run of every case at tiny sizes (``--quick``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "run.py"


def test_quick_benchmark_run_covers_every_case(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against a hang, not a speed goal (those live in benchmarks/)
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    cases = ("vertex", "lemke-howson", "pure", "backward", "flagship", "mixed-sweep", "qre")
    for header in (*(f"[{c}]" for c in cases), "Targets"):
        assert header in out, out
    doc = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert (tmp_path / "latest.md").read_text(encoding="utf-8").startswith("# Benchmarks")
    rows = doc["rows"]
    assert {r["case"] for r in rows} == set(cases)
    # our solvers ran and every answer they gave was verified
    for r in rows:
        if r["solver"].startswith("ours") and r["verified"] is not None:
            assert r["status"] == "ok", r
            assert r["verified"] >= 1, r
    assert all(t["detail"] for t in doc["targets"])


def test_unknown_case_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "verteks", "--no-write"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown case(s) verteks" in done.stderr
