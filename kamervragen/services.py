"""Writes for the questions domain: ingesting a document end to end, and curating links."""

import logging

from django.db import transaction
from django.utils import timezone

from documents.extraction.types import ExtractionError
from documents.models import Document
from documents.pipeline import structure_document
from documents.services import document_store_structure, references_resolve
from documents.structure import DocumentStructure
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.models import Link, LinkEvent, Question, QuestionSet

logger = logging.getLogger(__name__)

QUESTION_KINDS = {Document.Kind.QUESTIONS, Document.Kind.ANSWERS, Document.Kind.NOTICE}


def document_ingest(*, document_id: int) -> Document:
    """Structures a queued document, stores it whole or not at all, then links it.

    Safe to run twice: a document that is already done is left alone. A file that cannot
    be read ends as "failed" with a message for the clerk; nothing half-written remains.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.status == Document.Status.DONE:
            return document
        _set_stage(document, Document.Status.PROCESSING, "extract")
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        kind = document.kind if document.kind_set_by_user else None
        structure = structure_document(data, kind=kind)
        with transaction.atomic():
            document_store_structure(document=document, structure=structure)
            _store_questions(document=document, structure=structure)
            references_resolve(document=document)
            _set_stage(document, Document.Status.PROCESSING, "link")
        _link(document)
    except ExtractionError as error:
        _fail(document, str(error))
        return document
    except Exception:
        logger.exception("Ingesting document %s failed", document_id)
        _fail(document, "Onverwachte fout bij het verwerken; de beheerder is op de hoogte.")
        raise
    document.status, document.stage, document.error = Document.Status.DONE, "", ""
    document.processed_at = timezone.now()
    document.save(update_fields=["status", "stage", "error", "processed_at", "updated_at"])
    return document


def _set_stage(document: Document, status: str, stage: str) -> None:
    document.status, document.stage, document.error = status, stage, ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])


def _fail(document: Document, message: str) -> None:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, stage="", error=message, updated_at=timezone.now()
    )
    document.refresh_from_db()


def _store_questions(*, document: Document, structure: DocumentStructure) -> None:
    if document.kind not in QUESTION_KINDS:
        return
    question_set = _question_set_for(document, structure)
    document.question_set = question_set
    document.save(update_fields=["question_set"])
    for item in structure.questions:
        values = {"text": item.text, "document": document, "lemmas": item.lemmas}
        if document.kind == Document.Kind.QUESTIONS:
            question, _ = Question.objects.update_or_create(
                question_set=question_set, number=item.number, defaults=values
            )
        else:
            # The question document's wording wins; an answer document's reprint of a
            # question only fills a gap (it may word the question slightly differently).
            question, _ = Question.objects.get_or_create(
                question_set=question_set, number=item.number, defaults=values
            )
        for marker in item.footnote_markers:
            document.footnotes.filter(marker=marker, question__isnull=True).update(
                question=question
            )
    Question.objects.filter(question_set=question_set).update(search_vector=_question_vector())


def _question_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", config="dutch")


def _question_set_for(document: Document, structure: DocumentStructure) -> QuestionSet:
    """The set this document belongs to: by zaak number, else by the questions it repeats
    (answer documents often lack the zaak number), else a new one; either upload order."""
    import re
    from collections import Counter

    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    from documents.dutch import text_similarity

    zaak = structure.identifiers.get("zaak")
    defaults = {
        "title": structure.title,
        "submitted": structure.date if document.kind == Document.Kind.QUESTIONS else None,
        "submitters": structure.metadata.get("submitters", []),
        "addressed_to": structure.metadata.get("addressed_to", []),
    }
    question_set = QuestionSet.objects.filter(zaak_number=zaak).first() if zaak else None
    if question_set is None:
        compared = [item for item in structure.questions[:8] if len(item.text.split()) >= 8]
        votes: Counter = Counter()
        for item in compared:
            # The question's longest words, OR-ed, find reprints that differ in a word or two;
            # the similarity check below decides.
            words = sorted(set(re.findall(r"\w{4,}", item.text.lower())), key=len)[-10:]
            query = SearchQuery(" | ".join(words), search_type="raw", config="dutch")
            candidates = (
                Question.objects.filter(number=item.number, search_vector=query)
                .exclude(document=document)
                .annotate(rank=SearchRank(F("search_vector"), query))
                .order_by("-rank")
                .select_related("question_set")[:20]
            )
            for candidate in candidates:
                other_zaak = candidate.question_set.zaak_number
                if zaak and other_zaak and other_zaak != zaak:
                    continue
                if text_similarity(candidate.text, item.text) >= 0.8:
                    # A stock question ("Kunt u deze vragen … beantwoorden?") proves little
                    # on its own; a long, specific one does.
                    weight = 2 if len(item.text.split()) >= 15 else 1
                    votes[candidate.question_set_id] += weight
        best = votes.most_common(1)
        if best and best[0][1] >= 2:
            question_set = QuestionSet.objects.get(pk=best[0][0])
    if question_set is None:
        return QuestionSet.objects.create(zaak_number=zaak or None, **defaults)
    if zaak and not question_set.zaak_number:
        question_set.zaak_number = zaak
    for field, value in defaults.items():
        if value and (document.kind == Document.Kind.QUESTIONS or not getattr(question_set, field)):
            setattr(question_set, field, value)
    question_set.save()
    return question_set


def _link(document: Document) -> None:
    if document.kind == Document.Kind.QUESTIONS:
        links_suggest_for_questions(Question.objects.filter(document=document))
    elif document.kind != Document.Kind.NOTICE:
        links_suggest_for_document(document)


# curation -----------------------------------------------------------------------------------


@transaction.atomic
def link_set_status(*, link: Link, curator, status: str, note: str = "") -> Link:
    """A curator confirms, rejects or reopens a link; the change is recorded."""
    link = Link.objects.select_for_update().get(pk=link.pk)
    previous = link.status
    link.status = status
    if status == Link.Status.SUGGESTED:
        link.curated_by, link.curated_at = None, None
        action = LinkEvent.Action.REOPENED
    else:
        link.curated_by, link.curated_at = curator, timezone.now()
        action = {
            Link.Status.CONFIRMED: LinkEvent.Action.CONFIRMED,
            Link.Status.REJECTED: LinkEvent.Action.REJECTED,
        }[status]
    link.save()
    LinkEvent.objects.create(
        link=link, actor=curator, action=action, from_status=previous, to_status=status, note=note
    )
    return link


def link_confirm(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED)


def link_reject(*, link: Link, curator) -> Link:
    return link_set_status(link=link, curator=curator, status=Link.Status.REJECTED)


@transaction.atomic
def link_add(*, question: Question, passage, curator, note: str = "") -> Link:
    """A curator links a passage the machine missed (or confirms one it suggested)."""
    link, created = Link.objects.select_for_update().get_or_create(
        question=question,
        passage=passage,
        defaults={"method": Link.Method.MANUAL, "score": 1.0},
    )
    if not created:
        return link_set_status(link=link, curator=curator, status=Link.Status.CONFIRMED, note=note)
    link.status, link.curated_by, link.curated_at = Link.Status.CONFIRMED, curator, timezone.now()
    link.save()
    LinkEvent.objects.create(
        link=link,
        actor=curator,
        action=LinkEvent.Action.ADDED,
        to_status=link.status,
        note=note,
    )
    return link
