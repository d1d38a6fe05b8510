"""How alike two texts are, word for word."""

import re
import unicodedata
from difflib import SequenceMatcher


def comparable_text(text: str) -> str:
    """The words of a text, case-folded: texts that differ only in case, punctuation and
    spacing compare equal (how re-processing recognises an unchanged row)."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold()))


def text_similarity(first: str, second: str) -> float:
    """0..1: how alike two wordings are, ignoring case, punctuation and spacing."""
    a, b = comparable_text(first), comparable_text(second)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
