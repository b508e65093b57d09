"""Benchmarks: a synthetic corpus generator and a runner that times every stage.

    .venv/bin/python -m benchmarks.run        # or `make bench`; writes benchmarks/RESULTS.md

Not part of `make test` (tests/test_bench.py only smoke-tests the generator).
"""
