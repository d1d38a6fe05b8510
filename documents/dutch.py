"""Small facts about Dutch parliamentary text: dates, numbering, identifiers."""

import datetime
import re
import unicodedata
from difflib import SequenceMatcher

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
ZAAK_NUMBER = re.compile(r"\b(\d{4}Z\d{5})\b")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"»”’)\]]+")


def parse_date(text: str) -> datetime.date | None:
    """The first Dutch date in text ("23 juni 2023"), or None."""
    match = DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    try:
        return datetime.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def parse_numbers(text: str) -> tuple[int, ...]:
    """Question numbers in "2 en 3", "2, 3 en 8", "2 t/m 4", "4-6", "4 tot en met 6"."""
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|\ben\b|&)\s*", text.strip()):
        span = re.fullmatch(r"(\d+)\s*(?:-|–|t/m|tot en met)\s*(\d+)", part)
        if span:
            first, last = int(span.group(1)), int(span.group(2))
            if first <= last <= first + 50:
                numbers.extend(range(first, last + 1))
            continue
        if re.fullmatch(r"\d+", part):
            numbers.append(int(part))
    return tuple(dict.fromkeys(numbers))


def find_urls(text: str) -> list[str]:
    return [url.rstrip(".,;:") for url in URL.findall(text)]


def text_similarity(first: str, second: str) -> float:
    """0..1: how alike two wordings are, ignoring case, punctuation and spacing."""
    a, b = _comparable(first), _comparable(second)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(re.findall(r"\w+", text))
