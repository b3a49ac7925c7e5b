"""Helpers shared by the table builders: paths, the train/held-out split, TSV reading and writing.

The split lives here, in one function, so every builder and the evaluation fixtures agree on
which rows a table may learn from.
"""

from __future__ import annotations

import re
import textwrap
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "genscripts" / "sources"
DATA = ROOT / "src" / "entitymatch" / "names" / "data"

HKEX_TRAIN = SOURCES / "hkex_listed_companies_train.tsv"
A_SHARES_TRAIN = SOURCES / "a_shares_train.tsv"

SPLIT_RULE = (
    "train half = rows whose stock_code (the exact ASCII string in the source file, with its "
    "leading zeros: '00002', '600000') has an even zlib.crc32; the odd half is held out for "
    "evaluation and feeds no table"
)


def is_train(stock_code: str) -> bool:
    """Whether a row with this stock code belongs to the train half.

    Keyed on the stock code, not the row, so every renaming of one listing stays on one side.
    """
    return zlib.crc32(stock_code.encode("ascii")) % 2 == 0


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a TSV with one header row (after optional '#' comment lines); no quoting."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if header is None:
                if line.startswith("#") or not line:
                    continue
                header = line.split("\t")
                continue
            if not line:
                continue
            cells = line.split("\t")
            if len(cells) != len(header):
                raise ValueError(f"{path}: {len(cells)} cells, header has {len(header)}: {line!r}")
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


_HEADING_RE = re.compile(r"^[A-Z][a-z]+(?: [a-z]+)?:")


def _paragraphs(comments: Sequence[str]) -> list[str]:
    paragraphs: list[str] = []
    for text in comments:
        if paragraphs and not _HEADING_RE.match(text):
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
    return paragraphs


def write_table(
    path: Path,
    comments: Sequence[str],
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
) -> int:
    """Write a knowledge table: '#' comment lines, a header row, data rows; return the row count.

    The comment strings are joined into paragraphs, each starting at a 'Heading:' string
    (Source:, Regenerate:, Columns:), and wrapped at 100 characters. Refuses cells that would
    break the no-quoting TSV format.
    """
    count = 0
    lines = [
        f"# {part}"
        for text in _paragraphs(comments)
        for part in textwrap.wrap(text, 98, break_on_hyphens=False)
    ]
    lines.append("\t".join(header))
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"{path.name}: row {row!r} does not match header {header!r}")
        for cell in row:
            if "\t" in cell or "\n" in cell or cell != cell.strip():
                raise ValueError(f"{path.name}: bad cell {cell!r} in {row!r}")
        lines.append("\t".join(row))
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count
