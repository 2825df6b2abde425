"""Benchmarks for the numbers PRODUCT.md §12 promises, each printed beside its baseline.

Kept import-light on purpose: `python -m bench.crash_child` imports this package first, and
the crash bench pays that cost once per SIGKILL run.
"""
