"""The Celery task that runs the ingestion recipe (`kamervragen.ingestion.recipe`)."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.auth import get_user_model

from kamervragen.ingestion.recipe import (
    DATABASE_LOST,
    document_ingest,
    retries_exhausted,
    retry_pending,
)


# The name it had before the ingestion package: messages queued before a deploy still run.
# acks_late and reject_on_worker_lost: a task whose worker dies is delivered again.
@shared_task(
    bind=True,
    name="kamervragen.tasks.ingest_document",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
)
def ingest_document(self, document_id: int, requested_by_id: int | None = None) -> None:
    """Retried with backoff when the database connection is lost; a bad file ends "failed"."""
    try:
        by = (
            get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
        )
        document_ingest(document_id=document_id, by=by)
    except DATABASE_LOST as error:
        if self.request.retries >= self.max_retries:
            retries_exhausted(document_id)
            raise
        retry_pending(document_id)
        factor = settings.INGEST_RETRY_BACKOFF_SECONDS
        delay = get_exponential_backoff_interval(factor, self.request.retries, 600, True)
        raise self.retry(exc=error, countdown=delay) from error
