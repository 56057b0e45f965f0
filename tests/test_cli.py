"""The ``alliancegame`` command line: output schema, agreement with the library, errors.

Oracles: the JSON printed is the library's own result (``solve`` on the same game), each reported
profile is checked independently (probabilities on a simplex, payoffs equal to the expected payoffs
computed from the game's table, no profitable pure deviation), and errors have the documented
format and exit status.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import alliancegame as ag
from alliancegame import cli
from alliancegame.cli import bundled_examples, load_game, main

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _number(value: Any) -> Fraction:
    if isinstance(value, str):
        return Fraction(value)
    assert isinstance(value, int | float)
    assert not isinstance(value, bool)
    return Fraction(value)


def _check_normal_form_equilibrium(game: ag.NormalFormGame, eq: dict[str, Any]) -> None:
    """Independent check of a JSON profile: simplex, payoffs, and no profitable deviation."""
    mixed = []
    for i, player in enumerate(game.players):
        probs = eq["strategies"][player]
        assert list(probs) == list(game.strategies[i])
        p = [_number(probs[s]) for s in game.strategies[i]]
        assert all(x >= 0 for x in p)
        assert sum(p) == 1
        mixed.append(p)
    table = game.exact_payoff_array()

    def expected(i: int, override: tuple[int, int] | None = None) -> Fraction:
        total = Fraction(0)
        for prof in product(*(range(k) for k in game.shape)):
            weight = Fraction(1)
            for j, s in enumerate(prof):
                if override and override[0] == j:
                    weight *= 1 if s == override[1] else 0
                else:
                    weight *= mixed[j][s]
            total += weight * table[(i, *prof)]
        return total

    for i, player in enumerate(game.players):
        value = expected(i)
        assert _number(eq["payoffs"][player]) == value
        for s in range(game.shape[i]):
            assert expected(i, (i, s)) <= value


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("concept", ["pure", None])
@pytest.mark.parametrize("name", ["crisis-chicken", "battle-of-the-sexes"])
def test_json_output_is_the_librarys_result(
    capsys: pytest.CaptureFixture[str], name: str, concept: str | None
) -> None:
    argv = ["solve", name, "--json"] + (["--concept", concept] if concept else [])
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    data = json.loads(out)  # exactly one JSON object
    game, _ = load_game(name)
    result = ag.solve(game, concept)
    assert data["players"] == list(game.players)
    assert data["concept"] == result.concept
    assert data["method"] == result.method
    assert data["exact"] is True
    assert data["equilibria"] == result.to_dict()["equilibria"]
    assert data["title"] == game.title
    for eq in data["equilibria"]:
        # exact numbers are "p/q" strings
        assert all(isinstance(v, str) for v in eq["payoffs"].values())
        _check_normal_form_equilibrium(game, eq)


def test_pure_equilibria_of_chicken(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(capsys, "solve", "crisis-chicken", "--concept", "pure", "--json")
    data = json.loads(out)
    profiles = {
        tuple(next(s for s, p in eq["strategies"][pl].items() if p == "1") for pl in ("US", "Iran"))
        for eq in data["equilibria"]
    }
    assert profiles == {("Hold", "Escalate"), ("Escalate", "Hold")}


def _backward_values(game: Any) -> dict[int, tuple[Fraction, ...]]:
    """Independent backward induction on a perfect-information tree: node -> payoff vector under
    play that maximises the mover's payoff (first action on ties), and chance in expectation."""
    from alliancegame.games.extensive import Chance, Decision

    term = dict(zip(game.terminals, game.terminal_payoffs, strict=True))
    prob = dict(zip(game.chance_nodes, game.chance_probabilities, strict=True))
    value: dict[int, tuple[Fraction, ...]] = {}
    for k in reversed(range(len(game.nodes))):
        node, kids = game.nodes[k], game.children(k)
        if isinstance(node, Decision):
            i = game.players.index(node.player)
            value[k] = max((value[c] for c in kids), key=lambda v: v[i])
        elif isinstance(node, Chance):
            value[k] = tuple(
                sum(Fraction(p) * value[c][i] for p, c in zip(prob[k], kids, strict=True))
                for i in range(game.n_players)
            )
        else:
            value[k] = tuple(Fraction(v) for v in term[k])
    return value


