"""Seeded generator of labelled, corrupted, mixed-script records of people at Chinese companies.

    python -m benchmarks.generate --size 10000 --seed 7 -o out/ [--corruption 0.5]

writes `records.csv` (id, person_name, company, title, city, founded, phone) and `truth.csv`
(id, cluster_id). Every entity is one person at one company; it gets 1-5 records (geometric,
mean about 1.8), each written the way real exports write them: hanzi in simplified or
traditional form, pinyin in its many spellings, Wade-Giles, Hong Kong Cantonese, English given
names, legal forms and region prefixes added or dropped, typos in hanzi (homophones, look-alike
characters) and in Latin letters, fields missing or swapped, phones and dates in a dozen
formats. `corruption` scales every such probability: at 0 all records of an entity are equal.

Names come from real lists only (benchmarks/data, see its README): company names of HKEX and
A-share listings, Chinese people of CC-CEDICT, and composed names made of a real surname drawn
by its 2020 frequency and given-name characters of real people. Phone numbers and founding
dates are random. The same size, seed and corruption give byte-identical files; nothing depends
on hash randomisation or set order. No entitymatch code is used, so the benchmark does not share
the matcher's assumptions.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import functools
import itertools
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
import opencc

from benchmarks.sources import (
    cantonese_spellings,
    join_syllables,
    tone_marked,
    toneless,
    wade_giles,
)

T = TypeVar("T")
DATA_DIR = Path(__file__).resolve().parent / "data"
RECORD_COLUMNS = ("id", "person_name", "company", "title", "city", "founded", "phone")
TRUTH_COLUMNS = ("id", "cluster_id")
MAX_RECORDS_PER_ENTITY = 5
# Share of entities that are real CC-CEDICT people (capped by how many there are); the rest get
# composed names. Real people bring real non-pinyin English names (Kai-Fu Lee, Law Kar-Ying).
REAL_PERSON_SHARE = 0.2

_S2T = opencc.OpenCC("s2t")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Second and third digits of mainland mobile numbers in use (130-139, 145-149, 150-159 ...).
_MOBILE_PREFIXES = tuple(
    f"1{a}{b}" for a in "3456789" for b in "0123456789" if not (a == "4" and b in "0123")
)


@functools.lru_cache(maxsize=1 << 16)
def _traditional(text: str) -> str:
    return str(_S2T.convert(text))


def _read(name: str, data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class _Weighted(Generic[T]):
    """Draws items by weight from a random.Random, in O(log n) per draw."""

    def __init__(self, items: Iterable[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


@dataclass(frozen=True)
class Company:
    """One real company with the fixed facts every record of its people shares."""

    zh: str  # simplified
    zh_trad: str
    en: str
    city: int  # index into the city table
    founded: dt.date


@dataclass(frozen=True)
class Person:
    """A person's name in parts: simplified, traditional and tone-numbered pinyin per hanzi."""

    surname: str
    given: str
    surname_trad: str
    given_trad: str
    surname_syllables: tuple[str, ...]
    given_syllables: tuple[str, ...]
    english: str  # the person's own English name when it is not plain pinyin, else ""
    western: str  # an English given name used alongside the Chinese one, else ""


@dataclass(frozen=True)
class Entity:
    """A person at a company: one cluster of the truth."""

    person: Person
    company: int
    title: int
    phone: str  # digits only; 11 for mainland mobiles, 8 for Hong Kong
    name_style: str  # how this person's name is usually written
    company_style: str  # "zh" or "en"
    title_style: str  # "zh" or "en"


