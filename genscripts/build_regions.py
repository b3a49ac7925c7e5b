"""Build regions.tsv and region_suffixes.tsv in src/entitymatch/names/data/.

    python genscripts/build_regions.py

Inputs (genscripts/sources/): the GB/T 2260 provincial, prefecture-level and county-level-city
lists, the GB/T 3304 ethnic-group names (to cut 朝鲜族自治州 off 延边朝鲜族自治州), the English
exceptions (Hohhot, Tibet, Shaanxi, Peking ...), the county-level cities the issue named, and the
train-half company names, which decide which other county-level cities are kept.

English names are Hanyu Pinyin from pypinyin (syllables joined, apostrophe before a syllable
that starts with a, o or e: Xi'an), replaced where region_english_exceptions.tsv says so.

County-level cities: there are about 400, and many are also ordinary words or brands (东方,
安宁, 合作, 江山), so only those that the train names use as a place are kept: the English name
starts with the city's pinyin while the Chinese name does not start with a word read that way
(KUNSHAN GLVAC ELECTRONIC TECHNOLOGY), or the Chinese name writes the city as a place (starting
with 昆山市, with a province or prefecture followed by the city, or with the city in brackets).
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass

from org_common import A_SHARES_TRAIN, DATA, HKEX_TRAIN, SOURCES, SPLIT_RULE, read_tsv, write_table
from pypinyin import Style, lazy_pinyin

from entitymatch.text import clean_text

_MUNICIPALITY_SUFFIX = "市"
_SAR_SUFFIX = "特别行政区"
_PLACEHOLDER_RE = re.compile(r"^(市辖区|县|.*直辖县级行政区划)$")
_ENGLISH_SUFFIXES = (
    "Special Administrative Region",
    "Autonomous Prefecture",
    "Autonomous Region",
    "Municipality",
    "Prefecture",
    "Province",
    "District",
    "County",
    "League",
    "City",
    "SAR",
)
_GENERIC_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "盟", "省", "市")
# Suffixes the issue asked the normaliser to strip, kept even when no division list row ends
# with them (区 and 县 end districts and counties, which this table does not list).
_ISSUE_SUFFIXES = (
    "省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区",
    "特别行政区", "地区", "区", "县",
)  # fmt: skip


@dataclass(frozen=True)
class Region:
    code: str
    zh: str
    en: str
    level: str
    parent: str
    aliases: tuple[str, ...]


def _ethnic_pattern() -> re.Pattern[str]:
    names = [r["name"] for r in read_tsv(SOURCES / "ethnic_groups.tsv")]
    # The 族 of 蒙古族, 哈萨克族, 柯尔克孜族 is dropped in some division names.
    parts = sorted(
        {n for name in names for n in (name, name.removesuffix("族"))}, key=len, reverse=True
    )
    return re.compile("(?:" + "|".join(map(re.escape, parts)) + ")+$")


def split_suffix(name: str, ethnic: re.Pattern[str]) -> tuple[str, str]:
    """Cut a division name into its short form and its suffix: 广西壮族自治区 → (广西, 壮族自治区).

    The short form keeps at least two characters (芒市 stays 芒市, 津市市 becomes 津市)."""
    for generic in _GENERIC_SUFFIXES:
        if name.endswith(generic) and len(name) - len(generic) >= 2:
            stem = name[: -len(generic)]
            if generic.startswith("自治"):
                match = ethnic.search(stem)
                if match and match.start() >= 2:
                    return stem[: match.start()], stem[match.start() :] + generic
            return stem, generic
    return name, ""


def pinyin_name(zh: str) -> str:
    """Hanyu Pinyin as a place name is written: syllables joined, capitalised, with an
    apostrophe where a syllable starting with a, o or e would run into the one before."""
    syllables = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
    word = syllables[0] + "".join(("'" + s if s[0] in "aoe" else s) for s in syllables[1:])
    return word[0].upper() + word[1:]


def spelling_variants(en: str) -> list[str]:
    """Spellings of a pinyin name found in ASCII text: without apostrophes, ü as v or u."""
    variants = [en.replace("'", "")]
    if "ü" in en:
        variants += [variants[0].replace("ü", "v"), variants[0].replace("ü", "u")]
    return [v for v in dict.fromkeys(variants) if v != en]


def _place_evidence(
    cities: dict[str, tuple[str, set[str]]], pairs: list[tuple[str, str]]
) -> collections.Counter[str]:
    """Count the train names that use each county-level city as a place (see module doc).

    `cities` maps a city's short name to its full name and the short names of the province and
    prefecture it lies in; a place written next to the city must be one of those, so
    北京同仁堂 is not evidence for 同仁 (Qinghai)."""
    found: collections.Counter[str] = collections.Counter()
    for zh_city, (full_name, parents) in cities.items():
        target = pinyin_name(zh_city).replace("'", "").casefold()
        parent_alt = "|".join(sorted(map(re.escape, parents), key=len, reverse=True))
        city = re.escape(zh_city)
        as_place = re.compile(
            rf"^{re.escape(full_name)}|^(?:{parent_alt})[省市]?{city}|^{city}(?:{parent_alt})"
            rf"|\({city}\)"
        )
        for zh, en in pairs:
            words = re.findall(r"[a-z]+", en.casefold())
            english_place = (
                bool(words)
                and words[0] == target
                and "".join(lazy_pinyin(zh[: len(zh_city)])).casefold() != target
            )
            if english_place or as_place.search(zh):
                found[zh_city] += 1
    return found


def main() -> None:
    ethnic = _ethnic_pattern()
    exceptions = {r["zh"]: r for r in read_tsv(SOURCES / "region_english_exceptions.tsv")}
    suffixes: set[str] = set(_ISSUE_SUFFIXES) | set(_GENERIC_SUFFIXES)

    def make(code: str, name: str, level: str, parent: str) -> Region:
        zh, suffix = split_suffix(name, ethnic)
        if suffix:
            suffixes.add(suffix)
        generated = pinyin_name(zh)
        exception = exceptions.get(zh)
        en = exception["en"] if exception else generated
        aliases = spelling_variants(en)
        if exception and exception["aliases"]:
            aliases += exception["aliases"].split("|")
        aliases = [a for a in dict.fromkeys(aliases) if a != en]
        return Region(code, zh, en, level, parent, tuple(aliases))

    provinces: dict[str, Region] = {}
    for row in read_tsv(SOURCES / "gb2260_provinces.tsv"):
        name = row["name"]
        if name.endswith(_SAR_SUFFIX):
            level = "sar"
        elif name.endswith("自治区"):
            level = "autonomous_region"
        elif name.endswith(_MUNICIPALITY_SUFFIX):
            level = "municipality"
        else:
            level = "province"
        provinces[row["code"]] = make(row["code"], name, level, "")

    prefectures: dict[str, Region] = {}
    prefecture_names: dict[str, str] = {}
    for row in read_tsv(SOURCES / "gb2260_prefectures.tsv"):
        if _PLACEHOLDER_RE.match(row["name"]):
            continue
        level = "city" if row["name"].endswith("市") else "prefecture"
        parent = provinces[row["province_code"]].zh
        prefectures[row["code"]] = make(row["code"], row["name"], level, parent)
        prefecture_names[row["code"]] = row["name"]

    county_rows = [
        r
        for r in read_tsv(SOURCES / "gb2260_county_cities.tsv")
        if prefecture_names.get(r["prefecture_code"]) != r["name"]
    ]
    named = {r["name"] for r in read_tsv(SOURCES / "county_cities_named_in_issue.tsv")}
    hkex = read_tsv(HKEX_TRAIN)
    a_shares = [r for r in read_tsv(A_SHARES_TRAIN) if r["security_kind_derived"] == "stock"]
    pairs = [(clean_text(r["zh_simp_derived"]), clean_text(r["en"])) for r in hkex]
    pairs += [(clean_text(r["zh_short_simp_derived"]), clean_text(r["en_short"])) for r in a_shares]
    # Cities under a province directly (仙桃, 济源) have no prefecture to be written with.
    county_short = {
        split_suffix(r["name"], ethnic)[0]: (
            r["name"],
            {provinces[r["province_code"]].zh}
            | (
                {prefectures[r["prefecture_code"]].zh}
                if r["prefecture_code"] in prefectures
                else set()
            ),
        )
        for r in county_rows
    }
    evidence = _place_evidence(county_short, pairs)

    counties: list[Region] = []
    for row in county_rows:
        short = split_suffix(row["name"], ethnic)[0]
        if row["name"] in named or evidence[short] > 0:
            parent = provinces[row["province_code"]].zh
            counties.append(make(row["code"], row["name"], "county_city", parent))

    regions = list(provinces.values()) + list(prefectures.values()) + counties
    comments = [
        "Chinese administrative divisions as they appear in organisation names: every",
        "provincial-level division (34), every prefecture-level",
        "division (333) and the county-level",
        "cities that company names use as places.",
        "Source: GB/T 2260 administrative division codes and names, in the National Bureau of",
        "Statistics' statistical division list as compiled by GitHub",
        "modood/Administrative-divisions-of-China (stored copy; it has 新星市 (2021) but not",
        "白杨市 (2023), i.e. the division list as of 2022), with Taiwan, Hong Kong and Macau from",
        "GB/T 2260 itself; ethnic-group names from GB/T 3304. English: Hanyu Pinyin",
        "(pypinyin) except established forms (genscripts/sources/region_english_exceptions.tsv:",
        "State Council place-name romanisation rules for minority areas, SAR governments' own",
        "names, Chinese Postal Map Romanization for old spellings). County-level cities: those the",
        "project issue named plus those the train half of the HKEX company-name lists uses as a",
        f"place ({SPLIT_RULE}); see genscripts/build_regions.py.",
        "Licence: public facts (no rights claimed); MIT like the package.",
        "Regenerate: python genscripts/build_regions.py",
        "Columns: zh = short name in simplified Chinese without its suffix (北京, 内蒙古, 延边;",
        "suffixes are in region_suffixes.tsv); en = usual English name; level = province,",
        "municipality, sar, autonomous_region, city (prefecture-level city), prefecture (a",
        "prefecture-level 地区, 盟 or 自治州, which is not a city) or county_city; parent = zh of",
        "the provincial-level division a city or prefecture belongs to, empty for provincial",
        "rows; aliases = other English spellings separated by '|' (may be empty).",
        "One zh may appear at two levels (吉林 province and 吉林 city; 海南 province and 海南",
        "prefecture of Qinghai); (zh, level, parent) is unique.",
    ]
    rows = [(r.zh, r.en, r.level, r.parent, "|".join(r.aliases)) for r in regions]
    header = ("zh", "en", "level", "parent", "aliases")
    count = write_table(DATA / "regions.tsv", comments, header, rows)

    suffix_rows = sorted(
        {(s, "zh") for s in suffixes} | {(s, "en") for s in _ENGLISH_SUFFIXES},
        key=lambda r: (r[1] != "zh", -len(r[0]), r[0]),
    )
    suffix_comments = [
        "Suffixes of Chinese administrative division names, and the English words that play the",
        "same part, for stripping before looking a name up in regions.tsv.",
        "Source: the suffixes that build_regions.py cut off the GB/T 2260 division names (with",
        "GB/T 3304 ethnic-group names: 朝鲜族自治州), the ones the project issue listed",
        "(区, 县 for",
        "districts and counties), and the English designations used in official English names",
        "(Guangxi Zhuang Autonomous Region, Hong Kong Special",
        "Administrative Region).",
        "Licence: public facts (no rights claimed); MIT like the package.",
        "Regenerate: python genscripts/build_regions.py",
        "Columns: suffix = the suffix as written; lang = zh or",
        "en. Longest first within a language.",
    ]
    suffix_count = write_table(
        DATA / "region_suffixes.tsv", suffix_comments, ("suffix", "lang"), suffix_rows
    )
    levels = collections.Counter(r.level for r in regions)
    print(f"regions.tsv: {count} rows {dict(levels)}; region_suffixes.tsv: {suffix_count} rows")
    print(
        "county-level cities kept:",
        ", ".join(f"{c.zh} {c.en} ({evidence[c.zh]})" for c in counties),
    )


if __name__ == "__main__":
    main()
