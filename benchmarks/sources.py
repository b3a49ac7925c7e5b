"""Readers and romanisation helpers for the benchmark's build scripts and record generator.

The build scripts (`build_name_pairs.py`, `build_generator_data.py`) read the project's shared
data folder once and write what the fixtures and the generator need into the repository; the
readers of the shared folder never run in tests. The romanisation helpers exist to *label* and
*corrupt* data (which system an English name is written in, how else it could be written), not
to match names, so they stay out of the library on purpose: a benchmark that shared the
matcher's romanisation code would share its blind spots.
"""

from __future__ import annotations

import csv
import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import opencc
from cantoroman import Cantonese
from pypinyin import Style
from pypinyin.contrib.tone_convert import to_tone
from pypinyin.style import convert as convert_pinyin_style

DEFAULT_DATA_DIR = Path("/work/shared/data")

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
_CANTONESE = Cantonese()

# Initials and a doubled vowel that mark Jyutping or Yale spellings in cantonese-romanisation's
# table; the Hong Kong government style that people's names use writes p/t/k/ch/ts/y instead.
_JYUTPING_LOOK = re.compile(r"^(b|d|g|j|z)|aa")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a shared TSV file (header row, no quoting) as dictionaries."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def is_held_out(stock_code: str) -> bool:
    """True for the held-out half of the exchange files (odd CRC-32 of the stock code).

    The knowledge tables of the library are derived from the even half only, so fixtures that
    measure the library must come from this half.
    """
    return zlib.crc32(stock_code.encode()) % 2 == 1


def to_traditional(text: str) -> str:
    """Simplified → traditional hanzi (OpenCC s2t); fine for labelling, not for matching."""
    return str(_S2T.convert(text))


def to_simplified(text: str) -> str:
    """Traditional → simplified hanzi (OpenCC t2s)."""
    return str(_T2S.convert(text))


def toneless(syllable: str) -> str:
    """`Lu:3` → `lü`: a CC-CEDICT pinyin syllable lower-cased without its tone number."""
    return re.sub(r"[0-9]", "", syllable).lower().replace("u:", "ü")


def tone_marked(syllable: str) -> str:
    """`Lu:3` → `Lǚ`: a CC-CEDICT pinyin syllable with its tone as a diacritic."""
    text = syllable.replace("u:", "v").replace("U:", "V")
    marked = to_tone(text.lower())
    return marked[:1].upper() + marked[1:] if text[:1].isupper() else marked


def join_syllables(syllables: list[str] | tuple[str, ...]) -> str:
    """Join pinyin syllables into one word, with the apostrophe pinyin puts before a syllable
    starting with a, o or e (Nai'an, Xi'an), so the word splits one way only."""
    out = ""
    for syllable in syllables:
        if out and syllable[:1].lower() in "aoeāáǎàōóǒòēéěè":
            out += "'"
        out += syllable
    return out


def wade_giles(syllable: str) -> str:
    """Wade-Giles spelling (with apostrophes) of one pinyin syllable, via pypinyin's table."""
    plain = toneless(syllable)
    converted = convert_pinyin_style(plain, Style.WADEGILES, strict=False)
    return str(converted).replace("v", "ü")


@functools.cache
def cantonese_spellings(char_trad: str) -> tuple[str, ...]:
    """Hong Kong style Cantonese spellings of one traditional character, preferred first.

    cantonese-romanisation lists several spellings per character, mixing systems; the ones
    without Jyutping-looking initials come first because that is how Hong Kong names are spelt.
    """
    found = _CANTONESE.getRoman(char_trad)
    spellings = list(dict.fromkeys(found[0] if found else []))
    spellings.sort(key=lambda s: bool(_JYUTPING_LOOK.search(s)))
    return tuple(spellings)


def fold_latin(token: str) -> str:
    """Lower-case a Latin token and drop apostrophes and umlauts, for spelling comparisons."""
    return token.lower().replace("'", "").replace("’", "").replace("ü", "u").replace("ö", "o")


@dataclass(frozen=True)
class Surname:
    """One surname reading from CC-CEDICT's surname list."""

    simp: str
    trad: str
    pinyin: str  # tone-numbered syllables, e.g. "Ou1" or "Shang4 guan1"
    kind: str  # "single" or "compound"


