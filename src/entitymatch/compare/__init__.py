"""Comparison of values: names across scripts and every other field kind, in batches."""

from __future__ import annotations

from entitymatch.compare.levels import (
    Comparator,
    ExplainedComparison,
    FieldComparison,
    KeyedComparator,
    Level,
)

__all__ = ["Comparator", "ExplainedComparison", "FieldComparison", "KeyedComparator", "Level"]
