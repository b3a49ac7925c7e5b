"""Standard forms of the values that sit beside names: dates, phones, codes, amounts, addresses.

Every standardiser takes one string and never raises: it returns a `Standardised` with the
standard form, or with the reason there is none, so a column of messy exports can be cleaned
and reported on in one pass. Layer: uses only `entitymatch.text`, `entitymatch.errors` and
libraries.
"""

from __future__ import annotations

from entitymatch.values.amounts import standardise_amount, standardise_number
from entitymatch.values.dates import standardise_date
from entitymatch.values.identifiers import (
    resident_id_check_digit,
    standardise_identifier,
    standardise_resident_id,
    standardise_uscc,
    uscc_check_character,
)
from entitymatch.values.kinds import KINDS, standardise, standardise_column, standardiser
from entitymatch.values.phones import standardise_phone
from entitymatch.values.result import Standardised
from entitymatch.values.web import standardise_email, standardise_url

__all__ = [
    "KINDS",
    "Standardised",
    "resident_id_check_digit",
    "standardise",
    "standardise_amount",
    "standardise_column",
    "standardise_date",
    "standardise_email",
    "standardise_identifier",
    "standardise_number",
    "standardise_phone",
    "standardise_resident_id",
    "standardise_url",
    "standardise_uscc",
    "standardiser",
    "uscc_check_character",
]
