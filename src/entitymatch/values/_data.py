"""Reading the knowledge tables in `values/data/`: tab-separated, '#' comments, one header row."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of `data/<name>` without comments and header; cached because tables never change."""
    text = resources.files("entitymatch.values").joinpath("data").joinpath(name).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(tuple(cell.strip() for cell in row) for row in rows[1:])
