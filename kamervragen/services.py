"""Writes for the questions domain: ingesting a document end to end, and curating links."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from documents.extraction.types import ExtractionError
from documents.models import Document, Passage
from documents.pipeline import structure_document
from documents.services import (
    StoredStructure,
    document_store_structure,
    references_resolve,
    structure_apply_overrides,
)
from documents.structure import DocumentStructure
from documents.text_similarity import comparable_text, text_similarity
from kamervragen.linking import (
    link_event_record,
    links_suggest_for_document,
    links_suggest_for_questions,
)
from kamervragen.models import Link, LinkEvent, Question, QuestionFootnote, QuestionSet, SetDocument
from kamervragen.selectors import document_question_set

logger = logging.getLogger(__name__)

LINKING_LOCK = 0x4B564C4E  # "KVLN", an application-wide PostgreSQL advisory lock key
# "KVDI": with a document's id, the key of the advisory lock its ingestion holds throughout.
INGEST_LOCK = 0x4B564449
QUESTION_KINDS = {Document.Kind.QUESTIONS, Document.Kind.ANSWERS, Document.Kind.NOTICE}


def document_ingest(*, document_id: int, by=None) -> Document:
    """Structures a queued document, stores it whole or not at all, then links it.

    Safe to run twice: a document that is already done is left alone, and a document that
    another ingestion is working on right now too (it returns at once). A file that cannot
    be read ends as "failed" with a message for the clerk; nothing half-written remains.
    Processing a document again keeps every link a curator decided on (see
    `_carry_curation`); `by` is who asked for it, recorded on links that had to move.
    """
    with _ingest_lock(document_id) as acquired:
        if not acquired:
            logger.info("Document %s is being ingested by another worker; left alone", document_id)
            return Document.objects.get(pk=document_id)
        return _ingest(document_id, by)


@contextmanager
def _ingest_lock(document_id: int) -> Iterator[bool]:
    """Yields whether this process may ingest the document: no other ingestion holds it.

    A session-level advisory lock rather than the row lock, because an ingestion spans
    several transactions. PostgreSQL drops it with the connection, so a crashed worker
    leaves nothing behind for a retry to wait on.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(%s::integer, %s::integer)", [INGEST_LOCK, document_id]
        )
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s::integer, %s::integer)",
                        [INGEST_LOCK, document_id],
                    )
            except DatabaseError:
                # The connection is gone, and the lock with it.
                logger.warning("Could not release the ingest lock of document %s", document_id)


def document_ingestion_running(*, document_id: int) -> bool:
    """Whether some process is ingesting the document right now."""
    with _ingest_lock(document_id) as acquired:
        return not acquired


def _ingest(document_id: int, by) -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.status == Document.Status.DONE:
            return document
        _set_stage(document, Document.Status.PROCESSING, "read")
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        _set_stage(document, Document.Status.PROCESSING, "structure")
        kind = document.kind if document.kind_set_by_user else None
        structure = structure_document(data, kind=kind)
        structure_apply_overrides(structure=structure, overrides=document.overrides)
        _set_stage(document, Document.Status.PROCESSING, "store")
        with transaction.atomic():
            stored = document_store_structure(document=document, structure=structure)
            _store_questions(document=document, structure=structure)
            _carry_curation(stored, by=by)
            references_resolve(document=document)
            _set_stage(document, Document.Status.PROCESSING, "link")
        with transaction.atomic():
            _take_linking_lock()
            _link(document)
            document.status, document.stage, document.error = Document.Status.DONE, "", ""
            document.processed_at = timezone.now()
            document.save(update_fields=["status", "stage", "error", "processed_at", "updated_at"])
    except ExtractionError as error:
        _fail(document, str(error))
        return document
    except Exception:
        logger.exception("Ingesting document %s failed", document_id)
        _fail(document, "Onverwachte fout bij het verwerken; de beheerder is op de hoogte.")
        raise
    return document


def _take_linking_lock() -> None:
    """One document links at a time, until its transaction ends.

    Linking reads the documents that are done; a document becomes done in the same
    transaction as its links. Two documents finishing together therefore never both link
    before the other is visible: the second waits, then sees the first.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINKING_LOCK])


class NotFinished(Exception):
    """The document is still queued or being processed."""


@transaction.atomic
def document_reprocess(*, document: Document, by) -> Document:
    """Queues a finished (done or failed) or stuck document to be ingested again.

    Stuck: queued or processing, unchanged for DOCUMENT_STUCK_AFTER_MINUTES, and no
    ingestion of it running (its worker crashed, or its task was lost). The caller
    enqueues the ingest task; curated links survive it (see `document_ingest`).
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_finished and (
        not document.is_stuck or document_ingestion_running(document_id=document.pk)
    ):
        raise NotFinished
    document.status, document.stage, document.error = Document.Status.QUEUED, "", ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])
    logger.info("Document %s queued again by %s", document.pk, by)
    return document


