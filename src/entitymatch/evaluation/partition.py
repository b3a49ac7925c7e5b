"""Records as integer codes, clusterings as label arrays, pair lists as sorted int64 keys.

Pair counts come from cluster sizes and the contingency table of two clusterings, never from
materialising every within-cluster pair: one cluster of 100,000 records implies five billion
pairs, but only its size is needed to count them.

When linking, a cluster implies only its cross-table pairs (left members × right members); two
left records in one cluster are duplicates within a table, not a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from entitymatch.errors import InputError
from entitymatch.evaluation.inputs import ClusterTable, PairTable, Sides, Table

Codes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Universe:
    """Every record the evaluation knows, coded 0..size-1, plus records known only by count.

    `is_left` marks left-table records when linking (None when deduplicating); `unseen` counts
    records no table mentions (from `n_records`): singletons on both sides.
    """

    size: int
    is_left: Mask | None
    unseen: int = 0

    @property
    def records(self) -> int:
        return self.size + self.unseen

    def possible_pairs(self) -> int:
        """All pairs a blocker could propose: n(n−1)/2, or |left|·|right| when linking."""
        if self.is_left is not None:
            left = int(np.count_nonzero(self.is_left))
            return left * (self.size - left)
        return self.records * (self.records - 1) // 2


@dataclass(frozen=True)
class Coded:
    """A parsed table with its ids replaced by record codes."""

    table: Table
    codes: tuple[Codes, ...]  # (left, right) for a pair list, (ids,) for cluster assignments


def code_tables(
    tables: Sequence[Table], sides: Sides | None, n_records: int | None = None
) -> tuple[Universe, list[Coded]]:
    """Code every id of every table in one pass.

    The records of a linkage are its two tables; of a deduplication, every id mentioned.
    """
    base = np.concatenate(sides.keys()) if sides is not None else np.array([], dtype=object)
    parts = [base]
    for table in tables:
        parts.extend(_id_arrays(table))
    codes, uniques = pd.factorize(np.concatenate(parts))
    codes = codes.astype(np.int64)
    # Factorize numbers values by first appearance, so the two tables' ids keep codes
    # 0..len(base)-1 and parsing has already rejected ids outside them.
    coded, start = [], base.size
    for table in tables:
        arrays = []
        for ids in _id_arrays(table):
            arrays.append(codes[start : start + ids.size])
            start += ids.size
        coded.append(Coded(table, tuple(arrays)))
    if sides is not None:
        return Universe(base.size, np.arange(base.size) < sides.left.size), coded
    unseen = 0
    if n_records is not None:
        if n_records < len(uniques):
            raise InputError(
                f"n_records={n_records} is fewer than the {len(uniques)} distinct ids in the inputs"
            )
        unseen = n_records - len(uniques)
    return Universe(len(uniques), None, unseen), coded


def _id_arrays(table: Table) -> tuple[npt.NDArray[np.object_], ...]:
    return (table.left, table.right) if isinstance(table, PairTable) else (table.ids,)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its clustering and, for a pair list, the pairs as listed.

    Pairwise metrics use a pair list's own pairs; cluster metrics use `labels`, the connected
    components of those pairs.
    """

    labels: Codes
    pair_keys: Codes | None

    def pair_count(self, universe: Universe) -> int:
        if self.pair_keys is not None:
            return int(self.pair_keys.size)
        return implied_pairs(self.labels, universe.is_left)


def encode(universe: Universe, coded: Coded) -> Side:
    """Labels over the universe (and pair keys for a pair list)."""
    if isinstance(coded.table, PairTable):
        first, second, _ = canonical_pairs(coded)
        keys = sorted_unique(first * universe.size + second)
        return Side(connected_components(universe.size, first, second), keys)
    return Side(cluster_labels(universe.size, coded.codes[0], coded.table), None)


def canonical_pairs(coded: Coded) -> tuple[Codes, Codes, Mask]:
    """Each listed pair as (smaller code, larger code), self-pairs dropped; the mask says which
    rows were kept, to align other columns."""
    left, right = coded.codes
    first, second = np.minimum(left, right), np.maximum(left, right)
    kept = first != second
    return first[kept], second[kept], kept


def pair_keys(universe: Universe, coded: Coded) -> Codes:
    """The distinct listed pairs of a pair list as sorted int64 keys."""
    first, second, _ = canonical_pairs(coded)
    return sorted_unique(first * universe.size + second)


