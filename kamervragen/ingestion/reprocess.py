"""A clerk's request to process a finished or stuck document again.

Apart from the recipe, so that the web process, which only queues, does not import the
pipeline and the linking (spaCy, the word lists) to start."""

import logging

from django.db import transaction

from documents.models import Document
from kamervragen.ingestion.locks import document_ingestion_running

logger = logging.getLogger(__name__)


class NotFinished(Exception):
    """The document is still queued or being processed."""


@transaction.atomic
def document_reprocess(*, document: Document, by) -> Document:
    """Queues a finished (done or failed) or stuck document to be ingested again.

    Stuck: queued or processing, unchanged for DOCUMENT_STUCK_AFTER_MINUTES, and no
    ingestion of it running (its worker crashed, or its task was lost). A document stored
    and waiting for its linking is queued again from the start too (a correction saved
    meanwhile must be read). The caller enqueues the ingest task; curated links survive it
    (see `carry_curation`).
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    if (
        not document.is_finished
        and not document.is_waiting_for_linking
        and (not document.is_stuck or document_ingestion_running(document_id=document.pk))
    ):
        raise NotFinished
    document.status, document.stage, document.error = Document.Status.QUEUED, "", ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])
    logger.info("Document %s queued again by %s", document.pk, by)
    return document
