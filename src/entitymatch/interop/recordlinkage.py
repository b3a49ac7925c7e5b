"""entitymatch's cross-script names inside recordlinkage's pipelines.

recordlinkage compares strings with Jaro-Winkler and friends, and its `clean()` deletes every
hanzi; these two classes let its users keep their pipeline and add names across scripts:

    import recordlinkage
    from entitymatch.interop.recordlinkage import CrossScriptIndex, CrossScriptName

    pairs = CrossScriptIndex("name", kind="person").index(left, right)
    compare = recordlinkage.Compare()
    compare.add(CrossScriptName("name", "name", kind="person", label="name"))
    features = compare.compute(pairs, left, right)

`CrossScriptName` gives the comparison score in [0, 1] (or 0/1 with `method="match"`);
`CrossScriptIndex` pairs records that share a cross-script blocking key (贾扬清 and
Yangqing Jia share `jia|yq`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from recordlinkage.base import BaseCompareFeature, BaseIndexAlgorithm

from entitymatch.compare.name_fields import OrgNameComparator, PersonNameComparator
from entitymatch.names import AliasTable, name_blocking_keys
from entitymatch.names.normalized import Kind

_COMPARATORS = {"person": PersonNameComparator, "org": OrgNameComparator}


def _kind(kind: str) -> Kind:
    if kind not in _COMPARATORS:
        raise ValueError(f"kind must be 'person' or 'org', not {kind!r}")
    return "org" if kind == "org" else "person"


class CrossScriptName(BaseCompareFeature):  # type: ignore[misc]
    """Compare a name column across hanzi, pinyin, other romanisations and English.

    `method="score"` (default) returns the similarity in [0, 1]; `method="match"` returns 1.0
    where entitymatch calls the pair a match at `threshold` (the kind's default if None).
    """

    name = "cross_script_name"
    description = "Compare names of people or organisations across scripts and romanisations."

    def __init__(
        self,
        left_on: str,
        right_on: str | None = None,
        *,
        kind: str = "person",
        method: str = "score",
        threshold: float | None = None,
        aliases: AliasTable | None = None,
        missing_value: float = 0.0,
        label: str | None = None,
    ) -> None:
        super().__init__(left_on, right_on if right_on is not None else left_on, label=label)
        if method not in ("score", "match"):
            raise ValueError(f"method must be 'score' or 'match', not {method!r}")
        self.kind = _kind(kind)
        self.method = method
        self.missing_value = missing_value
        # Every pair keeps its true similarity: recordlinkage scores candidates, not random pairs.
        self._comparator = _COMPARATORS[self.kind](
            aliases=aliases, threshold=threshold, screen=False
        )

    def _compute_vectorized(self, s_left: pd.Series, s_right: pd.Series) -> pd.Series:
        left = self._comparator.prepare([_text(v) for v in s_left])
        right = self._comparator.prepare([_text(v) for v in s_right])
        index = np.arange(len(s_left), dtype=np.int64)
        result = self._comparator.compare(left, right, index, index)
        if self.method == "match":
            threshold = self._comparator.threshold
            from entitymatch.compare.names import DEFAULT_THRESHOLDS

            limit = DEFAULT_THRESHOLDS[self.kind] if threshold is None else threshold
            values = (result.similarity >= limit).astype(np.float64)
        else:
            values = result.similarity.astype(np.float64)
        values[result.levels < 0] = self.missing_value
        return pd.Series(values, index=s_left.index)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


class CrossScriptIndex(BaseIndexAlgorithm):  # type: ignore[misc]
    """Candidate pairs of records whose names share a cross-script blocking key.

    A key shared by more than `max_block_size` records (a very common surname with common
    initials) is skipped, so the index never grows quadratically; lower it for larger data.
    """

    name = "cross_script_index"
    description = "Pair records whose names could match across scripts."

    def __init__(
        self,
        left_on: str,
        right_on: str | None = None,
        *,
        kind: str = "person",
        max_block_size: int = 1000,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.left_on = left_on
        self.right_on = right_on if right_on is not None else left_on
        self.kind = _kind(kind)
        self.max_block_size = max_block_size

    def _keys(self, column: pd.Series) -> pd.DataFrame:
        keys = name_blocking_keys([_text(v) for v in column], self.kind)
        rows = np.repeat(np.arange(len(keys), dtype=np.int64), [len(k) for k in keys])
        flat = [key for row_keys in keys for key in row_keys]
        return pd.DataFrame({"row": rows, "key": flat})

    def _pairs(self, df_a: pd.DataFrame, df_b: pd.DataFrame, dedupe: bool) -> pd.MultiIndex:
        left = self._keys(df_a[self.left_on])
        right = left if dedupe else self._keys(df_b[self.right_on])
        sizes = pd.concat([left, right]).groupby("key").size()
        small = sizes[sizes <= (2 if dedupe else 1) * self.max_block_size].index
        left = left[left["key"].isin(small)]
        right = right[right["key"].isin(small)]
        joined = left.merge(right, on="key", suffixes=("_a", "_b"))[["row_a", "row_b"]]
        if dedupe:
            joined = joined[joined["row_a"] > joined["row_b"]]
        joined = joined.drop_duplicates()
        levels = [df_a.index.values, (df_a if dedupe else df_b).index.values]
        codes = [joined["row_a"].to_numpy(), joined["row_b"].to_numpy()]
        return pd.MultiIndex(levels=levels, codes=codes, verify_integrity=False)

    def _link_index(self, df_a: pd.DataFrame, df_b: pd.DataFrame) -> pd.MultiIndex:
        return self._pairs(df_a, df_b, dedupe=False)

    def _dedup_index(self, df_a: pd.DataFrame) -> pd.MultiIndex:
        return self._pairs(df_a, df_a, dedupe=True)
