"""`entitymatch compare` through the CLI entry point."""

from __future__ import annotations

import json

import pytest

from entitymatch.cli import main


def test_compare_prints_score_verdict_and_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "贾扬清", "Yangqing Jia"]) == 0
    out = capsys.readouterr().out
    assert "score:" in out and "match" in out and "order swapped" in out


def test_compare_json_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "阿里巴巴集团", "阿里云", "--kind", "org", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["is_match"] is False
    assert 0 <= result["score"] <= 1


def test_compare_with_aliases(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,alias\nPixVerse,爱诗科技\n", encoding="utf-8")
    assert (
        main(
            [
                "compare",
                "PixVerse",
                "愛詩科技",
                "--kind",
                "org",
                "--aliases",
                str(aliases),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["is_match"] is True


def test_missing_alias_file_is_a_clear_error(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["compare", "a", "b", "--aliases", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv" in capsys.readouterr().err
