"""The token patterns of references in parliamentary text:

Kamerstukken ("31 934, nr. 52", "Kamerstukken II 2021/22, 29 911, nr. 379"), answers in
the Aanhangsel ("Aanhangsel Handelingen II 2020/21, nr. 2412", "nrs. 2380 en 2381"),
motions ("motie-Brekelmans, Kamerstuk 36 200-V, nr. 26"), dated letters ("Kamerbrief van
1 juli 2021"), URLs and zaak numbers of written questions ("2023Z11786").

The EntityRuler `kamervragen_reference_ruler_v1` (`documents.spacy_pipeline`) finds them;
`documents.references` turns what it finds into ReferenceItems.
"""

import itertools
import re
from typing import Any

from documents.dutch_dates import MONTHS
from documents.identifiers import SPACED_PART

MAX_NUMBERS = 4  # "nrs. 2380, 2381 en 2382": how many numbers one reference may list
MAX_MOTION_GAP = 14  # tokens between "motie" and its Kamerstuk ("de motie Van Dijk c.s. (")

Token = dict[str, Any]  # a spaCy Matcher token pattern

# Few patterns, cheap predicates first: the matcher tries every pattern at every token.
OPTIONAL_COMMA: Token = {"ORTH": ",", "OP": "?"}
CHAMBER: Token = {"ORTH": {"IN": ["I", "II"]}, "OP": "?"}
SESSION: Token = {"TEXT": {"REGEX": r"^\d{4}[/–-]\d{2,4}$"}}  # one token: "2021/22", "2016–2017"
# A part printed after a space ("36 740 XVI", "36 200 A"): `identifiers.SPACED_PART`
PART_AFTER_SPACE: Token = {"TEXT": {"REGEX": rf"^{SPACED_PART}$"}}
DOSSIERS: list[list[Token]] = [
    [{"IS_DIGIT": True, "LENGTH": 2}, {"TEXT": {"REGEX": r"^\d{3}(?:-[A-Z0-9]+)?$"}}],
    [{"IS_DIGIT": True, "LENGTH": 2}, {"IS_DIGIT": True, "LENGTH": 3}, PART_AFTER_SPACE],
    [{"IS_DIGIT": True, "LENGTH": 5}, PART_AFTER_SPACE],
    [
        {
            "LENGTH": {">=": 5},
            "SHAPE": {"IN": ["dddd", "dddd-X", "dddd-XX", "dddd-XXX", "dddd-XXXX", "dddd-d"]},
        }
    ],
]


def _numbers_tails() -> list[list[Token]]:
    """ "nr. 52" / "nrs. 2380 en 2381" / "nrs. 1, 2 en 3" as token patterns."""
    label: Token = {"LOWER": {"IN": ["nr.", "nrs.", "nr", "nrs"]}}
    dot: Token = {"ORTH": ".", "OP": "?"}
    number: Token = {"IS_DIGIT": True}
    separator: Token = {"LOWER": {"IN": [",", "en", "&"]}}
    return [
        [label, dot, number, *itertools.chain.from_iterable([separator, number] for _ in range(k))]
        for k in range(MAX_NUMBERS)
    ]


def _kamerstuk_patterns() -> list[list[Token]]:
    """ "31 934, nr. 52", "Kamerstuk 31 934, nr. 52", "Kamerstukken II 2021/22, 29 911, nr. 379"

    No pattern starts with an optional token: that would start a partial match everywhere."""
    word: Token = {"LOWER": {"IN": ["kamerstuk", "kamerstukken"]}}
    prefixes: list[list[Token]] = [[], [word, CHAMBER], [word, CHAMBER, SESSION, {"ORTH": ","}]]
    return [
        [*prefix, *dossier, {"ORTH": ","}, *tail]
        for prefix in prefixes
        for dossier in DOSSIERS
        for tail in _numbers_tails()
    ]


def _aanhangsel_patterns() -> list[list[Token]]:
    """ "Aanhangsel Handelingen II 2020/21, nr. 2412", "Aanhangsel van de Handelingen,
    vergaderjaar 2016–2017, nrs. 2380 en 2381" """
    head: list[Token] = [
        {"LOWER": "aanhangsel"},
        {"LOWER": "van", "OP": "?"},
        {"LOWER": "de", "OP": "?"},
        {"LOWER": "handelingen"},
        CHAMBER,
        OPTIONAL_COMMA,
        {"LOWER": "vergaderjaar", "OP": "?"},
        {**SESSION, "OP": "?"},
    ]
    return [[*head, {"ORTH": ","}, *tail] for tail in _numbers_tails()]


def _motion_patterns() -> list[list[Token]]:
    """ "motie-Brekelmans, Kamerstuk 36 200-V, nr. 26", "de motie Van Dijk (Kamerstuk …)" """
    motion: Token = {"LOWER": {"REGEX": r"^moties?(?:-\S+)?$"}}
    # "Kamerstukken II 2021/22," falls in the gap, which never crosses a sentence end or
    # another reference's number
    gap: Token = {"LOWER": {"NOT_IN": [".", ";", "nr.", "nrs."]}, "OP": f"{{0,{MAX_MOTION_GAP}}}"}
    return [
        [motion, gap, *dossier, {"ORTH": ","}, *tail]
        for dossier in DOSSIERS
        for tail in _numbers_tails()
    ]


def _letter_patterns() -> list[list[Token]]:
    """ "brief van 14 mei 2018", "Kamerbrief van 1 juli 2021" """
    return [
        [
            {"LOWER": {"REGEX": r"brief$"}},  # brief, Kamerbrief, verzamelbrief
            {"LOWER": "van"},
            {"LOWER": {"IN": ["de", "het"]}, "OP": "?"},
            {"IS_DIGIT": True, "LENGTH": {"<=": 2}},
            {"LOWER": {"IN": list(MONTHS)}},
            {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"},
        ]
    ]


REFERENCE_PATTERNS: list[dict] = (
    [{"label": "KAMERSTUK", "pattern": p} for p in _kamerstuk_patterns()]
    + [{"label": "MOTIE", "pattern": p} for p in _motion_patterns()]
    + [{"label": "AANHANGSEL", "pattern": p} for p in _aanhangsel_patterns()]
    + [{"label": "BRIEF", "pattern": p} for p in _letter_patterns()]
    + [{"label": "URL", "pattern": [{"LIKE_URL": True}]}]  # checked in reference_from_span
    + [{"label": "ZAAK", "pattern": [{"LENGTH": 10, "SHAPE": "ddddXdddd"}]}]  # 2023Z11786
)
# Text the ruler can find a reference in holds one of these; the rest skips the ruler. Keep
# it in step with the patterns: "nr"/"nrs" ends every Kamerstuk, motion and Aanhangsel
# pattern, a letter is "… brief van", a zaak number "2023Z11786", and a URL entity only
# counts when find_urls accepts it.
MAY_HOLD_REFERENCE = re.compile(
    r"(?<![^\W\d_])nrs?(?![^\W\d_])|brief\s+van|\d{4}[A-Z]\d{5}|https?://|www\.",
    re.IGNORECASE,
)
