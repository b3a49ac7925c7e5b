"""entitymatch: entity resolution across Chinese and English.

The public surface is what `__all__` lists; everything else is private by convention.
"""

from __future__ import annotations

__version__ = "0.1.0"

from entitymatch.errors import EntityMatchError, InputError, SettingsError

__all__ = [
    "EntityMatchError",
    "InputError",
    "SettingsError",
    "__version__",
]
