"""`entitymatch dedupe`: find the records of one table that describe the same entity.

Writes the input table back, every column and cell unchanged, plus `cluster_id` and
`cluster_size`; optionally the scored pairs. Nothing is written unless the whole run succeeds.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from entitymatch.errors import InputError
from entitymatch.io import check_unique, ensure_distinct, progress, read_table, write_table
from entitymatch.pipeline import Deduplicator, RunSummary
from entitymatch.settings import Settings

_DESCRIPTION = """\
Deduplicate a table: block, compare, score and cluster its records as the settings file says,
and write the table back with two more columns, cluster_id (the smallest id of the cluster) and
cluster_size. Every input column is written unchanged.

The settings file (TOML) names the id column, the fields to compare, the blocking rules and
the scoring model; fixtures/founders.toml (names across scripts) and benchmarks/febrl.toml in
the entitymatch repository are complete examples.
"""

_EPILOG = """\
examples:
  entitymatch dedupe people.csv --config settings.toml -o people_clustered.csv
  entitymatch dedupe people.csv --config settings.toml -o out.csv --pairs pairs.csv
  entitymatch dedupe jan.csv --config settings.toml -o jan_out.csv --save-model model.json
  entitymatch dedupe feb.csv --config settings.toml -o feb_out.csv --model model.json
"""

SUMMARY_DECIMALS = 6


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "dedupe",
        help="find duplicate records in one table",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="INPUT", help="the table to deduplicate (CSV or .xlsx)")
    parser.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="output table")
    parser.add_argument(
        "--pairs", metavar="PAIRS", help="also write the scored pairs above the threshold"
    )
    add_common_options(parser)
    parser.set_defaults(func=run)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `dedupe` and `link`."""
    parser.add_argument(
        "--config", required=True, metavar="SETTINGS", help="settings file (TOML or JSON)"
    )
    parser.add_argument(
        "--encoding", metavar="ENC", help="encoding of the input files (default: detected)"
    )
    parser.add_argument(
        "--delimiter", metavar="CHAR", help="delimiter of the input files (default: sniffed)"
    )
    parser.add_argument(
        "--no-neutralise-formulas",
        action="store_true",
        help="write cells starting with = + - @ as they are (default: defuse them for Excel)",
    )
    parser.add_argument(
        "--model", metavar="FILE", help="score with this saved model instead of fitting one"
    )
    parser.add_argument(
        "--save-model", metavar="FILE", help="save the fitted model as JSON to score other files"
    )
    parser.add_argument(
        "--labels",
        metavar="FILE",
        help="labelled pairs (id_l, id_r, optional match 1/0) for the supervised model",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="X",
        help="score from 0 to 1 a pair needs to match (default: the settings' threshold)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="processes comparing pairs (default: every core; 1: no extra processes)",
    )


def load_run_settings(args: argparse.Namespace) -> Settings:
    """The settings file with the command line's threshold, checked."""
    settings = Settings.load(args.config)
    if args.threshold is not None:
        if not 0 <= args.threshold <= 1:
            raise InputError(f"--threshold must be from 0 to 1, not {args.threshold}")
        settings = settings.with_threshold(args.threshold)
    return settings


def read_input(path: str, settings: Settings, args: argparse.Namespace) -> pd.DataFrame:
    """Read a table with every column the settings use, ids unique."""
    df = read_table(
        path,
        encoding=args.encoding,
        delimiter=args.delimiter,
        required_columns=settings.columns(),
    )
    check_unique(df, settings.id_column)
    return df


def read_labels(args: argparse.Namespace) -> pd.DataFrame | None:
    """The labelled pairs, if given."""
    if not args.labels:
        return None
    return read_table(args.labels, required_columns=("id_l", "id_r"))


def check_outputs(args: argparse.Namespace, outputs: list[str], inputs: list[str]) -> None:
    """Refuse outputs that would overwrite an input or each other."""
    for output in outputs:
        ensure_distinct(output, *inputs)
    if len({str(Path(o).resolve()) for o in outputs}) < len(outputs):
        raise InputError("two outputs name the same file; give each its own path")


@contextmanager
def reported_warnings() -> Iterator[None]:
    """Show warnings (oversized blocks) as one plain line each, not Python's format."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                print(f"entitymatch: warning: {warning.message}", file=sys.stderr)


def logger(command: str) -> Callable[[str], None]:
    """Prints the engine's news on stderr as it happens, prefixed by the command."""

    def log(message: str) -> None:
        print(f"entitymatch {command}: {message}", file=sys.stderr, flush=True)

    return log


def print_summary(command: str, summary: RunSummary, started: float) -> None:
    """The run's summary on stderr, one line per fact (blocking was logged before scoring)."""
    summary.seconds = time.perf_counter() - started
    for line in summary.lines(blocking=False):
        logger(command)(line)


def rounded(pairs: pd.DataFrame) -> pd.DataFrame:
    """Scores with fewer digits: a pairs table is read by people."""
    out = pairs.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(SUMMARY_DECIMALS)
    return out


def fit_or_load(args: argparse.Namespace, fit: Callable[[pd.DataFrame | None], Any]) -> None:
    """Fit the model unless a saved one was given."""
    if args.model:
        if args.labels:
            raise InputError("give either --model or --labels, not both")
        return
    fit(read_labels(args))


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = load_run_settings(args)
    pairs_path = args.pairs
    if pairs_path is None and settings.output.pairs:
        out = Path(args.output)
        pairs_path = str(out.with_name(f"{out.stem}.pairs{out.suffix or '.csv'}"))
    outputs = [args.output] + ([pairs_path] if pairs_path else [])
    inputs = [args.input] + ([args.labels] if args.labels else [])
    check_outputs(args, outputs + ([args.save_model] if args.save_model else []), inputs)

    df = read_input(args.input, settings, args)
    engine = Deduplicator(
        settings, model=args.model, progress=progress, log=logger("dedupe"), jobs=args.jobs
    )
    with reported_warnings():
        fit_or_load(args, lambda labels: engine.fit(df, labels=labels))
        # Explanations cost time and only the pairs table shows them.
        pairs = engine.predict(df, explain=pairs_path is not None)
        clustered = engine.cluster(df, pairs)

    neutralise = settings.output.neutralise_formulas and not args.no_neutralise_formulas
    encoding = settings.output.encoding
    write_table(clustered, args.output, encoding=encoding, neutralise_formulas=neutralise)
    if pairs_path:
        write_table(rounded(pairs), pairs_path, encoding=encoding, neutralise_formulas=neutralise)
    if args.save_model:
        engine.save_model(args.save_model)
    print_summary("dedupe", engine.summary_, started)
    return 0
