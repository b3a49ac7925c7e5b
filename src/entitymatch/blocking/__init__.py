"""Blocking: the candidate pairs worth comparing, without building the full pair matrix.

Rules (exact keys, cross-script name keys, sorted neighbourhood) are combined with OR by a
`Blocker`, which emits each candidate pair once, in chunks of row positions.
"""

from __future__ import annotations

from entitymatch.blocking.blocker import (
    Blocker,
    BlockingReport,
    OversizedBlockWarning,
    RuleReport,
)
from entitymatch.blocking.rules import ExactRule, NameKeyRule, Rule, SortedNeighbourhoodRule

__all__ = [
    "Blocker",
    "BlockingReport",
    "ExactRule",
    "NameKeyRule",
    "OversizedBlockWarning",
    "Rule",
    "RuleReport",
    "SortedNeighbourhoodRule",
]
