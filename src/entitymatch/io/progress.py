"""Progress bars for long runs, shown only to a person watching a terminal.

Written to stderr so that results piped from stdout stay clean, and silent when stderr is not a
terminal (CI logs, cron, redirection), where a redrawn bar would only leave noise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from tqdm import tqdm


def progress(
    iterable: Iterable[Any] | None = None,
    *,
    total: int | None = None,
    desc: str = "",
    unit: str = "it",
    enabled: bool | None = None,
) -> Any:
    """A tqdm bar: iterate through it, or use it in `with` and call `.update(n)`.

    `enabled=None` shows the bar only when stderr is a terminal; a disabled bar still iterates
    and accepts `update`, so callers need no second code path.
    """
    if enabled is None:
        isatty = getattr(sys.stderr, "isatty", None)  # stderr may be None or a bare object
        enabled = bool(isatty and isatty())
    return tqdm(
        iterable,
        total=total,
        desc=desc or None,
        unit=unit,
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
        leave=False,
    )