class Surnames:
    """CC-CEDICT surnames, for splitting a hanzi name into surname and given name."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self.readings: dict[str, list[Surname]] = {}
        for row in rows:
            entry = Surname(row["zh_simp"], row["zh_trad"], row["cedict_pinyin"], row["kind"])
            self.readings.setdefault(entry.simp, []).append(entry)

    @classmethod
    def load(cls, data_dir: Path) -> Surnames:
        """The surname list of the shared data folder."""
        return cls(read_tsv(data_dir / "cedict_surnames.tsv"))

    def split(self, name_simp: str) -> tuple[str, str] | None:
        """(surname, given name) of a simplified hanzi name, compound surnames first, or None."""
        for length in (2, 1):
            head = name_simp[:length]
            if len(name_simp) > length and head in self.readings:
                return head, name_simp[length:]
        return None


@dataclass(frozen=True)
class PersonRow:
    """A CC-CEDICT person with the pinyin split into syllables."""

    trad: str
    simp: str
    en_name: str
    aliases: tuple[str, ...]
    syllables: tuple[str, ...]  # tone-numbered, one per hanzi when the name has no middle dot
    dates: str
    description: str
    category: str

    @property
    def key(self) -> str:
        """A stable identifier for the source column of a fixture."""
        return self.trad


def load_persons(data_dir: Path) -> list[PersonRow]:
    """Every row of the CC-CEDICT person file."""
    persons = []
    for row in read_tsv(data_dir / "cedict_persons_zh_en.tsv"):
        aliases = tuple(a.strip() for a in row["en_aliases"].split("|") if a.strip())
        syllables = tuple(s for s in row["cedict_pinyin"].split() if s != "·")
        persons.append(
            PersonRow(
                trad=row["zh_trad"],
                simp=row["zh_simp"],
                en_name=row["en_name"].strip(),
                aliases=aliases,
                syllables=syllables,
                dates=row["dates"].strip(),
                description=row["cedict_description"],
                category=row["category_derived"],
            )
        )
    return persons


# Descriptions naming these make a hanzi name Korean, Japanese, Persian or South-East Asian: its
# English form follows that language, so it is no example of a Chinese romanisation.
_NON_CHINESE = re.compile(
    r"Korea|Goguryeo|Japan|Vietnam|Thai|Burm|Myanmar|Indonesia|Malaysian|Cambodia|Mongol|"
    r"Tibet|Persia",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ'’]+")
_ALSO_KNOWN = re.compile(r"\s+(?:aka|also known as)\s+")
# Honorifics and epithets in CC-CEDICT's English names; they say nothing about the spelling.
_NOT_NAME_WORDS = frozenset(
    [
        "sir",
        "dr",
        "justice",
        "captain",
        "general",
        "emperor",
        "king",
        "prince",
        "the",
        "conqueror",
        "grand",
        "madame",
        "marshal",
        "shah",
        "earl",
        "baroness",
        "ms",
        "mr",
        "archduke",
        "lord",
        "lady",
        "saint",
        "pope",
        "queen",
        "dame",
    ]
)


def is_title_word(token: str) -> bool:
    """True for honorifics and epithets (Sir, Dr, Emperor) that are no part of a name."""
    return fold_latin(token) in _NOT_NAME_WORDS


def spellings(person: PersonRow) -> set[str]:
    """Every pinyin, Wade-Giles and Cantonese spelling of the characters of a hanzi name.

    Single syllables and the joined pinyin of every run of characters, folded, so that a
    compound surname (Ouyang) or a joined given name (Dazhao) is recognised too.
    """
    pinyin = [fold_latin(toneless(s)) for s in person.syllables]
    found = set(pinyin) | {fold_latin(wade_giles(s)) for s in person.syllables}
    for start in range(len(pinyin)):
        for end in range(start + 2, len(pinyin) + 1):
            found.add("".join(pinyin[start:end]))
    for char in person.trad:
        found |= {fold_latin(c) for c in cantonese_spellings(char)}
    return found


def latin_tokens(name: str) -> list[str]:
    """Folded Latin tokens of an English name, splitting hyphens and spaces."""
    return [fold_latin(t) for t in _TOKEN.findall(name)]


def english_names(person: PersonRow) -> list[str]:
    """The English name and aliases of a person, with "X aka Y" split into X and Y."""
    names: list[str] = []
    for name in (person.en_name, *person.aliases):
        names.extend(part.strip() for part in _ALSO_KNOWN.split(name) if part.strip())
    return list(dict.fromkeys(names))


def romanisation_system(person: PersonRow, english: str, surname_len: int) -> str | None:
    """Which system `english` uses for the Chinese name of `person`, or None if it does not.

    Returns "pinyin", "wade_giles", "cantonese" or "other". The English name must contain a
    spelling of the surname (pinyin, Wade-Giles or Cantonese, two letters at least) to count
    as a rendering of the Chinese name at all. It is "pinyin" when every token is a pinyin
    syllable of the name and the given name is there. Otherwise tokens that only Wade-Giles or
    only Cantonese explains are counted and the larger side wins; a tie (Lee Hsien Loong:
    Cantonese Lee, Wade-Giles Hsien) or no evidence (Goh Chok Tong, a Hokkien spelling) is
    "other". Rows outside CC-CEDICT's Chinese categories count only with evidence.
    """
    if "·" in person.simp or _NON_CHINESE.search(person.description):
        return None
    if len(person.syllables) != len(person.simp) or not person.simp[:1].strip():
        return None
    chars = list(person.trad)
    pinyin = [fold_latin(toneless(s)) for s in person.syllables]
    wade = [fold_latin(wade_giles(s)) for s in person.syllables]
    canto = [{fold_latin(c) for c in cantonese_spellings(ch)} for ch in chars]
    surname_forms = {"".join(pinyin[:surname_len]), "".join(wade[:surname_len])}
    if surname_len == 1:
        surname_forms |= canto[0]
    tokens = [t for t in latin_tokens(english) if t not in _NOT_NAME_WORDS]
    if not any(len(t) >= 2 and t in surname_forms for t in tokens):
        return None
    given = pinyin[surname_len:]
    pinyin_set = set(pinyin) | {"".join(given), "".join(pinyin[:surname_len])}
    wade_set = set(wade) | {"".join(wade[surname_len:])}
    canto_set: set[str] = set().union(*canto)
    system = "other"
    if all(t in pinyin_set for t in tokens) and (
        "".join(given) in tokens or all(g in tokens for g in given)
    ):
        system = "pinyin"
    else:
        wade_only = sum(1 for t in tokens if t in wade_set and t not in pinyin_set | canto_set)
        canto_only = sum(1 for t in tokens if t in canto_set and t not in pinyin_set | wade_set)
        if wade_only > canto_only:
            system = "wade_giles"
        elif canto_only > wade_only:
            system = "cantonese"
    if system == "other" and not person.category.startswith("chinese"):
        return None
    return system


def given_name_rendered(person: PersonRow, english: str, surname_len: int) -> bool:
    """Whether `english` spells the given name at all (in pinyin, Wade-Giles or Cantonese),
    not only the surname beside a Western given name (Jacky Cheung for 張學友)."""
    chars = list(person.trad)[surname_len:]
    syllables = person.syllables[surname_len:]
    forms: set[str] = set()
    for syllable, char in zip(syllables, chars, strict=True):
        forms |= {fold_latin(toneless(syllable)), fold_latin(wade_giles(syllable))}
        forms |= {fold_latin(c) for c in cantonese_spellings(char)}
    joined = {"".join(fold_latin(toneless(s)) for s in syllables)}
    return any(t in forms or t in joined for t in latin_tokens(english) if len(t) >= 1)


LEGAL_FORM_ZH = re.compile(r"(股份有限公司|有限責任公司|有限责任公司|有限公司|股份公司)$")
LEGAL_FORM_EN = re.compile(
    r"[\s,]*(Company,? Limited|Co\.?,?\s?Ltd\.?|Co\.?,?\s?Limited|Limited|Ltd\.?|Inc\.?|plc|"
    r"Corporation|Corp\.?)$",
    re.I,
)


def strip_legal_form_zh(name: str) -> str:
    """A Chinese company name without its trailing legal form (有限公司, 股份有限公司 ...)."""
    return LEGAL_FORM_ZH.sub("", name)


def strip_legal_form_en(name: str) -> str:
    """An English company name without its trailing legal form (Limited, Co., Ltd. ...)."""
    return LEGAL_FORM_EN.sub("", name).strip(" ,")


def canonical_hkex_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """One row per stock code: the name current longest, so a renaming's stray row loses."""
    best: dict[str, dict[str, str]] = {}
    for row in rows:
        code = row["stock_code"]
        rank = (int(row["n_snapshots"] or 0), row["in_latest_snapshot"], row["last_seen"])
        current = best.get(code)
        if current is None or rank > (
            int(current["n_snapshots"] or 0),
            current["in_latest_snapshot"],
            current["last_seen"],
        ):
            best[code] = row
    return [best[code] for code in sorted(best)]
