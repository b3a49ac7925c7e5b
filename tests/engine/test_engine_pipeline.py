"""Deduplicator and Linker through the public API: pandas in, pandas out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import ExplainingComparator, make_people, person_of

from entitymatch.errors import InputError, SettingsError
from entitymatch.pipeline import Deduplicator, Linker
from entitymatch.settings import Settings

WEIGHTED: dict[str, Any] = {
    "id_column": "id",
    "fields": [
        {"column": "name", "kind": "text", "weight": 2.0},
        {
            "column": "city",
            "kind": "exact",
            "level_weights": {"exact": 1, "normalised": 1, "high": 0.5, "medium": 0.2, "else": 0},
        },
    ],
    "blocking": [{"columns": ["city"]}, {"columns": ["name"], "prefix": 3}],
    "scoring": {"model": "weighted", "threshold": 0.8},
}


def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a3", "a1", "a2", "b1", "c1"],
            "name": ["Jon Smith", "John Smith", "JOHN SMITH", "Mary Jones", "=cmd()"],
            "city": ["Perth", "Perth", "perth", "Perth", ""],
            "note": ["x", None, "  spaced  ", "中文", "5"],
        }
    )


def true_pairs(df: pd.DataFrame) -> set[tuple[str, str]]:
    by_person: dict[str, list[str]] = {}
    for rid in df["id"]:
        by_person.setdefault(person_of(rid), []).append(rid)
    return {
        (min(a, b), max(a, b))
        for ids in by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }


def with_model(settings: dict[str, Any], **scoring: Any) -> dict[str, Any]:
    """The settings with another scoring model (and no tf adjustment, which is FS-only)."""
    fields = [{k: v for k, v in f.items() if k != "tf_adjustment"} for f in settings["fields"]]
    return {**settings, "fields": fields, "scoring": scoring}


def found(pairs: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(pairs["id_l"], pairs["id_r"], strict=True))


def test_cluster_adds_two_columns_and_keeps_everything_else() -> None:
    df = tiny()
    original = df.copy()

    out = Deduplicator(WEIGHTED).cluster(df)

    pd.testing.assert_frame_equal(df, original)  # the input is not touched
    assert list(out.columns) == [*df.columns, "cluster_id", "cluster_size"]
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert out["cluster_id"].tolist() == ["a1", "a1", "a1", "b1", "c1"]
    assert out["cluster_size"].tolist() == [3, 3, 3, 1, 1]


def test_predict_gives_ids_score_and_per_field_columns() -> None:
    pairs = Deduplicator(WEIGHTED).predict(tiny())

    assert list(pairs.columns[:3]) == ["id_l", "id_r", "score"]
    for field in ("name", "city"):
        assert {f"{field}_level", f"{field}_similarity", f"{field}_weight"} <= set(pairs.columns)
    assert (pairs["id_l"] < pairs["id_r"]).all()
    assert pairs["score"].is_monotonic_decreasing
    assert (pairs["score"] >= 0.8).all()
    assert found(pairs) == {("a1", "a2"), ("a1", "a3"), ("a2", "a3")}
    row = pairs.set_index(["id_l", "id_r"]).loc[("a1", "a2")]
    assert row["name_level"] == "equal after normalisation"
    assert row["city_level"] == "equal after normalisation"
    assert row["name_weight"] + row["city_weight"] == pytest.approx(row["score"])


def test_settings_may_be_settings_a_dict_or_a_path(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(Settings.from_dict(WEIGHTED).to_json(), encoding="utf-8")
    df = tiny()

    results = [
        Deduplicator(s).predict(df)
        for s in (WEIGHTED, Settings.from_dict(WEIGHTED), str(path), path)
    ]

    for other in results[1:]:
        pd.testing.assert_frame_equal(other, results[0])


def test_fellegi_sunter_finds_the_duplicates(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    engine = Deduplicator(settings).fit(people)
    pairs = engine.predict(people)

    truth = true_pairs(people)
    hits = found(pairs) & truth
    assert len(hits) / len(truth) > 0.95
    assert len(hits) / len(pairs) > 0.95
    assert {"match_weight", "match_probability"} <= set(pairs.columns)
    assert engine.summary_.blocking is not None
    assert set(engine.summary_.blocking.counts) == {"surname", "dob", "phone"}
    assert engine.summary_.matches == len(pairs)


def test_match_weight_is_the_prior_plus_the_field_weights(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    engine = Deduplicator(settings).fit(people)
    pairs = engine.predict(people)
    fields = ["given", "surname", "dob", "city", "phone"]

    total = pairs[[f"{f}_weight" for f in fields]].sum(axis=1)

    assert engine.model_ is not None
    np.testing.assert_allclose(pairs["match_weight"], engine.model_.prior_weight + total)


def test_fit_then_predict_equals_predict_on_a_copy(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    engine = Deduplicator(settings).fit(people)
    reused = engine.predict(people)  # levels from fitting are reused
    fresh = engine.predict(people.copy())  # compared again

    pd.testing.assert_frame_equal(reused, fresh)


def test_unexplained_pairs_after_fitting_equal_pairs_compared_afresh() -> None:
    """Without explanations, the pairs of the table fitting saw keep the name fields'
    similarities from fitting and compare only the other fields again; with city and founding
    date implied by the company, the table is the one a new comparison gives."""
    from entitymatch.io import read_table

    root = Path(__file__).resolve().parents[2]
    records = read_table(root / "fixtures" / "founders.csv")
    engine = Deduplicator(root / "fixtures" / "founders.toml", jobs=1).fit(records)

    reused = engine.predict(records, explain=False)
    fresh = engine.predict(records.copy(), explain=False)

    assert len(reused) > 100
    assert (reused["city_level"] == "null").any()  # implied by an agreeing company
    pd.testing.assert_frame_equal(reused, fresh)  # similarities kept as float32: 1e-7 apart
    explained = engine.predict(records)
    pd.testing.assert_frame_equal(
        reused, explained.drop(columns=["person_name_explanation", "company_explanation"])
    )


def test_saved_model_scores_like_the_fitted_one(
    tmp_path: Path, people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    engine = Deduplicator(settings).fit(people)
    engine.save_model(tmp_path / "model.json")
    other = make_people(seed=1)

    loaded = Deduplicator(settings, model=tmp_path / "model.json")

    pd.testing.assert_frame_equal(loaded.predict(other), engine.predict(other))


def test_loaded_model_must_match_the_fields(
    tmp_path: Path, people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    Deduplicator(settings).fit(people).save_model(tmp_path / "model.json")
    settings["fields"] = settings["fields"][:3]

    with pytest.raises(SettingsError, match="fitted on fields"):
        Deduplicator(settings, model=tmp_path / "model.json")


def test_clusters_do_not_depend_on_row_order(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    shuffled = people.sample(frac=1.0, random_state=3).reset_index(drop=True)

    first = Deduplicator(settings).fit(people).cluster(people)
    second = Deduplicator(settings).fit(shuffled).cluster(shuffled)

    pd.testing.assert_series_equal(
        first.set_index("id")["cluster_id"].sort_index(),
        second.set_index("id")["cluster_id"].sort_index(),
    )


def test_term_frequency_makes_a_common_surname_count_for_less(settings: dict[str, Any]) -> None:
    rng = np.random.default_rng(0)
    base = make_people(seed=2)
    # Two pairs alike in everything but the surname: one common, one rare.
    extra = pd.DataFrame(
        [
            {
                "id": "x1",
                "given": "anna",
                "surname": "wang",
                "dob": "19800101",
                "city": "perth",
                "phone": "11111111",
            },
            {
                "id": "x2",
                "given": "anna",
                "surname": "wang",
                "dob": "19800101",
                "city": "hobart",
                "phone": "22222222",
            },
            {
                "id": "y1",
                "given": "anna",
                "surname": "quixley",
                "dob": "19800101",
                "city": "perth",
                "phone": "33333333",
            },
            {
                "id": "y2",
                "given": "anna",
                "surname": "quixley",
                "dob": "19800101",
                "city": "hobart",
                "phone": "44444444",
            },
        ]
    )
    crowd = base.assign(surname=np.where(rng.random(len(base)) < 0.3, "wang", base["surname"]))
    df = pd.concat([crowd, extra], ignore_index=True)

    pairs = Deduplicator(settings).fit(df).predict(df, threshold=0.0).set_index(["id_l", "id_r"])

    common, rare = pairs.loc[("x1", "x2")], pairs.loc[("y1", "y2")]
    assert common["surname_weight"] < rare["surname_weight"]
    assert common["match_weight"] < rare["match_weight"]


def test_linker_pairs_left_records_with_right_records(settings: dict[str, Any]) -> None:
    people = make_people(n_people=300, n_duplicates=0, seed=4)
    left = people.iloc[:200].reset_index(drop=True)
    right = people.iloc[100:].copy().reset_index(drop=True)
    right["id"] = right["id"].str.replace("-0", "-r")
    right.loc[::3, "given"] = right.loc[::3, "given"].str[::-1]

    engine = Linker(settings).fit(left, right)
    pairs = engine.predict(left, right)

    assert set(pairs["id_l"]) <= set(left["id"])
    assert set(pairs["id_r"]) <= set(right["id"])
    truth = {(f"{p}-0", f"{p}-r") for p in map(person_of, left["id"][100:])}
    assert len(found(pairs) & truth) / len(truth) > 0.95
    assert len(found(pairs) - truth) <= 2
    # No name fields here, so nothing to explain: the same table either way.
    pd.testing.assert_frame_equal(engine.predict(left, right, explain=False), pairs)

    out_left, out_right = engine.cluster(left, right, pairs)
    linked = out_left.set_index("id").loc[left["id"][150]]
    assert linked["cluster_id"] == f"left:{left['id'][150]}"
    assert linked["cluster_size"] == 2
    assert out_right["cluster_id"].str.startswith(("left:", "right:")).all()


def test_supervised_model_learns_from_labelled_matches(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    settings = with_model(settings, model="supervised", threshold=0.5)
    truth = sorted(true_pairs(people))
    labels = pd.DataFrame(truth[::2], columns=["id_l", "id_r"])  # half the matches

    pairs = Deduplicator(settings).fit(people, labels=labels).predict(people)

    hits = found(pairs) & set(truth)
    assert len(hits) / len(truth) > 0.9
    assert len(hits) / len(pairs) > 0.9


def test_supervised_model_takes_a_match_column(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    engine = Deduplicator(with_model(settings, model="supervised", threshold=0.5))
    candidates = Deduplicator(with_model(settings, model="weighted", threshold=0.0))
    pairs = candidates.predict(people)
    truth = true_pairs(people)
    labels = pairs[["id_l", "id_r"]].assign(
        match=[
            "yes" if p in truth else "no" for p in zip(pairs["id_l"], pairs["id_r"], strict=True)
        ]
    )

    engine.fit(people, labels=labels)

    assert len(found(engine.predict(people)) & truth) / len(truth) > 0.9


def test_supervised_model_without_labels_says_so(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    settings = with_model(settings, model="supervised")

    with pytest.raises(SettingsError, match="labelled pairs"):
        Deduplicator(settings).fit(people)


def test_labels_naming_unknown_ids_are_an_input_error(
    people: pd.DataFrame, settings: dict[str, Any]
) -> None:
    settings = with_model(settings, model="supervised")
    labels = pd.DataFrame({"id_l": ["nobody"], "id_r": [people["id"][0]]})

    with pytest.raises(InputError, match="'nobody'"):
        Deduplicator(settings).fit(people, labels=labels)


def test_predict_before_fit_is_refused(people: pd.DataFrame, settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="not fitted"):
        Deduplicator(settings).predict(people)


def test_missing_column_names_the_settings_key_and_the_file() -> None:
    df = tiny().drop(columns=["city"])
    df.attrs["source_path"] = "people.csv"

    with pytest.raises(InputError) as caught:
        Deduplicator(WEIGHTED).predict(df)

    message = str(caught.value)
    assert message.startswith("people.csv: ")
    assert "no column 'city'" in message
    assert "fields[1].column" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": ["a3", "a1", "a1", "b1", "c1"]}, "appears more than once"),
        ({"id": ["a3", "a1", "", "b1", "c1"]}, "no value in the id column"),
        ({"cluster_id": ["1"] * 5}, "already has a column 'cluster_id'"),
    ],
)
def test_bad_records_are_input_errors(change: dict[str, list[str]], expected: str) -> None:
    df = tiny().assign(**change)

    with pytest.raises(InputError, match=expected):
        Deduplicator(WEIGHTED).cluster(df)


def test_a_comparator_explanation_becomes_a_column() -> None:
    engine = Deduplicator(WEIGHTED)
    engine.comparators[0] = ExplainingComparator(
        engine.comparators[0], lambda result, *_: tuple(f"level {int(v)}" for v in result.levels)
    )

    pairs = engine.predict(tiny())

    assert "name_explanation" in pairs.columns
    assert "city_explanation" not in pairs.columns
    assert pairs["name_explanation"].str.startswith("level ").all()


def test_person_name_fields_and_name_key_blocking_run_end_to_end() -> None:
    df = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4"],
            "name": ["王伟", "王偉", "Li Na", "Wang Wei"],
        }
    )
    settings = {
        "id_column": "id",
        "fields": [{"column": "name", "kind": "person_name"}],
        "blocking": [{"method": "name_keys", "columns": "name"}],
        "scoring": {"model": "weighted", "threshold": 0.9},
    }

    pairs = Deduplicator(settings).predict(df)

    assert {("1", "2"), ("1", "4")} <= found(pairs)  # traditional, simplified, pinyin
    assert ("1", "3") not in found(pairs)
    assert pairs["name_explanation"].str.len().gt(0).all()  # the name comparator explains
    unexplained = Deduplicator(settings).predict(df, explain=False)
    assert "name_explanation" not in unexplained.columns
    pd.testing.assert_frame_equal(unexplained, pairs.drop(columns="name_explanation"))


def test_a_field_implied_by_an_agreeing_field_adds_no_evidence() -> None:
    """Colleagues agree on their company's city because they share the company: with
    `implied_by`, the city counts only where the companies differ, whichever script each
    company is written in."""
    df = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4", "5"],
            "name": ["王伟", "王芳", "王伟", "杨杰", "Yang Jie"],
            "company": [
                "阿里巴巴集团",
                "阿里巴巴集团",
                "腾讯控股有限公司",
                "扬杰科技",
                "YANGZHOU YANGJIE ELECTRONIC TECHNOLOGY",
            ],
            "city": ["杭州", "杭州", "杭州", "扬州", "扬州"],
        }
    )
    fields: list[dict[str, Any]] = [
        {"column": "name", "kind": "person_name"},
        {"column": "company", "kind": "org_name"},
        {"column": "city", "kind": "text"},
    ]
    settings: dict[str, Any] = {
        "id_column": "id",
        "fields": fields,
        "blocking": [{"method": "name_keys", "columns": ["name"], "given": "none"}],
        "scoring": {"model": "weighted", "threshold": 0.0},
    }
    implied = {**settings, "fields": [*fields[:2], {**fields[2], "implied_by": "company"}]}

    plain = Deduplicator(settings).predict(df).set_index(["id_l", "id_r"])
    pairs = Deduplicator(implied).predict(df).set_index(["id_l", "id_r"])

    colleagues, strangers = ("1", "2"), ("1", "3")
    assert plain.loc[colleagues, "company_level"] == "exact"
    assert plain.loc[colleagues, "city_level"] == "exact"
    assert pairs.loc[colleagues, "city_level"] == "null"
    assert pairs.loc[colleagues, "city_weight"] == 0
    assert pairs.loc[colleagues, "score"] < plain.loc[colleagues, "score"]
    assert pairs.loc[strangers, "company_level"] == "else"
    assert pairs.loc[strangers, "city_level"] == "exact"
    assert pairs.loc[strangers, "score"] == plain.loc[strangers, "score"]
    cross_script = ("4", "5")
    assert pairs.loc[cross_script, "company_level"] == "medium"
    assert pairs.loc[cross_script, "city_level"] == "null"
