"""Build src/entitymatch/names/data/industry_words.tsv: generic words of company names, weighted.

    python genscripts/build_industry_words.py [--show N]

Industry descriptors (科技, 医药, Technology, Pharmaceutical) sit at the end of a company name,
after the brand and before the legal form; brand parts sit at the front. So, over the distinct
company names of the train half (HKEX full names, A-share short names; funds left out):

1. Strip the legal form (legal_forms.tsv, greedy from the end, 控股/集团 included) and the
   regions (regions.tsv names with their suffixes, at the start or in brackets) off each name.
2. Count, for every tail of 2, 3 or 4 hanzi (Chinese) or of 1 or 2 words (English), in how
   many names it ends the remainder. A tail is a candidate when at least MIN_TAIL_DF names end
   with it and it is not a fragment of a longer tail (物科技 of 生物科技: more than
   FRAGMENT_SHARE of the names ending 物科技 end 生物科技).
3. Peel the candidates off the end of every name (生物医药科技 → 生物医药 → 生物) and count the
   new tails again; repeat until nothing new turns up. This is a plain frequency method over
   n-grams, no segmenter.
4. Drop a Chinese tail that is a known word with one more hanzi in front (商银行, 天科技: the
   hanzi belongs to the brand); keep one whose front part is itself a known word (生物科技).
   Drop legal forms (集团, group: they have their own table).
5. Add every 2-hanzi unit or English word found anywhere in at least HIGH_DF_SHARE of the names
   (中国, China: generic by frequency although they stand in front).
6. Add the words the issue named (industry_words_named_in_issue.tsv) even if the sample is
   too small to show them.
7. Weight: df = names containing the word anywhere; idf = ln(N / df), N = distinct names of
   that language; weight scales idf linearly from MIN_WEIGHT for the most generic word to
   MAX_WEIGHT for a word at idf ln(N / MIN_TAIL_DF), capped there, so every listed word counts
   less than a brand word (weight 1).
"""

from __future__ import annotations

import argparse
import collections
import math
import re
from collections.abc import Callable, Iterable, Sequence

from org_common import A_SHARES_TRAIN, DATA, HKEX_TRAIN, SOURCES, SPLIT_RULE, read_tsv, write_table

from entitymatch.text import clean_text

MIN_TAIL_DF = 5
HIGH_DF_SHARE = 0.02
FRAGMENT_SHARE = 0.7
MIN_WEIGHT = 0.15
MAX_WEIGHT = 0.8
_HAN_RE = re.compile(r"[\u3400-\u9fff]+")
_WORD_RE = re.compile(r"[a-z][a-z0-9'-]*|[0-9]+")
_BRACKETS_RE = re.compile(r"\([^)]*\)")
_STOPWORDS = {"and", "of", "the", "&"}


def _legal_forms() -> tuple[list[str], list[tuple[str, ...]]]:
    zh: list[str] = []
    en: list[tuple[str, ...]] = []
    for row in read_tsv(DATA / "legal_forms.tsv"):
        if row["lang"] == "zh":
            zh.append(row["form"])
        else:
            en.append(tuple(_WORD_RE.findall(row["form"].casefold())))
    return sorted(zh, key=len, reverse=True), sorted((e for e in en if e), key=len, reverse=True)


def _regions() -> tuple[re.Pattern[str], set[tuple[str, ...]]]:
    """A pattern for Chinese region names (with optional suffix) at the start of a name, and
    the English region names as word tuples."""
    rows = read_tsv(DATA / "regions.tsv")
    suffixes = [r["suffix"] for r in read_tsv(DATA / "region_suffixes.tsv") if r["lang"] == "zh"]
    names = sorted({r["zh"] for r in rows}, key=len, reverse=True)
    suffix_alt = "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
    pattern = re.compile("^(?:(?:" + "|".join(map(re.escape, names)) + f")(?:{suffix_alt})?)+")
    english = {
        tuple(_WORD_RE.findall(name.casefold()))
        for r in rows
        for name in [r["en"], *filter(None, r["aliases"].split("|"))]
    }
    return pattern, english


def _strip_tail(items: Sequence[str], forms: Iterable[Sequence[str]]) -> list[str]:
    """Strip legal forms off the end of a sequence (hanzi or words), greedily, repeatedly."""
    items = list(items)
    forms = list(forms)
    changed = True
    while changed:
        changed = False
        for form in forms:
            if len(items) > len(form) and items[-len(form) :] == list(form):
                items = items[: -len(form)]
                changed = True
                break
    return items


