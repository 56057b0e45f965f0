"""A sweep on a real dask.distributed LocalCluster gives the serial answer, point for point."""

from __future__ import annotations

import numpy as np
import pytest

import alliancegame as ag

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")


def test_flagship_sweep_on_a_local_cluster_matches_the_serial_run() -> None:
    game = ag.load("russia-iran").game
    u = np.linspace(0, 10, 31)
    G = np.linspace(0, 10, 21)
    serial = ag.sweep(game, u=u, G=G)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        parallel = ag.sweep(game, u=u, G=G, executor=client.get_executor(), chunk_size=97)
    assert parallel.labels == serial.labels
    np.testing.assert_array_equal(parallel.codes, serial.codes)
    np.testing.assert_array_equal(parallel.choices, serial.choices)
    np.testing.assert_array_equal(parallel.payoffs, serial.payoffs)
