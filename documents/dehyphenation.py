"""Words broken across lines: whether the hyphen at a line end belongs to the word."""

import re

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
