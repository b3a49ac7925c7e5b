"""Reading matches from tables: pair lists (id_l, id_r) or cluster assignments (id, cluster_id).

Ids are compared as text with surrounding whitespace removed, so 5, "5", " 5 " and 5.0 from a
float column are one id while "05" is another: CSV readers and spreadsheets disagree about types,
and an id is a label, not a number.

When linking two tables their ids may collide (row 1 of the left table and row 1 of the right
are different records), so in link mode every id is kept under its side: `id_l` values must be
left ids and `id_r` values right ids, and an id in a cluster table must belong to exactly one side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from entitymatch.errors import InputError

PAIR_COLUMNS: tuple[str, str] = ("id_l", "id_r")
# The first of these present marks which listed pairs are matches; the others are non-matches.
MATCH_COLUMNS: tuple[str, ...] = ("is_match", "match")
# Score columns the CLI looks for when none is named: ours first, then Splink's.
SCORE_COLUMNS: tuple[str, ...] = ("score", "match_probability")

_TRUE_WORDS = frozenset({"true", "t", "yes", "y"})
_FALSE_WORDS = frozenset({"false", "f", "no", "n"})
# Link-mode keys carry their side, so left "7" and right "7" stay two records.
_LEFT_PREFIX = "l:"
_RIGHT_PREFIX = "r:"

TableKind = Literal["pairs", "clusters"]
Ids = npt.NDArray[np.object_]


@dataclass(frozen=True)
class Sides:
    """The ids of the left and right tables when linking (normalised, distinct)."""

    left: pd.Index
    right: pd.Index

    @classmethod
    def from_ids(cls, left_ids: Iterable[object], right_ids: Iterable[object]) -> Sides:
        left, right = normalise_ids(left_ids), normalise_ids(right_ids)
        for name, ids in (("left_ids", left), ("right_ids", right)):
            if (ids == "").any():
                raise InputError(f"{name} contains an empty id")
        return cls(pd.Index(pd.unique(left)), pd.Index(pd.unique(right)))

    def keys(self) -> tuple[Ids, Ids]:
        """Record keys of the left and the right table, each under its side."""
        return _prefixed(_LEFT_PREFIX, self.left.to_numpy()), _prefixed(
            _RIGHT_PREFIX, self.right.to_numpy()
        )


def sides_from(
    left_ids: Iterable[object] | None, right_ids: Iterable[object] | None
) -> Sides | None:
    """Link mode when both id sets are given, deduplication when neither is."""
    if left_ids is None and right_ids is None:
        return None
    if left_ids is None or right_ids is None:
        raise ValueError("a linkage needs both left_ids and right_ids")
    return Sides.from_ids(left_ids, right_ids)


def as_frame(value: object, name: str) -> pd.DataFrame:
    """The argument `name` as a DataFrame, or a TypeError that names it."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class PairTable:
    """Listed pairs as record keys, one element per row kept; `scores` when asked for."""

    left: Ids
    right: Ids
    scores: npt.NDArray[np.float64] | None = None


@dataclass(frozen=True)
class ClusterTable:
    """One row per record key; `clusters` is "" for a record assigned to no cluster."""

    ids: Ids
    clusters: Ids


Table = PairTable | ClusterTable


def _display_id(key: str, linked: bool) -> str:
    """The id as the user wrote it, with the link-mode side written out."""
    if linked:
        side = "left" if key.startswith(_LEFT_PREFIX) else "right"
        return f"{side} {key[len(_LEFT_PREFIX) :]!r}"
    return repr(key)


