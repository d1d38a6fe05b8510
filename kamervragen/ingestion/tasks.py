"""The Celery task that runs the ingestion recipe (`kamervragen.ingestion.recipe`)."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError

from kamervragen.ingestion.recipe import document_ingest


# The name it had before the ingestion package: messages queued before a deploy still run.
@shared_task(
    name="kamervragen.tasks.ingest_document",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def ingest_document(document_id: int, requested_by_id: int | None = None) -> None:
    """Retried only when the database is unreachable; a bad file ends as "failed"."""
    by = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    document_ingest(document_id=document_id, by=by)
