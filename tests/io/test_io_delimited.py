"""Delimiters, quoting and exact cell text: nothing inferred, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from entitymatch.io import read_table

ROWS = [
    ["id", "name", "address"],
    ["00005", 'He said ""hi""', "1 Main St, Apt 2"],
    ["007", "王小明\nWang; Xiaoming", "a|b\tc"],
    ["0", "", "  spaced  "],
]
EXPECTED = pd.DataFrame(
    [
        ["00005", 'He said "hi"', "1 Main St, Apt 2"],
        ["007", "王小明\nWang; Xiaoming", "a|b\tc"],
        ["0", "", "  spaced  "],
    ],
    columns=ROWS[0],
    dtype=object,
)


def _quoted(rows: list[list[str]], delimiter: str) -> str:
    return "".join(delimiter.join(f'"{c}"' for c in row) + "\r\n" for row in rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniffs_delimiter_despite_quoted_delimiters_and_newlines(
    tmp_path: Path, delimiter: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_quoted(ROWS, delimiter), encoding="utf-8", newline="")
    table = read_table(path)
    pd.testing.assert_frame_equal(table, EXPECTED)
    assert table.attrs["source_delimiter"] == delimiter


def test_explicit_delimiter_overrides_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a;b,c\n1;2,3\n", encoding="utf-8")
    assert list(read_table(path).columns) == ["a;b", "c"]
    assert list(read_table(path, delimiter=";").columns) == ["a", "b,c"]


def test_semicolon_file_with_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("name;amount\nMüller;1,5\nLi;2\n", encoding="utf-8")
    table = read_table(path)
    assert table.to_dict("list") == {"name": ["Müller", "Li"], "amount": ["1,5", "2"]}


def test_cells_are_text_exactly_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "id,amount,flag,missing,date\n00005,1.50,TRUE,NaN,2024-01-05\n,1e3,NULL,,05/01/2024\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.to_dict("records") == [
        {"id": "00005", "amount": "1.50", "flag": "TRUE", "missing": "NaN", "date": "2024-01-05"},
        {"id": "", "amount": "1e3", "flag": "NULL", "missing": "", "date": "05/01/2024"},
    ]
    assert all(dtype is pd.api.types.pandas_dtype(object) for dtype in table.dtypes)


def test_header_names_lose_bom_and_whitespace_only(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\ufeff  客户 编号 , Name\t\n1,a\n", encoding="utf-8")
    assert list(read_table(path, encoding="utf-8", delimiter=",").columns) == [
        "客户 编号",
        "Name",
    ]


def test_blank_lines_are_skipped_and_single_column_files(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\nname\n\n张三\n\n李四, Ltd\n\n", encoding="utf-8")
    table = read_table(path)
    assert table["name"].tolist() == ["张三", "李四, Ltd"]
