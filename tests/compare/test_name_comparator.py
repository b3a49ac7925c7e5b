"""The engine's name comparators agree with `compare_names`, pair for pair."""

from __future__ import annotations

import copy
import csv
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import entitymatch as em
from entitymatch.compare.levels import Level
from entitymatch.compare.name_fields import OrgNameComparator, PersonNameComparator

ROOT = Path(__file__).resolve().parents[2]


def _names(kind: str) -> list[str]:
    """Names of the labelled pairs and of the founders table, whose records carry typos,
    initials, English given names and Latin company names."""
    with (ROOT / "fixtures" / "name_pairs.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == kind]
    with (ROOT / "fixtures" / "founders.csv").open(encoding="utf-8") as f:
        column = "company" if kind == "org" else "person_name"
        founders = {r[column] for r in csv.DictReader(f)}
    return sorted({r["name1"] for r in rows} | {r["name2"] for r in rows} | founders)


def _random_pairs(names: list[str], count: int, seed: int) -> tuple[list[str], list[str]]:
    """`count` random pairs of the names, then each name against the list reversed."""
    rng = random.Random(seed)
    left = [rng.choice(names) for _ in range(count)] + names
    right = [rng.choice(names) for _ in range(count)] + names[::-1]
    return left, right


@pytest.mark.parametrize(
    ("kind", "comparator"), [("person", PersonNameComparator), ("org", OrgNameComparator)]
)
def test_levels_match_compare_names_on_every_pair(kind: str, comparator: type) -> None:
    """Skipping pairs that share no sound never hides a pair compare_names rates above ELSE."""
    left, right = _random_pairs(_names(kind), 6000, seed=3)
    c = comparator()
    prepared_l, prepared_r = c.prepare(left), c.prepare(right)
    index = np.arange(len(left), dtype=np.int64)
    result = c.compare(prepared_l, prepared_r, index, index)
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        expected = em.compare_names(a, b, kind=kind)
        if expected.level > Level.ELSE:
            assert result.levels[k] == expected.level, (a, b, expected.explanation)
            assert result.similarity[k] == pytest.approx(expected.score)
        else:
            assert result.levels[k] in (Level.ELSE, Level.NULL)


def test_aliases_are_never_skipped() -> None:
    aliases = em.AliasTable([("PixVerse", "爱诗科技")])
    c = OrgNameComparator(aliases=aliases)
    left, right = c.prepare(["PixVerse"]), c.prepare(["愛詩科技"])
    zero = np.zeros(1, dtype=np.int64)
    assert c.compare(left, right, zero, zero).levels[0] >= Level.HIGH


@pytest.mark.parametrize(
    ("kind", "comparator"), [("person", PersonNameComparator), ("org", OrgNameComparator)]
)
def test_unscreened_similarity_is_the_score_of_compare_names(kind: str, comparator: type) -> None:
    """With screening off, every pair's similarity is compare_names' score, skipped or not."""
    names = _names(kind)
    rng = random.Random(5)
    left = [rng.choice(names) for _ in range(1500)]
    right = [rng.choice(names) for _ in range(1500)]
    c = comparator(screen=False)
    index = np.arange(len(left), dtype=np.int64)
    result = c.compare(c.prepare(left), c.prepare(right), index, index)
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        expected = em.compare_names(a, b, kind=kind)
        assert result.levels[k] == expected.level, (a, b)
        assert result.similarity[k] == pytest.approx(expected.score), (a, b)


@pytest.mark.parametrize(
    ("kind", "comparator"), [("person", PersonNameComparator), ("org", OrgNameComparator)]
)
def test_explained_comparison_gives_the_same_levels_and_compare_names_words(
    kind: str, comparator: type
) -> None:
    """compare_explained, which the engine uses for the pairs it reports, keeps compare's levels
    and similarities (screened pairs included) and explains each pair as compare_names does."""
    left, right = _random_pairs([*_names(kind), ""], 1500, seed=11)
    c = comparator()
    prepared_l, prepared_r = c.prepare(left), c.prepare(right)
    index = np.arange(len(left), dtype=np.int64)
    plain = c.compare(prepared_l, prepared_r, index, index)
    explained = c.compare_explained(prepared_l, prepared_r, index, index)
    np.testing.assert_array_equal(explained.levels, plain.levels)
    np.testing.assert_array_equal(explained.similarity, plain.similarity)
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        assert explained.explanation[k] == em.compare_names(a, b, kind=kind).explanation


def _counting_full_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from entitymatch.compare import name_fields

    calls = [0]
    compare = name_fields.score_normalized

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return compare(*args, **kwargs)

    monkeypatch.setattr(name_fields, "score_normalized", counted)
    return calls


def _labelled_org_pairs(seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Organisation names and the labelled pairs of them as positions, shuffled: most are
    alike enough to be compared in full."""
    with (ROOT / "fixtures" / "name_pairs.csv").open(encoding="utf-8") as f:
        rows = [(r["name1"], r["name2"]) for r in csv.DictReader(f) if r["kind"] == "org"]
    random.Random(seed).shuffle(rows)
    names = sorted({name for row in rows for name in row})
    position = {name: k for k, name in enumerate(names)}
    left = np.array([position[a] for a, _ in rows], dtype=np.int64)
    right = np.array([position[b] for _, b in rows], dtype=np.int64)
    return names, left, right


def test_organisation_pairs_compared_once_are_answered_from_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A company's pairs recur batch after batch: the second batch compares only its new
    pairs, and answers exactly as without the memory."""
    names, left, right = _labelled_org_pairs(seed=5)
    third = left.size // 3
    first = left[: 2 * third], right[: 2 * third]
    second = left[third:], right[third:]  # half of it seen before
    c = OrgNameComparator()
    column = c.prepare(names)
    calls = _counting_full_comparisons(monkeypatch)
    c.remembers = False
    without_memory = c.compare(column, column, *second)
    compared_without = calls[0]
    del c.remembers
    c.compare(column, column, *first)
    calls[0] = 0

    again = c.compare(column, column, *second)

    assert np.array_equal(again.levels, without_memory.levels)
    assert np.array_equal(again.similarity, without_memory.similarity)
    assert 0 < calls[0] < compared_without


def test_what_a_worker_compared_is_remembered_by_the_engine_s_comparator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The engine hands back what its worker processes (forked copies of its comparator)
    found: the comparator then answers those pairs without comparing them."""
    names, left, right = _labelled_org_pairs(seed=6)
    engine = OrgNameComparator()
    column = engine.prepare(names)
    worker = copy.deepcopy(engine)
    calls = _counting_full_comparisons(monkeypatch)
    found = worker.compare(column, column, left, right)
    engine.remember(column, left, right, found)
    compared_by_worker, calls[0] = calls[0], 0

    again = engine.compare(column, column, left, right)

    # Only pairs that scored 0 are left to compare again (they cannot be told from pairs the
    # screen settled, and are few).
    assert compared_by_worker > 100
    assert calls[0] < compared_by_worker / 20
    assert np.array_equal(again.levels, found.levels)
    assert np.array_equal(again.similarity, found.similarity)


def test_screening_skips_most_random_pairs_of_people() -> None:
    """The screen does its job: most random pairs of people are settled without comparing."""
    names = _names("person")
    rng = random.Random(9)
    left = [rng.choice(names) for _ in range(4000)]
    right = [rng.choice(names) for _ in range(4000)]
    c = PersonNameComparator()
    pl, pr = c.prepare(left), c.prepare(right)
    from entitymatch.compare import screening

    i, j = pl.codes, pr.codes
    assert screening.may_meet(pl.keys, pr.keys, i, j).mean() < 0.5


# Names the screens bound by their words or spelling rather than by sound keys: people with
# English names, in Latin letters and in hanzi; organisations without a brand (a region and
# a glossary word), against each other and against brands.
SPELLING_PEOPLE = [
    "Michael Yang",
    "Yang Michael",
    "Michael Young",
    "Samuel Wu",
    "Sam Wu",
    "吴山木",
    "杨迈克",
    "John SHUANG",
    "Jack Ma",
    "马云",
    "Ma Yun",
    "Richard Liu",
    "刘强东",
    "Liu Qiangdong",
    "Wang Changhu",
    "王长虎",
    "Karl Ben",
    "Vincent GAO",
    "高文森",
    "Kai-Fu Lee",
    "李开复",
]
# Initials, Wade-Giles and misspelt given names (meeting by letters, not keys), and readings
# with and without a given name.
LOOSE_GIVEN_PEOPLE = [
    "Ch'ung-hsi Yü",
    "Yu Chongxi",
    "于崇熙",
    "Hei-ts'e T'ang",
    "Tang Heize",
    "唐黑泽",
    "Wang I",
    "Wang Yi",
    "王毅",
    "Y. Jia",
    "Jia Yangqing",
    "Jia Yangqnig",
    "Yangqing Jia",
    "贾扬清",
    "Lü Cheng",
    "Lyu Cheng",
    "吕骋",
    "Shuang",
    "John SHUANG",
    "Gao He",
    "Xianfeng",
]
# Romanised brands that are no syllables against hanzi and against each other, names of
# industry words only, and short brands beside long regions.
SPELT_ORGS = [
    "Nanjing In Construction Holdings Limited",
    "南京银建设控股有限公司",
    "世纪城市国际控股有限公司",
    "ZHEJIANG NHU",
    "浙江新和成",
    "金朝阳集团有限公司",
    "SCANTECH (HANGZHOU)",
    "苏州高新",
    "Kingboard Holdings",
    "Kingbaord Holdings",
    "建滔集团",
    "Fountain Set (Holdings) Limited",
    "福田实业",
    "Alibabba Group",
    "阿里巴巴",
    "China Financial International Investments",
    "中国金融国际投资",
    "东方通信",
    "Eastern Communications",
    "XPeng Inc.",
    "小鹏汽车",
    "中国东方航空股份有限公司",
    "中国南方航空",
    "China Southern Airlines",
    "上海电气集团",
    "上海电力",
    "Shanghai Electric Group",
    "BOCHU ELECTRONIC TECHNOLKGY",
    "柏楚电子",
    "Meilleure Health International Industry Group",
    "美瑞健康國際產業集團(白銀)有限公司",
]
# People in hanzi, whose given names meet only through a character in common (different
# characters, homophones or not, score too little), and people known only by a surname and an
# English name, who meet only through that English name or a bare surname.
HANZI_GIVEN_PEOPLE = [
    "王伟",
    "王偉",
    "王威",
    "汪伟",
    "王伟明",
    "王明伟",
    "王爱晶",
    "王愛晶",
    "王端精",
    "王晶",
    "黄冲志",
    "黄中自",
    "欧阳伟",
    "歐陽偉",
    "Wang Wei",
    "Wong Wai",
    "王",
]
ENGLISH_NAMED_PEOPLE = [
    "Tom Zhang",
    "Zhang Tom",
    "TOM ZHANG",
    "James Zhang",
    "Zhang",
    "Zhang Chanygi",
    "Zhang Wei",
    "Tom Chang",
    "Tom Cheung",
    "张汤姆",
    "Justin Wang",
    "Wang Justin Wei",
    "David Hong",
]
BRANDLESS_ORGS = [
    "河北建设集团股份有限公司",
    "Hebei Construction Group",
    "江苏新能有限公司",
    "Jiangsu New Energy",
    "海南高速股份有限公司",
    "Jiangsu Expressway Company Limited",
    "深圳高速",
    "Shenzhen Expressway Corporation Limited",
    "西安银行",
    "青岛银行股份有限公司",
    "北京建设",
    "建设银行",
    "阿里巴巴集团",
    "Alibaba Group Holding Limited",
    "阿里云",
]


@pytest.mark.parametrize(
    ("names", "comparator"),
    [
        (SPELLING_PEOPLE, PersonNameComparator),
        (LOOSE_GIVEN_PEOPLE, PersonNameComparator),
        (HANZI_GIVEN_PEOPLE, PersonNameComparator),
        (ENGLISH_NAMED_PEOPLE, PersonNameComparator),
        (BRANDLESS_ORGS, OrgNameComparator),
        (SPELT_ORGS, OrgNameComparator),
    ],
)
def test_screened_levels_equal_unscreened_on_every_pair(names: list[str], comparator: type) -> None:
    left = [a for a in names for _ in names]
    right = [b for _ in names for b in names]
    index = np.arange(len(left), dtype=np.int64)
    screened, unscreened = comparator(), comparator(screen=False)
    fast = screened.compare(screened.prepare(left), screened.prepare(right), index, index)
    full = unscreened.compare(unscreened.prepare(left), unscreened.prepare(right), index, index)
    assert fast.levels.tolist() == full.levels.tolist()
    assert (full.levels > Level.ELSE).sum() > len(names)  # more than each name with itself


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王爱晶", "王端精"),
        ("王伟", "王威"),
        ("Tom Zhang", "James Zhang"),
        ("Tom Zhang", "Zhang Chanygi"),
    ],
)
def test_screening_settles_pairs_that_share_only_a_sound(a: str, b: str) -> None:
    """Pairs whose names share a surname and sounds, but no given character nor English name,
    score below MEDIUM: the screen settles them (similarity 0) without comparing."""
    index = np.zeros(1, dtype=np.int64)
    screened, unscreened = PersonNameComparator(), PersonNameComparator(screen=False)
    fast = screened.compare(screened.prepare([a]), screened.prepare([b]), index, index)
    full = unscreened.compare(unscreened.prepare([a]), unscreened.prepare([b]), index, index)
    assert full.levels[0] == fast.levels[0] == Level.ELSE
    assert full.similarity[0] > 0.3
    assert fast.similarity[0] == 0.0
