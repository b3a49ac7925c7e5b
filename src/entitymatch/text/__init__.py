"""Text clean-up below every other layer: Unicode forms, width, punctuation, scripts, tones.

Nothing here knows about names; it makes strings comparable so the layers above need not care
how a spreadsheet, a web page or an input method wrote them.
"""

from __future__ import annotations

from entitymatch.text.clean import clean_text, fold_case, strip_tones, unify_umlaut
from entitymatch.text.script import Script, detect_script, han_only, has_han, is_han, is_plain_han
from entitymatch.text.simplify import prepare_simplified, to_simplified

__all__ = [
    "Script",
    "clean_text",
    "detect_script",
    "fold_case",
    "han_only",
    "has_han",
    "is_han",
    "is_plain_han",
    "prepare_simplified",
    "strip_tones",
    "to_simplified",
    "unify_umlaut",
]
