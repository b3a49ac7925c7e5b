"""Loaders for the knowledge tables in `names/data/` (TSV, `#` comment lines naming sources).

Each table is read once, on first use, so importing entitymatch stays fast.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TypeVar

_F = TypeVar("_F", str, tuple[str, ...])


def read_table(name: str) -> Iterator[dict[str, str]]:
    """Rows of a data table as dicts keyed by its header."""
    text = resources.files("entitymatch.names").joinpath("data").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, ü written v."""
    return frozenset(row["syllable"] for row in read_table("pinyin_syllables.tsv"))


@functools.cache
def wade_giles() -> dict[str, tuple[str, ...]]:
    """Wade-Giles or Taiwanese spelling → the pinyin syllables it can stand for (chiu → jiu,
    qiu; fong → feng; syu → xu)."""
    table: dict[str, list[str]] = {}
    rows = [*read_table("wade_giles.tsv"), *read_table("taiwan_spellings.tsv")]
    for row in rows:
        # Also as names are tokenised: ü written v (hsüeh → hsveh).
        for spelling in dict.fromkeys((row["spelling"], row["spelling"].replace("ü", "v"))):
            if row["pinyin"] not in table.get(spelling, ()):
                table.setdefault(spelling, []).append(row["pinyin"])
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def honorifics() -> frozenset[str]:
    """Titles written before a name (Sir, Dr, Mr, 先生 is not among them: it follows)."""
    return frozenset(row["word"] for row in read_table("honorifics.tsv"))


@functools.cache
def cantonese_readings() -> dict[str, tuple[str, ...]]:
    """Simplified character → Hong Kong Government Cantonese romanisations."""
    return {
        row["char"]: tuple(row["readings"].split("|"))
        for row in read_table("cantonese_readings.tsv")
    }


@functools.cache
def reading_ranks() -> dict[str, tuple[str, ...]]:
    """Heteronymous character → toneless readings, the one names most likely use first."""
    return {
        row["char"]: tuple(row["readings"].split("|")) for row in read_table("reading_ranks.tsv")
    }


@functools.cache
def surnames() -> dict[str, str]:
    """Simplified surname (one or two characters) → its likeliest surname reading ("ou yang")."""
    return {s: readings[0] for s, readings in surname_readings().items()}


@functools.cache
def surname_readings() -> dict[str, tuple[str, ...]]:
    """Simplified surname → every surname reading, likeliest first (翟 → zhai, di)."""
    from entitymatch.text import to_simplified

    table: dict[str, list[str]] = {}
    for row in read_table("surnames.tsv"):
        # Also under OpenCC's simplified form, which is what input is folded to (蟜 → 𫊸).
        for key in dict.fromkeys((row["simplified"], to_simplified(row["simplified"]))):
            table.setdefault(key, []).append(row["pinyin"])
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def surname_spellings() -> dict[str, tuple[str, ...]]:
    """Simplified surname → every known spelling of it (pinyin, Wade-Giles, Cantonese, ...)."""
    from entitymatch.text import to_simplified

    table: dict[str, list[str]] = {}
    for row in read_table("surname_spellings.tsv"):
        for key in dict.fromkeys((row["simplified"], to_simplified(row["simplified"]))):
            table.setdefault(key, []).append(row["spelling"])
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def surnames_by_spelling() -> dict[str, tuple[str, ...]]:
    """A surname spelling with separators removed ("auyeung", "cheung") → the surnames it writes."""
    table: dict[str, list[str]] = {}
    for surname, spellings in surname_spellings().items():
        for spelling in spellings:
            key = spelling_key(spelling)
            if surname not in table.setdefault(key, []):
                table[key].append(surname)
    return {k: tuple(v) for k, v in table.items()}


def spelling_key(spelling: str) -> str:
    """A romanised spelling without separators or diaeresis: "Au-Yeung" → "auyeung", lü → lv."""
    return spelling.lower().replace("-", "").replace("'", "").replace(" ", "").replace("ü", "v")


# --- organisations -------------------------------------------------------------------------

_EN_WORD_RE = re.compile(r"[a-z0-9&]+")


def en_words(text: str) -> tuple[str, ...]:
    """English words of a name or table entry: lower case, split on anything not a letter,
    digit or '&' ("Co., Ltd." → co, ltd; "(Holdings)" → holdings)."""
    return tuple(_EN_WORD_RE.findall(text.lower()))


@functools.cache
def legal_forms_zh() -> tuple[tuple[str, str], ...]:
    """Chinese legal-form suffixes (simplified, brackets half-width), longest first, with codes."""
    from entitymatch.text import to_simplified

    forms: dict[str, str] = {}
    for row in read_table("legal_forms.tsv"):
        if row["lang"] == "zh":
            forms.setdefault(to_simplified(row["form"]), row["code"])
    return tuple(sorted(forms.items(), key=lambda kv: -len(kv[0])))


@functools.cache
def legal_forms_en() -> tuple[tuple[tuple[str, ...], str], ...]:
    """English legal forms as word sequences ("co", "ltd"), longest first, with codes."""
    forms: dict[tuple[str, ...], str] = {}
    for row in read_table("legal_forms.tsv"):
        if row["lang"] == "en":
            words = en_words(row["form"])
            if words:
                forms.setdefault(words, row["code"])
    return tuple(sorted(forms.items(), key=lambda kv: -len(kv[0])))


