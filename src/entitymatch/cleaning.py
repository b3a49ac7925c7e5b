"""Cleaning: every configured column put into its standard forms, bad values listed.

`clean(df, settings)` keeps every input column as it was and adds, for each field of the
settings (the same file `dedupe` reads), the standard forms its kind has: a person's
simplified name, surname, given name, pinyin and script; an organisation's simplified name,
core, pinyin, legal form and region; ISO dates, E.164 phones, checked identifiers, numbers
and currencies, e-mail addresses and URLs. Values that cannot be standardised are kept as
they were, left blank in the standard column, and listed in the report with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from entitymatch.errors import InputError
from entitymatch.io import source_line
from entitymatch.names import normalize_name
from entitymatch.names.normalized import NormalizedName
from entitymatch.settings import NAME_KINDS, FieldSettings, Settings, load_settings
from entitymatch.text import clean_text, to_simplified
from entitymatch.values import Standardised, standardise

REPORT_COLUMNS = ("line", "column", "value", "reason")
SUMMARY_COLUMNS = ("column", "kind", "filled", "standardised", "invalid")


@dataclass(frozen=True)
class CleanResult:
    """The cleaned table, the report of values that could not be standardised, a summary."""

    data: pd.DataFrame
    report: pd.DataFrame
    summary: pd.DataFrame


def _person(name: NormalizedName) -> dict[str, str]:
    return {
        "simplified": to_simplified(name.cleaned),
        "surname": name.surname or "",
        "given_name": name.given_name or "",
        "pinyin": name.romanised if name.parses or name.foreign else "",
        "script": name.script.value,
    }


def _org(name: NormalizedName) -> dict[str, str]:
    return {
        "simplified": to_simplified(name.cleaned),
        "core": name.core or "",
        "pinyin": name.romanised if name.core else "",
        "legal_form": ";".join(name.legal_forms),
        "region": ";".join(name.regions),
    }


def _value_kind(field: FieldSettings) -> str | None:
    """The value standardiser a field kind uses, None for names and free text."""
    if field.kind == "identifier":
        scheme = str(field.options.get("scheme", "identifier"))
        return scheme if scheme in ("uscc", "resident_id") else "identifier"
    if field.kind == "number":
        return "amount" if field.options.get("amounts") else "number"
    return field.kind if field.kind in ("date", "phone", "email", "url") else None


# The standard columns each value kind adds, and how to fill them from a Standardised value.
_VALUE_COLUMNS: Mapping[str, Mapping[str, Callable[[Standardised], Any]]] = {
    "date": {"std": lambda s: s.value, "precision": lambda s: s.parts.get("precision")},
    "phone": {"e164": lambda s: s.value},
    "email": {"std": lambda s: s.value},
    "url": {"std": lambda s: s.value},
    "identifier": {"std": lambda s: s.value},
    "uscc": {"std": lambda s: s.value},
    "resident_id": {
        "std": lambda s: s.value,
        "birth_date": lambda s: s.parts.get("birth_date"),
        "sex": lambda s: s.parts.get("sex"),
    },
    "amount": {"std": lambda s: s.value, "currency": lambda s: s.parts.get("currency")},
    "number": {"std": lambda s: s.value},
}


def _line(df: pd.DataFrame, position: int) -> int:
    line = source_line(df, position)
    return line if line is not None else position + 2  # header on line 1


def _names_columns(values: Sequence[str], kind: str) -> dict[str, list[str]]:
    build = _person if kind == "person_name" else _org
    cache: dict[str, dict[str, str]] = {}
    rows = []
    for value in values:
        parts = cache.get(value)
        if parts is None:
            parts = cache[value] = build(
                normalize_name(value, "person" if kind == "person_name" else "org")
            )
        rows.append(parts)
    keys = list(build(normalize_name("", "person" if kind == "person_name" else "org")))
    return {
        key: [row[key] if value.strip() else "" for row, value in zip(rows, values, strict=True)]
        for key in keys
    }


def clean(
    df: pd.DataFrame, settings: Settings | Mapping[str, Any] | str | os.PathLike[str]
) -> CleanResult:
    """Standardise the configured columns of `df`; see the module docstring for the output."""
    config = load_settings(settings)
    missing = [f.column for f in config.fields if f.column not in df.columns]
    if missing:
        path = df.attrs.get("source_path")
        raise InputError(
            f"column(s) {', '.join(missing)} named in the settings are not in the input; "
            f"it has {', '.join(map(str, df.columns))}",
            path=str(path) if path else None,
            line=1 if path else None,
        )
    out = df.copy()
    report: list[tuple[int, str, str, str]] = []
    summary: list[tuple[str, str, int, int, int]] = []
    done: set[str] = set()
    for field in config.fields:
        if field.column in done:
            continue
        done.add(field.column)
        values = ["" if pd.isna(v) else str(v) for v in df[field.column]]
        filled = sum(bool(v.strip()) for v in values)
        if field.kind in NAME_KINDS:
            for key, column in _names_columns(values, field.kind).items():
                out[f"{field.column}_{key}"] = column
            summary.append((field.column, field.kind, filled, filled, 0))
            continue
        value_kind = _value_kind(field)
        if value_kind is None:  # text and exact: the cleaned text
            out[f"{field.column}_clean"] = [clean_text(v) for v in values]
            summary.append((field.column, field.kind, filled, filled, 0))
            continue
        cache: dict[str, Standardised] = {}
        results = [cache.setdefault(v, standardise(value_kind, v)) for v in values]
        for key, get in _VALUE_COLUMNS[value_kind].items():
            out[f"{field.column}_{key}"] = [
                ("" if get(r) is None else str(get(r))) if r.is_valid else "" for r in results
            ]
        invalid = 0
        for position, result in enumerate(results):
            if not result.is_empty and not result.is_valid:
                invalid += 1
                report.append(
                    (_line(df, position), field.column, result.original, result.error or "invalid")
                )
        summary.append((field.column, field.kind, filled, filled - invalid, invalid))
    return CleanResult(
        out,
        pd.DataFrame(report, columns=list(REPORT_COLUMNS)),
        pd.DataFrame(summary, columns=list(SUMMARY_COLUMNS)),
    )
