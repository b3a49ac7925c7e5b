"""entitymatch: entity resolution across Chinese and English.

>>> import entitymatch as em
>>> em.compare_names("贾扬清", "Yangqing Jia", kind="person").is_match
True

The public surface is what `__all__` lists; everything else is private by convention.
"""

from __future__ import annotations

__version__ = "0.1.0"

from entitymatch.compare.names import NameComparison, compare_names, compare_normalized
from entitymatch.errors import EntityMatchError, InputError, SettingsError
from entitymatch.names import AliasTable, NormalizedName, normalize_name, normalize_names

__all__ = [
    "AliasTable",
    "EntityMatchError",
    "InputError",
    "NameComparison",
    "NormalizedName",
    "SettingsError",
    "__version__",
    "compare_names",
    "compare_normalized",
    "normalize_name",
    "normalize_names",
]
