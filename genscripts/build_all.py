"""Rebuild every organisation-name table in src/entitymatch/names/data/, in dependency order.

    python genscripts/build_all.py

Reads only genscripts/sources/ (refresh the company-name slices there with
copy_org_sources.py). The glossary and the industry words read legal_forms.tsv and
regions.tsv, so those are built first.
"""

from __future__ import annotations

import runpy
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ORDER = (
    "build_legal_forms.py",
    "build_regions.py",
    "build_industry_words.py",
    "build_org_glossary.py",
)


def main() -> None:
    for script in _ORDER:
        print(f"== {script}")
        runpy.run_path(str(_HERE / script), run_name="__main__")


if __name__ == "__main__":
    main()
