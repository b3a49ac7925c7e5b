"""Build the person-name knowledge tables in src/entitymatch/names/data/ from their sources.

Run from the repository root:  python genscripts/build_person_tables.py

Inputs: genscripts/sources/cedict_surnames.tsv (CC-CEDICT, CC BY-SA 4.0, MDBG),
genscripts/sources/surname_spellings_curated.tsv (Wikipedia, CC BY-SA 4.0), and the data shipped
inside the packages pypinyin (MIT; readings, phrase dictionary, Wade-Giles conversion),
cantonese-romanisation (MIT; Hong Kong Government Cantonese Romanisation per character) and
OpenCC (Apache-2.0; simplified → traditional variants, used only to look characters up).
"""

from __future__ import annotations

import collections
import csv
import json
import pathlib
import unicodedata

import opencc
import pypinyin
from pypinyin import Style, phrases_dict, pinyin_dict
from pypinyin.style import convert

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "genscripts" / "sources"
OUT = ROOT / "src" / "entitymatch" / "names" / "data"


def toneless(reading: str) -> str:
    """jiǎ → jia, lǚ → lv: the comparison form of a pinyin syllable."""
    decomposed = unicodedata.normalize("NFD", reading.lower())
    kept = "".join(c for c in decomposed if c == "\u0308" or not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).replace("ü", "v")


def write(name: str, header_lines: list[str], columns: list[str], rows: list[list[str]]) -> None:
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in header_lines:
            f.write(f"# {line}\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows")


def han_chars() -> list[str]:
    return [chr(cp) for cp in sorted(pinyin_dict.pinyin_dict) if 0x4E00 <= cp <= 0x9FFF]


def build_syllables() -> list[str]:
    syllables = {toneless(r) for v in pinyin_dict.pinyin_dict.values() for r in v.split(",")}
    # Keep real syllables: pypinyin's dictionary also holds interjections like "hm" and "ng".
    valid = sorted(s for s in syllables if s.isalpha() and s.isascii())
    write(
        "pinyin_syllables.tsv",
        [
            "Every toneless Hanyu Pinyin syllable (ü written v) that a character in pypinyin's",
            "dictionary can be read as. Source: pypinyin pinyin_dict (MIT).",
            "Regenerate: python genscripts/build_person_tables.py",
        ],
        ["syllable"],
        [[s] for s in valid],
    )
    return valid


def build_wade_giles(syllables: list[str]) -> None:
    rows: set[tuple[str, str]] = set()
    for syllable in syllables:
        wg = convert(syllable.replace("v", "ü"), Style.WADEGILES, strict=False).lower()
        wg = wg.replace("v", "ü")
        forms = {wg, wg.replace("'", ""), wg.replace("'", "h")}  # ch'ing, ching, chhing
        for form in list(forms):
            if "ü" in form:
                forms |= {form.replace("ü", "u"), form.replace("ü", "yu")}
            if form.startswith("ss"):  # ssu is also written szu
                forms.add("sz" + form[2:])
        rows |= {(form, syllable) for form in forms if form != syllable}
    write(
        "wade_giles.tsv",
        [
            "Wade-Giles spellings of each Hanyu Pinyin syllable, with the forms passports and",
            "English texts use: apostrophes dropped (ch'ing → ching) or written h, ü as u or yu,",
            "ssu as szu. Source: pypinyin's Style.WADEGILES conversion (MIT), applied to every",
            "syllable in pinyin_syllables.tsv. Regenerate: python genscripts/build_person_tables.py",
        ],
        ["spelling", "pinyin"],
        [list(r) for r in sorted(rows)],
    )


