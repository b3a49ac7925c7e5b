"""Declarative settings for deduplication and linkage: one object, from TOML or a dict, to JSON.

A settings file says which column identifies a record, which fields to compare and how, which
blocking rules produce the candidate pairs, which model scores them, where to cut, and how to
write the output. Every key is checked: a wrong key, kind or value stops with a message that
names the key and says what is allowed. A small example::

    id_column = "rec_id"

    [[fields]]
    column = "surname"
    kind = "text"
    method = "jaro_winkler"
    thresholds = [0.92, 0.8]
    tf_adjustment = true

    [[fields]]
    column = "date_of_birth"
    kind = "text"
    method = "damerau_levenshtein"
    thresholds = [1, 2]

    [[blocking]]
    columns = ["surname", "date_of_birth"]
    prefix = [0, 4]

    [[blocking]]
    method = "sorted_neighbourhood"
    columns = ["surname"]
    window = 5

    [scoring]
    model = "fellegi_sunter"
    threshold = 0.9

A field's `name` (default: its column) names its output columns (`<name>_level`, ...). Options
of a kind (`method`, `thresholds` for text; `abs_tolerance`, `rel_tolerance` for numbers;
`default_region` for phones) sit beside `kind`. `weight` and `level_weights` (values in [0, 1]
per level: exact, normalised, high, medium, else) drive the weighted model; without
`level_weights` the weighted model uses the similarity itself.

`implied_by` names another field whose agreement implies this one's: a company's city and
founding date follow from the company, so two colleagues agree on all three. Where the named
field agrees at the medium level or better (the same company, maybe written in another
script), this field's level is null (no evidence either way) instead of counting the same fact
twice; where the named field differs, this field still counts.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from entitymatch.compare.registry import KINDS
from entitymatch.errors import SettingsError
from entitymatch.names.keys import GIVEN_DETAILS, GivenDetail
from entitymatch.scoring.base import LEVEL_NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MODELS: tuple[str, ...] = ("weighted", "fellegi_sunter", "supervised")
"""Scoring models a settings file may name."""

BLOCKING_METHODS: tuple[str, ...] = ("exact", "name_keys", "sorted_neighbourhood")
"""Kinds of blocking rule: equal keys, cross-script name keys, a window over a sort order."""

LEVEL_KEYS = LEVEL_NAMES

NAME_KINDS: tuple[str, ...] = ("person_name", "org_name")

_COMMON_FIELD_KEYS = (
    "name",
    "column",
    "kind",
    "tf_adjustment",
    "weight",
    "level_weights",
    "implied_by",
)


@dataclass(frozen=True)
class FieldSettings:
    """One compared field: its output name, input column, kind and kind options."""

    name: str
    column: str
    kind: str
    options: Mapping[str, Any] = field(default_factory=dict)
    tf_adjustment: bool = False
    weight: float = 1.0
    level_weights: Mapping[str, float] | None = None
    implied_by: str | None = None  # the name of a field whose agreement implies this one's

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "column": self.column, "kind": self.kind}
        out.update(self.options)
        out["tf_adjustment"] = self.tf_adjustment
        out["weight"] = self.weight
        if self.level_weights is not None:
            out["level_weights"] = dict(self.level_weights)
        if self.implied_by is not None:
            out["implied_by"] = self.implied_by
        return out


@dataclass(frozen=True)
class BlockingRuleSettings:
    """One blocking rule; a pair is a candidate when any rule produces it.

    `exact`: records share the (optionally truncated, `prefix` characters per column, 0 for
    all) cleaned, case-folded values of every column; a whole column compared as `phone`,
    `email`, `url` or `identifier` is keyed by its standard form instead (phone numbers by
    their last eight digits, as the comparison's high level). `name_keys`: records share a
    cross-script key of the name in each column (one column, or several: same company and
    same surname), keys holding the `given` detail of person names ("initials", "full" or
    "none"; `kind` is the first column's kind, the others' come from their fields).
    `sorted_neighbourhood`: records lie fewer than `window` places apart when sorted by the
    columns. Key blocks (exact, name_keys) holding more than `max_block_size` records are
    skipped with a warning; name_keys blocks with a person name are first split by more of the
    given name (none, then initials, then the full given name), so only blocks still too big
    are skipped.
    """

    name: str
    method: str
    columns: tuple[str, ...]
    prefix: tuple[int, ...] = ()
    kind: str | None = None
    window: int | None = None
    max_block_size: int = 1000
    given: GivenDetail = "initials"
    other_kinds: tuple[str, ...] = ()  # name_keys: the kinds of the columns after the first

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "method": self.method}
        out["columns"] = list(self.columns)
        if self.method == "exact":
            out["prefix"] = list(self.prefix)
        if self.method == "name_keys":
            out["kind"] = self.kind
            out["given"] = self.given
        if self.method == "sorted_neighbourhood":
            out["window"] = self.window
        else:
            out["max_block_size"] = self.max_block_size
        return out


@dataclass(frozen=True)
class ScoringSettings:
    """The scoring model and where to cut.

    `threshold` applies to the model's score in [0, 1] (a match probability for
    `fellegi_sunter` and `supervised`). Fellegi-Sunter estimates u from `u_sample_pairs` random
    pairs and m by EM (at most `max_iterations`, until parameters move less than
    `convergence`), seeded by `seed`. `regularisation` is the inverse strength (C) of the
    supervised model's logistic regression.
    """

    model: str = "fellegi_sunter"
    threshold: float = 0.9
    u_sample_pairs: int = 1_000_000
    max_iterations: int = 100
    convergence: float = 1e-6
    seed: int = 0
    regularisation: float = 1.0


@dataclass(frozen=True)
class ClusteringSettings:
    """The guard against chains: a link that would make a cluster of more than `guard_size`
    records needs a score of at least `guard_threshold`.

    Links are taken strongest first, so strong links build clusters before weak ones may join
    them. `guard_threshold` None means a tenth of the doubt left by the threshold
    (0.9 → 0.99); `guard_size` 0 turns the guard off.
    """

    guard_size: int = 20
    guard_threshold: float | None = None

    def resolve_guard(self, threshold: float) -> float:
        """The guard threshold in force for a given scoring threshold."""
        if self.guard_threshold is None:
            return 1.0 - (1.0 - threshold) / 10.0
        return max(self.guard_threshold, threshold)


@dataclass(frozen=True)
class OutputSettings:
    """Whether to write the pairs table, neutralise spreadsheet formulas, and the encoding."""

    pairs: bool = False
    neutralise_formulas: bool = True
    encoding: str = "utf-8-sig"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, validated. Build with `from_toml`, `from_dict` or
    `from_json`; `to_dict` and `to_json` give it back with every default filled in."""

    id_column: str
    fields: tuple[FieldSettings, ...]
    blocking: tuple[BlockingRuleSettings, ...]
    scoring: ScoringSettings = ScoringSettings()
    clustering: ClusteringSettings = ClusteringSettings()
    output: OutputSettings = OutputSettings()
    aliases: str | None = None
    source: str | None = field(default=None, compare=False)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, source: str | os.PathLike[str] | None = None
    ) -> Settings:
        """Validate a mapping (as TOML or JSON would give it) into settings.

        `source` is the file the mapping came from: errors name it and a relative alias path is
        taken relative to it.
        """
        path = None if source is None else str(source)
        try:
            return _parse(data, path)
        except SettingsError as error:
            if error.path is None and path is not None:
                raise SettingsError(error.message, key=error.key, path=path) from None
            raise

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Settings:
        """Read a TOML settings file; syntax errors name the line tomllib reports."""
        text = _read(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"not valid TOML: {error}", path=str(path)) from None
        return cls.from_dict(data, source=path)

    @classmethod
    def from_json(cls, text: str, *, source: str | os.PathLike[str] | None = None) -> Settings:
        """Read settings from a JSON string, as `to_json` writes it."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SettingsError(
                f"not valid JSON: {error.msg} (at line {error.lineno}, column {error.colno})",
                path=_str(source),
            ) from None
        if not isinstance(data, Mapping):
            raise SettingsError("the settings must be a JSON object", path=_str(source))
        return cls.from_dict(data, source=source)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Settings:
        """Read a settings file, TOML or (by its .json suffix) JSON."""
        if str(path).lower().endswith(".json"):
            return cls.from_json(_read(path), source=path)
        return cls.from_toml(path)

    # -- output ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping with every default filled in; `from_dict` gives back equal settings."""
        out: dict[str, Any] = {"id_column": self.id_column}
        if self.aliases is not None:
            out["aliases"] = self.aliases
        out["fields"] = [f.to_dict() for f in self.fields]
        out["blocking"] = [b.to_dict() for b in self.blocking]
        out["scoring"] = _dataclass_dict(self.scoring)
        out["clustering"] = _dataclass_dict(self.clustering)
        out["output"] = _dataclass_dict(self.output)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """The settings as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    # -- queries --------------------------------------------------------------------------

    def columns(self) -> list[str]:
        """Every input column the settings read, the id column first, without repeats."""
        seen = [self.id_column]
        for f in self.fields:
            seen.append(f.column)
        for rule in self.blocking:
            seen.extend(rule.columns)
        return list(dict.fromkeys(seen))

    def column_keys(self) -> dict[str, str]:
        """For each input column, the first settings key that names it (for error messages)."""
        keys: dict[str, str] = {self.id_column: "id_column"}
        for i, f in enumerate(self.fields):
            keys.setdefault(f.column, f"fields[{i}].column")
        for i, rule in enumerate(self.blocking):
            for c in rule.columns:
                keys.setdefault(c, f"blocking[{i}].columns")
        return keys

    def with_threshold(self, threshold: float) -> Settings:
        """A copy with another scoring threshold (checked like the file's)."""
        _check_unit(threshold, "scoring.threshold")
        return replace(self, scoring=replace(self.scoring, threshold=float(threshold)))


# -- parsing ------------------------------------------------------------------------------


def _str(value: str | os.PathLike[str] | None) -> str | None:
    return None if value is None else str(value)


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SettingsError("settings file not found", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise SettingsError(
            f"settings file is not UTF-8 (byte {error.start})", path=str(path)
        ) from None
    except OSError as error:
        raise SettingsError(
            f"cannot read settings file: {error.strerror}", path=str(path)
        ) from None


def _dataclass_dict(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def _check_keys(data: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in data:
        if key in allowed:
            continue
        full = f"{where}.{key}" if where else str(key)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise SettingsError(f"unknown key; {hint}allowed here: {', '.join(allowed)}", key=full)


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SettingsError(f"must be a table, not {_type_name(value)}", key=key)
    return value


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        tuple: "a list",
        dict: "a table",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _type_words(types: tuple[type, ...]) -> str:
    if bool in types:
        return "true or false"
    if str in types:
        return "a string"
    if list in types:
        return "a list"
    return "a number"


def _get_str(data: Mapping[str, Any], name: str, key: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if value is None:
        raise SettingsError("is required", key=key)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"must be a non-empty string, not {value!r}", key=key)
    return value


def _get_bool(data: Mapping[str, Any], name: str, key: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise SettingsError(f"must be true or false, not {value!r}", key=key)
    return value


def _get_int(data: Mapping[str, Any], name: str, key: str, default: int, minimum: int = 0) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"must be an integer, not {value!r}", key=key)
    if value < minimum:
        raise SettingsError(f"must be at least {minimum}, not {value}", key=key)
    return value


def _get_float(data: Mapping[str, Any], name: str, key: str, default: float) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(f"must be a number, not {value!r}", key=key)
    return float(value)


def _check_unit(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise SettingsError(f"must be a number from 0 to 1, not {value!r}", key=key)
    return float(value)


def _one_of(value: Any, allowed: Sequence[str], key: str) -> str:
    if value not in allowed:
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SettingsError(f"{value!r} is not one of {', '.join(allowed)}{hint}", key=key)
    return str(value)


def _parse(data: Mapping[str, Any], path: str | None) -> Settings:
    data = _mapping(data, "settings")
    top = ("id_column", "aliases", "fields", "blocking", "scoring", "clustering", "output")
    _check_keys(data, top, "")
    id_column = _get_str(data, "id_column", "id_column")

    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise SettingsError("must list at least one field ([[fields]] tables)", key="fields")
    fields = tuple(_parse_field(f, f"fields[{i}]") for i, f in enumerate(raw_fields))
    names: dict[str, int] = {}
    for i, f in enumerate(fields):
        if f.name in names:
            raise SettingsError(
                f"name {f.name!r} is already used by fields[{names[f.name]}]; give each field "
                "its own name",
                key=f"fields[{i}].name",
            )
        names[f.name] = i
    for i, f in enumerate(fields):
        if f.implied_by is not None and (f.implied_by == f.name or f.implied_by not in names):
            others = ", ".join(repr(g.name) for g in fields if g.name != f.name)
            raise SettingsError(
                f"must name another field, not {f.implied_by!r}; the others are: {others}",
                key=f"fields[{i}].implied_by",
            )

    raw_blocking = data.get("blocking")
    if not isinstance(raw_blocking, list) or not raw_blocking:
        raise SettingsError(
            "must list at least one rule ([[blocking]] tables); comparing every pair does not "
            "scale",
            key="blocking",
        )
    kinds_by_column = {f.column: f.kind for f in fields}
    blocking = tuple(
        _parse_rule(rule, f"blocking[{i}]", kinds_by_column) for i, rule in enumerate(raw_blocking)
    )
    rule_names: dict[str, int] = {}
    for i, rule in enumerate(blocking):
        if rule.name in rule_names:
            raise SettingsError(
                f"name {rule.name!r} is already used by blocking[{rule_names[rule.name]}]",
                key=f"blocking[{i}].name",
            )
        rule_names[rule.name] = i

    scoring = _parse_scoring(_mapping(data.get("scoring", {}), "scoring"))
    if scoring.model != "fellegi_sunter":
        for i, f in enumerate(fields):
            if f.tf_adjustment:
                raise SettingsError(
                    "term-frequency adjustment needs the fellegi_sunter model",
                    key=f"fields[{i}].tf_adjustment",
                )
    clustering = _parse_clustering(_mapping(data.get("clustering", {}), "clustering"))
    output = _parse_output(_mapping(data.get("output", {}), "output"))

    aliases = data.get("aliases")
    if aliases is not None:
        aliases = _get_str(data, "aliases", "aliases")
        if path is not None and not Path(aliases).is_absolute():
            aliases = str((Path(path).parent / aliases).resolve())
    return Settings(
        id_column=id_column,
        fields=fields,
        blocking=blocking,
        scoring=scoring,
        clustering=clustering,
        output=output,
        aliases=aliases,
        source=path,
    )


def _parse_field(raw: Any, where: str) -> FieldSettings:
    data = _mapping(raw, where)
    kind_value = data.get("kind")
    if kind_value is None:
        raise SettingsError(f"is required: one of {', '.join(KINDS)}", key=f"{where}.kind")
    kind = _one_of(kind_value, list(KINDS), f"{where}.kind")
    spec = KINDS[kind]
    option_names = [o.name for o in spec.options]
    _check_keys(data, [*_COMMON_FIELD_KEYS, *option_names], where)

    column = _get_str(data, "column", f"{where}.column")
    name = _get_str(data, "name", f"{where}.name", default=column)
    options: dict[str, Any] = {}
    for option in spec.options:
        key = f"{where}.{option.name}"
        value = data.get(option.name, option.default)
        if value is not None:
            wrong_bool = isinstance(value, bool) and bool not in option.types
            if wrong_bool or not isinstance(value, option.types):
                raise SettingsError(
                    f"must be {_type_words(option.types)} ({option.help}), not {value!r}",
                    key=key,
                )
            problem = option.check(value) if option.check else None
            if problem:
                raise SettingsError(problem, key=key)
            if isinstance(value, tuple):
                value = list(value)
        options[option.name] = value
    if kind == "text":
        _check_text_thresholds(options, where)

    tf = _get_bool(data, "tf_adjustment", f"{where}.tf_adjustment", False)
    weight = _get_float(data, "weight", f"{where}.weight", 1.0)
    if weight < 0:
        raise SettingsError(f"must be zero or more, not {weight}", key=f"{where}.weight")
    level_weights = None
    if "level_weights" in data:
        lw = _mapping(data["level_weights"], f"{where}.level_weights")
        _check_keys(lw, list(LEVEL_KEYS), f"{where}.level_weights")
        level_weights = {
            k: _check_unit(lw[k], f"{where}.level_weights.{k}") for k in LEVEL_KEYS if k in lw
        }
        missing = [k for k in LEVEL_KEYS if k not in level_weights]
        if missing:
            raise SettingsError(
                f"give a value for every level; missing: {', '.join(missing)}",
                key=f"{where}.level_weights",
            )
    implied_by = None
    if "implied_by" in data:
        implied_by = _get_str(data, "implied_by", f"{where}.implied_by")
    return FieldSettings(name, column, kind, options, tf, weight, level_weights, implied_by)


def _check_text_thresholds(options: dict[str, Any], where: str) -> None:
    from entitymatch.compare.text import DEFAULT_THRESHOLDS

    method = options["method"]
    if options.get("thresholds") is None:
        options["thresholds"] = list(DEFAULT_THRESHOLDS[method])
        return
    high, medium = options["thresholds"]
    if method in ("levenshtein", "damerau_levenshtein"):
        if not (0 <= high <= medium):
            raise SettingsError(
                f"for {method} give maximum edits [high, medium] with 0 <= high <= medium, "
                f"not {options['thresholds']}",
                key=f"{where}.thresholds",
            )
    elif not (0 <= medium <= high <= 1):
        raise SettingsError(
            f"give similarities [high, medium] with 0 <= medium <= high <= 1, "
            f"not {options['thresholds']}",
            key=f"{where}.thresholds",
        )


def _parse_rule(raw: Any, where: str, kinds_by_column: Mapping[str, str]) -> BlockingRuleSettings:
    data = _mapping(raw, where)
    method = _one_of(data.get("method", "exact"), BLOCKING_METHODS, f"{where}.method")
    allowed = {
        "exact": ("name", "method", "columns", "prefix", "max_block_size"),
        "name_keys": ("name", "method", "columns", "kind", "given", "max_block_size"),
        "sorted_neighbourhood": ("name", "method", "columns", "window"),
    }[method]
    _check_keys(data, allowed, where)

    columns_value = data.get("columns")
    if isinstance(columns_value, str):
        columns_value = [columns_value]
    if (
        not isinstance(columns_value, list)
        or not columns_value
        or not all(isinstance(c, str) and c for c in columns_value)
    ):
        raise SettingsError(
            "must be a column name or a non-empty list of column names", key=f"{where}.columns"
        )
    columns = tuple(columns_value)
    max_block = _get_int(data, "max_block_size", f"{where}.max_block_size", 1000, minimum=2)

    prefix: tuple[int, ...] = ()
    kind = None
    window = None
    given: GivenDetail = "initials"
    other_kinds: tuple[str, ...] = ()
    if method == "exact":
        raw_prefix = data.get("prefix", 0)
        if isinstance(raw_prefix, list):
            if len(raw_prefix) != len(columns):
                raise SettingsError(
                    f"give one prefix per column ({len(columns)}), or one number for all",
                    key=f"{where}.prefix",
                )
            prefix = tuple(
                _get_int({"p": p}, "p", f"{where}.prefix[{j}]", 0) for j, p in enumerate(raw_prefix)
            )
        else:
            p = _get_int({"p": raw_prefix}, "p", f"{where}.prefix", 0)
            prefix = (p,) * len(columns)
        label = "+".join(f"{c}[:{p}]" if p else c for c, p in zip(columns, prefix, strict=True))
    elif method == "name_keys":
        kinds = [k if k in NAME_KINDS else "person_name" for k in map(kinds_by_column.get, columns)]
        kind = _one_of(data.get("kind", kinds[0]), NAME_KINDS, f"{where}.kind")
        other_kinds = tuple(kinds[1:])
        given = cast(
            GivenDetail, _one_of(data.get("given", given), GIVEN_DETAILS, f"{where}.given")
        )
        detail = "" if given == "initials" else f", given={given}"
        label = f"name_keys({'+'.join(columns)}{detail})"
    else:
        window = _get_int(data, "window", f"{where}.window", 5, minimum=2)
        label = f"sorted_neighbourhood({'+'.join(columns)}, {window})"
    name = _get_str(data, "name", f"{where}.name", default=label)
    return BlockingRuleSettings(
        name, method, columns, prefix, kind, window, max_block, given, other_kinds
    )


def _parse_scoring(data: Mapping[str, Any]) -> ScoringSettings:
    _check_keys(data, list(ScoringSettings.__dataclass_fields__), "scoring")
    d = ScoringSettings()
    model = _one_of(data.get("model", d.model), MODELS, "scoring.model")
    threshold = _check_unit(data.get("threshold", d.threshold), "scoring.threshold")
    convergence = _get_float(data, "convergence", "scoring.convergence", d.convergence)
    if convergence <= 0:
        raise SettingsError("must be more than 0", key="scoring.convergence")
    regularisation = _get_float(data, "regularisation", "scoring.regularisation", d.regularisation)
    if regularisation <= 0:
        raise SettingsError("must be more than 0", key="scoring.regularisation")
    return ScoringSettings(
        model=model,
        threshold=threshold,
        u_sample_pairs=_get_int(
            data, "u_sample_pairs", "scoring.u_sample_pairs", d.u_sample_pairs, minimum=1000
        ),
        max_iterations=_get_int(
            data, "max_iterations", "scoring.max_iterations", d.max_iterations, minimum=1
        ),
        convergence=convergence,
        seed=_get_int(data, "seed", "scoring.seed", d.seed),
        regularisation=regularisation,
    )


def _parse_clustering(data: Mapping[str, Any]) -> ClusteringSettings:
    _check_keys(data, list(ClusteringSettings.__dataclass_fields__), "clustering")
    size = _get_int(data, "guard_size", "clustering.guard_size", ClusteringSettings.guard_size)
    guard = data.get("guard_threshold")
    if guard is not None:
        guard = _check_unit(guard, "clustering.guard_threshold")
    return ClusteringSettings(guard_size=size, guard_threshold=guard)


def _parse_output(data: Mapping[str, Any]) -> OutputSettings:
    _check_keys(data, list(OutputSettings.__dataclass_fields__), "output")
    encoding = _get_str(data, "encoding", "output.encoding", default="utf-8-sig")
    try:
        "".encode(encoding)
    except LookupError:
        raise SettingsError(f"unknown encoding {encoding!r}", key="output.encoding") from None
    return OutputSettings(
        pairs=_get_bool(data, "pairs", "output.pairs", False),
        neutralise_formulas=_get_bool(
            data, "neutralise_formulas", "output.neutralise_formulas", True
        ),
        encoding=encoding,
    )


def load_settings(settings: Settings | Mapping[str, Any] | str | os.PathLike[str]) -> Settings:
    """Settings from a Settings, a mapping, or the path of a TOML or JSON file."""
    if isinstance(settings, Settings):
        return settings
    if isinstance(settings, Mapping):
        return Settings.from_dict(settings)
    if isinstance(settings, (str, Path)):
        return Settings.load(settings)
    raise TypeError(f"settings must be a Settings, a mapping or a path, not {type(settings)}")
