"""Derive the name lists in `benchmarks/data/` that the record generator reads.

Run once by hand when the shared data changes; the generator and the tests read only the files
written here, never the shared folder:

    python -m benchmarks.build_generator_data --adcodes /path/to/cpca/resources/adcodes.csv

`--adcodes` is the administrative-division table shipped in the `cpca` wheel (MIT licence;
`pip download cpca==0.5.5 --no-deps`, then unzip `cpca/resources/adcodes.csv`). The output is
deterministic: rows are sorted and nothing is sampled.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from benchmarks.sources import (
    DEFAULT_DATA_DIR,
    LEGAL_FORM_EN,
    LEGAL_FORM_ZH,
    Surnames,
    canonical_hkex_rows,
    english_names,
    is_title_word,
    load_persons,
    read_tsv,
    romanisation_system,
    spellings,
    strip_legal_form_zh,
    to_simplified,
    to_traditional,
)

OUT_DIR = Path(__file__).resolve().parent / "data"
_CEDICT = "CC-CEDICT (2026-06-12), CC BY-SA 4.0, via the project's shared name data"
_EXCHANGES = (
    "HKEX list of listed companies and HKEX Stock Connect eligible A-share lists "
    "(exchange data, facts), via the project's shared name data"
)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], notes: str) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in notes.strip().splitlines():
            handle.write(f"# {line}\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


_PROVINCE_SUFFIX = re.compile(r"(壮族|回族|维吾尔)?(自治区|特别行政区|省|市)$")


def _cities(adcodes: Path) -> list[tuple[str, str, str, str, str]]:
    """Cities and provinces: (adcode, level, simp, trad, pinyin).

    Levels: "municipality" (the four province-level cities), "prefecture" (prefecture-level
    cities, 市 only) and "province" (the other province-level divisions, by their short name).
    """
    with adcodes.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = []
    for row in rows:
        code, name = row["adcode"], row["name"]
        if code.endswith("0000000000"):
            level = "municipality" if code[:2] in {"11", "12", "31", "50"} else "province"
            simp = _PROVINCE_SUFFIX.sub("", name)
        elif code.endswith("00000000") and name.endswith("市"):
            level, simp = "prefecture", name[:-1]
        else:
            continue
        pinyin = "".join(lazy_pinyin(simp, style=Style.NORMAL)).capitalize()
        places.append((code, level, simp, to_traditional(simp), pinyin))
    return sorted(places)


def _company_city(zh_simp: str, cities: Sequence[str]) -> str:
    """The city a company name starts with or puts in brackets, longest name first."""
    bare = strip_legal_form_zh(zh_simp)
    for city in cities:
        if bare.startswith(city) or re.search(rf"[（(]{city}[)）]", bare):
            return city
    return ""


def _companies(data_dir: Path, city_names: Sequence[str]) -> list[tuple[str, ...]]:
    hkex = canonical_hkex_rows(read_tsv(data_dir / "hkex_listed_companies_zh_en.tsv"))
    rows = []
    for row in hkex:
        # Share-class markers ('A', 'B', - H股) are no part of the company's name.
        if row["zh_trad"] and row["en"] and not re.search(r"'|H股", row["zh_trad"]):
            simp = row["zh_simp_derived"] or to_simplified(row["zh_trad"])
            city = _company_city(simp, city_names)
            rows.append(("hkex", row["stock_code"], simp, row["zh_trad"], row["en"], city))
    seen = set()
    for row in read_tsv(data_dir / "hk_stock_connect_a_shares_zh_en.tsv"):
        code = row["stock_code"]
        if row["security_kind_derived"] != "stock" or code in seen or not row["en_short"]:
            continue
        seen.add(code)
        simp = row["zh_short_simp_derived"] or to_simplified(row["zh_short_trad_nfkc"])
        city = _company_city(simp, city_names)
        rows.append(("ashare", code, simp, row["zh_short_trad_nfkc"], row["en_short"], city))
    return sorted(rows)


def _persons(data_dir: Path, surnames: Surnames) -> list[tuple[str, str, str, str, str]]:
    """Chinese people of CC-CEDICT whose name splits into a known surname and a given name."""
    rows: list[tuple[str, str, str, str, str]] = []
    for person in load_persons(data_dir):
        split = surnames.split(person.simp)
        if split is None or not 2 <= len(person.simp) <= 4:
            continue
        if len(person.syllables) != len(person.simp):
            continue
        english = ""
        for name in english_names(person):
            if romanisation_system(person, name, len(split[0])) is not None:
                english = name
                break
        if not english and person.category.startswith("chinese_pinyin"):
            english = person.en_name
        english = " ".join(w for w in english.split() if not is_title_word(w))
        if english:
            rows.append(
                (person.simp, person.trad, str(len(split[0])), " ".join(person.syllables), english)
            )
    return sorted(set(rows))


def _zipf_exponent(top: int, total: int, share: float) -> float:
    """Exponent s with sum(r^-s, r<=top) / sum(r^-s, r<=total) == share, by bisection."""
    low, high = 0.0, 3.0
    for _ in range(60):
        mid = (low + high) / 2
        weights = [r**-mid for r in range(1, total + 1)]
        if sum(weights[:top]) / sum(weights) < share:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _surnames(data_dir: Path) -> tuple[list[tuple[str, str, str, str, str]], float]:
    """Surname readings with a weight per reading, from the 2020 rank list (see the notes)."""
    ranks: dict[str, int] = {}
    counts: dict[str, float] = {}
    for row in read_tsv_commented(OUT_DIR / "surname_rank_2020.tsv"):
        if row["rank"]:
            ranks[row["surname"]] = int(row["rank"])
        else:
            counts[row["surname"]] = float(row["people_10k"])
    cedict = read_tsv(data_dir / "cedict_surnames.tsv")
    readings: dict[str, list[dict[str, str]]] = {}
    for row in cedict:
        readings.setdefault(row["zh_simp"], []).append(row)
    # 吕 is on the 2020 list but CC-CEDICT glosses it under 呂 only; keep the list complete.
    readings.setdefault("吕", [{"zh_simp": "吕", "zh_trad": "呂", "cedict_pinyin": "Lu:3"}])
    exponent = _zipf_exponent(5, 100, 30.8 / 85.9)
    zipf = {r: r**-exponent for r in range(1, 101)}
    zipf_total = sum(zipf.values())
    registered = 140_000.0  # 10k people, the report's order of magnitude (1.4 billion)
    known_share = sum(counts.values()) / registered
    rest = [s for s in readings if s not in ranks and s not in counts]
    rows: list[tuple[str, str, str, str, str]] = []
    for surname in sorted(readings):
        if surname in ranks:
            share = 0.859 * zipf[ranks[surname]] / zipf_total
        elif surname in counts:
            share = counts[surname] / registered
        else:
            share = (1 - 0.859 - known_share) / len(rest)
        entries = readings[surname]
        for entry in entries:
            weight = share / len(entries)
            rows.append(
                (
                    surname,
                    entry["zh_trad"],
                    entry["cedict_pinyin"],
                    str(ranks.get(surname, "")),
                    f"{weight:.8f}",
                )
            )
    return rows, exponent


def read_tsv_commented(path: Path) -> list[dict[str, str]]:
    """Rows of one of our TSV files, skipping the `#` header comment."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _english_given_names(data_dir: Path, surnames: Surnames) -> list[tuple[str, int]]:
    """English given names that real people in CC-CEDICT carry, weighted by Wikidata counts.

    A first token counts as a given name when the hanzi marks it as one (a transliterated
    foreign name, given name before the middle dot) or when a Chinese person's English name
    starts with a word that spells no character of the name (Robin Li, Jacky Cheung).
    """
    counts: Counter[str] = Counter()
    for row in read_tsv(data_dir / "wikidata_person_name_tokens_en_zh.tsv"):
        counts[row["en_token_lower"]] += int(row["count_in_source"])
    found: set[str] = set()
    for person in load_persons(data_dir):
        for name in english_names(person):
            words = name.split()
            if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z]{2,}", words[0]):
                continue
            first = words[0].lower()
            if "·" in person.simp and person.category == "foreign_transliterated":
                if not is_title_word(first):
                    found.add(first)
                continue
            split = surnames.split(person.simp)
            if split is None or romanisation_system(person, name, len(split[0])) is None:
                continue
            if first not in spellings(person) and not is_title_word(first):
                found.add(first)
    return sorted(
        ((name.capitalize(), max(counts[name], 1)) for name in found),
        key=lambda item: (-item[1], item[0]),
    )


