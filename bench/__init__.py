"""Benchmarks of the marsad pipeline on the shared corpus (`python -m bench`)."""
