"""The Celery tasks of the ingestion recipe (`kamervragen.ingestion.recipe`): the extraction
on the "extraction" queue, the linking on the "linking" queue (CELERY_TASK_ROUTES)."""

from collections.abc import Callable

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.auth import get_user_model

from kamervragen.ingestion.recipe import (
    DATABASE_LOST,
    document_extract,
    document_link,
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
    """Reads, structures and stores; then the document waits on the linking queue."""
    _with_retries(
        self,
        document_id,
        lambda: document_extract(
            document_id=document_id, by=_user(requested_by_id), soft_limit=_soft_limit(self)
        ),
    )


@shared_task(
    bind=True,
    name="kamervragen.tasks.link_document",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
)
def link_document(self, document_id: int, requested_by_id: int | None = None) -> None:
    """Links a stored document and makes it done."""
    _with_retries(
        self,
        document_id,
        lambda: document_link(
            document_id=document_id, by=_user(requested_by_id), soft_limit=_soft_limit(self)
        ),
        linking=True,
    )


def _with_retries(task: Task, document_id: int, run: Callable, *, linking: bool = False) -> None:
    """Retried with backoff when the database connection is lost; a bad file ends "failed"."""
    try:
        run()
    except DATABASE_LOST as error:
        if task.request.retries >= (task.max_retries or 0):
            retries_exhausted(document_id)
            raise
        retry_pending(document_id, linking=linking)
        factor = settings.INGEST_RETRY_BACKOFF_SECONDS
        delay = get_exponential_backoff_interval(factor, task.request.retries, 600, True)
        raise task.retry(exc=error, countdown=delay) from error


def _user(user_id: int | None):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def _soft_limit(task: Task) -> int | None:
    """The soft time limit the task was sent with (`outbox_send`), if any."""
    limits = task.request.timelimit or (None, None)
    return int(limits[1]) if limits[1] else None
