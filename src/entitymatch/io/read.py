"""Read a CSV/TSV or Excel table into a DataFrame of strings, with exact error positions.

Analysts' files come from Excel on Chinese and English Windows, so encodings, delimiters and
quoting vary; ids like 00005 must survive; and a bad row in a file of 200,000 lines is only
fixable when the error names its line. So every cell is read as text, nothing is inferred, and
each data row remembers the physical line it started on.

Where errors point: lines are physical, 1-based lines of the file (an embedded newline inside
a quoted field starts a new line, as an editor shows it); for Excel they are the row numbers.
The column of an error is a character column within the line for bytes that cannot be decoded,
and a field number (1-based) for problems with a row's fields; each message says which.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from entitymatch.errors import InputError
from entitymatch.io._decode import decode_bytes
from entitymatch.io._xlsx import XLSX_SUFFIXES, column_letter, read_xlsx

SOURCE_PATH = "source_path"
SOURCE_LINES = "source_lines"
SOURCE_ENCODING = "source_encoding"
SOURCE_DELIMITER = "source_delimiter"

DELIMITERS: tuple[str, ...] = (",", "\t", ";", "|")
_SNIFF_RECORDS = 50
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceLines:
    """The physical line each row of a table started on, looked up by the row's index label.

    Kept in `DataFrame.attrs`, which pandas deep-copies on nearly every operation: copying
    returns the same immutable object so a million-row table does not pay for a copy each time.
    Lookup goes through the index label (read_table numbers rows 0..n-1), so filtering and
    sorting keep lines right; after `reset_index` the labels name other rows.
    """

    __slots__ = ("_lines",)

    def __init__(self, lines: Sequence[int]) -> None:
        self._lines = np.asarray(lines, dtype=np.int64)
        self._lines.setflags(write=False)

    def __len__(self) -> int:
        return len(self._lines)

    def __deepcopy__(self, memo: dict[int, Any]) -> SourceLines:
        return self

    def __repr__(self) -> str:
        return f"SourceLines({len(self)} rows)"

    def get(self, label: Hashable) -> int | None:
        """The line of the row read with index `label`, or None if no such row was read."""
        if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
            index = int(label)
            if 0 <= index < len(self._lines):
                return int(self._lines[index])
        return None


def read_table(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    required_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Read a delimited text file or an .xlsx/.xlsm workbook; every cell a string, "" if empty.

    - Encoding: detected when None (byte order mark, UTF-8, then GB18030 or Big5 by which
      yields the more frequently used Chinese characters); an explicit name overrides.
    - Delimiter: sniffed among comma, tab, semicolon and pipe when None.
    - Header: the first non-blank line; names lose a BOM and surrounding whitespace; empty or
      repeated names are errors. Blank lines are skipped (as pandas does).
    - `sheet`: a workbook's sheet by name or 0-based position; the first sheet by default.
      Ignored for text files, as `encoding` and `delimiter` are for workbooks.
    - `required_columns`: names that must be in the header.

    The frame carries `attrs["source_path"]` and the start line of each row (`source_line`);
    text files also `attrs["source_encoding"]` and `attrs["source_delimiter"]` as used.
    Raises InputError, naming file, line and column, for anything that cannot be read exactly.
    """
    shown = os.fspath(path)
    file = Path(shown)
    _check_readable(file, shown)
    suffix = file.suffix.lower()
    attrs: dict[str, Any] = {SOURCE_PATH: shown}

    if suffix in XLSX_SUFFIXES:
        table = read_xlsx(file, shown, sheet)
        header, records, header_line = table.header, table.rows, table.header_line
        label = _letter_label
    elif suffix in (".xls", ".xlsb", ".ods"):
        raise InputError(f"{suffix} workbooks are not supported: save as .xlsx or CSV", path=shown)
    else:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror}", path=shown) from None
        _refuse_workbook_bytes(data, shown)
        decoded = decode_bytes(data, shown, encoding)
        text = decoded.text
        if not text.strip():
            raise InputError("file is empty", path=shown)
        _reject_nul(text, shown)
        chosen = check_delimiter(delimiter, shown) if delimiter is not None else sniff(text)
        header, records, header_line = _parse_delimited(text, chosen, shown)
        attrs[SOURCE_ENCODING] = decoded.encoding
        attrs[SOURCE_DELIMITER] = chosen
        label = _field_label

    columns = _clean_header(header, header_line, shown, label)
    _check_required(columns, required_columns, header_line, shown)
    frame = pd.DataFrame([fields for _, fields in records], columns=columns, dtype=object)
    attrs[SOURCE_LINES] = SourceLines([line for line, _ in records])
    frame.attrs.update(attrs)
    return frame


