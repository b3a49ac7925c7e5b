"""Excel workbooks through openpyxl: cells in as the text a person sees, cells out as text.

Reading uses read-only mode (streams rows, so large sheets fit in memory) and the values Excel
cached for formulas (`data_only`): an analyst means the shown result, not `=VLOOKUP(...)`.
A workbook saved by a program that does not compute formulas has no cached values, and those
cells read as empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from entitymatch.errors import InputError

XLSX_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")

# A number format of zeros only ("00000") pads integers: how ids with leading zeros are
# usually kept in a numeric cell. Other formats (thousands separators, percent) are not
# applied: the stored value is the faithful one to match on.
_ZERO_PADDED = re.compile(r"0+")


@dataclass(frozen=True)
class XlsxTable:
    """Header cells, (row number, cells) of each data row, and the header's row number."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    header_line: int


def column_letter(position: int) -> str:
    """Excel's letters for a 1-based column number: 1 -> A, 27 -> AA."""
    letters = ""
    while position > 0:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_xlsx(file: Path, shown: str, sheet: str | int | None) -> XlsxTable:
    """Read one sheet: first non-empty row is the header, empty rows are skipped."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops on reading (data validation, styles);
            # none changes a cell value.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise InputError(f"not a readable .xlsx workbook ({error})", path=shown) from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path=shown) from None
    try:
        worksheet = _select_sheet(workbook, sheet, shown)
        return _read_rows(worksheet.iter_rows(min_row=1), shown)
    finally:
        workbook.close()


def _select_sheet(workbook: Any, sheet: str | int | None, shown: str) -> Any:
    names = list(workbook.sheetnames)
    listed = ", ".join(repr(name) for name in names)
    if sheet is None:
        sheet = 0
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise InputError(
                f"no sheet at position {sheet} (counting from 0); the sheets are: {listed}",
                path=shown,
            )
        name = names[sheet]
    elif isinstance(sheet, str) and sheet in names:
        name = sheet
    else:
        raise InputError(f"no sheet named {sheet!r}; the sheets are: {listed}", path=shown)
    worksheet = workbook[name]
    if not hasattr(worksheet, "iter_rows"):
        raise InputError(f"sheet {name!r} is a chart, not a table", path=shown)
    return worksheet


def _read_rows(rows: Iterable[Sequence[Any]], shown: str) -> XlsxTable:
    header: list[str] | None = None
    header_line = 0
    width = 0
    data: list[tuple[int, list[str]]] = []
    number = 0
    for cells in rows:
        number += 1
        # Read-only mode yields empty tuples for gaps; trust a real cell's own row number.
        number = next((c.row for c in cells if getattr(c, "row", None)), number)
        texts = [_cell_text(c) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        if not texts:
            continue
        if header is None:
            header, header_line, width = texts, number, len(texts)
            continue
        if len(texts) > width:
            extra = width + 1 + next(i for i, t in enumerate(texts[width:]) if t)
            cell = f"{column_letter(extra)}{number}"
            raise InputError(
                f"cell {cell} holds {texts[extra - 1]!r} but column {column_letter(extra)} "
                "has no name in the header",
                path=shown,
                line=number,
                column=extra,
            )
        data.append((number, texts + [""] * (width - len(texts))))
    if header is None:
        raise InputError("file is empty (the sheet has no cells)", path=shown)
    return XlsxTable(header, data, header_line)


def _cell_text(cell: Any) -> str:
    """A cell's value as the text a person reads: integers without ".0", dates in ISO 8601."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _number_text(value, getattr(cell, "number_format", None))
    return str(value)


def _number_text(value: float, number_format: str | None) -> str:
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    try:
        text = str(int(value))
    except (OverflowError, ValueError):  # inf or nan cannot be stored by Excel, but be safe
        return repr(value)
    if number_format and _ZERO_PADDED.fullmatch(number_format) and value >= 0:
        return text.zfill(len(number_format))
    return text


def write_xlsx(
    handle: IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    quote_prefix: Callable[[str], bool],
    shown: str,
) -> None:
    """Write one sheet of text cells; never formulas, whatever a cell starts with.

    A cell for which `quote_prefix` is true gets Excel's quote-prefix style: the apostrophe
    Excel itself adds to typed text, which is not part of the value, so the cell stays text
    even when a user edits it, and the value reads back unchanged.
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils.exceptions import IllegalCharacterError

    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet("Sheet1")

    def make(text: str, line: int, position: int) -> Any:
        try:
            cell = WriteOnlyCell(worksheet, value=text)
        except IllegalCharacterError:
            raise InputError(
                f"cell {column_letter(position)}{line} holds a control character that .xlsx "
                "cannot store",
                path=shown,
                line=line,
                column=position,
            ) from None
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if quote_prefix(text):
            cell.quotePrefix = True
        return cell

    try:
        for line, cells in enumerate(itertools.chain([header], rows), start=1):
            worksheet.append([make(text, line, pos) for pos, text in enumerate(cells, start=1)])
        workbook.save(handle)
    except BaseException:
        _abandon(worksheet)
        raise


def _abandon(worksheet: Any) -> None:
    """Close a half-written streaming sheet and delete openpyxl's scratch file for it now.

    Left alone, the sheet's generator tries to finish its XML when garbage-collected, and the
    scratch file in the system temp directory stays until the interpreter exits.
    """
    with contextlib.suppress(Exception):
        worksheet.close()
    writer: Any = getattr(worksheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()
