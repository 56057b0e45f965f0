"""Outcome regions of two-parameter slices and their symbolic boundaries."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import alliancegame as ag

u, G = sympy.symbols("u G", real=True)


def test_flagship_campaign_node_regions_and_boundaries() -> None:
    game = ag.load("russia-iran").game
    m = ag.regions(game, "u", "G", resolution=41, node="Russia after US:Campaign")
    labels = {r.label for r in m.regions}
    assert labels == {f"Russia after US:Campaign: {a}" for a in ("X", "A", "I")}
    curves = {(b.below, b.above): b.curve for b in m.boundaries}
    # Claim 5 at pi_N = 0.05: X iff u < (9.5 - 0.5 G - 4.8)/0.8; claim 3: A iff G < 9 - 0.4 u.
    assert sympy.simplify(curves[("X", "A")] - (sympy.Rational(47, 8) - 5 * G / 8)) == 0
    assert sympy.simplify(curves[("A", "I")] - (sympy.Rational(45, 2) - 5 * G / 2)) == 0
    # Each region's representative point really has that outcome.
    for r in m.regions:
        res = ag.backward_induction_batch(game, r.point)
        assert (
            f"Russia after US:Campaign: {res.choices_at()['Russia after US:Campaign']}" == r.label
        )


def test_flagship_path_regions_after_a_strike() -> None:
    """Claim 2: after a Strike Russia shares intelligence (I) except where 0.18u + 0.45G < 0.6."""
    game = ag.load("russia-iran").game
    m = ag.regions(game, "u", "G", resolution=41)
    (b,) = m.boundaries
    assert (b.player, b.below, b.above) == ("Russia", "A", "I")
    assert sympy.simplify(b.curve - (sympy.Rational(10, 3) - 5 * G / 2)) == 0
    shares = {r.label.split(" → ")[1]: r.share for r in m.regions}
    assert shares["Russia: I"] > 0.95
    # The A corner: the grid points with 0.18u + 0.45G < 0.6, apart from points on the line.
    uu, gg = np.meshgrid(m.sweep.axes["u"], m.sweep.axes["G"], indexing="ij")
    corner = 0.18 * uu + 0.45 * gg < 0.6 - 1e-9
    a_code = m.labels.index(next(r.label for r in m.regions if "Russia: A" in r.label))
    assert np.array_equal(m.codes == a_code, corner)


def test_normal_form_regions_and_plot() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    g = ag.NormalFormGame(
        [["a - 2*b", 0]],
        players=["R"],
        strategies=[["act", "wait"]],
        parameters=[ag.Parameter("a", 0, 0, 2), ag.Parameter("b", 0.5, 0.01, 1.01)],
    )
    m = ag.regions(g, "a", "b", resolution=21)
    (b,) = m.boundaries
    assert b.curve == 2 * sympy.Symbol("b", real=True)
    ax = m.plot()
    assert ax.get_xlabel() == "a"
    assert len(ax.lines) == 1
    plt.close("all")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"x": "uu", "y": "G"}, ag.UnknownNameError, "did you mean 'u'"),
        ({"x": "u", "y": "u"}, ag.GameError, "different"),
        ({"x": "u", "y": "G", "resolution": 1}, ag.GameError, "at least 2"),
        ({"x": "u", "y": "G", "node": "Russia after US:Campain"}, ag.UnknownNameError, "did you"),
        ({"x": "u", "y": "N_R"}, ag.GameError, "declared range"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type, match: str) -> None:
    game = ag.load("russia-iran").game
    with pytest.raises(error, match=match):
        ag.regions(game, **{"resolution": 5, **kwargs})
