"""Integrity of the organisation-name knowledge tables in entitymatch/names/data/.

Every table must parse as plain TSV (comment lines, one header, no quoting), name its source and
how to regenerate it, hold no duplicate keys and only well-formed rows. The company-name slices
the tables were derived from must hold only the train half of the split.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entitymatch.text import clean_text, to_simplified

_HAN_RE = re.compile(r"^[\u3400-\u9fff]+$")
_REPO = Path(__file__).resolve().parents[2]

_COLUMNS = {
    "legal_forms.tsv": ("form", "lang", "code", "attached"),
    "regions.tsv": ("zh", "en", "level", "parent", "aliases"),
    "region_suffixes.tsv": ("suffix", "lang"),
    "industry_words.tsv": ("word", "lang", "df", "weight"),
    "org_glossary.tsv": ("zh", "en", "count", "dice"),
}
_KEYS = {
    "legal_forms.tsv": lambda r: (r["lang"], r["form"].casefold()),
    "regions.tsv": lambda r: (r["zh"], r["level"], r["parent"]),
    "region_suffixes.tsv": lambda r: (r["lang"], r["suffix"].casefold()),
    "industry_words.tsv": lambda r: (r["lang"], r["word"]),
    "org_glossary.tsv": lambda r: (r["zh"], r["en"]),
}
_PROVINCIAL = {"province", "municipality", "sar", "autonomous_region"}
_LEVELS = _PROVINCIAL | {"city", "prefecture", "county_city"}


@cache
def _parse(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[dict[str, str], ...]]:
    """Comments, header and rows of a table, parsed by the format's rules alone."""
    text = resources.files("entitymatch.names").joinpath("data", name).read_text("utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", f"{name}: must end with a newline"
    lines = lines[:-1]
    comments = []
    while lines and lines[0].startswith("#"):
        comments.append(lines.pop(0))
    header = tuple(lines.pop(0).split("\t"))
    rows = []
    for number, line in enumerate(lines, start=len(comments) + 2):
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name}:{number}: {len(cells)} cells: {line!r}"
        rows.append(dict(zip(header, cells, strict=True)))
    return tuple(comments), header, tuple(rows)


def _rows(name: str) -> tuple[dict[str, str], ...]:
    return _parse(name)[2]


@pytest.mark.parametrize("name", sorted(_COLUMNS))
def test_table_parses_with_its_header_and_documented_source(name: str) -> None:
    comments, header, rows = _parse(name)
    assert header == _COLUMNS[name]
    assert rows, f"{name} has no rows"
    comment_text = " ".join(comments)
    assert "Source:" in comment_text
    assert "Licence:" in comment_text
    assert "Regenerate: python genscripts/" in comment_text
    assert "Columns:" in comment_text
    script = re.search(r"Regenerate: python (genscripts/\S+\.py)", comment_text)
    assert script and (_REPO / script.group(1)).is_file()


@pytest.mark.parametrize("name", sorted(_COLUMNS))
def test_cells_are_clean_and_keys_unique(name: str) -> None:
    seen: set[tuple[str, ...]] = set()
    for row in _rows(name):
        for column, cell in row.items():
            assert cell == clean_text(cell), f"{name}: {column}={cell!r} is not clean text"
            assert '"' not in cell, f"{name}: quote in {cell!r}"
        key = _KEYS[name](row)
        assert key not in seen, f"{name}: duplicate {key}"
        seen.add(key)


def test_legal_forms_rows_are_well_formed_and_longest_first() -> None:
    rows = _rows("legal_forms.tsv")
    assert {r["lang"] for r in rows} == {"zh", "en"}
    last_length = {"zh": 10**6, "en": 10**6}
    for row in rows:
        assert re.fullmatch(r"[a-z_]+(\+[a-z_]+)*", row["code"]), row
        assert row["attached"] == ("yes" if row["lang"] == "zh" else "no"), row
        if row["lang"] == "zh":
            assert _HAN_RE.match(row["form"].replace("(", "").replace(")", "")), row
        else:
            assert row["form"].isascii() and row["form"][0] not in " ,.", row
        assert len(row["form"]) <= last_length[row["lang"]], f"not longest first at {row}"
        last_length[row["lang"]] = len(row["form"])


def test_legal_forms_cover_both_scripts_and_set_aside_group_and_holdings() -> None:
    forms = {(r["lang"], r["form"]): r["code"] for r in _rows("legal_forms.tsv")}
    assert forms[("zh", "股份有限公司")] == "joint_stock"
    assert forms[("zh", "集團有限公司")] == forms[("zh", "集团有限公司")]
    assert forms[("zh", "控股")] == "holdings" and forms[("zh", "集团")] == "group"
    assert forms[("en", "Co., Ltd.")] == "company_limited"
    # Every traditional spelling has its simplified form in the table with the same code.
    for (lang, form), code in forms.items():
        if lang == "zh":
            assert forms.get(("zh", to_simplified(form))) == code, form


_ZH_FORMS = [r["form"] for r in _rows("legal_forms.tsv") if r["lang"] == "zh"]


