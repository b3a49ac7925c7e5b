"""Blocking rules: which pairs of records are worth comparing.

A rule is compiled against the records (one table, or the left and right tables of a link,
numbered left first) into integer arrays. A compiled rule can then (1) generate its pairs in
chunks of row positions and (2) say, vectorised, whether it produces given pairs — which is how
an OR of rules emits each pair once: rule k drops the pairs an earlier rule already produced.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import InitVar, dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from entitymatch.blocking.keys import (
    combined_codes,
    combined_postings,
    name_key_postings,
    normalised_codes,
    oversized_keys,
    ragged_arange,
    sort_ranks,
    split_postings,
)
from entitymatch.names.keys import GivenDetail
from entitymatch.names.normalized import NormalizedName

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Pairs = tuple[IntArray, IntArray]

DEFAULT_MAX_BLOCK_SIZE = 1000


@dataclass(frozen=True)
class ExactRule:
    """Records that share the cleaned, case-folded value of every column are candidates.

    `prefix` keeps the first N characters of each column's value (0 keeps all): prefix (0, 4)
    on (surname, date_of_birth) blocks on surname and year of birth. `known`: codes a column
    already has, one per record in the joint numbering (-1 missing), used in place of its
    cleaned text when not truncated (the engine's: phone numbers by their last eight digits,
    so that 195-3004-9026 meets 19530049026).
    """

    columns: tuple[str, ...]
    prefix: tuple[int, ...] = ()
    name: str = ""
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE
    known: Mapping[str, IntArray] = field(default_factory=dict, repr=False, compare=False)

    def compile(self, frames: Sequence[pd.DataFrame]) -> CompiledRule:
        prefix = self.prefix or (0,) * len(self.columns)
        if len(prefix) != len(self.columns):
            raise ValueError("give one prefix per column")
        n_records = sum(len(f) for f in frames)
        per_column = [
            self.known[column]
            if p == 0 and column in self.known and len(self.known[column]) == n_records
            else normalised_codes(_concat(frames, column), p)
            for column, p in zip(self.columns, prefix, strict=True)
        ]
        codes = combined_codes(per_column)
        records = np.flatnonzero(codes >= 0)
        postings = np.stack([records, codes[records]], axis=1)
        return KeyRule(self.label, self.max_block_size, _sides(frames), postings, len(codes))

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        prefix = self.prefix or (0,) * len(self.columns)
        return "+".join(f"{c}[:{p}]" if p else c for c, p in zip(self.columns, prefix, strict=True))


@dataclass(frozen=True)
class NameKeyRule:
    """Records whose names share a cross-script blocking key are candidates (王伟 meets Wang Wei).

    `kind` is "person_name" or "org_name"; keys come from `entitymatch.names.name_blocking_keys`,
    with `given` ("initials", "full" or "none") saying how much of a person's given name they
    hold. `also` adds further name columns as (column, kind): records must then share a key in
    every column (the same company and the same surname), which keeps blocks small. A block
    of more than `max_block_size` records is split by more of the given name (initials, then
    the whole given name) before it is skipped, so blocks stay small as a table grows.
    `known`: names already normalised, by kind and text (the engine's, from comparing), so
    that a million distinct names are not normalised again.
    """

    column: str
    kind: str = "person_name"
    name: str = ""
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE
    given: GivenDetail = "initials"
    also: tuple[tuple[str, str], ...] = ()
    known: Mapping[str, Mapping[str, NormalizedName]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def compile(self, frames: Sequence[pd.DataFrame]) -> CompiledRule:
        columns = [(_concat(frames, c), k) for c, k in ((self.column, self.kind), *self.also)]
        postings = self._postings(*columns[0], self.given)
        for values, kind in columns[1:]:
            postings = combined_postings(postings, self._postings(values, kind, self.given))
        people = [values for values, kind in columns if kind == "person_name"]
        split = 0
        detail: GivenDetail = self.given
        # A block too big to compare whole is split by more of the given name before any is
        # skipped: at a big company, colleagues surnamed Wang meet when their initials agree.
        while people and detail in _FINER:
            big = oversized_keys(postings, self.max_block_size)
            if not big.any():
                break
            detail = _FINER[detail]
            inside = np.unique(postings[big[postings[:, 1]], 0])
            finer = self._subset_postings(people[0], inside, detail)
            for values in people[1:]:
                finer = combined_postings(finer, self._subset_postings(values, inside, detail))
            postings = split_postings(postings, big, finer)
            split += int(big.sum())
        n_records = sum(len(f) for f in frames)
        rule = KeyRule(self.label, self.max_block_size, _sides(frames), postings, n_records)
        rule.oversized.split = split
        return rule

    def _postings(self, values: pd.Series, kind: str, given: GivenDetail) -> IntArray:
        return name_key_postings(values, kind, given, self.known.get(kind))

    def _subset_postings(
        self, values: pd.Series, records: IntArray, given: GivenDetail
    ) -> IntArray:
        """Person-name key postings of some records only (positions in `values`)."""
        subset = values.iloc[records].reset_index(drop=True)
        postings = self._postings(subset, "person_name", given)
        postings[:, 0] = records[postings[:, 0]]
        return postings

    @property
    def label(self) -> str:
        columns = "+".join([self.column, *(c for c, _ in self.also)])
        detail = "" if self.given == "initials" else f", given={self.given}"
        return self.name or f"name_keys({columns}{detail})"


@dataclass(frozen=True)
class SortedNeighbourhoodRule:
    """Records fewer than `window` places apart in the order of the sort columns are candidates.

    It catches typos a shared key misses (smith / smyth sort next to each other) at a cost that
    grows linearly with the number of records.
    """

    columns: tuple[str, ...]
    window: int = 5
    name: str = ""

    def compile(self, frames: Sequence[pd.DataFrame]) -> CompiledRule:
        if self.window < 2:
            raise ValueError("the window must hold at least two records")
        ranks = sort_ranks(frames, self.columns)
        return NeighbourhoodRule(self.label, _sides(frames), ranks, self.window)

    @property
    def label(self) -> str:
        return self.name or f"sorted_neighbourhood({'+'.join(self.columns)}, {self.window})"


Rule = ExactRule | NameKeyRule | SortedNeighbourhoodRule
_FINER: dict[str, GivenDetail] = {"none": "initials", "initials": "full"}


def _concat(frames: Sequence[pd.DataFrame], column: str) -> pd.Series:
    return pd.concat(
        [pd.Series(f[column].to_numpy(dtype=object)) for f in frames], ignore_index=True
    )


@dataclass(frozen=True)
class _Sides:
    """Where the right table starts in the record numbering (None when deduplicating)."""

    n_left: int
    n_right: int | None

    @property
    def link(self) -> bool:
        return self.n_right is not None


def _sides(frames: Sequence[pd.DataFrame]) -> _Sides:
    if len(frames) == 1:
        return _Sides(len(frames[0]), None)
    if len(frames) == 2:
        return _Sides(len(frames[0]), len(frames[1]))
    raise ValueError("blocking takes one table (dedupe) or two (link)")


@dataclass
class OversizedBlocks:
    """Blocks a rule skipped because more than its limit of records share the key, and how
    many it split by a finer key first (name keys: more of the given name)."""

    limit: int = 0
    blocks: int = 0
    records: int = 0
    pairs_avoided: int = 0
    largest: int = 0
    split: int = 0


class CompiledRule(ABC):
    """A rule bound to the records: generates its pairs and recognises them."""

    name: str
    sides: _Sides
    oversized: OversizedBlocks

    @abstractmethod
    def generate(self, chunk_size: int) -> Iterator[Pairs]:
        """The rule's pairs in chunks, as record positions (left < right when deduplicating)."""

    @abstractmethod
    def produces(self, left: IntArray, right: IntArray) -> BoolArray:
        """Whether this rule generates each pair (record positions in the joint numbering)."""

    @abstractmethod
    def raw_pair_count(self) -> int:
        """How many pairs the rule generates on its own, without materialising them."""


@dataclass
class KeyRule(CompiledRule):
    """Pairs of records that share a key; a record may hold several keys."""

    name: str
    max_block_size: int
    sides: _Sides
    postings: InitVar[IntArray]  # (m, 2): record, key; kept sorted and indexed, not as given
    n_records: int
    oversized: OversizedBlocks = field(default_factory=OversizedBlocks)

    def __post_init__(self, postings: IntArray) -> None:
        records, keys = postings[:, 0], postings[:, 1]
        is_right = records >= self.sides.n_left
        n_keys = int(keys.max()) + 1 if keys.size else 0
        sizes = np.bincount(keys, minlength=n_keys)
        too_big = sizes > self.max_block_size
        if self.sides.link:
            lefts = np.bincount(keys[~is_right], minlength=n_keys)
            rights = sizes - lefts
            pairs_per_key = lefts * rights
        else:
            pairs_per_key = sizes * (sizes - 1) // 2
        self.oversized = OversizedBlocks(
            limit=self.max_block_size,
            blocks=int(too_big.sum()),
            records=int(sizes[too_big].sum()),
            pairs_avoided=int(pairs_per_key[too_big].sum()),
            largest=int(sizes[too_big].max()) if too_big.any() else 0,
        )
        self._pair_count = int(pairs_per_key[~too_big].sum())
        # A key held by one record (most keys of whole given names), by one side of a link,
        # or skipped as oversized pairs nothing: only the others are kept, sorted and indexed.
        self._valid_key = (pairs_per_key > 0) & ~too_big
        keep = self._valid_key[keys]
        records, keys, is_right = records[keep], keys[keep], is_right[keep]
        # Sorted by key, then side (left first), then record: groups are contiguous.
        order = np.lexsort((records, is_right, keys))
        self._records = records[order]
        self._keys = keys[order]
        self._right = is_right[order]
        self._build_key_matrix(records, keys)

    def _build_key_matrix(self, records: IntArray, keys: IntArray) -> None:
        # Records by keys, sparse (a record of a combined rule may hold dozens of keys), for
        # `produces`; only the keys `generate` uses, so that the two agree.
        n_keys = int(self._valid_key.size)
        self._matrix = sparse.csr_matrix(
            (np.ones(records.size, dtype=np.int8), (records, keys)),
            shape=(self.n_records, max(n_keys, 1)),
        )
        self._matrix.sum_duplicates()
        self._matrix.data[:] = 1
        # Each record's smallest key (-1 without one): where most pairs are kept (`_emit`).
        self._matrix.sort_indices()
        self._first_key = np.full(self.n_records, -1, dtype=np.int64)
        held = np.flatnonzero(np.diff(self._matrix.indptr))
        self._first_key[held] = self._matrix.indices[self._matrix.indptr[held]]

    def _shared(self, left: IntArray, right: IntArray) -> sparse.csr_matrix:
        """Per pair, the keys both records hold (a sparse row per pair)."""
        shared: sparse.csr_matrix = self._matrix[left].multiply(self._matrix[right]).tocsr()
        return shared

    def raw_pair_count(self) -> int:
        return self._pair_count

    def generate(self, chunk_size: int) -> Iterator[Pairs]:
        keys = self._keys
        if keys.size == 0:
            return
        boundaries = np.flatnonzero(np.diff(keys)) + 1
        starts = np.concatenate([[0], boundaries]).astype(np.int64)
        sizes = np.diff(np.concatenate([starts, [keys.size]])).astype(np.int64)
        group = np.repeat(np.arange(starts.size), sizes)
        local = np.arange(keys.size, dtype=np.int64) - starts[group]
        usable = self._valid_key[keys[starts]][group]
        if self.sides.link:
            n_left = np.add.reduceat((~self._right).astype(np.int64), starts)
            n_right = sizes - n_left
            # A left member pairs with every right member of its group.
            count = np.where(self._right, 0, n_right[group])
            partner = starts[group] + n_left[group]
        else:
            count = sizes[group] - 1 - local
            partner = np.arange(keys.size, dtype=np.int64) + 1
        count = np.where(usable, count, 0)
        yield from self._emit(count, partner, chunk_size)

    def _emit(self, count: IntArray, partner: IntArray, chunk_size: int) -> Iterator[Pairs]:
        ends = np.cumsum(count)
        total = int(ends[-1]) if ends.size else 0
        begin = 0
        done = 0
        while done < total:
            stop = int(np.searchsorted(ends, done + chunk_size, side="right"))
            stop = max(stop, begin + 1)
            c = count[begin:stop]
            here = np.repeat(np.arange(begin, stop, dtype=np.int64), c)
            there = np.repeat(partner[begin:stop], c) + ragged_arange(c)
            left, right = self._records[here], self._records[there]
            keep = self._at_smallest_shared(left, right, self._keys[here])
            left, right = left[keep], right[keep]
            done = int(ends[stop - 1])
            begin = stop
            if left.size:
                yield left, right

    def produces(self, left: IntArray, right: IntArray) -> BoolArray:
        out: BoolArray = np.asarray(self._shared(left, right).getnnz(axis=1)) > 0
        return out

    def _at_smallest_shared(self, left: IntArray, right: IntArray, key: IntArray) -> BoolArray:
        """Whether `key` is the smallest key each pair shares: a pair sharing several keys is
        generated once per key and kept at the smallest. It is where the key is either record's
        first; records whose first keys agree share a smaller one. Only the other pairs (a
        tenth, at most) need their shared keys found."""
        first_left, first_right = self._first_key[left], self._first_key[right]
        keep: BoolArray = (key == first_left) | (key == first_right)
        unsure = np.flatnonzero(~keep & (first_left != first_right))
        keep[unsure] = self._smallest_shared(left[unsure], right[unsure]) == key[unsure]
        return keep

    def _smallest_shared(self, left: IntArray, right: IntArray) -> IntArray:
        shared = self._shared(left, right)
        shared.sort_indices()
        # Every generated pair shares the key it came from, so no row is empty.
        smallest: IntArray = shared.indices[shared.indptr[:-1]].astype(np.int64)
        return smallest


@dataclass
class NeighbourhoodRule(CompiledRule):
    """Pairs of records close in a sort order."""

    name: str
    sides: _Sides
    ranks: IntArray
    window: int
    oversized: OversizedBlocks = field(default_factory=OversizedBlocks)

    def __post_init__(self) -> None:
        valid = np.flatnonzero(self.ranks >= 0)
        self._order = valid[np.argsort(self.ranks[valid])]

    def raw_pair_count(self) -> int:
        order = self._order
        if not self.sides.link:
            return int(sum(max(order.size - d, 0) for d in range(1, self.window)))
        is_right = order >= self.sides.n_left
        return int(sum(int((is_right[:-d] != is_right[d:]).sum()) for d in range(1, self.window)))

    def generate(self, chunk_size: int) -> Iterator[Pairs]:
        order = self._order
        n_left = self.sides.n_left
        for d in range(1, self.window):
            for begin in range(0, max(order.size - d, 0), chunk_size):
                a = order[begin : begin + chunk_size]
                b = order[begin + d : begin + d + chunk_size]
                a = a[: b.size]
                if self.sides.link:
                    cross = (a >= n_left) != (b >= n_left)
                    a, b = a[cross], b[cross]
                left, right = np.minimum(a, b), np.maximum(a, b)
                if left.size:
                    yield left, right

    def produces(self, left: IntArray, right: IntArray) -> BoolArray:
        a, b = self.ranks[left], self.ranks[right]
        near: BoolArray = (a >= 0) & (b >= 0) & (np.abs(a - b) < self.window)
        return near
