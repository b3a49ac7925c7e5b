"""The benchmark harness on tiny inputs: tables, the measuring wrapper, the tools' wrappers.

The benchmarks themselves are measured by `python -m benchmarks`, never here.
"""

from __future__ import annotations

import sys
import textwrap
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
# `benchmarks` is a folder of the repository, not an installed package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import crossscript, measure, peers, retrieval  # noqa: E402
from benchmarks.__main__ import render  # noqa: E402

# -- tables and formats -------------------------------------------------------------------------


def test_markdown_table_aligns_numeric_columns_and_escapes_pipes() -> None:
    table = measure.markdown_table(["tool", "F1"], [["a|b", "0.9"], ["c", None]], numeric=[1])
    assert table.splitlines() == [
        "| tool | F1 |",
        "|---|---:|",
        "| a\\|b | 0.9 |",
        "| c |  |",
    ]


def test_markdown_table_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError, match="one cell per header"):
        measure.markdown_table(["a", "b"], [["only one"]])


def test_number_formats() -> None:
    assert measure.fmt_ratio(0.99846) == "0.9985"
    assert measure.fmt_seconds(1.234) == "1.23"
    assert measure.fmt_seconds(42.26) == "42.3"
    assert measure.fmt_seconds(435.4) == "435"
    assert measure.fmt_mb(900) == "900 MB"
    assert measure.fmt_mb(20 * 1024) == "20.00 GB"
    assert measure.fmt_count(1234567) == "1,234,567"


def test_render_puts_headline_sections_machine_and_versions_in_order() -> None:
    section = {
        "title": "FEBRL",
        "body": "the FEBRL table",
        "headline": [["FEBRL 1 F1", "1.0000", "0.9980 (Splink)"]],
        "when": "2026-01-01 00:00",
        "minutes": 1.5,
        "full": False,
    }
    stored = {
        "sections": {
            "scale": {**section, "title": "Scale", "body": "the scale table"},
            "febrl": section,
        },
        "machine": {"CPUs (nproc)": "2"},
        "versions": {"python": "3.11"},
    }
    text = render(stored)
    assert "| FEBRL 1 F1 | 1.0000 | 0.9980 (Splink) |" in text
    assert text.index("## FEBRL") < text.index("## Scale") < text.index("## Machine")
    assert "| CPUs (nproc) | 2 |" in text and "| python | 3.11 |" in text


def test_machine_and_versions_name_every_tool() -> None:
    versions = measure.tool_versions()
    for tool in (
        "python",
        "entitymatch",
        "recordlinkage",
        "splink",
        "duckdb",
        "pandas",
        "numpy",
        "rapidfuzz",
        "pypinyin",
    ):
        assert versions[tool]
    assert int(measure.machine_info()["CPUs (nproc)"]) >= 1


# -- the measuring wrapper ----------------------------------------------------------------------


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module the child process can import: it allocates memory or sleeps on request."""
    (tmp_path / "em_bench_probe.py").write_text(
        textwrap.dedent(
            """
            import time

            def work(megabytes=0, sleep=0.0, fail=False):
                block = bytearray(megabytes * 2**20)
                block[::4096] = b"x" * len(block[::4096])
                time.sleep(sleep)
                if fail:
                    raise RuntimeError("probe failed on purpose")
                return {"held": len(block)}

            def timed():
                return {"seconds": 0.25, "peak_rss_mb": 1.0, "note": "self-reported"}
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    return "em_bench_probe"


def test_measure_reports_each_runs_own_peak_memory(probe: str) -> None:
    small = measure.measure(f"{probe}:work", {"megabytes": 0})
    large = measure.measure(f"{probe}:work", {"megabytes": 200})
    assert small.ok and large.ok, (small.error, large.error)
    assert large.result["held"] == 200 * 2**20
    assert large.peak_rss_mb is not None and small.peak_rss_mb is not None
    assert large.peak_rss_mb - small.peak_rss_mb > 150
    assert small.seconds is not None and small.seconds >= 0


def test_measure_keeps_what_the_step_timed_itself(probe: str) -> None:
    run = measure.measure(f"{probe}:timed")
    assert run.ok
    assert (run.seconds, run.peak_rss_mb, run.result) == (0.25, 1.0, {"note": "self-reported"})


def test_measure_stops_a_step_at_its_time_limit(probe: str) -> None:
    run = measure.measure(f"{probe}:work", {"sleep": 30}, timeout=1.0)
    assert run.status == "timeout"
    assert run.describe_failure() == "did not finish in 1 s"
    assert run.seconds is not None and run.seconds < 15


