"""Identifiers in parliamentary text: zaak numbers of written questions ("2023Z11786"),
Kamerstuk dossier numbers ("31 934", "36 200-XII") and web addresses."""

import re

ZAAK_NUMBER = re.compile(r"\b(\d{4}Z\d{5})\b")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"»”’)\]]+")
# A Kamerstuk's dossier number as it is written: "31934", "31 934", "36200-xii",
# "36 200 - VII", "36200XII". The part after the five digits names a budget chapter or a
# sub-dossier ("21 501-02").
DOSSIER_NUMBER = re.compile(r"(\d{2})\s?(\d{3})(?:\s*-?\s*([A-Za-z0-9]{1,6}))?")
# A part printed after a space, without the hyphen ("36 740 XVI", "36 200 IXB", "36 200 A"),
# where the text around it is read more strictly than `DOSSIER_NUMBER` reads a number on its
# own: a budget chapter's Roman numeral or a fund's capital, not a title's first word in
# capitals ("26 643 ICT in het onderwijs").
SPACED_PART = r"(?:[IVXL]+[AB]?|[A-Z])"


def find_urls(text: str) -> list[str]:
    return [url.rstrip(".,;:") for url in URL.findall(text)]


def dossier_number(text: str) -> str | None:
    """The dossier number `text` is, written as references write it and documents store it
    ("31 934", "36 200-XII"), so that the two meet; None when `text` is none."""
    match = DOSSIER_NUMBER.fullmatch(text.strip())
    if not match:
        return None
    part = f"-{match.group(3).upper()}" if match.group(3) else ""
    return f"{match.group(1)} {match.group(2)}{part}"
