"""Bad input: every error names the file, the physical line and the column, and says which."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.io import check_unique, read_table, source_line


def _write(tmp_path: Path, data: bytes | str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _error(path: Path, **options: object) -> InputError:
    with pytest.raises(InputError) as caught:
        read_table(path, **options)  # type: ignore[arg-type]
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    return caught.value


# Decoding ------------------------------------------------------------------------------------


def test_undecodable_byte_with_explicit_encoding_names_line_and_character(tmp_path: Path) -> None:
    data = "name,id\r\n王小明,1\r\n".encode() + "李四".encode() + b"\xff,2\r\n"
    error = _error(_write(tmp_path, data), encoding="utf-8")
    assert (error.line, error.column) == (3, 3)  # characters, not bytes: 李四 is 6 bytes
    assert "0xFF" in str(error) and "utf-8" in str(error) and "character 3" in str(error)


def test_undecodable_byte_after_embedded_newline_and_cr_only_lines(tmp_path: Path) -> None:
    data = '"a\rb",x\r1,"two\r\nlines"\rzz'.encode("gb18030") + b"\x80"
    error = _error(_write(tmp_path, data), encoding="gb18030")
    assert (error.line, error.column) == (5, 3)


def test_column_counts_characters_in_multibyte_encodings(tmp_path: Path) -> None:
    data = "名\n".encode("gb18030") + "中文".encode("gb18030") + b"\xff\n"
    error = _error(_write(tmp_path, data), encoding="gb18030")
    assert (error.line, error.column) == (2, 3)


def test_nothing_decodes_points_at_first_non_utf8_byte(tmp_path: Path) -> None:
    data = "name,city\nJosé Müller,Köln\n".encode("cp1252")
    error = _error(_write(tmp_path, data))
    assert (error.line, error.column) == (2, 4)
    message = str(error)
    assert "0xE9" in message and "utf-8" in message and "gb18030" in message


def test_utf8_with_one_damaged_byte_is_not_read_as_gb18030(tmp_path: Path) -> None:
    good = "名稱,編號\n中國銀行(香港)有限公司,02388\n招商局港口控股有限公司,00144\n".encode()
    damaged = good.replace("港口".encode(), "港口".encode()[:-1], 1)
    error = _error(_write(tmp_path, damaged))
    assert error.line == 3


def test_nul_bytes_are_refused_with_position(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, b"a,b\n1,\x002\n"))
    assert (error.line, error.column) == (2, 3)
    assert "NUL" in str(error)


# Structure -----------------------------------------------------------------------------------

EMBEDDED = 'id,name,note\n1,"multi\nline ""quoted""",x\n'


def test_too_many_fields_after_an_embedded_newline(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, EMBEDDED + "2,b,c,d\n3,e,f\n"))
    assert (error.line, error.column) == (4, 4)
    assert "expected 3 fields" in str(error) and "found 4" in str(error)
    assert "field 4" in str(error)


def test_too_few_fields(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, EMBEDDED + "\n2,b\n"))
    assert (error.line, error.column) == (5, 3)
    assert "found 2" in str(error) and "field 3 is the first missing" in str(error)


def test_unterminated_quote_names_the_line_the_row_starts_on(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, EMBEDDED + '2,"never closed,x\n3,y,z\n'))
    assert (error.line, error.column) == (4, 2)
    assert "never closed" in str(error) and "line 4, character 3" in str(error)


def test_text_after_closing_quote(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, EMBEDDED + '2,"a"b,c\n'))
    assert (error.line, error.column) == (4, 2)
    assert "closing quote" in str(error)


def test_line_numbers_with_crlf_and_cr_endings(tmp_path: Path) -> None:
    for newline in ("\r\n", "\r"):
        text = newline.join(["a,b", '1,"x' + newline + 'y"', "", "2,3,4"]) + newline
        error = _error(_write(tmp_path, text, f"n{len(newline)}.csv"))
        assert error.line == 5


@pytest.mark.parametrize(
    "data", [b"", codecs.BOM_UTF8, b"  \r\n\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert "file is empty" in str(_error(_write(tmp_path, data)))


def test_header_only_gives_empty_frame_with_columns(tmp_path: Path) -> None:
    for text in ("id;名称\n", "id;名称"):
        table = read_table(_write(tmp_path, text))
        assert list(table.columns) == ["id", "名称"] and len(table) == 0
        assert all(dtype is pd.api.types.pandas_dtype(object) for dtype in table.dtypes)


def test_duplicate_header_after_stripping(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "\n\nid,name, id \n1,a,2\n"))
    assert (error.line, error.column) == (3, 3)
    assert "field 3 repeats the name 'id' of field 1" in str(error)


def test_empty_header_name(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "id,  ,name\n1,2,3\n"))
    assert (error.line, error.column) == (1, 2)
    assert "field 2 has no name" in str(error)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "not found" in str(_error(tmp_path / "nope.csv"))
    assert "directory" in str(_error(tmp_path))


def test_missing_required_columns_lists_available(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "id,name\n1,a\n"), required_columns=["name", "dob", "city"])
    assert error.line == 1
    assert "'dob', 'city'" in str(error) and "'id', 'name'" in str(error)


def test_invalid_delimiter(tmp_path: Path) -> None:
    assert "delimiter" in str(_error(_write(tmp_path, "a\n1\n"), delimiter='"'))


# Lines of rows and duplicate ids -------------------------------------------------------------


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, EMBEDDED + "\n00002,b,\n2,c,\n00002,d,\n")
    table = read_table(path)
    assert [source_line(table, i) for i in range(len(table))] == [2, 5, 6, 7]
    with pytest.raises(InputError) as caught:
        check_unique(table, "id")
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), 7, 1)
    assert "'00002'" in str(error) and "'id'" in str(error) and "first seen at line 5" in str(error)
    check_unique(table, "name")


def test_check_unique_unknown_column_and_plain_frames() -> None:
    frame = pd.DataFrame({"id": ["1", "1"]})
    with pytest.raises(InputError, match="first seen at row 1"):
        check_unique(frame, "id")
    with pytest.raises(InputError, match="no column 'key'"):
        check_unique(frame, "key")
    assert source_line(frame, 0) is None


def test_source_lines_follow_rows_through_filtering_and_sorting(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "id,v\n1,b\n\n2,a\n3,c\n"))
    kept = table[table["id"] != "1"].sort_values("v", ascending=False).copy()
    assert kept["id"].tolist() == ["3", "2"]
    assert [source_line(kept, 0), source_line(kept, 1)] == [5, 4]
    assert source_line(kept, 2) is None
    assert kept.attrs["source_path"] == table.attrs["source_path"]
