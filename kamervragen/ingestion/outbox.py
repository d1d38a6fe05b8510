"""Sending ingestions to the broker without losing one, and picking up those that got lost.

- **Outbox**: queuing a document writes an `IngestionOutbox` row in the same transaction;
  the task is sent once that commits: the extraction, or the linking once the document is
  stored (the row is reused), each with time limits sized by the document (`limits`).
  With the broker unreachable the upload still succeeds (the clerk sees "In de
  wachtrij"), the row stays unsent, and `outbox_flush`
  (Celery beat, every minute) sends it when the broker is back. Sending twice is harmless:
  the ingestion of a document that is done or being ingested returns at once.
- **Stuck documents**: `documents_requeue_stuck` (beat) queues again a document queued or
  processing without progress for DOCUMENT_STUCK_AFTER_MINUTES (the heartbeat keeps a
  running one fresh) and no ingestion of it running; a session of a dead worker still
  holding its ingest lock is ended first. A document whose ingestion was cut off more than
  INGEST_MAX_REQUEUES times (by the stuck job or a redelivered task, `ingestion_interrupted`)
  fails instead: a file that kills its worker must not do so forever.
"""

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import KombuError

from documents.models import Document
from kamervragen.celery import app
from kamervragen.ingestion.limits import extraction_time_limits, linking_time_limits
from kamervragen.ingestion.locks import (
    document_ingestion_running,
    ingest_lock_holders_idle_since,
    sessions_terminate,
)
from kamervragen.models import IngestionOutbox

logger = logging.getLogger(__name__)

# A publish waits at most about a second for the broker: the clerk's request must not hang.
SEND_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
INGEST_TASK = "kamervragen.tasks.ingest_document"  # routed to the extraction queue
LINK_TASK = "kamervragen.tasks.link_document"  # routed to the linking queue
# Rows younger than this are left to the send after their commit.
FLUSH_GRACE = timedelta(seconds=30)
BROKER_ERRORS = (KombuError, OSError)
KEPT_FAILING = (
    "De verwerking is {count} keer afgebroken zonder resultaat (de verwerker stopte "
    "onverwacht). Het document is waarschijnlijk te groot of beschadigd."
)


def ingestion_enqueue(
    document: Document, *, requested_by=None, interrupted: bool = False
) -> IngestionOutbox:
    """Queues the document's ingestion: an outbox row in the caller's transaction, sent to
    the broker once it commits. `interrupted`: queued again because its worker died (the
    count of interruptions is kept; a person's request starts it afresh)."""
    fields: dict = {"queued_at": timezone.now(), "sent_at": None, "last_error": ""}
    if not interrupted:
        fields |= {"requested_by": requested_by, "interruptions": 0}
    row, _created = IngestionOutbox.objects.update_or_create(document=document, defaults=fields)
    transaction.on_commit(functools.partial(outbox_send, row.pk))
    return row


def linking_enqueue(document: Document) -> IngestionOutbox:
    """Queues the linking of a document its extraction has just stored (left queued at the
    "link" stage, `recipe`), in the caller's transaction: who asked and how often it was
    interrupted are kept."""
    return ingestion_enqueue(document, interrupted=True)


def ingestion_send_unsent(document: Document) -> bool:
    """Sends the document's ingestion now if it never reached the broker (the same file
    uploaded again, say, once the broker is back); True if it was sent now."""
    row = IngestionOutbox.objects.filter(document=document, sent_at__isnull=True).first()
    return row is not None and outbox_send(row.pk)


