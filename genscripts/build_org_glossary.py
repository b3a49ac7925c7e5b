"""Build src/entitymatch/names/data/org_glossary.tsv: Chinese ↔ English words of company names.

    python genscripts/build_org_glossary.py [--show N [--sample M]]

Mined, not typed, from the train half of the bilingual company names (HKEX full names
zh_simp_derived ↔ en, A-share short names zh_short_simp_derived ↔ en_short; funds left out):

1. Each distinct name pair is a document. English words that spell the Mandarin reading of
   hanzi in the same name (tianli ← 天利; a one-syllable word only next to another such word,
   as in Ping An) are blanked together with those hanzi: they transliterate, which the
   romanisation comparators already handle, rather than translate.
2. The legal form is stripped off both sides with legal_forms.tsv, except 控股/集团 and
   Holdings/Group, which are glossary words too.
3. Chinese units: every substring of 2 to 4 hanzi inside a run of hanzi. English units: every
   word (lower case, split on anything but letters and digits; 'and', 'of', 'the' dropped) and
   every two consecutive words (real estate, new energy).
4. Association: the log-likelihood ratio (Dunning 1993) of each (zh, en) unit pair over the
   documents ranks the candidates; then competitive linking (Melamed 2000) aligns inside each
   document, best pair first, each English word and each hanzi used once, so 'technology' links
   to 科技 and not also to 技股 or 科技股.
5. A pair is kept when it was linked in at least MIN_LINKS documents and its Dice coefficient
   2·links / (docs with zh + docs with en) is at least MIN_DICE, both chosen by reading the
   output; the English unit must not be a number or a legal form, the Chinese unit not a region
   or legal form alone unless it is 控股/集团.
"""

from __future__ import annotations

import argparse
import collections
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from org_common import A_SHARES_TRAIN, DATA, HKEX_TRAIN, SOURCES, SPLIT_RULE, read_tsv, write_table
from pypinyin import Style, pinyin

from entitymatch.text import clean_text

MIN_LINKS = 3
MIN_DICE = 0.15
MIN_SHARE = 0.5
_KEPT_LEGAL_CODES = {"group", "holdings"}
_STOPWORDS = {"and", "of", "the", "&"}
_HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Document:
    zh: str
    en_words: tuple[str, ...]


def _legal_forms() -> tuple[list[str], list[tuple[str, ...]]]:
    """Chinese and English legal forms to strip (longest first), without group/holdings."""
    zh: list[str] = []
    en: list[tuple[str, ...]] = []
    for row in read_tsv(DATA / "legal_forms.tsv"):
        if set(row["code"].split("+")) <= _KEPT_LEGAL_CODES:
            continue
        if row["lang"] == "zh":
            zh.append(row["form"])
        else:
            en.append(tuple(_WORD_RE.findall(row["form"].casefold())))
    zh.sort(key=len, reverse=True)
    en.sort(key=len, reverse=True)
    return zh, [e for e in en if e]


