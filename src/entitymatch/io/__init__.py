"""Tables in and out: CSV/TSV in the encodings Chinese and English Excel users produce, .xlsx.

Reading keeps every cell as the exact text of the file and remembers where each row came from,
so later errors can name a line; writing is atomic and defuses spreadsheet formulas.
"""

from __future__ import annotations

from entitymatch.io.progress import progress
from entitymatch.io.read import check_unique, read_table, source_line
from entitymatch.io.write import ensure_distinct, is_formula_risk, write_table

__all__ = [
    "check_unique",
    "ensure_distinct",
    "is_formula_risk",
    "progress",
    "read_table",
    "source_line",
    "write_table",
]
