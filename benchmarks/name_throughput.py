"""Throughput of name normalisation and comparison on one core.

    python -m benchmarks.name_throughput [--names 100000] [--seed 7]

Names come from the cross-script generator (benchmarks/generate.py): person and company
names in hanzi, traditional hanzi, pinyin, Wade-Giles, Cantonese and English, with typos,
legal forms and regions, deduplicated to distinct strings. `normalize_name` is timed with its
per-name cache cleared (the per-character tables stay warm, as in any real run);
Batches go through `normalize_names` (one call a kind), as columns do in the engine;
`compare_names` on pairs of those names, half from the same entity and half random, with the
names already normalised (as the engine does) and no pair seen twice.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import time

from benchmarks.generate import generate
from entitymatch import compare_names, normalize_name, normalize_names
from entitymatch.compare.names import forget_unit_matches
from entitymatch.names.normalize import _normalize, gc_paused


def distinct_names(
    target: int, seed: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(name, kind) pairs, distinct, and candidate pairs (a, b, kind)."""
    size = target
    while True:
        records, truth = generate(size, seed, corruption=0.6)
        seen: dict[tuple[str, str], None] = {}
        for record in records:
            for value, kind in ((record[1], "person"), (record[2], "org")):
                if value:
                    seen.setdefault((value, kind), None)
        if len(seen) >= target:
            break
        size = int(size * 1.3)
    names = list(seen)[:target]
    by_cluster: dict[str, list[int]] = {}
    for i, (_, cluster) in enumerate(truth):
        by_cluster.setdefault(cluster, []).append(i)
    rng = random.Random(seed)
    pairs: dict[tuple[str, str, str], None] = {}
    for members in by_cluster.values():
        for a, b in itertools.pairwise(members):
            ra, rb = records[a], records[b]  # id, person_name, company, ...
            if ra[1] and rb[1]:
                pairs.setdefault((ra[1], rb[1], "person"), None)
            if ra[2] and rb[2]:
                pairs.setdefault((ra[2], rb[2], "org"), None)
    wanted = 2 * len(pairs)
    while len(pairs) < wanted:
        (a, kind), (b, other) = rng.choice(names), rng.choice(names)
        if kind == other:
            pairs.setdefault((a, b, kind), None)
    return names, list(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    names, pairs = distinct_names(args.names, args.seed)
    scripts = {"han": 0, "latin": 0, "mixed": 0}
    # Warm the per-character and per-syllable tables on other strings, then clear the per-name
    # cache so every timed name is normalised from scratch.
    for value, kind in names[:2000]:
        normalize_name(value, kind)  # type: ignore[arg-type]
    _normalize.cache_clear()
    people = [value for value, kind in names if kind == "person"]
    orgs = [value for value, kind in names if kind == "org"]
    start = time.perf_counter()
    normalised = normalize_names(people, "person") + normalize_names(orgs, "org")
    elapsed = time.perf_counter() - start
    for name in normalised:
        if name.script.value in scripts:
            scripts[name.script.value] += 1
    print(f"distinct names: {len(names):,} ({', '.join(f'{k} {v:,}' for k, v in scripts.items())})")
    print(f"normalize_name: {len(names) / elapsed:,.0f} names/s ({elapsed:.2f} s, one core)")
    for value, kind in {(a, k) for a, _, k in pairs} | {(b, k) for _, b, k in pairs}:
        normalize_name(value, kind)  # type: ignore[arg-type]
    forget_unit_matches()
    start = time.perf_counter()
    with gc_paused():
        matches = sum(compare_names(a, b, kind).is_match for a, b, kind in pairs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    print(
        f"compare_names: {len(pairs) / elapsed:,.0f} pairs/s ({len(pairs):,} distinct pairs, "
        f"{matches:,} matches, {elapsed:.2f} s, one core, names normalised beforehand)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
