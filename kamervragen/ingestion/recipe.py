"""Ingesting a document: read → structure → store → link, each stage shown on the page.

Two tasks on two queues (`kamervragen.ingestion.tasks`): the extraction (read, structure,
store: `document_extract`) on "extraction", the linking (`document_link`) on "linking". The
store transaction leaves the document queued at the "link" stage and hands it to the
linking queue through the outbox; `document_ingest` runs both in one process (the `ingest
--sync` command, the tests). Each task has a time limit sized by the document
(`kamervragen.ingestion.limits`); one that runs out fails the document with a reason.

- **read**: the uploaded file's bytes;
- **structure**: `documents.pipeline` (no database), with the clerk's overrides applied;
- **store**, in one transaction, so a document is stored whole or not at all: its passages,
  footnotes and references (`documents.services`), its questions and question set
  (`question_sets`), the curated links carried over from an earlier run (`carry_curation`),
  and the references resolved to documents in the database;
- **link**, in one transaction that also marks the document done (`kamervragen.linking`).
  Linking reads the documents that are done, so two documents linking at the same time may
  each miss the other. No lock is held across linking (a large document would hold up every
  other); instead each document notes when its linking started (`linking_started`), and
  documents become done one at a time (`linking_finish_lock_take`, a moment). One that
  finds others became done while it linked has them (or, when they are larger, itself)
  linked again, now that both are visible.

While a document is processed a heartbeat thread keeps its `updated_at` fresh, so a long
stage is not mistaken for a stuck one.

The stage runner (`_stage`) writes the stage the document is in, which the upload page
polls. A file that cannot be read ends as "failed" with a message for the clerk.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Count
from django.utils import timezone

from documents.extraction.types import ExtractionError
from documents.models import Document, Passage
from documents.pipeline import structure_document
from documents.services import (
    document_store_structure,
    references_resolve,
    structure_apply_overrides,
)
from documents.structure import DocumentStructure
from kamervragen.ingestion.carry_curation import curation_carry_over
from kamervragen.ingestion.locks import (
    document_change_lock_take,
    ingest_lock,
    linking_finish_lock_take,
    linking_started,
)
from kamervragen.ingestion.outbox import (
    ingestion_enqueue,
    ingestion_interrupted,
    linking_enqueue,
)
from kamervragen.ingestion.question_sets import (
    answer_runs_refresh,
    questions_store,
    reply_letters_refresh,
)
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.linking.stages import stage
from kamervragen.models import Question
from kamervragen.observability import errors_reach_someone

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "Onverwachte fout bij het verwerken; de beheerder is op de hoogte."
# When no one receives error reports (no ADMINS, no Sentry), nobody is told anything.
UNEXPECTED_ERROR_UNREPORTED = (
    "Onverwachte fout bij het verwerken. Meld het de beheerder, met de naam van het bestand."
)
# The connection cut or the server gone (a deadlock too): worth retrying the whole task.
DATABASE_LOST = (OperationalError, InterfaceError)
# A link transaction that collides with another document's (both making the same link, or
# locking the same question sets in another order: PostgreSQL then aborts one of the two as
# a deadlock) is run again: the other has committed by then.
LINK_ATTEMPTS = 3
DEADLOCK_DETECTED = "40P01"
# The cap (CELERY_TASK_SOFT_TIME_LIMIT) was reached: no retry will do better.
TOO_SLOW = (
    "{what} duurde langer dan {minutes} minuten, de grens voor één document, en is "
    "afgebroken. Het document is te groot om in één keer te verwerken: splits het in delen "
    "en upload die."
)
# A limit sized by the document was reached: a busy server may have been the cause.
TOO_SLOW_FOR_ITS_SIZE = (
    "{what} duurde langer dan de {minutes} minuten die voor een document van deze omvang "
    "gelden, en is afgebroken. Waarschijnlijk had de server het erg druk: probeer het later "
    "opnieuw. Lukt het dan weer niet, splits het document in delen."
)
WHAT = {"extraction": "Het lezen van het document", "link": "Het koppelen van het document"}


def document_ingest(*, document_id: int, by=None) -> Document:
    """Extracts the document, then links it in this same process (no linking task)."""
    while True:
        document = document_extract(document_id=document_id, by=by, hand_off=False)
        if not document.is_waiting_for_linking:
            return document
        document = document_link(document_id=document_id, by=by, hand_off=False)
        if not (document.status == Document.Status.QUEUED and document.stage == ""):
            return document
        logger.info("Document %s corrected while linked; again", document_id)


def document_extract(
    *, document_id: int, by=None, hand_off: bool = True, soft_limit: int | None = None
) -> Document:
    """Reads, structures and stores a queued document, whole or not at all, leaving it
    waiting for its linking (and, with `hand_off`, queued for it on the linking queue).

    Safe to run twice: a document that is already done or stored is left alone, and a
    document that another ingestion is working on right now too (it returns at once). `by`
    is who asked for a re-processing, recorded on the curated links that had to move.
    `soft_limit`: the task's soft time limit in seconds, for the message when it runs out.
    """
    with ingest_lock(document_id) as acquired:
        if not acquired:
            logger.info("Document %s is being ingested by another worker; left alone", document_id)
            return Document.objects.get(pk=document_id)
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document_id)
            if document.status == Document.Status.DONE or document.is_waiting_for_linking:
                return document
            # Still processing: the worker of an earlier attempt died (its task redelivered).
            if document.status == Document.Status.PROCESSING and ingestion_interrupted(document):
                return document
            _stage_write(document, "read")
        try:
            with _heartbeat(document_id):
                while _extract_stages(document, by, hand_off) == CORRECTED_MEANWHILE:
                    logger.info("Document %s corrected while processed; again", document_id)
                    document.refresh_from_db()
        except DATABASE_LOST:
            raise  # not failed: the task retries it (`retry_pending`)
        except ExtractionError as error:
            _fail(document, str(error), retry_helps=False)  # the file itself is the problem
        except SoftTimeLimitExceeded:
            _fail_too_slow(document, "extraction", soft_limit)
        except Exception:
            logger.exception("Ingesting document %s failed", document_id)
            _fail(document, unexpected_error_message())
            raise
        return document


def document_link(
    *, document_id: int, by=None, hand_off: bool = True, soft_limit: int | None = None
) -> Document:
    """Links a document the extraction stored and makes it done.

    Safe to run twice: a document not waiting for its linking is left alone. A clerk's
    correction saved meanwhile queues it again from the start (on the extraction queue with
    `hand_off`; otherwise it is left queued for the caller, `document_ingest`).
    """
    with ingest_lock(document_id) as acquired:
        if not acquired:
            logger.info("Document %s is being ingested by another worker; left alone", document_id)
            return Document.objects.get(pk=document_id)
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document_id)
            linking = document.status == Document.Status.PROCESSING
            if not document.is_stored_for_linking or document.status not in {
                Document.Status.QUEUED,
                Document.Status.PROCESSING,
            }:
                return document
            # Being linked: the worker of an earlier attempt died (its task redelivered).
            if linking and ingestion_interrupted(document):
                return document
            # What the stored structure was made with: a correction saved before this
            # moment queued the document again (`document_reprocess`), one saved after it
            # is found when the linking finishes.
            applied = _corrections(document)
            _stage_write(document, Document.LINK_STAGE)
        try:
            with _heartbeat(document_id):
                missed = _link_and_finish(document, applied)
                if isinstance(missed, str):  # CORRECTED_MEANWHILE
                    _extract_again(document, by=by, hand_off=hand_off)
                else:
                    _relink_missed(document, missed)
        except DATABASE_LOST:
            raise  # not failed: the task retries it (`retry_pending`)
        except SoftTimeLimitExceeded:
            _fail_too_slow(document, "link", soft_limit)
        except Exception:
            logger.exception("Linking document %s failed", document_id)
            _fail(document, unexpected_error_message())
            raise
        return document


def _fail_too_slow(document: Document, stage: str, soft_limit: int | None) -> None:
    """Ran out of time: nothing of the stage is kept (its transaction rolled back). A retry
    is offered only when the limit was sized by the document, below the cap."""
    cap = settings.CELERY_TASK_SOFT_TIME_LIMIT
    soft_limit = soft_limit or cap
    capped = soft_limit >= cap
    logger.warning(
        "Document %s ran out of time in %s (soft limit %s s)", document.pk, stage, soft_limit
    )
    template = TOO_SLOW if capped else TOO_SLOW_FOR_ITS_SIZE
    message = template.format(what=WHAT[stage], minutes=max(1, soft_limit // 60))
    _fail(document, message, retry_helps=not capped)


def unexpected_error_message() -> str:
    """Says the administrator knows only when an error report reaches someone."""
    return UNEXPECTED_ERROR if errors_reach_someone() else UNEXPECTED_ERROR_UNREPORTED


CORRECTED_MEANWHILE = "corrected"


def _corrections(document: Document) -> tuple:
    """What a clerk set that the structure depends on (`_structure`)."""
    return (document.overrides, document.kind if document.kind_set_by_user else None)


def _extract_stages(document: Document, by, hand_off: bool) -> str | None:
    """Runs read, structure and store; CORRECTED_MEANWHILE, storing nothing, when a clerk
    saved a correction while they ran: the later correction wins, so the caller runs them
    again."""
    applied = _corrections(document)
    with _stage(document, "read"), document.file.open("rb") as handle:
        data = handle.read()
    with _stage(document, "structure"):
        structure = _structure(document, data)
    with _stage(document, "store"):
        return _store(document, structure, by=by, applied=applied, hand_off=hand_off)


@transaction.atomic
def _store(
    document: Document, structure: DocumentStructure, *, by, applied: tuple, hand_off: bool
) -> str | None:
    """Stores the structure whole, leaving the document waiting for its linking; or
    CORRECTED_MEANWHILE, leaving it processing, when its corrections changed meanwhile (the
    caller stores it again: the same rows, replaced)."""
    # Locked throughout: a correction saved from here on finds the document waiting for
    # its linking, and queues it again (`document_reprocess`).
    Document.objects.select_for_update().get(pk=document.pk)
    # A curation on its rows ends first, and is carried over; one made later waits, and finds
    # what was replaced gone (`curation.CurationGone`).
    document_change_lock_take(document.pk)
    stored = document_store_structure(document=document, structure=structure)
    questions_store(document=document, structure=structure)
    curation_carry_over(stored, by=by)
    references_resolve(document=document)
    if _corrections(Document.objects.get(pk=document.pk)) != applied:
        return CORRECTED_MEANWHILE
    document.status, document.stage, document.error = (
        Document.Status.QUEUED,
        Document.LINK_STAGE,
        "",
    )
    document.save(update_fields=["status", "stage", "error", "updated_at"])
    if hand_off:
        linking_enqueue(document)  # sent once this commits
    return None


def _extract_again(document: Document, *, by, hand_off: bool) -> None:
    """A correction came in while the document was linked: it is processed again."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        document.status, document.stage, document.error = Document.Status.QUEUED, "", ""
        document.save(update_fields=["status", "stage", "error", "updated_at"])
        if hand_off:
            ingestion_enqueue(document, requested_by=by)


