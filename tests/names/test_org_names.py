"""Organisation names: legal forms, regions, industry words, glossary, brands, aliases."""

from __future__ import annotations

import pytest

import entitymatch as em

SAME_ORG = [
    ("北京智象未来科技有限公司", "智象未来"),
    ("光年之外", "北京光年之外科技有限公司"),
    ("阿里巴巴集团", "Alibaba Group Holding Limited"),
    ("阿里巴巴集团控股有限公司", "阿里巴巴集團控股有限公司"),
    ("快手", "Kuaishou"),
    ("智谱", "Zhipu"),
    ("阶跃星辰", "阶跃星尘"),  # a homophone typo
    ("中国银行", "Bank of China"),
    ("中国移动", "China Mobile"),
    ("Alibaba Group Holding Ltd.", "ALIBABA GROUP HOLDING LIMITED"),
    ("深圳市腾讯计算机系统有限公司", "腾讯计算机系统有限公司"),
    ("（北京）字节跳动科技有限公司", "字节跳动科技有限公司"),
    ("Alibaba Group", "Alibabba Group"),
]

DIFFERENT_ORGS = [
    ("阿里巴巴集团", "阿里云"),
    ("百川智能", "实在智能"),
    ("智象未来", "智谱AI"),
    ("中国银行", "中国建设银行"),
    ("北京银行", "上海银行"),
]


@pytest.mark.parametrize(("a", "b"), SAME_ORG)
def test_same_organisation_matches(a: str, b: str) -> None:
    result = em.compare_names(a, b, kind="org")
    assert result.is_match, result.explanation


@pytest.mark.parametrize(("a", "b"), DIFFERENT_ORGS)
def test_different_organisations_do_not_match(a: str, b: str) -> None:
    result = em.compare_names(a, b, kind="org")
    assert not result.is_match, result.explanation


def test_parts_are_kept_as_attributes() -> None:
    name = em.normalize_name("北京智象未来科技有限公司", kind="org")
    assert name.core is not None and "智象未来" in name.core
    assert "北京" not in name.core
    assert name.regions == ("北京",)
    assert name.legal_forms and "limited" in name.legal_forms[-1]
    assert "科技" in name.descriptors
    english = em.normalize_name("Alibaba Group Holding Limited", kind="org")
    assert english.core == "alibaba"
    assert english.legal_forms


def test_bracketed_region_is_an_attribute() -> None:
    name = em.normalize_name("字节跳动科技（北京）有限公司", kind="org")
    assert name.regions == ("北京",)
    assert "北京" not in (name.core or "")


def test_brand_reads_through_pinyin() -> None:
    name = em.normalize_name("快手科技有限公司", kind="org")
    assert name.romanised.startswith("kuaishou")


def test_alias_table_links_brands_and_products(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "aliases.csv"  # type: ignore[operator]
    path.write_text(
        "name,alias\nPixVerse,爱诗科技\n愛詩科技,AI Sphere\n北京智象未来科技有限公司,HiDream.ai\n",
        encoding="utf-8",
    )
    aliases = em.AliasTable.from_csv(path)
    assert em.compare_names("PixVerse", "愛詩科技", kind="org", aliases=aliases).is_match
    # Transitive: PixVerse ~ 爱诗科技 ~ AI Sphere.
    assert em.compare_names("PixVerse", "AI Sphere", kind="org", aliases=aliases).is_match
    # After normalisation: the legal form and region do not hide the alias.
    assert em.compare_names("智象未来", "HiDream.ai", kind="org", aliases=aliases).is_match
    # Without the table the brands share nothing.
    assert not em.compare_names("PixVerse", "愛詩科技", kind="org").is_match
    assert not em.compare_names("PixVerse", "HiDream.ai", kind="org", aliases=aliases).is_match


def test_alias_file_errors_name_the_line(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "aliases.csv"  # type: ignore[operator]
    path.write_text("name,alias\nPixVerse\n", encoding="utf-8")
    with pytest.raises(em.InputError) as error:
        em.AliasTable.from_csv(path)
    assert "aliases.csv:2" in str(error.value)
    wrong = tmp_path / "wrong.csv"  # type: ignore[operator]
    wrong.write_text("a,b\nx,y\n", encoding="utf-8")
    with pytest.raises(em.InputError, match="name,alias"):
        em.AliasTable.from_csv(wrong)
