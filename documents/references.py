"""References in parliamentary text, parsed into structured form.

Kamerstukken ("31 934, nr. 52", "Kamerstukken II 2021/22, 29 911, nr. 379"), answers in
the Aanhangsel ("Aanhangsel Handelingen II 2020/21, nr. 2412", "nrs. 2380 en 2381"),
motions (a Kamerstuk reference after the word "motie"), dated letters ("brief van 14 mei
2018") and URLs.
"""

import re
from dataclasses import dataclass, field

from documents.dutch import find_urls, parse_date, parse_numbers

NUMBER_LIST = r"\d+(?:\s*(?:,|en)\s*\d+)*"
SESSION = r"\d{4}\s*(?:/|–|-)\s*\d{2,4}"
KAMERSTUK = re.compile(
    rf"(?:Kamerstuk(?:ken)?(?:\s+I{{1,2}})?\s+(?:(?P<session>{SESSION}),\s*)?)?"
    rf"(?P<dossier>\d{{2}}\s?\d{{3}}(?:-[A-Z0-9]+)?),\s*nrs?\.\s*(?P<numbers>{NUMBER_LIST})"
)
AANHANGSEL = re.compile(
    r"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+I{1,2})?"
    rf"(?:,?\s+(?:vergaderjaar\s+)?(?P<session>{SESSION}))?,\s*nrs?\.\s*(?P<numbers>{NUMBER_LIST})"
)
LETTER = re.compile(r"\bbrief\s+van\s+(?:de\s+|het\s+)?(?P<date>\d{1,2}\s+[a-z]+(?:\s+\d{4})?)")
MOTION = re.compile(r"\bmoties?\b", re.IGNORECASE)


@dataclass
class ReferenceItem:
    kind: str  # "kamerstuk" | "motie" | "aanhangsel" | "brief" | "url"
    text: str
    dossier: str = ""
    numbers: list[int] = field(default_factory=list)
    session: str = ""
    date: str | None = None  # ISO
    url: str = ""


def find_references(text: str) -> list[ReferenceItem]:
    """Every reference in text, in order of appearance."""
    found: list[tuple[int, ReferenceItem]] = []
    for match in AANHANGSEL.finditer(text):
        found.append((match.start(), _numbered("aanhangsel", match, dossier="")))
    for match in KAMERSTUK.finditer(text):
        if any(start <= match.start() < start + len(item.text) for start, item in found):
            continue
        before = text[max(0, match.start() - 80) : match.start()]
        kind = "motie" if MOTION.search(before) else "kamerstuk"
        dossier = re.sub(r"\s", "", match.group("dossier"))
        found.append(
            (match.start(), _numbered(kind, match, dossier=f"{dossier[:2]} {dossier[2:]}"))
        )
    for match in LETTER.finditer(text):
        date = parse_date(match.group("date"))
        found.append(
            (
                match.start(),
                ReferenceItem(
                    kind="brief", text=match.group(0), date=date.isoformat() if date else None
                ),
            )
        )
    for url in find_urls(text):
        found.append((text.find(url), ReferenceItem(kind="url", text=url, url=url)))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _numbered(kind: str, match: re.Match, *, dossier: str) -> ReferenceItem:
    session = re.sub(r"\s", "", match.group("session") or "").replace("–", "/").replace("-", "/")
    session = re.sub(r"^(\d{4})/\d{2}(\d{2})$", r"\1/\2", session)  # 2016/2017 → 2016/17
    return ReferenceItem(
        kind=kind,
        text=match.group(0),
        dossier=dossier,
        numbers=list(parse_numbers(match.group("numbers"))),
        session=session,
    )
