"""Organisation names: legal form, region and industry words set aside, the rest compared.

北京智象未来科技有限公司 → region 北京, core 智象未来, industry 科技, legal form limited.
"Alibaba Group Holding Limited" → core alibaba, legal forms group+holdings+limited.
What is set aside is kept as attributes, not thrown away: the comparison uses regions when
both sides have one, and the cleaning command writes them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from entitymatch.names import tables
from entitymatch.names.normalized import OrgTerm
from entitymatch.names.phonetics import Unit, han_unit, latin_unit, segmentations
from entitymatch.text import is_han

# Weights of each part of a name in the comparison (see compare.names). A brand is what tells
# two companies apart; glossary words (银行, Bank) count, generic industry words barely.
GLOSS_WEIGHT = 0.6
REGION_WEIGHT = 0.5
_MAX_WORD = 4
_BRACKET_RE = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_SEGMENT_RE = re.compile(r"([\u3400-\u9fff\U00020000-\U000323af]+)|([^\u3400-\u9fff]+)")
_EN_STOPWORDS = frozenset({"the", "of", "and", "&", "de", "la"})


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
    for form, code in tables.legal_forms_zh():
        if text == form.strip("()"):
            return code
    words = tables.en_words(text)
    for form_words, code in tables.legal_forms_en():
        if words == form_words:
            return code
    return None


def _han_terms(text: str, legal: list[str], regions: list[str], *, at_start: bool) -> list[OrgTerm]:
    # Legal forms end a run of hanzi: 众淼控股(青岛)股份有限公司 has two such runs.
    stripped = True
    while stripped and text:
        stripped = False
        for form, code in tables.legal_forms_zh():
            # A whole run may be a legal form, but not the name's first run.
            if text.endswith(form) and (len(text) > len(form) or legal or not at_start):
                legal.append(code)
                text = text[: -len(form)]
                stripped = True
                break
    terms: list[OrgTerm] = []
    if at_start and text:
        for length in range(min(len(text) - 1, 8), 1, -1):
            region = tables.region_prefixes_zh().get(text[:length])
            if region:
                regions.append(region)
                terms.append(OrgTerm(region, "region", frozenset({f"r:{region}"}), REGION_WEIGHT))
                text = text[length:]
                break
    zh_to_en, _ = tables.glossary()
    industry = tables.industry_words()
    brand = ""
    i = 0
    while i < len(text):
        for length in range(min(_MAX_WORD, len(text) - i), 1, -1):
            word = text[i : i + length]
            if word in zh_to_en or word in industry:
                if brand:
                    terms.append(_brand_term(brand))
                    brand = ""
                terms.append(_word_term(word, zh_to_en.get(word, frozenset()), industry.get(word)))
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
    while stripped and len(words) > 1:
        stripped = False
        for form, code in tables.legal_forms_en():
            if len(words) > len(form) and tuple(words[-len(form) :]) == form:
                legal.append(code)
                del words[-len(form) :]
                stripped = True
                break
    _, en_to_zh = tables.glossary()
    industry = tables.industry_words()
    region_words = tables.region_words_en()
    terms: list[OrgTerm] = []
    i = 0
    while i < len(words):
        for length in (3, 2, 1):
            phrase = tuple(words[i : i + length])
            if len(phrase) < length:
                continue
            joined = " ".join(phrase)
            region = tables.regions_en().get(phrase)
            if region:
                regions.append(region)
                terms.append(OrgTerm(joined, "region", frozenset({f"r:{region}"}), REGION_WEIGHT))
            elif joined in en_to_zh or joined in industry:
                terms.append(_word_term(joined, frozenset({joined}), industry.get(joined)))
            elif length == 1 and (joined in _EN_STOPWORDS or joined in region_words):
                pass
            elif length == 1:
                terms.append(_brand_term(joined))
            else:
                continue
            i += length
            break
    return terms


def _word_term(word: str, english: frozenset[str], industry_weight: float | None) -> OrgTerm:
    _, en_to_zh = tables.glossary()
    keys = {f"w:{word}"} | {f"w:{en}" for en in english}
    keys |= {f"w:{zh}" for en in english for zh in en_to_zh.get(en, ())}
    if industry_weight is not None:
        return OrgTerm(word, "industry", frozenset(keys), industry_weight)
    return OrgTerm(word, "gloss", frozenset(keys), GLOSS_WEIGHT)


def _brand_term(text: str) -> OrgTerm:
    return OrgTerm(text, "brand", frozenset(), 1.0)


def term_units(term: OrgTerm) -> tuple[Unit, ...]:
    """Phonetic units of a term: its characters, or the syllables of a romanised word."""
    if is_han(term.text[0]):
        return tuple(han_unit(c) for c in term.text if is_han(c))
    units: list[Unit] = []
    for word in term.text.split():
        options = segmentations(word) if word.isalpha() else ()
        units.extend(latin_unit(s) for s in (options[0] if options else (word,)))
    return tuple(units)
