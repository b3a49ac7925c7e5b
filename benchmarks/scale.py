"""Scale: time and peak memory of deduplicating 10k, 100k (and with --full 1M) records.

Two kinds of records, each deduplicated by entitymatch and by Splink (DuckDB) on the same data
in the same run, every run in a process of its own with a ten-minute limit:

- **mixed-script**: the seeded generator's records (`benchmarks.generate`, seed 2028,
  corruption 0.5). entitymatch reads them as generated with `fixtures/founders.toml`; Splink
  gets its best input, the pinyin-transliterated and standardised records, with the
  cross-script model of `benchmarks.crossscript`.
- **perturbed FEBRL**: `benchmarks.engine_scale.make_records`: FEBRL's values re-drawn into new
  people, a quarter of the records corrupted duplicates. entitymatch uses engine_scale's
  settings (FEBRL fields; names, identity number, date of birth with postcode, and a sorted
  neighbourhood over the names); Splink the comparisons of its febrl3 example with blocking
  rules a million records can take (names, swapped names, identity number, date of birth with
  postcode: its example's single-column postcode rule would pair each record with hundreds of
  others), u from 1e6 random pairs as entitymatch, m by EM on date of birth then postcode,
  each capped at 1e7 pairs with Splink 5's `max_pairs`.

Time covers the tool's whole pipeline from records in memory to scored pairs (fit, predict;
clustering is not included for either, nor entitymatch's name explanations). Both use every
core (DuckDB's threads; entitymatch's forked workers). Peak memory is the run's process:
interpreter, imports, records and tool, plus the private pages of entitymatch's workers. A run
that does not finish in ten minutes is reported so, and the larger sizes of that tool and data
are not attempted.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.measure import (
    DEFAULT_TIMEOUT,
    Measurement,
    Section,
    fmt_mb,
    fmt_ratio,
    fmt_seconds,
    markdown_table,
    measure,
)
from benchmarks.peers import PairRun, SplinkRecipe, assess, load_run, register_recipe

ROOT = Path(__file__).resolve().parents[1]
PLOTS = ROOT / "benchmarks" / "plots"
DEFAULT_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000)
SEED = 2028
DATASETS = ("mixed-script", "perturbed FEBRL")
TOOL_NAMES = {"entitymatch": "entitymatch", "splink": "Splink"}
# Issue 3's targets for entitymatch on mixed-script records: size -> seconds; and peak memory.
TARGET_SECONDS = {100_000: 10.0, 1_000_000: 90.0}
TARGET_PEAK_MB = 4096.0


def _febrl_scale_settings(block_on: Any, cl: Any) -> dict[str, Any]:
    return {
        "blocking_rules_to_generate_predictions": [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("soc_sec_id"),
            block_on("date_of_birth", "postcode"),
        ],
        "comparisons": [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    }


SPLINK_FEBRL_SCALE = SplinkRecipe(
    settings=_febrl_scale_settings,
    deterministic=lambda block_on: [
        block_on("soc_sec_id"),
        block_on("given_name", "surname", "date_of_birth"),
    ],
    recall=0.9,
    em_rules=lambda block_on: [block_on("date_of_birth"), block_on("postcode")],
    u_max_pairs=1e6,
    u_seed=2,
    em_max_pairs=1e7,
    source="Splink docs/demos/examples/duckdb/febrl3.ipynb, blocking fit for a million records",
)
register_recipe("splink_febrl_scale", SPLINK_FEBRL_SCALE)


@dataclass
class Point:
    """One tool on one data set at one size."""

    dataset: str
    tool: str
    size: int
    measurement: Measurement
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    skipped: str = ""


def records_for(dataset: str, size: int) -> tuple[list[pd.DataFrame], pd.DataFrame, str]:
    """(entitymatch's input, Splink's input), the truth as clusters, and the id column."""
    if dataset == "mixed-script":
        from benchmarks.crossscript import generated, peer_input

        records, truth = generated(size, SEED)
        return [records, peer_input(records, "pinyin")], truth, "id"
    from benchmarks.engine_scale import make_records

    records, _ = make_records(size, seed=SEED)
    records = records.replace("", None)
    truth = pd.DataFrame(
        {"id": records["rec_id"], "cluster_id": records["rec_id"].str.split("-").str[1]}
    )
    return [records, records], truth, "rec_id"


def _settings(dataset: str) -> Any:
    if dataset == "mixed-script":
        return str(ROOT / "fixtures" / "founders.toml")
    from benchmarks.engine_scale import SETTINGS

    return SETTINGS


def run_point(
    dataset: str,
    tool: str,
    size: int,
    frame_path: str,
    truth: pd.DataFrame,
    id_column: str,
    *,
    timeout: float | None,
) -> Point:
    """One measured run, assessed against the truth."""
    with tempfile.TemporaryDirectory(prefix="em-scale-") as tmp:
        out = str(Path(tmp) / "pairs.pkl")
        kwargs: dict[str, Any] = {
            "tool": tool,
            "out": out,
            "frames": [frame_path],
            "id_column": id_column,
            "floor": None,
            "count_candidates": False,
            "modules": ["benchmarks.crossscript", "benchmarks.scale"],
        }
        if tool == "entitymatch":
            kwargs["settings"] = _settings(dataset)
        else:
            kwargs["recipe"] = (
                "splink_crossscript" if dataset == "mixed-script" else "splink_febrl_scale"
            )
        measurement = measure("benchmarks.peers:step", kwargs, timeout=timeout)
        if not measurement.ok:
            return Point(dataset, tool, size, measurement)
        pair_run: PairRun = load_run(measurement.result, out, measurement.seconds or 0.0)
    quality = assess(pair_run, truth)
    return Point(dataset, tool, size, measurement, quality.precision, quality.recall, quality.f1)


def run(
    *,
    sizes: tuple[int, ...] = DEFAULT_SIZES,
    timeout: float | None = DEFAULT_TIMEOUT,
    plots: Path = PLOTS,
    log: Any = print,
) -> Section:
    """Both data sets at every size, entitymatch then Splink, with the plot."""
    tools = ["entitymatch"] + (["splink"] if find_spec("splink") is not None else [])
    points: list[Point] = []
    stopped: set[tuple[str, str]] = set()
    for dataset in DATASETS:
        for size in sizes:
            inputs, truth, id_column = records_for(dataset, size)
            with tempfile.TemporaryDirectory(prefix="em-scale-in-") as tmp:
                paths: list[str] = []
                for i, frame in enumerate(inputs):
                    if i and frame is inputs[0]:
                        paths.append(paths[0])
                        continue
                    paths.append(str(Path(tmp) / f"input{i}.pkl"))
                    frame.to_pickle(paths[-1])
                del inputs
                for tool, path in zip(tools, paths, strict=False):
                    if (dataset, tool) in stopped:
                        point = Point(
                            dataset,
                            tool,
                            size,
                            Measurement("skipped"),
                            skipped="not run: a smaller size did not finish",
                        )
                    else:
                        point = run_point(
                            dataset, tool, size, path, truth, id_column, timeout=timeout
                        )
                        if not point.measurement.ok:
                            stopped.add((dataset, tool))
                    log(f"  scale {dataset} {size:,} {tool}: {_summary(point)}")
                    points.append(point)
    return report(points, sizes, plots)


def report(points: list[Point], sizes: tuple[int, ...], plots: Path = PLOTS) -> Section:
    """The Scale section of RESULTS.md for measured points, and its plot."""
    plots.mkdir(parents=True, exist_ok=True)
    plot_path = plots / "scale.png"
    plot(points, plot_path)
    parts = [
        _describe(sizes),
        _table(points),
        _targets(points),
        f"![time and peak memory against records]({plot_path.relative_to(plots.parent)})",
    ]
    body = "\n\n".join(p for p in parts if p)
    headline = []
    for dataset in DATASETS:
        # The 100,000-record row, and the million-record one when it was run.
        for size in [s for s in sizes if s >= 100_000] or sizes[-1:]:
            ours = _find(points, dataset, "entitymatch", size)
            theirs = _find(points, dataset, "splink", size)
            headline.append(
                (
                    f"dedupe {size:,} {dataset} records: time, peak memory",
                    _cost(ours),
                    f"{_cost(theirs)} (Splink)" if theirs else "n/a",
                )
            )
    data = {"sizes": list(sizes), "points": [_as_dict(p) for p in points]}
    return Section("Scale", body, headline, data, [plot_path])


def _as_dict(point: Point) -> dict[str, Any]:
    m = point.measurement
    return {
        "dataset": point.dataset,
        "tool": point.tool,
        "size": point.size,
        "status": m.status,
        "seconds": m.seconds,
        "peak_rss_mb": m.peak_rss_mb,
        "timeout": m.timeout,
        "error": m.error,
        "precision": point.precision,
        "recall": point.recall,
        "f1": point.f1,
        "skipped": point.skipped,
    }


def points_from_data(data: dict[str, Any]) -> list[Point]:
    """The points a Section's `data` holds (to redraw the report without measuring again)."""
    return [
        Point(
            p["dataset"],
            p["tool"],
            p["size"],
            Measurement(
                p["status"],
                p["seconds"],
                p["peak_rss_mb"],
                timeout=p.get("timeout", DEFAULT_TIMEOUT),
                error=p.get("error", ""),
            ),
            p["precision"],
            p["recall"],
            p["f1"],
            p.get("skipped", ""),
        )
        for p in data["points"]
    ]


