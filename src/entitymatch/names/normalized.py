"""The normalised name: a small immutable value computed once per distinct string."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from entitymatch.names.phonetics import Unit
from entitymatch.names.slots import direct_init
from entitymatch.text import Script

Kind = Literal["person", "org"]


@direct_init
@dataclass(frozen=True, slots=True)
class PersonParse:
    """One reading of a person's name: which part is the surname, how the given name splits.

    A romanised name can have several (surname first or last, "xian" or "xi an"); a comparison
    tries them all and keeps the best, so `prior` says how plausible this one is on its own.
    """

    surname: Unit | None
    given: tuple[Unit, ...]
    english: tuple[str, ...] = ()
    surname_last: bool = False
    prior: float = 1.0

    @property
    def given_string(self) -> str:
        return "".join(u.primary for u in self.given)


@direct_init
@dataclass(frozen=True, slots=True)
class OrgTerm:
    """A meaningful part of an organisation's name and how much it counts in a comparison."""

    text: str
    role: Literal["brand", "gloss", "region", "industry"]
    keys: frozenset[str] = frozenset()
    weight: float = 1.0


@direct_init
@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name in the forms entitymatch compares.

    `key` is the equality form (simplified hanzi, case-folded, tones off, punctuation unified);
    `romanisations` are candidate pinyin/romanised readings, best first, with a rank weight.
    Person names fill `surname`/`given_name`; organisations fill `core`, `legal_forms`,
    `regions` and `descriptors`. `parses`/`terms` and `brand` feed the comparison.
    """

    original: str
    kind: Kind
    cleaned: str
    key: str
    script: Script
    romanisations: tuple[tuple[str, float], ...] = ()
    tokens: tuple[str, ...] = ()
    surname: str | None = None
    given_name: str | None = None
    english_names: tuple[str, ...] = ()
    foreign: bool = False
    core: str | None = None
    legal_forms: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    parses: tuple[PersonParse, ...] = ()
    terms: tuple[OrgTerm, ...] = ()
    brand: tuple[Unit, ...] = ()
    alternatives: tuple[NormalizedName, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.key

    @property
    def romanised(self) -> str:
        """The best romanised reading ("jia yangqing"), or the key when there is none."""
        return self.romanisations[0][0] if self.romanisations else self.key