def _set_stage(document: Document, status: str, stage: str) -> None:
    document.status, document.stage, document.error = status, stage, ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])


def _fail(document: Document, message: str) -> None:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, stage="", error=message, updated_at=timezone.now()
    )
    document.refresh_from_db()


# A replaced passage's curated links move to the new passage that resembles it most, if
# any resembles it at least this much; otherwise the old passage stays (superseded).
CARRY_OVER_SIMILARITY = 0.6


def _carry_curation(stored: StoredStructure, *, by) -> None:
    """Moves curated links off rows that re-processing replaced; deletes what nobody curated.

    A link moves to the most similar new passage (or footnote) unless that target already
    has a curated link to the same question; the move is recorded in the link's history.
    A link with nowhere to go keeps its old, superseded row, and its history says so.
    """
    for old, new_rows in [
        *((p, stored.passages) for p in stored.replaced_passages),
        *((f, stored.footnotes) for f in stored.replaced_footnotes),
    ]:
        field = "passage" if isinstance(old, Passage) else "footnote"
        curated = list(Link.objects.filter(**{field: old}).touched_by_curator())
        target = _most_similar(old, new_rows) if curated else None
        for link in curated:
            clash = Link.objects.filter(question_id=link.question_id, **{field: target})
            if target is None or clash.touched_by_curator().exists():
                if not link.events.filter(action=LinkEvent.Action.KEPT).exists():
                    _record(link, by, LinkEvent.Action.KEPT, "")
                continue
            clash.delete()  # a machine suggestion gives way to the curator's decision
            setattr(link, field, target)
            link.save(update_fields=[field, "updated_at"])
            where = gettext("pagina %(page)s") % {"page": target.page} if target.page else ""
            _record(link, by, LinkEvent.Action.MOVED, where)
        if not Link.objects.filter(**{field: old}).touched_by_curator().exists():
            old.delete()  # with the machine's links on it; they are suggested again


def _most_similar(old, candidates: list):
    def score(new) -> float:
        a, b = comparable_text(old.text), comparable_text(new.text)
        shorter, longer = sorted((a, b), key=len)
        if shorter and shorter in longer and len(shorter) * 3 >= len(longer):
            return 0.95  # split or merged paragraphs
        return text_similarity(old.text, new.text)

    scored = [(score(new), new) for new in candidates]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= CARRY_OVER_SIMILARITY else None


def _record(link: Link, by, action: str, note: str) -> None:
    link_event_record(
        link=link,
        actor=by,
        action=action,
        from_status=link.status,
        to_status=link.status,
        note=note,
    )


def _store_questions(*, document: Document, structure: DocumentStructure) -> None:
    # The footnotes were stored afresh; which question carries each is decided again below.
    QuestionFootnote.objects.filter(footnote__document=document).delete()
    if document.kind not in QUESTION_KINDS:
        return
    previous = document_question_set(document)
    previous_set_id = previous.pk if previous else None
    question_set = _question_set_for(document, structure)
    SetDocument.objects.update_or_create(document=document, defaults={"question_set": question_set})
    if previous_set_id and previous_set_id != question_set.pk:
        _move_questions(document, previous_set_id, question_set)
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
            question.footnotes.add(
                *document.footnotes.filter(marker=marker, questions__isnull=True, superseded=False)
            )
    Question.objects.filter(question_set=question_set).update(search_vector=_question_vector())


def _move_questions(document: Document, previous_set_id: int, question_set: QuestionSet) -> None:
    """Re-processing put the document in another set (a corrected zaak number): its questions
    follow with their links where the new set has no question of that number yet."""
    if document.kind == Document.Kind.QUESTIONS:
        taken = Question.objects.filter(question_set=question_set).values("number")
        Question.objects.filter(document=document, question_set_id=previous_set_id).exclude(
            number__in=taken
        ).update(question_set=question_set)
    QuestionSet.objects.filter(
        pk=previous_set_id, questions__isnull=True, documents__isnull=True
    ).delete()


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

    zaak = structure.identifiers.get("zaak")
    defaults = {
        "title": structure.title,
        "submitted": structure.date if document.kind == Document.Kind.QUESTIONS else None,
        "submitters": structure.metadata.get("submitters", []),
        "addressed_to": structure.metadata.get("addressed_to", []),
    }
    question_set = QuestionSet.objects.filter(zaak_number=zaak).first() if zaak else None
    previous = document_question_set(document)
    if question_set is None and previous and previous.zaak_number in (None, zaak):
        question_set = previous  # processed again: the set it is in, unless the zaak says otherwise
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
    link_event_record(
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
    link_event_record(
        link=link,
        actor=curator,
        action=LinkEvent.Action.ADDED,
        to_status=link.status,
        note=note,
    )
    return link
