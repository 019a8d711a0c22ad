"""Benchmark helpers: synthetic threads at scale and timings of the query functions (no CLI here)."""