def decode_pairs(universe: Universe, keys: Codes) -> tuple[Codes, Codes]:
    first, second = np.divmod(keys, universe.size)
    return first, second


def sorted_unique(values: Codes) -> Codes:
    # A sort and a comparison: much faster than np.unique's hashing on large int arrays.
    ordered = np.sort(values)
    distinct = np.ones(ordered.size, dtype=bool)
    distinct[1:] = ordered[1:] != ordered[:-1]
    result: Codes = ordered[distinct]
    return result


def cluster_labels(size: int, codes: Codes, table: ClusterTable) -> Codes:
    """A label per record; records the table leaves out, or leaves unassigned, are singletons."""
    labels = np.full(size, -1, dtype=np.int64)
    assigned = table.clusters != ""
    cluster_codes, _ = pd.factorize(table.clusters[assigned])
    labels[codes[assigned]] = cluster_codes
    alone = labels < 0
    labels[alone] = len(cluster_codes) + np.arange(np.count_nonzero(alone))
    return labels


def connected_components(size: int, first: Codes, second: Codes) -> Codes:
    """Label each record with the smallest code in its connected component.

    Vectorised hooking and pointer jumping: each round hooks every root to the smallest root it
    touches, then flattens the trees, so the number of rounds grows with log n, not with n.
    """
    parent = np.arange(size, dtype=np.int64)
    while first.size:
        root_first, root_second = parent[first], parent[second]
        apart = root_first != root_second
        if not apart.any():
            break
        first, second = first[apart], second[apart]
        low = np.minimum(root_first[apart], root_second[apart])
        high = np.maximum(root_first[apart], root_second[apart])
        # A parent is never above its child, so hooking cannot make a cycle.
        np.minimum.at(parent, high, low)
        while True:
            grandparent = parent[parent]
            if np.array_equal(grandparent, parent):
                break
            parent = grandparent
    return parent


def implied_pairs(labels: Codes, is_left: Mask | None) -> int:
    """How many pairs a clustering implies: n(n−1)/2 per cluster, or left×right when linking."""
    if labels.size == 0:
        return 0
    if is_left is None:
        sizes = np.bincount(labels)
        return int((sizes * (sizes - 1) // 2).sum())
    length = int(labels.max()) + 1
    left = np.bincount(labels[is_left], minlength=length)
    right = np.bincount(labels[~is_left], minlength=length)
    return int((left * right).sum())


@dataclass(frozen=True)
class Contingency:
    """The overlap of two clusterings: one cell per non-empty (predicted, true) intersection."""

    cell_predicted: Codes
    cell_true: Codes
    cell_size: Codes
    cell_left: Codes | None
    predicted_sizes: Codes
    true_sizes: Codes

    @classmethod
    def of(cls, predicted: Codes, true: Codes, is_left: Mask | None) -> Contingency:
        width = int(true.max()) + 1 if true.size else 1
        keys = predicted * width + true
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if keys.size else order
        cells = ordered[starts]
        sizes = np.diff(np.r_[starts, keys.size]).astype(np.int64)
        left = None
        if is_left is not None:
            left = (
                np.add.reduceat(is_left[order].astype(np.int64), starts)
                if keys.size
                else sizes.copy()
            )
        return cls(
            cells // width,
            cells % width,
            sizes,
            left,
            np.bincount(predicted).astype(np.int64),
            np.bincount(true).astype(np.int64),
        )

    def shared_pairs(self) -> int:
        """Pairs implied by both clusterings: the pairs implied within each cell."""
        if self.cell_left is None:
            return int((self.cell_size * (self.cell_size - 1) // 2).sum())
        return int((self.cell_left * (self.cell_size - self.cell_left)).sum())


def listed_hits(universe: Universe, keys: Codes, truth: Side) -> Mask:
    """Which of the listed pairs `keys` the truth also holds."""
    if truth.pair_keys is not None:
        return np.isin(keys, truth.pair_keys, assume_unique=True)
    first, second = decode_pairs(universe, keys)
    hits: Mask = truth.labels[first] == truth.labels[second]
    return hits


def shared_pairs(universe: Universe, predicted: Side, truth: Side, table: Contingency) -> int:
    """True positives: pairs both sides hold, however each side was given."""
    if predicted.pair_keys is not None:
        return int(np.count_nonzero(listed_hits(universe, predicted.pair_keys, truth)))
    if truth.pair_keys is not None:
        return int(np.count_nonzero(listed_hits(universe, truth.pair_keys, predicted)))
    return table.shared_pairs()
