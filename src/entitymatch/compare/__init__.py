"""Comparison of values: names across scripts and every other field kind, in batches."""

from __future__ import annotations

from entitymatch.compare.levels import Comparator, FieldComparison, Level

__all__ = ["Comparator", "FieldComparison", "Level"]
