"""`normalize_name`: text in, `NormalizedName` out, cached by distinct value."""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from entitymatch.names import org as org_names
from entitymatch.names import person as person_names
from entitymatch.names.normalized import Kind, NormalizedName, PersonParse
from entitymatch.names.phonetics import Unit
from entitymatch.text import (
    Script,
    clean_text,
    detect_script,
    fold_case,
    is_han,
    is_plain_han,
    prepare_simplified,
    strip_tones,
    to_simplified,
    unify_umlaut,
)

_BRACKET_RE = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_KEY_DROP = str.maketrans(dict.fromkeys("\"'`“”‘’"))
_SPACE_RE = re.compile(r"\s+")
_HAN_DOT_RE = re.compile(r"(?<=[\u3400-\u9fff])\s*[.·]\s*(?=[\u3400-\u9fff])")
_KINDS = ("person", "org")
_BATCH = 2048
_OPENING_BRACKET_RE = re.compile("[(\\[（【]")
_HAN_OR_DOT = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af·"
_HAN_OR_DOT_RE = re.compile(f"[{_HAN_OR_DOT}]")
_NOT_HAN_OR_DOT_RE = re.compile(f"[^{_HAN_OR_DOT}]+")


def _key(cleaned: str) -> str:
    """The equality form: simplified, case-folded, tone-free, ü as v, quotes dropped."""
    if not cleaned.isascii() and is_plain_han(cleaned):
        simplified = to_simplified(cleaned)
        if is_plain_han(simplified):  # no quotes, case, tones or spaces to fold
            return simplified
    text = cleaned.translate(_KEY_DROP)  # before tones: A"1 must not become a1, then a
    if text.isascii():
        # No hanzi, tone marks or middle dots to fold: casefold is lower().
        text = unify_umlaut(strip_tones(text.lower()))
    else:
        text = unify_umlaut(strip_tones(fold_case(to_simplified(text))))
        if "." in text or "·" in text:
            text = _HAN_DOT_RE.sub("·", text)
    # str.split() and \s agree on what whitespace is: runs become one space, ends go.
    return " ".join(text.split())


def normalize_name(text: str | None, kind: Kind = "person") -> NormalizedName:
    """Normalise one name of a person (`kind="person"`) or an organisation (`kind="org"`).

    Never raises on odd input: `None`, empty strings and arbitrary Unicode give a name whose
    `is_empty` is true or whose parts are simply empty.
    """
    _check_kind(kind)
    return _normalize(text or "", kind)


def normalize_names(values: Iterable[str | None], kind: Kind = "person") -> list[NormalizedName]:
    """Normalise a column of names, working once per distinct value."""
    _check_kind(kind)
    seen: dict[str, NormalizedName] = {}
    out = []
    with gc_paused(promote=True):
        for batch in _batches(values, _BATCH):
            # A name all in plain hanzi is its own cleaned form, the text its key simplifies:
            # convert the batch's new ones together (see prepare_simplified).
            prepare_simplified(
                [v for v in batch if v and not v.isascii() and v not in seen and is_plain_han(v)]
            )
            for value in batch:
                text = value or ""
                name = seen.get(text)
                if name is None:
                    name = seen[text] = _normalize(text, kind)
                out.append(name)
    return out


def _batches(values: Iterable[str | None], size: int) -> Iterator[list[str | None]]:
    iterator = iter(values)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'person' or 'org', not {kind!r}")


