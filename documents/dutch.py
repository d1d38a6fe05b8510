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


# Vowel pairs that would read as one sound if the parts of a compound were written
# together; Dutch spelling then requires a hyphen ("zee-egel", "auto-ongeluk").
VOWEL_CLASHES = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "oe", "oi", "oo", "ou", "ui", "uu"}
# Prefixes written with a hyphen ("non-refoulement", "ex-minister", "oud-wethouder",
# "niet-ingezetenen"); after all but "non" the rest must be a word of its own, since
# "ex-pert" or "oud-ste" are ordinary syllable breaks.
HYPHEN_PREFIXES = {"non": False, "ex": True, "oud": True, "niet": True}
VOWELS = re.compile(r"[aeiouyáéíóúàèäëïöü]", re.IGNORECASE)


def word_frequency(word: str) -> float:
    """The word's Zipf frequency in Dutch (wordfreq): 0 when unknown, about 7 for "de"."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "nl")


def keeps_hyphen(head: str, tail: str) -> bool:
    """Whether a word broken as "head-" at a line end and continued with "tail" is
    written with that hyphen. Yes for two words whose vowels would clash if written
    together ("auto-ongeluk"; a rare joined form is a misspelling, a common one like
    "groeien" a syllable break) and, where the joined form is no Dutch word at all, for
    a head without a vowel (an abbreviation such as "btw": never a syllable) or a
    hyphen-taking prefix ("non-refoulement")."""
    head, tail = head.lower(), tail.lower()
    if not head or not tail:
        return False
    joined = word_frequency(head + tail)
    if head[-1] + tail[0] in VOWEL_CLASHES and joined < 2.0:
        return word_frequency(head) > 0 and word_frequency(tail) > 0
    if joined > 0:
        return False
    if len(head) == 1 or not VOWELS.search(head):
        return True
    if head in HYPHEN_PREFIXES:
        return not HYPHEN_PREFIXES[head] or word_frequency(tail) > 0
    return False
