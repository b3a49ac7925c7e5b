"""An OR of blocking rules that emits every candidate pair once, in chunks of row positions.

The full pair matrix is never built: each rule generates its own pairs chunk by chunk, and a
pair is dropped from rule k when an earlier rule also produces it (checked per pair, on integer
keys). Blocks larger than a rule's limit are skipped with a warning that gives the count
(name-key blocks are split by more of the given name first, see `NameKeyRule`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from entitymatch import parallel
from entitymatch.blocking.rules import CompiledRule, IntArray, OversizedBlocks, Pairs, Rule

DEFAULT_CHUNK_SIZE = 1_000_000
MAX_RULES = 62  # rule memberships are bits of one int64

T = TypeVar("T")


class OversizedBlockWarning(UserWarning):
    """A blocking key was shared by too many records; their pairs were not generated."""


@dataclass
class RuleReport:
    """What one rule produced: all its pairs, and the ones no earlier rule had produced."""

    name: str
    pairs: int = 0
    new_pairs: int = 0
    oversized: OversizedBlocks = field(default_factory=OversizedBlocks)


@dataclass
class BlockingReport:
    """Candidate pairs per rule, for the summary printed before scoring."""

    rules: list[RuleReport]
    records: int = 0

    @property
    def total(self) -> int:
        """Candidate pairs over all rules, each pair counted once."""
        return sum(r.new_pairs for r in self.rules)

    @property
    def counts(self) -> dict[str, int]:
        """New candidate pairs by rule name, in rule order."""
        return {r.name: r.new_pairs for r in self.rules}

    def summary(self) -> str:
        """One line: the total and each rule's share."""
        parts = []
        for i, r in enumerate(self.rules):
            text = f"{r.name}: {r.new_pairs:,}"
            if i and r.pairs != r.new_pairs:
                text += f" new of {r.pairs:,}"
            if r.oversized.split:
                text += f", {r.oversized.split:,} big blocks split by a finer key"
            parts.append(text)
        return f"{self.total:,} candidate pairs from {self.records:,} records ({'; '.join(parts)})"


class Blocker:
    """Generates the candidate pairs of an OR of rules, each pair once, in bounded chunks.

    `pairs(df)` deduplicates one table: pairs (i, j) with i < j. `pairs(left, right)` links two
    tables: pairs (left row, right row). Positions are 0-based row numbers. After iterating,
    `report` holds the pair counts per rule. With `jobs` > 1, big tables compile their rules
    (keys, blocks) in forked processes at once (`entitymatch.parallel`).
    """

    def __init__(
        self, rules: Sequence[Rule], *, chunk_size: int = DEFAULT_CHUNK_SIZE, jobs: int = 1
    ) -> None:
        if not rules:
            raise ValueError("give at least one blocking rule")
        if chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        if len(rules) > MAX_RULES:
            raise ValueError(f"at most {MAX_RULES} blocking rules")
        self.rules = list(rules)
        self.chunk_size = chunk_size
        self.jobs = jobs
        self.report = BlockingReport([RuleReport(r.label) for r in self.rules])
        self._compiled: list[CompiledRule] = []
        self._frames: list[pd.DataFrame] = []  # the tables the rules were compiled for

    def compile(
        self,
        left: pd.DataFrame,
        right: pd.DataFrame | None = None,
        *,
        alongside: Sequence[Callable[[], T]] = (),
        alongside_items: int = 0,
    ) -> list[T]:
        """Compile every rule (keys and blocks) for `pairs` on these tables; warn about blocks
        too big to pair. With `jobs` > 1 and big tables, in forked processes, which also take
        `alongside`: other work that needs no blocking (the engine's u sample, of
        `alongside_items` pairs, counted with the records to decide whether forking pays), each
        part taken by whichever process is free first. Returns what `alongside` returned."""
        frames = [left] if right is None else [left, right]
        records = sum(len(f) for f in frames)
        jobs = parallel.processes_for(records + alongside_items, self.jobs)
        n_rules = len(self.rules)

        def part(k: int) -> Any:
            return self.rules[k].compile(frames) if k < n_rules else alongside[k - n_rules]()

        done = parallel.map_as_free(part, n_rules + len(alongside), jobs)
        compiled: list[CompiledRule] = done[:n_rules]
        self._compiled, self._frames = compiled, frames
        for c in compiled:
            if c.oversized.blocks:
                o = c.oversized
                warnings.warn(
                    OversizedBlockWarning(
                        f"blocking rule '{c.name}': skipped {o.blocks:,} block(s) of more than "
                        f"{o.limit:,} records "
                        f"(largest {o.largest:,}; {o.records:,} records, {o.pairs_avoided:,} "
                        "pairs); add a rule that splits them"
                    ),
                    stacklevel=3,
                )
        return done[n_rules:]

    def pairs(self, left: pd.DataFrame, right: pd.DataFrame | None = None) -> Iterator[Pairs]:
        """Candidate pairs in chunks of (left positions, right positions); the rules are
        compiled first unless `compile` was just called on these very tables (once: a later
        call compiles afresh, in case the tables changed in place)."""
        frames = [left] if right is None else [left, right]
        n_left = len(left)
        same = len(frames) == len(self._frames) and all(
            a is b for a, b in zip(frames, self._frames, strict=True)
        )
        if not same:
            self.compile(left, right)
        self._frames = []
        compiled = self._compiled
        self.report = BlockingReport(
            [RuleReport(c.name, oversized=c.oversized) for c in compiled],
            records=sum(len(f) for f in frames),
        )
        for k, rule in enumerate(compiled):
            report = self.report.rules[k]
            for a, b in rule.generate(self.chunk_size):
                report.pairs += int(a.size)
                keep = np.ones(a.size, dtype=bool)
                for earlier in compiled[:k]:
                    keep &= ~earlier.produces(a, b)
                a, b = a[keep], b[keep]
                report.new_pairs += int(a.size)
                if a.size:
                    yield a, (b if right is None else b - n_left)

    def memberships(self, left: IntArray, right: IntArray) -> IntArray:
        """For pairs in the joint numbering (right rows after the left ones when linking), a
        bit mask per pair: bit k is set when rule k produces the pair. Valid once `pairs` has
        started."""
        if not self._compiled:
            raise ValueError("call pairs() first")
        bits = np.zeros(left.size, dtype=np.int64)
        for k, rule in enumerate(self._compiled):
            bits |= rule.produces(left, right).astype(np.int64) << k
        return bits

    def collect(
        self, left: pd.DataFrame, right: pd.DataFrame | None = None
    ) -> tuple[IntArray, IntArray]:
        """All candidate pairs at once, as two int64 arrays (for small inputs and tests)."""
        chunks = list(self.pairs(left, right))
        if not chunks:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return (
            np.concatenate([a for a, _ in chunks]),
            np.concatenate([b for _, b in chunks]),
        )
