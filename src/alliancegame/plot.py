"""Plots for people: thin wrappers over the analysis layer's figures (matplotlib, optional).

Every function takes an optional ``ax`` and returns the ``ax`` it drew on.
"""

from __future__ import annotations

from .analysis.figures import plot_qre, plot_regions, plot_sweep, plot_tornado, plot_tree

__all__ = ["plot_qre", "plot_regions", "plot_sweep", "plot_tornado", "plot_tree"]
