"""`entitymatch evaluate` end to end, through `entitymatch.cli.main` and files on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from entitymatch.cli import main

# Predicted {1,2,3},{4,5} against true {1,2},{3,4,5}: P = R = F1 = 0.5, B-cubed 11/15 (the
# arithmetic is in test_evaluation_metrics.py).
PREDICTED = "id,cluster_id\n1,a\n2,a\n3,a\n4,b\n5,b\n"
TRUTH = "id,cluster_id\n1,x\n2,x\n3,y\n4,y\n5,y\n"
# True pairs 12 34 35 45; scored 12 (0.9, true), 34 (0.7, true), 13 (0.7, false), 45 (0.4).
SCORED = "id_l,id_r,score,is_match\n1,2,0.9,1\n3,4,0.7,1\n1,3,0.7,0\n4,5,0.4,0\n"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_prints_an_aligned_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicted, truth = write(tmp_path, "p.csv", PREDICTED), write(tmp_path, "t.csv", TRUTH)
    assert main(["evaluate", predicted, "--truth", truth]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["metric", "value"]
    assert any(line.startswith("pairwise F1") and line.endswith("0.5000") for line in lines)
    assert any(line.startswith("B-cubed precision") and line.endswith("0.7333") for line in lines)


def test_json_output_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicted, truth = write(tmp_path, "p.csv", PREDICTED), write(tmp_path, "t.csv", TRUTH)
    candidates = write(tmp_path, "c.csv", "id_l,id_r\n1,2\n3,4\n1,5\n")
    code = main(["evaluate", predicted, "--truth", truth, "--candidates", candidates, "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["f1"] == 0.5
    assert report["pair_completeness"] == 0.5  # 12 and 34 of the four true pairs
    assert report["reduction_ratio"] == pytest.approx(0.7)  # 1 − 3/10


def test_scored_pairs_write_the_curve_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored, truth = write(tmp_path, "s.csv", SCORED), write(tmp_path, "t.csv", TRUTH)
    png, csv = tmp_path / "curve.png", tmp_path / "curve.csv"
    argv = ["evaluate", scored, "--truth", truth, "--json", "--curve-png", str(png)]
    assert main([*argv, "--curve-csv", str(csv)]) == 0
    captured = capsys.readouterr()
    # The report counts the rows marked is_match (12, 34): TP 2 of 2, recall 2/4.
    assert json.loads(captured.out)["precision"] == 1.0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    curve = pd.read_csv(csv)
    # ≥ 0.9: 1 of 1, F1 2/5 | ≥ 0.7: 2 of 3, F1 4/7 | ≥ 0.4: 3 of 4, F1 6/8 (best).
    assert curve["threshold"].tolist() == [0.4, 0.7, 0.9]
    assert curve["f1"].tolist() == pytest.approx([0.75, 4 / 7, 0.4])
    assert "best F1 0.7500 at threshold 0.4" in captured.err


def test_curve_needs_a_scored_pair_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicted, truth = write(tmp_path, "p.csv", PREDICTED), write(tmp_path, "t.csv", TRUTH)
    png = tmp_path / "curve.png"
    assert main(["evaluate", predicted, "--truth", truth, "--curve-png", str(png)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{predicted}: a threshold curve needs a scored pair list" in captured.err
    assert not png.exists()


def test_missing_columns_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicted = write(tmp_path, "p.csv", "record,group\n1,a\n")
    truth = write(tmp_path, "t.csv", TRUTH)
    assert main(["evaluate", predicted, "--truth", truth]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"entitymatch: error: {predicted}: ")
    assert "id_l, id_r" in error and "cluster_id" in error


def test_a_bad_row_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = write(tmp_path, "t.csv", TRUTH)
    predicted = write(tmp_path, "p.csv", "id_l,id_r,is_match\n1,2,1\n\n3,4,perhaps\n")
    assert main(["evaluate", predicted, "--truth", truth]) == 1
    # Line 4 (a blank line precedes it), field 3.
    assert f"{predicted}:4:3: column 'is_match': 'perhaps'" in capsys.readouterr().err


def test_custom_columns_and_a_linkage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Left and right both number their rows 1, 2: L1-R1 and L2-R2 are true; predicted L1-R1
    # and L2-R1. TP 1, FP 1, FN 1: P = R = F1 = 0.5. Possible pairs 2·2 = 4.
    left = write(tmp_path, "left.csv", "rid,name\n1,李明\n2,王芳\n")
    right = write(tmp_path, "right.csv", "rid,name\n1,Li Ming\n2,Wang Fang\n")
    predicted = write(tmp_path, "p.csv", "id_l,id_r\n1,1\n2,1\n")
    truth = write(tmp_path, "t.csv", "id_l,id_r\n1,1\n2,2\n")
    argv = ["evaluate", predicted, "--truth", truth, "--left", left, "--right", right]
    assert main([*argv, "--id-column", "rid", "--candidates", predicted, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["mode"], report["records"], report["f1"]) == ("link", 4, 0.5)
    assert report["reduction_ratio"] == 0.5
    assert main(["evaluate", predicted, "--truth", truth, "--left", left]) == 1
    assert "--left and --right go together" in capsys.readouterr().err


def test_unwritable_curve_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored, truth = write(tmp_path, "s.csv", SCORED), write(tmp_path, "t.csv", TRUTH)
    target = str(tmp_path / "no" / "curve.csv")
    assert main(["evaluate", scored, "--truth", truth, "--curve-csv", target]) == 1
    assert f"{target}: cannot write" in capsys.readouterr().err