@pytest.mark.parametrize("spec", ["entry-deterrence", str(DATA / "pygambit_entry.efg")])
def test_tree_json_gives_behaviour_by_information_set(
    capsys: pytest.CaptureFixture[str], spec: str
) -> None:
    code, out, err = run(capsys, "solve", spec, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    game, _ = load_game(spec)
    assert data["concept"] == "spe"
    assert data["players"] == list(game.players)
    value = _backward_values(game)
    (eq,) = data["equilibria"]
    assert {p: _number(v) for p, v in eq["payoffs"].items()} == dict(
        zip(game.players, value[0], strict=True)
    )
    for i, player in enumerate(game.players):
        sets = eq["behavior"][player]
        assert list(sets) == [s.label for s in game.infosets[i]]
        for s in game.infosets[i]:
            probs = {a: _number(p) for a, p in sets[s.label].items()}
            assert list(probs) == list(s.actions)
            assert sum(probs.values()) == 1
            # the action played is a best reply at that node
            (node,) = s.nodes
            chosen = game.children(node)[list(probs.values()).index(1)]
            best = max(value[c][i] for c in game.children(node))
            assert value[chosen][i] == best


def test_float_arithmetic_prints_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "solve", "crisis-chicken", "--concept", "pure", "--no-exact", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert data["exact"] is False
    for eq in data["equilibria"]:
        assert all(isinstance(v, float | int) for v in eq["payoffs"].values())
        assert all(isinstance(v, float | int) for v in eq["strategies"]["US"].values())


def test_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "solve", "crisis-chicken", "--concept", "pure")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Chicken crisis (bundled example crisis-chicken)"
    assert lines[1] == "players: US, Iran"
    assert "by enumpure, exact arithmetic: 2 found, complete" in lines[2]
    assert "Equilibrium 1" in lines
    assert "Equilibrium 2" in lines
    assert "  payoffs: US -1, Iran 1" in lines


def test_dominance_output_lists_survivors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pd = ag.NormalFormGame.from_arrays(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["A", "B"], strategies=[["C", "D"]] * 2
    )
    path = tmp_path / "pd.nfg"
    ag.write_nfg(pd, path)
    code, out, _ = run(capsys, "solve", str(path), "--concept", "dominance")
    assert code == 0
    assert "2 strategies eliminated" in out
    assert "surviving strategies: A: D; B: D" in out


def test_game_from_a_file_and_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DATA / "pygambit_two_player.nfg"
    code, out, _ = run(capsys, "solve", str(path), "--concept", "pure", "--json")
    assert code == 0
    from_file = json.loads(out)
    assert from_file["source"] == str(path)
    monkeypatch.setattr(sys, "stdin", open(path, encoding="utf-8"))  # noqa: SIM115
    code, out, _ = run(capsys, "solve", "-", "--concept", "pure", "--json")
    sys.stdin.close()
    assert code == 0
    from_stdin = json.loads(out)
    assert from_stdin["equilibria"] == from_file["equilibria"]
    game = ag.read_nfg(path)
    for eq in from_file["equilibria"]:
        _check_normal_form_equilibrium(game, eq)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"alliancegame {ag.__version__}")


def test_examples_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", "--help")
    assert code == 0
    for name in bundled_examples():
        assert name in out


# --------------------------------------------------------------------------------------------
# Parameterised games (through the loader extension point)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def toy_loader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Register a loader for '.toy' files: a parameterised Chicken with war cost ``P``."""

    def load(path: Path) -> ag.NormalFormGame:
        return ag.NormalFormGame.from_arrays(
            [[0, -1], [1, "-P"]],
            [[0, 1], [-1, "-P"]],
            players=["US", "Iran"],
            strategies=[["Hold", "Escalate"]] * 2,
            parameters=[ag.Parameter("P", 10, lower=0)],
            title="Chicken with a war cost",
        )

    monkeypatch.setitem(cli.LOADERS, ".toy", load)
    path = tmp_path / "chicken.toy"
    path.write_text("", encoding="utf-8")
    return path


