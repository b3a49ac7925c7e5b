"""`entitymatch compare NAME1 NAME2`: score, verdict and explanation for two names."""

from __future__ import annotations

import argparse
import json

from entitymatch.compare.names import compare_names
from entitymatch.names import AliasTable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare two names of people or organisations across scripts",
        description=(
            "Compare two names across simplified and traditional hanzi, pinyin, Wade-Giles, "
            "Cantonese romanisation and English, and print the score, the verdict and why."
        ),
        epilog=(
            "examples:\n"
            "  entitymatch compare 贾扬清 'Yangqing Jia'\n"
            "  entitymatch compare 北京智象未来科技有限公司 智象未来 --kind org\n"
            "  entitymatch compare PixVerse 愛詩科技 --kind org --aliases aliases.csv"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name1", metavar="NAME1")
    parser.add_argument("name2", metavar="NAME2")
    parser.add_argument(
        "--kind",
        choices=("person", "org"),
        default="person",
        help="what the names name (default: person)",
    )
    parser.add_argument(
        "--aliases", metavar="FILE", help="CSV with columns name,alias of known other names"
    )
    parser.add_argument("--threshold", type=float, help="match threshold (default: the kind's own)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    aliases = AliasTable.from_csv(args.aliases) if args.aliases else None
    result = compare_names(
        args.name1, args.name2, args.kind, aliases=aliases, threshold=args.threshold
    )
    if args.json:
        print(
            json.dumps(
                {
                    "score": round(result.score, 4),
                    "is_match": result.is_match,
                    "level": result.level.label,
                    "explanation": result.explanation,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"score:       {result.score:.3f}")
        print(f"verdict:     {'match' if result.is_match else 'no match'} ({result.level.label})")
        print(f"explanation: {result.explanation}")
    return 0
