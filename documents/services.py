"""Writes for documents: create from an upload, store a structure."""

import hashlib
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from documents.models import Document, Footnote, Passage, Reference
from documents.pipeline import sniff_format
from documents.structure import DocumentStructure


class UploadRejected(Exception):
    """An upload that cannot become a document; the message is shown to the clerk."""


@dataclass
class CreatedDocument:
    document: Document
    created: bool  # False: the same file was uploaded before


def document_create(*, filename: str, data: bytes, uploaded_by=None) -> CreatedDocument:
    """Stores an uploaded file as a queued document, or returns the existing identical one."""
    if not data:
        raise UploadRejected("Het bestand is leeg.")
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=sha256).first()
    if existing:
        return CreatedDocument(existing, created=False)
    document = Document(
        filename=filename[:255],
        sha256=sha256,
        format=sniff_format(data),
        uploaded_by=uploaded_by,
    )
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return CreatedDocument(document, created=True)


@transaction.atomic
def document_store_structure(*, document: Document, structure: DocumentStructure) -> None:
    """Replaces the document's passages and footnotes with those of `structure`."""
    document.references.all().delete()
    document.passages.all().delete()
    document.footnotes.all().delete()
    passages = Passage.objects.bulk_create(
        Passage(
            document=document,
            order=item.order,
            heading=item.heading,
            text=item.text,
            page=item.page,
            role=item.role,
            answer_numbers=item.answer_numbers,
            refers_to_numbers=item.refers_to_numbers,
            lemmas=item.lemmas,
            sentence_starts=item.sentence_starts,
            is_further_answer=item.nader,
        )
        for item in structure.passages
    )
    Passage.objects.filter(document=document).update(
        search_vector=SearchVector("heading", weight="A", config="dutch")
        + SearchVector("text", weight="B", config="dutch")
        + SearchVector("lemmas", weight="C", config="simple")
    )
    carriers: dict[str, Passage] = {}
    for passage, item in zip(passages, structure.passages, strict=True):
        for marker in item.footnote_markers:
            carriers.setdefault(marker, passage)
    footnotes = Footnote.objects.bulk_create(
        Footnote(
            document=document,
            order=order,
            marker=note.marker,
            text=note.text,
            urls=note.urls,
            page=note.page,
            passage=carriers.get(note.marker),
        )
        for order, note in enumerate(structure.footnotes)
    )
    _store_references(document, passages, footnotes, structure)
    document.kind = document.kind if document.kind_set_by_user else structure.kind
    document.title = structure.title or document.title or document.filename
    document.identifiers = {**document.identifiers, **structure.identifiers}
    document.date = structure.date or document.date
    document.metadata = {
        key: value for key, value in structure.metadata.items() if key != "body_started"
    }
    document.page_count = structure.page_count
    document.save()


def _store_references(
    document: Document, passages: list, footnotes: list, structure: DocumentStructure
) -> None:
    sources = [(p, None, item) for p, item in zip(passages, structure.passages, strict=True)]
    sources += [(None, f, item) for f, item in zip(footnotes, structure.footnotes, strict=True)]
    Reference.objects.bulk_create(
        Reference(
            document=document,
            passage=passage,
            footnote=footnote,
            kind=reference.kind,
            text=reference.text,
            dossier=reference.dossier,
            numbers=reference.numbers,
            session=reference.session,
            date=reference.date,
            url=reference.url,
        )
        for passage, footnote, item in sources
        for reference in item.references
    )


@transaction.atomic
def references_resolve(*, document: Document) -> int:
    """Points the document's references at documents in the database, and earlier
    unresolved references that cite this document at it: either upload order works.
    Returns how many references were resolved."""
    resolved = 0
    for reference in document.references.filter(resolved_document__isnull=True):
        target = _reference_target(reference)
        if target is not None:
            reference.resolved_document = target
            reference.save(update_fields=["resolved_document"])
            resolved += 1
    citing = Reference.objects.filter(_citing(document), resolved_document__isnull=True)
    return resolved + citing.exclude(document=document).update(resolved_document=document)


def _reference_target(reference: Reference) -> Document | None:
    """Kamerstuk and motion by dossier and number, Aanhangsel answer by number (and
    session when both are known), question set by zaak number, a letter by its date
    when only one letter has that date."""
    candidates = Document.objects.exclude(pk=reference.document_id).exclude(
        status=Document.Status.FAILED
    )
    numbers = [str(number) for number in reference.numbers]
    if reference.kind in {Reference.Kind.KAMERSTUK, Reference.Kind.MOTION}:
        candidates = candidates.filter(
            identifiers__kamerstuk_dossier=reference.dossier,
            identifiers__kamerstuk_number__in=numbers,
        )
    elif reference.kind == Reference.Kind.AANHANGSEL:
        candidates = candidates.filter(identifiers__aanhangsel_number__in=numbers)
        if reference.session:
            candidates = candidates.filter(
                Q(identifiers__session=reference.session) | ~Q(identifiers__has_key="session")
            )
    elif reference.kind == Reference.Kind.ZAAK:
        candidates = candidates.filter(
            kind=Document.Kind.QUESTIONS, identifiers__zaak=reference.text
        )
    elif reference.kind == Reference.Kind.LETTER and reference.date:
        letters = list(candidates.filter(kind=Document.Kind.LETTER, date=reference.date)[:2])
        return letters[0] if len(letters) == 1 else None
    else:
        return None
    return candidates.order_by("pk").first()


def _citing(document: Document) -> Q:
    """References that point at this document by its identifiers (see _reference_target)."""
    ids = document.identifiers
    matches = Q(pk__in=[])
    dossier, number = ids.get("kamerstuk_dossier"), ids.get("kamerstuk_number")
    if dossier and str(number or "").isdigit():
        matches |= Q(
            kind__in=[Reference.Kind.KAMERSTUK, Reference.Kind.MOTION],
            dossier=dossier,
            numbers__contains=[int(number)],
        )
    aanhangsel = str(ids.get("aanhangsel_number") or "")
    if aanhangsel.isdigit():
        session = Q(session="") | Q(session=ids["session"]) if ids.get("session") else Q()
        matches |= Q(kind=Reference.Kind.AANHANGSEL, numbers__contains=[int(aanhangsel)]) & session
    if document.kind == Document.Kind.QUESTIONS and ids.get("zaak"):
        matches |= Q(kind=Reference.Kind.ZAAK, text=ids["zaak"])
    if document.kind == Document.Kind.LETTER and document.date:
        others = Document.objects.filter(kind=Document.Kind.LETTER, date=document.date)
        if not others.exclude(pk=document.pk).exists():
            matches |= Q(kind=Reference.Kind.LETTER, date=document.date)
    return matches