@given(
    brand=st.text(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6
    ),
    form=st.sampled_from(_ZH_FORMS),
)
def test_first_matching_zh_form_in_table_order_is_the_longest(brand: str, form: str) -> None:
    """A greedy strip that takes the first form in table order that ends the name takes the
    longest such form."""
    name = brand + form
    matching = [f for f in _ZH_FORMS if name.endswith(f)]
    assert matching[0] == max(matching, key=len)


def test_regions_levels_parents_and_counts() -> None:
    rows = _rows("regions.tsv")
    provincial = {r["zh"] for r in rows if r["level"] in _PROVINCIAL}
    assert len([r for r in rows if r["level"] in _PROVINCIAL]) == 34
    assert len([r for r in rows if r["level"] in {"city", "prefecture"}]) >= 333
    for row in rows:
        assert row["level"] in _LEVELS, row
        assert _HAN_RE.match(row["zh"]) and to_simplified(row["zh"]) == row["zh"], row
        assert re.fullmatch(r"[A-Z][A-Za-zü' -]*", row["en"]), row
        if row["level"] in _PROVINCIAL:
            assert row["parent"] == "", row
        else:
            assert row["parent"] in provincial, row
        aliases = row["aliases"].split("|") if row["aliases"] else []
        assert all(a and a != row["en"] and a.isascii() for a in aliases), row


def test_regions_use_established_english_names() -> None:
    by_zh = {(r["zh"], r["level"]): r for r in _rows("regions.tsv")}
    assert by_zh[("北京", "municipality")]["en"] == "Beijing"
    assert "Peking" in by_zh[("北京", "municipality")]["aliases"].split("|")
    assert by_zh[("内蒙古", "autonomous_region")]["en"] == "Inner Mongolia"
    assert by_zh[("香港", "sar")]["en"] == "Hong Kong"
    assert by_zh[("陕西", "province")]["en"] == "Shaanxi"
    assert by_zh[("乌鲁木齐", "city")]["en"] == "Urumqi"
    assert by_zh[("深圳", "city")]["parent"] == "广东"
    assert by_zh[("昆山", "county_city")]["parent"] == "江苏"


def test_region_suffixes_cover_the_division_names() -> None:
    """Every suffix is one the table's Chinese names can carry; the English ones are words."""
    rows = _rows("region_suffixes.tsv")
    zh = {r["suffix"] for r in rows if r["lang"] == "zh"}
    assert {"省", "市", "自治区", "壮族自治区", "特别行政区", "地区", "区", "县"} <= zh
    assert all(_HAN_RE.match(s) for s in zh)
    assert {"Province", "City", "SAR"} <= {r["suffix"] for r in rows if r["lang"] == "en"}


def test_industry_words_are_well_formed_and_weight_falls_with_df() -> None:
    rows = _rows("industry_words.tsv")
    for lang in ("zh", "en"):
        entries = [(int(r["df"]), float(r["weight"])) for r in rows if r["lang"] == lang]
        assert entries, lang
        for df, weight in entries:
            assert df >= 0 and 0.0 < weight <= 1.0
        # Sorted by df, the weights never rise: a word in more names counts less.
        weights = [w for _, w in sorted(entries, key=lambda e: (-e[0], e[1]))]
        assert weights == sorted(weights)
        assert min(w for _, w in entries) <= 0.2
    for row in rows:
        if row["lang"] == "zh":
            assert _HAN_RE.match(row["word"]) and to_simplified(row["word"]) == row["word"], row
        else:
            assert re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)?", row["word"]), row
    words = {(r["lang"], r["word"]) for r in rows}
    assert {("zh", "科技"), ("zh", "信息技术"), ("en", "technology"), ("en", "ai")} <= words
    assert ("zh", "控股") not in words and ("en", "holdings") not in words


def test_glossary_rows_are_well_formed_and_strong() -> None:
    rows = _rows("org_glossary.tsv")
    assert len(rows) >= 50
    seeds_path = _REPO / "genscripts" / "sources" / "glossary_named_in_issue.tsv"
    seed_lines = [ln for ln in seeds_path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    seeds = {tuple(ln.split("\t")) for ln in seed_lines[1:]}
    for row in rows:
        if (row["zh"], row["en"]) in seeds:
            continue  # the issue's own examples, kept whatever their train support
        assert _HAN_RE.match(row["zh"]) and 2 <= len(row["zh"]) <= 4, row
        assert to_simplified(row["zh"]) == row["zh"], row
        assert re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)?", row["en"]), row
        assert int(row["count"]) >= 3, row
        assert 0.0 < float(row["dice"]) <= 1.0, row
    pairs = {(r["zh"], r["en"]) for r in rows}
    assert {("中国", "china"), ("银行", "bank"), ("集团", "group"), ("控股", "holdings")} <= pairs


@pytest.mark.parametrize("name", ["hkex_listed_companies_train.tsv", "a_shares_train.tsv"])
def test_company_name_sources_hold_only_the_train_half(name: str) -> None:
    """Held-out rows (odd crc32 of the stock code) must never reach genscripts/sources."""
    path = _REPO / "genscripts" / "sources" / name
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    column = lines[0].split("\t").index("stock_code")
    codes = [line.split("\t")[column] for line in lines[1:]]
    assert codes
    assert all(zlib.crc32(code.encode("ascii")) % 2 == 0 for code in codes)
