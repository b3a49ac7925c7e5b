"""Schema and label sanity of the fixtures, and reproducibility of the record generator."""

from __future__ import annotations

import csv
import re
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.text import has_han, to_simplified

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
# `benchmarks` is a folder of the repository, not an installed package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("cantoroman", reason="the generator romanises Cantonese with it")
from benchmarks import generate as gen  # noqa: E402

PAIR_COLUMNS = ["kind", "category", "name1", "name2", "label", "source", "note"]
POSITIVE = {
    "person_simp_trad",
    "person_hanzi_pinyin",
    "person_order_swap",
    "person_wade_giles",
    "person_cantonese",
    "person_other_romanisation",
    "person_foreign_in_hanzi",
    "person_surname_reading",
    "person_other_given_name",
    "org_legal_form",
    "org_zh_en",
    "org_short_full",
    "org_cedict_brand",
}
NEGATIVE = {
    "person_neg_same_surname",
    "person_neg_same_pinyin",
    "person_neg_similar",
    "person_neg_cross_script",
    "org_neg_shared_generic",
    "org_neg_same_group",
    "org_neg_zh_en",
}
# The data holds fewer people with a special surname reading, and once the names that romanise
# only the surname beside a Western given name are set apart (person_other_given_name), fewer
# Wade-Giles, Cantonese and other romanisations than that.
MIN_ROWS = defaultdict(
    lambda: 20,
    {
        "person_surname_reading": 8,
        "person_wade_giles": 10,
        "person_cantonese": 10,
        "person_other_romanisation": 3,
    },
)
FOUNDERS_COMMAND = {"size": 360, "seed": 2026, "corruption": 0.5}


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has a BOM"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, str]]:
    return _read_csv(FIXTURES / "name_pairs.csv")


# --------------------------------------------------------------------------- name_pairs.csv


def test_name_pairs_schema(pairs: list[dict[str, str]]) -> None:
    with (FIXTURES / "name_pairs.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == PAIR_COLUMNS
    assert len(pairs) >= 400
    for row in pairs:
        assert row["kind"] in {"person", "org"}
        assert row["label"] in {"0", "1"}
        assert row["name1"].strip() and row["name2"].strip() and row["source"].strip()
        assert row["name1"] != row["name2"]
        assert row["category"] in POSITIVE | NEGATIVE | {"brief_examples"}
        if row["category"] != "brief_examples":
            assert row["category"].startswith(row["kind"])


def test_every_category_has_enough_rows(pairs: list[dict[str, str]]) -> None:
    counts = Counter(row["category"] for row in pairs)
    for category in POSITIVE | NEGATIVE:
        assert counts[category] >= MIN_ROWS[category], (category, counts[category])


def test_labels_follow_categories(pairs: list[dict[str, str]]) -> None:
    for row in pairs:
        if row["category"] in POSITIVE:
            assert row["label"] == "1", row
        elif row["category"] in NEGATIVE:
            assert row["label"] == "0", row
    labels = {row["label"] for row in pairs}
    assert labels == {"0", "1"}


def test_pairs_are_unique(pairs: list[dict[str, str]]) -> None:
    keys = Counter((row["kind"], frozenset((row["name1"], row["name2"]))) for row in pairs)
    assert max(keys.values()) == 1


def test_exchange_pairs_come_from_the_held_out_half(pairs: list[dict[str, str]]) -> None:
    """Knowledge tables use the even CRC-32 half of the exchange lists; fixtures the odd one."""
    codes = [code for row in pairs for code in re.findall(r"(?:hkex|ashare):(\d+)", row["source"])]
    assert codes
    assert all(zlib.crc32(code.encode()) % 2 == 1 for code in codes)


def test_positive_pairs_are_plausible(pairs: list[dict[str, str]]) -> None:
    """Spot checks that the mechanical rewrites kept the entity."""
    for row in pairs:
        a, b, category = row["name1"], row["name2"], row["category"]
        if category == "person_simp_trad":
            assert a != b and to_simplified(a) == to_simplified(b)
        elif category in {
            "person_hanzi_pinyin",
            "person_wade_giles",
            "person_cantonese",
            "person_other_given_name",
            "person_foreign_in_hanzi",
        }:
            assert has_han(a) and not has_han(b)
        elif category == "person_order_swap":
            assert sorted(a.lower().split()) == sorted(b.lower().split())
        elif category == "org_legal_form":
            assert to_simplified(a).startswith(to_simplified(b)) or a.startswith(b)


def test_negative_pairs_are_hard(pairs: list[dict[str, str]]) -> None:
    for row in pairs:
        a, b, category = row["name1"], row["name2"], row["category"]
        if category == "person_neg_same_surname" and has_han(a):
            assert to_simplified(a)[0] == to_simplified(b)[0]
        elif category == "person_neg_same_surname":
            assert a.split()[0] == b.split()[0]
        elif category == "person_neg_same_pinyin":
            assert has_han(a) and has_han(b) and to_simplified(a) != to_simplified(b)
        elif category == "org_neg_same_group":
            assert to_simplified(a)[:2] == to_simplified(b)[:2]
        elif category == "person_neg_cross_script":
            assert has_han(a) and not has_han(b)


def test_brief_examples_are_present(pairs: list[dict[str, str]]) -> None:
    brief = {
        (r["name1"], r["name2"]): r["label"] for r in pairs if r["category"] == "brief_examples"
    }
    assert brief[("张毅", "章毅")] == "0"
    assert brief[("快手", "Kuaishou")] == "1"
    assert brief[("阿里巴巴集团", "阿里云")] == "0"
    assert len(brief) == 27


# --------------------------------------------------------------------------- founders


def test_founders_schema_and_truth() -> None:
    records = _read_csv(FIXTURES / "founders.csv")
    truth = _read_csv(FIXTURES / "founders_truth.csv")
    assert list(records[0]) == list(gen.RECORD_COLUMNS)
    assert list(truth[0]) == list(gen.TRUTH_COLUMNS)
    assert 300 <= len(records) <= 400
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == [t["id"] for t in truth] == sorted(t["id"] for t in truth)
    sizes = Counter(t["cluster_id"] for t in truth)
    assert min(sizes.values()) >= 1
    assert max(sizes.values()) <= gen.MAX_RECORDS_PER_ENTITY
    assert sum(1 for n in sizes.values() if n > 1) >= 50
    names = [r["person_name"] for r in records if r["person_name"]]
    assert sum(has_han(n) for n in names) > len(names) / 3
    assert sum(not has_han(n) for n in names) > len(names) / 10


def test_founders_fixture_is_reproducible(tmp_path: Path) -> None:
    """The fixture is what the documented generator command writes, byte for byte."""
    records, truth = gen.generate(**FOUNDERS_COMMAND)
    gen.write(tmp_path, records, truth)
    assert (tmp_path / "records.csv").read_bytes() == (FIXTURES / "founders.csv").read_bytes()
    assert (tmp_path / "truth.csv").read_bytes() == (FIXTURES / "founders_truth.csv").read_bytes()


# --------------------------------------------------------------------------- generator


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    for run in ("a", "b"):
        assert gen.main(["--size", "1500", "--seed", "11", "-o", str(tmp_path / run)]) == 0
    for name in ("records.csv", "truth.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_other_seed_gives_other_records() -> None:
    first, _ = gen.generate(500, seed=1)
    second, _ = gen.generate(500, seed=2)
    assert first != second


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=1, max_value=400), seed=st.integers(0, 2**32 - 1))
def test_truth_covers_every_record(size: int, seed: int) -> None:
    """Any size and seed: exactly `size` records, each in the truth once, clusters of 1-5."""
    records, truth = gen.generate(size, seed)
    assert len(records) == len(truth) == size
    assert [r[0] for r in records] == [t[0] for t in truth]
    assert len({r[0] for r in records}) == size
    sizes = Counter(cluster for _, cluster in truth)
    assert max(sizes.values()) <= gen.MAX_RECORDS_PER_ENTITY


def test_no_corruption_means_identical_records() -> None:
    records, truth = gen.generate(800, seed=5, corruption=0.0)
    by_cluster: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for record, (_, cluster) in zip(records, truth, strict=True):
        by_cluster[cluster].add(record[1:])
    assert all(len(variants) == 1 for variants in by_cluster.values())


def test_corruption_varies_records_of_an_entity() -> None:
    records, truth = gen.generate(2000, seed=5, corruption=1.0)
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for record, (_, cluster) in zip(records, truth, strict=True):
        by_cluster[cluster].add(record[1])
    multi = [v for v in by_cluster.values() if len(v) > 1]
    assert len(multi) > len(by_cluster) / 4
    scripts = {has_han(name) for variants in multi for name in variants if name}
    assert scripts == {True, False}


def test_generator_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        gen.generate(0, seed=1)
    with pytest.raises(ValueError):
        gen.generate(10, seed=1, corruption=1.5)