def test_measure_reports_a_failing_step(probe: str) -> None:
    run = measure.measure(f"{probe}:work", {"fail": True})
    assert run.status == "failed"
    assert "probe failed on purpose" in run.describe_failure()


# -- the tools' wrappers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def febrl_sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    """200 records of FEBRL 1: 100 originals and their duplicates."""
    frames, truth = peers.febrl_frames(1)
    records = frames[0]
    originals = sorted(r for r in records["rec_id"] if r.endswith("-org"))[:100]
    people = {r.split("-")[1] for r in originals}
    sample = records[records["rec_id"].str.split("-").str[1].isin(people)].reset_index(drop=True)
    kept = truth[truth["id_l"].isin(sample["rec_id"]) & truth["id_r"].isin(sample["rec_id"])]
    assert len(sample) == 200 and len(kept) == 100
    return sample, kept.reset_index(drop=True)


def _check_common_format(run: peers.PairRun, sample: pd.DataFrame) -> None:
    ids = set(sample["rec_id"])
    assert list(run.pairs.columns[:3]) == ["id_l", "id_r", "score"]
    assert run.pairs["id_l"].isin(ids).all() and run.pairs["id_r"].isin(ids).all()
    assert (run.pairs["id_l"] != run.pairs["id_r"]).all()
    assert run.pairs["score"].between(0, 1).all()
    assert 0 < run.threshold <= 1
    assert run.candidates is not None and run.candidates >= len(
        run.pairs[run.pairs.score >= run.threshold]
    )
    assert run.seconds > 0


def test_entitymatch_wrapper_returns_pairs_in_the_common_format(febrl_sample) -> None:
    sample, truth = febrl_sample
    run = peers.entitymatch_run([sample], str(peers.FEBRL_SETTINGS))
    _check_common_format(run, sample)
    assert peers.assess(run, truth).f1 > 0.9


def test_recordlinkage_wrapper_returns_pairs_in_the_common_format(febrl_sample) -> None:
    sample, truth = febrl_sample
    run = peers.recordlinkage_run([sample], peers.RECORDLINKAGE_FEBRL, id_column="rec_id")
    _check_common_format(run, sample)
    assessment = peers.assess(run, truth)
    assert assessment.f1 > 0.8
    assert assessment.best_f1 is not None and assessment.best_f1 >= assessment.f1


def test_splink_wrapper_returns_pairs_in_the_common_format(febrl_sample) -> None:
    pytest.importorskip("splink")
    sample, truth = febrl_sample
    run = peers.splink_run([sample], peers.SPLINK_FEBRL_DEDUPE, id_column="rec_id")
    _check_common_format(run, sample)
    assert peers.assess(run, truth).f1 > 0.8


def test_splink_link_puts_the_first_tables_ids_on_the_left(febrl_sample) -> None:
    pytest.importorskip("splink")
    sample, _ = febrl_sample
    left = sample[sample["rec_id"].str.endswith("-org")].reset_index(drop=True)
    right = sample[~sample["rec_id"].str.endswith("-org")].reset_index(drop=True)
    run = peers.splink_run(
        [left, right], peers.SPLINK_FEBRL_LINK, id_column="rec_id", count_candidates=False
    )
    assert run.pairs["id_l"].isin(left["rec_id"]).all()
    assert run.pairs["id_r"].isin(right["rec_id"]).all()


def test_assess_judges_at_the_decision_threshold() -> None:
    truth = pd.DataFrame({"id_l": ["a", "c"], "id_r": ["b", "d"]})
    pairs = pd.DataFrame(
        {"id_l": ["a", "c", "a"], "id_r": ["b", "d", "c"], "score": [0.9, 0.6, 0.7]}
    )
    assessment = peers.assess(peers.PairRun(pairs, 0.8, 3, 1.0), truth)
    assert (assessment.precision, assessment.recall, assessment.matches) == (1.0, 0.5, 1)
    assert assessment.best_f1 == pytest.approx(0.8)  # all three pairs: P 2/3, R 1


def test_pair_run_needs_the_common_columns() -> None:
    with pytest.raises(ValueError, match="lack columns"):
        peers.PairRun(pd.DataFrame({"a": [1]}), 0.5, None, 0.0)


# -- inputs of the cross-script and retrieval benchmarks ----------------------------------------


