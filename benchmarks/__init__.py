"""Benchmarks and the scripts that build the fixtures and the record generator's name lists."""
