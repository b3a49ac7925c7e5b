"""Subcommands of the `entitymatch` CLI.

Each module named in `_MODULES` defines `register(subparsers)`, which adds its subparser and sets
`func` to a callable taking the parsed arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

_MODULES: tuple[str, ...] = ("compare", "dedupe", "link", "clean", "evaluate")

COMMANDS: list[Register] = [
    importlib.import_module(f"entitymatch.commands.{name}").register for name in _MODULES
]
