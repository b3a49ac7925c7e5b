"""Cross-script blocking keys: two names that could match share at least one key.

People: surname identity (the hanzi surname, or every surname a romanised spelling can write)
plus the initials of the given name's readings in pinyin and in Cantonese, so 李嘉诚, Li Jiacheng
and Lee Ka-shing meet. Organisations: the brand's readings and hanzi bigrams.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from entitymatch.names import tables
from entitymatch.names.normalize import gc_paused, normalize_name
from entitymatch.names.normalized import Kind, NormalizedName
from entitymatch.names.phonetics import Unit

_MAX_KEYS = 12


def _initials(units: Sequence[Unit], namespace: str) -> set[str]:
    options = []
    for unit in units:
        if unit.is_initial:
            options.append({unit.text})
            continue
        letters = {k[2] for k in unit.keys if k.startswith(namespace) and len(k) > 2}
        if not letters:
            letters = {unit.text[:1]}
        options.append(letters)
    return {"".join(combo) for combo in itertools.islice(itertools.product(*options), 8)}


def _surname_readings(unit: Unit) -> list[str]:
    """Pinyin of a surname, whatever script it came in (Lee → li, Cheung → zhang, jiang)."""
    readings = [k[2:] for k, w in unit.keys.items() if k.startswith("p:") and w >= 0.95]
    known = tables.surnames()
    for key in unit.keys:
        if key.startswith("s:") and key[2:] in known:
            readings.append(known[key[2:]].replace(" ", ""))
    return list(dict.fromkeys(readings)) or [f"~{unit.text}"]


def person_keys(name: NormalizedName) -> list[str]:
    keys: list[str] = []
    for parse in name.parses:
        if parse.surname is None:
            continue
        given = {i[:2] for ns in ("p:", "c:") for i in _initials(parse.given, ns)}
        for surname in _surname_readings(parse.surname):
            keys.extend(f"{surname}|{g}" for g in sorted(given or {""}))
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


def blocking_keys(name: NormalizedName) -> tuple[str, ...]:
    """The keys of one normalised name, the likeliest reading's first, at most a dozen."""
    if name.is_empty:
        return ()
    keys = person_keys(name) if name.kind == "person" else org_keys(name)
    for alternative in name.alternatives:
        keys.extend(blocking_keys(alternative))
    return tuple(dict.fromkeys(keys))[:_MAX_KEYS]


def name_blocking_keys(values: Sequence[str | None], kind: Kind | str) -> list[tuple[str, ...]]:
    """For each value, the keys under which it should meet its cross-script variants.

    `kind` is "person"/"org" (or the field kinds "person_name"/"org_name").
    """
    name_kind: Kind = "org" if str(kind).startswith("org") else "person"
    cache: dict[str, tuple[str, ...]] = {}
    out = []
    with gc_paused():
        for value in values:
            text = value or ""
            keys = cache.get(text)
            if keys is None:
                keys = cache[text] = blocking_keys(normalize_name(text, name_kind))
            out.append(keys)
    return out
