"""Integer blocking keys from columns of text: one key, several keys, or a sort rank per record.

Every string is normalised once per distinct value (pandas factorize first), so a column of a
million rows with a few thousand distinct values costs a few thousand clean-ups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from entitymatch.names import name_blocking_keys
from entitymatch.names.keys import GivenDetail
from entitymatch.names.normalized import NormalizedName
from entitymatch.text import clean_text, fold_case

IntArray = npt.NDArray[np.int64]


def normalised_codes(values: pd.Series, prefix: int = 0) -> IntArray:
    """Codes of the cleaned, case-folded (and, with `prefix`, truncated) values; -1 if missing."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    forms = [_normalise(v, prefix) for v in uniques]
    form_codes, _ = pd.factorize(pd.Series(forms, dtype=object), use_na_sentinel=True)
    form_codes = np.append(form_codes.astype(np.int64), -1)  # index -1 → missing
    out: IntArray = form_codes[codes]
    return out


def _normalise(value: object, prefix: int) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = fold_case(clean_text(str(value)))
    if prefix:
        text = text[:prefix]
    return text or None


def combined_codes(columns: Sequence[IntArray]) -> IntArray:
    """One code per record for the tuple of per-column codes; -1 if any column is missing."""
    codes = columns[0].copy()
    for other in columns[1:]:
        missing = (codes < 0) | (other < 0)
        width = np.int64(other.max() + 1 if other.size else 1)
        joined = np.where(missing, -1, codes * width + other)
        # Re-encode after each column so the product of widths never overflows.
        codes, _ = pd.factorize(joined)
        codes = codes.astype(np.int64)
        codes[missing] = -1
    out: IntArray = codes
    return out


def sort_ranks(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> IntArray:
    """Each record's place when all records are sorted by the normalised columns; -1 if empty.

    Records are numbered across `frames` in order (left table first in a link). A record sorts
    by its first column, then its second, and so on (missing parts first); ties keep the
    records' order. A record missing every column has no place.
    """
    sorted_codes = []
    for column in columns:
        values = pd.concat([f[column] for f in frames], ignore_index=True)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        forms = pd.Series([_normalise(v, 0) for v in uniques], dtype=object)
        # Codes that follow the alphabetical order of the normalised forms.
        form_codes, _ = pd.factorize(forms, sort=True, use_na_sentinel=True)
        sorted_codes.append(np.append(form_codes.astype(np.int64), -1)[codes])
    present = np.logical_or.reduce([c >= 0 for c in sorted_codes])
    valid = np.flatnonzero(present)
    order = valid[np.lexsort([c[valid] for c in reversed(sorted_codes)])]
    ranks = np.full(len(present), -1, dtype=np.int64)
    ranks[order] = np.arange(len(order), dtype=np.int64)
    return ranks


def name_key_postings(
    values: pd.Series,
    kind: str,
    given: GivenDetail = "initials",
    known: Mapping[str, NormalizedName] | None = None,
) -> IntArray:
    """(record, key code) postings, shape (m, 2), for the cross-script name keys of each value;
    `name_blocking_keys` runs once per distinct value (with `known`, its names by text)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [None if _is_missing(v) else str(v) for v in uniques]
    # Each value's keys come listed once (`blocking_keys` drops repeats).
    keys_per_unique = name_blocking_keys(texts, kind, given, known)
    flat = [k for keys in keys_per_unique for k in keys]
    counts = np.array([len(keys) for keys in keys_per_unique], dtype=np.int64)
    key_codes, _ = pd.factorize(pd.Series(flat, dtype=object))
    key_codes = key_codes.astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if counts.size else counts

    records = np.flatnonzero(codes >= 0)
    unique_of_record = codes[records]
    per_record = counts[unique_of_record]
    rows = np.repeat(records, per_record)
    offsets = np.repeat(starts[unique_of_record], per_record) + ragged_arange(per_record)
    postings: IntArray = np.stack([rows.astype(np.int64), key_codes[offsets]], axis=1)
    return postings


def combined_postings(first: IntArray, second: IntArray) -> IntArray:
    """Postings whose keys are pairs of keys, one from each, of the same record: records meet
    when they share a key in both."""
    if not first.size or not second.size:
        return np.zeros((0, 2), dtype=np.int64)
    # Each posting of `first` is repeated once per posting of `second` on its record (a join
    # on the record by sorting, lighter than a DataFrame merge on a million records).
    second = second[np.argsort(second[:, 0], kind="stable")]
    n_records = int(max(first[:, 0].max(), second[:, 0].max())) + 1
    per_record = np.bincount(second[:, 0], minlength=n_records)
    starts = np.cumsum(per_record) - per_record
    repeats = per_record[first[:, 0]]
    rows = np.repeat(np.arange(len(first), dtype=np.int64), repeats)
    partners = np.repeat(starts[first[:, 0]], repeats) + ragged_arange(repeats)
    width = np.int64(second[:, 1].max() + 1)
    codes, _ = pd.factorize(first[rows, 1] * width + second[partners, 1])
    out: IntArray = np.stack([first[rows, 0], codes.astype(np.int64)], axis=1)
    return out


def oversized_keys(postings: IntArray, limit: int) -> npt.NDArray[np.bool_]:
    """Per key code, whether more than `limit` records hold it."""
    keys = postings[:, 1]
    sizes = np.bincount(keys) if keys.size else np.zeros(0, dtype=np.int64)
    out: npt.NDArray[np.bool_] = sizes > limit
    return out


def split_postings(postings: IntArray, big: npt.NDArray[np.bool_], finer: IntArray) -> IntArray:
    """Postings whose `big` blocks are split by a finer key: the records of such a block meet
    only when they also share one of their `finer` keys."""
    inside = big[postings[:, 1]]
    split = combined_postings(postings[inside], finer)
    split[:, 1] += big.size  # new keys after the old ones
    return np.concatenate([postings[~inside], split])


def _is_missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return True
    return not str(value).strip()


def ragged_arange(counts: IntArray) -> IntArray:
    """Concatenated ranges 0..c-1 for each count c, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    return np.arange(total, dtype=np.int64) - np.repeat(ends - counts, counts)
