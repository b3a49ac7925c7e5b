"""`normalize_name`: text in, `NormalizedName` out, cached by distinct value."""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterable, Iterator

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
    strip_tones,
    to_simplified,
    unify_umlaut,
)

_BRACKET_RE = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_KEY_DROP_RE = re.compile(r"[\"'`“”‘’]")
_SPACE_RE = re.compile(r"\s+")
_HAN_DOT_RE = re.compile(r"(?<=[\u3400-\u9fff])\s*[.·]\s*(?=[\u3400-\u9fff])")
_KINDS = ("person", "org")
_OPENING_BRACKETS = frozenset("([（【")
_HAN_OR_DOT_RE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af·]")


def _key(cleaned: str) -> str:
    """The equality form: simplified, case-folded, tone-free, ü as v, quotes dropped."""
    text = _KEY_DROP_RE.sub("", cleaned)  # before tones: A"1 must not become a1, then a
    text = unify_umlaut(strip_tones(fold_case(to_simplified(text))))
    text = _HAN_DOT_RE.sub("·", text)
    return _SPACE_RE.sub(" ", text).strip()


def normalize_name(text: str | None, kind: Kind = "person") -> NormalizedName:
    """Normalise one name of a person (`kind="person"`) or an organisation (`kind="org"`).

    Never raises on odd input: `None`, empty strings and arbitrary Unicode give a name whose
    `is_empty` is true or whose parts are simply empty.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'person' or 'org', not {kind!r}")
    return _normalize(text or "", kind)


def normalize_names(values: Iterable[str | None], kind: Kind = "person") -> list[NormalizedName]:
    """Normalise a column of names, working once per distinct value."""
    seen: dict[str, NormalizedName] = {}
    out = []
    with gc_paused():
        for value in values:
            text = value or ""
            name = seen.get(text)
            if name is None:
                name = seen[text] = normalize_name(text, kind)
            out.append(name)
    return out


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch builds many small objects.

    A column of names makes hundreds of thousands of tuples and small objects that all live
    on, none in a cycle; the collector would scan them again and again for nothing (half the
    time of a 100,000-name batch). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    if not _OPENING_BRACKETS.intersection(key):
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
        han = "".join(_HAN_OR_DOT_RE.findall(main))
        if "·" in han:
            parts = tuple(p for p in han.split("·") if p)
            reading = " ".join(_reading(p) for p in parts)
            return NormalizedName(
                original, "person", cleaned, main, script, ((reading, 1.0),), parts, foreign=True
            )
        parses = person_names.parse_han(han)
        return _person_from_parses(original, cleaned, main, script, parses, (), tuple(han))
    if script is Script.LATIN:
        # Case matters for parsing (JIA Yangqing): parse the cleaned text, tones off.
        main_cased = unify_umlaut(strip_tones(cleaned))
        main_cased = _BRACKET_RE.sub(" ", main_cased)
        parses, english = person_names.parse_latin(main_cased, "," in main_cased)
        tokens = tuple(main.replace("-", " ").replace("'", "").split())
        return _person_from_parses(original, cleaned, main, script, parses, english, tokens)
    return NormalizedName(original, "person", cleaned, main, script, tokens=tuple(main.split()))


def _person_from_parses(
    original: str,
    cleaned: str,
    key: str,
    script: Script,
    parses: tuple[PersonParse, ...],
    english: tuple[str, ...],
    tokens: tuple[str, ...],
) -> NormalizedName:
    if not parses:
        return NormalizedName(
            original, "person", cleaned, key, script, ((key, 1.0),), tokens, english_names=english
        )
    top = max(p.prior for p in parses)
    if top != 1.0:
        parses = tuple(
            PersonParse(p.surname, p.given, p.english, p.surname_last, p.prior / top)
            for p in parses
        )
    romanisations: dict[str, float] = {}
    for parse in parses:
        reading = _parse_reading(parse)
        romanisations.setdefault(reading, parse.prior)
    best = parses[0]
    given = (
        "".join(u.text for u in best.given)
        if script is Script.HAN
        else " ".join(u.text for u in best.given)
    )
    return NormalizedName(
        original,
        "person",
        cleaned,
        key,
        script,
        tuple(sorted(romanisations.items(), key=lambda kv: -kv[1]))[:4],
        tokens,
        surname=best.surname.text if best.surname else None,
        given_name=given or None,
        english_names=english,
        parses=parses,
    )


def _parse_reading(parse: PersonParse) -> str:
    given = "".join(u.primary for u in parse.given)
    surname = parse.surname.primary if parse.surname else ""
    return f"{surname} {given}".strip()


def _reading(text: str) -> str:
    from entitymatch.names.phonetics import char_readings

    return "".join((char_readings(c) or (c,))[0] for c in text)


def _org(original: str, cleaned: str, main: str, script: Script) -> NormalizedName:
    parts = org_names.split_org(main)
    core_terms = [t for t in parts.terms if t.role != "region"]
    core = _join(t.text for t in core_terms)
    brand: tuple[Unit, ...] = tuple(
        u for t in parts.terms if t.role == "brand" for u in org_names.term_units(t)
    )
    reading = _join(
        "".join(u.primary for u in org_names.term_units(t)) if is_han(t.text[0]) else t.text
        for t in core_terms
    )
    return NormalizedName(
        original,
        "org",
        cleaned,
        main,
        script,
        ((reading, 1.0),) if reading else (),
        tuple(t.text for t in parts.terms),
        core=core or None,
        legal_forms=parts.legal_forms,
        regions=parts.regions,
        descriptors=tuple(t.text for t in parts.terms if t.role == "industry"),
        terms=parts.terms,
        brand=brand,
    )


def _join(parts: Iterable[str]) -> str:
    """Join name parts: no space between hanzi, one between words."""
    out = ""
    for part in parts:
        if out and not (is_han(out[-1]) and is_han(part[0])):
            out += " "
        out += part
    return out
