"""Benchmarks of the build and the preview: `make bench` (bench.py), `make bench-preview` (preview.py)."""