def _find(points: list[Point], dataset: str, tool: str, size: int) -> Point | None:
    return next((p for p in points if (p.dataset, p.tool, p.size) == (dataset, tool, size)), None)


def _unmeasured(point: Point) -> str | None:
    """Why a point has no figures (skipped, failed, timed out), or None if it has them."""
    if point.skipped:
        return point.skipped
    return None if point.measurement.ok else point.measurement.describe_failure()


def _summary(point: Point) -> str:
    m = point.measurement
    return _unmeasured(point) or f"{m.seconds:.1f} s, {fmt_mb(m.peak_rss_mb)}, F1 {point.f1:.4f}"


def _cost(point: Point | None) -> str:
    if point is None:
        return "n/a"
    m = point.measurement
    return _unmeasured(point) or f"{fmt_seconds(m.seconds)} s, {fmt_mb(m.peak_rss_mb)}"


def _describe(sizes: tuple[int, ...]) -> str:
    listed = ", ".join(f"{s:,}" for s in sizes)
    return (
        f"Deduplicating {listed} records, each run in its own process (ten-minute limit). "
        "*Mixed-script*: generated records (seed 2028); entitymatch reads them as generated "
        "with `fixtures/founders.toml`, Splink gets the pinyin-transliterated input and the "
        "cross-script model above. *Perturbed FEBRL*: `benchmarks/engine_scale.py`'s records "
        "(FEBRL values re-drawn into new people, a quarter corrupted duplicates); entitymatch "
        "with engine_scale's settings, Splink with its febrl3 example's comparisons and "
        "blocking that scales (names, swapped names, identity number, date of birth with "
        "postcode), EM capped at 1e7 pairs per session. Time: records in memory to scored "
        "pairs with their levels and weights (training and prediction; no clustering, and no "
        "name explanations, which Splink's pairs lack too). Both tools use every core: Splink "
        "through DuckDB's threads, entitymatch through the worker processes it forks "
        "(`jobs`, default every core). Memory: the run's peak resident set, interpreter and "
        "imports included, with the private pages of entitymatch's workers (sampled every "
        "200 ms). F1: pairwise, at each tool's decision threshold."
    )


