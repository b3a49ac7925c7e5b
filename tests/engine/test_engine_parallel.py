"""Comparing in forked processes gives what one process gives, pair for pair."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import ExplainingComparator

import entitymatch as em
from entitymatch import parallel
from entitymatch.blocking import Blocker, ExactRule, NameKeyRule
from entitymatch.io import read_table

ROOT = Path(__file__).resolve().parents[2]
needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="parts run in-process here")


def _counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of parts of each `map_parts` call from now on (2: forked, with two jobs)."""
    parts_seen: list[int] = []
    map_parts = parallel.map_parts

    def spy(work: Any, parts: int, jobs: int) -> list[Any]:
        parts_seen.append(parts)
        return map_parts(work, parts, jobs)

    monkeypatch.setattr(parallel, "map_parts", spy)
    return parts_seen


@needs_fork
def test_two_jobs_give_the_same_pairs_and_explanations_as_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 360 records: columns prepared, u sample, candidates and the pairs table all go parallel.
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    split = _counted_forks(monkeypatch)
    records = read_table(ROOT / "fixtures" / "founders.csv")
    config = ROOT / "fixtures" / "founders.toml"
    alone = em.Deduplicator(config, jobs=1).fit(records)
    shared = em.Deduplicator(config, jobs=2).fit(records)
    assert shared.jobs == 2
    assert shared.model_.to_dict() == alone.model_.to_dict()  # type: ignore[union-attr]
    pd.testing.assert_frame_equal(
        shared.predict(records, threshold=0.5), alone.predict(records, threshold=0.5)
    )
    assert split.count(2) >= 3  # preparing, the u sample, the candidates...


@needs_fork
def test_batches_compared_by_processes_forked_once_give_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = read_table(ROOT / "fixtures" / "founders.csv")
    config = ROOT / "fixtures" / "founders.toml"
    alone = em.Deduplicator(config, jobs=1).fit(records)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    forks = _counted_forks(monkeypatch)
    shared = em.Deduplicator(config, jobs=2, chunk_size=50).fit(records)
    assert forks == [2, 2, 2]  # preparing, the u sample beside the rules, all the batches
    assert shared.model_.to_dict() == alone.model_.to_dict()  # type: ignore[union-attr]
    pd.testing.assert_frame_equal(shared.predict(records), alone.predict(records))
    assert shared.summary_.blocking.total > 4 * 50  # type: ignore[union-attr]
    # Scoring with a fitted model compares the batches afresh: again in one fork.
    forks.clear()
    scorer = em.Deduplicator(config, model=shared.model_, jobs=2, chunk_size=50)
    pd.testing.assert_frame_equal(scorer.predict(records), alone.predict(records))
    assert forks == [2, 2, 2, 2]  # preparing, the rules, all the batches, the pairs table


def _square(k: int) -> tuple[int, int]:
    return k * k, os.getpid()


@needs_fork
def test_parts_come_back_in_order_and_run_in_other_processes() -> None:
    out = parallel.map_parts(_square, 5, 2)
    assert [value for value, _ in out] == [0, 1, 4, 9, 16]
    assert out[0][1] == os.getpid()
    assert {pid for _, pid in out[1:]} - {os.getpid()}


def _fail_on_three(k: int) -> int:
    if k == 3:
        raise ValueError("part three broke")
    return k


@needs_fork
def test_an_error_in_a_child_is_raised_here() -> None:
    with pytest.raises(ValueError, match="part three broke"):
        parallel.map_parts(_fail_on_three, 4, 2)


def test_one_job_runs_every_part_here() -> None:
    out = parallel.map_parts(_square, 3, 1)
    assert out == [(0, os.getpid()), (1, os.getpid()), (4, os.getpid())]


@pytest.mark.parametrize(
    ("jobs", "expected"),
    [(1, 1), (3, 3), (None, "all"), (0, "all"), (-1, "all"), (-1000, 1)],
)
def test_jobs_resolve_to_a_number_of_processes(jobs: int | None, expected: object) -> None:
    cores = parallel.available_cores()
    want = cores if expected == "all" else expected
    assert parallel.resolve_jobs(jobs) == (want if parallel.can_fork() else 1)


