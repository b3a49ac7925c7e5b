"""Run the benchmark suite and write benchmarks/RESULTS.md.

    python -m benchmarks                       # everything reasonably sized (7-8 min, 2 cores)
    python -m benchmarks --full                # adds the million-record scale runs
    python -m benchmarks --only febrl,retrieval
    python -m benchmarks --out /tmp/RESULTS.md

Parts: `febrl` (FEBRL 1-4 against recordlinkage and Splink), `crossscript` (generated
mixed-script records against the same peers), `retrieval` (Chinese → English name ranking on
the real bilingual lists), `scale` (time and memory at 10k, 100k and with --full 1M records).
Every figure is measured in the run, each tool in a process of its own (benchmarks.measure).
The figures behind the report are kept beside it as JSON (RESULTS.json), so `--only` reruns
some parts and keeps the others' last results in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    DEFAULT_TIMEOUT,
    Section,
    machine_info,
    markdown_table,
    tool_versions,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "benchmarks" / "RESULTS.md"
PARTS = ("febrl", "crossscript", "retrieval", "scale")


def _runners(args: argparse.Namespace) -> dict[str, Callable[[], Section]]:
    from benchmarks import crossscript, febrl, retrieval, scale

    plots = args.out.resolve().parent / "plots"
    return {
        "febrl": lambda: febrl.run(timeout=args.timeout),
        "crossscript": lambda: crossscript.run(size=args.crossscript_size, timeout=args.timeout),
        "retrieval": lambda: retrieval.run(full=args.full),
        "scale": lambda: scale.run(
            sizes=tuple(
                args.scale_sizes or (scale.FULL_SIZES if args.full else scale.DEFAULT_SIZES)
            ),
            timeout=args.timeout,
            plots=plots,
        ),
    }


def _parts(text: str) -> list[str]:
    chosen = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}"
        )
    return chosen


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--full", action="store_true", help="add the million-record runs")
    parser.add_argument(
        "--only", type=_parts, default=list(PARTS), help=f"comma-separated: {','.join(PARTS)}"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown report")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed per tool run"
    )
    parser.add_argument(
        "--crossscript-size", type=int, default=10_000, help="records in the cross-script run"
    )
    parser.add_argument(
        "--scale-sizes",
        type=int,
        nargs="+",
        help="record counts of the scale runs (default 10000 100000; --full adds 1000000)",
    )
    return parser.parse_args(argv)


def render(stored: dict[str, Any]) -> str:
    """RESULTS.md from the stored sections, in the suite's order."""
    sections = [stored["sections"][p] for p in PARTS if p in stored["sections"]]
    headline = [row for s in sections for row in s["headline"]]
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m benchmarks` (see `benchmarks/README.md` for what each part "
        "measures and how the peers are configured). Every figure below was measured by that "
        "command on the machine described at the end; nothing is copied from elsewhere.",
        "",
        "| part | run | took |",
        "|---|---|---:|",
    ]
    for part in PARTS:
        if part in stored["sections"]:
            s = stored["sections"][part]
            lines.append(
                f"| {s['title']} | {s['when']}{' (--full)' if s['full'] else ''} | "
                f"{s['minutes']:.1f} min |"
            )
    lines += ["", "## Headline", ""]
    lines.append(markdown_table(["benchmark", "entitymatch", "best peer"], headline))
    for s in sections:
        lines += ["", f"## {s['title']}", "", s["body"]]
    lines += ["", "## Machine and versions", ""]
    lines.append(markdown_table(["", ""], list(stored["machine"].items())))
    lines.append("")
    lines.append(markdown_table(["tool", "version"], list(stored["versions"].items())))
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    store_path = args.out.with_suffix(".json")
    stored: dict[str, Any] = {"sections": {}}
    if store_path.exists():
        stored = json.loads(store_path.read_text(encoding="utf-8"))
    runners = _runners(args)
    started = time.perf_counter()
    for part in args.only:
        print(f"{part} ...", flush=True)
        begun = time.perf_counter()
        section = runners[part]()
        minutes = (time.perf_counter() - begun) / 60
        print(f"{part}: {minutes:.1f} min", flush=True)
        stored["sections"][part] = {
            "title": section.title,
            "body": section.body,
            "headline": [list(row) for row in section.headline],
            "data": section.data,
            "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "minutes": minutes,
            "full": args.full,
        }
        # Written after every part, so an interrupted run keeps what it measured.
        stored["machine"] = machine_info()
        stored["versions"] = tool_versions()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        store_path.write_text(
            json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        args.out.write_text(render(stored), encoding="utf-8")
    total = (time.perf_counter() - started) / 60
    print(f"wrote {args.out} ({total:.1f} min)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