@functools.cache
def legal_forms_zh_by_length() -> tuple[tuple[int, dict[str, str]], ...]:
    """`legal_forms_zh` grouped by length, longest first: a name's ending is looked up in each
    group instead of being compared with every form."""
    return _by_length(legal_forms_zh())


@functools.cache
def legal_form_ends_zh() -> frozenset[str]:
    """Last characters of the Chinese legal forms: a run ending in another has none to strip."""
    return frozenset(form[-1] for form, _ in legal_forms_zh())


@functools.cache
def legal_forms_en_by_length() -> tuple[tuple[int, dict[tuple[str, ...], str]], ...]:
    """`legal_forms_en` grouped by length in words, longest first (see the zh version)."""
    return _by_length(legal_forms_en())


@functools.cache
def legal_form_ends_en() -> frozenset[str]:
    """Last words of the English legal forms (see the zh version)."""
    return frozenset(form[-1] for form, _ in legal_forms_en())


@functools.cache
def legal_codes() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Code of a whole bracketed legal form: by its Chinese text without brackets ("集团"), and
    by its English words; where two forms read the same, the longer one's code, as listed."""
    zh: dict[str, str] = {}
    for form, code in legal_forms_zh():
        zh.setdefault(form.strip("()"), code)
    return zh, dict(legal_forms_en())


def _by_length(forms: Sequence[tuple[_F, str]]) -> tuple[tuple[int, dict[_F, str]], ...]:
    groups: dict[int, dict[_F, str]] = {}
    for form, code in forms:  # longest first already, so groups come out in that order
        groups.setdefault(len(form), {}).setdefault(form, code)
    return tuple(groups.items())


# Bare names (no 市/省 suffix) of these levels are common enough as prefixes to strip; a bare
# prefecture or county name is too often the start of a brand (阿里 in 阿里巴巴).
_BARE_PREFIX_LEVELS = frozenset({"province", "municipality", "sar", "autonomous_region", "city"})


@functools.cache
def regions_zh() -> dict[str, str]:
    """Chinese region name, with and without its suffix (北京, 北京市) → the bare name."""
    suffixes = [r["suffix"] for r in read_table("region_suffixes.tsv") if r["lang"] == "zh"]
    table: dict[str, str] = {}
    for row in read_table("regions.tsv"):
        zh = row["zh"]
        table[zh] = zh
        for suffix in suffixes:
            table.setdefault(zh + suffix, zh)
    return table


@functools.cache
def region_prefixes_zh() -> dict[str, str]:
    """Region names that may be stripped from the start of a Chinese company name."""
    bare = {row["zh"] for row in read_table("regions.tsv") if row["level"] in _BARE_PREFIX_LEVELS}
    return {form: zh for form, zh in regions_zh().items() if form != zh or zh in bare}


@functools.cache
def region_prefix_starts_zh() -> frozenset[str]:
    """First two characters of every `region_prefixes_zh` entry (all have two or more)."""
    return frozenset(form[:2] for form in region_prefixes_zh())


@functools.cache
def regions_en() -> dict[tuple[str, ...], str]:
    """English region name or alias as words ("hong", "kong") → the Chinese bare name."""
    table: dict[tuple[str, ...], str] = {}
    for row in read_table("regions.tsv"):
        for name in [row["en"], *row["aliases"].split("|")]:
            words = en_words(name)
            if words:
                table.setdefault(words, row["zh"])
    return table


@functools.cache
def region_words_en() -> frozenset[str]:
    """English words that say "this is a region" (Province, City, SAR) and go with it."""
    return frozenset(
        w
        for r in read_table("region_suffixes.tsv")
        if r["lang"] == "en"
        for w in en_words(r["suffix"])
    )


@functools.cache
def industry_words() -> dict[str, float]:
    """Generic words of company names (科技, technology) → their weight in (0, 1]."""
    table: dict[str, float] = {}
    for row in read_table("industry_words.tsv"):
        word = row["word"] if row["lang"] == "zh" else " ".join(en_words(row["word"]))
        table.setdefault(word, float(row["weight"]))
    return table


@functools.cache
def glossary() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Bilingual company-word glossary: zh → English forms, and English form → zh words."""
    zh_to_en: dict[str, set[str]] = {}
    en_to_zh: dict[str, set[str]] = {}
    for row in read_table("org_glossary.tsv"):
        en = " ".join(en_words(row["en"]))
        if en:
            zh_to_en.setdefault(row["zh"], set()).add(en)
            en_to_zh.setdefault(en, set()).add(row["zh"])
    return (
        {k: frozenset(v) for k, v in zh_to_en.items()},
        {k: frozenset(v) for k, v in en_to_zh.items()},
    )


@functools.cache
def company_words_zh() -> frozenset[str]:
    """Chinese words an organisation's name is split on: glossary and industry words."""
    return frozenset(glossary()[0]) | frozenset(industry_words())


@functools.cache
def phrase_starts_en() -> frozenset[str]:
    """First words of the English regions, glossary entries and industry words of two or more
    words: a word not among them begins no phrase, so longer look-ups can be skipped."""
    phrases = [*regions_en(), *(k.split(" ") for k in (*glossary()[1], *industry_words()))]
    return frozenset(words[0] for words in phrases if len(words) > 1)
