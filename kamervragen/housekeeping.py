"""Periodic upkeep, sent by Celery beat on the schedule in kamervragen/celery.py."""

from celery import shared_task
from django.core.management import call_command

from kamervragen import statistics
from kamervragen.ingestion import outbox as ingestion_outbox


@shared_task(name="kamervragen.housekeeping.sessions_clear_expired")
def sessions_clear_expired() -> None:
    """Database sessions are never deleted when they expire; Django leaves it to this command."""
    call_command("clearsessions")


@shared_task(name="kamervragen.housekeeping.outbox_flush")
def outbox_flush() -> None:
    """Sends the ingestions that could not reach the broker when their document was queued."""
    ingestion_outbox.outbox_flush()


@shared_task(name="kamervragen.housekeeping.documents_requeue_stuck")
def documents_requeue_stuck() -> None:
    """Queues again documents whose ingestion was lost with its worker."""
    ingestion_outbox.documents_requeue_stuck()


@shared_task(name="kamervragen.housekeeping.answer_times_refresh")
def answer_times_refresh() -> None:
    """Brings the statistics' answer-time figures (a materialized view) up to date."""
    statistics.answer_times_refresh()
