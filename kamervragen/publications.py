"""Addresses of the official publication of a question set or a document, built from the
identifiers we hold (zaak, Kamerstuk, Aanhangsel number). Nothing is fetched: an address is
only given when its identifier has the documented form.

- Tweede Kamer, a set of written questions: https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786
- officielebekendmakingen.nl, the questions as published ("Kamervragen zonder antwoord"):
  https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786
- a Kamerstuk (dossier 31 934, nr. 65; a dossier with a part: 36 200-XII): kst-31934-65,
  kst-36200-XII-9
- an answer in the Aanhangsel Handelingen (session 2022/23, nr. 3107): ah-tk-20222023-3107
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from documents.identifiers import dossier_number
from documents.models import Document
from kamervragen.models import QuestionSet

TWEEDE_KAMER = "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id={zaak}"
OFFICIELE_BEKENDMAKINGEN = "https://zoek.officielebekendmakingen.nl/{id}"
ZAAK = re.compile(r"\d{4}Z\d{4,6}")
SESSION = re.compile(r"(\d{4})\s*[/–-]\s*(\d{2}|\d{4})")


@dataclass(frozen=True)
class Publication:
    label: str
    url: str


def zaak_publications(zaak: str | None) -> list[Publication]:
    """The set's pages at the Tweede Kamer and officielebekendmakingen.nl."""
    zaak = (zaak or "").strip().upper()
    if not ZAAK.fullmatch(zaak):
        return []
    return [
        Publication(str(_("Tweede Kamer")), TWEEDE_KAMER.format(zaak=zaak)),
        Publication(
            str(_("Officiële bekendmakingen")),
            OFFICIELE_BEKENDMAKINGEN.format(id=f"kv-tk-{zaak}"),
        ),
    ]


def kamerstuk_id(dossier: str, number: str) -> str | None:
    """ "31 934", "65" → "kst-31934-65"; "36 200-XII", "9" → "kst-36200-XII-9"."""
    normalised = dossier_number(dossier or "")
    number = str(number or "").strip()
    if not normalised or not number.isdigit():
        return None
    return f"kst-{normalised.replace(' ', '')}-{number}"


def aanhangsel_id(session: str, number: str) -> str | None:
    """ "2022/23", "3107" → "ah-tk-20222023-3107"."""
    match = SESSION.fullmatch((session or "").strip())
    number = str(number or "").strip()
    if not match or not number.isdigit():
        return None
    first = int(match.group(1))
    second = match.group(2)
    second_year = int(second) if len(second) == 4 else first - first % 100 + int(second)
    if second_year != first + 1:
        return None
    return f"ah-tk-{first}{second_year}-{number}"


def document_publication(document: Document) -> Publication | None:
    """The document at officielebekendmakingen.nl, when it carries its Kamerstuk or
    Aanhangsel number."""
    ids = document.identifiers or {}
    official = kamerstuk_id(ids.get("kamerstuk_dossier", ""), ids.get("kamerstuk_number", ""))
    if official:
        label = _("Kamerstuk %(dossier)s, nr. %(number)s") % {
            "dossier": ids["kamerstuk_dossier"],
            "number": ids["kamerstuk_number"],
        }
    else:
        official = aanhangsel_id(ids.get("session", ""), ids.get("aanhangsel_number", ""))
        label = _("Aanhangsel Handelingen %(session)s, nr. %(number)s") % {
            "session": ids.get("session", ""),
            "number": ids.get("aanhangsel_number", ""),
        }
    if not official:
        return None
    return Publication(str(label), OFFICIELE_BEKENDMAKINGEN.format(id=f"{official}.html"))


def question_set_publications(question_set: QuestionSet) -> list[Publication]:
    """The set's official pages, then those of its documents (reads a prefetched
    `documents`)."""
    found = zaak_publications(question_set.zaak_number)
    for document in question_set.documents.all():
        publication = document_publication(document)
        if publication and publication not in found:
            found.append(publication)
    return found
