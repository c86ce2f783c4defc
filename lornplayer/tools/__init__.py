"""Developer scripts: benchmarks, evaluation, demo audio generation (run with python -m)."""
