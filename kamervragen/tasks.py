from celery import shared_task

from kamervragen.services import document_ingest


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=10)
def ingest_document(self, document_id: int) -> None:
    document_ingest(document_id=document_id)
