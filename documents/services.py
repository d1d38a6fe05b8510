"""Writes for documents: create from an upload, store a structure."""

import hashlib
import logging
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat

from documents.formats import filename_clean, format_refusal, sniff_format
from documents.models import Document, Footnote, Passage, Reference
from documents.structure import DocumentStructure, FootnoteItem, PassageItem
from documents.text_similarity import comparable_text
from documents.titles import document_title

Row = TypeVar("Row", Passage, Footnote)

logger = logging.getLogger(__name__)


class UploadRejected(Exception):
    """An upload that cannot become a document; the message is shown to the clerk."""


@dataclass
class CreatedDocument:
    document: Document
    created: bool  # False: the same file was uploaded before


def document_create(*, filename: str, data: bytes, uploaded_by=None) -> CreatedDocument:
    """Stores an uploaded file as a queued document, or returns the existing identical one.

    Refuses (UploadRejected, with the reason for the clerk) an empty file, one over
    MAX_UPLOAD_SIZE and one whose content is no format the pipeline reads, whatever its name.
    The file is stored under its SHA-256 and detected format; the name it came with is only
    kept, cleaned, to show (see `documents.formats.filename_clean`).
    """
    if not data:
        raise UploadRejected("Het bestand is leeg.")
    upload_size_check(len(data))
    refusal = format_refusal(data)
    if refusal:
        raise UploadRejected(refusal)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=sha256).first()
    if existing:
        return CreatedDocument(existing, created=False)
    file_format = sniff_format(data)
    document = Document(
        filename=filename_clean(filename),
        sha256=sha256,
        format=file_format,
        uploaded_by=uploaded_by,
    )
    document.file.save(f"{sha256}.{file_format}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # The same file, uploaded at the same moment, was stored first: that one stands.
        document.file.delete(save=False)
        return CreatedDocument(Document.objects.get(sha256=sha256), created=False)
    return CreatedDocument(document, created=True)


def upload_size_check(size: int) -> None:
    """Refuses a file over MAX_UPLOAD_SIZE; called before such a file is read, too."""
    if size > settings.MAX_UPLOAD_SIZE:
        raise UploadRejected(
            f"Het bestand is groter dan {filesizeformat(settings.MAX_UPLOAD_SIZE)}; "
            "splits het in delen en upload die."
        )


@dataclass
class StoredStructure:
    """What `document_store_structure` did: the rows in reading order, and the earlier rows
    whose text is gone. Those are marked superseded, not deleted: other rows may point at them."""

    passages: list[Passage]
    footnotes: list[Footnote]
    replaced_passages: list[Passage]
    replaced_footnotes: list[Footnote]


@transaction.atomic
def document_override(
    *, document: Document, by, kind: str, title: str, date, identifiers: dict[str, str]
) -> Document:
    """A clerk corrects the kind, title, date or identifiers; detection keeps off them.

    A value equal to what is shown already stays as it was (detected or set); an empty
    value hands the field back to detection. Takes effect fully on re-processing.
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.kind_set_by_user = bool(kind)
    if kind:
        document.kind = kind
    overrides = dict(document.overrides)
    current = {"title": document.title, "date": document.date.isoformat() if document.date else ""}
    wanted = {"title": title.strip(), "date": date.isoformat() if date else ""}
    for field, value in wanted.items():
        if not value:
            if overrides.pop(field, None):
                current[field] = ""  # back to detection, on re-processing
        elif value != current[field] or field in overrides:
            overrides[field] = current[field] = value
    document.title, document.date = current["title"], current["date"] or None
    fixed = dict(overrides.get("identifiers", {}))
    shown = dict(document.identifiers)
    for key, value in identifiers.items():
        value = value.strip()
        if not value:
            if fixed.pop(key, None):
                shown.pop(key, None)
        elif value != shown.get(key) or key in fixed:
            fixed[key] = shown[key] = value
    overrides["identifiers"] = fixed
    document.overrides, document.identifiers = overrides, shown
    document.save()
    logger.info("Document %s corrected by %s: %s", document.pk, by, overrides)
    return document


def structure_apply_overrides(*, structure: DocumentStructure, overrides: dict) -> None:
    """Puts what a clerk set (title, date, identifiers) over what detection found."""
    if overrides.get("title"):
        structure.title = overrides["title"]
    if overrides.get("date"):
        structure.date = overrides["date"]
    structure.identifiers.update(overrides.get("identifiers", {}))


@transaction.atomic
def document_store_structure(
    *, document: Document, structure: DocumentStructure
) -> StoredStructure:
    """Stores `structure` on the document, keeping every row whose text is unchanged.

    Re-processing a document must not lose the rows that point at its passages and
    footnotes (curated links above all), so rows are matched by their words and updated in
    place; new text gets new rows; rows whose text is gone are marked superseded and returned.
    """
    document.references.all().delete()
    old_passages = list(document.passages.order_by("superseded", "order"))
    old_footnotes = list(document.footnotes.order_by("superseded", "order"))
    top = max([p.order for p in structure.passages], default=0)
    _make_room(document.passages, above=top + len(old_passages))
    _make_room(document.footnotes, above=len(structure.footnotes) + len(old_footnotes))

    kept, replaced_passages = _match(
        old_passages,
        [comparable_text(p.text) for p in structure.passages],
        lambda passage: comparable_text(passage.text),
    )
    passages = []
    for index, item in enumerate(structure.passages):
        passage = kept.get(index) or Passage(document=document)
        passage.order, passage.heading, passage.text = item.order, item.heading, item.text
        passage.page, passage.role, passage.lemmas = item.page, item.role, item.lemmas
        passage.sentence_starts, passage.is_further_answer = item.sentence_starts, item.nader
        passage.paragraph_starts = item.paragraph_starts
        passage.answer_numbers, passage.refers_to_numbers = (
            item.answer_numbers,
            item.refers_to_numbers,
        )
        passage.answer_run, passage.superseded = item.answer_run, False
        passages.append(passage)
    last = max([p.order for p in passages], default=0)
    for offset, passage in enumerate(replaced_passages, start=1):
        # Out of reading order, and out of reach of search and of what reads answer numbers.
        passage.order, passage.superseded = last + offset, True
        passage.answer_numbers, passage.refers_to_numbers = [], []
    _save_rows(
        Passage,
        [p for p in passages if p.pk] + replaced_passages,
        [p for p in passages if not p.pk],
        ["order", "heading", "text", "page", "role", "lemmas", "answer_numbers"]
        + ["refers_to_numbers", "superseded", "sentence_starts", "paragraph_starts"]
        + ["is_further_answer", "answer_run"],
    )

    carriers: dict[str, Passage] = {}
    for passage, item in zip(passages, structure.passages, strict=True):
        for marker in item.footnote_markers:
            carriers.setdefault(marker, passage)
    kept_notes, replaced_footnotes = _match(
        old_footnotes,
        [f"{note.marker} {comparable_text(note.text)}" for note in structure.footnotes],
        lambda footnote: f"{footnote.marker} {comparable_text(footnote.text)}",
    )
    footnotes = []
    for order, note in enumerate(structure.footnotes):
        footnote = kept_notes.get(order) or Footnote(document=document)
        footnote.order, footnote.marker, footnote.text = order, note.marker, note.text
        footnote.urls, footnote.page = note.urls, note.page
        footnote.passage = carriers.get(note.marker)
        footnote.superseded = False
        footnotes.append(footnote)
    for offset, footnote in enumerate(replaced_footnotes, start=len(footnotes)):
        footnote.order, footnote.superseded = offset, True
        footnote.passage = None
    _save_rows(
        Footnote,
        [f for f in footnotes if f.pk] + replaced_footnotes,
        [f for f in footnotes if not f.pk],
        ["order", "marker", "text", "urls", "page", "passage", "superseded"],
    )

    _store_references(document, passages, footnotes, structure)
    document.kind = document.kind if document.kind_set_by_user else structure.kind
    # What the document calls itself and says it is about; the file name last.
    document.title = (
        document_title(structure, set_by_clerk=bool(document.overrides.get("title")))
        or document.title
        or document.filename
    )
    document.identifiers = {**document.identifiers, **structure.identifiers}
    document.date = structure.date or document.date
    document.metadata = structure.metadata
    document.page_count = structure.page_count
    # Not the clerk's corrections (`overrides`, `kind_set_by_user`): one saved while this
    # ran must not be overwritten by the values this run started from.
    document.save(
        update_fields=[
            "kind",
            "title",
            "identifiers",
            "date",
            "metadata",
            "page_count",
            "updated_at",
        ]
    )
    return StoredStructure(passages, footnotes, replaced_passages, replaced_footnotes)


def _make_room(rows, *, above: int) -> None:
    """Moves the existing rows' order numbers above every number about to be assigned
    (at most `above`), so reordering never collides with the unique (document, order)."""
    rows.update(order=F("order") + above + 1)


def _match(
    old_rows: list[Row], new_keys: list[str], key: Callable[[Row], str]
) -> tuple[dict[int, Row], list[Row]]:
    """Pairs each new row with an unused old row of the same key; returns the leftovers."""
    pool: dict[str, deque] = defaultdict(deque)
    for row in old_rows:
        pool[key(row)].append(row)
    matched = {}
    for index, new_key in enumerate(new_keys):
        if pool.get(new_key):
            matched[index] = pool[new_key].popleft()
    return matched, [row for rows in pool.values() for row in rows]


def _save_rows(model, changed: list, created: list, fields: list[str]) -> None:
    if changed:
        model.objects.bulk_update(changed, fields)
    if created:
        # bulk_create sets the primary keys on PostgreSQL.
        model.objects.bulk_create(created)


def _store_references(
    document: Document, passages: list, footnotes: list, structure: DocumentStructure
) -> None:
    sources: list[tuple[Passage | None, Footnote | None, PassageItem | FootnoteItem]] = [
        (p, None, item) for p, item in zip(passages, structure.passages, strict=True)
    ]
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
    session when both are known), questions by their zaak number, a letter by its date
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
