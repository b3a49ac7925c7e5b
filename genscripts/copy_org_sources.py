"""Copy the train half of the shared company-name files into genscripts/sources/.

Run once when ../shared/data changes; every builder reads only genscripts/sources/, so the tables
can be rebuilt from the repository alone. Only train-half rows (see org_common.is_train) are
copied, so held-out names cannot leak into a table by accident.

    python genscripts/copy_org_sources.py [--shared PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from org_common import A_SHARES_TRAIN, HKEX_TRAIN, ROOT, SPLIT_RULE, is_train, read_tsv, write_table

_HKEX_COLUMNS = ("stock_code", "zh_trad", "zh_simp_derived", "en", "mandarin_pinyin_class_derived")
_A_SHARE_COLUMNS = (
    "exchange",
    "stock_code",
    "security_kind_derived",
    "zh_short_trad_nfkc",
    "zh_short_simp_derived",
    "en_short",
    "mandarin_pinyin_class_derived",
)


def _copy(source: Path, target: Path, columns: tuple[str, ...], origin: str) -> tuple[int, int]:
    rows = read_tsv(source)
    kept = [r for r in rows if is_train(r["stock_code"])]
    comments = [
        f"Train half of {source.name} from the project's shared data ({origin}).",
        f"Split: {SPLIT_RULE}.",
        "Columns are a subset of the original; *_derived columns were computed mechanically by",
        "the data set's compiler (OpenCC, pypinyin) and are",
        "hints. See genscripts/sources/README.md.",
        "Regenerate: python genscripts/copy_org_sources.py",
    ]
    write_table(target, comments, columns, ([r[c] for c in columns] for r in kept))
    return len(kept), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    hkex = _copy(
        args.shared / "hkex_listed_companies_zh_en.tsv",
        HKEX_TRAIN,
        _HKEX_COLUMNS,
        'HKEX "Hyperlinks to Listed Companies", archived in GitHub jacktth/ga-hk_stock_info',
    )
    a_shares = _copy(
        args.shared / "hk_stock_connect_a_shares_zh_en.tsv",
        A_SHARES_TRAIN,
        _A_SHARE_COLUMNS,
        "HKEX Stock Connect eligible-securities lists, same repository",
    )
    print(f"hkex: kept {hkex[0]} of {hkex[1]} rows; a-shares: kept {a_shares[0]} of {a_shares[1]}")


if __name__ == "__main__":
    main()