def chinese_names() -> list[str]:
    """Distinct train-half Chinese names with legal forms and regions taken off."""
    legal_zh, _ = _legal_forms()
    region_re, _ = _regions()
    names: set[str] = set()
    for raw in _raw_names("zh"):
        text = _BRACKETS_RE.sub("", clean_text(raw))
        text = "".join(_strip_tail(list(text), (list(f) for f in legal_zh)))
        text = region_re.sub("", text)
        han = "".join(_HAN_RE.findall(text))
        if han:
            names.add(han)
    return sorted(names)


def english_names() -> list[tuple[str, ...]]:
    """Distinct train-half English names as lower-case words, legal forms and regions off."""
    _, legal_en = _legal_forms()
    _, region_en = _regions()
    longest = max(len(r) for r in region_en)
    names: set[tuple[str, ...]] = set()
    for raw in _raw_names("en"):
        words = _WORD_RE.findall(_BRACKETS_RE.sub(" ", clean_text(raw)).casefold())
        words = _strip_tail(words, legal_en)
        kept: list[str] = []
        i = 0
        while i < len(words):
            size = next(
                (n for n in range(longest, 0, -1) if tuple(words[i : i + n]) in region_en), 0
            )
            if size:
                i += size
                continue
            if words[i] not in _STOPWORDS:
                kept.append(words[i])
            i += 1
        if kept:
            names.add(tuple(kept))
    return sorted(names)


def _raw_names(lang: str) -> list[str]:
    hkex = read_tsv(HKEX_TRAIN)
    a_shares = [r for r in read_tsv(A_SHARES_TRAIN) if r["security_kind_derived"] == "stock"]
    if lang == "zh":
        return [r["zh_simp_derived"] for r in hkex] + [r["zh_short_simp_derived"] for r in a_shares]
    return [r["en"] for r in hkex] + [r["en_short"] for r in a_shares]


def tail_words(
    names: Sequence[Sequence[str]], sizes: Sequence[int], join: Callable[[Sequence[str]], str]
) -> dict[str, int]:
    """Find the generic tails of `names` by counting and peeling (steps 2 and 3 above); return
    each word with the number of names it ended."""
    words: dict[str, int] = {}
    remainders = [list(n) for n in names]
    while True:
        tails: collections.Counter[tuple[str, ...]] = collections.Counter()
        for rest in remainders:
            for size in sizes:
                if len(rest) > size:  # a tail must leave something in front of it
                    tails[tuple(rest[-size:])] += 1
        new: dict[str, int] = {}
        for tail, count in tails.items():
            if count < MIN_TAIL_DF or join(tail) in words:
                continue
            longer = (c for t, c in tails.items() if len(t) == len(tail) + 1 and t[1:] == tail)
            if max(longer, default=0) > FRAGMENT_SHARE * count:
                continue
            new[join(tail)] = count
        if not new:
            return words
        words.update(new)
        by_length = sorted(words, key=len, reverse=True)
        peeled = []
        for rest in remainders:
            changed = True
            while changed:
                changed = False
                for word in by_length:
                    parts = _split(word, len(rest[0]) if rest else 1)
                    if len(rest) > len(parts) and rest[-len(parts) :] == parts:
                        rest = rest[: -len(parts)]
                        changed = True
                        break
            peeled.append(rest)
        remainders = peeled


def _split(word: str, unit_len: int) -> list[str]:
    # Chinese remainders are lists of single hanzi, English ones lists of words.
    return list(word) if unit_len == 1 and not word.isascii() else word.split(" ")


