"""write_table: atomic replacement, formula neutralisation, encodings, and refusing to clobber."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.io import ensure_distinct, is_formula_risk, read_table, write_table


class Exploding:
    """A cell whose text cannot be produced, to fail a write half-way."""

    def __str__(self) -> str:
        raise RuntimeError("boom")


def _frame_failing_late(rows: int = 2000) -> pd.DataFrame:
    cells: list[object] = [f"名字{i}" for i in range(rows)]
    cells[-1] = Exploding()
    return pd.DataFrame({"id": [str(i) for i in range(rows)], "name": cells})


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx"])
def test_failure_mid_write_leaves_no_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    scratch = tmp_path / "scratch"  # where openpyxl streams a sheet before zipping it
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(RuntimeError, match="boom"):
        write_table(_frame_failing_late(), tmp_path / name)
    assert [p.name for p in tmp_path.iterdir()] == ["scratch"]
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx"])
def test_failure_leaves_existing_target_untouched(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    write_table(pd.DataFrame({"id": ["1"]}), target)
    before = target.read_bytes()
    with pytest.raises(RuntimeError):
        write_table(_frame_failing_late(), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_failing_rename_becomes_input_error_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def refuse(source: str, destination: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="Permission denied") as caught:
        write_table(pd.DataFrame({"a": ["1"]}), target)
    assert caught.value.path == str(target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_unencodable_character_names_row_and_column(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    frame = pd.DataFrame({"id": ["1", "2"], "name": ["中国", "𠮷野家"]})
    with pytest.raises(InputError) as caught:
        write_table(frame, target, encoding="gbk")
    message = str(caught.value)
    assert "data row 2" in message and "column B ('name')" in message and "U+20BB7" in message
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_and_bad_options(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["1"]})
    with pytest.raises(InputError, match="cannot write"):
        write_table(frame, tmp_path / "no" / "out.csv")
    with pytest.raises(InputError, match="unknown encoding"):
        write_table(frame, tmp_path / "out.csv", encoding="nope")
    with pytest.raises(InputError, match="delimiter"):
        write_table(frame, tmp_path / "out.csv", delimiter="ab")
    with pytest.raises(InputError, match=r"\.xls"):
        write_table(frame, tmp_path / "out.xls")
    assert list(tmp_path.iterdir()) == []


def test_permissions_follow_umask_or_existing_file(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["1"]})
    fresh = tmp_path / "fresh.csv"
    write_table(frame, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    private = tmp_path / "private.csv"
    private.write_text("x\n", encoding="utf-8")
    private.chmod(0o600)
    write_table(frame, private)
    assert private.stat().st_mode & 0o777 == 0o600


def test_default_is_utf8_bom_minimal_quoting_crlf(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    frame = pd.DataFrame(
        {
            "名称": ["中国银行", 'Li "Wei", Ltd', "two\nlines"],
            "n": pd.Series([1, None, float("nan")], dtype=object),
        }
    )
    write_table(frame, target)
    assert target.read_bytes() == (
        b"\xef\xbb\xbf" + '名称,n\r\n中国银行,1\r\n"Li ""Wei"", Ltd",\r\n"two\nlines",\r\n'.encode()
    )


RISKY = [
    "=1+1",
    '=HYPERLINK("http://evil","x")',
    "@SUM(A1:A2)",
    "+A1",
    "-2+3+cmd|' /C calc'!A0",
    "+HYPERLINK(1)",
    "-E5",
    "\t=1",
    "\rx",
    "=",
    "-",
    "+",
]
SAFE = [
    "-12.5",
    "+3e5",
    "+86 10 1234 5678",
    "+86-138-0013-8000",
    "-1,234.50",
    "(021) 555-0101",
    "中国=China",
    "a-b",
    "李@公司",
    "",
]


@pytest.mark.parametrize("text", RISKY)
def test_risky_cells_get_an_apostrophe(tmp_path: Path, text: str) -> None:
    assert is_formula_risk(text)
    target = tmp_path / "out.csv"
    write_table(pd.DataFrame({"v": [text]}), target, delimiter=";")
    assert read_table(target, delimiter=";")["v"].tolist() == ["'" + text]


@pytest.mark.parametrize("text", SAFE)
def test_numbers_phones_and_plain_text_are_left_alone(tmp_path: Path, text: str) -> None:
    assert not is_formula_risk(text)
    target = tmp_path / "out.csv"
    write_table(pd.DataFrame({"v": [text], "w": ["x"]}), target)
    assert read_table(target)["v"].tolist() == [text]


def test_neutralising_covers_headers_and_can_be_turned_off(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    frame = pd.DataFrame({"=name": ["=1+1"], "id": ["1"]})
    write_table(frame, target)
    assert read_table(target).to_dict("list") == {"'=name": ["'=1+1"], "id": ["1"]}
    write_table(frame, target, neutralise_formulas=False)
    assert read_table(target).to_dict("list") == {"=name": ["=1+1"], "id": ["1"]}


def test_xlsx_cells_are_text_and_risky_ones_quote_prefixed(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    frame = pd.DataFrame({"v": ["=1+1", "+86 10 1234 5678", "00005"]})
    write_table(frame, target)
    sheet = openpyxl.load_workbook(target).active
    cells = [sheet.cell(row=row, column=1) for row in (2, 3, 4)]
    assert [c.value for c in cells] == ["=1+1", "+86 10 1234 5678", "00005"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert [c.quotePrefix for c in cells] == [True, False, False]
    pd.testing.assert_frame_equal(read_table(target), frame.astype(object))


def test_ensure_distinct(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("a\n1\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    ensure_distinct(tmp_path / "new.csv", source)
    ensure_distinct(other, source)
    for output in (source, link, tmp_path / "." / "in.csv"):
        with pytest.raises(InputError, match="overwrite the input"):
            ensure_distinct(output, other, source)