@needs_fork
def test_rules_compiled_in_other_processes_block_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    records = read_table(ROOT / "fixtures" / "founders.csv")
    rules = [
        NameKeyRule("person_name", given="full"),
        NameKeyRule("company", "org_name"),
        ExactRule(("phone",)),
    ]
    alone = Blocker(rules).collect(records)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    shared = Blocker(rules, jobs=2)
    together = shared.collect(records)
    assert [a.tolist() for a in together] == [a.tolist() for a in alone]
    assert sum(r.pairs for r in shared.report.rules) > 0


def _parts_inside_a_worker(_: int) -> list[tuple[int, int]]:
    return parallel.map_parts(_square, 2, 2)


@needs_fork
def test_a_worker_of_another_pool_runs_its_parts_itself() -> None:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        (inner,) = pool.map(_parts_inside_a_worker, [0])
    assert [value for value, _ in inner] == [0, 1]
    assert inner[0][1] == inner[1][1]  # one process: the worker itself


@needs_fork
def test_explanations_from_shares_stay_with_their_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    records = read_table(ROOT / "fixtures" / "founders.csv")
    engine = em.Deduplicator(ROOT / "fixtures" / "founders.toml", jobs=2)
    engine.comparators[2] = ExplainingComparator(  # title: each pair names its two rows
        engine.comparators[2],
        lambda _, li, ri: tuple(f"{a}:{b}" for a, b in zip(li.tolist(), ri.tolist(), strict=True)),
    )
    pairs = engine.fit(records).predict(records, threshold=0.5)

    assert len(pairs) > 10 * 2 * 8  # the table is dealt in runs to two processes
    row = {str(i): k for k, i in enumerate(records["id"].astype(str))}
    expected = [f"{row[a]}:{row[b]}" for a, b in zip(pairs["id_l"], pairs["id_r"], strict=True)]
    assert pairs["title_explanation"].tolist() == expected


def _slow_square(k: int) -> tuple[int, int]:
    time.sleep(0.05)  # long enough for the other process to start and take parts too
    return _square(k)


@needs_fork
def test_parts_taken_as_processes_free_come_back_in_order() -> None:
    out = parallel.map_as_free(_slow_square, 9, 2)
    assert [value for value, _ in out] == [k * k for k in range(9)]
    assert {pid for _, pid in out} - {os.getpid()}  # some parts ran in the other process


def _fail_on_zero(k: int) -> int:
    if k == 0:
        raise ValueError("part zero broke")
    return _slow_square(k)[0]


@needs_fork
@pytest.mark.parametrize(("work", "message"), [(_fail_on_three, "three"), (_fail_on_zero, "zero")])
def test_an_error_in_a_part_taken_as_free_is_raised_here(work: Any, message: str) -> None:
    with pytest.raises(ValueError, match=f"part {message} broke"):
        parallel.map_as_free(work, 6, 2)


@needs_fork
def test_work_alongside_the_rules_comes_back_and_the_rules_still_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = read_table(ROOT / "fixtures" / "founders.csv")
    rules = [NameKeyRule("person_name", given="full"), ExactRule(("phone",))]
    alone = Blocker(rules).collect(records)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 100)
    shared = Blocker(rules, jobs=2)
    extra = shared.compile(records, alongside=[lambda k=k: _square(k) for k in range(5)])
    assert [value for value, _ in extra] == [0, 1, 4, 9, 16]
    together = shared.collect(records)
    assert [a.tolist() for a in together] == [a.tolist() for a in alone]
    again = shared.collect(records)  # a second pass compiles and counts its pairs afresh
    assert sum(r.new_pairs for r in shared.report.rules) == together[0].size == again[0].size
    records.loc[records.index[1:], "phone"] = records["phone"].iloc[0]  # changed in place
    changed = shared.collect(records)
    assert changed[0].size > together[0].size  # every record now shares one phone number