def _table(points: list[Point]) -> str:
    rows = []
    for p in points:
        m = p.measurement
        if p.skipped or not m.ok:
            rows.append(
                [
                    p.dataset,
                    f"{p.size:,}",
                    TOOL_NAMES[p.tool],
                    p.skipped or m.describe_failure(),
                    "",
                    "",
                    "",
                    "",
                ]
            )
            continue
        rows.append(
            [
                p.dataset,
                f"{p.size:,}",
                TOOL_NAMES[p.tool],
                fmt_seconds(m.seconds),
                fmt_mb(m.peak_rss_mb),
                fmt_ratio(p.precision),
                fmt_ratio(p.recall),
                fmt_ratio(p.f1),
            ]
        )
    return markdown_table(
        ["records", "size", "tool", "time (s)", "peak memory", "precision", "recall", "F1"],
        rows,
        numeric=(1, 3, 4, 5, 6, 7),
    )


def _targets(points: list[Point]) -> str:
    """Issue 3's targets for entitymatch on mixed-script records, met or not, as measured."""
    lines = []
    for size, limit in TARGET_SECONDS.items():
        point = _find(points, "mixed-script", "entitymatch", size)
        if point is None:
            continue
        m = point.measurement
        if not m.ok or m.seconds is None or m.peak_rss_mb is None:
            lines.append(
                f"- {size:,} mixed-script records under {limit:g} s: not measured "
                f"({point.skipped or m.describe_failure()})"
            )
            continue
        met = m.seconds < limit and m.peak_rss_mb < TARGET_PEAK_MB
        lines.append(
            f"- {size:,} mixed-script records under {limit:g} s with under "
            f"{TARGET_PEAK_MB / 1024:g} GB: {'met' if met else 'not met'} "
            f"({fmt_seconds(m.seconds)} s, {fmt_mb(m.peak_rss_mb)})"
        )
    if not lines:
        return ""
    return "Engine targets (issue 3), entitymatch:\n\n" + "\n".join(lines)


def plot(points: list[Point], path: Path) -> None:
    """Time and peak memory against records, log-log, one line per tool and data set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(9, 3.8), dpi=90)
    colours = {"entitymatch": "tab:blue", "splink": "tab:orange"}
    lines = {"mixed-script": "-o", "perturbed FEBRL": "--s"}
    for dataset in DATASETS:
        for tool in TOOL_NAMES:
            done = [
                p for p in points if p.dataset == dataset and p.tool == tool and p.measurement.ok
            ]
            if not done:
                continue
            style = {"color": colours[tool], "label": f"{TOOL_NAMES[tool]}, {dataset}"}
            sizes = [p.size for p in done]
            ax_time.plot(sizes, [p.measurement.seconds for p in done], lines[dataset], **style)
            ax_mem.plot(
                sizes,
                [(p.measurement.peak_rss_mb or 0) / 1024 for p in done],
                lines[dataset],
                **style,
            )
    for ax, title, unit in ((ax_time, "time", "seconds"), (ax_mem, "peak memory", "GB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("records")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    handles, labels = ax_time.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path)
    plt.close(fig)
