"""`entitymatch link` end to end: pairs of a left and a right table, and its errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import TOML, make_people

from entitymatch.cli import main
from entitymatch.io import read_table


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    people = make_people(n_people=300, n_duplicates=0, seed=8)
    left = people.iloc[:200]
    right = people.iloc[120:].copy()
    right["id"] = right["id"].str.replace("-0", "-r")
    right.loc[right.index[::4], "surname"] = right.loc[right.index[::4], "surname"] + "e"
    left.to_csv(tmp_path / "left.csv", index=False)
    right.to_csv(tmp_path / "right.csv", index=False)
    (tmp_path / "settings.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def test_link_writes_left_right_pairs(tables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tables / "pairs.csv"

    status = main(
        [
            "link",
            str(tables / "left.csv"),
            str(tables / "right.csv"),
            "--config",
            str(tables / "settings.toml"),
            "-o",
            str(out),
        ]
    )

    err = capsys.readouterr().err
    assert status == 0, err
    pairs = read_table(out)
    left, right = read_table(tables / "left.csv"), read_table(tables / "right.csv")
    assert set(pairs["id_l"]) <= set(left["id"])
    assert set(pairs["id_r"]) <= set(right["id"])
    truth = {
        (i, i.replace("-0", "-r")) for i in left["id"] if i.replace("-0", "-r") in set(right["id"])
    }
    found = set(zip(pairs["id_l"], pairs["id_r"], strict=True))
    assert len(found & truth) / len(truth) > 0.95
    assert "entitymatch link: blocking: " in err


def test_missing_column_in_the_right_table_names_that_file(
    tables: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    right = tables / "right.csv"
    pd.read_csv(right, dtype=str).drop(columns=["phone"]).to_csv(right, index=False)
    out = tables / "pairs.csv"

    status = main(
        [
            "link",
            str(tables / "left.csv"),
            str(right),
            "--config",
            str(tables / "settings.toml"),
            "-o",
            str(out),
        ]
    )

    err = capsys.readouterr().err.strip()
    assert status == 1
    assert err.startswith("entitymatch: error: ") and str(right) in err and "'phone'" in err
    assert not out.exists()


def test_output_over_an_input_is_refused(tables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    right = tables / "right.csv"
    before = right.read_bytes()

    status = main(
        [
            "link",
            str(tables / "left.csv"),
            str(right),
            "--config",
            str(tables / "settings.toml"),
            "-o",
            str(right),
        ]
    )

    assert status == 1
    assert "overwrite" in capsys.readouterr().err
    assert right.read_bytes() == before


def test_link_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["link", "--help"])

    assert "entitymatch link customers.csv suppliers.csv" in capsys.readouterr().out
