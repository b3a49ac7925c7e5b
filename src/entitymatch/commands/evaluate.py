"""`entitymatch evaluate`: measure predicted matches against the truth, and draw the threshold
curve of a scored pair list."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Any

import pandas as pd

from entitymatch.errors import EntityMatchError, InputError
from entitymatch.evaluation import (
    best_threshold,
    plot_threshold_curve,
    save_threshold_curve,
)
from entitymatch.evaluation.curve import curve_from_tables
from entitymatch.evaluation.inputs import (
    PAIR_COLUMNS,
    SCORE_COLUMNS,
    PairTable,
    Sides,
    Table,
    parse_pairs,
    parse_table,
    table_kind,
)
from entitymatch.evaluation.metrics import evaluate_tables
from entitymatch.io import read_table, source_line

_DESCRIPTION = """\
Compare predicted matches with the truth and print pairwise precision, recall and F1, B-cubed
precision, recall and F1, and cluster counts.

PREDICTED and TRUTH are each either a pair list (columns id_l, id_r; if an is_match or match
column is present, only rows marked 1/true/yes count) or cluster assignments (columns id and
cluster_id, renamed with --id-column and --cluster-column). Ids are compared as text with
surrounding spaces removed. Every row of a pair list without a match column counts as a
predicted match, whatever its score: use --curve-png or --curve-csv to see every threshold.
"""

_EPILOG = """\
examples:
  entitymatch evaluate clusters.csv --truth truth.csv
  entitymatch evaluate pairs.csv --truth truth.csv --curve-png curve.png --curve-csv curve.csv
  entitymatch evaluate pairs.csv --truth truth.csv --candidates candidates.csv --json
  entitymatch evaluate links.csv --truth true_links.csv --left people.csv --right staff.csv
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure predicted matches against the truth",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("predicted", metavar="PREDICTED", help="predicted pairs or clusters")
    parser.add_argument(
        "--truth", required=True, metavar="TRUTH", help="true pairs or clusters (required)"
    )
    parser.add_argument(
        "--id-column",
        default="id",
        metavar="NAME",
        help="record id column of cluster tables (default: id)",
    )
    parser.add_argument(
        "--cluster-column",
        default="cluster_id",
        metavar="NAME",
        help="cluster label column of cluster tables (default: cluster_id)",
    )
    parser.add_argument(
        "--candidates",
        metavar="FILE",
        help="candidate pairs from blocking (id_l, id_r): adds pair completeness and "
        "reduction ratio",
    )
    parser.add_argument(
        "--n-records",
        type=_count,
        metavar="N",
        help="number of records deduplicated, when the inputs do not mention every record",
    )
    parser.add_argument(
        "--left",
        metavar="FILE",
        help="left table of a linkage (its id column gives the left ids); needs --right",
    )
    parser.add_argument(
        "--right",
        metavar="FILE",
        help="right table of a linkage (its id column gives the right ids); needs --left",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--curve-png",
        metavar="FILE",
        help="draw precision, recall and F1 by threshold (PREDICTED must be a scored pair list)",
    )
    parser.add_argument(
        "--curve-csv", metavar="FILE", help="write the threshold curve as CSV (as --curve-png)"
    )
    parser.add_argument(
        "--score-column",
        metavar="NAME",
        help=f"score column for the curve (default: the first of {', '.join(SCORE_COLUMNS)})",
    )
    parser.add_argument(
        "--encoding", metavar="ENC", help="encoding of the input files (default: detected)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sides = _sides(args)
    predicted_frame = read_table(args.predicted, encoding=args.encoding)
    truth_frame = read_table(args.truth, encoding=args.encoding)
    columns = {"id_column": args.id_column, "cluster_column": args.cluster_column}

    want_curve = bool(args.curve_png or args.curve_csv)
    scored: PairTable | None = None
    if want_curve:
        scored = _scored_pairs(predicted_frame, args, sides)
    predicted = parse_table(
        predicted_frame, **columns, sides=sides, **_where(predicted_frame, args.predicted)
    )
    truth = parse_table(truth_frame, **columns, sides=sides, **_where(truth_frame, args.truth))
    candidates = None
    if args.candidates:
        frame = read_table(args.candidates, encoding=args.encoding, required_columns=PAIR_COLUMNS)
        candidates = parse_pairs(
            frame, sides=sides, matches_only=False, **_where(frame, args.candidates)
        )

    report = evaluate_tables(
        predicted, truth, candidates=candidates, n_records=args.n_records, sides=sides
    )
    print(report.to_json() if args.json else report.to_table())
    if scored is not None:
        _write_curve(scored, truth, sides, args)
    return 0


def _sides(args: argparse.Namespace) -> Sides | None:
    if args.left is None and args.right is None:
        return None
    if args.left is None or args.right is None:
        raise EntityMatchError("--left and --right go together: a linkage has two tables")
    if args.n_records is not None:
        raise EntityMatchError("--n-records is for deduplication; a linkage counts its tables")
    ids = []
    for path in (args.left, args.right):
        table = read_table(path, encoding=args.encoding, required_columns=(args.id_column,))
        ids.append(table[args.id_column])
    return Sides.from_ids(ids[0], ids[1])


def _scored_pairs(frame: pd.DataFrame, args: argparse.Namespace, sides: Sides | None) -> PairTable:
    """Check before any output that PREDICTED can give a curve, and read its scores."""
    kind = table_kind(
        frame, id_column=args.id_column, cluster_column=args.cluster_column, path=args.predicted
    )
    score_column = args.score_column or next(
        (name for name in SCORE_COLUMNS if name in frame.columns), SCORE_COLUMNS[0]
    )
    if kind != "pairs" or score_column not in frame.columns:
        found = ", ".join(map(str, frame.columns))
        raise InputError(
            "a threshold curve needs a scored pair list: columns "
            f"{', '.join((*PAIR_COLUMNS, score_column))} (found: {found})",
            path=args.predicted,
        )
    scored = parse_pairs(
        frame,
        sides=sides,
        matches_only=False,
        score_column=score_column,
        **_where(frame, args.predicted),
    )
    if scored.left.size == 0:
        raise InputError("no scored pairs to draw a curve from", path=args.predicted)
    return scored


def _write_curve(
    scored: PairTable, truth: Table, sides: Sides | None, args: argparse.Namespace
) -> None:
    curve = curve_from_tables(scored, truth, sides=sides)
    if curve.empty:
        raise InputError("every scored pair is a self-pair: no curve to draw", path=args.predicted)
    for path, write in (
        (args.curve_csv, save_threshold_curve),
        (args.curve_png, plot_threshold_curve),
    ):
        if path:
            try:
                write(curve, path)
            except OSError as error:
                raise InputError(f"cannot write: {error.strerror}", path=path) from error
    threshold, f1 = best_threshold(curve)
    print(f"best F1 {f1:.4f} at threshold {threshold:.6g}", file=sys.stderr)


def _where(frame: pd.DataFrame, path: str) -> dict[str, Any]:
    """The file a table was read from and its lines, for error messages."""
    return {"path": path, "line_of": functools.partial(source_line, frame)}


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of records, not {text!r}")
    return value
