"""Solvers layer: pure functions from numeric games to verified results."""
