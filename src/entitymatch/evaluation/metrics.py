"""Match quality: pairwise and B-cubed precision, recall and F1, cluster counts, blocking figures.

Conventions, so two reports can be compared:
- Pairs are unordered ((a, b) is (b, a)) and self-pairs are ignored. Pairwise metrics use a pair
  list's own pairs and a cluster table's within-cluster pairs; cluster and B-cubed metrics use a
  pair list's connected components.
- A ratio whose denominator is zero (precision with no predicted pairs, recall with no true
  pairs, reduction ratio with no possible pairs) is `zero_division`, 0.0 unless asked otherwise,
  as scikit-learn's `zero_division` (its default warns and returns 0.0). F1 is
  2·TP / (2·TP + FP + FN), so it is 0.0 when one side has pairs and the other has none, and
  `zero_division` only when neither has any.
- B-cubed averages over every record known: ids in either input (and the candidates), the two
  tables when linking, plus `n_records` beyond those. Records that are singletons on both sides
  score 1.0, so give cluster assignments covering every record (or `n_records`) for the figure
  a paper would print; two bare pair lists measure only the records they mention.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from entitymatch.evaluation.inputs import (
    PairTable,
    Sides,
    Table,
    as_frame,
    parse_pairs,
    parse_table,
    sides_from,
)
from entitymatch.evaluation.partition import (
    Contingency,
    code_tables,
    encode,
    listed_hits,
    pair_keys,
    shared_pairs,
)


@dataclass(frozen=True)
class EvaluationReport:
    """How well predicted matches agree with the truth; see the module docstring for conventions.

    - `precision`, `recall`, `f1` and the counts under them: pairwise, over unordered pairs.
    - `bcubed_*`: per record, the share of its predicted cluster that is truly its entity
      (precision) and of its true entity that it was clustered with (recall), averaged.
    - `exact_clusters`: predicted clusters whose members are exactly a true cluster's,
      singletons included; `*_singletons` say how many clusters have one record.
    - Blocking fields are None unless candidate pairs were given; `pair_completeness` (the share
      of true pairs among the candidates) needs the pairs themselves, not just their count.
    """

    mode: str  # "dedupe" or "link"
    records: int
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    predicted_clusters: int
    true_clusters: int
    exact_clusters: int
    predicted_singletons: int
    true_singletons: int
    candidate_pairs: int | None = None
    pair_completeness: float | None = None
    reduction_ratio: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """JSON with undefined ratios (NaN, from `zero_division=nan`) written as null."""
        cleaned = {
            key: None if isinstance(value, float) and np.isnan(value) else value
            for key, value in self.to_dict().items()
        }
        return json.dumps(cleaned, indent=indent, allow_nan=False)

    def to_table(self) -> str:
        """An aligned plain-text table, ratios to 4 decimals; blocking rows only when known."""
        rows = [("metric", "value")]
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            text = f"{value:.4f}" if isinstance(value, float) else str(value)
            rows.append((_LABELS[field.name], text))
        label_width = max(len(label) for label, _ in rows)
        value_width = max(len(value) for _, value in rows)
        lines = [f"{label:<{label_width}}  {value:>{value_width}}" for label, value in rows]
        lines.insert(1, f"{'-' * label_width}  {'-' * value_width}")
        return "\n".join(lines)


_LABELS = {
    "mode": "mode",
    "records": "records",
    "true_positives": "true positive pairs",
    "false_positives": "false positive pairs",
    "false_negatives": "false negative pairs",
    "precision": "pairwise precision",
    "recall": "pairwise recall",
    "f1": "pairwise F1",
    "bcubed_precision": "B-cubed precision",
    "bcubed_recall": "B-cubed recall",
    "bcubed_f1": "B-cubed F1",
    "predicted_clusters": "predicted clusters",
    "true_clusters": "true clusters",
    "exact_clusters": "exactly recovered clusters",
    "predicted_singletons": "predicted singletons",
    "true_singletons": "true singletons",
    "candidate_pairs": "candidate pairs",
    "pair_completeness": "pair completeness",
    "reduction_ratio": "reduction ratio",
}


def evaluate(
    predicted: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    id_column: str = "id",
    cluster_column: str = "cluster_id",
    candidate_pairs: pd.DataFrame | int | None = None,
    n_records: int | None = None,
    left_ids: Iterable[object] | None = None,
    right_ids: Iterable[object] | None = None,
    zero_division: float = 0.0,
) -> EvaluationReport:
    """Measure `predicted` matches against `truth`.

    Each is a pair list (columns id_l, id_r; rows an `is_match`/`match` column marks false are
    dropped; any score is ignored, so threshold first) or cluster assignments (`id_column`,
    `cluster_column`; an empty cluster means a singleton). Ids are compared as stripped text.

    `candidate_pairs` (a pair list, or just its size) adds pair completeness and reduction
    ratio; `n_records` counts records no input mentions, for deduplication. Pass `left_ids` and
    `right_ids` (the ids of the two tables) to evaluate a linkage: `id_l` is then read as a
    left id and `id_r` as a right id, so equal ids in the two tables never collide, clusters
    imply only cross-table pairs, and all possible pairs are |left|·|right|.
    """
    sides = sides_from(left_ids, right_ids)
    if sides is not None and n_records is not None:
        raise ValueError("n_records is for deduplication; a linkage counts left_ids and right_ids")
    tables = [
        parse_table(
            as_frame(value, name), id_column=id_column, cluster_column=cluster_column, sides=sides
        )
        for value, name in ((predicted, "predicted"), (truth, "truth"))
    ]
    candidates: PairTable | int | None = None
    if isinstance(candidate_pairs, int | np.integer) and not isinstance(candidate_pairs, bool):
        candidates = int(candidate_pairs)
    elif candidate_pairs is not None:
        frame = as_frame(candidate_pairs, "candidate_pairs")
        candidates = parse_pairs(frame, sides=sides, matches_only=False)
    return evaluate_tables(
        tables[0],
        tables[1],
        candidates=candidates,
        n_records=n_records,
        sides=sides,
        zero_division=zero_division,
    )


def evaluate_tables(
    predicted: Table,
    truth: Table,
    *,
    candidates: PairTable | int | None = None,
    n_records: int | None = None,
    sides: Sides | None = None,
    zero_division: float = 0.0,
) -> EvaluationReport:
    """`evaluate` on tables already parsed (the CLI parses them itself, to name the file)."""
    mentioned: list[Table] = [predicted, truth]
    if isinstance(candidates, PairTable):
        mentioned.append(candidates)
    universe, coded = code_tables(mentioned, sides, n_records)
    predicted_side, true_side = encode(universe, coded[0]), encode(universe, coded[1])
    table = Contingency.of(predicted_side.labels, true_side.labels, universe.is_left)

    true_positives = shared_pairs(universe, predicted_side, true_side, table)
    predicted_pairs = predicted_side.pair_count(universe)
    true_pairs = true_side.pair_count(universe)

    # Each record of cell (i, j) has B-cubed precision n_ij / |i| and recall n_ij / |j|.
    cell_squares = table.cell_size.astype(np.float64) ** 2
    unseen = universe.unseen
    # fsum is exactly rounded, so the result cannot depend on row order or label names.
    precision_sum = math.fsum((cell_squares / table.predicted_sizes[table.cell_predicted]).tolist())
    recall_sum = math.fsum((cell_squares / table.true_sizes[table.cell_true]).tolist())
    bcubed_precision = _ratio(precision_sum + unseen, universe.records, zero_division)
    bcubed_recall = _ratio(recall_sum + unseen, universe.records, zero_division)
    exact = (table.cell_size == table.predicted_sizes[table.cell_predicted]) & (
        table.cell_size == table.true_sizes[table.cell_true]
    )

    blocking: dict[str, Any] = {}
    if candidates is not None:
        possible = universe.possible_pairs()
        if isinstance(candidates, PairTable):
            keys = pair_keys(universe, coded[2])
            count = int(keys.size)
            hits = int(np.count_nonzero(listed_hits(universe, keys, true_side)))
            blocking["pair_completeness"] = _ratio(hits, true_pairs, zero_division)
        else:
            count = candidates
        if not 0 <= count <= possible:
            raise ValueError(f"{count} candidate pairs, but only {possible} pairs are possible")
        blocking["candidate_pairs"] = count
        blocking["reduction_ratio"] = 1.0 - count / possible if possible else zero_division

    return EvaluationReport(
        mode="dedupe" if sides is None else "link",
        records=universe.records,
        true_positives=true_positives,
        false_positives=predicted_pairs - true_positives,
        false_negatives=true_pairs - true_positives,
        precision=_ratio(true_positives, predicted_pairs, zero_division),
        recall=_ratio(true_positives, true_pairs, zero_division),
        f1=_ratio(2 * true_positives, predicted_pairs + true_pairs, zero_division),
        bcubed_precision=bcubed_precision,
        bcubed_recall=bcubed_recall,
        bcubed_f1=_harmonic_mean(bcubed_precision, bcubed_recall, zero_division),
        predicted_clusters=int(np.count_nonzero(table.predicted_sizes)) + unseen,
        true_clusters=int(np.count_nonzero(table.true_sizes)) + unseen,
        exact_clusters=int(np.count_nonzero(exact)) + unseen,
        predicted_singletons=int(np.count_nonzero(table.predicted_sizes == 1)) + unseen,
        true_singletons=int(np.count_nonzero(table.true_sizes == 1)) + unseen,
        **blocking,
    )


def _ratio(numerator: float, denominator: float, zero_division: float) -> float:
    return float(numerator) / denominator if denominator else float(zero_division)


def _harmonic_mean(precision: float, recall: float, zero_division: float) -> float:
    if np.isnan(precision) or np.isnan(recall):
        return float(zero_division)
    return _ratio(2 * precision * recall, precision + recall, zero_division)
