"""A clerk's request to process a finished or stuck document again, or to delete one that
failed before anything of it was stored.

Apart from the recipe, so that the web process, which only queues, does not import the
pipeline and the linking (spaCy, the word lists) to start."""

import logging

from django.db import transaction

from documents.models import Document
from kamervragen.ingestion.locks import document_ingestion_running

logger = logging.getLogger(__name__)


class NotFinished(Exception):
    """The document is still queued or being processed."""


class NotDiscardable(Exception):
    """The document did not fail, or holds what an earlier processing stored."""


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


@transaction.atomic
def document_discard(*, document: Document, by) -> str:
    """Deletes a document that failed before any of it was stored (an unreadable or wrong
    upload a clerk no longer wants listed), and its file once that is committed; returns
    its name. A document with passages or footnotes (what a processing stored, which
    curated links may point at) is never deleted here. The deletion is in the document's
    history (`pghistory`)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if (
        document.status != Document.Status.FAILED
        or document.passages.exists()
        or document.footnotes.exists()
    ):
        raise NotDiscardable
    pk, name, storage, shown = document.pk, document.file.name, document.file.storage, str(document)
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    logger.info("Failed document %s (%s) deleted by %s", pk, shown, by)
    return shown