def test_set_values_reach_the_game(capsys: pytest.CaptureFixture[str], toy_loader: Path) -> None:
    # With a war cost below 1, escalating dominates: one pure equilibrium.
    code, out, _ = run(
        capsys, "solve", str(toy_loader), "--concept", "pure", "--set", "P=1/2", "--exact", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["parameters"] == {"P": "1/2"}
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["payoffs"] == {"US": "-1/2", "Iran": "-1/2"}
    # Defaults apply when nothing is set.
    code, out, _ = run(capsys, "solve", str(toy_loader), "--concept", "pure", "--json")
    assert json.loads(out)["parameters"] == {"P": 10}
    assert len(json.loads(out)["equilibria"]) == 2


def test_unknown_parameter(capsys: pytest.CaptureFixture[str], toy_loader: Path) -> None:
    code, out, err = run(capsys, "solve", str(toy_loader), "--set", "PP=1")
    assert code == 1
    assert out == ""
    assert err.startswith("alliancegame: error: --set: unknown parameter 'PP'")
    assert "did you mean 'P'" in err


# --------------------------------------------------------------------------------------------
# Errors: format and exit status, never a traceback
# --------------------------------------------------------------------------------------------


def test_malformed_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" }\n{ 2 2 }\n1 2 3 x\n', encoding="utf-8")
    code, out, err = run(capsys, "solve", str(path), "--json")
    assert (code, out) == (1, "")
    assert err == f"{path}:3:7: expected a payoff of B at (2, 1), found word 'x'\n"


ERRORS = [
    ("unknown-concept", ["--concept", "nashh"], 1, "alliancegame: error: solve: unknown concept"),
    ("unknown-method", ["--concept", "pure", "--method", "x"], 1, "unknown method 'x'"),
    ("set-syntax", ["--set", "P"], 2, "alliancegame: error: --set: expected NAME=VALUE, got 'P'"),
    ("set-value", ["--set", "P=abc"], 2, "VALUE must be a number"),
    ("set-twice", ["--set", "P=1", "--set", "P=2"], 2, "'P' is given twice"),
    ("no-parameters", ["--set", "u=1"], 1, "--set: unknown parameter 'u'; declared: (none)"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, "solve", "crisis-chicken", *args)
    assert got == code
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_game(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "solve", "crisis-chiken")
    assert code == 2
    assert "no such file or bundled example: 'crisis-chiken'" in err
    assert "did you mean 'crisis-chicken'" in err


def test_unknown_file_kind(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "game.txt"
    path.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "solve", str(path))
    assert code == 2
    assert "unknown kind of game file '.txt'" in err


def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "locked.nfg"
    path.mkdir()  # a directory with a game-file name
    code, _, err = run(capsys, "solve", str(path))
    assert code == 2
    assert err.startswith("alliancegame: error: ")
    assert "not a file" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
        )[0]
        == 2
    )
    assert run(capsys, "solve")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "alliancegame",
            "solve",
            "crisis-chicken",
            "--concept",
            "pure",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["players"] == ["US", "Iran"]
    assert len(data["equilibria"]) == 2


def test_models_dir_found_from_the_source_tree() -> None:
    root = cli.models_dir()
    assert (root / "examples" / "crisis-chicken.nfg").is_file()
    assert np.all([p.suffix in cli.LOADERS for p in bundled_examples().values()])


def test_set_values_print_as_typed(capsys: pytest.CaptureFixture[str], toy_loader: Path) -> None:
    code, out, _ = run(capsys, "solve", str(toy_loader), "--concept", "pure", "--set", "P=0.5")
    assert code == 0
    assert "parameters: P = 0.5" in out
    code, out, _ = run(capsys, "solve", str(toy_loader), "--concept", "pure", "--set", "P=1/3")
    assert "parameters: P = 1/3" in out
