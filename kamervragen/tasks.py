from celery import shared_task
from django.db import OperationalError

from kamervragen.services import document_ingest


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def ingest_document(document_id: int) -> None:
    """Retried only when the database is unreachable; a bad file ends as "failed"."""
    document_ingest(document_id=document_id)
