"""The benchmark suite of the public reporting API (``make bench``, docs/benchmarks.md)."""
