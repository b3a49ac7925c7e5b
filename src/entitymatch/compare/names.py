"""Cross-script name comparison: a score, a verdict and a reason for two names.

People: the best pairing of the two names' parses (surname against surname, given name
against given name, syllable by syllable, through pinyin, Wade-Giles, Cantonese and surname
spellings). Organisations: a weighted agreement of their parts, where the brand counts most,
glossary words (银行 ↔ Bank) less and industry words (科技, Technology) barely.

The same functions serve one pair (`compare_names`) and millions (`NameComparator`, cached by
distinct value and by distinct pair).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz.distance import Indel, Levenshtein

from entitymatch.compare.levels import Level
from entitymatch.names import normalize_name
from entitymatch.names import org as org_names
from entitymatch.names.normalized import Kind, NormalizedName, OrgTerm, PersonParse
from entitymatch.names.phonetics import CANTONESE, SECOND_READING, WADE_GILES, Unit
from entitymatch.names.transliteration import hanzi_sound_shape, latin_sound_shape

if TYPE_CHECKING:
    from entitymatch.names.aliases import AliasTable

#: Scores at or above these are matches, by kind (chosen on fixtures/name_pairs.csv).
DEFAULT_THRESHOLDS: dict[str, float] = {"person": 0.85, "org": 0.85}
#: Scores at or above these are the MEDIUM level in record linkage.
MEDIUM_THRESHOLDS: dict[str, float] = {"person": 0.7, "org": 0.7}

SURNAME_SHARE = 0.35
# Two different hanzi that sound alike: for people a different name (张毅 ≠ 章毅), for a
# company most likely a typo made with a pinyin input method (阶跃星尘 for 阶跃星辰).
HOMOPHONE = {"person": 0.3, "org": 0.85}
INITIAL = 0.8
LATIN_TYPO = 0.8
STRING_FALLBACK = 0.9
LATIN_BRAND_TYPO = 0.95
SPELLING_FALLBACK = 0.95  # two romanised names compared word by word (an English name, typos)
BRAND_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The result of comparing two names."""

    score: float
    is_match: bool
    explanation: str
    level: Level
    kind: str

    def __bool__(self) -> bool:
        return self.is_match


@dataclass(frozen=True, slots=True)
class _Outcome:
    score: float
    notes: tuple[str, ...] = ()
    left: str = ""
    right: str = ""


# --- units -----------------------------------------------------------------------------------


#: unit_match's answers by the units' ids. A dict keyed by their strings, not functools'
#: cache: that hashes each Unit through Python code, which cost more than the lookup saved.
_UNIT_MATCHES: dict[tuple[str, str, float], tuple[float, str]] = {}
_UNIT_MATCHES_LIMIT = 1 << 18  # emptied when full: a bounded cache


def unit_match(a: Unit, b: Unit, homophone: float) -> tuple[float, str]:
    """How alike two units sound, and through which key (e.g. "p:chang", "c:cheung")."""
    key = (a.uid, b.uid, homophone)
    found = _UNIT_MATCHES.get(key)
    if found is None:
        if len(_UNIT_MATCHES) >= _UNIT_MATCHES_LIMIT:
            _UNIT_MATCHES.clear()
        found = _UNIT_MATCHES[key] = _unit_match(a, b, homophone)
    return found


def forget_unit_matches() -> None:
    """Empty unit_match's cache (to time comparisons from cold)."""
    _UNIT_MATCHES.clear()


def _unit_match(a: Unit, b: Unit, homophone: float) -> tuple[float, str]:
    if a.is_initial or b.is_initial:
        if a.is_initial and b.is_initial:
            return (1.0 if a.text == b.text else 0.0), "initial"
        letter, other = (a.text, b) if a.is_initial else (b.text, a)
        firsts = {k[2] for k in other.keys if k[0] in "pc" and len(k) > 2} | {other.text[:1]}
        return (INITIAL if letter in firsts else 0.0), "initial"
    if a.is_han and b.is_han and a.text == b.text:
        return 1.0, f"h:{a.text}"
    small, big = (a.keys, b.keys) if len(a.keys) <= len(b.keys) else (b.keys, a.keys)
    best, via = 0.0, ""
    for key, weight in small.items():
        matched = big.get(key)
        if matched is not None and weight * matched > best:
            best, via = weight * matched, key
    if a.is_han and b.is_han:
        return best * homophone, "homophone"
    # Two different known syllables (hao, chao) are different names, not a typo of each other.
    if not a.is_han and not b.is_han and best < LATIN_TYPO and not (a.known and b.known):
        similarity = Levenshtein.normalized_similarity(a.text, b.text)
        if similarity * LATIN_TYPO > best:
            best, via = similarity * LATIN_TYPO, "typo"
    return best, via


