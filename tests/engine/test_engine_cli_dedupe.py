"""`entitymatch dedupe` end to end: output, pairs, models, and one clear line for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import TOML, make_people

from entitymatch.cli import main
from entitymatch.io import read_table


def write_people(path: Path, **kwargs: Any) -> pd.DataFrame:
    df = make_people(**kwargs)
    df.loc[0, "city"] = '=HYPERLINK("x")'
    df.loc[1, "city"] = "  spaced out  "
    df.to_csv(path, index=False)
    return df


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "settings.toml").write_text(TOML, encoding="utf-8")
    write_people(tmp_path / "people.csv")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["dedupe", *args])
    return status, capsys.readouterr().err


def test_output_is_the_input_plus_cluster_columns(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workdir / "out.csv"

    status, err = run(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(out),
        "--no-neutralise-formulas",
    )

    assert status == 0, err
    source = read_table(workdir / "people.csv")
    result = read_table(out)
    assert list(result.columns) == [*source.columns, "cluster_id", "cluster_size"]
    pd.testing.assert_frame_equal(result[source.columns], source, check_like=False)
    sizes = result.groupby("cluster_id")["id"].transform("size").astype(str)
    assert (sizes == result["cluster_size"]).all()
    assert (result["cluster_id"] <= result["id"]).all()  # named after the smallest id
    for label in ("records: ", "blocking: ", "matching pairs: ", "clusters: ", "time: "):
        assert f"entitymatch dedupe: {label}" in err
    # News before the long steps, in the order they run.
    steps = ["preparing ", "blocking by ", "blocking: "]
    at = [err.index(f"entitymatch dedupe: {step}") for step in steps]
    assert at == sorted(at)
    assert " and estimating u from " in err[at[1] : at[2]]  # in the same round as blocking


def test_formulas_are_neutralised_by_default(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workdir / "out.csv"

    status, _ = run(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(out),
    )

    assert status == 0
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")


def test_pairs_file_holds_scores_and_field_columns(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs_path = workdir / "pairs.csv"

    status, _ = run(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(workdir / "out.csv"),
        "--pairs",
        str(pairs_path),
    )

    assert status == 0
    pairs = read_table(pairs_path)
    assert list(pairs.columns[:4]) == ["id_l", "id_r", "match_weight", "match_probability"]
    assert {"surname_level", "surname_weight", "dob_level"} <= set(pairs.columns)
    assert (pairs["match_probability"].astype(float) >= 0.9).all()


def test_settings_can_ask_for_pairs_beside_the_output(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = workdir / "settings.toml"
    settings.write_text(TOML + "\n[output]\npairs = true\n", encoding="utf-8")

    status, _ = run(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(settings),
        "-o",
        str(workdir / "out.csv"),
    )

    assert status == 0
    assert (workdir / "out.pairs.csv").exists()


def test_a_saved_model_scores_another_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings, model = str(workdir / "settings.toml"), str(workdir / "model.json")
    write_people(workdir / "other.csv", seed=5)

    assert (
        run(
            capsys,
            str(workdir / "people.csv"),
            "--config",
            settings,
            "-o",
            str(workdir / "a.csv"),
            "--save-model",
            model,
        )[0]
        == 0
    )
    assert json.loads(Path(model).read_text(encoding="utf-8"))["model"] == "fellegi_sunter"
    status, _ = run(
        capsys,
        str(workdir / "other.csv"),
        "--config",
        settings,
        "-o",
        str(workdir / "b.csv"),
        "--model",
        model,
    )

    assert status == 0
    assert read_table(workdir / "b.csv")["cluster_size"].astype(int).max() > 1


def test_a_higher_threshold_keeps_fewer_pairs(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = []
    for threshold in ("0.5", "0.99999"):
        pairs = workdir / f"pairs{threshold}.csv"
        status, _ = run(
            capsys,
            str(workdir / "people.csv"),
            "--config",
            str(workdir / "settings.toml"),
            "-o",
            str(workdir / "out.csv"),
            "--pairs",
            str(pairs),
            "--threshold",
            threshold,
        )
        assert status == 0
        counts.append(len(read_table(pairs)))

    assert counts[0] > counts[1]


def test_oversized_blocks_are_reported_as_one_warning_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = workdir / "settings.toml"
    settings.write_text(
        TOML.replace('columns = "surname"', 'columns = "surname"\nmax_block_size = 5'),
        encoding="utf-8",
    )

    status, err = run(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(settings),
        "-o",
        str(workdir / "out.csv"),
    )

    assert status == 0
    warning = [line for line in err.splitlines() if "warning" in line]
    assert warning and warning[0].startswith("entitymatch: warning: blocking rule 'surname'")


def error_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status, err = run(capsys, *args)
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("entitymatch: error: ")
    return lines[0]


def test_missing_id_column_names_the_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = workdir / "people.csv"
    pd.read_csv(people, dtype=str).drop(columns=["id"]).to_csv(people, index=False)
    out = workdir / "out.csv"

    message = error_of(
        capsys, str(people), "--config", str(workdir / "settings.toml"), "-o", str(out)
    )

    assert str(people) in message and "'id'" in message
    assert not out.exists()


def test_duplicate_ids_name_file_and_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = workdir / "people.csv"
    df = pd.read_csv(people, dtype=str)
    df.loc[5, "id"] = df.loc[2, "id"]
    df.to_csv(people, index=False)

    message = error_of(
        capsys,
        str(people),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(workdir / "out.csv"),
    )

    assert f"{people}:7" in message  # header on line 1, row 5 on line 7
    assert "duplicate" in message


def test_settings_error_names_the_settings_file_and_key(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = workdir / "settings.toml"
    settings.write_text(TOML.replace('kind = "text"', 'kind = "txt"', 1), encoding="utf-8")

    message = error_of(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(settings),
        "-o",
        str(workdir / "out.csv"),
    )

    assert str(settings) in message
    assert "fields[0].kind" in message and "'txt' is not one of" in message


def test_toml_syntax_error_names_the_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = workdir / "settings.toml"
    settings.write_text(TOML.replace('column = "dob"', "column = dob"), encoding="utf-8")

    message = error_of(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(settings),
        "-o",
        str(workdir / "out.csv"),
    )

    line = TOML.splitlines().index('column = "dob"') + 1
    assert str(settings) in message and f"line {line}" in message


def test_output_over_the_input_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = workdir / "people.csv"
    before = people.read_bytes()

    message = error_of(
        capsys, str(people), "--config", str(workdir / "settings.toml"), "-o", str(people)
    )

    assert "overwrite" in message
    assert people.read_bytes() == before


def test_empty_input_is_an_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = workdir / "empty.csv"
    empty.write_text("", encoding="utf-8")

    message = error_of(
        capsys,
        str(empty),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(workdir / "out.csv"),
    )

    assert str(empty) in message and "empty" in message


def test_undecodable_input_is_an_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = workdir / "bad.csv"
    bad.write_bytes((workdir / "people.csv").read_bytes() + b"p9,\xff\xfe,x,1,y,2\n")

    message = error_of(
        capsys,
        str(bad),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(workdir / "out.csv"),
        "--encoding",
        "utf-8",
    )

    assert str(bad) in message


def test_missing_model_file_is_an_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = workdir / "out.csv"

    message = error_of(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(workdir / "settings.toml"),
        "-o",
        str(out),
        "--model",
        str(workdir / "absent.json"),
    )

    assert "absent.json" in message
    assert not out.exists()


def test_supervised_settings_without_labels_is_an_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = workdir / "settings.toml"
    settings.write_text(
        TOML.replace("tf_adjustment = true\n", "").replace("fellegi_sunter", "supervised"),
        encoding="utf-8",
    )

    message = error_of(
        capsys,
        str(workdir / "people.csv"),
        "--config",
        str(settings),
        "-o",
        str(workdir / "out.csv"),
    )

    assert "labelled pairs" in message


def test_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["dedupe", "--help"])

    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "entitymatch dedupe people.csv --config" in out


def test_readme_first_command_dedupes_the_founders_fixture(tmp_path: Path) -> None:
    """The README's first command: the mixed-script fixture dedupes with pairwise F1 ≥ 0.95."""
    import entitymatch as em

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "founders_clustered.csv"
    code = main(
        [
            "dedupe",
            str(root / "fixtures" / "founders.csv"),
            "--config",
            str(root / "fixtures" / "founders.toml"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    clustered = read_table(out)
    truth = pd.read_csv(root / "fixtures" / "founders_truth.csv", dtype=str)
    report = em.evaluate(clustered[["id", "cluster_id"]], truth)
    assert report.f1 >= 0.95, report.to_table()


def test_jobs_change_nothing_in_the_output(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        pairs = tmp_path / f"pairs{jobs}.csv"
        code = main(
            [
                "dedupe",
                str(root / "fixtures" / "founders.csv"),
                "--jobs",
                jobs,
                "--config",
                str(root / "fixtures" / "founders.toml"),
                "-o",
                str(out),
                "--pairs",
                str(pairs),
            ]
        )
        assert code == 0
        outputs.append((out.read_bytes(), pairs.read_bytes()))
    assert outputs[0] == outputs[1]
    # The pairs table explains the name fields (dedupe skips that work only without one).
    written = read_table(tmp_path / "pairs1.csv")
    for name in ("person_name", "company"):
        assert written[f"{name}_explanation"].str.len().gt(0).all()