@dataclass(frozen=True)
class NameData:
    """Everything the generator reads from benchmarks/data, loaded once."""

    companies: list[dict[str, str]]
    persons: list[dict[str, str]]
    surnames: _Weighted[tuple[str, str, tuple[str, ...]]]
    given_names: list[tuple[tuple[str, str, str], ...]]  # (simp, trad, syllable) per char
    given_chars: _Weighted[tuple[str, str, str]]  # (simp, trad, syllable)
    homophones: dict[str, list[str]]  # toneless syllable -> simplified chars
    char_syllable: dict[str, str]  # simplified char -> toneless syllable
    lookalikes: dict[str, list[str]]
    cities: list[tuple[str, str, str]]  # (simp, trad, pinyin)
    city_weights: _Weighted[int]  # city indices
    titles: list[tuple[str, str]]
    title_weights: _Weighted[int]  # title indices
    western: _Weighted[str]  # English given names
    legal_zh: _Weighted[str]
    legal_en: _Weighted[str]
    legal_zh_pattern: re.Pattern[str]
    legal_en_pattern: re.Pattern[str]


@functools.lru_cache(maxsize=4)
def load_data(data_dir: Path = DATA_DIR) -> NameData:
    """Read and index the name lists; cached, because every call to generate needs them."""
    surname_rows = _read("surnames.tsv", data_dir)
    surnames = _Weighted(
        [(r["zh_simp"], r["zh_trad"], tuple(r["pinyin"].split())) for r in surname_rows],
        [float(r["weight"]) for r in surname_rows],
    )
    persons = _read("persons.tsv", data_dir)
    given_names: list[tuple[tuple[str, str, str], ...]] = []
    char_counts: dict[tuple[str, str, str], int] = {}
    for row in persons:
        cut = int(row["surname_len"])
        syllables = row["pinyin"].split()
        chars = tuple(zip(row["zh_simp"][cut:], row["zh_trad"][cut:], syllables[cut:], strict=True))
        if 1 <= len(chars) <= 2:
            given_names.append(chars)
        for entry in chars:
            char_counts[entry] = char_counts.get(entry, 0) + 1
    char_items = sorted(char_counts)
    homophones: dict[str, list[str]] = {}
    char_syllable: dict[str, str] = {}
    for simp, _, syllable in char_items:
        plain = toneless(syllable)
        char_syllable.setdefault(simp, plain)
        if simp not in homophones.setdefault(plain, []):
            homophones[plain].append(simp)
    lookalikes: dict[str, list[str]] = {}
    for line in (data_dir / "same_stroke.txt").read_text(encoding="utf-8").splitlines():
        group = [c for c in re.split(r"[,\s]+", line) if len(c) == 1]
        for member in group:
            for other in group:
                if other != member and other not in lookalikes.setdefault(member, []):
                    lookalikes[member].append(other)
    city_rows = [r for r in _read("cities.tsv", data_dir) if r["level"] != "province"]
    title_rows = _read("titles.tsv", data_dir)
    western_rows = _read("english_given_names.tsv", data_dir)
    legal = _read("legal_forms.tsv", data_dir)
    legal_zh = [r for r in legal if r["lang"] == "zh"]
    legal_en = [r for r in legal if r["lang"] == "en"]

    def pattern(forms: list[dict[str, str]], sep: str) -> re.Pattern[str]:
        alternatives = sorted((re.escape(r["form"]) for r in forms), key=len, reverse=True)
        return re.compile(rf"{sep}({'|'.join(alternatives)})$")

    return NameData(
        companies=_read("companies.tsv", data_dir),
        persons=persons,
        surnames=surnames,
        given_names=given_names,
        given_chars=_Weighted(char_items, [char_counts[c] for c in char_items]),
        homophones=homophones,
        char_syllable=char_syllable,
        lookalikes=lookalikes,
        cities=[(r["zh_simp"], r["zh_trad"], r["pinyin"]) for r in city_rows],
        city_weights=_Weighted(range(len(city_rows)), [float(r["weight"]) for r in city_rows]),
        titles=[(r["zh"], r["en"]) for r in title_rows],
        title_weights=_Weighted(range(len(title_rows)), [float(r["weight"]) for r in title_rows]),
        western=_Weighted(
            [r["name"] for r in western_rows], [float(r["weight"]) for r in western_rows]
        ),
        legal_zh=_Weighted([r["form"] for r in legal_zh], [float(r["count"]) for r in legal_zh]),
        legal_en=_Weighted([r["form"] for r in legal_en], [float(r["count"]) for r in legal_en]),
        legal_zh_pattern=pattern(legal_zh, ""),
        legal_en_pattern=pattern(legal_en, r"[\s,]*"),
    )


