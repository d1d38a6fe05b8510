"""References in parliamentary text, parsed into structured form: the entities the reference
ruler (`documents.spacy_pipeline`, patterns in `documents.reference_patterns`) finds, as
ReferenceItems."""

import re

from spacy.tokens import Doc, Span

from documents.answer_labels import parse_numbers
from documents.dutch_dates import parse_date
from documents.identifiers import SPACED_PART, ZAAK_NUMBER, dossier_number, find_urls
from documents.reference_patterns import MAY_HOLD_REFERENCE
from documents.spacy_pipeline import REFERENCES, annotate
from documents.structure import ReferenceItem

KINDS = {
    "KAMERSTUK": "kamerstuk",
    "MOTIE": "motie",
    "AANHANGSEL": "aanhangsel",
    "BRIEF": "brief",
    "URL": "url",
    "ZAAK": "zaak",
}

SESSION_TEXT = re.compile(r"(\d{4})\s*[/–-]\s*(\d{2,4})")
DOSSIER = re.compile(  # also "Nr.", and a part after a space ("36 740 XVI, nr. 2")
    rf"(\d{{2}}\s?\d{{3}}(?:-[A-Z0-9]+|\s{SPACED_PART})?),\s*(?i:nrs?)\b"
)
NUMBER_LIST = re.compile(r"(?i:nrs?)\.?\s*(\d+(?:\s*(?:,|en|&)\s*\d+)*)\s*$")


def find_references(text: str) -> list[ReferenceItem]:
    """Every reference in text, in order of appearance."""
    if not MAY_HOLD_REFERENCE.search(text):
        return []  # `annotate` would skip the ruler: spaCy would only tokenize, for nothing
    return references_of(annotate([text], components=(REFERENCES,))[0])


def references_of(doc: Doc) -> list[ReferenceItem]:
    """The references the reference ruler found in an annotated doc."""
    return [item for ent in doc.ents if (item := reference_from_span(ent)) is not None]


def reference_from_span(span: Span) -> ReferenceItem | None:
    kind = KINDS.get(span.label_)
    if kind is None:
        return None
    text = span.text
    if kind == "url":
        urls = find_urls(text)
        return ReferenceItem(kind=kind, text=urls[0], url=urls[0]) if urls else None
    if kind == "zaak":
        return ReferenceItem(kind=kind, text=text) if ZAAK_NUMBER.fullmatch(text) else None
    if kind == "brief":
        date = parse_date(text)
        return ReferenceItem(kind=kind, text=text, date=date.isoformat() if date else None)
    numbers = NUMBER_LIST.search(text)
    found = DOSSIER.search(text) if kind != "aanhangsel" else None
    dossier = dossier_number(found.group(1)) if found else None
    if kind != "aanhangsel" and not dossier:
        return None  # "2021, nr. 3": a year, not a dossier
    return ReferenceItem(
        kind=kind,
        text=text,
        dossier=dossier or "",
        numbers=list(parse_numbers(numbers.group(1))) if numbers else [],
        session=_session(text),
    )


def _session(text: str) -> str:
    """ "2021/22", also from "2016–2017" or "2016/2017"."""
    match = SESSION_TEXT.search(text)
    if not match:
        return ""
    first, second = match.groups()
    return f"{first}/{second[-2:]}"