# Jyutping → Hong Kong Government Cantonese Romanisation, with the spellings HKID cards and
# company names commonly use (Wikipedia, "Hong Kong Government Cantonese Romanisation",
# comparison table): 振 zan → chun, 华 waa → wa/wah, 家 gaa → ka/kar, 龙 lung → lung/loong.
JYUTPING_INITIALS = {
    "b": ["p"],
    "p": ["p"],
    "m": ["m"],
    "f": ["f"],
    "d": ["t"],
    "t": ["t"],
    "n": ["n"],
    "l": ["l"],
    "g": ["k"],
    "k": ["k"],
    "ng": ["ng"],
    "h": ["h"],
    "gw": ["kw"],
    "kw": ["kw"],
    "w": ["w"],
    "z": ["ch", "ts", "j"],
    "c": ["ch", "ts"],
    "s": ["s", "sh"],
    "j": ["y"],
    "": [""],
}
JYUTPING_FINALS = {
    "aa": ["a", "ah", "ar"],
    "aai": ["ai"],
    "aau": ["au"],
    "aam": ["am"],
    "aan": ["an"],
    "aang": ["ang"],
    "aap": ["ap"],
    "aat": ["at"],
    "aak": ["ak"],
    "ai": ["ai", "ei"],
    "au": ["au", "ow"],
    "am": ["am", "um"],
    "an": ["an", "un"],
    "ang": ["ang"],
    "ap": ["ap"],
    "at": ["at", "ut"],
    "ak": ["ak"],
    "e": ["e", "eh"],
    "ei": ["ei", "ee", "i"],
    "eu": ["eu"],
    "em": ["em"],
    "eng": ["eng"],
    "ep": ["ep"],
    "ek": ["ek"],
    "i": ["i", "ee"],
    "iu": ["iu"],
    "im": ["im"],
    "in": ["in"],
    "ing": ["ing"],
    "ip": ["ip"],
    "it": ["it"],
    "ik": ["ik"],
    "o": ["o", "oh"],
    "oi": ["oi", "oy"],
    "ou": ["o", "ou"],
    "on": ["on"],
    "ong": ["ong"],
    "ot": ["ot"],
    "ok": ["ok"],
    "oe": ["oe"],
    "oeng": ["eung"],
    "oek": ["euk"],
    "eoi": ["ui", "eui", "ue"],
    "eon": ["un", "eun"],
    "eot": ["ut", "eut"],
    "u": ["u", "oo"],
    "ui": ["ui", "ooi"],
    "un": ["un", "oon"],
    "ung": ["ung", "oong"],
    "ut": ["ut", "oot"],
    "uk": ["uk", "ook"],
    "yu": ["u", "yu", "ue"],
    "yun": ["un", "uen", "yun"],
    "yut": ["ut", "uet", "yut"],
    "m": ["m"],
    "ng": ["ng"],
}


def jyutping_to_hk(jyutping: str) -> list[str]:
    """Hong Kong Government spellings of one Jyutping syllable (tone number dropped)."""
    syllable = jyutping.rstrip("123456")
    for initial in sorted(JYUTPING_INITIALS, key=len, reverse=True):
        final = syllable[len(initial) :]
        if syllable.startswith(initial) and final in JYUTPING_FINALS:
            break
    else:
        return []
    out = []
    for i in JYUTPING_INITIALS[initial]:
        for f in JYUTPING_FINALS[final]:
            spelling = i + f
            if i == "y" and f.startswith("y"):
                spelling = f  # j + yu → yu, not yyu
            elif i == "y" and f.startswith("i"):
                spelling = "y" + f  # j + ing → ying
            out.append(spelling)
    if initial == "j" and final.startswith("yu"):
        out.append("y" + JYUTPING_FINALS[final][0])  # jyun → yun as well as yuen
    return list(dict.fromkeys(out))


def tongyong(syllable: str) -> str:
    """Tongyong Pinyin of a Hanyu Pinyin syllable, by the rules of Taiwan's 2002 standard."""
    t = syllable
    if t in ("zhi", "chi", "shi", "ri", "zi", "ci", "si"):
        t = t + "h"  # empty rhyme written -ih
    t = {"feng": "fong", "weng": "wong", "meng": "mong", "peng": "pong", "beng": "bong"}.get(t, t)
    if t.startswith("x"):
        t = "s" + t[1:]
    elif t.startswith("q"):
        t = "c" + t[1:]
    elif t.startswith("zh"):
        t = "jh" + t[2:]
    if syllable[0] in "jqx" and syllable[1:2] == "u":
        t = t[0] + t[1:].replace("u", "yu", 1)  # ju → jyu, xu → syu: the ü after j, q, x
    t = t.replace("iu", "iou").replace("ui", "uei") if not t.endswith("iou") else t
    if t.endswith("un") and t[0] in "dtnlgkhzcsr" and "yun" not in t:
        t = t[:-2] + "un"
    return t.replace("v", "yu")


