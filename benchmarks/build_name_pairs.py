"""Build `fixtures/name_pairs.csv`: labelled pairs of names from real public data.

    python -m benchmarks.build_name_pairs [--data-dir DIR] [--seed 20260612] [-o PATH]

Every pair is a fact of the shared data (CC-CEDICT people, organisations and surnames; the
held-out half of the HKEX and A-share lists) or of the project brief; the only rewriting is
mechanical (simplified/traditional, the spelling variants of a real pinyin name, dropping a
legal form) and the note of each row says which. Nothing looks at what a matcher does. The
output is deterministic for a seed: inputs are sorted, sampling uses one random.Random, and the
rows are deduplicated and shuffled with it.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from benchmarks.sources import (
    DEFAULT_DATA_DIR,
    PersonRow,
    Surnames,
    canonical_hkex_rows,
    english_names,
    given_name_rendered,
    is_held_out,
    join_syllables,
    load_persons,
    read_tsv,
    romanisation_system,
    strip_legal_form_en,
    strip_legal_form_zh,
    to_simplified,
    tone_marked,
    toneless,
)

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("kind", "category", "name1", "name2", "label", "source", "note")
DEFAULT_SEED = 20260612


@dataclass(frozen=True)
class Pair:
    """One labelled row of the fixture."""

    kind: str
    category: str
    name1: str
    name2: str
    label: int
    source: str
    note: str = ""

    def row(self) -> tuple[str, ...]:
        return (
            self.kind,
            self.category,
            self.name1,
            self.name2,
            str(self.label),
            self.source,
            self.note,
        )


@dataclass(frozen=True)
class ChinesePerson:
    """A CC-CEDICT person whose hanzi name splits into a known surname and a given name."""

    row: PersonRow
    surname_len: int

    @property
    def surname(self) -> str:
        return self.row.simp[: self.surname_len]

    @property
    def surname_syllables(self) -> tuple[str, ...]:
        return self.row.syllables[: self.surname_len]

    @property
    def given_syllables(self) -> tuple[str, ...]:
        return self.row.syllables[self.surname_len :]

    @property
    def plain_pinyin(self) -> str:
        return " ".join(toneless(s) for s in self.row.syllables)


def _source(person: PersonRow) -> str:
    return f"cedict_persons:{person.trad}"


def _hanzi(person: PersonRow, rng: random.Random, trad_share: float = 0.5) -> str:
    return person.trad if rng.random() < trad_share else person.simp


def _different(a: PersonRow, b: PersonRow) -> bool:
    """Two CC-CEDICT rows are two people: names, English names and life dates all differ.

    CC-CEDICT has one person under two entries at times (李寶嘉 and 李伯元, both 1867-1906), so
    equal dates or one name inside the other count as the same person.
    """
    if a.simp == b.simp or a.en_name == b.en_name:
        return False
    if a.dates and a.dates == b.dates:
        return False
    if a.simp in b.simp or b.simp in a.simp:
        return False
    return not set(english_names(a)) & set(english_names(b))


# --------------------------------------------------------------------------- pinyin variants


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _parts(person: ChinesePerson, marks: bool = False) -> tuple[str, list[str]]:
    render = tone_marked if marks else toneless
    surname = _cap(join_syllables([render(s).lower() for s in person.surname_syllables]))
    given = [render(s).lower() for s in person.given_syllables]
    return surname, given


def _variant_given_first(p: ChinesePerson) -> str:
    surname, given = _parts(p)
    return f"{_cap(join_syllables(given))} {surname}"


def _variant_surname_caps(p: ChinesePerson) -> str:
    surname, given = _parts(p)
    return f"{surname.upper()} {_cap(join_syllables(given))}"


def _variant_hyphen(p: ChinesePerson) -> str:
    surname, given = _parts(p)
    return f"{surname} {_cap('-'.join(given))}"


def _variant_caps_hyphen(p: ChinesePerson) -> str:
    surname, given = _parts(p)
    return f"{surname.upper()} {'-'.join(_cap(g) for g in given)}"


def _variant_tone_marks(p: ChinesePerson) -> str:
    surname, given = _parts(p, marks=True)
    return f"{surname} {_cap(join_syllables(given))}"


def _variant_all_caps(p: ChinesePerson) -> str:
    surname, given = _parts(p)
    return f"{surname} {join_syllables(given)}".upper()


PINYIN_VARIANTS: dict[str, Callable[[ChinesePerson], str]] = {
    "given_surname": _variant_given_first,
    "surname_caps": _variant_surname_caps,
    "hyphenated_given": _variant_hyphen,
    "caps_hyphenated": _variant_caps_hyphen,
    "tone_marks": _variant_tone_marks,
    "all_caps": _variant_all_caps,
}
_NEEDS_TWO_SYLLABLES = {"hyphenated_given", "caps_hyphenated"}


def _variant_names(p: ChinesePerson) -> list[str]:
    names = ["as_is"]
    for name in PINYIN_VARIANTS:
        if name not in _NEEDS_TWO_SYLLABLES or len(p.given_syllables) >= 2:
            names.append(name)
    return names


def _render_variant(p: ChinesePerson, variant: str) -> str:
    return p.row.en_name if variant == "as_is" else PINYIN_VARIANTS[variant](p)


def _variant_note(variant: str) -> str:
    if variant == "as_is":
        return "variant=as_is (CC-CEDICT English name)"
    return f"variant={variant}; mechanical rewrite of the CC-CEDICT English name"


# --------------------------------------------------------------------------- people


class PersonPairs:
    """Every person category, from one pass over CC-CEDICT's people."""

    def __init__(self, data_dir: Path, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = Surnames.load(data_dir)
        self.rows = load_persons(data_dir)
        self.chinese: list[ChinesePerson] = []
        self.systems: list[tuple[ChinesePerson, str, str]] = []  # (person, english, system)
        for row in self.rows:
            split = self.surnames.split(row.simp)
            if split is None or "·" in row.simp or len(row.syllables) != len(row.simp):
                continue
            person = ChinesePerson(row, len(split[0]))
            found = [
                (e, romanisation_system(row, e, person.surname_len)) for e in english_names(row)
            ]
            found = [(e, s) for e, s in found if s is not None]
            if row.category.startswith("chinese_pinyin") or found:
                self.chinese.append(person)
            self.systems.extend((person, e, s) for e, s in found if s is not None)
        self.pinyin_people = [
            p
            for p in self.chinese
            if p.row.category == "chinese_pinyin_exact"
            and romanisation_system(p.row, p.row.en_name, p.surname_len) == "pinyin"
        ]

    def simp_trad(self, limit: int) -> list[Pair]:
        people = [p for p in self.chinese if p.row.simp != p.row.trad]
        pairs = []
        for p in self.rng.sample(people, min(limit, len(people))):
            a, b = (p.row.simp, p.row.trad) if self.rng.random() < 0.5 else (p.row.trad, p.row.simp)
            pairs.append(
                Pair(
                    "person",
                    "person_simp_trad",
                    a,
                    b,
                    1,
                    _source(p.row),
                    "traditional form as CC-CEDICT gives it",
                )
            )
        return pairs

    def hanzi_pinyin(self, limit: int) -> list[Pair]:
        pairs = []
        for p in self.rng.sample(self.pinyin_people, min(limit, len(self.pinyin_people))):
            variant = self.rng.choice(_variant_names(p))
            pairs.append(
                Pair(
                    "person",
                    "person_hanzi_pinyin",
                    _hanzi(p.row, self.rng),
                    _render_variant(p, variant),
                    1,
                    _source(p.row),
                    _variant_note(variant),
                )
            )
        # Names CC-CEDICT files as non-pinyin whose English form is plain pinyin after all.
        for p, english, system in self.systems:
            if system == "pinyin" and p.row.category != "chinese_pinyin_exact":
                pairs.append(
                    Pair(
                        "person",
                        "person_hanzi_pinyin",
                        _hanzi(p.row, self.rng),
                        english,
                        1,
                        _source(p.row),
                        f"variant=as_is; CC-CEDICT category {p.row.category}",
                    )
                )
        return pairs

    def order_swap(self, limit: int) -> list[Pair]:
        pairs = []
        for p in self.rng.sample(self.pinyin_people, min(limit, len(self.pinyin_people))):
            swapped = _variant_given_first(p)
            if swapped != p.row.en_name:
                pairs.append(
                    Pair(
                        "person",
                        "person_order_swap",
                        p.row.en_name,
                        swapped,
                        1,
                        _source(p.row),
                        "given name first: mechanical rewrite of the English name",
                    )
                )
        return pairs

    def romanisations(self) -> list[Pair]:
        pairs = []
        for p, english, system in self.systems:
            if system == "pinyin":
                continue
            category = {"wade_giles": "person_wade_giles", "cantonese": "person_cantonese"}.get(
                system, "person_other_romanisation"
            )
            if not given_name_rendered(p.row, english, len(p.surname)):
                # Only the surname is romanised, beside a Western given name (Jacky Cheung)
                # or another name altogether (a courtesy name): a case of its own, which no
                # spelling rule can confirm.
                category = "person_other_given_name"
            pairs.append(
                Pair(
                    "person",
                    category,
                    _hanzi(p.row, self.rng, trad_share=0.7),
                    english,
                    1,
                    _source(p.row),
                    f"classified by spelling; CC-CEDICT category {p.row.category}",
                )
            )
        return pairs

    def foreign(self, limit: int) -> list[Pair]:
        people = [r for r in self.rows if r.category == "foreign_transliterated" and "·" in r.simp]
        pairs = []
        for r in self.rng.sample(people, min(limit, len(people))):
            pairs.append(
                Pair(
                    "person",
                    "person_foreign_in_hanzi",
                    _hanzi(r, self.rng, 0.3),
                    r.en_name,
                    1,
                    _source(r),
                    "CC-CEDICT transliteration",
                )
            )
        return pairs

    def surname_readings(self) -> list[Pair]:
        """People whose surname reads differently from the character's everyday reading."""
        pairs = []
        for row in self.rows:
            split = self.surnames.split(row.simp)
            if split is None or "·" in row.simp or len(row.syllables) != len(row.simp):
                continue
            surname = split[0]
            reading = "".join(toneless(s) for s in row.syllables[: len(surname)])
            everyday = "".join(lazy_pinyin(surname))
            if reading == everyday:
                continue
            note = f"surname {surname} read {reading}, not {everyday}"
            person = ChinesePerson(row, len(surname))
            system = romanisation_system(row, row.en_name, len(surname))
            if system == "pinyin":
                for variant in ("as_is", "surname_caps", "tone_marks"):
                    pairs.append(
                        Pair(
                            "person",
                            "person_surname_reading",
                            _hanzi(row, self.rng),
                            _render_variant(person, variant),
                            1,
                            _source(row),
                            f"{note}; {_variant_note(variant)}",
                        )
                    )
            elif re.search(r"Korea", row.description):
                pairs.append(
                    Pair(
                        "person",
                        "person_surname_reading",
                        _hanzi(row, self.rng),
                        row.en_name,
                        1,
                        _source(row),
                        f"{note}; Korean name, English form is the Korean reading",
                    )
                )
        return pairs

    def _by_surname(self, people: Iterable[ChinesePerson]) -> dict[str, list[ChinesePerson]]:
        groups: dict[str, list[ChinesePerson]] = defaultdict(list)
        for p in people:
            groups[p.surname].append(p)
        return groups

    def _sample_pairs(
        self, groups: dict[str, list[ChinesePerson]], limit: int, per_group: int
    ) -> list[tuple[ChinesePerson, ChinesePerson]]:
        candidates = []
        for key in sorted(groups):
            found = [(a, b) for a, b in combinations(groups[key], 2) if _different(a.row, b.row)]
            self.rng.shuffle(found)
            candidates.extend(found[:per_group])
        return self.rng.sample(candidates, min(limit, len(candidates)))

    def neg_same_surname(self, limit: int) -> list[Pair]:
        half = limit // 2
        pairs = []
        for a, b in self._sample_pairs(self._by_surname(self.chinese), half, 3):
            trad = self.rng.random() < 0.3
            pairs.append(
                Pair(
                    "person",
                    "person_neg_same_surname",
                    a.row.trad if trad else a.row.simp,
                    b.row.trad if trad else b.row.simp,
                    0,
                    f"{_source(a.row)}|{_source(b.row)}",
                    "hanzi, same surname",
                )
            )
        for a, b in self._sample_pairs(self._by_surname(self.pinyin_people), limit - half, 3):
            pairs.append(
                Pair(
                    "person",
                    "person_neg_same_surname",
                    a.row.en_name,
                    b.row.en_name,
                    0,
                    f"{_source(a.row)}|{_source(b.row)}",
                    "pinyin, same surname",
                )
            )
        return pairs

    def neg_same_pinyin(self, limit: int) -> list[Pair]:
        """Different hanzi names whose toneless pinyin is equal or nearly so.

        Nearly: one edit apart, or at least 80% alike by normalised edit distance (张献忠
        zhang xian zhong / 张自忠 zhang zi zhong). No two Chinese people of CC-CEDICT share
        their toneless pinyin exactly, so the near ones carry the category.
        """
        found = []
        for a, b in combinations(self.chinese, 2):
            if len(a.row.simp) != len(b.row.simp) or not _different(a.row, b.row):
                continue
            distance = Levenshtein.distance(a.plain_pinyin, b.plain_pinyin)
            similarity = Levenshtein.normalized_similarity(a.plain_pinyin, b.plain_pinyin)
            if distance <= 1 or similarity >= 0.8:
                found.append((distance, a.row.simp, b.row.simp, a, b))
        found.sort(key=lambda item: item[:3])
        pairs = []
        for distance, _, _, a, b in found[:limit]:
            how = "identical" if distance == 0 else f"{distance} edit(s) apart"
            note = f"toneless pinyin {how}: {a.plain_pinyin} / {b.plain_pinyin}"
            pairs.append(
                Pair(
                    "person",
                    "person_neg_same_pinyin",
                    a.row.simp,
                    b.row.simp,
                    0,
                    f"{_source(a.row)}|{_source(b.row)}",
                    note,
                )
            )
        return pairs

    def neg_similar(self, limit: int) -> list[Pair]:
        """Different people whose English names are close by edit distance."""
        named = [r for r in self.rows if r.en_name]
        found = []
        for a, b in combinations(named, 2):
            score = fuzz.ratio(a.en_name.lower(), b.en_name.lower())
            if score >= 75 and _different(a, b):
                found.append((-score, a.en_name, b.en_name, a, b))
        found.sort(key=lambda item: item[:3])
        pairs = []
        for score, _, _, a, b in found[:limit]:
            pairs.append(
                Pair(
                    "person",
                    "person_neg_similar",
                    a.en_name,
                    b.en_name,
                    0,
                    f"{_source(a)}|{_source(b)}",
                    f"similarity {-score:.0f}",
                )
            )
        return pairs

    def neg_cross_script(self, limit: int) -> list[Pair]:
        """Hanzi of one person against the English name of another with the same surname."""
        groups = self._by_surname(self.pinyin_people)
        pairs = []
        people = [p for p in self.chinese if len(groups.get(p.surname, ())) >= 2]
        for a in self.rng.sample(people, min(limit, len(people))):
            others = [b for b in groups[a.surname] if _different(a.row, b.row)]
            if not others:
                continue
            pinyin = " ".join(_parts(a)[1])
            best = max(
                others, key=lambda b: (fuzz.ratio(pinyin, b.row.en_name.lower()), b.row.simp)
            )
            pairs.append(
                Pair(
                    "person",
                    "person_neg_cross_script",
                    _hanzi(a.row, self.rng),
                    best.row.en_name,
                    0,
                    f"{_source(a.row)}|{_source(best.row)}",
                    "same surname, English name of the other person",
                )
            )
        return pairs


# --------------------------------------------------------------------------- organisations


_SHARE_CLASS = re.compile(r"'|H股")


@dataclass(frozen=True)
class Company:
    """A held-out listed company: Chinese names and English name, with its origin."""

    source: str  # "hkex:00700" or "ashare:600028"
    simp: str
    trad: str
    en: str
    pinyin_class: str

    @property
    def bare(self) -> str:
        return strip_legal_form_zh(self.simp)


def _hkex(data_dir: Path) -> list[Company]:
    rows = canonical_hkex_rows(read_tsv(data_dir / "hkex_listed_companies_zh_en.tsv"))
    return [
        Company(
            f"hkex:{r['stock_code']}",
            r["zh_simp_derived"] or to_simplified(r["zh_trad"]),
            r["zh_trad"],
            r["en"],
            r["mandarin_pinyin_class_derived"],
        )
        for r in rows
        if is_held_out(r["stock_code"])
        and r["zh_trad"]
        and r["en"]
        and not _SHARE_CLASS.search(r["zh_trad"])
    ]


def _ashare(data_dir: Path) -> list[Company]:
    seen: set[str] = set()
    out = []
    for r in read_tsv(data_dir / "hk_stock_connect_a_shares_zh_en.tsv"):
        code = r["stock_code"]
        if r["security_kind_derived"] != "stock" or not is_held_out(code) or code in seen:
            continue
        seen.add(code)
        out.append(
            Company(
                f"ashare:{code}",
                r["zh_short_simp_derived"],
                r["zh_short_trad_nfkc"],
                r["en_short"],
                r["mandarin_pinyin_class_derived"],
            )
        )
    return sorted(out, key=lambda c: c.source)


_EN_GENERIC = frozenset(
    [
        "CO",
        "LTD",
        "LIMITED",
        "COMPANY",
        "GROUP",
        "HOLDINGS",
        "HOLDING",
        "CHINA",
        "INTERNATIONAL",
        "AND",
        "THE",
        "OF",
        "INC",
        "CORPORATION",
        "CORP",
    ]
)


def _en_words(name: str) -> list[str]:
    return re.sub(r"[^A-Z0-9 ]", " ", name.upper()).split()


def _subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(c in chars for c in short)


def _same_company(a_share: Company, hk: Company) -> bool:
    """A conservative A+H match: the A short name is a subsequence of the H name in hanzi, and
    every distinctive English word of the A name starts a word of the H name (or the English
    names are one a prefix of the other)."""
    if len(a_share.trad) < 3 or not _subsequence(a_share.trad, hk.trad):
        return False
    a_words = _en_words(a_share.en)
    h_words = _en_words(strip_legal_form_en(hk.en))
    if " ".join(h_words).startswith(" ".join(a_words)) or " ".join(a_words).startswith(
        " ".join(h_words)
    ):
        return True
    distinctive = [w for w in a_words if w not in _EN_GENERIC]
    return bool(distinctive) and all(any(h.startswith(w) for h in h_words) for w in distinctive)


def _load_places() -> set[str]:
    places = {"中国"}
    path = ROOT / "benchmarks" / "data" / "cities.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        places.add(row["zh_simp"])
    return places


class OrgPairs:
    """Every organisation category, from the held-out half of the exchange lists and CC-CEDICT."""

    def __init__(self, data_dir: Path, rng: random.Random) -> None:
        self.rng = rng
        self.hkex = _hkex(data_dir)
        self.ashare = _ashare(data_dir)
        self.brands = read_tsv(data_dir / "cedict_organisations_brands_zh_en.tsv")
        self.places = _load_places()

    def _zh(self, company: Company) -> str:
        return company.trad if self.rng.random() < 0.5 else company.simp

    def legal_form(self, limit: int) -> list[Pair]:
        with_form = [c for c in self.hkex if strip_legal_form_zh(c.trad) != c.trad]
        pairs = []
        for c in self.rng.sample(with_form, min(limit, len(with_form))):
            how = self.rng.randrange(4)
            if how == 0:
                a, b = c.trad, strip_legal_form_zh(c.simp)
                note = "traditional full / simplified bare"
            elif how == 1:
                a, b = c.simp, strip_legal_form_zh(c.trad)
                note = "simplified full / traditional bare"
            elif how == 2:
                a, b, note = c.trad, strip_legal_form_zh(c.trad), "traditional full / bare"
            else:
                bare = strip_legal_form_en(c.en)
                if bare == c.en:
                    continue
                a, b, note = c.en, bare, "English full / bare"
            pairs.append(
                Pair(
                    "org",
                    "org_legal_form",
                    a,
                    b,
                    1,
                    c.source,
                    f"{note}; legal form dropped mechanically",
                )
            )
        return pairs

    def zh_en(self, per_class: int) -> list[Pair]:
        kinds = {
            "pinyin_full": "pinyin",
            "pinyin_partial": "pinyin_partial",
            "no_pinyin": "translation_or_brand",
        }
        pairs = []
        for cls, note in kinds.items():
            group = [c for c in self.hkex if c.pinyin_class == cls]
            for c in self.rng.sample(group, min(per_class, len(group))):
                pairs.append(
                    Pair(
                        "org",
                        "org_zh_en",
                        self._zh(c),
                        c.en,
                        1,
                        c.source,
                        f"{note} (mandarin_pinyin_class_derived={cls})",
                    )
                )
        return pairs

    def short_full(self, ashare_limit: int) -> list[Pair]:
        pairs = []
        for a in self.ashare:
            for h in self.hkex:
                if not _same_company(a, h):
                    continue
                source = f"{a.source}|{h.source}"
                note = "a_h_dual_listing"
                pairs.append(
                    Pair(
                        "org",
                        "org_short_full",
                        a.simp,
                        h.trad,
                        1,
                        source,
                        f"{note}: A-share short zh / HKEX full zh",
                    )
                )
                pairs.append(
                    Pair(
                        "org",
                        "org_short_full",
                        a.simp,
                        h.en,
                        1,
                        source,
                        f"{note}: A-share short zh / HKEX full en",
                    )
                )
                pairs.append(
                    Pair(
                        "org",
                        "org_short_full",
                        a.en,
                        h.trad,
                        1,
                        source,
                        f"{note}: A-share short en / HKEX full zh",
                    )
                )
        sample = self.rng.sample(self.ashare, min(ashare_limit, len(self.ashare)))
        for a in sample:
            pairs.append(
                Pair(
                    "org",
                    "org_short_full",
                    self._zh(a),
                    a.en,
                    1,
                    a.source,
                    f"ashare_short_zh_en (mandarin_pinyin_class_derived="
                    f"{a.pinyin_class or 'none'})",
                )
            )
        return pairs

    def cedict_brands(self, limit: int) -> list[Pair]:
        business = re.compile(
            r"compan|brand|corporation|manufacturer|bank|airline|chain|maker|conglomerate|"
            r"retailer|supermarket|\bInc\b|\bCo\.|\bCorp",
            re.I,
        )
        rows = [r for r in self.brands if business.search(r["cedict_gloss"]) and r["en_name"]]
        pairs = []
        for r in self.rng.sample(rows, min(limit, len(rows))):
            zh = r["zh_trad"] if self.rng.random() < 0.5 else r["zh_simp"]
            pairs.append(
                Pair(
                    "org",
                    "org_cedict_brand",
                    zh,
                    r["en_name"],
                    1,
                    f"cedict_orgs:{r['zh_trad']}",
                    f"mandarin_pinyin_class_derived={r['mandarin_pinyin_class_derived']}",
                )
            )
        return pairs

    def _pools(self) -> list[list[Company]]:
        # Pairs stay within one list: across lists an A+H company could pose as two.
        return [self.hkex, self.ashare]

    def neg_shared_generic(self, limit: int) -> list[Pair]:
        """Different companies sharing an industry word at the end, and a prefix when possible.

        Industry words are the last two hanzi of the bare names that end four or more names.
        """
        strong: list[tuple[str, Company, Company]] = []
        weak: list[tuple[str, Company, Company]] = []
        for pool in self._pools():
            tails: dict[str, list[Company]] = defaultdict(list)
            for c in pool:
                if len(c.bare) >= 4:
                    tails[c.bare[-2:]].append(c)
            for tail in sorted(tails):
                group = tails[tail]
                if len(group) < 4:
                    continue
                for a, b in combinations(group, 2):
                    if a.bare == b.bare or a.en == b.en:
                        continue
                    (strong if a.bare[:2] == b.bare[:2] else weak).append((tail, a, b))
        self.rng.shuffle(strong)
        self.rng.shuffle(weak)
        chosen: list[tuple[str, Company, Company]] = []
        per_tail: dict[str, int] = defaultdict(int)
        for tail, a, b in strong + weak:
            if len(chosen) >= limit:
                break
            if per_tail[tail] < 4:
                per_tail[tail] += 1
                chosen.append((tail, a, b))
        pairs = []
        for tail, a, b in chosen:
            shared = a.bare[:2] if a.bare[:2] == b.bare[:2] else ""
            note = f"shared industry word {tail}" + (f" and prefix {shared}" if shared else "")
            pairs.append(
                Pair(
                    "org",
                    "org_neg_shared_generic",
                    a.simp,
                    b.simp,
                    0,
                    f"{a.source}|{b.source}",
                    note,
                )
            )
        return pairs

    def neg_same_group(self, limit: int) -> list[Pair]:
        """Different companies whose names share the first two hanzi, a place name excepted."""
        found = []
        for pool in self._pools():
            heads: dict[str, list[Company]] = defaultdict(list)
            for c in pool:
                head = c.bare[:2]
                if (
                    len(head) == 2
                    and head not in self.places
                    and re.fullmatch(r"[\u4e00-\u9fff]+", head)
                ):
                    heads[head].append(c)
            for head in sorted(heads):
                for a, b in combinations(heads[head], 2):
                    if a.bare != b.bare and a.en != b.en:
                        found.append((head, a, b))
        self.rng.shuffle(found)
        chosen: list[tuple[str, Company, Company]] = []
        per_head: dict[str, int] = defaultdict(int)
        for head, a, b in found:
            if len(chosen) >= limit:
                break
            if per_head[head] < 3:
                per_head[head] += 1
                chosen.append((head, a, b))
        return [
            Pair(
                "org",
                "org_neg_same_group",
                self._zh(a) if i % 3 == 0 else a.simp,
                b.simp,
                0,
                f"{a.source}|{b.source}",
                f"shared first hanzi {head}",
            )
            for i, (head, a, b) in enumerate(chosen)
        ]

    def neg_zh_en(self, limit: int) -> list[Pair]:
        """Chinese name of one company against the English name of the most similar other."""
        pairs = []
        for a in self.rng.sample(self.hkex, min(limit, len(self.hkex))):
            a_en = strip_legal_form_en(a.en).lower()
            others = [
                b
                for b in self.hkex
                if b.source != a.source
                and b.bare != a.bare
                and strip_legal_form_en(b.en).lower() != a_en
            ]
            best = max(
                others,
                key=lambda b: (
                    fuzz.token_sort_ratio(a_en, strip_legal_form_en(b.en).lower()),
                    b.source,
                ),
            )
            score = fuzz.token_sort_ratio(a_en, strip_legal_form_en(best.en).lower())
            if score < 60:
                continue  # nothing alike enough to make the pair hard
            pairs.append(
                Pair(
                    "org",
                    "org_neg_zh_en",
                    self._zh(a),
                    best.en,
                    0,
                    f"{a.source}|{best.source}",
                    f"English names similar ({score:.0f}): {a.en} / {best.en}",
                )
            )
        return pairs


# --------------------------------------------------------------------------- project brief


def brief_examples() -> list[Pair]:
    """The worked examples of the project brief, facts about real people and firms."""
    source = "project brief"
    jia = ["贾扬清", "賈揚清", "Jia Yangqing", "JIA Yang-Qing", "Yangqing Jia"]
    pairs = [Pair("person", "brief_examples", a, b, 1, source) for a, b in combinations(jia, 2)]
    people = [
        ("王长虎", "Wang Changhu", 1),
        ("李开复", "Kai-Fu Lee", 1),
        ("吕骋", "Lyu Cheng", 1),
        ("吕骋", "Lü Cheng", 1),
        ("吕骋", "Lv Cheng", 1),
        ("张毅", "章毅", 0),
        ("山姆·阿尔特曼", "Sam Altman", 1),
        ("萨提亚·纳德拉", "Satya Nadella", 1),
    ]
    orgs = [
        ("北京智象未来科技有限公司", "智象未来", 1),
        ("阿里巴巴集团", "Alibaba Group Holding Limited", 1),
        ("阿里巴巴集团", "阿里云", 0),
        ("百川智能", "实在智能", 0),
        ("光年之外", "北京光年之外科技有限公司", 1),
        ("阶跃星辰", "阶跃星尘", 1),
        ("智象未来", "智谱AI", 0),
        ("快手", "Kuaishou", 1),
        ("智谱", "Zhipu", 1),
    ]
    pairs += [Pair("person", "brief_examples", a, b, y, source) for a, b, y in people]
    pairs += [
        Pair(
            "org",
            "brief_examples",
            a,
            b,
            y,
            source,
            "typo" if (a, b) == ("阶跃星辰", "阶跃星尘") else "",
        )
        for a, b, y in orgs
    ]
    return pairs


# --------------------------------------------------------------------------- assembly


def build(data_dir: Path, seed: int) -> list[Pair]:
    """Every pair, deduplicated (an unordered pair of names of one kind appears once) and
    shuffled; a pair that two sources label differently is dropped as unreliable."""
    rng = random.Random(seed)
    people = PersonPairs(data_dir, rng)
    orgs = OrgPairs(data_dir, rng)
    pairs = [
        *brief_examples(),  # first, so that the brief's own rows win the deduplication
        *people.simp_trad(40),
        *people.hanzi_pinyin(60),
        *people.order_swap(30),
        *people.romanisations(),
        *people.foreign(40),
        *people.surname_readings(),
        *people.neg_same_surname(40),
        *people.neg_same_pinyin(40),
        *people.neg_similar(40),
        *people.neg_cross_script(40),
        *orgs.legal_form(45),
        *orgs.zh_en(20),
        *orgs.short_full(20),
        *orgs.cedict_brands(40),
        *orgs.neg_shared_generic(40),
        *orgs.neg_same_group(40),
        *orgs.neg_zh_en(50),
    ]
    labels: dict[tuple[str, frozenset[str]], set[int]] = defaultdict(set)
    for pair in pairs:
        labels[pair.kind, frozenset((pair.name1, pair.name2))].add(pair.label)
    seen: set[tuple[str, frozenset[str]]] = set()
    unique = []
    for pair in pairs:
        key = (pair.kind, frozenset((pair.name1, pair.name2)))
        if pair.name1 == pair.name2 or key in seen or len(labels[key]) > 1:
            continue
        seen.add(key)
        unique.append(pair)
    rng.shuffle(unique)
    return unique


def write(pairs: Sequence[Pair], path: Path) -> None:
    """UTF-8 without BOM, csv-module quoting, one header row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(pair.row() for pair in pairs)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the fixture and print the count per category."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "fixtures" / "name_pairs.csv")
    args = parser.parse_args(argv)
    pairs = build(args.data_dir, args.seed)
    write(pairs, args.output)
    counts: dict[str, int] = defaultdict(int)
    for pair in pairs:
        counts[pair.category] += 1
    for category in sorted(counts):
        print(f"{category}\t{counts[category]}")
    print(f"total\t{len(pairs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
