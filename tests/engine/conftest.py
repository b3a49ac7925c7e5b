"""Shared test data for the engine: a small, seeded table of people with typo'd duplicates."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

from entitymatch.compare.levels import FieldComparison

GIVEN = [
    "james",
    "mary",
    "john",
    "linda",
    "robert",
    "susan",
    "michael",
    "karen",
    "david",
    "lisa",
    "wei",
    "fang",
    "jun",
    "ying",
    "hao",
    "lei",
    "jing",
    "tao",
    "ming",
    "xiu",
]
SURNAMES = [
    "smith",
    "nguyen",
    "brown",
    "wilson",
    "taylor",
    "johnson",
    "white",
    "martin",
    "anderson",
    "thompson",
    "walker",
    "harris",
    "li",
    "wang",
    "zhang",
    "chen",
    "liu",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
]
CITIES = [
    "sydney",
    "melbourne",
    "brisbane",
    "perth",
    "adelaide",
    "hobart",
    "darwin",
    "canberra",
    "beijing",
    "shanghai",
    "shenzhen",
    "guangzhou",
    "chengdu",
    "hangzhou",
]

SETTINGS: dict[str, Any] = {
    "id_column": "id",
    "fields": [
        {"column": "given", "kind": "text", "method": "jaro_winkler"},
        {"column": "surname", "kind": "text", "method": "jaro_winkler", "tf_adjustment": True},
        {"column": "dob", "kind": "text", "method": "damerau_levenshtein", "thresholds": [1, 2]},
        {"column": "city", "kind": "text", "method": "jaro_winkler"},
        {"column": "phone", "kind": "text", "method": "damerau_levenshtein", "thresholds": [1, 2]},
    ],
    "blocking": [
        {"columns": ["surname"]},
        {"columns": ["dob"]},
        {"columns": ["phone"]},
    ],
    "scoring": {"model": "fellegi_sunter", "threshold": 0.9, "u_sample_pairs": 20_000},
}


# The same run as SETTINGS, as a settings file.
TOML = """\
id_column = "id"

[[fields]]
column = "given"
kind = "text"

[[fields]]
column = "surname"
kind = "text"
tf_adjustment = true

[[fields]]
column = "dob"
kind = "text"
method = "damerau_levenshtein"
thresholds = [1, 2]

[[fields]]
column = "city"
kind = "text"

[[fields]]
column = "phone"
kind = "text"
method = "damerau_levenshtein"
thresholds = [1, 2]

[[blocking]]
columns = "surname"

[[blocking]]
columns = "dob"

[[blocking]]
columns = "phone"

[scoring]
model = "fellegi_sunter"
threshold = 0.9
u_sample_pairs = 20000
"""


def _typo(text: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(0, len(text) - 1))
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # swap two neighbours


def make_people(n_people: int = 400, n_duplicates: int = 150, seed: int = 0) -> pd.DataFrame:
    """People as strings, id 'p<person>-<copy>'; copy 0 is the original."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(n_people):
        year, month, day = rng.integers(1940, 2005), rng.integers(1, 13), rng.integers(1, 29)
        rows.append(
            {
                "id": f"p{p:04d}-0",
                "given": str(rng.choice(GIVEN)),
                "surname": str(rng.choice(SURNAMES)),
                "dob": f"{year}{month:02d}{day:02d}",
                "city": str(rng.choice(CITIES)),
                "phone": f"{rng.integers(10_000_000, 99_999_999)}",
            }
        )
    for k, p in enumerate(rng.choice(n_people, n_duplicates, replace=False)):
        copy = dict(rows[p])
        copy["id"] = f"p{p:04d}-{k + 1}"
        field = str(rng.choice(["given", "surname", "dob", "city", "phone"]))
        copy[field] = _typo(copy[field], rng)
        if rng.random() < 0.3:
            copy["city"] = ""
        rows.append(copy)
    order = rng.permutation(len(rows))
    return pd.DataFrame([rows[i] for i in order]).reset_index(drop=True)


def person_of(record_id: str) -> str:
    return record_id.split("-")[0]


@pytest.fixture
def people() -> pd.DataFrame:
    return make_people()


@pytest.fixture
def settings() -> dict[str, Any]:
    return copy.deepcopy(SETTINGS)


@dataclass(frozen=True)
class Explained(FieldComparison):
    """A comparison result that carries one explanation per pair."""

    explanation: tuple[str, ...] = ()


class ExplainingComparator:
    """Wraps a comparator and explains every pair it compares with
    `words(result, left_rows, right_rows)`, through the result, as a comparator may."""

    def __init__(
        self,
        inner: Any,
        words: Callable[[FieldComparison, np.ndarray, np.ndarray], tuple[str, ...]],
    ) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.words = words

    def prepare(self, values: Any) -> Any:
        return self.inner.prepare(values)

    def compare(self, left: Any, right: Any, li: np.ndarray, ri: np.ndarray) -> FieldComparison:
        result = self.inner.compare(left, right, li, ri)
        return Explained(result.levels, result.similarity, self.words(result, li, ri))

    def describe(self) -> str:
        return str(self.inner.describe())
