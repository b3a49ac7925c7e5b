"""Field kinds and the comparator each one uses, with the options a settings file may give it.

The settings layer validates a field's options against `KINDS` and the pipeline builds the
comparator with `make_comparator`, so adding a kind is one entry here. Comparator modules are
imported when first used: the command line should not pay for phone-number metadata when no
field holds phone numbers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from entitymatch.compare.levels import Comparator


@dataclass(frozen=True)
class Option:
    """One option of a field kind: its name, accepted types, default and a plain-words help.

    `check` returns an error message for a value of the right type that is still not allowed.
    """

    name: str
    types: tuple[type, ...]
    default: Any
    help: str
    check: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class KindSpec:
    """A field kind: how to build its comparator and which options it takes."""

    kind: str
    factory: Callable[..., Comparator]
    options: tuple[Option, ...]
    description: str
    takes_aliases: bool = False


def _text(**options: Any) -> Comparator:
    from entitymatch.compare.text import TextComparator

    return TextComparator(**options)


def _person(aliases: object | None = None) -> Comparator:
    from entitymatch.compare.name_fields import PersonNameComparator

    return _with_aliases(PersonNameComparator, aliases)


def _org(aliases: object | None = None) -> Comparator:
    from entitymatch.compare.name_fields import OrgNameComparator

    return _with_aliases(OrgNameComparator, aliases)


def _with_aliases(cls: Callable[..., Comparator], aliases: object | None) -> Comparator:
    # A name comparator that does not take aliases simply ignores the alias file.
    if aliases is not None and "aliases" in inspect.signature(cls).parameters:
        return cls(aliases=aliases)
    return cls()


def _values(name: str) -> Callable[..., Comparator]:
    def build(**options: Any) -> Comparator:
        from entitymatch.compare import values

        cls: Callable[..., Comparator] = getattr(values, name)
        return cls(**options)

    return build


def _check_text_method(value: Any) -> str | None:
    from entitymatch.compare.text import METHODS

    return None if value in METHODS else f"{value!r} is not one of {', '.join(METHODS)}"


def _check_thresholds(value: Any) -> str | None:
    if len(value) != 2 or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    ):
        return "must be two numbers [high, medium]"
    return None


def _check_scheme(value: Any) -> str | None:
    schemes = ("identifier", "uscc", "resident_id")
    return None if value in schemes else f"{value!r} is not one of {', '.join(schemes)}"


def _check_non_negative(value: Any) -> str | None:
    return None if value >= 0 else "must be zero or more"


_NUMBER = (int, float)

KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "person_name",
            _person,
            (),
            "personal names across hanzi, pinyin, other romanisations and English",
            takes_aliases=True,
        ),
        KindSpec(
            "org_name",
            _org,
            (),
            "organisation names across Chinese and English, legal forms and aliases",
            takes_aliases=True,
        ),
        KindSpec(
            "text",
            _text,
            (
                Option(
                    "method",
                    (str,),
                    "jaro_winkler",
                    "similarity: jaro_winkler, jaro, ratio, token_sort_ratio, token_set_ratio, "
                    "partial_ratio, levenshtein, damerau_levenshtein",
                    _check_text_method,
                ),
                Option(
                    "thresholds",
                    (list, tuple),
                    None,
                    "[high, medium]: similarities, or maximum edits for the edit distances",
                    _check_thresholds,
                ),
            ),
            "free text compared by a fuzzy similarity with two thresholds",
        ),
        KindSpec("exact", _values("ExactComparator"), (), "equal or not, after normalisation"),
        KindSpec("date", _values("DateComparator"), (), "dates in any common format"),
        KindSpec(
            "number",
            _values("NumberComparator"),
            (
                Option(
                    "abs_tolerance",
                    _NUMBER,
                    0.0,
                    "the largest absolute difference still close",
                    _check_non_negative,
                ),
                Option(
                    "rel_tolerance",
                    _NUMBER,
                    0.01,
                    "the largest difference, relative to the larger value, still close",
                    _check_non_negative,
                ),
                Option("amounts", (bool,), False, "read amounts of money with their currency"),
            ),
            "numbers and amounts, with tolerances",
        ),
        KindSpec(
            "phone",
            _values("PhoneComparator"),
            (
                Option(
                    "default_region",
                    (str,),
                    "CN",
                    "region code (CN, HK, US, ...) for numbers written without +",
                ),
            ),
            "telephone numbers in any format",
        ),
        KindSpec("email", _values("EmailComparator"), (), "e-mail addresses"),
        KindSpec("url", _values("UrlComparator"), (), "web addresses"),
        KindSpec(
            "identifier",
            _values("IdentifierComparator"),
            (
                Option(
                    "scheme",
                    (str,),
                    "identifier",
                    "identifier, uscc or resident_id",
                    _check_scheme,
                ),
            ),
            "identity numbers and codes",
        ),
    )
}
"""Every field kind, by name, in the order the documentation lists them."""


def make_comparator(
    kind: str, options: Mapping[str, Any] | None = None, *, aliases: object | None = None
) -> Comparator:
    """Build the comparator for a field of `kind` with its (already validated) options.

    Options left at None take the comparator's own default.
    """
    spec = KINDS[kind]
    given = {k: v for k, v in (options or {}).items() if v is not None}
    if spec.takes_aliases:
        return spec.factory(aliases=aliases, **given)
    return spec.factory(**given)