def source_line(df: pd.DataFrame, row_position: int) -> int | None:
    """The file line (or Excel row) where the row at `row_position` started, if still known.

    Rows are found by index label, so filtered and sorted frames still answer correctly.
    None when the frame did not come from read_table or pandas dropped `attrs` (merges and
    concatenations of different tables do). After `reset_index` the labels no longer name the
    rows read, and the answer is wrong: look lines up before resetting.
    """
    lines = df.attrs.get(SOURCE_LINES)
    if not isinstance(lines, SourceLines) or not 0 <= row_position < len(df):
        return None
    return lines.get(df.index[row_position])


def check_unique(df: pd.DataFrame, column: str) -> None:
    """Raise InputError at the first repeated value of `column`, naming both lines.

    Values are compared exactly as read ("00005" and "5" differ); two empty cells repeat too,
    since an id column with blanks cannot identify those rows.
    """
    path = df.attrs.get(SOURCE_PATH)
    if column not in df.columns:
        available = ", ".join(repr(str(name)) for name in df.columns)
        raise InputError(
            f"no column {column!r} to check for duplicates; the columns are: {available}",
            path=path,
        )
    field = int(df.columns.get_loc(column)) + 1
    first_seen: dict[Any, int] = {}
    for position, value in enumerate(df[column].tolist()):
        first = first_seen.setdefault(value, position)
        if first == position:
            continue
        line, first_line = source_line(df, position), source_line(df, first)
        where_first = f"line {first_line}" if first_line is not None else f"row {first + 1}"
        where = f"line {line}" if line is not None else f"row {position + 1}"
        raise InputError(
            f"duplicate value {value!r} in column {column!r} at {where}: "
            f"first seen at {where_first}",
            path=path,
            line=line,
            column=field,
        )


def sniff(text: str) -> str:
    """Guess the delimiter: the candidate giving every sampled record the header's width.

    Each candidate parses the first records with full quoting rules, so commas inside quoted
    fields or newlines inside cells do not mislead it. Preference: a width above one, then a
    consistent width, then the widest; ties go to the order comma, tab, semicolon, pipe.
    """
    best: tuple[bool, bool, float, int] | None = None
    chosen = DELIMITERS[0]
    for delimiter in DELIMITERS:
        widths: list[int] = []
        failed = False
        reader = csv.reader(_physical_lines(text), delimiter=delimiter, strict=True)
        try:
            for fields in reader:
                if fields:
                    widths.append(len(fields))
                if len(widths) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            failed = True
        if not widths:
            continue
        header_width = widths[0]
        agreeing = sum(width == header_width for width in widths) / len(widths)
        score = (header_width > 1, agreeing == 1 and not failed, agreeing, header_width)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def _check_readable(file: Path, shown: str) -> None:
    try:
        if file.is_dir():
            raise InputError("is a directory, not a table file", path=shown)
        if not file.exists():
            raise InputError("file not found", path=shown)
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path=shown) from None


def check_delimiter(delimiter: str, shown: str) -> str:
    """`delimiter` if the csv module can use it unambiguously, else InputError."""
    if len(delimiter) != 1 or delimiter in '"\r\n\0':
        raise InputError(
            f"delimiter must be one character other than a quote or newline, not {delimiter!r}",
            path=shown,
        )
    return delimiter


def _refuse_workbook_bytes(data: bytes, shown: str) -> None:
    """A workbook saved under a .csv name would otherwise fail as an undecodable text file."""
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a zip file, probably an .xlsx workbook: give it the .xlsx extension",
            path=shown,
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError(
            "this is an old binary Excel (.xls) workbook: save it as .xlsx or CSV", path=shown
        )


def _reject_nul(text: str, shown: str) -> None:
    """A NUL never belongs in a text table: it means a binary file or UTF-16 without a BOM."""
    offset = text.find("\0")
    if offset < 0:
        return
    line, column = _text_position(text, offset)
    raise InputError(
        f"NUL character at line {line}, character {column}: not a text table, or UTF-16 "
        "without a byte order mark (name the encoding, e.g. utf-16-le)",
        path=shown,
        line=line,
        column=column,
    )


def _physical_lines(text: str) -> Iterator[str]:
    """Split like a universal-newline file opened with newline="": CR LF, CR and LF end lines."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def _parse_delimited(
    text: str, delimiter: str, shown: str
) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """Header, (start line, fields) of each data row, and the header's line."""
    records = _records(text, delimiter, shown)
    try:
        header_line, header = next(records)
    except StopIteration:
        raise InputError("file is empty", path=shown) from None
    width = len(header)
    rows: list[tuple[int, list[str]]] = []
    for line, fields in records:
        if len(fields) != width:
            if len(fields) == 1 and not fields[0].strip():
                continue  # a line of spaces is a blank line, not a one-field row
            raise _width_error(line, fields, width, shown)
        rows.append((line, fields))
    return header, rows, header_line


