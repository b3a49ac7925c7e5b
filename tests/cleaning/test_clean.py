"""`em.clean` and `entitymatch clean`: standard forms beside the input, bad values reported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import entitymatch as em
from entitymatch.cli import main
from entitymatch.io import read_table

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {
    "id_column": "id",
    "fields": [
        {"column": "name", "kind": "person_name"},
        {"column": "company", "kind": "org_name"},
        {"column": "founded", "kind": "date"},
        {"column": "phone", "kind": "phone"},
        {"column": "uscc", "kind": "identifier", "scheme": "uscc"},
        {"column": "id_number", "kind": "identifier", "scheme": "resident_id"},
        {"column": "raised", "kind": "number", "amounts": True},
        {"column": "email", "kind": "email"},
    ],
    "blocking": [{"method": "name_keys", "columns": ["name"]}],
}
TABLE = pd.DataFrame(
    {
        "id": ["1", "2", "3"],
        "name": ["賈揚清", "JIA Yang-Qing", "欧阳娜娜"],
        "company": [
            "北京智象未来科技有限公司",
            "Alibaba Group Holding Limited",
            "（深圳）字节跳动科技有限公司",
        ],
        "founded": ["2023年4月", "1 April 2023", "2023-02-30"],
        "phone": ["+86 138 0013 8000", "００８６ １３８００１３８０００", "12345"],
        "uscc": ["91350100M000100Y43", "91350100M000100Y44", ""],
        "id_number": ["11010519491231002X", "110105491231002", "110105194912310021"],
        "raised": ["1.2亿元", "5000万美元", "lots"],
        "email": ["Jia@Example.COM", "mailto:jia@example.com", "not an address"],
    }
)


def test_standard_forms_are_added_beside_unchanged_columns() -> None:
    result = em.clean(TABLE, SETTINGS)
    data = result.data
    pd.testing.assert_frame_equal(data[list(TABLE.columns)], TABLE)
    assert list(data["name_simplified"]) == ["贾扬清", "JIA Yang-Qing", "欧阳娜娜"]
    assert list(data["name_surname"]) == ["贾", "jia", "欧阳"]
    assert data.loc[0, "name_pinyin"] == data.loc[1, "name_pinyin"] == "jia yangqing"
    assert list(data["name_script"]) == ["han", "latin", "han"]
    assert data.loc[0, "company_core"] == "智象未来科技" and data.loc[0, "company_region"] == "北京"
    assert data.loc[0, "company_legal_form"] and data.loc[1, "company_core"] == "alibaba"
    assert data.loc[2, "company_region"] == "深圳"
    assert list(data["founded_std"]) == ["2023-04", "2023-04-01", ""]
    assert list(data["founded_precision"]) == ["month", "day", ""]
    assert list(data["phone_e164"]) == ["+8613800138000", "+8613800138000", ""]
    assert list(data["uscc_std"]) == ["91350100M000100Y43", "", ""]
    assert (
        data.loc[0, "id_number_birth_date"] == "1949-12-31"
        and data.loc[0, "id_number_sex"] == "female"
    )
    assert data.loc[1, "id_number_std"] == "11010519491231002X"  # the 15-digit form, upgraded
    assert list(data["raised_std"][:2]) == ["120000000", "50000000"]
    assert list(data["raised_currency"][:2]) == ["CNY", "USD"]
    assert list(data["email_std"][:2]) == ["jia@example.com", "jia@example.com"]


def test_every_bad_value_is_reported_with_its_reason() -> None:
    result = em.clean(TABLE, SETTINGS)
    report = result.report
    bad = set(zip(report["column"], report["value"], strict=True))
    assert bad == {
        ("founded", "2023-02-30"),
        ("phone", "12345"),
        ("uscc", "91350100M000100Y44"),
        ("id_number", "110105194912310021"),
        ("raised", "lots"),
        ("email", "not an address"),
    }
    assert report["reason"].str.len().min() > 3
    assert set(report["line"]) <= {2, 3, 4}
    summary = result.summary.set_index("column")
    assert summary.loc["phone", "filled"] == 3 and summary.loc["phone", "invalid"] == 1
    assert summary.loc["uscc", "filled"] == 2


def test_cleaning_is_idempotent() -> None:
    """Cleaning the standard forms again gives the same standard forms."""
    first = em.clean(TABLE, SETTINGS).data
    again_input = TABLE.copy()
    for column in ("founded", "phone", "email"):
        std = f"{column}_e164" if column == "phone" else f"{column}_std"
        again_input[column] = first[std].where(first[std] != "", TABLE[column])
    second = em.clean(again_input, SETTINGS).data
    for column in ("founded_std", "phone_e164", "email_std"):
        assert list(second[column]) == list(first[column])


def test_missing_column_is_an_input_error() -> None:
    with pytest.raises(em.InputError, match="uscc"):
        em.clean(TABLE.drop(columns=["uscc"]), SETTINGS)


def test_cli_cleans_the_founders_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ROOT / "fixtures" / "founders.csv"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out, report = tmp_path / "clean.csv", tmp_path / "report.csv"
    code = main(
        [
            "clean",
            str(source),
            "--config",
            str(ROOT / "fixtures" / "founders.toml"),
            "-o",
            str(out),
            "--report",
            str(report),
        ]
    )
    assert code == 0
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    cleaned, original = read_table(out), read_table(source)
    assert list(cleaned.columns[: len(original.columns)]) == list(original.columns)
    assert (cleaned[list(original.columns)].to_numpy() == original.to_numpy()).all()
    for column in (
        "person_name_surname",
        "person_name_pinyin",
        "company_core",
        "company_legal_form",
        "founded_std",
        "phone_e164",
    ):
        assert column in cleaned.columns
    problems = read_table(report)
    assert list(problems.columns) == ["line", "column", "value", "reason"]
    assert "phone:" in capsys.readouterr().err


def test_cli_bad_settings_leaves_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(
        'id_column = "id"\n[[fields]]\ncolumn = "person_name"\nkind = "persn_name"\n',
        encoding="utf-8",
    )
    out = tmp_path / "clean.csv"
    code = main(
        ["clean", str(ROOT / "fixtures" / "founders.csv"), "--config", str(config), "-o", str(out)]
    )
    assert code == 1
    assert "kind" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (b"", [], "empty"),
        (
            "id,person_name\n1,贾扬清\n".encode("gb18030") + b"\xff\xfe\n",
            ["--encoding", "utf-8"],
            ":2:",
        ),
        (b'id,person_name,company\n1,"unterminated,x\n', [], ":2"),
    ],
)
def test_cli_bad_input_is_one_clear_error_and_touches_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    options: list[str],
    message: str,
) -> None:
    source = tmp_path / "export.csv"
    source.write_bytes(content)
    out = tmp_path / "clean.csv"
    out.write_text("an earlier result\n", encoding="utf-8")
    code = main(
        [
            "clean",
            str(source),
            "--config",
            str(ROOT / "fixtures" / "founders.toml"),
            "-o",
            str(out),
            *options,
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "export.csv" in err and message in err
    assert source.read_bytes() == content
    assert out.read_text(encoding="utf-8") == "an earlier result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.csv", "export.csv"]
