"""Sweeps of normal-form games: batched answers equal point-by-point answers."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliancegame as ag


def crisis() -> ag.NormalFormGame:
    """Chicken with a parameterised cost of war P and a parameterised value of holding h."""
    return ag.NormalFormGame(
        [[["h", -1], [1, "-P"]], [["h", 1], [-1, "-P"]]],
        players=["US", "Iran"],
        strategies=[["Hold", "Escalate"]] * 2,
        parameters=[ag.Parameter("P", 10, 0, 20), ag.Parameter("h", 0, -5, 5)],
        title="crisis",
    )


def pointwise_labels(game: ag.NormalFormGame, P: np.ndarray, h: np.ndarray) -> list[list[str]]:
    out = []
    for p in P:
        row = []
        for hv in h:
            res = ag.pure_nash(game.at(P=float(p), h=float(hv)))
            parts = [
                ", ".join(f"{pl}: {e.support(pl)[0]}" for pl in game.players)
                for e in res.equilibria
            ]
            row.append(" | ".join(parts) if parts else "no pure equilibrium")
        out.append(row)
    return out


def test_grid_sweep_matches_pointwise_solutions() -> None:
    game = crisis()
    P = np.linspace(0, 20, 9)
    h = np.linspace(-5, 5, 7)
    sw = ag.sweep(game, P=P, h=h)
    assert sw.shape == (9, 7)
    labels = [[sw.outcome(int(c)) for c in row] for row in sw.codes]
    assert labels == pointwise_labels(game, P, h)


def test_unique_equilibrium_payoffs_and_counts() -> None:
    game = crisis()
    sw = ag.sweep(game, P=[0.0, 10.0], fixed={"h": 0.0})
    # P = 0: mutual escalation is the unique pure equilibrium, payoffs (0, 0).
    assert sw.n_equilibria.tolist() == [1, 2]
    assert sw.payoffs[0].tolist() == [0.0, 0.0]
    assert np.isnan(sw.payoffs[1]).all()


def test_points_table_and_chunking_give_identical_results() -> None:
    game = crisis()
    rng = np.random.default_rng(0)
    P = rng.uniform(0, 20, 500)
    h = rng.uniform(-5, 5, 500)
    whole = ag.sweep(game, points={"P": P, "h": h})
    chunked = ag.sweep(game, points={"P": P, "h": h}, chunk_size=37)
    assert whole.labels == chunked.labels
    assert np.array_equal(whole.codes, chunked.codes)
    assert whole.shape == (500,)


@pytest.mark.parametrize("pool", [ThreadPoolExecutor, ProcessPoolExecutor])
def test_executor_results_identical_to_serial(pool: type) -> None:
    game = crisis()
    P = np.linspace(0, 20, 41)
    h = np.linspace(-5, 5, 21)
    serial = ag.sweep(game, P=P, h=h)
    with pool(max_workers=2) as ex:
        parallel = ag.sweep(game, P=P, h=h, executor=ex, chunk_size=100)
    assert serial.labels == parallel.labels
    assert np.array_equal(serial.codes, parallel.codes)
    np.testing.assert_array_equal(serial.payoffs, parallel.payoffs)


def test_map_like_callable_executor() -> None:
    game = crisis()
    sw = ag.sweep(game, P=np.linspace(0, 20, 11), executor=map, chunk_size=3)
    assert sw.size == 11


def test_pointwise_concept_uses_solve() -> None:
    game = crisis()
    sw = ag.sweep(game, P=[10.0], concept="pure")
    assert sw.labels == ("US: Hold, Iran: Escalate | US: Escalate, Iran: Hold",)


@given(st.floats(0, 20), st.floats(-5, 5))
def test_label_at_agrees_with_solving_at_the_grid_point(p: float, hv: float) -> None:
    game = crisis()
    P = np.linspace(0, 20, 5)
    h = np.linspace(-5, 5, 5)
    sw = ag.sweep(game, P=P, h=h)
    i = int(np.argmin(np.abs(P - p)))
    j = int(np.argmin(np.abs(h - hv)))
    assert sw.label_at(P=p, h=hv) == pointwise_labels(game, P[i : i + 1], h[j : j + 1])[0][0]


def test_dataframe_long_form() -> None:
    pytest.importorskip("pandas")
    sw = ag.sweep(crisis(), P=np.linspace(0, 20, 5), h=[0.0, 1.0])
    df = sw.to_dataframe()
    assert len(df) == 10
    assert set(df.columns) >= {"P", "h", "outcome", "n_equilibria", "payoff[US]"}
    assert df.loc[0, "outcome"] == sw.outcome(int(sw.codes[0, 0]))


def test_shares_sum_to_one() -> None:
    sw = ag.sweep(crisis(), P=np.linspace(0, 20, 21))
    assert math.isclose(sum(sw.shares().values()), 1.0)
    assert "points" in repr(sw) or "grid" in repr(sw)


def test_plot_region_map_and_bands() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sw2 = ag.sweep(crisis(), P=np.linspace(0, 20, 11), h=np.linspace(-5, 5, 11))
    ax = sw2.plot()
    assert ax.get_xlabel() == "P"
    assert ax.get_ylabel() == "h"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) == {sw2.outcome(int(c)) for c in np.unique(sw2.codes)}
    sw1 = ag.sweep(crisis(), P=np.linspace(0, 20, 11))
    _fig, ax1 = plt.subplots()
    assert sw1.plot(ax=ax1) is ax1
    plt.close("all")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"PP": [1.0]}, ag.UnknownNameError, "did you mean 'P'"),
        ({"P": []}, ag.GameError, "empty"),
        ({"P": [1.0, float("nan")]}, ag.GameError, "finite"),
        ({"P": [25.0]}, ag.GameError, "outside its declared range"),
        ({"P": [[1.0, 2.0]]}, ag.GameError, "one-dimensional"),
        ({}, ag.GameError, "at least one parameter"),
    ],
)
def test_bad_axes_get_clear_errors(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        ag.sweep(crisis(), **kwargs)


def test_fixed_and_swept_conflict() -> None:
    with pytest.raises(ag.GameError, match="both swept and fixed"):
        ag.sweep(crisis(), P=[1.0], fixed={"P": 2.0})
    with pytest.raises(ag.GameError, match="same length"):
        ag.sweep(crisis(), points={"P": [1.0, 2.0], "h": [0.0]})


def test_xarray_dataset_over_the_grid() -> None:
    pytest.importorskip("xarray")
    sw = ag.sweep(crisis(), P=np.linspace(0, 20, 5), h=[0.0, 1.0])
    ds = sw.to_xarray()
    assert dict(ds.sizes) == {"P": 5, "h": 2, "player": 2}
    assert ds["code"].values.tolist() == sw.codes.tolist()
    assert ds.attrs["labels"] == list(sw.labels)
    with pytest.raises(ag.GameError, match="grid"):
        ag.sweep(crisis(), points={"P": [1.0, 2.0]}).to_xarray()


def test_equals_compares_outcomes_by_name() -> None:
    game = crisis()
    a = ag.sweep(game, P=np.linspace(0, 20, 9), h=[-1.0, 1.0])
    b = ag.sweep(game, P=np.linspace(0, 20, 9), h=[-1.0, 1.0], chunk_size=3)
    assert a.equals(b)
    # the same grid in reverse meets the outcomes in another order: codes differ, labels agree
    c = ag.sweep(game, P=np.linspace(20, 0, 9), h=[-1.0, 1.0])
    assert not a.equals(c)
    d = ag.sweep(game, P=np.linspace(0, 20, 9), h=[-1.0, 1.0], fixed={})
    assert a.equals(d)
    e = ag.sweep(game, P=np.linspace(0, 20, 9), h=[-1.0, 2.0])
    assert not a.equals(e)
    assert not a.equals("a sweep")


def test_tree_choices_in_tables() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("xarray")
    scenario = ag.load("russia-iran")
    sw = ag.sweep(scenario, u=np.linspace(0, 10, 3), G=np.linspace(0, 10, 2))
    assert sw.equals(ag.sweep(scenario, u=np.linspace(0, 10, 3), G=np.linspace(0, 10, 2)))
    df = sw.to_dataframe()
    column = "choice[Russia @ Russia after US:Campaign]"
    assert column in df.columns
    r = sw.decision_nodes.index("Russia @ Russia after US:Campaign")
    for k in range(len(df)):
        i, j = np.unravel_index(k, sw.shape)
        assert df.loc[k, column] == sw.decision_actions[r][int(sw.choices[i, j, r])]
    ds = sw.to_xarray()
    picked = ds["choice"].sel(decision="Russia @ Russia after US:Campaign").values
    assert np.array_equal(picked, sw.choices[..., r])
    assert ds.attrs["actions"]["US @ US at root"] == ["Hold", "Strike", "Campaign"]


class _FlakyExecutor(ThreadPoolExecutor):
    """An executor whose futures fail for the chunks listed, as a dying worker's would."""

    def __init__(self, failing: set[int]) -> None:
        super().__init__(max_workers=2)
        self.failing = failing

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        task = args[0]
        if task.start in self.failing:

            def lost(*_: object, **__: object) -> None:
                raise ConnectionError("worker lost")

            return super().submit(lost)
        return super().submit(fn, *args, **kwargs)


def test_executor_failures_keep_the_finished_chunks() -> None:
    game = crisis()
    P = np.linspace(0, 20, 12)
    serial = ag.sweep(game, P=P)
    with _FlakyExecutor({4}) as pool, pytest.warns(ag.AllianceGameWarning, match="4:8"):
        sw = ag.sweep(game, P=P, executor=pool, chunk_size=4)
    assert [(f.start, f.stop) for f in sw.failures] == [(4, 8)]
    assert "ConnectionError: worker lost" in sw.failures[0].error
    assert (sw.codes[4:8] == -1).all()
    labels = np.array([serial.outcome(int(c)) for c in serial.codes])
    kept = np.array([sw.outcome(int(c)) for c in sw.codes])
    assert (kept[:4] == labels[:4]).all()
    assert (kept[8:] == labels[8:]).all()


def test_executor_failing_everywhere_raises() -> None:
    with (
        _FlakyExecutor({0, 4, 8}) as pool,
        pytest.raises(ConnectionError, match="worker lost"),
    ):
        ag.sweep(crisis(), P=np.linspace(0, 20, 12), executor=pool, chunk_size=4)
