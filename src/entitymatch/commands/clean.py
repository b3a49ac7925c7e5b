"""`entitymatch clean`: standardise and validate the configured columns of a table."""

from __future__ import annotations

import argparse
import sys

from entitymatch.cleaning import clean
from entitymatch.io import ensure_distinct, read_table, write_table
from entitymatch.settings import Settings

_DESCRIPTION = """\
Put every column named in the settings file into its standard forms: names simplified,
split (surname, given name; core, legal form, region) and romanised; dates in ISO form (partial
dates kept partial); phone numbers in E.164; identifiers (USCC, resident identity numbers)
checked; amounts as numbers with their currency; e-mail addresses and URLs normalised.
Every input column is written unchanged, the standard forms beside it. Values that cannot be
standardised are listed in the report with the reason; a summary per column goes to stderr.

The settings file is the one `entitymatch dedupe` reads: each field's kind says how to clean it.
"""

_EPILOG = """\
examples:
  entitymatch clean fixtures/founders.csv --config fixtures/founders.toml -o founders_clean.csv
  entitymatch clean export.csv --config settings.toml -o clean.csv --report problems.csv
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="standardise and validate the columns of a table",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", metavar="INPUT", help="the table to clean (CSV or .xlsx)")
    parser.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="cleaned table")
    parser.add_argument("--config", required=True, metavar="SETTINGS", help="settings file")
    parser.add_argument("--report", metavar="REPORT", help="write the invalid values here (CSV)")
    parser.add_argument("--encoding", metavar="ENC", help="input encoding (default: detected)")
    parser.add_argument("--delimiter", metavar="CHAR", help="input delimiter (default: sniffed)")
    parser.add_argument(
        "--no-neutralise-formulas",
        action="store_true",
        help="write cells starting with = + - @ as they are (default: defuse them for Excel)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.load(args.config)
    outputs = [args.output, *([args.report] if args.report else [])]
    for output in outputs:
        ensure_distinct(output, args.input, args.config)
    table = read_table(args.input, encoding=args.encoding, delimiter=args.delimiter)
    result = clean(table, settings)
    neutralise = not args.no_neutralise_formulas and settings.output.neutralise_formulas
    # Both files are complete in memory before either is written, each atomically.
    write_table(
        result.data, args.output, encoding=settings.output.encoding, neutralise_formulas=neutralise
    )
    if args.report:
        write_table(
            result.report,
            args.report,
            encoding=settings.output.encoding,
            neutralise_formulas=neutralise,
        )
    for row in result.summary.itertuples(index=False):
        print(
            f"{row.column}: {row.filled} filled, {row.standardised} standardised, "
            f"{row.invalid} invalid",
            file=sys.stderr,
        )
    invalid = int(result.summary["invalid"].sum()) if len(result.summary) else 0
    print(
        f"cleaned {len(table)} rows; {invalid} values could not be standardised"
        + (f" (see {args.report})" if args.report and invalid else ""),
        file=sys.stderr,
    )
    return 0