def _strip_zh(name: str, forms: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for form in forms:
            if name.endswith(form) and len(name) > len(form):
                name = name[: -len(form)]
                changed = True
                break
    return name


def _strip_en(words: list[str], forms: list[tuple[str, ...]]) -> list[str]:
    changed = True
    while changed:
        changed = False
        for form in forms:
            if len(words) > len(form) and tuple(words[-len(form) :]) == form:
                words = words[: -len(form)]
                changed = True
                break
    return words


def _readings(zh: str) -> list[set[str]]:
    """Every toneless Mandarin reading of each character (ü written v), for spotting pinyin."""
    return [
        {r.replace("ü", "v") for r in readings}
        for readings in pinyin(
            zh, style=Style.NORMAL, heteronym=True, errors=lambda s: [[""]] * len(s)
        )
    ]


def pinyin_spans(word: str, readings: list[set[str]], max_chars: int = 4) -> list[tuple[int, int]]:
    """The spans of 1 to `max_chars` consecutive characters whose readings spell `word`
    (tianli ← 天利, an ← 安)."""
    word = word.replace("ü", "v")
    spans: list[tuple[int, int]] = []
    for start in range(len(readings)):
        ends = {0}
        for offset, reading_set in enumerate(readings[start : start + max_chars]):
            ends = {e + len(r) for e in ends for r in reading_set if r and word.startswith(r, e)}
            if len(word) in ends:
                spans.append((start, start + offset + 1))
            if not ends:
                break
    return spans


def transliterated(words: list[str], zh: str) -> tuple[set[int], list[tuple[int, int]]]:
    """The English words that spell Mandarin readings of the Chinese name, and the hanzi spans
    they spell. Such words transliterate rather than translate, so both sides leave the
    alignment. A word spelling one character counts only next to another such word (Ping An),
    so that 'Kong' in 'Hong Kong' is not taken for 控 of 控股."""
    readings = _readings(zh)
    found = [pinyin_spans(w, readings) if w.isalpha() else [] for w in words]
    words_out: set[int] = set()
    spans_out: list[tuple[int, int]] = []
    for i, spans in enumerate(found):
        if not spans:
            continue
        multi = any(end - start > 1 for start, end in spans)
        neighbour = (i > 0 and bool(found[i - 1])) or (i + 1 < len(found) and bool(found[i + 1]))
        if multi or neighbour:
            words_out.add(i)
            spans_out.extend(spans)
    return words_out, spans_out


def load_documents() -> list[Document]:
    zh_forms, en_forms = _legal_forms()
    pairs: list[tuple[str, str]] = [(r["zh_simp_derived"], r["en"]) for r in read_tsv(HKEX_TRAIN)]
    pairs += [
        (r["zh_short_simp_derived"], r["en_short"])
        for r in read_tsv(A_SHARES_TRAIN)
        if r["security_kind_derived"] == "stock"
    ]
    documents: dict[tuple[str, tuple[str, ...]], Document] = {}
    for zh, en in pairs:
        zh = _strip_zh(clean_text(zh), zh_forms)
        words = _strip_en(_WORD_RE.findall(clean_text(en).casefold()), en_forms)
        pinyin_words, pinyin_hanzi = transliterated(words, zh)
        # Blanked, not removed, so the units on either side do not join up.
        words = ["" if i in pinyin_words else w for i, w in enumerate(words)]
        blanked = set().union(*(range(a, b) for a, b in pinyin_hanzi)) if pinyin_hanzi else set()
        zh = "".join(" " if i in blanked else c for i, c in enumerate(zh))
        doc = Document(zh, tuple(words))
        documents[(doc.zh, doc.en_words)] = doc
    return list(documents.values())


def zh_units(text: str) -> dict[str, list[tuple[int, int]]]:
    """Every 2-4 hanzi substring of `text` within one hanzi run, with its spans."""
    units: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for run in _HAN_RUN_RE.finditer(text):
        for start in range(run.start(), run.end()):
            for size in (2, 3, 4):
                end = start + size
                if end <= run.end():
                    units[text[start:end]].append((start, end))
    return units


def en_units(
    words: tuple[str, ...], unpaired: frozenset[str] = frozenset()
) -> dict[str, list[tuple[int, int]]]:
    """Every content word and every two consecutive content words, with their word spans.

    Words in `unpaired` (legal-form words: group, holdings, gp) stand only alone, so that
    'tech gp' does not compete with 'tech' for 科技."""
    units: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    content = [(i, w) for i, w in enumerate(words) if w and w not in _STOPWORDS]
    for k, (i, word) in enumerate(content):
        units[word].append((i, i + 1))
        if k + 1 < len(content) and content[k + 1][0] == i + 1:
            following = content[k + 1][1]
            if word not in unpaired and following not in unpaired:
                units[f"{word} {following}"].append((i, i + 2))
    return units


def _llr(k11: int, k1_: int, k_1: int, n: int) -> float:
    """Dunning's log-likelihood ratio G² for a 2×2 table given by its corner and margins."""
    k12, k21 = k1_ - k11, k_1 - k11
    k22 = n - k11 - k12 - k21

    def h(*counts: int) -> float:
        total = sum(counts)
        return sum(c * math.log(c / total) for c in counts if c > 0)

    return 2.0 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22))


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@dataclass(frozen=True)
class Entry:
    zh: str
    en: str
    links: int
    dice: float


def legal_words() -> frozenset[str]:
    """Every English word that is part of a legal form (limited, co, group, holdings, gp)."""
    return frozenset(
        word
        for row in read_tsv(DATA / "legal_forms.tsv")
        if row["lang"] == "en"
        for word in _WORD_RE.findall(row["form"].casefold())
    )


def mine(documents: list[Document]) -> tuple[list[Entry], dict[str, int], dict[str, int]]:
    """Align the documents; return the pairs linked at least MIN_LINKS times, and the number of
    documents each Chinese and each English unit occurs in."""
    unpaired = legal_words()
    doc_units = [(zh_units(d.zh), en_units(d.en_words, unpaired)) for d in documents]
    zh_df: collections.Counter[str] = collections.Counter()
    en_df: collections.Counter[str] = collections.Counter()
    pair_df: collections.Counter[tuple[str, str]] = collections.Counter()
    for zs, es in doc_units:
        zh_df.update(zs.keys())
        en_df.update(es.keys())
        pair_df.update((z, e) for z in zs for e in es)
    n = len(documents)
    # A pair seen in fewer than MIN_LINKS documents can never be kept; scoring it is waste.
    score = {
        pair: _llr(k, zh_df[pair[0]], en_df[pair[1]], n)
        for pair, k in pair_df.items()
        if k >= MIN_LINKS and k * n > zh_df[pair[0]] * en_df[pair[1]]
    }

    links: collections.Counter[tuple[str, str]] = collections.Counter()
    for zs, es in doc_units:
        candidates = sorted(
            ((score[(z, e)], z, e) for z in zs for e in es if (z, e) in score),
            # On a tie the longer Chinese unit wins: 供应链, not 供应, for 'supply chain'.
            key=lambda c: (-c[0], -len(c[1]), c[1], c[2]),
        )
        zh_taken: list[tuple[int, int]] = []
        en_taken: list[tuple[int, int]] = []
        for _, z, e in candidates:
            z_span = next((s for s in zs[z] if not _overlaps(s, zh_taken)), None)
            e_span = next((s for s in es[e] if not _overlaps(s, en_taken)), None)
            if z_span is None or e_span is None:
                continue
            zh_taken.append(z_span)
            en_taken.append(e_span)
            links[(z, e)] += 1

    entries = [
        Entry(z, e, k, 2 * k / (zh_df[z] + en_df[e]))
        for (z, e), k in links.items()
        if k >= MIN_LINKS
    ]
    return sorted(entries, key=lambda x: (-x.links, -x.dice, x.zh, x.en)), zh_df, en_df


def strong(entry: Entry, zh_df: dict[str, int], en_df: dict[str, int]) -> bool:
    """Dice, or failing that the share of either side's names in which the pair was linked:
    集团 has several English renderings (group, holdings), so its Dice with 'group' is low
    although two thirds of the names with 集团 link it to 'group'."""
    share = max(entry.links / zh_df[entry.zh], entry.links / en_df[entry.en])
    return entry.dice >= MIN_DICE or share >= MIN_SHARE


def _excluded(entry: Entry, legal_zh: set[str], legal_en: set[str]) -> bool:
    """English numbers and legal-form words say nothing about the name; neither does a Chinese
    unit that is only a legal form (控股 and 集团 excepted: they are glossary words)."""
    if any(w.isdigit() for w in entry.en.split()):
        return True
    return entry.en in legal_en or entry.zh in legal_zh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print the top N rows by count")
    parser.add_argument("--sample", type=int, default=30, help="with --show: N random rows too")
    args = parser.parse_args()

    documents = load_documents()
    legal_rows = read_tsv(DATA / "legal_forms.tsv")
    legal_zh = {r["form"] for r in legal_rows if r["lang"] == "zh"} - {"控股", "集团"}
    legal_en = {
        " ".join(_WORD_RE.findall(r["form"].casefold()))
        for r in legal_rows
        if r["lang"] == "en" and not set(r["code"].split("+")) <= _KEPT_LEGAL_CODES
    }
    mined, zh_df, en_df = mine(documents)
    kept = [e for e in mined if strong(e, zh_df, en_df) and not _excluded(e, legal_zh, legal_en)]

    comments = [
        "Bilingual glossary of words in company names: a Chinese unit and an English word or two",
        "words that translate each other in listed companies' names.",
        'Source: the train half of the HKEX "Hyperlinks to Listed Companies" list (Chinese and',
        "English legal names) and of the HKEX Stock Connect A-share list (short names), via GitHub",
        "jacktth/ga-hk_stock_info (exchange data; facts). English words that spell the Mandarin",
        "reading of hanzi in the same name (Tianli for 天利: transliteration, not translation) are",
        "left out together with those hanzi.",
        f"Split: {SPLIT_RULE}.",
        "Method: log-likelihood-ranked competitive linking (Melamed 2000) of 2-4 hanzi substrings",
        "to English words and word pairs, one link per word per name; kept when linked in at",
        f"least {MIN_LINKS} names with Dice >= {MIN_DICE} or",
        f"linked in at least {MIN_SHARE:.0%} of the",
        "names containing either side.",
        "Also the issue's own examples (genscripts/sources/glossary_named_in_issue.tsv) where",
        "the rule above does not keep them; count and dice then show their train support.",
        "Licence: derived from exchange data (facts); MIT like the package.",
        "Regenerate: python genscripts/build_org_glossary.py",
        "Columns: zh = Chinese unit, simplified; en = English, lower case, one or two words;",
        "count = train names in which the pair was linked; dice = 2*count / (train names",
        "containing zh + train names containing en). One row per (zh, en); a zh may have several",
        "English rows and an English word several Chinese rows.",
    ]
    rows = [(e.zh, e.en, str(e.links), f"{e.dice:.3f}") for e in kept]
    # The issue's own examples, with whatever support the train half gives them.
    present = {(e.zh, e.en) for e in kept}
    mined_by_pair = {(e.zh, e.en): e for e in mined}
    for seed in read_tsv(SOURCES / "glossary_named_in_issue.tsv"):
        pair = (seed["zh"], seed["en"])
        if pair not in present:
            entry = mined_by_pair.get(pair)
            links, dice = (entry.links, entry.dice) if entry else (0, 0.0)
            rows.append((seed["zh"], seed["en"], str(links), f"{dice:.3f}"))
    count = write_table(DATA / "org_glossary.tsv", comments, ("zh", "en", "count", "dice"), rows)
    print(f"documents: {len(documents)}; linked pairs (>= {MIN_LINKS} links): {len(mined)}")
    print(f"org_glossary.tsv: {count} rows")
    if args.show:
        print(f"--- top {args.show} by count")
        for e in kept[: args.show]:
            print(f"{e.zh}\t{e.en}\t{e.links}\t{e.dice:.3f}")
        print(f"--- random {args.sample} (seed 0)")
        for e in random.Random(0).sample(kept, min(args.sample, len(kept))):
            print(f"{e.zh}\t{e.en}\t{e.links}\t{e.dice:.3f}")
        print("--- rejected as weak, best 40")
        for e in [e for e in mined if not strong(e, zh_df, en_df)][:40]:
            print(f"{e.zh}\t{e.en}\t{e.links}\t{e.dice:.3f}")


if __name__ == "__main__":
    main()
