"""The `entitymatch` command line: one subcommand a job, each defined in `entitymatch.commands`.

Every error of our own (`EntityMatchError`) becomes one line on stderr and exit status 1, so a
script can tell a bad input apart from a crash; usage mistakes exit 2, as argparse does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from entitymatch import __version__
from entitymatch.commands import COMMANDS
from entitymatch.errors import EntityMatchError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entitymatch",
        description=(
            "Entity resolution across Chinese and English: compare names, deduplicate and link "
            "tables, clean columns and measure match quality."
        ),
    )
    parser.add_argument("--version", action="version", version=f"entitymatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EntityMatchError as error:
        print(f"entitymatch: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("entitymatch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
