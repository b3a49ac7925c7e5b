"""One entry point for every value kind, and whole columns standardised once per distinct value."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from entitymatch.errors import SettingsError
from entitymatch.values.amounts import standardise_amount, standardise_number
from entitymatch.values.dates import standardise_date
from entitymatch.values.identifiers import (
    standardise_identifier,
    standardise_resident_id,
    standardise_uscc,
)
from entitymatch.values.phones import standardise_phone
from entitymatch.values.result import Standardised, empty
from entitymatch.values.web import standardise_email, standardise_url

STANDARDISERS: dict[str, Callable[[str], Standardised]] = {
    "date": standardise_date,
    "phone": standardise_phone,
    "uscc": standardise_uscc,
    "resident_id": standardise_resident_id,
    "identifier": standardise_identifier,
    "amount": standardise_amount,
    "number": standardise_number,
    "email": standardise_email,
    "url": standardise_url,
}
KINDS: tuple[str, ...] = tuple(STANDARDISERS)


def standardiser(kind: str) -> Callable[[str], Standardised]:
    """The standardising function for `kind`; SettingsError names the kinds there are."""
    try:
        return STANDARDISERS[kind]
    except KeyError:
        raise SettingsError(
            f"unknown value kind {kind!r}; expected one of: {', '.join(KINDS)}"
        ) from None


def standardise(kind: str, text: str) -> Standardised:
    """Standardise one value of the given kind ('date', 'phone', 'uscc', 'resident_id',
    'identifier', 'amount', 'number', 'email' or 'url')."""
    return standardiser(kind)(text)


def standardise_column(kind: str, values: Sequence[str | None]) -> list[Standardised]:
    """Standardise a column, working once per distinct value: repeated values share one result.

    None counts as missing, as does a float NaN from pandas.
    """
    function = standardiser(kind)
    cache: dict[str, Standardised] = {}
    missing = empty(None)
    results = []
    for value in values:
        if not isinstance(value, str):
            results.append(missing)
            continue
        result = cache.get(value)
        if result is None:
            result = cache[value] = function(value)
        results.append(result)
    return results