def align(a: Sequence[Unit], b: Sequence[Unit], homophone: float) -> tuple[float, list[str]]:
    """Best in-order pairing of two unit sequences: matched similarity over the longer length."""
    n, m = len(a), len(b)
    if not n or not m:
        return (1.0 if n == m else 0.0), []
    # unit_match's cache read inline: the engine aligns hundreds of thousands of names.
    cached = _UNIT_MATCHES.get
    if n == m:
        pairs = [
            cached((x.uid, y.uid, homophone)) or unit_match(x, y, homophone)
            for x, y in zip(a, b, strict=True)
        ]
        straight = sum(s for s, _ in pairs) / n
        if straight >= 0.999 or n == 1:
            return straight, [v for _, v in pairs]
    previous = [0.0] * (m + 1)
    via: dict[tuple[int, int], str] = {}
    for i, x in enumerate(a, 1):
        row = [0.0] * (m + 1)
        for j, y in enumerate(b, 1):
            score, key = cached((x.uid, y.uid, homophone)) or unit_match(x, y, homophone)
            diagonal = previous[j - 1] + score
            up, left = previous[j], row[j - 1]
            best = up if up >= left else left
            if diagonal >= best:
                best = diagonal
                if score > 0:
                    via[(i, j)] = key
            row[j] = best
        previous = row
    return previous[m] / max(n, m), list(via.values())


# --- people ----------------------------------------------------------------------------------


def _systems(keys: Sequence[str]) -> list[str]:
    notes = []
    if any(k.startswith("c:") for k in keys):
        notes.append("Cantonese or other romanisation")
    if "initial" in keys:
        notes.append("initials")
    if "typo" in keys:
        notes.append("spelling differs")
    if "homophone" in keys:
        notes.append("homophone characters")
    return notes


def _parse_score(
    pa: PersonParse, pb: PersonParse, to_beat: float = 0.0
) -> tuple[float, str, list[str]]:
    """Score of two parses, with the keys through which the surname and given name met; 0
    without aligning the given names when even a perfect given name could not score above
    `to_beat`."""
    homophone = HOMOPHONE["person"]
    if pa.surname is not None and pb.surname is not None:
        surname, surname_via = unit_match(pa.surname, pb.surname, homophone)
    else:
        surname, surname_via = 0.0, ""
    if (SURNAME_SHARE * surname + 1 - SURNAME_SHARE) * pa.prior * pb.prior <= to_beat:
        return 0.0, surname_via, []
    given, given_via = align(pa.given, pb.given, homophone)
    if not pa.given and not pb.given:
        given = 0.6  # a surname alone says little
    misspelt = any(not u.known for u in pa.given + pb.given)
    if misspelt and given < STRING_FALLBACK:
        # A misspelt given name no longer splits into syllables: compare the readings.
        fallback = Indel.normalized_similarity(pa.given_string, pb.given_string) * STRING_FALLBACK
        if fallback > given:
            given, given_via = fallback, ["typo"]
    score = SURNAME_SHARE * surname + (1 - SURNAME_SHARE) * given
    if pa.english and pb.english and not set(pa.english) & set(pb.english):
        score *= 0.9
    return score * pa.prior * pb.prior, surname_via, given_via


