"""Name normalisation for people and organisations across hanzi, pinyin and English.

`normalize_name` turns a string into a `NormalizedName` (cached by value); `AliasTable` holds
known other names of an entity; `name_blocking_keys` gives the keys under which a name meets
its variants in other scripts. Knowledge tables live in `data/`, each naming its source.
"""

from __future__ import annotations

from entitymatch.names.aliases import AliasTable
from entitymatch.names.keys import name_blocking_keys
from entitymatch.names.normalize import normalize_name, normalize_names
from entitymatch.names.normalized import Kind, NormalizedName

__all__ = [
    "AliasTable",
    "Kind",
    "NormalizedName",
    "name_blocking_keys",
    "normalize_name",
    "normalize_names",
]