def test_pinyin_input_transliterates_hanzi_and_keeps_missing_values() -> None:
    records = pd.DataFrame(
        {
            "id": ["r1", "r2"],
            "person_name": ["贾扬清", None],
            "company": ["阿里巴巴集团有限公司", "Alibaba Group"],
            "title": ["CEO", "首席执行官"],
            "city": ["杭州", "HANGZHOU"],
            "founded": ["1999年9月", "1999-09-09"],
            "phone": ["+86 (138) 0013-8000", "１３８００１３８０００"],
        }
    )
    out = crossscript.peer_input(records, "pinyin")
    assert out.loc[0, "person_name"] == "jia yang qing"
    assert out.loc[1, "person_name"] is None
    assert out.loc[1, "company"] == "alibaba group"
    assert out.loc[0, "city"] == "hang zhou" and out.loc[1, "city"] == "hangzhou"
    assert out.loc[0, "phone"] == "8613800138000" and out.loc[1, "phone"] == "13800138000"
    assert crossscript.peer_input(records, "as generated").equals(records)
    with pytest.raises(ValueError, match="unknown variant"):
        crossscript.peer_input(records, "other")


def test_generated_records_mark_blanks_as_missing() -> None:
    pytest.importorskip("cantoroman", reason="the generator romanises Cantonese with it")
    records, truth = crossscript.generated(60, 3)
    assert len(records) == len(truth) == 60
    assert not (records.drop(columns="id") == "").any().any()
    assert records["id"].tolist() == truth["id"].tolist()


def test_retrieval_lists_use_the_held_out_half() -> None:
    lists = retrieval.name_lists("held-out")
    assert [n.kind for n in lists] == ["org", "org", "person", "person"]
    train = retrieval.name_lists("train")
    for held, trained in zip(lists[:2], train[:2], strict=True):
        assert held.zh and trained.zh and not set(held.zh) & set(trained.zh)
    assert retrieval.held_out("00002") == (zlib.crc32(b"00002") % 2 == 1)


def test_unseen_people_are_ranked_against_every_english_name() -> None:
    everyone, unseen = retrieval.name_lists()[2:]
    labelled = retrieval.labelled_people()
    assert unseen.zh and not set(unseen.zh) & labelled
    assert len(unseen.zh) < len(everyone.zh)
    assert set(unseen.en + unseen.pool) == set(everyone.en)


def test_rank_counts_ties_against_the_true_name() -> None:
    scores = np.array([[0.9, 0.9, 0.1], [0.2, 0.8, 0.5], [0.0, 0.0, 0.0]])
    assert retrieval.ranks(scores, np.array([0, 1, 2])).tolist() == [2, 1, 3]


@given(st.lists(st.lists(st.floats(0, 1), min_size=4, max_size=4), min_size=1, max_size=6))
def test_rank_is_one_plus_the_others_scoring_at_least_as_high(rows: list[list[float]]) -> None:
    """A true name's rank is 1 plus the number of other names scoring at least as much."""
    scores = np.array(rows)
    truth = np.arange(len(rows)) % 4
    for i, rank in enumerate(retrieval.ranks(scores, truth)):
        others = np.delete(scores[i], truth[i])
        assert rank == 1 + int((others >= scores[i, truth[i]]).sum())


def test_scale_plot_is_written(tmp_path: Path) -> None:
    from benchmarks import scale

    points = [
        scale.Point("mixed-script", "entitymatch", size, measure.Measurement("ok", s, mb))
        for size, s, mb in ((10, 1.0, 300.0), (100, 2.0, 320.0))
    ]
    path = tmp_path / "scale.png"
    scale.plot(points, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scale_report_reads_back_its_own_figures(tmp_path: Path) -> None:
    from benchmarks import scale

    points = [
        scale.Point(
            "mixed-script",
            "entitymatch",
            100_000,
            measure.Measurement("ok", 9.0, 900.0),
            0.99,
            0.95,
            0.97,
        ),
        scale.Point(
            "mixed-script", "splink", 100_000, measure.Measurement("timeout", 600.0, timeout=600.0)
        ),
    ]
    section = scale.report(points, (100_000,), tmp_path / "plots")
    assert (tmp_path / "plots" / "scale.png").exists()
    assert section.headline[0] == (
        "dedupe 100,000 mixed-script records: time, peak memory",
        "9.00 s, 900 MB",
        "did not finish in 10 min (Splink)",
    )
    assert "under 10 s with under 4 GB: met (9.00 s, 900 MB)" in section.body
    again = scale.points_from_data(section.data)
    assert [(p.tool, p.measurement.status, p.measurement.seconds, p.f1) for p in again] == [
        ("entitymatch", "ok", 9.0, 0.97),
        ("splink", "timeout", 600.0, None),
    ]
