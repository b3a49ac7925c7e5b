"""Cross-script blocking keys: two names that could match share at least one key.

People: surname identity (the hanzi surname, or every surname a romanised spelling can write)
plus the given name's readings in pinyin and in Cantonese, so 李嘉诚, Li Jiacheng and Lee
Ka-shing meet. How much of the given name a key holds is the `given` detail:

- "initials" (the default): the readings' first letters (li|jc). Tolerates typos in the given
  name; blocks grow with the table (every Li J. C. meets every other);
- "full": the whole readings (li|jiacheng). Blocks stay small in a million records;
- "none": the surname alone, for keys combined with another column's (same company and
  surname).

Organisations: the brand's readings and hanzi bigrams, whatever the detail.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from entitymatch.names import tables
from entitymatch.names.normalize import gc_paused, normalize_name
from entitymatch.names.normalized import Kind, NormalizedName
from entitymatch.names.phonetics import Unit

_MAX_KEYS = 12
_MAX_SPELLINGS = 4  # of a given name, per namespace
GIVEN_DETAILS = ("initials", "full", "none")
GivenDetail = Literal["initials", "full", "none"]
# Hong Kong romanisation writes one Cantonese sound several ways: aspirated or plain initials
# (Tak and Dak 德, Kin and Gin 建, Cheung and Jeung 张, Tsang and Chang 曾), a silent final h or r
# (Wa, Wah, War 华), oo or u, ee or i, a final y or i (Choy, Choi). Keys fold them, so every
# spelling of a name meets every other, and a character's readings collapse to a few.
_CANTONESE_FOLDS = (
    (re.compile(r"^(?:ts|tz|ch|z)"), "j"),
    (re.compile(r"^kw"), "gw"),
    (re.compile(r"^k"), "g"),
    (re.compile(r"^t"), "d"),
    (re.compile(r"^p"), "b"),
    (re.compile(r"^sh"), "s"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?<=[aeiou])[hr]$"), ""),
    (re.compile(r"(?<=[aeiou])y$"), "i"),
)


@functools.lru_cache(maxsize=1 << 16)
def _unit_readings(unit: Unit, namespace: str, initials: bool) -> dict[str, float]:
    """One unit's readings in a namespace (p: or c:), whole or first letters, likeliest first.
    Cached by unit: a table of a million names holds a few thousand distinct units."""
    if unit.is_initial:
        return {unit.text: 1.0}
    fold = _fold_cantonese if namespace == "c:" else str
    readings: dict[str, float] = {}
    for key, weight in sorted(unit.keys.items(), key=lambda kw: -kw[1]):
        if key.startswith(namespace) and len(key) > 2:
            reading = fold(key[2:])
            readings.setdefault(reading[:1] if initials else reading, weight)
    text = fold(unit.text)
    return readings or {(text[:1] if initials else text): 1.0}


def _fold_cantonese(spelling: str) -> str:
    """One spelling for the ways Hong Kong romanisation writes a syllable (tak, dak → dak)."""
    for pattern, replacement in _CANTONESE_FOLDS:
        spelling = pattern.sub(replacement, spelling)
    return spelling


def _readings(units: tuple[Unit, ...], namespace: str, initials: bool) -> tuple[str, ...]:
    """The given name spelt unit by unit in one namespace (p: or c:), whole or by initials:
    the likeliest spellings first, at most `_MAX_SPELLINGS`."""
    options = [_unit_readings(unit, namespace, initials) for unit in units]
    separator = "" if initials else "-"
    if all(len(o) == 1 for o in options):  # most given names read one way only
        return (separator.join(next(iter(o)) for o in options),)
    spellings: dict[str, float] = {}
    for combo in itertools.islice(itertools.product(*(o.items() for o in options)), 64):
        spelling = separator.join(r for r, _ in combo)
        weight = math.prod(w for _, w in combo)
        spellings[spelling] = max(weight, spellings.get(spelling, 0.0))
    ranked = sorted(spellings, key=lambda sp: -spellings[sp])
    return tuple(ranked[:_MAX_SPELLINGS])


@functools.lru_cache(maxsize=1 << 14)
def _surname_readings(unit: Unit) -> tuple[str, ...]:
    """Pinyin of a surname, whatever script it came in (Lee → li, Cheung → zhang, jiang)."""
    readings = [k[2:] for k, w in unit.keys.items() if k.startswith("p:") and w >= 0.95]
    known = tables.surnames()
    for key in unit.keys:
        if key.startswith("s:") and key[2:] in known:
            readings.append(known[key[2:]].replace(" ", ""))
    return tuple(dict.fromkeys(readings)) or (f"~{unit.text}",)


@functools.lru_cache(maxsize=1 << 18)
def _given_keys(units: tuple[Unit, ...], given_detail: GivenDetail) -> tuple[str, ...]:
    """The given-name parts of a person's keys at the "initials" or "full" detail ("none"
    needs none: `person_keys`), pinyin then Cantonese, each once ("" when there is none).
    Cached by the units: a million names repeat a few hundred thousand given names."""
    if given_detail == "full":
        given = [r for ns in ("p:", "c:") for r in _readings(units, ns, False)]
    else:
        given = [r[:2] for ns in ("p:", "c:") for r in _readings(units, ns, True)]
    return tuple(dict.fromkeys(given)) or ("",)


def person_keys(name: NormalizedName, given_detail: GivenDetail = "initials") -> list[str]:
    keys: list[str] = []
    for parse in name.parses:
        if parse.surname is None:
            continue
        surnames = _surname_readings(parse.surname)
        if given_detail == "none":
            keys.extend(f"{surname}|" for surname in surnames)
            continue
        given = _given_keys(parse.given, given_detail)
        for surname in surnames:
            keys.extend(f"{surname}|{g}" for g in given)
    if not keys and name.foreign:
        keys.append(f"f|{name.romanised[:3]}")
    if not keys and name.key:
        keys.append(f"k|{name.key[:4]}")
    return keys


def org_keys(name: NormalizedName) -> list[str]:
    keys: list[str] = []
    reading = "".join(u.primary for u in name.brand)
    if reading:
        keys.append(f"p|{reading[:6]}")
    hanzi = "".join(u.text for u in name.brand if u.is_han)
    keys.extend(f"h|{hanzi[i : i + 2]}" for i in range(max(len(hanzi) - 1, 0)))
    if not keys and name.core:
        keys.append(f"c|{name.core[:6]}")
    return keys


def blocking_keys(name: NormalizedName, given_detail: GivenDetail = "initials") -> tuple[str, ...]:
    """The keys of one normalised name, the likeliest reading's first, at most a dozen."""
    if name.is_empty:
        return ()
    keys = person_keys(name, given_detail) if name.kind == "person" else org_keys(name)
    for alternative in name.alternatives:
        keys.extend(blocking_keys(alternative, given_detail))
    return tuple(dict.fromkeys(keys))[:_MAX_KEYS]


def name_blocking_keys(
    values: Sequence[str | None],
    kind: Kind | str,
    given_detail: GivenDetail = "initials",
    known: Mapping[str, NormalizedName] | None = None,
) -> list[tuple[str, ...]]:
    """For each value, the keys under which it should meet its cross-script variants.

    `kind` is "person"/"org" (or the field kinds "person_name"/"org_name"); `given_detail`
    says how much of a person's given name the keys hold (see the module's docstring).
    `known`: names of this kind already normalised, by their text, used instead of
    normalising again (a million distinct names overflow `normalize_name`'s cache).
    """
    if given_detail not in GIVEN_DETAILS:
        raise ValueError(f"given_detail must be one of {GIVEN_DETAILS}, not {given_detail!r}")
    name_kind: Kind = "org" if str(kind).startswith("org") else "person"
    cache: dict[str, tuple[str, ...]] = {}
    out = []
    with gc_paused():
        for value in values:
            text = value or ""
            keys = cache.get(text)
            if keys is None:
                name = known.get(text) if known is not None else None
                if name is None:
                    name = normalize_name(text, name_kind)
                keys = cache[text] = blocking_keys(name, given_detail)
            out.append(keys)
    return out