def build_taiwan(syllables: list[str]) -> None:
    rows = set()
    for syllable in syllables:
        spelling = tongyong(syllable)
        if spelling != syllable:
            rows.add((spelling, syllable, "tongyong"))
    # Passport spellings of the Wade-Giles family seen on Taiwanese documents: -eng as -ong
    # and a final h marking a short vowel (Fong, Teh).
    for wg_spelling, pinyin in [
        ("fong", "feng"),
        ("teh", "de"),
        ("tseh", "ze"),
        ("keh", "ge"),
        ("heh", "he"),
        ("leh", "le"),
        ("meh", "me"),
        ("neh", "ne"),
    ]:
        rows.add((wg_spelling, pinyin, "passport"))
    write(
        "taiwan_spellings.tsv",
        [
            "Spellings of pinyin syllables on Taiwanese passports and documents besides Wade-Giles:",
            "Tongyong Pinyin (Taiwan Ministry of Education standard, 2002), generated from each",
            "syllable by the rules in build_person_tables.tongyong (x → s, q → c, zh → jh, -i → -ih",
            "after zh/ch/sh/r/z/c/s, feng → fong, ü after j/q/x → yu, iu → iou, ui → uei), and the",
            "common passport forms Fong, Teh (Wikipedia, 'Romanization of Chinese in Taiwan').",
            "Regenerate: python genscripts/build_person_tables.py",
        ],
        ["spelling", "pinyin", "system"],
        [list(r) for r in sorted(rows)],
    )


def build_cantonese() -> None:
    data = json.loads(
        (
            pathlib.Path(__import__("cantoroman").__file__).parent / "data" / "charToRoman.json"
        ).read_text(encoding="utf-8")
    )
    import ToJyutping

    to_traditional = [opencc.OpenCC(c) for c in ("s2t", "s2hk", "s2tw")]
    rows = []
    for char in han_chars():
        readings: list[str] = []
        variants = [char] + [c.convert(char) for c in to_traditional]
        for variant in variants:
            for reading in data.get(variant, []):
                if reading not in readings:
                    readings.append(reading)
        for variant in dict.fromkeys(variants):
            for _, candidates in ToJyutping.get_jyutping_candidates(variant):
                for jyutping in candidates:
                    for spelling in jyutping_to_hk(jyutping):
                        if spelling not in readings:
                            readings.append(spelling)
        if readings:
            rows.append([char, "|".join(readings)])
    write(
        "cantonese_readings.tsv",
        [
            "Hong Kong Government Cantonese Romanisation of each character (keyed by its",
            "simplified form; readings of its traditional variants merged), as on HKID cards and",
            "in Hong Kong company names: 张 → cheung|jeung. Sources: charToRoman.json of the",
            "cantonese-romanisation package 1.0.5 (MIT, Chun Law), then the Jyutping readings of",
            "ToJyutping 3.2.0 (BSD) spelt the Hong Kong Government way by the rules in",
            "build_person_tables.py (振 zan → chun, 华 waa → wa|wah). Traditional variants found",
            "with OpenCC s2t/s2hk/s2tw. Regenerate: python genscripts/build_person_tables.py",
        ],
        ["char", "readings"],
        rows,
    )


def build_reading_ranks() -> None:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for phrase, readings in phrases_dict.phrases_dict.items():
        for char, reading in zip(phrase, readings, strict=True):
            counts[char][toneless(reading[0])] += 1
    rows = []
    for char in han_chars():
        readings = []
        for r in pinyin_dict.pinyin_dict[ord(char)].split(","):
            if toneless(r) not in readings:
                readings.append(toneless(r))
        if len(readings) < 2:
            continue
        ranked = sorted(readings, key=lambda r: (-counts[char][r], readings.index(r)))
        rows.append([char, "|".join(ranked)])
    write(
        "reading_ranks.tsv",
        [
            "Toneless readings of each heteronymous character, most used first (长 → chang|zhang),",
            "ranked by how often each reading occurs in pypinyin's phrase dictionary (MIT), ties",
            "in pypinyin's own order. Names read a character the way words do far more often than",
            "pypinyin's single-character default does (长 in 王长虎 is chang).",
            "Regenerate: python genscripts/build_person_tables.py",
        ],
        ["char", "readings"],
        rows,
    )