def outbox_send(row_id: int) -> bool:
    """Sends the row's task unless it was sent already; False when the broker cannot be
    reached (the row stays for `outbox_flush`). Never raises for a broker fault."""
    row = (
        IngestionOutbox.objects.filter(pk=row_id, sent_at__isnull=True)
        .select_related("document")
        .first()
    )
    if row is None:
        return True
    # The task the document is waiting for: its extraction, or its linking once stored.
    if row.document.is_waiting_for_linking:
        task, limits = LINK_TASK, linking_time_limits(row.document)
    else:
        task, limits = INGEST_TASK, extraction_time_limits(row.document)
    try:
        # By name: the task's module imports the recipe, which imports this one.
        app.send_task(
            task,
            (row.document_id, row.requested_by_id),
            soft_time_limit=limits.soft,
            time_limit=limits.hard,
            retry=True,
            retry_policy=SEND_RETRY_POLICY,
        )
    except BROKER_ERRORS as error:
        logger.warning(
            "Broker unreachable; document %s stays in the outbox: %s", row.document_id, error
        )
        IngestionOutbox.objects.filter(pk=row.pk).update(
            send_attempts=F("send_attempts") + 1, last_error=str(error)[:1000]
        )
        return False
    # Unless it was queued again meanwhile (then that send marks it).
    IngestionOutbox.objects.filter(pk=row.pk, queued_at=row.queued_at).update(
        sent_at=timezone.now(), send_attempts=F("send_attempts") + 1, last_error=""
    )
    return True


def outbox_flush() -> int:
    """Sends every queued ingestion that has not reached the broker; how many were sent."""
    unsent = IngestionOutbox.objects.filter(
        sent_at__isnull=True, queued_at__lt=timezone.now() - FLUSH_GRACE
    ).values_list("pk", flat=True)
    sent = 0
    for row_id in list(unsent):
        if not outbox_send(row_id):
            break  # the broker is still down; the next run tries again
        sent += 1
    return sent


def documents_requeue_stuck(stuck_after: timedelta | None = None) -> int:
    """Queues again the documents stuck in the queue or in processing (no progress for
    `stuck_after`, by default DOCUMENT_STUCK_AFTER_MINUTES); how many."""
    stuck_after = stuck_after or timedelta(minutes=settings.DOCUMENT_STUCK_AFTER_MINUTES)
    limit = timezone.now() - stuck_after
    stuck = Document.objects.filter(
        Q(status=Document.Status.QUEUED) | Q(status=Document.Status.PROCESSING),
        updated_at__lt=limit,
    ).exclude(  # never sent: outbox_flush's work
        pk__in=IngestionOutbox.objects.filter(sent_at__isnull=True).values("document_id")
    )
    requeued = 0
    for document in stuck:
        dead = ingest_lock_holders_idle_since(document.pk, limit)
        if dead:
            logger.warning("Ending sessions %s of a dead worker of document %s", dead, document.pk)
            sessions_terminate(dead)
        if document_ingestion_running(document_id=document.pk):
            continue  # alive after all, only slow
        requeued += _requeue(document.pk, limit)
    return requeued


@transaction.atomic
def _requeue(document_id: int, limit: datetime) -> int:
    document = Document.objects.select_for_update().get(pk=document_id)
    if document.is_finished or document.updated_at >= limit:
        return 0
    if document.status == Document.Status.PROCESSING and ingestion_interrupted(document):
        return 0
    # Queued and never taken (the broker lost it) is sent again, uncounted. Stored and
    # waiting for, or cut off in, its linking: only the linking again.
    stored = document.is_stored_for_linking
    document.status, document.error = Document.Status.QUEUED, ""
    document.stage = Document.LINK_STAGE if stored else ""
    document.save(update_fields=["status", "stage", "error", "updated_at"])
    ingestion_enqueue(document, interrupted=True)
    logger.warning("Document %s was stuck; queued again", document.pk)
    return 1


def ingestion_interrupted(document: Document) -> bool:
    """Counts an ingestion of the document cut off by its worker's death (a redelivered
    task finding it still processing, or the stuck job); True, and the document failed with
    a reason, after INGEST_MAX_REQUEUES of them. Called with the document's row locked."""
    row, _created = IngestionOutbox.objects.get_or_create(
        document=document, defaults={"sent_at": timezone.now()}
    )
    if row.interruptions >= settings.INGEST_MAX_REQUEUES:
        document.status, document.stage = Document.Status.FAILED, ""
        document.error = KEPT_FAILING.format(count=row.interruptions + 1)
        document.save(update_fields=["status", "stage", "error", "updated_at"])
        logger.error("Document %s failed: cut off %s times", document.pk, row.interruptions + 1)
        return True
    IngestionOutbox.objects.filter(pk=row.pk).update(interruptions=F("interruptions") + 1)
    return False
