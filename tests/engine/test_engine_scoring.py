"""Scoring models: EM recovers known parameters, tf adjustment, weights, JSON round trips."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from entitymatch.compare.levels import Level
from entitymatch.errors import SettingsError
from entitymatch.scoring import (
    FellegiSunterModel,
    PatternCounter,
    Session,
    SupervisedModel,
    WeightedModel,
    load_model,
)

LEVELS = [Level.ELSE, Level.MEDIUM, Level.HIGH, Level.EXACT]


def draw(rng: np.random.Generator, probabilities: np.ndarray, n: int) -> np.ndarray:
    """n rows of levels, each field drawn from its own distribution over LEVELS."""
    return np.stack([rng.choice(LEVELS, size=n, p=p) for p in probabilities], axis=1).astype(
        np.int8
    )


TRUE_M = np.array(
    [[0.05, 0.05, 0.2, 0.7], [0.1, 0.1, 0.1, 0.7], [0.02, 0.08, 0.1, 0.8], [0.2, 0.1, 0.1, 0.6]]
)
TRUE_U = np.array(
    [
        [0.9, 0.06, 0.03, 0.01],
        [0.8, 0.1, 0.07, 0.03],
        [0.95, 0.03, 0.015, 0.005],
        [0.7, 0.15, 0.1, 0.05],
    ]
)


def fitted_on_mixture(rate: float = 0.2, n: int = 200_000) -> FellegiSunterModel:
    rng = np.random.default_rng(7)
    n_match = int(n * rate)
    candidates = np.concatenate([draw(rng, TRUE_M, n_match), draw(rng, TRUE_U, n - n_match)])
    counter = PatternCounter(4)
    counter.add(candidates)
    patterns, _, counts = counter.result()
    model = FellegiSunterModel(["a", "b", "c", "d"])
    model.fit_u(draw(rng, TRUE_U, 500_000))
    return model.fit_m(patterns, counts)


def test_em_recovers_m_and_the_match_rate() -> None:
    model = fitted_on_mixture()

    assert model.m is not None
    recovered = model.m[:, [int(level) + 1 for level in LEVELS]]
    np.testing.assert_allclose(recovered, TRUE_M, atol=0.02)
    assert model.match_rate == pytest.approx(0.2, abs=0.01)
    assert model.em_result is not None and model.em_result.converged


def test_em_is_deterministic() -> None:
    first, second = fitted_on_mixture(n=20_000), fitted_on_mixture(n=20_000)

    assert first.to_dict() == second.to_dict()


def test_sessions_leave_out_the_fields_a_rule_agrees_on() -> None:
    # Candidates from a rule on field 0: every pair agrees there, match or not.
    rng = np.random.default_rng(3)
    candidates = np.concatenate([draw(rng, TRUE_M, 5_000), draw(rng, TRUE_U, 45_000)])
    candidates[:, 0] = Level.EXACT
    patterns, counts = _patterns(candidates)
    model = FellegiSunterModel(["a", "b", "c", "d"]).fit_u(draw(rng, TRUE_U, 300_000))

    model.fit_m(patterns, counts, sessions=[Session(np.ones(len(counts), dtype=bool), [0])])

    assert model.m is not None
    np.testing.assert_allclose(model.m[1:, [int(lv) + 1 for lv in LEVELS]], TRUE_M[1:], atol=0.03)
    assert model.match_rate == pytest.approx(0.1, abs=0.01)


def correlated_candidates(rng: np.random.Generator, n: int) -> np.ndarray:
    """Non-matches let through by a rule keyed on something that field 1 mostly agrees on."""
    levels = draw(rng, TRUE_U, n)
    levels[rng.random(n) < 0.8, 1] = Level.EXACT
    return levels


def test_session_u_from_the_rule_keeps_em_from_taking_non_matches_for_matches() -> None:
    rng = np.random.default_rng(11)
    candidates = np.concatenate([draw(rng, TRUE_M, 2_000), correlated_candidates(rng, 98_000)])
    patterns, counts = _patterns(candidates)
    everything = np.ones(len(counts), dtype=bool)
    random_in_rule = correlated_candidates(rng, 3_000)  # random pairs the rule would produce

    plain = FellegiSunterModel(list("abcd")).fit_u(draw(rng, TRUE_U, 300_000))
    plain.fit_m(patterns, counts, sessions=[Session(everything)])
    informed = FellegiSunterModel(list("abcd")).fit_u(draw(rng, TRUE_U, 300_000))
    informed.fit_m(
        patterns,
        counts,
        sessions=[Session(everything, u=informed.conditional_u(random_in_rule))],
    )

    assert informed.m is not None and plain.m is not None
    columns = [int(lv) + 1 for lv in LEVELS]
    np.testing.assert_allclose(informed.m[[0, 2, 3]][:, columns], TRUE_M[[0, 2, 3]], atol=0.03)
    # With u from all random pairs, agreement on field 1 looks like evidence of a match.
    assert np.abs(plain.m[[0, 2, 3]][:, columns] - TRUE_M[[0, 2, 3]]).max() > 0.1


def test_conditional_u_leans_on_u_when_the_rule_has_few_random_pairs() -> None:
    model = FellegiSunterModel(["a"]).fit_u(draw(np.random.default_rng(0), TRUE_U[:1], 10_000))
    assert model.u is not None

    few = model.conditional_u(np.full((3, 1), Level.EXACT, dtype=np.int8))
    many = model.conditional_u(np.full((10_000, 1), Level.EXACT, dtype=np.int8))

    assert few[0, Level.EXACT + 1] < 0.05
    assert many[0, Level.EXACT + 1] > 0.98


def test_match_weights_are_log2_m_over_u() -> None:
    model = fitted_on_mixture(n=20_000)
    table = model.weights_table()

    row = next(r for r in table if r["field"] == "c" and r["level"] == "exact")
    assert row["match_weight"] == pytest.approx(np.log2(row["m"] / row["u"]))


def test_null_level_adds_no_evidence() -> None:
    model = fitted_on_mixture(n=20_000)
    levels = np.array([[Level.NULL] * 4], dtype=np.int8)

    scores = model.score(levels)

    np.testing.assert_allclose(scores.contributions, 0.0)
    assert scores.match_weight is not None
    assert scores.match_weight[0] == pytest.approx(model.prior_weight)


def test_tf_adjustment_weighs_a_common_value_less_than_a_rare_one() -> None:
    model = FellegiSunterModel(["surname", "dob"], tf_adjustment=[True, False])
    rng = np.random.default_rng(0)
    model.fit_u(draw(rng, TRUE_U[:2], 100_000))
    model.fit_m(
        *_patterns(np.concatenate([draw(rng, TRUE_M[:2], 2_000), draw(rng, TRUE_U[:2], 8_000)]))
    )
    levels = np.array([[Level.EXACT, Level.EXACT]] * 2, dtype=np.int8)
    frequency = np.array([0.2, 0.0001])  # 王 or "smith"; a rare surname

    scores = model.score(levels, tf={0: frequency})

    assert scores.contributions[0, 0] < scores.contributions[1, 0]
    assert scores.score[0] < scores.score[1]
    # The date field, without the adjustment, weighs the same on both.
    assert scores.contributions[0, 1] == scores.contributions[1, 1]


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counter = PatternCounter(levels.shape[1])
    counter.add(levels)
    patterns, _, counts = counter.result()
    return patterns, counts


@settings(max_examples=40, deadline=None)
@given(
    levels=hnp.arrays(
        np.int8, st.tuples(st.integers(0, 60), st.just(3)), elements=st.integers(-1, 4)
    ),
    groups=st.lists(st.integers(0, 7), min_size=60, max_size=60),
    split=st.integers(0, 60),
)
def test_pattern_counter_counts_every_row_once(
    levels: np.ndarray, groups: list[int], split: int
) -> None:
    """Counting in chunks gives the same (pattern, group) counts as counting all rows at once."""
    g = np.array(groups[: levels.shape[0]], dtype=np.int64)
    counter = PatternCounter(3)
    counter.add(levels[:split], g[:split])
    counter.add(levels[split:], g[split:])

    patterns, out_groups, counts = counter.result()

    expected = collections.Counter(
        (tuple(row), int(group)) for row, group in zip(levels.tolist(), g.tolist(), strict=True)
    )
    got = {
        (tuple(p), int(gr)): int(c)
        for p, gr, c in zip(patterns.tolist(), out_groups, counts, strict=True)
    }
    assert got == dict(expected)


@given(
    levels=hnp.arrays(
        np.int8, st.tuples(st.integers(1, 30), st.just(3)), elements=st.integers(-1, 4)
    ),
    data=st.data(),
)
def test_weighted_score_is_between_zero_and_one(levels: np.ndarray, data: st.DataObject) -> None:
    """A weighted score is in [0, 1] and the field contributions add up to it."""
    similarity = data.draw(hnp.arrays(np.float64, levels.shape, elements=st.floats(0, 1)))
    model = WeightedModel(
        ["a", "b", "c"],
        [2.0, 1.0, 0.5],
        [None, {"exact": 1, "normalised": 0.9, "high": 0.7, "medium": 0.4, "else": 0}, None],
    )

    scores = model.score(levels, similarity)

    assert ((scores.score >= 0) & (scores.score <= 1)).all()
    np.testing.assert_allclose(scores.contributions.sum(axis=1), scores.score, atol=1e-12)


def test_weighted_score_leaves_out_missing_fields() -> None:
    model = WeightedModel(["name", "phone"], [1.0, 1.0])
    levels = np.array([[Level.EXACT, Level.NULL], [Level.EXACT, Level.ELSE]], dtype=np.int8)
    similarity = np.array([[1.0, 0.0], [1.0, 0.0]])

    scores = model.score(levels, similarity)

    assert scores.score.tolist() == [1.0, 0.5]


def test_supervised_model_learns_and_scores_from_json(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    matches, others = draw(rng, TRUE_M, 500), draw(rng, TRUE_U, 2000)
    levels = np.concatenate([matches, others])
    similarity = (levels.astype(np.float64) + 1) / 5
    y = np.r_[np.ones(500, bool), np.zeros(2000, bool)]
    model = SupervisedModel(["a", "b", "c", "d"]).fit(levels, similarity, y)

    scores = model.score(levels, similarity)
    assert scores.score[:500].mean() > 0.7 > 0.3 > scores.score[500:].mean()

    model.save(tmp_path / "model.json")
    again = load_model(tmp_path / "model.json")
    np.testing.assert_allclose(again.score(levels, similarity).score, scores.score)


def test_supervised_model_needs_both_classes() -> None:
    levels = np.zeros((5, 2), dtype=np.int8)
    with pytest.raises(ValueError, match="both"):
        SupervisedModel(["a", "b"]).fit(levels, levels.astype(float), np.ones(5, bool))


@pytest.mark.parametrize("kind", ["fellegi_sunter", "weighted"])
def test_models_round_trip_through_json(tmp_path: Path, kind: str) -> None:
    model = fitted_on_mixture(n=10_000) if kind == "fellegi_sunter" else WeightedModel(list("abcd"))
    path = tmp_path / "model.json"
    model.save(path)

    again = load_model(path)

    assert type(again) is type(model)
    assert again.to_dict() == model.to_dict()
    levels = draw(np.random.default_rng(1), TRUE_U, 50)
    similarity = np.full(levels.shape, 0.5)
    np.testing.assert_allclose(
        again.score(levels, similarity).score, model.score(levels, similarity).score
    )


def test_loading_something_else_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(SettingsError, match="not an entitymatch model"):
        load_model(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid JSON"):
        load_model(path)


def test_model_refuses_other_fields() -> None:
    model = WeightedModel(["a", "b"])
    with pytest.raises(SettingsError, match="fitted on fields a, b"):
        model.check_fields(["a", "c"])