def _parse_notes(
    pa: PersonParse, pb: PersonParse, surname_via: str, given_via: list[str]
) -> list[str]:
    """What an explanation says about how two parses met: systems, readings, order."""
    notes = _systems([surname_via, *given_via])
    if surname_via.startswith("p:") and pa.surname and pb.surname:
        weight = min(pa.surname.keys.get(surname_via, 1.0), pb.surname.keys.get(surname_via, 1.0))
        if weight < 1.0 and not (pa.surname.is_han and pb.surname.is_han):
            notes.append("Wade-Giles or other romanisation" if weight <= WADE_GILES else "")
    if any(v.startswith("p:") for v in given_via):
        for unit in pa.given + pb.given:
            for v in given_via:
                w = unit.keys.get(v)
                if unit.is_han and w is not None and w <= SECOND_READING and v in unit.keys:
                    notes.append(f"{unit.text} read {v[2:]}")
                elif (
                    not unit.is_han and w is not None and w == WADE_GILES and v != f"p:{unit.text}"
                ):
                    notes.append("Wade-Giles or other romanisation")
    if surname_via.startswith("s:") or surname_via.startswith("c:"):
        weight = pa.surname.keys.get(surname_via, 1.0) if pa.surname else 1.0
        if weight <= CANTONESE or (
            pb.surname and pb.surname.keys.get(surname_via, 1.0) <= CANTONESE
        ):
            notes.append("surname spelling")
    if pa.surname_last != pb.surname_last:
        notes.append("order swapped")
    for english in (pa.english, pb.english):
        if english:
            notes.append(f"English name {' '.join(e.title() for e in english)} set aside")
    return [n for n in notes if n]


def _compare_person(a: NormalizedName, b: NormalizedName, explain: bool = True) -> _Outcome:
    if a.foreign or b.foreign:
        return _compare_foreign(a, b)
    best_score, best_pair = 0.0, None
    for pa in a.parses:
        for pb in b.parses:
            if pa.prior * pb.prior <= best_score:
                continue  # scores at most its priors: it cannot beat the best (cheap, exact)
            score, surname_via, given_via = _parse_score(pa, pb, best_score)
            if score > best_score:
                best_score, best_pair = score, (pa, pb, surname_via, given_via)
    best = _Outcome(best_score)
    if best_pair is not None and explain:
        pa, pb, surname_via, given_via = best_pair
        notes = tuple(dict.fromkeys(_parse_notes(pa, pb, surname_via, given_via)))
        best = _Outcome(best_score, notes, _reading(pa), _reading(pb))
    if a.script.value == "latin" and b.script.value == "latin" and has_unknown_words(a, b):
        fuzzy = _token_similarity(a.key, b.key) * SPELLING_FALLBACK
        if fuzzy > best.score:
            best = _Outcome(fuzzy, ("spelling differs",), a.key, b.key)
    return best


def has_unknown_words(*names: NormalizedName) -> bool:
    """Whether a romanised name holds words that are no syllables we know (typos, foreign)."""
    return any(
        not name.parses
        or name.english_names
        or any(not u.known for p in name.parses[:1] for u in p.given)
        for name in names
    )


def _reading(parse: PersonParse) -> str:
    surname = parse.surname.primary if parse.surname else ""
    given = "".join(u.primary for u in parse.given)
    return f"{surname} {given}".strip()


def _token_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a.replace("-", " "), b.replace("-", " ")) / 100.0


def _compare_foreign(a: NormalizedName, b: NormalizedName) -> _Outcome:
    """A foreign name in hanzi (山姆·阿尔特曼) against a romanised or another hanzi name."""
    if a.foreign and b.foreign:
        score = Indel.normalized_similarity(a.key, b.key) * STRING_FALLBACK
        return _Outcome(score, ("spelling differs",), a.key, b.key)
    han, latin = (a, b) if a.foreign else (b, a)
    if latin.script.value != "latin":
        return _Outcome(0.0)
    left = [hanzi_sound_shape(part) for part in han.tokens]
    right = [latin_sound_shape(word) for word in latin.key.replace("-", " ").split()]
    if len(left) == len(right):
        score = sum(
            Indel.normalized_similarity(x, y) for x, y in zip(left, right, strict=True)
        ) / len(left)
    else:
        score = Indel.normalized_similarity("".join(left), "".join(right)) * STRING_FALLBACK
    notes = ("foreign name compared by sound",)
    if han is a:
        return _Outcome(score, notes, han.romanised, latin.key)
    return _Outcome(score, notes, latin.key, han.romanised)


# --- organisations ---------------------------------------------------------------------------


#: A term's units, cached: every comparison of a name reads them again.
term_units = functools.lru_cache(maxsize=1 << 18)(org_names.term_units)


