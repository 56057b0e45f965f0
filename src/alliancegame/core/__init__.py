"""Core layer: safe expressions, compiled kernels, errors and array helpers."""