@contextlib.contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch builds many small objects.

    A column of names makes hundreds of thousands of tuples and small objects that all live
    on, none in a cycle; the collector would scan them again and again for nothing (half the
    time of a 100,000-name batch). Reference counting still frees everything as usual.

    `promote` is for a batch whose objects live on (normalised names, kept in the cache):
    they go straight to the oldest generation on the way out. Otherwise the collector scans
    them all at its first collection after the pause and again at its next generation-1
    collection, a fifth of a batch's time, only to find them alive (see `_promote_young`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if promote:
                _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move the young generations to the oldest without scanning them, if they are big.

    `gc.freeze()` then `gc.unfreeze()` does that in constant time. Objects so moved are next
    looked at by a full collection, like any old object; a cycle of garbage among them waits
    for one too. Skipped when the application has frozen objects of its own (unfreezing
    would thaw them), and for a batch smaller than one generation-1 collection's worth.
    """
    young, per_older, _ = gc.get_threshold()
    if gc.get_count()[0] > young * per_older and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


@functools.lru_cache(maxsize=1 << 17)
def _normalize(text: str, kind: Kind) -> NormalizedName:
    cleaned = clean_text(text)[:500]  # nobody's name is longer; keeps worst cases bounded
    key = _key(cleaned)
    if not key:
        return NormalizedName(text, kind, cleaned, "", Script.EMPTY)
    main, alternatives, script = _split_alternatives(key, kind)
    if kind == "person":
        name = _person(text, cleaned, main, script)
    else:
        name = _org(text, cleaned, main, script)
    if alternatives:
        alts = tuple(_normalize(a, kind) for a in alternatives)
        name = _replace(name, key=key, alternatives=alts)
    return name


def _replace(name: NormalizedName, **changes: object) -> NormalizedName:
    import dataclasses

    return dataclasses.replace(name, **changes)  # type: ignore[arg-type]


def _split_alternatives(key: str, kind: Kind) -> tuple[str, list[str], Script]:
    """张伟 (David Zhang), HiDream.ai (智象未来): a bracketed name in the other script is
    another name of the same entity, compared as an alternative. Also returns the script of
    what remains."""
    alternatives: list[str] = []
    if not key.isascii() and is_plain_han(key):  # the usual Chinese name: nothing to split
        return key, alternatives, Script.HAN
    if not _OPENING_BRACKET_RE.search(key):
        main = key
    else:
        main = _bracketed_alternatives(key, kind, alternatives)
    script = detect_script(main)
    if kind == "person" and script is Script.MIXED:
        han = _HAN_OR_DOT_RE.findall(main)
        latin = _SPACE_RE.sub(" ", _HAN_OR_DOT_RE.sub(" ", main)).strip()
        main = "".join(han)
        script = Script.HAN
        if latin:
            alternatives.append(latin)
    return main, alternatives, script


def _bracketed_alternatives(key: str, kind: Kind, alternatives: list[str]) -> str:
    outside_script = detect_script(_BRACKET_RE.sub(" ", key))

    def take(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        script = detect_script(inner)
        if kind == "org" and (org_names._region_of(inner) or org_names._legal_code(inner)):
            return match.group(0)
        if (
            inner
            and script not in (Script.EMPTY, Script.OTHER)
            and (script != outside_script or kind == "person")
        ):
            alternatives.append(inner)
            return " "
        return match.group(0)

    main = _SPACE_RE.sub(" ", _BRACKET_RE.sub(take, key)).strip()
    if not main and alternatives:
        main = alternatives.pop(0)
    return main


def _person(original: str, cleaned: str, main: str, script: Script) -> NormalizedName:
    if script is Script.HAN:
        han = _NOT_HAN_OR_DOT_RE.sub("", main)
        return NormalizedName(original, "person", cleaned, main, script, **_han_person(han))
    if script is Script.LATIN:
        # Case matters for parsing (JIA Yangqing): parse the cleaned text, tones off.
        main_cased = unify_umlaut(strip_tones(cleaned))
        main_cased = _BRACKET_RE.sub(" ", main_cased)
        parses, english = person_names.parse_latin(main_cased, "," in main_cased)
        tokens = tuple(main.replace("-", " ").replace("'", "").split())
        # A name that parses as no Chinese name is kept as it is written.
        fields = _parse_fields(parses, " ") if parses else {"romanisations": ((main, 1.0),)}
        return NormalizedName(
            original,
            "person",
            cleaned,
            main,
            script,
            tokens=tokens,
            english_names=english,
            **fields,
        )
    return NormalizedName(original, "person", cleaned, main, script, tokens=tuple(main.split()))


@functools.lru_cache(maxsize=1 << 16)
def _han_person(han: str) -> dict[str, Any]:
    """What a person's name in hanzi reads as, which depends on its hanzi alone (cached: one
    person comes back written other ways). Shared between names: read it, never change it."""
    if "·" in han:
        parts = tuple(p for p in han.split("·") if p)
        reading = " ".join(_reading(p) for p in parts)
        return {"romanisations": ((reading, 1.0),), "tokens": parts, "foreign": True}
    # `han` holds a Han character (the name's script is Han), so it has a parse.
    return {"tokens": tuple(han), **_parse_fields(person_names.parse_han(han), "")}


def _parse_fields(parses: tuple[PersonParse, ...], given_separator: str) -> dict[str, Any]:
    """Romanisations, surname and given name from a name's parses: at least one, likeliest
    first, priors relative to its (as `parse_han` and `parse_latin` give them)."""
    romanisations: dict[str, float] = {}
    for parse in parses:
        given = "".join([u.primary for u in parse.given])
        reading = f"{parse.surname.primary} {given}".strip() if parse.surname else given.strip()
        romanisations.setdefault(reading, parse.prior)
    ranked = tuple(romanisations.items())
    if len(ranked) > 1:
        ranked = tuple(sorted(ranked, key=_less_likely))[:4]
    best = parses[0]
    given = given_separator.join([u.text for u in best.given])
    return {
        "romanisations": ranked,
        "surname": best.surname.text if best.surname else None,
        "given_name": given or None,
        "parses": parses,
    }


def _less_likely(reading: tuple[str, float]) -> float:
    return -reading[1]


def _reading(text: str) -> str:
    from entitymatch.names.phonetics import char_readings

    return "".join((char_readings(c) or (c,))[0] for c in text)


def _org(original: str, cleaned: str, main: str, script: Script) -> NormalizedName:
    return NormalizedName(original, "org", cleaned, main, script, **_org_fields(main))


@functools.lru_cache(maxsize=1 << 16)
def _org_fields(main: str) -> dict[str, Any]:
    """What an organisation's name breaks into, which depends on its key alone (cached: one
    company comes back written other ways, in full width, traditional, with other brackets).
    Shared between the names that have that key: read it, never change it."""
    parts = org_names.split_org(main)
    core_terms = [t for t in parts.terms if t.role != "region"]
    core = _join([t.text for t in core_terms])
    brands = [org_names.text_units(t.text) for t in parts.terms if t.role == "brand"]
    # One brand term (the usual case) shares its cached units rather than copying them.
    brand: tuple[Unit, ...] = (
        brands[0] if len(brands) == 1 else tuple(itertools.chain.from_iterable(brands))
    )
    reading = _join([org_names.text_reading(t.text) for t in core_terms])
    return {
        "romanisations": ((reading, 1.0),) if reading else (),
        "tokens": tuple(t.text for t in parts.terms),
        "core": core or None,
        "legal_forms": parts.legal_forms,
        "regions": parts.regions,
        "descriptors": tuple(t.text for t in parts.terms if t.role == "industry"),
        "terms": parts.terms,
        "brand": brand,
    }


def _join(parts: list[str]) -> str:
    """Join name parts: no space between hanzi, one between words."""
    if len(parts) == 1:
        return parts[0]
    out = ""
    for part in parts:
        if out and not (is_han(out[-1]) and is_han(part[0])):
            out += " "
        out += part
    return out