# --------------------------------------------------------------------------- entities


def _cluster_sizes(size: int, rng: np.random.Generator) -> np.ndarray:
    """Records per entity, 1..5 with halving probabilities, summing to exactly `size`."""
    probs = 0.5 ** np.arange(MAX_RECORDS_PER_ENTITY)
    probs /= probs.sum()
    mean = float((np.arange(1, MAX_RECORDS_PER_ENTITY + 1) * probs).sum())
    sizes = rng.choice(
        np.arange(1, MAX_RECORDS_PER_ENTITY + 1), size=int(size / mean * 1.2) + 16, p=probs
    )
    while sizes.sum() < size:
        more = rng.choice(np.arange(1, MAX_RECORDS_PER_ENTITY + 1), size=size, p=probs)
        sizes = np.concatenate([sizes, more])
    total = np.cumsum(sizes)
    last = int(np.searchsorted(total, size))
    kept: np.ndarray = sizes[: last + 1].copy()
    kept[-1] -= int(total[last]) - size
    return kept


def _companies(data: NameData, rng: random.Random) -> list[Company]:
    city_index = {c[0]: i for i, c in enumerate(data.cities)}
    start = dt.date(1985, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    companies = []
    for row in data.companies:
        city = city_index.get(row["city"])
        if city is None:
            city = data.city_weights.draw(rng)
        founded = dt.date.fromordinal(start + rng.randrange(span))
        companies.append(Company(row["zh_simp"], row["zh_trad"], row["en"], city, founded))
    return companies


def _real_person(row: dict[str, str]) -> Person:
    cut = int(row["surname_len"])
    syllables = tuple(row["pinyin"].split())
    simp, trad = row["zh_simp"], row["zh_trad"]
    english = row["en_name"]
    if english.lower().replace("ü", "u") == _join_default(syllables, cut).lower().replace("ü", "u"):
        english = ""  # plain pinyin: the pinyin styles write it already
    return Person(
        simp[:cut],
        simp[cut:],
        trad[:cut],
        trad[cut:],
        syllables[:cut],
        syllables[cut:],
        english,
        "",
    )


def _join_default(syllables: Sequence[str], cut: int) -> str:
    surname = join_syllables([toneless(s) for s in syllables[:cut]]).capitalize()
    given = join_syllables([toneless(s) for s in syllables[cut:]]).capitalize()
    return f"{surname} {given}"


def _composed_person(data: NameData, rng: random.Random, western_share: float) -> Person:
    surname, surname_trad, surname_syllables = data.surnames.draw(rng)
    if rng.random() < 0.35:
        chars = data.given_names[rng.randrange(len(data.given_names))]
    else:
        count = 2 if rng.random() < 0.75 else 1
        chars = tuple(data.given_chars.draw(rng) for _ in range(count))
    western = data.western.draw(rng) if rng.random() < western_share else ""
    return Person(
        surname,
        "".join(c[0] for c in chars),
        surname_trad,
        "".join(c[1] for c in chars),
        surname_syllables,
        tuple(c[2] for c in chars),
        "",
        western,
    )


def _name_style(person: Person, rng: random.Random) -> str:
    roll = rng.random()
    if person.english and roll < 0.5:
        return "english"
    if person.western and roll < 0.35:
        return "western"
    if roll < 0.75:
        return "hanzi"
    if roll < 0.85:
        return "hanzi_trad"
    return "pinyin"


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice("569") + "".join(rng.choice("0123456789") for _ in range(7))
    prefix = _MOBILE_PREFIXES[rng.randrange(len(_MOBILE_PREFIXES))]
    return prefix + "".join(rng.choice("0123456789") for _ in range(8))


def _entities(
    data: NameData,
    companies: Sequence[Company],
    count: int,
    rng: random.Random,
    np_rng: np.random.Generator,
) -> list[Entity]:
    """`count` entities; no two share both company and hanzi name (that would be unresolvable)."""
    order = np_rng.permutation(len(companies))
    zipf = (np.arange(1, len(companies) + 1, dtype=float)) ** -0.8
    company_of = order[np_rng.choice(len(companies), size=count, p=zipf / zipf.sum())]
    n_real = min(len(data.persons), round(REAL_PERSON_SHARE * count))
    real_rows = [data.persons[i] for i in np_rng.permutation(len(data.persons))[:n_real]]
    taken: set[tuple[int, str]] = set()
    entities = []
    for index in range(count):
        company = int(company_of[index])
        person = _real_person(real_rows[index]) if index < n_real else None
        for _ in range(1000):
            if person is not None and (company, person.surname + person.given) not in taken:
                break
            person = _composed_person(data, rng, western_share=0.12)
        else:
            raise RuntimeError(f"no free name left for company {company}")
        assert person is not None
        taken.add((company, person.surname + person.given))
        entities.append(
            Entity(
                person=person,
                company=company,
                title=data.title_weights.draw(rng),
                phone=_phone(rng),
                name_style=_name_style(person, rng),
                company_style="en" if rng.random() < 0.2 else "zh",
                title_style="en" if rng.random() < 0.3 else "zh",
            )
        )
    return entities


# --------------------------------------------------------------------------- corruptions


def _latin_typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: transpose, delete, substitute or double a letter."""
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(positions) < 3:
        return text
    i = positions[rng.randrange(len(positions))]
    op = rng.randrange(4)
    if op == 0 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        letter = _LETTERS[rng.randrange(26)]
        return text[:i] + (letter.upper() if text[i].isupper() else letter) + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def _hanzi_typo(text: str, data: NameData, rng: random.Random, skip: int = 0) -> str:
    """Swap one character for a homophone (an input-method slip) or a look-alike (OCR)."""
    positions = [i for i in range(skip, len(text)) if "\u4e00" <= text[i] <= "\u9fff"]
    rng.shuffle(positions)
    homophone_first = rng.random() < 0.6
    for i in positions:
        char = text[i]
        homophones = [
            c for c in data.homophones.get(data.char_syllable.get(char, ""), ()) if c != char
        ]
        lookalikes = data.lookalikes.get(char, [])
        choices = (homophones or lookalikes) if homophone_first else (lookalikes or homophones)
        if choices:
            return text[:i] + choices[rng.randrange(len(choices))] + text[i + 1 :]
    return text


def _yu(syllable: str, rng: random.Random) -> str:
    """How ü is typed where the keyboard has none: lü as lv, lu, lyu (the passport form) or lü."""
    if "ü" not in syllable:
        return syllable
    return syllable.replace("ü", ("v", "u", "yu", "ü")[rng.randrange(4)])


def _pinyin_name(person: Person, rng: random.Random) -> str:
    """Pinyin in one of the ways people and forms write it: order, case, hyphens, tones."""
    tones = rng.random() < 0.1
    render = tone_marked if tones else toneless
    surname = [render(s) for s in person.surname_syllables]
    given = [render(s) for s in person.given_syllables]
    if not tones:
        surname = [_yu(s.lower(), rng) for s in surname]
        given = [_yu(s.lower(), rng) for s in given]
    surname_text = "".join(surname).lower().capitalize()
    join = rng.random()
    if join < 0.6 or len(given) < 2:
        given_text = join_syllables(given).lower().capitalize()
        if rng.random() < 0.5:
            given_text = given_text.replace("'", "")  # exports rarely keep the apostrophe
    elif join < 0.8:
        given_text = "-".join(given).lower().capitalize()
    elif join < 0.9:
        given_text = "-".join(g.lower().capitalize() for g in given)
    else:
        given_text = " ".join(g.lower().capitalize() for g in given)
    if rng.random() < 0.25:
        surname_text = surname_text.upper()
    name = f"{given_text} {surname_text}" if rng.random() < 0.4 else f"{surname_text} {given_text}"
    case = rng.random()
    if case < 0.08:
        return name.upper()
    if case < 0.12:
        return name.lower()
    return name


def _wade_giles_name(person: Person, rng: random.Random) -> str:
    """Taiwan-style Wade-Giles: Chiang Ching-kuo, often without the apostrophes."""
    surname = "".join(wade_giles(s) for s in person.surname_syllables).capitalize()
    given = "-".join(wade_giles(s) for s in person.given_syllables).capitalize()
    name = f"{surname} {given}" if rng.random() < 0.7 else f"{given} {surname}"
    if rng.random() < 0.5:
        name = name.replace("'", "")
    return name


def _cantonese_name(person: Person, rng: random.Random) -> str:
    """Hong Kong style: Chan Tai-man, CHAN Tai Man or Tai-man Chan."""

    def spell(chars: str) -> list[str]:
        out = []
        for char in chars:
            options = cantonese_spellings(char)
            out.append(options[0] if options else "")
        return out

    surname_parts = spell(person.surname_trad)
    given_parts = spell(person.given_trad)
    if not all(surname_parts) or not all(given_parts):
        return _pinyin_name(person, rng)  # a character the table lacks: no Cantonese form
    surname = "".join(surname_parts).capitalize()
    style = rng.randrange(3)
    if style == 0:
        return f"{surname} {'-'.join(given_parts).capitalize()}"
    if style == 1:
        return f"{surname.upper()} {' '.join(p.capitalize() for p in given_parts)}"
    return f"{'-'.join(given_parts).capitalize()} {surname}"


def _pinyin_surname(person: Person) -> str:
    return "".join(toneless(s) for s in person.surname_syllables).capitalize()


def _western_name(person: Person, rng: random.Random) -> str:
    """An English given name with the Chinese one: David Zhang, David Zhang Wei, Wei David Zhang."""
    surname = _pinyin_surname(person)
    given = join_syllables([toneless(s) for s in person.given_syllables]).capitalize()
    style = rng.randrange(5)
    if style == 0:
        return f"{person.western} {surname}"
    if style == 1:
        return f"{person.western} {surname} {given}"
    if style == 2:
        return f"{surname} {given} {person.western}"
    if style == 3:
        return f"{person.western} {given} {surname}"
    return f"{person.western} {surname.upper()}"


def _person_name(entity: Entity, data: NameData, rng: random.Random, c: float) -> str:
    person = entity.person
    style = entity.name_style
    switched = rng.random() < 0.7 * c
    if switched:
        options = [
            "hanzi",
            "hanzi",
            "hanzi_trad",
            "pinyin",
            "pinyin",
            "pinyin",
            "wade_giles",
            "cantonese",
        ]
        if person.english:
            options += ["english", "english"]
        if person.western:
            options += ["western", "western"]
        style = options[rng.randrange(len(options))]
    if style in ("hanzi", "hanzi_trad"):
        name = person.surname + person.given
        if rng.random() < 0.12 * c:
            # The surname is typed from memory far more reliably than the given name.
            name = _hanzi_typo(name, data, rng, skip=len(person.surname))
        if style == "hanzi_trad":
            name = _traditional(name)
        if rng.random() < 0.05 * c:
            name = name[: len(person.surname)] + " " + name[len(person.surname) :]
        return name
    if style == "english":
        name = person.english
    elif style == "western":
        name = (
            _western_name(person, rng)
            if switched
            else f"{person.western} {_pinyin_surname(person)}"
        )
    elif style == "wade_giles":
        name = _wade_giles_name(person, rng)
    elif style == "cantonese":
        name = _cantonese_name(person, rng)
    elif switched:
        name = _pinyin_name(person, rng)
    else:
        # A person's usual form stays put; the variants come with a switch of style.
        name = _join_default(
            person.surname_syllables + person.given_syllables, len(person.surname_syllables)
        )
    if rng.random() < 0.1 * c:
        name = _latin_typo(name, rng)
    return name


def _split_legal(name: str, pattern: re.Pattern[str]) -> tuple[str, str]:
    match = pattern.search(name)
    if match is None:
        return name, ""
    return name[: match.start()], name[match.start() :]


def _company_name(
    entity: Entity, companies: Sequence[Company], data: NameData, rng: random.Random, c: float
) -> str:
    company = companies[entity.company]
    city_simp, _, city_pinyin = data.cities[company.city]
    style = entity.company_style
    if rng.random() < 0.5 * c:
        style = ("zh", "zh", "zh_trad", "en", "en")[rng.randrange(5)]
    if style == "en":
        core, legal = _split_legal(company.en, data.legal_en_pattern)
        if legal and rng.random() < 0.4 * c:
            legal = ""
        elif not legal and rng.random() < 0.3 * c:
            legal = (" " if rng.random() < 0.7 else ", ") + data.legal_en.draw(rng)
        if core.upper().startswith(city_pinyin.upper() + " ") and rng.random() < 0.3 * c:
            core = core[len(city_pinyin) + 1 :]
        elif city_pinyin.upper() not in core.upper() and rng.random() < 0.12 * c:
            core = f"{city_pinyin} {core}" if rng.random() < 0.5 else f"{core} ({city_pinyin})"
        name = core + legal
        case = rng.random()
        if case < 0.2 * c:
            name = name.upper()
        elif case < 0.35 * c:
            name = name.title()
        elif case < 0.4 * c:
            name = name.lower()
        if rng.random() < 0.06 * c:
            name = _latin_typo(name, rng)
        return name
    core, legal = _split_legal(company.zh, data.legal_zh_pattern)
    if legal and rng.random() < 0.4 * c:
        legal = ""
    elif not legal and rng.random() < 0.3 * c:
        legal = data.legal_zh.draw(rng)
    bracketed = re.search(rf"[（(]{city_simp}[)）]", core)
    if bracketed and rng.random() < 0.4 * c:
        core = core[: bracketed.start()] + core[bracketed.end() :]
    elif core.startswith(city_simp) and len(core) >= len(city_simp) + 4 and rng.random() < 0.3 * c:
        core = core[len(city_simp) :]
    elif city_simp not in core and rng.random() < 0.12 * c:
        core = city_simp + core if rng.random() < 0.5 else f"{core}({city_simp})"
    name = core + legal
    if rng.random() < 0.06 * c:
        name = _hanzi_typo(name, data, rng)
    if style == "zh_trad":
        name = _traditional(name)
    if rng.random() < 0.2 * c:
        name = (
            name.translate(str.maketrans("()", "（）"))
            if rng.random() < 0.5
            else name.translate(str.maketrans("（）", "()"))
        )
    return name


def _title(entity: Entity, data: NameData, rng: random.Random, c: float) -> str:
    if rng.random() < 0.15 * c:
        return ""
    style = entity.title_style
    if rng.random() < 0.5 * c:
        style = "en" if style == "zh" else "zh"
    zh, en = data.titles[entity.title]
    if style == "zh":
        return _traditional(zh) if rng.random() < 0.1 * c else zh
    case = rng.random()
    if case < 0.15 * c:
        return en.upper()
    if case < 0.25 * c:
        return en.lower()
    return en


def _city(company: Company, data: NameData, rng: random.Random, c: float) -> str:
    if rng.random() < 0.1 * c:
        return ""
    simp, trad, pinyin = data.cities[company.city]
    if rng.random() >= 0.6 * c:
        return simp
    return (simp + "市", trad, pinyin, pinyin.upper(), f"{pinyin} City", pinyin.lower(), pinyin)[
        rng.randrange(7)
    ]


_DATE_FORMATS: tuple[Callable[[dt.date], str], ...] = (
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month}月",
    lambda d: f"{_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{_MONTHS_LONG[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.year}",
)


def _founded(company: Company, rng: random.Random, c: float) -> str:
    if rng.random() < 0.1 * c:
        return ""
    if rng.random() >= 0.8 * c:
        return _DATE_FORMATS[0](company.founded)
    return _DATE_FORMATS[rng.randrange(len(_DATE_FORMATS))](company.founded)


def _phone_text(digits: str, rng: random.Random, c: float) -> str:
    if rng.random() < 0.1 * c:
        return ""
    if rng.random() < 0.02 * c:
        i = rng.randrange(3, len(digits))
        digits = digits[:i] + str(rng.randrange(10)) + digits[i + 1 :]
    forms: tuple[str, ...]
    if len(digits) == 8:
        a, b = digits[:4], digits[4:]
        forms = (
            f"+852 {a} {b}",
            f"{a} {b}",
            f"(852) {a}-{b}",
            f"00852-{digits}",
            f"852 {digits}",
            f"+852{digits}",
        )
    else:
        a, b, d = digits[:3], digits[3:7], digits[7:]
        forms = (
            digits,
            f"{a} {b} {d}",
            f"{a}-{b}-{d}",
            f"+86 {a} {b} {d}",
            f"+86-{digits}",
            f"0086 {digits}",
            f"(+86) {a}-{b}-{d}",
            f"+86{digits}",
        )
    text = forms[rng.randrange(len(forms))] if rng.random() < 0.8 * c else forms[0]
    if rng.random() < 0.08 * c:
        text = text.translate(_FULL_WIDTH_DIGITS)
    return text


# --------------------------------------------------------------------------- records


Record = tuple[str, str, str, str, str, str, str]


def generate(
    size: int, seed: int, corruption: float = 0.5, data_dir: Path = DATA_DIR
) -> tuple[list[Record], list[tuple[str, str]]]:
    """`size` records and their truth (id, cluster_id), reproducible from `seed`."""
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    if not 0.0 <= corruption <= 1.0:
        raise ValueError(f"corruption must be between 0 and 1, got {corruption}")
    data = load_data(data_dir)
    np_rng = np.random.default_rng(seed)
    rng = random.Random(seed)
    companies = _companies(data, rng)
    sizes = _cluster_sizes(size, np_rng)
    entities = _entities(data, companies, len(sizes), rng, np_rng)
    slots = np_rng.permutation(size)
    width = max(6, len(str(size)))
    cluster_width = max(6, len(str(len(entities))))
    records: list[Record | None] = [None] * size
    truth: list[tuple[str, str] | None] = [None] * size
    c = corruption
    position = 0
    for index, (entity, count) in enumerate(zip(entities, sizes.tolist(), strict=True)):
        company = companies[entity.company]
        cluster = f"e{index + 1:0{cluster_width}d}"
        for _ in range(count):
            slot = int(slots[position])
            position += 1
            record_id = f"r{slot + 1:0{width}d}"
            person_name = _person_name(entity, data, rng, c)
            company_name = _company_name(entity, companies, data, rng, c)
            if rng.random() < 0.02 * c:
                person_name, company_name = company_name, person_name
            if rng.random() < 0.02 * c:
                person_name = ""
            records[slot] = (
                record_id,
                person_name,
                company_name if rng.random() >= 0.03 * c else "",
                _title(entity, data, rng, c),
                _city(company, data, rng, c),
                _founded(company, rng, c),
                _phone_text(entity.phone, rng, c),
            )
            truth[slot] = (record_id, cluster)
    return records, truth  # type: ignore[return-value]


def write(out_dir: Path, records: Sequence[Record], truth: Sequence[tuple[str, str]]) -> None:
    """Write records.csv and truth.csv (UTF-8, no BOM, csv-module quoting) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("records.csv", RECORD_COLUMNS, records),
        ("truth.csv", TRUTH_COLUMNS, truth),
    ):
        with (out_dir / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate and write one benchmark set."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Generate labelled, corrupted mixed-script records of people at companies.",
    )
    parser.add_argument("--size", type=int, required=True, help="number of records")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--corruption",
        type=float,
        default=0.5,
        help="0 (records of an entity identical) .. 1 (heavily corrupted)",
    )
    args = parser.parse_args(argv)
    try:
        records, truth = generate(args.size, args.seed, args.corruption)
    except ValueError as error:
        parser.error(str(error))
    write(args.output, records, truth)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
