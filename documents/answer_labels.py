"""The labels that split parliamentary questions and answers: "Vraag 2", "Antwoord op vragen
2 en 3", "Nader antwoord 4", a bare "2.", the statement opening an answer or notice
("Antwoord van Minister X (ontvangen …)"), answers given by reference ("Zie het antwoord op
vraag 3"), and the number lists they hold ("2, 3 en 8", "4 t/m 6")."""

import re

NUMBERS = r"(\d+(?:\s*(?:,|en|&|-|–|t/m|tot en met)\s*\d+)*)"
QUESTION_LABEL = re.compile(rf"^(?:Vraag|Vragen)\s+{NUMBERS}\s*[:.]?$", re.IGNORECASE)
BARE_NUMBER_LABEL = re.compile(r"^(\d{1,3})[.)]?$")
ANSWER_LABEL = re.compile(
    rf"^(?P<nader>Nader\s+)?Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?vra(?:ag|gen))?\s+{NUMBERS}"
    r"\s*[:.]?$",
    re.IGNORECASE,
)
# A label that opens a line whose text goes on after a colon, as some ministries write them:
# "Vraag 1: Bent u …", "1. Vraag: Bent u …", "Antwoord op vraag 1 en 2: Ja."
INLINE_LABEL = re.compile(
    rf"^(?:(?P<question>Vra(?:ag|gen)\s+{NUMBERS})|(?P<number>\d{{1,3}})\.\s+Vraag"
    rf"|(?P<answer>(?:Nader\s+)?Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?vra(?:ag|gen))?"
    rf"\s+\d+(?:\s*(?:,|en|&|-|–|t/m|tot en met)\s*\d+)*))\s*:\s+(?=\S)",
    re.IGNORECASE,
)
LABEL_MAX_LENGTH = 60  # "Antwoord op vragen 12, 13, 14 en 15": labels are short lines
STATEMENT = re.compile(
    r"^(?P<nader>Nader\s+)?(?P<what>Antwoord|Mededeling)\s+van\s+(?:de\s+)?(?P<who>.+?)"
    r"\s*\((?:ontvangen|ingezonden)\s+(?P<date>[^)]*\d{4})\)",
    re.DOTALL | re.IGNORECASE,
)
# Capitalised: a title's line that begins "antwoord van de minister op vragen …" starts nothing.
STATEMENT_START = re.compile(
    r"^(?:(?i:Nader\s+)(?i:antwoord)|Antwoord|ANTWOORD|Mededeling|MEDEDELING)\s+(?i:van)\s+\S"
)
REFERRING = re.compile(
    rf"\b[Zz]ie\s+(?:ook\s+)?(?:het\s+|mijn\s+|de\s+)?antwoord(?:en)?\s+(?:op\s+)?"
    rf"(?:de\s+)?(?:vra(?:ag|gen)\s+)?{NUMBERS}(?P<rest>[^.]*)"
)
ELSEWHERE = re.compile(
    r"Aanhangsel|ingezonden|Kamerstuk|van (?:het lid|de leden)|\([^)]*\b(?:PvdA|VVD|CDA|D66|SP)\b"
)
# A full stop that ends the sentence: before a capital, a bracket or the end, not after an
# initial ("het lid J. Jansen"); "nr. 849" and "jl. bij" go on.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])\.(?=\s+[A-Z(«\"“]|\s*$)")
# Between the numbers and the paper: a second thing referred to ("… vraag 3 en de brief van
# …") would leave open which of the two holds the answers.
ALSO_REFERRED = re.compile(r"\b(?:en|of|alsmede|evenals)\s+(?:de|het|mijn|in|op|naar|aan)\b")
LABEL_START = re.compile(r"^(?:\d|vra|antw|nader\s)", re.IGNORECASE)


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


def label_of(text: str) -> tuple[str, tuple[int, ...]] | None:
    for kind, pattern in (("question", QUESTION_LABEL), ("answer", ANSWER_LABEL)):
        match = pattern.match(text)
        if match:
            return kind, parse_numbers(match.group(1 if kind == "question" else 2))
    match = BARE_NUMBER_LABEL.match(text)
    if match:
        return "number", (int(match.group(1)),)
    return None


def referred_in(text: str) -> list[int]:
    """Numbers of answers in this document the text points to ("Zie het antwoord op vraag
    3"); references to answers in another document are left out."""
    found: list[int] = []
    for match in REFERRING.finditer(text):
        if not ELSEWHERE.search(match.group("rest")):
            found.extend(parse_numbers(match.group(1)))
    return list(dict.fromkeys(found))


def referred_elsewhere(text: str) -> list[tuple[tuple[int, ...], str]]:
    """Answers in another paper the text points to ("Zie antwoord op vraag 3 Oosenbrug en
    Bouwmeester (beiden PvdA), ingezonden 25 november 2016 (Aanhangsel Handelingen,
    vergaderjaar 2016–2017, nr. 849)."): each with the rest of its sentence after the
    numbers, where the paper must be named. Nothing where something else is referred to
    beside it."""
    found: list[tuple[tuple[int, ...], str]] = []
    for match in REFERRING.finditer(text):
        end = SENTENCE_END.search(text, match.end(1))
        rest = text[match.end(1) : end.start() if end else len(text)]
        if ELSEWHERE.search(rest) and not ALSO_REFERRED.search(rest):
            found.append((parse_numbers(match.group(1)), rest))
    return found


def inline_label(text: str) -> tuple[str, str] | None:
    """A line opened by a label, its text after a colon ("1. Vraag: Bent u …"): the label
    as it stands on a line of its own ("Vraag 1") and the text after it."""
    match = INLINE_LABEL.match(text)
    if match is None or text[:1].islower():  # "… zoals gevraagd in" + "vraag 3: de …"
        return None
    if match.group("number"):
        label = f"Vraag {match.group('number')}"
    else:
        label = (match.group("question") or match.group("answer")).strip()
    return label, text[match.end() :]