def _link_and_finish(document: Document, applied: tuple) -> list[Document] | str:
    """Links the document and makes it done; returns the documents that became done while
    it linked (each may have missed the other), or CORRECTED_MEANWHILE, not done, when a
    clerk's correction came in meanwhile."""
    started = linking_started()
    for attempt in range(1, LINK_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _link(document)
                reply_letters_refresh(document)
                answer_runs_refresh(document)
                # Locked: a correction saved from here on finds the document done and queues it.
                current = Document.objects.select_for_update().get(pk=document.pk)
                if _corrections(current) != applied:
                    return CORRECTED_MEANWHILE
                _done(document, at=linking_finish_lock_take())
                return list(
                    Document.objects.filter(
                        status=Document.Status.DONE, processed_at__gte=started
                    ).exclude(pk=document.pk)
                )
        except (IntegrityError, OperationalError) as error:
            if attempt == LINK_ATTEMPTS or not _collided(error):
                raise
            logger.info("Linking document %s collided with another; linked again", document.pk)
    raise AssertionError("unreachable")


def _collided(error: Exception) -> bool:
    """A unique link made by both, or a deadlock between the two: not a lost database."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def _relink_missed(document: Document, missed: list[Document]) -> None:
    """Links again the documents that finished while this one linked, now that this one is
    done too; or this one again instead when that is less work (fewer passages): at most
    one more linking of either side, and a small document never waits on a large one."""
    if not missed:
        return
    size = {
        row["document"]: row["passages"]
        for row in Passage.objects.filter(document__in=[document, *missed])
        .values("document")
        .annotate(passages=Count("pk"))
    }
    others = sum(size.get(d.pk, 0) for d in missed)
    again = missed if others <= size.get(document.pk, 0) else [document]
    for other in again:
        try:
            document_relink(other)
        except SoftTimeLimitExceeded:
            logger.error("Out of time linking again after document %s", document.pk)
            return  # the document itself is done; only links between the two may be missing
        except Exception:
            logger.exception("Linking document %s again after %s failed", other.pk, document.pk)


def document_relink(document: Document) -> bool:
    """Links a done document again (its rows unchanged); False when an ingestion of it is
    running (that one will link it) or it is no longer done."""
    with ingest_lock(document.pk) as acquired:
        if not acquired:
            return False
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document.pk)
            if document.status != Document.Status.DONE:
                return False
            _link(document)
            answer_runs_refresh(document)
    return True


def _structure(document: Document, data: bytes) -> DocumentStructure:
    kind = document.kind if document.kind_set_by_user else None
    structure = structure_document(data, kind=kind)
    structure_apply_overrides(structure=structure, overrides=document.overrides)
    return structure


def _link(document: Document) -> None:
    with stage("linking"):  # the whole, for `benchmark-linking`; its parts time themselves
        if document.kind == Document.Kind.QUESTIONS:
            links_suggest_for_questions(Question.objects.filter(document=document))
        elif document.kind != Document.Kind.NOTICE:
            links_suggest_for_document(document)


@contextmanager
def _stage(document: Document, name: str) -> Iterator[None]:
    """Shows the stage on the document's page while it runs."""
    if document.stage != name:
        _stage_write(document, name)
    yield


def _stage_write(document: Document, name: str) -> None:
    document.status, document.stage, document.error = Document.Status.PROCESSING, name, ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])


