"""Reading every encoding our users' Excel produces, detected or named, back to the same table."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from entitymatch.errors import InputError
from entitymatch.io import read_table, write_table

SIMPLIFIED = [
    ["name", "name_en", "id"],
    ["中国银行股份有限公司", "Bank of China Limited", "03988"],
    ["腾讯控股有限公司", "Tencent Holdings Ltd.", "00700"],
    ["王小明", "Wang Xiaoming", "00001"],
]
TRADITIONAL = [
    ["名稱", "name_en", "編號"],
    ["臺灣積體電路製造股份有限公司", "Taiwan Semiconductor Manufacturing", "2330"],
    ["匯豐控股有限公司", "HSBC Holdings plc", "00005"],
    ["長江實業集團有限公司", "CK Hutchison, Holdings", "00001"],
]


def _csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n") -> str:
    def quote(cell: str) -> str:
        return f'"{cell}"' if delimiter in cell else cell

    return "".join(delimiter.join(quote(c) for c in row) + newline for row in rows)


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


@pytest.mark.parametrize(
    ("prefix", "codec", "rows", "detected"),
    [
        (b"", "utf-8", SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8, "utf-8", TRADITIONAL, "utf-8-sig"),
        (b"", "gb18030", SIMPLIFIED, "gb18030"),
        (b"", "gbk", SIMPLIFIED, "gb18030"),
        (b"", "gbk", TRADITIONAL, "gb18030"),  # traditional hanzi saved on a mainland PC
        (b"", "cp950", TRADITIONAL, "cp950"),
        (b"", "big5", TRADITIONAL, "cp950"),
        (codecs.BOM_UTF16_LE, "utf-16-le", SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", TRADITIONAL, "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", SIMPLIFIED, "utf-32"),
    ],
)
def test_detects_encoding_and_reads_same_table(
    tmp_path: Path, prefix: bytes, codec: str, rows: list[list[str]], detected: str
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(prefix + _csv_text(rows).encode(codec))
    table = read_table(path)
    pd.testing.assert_frame_equal(table, _frame(rows))
    assert table.attrs["source_encoding"] == detected


def test_excel_unicode_text_is_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 LE with a BOM, tabs, CR LF, commas inside cells."""
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + _csv_text(TRADITIONAL, "\t").encode("utf-16-le"))
    table = read_table(path)
    pd.testing.assert_frame_equal(table, _frame(TRADITIONAL))
    assert table.attrs["source_delimiter"] == "\t"


def test_single_short_row_of_each_script_is_detected(tmp_path: Path) -> None:
    """Short files are where statistical detectors fail; a two-hanzi name must still work."""
    for text, codec in (("姓名\n李白\n", "gb18030"), ("姓名\n蘇軾\n", "cp950")):
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(text.encode(codec))
        assert read_table(path)["姓名"].tolist() == [text.split("\n")[1]]


def test_gb18030_only_characters(tmp_path: Path) -> None:
    """Four-byte GB18030 characters (CJK extension A and B) are outside GBK."""
    rows = [["name", "id"], ["𠮷野家", "1"], ["䶮与王氏", "2"], ["中国石化", "3"]]
    path = tmp_path / "gb.csv"
    path.write_bytes(_csv_text(rows).encode("gb18030"))
    table = read_table(path)
    pd.testing.assert_frame_equal(table, _frame(rows))
    assert table.attrs["source_encoding"] == "gb18030"

    with pytest.raises(InputError) as caught:
        read_table(path, encoding="gbk")
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), 2, 1)
    assert "gbk" in str(error)


def test_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    """Latin-1 bytes that also decode as GB18030 are read as the caller says."""
    path = tmp_path / "latin.csv"
    path.write_bytes("name;city\nMüller;Zürich\n".encode("latin-1"))
    table = read_table(path, encoding="latin-1")
    assert table.to_dict("records") == [{"name": "Müller", "city": "Zürich"}]


def test_explicit_utf8_with_bom_strips_it_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + '"id",name\n1,张三\n'.encode())
    assert list(read_table(path, encoding="utf-8").columns) == ["id", "name"]


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "utf-16", "cp950"])
def test_write_then_read_in_each_encoding(tmp_path: Path, codec: str) -> None:
    rows = TRADITIONAL if codec == "cp950" else SIMPLIFIED
    path = tmp_path / "out.csv"
    write_table(_frame(rows), path, encoding=codec)
    pd.testing.assert_frame_equal(read_table(path), _frame(rows))


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_table(path, encoding="klingon")
    with pytest.raises(InputError, match="not a text encoding"):
        read_table(path, encoding="base64")


def test_tie_goes_to_the_decoding_that_keeps_to_one_script(tmp_path: Path) -> None:
    """曾鞏 in Big5 is 纯綿 in GB18030: as common, but mixing simplified 纯 with traditional 綿."""
    path = tmp_path / "t.csv"
    path.write_bytes("曾鞏\n".encode("cp950"))
    table = read_table(path)
    assert list(table.columns) == ["曾鞏"] and table.attrs["source_encoding"] == "cp950"


def test_latin1_text_that_gb18030_can_decode_is_refused(tmp_path: Path) -> None:
    """Latin-1 "Müller" decodes as GB18030 (M黮ler) yet gives no Chinese words: refuse it."""
    path = tmp_path / "t.csv"
    data = "name\nMüller GmbH\n".encode("cp1252")
    assert "M黮ler" in data.decode("gb18030")  # the misreading exists
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert (caught.value.line, caught.value.column) == (2, 2)
    assert "name the encoding" in str(caught.value)
