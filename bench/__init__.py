"""Benchmarks and evaluations that print figures (make eval, make bench)."""