def _done(document: Document, at: datetime | None = None) -> None:
    document.status, document.stage, document.error = Document.Status.DONE, "", ""
    document.processed_at = at or timezone.now()
    document.save(update_fields=["status", "stage", "error", "processed_at", "updated_at"])


def _fail(document: Document, message: str, *, retry_helps: bool = True) -> None:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED,
        stage="",
        error=message,
        retry_helps=retry_helps,
        updated_at=timezone.now(),
    )
    document.refresh_from_db()


@contextmanager
def _heartbeat(document_id: int) -> Iterator[None]:
    """Refreshes the document's `updated_at` every DOCUMENT_HEARTBEAT_SECONDS while the
    block runs, from a thread with its own database connection (the stages' transactions
    would hide it until they commit)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.DOCUMENT_HEARTBEAT_SECONDS):
                heartbeat_write(document_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{document_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def heartbeat_write(document_id: int) -> None:
    """Marks a processing document as still making progress; skipped while a stage's
    transaction holds its row (it will write the row itself)."""
    try:
        with transaction.atomic():
            alive = Document.objects.filter(
                pk=document_id, status=Document.Status.PROCESSING
            ).select_for_update(skip_locked=True)
            Document.objects.filter(pk__in=list(alive.values_list("pk", flat=True))).update(
                updated_at=timezone.now()
            )
    except DatabaseError as error:
        logger.warning("Heartbeat of document %s not written: %s", document_id, error)


DATABASE_UNREACHABLE = (
    "De database was tijdens het verwerken herhaaldelijk niet bereikbaar. Probeer het later "
    "opnieuw."
)


def retry_pending(document_id: int, *, linking: bool = False) -> None:
    """The task lost its database connection and will be retried: the document waits in
    the queue, marked as such (when the database can be reached to say so). `linking`:
    the linking task is retried (its document stays stored, waiting for it)."""
    connection.close()  # the broken one; the next query opens a fresh connection
    unfinished = Document.objects.filter(
        pk=document_id, status__in=[Document.Status.QUEUED, Document.Status.PROCESSING]
    )
    stored = [Document.LINK_STAGE, Document.LINK_RETRY_STAGE]
    if linking:
        unfinished = unfinished.filter(stage__in=stored)
    else:  # an extraction that stored the document before it lost the connection
        unfinished = unfinished.exclude(status=Document.Status.QUEUED, stage__in=stored)
    try:
        unfinished.update(
            status=Document.Status.QUEUED,
            stage=Document.LINK_RETRY_STAGE if linking else Document.RETRY_STAGE,
            error="",
            updated_at=timezone.now(),
        )
    except DatabaseError as error:
        logger.warning("Document %s not marked for a retry: %s", document_id, error)


def retries_exhausted(document_id: int) -> None:
    """The database stayed unreachable through every retry: the document fails, and a
    clerk may retry it by hand."""
    connection.close()
    Document.objects.filter(pk=document_id).exclude(status=Document.Status.DONE).update(
        status=Document.Status.FAILED,
        stage="",
        error=DATABASE_UNREACHABLE,
        updated_at=timezone.now(),
    )
