"""Properties of the CSV round trip, over arbitrary text."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from entitymatch.io import read_table, write_table

DELIMITERS = (",", ";", "\t", "|")
# Weighted towards characters that stress quoting, header clean-up and decoding.
TRICKY = '",;|\t\r\n \ufeff=中國𠮷'


def _cells(exclude: str) -> st.SearchStrategy[str]:
    """Any text but NUL and the characters in `exclude`."""
    tricky = [c for c in TRICKY if c not in exclude]
    chars = st.characters(codec="utf-8", exclude_characters="\x00" + exclude)
    return st.text(chars | st.sampled_from(tricky), max_size=12)


@st.composite
def frames(draw: st.DrawFn, exclude: str = "", min_columns: int = 1) -> pd.DataFrame:
    cell = _cells(exclude)
    name = cell.filter(lambda s: s != "" and s == s.strip().strip("\ufeff").strip())
    columns = draw(st.lists(name, min_size=min_columns, max_size=4, unique=True))
    width = len(columns)
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=6))
    return pd.DataFrame(rows, columns=columns, dtype=object)


@settings(max_examples=150, deadline=None)
@given(
    frame=frames(),
    encoding=st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "gb18030"]),
    delimiter=st.sampled_from(DELIMITERS),
)
def test_written_cells_read_back_unchanged(
    frame: pd.DataFrame, encoding: str, delimiter: str
) -> None:
    """Any table of text cells (no NUL) written without neutralising reads back cell for cell."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "t.csv"
        write_table(frame, path, encoding=encoding, delimiter=delimiter, neutralise_formulas=False)
        # BOM encodings are detected; GB18030 has no BOM, so arbitrary text needs it named.
        named = encoding if encoding == "gb18030" else None
        table = read_table(path, encoding=named, delimiter=delimiter)
    pd.testing.assert_frame_equal(table, frame)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), delimiter=st.sampled_from(DELIMITERS))
def test_sniffing_finds_the_delimiter_when_no_other_candidate_occurs(
    data: st.DataObject, delimiter: str
) -> None:
    """With two or more columns and no other candidate delimiter in any cell, sniffing is exact."""
    others = "".join(d for d in DELIMITERS if d != delimiter)
    frame = data.draw(frames(exclude=others, min_columns=2))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "t.csv"
        write_table(frame, path, delimiter=delimiter, neutralise_formulas=False)
        table = read_table(path)
    assert table.attrs["source_delimiter"] == delimiter
    pd.testing.assert_frame_equal(table, frame)
