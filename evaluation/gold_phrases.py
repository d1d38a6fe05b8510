"""How a gold phrase is matched against a passage's text (format `kamervragen.gold/1`).

Apart from `link_gold`, which needs Django, so that dev scripts writing gold match phrases
exactly as `evaluate-links` will."""

import re
import unicodedata

QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00ad": ""})


def normalise(text: str) -> str:
    """NFC, lower case, straight quotes, no soft hyphens, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(QUOTES).lower()
    return re.sub(r"\s+", " ", text).strip()
