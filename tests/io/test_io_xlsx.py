"""Excel workbooks: cells as the text a person sees, rows numbered as Excel numbers them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.io import check_unique, read_table, source_line, write_table


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=column, value=value)
    book.save(path)
    return path


def test_round_trip_through_write_table(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "名稱": ["匯豐控股有限公司", "中国银行", 'Li "Wei", Ltd', "two\nlines", ""],
            "id": ["00005", "03988", "-12.5", "+86 10 1234 5678", "=1+1"],
        },
        dtype=object,
    )
    path = tmp_path / "out.xlsx"
    write_table(frame, path)
    table = read_table(path)
    pd.testing.assert_frame_equal(table, frame)
    assert [source_line(table, i) for i in range(len(table))] == [2, 3, 4, 5, 6]


def test_values_become_text_as_shown(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "in.xlsx",
        {"Data": [["id", "n", "x", "when", "at", "ok", "code"]]},
    )
    book = openpyxl.load_workbook(path)
    sheet = book["Data"]
    sheet.append([5, 3.0, 2.5, dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 5, 13, 45), True, 42])
    sheet["G2"].number_format = "00000"
    sheet.append(["00007", 12345678901234, 0.1, dt.date(1999, 12, 31), dt.time(8, 30), False, 7])
    book.save(path)
    assert read_table(path).to_dict("records") == [
        {"id": "5", "n": "3", "x": "2.5", "when": "2024-01-05", "at": "2024-01-05T13:45:00",
         "ok": "TRUE", "code": "00042"},
        {"id": "00007", "n": "12345678901234", "x": "0.1", "when": "1999-12-31",
         "at": "08:30:00", "ok": "FALSE", "code": "7"},
    ]  # fmt: skip


def test_sheet_by_name_or_position_and_unknown_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "in.xlsx", {"A": [["a"], ["1"]], "名單": [["b"], ["2"]]})
    assert list(read_table(path).columns) == ["a"]
    assert read_table(path, sheet="名單")["b"].tolist() == ["2"]
    assert read_table(path, sheet=1)["b"].tolist() == ["2"]
    with pytest.raises(InputError, match="no sheet named 'C'; the sheets are: 'A', '名單'"):
        read_table(path, sheet="C")
    with pytest.raises(InputError, match="no sheet at position 2"):
        read_table(path, sheet=2)


def test_rows_are_excel_row_numbers_and_blank_rows_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [[], ["id", "name", None], ["1", "a"], [], ["1", "b"], [None]]
    path = _workbook(tmp_path / "in.xlsx", {"S": rows})
    table = read_table(path)
    assert list(table.columns) == ["id", "name"]
    assert table["name"].tolist() == ["a", "b"]
    with pytest.raises(InputError) as caught:
        check_unique(table, "id")
    assert (caught.value.line, caught.value.column) == (5, 1)
    assert "first seen at line 3" in str(caught.value)


def test_header_errors_use_column_letters(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "dup.xlsx", {"S": [["id", "name", "id"], ["1", "a", "2"]]})
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert (caught.value.line, caught.value.column) == (1, 3)
    assert "column C repeats the name 'id' of column A" in str(caught.value)

    path = _workbook(tmp_path / "gap.xlsx", {"S": [["id", None, "name"], ["1", "x", "a"]]})
    with pytest.raises(InputError, match="column B has no name"):
        read_table(path)


def test_value_beyond_the_header(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "in.xlsx", {"S": [["id", "name"], ["1", "a"], ["2", "b", None, "x"]]}
    )
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert (caught.value.line, caught.value.column) == (3, 4)
    assert "cell D3" in str(caught.value)


def test_empty_sheet_bad_workbook_and_xls(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", {"S": []})
    with pytest.raises(InputError, match="file is empty"):
        read_table(path)
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("id,name\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a readable \.xlsx workbook"):
        read_table(bogus)
    renamed = tmp_path / "renamed.csv"
    write_table(pd.DataFrame({"a": ["1"]}), tmp_path / "real.xlsx")
    renamed.write_bytes((tmp_path / "real.xlsx").read_bytes())
    with pytest.raises(InputError, match=r"probably an \.xlsx workbook"):
        read_table(renamed)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"save as \.xlsx or CSV"):
        read_table(old)


def test_header_only_sheet_and_required_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "in.xlsx", {"S": [["id", "name"]]})
    table = read_table(path, required_columns=["id"])
    assert list(table.columns) == ["id", "name"] and len(table) == 0
    with pytest.raises(InputError, match="missing required column 'dob'"):
        read_table(path, required_columns=["dob"])


def test_control_characters_cannot_go_into_xlsx(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cell B2 holds a control character"):
        write_table(pd.DataFrame({"a": ["1"], "b": ["bell\x07"]}), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []
