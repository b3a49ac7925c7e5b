"""Organisation names: legal form, region and industry words set aside, the rest compared.

北京智象未来科技有限公司 → region 北京, core 智象未来, industry 科技, legal form limited.
"Alibaba Group Holding Limited" → core alibaba, legal forms group+holdings+limited.
What is set aside is kept as attributes, not thrown away: the comparison uses regions when
both sides have one, and the cleaning command writes them out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from entitymatch.names import tables
from entitymatch.names.normalized import OrgTerm
from entitymatch.names.phonetics import Unit, han_units, latin_unit, segmentations
from entitymatch.names.slots import direct_init
from entitymatch.text import is_han

# Weights of each part of a name in the comparison (see compare.names). A brand is what tells
# two companies apart; glossary words (银行, Bank) count, generic industry words barely.
GLOSS_WEIGHT = 0.6
REGION_WEIGHT = 0.5
_MAX_WORD = 4
_BRACKET_RE = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_SEGMENT_RE = re.compile(r"([\u3400-\u9fff\U00020000-\U000323af]+)|([^\u3400-\u9fff]+)")
_EN_STOPWORDS = frozenset({"the", "of", "and", "&", "de", "la"})


@direct_init
@dataclass(frozen=True, slots=True)
class OrgParts:
    """What an organisation name breaks into; `terms` in the order they were written."""

    terms: tuple[OrgTerm, ...]
    legal_forms: tuple[str, ...]
    regions: tuple[str, ...]


def split_org(key: str) -> OrgParts:
    """Break a cleaned, simplified, case-folded, tone-free name into terms and attributes."""
    legal: list[str] = []
    regions: list[str] = []
    outer = []
    # Bracketed regions and legal forms ((北京), (Holdings)) are attributes wherever they are.
    for match in _BRACKET_RE.finditer(key):
        inner = match.group(1).strip()
        region = _region_of(inner)
        if region:
            regions.append(region)
            continue
        code = _legal_code(inner)
        if code:
            legal.append(code)
            continue
        outer.append(inner)
    text = _BRACKET_RE.sub(" ", key)
    if outer:
        text = f"{text} {' '.join(outer)}"

    terms: list[OrgTerm] = []
    segments = [m.group(0) for m in _SEGMENT_RE.finditer(text)]
    for segment in segments:
        if is_han(segment[0]):
            terms.extend(_han_terms(segment, legal, regions, at_start=not terms))
        else:
            terms.extend(_latin_terms(segment, legal, regions))
    return OrgParts(tuple(terms), tuple(dict.fromkeys(legal)), tuple(dict.fromkeys(regions)))


def _region_of(text: str) -> str | None:
    zh = tables.regions_zh().get(text)
    if zh:
        return zh
    words = tuple(w for w in tables.en_words(text) if w not in tables.region_words_en())
    return tables.regions_en().get(words) if words else None


def _legal_code(text: str) -> str | None:
    zh, en = tables.legal_codes()
    return zh.get(text) or en.get(tables.en_words(text))


def _han_terms(text: str, legal: list[str], regions: list[str], *, at_start: bool) -> list[OrgTerm]:
    # Legal forms end a run of hanzi: 众淼控股(青岛)股份有限公司 has two such runs.
    stripped = True
    ends = tables.legal_form_ends_zh()
    while stripped and text and text[-1] in ends:
        stripped = False
        for length, forms in tables.legal_forms_zh_by_length():
            code = forms.get(text[-length:])
            # A whole run may be a legal form, but not the name's first run.
            if code and (len(text) > length or legal or not at_start):
                legal.append(code)
                text = text[:-length]
                stripped = True
                break
    terms: list[OrgTerm] = []
    if at_start and text[:2] in tables.region_prefix_starts_zh():
        for length in range(min(len(text) - 1, 8), 1, -1):
            region = tables.region_prefixes_zh().get(text[:length])
            if region:
                regions.append(region)
                terms.append(_region_term(region, region))
                text = text[length:]
                break
    words = tables.company_words_zh()
    brand = ""
    i = 0
    while i < len(text):
        for length in range(min(_MAX_WORD, len(text) - i), 1, -1):
            word = text[i : i + length]
            if word in words:
                if brand:
                    terms.append(_brand_term(brand))
                    brand = ""
                terms.append(_zh_word_term(word))
                i += length
                break
        else:
            brand += text[i]
            i += 1
    if brand:
        terms.append(_brand_term(brand))
    return terms


def _latin_terms(text: str, legal: list[str], regions: list[str]) -> list[OrgTerm]:
    words = list(tables.en_words(text))
    stripped = True
    ends = tables.legal_form_ends_en()
    while stripped and len(words) > 1 and words[-1] in ends:
        stripped = False
        for length, forms in tables.legal_forms_en_by_length():
            code = forms.get(tuple(words[-length:])) if len(words) > length else None
            if code:
                legal.append(code)
                del words[-length:]
                stripped = True
                break
    _, en_to_zh = tables.glossary()
    industry = tables.industry_words()
    region_words = tables.region_words_en()
    regions_en = tables.regions_en()
    phrase_starts = tables.phrase_starts_en()
    terms: list[OrgTerm] = []
    i = 0
    while i < len(words):
        # Only a word that begins some listed phrase can begin a phrase of two or three words.
        for length in (3, 2, 1) if words[i] in phrase_starts else (1,):
            phrase = tuple(words[i : i + length])
            if len(phrase) < length:
                continue
            joined = " ".join(phrase)
            region = regions_en.get(phrase)
            if region:
                regions.append(region)
                terms.append(_region_term(joined, region))
            elif joined in en_to_zh or joined in industry:
                terms.append(_en_word_term(joined))
            elif length == 1 and (joined in _EN_STOPWORDS or joined in region_words):
                pass
            elif length == 1:
                terms.append(_brand_term(joined))
            else:
                continue
            i += length
            break
    return terms


# Terms are small immutable values that come back in name after name: each is made once and
# shared (cached by the text it depends on).


@functools.lru_cache(maxsize=1 << 12)
def _zh_word_term(word: str) -> OrgTerm:
    zh_to_en, _ = tables.glossary()
    return _word_term(word, zh_to_en.get(word, frozenset()), tables.industry_words().get(word))


@functools.lru_cache(maxsize=1 << 12)
def _en_word_term(word: str) -> OrgTerm:
    return _word_term(word, frozenset({word}), tables.industry_words().get(word))


@functools.lru_cache(maxsize=1 << 12)
def _region_term(text: str, region: str) -> OrgTerm:
    return OrgTerm(text, "region", frozenset({f"r:{region}"}), REGION_WEIGHT)


def _word_term(word: str, english: frozenset[str], industry_weight: float | None) -> OrgTerm:
    _, en_to_zh = tables.glossary()
    keys = {f"w:{word}"} | {f"w:{en}" for en in english}
    keys |= {f"w:{zh}" for en in english for zh in en_to_zh.get(en, ())}
    if industry_weight is not None:
        return OrgTerm(word, "industry", frozenset(keys), industry_weight)
    return OrgTerm(word, "gloss", frozenset(keys), GLOSS_WEIGHT)


@functools.lru_cache(maxsize=1 << 16)
def _brand_term(text: str) -> OrgTerm:
    return OrgTerm(text, "brand", frozenset(), 1.0)


def term_units(term: OrgTerm) -> tuple[Unit, ...]:
    """Phonetic units of a term: its characters, or the syllables of a romanised word."""
    return text_units(term.text)


@functools.lru_cache(maxsize=1 << 16)
def text_units(text: str) -> tuple[Unit, ...]:
    """`term_units` by the term's text, all they depend on (cached: company words repeat)."""
    if is_han(text[0]):
        return han_units(text)
    units: list[Unit] = []
    for word in text.split():
        options = segmentations(word) if word.isalpha() else ()
        units.extend(latin_unit(s) for s in (options[0] if options else (word,)))
    return tuple(units)


@functools.lru_cache(maxsize=1 << 16)
def text_reading(text: str) -> str:
    """How a term reads in a romanisation: pinyin of its hanzi run together, or the word."""
    if is_han(text[0]):
        return "".join(u.primary for u in text_units(text))
    return text