def _brand_units(terms: Sequence[OrgTerm], extra: set[int]) -> tuple[Unit, ...]:
    return tuple(
        u for i, t in enumerate(terms) if t.role == "brand" or i in extra for u in term_units(t)
    )


def _compare_org(a: NormalizedName, b: NormalizedName) -> _Outcome:
    roles_a = {t.role for t in a.terms}
    roles_b = {t.role for t in b.terms}
    matched_a: set[int] = set()
    matched_b: set[int] = set()
    agreed = 0.0
    for i, ta in enumerate(a.terms):
        if ta.role == "brand":
            continue
        for j, tb in enumerate(b.terms):
            if tb.role != "brand" and j not in matched_b and ta.keys & tb.keys:
                matched_a.add(i)
                matched_b.add(j)
                agreed += ta.weight + tb.weight
                break

    def unmatched_weight(
        terms: Sequence[OrgTerm], matched: set[int], other_roles: AbstractSet[str]
    ) -> float:
        # A region or an industry word on one side only is no evidence against a match.
        return sum(
            t.weight
            for i, t in enumerate(terms)
            if i not in matched
            and t.role != "brand"
            and (t.role == "gloss" or t.role in other_roles)
        )

    # Words that met nothing on the other side may belong to the brand after all: a glossary
    # word (未来 in 智象未来) or a region-like prefix the other side has no region for.
    loose_a = {
        i
        for i, t in enumerate(a.terms)
        if i not in matched_a
        and (t.role == "gloss" or (t.role == "region" and "region" not in roles_b))
    }
    loose_b = {
        i
        for i, t in enumerate(b.terms)
        if i not in matched_b
        and (t.role == "gloss" or (t.role == "region" and "region" not in roles_a))
    }
    best = _Outcome(0.0)
    # Once with unmatched glossary words as words of their own, once read as part of the brand
    # (智象未来: 未来 is a glossary word, but here part of the name). Without loose words the
    # second reading is the first again.
    for merge in (False, True) if loose_a or loose_b else (False,):
        brand_a = _brand_units(a.terms, loose_a if merge else set())
        brand_b = _brand_units(b.terms, loose_b if merge else set())
        denominator = (BRAND_WEIGHT if brand_a else 0.0) + (BRAND_WEIGHT if brand_b else 0.0)
        skip_a = loose_a if merge else set()
        skip_b = loose_b if merge else set()
        denominator += unmatched_weight(a.terms, matched_a | skip_a, roles_b)
        denominator += unmatched_weight(b.terms, matched_b | skip_b, roles_a)
        denominator += agreed
        if denominator == 0:
            continue
        brand_score, via = _brand_similarity(brand_a, brand_b)
        score = agreed + (2 * BRAND_WEIGHT * brand_score if brand_a and brand_b else 0.0)
        score /= denominator
        if score > best.score:
            notes = _systems(via)
            best = _Outcome(score, tuple(notes), _org_reading(a), _org_reading(b))
    return best


def _brand_similarity(a: Sequence[Unit], b: Sequence[Unit]) -> tuple[float, list[str]]:
    if not a or not b:
        return 0.0, []
    score, via = align(a, b, HOMOPHONE["org"])
    if score < STRING_FALLBACK and any(not u.known for u in (*a, *b)):
        # A misspelt brand no longer splits into syllables (Alibabba): compare the readings.
        left = "".join(u.primary for u in a)
        right = "".join(u.primary for u in b)
        # Two spellings in Latin letters differ by a typo; a reading against a spelling may
        # also differ by romanisation, so it earns less.
        same_script = not any(u.is_han for u in (*a, *b))
        factor = LATIN_BRAND_TYPO if same_script else STRING_FALLBACK
        fallback = Indel.normalized_similarity(left, right) * factor
        if fallback > score:
            return fallback, ["typo"]
    return score, via


def _org_reading(name: NormalizedName) -> str:
    return name.romanised or name.key


# --- public API ------------------------------------------------------------------------------


def _level(score: float, a: NormalizedName, b: NormalizedName, kind: str) -> Level:
    if a.is_empty or b.is_empty:
        return Level.NULL
    if a.cleaned == b.cleaned:
        return Level.EXACT
    if a.key == b.key or score >= 0.999:
        return Level.NORMALISED
    if score >= DEFAULT_THRESHOLDS[kind]:
        return Level.HIGH
    if score >= MEDIUM_THRESHOLDS[kind]:
        return Level.MEDIUM
    return Level.ELSE