def build_surnames() -> list[list[str]]:
    rows = []
    with (SOURCES / "cedict_surnames.tsv").open(encoding="utf-8") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            syllables = [toneless(s.rstrip("12345")) for s in rec["cedict_pinyin"].split()]
            rows.append([rec["zh_simp"], rec["zh_trad"], " ".join(syllables), rec["kind"]])

    # Where CC-CEDICT lists several surname readings (翟 Di/Zhai, 乐 Le/Yue, 覃 Qin/Tan), the
    # one that is not the character's everyday reading comes first: that reading is why the
    # surname has an entry of its own.
    def everyday(row: list[str]) -> bool:
        raw = pinyin_dict.pinyin_dict.get(ord(row[0][0]), "")
        return len(row[0]) == 1 and toneless(raw.split(",")[0]) == row[2]

    rows.sort(key=lambda row: (row[0], everyday(row)))
    write(
        "surnames.tsv",
        [
            "Chinese surnames with their surname readings (单 shan, 曾 zeng, 区 ou, 仇 qiu, 朴 piao),",
            "the likelier first where there are several (翟 zhai before di: the everyday reading last),",
            "single or compound (欧阳, 尉迟, 万俟). Source: every CC-CEDICT entry glossed as a",
            "surname, CC-CEDICT 2026-06-12 (MDBG, CC BY-SA 4.0; this table is shared alike).",
            "Readings toneless, ü as v, syllables space-separated.",
            "Regenerate: python genscripts/build_person_tables.py",
        ],
        ["simplified", "traditional", "pinyin", "kind"],
        rows,
    )
    return rows


def build_surname_spellings(surnames: list[list[str]]) -> None:
    cantonese = json.loads(
        (
            pathlib.Path(__import__("cantoroman").__file__).parent / "data" / "charToRoman.json"
        ).read_text(encoding="utf-8")
    )
    s2t = opencc.OpenCC("s2t")
    rows: dict[tuple[str, str], str] = {}
    for simplified, traditional, reading, _kind in surnames:
        syllables = reading.split()
        wg = [
            convert(s.replace("v", "ü"), Style.WADEGILES, strict=False).lower() for s in syllables
        ]
        rows.setdefault((simplified, "".join(syllables)), "pinyin")
        rows.setdefault((simplified, "-".join(wg).replace("v", "ü")), "wade_giles")
        rows.setdefault((simplified, "".join(wg).replace("'", "").replace("v", "u")), "wade_giles")
        if len(traditional) == 1:
            for roman in cantonese.get(traditional, cantonese.get(s2t.convert(simplified), [])):
                rows.setdefault((simplified, roman), "cantonese")
    with (SOURCES / "surname_spellings_curated.tsv").open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
        for rec in csv.DictReader(lines, delimiter="\t"):
            rows.setdefault((rec["simplified"], rec["spelling"]), rec["system"])
    write(
        "surname_spellings.tsv",
        [
            "Spellings of each surname outside Hanyu Pinyin, for matching romanised names to",
            "hanzi: Wade-Giles (pypinyin, MIT), Hong Kong Government Cantonese (cantonese-",
            "romanisation, MIT) and the Hokkien, Teochew, Hakka, Tongyong and diaspora spellings",
            "of Wikipedia's 'List of common Chinese surnames' (CC BY-SA 4.0), transcribed in",
            "genscripts/sources/surname_spellings_curated.tsv. Surnames from surnames.tsv.",
            "Regenerate: python genscripts/build_person_tables.py",
        ],
        ["simplified", "spelling", "system"],
        [[s, sp, system] for (s, sp), system in sorted(rows.items())],
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    syllables = build_syllables()
    build_wade_giles(syllables)
    build_taiwan(syllables)
    build_cantonese()
    build_reading_ranks()
    build_surname_spellings(build_surnames())
    print("pypinyin", pypinyin.__version__)


if __name__ == "__main__":
    main()