def _records(text: str, delimiter: str, shown: str) -> Iterator[tuple[int, list[str]]]:
    """(start line, fields) of each non-blank record, with line numbers from the reader.

    csv.reader counts the physical lines it has consumed, so a record starts one line after
    the previous record ended, however many embedded newlines that record held.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    consumed = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _malformed(text, consumed + 1, delimiter, shown, error) from None
        start, consumed = consumed + 1, reader.line_num
        if fields:
            yield start, fields


def _width_error(line: int, fields: list[str], width: int, shown: str) -> InputError:
    found = len(fields)
    if found > width:
        detail = f"field {width + 1} is the first extra one"
        column = width + 1
    else:
        detail = f"field {found + 1} is the first missing one"
        column = found + 1
    return InputError(
        f"expected {width} fields as in the header, found {found} ({detail})",
        path=shown,
        line=line,
        column=column,
    )


def _malformed(
    text: str, start_line: int, delimiter: str, shown: str, error: csv.Error
) -> InputError:
    """Explain a csv.Error by re-scanning the record that starts at `start_line`."""
    offset = _line_offset(text, start_line)
    problem = _scan_quotes(text, offset, start_line, delimiter)
    if problem is None:
        return InputError(f"malformed row: {error}", path=shown, line=start_line)
    message, field = problem
    return InputError(message, path=shown, line=start_line, column=field)


def _scan_quotes(text: str, offset: int, line: int, delimiter: str) -> tuple[str, int] | None:
    """Find a quoting fault in the record at `offset`: (message, field number) or None.

    Follows the csv module's strict rules: a quote opens a quoted field only at the field's
    start; inside, a doubled quote is a literal quote; after the closing quote only the
    delimiter or the end of the line may come.
    """
    field, column = 1, 1
    state = "start"
    opened = (line, column)
    position = offset
    while position < len(text):
        char = text[position]
        is_break = char in "\r\n"
        if state == "quoted":
            if char == '"':
                state = "closing"
        elif state == "closing":
            if char == '"':
                state = "quoted"
            elif char == delimiter:
                field, state = field + 1, "start"
            elif is_break:
                return None
            else:
                return (
                    f"field {field}: {char!r} after the closing quote at line {line}, character "
                    f"{column}; a quote inside a quoted field must be doubled",
                    field,
                )
        elif is_break:
            return None
        elif char == delimiter:
            field, state = field + 1, "start"
        elif state == "start" and char == '"':
            state, opened = "quoted", (line, column)
        else:
            state = "plain"
        if char == "\n" or (char == "\r" and text[position + 1 : position + 2] != "\n"):
            line, column = line + 1, 1
        elif char != "\r":
            column += 1
        position += 1
    if state == "quoted":
        return (
            f"field {field}: the quote opened at line {opened[0]}, character {opened[1]} "
            "is never closed",
            field,
        )
    return None


def _line_offset(text: str, line: int) -> int:
    """Offset in `text` where physical line `line` (1-based) begins."""
    if line <= 1:
        return 0
    for count, match in enumerate(_LINE_BREAK.finditer(text), start=2):
        if count == line:
            return match.end()
    return len(text)


def _text_position(text: str, offset: int) -> tuple[int, int]:
    prefix = text[:offset]
    breaks = list(_LINE_BREAK.finditer(prefix))
    if not breaks:
        return 1, offset + 1
    return len(breaks) + 1, offset - breaks[-1].end() + 1


def _field_label(position: int) -> str:
    return f"field {position}"


def _letter_label(position: int) -> str:
    return f"column {column_letter(position)}"


def _clean_header(
    header: Sequence[str], header_line: int, shown: str, label: Callable[[int], str]
) -> list[str]:
    """Strip BOMs and whitespace from names; refuse empty and repeated ones."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(header, start=1):
        name = raw.strip().strip("\ufeff").strip()
        if not name:
            raise InputError(
                f"header {label(position)} has no name",
                path=shown,
                line=header_line,
                column=position,
            )
        if name in seen:
            raise InputError(
                f"header {label(position)} repeats the name {name!r} of {label(seen[name])}",
                path=shown,
                line=header_line,
                column=position,
            )
        seen[name] = position
        names.append(name)
    return names


def _check_required(
    columns: Sequence[str], required: Sequence[str], header_line: int, shown: str
) -> None:
    if isinstance(required, str):
        required = (required,)
    present = set(columns)
    missing = [name for name in required if name not in present]
    if missing:
        wanted = ", ".join(repr(name) for name in missing)
        available = ", ".join(repr(name) for name in columns)
        plural = "s" if len(missing) > 1 else ""
        raise InputError(
            f"missing required column{plural} {wanted}; the header has: {available}",
            path=shown,
            line=header_line,
        )
