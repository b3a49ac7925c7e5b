"""The result of standardising one value: the original, its standard form or why there is none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Standardised:
    """One value in its standard form, computed once and shared.

    `value` is None when the input is empty or invalid; `error` says why in plain English when it
    is invalid (and is None when the input is merely empty, which is not an error). `parts` holds
    what the standard form does not show on its own: a date's precision, an identity number's
    birth date, an amount's currency.
    """

    original: str
    value: str | None
    error: str | None = None
    parts: Mapping[str, object] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # Results are cached and shared between rows, so the parts must not be changed in place.
        if not isinstance(self.parts, MappingProxyType):
            object.__setattr__(self, "parts", MappingProxyType(dict(self.parts)))

    def __reduce__(
        self,
    ) -> tuple[type[Standardised], tuple[str, str | None, str | None, dict[str, object]]]:
        # A mappingproxy cannot be pickled; results cross process boundaries as plain dicts.
        return (Standardised, (self.original, self.value, self.error, dict(self.parts)))

    @property
    def is_empty(self) -> bool:
        """True when there was nothing to standardise (None, "" or only spaces)."""
        return self.value is None and self.error is None

    @property
    def is_valid(self) -> bool:
        """True when the value has a standard form."""
        return self.value is not None


def empty(original: str | None) -> Standardised:
    """The result for a missing value."""
    return Standardised(original or "", None)


def invalid(original: str, reason: str) -> Standardised:
    """The result for a value that cannot be read, with the reason."""
    return Standardised(original, None, reason)


def valid(original: str, value: str, **parts: object) -> Standardised:
    """The result for a value read successfully."""
    return Standardised(original, value, None, parts)