def normalise_ids(values: Iterable[object]) -> Ids:
    """Ids as stripped text; missing values (None, NaN, "") become ""."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    # Fast paths for the columns that matter at scale: text (read_table) and integers.
    if pd.api.types.is_integer_dtype(series.dtype) and not series.hasnans:
        integers: Ids = series.astype(str).to_numpy(dtype=object)
        return integers
    if pd.api.types.infer_dtype(series, skipna=False) == "string":
        texts: Ids = series.str.strip().to_numpy(dtype=object)
        return texts
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    written = np.array([*(_id_text(value) for value in uniques), ""], dtype=object)
    result: Ids = written[codes]  # the sentinel -1 picks the trailing ""
    return result


def _id_text(value: object) -> str:
    # A float column is how pandas stores integers that have a gap; 5.0 there means id 5.
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        return str(int(number)) if number.is_integer() else str(number)
    return str(value).strip()


def table_kind(
    frame: pd.DataFrame, *, id_column: str, cluster_column: str, path: str | None = None
) -> TableKind:
    """Tell a pair list from cluster assignments by their columns (a pair list wins a tie)."""
    columns = {str(column) for column in frame.columns}
    if all(column in columns for column in PAIR_COLUMNS):
        return "pairs"
    if id_column in columns and cluster_column in columns:
        return "clusters"
    missing_pairs = [column for column in PAIR_COLUMNS if column not in columns]
    missing_clusters = [column for column in (id_column, cluster_column) if column not in columns]
    found = ", ".join(map(str, frame.columns)) or "none"
    raise InputError(
        "expected a pair list or cluster assignments: missing column(s) "
        f"{', '.join(missing_pairs)} for a pair list, or {', '.join(missing_clusters)} for "
        f"cluster assignments (found: {found})",
        path=path,
    )


LineOf = Callable[[int], int | None]


@dataclass(frozen=True)
class _Source:
    """Where a table came from, so a bad row is reported at its file line when it is known."""

    frame: pd.DataFrame
    path: str | None
    line_of: LineOf | None

    def error(self, message: str, column: str, row: int) -> InputError:
        line = self.line_of(row) if self.line_of is not None else None
        if line is None:
            # Rows, not lines: without the reader's record, a quoted field may span lines.
            return InputError(f"row {row + 1}, column {column!r}: {message}", path=self.path)
        field = int(self.frame.columns.get_loc(column)) + 1
        return InputError(f"column {column!r}: {message}", path=self.path, line=line, column=field)


def parse_table(
    frame: pd.DataFrame,
    *,
    id_column: str = "id",
    cluster_column: str = "cluster_id",
    sides: Sides | None = None,
    path: str | None = None,
    line_of: LineOf | None = None,
    matches_only: bool = True,
) -> Table:
    """Read a pair list or cluster assignments into record keys, checking every row.

    `matches_only` keeps the rows a match column marks true (all rows when there is none).
    `path` and `line_of` (row position → file line) only make error messages point home.
    """
    kind = table_kind(frame, id_column=id_column, cluster_column=cluster_column, path=path)
    if kind == "pairs":
        return parse_pairs(
            frame, sides=sides, path=path, line_of=line_of, matches_only=matches_only
        )
    return _parse_clusters(id_column, cluster_column, sides, _Source(frame, path, line_of))


def parse_pairs(
    frame: pd.DataFrame,
    *,
    sides: Sides | None = None,
    path: str | None = None,
    line_of: LineOf | None = None,
    matches_only: bool = True,
    score_column: str | None = None,
) -> PairTable:
    """Read a pair list (see `parse_table`); `score_column` is read as numbers into `scores`.

    Candidate pairs and scored pairs for a curve use `matches_only=False`: every row counts.
    """
    missing = [column for column in PAIR_COLUMNS if column not in frame.columns]
    if score_column is not None and score_column not in frame.columns:
        missing.append(score_column)
    if missing:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise InputError(
            f"a pair list needs column(s) {', '.join(missing)} (found: {found})", path=path
        )
    source = _Source(frame, path, line_of)
    left, right = (_required_ids(source, column) for column in PAIR_COLUMNS)
    scores = None if score_column is None else _scores(source, score_column)
    if sides is not None:
        left = _keys_on_side(left, sides.left, _LEFT_PREFIX, "left", source, "id_l")
        right = _keys_on_side(right, sides.right, _RIGHT_PREFIX, "right", source, "id_r")
    if matches_only:
        keep = _match_mask(source)
        if keep is not None:
            left, right = left[keep], right[keep]
            scores = None if scores is None else scores[keep]
    return PairTable(left, right, scores)


def _parse_clusters(
    id_column: str, cluster_column: str, sides: Sides | None, source: _Source
) -> ClusterTable:
    ids = _required_ids(source, id_column)
    clusters = normalise_ids(source.frame[cluster_column])
    if sides is not None:
        ids = _cluster_keys_by_side(ids, sides, source, id_column)
    assigned = pd.DataFrame({"id": ids, "cluster": clusters})
    distinct = assigned.drop_duplicates()
    repeated = distinct["id"].duplicated(keep=False).to_numpy()
    if repeated.any():
        key = distinct["id"].to_numpy()[repeated][0]
        rows = np.flatnonzero(ids == key)
        other = int(rows[clusters[rows] != clusters[rows[0]]][0])
        first_line = source.line_of(int(rows[0])) if source.line_of is not None else None
        first = f"line {first_line}" if first_line is not None else f"row {rows[0] + 1}"
        raise source.error(
            f"id {_display_id(key, sides is not None)} is also at {first} with another cluster; "
            "a record belongs to one cluster",
            id_column,
            other,
        )
    return ClusterTable(distinct["id"].to_numpy(), distinct["cluster"].to_numpy())


def _required_ids(source: _Source, column: str) -> Ids:
    ids = normalise_ids(source.frame[column])
    empty = np.flatnonzero(ids == "")
    if empty.size:
        raise source.error("empty id", column, int(empty[0]))
    return ids


def _keys_on_side(
    ids: Ids, side_ids: pd.Index, prefix: str, side: str, source: _Source, column: str
) -> Ids:
    unknown = np.flatnonzero(~pd.Index(ids).isin(side_ids))
    if unknown.size:
        row = int(unknown[0])
        raise source.error(f"id {ids[row]!r} is not in the {side} table", column, row)
    return _prefixed(prefix, ids)


def _cluster_keys_by_side(ids: Ids, sides: Sides, source: _Source, column: str) -> Ids:
    index = pd.Index(ids)
    on_left, on_right = index.isin(sides.left), index.isin(sides.right)
    for bad, problem in (
        (
            on_left & on_right,
            "is in both the left and the right table, so a cluster table "
            "cannot say which record it means; give the truth as pairs (id_l, id_r)",
        ),
        (~on_left & ~on_right, "is in neither the left nor the right table"),
    ):
        rows = np.flatnonzero(bad)
        if rows.size:
            row = int(rows[0])
            raise source.error(f"id {ids[row]!r} {problem}", column, row)
    return np.where(on_left, _prefixed(_LEFT_PREFIX, ids), _prefixed(_RIGHT_PREFIX, ids))


def _prefixed(prefix: str, ids: Ids) -> Ids:
    result: Ids = (prefix + pd.Series(ids, dtype=object)).to_numpy(dtype=object)
    return result


def _scores(source: _Source, column: str) -> npt.NDArray[np.float64]:
    raw = source.frame[column]
    text = raw if pd.api.types.is_numeric_dtype(raw) else raw.astype(str).str.strip()
    scores: npt.NDArray[np.float64] = pd.to_numeric(text, errors="coerce").to_numpy(
        dtype=np.float64
    )
    bad = np.flatnonzero(np.isnan(scores))
    if bad.size:
        row = int(bad[0])
        raise source.error(f"score {raw.iloc[row]!r} is not a number", column, row)
    return scores


def _match_mask(source: _Source) -> npt.NDArray[np.bool_] | None:
    column = next((name for name in MATCH_COLUMNS if name in source.frame.columns), None)
    if column is None:
        return None
    values = source.frame[column]
    if values.dtype == bool:
        given: npt.NDArray[np.bool_] = values.to_numpy(dtype=bool)
        return given
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    meanings = [_truth_value(value) for value in uniques]
    decoded = np.array([m is True for m in meanings] + [False], dtype=bool)
    unreadable = np.array([m is None for m in meanings] + [True], dtype=bool)
    bad = np.flatnonzero(unreadable[codes])
    if bad.size:
        row = int(bad[0])
        raise source.error(
            f"{values.iloc[row]!r} is not a yes/no value (use 1/0, true/false or yes/no)",
            column,
            row,
        )
    mask: npt.NDArray[np.bool_] = decoded[codes]
    return mask


def _truth_value(value: object) -> bool | None:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return None if math.isnan(number) else number != 0
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    try:
        number = float(word)
    except ValueError:
        return None
    return None if math.isnan(number) else number != 0
