"""Match quality of `compare_names` on the labelled pairs in fixtures/name_pairs.csv.

    python -m benchmarks.name_quality [--errors N]

Prints precision and recall per category, per kind, and for the group the project's target is
set on: people written in hanzi, pinyin, Wade-Giles or Cantonese (with their hard negatives).
The organisation pairs come from the held-out half of the HKEX and A-share lists, which fed no
knowledge table; the people come from CC-CEDICT, which fed only the surname table.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
from collections import defaultdict
from dataclasses import dataclass, field

import entitymatch as em

PAIRS = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "name_pairs.csv"

#: People written in hanzi, pinyin, Wade-Giles or Cantonese, and the hard negatives among people.
CORE_PEOPLE = frozenset(
    {
        "person_simp_trad",
        "person_hanzi_pinyin",
        "person_order_swap",
        "person_wade_giles",
        "person_cantonese",
        "person_other_romanisation",
        "person_surname_reading",
        "person_neg_same_surname",
        "person_neg_same_pinyin",
        "person_neg_similar",
        "person_neg_cross_script",
    }
)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def add(self, label: bool, predicted: bool, error: str) -> None:
        if label and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append(error)
        elif label:
            self.fn += 1
            self.errors.append(error)
        else:
            self.tn += 1


def evaluate_pairs(path: pathlib.Path = PAIRS) -> dict[str, Tally]:
    """Tallies by category, by kind ("person", "org") and for "core_people"."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            result = em.compare_names(row["name1"], row["name2"], kind=row["kind"])
            label = row["label"] == "1"
            error = f"{row['name1']} | {row['name2']} | label {row['label']} | {result.explanation}"
            groups = [row["category"], row["kind"]]
            if row["category"] in CORE_PEOPLE:
                groups.append("core_people")
            for group in groups:
                tallies[group].add(label, result.is_match, error)
    return dict(tallies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors a category")
    args = parser.parse_args(argv)
    tallies = evaluate_pairs()
    print(f"{'group':28} {'pairs':>5} {'precision':>9} {'recall':>7}")
    for name in sorted(tallies, key=lambda n: (n not in ("core_people", "person", "org"), n)):
        t = tallies[name]
        print(f"{name:28} {t.total:5} {t.precision:9.3f} {t.recall:7.3f}")
        for error in t.errors[: args.errors]:
            print(f"    {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
