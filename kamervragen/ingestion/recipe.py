"""Ingesting a document: read → structure → store → link, each stage shown on the page.

- **read**: the uploaded file's bytes;
- **structure**: `documents.pipeline` (no database), with the clerk's overrides applied;
- **store**, in one transaction, so a document is stored whole or not at all: its passages,
  footnotes and references (`documents.services`), its questions and question set
  (`question_sets`), the curated links carried over from an earlier run (`carry_curation`),
  and the references resolved to documents in the database;
- **link**, in one transaction under the linking lock, that also marks the document done
  (`kamervragen.linking`).

The stage runner (`_stage`) writes the stage the document is in, which the upload page
polls. A file that cannot be read ends as "failed" with a message for the clerk.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.extraction.types import ExtractionError
from documents.models import Document
from documents.pipeline import structure_document
from documents.services import (
    document_store_structure,
    references_resolve,
    structure_apply_overrides,
)
from documents.structure import DocumentStructure
from kamervragen.ingestion.carry_curation import curation_carry_over
from kamervragen.ingestion.locks import document_ingestion_running, ingest_lock, linking_lock_take
from kamervragen.ingestion.question_sets import questions_store, reply_letters_refresh
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.models import Question

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "Onverwachte fout bij het verwerken; de beheerder is op de hoogte."
TOO_SLOW = (
    "De verwerking duurde langer dan {minutes} minuten en is afgebroken. Het document is "
    "waarschijnlijk te groot: splits het in delen en upload die."
)


def document_ingest(*, document_id: int, by=None) -> Document:
    """Structures a queued document, stores it whole or not at all, then links it.

    Safe to run twice: a document that is already done is left alone, and a document that
    another ingestion is working on right now too (it returns at once). `by` is who asked
    for a re-processing, recorded on the curated links that had to move.
    """
    with ingest_lock(document_id) as acquired:
        if not acquired:
            logger.info("Document %s is being ingested by another worker; left alone", document_id)
            return Document.objects.get(pk=document_id)
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document_id)
            if document.status == Document.Status.DONE:
                return document
            _stage_write(document, "read")
        try:
            while _run_stages(document, by) == CORRECTED_MEANWHILE:
                logger.info("Document %s corrected while processed; processing again", document_id)
                document.refresh_from_db()
        except ExtractionError as error:
            _fail(document, str(error))
        except SoftTimeLimitExceeded:
            # Not retried: the same document would run out of time again.
            logger.warning("Ingesting document %s ran out of time", document_id)
            minutes = max(1, settings.CELERY_TASK_SOFT_TIME_LIMIT // 60)
            _fail(document, TOO_SLOW.format(minutes=minutes))
        except Exception:
            logger.exception("Ingesting document %s failed", document_id)
            _fail(document, UNEXPECTED_ERROR)
            raise
        return document


CORRECTED_MEANWHILE = "corrected"


def _corrections(document: Document) -> tuple:
    """What a clerk set that the structure depends on (`_structure`)."""
    return (document.overrides, document.kind if document.kind_set_by_user else None)


def _run_stages(document: Document, by) -> str | None:
    """Runs the stages; CORRECTED_MEANWHILE, without finishing, when a clerk saved a
    correction while they ran: the later correction wins, so the caller runs them again."""
    applied = _corrections(document)
    with _stage(document, "read"), document.file.open("rb") as handle:
        data = handle.read()
    with _stage(document, "structure"):
        structure = _structure(document, data)
    with _stage(document, "store"), transaction.atomic():
        stored = document_store_structure(document=document, structure=structure)
        questions_store(document=document, structure=structure)
        curation_carry_over(stored, by=by)
        references_resolve(document=document)
    with _stage(document, "link"), transaction.atomic():
        linking_lock_take()
        _link(document)
        reply_letters_refresh(document)
        # Locked: a correction saved from here on finds the document done and queues it.
        if _corrections(Document.objects.select_for_update().get(pk=document.pk)) != applied:
            return CORRECTED_MEANWHILE
        _done(document)
    return None


def _structure(document: Document, data: bytes) -> DocumentStructure:
    kind = document.kind if document.kind_set_by_user else None
    structure = structure_document(data, kind=kind)
    structure_apply_overrides(structure=structure, overrides=document.overrides)
    return structure


def _link(document: Document) -> None:
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


def _done(document: Document) -> None:
    document.status, document.stage, document.error = Document.Status.DONE, "", ""
    document.processed_at = timezone.now()
    document.save(update_fields=["status", "stage", "error", "processed_at", "updated_at"])


def _fail(document: Document, message: str) -> None:
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, stage="", error=message, updated_at=timezone.now()
    )
    document.refresh_from_db()


class NotFinished(Exception):
    """The document is still queued or being processed."""


@transaction.atomic
def document_reprocess(*, document: Document, by) -> Document:
    """Queues a finished (done or failed) or stuck document to be ingested again.

    Stuck: queued or processing, unchanged for DOCUMENT_STUCK_AFTER_MINUTES, and no
    ingestion of it running (its worker crashed, or its task was lost). The caller
    enqueues the ingest task; curated links survive it (see `carry_curation`).
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
