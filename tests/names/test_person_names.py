"""People's names across scripts, romanisations and orders, through the public API."""

from __future__ import annotations

import pytest

import entitymatch as em

SAME_PERSON = [
    ("贾扬清", "賈揚清"),
    ("贾扬清", "Jia Yangqing"),
    ("贾扬清", "JIA Yang-Qing"),
    ("贾扬清", "Yangqing Jia"),
    ("Jia Yangqing", "Yangqing Jia"),
    ("贾扬清", "Jiǎ Yángqīng"),
    ("贾扬清", "jia3 yang2 qing1"),
    ("贾扬清", "Jia, Yangqing"),
    ("王长虎", "Wang Changhu"),
    ("李开复", "Kai-Fu Lee"),
    ("吕骋", "Lyu Cheng"),
    ("吕骋", "Lü Cheng"),
    ("吕骋", "Lv Cheng"),
    ("吕骋", "Lu: Cheng"),
    ("李嘉诚", "Lee Ka-shing"),
    ("張家音", "Chang Chia-yin"),
    ("欧阳娜娜", "Ouyang Nana"),
    ("单田芳", "Shan Tianfang"),
    ("曾荫权", "Tsang Yam-kuen"),
    ("张伟", "David Zhang Wei"),
    ("张伟 (David Zhang)", "David Zhang"),
    ("萨提亚·纳德拉", "Satya Nadella"),
]

DIFFERENT_PEOPLE = [
    ("张毅", "章毅"),  # same pinyin, different hanzi: both sides in hanzi
    ("张伟", "张明"),
    ("王伟", "Wang Ming"),
    ("贾扬清", "Jia Yangming"),
    ("李开复", "Lee Kai-ming"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_same_person_matches(a: str, b: str) -> None:
    result = em.compare_names(a, b, kind="person")
    assert result.is_match, result.explanation
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people_do_not_match(a: str, b: str) -> None:
    result = em.compare_names(a, b, kind="person")
    assert not result.is_match, result.explanation


def test_name_reading_beats_dictionary_default() -> None:
    """长 in a given name is read chang: Wang Changhu scores above Wang Zhanghu."""
    right = em.compare_names("王长虎", "Wang Changhu", kind="person").score
    wrong = em.compare_names("王长虎", "Wang Zhanghu", kind="person").score
    assert right > wrong


@pytest.mark.parametrize(
    ("surname_name", "romanised"),
    [
        ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"),
        ("解缙", "Xie Jin"),
        ("区家麟", "Ou Jialin"),
        ("仇英", "Qiu Ying"),
        ("朴槿惠", "Piao Jinhui"),
        ("查良镛", "Zha Liangyong"),
        ("翟志刚", "Zhai Zhigang"),
        ("乐嘉", "Yue Jia"),
        ("盖叫天", "Ge Jiaotian"),
        ("缪杰", "Miao Jie"),
        ("覃宝", "Qin Bao"),
        ("宿华", "Su Hua"),
    ],
)
def test_surname_readings(surname_name: str, romanised: str) -> None:
    """Surnames read differently as surnames (单 Shan, not Dan) still match their pinyin."""
    name = em.normalize_name(surname_name, kind="person")
    assert name.romanised.split()[0] == romanised.split()[0].lower()
    assert em.compare_names(surname_name, romanised, kind="person").is_match


def test_normalized_person_parts() -> None:
    name = em.normalize_name("賈揚清", kind="person")
    assert name.key == "贾扬清"
    assert name.surname == "贾"
    assert name.given_name == "扬清"
    assert name.romanised == "jia yangqing"
    assert name.script == "han"
    compound = em.normalize_name("欧阳娜娜", kind="person")
    assert compound.surname == "欧阳"


def test_latin_person_parts() -> None:
    name = em.normalize_name("JIA Yang-Qing", kind="person")
    assert name.surname == "jia"
    assert name.given_name == "yang qing"
    english = em.normalize_name("David Zhang Wei", kind="person")
    assert english.english_names == ("david",)
    assert english.surname == "zhang"


def test_initials_are_weaker_than_full_names() -> None:
    full = em.compare_names("贾扬清", "Yangqing Jia", kind="person").score
    initials = em.compare_names("贾扬清", "Y.Q. Jia", kind="person").score
    wrong = em.compare_names("贾扬清", "M.Q. Jia", kind="person").score
    assert full > initials > wrong


def test_explanation_names_the_forms() -> None:
    result = em.compare_names("賈揚清", "Yangqing Jia", kind="person")
    assert "贾扬清" in result.explanation
    assert "jia yangqing" in result.explanation
    assert "order swapped" in result.explanation


def test_missing_names_are_null() -> None:
    result = em.compare_names("", "Jia Yangqing", kind="person")
    assert not result.is_match
    assert result.level.label == "null"
    assert em.normalize_name(None, kind="person").is_empty
