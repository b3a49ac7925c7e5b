"""Settings: TOML and dicts in, JSON round trip, and errors that name the wrong key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.compare.registry import KINDS
from entitymatch.errors import SettingsError
from entitymatch.settings import Settings, load_settings

TOML = """\
id_column = "id"

[[fields]]
column = "name"
kind = "person_name"
tf_adjustment = true

[[fields]]
name = "born"
column = "dob"
kind = "date"

[[fields]]
column = "city"
kind = "text"
method = "token_set_ratio"
thresholds = [0.95, 0.85]

[[blocking]]
columns = ["city", "dob"]
prefix = [0, 4]

[[blocking]]
method = "name_keys"
columns = "name"

[[blocking]]
method = "sorted_neighbourhood"
columns = ["name"]
window = 7

[scoring]
model = "fellegi_sunter"
threshold = 0.95
"""


def minimal(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id_column": "id",
        "fields": [{"column": "name", "kind": "text"}],
        "blocking": [{"columns": ["name"]}],
    }
    data.update(overrides)
    return data


def error_for(data: dict[str, Any]) -> SettingsError:
    with pytest.raises(SettingsError) as caught:
        Settings.from_dict(data)
    return caught.value


def test_toml_file_is_read_with_defaults_filled(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(TOML, encoding="utf-8")

    settings = Settings.from_toml(path)

    assert settings.id_column == "id"
    assert [f.name for f in settings.fields] == ["name", "born", "city"]
    assert settings.fields[0].tf_adjustment is True
    assert settings.fields[2].options == {"method": "token_set_ratio", "thresholds": [0.95, 0.85]}
    assert [r.method for r in settings.blocking] == ["exact", "name_keys", "sorted_neighbourhood"]
    assert settings.blocking[0].prefix == (0, 4)
    assert settings.blocking[1].kind == "person_name"  # taken from the field on that column
    assert settings.blocking[2].window == 7
    assert settings.scoring.threshold == 0.95
    assert settings.columns() == ["id", "name", "dob", "city"]


def test_json_round_trip_gives_equal_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(TOML, encoding="utf-8")
    settings = Settings.from_toml(path)

    again = Settings.from_json(settings.to_json())

    assert again == settings
    assert again.to_dict() == settings.to_dict()


def test_json_file_loads_by_suffix(tmp_path: Path) -> None:
    settings = Settings.from_dict(minimal())
    path = tmp_path / "settings.json"
    path.write_text(settings.to_json(), encoding="utf-8")

    assert Settings.load(path) == settings
    assert load_settings(str(path)) == settings
    assert load_settings(minimal()) == settings
    assert load_settings(settings) is settings


def test_wrong_kind_names_the_key_and_the_allowed_kinds() -> None:
    data = minimal(
        fields=[
            {"column": "a", "kind": "text"},
            {"column": "b", "kind": "text"},
            {"column": "c", "kind": "nmae"},
        ]
    )

    error = error_for(data)

    assert error.key == "fields[2].kind"
    assert "'nmae' is not one of person_name, org_name, text" in str(error)


def test_unknown_key_suggests_the_close_one() -> None:
    error = error_for(minimal(fields=[{"column": "a", "kind": "text", "tf_adjusment": True}]))

    assert error.key == "fields[0].tf_adjusment"
    assert "did you mean 'tf_adjustment'" in str(error)


def test_unknown_top_level_key_is_rejected() -> None:
    error = error_for(minimal(blockng=[]))

    assert error.key == "blockng"
    assert "did you mean 'blocking'" in str(error)


def test_option_of_another_kind_is_rejected() -> None:
    error = error_for(minimal(fields=[{"column": "a", "kind": "date", "method": "ratio"}]))

    assert error.key == "fields[0].method"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (minimal(id_column=""), "id_column"),
        (
            {"fields": [{"column": "a", "kind": "text"}], "blocking": [{"columns": "a"}]},
            "id_column",
        ),
        (minimal(fields=[]), "fields"),
        (minimal(blocking=[]), "blocking"),
        (minimal(fields=[{"kind": "text"}]), "fields[0].column"),
        (minimal(fields=[{"column": "a"}]), "fields[0].kind"),
        (
            minimal(fields=[{"column": "a", "kind": "text", "thresholds": [0.5, 0.9]}]),
            "fields[0].thresholds",
        ),
        (minimal(fields=[{"column": "a", "kind": "text", "method": "cosine"}]), "fields[0].method"),
        (
            minimal(fields=[{"column": "a", "kind": "number", "abs_tolerance": "x"}]),
            "fields[0].abs_tolerance",
        ),
        (
            minimal(fields=[{"column": "a", "kind": "text"}, {"column": "a", "kind": "text"}]),
            "fields[1].name",
        ),
        (
            minimal(fields=[{"column": "a", "kind": "text", "level_weights": {"exact": 1.0}}]),
            "fields[0].level_weights",
        ),
        (
            minimal(fields=[{"column": "a", "kind": "text", "implied_by": "b"}]),
            "fields[0].implied_by",
        ),
        (
            minimal(fields=[{"column": "a", "kind": "text", "implied_by": "a"}]),
            "fields[0].implied_by",
        ),
        (minimal(blocking=[{"columns": ["a"], "window": 3}]), "blocking[0].window"),
        (
            minimal(blocking=[{"method": "name_keys", "columns": ["a"], "given": "all"}]),
            "blocking[0].given",
        ),
        (minimal(blocking=[{"columns": ["a", "b"], "prefix": [1]}]), "blocking[0].prefix"),
        (
            minimal(blocking=[{"method": "sorted_neighbourhood", "columns": "a", "window": 1}]),
            "blocking[0].window",
        ),
        (minimal(scoring={"model": "bayes"}), "scoring.model"),
        (minimal(scoring={"threshold": 1.5}), "scoring.threshold"),
        (minimal(scoring={"threshold": True}), "scoring.threshold"),
        (minimal(clustering={"guard_size": -1}), "clustering.guard_size"),
        (minimal(output={"encoding": "klingon"}), "output.encoding"),
        (minimal(output={"pairs": "yes"}), "output.pairs"),
    ],
)
def test_invalid_values_name_their_key(data: dict[str, Any], key: str) -> None:
    assert error_for(data).key == key


@pytest.mark.parametrize("model", ["weighted", "supervised"])
def test_tf_adjustment_needs_fellegi_sunter(model: str) -> None:
    data = minimal(
        fields=[{"column": "a", "kind": "text", "tf_adjustment": True}],
        scoring={"model": model},
    )

    assert error_for(data).key == "fields[0].tf_adjustment"


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id_column = "id"\n[[fields]]\ncolumn = \n', encoding="utf-8")

    with pytest.raises(SettingsError) as caught:
        Settings.from_toml(path)

    message = str(caught.value)
    assert str(path) in message
    assert "line 3" in message


def test_validation_error_from_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(TOML.replace('kind = "date"', 'kind = "dat"'), encoding="utf-8")

    with pytest.raises(SettingsError) as caught:
        Settings.from_toml(path)

    assert str(path) in str(caught.value)
    assert caught.value.key == "fields[1].kind"


def test_missing_settings_file_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        Settings.from_toml(tmp_path / "absent.toml")


def test_alias_path_is_resolved_next_to_the_settings_file(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    path.write_text('aliases = "aliases.csv"\n' + TOML, encoding="utf-8")

    settings = Settings.from_toml(path)

    assert settings.aliases == str((folder / "aliases.csv").resolve())


def test_with_threshold_checks_the_range() -> None:
    settings = Settings.from_dict(minimal())

    assert settings.with_threshold(0.5).scoring.threshold == 0.5
    with pytest.raises(SettingsError):
        settings.with_threshold(2.0)


def test_guard_threshold_defaults_to_a_tenth_of_the_doubt() -> None:
    settings = Settings.from_dict(minimal())

    assert settings.clustering.resolve_guard(0.9) == pytest.approx(0.99)
    assert (
        Settings.from_dict(minimal(clustering={"guard_threshold": 0.5})).clustering.resolve_guard(
            0.9
        )
        == 0.9
    )


_COLUMN = st.sampled_from(["a", "b", "c", "d"])
_FIELD = st.one_of(
    st.builds(
        lambda c, m, tf, by: (
            {"column": c, "kind": "text", "method": m, "tf_adjustment": tf}
            | ({"implied_by": "f0"} if by else {})
        ),
        _COLUMN,
        st.sampled_from(["jaro_winkler", "ratio", "token_set_ratio", "levenshtein"]),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(
        lambda c, k: {"column": c, "kind": k},
        _COLUMN,
        st.sampled_from([k for k in KINDS if k != "text"]),
    ),
)
_RULE = st.one_of(
    st.builds(
        lambda cs, p: {"columns": cs, "prefix": p},
        st.lists(_COLUMN, min_size=1, max_size=3, unique=True),
        st.integers(0, 5),
    ),
    st.builds(lambda c: {"method": "name_keys", "columns": [c]}, _COLUMN),
    st.builds(
        lambda cs, w: {"method": "sorted_neighbourhood", "columns": cs, "window": w},
        st.lists(_COLUMN, min_size=1, max_size=2, unique=True),
        st.integers(2, 20),
    ),
)


@given(
    fields=st.lists(_FIELD, min_size=1, max_size=5),
    rules=st.lists(_RULE, min_size=1, max_size=4),
    threshold=st.floats(0, 1),
    model=st.sampled_from(["fellegi_sunter", "weighted", "supervised"]),
)
def test_any_valid_settings_survive_json(
    fields: list[dict[str, Any]], rules: list[dict[str, Any]], threshold: float, model: str
) -> None:
    """Any settings built from allowed choices come back equal from their JSON."""
    for i, f in enumerate(fields):
        f["name"] = f"f{i}"
        if i == 0:
            f.pop("implied_by", None)  # the others may be implied by the first
        if model != "fellegi_sunter":
            f.pop("tf_adjustment", None)
    for i, r in enumerate(rules):
        r["name"] = f"r{i}"
    settings = Settings.from_dict(
        {
            "id_column": "id",
            "fields": fields,
            "blocking": rules,
            "scoring": {"model": model, "threshold": threshold},
        }
    )

    assert Settings.from_json(settings.to_json()) == settings


def test_combined_name_keys_take_each_columns_kind_and_round_trip() -> None:
    data = minimal(
        fields=[
            {"column": "person", "kind": "person_name"},
            {"column": "company", "kind": "org_name"},
        ],
        blocking=[{"method": "name_keys", "columns": ["company", "person"], "given": "none"}],
    )
    settings = Settings.from_dict(data)
    rule = settings.blocking[0]
    assert (rule.kind, rule.other_kinds, rule.given) == ("org_name", ("person_name",), "none")
    assert rule.name == "name_keys(company+person, given=none)"
    assert Settings.from_json(settings.to_json()) == settings