def weights(words: Iterable[str], df: Callable[[str], int], n: int) -> dict[str, float]:
    """idf-based weights in [MIN_WEIGHT, MAX_WEIGHT]: the most generic word gets MIN_WEIGHT."""
    words = list(words)
    idf = {w: math.log(n / max(df(w), 1)) for w in words}
    low = min(idf.values())
    high = math.log(n / MIN_TAIL_DF)
    return {
        w: round(
            min(MAX_WEIGHT, MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * (v - low) / (high - low)), 3
        )
        for w, v in idf.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print the N most generic words")
    args = parser.parse_args()

    zh_names = chinese_names()
    en_names = english_names()
    named = read_tsv(SOURCES / "industry_words_named_in_issue.tsv")

    zh_words = tail_words([list(n) for n in zh_names], (2, 3, 4), "".join)
    en_words = tail_words(en_names, (1, 2), " ".join)
    zh_words = {
        w: c
        for w, c in zh_words.items()
        if not any(
            w.endswith(x) and len(w) > len(x) and w[: -len(x)] not in zh_words for x in zh_words
        )
    }
    legal_zh, legal_en = _legal_forms()
    legal_en_words = {word for form in legal_en for word in form}
    zh_words = {w: c for w, c in zh_words.items() if w not in legal_zh}
    en_words = {w: c for w, c in en_words.items() if not set(w.split(" ")) & legal_en_words}
    zh_counts = collections.Counter(
        gram for name in zh_names for gram in {name[i : i + 2] for i in range(len(name) - 1)}
    )
    en_counts = collections.Counter(word for name in en_names for word in set(name))
    for counts, found, legal, n in (
        (zh_counts, zh_words, set(legal_zh), len(zh_names)),
        (en_counts, en_words, legal_en_words, len(en_names)),
    ):
        for word, count in counts.items():
            if count >= HIGH_DF_SHARE * n and word not in legal:
                found.setdefault(word, 0)
    for row in named:
        (zh_words if row["lang"] == "zh" else en_words).setdefault(row["word"], 0)

    def zh_df(word: str) -> int:
        return sum(word in name for name in zh_names)

    def en_df(word: str) -> int:
        key = word.split(" ")
        return sum(
            any(list(name[i : i + len(key)]) == key for i in range(len(name))) for name in en_names
        )

    rows: list[tuple[str, str, int, float]] = []
    for lang, found, df, n in (
        ("zh", zh_words, zh_df, len(zh_names)),
        ("en", en_words, en_df, len(en_names)),
    ):
        w = weights(found, df, n)
        rows += [(word, lang, df(word), w[word]) for word in found]
    rows.sort(key=lambda r: (r[1] != "zh", r[3], -r[2], r[0]))

    comments = [
        "Generic words of company names (industry descriptors and the like) with a weight for",
        "comparison: matching on 科技 or Technology says little, so it should count little.",
        "Source: document frequencies over the distinct company names of the train half of the",
        'HKEX "Hyperlinks to Listed Companies" list and the HKEX Stock Connect A-share list',
        "(exchange data; facts; via GitHub jacktth/ga-hk_stock_info), after taking legal forms",
        "and regions off; words are name tails found by counting and peeling 2-4 hanzi or 1-2",
        f"English words that end at least {MIN_TAIL_DF} names, words anywhere in at least",
        f"{HIGH_DF_SHARE:.0%} of the names (see",
        "genscripts/build_industry_words.py), and the words the",
        "project issue named (genscripts/sources/industry_words_named_in_issue.tsv).",
        f"Split: {SPLIT_RULE}.",
        "Licence: derived from exchange data (facts); MIT like the package.",
        "Regenerate: python genscripts/build_industry_words.py",
        "Columns: word = simplified Chinese or lower-case English (one or two words, with 'and',",
        "'of', 'the' and '&' left out: 'science technology' stands for Science and Technology);",
        "lang = zh or",
        "en; df = number of train names of that language containing the word; weight in (0, 1] =",
        f"{MIN_WEIGHT} + {MAX_WEIGHT - MIN_WEIGHT:.2f} * (idf - idf of the most generic word) /",
        f"(ln(N / {MIN_TAIL_DF}) - idf of the most generic word), at most {MAX_WEIGHT}, with",
        f"idf = ln(N / df) and N = {len(zh_names)} Chinese or {len(en_names)} English names;",
        "lower = more generic. Ordered by language, then weight.",
    ]
    table = [(w, lang, str(df), f"{weight:.3f}") for w, lang, df, weight in rows]
    count = write_table(
        DATA / "industry_words.tsv", comments, ("word", "lang", "df", "weight"), table
    )
    print(f"names: {len(zh_names)} zh, {len(en_names)} en; industry_words.tsv: {count} rows")
    if args.show:
        for w, lang, df, weight in sorted(rows, key=lambda r: (r[3], -r[2]))[: args.show]:
            print(f"{w}\t{lang}\t{df}\t{weight:.3f}")


if __name__ == "__main__":
    main()
