"""Exceptions of our own, so callers can catch entitymatch's failures apart from Python's.

Errors that come from input carry where they come from (file, line, column, key), and the CLI
turns any of them into one clear line and a non-zero exit.
"""

from __future__ import annotations


class EntityMatchError(Exception):
    """Base class of every error entitymatch raises on purpose."""


class InputError(EntityMatchError):
    """A problem in an input file: names the file and, where known, the line and column.

    Lines and columns are 1-based, as an editor shows them.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class SettingsError(EntityMatchError):
    """A settings value that is missing, mistyped or not allowed; names the key that is wrong."""

    def __init__(self, message: str, *, key: str | None = None, path: str | None = None) -> None:
        self.message = message
        self.key = key
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        prefix = f"{self.path}: " if self.path else ""
        key = f"settings key '{self.key}': " if self.key else ""
        return f"{prefix}{key}{self.message}"