def _legal_forms(data_dir: Path) -> list[tuple[str, str, int]]:
    """Legal-form endings of HKEX names with how often each is written that way."""
    forms: Counter[tuple[str, str]] = Counter()
    for row in read_tsv(data_dir / "hkex_listed_companies_zh_en.tsv"):
        zh = LEGAL_FORM_ZH.search(to_simplified(row["zh_trad"]))
        if zh:
            forms["zh", zh.group(1)] += 1
        en = LEGAL_FORM_EN.search(row["en"])
        if en:
            forms["en", en.group(1)] += 1
    return sorted(
        ((lang, form, n) for (lang, form), n in forms.items() if n >= 2),
        key=lambda item: (item[0], -item[2], item[1]),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Write every derived list into benchmarks/data/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--adcodes", type=Path, required=True)
    args = parser.parse_args(argv)
    data_dir: Path = args.data_dir
    surnames = Surnames.load(data_dir)

    places = _cities(args.adcodes)
    city_names = sorted((p[2] for p in places if p[1] != "province"), key=lambda c: (-len(c), c))
    companies = _companies(data_dir, city_names)
    mentions = Counter(row[5] for row in companies if row[5])
    n = _write(
        OUT_DIR / "cities.tsv",
        ("adcode", "level", "zh_simp", "zh_trad", "pinyin", "weight"),
        (
            (code, level, s, t, p, 0 if level == "province" else 1 + mentions[s])
            for code, level, s, t, p in places
        ),
        """Prefecture-level cities, the four municipalities and (level "province", weight 0, short
names: 山东, 广西, 香港) the other province-level divisions of China (GB/T 2260 codes), from
adcodes.csv of the cpca package 0.5.5 (MIT licence, Copyright (c) 2018 QinYuan Du).
pinyin: pypinyin lazy_pinyin, Style.NORMAL, joined and capitalised; pypinyin reads a few
polyphonic city names wrongly (长治 Zhangzhi for Changzhi, 漯河 Tahe for Luohe, 朝阳 Zhaoyang
for Chaoyang) and they are kept as it gives them. weight: 1 + how many company names in
companies.tsv start with the city or name it in brackets.""",
    )
    print(f"cities.tsv: {n}")
    n = _write(
        OUT_DIR / "companies.tsv",
        ("source", "code", "zh_simp", "zh_trad", "en", "city"),
        companies,
        f"""Chinese companies with Chinese and English names: every HKEX listed company (its longest
current name; full legal names) and every A-share stock in Stock Connect (short names), both
halves of the shared split, because this feeds a benchmark, not a knowledge table.
Source: {_EXCHANGES}. zh_simp of HKEX names: OpenCC t2s. city: the city of cities.tsv the
Chinese name starts with or names in brackets, if any.""",
    )
    print(f"companies.tsv: {n}")
    n = _write(
        OUT_DIR / "persons.tsv",
        ("zh_simp", "zh_trad", "surname_len", "pinyin", "en_name"),
        _persons(data_dir, surnames),
        f"""Chinese people (2-4 hanzi, a CC-CEDICT surname first) with the English name CC-CEDICT
gives them, pinyin or not (Kai-Fu Lee, Eason Chan), and their tone-numbered pinyin.
Source: {_CEDICT}. The generator uses them as real people and as the pool of given names.""",
    )
    print(f"persons.tsv: {n}")
    surname_rows, exponent = _surnames(data_dir)
    n = _write(
        OUT_DIR / "surnames.tsv",
        ("zh_simp", "zh_trad", "pinyin", "rank_2020", "weight"),
        surname_rows,
        f"""Surname readings of CC-CEDICT (source: {_CEDICT}) plus 吕, which CC-CEDICT glosses
under 呂 only. weight: share of people, split evenly between the readings of one surname.
The top 100 follow the rank order of the 2020 national name report (surname_rank_2020.tsv)
on a Zipf curve with exponent {exponent:.4f}, fitted so that the top five hold 30.8% of
people (2020 report) and the top hundred 85.9% (the share published with the 2019 list); the
compound surnames with published 2020 counts get those; every other surname shares the
remainder evenly.""",
    )
    print(f"surnames.tsv: {n}")
    n = _write(
        OUT_DIR / "english_given_names.tsv",
        ("name", "weight"),
        _english_given_names(data_dir, surnames),
        f"""English given names carried by real people in CC-CEDICT: the first name of
transliterated foreign names (约翰·霍金斯 John Hawkins) and the Western first names of Chinese
people (Robin Li, Jacky Cheung). Source: {_CEDICT}. weight: the name's count in the Wikidata
name-token list of Merhav & Ash (COLING 2018, CC0), 1 when absent.""",
    )
    print(f"english_given_names.tsv: {n}")
    n = _write(
        OUT_DIR / "legal_forms.tsv",
        ("lang", "form", "count"),
        _legal_forms(data_dir),
        f"""Legal-form endings of company names (有限公司, Co., Ltd. ...) as HKEX names write them,
with counts over both halves; endings seen once are left out. Source: {_EXCHANGES}.""",
    )
    print(f"legal_forms.tsv: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
