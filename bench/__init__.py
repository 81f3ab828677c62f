"""Benchmarks at community scale (``make bench``; never part of ``make test``). See docs/performance.md."""
