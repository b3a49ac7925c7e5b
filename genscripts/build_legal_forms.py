"""Build src/entitymatch/names/data/legal_forms.tsv from the seed list and train-half name counts.

    python genscripts/build_legal_forms.py

The seed (genscripts/sources/legal_forms_seed.tsv) holds the forms the issue named plus a few
standard ones of the same families. This script adds what the names themselves show: every
compound ending (控股集团有限公司, Holdings Company Limited, Group Holdings Limited) that is made of
seed forms and ends at least MIN_COUNT train-half names, and the traditional spelling of every
Chinese form that OpenCC writes differently (集團有限公司). It prints how many train names end
with each form so the seed can be reviewed.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import opencc
from org_common import A_SHARES_TRAIN, DATA, HKEX_TRAIN, SOURCES, SPLIT_RULE, read_tsv, write_table

from entitymatch.text import clean_text

MIN_COUNT = 3
_S2T = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Form:
    form: str
    lang: str
    code: str


def _english_key(text: str) -> tuple[str, ...]:
    return tuple(text.casefold().split())


def _strip_chinese(name: str, forms: dict[str, Form]) -> list[Form]:
    """Greedily strip the longest known form off the end of `name`, repeatedly; return them in
    reading order. The name keeps at least one character, so a bare '集团' is not all form."""
    found: list[Form] = []
    longest = max(len(f) for f in forms)
    while True:
        for size in range(min(longest, len(name) - 1), 0, -1):
            tail = name[-size:]
            if tail in forms:
                found.append(forms[tail])
                name = name[:-size]
                break
        else:
            return found[::-1]


def _strip_english(name: str, forms: dict[tuple[str, ...], Form]) -> list[Form]:
    """The English counterpart of _strip_chinese, over case-folded whitespace tokens."""
    tokens = _english_key(name)
    found: list[Form] = []
    longest = max(len(k) for k in forms)
    while True:
        for size in range(min(longest, len(tokens) - 1), 0, -1):
            tail = tokens[-size:]
            if tail in forms:
                found.append(forms[tail])
                tokens = tokens[:-size]
                break
        else:
            return found[::-1]


def _compound(parts: list[Form], joiner: str) -> Form:
    codes = "+".join(p.code for p in parts)
    return Form(joiner.join(p.form for p in parts), parts[0].lang, codes)


def main() -> None:
    seed = [
        Form(r["form"], r["lang"], r["code"]) for r in read_tsv(SOURCES / "legal_forms_seed.tsv")
    ]
    hkex = read_tsv(HKEX_TRAIN)
    a_shares = [r for r in read_tsv(A_SHARES_TRAIN) if r["security_kind_derived"] == "stock"]
    zh_names = [clean_text(r["zh_simp_derived"]) for r in hkex]
    zh_names += [clean_text(r["zh_short_simp_derived"]) for r in a_shares]
    en_names = [clean_text(r["en"]) for r in hkex] + [clean_text(r["en_short"]) for r in a_shares]
    zh_trad_names = [clean_text(r["zh_trad"]) for r in hkex]
    zh_trad_names += [clean_text(r["zh_short_trad_nfkc"]) for r in a_shares]

    zh_forms = {f.form: f for f in seed if f.lang == "zh"}
    en_forms = {_english_key(f.form): f for f in seed if f.lang == "en"}

    endings: collections.Counter[Form] = collections.Counter()
    for name in zh_names:
        parts = _strip_chinese(name, zh_forms)
        if len(parts) > 1:
            endings[_compound(parts, "")] += 1
    for name in en_names:
        parts = _strip_english(name, en_forms)
        if len(parts) > 1:
            endings[_compound(parts, " ")] += 1

    rows: dict[tuple[str, str], Form] = {}
    for form in seed:
        rows[(form.lang, form.form.casefold())] = form
    for form, count in endings.items():
        if count >= MIN_COUNT:
            rows.setdefault((form.lang, form.form.casefold()), form)
    for form in list(rows.values()):
        if form.lang == "zh":
            traditional = _S2T.convert(form.form)
            rows.setdefault(("zh", traditional), Form(traditional, "zh", form.code))

    ordered = sorted(rows.values(), key=lambda f: (f.lang != "zh", -len(f.form), f.form))
    comments = [
        "Legal forms of organisations, as written at the end of Chinese and English names.",
        "Source: the legal forms named in the project issue plus standard forms of the same",
        "families (genscripts/sources/legal_forms_seed.tsv), extended with every compound ending",
        f"made of those forms that ends at least {MIN_COUNT}",
        "company names of the train half of the",
        'HKEX "Hyperlinks to Listed Companies" list and the HKEX Stock Connect A-share list',
        "(exchange data; facts; via GitHub jacktth/ga-hk_stock_info), and with the traditional",
        "spelling of each Chinese form (OpenCC s2t).",
        f"Split: {SPLIT_RULE}.",
        "Licence: facts (no rights claimed); MIT like the package.",
        "Regenerate: python genscripts/build_legal_forms.py",
        "Columns: form = the form as written (NFKC: half-width brackets; match English",
        "case-insensitively); lang = zh or en; code = language-neutral code, 'a+b' for a compound",
        "of the forms coded a and b (limited, company_limited, joint_stock, group, holdings,",
        "company, inc, corp, llc, plc, lp, llp, partnership, branch, head_office, factory,",
        "institute, firm, gmbh, ag, se, sa, spa, nv, bv, pte_ltd, pty_ltd, sdn_bhd, bhd);",
        "attached = yes when the form joins the name without a space (Chinese), no otherwise.",
        "Rows are ordered longest form first within a language, so a greedy suffix strip takes",
        "股份有限公司 before 有限公司. 控股 and 集团 are also glossary words: they are listed here",
        "so a normaliser can set them aside as an attribute.",
    ]
    table = [(f.form, f.lang, f.code, "yes" if f.lang == "zh" else "no") for f in ordered]
    count = write_table(
        DATA / "legal_forms.tsv", comments, ("form", "lang", "code", "attached"), table
    )

    print(f"legal_forms.tsv: {count} rows")
    print("train names ending with each form (Chinese in its own script, English any case):")
    for f in ordered:
        if f.lang == "zh":
            names = zh_names if _S2T.convert(f.form) != f.form else zh_trad_names
            n = sum(name.endswith(f.form) for name in names)
        else:
            key = _english_key(f.form)
            n = sum(_english_key(name)[-len(key) :] == key for name in en_names)
        print(f"  {n:5d}  {f.lang}  {f.form}  {f.code}")


if __name__ == "__main__":
    main()
