"""Write a table atomically as CSV (for Excel) or .xlsx, with spreadsheet formulas defused.

Atomic because a run that fails half-way must not leave a truncated file that looks like a
result, nor destroy the previous result: the table is written to a temporary file beside the
target, flushed to disk, and renamed over the target only when complete.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import math
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from entitymatch.errors import InputError
from entitymatch.io._xlsx import column_letter, write_xlsx
from entitymatch.io.read import check_delimiter

# OWASP "CSV injection": a cell starting with one of these may be run as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Digits with the punctuation of phone numbers and amounts. Without a letter there is no
# function name or cell reference, so the worst a spreadsheet can do is arithmetic.
_INERT = re.compile(r"[0-9 +\-().,/%]*[0-9][0-9 +\-().,/%]*")


def is_formula_risk(text: str) -> bool:
    """True when a spreadsheet could run `text` as a formula, so it needs neutralising.

    OWASP's rule is any cell starting with = + - @ tab or carriage return. We exempt cells
    that are a plain number ("-12.5", "+3e5") or digits with phone and amount punctuation
    ("+86 10 1234 5678", "-1,234.50", "(021) 555-0101"): they cannot call a function or reach
    another cell or program, and an apostrophe would corrupt them for every other reader
    (pandas, databases, our own read_table). Anything with a letter, "=", "@", "!", a quote
    or a tab/CR is still neutralised, e.g. "-2+3+cmd|' /C calc'!A0" or "+HYPERLINK(...)".
    """
    if not text.startswith(FORMULA_TRIGGERS):
        return False
    return not (_NUMBER.fullmatch(text) or _INERT.fullmatch(text))


def neutralise(text: str) -> str:
    """Prefix an apostrophe to a risky cell, as OWASP recommends for CSV files."""
    return "'" + text if is_formula_risk(text) else text


def write_table(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    neutralise_formulas: bool = True,
) -> None:
    """Write `df` (header and cells, not the index) to a .csv-like file or an .xlsx workbook.

    - Atomic: the target is replaced only by a complete file; on any error no output and no
      temporary file remain, and an existing target is left as it was.
    - Encoding UTF-8 with a BOM by default, because Excel opens a BOM-less UTF-8 CSV as the
      local ANSI code page and shows hanzi as mojibake; the BOM makes it read UTF-8.
    - Minimal quoting; rows end in CR LF as Excel writes them; newlines inside cells are kept
      as they are (inside quotes).
    - `neutralise_formulas`: cells a spreadsheet could run as formulas get a leading
      apostrophe in CSV (see `is_formula_risk`); in .xlsx every cell is stored as text and
      risky ones get Excel's invisible quote prefix instead, so their values stay unchanged.
    - Missing values (None, NaN, NA) are written as empty cells, anything else with str().
    """
    shown = os.fspath(path)
    target = Path(shown)
    suffix = target.suffix.lower()
    header = [_cell_text(name) for name in df.columns]

    if suffix == ".xlsx":
        quote_prefix = is_formula_risk if neutralise_formulas else _never

        def fill(handle: IO[bytes]) -> None:
            write_xlsx(handle, header, _rows(df), quote_prefix, shown)

    elif suffix in (".xlsm", ".xls", ".xlsb", ".ods"):
        raise InputError(f"cannot write {suffix} workbooks: use .xlsx or CSV", path=shown)
    else:
        _check_encoding(encoding, shown)
        check_delimiter(delimiter, shown)
        clean: Callable[[str], str] = neutralise if neutralise_formulas else _same

        def fill(handle: IO[bytes]) -> None:
            _write_delimited(handle, header, _rows(df), clean, encoding, delimiter, shown)

    _write_atomically(target, shown, fill)


def ensure_distinct(output: str | os.PathLike[str], *inputs: str | os.PathLike[str]) -> None:
    """Raise InputError if `output` is the same file as one of `inputs` (links included).

    Writing the result over an input would destroy the data the result came from.
    """
    out = Path(os.fspath(output))
    if not out.exists():
        return
    for candidate in inputs:
        source = Path(os.fspath(candidate))
        try:
            same = source.exists() and out.samefile(source)
        except OSError:
            same = False
        if same:
            raise InputError(
                f"the output would overwrite the input file {os.fspath(candidate)}; "
                "choose another output path",
                path=os.fspath(output),
            )


def _write_atomically(target: Path, shown: str, fill: Callable[[IO[bytes]], None]) -> None:
    """Write through `fill` into a temporary file beside `target`, then rename it over."""
    directory = target.parent
    temporary = directory / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        # 0o666 lets the umask decide permissions, as for any file the user creates.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise InputError(f"cannot write the output: {error.strerror}", path=shown) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputError(
                f"cannot write the output: {error.strerror or error}", path=shown
            ) from error
        raise
    _sync_directory(directory)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable too; best effort, as not every platform can open a directory."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _write_delimited(
    handle: IO[bytes],
    header: Sequence[str],
    rows: Iterator[list[str]],
    clean: Callable[[str], str],
    encoding: str,
    delimiter: str,
    shown: str,
) -> None:
    stream = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
    try:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        _write_row(writer, [clean(name) for name in header], 0, header, encoding, shown)
        for number, cells in enumerate(rows, start=1):
            _write_row(writer, [clean(text) for text in cells], number, header, encoding, shown)
        stream.flush()
    finally:
        stream.detach()  # the caller owns `handle` and closes it


def _write_row(
    writer: Any,
    cells: list[str],
    number: int,
    header: Sequence[str],
    encoding: str,
    shown: str,
) -> None:
    try:
        writer.writerow(cells)
    except UnicodeEncodeError:
        for position, text in enumerate(cells, start=1):
            try:
                text.encode(encoding)
            except UnicodeEncodeError as error:
                char = text[error.start]
                where = "the header" if number == 0 else f"data row {number}"
                name = header[position - 1] if position <= len(header) else ""
                raise InputError(
                    f"cannot write {char!r} (U+{ord(char):04X}) in {where}, column "
                    f"{column_letter(position)} ({name!r}) as {encoding}; choose an encoding "
                    "that has it, such as utf-8-sig",
                    path=shown,
                ) from None
        raise


def _rows(df: pd.DataFrame) -> Iterator[list[str]]:
    for row in df.itertuples(index=False, name=None):
        yield [_cell_text(value) for value in row]


def _cell_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def _check_encoding(encoding: str, shown: str) -> None:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=shown) from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{encoding!r} is not a text encoding", path=shown)


def _never(text: str) -> bool:
    return False


def _same(text: str) -> str:
    return text
