"""`entitymatch link`: find the records of a right table that match records of a left one.

Writes the scored pairs (left id, right id, score, and each field's level and weight) at or
above the threshold. Nothing is written unless the whole run succeeds.
"""

from __future__ import annotations

import argparse
import time

from entitymatch.commands.dedupe import (
    add_common_options,
    check_outputs,
    fit_or_load,
    load_run_settings,
    logger,
    print_summary,
    read_input,
    reported_warnings,
    rounded,
)
from entitymatch.io import progress, write_table
from entitymatch.pipeline import Linker

_DESCRIPTION = """\
Link two tables: block, compare and score pairs of a left and a right record as the settings
file says, and write the pairs at or above the threshold: id_l (left id), id_r (right id), the
score (match_probability and match_weight for Fellegi-Sunter), then for each field its level,
similarity and weight. Both tables need the id column and every column the settings use.
"""

_EPILOG = """\
examples:
  entitymatch link customers.csv suppliers.csv --config settings.toml -o pairs.csv
  entitymatch link a.csv b.csv --config settings.toml -o pairs.csv --threshold 0.99
  entitymatch link a.csv b.csv --config settings.toml -o pairs.csv --save-model model.json
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "link",
        help="link the records of two tables",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("left", metavar="LEFT", help="the left table (CSV or .xlsx)")
    parser.add_argument("right", metavar="RIGHT", help="the right table (CSV or .xlsx)")
    parser.add_argument("-o", "--output", required=True, metavar="PAIRS", help="output pairs")
    add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = load_run_settings(args)
    inputs = [args.left, args.right] + ([args.labels] if args.labels else [])
    check_outputs(args, [args.output] + ([args.save_model] if args.save_model else []), inputs)

    left = read_input(args.left, settings, args)
    right = read_input(args.right, settings, args)
    engine = Linker(
        settings, model=args.model, progress=progress, log=logger("link"), jobs=args.jobs
    )
    with reported_warnings():
        fit_or_load(args, lambda labels: engine.fit(left, right, labels=labels))
        pairs = engine.predict(left, right)

    neutralise = settings.output.neutralise_formulas and not args.no_neutralise_formulas
    write_table(
        rounded(pairs),
        args.output,
        encoding=settings.output.encoding,
        neutralise_formulas=neutralise,
    )
    if args.save_model:
        engine.save_model(args.save_model)
    print_summary("link", engine.summary_, started)
    return 0
