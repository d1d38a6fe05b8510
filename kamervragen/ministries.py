"""Which ministry a question set is addressed to, from the addressee's title.

Questions go to a minister or a state secretary ("Minister van Justitie en Veiligheid",
"Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", "Minister voor
Rechtsbescherming"); the overdue list, the set list's ministry filter and the statistics
count per ministry, so every title of one ministry gives that ministry's name. A bare title
("Minister": questions headed "… aan de Minister over …") names no ministry.

A set's ministries are stored on it (`QuestionSet.ministries`, from `ministries_of`) for
the statistics; after a change here `manage.py refresh-statuses` fills them again."""

import functools
import re
from typing import Any

# Ministers without a ministry of their own ("Minister voor …") work from a ministry.
MINISTERS_WITHOUT_PORTFOLIO = {
    "rechtsbescherming": "Justitie en Veiligheid",
    "migratie": "Justitie en Veiligheid",
    "medische zorg": "Volksgezondheid, Welzijn en Sport",
    "medische zorg en sport": "Volksgezondheid, Welzijn en Sport",
    "langdurige zorg en sport": "Volksgezondheid, Welzijn en Sport",
    "jeugd en gezin": "Volksgezondheid, Welzijn en Sport",
    "basis- en voortgezet onderwijs en media": "Onderwijs, Cultuur en Wetenschap",
    "primair en voortgezet onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "basis- en voortgezet onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "buitenlandse handel en ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "europese zaken": "Buitenlandse Zaken",
    "klimaat en energie": "Economische Zaken en Klimaat",
    "natuur en stikstof": "Landbouw, Natuur en Voedselkwaliteit",
    "volkshuisvesting en ruimtelijke ordening": "Binnenlandse Zaken en Koninkrijksrelaties",
    "wonen en rijksdienst": "Binnenlandse Zaken en Koninkrijksrelaties",
    "wonen, wijken en integratie": "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer",
    "bestuurlijke vernieuwing en koninkrijksrelaties": "Binnenlandse Zaken en Koninkrijksrelaties",
    "armoedebeleid, participatie en pensioenen": "Sociale Zaken en Werkgelegenheid",
    "armoedebeleid": "Sociale Zaken en Werkgelegenheid",
    "pensioenen": "Sociale Zaken en Werkgelegenheid",
}

# Published questions also write these "Minister van …" ("… aan de Minister van
# Rechtsbescherming over …", 2021Z14617): no ministry has such a name, so it is the same
# minister. Not "volkshuisvesting en ruimtelijke ordening": a ministry of that name exists
# since 2024 (a Minister voor it worked from Binnenlandse Zaken before).
WRITTEN_WITH_VAN = set(MINISTERS_WITHOUT_PORTFOLIO) - {"volkshuisvesting en ruimtelijke ordening"}

TITLE = re.compile(
    r"^(?:de\s+)?(?:(?P<pm>minister-president)|(?:vice-?)?minister|staatssecretaris)\b"
    r"(?:\s+(?P<prep>van|voor)\s+(?P<name>.+))?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # a few hundred titles cover decades of sets
def ministry_of(addressee: str) -> str | None:
    """The ministry's name for an addressee's title ("Staatssecretaris van Financiën -
    Toeslagen en Douane" → "Financiën"); an addressee that is no such title stays as it is;
    a bare title ("Minister", "de Staatssecretaris") or nothing names no ministry: None."""
    text = re.sub(r"\s+", " ", addressee).strip(" ,.")
    match = TITLE.match(text)
    if not match:
        return text or None
    if match.group("pm"):
        return "Algemene Zaken"
    name = match.group("name") or ""
    name = re.split(r"\s+[-–—]\s+|\s*\(", name)[0].strip(" ,.")
    if not name:
        return None
    if match.group("prep").lower() == "voor" or name.lower() in WRITTEN_WITH_VAN:
        return MINISTERS_WITHOUT_PORTFOLIO.get(name.lower(), name[:1].upper() + name[1:])
    return name[:1].upper() + name[1:]


def ministries_of(addressed_to: Any) -> list[str]:
    """The distinct ministries of a set's addressees, sorted: a minister and a state
    secretary of one ministry give it once. Anything but a list of strings (bad data) gives
    none."""
    if not isinstance(addressed_to, list):
        return []
    found = {ministry_of(a) for a in addressed_to if isinstance(a, str)}
    return sorted(m for m in found if m)