def _describe(name: NormalizedName, reading: str) -> str:
    steps = [name.original.strip()]
    if (
        name.key
        and name.key != name.original.strip()
        and name.key != name.original.strip().casefold()
    ):
        steps.append(name.key)
    if reading and reading != name.key and reading not in steps:
        steps.append(reading)
    return " → ".join(steps)


def _best_outcome(a: NormalizedName, b: NormalizedName, *, explain: bool) -> _Outcome:
    """The best comparison of two names or their bracketed alternatives."""
    outcome = _Outcome(0.0)
    for x in (a, *a.alternatives):
        for y in (b, *b.alternatives):
            if x.is_empty or y.is_empty:
                continue
            person = a.kind == "person"
            result = _compare_person(x, y, explain) if person else _compare_org(x, y)
            if result.score > outcome.score:
                outcome = result
                if explain and (x is not a or y is not b):
                    notes = (*result.notes, "bracketed name")
                    outcome = _Outcome(result.score, notes, result.left, result.right)
    return outcome


def _settled(
    a: NormalizedName, b: NormalizedName, aliases: AliasTable | None
) -> tuple[Level, str | None] | None:
    """The level of a pair decided before any alignment (a name missing, an alias link,
    equal keys), with the alias link when the table made it; None for the rest."""
    if a.is_empty or b.is_empty:
        return Level.NULL, None
    link = aliases.link(a, b) if aliases is not None else None
    if link is not None:
        return Level.NORMALISED, link
    if a.key == b.key:
        return (Level.EXACT if a.cleaned == b.cleaned else Level.NORMALISED), None
    return None


def score_normalized(
    a: NormalizedName, b: NormalizedName, *, aliases: AliasTable | None = None
) -> tuple[float, Level]:
    """The score and level of `compare_normalized`, without writing the explanation.

    The engine's path: it compares millions of pairs and explains only those it reports.
    """
    settled = _settled(a, b, aliases)
    if settled is not None:
        level = settled[0]
        return (0.0 if level is Level.NULL else 1.0), level
    score = max(0.0, min(1.0, _best_outcome(a, b, explain=False).score))
    return score, _level(score, a, b, a.kind)


def compare_normalized(
    a: NormalizedName,
    b: NormalizedName,
    *,
    aliases: AliasTable | None = None,
    threshold: float | None = None,
) -> NameComparison:
    """Compare two normalised names of the same kind."""
    kind = a.kind
    limit = DEFAULT_THRESHOLDS[kind] if threshold is None else threshold
    settled = _settled(a, b, aliases)
    if settled is not None:
        level, link = settled
        if level is Level.NULL:
            return NameComparison(0.0, False, "a name is missing", level, kind)
        if link is not None:
            text = f"{a.original} ≈ {b.original} (alias table: {link})"
        else:
            text = f"{_describe(a, '')} = {_describe(b, '')} (same after normalisation)"
        return NameComparison(1.0, True, text, level, kind)
    outcome = _best_outcome(a, b, explain=True)
    score = max(0.0, min(1.0, outcome.score))
    notes = f" ({', '.join(outcome.notes)})" if outcome.notes else ""
    sign = "≈" if score >= limit else "≠"
    left = _describe(a, outcome.left)
    right = f'"{b.original.strip()}"'
    if outcome.right and b.script.value == "han":
        right = _describe(b, outcome.right)
    text = f"{left} {sign} {right}{notes}; score {score:.3f}"
    return NameComparison(score, score >= limit, text, _level(score, a, b, kind), kind)


def compare_names(
    a: str | None,
    b: str | None,
    kind: Kind = "person",
    *,
    aliases: AliasTable | None = None,
    threshold: float | None = None,
) -> NameComparison:
    """Compare two names of people (`kind="person"`) or organisations (`kind="org"`).

    >>> compare_names("贾扬清", "Yangqing Jia").is_match
    True
    """
    return compare_normalized(
        normalize_name(a, kind), normalize_name(b, kind), aliases=aliases, threshold=threshold
    )
